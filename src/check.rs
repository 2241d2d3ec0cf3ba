//! Checking: [`Ruleset<Parsed>`] → [`Program`], a ruleset whose every name is
//! resolved to a fact slot or tier level and whose every expression has a type.
//!
//! Errors (an undefined name, a unit mismatch) stop compilation; warnings
//! (weights that do not add up, a fact never used) are reported alongside.

use crate::ast::*;
use crate::span::{Name, Span};
use crate::units::{Ty, Unit};
use miette::{Diagnostic, SourceSpan};
use rust_decimal::Decimal;
use std::collections::HashMap;
use thiserror::Error;

/// The checked phase: references are fact slots and tier levels.
#[derive(Debug, Clone)]
pub struct Checked;

impl Phase for Checked {
    type Ref = FactRef;
    type Label = TierLevel;
}

/// The index of a declared fact, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactId(pub usize);

/// A resolved reference to a fact.
#[derive(Debug, Clone)]
pub struct FactRef {
    /// Which fact.
    pub id: FactId,
    /// Where it was named.
    pub span: Span,
}

/// A resolved level of an enumerated fact.
#[derive(Debug, Clone)]
pub struct TierLevel {
    /// The level's position in the fact's declaration.
    pub index: usize,
    /// The label as written in the rule.
    pub name: Name,
}

/// A declared fact with its type.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The name facts files key it by.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Its declaration.
    pub span: Span,
}

/// A checked ruleset, ready to compile.
#[derive(Debug, Clone)]
pub struct Program {
    /// The resolved tree.
    pub ruleset: Ruleset<Checked>,
    /// The declared facts, indexed by [`FactId`].
    pub facts: Vec<Fact>,
    /// The type of each indicator's 完成值 and 标杆值, in tree order.
    pub value_types: Vec<ValueTypes>,
}

/// What an indicator's 完成值 and 标杆值 are, for showing them.
#[derive(Debug, Clone, Default)]
pub struct ValueTypes {
    /// The 完成值's type, if it has one.
    pub actual: Option<Ty>,
    /// The 标杆值's type, if it is a value.
    pub target: Option<Ty>,
}

