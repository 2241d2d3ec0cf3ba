//! A fact's value as a facts file writes it ([`RawValue`]) and its run-time
//! value for the declared type ([`convert`]): shared by the full reading of
//! a facts file (`facts`) and the quick one of a JSON row (`rows`).

use crate::lang::check::Fact;
use crate::lang::units::day_number;
use crate::lang::units::{Ty, Unit, UnitTable, MAX_MAGNITUDE};
use crate::score::written::{half_width, split_number, without_grouping};
use rust_decimal::Decimal;

/// The table of discretionary scores.
pub const DISCRETION_TABLE: &str = "酌情";

/// The table of the experts' scores, for indicators scored by their mean.
pub const EXPERTS_TABLE: &str = "专家评分";

/// The table of indicators that do not apply to the project, with the reason.
pub const NOT_APPLICABLE_TABLE: &str = "不适用";

/// The table of what a report claims, for `audit`.
pub const CLAIMS_TABLE: &str = "报告";

/// Whether `key` names one of a project's tables (酌情, 专家评分, 不适用,
/// 报告) rather than a fact.
pub fn is_project_table(key: &str) -> bool {
    [
        DISCRETION_TABLE,
        EXPERTS_TABLE,
        NOT_APPLICABLE_TABLE,
        CLAIMS_TABLE,
    ]
    .contains(&key)
}

/// The key with which a facts file states how it writes percents.
pub const PERCENT_STYLE_KEY: &str = "百分比写法";

/// How a facts file writes a percent fact's bare number: a spreadsheet
/// exports 85% as 0.85, a person writes 85.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum PercentStyle {
    /// Not stated: a bare number past 1 is a percent (98.46 is 98.46%), one
    /// from −1 to 1 is refused as ambiguous.
    #[default]
    Unstated,
    /// `"百分数"`: a bare number is a percent, 0.85 is 0.85%.
    Percent,
    /// `"小数"`: a bare number is a fraction, 0.85 is 85%.
    Fraction,
}

impl PercentStyle {
    /// The style a `百分比写法` entry states, if it is one.
    pub(crate) fn of(raw: &RawValue) -> Option<PercentStyle> {
        match raw {
            RawValue::Text(text) if text.trim() == "百分数" => Some(PercentStyle::Percent),
            RawValue::Text(text) if text.trim() == "小数" => Some(PercentStyle::Fraction),
            _ => None,
        }
    }
}

/// Whether a bare number for a percent fact reads two ways: 0.85 is 85% to
/// a spreadsheet and 0.85% to a person (0 reads one way only).
pub(crate) fn ambiguous_percent(raw: &RawValue, ty: &Ty) -> bool {
    let RawValue::Number(number) = raw else {
        return false;
    };
    Decimal::from_str_exact(number).is_ok_and(|number| ambiguous_percent_number(number, ty))
}

/// [`ambiguous_percent`] of a number already read.
pub(crate) fn ambiguous_percent_number(number: Decimal, ty: &Ty) -> bool {
    matches!(ty, Ty::Ratio { percent: true }) && !number.is_zero() && number.abs() <= Decimal::ONE
}

/// [`convert`] for a facts file that writes percents in `style`.
pub(crate) fn convert_in(
    raw: &RawValue,
    ty: &Ty,
    style: PercentStyle,
    units: &UnitTable,
) -> Option<Decimal> {
    match (style, ty, raw) {
        (PercentStyle::Fraction, Ty::Ratio { percent: true }, RawValue::Number(_)) => {
            convert(raw, &Ty::Ratio { percent: false }, units)
        }
        _ => convert(raw, ty, units),
    }
}

/// A value as a facts file writes it, before conversion.
#[derive(Debug, Clone)]
pub(crate) enum RawValue {
    Number(String),
    Text(String),
    Bool(bool),
    Table(Vec<(String, RawValue)>),
    List(Vec<RawValue>),
    Other(String),
}

