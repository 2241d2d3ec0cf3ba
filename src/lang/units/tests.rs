//! Unit tests of units, types and intervals; expected values are worked out by hand.

use super::*;

fn d(text: &str) -> Decimal {
    text.parse().expect("test decimal")
}

#[test]
fn conversions_to_run_time_values_are_exact_or_refused() {
    let unit = |word: &str| UnitTable::BUILTIN.unit(word).expect("a built-in unit");
    let to_runtime = |word: &str, number: &str| unit(word).to_runtime(d(number));
    // 62.46 × 10000 = 624600.00, every place kept.
    assert_eq!(to_runtime("万元", "62.46"), Some(d("624600.00")));
    // 85 ÷ 100 = 0.85.
    assert_eq!(to_runtime("%", "85"), Some(d("0.85")));
    // 1e-26 with 28 places ÷ 100 = 1e-28 still fits, found by multiplying back.
    assert_eq!(
        to_runtime("%", "0.0000000000000000000000000100"),
        Some(d("0.0000000000000000000000000001"))
    );
    // 1e-27 ÷ 100 = 1e-29 would round to 0.
    assert_eq!(to_runtime("%", "0.000000000000000000000000001"), None);
    // 30 元/人次 is 30 ÷ 1 = 30 in 元 per 人次.
    assert_eq!(to_runtime("元/人次", "30"), Some(d("30")));
    // The most digits a decimal holds × 10000: rescaled to 24 places,
    // exact, which dividing back shows.
    let most = "7.9228162514264337593543950335";
    assert_eq!(
        to_runtime("万元", most),
        Some(d("79228.162514264337593543950335"))
    );
}

#[test]
fn ratio_of_declared_percent_times_weight_stays_in_range() {
    let share = Interval::closed(d("0"), d("1"));
    let score = share.mul(&Interval::point(d("6")));
    assert_eq!(score, Interval::closed(d("0"), d("6")));
}

#[test]
fn division_by_an_interval_containing_zero_is_unknown() {
    let growth = Interval::closed(d("-1"), d("1"));
    let money = Interval::at_least(d("0"));
    assert_eq!(money.div(&growth), Interval::UNBOUNDED);
    assert_eq!(growth.div(&money), Interval::UNBOUNDED);
}

#[test]
fn never_negative_over_never_negative_is_never_negative() {
    // 追加 ÷ 年初: dividing by exactly 0 faults, any other quotient is ≥ 0.
    let money = Interval::at_least(d("0"));
    assert_eq!(money.div(&money), Interval::at_least(d("0")));
}

#[test]
fn division_is_exact_where_decimals_allow() {
    let below = Interval {
        hi_open: true,
        ..Interval::closed(d("0"), d("0.95"))
    };
    let ratio = below.div(&Interval::point(d("0.95")));
    assert_eq!(ratio, Interval::closed(d("0"), d("1")));
}

#[test]
fn products_with_unbounded_ends() {
    let counts = Interval::at_least(d("0"));
    let product = counts.mul(&Interval::point(d("-0.5")));
    assert_eq!(product.hi, Some(d("0")));
    assert_eq!(product.lo, None);
}

#[test]
fn open_ends_decide_strict_comparisons() {
    let mut below = Interval::closed(d("0"), d("1"));
    below.lower_hi(d("0.9"), true);
    let ninety = Interval::point(d("0.9"));
    assert!(!below.may_exceed(&ninety, false));
    assert!(below.may_exceed(&Interval::point(d("0.5")), true));
    assert!(!below.is_empty());
    below.raise_lo(d("0.9"), false);
    assert!(below.is_empty());
}

/// A built-in unit by its word.
fn unit(word: &str) -> Unit {
    UnitTable::BUILTIN.unit(word).expect("a built-in unit")
}

/// The built-in measure written `word`.
fn measure_of(word: &str) -> Measure {
    match unit(word) {
        Unit::Measure(measure) => *measure,
        other => panic!("{word} is not a measure: {other:?}"),
    }
}

/// A declaration of `word` as `unit`, where the span does not matter.
fn declaration(word: &str, unit: Unit) -> DeclaredUnit {
    DeclaredUnit {
        word: word.into(),
        unit,
        span: crate::lang::span::Span::new(3, 7),
    }
}

