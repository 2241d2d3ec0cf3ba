//! `jixiao import`: a bureau's 指标体系 table — a workbook, CSV, a Word
//! document's table or a Markdown table — turned into a ruleset draft that
//! checks, with its facts template and a cases file at full marks.
//!
//! This part comes after `batch`, whose template writer it uses, and may use
//! every part before it; nothing uses it but the command line. The header is
//! found by its words ([`header`]), the rows become a tree ([`tree`]), each
//! indicator's 评分标准 is taken apart (`rule`) and tried through the
//! library alone (`draft`): what builds is kept verbatim, what does not is
//! kept as a comment with 酌情 in its place. Nothing is half-written: every
//! file goes through [`crate::files::write_atomically`].

mod assemble;
pub mod docx;
mod draft;
pub mod error;
mod full_marks;
pub mod header;
mod infer;
mod rule;
pub mod table;
pub mod tree;

pub use draft::Reading;
pub use error::{Finding, ImportError};

use crate::batch::BatchError;
use crate::lang::compile::Compiled;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// How many times the whole draft is rebuilt, each time turning the
/// indicators its errors point at into 酌情.
const MAX_ROUNDS: usize = 6;

/// A draft ruleset made from a table.
pub struct Draft {
    /// The ruleset's text.
    pub text: String,
    /// The draft, compiled (it always builds).
    pub compiled: Compiled,
    /// What was found on the way in.
    pub findings: Vec<Finding>,
    /// Each indicator's name and how its rule came in.
    pub indicators: Vec<(String, Reading)>,
    /// 满分.
    pub full_marks: Decimal,
}

impl Draft {
    /// How many indicators came in as printed, as printed with a 酌情
    /// catch-all, and fallen back to 酌情.
    pub fn counts(&self) -> [usize; 3] {
        let count = |reading: Reading| {
            self.indicators
                .iter()
                .filter(|(_, found)| *found == reading)
                .count()
        };
        [
            count(Reading::Parsed),
            count(Reading::CatchAll),
            count(Reading::Discretion),
        ]
    }
}