/// Converts a raw value to the run-time value of a fact of type `ty`, whose
/// unit words are those of `units`.
pub(crate) fn convert(raw: &RawValue, ty: &Ty, units: &UnitTable) -> Option<Decimal> {
    match (ty, raw) {
        (Ty::Bool, RawValue::Bool(b)) => Some(Decimal::from(u8::from(*b))),
        (_, RawValue::Text(text)) => convert_text(text, ty, units),
        (_, RawValue::Number(number)) => convert_number(Decimal::from_str_exact(number).ok()?, ty),
        _ => None,
    }
}

/// [`convert`] of a number already read: a numeric fact's value in its
/// declared unit, `None` for another type or past the magnitude limit.
pub(crate) fn convert_number(number: Decimal, ty: &Ty) -> Option<Decimal> {
    if !ty.is_numeric() || number.abs() > MAX_MAGNITUDE {
        return None;
    }
    declared_unit(ty).map_or(Some(number), |unit| unit.to_runtime(number))
}

/// [`convert`] of a text value, borrowed (a spreadsheet's cell is read
/// without copying it).
pub(crate) fn convert_text(text: &str, ty: &Ty, units: &UnitTable) -> Option<Decimal> {
    match ty {
        Ty::Bool => match text.trim() {
            "是" | "符合" | "有" | "true" => Some(Decimal::ONE),
            "否" | "不符合" | "无" | "false" => Some(Decimal::ZERO),
            _ => None,
        },
        Ty::Date => crate::lang::parse::parse_date(half_width(text).trim())
            .map(|date| Decimal::from(day_number(date))),
        Ty::Tier(levels) => levels
            .iter()
            .position(|level| level == text.trim())
            .map(Decimal::from),
        numeric if numeric.is_numeric() => quantity_text(text, numeric, units),
        _ => None,
    }
}

/// The unit a plain number in a facts file is taken to be in.
pub(crate) fn declared_unit(ty: &Ty) -> Option<Unit> {
    match ty {
        Ty::Ratio { percent: true } => Some(Unit::Percent),
        Ty::Measure(measure) => Some(Unit::Measure(Box::new(measure.clone()))),
        _ => None,
    }
}

/// Reads "61.5万元", "98.46%", "353家": a number and a unit of the fact's dimension.
fn quantity_text(text: &str, ty: &Ty, units: &UnitTable) -> Option<Decimal> {
    let text = half_width(text);
    let (number, unit) = split_number(&text);
    let number = Decimal::from_str_exact(&without_grouping(number)?)
        .ok()
        .filter(|number| number.abs() <= MAX_MAGNITUDE)?;
    let unit = unit.trim();
    if unit.is_empty() {
        return declared_unit(ty).map_or(Some(number), |unit| unit.to_runtime(number));
    }
    let unit = units.unit(unit)?;
    unit_fits(ty, &unit)
        .then(|| unit.to_runtime(number))
        .flatten()
}

/// Whether a value written in `unit` may be a value of a fact of type `ty`:
/// a percent for any ratio, else a unit of the fact's dimension.
pub(crate) fn unit_fits(ty: &Ty, unit: &Unit) -> bool {
    match (ty, unit.ty()) {
        (Ty::Ratio { .. }, Ty::Ratio { .. }) => true,
        (declared, written) => declared.same_dimension(&written) && written != Ty::Plain,
    }
}

