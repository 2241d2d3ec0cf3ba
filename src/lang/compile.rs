//! Compiling: [`Program`] → [`Compiled`], an evaluator tree with no names.
//!
//! Every rule form lowers onto a small core ([`Core`]): constants, fact slots,
//! checked arithmetic, max/min, whole-step rounding, and choice, which
//! [`Program`] flattens into the instructions the evaluator runs. The
//! indicator keeps its AST beside them so explanations can speak in the
//! rule's words.

use crate::lang::ast::*;
use crate::lang::check::{Checked, Fact, Program as CheckedProgram, ValueTypes};
use crate::lang::program::Program;
use crate::lang::span::Span;
use crate::lang::units::day_number;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub use crate::lang::core::{Core, CoreCondition, Note};

/// A compiled ruleset, ready to score facts.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The project's name.
    pub title: String,
    /// Where the ruleset's 评分标准 come from (its 来源), as written.
    pub document: Option<String>,
    /// The total's full marks.
    pub full_marks: Decimal,
    /// Grade bands, best first.
    pub grades: Vec<GradeBand>,
    /// How each indicator's score is rounded.
    pub rounding: Rounding,
    /// The declared facts, indexed by their `FactId`.
    pub facts: Vec<Fact>,
    /// Each declared fact's slot by name (the first, if two share a name),
    /// for reading facts files without searching.
    pub fact_slots: HashMap<String, usize>,
    /// The 一级 groups.
    pub groups: Vec<CompiledGroup>,
    /// The ruleset's source text (with its imported libraries after it), for
    /// quoting rules in explanations.
    pub source: String,
    /// The same text by file, for showing a fault's span in its own file.
    pub sources: crate::lang::source::SourceMap,
    /// The units facts files and spreadsheets may write values in.
    pub units: crate::lang::units::UnitTable,
    /// 总分规则, in order.
    pub card_rules: Vec<CompiledCardRule>,
    /// Whether the total may pass 满分 (stated where there is a 加分项).
    pub total_limit: Option<TotalLimit>,
    /// Whether every group's sub-total is its children's sum as it is (no
    /// 取较高者 or 二者择其一, no 加分项 or 减分项, no 折算), so that bulk
    /// scoring may add up the indicators' scores alone.
    pub sums_plainly: bool,
}

/// A compiled 总分规则.
#[derive(Debug, Clone)]
pub struct CompiledCardRule {
    /// Its condition: the test gives 1 where it holds, 0 elsewhere.
    pub test: CompiledIndicator,
    /// What it does to the card where it holds.
    pub effects: Vec<CardEffect>,
    /// The rule as printed, for explanations.
    pub text: String,
}

impl Compiled {
    /// Every indicator, in tree order.
    pub fn indicators(&self) -> Vec<&CompiledIndicator> {
        fn walk<'a>(group: &'a CompiledGroup, out: &mut Vec<&'a CompiledIndicator>) {
            for child in &group.children {
                match child {
                    CompiledNode::Group(inner) => walk(inner, out),
                    CompiledNode::Indicator(indicator) => out.push(indicator),
                }
            }
        }
        let mut out = Vec::new();
        for group in &self.groups {
            walk(group, &mut out);
        }
        out
    }
}

/// A compiled 一级 or 二级 group.
#[derive(Debug, Clone)]
pub struct CompiledGroup {
    /// 1 or 2.
    pub level: u8,
    /// Its name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// The full marks its children add to when they are converted to the
    /// weight (`按百分制折算`: 100).
    pub converted_from: Option<Decimal>,
    /// 加分项 / 减分项: the group adjusts the total, its weight the cap.
    pub adjustment: Option<Adjustment>,
    /// 二者择其一: the group's score is one child's.
    pub choice: Option<CompiledChoice>,
    /// Sub-groups and indicators.
    pub children: Vec<CompiledNode>,
}

impl CompiledGroup {
    /// Whether the group's sub-total is its children's sum as it is, and
    /// so is every sub-group's.
    fn sums_plainly(&self) -> bool {
        self.choice.is_none()
            && self.adjustment.is_none()
            && self.converted_from.is_none()
            && self.children.iter().all(|child| match child {
                CompiledNode::Group(inner) => inner.sums_plainly(),
                CompiledNode::Indicator(_) => true,
            })
    }
}

/// How a compiled 二者择其一 group picks its child.
#[derive(Debug, Clone)]
pub enum CompiledChoice {
    /// 取较高者: every child is scored and the higher score taken.
    Higher,
    /// The child the 档次 fact in `slot` names; only that one is scored.
    ByFact {
        /// The fact's slot.
        slot: usize,
        /// The fact's name, for faults and explanations.
        fact: String,
        /// The child each level names, by level index.
        child_of_level: Vec<usize>,
        /// Where the group names the fact.
        span: Span,
    },
}

