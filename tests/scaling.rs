//! Rulesets far larger than any report's: thousands of indicators, and a 评分
//! block of thousands of clauses, go through the whole pipeline and come out
//! right. (How their cost grows is shown by `examples/scaling.rs`, not
//! timed here.)

#[path = "common/scaling.rs"]
mod scaling;

use jixiao::facts::Format;
use rust_decimal::Decimal;

#[test]
fn thousands_of_indicators_score_explain_and_audit() {
    let n = 3_000;
    let (ruleset, facts) = scaling::many_indicators(n);
    let build = jixiao::build("规模.jx", &ruleset);
    assert!(build.diagnostics.is_empty(), "{:?}", build.diagnostics);
    let compiled = build.compiled.expect("the ruleset builds");
    let facts = jixiao::facts::parse(&facts, Format::Toml, &compiled).expect("the facts load");
    let explanation = jixiao::explain::explain(&compiled, &facts);
    // Every 要点 holds: 1 分 each, n in all.
    assert_eq!(explanation.card.total, Some(Decimal::from(n)));
    assert_eq!(explanation.indicators.len(), n);
    let markdown = jixiao::explain::markdown(&explanation);
    assert!(markdown.contains(&format!("I{}", n - 1)));
    // The report claims each indicator's 1 分 and the total: n + 1 claims, all right.
    let audit = jixiao::audit::audit(&compiled, &facts);
    assert_eq!(audit.compared, n + 1);
    assert!(audit.discrepancies.is_empty());
}

#[test]
fn a_scoring_block_of_thousands_of_clauses_checks_clean() {
    // Each clause `完成值 >= k个` is reached (by k) and the 否则 by 0.
    let build = jixiao::build("规模.jx", &scaling::many_clauses(3_000));
    assert!(build.diagnostics.is_empty(), "{:?}", build.diagnostics);
    assert!(build.compiled.is_some());
}

#[test]
fn a_case_over_thousands_of_indicators_passes() {
    let n = 3_000;
    let (ruleset, facts) = scaling::many_indicators(n);
    let expected: String = (0..n).map(|k| format!("\"I{k}\" = \"1.00\"\n")).collect();
    let cases = format!(
        "[\"全部\"]\n\"事实文件\" = \"规模.facts.toml\"\n[\"全部\".\"期望\"]\n\
         \"总分\" = \"{n}.00\"\n[\"全部\".\"期望\".\"得分\"]\n{expected}"
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text);
    write("规模.jx", &ruleset).expect("the ruleset is written");
    write("规模.facts.toml", &facts).expect("the facts are written");
    write("规模.cases.toml", &cases).expect("the cases are written");
    let result = jixiao::cases::run_file(&dir.path().join("规模.cases.toml"), false);
    assert_eq!(result.error, None);
    assert_eq!(result.cases.len(), 1);
    assert!(result.cases[0].passed(), "{:?}", result.cases[0].failures);
}

#[test]
fn thousands_of_ranged_indicators_check_clean_and_score_right() {
    let n = 3_000;
    let (ruleset, facts) = scaling::many_rated_indicators(n);
    let build = jixiao::build("规模.jx", &ruleset);
    assert!(build.diagnostics.is_empty(), "{:?}", build.diagnostics);
    let compiled = build.compiled.expect("the ruleset builds");
    let facts = jixiao::facts::parse(&facts, Format::Toml, &compiled).expect("the facts load");
    let card = jixiao::eval::score(&compiled, &facts);
    // 99.5 ÷ 100 = 99.5%: 0.5 points short, counted as 1; 4 − 0.1 = 3.9 each.
    assert!(card
        .indicators()
        .iter()
        .all(|indicator| indicator.score == Some(Decimal::new(390, 2))));
    assert_eq!(card.total, Some(Decimal::new(39, 1) * Decimal::from(n)));
}
