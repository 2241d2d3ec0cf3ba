//! Reading a batch's input: the file's kind decided by its first bytes (an
//! `.xls` may really be a zip, SpreadsheetML XML or an HTML page) and then its
//! extension, and its data table turned into a header and rows of [`Cell`]s.
//! The 酌情 and 报告所列 sheets of a workbook, or the `酌情` and `报告` keys of
//! a JSON line, are carried with each project.

mod csv;
mod extras;
mod header;
mod jsonl;
mod spreadsheetml;
mod workbook;
mod xlsx_styles;

use super::problem::BatchError;
use crate::score::cells::{Cell, CellRef, CellRow, NAME_HEADER};
use crate::score::row_reader::RowReader;
use crate::score::values::RawValue;
use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

/// The data sheet's name in a workbook made by `jixiao template`.
pub const DATA_SHEET: &str = "填报";
/// The sheet of discretionary scores: 项目, 指标, 得分, 理由.
pub const DISCRETION_SHEET: &str = "酌情";
/// The sheet of experts' scores: 项目, 指标, 专家, 得分.
pub const EXPERTS_SHEET: &str = "专家评分";
/// The sheet of indicators that do not apply: 项目, 指标, 理由.
pub const NOT_APPLICABLE_SHEET: &str = "不适用";
/// The sheet of what reports printed: 项目, 类别, 名称, 值, 出处.
pub const CLAIMS_SHEET: &str = "报告所列";

/// How many rows at the top of a sheet may stand above the header (a title,
/// a note): the header is the first row with a 项目名称 cell.
const HEADER_SEARCH_ROWS: usize = 20;

/// One row of the data table.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Its row number in the sheet (from 1), or its line in a JSON Lines file.
    pub number: usize,
    /// Its cells, in column order.
    pub cells: RowCells,
    /// `酌情` and `报告` tables given in the row itself (JSON Lines).
    pub(crate) extras: Vec<(String, RawValue)>,
    /// Warnings found while reading the row that do not stop its scoring
    /// (a key first seen on this line of a JSON Lines file).
    pub notes: Vec<super::problem::Problem>,
}

/// A row's cells as its reader holds them: typed cells (workbooks, JSON
/// Lines), or a CSV record's fields, read in place.
#[derive(Debug, Clone)]
pub enum RowCells {
    /// Typed cells.
    Cells(Vec<Cell>),
    /// The fields of a CSV record, each a text cell (empty when blank).
    Fields(::csv::StringRecord),
    /// None kept: a JSON line's parser gave each value to the
    /// [`RowReader`] as it reached it.
    InReader,
}

impl CellRow for RowCells {
    fn width(&self) -> usize {
        match self {
            RowCells::Cells(cells) => cells.len(),
            RowCells::Fields(record) => record.len(),
            RowCells::InReader => 0,
        }
    }

    fn cell(&self, index: usize) -> CellRef<'_> {
        match self {
            RowCells::Cells(cells) => cells[index].as_ref(),
            RowCells::Fields(record) => CellRef::field(&record[index]),
            RowCells::InReader => CellRef::Empty,
        }
    }
}

/// A row as the reader hands it over: read, or a JSON line whose parsing
/// is left to the thread that scores it (most of a JSON row's work).
pub enum RawRow {
    /// A row already read into cells.
    Read(SourceRow),
    /// A non-blank line of a JSON Lines file, trimmed, and its line number.
    JsonLine {
        /// Its line number (from 1).
        number: usize,
        /// The line, UTF-8 (the reader has checked it), as bytes: the
        /// worker reads it in place rather than the reader copying it
        /// into a `String`.
        text: Vec<u8>,
        /// The file's parser, which knows its header.
        parser: std::sync::Arc<dyn ParseLine>,
    },
}

/// Reads a line of a file into a row, on the thread that scores it.
pub trait ParseLine: Send + Sync {
    /// Line `number`'s row, its cells given to `reader` (which has begun
    /// the row), or why it cannot be read.
    fn parse(
        &self,
        number: usize,
        text: &[u8],
        reader: &mut RowReader,
    ) -> Result<SourceRow, BatchError>;
}

impl RawRow {
    /// The row's number in its sheet or file.
    pub fn number(&self) -> usize {
        match self {
            RawRow::Read(row) => row.number,
            RawRow::JsonLine { number, .. } => *number,
        }
    }

    /// The row with its cells given to `reader` as a new row, or why its
    /// line cannot be read (the row is then reported and not scored).
    pub fn read_into(self, reader: &mut RowReader) -> Result<SourceRow, BatchError> {
        reader.start();
        match self {
            RawRow::Read(row) => {
                reader.cells(&row.cells);
                Ok(row)
            }
            RawRow::JsonLine {
                number,
                text,
                parser,
            } => parser.parse(number, &text, reader),
        }
    }
}

/// The rows of a table, read lazily where the format allows (CSV, JSON Lines).
pub type Rows = Box<dyn Iterator<Item = Result<RawRow, BatchError>> + Send>;

