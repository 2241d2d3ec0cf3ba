//! The annex table as a Word document (docx-rs), ready to paste into a
//! report: A4 landscape, a 宋体 title, the table in 仿宋 with 一级 and 二级
//! merged down over their indicators (vertical merges) and 合计 / 等级 rows
//! spanning columns, as the reports' 附件 tables are laid out.

use super::annex::{Annex, HEADINGS};
use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow, VAlignType, VMergeType, WidthType,
};

/// Column widths in twentieths of a point, filling A4 landscape's 14,570
/// between 2 cm margins.
const WIDTHS: [usize; 9] = [1300, 1300, 1700, 700, 3500, 1000, 1000, 800, 3270];

/// 五号 (10.5 pt) in half-points.
const BODY_SIZE: usize = 21;
/// 三号 (16 pt) in half-points.
const TITLE_SIZE: usize = 32;

/// A run of text in a Chinese font (and Times New Roman for Latin letters and digits).
fn run(text: &str, font: &str, size: usize, bold: bool) -> Run {
    let run = Run::new().add_text(text).size(size).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    );
    if bold {
        run.bold()
    } else {
        run
    }
}

/// A table cell holding `text`, `span` columns wide.
fn cell(text: &str, column: usize, span: usize, bold: bool, centred: bool) -> TableCell {
    let alignment = if centred {
        AlignmentType::Center
    } else {
        AlignmentType::Left
    };
    let width: usize = WIDTHS[column..column + span].iter().sum();
    let paragraph = Paragraph::new()
        .add_run(run(text, "仿宋", BODY_SIZE, bold))
        .align(alignment);
    let cell = TableCell::new()
        .add_paragraph(paragraph)
        .vertical_align(VAlignType::Center)
        .width(width, WidthType::Dxa);
    if span > 1 {
        cell.grid_span(span)
    } else {
        cell
    }
}

/// The 一级 or 二级 cell of body row `row`: the start of a merge with its
/// text, a continuation, or an empty cell outside any group.
fn group_cell(annex: &Annex, column: usize, row: usize) -> TableCell {
    let merge = annex
        .merges
        .iter()
        .find(|merge| merge.column == column && (merge.first..=merge.last).contains(&row));
    match merge {
        Some(merge) if merge.first == row => {
            cell(&merge.text, column, 1, false, true).vertical_merge(VMergeType::Restart)
        }
        Some(_) => cell("", column, 1, false, true).vertical_merge(VMergeType::Continue),
        None => cell("", column, 1, false, true),
    }
}

/// The annex's table.
pub fn table(annex: &Annex) -> Table {
    let mut rows = vec![TableRow::new(
        (0..HEADINGS.len())
            .map(|column| cell(HEADINGS[column], column, 1, true, true))
            .collect(),
    )];
    for (index, texts) in annex.rows.iter().enumerate() {
        let mut cells = vec![group_cell(annex, 0, index), group_cell(annex, 1, index)];
        for (column, text) in texts.iter().enumerate().skip(2) {
            let centred = matches!(column, 3 | 5 | 6 | 7);
            cells.push(cell(text, column, 1, false, centred));
        }
        rows.push(TableRow::new(cells));
    }
    for closing in &annex.closing {
        rows.push(TableRow::new(vec![
            cell(&closing.label, 0, 3, true, true),
            cell(&closing.weight, 3, 1, false, true),
            cell(&closing.note, 4, 3, false, true),
            cell(&closing.score, 7, 1, true, true),
            cell("", 8, 1, false, false),
        ]));
    }
    rows.push(TableRow::new(vec![
        cell("等级", 0, 3, true, true),
        cell(&annex.grade, 3, 6, true, true),
    ]));
    Table::new(rows)
        .set_grid(WIDTHS.to_vec())
        .width(WIDTHS.iter().sum(), WidthType::Dxa)
}

/// The document: the title, then the table.
pub fn document(annex: &Annex) -> Docx {
    let title = Paragraph::new()
        .add_run(run(
            &format!("附件：{} 评分表", annex.title),
            "宋体",
            TITLE_SIZE,
            true,
        ))
        .align(AlignmentType::Center);
    // A4 is 11,906 × 16,838 twentieths of a point; landscape swaps them.
    Docx::new()
        .page_size(16_838, 11_906)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: 1134,
            left: 1134,
            bottom: 1134,
            right: 1134,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .add_paragraph(title)
        .add_table(table(annex))
}

/// The document's bytes.
pub fn bytes(annex: &Annex) -> Result<Vec<u8>, String> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    document(annex)
        .pack(&mut buffer)
        .map_err(|error| error.to_string())?;
    Ok(buffer.into_inner())
}
