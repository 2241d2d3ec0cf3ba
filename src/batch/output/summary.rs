//! The 汇总 table's layout — one row per project: every indicator's score,
//! every group's sub-total, the total, the grade and its problems — shared by
//! the workbook and CSV, and the JSON Lines object of a project.

use crate::batch::outcome::Outcome;
use crate::batch::problem::Problem;
use crate::lang::compile::Compiled;
use crate::report::render::{grade_text, score_text};
use crate::score::eval::{GroupScore, NodeScore, ScoreCard};
use rust_decimal::Decimal;
use serde::Serialize;

/// The columns of the 汇总 table, read off the ruleset's tree.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Indicators, in tree order, with their weights.
    pub indicators: Vec<(String, Decimal)>,
    /// Groups, in tree order (a 一级 before its 二级), with their weights.
    pub groups: Vec<(String, Decimal)>,
}

/// The columns before the scores.
const LEADING: [&str; 4] = ["行号", "项目名称", "单位", "项目编码"];
/// The columns after them.
const TRAILING: [&str; 3] = ["总分", "等级", "问题"];

impl Layout {
    /// The layout of a ruleset's tree (scored on no facts, which keeps the
    /// tree and leaves every score empty).
    pub fn of(compiled: &Compiled) -> Layout {
        let facts = crate::score::facts::FactValues {
            values: vec![None; compiled.facts.len()],
            ..Default::default()
        };
        let card = crate::score::eval::score(compiled, &facts);
        let indicators = card
            .indicators()
            .into_iter()
            .map(|indicator| (indicator.name.clone(), indicator.weight))
            .collect();
        let mut groups = Vec::new();
        fn walk(group: &GroupScore, out: &mut Vec<(String, Decimal)>) {
            out.push((group.name.clone(), group.weight));
            for child in &group.children {
                if let NodeScore::Group(inner) = child {
                    walk(inner, out);
                }
            }
        }
        for group in &card.groups {
            walk(group, &mut groups);
        }
        Layout { indicators, groups }
    }

    /// The headings: 行号 … 项目编码, each indicator with its weight, each
    /// group's 小计, 总分, 等级, 问题.
    pub fn headings(&self) -> Vec<String> {
        let indicators = self
            .indicators
            .iter()
            .map(|(name, weight)| format!("{name}（{}分）", weight.normalize()));
        let groups = self
            .groups
            .iter()
            .map(|(name, weight)| format!("{name}小计（{}分）", weight.normalize()));
        LEADING
            .iter()
            .map(|heading| heading.to_string())
            .chain(indicators)
            .chain(groups)
            .chain(TRAILING.iter().map(|heading| heading.to_string()))
            .collect()
    }

    /// Where the scores start, end, and the 总分 column.
    pub fn score_columns(&self) -> std::ops::Range<usize> {
        LEADING.len()..LEADING.len() + self.indicators.len() + self.groups.len() + 1
    }

    /// A project's row as text, in the headings' order; a rejected row has
    /// only its name and problems.
    pub fn cells(&self, outcome: &Outcome) -> Vec<String> {
        let mut cells = vec![
            outcome.row.to_string(),
            outcome.name.clone(),
            outcome.unit.clone().unwrap_or_default(),
            outcome.code.clone().unwrap_or_default(),
        ];
        let width = self.indicators.len() + self.groups.len();
        match &outcome.scored {
            Some(scored) => cells.extend(self.scores(&scored.card)),
            None => cells.extend(std::iter::repeat_n(String::new(), width + 2)),
        }
        cells.push(problems_text(&outcome.problems));
        cells
    }

    /// Indicator scores, sub-totals, total and grade of a card, as text. The
    /// groups are walked in the order [`Layout::of`] lists them.
    fn scores(&self, card: &ScoreCard) -> Vec<String> {
        fn walk(group: &GroupScore, indicators: &mut Vec<String>, groups: &mut Vec<String>) {
            groups.push(score_cell(group.score));
            for child in &group.children {
                match child {
                    NodeScore::Group(inner) => walk(inner, indicators, groups),
                    NodeScore::Indicator(indicator) => indicators.push(score_cell(indicator.score)),
                }
            }
        }
        let mut cells = Vec::with_capacity(self.indicators.len() + self.groups.len() + 2);
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &card.groups {
            walk(group, &mut cells, &mut groups);
        }
        cells.append(&mut groups);
        cells.push(score_cell(card.total));
        cells.push(grade_text(card));
        cells
    }
}

/// A score as [`score_text`] shows it, written from the decimal's integer
/// and scale: `Decimal`'s own formatting divides a 96-bit number digit by
/// digit and was a third of a CSV row's cost.
fn score_cell(score: Option<Decimal>) -> String {
    let Some(score) = score else {
        return score_text(None);
    };
    let scale = score.scale() as usize;
    let digits = match u64::try_from(score.mantissa().unsigned_abs()) {
        Ok(small) => small.to_string(),
        Err(_) => return score.to_string(),
    };
    let mut text = String::with_capacity(digits.len() + 3);
    if score.is_sign_negative() && !score.is_zero() {
        text.push('-');
    }
    if digits.len() <= scale {
        text.push_str("0.");
        text.extend(std::iter::repeat_n('0', scale - digits.len()));
        text.push_str(&digits);
    } else {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        text.push_str(whole);
        if scale > 0 {
            text.push('.');
            text.push_str(fraction);
        }
    }
    text
}

/// One project's JSON Lines object: 项目名称 first, then `total` and `grade`
/// and the rest of `score --format json`; a rejected row carries its
/// `errors` and no total.
#[derive(Serialize)]
struct Line<'a> {
    #[serde(rename = "项目名称")]
    name: &'a str,
    #[serde(rename = "行号")]
    row: usize,
    #[serde(rename = "单位", skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(rename = "项目编码", skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    card: Option<Card<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [Problem],
}

/// The fields of `score --format json`, total and grade first.
#[derive(Serialize)]
struct Card<'a> {
    total: Option<Decimal>,
    grade: Option<&'a str>,
    title: &'a str,
    full_marks: Decimal,
    grades_defined: bool,
    groups: &'a [GroupScore],
    faults: Vec<String>,
}

/// A project as one line of JSON.
pub fn json_line(outcome: &Outcome) -> String {
    let card = outcome.scored.as_ref().map(|scored| Card {
        total: scored.card.total,
        grade: scored.card.grade.as_deref(),
        title: &scored.card.title,
        full_marks: scored.card.full_marks,
        grades_defined: scored.card.grades_defined,
        groups: &scored.card.groups,
        faults: scored.card.faults.iter().map(ToString::to_string).collect(),
    });
    let line = Line {
        name: &outcome.name,
        row: outcome.row,
        unit: outcome.unit.as_deref(),
        code: outcome.code.as_deref(),
        card,
        errors: &outcome.problems,
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// The problems of a project on one line, for the 问题 column.
fn problems_text(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| match problem.column.as_str() {
            "" => problem.message.clone(),
            column => format!("{column}：{}", problem.message),
        })
        .collect::<Vec<_>>()
        .join("；")
}

#[cfg(test)]
mod tests {
    use crate::batch::output::summary::score_cell;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn score_cells_read_as_decimals_show_themselves() {
        for text in [
            "3.80", "0.05", "-0.50", "100", "0", "0.00", "99.80", "-12.345", "7",
        ] {
            let decimal = Decimal::from_str(text).unwrap();
            assert_eq!(score_cell(Some(decimal)), decimal.to_string(), "{text}");
        }
        assert_eq!(score_cell(None), "无法计算");
    }
}
