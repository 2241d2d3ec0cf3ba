//! Checking: [`Ruleset<Parsed>`] → [`Program`], a ruleset whose every name is
//! resolved to a fact slot or tier level and whose every expression has a type.
//!
//! Errors (an undefined name, a unit mismatch) stop compilation; warnings
//! (weights that do not add up, a fact never used) are reported alongside.
//! A mistake is reported once: a name that does not resolve, or operands that
//! do not combine, give an unknown type that combines with anything after.
//!
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
//! The same narrowing, with every number taken as unbounded (a facts file may
//! overstep a declaration), proves that conditions like `>= 95%` and `< 95%`
//! cover every case, so such a rule needs no 否则.

use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::{Interval, Ty, Unit};
use miette::{Diagnostic, LabeledSpan, SourceSpan};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
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
    /// The range it declares (`在 0%..100%`), which facts files must respect.
    pub range: Option<Interval>,
    /// Whether any rule reads it (a library may declare facts a ruleset never uses).
    pub used: bool,
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
    #[error("「{name}」没有在「事实」中声明")]
    #[diagnostic(code(jixiao::check::undefined_name))]
    UndefinedName {
        /// The name.
        name: String,
        /// Where it is used.
        #[label("这里用到它")]
        span: SourceSpan,
        /// A suggestion.
        #[help]
        help: String,
    },
    /// Another indicator's name used as a value.
    #[error("「{name}」是另一个指标，规则里不能引用它")]
    #[diagnostic(
        code(jixiao::check::indicator_reference),
        help(
            "规则只能用已声明的事实，以及本指标的「完成值」「标杆值」「权重」；\
             要用同样的数，直接写出它的算式，例如「实际支出资金 / 实际到位资金 × 100%」"
        )
    )]
    IndicatorReference {
        /// The other indicator's name.
        name: String,
        /// Where it is used.
        #[label("另一个指标")]
        span: SourceSpan,
        /// The other indicator.
        #[label("它在这里定义")]
        defined: SourceSpan,
    },
    /// A fact, indicator, tier level, checklist item or grade declared twice.
    #[error("{what}「{name}」重复声明")]
    #[diagnostic(
        code(jixiao::check::duplicate_name),
        help("名称须唯一：改名，或删去其中一处")
    )]
    DuplicateName {
        /// 事实, 指标, 档次, 要点编号 or 等级.
        what: &'static str,
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
    #[diagnostic(code(jixiao::check::unit_mismatch))]
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
        /// How to fix it, for this operation.
        #[help]
        help: String,
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
    /// `完成值 >= 95个百分点`: a difference of percents used as a percent.
    #[error("「{text}」是两个百分比之差，不能当作百分比使用")]
    #[diagnostic(code(jixiao::check::percentage_point_as_percent))]
    PercentagePointAsPercent {
        /// The literal as written.
        text: String,
        /// The literal.
        #[label("个百分点")]
        span: SourceSpan,
        /// The percent it is compared with, if any.
        #[label("百分比")]
        percent: Option<SourceSpan>,
        /// How to write it.
        #[help]
        help: String,
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
    /// A declared range that cannot be: reversed, or on a yes/no fact.
    #[error("事实「{fact}」的范围有误：{problem}")]
    #[diagnostic(code(jixiao::check::bad_range))]
    BadRange {
        /// The fact.
        fact: String,
        /// What is wrong.
        problem: String,
        /// The range.
        #[label("范围")]
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
    /// A clause whose condition never holds over the facts' ranges, or that
    /// the clauses before it leave no case for.
    #[error("这条{what}永远不会用到：{reason}")]
    #[diagnostic(code(jixiao::check::branch_never_taken), severity(Warning))]
    BranchNeverTaken {
        /// 规则, 要点 or 前提.
        what: &'static str,
        /// Why, in one phrase.
        reason: String,
        /// The clause, the clauses before it and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// How to fix it.
        #[help]
        help: String,
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
    #[error("{parent}为 {weight} 分，{children}权重合计却是 {sum} 分")]
    #[diagnostic(code(jixiao::check::weight_sum), severity(Warning))]
    WeightSum {
        /// The parent, in words: 一级指标「项目决策」的权重, 体系的满分.
        parent: String,
        /// 下级, or 各一级指标 under the ruleset.
        children: &'static str,
        /// Its weight.
        weight: Decimal,
        /// The children's sum.
        sum: Decimal,
        /// The parent's weight.
        #[label("{weight} 分")]
        span: SourceSpan,
        /// Each child's weight and the sum.
        #[help]
        help: String,
    },
    /// Checklist points do not add up to the weight.
    #[error("「{indicator}」要点分值合计 {sum} 分，与权重 {weight} 分不符（{parts}）")]
    #[diagnostic(code(jixiao::check::checklist_points), severity(Warning))]
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
        #[label("权重 {weight} 分")]
        span: SourceSpan,
        /// What the difference does to scores.
        #[help]
        help: String,
    },
    /// The rule's highest score over the facts' ranges is below the weight.
    #[error("指标「{indicator}」永远得不到满分：最多得 {best} 分，权重为 {weight} 分")]
    #[diagnostic(code(jixiao::check::never_full_marks), severity(Warning))]
    NeverFullMarks {
        /// The indicator.
        indicator: String,
        /// The highest score the rule can give.
        best: Decimal,
        /// The weight.
        weight: Decimal,
        /// The weight, the clauses and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// Why, and what to check.
        #[help]
        help: String,
    },
    /// The rule's lowest score over the facts' ranges is above 0.
    #[error("指标「{indicator}」永远不会得 0 分：最少也得 {worst} 分")]
    #[diagnostic(code(jixiao::check::never_zero), severity(Warning))]
    NeverZero {
        /// The indicator.
        indicator: String,
        /// The lowest score the rule can give.
        worst: Decimal,
        /// The clauses and ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// Why, and what to check.
        #[help]
        help: String,
    },
    /// A score expression (or a fixed score) outside [0, weight] before clamping.
    #[error("指标「{indicator}」这条规则的得分{range}，超出了 0 至 {weight} 分")]
    #[diagnostic(code(jixiao::check::score_out_of_range), severity(Warning))]
    ScoreOutOfRange {
        /// The indicator.
        indicator: String,
        /// 为 5 分, 在 0 至 7.2 分之间.
        range: String,
        /// The weight.
        weight: Decimal,
        /// The clause and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// What happens, and what to check.
        #[help]
        help: String,
    },
    /// A stepped deduction on a value that may fall between steps, with no
    /// rounding stated.
    #[error("「{rule}」没有说明不足{step}的零头怎么扣")]
    #[diagnostic(code(jixiao::check::step_rounding_unstated), severity(Warning))]
    StepRoundingUnstated {
        /// The rule in words: 每降低1个百分点扣0.1分.
        rule: String,
        /// The step in words: 1个百分点.
        step: String,
        /// The step.
        #[label("{why}")]
        span: SourceSpan,
        /// Why the value may fall between steps.
        why: String,
        /// The two ways to state it.
        #[help]
        help: String,
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
    let mut checker = Checker::new(&ruleset.facts, &ruleset.library_facts);
    checker.grades(&ruleset.header);
    collect_indicators(&ruleset.groups, &mut checker.all_indicators);
    let groups: Vec<Group<Checked>> = ruleset
        .groups
        .iter()
        .map(|group| checker.group(group))
        .collect();
    checker.total_weight(&ruleset.header, &ruleset.groups);
    checker.unused_facts();
    let Checker {
        mut facts,
        used,
        errors,
        value_types,
        ..
    } = checker;
    for (fact, used) in facts.iter_mut().zip(used) {
        fact.used = used;
    }
    let program = (!errors.iter().any(CheckError::is_error)).then_some(Program {
        ruleset: Ruleset {
            header: ruleset.header,
            facts: ruleset.facts,
            library_facts: ruleset.library_facts,
            groups,
        },
        facts,
        value_types,
    });
    (program, errors)
}

/// Every indicator's name and where it is written, first declaration first.
fn collect_indicators(groups: &[Group<Parsed>], out: &mut HashMap<String, Span>) {
    for group in groups {
        for child in &group.children {
            match child {
                Node::Group(inner) => collect_indicators(std::slice::from_ref(inner), out),
                Node::Indicator(indicator) => {
                    out.entry(indicator.name.text.clone())
                        .or_insert(indicator.name.span);
                }
            }
        }
    }
}

/// The values a fact may take, and whether a declaration says so.
#[derive(Debug, Clone)]
struct FactRange {
    /// The values, in run-time units.
    values: Interval,
    /// The `在 …..…` phrase, if the range is declared.
    declared: Option<Span>,
}

/// The checker's state while walking one ruleset.
struct Checker {
    /// How many of `facts` the ruleset declares itself (the rest come from libraries).
    own_facts: usize,
    facts: Vec<Fact>,
    fact_ids: HashMap<String, FactId>,
    ranges: Vec<FactRange>,
    used: Vec<bool>,
    indicator_names: HashMap<String, Span>,
    all_indicators: HashMap<String, Span>,
    value_types: Vec<ValueTypes>,
    errors: Vec<CheckError>,
}

/// What an expression may refer to: the indicator it is in, and its values' types.
struct Scope<'a> {
    indicator: &'a Indicator<Parsed>,
    actual: Given,
    target: Given,
}

/// Whether an indicator gives a value (完成值, 标杆值), and its type.
#[derive(Debug, Clone)]
enum Given {
    /// Not written.
    Absent,
    /// Written, but its type is unknown because of an error already reported;
    /// it then combines with anything, so that one mistake is reported once.
    Unknown,
    /// Written, of this type.
    Known(Ty),
}

impl Given {
    fn ty(&self) -> Option<Ty> {
        match self {
            Given::Known(ty) => Some(ty.clone()),
            Given::Absent | Given::Unknown => None,
        }
    }

    fn of(ty: Option<Ty>) -> Given {
        ty.map_or(Given::Unknown, Given::Known)
    }
}

impl Checker {
    /// Declares the ruleset's own facts, then its libraries' (a library fact
    /// the ruleset declares again is a duplicate name).
    fn new(own: &[FactDecl], from_libraries: &[FactDecl]) -> Self {
        let mut checker = Checker {
            own_facts: own.len(),
            facts: Vec::new(),
            fact_ids: HashMap::new(),
            ranges: Vec::new(),
            used: Vec::new(),
            indicator_names: HashMap::new(),
            all_indicators: HashMap::new(),
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
        checker
    }

    /// Reports a tier level declared twice in one fact.
    fn tier_labels(&mut self, kind: &FactKind) {
        if let FactKind::Tier(levels) = kind {
            let names: Vec<&Name> = levels.iter().collect();
            self.duplicates("档次", &names);
        }
    }

    /// Reports names that occur twice in `names`, pointing at both.
    fn duplicates(&mut self, what: &'static str, names: &[&Name]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for name in names {
            match seen.get(name.text.as_str()) {
                Some(first) => self.errors.push(CheckError::DuplicateName {
                    what,
                    name: name.text.clone(),
                    span: name.span.into(),
                    first: (*first).into(),
                }),
                None => {
                    seen.insert(&name.text, name.span);
                }
            }
        }
    }

    fn grades(&mut self, header: &Header) {
        let names: Vec<&Name> = header.grades.iter().map(|grade| &grade.name).collect();
        self.duplicates("等级", &names);
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
        let unit = match &declaration.kind {
            FactKind::Quantity(unit) => Some(unit),
            _ => None,
        };
        let mut bound = |expr: &Expr<Parsed>| -> Option<Decimal> {
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
        };
        let (Some(low), Some(high)) = (bound(&range.low), bound(&range.high)) else {
            return natural;
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

    fn group(&mut self, group: &Group<Parsed>) -> Group<Checked> {
        let level = if group.level == 1 { "一级" } else { "二级" };
        self.weight_sum(
            &format!("{level}指标「{}」的权重", group.name.text),
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
        let parts: Vec<(&str, Decimal)> = children
            .iter()
            .map(|child| match child {
                Node::Group(group) => (group.name.text.as_str(), group.weight),
                Node::Indicator(indicator) => (indicator.name.text.as_str(), indicator.weight),
            })
            .collect();
        let Some(sum) = checked_sum(parts.iter().map(|(_, weight)| *weight)) else {
            return;
        };
        if children.is_empty() || sum == weight {
            return;
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|(name, weight)| format!("{name} {} 分", weight.normalize()))
            .collect();
        let direction = if sum > weight { "多" } else { "少" };
        let top = parent == "体系的满分";
        let (children_word, fix) = if top {
            ("各一级指标", "调整一级指标的权重使合计等于满分，或核对满分")
        } else {
            ("下级", "调整下级权重使合计等于上级权重，或核对上级权重")
        };
        self.errors.push(CheckError::WeightSum {
            parent: parent.to_string(),
            children: children_word,
            weight: weight.normalize(),
            sum: sum.normalize(),
            span: span.into(),
            help: format!(
                "{children_word}：{}，合计 {} 分，比 {} 分{direction} {} 分。{fix}",
                listed.join("、"),
                sum.normalize(),
                weight.normalize(),
                sum.checked_sub(weight)
                    .map_or(Decimal::ZERO, |gap| gap.abs())
                    .normalize(),
            ),
        });
    }

    fn total_weight(&mut self, header: &Header, groups: &[Group<Parsed>]) {
        let (full_marks, span) = header
            .full_marks
            .unwrap_or((Decimal::ONE_HUNDRED, header.span));
        let children: Vec<Node<Parsed>> = groups.iter().cloned().map(Node::Group).collect();
        self.weight_sum("体系的满分", full_marks, span, &children);
    }

    /// The ruleset's own facts no rule reads (a library's may go unused).
    fn unused_facts(&mut self) {
        for (fact, used) in self.facts.iter().zip(&self.used).take(self.own_facts) {
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
        let labels: Vec<Name> = checklist
            .items
            .iter()
            .map(|item| Name {
                text: item.label.to_string(),
                span: Span::new(item.span.start, item.span.start + item.label.len_utf8()),
            })
            .collect();
        self.duplicates("要点编号", &labels.iter().collect::<Vec<_>>());
        let awarded: Vec<&ChecklistItem<Parsed>> = checklist
            .items
            .iter()
            .filter(|item| !item.deducts)
            .collect();
        let sum = checked_sum(awarded.iter().map(|item| item.points));
        if let Some(sum) = sum.filter(|sum| *sum != indicator.weight) {
            let deducting: String = checklist
                .items
                .iter()
                .filter(|item| item.deducts)
                .map(|item| item.label)
                .collect();
            let (sum_text, weight_text) = (sum.normalize(), indicator.weight.normalize());
            let effect = if sum > indicator.weight {
                format!(
                    "全部要点都符合时合计 {sum_text} 分，会被截到权重 {weight_text} 分，多出的分值不起作用"
                )
            } else {
                format!("全部要点都符合也只得 {sum_text} 分，永远得不到满分 {weight_text} 分")
            };
            let aside = if deducting.is_empty() {
                String::new()
            } else {
                format!("（扣分项 {deducting} 不计入合计）")
            };
            self.errors.push(CheckError::ChecklistPoints {
                indicator: indicator.name.text.clone(),
                sum: sum_text,
                weight: weight_text,
                parts: awarded
                    .iter()
                    .map(|item| format!("{} {}", item.label, item.points.normalize()))
                    .collect::<Vec<_>>()
                    .join(" + "),
                span: indicator.weight_span.into(),
                help: format!("{effect}{aside}；核对评分标准原文中各要点的分值与权重"),
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

    /// Reports clauses after an unconditional one, and a last clause that can
    /// fail. Conditions that between them cover every value (`>= 95%`, then
    /// `< 95%`) need no fallback; that is proved without the declared ranges,
    /// which a facts file may overstep.
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
        if self.tiers_cover_all(clauses)
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

    /// Whether the clauses' conditions leave no value of any fact uncovered,
    /// with every numeric fact taken as unbounded.
    fn conditions_cover_all(&self, clauses: &[Clause<Parsed>], scope: &Scope) -> bool {
        let ranges = Ranges {
            checker: self,
            scope,
            trust_declarations: false,
        };
        let mut env = ranges.env();
        for clause in clauses {
            match &clause.guard {
                Guard::When(condition) => ranges.assume(condition, false, &mut env, clause.span),
                Guard::Tier(fact, label) => ranges.assume_tier(fact, label, false, &mut env),
                Guard::Always => return true,
            }
        }
        env.dead
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
                    let declared = levels.join("，");
                    let help = match closest(&label.text, levels.iter().map(String::as_str)) {
                        Some(level) => format!("是否想写「{level}」？已声明的档次：{declared}"),
                        None => format!(
                            "已声明的档次：{declared}；要用新的档次，先在「事实」的「档次（…）」中加上"
                        ),
                    };
                    self.errors.push(CheckError::UndefinedTier {
                        label: label.text.clone(),
                        fact: fact.text.clone(),
                        span: label.span.into(),
                        help,
                    });
                }
                index.unwrap_or(0)
            }
            other => {
                if self.fact_ids.contains_key(&fact.text) {
                    self.errors.push(CheckError::WrongType {
                        expected: "档次类事实",
                        found: other.clone(),
                        text: fact.text.clone(),
                        span: fact.span.into(),
                        help: "「X 为 A 得…」只用于声明为「档次（…）」的事实".into(),
                    });
                }
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

    /// A stepped deduction needs a 完成值, a 标杆值 (except days late), and a
    /// step in the 完成值's unit; where the value can fall between steps, the
    /// text must say how a part step counts.
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
        let expected_step = match &actual {
            Ty::Date => Ty::Count("天".into()),
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

    /// Warns where a stepped deduction with no stated rounding meets a value
    /// that can fall between steps: a percent, money or plain number always
    /// can; a count of whole things only when the step does not divide 1.
    fn step_rounding(&mut self, deduction: &Deduction, actual: &Ty) {
        let whole_things = matches!(actual, Ty::Count(_) | Ty::Date);
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

    fn require_actual(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
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

    fn require_target(&mut self, scope: &Scope, span: Span) -> Option<Ty> {
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

    fn condition(&mut self, condition: &Condition<Parsed>, scope: &Scope) -> Condition<Checked> {
        match condition {
            Condition::Compare(op, left, right, span) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                if let (Some(left_ty), Some(right_ty)) = (left_ty, right_ty) {
                    let errors_before = self.errors.len();
                    self.same_dimension(&left_ty, &right_ty, left.span, right.span, "比较");
                    if self.errors.len() == errors_before {
                        self.point_difference_compared(left, right);
                    }
                }
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
        if let Some(id) = self.fact_ids.get(&name.text) {
            self.used[id.0] = true;
            return FactRef {
                id: *id,
                span: name.span,
            };
        }
        match self.all_indicators.get(&name.text) {
            Some(defined) => self.errors.push(CheckError::IndicatorReference {
                name: name.text.clone(),
                span: name.span.into(),
                defined: (*defined).into(),
            }),
            None => {
                let (help, meant) = self.suggestion(&name.text);
                // The fact meant is not "unused": that would report one slip twice.
                if let Some(meant) = meant {
                    self.used[meant.0] = true;
                }
                self.errors.push(CheckError::UndefinedName {
                    name: name.text.clone(),
                    span: name.span.into(),
                    help,
                });
            }
        }
        FactRef {
            id: FactId(usize::MAX),
            span: name.span,
        }
    }

    /// What the writer of an undeclared name probably meant, and the fact
    /// it names if it names one.
    fn suggestion(&self, name: &str) -> (String, Option<FactId>) {
        let tier_levels = self.facts.iter().flat_map(|fact| match &fact.ty {
            Ty::Tier(levels) => levels.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        });
        let declared = self
            .facts
            .iter()
            .map(|fact| fact.name.as_str())
            .chain(tier_levels);
        let fact_in = |text: &str| {
            self.facts
                .iter()
                .filter(|fact| text.contains(fact.name.as_str()))
                .max_by_key(|fact| fact.name.len())
                .and_then(|fact| self.fact_ids.get(&fact.name).copied())
        };
        if let Some((_, spaced)) = crate::lang::parse::respace_glued(name, declared.clone()) {
            return (
                format!("名称与关键字之间要加空格：「{spaced}」"),
                fact_in(name),
            );
        }
        let negated = ["不", "非", "未"]
            .iter()
            .find_map(|word| Some((*word, name.strip_prefix(word)?)))
            .filter(|(_, rest)| self.fact_ids.contains_key(*rest));
        if let Some((word, rest)) = negated {
            return (
                format!("否定词后要加空格：「{word} {rest}」"),
                self.fact_ids.get(rest).copied(),
            );
        }
        let keywords = ["完成值", "标杆值", "权重", "否则", "反之"];
        let indicators = self.all_indicators.keys().map(String::as_str);
        match closest(name, declared.chain(indicators)) {
            Some(candidate) if self.all_indicators.contains_key(candidate) => (
                format!(
                    "是否想写「{candidate}」？在指标「{candidate}」之内，它的完成值写作「完成值」"
                ),
                None,
            ),
            Some(candidate) => (
                format!("是否想写「{candidate}」？"),
                self.fact_ids.get(candidate).copied(),
            ),
            None => match closest(name, keywords.into_iter()) {
                Some(keyword) => (format!("是否想写关键字「{keyword}」？"), None),
                None => (
                    format!("在「事实 {{ … }}」中声明它，例如「{name}: 万元」"),
                    None,
                ),
            },
        }
    }

    /// An expression's checked form and type; `None` for a type unknown
    /// because of an error already reported (an undeclared name).
    fn expr(&mut self, expr: &Expr<Parsed>, scope: &Scope) -> (Expr<Checked>, Option<Ty>) {
        let (kind, ty) = match &expr.kind {
            ExprKind::Quantity(number, unit) => (
                ExprKind::Quantity(*number, unit.clone()),
                Some(unit.as_ref().map_or(Ty::Plain, Unit::ty)),
            ),
            ExprKind::Date(date) => (ExprKind::Date(*date), Some(Ty::Date)),
            ExprKind::Weight => (ExprKind::Weight, Some(Ty::Points)),
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
                let ty = self.facts.get(fact.id.0).map(|fact| fact.ty.clone());
                (ExprKind::Ref(fact), ty)
            }
            ExprKind::Binary(op, left, right) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                let ty = match (left_ty, right_ty) {
                    (Some(left_ty), Some(right_ty)) => {
                        self.binary_ty(*op, (&left_ty, left.span), (&right_ty, right.span))
                    }
                    _ => None,
                };
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

    fn value_ty(&mut self, scope: &Scope, span: Span, actual: bool) -> Option<Ty> {
        if actual {
            self.require_actual(scope, span)
        } else {
            self.require_target(scope, span)
        }
    }

    /// The type of `left op right`, reporting operands that do not combine
    /// (and then unknown, so that the mistake is reported once).
    fn binary_ty(&mut self, op: BinOp, left: (&Ty, Span), right: (&Ty, Span)) -> Option<Ty> {
        let (l, r) = (left.0, right.0);
        let adds = matches!(op, BinOp::Add | BinOp::Sub);
        if adds && self.percent_without_unit(l, r, left.1, right.1) {
            return None;
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
        if combined.is_none() {
            self.errors.push(CheckError::UnitMismatch {
                help: unit_help(
                    match op {
                        BinOp::Add | BinOp::Sub => "相加",
                        BinOp::Mul => "相乘",
                        BinOp::Div => "相除",
                    },
                    l,
                ),
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
        }
        combined
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
                help: unit_help(operation, left),
                left: left.clone(),
                right: right.clone(),
                operation,
                left_span: left_span.into(),
                right_span: right_span.into(),
            });
        }
    }

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

// ---------------------------------------------------------------- percentage points

/// Whether an expression stands for a percent itself or for a difference of
/// two percents: `个百分点` is only ever a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// A value: a fact, 完成值, 标杆值 (and sums and ratios of them).
    Value,
    /// A difference: `完成值 − 标杆值`, or a `个百分点` literal (its span).
    Difference(Option<Span>),
    /// A literal that takes either role (`5%`, `2家`).
    Either,
}

impl Checker {
    fn level(&self, expr: &Expr<Parsed>) -> Level {
        match &expr.kind {
            ExprKind::Quantity(_, Some(Unit::PercentagePoint)) => {
                Level::Difference(Some(expr.span))
            }
            ExprKind::Quantity(..) | ExprKind::Date(_) | ExprKind::Weight => Level::Either,
            ExprKind::Ref(_) | ExprKind::Actual | ExprKind::Target => Level::Value,
            ExprKind::Binary(op, left, right) => match (op, self.level(left), self.level(right)) {
                (_, side, Level::Either) | (_, Level::Either, side) => side,
                (BinOp::Sub, Level::Value, Level::Value) => Level::Difference(None),
                (BinOp::Add | BinOp::Sub, Level::Value, Level::Difference(_))
                | (BinOp::Add, Level::Difference(_), Level::Value) => Level::Value,
                (BinOp::Add | BinOp::Sub, Level::Difference(a), Level::Difference(b)) => {
                    Level::Difference(a.or(b))
                }
                (BinOp::Div, Level::Difference(_), Level::Difference(_)) => Level::Either,
                _ => Level::Value,
            },
        }
    }

    /// Reports a `个百分点` literal where a percent itself belongs (a 完成值,
    /// a 标杆值, a score).
    fn not_a_point_difference(&mut self, expr: &Expr<Parsed>, role: &str) {
        if let Level::Difference(Some(span)) = self.level(expr) {
            let number = point_number(expr, span);
            self.errors.push(CheckError::PercentagePointAsPercent {
                text: format!("{number}个百分点"),
                span: span.into(),
                percent: None,
                help: format!(
                    "{role}是百分比本身，写作「{number}%」；「个百分点」只用于差值，例如「每降低1个百分点扣0.1分」"
                ),
            });
        }
    }

    /// Reports `完成值 >= 95个百分点`: a percent compared with a difference.
    fn point_difference_compared(&mut self, left: &Expr<Parsed>, right: &Expr<Parsed>) {
        let (value, difference) = match (self.level(left), self.level(right)) {
            (Level::Value, Level::Difference(Some(span))) => (left, (right, span)),
            (Level::Difference(Some(span)), Level::Value) => (right, (left, span)),
            _ => return,
        };
        let number = point_number(difference.0, difference.1);
        self.errors.push(CheckError::PercentagePointAsPercent {
            text: format!("{number}个百分点"),
            span: difference.1.into(),
            percent: Some(value.span.into()),
            help: format!(
                "这里比较的是百分比本身，写作「{number}%」；要比较差值，两边都写成差，\
                 例如「标杆值 - 完成值 <= 5个百分点」"
            ),
        });
    }
}

/// The number of the `个百分点` literal at `span` inside `expr`.
fn point_number(expr: &Expr<Parsed>, span: Span) -> String {
    match &expr.kind {
        ExprKind::Quantity(number, _) if expr.span == span => number.normalize().to_string(),
        ExprKind::Binary(_, left, right) => {
            let in_left = point_number(left, span);
            if in_left.is_empty() {
                point_number(right, span)
            } else {
                in_left
            }
        }
        _ => String::new(),
    }
}

/// How to fix a unit mismatch, by what was attempted.
fn unit_help(operation: &str, left: &Ty) -> String {
    match operation {
        "相乘" => "相乘时至少一边应是比率或不带单位的数，例如「完成值 × 权重」「覆盖率 × 5分」".into(),
        "相除" => {
            "相除的两边应是同一类单位（得出比率，例如「实际支出资金 / 实际到位资金」），或除以不带单位的数"
                .into()
        }
        "混用" => format!(
            "扣分步长的单位要与完成值相同：完成值是{left}，步长也用这类单位\
             （百分比写「1个百分点」或「1%」，家数写「1家」）"
        ),
        _ => "换算到同一类单位，或检查是否用错了事实".into(),
    }
}

/// The sum of decimals, or `None` if it overflows (hostile weights).
fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |sum, value| sum.checked_add(value))
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

/// What a fact's type allows when no range is declared: money and counts are
/// never negative; yes/no is 0 or 1; a tier is one of its levels; percents,
/// plain numbers and dates may be anything (a growth rate can be negative).
fn natural_range(ty: &Ty) -> FactRange {
    let values = match ty {
        Ty::Money(_) | Ty::Count(_) => Interval::at_least(Decimal::ZERO),
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

/// Where an indicator's 完成值 is written, or its name if it has none.
fn actual_span(indicator: &Indicator<Parsed>) -> Span {
    indicator
        .actual
        .as_ref()
        .map_or(indicator.name.span, |actual| actual.span)
}

/// The step of a deduction as written: `1个百分点`, `1家`.
fn step_words(deduction: &Deduction) -> String {
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

/// How a deduction's direction reads for a value of this type.
fn direction_word(direction: Direction, actual: &Ty) -> &'static str {
    match (direction, actual) {
        (Direction::Below, Ty::Count(_)) => "少",
        (Direction::Below, _) => "降低",
        (Direction::Above, _) => "超出",
        (Direction::Late, _) => "延迟",
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to
/// be a slip of the keyboard rather than another name: one character in a
/// short name, about one in three in a long one.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    candidates
        .map(|candidate| (strsim::osa_distance(candidate, name), candidate))
        .filter(|(distance, candidate)| {
            let allowed = (candidate.chars().count().max(length) + 1) / 3;
            *distance <= allowed.max(1) && *distance < length
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

// ---------------------------------------------------------------- range analysis

/// Differences smaller than this are decimal noise (1/3 × 3), not findings.
const NOISE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// A value that conditions can narrow: a fact, or the indicator's own values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Var {
    Fact(FactId),
    Actual,
    Target,
}

/// What is known of one value at one point of a rule, and why.
#[derive(Debug, Clone)]
struct Known {
    values: Interval,
    /// The declarations and clauses that narrowed it, as labels.
    because: Vec<(Span, String)>,
}

/// What is known of every value at one point of a rule.
#[derive(Debug, Clone, Default)]
struct Env {
    values: HashMap<Var, Known>,
    /// For each tier fact, the levels still possible.
    tiers: HashMap<FactId, Vec<bool>>,
    /// No value is left: nothing after this point is reached.
    dead: bool,
    /// Why nothing is left.
    dead_because: Vec<(Span, String)>,
}

/// The range analysis of one indicator.
struct Ranges<'a> {
    checker: &'a Checker,
    scope: &'a Scope<'a>,
    /// Whether to use declared and natural ranges, or take every number as
    /// unbounded (to prove what holds whatever a facts file says).
    trust_declarations: bool,
}

/// A clause reached by some values, with the scores it gives them.
struct Reached<'c> {
    clause: &'c Clause<Parsed>,
    scores: Interval,
    /// What is known where the clause applies.
    env: Env,
}

impl Ranges<'_> {
    fn weight(&self) -> Decimal {
        self.scope.indicator.weight
    }

    fn env(&self) -> Env {
        let mut env = Env::default();
        for (index, (fact, range)) in self
            .checker
            .facts
            .iter()
            .zip(&self.checker.ranges)
            .enumerate()
        {
            let id = FactId(index);
            let trusted = self.trust_declarations || matches!(fact.ty, Ty::Bool | Ty::Tier(_));
            let values = if trusted {
                range.values
            } else {
                Interval::UNBOUNDED
            };
            let because = match range.declared {
                Some(span) if self.trust_declarations => {
                    vec![(span, format!("「{}」声明的范围", fact.name))]
                }
                _ => Vec::new(),
            };
            env.values.insert(Var::Fact(id), Known { values, because });
            if let Ty::Tier(levels) = &fact.ty {
                env.tiers.insert(id, vec![true; levels.len()]);
            }
        }
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
            because,
        }
    }

    fn reasons(&self, expr: &Expr<Parsed>, env: &Env, out: &mut Vec<(Span, String)>) {
        match &expr.kind {
            ExprKind::Binary(_, left, right) => {
                self.reasons(left, env, out);
                self.reasons(right, env, out);
            }
            _ => {
                if let Some(known) = self.var(expr).and_then(|var| env.values.get(&var)) {
                    for reason in &known.because {
                        if !out.contains(reason) {
                            out.push(reason.clone());
                        }
                    }
                }
            }
        }
    }

    /// The value an expression names, if it is one a condition can narrow.
    /// 完成值 that is just a fact is that fact, so narrowing one narrows both.
    fn var(&self, expr: &Expr<Parsed>) -> Option<Var> {
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

    fn known<'e>(&self, var: Var, env: &'e Env) -> Option<&'e Known> {
        env.values.get(&var)
    }

    fn value(&self, expr: &Expr<Parsed>, env: &Env) -> Interval {
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
    fn possible(&self, condition: &Condition<Parsed>, env: &Env) -> (bool, bool) {
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
    fn assume(&self, condition: &Condition<Parsed>, truth: bool, env: &mut Env, clause: Span) {
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
                        self.remember(env, var, side, clause, truth);
                    }
                }
            }
            Condition::Fact(name) => {
                if let Some(id) = self.checker.fact_ids.get(&name.text) {
                    let value = Interval::point(if truth { Decimal::ONE } else { Decimal::ZERO });
                    narrow(env, Var::Fact(*id), CmpOp::Eq, &value, clause);
                }
            }
            Condition::Not(inner) => self.assume(inner, !truth, env, clause),
            Condition::All(members) if truth => {
                for member in members {
                    self.assume(member, true, env, clause);
                }
            }
            Condition::Any(members) if !truth => {
                for member in members {
                    self.assume(member, false, env, clause);
                }
            }
            Condition::All(_) | Condition::Any(_) => {}
        }
    }

    /// Records that `clause` narrowed `var` (written as `side`), for labels.
    fn remember(&self, env: &mut Env, var: Var, side: &Expr<Parsed>, clause: Span, truth: bool) {
        let Some(described) = self.describe(var, &written(side), env) else {
            return;
        };
        let reason = if truth {
            format!("这条规则适用于 {described}")
        } else {
            format!("这条规则之后，余下 {described}")
        };
        if let Some(known) = env.values.get_mut(&var) {
            known.because.retain(|(span, _)| *span != clause);
            known.because.push((clause, reason));
        }
    }

    /// The tier fact and level index of a tier arm, if both resolve.
    fn tier(&self, fact: &Name, label: &Name) -> Option<(FactId, usize)> {
        let id = *self.checker.fact_ids.get(&fact.text)?;
        let Ty::Tier(levels) = &self.checker.facts.get(id.0)?.ty else {
            return None;
        };
        Some((id, levels.iter().position(|level| level == &label.text)?))
    }

    fn tier_possible(&self, fact: &Name, label: &Name, env: &Env) -> bool {
        !env.dead
            && self.tier(fact, label).is_none_or(|(id, index)| {
                env.tiers
                    .get(&id)
                    .and_then(|levels| levels.get(index))
                    .copied()
                    .unwrap_or(true)
            })
    }

    fn assume_tier(&self, fact: &Name, label: &Name, truth: bool, env: &mut Env) {
        let Some((id, index)) = self.tier(fact, label) else {
            return;
        };
        let Some(levels) = env.tiers.get_mut(&id) else {
            return;
        };
        for (level, possible) in levels.iter_mut().enumerate() {
            if (level == index) != truth {
                *possible = false;
            }
        }
        if levels.iter().all(|possible| !possible) {
            env.dead = true;
        }
    }

    /// The values 完成值 or 标杆值 (`kind`) can take in `env`.
    fn keyword_interval(&self, kind: ExprKind<Parsed>, env: &Env) -> Interval {
        self.value(
            &Expr {
                kind,
                span: Span::default(),
            },
            env,
        )
    }

    /// The scores an outcome gives over the values in `env`, before clamping.
    fn scores(&self, outcome: &Outcome<Parsed>, env: &Env) -> Interval {
        let weight = Interval::point(self.weight());
        let actual = self
            .known(Var::Actual, env)
            .map_or(Interval::UNBOUNDED, |known| known.values);
        let actual = self.scope.indicator.actual.as_ref().map_or(actual, |expr| {
            // 完成值 aliased to a fact is narrowed under the fact's name.
            self.value(
                &Expr {
                    kind: ExprKind::Actual,
                    span: expr.span,
                },
                env,
            )
        });
        let target = self.keyword_interval(ExprKind::Target, env);
        match outcome {
            Outcome::Full => weight,
            Outcome::Share(share) => weight.mul(&Interval::point(*share)),
            Outcome::Fixed(points) => Interval::point(*points),
            Outcome::Discretion => Interval::closed(Decimal::ZERO, self.weight()),
            Outcome::Formula(formula) => self.value(formula, env),
            Outcome::Proportional => weight.mul(&actual.div(&target)),
            Outcome::Deduction(deduction) => {
                let steps = self.steps(deduction, &actual, &target);
                weight.sub(&steps.mul(&Interval::point(deduction.points)))
            }
        }
    }

    /// The largest deduction in words: 差距最大为 2个，计 2 步，最多扣 2 × 1 = 2 分.
    fn deepest_deduction(&self, deduction: &Deduction, env: &Env) -> String {
        let actual = self.keyword_interval(ExprKind::Actual, env);
        let target = self.keyword_interval(ExprKind::Target, env);
        let steps = self.steps(deduction, &actual, &target).hi;
        let ty = self.scope.actual.ty().unwrap_or(Ty::Plain);
        let gap = steps.and_then(|steps| steps.checked_mul(deduction.step));
        let shown = |value: Decimal| crate::lang::units::tidy(value, 4);
        match (steps, gap) {
            (Some(steps), Some(gap)) => {
                let gap = match &deduction.step_unit {
                    Some(Unit::PercentagePoint) => {
                        format!(
                            "{}个百分点",
                            shown(gap.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(gap))
                        )
                    }
                    _ => ty.show(gap),
                };
                format!(
                    "差距最大为 {gap}，计 {} 步（每{}{}为一步），最多扣 {} × {} = {} 分",
                    shown(steps),
                    direction_word(deduction.direction, &ty),
                    step_words(deduction),
                    shown(steps),
                    deduction.points.normalize(),
                    steps
                        .checked_mul(deduction.points)
                        .map_or_else(|| "很多".to_string(), |points| shown(points).to_string())
                )
            }
            _ => "扣分有上限".to_string(),
        }
    }

    /// The whole (or part) steps a deduction counts.
    fn steps(&self, deduction: &Deduction, actual: &Interval, target: &Interval) -> Interval {
        let has_target = matches!(self.scope.indicator.target, Some(Target::Value(_)));
        let target = if has_target {
            *target
        } else {
            Interval::point(Decimal::ZERO)
        };
        let gap = match deduction.direction {
            Direction::Below => target.sub(actual),
            Direction::Above | Direction::Late => actual.sub(&target),
        };
        let steps = gap.at_least_zero().div(&Interval::point(deduction.step));
        match deduction.partial {
            PartialStep::Exact => steps,
            PartialStep::RoundUp => steps.map_ends(|steps| steps.ceil()),
            PartialStep::RoundDown => steps.map_ends(|steps| steps.floor()),
        }
    }

    /// How a value reads at this point, under the name it is written by:
    /// `0% ≤ 完成值 < 90%`.
    fn describe(&self, var: Var, name: &str, env: &Env) -> Option<String> {
        let known = self.known(var, env)?;
        let ty = match var {
            Var::Fact(id) => self.checker.facts.get(id.0)?.ty.clone(),
            Var::Actual => self.scope.actual.ty()?,
            Var::Target => self.scope.target.ty()?,
        };
        Some(describe_interval(name, &ty, &known.values))
    }

    /// The name a fact is declared by.
    fn fact_name(&self, var: Var) -> String {
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

    /// Every value a condition reads, once, with the name it is written by.
    fn vars(&self, condition: &Condition<Parsed>, out: &mut Vec<(Var, String)>) {
        let add = |expr: &Expr<Parsed>, out: &mut Vec<(Var, String)>| {
            if let Some(var) = self.var(expr) {
                if !out.iter().any(|(seen, _)| *seen == var) {
                    out.push((var, written(expr)));
                }
            }
        };
        match condition {
            Condition::Compare(_, left, right, _) => {
                add(left, out);
                add(right, out);
            }
            Condition::Fact(name) => {
                if let Some(id) = self.checker.fact_ids.get(&name.text) {
                    if !out.iter().any(|(seen, _)| *seen == Var::Fact(*id)) {
                        out.push((Var::Fact(*id), name.text.clone()));
                    }
                }
            }
            Condition::Not(inner) => self.vars(inner, out),
            Condition::All(members) | Condition::Any(members) => {
                for member in members {
                    self.vars(member, out);
                }
            }
        }
    }

    /// A clause whose condition cannot hold where it stands.
    fn never_holds(
        &self,
        span: Span,
        condition: &Condition<Parsed>,
        env: &Env,
        what: &'static str,
    ) -> CheckError {
        let mut vars = Vec::new();
        self.vars(condition, &mut vars);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(format!("这条{what}的条件不会成立")),
            span,
        )];
        let mut seen = HashSet::new();
        for (var, _) in &vars {
            for (reason_span, reason) in self.known(*var, env).map_or(&[][..], |k| &k.because) {
                if seen.insert(*reason_span) && *reason_span != span {
                    labels.push(LabeledSpan::new_with_span(
                        Some(reason.clone()),
                        *reason_span,
                    ));
                }
            }
        }
        let described: Vec<String> = vars
            .iter()
            .filter_map(|(var, name)| self.describe(*var, name, env))
            .collect();
        let help = if described.is_empty() {
            format!("删去这条{what}，或核对它的条件")
        } else {
            format!(
                "到这条{what}时，{}，条件不会成立。删去这条{what}，或核对条件与事实的声明范围",
                described.join("，")
            )
        };
        CheckError::BranchNeverTaken {
            what,
            reason: "它的条件不可能成立".to_string(),
            labels,
            help,
        }
    }

    /// A clause after clauses that between them take every case.
    fn nothing_left(&self, span: Span, env: &Env) -> CheckError {
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some("这条规则不会用到".to_string()),
            span,
        )];
        let mut seen = HashSet::new();
        for (reason_span, reason) in &env.dead_because {
            if seen.insert(*reason_span) {
                let reason = if reason.is_empty() {
                    "前面的规则已处理了余下的情况"
                } else {
                    reason
                };
                labels.push(LabeledSpan::new_with_span(
                    Some(reason.to_string()),
                    *reason_span,
                ));
            }
        }
        CheckError::BranchNeverTaken {
            what: "规则",
            reason: "前面的规则已经覆盖了所有情况".to_string(),
            labels,
            help: "删去这条规则；若它本应先适用，把它移到前面".to_string(),
        }
    }

    /// Walks a 评分 block clause by clause, each seeing the values the
    /// clauses before it leave, and returns the findings.
    fn clauses(&self, clauses: &[Clause<Parsed>]) -> Vec<CheckError> {
        let mut env = self.env();
        let mut reached = Vec::new();
        let mut findings = Vec::new();
        for clause in clauses {
            if env.dead {
                findings.push(self.nothing_left(clause.span, &env));
                continue;
            }
            match &clause.guard {
                Guard::Always => {
                    reached.push(Reached {
                        clause,
                        scores: self.scores(&clause.outcome, &env),
                        env: env.clone(),
                    });
                    break;
                }
                Guard::When(condition) => {
                    let (holds, _) = self.possible(condition, &env);
                    if holds {
                        let mut taken = env.clone();
                        self.assume(condition, true, &mut taken, clause.span);
                        if !taken.dead {
                            reached.push(Reached {
                                clause,
                                scores: self.scores(&clause.outcome, &taken),
                                env: taken,
                            });
                        }
                    } else {
                        findings.push(self.never_holds(clause.span, condition, &env, "规则"));
                    }
                    self.assume(condition, false, &mut env, clause.span);
                }
                Guard::Tier(fact, label) => {
                    if self.tier_possible(fact, label, &env) {
                        let mut taken = env.clone();
                        self.assume_tier(fact, label, true, &mut taken);
                        reached.push(Reached {
                            clause,
                            scores: self.scores(&clause.outcome, &taken),
                            env: taken,
                        });
                    } else {
                        findings.push(CheckError::BranchNeverTaken {
                            what: "规则",
                            reason: format!("档次「{}」在前面已经处理过", label.text),
                            labels: vec![LabeledSpan::new_primary_with_span(
                                Some("重复的档次".to_string()),
                                clause.span,
                            )],
                            help: "每个档次只写一次；删去这条，或改成尚未写到的档次".to_string(),
                        });
                    }
                    self.assume_tier(fact, label, false, &mut env);
                    if env.dead {
                        env.dead_because.push((clause.span, String::new()));
                    }
                }
            }
            if env.dead && env.dead_because.is_empty() {
                env.dead_because.push((clause.span, String::new()));
            }
        }
        findings.extend(self.score_bounds(&reached));
        findings
    }

    /// Items (and a gate) whose condition never holds.
    fn checklist(&self, checklist: &Checklist<Parsed>) -> Vec<CheckError> {
        let env = self.env();
        let mut findings = Vec::new();
        for item in &checklist.items {
            if !self.possible(&item.condition, &env).0 {
                // The item's own span runs on over the white space after it.
                let end = condition_span(&item.condition).map_or(item.span.end, |span| span.end);
                let span = Span::new(item.span.start, end);
                findings.push(self.never_holds(span, &item.condition, &env, "要点"));
            }
        }
        if let Some(Gate {
            condition: GateCondition::Condition(condition),
            span,
            ..
        }) = &checklist.gate
        {
            if !self.possible(condition, &env).0 {
                findings.push(self.never_holds(*span, condition, &env, "前提"));
            }
        }
        findings
    }

    /// The declared ranges an indicator's values rest on, as labels and words.
    fn declared_ranges(&self) -> (Vec<LabeledSpan>, Vec<String>) {
        let env = self.env();
        let mut labels = Vec::new();
        let mut words = Vec::new();
        let mut seen = HashSet::new();
        for var in [Var::Actual, Var::Target] {
            for (span, _) in self
                .known(var, &env)
                .map_or(&[][..], |known| &known.because)
            {
                if !seen.insert(*span) {
                    continue;
                }
                labels.push(LabeledSpan::new_with_span(
                    Some("声明的范围".to_string()),
                    *span,
                ));
                if let Some((index, _)) = self
                    .checker
                    .ranges
                    .iter()
                    .enumerate()
                    .find(|(_, range)| range.declared == Some(*span))
                {
                    let var = Var::Fact(FactId(index));
                    if let Some(described) = self.describe(var, &self.fact_name(var), &self.env()) {
                        words.push(described);
                    }
                }
            }
        }
        (labels, words)
    }

    /// never_full_marks, never_zero and score_out_of_range over the clauses reached.
    fn score_bounds(&self, reached: &[Reached]) -> Vec<CheckError> {
        let mut findings = Vec::new();
        let Some(all) = reached
            .iter()
            .map(|reached| reached.scores)
            .reduce(|all, scores| all.hull(&scores))
        else {
            return findings;
        };
        let weight = self.weight();
        let indicator = self.scope.indicator;
        let (range_labels, range_words) = self.declared_ranges();
        let over = if range_words.is_empty() {
            "无论事实取何值".to_string()
        } else {
            format!("按事实的声明范围（{}）", range_words.join("；"))
        };
        let show = |points: Decimal| crate::lang::units::tidy(points, 4);
        if let Some(best) = all
            .hi
            .filter(|best| Some(*best) < weight.checked_sub(NOISE))
        {
            let mut labels = vec![LabeledSpan::new_with_span(
                Some(format!("权重 {} 分", weight.normalize())),
                indicator.weight_span,
            )];
            labels.extend(
                reached
                    .iter()
                    .filter(|reached| reached.scores.hi == Some(best))
                    .map(|reached| {
                        LabeledSpan::new_primary_with_span(
                            Some(format!("最多得 {} 分", show(best))),
                            clause_span(reached.clause),
                        )
                    }),
            );
            labels.extend(range_labels.iter().cloned());
            findings.push(CheckError::NeverFullMarks {
                indicator: indicator.name.text.clone(),
                best: show(best),
                weight: weight.normalize(),
                labels,
                help: format!(
                    "{over}，这条规则最多给 {} 分。核对评分标准原文、各条规则的顺序与事实的声明范围",
                    show(best)
                ),
            });
        }
        let computed = |reached: &&Reached| {
            matches!(
                reached.clause.outcome,
                Outcome::Formula(_) | Outcome::Proportional | Outcome::Deduction(_)
            )
        };
        if let Some(worst) = all.lo.filter(|worst| *worst > NOISE) {
            let lowest: Vec<&Reached> = reached
                .iter()
                .filter(|reached| reached.scores.lo == Some(worst))
                .collect();
            if lowest.iter().any(computed) {
                let mut labels: Vec<LabeledSpan> = lowest
                    .iter()
                    .map(|reached| {
                        LabeledSpan::new_primary_with_span(
                            Some(format!("最少得 {} 分", show(worst))),
                            clause_span(reached.clause),
                        )
                    })
                    .collect();
                labels.extend(range_labels.iter().cloned());
                let deduction = lowest
                    .iter()
                    .find_map(|reached| match &reached.clause.outcome {
                        Outcome::Deduction(deduction) => Some((deduction, &reached.env)),
                        _ => None,
                    });
                let help = match deduction {
                    Some((deduction, env)) => format!(
                        "{}，扣不完权重 {} 分。若原文写「扣完为止」，核对标杆值、步长与每步扣分",
                        self.deepest_deduction(deduction, env),
                        weight.normalize()
                    ),
                    None => format!(
                        "{over}，完成得最差时也得 {} 分。通常最差时应得 0 分；若原文确实如此，可忽略",
                        show(worst)
                    ),
                };
                findings.push(CheckError::NeverZero {
                    indicator: indicator.name.text.clone(),
                    worst: show(worst),
                    labels,
                    help,
                });
            }
        }
        for reached in reached {
            let scores = reached.scores;
            let above = scores
                .hi
                .filter(|hi| weight.checked_add(NOISE).is_some_and(|limit| *hi > limit));
            let below = scores.lo.filter(|lo| *lo < -NOISE);
            let checked = matches!(
                reached.clause.outcome,
                Outcome::Formula(_) | Outcome::Proportional | Outcome::Fixed(_) | Outcome::Share(_)
            );
            if !checked || (above.is_none() && below.is_none()) {
                continue;
            }
            let range = match (scores.lo, scores.hi) {
                (Some(lo), Some(hi)) if lo == hi => format!("为 {} 分", show(lo)),
                (Some(lo), Some(hi)) => format!("在 {} 至 {} 分之间", show(lo), show(hi)),
                (Some(lo), None) => format!("不低于 {} 分", show(lo)),
                (None, Some(hi)) => format!("不高于 {} 分", show(hi)),
                (None, None) => "可取任何值".to_string(),
            };
            let label = match (above, below) {
                (Some(hi), _) => format!("可达 {} 分", show(hi)),
                (None, Some(lo)) => format!("可低至 {} 分", show(lo)),
                (None, None) => String::new(),
            };
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(label),
                clause_span(reached.clause),
            )];
            let fixed = matches!(
                reached.clause.outcome,
                Outcome::Fixed(_) | Outcome::Share(_)
            );
            let help = if fixed {
                format!(
                    "计分时会截到权重 {} 分；核对评分标准原文中的分值",
                    weight.normalize()
                )
            } else {
                labels.extend(range_labels.iter().cloned());
                format!(
                    "{over}，公式结果会超出 0 至 {} 分；计分时低于 0 按 0 分、高于权重按权重计。\
                     若这是原文的本意（如「扣完为止」），可忽略；否则核对公式",
                    weight.normalize()
                )
            };
            findings.push(CheckError::ScoreOutOfRange {
                indicator: indicator.name.text.clone(),
                range,
                weight: weight.normalize(),
                labels,
                help,
            });
        }
        findings
    }
}

impl Checker {
    /// Runs the range analysis over a checked indicator.
    fn analyse(&mut self, scope: &Scope) {
        let ranges = Ranges {
            checker: self,
            scope,
            trust_declarations: true,
        };
        let findings = match &scope.indicator.rule {
            Rule::Clauses(clauses) => ranges.clauses(clauses),
            Rule::Checklist(checklist) => ranges.checklist(checklist),
            Rule::Missing => Vec::new(),
        };
        self.errors.extend(findings);
    }
}

/// Narrows `var` to the values `op` `other` allows (`clause` is why);
/// returns whether anything changed.
fn narrow(env: &mut Env, var: Var, op: CmpOp, other: &Interval, clause: Span) -> bool {
    let Some(known) = env.values.get_mut(&var) else {
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
    if known.values.is_empty() && !env.dead {
        env.dead = true;
        env.dead_because = known.because.clone();
        env.dead_because.retain(|(span, _)| *span != clause);
        env.dead_because
            .push((clause, "这条规则之后，已没有余下的情况".to_string()));
    }
    changed
}

/// Where a clause is written, for a label: a 得分 formula's clause ends
/// with the formula, not with the space after it.
fn clause_span(clause: &Clause<Parsed>) -> Span {
    match &clause.outcome {
        Outcome::Formula(formula) if formula.span.end <= clause.span.end => {
            Span::new(clause.span.start, formula.span.end)
        }
        _ => clause.span,
    }
}

/// Where a condition is written.
fn condition_span(condition: &Condition<Parsed>) -> Option<Span> {
    match condition {
        Condition::Compare(_, _, _, span) => Some(*span),
        Condition::Fact(name) => Some(name.span),
        Condition::Not(inner) => condition_span(inner),
        Condition::All(members) | Condition::Any(members) => members
            .iter()
            .filter_map(condition_span)
            .reduce(|all, span| all.to(span)),
    }
}

/// How a value is written in a rule: 完成值, 标杆值 or the fact's name.
fn written(expr: &Expr<Parsed>) -> String {
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

/// `0% ≤ 完成值 < 90%`, `完成值 ≥ 0家`, `完成值 = 2个`.
fn describe_interval(name: &str, ty: &Ty, values: &Interval) -> String {
    if values.is_empty() {
        return format!("「{name}」已无可取的值");
    }
    if let Some(value) = values.single() {
        return format!("{name} = {}", ty.show(value));
    }
    let sign = |open: bool| if open { "<" } else { "≤" };
    match (values.lo, values.hi) {
        (Some(lo), Some(hi)) => format!(
            "{} {} {name} {} {}",
            ty.show(lo),
            sign(values.lo_open),
            sign(values.hi_open),
            ty.show(hi)
        ),
        (Some(lo), None) => format!(
            "{name} {} {}",
            if values.lo_open { ">" } else { "≥" },
            ty.show(lo)
        ),
        (None, Some(hi)) => format!("{name} {} {}", sign(values.hi_open), ty.show(hi)),
        (None, None) => format!("{name} 可取任何值"),
    }
}
