//! The batch run: open the input, resolve its header once, then read rows in
//! batches; each thread takes a batch, reads its rows into fact slots with
//! one [`RowReader`] (JSON lines are parsed here, not under the reader's
//! lock), scores it and writes its rows as the output does, and the output
//! takes the batches in input order ([`super::parallel`]). Only a few batches are in flight at once, so
//! memory stays flat however long the input.

use super::annex::annex;
use super::input::{self, RawRow, Rows, Source};
use super::outcome::{BatchOptions, Outcome, Scored, Summary};
use super::output::{self, Detail, OutputFormat, Render, ScoredRows, Sink};
use super::parallel::map_in_order;
use super::problem::{BatchError, Problem};
use super::progress::Progress;
use crate::lang::compile::Compiled;
use crate::report::audit::Audit;
use crate::score::cells::{CellProblem, Columns, HeaderProblem};
use crate::score::eval::{self, Fault, ScoreCard, Scores};
use crate::score::facts::{
    self, FactError, FactValues, CLAIMS_TABLE, DISCRETION_TABLE, EXPERTS_TABLE,
    NOT_APPLICABLE_TABLE,
};
use crate::score::row_reader::{RowFacts, RowReader};
use std::collections::HashMap;
use std::path::Path;

/// How many consecutive rows a thread reads, scores and writes out at a
/// time: enough to share out among threads cheaply, few for the workbook,
/// whose explained projects are held until the workbook takes them. A batch
/// of 64 JSON lines (about 100 KiB) stays under glibc's trim threshold
/// (128 KiB): at 256, each batch's memory went back to the system when it
/// was written and was faulted in again for the next (25,000 page faults
/// for 100,000 rows, about a sixth of the run's time, against 300).
fn batch_rows(detail: Detail) -> usize {
    match detail {
        Detail::Explained => 16,
        Detail::Scores | Detail::Card => 64,
    }
}

/// What scoring a row needs, shared by the threads.
struct Context<'a> {
    compiled: &'a Compiled,
    columns: &'a Columns,
    /// The data sheet's name, for 问题.
    sheet: &'a str,
    /// 酌情 and 报告 tables by project, from the workbook's other sheets.
    extras: &'a HashMap<String, Vec<(String, crate::score::values::RawValue)>>,
    /// How much of each project the output shows.
    detail: Detail,
    /// How the output writes rows.
    render: &'a Render,
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
    source.join_second_header_row(compiled);
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
    output::write(
        output,
        format,
        compiled,
        options,
        &mut summary,
        |render, sink| {
            let progress = Progress::new(options.progress, &source);
            let rows = std::mem::replace(&mut source.rows, Box::new(std::iter::empty()));
            let context = Context {
                compiled,
                columns: &columns,
                sheet: &source.sheet,
                extras: &source.extras,
                detail: format.detail(),
                render,
            };
            context.score_rows(rows, &progress, options.jobs, sink)
        },
    )?;
    Ok(summary)
}

/// The header's problems as 问题 rows.
fn header_notes(source: &Source, problems: &[HeaderProblem]) -> Vec<Problem> {
    problems
        .iter()
        .map(|problem| {
            let column = match problem {
                HeaderProblem::UnknownColumn { header, .. }
                | HeaderProblem::DuplicateColumn { header, .. }
                | HeaderProblem::ColumnUnit { header, .. } => header.as_str(),
                _ => "",
            };
            Problem::from_diagnostic(problem, &source.sheet, source.header_row, column, "")
        })
        .collect()
}

/// A write failure of the output, as the run reports it.
fn write_failed(error: &std::io::Error) -> BatchError {
    BatchError::Write {
        path: "输出文件".to_string(),
        reason: crate::files::io_reason(error),
    }
}

/// The rows in batches of consecutive rows.
fn batches(
    mut rows: Rows,
    size: usize,
) -> impl Iterator<Item = Result<Vec<RawRow>, BatchError>> + Send {
    std::iter::from_fn(move || {
        let batch: Result<Vec<RawRow>, BatchError> = rows.by_ref().take(size).collect();
        match batch {
            Ok(batch) if batch.is_empty() => None,
            batch => Some(batch),
        }
    })
}

