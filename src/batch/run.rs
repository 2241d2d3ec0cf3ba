//! The batch run: open the input, resolve its header once, then read rows in
//! chunks, score each chunk's rows in parallel (rayon) and hand the outcomes
//! to the output in input order.

use super::annex::annex;
use super::input::{self, Rows, Source, SourceRow};
use super::outcome::{BatchOptions, Outcome, Scored, Summary};
use super::output::{self, OutputFormat};
use super::problem::{BatchError, Problem};
use super::progress::Progress;
use crate::lang::compile::Compiled;
use crate::score::cells::{Columns, RowFacts};
use crate::score::facts::{self, FactError, CLAIMS_TABLE, DISCRETION_TABLE};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// How many rows are read before their scoring is shared out: enough to keep
/// every thread busy, few enough that memory stays flat.
const CHUNK_ROWS: usize = 2048;

/// What scoring a row needs, shared by the threads.
struct Context<'a> {
    compiled: &'a Compiled,
    columns: &'a Columns,
    /// The data sheet's name, for 问题.
    sheet: &'a str,
    /// 酌情 and 报告 tables by project, from the workbook's other sheets.
    extras: &'a HashMap<String, Vec<(String, crate::score::values::RawValue)>>,
    /// Whether to explain every score (for the results workbook).
    detail: bool,
}