/// A ruleset's own dimension 电量 with 千瓦时 (size 1) and 万千瓦时 (10000).
fn electricity() -> UnitTable {
    let energy = |word: &str, size: i64| {
        Unit::Measure(Box::new(Measure::of(measure::UnitDef {
            word: word.into(),
            dimension: measure::Dimension::Declared {
                name: "电量".into(),
                base: "千瓦时".into(),
            },
            size: Decimal::from(size),
        })))
    };
    let mut table = UnitTable::default();
    table.declare(declaration("千瓦时", energy("千瓦时", 1)));
    table.declare(declaration("万千瓦时", energy("万千瓦时", 10_000)));
    table
}

#[test]
fn tidy_rounds_half_away_from_zero_and_drops_trailing_zeros() {
    // 1.23456 to 2 places is 1.23; 2.50 to 4 places is 2.5 once tidied.
    assert_eq!(tidy(d("1.23456"), 2), d("1.23"));
    assert_eq!(tidy(d("2.50"), 4).to_string(), "2.5");
    // −0.125 is a midpoint: away from zero gives −0.13.
    assert_eq!(tidy(d("-0.125"), 2), d("-0.13"));
    // 10^15 = 1,000,000,000,000,000.
    assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_i64));
}

#[test]
fn unit_words_read_as_their_units() {
    assert_eq!(UnitTable::BUILTIN.unit("%"), Some(Unit::Percent));
    assert_eq!(UnitTable::BUILTIN.unit("％"), Some(Unit::Percent));
    assert_eq!(
        UnitTable::BUILTIN.unit("个百分点"),
        Some(Unit::PercentagePoint)
    );
    assert_eq!(
        UnitTable::BUILTIN.unit("百分点"),
        Some(Unit::PercentagePoint)
    );
    assert_eq!(UnitTable::BUILTIN.unit("分"), Some(Unit::Points));
    assert_eq!(UnitTable::BUILTIN.unit("标准煤"), None);
    assert_eq!(unit("元／人次").word(), "元/人次");
}

#[test]
fn a_compound_unit_is_one_simple_unit_per_another() {
    // 人均 stands for 元/人次 itself, so neither 人均/人 nor 元/人均 is a unit.
    let per_head = Unit::Measure(Box::new(measure_of("元/人次")));
    let mut table = UnitTable::default();
    table.declare(declaration("人均", per_head.clone()));
    assert_eq!(table.unit("人均"), Some(per_head));
    assert_eq!(table.unit("人均/人"), None);
    assert_eq!(table.unit("元/人均"), None);
    // 分 is points, not a measure: nothing is per 分.
    assert_eq!(table.unit("元/分"), None);
}

#[test]
fn declared_units_are_found_by_their_word_in_order() {
    let table = electricity();
    let words = |table: &UnitTable| -> Vec<String> {
        table
            .declarations()
            .iter()
            .map(|d| d.word.clone())
            .collect()
    };
    assert_eq!(words(&table), ["千瓦时", "万千瓦时"]);
    assert_eq!(
        table.declared("万千瓦时").map(|d| d.word.as_str()),
        Some("万千瓦时")
    );
    assert_eq!(
        table.declared("千瓦时").map(|d| d.word.as_str()),
        Some("千瓦时")
    );
    assert_eq!(table.declared("吨标准煤"), None);
    // 1万千瓦时 is 10000千瓦时 in the declared dimension's base.
    let wan = table.unit("万千瓦时").expect("declared");
    assert_eq!(wan.to_runtime(Decimal::ONE), Some(Decimal::from(10_000)));
}

#[test]
fn shifting_moves_every_declaration_by_the_offset() {
    // Declared at 3..7; after a file of 10 bytes, 13..17.
    let shifted = electricity().shifted(10);
    for declared in shifted.declarations() {
        assert_eq!(declared.span, crate::lang::span::Span::new(13, 17));
    }
    assert_eq!(shifted.declarations().len(), 2);
}

#[test]
fn words_like_lists_the_units_of_one_dimension() {
    let mut table = electricity();
    // 人均 (元/人次) is not a unit of money alone: 元 is listed once.
    table.declare(declaration(
        "人均",
        Unit::Measure(Box::new(measure_of("元/人次"))),
    ));
    // The money units in the built-in order.
    let money = ["亿元", "百万元", "万元", "千元", "元"];
    assert_eq!(table.words_like(&measure_of("万元")), money);
    let per_head: Vec<String> = money.iter().map(|m| format!("{m}/人次")).collect();
    assert_eq!(table.words_like(&measure_of("元/人次")), per_head);
    // Mass in the built-in order; no 万 is added to what is not a count.
    let mass = ["万吨", "吨", "千克", "公斤", "斤", "克"];
    assert_eq!(table.words_like(&measure_of("斤")), mass);
    // The declared dimension lists its declared units.
    let energy = match table.unit("千瓦时") {
        Some(Unit::Measure(measure)) => *measure,
        other => panic!("千瓦时 is declared: {other:?}"),
    };
    assert_eq!(table.words_like(&energy), ["千瓦时", "万千瓦时"]);
}

