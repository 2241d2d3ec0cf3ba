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
    *ty == Ty::Ratio { percent: true }
        && Decimal::from_str_exact(number)
            .is_ok_and(|number| !number.is_zero() && number.abs() <= Decimal::ONE)
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
        (numeric, RawValue::Number(number)) if numeric.is_numeric() => {
            let number = Decimal::from_str_exact(number)
                .ok()
                .filter(|number| number.abs() <= MAX_MAGNITUDE)?;
            declared_unit(numeric).map_or(Some(number), |unit| unit.to_runtime(number))
        }
        _ => None,
    }
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