/// A mistake (or a doubtful place) in a ruleset.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum CheckError {
    /// A name that is neither a declared fact nor the indicator itself.
    #[error("未声明的名称「{name}」")]
    #[diagnostic(code(jixiao::check::undefined_name))]
    UndefinedName {
        /// The name.
        name: String,
        /// Where it is used.
        #[label("这里使用了它")]
        span: SourceSpan,
        /// A suggestion.
        #[help]
        help: String,
    },
    /// A fact or indicator declared twice.
    #[error("名称「{name}」重复声明")]
    #[diagnostic(
        code(jixiao::check::duplicate_name),
        help("每个事实、每个指标的名称须唯一，改名或删去其一")
    )]
    DuplicateName {
        /// The name.
        name: String,
        /// The second declaration.
        #[label("再次声明")]
        span: SourceSpan,
        /// The first declaration.
        #[label("首次声明")]
        first: SourceSpan,
    },
    /// A tier label the fact does not declare.
    #[error("「{fact}」没有档次「{label}」")]
    #[diagnostic(code(jixiao::check::undefined_tier))]
    UndefinedTier {
        /// The label.
        label: String,
        /// The fact.
        fact: String,
        /// Where.
        #[label("未声明的档次")]
        span: SourceSpan,
        /// The declared levels.
        #[help]
        help: String,
    },
    /// Two operands of different units.
    #[error("单位不一致：{left} 与 {right} 不能{operation}")]
    #[diagnostic(
        code(jixiao::check::unit_mismatch),
        help("换算到同一单位，或检查是否用错了事实")
    )]
    UnitMismatch {
        /// The left operand's type.
        left: Ty,
        /// The right operand's type.
        right: Ty,
        /// What was attempted: 相加, 比较 …
        operation: &'static str,
        /// The left operand.
        #[label("{left}")]
        left_span: SourceSpan,
        /// The right operand.
        #[label("{right}")]
        right_span: SourceSpan,
    },
    /// A number without a unit beside a percent: 95 would mean 9500%.
    #[error("这个数值没有单位，而另一边是百分比")]
    #[diagnostic(
        code(jixiao::check::percent_without_unit),
        help("在数值后加 %，例如「95%」；不带单位的 95 会被当作比值 95，即 9500%")
    )]
    PercentWithoutUnit {
        /// The number.
        #[label("缺少 %")]
        span: SourceSpan,
        /// The percent beside it.
        #[label("百分比")]
        percent: SourceSpan,
    },
    /// A value of the wrong type where a specific one is required.
    #[error("这里需要{expected}，但「{text}」是{found}")]
    #[diagnostic(code(jixiao::check::wrong_type))]
    WrongType {
        /// What is needed.
        expected: &'static str,
        /// What was found.
        found: Ty,
        /// The expression's text.
        text: String,
        /// Where.
        #[label("{found}")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// A rule uses 完成值 or 标杆值 that the indicator does not give.
    #[error("指标「{indicator}」的评分用到{what}，但没有给出")]
    #[diagnostic(code(jixiao::check::missing_value))]
    MissingValue {
        /// The indicator.
        indicator: String,
        /// 完成值 or 标杆值.
        what: &'static str,
        /// Where it is used.
        #[label("用到{what}")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// An indicator without 要点 or 评分.
    #[error("指标「{indicator}」没有评分规则")]
    #[diagnostic(
        code(jixiao::check::missing_rule),
        help("加上「评分 {{ … }}」或「要点 {{ … }}」")
    )]
    MissingRule {
        /// The indicator.
        indicator: String,
        /// The indicator.
        #[label("这个指标")]
        span: SourceSpan,
    },
    /// Some facts give no clause that applies.
    #[error("指标「{indicator}」的评分没有兜底分支：有的情况下得不到分数")]
    #[diagnostic(
        code(jixiao::check::no_fallback),
        help("最后加一条不带条件的规则，例如「否则 得0分」或「每降低1个百分点扣0.1分」")
    )]
    NoFallback {
        /// The indicator.
        indicator: String,
        /// The last clause.
        #[label("条件不成立时没有下文")]
        span: SourceSpan,
    },
    /// A clause after an unconditional one.
    #[error("这条规则永远不会用到")]
    #[diagnostic(
        code(jixiao::check::unreachable_clause),
        severity(Warning),
        help("前面已有不带条件的规则，它总会先适用；删去这条或调整顺序")
    )]
    UnreachableClause {
        /// The clause.
        #[label("不会用到")]
        span: SourceSpan,
        /// The unconditional clause before it.
        #[label("这条总会先适用")]
        before: SourceSpan,
    },
    /// 前提 names an item that does not exist.
    #[error("前提引用的要点 {label} 不存在")]
    #[diagnostic(
        code(jixiao::check::undefined_item),
        help("前提应引用本指标「要点」中已有的编号")
    )]
    UndefinedItem {
        /// The label.
        label: char,
        /// Where.
        #[label("没有这个要点")]
        span: SourceSpan,
    },
    /// Children's weights do not add up to the parent's.
    #[error("「{parent}」的权重为 {weight} 分，但下级权重合计 {sum} 分（{parts}）")]
    #[diagnostic(
        code(jixiao::check::weight_sum),
        severity(Warning),
        help("调整下级指标的权重，使其合计等于上级权重")
    )]
    WeightSum {
        /// The parent's name (or 体系).
        parent: String,
        /// Its weight.
        weight: Decimal,
        /// The children's sum.
        sum: Decimal,
        /// Each child's weight, listed.
        parts: String,
        /// The parent's weight.
        #[label("上级权重")]
        span: SourceSpan,
    },
    /// Checklist points do not add up to the weight.
    #[error("「{indicator}」要点分值合计 {sum} 分，与权重 {weight} 分不符（{parts}）")]
    #[diagnostic(
        code(jixiao::check::checklist_points),
        severity(Warning),
        help("合计高于权重时得分会被截到权重，合计低于权重时永远得不到满分；核对评分标准原文")
    )]
    ChecklistPoints {
        /// The indicator.
        indicator: String,
        /// The points' sum.
        sum: Decimal,
        /// The weight.
        weight: Decimal,
        /// Each item's points.
        parts: String,
        /// The weight.
        #[label("权重")]
        span: SourceSpan,
    },
    /// A declared fact no rule reads.
    #[error("事实「{name}」已声明但没有用到")]
    #[diagnostic(
        code(jixiao::check::unused_fact),
        severity(Warning),
        help("删去这条声明，或检查是否有规则本应用到它")
    )]
    UnusedFact {
        /// The fact.
        name: String,
        /// Its declaration.
        #[label("未使用")]
        span: SourceSpan,
    },
}

