//! The facts a ruleset declares: their slots, types and ranges.

use super::checker::{Checker, FactRange};
use super::errors::CheckError;
use super::program::{Fact, FactId};
use crate::lang::ast::*;
use crate::lang::units::{Interval, Ty, Unit};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::rc::Rc;

impl Checker {
    /// Declares the ruleset's own facts, then its libraries' (a library fact
    /// the ruleset declares again is a duplicate name).
    pub(super) fn new(own: &[FactDecl], from_libraries: &[FactDecl]) -> Self {
        let mut checker = Checker {
            own_facts: own.len(),
            facts: Vec::new(),
            fact_ids: HashMap::new(),
            ranges: Vec::new(),
            declared_ranges: Rc::from([]),
            enforced_ranges: Rc::from([]),
            used: Vec::new(),
            indicator_names: HashMap::new(),
            all_indicators: HashMap::new(),
            in_adjustment: false,
            value_types: Vec::new(),
            errors: Vec::new(),
        };
        for declaration in own.iter().chain(from_libraries) {
            if let Some(first) = checker.fact_ids.get(&declaration.name.text) {
                let first = checker.facts[first.0].span;
                checker.errors.push(CheckError::DuplicateName {
                    what: "事实",
                    name: declaration.name.text.clone(),
                    span: declaration.name.span.into(),
                    first: first.into(),
                });
                continue;
            }
            let id = FactId(checker.facts.len());
            let ty = fact_type(&declaration.kind);
            checker.tier_labels(&declaration.kind);
            let range = checker.fact_range(declaration, &ty);
            checker.fact_ids.insert(declaration.name.text.clone(), id);
            checker.facts.push(Fact {
                name: declaration.name.text.clone(),
                ty,
                span: declaration.name.span,
                range: range.declared.map(|_| range.values),
                used: false,
            });
            checker.ranges.push(range);
            checker.used.push(false);
        }
        checker.declared_ranges = checker.fact_ranges(true);
        checker.enforced_ranges = checker.fact_ranges(false);
        checker
    }

    /// A fact's values: its declared range, checked, or what its type allows.
    fn fact_range(&mut self, declaration: &FactDecl, ty: &Ty) -> FactRange {
        let natural = natural_range(ty);
        let Some(range) = &declaration.range else {
            return natural;
        };
        let fact = declaration.name.text.clone();
        if matches!(ty, Ty::Bool | Ty::Tier(_)) {
            self.errors.push(CheckError::BadRange {
                fact,
                problem: format!("{ty}类事实没有数值范围"),
                span: range.span.into(),
                help: "删去「在 …」；范围只用于数量、金额、百分比、数值和日期".into(),
            });
            return natural;
        }
        let low = self.range_bound(declaration, ty, &range.low);
        let high = range
            .high
            .as_ref()
            .map(|high| self.range_bound(declaration, ty, high));
        let (low, high) = match (low, high) {
            (Some(low), None) => {
                return FactRange {
                    values: Interval::at_least(low),
                    declared: Some(range.span),
                }
            }
            (Some(low), Some(Some(high))) => (low, high),
            _ => return natural,
        };
        if low > high {
            self.errors.push(CheckError::BadRange {
                fact,
                problem: format!("下限 {} 大于上限 {}", ty.show(low), ty.show(high)),
                span: range.span.into(),
                help: format!(
                    "先写下限，再写上限，例如「在 {}..{}」",
                    ty.show(high),
                    ty.show(low)
                ),
            });
            return natural;
        }
        FactRange {
            values: Interval::closed(low, high),
            declared: Some(range.span),
        }
    }

    /// One end of a declared range in run-time units; `None` (reported) if it
    /// is written in another unit or as 个百分点.
    fn range_bound(
        &mut self,
        declaration: &FactDecl,
        ty: &Ty,
        expr: &Expr<Parsed>,
    ) -> Option<Decimal> {
        let unit = match &declaration.kind {
            FactKind::Quantity(unit) => Some(unit),
            _ => None,
        };
        let (value, written) = match &expr.kind {
            ExprKind::Quantity(number, written) => {
                let in_unit = written.as_ref().or(unit);
                let value = in_unit.map_or(Some(*number), |unit| unit.to_runtime(*number));
                (value, written.as_ref().map_or(ty.clone(), Unit::ty))
            }
            ExprKind::Date(date) => (
                Some(Decimal::from(crate::lang::units::day_number(*date))),
                Ty::Date,
            ),
            _ => (None, Ty::Plain),
        };
        if let ExprKind::Quantity(number, Some(Unit::PercentagePoint)) = &expr.kind {
            self.errors.push(CheckError::PercentagePointAsPercent {
                text: format!("{}个百分点", number.normalize()),
                span: expr.span.into(),
                percent: None,
                help: format!("事实的范围是百分比本身，写作「{}%」", number.normalize()),
            });
            return None;
        }
        let fits = written.same_dimension(ty) || (written == Ty::Date && *ty == Ty::Date);
        if !fits {
            self.errors.push(CheckError::UnitMismatch {
                help: format!(
                    "范围的单位要与事实声明的单位相同：「{}」是{ty}，范围写成同一类单位，\
                     或只写数（按声明的单位计）",
                    declaration.name.text
                ),
                left: ty.clone(),
                right: written,
                operation: "混用",
                left_span: declaration.name.span.into(),
                right_span: expr.span.into(),
            });
            return None;
        }
        value
    }
}

/// The type a fact's declaration gives it.
fn fact_type(kind: &FactKind) -> Ty {
    match kind {
        FactKind::Quantity(unit) => unit.ty(),
        FactKind::Number => Ty::Ratio { percent: false },
        FactKind::Bool => Ty::Bool,
        FactKind::Date => Ty::Date,
        FactKind::Tier(levels) => Ty::Tier(levels.iter().map(|level| level.text.clone()).collect()),
    }
}

/// What a fact's type allows when no range is declared: money and counts are
/// never negative; yes/no is 0 or 1; a tier is one of its levels; percents,
/// plain numbers and dates may be anything (a growth rate can be negative).
fn natural_range(ty: &Ty) -> FactRange {
    let values = match ty {
        Ty::Measure(_) => Interval::at_least(Decimal::ZERO),
        Ty::Bool => Interval::closed(Decimal::ZERO, Decimal::ONE),
        Ty::Tier(levels) => {
            Interval::closed(Decimal::ZERO, Decimal::from(levels.len().saturating_sub(1)))
        }
        Ty::Plain | Ty::Ratio { .. } | Ty::Points | Ty::Date => Interval::UNBOUNDED,
    };
    FactRange {
        values,
        declared: None,
    }
}