#[test]
fn words_like_a_count_adds_ten_thousand_of_it() {
    // 家 and 万家; 人次 and 万人次, also for a value written in 万人次.
    let table = UnitTable::BUILTIN;
    assert_eq!(table.words_like(&measure_of("家")), ["家", "万家"]);
    assert_eq!(table.words_like(&measure_of("人次")), ["人次", "万人次"]);
    assert_eq!(table.words_like(&measure_of("万人次")), ["人次", "万人次"]);
}

#[test]
fn units_are_written_as_officers_write_them() {
    assert_eq!(Unit::Percent.word(), "%");
    assert_eq!(Unit::PercentagePoint.word(), "个百分点");
    assert_eq!(Unit::Points.word(), "分");
    assert_eq!(unit("万元").word(), "万元");
}

#[test]
fn percents_are_fractions_and_money_is_in_yuan() {
    // 98.46% is 98.46 ÷ 100 = 0.9846, and back.
    assert_eq!(unit("%").to_runtime(d("98.46")), Some(d("0.9846")));
    assert_eq!(Unit::Percent.from_runtime(d("0.9846")), Some(d("98.46")));
    // 3个百分点 is 0.03 of absolute difference.
    assert_eq!(Unit::PercentagePoint.to_runtime(d("3")), Some(d("0.03")));
    assert_eq!(Unit::PercentagePoint.from_runtime(d("0.03")), Some(d("3")));
    // Points are as written.
    assert_eq!(Unit::Points.from_runtime(d("2.5")), Some(d("2.5")));
    // 1亿元 = 100,000,000元 = 10000万元.
    let yuan = unit("亿元").to_runtime(Decimal::ONE);
    assert_eq!(yuan, Some(Decimal::from(100_000_000)));
    assert_eq!(
        yuan.and_then(|y| unit("万元").from_runtime(y)),
        Some(d("10000"))
    );
    // 5厘米 is 5 × 0.01 = 0.05米.
    assert_eq!(unit("厘米").to_runtime(d("5")), Some(d("0.05")));
}

#[test]
fn conversions_that_round_are_refused() {
    // 1e-28克 is 1e-31千克: three places past the 28 a decimal holds.
    let least = "0.0000000000000000000000000001";
    assert_eq!(unit("克").to_runtime(d(least)), None);
    // 1e-28元/万人次 is 1e-28 ÷ 10000 = 1e-32元/人次: also past 28 places.
    assert_eq!(unit("元/万人次").to_runtime(d(least)), None);
    // 2^96 − 1 斤 is an odd whole number times 0.5: the exact half ends in .5
    // and needs 30 digits, more than the 29 a decimal holds.
    let most = "79228162514264337593543950335";
    assert_eq!(unit("斤").to_runtime(d(most)), None);
}

#[test]
fn types_of_one_dimension_meet() {
    let money = Ty::Measure(measure_of("元"));
    let wan = Ty::Measure(measure_of("万元"));
    let counted = Ty::Measure(measure_of("家"));
    let tier = |labels: &[&str]| Ty::Tier(labels.iter().map(|l| l.to_string()).collect());
    assert!(money.same_dimension(&wan));
    assert!(!money.same_dimension(&counted));
    assert!(Ty::Plain.same_dimension(&money));
    assert!(money.same_dimension(&Ty::Plain));
    assert!(!Ty::Plain.same_dimension(&Ty::Bool));
    assert!(Ty::Ratio { percent: true }.same_dimension(&Ty::Ratio { percent: false }));
    assert!(tier(&["优", "良"]).same_dimension(&tier(&["优", "良"])));
    assert!(!tier(&["优", "良"]).same_dimension(&tier(&["好", "差"])));
    assert!(Ty::Date.same_dimension(&Ty::Date));
    assert!(Ty::Points.same_dimension(&Ty::Points));
    assert!(!Ty::Date.same_dimension(&Ty::Bool));
    assert!(!Ty::Points.same_dimension(&Ty::Ratio { percent: true }));
}

