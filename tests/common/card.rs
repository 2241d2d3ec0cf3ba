//! One-indicator rulesets built from a header, facts and a rule body, for
//! tests that score a single rule at its edges (tests/exact.rs).

use jixiao::eval::ScoreCard;
use jixiao::facts::Format;
use jixiao::lang::compile::Compiled;

/// A ruleset of one indicator `指标 X（{weight}分）{ body }` under one 一级
/// and one 二级 of the same weight; `header` goes inside 体系 after 满分.
pub fn one_indicator(header: &str, weight: &str, facts: &str, body: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 {weight} {header} }}\n事实 {{\n{facts}\n}}\n\
         一级 甲（{weight}分）{{ 二级 乙（{weight}分）{{\n\
         指标 X（{weight}分）{{\n{body}\n}}\n}} }}\n"
    )
}

/// Builds the ruleset, panicking with its diagnostics if it does not build.
pub fn compile(source: &str) -> Compiled {
    let build = jixiao::build("测试.jx", source);
    match build.compiled {
        Some(compiled) => compiled,
        None => panic!("ruleset failed to build: {:?}\n{source}", build.diagnostics),
    }
}

/// Builds the ruleset and scores the TOML facts.
pub fn score(source: &str, facts: &str) -> ScoreCard {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("facts rejected: {errors:?}\n{facts}"));
    jixiao::eval::score(&compiled, &values)
}

/// The only indicator's score as text ("2.06"), or `None` if it faulted.
pub fn only_score(card: &ScoreCard) -> Option<String> {
    card.indicators()[0].score.map(|score| score.to_string())
}
