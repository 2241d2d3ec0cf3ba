//! The source tree's layout holds: use runs one way between the parts of the
//! pipeline (`lang` ← `score` ← `report` ← `author` ← `batch` ← `serve`), no two files import
//! each other, and no file grows past the size a reader can take in.
//!
//! Imports are read from the text: `use` trees (braces expanded) and inline
//! `crate::…`/`super::…` paths, each resolved to the file of the longest
//! module prefix it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The most lines a source file may have.
const MAX_FILE_LINES: usize = 800;

/// The most lines a function may have.
const MAX_FUNCTION_LINES: usize = 80;

/// The parts of the pipeline, lowest first: each may use only those before it.
/// `batch` and `serve` are front ends over the library, as the CLI is.
const PARTS: [&str; 7] = [
    "lang", "score", "report", "author", "batch", "import", "serve",
];

/// Every module of the library, by path (`lang::check::names`), with its text.
fn modules() -> BTreeMap<Vec<String>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    jixiao::files::files_ending(std::slice::from_ref(&src), ".rs")
        .into_iter()
        .filter(|path| path != &src.join("main.rs"))
        .map(|path| {
            let relative = path.strip_prefix(&src).expect("under src/");
            let mut module: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            (module, text)
        })
        .collect()
}

/// The paths of a `use` tree, braces expanded: `a::{b, c::d}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()];
    };
    let prefix = &tree[..open];
    let close = tree.rfind('}').filter(|&close| close > open);
    let inner = &tree[open + 1..close.unwrap_or(tree.len())];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (at, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .flat_map(expand)
        .map(|path| match path.as_str() {
            "self" => prefix.trim_end_matches("::").to_string(),
            _ => format!("{prefix}{path}"),
        })
        .collect()
}

/// Every path a module's text names: its `use` trees and inline paths.
fn named_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("use ") {
        let line_start = code[..at].rfind('\n').map_or(0, |newline| newline + 1);
        let before = code[line_start..at].trim();
        let starts_statement = before.is_empty() || before.starts_with("pub");
        if let Some(end) = code[at..].find(';').filter(|_| starts_statement) {
            let tree = code[at + 4..at + end]
                .split_whitespace()
                .collect::<Vec<_>>();
            paths.extend(expand(&tree.join(" ")));
        }
    }
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path);
        }
    }
    paths
}

/// The module a path names from inside `module`, if it names one of ours:
/// the longest known prefix of the path once resolved.
fn resolve(
    module: &[String],
    path: &str,
    known: &BTreeMap<Vec<String>, String>,
) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
            Vec::new()
        }
        Some(&"super") => {
            let mut base = module.to_vec();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
            base
        }
        Some(&"self") => {
            segments.remove(0);
            module.to_vec()
        }
        // A path that starts with a child module's name (`use lines::layout`).
        Some(first) => {
            let mut child = module.to_vec();
            child.push(first.to_string());
            if !known.contains_key(&child) {
                return None;
            }
            module.to_vec()
        }
        None => return None,
    };
    let mut found = known.contains_key(&base).then(|| base.clone());
    for segment in segments {
        base.push(segment.to_string());
        if known.contains_key(&base) {
            found = Some(base.clone());
        }
    }
    found
}

/// Which module uses which, a module's own re-exports and mentions aside.
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let known = modules();
    known
        .iter()
        .map(|(module, text)| {
            let used = named_paths(text)
                .iter()
                .filter_map(|path| resolve(module, path, &known))
                .filter(|used| used != module)
                .collect();
            (module.clone(), used)
        })
        .collect()
}

fn part_rank(module: &[String]) -> Option<usize> {
    PARTS
        .iter()
        .position(|part| module.first().map(String::as_str) == Some(*part))
}

#[test]
fn no_two_files_import_each_other() {
    let imports = imports();
    let mut pairs = Vec::new();
    for (module, used) in &imports {
        for other in used {
            if module < other && imports.get(other).is_some_and(|back| back.contains(module)) {
                pairs.push(format!("{} ↔ {}", module.join("::"), other.join("::")));
            }
        }
    }
    assert!(pairs.is_empty(), "files that import each other: {pairs:?}");
    assert!(
        imports.values().map(BTreeSet::len).sum::<usize>() > 50,
        "the import reader found the crate's imports"
    );
}

#[test]
fn use_runs_one_way_between_the_parts() {
    let mut upward = Vec::new();
    for (module, used) in imports() {
        let Some(rank) = part_rank(&module) else {
            continue;
        };
        for other in used {
            if part_rank(&other).is_some_and(|other_rank| other_rank > rank) {
                upward.push(format!("{} uses {}", module.join("::"), other.join("::")));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "a part uses one after it in the pipeline: {upward:?}"
    );
}

/// Every source file under `src/`, the CLI included, with its text.
fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    jixiao::files::files_ending(std::slice::from_ref(&src), ".rs")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            let name = path
                .strip_prefix(&src)
                .unwrap_or(&path)
                .display()
                .to_string();
            (name, text)
        })
        .collect()
}

/// Each function's name and length in lines: from its `fn` line to the
/// closing brace at the same indentation (rustfmt's layout).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let head = code
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ");
        let Some(name) = head.strip_prefix("fn ") else {
            continue;
        };
        if code.ends_with(';') {
            continue;
        }
        let closing = format!("{indent}}}");
        if let Some(length) = lines[at..].iter().position(|later| *later == closing) {
            let name: String = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((name, length + 1));
        }
    }
    found
}

#[test]
fn files_and_functions_stay_readable() {
    let mut long = Vec::new();
    for (file, text) in source_files() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!("{file} ({lines} lines)"));
        }
        for (function, length) in function_lengths(&text) {
            if length > MAX_FUNCTION_LINES {
                long.push(format!("{file}: fn {function} ({length} lines)"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FUNCTION_LINES} a function: {long:?}"
    );
}

#[test]
fn function_lengths_are_read_from_fn_to_its_closing_brace() {
    let text = "fn one() {\n    body();\n}\n\nimpl X {\n    pub(crate) fn two(&self) {\n        a();\n        b();\n    }\n}\n";
    assert_eq!(
        function_lengths(text),
        [("one".to_string(), 3), ("two".to_string(), 4)]
    );
}

#[test]
fn the_import_reader_reads_braces_and_relative_paths() {
    assert_eq!(
        expand("crate::lang::{ast, check::{Fact, Program}, units::Ty as T}"),
        [
            "crate::lang::ast",
            "crate::lang::check::Fact",
            "crate::lang::check::Program",
            "crate::lang::units::Ty"
        ]
    );
    let known: BTreeMap<Vec<String>, String> = [vec!["a"], vec!["a", "b"], vec!["a", "c"]]
        .into_iter()
        .map(|module| {
            (
                module.into_iter().map(String::from).collect(),
                String::new(),
            )
        })
        .collect();
    let module = |parts: &[&str]| {
        parts
            .iter()
            .map(|part| part.to_string())
            .collect::<Vec<_>>()
    };
    let b = module(&["a", "b"]);
    assert_eq!(
        resolve(&b, "super::c::Item", &known),
        Some(module(&["a", "c"]))
    );
    assert_eq!(resolve(&b, "super::Item", &known), Some(module(&["a"])));
    assert_eq!(
        resolve(&module(&["a"]), "c::Item", &known),
        Some(module(&["a", "c"]))
    );
    assert_eq!(resolve(&b, "std::fmt", &known), None);
}
