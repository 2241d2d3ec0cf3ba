//! Rule forms as printed in real 评分标准 columns, pasted without rewording.
//!
//! Every test is a one-indicator ruleset (its 满分 is the indicator's weight,
//! so the total is the indicator's score; rounding is the default, 2 places
//! half-up). Every expected score is worked out by hand from the rule text;
//! the arithmetic is in the comment beside the assertion.

#[path = "common/forms.rs"]
mod forms;

use forms::{build_error_codes, compile, scored_total as total, single, some};

/// An indicator 满意度 whose 完成值 is the fact 满意度, scored by `rule`.
fn satisfaction(weight: &str, rule: &str) -> String {
    single(
        weight,
        "满意度: %",
        "服务对象满意度",
        &format!("完成值 = 满意度\n标杆值 100%\n评分 {{ {rule} }}"),
    )
}

fn satisfied(percent: &str) -> String {
    format!("\"满意度\" = \"{percent}\"")
}

// ---------------------------------------------------------------- outcome words

#[test]
fn ji_points_and_bu_de_fen() {
    let source = satisfaction("4", "完成值 >= 90% 计3分；否则 不得分");
    // 95% ≥ 90% → 计3分 → 3
    assert_eq!(total(&source, &satisfied("95%")), some("3.00"));
    // 80% < 90% → 不得分 → 0
    assert_eq!(total(&source, &satisfied("80%")), some("0.00"));
}

#[test]
fn bare_points_and_bu_ji_fen() {
    let source = satisfaction("4", "完成值>=90%，4分；完成值>=80%，2分；否则不计分");
    // 85%: not ≥ 90%, ≥ 80% → 2分
    assert_eq!(total(&source, &satisfied("85%")), some("2.00"));
    // 70% → 不计分 → 0
    assert_eq!(total(&source, &satisfied("70%")), some("0.00"));
}

#[test]
fn ji_man_fen_is_full_marks() {
    let source = satisfaction("4", "完成值 >= 90% 计满分；否则 得0分");
    // 90% ≥ 90% → 计满分 → 4
    assert_eq!(total(&source, &satisfied("90%")), some("4.00"));
}

#[test]
fn kou_points_as_a_clause_outcome() {
    let source = satisfaction(
        "4",
        "完成值 >= 90% 得满分；完成值 >= 80%，扣1.5分；否则 扣3分",
    );
    // 85%: ≥ 80% → 扣1.5分 → 4 − 1.5 = 2.5
    assert_eq!(total(&source, &satisfied("85%")), some("2.50"));
    // 50%: 否则 扣3分 → 4 − 3 = 1
    assert_eq!(total(&source, &satisfied("50%")), some("1.00"));
}

#[test]
fn kou_points_on_a_yes_no_fact() {
    let source = single(
        "4",
        "存在违规问题: 是否",
        "资金使用合规性",
        "评分 { 存在违规问题，扣2分；否则 得满分 }",
    );
    // 存在违规问题 → 4 − 2 = 2
    assert_eq!(total(&source, "\"存在违规问题\" = true"), some("2.00"));
    // no → 得满分 → 4
    assert_eq!(total(&source, "\"存在违规问题\" = false"), some("4.00"));
}

// ---------------------------------------------------------------- caps

fn supervised(rule: &str) -> String {
    single(
        "7",
        "应纳入监管数: 家\n纳入监管数: 家",
        "纳入监管的企业和机构数量",
        &format!("完成值 = 纳入监管数\n标杆值 = 应纳入监管数\n评分 {{ {rule} }}"),
    )
}

fn households(target: u32, actual: u32) -> String {
    format!("\"应纳入监管数\" = \"{target}家\"\n\"纳入监管数\" = \"{actual}家\"")
}

#[test]
fn kou_man_caps_a_per_unit_deduction() {
    for cap in ["扣满3分为止", "扣完3分为止", "最多扣3分", "最高扣3分"] {
        let source = supervised(&format!("完成值 >= 标杆值 得满分；每少1家扣0.5分，{cap}"));
        // 13 short × 0.5 = 6.5 > 3 → capped: 7 − 3 = 4
        assert_eq!(total(&source, &households(353, 340)), some("4.00"), "{cap}");
        // 6 short × 0.5 = 3 = the cap → 7 − 3 = 4
        assert_eq!(total(&source, &households(353, 347)), some("4.00"), "{cap}");
        // 3 short × 0.5 = 1.5 < 3 → 7 − 1.5 = 5.5
        assert_eq!(total(&source, &households(353, 350)), some("5.50"), "{cap}");
    }
}

fn execution_rate(rule: &str) -> String {
    single(
        "4",
        "实际到位资金: 万元\n实际支出资金: 万元",
        "预算执行率",
        &format!("完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n评分 {{ {rule} }}"),
    )
}

fn spent(spent: &str) -> String {
    format!("\"实际支出资金\" = \"{spent}万元\"\n\"实际到位资金\" = \"100万元\"")
}

/// The minus sign Word puts into a pasted formula (U+2212) subtracts as `-`
/// and `－` do.
#[test]
fn every_printed_minus_sign_subtracts() {
    for minus in ["-", "－", "−"] {
        let source = single(
            "4",
            "实际到位资金: 万元\n实际支出资金: 万元\n结余资金: 万元",
            "预算执行率",
            &format!(
                "完成值 = (实际支出资金 {minus} 结余资金) / 实际到位资金 × 100%\n标杆值 100%\n\
                 评分 {{ 完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 }}"
            ),
        );
        let facts = "\"实际支出资金\" = \"95万元\"\n\"结余资金\" = \"5万元\"\n\"实际到位资金\" = \"100万元\"";
        // (95 − 5) ÷ 100 = 90%: 10 points short × 0.1 = 1 → 4 − 1 = 3.00
        assert_eq!(total(&source, facts), some("3.00"), "minus {minus}");
    }
}

#[test]
fn a_cap_on_a_rounded_up_deduction_counts_whole_steps() {
    let source = execution_rate(
        "完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分，最多扣0.5分",
    );
    // 96%: 4 pts short → 4 steps × 0.1 = 0.4 < 0.5 → 4 − 0.4 = 3.6
    assert_eq!(total(&source, &spent("96")), some("3.60"));
    // 95.5%: 4.5 pts → 5 steps (round up) × 0.1 = 0.5 → 4 − 0.5 = 3.5
    assert_eq!(total(&source, &spent("95.5")), some("3.50"));
    // 80%: 20 steps × 0.1 = 2 > 0.5 → capped: 4 − 0.5 = 3.5
    assert_eq!(total(&source, &spent("80")), some("3.50"));
}

#[test]
fn a_cap_between_whole_steps_stops_the_rounded_up_deduction() {
    // 0.5 ÷ 0.2 = 2.5 steps: the third step would take 0.6 > 0.5.
    let source = execution_rate(
        "完成值 >= 100% 得满分；每降低1个百分点扣0.2分，不足1个百分点的，按1个百分点扣分，最多扣0.5分",
    );
    // 98.5%: 1.5 pts → 2 steps × 0.2 = 0.4 < 0.5 → 4 − 0.4 = 3.6
    assert_eq!(total(&source, &spent("98.5")), some("3.60"));
    // 97.5%: 2.5 pts → 3 steps × 0.2 = 0.6 > 0.5 → capped: 4 − 0.5 = 3.5
    assert_eq!(total(&source, &spent("97.5")), some("3.50"));
}

