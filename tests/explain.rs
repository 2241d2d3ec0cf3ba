//! Explanations and audits: the prose of each rule form (expected phrases
//! written by hand from the rule and facts), tracing that never changes a
//! score, and snapshots of both seeds' explanations and audits.

use jixiao::facts::{FactValues, Format};
use jixiao::lang::compile::Compiled;

fn single(weight: &str, facts: &str, body: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 {weight} }}\n事实 {{\n{facts}\n}}\n\
         一级 甲（{weight}分）{{ 二级 乙（{weight}分）{{ 指标 测试指标（{weight}分）{{\n{body}\n}} }} }}\n"
    )
}

fn load(source: &str, facts: &str) -> (Compiled, FactValues) {
    let build = jixiao::build("测试.jx", source);
    let errors: Vec<String> = build.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let compiled = build
        .compiled
        .unwrap_or_else(|| panic!("{}", errors.join("\n")));
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    (compiled, values)
}

/// The single indicator's prose.
fn prose(source: &str, facts: &str) -> String {
    let (compiled, values) = load(source, facts);
    let explanation = jixiao::explain::explain(&compiled, &values);
    explanation.indicators[0].prose.clone()
}

fn assert_phrases(prose: &str, phrases: &[&str]) {
    for phrase in phrases {
        assert!(prose.contains(phrase), "missing 「{phrase}」 in:\n{prose}");
    }
}

const BUDGET: &str = "实际到位资金: 万元\n实际支出资金: 万元";
const EXECUTION: &str = "完成值 = (实际支出资金 / 实际到位资金) × 100%\n标杆值 100%";

#[test]
fn stepped_deduction_speaks_of_points_and_the_round_up() {
    let source = single(
        "4",
        BUDGET,
        &format!("{EXECUTION}\n评分 {{ 完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 }}"),
    );
    let text = prose(&source, "\"实际到位资金\" = 62.46\n\"实际支出资金\" = 61.5");
    // 61.5 / 62.46 = 98.46%; 1.54 points short; rounded up to 2; 2 × 0.1 = 0.2; 4 − 0.2 = 3.8
    assert_phrases(
        &text,
        &[
            "完成值 = （61.5万元 ÷ 62.46万元） × 100% = 98.46%",
            "「完成值 >= 100%」：98.46% ≥ 100%，不成立",
            "低于标杆值100% 1.54个百分点",
            "按“不足1个百分点的按1个百分点扣分”计为2个百分点",
            "扣 2 × 0.1 = 0.2分，得分 4 − 0.2 = 3.8分",
            "得分 3.80分",
        ],
    );
}

#[test]
fn per_percent_deduction_says_one_percent_is_one_point() {
    let source = single(
        "5",
        "满意度: %",
        "完成值 = 满意度\n标杆值 90%\n评分 { 完成值 >= 90% 得满分；每降低1%扣0.5分 }",
    );
    let text = prose(&source, "\"满意度\" = \"87%\"");
    // 90% − 87% = 3 points; 3 × 0.5 = 1.5; 5 − 1.5 = 3.5
    assert_phrases(
        &text,
        &[
            "低于标杆值90% 3个百分点",
            "（“1%”按1个百分点计）",
            "扣 3 × 0.5 = 1.5分",
            "得分 3.50分",
        ],
    );
}

#[test]
fn per_unit_deduction_floors_at_zero_in_words() {
    let source = single(
        "7",
        "应纳入监管数: 家\n纳入监管数: 家",
        "完成值 = 纳入监管数\n标杆值 = 应纳入监管数\n评分 { 每少1家扣0.5分，扣完为止 }",
    );
    let text = prose(&source, "\"应纳入监管数\" = 353\n\"纳入监管数\" = 333");
    // 20 short × 0.5 = 10 > 7 → 7 − 10 = −3 → 扣完为止 0
    assert_phrases(
        &text,
        &[
            "低于标杆值353家 20家",
            "扣 20 × 0.5 = 10分，得分 7 − 10 = -3分",
            "扣完为止，得0分",
            "得分 0.00分",
        ],
    );
}

