//! The structure above one indicator, at its edges: a group reported at
//! another weight (折算), indicators that do not apply (不适用), and groups
//! that take one of two indicators (二者择其一). Every expected value is worked out by hand from
//! the rule text; the arithmetic is in the comment beside the assertion.
//! Each test also scores through the bulk path ([`jixiao::eval::Scores`],
//! what batch runs) and checks it gives the card's total.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

use jixiao::facts::Format;

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

/// Four indicators of 25 scored by their facts 一分 … 四分 under one 一级
/// of 100, or (`converted`) the first two in a 一级 of 50 that converts from
/// 100 (so each is worth 50 in its own scale) beside the other two.
fn four(converted: bool) -> String {
    let facts = "事实 { 一分: 数值  二分: 数值  三分: 数值  四分: 数值 }\n";
    if converted {
        return format!(
            "体系 \"测试\" {{ 满分 100 }}\n{facts}\
             一级 甲（50分，按百分制折算）{{\n\
             指标 一（50分）{{ 评分 {{ 得分 = 一分 }} }}\n\
             指标 二（50分）{{ 评分 {{ 得分 = 二分 }} }}\n}}\n\
             一级 乙（50分）{{\n\
             指标 三（25分）{{ 评分 {{ 得分 = 三分 }} }}\n\
             指标 四（25分）{{ 评分 {{ 得分 = 四分 }} }}\n}}\n"
        );
    }
    format!(
        "体系 \"测试\" {{ 满分 100 }}\n{facts}\
         一级 甲（100分）{{\n\
         指标 一（25分）{{ 评分 {{ 得分 = 一分 }} }}\n\
         指标 二（25分）{{ 评分 {{ 得分 = 二分 }} }}\n\
         指标 三（25分）{{ 评分 {{ 得分 = 三分 }} }}\n\
         指标 四（25分）{{ 评分 {{ 得分 = 四分 }} }}\n}}\n"
    )
}

#[test]
fn not_applicable_rescales_the_total_from_the_applicable_weights() {
    let facts = "\"一分\" = 25\n\"二分\" = 20\n\"三分\" = 15\n\
                 [\"不适用\"]\n\"四\" = \"项目未涉及\"";
    // (25 + 20 + 15) ÷ (100 − 25) × 100 = 60 ÷ 75 × 100 = 80
    assert_eq!(both_totals(&four(false), facts), some("80.00"));
    let card = score(&four(false), facts);
    let fourth = indicator(&card, "四");
    assert_eq!(fourth.score, None);
    assert_eq!(fourth.not_applicable.as_deref(), Some("项目未涉及"));
    assert!(card.faults.is_empty(), "{:?}", card.faults);
    // The sub-total sums the applicable ones: 25 + 20 + 15.
    let group = card.group("甲").expect("group");
    assert_eq!(group.score.map(|s| s.to_string()), some("60.00"));
    assert_eq!(card.applicable_weight.map(|w| w.to_string()), some("75"));
}

#[test]
fn not_applicable_rescaled_total_rounds_once() {
    // Two do not apply: (10 + 10.01) ÷ 50 × 100 = 40.02 exactly.
    let facts = "\"一分\" = 10\n\"二分\" = 10.01\n\
                 [\"不适用\"]\n\"三\" = \"因\"\n\"四\" = \"因\"";
    assert_eq!(both_totals(&four(false), facts), some("40.02"));
    // One does not apply: (10 + 10 + 0.01) ÷ 75 × 100 = 2001 ÷ 75 = 26.68 exactly.
    let facts = "\"一分\" = 10\n\"二分\" = 10\n\"三分\" = 0.01\n\
                 [\"不适用\"]\n\"四\" = \"因\"";
    assert_eq!(both_totals(&four(false), facts), some("26.68"));
    // 20 ÷ 75 × 100 = 26.666… → 26.67
    let facts = "\"一分\" = 10\n\"二分\" = 10\n\"三分\" = 0\n\
                 [\"不适用\"]\n\"四\" = \"因\"";
    assert_eq!(both_totals(&four(false), facts), some("26.67"));
}

