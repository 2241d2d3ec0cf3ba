//! Evaluation: compiled rules + facts → [`ScoreCard`].
//!
//! A pure function. A fault in one indicator (a missing fact, division by zero,
//! overflow) becomes a [`Fault`] naming the indicator, the fact and the rule's
//! span; the other indicators are still scored, and every sub-total above a
//! faulted indicator is left empty rather than silently short.

use crate::lang::ast::{Adjustment, Rounding};
use crate::lang::compile::{
    Compiled, CompiledChoice, CompiledGroup, CompiledIndicator, CompiledNode, Note,
};
use crate::lang::exact::Exact;
use crate::lang::span::Span;
use crate::lang::units::Ty;
use crate::score::facts::FactValues;
pub use crate::score::fault::Fault;
use crate::score::fault::{fault, overflow};
use crate::score::machine::{Computed, Machine, Run};
use crate::score::total::{plus, with_places, CardTotal, Counted, Tally};
pub use crate::score::total::{subtotal, TotalStep};
use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::score::machine::{NoTrace, Recorder};

/// What one indicator's evaluation passed through, in evaluation order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Values under their notes.
    pub values: Vec<(Note, Decimal)>,
    /// Conditions (by the span of their rule text) and whether they held.
    pub conditions: Vec<(Span, bool)>,
    /// The score before clamping and rounding, if it was reached.
    pub raw_score: Option<Decimal>,
}

impl Trace {
    /// The first value recorded under `note`.
    pub fn value(&self, note: Note) -> Option<Decimal> {
        self.values
            .iter()
            .find(|(recorded, _)| *recorded == note)
            .map(|(_, value)| *value)
    }

    /// Whether the condition at `span` was evaluated, and if so whether it held.
    pub fn condition(&self, span: Span) -> Option<bool> {
        self.conditions
            .iter()
            .find(|(recorded, _)| *recorded == span)
            .map(|(_, holds)| *holds)
    }
}

/// Values are shown from the nearest decimal (28 significant places at most);
/// scores are rounded from the exact value.
impl Recorder for Trace {
    fn value(&mut self, note: Note, value: Exact) {
        if let Some(value) = value.to_decimal() {
            self.values.push((note, value));
        }
    }
    fn condition(&mut self, span: Span, holds: bool) {
        self.conditions.push((span, holds));
    }
    fn raw_score(&mut self, score: Exact) {
        self.raw_score = score.to_decimal();
    }
}

/// The scored indicator system: the annex table's content.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCard {
    /// The project's name.
    pub title: String,
    /// The total's full marks.
    pub full_marks: Decimal,
    /// The total, if no indicator faulted.
    pub total: Option<Decimal>,
    /// The grade of the total, if it is known.
    pub grade: Option<String>,
    /// Whether the ruleset defines grade bands (等级); when it does not,
    /// `grade` is `None` and that is no fault.
    pub grades_defined: bool,
    /// The 一级 groups.
    pub groups: Vec<GroupScore>,
    /// When some indicator is 不适用: the applicable indicators' full marks
    /// (in the total's scale), from which the total is rescaled to 满分.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_weight: Option<Decimal>,
    /// When some indicator is 不适用: the applicable scores' sum before the
    /// rescaling, if none faulted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable_sum: Option<Decimal>,
    /// From the indicators' total to the card's: 加分项 and 减分项, the limit
    /// at 满分, 总分规则 that held. Omitted when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub total_steps: Vec<TotalStep>,
    /// Every fault, in tree order.
    #[serde(skip)]
    pub faults: Vec<Fault>,
}

impl ScoreCard {
    /// Every indicator's row, in tree order.
    pub fn indicators(&self) -> Vec<&IndicatorScore> {
        fn walk<'a>(group: &'a GroupScore, out: &mut Vec<&'a IndicatorScore>) {
            for child in &group.children {
                match child {
                    NodeScore::Group(inner) => walk(inner, out),
                    NodeScore::Indicator(indicator) => out.push(indicator),
                }
            }
        }
        let mut out = Vec::new();
        for group in &self.groups {
            walk(group, &mut out);
        }
        out
    }

    /// The group of that name, at any depth (the first, if two share it).
    pub fn group(&self, name: &str) -> Option<&GroupScore> {
        fn find<'a>(group: &'a GroupScore, name: &str) -> Option<&'a GroupScore> {
            if group.name == name {
                return Some(group);
            }
            group.children.iter().find_map(|child| match child {
                NodeScore::Group(inner) => find(inner, name),
                NodeScore::Indicator(_) => None,
            })
        }
        self.groups.iter().find_map(|group| find(group, name))
    }
}

