//! The README's batch commands through the `jixiao` binary: `template`,
//! `batch` on the shipped examples, `score --format xlsx|docx`, and their exit
//! statuses. Totals are the seeds' hand computations (tests/seeds.rs).

use std::path::Path;
use std::process::{Command, Output};

fn jixiao(arguments: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_readme_commands_run_from_template_to_results() {
    let dir = tempfile::tempdir().unwrap();
    let luohu = root("rulesets/luohu-2024.jx");
    let output = jixiao(&["template", &luohu, "-o", "填报表.xlsx"], dir.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("填报表.xlsx").is_file());
    // A second run does not overwrite the filled-in template.
    let again = jixiao(&["template", &luohu, "-o", "填报表.xlsx"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));

    let csv = root("examples/batch-luohu-2024.csv");
    let output = jixiao(&["batch", &luohu, &csv, "-o", "结果.xlsx"], dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("4 个项目，4 个完整计分，0 个有误未计分"),
        "{stderr}"
    );
    assert!(dir.path().join("结果.xlsx").is_file());

    let yantian = root("rulesets/yantian-2024.jx");
    let jsonl = root("examples/batch-yantian-2024.jsonl");
    let output = jixiao(&["batch", &yantian, &jsonl], dir.path());
    assert!(output.status.success());
    let first = String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    // tests/seeds.rs: 20 + 17.35 + 33.35 + 25 = 95.70 → 优.
    assert_eq!(
        (first["total"].as_str(), first["grade"].as_str()),
        (Some("95.70"), Some("优"))
    );
}

#[test]
fn score_writes_the_annex_as_a_workbook_and_a_word_document() {
    let dir = tempfile::tempdir().unwrap();
    let luohu = root("rulesets/luohu-2024.jx");
    let facts = root("examples/luohu-2024.facts.toml");
    for name in ["评分表.xlsx", "评分表.docx"] {
        let format = name.rsplit('.').next().unwrap();
        let output = jixiao(
            &["score", &luohu, &facts, "--format", format, "-o", name],
            dir.path(),
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "{name} is a zip package");
    }
    let missing = jixiao(&["score", &luohu, &facts, "--format", "docx"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn bad_rows_give_exit_status_one_and_bad_inputs_two() {
    let dir = tempfile::tempdir().unwrap();
    let luohu = root("rulesets/luohu-2024.jx");
    let text = std::fs::read_to_string(root("examples/batch-luohu-2024.csv")).unwrap();
    let bad = text.replacen(",353家,", ",很多家,", 1);
    assert_ne!(bad, text);
    std::fs::write(dir.path().join("有错.csv"), bad).unwrap();
    let output = jixiao(&["batch", &luohu, "有错.csv", "-o", "结果.csv"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("有错.csv 第 2 行"), "{stderr}");
    assert!(stderr.contains("jixiao::facts::bad_value"), "{stderr}");

    let output = jixiao(&["batch", &luohu, "有错.csv", "-o", "结果.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    std::fs::write(
        dir.path().join("网页.xls"),
        "<!DOCTYPE html><html><table></table></html>",
    )
    .unwrap();
    let output = jixiao(
        &["batch", &luohu, "网页.xls", "-o", "网页结果.csv"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("batch::html_table"));
}
