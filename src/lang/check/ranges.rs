//! After an indicator type-checks, a range analysis runs over it. Each fact
//! takes the values its declaration allows (`满意度: % 在 0%..100%`); without
//! a declaration, money and counts (家, 个, 天 …) are never negative, yes/no
//! is 0 or 1, a tier is one of its levels, and percents, plain numbers and
//! dates may be anything (a growth rate can be negative, a completion rate
//! can pass 100%). Each expression takes the [`Interval`] its operands give,
//! and each clause of a 评分 block sees the values the clauses before it
//! leave. The analysis over-approximates, so it warns only on what it proves:
//!
//! - `never_full_marks`: the highest score any clause can give is below the
//!   weight (checklists are left to `checklist_points`);
//! - `never_zero`: the lowest score is above 0 *and* comes from a computed
//!   outcome (a formula, 按比例, a stepped deduction): a written 得3分 is the
//!   author's choice, a deduction that cannot use up the weight is a slip;
//! - `branch_never_taken`: a clause (or 要点) whose condition cannot hold
//!   there, or that comes after clauses that took every case;
//! - `score_out_of_range`: a formula whose result can leave [0, 权重] before
//!   clamping, or a written score outside it. An unbounded end proves
//!   nothing, so 得分 = 完成值 × 权重 over an undeclared rate is silent, and
//!   over a rate declared 0%..100% is within range.
//!
//! The same narrowing, with every number unbounded unless declared (a facts
//! file may not overstep a declaration, which facts::out_of_range refuses),
//! proves that conditions like `>= 95%` and `< 95%`, or printed bands ending
//! in `低于60%不得分`, cover every case, so such a rule needs no 否则.

use super::checker::{Checker, Known, Reasons, Scope};
use super::labels::{Label, Narrowed, Shown};
use super::program::FactId;
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::{Interval, Ty};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::rc::Rc;

/// A value that conditions can narrow: a fact, or the indicator's own values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Var {
    Fact(FactId),
    Actual,
    Target,
}

/// What is known of every value at one point of a rule.
#[derive(Debug, Clone, Default)]
pub(super) struct Env {
    /// What is known of each fact, by its index, before any clause narrows
    /// it; shared by every point of every rule, so an indicator costs only
    /// the facts it reads, not all the ruleset declares.
    pub(super) facts: Rc<[Known]>,
    /// What is known of 完成值, 标杆值 and each fact a clause has narrowed.
    pub(super) values: HashMap<Var, Known>,
    /// For each tier fact an arm has narrowed, the levels still possible.
    pub(super) tiers: HashMap<FactId, Vec<bool>>,
    /// No value is left: nothing after this point is reached.
    pub(super) dead: bool,
    /// Why nothing is left.
    pub(super) dead_because: Vec<(Span, Label)>,
}

/// The label on the clause after which no value is left.
pub(super) const NOTHING_LEFT: &str = "这条规则之后，已没有余下的情况";

/// The range analysis of one indicator.
pub(super) struct Ranges<'a> {
    pub(super) checker: &'a Checker,
    pub(super) scope: &'a Scope<'a>,
    /// Whether to use declared and natural ranges, or only the ranges a
    /// facts file cannot overstep (to prove what holds whatever it says).
    pub(super) trust_declarations: bool,
}

/// The clause a narrowing comes from, and whether that clause is taken
/// (its condition holds) or passed over. Labels say which by the clause,
/// not by the truth of a comparison inside it, which a 不 flips.
#[derive(Debug, Clone, Copy)]
pub(super) struct Narrowing {
    pub(super) clause: Span,
    pub(super) taken: bool,
}

impl Narrowing {
    /// Where `clause` applies.
    pub(super) fn taken(clause: Span) -> Narrowing {
        Narrowing {
            clause,
            taken: true,
        }
    }

    /// After `clause` has failed.
    pub(super) fn passed(clause: Span) -> Narrowing {
        Narrowing {
            clause,
            taken: false,
        }
    }
}

