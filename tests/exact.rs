//! Exact rounding: a score that is mathematically X rounds as X under every
//! rounding mode, and numbers a decimal cannot hold exactly are refused with
//! a code rather than rounded on the way. Each expected score is worked out
//! by hand in the comment beside it; the property test compares with an
//! independent computation over i128 fractions.

#[path = "common/card.rs"]
mod card;
mod common;

use card::{compile, one_indicator, only_score, score};
use common::build_codes;
use jixiao::eval::Fault;
use jixiao::facts::Format;
use proptest::prelude::*;

/// 完成值 = 满意度 against a 90% target, 按比例扣分 below it, worth 3 分.
fn proportional_of_90(rounding: &str) -> String {
    one_indicator(
        &format!("保留 2 位小数，{rounding}"),
        "3",
        "满意度: %",
        "完成值 = 满意度\n标杆值 90%\n评分 { 完成值 >= 90% 得满分；否则 按比例扣分 }",
    )
}

#[test]
fn three_times_61_8_percent_of_90_percent_rounds_up_as_2_06() {
    // 3 × 0.618 ÷ 0.9 = 1.854 ÷ 0.9 = 2.06 exactly: 向上舍入 keeps 2.06
    // (it gave 2.07 when 0.618 ÷ 0.9 was rounded to 0.6866…67 first).
    let card = score(&proportional_of_90("向上舍入"), "\"满意度\" = \"61.8%\"");
    assert_eq!(only_score(&card).as_deref(), Some("2.06"));
}

#[test]
fn the_explanation_of_2_06_prints_the_score_it_gives() {
    let source = proportional_of_90("向上舍入");
    let compiled = compile(&source);
    let facts = jixiao::facts::parse("\"满意度\" = \"61.8%\"", Format::Toml, &compiled)
        .expect("the facts load");
    let explanation = jixiao::explain::explain(&compiled, &facts);
    let prose = &explanation.indicators[0].prose;
    // 3 × 61.8% ÷ 90% = 2.06 before rounding, 2.06 after.
    assert!(prose.contains("= 2.06分"), "{prose}");
    assert!(prose.contains("得分 2.06分"), "{prose}");
}

#[test]
fn a_tie_at_2_065_rounds_half_up_to_2_07() {
    // 3 × 0.6195 ÷ 0.9 = 1.8585 ÷ 0.9 = 2.065 exactly, a tie: 四舍五入 gives
    // 2.07 (it gave 2.06 from 2.06499…9).
    let card = score(&proportional_of_90("四舍五入"), "\"满意度\" = \"61.95%\"");
    assert_eq!(only_score(&card).as_deref(), Some("2.07"));
}

#[test]
fn twenty_of_sixty_wan_times_three_rounds_down_as_1() {
    // 20万元 ÷ 60万元 = 1/3; 1/3 × 3 = 1 exactly: 向下舍入 gives 1.00 (it
    // gave 0.99 from 0.99…9).
    let source = one_indicator(
        "保留 2 位小数，向下舍入",
        "3",
        "合同总价额: 万元\n合同已支付金额: 万元",
        "完成值 = 合同已支付金额 / 合同总价额 × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 }",
    );
    let facts = "\"合同总价额\" = \"60万元\"\n\"合同已支付金额\" = \"20万元\"";
    assert_eq!(only_score(&score(&source, facts)).as_deref(), Some("1.00"));
}

#[test]
fn a_product_below_1e_28_is_not_zero() {
    // 10⁻¹⁶ × 10⁻¹⁶ = 10⁻³² > 0, so the first clause applies: 1 分 (the
    // product underflowed to 0 in decimal arithmetic, giving 0).
    let source = one_indicator(
        "",
        "1",
        "X: 数值",
        "完成值 = X × X\n评分 { 完成值 > 0 得满分；否则 得0分 }",
    );
    let card = score(&source, "\"X\" = 0.0000000000000001");
    assert_eq!(only_score(&card).as_deref(), Some("1.00"));
}

#[test]
fn a_step_a_decimal_cannot_hold_is_refused_not_made_zero() {
    // 10⁻²⁷ 个百分点 is 10⁻²⁹, past a decimal's 28 places: refused where it
    // is written instead of becoming 0 and then 「除数为 0」.
    let source = one_indicator(
        "",
        "4",
        "X: %",
        "完成值 = X\n标杆值 100%\n评分 { 每降低0.000000000000000000000000001个百分点扣0.1分 }",
    );
    let codes = build_codes(&source);
    assert_eq!(codes, vec!["jixiao::parse::number".to_string()]);
}

#[test]
fn a_percent_literal_below_1e_28_is_refused() {
    // 0.0000000000000000000000000001% is 10⁻³⁰: refused, not read as 0%.
    let source = one_indicator(
        "",
        "1",
        "X: %",
        "完成值 = X\n评分 { 完成值 > 0.0000000000000000000000000001% 得满分；否则 得0分 }",
    );
    assert_eq!(
        build_codes(&source),
        vec!["jixiao::parse::number".to_string()]
    );
}

#[test]
fn keeping_28_places_of_a_10_point_score_is_an_overflow_not_a_dropped_digit() {
    // 10 with 28 places needs 30 digits, more than a decimal holds: the
    // score is refused as an overflow (it came back with 27 places).
    let source = one_indicator(
        "保留 28 位小数，四舍五入",
        "10",
        "X: 是否",
        "要点 { ① 10分：X }",
    );
    let card = score(&source, "\"X\" = true");
    assert_eq!(card.indicators()[0].score, None);
    assert!(matches!(card.faults.as_slice(), [Fault::Overflow { .. }]));
}