/// A child of a compiled group.
#[derive(Debug, Clone)]
pub enum CompiledNode {
    /// A group.
    Group(CompiledGroup),
    /// An indicator.
    Indicator(Box<CompiledIndicator>),
}

/// A compiled indicator.
#[derive(Debug, Clone)]
pub struct CompiledIndicator {
    /// Its name.
    pub name: String,
    /// Its full marks.
    pub weight: Decimal,
    /// Under a 减分项, the indicator takes off what its rule deducts from its
    /// weight; under a 加分项 it adds its score. Either way, a rule with no
    /// clause that applies adjusts nothing.
    pub adjustment: Option<Adjustment>,
    /// 完成值, 标杆值 (if it is a value) and the score before clamping to
    /// [0, weight] and rounding, as the evaluator runs them.
    pub program: Program,
    /// 标杆值, if it is only a word.
    pub target_text: Option<String>,
    /// Types of 完成值 and 标杆值, for showing them.
    pub types: ValueTypes,
    /// The checked indicator, for explanations.
    pub source: Indicator<Checked>,
}

impl CompiledIndicator {
    /// How its score is rounded: its own `保留0位小数` or `取整`, else the
    /// ruleset's.
    pub fn rounding(&self, ruleset: Rounding) -> Rounding {
        self.source.rounding.unwrap_or(ruleset)
    }
}

/// Lowers a checked program onto the core; `source` is the text it was parsed
/// from, `sources` the same by file.
pub fn compile(
    program: CheckedProgram,
    source: &str,
    sources: crate::lang::source::SourceMap,
) -> Compiled {
    let CheckedProgram {
        ruleset,
        facts,
        value_types,
    } = program;
    let mut types = value_types.into_iter();
    let groups: Vec<CompiledGroup> = ruleset
        .groups
        .iter()
        .map(|group| lower_group(group, None, &facts, &mut types))
        .collect();
    // The card rules' tests were checked after every indicator.
    let card_rules = ruleset
        .card_rules
        .iter()
        .map(|rule| CompiledCardRule {
            test: lower_indicator(&rule.test, None, types.next().unwrap_or_default()),
            effects: rule.effects.clone(),
            text: source
                .get(rule.span.start..rule.span.end)
                .unwrap_or_default()
                .to_string(),
        })
        .collect();
    let header = ruleset.header;
    let sums_plainly = groups.iter().all(CompiledGroup::sums_plainly);
    Compiled {
        sums_plainly,
        card_rules,
        total_limit: header.total_limit.map(|(limit, _)| limit),
        units: ruleset.units,
        title: header.title,
        document: header.source,
        full_marks: header
            .full_marks
            .map_or(Decimal::ONE_HUNDRED, |(marks, _)| marks),
        grades: header.grades,
        rounding: header.rounding.unwrap_or_default(),
        fact_slots: slots_by_name(&facts),
        facts,
        groups,
        source: source.to_string(),
        sources,
    }
}

/// Each fact's slot by name, the first where two share one.
fn slots_by_name(facts: &[Fact]) -> HashMap<String, usize> {
    let mut slots = HashMap::with_capacity(facts.len());
    for (slot, fact) in facts.iter().enumerate() {
        slots.entry(fact.name.clone()).or_insert(slot);
    }
    slots
}

/// A group, with the 加分项 / 减分项 it is in (its own, or its parent's).
fn lower_group(
    group: &Group<Checked>,
    within: Option<Adjustment>,
    facts: &[Fact],
    types: &mut impl Iterator<Item = ValueTypes>,
) -> CompiledGroup {
    let adjustment = group.adjustment.or(within);
    CompiledGroup {
        level: group.level,
        name: group.name.text.clone(),
        weight: group.weight,
        converted_from: group.converted_from,
        adjustment: group.adjustment,
        choice: group
            .choice
            .as_ref()
            .and_then(|choice| lower_choice(choice, group, facts)),
        children: group
            .children
            .iter()
            .map(|child| match child {
                Node::Group(inner) => {
                    CompiledNode::Group(lower_group(inner, adjustment, facts, types))
                }
                Node::Indicator(indicator) => CompiledNode::Indicator(Box::new(lower_indicator(
                    indicator,
                    adjustment,
                    types.next().unwrap_or_default(),
                ))),
            })
            .collect(),
    }
}