/// A group's scores.
#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    /// 1 or 2.
    pub level: u8,
    /// Its name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// The sum of its children's scores (converted to the weight where the
    /// group says 按百分制折算), if none faulted.
    pub score: Option<Decimal>,
    /// The full marks the children add to, for a converted group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted_from: Option<Decimal>,
    /// The children's sum before the conversion, for a converted group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unconverted: Option<Decimal>,
    /// How a 二者择其一 group chooses, as printed: 取较高者, or 按 and the
    /// fact that chooses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// `bonus` for a 加分项, `penalty` for a 减分项 (whose score is negative,
    /// the points taken off the total); its weight is then the cap.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "adjustment_name"
    )]
    pub adjustment: Option<Adjustment>,
    /// Its children.
    pub children: Vec<NodeScore>,
}

/// A 加分项 or 减分项 in the JSON: `bonus` or `penalty`.
fn adjustment_name<S: serde::Serializer>(
    adjustment: &Option<Adjustment>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let name = match adjustment {
        Some(Adjustment::Bonus) => "bonus",
        Some(Adjustment::Penalty) => "penalty",
        None => "",
    };
    serializer.serialize_str(name)
}

/// A child of a group.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NodeScore {
    /// A group.
    Group(GroupScore),
    /// An indicator.
    Indicator(IndicatorScore),
}

/// One indicator's row of the annex table.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorScore {
    /// The names of the groups above it, 一级 first.
    pub path: Vec<String>,
    /// Its name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// 标杆值 as shown.
    pub target: Option<String>,
    /// 完成值 as shown.
    pub actual: Option<String>,
    /// 完成值 as a run-time value (percents as fractions, money in 元).
    pub actual_value: Option<Decimal>,
    /// 标杆值 as a run-time value, when it is a value.
    pub target_value: Option<Decimal>,
    /// The score, clamped to [0, weight] and rounded; `None` if it faulted
    /// or does not apply.
    pub score: Option<Decimal>,
    /// The reason given for a discretionary score, if one was used.
    pub discretion_reason: Option<String>,
    /// Why the indicator does not apply (不适用), if the facts say so; it is
    /// then not scored and its weight leaves the total's base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// Under a 二者择其一 group chosen by a fact, whether this indicator was
    /// left unchosen (then not scored).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_chosen: bool,
    /// The fault's message, if it faulted.
    pub fault: Option<String>,
}

/// Scores one project's facts.
pub fn score(compiled: &Compiled, facts: &FactValues) -> ScoreCard {
    score_with(compiled, facts, None)
}

/// Scores one project's facts and traces every indicator (in tree order) for
/// explanations. The scores are those of [`score`].
pub fn score_traced(compiled: &Compiled, facts: &FactValues) -> (ScoreCard, Vec<Trace>) {
    let mut traces = Vec::new();
    let card = score_with(compiled, facts, Some(&mut traces));
    (card, traces)
}

fn score_with(
    compiled: &Compiled,
    facts: &FactValues,
    traces: Option<&mut Vec<Trace>>,
) -> ScoreCard {
    let mut scorer = Scorer {
        compiled,
        facts,
        faults: Vec::new(),
        path: Vec::new(),
        traces,
        machine: Machine::default(),
    };
    let (groups, tallies): (Vec<GroupScore>, Vec<Tally>) =
        compiled.groups.iter().map(|g| scorer.group(g)).unzip();
    let tally = tallies.into_iter().fold(Tally::EMPTY, Tally::add);
    let mut held = Vec::new();
    card_tests(
        &mut scorer.machine,
        compiled,
        facts,
        &mut scorer.faults,
        &mut held,
    );
    let card = CardTotal::new(compiled, tally, &held, true);
    let grade = match card.grade_set {
        Some(index) => Some(compiled.grades[index].name.text.clone()),
        None => card.total.and_then(|total| grade_of(compiled, total)),
    };
    let rescaled = tally.rescaled();
    ScoreCard {
        title: compiled.title.clone(),
        full_marks: compiled.full_marks,
        total: card.total,
        grade,
        total_steps: card.steps,
        grades_defined: !compiled.grades.is_empty(),
        groups,
        applicable_weight: rescaled
            .then(|| tally.applicable_weight(compiled)?.to_decimal())
            .flatten()
            .map(|weight| weight.normalize()),
        applicable_sum: tally.sum.filter(|_| rescaled),
        faults: scorer.faults,
    }
}

