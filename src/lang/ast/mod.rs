//! The syntax tree of a ruleset.
//!
//! One tree serves two phases: as parsed, references are names ([`Parsed`]); after
//! checking, they are fact slots and tier levels ([`crate::lang::check::Checked`]). The
//! phase is a type parameter, so a checked tree cannot hold an unresolved name.

mod card;
mod ops;
mod points;
mod shift;
use crate::lang::span::{Name, Span};
use crate::lang::units::Unit;
pub use card::{Adjustment, CardEffect, TotalLimit};
pub use ops::{BinOp, CmpOp};
pub use points::{Band, PerFailed};
use rust_decimal::Decimal;
use shift::Shift;
use std::fmt::Debug;

/// What a tree's references are in one phase.
pub trait Phase: Debug + Clone {
    /// A reference to a fact (or to the indicator's own value).
    type Ref: Debug + Clone;
    /// A reference to a level of an enumerated fact.
    type Label: Debug + Clone;
}

/// The phase straight out of the parser: references are names.
#[derive(Debug, Clone)]
pub struct Parsed;

impl Phase for Parsed {
    type Ref = Name;
    type Label = Name;
}

/// One parsed source text: a ruleset with its imports, and any libraries.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// `导入 "…"` statements, in order.
    pub imports: Vec<Import>,
    /// The ruleset, unless the file is a library only.
    pub ruleset: Option<Ruleset<Parsed>>,
    /// `库 "…" { … }` sections: indicators to reuse.
    pub libraries: Vec<Library>,
    /// The units the file declares (`单位 { … }`), with the built-in table;
    /// after imports, those of the imported libraries too.
    pub units: crate::lang::units::UnitTable,
}

/// `导入 "common/framework-2020.jx"`.
#[derive(Debug, Clone)]
pub struct Import {
    /// The path as written, relative to the importing file.
    pub path: String,
    /// The statement's span.
    pub span: Span,
}

/// A library (库) of indicators and the facts they read.
#[derive(Debug, Clone)]
pub struct Library {
    /// The library's title.
    pub title: String,
    /// Its header's span.
    pub span: Span,
    /// Facts its indicators read.
    pub facts: Vec<FactDecl>,
    /// Indicator templates, each with its usual weight and rule.
    pub indicators: Vec<Indicator<Parsed>>,
}

/// `沿用 [名称]`: the indicator is the library's, with its own weight and overrides.
#[derive(Debug, Clone)]
pub struct Reuse {
    /// The library indicator's name (the indicator's own name if not written).
    pub template: Name,
    /// The `沿用` phrase.
    pub span: Span,
}

/// A whole ruleset (指标体系).
#[derive(Debug, Clone)]
pub struct Ruleset<P: Phase> {
    /// The 体系 header.
    pub header: Header,
    /// The declared facts, in order.
    pub facts: Vec<FactDecl>,
    /// Facts declared by imported libraries (never reported as unused).
    pub library_facts: Vec<FactDecl>,
    /// The 一级 groups.
    pub groups: Vec<Group<P>>,
    /// 总分规则: conditions that act on the whole card once it is added up.
    pub card_rules: Vec<CardRule<P>>,
    /// The units its text and its facts may be written in.
    pub units: crate::lang::units::UnitTable,
}

/// One rule of 总分规则: `预算执行率低于80%的，总分最高为89分`.
#[derive(Debug, Clone)]
pub struct CardRule<P: Phase> {
    /// The condition, as an indicator of weight 1 whose rule gives 1 where it
    /// holds and 0 elsewhere: checked and compiled as every other rule is.
    pub test: Indicator<P>,
    /// What it does to the card where the condition holds.
    pub effects: Vec<CardEffect>,
    /// The whole rule's span.
    pub span: Span,
}

