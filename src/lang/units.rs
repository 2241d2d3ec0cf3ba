//! Units of measure, the static types of values, and the ranges values may take.
//!
//! Units of measure come from the table in [`crate::lang::measure`] and the
//! units a ruleset declares, both read through [`UnitTable`]: money
//! converts between 元, 万元 and 亿元, counts (家, 个, 项 …) never mix with
//! money or with each other, and so on; a ratio of two like quantities is a
//! plain number, shown as a percent. At run time every value is a `Decimal`:
//! a measure in its dimension's base unit (money in 元), percents as fractions
//! (98.46% is 0.9846), dates as day numbers.
//!
//! [`Interval`] is the checker's picture of the values an expression can take,
//! in run-time units, computed from the facts' declared ranges.

use crate::lang::measure::{self, Measure};
use rust_decimal::Decimal;
use std::fmt;

/// The largest magnitude a number may have in a ruleset or a facts file (10^15,
/// in the unit written). Sums and products of such numbers stay far inside a
/// decimal's range, so checked arithmetic only has to catch absurd formulas.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// At most `places` decimal places, half away from zero, without trailing zeros.
pub fn tidy(value: Decimal, places: u32) -> Decimal {
    value
        .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The unit written after a number in a ruleset or a facts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// `%`: the number is hundredths.
    Percent,
    /// `个百分点`: hundredths of absolute difference between two percents.
    PercentagePoint,
    /// 分: points of a score.
    Points,
    /// A unit of measure from the table in [`crate::lang::measure`]: 万元,
    /// 天, 平方米, 家, 元/人次 … (boxed: the AST holds many quantities).
    Measure(Box<Measure>),
}

/// The units a ruleset may write: the built-in table of
/// [`crate::lang::measure`] and the units its files declare (`单位 { … }`).
/// Every place that reads a unit word — rules, fact types, facts files,
/// spreadsheet headings and cells — reads it here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitTable {
    declared: Vec<DeclaredUnit>,
}

/// A unit a ruleset declares: `千瓦时：电量`, `万千瓦时 = 10000千瓦时`, `尾：计数`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredUnit {
    /// The word written after a number.
    pub word: String,
    /// What it stands for: a measure, or a percent (`百分比 = 1%`).
    pub unit: Unit,
    /// The declaration, for a message about it.
    pub span: crate::lang::span::Span,
}

impl UnitTable {
    /// The built-in units only, for text read without a ruleset.
    pub const BUILTIN: UnitTable = UnitTable {
        declared: Vec::new(),
    };

    /// Reads a unit word as the grammar accepts it (`万元`, `元/人次`,
    /// `元/千瓦时`); `None` for a word neither table knows.
    pub fn unit(&self, word: &str) -> Option<Unit> {
        match word {
            "%" | "％" => return Some(Unit::Percent),
            "个百分点" | "百分点" => return Some(Unit::PercentagePoint),
            "分" => return Some(Unit::Points),
            _ => {}
        }
        let Some((of, per)) = word.split_once(['/', '／']) else {
            return self.simple(word.trim());
        };
        let per = self.simple_measure(per.trim())?;
        match self.simple(of.trim())? {
            Unit::Measure(of) if of.per.is_none() => Some(Unit::Measure(Box::new(Measure {
                of: of.of,
                per: Some(per),
            }))),
            _ => None,
        }
    }

    /// One word: a declared unit first (the grammar tries them first, so
    /// that 吨标准煤 is not 吨), then a built-in one.
    fn simple(&self, word: &str) -> Option<Unit> {
        match self.declared(word) {
            Some(declared) => Some(declared.unit.clone()),
            None => measure::builtin(word).map(|of| Unit::Measure(Box::new(Measure::of(of)))),
        }
    }

    /// One word that is a simple measure (what a compound unit is per).
    fn simple_measure(&self, word: &str) -> Option<measure::UnitDef> {
        match self.simple(word)? {
            Unit::Measure(measure) if measure.per.is_none() => Some(measure.of),
            _ => None,
        }
    }

    /// The declaration of `word`, if the ruleset declares it.
    pub fn declared(&self, word: &str) -> Option<&DeclaredUnit> {
        self.declared.iter().find(|declared| declared.word == word)
    }

    /// Every declared unit, in the order declared.
    pub fn declarations(&self) -> &[DeclaredUnit] {
        &self.declared
    }

    /// Adds a declaration (the caller has checked that the word is new).
    pub fn declare(&mut self, declared: DeclaredUnit) {
        self.declared.push(declared);
    }