#[test]
fn keeping_28_places_of_a_1_point_score_keeps_all_28() {
    // 1 with 28 places is 29 digits, within a decimal: 1.0000…0 (28 zeros).
    let source = one_indicator(
        "保留 28 位小数，四舍五入",
        "1",
        "X: 是否",
        "要点 { ① 1分：X }",
    );
    let shown = only_score(&score(&source, "\"X\" = true")).expect("scored");
    assert_eq!(shown, format!("1.{}", "0".repeat(28)));
}

#[test]
fn a_fact_with_more_places_than_a_decimal_holds_is_refused() {
    // 29 decimal places: rounding it would score another number.
    let source = one_indicator(
        "",
        "1",
        "X: 数值",
        "完成值 = X\n评分 { 完成值 > 0 得满分；否则 得0分 }",
    );
    let compiled = compile(&source);
    for facts in [
        "\"X\" = 0.00000000000000000000000000001",
        "\"X\" = \"0.00000000000000000000000000001\"",
    ] {
        let errors = jixiao::facts::parse(facts, Format::Toml, &compiled)
            .expect_err("29 places are refused");
        let codes: Vec<String> = errors
            .iter()
            .filter_map(|error| miette::Diagnostic::code(error).map(|code| code.to_string()))
            .collect();
        assert_eq!(
            codes,
            vec!["jixiao::facts::bad_value".to_string()],
            "{facts}"
        );
        let help = miette::Diagnostic::help(&errors[0]).map(|help| help.to_string());
        assert!(help.is_some_and(|help| help.contains("28 位")), "{facts}");
    }
}

// ------------------------------------------------- the independent computation

/// `num / den` over i128, den > 0: small enough inputs never overflow here.
#[derive(Debug, Clone, Copy)]
struct Fraction {
    num: i128,
    den: i128,
}

impl Fraction {
    fn decimal(mantissa: i64, scale: u32) -> Fraction {
        Fraction {
            num: i128::from(mantissa),
            den: 10_i128.pow(scale),
        }
    }

    /// self × other ÷ divisor.
    fn times_over(self, other: Fraction, divisor: Fraction) -> Fraction {
        let num = self.num * other.num * divisor.den;
        let den = self.den * other.den * divisor.num;
        if den < 0 {
            Fraction {
                num: -num,
                den: -den,
            }
        } else {
            Fraction { num, den }
        }
    }

    /// Clamped to [0, whole] and rounded to 2 places: as text.
    fn score(self, whole: i128, mode: &str) -> String {
        // Hundredths, compared as num·100 against den·k.
        let hundredths = self.num * 100;
        let clamped = if self.num < 0 {
            0
        } else if hundredths > whole * 100 * self.den {
            whole * 100
        } else {
            let floor = hundredths.div_euclid(self.den);
            let remainder = hundredths.rem_euclid(self.den);
            floor
                + i128::from(match mode {
                    "向上舍入" => remainder > 0,
                    "向下舍入" => false,
                    _ => remainder * 2 >= self.den,
                })
        };
        format!("{}.{:02}", clamped / 100, clamped % 100)
    }
}

/// Three decimals as a facts file writes them, with up to four places.
fn decimals() -> impl Strategy<Value = [(i64, u32); 3]> {
    let one = || (-2_000_000_i64..2_000_000, 0_u32..5);
    [one(), one(), one()]
}

fn written((mantissa, scale): (i64, u32)) -> String {
    rust_decimal::Decimal::new(mantissa, scale).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// 得分 = A / B × C clamped to [0, 10] and rounded once, under each mode,
    /// is the exact fraction's rounding; the explanation ends with that
    /// score and prints the formula's exact value, or says 约.
    #[test]
    fn rounding_is_of_the_exact_value(values in decimals(), mode in 0_usize..3) {
        let [a, b, c] = values;
        prop_assume!(b.0 != 0);
        let mode = ["四舍五入", "向上舍入", "向下舍入"][mode];
        let source = one_indicator(
            &format!("保留 2 位小数，{mode}"),
            "10",
            "A: 数值\nB: 数值\nC: 数值",
            "评分 { 得分 = A / B × C × 1分 }",
        );
        let facts = format!(
            "\"A\" = {}\n\"B\" = {}\n\"C\" = {}",
            written(a), written(b), written(c)
        );
        let expected = Fraction::decimal(a.0, a.1)
            .times_over(Fraction::decimal(c.0, c.1), Fraction::decimal(b.0, b.1))
            .score(10, mode);
        prop_assert_eq!(only_score(&score(&source, &facts)), Some(expected.clone()));
        let compiled = compile(&source);
        let values = jixiao::facts::parse(&facts, Format::Toml, &compiled).expect("the facts load");
        let explanation = jixiao::explain::explain(&compiled, &values);
        let prose = &explanation.indicators[0].prose;
        // The explanation ends with the score it gives …
        let ending = format!("得分 {expected}分。");
        prop_assert!(prose.ends_with(&ending), "{}", prose);
        // … and its formula's result is the exact value unless it says 约.
        let exact = Fraction::decimal(a.0, a.1)
            .times_over(Fraction::decimal(c.0, c.1), Fraction::decimal(b.0, b.1));
        let outcome = prose.split('；').find(|part| part.contains("得分 = ")).unwrap_or("");
        let printed = outcome.rsplit("= ").next().unwrap_or("").trim_end_matches('分');
        if !printed.starts_with('约') {
            let printed: rust_decimal::Decimal = printed.parse().map_err(|_| {
                TestCaseError::fail(format!("no result in {prose}"))
            })?;
            let (mantissa, scale) = (printed.mantissa(), printed.scale());
            // printed = mantissa / 10^scale = num / den exactly.
            prop_assert_eq!(mantissa * exact.den, exact.num * 10_i128.pow(scale), "{}", prose);
        }
    }
}
