//! What the workbench's tests share for `/api/batch`: the facts workbook
//! `jixiao template` lays out, filled with the 罗湖 seed's facts.
#![allow(dead_code)] // Each test file uses part of this.

use super::batch_support::{compiled, seed_facts, Filled};
use std::path::Path;

/// The 填报 headings of the template `jixiao template` writes for a seed
/// ruleset, read back from its workbook.
pub fn template_headings(ruleset: &str) -> Vec<String> {
    use calamine::{Data, Reader, Xlsx};
    let template = jixiao::batch::template::workbook(&compiled(ruleset)).expect("a template");
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(template)).expect("an xlsx workbook");
    let range = workbook.worksheet_range("填报").expect("a 填报 sheet");
    let headings = range.rows().next().expect("a header row");
    headings.iter().map(Data::to_string).collect()
}

/// The name of the 罗湖 project in [`luohu_workbook`], whose total is 99.80.
pub const GOOD: &str = "罗湖安全生产专项";
/// The name of the project in [`luohu_workbook`] with a bad cell.
pub const BAD: &str = "有误的项目";

/// Writes a 填报 workbook to `path` with two rows: the 罗湖 seed's facts
/// ([`GOOD`]), and the same with 实际到位资金 not a number ([`BAD`]).
pub fn luohu_workbook(path: &Path) {
    let mut filled = Filled::new(&template_headings("luohu-2024"));
    filled.row(GOOD, &seed_facts("luohu-2024"));
    let mut bad = seed_facts("luohu-2024");
    bad.insert("实际到位资金".into(), "不是数".into());
    filled.row(BAD, &bad);
    filled.save(path);
}
