//! Numbers as a facts file or a form writes them: the number before a
//! unit, full-width digits, thousands separators, and whether a decimal
//! holds the number exactly.

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// The help for a number a decimal cannot hold exactly.
pub(crate) const PRECISION_HELP: &str =
    "小数位数或有效数字超出可精确计算的范围（至多 28 位）：请按原始记录写出，不要多于 28 位";

/// "61.5万元" as ("61.5", "万元"); "1,234.5元" as ("1,234.5", "元").
pub(crate) fn split_number(text: &str) -> (&str, &str) {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | ',')))
        .unwrap_or(text.len());
    text.split_at(split)
}

/// Text as typed into a form, in half-width: a Chinese input method's
/// full-width digits, signs and letters (`９５．５％`) and the ideographic
/// space become their ASCII forms; other text is returned as it is.
pub(crate) fn half_width(text: &str) -> Cow<'_, str> {
    let is_full_width = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    if text.is_ascii() || !text.chars().any(is_full_width) {
        return Cow::Borrowed(text);
    }
    let to_ascii = |c: char| match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Cow::Owned(text.chars().map(to_ascii).collect())
}

/// A number's digits without thousands separators: `1,234.5` → `1234.5`.
/// Commas count only as Excel writes them — groups of three digits before
/// the point — so `59,40` (a decimal comma?) is refused, not guessed.
pub(crate) fn without_grouping(number: &str) -> Option<Cow<'_, str>> {
    if !number.contains(',') {
        return Some(Cow::Borrowed(number));
    }
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let mut groups = whole.strip_prefix('-').unwrap_or(whole).split(',');
    let first = groups.next()?;
    let digits = |group: &str| group.bytes().all(|b| b.is_ascii_digit());
    let grouped = (1..=3).contains(&first.len())
        && digits(first)
        && groups.all(|group| group.len() == 3 && digits(group))
        && !fraction.contains(',');
    grouped.then(|| Cow::Owned(number.replace(',', "")))
}

/// Whether a number is refused only because a decimal cannot hold it
/// exactly (more than 28 places or significant digits): rounding it would
/// score another number than the one written.
pub(crate) fn beyond_precision(number: &str) -> bool {
    Decimal::from_str(number).is_ok() && Decimal::from_str_exact(number).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_text_becomes_half_width_and_other_text_is_borrowed() {
        assert_eq!(half_width("５９．４０万元"), "59.40万元");
        assert_eq!(half_width("９５％"), "95%");
        assert_eq!(half_width("\u{3000}12"), " 12");
        assert!(matches!(half_width("59.40万元"), Cow::Borrowed(_)));
        assert!(matches!(half_width("85%"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_groups_of_three_digits_are_thousands() {
        assert_eq!(without_grouping("594,000").as_deref(), Some("594000"));
        assert_eq!(
            without_grouping("-1,234,567.25").as_deref(),
            Some("-1234567.25")
        );
        assert_eq!(without_grouping("62.46").as_deref(), Some("62.46"));
        for refused in ["59,40", "1,2345", ",123", "1234,567", "1,234.5,6", "1,,234"] {
            assert_eq!(without_grouping(refused), None, "{refused}");
        }
    }

    #[test]
    fn the_number_is_split_from_the_unit_after_it() {
        assert_eq!(split_number("61.5万元"), ("61.5", "万元"));
        assert_eq!(split_number(" 1,234.5元 "), ("1,234.5", "元"));
        assert_eq!(split_number("-3"), ("-3", ""));
        assert_eq!(split_number("万元"), ("", "万元"));
    }

    #[test]
    fn only_numbers_past_28_places_are_beyond_precision() {
        assert!(!beyond_precision("0.1"));
        // 29 places: a decimal reads it rounded, not exactly.
        assert!(beyond_precision("0.12345678901234567890123456789"));
        // Not a number at all: refused for another reason.
        assert!(!beyond_precision("abc"));
    }
}
