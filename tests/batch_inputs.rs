//! Batch inputs as they arrive: GBK CSV, SpreadsheetML-2003 saved as .xls,
//! a corrupt workbook, a web page saved as .xls, a missing column, an output
//! that must not be overwritten, and the order of a parallel run. Each is
//! read correctly or refused with a clear error, never a panic.
//!
//! Expected totals come from the hand computations in `tests/seeds.rs`
//! (罗湖 99.80) and, for the shipped made-up project 甲 whose only change is
//! 实际支出资金 56.21 万元: 56.21 / 62.46 = 89.993…%, 10.006… points short,
//! counted as 11 → 预算执行率 4 − 1.1 = 2.90, total 99.80 − 3.80 + 2.90 = 98.90.

mod batch_support;

use batch_support::{compiled, score_to_csv};
use jixiao::batch::{BatchError, BatchOptions, OutputFormat};
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn run(
    input: &Path,
    output: &Path,
    options: &BatchOptions,
) -> Result<jixiao::batch::Summary, BatchError> {
    let format = OutputFormat::of_path(output).expect("a known output extension");
    jixiao::batch::run(
        &compiled("luohu-2024"),
        input,
        Some(output),
        format,
        options,
    )
}

/// The 项目名称 and 总分 columns of a CSV result.
fn totals(csv_path: &Path) -> Vec<(String, String)> {
    batch_support::result_columns(csv_path, "项目名称", "总分")
}

#[test]
fn a_gbk_csv_is_detected_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("batch-luohu-2024.csv")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let input = dir.path().join("gbk.csv");
    std::fs::write(&input, &bytes).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file really is not UTF-8"
    );
    let output = dir.path().join("结果.csv");
    let summary = run(&input, &output, &BatchOptions::default()).unwrap();
    assert_eq!(summary.kind, "CSV（GBK/GB18030 编码）");
    let totals = totals(&output);
    assert_eq!(
        totals[0],
        (
            "安全生产巡查、培训、专家服务综合服务（安全生产专项）".to_string(),
            "99.80".to_string()
        )
    );
    assert_eq!(totals[1].1, "98.90");
}

#[test]
fn the_utf8_csv_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("结果.csv");
    let summary = run(
        &example("batch-luohu-2024.csv"),
        &output,
        &BatchOptions::default(),
    )
    .unwrap();
    assert_eq!(summary.kind, "CSV（UTF-8 编码）");
    assert_eq!((summary.projects, summary.complete), (4, 4));
}

/// A SpreadsheetML-2003 workbook of the 罗湖 project: a title row above the
/// header, a percent style on 满意度, ss:Index gaps, and an uncached formula
/// in a second row.
fn spreadsheetml(headings: &[String], values: &[String]) -> String {
    let cell = |text: &str| {
        if text.parse::<f64>().is_ok() {
            format!("<Cell><Data ss:Type=\"Number\">{text}</Data></Cell>")
        } else {
            format!("<Cell><Data ss:Type=\"String\">{text}</Data></Cell>")
        }
    };
    let header: String = headings.iter().map(|h| cell(h)).collect();
    let row: String = headings
        .iter()
        .zip(values)
        .map(|(heading, value)| match heading.as_str() {
            "满意度（%）" => {
                "<Cell ss:StyleID=\"pct\"><Data ss:Type=\"Number\">1</Data></Cell>".to_string()
            }
            _ => cell(value),
        })
        .collect();
    let formula_row: String = headings
        .iter()
        .zip(values)
        .map(|(heading, value)| match heading.as_str() {
            "项目名称" => cell("公式未计算"),
            "实际支出资金（万元）" => "<Cell ss:Formula=\"=R1C1\"/>".to_string(),
            "满意度（%）" => {
                "<Cell ss:StyleID=\"pct\"><Data ss:Type=\"Number\">1</Data></Cell>".to_string()
            }
            _ => cell(value),
        })
        .collect();
    format!(
        r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles><Style ss:ID="pct"><NumberFormat ss:Format="Percent"/></Style></Styles>
 <Worksheet ss:Name="填报"><Table>
  <Row><Cell ss:Index="2"><Data ss:Type="String">罗湖区 2024 年项目（标题行）</Data></Cell></Row>
  <Row>{header}</Row>
  <Row>{row}</Row>
  <Row>{formula_row}</Row>
 </Table></Worksheet>
</Workbook>"#
    )
}

