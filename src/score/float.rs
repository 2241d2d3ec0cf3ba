//! A spreadsheet's or a JSON file's float as the decimal it shows: the
//! shortest decimal that reads back as the same float, as `Display` writes
//! it, found without formatting the float when it has few digits.

use crate::lang::units::MAX_MAGNITUDE;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A spreadsheet's number as an exact decimal: the shortest decimal that
/// reads back as the same float (what the sheet shows), not its binary value.
pub(crate) fn decimal_of(number: f64) -> Option<Decimal> {
    if !number.is_finite() {
        return None;
    }
    // A whole float below 10^15 is its integer exactly (counts, most
    // amounts): the digits Display writes, found without a search.
    let whole = number as i64;
    if whole != 0 && whole as f64 == number {
        let value = Decimal::from(whole);
        if value.abs() < MAX_MAGNITUDE {
            return Some(value);
        }
    }
    let decimal = short_decimal(number).or_else(|| {
        // f64's Display never uses an exponent, so the text always parses.
        Decimal::from_str(&number.to_string()).ok()
    })?;
    Some(decimal).filter(|decimal| decimal.abs() <= MAX_MAGNITUDE)
}

/// [`decimal_of`] without formatting the float, for a number of at most 15
/// significant digits that is not −0 (what cells almost always hold):
/// the fewest decimal places `s` at which some integer `m` with
/// `m / 10^s == number` exists. Below 10^15 decimals of at most 15 digits
/// map to distinct floats, so that `m` is unique and is the shortest text
/// that reads back as `number` — the digits Display writes. `None` when the
/// quick way does not apply (Display decides).
fn short_decimal(number: f64) -> Option<Decimal> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    const LIMIT: f64 = 1e15;
    if number == 0.0 {
        // Display writes −0 with its sign, which Display's way keeps; 0 is
        // common (no delay, no accident) and reads as plain 0.
        return number.is_sign_positive().then_some(Decimal::ZERO);
    }
    for (scale, power) in (0u32..).zip(POWERS) {
        let scaled = (number * power).round();
        if scaled.abs() >= LIMIT {
            return None;
        }
        // Both are exact, and the division rounds as reading the text does.
        if scaled / power == number {
            return Some(Decimal::new(scaled as i64, scale));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_the_decimals_they_show() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut random = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        };
        let shown = |number: f64| Decimal::from_str(&number.to_string()).ok();
        let mut numbers = vec![0.1, 0.2 + 0.1, 418.2, 100.0, 1e15, 999_999_999_999_999.0];
        numbers.extend([1e-7, 5e-324, 123_456.789_012_345_6, f64::MAX, 2.5e-15]);
        for _ in 0..20_000 {
            let bits = random();
            // Cents, small fractions, 32-bit floats of percents, any bits.
            numbers.push((bits % 10_000_000) as f64 / 100.0);
            numbers.push((bits % 1000) as f64 / 1e6);
            numbers.push(f64::from((bits % 10_000) as f32 / 10_000.0));
            numbers.push(f64::from_bits(bits));
        }
        for number in numbers
            .into_iter()
            .chain([-418.25, -0.0, 0.0, -7.0, 1e15 - 1.0, -1e15])
        {
            let expected = shown(number).filter(|decimal| decimal.abs() <= MAX_MAGNITUDE);
            let decimal = decimal_of(number);
            assert_eq!(decimal, expected, "{number:?}");
            // The same digits and places, not just the same value.
            assert_eq!(
                decimal.map(|d| d.to_string()),
                expected.map(|d| d.to_string()),
                "{number:?}"
            );
        }
    }

    #[test]
    fn a_float_just_below_the_limit_keeps_its_half() {
        // Floats near 10^15 are 2^-3 = 0.125 apart, so 999,999,999,999,999.5
        // is one exactly; Display writes it with its one place, and it is
        // below 10^15. Times 10 or 100 it is past 2^53, where floats are
        // 2 and 16 apart: a search there would find the wrong digits
        // (9999999999999995 is not a float, …952 ÷ 100 reads back as it).
        let half = 999_999_999_999_999.5;
        assert_eq!(
            decimal_of(half).map(|d| d.to_string()),
            Some("999999999999999.5".to_string())
        );
        // −999,999,999,999,999.5 likewise.
        assert_eq!(
            decimal_of(-half).map(|d| d.to_string()),
            Some("-999999999999999.5".to_string())
        );
    }

    #[test]
    fn the_quick_way_finds_numbers_of_up_to_15_digits() {
        let quick = |number: f64| short_decimal(number).map(|d| d.to_string());
        // 0.1 is 1 / 10^1; 418.25 is 41825 / 10^2; −7.5 is −75 / 10^1.
        assert_eq!(quick(0.1), Some("0.1".into()));
        assert_eq!(quick(418.25), Some("418.25".into()));
        assert_eq!(quick(-7.5), Some("-7.5".into()));
        // 15 digits: 123456789012345 / 10^3.
        assert_eq!(quick(123_456_789_012.345), Some("123456789012.345".into()));
        // 0.1 + 0.2 is 0.30000000000000004 (17 digits), 10^15 has 16: Display decides.
        assert_eq!(quick(0.1 + 0.2), None);
        assert_eq!(quick(1e15), None);
        // −0 keeps its sign through Display; 0 is plain 0.
        assert_eq!(quick(-0.0), None);
        assert_eq!(quick(0.0), Some("0".into()));
    }
}