impl Context<'_> {
    /// Reads and scores every row, passing the scored rows to `sink` in
    /// input order, a batch at a time, with `jobs` threads (0: one per core).
    fn score_rows(
        &self,
        rows: Rows,
        progress: &Progress,
        jobs: usize,
        sink: &mut Sink,
    ) -> Result<(), BatchError> {
        let work = |batch: Vec<RawRow>| (batch.len(), self.score_batch(batch));
        let batches = batches(rows, batch_rows(self.detail));
        map_in_order(jobs, batches, work, |(read, scored)| {
            sink(scored).map_err(|error| write_failed(&error))?;
            progress.advance(read);
            Ok(())
        })?;
        progress.finish();
        Ok(())
    }

    /// Scores a batch of consecutive rows and writes them as the output does.
    fn score_batch(&self, batch: Vec<RawRow>) -> ScoredRows {
        let mut scores = Scores::default();
        let mut reader = RowReader::new(self.columns, self.compiled);
        // Sized for the batch: grown from empty, the outcomes were copied
        // at each doubling (about 1% of a JSON Lines → CSV run).
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(batch.len());
        outcomes.extend(
            batch
                .into_iter()
                .filter_map(|row| self.score(row, &mut reader, &mut scores)),
        );
        let bytes = self.render.rows(&outcomes);
        if !matches!(self.render, Render::Workbook) {
            // Written out: only what the run counts is kept until the output takes it.
            for scored in outcomes
                .iter_mut()
                .filter_map(|outcome| outcome.scored.as_mut())
            {
                scored.card = None;
            }
        }
        ScoredRows { outcomes, bytes }
    }

    /// One row's outcome, read with `reader`; `None` for an empty row.
    fn score(&self, row: RawRow, reader: &mut RowReader, scores: &mut Scores) -> Option<Outcome> {
        let sheet = self.sheet;
        let number = row.number();
        let row = match row.read_into(reader) {
            Ok(row) => row,
            Err(error) => {
                let problem = Problem::from_diagnostic(&error, sheet, number, "", "");
                return Some(Outcome::unscored(number, String::new(), vec![problem]));
            }
        };
        let read = reader.finish()?;
        let mut problems = row.notes;
        let mut facts = match read {
            Ok(facts) => facts,
            Err(unread) => {
                problems.extend(unread.problems.iter().map(|cell| {
                    Problem::from_diagnostic(
                        &cell.error,
                        sheet,
                        row.number,
                        &cell.header,
                        &cell.value,
                    )
                }));
                return Some(Outcome::unscored(row.number, unread.name, problems));
            }
        };
        let extras = self.extras.get(&facts.name).into_iter().flatten();
        let errors = self.add_extras(&mut facts, extras.chain(&row.extras));
        let mut outcome = Outcome {
            row: row.number,
            name: std::mem::take(&mut facts.name),
            unit: facts.unit.take(),
            code: facts.code.take(),
            scored: None,
            problems,
        };
        let blanks = self.blanks_read(&mut facts);
        let blank = !blanks.is_empty();
        outcome.problems.extend(blanks.iter().map(|cell| {
            Problem::from_diagnostic(&cell.error, sheet, row.number, &cell.header, &cell.value)
        }));
        outcome.problems.extend(
            errors
                .iter()
                .map(|error| Problem::from_diagnostic(error, sheet, row.number, "", "")),
        );
        if blank || !errors.is_empty() {
            return Some(outcome);
        }
        let (scored, faults) = self.scored(&facts.facts, &outcome.name, scores);
        outcome.problems.extend(
            faults
                .iter()
                .map(|fault| Problem::from_diagnostic(fault, sheet, row.number, "", "")),
        );
        outcome.scored = Some(scored);
        Some(outcome)
    }

    /// The row's blank cells that an indicator applying to the project
    /// reads (one only 不适用 indicators read is no problem).
    fn blanks_read(&self, row: &mut RowFacts) -> Vec<CellProblem> {
        std::mem::take(&mut row.blanks)
            .into_iter()
            .filter(|(slot, _)| facts::read_where_applicable(self.compiled, &row.facts, *slot))
            .map(|(_, cell)| cell)
            .collect()
    }

    /// Reads the project's 酌情, 专家评分, 不适用 and 报告 tables into its facts.
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
                EXPERTS_TABLE => {
                    facts::experts_table(raw.clone(), &mut row.facts.experts, &mut errors);
                }
                NOT_APPLICABLE_TABLE => facts::not_applicable_table(
                    raw.clone(),
                    &mut row.facts.not_applicable,
                    &mut errors,
                ),
                CLAIMS_TABLE => {
                    facts::claims_table(raw.clone(), &mut row.facts.claims, &mut errors)
                }
                _ => {}
            }
        }
        errors.extend(facts::unknown_indicators(&row.facts, self.compiled));
        errors
    }

    /// Scores one project's facts as far as the output shows them, with
    /// the faults of the indicators that could not be scored.
    fn scored(&self, facts: &FactValues, name: &str, scores: &mut Scores) -> (Scored, Vec<Fault>) {
        let compiled = self.compiled;
        let card = match self.detail {
            Detail::Scores => {
                scores.score(compiled, facts);
                let scored = Scored {
                    scores: scores.scores.clone(),
                    total: scores.total,
                    grade: scores.grade,
                    card: None,
                    annex: None,
                    audit: None,
                };
                return (scored, std::mem::take(&mut scores.faults));
            }
            Detail::Card => return with_card(compiled, eval::score(compiled, facts), None),
            Detail::Explained if facts.claims == facts::Claims::default() => {
                // Only the annex's text is kept: a district's explanations would
                // otherwise be held whole until the workbook is written.
                let explanation = crate::report::explain::explain(compiled, facts);
                let annex = annex(&explanation, name);
                (explanation.card, annex, None)
            }
            Detail::Explained => {
                let audit = crate::report::audit::audit(compiled, facts);
                let annex = annex(&audit.explanation, name);
                (audit.explanation.card.clone(), annex, Some(audit))
            }
        };
        let (card, annex, audit) = card;
        let (mut scored, faults) = with_card(compiled, card, audit);
        scored.annex = Some(Box::new(annex));
        (scored, faults)
    }
}

/// A project scored with its whole card: the flat scores read off the card.
fn with_card(compiled: &Compiled, card: ScoreCard, audit: Option<Audit>) -> (Scored, Vec<Fault>) {
    // The card keeps its faults: JSON Lines writes them.
    let faults = card.faults.clone();
    let scored = Scored {
        scores: card
            .indicators()
            .iter()
            .map(|indicator| indicator.score)
            .collect(),
        total: card.total,
        grade: card
            .total
            .and_then(|total| eval::grade_index(compiled, total)),
        card: Some(Box::new(card)),
        annex: None,
        audit: audit.map(Box::new),
    };
    (scored, faults)
}
