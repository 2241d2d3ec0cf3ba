//! Explanations: how every score was reached, in the words of its rule form,
//! as prose to paste into a report and as a tree of steps (JSON).
//!
//! The evaluator records the values it passes through ([`Trace`]); this module
//! reads them back against the checked AST, so the prose follows the rule as
//! written (每降低…, 要点①…) rather than the core it was lowered to.
//!
//! JSON schema (stable): an [`Explanation`] has `title`, `indicators` and
//! `totals`. Each indicator has `path`, `name`, `weight`, `rule` (the rule text),
//! `score` (or null), `prose` and `steps`. A [`Step`] has `kind` (one of
//! `actual`, `target`, `item`, `gate`, `condition`, `outcome`, `deduction`,
//! `clamp`, `score`, `fault`, `subtotal`, `total`, `grade`), `text` (the prose
//! fragment), `inputs` (each `name`, `value` as a decimal string in run-time
//! units, `shown` with its unit), `result` (`value` and `shown`, or null),
//! `span` (`file`, `start`, `end` byte offsets and 1-based `line`/`column` in
//! characters in `file`, the ruleset or the library the rule is written in,
//! or null) and `children`.

use crate::lang::ast::*;
use crate::lang::check::Checked;
use crate::lang::compile::{Compiled, CompiledIndicator, Note};
use crate::lang::span::Span;
use crate::lang::units::SHOWN_PLACES;
use crate::lang::units::{Ty, Unit};
use crate::score::eval::{score_traced, GroupScore, IndicatorScore, NodeScore, ScoreCard, Trace};
use crate::score::facts::FactValues;
use rust_decimal::Decimal;
use serde::Serialize;

/// Every score's derivation, and how the totals were formed.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The project's name.
    pub title: String,
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
    /// Byte offset of the start, in the ruleset's text with its imports after it.
    pub start: usize,
    /// Byte offset of the end, likewise.
    pub end: usize,
    /// 1-based line in `file`.
    pub line: usize,
    /// 1-based column in `file`, in characters.
    pub column: usize,
}

/// Scores the facts with tracing and explains every score and total.
pub fn explain(compiled: &Compiled, facts: &FactValues) -> Explanation {
    let (card, traces) = score_traced(compiled, facts);
    let indicators = compiled
        .indicators()
        .into_iter()
        .zip(card.indicators())
        .zip(&traces)
        .map(|((indicator, scored), trace)| {
            Explainer {
                compiled,
                indicator,
                scored,
                trace,
                facts,
            }
            .explain()
        })
        .collect();
    let totals = totals(compiled, &card);
    Explanation {
        title: card.title.clone(),
        indicators,
        totals,
        card,
    }
}

/// Explains one indicator from its trace.
struct Explainer<'a> {
    compiled: &'a Compiled,
    indicator: &'a CompiledIndicator,
    scored: &'a IndicatorScore,
    trace: &'a Trace,
    facts: &'a FactValues,
}

