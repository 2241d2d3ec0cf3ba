//! Adding up a card: sub-totals (折算, 加分项 and 减分项 caps), the total
//! (rescaled where indicators do not apply), 加分 and 减分 on it, the limit
//! at 满分, and the 总分规则 that cap or veto it. [`eval`](super::eval)'s
//! two paths, the traced score card and the buffers for bulk work, both add
//! up through here, so they give the same total.

use crate::lang::ast::{Adjustment, CardEffect, Rounding, TotalLimit};
use crate::lang::compile::{Compiled, CompiledChoice, CompiledGroup};
use crate::lang::exact::Exact;
use crate::score::facts::FactValues;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// What a group (or the card) adds up: its applicable children's scores, the
/// full marks of the indicators under it that do not apply (不适用), both in
/// the group's own scale, and the net of its 加分项 and 减分项. `None` where a
/// child faulted or a sum overflowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tally {
    pub(super) sum: Option<Decimal>,
    pub(super) excluded: Option<Exact>,
    pub(super) adjusted: Option<Decimal>,
}

impl Tally {
    pub(super) const EMPTY: Tally = Tally {
        sum: Some(Decimal::ZERO),
        excluded: Some(Exact::ZERO),
        adjusted: Some(Decimal::ZERO),
    };

    /// An indicator's tally: its score, or its weight excluded when it does
    /// not apply.
    #[inline]
    pub(super) fn indicator(score: Option<Decimal>, weight: Decimal, applies: bool) -> Tally {
        if applies {
            Tally {
                sum: score,
                ..Tally::EMPTY
            }
        } else {
            Tally {
                excluded: Some(Exact::from_decimal(weight)),
                ..Tally::EMPTY
            }
        }
    }

    /// The tally of a card whose groups sum plainly and whose indicators
    /// all apply: the sum alone.
    #[inline]
    pub(super) fn of_sum(sum: Option<Decimal>) -> Tally {
        Tally {
            sum,
            ..Tally::EMPTY
        }
    }

    /// The tally of `group` before its first child: nothing, or for a
    /// 取较高者 group a group that does not apply, its weight excluded,
    /// until a child that applies is joined.
    #[inline]
    pub(super) fn start(group: &CompiledGroup) -> Tally {
        match group.choice {
            Some(CompiledChoice::Higher) => Tally::indicator(None, group.weight, false),
            _ => Tally::EMPTY,
        }
    }

    /// Adds a child's tally to its group's so far (from [`Tally::start`]); a
    /// 取较高者 group keeps the higher of the children that apply instead,
    /// passing over those that do not (不适用), so that it is excluded only
    /// when none applies (a faulted child leaves it unknown). Inlined, so
    /// that an indicator's zeros (its excluded and adjusted parts) fold away
    /// in the bulk path.
    #[inline(always)]
    pub(super) fn join(self, child: Tally, group: &CompiledGroup) -> Tally {
        if !matches!(group.choice, Some(CompiledChoice::Higher)) {
            return self.add(child);
        }
        let applies = |tally: Tally| tally.excluded.is_some_and(Exact::is_zero);
        match (self.sum, child.sum) {
            (Some(_), Some(_)) if !applies(child) => self,
            (Some(_), Some(_)) if !applies(self) => child,
            (Some(so_far), Some(score)) if score > so_far => child,
            (Some(_), Some(_)) => self,
            _ => Tally { sum: None, ..self },
        }
    }

    /// [`Tally::join`] of an applying indicator's tally, without building
    /// it: its excluded weight is 0/1, which leaves an excluded weight as it
    /// is (every one is within LIMIT and a decimal's magnitude, where
    /// [`Exact::checked_add`] of 0/1 gives it back), and its adjustment is
    /// rust_decimal's zero, which [`plus`] gives back for a zero.
    #[inline(always)]
    pub(super) fn join_score(self, score: Option<Decimal>, group: &CompiledGroup) -> Tally {
        if matches!(group.choice, Some(CompiledChoice::Higher)) {
            return self.join(Tally::indicator(score, Decimal::ZERO, true), group);
        }
        Tally {
            sum: plus(self.sum, score),
            excluded: self.excluded,
            adjusted: plus(self.adjusted, Some(Decimal::ZERO)),
        }
    }

    #[inline(always)]
    pub(super) fn add(self, other: Tally) -> Tally {
        Tally {
            sum: plus(self.sum, other.sum),
            excluded: self
                .excluded
                .zip(other.excluded)
                .and_then(|(a, b)| a.checked_add(b)),
            adjusted: plus(self.adjusted, other.adjusted),
        }
    }

