//! The explanation's data: an [`Explanation`] of indicators, each a tree of
//! [`Step`]s with the values they used and the rule text they come from.

use crate::score::eval::ScoreCard;
use rust_decimal::Decimal;
use serde::Serialize;

/// Every score's derivation, and how the totals were formed.
///
/// JSON schema (stable): an [`Explanation`] has `title`, `document` (the
/// ruleset's 来源, left out where it has none), `indicators` and `totals`. Each indicator has `path`, `name`, `weight`, `rule` (the rule text),
/// `score` (or null), `prose` and `steps`. A [`Step`] has `kind` (one of
/// `actual`, `target`, `item`, `gate`, `condition`, `outcome`, `deduction`,
/// `clamp`, `score`, `fault`, `not_applicable` (an indicator marked 不适用,
/// its reason, or one a 二者择其一 group did not choose), `subtotal`, `conversion` (a group's
/// sub-total reported at its weight, 按百分制折算), `choice` (a 二者择其一 group's pick),
/// `total`, `adjusted` (加分 and 减分 on it), `limited` (the limit at 满分 or 0),
/// `card_rule` (a 总分规则), `grade`), `text` (the prose
/// fragment), `inputs` (each `name`, `value` as a decimal string in run-time
/// units, `shown` with its unit), `result` (`value` and `shown`, or null),
/// `span` (`file`, `start`, `end` byte offsets and 1-based `line`/`column` in
/// characters in `file`, the ruleset or the library the rule is written in,
/// or null) and `children`.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The project's name.
    pub title: String,
    /// Where the ruleset's 评分标准 come from (its 来源).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// One per indicator, in tree order.
    pub indicators: Vec<IndicatorExplanation>,
    /// Sub-totals (innermost first within each 一级), the total and the grade.
    pub totals: Vec<Step>,
    /// The score card explained.
    #[serde(skip)]
    pub card: ScoreCard,
}

/// One indicator's derivation.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorExplanation {
    /// Names of the groups above it, 一级 first.
    pub path: Vec<String>,
    /// The indicator's name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// The rule as written in the ruleset.
    pub rule: String,
    /// 标杆值 as shown in the annex table.
    pub target: Option<String>,
    /// 完成值 as shown in the annex table.
    pub actual: Option<String>,
    /// The score, if it could be computed.
    pub score: Option<Decimal>,
    /// Why the facts mark it 不适用, if they do (then it has no score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// Whether a 二者择其一 group's choosing fact left it unchosen.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_chosen: bool,
    /// The derivation in one paragraph.
    pub prose: String,
    /// The derivation as steps.
    pub steps: Vec<Step>,
}

/// One step of a derivation.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What kind of step.
    pub kind: &'static str,
    /// The step in words.
    pub text: String,
    /// The values it used.
    pub inputs: Vec<Input>,
    /// What it gave.
    pub result: Option<Shown>,
    /// The rule text it comes from.
    pub span: Option<SpanInfo>,
    /// Steps within it (checklist items).
    pub children: Vec<Step>,
}

/// A value used by a step.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    /// What it is (a fact's name, 完成值, 标杆值 …).
    pub name: String,
    /// The run-time value (percents as fractions, money in 元, dates as day numbers).
    pub value: Decimal,
    /// The value with its unit.
    pub shown: String,
}

/// A value and how it is shown.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The run-time value.
    pub value: Decimal,
    /// The value with its unit.
    pub shown: String,
}

/// Where a step's rule text is.
#[derive(Debug, Clone, Serialize)]
pub struct SpanInfo {
    /// The file the rule is written in (a ruleset, or a library it imports).
    pub file: String,
    /// Byte offset of the start, in `file`.
    pub start: usize,
    /// Byte offset of the end, in `file`.
    pub end: usize,
    /// 1-based line in `file`.
    pub line: usize,
    /// 1-based column in `file`, in characters.
    pub column: usize,
}

pub(super) fn points(value: Decimal) -> Shown {
    Shown {
        value,
        shown: format!("{}分", value.normalize()),
    }
}
