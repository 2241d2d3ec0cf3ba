//! Workbooks read with calamine: xlsx, xls, ods. The data sheet is 填报 when
//! there is one, else the first sheet. For xlsx, cell formats are read as
//! well ([`super::xlsx_styles`]): percent-formatted cells hold fractions, and
//! a formula whose result was never saved is told apart from a blank cell.

use super::xlsx_styles::{self, SheetMarks};
use super::{extras, sheet_source, Source, DATA_SHEET};
use crate::batch::problem::BatchError;
use crate::score::cells::{Cell, NumberFormat};
use calamine::{open_workbook_auto, Data, Range, Reader, Sheets};
use std::io::BufReader;
use std::path::Path;

type Workbook = Sheets<BufReader<std::fs::File>>;

/// Opens a workbook and reads its data sheet and its 酌情 and 报告所列 sheets.
pub fn open(path: &Path, bytes: u64) -> Result<Source, BatchError> {
    let corrupt = |reason: String| BatchError::Corrupt {
        path: path.display().to_string(),
        reason,
    };
    let mut workbook: Workbook =
        open_workbook_auto(path).map_err(|error| corrupt(error.to_string()))?;
    let kind = match &workbook {
        Sheets::Xlsx(_) => "xlsx 工作簿",
        Sheets::Xls(_) => "xls 工作簿",
        Sheets::Ods(_) => "ods 工作簿",
        Sheets::Xlsb(_) => "xlsb 工作簿",
    };
    let is_xlsx = matches!(workbook, Sheets::Xlsx(_));
    let names = workbook.sheet_names();
    let sheet = names
        .iter()
        .find(|name| name.as_str() == DATA_SHEET)
        .or(names.first())
        .cloned()
        .ok_or_else(|| corrupt("工作簿中没有工作表".to_string()))?;
    let marks = |name: &str| {
        if is_xlsx {
            xlsx_styles::read(path, name).unwrap_or_default()
        } else {
            SheetMarks::default()
        }
    };
    let (rows, first) = read_sheet(&mut workbook, &sheet, &marks(&sheet))
        .map_err(|error| corrupt(error.to_string()))?;
    let mut source = sheet_source(kind.to_string(), sheet.clone(), rows, first, bytes)?;
    let (extras, problems) = extras::read(|name| {
        names
            .contains(&name.to_string())
            .then(|| read_sheet(&mut workbook, name, &marks(name)).ok())
            .flatten()
    });
    source.extras = extras;
    source.extra_problems = problems;
    Ok(source)
}

/// A sheet's rows as cells, and the number (from 1) of its first row.
fn read_sheet(
    workbook: &mut Workbook,
    name: &str,
    marks: &SheetMarks,
) -> Result<(Vec<Vec<Cell>>, usize), calamine::Error> {
    let range: Range<Data> = workbook.worksheet_range(name)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, data)| {
                    let at = (top + r as u32, left + c as u32);
                    cell(data, marks, at)
                })
                .collect::<Vec<Cell>>()
        })
        .map(|mut row| {
            // Columns left of the used range are blank but keep their place.
            let mut padded = vec![Cell::Empty; left as usize];
            padded.append(&mut row);
            padded
        })
        .collect();
    Ok((rows, top as usize + 1))
}

/// One calamine value as a cell.
fn cell(data: &Data, marks: &SheetMarks, at: (u32, u32)) -> Cell {
    let format = if marks.percent.contains(&at) {
        NumberFormat::Percent
    } else {
        NumberFormat::General
    };
    match data {
        Data::Empty if marks.uncached.contains(&at) => Cell::UncachedFormula,
        Data::Empty => Cell::Empty,
        Data::Int(number) => Cell::Number(*number as f64, format),
        Data::Float(number) => Cell::Number(*number, format),
        Data::String(text) => Cell::Text(text.clone()),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(date) if date.is_datetime() => {
            match crate::score::cells::excel_date(date.as_f64()) {
                Some(day) => Cell::Date(day),
                None => Cell::Number(date.as_f64(), format),
            }
        }
        Data::DateTime(duration) => Cell::Number(duration.as_f64(), format),
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            let date = text.get(..10).and_then(crate::lang::parse::parse_date);
            match date {
                Some(date) => Cell::Date(crate::lang::units::day_number(date)),
                None => Cell::Text(text.clone()),
            }
        }
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}
