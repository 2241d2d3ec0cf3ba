//! The evaluator's flat form: each indicator's [`Core`] trees lowered to one
//! list of stack-machine instructions ([`Op`]), with constants folded.
//!
//! Plain scoring runs the instructions and nothing else. What only
//! explanations and faults need sits beside them, indexed by instruction:
//! the span to blame when an instruction faults ([`Program::span`]) and the
//! notes to record after it runs ([`Program::notes`]), which the evaluator
//! reads only when it traces.
//!
//! Plain scoring records nothing, so it runs a second list made from the
//! first by fusing common runs of instructions into one ([`Op::ChooseFact`],
//! [`Op::AddChooseFact`], [`Op::ArithFacts`], [`Op::ArithConst`],
//! [`Op::JumpUnless`], [`Op::JumpUnlessConst`]): fewer dispatches, the same
//! values and faults.
//! A fault in the fused list is reported at the instruction of the traced
//! list it stands for ([`Program::origin`]).

use crate::lang::ast::{BinOp, CmpOp};
use crate::lang::core::{Core, CoreCondition, Note};
use crate::lang::exact::Exact;
use crate::lang::span::Span;
use rust_decimal::Decimal;
use std::ops::Range;

/// One instruction. Values are pushed on a stack; a condition pushes 1 for
/// true and 0 for false.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Push a constant (by its index in the program's constants).
    Const(u32),
    /// Push a fact's value (by slot); faults if the facts lack it.
    Fact(u32),
    /// Push 完成值; faults if it faulted or the indicator has none.
    Actual,
    /// Push 标杆值; faults if it faulted or the indicator has none.
    Target,
    /// Pop b, then a; push a op b, faulting on division by zero or overflow.
    Arith(BinOp),
    /// Pop b, then a; push the larger.
    Max,
    /// Replace the top with the least whole number not below it.
    Ceil,
    /// Replace the top with the greatest whole number not above it.
    Floor,
    /// Pop b, then a; push whether a op b.
    Compare(CmpOp),
    /// Push whether a 是否 fact (by slot) holds; faults if it is not given.
    FactHolds(u32),
    /// Pop a condition; push the first constant if it held, else the second.
    Choose(u32, u32),
    /// Replace the top with its negation.
    Not,
    /// Pop the top; jump if it is false.
    JumpIfFalse(u32),
    /// If the top is false, jump keeping it; otherwise pop it (且).
    AndJump(u32),
    /// If the top is true, jump keeping it; otherwise pop it (或).
    OrJump(u32),
    /// Jump.
    Jump(u32),
    /// Push the score the facts give for the indicator (酌情), faulting
    /// outside [0, weight].
    Discretion,
    /// Push the score the facts give for the indicator within a printed band
    /// (得8-9分): the constants of its low and high ends.
    DiscretionInBand(u32, u32),
    /// Push the mean of the experts' scores the facts give for the
    /// indicator, faulting where one lies outside [0, weight].
    ExpertMean,
    /// Fault: no clause applies.
    NoRule,
    /// Nothing: a place for notes where branches join.
    Join,
    /// Plain only (FactHolds, Choose): push the first constant if the 是否
    /// fact in the slot holds, else the second.
    ChooseFact(u32, u32, u32),
    /// Plain only (FactHolds, Choose, Add): add the constant
    /// [`Op::ChooseFact`] would push to the top.
    AddChooseFact(u32, u32, u32),
    /// Plain only (Fact, Fact, Arith): push the first fact op the second.
    ArithFacts(BinOp, u32, u32),
    /// Plain only (Const, Arith): replace the top a with a op the constant.
    ArithConst(BinOp, u32),
    /// Plain only (Compare, JumpIfFalse): pop b, then a; jump unless a op b.
    JumpUnless(CmpOp, u32),
    /// Plain only (Const, Compare, JumpIfFalse): pop a; jump unless a op
    /// the constant.
    JumpUnlessConst(CmpOp, u32, u32),
}

impl Op {
    /// Where the instruction jumps, if it is a jump.
    fn jump_target(&mut self) -> Option<&mut u32> {
        match self {
            Op::JumpIfFalse(to)
            | Op::AndJump(to)
            | Op::OrJump(to)
            | Op::Jump(to)
            | Op::JumpUnless(_, to)
            | Op::JumpUnlessConst(_, _, to) => Some(to),
            _ => None,
        }
    }
}