impl Explainer<'_> {
    fn explain(&self) -> IndicatorExplanation {
        let source = &self.indicator.source;
        let mut steps = Vec::new();
        steps.extend(self.actual_step());
        match &source.rule {
            Rule::Checklist(checklist) => steps.extend(self.checklist_steps(checklist)),
            Rule::Clauses(clauses) => steps.extend(self.clause_steps(clauses)),
            Rule::Missing => {}
        }
        steps.extend(self.final_steps());
        let prose = prose(&self.indicator.name, self.indicator.weight, &steps);
        IndicatorExplanation {
            path: self.scored.path.clone(),
            name: self.indicator.name.clone(),
            weight: self.indicator.weight,
            rule: self.rule_text(),
            target: self.scored.target.clone(),
            actual: self.scored.actual.clone(),
            score: self.scored.score,
            prose,
            steps,
        }
    }

    /// The rule as written: its clauses or items, one per line, without comments.
    fn rule_text(&self) -> String {
        let spans: Vec<Span> = match &self.indicator.source.rule {
            Rule::Checklist(checklist) => {
                let mut spans: Vec<Span> = checklist.items.iter().map(|item| item.span).collect();
                spans.extend(checklist.gate.as_ref().map(|gate| gate.span));
                spans
            }
            Rule::Clauses(clauses) => clauses.iter().map(|clause| clause.span).collect(),
            Rule::Missing => Vec::new(),
        };
        let mut parts: Vec<String> = spans.iter().map(|span| self.text(*span)).collect();
        parts.dedup();
        parts.join("；")
    }

    /// Source text at a span, on one line, without comments (a span may end
    /// after a trailing comment).
    fn text(&self, span: Span) -> String {
        span.text(&self.compiled.source)
            .lines()
            .map(without_comment)
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
            // Alignment padding after a full-width colon is layout, not text.
            .replace("： ", "：")
    }

    fn span_info(&self, span: Span) -> Option<SpanInfo> {
        let (file, line, column) = self.compiled.sources.locate(span.start);
        Some(SpanInfo {
            file,
            start: span.start,
            end: span.end,
            line,
            column,
        })
    }

    fn actual_step(&self) -> Option<Step> {
        let actual = self.indicator.source.actual.as_ref()?;
        let value = self.scored.actual_value?;
        let shown = self.scored.actual.clone().unwrap_or_default();
        let substituted = self.substitute(actual, 0);
        let text = if substituted == shown {
            format!("完成值为 {shown}")
        } else {
            format!("完成值 = {substituted} = {shown}")
        };
        Some(Step {
            kind: "actual",
            text,
            inputs: self.inputs(actual),
            result: Some(Shown { value, shown }),
            span: self.span_info(actual.span),
            children: Vec::new(),
        })
    }

    /// The facts an expression read, with their values.
    fn inputs(&self, expr: &Expr<Checked>) -> Vec<Input> {
        let mut inputs = Vec::new();
        self.collect_inputs(expr, &mut inputs);
        inputs
    }

    fn collect_inputs(&self, expr: &Expr<Checked>, inputs: &mut Vec<Input>) {
        match &expr.kind {
            ExprKind::Ref(fact) => {
                let Some(value) = self.trace.value(Note::Value(expr.span)) else {
                    return;
                };
                if let Some(declared) = self.compiled.facts.get(fact.id.0) {
                    inputs.push(Input {
                        name: declared.name.clone(),
                        value,
                        shown: declared.ty.show_to(value, SHOWN_PLACES),
                    });
                }
            }
            ExprKind::Binary(_, left, right) => {
                self.collect_inputs(left, inputs);
                self.collect_inputs(right, inputs);
            }
            ExprKind::Actual => inputs.extend(self.value_input("完成值", true)),
            ExprKind::Target => inputs.extend(self.value_input("标杆值", false)),
            _ => {}
        }
    }

    fn value_input(&self, name: &str, actual: bool) -> Option<Input> {
        let (value, shown) = if actual {
            (self.scored.actual_value?, self.scored.actual.clone()?)
        } else {
            (self.scored.target_value?, self.scored.target.clone()?)
        };
        Some(Input {
            name: name.to_string(),
            value,
            shown,
        })
    }

    /// An expression with every fact replaced by its value and unit.
    fn substitute(&self, expr: &Expr<Checked>, parent_precedence: u8) -> String {
        match &expr.kind {
            ExprKind::Quantity(number, unit) => written_quantity(*number, unit.as_ref()),
            ExprKind::Date(date) => date.to_string(),
            ExprKind::Weight => format!("{}分", self.indicator.weight.normalize()),
            ExprKind::Actual => self
                .scored
                .actual
                .clone()
                .unwrap_or_else(|| "完成值".into()),
            ExprKind::Target => self
                .scored
                .target
                .clone()
                .unwrap_or_else(|| "标杆值".into()),
            ExprKind::Ref(fact) => {
                let declared = self.compiled.facts.get(fact.id.0);
                match (self.trace.value(Note::Value(expr.span)), declared) {
                    (Some(value), Some(declared)) => declared.ty.show_to(value, SHOWN_PLACES),
                    (_, Some(declared)) => declared.name.clone(),
                    _ => String::new(),
                }
            }
            ExprKind::Binary(op, left, right) => {
                let precedence = match op {
                    BinOp::Add | BinOp::Sub => 1,
                    BinOp::Mul | BinOp::Div => 2,
                };
                // A ratio times a percent reads best as (a ÷ b) × 100%.
                let left_precedence = match (op, &left.kind) {
                    (BinOp::Mul, ExprKind::Binary(BinOp::Div, ..)) => 3,
                    _ => precedence,
                };
                let text = format!(
                    "{} {} {}",
                    self.substitute(left, left_precedence),
                    op.symbol(),
                    self.substitute(right, precedence + 1)
                );
                if precedence < parent_precedence {
                    format!("（{text}）")
                } else {
                    text
                }
            }
        }
    }

    fn checklist_steps(&self, checklist: &Checklist<Checked>) -> Vec<Step> {
        let items: Vec<Step> = checklist
            .items
            .iter()
            .map(|item| self.item_step(item))
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

    fn item_step(&self, item: &ChecklistItem<Checked>) -> Step {
        let holds = self.trace.condition(item.span);
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

    fn condition_text(&self, condition: &Condition<Checked>) -> String {
        match condition {
            Condition::Compare(_, _, _, span) => self.text(*span),
            Condition::Fact(fact) => self
                .compiled
                .facts
                .get(fact.id.0)
                .map_or_else(String::new, |declared| declared.name.clone()),
            Condition::Not(inner) => format!("不 {}", self.condition_text(inner)),
            Condition::All(members) => self.joined(members, " 且 "),
            Condition::Any(members) => self.joined(members, " 或 "),
        }
    }

    fn joined(&self, members: &[Condition<Checked>], word: &str) -> String {
        members
            .iter()
            .map(|member| self.condition_text(member))
            .collect::<Vec<_>>()
            .join(word)
    }

    /// The clauses tried, up to the one that applied.
    fn clause_steps(&self, clauses: &[Clause<Checked>]) -> Vec<Step> {
        let mut steps = Vec::new();
        for clause in clauses {
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
                break;
            }
        }
        steps
    }

    fn condition_step(&self, condition: &Condition<Checked>, span: Span, holds: bool) -> Step {
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

    fn outcome_step(&self, clause: &Clause<Checked>) -> Step {
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
                    "得分 = {} = {} = {result}分",
                    self.text(formula.span),
                    self.substitute(formula, 0)
                ),
            ),
            Outcome::Proportional => (
                "outcome",
                format!(
                    "按比例扣分：{weight} × {} ÷ {} = {result}分",
                    self.scored.actual.clone().unwrap_or_default(),
                    self.scored.target.clone().unwrap_or_default()
                ),
            ),
            Outcome::Deduction(deduction) => (
                "deduction",
                self.deduction_text(deduction, clause.span, value),
            ),
            Outcome::Discretion => {
                let reason = self
                    .facts
                    .discretion
                    .get(&self.indicator.name)
                    .map_or_else(String::new, |given| given.reason.clone());
                ("outcome", format!("酌情给分 {result}分（理由：{reason}）"))
            }
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

    /// A deduction's shortfall, steps, whole steps and points deducted.
    fn deduction_inputs(&self, span: Span) -> Vec<Input> {
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

    fn outcome_inputs(&self) -> Vec<Input> {
        self.value_input("完成值", true)
            .into_iter()
            .chain(self.value_input("标杆值", false))
            .collect()
    }

    /// "低于标杆值100% 1.54个百分点；按…计为2个百分点，扣 2 × 0.1 = 0.2分，得分 4 − 0.2 = 3.8分".
    fn deduction_text(&self, deduction: &Deduction, span: Span, raw: Decimal) -> String {
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
    fn final_steps(&self) -> Vec<Step> {
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
        let rounding = self.compiled.rounding;
        steps.push(Step {
            kind: "score",
            text: format!(
                "保留{}位小数（{}），得分 {score}分",
                rounding.places,
                mode_word(rounding.mode)
            ),
            inputs: Vec::new(),
            result: Some(points(score)),
            span: None,
            children: Vec::new(),
        });
        steps
    }
}

fn prose(name: &str, weight: Decimal, steps: &[Step]) -> String {
    let parts: Vec<&str> = steps.iter().map(|step| step.text.as_str()).collect();
    format!(
        "{name}（权重{}分）：{}。",
        weight.normalize(),
        parts.join("；")
    )
}

/// An intermediate value for prose: at most four decimal places (the score
/// itself is rounded as the ruleset says, in the final step).
fn brief(value: Decimal) -> Decimal {
    crate::lang::units::tidy(value, 4)
}

fn points(value: Decimal) -> Shown {
    Shown {
        value,
        shown: format!("{}分", value.normalize()),
    }
}

fn percent(share: Decimal) -> String {
    let hundredths = share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(share);
    format!("{}%", hundredths.normalize())
}

fn mode_word(mode: RoundingMode) -> &'static str {
    match mode {
        RoundingMode::HalfUp => "四舍五入",
        RoundingMode::Up => "向上舍入",
        RoundingMode::Down => "向下舍入",
    }
}

/// A literal as an officer writes it: 100%, 62.46万元, 2个.
fn written_quantity(number: Decimal, unit: Option<&Unit>) -> String {
    format!("{}{}", number.normalize(), unit.map_or("", Unit::word))
}

/// A run-time amount in the step's written unit (0.0154 → 1.54 for 个百分点).
fn in_step_unit(value: Decimal, unit: Option<&Unit>) -> Decimal {
    unit.and_then(|unit| unit.from_runtime(value))
        .unwrap_or(value)
}

/// The word for a step: 个百分点 for percents (a 1% step is a point), else the unit.
fn step_unit_word(unit: Option<&Unit>, actual: Option<&Ty>) -> String {
    match (unit, actual) {
        (Some(Unit::Percent | Unit::PercentagePoint), _) => "个百分点".into(),
        (Some(unit), _) => unit.word().to_string(),
        (None, Some(Ty::Count(word))) => word.clone(),
        (None, _) => String::new(),
    }
}

/// A line up to its comment (`#` or `//` outside a quoted string).
fn without_comment(line: &str) -> &str {
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' | '“' | '”' => quoted = !quoted,
            '#' if !quoted => return &line[..at],
            '/' if !quoted && line[at..].starts_with("//") => return &line[..at],
            _ => {}
        }
    }
    line
}

