//! A workbook's 酌情 sheet (项目名称, 指标, 得分 or 扣分, 理由), 专家评分 sheet
//! (项目名称, 指标, 专家, 得分), 不适用 sheet (项目名称, 指标, 理由) and 报告所列
//! sheet (项目名称, 类别, 名称, 值, 出处), turned into the `酌情`, `专家评分`,
//! `不适用` and `报告` tables a facts file would give each project, so that the
//! facts reader checks them.

use super::{
    header_index, headings, CLAIMS_SHEET, DISCRETION_SHEET, EXPERTS_SHEET, NOT_APPLICABLE_SHEET,
};
use crate::batch::problem::Problem;
use crate::score::cells::{shown, split_heading, Cell, NAME_HEADER};
use crate::score::values::RawValue;
use crate::score::values::{CLAIMS_TABLE, DISCRETION_TABLE, EXPERTS_TABLE, NOT_APPLICABLE_TABLE};
use std::collections::HashMap;

/// Per-project tables, and the rows that could not be read.
pub type Extras = (HashMap<String, Vec<(String, RawValue)>>, Vec<Problem>);

/// A project's tables by project name.
type Tables = HashMap<String, Vec<(String, RawValue)>>;

/// An indicator's experts and their scores, in the sheet's order.
type ExpertRows = (String, Vec<(String, RawValue)>);

/// The 酌情, 专家评分, 不适用 and 报告所列 sheets read from `sheet`, which
/// gives a sheet's rows and the number of its first row, if the workbook has it.
pub fn read(mut sheet: impl FnMut(&str) -> Option<(Vec<Vec<Cell>>, usize)>) -> Extras {
    let mut extras = Tables::new();
    let mut problems = Vec::new();
    if let Some((rows, first)) = sheet(DISCRETION_SHEET) {
        discretion(&rows, first, &mut extras, &mut problems);
    }
    if let Some((rows, first)) = sheet(EXPERTS_SHEET) {
        experts(&rows, first, &mut extras, &mut problems);
    }
    if let Some((rows, first)) = sheet(NOT_APPLICABLE_SHEET) {
        not_applicable(&rows, first, &mut extras, &mut problems);
    }
    if let Some((rows, first)) = sheet(CLAIMS_SHEET) {
        claims(&rows, first, &mut extras, &mut problems);
    }
    (extras, problems)
}

/// 酌情 rows (指标, 得分 or, for a further deduction, 扣分, 理由) as each
/// project's 酌情 table.
fn discretion(rows: &[Vec<Cell>], first: usize, extras: &mut Tables, problems: &mut Vec<Problem>) {
    let mut per_project: HashMap<String, Vec<(String, RawValue)>> = HashMap::new();
    let columns = ["指标", "得分", "扣分", "理由"];
    for (number, name, fields) in entries(DISCRETION_SHEET, rows, first, &columns, problems) {
        let [indicator, score, deducted, reason] = fields;
        if indicator.is_empty() {
            problems.push(missing(DISCRETION_SHEET, number, "指标"));
            continue;
        }
        // Both filled in is passed on as both, for the facts to refuse; neither
        // as an empty 得分, for them to report it missing.
        let mut fields = Vec::new();
        if !score.is_empty() || deducted.is_empty() {
            fields.push(("得分".to_string(), number_or_text(score)));
        }
        if !deducted.is_empty() {
            fields.push(("扣分".to_string(), number_or_text(deducted)));
        }
        fields.push(("理由".to_string(), RawValue::Text(reason)));
        let entry = RawValue::Table(fields);
        per_project
            .entry(name)
            .or_default()
            .push((indicator, entry));
    }
    for (name, entries) in per_project {
        let table = (DISCRETION_TABLE.to_string(), RawValue::Table(entries));
        extras.entry(name).or_default().push(table);
    }
}

/// 专家评分 rows (指标, 专家, 得分), one per expert, as each project's
/// 专家评分 table: per indicator its experts in the sheet's order, an
/// unnamed one called 专家1, 专家2 … by its place among that indicator's.
fn experts(rows: &[Vec<Cell>], first: usize, extras: &mut Tables, problems: &mut Vec<Problem>) {
    let mut per_project: HashMap<String, Vec<ExpertRows>> = HashMap::new();
    let columns = ["指标", "专家", "得分"];
    for (number, name, fields) in entries(EXPERTS_SHEET, rows, first, &columns, problems) {
        let [indicator, expert, score] = fields;
        if indicator.is_empty() {
            problems.push(missing(EXPERTS_SHEET, number, "指标"));
            continue;
        }
        let indicators = per_project.entry(name).or_default();
        let at = match indicators.iter().position(|(known, _)| *known == indicator) {
            Some(at) => at,
            None => {
                indicators.push((indicator, Vec::new()));
                indicators.len() - 1
            }
        };
        let scores = &mut indicators[at].1;
        let expert = if expert.is_empty() {
            format!("专家{}", scores.len() + 1)
        } else {
            expert
        };
        scores.push((expert, number_or_text(score)));
    }
    for (name, indicators) in per_project {
        let entries = indicators
            .into_iter()
            .map(|(indicator, scores)| (indicator, RawValue::Table(scores)))
            .collect();
        let table = (EXPERTS_TABLE.to_string(), RawValue::Table(entries));
        extras.entry(name).or_default().push(table);
    }
}