/// The first band the total satisfies; a band with no bound catches the rest.
pub fn grade_of(compiled: &Compiled, total: Decimal) -> Option<String> {
    grade_index(compiled, total).map(|index| compiled.grades[index].name.text.clone())
}

/// The index in `compiled.grades` of the first band the total satisfies.
pub fn grade_index(compiled: &Compiled, total: Decimal) -> Option<usize> {
    compiled
        .grades
        .iter()
        .position(|band| band.bound.is_none_or(|(op, bound)| op.holds(total, bound)))
}

/// Scores for bulk work, kept between projects so that scoring one
/// allocates nothing: each indicator's score in tree order (`None` where it
/// faulted), the total, the grade, and the faults.
#[derive(Debug, Default)]
pub struct Scores {
    /// Per indicator, in tree order ([`Compiled::indicators`]).
    pub scores: Vec<Option<Decimal>>,
    /// The sum of the scores, if none faulted.
    pub total: Option<Decimal>,
    /// The grade of the total, as an index into `Compiled::grades`.
    pub grade: Option<usize>,
    /// Every fault, in tree order.
    pub faults: Vec<Fault>,
    machine: Machine,
    /// Whether each 总分规则 held, kept so that scoring allocates nothing.
    held: Vec<Option<bool>>,
}

impl Scores {
    /// Scores one project into these buffers, replacing what they held. The
    /// scores, total and grade are those of [`score`].
    pub fn score(&mut self, compiled: &Compiled, facts: &FactValues) {
        self.scores.clear();
        self.faults.clear();
        let tally = if compiled.sums_plainly && facts.not_applicable.is_empty() {
            // The same sums in the same order as the tallies would make;
            // every group is scored, even after a fault.
            let mut sum = Some(Decimal::ZERO);
            for group in &compiled.groups {
                sum = plus(sum, self.plain_sum(compiled, group, facts));
            }
            Tally::of_sum(sum)
        } else {
            let mut tally = Tally::EMPTY;
            for group in &compiled.groups {
                tally = tally.add(self.group(compiled, group, facts));
            }
            tally
        };
        card_tests(
            &mut self.machine,
            compiled,
            facts,
            &mut self.faults,
            &mut self.held,
        );
        let card = CardTotal::new(compiled, tally, &self.held, false);
        self.total = card.total;
        self.grade = card
            .grade_set
            .or_else(|| self.total.and_then(|total| grade_index(compiled, total)));
    }

    /// Scores the indicators of a group that sums plainly (see
    /// [`Compiled::sums_plainly`]) into the buffers; its sub-total.
    fn plain_sum(
        &mut self,
        compiled: &Compiled,
        group: &CompiledGroup,
        facts: &FactValues,
    ) -> Option<Decimal> {
        let mut sum = Some(Decimal::ZERO);
        for child in &group.children {
            let score = match child {
                CompiledNode::Group(inner) => self.plain_sum(compiled, inner, facts),
                CompiledNode::Indicator(indicator) => self.indicator(compiled, indicator, facts),
            };
            sum = plus(sum, score);
        }
        sum
    }

    /// Scores the group's indicators into the buffers; its tally.
    fn group(&mut self, compiled: &Compiled, group: &CompiledGroup, facts: &FactValues) -> Tally {
        let counted = Counted::of(group, facts);
        if counted == Counted::Unknown {
            self.faults.push(unchosen(group));
        }
        let mut children = Tally::start(group);
        for (index, child) in group.children.iter().enumerate() {
            // Each arm joins its own tally, so that an indicator's constant
            // parts fold into the join instead of passing through memory.
            children = match child {
                CompiledNode::Indicator(_) if !counted.includes(index) => {
                    self.scores.push(None);
                    children.join(Tally::EMPTY, group)
                }
                CompiledNode::Group(inner) => {
                    let inner = self.group(compiled, inner, facts);
                    children.join(inner, group)
                }
                CompiledNode::Indicator(indicator)
                    if facts.not_applicable.contains_key(&indicator.name) =>
                {
                    self.scores.push(None);
                    children.join(Tally::indicator(None, indicator.weight, false), group)
                }
                CompiledNode::Indicator(indicator) => {
                    let score = self.indicator(compiled, indicator, facts);
                    children.join_score(score, group)
                }
            };
        }
        counted.tally(children).of_group(group, compiled.rounding)
    }