#[test]
fn a_capped_deduction_under_a_condition_caps_only_where_it_holds() {
    let source = single(
        "4",
        "实际到位资金: 万元\n实际支出资金: 万元\n按时拨付: 是否",
        "预算执行率",
        "完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n\
         评分 { 完成值 >= 100% 得满分；按时拨付的，每降低1个百分点扣0.2分，扣满1分为止；否则 得0分 }",
    );
    let facts = |on_time: bool| format!("{}\n\"按时拨付\" = {on_time}", spent("90"));
    // 90%, 按时拨付: 10 pts × 0.2 = 2 > 1 → capped: 4 − 1 = 3
    assert_eq!(total(&source, &facts(true)), some("3.00"));
    // 90%, not 按时拨付: neither the deduction nor its cap applies → 否则 0
    assert_eq!(total(&source, &facts(false)), some("0.00"));
}

#[test]
fn a_cap_on_a_rounded_down_deduction_counts_whole_steps() {
    let source = execution_rate(
        "完成值 >= 100% 得满分；每降低1个百分点扣0.2分，不足1个百分点的不扣分，扣满0.6分为止",
    );
    // 97.5%: 2.5 pts → 2 steps (round down) × 0.2 = 0.4 → 3.6
    assert_eq!(total(&source, &spent("97.5")), some("3.60"));
    // 97%: 3 steps × 0.2 = 0.6 = cap → 4 − 0.6 = 3.4
    assert_eq!(total(&source, &spent("97")), some("3.40"));
    // 90%: 10 steps × 0.2 = 2 > 0.6 → 4 − 0.6 = 3.4
    assert_eq!(total(&source, &spent("90")), some("3.40"));
}

#[test]
fn a_cap_on_an_exact_deduction() {
    let source = execution_rate("完成值 >= 100% 得满分；每降低1个百分点扣0.2分，扣满1分为止");
    // 97.5%: 2.5 pts × 0.2 = 0.5 → 4 − 0.5 = 3.5
    assert_eq!(total(&source, &spent("97.5")), some("3.50"));
    // 92.5%: 7.5 pts × 0.2 = 1.5 > 1 → 4 − 1 = 3
    assert_eq!(total(&source, &spent("92.5")), some("3.00"));
}

#[test]
fn a_cap_on_the_score_of_a_formula() {
    for cap in ["最高得4分", "得分不超过4分"] {
        let source = satisfaction("5", &format!("得分 = 完成值 × 10分，{cap}"));
        // 50% × 10 = 5 > 4 → 4
        assert_eq!(total(&source, &satisfied("50%")), some("4.00"), "{cap}");
        // 30% × 10 = 3 ≤ 4 → 3
        assert_eq!(total(&source, &satisfied("30%")), some("3.00"), "{cap}");
    }
}

// ---------------------------------------------------------------- comparisons

/// Whether `完成值 <op> 90%` holds at 89%, 90% and 91%, read off the score:
/// full marks (4) when it holds, 0 otherwise.
fn holds_at_89_90_91(op: &str) -> [bool; 3] {
    let source = satisfaction("4", &format!("完成值{op}90%得满分；否则 得0分"));
    ["89%", "90%", "91%"].map(|at| total(&source, &satisfied(at)) == some("4.00"))
}

#[test]
fn comparison_words_and_signs_as_printed() {
    let at_least = [false, true, true];
    let more = [false, false, true];
    let at_most = [true, true, false];
    let less = [true, false, false];
    let equal = [false, true, false];
    let unequal = [true, false, true];
    let table: &[(&str, [bool; 3])] = &[
        ("≥", at_least),
        ("≧", at_least),
        ("＞＝", at_least),
        ("不低于", at_least),
        ("不少于", at_least),
        ("达到", at_least),
        ("大于等于", at_least),
        ("大于", more),
        ("＞", more),
        ("高于", more),
        ("超过", more),
        ("≤", at_most),
        ("≦", at_most),
        ("不高于", at_most),
        ("不超过", at_most),
        ("小于等于", at_most),
        ("小于", less),
        ("＜", less),
        ("低于", less),
        ("未达到", less),
        ("不足", less),
        ("＝", equal),
        ("等于", equal),
        ("≠", unequal),
    ];
    for (op, expected) in table {
        assert_eq!(holds_at_89_90_91(op), *expected, "完成值{op}90%");
    }
}

#[test]
fn a_comparison_without_a_subject_is_about_the_value() {
    let source = satisfaction("6", "≥95%，得满分；<95%，按比例扣分");
    // 96% ≥ 95% → 6
    assert_eq!(total(&source, &satisfied("96%")), some("6.00"));
    // 90% < 95% → 6 × 90% ÷ 100% = 5.4
    assert_eq!(total(&source, &satisfied("90%")), some("5.40"));
}

#[test]
fn a_chained_range() {
    let source = satisfaction("4", "完成值≥90%得满分；80%≤完成值<90%得3分；否则 得0分");
    // 80%: 80% ≤ 80% < 90% → 3
    assert_eq!(total(&source, &satisfied("80%")), some("3.00"));
    // 89.9% → 3; 79.9% → 0
    assert_eq!(total(&source, &satisfied("89.9%")), some("3.00"));
    assert_eq!(total(&source, &satisfied("79.9%")), some("0.00"));
}

#[test]
fn a_range_with_zhi_and_zhi_jian() {
    let source = satisfaction(
        "4",
        "完成值在80%至90%之间得3分；在60%至80%之间得2分；否则 得满分",
    );
    // Unmarked ends are included: 90% is in [80%, 90%] → 3; 80% → the first range → 3
    assert_eq!(total(&source, &satisfied("90%")), some("3.00"));
    assert_eq!(total(&source, &satisfied("80%")), some("3.00"));
    // 70% in [60%, 80%] → 2; 95% → 否则 → 4
    assert_eq!(total(&source, &satisfied("70%")), some("2.00"));
    assert_eq!(total(&source, &satisfied("95%")), some("4.00"));
}

#[test]
fn a_range_marked_han_excludes_its_other_end() {
    let source = satisfaction("4", "80%（含）-90%得3分；90%（含）以上得满分；否则 得0分");
    // 80%（含）-90%: [80%, 90%) ; 90% is not in it → 90%（含）以上 → 4
    assert_eq!(total(&source, &satisfied("90%")), some("4.00"));
    // 80% → 3; 79% → 0
    assert_eq!(total(&source, &satisfied("80%")), some("3.00"));
    assert_eq!(total(&source, &satisfied("79%")), some("0.00"));
}

#[test]
fn a_range_with_a_tilde() {
    let source = satisfaction("4", "80%~90%得3分；否则 得满分");
    // [80%, 90%]: 90% → 3; 91% → 4
    assert_eq!(total(&source, &satisfied("90%")), some("3.00"));
    assert_eq!(total(&source, &satisfied("91%")), some("4.00"));
}