    /// The same table with every declaration's span moved by `offset`, for
    /// an imported file placed after the ruleset in the combined text.
    pub fn shifted(mut self, offset: usize) -> UnitTable {
        for declared in &mut self.declared {
            declared.span = crate::lang::span::Span::new(
                declared.span.start + offset,
                declared.span.end + offset,
            );
        }
        self
    }

    /// The unit words a value of `measure` may be written in: those of its
    /// dimension, built-in or declared (and, for a compound unit, each of
    /// them per the same unit).
    pub fn words_like(&self, measure: &Measure) -> Vec<String> {
        let per = measure
            .per
            .as_ref()
            .map_or(String::new(), |per| format!("/{}", per.word));
        let declared = self
            .declared
            .iter()
            .filter_map(|declared| match &declared.unit {
                Unit::Measure(unit) if unit.per.is_none() => Some(unit.of.clone()),
                _ => None,
            });
        // 万人次 is a unit wherever 人次 is one (only of the built-in counts),
        // so also for a value written in 万人次: named from the counted word,
        // not from the unit's (which would give 万万人次).
        let ten_thousand = match &measure.of.dimension {
            measure::Dimension::Count(counted) => Some(format!("万{counted}")),
            _ => None,
        }
        .filter(|word| measure::builtin(word).is_some());
        measure::builtin_words()
            .filter_map(measure::builtin)
            .chain(declared)
            .filter(|unit| unit.dimension == measure.of.dimension)
            .map(|unit| unit.word)
            .chain(ten_thousand)
            .map(|word| format!("{word}{per}"))
            .collect()
    }
}

impl Unit {
    /// The unit as written after a number: `%`, `个百分点`, `万元`, `元/人次` …
    pub fn word(&self) -> String {
        match self {
            Unit::Percent => "%".into(),
            Unit::PercentagePoint => "个百分点".into(),
            Unit::Points => "分".into(),
            Unit::Measure(measure) => measure.to_string(),
        }
    }

    /// The number written in this unit for a run-time value (the inverse of
    /// [`Unit::to_runtime`]).
    pub fn from_runtime(&self, value: Decimal) -> Option<Decimal> {
        match self {
            Unit::Percent | Unit::PercentagePoint => value.checked_mul(Decimal::ONE_HUNDRED),
            Unit::Points => Some(value),
            Unit::Measure(measure) => measure.from_base(value),
        }
    }

    /// The run-time value of `number` written in this unit: a percent as a
    /// fraction, a measure in its dimension's base unit (money in 元); `None`
    /// if a decimal cannot hold it exactly (a 1e-28 percent would round to 0).
    pub fn to_runtime(&self, number: Decimal) -> Option<Decimal> {
        let (converted, exact) = match self {
            Unit::Percent | Unit::PercentagePoint => {
                // Two more places than the number's hold its hundredth exactly.
                let exact = number.scale() + 2 <= Decimal::MAX_SCALE;
                (number.checked_div(Decimal::ONE_HUNDRED)?, exact)
            }
            Unit::Points => return Some(number),
            Unit::Measure(measure) => {
                let converted = measure.to_base(number)?;
                // A product with every place of its factors was not rounded
                // (rounding drops places); a quotient (元/人次) may have been.
                let places = number.scale() + measure.of.size.scale();
                (
                    converted,
                    measure.per.is_none() && converted.scale() == places,
                )
            }
        };
        // Otherwise the way back tells whether the conversion rounded.
        (exact || self.from_runtime(converted)? == number).then_some(converted)
    }

    /// The static type of a quantity written in this unit.
    pub fn ty(&self) -> Ty {
        match self {
            Unit::Percent | Unit::PercentagePoint => Ty::Ratio { percent: true },
            Unit::Points => Ty::Points,
            Unit::Measure(measure) => Ty::Measure((**measure).clone()),
        }
    }
}

/// The static type of a value, as the checker infers it. (Hot paths test
/// a variant with `matches!`: the derived `==` is a call.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A number written without a unit; it takes the type of what it meets.
    Plain,
    /// A dimensionless number; `percent` says whether to show it as one.
    Ratio {
        /// Shown as a percent.
        percent: bool,
    },
    /// A quantity of a unit of measure (money, a count, a time span, an
    /// area …), shown in that unit.
    Measure(Measure),
    /// A calendar date.
    Date,
    /// Yes or no.
    Bool,
    /// One level of an enumerated fact, shown by its labels.
    Tier(Vec<String>),
    /// Points of a score.
    Points,
}

