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

#[test]
fn a_target_computed_with_a_divisor_that_may_be_0_warns() {
    // 标杆值 = 计划完成数 / 计划数 × 100% is computed where the first clause
    // reads it, like 完成值: 计划数 在 0个以上 includes 0 and no clause
    // compares it. 完成值 = 完成率 divides nothing, so the one warning is the
    // 标杆值's.
    let source = "体系 \"测试\" { 满分 10 }\n\
                  事实 { 完成率: % 在 0%以上  计划完成数: 个 在 0个以上  计划数: 个 在 0个以上 }\n\
                  一级 甲（10分）{ 指标 完成情况（10分）{\n\
                    完成值 = 完成率  标杆值 = 计划完成数 / 计划数 × 100%\n\
                    评分 { 完成值 >= 标杆值 得满分；否则 得0分 }\n\
                  } }\n";
    assert_eq!(build_codes(source), [WARNING]);
}

#[test]
fn a_sum_divisor_with_one_undeclared_part_does_not_warn() {
    // 计划 在 0个以上 may be 0, but 追加 declares no range: the sum's 0 would
    // come from knowing nothing of 追加, so nothing is said.
    let source = rate(
        "已完成: 个 在 0个以上  计划: 个 在 0个以上  追加: 个",
        "完成值 >= 100% 得满分；否则 按比例得分",
    )
    .replace("已完成 / 计划", "已完成 / (计划 + 追加)");
    assert_eq!(build_codes(&source), Vec::<String>::new());
    // With 追加 declared 在 0个以上 too, 计划 + 追加 spans [0, ∞) and 0 is in it.
    let declared = rate(
        "已完成: 个 在 0个以上  计划: 个 在 0个以上  追加: 个 在 0个以上",
        "完成值 >= 100% 得满分；否则 按比例得分",
    )
    .replace("已完成 / 计划", "已完成 / (计划 + 追加)");
    assert_eq!(build_codes(&declared), [WARNING]);
}

#[test]
fn a_formula_dividing_by_a_declared_target_warns() {
    // 得分 = 完成值 / 标杆值 × 权重 with 标杆值 = 计划 and 计划 在 0个以上:
    // the 标杆值 declares its range through 计划, and 0 is in it.
    let source = "体系 \"测试\" { 满分 10 }\n\
                  事实 { 已完成: 个 在 0个以上  计划: 个 在 0个以上 }\n\
                  一级 甲（10分）{ 指标 完成率（10分）{\n\
                    完成值 = 已完成  标杆值 = 计划\n\
                    评分 { 得分 = 完成值 / 标杆值 × 权重 }\n\
                  } }\n";
    assert_eq!(build_codes(source), [WARNING]);
    // A 标杆值 of 计划 在 1个以上 excludes 0.
    let above_zero = source.replace("计划: 个 在 0个以上", "计划: 个 在 1个以上");
    assert_eq!(build_codes(&above_zero), Vec::<String>::new());
}

/// 完成值 = 已完成 / (计划 − 1个) with 计划 在 1个以上, so the divisor spans
/// [1 − 1, ∞) = [0, ∞), and `first` the rule's first clause.
fn less_one(first: &str) -> String {
    rate(
        "已完成: 个 在 0个以上  计划: 个 在 1个以上",
        &format!("{first}；完成值 >= 100% 得满分；否则 按比例得分"),
    )
    .replace("已完成 / 计划", "已完成 / (计划 - 1个)")
}

#[test]
fn a_first_clause_comparing_the_divisor_as_written_silences_it() {
    // 计划 − 1个 = 0个 names the divisor itself: the 0 is scored.
    assert_eq!(
        build_codes(&less_one("计划 - 1个 = 0个，得0分")),
        Vec::<String>::new()
    );
    // A clause about another value says nothing of this 0.
    assert_eq!(build_codes(&less_one("已完成 = 0个，得0分")), [WARNING]);
}

#[test]
fn a_first_clause_comparing_something_else_does_not_silence_it() {
    // (计划 + 1个 ≥ 2, so it is compared with 2个, which it can be.)
    // 计划 + 1个 differs from 计划 − 1个 in its operator only, 计划 − 2个 in
    // its number only, 已完成 − 1个 in its left side only: none is the divisor.
    for first in [
        "计划 + 1个 = 2个，得0分",
        "计划 - 2个 = 0个，得0分",
        "已完成 - 1个 = 0个，得0分",
    ] {
        assert_eq!(build_codes(&less_one(first)), [WARNING], "{first}");
    }
}

#[test]
fn a_divisor_counted_to_a_date_is_compared_as_written() {
    // 工期使用率 = (完成日期 − 开工日期) / (2024-12-31 − 开工日期): a 开工日期 of
    // 2024-12-31 (within 在 2024-01-01..2024-12-31) makes the divisor 0 days.
    let rule = |first: &str| {
        format!(
            "体系 \"测试\" {{ 满分 10 }}\n\
             事实 {{ 完成日期: 日期 在 2024-01-01..2025-12-31  开工日期: 日期 在 2024-01-01..2024-12-31 }}\n\
             一级 甲（10分）{{ 指标 工期使用率（10分）{{\n\
               完成值 = (完成日期 - 开工日期) / (2024-12-31 - 开工日期) × 100%  标杆值 100%\n\
               评分 {{ {first}；完成值 <= 标杆值 得满分；否则 得0分 }}\n\
             }} }}\n"
        )
    };
    assert_eq!(
        build_codes(&rule("(2024-12-31 - 开工日期) = 0天，得满分")),
        Vec::<String>::new()
    );
    // (A condition cannot begin with a bare date: the brackets are needed.)
    // 2024-12-30 − 开工日期 is another value: the 0 at 2024-12-31 is not scored.
    assert_eq!(
        build_codes(&rule("(2024-12-30 - 开工日期) = 0天，得满分")),
        [WARNING]
    );
}

#[test]
fn a_clause_comparing_the_target_divisor_before_the_formula_silences_it() {
    // 完成值 >= 标杆值 得满分 compares 标杆值: a 标杆值 of 0 gets full marks
    // (every 完成值 在 0个以上 is ≥ 0), so the formula after it is not warned of.
    let source = "体系 \"测试\" { 满分 10 }\n\
                  事实 { 已完成: 个 在 0个以上  计划: 个 在 0个以上 }\n\
                  一级 甲（10分）{ 指标 完成率（10分）{\n\
                    完成值 = 已完成  标杆值 = 计划\n\
                    评分 { 完成值 >= 标杆值 得满分；得分 = 完成值 / 标杆值 × 权重 }\n\
                  } }\n";
    assert_eq!(build_codes(source), Vec::<String>::new());
}