#[test]
fn not_applicable_inside_a_converted_group_leaves_its_converted_weight() {
    // 甲 (50, from 100): 二 (50 of 100) does not apply; 一 scores 40:
    // 甲 = 40 × 50 ÷ 100 = 20; excluded 50 × 50 ÷ 100 = 25 of the total's 100.
    // 乙 = 20 + 25 = 45. Total = (20 + 45) ÷ (100 − 25) × 100 = 65 ÷ 75 × 100 = 86.666… → 86.67
    let facts = "\"一分\" = 40\n\"三分\" = 20\n\"四分\" = 25\n\
                 [\"不适用\"]\n\"二\" = \"因\"";
    assert_eq!(both_totals(&four(true), facts), some("86.67"));
    let card = score(&four(true), facts);
    assert_eq!(card.applicable_weight.map(|w| w.to_string()), some("75"));
}

#[test]
fn with_every_indicator_applicable_the_total_is_the_plain_sum() {
    // 25 + 20 + 15 + 10 = 70, no rescaling and no applicable weight shown.
    let facts = "\"一分\" = 25\n\"二分\" = 20\n\"三分\" = 15\n\"四分\" = 10";
    assert_eq!(both_totals(&four(false), facts), some("70.00"));
    assert_eq!(score(&four(false), facts).applicable_weight, None);
}

#[test]
fn not_applicable_is_explained_in_words() {
    let compiled = compile(&four(false));
    let facts = "\"一分\" = 25\n\"二分\" = 20\n\"三分\" = 15\n\
                 [\"不适用\"]\n\"四\" = \"项目未涉及\"";
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
    let text = jixiao::explain::text(&jixiao::explain::explain(&compiled, &values));
    assert!(
        text.contains("四（权重25分）：不适用：项目未涉及，不考核该指标。"),
        "{text}"
    );
    assert!(
        text.contains("甲小计 = 25.00 + 20.00 + 15.00 = 60.00分（权重100分，「四」不适用、不计）"),
        "{text}"
    );
    assert!(
        text.contains("总分按适用指标折算：60 ÷ 75 × 100 = 80.00分"),
        "{text}"
    );
    // A fact only the 不适用 indicator reads is not reported missing.
    assert!(values.warnings.is_empty(), "{:?}", values.warnings);
}

#[test]
fn not_applicable_shows_in_the_annex_with_its_reason() {
    let compiled = compile(&four(false));
    let facts = "\"一分\" = 25\n\"二分\" = 20\n\"三分\" = 15\n\
                 [\"不适用\"]\n\"四\" = \"项目未涉及\"";
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let annex = jixiao::batch::annex::annex(&explanation, "测试");
    // The row of 四: 完成值 column the reason, 得分 column 不适用 (not 无法计算);
    // then 适用指标合计 75 / 25 + 20 + 15 = 60.00, and 合计 60 ÷ 75 × 100 = 80.00.
    let fourth = annex
        .rows
        .iter()
        .find(|row| row[2] == "四")
        .expect("row 四");
    assert_eq!(
        (fourth[6].as_str(), fourth[7].as_str()),
        ("理由：项目未涉及", "不适用")
    );
    let closing: Vec<(&str, &str, &str)> = annex
        .closing
        .iter()
        .map(|row| (row.label.as_str(), row.weight.as_str(), row.score.as_str()))
        .collect();
    assert_eq!(
        closing,
        [("适用指标合计", "75", "60.00"), ("合计", "100", "80.00")]
    );
}

/// The facts file's diagnostics rendered as an officer sees them, for a
/// snapshot (the facts files' ui cases).
fn facts_diagnostics(source: &str, facts: &str) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource, Report};
    let compiled = compile(source);
    let errors = jixiao::facts::parse(facts, Format::Toml, &compiled).expect_err("refused");
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for error in errors {
        let report =
            Report::new(error).with_source_code(NamedSource::new("事实.toml", facts.to_string()));
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering to a string cannot fail");
        out.push('\n');
    }
    out
}

