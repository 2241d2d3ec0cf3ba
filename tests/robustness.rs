//! No input panics: every prefix of a real ruleset, hostile nesting, and
//! malformed facts come back as diagnostics.

mod common;
use common::build_codes;
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
    assert!(jixiao::build("deep.jx", &hostile).compiled.is_none());
    assert_eq!(build_codes(&hostile), ["jixiao::parse::too_deep"]);
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

        ["酌情"."不存在的指标"]
        "得分" = 1
        "理由" = "无"
    "#;
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .expect_err("every value above is wrong");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
    // Each error points into the facts file: line 2 holds 预算资金's value.
    let first_label = errors[0]
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| (label.offset(), label.len()));
    let line_two = facts
        .find("\"预算资金\" = ")
        .map(|at| at + "\"预算资金\" = ".len());
    assert_eq!(first_label, line_two.map(|at| (at, "\"六十万\"".len())));
    // Every error has a place (an optional label gives an empty list, not None).
    let place = |error: &jixiao::facts::FactError| {
        error
            .labels()
            .and_then(|mut labels| labels.next())
            .map(|label| (label.offset(), label.len()))
    };
    assert!(
        errors.iter().all(|error| place(error).is_some()),
        "{errors:?}"
    );
    // An unknown fact and an unknown indicator point at their keys.
    let key_at = |key: &str| facts.find(key).map(|at| (at, key.len()));
    let placed: Vec<_> = errors.iter().map(place).collect();
    assert!(placed.contains(&key_at("\"预算资全\"")), "{placed:?}");
    assert!(placed.contains(&key_at("\"不存在的指标\"")), "{placed:?}");
    let unknown = errors
        .iter()
        .find_map(|e| match e {
            jixiao::facts::FactError::UnknownFact { help, .. } => Some(help.clone()),
            _ => None,
        })
        .expect("预算资全 is unknown");
    assert!(unknown.contains("预算资金"), "{unknown}");
}

