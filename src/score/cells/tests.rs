//! Unit tests of reading a spreadsheet row's header and cells; expected
//! values are worked out by hand.

use super::*;

const RULES: &str = r#"
体系 "示例" {
    满分 4
    保留 2 位小数，四舍五入
}
事实 { 到位: 万元  支出: 万元  满意度: %  完成日期: 日期 }
一级 管理（4分）{ 二级 资金（4分）{
    指标 执行率（2分）{
        完成值 = 支出 / 到位 × 100%
        评分 { 得分 = 完成值 × 权重 }
    }
    指标 满意（1分）{ 评分 { 满意度 >= 90% 得满分；否则 得0分 } }
    指标 按时（1分）{ 评分 { 完成日期 <= 2024-12-31 得满分；否则 得0分 } }
} }
"#;

fn compiled() -> Compiled {
    crate::build("示例.jx", RULES).compiled.expect("valid")
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

#[test]
fn headings_split_off_their_unit() {
    assert_eq!(
        split_heading("预算资金（万元）"),
        ("预算资金", Some("万元"))
    );
    assert_eq!(split_heading(" 满意度(%) "), ("满意度", Some("%")));
    assert_eq!(split_heading("项目名称"), ("项目名称", None));
}

#[test]
fn a_row_is_read_in_the_headings_units_and_the_cells_formats() {
    let compiled = compiled();
    let (columns, problems) = Columns::resolve(
        &headers(&[
            "项目名称",
            "到位（元）",
            "支出（万元）",
            "满意度（%）",
            "完成日期",
        ]),
        &compiled,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let row = [
        Cell::Text("甲".into()),
        // 624600 元 = 62.46 万元.
        Cell::Number(624_600.0, NumberFormat::General),
        Cell::Text("61.5".into()),
        // A percent cell's 0.95 is 95%.
        Cell::Number(0.95, NumberFormat::Percent),
        // Excel serial 45657 = 1899-12-30 + 45657 days = 2024-12-31.
        Cell::Number(45_657.0, NumberFormat::General),
    ];
    let read = columns
        .read_row(&row[..], &compiled)
        .expect("a row")
        .expect("valid");
    let card = crate::score::eval::score(&compiled, &read.facts);
    // 61.5 / 62.46 = 0.984630…; × 2 = 1.969… → 1.97; 95% ≥ 90% → 1; on time → 1.
    let scores: Vec<Option<String>> = card
        .indicators()
        .iter()
        .map(|indicator| indicator.score.map(|score| score.to_string()))
        .collect();
    let expected = ["1.97", "1.00", "1.00"].map(|score| Some(score.to_string()));
    assert_eq!(scores, expected);
}

#[test]
fn a_general_fraction_in_a_percent_column_is_ambiguous() {
    let compiled = compiled();
    let (columns, _) = Columns::resolve(
        &headers(&["项目名称", "到位", "支出", "满意度", "完成日期"]),
        &compiled,
    );
    let cells = |satisfaction: Cell| {
        vec![
            Cell::Text("甲".into()),
            Cell::Number(62.46, NumberFormat::General),
            Cell::Number(61.5, NumberFormat::General),
            satisfaction,
            Cell::Text("2024-12-31".into()),
        ]
    };
    let code = |p: &CellProblem| p.error.code().map(|c| c.to_string()).unwrap_or_default();
    let codes = |cell: Cell| match columns.read_row(&cells(cell)[..], &compiled) {
        Some(Err(unread)) => unread.problems.iter().map(code).collect(),
        // A blank is left for the project's 不适用 table to decide.
        Some(Ok(row)) => row.blanks.iter().map(|(_, p)| code(p)).collect(),
        None => vec!["empty".to_string()],
    };
    let ambiguous = vec!["jixiao::batch::ambiguous_percent".to_string()];
    assert_eq!(codes(Cell::Number(0.85, NumberFormat::General)), ambiguous);
    assert_eq!(codes(Cell::Text("0.85".into())), ambiguous);
    // 95 (more than 1) is 95%; 0 is 0% either way; JSON Lines follow the facts files.
    assert!(codes(Cell::Number(95.0, NumberFormat::General)).is_empty());
    assert!(codes(Cell::Number(0.0, NumberFormat::General)).is_empty());
    assert!(codes(Cell::Number(0.85, NumberFormat::FactsFile)).is_empty());
    assert!(codes(Cell::Text("85%".into())).is_empty());
    assert_eq!(
        codes(Cell::Empty),
        vec!["jixiao::batch::blank_cell".to_string()]
    );
    assert_eq!(
        codes(Cell::UncachedFormula),
        vec!["jixiao::batch::uncached_formula".to_string()]
    );
}

#[test]
fn a_header_naming_no_fact_is_one_problem() {
    let compiled = compiled();
    let others: Vec<String> = (1..=14).map(|k| format!("说明{k}")).collect();
    let mut names = vec!["项目名称".to_string()];
    names.extend(others);
    let (_, problems) = Columns::resolve(&names, &compiled);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let text = problems[0].to_string();
    // 14 headings, the first 12 quoted.
    assert!(text.starts_with("表头的 14 列都不是"), "{text}");
    assert!(
        text.contains("说明12 等 14 个") && !text.contains("说明13"),
        "{text}"
    );
    assert!(problems[0].is_error());
    // One heading that names a fact: each unknown column is its own warning again.
    names[1] = "满意度".to_string();
    let (_, problems) = Columns::resolve(&names, &compiled);
    assert_eq!(
        problems
            .iter()
            .filter(|p| matches!(p, HeaderProblem::UnknownColumn { .. }))
            .count(),
        13
    );
}

#[test]
fn the_header_is_checked_once() {
    let compiled = compiled();
    let (_, problems) = Columns::resolve(
        &headers(&["项目名称", "到位（家）", "支出", "满意渡"]),
        &compiled,
    );
    let codes: Vec<String> = problems
        .iter()
        .map(|p| p.code().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        [
            "jixiao::batch::column_unit",
            "jixiao::batch::unknown_column",
            "jixiao::batch::missing_column",
        ]
    );
    assert!(problems[1]
        .help()
        .is_some_and(|help| help.to_string().contains("满意度")));
    assert!(
        problems[2].to_string().contains("满意度、完成日期"),
        "{}",
        problems[2]
    );
}

#[test]
fn header_problems_name_their_columns_from_one() {
    let compiled = compiled();
    let (_, problems) = Columns::resolve(
        &headers(&[
            "单位",
            "项目名称",
            "到位（家）",
            "满意渡",
            "支出",
            "支出",
            "完成日期",
        ]),
        &compiled,
    );
    // 到位 is money, not a count of 家: the third heading (index 2) is column 3;
    // 满意渡 is the fourth, the second 支出 the sixth; 满意度 is given by none.
    let columns: Vec<(&str, usize)> = problems
        .iter()
        .filter_map(|problem| match problem {
            HeaderProblem::ColumnUnit { column, .. } => Some(("unit", *column)),
            HeaderProblem::UnknownColumn { column, .. } => Some(("unknown", *column)),
            HeaderProblem::DuplicateColumn { column, .. } => Some(("duplicate", *column)),
            HeaderProblem::MissingColumn { names } => Some((names.as_str(), 0)),
            _ => None,
        })
        .collect();
    assert_eq!(
        columns,
        [("unit", 3), ("unknown", 4), ("duplicate", 6), ("满意度", 0)]
    );
}

#[test]
fn headings_left_blank_are_no_columns_and_no_duplicates() {
    let compiled = compiled();
    let (columns, problems) = Columns::resolve(
        &headers(&["项目名称", "", "到位", "支出", " ", "满意度", "完成日期"]),
        &compiled,
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(columns.columns[1], Column::Ignored);
    assert_eq!(columns.columns[4], Column::Ignored);
}

/// The value one cell gives `fact`, in the fact's declared unit.
fn value_of(cell: CellRef, fact: &Fact) -> Result<Option<Decimal>, CellError> {
    let unit = declared_unit(&fact.ty);
    fact_value(cell, fact, unit.as_ref(), &UnitTable::BUILTIN)
}

/// The value as a bad cell's message writes it, or the error's kind.
fn written(result: Result<Option<Decimal>, CellError>) -> String {
    match result {
        Err(CellError::Fact(error)) => match *error {
            FactError::BadValue { value, .. } => format!("bad {value}"),
            FactError::OutOfRange { value, .. } => format!("outside {value}"),
            other => format!("{other:?}"),
        },
        other => format!("{other:?}"),
    }
}

#[test]
fn only_a_ratio_reads_a_percent_cell_as_a_fraction_and_only_a_percent_is_ambiguous() {
    let compiled = compiled();
    // 到位 is in 万元: 0.5 万元 = 0.5 × 10000 = 5000 元, however it is formatted or written.
    let money = &compiled.facts[0];
    let five_thousand = Some(Some(Decimal::from(5000)));
    for format in [NumberFormat::Percent, NumberFormat::General] {
        let cell = CellRef::Number(0.5, format);
        assert_eq!(value_of(cell, money).ok(), five_thousand, "{format:?}");
    }
    assert_eq!(value_of(CellRef::Text("0.5"), money).ok(), five_thousand);
    // A general 0.85 for 满意度 (%) is 85% or 0.85%: the message offers 0.85 × 100 = 85.
    let satisfaction = &compiled.facts[2];
    let Err(CellError::AmbiguousPercent { value, percent, .. }) =
        value_of(CellRef::Number(0.85, NumberFormat::General), satisfaction)
    else {
        panic!("ambiguous");
    };
    assert_eq!((value.as_str(), percent.as_str()), ("0.85", "85"));
}

#[test]
fn dates_and_yes_no_cells_fit_only_their_own_facts() {
    let compiled = compiled();
    let (money, date) = (&compiled.facts[0], &compiled.facts[3]);
    // A date cell's day number is the date fact's value as it stands.
    assert_eq!(
        value_of(CellRef::Date(739_251), date).ok(),
        Some(Some(Decimal::from(739_251)))
    );
    // In a money column a date or TRUE is a bad value, written as the cell shows it.
    // Day 739251 from 0001-01-01 is 2024-12-31 (2024 × 365 + 491 leap days).
    assert_eq!(
        written(value_of(CellRef::Date(739_251), money)),
        "bad \"2024-12-31\""
    );
    assert_eq!(written(value_of(CellRef::Bool(true), money)), "bad true");
}

#[test]
fn a_plain_number_is_read_up_to_ten_to_the_fifteenth() {
    let compiled = compiled();
    let money = &compiled.facts[0];
    // 10¹⁵ 万元 = 10¹⁵ × 10⁴ = 10¹⁹ 元; one more is past MAX_MAGNITUDE.
    assert_eq!(
        value_of(CellRef::Text("1000000000000000"), money).ok(),
        Some(Some(Decimal::from(10_000_000_000_000_000_000u64)))
    );
    assert_eq!(
        written(value_of(CellRef::Text("1000000000000001"), money)),
        "bad \"1000000000000001\""
    );
}

#[test]
fn a_cell_outside_the_declared_range_or_blank_is_reported_by_use() {
    let mut fact = compiled().facts[2].clone();
    fact.range = Some(crate::lang::units::Interval::closed(
        Decimal::ZERO,
        Decimal::ONE,
    ));
    // 120 in percent is 1.2, past 100%; 85% is 0.85, inside.
    let over = CellRef::Number(120.0, NumberFormat::General);
    assert_eq!(written(value_of(over, &fact)), "outside 120");
    assert_eq!(
        value_of(CellRef::Text("85%"), &fact).ok(),
        Some(Some(Decimal::new(85, 2)))
    );
    // A blank (or white space) is a problem only for a fact the rules read.
    assert!(matches!(
        value_of(CellRef::Text("  "), &fact),
        Err(CellError::Blank { .. })
    ));
    fact.used = false;
    assert_eq!(value_of(CellRef::Text("  "), &fact).ok(), Some(None));
    assert_eq!(value_of(CellRef::Empty, &fact).ok(), Some(None));
}

#[test]
fn an_excel_serial_is_days_since_1899_12_30() {
    // 1899-12-30 is day 1899 × 365 + 460 leap days (474 − 18 + 4) − 1 = 693594
    // from 0001-01-01; serial 45657 is 693594 + 45657 = 739251, 2024-12-31.
    assert_eq!(excel_date(45_657.0), Some(739_251));
    // A time of day is dropped; serial 1 is 1899-12-31, day 693595.
    assert_eq!(excel_date(45_657.75), Some(739_251));
    assert_eq!(excel_date(1.0), Some(693_595));
    // Before serial 1 and past 2958465 (9999-12-31) is no date.
    assert_eq!(excel_date(0.5), None);
    assert_eq!(excel_date(2_958_466.0), None);
}
