//! 专家打分取平均: an indicator scored by the mean of the scores its experts
//! gave, read from the facts' 专家评分 table. Every expected value is worked
//! out by hand from the rule text; the arithmetic is in the comment beside
//! the assertion.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

use jixiao::facts::Format;

/// 项目实施效果（10分）scored by `rule`, rounded as `rounding` says.
fn experts_card(rule: &str, rounding: &str) -> String {
    format!(
        "体系 \"测试\" {{ 满分 10\n {rounding} }}\n\
         事实 {{ }}\n\
         一级 项目绩效（10分）{{\n\
         指标 项目实施效果（10分）{{ 评分 {{ {rule} }} }}\n\
         }}\n"
    )
}

/// The 专家评分 table for 项目实施效果 with these `expert = score` lines.
fn experts(lines: &str) -> String {
    format!("[\"专家评分\".\"项目实施效果\"]\n{lines}\n")
}

fn facts_error_codes(source: &str, facts: &str, format: Format) -> Vec<String> {
    let compiled = compile(source);
    match jixiao::facts::parse(facts, format, &compiled) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .filter_map(|error| miette::Diagnostic::code(error).map(|code| code.to_string()))
            .collect(),
    }
}

const HALF_UP: &str = "保留两位小数，四舍五入";

#[test]
fn the_printed_wordings_all_take_the_mean() {
    // (8 + 9 + 7) ÷ 3 = 24 ÷ 3 = 8.
    let three = experts("\"张明\" = 8\n\"李华\" = 9\n\"王强\" = 7");
    for rule in [
        "由评价组专家打分，取平均分",
        "专家打分取平均",
        "专家评分，取平均值。",
        "取各专家评分的平均值",
        "按专家打分的算术平均值计分",
        "得分为专家评分的平均分",
    ] {
        let source = experts_card(rule, HALF_UP);
        assert_eq!(both_totals(&source, &three), some("8.00"), "{rule}");
    }
}

#[test]
fn two_experts_give_their_exact_mean() {
    // (8.5 + 9) ÷ 2 = 17.5 ÷ 2 = 8.75, already at two places: 8.75 under
    // every mode, 向上舍入 included (no 8.76 from a rounded quotient).
    let two = experts("\"张明\" = 8.5\n\"李华\" = 9");
    for rounding in [HALF_UP, "保留两位小数，向上舍入", "保留两位小数，向下舍入"]
    {
        let source = experts_card("专家打分，取平均分", rounding);
        assert_eq!(both_totals(&source, &two), some("8.75"), "{rounding}");
    }
}

#[test]
fn a_mean_that_does_not_divide_is_rounded_once_as_the_header_says() {
    // (8 + 9 + 9) ÷ 3 = 26/3 = 8.6666…: 8.67 half up and up, 8.66 down.
    let list = "[\"专家评分\"]\n\"项目实施效果\" = [8, 9, 9]\n";
    for (rounding, expected) in [
        (HALF_UP, "8.67"),
        ("保留两位小数，向上舍入", "8.67"),
        ("保留两位小数，向下舍入", "8.66"),
    ] {
        let source = experts_card("专家打分，取平均分", rounding);
        assert_eq!(both_totals(&source, list), some(expected), "{rounding}");
    }
    // (7 + 8 + 8) ÷ 3 = 23/3 = 7.666…; 取整，去尾 keeps 7, 进一 gives 8.
    let list = "[\"专家评分\"]\n\"项目实施效果\" = [7, 8, 8]\n";
    let source = experts_card("专家打分，取平均分", "取整，去尾");
    assert_eq!(both_totals(&source, list), some("7"));
    let source = experts_card("专家打分，取平均分", "取整，进一");
    assert_eq!(both_totals(&source, list), some("8"));
}

#[test]
fn one_expert_alone_is_their_score() {
    // 6.5 ÷ 1 = 6.5.
    let source = experts_card("专家打分，取平均分", HALF_UP);
    assert_eq!(
        both_totals(&source, &experts("\"张明\" = 6.5")),
        some("6.50")
    );
}