impl Ranges<'_> {
    /// The indicator's weight, its full marks.
    pub(super) fn weight(&self) -> Decimal {
        self.scope.indicator.weight
    }

    /// What is known before the first clause: each fact's range (numbers
    /// unbounded if declarations are not trusted), and 完成值 and 标杆值 from them.
    pub(super) fn env(&self) -> Env {
        let facts = if self.trust_declarations {
            &self.checker.declared_ranges
        } else {
            &self.checker.enforced_ranges
        };
        let mut env = Env {
            facts: Rc::clone(facts),
            ..Env::default()
        };
        let indicator = self.scope.indicator;
        if let Some(actual) = &indicator.actual {
            let known = self.derived(actual, &env);
            env.values.insert(Var::Actual, known);
        }
        if let Some(Target::Value(target)) = &indicator.target {
            let known = self.derived(target, &env);
            env.values.insert(Var::Target, known);
        }
        env
    }

    /// 完成值 or 标杆值: the values of its expression, for the same reasons.
    fn derived(&self, expr: &Expr<Parsed>, env: &Env) -> Known {
        let mut because = Vec::new();
        self.reasons(expr, env, &mut because);
        Known {
            values: self.value(expr, env),
            because: Reasons::from_labels(because),
        }
    }

    /// Collects, once each, why the values `expr` reads are what they are.
    fn reasons(&self, expr: &Expr<Parsed>, env: &Env, out: &mut Vec<(Span, Label)>) {
        match &expr.kind {
            ExprKind::Binary(_, left, right) => {
                self.reasons(left, env, out);
                self.reasons(right, env, out);
            }
            _ => {
                if let Some(known) = self.var(expr).and_then(|var| env.known(var)) {
                    for reason in known.because.to_vec() {
                        if !out.contains(&reason) {
                            out.push(reason);
                        }
                    }
                }
            }
        }
    }

    /// The value an expression names, if it is one a condition can narrow.
    /// 完成值 that is just a fact is that fact, so narrowing one narrows both.
    pub(super) fn var(&self, expr: &Expr<Parsed>) -> Option<Var> {
        let indicator = self.scope.indicator;
        let fact = |name: &Name| {
            self.checker
                .fact_ids
                .get(&name.text)
                .map(|id| Var::Fact(*id))
        };
        let alias = |value: Option<&Expr<Parsed>>, own: Var| match value.map(|expr| &expr.kind) {
            Some(ExprKind::Ref(name)) => fact(name).or(Some(own)),
            _ => Some(own),
        };
        let target = match &indicator.target {
            Some(Target::Value(value)) => Some(value),
            _ => None,
        };
        match &expr.kind {
            ExprKind::Actual => alias(indicator.actual.as_ref(), Var::Actual),
            ExprKind::Target => alias(target, Var::Target),
            ExprKind::Ref(name) => fact(name).or_else(|| {
                (name.text == indicator.name.text)
                    .then(|| alias(indicator.actual.as_ref(), Var::Actual))
                    .flatten()
            }),
            _ => None,
        }
    }

    /// What is known of `var` in `env`, if it is tracked.
    pub(super) fn known<'e>(&self, var: Var, env: &'e Env) -> Option<&'e Known> {
        env.known(var)
    }

    /// The values an expression can take in `env`.
    pub(super) fn value(&self, expr: &Expr<Parsed>, env: &Env) -> Interval {
        match &expr.kind {
            ExprKind::Quantity(number, unit) => unit
                .as_ref()
                .map_or(Some(*number), |unit| unit.to_runtime(*number))
                .map_or(Interval::UNBOUNDED, Interval::point),
            ExprKind::Date(date) => {
                Interval::point(Decimal::from(crate::lang::units::day_number(*date)))
            }
            ExprKind::Weight => Interval::point(self.weight()),
            ExprKind::Binary(op, left, right) => {
                let (left, right) = (self.value(left, env), self.value(right, env));
                match op {
                    BinOp::Add => left.add(&right),
                    BinOp::Sub => left.sub(&right),
                    BinOp::Mul => left.mul(&right),
                    BinOp::Div => left.div(&right),
                }
            }
            _ => self
                .var(expr)
                .and_then(|var| self.known(var, env))
                .map_or(Interval::UNBOUNDED, |known| known.values),
        }
    }

    /// Whether the condition may hold, and whether it may fail, in `env`.
    pub(super) fn possible(&self, condition: &Condition<Parsed>, env: &Env) -> (bool, bool) {
        if env.dead {
            return (false, false);
        }
        match condition {
            Condition::Compare(op, left, right, _) => {
                let (left, right) = (self.value(left, env), self.value(right, env));
                (
                    may_hold(*op, &left, &right),
                    may_hold(negate(*op), &left, &right),
                )
            }
            Condition::Tier(fact, label) => {
                let mut otherwise = env.clone();
                self.assume_tier(fact, label, false, &mut otherwise);
                (self.tier_possible(fact, label, env), !otherwise.dead)
            }
            Condition::Fact(name) => {
                let Some(known) = self
                    .checker
                    .fact_ids
                    .get(&name.text)
                    .and_then(|id| self.known(Var::Fact(*id), env))
                else {
                    return (true, true);
                };
                (
                    known.values.may_equal(&Interval::point(Decimal::ONE)),
                    known.values.may_equal(&Interval::point(Decimal::ZERO)),
                )
            }
            Condition::Not(inner) => {
                let (holds, fails) = self.possible(inner, env);
                (fails, holds)
            }
            Condition::All(members) => members.iter().fold((true, false), |(all, any), member| {
                let (holds, fails) = self.possible(member, env);
                (all && holds, any || fails)
            }),
            Condition::Any(members) => members.iter().fold((false, true), |(any, all), member| {
                let (holds, fails) = self.possible(member, env);
                (any || holds, all && fails)
            }),
        }
    }

    /// Narrows `env` to the values for which the condition is `truth`.
    pub(super) fn assume(
        &self,
        condition: &Condition<Parsed>,
        truth: bool,
        env: &mut Env,
        from: Narrowing,
    ) {
        let clause = from.clause;
        match condition {
            Condition::Compare(op, left, right, _) => {
                let op = if truth { *op } else { negate(*op) };
                let (left_values, right_values) = (self.value(left, env), self.value(right, env));
                for (side, op, other) in [(left, op, right_values), (right, flip(op), left_values)]
                {
                    let Some(var) = self.var(side) else {
                        continue;
                    };
                    if narrow(env, var, op, &other, clause) {
                        self.remember(env, var, side, from);
                    }
                }
            }
            Condition::Tier(fact, label) => self.assume_tier(fact, label, truth, env),
            Condition::Fact(name) => {
                if let Some(id) = self.checker.fact_ids.get(&name.text) {
                    let value = Interval::point(if truth { Decimal::ONE } else { Decimal::ZERO });
                    narrow(env, Var::Fact(*id), CmpOp::Eq, &value, clause);
                }
            }
            Condition::Not(inner) => self.assume(inner, !truth, env, from),
            Condition::All(members) if truth => {
                for member in members {
                    self.assume(member, true, env, from);
                }
            }
            Condition::Any(members) if !truth => {
                for member in members {
                    self.assume(member, false, env, from);
                }
            }
            Condition::All(members) | Condition::Any(members) => {
                self.assume_the_one_left(members, truth, env, from);
            }
        }
    }

    /// `不（80% <= x < 90%）` after `x >= 90%` has failed: of the members a
    /// false 且 (or a true 或) needs one to go its way, and where only one
    /// still can, it must. This is how a band's complement is used, so that
    /// `≥90%…；80%（含）-90%…；低于80%…` covers every value.
    fn assume_the_one_left(
        &self,
        members: &[Condition<Parsed>],
        truth: bool,
        env: &mut Env,
        from: Narrowing,
    ) {
        let mut open = members.iter().filter(|member| {
            let (holds, fails) = self.possible(member, env);
            if truth {
                holds
            } else {
                fails
            }
        });
        match (open.next(), open.next()) {
            (Some(only), None) => self.assume(only, truth, env, from),
            (None, _) if !env.dead => {
                env.dead = true;
                env.dead_because = vec![(from.clause, Label::from(NOTHING_LEFT))];
            }
            _ => {}
        }
    }

    /// Records that a clause narrowed `var` (written as `side`), for labels.
    fn remember(&self, env: &mut Env, var: Var, side: &Expr<Parsed>, from: Narrowing) {
        let Some(shown) = self.shown(var, env) else {
            return;
        };
        let label = Label::Narrowed(Rc::new(Narrowed {
            taken: from.taken,
            name: written(side),
            shown,
        }));
        if let Some(known) = env.known_mut(var) {
            known.because.push(from.clause, label);
        }
    }

    /// The tier fact, the level index of a tier arm and the fact's number
    /// of levels, if both resolve.
    fn tier(&self, fact: &Name, label: &Name) -> Option<(FactId, usize, usize)> {
        let id = *self.checker.fact_ids.get(&fact.text)?;
        let Ty::Tier(levels) = &self.checker.facts.get(id.0)?.ty else {
            return None;
        };
        let index = levels.iter().position(|level| level == &label.text)?;
        Some((id, index, levels.len()))
    }

    /// Whether the level an arm names may still be the fact's value in `env`.
    pub(super) fn tier_possible(&self, fact: &Name, label: &Name, env: &Env) -> bool {
        !env.dead
            && self.tier(fact, label).is_none_or(|(id, index, _)| {
                env.tiers
                    .get(&id)
                    .and_then(|levels| levels.get(index))
                    .copied()
                    .unwrap_or(true)
            })
    }

    /// Narrows `env` to the levels for which the arm is `truth`.
    pub(super) fn assume_tier(&self, fact: &Name, label: &Name, truth: bool, env: &mut Env) {
        let Some((id, index, count)) = self.tier(fact, label) else {
            return;
        };
        let levels = env.tiers.entry(id).or_insert_with(|| vec![true; count]);
        for (level, possible) in levels.iter_mut().enumerate() {
            if (level == index) != truth {
                *possible = false;
            }
        }
        if levels.iter().all(|possible| !possible) {
            env.dead = true;
        }
    }

    /// How a value reads at this point, under the name it is written by:
    /// `0% ≤ 完成值 < 90%`.
    pub(super) fn describe(&self, var: Var, name: &str, env: &Env) -> Option<String> {
        Some(self.shown(var, env)?.describe(name))
    }

    /// What is left of a value at this point, to write out.
    fn shown(&self, var: Var, env: &Env) -> Option<Shown> {
        let known = self.known(var, env)?;
        let ty = match var {
            Var::Fact(id) => self.checker.facts.get(id.0)?.ty.clone(),
            Var::Actual => self.scope.actual.ty()?,
            Var::Target => self.scope.target.ty()?,
        };
        Some(match (var, ty) {
            // A 档次 is narrowed level by level, not as an interval.
            (Var::Fact(id), Ty::Tier(levels)) => Shown::Levels(levels, env.tiers.get(&id).cloned()),
            (_, ty) => Shown::Interval(ty, known.values),
        })
    }

    /// The name a fact is declared by.
    pub(super) fn fact_name(&self, var: Var) -> String {
        match var {
            Var::Fact(id) => self
                .checker
                .facts
                .get(id.0)
                .map_or_else(String::new, |fact| fact.name.clone()),
            Var::Actual => "完成值".to_string(),
            Var::Target => "标杆值".to_string(),
        }
    }
}