    /// The group's tally as its parent adds it: the sub-total, and the
    /// excluded weight converted as the sub-total is (按百分制折算). A 加分项's
    /// or 减分项's sub-total is an adjustment of the total, not part of its sum.
    #[inline]
    pub(super) fn of_group(self, group: &CompiledGroup, rounding: Rounding) -> Tally {
        let subtotal = self.sum.and_then(|sum| subtotal(sum, group, rounding));
        if group.adjustment.is_some() {
            return Tally {
                adjusted: subtotal,
                ..Tally::EMPTY
            };
        }
        let excluded = match group.converted_from {
            None => self.excluded,
            Some(base) => self
                .excluded
                .and_then(|excluded| scaled(excluded, group.weight, Exact::from_decimal(base))),
        };
        Tally {
            sum: subtotal,
            excluded,
            adjusted: self.adjusted,
        }
    }

    /// The 一级 weights (加分项 and 减分项 aside) less the excluded ones.
    pub(super) fn applicable_weight(self, compiled: &Compiled) -> Option<Exact> {
        let weights = compiled
            .groups
            .iter()
            .filter(|group| group.adjustment.is_none())
            .try_fold(Decimal::ZERO, |sum, group| sum.checked_add(group.weight))?;
        Exact::from_decimal(weights).checked_sub(self.excluded?)
    }

    /// Whether some indicator does not apply, so that the total is rescaled.
    pub(super) fn rescaled(self) -> bool {
        !self.excluded.is_some_and(Exact::is_zero)
    }

    /// The indicators' total before 加分 and 减分: the sum itself when every
    /// indicator applies, else the applicable scores rescaled to 满分
    /// (按百分制折算): sum ÷ applicable weight × 满分, rounded once as the
    /// ruleset says. `None` on a fault, an overflow, or no applicable weight.
    pub(super) fn base(self, compiled: &Compiled) -> Option<Decimal> {
        let sum = self.sum?;
        if self.excluded?.is_zero() {
            return Some(sum);
        }
        let applicable = self.applicable_weight(compiled)?;
        if applicable.is_zero() || applicable.is_negative() {
            return None;
        }
        let rounding = compiled.rounding;
        scaled(Exact::from_decimal(sum), compiled.full_marks, applicable)?
            .round(rounding.places, rounding.mode)
    }
}

/// `a + b` where both are known. rust_decimal gives a zero operand's other
/// operand back as it is (the right one when both are zero), which this
/// tests first so that adding an indicator's zeros costs two comparisons.
#[inline(always)]
pub(super) fn plus(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    let (a, b) = (a?, b?);
    if a.is_zero() {
        return Some(b);
    }
    if b.is_zero() {
        return Some(a);
    }
    a.checked_add(b)
}

/// A group's sub-total from its children's sum: the sum itself; for a group
/// reported at another weight (按百分制折算), sum × weight ÷ the full marks
/// the children add to, rounded once as the ruleset says; for a 加分项 at
/// most its cap, for a 减分项 (whose children's scores are the points they
/// take off, negative) at least minus its cap. `None` on overflow.
pub fn subtotal(sum: Decimal, group: &CompiledGroup, rounding: Rounding) -> Option<Decimal> {
    let capped = match group.adjustment {
        Some(Adjustment::Bonus) => Some(sum.min(group.weight)),
        Some(Adjustment::Penalty) => Some(sum.max(-group.weight)),
        None => None,
    };
    if let Some(capped) = capped {
        // The cap is written in whole points; the sub-total keeps the places.
        return Some(with_places(capped, rounding.places));
    }
    let Some(base) = group.converted_from else {
        return Some(sum);
    };
    scaled(
        Exact::from_decimal(sum),
        group.weight,
        Exact::from_decimal(base),
    )?
    .round(rounding.places, rounding.mode)
}

/// `value × weight ÷ base`, exactly: a sum or a weight moved from the scale
/// of `base` to that of `weight` (折算, and the rescaling for 不适用).
pub(super) fn scaled(value: Exact, weight: Decimal, base: Exact) -> Option<Exact> {
    value
        .checked_mul(Exact::from_decimal(weight))?
        .checked_div(base)
}

/// The children of a group that count toward its score: all of them, or
/// for a 二者择其一 group chosen by a fact the one it names (`Unknown` where
/// the facts do not give it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Counted {
    All,
    Only(usize),
    Unknown,
}

impl Counted {
    pub(super) fn of(group: &CompiledGroup, facts: &FactValues) -> Counted {
        let Some(CompiledChoice::ByFact {
            slot,
            child_of_level,
            ..
        }) = &group.choice
        else {
            return Counted::All;
        };
        facts
            .values
            .get(*slot)
            .copied()
            .flatten()
            .and_then(|level| level.to_usize())
            .and_then(|level| child_of_level.get(level).copied())
            .map_or(Counted::Unknown, Counted::Only)
    }

    /// Whether the child at `index` is scored.
    pub(super) fn includes(self, index: usize) -> bool {
        match self {
            Counted::All => true,
            Counted::Only(only) => only == index,
            Counted::Unknown => false,
        }
    }

    /// The group's tally of its counted children: unknown where the choice is.
    #[inline]
    pub(super) fn tally(self, children: Tally) -> Tally {
        match self {
            Counted::Unknown => Tally {
                sum: None,
                ..children
            },
            _ => children,
        }
    }
}

