//! The two seed reports scored end to end. Every expected score below is
//! computed by hand from the report's 评分标准 and facts, with the arithmetic
//! beside it; none is copied from the program's output.

use jixiao::eval::{GroupScore, NodeScore, ScoreCard};
use std::collections::BTreeMap;

fn score_example(name: &str) -> ScoreCard {
    let ruleset_path = format!("{}/rulesets/{name}.jx", env!("CARGO_MANIFEST_DIR"));
    let facts_path = format!("{}/examples/{name}.facts.toml", env!("CARGO_MANIFEST_DIR"));
    let build = jixiao::build_file(std::path::Path::new(&ruleset_path));
    let errors: Vec<String> = build.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let compiled = build
        .compiled
        .unwrap_or_else(|| panic!("{}", errors.join("\n")));
    let facts_text = std::fs::read_to_string(&facts_path).expect("facts are shipped");
    let facts = jixiao::facts::parse(&facts_text, jixiao::facts::Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    jixiao::eval::score(&compiled, &facts)
}

fn indicators(card: &ScoreCard) -> BTreeMap<String, String> {
    card.indicators()
        .into_iter()
        .map(|i| {
            (
                i.name.clone(),
                i.score.map_or("fault".into(), |s| s.to_string()),
            )
        })
        .collect()
}

fn subtotals(card: &ScoreCard) -> BTreeMap<String, String> {
    fn walk(group: &GroupScore, out: &mut BTreeMap<String, String>) {
        out.insert(
            group.name.clone(),
            group.score.map_or("fault".into(), |s| s.to_string()),
        );
        for child in &group.children {
            if let NodeScore::Group(inner) = child {
                walk(inner, out);
            }
        }
    }
    let mut out = BTreeMap::new();
    for group in &card.groups {
        walk(group, &mut out);
    }
    out
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn luohu_every_indicator_by_hand() {
    let card = score_example("luohu-2024");
    assert!(card.faults.is_empty(), "{:?}", card.faults);
    let expected = expect(&[
        // Checklists: every item holds per the report's prose.
        ("立项依据充分性", "4.00"), // 0.5 + 1 + 1 + 1 + 0.5 (⑤ 不重复) = 4
        ("立项程序规范性", "3.00"), // gate ① holds; 1 + 1 + 1 = 3
        ("绩效目标合理性", "4.00"), // 1 + 1 + 1 + 1 = 4
        ("绩效目标明确性", "3.00"), // 1 + 1 + 1 = 3
        ("预算编制科学性", "3.00"), // 1 + 1 + 1 = 3
        ("资金分配合理性", "3.00"), // 1.5 + 1.5 = 3
        ("资金到位率", "2.00"),     // 62.46 / 62.46 = 100%; 100% × 2 = 2
        // 61.5 / 62.46 = 98.4630…%, 1.5369… points below 100%; 不足1个百分点按1个
        // → 2 points; 4 − 2 × 0.1 = 3.80
        ("预算执行率", "3.80"),
        ("资金使用合规性", "4.00"), // gate ① holds; 1 + 1 + 1 + 1 (④ 不存在挪用) = 4
        ("管理制度健全性", "5.00"), // 2.5 + 2.5 = 5
        ("制度执行有效性", "5.00"), // 2 + 1 + 1 + 1 = 5
        ("纳入监管的企业和机构数量", "7.00"), // 353 ≥ 353 → full 7
        ("制定安全生产管理标准数量", "3.00"), // 2 ≥ 2 → full 3
        ("安全生产隐患排查覆盖率", "5.00"), // 353 / 353 = 100%; 100% × 5 = 5
        ("安全隐患整改完成率", "5.00"), // 801 / 801 = 100%; 100% × 5 = 5
        ("安全生产隐患排查及时率", "6.00"), // 0 days late; 6 − 0 × 0.1 = 6
        ("合同总价额支付率", "4.00"), // 61.5 / 61.5 = 100%; 100% × 4 = 4
        ("生产安全事故发生宗数", "8.00"), // no accident → full 8
        ("重点时段工作安全保障率", "8.00"), // 4 of 4 measures; 8 − 0 × 2 = 8
        ("深入推进安全生产综合治理", "8.00"), // 明显 → full 8
        ("辖区监管企业和机构满意度", "6.00"), // 100% ≥ 95% → full 6
    ]);
    assert_eq!(indicators(&card), expected);
    let expected_subtotals = expect(&[
        ("项目决策", "20.00"), // 7 + 7 + 6
        ("项目立项", "7.00"),  // 4 + 3
        ("绩效目标", "7.00"),  // 4 + 3
        ("资金投入", "6.00"),  // 3 + 3
        ("项目管理", "19.80"), // 9.80 + 10
        ("资金管理", "9.80"),  // 2 + 3.80 + 4
        ("组织实施", "10.00"), // 5 + 5
        ("项目产出", "30.00"), // 10 + 10 + 6 + 4
        ("产出数量", "10.00"), // 7 + 3
        ("产出质量", "10.00"), // 5 + 5
        ("产出时效", "6.00"),
        ("产出成本", "4.00"),
        ("项目效益", "30.00"), // 24 + 6
        ("社会效益", "24.00"), // 8 + 8 + 8
        ("满意度", "6.00"),
    ]);
    assert_eq!(subtotals(&card), expected_subtotals);
    // 20 + 19.80 + 30 + 30 = 99.80 ≥ 90 → 优 (the report prints 99.94)
    assert_eq!(card.total.map(|t| t.to_string()), Some("99.80".into()));
    assert_eq!(card.grade.as_deref(), Some("优"));
}

#[test]
fn yantian_every_indicator_by_hand() {
    let card = score_example("yantian-2024");
    assert!(card.faults.is_empty(), "{:?}", card.faults);
    let expected = expect(&[
        ("立项依据充分性", "5.00"), // 1 × 5 items = 5
        ("立项程序规范性", "2.00"), // 1 + 0.5 + 0.5 = 2
        ("绩效目标合理性", "4.00"), // 1 × 4 = 4
        ("绩效指标明确性", "3.00"), // 1 + 1 + 3 = 5, clamped to the weight 3
        ("预算编制科学性", "4.00"), // 1 × 4 = 4
        ("资金分配合理性", "2.00"), // 1 + 1 = 2
        ("资金到位率", "3.00"),     // 59.40 / 59.40 = 100%; 100% × 3 = 3
        // 39.80 / 59.40 = 0.670033…; × 5 = 3.350168… → 3.35
        ("预算执行率", "3.35"),
        // ①②③ hold: 1 + 1 + 1 = 3; ④ 扣1分 does not apply (no 挪用) → 3, short of 4
        ("资金使用合规性", "3.00"),
        ("管理制度健全性", "4.00"),                   // 2 + 2 = 4
        ("制度执行有效性", "4.00"),                   // 1 × 4 = 4
        ("督导检查商务领域安全生产企业家次", "6.00"), // 450 ≥ 440 → full 6
        (
            "开展纳管规模以上工业企业安全生产检查及隐患整改复查家次",
            "7.00",
        ), // 310 ≥ 300 → 7
        ("安全生产工作任务通过市、区考核合格率", "10.00"), // 100% ≥ 100% → full 10
        ("完成对我局涉及商务领域、工业领域企业的安全生产工作", "7.00"), // 12-31 ≤ 12-31 → 7
        // 成本控制率 = 39.80 / 59.40 = 0.670033…; 得分=成本控制率*权重 = 3.350168… → 3.35
        ("成本控制率", "3.35"),
        ("保障局相关安全生产工作完成情况", "20.00"), // 100% × 20 = 20
        ("工作人员满意度", "5.00"),                  // 95% > 90% → full 5
    ]);
    assert_eq!(indicators(&card), expected);
    let expected_subtotals = expect(&[
        ("项目决策", "20.00"), // 7 + 7 + 6
        ("项目立项", "7.00"),  // 5 + 2
        ("绩效目标", "7.00"),  // 4 + 3
        ("资金投入", "6.00"),  // 4 + 2
        ("项目过程", "17.35"), // 9.35 + 8
        ("资金管理", "9.35"),  // 3 + 3.35 + 3
        ("组织实施", "8.00"),  // 4 + 4
        ("项目产出", "33.35"), // 13 + 10 + 7 + 3.35
        ("产出数量", "13.00"), // 6 + 7
        ("产出质量", "10.00"),
        ("产出时效", "7.00"),
        ("产出成本", "3.35"),
        ("项目效益", "25.00"), // 20 + 5
        ("社会效益", "20.00"),
        ("服务对象满意度", "5.00"),
    ]);
    assert_eq!(subtotals(&card), expected_subtotals);
    // 20 + 17.35 + 33.35 + 25 = 95.70 ≥ 90 → 优 (the report prints 98.35)
    assert_eq!(card.total.map(|t| t.to_string()), Some("95.70".into()));
    assert_eq!(card.grade.as_deref(), Some("优"));
}

#[test]
fn luohu_table_snapshot() {
    insta::assert_snapshot!(jixiao::render::table(&score_example("luohu-2024")));
}

#[test]
fn luohu_json_snapshot() {
    insta::assert_snapshot!(jixiao::render::json(&score_example("luohu-2024")));
}

#[test]
fn yantian_table_snapshot() {
    insta::assert_snapshot!(jixiao::render::table(&score_example("yantian-2024")));
}

#[test]
fn yantian_json_snapshot() {
    insta::assert_snapshot!(jixiao::render::json(&score_example("yantian-2024")));
}

#[test]
fn seed_rulesets_check_with_only_the_expected_warnings() {
    for (name, expected) in [
        ("luohu-2024", vec![]),
        // Y's 绩效指标明确性 items 1+1+3 against 3; 资金使用合规性 items 1+1+1 against 4.
        (
            "yantian-2024",
            vec![
                "jixiao::check::checklist_points",
                "jixiao::check::checklist_points",
            ],
        ),
    ] {
        let path = format!("{}/rulesets/{name}.jx", env!("CARGO_MANIFEST_DIR"));
        let build = jixiao::build_file(std::path::Path::new(&path));
        let codes: Vec<String> = build
            .diagnostics
            .iter()
            .filter_map(|d| d.code().map(|c| c.to_string()))
            .collect();
        assert_eq!(codes, expected, "{name}");
        assert!(build.compiled.is_some(), "{name}");
    }
}