/// Reads the table in `path`, by its extension: the sheet `sheet` of a
/// workbook (else the first), CSV, a Word document's tables or Markdown.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<table::Grid, BatchError> {
    let (_, extension) = crate::batch::input::regular_file(path)?;
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => table::workbook(path, sheet),
        "csv" => Ok(table::from_rows("CSV", path, table::csv_rows(path)?)),
        "docx" => docx::read(path),
        "md" | "markdown" | "txt" => Ok(table::markdown(path, &table::text(path)?)),
        _ => Err(BatchError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

/// Reads the table at `path` (the sheet `sheet` of a workbook) and drafts
/// its ruleset.
pub fn draft(path: &Path, sheet: Option<&str>) -> Result<Draft, ImportError> {
    let grid = read(path, sheet)?;
    let Some(header) = header::find(&grid.rows) else {
        return Err(ImportError::NoHeader {
            place: format!("{}中", grid.place),
            searched: header::HEADER_SEARCH_ROWS.min(grid.rows.len()),
        });
    };
    let named_weights = header
        .roles
        .iter()
        .zip(&grid.rows[header.last].cells)
        .any(|(role, text)| *role == Some(header::Role::Named) && text.contains("分值"));
    if !header.has(header::Role::Weight) && !named_weights {
        return Err(ImportError::NoWeightColumn { row: header.row });
    }
    let tree = tree::build(&header, &grid.rows)?;
    let mut findings = tree::check_sums(&tree);
    let title = path.file_stem().map_or_else(
        || "导入".to_string(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let title = title.split('.').next().unwrap_or(&title).to_string();
    let source = format!("{}（{}）", grid.place, grid.kind);
    let bands = assemble::stated_bands(&grid.notes);
    let (text, compiled, indicators, fallbacks) = settle_all(&tree, (&title, &source), bands)?;
    findings.extend(fallbacks);
    Ok(Draft {
        text,
        compiled,
        findings,
        indicators,
        full_marks: tree.full_marks(),
    })
}

type Settled = Result<(String, Compiled, Vec<(String, Reading)>, Vec<Finding>), ImportError>;

/// Every indicator settled alone, then the whole draft built; an indicator
/// an error of the whole points at falls back, until the draft builds.
fn settle_all(tree: &tree::Tree, names: (&str, &str), bands: Option<[Decimal; 3]>) -> Settled {
    let indicators = tree.indicators();
    let plans: Vec<rule::Plan> = indicators.iter().map(|ind| rule::plan(ind)).collect();
    let mut facts: Vec<draft::Declared> = Vec::new();
    let mut settled: Vec<draft::Settled> = Vec::new();
    for (indicator, plan) in indicators.iter().zip(&plans) {
        let one = draft::settle(indicator, plan, &facts);
        facts.extend(one.facts.iter().cloned());
        settled.push(one);
    }
    for round in 0..=MAX_ROUNDS {
        let assembled = assemble::assemble(tree, &settled, &facts, names, bands);
        let build = crate::build(&format!("{}.jx", names.0), &assembled.text);
        if let Some(compiled) = build.compiled {
            let fallbacks = settled
                .iter()
                .filter_map(|one| one.fallback.clone())
                .collect();
            let parsed = indicators
                .iter()
                .zip(&settled)
                .map(|(ind, one)| (ind.name.clone(), one.reading))
                .collect();
            return Ok((assembled.text, compiled, parsed, fallbacks));
        }
        let errors = draft::errors(&assembled.text);
        for (at, (start, end)) in assembled.lines.iter().enumerate() {
            let hit = errors
                .iter()
                .find(|e| (*start..=*end).contains(&e.line) || round == MAX_ROUNDS);
            if let (Some(error), false) = (hit, settled[at].reading == Reading::Discretion) {
                let reason = format!(
                    "规则与其他指标合在一起时：{}（{}）",
                    error.message, error.code
                );
                let one = draft::fall_back_on(indicators[at], &plans[at], reason);
                facts.retain(|fact| !settled[at].facts.contains(fact));
                settled[at] = one;
            }
        }
        if round == MAX_ROUNDS - 1 {
            facts.clear();
        }
    }
    let errors = draft::errors(&settle_text(tree, names));
    Err(ImportError::Unbuildable {
        reason: errors.first().map_or_else(String::new, |error| {
            format!("第 {} 行：{}（{}）", error.line, error.message, error.code)
        }),
    })
}

/// The draft with every indicator 酌情 and no facts: what is left when
/// nothing else builds.
fn settle_text(tree: &tree::Tree, names: (&str, &str)) -> String {
    let settled: Vec<draft::Settled> = tree
        .indicators()
        .iter()
        .map(|ind| draft::fall_back_on(ind, &rule::plan(ind), String::new()))
        .collect();
    assemble::assemble(tree, &settled, &[], names, None).text
}

/// The files an import writes.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The ruleset draft (`RULESET.jx`).
    pub ruleset: PathBuf,
    /// Its facts template (`RULESET.填报表.xlsx`).
    pub template: PathBuf,
    /// Its cases file (`RULESET.cases.toml`).
    pub cases: PathBuf,
}

impl Outputs {
    /// The files beside `ruleset`.
    pub fn beside(ruleset: &Path) -> Outputs {
        let stem = ruleset.with_extension("");
        let with = |suffix: &str| PathBuf::from(format!("{}{suffix}", stem.display()));
        Outputs {
            ruleset: ruleset.to_path_buf(),
            template: with(".填报表.xlsx"),
            cases: with(".cases.toml"),
        }
    }
}

/// Writes the draft, its facts template and its cases file; refuses to
/// overwrite any of them without `force`. Returns the finding for a case
/// short of full marks, if any.
pub fn write(
    draft: &Draft,
    outputs: &Outputs,
    force: bool,
) -> Result<Option<Finding>, ImportError> {
    for path in [&outputs.ruleset, &outputs.template, &outputs.cases] {
        BatchError::refuse_existing(path, force)?;
    }
    let full = full_marks::search(&draft.compiled);
    // Everything is made before anything is written, so that a failure
    // leaves no file of the three behind.
    let template =
        crate::batch::template::workbook(&draft.compiled).map_err(|error| BatchError::Write {
            path: outputs.template.display().to_string(),
            reason: error.to_string(),
        })?;
    let cases = full_marks::cases_file(&full, &draft.compiled);
    let written = |path: &Path, bytes: &[u8]| {
        crate::files::write_atomically(path, bytes).map_err(|error| BatchError::Write {
            path: path.display().to_string(),
            reason: error.to_string(),
        })
    };
    written(&outputs.ruleset, draft.text.as_bytes())?;
    written(&outputs.template, &template)?;
    written(&outputs.cases, cases.as_bytes())?;
    Ok(full_marks::shortfall(&full))
}
