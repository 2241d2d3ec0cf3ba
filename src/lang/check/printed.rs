//! Reading rules as printed: the readings that need the declared names, made
//! on the linked ruleset before it is checked, so that every later stage
//! (types, ranges, compilation, explanations) sees one plain tree.
//!
//! - A condition printed without spaces — glued to its negation
//!   (`不发生生产安全事故`), joined by 且/或, or a comparison word between two
//!   values — is read with the declared names ([`super::glued`]). Where it
//!   reads more than one way, `check::ambiguous_reading` shows every reading.
//! - A tier rule without spaces, `综合治理效果为明显得满分；一般得权重分60%；没有得0分`,
//!   parses as conditions named `综合治理效果为明显`, `一般`, `没有`; when the first
//!   is a declared 档次 fact, 为 (or 是) and one of its levels, it and the
//!   bare levels that follow it are that fact's tier arms.
//! - A capped deduction, `每少1家扣0.5分，扣满3分为止`, gets a clause of its own
//!   just before it: where the deduction would take the cap or more, the score
//!   is 权重 − cap. The clause's condition is the shortfall that reaches the
//!   cap in whole steps as the rule counts them (see [`cap_clause`]).
//!
//! A declared name always wins over a split reading, so a fact really called
//! `不与同类项目重复` keeps its meaning.

use super::errors::CheckError;
use super::glued::{sub_name, without_de, Reader, Reading};
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Unit;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The declared names the readings need.
struct Declared {
    /// Every declared fact, own and imported.
    facts: HashMap<String, FactKind>,
}

/// The ruleset with its printed readings made, and the runs that read more
/// than one way.
pub(super) fn read_as_printed(mut ruleset: Ruleset<Parsed>) -> (Ruleset<Parsed>, Vec<CheckError>) {
    let declared = Declared {
        facts: ruleset
            .facts
            .iter()
            .chain(&ruleset.library_facts)
            .map(|fact| (fact.name.text.clone(), fact.kind.clone()))
            .collect(),
    };
    let mut errors = Vec::new();
    for group in &mut ruleset.groups {
        declared.group(group, &mut errors);
    }
    for rule in &mut ruleset.card_rules {
        declared.indicator(&mut rule.test, &mut errors);
    }
    (ruleset, errors)
}

impl Declared {
    fn group(&self, group: &mut Group<Parsed>, errors: &mut Vec<CheckError>) {
        for child in &mut group.children {
            match child {
                Node::Group(inner) => self.group(inner, errors),
                Node::Indicator(indicator) => self.indicator(indicator, errors),
            }
        }
    }

    fn indicator(&self, indicator: &mut Indicator<Parsed>, errors: &mut Vec<CheckError>) {
        let has_target = matches!(indicator.target, Some(Target::Value(_)));
        let reader = Reader {
            facts: &self.facts,
            own: &indicator.name.text,
        };
        match &mut indicator.rule {
            Rule::Checklist(checklist) => {
                for item in &mut checklist.items {
                    read_condition(&reader, &mut item.condition, errors);
                }
                if let Some(Gate {
                    condition: GateCondition::Condition(condition),
                    ..
                }) = &mut checklist.gate
                {
                    read_condition(&reader, condition, errors);
                }
            }
            Rule::Clauses(clauses) => {
                glued_tiers(&reader, clauses);
                for clause in clauses.iter_mut() {
                    if let Guard::When(condition) = &mut clause.guard {
                        read_condition(&reader, condition, errors);
                    }
                }
                *clauses = std::mem::take(clauses)
                    .into_iter()
                    .flat_map(|clause| with_cap(clause, has_target))
                    .collect();
                further_deductions(&reader, clauses);
            }
            Rule::Missing => {}
        }
    }
}