/// A checked choice: the child each level of the choosing fact names (the
/// checker made sure every level names one).
fn lower_choice(
    choice: &Choice<Checked>,
    group: &Group<Checked>,
    facts: &[Fact],
) -> Option<CompiledChoice> {
    let (slot, span) = match choice {
        Choice::Higher => return Some(CompiledChoice::Higher),
        Choice::Unstated => return None,
        Choice::ByFact(fact) => (fact.id.0, fact.span),
    };
    let fact = facts.get(slot)?;
    let crate::lang::units::Ty::Tier(levels) = &fact.ty else {
        return None;
    };
    let child_name = |child: &Node<Checked>| match child {
        Node::Group(inner) => inner.name.text.clone(),
        Node::Indicator(indicator) => indicator.name.text.clone(),
    };
    let child_of_level = levels
        .iter()
        .map(|level| {
            group
                .children
                .iter()
                .position(|child| child_name(child) == *level)
        })
        .collect::<Option<Vec<usize>>>()?;
    Some(CompiledChoice::ByFact {
        slot,
        fact: fact.name.clone(),
        child_of_level,
        span,
    })
}

fn lower_indicator(
    indicator: &Indicator<Checked>,
    adjustment: Option<Adjustment>,
    types: ValueTypes,
) -> CompiledIndicator {
    let lowering = Lowering {
        weight: indicator.weight,
        has_target: matches!(indicator.target, Some(Target::Value(_))),
        lower_is_better: indicator.lower_is_better,
    };
    let (target, target_text) = match &indicator.target {
        Some(Target::Value(value)) => (Some(lowering.expr(value)), None),
        Some(Target::Text(text, _)) => (None, Some(text.clone())),
        None => (None, None),
    };
    let actual = indicator
        .actual
        .as_ref()
        .map(|actual| lowering.expr(actual));
    let score = lowering.rule(&indicator.rule, indicator.span);
    CompiledIndicator {
        name: indicator.name.text.clone(),
        weight: indicator.weight,
        adjustment,
        program: Program::new(actual.as_ref(), target.as_ref(), &score),
        target_text,
        types,
        source: indicator.clone(),
    }
}

/// Lowers one indicator's forms; the weight is what 满分 and 权重 mean there.
struct Lowering {
    weight: Decimal,
    /// Whether 标杆值 is a value; days late without one count from 0.
    has_target: bool,
    /// `标杆值 ≤…`: lower is better (逆向).
    lower_is_better: bool,
}

impl Lowering {
    fn rule(&self, rule: &Rule<Checked>, span: Span) -> Core {
        match rule {
            Rule::Checklist(checklist) => self.checklist(checklist),
            Rule::Clauses(clauses) => self.clauses(clauses, span),
            Rule::Missing => Core::NoRule(span),
        }
    }

    /// Σ (points if the item holds), gated: 前提 false gives `otherwise`.
    fn checklist(&self, checklist: &Checklist<Checked>) -> Core {
        let sum = match &checklist.per_failed {
            Some(per_failed) => self.per_failed(&checklist.items, per_failed),
            None => self.item_sum(&checklist.items),
        };
        let Some(gate) = &checklist.gate else {
            return sum;
        };
        let gate_condition = match &gate.condition {
            GateCondition::Item(label, _) => checklist
                .items
                .iter()
                .find(|item| item.label == *label)
                .map(|item| self.condition(&item.condition)),
            GateCondition::Condition(condition) => Some(self.condition(condition)),
        };
        match gate_condition {
            Some(condition) => conditional(
                noted_condition(gate.span, condition),
                sum,
                Core::Const(gate.otherwise),
            ),
            None => Core::NoRule(gate.span),
        }
    }

    /// The points of the items that hold, less those of deduction items
    /// that hold.
    fn item_sum(&self, items: &[ChecklistItem<Checked>]) -> Core {
        items
            .iter()
            .map(|item| {
                let points = if item.deducts {
                    -item.points
                } else {
                    item.points
                };
                let holds = noted_condition(item.span, self.condition(&item.condition));
                let value = conditional(holds, Core::Const(points), Core::Const(Decimal::ZERO));
                Core::Note(Note::Outcome(item.span), Box::new(value))
            })
            .reduce(|sum, item| add(sum, item, Span::default()))
            .unwrap_or(Core::Const(Decimal::ZERO))
    }