impl Ty {
    /// Whether values of the two types measure the same kind of thing.
    pub fn same_dimension(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Plain, t) | (t, Ty::Plain) => t.is_numeric(),
            (Ty::Ratio { .. }, Ty::Ratio { .. }) => true,
            (Ty::Measure(a), Ty::Measure(b)) => a.same_dimension(b),
            (Ty::Tier(a), Ty::Tier(b)) => a == b,
            (a, b) => a == b,
        }
    }

    /// Whether arithmetic applies to it.
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Ty::Bool | Ty::Tier(_) | Ty::Date)
    }

    /// A run-time value of this type as an officer writes it: `95%`,
    /// `62.46万元`, `353家`, `2024-12-31`. At most four decimal places.
    pub fn show(&self, value: Decimal) -> String {
        self.show_to(value, 4)
    }

    /// [`Ty::show`] with at most `places` decimal places (half away from zero),
    /// as the annex table shows 完成值 to two.
    pub fn show_to(&self, value: Decimal, places: u32) -> String {
        let tidy = |number: Decimal| tidy(number, places).to_string();
        match self {
            Ty::Ratio { percent: true } => value
                .checked_mul(Decimal::ONE_HUNDRED)
                .map_or_else(|| tidy(value), |percent| format!("{}%", tidy(percent))),
            Ty::Measure(measure) => measure.from_base(value).map_or_else(
                || tidy(value),
                |number| format!("{}{measure}", tidy(number)),
            ),
            Ty::Points => format!("{}分", tidy(value)),
            Ty::Date => i32::try_from(value.trunc().mantissa())
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map_or_else(|| tidy(value), |date| date.format("%Y-%m-%d").to_string()),
            Ty::Bool if value.is_zero() => "否".to_string(),
            Ty::Bool => "是".to_string(),
            Ty::Tier(levels) => usize::try_from(value.trunc().mantissa())
                .ok()
                .and_then(|index| levels.get(index).cloned())
                .unwrap_or_else(|| tidy(value)),
            Ty::Plain | Ty::Ratio { percent: false } => tidy(value),
        }
    }

    /// A number of calendar days: what subtracting two dates gives.
    pub fn days() -> Ty {
        Ty::Measure(Measure::of(
            measure::builtin("天").expect("天 is in the unit table"),
        ))
    }

    /// Whether it is a number of calendar days (a date may move by it).
    pub fn is_days(&self) -> bool {
        matches!(self, Ty::Measure(measure) if measure.is_days())
    }

    /// Whether its values are whole numbers of things (家, 人次), so that a
    /// stepped deduction on it needs no stated rounding.
    pub fn counts_whole_things(&self) -> bool {
        matches!(self, Ty::Measure(measure) if measure.counts_whole_things())
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Plain => write!(f, "无单位数值"),
            Ty::Ratio { percent: true } => write!(f, "百分比"),
            Ty::Ratio { percent: false } => write!(f, "比值"),
            Ty::Measure(measure) => write!(f, "{}", measure.type_name()),
            Ty::Date => write!(f, "日期"),
            Ty::Bool => write!(f, "是否"),
            Ty::Tier(labels) => write!(f, "档次（{}）", labels.join("，")),
            Ty::Points => write!(f, "分值"),
        }
    }
}

/// The values an expression may take: from `lo` to `hi`, either end possibly
/// unbounded (`None`) or open (the end value itself excluded). Values are in
/// run-time units, so 0%..100% is `[0, 1]`.
///
/// Arithmetic over-approximates: the result contains every value the
/// operation can give, and often more. So "the interval lies below 4" proves
/// that a score never reaches 4, while "the interval reaches above 4" proves
/// nothing; the checker only draws the first kind of conclusion as a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// The least value, if bounded below.
    pub lo: Option<Decimal>,
    /// The greatest value, if bounded above.
    pub hi: Option<Decimal>,
    /// Whether `lo` itself is excluded.
    pub lo_open: bool,
    /// Whether `hi` itself is excluded.
    pub hi_open: bool,
}

/// An end of an interval in the extended reals, for products and quotients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Extended {
    NegInf,
    Finite(Decimal),
    PosInf,
}

impl Extended {
    fn is_positive(self) -> bool {
        match self {
            Extended::NegInf => false,
            Extended::PosInf => true,
            Extended::Finite(value) => value > Decimal::ZERO,
        }
    }

    fn is_zero(self) -> bool {
        self == Extended::Finite(Decimal::ZERO)
    }