/// What the evaluator records for explanations after an instruction runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The value on top, under its note.
    Value(Note),
    /// Whether the condition on top (written at the span) held.
    Condition(Span),
}

/// A list of instructions: 完成值's, then 标杆值's, then the score's.
#[derive(Debug, Clone, Default)]
pub struct Code {
    ops: Vec<Op>,
    /// Where 标杆值's code starts (完成值's is before it).
    target_start: usize,
    /// Where the score's code starts.
    score_start: usize,
    has_actual: bool,
    has_target: bool,
}

impl Code {
    /// The instructions.
    #[inline]
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// 完成值's instructions, if the indicator has one.
    #[inline]
    pub fn actual(&self) -> Option<Range<usize>> {
        self.has_actual.then_some(0..self.target_start)
    }

    /// 标杆值's instructions, if the indicator has one as a value.
    #[inline]
    pub fn target(&self) -> Option<Range<usize>> {
        self.has_target
            .then_some(self.target_start..self.score_start)
    }

    /// The score's instructions.
    #[inline]
    pub fn score(&self) -> Range<usize> {
        self.score_start..self.ops.len()
    }
}

/// One indicator's instructions, traced and plain, with their constants
/// and side tables.
#[derive(Debug, Clone, Default)]
pub struct Program {
    traced: Code,
    plain: Code,
    /// Per plain instruction, the first and last traced one it stands for.
    origins: Vec<(u32, u32)>,
    constants: Vec<Exact>,
    spans: Vec<Span>,
    notes: Vec<Vec<Recorded>>,
}

impl Program {
    /// Whether some outcome of the score is a discretionary one (酌情), so
    /// that the facts may give it.
    pub fn has_discretion(&self) -> bool {
        self.traced
            .ops
            .iter()
            .any(|op| matches!(op, Op::Discretion | Op::DiscretionInBand(..)))
    }

    /// Whether the score is the mean of the experts' scores (专家打分取平均),
    /// which the facts give.
    pub fn has_expert_mean(&self) -> bool {
        self.traced
            .ops
            .iter()
            .any(|op| matches!(op, Op::ExpertMean))
    }

    /// The band (low, high) of the 酌情 instruction at `at` of the traced
    /// list, if it has one.
    pub fn band(&self, at: usize) -> Option<(Decimal, Decimal)> {
        match self.traced.ops.get(at)? {
            Op::DiscretionInBand(low, high) => Some((
                self.constant(*low).to_decimal()?,
                self.constant(*high).to_decimal()?,
            )),
            _ => None,
        }
    }

    /// Lowers an indicator's 完成值, 标杆值 and score.
    pub fn new(actual: Option<&Core>, target: Option<&Core>, score: &Core) -> Program {
        let mut emitter = Emitter::default();
        if let Some(actual) = actual {
            emitter.value(actual);
        }
        let target_start = emitter.ops.len();
        if let Some(target) = target {
            emitter.value(target);
        }
        let score_start = emitter.ops.len();
        emitter.value(score);
        let traced = Code {
            ops: emitter.ops,
            target_start,
            score_start,
            has_actual: actual.is_some(),
            has_target: target.is_some(),
        };
        let (plain, origins) = fuse(&traced);
        Program {
            traced,
            plain,
            origins,
            constants: emitter.constants,
            spans: emitter.spans,
            notes: emitter.notes,
        }
    }

    /// The instructions to run: the traced list (notes in [`Program::notes`]
    /// by instruction), or the fused plain one.
    #[inline]
    pub fn code(&self, traced: bool) -> &Code {
        if traced {
            &self.traced
        } else {
            &self.plain
        }
    }

    /// The traced instruction a plain one at `at` stands for where it
    /// faults: the first that reads the fact in `missing_slot` if it is
    /// missing, else the last (which computes).
    pub fn origin(&self, at: usize, missing_slot: Option<u32>) -> usize {
        let Some(&(first, last)) = self.origins.get(at) else {
            return at;
        };
        let (first, last) = (first as usize, last as usize);
        let reads = |op: &Op| matches!(op, Op::Fact(slot) | Op::FactHolds(slot) if Some(*slot) == missing_slot);
        match missing_slot {
            Some(_) => (first..=last)
                .find(|&index| self.traced.ops.get(index).is_some_and(reads))
                .unwrap_or(first),
            None => last,
        }
    }