#[test]
fn spreadsheetml_saved_as_xls_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("batch-luohu-2024.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let first = reader.records().next().unwrap().unwrap();
    let values: Vec<String> = first.iter().map(String::from).collect();
    let input = dir.path().join("系统导出.xls");
    std::fs::write(&input, spreadsheetml(&headings, &values)).unwrap();
    let output = dir.path().join("结果.jsonl");
    let summary = run(&input, &output, &BatchOptions::default()).unwrap();
    assert_eq!(summary.kind, "SpreadsheetML（Excel 2003 XML）工作簿");
    assert_eq!(
        (summary.projects, summary.complete, summary.rejected),
        (2, 1, 1)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    // The header is sheet row 2 (a title row above it): the project is row 3.
    assert_eq!(lines[0]["行号"], 3);
    assert_eq!(lines[0]["total"], "99.80");
    assert_eq!(lines[0]["grade"], "优");
    assert!(lines[1].get("total").is_none(), "{}", lines[1]);
    assert_eq!(
        lines[1]["errors"][0]["code"],
        "jixiao::batch::uncached_formula"
    );
    assert_eq!(lines[1]["errors"][0]["column"], "实际支出资金（万元）");
}

#[test]
fn a_corrupt_workbook_and_a_web_page_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("结果.csv");
    let corrupt = dir.path().join("坏的.xlsx");
    std::fs::write(&corrupt, b"PK\x03\x04 this is not really a zip archive").unwrap();
    let error = run(&corrupt, &output, &BatchOptions::default()).unwrap_err();
    assert!(matches!(error, BatchError::Corrupt { .. }), "{error:?}");
    let html = dir.path().join("网页.xls");
    std::fs::write(
        &html,
        "<html><body><table><tr><td>项目名称</td></tr></table></body></html>",
    )
    .unwrap();
    let error = run(&html, &output, &BatchOptions::default()).unwrap_err();
    assert!(matches!(error, BatchError::Html { .. }), "{error:?}");
    assert!(error.to_string().contains("HTML"));
    let help = miette::Diagnostic::help(&error).unwrap().to_string();
    assert!(help.contains("另存为"), "{help}");
    let truncated = dir.path().join("截断.xlsx");
    std::fs::write(&truncated, b"not a spreadsheet at all").unwrap();
    let error = run(&truncated, &output, &BatchOptions::default()).unwrap_err();
    assert!(matches!(error, BatchError::Corrupt { .. }), "{error:?}");
    assert!(
        !output.exists(),
        "nothing is written for an unreadable input"
    );
}

#[test]
fn a_missing_column_is_one_error_before_any_row_and_an_extra_one_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("batch-luohu-2024.csv")).unwrap();
    let without: String = text
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            let at = text
                .lines()
                .next()
                .unwrap()
                .split(',')
                .position(|h| h == "实际支出资金（万元）")
                .unwrap();
            fields
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, f)| *f)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let input = dir.path().join("缺列.csv");
    std::fs::write(&input, &without).unwrap();
    let output = dir.path().join("结果.csv");
    let error = run(&input, &output, &BatchOptions::default()).unwrap_err();
    assert!(matches!(error, BatchError::Header { .. }), "{error:?}");
    assert!(error.to_string().contains("实际支出资金"), "{error}");

    let input = dir.path().join("多列.csv");
    std::fs::write(&input, with_extra_column(&text)).unwrap();
    let summary = run(&input, &output, &BatchOptions::default()).unwrap();
    assert_eq!(summary.complete, 4);
    let notes: Vec<&str> = summary
        .notes
        .iter()
        .map(|note| note.code.as_str())
        .collect();
    assert_eq!(notes, ["jixiao::batch::unknown_column"]);
    assert_eq!(summary.notes[0].column, "备注说明");
}