#[test]
fn a_capped_deduction_keeps_its_printed_scope_when_the_cap_applies() {
    let source = single(
        "4",
        BUDGET,
        &format!(
            "{EXECUTION}\n评分 {{ 完成值 >= 100% 得满分；在区财政局批复范围内，\
             每降低1个百分点扣0.2分，不足1个百分点的不扣分，扣满1分为止 }}"
        ),
    );
    let text = prose(
        &source,
        "\"实际到位资金\" = \"100万元\"\n\"实际支出资金\" = \"90万元\"",
    );
    // 10 pts short: 10 steps × 0.2 = 2 ≥ 1 → the cap's clause, led by the scope: 4 − 1 = 3
    assert_phrases(
        &text,
        &["在区财政局批复范围内：「扣满1分为止」", "4分 − 1分 = 3分"],
    );
}

#[test]
fn deadline_from_dates_counts_days_late() {
    let source = single(
        "3",
        "完成日期: 日期",
        "完成值 = 完成日期\n标杆值 2024-12-31\n评分 { 每延迟1天扣0.5分，扣完为止 }",
    );
    let text = prose(&source, "\"完成日期\" = \"2025-01-02\"");
    // 2 days late × 0.5 = 1; 3 − 1 = 2
    assert_phrases(
        &text,
        &[
            "完成值为 2025-01-02",
            "延迟2天",
            "扣 2 × 0.5 = 1分",
            "得分 2.00分",
        ],
    );
}

#[test]
fn gated_checklist_explains_the_failed_gate() {
    let source = single(
        "3",
        "甲: 是否\n乙: 是否\n丙: 是否",
        "要点 { ① 1分: 甲  ② 1分: 乙  ③ 1分: 丙 }\n前提 ①，否则 0分",
    );
    let text = prose(&source, "\"甲\" = false\n\"乙\" = true\n\"丙\" = true");
    assert_phrases(&text, &["前提要点①不成立，本项整体得0分", "得分 0.00分"]);
}

#[test]
fn checklist_lists_each_item_and_the_deduction_item() {
    let source = single(
        "4",
        "甲: 是否\n乙: 是否\n存在挪用: 是否",
        "要点 { ① 2分: 甲  ② 2分: 乙  ③ 扣1分: 存在挪用 }",
    );
    let text = prose(
        &source,
        "\"甲\" = true\n\"乙\" = false\n\"存在挪用\" = true",
    );
    // 2 + 0 − 1 = 1
    assert_phrases(
        &text,
        &[
            "①甲：是，得2分",
            "②乙：否，不得分",
            "③存在挪用：是，扣1分",
            "要点合计 1分",
            "得分 1.00分",
        ],
    );
}

#[test]
fn tiers_name_the_level_and_the_share() {
    let source = single(
        "8",
        "效果: 档次（明显，一般，没有）",
        "评分 { 效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }",
    );
    let text = prose(&source, "\"效果\" = \"一般\"");
    // 8 × 60% = 4.8
    assert_phrases(
        &text,
        &[
            "效果为「一般」",
            "得权重分60%：8 × 60% = 4.8分",
            "得分 4.80分",
        ],
    );
}

/// One indicator of 4 points scored 完成值 × 权重, its 完成值 the execution rate.
fn rate_times_weight() -> String {
    single(
        "4",
        BUDGET,
        &format!("{EXECUTION}\n评分 {{ 得分 = 完成值 × 权重 }}"),
    )
}

const TIERS: &str = "评分 { 效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }";

/// The totals' steps of a single-indicator ruleset whose 效果 is 一般 (8 × 60% = 4.8).
fn tier_totals(source: &str) -> Vec<jixiao::explain::Step> {
    let (compiled, values) = load(source, "\"效果\" = \"一般\"");
    jixiao::explain::explain(&compiled, &values).totals
}

