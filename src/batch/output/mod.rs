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

    /// Whether each project is explained (the workbook's 评分表 quotes the
    /// derivation as 评分依据).
    pub fn needs_detail(self) -> bool {
        self == OutputFormat::Xlsx
    }
}

/// Where outcomes go, one at a time in input order.
pub type Sink<'a> = dyn FnMut(Outcome) -> std::io::Result<()> + 'a;

/// Runs `score` with a sink that writes `format` to `output` (stdout when
/// `None`), counting projects into `summary`.
pub fn write(
    output: Option<&Path>,
    format: OutputFormat,
    compiled: &Compiled,
    options: &BatchOptions,
    summary: &mut Summary,
    score: impl FnOnce(&mut Sink) -> Result<(), BatchError>,
) -> Result<(), BatchError> {
    let layout = Layout::of(compiled);
    if format == OutputFormat::Xlsx {
        let mut outcomes = Vec::new();
        score(&mut |outcome| {
            count(summary, &outcome);
            outcomes.push(outcome);
            Ok(())
        })?;
        let path = output.ok_or_else(|| BatchError::Write {
            path: "标准输出".to_string(),
            reason: "工作簿须写入文件：请用 -o 结果.xlsx".to_string(),
        })?;
        let bytes = workbook::results(&layout, &outcomes, &summary.notes, options)
            .map_err(|reason| write_error(path, reason))?;
        return crate::files::write_atomically(path, bytes)
            .map_err(|error| write_error(path, error.to_string()));
    }
    let mut failure = None;
    let stream = |writer: &mut dyn Write| -> std::io::Result<()> {
        let mut lines = Lines::new(writer, format, &layout)?;
        let result = score(&mut |outcome| {
            count(summary, &outcome);
            lines.push(&outcome)
        });
        match result {
            Ok(()) => lines.finish(),
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
        Some(scored) if scored.card.total.is_some() => summary.complete += 1,
        Some(_) => {}
        None => summary.rejected += 1,
    }
}

/// A streamed CSV or JSON Lines output.
enum Lines<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>, &'w Layout),
    Json(&'w mut dyn Write),
}

impl<'w> Lines<'w> {
    fn new(
        writer: &'w mut dyn Write,
        format: OutputFormat,
        layout: &'w Layout,
    ) -> std::io::Result<Self> {
        if format == OutputFormat::JsonLines {
            return Ok(Lines::Json(writer));
        }
        // Excel reads a CSV as the system's code page unless it starts with a BOM.
        writer.write_all("\u{feff}".as_bytes())?;
        let mut csv = csv::Writer::from_writer(writer);
        csv.write_record(layout.headings())?;
        Ok(Lines::Csv(Box::new(csv), layout))
    }

    fn push(&mut self, outcome: &Outcome) -> std::io::Result<()> {
        match self {
            Lines::Csv(csv, layout) => Ok(csv.write_record(layout.cells(outcome))?),
            Lines::Json(writer) => {
                let line = summary::json_line(outcome);
                writer.write_all(line.as_bytes())?;
                writer.write_all(b"\n")
            }
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Lines::Csv(mut csv, _) => csv.flush(),
            Lines::Json(writer) => writer.flush(),
        }
    }
}