/// The CSV with a 备注说明 column after 项目名称.
fn with_extra_column(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let (name, rest) = line.split_once(',').unwrap();
            let note = if i == 0 { "备注说明" } else { "无" };
            format!("{name},{note},{rest}\n")
        })
        .collect()
}

#[test]
fn an_existing_output_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("结果.csv");
    std::fs::write(&output, "旧的结果").unwrap();
    let error = run(
        &example("batch-luohu-2024.csv"),
        &output,
        &BatchOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(error, BatchError::OutputExists { .. }));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "旧的结果");

    // A run that fails half-way (a line over the 1 MiB limit after good ones,
    // which the reader refuses) leaves it too.
    let seed = std::fs::read_to_string(example("batch-yantian-2024.jsonl")).unwrap();
    let broken = dir.path().join("坏行.jsonl");
    let too_long = "x".repeat(1024 * 1024 + 1);
    std::fs::write(&broken, format!("{seed}{too_long}\n")).unwrap();
    let forced = BatchOptions {
        force: true,
        ..BatchOptions::default()
    };
    let error = jixiao::batch::run(
        &compiled("yantian-2024"),
        &broken,
        Some(&output),
        OutputFormat::Csv,
        &forced,
    )
    .unwrap_err();
    assert!(
        matches!(error, BatchError::Syntax { line: 3, .. }),
        "{error:?}"
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "旧的结果");
    run(&example("batch-luohu-2024.csv"), &output, &forced).unwrap();
    assert_eq!(totals(&output)[0].1, "99.80");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn a_parallel_run_keeps_the_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("batch-luohu-2024.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut big = format!("{header}\n");
    let mut expected = Vec::new();
    for i in 0..5000 {
        let row = rows[i % rows.len()];
        let (_, rest) = row.split_once(',').unwrap();
        big.push_str(&format!("项目{i:05},{rest}\n"));
        expected.push(format!("项目{i:05}"));
    }
    let input = dir.path().join("五千行.csv");
    std::fs::write(&input, big).unwrap();
    let output = dir.path().join("结果.csv");
    let options = BatchOptions {
        jobs: 2,
        ..BatchOptions::default()
    };
    run(&input, &output, &options).unwrap();
    let totals = totals(&output);
    let names: Vec<String> = totals.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(names, expected);
    // Row i repeats shipped project i mod 4: 99.80 (罗湖) and 98.90 (甲) as computed above.
    assert_eq!(totals[0].1, "99.80");
    assert_eq!(totals[4].1, "99.80");
    assert_eq!(totals[4997].1, "98.90");
}

#[test]
fn json_lines_in_and_out_carry_errors_for_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(example("batch-yantian-2024.jsonl")).unwrap();
    let first = seed.lines().next().unwrap();
    let bad = first.replace(
        "\"工作人员满意度\": \"95%\"",
        "\"工作人员满意度\": \"很满意\"",
    );
    assert_ne!(bad, first);
    let input = dir.path().join("两行.jsonl");
    std::fs::write(&input, format!("{first}\n\n{bad}\n")).unwrap();
    let output = dir.path().join("结果.jsonl");
    let summary = jixiao::batch::run(
        &compiled("yantian-2024"),
        &input,
        Some(&output),
        OutputFormat::JsonLines,
        &BatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (summary.projects, summary.complete, summary.rejected),
        (2, 1, 1)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    // tests/seeds.rs: 20 + 17.35 + 33.35 + 25 = 95.70 → 优.
    assert_eq!(lines[0]["total"], "95.70");
    assert_eq!(lines[0]["grade"], "优");
    assert_eq!(lines[1]["行号"], 3, "the blank line is counted");
    assert!(lines[1].get("total").is_none());
    assert_eq!(lines[1]["errors"][0]["code"], "jixiao::facts::bad_value");
    assert_eq!(lines[1]["errors"][0]["column"], "工作人员满意度");
}