    /// The constant an [`Op::Const`] or [`Op::Choose`] names.
    #[inline]
    pub fn constant(&self, index: u32) -> Exact {
        self.constants
            .get(index as usize)
            .copied()
            .unwrap_or(Exact::ZERO)
    }

    /// The rule text a traced instruction belongs to, for its fault.
    pub fn span(&self, at: usize) -> Span {
        self.spans.get(at).copied().unwrap_or_default()
    }

    /// What to record after the traced instruction at `at` runs.
    #[inline]
    pub fn notes(&self, at: usize) -> &[Recorded] {
        self.notes.get(at).map_or(&[], Vec::as_slice)
    }
}

/// Builds a program, folding constant operations.
#[derive(Default)]
struct Emitter {
    ops: Vec<Op>,
    constants: Vec<Exact>,
    spans: Vec<Span>,
    notes: Vec<Vec<Recorded>>,
    /// The latest place a jump lands: a note there needs a [`Op::Join`].
    joined_at: Option<usize>,
    /// Where the trailing run of constants without notes starts, so that
    /// folding looks at its operands only (linear in the program).
    constants_from: usize,
}

impl Emitter {
    fn push(&mut self, op: Op, span: Span) -> usize {
        self.ops.push(op);
        self.spans.push(span);
        self.notes.push(Vec::new());
        if !matches!(op, Op::Const(_)) {
            self.constants_from = self.ops.len();
        }
        self.ops.len() - 1
    }

    /// Points the jump at `at` to the next instruction.
    fn land(&mut self, at: usize) {
        let here = self.ops.len() as u32;
        if let Some(to) = self.ops.get_mut(at).and_then(Op::jump_target) {
            *to = here;
        }
        self.joined_at = Some(self.ops.len());
    }

    /// Records `note` after the last instruction (after a join if branches
    /// meet there, so that every path records it).
    fn note(&mut self, note: Recorded) {
        if self.ops.is_empty() || self.joined_at == Some(self.ops.len()) {
            self.push(Op::Join, Span::default());
        }
        if let Some(notes) = self.notes.last_mut() {
            notes.push(note);
        }
        self.constants_from = self.ops.len();
    }

    /// The constants emitted from `start` on, if that is all there is. The
    /// walk alone decides (a run of `Const`s without notes); the two guards
    /// only leave early where a note or a join shows it would fail.
    fn constants(&self, start: usize) -> Option<Vec<Exact>> {
        if self.constants_from > start || self.joined_at.is_some_and(|at| at > start) {
            return None;
        }
        (start..self.ops.len())
            .map(|at| match (self.ops[at], self.notes[at].is_empty()) {
                (Op::Const(index), true) => Some(self.constants[index as usize]),
                _ => None,
            })
            .collect()
    }

    /// Replaces the constants from `start` on with `value`.
    fn fold(&mut self, start: usize, value: Exact) {
        self.ops.truncate(start);
        self.spans.truncate(start);
        self.notes.truncate(start);
        self.constant(value);
    }

    /// Pushes a constant.
    fn constant(&mut self, value: Exact) {
        let index = self.intern(value);
        self.push(Op::Const(index), Span::default());
    }

    /// The index of `value` among the constants.
    fn intern(&mut self, value: Exact) -> u32 {
        self.constants.push(value);
        (self.constants.len() - 1) as u32
    }

    /// Emits `op` over the operands emitted from `start`, or its value when
    /// they are constants and it does not fault (a division by zero or an
    /// overflow is left to fault when the program runs, at its span).
    fn operation(&mut self, start: usize, op: Op, span: Span) {
        let folded = self
            .constants(start)
            .and_then(|values| match (op, values.as_slice()) {
                (Op::Arith(op), [a, b]) => arith(op, *a, *b),
                (Op::Max, [a, b]) => Some((*a).max(*b)),
                (Op::Ceil, [a]) => Some(a.ceil()),
                (Op::Floor, [a]) => Some(a.floor()),
                _ => None,
            });
        match folded {
            Some(value) => self.fold(start, value),
            None => {
                self.push(op, span);
            }
        }
    }

