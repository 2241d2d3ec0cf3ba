//! check::zero_denominator: a division the declared ranges let fall to 0,
//! where the rule says nothing of the 0. Each ruleset is worked out by hand:
//! whether its divisor can be 0 by the ranges written, and whether a clause
//! before the division compares it.

mod common;
use common::build_codes;

const WARNING: &str = "jixiao::check::zero_denominator";

/// One indicator of 10 with 完成值 = 已完成 / 计划 and the given facts and rule.
fn rate(facts: &str, rule: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 10 }}\n事实 {{ {facts} }}\n\
         一级 甲（10分）{{ 指标 完成率（10分）{{\n\
           完成值 = 已完成 / 计划  标杆值 100%\n\
           评分 {{ {rule} }}\n\
         }} }}\n"
    )
}

#[test]
fn a_divisor_declared_from_zero_with_no_rule_for_it_warns() {
    // 计划 在 0个以上 includes 0.
    let source = rate(
        "已完成: 个 在 0个以上  计划: 个 在 0个以上",
        "完成值 >= 100% 得满分；否则 按比例得分",
    );
    assert_eq!(build_codes(&source), [WARNING]);
}

#[test]
fn a_first_clause_for_the_zero_silences_it() {
    // The first clause compares 计划, so a 0 never reaches the division.
    let source = rate(
        "已完成: 个 在 0个以上  计划: 个 在 0个以上",
        "计划 = 0个，得满分；完成值 >= 100% 得满分；否则 按比例得分",
    );
    assert_eq!(build_codes(&source), Vec::<String>::new());
}

#[test]
fn a_divisor_declared_above_zero_does_not_warn() {
    // 计划 在 1个以上 excludes 0.
    let source = rate(
        "已完成: 个 在 0个以上  计划: 个 在 1个以上",
        "完成值 >= 100% 得满分；否则 按比例得分",
    );
    assert_eq!(build_codes(&source), Vec::<String>::new());
}

#[test]
fn a_divisor_with_no_declared_range_does_not_warn() {
    // Nothing is declared of 计划: the checker cannot say it may be 0.
    let source = rate(
        "已完成: 个  计划: 个",
        "完成值 >= 100% 得满分；否则 按比例得分",
    );
    assert_eq!(build_codes(&source), Vec::<String>::new());
}

#[test]
fn a_formula_reached_only_past_the_zero_does_not_warn() {
    // 标杆值 / 完成值 (lower is better): the first clause takes every 结余率
    // ≤ 9%, 0 included, so the formula only sees values above 9%.
    let guarded = "体系 \"测试\" { 满分 20 }\n事实 { 结余率: % 在 0%以上 }\n\
                   一级 甲（20分）{ 指标 结余（20分）{\n\
                     完成值 = 结余率  标杆值 9%\n\
                     评分 { 完成值 <= 标杆值，得满分；得分 = 标杆值 / 完成值 × 权重 }\n\
                   } }\n";
    assert_eq!(build_codes(guarded), Vec::<String>::new());
    // Without it the formula divides by a 结余率 that may be 0.
    let unguarded = "体系 \"测试\" { 满分 20 }\n事实 { 结余率: % 在 0%以上 }\n\
                     一级 甲（20分）{ 指标 结余（20分）{\n\
                       完成值 = 结余率  标杆值 9%\n\
                       评分 { 得分 = 标杆值 / 完成值 × 权重 }\n\
                     } }\n";
    assert_eq!(build_codes(unguarded), [WARNING]);
}
