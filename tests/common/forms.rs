//! Helpers for rule-form tests: a one-indicator ruleset around a rule, built
//! and scored from TOML facts.

use jixiao::eval::ScoreCard;
use jixiao::facts::Format;

/// A ruleset with one 一级 and one 二级 holding one indicator `name` of weight
/// `weight` (also the 满分) with `body`, over the facts `facts`.
pub fn single(weight: &str, facts: &str, name: &str, body: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 {weight} }}\n\
         事实 {{\n{facts}\n}}\n\
         一级 测试一级（{weight}分）{{\n\
         二级 测试二级（{weight}分）{{\n\
         指标 {name}（{weight}分）{{\n{body}\n}}\n\
         }}\n\
         }}\n"
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

/// The total as text (`Some("3.80")`), or `None` when it could not be scored.
pub fn total(source: &str, facts: &str) -> Option<String> {
    score(source, facts).total.map(|total| total.to_string())
}