impl CheckError {
    /// Whether this stops compilation.
    pub fn is_error(&self) -> bool {
        !matches!(
            self.severity(),
            Some(miette::Severity::Warning) | Some(miette::Severity::Advice)
        )
    }
}

/// Checks a parsed ruleset. Returns the program (if there are no errors) and
/// every diagnostic found, warnings included.
pub fn check(ruleset: Ruleset<Parsed>) -> (Option<Program>, Vec<CheckError>) {
    let mut checker = Checker::new(&ruleset.facts);
    let groups: Vec<Group<Checked>> = ruleset
        .groups
        .iter()
        .map(|group| checker.group(group))
        .collect();
    checker.total_weight(&ruleset.header, &ruleset.groups);
    checker.unused_facts();
    let Checker {
        facts,
        errors,
        value_types,
        ..
    } = checker;
    let program = (!errors.iter().any(CheckError::is_error)).then_some(Program {
        ruleset: Ruleset {
            header: ruleset.header,
            facts: ruleset.facts,
            groups,
        },
        facts,
        value_types,
    });
    (program, errors)
}

/// The checker's state while walking one ruleset.
struct Checker {
    facts: Vec<Fact>,
    fact_ids: HashMap<String, FactId>,
    used: Vec<bool>,
    indicator_names: HashMap<String, Span>,
    value_types: Vec<ValueTypes>,
    errors: Vec<CheckError>,
}

/// What an expression may refer to: the indicator it is in, and its values' types.
struct Scope<'a> {
    indicator: &'a Indicator<Parsed>,
    actual: Option<Ty>,
    target: Option<Ty>,
}

impl Checker {
    fn new(declarations: &[FactDecl]) -> Self {
        let mut checker = Checker {
            facts: Vec::new(),
            fact_ids: HashMap::new(),
            used: Vec::new(),
            indicator_names: HashMap::new(),
            value_types: Vec::new(),
            errors: Vec::new(),
        };
        for declaration in declarations {
            if let Some(first) = checker.fact_ids.get(&declaration.name.text) {
                let first = checker.facts[first.0].span;
                checker.errors.push(CheckError::DuplicateName {
                    name: declaration.name.text.clone(),
                    span: declaration.name.span.into(),
                    first: first.into(),
                });
                continue;
            }
            let id = FactId(checker.facts.len());
            checker.fact_ids.insert(declaration.name.text.clone(), id);
            checker.facts.push(Fact {
                name: declaration.name.text.clone(),
                ty: fact_type(&declaration.kind),
                span: declaration.name.span,
            });
            checker.used.push(false);
        }
        checker
    }

    fn group(&mut self, group: &Group<Parsed>) -> Group<Checked> {
        self.weight_sum(
            &group.name.text,
            group.weight,
            group.weight_span,
            &group.children,
        );
        let children = group
            .children
            .iter()
            .map(|child| match child {
                Node::Group(inner) => Node::Group(self.group(inner)),
                Node::Indicator(indicator) => Node::Indicator(Box::new(self.indicator(indicator))),
            })
            .collect();
        Group {
            level: group.level,
            name: group.name.clone(),
            weight: group.weight,
            weight_span: group.weight_span,
            children,
        }
    }

