//! The card above its indicators: 加分项 and 减分项 groups, the limit at
//! 满分, and 总分规则 (一票否决, a cap on the total, a grade set). Every
//! expected value is worked out by hand from the rule text; the arithmetic is
//! in the comment beside the assertion. Totals are also scored through the
//! bulk path (what batch runs), which must agree.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

/// A base 一级 of 100 scored by the fact 基础分, a 加分项 (最高加5分) whose
/// indicator of 8 scores the fact 加分, and a 减分项 (最高扣10分) whose
/// indicator of 15 takes 2 points per 问题 above 0; `limit` is the header's
/// 总分不超过满分 / 总分可超过满分 (or nothing).
fn adjusted(limit: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 100  等级 {{ 优：>= 90；良：>= 80；差 }}  {limit} }}\n\
         事实 {{ 基础分: 数值  加分: 数值  问题: 个 }}\n\
         一级 基础（100分）{{ 指标 基础指标（100分）{{ 评分 {{ 得分 = 基础分 }} }} }}\n\
         一级 加分项（最高加5分）{{ 指标 创新（8分）{{ 评分 {{ 得分 = 加分 }} }} }}\n\
         一级 减分项（最高扣10分）{{\n\
           指标 问题整改（15分）{{ 完成值 = 问题  标杆值 0个  评分 {{ 每多1个扣2分，扣完为止 }} }}\n\
         }}\n"
    )
}

fn facts(base: &str, bonus: &str, problems: &str) -> String {
    format!("\"基础分\" = {base}\n\"加分\" = {bonus}\n\"问题\" = \"{problems}个\"")
}

#[test]
fn bonus_is_capped_by_its_group_then_the_total_by_full_marks() {
    let source = adjusted("总分不超过满分");
    // 90 + min(6, 5) = 95
    assert_eq!(both_totals(&source, &facts("90", "6", "0")), some("95.00"));
    // 97 + min(6, 5) = 102, above 满分: 100
    assert_eq!(both_totals(&source, &facts("97", "6", "0")), some("100.00"));
    // 97 + 2 = 99
    assert_eq!(both_totals(&source, &facts("97", "2", "0")), some("99.00"));
    let card = score(&source, &facts("97", "6", "0"));
    let bonus = card.group("加分项").expect("group");
    assert_eq!(bonus.score.map(|s| s.to_string()), some("5.00")); // min(6, 5)
}

#[test]
fn a_total_may_pass_full_marks_where_the_ruleset_says_so() {
    let source = adjusted("总分可超过满分");
    // 97 + min(6, 5) = 102
    assert_eq!(both_totals(&source, &facts("97", "6", "0")), some("102.00"));
}

#[test]
fn penalty_takes_off_what_its_rule_deducts_at_most_its_cap() {
    let source = adjusted("总分不超过满分");
    // 3 problems: 3 × 2 = 6 off; 90 − 6 = 84
    assert_eq!(both_totals(&source, &facts("90", "0", "3")), some("84.00"));
    // 7 problems: 14 off (within the indicator's 15), capped at 10: 90 − 10 = 80
    assert_eq!(both_totals(&source, &facts("90", "0", "7")), some("80.00"));
    let card = score(&source, &facts("90", "0", "7"));
    assert_eq!(
        indicator(&card, "问题整改").score.map(|s| s.to_string()),
        some("-14.00") // 15 − 14 = 1 kept, 14 taken off
    );
    assert_eq!(
        card.group("减分项")
            .and_then(|g| g.score)
            .map(|s| s.to_string()),
        some("-10.00")
    );
    // 8 problems: 16 off, but the indicator takes off at most its 15 (扣完为止)
    let card = score(&source, &facts("90", "0", "8"));
    assert_eq!(
        indicator(&card, "问题整改").score.map(|s| s.to_string()),
        some("-15.00")
    );
}

#[test]
fn a_penalty_past_the_base_leaves_zero() {
    let source = adjusted("总分不超过满分");
    // 6 − 10 = −4: the total is not negative
    assert_eq!(both_totals(&source, &facts("6", "0", "5")), some("0.00"));
}

#[test]
fn bonus_and_penalty_together() {
    let source = adjusted("总分不超过满分");
    // 88 + 4 − 2 × 2 = 88
    assert_eq!(both_totals(&source, &facts("88", "4", "2")), some("88.00"));
}

#[test]
fn adjustments_follow_the_not_applicable_rescaling() {
    // 甲 乙 丙 丁 of 25 under one 一级; 丁 不适用; then a 加分项 of 最高加5分.
    let source = "体系 \"测试\" { 满分 100  总分不超过满分 }\n\
                  事实 { 一: 数值  二: 数值  三: 数值  四: 数值  加: 数值 }\n\
                  一级 基础（100分）{\n\
                    指标 甲（25分）{ 评分 { 得分 = 一 } }\n\
                    指标 乙（25分）{ 评分 { 得分 = 二 } }\n\
                    指标 丙（25分）{ 评分 { 得分 = 三 } }\n\
                    指标 丁（25分）{ 评分 { 得分 = 四 } }\n\
                  }\n\
                  一级 加分项（最高加5分）{ 指标 创新（5分）{ 评分 { 得分 = 加 } } }\n";
    let facts = "\"一\" = 25\n\"二\" = 20\n\"三\" = 15\n\"加\" = 3\n\
                 [\"不适用\"]\n\"丁\" = \"项目未涉及\"";
    // (25 + 20 + 15) ÷ 75 × 100 = 80, then + 3 = 83: the bonus is not rescaled
    assert_eq!(both_totals(source, facts), some("83.00"));
}

