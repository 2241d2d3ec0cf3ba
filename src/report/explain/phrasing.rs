//! How values and source text are written in prose: brief decimals, percents,
//! quantities as written, step units and lines without their comments.

use crate::lang::ast::RoundingMode;
use crate::lang::units::{Ty, Unit};
use rust_decimal::Decimal;

/// An intermediate value for prose: at most four decimal places (the score
/// itself is rounded as the ruleset says, in the final step).
pub(super) fn brief(value: Decimal) -> Decimal {
    crate::lang::units::tidy(value, 4)
}

pub(super) fn percent(share: Decimal) -> String {
    let hundredths = share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(share);
    format!("{}%", hundredths.normalize())
}

pub(super) fn mode_word(mode: RoundingMode) -> &'static str {
    match mode {
        RoundingMode::HalfUp => "四舍五入",
        RoundingMode::Up => "向上舍入",
        RoundingMode::Down => "向下舍入",
    }
}

/// A literal as an officer writes it: 100%, 62.46万元, 2个.
pub(super) fn written_quantity(number: Decimal, unit: Option<&Unit>) -> String {
    format!(
        "{}{}",
        number.normalize(),
        unit.map_or(String::new(), Unit::word)
    )
}

/// A run-time amount in the step's written unit (0.0154 → 1.54 for 个百分点).
pub(super) fn in_step_unit(value: Decimal, unit: Option<&Unit>) -> Decimal {
    unit.and_then(|unit| unit.from_runtime(value))
        .unwrap_or(value)
}

/// The word for a step: 个百分点 for percents (a 1% step is a point), else the unit.
pub(super) fn step_unit_word(unit: Option<&Unit>, actual: Option<&Ty>) -> String {
    match (unit, actual) {
        (Some(Unit::Percent | Unit::PercentagePoint), _) => "个百分点".into(),
        (Some(unit), _) => unit.word(),
        (None, Some(Ty::Measure(measure)))
            if measure.counts_whole_things() || measure.is_days() =>
        {
            measure.to_string()
        }
        (None, _) => String::new(),
    }
}

/// A line up to its comment (`#` or `//` outside a quoted string).
pub(super) fn without_comment(line: &str) -> &str {
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' | '“' | '”' => quoted = !quoted,
            '#' if !quoted => return &line[..at],
            '/' if !quoted && line[at..].starts_with("//") => return &line[..at],
            _ => {}
        }
    }
    line
}
