//! Every shipped ruleset's cases pass, each case's explanation is a
//! snapshot (its own `快照` file, or else an insta snapshot here, so that no
//! explanation is kept twice), and breaking a rule in a copy fails exactly
//! the cases it should.

use jixiao::cases::{discover, run_file};
use std::path::Path;

fn rulesets() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets")
}

#[test]
fn every_shipped_case_passes_and_is_snapshotted() {
    let files = discover(&rulesets());
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let result = run_file(&file, false);
        assert_eq!(result.error, None, "{}", file.display());
        let stem = file
            .file_name()
            .map(|name| name.to_string_lossy().replace(".cases.toml", ""))
            .unwrap_or_default();
        for case in &result.cases {
            assert!(
                case.passed(),
                "{} / {}: {:?} {:?}",
                stem,
                case.name,
                case.failures,
                case.snapshot_diff
            );
            // A case with its own 快照 was compared by run_file above.
            if !case.snapshotted {
                insta::assert_snapshot!(format!("{stem}__{}", case.name), case.explanation);
            }
        }
    }
}

/// Copies a seed's ruleset, cases, snapshots and facts into a temporary tree
/// of the same shape, with `edit` applied to the ruleset text.
fn broken_copy(name: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().expect("temporary folder");
    let rulesets = copy.path().join("rulesets");
    let examples = copy.path().join("examples");
    let snapshots = rulesets.join(format!("{name}.cases"));
    let common = rulesets.join("common");
    for folder in [&rulesets, &examples, &snapshots, &common] {
        std::fs::create_dir_all(folder).expect("create folder");
    }
    let source =
        std::fs::read_to_string(root.join(format!("rulesets/{name}.jx"))).expect("ruleset");
    std::fs::write(rulesets.join(format!("{name}.jx")), edit(&source)).expect("write ruleset");
    for (from, to) in [
        (
            format!("rulesets/{name}.cases.toml"),
            rulesets.join(format!("{name}.cases.toml")),
        ),
        (
            format!("examples/{name}.facts.toml"),
            examples.join(format!("{name}.facts.toml")),
        ),
        (
            format!("rulesets/{name}.cases/报告所述事实.snap"),
            snapshots.join("报告所述事实.snap"),
        ),
        (
            "rulesets/common/framework-2020.jx".to_string(),
            common.join("framework-2020.jx"),
        ),
    ] {
        std::fs::copy(root.join(from), to).expect("copy");
    }
    copy
}

#[test]
fn breaking_one_rule_fails_exactly_the_cases_that_depend_on_it() {
    // 预算执行率 deducts 0.2 instead of 0.1 per point: 98.46% → 4 − 2 × 0.2 = 3.60.
    let copy = broken_copy("luohu-2024", |source| {
        // The rule as printed: ②预算执行率每降低1个百分点扣0.1分.
        source.replacen(
            "预算执行率每降低1个百分点扣0.1分",
            "预算执行率每降低1个百分点扣0.2分",
            1,
        )
    });
    let result = run_file(&copy.path().join("rulesets/luohu-2024.cases.toml"), false);
    assert_eq!(result.error, None);
    let failed: Vec<&str> = result
        .cases
        .iter()
        .filter(|case| !case.passed())
        .map(|case| case.name.as_str())
        .collect();
    // Every case whose 预算执行率 is below 100% and that states the total or
    // that score fails; 执行率恰为100%, 到位资金为零 (no total), 延迟过久扣完为止,
    // 资金使用前提不符 and 存在挪用 (no total) do not.
    assert_eq!(
        failed,
        [
            "报告所述事实",
            "排查延迟12天",
            "立项程序前提不符",
            "综合治理效果一般",
            "满意度90%",
            "少监管三家"
        ]
    );
    let first = &result.cases[0];
    assert!(
        first
            .failures
            .contains(&"预算执行率：期望 3.80，实得 3.60".to_string()),
        "{:?}",
        first.failures
    );
    assert!(
        first
            .failures
            .contains(&"总分：期望 99.80，实得 99.60".to_string()),
        "{:?}",
        first.failures
    );
    let diff = first.snapshot_diff.as_deref().unwrap_or_default();
    assert!(diff.contains("− 预算执行率（权重4分）"), "{diff}");
    assert!(
        diff.contains("扣 2 × 0.2 = 0.4分，得分 4 − 0.4 = 3.6分"),
        "{diff}"
    );
}

#[test]
fn update_writes_the_snapshot_and_then_the_case_passes_its_snapshot() {
    let copy = broken_copy("yantian-2024", str::to_string);
    let cases = copy.path().join("rulesets/yantian-2024.cases.toml");
    let snapshot = copy
        .path()
        .join("rulesets/yantian-2024.cases/报告所述事实.snap");
    std::fs::write(&snapshot, "旧的快照\n").expect("overwrite snapshot");
    let before = run_file(&cases, false);
    assert!(before.cases[0].snapshot_diff.is_some());
    let updated = run_file(&cases, true);
    assert!(updated.cases[0].snapshot_written);
    let after = run_file(&cases, false);
    assert!(after.cases.iter().all(|case| case.passed()));
}