#[test]
fn a_broken_json_line_is_reported_with_its_line_and_the_others_scored() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(example("batch-yantian-2024.jsonl")).unwrap();
    let first = seed.lines().next().unwrap();
    // Line 1 good, line 2 cut off, line 3 not an object, then 300 good lines,
    // so that with two jobs the bad lines and the good ones are parsed by
    // different threads.
    let mut text = format!("{first}\n{{\"项目名称\": \"未写完\"\n[1, 2]\n");
    for _ in 0..300 {
        text.push_str(first);
        text.push('\n');
    }
    let input = dir.path().join("坏行.jsonl");
    std::fs::write(&input, text).unwrap();
    for jobs in [1, 2] {
        let output = dir.path().join(format!("结果{jobs}.jsonl"));
        let options = BatchOptions {
            jobs,
            ..BatchOptions::default()
        };
        let summary = jixiao::batch::run(
            &compiled("yantian-2024"),
            &input,
            Some(&output),
            OutputFormat::JsonLines,
            &options,
        )
        .unwrap();
        assert_eq!(
            (summary.projects, summary.complete, summary.rejected),
            (303, 301, 2),
            "{jobs} jobs"
        );
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let numbers: Vec<u64> = lines
            .iter()
            .map(|line| line["行号"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, (1..=303).collect::<Vec<_>>(), "{jobs} jobs");
        for bad in &lines[1..3] {
            assert!(bad.get("total").is_none(), "{bad}");
            assert_eq!(bad["errors"][0]["code"], "jixiao::batch::syntax", "{bad}");
        }
        // tests/seeds.rs: 20 + 17.35 + 33.35 + 25 = 95.70 → 优, on every good line.
        for good in lines[..1].iter().chain(&lines[3..]) {
            assert_eq!(good["total"], "95.70", "{jobs} jobs");
        }
    }
}

/// Writes a workbook of `rulesets/forms/bushiyong.jx` projects (项目名称 and
/// the four facts as typed text) and a 不适用 sheet of (项目, 指标, 理由).
fn not_applicable_workbook(path: &Path, projects: &[[&str; 5]], not_applicable: &[[&str; 3]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let entry = [
        "项目名称",
        "预算执行率",
        "完成项目数",
        "满意度",
        "政府采购执行率",
    ];
    write_sheet(&mut workbook, "填报", &entry, projects);
    write_sheet(
        &mut workbook,
        "不适用",
        &["项目名称", "指标", "理由"],
        not_applicable,
    );
    workbook.save(path).unwrap();
}

/// A sheet of text cells under one heading row.
fn write_sheet<const N: usize>(
    workbook: &mut rust_xlsxwriter::Workbook,
    name: &str,
    headings: &[&str; N],
    rows: &[[&str; N]],
) {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name).unwrap();
    for (row, texts) in (0u32..).zip(std::iter::once(headings).chain(rows)) {
        for (column, text) in (0u16..).zip(texts) {
            sheet.write_string(row, column, *text).unwrap();
        }
    }
}

