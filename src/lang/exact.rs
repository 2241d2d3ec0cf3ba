//! Exact numbers for scoring: a fraction of two 128-bit integers.
//!
//! Every decimal a ruleset or a facts file writes is such a fraction
//! (`0.9846` is 9846 / 10⁴), and so is every sum, difference, product and
//! quotient of them. The evaluator carries values as [`Exact`] so that a score
//! which is mathematically 2.06 (3 × 61.8% ÷ 90%) is 2.06, and the one
//! rounding the ruleset states ([`Exact::round`]) is the only rounding.
//!
//! Numerator and denominator are kept within `LIMIT` (10³⁷): an operation
//! whose exact result does not fit even after reducing by the greatest
//! common divisor falls back to the nearest fraction with a denominator of
//! 10²⁸ (what a decimal would have kept, as before). Such operands have over
//! 37 significant digits, far beyond what a budget rule or a facts file
//! writes, so the fallback is a guard, not a path real rulesets take.

use crate::lang::ast::RoundingMode;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Bound on a numerator's magnitude and a denominator, so that ten times a
/// remainder still fits an `i128` while digits are produced.
const LIMIT: i128 = 10_i128.pow(37);

/// The largest magnitude a decimal holds, as an integer (2⁹⁶ − 1).
const DECIMAL_MAX: i128 = (1 << 96) - 1;

/// Powers of ten a decimal's scale can name.
const POW10: [i128; 29] = {
    let mut table = [1_i128; 29];
    let mut index = 1;
    while index < 29 {
        table[index] = table[index - 1] * 10;
        index += 1;
    }
    table
};

/// An exact rational number `num / den` with `den > 0`, not necessarily in
/// lowest terms.
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    num: i128,
    den: i128,
}

impl Exact {
    /// Zero.
    pub const ZERO: Exact = Exact { num: 0, den: 1 };

    /// The decimal's exact value.
    #[inline]
    pub fn from_decimal(value: Decimal) -> Exact {
        Exact {
            num: value.mantissa(),
            den: POW10[value.scale() as usize],
        }
    }

    /// A whole number.
    #[inline]
    pub fn from_int(value: i64) -> Exact {
        Exact {
            num: i128::from(value),
            den: 1,
        }
    }

    /// Whether the value is below zero.
    #[inline]
    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Whether the value is zero.
    #[inline]
    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Whether a decimal can hold the value's magnitude (an overflow
    /// otherwise, as decimal arithmetic would have reported it).
    #[inline]
    pub fn fits_decimal(self) -> bool {
        self.num.abs() <= DECIMAL_MAX || self.num.abs() / self.den <= DECIMAL_MAX
    }

