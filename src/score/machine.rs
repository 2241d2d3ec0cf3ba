//! Runs an indicator's [`Program`]: a loop over its instructions with one
//! value stack, reused from indicator to indicator and project to project,
//! so plain scoring allocates nothing. A fault stops the run as a [`Halt`]
//! (an instruction and why, both `Copy`); its words are written only when it
//! is reported. Notes are read only when the recorder traces.

use crate::lang::compile::{CompiledIndicator, Note};
use crate::lang::exact::Exact;
use crate::lang::program::{arith, Op, Program, Recorded};
use crate::lang::span::Span;
use crate::score::facts::FactValues;
use rust_decimal::Decimal;

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
}

/// 完成值 and 标杆值 as computed (absent, a value, or the halt they met).
pub(crate) type Computed = Option<Result<Exact, Halt>>;

/// The evaluator: a value stack kept between runs.
#[derive(Debug, Default)]
pub(crate) struct Machine {
    stack: Vec<Exact>,
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
    /// Runs the indicator's 完成值, 标杆值 and score.
    #[inline]
    pub(crate) fn indicator<R: Recorder>(
        &mut self,
        indicator: &CompiledIndicator,
        facts: &FactValues,
        recorder: &mut R,
    ) -> Run {
        let program = &indicator.program;
        let mut inputs = Inputs {
            indicator,
            facts,
            actual: None,
            target: None,
            discretion_used: false,
        };
        inputs.actual = program
            .actual()
            .map(|range| self.run(program, range, &mut inputs, recorder));
        inputs.target = program
            .target()
            .map(|range| self.run(program, range, &mut inputs, recorder));
        let raw = self.run(program, program.score(), &mut inputs, recorder);
        Run {
            actual: inputs.actual,
            target: inputs.target,
            raw,
            discretion_used: inputs.discretion_used,
        }
    }

    /// Runs the instructions in `range`; the value left on top is the result.
    fn run<R: Recorder>(
        &mut self,
        program: &Program,
        range: std::ops::Range<usize>,
        inputs: &mut Inputs,
        recorder: &mut R,
    ) -> Result<Exact, Halt> {
        self.stack.clear();
        let ops = program.ops();
        let mut at = range.start;
        while at < range.end {
            let halt = |why| Halt { at, why };
            let mut next = at + 1;
            match ops[at] {
                Op::Const(index) => self.stack.push(program.constant(index)),
                Op::Fact(slot) => {
                    let value = inputs.facts.values.get(slot as usize).copied().flatten();
                    let value = value.ok_or(halt(Why::MissingFact(slot)))?;
                    self.stack.push(Exact::from_decimal(value));
                }
                Op::Actual => self.stack.push(given(inputs.actual, at)?),
                Op::Target => self.stack.push(given(inputs.target, at)?),
                Op::Arith(op) => {
                    let (a, b) = self.pop2();
                    if b.is_zero() && op == crate::lang::ast::BinOp::Div {
                        return Err(halt(Why::DivisionByZero));
                    }
                    self.stack.push(arith(op, a, b).ok_or(halt(Why::Overflow))?);
                }
                Op::Max => {
                    let (a, b) = self.pop2();
                    self.stack.push(a.max(b));
                }
                Op::Ceil => self.map_top(Exact::ceil),
                Op::Floor => self.map_top(Exact::floor),
                Op::Compare(op) => {
                    let (a, b) = self.pop2();
                    self.stack.push(truth(op.holds(a, b)));
                }
                Op::NonZero => self.map_top(|value| truth(!value.is_zero())),
                Op::FactHolds(slot) => {
                    let value = inputs.facts.values.get(slot as usize).copied().flatten();
                    let value = value.ok_or(halt(Why::MissingFact(slot)))?;
                    self.stack.push(truth(!value.is_zero()));
                }
                Op::Choose(then, otherwise) => {
                    let holds = !self.pop().is_zero();
                    let chosen = if holds { then } else { otherwise };
                    self.stack.push(program.constant(chosen));
                }
                Op::Not => self.map_top(|value| truth(value.is_zero())),
                Op::JumpIfFalse(to) => {
                    if self.pop().is_zero() {
                        next = to as usize;
                    }
                }
                Op::AndJump(to) | Op::OrJump(to) => {
                    let jump_when = matches!(ops[at], Op::OrJump(_));
                    if self.top().is_zero() != jump_when {
                        next = to as usize;
                    } else {
                        self.pop();
                    }
                }
                Op::Jump(to) => next = to as usize,
                Op::Discretion => self.stack.push(discretion(inputs, at)?),
                Op::NoRule => return Err(halt(Why::NoRule)),
                Op::Join => {}
            }
            if R::TRACING {
                self.record(program.notes(at), recorder);
            }
            at = next;
        }
        Ok(self.top())
    }

    fn record<R: Recorder>(&self, notes: &[Recorded], recorder: &mut R) {
        for note in notes {
            match *note {
                Recorded::Value(note) => recorder.value(note, self.top()),
                Recorded::Condition(span) => recorder.condition(span, !self.top().is_zero()),
            }
        }
    }

    #[inline]
    fn pop(&mut self) -> Exact {
        self.stack.pop().unwrap_or(Exact::ZERO)
    }

    #[inline]
    fn pop2(&mut self) -> (Exact, Exact) {
        let b = self.pop();
        (self.pop(), b)
    }

    #[inline]
    fn top(&self) -> Exact {
        self.stack.last().copied().unwrap_or(Exact::ZERO)
    }

    #[inline]
    fn map_top(&mut self, f: impl FnOnce(Exact) -> Exact) {
        let value = self.pop();
        self.stack.push(f(value));
    }
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
fn given(value: Computed, at: usize) -> Result<Exact, Halt> {
    value.unwrap_or(Err(Halt {
        at,
        why: Why::NoRule,
    }))
}

/// The 酌情 score the facts give, within [0, weight].
fn discretion(inputs: &mut Inputs, at: usize) -> Result<Exact, Halt> {
    let halt = |why| Halt { at, why };
    let indicator = inputs.indicator;
    let given = inputs
        .facts
        .discretion
        .get(&indicator.name)
        .ok_or(halt(Why::MissingDiscretion))?;
    if given.score < Decimal::ZERO || given.score > indicator.weight {
        return Err(halt(Why::DiscretionOutOfRange(given.score)));
    }
    inputs.discretion_used = true;
    Ok(Exact::from_decimal(given.score))
}
