//! Unit tests of exact arithmetic; expected values are worked out by hand.

use super::*;

/// Small fractions of both signs over a range of denominators, as
/// written (not reduced), zero included.
fn fractions() -> impl Iterator<Item = Exact> {
    (-60_i128..=60).flat_map(|num| (1_i128..=40).map(move |den| Exact { num, den }))
}

#[test]
fn quick_rounding_is_the_general_rounding() {
    let modes = [RoundingMode::HalfUp, RoundingMode::Up, RoundingMode::Down];
    for value in fractions() {
        for (places, mode) in (0..4).flat_map(|places| modes.map(|mode| (places, mode))) {
            if let Some(quick) = value.round_quickly(places, mode) {
                let general = value.round_slowly(places, mode);
                assert_eq!(Some(quick), general, "{value:?} to {places} places");
                assert_eq!(general.map(|d| d.scale()), Some(places));
            }
        }
    }
}

#[test]
fn quick_sums_are_the_general_sums() {
    let others = [
        Exact::ZERO,
        Exact { num: 5, den: 10 },
        Exact { num: -3, den: 7 },
    ];
    for (value, other) in fractions().flat_map(|value| others.map(|other| (value, other))) {
        let (quick, general) = (value.checked_add(other), value.add_slowly(other));
        let parts = |sum: Option<Exact>| sum.map(|sum| (sum.num, sum.den));
        assert_eq!(parts(quick), parts(general), "{value:?} + {other:?}");
    }
}

/// `num / den` as written, for the cases below.
fn exact(num: i128, den: i128) -> Exact {
    Exact { num, den }
}

/// A result's numerator and denominator, which the places of a shown
/// decimal follow (1/4 + 2/4 is 3/4, not 6/8).
fn parts(value: Option<Exact>) -> Option<(i128, i128)> {
    value.map(|value| (value.num, value.den))
}

const E18: i128 = 1_000_000_000_000_000_000;

#[test]
fn a_decimal_and_a_whole_number_are_fractions_over_powers_of_ten() {
    // 0.9846 is 9846 / 10⁴; −7 is −7 / 1.
    assert_eq!(
        parts(Some(Exact::from_decimal(Decimal::new(9846, 4)))),
        Some((9846, 10_000))
    );
    assert_eq!(parts(Some(Exact::from_int(-7))), Some((-7, 1)));
}

#[test]
fn signs_and_zero() {
    assert!(exact(-1, 3).is_negative());
    assert!(!exact(0, 3).is_negative());
    assert!(!exact(1, 3).is_negative());
    assert!(exact(0, 5).is_zero());
    assert!(!exact(1, 5).is_zero());
    assert_eq!(parts(Some(exact(3, 4).negated())), Some((-3, 4)));
}

#[test]
fn a_decimal_holds_magnitudes_up_to_2_pow_96_less_1() {
    // 2⁹⁶ − 1 = 79228162514264337593543950335.
    assert!(exact(79_228_162_514_264_337_593_543_950_335, 1).fits_decimal());
    assert!(!exact(79_228_162_514_264_337_593_543_950_336, 1).fits_decimal());
    // 2·M / 2 = M fits though its numerator is past M; (2·M + 2) / 2 = M + 1
    // does not.
    assert!(exact(2 * DECIMAL_MAX, 2).fits_decimal());
    assert!(!exact(2 * DECIMAL_MAX + 2, 2).fits_decimal());
}

#[test]
fn sums_keep_a_shared_denominator_and_multiply_others() {
    // 1/4 + 2/4 = 3/4; 1/2 + 1/3 = (3 + 2)/6; 1/2 − 1/3 = (3 − 2)/6.
    assert_eq!(parts(exact(1, 4).checked_add(exact(2, 4))), Some((3, 4)));
    assert_eq!(parts(exact(1, 2).checked_add(exact(1, 3))), Some((5, 6)));
    assert_eq!(parts(exact(1, 2).checked_sub(exact(1, 3))), Some((1, 6)));
    // M/1 + 1/1 = M + 1: past a decimal's magnitude.
    assert_eq!(parts(exact(DECIMAL_MAX, 1).checked_add(exact(1, 1))), None);
}