    /// The sum; `None` past a decimal's magnitude.
    #[inline(always)]
    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        // Over one denominator a sum within a decimal's magnitude is the
        // whole answer (both denominators are within LIMIT already).
        if self.den == other.den {
            if let Some(num) = self.num.checked_add(other.num) {
                if num.unsigned_abs() <= DECIMAL_MAX as u128 {
                    return Some(Exact { num, den: self.den });
                }
            }
        } else if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
            i64::try_from(self.num),
            i64::try_from(self.den),
            i64::try_from(other.num),
            i64::try_from(other.den),
        ) {
            // Within 64 bits the cross products and their sum fit 128: the
            // fraction `add_slowly` would build first, returned as it is
            // there when it lies within a decimal's magnitude and LIMIT.
            let (a, b, c, d) = (i128::from(a), i128::from(b), i128::from(c), i128::from(d));
            let (num, den) = (a * d + c * b, b * d);
            if num.unsigned_abs() <= DECIMAL_MAX as u128 && den <= LIMIT {
                return Some(Exact { num, den });
            }
        }
        self.add_slowly(other)
    }

    /// [`Exact::checked_add`] past its quick case.
    #[inline(never)]
    fn add_slowly(self, other: Exact) -> Option<Exact> {
        if self.den == other.den {
            let same = self.num.checked_add(other.num);
            if let Some(sum) = same.and_then(|num| Exact::new(num, self.den)) {
                return Some(sum).filter(|sum| sum.fits_decimal());
            }
        }
        let exact = || {
            let num = self
                .num
                .checked_mul(other.den)?
                .checked_add(other.num.checked_mul(self.den)?)?;
            Exact::new(num, self.den.checked_mul(other.den)?)
        };
        exact()
            .or_else(|| {
                let (a, b) = (self.reduced(), other.reduced());
                (a.den != self.den || b.den != other.den)
                    .then(|| a.checked_add(b))
                    .flatten()
            })
            .or_else(|| approximate(self, other, Decimal::checked_add))
            .filter(|sum| sum.fits_decimal())
    }

    /// The difference; `None` past a decimal's magnitude.
    #[inline]
    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(other.negated())
    }

    /// The product; `None` past a decimal's magnitude.
    #[inline(always)]
    pub fn checked_mul(self, other: Exact) -> Option<Exact> {
        // Factors within 64 bits multiply without overflow in 128; a
        // product within a decimal's magnitude and LIMIT is the answer.
        if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
            i64::try_from(self.num),
            i64::try_from(other.num),
            i64::try_from(self.den),
            i64::try_from(other.den),
        ) {
            let (num, den) = (i128::from(a) * i128::from(b), i128::from(c) * i128::from(d));
            if num != 0 && num.unsigned_abs() <= DECIMAL_MAX as u128 && den <= LIMIT {
                return Some(Exact { num, den });
            }
        }
        self.mul_slowly(other)
    }

    /// [`Exact::checked_mul`] past its quick case.
    #[inline(never)]
    fn mul_slowly(self, other: Exact) -> Option<Exact> {
        if self.num == 0 || other.num == 0 {
            // As decimal arithmetic writes it: a zero product has no places.
            return Some(Exact::ZERO);
        }
        let exact = || {
            Exact::new(
                self.num.checked_mul(other.num)?,
                self.den.checked_mul(other.den)?,
            )
        };
        exact()
            .or_else(|| {
                // Cross-reduce first: (a/b)(c/d) = (a/g·c/h)/(b/h·d/g).
                let g = gcd(self.num, other.den);
                let h = gcd(other.num, self.den);
                Exact::new(
                    (self.num / g).checked_mul(other.num / h)?,
                    (self.den / h).checked_mul(other.den / g)?,
                )
            })
            .or_else(|| approximate(self, other, Decimal::checked_mul))
            .filter(|product| product.fits_decimal())
    }

    /// The quotient; `None` when dividing by zero or past a decimal's
    /// magnitude (tell the two apart with [`Exact::is_zero`] first).
    #[inline]
    pub fn checked_div(self, other: Exact) -> Option<Exact> {
        if other.num == 0 {
            return None;
        }
        let sign = other.num.signum();
        self.checked_mul(Exact {
            num: other.den * sign,
            den: other.num * sign,
        })
    }

    /// The negation.
    #[inline]
    pub fn negated(self) -> Exact {
        Exact {
            num: -self.num,
            den: self.den,
        }
    }

    /// The greatest whole number not above the value.
    #[inline]
    pub fn floor(self) -> Exact {
        Exact {
            num: div_rem_euclid(self.num, self.den).0,
            den: 1,
        }
    }

    /// The least whole number not below the value.
    #[inline]
    pub fn ceil(self) -> Exact {
        let (floor, remainder) = div_rem_euclid(self.num, self.den);
        Exact {
            num: floor + i128::from(remainder > 0),
            den: 1,
        }
    }

    /// The value rounded once to `places` decimal places as `mode` says (a
    /// tie under 四舍五入 goes away from zero), with exactly `places`
    /// places; `None` if a decimal cannot hold the result at that scale.
    #[inline]
    pub fn round(self, places: u32, mode: RoundingMode) -> Option<Decimal> {
        self.round_quickly(places, mode)
            .or_else(|| self.round_slowly(places, mode))
    }

    /// [`Exact::round`] in general, through [`Exact::digits`].
    #[inline(never)]
    fn round_slowly(self, places: u32, mode: RoundingMode) -> Option<Decimal> {
        let (digits, remainder) = self.digits(places)?;
        let up = match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => remainder > 0,
            // `digits` is the floor: a positive tie rounds up, a negative
            // tie (−2.5 has floor −3) stays.
            RoundingMode::HalfUp if self.num >= 0 => remainder * 2 >= self.den,
            RoundingMode::HalfUp => remainder * 2 > self.den,
        };
        let mantissa = digits.checked_add(i128::from(up))?;
        Decimal::try_from_i128_with_scale(mantissa, places).ok()
    }

    /// [`Exact::round`] of a score as it usually is, all in 64 bits: not
    /// negative, at most 18 places, and the numerator times 10^places and
    /// the denominator within 64 bits (the same digits and remainder as
    /// [`Exact::digits`] gives); `None` otherwise.
    #[inline(always)]
    fn round_quickly(self, places: u32, mode: RoundingMode) -> Option<Decimal> {
        let (Ok(num), Ok(den)) = (u64::try_from(self.num), u64::try_from(self.den)) else {
            return None;
        };
        if places > 18 {
            return None;
        }
        let scaled = num.checked_mul(POW10[places as usize] as u64)?;
        let (digits, remainder) = (scaled / den, scaled % den);
        let up = match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => remainder > 0,
            // remainder × 2 ≥ den, without doubling past 64 bits.
            RoundingMode::HalfUp => remainder >= den - remainder,
        };
        let mantissa = digits.checked_add(u64::from(up))?;
        Some(Decimal::from_parts(
            mantissa as u32,
            (mantissa >> 32) as u32,
            0,
            false,
            places,
        ))
    }

    /// The value as a decimal, for showing and for callers that keep
    /// decimals: exact when a decimal holds it, else the nearest (half away
    /// from zero) with as many places as a decimal holds for its size, at
    /// most 28; `None` past a decimal's magnitude.
    pub fn to_decimal(self) -> Option<Decimal> {
        // A power-of-ten denominator is a decimal's scale: 62.46 × 10000 is
        // 624600.00, as decimal arithmetic writes it.
        if self.num == 0 {
            return Some(Decimal::ZERO);
        }
        let scale = self.den.ilog10();
        if scale <= 28 && POW10[scale as usize] == self.den {
            if let Ok(exact) = Decimal::try_from_i128_with_scale(self.num, scale) {
                return Some(exact);
            }
        }
        // A whole part of k digits leaves 28 − k places under 10²⁸ < 2⁹⁶.
        let whole = (self.num / self.den).unsigned_abs();
        let whole_digits = whole.checked_ilog10().map_or(0, |log| log + 1);
        let places = 28_u32.saturating_sub(whole_digits);
        let rounded = self.round(places, RoundingMode::HalfUp)?;
        Some(rounded.normalize())
    }

    /// ⌊value × 10^places⌋ and the remainder over `den` (0 ≤ r < den).
    fn digits(self, places: u32) -> Option<(i128, i128)> {
        if places > 28 {
            return None;
        }
        // A numerator within 64 bits times 10¹⁸ or less fits 128 bits.
        if let (Ok(num), true) = (i64::try_from(self.num), places <= 18) {
            return Some(div_rem_euclid(
                i128::from(num) * POW10[places as usize],
                self.den,
            ));
        }
        // Usually num × 10^places fits: one division gives every digit.
        if let Some(scaled) = self.num.checked_mul(POW10[places as usize]) {
            return Some(div_rem_euclid(scaled, self.den));
        }
        let mut digits = self.num.div_euclid(self.den);
        let mut remainder = self.num.rem_euclid(self.den);
        for _ in 0..places {
            // remainder < den ≤ LIMIT, so ten times it fits.
            let scaled = remainder * 10;
            digits = digits.checked_mul(10)?.checked_add(scaled / self.den)?;
            remainder = scaled % self.den;
        }
        Some((digits, remainder))
    }

    /// `num / den` in lowest terms.
    fn reduced(self) -> Exact {
        let g = gcd(self.num, self.den);
        Exact {
            num: self.num / g,
            den: self.den / g,
        }
    }

    /// A fraction from a numerator and a positive denominator, reduced if
    /// either is past [`LIMIT`]; `None` if it still is.
    #[inline]
    fn new(num: i128, den: i128) -> Option<Exact> {
        let value = Exact { num, den };
        if den <= LIMIT && num.abs() <= LIMIT {
            return Some(value);
        }
        let reduced = value.reduced();
        (reduced.den <= LIMIT && reduced.num.abs() <= LIMIT).then_some(reduced)
    }
}