#[test]
fn a_score_outside_the_weight_faults_naming_the_expert() {
    let source = experts_card("专家打分，取平均分", HALF_UP);
    // 11 > 10, the weight; −1 < 0.
    for given in ["\"张明\" = 8\n\"李华\" = 11", "\"张明\" = 8\n\"李华\" = -1"] {
        let card = score(&source, &experts(given));
        assert_eq!(total(&card), None);
        let codes: Vec<String> = card
            .faults
            .iter()
            .filter_map(|fault| miette::Diagnostic::code(fault).map(|c| c.to_string()))
            .collect();
        assert_eq!(codes, ["jixiao::eval::expert_range"]);
        assert!(
            card.faults[0].to_string().contains("专家「李华」"),
            "{}",
            card.faults[0]
        );
    }
    // Exactly 10 and exactly 0 are inside: (10 + 0) ÷ 2 = 5.
    let edges = experts("\"张明\" = 10\n\"李华\" = 0");
    assert_eq!(both_totals(&source, &edges), some("5.00"));
}

#[test]
fn no_experts_is_its_own_fault() {
    let source = experts_card("专家打分，取平均分", HALF_UP);
    assert_eq!(fault_codes(&source, ""), ["jixiao::eval::missing_experts"]);
}

#[test]
fn the_mean_may_be_one_clause_among_others() {
    // 不适用 of the experts aside: a condition picks full marks, else the mean.
    let source = format!(
        "体系 \"测试\" {{ 满分 10\n {HALF_UP} }}\n\
         事实 {{ 获奖: 是否 }}\n\
         一级 项目绩效（10分）{{\n\
         指标 项目实施效果（10分）{{ 评分 {{ 获奖，得满分；否则 由评价组专家打分，取平均分 }} }}\n\
         }}\n"
    );
    let scores = experts("\"张明\" = 6\n\"李华\" = 7");
    // Not 获奖: (6 + 7) ÷ 2 = 6.5.
    assert_eq!(
        both_totals(&source, &format!("\"获奖\" = false\n{scores}")),
        some("6.50")
    );
    // 获奖: full marks 10, the experts not read.
    assert_eq!(
        both_totals(&source, &format!("\"获奖\" = true\n{scores}")),
        some("10.00")
    );
}

#[test]
fn badly_written_expert_tables_are_refused_with_their_codes() {
    let source = experts_card("专家打分，取平均分", HALF_UP);
    let refused = [
        (
            "[\"专家评分\".\"项目实施效果\"]\n",
            "jixiao::facts::experts",
        ),
        (
            "[\"专家评分\"]\n\"项目实施效果\" = []\n",
            "jixiao::facts::experts",
        ),
        (
            "[\"专家评分\".\"项目实施效果\"]\n\"张明\" = \"很好\"\n",
            "jixiao::facts::experts",
        ),
        (
            "[\"专家评分\"]\n\"项目实施效益\" = [8]\n",
            "jixiao::facts::unknown_indicator",
        ),
        (
            "[\"专家评分\"]\n\"项目实施效果\" = [8]\n[\"不适用\"]\n\"项目实施效果\" = \"未涉及\"\n",
            "jixiao::facts::not_applicable_scored",
        ),
    ];
    for (facts, code) in refused {
        let codes = facts_error_codes(&source, facts, Format::Toml);
        assert!(codes.contains(&code.to_string()), "{facts}: {codes:?}");
    }
}

#[test]
fn json_facts_give_the_experts_too() {
    // (8 + 9 + 7) ÷ 3 = 8.
    let source = experts_card("专家打分，取平均分", HALF_UP);
    let compiled = compile(&source);
    let json = r#"{"专家评分": {"项目实施效果": {"张明": 8, "李华": 9, "王强": 7}}}"#;
    let values = jixiao::facts::parse(json, Format::Json, &compiled).expect("facts");
    let card = jixiao::eval::score(&compiled, &values);
    assert_eq!(total(&card), some("8.00"));
}

#[test]
fn the_explanation_lists_each_expert_and_the_division() {
    let source = experts_card("由评价组专家打分，取平均分", HALF_UP);
    let compiled = compile(&source);
    let facts = experts("\"张明\" = 8.5\n\"李华\" = 9");
    let values = jixiao::facts::parse(&facts, Format::Toml, &compiled).expect("facts");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let text = jixiao::explain::text(&explanation);
    assert!(
        text.contains("专家评分：张明 8.5分、李华 9分，取平均 (8.5 + 9) ÷ 2 = 8.75分"),
        "{text}"
    );
}

#[test]
fn the_program_says_whether_it_takes_the_experts_mean() {
    // 专家打分取平均 is the experts' mean; 得分 = 8 is not (what the web form
    // and the importer ask this to decide whether to ask for experts' scores).
    let takes_mean = |rule: &str| {
        let compiled = compile(&experts_card(rule, HALF_UP));
        let indicators = compiled.indicators();
        indicators[0].program.has_expert_mean()
    };
    assert!(takes_mean("专家打分取平均"));
    assert!(!takes_mean("得分 = 8"));
}
