//! The results workbook: 汇总 (one row per project, grades colour-coded),
//! 问题 (every bad cell with its sheet, row and column), 复核 (the audit of
//! each project whose printed scores were given) and the annex tables — a
//! 评分表 sheet per project, or one sheet with a block per project (asked
//! for, or past [`ANNEX_SHEETS`] projects). It is written as the outcomes
//! come, so a big run's memory stays flat.

use super::annex_xlsx::{self, Formats};
use super::summary::Layout;
use crate::batch::annex::Annex;
use crate::batch::outcome::{BatchOptions, Outcome};
use crate::batch::problem::Problem;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;

/// Up to this many projects, each has a 评分表 sheet of its own; a bigger
/// run puts them all on one sheet, a block each (thousands of sheets make
/// a workbook slow to open, and each is held whole until it is saved).
pub const ANNEX_SHEETS: usize = 200;

/// The last row a sheet may use (Excel's limit, from 0).
const LAST_ROW: u32 = 1_048_575;

/// A results workbook written as the outcomes come: 汇总 and 问题 in
/// constant memory, the audits kept (they are few), the annexes on sheets
/// of their own until there are more than [`ANNEX_SHEETS`].
pub struct Results<'a> {
    workbook: Workbook,
    layout: &'a Layout,
    summary: Worksheet,
    summary_rows: u32,
    problems: Worksheet,
    problem_rows: u32,
    /// The audited projects: row, name and audit.
    audits: Vec<(usize, String, crate::report::audit::Audit)>,
    /// Annexes waiting for their own sheets, while there are few.
    annexes: Vec<(usize, String, Annex)>,
    /// The block sheets, once the annexes go on them, and the next free row.
    blocks: Option<(Vec<Worksheet>, u32)>,
    formats: Formats,
}

