//! Each rule form at its edges.
//!
//! Every test is a tiny ruleset — one 一级, one 二级, one 指标 (a few tests add a
//! second 指标 to show that a fault stays local) — whose 满分 equals the
//! indicator's weight, so `card.total` is that indicator's score. Rounding is
//! the default: 2 places, half-up. Every expected score is worked out by hand
//! from the rule text; the arithmetic is in the comment beside the assertion.

use jixiao::eval::Fault;

#[path = "common/forms.rs"]
mod forms;
use forms::*;

// ---------------------------------------------------------------- stepped deduction

const MONEY_FACTS: &str = "实际到位资金: 万元\n实际支出资金: 万元";

fn execution_rate(rule: &str) -> String {
    single(
        "4",
        MONEY_FACTS,
        "预算执行率",
        &format!("完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n评分 {{\n{rule}\n}}"),
    )
}

const ROUND_UP: &str =
    "完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分";
const EXACT: &str = "完成值 >= 100% 得满分；每降低1个百分点扣0.1分";
const ROUND_DOWN: &str = "完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的不扣分";

fn money(spent: &str, received: &str) -> String {
    format!("\"实际支出资金\" = \"{spent}\"\n\"实际到位资金\" = \"{received}\"")
}

#[test]
fn stepped_exactly_at_threshold_is_full() {
    let card = score(&execution_rate(ROUND_UP), &money("62.46万元", "62.46万元"));
    // 62.46 / 62.46 = 100% ≥ 100% → 得满分 → 4.00
    assert_eq!(total(&card), some("4.00"));
    assert!(card.faults.is_empty());
}

#[test]
fn stepped_round_up_a_hair_below_is_one_step() {
    let card = score(&execution_rate(ROUND_UP), &money("99.99万元", "100万元"));
    // 99.99 / 100 = 99.99%; 0.01 pt short → 0.01 step, rounded up → 1 step → 4 − 0.1 = 3.90
    assert_eq!(total(&card), some("3.90"));
}

#[test]
fn stepped_round_up_two_steps() {
    let card = score(&execution_rate(ROUND_UP), &money("61.5万元", "62.46万元"));
    // 61.5 / 62.46 = 98.4630…%; 1.5369… pts short → 2 steps (round up) → 4 − 0.2 = 3.80
    assert_eq!(total(&card), some("3.80"));
}

#[test]
fn stepped_round_up_whole_steps_are_not_rounded_further() {
    let card = score(&execution_rate(ROUND_UP), &money("97万元", "100万元"));
    // 97 / 100 = 97%; exactly 3 pts short → 3 steps → 4 − 0.3 = 3.70
    assert_eq!(total(&card), some("3.70"));
}

#[test]
fn stepped_exact_without_partial_phrase() {
    let card = score(&execution_rate(EXACT), &money("61.5万元", "62.46万元"));
    // 61.5 / 62.46 = 98.4630…%; 1.5369… pts short × 0.1 = 0.15369… → 4 − 0.15369… = 3.8463… → 3.85
    assert_eq!(total(&card), some("3.85"));
}

#[test]
fn stepped_round_down_drops_the_partial_step() {
    let card = score(&execution_rate(ROUND_DOWN), &money("61.5万元", "62.46万元"));
    // 1.5369… pts short → 1 step (不足1个百分点的不扣分) → 4 − 0.1 = 3.90
    assert_eq!(total(&card), some("3.90"));
}

#[test]
fn stepped_round_down_less_than_one_step_is_full() {
    let card = score(&execution_rate(ROUND_DOWN), &money("99.5万元", "100万元"));
    // 99.5%; 0.5 pt short → 0 steps → 4 − 0 = 4.00
    assert_eq!(total(&card), some("4.00"));
}

