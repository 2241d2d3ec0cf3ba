//! Numbers as a facts file writes them: the number before a unit, and
//! whether a decimal holds it exactly.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The help for a number a decimal cannot hold exactly.
pub(crate) const PRECISION_HELP: &str =
    "小数位数或有效数字超出可精确计算的范围（至多 28 位）：请按原始记录写出，不要多于 28 位";

/// "61.5万元" as ("61.5", "万元").
pub(crate) fn split_number(text: &str) -> (&str, &str) {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    text.split_at(split)
}

/// Whether a number is refused only because a decimal cannot hold it
/// exactly (more than 28 places or significant digits): rounding it would
/// score another number than the one written.
pub(crate) fn beyond_precision(number: &str) -> bool {
    Decimal::from_str(number).is_ok() && Decimal::from_str_exact(number).is_err()
}