#[test]
fn facts_not_applicable_without_a_reason() {
    let facts = "\"一分\" = 25\n[\"不适用\"]\n\"四\" = \"\"";
    insta::assert_snapshot!(facts_diagnostics(&four(false), facts));
}

#[test]
fn facts_not_applicable_naming_no_indicator() {
    let facts = "\"一分\" = 25\n[\"不适用\"]\n\"肆\" = \"项目未涉及\"\n\"三十\" = \"因\"";
    insta::assert_snapshot!(facts_diagnostics(&four(false), facts));
}

#[test]
fn facts_not_applicable_and_given_a_discretionary_score() {
    let facts = "\"一分\" = 25\n[\"不适用\"]\n\"四\" = \"项目未涉及\"\n\
                 [\"酌情\".\"四\"]\n\"得分\" = 20\n\"理由\" = \"按进度\"";
    insta::assert_snapshot!(facts_diagnostics(&four(false), facts));
}

#[test]
fn facts_nothing_applicable() {
    let facts = "[\"不适用\"]\n\"一\" = \"因\"\n\"二\" = \"因\"\n\"三\" = \"因\"\n\"四\" = \"因\"";
    insta::assert_snapshot!(facts_diagnostics(&four(false), facts));
}

/// A 二者择其一 group 结余 of 20 (`how`: 取较高者 or 按选法) over 甲, scored by
/// the fact 甲分, and 乙, which reads 乙分; beside it a plain 丙 of 10.
fn either(how: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 30 }}\n\
         事实 {{ 甲分: 数值  乙分: 数值  丙分: 数值  选法: 档次（甲，乙） }}\n\
         一级 管理（30分）{{\n\
           二级 结余（20分，二者择其一，{how}）{{\n\
             指标 甲（20分）{{ 评分 {{ 得分 = 甲分 }} }}\n\
             指标 乙（20分）{{ 评分 {{ 得分 = 乙分 }} }}\n\
           }}\n\
           指标 丙（10分）{{ 评分 {{ 得分 = 丙分 }} }}\n\
         }}\n"
    )
}

#[test]
fn either_takes_the_higher() {
    let source = either("取较高者");
    // max(12, 17) + 6 = 23
    assert_eq!(
        both_totals(&source, "\"甲分\" = 12\n\"乙分\" = 17\n\"丙分\" = 6"),
        some("23.00")
    );
    // max(17, 12) + 6 = 23: the first child may be the higher
    assert_eq!(
        both_totals(&source, "\"甲分\" = 17\n\"乙分\" = 12\n\"丙分\" = 6"),
        some("23.00")
    );
    // max(15, 15) + 6 = 21
    assert_eq!(
        both_totals(&source, "\"甲分\" = 15\n\"乙分\" = 15\n\"丙分\" = 6"),
        some("21.00")
    );
}

#[test]
fn either_takes_the_higher_of_those_that_apply_and_faults_with_either() {
    let source = either("取较高者");
    // 乙 不适用: 甲's 0 is the higher of those that apply; 0 + 6 = 6, not
    // rescaled (the group is scored, not excluded)
    let facts = "\"甲分\" = 0\n\"丙分\" = 6\n[\"不适用\"]\n\"乙\" = \"未涉及\"";
    assert_eq!(both_totals(&source, facts), some("6.00"));
    // 甲 不适用, 乙's 0 applies: 0 + 6 = 6 (the child that applies is taken,
    // though it comes second and is not higher)
    let facts = "\"乙分\" = 0\n\"丙分\" = 6\n[\"不适用\"]\n\"甲\" = \"未涉及\"";
    assert_eq!(both_totals(&source, facts), some("6.00"));
    // 乙 不适用 after 甲's 5: 5 + 6 = 11
    let facts = "\"甲分\" = 5\n\"丙分\" = 6\n[\"不适用\"]\n\"乙\" = \"未涉及\"";
    assert_eq!(both_totals(&source, facts), some("11.00"));
    // 乙分 missing: the higher of 12 and an unknown is unknown
    let facts = "\"甲分\" = 12\n\"丙分\" = 6";
    assert_eq!(both_totals(&source, facts), None);
}