/// The ruleset's header: title, full marks, grade bands, rounding.
#[derive(Debug, Clone)]
pub struct Header {
    /// The evaluated project's name.
    pub title: String,
    /// Where the ruleset comes from (document, annex, table).
    pub source: Option<String>,
    /// 满分: the total's full marks.
    pub full_marks: Option<(Decimal, Span)>,
    /// 等级 bands, best first.
    pub grades: Vec<GradeBand>,
    /// How each indicator's score is rounded.
    pub rounding: Option<Rounding>,
    /// 总分不超过满分 / 总分可超过满分, and where it is written.
    pub total_limit: Option<(TotalLimit, Span)>,
    /// The header keyword's span.
    pub span: Span,
}

/// One grade band: `优: >= 90`; the last band may have no bound.
#[derive(Debug, Clone)]
pub struct GradeBand {
    /// 优, 良, 中, 差 …
    pub name: Name,
    /// The total must satisfy this to get the grade.
    pub bound: Option<(CmpOp, Decimal)>,
}

/// `保留 2 位小数，四舍五入`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// How the last place is rounded.
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            places: 2,
            mode: RoundingMode::HalfUp,
        }
    }
}

/// How a score's last kept decimal place is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// 四舍五入: half away from zero.
    HalfUp,
    /// 向上舍入: towards +∞.
    Up,
    /// 向下舍入: towards −∞.
    Down,
}

/// A declared fact: `预算资金: 万元`.
#[derive(Debug, Clone)]
pub struct FactDecl {
    /// The fact's name, as facts files key it.
    pub name: Name,
    /// What kind of value it holds.
    pub kind: FactKind,
    /// `在 0%..100%`: the values it may take, if declared.
    pub range: Option<ValueRange>,
    /// The declaration's span.
    pub span: Span,
}

/// A fact's declared range, `在 0%..100%` or `在 0%以上`: both ends included.
/// A bound without a unit is in the fact's unit, as in a facts file.
#[derive(Debug, Clone)]
pub struct ValueRange {
    /// The least value (a quantity or a date literal).
    pub low: Expr<Parsed>,
    /// The greatest value; none for `在 0%以上`.
    pub high: Option<Expr<Parsed>>,
    /// The whole `在 …..…` phrase.
    pub span: Span,
}

/// The declared kind of a fact.
#[derive(Debug, Clone, PartialEq)]
pub enum FactKind {
    /// A number in a unit (万元, 家, %, 天 …).
    Quantity(Unit),
    /// A plain number (数值).
    Number,
    /// 是否.
    Bool,
    /// 日期.
    Date,
    /// 档次（明显，一般，没有）.
    Tier(Vec<Name>),
}

/// 一级 or 二级: a named, weighted group of groups or indicators.
#[derive(Debug, Clone)]
pub struct Group<P: Phase> {
    /// 1 for 一级, 2 for 二级.
    pub level: u8,
    /// The group's name.
    pub name: Name,
    /// Its full marks.
    pub weight: Decimal,
    /// The weight's span.
    pub weight_span: Span,
    /// `（80分，按百分制折算）`: the full marks the children add to (100),
    /// their sum reported at `weight` (× 80 ÷ 100); none when the children
    /// add to the weight itself.
    pub converted_from: Option<Decimal>,
    /// 加分项 / 减分项: the group adjusts the total, its weight the cap.
    pub adjustment: Option<Adjustment>,
    /// 二者择其一: the group's score is one child's.
    pub choice: Option<Choice<P>>,
    /// Sub-groups and indicators, in order.
    pub children: Vec<Node<P>>,
}

/// How a 二者择其一 group picks the child whose score it takes.
#[derive(Debug, Clone)]
pub enum Choice<P: Phase> {
    /// 取较高者: the higher score.
    Higher,
    /// 按选用指标: the child a 档次 fact names (its levels are the children's names).
    ByFact(P::Ref),
    /// Neither is written (refused by the checker).
    Unstated,
}

/// A child of a group.
#[derive(Debug, Clone)]
pub enum Node<P: Phase> {
    /// A nested group.
    Group(Group<P>),
    /// A scored indicator (boxed: it is much larger than a group).
    Indicator(Box<Indicator<P>>),
}

