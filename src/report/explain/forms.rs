//! The words of each rule form: checklist items and gates, tier and condition
//! clauses, each outcome (得满分, 权重分, formulas, 按比例, deductions, 酌情),
//! and the clamping and rounding of the final score.

use super::context::{rounded, Explainer};
use super::model::{points, Input, Step};
use super::phrasing::{brief, in_step_unit, mode_word, percent, step_unit_word};
use crate::lang::ast::*;
use crate::lang::check::Checked;
use crate::lang::compile::{CompiledIndicator, Note};
use crate::lang::source::visible;
use crate::lang::span::Span;
use crate::lang::units::{Ty, Unit};
use rust_decimal::Decimal;

impl Explainer<'_> {
    pub(super) fn checklist_steps(&self, checklist: &Checklist<Checked>) -> Vec<Step> {
        let items: Vec<Step> = checklist
            .items
            .iter()
            .map(|item| self.item_step(item, checklist.per_failed.as_deref()))
            .collect();
        let mut steps = Vec::new();
        if let Some(gate) = &checklist.gate {
            let holds = self.trace.condition(gate.span);
            let label = match &gate.condition {
                GateCondition::Item(label, _) => format!("要点{label}"),
                GateCondition::Condition(condition) => {
                    format!("「{}」", self.condition_text(condition))
                }
            };
            let text = match holds {
                Some(false) => format!(
                    "前提{label}不成立，本项整体得{}分",
                    gate.otherwise.normalize()
                ),
                _ => format!("前提{label}成立"),
            };
            steps.push(Step {
                kind: "gate",
                text,
                inputs: Vec::new(),
                result: None,
                span: self.span_info(gate.span),
                children: Vec::new(),
            });
            if holds == Some(false) {
                return steps;
            }
        }
        if let Some(per_failed) = &checklist.per_failed {
            steps.push(self.per_failed_step(checklist.items.len(), per_failed, items));
            return steps;
        }
        let sum: Decimal = checklist
            .items
            .iter()
            .filter_map(|item| self.trace.value(Note::Outcome(item.span)))
            .try_fold(Decimal::ZERO, |sum, points| sum.checked_add(points))
            .unwrap_or_default();
        let parts: Vec<String> = items.iter().map(|item| item.text.clone()).collect();
        steps.push(Step {
            kind: "outcome",
            text: format!("{}；要点合计 {}分", parts.join("；"), brief(sum)),
            inputs: Vec::new(),
            result: Some(points(sum)),
            span: None,
            children: items,
        });
        steps
    }

    /// 「5 项中 1 项不符合，每例扣1分：3 − 1 = 2分」, over the items' steps.
    fn per_failed_step(&self, count: usize, per_failed: &PerFailed, items: Vec<Step>) -> Step {
        let span = per_failed.span;
        let failed = self.trace.value(Note::Steps(span)).unwrap_or_default();
        let deducted = self.trace.value(Note::Deducted(span)).unwrap_or_default();
        let raw = self.trace.raw_score.unwrap_or_default();
        let weight = self.indicator.weight.normalize();
        let each = per_failed.points.normalize();
        let capped = match per_failed.cap {
            Some(cap) if deducted > cap => format!("，最多扣{}分", cap.normalize()),
            _ => String::new(),
        };
        let off = per_failed.cap.map_or(deducted, |cap| deducted.min(cap));
        let parts: Vec<String> = items.iter().map(|item| item.text.clone()).collect();
        Step {
            kind: "deduction",
            text: format!(
                "{}；{count} 项中 {} 项不符合，每例扣{each}分{capped}：{weight} − {} = {}分",
                parts.join("；"),
                brief(failed),
                brief(off),
                brief(raw)
            ),
            inputs: Vec::new(),
            result: Some(points(raw)),
            span: self.span_info(span),
            children: items,
        }
    }

    pub(super) fn item_step(
        &self,
        item: &ChecklistItem<Checked>,
        per_failed: Option<&PerFailed>,
    ) -> Step {
        let holds = self.trace.condition(item.span);
        if let Some(per_failed) = per_failed {
            let verdict = match holds {
                Some(true) => "符合".to_string(),
                Some(false) => format!("不符合，扣{}分", per_failed.points.normalize()),
                None => "未评".to_string(),
            };
            return Step {
                kind: "item",
                text: format!(
                    "{}{}：{verdict}",
                    item.label,
                    self.condition_text(&item.condition)
                ),
                inputs: Vec::new(),
                result: None,
                span: self.span_info(item.span),
                children: Vec::new(),
            };
        }
        let verdict = match (holds, item.deducts) {
            (Some(true), false) => format!("是，得{}分", item.points.normalize()),
            (Some(false), false) => "否，不得分".to_string(),
            (Some(true), true) => format!("是，扣{}分", item.points.normalize()),
            (Some(false), true) => "否，不扣分".to_string(),
            (None, _) => "未评".to_string(),
        };
        let value = self.trace.value(Note::Outcome(item.span));
        Step {
            kind: "item",
            text: format!(
                "{}{}：{}",
                item.label,
                self.condition_text(&item.condition),
                verdict
            ),
            inputs: Vec::new(),
            result: value.map(points),
            span: self.span_info(item.span),
            children: Vec::new(),
        }
    }

    /// The clauses tried, up to the one that applied, then the further
    /// deductions.
    pub(super) fn clause_steps(&self, clauses: &[Clause<Checked>]) -> Vec<Step> {
        let (clauses, further) = split_further(clauses);
        let mut steps = self.tried_steps(clauses);
        let mut before = clauses
            .iter()
            .find_map(|clause| self.trace.value(Note::Outcome(clause.span)));
        for clause in further {
            let Guard::Further(condition) = &clause.guard else {
                continue;
            };
            if let Some(holds) = self.trace.condition(clause.span) {
                steps.push(self.condition_step(condition, clause.span, holds));
            }
            let after = self.trace.value(Note::Value(clause.span));
            let deducted = self.trace.value(Note::Outcome(clause.span));
            if let (Some(before), Some(deducted), Some(after)) = (before, deducted, after) {
                steps.push(self.further_step(clause.span, [before, deducted, after]));
            }
            before = after.or(before);
        }
        steps
    }

    /// "另酌情扣 1分（理由：…）：6分 − 1分 = 5分" (扣完为止: no lower than 0).
    fn further_step(&self, span: Span, [before, deducted, after]: [Decimal; 3]) -> Step {
        Step {
            kind: "deduction",
            text: format!(
                "另酌情扣 {}分（理由：{}）：{}分 − {}分{} = {}分",
                brief(deducted),
                self.discretion_reason(),
                brief(before),
                brief(deducted),
                if before
                    .checked_sub(deducted)
                    .is_some_and(|left| left < after)
                {
                    "，扣完为止"
                } else {
                    ""
                },
                brief(after)
            ),
            inputs: self.outcome_inputs(),
            result: Some(points(after)),
            span: self.span_info(span),
            children: Vec::new(),
        }
    }

    /// The clauses tried in order, up to the one that applied.
    fn tried_steps(&self, clauses: &[Clause<Checked>]) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut scope_shown = None;
        for clause in clauses {
            let first = steps.len();
            let applied = self.trace.value(Note::Outcome(clause.span)).is_some();
            match &clause.guard {
                Guard::When(condition) => {
                    if let Some(holds) = self.trace.condition(clause.span) {
                        steps.push(self.condition_step(condition, clause.span, holds));
                    }
                }
                Guard::Tier(fact, level) if applied => {
                    let name = self
                        .compiled
                        .facts
                        .get(fact.id.0)
                        .map_or("", |f| f.name.as_str());
                    steps.push(Step {
                        kind: "condition",
                        text: format!("{name}为「{}」", level.name.text),
                        inputs: Vec::new(),
                        result: None,
                        span: self.span_info(clause.span),
                        children: Vec::new(),
                    });
                }
                _ => {}
            }
            if applied {
                steps.push(self.outcome_step(clause));
            }
            // The printed scope (在…，) leads the clause's first step, once.
            let scope = clause.scope.as_ref().map(|scope| scope.text.as_str());
            if let (Some(text), Some(step)) = (scope, steps.get_mut(first)) {
                if scope_shown != scope {
                    step.text = format!("{text}：{}", step.text);
                    scope_shown = scope;
                }
            }
            if applied {
                break;
            }
        }
        steps
    }

    pub(super) fn condition_step(
        &self,
        condition: &Condition<Checked>,
        span: Span,
        holds: bool,
    ) -> Step {
        let verdict = if holds { "成立" } else { "不成立" };
        let values = match condition {
            Condition::Compare(op, left, right, _) => format!(
                "：{} {} {}，{verdict}",
                self.substitute(left, 0),
                op.symbol(),
                self.substitute(right, 0)
            ),
            _ => verdict.to_string(),
        };
        Step {
            kind: "condition",
            text: format!("「{}」{values}", self.condition_text(condition)),
            inputs: Vec::new(),
            result: None,
            span: self.span_info(span),
            children: Vec::new(),
        }
    }

    pub(super) fn outcome_step(&self, clause: &Clause<Checked>) -> Step {
        let weight = self.indicator.weight.normalize();
        let value = self
            .trace
            .value(Note::Outcome(clause.span))
            .unwrap_or_default();
        let result = brief(value);
        let (kind, text) = match &clause.outcome {
            Outcome::Full => ("outcome", format!("得满分 {weight}分")),
            Outcome::Share(share) => (
                "outcome",
                format!(
                    "得权重分{}：{weight} × {} = {result}分",
                    percent(*share),
                    percent(*share)
                ),
            ),
            Outcome::Fixed(points) => ("outcome", format!("得{}分", points.normalize())),
            Outcome::Formula(formula) => (
                "outcome",
                format!(
                    "得分 = {} = {} = {}{result}分",
                    self.text(formula.span),
                    self.substitute(formula, 0),
                    about(result != value || self.shows_rounded(formula))
                ),
            ),
            Outcome::Proportional => ("outcome", self.proportional_text(clause.span, value)),
            Outcome::Deduction(deduction) => (
                "deduction",
                self.deduction_text(deduction, clause.span, value),
            ),
            Outcome::Discretion => (
                "outcome",
                format!("酌情给分 {result}分（理由：{}）", self.discretion_reason()),
            ),
            Outcome::Band(band) => (
                "outcome",
                format!(
                    "落在 {} 分档，酌情得 {result}分（理由：{}）",
                    band.text(),
                    self.discretion_reason()
                ),
            ),
            Outcome::ExpertMean => ("outcome", self.expert_mean_text(value)),
        };
        let mut inputs = self.outcome_inputs();
        if let Outcome::Deduction(_) = &clause.outcome {
            inputs.extend(self.deduction_inputs(clause.span));
        }
        Step {
            kind,
            text,
            inputs,
            result: Some(points(value)),
            span: self.span_info(clause.span),
            children: Vec::new(),
        }
    }

    /// "专家评分：张明 8分、李华 9分、王强 7分，取平均 (8 + 9 + 7) ÷ 3 = 8分".
    fn expert_mean_text(&self, mean: Decimal) -> String {
        let scores = self
            .facts
            .experts
            .get(&self.indicator.name)
            .map_or(&[][..], Vec::as_slice);
        let each: Vec<String> = scores
            .iter()
            .map(|given| format!("{} {}分", visible(&given.expert), given.score.normalize()))
            .collect();
        let terms: Vec<String> = scores
            .iter()
            .map(|given| given.score.normalize().to_string())
            .collect();
        let result = brief(mean);
        format!(
            "专家评分：{}，取平均 ({}) ÷ {} = {}{result}分",
            each.join("、"),
            terms.join(" + "),
            scores.len(),
            about(result != mean)
        )
    }

    /// The reason the facts give for the indicator's 酌情 score.
    fn discretion_reason(&self) -> String {
        self.facts
            .discretion
            .get(&self.indicator.name)
            .map_or_else(String::new, |given| given.reason.clone())
    }

    /// 权重 × 完成值 ÷ 标杆值, under the words the rule prints (按比例得分 is
    /// not 按比例扣分, though both compute the same).
    fn proportional_text(&self, span: Span, value: Decimal) -> String {
        let weight = self.indicator.weight.normalize();
        let result = brief(value);
        let shown = |value: Option<Decimal>, ty: Option<&Ty>| {
            value.zip(ty).is_some_and(|(value, ty)| rounded(ty, value))
        };
        let types = &self.indicator.types;
        let approximate = result != value
            || shown(self.scored.actual_value, types.actual.as_ref())
            || shown(self.scored.target_value, types.target.as_ref());
        let printed = self.text(span);
        let words = PROPORTIONAL_WORDS
            .iter()
            .find(|words| printed.contains(*words))
            .unwrap_or(&"按比例计分");
        let (actual, target) = (
            self.scored.actual.clone().unwrap_or_default(),
            self.scored.target.clone().unwrap_or_default(),
        );
        if !self.indicator.source.lower_is_better {
            return format!(
                "{words}：{weight} × {actual} ÷ {target} = {}{result}分",
                about(approximate)
            );
        }
        let reached = self
            .scored
            .actual_value
            .zip(self.scored.target_value)
            .is_some_and(|(actual, target)| actual <= target);
        if reached {
            return format!("{words}（逆向）：{actual} 不高于标杆值 {target}，得满分");
        }
        format!(
            "{words}（逆向）：{weight} × {target} ÷ {actual} = {}{result}分",
            about(approximate)
        )
    }

    /// A deduction's shortfall, steps, whole steps and points deducted.
    pub(super) fn deduction_inputs(&self, span: Span) -> Vec<Input> {
        [
            ("差距", Note::Gap(span)),
            ("折合步数", Note::Steps(span)),
            ("计扣步数", Note::WholeSteps(span)),
            ("扣分", Note::Deducted(span)),
        ]
        .into_iter()
        .filter_map(|(name, note)| {
            let value = self.trace.value(note)?;
            Some(Input {
                name: name.to_string(),
                value,
                shown: brief(value).to_string(),
            })
        })
        .collect()
    }

    pub(super) fn outcome_inputs(&self) -> Vec<Input> {
        self.value_input("完成值", true)
            .into_iter()
            .chain(self.value_input("标杆值", false))
            .collect()
    }

    /// "低于标杆值100% 1.54个百分点；按…计为2个百分点，扣 2 × 0.1 = 0.2分，得分 4 − 0.2 = 3.8分".
    pub(super) fn deduction_text(&self, deduction: &Deduction, span: Span, raw: Decimal) -> String {
        let gap = self.trace.value(Note::Gap(span)).unwrap_or_default();
        let steps = self.trace.value(Note::Steps(span)).unwrap_or_default();
        let whole = self.trace.value(Note::WholeSteps(span)).unwrap_or_default();
        let deducted = self.trace.value(Note::Deducted(span)).unwrap_or_default();
        let step_unit = step_unit_word(
            deduction.step_unit.as_ref(),
            self.indicator.types.actual.as_ref(),
        );
        let step_written = in_step_unit(deduction.step, deduction.step_unit.as_ref());
        let target = self.scored.target.clone().unwrap_or_default();
        if gap.is_zero() {
            let verdict = match deduction.direction {
                Direction::Below => format!("未低于标杆值{target}"),
                Direction::Above => format!("未超出标杆值{target}"),
                Direction::Late => "未延迟".to_string(),
                Direction::Either => format!("与标杆值{target}无差距"),
            };
            return format!("{verdict}，不扣分，得分 {}分", brief(raw));
        }
        let shown_gap = in_step_unit(gap, deduction.step_unit.as_ref())
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let gap_written = format!("{}{step_unit}", shown_gap.normalize());
        let mut text = match deduction.direction {
            Direction::Below => format!("低于标杆值{target} {gap_written}"),
            Direction::Above => format!("超出标杆值{target} {gap_written}"),
            Direction::Late => format!("延迟{gap_written}"),
            Direction::Either => format!("与标杆值{target}相差 {gap_written}"),
        };
        if deduction.step_unit == Some(Unit::Percent) {
            text.push_str("（“1%”按1个百分点计）");
        }
        let step_phrase = format!("{}{step_unit}", step_written.normalize());
        let whole_written = whole.checked_mul(step_written).unwrap_or(whole);
        let whole_text = format!("{}{step_unit}", whole_written.normalize());
        match deduction.partial {
            PartialStep::RoundUp if whole != steps => text.push_str(&format!(
                "，按“不足{step_phrase}的按{step_phrase}扣分”计为{whole_text}"
            )),
            PartialStep::RoundDown if whole != steps => {
                text.push_str(&format!("，按“不足{step_phrase}的不扣分”计为{whole_text}"))
            }
            _ => {}
        }
        format!(
            "{text}；每{step_phrase}扣{}分，扣 {} × {} = {}分，得分 {} − {} = {}分",
            deduction.points.normalize(),
            brief(whole),
            deduction.points.normalize(),
            brief(deducted),
            self.indicator.weight.normalize(),
            brief(deducted),
            brief(raw)
        )
    }

    /// Clamping, rounding and the final score (or the fault).
    pub(super) fn final_steps(&self) -> Vec<Step> {
        let Some(score) = self.scored.score else {
            return vec![Step {
                kind: "fault",
                text: format!(
                    "无法计算：{}",
                    self.scored.fault.clone().unwrap_or_default()
                ),
                inputs: Vec::new(),
                result: None,
                span: None,
                children: Vec::new(),
            }];
        };
        let mut steps = Vec::new();
        let weight = self.indicator.weight;
        if let Some(raw) = self.trace.raw_score {
            let clamp = if raw > weight {
                Some(format!(
                    "{}分超过权重，按权重{}分计",
                    brief(raw),
                    weight.normalize()
                ))
            } else if raw < Decimal::ZERO {
                Some("扣完为止，得0分".to_string())
            } else {
                None
            };
            steps.extend(clamp.map(|text| Step {
                kind: "clamp",
                text,
                inputs: Vec::new(),
                result: None,
                span: None,
                children: Vec::new(),
            }));
        }
        let rounding = self.indicator.rounding(self.compiled.rounding);
        steps.push(Step {
            kind: "score",
            text: adjusted_score_text(self.indicator, score).unwrap_or_else(|| {
                format!(
                    "保留{}位小数（{}），{}",
                    rounding.places,
                    mode_word(rounding.mode),
                    score_words(self.indicator, score)
                )
            }),
            inputs: Vec::new(),
            result: Some(points(score)),
            span: None,
            children: Vec::new(),
        });
        steps
    }
}