#[test]
fn either_of_which_neither_applies_is_left_out_of_the_total() {
    let source = either("取较高者");
    // 甲 and 乙 不适用: 结余 (20) does not apply, so the total is rescaled
    // over the 10 that does: 6 ÷ (30 − 20) × 30 = 18.00 (not 0 + 6 = 6)
    let facts = "\"丙分\" = 6\n[\"不适用\"]\n\"甲\" = \"未涉及\"\n\"乙\" = \"未涉及\"";
    assert_eq!(both_totals(&source, facts), some("18.00"));
    let compiled = compile(&source);
    let explained = |facts: &str| {
        let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
        jixiao::explain::text(&jixiao::explain::explain(&compiled, &values))
    };
    let text = explained(facts);
    let said = "结余 二者择其一，取较高者：「甲」「乙」均不适用，不计（权重20分）。";
    assert!(text.contains(said), "{text}");
    assert!(text.contains("6 ÷ 10 × 30 = 18.00分"), "{text}");
    // One that applies is the one taken, and the other named as not applying.
    let text = explained("\"甲分\" = 12\n\"丙分\" = 6\n[\"不适用\"]\n\"乙\" = \"未涉及\"");
    let said = "结余 二者择其一，取较高者：12.00 中取 12.00分（「乙」不适用）。";
    assert!(text.contains(said), "{text}");
}

#[test]
fn either_takes_the_one_a_fact_names_and_does_not_score_the_other() {
    let source = either("按选法");
    // 选法 乙: 17 + 6 = 23, though 甲 would give more
    assert_eq!(
        both_totals(
            &source,
            "\"甲分\" = 19\n\"乙分\" = 17\n\"丙分\" = 6\n\"选法\" = \"乙\""
        ),
        some("23.00")
    );
    // 选法 甲: 乙分 is not needed, since 乙 is not scored; 19 + 6 = 25
    let facts = "\"甲分\" = 19\n\"丙分\" = 6\n\"选法\" = \"甲\"";
    assert_eq!(both_totals(&source, facts), some("25.00"));
    let card = score(&source, facts);
    assert!(indicator(&card, "乙").not_chosen);
    assert!(card.faults.is_empty(), "{:?}", card.faults);
}

#[test]
fn either_without_its_choosing_fact_is_a_fault() {
    let card = score(
        &either("按选法"),
        "\"甲分\" = 19\n\"乙分\" = 17\n\"丙分\" = 6",
    );
    assert_eq!(card.total, None);
    let faults: Vec<String> = card.faults.iter().map(ToString::to_string).collect();
    assert_eq!(faults, ["指标「结余」缺少事实「选法」"]);
}

/// A report that prints a score for an indicator the facts mark 不适用
/// disagrees with the facts, whatever the score.
#[test]
fn audit_flags_a_printed_score_of_a_not_applicable_indicator() {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rulesets/forms/bushiyong.jx"
    ))
    .unwrap();
    let compiled = compile(&source);
    let facts = "\"预算执行率\" = \"100%\"\n\"完成项目数\" = \"40项\"\n\"满意度\" = \"60%\"\n\
                 [\"不适用\"]\n\"政府采购执行率\" = \"项目未涉及政府采购\"\n\
                 [\"报告\"]\n\"总分\" = { \"值\" = 80 }\n\
                 [\"报告\".\"得分\"]\n\"政府采购执行率\" = { \"值\" = 20, \"出处\" = \"表3\" }\n";
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("facts");
    let audit = jixiao::audit::audit(&compiled, &values);
    // 总分 (25 + 20 + 15) ÷ 75 × 100 = 80 agrees; the printed 20 for the
    // 不适用 indicator is the one discrepancy.
    assert_eq!(audit.compared, 2);
    let found: Vec<(&str, &str, &str)> = audit
        .discrepancies
        .iter()
        .map(|f| (f.subject.as_str(), f.claimed.as_str(), f.computed.as_str()))
        .collect();
    assert_eq!(found, [("政府采购执行率", "20", "不适用")]);
    assert!(audit.discrepancies[0]
        .derivation
        .contains("项目未涉及政府采购"));
    assert!(!audit.agrees());
}
