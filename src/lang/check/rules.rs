//! The tree and its rules: groups, indicators, 评分 clauses and their
//! order, checklists, outcomes and conditions.

use super::checker::{actual_span, Checker, Given, Scope};
use super::errors::CheckError;
use super::program::{Checked, ValueTypes};
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Ty;

impl Checker {
    /// Checks a group: its children's weights, then each child.
    pub(super) fn group(&mut self, group: &Group<Parsed>) -> Group<Checked> {
        let level = if group.level == 1 { "一级" } else { "二级" };
        let what = || format!("{level}指标「{}」的权重", group.name.text);
        self.negative_weight(what, group.weight, group.weight_span);
        // A converted group's children add to the full marks it converts from.
        let (parent, children_full_marks) = match group.converted_from {
            Some(base) => (
                format!("{level}指标「{}」折算前的满分", group.name.text),
                base,
            ),
            None => (
                format!("{level}指标「{}」的权重", group.name.text),
                group.weight,
            ),
        };
        // A 加分项's or 减分项's children may add to more than its cap; a
        // 二者择其一 group's are each worth its weight.
        let choice = group
            .choice
            .as_ref()
            .map(|choice| self.choice(group, choice));
        if group.adjustment.is_none() && choice.is_none() {
            self.weight_sum(
                &parent,
                children_full_marks,
                group.weight_span,
                &group.children,
            );
        }
        let outer = self.in_adjustment;
        self.in_adjustment |= group.adjustment.is_some();
        let children = group
            .children
            .iter()
            .map(|child| match child {
                Node::Group(inner) => Node::Group(self.group(inner)),
                Node::Indicator(indicator) => Node::Indicator(Box::new(self.indicator(indicator))),
            })
            .collect();
        self.in_adjustment = outer;
        Group {
            level: group.level,
            name: group.name.clone(),
            weight: group.weight,
            weight_span: group.weight_span,
            converted_from: group.converted_from,
            adjustment: group.adjustment,
            choice,
            children,
        }
    }

    /// Checks an indicator: its name, 完成值, 标杆值 and rule, then (if that is
    /// clean) runs the range analysis over it.
    pub(super) fn indicator(&mut self, indicator: &Indicator<Parsed>) -> Indicator<Checked> {
        if let Some(first) = self.indicator_names.get(&indicator.name.text) {
            self.errors.push(CheckError::DuplicateName {
                what: "指标",
                name: indicator.name.text.clone(),
                span: indicator.name.span.into(),
                first: (*first).into(),
            });
        } else {
            self.indicator_names
                .insert(indicator.name.text.clone(), indicator.name.span);
        }
        let errors_before = self.errors.len();
        let what = || format!("指标「{}」的权重", indicator.name.text);
        self.negative_weight(what, indicator.weight, indicator.weight_span);
        let mut scope = Scope {
            indicator,
            actual: Given::Absent,
            target: Given::Absent,
        };
        let actual = indicator.actual.as_ref().map(|actual| {
            let (expr, ty) = self.expr(actual, &scope);
            self.not_a_point_difference(actual, "完成值");
            scope.actual = Given::of(ty);
            expr
        });
        let target = indicator.target.as_ref().map(|target| match target {
            Target::Text(text, span) => Target::Text(text.clone(), *span),
            Target::Value(value) => {
                let (expr, ty) = self.expr(value, &scope);
                self.not_a_point_difference(value, "标杆值");
                let mut target = Given::of(ty.clone());
                if let (Some(actual_ty), Some(ty)) = (scope.actual.ty(), &ty) {
                    let errors_before = self.errors.len();
                    self.same_dimension(&actual_ty, ty, actual_span(indicator), expr.span, "比较");
                    if self.errors.len() > errors_before {
                        // Reported once here, not again in every rule that compares them.
                        target = Given::Unknown;
                    }
                }
                scope.target = target;
                Target::Value(expr)
            }
        });
        let rule = self.rule(&indicator.rule, &scope);
        let clean = !self.errors[errors_before..]
            .iter()
            .any(CheckError::is_error);
        if clean {
            self.analyse(&scope);
        }
        self.value_types.push(ValueTypes {
            actual: scope.actual.ty(),
            target: scope.target.ty(),
        });
        Indicator {
            name: indicator.name.clone(),
            weight: indicator.weight,
            weight_span: indicator.weight_span,
            actual,
            target,
            rule,
            span: indicator.span,
            reuse: indicator.reuse.clone(),
            rounding: indicator.rounding,
            lower_is_better: indicator.lower_is_better,
        }
    }