#[test]
fn arithmetic_applies_to_numbers_only() {
    assert!(Ty::Plain.is_numeric());
    assert!(Ty::Points.is_numeric());
    assert!(Ty::Ratio { percent: true }.is_numeric());
    assert!(Ty::days().is_numeric());
    assert!(!Ty::Bool.is_numeric());
    assert!(!Ty::Date.is_numeric());
    assert!(!Ty::Tier(vec!["优".into()]).is_numeric());
}

#[test]
fn days_and_whole_counts_are_told_apart() {
    assert!(Ty::days().is_days());
    assert_eq!(Ty::days(), Ty::Measure(measure_of("天")));
    assert!(!Ty::Measure(measure_of("元")).is_days());
    assert!(!Ty::Date.is_days());
    assert!(Ty::Measure(measure_of("家")).counts_whole_things());
    assert!(!Ty::Measure(measure_of("元")).counts_whole_things());
    assert!(!Ty::Points.counts_whole_things());
}

#[test]
fn values_are_shown_as_officers_write_them() {
    // 0.9846 × 100 = 98.46%; 615000元 ÷ 10000 = 61.5万元.
    assert_eq!(Ty::Ratio { percent: true }.show(d("0.9846")), "98.46%");
    assert_eq!(
        Ty::Measure(measure_of("万元")).show(d("615000")),
        "61.5万元"
    );
    assert_eq!(Ty::Measure(measure_of("家")).show(d("353")), "353家");
    assert_eq!(Ty::Points.show(d("4.50")), "4.5分");
    // 1 ÷ 3 = 0.33333…: four places, or two for the annex table.
    let third = Decimal::ONE / Decimal::from(3);
    assert_eq!(Ty::Plain.show(third), "0.3333");
    assert_eq!(
        Ty::Ratio { percent: false }.show_to(third, SHOWN_PLACES),
        "0.33"
    );
    assert_eq!(Ty::Bool.show(Decimal::ZERO), "否");
    assert_eq!(Ty::Bool.show(Decimal::ONE), "是");
    let tiers = Ty::Tier(vec!["优".into(), "良".into()]);
    assert_eq!(tiers.show(Decimal::ONE), "良");
    // No third level: the number itself.
    assert_eq!(tiers.show(Decimal::TWO), "2");
}

#[test]
fn dates_are_day_numbers_from_the_first_of_the_era() {
    let date = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("a date");
    // 0001-01-01 is day 1.
    assert_eq!(day_number(date(1, 1, 1)), 1);
    // Years 1 to 2024 have 2024 × 365 = 738,760 days and 2024/4 − 2024/100
    // + 2024/400 = 506 − 20 + 5 = 491 leap days: 739,251 in all.
    assert_eq!(day_number(date(2024, 12, 31)), 739_251);
    assert_eq!(Ty::Date.show(Decimal::from(739_251)), "2024-12-31");
    // 2024 is a leap year: 02-28 to 03-01 is two days.
    assert_eq!(
        day_number(date(2024, 3, 1)) - day_number(date(2024, 2, 28)),
        2
    );
}

#[test]
fn types_are_named_in_messages() {
    assert_eq!(Ty::Plain.to_string(), "无单位数值");
    assert_eq!(Ty::Ratio { percent: true }.to_string(), "百分比");
    assert_eq!(Ty::Ratio { percent: false }.to_string(), "比值");
    assert_eq!(Ty::Measure(measure_of("万元")).to_string(), "金额（万元）");
    assert_eq!(Ty::Date.to_string(), "日期");
    assert_eq!(Ty::Bool.to_string(), "是否");
    let tiers = Ty::Tier(vec!["优".into(), "良".into()]);
    assert_eq!(tiers.to_string(), "档次（优，良）");
    assert_eq!(Ty::Points.to_string(), "分值");
}

/// `lo..hi` with each end open or closed as given.
fn span(lo: &str, hi: &str, lo_open: bool, hi_open: bool) -> Interval {
    Interval {
        lo_open,
        hi_open,
        ..Interval::closed(d(lo), d(hi))
    }
}

