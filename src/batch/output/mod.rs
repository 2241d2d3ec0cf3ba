//! Writing a batch's results: a workbook (汇总, 问题, 复核, 评分表), CSV (the
//! 汇总 sheet, UTF-8 with a byte-order mark so that Excel reads it) or JSON
//! Lines (one object per project: 项目名称 and the fields of
//! `score --format json`). CSV and JSON Lines are streamed; every output is
//! written to a temporary file beside the target and renamed into place, so
//! a failed or interrupted run leaves the old file as it was.

pub mod annex_xlsx;
mod summary;
pub(crate) mod workbook;

use super::outcome::{BatchOptions, Outcome, Summary};
use super::problem::BatchError;
use crate::lang::compile::Compiled;
use std::io::Write;
use std::path::Path;

pub use summary::Layout;
pub use workbook::ANNEX_SHEETS;

/// What the results are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A results workbook.
    Xlsx,
    /// The 汇总 table as CSV.
    Csv,
    /// One JSON object per project and line.
    JsonLines,
}

impl OutputFormat {
    /// The format an output file's extension names.
    pub fn of_path(path: &Path) -> Option<OutputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xlsx" => Some(OutputFormat::Xlsx),
            "csv" => Some(OutputFormat::Csv),
            "jsonl" | "ndjson" => Some(OutputFormat::JsonLines),
            _ => None,
        }
    }

    /// How much of each project this format shows, which decides how much
    /// of it is computed.
    pub fn detail(self) -> Detail {
        match self {
            OutputFormat::Csv => Detail::Scores,
            OutputFormat::JsonLines => Detail::Card,
            OutputFormat::Xlsx => Detail::Explained,
        }
    }
}

/// How much of a project an output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The scores, sub-totals, total and grade (the 汇总 row).
    Scores,
    /// The whole score card (JSON Lines: names, 完成值, 标杆值).
    Card,
    /// The card explained, for the workbook's 评分表 (评分依据).
    Explained,
}

/// A run of consecutive rows scored: their outcomes in input order and,
/// for a streamed output, those rows already written out (by the scoring
/// threads, so that writing takes its share of them).
#[derive(Debug, Default)]
pub struct ScoredRows {
    /// The outcomes, in input order.
    pub outcomes: Vec<Outcome>,
    /// The rows as the output writes them (CSV or JSON Lines); empty for a workbook.
    pub bytes: Vec<u8>,
}

/// Writes a streamed output's rows; shared by the scoring threads.
#[derive(Debug)]
pub enum Render {
    /// CSV rows of the 汇总 layout.
    Csv(Layout),
    /// One JSON object per line.
    Json,
    /// Nothing: the workbook is written from the outcomes.
    Workbook,
}

impl Render {
    /// The renderer of `format`.
    pub fn of(format: OutputFormat, compiled: &Compiled) -> Render {
        match format {
            OutputFormat::Csv => Render::Csv(Layout::of(compiled)),
            OutputFormat::JsonLines => Render::Json,
            OutputFormat::Xlsx => Render::Workbook,
        }
    }

    /// The rows of `outcomes` as this output writes them.
    pub fn rows(&self, outcomes: &[Outcome]) -> Vec<u8> {
        match self {
            Render::Csv(layout) => {
                let mut bytes = Vec::with_capacity(outcomes.len() * 160);
                for outcome in outcomes {
                    layout.write_csv(outcome, &mut bytes);
                }
                bytes
            }
            Render::Json => {
                let mut bytes = Vec::with_capacity(outcomes.len() * 4096);
                for outcome in outcomes {
                    summary::json_line(outcome, &mut bytes);
                }
                bytes
            }
            Render::Workbook => Vec::new(),
        }
    }
}

/// Where scored rows go, a run of them at a time, in input order.
pub type Sink<'a> = dyn FnMut(ScoredRows) -> std::io::Result<()> + 'a;

/// Runs `score` with a sink that writes `format` to `output` (stdout when
/// `None`), counting projects into `summary`; `score` is given the renderer
/// its threads write rows with.
pub fn write(
    output: Option<&Path>,
    format: OutputFormat,
    compiled: &Compiled,
    options: &BatchOptions,
    summary: &mut Summary,
    score: impl FnOnce(&Render, &mut Sink) -> Result<(), BatchError>,
) -> Result<(), BatchError> {
    let render = Render::of(format, compiled);
    if format == OutputFormat::Xlsx {
        let path = output.ok_or_else(|| BatchError::Write {
            path: "标准输出".to_string(),
            reason: "工作簿须写入文件：请用 -o 结果.xlsx".to_string(),
        })?;
        let layout = Layout::of(compiled);
        let xlsx = |error: rust_xlsxwriter::XlsxError| write_error(path, error.to_string());
        let mut results = workbook::Results::new(&layout, &summary.notes, options).map_err(xlsx)?;
        let mut failure = None;
        let scored = score(&render, &mut |scored| {
            for outcome in scored.outcomes {
                count(summary, &outcome);
                if let Err(error) = results.push(outcome) {
                    failure = Some(error);
                    return Err(std::io::Error::other("stopped"));
                }
            }
            Ok(())
        });
        if let Some(error) = failure {
            return Err(xlsx(error));
        }
        scored?;
        let bytes = results.finish().map_err(xlsx)?;
        return crate::files::write_atomically(path, bytes)
            .map_err(|error| write_error(path, error.to_string()));
    }
    let mut failure = None;
    let stream = |writer: &mut dyn Write| -> std::io::Result<()> {
        if let Render::Csv(layout) = &render {
            start_csv(writer, layout)?;
        }
        let result = score(&render, &mut |scored| {
            scored
                .outcomes
                .iter()
                .for_each(|outcome| count(summary, outcome));
            writer.write_all(&scored.bytes)
        });
        match result {
            Ok(()) => writer.flush(),
            Err(error) => {
                failure = Some(error);
                Err(std::io::Error::other("stopped"))
            }
        }
    };
    let written = match output {
        Some(path) => crate::files::write_atomically_with(path, stream)
            .map_err(|error| write_error(path, error.to_string())),
        // A closed pipe (`jixiao batch … | head`) is the reader's choice, not a failure.
        None => match stream(&mut std::io::BufWriter::new(std::io::stdout().lock())) {
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(BatchError::Write {
                    path: "标准输出".to_string(),
                    reason: crate::files::io_reason(&error),
                })
            }
            _ => Ok(()),
        },
    };
    match failure {
        Some(error) => Err(error),
        None => written,
    }
}

/// A CSV output's start: a byte-order mark (Excel reads a CSV as the
/// system's code page unless it starts with one) and the headings.
fn start_csv(writer: &mut dyn Write, layout: &Layout) -> std::io::Result<()> {
    writer.write_all("\u{feff}".as_bytes())?;
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(layout.headings())?;
    csv.flush()
}

fn write_error(path: &Path, reason: String) -> BatchError {
    BatchError::Write {
        path: path.display().to_string(),
        reason,
    }
}

fn count(summary: &mut Summary, outcome: &Outcome) {
    summary.projects += 1;
    summary.row_problems += outcome.problems.len();
    let room = Summary::SHOWN.saturating_sub(summary.first_problems.len());
    summary
        .first_problems
        .extend(outcome.problems.iter().take(room).cloned());
    match &outcome.scored {
        Some(scored) if scored.total.is_some() => summary.complete += 1,
        Some(_) => {}
        None => summary.rejected += 1,
    }
}