/// An opened input: its header and rows, and per-project extras from other sheets.
pub struct Source {
    /// What was read, for messages: `CSV（GBK/GB18030 编码）`, `xlsx 工作簿`.
    pub kind: String,
    /// The data sheet's name (the file name for CSV and JSON Lines).
    pub sheet: String,
    /// The header row's number (from 1).
    pub header_row: usize,
    /// The headings.
    pub headers: Vec<String>,
    /// The data rows.
    pub rows: Rows,
    /// How many rows there are, when known before reading them.
    pub row_count: Option<usize>,
    /// The input's size in bytes, for progress when rows are not counted.
    pub bytes: u64,
    /// How far the reader has got, in bytes (CSV), shared with the reader.
    pub position: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    /// 酌情 and 报告 tables by project name, from the workbook's other sheets.
    pub(crate) extras: HashMap<String, Vec<(String, RawValue)>>,
    /// Problems in those sheets, as (sheet, row, message) — reported, not fatal.
    pub extra_problems: Vec<super::problem::Problem>,
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Zip,
    Compound,
    SpreadsheetMl,
    Html,
    Other,
}

/// A regular file's size and its extension in lower case, or why it is not
/// one that can be read (missing, a folder, a FIFO that would block).
pub fn regular_file(path: &Path) -> Result<(u64, String), BatchError> {
    let metadata = std::fs::metadata(path).map_err(|error| BatchError::io(path, &error))?;
    if !metadata.is_file() {
        return Err(BatchError::NotAFile {
            path: path.display().to_string(),
        });
    }
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    Ok((metadata.len(), extension))
}

/// Opens an input file of any supported kind.
pub fn open(path: &Path) -> Result<Source, BatchError> {
    let (size, extension) = regular_file(path)?;
    match (sniff(path)?, extension.as_str()) {
        (Sniffed::Zip | Sniffed::Compound, _) => workbook::open(path, size),
        (Sniffed::SpreadsheetMl, _) => spreadsheetml::open(path, size),
        (Sniffed::Html, _) => Err(BatchError::Html {
            path: path.display().to_string(),
        }),
        (Sniffed::Other, "csv" | "txt") => csv::open(path, size),
        (Sniffed::Other, "jsonl" | "ndjson") => jsonl::open(path, size),
        (Sniffed::Other, "xlsx" | "xlsm" | "xls" | "ods" | "xlsb") => Err(BatchError::Corrupt {
            path: path.display().to_string(),
            reason: "文件开头不是任何一种电子表格格式".to_string(),
        }),
        _ => Err(BatchError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

/// Looks at the first kilobyte.
fn sniff(path: &Path) -> Result<Sniffed, BatchError> {
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|file| file.take(1024).read_to_end(&mut head))
        .map_err(|error| BatchError::io(path, &error))?;
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Sniffed::Zip);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Sniffed::Compound);
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || text.contains("progid=\"excel.sheet\"")
        {
            return Ok(Sniffed::SpreadsheetMl);
        }
        if text.contains("<html") || text.contains("<!doctype html") || text.contains("<table") {
            return Ok(Sniffed::Html);
        }
    }
    Ok(Sniffed::Other)
}

/// Where the header is among a sheet's first rows: the first with a
/// 项目名称 cell.
fn header_index(rows: &[Vec<Cell>]) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|row| {
        row.iter().any(|cell| {
            matches!(cell, Cell::Text(text)
                if crate::score::cells::split_heading(text).0 == NAME_HEADER)
        })
    })
}

/// Headings as text: a number or date heading is shown as written.
fn headings(row: &[Cell]) -> Vec<String> {
    row.iter()
        .map(|cell| crate::score::cells::shown(cell).replace(['\n', '\r'], ""))
        .collect()
}

/// A whole sheet (already in memory) as a source: the header found among the
/// first rows, the rows after it numbered from `first_row`.
fn sheet_source(
    kind: String,
    sheet: String,
    mut rows: Vec<Vec<Cell>>,
    first_row: usize,
    bytes: u64,
) -> Result<Source, BatchError> {
    let Some(at) = header_index(&rows) else {
        return Err(BatchError::NoHeader { sheet });
    };
    let headers = headings(&rows[at]);
    let data: Vec<SourceRow> = rows
        .drain(at + 1..)
        .enumerate()
        .map(|(offset, cells)| SourceRow {
            number: first_row + at + 1 + offset,
            cells: RowCells::Cells(cells),
            extras: Vec::new(),
            notes: Vec::new(),
        })
        .collect();
    Ok(Source {
        kind,
        sheet,
        header_row: first_row + at,
        headers,
        row_count: Some(data.len()),
        rows: Box::new(data.into_iter().map(|row| Ok(RawRow::Read(row)))),
        bytes,
        position: None,
        extras: HashMap::new(),
        extra_problems: Vec::new(),
    })
}
