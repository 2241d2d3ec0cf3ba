//! Headers, row numbers and cells as spreadsheets make them: a header of
//! two rows (group titles merged over the fact names, 项目名称 merged down
//! over both) is read as one; a CSV saved with CRLF line ends (as Excel
//! saves it) numbers its rows as the spreadsheet shows them; amounts with
//! thousands separators, full-width digits and 2024.12.31 dates are read.
//!
//! Expected totals, as in `tests/batch_inputs.rs`: the 罗湖 project 99.80
//! (tests/seeds.rs), the made-up 甲 whose only change is 实际支出资金
//! 56.21 万元: 56.21 / 62.46 = 89.993…%, 10.006… points short, counted as
//! 11 → 预算执行率 4 − 1.1 = 2.90, total 99.80 − 3.80 + 2.90 = 98.90.
//! The 盐田 project 95.70 (tests/seeds.rs: 20 + 17.35 + 33.35 + 25).

mod batch_support;

use batch_support::score_to_csv;
use jixiao::batch::Summary;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// The shipped example's header and rows.
fn example() -> (Vec<String>, Vec<Vec<String>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/batch-luohu-2024.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headings = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect();
    (headings, rows)
}

/// Scores `input` on the 罗湖 ruleset into the CSV `output`.
fn run(input: &Path, output: &Path) -> Summary {
    score_to_csv("luohu-2024", input, output)
}

/// The 行号 and 总分 of each project of a CSV result.
fn numbers_and_totals(output: &Path) -> Vec<(String, String)> {
    batch_support::result_columns(output, "行号", "总分")
}

/// A workbook whose header is two rows: 项目名称, 单位 and 项目编码 merged
/// down over both, 基本情况 merged over the next three fact names and 绩效
/// over the rest; the projects follow from row 3.
fn two_row_workbook(path: &Path, headings: &[String], rows: &[Vec<String>]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("填报").unwrap();
    let plain = Format::new();
    for column in 0..3u16 {
        let heading = &headings[usize::from(column)];
        sheet
            .merge_range(0, column, 1, column, heading, &plain)
            .unwrap();
    }
    let last = (headings.len() - 1) as u16;
    sheet.merge_range(0, 3, 0, 5, "基本情况", &plain).unwrap();
    sheet.merge_range(0, 6, 0, last, "绩效", &plain).unwrap();
    for (column, heading) in (3u16..).zip(&headings[3..]) {
        sheet.write_string(1, column, heading).unwrap();
    }
    for (row, cells) in (2u32..).zip(rows) {
        for (column, text) in (0u16..).zip(cells) {
            if !text.is_empty() {
                sheet.write_string(row, column, text).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn a_header_of_two_rows_with_merged_titles_is_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let (headings, rows) = example();
    let input = dir.path().join("两行表头.xlsx");
    two_row_workbook(&input, &headings, &rows);
    let output = dir.path().join("结果.csv");
    let summary = run(&input, &output);
    assert_eq!((summary.projects, summary.complete), (4, 4));
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    let results = numbers_and_totals(&output);
    // The projects are on rows 3 and 4 of the sheet, under the two header rows.
    assert_eq!(results[0], ("3".to_string(), "99.80".to_string()));
    assert_eq!(results[1], ("4".to_string(), "98.90".to_string()));
}

#[test]
fn a_row_of_words_under_the_header_that_names_no_fact_is_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let (headings, rows) = example();
    // A first row with its 项目名称 blank and words where numbers belong: not
    // a second header line (its words name no fact), so it is a project
    // with a blank name, reported on its own row; the others are scored.
    let mut words = vec![String::new(); headings.len()];
    words[4] = "待补".to_string();
    let mut text = csv_line(&headings);
    text.push_str(&csv_line(&words));
    for row in &rows {
        text.push_str(&csv_line(row));
    }
    let input = dir.path().join("空名.csv");
    std::fs::write(&input, text).unwrap();
    let output = dir.path().join("结果.csv");
    let summary = run(&input, &output);
    assert_eq!((summary.projects, summary.complete), (5, 4));
    assert_eq!(summary.first_problems[0].row, 2);
    assert_eq!(summary.first_problems[0].code, "jixiao::batch::blank_name");
}

/// A CSV line ending in CRLF, as Excel saves it.
fn csv_line(fields: &[String]) -> String {
    fields.join(",") + "\r\n"
}

#[test]
fn a_crlf_csv_numbers_its_rows_as_the_spreadsheet_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let (headings, mut rows) = example();
    let at = headings
        .iter()
        .position(|heading| heading == "应纳入监管数（家）")
        .unwrap();
    rows[1][at] = "若干".to_string();
    let mut text = csv_line(&headings);
    for row in &rows {
        text.push_str(&csv_line(row));
    }
    let input = dir.path().join("crlf.csv");
    std::fs::write(&input, text).unwrap();
    let output = dir.path().join("结果.csv");
    let summary = run(&input, &output);
    assert_eq!((summary.projects, summary.complete), (4, 3));
    // Header on row 1, the projects on rows 2–5: the bad one is row 3.
    let problem = &summary.first_problems[0];
    assert_eq!(
        (problem.row, problem.column.as_str()),
        (3, "应纳入监管数（家）")
    );
    let results = numbers_and_totals(&output);
    assert_eq!(results[0], ("2".to_string(), "99.80".to_string()));
    assert_eq!(results[1].0, "3");
}

#[test]
fn amounts_percents_and_dates_are_read_as_forms_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/batch-yantian-2024.jsonl");
    let text = std::fs::read_to_string(example).unwrap();
    let base: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text.lines().next().unwrap()).unwrap();
    // Each is the example's own value written another way (59.40万元 =
    // 594,000元; 95%; 2024-12-31), so each project scores the example's 95.70;
    // the last, 59,40 (a decimal comma?), is not a thousands grouping and is refused.
    let written = [
        ("预算资金", "594,000元"),
        ("预算资金", "５９．４０万元"),
        ("工作人员满意度", "９５％"),
        ("安全生产工作完成日期", "2024.12.31"),
        ("安全生产工作完成日期", "２０２４年１２月３１日"),
        ("预算资金", "59,40万元"),
    ];
    let mut lines = String::new();
    for (fact, value) in written {
        let mut row = base.clone();
        row.insert(fact.into(), value.into());
        row.insert("项目名称".into(), format!("{fact}={value}").into());
        lines.push_str(&serde_json::Value::Object(row).to_string());
        lines.push('\n');
    }
    let input = dir.path().join("写法.jsonl");
    std::fs::write(&input, lines).unwrap();
    let output = dir.path().join("结果.csv");
    let summary = score_to_csv("yantian-2024", &input, &output);
    assert_eq!((summary.projects, summary.complete), (6, 5));
    let totals: Vec<String> = numbers_and_totals(&output)
        .into_iter()
        .map(|(_, total)| total)
        .collect();
    assert_eq!(totals, ["95.70", "95.70", "95.70", "95.70", "95.70", ""]);
    let problem = &summary.first_problems[0];
    assert_eq!((problem.row, problem.value.as_str()), (6, "59,40万元"));
    assert_eq!(problem.code, "jixiao::facts::bad_value");
}
