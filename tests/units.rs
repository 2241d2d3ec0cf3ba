//! The unit table: units of one dimension convert exactly, other dimensions
//! never mix, and dividing one unit by another gives a compound unit.
//! Every expected score is worked out by hand; the arithmetic is beside it.

#[path = "common/forms.rs"]
mod forms;
use forms::*;

const MISMATCH: &str = "jixiao::check::unit_mismatch";

/// One indicator worth 5 分 whose 完成值 is `actual`, scored full when
/// `condition` holds and 0 otherwise.
fn full_or_zero(facts: &str, actual: &str, condition: &str) -> String {
    single(
        "5",
        facts,
        "测试指标",
        &format!("完成值 = {actual}\n评分 {{ {condition} 得满分；否则 得0分 }}"),
    )
}

#[test]
fn a_ratio_with_a_percent_written_anywhere_is_shown_as_a_percent() {
    let facts = "实际支出资金: 万元\n实际到位资金: 万元";
    let values = "\"实际支出资金\" = 9.2\n\"实际到位资金\" = 10";
    for formula in [
        "实际支出资金 × 100% / 实际到位资金",
        "实际支出资金 / 实际到位资金 × 100%",
    ] {
        let source = full_or_zero(facts, formula, "完成值 >= 90%");
        // 9.2 ÷ 10 = 92% ≥ 90%: full marks, and 完成值 shown as 92%.
        let card = score(&source, values);
        assert_eq!(total(&card), some("5.00"), "{formula}");
        assert_eq!(
            indicator(&card, "测试指标").actual.as_deref(),
            Some("92%"),
            "{formula}"
        );
    }
}