    /// The infinity with the sign of `a × b` (both non-zero).
    fn infinity(positive: bool) -> Extended {
        if positive {
            Extended::PosInf
        } else {
            Extended::NegInf
        }
    }

    /// `a × b` with 0 × ∞ = 0 (right for the hull of closed intervals);
    /// `None` on decimal overflow.
    fn mul(self, other: Extended) -> Option<Extended> {
        match (self, other) {
            (Extended::Finite(a), Extended::Finite(b)) => a.checked_mul(b).map(Extended::Finite),
            (a, b) if a.is_zero() || b.is_zero() => Some(Extended::Finite(Decimal::ZERO)),
            (a, b) => Some(Extended::infinity(a.is_positive() == b.is_positive())),
        }
    }

    /// `a ÷ b` for `b` not zero; `None` on overflow or ∞ ÷ ∞.
    fn div(self, other: Extended) -> Option<Extended> {
        match (self, other) {
            (Extended::Finite(a), Extended::Finite(b)) => a.checked_div(b).map(Extended::Finite),
            (Extended::Finite(_), _) => Some(Extended::Finite(Decimal::ZERO)),
            (a, Extended::Finite(b)) => {
                Some(Extended::infinity(a.is_positive() == (b > Decimal::ZERO)))
            }
            _ => None,
        }
    }
}

impl Interval {
    /// Every value.
    pub const UNBOUNDED: Interval = Interval {
        lo: None,
        hi: None,
        lo_open: false,
        hi_open: false,
    };

    /// Exactly `value`.
    pub fn point(value: Decimal) -> Interval {
        Interval::closed(value, value)
    }

    /// `[lo, hi]`.
    pub fn closed(lo: Decimal, hi: Decimal) -> Interval {
        Interval {
            lo: Some(lo),
            hi: Some(hi),
            ..Interval::UNBOUNDED
        }
    }

    /// `[lo, ∞)`.
    pub fn at_least(lo: Decimal) -> Interval {
        Interval {
            lo: Some(lo),
            ..Interval::UNBOUNDED
        }
    }