#[test]
fn yi_shang_and_yi_xia_include_the_number_unless_bu_han() {
    let source = satisfaction("4", "90%以上得满分；60%以下得0分；否则 得2分");
    // 90% → 90%以上 (included) → 4; 60% → 60%以下 → 0; 75% → 2
    assert_eq!(total(&source, &satisfied("90%")), some("4.00"));
    assert_eq!(total(&source, &satisfied("60%")), some("0.00"));
    assert_eq!(total(&source, &satisfied("75%")), some("2.00"));
    let strict = satisfaction("4", "满意度90%（不含）以上得满分；否则 得2分");
    // 90% is not above 90% when （不含） → 2; 90.1% → 4
    assert_eq!(total(&strict, &satisfied("90%")), some("2.00"));
    assert_eq!(total(&strict, &satisfied("90.1%")), some("4.00"));
}

/// A range read on a fact other than 完成值 reads that fact.
#[test]
fn a_range_with_its_own_subject_reads_that_subject() {
    let source = single(
        "4",
        "满意度: %\n投诉率: %",
        "服务对象满意度",
        "完成值 = 满意度\n评分 { 投诉率 1%~5% 得2分；完成值 >= 90% 得满分；否则 得0分 }",
    );
    let facts = |complaints: &str| format!("\"满意度\" = \"95%\"\n\"投诉率\" = \"{complaints}\"");
    // 投诉率 3% lies in [1%, 5%] → 2, though 完成值 95% ≥ 90%; 投诉率 8% does not → 4.
    assert_eq!(total(&source, &facts("3%")), some("2.00"));
    assert_eq!(total(&source, &facts("8%")), some("4.00"));
}

#[test]
fn a_comparison_word_keeps_its_own_strictness_before_yi_shang_or_yi_xia() {
    let source = satisfaction(
        "4",
        "满意度达到90%以上得满分；满意度低于60%以下得0分；否则 得2分",
    );
    // 达到…以上 is ≥: 90% → 4. 低于…以下 stays <: 60% is not below 60% → 2; 59% → 0.
    assert_eq!(total(&source, &satisfied("90%")), some("4.00"));
    assert_eq!(total(&source, &satisfied("60%")), some("2.00"));
    assert_eq!(total(&source, &satisfied("59%")), some("0.00"));
    assert_eq!(total(&source, &satisfied("75%")), some("2.00"));
    // （不含）以上 makes 达到 strict, （含）以下 makes 低于 inclusive.
    let source = satisfaction(
        "4",
        "满意度达到90%（不含）以上得满分；满意度低于60%（含）以下得0分；否则 得2分",
    );
    assert_eq!(total(&source, &satisfied("90%")), some("2.00")); // 90 > 90 fails
    assert_eq!(total(&source, &satisfied("90.1%")), some("4.00"));
    assert_eq!(total(&source, &satisfied("60%")), some("0.00")); // 60 ≤ 60
    assert_eq!(total(&source, &satisfied("60.1%")), some("2.00"));
    // 不超过…（不含）以下 is strict: 60% is not below 60% → 2; 59.9% → 0.
    let source = satisfaction("4", "满意度不超过60%（不含）以下得0分；否则 得2分");
    assert_eq!(total(&source, &satisfied("60%")), some("2.00"));
    assert_eq!(total(&source, &satisfied("59.9%")), some("0.00"));
}

// ---------------------------------------------------------------- the seed's rule as printed

const PRINTED_EXECUTION_RATE: &str = "评分标准：①预算执行率=100%，得满分；②预算执行率每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分。";

#[test]
fn the_execution_rate_rule_as_printed() {
    let source = execution_rate(PRINTED_EXECUTION_RATE);
    // 98.46%: 1.54 pts short → 2 steps (round up) × 0.1 = 0.2 → 4 − 0.2 = 3.8
    assert_eq!(total(&source, &spent("98.46")), some("3.80"));
    // 100% = 100% → 4
    assert_eq!(total(&source, &spent("100")), some("4.00"));
}

#[test]
fn clauses_separated_by_ju_hao_and_new_lines() {
    let source = satisfaction(
        "4",
        "完成值≥90%，得满分。\n完成值≥80%，得2分。\n否则，得0分。",
    );
    // 85% → the second clause → 2
    assert_eq!(total(&source, &satisfied("85%")), some("2.00"));
    let lead = satisfaction("4", "评价要点：完成值≥90%，得满分；否则，得0分。");
    // 92% → 4
    assert_eq!(total(&lead, &satisfied("92%")), some("4.00"));
}

// ---------------------------------------------------------------- Chinese numerals

#[test]
fn chinese_numerals_where_a_number_is_counted() {
    let one = execution_rate(
        "完成值 >= 100% 得满分；每降低一个百分点扣0.1分，不足一个百分点的，按一个百分点扣分",
    );
    // 98.46% → 1.54 pts → 2 steps → 4 − 0.2 = 3.8
    assert_eq!(total(&one, &spent("98.46")), some("3.80"));
    let two =
        execution_rate("完成值 >= 100% 得满分；每降低两个百分点扣0.1分，不足两个百分点的不扣分");
    // 95%: 5 pts ÷ 2 = 2.5 steps → 2 (round down) × 0.1 = 0.2 → 3.8
    assert_eq!(total(&two, &spent("95")), some("3.80"));
    let household = supervised("完成值 >= 标杆值 得满分；每少一家扣0.5分，扣完为止");
    // 3 short × 0.5 = 1.5 → 7 − 1.5 = 5.5
    assert_eq!(total(&household, &households(353, 350)), some("5.50"));
}

#[test]
fn ten_days_in_chinese_numerals() {
    let source = single(
        "6",
        "排查延迟天数: 天",
        "隐患排查及时率",
        "完成值 = 排查延迟天数\n评分 { 延迟十天扣1分，不足十天的不扣分，扣完为止 }",
    );
    // 25 days ÷ 10 = 2.5 → 2 (round down) × 1 = 2 → 6 − 2 = 4
    assert_eq!(total(&source, "\"排查延迟天数\" = \"25天\""), some("4.00"));
}

#[test]
fn rounding_places_in_chinese_numerals() {
    let source = single(
        "4",
        "满意度: %",
        "满意度指标",
        "完成值 = 满意度\n评分 { 得分 = 完成值 × 权重 }",
    )
    .replace("满分 4 }", "满分 4\n保留一位小数，四舍五入 }");
    // 96.25% × 4 = 3.85 → one place, half away from zero → 3.9
    assert_eq!(total(&source, &satisfied("96.25%")), some("3.9"));
}

#[test]
fn rounding_words_jin_yi_and_qu_wei() {
    let with = |header: &str| {
        single(
            "4",
            "满意度: %",
            "满意度指标",
            "完成值 = 满意度\n评分 { 得分 = 完成值 × 权重 }",
        )
        .replace("满分 4 }", &format!("满分 4\n{header} }}"))
    };
    // 96.25% × 4 = 3.85: 进一 (up) at one place → 3.9; 去尾 (drop) → 3.8
    let up = with("保留一位小数，进一");
    assert_eq!(total(&up, &satisfied("96.25%")), some("3.9"));
    let down = with("保留小数点后一位，去尾");
    assert_eq!(total(&down, &satisfied("96.25%")), some("3.8"));
    // 96.24% × 4 = 3.8496: 进一法 at two places → 3.85
    let up_two = with("保留小数点后两位，进一法");
    assert_eq!(total(&up_two, &satisfied("96.24%")), some("3.85"));
    // 96.24% × 4 = 3.8496: 进一 at one place → 3.9, where 四舍五入 would give 3.8
    assert_eq!(total(&up, &satisfied("96.24%")), some("3.9"));
}