#[test]
fn products_with_zero_and_infinite_ends() {
    // [1, 2] × [3, ∞): 1 × 3 = 3 is least, 2 × ∞ is +∞.
    let from_three = Interval::at_least(d("3"));
    assert_eq!(
        Interval::closed(d("1"), d("2")).mul(&from_three),
        from_three
    );
    // [0, 1] × [0, ∞): 0 × ∞ counts as 0, so the least is 0.
    let from_zero = Interval::at_least(d("0"));
    let share = Interval::closed(d("0"), d("1"));
    assert_eq!(share.mul(&from_zero), from_zero);
    // [−2, −1] × [3, ∞): −1 × 3 = −3 is greatest, −2 × ∞ is −∞.
    let negative = Interval::closed(d("-2"), d("-1")).mul(&from_three);
    assert_eq!((negative.lo, negative.hi), (None, Some(d("-3"))));
}

#[test]
fn quotients_with_infinite_ends() {
    // [1, 2] ÷ [1, ∞): 1 ÷ ∞ = 0 and 2 ÷ 1 = 2.
    let from_one = Interval::at_least(d("1"));
    let quotient = Interval::closed(d("1"), d("2")).div(&from_one);
    assert_eq!(quotient, Interval::closed(d("0"), d("2")));
    // [1, ∞) ÷ [2, 4]: 1 ÷ 4 = 0.25 is least, ∞ ÷ 2 is +∞.
    let divisor = Interval::closed(d("2"), d("4"));
    assert_eq!(from_one.div(&divisor), Interval::at_least(d("0.25")));
    // [1, ∞) ÷ [−4, −2]: ∞ ÷ −2 is −∞, 1 ÷ −4 = −0.25 is greatest.
    let negative = from_one.div(&Interval::closed(d("-4"), d("-2")));
    assert_eq!((negative.lo, negative.hi), (None, Some(d("-0.25"))));
}

#[test]
fn hulls_take_the_outer_ends_and_their_openness() {
    let hull = |a: Interval, b: Interval| a.hull(&b);
    let low = |open| span("0", "1", open, open);
    let high = |open| span("2", "3", open, open);
    // The lower end comes from [0, 1], the upper from [2, 3], either way round.
    assert_eq!(hull(low(false), high(false)), span("0", "3", false, false));
    assert_eq!(hull(high(false), low(false)), span("0", "3", false, false));
    // Each end keeps the openness of the side it comes from.
    assert_eq!(hull(low(true), high(false)), span("0", "3", true, false));
    assert_eq!(hull(high(false), low(true)), span("0", "3", true, false));
    assert_eq!(hull(high(true), low(false)), span("0", "3", false, true));
    assert_eq!(hull(low(false), high(true)), span("0", "3", false, true));
    // Equal ends are open only if open on both sides.
    assert_eq!(hull(low(true), low(false)), low(false));
    assert_eq!(hull(low(false), low(true)), low(false));
    assert_eq!(hull(low(true), low(true)), low(true));
    // An unbounded end stays unbounded.
    let above = Interval::at_least(d("5"));
    assert_eq!(hull(low(false), above), Interval::at_least(d("0")));
    assert_eq!(hull(above, low(false)), Interval::at_least(d("0")));
    // The empty [2, 1] adds nothing.
    let empty = Interval::closed(d("2"), d("1"));
    assert_eq!(hull(empty, low(true)), low(true));
    assert_eq!(hull(low(true), empty), low(true));
}

#[test]
fn sums_and_differences_of_intervals() {
    // [1, 2] + [3, 4] = [4, 6]; [5, 6] − [1, 2] = [5 − 2, 6 − 1] = [3, 5].
    let (a, b) = (
        Interval::closed(d("1"), d("2")),
        Interval::closed(d("3"), d("4")),
    );
    assert_eq!(a.add(&b), Interval::closed(d("4"), d("6")));
    let c = Interval::closed(d("5"), d("6"));
    assert_eq!(c.sub(&a), Interval::closed(d("3"), d("5")));
    assert_eq!(a.neg(), Interval::closed(d("-2"), d("-1")));
    // (1, 2] + [3, 4) = (4, 6): an end is open if either summand's is.
    let sum = span("1", "2", true, false).add(&span("3", "4", false, true));
    assert_eq!(sum, span("4", "6", true, true));
    // (0, ∞) + (−∞, ∞): no end is bounded, so none is open.
    let open_above_zero = Interval {
        lo_open: true,
        ..Interval::at_least(d("0"))
    };
    assert_eq!(
        open_above_zero.add(&Interval::UNBOUNDED),
        Interval::UNBOUNDED
    );
    let open_below = Interval {
        hi: Some(d("0")),
        hi_open: true,
        ..Interval::UNBOUNDED
    };
    assert_eq!(open_below.add(&Interval::UNBOUNDED), Interval::UNBOUNDED);
}

