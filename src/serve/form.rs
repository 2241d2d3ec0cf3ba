//! The facts form a ruleset asks for: each declared fact with the input it
//! needs (a dropdown for 档次 and 是否, a date, a number with its unit) and
//! its declared range, and each indicator with where its rule is written
//! and whether it takes a discretionary (酌情) score.

use crate::lang::compile::{Compiled, CompiledIndicator};
use crate::lang::source::SourceMap;
use crate::lang::units::Ty;
use rust_decimal::Decimal;
use serde::Serialize;

/// What the page needs to draw the facts form and the score table.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// The project's name.
    pub title: String,
    /// The total's full marks.
    pub full_marks: Decimal,
    /// The declared facts, in order.
    pub facts: Vec<FormFact>,
    /// The indicators, in tree order.
    pub indicators: Vec<FormIndicator>,
}

/// One declared fact as a form field.
#[derive(Debug, Clone, Serialize)]
pub struct FormFact {
    /// Its name, as facts files key it.
    pub name: String,
    /// `number`, `percent`, `money`, `count`, `date`, `bool` or `tier`.
    pub kind: &'static str,
    /// The unit a number is written in (`%`, `万元`, `家`), if any.
    pub unit: Option<String>,
    /// A 档次's labels, best first.
    pub labels: Vec<String>,
    /// The least value allowed, in the fact's unit (a date as 2024-12-31).
    pub min: Option<String>,
    /// The greatest value allowed, likewise.
    pub max: Option<String>,
    /// Whether a rule reads it.
    pub used: bool,
}

/// One indicator: where its rule is, and whether it may be scored 酌情.
#[derive(Debug, Clone, Serialize)]
pub struct FormIndicator {
    /// Its name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// Whether a clause leaves its score to the evaluator (酌情扣分).
    pub discretion: bool,
    /// Whether its score is the mean of the experts' scores (专家打分取平均).
    pub experts: bool,
    /// The file its rule is written in.
    pub file: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// 1-based line where it ends.
    pub end_line: usize,
}

/// The form for a compiled ruleset.
pub fn form(compiled: &Compiled) -> Form {
    Form {
        title: compiled.title.clone(),
        full_marks: compiled.full_marks,
        facts: compiled
            .facts
            .iter()
            .map(|fact| {
                let (kind, unit, labels) = input_of(&fact.ty);
                let bound = |end: Option<Decimal>| end.and_then(|value| in_unit(&fact.ty, value));
                FormFact {
                    name: fact.name.clone(),
                    kind,
                    unit,
                    labels,
                    min: fact.range.and_then(|range| bound(range.lo)),
                    max: fact.range.and_then(|range| bound(range.hi)),
                    used: fact.used,
                }
            })
            .collect(),
        indicators: compiled
            .indicators()
            .into_iter()
            .map(|indicator| indicator_of(indicator, &compiled.sources))
            .collect(),
    }
}

fn indicator_of(indicator: &CompiledIndicator, sources: &SourceMap) -> FormIndicator {
    let span = indicator.source.span;
    let (file, line, _) = sources.locate(span.start);
    let (_, end_line, _) = sources.locate(span.end.saturating_sub(1).max(span.start));
    FormIndicator {
        name: indicator.name.clone(),
        weight: indicator.weight,
        discretion: indicator.program.has_discretion(),
        experts: indicator.program.has_expert_mean(),
        file,
        line,
        end_line,
    }
}

/// The input a value of the type needs: kind, unit and labels.
fn input_of(ty: &Ty) -> (&'static str, Option<String>, Vec<String>) {
    match ty {
        Ty::Ratio { percent: true } => ("percent", Some("%".into()), Vec::new()),
        Ty::Measure(measure) if measure.of.dimension.is_money() => {
            ("money", Some(measure.to_string()), Vec::new())
        }
        Ty::Measure(measure) => ("count", Some(measure.to_string()), Vec::new()),
        Ty::Points => ("count", Some("分".into()), Vec::new()),
        Ty::Date => ("date", None, Vec::new()),
        Ty::Bool => ("bool", None, Vec::new()),
        Ty::Tier(labels) => ("tier", None, labels.clone()),
        Ty::Plain | Ty::Ratio { percent: false } => ("number", None, Vec::new()),
    }
}

/// A run-time value as the form writes it: in the fact's unit, or a date.
fn in_unit(ty: &Ty, value: Decimal) -> Option<String> {
    let number = match ty {
        Ty::Ratio { percent: true } => value.checked_mul(Decimal::ONE_HUNDRED)?,
        Ty::Measure(measure) => measure.from_base(value)?,
        Ty::Date => return Some(ty.show(value)),
        Ty::Bool | Ty::Tier(_) => return None,
        Ty::Plain | Ty::Ratio { percent: false } | Ty::Points => value,
    };
    Some(number.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULESET: &str = "体系 \"表单\" { 满分 10 }\n\
        事实 { 满意度: % 在 60%..100%\n  资金: 万元\n  效果: 档次（好，差）\n  合规: 是否\n  完成日期: 日期 }\n\
        一级 甲（10分）{ 二级 乙（10分）{\n\
        指标 满意（4分）{ 完成值 = 满意度\n 标杆值 90%\n 评分 { 完成值 >= 90% 得满分；否则 酌情扣分 } }\n\
        指标 效（3分）{ 评分 { 效果 为 好 得满分；差 得0分 } }\n\
        指标 规（3分）{ 要点 { ① 1分：合规\n ② 1分：资金 > 1万元\n ③ 1分：完成日期 <= 2024-12-31 } }\n\
        } }\n";

    #[test]
    fn each_fact_gets_its_input_and_range() {
        let build = crate::build("表单.jx", RULESET);
        let compiled = build
            .compiled
            .unwrap_or_else(|| panic!("{:?}", build.diagnostics));
        let form = form(&compiled);
        let kinds: Vec<(&str, &str)> = form
            .facts
            .iter()
            .map(|fact| (fact.name.as_str(), fact.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("满意度", "percent"),
                ("资金", "money"),
                ("效果", "tier"),
                ("合规", "bool"),
                ("完成日期", "date")
            ]
        );
        // 在 60%..100% is [0.6, 1] at run time, shown back in percent.
        assert_eq!(form.facts[0].min.as_deref(), Some("60"));
        assert_eq!(form.facts[0].max.as_deref(), Some("100"));
        assert_eq!(form.facts[1].unit.as_deref(), Some("万元"));
        assert_eq!(form.facts[2].labels, ["好", "差"]);
        let discretion: Vec<bool> = form.indicators.iter().map(|i| i.discretion).collect();
        assert_eq!(discretion, [true, false, false]);
        // 满意 is written on lines 8–10 of the ruleset (line 1 is 体系, 2–6 事实, 7 the groups).
        assert_eq!(
            (form.indicators[0].line, form.indicators[0].end_line),
            (8, 10)
        );
    }
}
