//! Deductions per failed item (每例扣分): a checklist printed without points
//! and `以上情况每出现一例不符合要求的扣1分，扣完为止` after it, which starts at
//! the weight and takes the points off per item not met. Every expected value
//! is worked out by hand from the rule text; the arithmetic is in the comment
//! beside the assertion.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

use jixiao::facts::Format;

const FACTS: &str = "「立项符合法规」: 是否\n「资金拨付手续完整」: 是否\n「存在截留挪用」: 是否";

/// 资金使用合规性（`weight`分）with three items and `sentence` after them.
fn compliance(weight: &str, sentence: &str) -> String {
    single(
        weight,
        FACTS,
        "资金使用合规性",
        &format!(
            "要点 {{\n①立项符合法规；\n②资金拨付手续完整；\n③不存在截留挪用。\n{sentence}\n}}"
        ),
    )
}

/// The facts: whether each of the three items is met.
fn met(first: bool, second: bool, third: bool) -> String {
    // The third item is 不存在截留挪用: met when 存在截留挪用 is false.
    format!(
        "\"立项符合法规\" = {first}\n\"资金拨付手续完整\" = {second}\n\"存在截留挪用\" = {}",
        !third
    )
}

const EVERY_CASE: &str = "以上情况每出现一例不符合要求的扣1分，扣完为止。";

#[test]
fn each_failed_item_takes_its_points_off_the_weight() {
    let source = compliance("3", EVERY_CASE);
    assert_eq!(scored_total(&source, &met(true, true, true)), some("3.00")); // 3 − 0 × 1
    assert_eq!(scored_total(&source, &met(true, false, true)), some("2.00")); // 3 − 1 × 1
    assert_eq!(
        scored_total(&source, &met(false, true, false)),
        some("1.00")
    ); // 3 − 2 × 1
    assert_eq!(
        scored_total(&source, &met(false, false, false)),
        some("0.00")
    ); // 3 − 3 × 1
}

#[test]
fn the_deduction_stops_at_zero() {
    let source = compliance("2", EVERY_CASE);
    // 2 − 3 × 1 = −1: 扣完为止, 0.
    assert_eq!(
        scored_total(&source, &met(false, false, false)),
        some("0.00")
    );
}

#[test]
fn a_stated_cap_limits_the_points_off() {
    let source = compliance("3", "以上情况每出现一例不符合要求的扣1.5分，最多扣2分");
    assert_eq!(scored_total(&source, &met(true, false, true)), some("1.50")); // 3 − 1.5
                                                                              // 2 × 1.5 = 3 > 2: at most 2 off, 3 − 2 = 1.
    assert_eq!(
        scored_total(&source, &met(false, false, true)),
        some("1.00")
    );
}

#[test]
fn the_items_may_stand_in_the_scoring_block() {
    let source = single(
        "3",
        FACTS,
        "资金使用合规性",
        "评分 { ①立项符合法规；②资金拨付手续完整；③不存在截留挪用。\
         以上情况每出现一例不符合要求的扣1分，扣完为止。 }",
    );
    assert_eq!(scored_total(&source, &met(true, false, true)), some("2.00")); // 3 − 1
}

#[test]
fn the_explanation_counts_the_failed_items() {
    let source = compliance("3", EVERY_CASE);
    let compiled = compile(&source);
    let values =
        jixiao::facts::parse(&met(true, false, true), Format::Toml, &compiled).expect("facts");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let text = jixiao::explain::text(&explanation);
    assert!(text.contains("②资金拨付手续完整：不符合，扣1分"), "{text}");
    assert!(
        text.contains("3 项中 1 项不符合，每例扣1分：3 − 1 = 2分"),
        "{text}"
    );
}

#[test]
fn the_bulk_scorer_agrees() {
    let compiled = compile(&compliance("3", EVERY_CASE));
    let values =
        jixiao::facts::parse(&met(false, false, true), Format::Toml, &compiled).expect("facts");
    let mut bulk = jixiao::eval::Scores::default();
    bulk.score(&compiled, &values);
    assert_eq!(bulk.total.map(|t| t.to_string()), some("1.00")); // 3 − 2 × 1
}

#[test]
fn a_per_item_deduction_without_items_is_an_error() {
    let source = single(
        "3",
        FACTS,
        "资金使用合规性",
        "评分 { 以上情况每出现一例不符合要求的扣1分，扣完为止 }",
    );
    assert_eq!(build_error_codes(&source), ["jixiao::parse::syntax"]);
}
