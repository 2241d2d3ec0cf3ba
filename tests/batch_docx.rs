//! The annex table of `score --format docx|xlsx`, checked in its structure:
//! the Word document's rows, vertical merges, column spans and texts, and the
//! workbook's merged cells. The counts follow the 罗湖 ruleset's tree
//! (rulesets/luohu-2024.jx), counted by hand below; the scores are those of
//! tests/seeds.rs.

mod batch_support;

use batch_support::compiled;
use jixiao::batch::document::{bytes, Document};
use std::io::Read as _;

fn luohu_explanation() -> jixiao::explain::Explanation {
    let compiled = compiled("luohu-2024");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/luohu-2024.facts.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let facts = jixiao::facts::parse(&text, jixiao::facts::Format::Toml, &compiled).unwrap();
    jixiao::explain::explain(&compiled, &facts)
}

fn part(package: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip package");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("the part exists")
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The texts of each table row (`w:tr`) of a document body, cell by cell.
fn table_rows(document: &str) -> Vec<Vec<String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(document);
    let (mut rows, mut in_text) = (Vec::<Vec<String>>::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) => match element.name().as_ref() {
                b"w:tr" => rows.push(Vec::new()),
                b"w:tc" => rows
                    .last_mut()
                    .expect("a cell in a row")
                    .push(String::new()),
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::End(element) if element.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(text) if in_text => {
                if let Some(cell) = rows.last_mut().and_then(|row| row.last_mut()) {
                    cell.push_str(&String::from_utf8_lossy(text.as_ref()));
                }
            }
            Event::Eof => return rows,
            _ => {}
        }
    }
}

#[test]
fn the_word_annex_has_the_reports_layout() {
    let package = bytes(&luohu_explanation(), Document::Docx).expect("docx written");
    let document = part(&package, "word/document.xml");
    let rows = table_rows(&document);
    // 1 heading row + 21 indicators (决策 6, 管理 5, 产出 6, 效益 4) + 合计 + 等级.
    assert_eq!(rows.len(), 1 + 21 + 2, "{rows:?}");
    assert_eq!(rows[0][..3], ["一级指标", "二级指标", "三级指标"]);
    assert_eq!(rows[0][8], "评分依据");
    let execution = rows
        .iter()
        .find(|row| row.get(2).is_some_and(|c| c == "预算执行率"))
        .unwrap();
    // tests/seeds.rs: 61.5 / 62.46 → 2 points short → 4 − 0.2 = 3.80.
    assert_eq!(execution[3], "4");
    assert_eq!(execution[7], "3.80");
    assert!(
        execution[8].contains("98.46%"),
        "评分依据: {}",
        execution[8]
    );
    // The first row of a group starts its merge and names it.
    assert_eq!(rows[1][0], "项目决策（20分）");
    assert_eq!(rows[1][1], "项目立项（7分）");
    assert_eq!(rows[7][0], "项目管理（20分）");
    // 合计 spans three columns and holds 99.80; 等级 holds 优 (tests/seeds.rs).
    assert_eq!(rows[22], ["合计", "100", "", "99.80", ""]);
    assert_eq!(rows[23], ["等级", "优"]);

    // Merges: 4 一级 and 11 二级 groups each start one (15); the rows below
    // continue them: 一级 5 + 4 + 5 + 3 = 17, 二级 1+1+1+2+1 + 1+1+0+0 + 2+0 = 10.
    let restarts = document.matches("<w:vMerge w:val=\"restart\"").count();
    let continues = document.matches("<w:vMerge w:val=\"continue\"").count()
        + document.matches("<w:vMerge />").count()
        + document.matches("<w:vMerge/>").count();
    assert_eq!((restarts, continues), (15, 27));
    // 合计 (3 + 3 columns) and 等级 (3 + 6) rows span columns.
    let spans: Vec<&str> = document
        .split("<w:gridSpan w:val=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect();
    assert_eq!(spans, ["3", "3", "3", "6"]);
    assert!(document.contains("仿宋") && document.contains("宋体"));
    assert!(document.contains("w:orient=\"landscape\""));
    assert!(document.contains("附件：安全生产巡查、培训、专家服务综合服务（安全生产专项） 评分表"));
}

#[test]
fn the_workbook_annex_merges_its_group_cells() {
    let package = bytes(&luohu_explanation(), Document::Xlsx).expect("xlsx written");
    let sheet = part(&package, "xl/worksheets/sheet1.xml");
    let merges: Vec<&str> = sheet
        .split("<mergeCell ref=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect();
    // The title (A1:I1); then, in row order (each merge at its first row,
    // 一级 before 二级), the groups of more than one row: 一级 决策 A3:A8,
    // 二级 立项 B3:B4, 目标 B5:B6, 投入 B7:B8.
    // Title 1 + 二级 groups of two or more rows 8 (立项, 目标, 投入, 资金管理,
    // 组织实施, 产出数量, 产出质量, 社会效益) + 一级 4 + closing rows 4 = 17.
    assert_eq!(merges.len(), 17, "{merges:?}");
    assert_eq!(merges[0], "A1:I1");
    assert_eq!(merges[1..5], ["A3:A8", "B3:B4", "B5:B6", "B7:B8"]);
    // 合计 (A24:C24, E24:G24) and 等级 (A25:C25, D25:I25) close the table.
    assert_eq!(
        merges[merges.len() - 4..],
        ["A24:C24", "E24:G24", "A25:C25", "D25:I25"]
    );
}