/// Clauses `X为A …；B …；C …` whose conditions are a glued tier arm and
/// then bare levels of the same fact become that fact's tier arms.
fn glued_tiers(reader: &Reader, clauses: &mut [Clause<Parsed>]) {
    let mut current: Option<Name> = None;
    for clause in clauses {
        let Guard::When(Condition::Fact(name)) = &clause.guard else {
            current = None;
            continue;
        };
        if let Some((fact, level)) = reader.tier(name) {
            clause.guard = Guard::Tier(fact.clone(), level);
            current = Some(fact);
            continue;
        }
        let level = without_de(&name.text);
        let level_of_current = current.as_ref().is_some_and(|fact| {
            !reader.facts.contains_key(&name.text)
                && reader
                    .levels(&fact.text)
                    .is_some_and(|levels| levels.iter().any(|declared| declared.text == level))
        });
        match (&current, level_of_current) {
            (Some(fact), true) => {
                let label = sub_name(name, 0, level.len());
                clause.guard = Guard::Tier(fact.clone(), label);
            }
            _ => current = None,
        }
    }
}

/// `…基本相符的得6分，调整较大的扣10分。存在支出不符合专项资金管理办法的，酌情扣分。`:
/// conditional 酌情 clauses after clauses that already take every case (a
/// fallback, or tier arms naming every level) could never apply in order;
/// as printed they deduct further from the score before them.
fn further_deductions(reader: &Reader, clauses: &mut [Clause<Parsed>]) {
    let run = clauses
        .iter()
        .rev()
        .take_while(|clause| {
            matches!(clause.guard, Guard::When(_)) && matches!(clause.outcome, Outcome::Discretion)
        })
        .count();
    let at = clauses.len() - run;
    if run == 0 || !takes_every_case(reader, &clauses[..at]) {
        return;
    }
    for clause in &mut clauses[at..] {
        if let Guard::When(condition) = std::mem::replace(&mut clause.guard, Guard::Always) {
            clause.guard = Guard::Further(condition);
        }
    }
}

/// Whether the clauses end in a fallback or are tier arms naming every
/// level of one fact.
fn takes_every_case(reader: &Reader, clauses: &[Clause<Parsed>]) -> bool {
    if clauses
        .iter()
        .any(|clause| matches!(clause.guard, Guard::Always))
    {
        return true;
    }
    tier_arms_name_every_level(clauses, |fact| {
        let levels = reader.levels(fact)?;
        Some(levels.iter().map(|level| level.text.clone()).collect())
    })
}

/// Reads every run inside a condition; a run with several readings is
/// reported with all of them.
fn read_condition(
    reader: &Reader,
    condition: &mut Condition<Parsed>,
    errors: &mut Vec<CheckError>,
) {
    match condition {
        Condition::Fact(name) => {
            let readings = reader.readings(name);
            let name = name.clone();
            take_readings(condition, &name, readings, errors);
        }
        Condition::Compare(op, left, right, span) => {
            let ExprKind::Ref(subject) = &left.kind else {
                return;
            };
            let (op, right, span) = (*op, right.clone(), *span);
            let subject = subject.clone();
            // The comparison's own text runs from the value to the end.
            let compare = |value: Expr<Parsed>| {
                let own = Span::new(value.span.start, span.end);
                Condition::Compare(op, value, right.clone(), own)
            };
            let mut readings = reader.glued_subject(&subject, &compare, op.symbol());
            readings.extend(reader.excess(&subject, op, &right, span));
            take_readings(condition, &subject, readings, errors);
        }
        Condition::Not(inner) => read_condition(reader, inner, errors),
        Condition::All(members) | Condition::Any(members) => {
            for member in members {
                read_condition(reader, member, errors);
            }
        }
        Condition::Tier(..) => {}
    }
}

/// Puts a run's readings in place of the condition that holds it: one
/// reading as it is, several as all of them, reported as ambiguous.
fn take_readings(
    condition: &mut Condition<Parsed>,
    run: &Name,
    readings: Vec<Reading>,
    errors: &mut Vec<CheckError>,
) {
    if readings.len() > 1 {
        let spaced: Vec<String> = readings
            .iter()
            .map(|reading| format!("「{}」", reading.spaced))
            .collect();
        errors.push(CheckError::AmbiguousReading {
            text: run.text.clone(),
            span: run.span.into(),
            readings: spaced.join("、"),
        });
    }
    // Reported, an ambiguous run stands for all its readings, so that no
    // fact it may mean is also reported unused.
    if let Some(any) = any_of(
        readings
            .into_iter()
            .map(|reading| reading.condition)
            .collect(),
    ) {
        *condition = any;
    }
}