/// Scores `input` with `compiled` and writes the results to `output` (JSON
/// Lines on stdout when `None`) in `format`.
pub fn run(
    compiled: &Compiled,
    input: &Path,
    output: Option<&Path>,
    format: OutputFormat,
    options: &BatchOptions,
) -> Result<Summary, BatchError> {
    if let Some(path) = output {
        BatchError::refuse_existing(path, options.force)?;
    }
    let mut source = input::open(input)?;
    let (columns, problems) = Columns::resolve(&source.headers, compiled);
    let notes = header_notes(&source, &problems);
    if problems.iter().any(|problem| problem.is_error()) {
        return Err(BatchError::Header {
            sheet: source.sheet.clone(),
            problems: notes
                .iter()
                .map(Problem::line)
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    let mut summary = Summary {
        kind: source.kind.clone(),
        notes,
        ..Summary::default()
    };
    summary.notes.append(&mut source.extra_problems);
    output::write(output, format, compiled, options, &mut summary, |sink| {
        score_source(
            compiled,
            &mut source,
            &columns,
            format.needs_detail(),
            options,
            sink,
        )
    })?;
    Ok(summary)
}

/// The header's problems as 问题 rows.
fn header_notes(source: &Source, problems: &[crate::score::cells::HeaderProblem]) -> Vec<Problem> {
    problems
        .iter()
        .map(|problem| {
            let column = match problem {
                crate::score::cells::HeaderProblem::UnknownColumn { header, .. }
                | crate::score::cells::HeaderProblem::DuplicateColumn { header, .. }
                | crate::score::cells::HeaderProblem::ColumnUnit { header, .. } => header.as_str(),
                _ => "",
            };
            Problem::from_diagnostic(problem, &source.sheet, source.header_row, column, "")
        })
        .collect()
}

/// Reads and scores every row of `source`, passing each outcome to `sink`
/// in input order; returns how many projects were read.
pub fn score_source(
    compiled: &Compiled,
    source: &mut Source,
    columns: &Columns,
    detail: bool,
    options: &BatchOptions,
    sink: &mut dyn FnMut(Outcome) -> std::io::Result<()>,
) -> Result<(), BatchError> {
    let progress = Progress::new(options.progress, source);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .ok();
    let rows = std::mem::replace(&mut source.rows, Box::new(std::iter::empty()));
    let context = Context {
        compiled,
        columns,
        sheet: &source.sheet,
        extras: &source.extras,
        detail,
    };
    for chunk in chunks(rows, options.jobs) {
        let mut chunk = chunk?;
        let outcomes: Vec<Option<Outcome>> = match (&pool, options.jobs) {
            (Some(pool), jobs) if jobs != 1 => {
                pool.install(|| chunk.par_drain(..).map(|row| context.score(row)).collect())
            }
            _ => chunk.drain(..).map(|row| context.score(row)).collect(),
        };
        let read = outcomes.len();
        for outcome in outcomes.into_iter().flatten() {
            sink(outcome).map_err(|error| BatchError::Write {
                path: "输出文件".to_string(),
                reason: crate::files::io_reason(&error),
            })?;
        }
        progress.advance(read);
    }
    progress.finish();
    Ok(())
}

/// The rows in chunks. With more than one thread, a thread of its own reads
/// ahead (at most two chunks), so that reading overlaps scoring.
fn chunks(
    mut rows: Rows,
    jobs: usize,
) -> Box<dyn Iterator<Item = Result<Vec<SourceRow>, BatchError>>> {
    let mut next = move || {
        let chunk: Result<Vec<SourceRow>, BatchError> = rows.by_ref().take(CHUNK_ROWS).collect();
        match chunk {
            Ok(chunk) if chunk.is_empty() => None,
            chunk => Some(chunk),
        }
    };
    if jobs == 1 {
        return Box::new(std::iter::from_fn(next));
    }
    let (sender, receiver) = std::sync::mpsc::sync_channel(2);
    std::thread::spawn(move || {
        // A closed receiver means the run stopped: stop reading.
        while let Some(chunk) = next() {
            let failed = chunk.is_err();
            if sender.send(chunk).is_err() || failed {
                break;
            }
        }
    });
    Box::new(receiver.into_iter())
}

impl Context<'_> {
    /// One row's outcome; `None` for an empty row.
    fn score(&self, row: SourceRow) -> Option<Outcome> {
        let sheet = self.sheet;
        let read = self.columns.read_row(&row.cells, self.compiled)?;
        let mut problems = row.notes;
        let mut facts = match read {
            Ok(facts) => facts,
            Err(cells) => {
                let name = self.columns.name_of(&row.cells);
                problems.extend(cells.iter().map(|cell| {
                    Problem::from_diagnostic(
                        &cell.error,
                        sheet,
                        row.number,
                        &cell.header,
                        &cell.value,
                    )
                }));
                return Some(Outcome {
                    row: row.number,
                    name,
                    unit: None,
                    code: None,
                    scored: None,
                    problems,
                });
            }
        };
        let extras = self.extras.get(&facts.name).into_iter().flatten();
        let errors = self.add_extras(&mut facts, extras.chain(&row.extras));
        let mut outcome = Outcome {
            row: row.number,
            name: facts.name.clone(),
            unit: facts.unit.take(),
            code: facts.code.take(),
            scored: None,
            problems,
        };
        if !errors.is_empty() {
            outcome.problems.extend(
                errors
                    .iter()
                    .map(|error| Problem::from_diagnostic(error, sheet, row.number, "", "")),
            );
            return Some(outcome);
        }
        let scored = self.scored(&facts.facts, &facts.name);
        outcome.problems.extend(
            scored
                .card
                .faults
                .iter()
                .map(|fault| Problem::from_diagnostic(fault, sheet, row.number, "", "")),
        );
        outcome.scored = Some(scored);
        Some(outcome)
    }

    /// Reads the project's 酌情 and 报告 tables into its facts.
    fn add_extras<'e>(
        &self,
        row: &mut RowFacts,
        extras: impl Iterator<Item = &'e (String, crate::score::values::RawValue)>,
    ) -> Vec<FactError> {
        let mut errors = Vec::new();
        for (key, raw) in extras {
            match key.as_str() {
                DISCRETION_TABLE => {
                    facts::discretion_table(raw.clone(), &mut row.facts.discretion, &mut errors);
                }
                CLAIMS_TABLE => {
                    facts::claims_table(raw.clone(), &mut row.facts.claims, &mut errors)
                }
                _ => {}
            }
        }
        errors.extend(facts::unknown_indicators(&row.facts, self.compiled));
        errors
    }

    /// Scores one project's facts, with its annex table (explained, and
    /// audited when printed scores were given) for the results workbook.
    fn scored(&self, facts: &facts::FactValues, name: &str) -> Scored {
        if !self.detail {
            return Scored {
                card: crate::score::eval::score(self.compiled, facts),
                annex: None,
                audit: None,
            };
        }
        if facts.claims == facts::Claims::default() {
            // Only the annex's text is kept: a district's explanations would
            // otherwise be held whole until the workbook is written.
            let explanation = crate::report::explain::explain(self.compiled, facts);
            return Scored {
                annex: Some(annex(&explanation, name)),
                card: explanation.card,
                audit: None,
            };
        }
        let audit = crate::report::audit::audit(self.compiled, facts);
        Scored {
            card: audit.explanation.card.clone(),
            annex: Some(annex(&audit.explanation, name)),
            audit: Some(audit),
        }
    }
}
