//! The structure above one indicator, at its edges: a group reported at
//! another weight (折算). Every expected value is worked out by hand from
//! the rule text; the arithmetic is in the comment beside the assertion.
//! Each test also scores through the bulk path ([`jixiao::eval::Scores`],
//! what batch runs) and checks it gives the card's total.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

use jixiao::facts::Format;

/// The card's total, checked against the bulk scorer's.
fn both_totals(source: &str, facts: &str) -> Option<String> {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
    let card = jixiao::eval::score(&compiled, &values);
    let mut bulk = jixiao::eval::Scores::default();
    bulk.score(&compiled, &values);
    assert_eq!(bulk.total, card.total, "bulk and card totals differ");
    total(&card)
}

/// One group 甲 of `weight` that converts from `base`, holding two
/// indicators of `base / 2` that score their 得分 fact, beside a plain 乙
/// of 10 scored by the fact 乙分.
fn converted(weight: &str, conversion: &str, half: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 {full} }}\n\
         事实 {{ 一分: 数值  二分: 数值  乙分: 数值 }}\n\
         一级 甲（{weight}分，{conversion}）{{\n\
         指标 一（{half}分）{{ 评分 {{ 得分 = 一分 }} }}\n\
         指标 二（{half}分）{{ 评分 {{ 得分 = 二分 }} }}\n\
         }}\n\
         一级 乙（10分）{{ 指标 丙（10分）{{ 评分 {{ 得分 = 乙分 }} }} }}\n",
        full = weight.parse::<u32>().expect("weight") + 10,
    )
}

fn points(first: &str, second: &str, other: &str) -> String {
    format!("\"一分\" = {first}\n\"二分\" = {second}\n\"乙分\" = {other}")
}

#[test]
fn converted_group_from_a_hundred() {
    let source = converted("80", "按百分制折算", "50");
    // (45 + 45) × 80 ÷ 100 = 72; 72 + 10 = 82
    assert_eq!(
        both_totals(&source, &points("45", "45", "10")),
        some("82.00")
    );
    let card = score(&source, &points("45", "45", "10"));
    let group = card.group("甲").expect("group");
    assert_eq!(group.score.map(|s| s.to_string()), some("72.00"));
    assert_eq!(group.unconverted.map(|s| s.to_string()), some("90.00")); // 45.00 + 45.00
}

#[test]
fn converted_group_from_ten_rounds_once() {
    let source = converted("30", "按10分制折算", "5");
    // (3.33 + 2) × 30 ÷ 10 = 15.99; + 0 = 15.99
    assert_eq!(
        both_totals(&source, &points("3.33", "2", "0")),
        some("15.99")
    );
    // (1 + 0.1) × 30 ÷ 10 = 3.3
    assert_eq!(both_totals(&source, &points("1", "0.1", "0")), some("3.30"));
}

#[test]
fn converted_group_with_a_third_rounds_the_exact_value() {
    let source = converted("20", "按30分制折算", "15");
    // (10 + 10) × 20 ÷ 30 = 13.333… → 13.33
    assert_eq!(
        both_totals(&source, &points("10", "10", "0")),
        some("13.33")
    );
    // (15 + 15) × 20 ÷ 30 = 20 exactly, not 19.99…
    assert_eq!(
        both_totals(&source, &points("15", "15", "0")),
        some("20.00")
    );
}

#[test]
fn converted_group_children_must_add_to_the_base() {
    // Two halves of 40 add to 80, not the 100 the group converts from.
    let source = converted("80", "按百分制折算", "40");
    let build = jixiao::build("测试.jx", &source);
    let codes: Vec<String> = build
        .diagnostics
        .iter()
        .filter_map(|report| miette::Diagnostic::code(&**report))
        .map(|code| code.to_string())
        .collect();
    assert!(
        codes.contains(&"jixiao::check::weight_sum".to_string()),
        "{codes:?}"
    );
}

#[test]
fn children_above_their_group_are_an_error() {
    // 甲 converts from 100 but its halves of 60 add to 120: a sub-total
    // could pass the full marks it converts from.
    let source = converted("80", "按百分制折算", "60");
    assert_eq!(build_error_codes(&source), ["jixiao::check::weight_over"]);
    // Groups of 80 + 10 under 满分 70: the total could pass 满分.
    let plain = "体系 \"测试\" { 满分 70 }\n事实 { 分: 数值 }\n\
                 一级 甲（80分）{ 指标 一（80分）{ 评分 { 得分 = 分 } } }\n\
                 一级 乙（10分）{ 指标 二（10分）{ 评分 { 得分 = 分 } } }\n";
    assert_eq!(build_error_codes(plain), ["jixiao::check::weight_over"]);
}