/// 指标: a scored leaf with its value, target and rule.
#[derive(Debug, Clone)]
pub struct Indicator<P: Phase> {
    /// The indicator's name.
    pub name: Name,
    /// Its full marks (权重).
    pub weight: Decimal,
    /// The weight's span.
    pub weight_span: Span,
    /// 完成值 = …
    pub actual: Option<Expr<P>>,
    /// 标杆值 …
    pub target: Option<Target<P>>,
    /// How the score is reached.
    pub rule: Rule<P>,
    /// `沿用`: the library indicator this one reuses, if any.
    pub reuse: Option<Reuse>,
    /// `保留0位小数`, `取整`: how its score is rounded, where it differs from
    /// the ruleset's.
    pub rounding: Option<Rounding>,
    /// `标杆值 ≤9%`: lower is better (逆向), so 按比例得分 is 标杆值 ÷ 完成值.
    pub lower_is_better: bool,
    /// The whole indicator's span.
    pub span: Span,
}

/// 标杆值: a value to compare with, or only a word to print (充分, 规范).
#[derive(Debug, Clone)]
pub enum Target<P: Phase> {
    /// A value rules can use.
    Value(Expr<P>),
    /// A word shown in the table only.
    Text(String, Span),
}

/// An indicator's scoring rule.
#[derive(Debug, Clone)]
pub enum Rule<P: Phase> {
    /// 要点: points per satisfied item, maybe gated.
    Checklist(Checklist<P>),
    /// 评分 { … }: clauses tried in order.
    Clauses(Vec<Clause<P>>),
    /// The indicator has no rule (a check error; kept so checking can go on).
    Missing,
}

/// 要点 { ① 1分: … } with an optional 前提.
#[derive(Debug, Clone)]
pub struct Checklist<P: Phase> {
    /// The items, in order.
    pub items: Vec<ChecklistItem<P>>,
    /// 前提: when false, the whole indicator scores `gate.otherwise`.
    pub gate: Option<Gate<P>>,
    /// `以上情况每出现一例…扣1分`: the items carry no points, each not met takes these off.
    pub per_failed: Option<Box<PerFailed>>,
}

/// One 要点 item.
#[derive(Debug, Clone)]
pub struct ChecklistItem<P: Phase> {
    /// ①, ② …
    pub label: char,
    /// Points awarded (or deducted) when the condition holds.
    pub points: Decimal,
    /// A deduction item (扣1分) subtracts its points when the condition holds.
    pub deducts: bool,
    /// The yes/no condition.
    pub condition: Condition<P>,
    /// The item's span.
    pub span: Span,
}

/// 前提 ①，否则 0分.
#[derive(Debug, Clone)]
pub struct Gate<P: Phase> {
    /// The gating condition (an item's condition or any condition).
    pub condition: GateCondition<P>,
    /// The score when the gate fails.
    pub otherwise: Decimal,
    /// The gate's span.
    pub span: Span,
}

/// What a 前提 tests.
#[derive(Debug, Clone)]
pub enum GateCondition<P: Phase> {
    /// The condition of the labelled item.
    Item(char, Span),
    /// A condition written out.
    Condition(Condition<P>),
}

/// One clause of a 评分 block.
#[derive(Debug, Clone)]
pub struct Clause<P: Phase> {
    /// When the clause applies.
    pub guard: Guard<P>,
    /// What score it gives.
    pub outcome: Outcome<P>,
    /// The printed scope before it (在区人力资源局责任范围内), which the
    /// explanation repeats; it does not change the score.
    pub scope: Option<Name>,
    /// The clause's span.
    pub span: Span,
}

/// When a clause applies.
#[derive(Debug, Clone)]
pub enum Guard<P: Phase> {
    /// Always (a fallback): `得分 = …`, `每降低…`, `否则 …`.
    Always,
    /// When the condition holds.
    When(Condition<P>),
    /// When the enumerated fact has this level (a tier arm).
    Tier(P::Ref, P::Label),
    /// A further deduction: when the condition holds, the clause's score
    /// (酌情) is taken off the score the clauses before give
    /// (`…，基本相符的得6分…。存在支出不符合专项资金管理办法的，酌情扣分。`).
    /// Further deductions come after every clause tried in order.
    Further(Condition<P>),
}