#[test]
fn contains_checks_both_ends() {
    let share = Interval::closed(d("0"), d("1"));
    assert!(share.contains(d("0.5")));
    assert!(share.contains(d("1")));
    assert!(!share.contains(d("2")));
    assert!(!share.contains(d("-1")));
}

#[test]
fn at_least_zero_clamps_both_ends() {
    // max(0, x) for x in [−1, 1] is [0, 1], closed.
    let around = Interval::closed(d("-1"), d("1"));
    assert_eq!(around.at_least_zero(), Interval::closed(d("0"), d("1")));
    // For x in [−1, 1) it is [0, 1): 1 is still never reached.
    let open = span("-1", "1", false, true);
    assert_eq!(open.at_least_zero(), span("0", "1", false, true));
    // For x in [−1, 0) every value gives 0, so 0 is reached: [0, 0].
    let below = span("-1", "0", false, true);
    assert_eq!(below.at_least_zero(), Interval::point(d("0")));
    // For x in [−3, −1) likewise [0, 0].
    let negative = span("-3", "-1", false, true);
    assert_eq!(negative.at_least_zero(), Interval::point(d("0")));
}

#[test]
fn raising_the_lower_end_keeps_the_tighter_bound() {
    let raised = |mut interval: Interval, bound: &str, open: bool| {
        interval.raise_lo(d(bound), open);
        interval
    };
    let closed = Interval::closed(d("1"), d("3"));
    // ≥ 0.5 is already true of [1, 3]; > 1 opens its end; ≥ 2 raises it.
    assert_eq!(raised(closed, "0.5", true), closed);
    assert_eq!(raised(closed, "1", true), span("1", "3", true, false));
    assert_eq!(raised(closed, "2", false), Interval::closed(d("2"), d("3")));
    // ≥ 1 leaves (1, 3] open.
    let open = span("1", "3", true, false);
    assert_eq!(raised(open, "1", false), open);
}

#[test]
fn lowering_the_upper_end_keeps_the_tighter_bound() {
    let lowered = |mut interval: Interval, bound: &str, open: bool| {
        interval.lower_hi(d(bound), open);
        interval
    };
    let closed = Interval::closed(d("1"), d("3"));
    // ≤ 4 is already true of [1, 3]; < 3 opens its end; ≤ 2 lowers it.
    assert_eq!(lowered(closed, "4", true), closed);
    assert_eq!(lowered(closed, "3", true), span("1", "3", false, true));
    assert_eq!(
        lowered(closed, "2", false),
        Interval::closed(d("1"), d("2"))
    );
    // ≤ 3 leaves [1, 3) open.
    let open = span("1", "3", false, true);
    assert_eq!(lowered(open, "3", false), open);
}

#[test]
fn may_exceed_meets_at_closed_ends_only() {
    let low = Interval::closed(d("0"), d("1"));
    let touching = Interval::closed(d("1"), d("2"));
    let apart = Interval::closed(d("2"), d("3"));
    // 1 ≥ 1, but not 1 > 1.
    assert!(low.may_exceed(&touching, false));
    assert!(!low.may_exceed(&touching, true));
    // Nothing in [0, 1] reaches 2; everything in [2, 3] exceeds 1.
    assert!(!low.may_exceed(&apart, false));
    assert!(apart.may_exceed(&low, true));
    // (1, 2] starts above 1, so 1 does not reach it.
    assert!(!low.may_exceed(&span("1", "2", true, false), false));
    // The empty [2, 1] exceeds nothing, and nothing exceeds it.
    let empty = Interval::closed(d("2"), d("1"));
    assert!(!empty.may_exceed(&Interval::point(d("0")), false));
    assert!(!Interval::point(d("3")).may_exceed(&empty, false));
}

#[test]
fn may_equal_needs_a_shared_value() {
    let low = Interval::closed(d("0"), d("1"));
    assert!(low.may_equal(&Interval::closed(d("1"), d("2"))));
    assert!(!low.may_equal(&Interval::closed(d("2"), d("3"))));
    assert!(!Interval::closed(d("2"), d("3")).may_equal(&low));
}

#[test]
fn single_is_the_one_value_of_a_point() {
    assert_eq!(Interval::point(d("5")).single(), Some(d("5")));
    assert_eq!(Interval::closed(d("0"), d("1")).single(), None);
    // (5, 5] holds no value at all.
    assert_eq!(span("5", "5", true, false).single(), None);
    assert_eq!(Interval::at_least(d("5")).single(), None);
}
