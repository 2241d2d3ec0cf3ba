//! Runs an indicator's [`Program`]: a loop over its instructions with one
//! value stack, reused from indicator to indicator and project to project,
//! so plain scoring allocates nothing. A fault stops the run as a [`Halt`]
//! (an instruction and why, both `Copy`); its words are written only when it
//! is reported. Notes are read only when the recorder traces.

use crate::lang::ast::{Adjustment, BinOp, CmpOp};
use crate::lang::compile::{CompiledIndicator, Note};
use crate::lang::exact::Exact;
use crate::lang::program::{arith, Op, Program, Recorded};
use crate::lang::span::Span;
use crate::score::facts::FactValues;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Receives the values an evaluation passes through, for explanations.
/// [`NoTrace`] ignores them, so plain scoring pays nothing for tracing.
pub trait Recorder {
    /// Whether the recorder keeps anything: when not, the evaluator skips
    /// looking up what to record.
    const TRACING: bool = true;
    /// A value computed under a note.
    fn value(&mut self, note: Note, value: Exact);
    /// Whether the condition written at `span` held.
    fn condition(&mut self, span: Span, holds: bool);
    /// The indicator's score before clamping and rounding.
    fn raw_score(&mut self, score: Exact);
}

/// The recorder of plain scoring: records nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTrace;

impl Recorder for NoTrace {
    const TRACING: bool = false;
    #[inline]
    fn value(&mut self, _: Note, _: Exact) {
        // Plain scoring keeps no values.
    }
    #[inline]
    fn condition(&mut self, _: Span, _: bool) {
        // Nor conditions.
    }
    #[inline]
    fn raw_score(&mut self, _: Exact) {
        // Nor the raw score.
    }
}

/// Why a run stopped, and at which instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Halt {
    /// The instruction.
    pub at: usize,
    /// Why.
    pub why: Why,
}

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Why {
    /// The fact in this slot is not given.
    MissingFact(u32),
    /// A division by zero.
    DivisionByZero,
    /// A result past a decimal's magnitude.
    Overflow,
    /// No clause applies, or 完成值/标杆值 is read where there is none.
    NoRule,
    /// A 酌情 score the facts do not give.
    MissingDiscretion,
    /// A 酌情 score outside [0, weight].
    DiscretionOutOfRange(Decimal),
    /// A score outside the printed band of the clause that applies.
    OutsideBand(Decimal),
    /// An indicator scored by the experts' mean for which the facts give no
    /// expert's score.
    MissingExperts,
    /// The expert's score at this place in the facts' list lies outside
    /// [0, weight].
    ExpertOutOfRange(u32),
}

/// 完成值 and 标杆值 as computed (absent, a value, or the halt they met).
pub(crate) type Computed = Option<Result<Exact, Halt>>;

/// The evaluator: room for a value stack, kept between runs.
#[derive(Debug, Default)]
pub(crate) struct Machine {
    room: Vec<Exact>,
}

/// Under a 加分项 or 减分项 a rule none of whose clauses applies adjusts
/// nothing: no points added, or the whole weight kept (nothing taken off).
fn unadjusted(raw: Result<Exact, Halt>, indicator: &CompiledIndicator) -> Result<Exact, Halt> {
    let nothing = match indicator.adjustment {
        Some(Adjustment::Bonus) => Exact::ZERO,
        Some(Adjustment::Penalty) => Exact::from_decimal(indicator.weight),
        None => return raw,
    };
    match raw {
        Err(Halt {
            why: Why::NoRule, ..
        }) => Ok(nothing),
        raw => raw,
    }
}

/// A run's value stack: the values below `len` in the machine's room.
struct Stack<'a> {
    values: &'a mut [Exact],
    len: usize,
}

/// What one indicator's run gave.
pub(crate) struct Run {
    /// 完成值.
    pub actual: Computed,
    /// 标杆值.
    pub target: Computed,
    /// The score before clamping and rounding.
    pub raw: Result<Exact, Halt>,
    /// Whether a 酌情 score was used.
    pub discretion_used: bool,
}

/// What a run reads besides its program.
struct Inputs<'a> {
    indicator: &'a CompiledIndicator,
    facts: &'a FactValues,
    actual: Computed,
    target: Computed,
    discretion_used: bool,
}

impl Machine {
    /// Runs the indicator's 完成值, 标杆值 and score: the traced
    /// instructions if the recorder keeps anything, else the fused plain ones.
    #[inline]
    pub(crate) fn indicator<R: Recorder>(
        &mut self,
        indicator: &CompiledIndicator,
        facts: &FactValues,
        recorder: &mut R,
    ) -> Run {
        let program = &indicator.program;
        let code = program.code(R::TRACING);
        let mut inputs = Inputs {
            indicator,
            facts,
            actual: None,
            target: None,
            discretion_used: false,
        };
        inputs.actual = code
            .actual()
            .map(|range| self.run(program, range, &mut inputs, recorder));
        inputs.target = code
            .target()
            .map(|range| self.run(program, range, &mut inputs, recorder));
        let raw = unadjusted(
            self.run(program, code.score(), &mut inputs, recorder),
            indicator,
        );
        Run {
            actual: inputs.actual,
            target: inputs.target,
            raw,
            discretion_used: inputs.discretion_used,
        }
    }