    fn weight_sum(&mut self, parent: &str, weight: Decimal, span: Span, children: &[Node<Parsed>]) {
        let weights: Vec<Decimal> = children
            .iter()
            .map(|child| match child {
                Node::Group(group) => group.weight,
                Node::Indicator(indicator) => indicator.weight,
            })
            .collect();
        let sum: Decimal = weights.iter().sum();
        if !children.is_empty() && sum != weight {
            self.errors.push(CheckError::WeightSum {
                parent: parent.to_string(),
                weight: weight.normalize(),
                sum: sum.normalize(),
                parts: join_points(&weights),
                span: span.into(),
            });
        }
    }

    fn total_weight(&mut self, header: &Header, groups: &[Group<Parsed>]) {
        let (full_marks, span) = header
            .full_marks
            .unwrap_or((Decimal::ONE_HUNDRED, header.span));
        let children: Vec<Node<Parsed>> = groups.iter().cloned().map(Node::Group).collect();
        self.weight_sum("体系", full_marks, span, &children);
    }

    fn unused_facts(&mut self) {
        for (fact, used) in self.facts.iter().zip(&self.used) {
            if !used {
                self.errors.push(CheckError::UnusedFact {
                    name: fact.name.clone(),
                    span: fact.span.into(),
                });
            }
        }
    }

    fn indicator(&mut self, indicator: &Indicator<Parsed>) -> Indicator<Checked> {
        if let Some(first) = self.indicator_names.get(&indicator.name.text) {
            self.errors.push(CheckError::DuplicateName {
                name: indicator.name.text.clone(),
                span: indicator.name.span.into(),
                first: (*first).into(),
            });
        } else {
            self.indicator_names
                .insert(indicator.name.text.clone(), indicator.name.span);
        }
        let mut scope = Scope {
            indicator,
            actual: None,
            target: None,
        };
        let actual = indicator.actual.as_ref().map(|actual| {
            let (expr, ty) = self.expr(actual, &scope);
            scope.actual = Some(ty);
            expr
        });
        let target = indicator.target.as_ref().map(|target| match target {
            Target::Text(text, span) => Target::Text(text.clone(), *span),
            Target::Value(value) => {
                let (expr, ty) = self.expr(value, &scope);
                if let Some(actual_ty) = &scope.actual {
                    self.same_dimension(actual_ty, &ty, actual_span(indicator), expr.span, "比较");
                }
                scope.target = Some(ty);
                Target::Value(expr)
            }
        });
        let rule = self.rule(&indicator.rule, &scope);
        self.value_types.push(ValueTypes {
            actual: scope.actual,
            target: scope.target,
        });
        Indicator {
            name: indicator.name.clone(),
            weight: indicator.weight,
            weight_span: indicator.weight_span,
            actual,
            target,
            rule,
            span: indicator.span,
        }
    }

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

    fn checklist(&mut self, checklist: &Checklist<Parsed>, scope: &Scope) -> Checklist<Checked> {
        let indicator = scope.indicator;
        let awarded: Vec<Decimal> = checklist
            .items
            .iter()
            .filter(|item| !item.deducts)
            .map(|item| item.points)
            .collect();
        let sum: Decimal = awarded.iter().sum();
        if sum != indicator.weight {
            self.errors.push(CheckError::ChecklistPoints {
                indicator: indicator.name.text.clone(),
                sum: sum.normalize(),
                weight: indicator.weight.normalize(),
                parts: join_points(&awarded),
                span: indicator.weight_span.into(),
            });
        }
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
        Checklist { items, gate }
    }

    /// Reports clauses after an unconditional one, and a last clause that can fail.
    fn clause_order(&mut self, clauses: &[Clause<Parsed>], scope: &Scope) {
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
        if self.tiers_cover_all(clauses) {
            return;
        }
        if let Some(last) = clauses.last() {
            self.errors.push(CheckError::NoFallback {
                indicator: scope.indicator.name.text.clone(),
                span: last.span.into(),
            });
        }
    }

