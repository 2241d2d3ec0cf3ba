//! Score bands (分档) at their edges: `得8-9分`, `9-8分`, `得8～9分` and the
//! points column's `9-8`, whose score is given in the facts as 酌情 is and
//! must lie in the band. Every expected value is worked out by hand from the
//! rule text; the arithmetic is in the comment beside the assertion.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

use jixiao::facts::Format;

/// 资金拨付时间（10分）with `band` as the outcome of 1–2 months.
fn months(band: &str) -> String {
    single(
        "10",
        "拨付月数: 个月",
        "资金拨付时间",
        &format!(
            "完成值 = 拨付月数\n评分 {{ 完成值 <= 1个月，得10分；\
             完成值 > 1个月 且 完成值 <= 2个月，{band}；完成值 > 2个月，得0分 }}"
        ),
    )
}

/// The facts: the months, and a 酌情 score with its reason if given.
fn facts(months: &str, score: Option<&str>) -> String {
    let mut text = format!("\"拨付月数\" = \"{months}个月\"\n");
    if let Some(score) = score {
        text.push_str(&format!(
            "[\"酌情\".\"资金拨付时间\"]\n\"得分\" = {score}\n\"理由\" = \"一档之内\"\n"
        ));
    }
    text
}

#[test]
fn a_band_takes_the_discretionary_score_inside_it() {
    // 1 < 1.5 ≤ 2: the 9-8 band; 8.5 lies in [8, 9], so the score is 8.50.
    for band in ["得9-8分", "得8-9分", "9-8分", "得8～9分", "计8至9分"] {
        let source = months(band);
        assert_eq!(
            scored_total(&source, &facts("1.5", Some("8.5"))),
            some("8.50"),
            "{band}"
        );
    }
}

#[test]
fn both_ends_of_a_band_are_inside_it() {
    let source = months("得9-8分");
    // 8 and 9 are the band's ends, both allowed.
    assert_eq!(scored_total(&source, &facts("2", Some("8"))), some("8.00"));
    assert_eq!(scored_total(&source, &facts("2", Some("9"))), some("9.00"));
}

#[test]
fn the_other_clauses_need_no_discretionary_score() {
    let source = months("得9-8分");
    assert_eq!(scored_total(&source, &facts("0.5", None)), some("10.00")); // 0.5 ≤ 1
    assert_eq!(scored_total(&source, &facts("3", None)), some("0.00")); // 3 > 2
}

#[test]
fn a_score_outside_the_band_is_a_coded_fault_naming_it() {
    let source = months("得9-8分");
    // 7 < 8 and 9.5 > 9: outside [8, 9].
    for given in ["7", "9.5"] {
        let card = score(&source, &facts("1.5", Some(given)));
        assert_eq!(card.total, None);
        assert_eq!(
            fault_codes(&source, &facts("1.5", Some(given))),
            ["jixiao::eval::outside_band"]
        );
        let message = card.faults[0].to_string();
        assert!(
            message.contains(&format!("酌情得分 {given} 不在该档 [8, 9] 分之内")),
            "{message}"
        );
    }
}

#[test]
fn a_band_with_no_score_given_is_the_missing_discretion_fault() {
    let source = months("得9-8分");
    assert_eq!(
        fault_codes(&source, &facts("1.5", None)),
        ["jixiao::eval::missing_discretion"]
    );
}

#[test]
fn a_band_in_the_points_column() {
    // `>1个月，≤2个月 9-8` as a self-evaluation table prints its two columns.
    let source = single(
        "10",
        "拨付月数: 个月",
        "资金拨付时间",
        "完成值 = 拨付月数\n评分 {\n≤1个月 10\n>1个月，≤2个月 9-8\n>2个月 0\n}",
    );
    // 1 < 1.5 ≤ 2: the 9-8 band, 8.5 given.
    assert_eq!(
        scored_total(&source, &facts("1.5", Some("8.5"))),
        some("8.50")
    );
    assert_eq!(
        fault_codes(&source, &facts("1.5", Some("7"))),
        ["jixiao::eval::outside_band"]
    );
}

#[test]
fn the_bulk_scorer_agrees() {
    let compiled = compile(&months("得9-8分"));
    let read = |text: &str| jixiao::facts::parse(text, Format::Toml, &compiled).expect("facts");
    let mut bulk = jixiao::eval::Scores::default();
    bulk.score(&compiled, &read(&facts("1.5", Some("8.25"))));
    assert_eq!(bulk.total.map(|t| t.to_string()), some("8.25")); // 8.25 in [8, 9]
    bulk.score(&compiled, &read(&facts("1.5", Some("7"))));
    assert_eq!(bulk.total, None); // 7 < 8
    let codes: Vec<String> = bulk
        .faults
        .iter()
        .filter_map(|fault| miette::Diagnostic::code(fault).map(|code| code.to_string()))
        .collect();
    assert_eq!(codes, ["jixiao::eval::outside_band"]);
}

#[test]
fn the_explanation_names_the_band_and_the_reason() {
    let source = months("得9-8分");
    let compiled = compile(&source);
    let values =
        jixiao::facts::parse(&facts("1.5", Some("8.5")), Format::Toml, &compiled).expect("facts");
    let explanation = jixiao::explain::explain(&compiled, &values);
    let text = jixiao::explain::text(&explanation);
    assert!(
        text.contains("落在 9-8 分档，酌情得 8.5分（理由：一档之内）"),
        "{text}"
    );
    // The JSON carries the same words.
    assert!(jixiao::explain::json(&explanation).contains("落在 9-8 分档"));
}

#[test]
fn a_band_above_the_weight_is_an_error() {
    // 11 > 10, the weight.
    assert_eq!(
        build_error_codes(&months("得10-11分")),
        ["jixiao::check::band_over_weight"]
    );
}

#[test]
fn a_band_of_one_score_is_an_error() {
    assert_eq!(
        build_error_codes(&months("得9-9分")),
        ["jixiao::check::empty_band"]
    );
}

#[test]
fn a_band_with_a_negative_end_is_an_error() {
    // 9--8: the second end is −8.
    assert_eq!(
        build_error_codes(&months("得9--8分")),
        ["jixiao::parse::negative_points"]
    );
}

#[test]
fn eval_outside_band_rendered() {
    use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource, Report};
    let source = months("得9-8分");
    let card = score(&source, &facts("1.5", Some("7")));
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for fault in card.faults {
        let report =
            Report::new(fault).with_source_code(NamedSource::new("测试.jx", source.clone()));
        handler
            .render_report(&mut out, report.as_ref())
            .expect("rendering to a string cannot fail");
    }
    insta::assert_snapshot!(out);
}