// ---------------------------------------------------------------- names as printed

#[test]
fn names_with_quotes_brackets_and_digits() {
    let source = single(
        "4",
        "“三公经费”变动率: %\n应付账款（暂存款）余额: 万元\n12345热线办结数: 件\n《条例》宣传场次: 场",
        "“三公经费”变动率",
        "完成值 = “三公经费”变动率\n评分 { “三公经费”变动率≤0%得满分；应付账款（暂存款）余额>0万元且12345热线办结数>0件且《条例》宣传场次>0场，得2分；否则 得0分 }",
    );
    let facts = |change: &str| {
        format!(
            "\"“三公经费”变动率\" = \"{change}\"\n\"应付账款（暂存款）余额\" = \"3万元\"\n\
             \"12345热线办结数\" = \"5件\"\n\"《条例》宣传场次\" = \"2场\""
        )
    };
    // −5% ≤ 0% → 4
    assert_eq!(total(&source, &facts("-5%")), some("4.00"));
    // 3% > 0%; 3万元 > 0, 5件 > 0, 2场 > 0 → 2
    assert_eq!(total(&source, &facts("3%")), some("2.00"));
}

#[test]
fn an_indicator_name_with_a_bracket_before_its_weight() {
    let source = single(
        "3",
        "暂存款余额: 万元\n往来款总额: 万元",
        "应付账款（暂存款）率",
        "完成值 = 暂存款余额 / 往来款总额 × 100%\n评分 { 完成值 <= 10% 得满分；否则 得0分 }",
    );
    let compiled = compile(&source);
    assert_eq!(compiled.indicators()[0].name, "应付账款（暂存款）率");
    // 1 / 20 = 5% ≤ 10% → 3
    let facts = "\"暂存款余额\" = \"1万元\"\n\"往来款总额\" = \"20万元\"";
    assert_eq!(total(&source, facts), some("3.00"));
}

#[test]
fn a_checklist_item_named_by_its_printed_text() {
    let source = single(
        "1.5",
        "「项目立项符合国家法律法规、国民经济发展规划和相关政策」: 是否\n「项目与相关部门同类项目重复」: 是否",
        "立项依据充分性",
        "要点 {\n① 1分：「项目立项符合国家法律法规、国民经济发展规划和相关政策」\n② 0.5分：不 「项目与相关部门同类项目重复」\n}",
    );
    let facts = "\"项目立项符合国家法律法规、国民经济发展规划和相关政策\" = true\n\
                 \"项目与相关部门同类项目重复\" = true";
    // ① holds → 1; ② 不 重复 fails (重复 = true) → 0; 1 + 0 = 1
    assert_eq!(total(&source, facts), some("1.00"));
}

#[test]
fn a_printed_item_may_be_negated() {
    let source = single(
        "1.5",
        "立项符合法规: 是否\n与同类项目重复: 是否",
        "立项依据充分性",
        "要点 { ①立项符合法规（1分）；②不 与同类项目重复（0.5分） }",
    );
    let facts =
        |repeated: bool| format!("\"立项符合法规\" = true\n\"与同类项目重复\" = {repeated}");
    // 重复: ② 不 重复 fails → ① 1 + 0 = 1
    assert_eq!(total(&source, &facts(true)), some("1.00"));
    // not 重复: ① 1 + ② 0.5 = 1.5
    assert_eq!(total(&source, &facts(false)), some("1.50"));
}

// ---------------------------------------------------------------- text without spaces

#[test]
fn a_glued_tier_rule() {
    let source = single(
        "4",
        "综合治理效果: 档次（明显，一般，没有）",
        "社会效益",
        "评分 { 综合治理效果为明显得满分；一般得权重分60%；没有得0分 }",
    );
    // 一般 → 4 × 60% = 2.4
    assert_eq!(total(&source, "\"综合治理效果\" = \"一般\""), some("2.40"));
    // 明显 → 4; 没有 → 0
    assert_eq!(total(&source, "\"综合治理效果\" = \"明显\""), some("4.00"));
    assert_eq!(total(&source, "\"综合治理效果\" = \"没有\""), some("0.00"));
}

#[test]
fn a_glued_negation() {
    for negated in [
        "不发生生产安全事故",
        "没有发生生产安全事故",
        "未发生生产安全事故",
    ] {
        let source = single(
            "8",
            "发生生产安全事故: 是否",
            "安全生产事故发生率",
            &format!("评分 {{ {negated}得满分；否则 得0分 }}"),
        );
        // no accident → the negation holds → 8; an accident → 0
        assert_eq!(
            total(&source, "\"发生生产安全事故\" = false"),
            some("8.00"),
            "{negated}"
        );
        assert_eq!(
            total(&source, "\"发生生产安全事故\" = true"),
            some("0.00"),
            "{negated}"
        );
    }
}

#[test]
fn the_indicator_name_as_the_subject_of_a_deduction() {
    let source = supervised(
        "纳入监管的企业和机构数量≥标杆值，得满分；纳入监管的企业和机构数量每少1家扣0.5分，扣完为止。",
    );
    // 2 short × 0.5 = 1 → 7 − 1 = 6
    assert_eq!(total(&source, &households(353, 351)), some("6.00"));
}

// ---------------------------------------------------------------- checklists pasted whole

const BASIS_FACTS: &str = "「项目立项符合国家法律法规、国民经济发展规划和相关政策」: 是否\n\
    「项目立项符合行业发展规划和政策要求」: 是否\n\
    「项目立项与部门职责范围相符，属于部门履职所需」: 是否";

const BASIS_CHECKLIST: &str = "评价要点：①项目立项符合国家法律法规、国民经济发展规划和相关政策（0.5分）；\
    ②项目立项符合行业发展规划和政策要求（1分）；③项目立项与部门职责范围相符，属于部门履职所需（1分）。";

fn basis_answers(first: bool, second: bool, third: bool) -> String {
    format!(
        "\"项目立项符合国家法律法规、国民经济发展规划和相关政策\" = {first}\n\
         \"项目立项符合行业发展规划和政策要求\" = {second}\n\
         \"项目立项与部门职责范围相符，属于部门履职所需\" = {third}"
    )
}

#[test]
fn a_checklist_pasted_whole_into_yao_dian() {
    let source = single(
        "2.5",
        BASIS_FACTS,
        "立项依据充分性",
        &format!("要点 {{ {BASIS_CHECKLIST} }}"),
    );
    // ① 0.5 + ③ 1 (② fails) = 1.5
    assert_eq!(
        total(&source, &basis_answers(true, false, true)),
        some("1.50")
    );
    // all three: 0.5 + 1 + 1 = 2.5
    assert_eq!(
        total(&source, &basis_answers(true, true, true)),
        some("2.50")
    );
}

#[test]
fn a_checklist_pasted_whole_where_the_rule_goes() {
    let source = single(
        "2.5",
        BASIS_FACTS,
        "立项依据充分性",
        &format!("评分 {{ {BASIS_CHECKLIST} }}"),
    );
    // ② 1 + ③ 1 (① fails) = 2
    assert_eq!(
        total(&source, &basis_answers(false, true, true)),
        some("2.00")
    );
}

