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
    // With no code, or `list`, every code is listed with its title, one a line.
    for args in [&["explain-code"][..], &["explain-code", "list"]] {
        let list = jixiao(args);
        assert_eq!(list.status.code(), Some(0));
        let lines: Vec<String> = stdout(&list).lines().map(str::to_string).collect();
        assert_eq!(lines.len(), jixiao::lang::codes::all().count());
        assert!(lines
            .iter()
            .any(|line| line.starts_with("jixiao::parse::unknown_unit：")));
    }
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

#[test]
fn an_error_past_column_65535_is_shown_in_a_window_of_its_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let ruleset = folder.path().join("测试.jx");
    std::fs::write(
        &ruleset,
        "体系 \"测试\" { 满分 3 }\n事实 {\n    完成日期: 日期\n}\n\
         一级 测试一级（3分）{\n    二级 测试二级（3分）{\n        指标 按时完成（3分）{\n\
         完成值 = 完成日期\n            标杆值 2024-12-31\n\
         评分 { 每延迟1天扣0.5分，扣完为止 }\n        }\n    }\n}\n",
    )
    .expect("written");
    // One line of 99,041 bytes: `{"完成日期": "2024-12-31",` is 30 bytes,
    // then 99,000 spaces, so the unknown key's quote is at byte 99,030 —
    // column 99,031 as miette counts (bytes), far past 65,535.
    let facts = folder.path().join("事实.json");
    let line = format!(
        "{{\"完成日期\": \"2024-12-31\",{}\"未知\": 1}}\n",
        " ".repeat(99_000)
    );
    std::fs::write(&facts, line).expect("written");
    let output = jixiao(&[
        "score",
        ruleset.to_str().expect("path"),
        facts.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 2, as for any refused facts file.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("事实文件中的「未知」不是已声明的事实"),
        "{stderr}"
    );
    assert!(stderr.contains("事实.json:1:99031"), "{stderr}");
    // The window: 120 bytes before the key and the rest of the line, not
    // 99 KB of spaces.
    assert!(stderr.len() < 2_000, "{} bytes", stderr.len());
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[test]
fn usage_errors_and_help_pages_are_in_chinese() {
    let misspelt = jixiao(&["chek", "rulesets/luohu-2024.jx"]);
    assert_eq!(misspelt.status.code(), Some(2));
    assert!(stderr(&misspelt).contains("没有命令「chek」。是否想写「check」？"));
    let missing = jixiao(&["check"]);
    assert!(stderr(&missing).contains("缺少参数：<RULESET>"));
    let bad_value = jixiao(&["score", "a.jx", "b.toml", "--format", "xlsx2"]);
    assert!(stderr(&bad_value).contains("的值「xlsx2」无效，可选：table、json、markdown"));
    let help = jixiao(&["score", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    for page in [&stdout(&help), &stderr(&misspelt), &stderr(&bad_value)] {
        for english in [
            "error:",
            "Usage:",
            "Print help",
            "Possible values",
            "[OPTIONS]",
        ] {
            assert!(!page.contains(english), "「{english}」 in:\n{page}");
        }
    }
    assert!(stdout(&help).contains("用法：jixiao score [选项] <RULESET> <FACTS>"));
    assert!(stdout(&help).contains("可选：table（终端表格）"));
}

#[test]
fn a_full_stderr_does_not_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("/dev/full is not available: full-stderr test skipped");
        return;
    };
    for (args, status) in [
        (&["check", "no-such-ruleset.jx"][..], 2),
        (
            &["check", "tests/ui/check_unit_mismatch_money_vs_count.jx"][..],
            2,
        ),
        (&["chek"][..], 2),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(full.try_clone().expect("a second handle"))
            .output()
            .expect("the binary runs");
        // A panic exits with 101; the command's own status tells what happened.
        assert_eq!(output.status.code(), Some(status), "{args:?}");
    }
}

/// One cause written 38 times (the same tier arm after the first) is shown
/// once, with its code, as a warning, and with the count of its places.
#[test]
fn a_repeated_warning_is_shown_once_with_its_code_and_count() {
    let arms = vec!["效果 为 明显 得5分"; 39].join("；");
    let source = format!(
        "体系 \"x\" {{ 满分 5 }}\n事实 {{ 效果: 档次（明显，一般） }}\n\
         一级 g（5分）{{ 二级 h（5分）{{ 指标 i（5分）{{\n评分 {{ {arms}；否则 得0分 }} }} }} }}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("重复.jx");
    std::fs::write(&path, source).unwrap();
    let output = jixiao(&["check", path.to_str().unwrap()]);
    // Warnings only: the ruleset builds.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = stderr(&output);
    assert_eq!(
        shown.matches("jixiao::check::branch_never_taken").count(),
        1,
        "{shown}"
    );
    assert!(shown.contains("⚠ 这条规则永远不会用到"), "{shown}");
    assert!(shown.contains("（共 38 处）"), "{shown}");
    // With the ruleset's line it stands on.
    assert!(shown.contains("4 │ 评分 { 效果 为 明显 得5分；"), "{shown}");
}