#[test]
fn without_grade_bands_the_total_stands_and_no_grade_is_due() {
    let source = single("8", "效果: 档次（明显，一般，没有）", TIERS);
    // Every indicator scored: the total is stated, and the missing grade is
    // the ruleset's choice, not a fault.
    let totals = tier_totals(&source);
    let total = totals.iter().find(|step| step.kind == "total");
    assert_eq!(
        total
            .and_then(|step| step.result.as_ref())
            .map(|r| r.shown.as_str()),
        Some("4.8分")
    );
    assert_eq!(
        totals.last().map(|step| step.text.as_str()),
        Some("本体系未设等级，不评定等级")
    );
    let (compiled, values) = load(&source, "\"效果\" = \"一般\"");
    let card = jixiao::eval::score(&compiled, &values);
    let rows = jixiao::render::rows(&card);
    assert_eq!(rows.last().map(|row| row[6].as_str()), Some("未设等级"));
    let json = jixiao::render::json(&card);
    assert!(
        json.contains("\"grade\": null,\n  \"grades_defined\": false,"),
        "{json}"
    );
    assert!(json.contains("\"faults\": []"), "{json}");
}

#[test]
fn a_total_below_every_bounded_band_has_no_grade_but_no_fault() {
    let source = single("8", "效果: 档次（明显，一般，没有）", TIERS).replacen(
        "满分 8",
        "满分 8\n等级 { 优：>= 7；良：>= 6 }",
        1,
    );
    assert_eq!(
        tier_totals(&source).last().map(|step| step.text.as_str()),
        Some("总分 4.80分 不在所设各档，等级无法评定")
    );
}

#[test]
fn a_sum_of_one_part_is_said_once() {
    let source = "体系 \"测试\" { 满分 4 }\n事实 { 甲: 是否\n乙: 是否 }\n\
                  一级 项目（4分）{ 二级 管理（4分）{\n\
                  指标 一（2分）{ 要点 { ① 2分: 甲 } }\n\
                  指标 二（2分）{ 要点 { ① 2分: 乙 } }\n} }\n";
    let (compiled, values) = load(source, "\"甲\" = true\n\"乙\" = false");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let texts: Vec<&str> = explanation.totals.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts[..3],
        [
            "管理小计 = 2.00 + 0.00 = 2.00分（权重4分）",
            "项目小计 = 2.00分（权重4分）",
            "总分 = 2.00分",
        ]
    );
}

#[test]
fn the_markdown_rule_keeps_the_tier_subject() {
    let source = single("8", "效果: 档次（明显，一般，没有）", TIERS);
    let (compiled, values) = load(&source, "\"效果\" = \"一般\"");
    let explanation = jixiao::explain::explain(&compiled, &values);
    assert_eq!(
        explanation.indicators[0].rule,
        "效果 为 明显 得满分；一般 得权重分60%；没有 得0分"
    );
    let markdown = jixiao::explain::markdown(&explanation);
    assert!(
        markdown.contains("| 8 | 效果 为 明显 得满分；一般 得权重分60%；没有 得0分 |"),
        "{markdown}"
    );
}

#[test]
fn proportional_below_threshold_shows_the_proportion() {
    let source = single(
        "6",
        "满意度: %",
        "完成值 = 满意度\n标杆值 95%\n评分 { 完成值 >= 95% 得满分；否则 按比例扣分 }",
    );
    let text = prose(&source, "\"满意度\" = \"90%\"");
    // 6 × 0.90 / 0.95 = 5.684210… → 约5.6842 in prose (shown rounded), 5.68
    // as the score
    assert_phrases(
        &text,
        &["按比例扣分：6 × 90% ÷ 95% = 约5.6842分", "得分 5.68分"],
    );
}

#[test]
fn formula_above_weight_is_clamped_in_words() {
    let source = single(
        "2",
        BUDGET,
        &format!("{EXECUTION}\n评分 {{ 得分 = 完成值 × 权重 }}"),
    );
    let text = prose(&source, "\"实际到位资金\" = 50\n\"实际支出资金\" = 60");
    // 60 / 50 = 120%; 120% × 2 = 2.4 > 2 → 2
    assert_phrases(
        &text,
        &[
            "得分 = 完成值 × 权重 = 120% × 2分 = 2.4分",
            "2.4分超过权重，按权重2分计",
            "得分 2.00分",
        ],
    );
}

