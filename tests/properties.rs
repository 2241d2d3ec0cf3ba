//! Property tests over hostile input, bounded so that they run in every
//! `cargo test`: mutated rulesets from the ui corpus, mutated seed facts
//! files and random facts must never panic, scores stay within their bounds, and formatting never changes
//! a score. The same properties run unbounded as cargo-fuzz targets
//! (fuzz/fuzz_targets/; see the README's Limits section).

#[path = "common/robust.rs"]
mod robust;

use proptest::prelude::*;
use std::path::PathBuf;

/// The shipped rulesets and the ui corpus, read once.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let folders = [root.join("tests/ui"), root.join("rulesets")];
        let mut seeds: Vec<String> = jixiao::files::files_ending(&folders, ".jx")
            .into_iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        seeds.sort();
        assert!(seeds.len() > 50, "the ui corpus is there");
        seeds
    })
}

/// The seed rulesets with their facts files (which carry the reports'
/// printed claims), read once.
fn seed_projects() -> &'static [(String, String)] {
    static PROJECTS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    PROJECTS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        ["luohu-2024", "yantian-2024"]
            .iter()
            .map(|name| {
                let read = |path: PathBuf| std::fs::read_to_string(path).expect("seed is shipped");
                (
                    read(root.join(format!("rulesets/{name}.jx"))),
                    read(root.join(format!("examples/{name}.facts.toml"))),
                )
            })
            .collect()
    })
}

/// Pieces an edit may insert: keywords, numbers at their edges, units,
/// punctuation of both widths, and characters that have broken parsers.
const PIECES: &[&str] = &[
    "得满分",
    "得0分",
    "扣",
    "每降低",
    "不足",
    "按比例扣分",
    "否则",
    "为",
    "且",
    "或",
    "不 ",
    "完成值",
    "标杆值",
    "权重",
    "要点",
    "前提",
    "评分",
    "酌情",
    "{",
    "}",
    "（",
    "）",
    "(",
    ")",
    "；",
    ";",
    "，",
    "：",
    "%",
    "个百分点",
    "万元",
    "亿元",
    "家",
    "天",
    "1",
    "0",
    "-1",
    "0.5",
    "99.999999999999999999999999999",
    "1000000000000000",
    "1e-28",
    "2024-12-31",
    "24-12-31",
    "\u{200B}",
    "\u{FEFF}",
    "\0",
    "\"",
    "“",
    "\n",
    " ",
    "①",
    "⑳",
    "≥",
    "<=",
    "×",
    "/",
    "÷",
];

/// One edit of a ruleset's text at a relative position.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, usize),
    Delete(f64, usize),
    DuplicateLine(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0f64, 0..PIECES.len()).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        (0.0..1.0f64, 1..12usize).prop_map(|(at, len)| Edit::Delete(at, len)),
        (0.0..1.0f64).prop_map(Edit::DuplicateLine),
    ]
}

/// The character boundary nearest a relative position.
fn boundary(text: &str, at: f64) -> usize {
    let target = (text.len() as f64 * at) as usize;
    (target..=text.len())
        .find(|&index| text.is_char_boundary(index))
        .unwrap_or(text.len())
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut text = text.to_string();
    match *edit {
        Edit::Insert(at, piece) => text.insert_str(boundary(&text, at), PIECES[piece]),
        Edit::Delete(at, len) => {
            let start = boundary(&text, at);
            let end = text[start..]
                .char_indices()
                .nth(len)
                .map_or(text.len(), |(offset, _)| start + offset);
            text.replace_range(start..end, "");
        }
        Edit::DuplicateLine(at) => {
            let at = boundary(&text, at);
            let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let end = text[at..]
                .find('\n')
                .map_or(text.len(), |newline| at + newline);
            let line = format!("{}\n", &text[start..end]);
            text.insert_str(start, &line);
        }
    }
    text
}

/// Values a fact may be given, typed and untyped, at their edges.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.85",
    "100",
    "98.46",
    "1000000000000000",
    "0.0000000000000000000000000001",
    "\"98.46%\"",
    "\"61.5万元\"",
    "\"353家\"",
    "\"2024-12-31\"",
    "\"24-12-31\"",
    "\"是\"",
    "\"否\"",
    "true",
    "false",
    "\"明显\"",
    "\"一般\"",
    "\"\"",
    "[1, 2]",
    "{ a = 1 }",
];

/// A TOML facts file giving the compiled ruleset's facts values from `choices`.
fn facts_for(compiled: &jixiao::lang::compile::Compiled, choices: &[usize]) -> String {
    compiled
        .facts
        .iter()
        .zip(choices.iter().cycle())
        .map(|(fact, &choice)| {
            let key = fact.name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{key}\" = {}\n", VALUES[choice % VALUES.len()])
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_rulesets_never_panic_and_keep_their_meaning_when_formatted(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 0..4),
        choices in prop::collection::vec(0..VALUES.len(), 1..8),
    ) {
        let seeds = seeds();
        let ruleset = edits
            .iter()
            .fold(seed.get(seeds).clone(), |text, edit| apply(&text, edit));
        if let Some(compiled) = robust::build_and_render(&ruleset) {
            let facts = facts_for(&compiled, &choices);
            robust::score_everything(&compiled, &facts);
            robust::fmt_keeps_meaning(&ruleset, &facts);
        }
    }

    #[test]
    fn mutated_seed_facts_files_never_panic(
        project in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let (ruleset, facts) = project.get(seed_projects());
        let facts = edits.iter().fold(facts.clone(), |text, edit| apply(&text, edit));
        let compiled = robust::build_and_render(ruleset).expect("a seed builds");
        robust::score_everything(&compiled, &facts);
    }

    #[test]
    fn arbitrary_facts_text_never_panics(
        seed in any::<prop::sample::Index>(),
        facts in "\\PC{0,200}",
    ) {
        let seeds = seeds();
        if let Some(compiled) = robust::build_and_render(seed.get(seeds).as_str()) {
            robust::score_everything(&compiled, &facts);
        }
    }

    #[test]
    fn arbitrary_bytes_as_ruleset_and_facts_never_panic(
        data in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let (ruleset, facts) = robust::split_input(&data);
        if let Some(compiled) = robust::build_and_render(&ruleset) {
            robust::score_everything(&compiled, &facts);
        }
    }
}
