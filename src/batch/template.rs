//! `jixiao template`: the facts-entry workbook of a ruleset. Its 填报 sheet has
//! one row per project — 项目名称, 单位, 项目编码, then one column per fact the
//! rules read, headed with its unit (`预算资金（万元）`) and a note quoting the
//! rules that read it — with dropdowns for 档次 and 是否, date cells, percent
//! cells for `%` facts and limits from declared ranges. The 酌情, 专家评分,
//! 不适用 and 报告所列 sheets take discretionary scores, experts' scores,
//! indicators that do not apply and a report's printed scores; 说明 says
//! how to fill it in. A `.csv` target gets the 填报 header alone.

use super::input::{
    CLAIMS_SHEET, DATA_SHEET, DISCRETION_SHEET, EXPERTS_SHEET, NOT_APPLICABLE_SHEET,
};
use super::output::workbook::heading_format;
use super::problem::BatchError;
use crate::lang::check::Fact;
use crate::lang::compile::Compiled;
use crate::lang::units::Ty;
use crate::score::cells::{CODE_HEADER, NAME_HEADER, UNIT_HEADER};
use crate::score::eval::Fault;
use crate::score::facts::FactValues;
use crate::score::values::declared_unit;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Rows given dropdowns and limits: more than any district's projects.
const ENTRY_ROWS: u32 = 5000;

/// The facts the rules read, in declaration order, with their headings.
pub fn columns(compiled: &Compiled) -> Vec<(&Fact, String)> {
    compiled
        .facts
        .iter()
        .filter(|fact| fact.used)
        .map(|fact| (fact, heading(fact)))
        .collect()
}

/// A fact's heading: its name, and its unit in brackets when it has one.
pub fn heading(fact: &Fact) -> String {
    let unit = match &fact.ty {
        Ty::Measure(measure) => Some(measure.to_string()),
        Ty::Ratio { percent: true } => Some("%".to_string()),
        _ => None,
    };
    match unit {
        Some(unit) => format!("{}（{unit}）", fact.name),
        None => fact.name.clone(),
    }
}

/// Writes the template to `path` (.xlsx, or .csv for the header alone).
pub fn write(compiled: &Compiled, path: &Path, force: bool) -> Result<(), BatchError> {
    let failed = |reason: String| BatchError::Write {
        path: path.display().to_string(),
        reason,
    };
    BatchError::refuse_existing(path, force)?;
    let is_csv = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    let bytes = if is_csv {
        csv_header(compiled).into_bytes()
    } else {
        workbook(compiled).map_err(|error| failed(error.to_string()))?
    };
    crate::files::write_atomically(path, bytes).map_err(|error| failed(error.to_string()))
}

/// The 填报 header as a CSV line, with a byte-order mark for Excel.
fn csv_header(compiled: &Compiled) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let headings = leading().chain(columns(compiled).into_iter().map(|(_, heading)| heading));
    // Writing to memory cannot fail.
    let _ = writer.write_record(headings.collect::<Vec<_>>());
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn leading() -> impl Iterator<Item = String> {
    [NAME_HEADER, UNIT_HEADER, CODE_HEADER]
        .into_iter()
        .map(String::from)
}

/// The template workbook's bytes.
pub fn workbook(compiled: &Compiled) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    entry_sheet(workbook.add_worksheet(), compiled)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(DISCRETION_SHEET)?;
    simple_sheet(
        sheet,
        &[
            (NAME_HEADER, 30.0),
            ("指标", 24.0),
            ("得分", 8.0),
            ("扣分", 8.0),
            ("理由", 60.0),
        ],
    )?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(EXPERTS_SHEET)?;
    simple_sheet(
        sheet,
        &[
            (NAME_HEADER, 30.0),
            ("指标", 24.0),
            ("专家", 12.0),
            ("得分", 8.0),
        ],
    )?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(NOT_APPLICABLE_SHEET)?;
    simple_sheet(
        sheet,
        &[(NAME_HEADER, 30.0), ("指标", 24.0), ("理由", 60.0)],
    )?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(CLAIMS_SHEET)?;
    let claims = [
        (NAME_HEADER, 30.0),
        ("类别", 10.0),
        ("名称", 24.0),
        ("值", 10.0),
        ("出处", 30.0),
    ];
    simple_sheet(sheet, &claims)?;
    let categories = DataValidation::new().allow_list_strings(&[
        "总分",
        "等级",
        "得分",
        "完成值",
        "标杆值",
        "小计",
    ])?;
    sheet.add_data_validation(1, 1, ENTRY_ROWS, 1, &categories)?;
    notes_sheet(workbook.add_worksheet(), compiled)?;
    workbook.save_to_buffer()
}