    /// Runs the instructions in `range`; the value left on top is the result.
    #[inline(always)]
    fn run<R: Recorder>(
        &mut self,
        program: &Program,
        range: std::ops::Range<usize>,
        inputs: &mut Inputs,
        recorder: &mut R,
    ) -> Result<Exact, Halt> {
        // Jumps only go forward and an instruction pushes at most one value,
        // so the stack never holds more values than the range has instructions.
        if self.room.len() < range.len() {
            self.room.resize(range.len(), Exact::ZERO);
        }
        let stack = &mut Stack {
            values: &mut self.room,
            len: 0,
        };
        let ops = program.code(R::TRACING).ops();
        let mut at = range.start;
        while at < range.end {
            let mut next = at + 1;
            let halt = |why| halt_at::<R>(program, at, why);
            match ops[at] {
                Op::JumpIfFalse(to) => {
                    if stack.pop().is_zero() {
                        next = to as usize;
                    }
                }
                Op::AndJump(to) | Op::OrJump(to) => {
                    let jump_when = matches!(ops[at], Op::OrJump(_));
                    if stack.top().is_zero() != jump_when {
                        next = to as usize;
                    } else {
                        stack.pop();
                    }
                }
                Op::Jump(to) => next = to as usize,
                Op::JumpUnless(op, to) => {
                    let (a, b) = stack.pop2();
                    if !holds(op, a, b) {
                        next = to as usize;
                    }
                }
                Op::JumpUnlessConst(op, constant, to) => {
                    let a = stack.pop();
                    if !holds(op, a, program.constant(constant)) {
                        next = to as usize;
                    }
                }
                Op::Actual => stack.push(given(inputs.actual, halt)?),
                Op::Target => stack.push(given(inputs.target, halt)?),
                Op::Discretion => stack.push(discretion(inputs, None).map_err(halt)?),
                Op::DiscretionInBand(low, high) => {
                    let band = (program.constant(low), program.constant(high));
                    stack.push(discretion(inputs, Some(band)).map_err(halt)?)
                }
                Op::ExpertMean => stack.push(expert_mean(inputs).map_err(halt)?),
                Op::NoRule => return Err(halt(Why::NoRule)),
                op => compute(stack, op, program, inputs.facts).map_err(halt)?,
            }
            if R::TRACING {
                record(stack, program.notes(at), recorder);
            }
            at = next;
        }
        Ok(stack.top())
    }
}

/// Runs an instruction that neither jumps nor reads 完成值, 标杆值 or a 酌情
/// score.
#[inline(always)]
fn compute(stack: &mut Stack, op: Op, program: &Program, facts: &FactValues) -> Result<(), Why> {
    let value = match op {
        Op::Const(index) => program.constant(index),
        Op::Fact(slot) => Exact::from_decimal(fact(facts, slot)?),
        Op::Arith(op) => {
            let (a, b) = stack.pop2();
            checked(op, a, b)?
        }
        Op::ArithFacts(op, a, b) => {
            let a = Exact::from_decimal(fact(facts, a)?);
            checked(op, a, Exact::from_decimal(fact(facts, b)?))?
        }
        Op::ArithConst(op, constant) => {
            let a = stack.pop();
            checked(op, a, program.constant(constant))?
        }
        Op::Max => {
            let (a, b) = stack.pop2();
            a.max(b)
        }
        Op::Ceil => stack.pop().ceil(),
        Op::Floor => stack.pop().floor(),
        Op::Compare(op) => {
            let (a, b) = stack.pop2();
            truth(holds(op, a, b))
        }
        Op::FactHolds(slot) => truth(!fact(facts, slot)?.is_zero()),
        Op::Choose(then, otherwise) => {
            let holds = !stack.pop().is_zero();
            program.constant(if holds { then } else { otherwise })
        }
        Op::ChooseFact(slot, then, otherwise) => {
            let holds = !fact(facts, slot)?.is_zero();
            program.constant(if holds { then } else { otherwise })
        }
        Op::AddChooseFact(slot, then, otherwise) => {
            let holds = !fact(facts, slot)?.is_zero();
            let chosen = program.constant(if holds { then } else { otherwise });
            let sum = stack.pop();
            sum.checked_add(chosen).ok_or(Why::Overflow)?
        }
        Op::Not => truth(stack.pop().is_zero()),
        // A join is nothing; `run` handles the jumps and the reads.
        Op::Join
        | Op::JumpIfFalse(_)
        | Op::AndJump(_)
        | Op::OrJump(_)
        | Op::Jump(_)
        | Op::JumpUnless(..)
        | Op::JumpUnlessConst(..)
        | Op::Actual
        | Op::Target
        | Op::Discretion
        | Op::DiscretionInBand(..)
        | Op::ExpertMean
        | Op::NoRule => return Ok(()),
    };
    stack.push(value);
    Ok(())
}

