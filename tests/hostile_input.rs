//! Input written the way people actually write it, mistakes included: dates
//! with short years, negative weights, duplicate keys, grade tables out of
//! order, byte-order marks and invisible characters. Each is either read as
//! meant or refused with a coded diagnostic; none is silently misread.
//! Expected values are worked out by hand beside each assertion.

mod common;
use common::build_codes;
use jixiao::facts::{FactError, Format};
use miette::Diagnostic;

// ---------------------------------------------------------------- helpers

/// A ruleset with one indicator 按时完成（3分）: 0.5 分 off per day late
/// after 2024-12-31.
const DEADLINE: &str = "体系 \"测试\" { 满分 3 }\n\
    事实 {\n    完成日期: 日期\n}\n\
    一级 测试一级（3分）{\n    二级 测试二级（3分）{\n        指标 按时完成（3分）{\n\
    完成值 = 完成日期\n            标杆值 2024-12-31\n\
    评分 { 每延迟1天扣0.5分，扣完为止 }\n        }\n    }\n}\n";

/// Builds a ruleset that must build.
fn compile(source: &str) -> jixiao::lang::compile::Compiled {
    let build = jixiao::build("测试.jx", source);
    let rendered: Vec<String> = build.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    build
        .compiled
        .unwrap_or_else(|| panic!("ruleset failed to build: {rendered:?}"))
}

/// The total of a ruleset scored on facts, as text.
fn total(source: &str, facts: &str, format: Format) -> String {
    let compiled = compile(source);
    let values = jixiao::facts::parse(facts, format, &compiled)
        .unwrap_or_else(|errors| panic!("facts rejected: {errors:?}"));
    let card = jixiao::eval::score(&compiled, &values);
    card.total.expect("every indicator scores").to_string()
}

/// The errors of facts that must be refused.
fn refused(source: &str, facts: &str, format: Format) -> Vec<FactError> {
    jixiao::facts::parse(facts, format, &compile(source)).expect_err("facts must be refused")
}

// ---------------------------------------------------------------- dates

#[test]
fn dates_are_read_in_the_three_written_forms() {
    let read = |text: &str| jixiao::lang::parse::parse_date(text).map(|d| d.to_string());
    let expected = Some("2024-12-31".to_string());
    assert_eq!(read("2024-12-31"), expected);
    assert_eq!(read("2024/12/31"), expected);
    assert_eq!(read("2024年12月31日"), expected);
    assert_eq!(read("2025年1月3日"), Some("2025-01-03".to_string()));
    assert_eq!(read("2024-1-5"), Some("2024-01-05".to_string()));
}

#[test]
fn date_like_text_that_is_not_a_plain_date_is_refused() {
    for text in [
        "24-12-31",
        "-2024-12-31",
        "0000-01-01",
        "1899-12-31",
        "2201-01-01",
        "x2024y12z31",
        "2024-12/31",
        "2024-12-31日",
        "2024年12月31",
        "2024-012-31",
        "02024-12-31",
        "2024-12-31 ",
        "2024--12-31",
        "2024-02-30",
    ] {
        assert_eq!(jixiao::lang::parse::parse_date(text), None, "{text}");
    }
}

#[test]
fn a_late_project_with_a_two_digit_year_is_refused_not_given_full_marks() {
    let errors = refused(DEADLINE, "\"完成日期\" = \"24-12-31\"", Format::Toml);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].code().map(|c| c.to_string()).as_deref(),
        Some("jixiao::facts::bad_value")
    );
    let help = errors[0].help().map(|h| h.to_string()).unwrap_or_default();
    assert!(
        help.contains("2024/12/31") && help.contains("2024年12月31日"),
        "{help}"
    );
}

#[test]
fn a_slash_date_in_the_facts_scores_like_a_dash_date() {
    // 2025-01-02 − 2024-12-31 = 2 天 × 0.5 = 1 → 3 − 1 = 2.00
    let facts = "\"完成日期\" = \"2025/1/2\"";
    assert_eq!(total(DEADLINE, facts, Format::Toml), "2.00");
}

#[test]
fn a_slash_date_in_a_ruleset_is_a_date() {
    // 标杆值 2024/12/31 is the same deadline: 2025-01-01 is 1 天 late → 3 − 0.5 = 2.50
    let source = DEADLINE.replace("2024-12-31", "2024/12/31");
    let facts = "\"完成日期\" = \"2025-01-01\"";
    assert_eq!(total(&source, facts, Format::Toml), "2.50");
}