    fn value(&mut self, core: &Core) {
        let start = self.ops.len();
        match core {
            Core::Const(value) => {
                self.constant(Exact::from_decimal(*value));
            }
            Core::Fact(id, span) => {
                self.push(Op::Fact(id.0 as u32), *span);
            }
            Core::Actual(span) => {
                self.push(Op::Actual, *span);
            }
            Core::Target(span) => {
                self.push(Op::Target, *span);
            }
            Core::Arith(op, left, right, span) => {
                self.value(left);
                self.value(right);
                self.operation(start, Op::Arith(*op), *span);
            }
            Core::Max(left, right) => {
                self.value(left);
                self.value(right);
                self.operation(start, Op::Max, Span::default());
            }
            Core::WholeSteps(partial, steps) => {
                self.value(steps);
                match partial {
                    crate::lang::ast::PartialStep::Exact => {}
                    crate::lang::ast::PartialStep::RoundUp => {
                        self.operation(start, Op::Ceil, Span::default())
                    }
                    crate::lang::ast::PartialStep::RoundDown => {
                        self.operation(start, Op::Floor, Span::default())
                    }
                }
            }
            // A checklist item: one choice between two constants, no jumps.
            Core::If(condition, then, otherwise)
                if matches!((&**then, &**otherwise), (Core::Const(_), Core::Const(_))) =>
            {
                self.condition(condition);
                if let (Core::Const(then), Core::Const(otherwise)) = (&**then, &**otherwise) {
                    let choice = Op::Choose(
                        self.intern(Exact::from_decimal(*then)),
                        self.intern(Exact::from_decimal(*otherwise)),
                    );
                    self.push(choice, Span::default());
                }
            }
            Core::If(..) => self.choices(core),
            Core::Discretion(span, None) => {
                self.push(Op::Discretion, *span);
            }
            Core::Discretion(span, Some((low, high))) => {
                let band = Op::DiscretionInBand(
                    self.intern(Exact::from_decimal(*low)),
                    self.intern(Exact::from_decimal(*high)),
                );
                self.push(band, *span);
            }
            Core::ExpertMean(span) => {
                self.push(Op::ExpertMean, *span);
            }
            Core::NoRule(span) => {
                self.push(Op::NoRule, *span);
            }
            Core::Note(note, inner) => {
                self.value(inner);
                self.note(Recorded::Value(*note));
            }
        }
    }

    /// A chain of choices (clause after clause, each one's otherwise the
    /// next), emitted in a loop so that thousands of clauses do not nest
    /// calls: each branch jumps to the end.
    fn choices(&mut self, core: &Core) {
        let mut ends = Vec::new();
        let mut current = core;
        while let Core::If(condition, then, otherwise) = current {
            if matches!((&**then, &**otherwise), (Core::Const(_), Core::Const(_))) {
                break;
            }
            self.condition(condition);
            let skip_then = self.push(Op::JumpIfFalse(0), Span::default());
            self.value(then);
            ends.push(self.push(Op::Jump(0), Span::default()));
            self.land(skip_then);
            current = otherwise;
        }
        self.value(current);
        for end in ends {
            self.land(end);
        }
    }

    fn condition(&mut self, condition: &CoreCondition) {
        match condition {
            CoreCondition::Compare(op, left, right) => {
                self.value(left);
                self.value(right);
                self.push(Op::Compare(*op), Span::default());
            }
            CoreCondition::Holds(id, span) => {
                self.push(Op::FactHolds(id.0 as u32), *span);
            }
            CoreCondition::Not(inner) => {
                self.condition(inner);
                self.push(Op::Not, Span::default());
            }
            CoreCondition::All(members) => self.junction(members, true),
            CoreCondition::Any(members) => self.junction(members, false),
            CoreCondition::Note(span, inner) => {
                self.condition(inner);
                self.note(Recorded::Condition(*span));
            }
        }
    }

