//! Reading an indicator table into rows of text cells: a workbook (xlsx,
//! xls, ods, through calamine, as `jixiao batch` reads them), CSV (UTF-8 or
//! GBK), a Word document's tables, or a Markdown table. A merged cell comes
//! out as its text in its first cell and blanks under and beside it, which
//! is what the tree builder expects of every format.

use crate::batch::BatchError;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// A table read from a file.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// What was read, for messages: `xlsx 工作簿`, `Markdown 表格`.
    pub kind: String,
    /// The sheet or file, for messages.
    pub place: String,
    /// The rows, each with its number in the file.
    pub rows: Vec<Row>,
    /// Text around the table (Markdown lines outside it, a workbook's
    /// one-cell rows): where grade bands are looked for.
    pub notes: Vec<String>,
}

/// One row of a table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Its row (or line) number in the file, from 1.
    pub number: usize,
    /// Its cells as text, in column order.
    pub cells: Vec<String>,
}

/// A text file's contents.
pub fn text(path: &Path) -> Result<String, BatchError> {
    crate::files::read_text(path).map_err(|error| BatchError::Io {
        path: path.display().to_string(),
        reason: error.to_string(),
    })
}

/// Rows numbered from 1, with one-cell rows kept as notes as well.
pub fn from_rows(kind: &str, path: &Path, rows: Vec<Vec<String>>) -> Grid {
    let notes = rows
        .iter()
        .filter(|cells| cells.iter().filter(|cell| !cell.trim().is_empty()).count() == 1)
        .flat_map(|cells| cells.iter().filter(|cell| !cell.trim().is_empty()).cloned())
        .collect();
    Grid {
        kind: kind.to_string(),
        place: file_name(path),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(at, cells)| Row {
                number: at + 1,
                cells,
            })
            .collect(),
        notes,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
}

/// A workbook's sheet `sheet` (else its first).
pub fn workbook(path: &Path, sheet: Option<&str>) -> Result<Grid, BatchError> {
    let corrupt = |reason: String| BatchError::Corrupt {
        path: path.display().to_string(),
        reason,
    };
    let mut workbook = open_workbook_auto(path).map_err(|error| corrupt(error.to_string()))?;
    let names = workbook.sheet_names();
    let chosen = match sheet {
        Some(wanted) => names.iter().find(|name| name.as_str() == wanted).cloned(),
        None => names.first().cloned(),
    };
    let Some(chosen) = chosen else {
        let wanted = sheet.unwrap_or_default();
        return Err(corrupt(format!(
            "没有工作表「{wanted}」（工作表：{}）",
            names.join("、")
        )));
    };
    let range = workbook
        .worksheet_range(&chosen)
        .map_err(|error| corrupt(error.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
    rows.extend(range.rows().map(|row| {
        let blanks = std::iter::repeat_n(String::new(), left as usize);
        blanks.chain(row.iter().map(cell_text)).collect()
    }));
    let mut grid = from_rows("工作簿", path, rows);
    grid.place = format!("工作表「{chosen}」");
    Ok(grid)
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Bool(value) => if *value { "是" } else { "否" }.to_string(),
        Data::DateTime(date) => date.as_f64().to_string(),
    }
}

/// A CSV file's records, decoded as UTF-8 or else GBK/GB18030.
pub fn csv_rows(path: &Path) -> Result<Vec<Vec<String>>, BatchError> {
    let bytes = std::fs::read(path).map_err(|error| BatchError::io(path, &error))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.as_bytes());
    reader
        .records()
        .map(|record| {
            record
                .map(|record| record.iter().map(str::to_string).collect())
                .map_err(|error| BatchError::Syntax {
                    path: path.display().to_string(),
                    line: error.position().map_or(0, |at| at.line() as usize),
                    reason: error.to_string(),
                })
        })
        .collect()
}

/// A Markdown text's table rows (`| a | b |`, the `| --- |` line skipped),
/// each numbered by its line; every other line is a note.
pub fn markdown(path: &Path, text: &str) -> Grid {
    let mut grid = Grid {
        kind: "Markdown 表格".to_string(),
        place: file_name(path),
        ..Grid::default()
    };
    for (at, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let Some(inner) = trimmed.strip_prefix('|') else {
            if !trimmed.is_empty() {
                grid.notes.push(trimmed.to_string());
            }
            continue;
        };
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<String> = inner
            .split('|')
            .map(|cell| cell.trim().replace("<br>", "\n"))
            .collect();
        let separator = cells
            .iter()
            .all(|cell| !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' ')));
        if !separator {
            grid.rows.push(Row {
                number: at + 1,
                cells,
            });
        }
    }
    grid
}