#[test]
fn a_sum_past_the_limit_is_reduced_or_approximated() {
    // 1/(4·10¹⁸) + 1/(3·10¹⁸) = 7/(12·10³⁶), past LIMIT; in lowest terms
    // (÷ 10¹⁸) 7/(12·10¹⁸).
    let sum = exact(1, 4 * E18).checked_add(exact(1, 3 * E18));
    assert_eq!(parts(sum), Some((7, 12 * E18)));
    // 6·10¹⁸ + 1/(2·10¹⁸) = (12·10³⁶ + 1)/(2·10¹⁸), odd and not a multiple
    // of 5, so past LIMIT even in lowest terms: the decimals' sum keeps 28
    // significant digits, 6000000000000000000.000000000 = 6·10¹⁸.
    let sum = exact(6 * E18, 1).checked_add(exact(1, 2 * E18));
    assert_eq!(sum, Some(Exact::from_int(6_000_000_000_000_000_000)));
}

#[test]
fn a_sum_past_128_bits_adds_the_operands_in_lowest_terms() {
    // 10¹⁹/(3·10¹⁹) + 1/(7·10¹⁹): the cross product 10¹⁹ · 7·10¹⁹ = 7·10³⁸
    // is past 128 bits; as 1/3 + 1/(7·10¹⁹) it is (7·10¹⁹ + 3)/(21·10¹⁹).
    let sum = exact(10 * E18, 30 * E18).checked_add(exact(1, 70 * E18));
    assert_eq!(parts(sum), Some((70 * E18 + 3, 210 * E18)));
}

#[test]
fn products_and_quotients() {
    // 2/3 × 3/4 = 6/12; 0/5 × 3/4 = 0, written 0/1 (no places).
    assert_eq!(parts(exact(2, 3).checked_mul(exact(3, 4))), Some((6, 12)));
    assert_eq!(parts(exact(0, 5).checked_mul(exact(3, 4))), Some((0, 1)));
    assert_eq!(parts(exact(3, 4).checked_mul(exact(0, 5))), Some((0, 1)));
    // 3/4 ÷ (−1/2) = 3/4 × (−2/1) = −6/4; dividing by zero is refused.
    assert_eq!(parts(exact(3, 4).checked_div(exact(-1, 2))), Some((-6, 4)));
    assert_eq!(parts(exact(3, 4).checked_div(exact(0, 2))), None);
    // M × 2 and 9·10¹⁸ × 9·10¹⁸ = 8.1·10³⁷ are past a decimal's magnitude.
    assert_eq!(parts(exact(DECIMAL_MAX, 1).checked_mul(exact(2, 1))), None);
    assert_eq!(
        parts(exact(9 * E18, 1).checked_mul(exact(9 * E18, 1))),
        None
    );
    // 3/(4·10¹⁸) × 5/(3·10¹⁸) = 15/(12·10³⁶), past LIMIT; 15 divides
    // 12·10³⁶, so in lowest terms 1/(8·10³⁵).
    let product = exact(3, 4 * E18).checked_mul(exact(5, 3 * E18));
    assert_eq!(parts(product), Some((1, 8 * E18 * E18 / 10)));
}

#[test]
fn a_product_past_128_bits_is_reduced_across() {
    // (10³⁶/7) × (7000/10³⁶): 7·10³⁹ overflows, but 10³⁶ and 10³⁶ share
    // 10³⁶ and 7000 and 7 share 7, leaving 1000/1.
    let product = exact(E18 * E18, 7).checked_mul(exact(7000, E18 * E18));
    assert_eq!(parts(product), Some((1000, 1)));
}

#[test]
fn fractions_past_the_limit_are_reduced_or_refused() {
    let limit = LIMIT;
    // At the limit a fraction stays as written: 10³⁷/10, 10/10³⁷.
    assert_eq!(parts(Exact::new(limit, 10)), Some((limit, 10)));
    assert_eq!(parts(Exact::new(10, limit)), Some((10, limit)));
    // Past it, reduced: 2·10³⁷/2 = 10³⁷/1, 2/(2·10³⁷) = 1/10³⁷.
    assert_eq!(parts(Exact::new(2 * limit, 2)), Some((limit, 1)));
    assert_eq!(parts(Exact::new(2, 2 * limit)), Some((1, limit)));
    // 3·10³⁷/1 and 1/(3·10³⁷) are in lowest terms already.
    assert_eq!(parts(Exact::new(3 * limit, 1)), None);
    assert_eq!(parts(Exact::new(1, 3 * limit)), None);
}