#[test]
fn a_printed_deduction_item_and_a_glued_negation_in_a_checklist() {
    let source = single(
        "4",
        "「符合国家财经法规和财务管理制度以及有关专项资金管理规程的规定」: 是否\n\
         「资金的拨付有完整的审批程序和手续」: 是否\n\
         「存在截留、挤占、挪用、虚列支出等情况」: 是否",
        "资金使用合规性",
        "要点 {\n评价要点：\n①符合国家财经法规和财务管理制度以及有关专项资金管理规程的规定（1分）；\n\
         ②资金的拨付有完整的审批程序和手续；（1分）\n\
         ③不存在截留、挤占、挪用、虚列支出等情况（2分）；\n\
         ④存在截留、挤占、挪用、虚列支出等情况（扣1分）。\n}",
    );
    let facts = |misused: bool| {
        format!(
            "\"符合国家财经法规和财务管理制度以及有关专项资金管理规程的规定\" = true\n\
             \"资金的拨付有完整的审批程序和手续\" = true\n\
             \"存在截留、挤占、挪用、虚列支出等情况\" = {misused}"
        )
    };
    // no misuse: ① 1 + ② 1 + ③ 2 (不存在 holds) = 4
    assert_eq!(total(&source, &facts(false)), some("4.00"));
    // misuse: ① 1 + ② 1 − ④ 1 = 1
    assert_eq!(total(&source, &facts(true)), some("1.00"));
}

#[test]
fn conditions_joined_by_qie_and_huo_without_spaces() {
    let both = single(
        "4",
        "立项符合法规: 是否\n程序规范: 是否",
        "立项规范性",
        "评分 { 立项符合法规且程序规范得满分；立项符合法规或程序规范得2分；否则 得0分 }",
    );
    let answers =
        |first: bool, second: bool| format!("\"立项符合法规\" = {first}\n\"程序规范\" = {second}");
    // both → 且 holds → 4; one → 或 holds → 2; neither → 0
    assert_eq!(total(&both, &answers(true, true)), some("4.00"));
    assert_eq!(total(&both, &answers(false, true)), some("2.00"));
    assert_eq!(total(&both, &answers(false, false)), some("0.00"));
}

#[test]
fn a_comparison_word_between_two_names_without_spaces() {
    let source = supervised(
        "纳入监管数不低于应纳入监管数，得满分；完成值低于标杆值，按比例扣分；否则 得0分",
    );
    // 353 ≥ 353 → 7
    assert_eq!(total(&source, &households(353, 353)), some("7.00"));
    // 300 < 353 → 7 × 300 ÷ 353 = 5.9490… → 5.95
    assert_eq!(total(&source, &households(353, 300)), some("5.95"));
}

// ---------------------------------------------------------------- audit keys

#[test]
fn audit_claims_are_keyed_by_the_printed_names() {
    let source = single(
        "3",
        "暂存款余额: 万元\n往来款总额: 万元",
        "应付账款（暂存款）率",
        "完成值 = 暂存款余额 / 往来款总额 × 100%\n评分 { 完成值 <= 10% 得满分；否则 得0分 }",
    );
    let compiled = compile(&source);
    // The key as the report prints it, and copied with half-width brackets:
    // 1 ÷ 20 = 5% ≤ 10% → 3, which both claims print.
    let facts = "\"暂存款余额\" = \"1万元\"\n\"往来款总额\" = \"20万元\"\n\
                 [\"报告\".\"得分\"]\n\"应付账款（暂存款）率\" = 3\n\"应付账款(暂存款)率\" = 3\n\
                 [\"报告\".\"小计\"]\n\"测试二级\" = 3";
    let values = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    let audit = jixiao::audit::audit(&compiled, &values);
    assert!(audit.unknown.is_empty(), "{:?}", audit.unknown);
    assert!(audit.agrees(), "{}", jixiao::audit::text(&audit));
    assert_eq!(audit.compared, 3);
}

#[test]
fn a_printed_gate_sentence_after_the_items() {
    let source = single(
        "3",
        "「项目按照规定的程序申请设立」: 是否\n「审批文件、材料符合相关要求」: 是否\n\
         「事前已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策」: 是否",
        "立项程序规范性",
        "评分 { ①项目按照规定的程序申请设立(1分); ②审批文件、材料符合相关要求(1分); \
         ③事前已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策(1分)。 \
         在符合①的前提下,符合要求得该项分值,不符合不得分;如不符合①,则本项整体得0分。 }",
    );
    let facts = |first: bool, second: bool| {
        format!(
            "\"项目按照规定的程序申请设立\" = {first}\n\"审批文件、材料符合相关要求\" = {second}\n\
             \"事前已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策\" = true"
        )
    };
    // ① holds: ① 1 + ③ 1 = 2 (② fails)
    assert_eq!(total(&source, &facts(true, false)), some("2.00"));
    // ① fails: the gate gives the whole indicator 0, though ② and ③ hold
    assert_eq!(total(&source, &facts(false, true)), some("0.00"));
}

#[test]
fn a_printed_gate_sentence_on_its_own() {
    let source = single(
        "2",
        "甲: 是否\n乙: 是否",
        "资金使用合规性",
        "要点 { ① 1分：甲  ② 1分：乙 }\n上述内容中，在满足①的前提下，②根据实际情况进行得分；不满足①时，本项得0分。",
    );
    // ① fails → 0, although ② holds
    assert_eq!(
        total(&source, "\"甲\" = false\n\"乙\" = true"),
        some("0.00")
    );
    // ① holds → ① 1 + ② 1 = 2
    assert_eq!(total(&source, "\"甲\" = true\n\"乙\" = true"), some("2.00"));
}

#[test]
fn a_printed_gate_may_leave_points_when_it_fails() {
    let source = single(
        "3",
        "甲: 是否\n乙: 是否",
        "资金使用合规性",
        "要点 { ① 2分：甲  ② 1分：乙 }\n在满足①的前提下，②根据实际情况进行得分；不满足①时，本项得0.5分。",
    );
    // ① fails → the gate's 0.5, although ② holds
    assert_eq!(
        total(&source, "\"甲\" = false\n\"乙\" = true"),
        some("0.50")
    );
    // ① holds → ① 2 + ② 1 = 3
    assert_eq!(total(&source, "\"甲\" = true\n\"乙\" = true"), some("3.00"));
}

#[test]
fn more_deduction_directions_and_proportional_words() {
    let lower = execution_rate(
        "完成值 >= 100% 得满分；每低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分",
    );
    // 98.46%: 1.54 pts → 2 steps → 4 − 0.2 = 3.8
    assert_eq!(total(&lower, &spent("98.46")), some("3.80"));
    let late = single(
        "6",
        "逾期天数: 天",
        "完成及时率",
        "完成值 = 逾期天数\n评分 { 每逾期1天扣0.5分，扣完为止 }",
    );
    // 3 days × 0.5 = 1.5 → 6 − 1.5 = 4.5
    assert_eq!(total(&late, "\"逾期天数\" = \"3天\""), some("4.50"));
    let share = satisfaction("6", "完成值≥95%，得满分；否则，按完成比例得分");
    // 90% < 95% → 6 × 90% ÷ 100% = 5.4
    assert_eq!(total(&share, &satisfied("90%")), some("5.40"));
}