/// The condition that holds where any of `conditions` does: none for none,
/// the one itself for one.
fn any_of(mut conditions: Vec<Condition<Parsed>>) -> Option<Condition<Parsed>> {
    match conditions.len() {
        0 => None,
        1 => conditions.pop(),
        _ => Some(Condition::Any(conditions)),
    }
}

/// A clause, preceded by its cap's clause if it is a capped deduction.
fn with_cap(clause: Clause<Parsed>, has_target: bool) -> Vec<Clause<Parsed>> {
    let cap = match &clause.outcome {
        Outcome::Deduction(deduction) => {
            cap_clause(deduction, &clause.guard, has_target).map(|cap| Clause {
                scope: clause.scope.clone(),
                ..cap
            })
        }
        _ => None,
    };
    cap.into_iter().chain([clause]).collect()
}

/// The clause that stops a deduction at its cap C, for p points per step:
/// the score is 权重 − C once the deduction would reach C, that is when the
/// whole steps counted reach n = ⌈C ÷ p⌉. Rounded up (不足…按…扣分) they do
/// when the shortfall is more than (n − 1) steps; rounded down (不足…不扣分)
/// when it is at least n steps; counted exactly, when it is at least C ÷ p
/// steps. The shortfall is 标杆值 − 完成值 below the target, 完成值 − 标杆值
/// above it or late, and 完成值 itself for days late with no 标杆值.
fn cap_clause(
    deduction: &Deduction,
    guard: &Guard<Parsed>,
    has_target: bool,
) -> Option<Clause<Parsed>> {
    let (cap, span) = deduction.cap?;
    let steps = cap.checked_div(deduction.points)?;
    let (op, steps) = match deduction.partial {
        PartialStep::Exact => (CmpOp::Ge, steps),
        PartialStep::RoundUp => (CmpOp::Gt, steps.ceil() - Decimal::ONE),
        PartialStep::RoundDown => (CmpOp::Ge, steps.ceil()),
    };
    let written_step = match &deduction.step_unit {
        Some(unit) => unit.from_runtime(deduction.step)?,
        None => deduction.step,
    };
    let at = |kind| Expr { kind, span };
    let boxed = |kind| Box::new(at(kind));
    let difference = |from, less| at(ExprKind::Binary(BinOp::Sub, boxed(from), boxed(less)));
    let below = || difference(ExprKind::Target, ExprKind::Actual);
    let above = || difference(ExprKind::Actual, ExprKind::Target);
    // 相差 counts the gap either way: the cap is reached on either side.
    let shortfalls = match (deduction.direction, has_target) {
        (Direction::Below, _) => vec![below()],
        (Direction::Late, false) => vec![at(ExprKind::Actual)],
        (Direction::Above | Direction::Late, _) => vec![above()],
        (Direction::Either, _) => vec![above(), below()],
    };
    let threshold = at(ExprKind::Quantity(
        steps.checked_mul(written_step)?,
        deduction.step_unit.clone(),
    ));
    let reached = any_of(
        shortfalls
            .into_iter()
            .map(|shortfall| Condition::Compare(op, shortfall, threshold.clone(), span))
            .collect(),
    )?;
    let condition = match guard {
        Guard::When(condition) => Condition::All(vec![condition.clone(), reached]),
        _ => reached,
    };
    Some(Clause {
        guard: Guard::When(condition),
        outcome: Outcome::Formula(at(ExprKind::Binary(
            BinOp::Sub,
            boxed(ExprKind::Weight),
            boxed(ExprKind::Quantity(cap, Some(Unit::Points))),
        ))),
        scope: None,
        span,
    })
}