#[test]
fn floor_and_ceiling() {
    // 7/2 = 3.5: floor 3, ceiling 4; −7/2 = −3.5: floor −4, ceiling −3;
    // 6/2 = 3 is its own ceiling.
    assert_eq!(parts(Some(exact(7, 2).floor())), Some((3, 1)));
    assert_eq!(parts(Some(exact(7, 2).ceil())), Some((4, 1)));
    assert_eq!(parts(Some(exact(-7, 2).floor())), Some((-4, 1)));
    assert_eq!(parts(Some(exact(-7, 2).ceil())), Some((-3, 1)));
    assert_eq!(parts(Some(exact(6, 2).ceil())), Some((3, 1)));
}

/// The value rounded to `places` under `mode`, as text.
fn rounded(value: Exact, places: u32, mode: RoundingMode) -> Option<String> {
    value.round(places, mode).map(|d| d.to_string())
}

#[test]
fn negative_values_round_towards_their_mode() {
    use RoundingMode::{Down, HalfUp, Up};
    // −5/2 = −2.5, a tie: half away from zero is −3; −7/3 = −2.33…: −2.
    assert_eq!(rounded(exact(-5, 2), 0, HalfUp).as_deref(), Some("-3"));
    assert_eq!(rounded(exact(-7, 3), 0, HalfUp).as_deref(), Some("-2"));
    // −7/3 towards +∞ is −2, towards −∞ −3.
    assert_eq!(rounded(exact(-7, 3), 0, Up).as_deref(), Some("-2"));
    assert_eq!(rounded(exact(-7, 3), 0, Down).as_deref(), Some("-3"));
    // −6/3 = −2 exactly under each.
    assert_eq!(rounded(exact(-6, 3), 1, Up).as_deref(), Some("-2.0"));
}

#[test]
fn the_general_rounding_of_positive_values() {
    use RoundingMode::HalfUp;
    // 5/2 = 2.5, a tie: 3; 7/3 = 2.33…: 2 (the general path, which the
    // quick one otherwise takes).
    let general = |value: Exact| value.round_slowly(0, HalfUp).map(|d| d.to_string());
    assert_eq!(general(exact(5, 2)).as_deref(), Some("3"));
    assert_eq!(general(exact(7, 3)).as_deref(), Some("2"));
}

#[test]
fn a_rounded_mantissa_past_32_bits() {
    // 5·10⁹ > 2³² ≈ 4.29·10⁹ needs a decimal's middle word.
    let five_billion = exact(5_000_000_000, 1);
    assert_eq!(
        rounded(five_billion, 0, RoundingMode::HalfUp).as_deref(),
        Some("5000000000")
    );
}

/// The value as a decimal, as text.
fn shown(value: Exact) -> Option<String> {
    value.to_decimal().map(|d| d.to_string())
}

#[test]
fn to_decimal_is_exact_over_a_power_of_ten() {
    // 62460000/100 = 624600.00, with the denominator's two places; 0/7 = 0.
    assert_eq!(shown(exact(62_460_000, 100)).as_deref(), Some("624600.00"));
    assert_eq!(shown(exact(0, 7)).as_deref(), Some("0"));
    // 10/10²⁸ keeps its 28 places, the last a 0.
    let over_10_28 = exact(10, POW10[28]);
    assert_eq!(
        shown(over_10_28).as_deref(),
        Some("0.0000000000000000000000000010")
    );
}

#[test]
fn to_decimal_rounds_other_fractions_to_28_digits() {
    // 1/3: no whole digit, 28 places, the 29th a 3.
    assert_eq!(
        shown(exact(1, 3)).as_deref(),
        Some("0.3333333333333333333333333333")
    );
    // 200/3 = 66.66…: two whole digits leave 26 places, the 27th a 6 (up).
    assert_eq!(
        shown(exact(200, 3)).as_deref(),
        Some("66.66666666666666666666666667")
    );
    // (10³⁷ − 1)/(3·10³⁶) = 10/3 − 1/(3·10³⁶): one whole digit, 27 places of
    // 3 (the numerator times 10²⁷ is past 128 bits: digits one at a time).
    let near_ten_thirds = exact(LIMIT - 1, 3 * E18 * E18);
    assert_eq!(
        shown(near_ten_thirds).as_deref(),
        Some("3.333333333333333333333333333")
    );
    // (2·10¹⁸ + 1)/(3·10¹⁸) = 666666666666666667/10¹⁸ (3 × 666666666666666667
    // = 2000000000000000001): 28 places of which the last 10 are 0, and a
    // 64-bit numerator times 10²⁸ past 128 bits.
    let two_thirds_and_a_bit = exact(2 * E18 + 1, 3 * E18);
    assert_eq!(
        shown(two_thirds_and_a_bit).as_deref(),
        Some("0.666666666666666667")
    );
}