/// Broken facts files, each refused with the code that names what is wrong.
/// An empty TOML file is a valid file that gives no facts: it reads, with one
/// warning listing every fact it lacks, and scoring then faults.
#[test]
fn broken_facts_files_are_refused_with_their_codes() {
    use jixiao::facts::Format::{Json, Toml};
    let path = format!("{}/rulesets/luohu-2024.jx", env!("CARGO_MANIFEST_DIR"));
    let compiled = jixiao::build_file(std::path::Path::new(&path))
        .compiled
        .expect("seed is valid");
    let refused = [
        ("[", Toml, "jixiao::facts::syntax"),
        ("{", Toml, "jixiao::facts::syntax"),
        ("\"a\" = [1, 2]", Toml, "jixiao::facts::unknown_fact"),
        ("[酌情]\n\"x\" = 1", Toml, "jixiao::facts::syntax"),
        (
            "[\"酌情\"]\n\"x\" = { \"得分\" = 1, \"理由\" = \"因\" }",
            Toml,
            "jixiao::facts::unknown_indicator",
        ),
        ("", Json, "jixiao::facts::syntax"),
        ("[", Json, "jixiao::facts::syntax"),
        ("{", Json, "jixiao::facts::syntax"),
        ("\"a\" = [1, 2]", Json, "jixiao::facts::syntax"),
    ];
    for (text, format, code) in refused {
        let errors = jixiao::facts::parse(text, format, &compiled)
            .expect_err(&format!("{text:?} as {format:?} is refused"));
        let first = errors[0].code().map(|c| c.to_string());
        assert_eq!(first.as_deref(), Some(code), "{text:?} as {format:?}");
    }
    // The parser's English is only the detail after a Chinese meaning.
    let unquoted = jixiao::facts::parse("[酌情]", Toml, &compiled).expect_err("bare key");
    assert!(
        unquoted[0]
            .to_string()
            .starts_with("事实文件无法读取：键名写法有误：中文键名要加引号"),
        "{}",
        unquoted[0]
    );
    let empty = jixiao::facts::parse("", Toml, &compiled).expect("an empty TOML file reads");
    let warnings: Vec<String> = empty
        .warnings
        .iter()
        .filter_map(|w| w.code().map(|c| c.to_string()))
        .collect();
    assert_eq!(warnings, ["jixiao::facts::missing_fact"]);
    let card = jixiao::eval::score(&compiled, &empty);
    assert!(
        card.total.is_none() && !card.faults.is_empty(),
        "no facts, no total"
    );
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

#[test]
fn the_magnitude_limit_is_ten_to_the_fifteenth() {
    assert_eq!(
        jixiao::lang::units::MAX_MAGNITUDE,
        rust_decimal::Decimal::from(1_000_000_000_000_000u64)
    );
}

#[test]
fn long_chains_and_repeated_negations_are_refused_not_overflowing_the_stack() {
    let chain = std::iter::repeat_n("a", 10_000)
        .collect::<Vec<_>>()
        .join(" + ");
    let long = format!(
        "体系 \"x\" {{ 满分 4 }}\n事实 {{ a: % }}\n一级 g（4分）{{ 二级 h（4分）{{ 指标 i（4分）{{ \
         完成值 = {chain} 评分 {{ 得分 = 完成值 × 权重 }} }} }} }}"
    );
    assert_eq!(build_codes(&long), ["jixiao::parse::too_deep"]);
    let negations = "不 ".repeat(5_000);
    let negated = format!(
        "体系 \"x\" {{ 满分 4 }}\n事实 {{ a: 是否 }}\n一级 g（4分）{{ 二级 h（4分）{{ 指标 i（4分）{{ \
         评分 {{ {negations}a 得满分；否则 得0分 }} }} }} }}"
    );
    // Refused either by the depth limit or, deeper still, by the parser itself.
    let refused = build_codes(&negated);
    assert!(
        refused == ["jixiao::parse::too_deep"] || refused == ["jixiao::parse::syntax"],
        "{refused:?}"
    );
    // A chain of n terms is n − 1 operations deep: 65 terms (64 deep) are
    // within the limit, 66 are past it.
    let chain_of = |terms: usize| {
        let chain = std::iter::repeat_n("a", terms)
            .collect::<Vec<_>>()
            .join(" + ");
        format!(
            "体系 \"x\" {{ 满分 4 }}\n事实 {{ a: % }}\n一级 g（4分）{{ 二级 h（4分）{{ 指标 i（4分）{{ \
             完成值 = {chain} 评分 {{ 得分 = 完成值 × 权重 }} }} }} }}"
        )
    };
    assert_eq!(build_codes(&chain_of(65)), Vec::<String>::new());
    assert_eq!(build_codes(&chain_of(66)), ["jixiao::parse::too_deep"]);
    // 64 不 in a row are within the limit, 65 are past it.
    let negated_times = |times: usize| {
        format!(
            "体系 \"x\" {{ 满分 4 }}\n事实 {{ a: 是否 }}\n一级 g（4分）{{ 二级 h（4分）{{ 指标 i（4分）{{ \
             评分 {{ {}a 得满分；否则 得0分 }} }} }} }}",
            "不 ".repeat(times)
        )
    };
    assert_eq!(build_codes(&negated_times(64)), Vec::<String>::new());
    assert_eq!(build_codes(&negated_times(65)), ["jixiao::parse::too_deep"]);
}

#[test]
fn huge_numbers_are_refused_where_they_are_written() {
    let weights = "体系 \"x\" { 满分 4 }\n事实 { a: 是否 }\n一级 g（4分）{ 二级 h（4分）{ \
                   指标 i（50000000000000000000000000000分）{ 要点 { ① 1分: a } } } }";
    assert!(build_codes(weights).contains(&"jixiao::parse::number".to_string()));
    let places = "体系 \"x\" { 满分 4 保留 4000000000 位小数 }\n事实 { a: 是否 }\n\
                  一级 g（4分）{ 二级 h（4分）{ 指标 i（4分）{ 要点 { ① 4分: a } } } }";
    assert_eq!(build_codes(places), ["jixiao::parse::number"]);
    let ruleset = "体系 \"x\" { 满分 4 }\n事实 { b: 数值 }\n一级 g（4分）{ 二级 h（4分）{ \
                   指标 i（4分）{ 完成值 = b 评分 { 得分 = 完成值 × 权重 } } } }";
    let compiled = jixiao::build("x.jx", ruleset).compiled.expect("valid");
    let errors = jixiao::facts::parse(
        "\"b\" = 70000000000000000000000000000",
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect_err("the value is beyond 10^15");
    assert_eq!(errors.len(), 1);
    // A claim beyond any range is compared without panicking.
    let values = jixiao::facts::parse(
        "\"b\" = 1\n[\"报告\"]\n\"总分\" = \"-79228162514264337593543950335\"\n\
         [\"报告\".\"得分\"]\n\"i\" = \"79228162514264337593543950335\"",
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect("claims are text");
    let audit = jixiao::audit::audit(&compiled, &values);
    assert!(!audit.agrees());
}

#[test]
fn a_bad_value_says_how_its_type_is_written() {
    let ruleset = "体系 \"x\" { 满分 6 }\n\
                   事实 { 是否完成: 是否  完成日期: 日期  程度: 档次（高，低）  资金: 万元  \
                   满意度: %  次数: 数值 }\n\
                   一级 a（6分）{ 二级 b（6分）{\n\
                   指标 甲（1分）{ 评分 { 是否完成 得满分；否则 得0分 } }\n\
                   指标 乙（1分）{ 评分 { 完成日期 <= 2024-12-31 得满分；否则 得0分 } }\n\
                   指标 丙（1分）{ 评分 { 程度为高 得满分；否则 得0分 } }\n\
                   指标 丁（1分）{ 评分 { 资金 >= 1万元 得满分；否则 得0分 } }\n\
                   指标 戊（1分）{ 评分 { 满意度 >= 90% 得满分；否则 得0分 } }\n\
                   指标 己（1分）{ 评分 { 次数 >= 1 得满分；否则 得0分 } }\n\
                   } }";
    let compiled = jixiao::build("help.jx", ruleset)
        .compiled
        .expect("valid ruleset");
    let facts = "\"是否完成\" = \"不知道\"\n\"完成日期\" = \"不知道\"\n\"程度\" = \"不知道\"\n\
                 \"资金\" = \"不知道\"\n\"满意度\" = \"不知道\"\n\"次数\" = \"1.00000000000000000000000000001\"\n\
                 \"满\u{200B}意度\" = 1\n\
                 \n\
                 [\"酌情\".\"甲\u{200B}\"]\n\"得分\" = 1\n\"理由\" = \"无\"";
    let errors = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .expect_err("no value above is of its type");
    let help = |name: &str| {
        errors
            .iter()
            .find_map(|error| match error {
                jixiao::facts::FactError::BadValue { name: n, help, .. } if n == name => {
                    Some(help.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no bad value for {name}: {errors:?}"))
    };
    assert!(help("是否完成").contains("true / false"));
    assert!(help("完成日期").contains("\"2024-12-31\""));
    assert!(help("程度").contains("写其中一个档次：高，低"));
    assert!(help("资金").contains("\"61.5万元\""));
    assert!(help("满意度").contains("\"98.46%\""));
    // 29 decimal places: more than a decimal holds exactly.
    assert!(help("次数").contains("至多 28 位"));
    // A zero-width space in an unknown fact or 酌情 indicator is shown as
    // its code point; 29 decimal places are more than a decimal holds.
    let shown = |unknown: fn(&jixiao::facts::FactError) -> bool| -> Vec<String> {
        errors
            .iter()
            .filter(|error| unknown(error))
            .map(ToString::to_string)
            .collect()
    };
    let facts_shown = shown(|e| matches!(e, jixiao::facts::FactError::UnknownFact { .. }));
    let unknown_fact = facts_shown
        .iter()
        .find(|text| text.contains("满U+200B意度"));
    assert!(unknown_fact.is_some(), "{facts_shown:?}");
    let indicators = shown(|e| matches!(e, jixiao::facts::FactError::UnknownIndicator { .. }));
    assert!(
        indicators.len() == 1 && indicators[0].contains("甲U+200B"),
        "{indicators:?}"
    );
}