#[test]
fn a_ruleset_date_outside_the_years_is_refused() {
    let source = DEADLINE.replace("2024-12-31", "0000-01-01");
    assert_eq!(build_codes(&source), ["jixiao::parse::date"]);
}

// ---------------------------------------------------------------- negative weights

#[test]
fn a_negative_indicator_weight_is_refused_not_scored() {
    let source = DEADLINE.replace("按时完成（3分）", "按时完成（-5分）");
    let build = jixiao::build("测试.jx", &source);
    assert!(build.compiled.is_none(), "a −5 weight must not compile");
    assert_eq!(build_codes(&source), ["jixiao::check::negative_weight"]);
}

#[test]
fn a_negative_group_weight_is_refused() {
    let source = DEADLINE.replace("测试二级（3分）", "测试二级（-3分）");
    assert_eq!(build_codes(&source), ["jixiao::check::negative_weight"]);
}

#[test]
fn negative_checklist_points_are_refused() {
    let source = "体系 \"测试\" { 满分 2 }\n事实 { 合规: 是否  违规: 是否 }\n\
        一级 甲（2分）{ 二级 乙（2分）{ 指标 丙（2分）{\n\
        要点 { ① 2分: 合规  ② -1分: 违规 } } } }\n";
    assert_eq!(build_codes(source), ["jixiao::check::negative_weight"]);
}

// ---------------------------------------------------------------- duplicate keys

#[test]
fn a_json_key_written_twice_is_refused_at_the_second_key() {
    // Line 1 "{\n" is 2 bytes; line 2 is 2 + 14 + 2 + 12 + 1 + 1 = 32 bytes,
    // so line 3 starts at byte 34 and its key "完成日期" (14 bytes) at 36.
    let facts = "{\n  \"完成日期\": \"2025-03-01\",\n  \"完成日期\": \"2024-12-01\"\n}\n";
    let errors = refused(DEADLINE, facts, Format::Json);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].code().map(|c| c.to_string()).as_deref(),
        Some("jixiao::facts::syntax")
    );
    assert!(errors[0].to_string().contains("完成日期"), "{}", errors[0]);
    let label = errors[0].labels().and_then(|mut labels| labels.next());
    let span = label.expect("the second key is labelled");
    assert_eq!((span.offset(), span.len()), (36, 14));
}

#[test]
fn a_json_key_written_twice_inside_a_table_is_refused() {
    let facts =
        "{\"完成日期\": \"2025-01-01\", \"报告\": {\"得分\": {\"按时完成\": 1, \"按时完成\": 2}}}";
    let errors = refused(DEADLINE, facts, Format::Json);
    assert_eq!(
        errors[0].code().map(|c| c.to_string()).as_deref(),
        Some("jixiao::facts::syntax")
    );
}

#[test]
fn json_facts_without_repeated_keys_still_score() {
    // 2025-01-01 is 1 天 late → 3 − 0.5 = 2.50
    let facts = "{\"完成日期\": \"2025-01-01\", \"报告\": {\"得分\": {\"按时完成\": 2.5}}}";
    assert_eq!(total(DEADLINE, facts, Format::Json), "2.50");
}

// ---------------------------------------------------------------- grades

/// [`DEADLINE`] with a 等级 table.
fn graded(table: &str) -> String {
    DEADLINE.replace("满分 3", &format!("满分 3\n    等级 {{ {table} }}"))
}

#[test]
fn a_grade_table_with_good_before_excellent_is_refused() {
    let source = graded("良: >= 80；优: >= 90；中: >= 60；差");
    assert_eq!(build_codes(&source), ["jixiao::check::grade_order"]);
    assert!(jixiao::build("测试.jx", &source).compiled.is_none());
}

#[test]
fn a_grade_table_whose_bounds_do_not_descend_is_refused() {
    // 良 (≥ 80) comes after 中 (≥ 60), which already takes every total ≥ 80.
    let source = graded("优: >= 90；中: >= 60；良: >= 80；差");
    assert_eq!(build_codes(&source), ["jixiao::check::grade_order"]);
}

#[test]
fn a_band_after_the_catch_all_is_refused() {
    let source = graded("优: >= 90；差；良: >= 80");
    assert_eq!(build_codes(&source), ["jixiao::check::grade_order"]);
}