#[test]
fn a_not_applicable_sheet_rescales_its_projects() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("填报.xlsx");
    let output = folder.path().join("结果.csv");
    not_applicable_workbook(
        &input,
        &[
            ["甲（虚构）", "100%", "40项", "60%", "0%"],
            ["乙（虚构）", "100%", "40项", "60%", "40%"],
            ["丙（虚构）", "100%", "40项", "60%", "0%"],
        ],
        &[
            ["甲（虚构）", "政府采购执行率", "项目未涉及政府采购"],
            ["丙（虚构）", "政府采购执行率", ""],
        ],
    );
    let summary = score_to_csv("forms/bushiyong", &input, &output);
    let totals = totals(&output);
    // 甲: (25 + 20 + 15) ÷ 75 × 100 = 80.00 (政府采购执行率 不适用, its 0% not read)
    // 乙: 25 + 20 + 15 + 40% × 25 = 70.00
    // 丙: a 不适用 row without a reason is refused, so 丙 has no total
    assert_eq!(
        totals,
        [
            ("甲（虚构）".to_string(), "80.00".to_string()),
            ("乙（虚构）".to_string(), "70.00".to_string()),
            ("丙（虚构）".to_string(), String::new()),
        ]
    );
    assert_eq!(
        (summary.projects, summary.complete, summary.rejected),
        (3, 2, 1)
    );
    let codes: Vec<&str> = summary
        .first_problems
        .iter()
        .map(|problem| problem.code.as_str())
        .collect();
    assert_eq!(codes, ["jixiao::facts::not_applicable_reason"]);
}

/// The 酌情 sheet: a row gives one project's 酌情 score for an indicator;
/// a row with both 得分 and 扣分 is refused, and only its project is.
#[test]
fn a_discretion_sheet_gives_each_project_its_score_in_the_band() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("填报.xlsx");
    let output = folder.path().join("结果.csv");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let projects = [
        ["甲（虚构）", "1.5个月"],
        ["乙（虚构）", "1.5个月"],
        ["丙（虚构）", "0.5个月"],
    ];
    write_sheet(
        &mut workbook,
        "填报",
        &["项目名称", "资金拨付用时"],
        &projects,
    );
    let discretion = [
        ["甲（虚构）", "资金拨付时间", "8.5", "", "拨付偏慢"],
        ["乙（虚构）", "资金拨付时间", "8.5", "0.5", "拨付偏慢"],
    ];
    let headings = ["项目名称", "指标", "得分", "扣分", "理由"];
    write_sheet(&mut workbook, "酌情", &headings, &discretion);
    workbook.save(&input).unwrap();
    let summary = score_to_csv("forms/fendang", &input, &output);
    // 甲: 1 < 1.5 ≤ 2 falls in the 9-8 band; 8.5 given, within [8, 9]: 8.50
    // 乙: both 得分 and 扣分 written: refused, no total
    // 丙: 0.5 ≤ 1: 10 points, no 酌情 needed: 10.00
    assert_eq!(
        totals(&output),
        [
            ("甲（虚构）".to_string(), "8.50".to_string()),
            ("乙（虚构）".to_string(), String::new()),
            ("丙（虚构）".to_string(), "10.00".to_string()),
        ]
    );
    let codes: Vec<&str> = summary
        .first_problems
        .iter()
        .map(|problem| problem.code.as_str())
        .collect();
    assert_eq!(codes, ["jixiao::facts::discretion_field"]);
}