impl<'a> Results<'a> {
    /// A workbook for a run of `layout`, with the run's `notes` first in 问题.
    pub fn new(
        layout: &'a Layout,
        notes: &[Problem],
        options: &BatchOptions,
    ) -> Result<Results<'a>, XlsxError> {
        let mut workbook = Workbook::new();
        let mut summary = workbook.new_worksheet_with_constant_memory();
        summary_header(&mut summary, layout)?;
        let mut problems = workbook.new_worksheet_with_constant_memory();
        problems_header(&mut problems)?;
        let mut results = Results {
            workbook,
            layout,
            summary,
            summary_rows: 0,
            problems,
            problem_rows: 0,
            audits: Vec::new(),
            annexes: Vec::new(),
            blocks: None,
            formats: Formats::default(),
        };
        for problem in notes {
            results.problem(problem)?;
        }
        if options.annex_block {
            results.start_blocks()?;
        }
        Ok(results)
    }

    /// Writes one project's rows.
    pub fn push(&mut self, outcome: Outcome) -> Result<(), XlsxError> {
        self.summary_rows += 1;
        summary_row(&mut self.summary, self.summary_rows, self.layout, &outcome)?;
        for problem in &outcome.problems {
            self.problem(problem)?;
        }
        let Some(scored) = outcome.scored else {
            return Ok(());
        };
        if let Some(audit) = scored.audit {
            self.audits
                .push((outcome.row, outcome.name.clone(), *audit));
        }
        let Some(annex) = scored.annex else {
            return Ok(());
        };
        if self.blocks.is_none() && self.annexes.len() == ANNEX_SHEETS {
            self.start_blocks()?;
        }
        if self.blocks.is_some() {
            return self.block(&annex);
        }
        self.annexes.push((outcome.row, outcome.name, *annex));
        Ok(())
    }

    /// The workbook's bytes: 汇总, 问题, 复核 (if any project was audited),
    /// then the annexes.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        let columns = (self.layout.headings().len() - 1) as u16;
        self.summary.autofilter(0, 0, self.summary_rows, columns)?;
        self.workbook.push_worksheet(self.summary);
        self.workbook.push_worksheet(self.problems);
        if !self.audits.is_empty() {
            audit_sheet(self.workbook.add_worksheet(), &self.audits)?;
        }
        match self.blocks {
            Some((sheets, _)) => sheets
                .into_iter()
                .for_each(|sheet| self.workbook.push_worksheet(sheet)),
            None => {
                let mut taken: HashSet<String> = ["汇总", "问题", "复核"].map(String::from).into();
                for (row, name, annex) in &self.annexes {
                    let sheet = self.workbook.add_worksheet();
                    sheet.set_name(sheet_name(name, *row, &mut taken))?;
                    annex_xlsx::set_widths(sheet)?;
                    annex_xlsx::draw(sheet, 0, annex, &self.formats)?;
                }
            }
        }
        self.workbook.save_to_buffer()
    }

    fn problem(&mut self, problem: &Problem) -> Result<(), XlsxError> {
        self.problem_rows += 1;
        problem_row(&mut self.problems, self.problem_rows, problem)
    }

    /// Moves the annexes onto block sheets, where the rest will follow.
    fn start_blocks(&mut self) -> Result<(), XlsxError> {
        self.blocks = Some((vec![self.block_sheet(1)?], 0));
        for (_, _, annex) in std::mem::take(&mut self.annexes) {
            self.block(&annex)?;
        }
        Ok(())
    }

    /// A 评分表 block sheet: 评分表, then 评分表（2） … past Excel's last row.
    fn block_sheet(&mut self, number: usize) -> Result<Worksheet, XlsxError> {
        let mut sheet = self.workbook.new_worksheet_with_constant_memory();
        match number {
            1 => sheet.set_name("评分表")?,
            _ => sheet.set_name(format!("评分表（{number}）"))?,
        };
        annex_xlsx::set_widths(&mut sheet)?;
        Ok(sheet)
    }

    /// Draws an annex below the last one, on a new block sheet when the
    /// last one is full.
    fn block(&mut self, annex: &Annex) -> Result<(), XlsxError> {
        let height = annex.rows.len() as u32 + 4;
        if let Some((sheets, top)) = &self.blocks {
            if *top + height > LAST_ROW {
                let sheet = self.block_sheet(sheets.len() + 1)?;
                if let Some((sheets, top)) = &mut self.blocks {
                    sheets.push(sheet);
                    *top = 0;
                }
            }
        }
        if let Some((sheets, top)) = &mut self.blocks {
            if let Some(sheet) = sheets.last_mut() {
                *top = annex_xlsx::draw(sheet, *top, annex, &self.formats)? + 2;
            }
        }
        Ok(())
    }
}

