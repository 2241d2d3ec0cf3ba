//! The ui corpus: one small ruleset per case in `tests/ui/`, named for what it
//! shows, with the diagnostics it produces rendered as an officer sees them
//! (no colour, 100 columns) and kept beside it as `tests/ui/<case>.snap`.
//!
//! The corpus is the specification of the diagnostics: every code that a
//! ruleset can produce appears in at least one case, and every snapshot has
//! been read for whether a finance officer would understand it. Regenerate with
//! `INSTA_UPDATE=always cargo test --test ui`, then read the diff.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn cases() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut cases: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/ui exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jx"))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("case names are UTF-8")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("case is readable");
            (name, text)
        })
        .collect();
    cases.sort();
    cases
}

/// Builds a case; its imports are read from tests/ui, named relative to the
/// package so that snapshots do not depend on where it is checked out.
fn build(name: &str, text: &str) -> jixiao::Build {
    let loader = jixiao::FileLoader {
        folder: "tests/ui".into(),
    };
    jixiao::build_with(&format!("{name}.jx"), text, &loader)
}

/// Every diagnostic of a build, rendered without colour at a fixed width.
fn render(name: &str, text: &str) -> String {
    let build = build(name, text);
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for report in &build.diagnostics {
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering to a string cannot fail");
        out.push('\n');
    }
    if build.compiled.is_some() {
        out.push_str("（编译成功）\n");
    }
    out
}

/// Every code in a build's diagnostics, related ones included.
fn codes(text: &str) -> BTreeSet<String> {
    fn walk(diagnostic: &dyn Diagnostic, out: &mut BTreeSet<String>) {
        if let Some(code) = diagnostic.code() {
            out.insert(code.to_string());
        }
        for related in diagnostic.related().into_iter().flatten() {
            walk(related, out);
        }
    }
    let mut out = BTreeSet::new();
    for report in build("case", text).diagnostics {
        walk(report.as_ref(), &mut out);
    }
    out
}

#[test]
fn every_case_matches_its_snapshot() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} ui cases", cases.len());
    for (name, text) in cases {
        let rendered = render(&name, &text);
        insta::with_settings!({
            snapshot_path => "ui",
            prepend_module_to_snapshot => false,
            description => format!("tests/ui/{name}.jx"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, rendered);
        });
    }
}

#[test]
fn no_case_panics() {
    for (name, text) in cases() {
        let outcome = std::panic::catch_unwind(|| build("case", &text));
        assert!(outcome.is_ok(), "{name} panicked");
    }
}

#[test]
fn every_ruleset_code_has_a_case() {
    let mut seen = BTreeSet::new();
    for (_, text) in cases() {
        seen.extend(codes(&text));
    }
    let missing: Vec<&str> = jixiao::lang::codes::all()
        .filter(|code| code.starts_with("jixiao::parse::") || code.starts_with("jixiao::check::"))
        .filter(|code| !seen.contains(*code))
        .collect();
    assert!(missing.is_empty(), "codes without a ui case: {missing:?}");
}

#[test]
fn every_case_produces_the_code_it_is_named_for() {
    // check_unit_mismatch_… must produce jixiao::check::unit_mismatch, so that
    // the file list reads as an index of the diagnostics; ok_… produces none.
    let mut misnamed = Vec::new();
    for (name, text) in cases() {
        if name.starts_with("ok_") {
            let build = build("case", &text);
            if build.compiled.is_none() || !build.diagnostics.is_empty() {
                misnamed.push(format!("{name}: expected no diagnostic"));
            }
            continue;
        }
        let Some((stage, rest)) = name.split_once('_') else {
            panic!("{name}: name a case <stage>_<code>_<what>");
        };
        let codes = codes(&text);
        let named = codes.iter().any(|code| {
            code.strip_prefix(&format!("jixiao::{stage}::"))
                .is_some_and(|code| rest.starts_with(code))
        });
        if !named {
            misnamed.push(format!("{name}: {codes:?}"));
        }
    }
    assert!(misnamed.is_empty(), "{misnamed:#?}");
}