    /// 以上情况每出现一例不符合要求的扣1分: weight − failed × points, or with
    /// a cap, max(weight − failed × points, weight − cap); 扣完为止 is the
    /// clamp every score gets. The count and the points off are noted.
    fn per_failed(&self, items: &[ChecklistItem<Checked>], per_failed: &PerFailed) -> Core {
        let span = per_failed.span;
        let failed = items
            .iter()
            .map(|item| {
                let holds = noted_condition(item.span, self.condition(&item.condition));
                conditional(holds, Core::Const(Decimal::ZERO), Core::Const(Decimal::ONE))
            })
            .reduce(|sum, item| add(sum, item, Span::default()))
            .unwrap_or(Core::Const(Decimal::ZERO));
        let failed = Core::Note(Note::Steps(span), Box::new(failed));
        let deducted = Core::Note(
            Note::Deducted(span),
            Box::new(Core::Arith(
                BinOp::Mul,
                Box::new(failed),
                konst(per_failed.points),
                span,
            )),
        );
        let score = Core::Arith(BinOp::Sub, konst(self.weight), Box::new(deducted), span);
        match per_failed.cap.and_then(|cap| self.weight.checked_sub(cap)) {
            Some(floor) => Core::Max(Box::new(score), konst(floor)),
            None => score,
        }
    }

    /// Clauses tried in order (the first unconditional one is the
    /// fallback), less the further deductions after them whose conditions
    /// hold, down to 0 at most.
    fn clauses(&self, clauses: &[Clause<Checked>], span: Span) -> Core {
        let (clauses, further) = split_further(clauses);
        let mut score = self.first_applying(clauses, span);
        for clause in further {
            let Guard::Further(condition) = &clause.guard else {
                continue;
            };
            let deducted = conditional(
                noted_condition(clause.span, self.condition(condition)),
                self.noted_outcome(clause),
                Core::Const(Decimal::ZERO),
            );
            let rest = Core::Arith(BinOp::Sub, Box::new(score), Box::new(deducted), clause.span);
            // 扣完为止: what is left, not below 0.
            let left = Core::Max(Box::new(rest), konst(Decimal::ZERO));
            score = noted_value(clause.span, left);
        }
        score
    }

    /// The outcome of the first clause whose guard holds.
    fn first_applying(&self, clauses: &[Clause<Checked>], span: Span) -> Core {
        let fallback = clauses
            .iter()
            .position(|clause| matches!(clause.guard, Guard::Always));
        let conditional_clauses = &clauses[..fallback.unwrap_or(clauses.len())];
        let mut result = match fallback {
            Some(index) => self.noted_outcome(&clauses[index]),
            None => Core::NoRule(clauses.last().map_or(span, |clause| clause.span)),
        };
        for clause in conditional_clauses.iter().rev() {
            let guard = match &clause.guard {
                Guard::When(condition) => self.condition(condition),
                Guard::Tier(fact, level) => CoreCondition::Compare(
                    CmpOp::Eq,
                    Core::Fact(fact.id, fact.span),
                    Core::Const(Decimal::from(level.index)),
                ),
                Guard::Always | Guard::Further(_) => continue,
            };
            result = conditional(
                noted_condition(clause.span, guard),
                self.noted_outcome(clause),
                result,
            );
        }
        result
    }

    fn noted_outcome(&self, clause: &Clause<Checked>) -> Core {
        let value = self.outcome(&clause.outcome, clause.span);
        Core::Note(Note::Outcome(clause.span), Box::new(value))
    }

    fn outcome(&self, outcome: &Outcome<Checked>, span: Span) -> Core {
        match outcome {
            Outcome::Full => Core::Const(self.weight),
            Outcome::Share(share) => {
                Core::Arith(BinOp::Mul, konst(self.weight), konst(*share), span)
            }
            Outcome::Fixed(points) => Core::Const(*points),
            Outcome::Formula(formula) => self.expr(formula),
            Outcome::Proportional => self.proportional(span),
            Outcome::Deduction(deduction) => self.deduction(deduction, span),
            Outcome::Discretion => Core::Discretion(span, None),
            Outcome::Band(band) => Core::Discretion(span, Some((band.low(), band.high()))),
            Outcome::ExpertMean => Core::ExpertMean(span),
        }
    }

    /// weight − whole_steps(max(0, gap) ÷ step) × points.
    /// 按比例得分: 权重 × 完成值 ÷ 标杆值, or for a lower-is-better (逆向)
    /// indicator 权重 × 标杆值 ÷ 完成值 above the target and full marks at or
    /// below it (so that a 完成值 of 0, the best, divides nothing).
    fn proportional(&self, span: Span) -> Core {
        let (actual, target) = (Box::new(Core::Actual(span)), Box::new(Core::Target(span)));
        if !self.lower_is_better {
            let ratio = Core::Arith(BinOp::Div, actual, target, span);
            return Core::Arith(BinOp::Mul, konst(self.weight), Box::new(ratio), span);
        }
        let ratio = Core::Arith(BinOp::Div, target.clone(), actual.clone(), span);
        conditional(
            CoreCondition::Compare(CmpOp::Le, *actual, *target),
            Core::Const(self.weight),
            Core::Arith(BinOp::Mul, konst(self.weight), Box::new(ratio), span),
        )
    }