#[test]
fn a_comparison_word_with_yi_shang_and_de() {
    let source = satisfaction(
        "6",
        "服务对象满意度达到90%（含）以上的，得满分；低于60%的，不得分；否则 得3分",
    );
    // 90% → 达到90%（含）以上 → 6; 59% → 低于60% → 0; 75% → 3
    assert_eq!(total(&source, &satisfied("90%")), some("6.00"));
    assert_eq!(total(&source, &satisfied("59%")), some("0.00"));
    assert_eq!(total(&source, &satisfied("75%")), some("3.00"));
    let strict = satisfaction("6", "完成值超过90%（不含）以上，得满分；否则 得3分");
    // 90% is not above 90% → 3
    assert_eq!(total(&strict, &satisfied("90%")), some("3.00"));
}

#[test]
fn a_yes_no_condition_with_de() {
    let source = single(
        "4",
        "发生安全事故: 是否",
        "安全生产",
        "评分 { 发生安全事故的，扣2分；否则 得满分 }",
    );
    // an accident → 4 − 2 = 2; none → 4
    assert_eq!(total(&source, "\"发生安全事故\" = true"), some("2.00"));
    assert_eq!(total(&source, "\"发生安全事故\" = false"), some("4.00"));
}

#[test]
fn a_name_holding_digits_and_a_unit() {
    let source = single(
        "4",
        // 以上 after digits and a unit ends a name (纳入监管数300家以上 is a
        // bound), so a name that holds one is quoted.
        "3日内办结数: 件\n受理数: 件\n「存在2处以上问题」: 是否",
        "3日内办结率",
        "完成值 = 3日内办结数 / 受理数 × 100%\n标杆值 100%\n\
         评分 { 「存在2处以上问题」，不得分；3日内办结率≥90%得满分；否则 按比例扣分 }",
    );
    let facts = |issues: bool| {
        format!("\"3日内办结数\" = \"45件\"\n\"受理数\" = \"50件\"\n\"存在2处以上问题\" = {issues}")
    };
    // 45 ÷ 50 = 90% ≥ 90% → 4
    assert_eq!(total(&source, &facts(false)), some("4.00"));
    // 存在2处以上问题 → 0
    assert_eq!(total(&source, &facts(true)), some("0.00"));
}

#[test]
fn rules_numbered_in_other_ways() {
    for (first, second) in [
        ("（1）", "（2）"),
        ("1、", "2、"),
        ("1.", "2."),
        ("(1)", "(2)"),
    ] {
        let source = satisfaction(
            "6",
            &format!("{first}服务对象满意度≥95%，得满分；{second}服务对象满意度<95%，按比例扣分。"),
        );
        // 90% < 95% → 6 × 90% ÷ 100% = 5.4
        assert_eq!(total(&source, &satisfied("90%")), some("5.40"), "{first}");
    }
}

// ---------------------------------------------------------------- bands as printed

/// 预算调整率 as the yueyang and dept-whole tables print it: a bare 0, range
/// lower ends without the %, and a last band with its own condition.
fn adjustment(declared: &str) -> String {
    single(
        "3",
        &format!("预算调整率: %{declared}"),
        "预算调整率",
        "完成值 = 预算调整率\n评分 { 预算调整率=0,计3分;0-10%(含),计2分;10-20%(含),计1分;\
         20-30%(含),计0.5分;大于30%不得分。 }",
    )
}

#[test]
fn a_bare_zero_and_range_ends_without_the_percent() {
    let source = adjustment(" 在 0%以上");
    let rate = |value: &str| format!("\"预算调整率\" = \"{value}\"");
    // 0% = 0 → 计3分
    assert_eq!(total(&source, &rate("0%")), some("3.00"));
    // 0 is excluded from 0-10%(含) (only the upper end is marked), 10% ≤ 10% → 计2分
    assert_eq!(total(&source, &rate("10%")), some("2.00"));
    // 10% < 10.5% ≤ 20% → 计1分
    assert_eq!(total(&source, &rate("10.5%")), some("1.00"));
    // 20% < 30% ≤ 30% → 计0.5分
    assert_eq!(total(&source, &rate("30%")), some("0.50"));
    // 30.1% > 30% → 不得分
    assert_eq!(total(&source, &rate("30.1%")), some("0.00"));
}

#[test]
fn bands_cover_only_what_the_declared_range_allows() {
    // Without 在 0%以上 a negative rate falls in no band: the fallback is missing.
    let codes = build_error_codes(&adjustment(""));
    assert!(
        codes.contains(&"jixiao::check::no_fallback".to_string()),
        "{codes:?}"
    );
    // With it, a facts file giving a negative rate is refused before scoring.
    let compiled = compile(&adjustment(" 在 0%以上"));
    let refused = jixiao::facts::parse(
        "\"预算调整率\" = \"-5%\"",
        jixiao::facts::Format::Toml,
        &compiled,
    );
    assert!(refused.is_err());
}

#[test]
fn a_bare_number_other_than_zero_beside_a_percent_is_still_refused() {
    let source = satisfaction("4", "完成值 >= 90，得满分；否则 不得分");
    let codes = build_error_codes(&source);
    assert!(
        codes.contains(&"jixiao::check::percent_without_unit".to_string()),
        "{codes:?}"
    );
}

#[test]
fn a_range_lower_end_takes_the_upper_ends_unit() {
    let source = single(
        "4",
        "项目资金投入: 万元",
        "项目资金投入",
        "完成值 = 项目资金投入\n评分 { 5-10万元得满分；否则 不得分 }",
    );
    let money = |value: &str| format!("\"项目资金投入\" = \"{value}\"");
    // 80000元 = 8万元, 5万元 ≤ 8万元 ≤ 10万元 → 4 (5 is 5万元, not 5元)
    assert_eq!(total(&source, &money("80000元")), some("4.00"));
    // 4万元 < 5万元 → 0
    assert_eq!(total(&source, &money("4万元")), some("0.00"));
}

#[test]
fn the_last_band_may_carry_its_own_condition() {
    let source = single(
        "5",
        "重点支出安排率: %",
        "重点支出安排率",
        "完成值 = 重点支出安排率\n评分 { 重点支出安排率≥90%,计5分;80%(含)-90%,计4分;\
         70%(含)-80%,计3分;60%(含)-70%,计2分;低于60%不得分。 }",
    );
    let rate = |value: &str| format!("\"重点支出安排率\" = \"{value}\"");
    // 80% ≤ 85% < 90% → 计4分
    assert_eq!(total(&source, &rate("85%")), some("4.00"));
    // 60% ≤ 60% < 70% → 计2分
    assert_eq!(total(&source, &rate("60%")), some("2.00"));
    // 59.9% < 60% → 不得分
    assert_eq!(total(&source, &rate("59.9%")), some("0.00"));
}

#[test]
fn bands_with_a_gap_still_need_a_fallback() {
    // Nothing covers 80% ≤ 完成值 < 90%.
    let source = satisfaction("5", "≥90%,计5分;低于80%不得分");
    let codes = build_error_codes(&source);
    assert!(
        codes.contains(&"jixiao::check::no_fallback".to_string()),
        "{codes:?}"
    );
}