    /// Whether no value lies in it.
    pub fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => lo > hi || (lo == hi && (self.lo_open || self.hi_open)),
            _ => false,
        }
    }

    fn ends(&self) -> (Extended, Extended) {
        (
            self.lo.map_or(Extended::NegInf, Extended::Finite),
            self.hi.map_or(Extended::PosInf, Extended::Finite),
        )
    }

    /// The closed hull of extended candidates: their least and greatest.
    fn hull_of(candidates: &[Extended]) -> Interval {
        let lo = candidates.iter().min().copied();
        let hi = candidates.iter().max().copied();
        Interval {
            lo: match lo {
                Some(Extended::Finite(value)) => Some(value),
                _ => None,
            },
            hi: match hi {
                Some(Extended::Finite(value)) => Some(value),
                _ => None,
            },
            lo_open: false,
            hi_open: false,
        }
    }

    /// Every value of `self` or `other`, and those between.
    pub fn hull(&self, other: &Interval) -> Interval {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let (lo, lo_open) = match (self.lo, other.lo) {
            (Some(a), Some(b)) if a < b => (Some(a), self.lo_open),
            (Some(a), Some(b)) if b < a => (Some(b), other.lo_open),
            (Some(a), Some(_)) => (Some(a), self.lo_open && other.lo_open),
            _ => (None, false),
        };
        let (hi, hi_open) = match (self.hi, other.hi) {
            (Some(a), Some(b)) if a > b => (Some(a), self.hi_open),
            (Some(a), Some(b)) if b > a => (Some(b), other.hi_open),
            (Some(a), Some(_)) => (Some(a), self.hi_open && other.hi_open),
            _ => (None, false),
        };
        Interval {
            lo,
            hi,
            lo_open,
            hi_open,
        }
    }

    /// `−self`.
    pub fn neg(&self) -> Interval {
        Interval {
            lo: self.hi.map(|hi| -hi),
            hi: self.lo.map(|lo| -lo),
            lo_open: self.hi_open,
            hi_open: self.lo_open,
        }
    }

    /// `self + other`.
    pub fn add(&self, other: &Interval) -> Interval {
        let lo = match (self.lo, other.lo) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
        let hi = match (self.hi, other.hi) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
        Interval {
            lo,
            hi,
            lo_open: lo.is_some() && (self.lo_open || other.lo_open),
            hi_open: hi.is_some() && (self.hi_open || other.hi_open),
        }
    }

    /// `self − other`.
    pub fn sub(&self, other: &Interval) -> Interval {
        self.add(&other.neg())
    }

    /// `self × other` (closed hull).
    pub fn mul(&self, other: &Interval) -> Interval {
        let (a, b) = self.ends();
        let (c, d) = other.ends();
        let products: Option<Vec<Extended>> = [(a, c), (a, d), (b, c), (b, d)]
            .into_iter()
            .map(|(x, y)| x.mul(y))
            .collect();
        products.map_or(Interval::UNBOUNDED, |products| Interval::hull_of(&products))
    }

    /// `self ÷ other` (closed hull); when `other` may be 0 the quotient may
    /// be anything (or a fault at run time), but at least 0 if neither side
    /// can be negative.
    pub fn div(&self, other: &Interval) -> Interval {
        if other.contains(Decimal::ZERO) {
            // 追加 ÷ 年初 of two sums that are never negative is never
            // negative: dividing by exactly 0 faults and gives no value.
            let never_negative =
                |interval: &Interval| interval.lo.is_some_and(|lo| lo >= Decimal::ZERO);
            if never_negative(self) && never_negative(other) {
                return Interval::at_least(Decimal::ZERO);
            }
            return Interval::UNBOUNDED;
        }
        let (a, b) = self.ends();
        let (c, d) = other.ends();
        let quotients: Option<Vec<Extended>> = [(a, c), (a, d), (b, c), (b, d)]
            .into_iter()
            .map(|(x, y)| x.div(y))
            .collect();
        quotients.map_or(Interval::UNBOUNDED, |quotients| {
            Interval::hull_of(&quotients)
        })
    }

    /// Whether `value` may lie in it (open ends ignored: an over-approximation).
    pub fn contains(&self, value: Decimal) -> bool {
        self.lo.is_none_or(|lo| lo <= value) && self.hi.is_none_or(|hi| value <= hi)
    }

    /// `max(0, self)`.
    pub fn at_least_zero(&self) -> Interval {
        let clamp = |end: Option<Decimal>| end.map(|value| value.max(Decimal::ZERO));
        Interval {
            lo: Some(clamp(self.lo).unwrap_or(Decimal::ZERO)),
            hi: clamp(self.hi),
            lo_open: false,
            hi_open: self.hi_open && self.hi.is_some_and(|hi| hi > Decimal::ZERO),
        }
    }

    /// Each end rounded with `round` (towards whole steps), closed.
    pub fn map_ends(&self, round: impl Fn(Decimal) -> Decimal) -> Interval {
        Interval {
            lo: self.lo.map(&round),
            hi: self.hi.map(&round),
            lo_open: false,
            hi_open: false,
        }
    }

    /// Keeps only values `>= bound` (or `> bound` when `open`).
    pub fn raise_lo(&mut self, bound: Decimal, open: bool) {
        match self.lo {
            Some(lo) if lo > bound => {}
            Some(lo) if lo == bound => self.lo_open |= open,
            _ => {
                self.lo = Some(bound);
                self.lo_open = open;
            }
        }
    }

    /// Keeps only values `<= bound` (or `< bound` when `open`).
    pub fn lower_hi(&mut self, bound: Decimal, open: bool) {
        match self.hi {
            Some(hi) if hi < bound => {}
            Some(hi) if hi == bound => self.hi_open |= open,
            _ => {
                self.hi = Some(bound);
                self.hi_open = open;
            }
        }
    }

    /// Whether some value of `self` may be `>= other`'s (or `>` when `strict`).
    pub fn may_exceed(&self, other: &Interval, strict: bool) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        match (self.hi, other.lo) {
            (Some(hi), Some(lo)) => {
                hi > lo || (hi == lo && !strict && !self.hi_open && !other.lo_open)
            }
            _ => true,
        }
    }

    /// Whether `self` and `other` may share a value.
    pub fn may_equal(&self, other: &Interval) -> bool {
        self.may_exceed(other, false) && other.may_exceed(self, false)
    }

    /// The single value it holds, if it holds exactly one.
    pub fn single(&self) -> Option<Decimal> {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) if lo == hi && !self.is_empty() => Some(lo),
            _ => None,
        }
    }
}

/// Places shown for values in the annex table (98.46%, 61.5万元).
pub const SHOWN_PLACES: u32 = 2;

/// A date's run-time value: days since 0001-01-01.
pub fn day_number(date: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce()
}

#[cfg(test)]
mod tests;