    /// Whether tier arms over one fact name every level of it.
    fn tiers_cover_all(&self, clauses: &[Clause<Parsed>]) -> bool {
        let Some(Guard::Tier(fact, _)) = clauses.first().map(|clause| &clause.guard) else {
            return false;
        };
        let Some(Ty::Tier(levels)) = self.fact_ids.get(&fact.text).map(|id| &self.facts[id.0].ty)
        else {
            return false;
        };
        levels.iter().all(|level| {
            clauses.iter().any(|clause| {
                matches!(&clause.guard, Guard::Tier(arm_fact, label)
                    if arm_fact.text == fact.text && &label.text == level)
            })
        })
    }

    fn clause(&mut self, clause: &Clause<Parsed>, scope: &Scope) -> Clause<Checked> {
        let guard = match &clause.guard {
            Guard::Always => Guard::Always,
            Guard::When(condition) => Guard::When(self.condition(condition, scope)),
            Guard::Tier(fact, label) => self.tier_guard(fact, label),
        };
        Clause {
            guard,
            outcome: self.outcome(&clause.outcome, clause.span, scope),
            span: clause.span,
        }
    }

    fn tier_guard(&mut self, fact: &Name, label: &Name) -> Guard<Checked> {
        let fact_ref = self.fact_ref(fact);
        let index = match &self.fact_ty(fact_ref.id) {
            Ty::Tier(levels) => {
                let index = levels.iter().position(|level| level == &label.text);
                if index.is_none() {
                    self.errors.push(CheckError::UndefinedTier {
                        label: label.text.clone(),
                        fact: fact.text.clone(),
                        span: label.span.into(),
                        help: format!("已声明的档次：{}", levels.join("，")),
                    });
                }
                index.unwrap_or(0)
            }
            other => {
                self.errors.push(CheckError::WrongType {
                    expected: "档次类事实",
                    found: other.clone(),
                    text: fact.text.clone(),
                    span: fact.span.into(),
                    help: "「X 为 A 得…」只用于声明为「档次（…）」的事实".into(),
                });
                0
            }
        };
        Guard::Tier(
            fact_ref,
            TierLevel {
                index,
                name: label.clone(),
            },
        )
    }

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
                // Points, or a dimensionless number taken as points (完成值 × 5).
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

    /// A stepped deduction needs a 完成值, a 标杆值 (except days late), and a
    /// step in the 完成值's unit.
    fn deduction(&mut self, deduction: &Deduction, span: Span, scope: &Scope) {
        let Some(actual) = self.require_actual(scope, span) else {
            return;
        };
        let days_late = deduction.direction == Direction::Late && actual == Ty::Count("天".into());
        if !days_late {
            self.require_target(scope, span);
        }
        let step_ty = match &deduction.step_unit {
            Some(unit) => unit.ty(),
            None => Ty::Plain,
        };
        let expected_step = match actual {
            Ty::Date => Ty::Count("天".into()),
            other => other,
        };
        self.same_dimension(
            &expected_step,
            &step_ty,
            actual_span(scope.indicator),
            deduction.step_span,
            "对应",
        );
    }

    fn require_actual(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
        if scope.actual.is_none() {
            self.errors.push(CheckError::MissingValue {
                indicator: scope.indicator.name.text.clone(),
                what: "完成值",
                span: span.into(),
                help: "在指标中写「完成值 = …」".into(),
            });
        }
        scope.actual.clone()
    }

    fn require_target(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
        if scope.target.is_none() {
            self.errors.push(CheckError::MissingValue {
                indicator: scope.indicator.name.text.clone(),
                what: "标杆值",
                span: span.into(),
                help: "在指标中写「标杆值 100%」或「标杆值 = 事实名」".into(),
            });
        }
        scope.target.clone()
    }

    fn condition(&mut self, condition: &Condition<Parsed>, scope: &Scope) -> Condition<Checked> {
        match condition {
            Condition::Compare(op, left, right, span) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                self.same_dimension(&left_ty, &right_ty, left.span, right.span, "比较");
                Condition::Compare(*op, left_expr, right_expr, *span)
            }
            Condition::Fact(name) => {
                let fact = self.fact_ref(name);
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
            Condition::Not(inner) => Condition::Not(Box::new(self.condition(inner, scope))),
            Condition::All(members) => {
                Condition::All(members.iter().map(|m| self.condition(m, scope)).collect())
            }
            Condition::Any(members) => {
                Condition::Any(members.iter().map(|m| self.condition(m, scope)).collect())
            }
        }
    }