#[test]
fn a_correct_grade_table_grades_at_its_bounds() {
    let compiled = compile(&graded("优: >= 90；良: >= 80；中: >= 60；差"));
    let grade = |total: &str| {
        let total = total.parse().expect("a decimal");
        jixiao::eval::grade_of(&compiled, total)
    };
    // 90 ≥ 90 → 优; 89.99 < 90 and ≥ 80 → 良; 80 ≥ 80 → 良;
    // 79.99 ≥ 60 → 中; 59.99 below every bound → 差.
    assert_eq!(grade("90").as_deref(), Some("优"));
    assert_eq!(grade("89.99").as_deref(), Some("良"));
    assert_eq!(grade("80").as_deref(), Some("良"));
    assert_eq!(grade("79.99").as_deref(), Some("中"));
    assert_eq!(grade("59.99").as_deref(), Some("差"));
}

// ---------------------------------------------------------------- invisible characters

/// The line and column (in characters) of each diagnostic of a ruleset.
fn places(source: &str) -> Vec<(String, usize, usize)> {
    let build = jixiao::build("测试.jx", source);
    build
        .diagnostics
        .iter()
        .map(|report| jixiao::lang::diagnostics::data(report, &build.sources))
        .map(|data| (data.code, data.line, data.column))
        .collect()
}

#[test]
fn a_ruleset_starting_with_a_byte_order_mark_builds() {
    let source = format!("\u{FEFF}{DEADLINE}");
    // Same deadline as without the mark: 2025-01-01 is 1 天 late → 2.50
    assert_eq!(
        total(&source, "\"完成日期\" = \"2025-01-01\"", Format::Toml),
        "2.50"
    );
}

#[test]
fn diagnostics_after_a_byte_order_mark_keep_their_line_and_column() {
    // 满分 4 against groups of 3: the warning points at 满分's 4, which is
    // line 1, column 14 (体系 "测试" { 满分 4 — 13 characters before it).
    let source = DEADLINE.replace("满分 3", "满分 4");
    let expected = vec![("jixiao::check::weight_sum".to_string(), 1, 14)];
    assert_eq!(places(&source), expected);
    assert_eq!(places(&format!("\u{FEFF}{source}")), expected);
}

#[test]
fn a_block_quoted_after_a_byte_order_mark_does_not_quote_the_mark() {
    let errors = jixiao::build("测试.jx", "\u{FEFF}体系 \"x\" { 满分 4 ").diagnostics;
    let message = errors[0].to_string();
    assert_eq!(message, "「体系 \"x\"」的大括号没有闭合");
}

#[test]
fn json_and_toml_facts_starting_with_a_byte_order_mark_are_read() {
    // 2025-01-02 is 2 天 late × 0.5 = 1 → 3 − 1 = 2.00
    let json = "\u{FEFF}{\"完成日期\": \"2025-01-02\"}";
    assert_eq!(total(DEADLINE, json, Format::Json), "2.00");
    let toml = "\u{FEFF}\"完成日期\" = \"2025-01-02\"";
    assert_eq!(total(DEADLINE, toml, Format::Toml), "2.00");
}

#[test]
fn a_json_error_after_a_byte_order_mark_points_at_its_character() {
    // serde_json stops at the } after the trailing comma: the mark is 3
    // bytes, then { 1 + "完成日期" 14 + : 1 + space 1 + "2025-01-02" 12 = 29
    // bytes, the comma at 3 + 29 = 32 and } at 33.
    let json = "\u{FEFF}{\"完成日期\": \"2025-01-02\",}";
    let errors = refused(DEADLINE, json, Format::Json);
    let label = errors[0].labels().and_then(|mut labels| labels.next());
    let at = label.expect("the error has a place").offset();
    assert_eq!(&json[at..], "}");
}

#[test]
fn a_zero_width_space_is_shown_by_its_code_point() {
    let source = DEADLINE.replace("事实 {", "\u{200B}事实 {");
    let message = jixiao::build("测试.jx", &source).diagnostics[0].to_string();
    assert!(message.contains("「U+200B」"), "{message}");
}

#[test]
fn invisible_characters_in_a_facts_key_or_value_are_shown_by_code_point() {
    let errors = refused(
        DEADLINE,
        "\"完成日期\u{200B}\" = \"2025-01-01\"",
        Format::Toml,
    );
    assert_eq!(
        errors[0].to_string(),
        "事实文件中的「完成日期U+200B」不是已声明的事实"
    );
    let errors = refused(
        DEADLINE,
        "\"完成日期\" = \"2025-01-01\u{200F}\"",
        Format::Toml,
    );
    assert_eq!(
        errors[0].to_string(),
        "事实「完成日期」的值 \"2025-01-01U+200F\" 不是日期"
    );
}