    /// Checks an indicator's rule, reporting one that is missing.
    fn rule(&mut self, rule: &Rule<Parsed>, scope: &Scope) -> Rule<Checked> {
        match rule {
            Rule::Missing => {
                self.errors.push(CheckError::MissingRule {
                    indicator: scope.indicator.name.text.clone(),
                    span: scope.indicator.name.span.into(),
                });
                Rule::Missing
            }
            Rule::Checklist(checklist) => Rule::Checklist(self.checklist(checklist, scope)),
            Rule::Clauses(clauses) => {
                self.clause_order(clauses, scope);
                Rule::Clauses(
                    clauses
                        .iter()
                        .map(|clause| self.clause(clause, scope))
                        .collect(),
                )
            }
        }
    }

    /// Checks a checklist: its labels, points, items' conditions and gate.
    fn checklist(&mut self, checklist: &Checklist<Parsed>, scope: &Scope) -> Checklist<Checked> {
        let labels: Vec<Name> = checklist
            .items
            .iter()
            .map(|item| Name {
                text: item.label.to_string(),
                span: Span::new(item.span.start, item.span.start + item.label.len_utf8()),
            })
            .collect();
        self.duplicates("要点编号", &labels.iter().collect::<Vec<_>>());
        self.checklist_points(checklist, scope.indicator);
        let items = checklist
            .items
            .iter()
            .map(|item| ChecklistItem {
                label: item.label,
                points: item.points,
                deducts: item.deducts,
                condition: self.condition(&item.condition, scope),
                span: item.span,
            })
            .collect();
        let gate = checklist.gate.as_ref().map(|gate| Gate {
            condition: match &gate.condition {
                GateCondition::Item(label, span) => {
                    if !checklist.items.iter().any(|item| item.label == *label) {
                        self.errors.push(CheckError::UndefinedItem {
                            label: *label,
                            span: (*span).into(),
                        });
                    }
                    GateCondition::Item(*label, *span)
                }
                GateCondition::Condition(condition) => {
                    GateCondition::Condition(self.condition(condition, scope))
                }
            },
            otherwise: gate.otherwise,
            span: gate.span,
        });
        Checklist {
            items,
            gate,
            per_failed: checklist.per_failed.clone(),
        }
    }

    /// Reports clauses after an unconditional one, and a last clause that can
    /// fail. Conditions that between them cover every value (`>= 95%`, then
    /// `< 95%`; bands ending `低于60%不得分`) need no fallback; that is proved
    /// within the declared ranges only, which a facts file may not overstep.
    fn clause_order(&mut self, clauses: &[Clause<Parsed>], scope: &Scope) {
        let (clauses, _) = split_further(clauses);
        if let Some(always) = clauses
            .iter()
            .position(|clause| matches!(clause.guard, Guard::Always))
        {
            for unreachable in &clauses[always + 1..] {
                self.errors.push(CheckError::UnreachableClause {
                    span: unreachable.span.into(),
                    before: clauses[always].span.into(),
                });
            }
            return;
        }
        if self.in_adjustment
            || self.tiers_cover_all(clauses)
            || self.undeclared_tier(clauses)
            || self.conditions_cover_all(clauses, scope)
        {
            return;
        }
        if let Some(last) = clauses.last() {
            self.errors.push(CheckError::NoFallback {
                indicator: scope.indicator.name.text.clone(),
                span: last.span.into(),
            });
        }
    }