/// Under a 加分项 or 减分项, where nothing is adjusted: 「不加分」, 「不扣分」
/// (with nothing to round).
fn adjusted_score_text(indicator: &CompiledIndicator, score: Decimal) -> Option<String> {
    match indicator.adjustment {
        Some(Adjustment::Bonus) if score.is_zero() => Some("不加分".to_string()),
        Some(Adjustment::Penalty) if score.is_zero() => Some("不扣分".to_string()),
        _ => None,
    }
}

/// 「得分 3.00分」, and under a 加分项 or 减分项 what it does to the total:
/// 「加 3.00分」, 「得分 3.00分，扣 15 − 3.00 = 12.00分」 (the score of a 减分项's
/// indicator is the points it takes off, negative).
fn score_words(indicator: &CompiledIndicator, score: Decimal) -> String {
    match indicator.adjustment {
        None => format!("得分 {score}分"),
        Some(Adjustment::Bonus) => format!("加 {score}分"),
        Some(Adjustment::Penalty) => {
            let weight = indicator.weight.normalize();
            let kept = score.checked_add(indicator.weight).unwrap_or_default();
            format!("得分 {kept}分，扣 {weight} − {kept} = {}分", score.abs())
        }
    }
}

/// 「约」 before a result the printed arithmetic gives only approximately
/// (an operand or the result is shown rounded).
fn about(approximate: bool) -> &'static str {
    if approximate {
        "约"
    } else {
        ""
    }
}

/// The grammar's words for a proportional score, longest first.
const PROPORTIONAL_WORDS: &[&str] = &[
    "按完成比例计算得分",
    "按完成比例得分",
    "按完成比例计分",
    "按比例扣分",
    "按比例得分",
    "按比例计分",
];
