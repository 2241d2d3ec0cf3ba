//! The `jixiao` command as a user runs it: the README's first command, exit
//! statuses, and every subcommand once.

use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn the_readme_command_scores_the_luohu_report() {
    let output = jixiao(&[
        "score",
        "rulesets/luohu-2024.jx",
        "examples/luohu-2024.facts.toml",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let table = stdout(&output);
    // 预算执行率 3.80 by its own rule; total 99.80 (优).
    assert!(
        table.contains("3.80") && table.contains("99.80") && table.contains("优"),
        "{table}"
    );
}

#[test]
fn audit_exits_1_on_discrepancies() {
    for name in ["luohu-2024", "yantian-2024"] {
        let output = jixiao(&[
            "audit",
            &format!("rulesets/{name}.jx"),
            &format!("examples/{name}.facts.toml"),
        ]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(stdout(&output).contains("与规则重算不符"), "{name}");
    }
}

#[test]
fn shipped_rulesets_are_formatted_and_their_cases_pass() {
    let fmt = jixiao(&["fmt", "--check", "rulesets/"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stdout(&fmt));
    let test = jixiao(&["test", "rulesets"]);
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));
    assert!(stdout(&test).contains("失败 0"));
}

#[test]
fn check_reports_json_with_character_columns() {
    let output = jixiao(&[
        "check",
        "--format",
        "json",
        "tests/ui/check_unit_mismatch_money_vs_count.jx",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let data: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(data[0]["code"], "jixiao::check::unit_mismatch");
    // `            完成值 = 实际支出资金`: 12 spaces, then 完成值 = (6 characters): column 19.
    assert_eq!(
        (data[0]["line"].as_u64(), data[0]["column"].as_u64()),
        (Some(9), Some(19))
    );
}

#[test]
fn explain_code_and_explain_one_indicator() {
    let code = jixiao(&["explain-code", "check::unit_mismatch"]);
    assert_eq!(code.status.code(), Some(0));
    assert!(stdout(&code).contains("单位不一致"));
    let unknown = jixiao(&["explain-code", "check::no_such_code"]);
    assert_eq!(unknown.status.code(), Some(2));
    let explain = jixiao(&[
        "explain",
        "rulesets/luohu-2024.jx",
        "examples/luohu-2024.facts.toml",
        "--indicator",
        "预算执行率",
    ]);
    assert_eq!(explain.status.code(), Some(0));
    assert!(stdout(&explain).contains("按“不足1个百分点的按1个百分点扣分”计为2个百分点"));
}

#[test]
fn a_new_project_starts_with_passing_cases() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("某项目-2025");
    let path = path.to_string_lossy();
    let created = jixiao(&["new", &path]);
    assert_eq!(created.status.code(), Some(0), "{}", stdout(&created));
    assert!(folder.path().join("common/framework-2020.jx").is_file());
    let test = jixiao(&["test", &format!("{path}.jx")]);
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));
    let again = jixiao(&["new", &path]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing project is not overwritten"
    );
}

/// Runs `jixiao audit` on the luohu ruleset with the luohu facts changed by `edit`.
fn audit_edited(edit: impl Fn(&str) -> String) -> Output {
    let root = env!("CARGO_MANIFEST_DIR");
    let facts = std::fs::read_to_string(format!("{root}/examples/luohu-2024.facts.toml"))
        .expect("facts are shipped");
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("edited.facts.toml");
    std::fs::write(&path, edit(&facts)).expect("written");
    jixiao(&[
        "audit",
        "rulesets/luohu-2024.jx",
        path.to_str().expect("UTF-8 path"),
    ])
}

#[test]
fn audit_of_a_claim_on_a_missing_indicator_is_an_error_naming_the_closest() {
    let output = audit_edited(|facts| {
        facts.replace(
            "\"预算执行率\" = { \"值\" = 3.94",
            "\"预算执行律\" = { \"值\" = 3.94",
        )
    });
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("得分「预算执行律」：规则中没有这个指标；是否想写「预算执行率」？"),
        "{stderr}"
    );
}

#[test]
fn audit_without_a_report_table_is_not_agreement() {
    let output = audit_edited(|facts| {
        let start = facts.find("[\"报告\"]").expect("the report table");
        facts[..start].to_string()
    });
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("无可复核："), "{stderr}");
    assert!(
        stderr.contains("中没有「报告」表，或其中没有可与重算结果比对的数值"),
        "{stderr}"
    );
}

#[test]
fn fmt_check_of_a_missing_path_or_no_rulesets_is_an_error() {
    let output = jixiao(&["fmt", "--check", "no-such-folder/"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("无法读取 no-such-folder/：找不到文件"),
        "{stderr}"
    );
    let output = jixiao(&["fmt", "--check", "no-such-file.jx"]);
    assert_eq!(output.status.code(), Some(2));
    let output = jixiao(&["fmt", "--check", "examples/"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("没有找到规则文件（*.jx），未检查任何文件"),
        "{stderr}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error_said_on_stderr() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full exists on Linux");
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "score",
            "rulesets/luohu-2024.jx",
            "examples/luohu-2024.facts.toml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "无法写出结果（标准输出）：磁盘已满\n");
}