/// A sheet of plain columns with a frozen header.
fn simple_sheet(sheet: &mut Worksheet, columns: &[(&str, f64)]) -> Result<(), XlsxError> {
    let format = heading_format();
    for (column, (heading, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, column, *heading, &format)?;
        sheet.set_column_width(column, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The 填报 sheet: headings with notes, and each column's format and validation.
fn entry_sheet(sheet: &mut Worksheet, compiled: &Compiled) -> Result<(), XlsxError> {
    sheet.set_name(DATA_SHEET)?;
    let leading = [
        (NAME_HEADER, 30.0),
        (UNIT_HEADER, 20.0),
        (CODE_HEADER, 16.0),
    ];
    simple_sheet(sheet, &leading)?;
    sheet.set_freeze_panes(1, 1)?;
    let format = heading_format();
    let readers = readers(compiled);
    for (offset, (fact, heading)) in columns(compiled).into_iter().enumerate() {
        let column = (leading.len() + offset) as u16;
        sheet.write_string_with_format(0, column, &heading, &format)?;
        let width = (heading.chars().count() as f64 * 2.2).clamp(10.0, 40.0);
        sheet.set_column_width(column, width)?;
        let note = readers
            .iter()
            .filter(|(slot, _)| {
                compiled
                    .facts
                    .get(*slot)
                    .is_some_and(|f| f.name == fact.name)
            })
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if !note.is_empty() {
            let note = Note::new(format!("用到「{}」的规则：\n{note}", fact.name))
                .set_author("jixiao")
                .set_width(360);
            sheet.insert_note(0, column, &note)?;
        }
        if let Some(format) = cell_format(&fact.ty) {
            sheet.set_column_format(column, &format)?;
        }
        if let Some(validation) = validation(fact)? {
            sheet.add_data_validation(1, column, ENTRY_ROWS, column, &validation)?;
        }
    }
    Ok(())
}

/// The format of a fact's cells: percent, date, or text for 档次 and 是否.
fn cell_format(ty: &Ty) -> Option<Format> {
    match ty {
        Ty::Ratio { percent: true } => Some(Format::new().set_num_format("0.00%")),
        Ty::Date => Some(Format::new().set_num_format("yyyy-mm-dd")),
        _ => None,
    }
}

/// The data validation of a fact's cells.
fn validation(fact: &Fact) -> Result<Option<DataValidation>, XlsxError> {
    let validation = match &fact.ty {
        Ty::Bool => DataValidation::new().allow_list_strings(&["是", "否"])?,
        Ty::Tier(levels) => DataValidation::new().allow_list_strings(levels)?,
        Ty::Date => DataValidation::new().allow_date(DataValidationRule::GreaterThanOrEqualTo(
            ExcelDateTime::from_ymd(1900, 1, 1)?,
        )),
        ty if ty.is_numeric() => match bounds(fact) {
            Some(rule) => DataValidation::new().allow_decimal_number(rule),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    let message = match &fact.ty {
        Ty::Bool => "请选择「是」或「否」".to_string(),
        Ty::Tier(levels) => format!("请选择：{}", levels.join("、")),
        Ty::Date => "请填写日期，例如 2024-12-31".to_string(),
        _ => format!("「{}」应在规则声明的范围内", fact.name),
    };
    Ok(Some(validation.set_error_message(message)?))
}

/// A declared range in the cells' own unit (a percent cell holds the fraction).
fn bounds(fact: &Fact) -> Option<DataValidationRule<f64>> {
    let range = fact.range.as_ref()?;
    let shown = |value: Option<Decimal>| -> Option<f64> {
        let value = value?;
        let number = match (&fact.ty, declared_unit(&fact.ty)) {
            (Ty::Ratio { percent: true }, _) | (_, None) => value,
            (_, Some(unit)) => unit.from_runtime(value)?,
        };
        number.to_f64()
    };
    match (shown(range.lo), shown(range.hi)) {
        (Some(low), Some(high)) => Some(DataValidationRule::Between(low, high)),
        (Some(low), None) => Some(DataValidationRule::GreaterThanOrEqualTo(low)),
        (None, Some(high)) => Some(DataValidationRule::LessThanOrEqualTo(high)),
        (None, None) => None,
    }
}

/// Which indicator reads which fact (by slot), as `指标：评分标准`. Found by
/// scoring with every fact given but one: an indicator that then misses it
/// reads it. Scoring is cheap, and this follows imports and 沿用 exactly.
fn readers(compiled: &Compiled) -> Vec<(usize, String)> {
    let rules = crate::report::explain::explain(compiled, &FactValues::default());
    let full: Vec<Option<Decimal>> = vec![Some(Decimal::ONE); compiled.facts.len()];
    let mut found = Vec::new();
    for (slot, fact) in compiled.facts.iter().enumerate().filter(|(_, f)| f.used) {
        let mut values = full.clone();
        values[slot] = None;
        let facts = FactValues {
            values,
            ..FactValues::default()
        };
        let card = crate::score::eval::score(compiled, &facts);
        for fault in &card.faults {
            if let Fault::MissingFact {
                indicator,
                fact: missing,
                ..
            } = fault
            {
                if *missing == fact.name {
                    let rule = rules
                        .indicators
                        .iter()
                        .find(|explained| explained.name == *indicator)
                        .map_or("", |explained| explained.rule.as_str());
                    found.push((slot, format!("{indicator}：{rule}")));
                }
            }
        }
    }
    found
}

/// The 说明 sheet: how to fill the workbook in, and each fact's type.
fn notes_sheet(sheet: &mut Worksheet, compiled: &Compiled) -> Result<(), XlsxError> {
    sheet.set_name("说明")?;
    sheet.set_column_width(0, 28.0)?;
    sheet.set_column_width(1, 16.0)?;
    sheet.set_column_width(2, 70.0)?;
    let bold = Format::new().set_bold();
    let lines = [
        format!("《{}》事实填报表", compiled.title),
        "1. 在「填报」表中每个项目填一行：项目名称必填，单位、项目编码可选；其余每列是规则用到的一个事实。".to_string(),
        "2. 金额按表头括号中的单位填写数值（也可写「62.46万元」这样带单位的文字）；百分比列已设为百分比格式，直接填 85% 即可。".to_string(),
        "3. 常规格式的 0.85 填在百分比列中无法判断是 85% 还是 0.85%，会被列为问题，请写明「85%」。".to_string(),
        "4. 是否、档次列有下拉选项；日期填 2024-12-31。空着的必填单元格会被列为问题，该项目不计分，其余项目照常计分。".to_string(),
        "5. 须酌情给分的指标，在「酌情」表中每条写项目名称、指标、得分与理由（理由不可省略）；规则在得分之上再酌情扣分的指标，填「扣分」而不填「得分」。".to_string(),
        "6. 由专家打分取平均的指标，在「专家评分」表中每位专家一行：项目名称、指标、专家（可空，依次记为专家1、专家2……）与得分。".to_string(),
        "7. 不考核的指标（不适用），在「不适用」表中每条写项目名称、指标与理由（理由不可省略）；总分按适用指标折算为满分。".to_string(),
        "8. 要复核报告所列分数时，在「报告所列」表中写项目名称、类别（总分、等级、得分、完成值、标杆值、小计）、名称、值与出处。".to_string(),
        "9. 评分：jixiao batch 规则文件 填报表.xlsx -o 结果.xlsx".to_string(),
    ];
    for (row, line) in (0u32..).zip(&lines) {
        sheet.write_string(row, 0, line)?;
    }
    let top = lines.len() as u32 + 1;
    for (column, heading) in (0u16..).zip(["事实", "类型", "说明"]) {
        sheet.write_string_with_format(top, column, heading, &bold)?;
    }
    for (row, (fact, heading)) in (top + 1..).zip(columns(compiled)) {
        sheet.write_string(row, 0, &heading)?;
        sheet.write_string(row, 1, fact.ty.to_string())?;
        sheet.write_string(row, 2, type_help(&fact.ty))?;
    }
    Ok(())
}

/// How a value of a type is written.
fn type_help(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "选「是」或「否」".to_string(),
        Ty::Tier(levels) => format!("选其中一档：{}", levels.join("、")),
        Ty::Date => "日期，例如 2024-12-31".to_string(),
        Ty::Ratio { percent: true } => "百分比，例如 98.46%".to_string(),
        Ty::Measure(measure) => format!("{}，单位「{measure}」", measure.of.dimension.name()),
        _ => "数值".to_string(),
    }
}