#[test]
fn yes_no_bands_ending_in_their_own_condition() {
    let source = single(
        "3",
        "有结余: 是否\n结余超过上年结转: 是否",
        "资金结余",
        "评分 { 不 有结余，3分；有结余 且 不 结余超过上年结转，2分；结余超过上年结转，不得分。 }",
    );
    let facts = |surplus: bool, over: bool| {
        format!("\"有结余\" = {surplus}\n\"结余超过上年结转\" = {over}")
    };
    // no surplus → 3分
    assert_eq!(total(&source, &facts(false, false)), some("3.00"));
    // surplus, not over → 2分
    assert_eq!(total(&source, &facts(true, false)), some("2.00"));
    // surplus over last year's carry-over → 不得分
    assert_eq!(total(&source, &facts(true, true)), some("0.00"));
}

// ---------------------------------------------------------------- columns side by side

#[test]
fn value_and_points_columns_side_by_side() {
    let source = single(
        "10",
        "资金下达月数: 个月",
        "第4项",
        "完成值 = 资金下达月数\n评分 {\n≤1个月 10\n>1个月,≤6个月 4\n>6个月 0\n}",
    );
    let months = |value: &str| format!("\"资金下达月数\" = \"{value}\"");
    // 0.5 ≤ 1 → 10
    assert_eq!(total(&source, &months("0.5个月")), some("10.00"));
    // 1 < 5.5 ≤ 6 → 4
    assert_eq!(total(&source, &months("5.5个月")), some("4.00"));
    // 6 ≤ 6 → 4 (the ≤ end is included)
    assert_eq!(total(&source, &months("6个月")), some("4.00"));
    // 7 > 6 → 0
    assert_eq!(total(&source, &months("7个月")), some("0.00"));
}

#[test]
fn a_target_column_and_its_points() {
    let source = single(
        "10",
        "安装坡面水标尺米数: 米",
        "安装坡面水标尺",
        "完成值 = 安装坡面水标尺米数\n评分 { ≥266米 10；否则 不得分 }",
    );
    let metres = |value: &str| format!("\"安装坡面水标尺米数\" = \"{value}\"");
    // 266 ≥ 266 → 10
    assert_eq!(total(&source, &metres("266米")), some("10.00"));
    // 265 < 266 → 0
    assert_eq!(total(&source, &metres("265米")), some("0.00"));
}

// ---------------------------------------------------------------- 每低于, 滿分, 满分为止

#[test]
fn a_step_written_with_mei_di_yu() {
    let source = satisfaction("8", "完成值>=100%计满分,每低于5%扣2分,扣完为止.");
    // 92%: 8 points below 100%, 8 ÷ 5 = 1.6 steps × 2 = 3.2 → 8 − 3.2 = 4.8
    assert_eq!(total(&source, &satisfied("92%")), some("4.80"));
    // 70%: 30 ÷ 5 = 6 steps × 2 = 12 > 8 → 扣完为止 → 0
    assert_eq!(total(&source, &satisfied("70%")), some("0.00"));
}

#[test]
fn a_step_written_with_mei_gao_yu() {
    let source = satisfaction("8", "完成值 <= 100% 得满分；每高于5%扣2分，扣完为止");
    // 110%: 10 points above, 10 ÷ 5 = 2 steps × 2 = 4 → 8 − 4 = 4
    assert_eq!(total(&source, &satisfied("110%")), some("4.00"));
}

#[test]
fn di_yu_without_mei_is_still_a_comparison() {
    let source = satisfaction("8", "低于5%扣2分；否则 得满分");
    // 4% < 5% → 8 − 2 = 6
    assert_eq!(total(&source, &satisfied("4%")), some("6.00"));
    // 6% ≥ 5% → 8
    assert_eq!(total(&source, &satisfied("6%")), some("8.00"));
}

#[test]
fn outcome_words_in_traditional_characters() {
    let source = single(
        "3",
        "資金使用率: %",
        "預算執行率",
        "完成值 = 資金使用率\n评分 { 資金使用率大于95%的得滿分；資金使用率大于90%的計2分；否则 不計分 }",
    );
    let rate = |value: &str| format!("\"資金使用率\" = \"{value}\"");
    // 96% > 95% → 得滿分 → 3
    assert_eq!(total(&source, &rate("96%")), some("3.00"));
    // 92%: not > 95%, > 90% → 計2分
    assert_eq!(total(&source, &rate("92%")), some("2.00"));
    // 90% → 不計分 → 0
    assert_eq!(total(&source, &rate("90%")), some("0.00"));
}

#[test]
fn the_inclusion_mark_after_yi_xia() {
    let source = satisfaction("5", "100%以下(含)计满分,每超出5%扣2分,扣完为止");
    // 100% ≤ 100% (含) → 5
    assert_eq!(total(&source, &satisfied("100%")), some("5.00"));
    // 110%: 10 ÷ 5 = 2 steps × 2 = 4 → 5 − 4 = 1
    assert_eq!(total(&source, &satisfied("110%")), some("1.00"));
}

#[test]
fn proportional_up_to_full_marks_as_the_whole_rule() {
    let source = satisfaction("20", "按完成比例计算得分,满分为止.");
    // 20 × 96% ÷ 100% = 19.2
    assert_eq!(total(&source, &satisfied("96%")), some("19.20"));
    // 20 × 104% ÷ 100% = 20.8 → 满分为止 → 20
    assert_eq!(total(&source, &satisfied("104%")), some("20.00"));
}

#[test]
fn a_proportional_score_is_explained_in_its_printed_words() {
    for (rule, words) in [
        ("完成值 >= 100% 得满分；否则 按比例得分", "按比例得分："),
        ("完成值 >= 100% 得满分；否则 按比例扣分", "按比例扣分："),
        ("按完成比例计算得分，满分为止", "按完成比例计算得分："),
    ] {
        let compiled = compile(&satisfaction("10", rule));
        let values =
            jixiao::facts::parse(&satisfied("80%"), jixiao::facts::Format::Toml, &compiled)
                .expect("facts");
        let prose = jixiao::explain::explain(&compiled, &values).indicators[0]
            .prose
            .clone();
        // 10 × 80% ÷ 100% = 8
        assert!(
            prose.contains(&format!("{words}10 × 80% ÷ 100% = 8分")),
            "{prose}"
        );
    }
}

// ---------------------------------------------------------------- checklist points after a comma

#[test]
fn checklist_points_after_a_comma_in_yao_dian() {
    let source = single(
        "3",
        "「已制定或具有预算资金管理办法，内部财务管理制度、会计核算制度等管理制度」: 是否\n\
         相关管理制度合法、合规、完整: 是否\n相关管理制度得到有效执行: 是否",
        "管理制度健全性",
        "要点 { ①已制定或具有预算资金管理办法，内部财务管理制度、会计核算制度等管理制度，1分；\
         ②相关管理制度合法、合规、完整，1分；③相关管理制度得到有效执行，1分。 }",
    );
    let facts =
        "\"已制定或具有预算资金管理办法，内部财务管理制度、会计核算制度等管理制度\" = true\n\
                 \"相关管理制度合法、合规、完整\" = false\n\"相关管理制度得到有效执行\" = true";
    // ① 1 + ② 0 + ③ 1 = 2
    assert_eq!(total(&source, facts), some("2.00"));
}

