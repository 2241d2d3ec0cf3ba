//! The results workbook: 汇总 (one row per project, grades colour-coded),
//! 问题 (every bad cell with its sheet, row and column), 复核 (the audit of
//! each project whose printed scores were given) and the annex tables — a
//! 评分表 sheet per project, or one sheet with a block per project.

use super::annex_xlsx::{self, Formats};
use super::summary::Layout;
use crate::batch::outcome::{BatchOptions, Outcome};
use crate::batch::problem::Problem;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;

/// The results workbook's bytes.
pub fn results(
    layout: &Layout,
    outcomes: &[Outcome],
    notes: &[Problem],
    options: &BatchOptions,
) -> Result<Vec<u8>, String> {
    build(layout, outcomes, notes, options).map_err(|error| error.to_string())
}

fn build(
    layout: &Layout,
    outcomes: &[Outcome],
    notes: &[Problem],
    options: &BatchOptions,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    summary_sheet(workbook.add_worksheet(), layout, outcomes)?;
    problems_sheet(workbook.add_worksheet(), outcomes, notes)?;
    if outcomes.iter().any(|outcome| audit_of(outcome).is_some()) {
        audit_sheet(workbook.add_worksheet(), outcomes)?;
    }
    let formats = Formats::default();
    let explained = outcomes
        .iter()
        .filter_map(|outcome| Some((outcome, outcome.scored.as_ref()?.annex.as_ref()?)));
    if options.annex_block {
        let sheet = workbook.add_worksheet();
        sheet.set_name("评分表")?;
        annex_xlsx::set_widths(sheet)?;
        let mut top = 0;
        for (_, annex) in explained {
            top = annex_xlsx::draw(sheet, top, annex, &formats)? + 2;
        }
    } else {
        let mut taken: HashSet<String> = ["汇总", "问题", "复核"].map(String::from).into();
        for (outcome, annex) in explained {
            let sheet = workbook.add_worksheet();
            sheet.set_name(sheet_name(&outcome.name, outcome.row, &mut taken))?;
            annex_xlsx::set_widths(sheet)?;
            annex_xlsx::draw(sheet, 0, annex, &formats)?;
        }
    }
    workbook.save_to_buffer()
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

fn summary_sheet(
    sheet: &mut Worksheet,
    layout: &Layout,
    outcomes: &[Outcome],
) -> Result<(), XlsxError> {
    sheet.set_name("汇总")?;
    let headings = layout.headings();
    let mut widths = vec![6.0, 30.0, 16.0, 14.0];
    widths.resize(headings.len() - 1, 12.0);
    widths.push(60.0);
    header(sheet, &headings, &widths)?;
    sheet.set_freeze_panes(1, 2)?;
    let scores = layout.score_columns();
    let grade_column = scores.end;
    let number = Format::new().set_num_format("0.00");
    for (row, outcome) in (1u32..).zip(outcomes) {
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
    }
    sheet.autofilter(0, 0, outcomes.len() as u32, (headings.len() - 1) as u16)?;
    Ok(())
}

fn problems_sheet(
    sheet: &mut Worksheet,
    outcomes: &[Outcome],
    notes: &[Problem],
) -> Result<(), XlsxError> {
    sheet.set_name("问题")?;
    let headings = ["工作表", "行", "列", "值", "代码", "说明", "改法"].map(String::from);
    header(sheet, &headings, &[12.0, 6.0, 22.0, 14.0, 30.0, 50.0, 50.0])?;
    let all = notes
        .iter()
        .chain(outcomes.iter().flat_map(|outcome| &outcome.problems));
    for (row, problem) in (1u32..).zip(all) {
        sheet.write_string(row, 0, &problem.sheet)?;
        sheet.write_number(row, 1, problem.row as f64)?;
        sheet.write_string(row, 2, &problem.column)?;
        sheet.write_string(row, 3, &problem.value)?;
        sheet.write_string(row, 4, &problem.code)?;
        sheet.write_string(row, 5, &problem.message)?;
        sheet.write_string(row, 6, &problem.help)?;
    }
    Ok(())
}

fn audit_of(outcome: &Outcome) -> Option<&crate::report::audit::Audit> {
    outcome.scored.as_ref()?.audit.as_ref()
}

fn audit_sheet(sheet: &mut Worksheet, outcomes: &[Outcome]) -> Result<(), XlsxError> {
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
    for outcome in outcomes {
        let Some(audit) = audit_of(outcome) else {
            continue;
        };
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
            sheet.write_number(row, 0, outcome.row as f64)?;
            sheet.write_string(row, 1, &outcome.name)?;
            sheet.write_string(row, 2, verdict)?;
            sheet.write_string(row, 9, format!("比对 {} 项，全部一致", audit.compared))?;
            row += 1;
        }
        for finding in findings {
            sheet.write_number(row, 0, outcome.row as f64)?;
            sheet.write_string(row, 1, &outcome.name)?;
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
