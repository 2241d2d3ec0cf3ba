//! Importing a library and reusing its indicators (沿用): with another
//! weight, with the rule overridden, with only a 前提 added.

use std::path::Path;

fn score(ruleset: &str, facts: &str) -> jixiao::eval::ScoreCard {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(ruleset);
    let build = jixiao::build_file(&path);
    let errors: Vec<String> = build.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let compiled = build
        .compiled
        .unwrap_or_else(|| panic!("{}", errors.join("\n")));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let values = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    jixiao::eval::score(&compiled, &values)
}

const REUSE: &str = "tests/ui/ok_reuse_with_weight_and_overrides.jx";

#[test]
fn a_reused_indicator_takes_its_new_weight_rule_and_gate() {
    let facts = "\"实际到位资金\" = 62.46\n\"实际支出资金\" = 61.5\n\"立项合规\" = true\n\"程序合规\" = true";
    let card = score(REUSE, facts);
    let scores: Vec<(String, Option<String>)> = card
        .indicators()
        .iter()
        .map(|i| (i.name.clone(), i.score.map(|s| s.to_string())))
        .collect();
    // 预算执行率 (8分, overridden rule): 61.5 / 62.46 = 98.46%, 1.54 points short → 2;
    // 8 − 2 × 0.1 = 7.80 (the library's own rule would give 98.46% × 8 = 7.88).
    // 立项程序规范性 (library 立项规范性, 2分): 1 + 1 = 2.
    assert_eq!(
        scores,
        [
            ("预算执行率".to_string(), Some("7.80".to_string())),
            ("立项程序规范性".to_string(), Some("2.00".to_string())),
        ]
    );
    assert_eq!(card.total.map(|t| t.to_string()), Some("9.80".into()));
}

#[test]
fn the_added_gate_zeroes_the_reused_checklist() {
    let facts = "\"实际到位资金\" = 62.46\n\"实际支出资金\" = 61.5\n\"立项合规\" = false\n\"程序合规\" = true";
    let card = score(REUSE, facts);
    // 前提 ① fails: 立项程序规范性 = 0 although ② holds; 7.80 + 0 = 7.80.
    assert_eq!(card.total.map(|t| t.to_string()), Some("7.80".into()));
}

#[test]
fn a_library_file_checks_on_its_own() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/common/framework-2020.jx");
    let build = jixiao::build_file(&path);
    let codes: Vec<String> = build
        .diagnostics
        .iter()
        .filter_map(|d| d.code().map(|c| c.to_string()))
        .collect();
    assert!(build.compiled.is_some(), "{codes:?}");
    assert_eq!(codes, Vec::<String>::new());
}