    /// Whether an arm names a level its fact does not declare: that is
    /// reported on its own, and a missing fallback would be its echo.
    fn undeclared_tier(&self, clauses: &[Clause<Parsed>]) -> bool {
        clauses.iter().any(|clause| match &clause.guard {
            Guard::Tier(fact, label) => match self.fact_ids.get(&fact.text) {
                Some(id) => !matches!(&self.facts[id.0].ty,
                    Ty::Tier(levels) if levels.contains(&label.text)),
                None => true,
            },
            _ => false,
        })
    }

    /// Whether tier arms over one fact name every level of it.
    fn tiers_cover_all(&self, clauses: &[Clause<Parsed>]) -> bool {
        tier_arms_name_every_level(clauses, |fact| {
            match self.fact_ids.get(fact).map(|id| &self.facts[id.0].ty) {
                Some(Ty::Tier(levels)) => Some(levels.clone()),
                _ => None,
            }
        })
    }

    /// Checks one clause of a 评分 block: its guard and outcome.
    fn clause(&mut self, clause: &Clause<Parsed>, scope: &Scope) -> Clause<Checked> {
        let guard = match &clause.guard {
            Guard::Always => Guard::Always,
            Guard::When(condition) => Guard::When(self.condition(condition, scope)),
            Guard::Further(condition) => Guard::Further(self.condition(condition, scope)),
            Guard::Tier(fact, label) => self.tier_guard(fact, label),
        };
        Clause {
            guard,
            outcome: self.outcome(&clause.outcome, clause.span, scope),
            scope: clause.scope.clone(),
            span: clause.span,
        }
    }

    /// Checks what a clause gives: the values it needs and the type of a formula.
    fn outcome(
        &mut self,
        outcome: &Outcome<Parsed>,
        span: Span,
        scope: &Scope,
    ) -> Outcome<Checked> {
        match outcome {
            Outcome::Full => Outcome::Full,
            Outcome::Share(share) => Outcome::Share(*share),
            Outcome::Fixed(points) => Outcome::Fixed(*points),
            Outcome::Discretion => Outcome::Discretion,
            Outcome::ExpertMean => Outcome::ExpertMean,
            Outcome::Band(band) => {
                self.band(band, scope.indicator);
                Outcome::Band(*band)
            }
            Outcome::Proportional => {
                let actual = self.require_actual(scope, span);
                let target = self.require_target(scope, span);
                if let (Some(actual), Some(target)) = (actual, target) {
                    self.same_dimension(
                        &actual,
                        &target,
                        actual_span(scope.indicator),
                        span,
                        "相除",
                    );
                }
                Outcome::Proportional
            }
            Outcome::Formula(formula) => {
                let (expr, ty) = self.expr(formula, scope);
                self.not_a_point_difference(formula, "得分");
                // Points, or a dimensionless number taken as points (完成值 × 5).
                let Some(ty) = ty else {
                    return Outcome::Formula(expr);
                };
                if !matches!(ty, Ty::Points | Ty::Plain | Ty::Ratio { .. }) {
                    self.errors.push(CheckError::WrongType {
                        expected: "分值",
                        found: ty,
                        text: "得分公式".to_string(),
                        span: formula.span.into(),
                        help: "得分公式的结果应是分值，例如「完成值 × 权重」或「覆盖率 × 5分」"
                            .into(),
                    });
                }
                Outcome::Formula(expr)
            }
            Outcome::Deduction(deduction) => {
                self.deduction(deduction, span, scope);
                Outcome::Deduction(deduction.clone())
            }
        }
    }