impl Env {
    /// What is known of `var` here, if it is tracked.
    fn known(&self, var: Var) -> Option<&Known> {
        match var {
            Var::Fact(id) if !self.values.contains_key(&var) => self.facts.get(id.0),
            _ => self.values.get(&var),
        }
    }

    /// What is known of `var` here, to narrow it: a fact's shared range is
    /// copied in the first time a clause narrows it.
    fn known_mut(&mut self, var: Var) -> Option<&mut Known> {
        if let Var::Fact(id) = var {
            if !self.values.contains_key(&var) {
                let known = self.facts.get(id.0)?.clone();
                self.values.insert(var, known);
            }
        }
        self.values.get_mut(&var)
    }
}

impl Checker {
    /// What is known of each fact before any clause, once for the whole
    /// ruleset: its range (numbers unbounded unless `trust_declarations` or
    /// declared, yes/no and tiers always bounded) and, if trusted, why.
    pub(super) fn fact_ranges(&self, trust_declarations: bool) -> Rc<[Known]> {
        self.facts
            .iter()
            .zip(&self.ranges)
            .map(|(fact, range)| {
                let trusted = trust_declarations
                    || range.declared.is_some()
                    || matches!(fact.ty, Ty::Bool | Ty::Tier(_));
                let values = if trusted {
                    range.values
                } else {
                    Interval::UNBOUNDED
                };
                let because = match range.declared {
                    Some(span) if trust_declarations => {
                        vec![(span, Label::from(format!("「{}」声明的范围", fact.name)))]
                    }
                    _ => Vec::new(),
                };
                Known {
                    values,
                    because: Reasons::from_labels(because),
                }
            })
            .collect()
    }