    /// A fact's type; an unresolved reference has the type that combines with all.
    fn fact_ty(&self, id: FactId) -> Ty {
        self.facts
            .get(id.0)
            .map_or(Ty::Plain, |fact| fact.ty.clone())
    }

    /// Resolves a fact name. An unknown name is reported and stands for no fact,
    /// so that checking goes on; no program is built while errors exist.
    fn fact_ref(&mut self, name: &Name) -> FactRef {
        match self.fact_ids.get(&name.text) {
            Some(id) => {
                self.used[id.0] = true;
                FactRef {
                    id: *id,
                    span: name.span,
                }
            }
            None => {
                self.errors.push(CheckError::UndefinedName {
                    name: name.text.clone(),
                    span: name.span.into(),
                    help: self.suggestion(&name.text),
                });
                FactRef {
                    id: FactId(usize::MAX),
                    span: name.span,
                }
            }
        }
    }

    fn suggestion(&self, name: &str) -> String {
        let negated = ["不", "非", "未"]
            .iter()
            .find_map(|word| Some((*word, name.strip_prefix(word)?)))
            .filter(|(_, rest)| self.fact_ids.contains_key(*rest));
        if let Some((word, rest)) = negated {
            return format!("否定词后要加空格：「{word} {rest}」");
        }
        match closest(name, self.facts.iter().map(|fact| fact.name.as_str())) {
            Some(candidate) => format!("是否想写「{candidate}」？"),
            None => "在「事实 { … }」中声明它，例如「预算资金: 万元」".to_string(),
        }
    }