    fn deduction(&self, deduction: &Deduction, span: Span) -> Core {
        let actual = Box::new(Core::Actual(span));
        let target = Box::new(if self.has_target {
            Core::Target(span)
        } else {
            Core::Const(Decimal::ZERO)
        });
        let gap = match deduction.direction {
            Direction::Below => Core::Arith(BinOp::Sub, target, actual, span),
            // Later is above on the day-number scale.
            Direction::Above | Direction::Late => Core::Arith(BinOp::Sub, actual, target, span),
            // |完成值 − 标杆值|: the larger of the two differences.
            Direction::Either => Core::Max(
                Box::new(Core::Arith(
                    BinOp::Sub,
                    actual.clone(),
                    target.clone(),
                    span,
                )),
                Box::new(Core::Arith(BinOp::Sub, target, actual, span)),
            ),
        };
        let note =
            |note: fn(Span) -> Note, value: Core| Box::new(Core::Note(note(span), Box::new(value)));
        let shortfall = note(Note::Gap, Core::Max(konst(Decimal::ZERO), Box::new(gap)));
        let steps = note(
            Note::Steps,
            Core::Arith(BinOp::Div, shortfall, konst(deduction.step), span),
        );
        let whole_steps = note(Note::WholeSteps, Core::WholeSteps(deduction.partial, steps));
        let deducted = note(
            Note::Deducted,
            Core::Arith(BinOp::Mul, whole_steps, konst(deduction.points), span),
        );
        Core::Arith(BinOp::Sub, konst(self.weight), deducted, span)
    }

    fn condition(&self, condition: &Condition<Checked>) -> CoreCondition {
        match condition {
            Condition::Compare(op, left, right, span) => noted_condition(
                *span,
                CoreCondition::Compare(*op, self.expr(left), self.expr(right)),
            ),
            Condition::Fact(fact) => CoreCondition::Holds(fact.id, fact.span),
            Condition::Tier(fact, level) => CoreCondition::Compare(
                CmpOp::Eq,
                Core::Fact(fact.id, fact.span),
                Core::Const(Decimal::from(level.index)),
            ),
            Condition::Not(inner) => CoreCondition::Not(Box::new(self.condition(inner))),
            Condition::All(members) => {
                CoreCondition::All(members.iter().map(|m| self.condition(m)).collect())
            }
            Condition::Any(members) => {
                CoreCondition::Any(members.iter().map(|m| self.condition(m)).collect())
            }
        }
    }

    fn expr(&self, expr: &Expr<Checked>) -> Core {
        match &expr.kind {
            // The parser rejects a literal whose unit conversion overflows.
            ExprKind::Quantity(number, unit) => Core::Const(
                unit.as_ref()
                    .and_then(|unit| unit.to_runtime(*number))
                    .unwrap_or(*number),
            ),
            ExprKind::Date(date) => Core::Const(Decimal::from(day_number(*date))),
            ExprKind::Ref(fact) => noted_value(expr.span, Core::Fact(fact.id, fact.span)),
            ExprKind::Actual => Core::Actual(expr.span),
            ExprKind::Target => Core::Target(expr.span),
            ExprKind::Weight => Core::Const(self.weight),
            ExprKind::Binary(op, left, right) => noted_value(
                expr.span,
                Core::Arith(
                    *op,
                    Box::new(self.expr(left)),
                    Box::new(self.expr(right)),
                    expr.span,
                ),
            ),
        }
    }
}

fn konst(value: Decimal) -> Box<Core> {
    Box::new(Core::Const(value))
}

fn add(left: Core, right: Core, span: Span) -> Core {
    Core::Arith(BinOp::Add, Box::new(left), Box::new(right), span)
}

fn noted_value(span: Span, value: Core) -> Core {
    Core::Note(Note::Value(span), Box::new(value))
}

fn noted_condition(span: Span, condition: CoreCondition) -> CoreCondition {
    CoreCondition::Note(span, Box::new(condition))
}

fn conditional(condition: CoreCondition, then: Core, otherwise: Core) -> Core {
    Core::If(Box::new(condition), Box::new(then), Box::new(otherwise))
}