    /// Whether the clauses' conditions leave no value of any fact uncovered:
    /// each clause's complement narrows what the next sees, and every number
    /// without a declared range is taken as unbounded (a facts file may not
    /// overstep a declared range, but may give a negative sum of money).
    /// Where conditions test a 档次 fact (`中部≥40%,西部≥30%`), each level
    /// is tried on its own, since a false `地区 为 中部 且 …` narrows nothing
    /// until the level is known.
    pub(super) fn conditions_cover_all(&self, clauses: &[Clause<Parsed>], scope: &Scope) -> bool {
        let ranges = Ranges {
            checker: self,
            scope,
            trust_declarations: false,
        };
        if ranges.covered_from(ranges.env(), clauses) {
            return true;
        }
        let Some(fact) = clauses.iter().find_map(|clause| match &clause.guard {
            Guard::When(condition) => first_tier_test(condition),
            _ => None,
        }) else {
            return false;
        };
        let Some(Ty::Tier(levels)) = self.fact_ids.get(&fact.text).map(|id| &self.facts[id.0].ty)
        else {
            return false;
        };
        levels.iter().all(|level| {
            let mut env = ranges.env();
            let label = Name {
                text: level.clone(),
                span: fact.span,
            };
            ranges.assume_tier(fact, &label, true, &mut env);
            ranges.covered_from(env, clauses)
        })
    }
}