/// The 专家评分 sheet: one row per expert, an unnamed expert numbered.
#[test]
fn an_experts_sheet_gives_each_project_the_mean_of_its_experts() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("填报.xlsx");
    let output = folder.path().join("结果.csv");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let projects = [
        ["甲（虚构）", "90%"],
        ["乙（虚构）", "100%"],
        ["丙（虚构）", "80%"],
        ["丁（虚构）", "100%"],
    ];
    write_sheet(
        &mut workbook,
        "填报",
        &["项目名称", "预算执行率"],
        &projects,
    );
    let experts = [
        ["甲（虚构）", "项目实施效果", "张明", "8"],
        ["乙（虚构）", "项目实施效果", "", "8"],
        ["甲（虚构）", "项目实施效果", "李华", "9"],
        ["乙（虚构）", "项目实施效果", "", "9"],
        ["甲（虚构）", "项目实施效果", "王强", "7"],
        ["丁（虚构）", "项目实施效果", "张明", "11"],
    ];
    let headings = ["项目名称", "指标", "专家", "得分"];
    write_sheet(&mut workbook, "专家评分", &headings, &experts);
    workbook.save(&input).unwrap();
    let summary = score_to_csv("forms/zhuanjia", &input, &output);
    // 甲: 90% × 10 = 9, experts (8 + 9 + 7) ÷ 3 = 8, total 17.00
    // 乙: 10, the two unnamed experts (8 + 9) ÷ 2 = 8.5, total 18.50
    // 丙: no expert scored 项目实施效果, a fault: the total cannot be computed
    // 丁: 11 is above the indicator's 10 points, a fault as well
    assert_eq!(
        totals(&output),
        [
            ("甲（虚构）".to_string(), "17.00".to_string()),
            ("乙（虚构）".to_string(), "18.50".to_string()),
            ("丙（虚构）".to_string(), "无法计算".to_string()),
            ("丁（虚构）".to_string(), "无法计算".to_string()),
        ]
    );
    let codes: Vec<&str> = summary
        .first_problems
        .iter()
        .map(|problem| problem.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "jixiao::eval::missing_experts",
            "jixiao::eval::expert_range"
        ]
    );
}

/// In JSON Lines the 专家评分 key holds the indicator's experts by name,
/// or a list of their scores.
#[test]
fn json_lines_rows_carry_their_experts() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("填报.jsonl");
    let output = folder.path().join("结果.csv");
    std::fs::write(
        &input,
        "{\"项目名称\": \"甲（虚构）\", \"预算执行率\": \"90%\", \
         \"专家评分\": {\"项目实施效果\": {\"张明\": 8, \"李华\": 9, \"王强\": 7}}}\n\
         {\"项目名称\": \"乙（虚构）\", \"预算执行率\": \"100%\", \
         \"专家评分\": {\"项目实施效果\": [8, 9, 8, 9.5]}}\n",
    )
    .unwrap();
    score_to_csv("forms/zhuanjia", &input, &output);
    // 甲: 9 + (8 + 9 + 7) ÷ 3 = 9 + 8 = 17.00
    // 乙: 10 + (8 + 9 + 8 + 9.5) ÷ 4 = 10 + 34.5 ÷ 4 = 10 + 8.625 = 18.625 → 18.63 (四舍五入)
    assert_eq!(
        totals(&output),
        [
            ("甲（虚构）".to_string(), "17.00".to_string()),
            ("乙（虚构）".to_string(), "18.63".to_string()),
        ]
    );
}

/// A blank cell of a fact only a 不适用 indicator reads is no problem; the
/// same blank where the indicator applies is.
#[test]
fn a_blank_cell_only_a_not_applicable_indicator_reads_is_not_missing() {
    let folder = tempfile::tempdir().unwrap();
    let input = folder.path().join("填报.xlsx");
    let output = folder.path().join("结果.csv");
    not_applicable_workbook(
        &input,
        &[
            ["甲（虚构）", "100%", "40项", "60%", ""],
            ["乙（虚构）", "100%", "40项", "60%", ""],
        ],
        &[["甲（虚构）", "政府采购执行率", "项目未涉及政府采购"]],
    );
    let summary = score_to_csv("forms/bushiyong", &input, &output);
    // 甲: (25 + 20 + 15) ÷ 75 × 100 = 80.00, its blank 政府采购执行率 unread;
    // 乙: the indicator applies, so its blank cell is a problem and 乙 unscored.
    assert_eq!(
        totals(&output),
        [
            ("甲（虚构）".to_string(), "80.00".to_string()),
            ("乙（虚构）".to_string(), String::new()),
        ]
    );
    let problems: Vec<(&str, &str)> = summary
        .first_problems
        .iter()
        .map(|problem| (problem.code.as_str(), problem.column.as_str()))
        .collect();
    assert_eq!(problems, [("jixiao::batch::blank_cell", "政府采购执行率")]);
}