/// How each sub-total, the total and the grade were formed.
fn totals(compiled: &Compiled, card: &ScoreCard) -> Vec<Step> {
    let mut steps = Vec::new();
    for group in &card.groups {
        group_totals(group, &mut steps);
    }
    let parts: Vec<String> = card
        .groups
        .iter()
        .map(|group| crate::report::render::score_text(group.score))
        .collect();
    steps.push(Step {
        kind: "total",
        text: format!(
            "总分 = {} = {}分",
            parts.join(" + "),
            crate::report::render::score_text(card.total)
        ),
        inputs: Vec::new(),
        result: card.total.map(points),
        span: None,
        children: Vec::new(),
    });
    let grade_text = match (card.total, &card.grade) {
        (Some(total), Some(grade)) => {
            let band = compiled.grades.iter().find(|band| &band.name.text == grade);
            match band.and_then(|band| band.bound) {
                Some((op, bound)) => format!(
                    "总分 {total}分 {} {}，等级为「{grade}」",
                    op.symbol(),
                    bound.normalize()
                ),
                None => format!("总分 {total}分 不在以上各档，等级为「{grade}」"),
            }
        }
        _ => "有指标无法计算，总分与等级无法评定".to_string(),
    };
    steps.push(Step {
        kind: "grade",
        text: grade_text,
        inputs: Vec::new(),
        result: None,
        span: None,
        children: Vec::new(),
    });
    steps
}