impl PartialEq for Exact {
    #[inline]
    fn eq(&self, other: &Exact) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    #[inline]
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    /// Compares `a/b` with `c/d` as `a·d` with `c·b`, widening past 128 bits.
    #[inline]
    fn cmp(&self, other: &Exact) -> Ordering {
        if self.den == other.den {
            return self.num.cmp(&other.num);
        }
        // Both sides within 64 bits: the cross products fit 128.
        let small =
            |value: &Exact| i64::try_from(value.num).is_ok() && value.den <= i128::from(i64::MAX);
        if small(self) && small(other) {
            return (self.num * other.den).cmp(&(other.num * self.den));
        }
        match (self.num.signum(), other.num.signum()) {
            (left, right) if left != right => left.cmp(&right),
            (0, _) => Ordering::Equal,
            (sign, _) => {
                let left = wide_mul(self.num.unsigned_abs(), other.den.unsigned_abs());
                let right = wide_mul(other.num.unsigned_abs(), self.den.unsigned_abs());
                if sign > 0 {
                    left.cmp(&right)
                } else {
                    right.cmp(&left)
                }
            }
        }
    }
}

/// The operation on the nearest decimals, for exact results past [`LIMIT`].
fn approximate(
    left: Exact,
    right: Exact,
    op: fn(Decimal, Decimal) -> Option<Decimal>,
) -> Option<Exact> {
    op(left.to_decimal()?, right.to_decimal()?).map(Exact::from_decimal)
}

/// ⌊a ÷ b⌋ and the remainder (0 ≤ r < b) for b > 0, in 64 bits when both
/// fit (a 128-bit division is a slow library call).
#[inline]
fn div_rem_euclid(a: i128, b: i128) -> (i128, i128) {
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return (i128::from(a / b), i128::from(a % b));
    }
    (a.div_euclid(b), a.rem_euclid(b))
}

/// The greatest common divisor of |a| and |b| (at least 1).
fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    if a == 0 || b == 0 {
        return (a | b).max(1) as i128;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
    }
    // Both inputs are at most 2¹²⁷ in magnitude, so the divisor fits.
    (a << shift) as i128
}

/// The 256-bit product of two 128-bit numbers, as (high, low) halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    let low = a_lo * b_lo;
    let mid1 = a_hi * b_lo;
    let mid2 = a_lo * b_hi;
    let high = a_hi * b_hi;
    let (mid, mid_carry) = mid1.overflowing_add(mid2);
    let (low, low_carry) = low.overflowing_add(mid << 64);
    let high = high + (mid >> 64) + (u128::from(mid_carry) << 64) + u128::from(low_carry);
    (high, low)
}

#[cfg(test)]
mod tests;