/// A card of 预算执行率 × 20 + 产出 (a fact of points, 80), with `rules`
/// as its 总分规则.
fn with_card_rules(rules: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 100  等级 {{ 优：>= 90；良：>= 80；中：>= 60；差 }} }}\n\
         事实 {{ 预算执行率: %  产出分: 数值  发生重大事故: 是否 }}\n\
         一级 预算（20分）{{ 指标 预算执行率（20分）{{ 完成值 = 预算执行率  评分 {{ 得分 = 完成值 × 权重 }} }} }}\n\
         一级 产出（80分）{{ 指标 产出（80分）{{ 评分 {{ 得分 = 产出分 }} }} }}\n\
         总分规则 {{ {rules} }}\n"
    )
}

fn rate(rate: &str, output: &str, accident: bool) -> String {
    format!("\"预算执行率\" = \"{rate}\"\n\"产出分\" = {output}\n\"发生重大事故\" = {accident}")
}

#[test]
fn a_cap_on_the_whole_card_from_one_indicator() {
    let source = with_card_rules("预算执行率低于80%的，总分最高为89分");
    // 75% × 20 + 78.5 = 93.5; 75% < 80%: at most 89
    assert_eq!(
        both_totals(&source, &rate("75%", "78.5", false)),
        some("89.00")
    );
    // 85% × 20 + 76.5 = 93.5; the cap does not apply
    assert_eq!(
        both_totals(&source, &rate("85%", "76.5", false)),
        some("93.50")
    );
    // 70% × 20 + 60 = 74 is below the cap and stays
    assert_eq!(
        both_totals(&source, &rate("70%", "60", false)),
        some("74.00")
    );
    let card = score(&source, &rate("75%", "78.5", false));
    assert_eq!(card.grade.as_deref(), Some("良")); // 89 ≥ 80
}

#[test]
fn a_veto_sets_the_total_to_zero_and_the_lowest_grade() {
    let source = with_card_rules("发生重大事故的，一票否决");
    // 20 + 75 = 95, vetoed
    let card = score(&source, &rate("100%", "75", true));
    assert_eq!(total(&card), some("0.00"));
    assert_eq!(card.grade.as_deref(), Some("差"));
    assert_eq!(
        both_totals(&source, &rate("100%", "75", false)),
        some("95.00")
    );
    let mut bulk = jixiao::eval::Scores::default();
    let compiled = compile(&source);
    let values = jixiao::facts::parse(
        &rate("100%", "75", true),
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect("facts");
    bulk.score(&compiled, &values);
    assert_eq!(bulk.grade, Some(3)); // 差, the fourth band
}

#[test]
fn a_rule_may_set_the_grade_and_keep_the_total() {
    let source = with_card_rules("发生重大事故的，等级为中");
    // 20 + 75 = 95 would be 优; the rule makes it 中
    let card = score(&source, &rate("100%", "75", true));
    assert_eq!(total(&card), some("95.00"));
    assert_eq!(card.grade.as_deref(), Some("中"));
}

#[test]
fn card_rules_apply_in_order_after_adjustments() {
    let source =
        with_card_rules("预算执行率低于80%的，总分最高为89分；发生重大事故的，总分为0分，等级为差");
    // 15 + 78.5 = 93.5 → 89 → 0 where both hold
    assert_eq!(
        both_totals(&source, &rate("75%", "78.5", true)),
        some("0.00")
    );
}

#[test]
fn a_card_rule_missing_its_fact_leaves_the_total_unknown() {
    let source = with_card_rules("发生重大事故的，一票否决");
    let card = score(&source, "\"预算执行率\" = \"90%\"\n\"产出分\" = 70");
    assert_eq!(card.total, None);
    let faults: Vec<String> = card.faults.iter().map(ToString::to_string).collect();
    assert!(
        faults.iter().any(|fault| fault.contains("发生重大事故")),
        "{faults:?}"
    );
}

#[test]
fn mistakes_above_the_indicators_are_errors() {
    // A 加分项 without saying whether the total may pass 满分.
    assert_eq!(
        build_error_codes(&adjusted("")),
        ["jixiao::check::total_limit_unstated"]
    );
    // A 加分项 under a 一级.
    let nested = "体系 \"测试\" { 满分 10 }\n事实 { 分: 数值 }\n\
                  一级 甲（10分）{\n\
                    指标 一（10分）{ 评分 { 得分 = 分 } }\n\
                    二级 减分（最高扣2分）{ 指标 二（2分）{ 评分 { 得分 = 分 } } }\n\
                  }\n";
    assert_eq!(
        build_error_codes(nested),
        ["jixiao::check::adjustment_level"]
    );
    // A grade the header does not declare.
    assert_eq!(
        build_error_codes(&with_card_rules("发生重大事故的，等级为劣")),
        ["jixiao::check::unknown_grade"]
    );
}

#[test]
fn each_step_to_the_total_starts_from_the_total_before_it() {
    use jixiao::eval::TotalStep;
    use rust_decimal::Decimal;
    let befores = |card: &jixiao::eval::ScoreCard| -> Vec<Decimal> {
        card.total_steps.iter().map(TotalStep::before).collect()
    };
    // 97, then + min(6, 5) = 102, then limited to 满分 100.
    let card = score(&adjusted("总分不超过满分"), &facts("97", "6", "0"));
    assert_eq!(befores(&card), [Decimal::from(97), Decimal::from(102)]);
    // 75% × 20 + 78.5 = 93.5, capped at 89, then vetoed to 0.
    let source = with_card_rules("预算执行率低于80%的，总分最高为89分；发生重大事故的，一票否决");
    let card = score(&source, &rate("75%", "78.5", true));
    assert_eq!(befores(&card), [Decimal::new(935, 1), Decimal::from(89)]);
}
