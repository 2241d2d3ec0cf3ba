//! Stepped deductions (每降低1个百分点扣0.1分): the values they need, the
//! unit of their step, and how a part step counts.

use super::checker::{actual_span, Checker, Scope};
use super::errors::CheckError;
use crate::lang::ast::*;
use crate::lang::span::Span;
use crate::lang::units::Ty;
use rust_decimal::Decimal;

impl Checker {
    /// A stepped deduction needs a 完成值, a 标杆值 (except days late), and a
    /// step in the 完成值's unit; where the value can fall between steps, the
    /// text must say how a part step counts.
    pub(super) fn deduction(&mut self, deduction: &Deduction, span: Span, scope: &Scope) {
        self.deduction_subject(deduction, scope);
        let Some(actual) = self.require_actual(scope, span) else {
            return;
        };
        let days_late = deduction.direction == Direction::Late && actual.is_days();
        if !days_late {
            self.require_target(scope, span);
        }
        let step_ty = match &deduction.step_unit {
            Some(unit) => unit.ty(),
            None => Ty::Plain,
        };
        let expected_step = match &actual {
            Ty::Date => Ty::days(),
            other => other.clone(),
        };
        let errors_before = self.errors.len();
        self.same_dimension(
            &expected_step,
            &step_ty,
            actual_span(scope.indicator),
            deduction.step_span,
            "混用",
        );
        if self.errors.len() == errors_before && deduction.partial == PartialStep::Exact {
            self.step_rounding(deduction, &expected_step);
        }
    }

    /// Reports a written subject (`预算执行率每降低…`) that is not the
    /// indicator: its own name, 完成值, or the fact its 完成值 is.
    fn deduction_subject(&mut self, deduction: &Deduction, scope: &Scope) {
        let Some(subject) = &deduction.subject else {
            return;
        };
        let indicator = &scope.indicator.name.text;
        let actual_fact = match scope.indicator.actual.as_ref().map(|actual| &actual.kind) {
            Some(ExprKind::Ref(fact)) => Some(fact.text.as_str()),
            _ => None,
        };
        if subject.text == "完成值"
            || subject.text == *indicator
            || actual_fact == Some(&subject.text)
            || (deduction.direction == Direction::Either && names_both_sides(&subject.text))
        {
            return;
        }
        self.errors.push(CheckError::DeductionSubject {
            subject: subject.text.clone(),
            indicator: indicator.clone(),
            span: subject.span.into(),
            help: format!(
                "写「{indicator}每…」或「完成值每…」；要按「{}」扣分，把它写成本指标的完成值",
                subject.text
            ),
        });
    }

    /// Warns where a stepped deduction with no stated rounding meets a value
    /// that can fall between steps: a percent, money or plain number always
    /// can; a count of whole things only when the step does not divide 1.
    fn step_rounding(&mut self, deduction: &Deduction, actual: &Ty) {
        let whole_things = actual.counts_whole_things() || actual.is_days() || *actual == Ty::Date;
        let divides_one = Decimal::ONE
            .checked_div(deduction.step)
            .is_some_and(|steps| steps.fract().is_zero());
        if whole_things && divides_one {
            return;
        }
        let step = step_words(deduction);
        let example = match &deduction.step_unit {
            Some(unit) if whole_things => format!("1{}", unit.word()),
            Some(unit) => format!(
                "{}{}",
                unit.from_runtime(deduction.step)
                    .and_then(|step| step.checked_mul(Decimal::new(154, 2)))
                    .unwrap_or(Decimal::new(154, 2))
                    .normalize(),
                unit.word()
            ),
            None => "1.54".to_string(),
        };
        let why = format!("差值可能不是 {step} 的整数倍，例如差 {example}");
        let rule = format!(
            "每{}{step}扣{}分",
            direction_word(deduction.direction, actual),
            deduction.points.normalize()
        );
        self.errors.push(CheckError::StepRoundingUnstated {
            rule,
            step: step.clone(),
            span: deduction.step_span.into(),
            why,
            help: format!(
                "按原文补上一句：「不足{step}的，按{step}扣分」（零头算一步），\
                 或「不足{step}的不扣分」（零头不算）；不写时按零头的比例扣分"
            ),
        });
    }
}

/// The step of a deduction as written: `1个百分点`, `1家`.
pub(super) fn step_words(deduction: &Deduction) -> String {
    match &deduction.step_unit {
        Some(unit) => format!(
            "{}{}",
            unit.from_runtime(deduction.step)
                .unwrap_or(deduction.step)
                .normalize(),
            unit.word()
        ),
        None => deduction.step.normalize().to_string(),
    }
}

/// 实际与计划, 完成值与标杆值: the two sides a 相差 deduction compares, in
/// the words tables print for 完成值 and 标杆值.
fn names_both_sides(subject: &str) -> bool {
    const ACTUAL: [&str; 4] = ["实际", "实际值", "完成值", "实际完成"];
    const TARGET: [&str; 6] = ["计划", "计划值", "目标", "目标值", "标杆值", "预期"];
    subject
        .split_once('与')
        .is_some_and(|(actual, target)| ACTUAL.contains(&actual) && TARGET.contains(&target))
}

/// How a deduction's direction reads for a value of this type.
pub(super) fn direction_word(direction: Direction, actual: &Ty) -> &'static str {
    match (direction, actual) {
        (Direction::Below, counted) if counted.counts_whole_things() || counted.is_days() => "少",
        (Direction::Below, _) => "降低",
        (Direction::Above, _) => "超出",
        (Direction::Late, _) => "延迟",
        (Direction::Either, _) => "相差",
    }
}