/// A step from the indicators' total to the card's, for the explanation,
/// the table and the JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TotalStep {
    /// 加分项 and 减分项 added to the total.
    Adjusted {
        /// The total before them.
        before: Decimal,
        /// Their net (加分 less 减分).
        adjustment: Decimal,
        /// The total after them.
        after: Decimal,
    },
    /// 总分不超过满分: a total above 满分 is 满分; 减分 past 0 leaves 0.
    Limited {
        /// The total before the limit.
        before: Decimal,
        /// The total after it.
        after: Decimal,
    },
    /// A 总分规则 whose condition holds.
    CardRule {
        /// The rule as printed.
        rule: String,
        /// The total before it.
        before: Decimal,
        /// The total after it.
        after: Decimal,
        /// The grade it sets, if it sets one.
        #[serde(skip_serializing_if = "Option::is_none")]
        grade: Option<String>,
    },
}

impl TotalStep {
    /// The total the step starts from.
    pub fn before(&self) -> Decimal {
        match self {
            TotalStep::Adjusted { before, .. }
            | TotalStep::Limited { before, .. }
            | TotalStep::CardRule { before, .. } => *before,
        }
    }
}

/// The card's total and grade, and how they were reached.
#[derive(Debug, Clone, Default)]
pub(super) struct CardTotal {
    pub(super) total: Option<Decimal>,
    /// The grade a 总分规则 set (an index into `Compiled::grades`), which
    /// stands whatever the total.
    pub(super) grade_set: Option<usize>,
    pub(super) steps: Vec<TotalStep>,
}

impl CardTotal {
    /// Adds up the card: the indicators' total, its 加分 and 减分, the limit
    /// at 满分 and at 0, then each 总分规则 whose test held (`held[i]`, `None`
    /// where its test faulted and so the total is unknown). Records the
    /// steps only if `steps` is set.
    pub(super) fn new(
        compiled: &Compiled,
        tally: Tally,
        held: &[Option<bool>],
        steps: bool,
    ) -> CardTotal {
        let mut card = CardTotal::default();
        let mut total = tally
            .base(compiled)
            .zip(tally.adjusted)
            .and_then(|(base, adjusted)| {
                let after = base.checked_add(adjusted)?;
                if steps && !adjusted.is_zero() {
                    card.steps.push(TotalStep::Adjusted {
                        before: base,
                        adjustment: adjusted,
                        after,
                    });
                }
                Some(after)
            });
        if let Some(before) = total {
            let after = limited(compiled, before);
            if steps && after != before {
                card.steps.push(TotalStep::Limited { before, after });
            }
            total = Some(after);
        }
        for (rule, held) in compiled.card_rules.iter().zip(held) {
            match held {
                Some(false) => {}
                Some(true) => total = card.apply(compiled, rule, total, steps),
                None => total = None,
            }
        }
        card.total = total;
        card
    }

    /// One 总分规则 that holds, on the total so far.
    fn apply(
        &mut self,
        compiled: &Compiled,
        rule: &crate::lang::compile::CompiledCardRule,
        total: Option<Decimal>,
        steps: bool,
    ) -> Option<Decimal> {
        let before = total?;
        let mut after = before;
        let places = compiled.rounding.places;
        let mut grade = None;
        for effect in &rule.effects {
            match effect {
                CardEffect::Veto => {
                    after = Decimal::ZERO;
                    grade = compiled.grades.len().checked_sub(1);
                }
                CardEffect::TotalCap(cap) => after = after.min(*cap),
                CardEffect::Grade(name) => {
                    grade = compiled
                        .grades
                        .iter()
                        .position(|band| band.name.text == name.text);
                }
            }
        }
        // The cap is written in whole points; the total keeps the places.
        after = with_places(after, places);
        if grade.is_some() {
            self.grade_set = grade;
        }
        if steps {
            self.steps.push(TotalStep::CardRule {
                rule: rule.text.clone(),
                before,
                after,
                grade: grade.map(|index| compiled.grades[index].name.text.clone()),
            });
        }
        Some(after)
    }
}

/// The total within [0, 满分] (or only above 0 where 总分可超过满分), at
/// the stated places (满分 and 0 are written without them).
fn limited(compiled: &Compiled, total: Decimal) -> Decimal {
    let floor = total.max(Decimal::ZERO);
    let limited = match compiled.total_limit {
        Some(TotalLimit::MayExceed) => floor,
        _ => floor.min(compiled.full_marks),
    };
    with_places(limited, compiled.rounding.places)
}

/// `value` written with at least `places` decimal places (95 as 95.00): a
/// limit or cap written in whole points shows as the scores do. Never fewer
/// places, which would round a second time (an indicator may keep more).
pub(super) fn with_places(mut value: Decimal, places: u32) -> Decimal {
    if value.scale() < places {
        value.rescale(places);
    }
    value
}