/// Whether the clauses are tier arms over the first arm's fact naming every
/// one of its levels, which `levels` gives by the fact's name.
pub fn tier_arms_name_every_level(
    clauses: &[Clause<Parsed>],
    levels: impl FnOnce(&str) -> Option<Vec<String>>,
) -> bool {
    let Some(Guard::Tier(fact, _)) = clauses.first().map(|clause| &clause.guard) else {
        return false;
    };
    levels(&fact.text).is_some_and(|levels| {
        levels.iter().all(|level| {
            clauses.iter().any(|clause| {
                matches!(&clause.guard, Guard::Tier(arm, named)
                    if arm.text == fact.text && &named.text == level)
            })
        })
    })
}

/// The clauses tried in order, and the further deductions after them.
pub fn split_further<P: Phase>(clauses: &[Clause<P>]) -> (&[Clause<P>], &[Clause<P>]) {
    let at = clauses
        .iter()
        .position(|clause| matches!(clause.guard, Guard::Further(_)))
        .unwrap_or(clauses.len());
    clauses.split_at(at)
}

/// What score a clause gives.
#[derive(Debug, Clone)]
pub enum Outcome<P: Phase> {
    /// 得满分.
    Full,
    /// 得权重分 60%: a share of the weight.
    Share(Decimal),
    /// 得 2分.
    Fixed(Decimal),
    /// 得分 = expression.
    Formula(Expr<P>),
    /// 按比例扣分: weight × 完成值 ÷ 标杆值.
    Proportional,
    /// 每降低 1个百分点 扣 0.1分 …: a stepped deduction from full marks.
    Deduction(Deduction),
    /// 酌情扣分: a score given in the facts with a reason.
    Discretion,
    /// 得8-9分, 9-8分: a score the facts give, as for 酌情, that must lie in the band.
    Band(Band),
    /// 专家打分，取平均分: the mean of the scores the facts give for the
    /// indicator, one per expert.
    ExpertMean,
}

/// `每<direction> <step> 扣 <points>`, with the rounding the text states.
#[derive(Debug, Clone)]
pub struct Deduction {
    /// Which way the value falls short.
    pub direction: Direction,
    /// The step, as a run-time value (1个百分点 is 0.01).
    pub step: Decimal,
    /// The step's unit as written.
    pub step_unit: Option<Unit>,
    /// Points deducted per step.
    pub points: Decimal,
    /// How a partial step counts.
    pub partial: PartialStep,
    /// The step's span.
    pub step_span: Span,
    /// The subject written before it (`预算执行率每降低…`), which must be the
    /// indicator: its own name, 完成值, or the fact its 完成值 is.
    pub subject: Option<Name>,
    /// `扣满3分为止`: at most these points off, and where that is written.
    /// Checking reads it as a clause of its own placed before the deduction
    /// (see `check::printed`), so that the explanation shows it.
    pub cap: Option<(Decimal, Span)>,
}

/// Which way a value falls short of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 降低, 减少, 少: the value is below the target.
    Below,
    /// 超出, 多: the value is above the target.
    Above,
    /// 延迟: the value is later than the target (or a number of days late).
    Late,
    /// 相差, 偏离: the value is either side of the target; the gap counts
    /// whichever way it lies.
    Either,
}

/// How a partial step of a stepped deduction counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialStep {
    /// No rule stated: deduct in exact proportion.
    Exact,
    /// 不足1个百分点的按1个百分点扣分: a partial step counts as a whole one.
    RoundUp,
    /// 不足1个百分点的不扣分: a partial step does not count.
    RoundDown,
}

