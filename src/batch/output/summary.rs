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
    /// What a score that could not be computed shows.
    missing: String,
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
            missing: score_text(None),
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
        self.each_cell(outcome, |cell| {
            cells.push(match cell {
                Shown::Text(text) => text.to_string(),
                Shown::Digits(digits) => String::from_utf8_lossy(digits).into_owned(),
            });
        });
        cells
    }

    /// A project's row as a CSV record, appended to `out`: as the csv
    /// crate writes it (a field quoted when it holds a comma, a quote or a
    /// line break), without its per-field state, since scores never need
    /// quotes.
    pub fn write_csv(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        let mut first = true;
        self.each_cell(outcome, |cell| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            match cell {
                Shown::Text(text) => csv_field(text, out),
                Shown::Digits(digits) => out.extend_from_slice(digits),
            }
        });
        out.push(b'\n');
    }

    /// Passes each cell of a project's row, in the headings' order.
    fn each_cell(&self, outcome: &Outcome, mut cell: impl FnMut(Shown)) {
        let mut buffer = [0u8; DIGITS];
        cell(Shown::Digits(digits_of(outcome.row as u64, 0, &mut buffer)));
        cell(Shown::Text(&outcome.name));
        cell(Shown::Text(outcome.unit.as_deref().unwrap_or_default()));
        cell(Shown::Text(outcome.code.as_deref().unwrap_or_default()));
        match &outcome.scored {
            Some(scored) => {
                let mut score = |value: Option<Decimal>| match value {
                    None => cell(Shown::Text(&self.missing)),
                    Some(value) => score_cell(value, &mut buffer, &mut cell),
                };
                for value in &scored.scores {
                    score(*value);
                }
                for span in &self.spans {
                    score(sum(&scored.scores[span.clone()]));
                }
                score(scored.total);
                cell(Shown::Text(&self.grade_text(scored)));
            }
            None => {
                for _ in 0..self.indicators.len() + self.groups.len() + 2 {
                    cell(Shown::Text(""));
                }
            }
        }
        cell(Shown::Text(&problems_text(&outcome.problems)));
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
    let Some(Some(first)) = scores.first() else {
        return decimal_sum(scores);
    };
    // Scores rounded alike share a scale: their mantissas add up to the
    // sum `Decimal` would give, at that scale, for a fraction of its cost.
    let mut mantissa = 0_i128;
    for score in scores {
        let score = (*score)?;
        if score.scale() != first.scale() {
            return decimal_sum(scores);
        }
        mantissa += score.mantissa();
    }
    Decimal::try_from_i128_with_scale(mantissa, first.scale()).ok()
}

/// [`sum`] in `Decimal` arithmetic, for scores of different scales.
fn decimal_sum(scores: &[Option<Decimal>]) -> Option<Decimal> {
    scores
        .iter()
        .try_fold(Decimal::ZERO, |sum, score| sum.checked_add((*score)?))
}