/// Records the value on top under each note.
fn record<R: Recorder>(stack: &Stack, notes: &[Recorded], recorder: &mut R) {
    for note in notes {
        match *note {
            Recorded::Value(note) => recorder.value(note, stack.top()),
            Recorded::Condition(span) => recorder.condition(span, !stack.top().is_zero()),
        }
    }
}

impl Stack<'_> {
    /// Pushes a value (there is always room: see [`Machine::run`]).
    #[inline(always)]
    fn push(&mut self, value: Exact) {
        if let Some(slot) = self.values.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }

    /// Pops the top (zero from an empty stack).
    #[inline(always)]
    fn pop(&mut self) -> Exact {
        let Some(len) = self.len.checked_sub(1) else {
            return Exact::ZERO;
        };
        self.len = len;
        self.values.get(len).copied().unwrap_or(Exact::ZERO)
    }

    /// Pops b, then a.
    #[inline(always)]
    fn pop2(&mut self) -> (Exact, Exact) {
        let b = self.pop();
        (self.pop(), b)
    }

    /// The top (zero on an empty stack).
    #[inline(always)]
    fn top(&self) -> Exact {
        let at = self.len.wrapping_sub(1);
        self.values.get(at).copied().unwrap_or(Exact::ZERO)
    }
}

/// The halt of the instruction at `at` for `why`, at the traced instruction
/// it stands for (a plain run's instruction may stand for several).
#[inline]
fn halt_at<R: Recorder>(program: &Program, at: usize, why: Why) -> Halt {
    let at = if R::TRACING {
        at
    } else {
        let missing = match why {
            Why::MissingFact(slot) => Some(slot),
            _ => None,
        };
        program.origin(at, missing)
    };
    Halt { at, why }
}

/// The value of the fact in the slot, or that it is missing.
#[inline]
fn fact(facts: &FactValues, slot: u32) -> Result<Decimal, Why> {
    let value = facts.values.get(slot as usize).copied().flatten();
    value.ok_or(Why::MissingFact(slot))
}

/// `a op b`, faulting on division by zero or overflow.
#[inline]
fn checked(op: BinOp, a: Exact, b: Exact) -> Result<Exact, Why> {
    if b.is_zero() && op == BinOp::Div {
        return Err(Why::DivisionByZero);
    }
    arith(op, a, b).ok_or(Why::Overflow)
}

/// Whether `a op b`, from one comparison.
#[inline]
fn holds(op: CmpOp, a: Exact, b: Exact) -> bool {
    op.holds(a.cmp(&b), Ordering::Equal)
}

/// 1 for true, 0 for false.
#[inline]
fn truth(holds: bool) -> Exact {
    if holds {
        Exact::from_int(1)
    } else {
        Exact::ZERO
    }
}

/// 完成值 or 标杆值 where the score reads it: its value, the halt it met, or
/// (where the indicator has none: a checker gap) no rule.
#[inline]
fn given(value: Computed, halt: impl FnOnce(Why) -> Halt) -> Result<Exact, Halt> {
    value.unwrap_or_else(|| Err(halt(Why::NoRule)))
}

/// The 酌情 score the facts give, within the band (low, high) if there is
/// one, else within [0, weight].
fn discretion(inputs: &mut Inputs, band: Option<(Exact, Exact)>) -> Result<Exact, Why> {
    let indicator = inputs.indicator;
    let given = inputs
        .facts
        .discretion
        .get(&indicator.name)
        .ok_or(Why::MissingDiscretion)?;
    let score = Exact::from_decimal(given.score);
    match band {
        Some((low, high)) if score < low || score > high => {
            return Err(Why::OutsideBand(given.score));
        }
        None if given.score < Decimal::ZERO || given.score > indicator.weight => {
            return Err(Why::DiscretionOutOfRange(given.score));
        }
        _ => {}
    }
    inputs.discretion_used = true;
    Ok(score)
}

/// The mean of the experts' scores the facts give for the indicator, kept
/// exact (8, 9, 9 is 26/3): the score's one rounding is the rule's.
fn expert_mean(inputs: &Inputs) -> Result<Exact, Why> {
    let indicator = inputs.indicator;
    let scores = inputs
        .facts
        .experts
        .get(&indicator.name)
        .filter(|scores| !scores.is_empty())
        .ok_or(Why::MissingExperts)?;
    let mut sum = Exact::ZERO;
    for (at, given) in scores.iter().enumerate() {
        if given.score < Decimal::ZERO || given.score > indicator.weight {
            return Err(Why::ExpertOutOfRange(u32::try_from(at).unwrap_or(u32::MAX)));
        }
        sum = sum
            .checked_add(Exact::from_decimal(given.score))
            .ok_or(Why::Overflow)?;
    }
    let count = i64::try_from(scores.len()).map_err(|_| Why::Overflow)?;
    sum.checked_div(Exact::from_int(count)).ok_or(Why::Overflow)
}
