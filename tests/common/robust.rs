//! What must hold for any input, however hostile: shared by the property
//! tests (tests/properties.rs, in `cargo test`) and the cargo-fuzz targets
//! (fuzz/fuzz_targets/), so that both check one set of properties.
//!
//! Each function panics only when a property fails; the library itself
//! must never panic on any input.

use jixiao::facts::Format;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// Serves the common framework library to `导入`, and nothing else: the
/// properties must not read files that the input names.
struct FrameworkOnly;

impl jixiao::Loader for FrameworkOnly {
    fn load(&self, path: &str) -> Result<(String, String), String> {
        if path.ends_with("framework-2020.jx") {
            let text = include_str!("../../rulesets/common/framework-2020.jx");
            Ok((path.to_string(), text.to_string()))
        } else {
            Err("只提供共性框架".to_string())
        }
    }
}

/// Builds a ruleset, its imports served by [`FrameworkOnly`].
fn build(ruleset: &str) -> jixiao::Build {
    jixiao::build_with("fuzz.jx", ruleset, &FrameworkOnly)
}

/// Builds a ruleset and renders every diagnostic as people and machines see
/// it (the graphical report, and the JSON data with line and column).
pub fn build_and_render(ruleset: &str) -> Option<jixiao::lang::compile::Compiled> {
    let build = build(ruleset);
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    for report in &build.diagnostics {
        let mut out = String::new();
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering into a String cannot fail");
        let data = jixiao::lang::diagnostics::all(report, &build.sources);
        assert!(!data.is_empty(), "every report has data");
    }
    for report in jixiao::lang::diagnostics::for_people(build.diagnostics) {
        let mut out = String::new();
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering into a String cannot fail");
    }
    build.compiled
}

/// Reads `facts` for a ruleset as TOML and as JSON, and where they read,
/// scores, explains and audits them in every output format.
pub fn score_everything(compiled: &jixiao::lang::compile::Compiled, facts: &str) {
    for format in [Format::Toml, Format::Json] {
        let Ok(values) = jixiao::facts::parse(facts, format, compiled) else {
            continue;
        };
        let card = jixiao::eval::score(compiled, &values);
        assert_eq!(
            card.total.is_none(),
            !card.faults.is_empty(),
            "a total exists exactly when nothing faulted"
        );
        // Each indicator's score lies in [0, its weight]; weights adding up
        // past 满分 are only a warning today, so the bound is their sum.
        let bound: rust_decimal::Decimal = card.indicators().iter().map(|row| row.weight).sum();
        if let Some(total) = card.total {
            assert!(
                total >= rust_decimal::Decimal::ZERO && total <= bound,
                "total {total} within 0..{bound}"
            );
        }
        jixiao::render::table(&card);
        jixiao::render::json(&card);
        let explanation = jixiao::explain::explain(compiled, &values);
        jixiao::explain::text(&explanation);
        jixiao::explain::json(&explanation);
        jixiao::explain::markdown(&explanation);
        let audit = jixiao::audit::audit(compiled, &values);
        assert_claims_accounted_for(&values.claims, &audit);
        jixiao::audit::text(&audit);
        jixiao::audit::json(&audit);
    }
}

/// Nothing to compare is not agreement: where the facts carry printed claims,
/// the audit compared some, or says which it skipped or could not place.
fn assert_claims_accounted_for(claims: &jixiao::facts::Claims, audit: &jixiao::audit::Audit) {
    let claimed = claims.scores.len()
        + claims.actuals.len()
        + claims.targets.len()
        + claims.subtotals.len()
        + claims.total.len()
        + claims.grade.len();
    let accounted = audit.compared + audit.skipped.len() + audit.unknown.len();
    assert!(
        claimed == 0 || accounted > 0,
        "{claimed} claims, none compared, skipped or unknown"
    );
    if audit.agrees() {
        assert!(audit.compared > 0, "agreement needs a comparison");
    }
}

/// Formatting keeps a ruleset's meaning: the formatted text builds exactly
/// when the original does, and scores every facts file the same.
pub fn fmt_keeps_meaning(ruleset: &str, facts: &str) {
    use jixiao::fmt::{format, FmtOptions, Punctuation};
    let original = build(ruleset).compiled;
    for punctuation in [Punctuation::FullWidth, Punctuation::HalfWidth] {
        let options = FmtOptions {
            punctuation,
            ..FmtOptions::default()
        };
        let Ok(formatted) = format(ruleset, &options) else {
            continue;
        };
        let reformatted = build(&formatted).compiled;
        assert_eq!(
            original.is_some(),
            reformatted.is_some(),
            "formatting changed whether the ruleset builds:\n{formatted}"
        );
        let (Some(original), Some(reformatted)) = (&original, &reformatted) else {
            continue;
        };
        for format in [Format::Toml, Format::Json] {
            let before = jixiao::facts::parse(facts, format, original);
            let after = jixiao::facts::parse(facts, format, reformatted);
            assert_eq!(before.is_ok(), after.is_ok(), "facts read differently");
            if let (Ok(before), Ok(after)) = (before, after) {
                assert_eq!(
                    jixiao::render::json(&jixiao::eval::score(original, &before)),
                    jixiao::render::json(&jixiao::eval::score(reformatted, &after)),
                    "formatting changed a score:\n{formatted}"
                );
            }
        }
    }
}

/// Splits fuzz input into a ruleset and a facts text at the first NUL.
pub fn split_input(data: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(data);
    match text.split_once('\0') {
        Some((ruleset, facts)) => (ruleset.to_string(), facts.to_string()),
        None => (text.to_string(), String::new()),
    }
}
