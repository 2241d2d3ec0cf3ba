//! SpreadsheetML 2003: the XML workbook that some government systems save
//! with an `.xls` name (`<?mso-application progid="Excel.Sheet"?>`), which no
//! spreadsheet crate reads. A small reader over quick-xml: worksheets, rows
//! and cells with their `ss:Index` gaps, typed data (Number, String,
//! DateTime, Boolean, Error), percent styles, and formulas without a value.

use super::{extras, sheet_source, Source, DATA_SHEET};
use crate::batch::problem::BatchError;
use crate::score::cells::{Cell, NumberFormat};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::BufReader;
use std::path::Path;

/// The most cells read from one file: far above a district's projects, a
/// guard against a file that never ends its rows.
const MAX_CELLS: usize = 50_000_000;

/// Opens a SpreadsheetML workbook.
pub fn open(path: &Path, bytes: u64) -> Result<Source, BatchError> {
    let corrupt = |reason: String| BatchError::Corrupt {
        path: path.display().to_string(),
        reason: format!("SpreadsheetML（Excel 2003 XML）文件无法读取：{reason}"),
    };
    let file = std::fs::File::open(path).map_err(|error| BatchError::io(path, &error))?;
    let mut sheets = read(BufReader::new(file)).map_err(corrupt)?;
    let at = sheets
        .iter()
        .position(|(name, _)| name == DATA_SHEET)
        .unwrap_or(0);
    if sheets.is_empty() {
        return Err(corrupt("没有工作表".to_string()));
    }
    let (name, rows) = sheets.swap_remove(at);
    let kind = "SpreadsheetML（Excel 2003 XML）工作簿".to_string();
    let mut source = sheet_source(kind, name, rows, 1, bytes)?;
    let (extras, problems) = extras::read(|wanted| {
        let at = sheets.iter().position(|(name, _)| name == wanted)?;
        Some((std::mem::take(&mut sheets[at].1), 1))
    });
    source.extras = extras;
    source.extra_problems = problems;
    Ok(source)
}

/// The value of attribute `name` (with or without its `ss:` prefix).
fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element.attributes().flatten().find_map(|attribute| {
        let key = attribute.key.as_ref();
        let local = key.rsplit(|b| *b == b':').next().unwrap_or(key);
        (local == name.as_bytes()).then(|| {
            let raw = String::from_utf8_lossy(&attribute.value);
            quick_xml::escape::unescape(&raw)
                .map_or_else(|_| raw.to_string(), |text| text.into_owned())
        })
    })
}

/// The place a cell or row is written at: its `ss:Index` (from 1) or the next.
fn index(element: &BytesStart, next: usize) -> usize {
    attribute(element, "Index")
        .and_then(|index| index.parse::<usize>().ok())
        .and_then(|index| index.checked_sub(1))
        .filter(|index| *index >= next)
        .unwrap_or(next)
}

/// The cell being read.
#[derive(Default)]
struct Pending {
    column: usize,
    percent: bool,
    formula: bool,
    kind: String,
    text: String,
    has_data: bool,
}

/// Each worksheet's name and rows.
type Sheets = Vec<(String, Vec<Vec<Cell>>)>;

/// What the reader has seen so far.
#[derive(Default)]
struct State {
    sheets: Sheets,
    percent_styles: HashSet<String>,
    style: Option<String>,
    cells: usize,
    next_column: usize,
    pending: Option<Pending>,
    in_data: bool,
}

/// Every worksheet's name and rows.
fn read(input: impl std::io::BufRead) -> Result<Sheets, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buffer = Vec::new();
    let mut state = State::default();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| error.to_string())?;
        match &event {
            Event::Start(element) => state.start(element, false)?,
            Event::Empty(element) => state.start(element, true)?,
            Event::Text(text) => state.text(&String::from_utf8_lossy(text.as_ref())),
            Event::GeneralRef(reference) => {
                let name = String::from_utf8_lossy(reference.as_ref());
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .map(|text| text.into_owned())
                    .unwrap_or_default();
                state.text(&text);
            }
            Event::End(element) => match element.local_name().as_ref() {
                b"Data" => state.in_data = false,
                b"Cell" => {
                    if let Some(cell) = state.pending.take() {
                        place(&mut state.sheets, cell);
                    }
                }
                b"Style" => state.style = None,
                _ => {}
            },
            Event::Eof => return Ok(state.sheets),
            _ => {}
        }
        buffer.clear();
    }
}