    /// Scores an indicator that applies into the buffers; its score.
    #[inline]
    fn indicator(
        &mut self,
        compiled: &Compiled,
        indicator: &CompiledIndicator,
        facts: &FactValues,
    ) -> Option<Decimal> {
        let run = self.machine.indicator(indicator, facts, &mut NoTrace);
        let rounding = indicator.rounding(compiled.rounding);
        let score = run
            .raw
            .ok()
            .and_then(|raw| clamped(raw, indicator, rounding));
        self.scores.push(score);
        // The fault's words are written only when there is one.
        if score.is_none() {
            let fault = match run.raw {
                Err(halt) => fault(compiled, indicator, facts, halt),
                Ok(_) => overflow(indicator),
            };
            self.faults.push(fault);
        }
        score
    }
}

/// The fault of a 二者择其一 group whose choosing fact the facts do not give.
fn unchosen(group: &CompiledGroup) -> Fault {
    let (fact, span) = match &group.choice {
        Some(CompiledChoice::ByFact { fact, span, .. }) => (fact.clone(), *span),
        _ => (String::new(), Span::default()),
    };
    Fault::MissingFact {
        indicator: group.name.clone(),
        fact,
        span: span.into(),
    }
}

struct Scorer<'a> {
    compiled: &'a Compiled,
    facts: &'a FactValues,
    faults: Vec<Fault>,
    path: Vec<String>,
    traces: Option<&'a mut Vec<Trace>>,
    machine: Machine,
}

impl Scorer<'_> {
    /// The group's scores and its tally.
    fn group(&mut self, group: &CompiledGroup) -> (GroupScore, Tally) {
        self.path.push(group.name.clone());
        let counted = Counted::of(group, self.facts);
        if counted == Counted::Unknown {
            self.faults.push(unchosen(group));
        }
        let mut tally = Tally::start(group);
        let mut children = Vec::with_capacity(group.children.len());
        for (index, child) in group.children.iter().enumerate() {
            let (node, child_tally) = match child {
                CompiledNode::Indicator(indicator) if !counted.includes(index) => (
                    NodeScore::Indicator(self.not_chosen(indicator)),
                    Tally::EMPTY,
                ),
                CompiledNode::Group(inner) => {
                    let (scored, inner_tally) = self.group(inner);
                    (NodeScore::Group(scored), inner_tally)
                }
                CompiledNode::Indicator(indicator) => {
                    let scored = self.indicator(indicator);
                    let applies = scored.not_applicable.is_none();
                    let child_tally = Tally::indicator(scored.score, indicator.weight, applies);
                    (NodeScore::Indicator(scored), child_tally)
                }
            };
            children.push(node);
            tally = tally.join(child_tally, group);
        }
        self.path.pop();
        let tally = counted.tally(tally);
        let reported = tally.of_group(group, self.compiled.rounding);
        let scored = GroupScore {
            level: group.level,
            name: group.name.clone(),
            weight: group.weight,
            score: match group.adjustment {
                Some(_) => reported.adjusted,
                None => reported.sum,
            },
            adjustment: group.adjustment,
            choice: group.choice.as_ref().map(|choice| match choice {
                CompiledChoice::Higher => "取较高者".to_string(),
                CompiledChoice::ByFact { fact, .. } => format!("按{fact}"),
            }),
            converted_from: group.converted_from,
            unconverted: group.converted_from.and(tally.sum),
            children,
        };
        (scored, reported)
    }

    fn indicator(&mut self, indicator: &CompiledIndicator) -> IndicatorScore {
        if let Some(reason) = self.facts.not_applicable.get(&indicator.name) {
            // Not scored: its rule may read facts the project does not have.
            if let Some(traces) = self.traces.as_deref_mut() {
                traces.push(Trace::default());
            }
            return self.not_applicable_row(indicator, Some(reason.clone()));
        }
        let Some(traces) = self.traces.as_deref_mut() else {
            let run = self.machine.indicator(indicator, self.facts, &mut NoTrace);
            return self.row(indicator, run);
        };
        let mut trace = Trace::default();
        let run = self.machine.indicator(indicator, self.facts, &mut trace);
        if let Ok(raw) = run.raw {
            trace.raw_score(raw);
        }
        traces.push(trace);
        self.row(indicator, run)
    }

    /// The row of a 二者择其一 indicator the choosing fact did not choose:
    /// not scored (its rule may read facts the project does not have).
    fn not_chosen(&mut self, indicator: &CompiledIndicator) -> IndicatorScore {
        if let Some(traces) = self.traces.as_deref_mut() {
            traces.push(Trace::default());
        }
        IndicatorScore {
            not_chosen: true,
            ..self.not_applicable_row(indicator, None)
        }
    }

    /// The annex table's row for an indicator that does not apply.
    fn not_applicable_row(
        &self,
        indicator: &CompiledIndicator,
        reason: Option<String>,
    ) -> IndicatorScore {
        IndicatorScore {
            path: self.path.clone(),
            name: indicator.name.clone(),
            weight: indicator.weight,
            target: indicator.target_text.clone(),
            actual: None,
            actual_value: None,
            target_value: None,
            score: None,
            discretion_reason: None,
            not_applicable: reason,
            not_chosen: false,
            fault: None,
        }
    }

    /// The annex table's row for an indicator's run.
    fn row(&mut self, indicator: &CompiledIndicator, run: Run) -> IndicatorScore {
        let compiled = self.compiled;
        let result = run
            .raw
            .map_err(|halt| fault(compiled, indicator, self.facts, halt))
            .and_then(|raw| finish(raw, indicator, indicator.rounding(compiled.rounding)));
        let discretion_reason = run
            .discretion_used
            .then(|| self.facts.discretion.get(&indicator.name))
            .flatten()
            .map(|d| d.reason.clone());
        let fault = result.as_ref().err().cloned();
        if let Some(fault) = &fault {
            self.faults.push(fault.clone());
        }
        let decimal = |value: &Computed| match value {
            Some(Ok(value)) => value.to_decimal(),
            _ => None,
        };
        let (actual, target) = (decimal(&run.actual), decimal(&run.target));
        let shown = |value: Option<Decimal>, ty: Option<&Ty>| {
            ty.zip(value)
                .map(|(ty, value)| ty.show_to(value, crate::lang::units::SHOWN_PLACES))
        };
        IndicatorScore {
            path: self.path.clone(),
            name: indicator.name.clone(),
            weight: indicator.weight,
            target: shown(target, indicator.types.target.as_ref())
                .or_else(|| indicator.target_text.clone()),
            actual: shown(actual, indicator.types.actual.as_ref()),
            actual_value: actual,
            target_value: target,
            score: result.ok(),
            discretion_reason,
            not_applicable: None,
            not_chosen: false,
            fault: fault.map(|fault| fault.to_string()),
        }
    }
}

