//! The annex table drawn on a worksheet: a title row, the headings, one row
//! per indicator with 一级 and 二级 merged down over their indicators, then
//! 合计 and 等级 — the 附件 layout of the reports, in 宋体 with thin borders.

use crate::batch::annex::{Annex, Merge, HEADINGS};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The widths of the annex's columns, in characters: wide enough for
/// Chinese indicator names, and for 评分标准 and 评分依据 to wrap.
const WIDTHS: [f64; 9] = [14.0, 14.0, 22.0, 6.0, 40.0, 10.0, 10.0, 8.0, 60.0];

/// The cell formats of the annex.
pub struct Formats {
    title: Format,
    heading: Format,
    text: Format,
    centred: Format,
}

impl Default for Formats {
    fn default() -> Self {
        let cell = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: Format::new()
                .set_font_name("宋体")
                .set_font_size(14)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: cell.clone().set_bold().set_align(FormatAlign::Center),
            centred: cell.clone().set_align(FormatAlign::Center),
            text: cell,
        }
    }
}

/// Sets the annex's column widths on a sheet.
pub fn set_widths(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    for (column, width) in (0u16..).zip(WIDTHS) {
        sheet.set_column_width(column, width)?;
    }
    Ok(())
}

/// Draws `annex` from row `top`; the first free row after it.
pub fn draw(
    sheet: &mut Worksheet,
    top: u32,
    annex: &Annex,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let last_column = (HEADINGS.len() - 1) as u16;
    sheet.merge_range(
        top,
        0,
        top,
        last_column,
        &format!("{} 评分表", annex.title),
        &formats.title,
    )?;
    sheet.set_row_height(top, 24)?;
    for (column, heading) in (0u16..).zip(HEADINGS) {
        sheet.write_string_with_format(top + 1, column, heading, &formats.heading)?;
    }
    let body = top + 2;
    body_rows(sheet, body, annex, formats)?;
    let mut row = body + annex.rows.len() as u32;
    for closing in &annex.closing {
        span(sheet, (row, 0), (row, 2), &closing.label, &formats.heading)?;
        sheet.write_string_with_format(row, 3, &closing.weight, &formats.centred)?;
        span(sheet, (row, 4), (row, 6), &closing.note, &formats.centred)?;
        sheet.write_string_with_format(row, 7, &closing.score, &formats.centred)?;
        sheet.write_string_with_format(row, 8, "", &formats.text)?;
        row += 1;
    }
    let grade_row = row;
    span(
        sheet,
        (grade_row, 0),
        (grade_row, 2),
        "等级",
        &formats.heading,
    )?;
    span(
        sheet,
        (grade_row, 3),
        (grade_row, last_column),
        &annex.grade,
        &formats.centred,
    )?;
    Ok(grade_row + 1)
}

/// The indicator rows from row `body`, in order, each merge written at its
/// first row: a constant-memory sheet (the 评分表 block sheet of a big run)
/// cannot go back up.
fn body_rows(
    sheet: &mut Worksheet,
    body: u32,
    annex: &Annex,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut merges: Vec<&Merge> = annex.merges.iter().collect();
    merges.sort_by_key(|merge| (merge.first, merge.column));
    for (offset, cells) in annex.rows.iter().enumerate() {
        let row = body + offset as u32;
        for merge in merges.iter().filter(|merge| merge.first == offset) {
            let column = merge.column as u16;
            let last = body + merge.last as u32;
            span(
                sheet,
                (row, column),
                (last, column),
                &merge.text,
                &formats.centred,
            )?;
        }
        let covered = |column: usize| {
            merges
                .iter()
                .any(|merge| merge.column == column && (merge.first..=merge.last).contains(&offset))
        };
        for (column, text) in (0u16..).zip(cells) {
            if covered(usize::from(column)) {
                continue;
            }
            let format = if matches!(column, 3 | 5 | 6 | 7) {
                &formats.centred
            } else {
                &formats.text
            };
            sheet.write_string_with_format(row, column, text, format)?;
        }
    }
    Ok(())
}

/// Writes `text` over a rectangle, merged when it is more than one cell.
fn span(
    sheet: &mut Worksheet,
    (first_row, first_column): (u32, u16),
    (last_row, last_column): (u32, u16),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if (first_row, first_column) == (last_row, last_column) {
        sheet.write_string_with_format(first_row, first_column, text, format)?;
    } else {
        sheet.merge_range(first_row, first_column, last_row, last_column, text, format)?;
    }
    Ok(())
}

/// One project's annex as a workbook of one sheet, 评分表.
pub fn workbook(annex: &Annex) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("评分表")?;
    set_widths(sheet)?;
    draw(sheet, 0, annex, &Formats::default())?;
    sheet.set_landscape();
    workbook.save_to_buffer()
}