impl State {
    /// An element opens (`empty` when it also closes).
    fn start(&mut self, element: &BytesStart, empty: bool) -> Result<(), String> {
        match element.local_name().as_ref() {
            b"Style" => self.style = attribute(element, "ID"),
            b"NumberFormat" => {
                let format = attribute(element, "Format").unwrap_or_default();
                if let (Some(id), true) = (&self.style, format == "Percent" || format.contains('%'))
                {
                    self.percent_styles.insert(id.clone());
                }
            }
            b"Worksheet" => {
                let name = attribute(element, "Name").unwrap_or_default();
                self.sheets.push((name, Vec::new()));
            }
            b"Row" => {
                let rows = &mut self.sheets.last_mut().ok_or("行不在工作表中")?.1;
                let at = index(element, rows.len());
                rows.resize_with(at + 1, Vec::new);
                self.next_column = 0;
            }
            b"Cell" => self.cell(element, empty)?,
            b"Data" if !empty => {
                self.in_data = true;
                if let Some(cell) = &mut self.pending {
                    cell.kind = attribute(element, "Type").unwrap_or_default();
                    cell.has_data = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A cell opens: its column, style and formula.
    fn cell(&mut self, element: &BytesStart, empty: bool) -> Result<(), String> {
        let column = index(element, self.next_column);
        let span = attribute(element, "MergeAcross").and_then(|n| n.parse::<usize>().ok());
        self.next_column = column + 1 + span.unwrap_or(0);
        let style = attribute(element, "StyleID");
        let cell = Pending {
            column,
            percent: style.is_some_and(|id| self.percent_styles.contains(&id)),
            formula: attribute(element, "Formula").is_some(),
            ..Pending::default()
        };
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(format!("单元格超过 {MAX_CELLS} 个"));
        }
        if empty {
            place(&mut self.sheets, cell);
        } else {
            self.pending = Some(cell);
        }
        Ok(())
    }

    /// Text inside a cell's Data.
    fn text(&mut self, text: &str) {
        if let (true, Some(cell)) = (self.in_data, &mut self.pending) {
            cell.text.push_str(text);
        }
    }
}

/// Puts a finished cell into the last row of the last sheet.
fn place(sheets: &mut Sheets, pending: Pending) {
    let Some(row) = sheets.last_mut().and_then(|(_, rows)| rows.last_mut()) else {
        return;
    };
    let column = pending.column;
    if row.len() <= column {
        row.resize(column + 1, Cell::Empty);
    }
    row[column] = cell(pending);
}

/// A finished cell's value.
fn cell(pending: Pending) -> Cell {
    if !pending.has_data {
        return if pending.formula {
            Cell::UncachedFormula
        } else {
            Cell::Empty
        };
    }
    let text = pending.text;
    let format = if pending.percent {
        NumberFormat::Percent
    } else {
        NumberFormat::General
    };
    match pending.kind.as_str() {
        "Number" => text
            .trim()
            .parse::<f64>()
            .map_or(Cell::Text(text.clone()), |number| {
                Cell::Number(number, format)
            }),
        "Boolean" => Cell::Bool(text.trim() == "1"),
        "DateTime" => match text.get(..10).and_then(crate::lang::parse::parse_date) {
            Some(date) => Cell::Date(crate::lang::units::day_number(date)),
            None => Cell::Text(text),
        },
        "Error" => Cell::Error(text),
        _ if text.is_empty() => Cell::Empty,
        _ => Cell::Text(text),
    }
}
