//! check::zero_denominator: a division whose divisor the facts' declared
//! ranges allow to be 0, where the rule does not say what a 0 scores
//! (`分母 = 0 的，得满分` written before it). Scoring such a project would
//! fault with eval::division_by_zero.

use super::errors::CheckError;
use super::ranges::{Env, Ranges};
use crate::lang::ast::*;
use rust_decimal::Decimal;

impl Ranges<'_> {
    /// The divisions of 完成值 and 标杆值 (computed where the first clause
    /// reads them, so only the first clause can guard them) and of each
    /// 得分 formula reached (in the values it is reached with).
    pub(super) fn zero_divisors<'c>(
        &self,
        clauses: &'c [Clause<Parsed>],
        formulas: impl Iterator<Item = (&'c Clause<Parsed>, &'c Expr<Parsed>, &'c Env)>,
    ) -> Vec<CheckError> {
        let indicator = self.scope.indicator;
        let mut findings = Vec::new();
        let start = self.env();
        let first = clauses
            .first()
            .map(std::slice::from_ref)
            .unwrap_or_default();
        let target = match &indicator.target {
            Some(Target::Value(target)) => Some(target),
            _ => None,
        };
        for value in indicator.actual.iter().chain(target) {
            self.unguarded(value, &start, first, &mut findings);
        }
        for (clause, formula, env) in formulas {
            let before = clauses
                .iter()
                .position(|other| std::ptr::eq(other, clause))
                .map_or(clauses, |at| &clauses[..at]);
            self.unguarded(formula, env, before, &mut findings);
        }
        findings
    }

    /// Reports each division in `expr` whose divisor may be 0 in `env`, by
    /// declared ranges, and that no condition of `guards` compares.
    fn unguarded(
        &self,
        expr: &Expr<Parsed>,
        env: &Env,
        guards: &[Clause<Parsed>],
        findings: &mut Vec<CheckError>,
    ) {
        let ExprKind::Binary(op, left, right) = &expr.kind else {
            return;
        };
        self.unguarded(left, env, guards, findings);
        self.unguarded(right, env, guards, findings);
        let may_be_zero = *op == BinOp::Div
            && self.declared(right)
            && self.value(right, env).contains(Decimal::ZERO);
        if may_be_zero && !guards.iter().any(|clause| mentions(&clause.guard, right)) {
            findings.push(CheckError::ZeroDenominator {
                indicator: self.scope.indicator.name.text.clone(),
                span: right.span.into(),
            });
        }
    }

    /// Whether every fact the expression reads declares its range, so that
    /// a 0 in its values comes from the declarations, not from knowing nothing.
    fn declared(&self, expr: &Expr<Parsed>) -> bool {
        let indicator = self.scope.indicator;
        match &expr.kind {
            ExprKind::Quantity(..) | ExprKind::Date(_) | ExprKind::Weight => true,
            ExprKind::Binary(_, left, right) => self.declared(left) && self.declared(right),
            ExprKind::Actual => indicator.actual.as_ref().is_some_and(|a| self.declared(a)),
            ExprKind::Target => match &indicator.target {
                Some(Target::Value(target)) => self.declared(target),
                _ => false,
            },
            ExprKind::Ref(name) => match self.checker.fact_ids.get(&name.text) {
                Some(id) => self.checker.facts[id.0].range.is_some(),
                None => false,
            },
        }
    }
}

/// Whether a clause's condition compares `divisor` (written the same way)
/// with something: the rule then says what happens at 0.
fn mentions(guard: &Guard<Parsed>, divisor: &Expr<Parsed>) -> bool {
    fn in_condition(condition: &Condition<Parsed>, divisor: &Expr<Parsed>) -> bool {
        match condition {
            Condition::Compare(_, left, right, _) => same(left, divisor) || same(right, divisor),
            Condition::Fact(_) | Condition::Tier(..) => false,
            Condition::Not(inner) => in_condition(inner, divisor),
            Condition::All(members) | Condition::Any(members) => {
                members.iter().any(|member| in_condition(member, divisor))
            }
        }
    }
    match guard {
        Guard::When(condition) => in_condition(condition, divisor),
        _ => false,
    }
}

/// Whether two expressions are written alike, wherever they stand.
fn same(a: &Expr<Parsed>, b: &Expr<Parsed>) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Quantity(x, u), ExprKind::Quantity(y, v)) => x == y && u == v,
        (ExprKind::Date(x), ExprKind::Date(y)) => x == y,
        (ExprKind::Ref(x), ExprKind::Ref(y)) => x.text == y.text,
        (ExprKind::Actual, ExprKind::Actual)
        | (ExprKind::Target, ExprKind::Target)
        | (ExprKind::Weight, ExprKind::Weight) => true,
        (ExprKind::Binary(o, l, r), ExprKind::Binary(p, m, s)) => {
            o == p && same(l, m) && same(r, s)
        }
        _ => false,
    }
}
