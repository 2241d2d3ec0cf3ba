//! No input panics: every prefix of a real ruleset, hostile nesting, and
//! malformed facts come back as diagnostics.

use miette::Diagnostic;

fn seed(name: &str) -> String {
    let path = format!("{}/rulesets/{name}.jx", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("ruleset is shipped")
}

#[test]
fn every_prefix_of_a_seed_ruleset_builds_without_panic() {
    let text = seed("luohu-2024");
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    // Every 7th character keeps the run short while cutting through every construct.
    for &end in boundaries.iter().step_by(7) {
        let build = jixiao::build("prefix.jx", &text[..end]);
        assert!(build.compiled.is_some() || !build.diagnostics.is_empty());
    }
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    let hostile = format!(
        "体系 \"x\" {{}} 事实 {{ a: 家 }} 一级 g（1分）{{ 指标 i（1分）{{ 完成值 = {}a{} 评分 {{ 得分 = 1分 }} }} }}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let build = jixiao::build("deep.jx", &hostile);
    assert!(build.compiled.is_none());
    let codes: Vec<String> = build
        .diagnostics
        .iter()
        .filter_map(|d| d.code().map(|c| c.to_string()))
        .collect();
    assert_eq!(codes, ["jixiao::parse::too_deep"]);
}

#[test]
fn a_literal_that_overflows_on_conversion_is_a_diagnostic() {
    let text = "体系 \"x\" {} 事实 { a: 元 } 一级 g（1分）{ 指标 i（1分）{ 完成值 = a 标杆值 79228162514264337593543950万元 评分 { 完成值 >= 标杆值 得满分；否则 得0分 } } }";
    let build = jixiao::build("overflow.jx", text);
    assert!(build.compiled.is_none());
    let code = build
        .diagnostics
        .first()
        .and_then(|d| d.code().map(|c| c.to_string()));
    assert_eq!(code.as_deref(), Some("jixiao::parse::number"));
}

#[test]
fn malformed_facts_are_all_reported_together() {
    let path = format!("{}/rulesets/luohu-2024.jx", env!("CARGO_MANIFEST_DIR"));
    let compiled = jixiao::build_file(std::path::Path::new(&path))
        .compiled
        .expect("seed is valid");
    let facts = r#"
        "预算资金" = "六十万"
        "满意度" = "98,46%"
        "综合治理效果" = "很好"
        "预算资全" = 1
    "#;
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .expect_err("every value above is wrong");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    // Each error points into the facts file: line 2 holds 预算资金's value.
    let first_label = errors[0]
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| (label.offset(), label.len()));
    let line_two = facts
        .find("\"预算资金\" = ")
        .map(|at| at + "\"预算资金\" = ".len());
    assert_eq!(first_label, line_two.map(|at| (at, "\"六十万\"".len())));
    assert!(
        errors.iter().all(|error| error.labels().is_some()),
        "{errors:?}"
    );
    let unknown = errors
        .iter()
        .find_map(|e| match e {
            jixiao::facts::FactError::UnknownFact { help, .. } => Some(help.clone()),
            _ => None,
        })
        .expect("预算资全 is unknown");
    assert!(unknown.contains("预算资金"), "{unknown}");
    for garbage in ["", "[", "{", "\"a\" = [1, 2]", "[酌情]\n\"x\" = 1"] {
        let _ = jixiao::facts::parse(garbage, jixiao::facts::Format::Toml, &compiled);
        let _ = jixiao::facts::parse(garbage, jixiao::facts::Format::Json, &compiled);
    }
}

#[test]
fn a_value_outside_the_declared_range_is_refused_with_its_place() {
    let ruleset = "体系 \"x\" { 满分 6 }\n事实 { 满意度: % 在 0%..100% }\n\
                   一级 a（6分）{ 二级 b（6分）{ 指标 满意度指标（6分）{ 完成值 = 满意度 标杆值 95% \
                   评分 { 完成值 >= 95% 得满分；否则 按比例扣分 } } } }";
    let compiled = jixiao::build("range.jx", ruleset)
        .compiled
        .expect("valid ruleset");
    let facts = "\"满意度\" = \"950%\"";
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .expect_err("950% is outside 0%..100%");
    let codes: Vec<String> = errors
        .iter()
        .filter_map(|e| e.code().map(|c| c.to_string()))
        .collect();
    assert_eq!(codes, ["jixiao::facts::out_of_range"]);
    let label = errors[0].labels().and_then(|mut labels| labels.next());
    // `"满意度"` is 1 + 9 + 1 = 11 bytes, then ` = `: the value starts at byte 14.
    assert_eq!(
        label.map(|l| (l.offset(), l.len())),
        Some((14, "\"950%\"".len()))
    );
    // The bounds themselves are inside: 100% scores full marks.
    let values = jixiao::facts::parse(
        "\"满意度\" = \"100%\"",
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect("100% is inside");
    let card = jixiao::eval::score(&compiled, &values);
    assert_eq!(card.total.map(|t| t.to_string()), Some("6.00".into()));
}
