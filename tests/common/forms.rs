//! Tiny rulesets for the rule-form tests: one 一级, one 二级 and the
//! indicators under test, whose 满分 equals their weight, so `card.total` is
//! the indicator's score. Shared by tests/rule_forms.rs and tests/units.rs.

// Each test crate that includes this file uses only some of the helpers.
#![allow(dead_code)]

use jixiao::eval::{NodeScore, ScoreCard};
use jixiao::facts::Format;
use rust_decimal::Decimal;

/// A ruleset with one 一级 and one 二级 holding `indicators`, all worth `full`.
pub fn ruleset(full: &str, facts: &str, indicators: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 {full} }}\n\
         事实 {{\n{facts}\n}}\n\
         一级 测试一级（{full}分）{{\n\
         二级 测试二级（{full}分）{{\n\
         {indicators}\n\
         }}\n\
         }}\n"
    )
}

/// A ruleset with a single indicator `name` of weight `weight` and rule `body`.
pub fn single(weight: &str, facts: &str, name: &str, body: &str) -> String {
    ruleset(
        weight,
        facts,
        &format!("指标 {name}（{weight}分）{{\n{body}\n}}"),
    )
}

/// Builds the ruleset, panicking with the rendered diagnostics if it fails.
pub fn compile(source: &str) -> jixiao::lang::compile::Compiled {
    let build = jixiao::build("测试.jx", source);
    match build.compiled {
        Some(compiled) => compiled,
        None => {
            let rendered: Vec<String> = build
                .diagnostics
                .iter()
                .map(|report| format!("{report:?}"))
                .collect();
            panic!(
                "ruleset failed to build:\n{}\n--- source ---\n{source}",
                rendered.join("\n")
            );
        }
    }
}

/// Builds the ruleset, reads the TOML facts and scores them.
pub fn score(source: &str, facts: &str) -> ScoreCard {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("facts rejected: {errors:?}\n--- facts ---\n{facts}"));
    jixiao::eval::score(&compiled, &values)
}

/// The total as text, e.g. `Some("3.80")`.
pub fn total(card: &ScoreCard) -> Option<String> {
    card.total.map(|d| d.to_string())
}

pub fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

/// The card's total, checked against the bulk scorer's ([`jixiao::eval::Scores`],
/// what batch runs).
pub fn both_totals(source: &str, facts: &str) -> Option<String> {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
    let card = jixiao::eval::score(&compiled, &values);
    let mut bulk = jixiao::eval::Scores::default();
    bulk.score(&compiled, &values);
    assert_eq!(bulk.total, card.total, "bulk and card totals differ");
    total(&card)
}

/// Finds an indicator's row anywhere in the card.
pub fn indicator<'a>(card: &'a ScoreCard, name: &str) -> &'a jixiao::eval::IndicatorScore {
    fn walk<'a>(nodes: &'a [NodeScore], name: &str) -> Option<&'a jixiao::eval::IndicatorScore> {
        nodes.iter().find_map(|node| match node {
            NodeScore::Indicator(row) if row.name == name => Some(row),
            NodeScore::Indicator(_) => None,
            NodeScore::Group(group) => walk(&group.children, name),
        })
    }
    card.groups
        .iter()
        .find_map(|group| walk(&group.children, name))
        .unwrap_or_else(|| panic!("no indicator 「{name}」 in the card"))
}

pub fn indicator_score(card: &ScoreCard, name: &str) -> Option<String> {
    indicator(card, name).score.map(|d: Decimal| d.to_string())
}

/// The error codes of a ruleset that must fail to build.
pub fn build_error_codes(source: &str) -> Vec<String> {
    let build = jixiao::build("测试.jx", source);
    assert!(
        build.compiled.is_none(),
        "expected the ruleset to be rejected:\n{source}"
    );
    build
        .diagnostics
        .iter()
        .filter_map(|report| miette::Diagnostic::code(&**report))
        .map(|code| code.to_string())
        .collect()
}

/// The total of `facts` scored by `source`, as text: [`score`] then [`total`].
pub fn scored_total(source: &str, facts: &str) -> Option<String> {
    total(&score(source, facts))
}

/// The codes of the faults scoring gives.
pub fn fault_codes(source: &str, facts: &str) -> Vec<String> {
    score(source, facts)
        .faults
        .iter()
        .filter_map(|fault| miette::Diagnostic::code(fault).map(|code| code.to_string()))
        .collect()
}
