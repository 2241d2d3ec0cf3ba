//! The long explanation of every diagnostic code, for `jixiao explain-code`.
//! It is text only and uses nothing of the crate (its tests use
//! [`crate::files`] to read the source).
//!
//! A diagnostic names its code (`jixiao::check::unit_mismatch`); the
//! explanation says, in the officer's words, what the code means, shows a
//! small ruleset that produces it, and how to fix it — one page per code, in
//! the spirit of `rustc --explain`. The explanations are the one table of
//! codes ([`all`] reads the codes off them); a test keeps the table and the
//! source in step.

mod batch;
mod checking;
mod importing;
mod reading;
mod scoring;
mod serving;

/// Every explanation, by stage: reading and parsing, checking, facts files
/// and evaluation, batches, importing tables, and the workbench's requests. The table is the
/// one list of codes: each text starts with its code.
const EXPLANATIONS: [&[&str]; 6] = [
    reading::READING,
    checking::CHECKING,
    scoring::SCORING,
    batch::BATCH,
    importing::IMPORTING,
    serving::SERVING,
];

/// Every diagnostic code in jixiao, by stage: reading and parsing, checking,
/// facts files and evaluation.
pub fn all() -> impl Iterator<Item = &'static str> {
    texts().map(code_of)
}

/// Every code with its one-line title (`jixiao::parse::syntax：这里的写法…`),
/// for `jixiao explain-code list`.
pub fn summaries() -> impl Iterator<Item = &'static str> {
    texts().map(|text| text.lines().next().unwrap_or(text))
}

/// Every explanation text, by stage.
fn texts() -> impl Iterator<Item = &'static str> {
    EXPLANATIONS.into_iter().flatten().copied()
}

/// The code an explanation starts with (the text before its first 「：」).
fn code_of(text: &'static str) -> &'static str {
    text.split_once('：').map_or(text, |(code, _)| code)
}

/// The explanation of `code`, with or without the `jixiao::` prefix
/// (`check::unit_mismatch` and `jixiao::check::unit_mismatch` both work).
pub fn explanation(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let code = code.strip_prefix("jixiao::").unwrap_or(code);
    texts().find(|text| code_of(text).strip_prefix("jixiao::") == Some(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every `code(jixiao::…)` and `"jixiao::…` written in the crate's source
    /// (miette's attribute, and codes written out as text), found by reading
    /// `src/` and its folders (all files, so that a new module cannot slip by).
    fn codes_in_source() -> BTreeSet<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut found = BTreeSet::new();
        for path in crate::files::files_ending(&[dir.into()], ".rs") {
            if path.starts_with(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lang/codes")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            let attributes = text.split("code(").skip(1).map(str::trim_start);
            let written = text.split('"').skip(1);
            for piece in attributes.chain(written) {
                if let Some(rest) = piece.strip_prefix("jixiao::") {
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(rest.len());
                    let code = &rest[..end];
                    let well_formed = code
                        .split_once("::")
                        .is_some_and(|(stage, name)| !stage.is_empty() && !name.is_empty());
                    if well_formed {
                        found.insert(format!("jixiao::{code}"));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_code_in_the_source_is_listed() {
        let listed: BTreeSet<String> = all().map(str::to_string).collect();
        let missing: Vec<String> = codes_in_source().difference(&listed).cloned().collect();
        assert!(missing.is_empty(), "add an explanation: {missing:?}");
    }

    #[test]
    fn every_listed_code_is_in_the_source() {
        let found = codes_in_source();
        let stale: Vec<&str> = all().filter(|code| !found.contains(*code)).collect();
        assert!(stale.is_empty(), "no longer produced: {stale:?}");
    }

    #[test]
    fn every_explanation_starts_with_one_well_formed_code() {
        let mut seen = BTreeSet::new();
        for text in texts() {
            let code = code_of(text);
            let parts: Vec<&str> = code.split("::").collect();
            assert!(
                parts.len() == 3
                    && parts[0] == "jixiao"
                    && parts.iter().all(|part| {
                        !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }),
                "an explanation must start with jixiao::stage::name and 「：」: {code:?}"
            );
            assert!(seen.insert(code), "{code} is explained twice");
            assert_eq!(explanation(code), Some(text));
        }
    }

    #[test]
    fn the_prefix_is_optional() {
        assert_eq!(
            explanation("check::unit_mismatch"),
            explanation("jixiao::check::unit_mismatch")
        );
        assert!(explanation("check::unit_mismatch").is_some());
        assert!(explanation(" jixiao::parse::syntax ").is_some());
        assert!(explanation("check::no_such_code").is_none());
        assert!(explanation("unit_mismatch").is_none());
    }
}