/// One cell of a 汇总 row as [`Layout::each_cell`] passes it.
enum Shown<'a> {
    /// Text, as written.
    Text(&'a str),
    /// A count or a score: ASCII digits, a point and a sign, which never
    /// need quotes.
    Digits(&'a [u8]),
}

/// Room for a count's or a score's digits: 20 digits, or a point and up
/// to 28 zeros before them, and a sign.
const DIGITS: usize = 32;

/// `value / 10^scale` in decimal digits, written from the right into
/// `buffer`, which must hold them (see [`DIGITS`]).
fn digits_of(mut value: u64, scale: usize, buffer: &mut [u8]) -> &[u8] {
    let mut at = buffer.len();
    for _ in 0..scale {
        at -= 1;
        buffer[at] = last_digit(&mut value);
    }
    if scale > 0 {
        at -= 1;
        buffer[at] = b'.';
    }
    // At least one digit before the point.
    loop {
        at -= 1;
        buffer[at] = last_digit(&mut value);
        if value == 0 {
            break;
        }
    }
    &buffer[at..]
}

/// The last decimal digit of `value`, in ASCII, taken off it.
fn last_digit(value: &mut u64) -> u8 {
    let digit = b'0' + (*value % 10) as u8;
    *value /= 10;
    digit
}

/// A score as [`score_text`] shows it, written from the decimal's integer
/// and scale: `Decimal`'s own formatting divides a 96-bit number digit by
/// digit and was a third of a CSV row's cost.
fn score_cell(score: Decimal, buffer: &mut [u8; DIGITS], cell: &mut impl FnMut(Shown)) {
    // A 96-bit mantissa is divided slowly; scores fit in 64 bits.
    let Ok(small) = u64::try_from(score.mantissa().unsigned_abs()) else {
        return cell(Shown::Text(&score_text(Some(score))));
    };
    let mut start = DIGITS - digits_of(small, score.scale() as usize, buffer).len();
    if score.is_sign_negative() && !score.is_zero() {
        start -= 1;
        buffer[start] = b'-';
    }
    cell(Shown::Digits(&buffer[start..]));
}

/// A CSV field as the csv crate writes it by default: in quotes, with its
/// quotes doubled, when it holds a comma, a quote or a line break.
fn csv_field(text: &str, out: &mut Vec<u8>) {
    let special = |byte: &u8| matches!(byte, b',' | b'"' | b'\r' | b'\n');
    if !text.as_bytes().iter().any(special) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for piece in text.split_inclusive('"') {
        out.extend_from_slice(piece.as_bytes());
        if piece.ends_with('"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
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
        .and_then(|scored| scored.card.as_deref())
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
    use crate::batch::output::summary::{csv_field, decimal_sum, score_cell, sum, Shown, DIGITS};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn score_cells_read_as_decimals_show_themselves() {
        let shown = |score: Decimal| {
            let mut text = String::new();
            score_cell(score, &mut [0; DIGITS], &mut |cell| match cell {
                Shown::Digits(digits) => text = String::from_utf8(digits.to_vec()).unwrap(),
                Shown::Text(shown) => text = shown.to_string(),
            });
            text
        };
        for text in [
            "3.80",
            "0.05",
            "-0.50",
            "100",
            "0",
            "0.00",
            "99.80",
            "-12.345",
            "7",
            "0.0001",
            "-0.0000000000000000000000000001",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            let decimal = Decimal::from_str(text).unwrap();
            assert_eq!(shown(decimal), decimal.to_string(), "{text}");
        }
    }

    #[test]
    fn sub_totals_are_decimal_sums_scale_included() {
        let scores = |texts: &[&str]| -> Vec<Option<Decimal>> {
            texts
                .iter()
                .map(|text| Decimal::from_str(text).ok())
                .collect()
        };
        // Shown as Decimal's own sum shows itself: 1.50 + 2.25 = 3.75,
        // 1.5 + 2.25 = 3.75 (mixed scales), 0.00 + 0.00 = 0.00, an empty
        // group 0, and a missing score (「-」 reads as none) leaves none.
        for (texts, shown) in [
            (&["1.50", "2.25"][..], Some("3.75")),
            (&["1.5", "2.25"][..], Some("3.75")),
            (&["0.00", "0.00"][..], Some("0.00")),
            (&["-0.50", "0.25"][..], Some("-0.25")),
            (&[][..], Some("0")),
            (&["1.00", "-"][..], None),
            (&["-", "1.00"][..], None),
        ] {
            let scores = scores(texts);
            let total = sum(&scores);
            assert_eq!(
                total.map(|total| total.to_string()).as_deref(),
                shown,
                "{texts:?}"
            );
            assert_eq!(total, decimal_sum(&scores), "{texts:?}");
            assert_eq!(
                total.map(|total| total.scale()),
                decimal_sum(&scores).map(|total| total.scale()),
                "{texts:?}"
            );
        }
    }

    #[test]
    fn csv_fields_are_quoted_as_the_csv_crate_quotes_them() {
        let fields = [
            "",
            "项目",
            "a,b",
            "说\"明\"",
            "两\n行",
            "\r",
            "\"",
            "x y",
            "；",
        ];
        let mut expected = csv::Writer::from_writer(Vec::new());
        expected.write_record(fields).unwrap();
        let mut written = Vec::new();
        for (at, field) in fields.iter().enumerate() {
            if at > 0 {
                written.push(b',');
            }
            csv_field(field, &mut written);
        }
        written.push(b'\n');
        assert_eq!(
            String::from_utf8(written).unwrap(),
            String::from_utf8(expected.into_inner().unwrap()).unwrap()
        );
    }
}