#[test]
fn stepped_deduction_is_floored_at_zero() {
    let card = score(&execution_rate(ROUND_UP), &money("10万元", "100万元"));
    // 10%; 90 pts short → 90 steps × 0.1 = 9 → 4 − 9 = −5 → 扣完为止 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

// ---------------------------------------------------------------- per-unit deduction

fn supervised(rule: &str) -> String {
    single(
        "7",
        "应纳入监管数: 家\n纳入监管数: 家",
        "纳入监管数量",
        &format!("完成值 = 纳入监管数\n标杆值 = 应纳入监管数\n评分 {{\n{rule}\n}}"),
    )
}

const PER_HOUSEHOLD: &str = "完成值 >= 标杆值 得满分\n每少1家扣0.5分，扣完为止";

#[test]
fn per_unit_at_target_is_full() {
    let card = score(
        &supervised(PER_HOUSEHOLD),
        "\"应纳入监管数\" = \"353家\"\n\"纳入监管数\" = \"353家\"",
    );
    // 353 ≥ 353 → 7.00
    assert_eq!(total(&card), some("7.00"));
}

#[test]
fn per_unit_three_short() {
    let card = score(
        &supervised(PER_HOUSEHOLD),
        "\"应纳入监管数\" = \"353家\"\n\"纳入监管数\" = \"350家\"",
    );
    // 3 家 short × 0.5 = 1.5 → 7 − 1.5 = 5.50
    assert_eq!(total(&card), some("5.50"));
}

#[test]
fn per_unit_floor_at_zero() {
    let card = score(
        &supervised(PER_HOUSEHOLD),
        "\"应纳入监管数\" = 353\n\"纳入监管数\" = 330",
    );
    // 23 家 short × 0.5 = 11.5 → 7 − 11.5 = −4.5 → 扣完为止 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn per_unit_without_guard_clause_over_target_is_full() {
    // No "完成值 >= 标杆值 得满分": a surplus must not add points beyond the weight.
    let card = score(
        &supervised("每少1家扣0.5分，扣完为止"),
        "\"应纳入监管数\" = \"353家\"\n\"纳入监管数\" = \"360家\"",
    );
    // gap = 353 − 360 = −7 → max(0, −7) = 0 steps → 7 − 0 = 7.00
    assert_eq!(total(&card), some("7.00"));
}

// ---------------------------------------------------------------- days late

fn days_late(target: &str) -> String {
    single(
        "6",
        "排查延迟天数: 天",
        "排查及时率",
        &format!("完成值 = 排查延迟天数\n{target}\n评分 {{ 延迟1天，扣0.1分，扣完为止 }}"),
    )
}

#[test]
fn days_late_zero_is_full() {
    let card = score(&days_late("标杆值 0天"), "\"排查延迟天数\" = \"0天\"");
    // 0 天 late → 0 steps → 6.00
    assert_eq!(total(&card), some("6.00"));
}

#[test]
fn days_late_three_days() {
    let card = score(&days_late("标杆值 0天"), "\"排查延迟天数\" = 3");
    // 3 天 − 0 天 = 3 steps × 0.1 = 0.3 → 6 − 0.3 = 5.70
    assert_eq!(total(&card), some("5.70"));
}

#[test]
fn days_late_floor_at_zero() {
    let card = score(&days_late("标杆值 0天"), "\"排查延迟天数\" = \"100天\"");
    // 100 × 0.1 = 10 → 6 − 10 = −4 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn days_late_without_target() {
    let card = score(&days_late(""), "\"排查延迟天数\" = 3");
    // days late counted from 0: 3 × 0.1 = 0.3 → 6 − 0.3 = 5.70
    assert_eq!(total(&card), some("5.70"), "faults: {:?}", card.faults);
}

// ---------------------------------------------------------------- deadline from dates

fn deadline() -> String {
    single(
        "3",
        "完成日期: 日期",
        "按时完成",
        "完成值 = 完成日期\n标杆值 2024-12-31\n评分 { 每延迟1天扣0.5分，扣完为止 }",
    )
}

#[test]
fn deadline_on_the_day_is_full() {
    let card = score(&deadline(), "\"完成日期\" = \"2024-12-31\"");
    // 2024-12-31 − 2024-12-31 = 0 天 → 3.00
    assert_eq!(total(&card), some("3.00"));
}

#[test]
fn deadline_early_is_full() {
    let card = score(&deadline(), "\"完成日期\" = \"2024-11-30\"");
    // 31 天 early → max(0, −31) = 0 → 3.00
    assert_eq!(total(&card), some("3.00"));
}

#[test]
fn deadline_one_day_late() {
    let card = score(&deadline(), "\"完成日期\" = \"2025-01-01\"");
    // 2025-01-01 − 2024-12-31 = 1 天 × 0.5 = 0.5 → 3 − 0.5 = 2.50
    assert_eq!(total(&card), some("2.50"));
}

#[test]
fn deadline_in_chinese_date_form() {
    let card = score(&deadline(), "\"完成日期\" = \"2025年1月3日\"");
    // 3 天 late × 0.5 = 1.5 → 3 − 1.5 = 1.50 (Chinese date form in the facts)
    assert_eq!(total(&card), some("1.50"));
}

#[test]
fn deadline_far_late_is_zero() {
    let card = score(&deadline(), "\"完成日期\" = \"2025-03-01\"");
    // 2025-03-01 − 2024-12-31 = 31 + 28 + 1 = 60 天 × 0.5 = 30 → 3 − 30 < 0 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

/// A condition that begins with the date, as 「2024-06-30前开工」 is turned round.
fn started_by() -> String {
    single(
        "5",
        "开工日期: 日期",
        "按时开工",
        "评分 { 2024-06-30 >= 开工日期 得满分；否则 得0分 }",
    )
}

#[test]
fn a_condition_may_begin_with_a_date() {
    // 2024-06-30 >= 2024-06-30 holds → 5.00; 2024-06-30 >= 2024-07-01 does not → 0.00
    // (before, 「2024-06」 was read as a range of 2024 to 06 and the line did not parse)
    let on_the_day = score(&started_by(), "\"开工日期\" = \"2024-06-30\"");
    assert_eq!(total(&on_the_day), some("5.00"));
    let a_day_late = score(&started_by(), "\"开工日期\" = \"2024-07-01\"");
    assert_eq!(total(&a_day_late), some("0.00"));
}

// ---------------------------------------------------------------- full or zero

fn accident() -> String {
    single(
        "8",
        "发生事故: 是否",
        "事故宗数",
        "标杆值 \"0宗\"\n评分 { 不 发生事故 得满分；反得0分 }",
    )
}

#[test]
fn threshold_no_accident_is_full() {
    let card = score(&accident(), "\"发生事故\" = false");
    // 不 发生事故 holds → 得满分 → 8.00
    assert_eq!(total(&card), some("8.00"));
}

#[test]
fn threshold_accident_is_zero() {
    let card = score(&accident(), "\"发生事故\" = \"是\"");
    // 发生事故 → 反得0分 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

// ---------------------------------------------------------------- checklists

const CHECK_FACTS: &str = "甲: 是否\n乙: 是否\n丙: 是否\n存在挪用: 是否";

fn checklist(extra: &str) -> String {
    single(
        "4",
        CHECK_FACTS,
        "合规性",
        &format!(
            "标杆值 \"合规\"\n要点 {{\n\
             ① 1分: 甲\n\
             ② 1.5分: 乙\n\
             ③ 1.5分: 丙\n\
             ④ 扣1分: 存在挪用\n\
             }}\n{extra}"
        ),
    )
}

fn check_facts(a: bool, b: bool, c: bool, misuse: bool) -> String {
    format!("\"甲\" = {a}\n\"乙\" = {b}\n\"丙\" = {c}\n\"存在挪用\" = {misuse}")
}

#[test]
fn checklist_all_hold_is_full() {
    let card = score(&checklist(""), &check_facts(true, true, true, false));
    // 1 + 1.5 + 1.5 = 4.00
    assert_eq!(total(&card), some("4.00"));
}

#[test]
fn checklist_sums_points_of_items_that_hold() {
    let card = score(&checklist(""), &check_facts(true, false, true, false));
    // ① 1 + ③ 1.5 = 2.50
    assert_eq!(total(&card), some("2.50"));
}

#[test]
fn checklist_none_hold_is_zero() {
    let card = score(&checklist(""), &check_facts(false, false, false, false));
    // 0.00
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn checklist_deduction_item_subtracts() {
    let card = score(&checklist(""), &check_facts(true, true, true, true));
    // 1 + 1.5 + 1.5 − 1 (④ 扣1分: 存在挪用) = 3.00
    assert_eq!(total(&card), some("3.00"));
}

#[test]
fn checklist_item_with_a_conjunction_scores_only_when_both_hold() {
    // ② 1.5分: 乙 且 不 丙 — a jump past 不 丙 lands on the item's choice, so
    // plain scoring must not fuse 丙's test with that choice.
    let source = single(
        "2.5",
        CHECK_FACTS,
        "合规性",
        "标杆值 \"合规\"\n要点 {\n① 1分: 甲\n② 1.5分: 乙 且 不 丙\n}",
    );
    let facts = |b: bool, c: bool| check_facts(true, b, c, false);
    // 乙 fails: ① 1 + ② 0 = 1.00
    assert_eq!(both_totals(&source, &facts(false, false)), some("1.00"));
    // 乙 holds, 丙 does not: 1 + 1.5 = 2.50
    assert_eq!(both_totals(&source, &facts(true, false)), some("2.50"));
    // 乙 and 丙 hold, so 不 丙 fails: 1 + 0 = 1.00
    assert_eq!(both_totals(&source, &facts(true, true)), some("1.00"));
}

#[test]
fn checklist_deduction_item_floors_at_zero() {
    let card = score(&checklist(""), &check_facts(false, false, false, true));
    // 0 − 1 = −1 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn gated_checklist_gate_true_sums_items() {
    let card = score(
        &checklist("前提 ①，否则 0分"),
        &check_facts(true, false, true, false),
    );
    // gate ① holds → 1 + 1.5 = 2.50
    assert_eq!(total(&card), some("2.50"));
}

#[test]
fn gated_checklist_gate_false_is_zero() {
    let card = score(
        &checklist("前提 ①，否则 0分"),
        &check_facts(false, true, true, false),
    );
    // gate ① fails → 0分, although ② and ③ (3 pts) hold → 0.00
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn gated_checklist_with_condition_gate() {
    let card = score(
        &checklist("前提 乙 且 丙，否则 1分"),
        &check_facts(true, true, false, false),
    );
    // gate 乙 且 丙 fails (丙 false) → 否则 1分 → 1.00
    assert_eq!(total(&card), some("1.00"));
}

// ---------------------------------------------------------------- tiers

fn tiers() -> String {
    single(
        "8",
        "综合治理效果: 档次（明显，一般，没有）",
        "综合治理",
        "完成值 = 综合治理效果\n标杆值 \"明显\"\n\
         评分 { 综合治理效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }",
    )
}

#[test]
fn tier_clear_is_full() {
    let card = score(&tiers(), "\"综合治理效果\" = \"明显\"");
    // 明显 → 得满分 → 8.00
    assert_eq!(total(&card), some("8.00"));
}

#[test]
fn tier_middle_is_share_of_weight() {
    let card = score(&tiers(), "\"综合治理效果\" = \"一般\"");
    // 一般 → 8 × 60% = 4.80
    assert_eq!(total(&card), some("4.80"));
}

#[test]
fn tier_none_is_zero() {
    let card = score(&tiers(), "\"综合治理效果\" = \"没有\"");
    // 没有 → 得0分 → 0.00
    assert_eq!(total(&card), some("0.00"));
}

// ---------------------------------------------------------------- proportional

fn satisfaction(weight: &str, target: &str, otherwise: &str) -> String {
    single(
        weight,
        "满意度: %",
        "满意度指标",
        &format!(
            "完成值 = 满意度\n标杆值 {target}\n\
             评分 {{ 完成值 >= {target} 得满分；否则 {otherwise} }}"
        ),
    )
}

#[test]
fn proportional_at_threshold_is_full() {
    let card = score(
        &satisfaction("6", "95%", "按比例扣分"),
        "\"满意度\" = \"95%\"",
    );
    // 95% ≥ 95% → 6.00
    assert_eq!(total(&card), some("6.00"));
}

#[test]
fn proportional_below_threshold() {
    let card = score(
        &satisfaction("6", "95%", "按比例扣分"),
        "\"满意度\" = \"90%\"",
    );
    // 6 × 90% / 95% = 6 × 0.947368… = 5.68421… → 5.68
    assert_eq!(total(&card), some("5.68"));
}

#[test]
fn proportional_plain_number_fact_is_percent() {
    let card = score(&satisfaction("6", "95%", "按比例扣分"), "\"满意度\" = 76");
    // plain 76 for a % fact is 76%; 6 × 76 / 95 = 6 × 0.8 = 4.80
    assert_eq!(total(&card), some("4.80"));
}

#[test]
fn rounding_half_up_at_five() {
    let card = score(
        &satisfaction("5", "100%", "按比例扣分"),
        "\"满意度\" = \"46.9%\"",
    );
    // 5 × 46.9% / 100% = 2.345 exactly → half-up 2.35 (banker's rounding would give 2.34)
    assert_eq!(total(&card), some("2.35"));
}

#[test]
fn rounding_half_up_at_five_below_two_places() {
    let card = score(
        &satisfaction("5", "100%", "按比例扣分"),
        "\"满意度\" = \"46.7%\"",
    );
    // 5 × 0.467 = 2.335 exactly → half-up 2.34 (banker's also 2.34; check the neighbour)
    assert_eq!(total(&card), some("2.34"));
    let card = score(
        &satisfaction("5", "100%", "按比例扣分"),
        "\"满意度\" = \"46.5%\"",
    );
    // 5 × 0.465 = 2.325 exactly → half-up 2.33, where banker's rounding gives 2.32.
    assert_eq!(total(&card), some("2.33"));
}

// ---------------------------------------------------------------- formula

fn funds_in_place() -> String {
    single(
        "2",
        "预算资金: 万元\n实际到位资金: 万元",
        "资金到位率",
        "完成值 = (实际到位资金 / 预算资金) × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 }",
    )
}

#[test]
fn formula_below_full() {
    let card = score(
        &funds_in_place(),
        "\"预算资金\" = \"100万元\"\n\"实际到位资金\" = \"90万元\"",
    );
    // 90 / 100 = 90% × 2 = 1.80
    assert_eq!(total(&card), some("1.80"));
}

#[test]
fn formula_clamped_to_weight_above_100_percent() {
    let card = score(
        &funds_in_place(),
        "\"预算资金\" = \"100万元\"\n\"实际到位资金\" = \"105万元\"",
    );
    // 105 / 100 = 105% × 2 = 2.1 → clamped to the weight → 2.00
    assert_eq!(total(&card), some("2.00"));
}

#[test]
fn formula_with_points_literal() {
    let source = single(
        "5",
        "隐患数: 条\n整改数: 条",
        "整改完成率",
        "完成值 = 整改数 / 隐患数 × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 5分 }",
    );
    let card = score(&source, "\"隐患数\" = \"801条\"\n\"整改数\" = \"800条\"");
    // 800 / 801 = 0.998751… × 5 = 4.993757… → 4.99
    assert_eq!(total(&card), some("4.99"));
}

// ---------------------------------------------------------------- units

#[test]
fn units_wan_yuan_over_yuan() {
    let source = single(
        "2",
        "预算资金: 元\n实际到位资金: 万元",
        "资金到位率",
        "完成值 = (实际到位资金 / 预算资金) × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 }",
    );
    let card = score(
        &source,
        "\"预算资金\" = 800000\n\"实际到位资金\" = \"60万元\"",
    );
    // 60万元 = 600000元; 600000 / 800000 = 75% × 2 = 1.50
    // (were 万元 not converted: 60 / 800000 ≈ 0.000075 → 0.00)
    assert_eq!(total(&card), some("1.50"));
}

#[test]
fn units_yuan_text_for_wan_yuan_fact() {
    let card = score(&execution_rate(ROUND_UP), &money("615000元", "62.46万元"));
    // "615000元" = 61.5万元; 61.5 / 62.46 = 98.46% → 2 steps → 4 − 0.2 = 3.80
    assert_eq!(total(&card), some("3.80"));
}

#[test]
fn units_plain_number_for_wan_yuan_fact_is_wan_yuan() {
    let card = score(
        &execution_rate(ROUND_UP),
        "\"实际支出资金\" = 61.5\n\"实际到位资金\" = 62.46",
    );
    // plain numbers are in the declared unit (万元): 61.5 / 62.46 = 98.46% → 3.80
    assert_eq!(total(&card), some("3.80"));
}

#[test]
fn units_money_target_in_other_unit() {
    let source = single(
        "4",
        "实际支出资金: 万元",
        "支出规模",
        "完成值 = 实际支出资金\n标杆值 500000元\n\
         评分 { 完成值 >= 标杆值 得满分；每少1万元扣1分 }",
    );
    let card = score(&source, "\"实际支出资金\" = \"48万元\"");
    // target 500000元 = 50万元; 2万元 short → 2 steps × 1 = 2 → 4 − 2 = 2.00
    assert_eq!(total(&card), some("2.00"));
}

// ---------------------------------------------------------------- faults

fn two_indicators() -> String {
    ruleset(
        "6",
        "实际到位资金: 万元\n实际支出资金: 万元\n满意度: %",
        &format!(
            "指标 预算执行率（4分）{{\n\
             完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n\
             评分 {{ {ROUND_UP} }}\n}}\n\
             指标 满意度指标（2分）{{\n\
             完成值 = 满意度\n标杆值 95%\n\
             评分 {{ 完成值 >= 95% 得满分；否则 按比例扣分 }}\n}}"
        ),
    )
}

#[test]
fn division_by_zero_is_a_fault_and_others_still_score() {
    let card = score(
        &two_indicators(),
        "\"实际到位资金\" = 0\n\"实际支出资金\" = \"10万元\"\n\"满意度\" = \"90%\"",
    );
    // 10 / 0 → fault; the total is unknown
    assert_eq!(total(&card), None);
    assert_eq!(card.faults.len(), 1, "faults: {:?}", card.faults);
    assert!(matches!(card.faults[0], Fault::DivisionByZero { .. }));
    assert!(card.faults[0].to_string().contains("预算执行率"));
    assert_eq!(indicator_score(&card, "预算执行率"), None);
    assert!(indicator(&card, "预算执行率").fault.is_some());
    // the other indicator: 2 × 90% / 95% = 1.894736… → 1.89
    assert_eq!(indicator_score(&card, "满意度指标"), some("1.89"));
    // sub-totals above the fault are empty, not short
    assert_eq!(card.groups[0].score, None);
}

#[test]
fn a_fault_points_at_the_division_in_plain_and_traced_scoring() {
    // Plain scoring runs 实际支出资金 / 实际到位资金 as one fused instruction;
    // its fault must name the division's text as the traced run does.
    let source = two_indicators();
    let compiled = compile(&source);
    let facts = "\"实际到位资金\" = 0\n\"实际支出资金\" = \"10万元\"\n\"满意度\" = \"90%\"";
    let values =
        jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled).expect("facts");
    let plain = jixiao::eval::score(&compiled, &values);
    let (traced, _) = jixiao::eval::score_traced(&compiled, &values);
    for card in [&plain, &traced] {
        let Some(Fault::DivisionByZero { span, .. }) = card.faults.first() else {
            panic!("expected a division by zero: {:?}", card.faults);
        };
        let text = &source[span.offset()..span.offset() + span.len()];
        assert_eq!(text, "实际支出资金 / 实际到位资金");
    }
}

#[test]
fn missing_fact_is_a_fault_and_others_still_score() {
    let card = score(
        &two_indicators(),
        "\"实际到位资金\" = 100\n\"满意度\" = \"96%\"",
    );
    assert_eq!(total(&card), None);
    assert_eq!(card.faults.len(), 1, "faults: {:?}", card.faults);
    match &card.faults[0] {
        Fault::MissingFact {
            indicator, fact, ..
        } => {
            assert_eq!(indicator, "预算执行率");
            assert_eq!(fact, "实际支出资金");
        }
        other => panic!("expected MissingFact, got {other:?}"),
    }
    assert!(card.faults[0].to_string().contains("实际支出资金"));
    // 96% ≥ 95% → 2.00
    assert_eq!(indicator_score(&card, "满意度指标"), some("2.00"));
}

#[test]
fn two_indicators_total_is_the_sum() {
    let card = score(
        &two_indicators(),
        "\"实际到位资金\" = 100\n\"实际支出资金\" = 97\n\"满意度\" = \"95%\"",
    );
    // 97% → 3 steps → 4 − 0.3 = 3.70; 95% → 2.00; total 5.70
    assert_eq!(total(&card), some("5.70"));
    assert!(card.faults.is_empty());
}

// ---------------------------------------------------------------- discretion

fn discretion() -> String {
    satisfaction("6", "95%", "酌情扣分")
}

#[test]
fn discretion_not_needed_above_threshold() {
    let card = score(&discretion(), "\"满意度\" = \"98%\"");
    // 98% ≥ 95% → 得满分, no discretionary score needed → 6.00
    assert_eq!(total(&card), some("6.00"));
    assert!(card.faults.is_empty());
}

#[test]
fn discretion_uses_score_and_reason_from_facts() {
    let card = score(
        &discretion(),
        "\"满意度\" = \"80%\"\n\n[\"酌情\".\"满意度指标\"]\n\"得分\" = 4.5\n\"理由\" = \"问卷样本偏少，酌情扣1.5分\"",
    );
    // 80% < 95% → 酌情: 4.5 given → 4.50
    assert_eq!(total(&card), some("4.50"));
    assert_eq!(
        indicator(&card, "满意度指标").discretion_reason.as_deref(),
        Some("问卷样本偏少，酌情扣1.5分")
    );
}

#[test]
fn discretion_missing_is_a_fault() {
    let card = score(&discretion(), "\"满意度\" = \"80%\"");
    assert_eq!(total(&card), None);
    assert_eq!(card.faults.len(), 1, "faults: {:?}", card.faults);
    assert!(matches!(card.faults[0], Fault::MissingDiscretion { .. }));
    assert!(card.faults[0].to_string().contains("满意度指标"));
}

#[test]
fn discretion_above_weight_is_a_fault() {
    let card = score(
        &discretion(),
        "\"满意度\" = \"80%\"\n\n[\"酌情\".\"满意度指标\"]\n\"得分\" = 7\n\"理由\" = \"超过权重\"",
    );
    // 7 > weight 6 → fault, not silently clamped
    assert_eq!(total(&card), None);
    assert_eq!(card.faults.len(), 1, "faults: {:?}", card.faults);
    assert!(matches!(card.faults[0], Fault::DiscretionOutOfRange { .. }));
}

#[test]
fn discretion_equal_to_weight_is_accepted() {
    let card = score(
        &discretion(),
        "\"满意度\" = \"80%\"\n\n[\"酌情\".\"满意度指标\"]\n\"得分\" = 6\n\"理由\" = \"样本外有充分佐证\"",
    );
    // 6 = weight → allowed → 6.00
    assert_eq!(total(&card), some("6.00"));
}

#[test]
fn discretion_of_zero_is_accepted_and_below_zero_is_a_fault() {
    let facts = |given: &str| {
        format!(
            "\"满意度\" = \"80%\"\n\n[\"酌情\".\"满意度指标\"]\n\
             \"得分\" = {given}\n\"理由\" = \"问卷未回收\""
        )
    };
    // 0 is the lower end of [0, 6] → 0.00
    assert_eq!(total(&score(&discretion(), &facts("0"))), some("0.00"));
    // −1 < 0 → fault, not clamped to 0
    let card = score(&discretion(), &facts("-1"));
    assert_eq!(total(&card), None);
    assert!(matches!(
        card.faults[..],
        [Fault::DiscretionOutOfRange { .. }]
    ));
}

// ---------------------------------------------------------------- rounding modes

#[test]
fn rounding_mode_down_from_header() {
    let source = execution_rate(EXACT).replacen("满分 4 }", "满分 4 保留 1 位小数，向下舍入 }", 1);
    let card = score(&source, &money("61.5万元", "62.46万元"));
    // 4 − 0.15369… = 3.8463… → 1 place, down → 3.8
    assert_eq!(total(&card), some("3.8"));
}

// ---------------------------------------------------------------- check errors

#[test]
fn check_unit_mismatch_money_vs_count() {
    let source = single(
        "4",
        "实际支出资金: 万元\n企业数: 家",
        "错配",
        "完成值 = 实际支出资金\n标杆值 = 企业数\n评分 { 完成值 >= 标杆值 得满分；否则 得0分 }",
    );
    let codes = build_error_codes(&source);
    assert!(
        codes
            .iter()
            .any(|code| code == "jixiao::check::unit_mismatch"),
        "codes: {codes:?}"
    );
}

#[test]
fn check_unit_mismatch_in_arithmetic() {
    let source = single(
        "4",
        "实际支出资金: 万元\n企业数: 家",
        "错配",
        "完成值 = 实际支出资金 + 企业数\n标杆值 100%\n评分 { 得分 = 权重 }",
    );
    let codes = build_error_codes(&source);
    assert!(
        codes
            .iter()
            .any(|code| code == "jixiao::check::unit_mismatch"),
        "codes: {codes:?}"
    );
}

#[test]
fn check_undefined_name() {
    let source = single(
        "4",
        "实际支出资金: 万元",
        "未声明",
        "完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 }",
    );
    let codes = build_error_codes(&source);
    assert!(
        codes
            .iter()
            .any(|code| code == "jixiao::check::undefined_name"),
        "codes: {codes:?}"
    );
}

// ---------------------------------------------------------------- more edges

#[test]
fn stepped_above_target_counts_overrun() {
    let source = single(
        "4",
        "预算成本: 万元\n实际成本: 万元",
        "成本控制率",
        "完成值 = 实际成本 / 预算成本 × 100%\n标杆值 100%\n\
         评分 { 完成值 <= 100% 得满分；每超出1个百分点扣0.5分，不足1个百分点的，按1个百分点扣分 }",
    );
    let card = score(&source, "\"预算成本\" = 100\n\"实际成本\" = 103.2");
    // 103.2 / 100 = 103.2%; 3.2 pts over → 4 steps (round up) × 0.5 = 2 → 4 − 2 = 2.00
    assert_eq!(total(&card), some("2.00"));
}

#[test]
fn discretion_negative_is_a_fault() {
    let card = score(
        &discretion(),
        "\"满意度\" = \"80%\"\n\n[\"酌情\".\"满意度指标\"]\n\"得分\" = -1\n\"理由\" = \"负分\"",
    );
    // −1 < 0 → fault
    assert_eq!(total(&card), None);
    assert!(matches!(
        card.faults.as_slice(),
        [Fault::DiscretionOutOfRange { .. }]
    ));
}

#[test]
fn check_tiers_not_covering_every_level_need_a_fallback() {
    let source = single(
        "8",
        "综合治理效果: 档次（明显，一般，没有）",
        "综合治理",
        "评分 { 综合治理效果 为 明显 得满分；一般 得权重分60% }",
    );
    // 没有 has no arm and there is no 否则 → no_fallback
    let codes = build_error_codes(&source);
    assert!(
        codes
            .iter()
            .any(|code| code == "jixiao::check::no_fallback"),
        "codes: {codes:?}"
    );
}

#[test]
fn check_condition_only_rule_needs_a_fallback() {
    let source = single(
        "8",
        "发生事故: 是否",
        "事故宗数",
        "评分 { 不 发生事故 得满分 }",
    );
    let codes = build_error_codes(&source);
    assert!(
        codes
            .iter()
            .any(|code| code == "jixiao::check::no_fallback"),
        "codes: {codes:?}"
    );
}

#[test]
fn plain_number_target_beside_percent_is_not_silently_9500_percent() {
    let source = single(
        "6",
        "满意度: %",
        "满意度指标",
        "完成值 = 满意度\n标杆值 95\n评分 { 完成值 >= 95 得满分；否则 按比例扣分 }",
    );
    let build = jixiao::build("测试.jx", &source);
    // The checker refuses the unit-less 95 beside a percent (it would mean 9500%).
    assert!(build.compiled.is_none());
    let codes: Vec<String> = build
        .diagnostics
        .iter()
        .filter_map(|d| d.code().map(|c| c.to_string()))
        .collect();
    assert!(
        !codes.is_empty()
            && codes
                .iter()
                .all(|code| code == "jixiao::check::percent_without_unit"),
        "codes: {codes:?}"
    );
}

/// One indicator of 10 scoring 满意度 × 权重, rounded by its own `rounding`
/// line while the ruleset keeps two places.
fn own_rounding(rounding: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 10  保留两位小数，四舍五入 }}\n\
         事实 {{ 满意度: % }}\n\
         一级 甲（10分）{{ 指标 满意（10分）{{\n\
           完成值 = 满意度\n\
           {rounding}\n\
           评分 {{ 得分 = 完成值 × 权重 }}\n\
         }} }}\n"
    )
}

fn own_rounding_score(rounding: &str, rate: &str) -> Option<String> {
    let card = score(&own_rounding(rounding), &format!("\"满意度\" = \"{rate}\""));
    indicator(&card, "满意").score.map(|s| s.to_string())
}

#[test]
fn an_indicator_may_round_its_own_score() {
    // 87.6% × 10 = 8.76
    assert_eq!(own_rounding_score("保留0位小数", "87.6%"), some("9"));
    assert_eq!(own_rounding_score("取整", "87.6%"), some("9"));
    assert_eq!(own_rounding_score("取整，去尾", "87.6%"), some("8"));
    // 87.61% × 10 = 8.761 → 8.8
    assert_eq!(
        own_rounding_score("保留1位小数，进一", "87.61%"),
        some("8.8")
    );
    // 87.21% × 10 = 8.721: 进一 at one place → 8.8, where 四舍五入 would give 8.7
    assert_eq!(
        own_rounding_score("保留1位小数，进一", "87.21%"),
        some("8.8")
    );
    // 25% × 10 = 2.5 exactly: half up is 3, down is 2
    assert_eq!(own_rounding_score("取整", "25%"), some("3"));
    assert_eq!(own_rounding_score("取整，去尾", "25%"), some("2"));
    // 80% × 10 = 8 exactly stays 8 when rounding up
    assert_eq!(own_rounding_score("取整，进一", "80%"), some("8"));
    // Without its own line the ruleset's two places apply: 8.76
    assert_eq!(own_rounding_score("", "87.6%"), some("8.76"));
}

/// 预算执行偏差 of 10: 完成值 实际 ÷ 计划 against 100%, `rule` a 相差 deduction.
fn two_sided(rule: &str, actual: &str) -> Option<String> {
    let source = format!(
        "体系 \"测试\" {{ 满分 10 }}\n事实 {{ 实际支出: 万元  计划支出: 万元 }}\n\
         一级 甲（10分）{{ 指标 预算执行偏差（10分）{{\n\
           完成值 = 实际支出 / 计划支出  标杆值 100%\n\
           评分 {{ {rule} }}\n\
         }} }}\n"
    );
    let facts = format!("\"实际支出\" = \"{actual}万元\"\n\"计划支出\" = \"100万元\"");
    total(&score(&source, &facts))
}

#[test]
fn a_two_sided_deduction_counts_the_gap_either_way() {
    let rule = "实际与计划每相差3%扣1分，不足3%的，不扣分，扣完为止";
    // 106 ÷ 100 = 106%: 6 points above, 2 steps: 10 − 2 = 8
    assert_eq!(two_sided(rule, "106"), some("8.00"));
    // 94%: 6 points below, the same 2 steps
    assert_eq!(two_sided(rule, "94"), some("8.00"));
    // 100%: no gap
    assert_eq!(two_sided(rule, "100"), some("10.00"));
    // 80%: 20 points, 6 whole steps (the 2 left over not counted): 10 − 6 = 4
    assert_eq!(two_sided(rule, "80"), some("4.00"));
    // 偏离 reads the same; 135%: 35 points, 11 whole steps, 10 − 11 → 0
    let deviation = "完成值每偏离3%扣1分，不足3%的，不扣分，扣完为止";
    assert_eq!(two_sided(deviation, "135"), some("0.00"));
}

#[test]
fn a_two_sided_deduction_stops_at_its_cap_on_either_side() {
    let rule = "完成值每相差3%扣1分，不足3%的，不扣分，最多扣3分";
    // 80%: 6 steps, at most 3 off: 7; 120% likewise
    assert_eq!(two_sided(rule, "80"), some("7.00"));
    assert_eq!(two_sided(rule, "120"), some("7.00"));
    // 104%: 1 step: 9
    assert_eq!(two_sided(rule, "104"), some("9.00"));
}

#[test]
fn a_lower_is_better_target_scores_in_proportion_the_other_way() {
    // 标杆值 ≤9% marks 结余率 逆向: 按比例得分 is 20 × 9% ÷ 完成值 above 9%.
    let source = single(
        "20",
        "结余率: % 在 0%以上",
        "结余率",
        "完成值 = 结余率\n标杆值 ≤9%\n评分 { 按比例得分 }",
    );
    let at = |rate: &str| total(&score(&source, &format!("\"结余率\" = \"{rate}\"")));
    assert_eq!(at("12%"), some("15.00")); // 20 × 9 ÷ 12 = 15
    assert_eq!(at("18%"), some("10.00")); // 20 × 9 ÷ 18 = 10
    assert_eq!(at("9%"), some("20.00")); // at the target: full marks
    assert_eq!(at("0%"), some("20.00")); // the best, with no division by 0
    assert_eq!(at("27%"), some("6.67")); // 20 × 9 ÷ 27 = 6.666…
}

/// 完成情况 of 10 by 地区 (a 档次) and 完成率 under `rule`: a bracketed
/// condition, a tier test inside a condition, and 并且.
fn regional_under(rule: &str) -> impl Fn(&str, &str) -> Option<String> {
    let source = single(
        "10",
        "地区: 档次（东部，中部，西部）  完成率: %",
        "完成情况",
        &format!("完成值 = 完成率\n评分 {{\n{rule}\n否则 得0分\n}}"),
    );
    move |region, rate| {
        let facts = format!("\"地区\" = \"{region}\"\n\"完成率\" = \"{rate}\"");
        both_totals(&source, &facts)
    }
}

const REGIONAL_SPACED: &str = "（地区 为 中部 且 完成值 >= 40%）或 完成值 >= 60%，得满分\n\
                               地区 为 西部 并且 完成值 >= 30%，得满分";

/// The same rule as printed, without spaces: each tier test glued to the
/// comparison's subject by 且 / 并且.
const REGIONAL_GLUED: &str = "（地区为中部且完成值≥40%）或完成值≥60%，得满分\n\
                              地区为西部并且完成值≥30%，得满分";

#[test]
fn tier_tests_and_comparisons_combine_with_brackets() {
    for rule in [REGIONAL_SPACED, REGIONAL_GLUED] {
        let regional = regional_under(rule);
        assert_eq!(regional("中部", "45%"), some("10.00")); // 中部 and 45% ≥ 40%
        assert_eq!(regional("中部", "35%"), some("0.00")); // 35% < 40%, and < 60%
        assert_eq!(regional("东部", "45%"), some("0.00")); // not 中部, 45% < 60%
        assert_eq!(regional("东部", "60%"), some("10.00")); // 60% ≥ 60% whatever the region
        assert_eq!(regional("西部", "30%"), some("10.00")); // 西部 and 30% ≥ 30%
        assert_eq!(regional("西部", "25%"), some("0.00"));
    }
}

#[test]
fn a_glued_tier_test_joined_by_or_reads_looser_than_and() {
    // 地区为东部或地区为中部且完成值≥40%: 东部 or (中部 and ≥ 40%).
    let regional = regional_under("地区为东部或地区为中部且完成值≥40%，得满分");
    assert_eq!(regional("东部", "10%"), some("10.00")); // 东部, whatever the rate
    assert_eq!(regional("中部", "45%"), some("10.00")); // 中部 and 45% ≥ 40%
    assert_eq!(regional("中部", "35%"), some("0.00")); // 中部 but 35% < 40%
    assert_eq!(regional("西部", "45%"), some("0.00")); // neither
                                                       // 地区为西部或完成值≥40%: 西部, or any region at ≥ 40%.
    let regional = regional_under("地区为西部或者完成值≥40%，得满分");
    assert_eq!(regional("西部", "10%"), some("10.00"));
    assert_eq!(regional("东部", "40%"), some("10.00")); // 40% ≥ 40%
    assert_eq!(regional("东部", "39%"), some("0.00"));
}

#[test]
fn a_bracketed_sum_stays_a_comparison() {
    // （甲 + 乙）>= 5 compares a sum: 2 + 3 = 5 holds, 2 + 2 = 4 does not.
    let source = single(
        "4",
        "甲: 数值  乙: 数值",
        "合计",
        "评分 { （甲 + 乙）>= 5，得满分；否则 得0分 }",
    );
    assert_eq!(
        total(&score(&source, "\"甲\" = 2\n\"乙\" = 3")),
        some("4.00")
    );
    assert_eq!(
        total(&score(&source, "\"甲\" = 2\n\"乙\" = 2")),
        some("0.00")
    );
}

/// 数量 of 10 against a 目标数 of 100 under `rule`, then 得满分 at the target
/// and 按比例得分 below it.
fn beyond_target_under(rule: &str) -> impl Fn(&str) -> Option<String> {
    let source = single(
        "10",
        "完成数: 数值  目标数: 数值",
        "数量",
        &format!(
            "完成值 = 完成数\n标杆值 = 目标数\n评分 {{\n{rule}\n\
             完成值 >= 标杆值，得满分；否则 按比例得分\n}}"
        ),
    );
    move |done| both_totals(&source, &format!("\"完成数\" = {done}\n\"目标数\" = 100"))
}

#[test]
fn over_achievement_by_a_share_of_the_target_is_deducted_as_printed() {
    for rule in [
        "完成值超过指标值30%以上的，扣2分",
        "完成值 超过 标杆值 30%以上，扣2分",
    ] {
        let beyond = beyond_target_under(rule);
        assert_eq!(beyond("130"), some("8.00"), "{rule}"); // 130 ≥ 100 × 130%: 10 − 2
        assert_eq!(beyond("129.9"), some("10.00"), "{rule}"); // under 130, at least 100
        assert_eq!(beyond("60"), some("6.00"), "{rule}"); // 10 × 60 ÷ 100
    }
    // （不含）以上: exactly 30% over is not beyond it, glued or spaced.
    for rule in [
        "完成值超过目标值30%（不含）以上的，扣2分",
        "完成值 超过 标杆值 30%（不含）以上，扣2分",
    ] {
        let beyond = beyond_target_under(rule);
        assert_eq!(beyond("130"), some("10.00"), "{rule}"); // 130 > 130 fails
        assert_eq!(beyond("130.1"), some("8.00"), "{rule}");
    }
}

#[test]
fn falling_short_by_a_share_of_the_target_reads_below() {
    // 低于指标值50%以上: 完成值 ≤ 100 × (100% − 50%) = 50, glued as printed
    // or spaced as the language writes it.
    for rule in [
        "完成值低于指标值50%以上的，得0分",
        "完成值 低于 标杆值 50%以上，得0分",
    ] {
        let beyond = beyond_target_under(rule);
        assert_eq!(beyond("50"), some("0.00"), "{rule}");
        assert_eq!(beyond("51"), some("5.10"), "{rule}"); // 10 × 51 ÷ 100
    }
    // （不含）以上: 完成值 < 100 × (100% − 30%) = 70; exactly 70 is not below it.
    for rule in [
        "完成值低于指标值30%（不含）以上的，得0分",
        "完成值 低于 标杆值 30%（不含）以上，得0分",
    ] {
        let beyond = beyond_target_under(rule);
        assert_eq!(beyond("69.9"), some("0.00"), "{rule}");
        assert_eq!(beyond("70"), some("7.00"), "{rule}"); // 10 × 70 ÷ 100
    }
}

/// 实际支出 of 10: three printed tier arms, then a further 酌情 deduction
/// when a 是否 fact holds.
fn spending() -> String {
    single(
        "10",
        "项目的实际支出与批复计划: 档次（相符，基本相符，调整较大）\n\
         存在支出不符合专项资金管理办法: 是否",
        "实际支出",
        "评分 {\n项目的实际支出与批复计划相符的得10分，基本相符的得6分，调整较大的扣10分。\n\
         存在支出不符合专项资金管理办法的，酌情扣分。\n}",
    )
}

/// [`spending`]'s score; `discretion` is the 酌情 table's entry, if any.
fn spending_under(level: &str, irregular: bool, discretion: &str) -> Option<String> {
    let source = spending();
    let facts = format!(
        "\"项目的实际支出与批复计划\" = \"{level}\"\n\
         \"存在支出不符合专项资金管理办法\" = {irregular}\n{discretion}"
    );
    both_totals(&source, &facts)
}

#[test]
fn a_further_discretionary_deduction_comes_off_the_tier_score() {
    let deduct = |points: &str| {
        format!("[\"酌情\".\"实际支出\"]\n\"扣分\" = {points}\n\"理由\" = \"会议费超标\"")
    };
    // 基本相符 6, and 1 deducted further: 6 − 1 = 5.
    assert_eq!(spending_under("基本相符", true, &deduct("1")), some("5.00"));
    // 相符 10, 2.5 off: 7.5.
    assert_eq!(spending_under("相符", true, &deduct("2.5")), some("7.50"));
    // Nothing irregular: the deduction is not read, 6 stays.
    assert_eq!(
        spending_under("基本相符", false, &deduct("1")),
        some("6.00")
    );
    // 调整较大 0 (10 − 10), 1 off: not below 0.
    assert_eq!(spending_under("调整较大", true, &deduct("1")), some("0.00"));
    // Irregular but no 酌情 given: the indicator cannot be scored.
    assert_eq!(spending_under("基本相符", true, ""), None);
}

#[test]
fn a_discretion_for_the_cases_left_is_no_further_deduction() {
    // The clause before takes only 完成值 >= 90%, so 低于90%的，酌情扣分 is an
    // ordinary clause for the rest, not a deduction from full marks.
    let source = single(
        "10",
        "满意度: %",
        "满意度指标",
        "完成值 = 满意度\n评分 { 完成值 >= 90% 得满分；完成值 < 90%的，酌情扣分 }",
    );
    let facts = |rate: &str| {
        format!(
            "\"满意度\" = \"{rate}\"\n[\"酌情\".\"满意度指标\"]\n\"得分\" = 8\n\"理由\" = \"投诉较多\""
        )
    };
    // 95% ≥ 90%: full marks, the 酌情 not read: 10.
    assert_eq!(both_totals(&source, &facts("95%")), some("10.00"));
    // 85%: the score the evaluator gave, 8.
    assert_eq!(both_totals(&source, &facts("85%")), some("8.00"));
}

/// 子项二 of 5 by 地区 (a 档次) and 考核值, the per-region thresholds
/// printed one row per band, the last band with no 否则 after it.
fn per_region(region: &str, rate: &str) -> Option<String> {
    let source = single(
        "5",
        "地区: 档次（中部，西部，东部）  考核值: %",
        "子项二",
        "完成值 = 考核值\n评分 {\n\
         中部≥40%,西部≥ 30%,东部≥100% 5\n\
         中部≥10%,西部≥ 5%,东部≥25% 2\n\
         中部<10%,西部<5%, 东部<25% 0\n}",
    );
    both_totals(
        &source,
        &format!("\"地区\" = \"{region}\"\n\"考核值\" = \"{rate}\""),
    )
}

#[test]
fn per_region_thresholds_compare_each_region_with_its_own() {
    assert_eq!(per_region("中部", "40%"), some("5.00")); // 40% ≥ 40%
    assert_eq!(per_region("西部", "35%"), some("5.00")); // 35% ≥ 30%, though < 40%
    assert_eq!(per_region("东部", "60%"), some("2.00")); // < 100%, ≥ 25%
    assert_eq!(per_region("西部", "4%"), some("0.00")); // < 5%
    assert_eq!(per_region("中部", "9%"), some("0.00")); // < 10%, though ≥ 5%
}

#[test]
fn a_discretion_written_with_the_other_key_is_refused() {
    // 得分 = 5 meant as the final score would be read as 5 taken off 6.
    let source = spending();
    let facts = "\"项目的实际支出与批复计划\" = \"基本相符\"\n\
                 \"存在支出不符合专项资金管理办法\" = true\n\
                 [\"酌情\".\"实际支出\"]\n\"得分\" = 5\n\"理由\" = \"会议费超标\"";
    let compiled = compile(&source);
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled).unwrap_err();
    let codes: Vec<String> = errors
        .iter()
        .filter_map(|e| miette::Diagnostic::code(e).map(|c| c.to_string()))
        .collect();
    assert_eq!(codes, ["jixiao::facts::discretion_key"]);
    // 扣分 = 2 for an ordinary 酌情 would be read as the score 2.
    let source = single(
        "4",
        "满意度: %",
        "满意",
        "完成值 = 满意度\n评分 { 完成值 >= 90% 得满分；否则 酌情扣分 }",
    );
    let facts = "\"满意度\" = \"80%\"\n[\"酌情\".\"满意\"]\n\"扣分\" = 2\n\"理由\" = \"投诉较多\"";
    let compiled = compile(&source);
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled).unwrap_err();
    assert!(
        errors[0].to_string().contains("应写「得分」"),
        "{}",
        errors[0]
    );
}