fn group_totals(group: &GroupScore, steps: &mut Vec<Step>) {
    let parts: Vec<String> = group
        .children
        .iter()
        .map(|child| match child {
            NodeScore::Group(inner) => {
                group_totals(inner, steps);
                crate::report::render::score_text(inner.score)
            }
            NodeScore::Indicator(indicator) => crate::report::render::score_text(indicator.score),
        })
        .collect();
    steps.push(Step {
        kind: "subtotal",
        text: format!(
            "{}小计 = {} = {}（权重{}分）",
            group.name,
            parts.join(" + "),
            points_word(group.score),
            group.weight.normalize()
        ),
        inputs: Vec::new(),
        result: group.score.map(points),
        span: None,
        children: Vec::new(),
    });
}

/// A score with 分, or 无法计算.
fn points_word(score: Option<Decimal>) -> String {
    score.map_or_else(|| "无法计算".to_string(), |score| format!("{score}分"))
}

/// The explanation as plain text: one paragraph per indicator, then the totals.
pub fn text(explanation: &Explanation) -> String {
    let mut out = format!("{}\n\n", explanation.title);
    for indicator in &explanation.indicators {
        out.push_str(&indicator.prose);
        out.push('\n');
    }
    out.push('\n');
    for step in &explanation.totals {
        out.push_str(&step.text);
        out.push_str("。\n");
    }
    out
}

/// The explanation as JSON (see the module documentation for the schema).
pub fn json(explanation: &Explanation) -> String {
    serde_json::to_string_pretty(explanation).unwrap_or_default()
}

/// The annex table in Markdown with each rule and derivation beside its score.
pub fn markdown(explanation: &Explanation) -> String {
    let mut out = format!(
        "## {}\n\n| 一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 完成值 | 得分 | 评分依据 |\n|---|---|---|---|---|---|---|---|---|\n",
        explanation.title
    );
    let mut previous_path: Vec<String> = Vec::new();
    for indicator in &explanation.indicators {
        let level = |depth: usize| {
            let name = indicator.path.get(depth).cloned().unwrap_or_default();
            if previous_path.get(..=depth) == indicator.path.get(..=depth) {
                String::new()
            } else {
                name
            }
        };
        let cells = [
            level(0),
            level(1),
            indicator.name.clone(),
            indicator.weight.normalize().to_string(),
            cell(&indicator.rule),
            indicator.target.clone().unwrap_or_default(),
            indicator.actual.clone().unwrap_or_default(),
            crate::report::render::score_text(indicator.score),
            cell(&indicator.prose),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        previous_path.clone_from(&indicator.path);
    }
    out.push('\n');
    for step in &explanation.totals {
        out.push_str(&format!("- {}\n", step.text));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