/// Runs each 总分规则's test into `held`: whether its condition holds,
/// `None` where the test faulted (the fault is recorded, and the total is
/// then unknown). `held` is a buffer kept between projects.
fn card_tests(
    machine: &mut Machine,
    compiled: &Compiled,
    facts: &FactValues,
    faults: &mut Vec<Fault>,
    held: &mut Vec<Option<bool>>,
) {
    held.clear();
    for rule in &compiled.card_rules {
        held.push(
            match machine.indicator(&rule.test, facts, &mut NoTrace).raw {
                Ok(raw) => Some(!raw.is_zero()),
                Err(halt) => {
                    faults.push(fault(compiled, &rule.test, facts, halt));
                    None
                }
            },
        );
    }
}

/// Clamps a raw score to [0, weight] (扣完为止) and rounds it once, exactly;
/// a score a decimal cannot hold at the stated places (保留 28 位 of 10分)
/// is an overflow, not a digit silently dropped.
fn finish(raw: Exact, indicator: &CompiledIndicator, rounding: Rounding) -> Result<Decimal, Fault> {
    clamped(raw, indicator, rounding).ok_or_else(|| overflow(indicator))
}

/// [`finish`]'s score, `None` for its overflow.
#[inline]
fn clamped(raw: Exact, indicator: &CompiledIndicator, rounding: Rounding) -> Option<Decimal> {
    let weight = Exact::from_decimal(indicator.weight);
    let clamped = if raw.is_negative() {
        Exact::ZERO
    } else if raw > weight {
        weight
    } else {
        raw
    };
    let score = clamped.round(rounding.places, rounding.mode)?;
    match indicator.adjustment {
        // Under a 减分项 the score is the points taken off, negative.
        Some(Adjustment::Penalty) => {
            let taken_off = score.checked_sub(indicator.weight)?;
            Some(with_places(taken_off, rounding.places))
        }
        _ => Some(score),
    }
}