    fn expr(&mut self, expr: &Expr<Parsed>, scope: &Scope) -> (Expr<Checked>, Ty) {
        let (kind, ty) = match &expr.kind {
            ExprKind::Quantity(number, unit) => (
                ExprKind::Quantity(*number, unit.clone()),
                unit.as_ref().map_or(Ty::Plain, Unit::ty),
            ),
            ExprKind::Date(date) => (ExprKind::Date(*date), Ty::Date),
            ExprKind::Weight => (ExprKind::Weight, Ty::Points),
            ExprKind::Actual => (ExprKind::Actual, self.value_ty(scope, expr.span, true)),
            ExprKind::Target => (ExprKind::Target, self.value_ty(scope, expr.span, false)),
            // A fact of the same name wins: `完成值 = 满意度` in the indicator 满意度.
            ExprKind::Ref(name)
                if name.text == scope.indicator.name.text
                    && !self.fact_ids.contains_key(&name.text) =>
            {
                (ExprKind::Actual, self.value_ty(scope, expr.span, true))
            }
            ExprKind::Ref(name) => {
                let fact = self.fact_ref(name);
                let ty = self.fact_ty(fact.id);
                (ExprKind::Ref(fact), ty)
            }
            ExprKind::Binary(op, left, right) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                let ty = self.binary_ty(*op, (&left_ty, left.span), (&right_ty, right.span));
                (
                    ExprKind::Binary(*op, Box::new(left_expr), Box::new(right_expr)),
                    ty,
                )
            }
        };
        (
            Expr {
                kind,
                span: expr.span,
            },
            ty,
        )
    }

    fn value_ty(&mut self, scope: &Scope, span: Span, actual: bool) -> Ty {
        let ty = if actual {
            self.require_actual(scope, span)
        } else {
            self.require_target(scope, span)
        };
        ty.unwrap_or(Ty::Plain)
    }

    /// The type of `left op right`, reporting operands that do not combine.
    fn binary_ty(&mut self, op: BinOp, left: (&Ty, Span), right: (&Ty, Span)) -> Ty {
        let (l, r) = (left.0, right.0);
        let adds = matches!(op, BinOp::Add | BinOp::Sub);
        if adds && self.percent_without_unit(l, r, left.1, right.1) {
            return Ty::Ratio { percent: true };
        }
        let combined = match op {
            BinOp::Add | BinOp::Sub => match (l, r) {
                (Ty::Date, Ty::Date) if op == BinOp::Sub => Some(Ty::Count("天".into())),
                (Ty::Date, days) if days.is_days() || *days == Ty::Plain => Some(Ty::Date),
                _ if l.is_numeric() && l.same_dimension(r) => Some(if *l == Ty::Plain {
                    r.clone()
                } else {
                    l.clone()
                }),
                _ => None,
            },
            BinOp::Mul => match (l, r) {
                (Ty::Ratio { percent: a }, Ty::Ratio { percent: b }) => {
                    Some(Ty::Ratio { percent: *a || *b })
                }
                (other, Ty::Ratio { .. } | Ty::Plain) | (Ty::Ratio { .. } | Ty::Plain, other)
                    if other.is_numeric() =>
                {
                    Some(other.clone())
                }
                _ => None,
            },
            BinOp::Div => match (l, r) {
                (_, Ty::Ratio { .. } | Ty::Plain) if l.is_numeric() => Some(l.clone()),
                _ if l.is_numeric() && l.same_dimension(r) => Some(Ty::Ratio { percent: false }),
                _ => None,
            },
        };
        combined.unwrap_or_else(|| {
            self.errors.push(CheckError::UnitMismatch {
                left: l.clone(),
                right: r.clone(),
                operation: match op {
                    BinOp::Add => "相加",
                    BinOp::Sub => "相减",
                    BinOp::Mul => "相乘",
                    BinOp::Div => "相除",
                },
                left_span: left.1.into(),
                right_span: right.1.into(),
            });
            Ty::Plain
        })
    }

    fn same_dimension(
        &mut self,
        left: &Ty,
        right: &Ty,
        left_span: Span,
        right_span: Span,
        operation: &'static str,
    ) {
        if self.percent_without_unit(left, right, left_span, right_span) {
            return;
        }
        let comparable = left.same_dimension(right) || (*left == Ty::Date && *right == Ty::Date);
        if !comparable {
            self.errors.push(CheckError::UnitMismatch {
                left: left.clone(),
                right: right.clone(),
                operation,
                left_span: left_span.into(),
                right_span: right_span.into(),
            });
        }
    }
}

impl Checker {
    /// Reports a unit-less number added to or compared with a percent; returns
    /// whether it did.
    fn percent_without_unit(
        &mut self,
        left: &Ty,
        right: &Ty,
        left_span: Span,
        right_span: Span,
    ) -> bool {
        let percent = Ty::Ratio { percent: true };
        let (number_span, percent_span) = match (left, right) {
            (Ty::Plain, other) if *other == percent => (left_span, right_span),
            (other, Ty::Plain) if *other == percent => (right_span, left_span),
            _ => return false,
        };
        self.errors.push(CheckError::PercentWithoutUnit {
            span: number_span.into(),
            percent: percent_span.into(),
        });
        true
    }
}

fn fact_type(kind: &FactKind) -> Ty {
    match kind {
        FactKind::Quantity(unit) => unit.ty(),
        FactKind::Number => Ty::Ratio { percent: false },
        FactKind::Bool => Ty::Bool,
        FactKind::Date => Ty::Date,
        FactKind::Tier(levels) => Ty::Tier(levels.iter().map(|level| level.text.clone()).collect()),
    }
}

/// Where an indicator's 完成值 is written, or its name if it has none.
fn actual_span(indicator: &Indicator<Parsed>) -> Span {
    indicator
        .actual
        .as_ref()
        .map_or(indicator.name.span, |actual| actual.span)
}

/// The candidate closest to `name` by edit distance, if it is close enough to
/// be a slip of the keyboard rather than another name.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| (strsim::levenshtein(candidate, name), candidate))
        .filter(|(distance, candidate)| *distance <= candidate.chars().count() / 2 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn join_points(points: &[Decimal]) -> String {
    points
        .iter()
        .map(|p| p.normalize().to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}