/// The look of a header row: bold, wrapped, bordered, light blue (the
/// results workbook and the template share it).
pub(crate) fn heading_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// A header row, frozen, with each column `width` characters wide (at least).
fn header(sheet: &mut Worksheet, headings: &[String], widths: &[f64]) -> Result<(), XlsxError> {
    let format = heading_format();
    for (column, heading) in (0u16..).zip(headings) {
        sheet.write_string_with_format(0, column, heading, &format)?;
        let width = widths.get(usize::from(column)).copied().unwrap_or(10.0);
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The colour of a grade's cell: 优 green, 良 blue, 中 yellow, 差 red.
fn grade_format(grade: &str) -> Option<Format> {
    let colour = match grade {
        "优" | "优秀" => 0xC6EFCE,
        "良" | "良好" => 0xDDEBF7,
        "中" | "合格" => 0xFFEB9C,
        "差" | "不合格" => 0xFFC7CE,
        _ => return None,
    };
    Some(Format::new().set_background_color(Color::RGB(colour)))
}

fn summary_header(sheet: &mut Worksheet, layout: &Layout) -> Result<(), XlsxError> {
    sheet.set_name("汇总")?;
    let headings = layout.headings();
    let mut widths = vec![6.0, 30.0, 16.0, 14.0];
    widths.resize(headings.len() - 1, 12.0);
    widths.push(60.0);
    header(sheet, &headings, &widths)?;
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn summary_row(
    sheet: &mut Worksheet,
    row: u32,
    layout: &Layout,
    outcome: &Outcome,
) -> Result<(), XlsxError> {
    let scores = layout.score_columns();
    let grade_column = scores.end;
    let number = Format::new().set_num_format("0.00");
    for (column, text) in (0u16..).zip(layout.cells(outcome)) {
        let at = usize::from(column);
        match text.parse::<f64>() {
            Ok(value) if scores.contains(&at) => {
                sheet.write_number_with_format(row, column, value, &number)?
            }
            Ok(value) if at == 0 => sheet.write_number(row, column, value)?,
            _ => match grade_format(&text).filter(|_| at == grade_column) {
                Some(format) => sheet.write_string_with_format(row, column, &text, &format)?,
                None => sheet.write_string(row, column, &text)?,
            },
        };
    }
    Ok(())
}

fn problems_header(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name("问题")?;
    let headings = ["工作表", "行", "列", "值", "代码", "说明", "改法"].map(String::from);
    header(sheet, &headings, &[12.0, 6.0, 22.0, 14.0, 30.0, 50.0, 50.0])
}

fn problem_row(sheet: &mut Worksheet, row: u32, problem: &Problem) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &problem.sheet)?;
    sheet.write_number(row, 1, problem.row as f64)?;
    sheet.write_string(row, 2, &problem.column)?;
    sheet.write_string(row, 3, &problem.value)?;
    sheet.write_string(row, 4, &problem.code)?;
    sheet.write_string(row, 5, &problem.message)?;
    sheet.write_string(row, 6, &problem.help)?;
    Ok(())
}

fn audit_sheet(
    sheet: &mut Worksheet,
    audits: &[(usize, String, crate::report::audit::Audit)],
) -> Result<(), XlsxError> {
    sheet.set_name("复核")?;
    let headings = [
        "行号",
        "项目名称",
        "结论",
        "类别",
        "对象",
        "报告所列",
        "重算",
        "差异",
        "出处",
        "推导",
    ]
    .map(String::from);
    header(
        sheet,
        &headings,
        &[6.0, 30.0, 10.0, 8.0, 24.0, 10.0, 10.0, 8.0, 24.0, 60.0],
    )?;
    let mut row = 1u32;
    for (number, name, audit) in audits {
        let verdict = if audit.agrees() {
            "一致"
        } else {
            "有差异"
        };
        let findings: Vec<_> = audit
            .discrepancies
            .iter()
            .chain(&audit.inconsistencies)
            .collect();
        if findings.is_empty() {
            sheet.write_number(row, 0, *number as f64)?;
            sheet.write_string(row, 1, name)?;
            sheet.write_string(row, 2, verdict)?;
            sheet.write_string(row, 9, format!("比对 {} 项，全部一致", audit.compared))?;
            row += 1;
        }
        for finding in findings {
            sheet.write_number(row, 0, *number as f64)?;
            sheet.write_string(row, 1, name)?;
            sheet.write_string(row, 2, verdict)?;
            sheet.write_string(row, 3, finding.what)?;
            sheet.write_string(row, 4, &finding.subject)?;
            sheet.write_string(row, 5, &finding.claimed)?;
            sheet.write_string(row, 6, &finding.computed)?;
            if let Some(difference) = finding.difference {
                sheet.write_string(row, 7, difference.to_string())?;
            }
            sheet.write_string(row, 8, finding.source.as_deref().unwrap_or(""))?;
            sheet.write_string(row, 9, &finding.derivation)?;
            row += 1;
        }
    }
    Ok(())
}

/// A sheet name Excel accepts, unique in the workbook: the project's name
/// without `[]:*?/\`, cut to 31 characters, numbered by its row if taken.
fn sheet_name(name: &str, row: usize, taken: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let cut = |text: &str, room: usize| text.chars().take(room).collect::<String>();
    let mut candidate = cut(clean, MAX_SHEET_NAME);
    if candidate.is_empty() || taken.contains(&candidate) {
        let suffix = format!("（{row}行）");
        candidate = cut(clean, MAX_SHEET_NAME - suffix.chars().count()) + &suffix;
    }
    taken.insert(candidate.clone());
    candidate
}