    /// Refuses a band with one score in it, or above the weight (written
    /// backwards, `9-8`, is as printed and fine).
    fn band(&mut self, band: &Band, indicator: &Indicator<Parsed>) {
        if band.low() == band.high() {
            self.errors.push(CheckError::EmptyBand {
                band: band.text(),
                end: band.low().normalize(),
                span: band.span.into(),
            });
        } else if band.high() > indicator.weight {
            self.errors.push(CheckError::BandOverWeight {
                indicator: indicator.name.text.clone(),
                band: band.text(),
                weight: indicator.weight.normalize(),
                span: band.span.into(),
            });
        }
    }

    /// The 完成值's type, reporting an indicator that gives none.
    pub(super) fn require_actual(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
        if matches!(scope.actual, Given::Absent) {
            self.errors.push(CheckError::MissingValue {
                indicator: scope.indicator.name.text.clone(),
                what: "完成值",
                span: span.into(),
                help: "在指标中写「完成值 = …」".into(),
            });
        }
        scope.actual.ty()
    }

    /// The 标杆值's type, reporting an indicator that gives none.
    pub(super) fn require_target(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
        if matches!(scope.target, Given::Absent) {
            self.errors.push(CheckError::MissingValue {
                indicator: scope.indicator.name.text.clone(),
                what: "标杆值",
                span: span.into(),
                help: "在指标中写「标杆值 100%」或「标杆值 = 事实名」".into(),
            });
        }
        scope.target.ty()
    }

    /// Checks a condition: comparisons of like units, and yes/no facts.
    fn condition(&mut self, condition: &Condition<Parsed>, scope: &Scope) -> Condition<Checked> {
        match condition {
            Condition::Compare(op, left, right, span) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                if let (Some(left_ty), Some(right_ty)) = (left_ty, right_ty) {
                    let (left_ty, right_ty) = zero_in_any_unit((left, left_ty), (right, right_ty));
                    let errors_before = self.errors.len();
                    self.same_dimension(&left_ty, &right_ty, left.span, right.span, "比较");
                    if self.errors.len() == errors_before {
                        self.point_difference_compared(left, right);
                    }
                }
                Condition::Compare(*op, left_expr, right_expr, *span)
            }
            Condition::Fact(name) => {
                let fact = self.condition_ref(name);
                let ty = self.fact_ty(fact.id);
                if ty != Ty::Bool && self.fact_ids.contains_key(&name.text) {
                    self.errors.push(CheckError::WrongType {
                        expected: "是否类事实",
                        found: ty,
                        text: name.text.clone(),
                        span: name.span.into(),
                        help: "条件须是「是否」类事实，或写成比较，例如「满意度 >= 95%」".into(),
                    });
                }
                Condition::Fact(fact)
            }
            Condition::Tier(fact, label) => {
                let (fact, level) = self.tier_level(fact, label);
                Condition::Tier(fact, level)
            }
            Condition::Not(inner) => Condition::Not(Box::new(self.condition(inner, scope))),
            Condition::All(members) => {
                Condition::All(members.iter().map(|m| self.condition(m, scope)).collect())
            }
            Condition::Any(members) => {
                Condition::Any(members.iter().map(|m| self.condition(m, scope)).collect())
            }
        }
    }
}

/// 「预算调整率=0」「“三公经费”变动率≦0」: a bare 0 is 0 in any unit, so it
/// takes the type of what it is compared with (a date excepted).
fn zero_in_any_unit(left: (&Expr<Parsed>, Ty), right: (&Expr<Parsed>, Ty)) -> (Ty, Ty) {
    let bare_zero = |expr: &Expr<Parsed>| matches!(&expr.kind, ExprKind::Quantity(number, None) if number.is_zero());
    let ((left, left_ty), (right, right_ty)) = (left, right);
    if bare_zero(left) && right_ty.is_numeric() {
        (right_ty.clone(), right_ty)
    } else if bare_zero(right) && left_ty.is_numeric() {
        (left_ty.clone(), left_ty)
    } else {
        (left_ty, right_ty)
    }
}
