//! The 汇总 table's layout — one row per project: every indicator's score,
//! every group's sub-total, the total, the grade and its problems — shared by
//! the workbook and CSV, and the JSON Lines object of a project.

use crate::batch::outcome::{Outcome, Scored};
use crate::batch::problem::Problem;
use crate::lang::compile::Compiled;
use crate::report::render::score_text;
use crate::score::eval::{GroupScore, NodeScore};
use rust_decimal::Decimal;
use serde::Serialize;

/// The columns of the 汇总 table, read off the ruleset's tree.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Indicators, in tree order, with their weights.
    pub indicators: Vec<(String, Decimal)>,
    /// Groups, in tree order (a 一级 before its 二级), with their weights.
    pub groups: Vec<(String, Decimal)>,
    /// Each group's indicators, as a range of [`Layout::indicators`].
    spans: Vec<std::ops::Range<usize>>,
    /// The grade bands' names.
    grades: Vec<String>,
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
        let mut layout = Layout {
            indicators: Vec::new(),
            groups: Vec::new(),
            spans: Vec::new(),
            grades: compiled
                .grades
                .iter()
                .map(|band| band.name.text.clone())
                .collect(),
        };
        for group in &card.groups {
            layout.walk(group);
        }
        layout
    }

    /// Adds a group, its indicators and the groups inside it.
    fn walk(&mut self, group: &GroupScore) {
        let at = self.groups.len();
        self.groups.push((group.name.clone(), group.weight));
        let first = self.indicators.len();
        self.spans.push(first..first);
        for child in &group.children {
            match child {
                NodeScore::Group(inner) => self.walk(inner),
                NodeScore::Indicator(indicator) => self
                    .indicators
                    .push((indicator.name.clone(), indicator.weight)),
            }
        }
        self.spans[at].end = self.indicators.len();
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
        let mut cells = Vec::with_capacity(self.score_columns().end + 2);
        self.each_cell(outcome, |cell| cells.push(cell.to_string()));
        cells
    }

    /// A project's row written to a CSV writer.
    pub fn write_csv<W: std::io::Write>(
        &self,
        outcome: &Outcome,
        writer: &mut csv::Writer<W>,
    ) -> csv::Result<()> {
        let mut result = Ok(());
        self.each_cell(outcome, |cell| {
            if result.is_ok() {
                result = writer.write_field(cell);
            }
        });
        result?;
        writer.write_record(None::<&[u8]>)
    }

    /// Passes each cell of a project's row, in the headings' order.
    fn each_cell(&self, outcome: &Outcome, mut cell: impl FnMut(&str)) {
        let mut text = String::with_capacity(24);
        number(outcome.row, &mut text);
        cell(&text);
        cell(&outcome.name);
        cell(outcome.unit.as_deref().unwrap_or_default());
        cell(outcome.code.as_deref().unwrap_or_default());
        match &outcome.scored {
            Some(scored) => {
                let mut score = |value: Option<Decimal>| {
                    text.clear();
                    score_cell(value, &mut text);
                    cell(&text);
                };
                for value in &scored.scores {
                    score(*value);
                }
                for span in &self.spans {
                    score(sum(&scored.scores[span.clone()]));
                }
                score(scored.total);
                cell(&self.grade_text(scored));
            }
            None => {
                for _ in 0..self.indicators.len() + self.groups.len() + 2 {
                    cell("");
                }
            }
        }
        cell(&problems_text(&outcome.problems));
    }

    /// The grade as the 等级 column shows it (as
    /// [`crate::report::render::grade_text`] shows a card's).
    fn grade_text(&self, scored: &Scored) -> std::borrow::Cow<'_, str> {
        match scored.grade.and_then(|grade| self.grades.get(grade)) {
            Some(grade) => grade.into(),
            None if self.grades.is_empty() => "未设等级".into(),
            None => "无法评定".into(),
        }
    }
}

/// A group's sub-total from its indicators' scores: a sum of exact decimals,
/// so the same as adding its children's sub-totals; missing if one is.
fn sum(scores: &[Option<Decimal>]) -> Option<Decimal> {
    scores
        .iter()
        .try_fold(Decimal::ZERO, |sum, score| sum.checked_add((*score)?))
}

/// Writes a count in decimal digits.
fn number(mut value: usize, text: &mut String) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    text.extend(digits[at..].iter().map(|&digit| char::from(digit)));
}

/// A score as [`score_text`] shows it, written from the decimal's integer
/// and scale: `Decimal`'s own formatting divides a 96-bit number digit by
/// digit and was a third of a CSV row's cost.
fn score_cell(score: Option<Decimal>, text: &mut String) {
    let Some(score) = score else {
        text.push_str(&score_text(None));
        return;
    };
    let scale = score.scale() as usize;
    let Ok(small) = usize::try_from(score.mantissa().unsigned_abs()) else {
        text.push_str(&score.to_string());
        return;
    };
    if score.is_sign_negative() && !score.is_zero() {
        text.push('-');
    }
    let digits_at = text.len();
    number(small, text);
    let digits = text.len() - digits_at;
    if digits <= scale {
        text.insert_str(digits_at, "0.");
        for _ in digits..scale {
            text.insert(digits_at + 2, '0');
        }
    } else if scale > 0 {
        text.insert(text.len() - scale, '.');
    }
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

/// A project as one line of JSON, appended to `out` with its newline.
pub fn json_line(outcome: &Outcome, out: &mut Vec<u8>) {
    let card = outcome
        .scored
        .as_ref()
        .and_then(|scored| scored.card.as_ref())
        .map(|card| Card {
            total: card.total,
            grade: card.grade.as_deref(),
            title: &card.title,
            full_marks: card.full_marks,
            grades_defined: card.grades_defined,
            groups: &card.groups,
            faults: card.faults.iter().map(ToString::to_string).collect(),
        });
    let line = Line {
        name: &outcome.name,
        row: outcome.row,
        unit: outcome.unit.as_deref(),
        code: outcome.code.as_deref(),
        card,
        errors: &outcome.problems,
    };
    let start = out.len();
    if serde_json::to_writer(&mut *out, &line).is_err() {
        out.truncate(start);
    }
    out.push(b'\n');
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
        let shown = |score: Option<Decimal>| {
            let mut text = String::new();
            score_cell(score, &mut text);
            text
        };
        for text in [
            "3.80", "0.05", "-0.50", "100", "0", "0.00", "99.80", "-12.345", "7", "0.0001",
        ] {
            let decimal = Decimal::from_str(text).unwrap();
            assert_eq!(shown(Some(decimal)), decimal.to_string(), "{text}");
        }
        assert_eq!(shown(None), "无法计算");
    }
}