/// The fact of the first tier test inside a condition.
fn first_tier_test(condition: &Condition<Parsed>) -> Option<&Name> {
    match condition {
        Condition::Tier(fact, _) => Some(fact),
        Condition::Not(inner) => first_tier_test(inner),
        Condition::All(members) | Condition::Any(members) => {
            members.iter().find_map(first_tier_test)
        }
        Condition::Compare(..) | Condition::Fact(_) => None,
    }
}

impl Ranges<'_> {
    /// Whether the clauses, each failing in turn from `env`, leave nothing.
    fn covered_from(&self, mut env: Env, clauses: &[Clause<Parsed>]) -> bool {
        for clause in clauses {
            match &clause.guard {
                Guard::When(condition) => {
                    self.assume(condition, false, &mut env, Narrowing::passed(clause.span))
                }
                // Only the clauses tried in order are passed here.
                Guard::Further(_) => {}
                Guard::Tier(fact, label) => self.assume_tier(fact, label, false, &mut env),
                Guard::Always => return true,
            }
        }
        env.dead
    }
}

/// Narrows `var` to the values `op` `other` allows (`clause` is why);
/// returns whether anything changed.
fn narrow(env: &mut Env, var: Var, op: CmpOp, other: &Interval, clause: Span) -> bool {
    let was_dead = env.dead;
    let Some(known) = env.known_mut(var) else {
        return false;
    };
    let before = known.values;
    let values = &mut known.values;
    match op {
        CmpOp::Ge | CmpOp::Gt | CmpOp::Eq => {
            if let Some(lo) = other.lo {
                values.raise_lo(lo, other.lo_open || op == CmpOp::Gt);
            }
        }
        _ => {}
    }
    match op {
        CmpOp::Le | CmpOp::Lt | CmpOp::Eq => {
            if let Some(hi) = other.hi {
                values.lower_hi(hi, other.hi_open || op == CmpOp::Lt);
            }
        }
        _ => {}
    }
    if op == CmpOp::Ne {
        if let Some(value) = other.single() {
            if values.lo == Some(value) {
                values.lo_open = true;
            }
            if values.hi == Some(value) {
                values.hi_open = true;
            }
        }
    }
    let changed = known.values != before;
    if known.values.is_empty() && !was_dead {
        env.dead_because = known.because.to_vec();
        env.dead = true;
        env.dead_because.retain(|(span, _)| *span != clause);
        env.dead_because.push((clause, Label::from(NOTHING_LEFT)));
    }
    changed
}

/// How a value is written in a rule: 完成值, 标杆值 or the fact's name.
pub(super) fn written(expr: &Expr<Parsed>) -> String {
    match &expr.kind {
        ExprKind::Actual => "完成值".to_string(),
        ExprKind::Target => "标杆值".to_string(),
        ExprKind::Ref(name) => name.text.clone(),
        _ => String::new(),
    }
}

/// Whether `left op right` may hold for some values of the two.
fn may_hold(op: CmpOp, left: &Interval, right: &Interval) -> bool {
    if left.is_empty() || right.is_empty() {
        return false;
    }
    match op {
        CmpOp::Ge => left.may_exceed(right, false),
        CmpOp::Gt => left.may_exceed(right, true),
        CmpOp::Le => right.may_exceed(left, false),
        CmpOp::Lt => right.may_exceed(left, true),
        CmpOp::Eq => left.may_equal(right),
        CmpOp::Ne => !(left.single().is_some() && left.single() == right.single()),
    }
}

/// The operator for "not (a op b)".
fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
    }
}

/// The operator for "b op' a" given "a op b".
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Lt => CmpOp::Gt,
        other => other,
    }
}