#[test]
fn a_numbered_rule_with_bare_points_in_ping_fen_stays_a_rule() {
    // In 评分 the same shape is a numbered rule: a condition and its points.
    let source = satisfaction("4", "①满意度达到90%，2分；②否则 不得分");
    // 95% ≥ 90% → 2
    assert_eq!(total(&source, &satisfied("95%")), some("2.00"));
    // 80% → 0
    assert_eq!(total(&source, &satisfied("80%")), some("0.00"));
}

// ---------------------------------------------------------------- tiers without 为

#[test]
fn tiers_printed_without_wei() {
    let source = single(
        "10",
        "财务会计制度: 档次（健全，基本健全，不健全）",
        "财务管理制度执行",
        "评分 { 财务会计制度健全的得10分,基本健全的得6分,不健全的扣10分。 }",
    );
    let system = |level: &str| format!("\"财务会计制度\" = \"{level}\"");
    // 健全 → 得10分
    assert_eq!(total(&source, &system("健全")), some("10.00"));
    // 基本健全 → 得6分
    assert_eq!(total(&source, &system("基本健全")), some("6.00"));
    // 不健全 → 扣10分: 10 − 10 = 0
    assert_eq!(total(&source, &system("不健全")), some("0.00"));
}

#[test]
fn a_declared_name_wins_over_a_tier_read_without_wei() {
    // 「财务会计制度健全」 is a yes/no fact of its own: it is not the tier 健全.
    let source = single(
        "10",
        "财务会计制度: 档次（健全，基本健全，不健全）\n财务会计制度健全: 是否",
        "财务管理制度执行",
        "评分 { 财务会计制度健全 得10分；否则 得0分 }",
    );
    let facts = "\"财务会计制度\" = \"不健全\"\n\"财务会计制度健全\" = true";
    // the yes/no fact holds → 10
    assert_eq!(total(&source, facts), some("10.00"));
}

// ---------------------------------------------------------------- scope phrases

/// 生产安全事故发生宗数 (8分) as 罗湖 prints it, with its leading scope.
fn accidents(rule: &str) -> String {
    single(
        "8",
        "发生生产安全事故: 是否",
        "生产安全事故发生宗数",
        &format!("评分 {{ {rule} }}"),
    )
}

/// The single indicator's explanation, in one paragraph.
fn prose(source: &str, facts: &str) -> String {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("facts rejected: {errors:?}"));
    jixiao::explain::explain(&compiled, &values).indicators[0]
        .prose
        .clone()
}

#[test]
fn a_scope_phrase_before_a_condition_keeps_the_score() {
    let printed = "在区人力资源局责任范围内，没有发生生产安全事故，得满分；反得0分。";
    let source = accidents(printed);
    // no accident → 没有发生生产安全事故 holds → 得满分 → 8
    assert_eq!(total(&source, "\"发生生产安全事故\" = false"), some("8.00"));
    // an accident → 反得0分 → 0
    assert_eq!(total(&source, "\"发生生产安全事故\" = true"), some("0.00"));
    let explained = prose(&source, "\"发生生产安全事故\" = false");
    assert!(
        explained.contains("在区人力资源局责任范围内：「不 发生生产安全事故」成立；得满分"),
        "{explained}"
    );
}

#[test]
fn a_scope_phrase_before_a_step_deduction() {
    let source = supervised("在春节、全国两会、五一、国庆等重点时段，少1家扣2分，扣完为止");
    // 353 − 350 = 3 short × 2 = 6 → 7 − 6 = 1
    assert_eq!(total(&source, &households(353, 350)), some("1.00"));
    // 5 short × 2 = 10 > 7 → 扣完为止 → 0
    assert_eq!(total(&source, &households(353, 348)), some("0.00"));
    // none short → 7
    assert_eq!(total(&source, &households(353, 353)), some("7.00"));
    let explained = prose(&source, &households(353, 350));
    assert!(
        explained.contains("在春节、全国两会、五一、国庆等重点时段：低于标杆值353家 3家"),
        "{explained}"
    );
}

#[test]
fn a_scope_phrase_then_a_deduction_after_a_full_marks_clause() {
    // The scope leads only its own clause: the second clause is as printed.
    let source = supervised("在2024年度内，完成值 >= 标杆值 得满分；每少1家扣0.5分，扣满3分为止");
    // 353 ≥ 353 → 得满分 → 7
    assert_eq!(total(&source, &households(353, 353)), some("7.00"));
    // 2 short × 0.5 = 1 → 7 − 1 = 6
    assert_eq!(total(&source, &households(353, 351)), some("6.00"));
}

#[test]
fn ranges_with_zai_are_not_scopes() {
    let source = satisfaction(
        "4",
        "在80%至90%之间，得3分；在90%至100%之间，得满分；否则 得0分",
    );
    // 85% in [80%, 90%] → 3
    assert_eq!(total(&source, &satisfied("85%")), some("3.00"));
    // 95% in [90%, 100%] → 4
    assert_eq!(total(&source, &satisfied("95%")), some("4.00"));
    // 70% in neither → 0
    assert_eq!(total(&source, &satisfied("70%")), some("0.00"));
    // A declared range 在 0%以上 still reads as the fact's values.
    let above = single(
        "3",
        "预算调整率: % 在 0%以上",
        "预算调整率",
        "完成值 = 预算调整率\n评分 { 预算调整率=0,计3分;0-10%(含),计2分;大于10%不得分 }",
    );
    // 0 → 3; 5% in (0%, 10%] → 2; 20% > 10% → 0
    assert_eq!(total(&above, "\"预算调整率\" = \"0%\""), some("3.00"));
    assert_eq!(total(&above, "\"预算调整率\" = \"5%\""), some("2.00"));
    assert_eq!(total(&above, "\"预算调整率\" = \"20%\""), some("0.00"));
}

#[test]
fn a_fact_that_opens_with_zai_before_an_outcome_stays_a_condition() {
    // 「在规定时间内完成」 followed directly by 得满分 is a condition, not a scope.
    let source = single(
        "4",
        "在规定时间内完成: 是否",
        "完成及时性",
        "评分 { 在规定时间内完成，得满分；否则 得0分 }",
    );
    // yes → 4; no → 0
    assert_eq!(total(&source, "\"在规定时间内完成\" = true"), some("4.00"));
    assert_eq!(total(&source, "\"在规定时间内完成\" = false"), some("0.00"));
}

#[test]
fn fmt_keeps_a_scope_phrase_in_either_punctuation() {
    use jixiao::fmt::{format, FmtOptions, Punctuation};
    let source = accidents("在区人力资源局责任范围内，没有发生生产安全事故，得满分；反得0分。");
    for punctuation in [Punctuation::FullWidth, Punctuation::HalfWidth] {
        let options = FmtOptions {
            punctuation,
            indent: 4,
        };
        let formatted = format(&source, &options).unwrap();
        assert!(
            formatted.contains("在区人力资源局责任范围内"),
            "{formatted}"
        );
        // Formatted, the rule still reads the scope as a scope: an accident → 反得0分 → 0
        assert_eq!(
            total(&formatted, "\"发生生产安全事故\" = true"),
            some("0.00")
        );
        let explained = prose(&formatted, "\"发生生产安全事故\" = false");
        assert!(
            explained.contains("在区人力资源局责任范围内："),
            "{explained}"
        );
    }
}