#[test]
fn money_per_count_compares_with_a_compound_unit() {
    let source = full_or_zero(
        "培训总成本: 万元\n培训人次: 人次",
        "培训总成本 / 培训人次",
        "完成值 <= 800元/人次",
    );
    // 12万元 ÷ 160人次 = 120000元 ÷ 160 = 750元/人次 ≤ 800元/人次: full, 5.00.
    let card = score(&source, "\"培训总成本\" = 12\n\"培训人次\" = 160");
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(
        indicator(&card, "测试指标").actual.as_deref(),
        Some("750元/人次")
    );
    // 12万元 ÷ 140人次 = 857.14…元/人次 > 800元/人次: 0.00.
    let card = score(&source, "\"培训总成本\" = 12\n\"培训人次\" = 140");
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn a_rate_per_count_times_the_count_is_the_amount() {
    let source = full_or_zero(
        "人均补助标准: 元/人次\n补助人次: 人次",
        "人均补助标准 × 补助人次",
        "完成值 <= 10万元",
    );
    // 500元/人次 × 200人次 = 100000元 = 10万元 ≤ 10万元: full, 5.00.
    let card = score(&source, "\"人均补助标准\" = 500\n\"补助人次\" = 200");
    assert_eq!(total(&card), some("5.00"));
    // 500元/人次 × 201人次 = 100500元 > 10万元: 0.00.
    let card = score(&source, "\"人均补助标准\" = 500\n\"补助人次\" = 201");
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn a_compound_unit_does_not_compare_with_another() {
    let source = full_or_zero(
        "培训总成本: 万元\n培训人数: 人",
        "培训总成本 / 培训人数",
        "完成值 <= 800元/人次",
    );
    // 元/人 and 元/人次 count different things (a person trained twice is
    // two 人次): comparing them is a unit mismatch.
    assert!(build_error_codes(&source).contains(&MISMATCH.to_string()));
}

#[test]
fn other_currencies_never_convert_to_yuan() {
    let added = full_or_zero(
        "人民币支出: 万元\n外币支出: 万美元",
        "人民币支出 + 外币支出",
        "完成值 >= 100万元",
    );
    assert!(build_error_codes(&added).contains(&MISMATCH.to_string()));
    let compared = full_or_zero("外币支出: 万美元", "外币支出", "完成值 >= 100万元");
    assert!(build_error_codes(&compared).contains(&MISMATCH.to_string()));
    // Within one currency the units convert: 1.2万美元 = 12000美元 ≥ 10000美元.
    let dollars = full_or_zero("外币支出: 万美元", "外币支出", "完成值 >= 10000美元");
    assert_eq!(total(&score(&dollars, "\"外币支出\" = 1.2")), some("5.00"));
}

#[test]
fn metric_areas_convert_and_mu_stays_apart() {
    let source = full_or_zero("绿化面积: 平方米", "绿化面积", "完成值 >= 2公顷");
    // 2公顷 = 20000平方米: 25000 ≥ 20000 full; 19999 < 20000 zero.
    assert_eq!(total(&score(&source, "\"绿化面积\" = 25000")), some("5.00"));
    assert_eq!(total(&score(&source, "\"绿化面积\" = 19999")), some("0.00"));
    // Written in the facts in another unit of the dimension: 2.5公顷 = 25000平方米.
    assert_eq!(
        total(&score(&source, "\"绿化面积\" = \"2.5公顷\"")),
        some("5.00")
    );
    // 1亩 = 666.66…平方米 is not exact: 亩 never mixes with 平方米.
    let mu = full_or_zero("绿化面积: 平方米", "绿化面积", "完成值 >= 30亩");
    assert!(build_error_codes(&mu).contains(&MISMATCH.to_string()));
}

#[test]
fn weeks_are_seven_days() {
    let source = full_or_zero("延迟天数: 天", "延迟天数", "完成值 <= 2周");
    // 2周 = 14天: 14 ≤ 14 full; 15 > 14 zero.
    assert_eq!(total(&score(&source, "\"延迟天数\" = 14")), some("5.00"));
    assert_eq!(total(&score(&source, "\"延迟天数\" = 15")), some("0.00"));
}

#[test]
fn months_and_years_convert_but_not_into_days() {
    let source = full_or_zero("建设周期: 个月", "建设周期", "完成值 <= 1年");
    // 1年 = 12个月: 12 ≤ 12 full; 13 zero.
    assert_eq!(total(&score(&source, "\"建设周期\" = 12")), some("5.00"));
    assert_eq!(total(&score(&source, "\"建设周期\" = 13")), some("0.00"));
    // A month is not a whole number of days.
    let days = full_or_zero("建设周期: 个月", "建设周期", "完成值 <= 365天");
    assert!(build_error_codes(&days).contains(&MISMATCH.to_string()));
}

#[test]
fn ten_thousand_of_a_count_is_the_same_count() {
    let source = full_or_zero("服务人次: 万人次", "服务人次", "完成值 >= 5万人次");
    // A plain 5.2 is in the declared unit: 5.2万人次 ≥ 5万人次, full.
    assert_eq!(total(&score(&source, "\"服务人次\" = 5.2")), some("5.00"));
    // "48000人次" is 4.8万人次 < 5万人次: zero.
    assert_eq!(
        total(&score(&source, "\"服务人次\" = \"48000人次\"")),
        some("0.00")
    );
    // 人 and 人次 count different things.
    let people = full_or_zero("服务人次: 万人次", "服务人次", "完成值 >= 50000人");
    assert!(build_error_codes(&people).contains(&MISMATCH.to_string()));
}

#[test]
fn mass_converts_through_kilograms() {
    let source = full_or_zero("发放物资: 吨", "发放物资", "完成值 >= 0.5吨");
    // 1000斤 = 500千克 = 0.5吨 ≥ 0.5吨: full; 999斤 = 0.4995吨: zero.
    assert_eq!(
        total(&score(&source, "\"发放物资\" = \"1000斤\"")),
        some("5.00")
    );
    assert_eq!(
        total(&score(&source, "\"发放物资\" = \"999斤\"")),
        some("0.00")
    );
}

#[test]
fn a_value_in_a_unit_of_another_dimension_is_refused() {
    let source = full_or_zero("发放物资: 吨", "发放物资", "完成值 >= 0.5吨");
    let compiled = compile(&source);
    let errors = jixiao::facts::parse(
        "\"发放物资\" = \"3立方米\"",
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect_err("立方米 is a volume, not a mass");
    let shown = format!("{errors:?}");
    assert!(
        shown.contains("千克"),
        "the help names the mass units: {shown}"
    );
}

/// The grammar lists the unit table's words itself (pest cannot read a
/// table): every word of the table, 万 before every counting word and a
/// compound unit must read as a fact's unit and after a number in a rule.
#[test]
fn the_grammar_reads_every_unit_of_the_table() {
    use jixiao::lang::measure::{builtin_words, COUNT_WORDS};
    let words: Vec<String> = builtin_words()
        .map(str::to_string)
        .chain(COUNT_WORDS.iter().map(|word| format!("万{word}")))
        .chain(["元/人次".to_string(), "万元/万人次".to_string()])
        .collect();
    for word in &words {
        let source = full_or_zero(
            &format!("测试量: {word}"),
            "测试量",
            &format!("完成值 >= 1{word}"),
        );
        // One of the unit: 1 ≥ 1, full marks.
        let facts = "\"测试量\" = 1";
        assert_eq!(total(&score(&source, facts)), some("5.00"), "unit {word}");
    }
}

#[test]
fn a_percent_divided_by_a_fact_is_not_a_compound_unit() {
    // `%/本` could read as a unit per 本, but 本年预算数 is a fact: 9.6 × 100% ÷ 10 = 96%.
    let source = full_or_zero(
        "本年支出数: 万元\n本年预算数: 万元",
        "本年支出数*100%/本年预算数",
        "完成值 >= 95%",
    );
    let card = score(&source, "\"本年支出数\" = 9.6\n\"本年预算数\" = 10");
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(indicator(&card, "测试指标").actual.as_deref(), Some("96%"));
    // A compound unit glued to what follows a quantity still reads: 750元/人次 ≤ 800元/人次.
    let glued = full_or_zero(
        "培训总成本: 万元\n培训人次: 人次",
        "培训总成本 / 培训人次",
        "完成值 <= 800元/人次",
    )
    .replace("800元/人次 得满分", "800元/人次得满分");
    let card = score(&glued, "\"培训总成本\" = 12\n\"培训人次\" = 160");
    assert_eq!(total(&card), some("5.00"));
}

#[test]
fn a_bare_fraction_for_a_percent_fact_needs_the_file_to_say_how_it_writes_percents() {
    let source = full_or_zero("满意度: %", "满意度", "完成值 >= 85%");
    let compiled = compile(&source);
    let codes = |facts: &str, format| match jixiao::facts::parse(facts, format, &compiled) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .filter_map(|error| miette::Diagnostic::code(error).map(|code| code.to_string()))
            .collect(),
    };
    // 0.85 is 85% exported from a spreadsheet and 0.85% written by hand: refused,
    // in TOML and in JSON (whose quick path must not take it either).
    let ambiguous = vec!["jixiao::facts::ambiguous_percent".to_string()];
    assert_eq!(
        codes("\"满意度\" = 0.85", jixiao::facts::Format::Toml),
        ambiguous
    );
    assert_eq!(
        codes("{\"满意度\": 0.85}", jixiao::facts::Format::Json),
        ambiguous
    );
    // Stated as 小数: 0.85 is 85% ≥ 85%, full marks; as 百分数: 0.85% < 85%, zero.
    let fraction = "\"百分比写法\" = \"小数\"\n\"满意度\" = 0.85";
    assert_eq!(total(&score(&source, fraction)), some("5.00"));
    let percent = "\"百分比写法\" = \"百分数\"\n\"满意度\" = 0.85";
    assert_eq!(total(&score(&source, percent)), some("0.00"));
    // A number past 1 reads one way: 98.46 is 98.46% ≥ 85%; and 0 is 0 either way.
    assert_eq!(total(&score(&source, "\"满意度\" = 98.46")), some("5.00"));
    assert_eq!(total(&score(&source, "\"满意度\" = 0")), some("0.00"));
    assert_eq!(
        codes(
            "\"百分比写法\" = \"分数\"\n\"满意度\" = 90",
            jixiao::facts::Format::Toml
        )
        .len(),
        1
    );
}

// ---------------------------------------------------------------- declared units

/// The 单位 block of the power-saving rulesets below.
const POWER_UNITS: &str =
    "千瓦时：电量\n万千瓦时 = 10000千瓦时\n尾：计数\n万尾 = 10000尾\n百分比 = 1%";

/// `single` with a 单位 block before 事实.
fn with_units(units: &str, facts: &str, body: &str) -> String {
    single("4", facts, "测试指标", body).replacen(
        "事实 {",
        &format!("单位 {{\n{units}\n}}\n事实 {{"),
        1,
    )
}

#[test]
fn a_saving_rate_from_declared_units_converts_exactly() {
    let source = with_units(
        POWER_UNITS,
        "改造前用电量: 万千瓦时\n改造后用电量: 千瓦时",
        "完成值 = (改造前用电量 - 改造后用电量) × 100% / 改造前用电量\n标杆值 20%\n\
         评分 { 完成值 ≥ 20% 得满分；否则 按比例得分 }",
    );
    // 120万千瓦时 = 1,200,000千瓦时; (1,200,000 − 1,020,000) ÷ 1,200,000 = 15%;
    // 4 × 15% ÷ 20% = 3.00.
    let card = score(
        &source,
        "\"改造前用电量\" = 120\n\"改造后用电量\" = \"1020000千瓦时\"",
    );
    assert_eq!(total(&card), some("3.00"));
    assert_eq!(indicator(&card, "测试指标").actual.as_deref(), Some("15%"));
    // The same facts written in the other unit: 1,200,000千瓦时 and 102万千瓦时.
    let card = score(
        &source,
        "\"改造前用电量\" = \"1200000千瓦时\"\n\"改造后用电量\" = \"102万千瓦时\"",
    );
    assert_eq!(total(&card), some("3.00"));
}

#[test]
fn money_per_declared_unit_compares_with_a_printed_bound() {
    let source = with_units(
        POWER_UNITS,
        "电费: 万元\n用电量: 千瓦时",
        "完成值 = 电费 / 用电量\n评分 { 完成值 ≤ 0.6元/千瓦时 得满分；否则 得0分 }",
    );
    // 56.1万元 ÷ 1,020,000千瓦时 = 561,000 ÷ 1,020,000 = 0.55元/千瓦时 ≤ 0.6: 4.00.
    let card = score(&source, "\"电费\" = 56.1\n\"用电量\" = \"102万千瓦时\"");
    assert_eq!(total(&card), some("4.00"));
    assert_eq!(
        indicator(&card, "测试指标").actual.as_deref(),
        Some("0.55元/千瓦时")
    );
    // 63.24万元 ÷ 1,020,000千瓦时 = 632,400 ÷ 1,020,000 = 0.62 > 0.6: 0.00.
    let card = score(&source, "\"电费\" = 63.24\n\"用电量\" = 1020000");
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn a_declared_counting_word_and_its_multiple() {
    let source = with_units(
        POWER_UNITS,
        "放流鱼苗: 尾",
        "完成值 = 放流鱼苗\n评分 { 完成值 >= 10万尾 得满分；否则 得0分 }",
    );
    // 12万尾 = 120,000尾 ≥ 100,000尾: 4.00; 99,999尾 < 100,000尾: 0.00.
    assert_eq!(
        scored_total(&source, "\"放流鱼苗\" = \"12万尾\""),
        some("4.00")
    );
    assert_eq!(scored_total(&source, "\"放流鱼苗\" = 99999"), some("0.00"));
    // A counting word of its own: 尾 does not mix with 个.
    let other = with_units(
        POWER_UNITS,
        "放流鱼苗: 尾",
        "完成值 = 放流鱼苗\n评分 { 完成值 >= 100000个 得满分；否则 得0分 }",
    );
    assert!(build_error_codes(&other).contains(&MISMATCH.to_string()));
}

#[test]
fn a_printed_percent_word_is_a_percent() {
    let printed = with_units(
        POWER_UNITS,
        "资金到位率: %",
        "完成值 = 资金到位率\n评分 { 完成值 >= 100百分比 得满分；否则 得0分 }",
    );
    // 「≥100百分比」 is 「≥100%」: 100% → 4.00, 99.5% → 0.00.
    assert_eq!(
        scored_total(&printed, "\"资金到位率\" = \"100%\""),
        some("4.00")
    );
    assert_eq!(
        scored_total(&printed, "\"资金到位率\" = \"99.5百分比\""),
        some("0.00")
    );
}

#[test]
fn mistaken_declarations_have_their_codes() {
    let codes = |units: &str| {
        build_error_codes(&with_units(
            units,
            "放流鱼苗: 个",
            "完成值 = 放流鱼苗\n评分 { 完成值 >= 10个 得满分；否则 得0分 }",
        ))
    };
    let has = |units: &str, code: &str| {
        let found = codes(units);
        assert!(found.contains(&code.to_string()), "{units}: {found:?}");
    };
    has("万元 = 10000元", "jixiao::parse::unit_exists");
    has("尾：计数\n尾：计数", "jixiao::parse::unit_exists");
    has("万尾 = 10000尾", "jixiao::parse::unit_base_unknown");
    has("尾：计数\n万尾 = -10000尾", "jixiao::parse::unit_multiple");
    has("千分比 = 0.1%", "jixiao::parse::unit_multiple");
    has("得分：计数", "jixiao::parse::unit_keyword");
    has("尾：计数\n尾数：计数", "jixiao::parse::unit_prefix");
    has("平方：面积", "jixiao::parse::unit_prefix");
}

const POWER_LIBRARY: &str = "库 \"节能\" { }\n单位 {\n千瓦时：电量\n万千瓦时 = 10000千瓦时\n}\n\
    事实 { 节电量: 千瓦时 }\n\
    指标 节电量（4分）{ 完成值 = 节电量\n评分 { 完成值 >= 1万千瓦时 得满分；否则 得0分 } }\n";

#[test]
fn a_librarys_units_travel_with_its_import() {
    let ruleset = "导入 \"节能.jx\"\n体系 \"测试\" { 满分 4 }\n事实 { }\n\
        一级 测试一级（4分）{ 二级 测试二级（4分）{ 指标 节电量（4分）沿用 } }\n";
    let build = jixiao::build_with(
        "测试.jx",
        ruleset,
        &jixiao::MemoryLoader(&[("节能.jx", POWER_LIBRARY)]),
    );
    let compiled = build.compiled.expect("the ruleset builds");
    // The facts file writes the library's unit: 1.2万千瓦时 = 12,000 ≥ 10,000: 4.00.
    let values = jixiao::facts::parse(
        "\"节电量\" = \"1.2万千瓦时\"",
        jixiao::facts::Format::Toml,
        &compiled,
    )
    .expect("the facts read");
    let card = jixiao::eval::score(&compiled, &values);
    assert_eq!(total(&card), some("4.00"));
    // The same word declared otherwise in the importer is refused.
    let clash = ruleset.replace("事实 { }", "单位 { 千瓦时：能耗 }\n事实 { }");
    let build = jixiao::build_with(
        "测试.jx",
        &clash,
        &jixiao::MemoryLoader(&[("节能.jx", POWER_LIBRARY)]),
    );
    let codes: Vec<String> = build
        .diagnostics
        .iter()
        .filter_map(|report| miette::Diagnostic::code(&**report).map(|code| code.to_string()))
        .collect();
    assert!(
        codes.contains(&"jixiao::parse::unit_exists".to_string()),
        "{codes:?}"
    );
    // Declared the same way in both, it is one unit: the ruleset builds.
    let same = ruleset.replace("事实 { }", "单位 { 千瓦时：电量 }\n事实 { }");
    let build = jixiao::build_with(
        "测试.jx",
        &same,
        &jixiao::MemoryLoader(&[("节能.jx", POWER_LIBRARY)]),
    );
    assert!(build.compiled.is_some(), "{:?}", build.diagnostics);
}

#[test]
fn templates_and_batch_sheets_write_declared_units() {
    let source = with_units(
        POWER_UNITS,
        "改造前用电量: 万千瓦时\n改造后用电量: 千瓦时",
        "完成值 = (改造前用电量 - 改造后用电量) × 100% / 改造前用电量\n标杆值 20%\n\
         评分 { 完成值 ≥ 20% 得满分；否则 按比例得分 }",
    );
    let compiled = compile(&source);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let template = dir.path().join("填报表.csv");
    jixiao::batch::template::write(&compiled, &template, false).expect("template written");
    let headings = std::fs::read_to_string(&template).expect("template read");
    assert!(
        headings.contains("改造前用电量（万千瓦时）")
            && headings.contains("改造后用电量（千瓦时）"),
        "{headings}"
    );
    // A heading in another unit of the dimension, and cells with their unit:
    // 1,200,000千瓦时 and 102万千瓦时 = 1,020,000千瓦时 save 15%: 4 × 15% ÷ 20% = 3.00.
    let input = dir.path().join("填报.csv");
    std::fs::write(
        &input,
        "项目名称,改造前用电量（千瓦时）,改造后用电量（千瓦时）\n甲,1200000,102万千瓦时\n",
    )
    .expect("input written");
    let output = dir.path().join("结果.csv");
    jixiao::batch::run(
        &compiled,
        &input,
        Some(&output),
        jixiao::batch::OutputFormat::Csv,
        &jixiao::batch::BatchOptions::default(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let results = std::fs::read_to_string(&output).expect("results read");
    let row = results.lines().nth(1).expect("one project");
    assert!(row.contains(",3.00,"), "{results}");
}

// ---------------------------------------------------------------- types of formulas

#[test]
fn a_number_times_a_percent_is_a_percent() {
    // A weighted composite of two percents: each number scales its percent.
    let source = full_or_zero(
        "满意度: %\n达标率: %",
        "0.6 × 满意度 + 0.4 × 达标率",
        "完成值 >= 90%",
    );
    // 0.6 × 95% + 0.4 × 85% = 57% + 34% = 91% ≥ 90%: full, shown as 91%.
    let card = score(&source, "\"满意度\" = \"95%\"\n\"达标率\" = \"85%\"");
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(indicator(&card, "测试指标").actual.as_deref(), Some("91%"));
    // 0.6 × 92% + 0.4 × 85% = 55.2% + 34% = 89.2% < 90%: 0.00.
    let card = score(&source, "\"满意度\" = \"92%\"\n\"达标率\" = \"85%\"");
    assert_eq!(total(&card), some("0.00"));
}

#[test]
fn a_ratio_without_a_percent_written_is_shown_as_a_ratio() {
    let facts = "实际支出资金: 万元\n实际到位资金: 万元";
    let values = "\"实际支出资金\" = 9.2\n\"实际到位资金\" = 10";
    // 9.2 ÷ 10 = 0.92 ≥ 0.9: full, and 完成值 shown as the ratio 0.92.
    let ratio = full_or_zero(facts, "实际支出资金 / 实际到位资金", "完成值 >= 0.9");
    let card = score(&ratio, values);
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(indicator(&card, "测试指标").actual.as_deref(), Some("0.92"));
    // A number before a ratio is not a percent without its %: 1 − 0.92 = 0.08 ≤ 0.1, full.
    let rest = full_or_zero(facts, "1 - 实际支出资金 / 实际到位资金", "完成值 <= 0.1");
    let card = score(&rest, values);
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(indicator(&card, "测试指标").actual.as_deref(), Some("0.08"));
}

#[test]
fn a_date_moves_by_days_and_two_dates_differ_by_days() {
    let facts = "完成日期: 日期\n计划日期: 日期";
    for condition in [
        "完成值 <= 计划日期 + 30天",
        "完成值 <= 计划日期 + 30",
        "完成值 - 30天 <= 计划日期",
        "完成值 - 计划日期 <= 30天",
    ] {
        let source = full_or_zero(facts, "完成日期", condition);
        // 2024-11-30 + 30 days = 2024-12-30 (and 2024-12-30 − 2024-11-30 = 30 days):
        // finished then, full; a day later, 0.
        let on_time = "\"完成日期\" = \"2024-12-30\"\n\"计划日期\" = \"2024-11-30\"";
        assert_eq!(total(&score(&source, on_time)), some("5.00"), "{condition}");
        let late = "\"完成日期\" = \"2024-12-31\"\n\"计划日期\" = \"2024-11-30\"";
        assert_eq!(total(&score(&source, late)), some("0.00"), "{condition}");
    }
}

#[test]
fn a_sum_is_shown_in_the_unit_of_its_first_quantity() {
    let source = full_or_zero(
        "中央资金: 万元\n地方资金: 元",
        "中央资金 + 地方资金",
        "完成值 >= 2万元",
    );
    // 1.5万元 + 5000元 = 15000元 + 5000元 = 20000元 = 2万元 ≥ 2万元: full, shown in 万元.
    let card = score(&source, "\"中央资金\" = 1.5\n\"地方资金\" = 5000");
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(
        indicator(&card, "测试指标").actual.as_deref(),
        Some("2万元")
    );
}

#[test]
fn money_divided_by_a_number_stays_money() {
    let source = full_or_zero("年度支出: 万元", "年度支出 / 12", "完成值 <= 5万元");
    // 60万元 ÷ 12 = 5万元 ≤ 5万元: full, shown as 5万元.
    let card = score(&source, "\"年度支出\" = 60");
    assert_eq!(total(&card), some("5.00"));
    assert_eq!(
        indicator(&card, "测试指标").actual.as_deref(),
        Some("5万元")
    );
    // 61万元 ÷ 12 = 5.0833…万元 > 5万元: 0.00.
    assert_eq!(total(&score(&source, "\"年度支出\" = 61")), some("0.00"));
}

#[test]
fn percentage_points_move_a_percent_literal() {
    // 90% + 5个百分点 and 100% − 5个百分点 are both 95%: the points are a difference here.
    for condition in ["完成值 >= 90% + 5个百分点", "完成值 >= 100% - 5个百分点"] {
        let source = full_or_zero("满意度: %", "满意度", condition);
        // 95% ≥ 95%: full; 94.9% < 95%: 0.00.
        let full = score(&source, "\"满意度\" = \"95%\"");
        assert_eq!(total(&full), some("5.00"), "{condition}");
        let short = score(&source, "\"满意度\" = \"94.9%\"");
        assert_eq!(total(&short), some("0.00"), "{condition}");
    }
}