/// A yes/no condition.
#[derive(Debug, Clone)]
pub enum Condition<P: Phase> {
    /// `a >= b`.
    Compare(CmpOp, Expr<P>, Expr<P>, Span),
    /// A 是否 fact.
    Fact(P::Ref),
    /// `地区 为 中部`: a 档次 fact at this level.
    Tier(P::Ref, P::Label),
    /// `不 …`.
    Not(Box<Condition<P>>),
    /// `… 且 …`.
    All(Vec<Condition<P>>),
    /// `… 或 …`.
    Any(Vec<Condition<P>>),
}

/// An arithmetic expression.
#[derive(Debug, Clone)]
pub struct Expr<P: Phase> {
    /// What it is.
    pub kind: ExprKind<P>,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Debug, Clone)]
pub enum ExprKind<P: Phase> {
    /// A number with an optional unit: `100%`, `62.46万元`, `2个`.
    Quantity(Decimal, Option<Unit>),
    /// A date: `2024-12-31`.
    Date(chrono::NaiveDate),
    /// A fact (or, by its name, the indicator's own value).
    Ref(P::Ref),
    /// 完成值.
    Actual,
    /// 标杆值.
    Target,
    /// 权重.
    Weight,
    /// `a op b`.
    Binary(BinOp, Box<Expr<P>>, Box<Expr<P>>),
}

impl Library {
    /// The library with every span moved `by` bytes later: a library file
    /// parsed on its own has spans from 0, and `by` is where its text starts
    /// in the combined text of the ruleset and its imports.
    pub fn shifted(mut self, by: usize) -> Library {
        self.shift(by);
        self
    }
}

impl Shift for Library {
    fn shift(&mut self, by: usize) {
        let Library {
            title: _,
            span,
            facts,
            indicators,
        } = self;
        span.shift(by);
        facts.shift(by);
        indicators.shift(by);
    }
}

impl Shift for FactDecl {
    fn shift(&mut self, by: usize) {
        let FactDecl {
            name,
            kind,
            range,
            span,
        } = self;
        name.shift(by);
        match kind {
            FactKind::Tier(levels) => levels.shift(by),
            FactKind::Quantity(_) | FactKind::Number | FactKind::Bool | FactKind::Date => {}
        }
        range.shift(by);
        span.shift(by);
    }
}

impl Shift for ValueRange {
    fn shift(&mut self, by: usize) {
        let ValueRange { low, high, span } = self;
        low.shift(by);
        if let Some(high) = high {
            high.shift(by);
        }
        span.shift(by);
    }
}

impl Shift for Indicator<Parsed> {
    fn shift(&mut self, by: usize) {
        let Indicator {
            name,
            weight: _,
            weight_span,
            actual,
            target,
            rule,
            reuse,
            rounding: _,
            lower_is_better: _,
            span,
        } = self;
        name.shift(by);
        weight_span.shift(by);
        actual.shift(by);
        target.shift(by);
        rule.shift(by);
        reuse.shift(by);
        span.shift(by);
    }
}

impl Shift for Reuse {
    fn shift(&mut self, by: usize) {
        let Reuse { template, span } = self;
        template.shift(by);
        span.shift(by);
    }
}

impl Shift for Target<Parsed> {
    fn shift(&mut self, by: usize) {
        match self {
            Target::Value(value) => value.shift(by),
            Target::Text(_, span) => span.shift(by),
        }
    }
}

impl Shift for Rule<Parsed> {
    fn shift(&mut self, by: usize) {
        match self {
            Rule::Checklist(Checklist {
                items,
                gate,
                per_failed,
            }) => {
                items.shift(by);
                gate.shift(by);
                per_failed.shift(by);
            }
            Rule::Clauses(clauses) => clauses.shift(by),
            Rule::Missing => {}
        }
    }
}

impl Shift for ChecklistItem<Parsed> {
    fn shift(&mut self, by: usize) {
        let ChecklistItem {
            label: _,
            points: _,
            deducts: _,
            condition,
            span,
        } = self;
        condition.shift(by);
        span.shift(by);
    }
}

