//! Batch scoring end to end: `template` → a workbook filled the way an
//! officer fills it (typed cells, percent formats, dates) → `batch` → the
//! results workbook read back. The expected scores are the seeds' hand
//! computations in `tests/seeds.rs` (罗湖 99.80 优, 盐田 95.70 优), not the
//! program's output.

mod batch_support;

use batch_support::{compiled, seed_facts, Filled};
use calamine::{open_workbook_auto, Data, Reader};
use jixiao::batch::{BatchOptions, OutputFormat};
use std::path::Path;

/// Reads a sheet of a results workbook as text cells.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).expect("results workbook opens");
    let range = workbook.worksheet_range(name).expect("sheet exists");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(number) => format!("{number:.2}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn column(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|cell| cell == heading)
        .unwrap_or_else(|| panic!("no column {heading} in {:?}", rows[0]))
}

/// The template's 填报 headings, as `template` wrote them.
fn template_headings(ruleset: &str, dir: &Path) -> Vec<String> {
    let path = dir.join("填报表.xlsx");
    jixiao::batch::template::write(&compiled(ruleset), &path, false).expect("template written");
    let rows = sheet(&path, "填报");
    assert_eq!(rows.len(), 1, "the template has only its header row");
    rows[0].clone()
}

fn run(ruleset: &str, input: &Path, output: &Path) -> jixiao::batch::Summary {
    let options = BatchOptions {
        jobs: 2,
        ..BatchOptions::default()
    };
    jixiao::batch::run(
        &compiled(ruleset),
        input,
        Some(output),
        OutputFormat::Xlsx,
        &options,
    )
    .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn template_filled_with_both_seeds_scores_as_computed_by_hand() {
    for (ruleset, name, total, execution) in [
        // tests/seeds.rs: 20 + 19.80 + 30 + 30 = 99.80 ≥ 90 → 优; 预算执行率
        // 61.5 / 62.46 = 98.46%, 2 points short (partial counted whole) → 4 − 0.2 = 3.80.
        ("luohu-2024", "罗湖安全生产专项", "99.80", "3.80"),
        // tests/seeds.rs: 20 + 17.35 + 33.35 + 25 = 95.70 ≥ 90 → 优; 预算执行率
        // 39.80 / 59.40 = 0.670033… × 5 = 3.35.
        ("yantian-2024", "盐田安全生产工作经费", "95.70", "3.35"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let headings = template_headings(ruleset, dir.path());
        let mut filled = Filled::new(&headings);
        filled.row(name, &seed_facts(ruleset));
        let input = dir.path().join("填好的.xlsx");
        filled.save(&input);
        let output = dir.path().join("结果.xlsx");
        let summary = run(ruleset, &input, &output);
        assert_eq!(
            (summary.projects, summary.complete, summary.rejected),
            (1, 1, 0)
        );
        assert_eq!(summary.kind, "xlsx 工作簿");

        let rows = sheet(&output, "汇总");
        assert_eq!(rows.len(), 2, "{ruleset}: one project row");
        assert_eq!(rows[1][column(&rows, "项目名称")], name);
        assert_eq!(rows[1][column(&rows, "总分")], total, "{ruleset}");
        assert_eq!(rows[1][column(&rows, "等级")], "优");
        assert_eq!(rows[1][column(&rows, "问题")], "");
        let execution_heading = rows[0]
            .iter()
            .find(|heading| heading.starts_with("预算执行率（"))
            .expect("an execution column");
        assert_eq!(rows[1][column(&rows, execution_heading)], execution);

        // The project's annex sheet: title, headings, and 合计 with the total.
        let annex = sheet(&output, name);
        assert_eq!(annex[0][0], format!("{name} 评分表"));
        assert_eq!(annex[1][2], "三级指标");
        let execution_row = annex
            .iter()
            .find(|row| row[2] == "预算执行率")
            .expect("row");
        assert_eq!(execution_row[7], execution);
        assert!(
            execution_row[8].contains("得分"),
            "评分依据 explains: {:?}",
            execution_row[8]
        );
        let total_row = annex.iter().find(|row| row[0] == "合计").expect("合计 row");
        assert_eq!(total_row[7], total);
        let problems = sheet(&output, "问题");
        assert_eq!(problems.len(), 1, "{ruleset}: no problems: {problems:?}");
    }
}

#[test]
fn bad_rows_are_listed_with_their_coordinates_and_the_others_scored() {
    let dir = tempfile::tempdir().unwrap();
    let headings = template_headings("luohu-2024", dir.path());
    let facts = seed_facts("luohu-2024");
    let mut filled = Filled::new(&headings);
    filled.row("好的一行", &facts); // sheet row 2
    let mut word = facts.clone();
    word.insert("纳入监管数".into(), toml::Value::String("很多".into()));
    filled.row("数量列写了字", &word); // row 3
    let mut tier = facts.clone();
    tier.insert("综合治理效果".into(), toml::Value::String("很好".into()));
    filled.row("档次不存在", &tier); // row 4
    let mut blank = facts.clone();
    blank.remove("实际支出资金");
    filled.row("必填为空", &blank); // row 5
    filled.row("常规格式的小数", &facts); // row 6
    filled.general_number(6, "满意度（%）", 0.85);
    let input = dir.path().join("有错.xlsx");
    filled.save(&input);
    let output = dir.path().join("结果.xlsx");
    let summary = run("luohu-2024", &input, &output);
    assert_eq!(
        (summary.projects, summary.complete, summary.rejected),
        (5, 1, 4)
    );

    let problems = sheet(&output, "问题");
    let located: Vec<(String, String, String, String)> = problems[1..]
        .iter()
        .map(|row| {
            (
                row[0].clone(),
                row[1].clone(),
                row[2].clone(),
                row[4].clone(),
            )
        })
        .collect();
    let expected = [
        ("3", "纳入监管数（家）", "jixiao::facts::bad_value"),
        ("4", "综合治理效果", "jixiao::facts::bad_value"),
        ("5", "实际支出资金（万元）", "jixiao::batch::blank_cell"),
        ("6", "满意度（%）", "jixiao::batch::ambiguous_percent"),
    ]
    .map(|(row, column, code)| {
        (
            "填报".to_string(),
            format!("{row}.00"),
            column.to_string(),
            code.to_string(),
        )
    });
    assert_eq!(located, expected);
    let ambiguous = &problems[4];
    assert_eq!(ambiguous[3], "0.85");
    assert!(
        ambiguous[5].contains("85%") && ambiguous[5].contains("0.85%"),
        "{ambiguous:?}"
    );

    let rows = sheet(&output, "汇总");
    let (total, issues) = (column(&rows, "总分"), column(&rows, "问题"));
    // The good row keeps its hand-computed 99.80 (tests/seeds.rs); the others have no total.
    assert_eq!(rows[1][total], "99.80");
    for row in &rows[2..] {
        assert_eq!(row[total], "", "{row:?}");
        assert!(!row[issues].is_empty(), "{row:?}");
    }
    assert!(
        rows[2][issues].contains("纳入监管数"),
        "{:?}",
        rows[2][issues]
    );
}

#[test]
fn an_annex_block_sheet_holds_every_project() {
    let dir = tempfile::tempdir().unwrap();
    let headings = template_headings("luohu-2024", dir.path());
    let facts = seed_facts("luohu-2024");
    let mut filled = Filled::new(&headings);
    filled.row("甲", &facts);
    filled.row("乙", &facts);
    let input = dir.path().join("两个.xlsx");
    filled.save(&input);
    let output = dir.path().join("结果.xlsx");
    let options = BatchOptions {
        annex_block: true,
        ..BatchOptions::default()
    };
    jixiao::batch::run(
        &compiled("luohu-2024"),
        &input,
        Some(&output),
        OutputFormat::Xlsx,
        &options,
    )
    .unwrap();
    let block = sheet(&output, "评分表");
    let titles = annex_titles(&block);
    assert_eq!(titles, ["甲 评分表", "乙 评分表"]);
    let totals = block
        .iter()
        .filter(|row| row[0] == "合计" && row[7] == "99.80")
        .count();
    assert_eq!(totals, 2);
}

#[test]
fn past_two_hundred_projects_the_annexes_share_one_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/examples/batch-luohu-2024.csv")).unwrap();
    let mut lines = text.lines();
    let mut csv = format!("{}\n", lines.next().unwrap());
    let luohu = lines.next().unwrap().split_once(',').unwrap().1;
    let count = jixiao::batch::output::ANNEX_SHEETS + 1;
    for row in 0..count {
        csv.push_str(&format!("项目{row:03},{luohu}\n"));
    }
    let input = dir.path().join("两百零一个.csv");
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("结果.xlsx");
    let summary = run("luohu-2024", &input, &output);
    assert_eq!(summary.complete, count);
    let workbook = open_workbook_auto(&output).unwrap();
    assert_eq!(workbook.sheet_names(), ["汇总", "问题", "评分表"]);
    let block = sheet(&output, "评分表");
    let titles = annex_titles(&block);
    assert_eq!(titles.len(), count);
    assert_eq!(titles[0], "项目000 评分表");
    assert_eq!(titles[count - 1], "项目200 评分表");
    // Every block closes with the 罗湖 total, 99.80 (tests/seeds.rs).
    let totals = block
        .iter()
        .filter(|row| row[0] == "合计" && row[7] == "99.80")
        .count();
    assert_eq!(totals, count);
    let rows = sheet(&output, "汇总");
    assert_eq!(rows.len(), count + 1);
    assert_eq!(rows[count][column(&rows, "总分")], "99.80");
}

/// The title rows of the 评分表 blocks on one sheet, in order.
fn annex_titles(block: &[Vec<String>]) -> Vec<&str> {
    block
        .iter()
        .filter(|row| row[0].ends_with("评分表"))
        .map(|row| row[0].as_str())
        .collect()
}