pub(crate) fn outside_range(fact: &Fact, value: Decimal) -> bool {
    fact.range
        .as_ref()
        .is_some_and(|range| !range.contains(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::span::Span;
    use crate::lang::units::Interval;
    use rust_decimal_macros::dec;

    const PERCENT: Ty = Ty::Ratio { percent: true };
    const FRACTION: Ty = Ty::Ratio { percent: false };

    fn number(text: &str) -> RawValue {
        RawValue::Number(text.to_string())
    }

    fn text(text: &str) -> RawValue {
        RawValue::Text(text.to_string())
    }

    /// The type of a fact declared in `word` (万元, 家 …).
    fn measure(word: &str) -> Ty {
        UnitTable::BUILTIN.unit(word).expect("a built-in unit").ty()
    }

    fn read(raw: &RawValue, ty: &Ty) -> Option<Decimal> {
        convert(raw, ty, &UnitTable::BUILTIN)
    }

    #[test]
    fn the_four_project_tables_are_not_facts() {
        for table in ["酌情", "专家评分", "不适用", "报告"] {
            assert!(is_project_table(table), "{table}");
        }
        assert!(!is_project_table("到位"));
        assert!(!is_project_table("百分比写法"));
    }

    #[test]
    fn a_percent_style_is_one_of_two_words() {
        assert_eq!(
            PercentStyle::of(&text(" 百分数 ")),
            Some(PercentStyle::Percent)
        );
        assert_eq!(
            PercentStyle::of(&text("小数")),
            Some(PercentStyle::Fraction)
        );
        assert_eq!(PercentStyle::of(&text("分数")), None);
        assert_eq!(PercentStyle::of(&number("100")), None);
    }

    #[test]
    fn only_a_nonzero_bare_number_from_minus_one_to_one_is_an_ambiguous_percent() {
        let ambiguous = |raw: &RawValue| ambiguous_percent(raw, &PERCENT);
        assert!(ambiguous(&number("0.85")));
        // Both ends: |±1| ≤ 1.
        assert!(ambiguous(&number("1")));
        assert!(ambiguous(&number("-1")));
        // 0 is 0% either way; past 1 it can only be a percent.
        assert!(!ambiguous(&number("0")));
        assert!(!ambiguous(&number("1.5")));
        assert!(!ambiguous(&number("85")));
        // A number written as text, or for a fact that is not a percent.
        assert!(!ambiguous(&text("0.85")));
        assert!(!ambiguous_percent(&number("0.85"), &FRACTION));
    }

    #[test]
    fn a_fraction_style_reads_a_bare_percent_number_as_a_fraction() {
        let units = &UnitTable::BUILTIN;
        // 小数: 0.85 is 85%, the fraction 0.85 itself.
        let fraction = convert_in(&number("0.85"), &PERCENT, PercentStyle::Fraction, units);
        assert_eq!(fraction, Some(dec!(0.85)));
        // Unstated or 百分数: 85 is 85% = 85 / 100 = 0.85.
        let unstated = convert_in(&number("85"), &PERCENT, PercentStyle::Unstated, units);
        assert_eq!(unstated, Some(dec!(0.85)));
        let percent = convert_in(&number("0.85"), &PERCENT, PercentStyle::Percent, units);
        // 0.85% = 0.85 / 100 = 0.0085.
        assert_eq!(percent, Some(dec!(0.0085)));
        // A text value says its own unit whatever the style: 85% = 0.85.
        let written = convert_in(&text("85%"), &PERCENT, PercentStyle::Fraction, units);
        assert_eq!(written, Some(dec!(0.85)));
    }

    #[test]
    fn a_bare_number_is_in_the_declared_unit_up_to_ten_to_the_fifteenth() {
        // 61.5 万元 = 61.5 × 10000 元 = 615000 元.
        assert_eq!(read(&number("61.5"), &measure("万元")), Some(dec!(615000)));
        // 98.46 (a percent) = 98.46 / 100 = 0.9846.
        assert_eq!(read(&number("98.46"), &PERCENT), Some(dec!(0.9846)));
        assert_eq!(read(&number("0.5"), &FRACTION), Some(dec!(0.5)));
        // MAX_MAGNITUDE is 10¹⁵: it is read, one more is refused.
        let max = "1000000000000000";
        assert_eq!(read(&number(max), &FRACTION), Some(dec!(1000000000000000)));
        assert_eq!(read(&number("-1000000000000001"), &FRACTION), None);
        // A number for a yes/no, date or tier fact is no value.
        assert_eq!(read(&number("1"), &Ty::Bool), None);
        assert_eq!(read(&number("45657"), &Ty::Date), None);
        assert_eq!(
            read(&number("1"), &Ty::Tier(vec!["差".into(), "好".into()])),
            None
        );
    }

    #[test]
    fn yes_no_dates_and_tiers_are_read_from_their_words() {
        assert_eq!(read(&RawValue::Bool(true), &Ty::Bool), Some(Decimal::ONE));
        assert_eq!(read(&RawValue::Bool(false), &Ty::Bool), Some(Decimal::ZERO));
        for yes in ["是", "符合", " 有 ", "true"] {
            assert_eq!(read(&text(yes), &Ty::Bool), Some(Decimal::ONE), "{yes}");
        }
        for no in ["否", "不符合", "无", "false"] {
            assert_eq!(read(&text(no), &Ty::Bool), Some(Decimal::ZERO), "{no}");
        }
        assert_eq!(read(&text("也许"), &Ty::Bool), None);
        assert_eq!(read(&RawValue::Bool(true), &PERCENT), None);
        // Days from 0001-01-01 (day 1) to 2024-12-31: 2024 × 365 + 491 leap
        // days (506 − 20 + 5) = 738760 + 491 = 739251, full-width digits too.
        assert_eq!(read(&text("2024-12-31"), &Ty::Date), Some(dec!(739251)));
        assert_eq!(
            read(&text("２０２４-１２-３１"), &Ty::Date),
            Some(dec!(739251))
        );
        // A tier's value is its level's place from 0.
        let tiers = Ty::Tier(vec!["差".into(), "中".into(), "好".into()]);
        assert_eq!(read(&text(" 中 "), &tiers), Some(dec!(1)));
        assert_eq!(read(&text("好"), &tiers), Some(dec!(2)));
        assert_eq!(read(&text("优"), &tiers), None);
    }

    #[test]
    fn a_quantity_is_read_in_the_unit_written_when_it_fits_the_fact() {
        let money = measure("万元");
        // 61.5 万元 = 615000 元; 1,234 元 = 1234 元; a bare 2 is 2 万元 = 20000 元.
        assert_eq!(read(&text("61.5万元"), &money), Some(dec!(615000)));
        assert_eq!(read(&text("1,234元"), &money), Some(dec!(1234)));
        assert_eq!(read(&text(" 2 "), &money), Some(dec!(20000)));
        // 家 counts firms, not money; 12,34 is no grouping; 10¹⁵ + 1 is too large.
        assert_eq!(read(&text("353家"), &money), None);
        assert_eq!(read(&text("12,34元"), &money), None);
        assert_eq!(read(&text("1000000000000001元"), &money), None);
        assert_eq!(read(&text("353家"), &measure("家")), Some(dec!(353)));
        // A percent fits any ratio: 98.46% = 0.9846, a bare 98.46 only a percent fact.
        assert_eq!(read(&text("98.46%"), &FRACTION), Some(dec!(0.9846)));
        assert_eq!(read(&text("98.46"), &PERCENT), Some(dec!(0.9846)));
        assert_eq!(read(&text("98.46"), &FRACTION), Some(dec!(98.46)));
    }

    #[test]
    fn a_unit_fits_a_fact_of_its_dimension() {
        let unit = |word: &str| UnitTable::BUILTIN.unit(word).expect("a unit");
        assert!(unit_fits(&FRACTION, &unit("%")));
        assert!(unit_fits(&measure("万元"), &unit("元")));
        assert!(unit_fits(&Ty::Points, &unit("分")));
        assert!(!unit_fits(&measure("万元"), &unit("家")));
        assert!(!unit_fits(&measure("万元"), &unit("%")));
        assert!(!unit_fits(&PERCENT, &unit("元")));
    }

    #[test]
    fn a_value_is_outside_only_a_declared_range() {
        let fact = |range: Option<Interval>| Fact {
            name: "满意度".into(),
            ty: PERCENT,
            span: Span::new(0, 0),
            range,
            used: true,
        };
        let bounded = fact(Some(Interval::closed(Decimal::ZERO, Decimal::ONE)));
        assert!(outside_range(&bounded, dec!(1.5)));
        assert!(!outside_range(&bounded, dec!(0.5)));
        assert!(!outside_range(&bounded, Decimal::ONE));
        assert!(!outside_range(&fact(None), dec!(1.5)));
    }
}