impl Shift for Gate<Parsed> {
    fn shift(&mut self, by: usize) {
        let Gate {
            condition,
            otherwise: _,
            span,
        } = self;
        match condition {
            GateCondition::Item(_, span) => span.shift(by),
            GateCondition::Condition(condition) => condition.shift(by),
        }
        span.shift(by);
    }
}

impl Shift for Clause<Parsed> {
    fn shift(&mut self, by: usize) {
        let Clause {
            guard,
            outcome,
            scope,
            span,
        } = self;
        if let Some(scope) = scope {
            scope.shift(by);
        }
        match guard {
            Guard::Always => {}
            Guard::When(condition) | Guard::Further(condition) => condition.shift(by),
            Guard::Tier(fact, level) => {
                fact.shift(by);
                level.shift(by);
            }
        }
        match outcome {
            Outcome::Formula(formula) => formula.shift(by),
            Outcome::Deduction(deduction) => deduction.shift(by),
            Outcome::Band(band) => band.shift(by),
            Outcome::Full
            | Outcome::Share(_)
            | Outcome::Fixed(_)
            | Outcome::Proportional
            | Outcome::Discretion
            | Outcome::ExpertMean => {}
        }
        span.shift(by);
    }
}

impl Shift for Deduction {
    fn shift(&mut self, by: usize) {
        let Deduction {
            direction: _,
            step: _,
            step_unit: _,
            points: _,
            partial: _,
            step_span,
            subject,
            cap,
        } = self;
        step_span.shift(by);
        subject.shift(by);
        if let Some((_, span)) = cap {
            span.shift(by);
        }
    }
}

impl Condition<Parsed> {
    /// `完成值超过指标值30%以上`: `value` exceeds `reference` by `share` or more,
    /// `完成值 >= 标杆值 × 130%`; falling short (`低于指标值30%以上`) is
    /// `完成值 <= 标杆值 × 70%`. `strict` for （不含）以上. The factor keeps the
    /// share's span, so the explanation shows `100 × 130%`.
    pub fn excess(
        above: bool,
        strict: bool,
        value: Expr<Parsed>,
        reference: Expr<Parsed>,
        share: (Decimal, Span),
        span: Span,
    ) -> Self {
        let (percent, share_span) = share;
        let hundred = Decimal::ONE_HUNDRED;
        let (factor, op) = match (above, strict) {
            (true, false) => (hundred + percent, CmpOp::Ge),
            (true, true) => (hundred + percent, CmpOp::Gt),
            (false, false) => (hundred - percent, CmpOp::Le),
            (false, true) => (hundred - percent, CmpOp::Lt),
        };
        let factor = Expr {
            kind: ExprKind::Quantity(factor, Some(Unit::Percent)),
            span: share_span,
        };
        let bound = Expr {
            span: reference.span.to(share_span),
            kind: ExprKind::Binary(BinOp::Mul, Box::new(reference), Box::new(factor)),
        };
        Condition::Compare(op, value, bound, span)
    }
}

impl Shift for Condition<Parsed> {
    fn shift(&mut self, by: usize) {
        match self {
            Condition::Compare(_, left, right, span) => {
                left.shift(by);
                right.shift(by);
                span.shift(by);
            }
            Condition::Fact(fact) => fact.shift(by),
            Condition::Tier(fact, level) => {
                fact.shift(by);
                level.shift(by);
            }
            Condition::Not(negated) => negated.shift(by),
            Condition::All(conditions) | Condition::Any(conditions) => conditions.shift(by),
        }
    }
}

impl Shift for Expr<Parsed> {
    fn shift(&mut self, by: usize) {
        let Expr { kind, span } = self;
        match kind {
            ExprKind::Ref(fact) => fact.shift(by),
            ExprKind::Binary(_, left, right) => {
                left.shift(by);
                right.shift(by);
            }
            ExprKind::Quantity(..)
            | ExprKind::Date(_)
            | ExprKind::Actual
            | ExprKind::Target
            | ExprKind::Weight => {}
        }
        span.shift(by);
    }
}