/// One indicator, 预算执行率 (4分) = 实际支出资金 / 实际到位资金 × 权重.
const SMALL_RULESET: &str =
    "体系 \"x\" { 满分 4 }\n事实 { 实际到位资金: 万元  实际支出资金: 万元 }\n\
     一级 g（4分）{ 二级 h（4分）{ 指标 预算执行率（4分）{\n\
     完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n\
     评分 { 得分 = 完成值 × 权重 } } } }\n";

#[test]
fn a_case_reads_a_json_facts_file_and_overrides_it_inline() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let write = |name: &str, text: &str| {
        std::fs::write(folder.path().join(name), text).expect("write");
    };
    write("json.jx", SMALL_RULESET);
    write(
        "json.facts.json",
        r#"{ "实际到位资金": "100万元", "实际支出资金": "90万元" }"#,
    );
    write(
        "json.cases.toml",
        "[\"文件中的事实\"]\n\"事实文件\" = \"json.facts.json\"\n\
         [\"文件中的事实\".\"期望\"]\n\"总分\" = \"3.60\"\n\
         [\"覆盖一项\"]\n\"事实文件\" = \"json.facts.json\"\n\"事实\" = { \"实际支出资金\" = \"50万元\" }\n\
         [\"覆盖一项\".\"期望\"]\n\"总分\" = \"2.00\"\n",
    );
    // 90 / 100 = 90% × 4 = 3.60; overridden 50 / 100 = 50% × 4 = 2.00.
    let result = run_file(&folder.path().join("json.cases.toml"), false);
    assert_eq!(result.error, None);
    for case in &result.cases {
        assert!(case.passed(), "{}: {:?}", case.name, case.failures);
    }
    assert_eq!(result.cases.len(), 2);
}

/// The failures of each case of `cases` (a cases file's text) run against
/// [`SMALL_RULESET`] with 实际到位资金 100万元 and 实际支出资金 90万元.
fn small_case_failures(cases: &str) -> Vec<(String, Vec<String>)> {
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::write(folder.path().join("s.jx"), SMALL_RULESET).expect("write");
    let facts = "\"事实\" = { \"实际到位资金\" = \"100万元\", \"实际支出资金\" = \"90万元\" }\n";
    let cases = cases.replace("[事实]", facts);
    std::fs::write(folder.path().join("s.cases.toml"), cases).expect("write");
    let result = run_file(&folder.path().join("s.cases.toml"), false);
    assert_eq!(result.error, None);
    result
        .cases
        .into_iter()
        .map(|case| (case.name, case.failures))
        .collect()
}

#[test]
fn a_misspelt_or_mistyped_expectation_fails_the_case() {
    let failures = small_case_failures(
        "[\"错字\"]\n[事实]\n[\"错字\".\"期望\"]\n\"总份\" = \"0\"\n\
         [\"故障不是列表\"]\n[事实]\n[\"故障不是列表\".\"期望\"]\n\"故障\" = \"无\"\n\
         [\"期望写错\"]\n[事实]\n[\"期望写错\".\"期忘\"]\n\"总分\" = \"0\"\n\
         [\"快照不是真假\"]\n[事实]\n\"快照\" = \"是\"\n",
    );
    assert_eq!(
        failures,
        [
            ("错字", vec!["期望中的「总份」无法识别：是否想写「总分」？"]),
            (
                "故障不是列表",
                vec![
                    "故障的期望应是诊断代码（文本）的列表，例如 [\"jixiao::eval::division_by_zero\"]"
                ]
            ),
            ("期望写错", vec!["案例中的「期忘」无法识别：是否想写「期望」？"]),
            ("快照不是真假", vec!["「快照」应是真假值（true 或 false）"]),
        ]
        .map(|(name, failures)| (
            name.to_string(),
            failures.into_iter().map(String::from).collect::<Vec<_>>()
        ))
    );
}

#[test]
fn a_case_expecting_a_fault_the_card_does_not_have_fails() {
    // 90万元 of 100万元 divides by a non-zero amount: the card has no fault,
    // so expecting a division by zero is a failure, as is any other list.
    let failures = small_case_failures(
        "[\"错故障\"]\n[事实]\n[\"错故障\".\"期望\"]\n\"故障\" = [\"jixiao::eval::division_by_zero\"]\n",
    );
    assert_eq!(
        failures,
        [(
            "错故障".to_string(),
            vec!["故障：期望 [\"jixiao::eval::division_by_zero\"]，实得 []".to_string()]
        )]
    );
}

#[test]
fn a_correct_small_case_passes() {
    let failures = small_case_failures(
        "[\"对\"]\n[事实]\n[\"对\".\"期望\"]\n\"总分\" = \"3.60\"\n\"故障\" = []\n",
    );
    assert_eq!(failures, [("对".to_string(), Vec::<String>::new())]);
}