#[test]
fn discretion_quotes_the_reason() {
    let source = single(
        "6",
        "家次: 家次",
        "完成值 = 家次\n标杆值 440家次\n评分 { 完成值 >= 标杆值 得满分；否则 酌情扣分 }",
    );
    let facts = "\"家次\" = 400\n[\"酌情\".\"测试指标\"]\n\"得分\" = 5\n\"理由\" = \"受台风影响少检查40家次\"";
    let text = prose(&source, facts);
    assert_phrases(
        &text,
        &[
            "400家次 ≥ 440家次，不成立",
            "酌情给分 5分（理由：受台风影响少检查40家次）",
        ],
    );
}

#[test]
fn a_fault_is_explained_not_hidden() {
    let source = rate_times_weight();
    let text = prose(&source, "\"实际到位资金\" = 0\n\"实际支出资金\" = 1");
    assert_phrases(&text, &["无法计算", "除数为 0"]);
}

fn seed(name: &str) -> (Compiled, FactValues) {
    let root = env!("CARGO_MANIFEST_DIR");
    // A relative path (tests run in the package folder), so that the file
    // names in the JSON snapshots do not depend on where it is checked out.
    let build = jixiao::build_file(std::path::Path::new(&format!("rulesets/{name}.jx")));
    let compiled = build.compiled.expect("the seed rulesets are valid");
    let facts =
        std::fs::read_to_string(format!("{root}/examples/{name}.facts.toml")).expect("shipped");
    let values = jixiao::facts::parse(&facts, Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    (compiled, values)
}

#[test]
fn tracing_never_changes_a_score() {
    for name in ["luohu-2024", "yantian-2024"] {
        let (compiled, values) = seed(name);
        let plain = jixiao::eval::score(&compiled, &values);
        let (traced, traces) = jixiao::eval::score_traced(&compiled, &values);
        assert_eq!(
            jixiao::render::json(&plain),
            jixiao::render::json(&traced),
            "{name}"
        );
        assert_eq!(traces.len(), compiled.indicators().len());
        // Tracing records something for every indicator: at least its raw score.
        assert!(
            traces.iter().all(|trace| trace.raw_score.is_some()),
            "{name}"
        );
    }
}

#[test]
fn luohu_explain_text() {
    let (compiled, values) = seed("luohu-2024");
    insta::assert_snapshot!(jixiao::explain::text(&jixiao::explain::explain(
        &compiled, &values
    )));
}

#[test]
fn yantian_explain_text() {
    let (compiled, values) = seed("yantian-2024");
    insta::assert_snapshot!(jixiao::explain::text(&jixiao::explain::explain(
        &compiled, &values
    )));
}

#[test]
fn luohu_explain_json() {
    let (compiled, values) = seed("luohu-2024");
    insta::assert_snapshot!(jixiao::explain::json(&jixiao::explain::explain(
        &compiled, &values
    )));
}

#[test]
fn yantian_explain_json() {
    let (compiled, values) = seed("yantian-2024");
    insta::assert_snapshot!(jixiao::explain::json(&jixiao::explain::explain(
        &compiled, &values
    )));
}

#[test]
fn luohu_markdown() {
    let (compiled, values) = seed("luohu-2024");
    insta::assert_snapshot!(jixiao::explain::markdown(&jixiao::explain::explain(
        &compiled, &values
    )));
}

#[test]
fn luohu_audit() {
    let (compiled, values) = seed("luohu-2024");
    let audit = jixiao::audit::audit(&compiled, &values);
    // By hand: 预算执行率 3.94 printed vs 3.80 by rule (+0.14), carried into
    // 资金管理 9.94 vs 9.80, 项目管理 19.94 vs 19.80 and the total 99.94 vs 99.80;
    // 表3-2 prints 项目管理 20, which matches neither the rule nor its own rows
    // (9.94 + 10 = 19.94); 一、（三）1 prints 预算执行率 99.5% against 98.46%;
    // 表1-2 prints the target 347家 against 353.
    let findings: Vec<(String, String, String)> = audit
        .discrepancies
        .iter()
        .map(|f| {
            (
                format!("{}:{}", f.what, f.subject),
                f.claimed.clone(),
                f.computed.clone(),
            )
        })
        .collect();
    let title = "安全生产巡查、培训、专家服务综合服务（安全生产专项）";
    let expected: Vec<(String, String, String)> = [
        ("得分:预算执行率", "3.94", "3.80"),
        ("完成值:预算执行率", "99.5%", "98.46%"),
        ("标杆值:纳入监管的企业和机构数量", "347家", "353家"),
        ("小计:资金管理", "9.94", "9.80"),
        ("小计:项目管理", "19.94", "19.80"),
        ("小计:项目管理", "20", "19.80"),
        (&format!("总分:{title}"), "99.94", "99.80"),
        (&format!("总分:{title}"), "99.94", "99.80"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(findings, expected);
    let inner: Vec<(String, String)> = audit
        .inconsistencies
        .iter()
        .map(|f| (f.claimed.clone(), f.computed.clone()))
        .collect();
    assert_eq!(inner, [("20".to_string(), "19.94".to_string())]);
    assert!(!audit.agrees());
    insta::assert_snapshot!(jixiao::audit::text(&audit));
}

#[test]
fn yantian_audit() {
    let (compiled, values) = seed("yantian-2024");
    let audit = jixiao::audit::audit(&compiled, &values);
    // By hand: 成本控制率 5 printed vs 67.00% × 5 = 3.35 (+1.65); 资金使用合规性 4
    // printed vs 1 + 1 + 1 = 3 (④ is a deduction item); so 产出成本 5 vs 3.35,
    // 资金管理 10.35 vs 9.35, 项目产出 35 vs 33.35, 项目过程 18.35 vs 17.35 and the
    // total 98.35 vs 95.70 (twice printed). The printed values agree with each other.
    let subjects: Vec<String> = audit
        .discrepancies
        .iter()
        .map(|f| format!("{}:{}:{}:{}", f.what, f.subject, f.claimed, f.computed))
        .collect();
    assert_eq!(
        subjects,
        [
            "得分:资金使用合规性:4:3.00",
            "得分:成本控制率:5:3.35",
            "小计:资金管理:10.35:9.35",
            "小计:项目过程:18.35:17.35",
            "小计:产出成本:5:3.35",
            "小计:项目产出:35:33.35",
            "总分:局相关业务安全生产工作经费:98.35:95.70",
            "总分:局相关业务安全生产工作经费:98.35:95.70",
        ]
    );
    assert!(audit.inconsistencies.is_empty());
    insta::assert_snapshot!(jixiao::audit::text(&audit));
}

#[test]
fn a_report_that_agrees_passes_the_audit() {
    let source = rate_times_weight();
    let facts = "\"实际到位资金\" = 100\n\"实际支出资金\" = 90\n\
                 [\"报告\"]\n\"总分\" = 3.6\n[\"报告\".\"得分\"]\n\"测试指标\" = 3.6\n\
                 [\"报告\".\"完成值\"]\n\"测试指标\" = \"90%\"";
    let (compiled, values) = load(&source, facts);
    // 90 / 100 = 90%; 90% × 4 = 3.6 — everything printed agrees.
    let audit = jixiao::audit::audit(&compiled, &values);
    assert!(audit.agrees(), "{}", jixiao::audit::text(&audit));
    assert_eq!(audit.compared, 3);
}

#[test]
fn a_total_that_cannot_be_computed_is_not_given_points() {
    // 实际到位资金 0: the rate 实际支出资金 ÷ 0 is a fault, so the indicator,
    // its sub-totals and the total have no score; none is written "无法计算分".
    let source = single(
        "4",
        "实际到位资金: 万元\n实际支出资金: 万元",
        "完成值 = 实际支出资金 / 实际到位资金 × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 }",
    );
    let (compiled, values) = load(&source, "\"实际到位资金\" = 0\n\"实际支出资金\" = 1");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let total = explanation.totals.iter().find(|step| step.kind == "total");
    assert_eq!(
        total.map(|step| step.text.as_str()),
        Some("总分 = 无法计算")
    );
}

#[test]
fn audit_headline_counts_what_could_not_be_compared() {
    let source = "体系 \"示例\" { 满分 4 }\n事实 { 到位: 万元  支出: 万元 }\n\
        一级 甲（4分）{ 二级 乙（4分）{ 指标 预算执行率（4分）{\n\
        完成值 = 支出 / 到位 × 100%\n标杆值 100%\n评分 { 完成值 >= 100% 得满分；否则 按比例扣分 } } } }\n";
    let compiled = jixiao::build("示例.jx", source)
        .compiled
        .expect("the example builds");
    // One printed score that is a number and agrees (4 of 4 at 100%), one
    // that is not a number: compared 1, different 0, and 1 not compared.
    let facts =
        "\"到位\" = 10\n\"支出\" = 10\n[\"报告\".\"得分\"]\n\"预算执行率\" = [4, \"满分\"]\n";
    let values = jixiao::facts::parse(facts, Format::Toml, &compiled).expect("the facts read");
    let audit = jixiao::audit::audit(&compiled, &values);
    assert_eq!((audit.compared, audit.skipped.len()), (1, 1));
    let headline = jixiao::audit::text(&audit);
    assert!(
        headline.contains("不符 0 处，报告自身前后不一致 0 处；另有 1 项未能比对"),
        "{headline}"
    );
}

#[test]
fn an_audit_that_compared_nothing_does_not_agree() {
    // The only printed score is a word, not a number: nothing is compared,
    // nothing differs, every name is known — and still it is not agreement.
    let source = rate_times_weight();
    let facts = "\"实际到位资金\" = 100\n\"实际支出资金\" = 90\n\
                 [\"报告\".\"得分\"]\n\"测试指标\" = \"满分\"";
    let (compiled, values) = load(&source, facts);
    let audit = jixiao::audit::audit(&compiled, &values);
    assert_eq!((audit.compared, audit.skipped.len()), (0, 1));
    assert!(audit.discrepancies.is_empty() && audit.unknown.is_empty());
    assert!(!audit.agrees());
}

#[test]
fn a_printed_subtotal_is_checked_against_its_printed_rows() {
    // 二级 乙 holds 甲指标 and 乙指标 of 4 points each. The report prints their
    // scores 4 and 3 and the sub-total 8: its own rows add up to 4 + 3 = 7.
    let source = "体系 \"示例\" { 满分 8 }\n事实 { 完成甲: 是否  完成乙: 是否 }\n\
        一级 甲（8分）{ 二级 乙（8分）{\n\
        指标 甲指标（4分）{ 评分 { 完成甲 得满分；否则 不得分 } }\n\
        指标 乙指标（4分）{ 评分 { 完成乙 得满分；否则 不得分 } } } }\n";
    let facts = "\"完成甲\" = true\n\"完成乙\" = true\n\
                 [\"报告\".\"得分\"]\n\"甲指标\" = 4\n\"乙指标\" = 3\n\
                 [\"报告\".\"小计\"]\n\"乙\" = 8\n";
    let (compiled, values) = load(source, facts);
    let audit = jixiao::audit::audit(&compiled, &values);
    let sums: Vec<(&str, &str, &str, &str)> = audit
        .inconsistencies
        .iter()
        .map(|f| {
            (
                f.what,
                f.subject.as_str(),
                f.claimed.as_str(),
                f.computed.as_str(),
            )
        })
        .collect();
    assert_eq!(sums, [("小计", "乙", "8", "7")]);
}

#[test]
fn a_printed_rate_is_compared_at_the_places_it_is_printed() {
    // 98.46 ÷ 100 = 98.46%. Printed with no decimals it is 98% (agrees); with
    // one, 98.5% agrees and 98.4% does not; with two, 98.46% agrees.
    let source = rate_times_weight();
    let differs = |printed: &str| {
        let facts = format!(
            "\"实际到位资金\" = 100\n\"实际支出资金\" = 98.46\n\
             [\"报告\".\"完成值\"]\n\"测试指标\" = \"{printed}\""
        );
        let (compiled, values) = load(&source, &facts);
        let audit = jixiao::audit::audit(&compiled, &values);
        assert_eq!(audit.compared, 1, "{printed}");
        !audit.discrepancies.is_empty()
    };
    let verdicts: Vec<bool> = ["98%", "98.5%", "98.4%", "98.46%"]
        .into_iter()
        .map(differs)
        .collect();
    assert_eq!(verdicts, [false, false, true, false]);
}

#[test]
fn a_printed_amount_is_compared_in_its_own_unit() {
    // 完成值 is 支出 = 62.4612万元. Printed 62.46万元, it agrees at two places of
    // 万元 (in 元 the two would be 624,600 and 624,612); 62.45万元 does not.
    let source = single(
        "4",
        "支出: 万元",
        "完成值 = 支出\n评分 { 完成值 >= 50万元 得满分；否则 不得分 }",
    );
    let differs = |printed: &str| {
        let facts =
            format!("\"支出\" = 62.4612\n[\"报告\".\"完成值\"]\n\"测试指标\" = \"{printed}\"");
        let (compiled, values) = load(&source, &facts);
        let audit = jixiao::audit::audit(&compiled, &values);
        assert_eq!(audit.compared, 1, "{printed}");
        !audit.discrepancies.is_empty()
    };
    assert_eq!((differs("62.46万元"), differs("62.45万元")), (false, true));
}

#[test]
fn the_audit_in_json_carries_its_counts_and_findings() {
    // 罗湖: the report's 预算执行率 3.94 against 3.80 by its own rule.
    let (compiled, values) = seed("luohu-2024");
    let audit = jixiao::audit::audit(&compiled, &values);
    let data: serde_json::Value =
        serde_json::from_str(&jixiao::audit::json(&audit)).expect("the audit is JSON");
    assert_eq!(data["compared"].as_u64(), Some(audit.compared as u64));
    let execution = data["discrepancies"]
        .as_array()
        .expect("a list of discrepancies")
        .iter()
        .find(|finding| finding["subject"] == "预算执行率")
        .expect("预算执行率 differs");
    assert_eq!(
        (
            execution["claimed"].as_str(),
            execution["computed"].as_str()
        ),
        (Some("3.94"), Some("3.80"))
    );
}

#[test]
fn json_spans_are_offsets_in_the_file_they_name() {
    let (compiled, values) = seed("luohu-2024");
    let json = jixiao::explain::json(&jixiao::explain::explain(&compiled, &values));
    let data: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut spans = Vec::new();
    collect_spans(&data, &mut spans);
    let in_library = spans
        .iter()
        .filter(|span| {
            span["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("framework-2020.jx"))
        })
        .count();
    assert!(in_library > 0, "the 罗湖 card reuses library rules");
    for span in spans {
        let file = span["file"].as_str().expect("a file");
        let text = std::fs::read_to_string(file).expect("the named file");
        let start = span["start"].as_u64().expect("start") as usize;
        let end = span["end"].as_u64().expect("end") as usize;
        assert!(start <= end && end <= text.len(), "{span} in {file}");
        // The line and column the span gives are where `start` is in that file.
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        assert_eq!(
            (span["line"].as_u64(), span["column"].as_u64()),
            (Some(line as u64), Some(column as u64)),
            "{span}"
        );
    }
}

fn collect_spans(value: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(span) = map.get("span").filter(|span| span.is_object()) {
                out.push(span.clone());
            }
            map.values().for_each(|inner| collect_spans(inner, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|inner| collect_spans(inner, out)),
        _ => {}
    }
}
