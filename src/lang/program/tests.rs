//! Unit tests of lowering and fusing: the instructions a few hand-built
//! cores become, worked out from the emitter's rules.

use super::*;
use crate::lang::ast::PartialStep;
use crate::lang::check::FactId;

fn int(value: i64) -> Box<Core> {
    Box::new(Core::Const(Decimal::from(value)))
}

fn fact(slot: usize) -> Box<Core> {
    Box::new(Core::Fact(FactId(slot), Span::new(slot, slot + 1)))
}

fn arith(op: BinOp, left: Box<Core>, right: Box<Core>) -> Core {
    Core::Arith(op, left, right, Span::new(10, 20))
}

/// The score's traced instructions, and the constant each `Const` pushes.
fn lowered(score: &Core) -> (Vec<Op>, Vec<Exact>) {
    let program = Program::new(None, None, score);
    let ops = program.code(true).ops().to_vec();
    let constants = ops
        .iter()
        .filter_map(|op| match op {
            Op::Const(index) => Some(program.constant(*index)),
            _ => None,
        })
        .collect();
    (ops, constants)
}

/// Asserts that `score` folds to the one constant `value`.
fn folds_to(score: &Core, value: Exact) {
    let (ops, constants) = lowered(score);
    assert!(matches!(ops.as_slice(), [Op::Const(_)]), "{ops:?}");
    assert_eq!(constants, [value]);
}

#[test]
fn operations_on_constants_fold_to_their_value() {
    // 3 × 4 = 12; 6 ÷ 3 = 2; the larger of 2 and 5 is 5.
    folds_to(&arith(BinOp::Mul, int(3), int(4)), Exact::from_int(12));
    folds_to(&arith(BinOp::Div, int(6), int(3)), Exact::from_int(2));
    folds_to(&Core::Max(int(2), int(5)), Exact::from_int(5));
    // 5 ÷ 2 = 2.5 steps: rounded up 3, down 2.
    let steps = || Box::new(arith(BinOp::Div, int(5), int(2)));
    folds_to(
        &Core::WholeSteps(PartialStep::RoundUp, steps()),
        Exact::from_int(3),
    );
    folds_to(
        &Core::WholeSteps(PartialStep::RoundDown, steps()),
        Exact::from_int(2),
    );
}

#[test]
fn a_division_by_constant_zero_is_left_to_fault_at_run_time() {
    let (ops, constants) = lowered(&arith(BinOp::Div, int(1), int(0)));
    assert!(
        matches!(
            ops.as_slice(),
            [Op::Const(_), Op::Const(_), Op::Arith(BinOp::Div)]
        ),
        "{ops:?}"
    );
    assert_eq!(constants, [Exact::from_int(1), Exact::ZERO]);
}

#[test]
fn constants_after_a_fact_fold_and_the_fact_stays() {
    // 甲 + 2 × 3: the product folds to 6 after 甲 is read.
    let score = arith(
        BinOp::Add,
        fact(0),
        Box::new(arith(BinOp::Mul, int(2), int(3))),
    );
    let (ops, constants) = lowered(&score);
    assert!(
        matches!(
            ops.as_slice(),
            [Op::Fact(0), Op::Const(_), Op::Arith(BinOp::Add)]
        ),
        "{ops:?}"
    );
    assert_eq!(constants, [Exact::from_int(6)]);
}

#[test]
fn a_noted_constant_is_not_folded_away() {
    // An explanation prints the noted 1, so 1 + 2 stays two constants.
    let noted = Box::new(Core::Note(Note::Value(Span::new(0, 1)), int(1)));
    let (ops, _) = lowered(&arith(BinOp::Add, noted, int(2)));
    assert!(
        matches!(
            ops.as_slice(),
            [Op::Const(_), Op::Const(_), Op::Arith(BinOp::Add)]
        ),
        "{ops:?}"
    );
}

#[test]
fn a_fused_fault_is_placed_at_the_instruction_it_stands_for() {
    // 甲 ÷ 乙 runs as one ArithFacts standing for traced 0..=2.
    let program = Program::new(None, None, &arith(BinOp::Div, fact(0), fact(1)));
    assert_eq!(
        program.code(false).ops(),
        [Op::ArithFacts(BinOp::Div, 0, 1)]
    );
    // Dividing faults at the division; a missing 乙 at the instruction reading it.
    assert_eq!(program.origin(0, None), 2);
    assert_eq!(program.origin(0, Some(1)), 1);
    assert_eq!(program.origin(0, Some(0)), 0);
}

#[test]
fn no_fused_instruction_swallows_the_place_a_jump_lands() {
    // The jump lands on the Add, so 是否 fact 0's test, 不 and the choice
    // fuse without it: [Jump, ChooseFact, Add], the jump retargeted to 2.
    let traced = Code {
        ops: vec![
            Op::Jump(4),
            Op::FactHolds(0),
            Op::Not,
            Op::Choose(0, 1),
            Op::Arith(BinOp::Add),
        ],
        ..Code::default()
    };
    let (plain, origins) = fuse(&traced);
    assert_eq!(
        plain.ops(),
        [Op::Jump(2), Op::ChooseFact(0, 1, 0), Op::Arith(BinOp::Add)]
    );
    assert_eq!(origins, [(0, 0), (1, 3), (4, 4)]);
}
