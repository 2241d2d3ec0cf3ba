//! A long batch scored by one thread and by several gives the same bytes:
//! 3,000 rows (about fifty batches of 64, several in flight at once) repeating
//! the shipped 罗湖 project and made-up project 甲, with bad rows, a fault and
//! blank rows sprinkled in. Every bad row is reported at its own line, every
//! other row scored, in input order.
//!
//! The totals are the hand-computed ones of tests/batch_inputs.rs: 罗湖
//! 99.80; 甲, whose only change is 实际支出资金 56.21 of 62.46 (89.99%, 10.01
//! points short, counted as 11 → 预算执行率 4 − 1.1 = 2.90), 98.90.

mod batch_support;

use batch_support::compiled;
use jixiao::batch::{BatchOptions, OutputFormat};
use std::path::Path;

const ROWS: usize = 3000;

/// What a row of the generated input is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Scored with its total.
    Good,
    /// No 项目名称: refused.
    BlankName,
    /// A word in a count column: refused.
    BadCount,
    /// 安全隐患数 0: 安全隐患整改率 divides by 0, so no total.
    NoHazards,
}

/// The row's kind: a few of each, at irregular places.
fn kind(row: usize) -> Kind {
    if row % 389 == 7 {
        Kind::BlankName
    } else if row % 97 == 5 {
        Kind::BadCount
    } else if row % 250 == 3 {
        Kind::NoHazards
    } else {
        Kind::Good
    }
}

/// The input, and each data row's (line, name, kind, project 0 or 1).
fn input(dir: &Path) -> (std::path::PathBuf, Vec<(usize, String, Kind, usize)>) {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/examples/batch-luohu-2024.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let projects: Vec<&str> = lines.take(2).collect();
    let mut csv = format!("{header}\n");
    let mut line = 1;
    let mut expected = Vec::new();
    for row in 0..ROWS {
        if row % 500 == 499 {
            // A blank record takes a line and is no project.
            csv.push_str(",,,\n");
            line += 1;
        }
        let project = row % 2;
        let mut fields: Vec<String> = projects[project].split(',').map(String::from).collect();
        let name = format!("项目{row:04}");
        fields[0] = name.clone();
        let kind = kind(row);
        match kind {
            Kind::BlankName => fields[0].clear(),
            // Column 5: 应纳入监管数（家）.
            Kind::BadCount => fields[4] = "很多家".to_string(),
            // Columns 9 and 10: 安全隐患数（条）, 安全隐患整改完成数（条）.
            Kind::NoHazards => {
                fields[8] = "0条".to_string();
                fields[9] = "0条".to_string();
            }
            Kind::Good => {}
        }
        csv.push_str(&fields.join(","));
        csv.push('\n');
        line += 1;
        let shown = if kind == Kind::BlankName {
            String::new()
        } else {
            name
        };
        expected.push((line, shown, kind, project));
    }
    let path = dir.join("三千行.csv");
    std::fs::write(&path, csv).unwrap();
    (path, expected)
}

fn run(input: &Path, output: &Path, jobs: usize) -> jixiao::batch::Summary {
    let options = BatchOptions {
        jobs,
        force: true,
        ..BatchOptions::default()
    };
    let format = OutputFormat::of_path(output).unwrap();
    jixiao::batch::run(
        &compiled("luohu-2024"),
        input,
        Some(output),
        format,
        &options,
    )
    .unwrap()
}

#[test]
fn one_thread_and_several_write_the_same_rows_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let (input, expected) = input(dir.path());
    for extension in ["csv", "jsonl"] {
        let one = dir.path().join(format!("一.{extension}"));
        let summary = run(&input, &one, 1);
        let refused = expected
            .iter()
            .filter(|row| matches!(row.2, Kind::BlankName | Kind::BadCount))
            .count();
        let faulted = expected
            .iter()
            .filter(|row| row.2 == Kind::NoHazards)
            .count();
        assert_eq!(summary.projects, ROWS);
        assert_eq!(summary.rejected, refused);
        assert_eq!(summary.complete, ROWS - refused - faulted);
        let bytes = std::fs::read(&one).unwrap();
        for jobs in [2, 3] {
            let many = dir.path().join(format!("{jobs}.{extension}"));
            run(&input, &many, jobs);
            assert!(
                std::fs::read(&many).unwrap() == bytes,
                "{extension} with {jobs} jobs differs from one job's"
            );
        }
    }
    check_csv(&dir.path().join("一.csv"), &expected);
    check_json_lines(&dir.path().join("一.jsonl"), &expected);
}

/// The 汇总 CSV: each row at its line, with its total or its problem.
fn check_csv(path: &Path, expected: &[(usize, String, Kind, usize)]) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| headings.iter().position(|h| h == name).unwrap();
    let (total, problems) = (at("总分"), at("问题"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), expected.len());
    for (record, (line, name, kind, project)) in records.iter().zip(expected) {
        assert_eq!(record[0], line.to_string(), "{name}");
        assert_eq!(&record[1], name, "line {line}");
        let (total, problems) = (&record[total], &record[problems]);
        match kind {
            Kind::Good => {
                assert_eq!(total, ["99.80", "98.90"][*project], "line {line}");
                assert_eq!(problems, "", "line {line}");
            }
            Kind::BlankName => {
                assert_eq!(total, "", "line {line}");
                assert!(
                    problems.contains("「项目名称」为空"),
                    "line {line}: {problems}"
                );
            }
            Kind::BadCount => {
                assert_eq!(total, "", "line {line}");
                assert!(
                    problems.starts_with("应纳入监管数（家）："),
                    "line {line}: {problems}"
                );
                assert!(problems.contains("很多家"), "line {line}: {problems}");
            }
            Kind::NoHazards => {
                assert_eq!(total, "无法计算", "line {line}");
                assert!(problems.contains("除数为 0"), "line {line}: {problems}");
            }
        }
    }
}

/// The JSON Lines: each object's 行号, and its total or its errors' codes.
fn check_json_lines(path: &Path, expected: &[(usize, String, Kind, usize)]) {
    let text = std::fs::read_to_string(path).unwrap();
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(objects.len(), expected.len());
    for (object, (line, name, kind, project)) in objects.iter().zip(expected) {
        assert_eq!(object["行号"], *line as u64, "{name}");
        assert_eq!(object["项目名称"], name.as_str(), "line {line}");
        let code = object["errors"][0]["code"].as_str().unwrap_or("");
        match kind {
            Kind::Good => assert_eq!(object["total"], ["99.80", "98.90"][*project]),
            Kind::BlankName => assert_eq!(code, "jixiao::batch::blank_name", "line {line}"),
            Kind::BadCount => {
                assert_eq!(code, "jixiao::facts::bad_value", "line {line}");
                assert_eq!(object["errors"][0]["row"], *line as u64);
            }
            Kind::NoHazards => {
                assert!(object["total"].is_null(), "line {line}");
                assert_eq!(code, "jixiao::eval::division_by_zero", "line {line}");
            }
        }
        if matches!(kind, Kind::BlankName | Kind::BadCount) {
            assert!(object.get("total").is_none(), "line {line}");
        }
    }
}