#[test]
fn comparisons_past_64_bits() {
    let big = 1_000_000_000_000 * E18; // 10³⁰
                                       // 10³⁰/3 > 10³⁰/7; negated, the other way; of opposite signs the
                                       // negative is less; 0 is below a positive one.
    assert!(exact(big, 3) > exact(big, 7));
    assert!(exact(-big, 3) < exact(-big, 7));
    assert!(exact(-big, 3) < exact(big, 7));
    assert!(exact(0, 3) < exact(big, 7));
    // Over one denominator the numerators decide: 1/4 < 3/4.
    assert!(exact(1, 4) < exact(3, 4));
    // 2/4 = 1/2, by cross products.
    assert_eq!(exact(2, 4), exact(1, 2));
    assert_eq!(exact(2, 4).partial_cmp(&exact(1, 2)), Some(Ordering::Equal));
    // 10³⁰/3 = 2·10³⁰/6 by the wide products.
    assert_eq!(exact(big, 3), exact(2 * big, 6));
    // 1/3 < 1/2 (1·2 < 1·3), and they differ.
    assert!(exact(1, 3) < exact(1, 2));
    assert_ne!(exact(1, 2), exact(1, 3));
}

#[test]
fn comparisons_whose_cross_products_are_past_128_bits() {
    // Each pair's cross products (10³⁰ · 10¹⁹, 9·10¹⁸ · 3·10²⁰, 10³⁷ ·
    // 9·10¹⁸) are past 128 bits, so they are compared as 256-bit products:
    // 10³⁰/3 > 1/10¹⁹; 9·10¹⁸/10²⁰ = 0.09 > 8·10¹⁸/(3·10²⁰) = 0.0266…;
    // 10³⁷/3 > 1/(9·10¹⁸).
    assert!(exact(1_000_000_000_000 * E18, 3) > exact(1, 10 * E18));
    assert!(exact(9 * E18, 100 * E18) > exact(8 * E18, 300 * E18));
    assert!(exact(LIMIT, 3) > exact(1, 9 * E18));
}

#[test]
fn wide_products_carry_into_the_high_half() {
    let two_64 = 1_u128 << 64;
    // 2⁶⁴ × 2⁶⁴ = 2¹²⁸: high 1, low 0.
    assert_eq!(wide_mul(two_64, two_64), (1, 0));
    // (2¹²⁸ − 1)² = 2²⁵⁶ − 2¹²⁹ + 1: high 2¹²⁸ − 2, low 1.
    assert_eq!(wide_mul(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
    // (3·2⁶⁴ + 5)(7·2⁶⁴ + 11) = 21·2¹²⁸ + (33 + 35)·2⁶⁴ + 55.
    let (a, b) = (3 * two_64 + 5, 7 * two_64 + 11);
    assert_eq!(wide_mul(a, b), (21, 68 * two_64 + 55));
}

#[test]
fn greatest_common_divisors() {
    assert_eq!(gcd(12, 18), 6);
    assert_eq!(gcd(-12, 18), 6);
    assert_eq!(gcd(0, 5), 5);
    assert_eq!(gcd(0, 0), 1);
    assert_eq!(gcd(7, 7), 7);
    // 2¹⁰⁰ and 3·2⁶⁰ share 2⁶⁰.
    assert_eq!(gcd(1 << 100, 3 << 60), 1 << 60);
    // 6·10¹⁸ and 4·10¹⁸ share 2·10¹⁸.
    assert_eq!(gcd(6 * E18, 4 * E18), 2 * E18);
}

#[test]
fn euclidean_division() {
    // 7 = 3·2 + 1; −7 = −4·2 + 1.
    assert_eq!(div_rem_euclid(7, 2), (3, 1));
    assert_eq!(div_rem_euclid(-7, 2), (-4, 1));
}