    /// 且 (`all`) or 或 of the members, stopping at the first that decides.
    fn junction(&mut self, members: &[CoreCondition], all: bool) {
        let Some((last, others)) = members.split_last() else {
            let empty = if all { Exact::from_int(1) } else { Exact::ZERO };
            self.constant(empty);
            return;
        };
        let mut jumps = Vec::with_capacity(others.len());
        for member in others {
            self.condition(member);
            let jump = if all { Op::AndJump(0) } else { Op::OrJump(0) };
            jumps.push(self.push(jump, Span::default()));
        }
        self.condition(last);
        for jump in jumps {
            self.land(jump);
        }
    }
}

/// The most instructions one fused instruction stands for.
const FUSED_MAX: usize = 4;

/// The plain list: the traced one with runs of instructions fused where no
/// jump lands inside them and they lie within one part, jumps retargeted;
/// and per plain instruction, the first and last traced one it stands for.
fn fuse(traced: &Code) -> (Code, Vec<(u32, u32)>) {
    let ops = &traced.ops;
    let mut boundary = vec![false; ops.len() + 1];
    for mut op in ops.iter().copied() {
        if let Some(&mut to) = op.jump_target() {
            if let Some(lands) = boundary.get_mut(to as usize) {
                *lands = true;
            }
        }
    }
    for start in [traced.target_start, traced.score_start] {
        if let Some(lands) = boundary.get_mut(start) {
            *lands = true;
        }
    }
    let mut fused = Vec::with_capacity(ops.len());
    let mut origins = Vec::with_capacity(ops.len());
    let mut renumbered = vec![0_u32; ops.len() + 1];
    let mut at = 0;
    while at < ops.len() {
        // The run after `at` (up to the longest fusion) that no jump lands inside.
        let free = boundary[at + 1..]
            .iter()
            .take(FUSED_MAX - 1)
            .take_while(|lands| !**lands)
            .count();
        let rest = &ops[at + 1..ops.len().min(at + 1 + free)];
        let (op, len) = fused_at(ops[at], rest);
        renumbered[at..at + len].fill(fused.len() as u32);
        origins.push((at as u32, (at + len - 1) as u32));
        fused.push(op);
        at += len;
    }
    renumbered[ops.len()] = fused.len() as u32;
    for op in &mut fused {
        if let Some(to) = op.jump_target() {
            *to = renumbered.get(*to as usize).copied().unwrap_or(*to);
        }
    }
    let plain = Code {
        ops: fused,
        target_start: renumbered[traced.target_start] as usize,
        score_start: renumbered[traced.score_start] as usize,
        has_actual: traced.has_actual,
        has_target: traced.has_target,
    };
    (plain, origins)
}

/// The fused instruction the run of `first` and then `rest` makes (all of
/// `rest` may be fused), and how many instructions it takes.
fn fused_at(first: Op, rest: &[Op]) -> (Op, usize) {
    use Op::*;
    match (first, rest) {
        (FactHolds(slot), [Not, Choose(then, otherwise), Arith(BinOp::Add), ..]) => {
            (AddChooseFact(slot, *otherwise, *then), 4)
        }
        (FactHolds(slot), [Choose(then, otherwise), Arith(BinOp::Add), ..]) => {
            (AddChooseFact(slot, *then, *otherwise), 3)
        }
        (FactHolds(slot), [Not, Choose(then, otherwise), ..]) => {
            (ChooseFact(slot, *otherwise, *then), 3)
        }
        (FactHolds(slot), [Choose(then, otherwise), ..]) => {
            (ChooseFact(slot, *then, *otherwise), 2)
        }
        (Const(constant), [Compare(op), JumpIfFalse(to), ..]) => {
            (JumpUnlessConst(*op, constant, *to), 3)
        }
        (Compare(op), [JumpIfFalse(to), ..]) => (JumpUnless(op, *to), 2),
        (Fact(a), [Fact(b), Arith(op), ..]) => (ArithFacts(*op, a, *b), 3),
        (Const(constant), [Arith(op), ..]) => (ArithConst(*op, constant), 2),
        (op, _) => (op, 1),
    }
}

/// Checked exact arithmetic; `None` on division by zero or overflow.
#[inline(always)]
pub fn arith(op: BinOp, left: Exact, right: Exact) -> Option<Exact> {
    match op {
        BinOp::Add => left.checked_add(right),
        BinOp::Sub => left.checked_sub(right),
        BinOp::Mul => left.checked_mul(right),
        BinOp::Div => left.checked_div(right),
    }
}

#[cfg(test)]
mod tests;