/// 不适用 rows (指标, 理由) as each project's 不适用 table.
fn not_applicable(
    rows: &[Vec<Cell>],
    first: usize,
    extras: &mut Tables,
    problems: &mut Vec<Problem>,
) {
    let columns = ["指标", "理由"];
    for (number, name, [indicator, reason]) in
        entries(NOT_APPLICABLE_SHEET, rows, first, &columns, problems)
    {
        if indicator.is_empty() {
            problems.push(missing(NOT_APPLICABLE_SHEET, number, "指标"));
            continue;
        }
        // A blank reason is left to the facts reader, which refuses it
        // (facts::not_applicable_reason) as it does in a facts file.
        let entry = vec![(indicator, RawValue::Text(reason))];
        let table = (NOT_APPLICABLE_TABLE.to_string(), RawValue::Table(entry));
        extras.entry(name).or_default().push(table);
    }
}

/// 报告所列 rows (类别, 名称, 值, 出处) as each project's 报告 table.
fn claims(rows: &[Vec<Cell>], first: usize, extras: &mut Tables, problems: &mut Vec<Problem>) {
    let columns = ["类别", "名称", "值", "出处"];
    for (number, name, fields) in entries(CLAIMS_SHEET, rows, first, &columns, problems) {
        let [category, subject, value, source] = fields;
        let mut claim = vec![("值".to_string(), RawValue::Text(value))];
        if !source.is_empty() {
            claim.push(("出处".to_string(), RawValue::Text(source)));
        }
        let claim = RawValue::Table(claim);
        let entry = match category.as_str() {
            "总分" | "等级" => (category, claim),
            _ if subject.is_empty() => {
                problems.push(missing(CLAIMS_SHEET, number, "名称"));
                continue;
            }
            _ => (category, RawValue::Table(vec![(subject, claim)])),
        };
        let table = (CLAIMS_TABLE.to_string(), RawValue::Table(vec![entry]));
        extras.entry(name).or_default().push(table);
    }
}

/// The sheet's rows as (row number, project name, the named columns' texts).
fn entries<const N: usize>(
    sheet: &str,
    rows: &[Vec<Cell>],
    first: usize,
    columns: &[&str; N],
    problems: &mut Vec<Problem>,
) -> Vec<(usize, String, [String; N])> {
    let Some(at) = header_index(rows) else {
        problems.push(missing(sheet, first, NAME_HEADER));
        return Vec::new();
    };
    let headers = headings(&rows[at]);
    let find = |wanted: &str| headers.iter().position(|h| split_heading(h).0 == wanted);
    let Some(name_at) = find(NAME_HEADER) else {
        return Vec::new();
    };
    let positions: Vec<Option<usize>> = columns.iter().map(|column| find(column)).collect();
    let text = |row: &[Cell], at: Option<usize>| {
        at.and_then(|at| row.get(at)).map(shown).unwrap_or_default()
    };
    rows.iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, row)| row.iter().any(|cell| !shown(cell).is_empty()))
        .filter_map(|(offset, row)| {
            let number = first + offset;
            let name = text(row, Some(name_at));
            if name.is_empty() {
                problems.push(missing(sheet, number, NAME_HEADER));
                return None;
            }
            let fields = std::array::from_fn(|i| text(row, positions[i]));
            Some((number, name, fields))
        })
        .collect()
}

/// A number written in a cell stays a number for the facts reader.
fn number_or_text(text: String) -> RawValue {
    if text.parse::<rust_decimal::Decimal>().is_ok() {
        RawValue::Number(text)
    } else {
        RawValue::Text(text)
    }
}

fn missing(sheet: &str, row: usize, column: &str) -> Problem {
    Problem {
        sheet: sheet.to_string(),
        row,
        column: column.to_string(),
        value: String::new(),
        code: "jixiao::batch::blank_cell".to_string(),
        message: format!("「{column}」未填写，这一行未读取"),
        help: format!("填写「{column}」"),
    }
}
