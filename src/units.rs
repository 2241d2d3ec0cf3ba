//! Units of measure and the static types of values.
//!
//! Money converts between 元, 万元 and 亿元; counts (家, 个, 项 …) never mix with
//! money or with each other; a ratio of two like quantities is a plain number,
//! shown as a percent. At run time every value is a `Decimal`: money in 元,
//! percents as fractions (98.46% is 0.9846), dates as day numbers.

use rust_decimal::Decimal;
use std::fmt;

/// A unit of money, with its size in 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    /// 元
    Yuan,
    /// 万元
    WanYuan,
    /// 亿元
    YiYuan,
}

impl MoneyUnit {
    /// How many 元 one of this unit is.
    pub fn in_yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::WanYuan => Decimal::from(10_000),
            MoneyUnit::YiYuan => Decimal::from(100_000_000),
        }
    }

    /// The unit's Chinese symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }
}

/// The unit written after a number in a ruleset or a facts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// `%`: the number is hundredths.
    Percent,
    /// `个百分点`: hundredths of absolute difference between two percents.
    PercentagePoint,
    /// 元, 万元, 亿元.
    Money(MoneyUnit),
    /// 分: points of a score.
    Points,
    /// 天 (or 日): a number of days.
    Days,
    /// Any counting word: 家, 家次, 个, 项, 宗, 场, 条, 人次 …
    Count(String),
}

impl Unit {
    /// Reads a unit word as the grammar accepts it.
    pub fn parse(word: &str) -> Unit {
        match word {
            "%" | "％" => Unit::Percent,
            "个百分点" | "百分点" => Unit::PercentagePoint,
            "元" => Unit::Money(MoneyUnit::Yuan),
            "万元" => Unit::Money(MoneyUnit::WanYuan),
            "亿元" => Unit::Money(MoneyUnit::YiYuan),
            "分" => Unit::Points,
            "天" | "日" => Unit::Days,
            other => Unit::Count(other.to_string()),
        }
    }

    /// The run-time value of `number` written in this unit.
    pub fn to_runtime(&self, number: Decimal) -> Option<Decimal> {
        match self {
            Unit::Percent | Unit::PercentagePoint => number.checked_div(Decimal::ONE_HUNDRED),
            Unit::Money(money) => number.checked_mul(money.in_yuan()),
            Unit::Points | Unit::Days | Unit::Count(_) => Some(number),
        }
    }

    /// The static type of a quantity written in this unit.
    pub fn ty(&self) -> Ty {
        match self {
            Unit::Percent | Unit::PercentagePoint => Ty::Ratio { percent: true },
            Unit::Money(money) => Ty::Money(*money),
            Unit::Points => Ty::Points,
            Unit::Days => Ty::Count("天".to_string()),
            Unit::Count(word) => Ty::Count(word.clone()),
        }
    }
}

/// The static type of a value, as the checker infers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A number written without a unit; it takes the type of what it meets.
    Plain,
    /// A dimensionless number; `percent` says whether to show it as one.
    Ratio {
        /// Shown as a percent.
        percent: bool,
    },
    /// Money, shown in the given unit.
    Money(MoneyUnit),
    /// A count of things in the given counting word (天 for days).
    Count(String),
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
            (Ty::Money(_), Ty::Money(_)) => true,
            (Ty::Count(a), Ty::Count(b)) => a == b,
            (Ty::Tier(a), Ty::Tier(b)) => a == b,
            (a, b) => a == b,
        }
    }

    /// Whether arithmetic applies to it.
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Ty::Bool | Ty::Tier(_) | Ty::Date)
    }

    /// Whether a value of this type may be fractional, so that a stepped
    /// deduction on it needs a stated rounding.
    pub fn is_days(&self) -> bool {
        matches!(self, Ty::Count(word) if word == "天")
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Plain => write!(f, "无单位数值"),
            Ty::Ratio { percent: true } => write!(f, "百分比"),
            Ty::Ratio { percent: false } => write!(f, "比值"),
            Ty::Money(unit) => write!(f, "金额（{}）", unit.symbol()),
            Ty::Count(word) => write!(f, "数量（{word}）"),
            Ty::Date => write!(f, "日期"),
            Ty::Bool => write!(f, "是否"),
            Ty::Tier(labels) => write!(f, "档次（{}）", labels.join("，")),
            Ty::Points => write!(f, "分值"),
        }
    }
}
