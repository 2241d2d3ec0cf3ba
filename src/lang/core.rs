//! The small core every rule form lowers onto: constants, fact slots,
//! checked arithmetic, max, whole-step rounding and choice ([`Core`],
//! [`CoreCondition`]), with the notes explanations read back ([`Note`]).
//! `compile` builds it from the checked rules and `program` flattens it.

use crate::lang::ast::{BinOp, CmpOp, PartialStep};
use crate::lang::check::FactId;
use crate::lang::span::Span;
use rust_decimal::Decimal;

/// A core expression.
#[derive(Debug, Clone)]
pub enum Core {
    /// A constant (money in 元, percents as fractions, dates as day numbers).
    Const(Decimal),
    /// A fact's value.
    Fact(FactId, Span),
    /// The indicator's 完成值.
    Actual(Span),
    /// The indicator's 标杆值.
    Target(Span),
    /// Checked arithmetic.
    Arith(BinOp, Box<Core>, Box<Core>, Span),
    /// The larger of two values.
    Max(Box<Core>, Box<Core>),
    /// A count of steps rounded to a whole number as the rule says.
    WholeSteps(PartialStep, Box<Core>),
    /// Choice.
    If(Box<CoreCondition>, Box<Core>, Box<Core>),
    /// A score given in the facts (酌情): within [0, weight], or within the
    /// band (low, high) when one is printed (得8-9分).
    Discretion(Span, Option<(Decimal, Decimal)>),
    /// The mean of the scores the facts give for the indicator, one per
    /// expert (专家打分，取平均分), each within [0, weight].
    ExpertMean(Span),
    /// No clause applies (only reachable through a checker gap).
    NoRule(Span),
    /// The inner value, recorded for explanations under the note.
    Note(Note, Box<Core>),
}

/// What a recorded value means, keyed by the span of the rule text it belongs to.
/// Plain scoring ignores notes; `explain` reads them back against the AST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The value of the expression written at the span.
    Value(Span),
    /// A stepped deduction's shortfall (≥ 0), in run-time units.
    Gap(Span),
    /// The shortfall divided by the step.
    Steps(Span),
    /// The steps after the rule's rounding of a partial step.
    WholeSteps(Span),
    /// Points deducted.
    Deducted(Span),
    /// The score a clause (or checklist item) gave, before clamping.
    Outcome(Span),
}

/// A core condition.
#[derive(Debug, Clone)]
pub enum CoreCondition {
    /// `left op right`.
    Compare(CmpOp, Core, Core),
    /// A 是否 fact (1 for yes, 0 for no) holds.
    Holds(FactId, Span),
    /// Negation.
    Not(Box<CoreCondition>),
    /// All hold.
    All(Vec<CoreCondition>),
    /// Any holds.
    Any(Vec<CoreCondition>),
    /// The inner condition, recorded for explanations under the span.
    Note(Span, Box<CoreCondition>),
}
