//! Readings of glued runs, each written out by hand from the declared names.
//! A reading is shown as `spaced ⇒ condition`, the condition with the byte
//! spans of its names, so that a name cut at the wrong place shows.

use super::*;
use rust_decimal::Decimal;

/// A name whose text starts at byte `start` of the source.
fn name_at(text: &str, start: usize) -> Name {
    Name {
        text: text.to_string(),
        span: Span::new(start, start + text.len()),
    }
}

fn tier(levels: &[&str]) -> FactKind {
    FactKind::Tier(levels.iter().map(|level| name_at(level, 0)).collect())
}

fn facts(declared: &[(&str, FactKind)]) -> HashMap<String, FactKind> {
    declared
        .iter()
        .map(|(name, kind)| (name.to_string(), kind.clone()))
        .collect()
}

fn shown_name(name: &Name) -> String {
    format!("{}@{}..{}", name.text, name.span.start, name.span.end)
}

fn shown_expr(expr: &Expr<Parsed>) -> String {
    match &expr.kind {
        ExprKind::Ref(name) => shown_name(name),
        ExprKind::Actual => "完成值".to_string(),
        ExprKind::Target => "标杆值".to_string(),
        ExprKind::Weight => "权重".to_string(),
        ExprKind::Quantity(value, Some(Unit::Percent)) => format!("{value}%"),
        ExprKind::Binary(op, a, b) => format!("({} {op:?} {})", shown_expr(a), shown_expr(b)),
        other => format!("{other:?}"),
    }
}

fn shown(condition: &Condition<Parsed>) -> String {
    let all = |parts: &[Condition<Parsed>]| {
        let parts: Vec<String> = parts.iter().map(shown).collect();
        parts.join(", ")
    };
    match condition {
        Condition::Fact(name) => shown_name(name),
        Condition::Not(inner) => format!("不({})", shown(inner)),
        Condition::All(parts) => format!("且({})", all(parts)),
        Condition::Any(parts) => format!("或({})", all(parts)),
        Condition::Tier(fact, level) => format!("{}为{}", shown_name(fact), shown_name(level)),
        Condition::Compare(op, a, b, _) => format!("{} {op:?} {}", shown_expr(a), shown_expr(b)),
    }
}

fn lines(readings: &[Reading]) -> Vec<String> {
    readings
        .iter()
        .map(|reading| format!("{} ⇒ {}", reading.spaced, shown(&reading.condition)))
        .collect()
}

/// The readings of `text` written at byte 100, seen by indicator 执行率.
fn read(declared: &[(&str, FactKind)], text: &str) -> Vec<String> {
    let facts = facts(declared);
    let reader = Reader {
        facts: &facts,
        own: "执行率",
    };
    lines(&reader.readings(&name_at(text, 100)))
}

#[test]
fn a_negation_word_before_a_yes_no_fact() {
    // 不 is 3 bytes: the fact starts at 103 and its 8 characters end at 127.
    let declared = [("发生生产安全事故", FactKind::Bool)];
    assert_eq!(
        read(&declared, "不发生生产安全事故"),
        ["不 发生生产安全事故 ⇒ 不(发生生产安全事故@103..127)"]
    );
    // 没有 (6 bytes) is tried before 不; only one negation word is read.
    let declared = [("台账", FactKind::Bool)];
    assert_eq!(
        read(&declared, "没有台账"),
        ["没有 台账 ⇒ 不(台账@106..112)"]
    );
    // A negated fact that is not 是否 is no condition.
    let declared = [("台账", FactKind::Number)];
    assert!(read(&declared, "没有台账").is_empty());
}

#[test]
fn a_declared_name_is_never_split() {
    let declared = [("不发生事故", FactKind::Bool), ("发生事故", FactKind::Bool)];
    assert!(read(&declared, "不发生事故").is_empty());
}

#[test]
fn or_binds_looser_than_and() {
    // 甲或乙且丙 splits at 或 first: 甲, and 乙且丙 read as 乙 且 丙; once 或
    // gives a reading, 且 is not tried at the top.
    let declared = [
        ("甲", FactKind::Bool),
        ("乙", FactKind::Bool),
        ("丙", FactKind::Bool),
    ];
    assert_eq!(
        read(&declared, "甲或乙且丙"),
        ["甲 或 乙 且 丙 ⇒ 或(甲@100..103, 且(乙@106..109, 丙@112..115))"]
    );
    // An empty side is no split: 或甲 has nothing before its 或.
    assert!(read(&declared, "或甲").is_empty());
    assert!(read(&declared, "甲且").is_empty());
}

#[test]
fn a_condition_printed_with_de_after_it() {
    // 发生安全事故的: the stem's 6 characters are bytes 100..118.
    let declared = [("发生安全事故", FactKind::Bool)];
    assert_eq!(
        read(&declared, "发生安全事故的"),
        ["发生安全事故 ⇒ 发生安全事故@100..118"]
    );
    // 的 alone has no stem to read.
    assert!(read(&declared, "的").is_empty());
}

#[test]
fn at_most_eight_joining_words_are_split() {
    let declared = [("甲", FactKind::Bool)];
    let run = |terms: usize| vec!["甲"; terms].join("且");
    // Nine terms have eight 且: split. Ten have nine: not split at all.
    assert!(!read(&declared, &run(9)).is_empty());
    assert!(read(&declared, &run(10)).is_empty());
}

#[test]
fn at_most_six_hundred_bytes_are_split() {
    // 不 (3 bytes) and a fact of 199 characters (597 bytes) is 600 bytes:
    // still split; with 200 characters (603 bytes) it is not.
    for (chars, splits) in [(199, true), (200, false)] {
        let fact = "事".repeat(chars);
        let declared = [(fact.as_str(), FactKind::Bool)];
        let readings = read(&declared, &format!("不{fact}"));
        assert_eq!(!readings.is_empty(), splits, "{chars} characters");
    }
}

#[test]
fn a_comparison_word_between_two_values() {
    let declared = [
        ("纳入监管数", FactKind::Number),
        ("应纳入监管数", FactKind::Number),
        ("台账完整", FactKind::Bool),
    ];
    // 纳入监管数 is bytes 100..115, 低于 115..121, 应纳入监管数 121..139.
    assert_eq!(
        read(&declared, "纳入监管数低于应纳入监管数"),
        ["纳入监管数 低于 应纳入监管数 ⇒ 纳入监管数@100..115 Lt 应纳入监管数@121..139"]
    );
    // 不低于 is read at its 不 (≥); at 低 the left side 纳入监管数不 is no value.
    assert_eq!(
        read(&declared, "纳入监管数不低于应纳入监管数"),
        ["纳入监管数 不低于 应纳入监管数 ⇒ 纳入监管数@100..115 Ge 应纳入监管数@124..142"]
    );
    // A 是否 fact is no value to compare.
    assert!(read(&declared, "台账完整大于纳入监管数").is_empty());
}

#[test]
fn the_values_a_comparison_reads() {
    // 完成值, 标杆值, 权重, the indicator's own name and 指标值/目标值 (for its
    // 标杆值) are values without being declared; other words are not.
    let none: [(&str, FactKind); 0] = [];
    assert_eq!(
        read(&none, "完成值超过标杆值"),
        ["完成值 超过 标杆值 ⇒ 完成值 Gt 标杆值"]
    );
    assert_eq!(
        read(&none, "权重等于完成值"),
        ["权重 等于 完成值 ⇒ 权重 Eq 完成值"]
    );
    assert_eq!(
        read(&none, "执行率达到指标值"),
        ["执行率 达到 指标值 ⇒ 执行率@100..109 Ge 标杆值"]
    );
    assert_eq!(
        read(&none, "执行率低于目标值"),
        ["执行率 低于 目标值 ⇒ 执行率@100..109 Lt 标杆值"]
    );
    assert!(read(&none, "满意度达到指标值").is_empty());
}

#[test]
fn a_tier_fact_and_its_level() {
    let declared = [("效果", tier(&["明显", "一般"]))];
    // 效果 100..106, 为 106..109, 明显 109..115.
    assert_eq!(
        read(&declared, "效果为明显"),
        ["效果 为 明显 ⇒ 效果@100..106为明显@109..115"]
    );
    // Glued without a word, and with 是 and a closing 的 (the level ends
    // before the 的).
    assert_eq!(
        read(&declared, "效果一般"),
        ["效果 为 一般 ⇒ 效果@100..106为一般@106..112"]
    );
    assert_eq!(
        read(&declared, "效果是一般的"),
        ["效果 为 一般 ⇒ 效果@100..106为一般@109..115"]
    );
    // Not a declared level, and not a 档次 fact.
    assert!(read(&declared, "效果为很好").is_empty());
    let facts = facts(&[("效果", FactKind::Number)]);
    let reader = Reader {
        facts: &facts,
        own: "",
    };
    assert!(reader.tier(&name_at("效果为明显", 0)).is_none());
    assert!(reader.levels("效果").is_none());
}

#[test]
fn tier_refuses_a_declared_name_and_a_long_run() {
    let level = "明".repeat(197);
    let facts = facts(&[
        ("效果", tier(&["明显", &level])),
        ("效果为明显", FactKind::Bool),
    ]);
    let reader = Reader {
        facts: &facts,
        own: "",
    };
    assert!(reader.tier(&name_at("效果为明显", 0)).is_none());
    // 效果为 and 197 characters is 600 bytes, read; 198 (603 bytes) is not.
    let read_tier = |text: &str| {
        reader
            .tier(&name_at(text, 0))
            .map(|(f, l)| (f.text, l.text))
    };
    assert_eq!(
        read_tier(&format!("效果为{level}")),
        Some(("效果".to_string(), level.clone()))
    );
    assert_eq!(read_tier(&format!("效果为{level}明")), None);
}

#[test]
fn a_level_written_alone() {
    // 中部 is a level of two facts: both readings, sorted (区 U+533A before
    // 地 U+5730).
    let declared = [
        ("地区", tier(&["东部", "中部"])),
        ("区域", tier(&["中部", "西部"])),
    ];
    assert_eq!(
        read(&declared, "中部"),
        [
            "区域 为 中部 ⇒ 区域@100..106为中部@100..106",
            "地区 为 中部 ⇒ 地区@100..106为中部@100..106",
        ]
    );
    assert_eq!(
        read(&declared, "西部"),
        ["区域 为 西部 ⇒ 区域@100..106为西部@100..106"]
    );
}

/// [`Reader::excess`] of a subject written at byte 100, for a share of 30
/// (30% if `percent`).
fn excess(declared: &[(&str, FactKind)], subject: &str, op: CmpOp, percent: bool) -> Vec<String> {
    let facts = facts(declared);
    let reader = Reader {
        facts: &facts,
        own: "执行率",
    };
    let share = Expr {
        kind: ExprKind::Quantity(Decimal::from(30), percent.then_some(Unit::Percent)),
        span: Span::new(200, 203),
    };
    lines(&reader.excess(&name_at(subject, 100), op, &share, Span::new(100, 210)))
}

#[test]
fn a_value_above_another_by_a_share() {
    let none: [(&str, FactKind); 0] = [];
    let percent = true;
    // 超过指标值30%以上: at least 标杆值 × (100% + 30%); （不含） makes it more than.
    assert_eq!(
        excess(&none, "完成值超过指标值", CmpOp::Ge, percent),
        ["完成值 超过 指标值 30%以上 ⇒ 完成值 Ge (标杆值 Mul 130%)"]
    );
    assert_eq!(
        excess(&none, "完成值超过指标值", CmpOp::Gt, percent),
        ["完成值 超过 指标值 30%以上 ⇒ 完成值 Gt (标杆值 Mul 130%)"]
    );
    // 低于: at most 标杆值 × (100% − 30%).
    assert_eq!(
        excess(&none, "执行率低于标杆值", CmpOp::Ge, percent),
        ["执行率 低于 标杆值 30%以上 ⇒ 执行率@100..109 Le (标杆值 Mul 70%)"]
    );
    // Only 以上 (≥ or >) of a percentage between two values is read.
    assert!(excess(&none, "完成值超过指标值", CmpOp::Le, percent).is_empty());
    assert!(excess(&none, "完成值超过指标值", CmpOp::Ge, false).is_empty());
    assert!(excess(&none, "完成值超过满意度", CmpOp::Ge, percent).is_empty());
    let declared = [("完成值超过指标值", FactKind::Number)];
    assert!(excess(&declared, "完成值超过指标值", CmpOp::Ge, percent).is_empty());
}

/// [`Reader::glued_subject`] of a subject written at byte 100, compared
/// `≥ 40%`.
fn glued_subject(declared: &[(&str, FactKind)], subject: &str) -> Vec<String> {
    let facts = facts(declared);
    let reader = Reader {
        facts: &facts,
        own: "执行率",
    };
    let compare = |value: Expr<Parsed>| {
        let bound = Expr {
            kind: ExprKind::Quantity(Decimal::from(40), Some(Unit::Percent)),
            span: Span::new(300, 303),
        };
        Condition::Compare(CmpOp::Ge, value, bound, Span::new(100, 303))
    };
    lines(&reader.glued_subject(&name_at(subject, 100), &compare, "≥ 40%"))
}

#[test]
fn conditions_glued_to_a_comparisons_subject() {
    let declared = [("地区", tier(&["东部", "中部"])), ("甲", FactKind::Bool)];
    // 地区为中部 100..115, 且 115..118, 完成值 118..127.
    assert_eq!(
        glued_subject(&declared, "地区为中部且完成值"),
        ["地区 为 中部 且 完成值 ≥ 40% ⇒ 且(地区@100..106为中部@109..115, 完成值 Ge 40%)"]
    );
    // Split at 或 first; its right part is read the same way. At the last
    // 且 the left part holds a 或, which 且 may not take in.
    assert_eq!(
        glued_subject(&declared, "地区为东部或地区为中部且完成值"),
        ["地区 为 东部 或 地区 为 中部 且 完成值 ≥ 40% ⇒ \
          或(地区@100..106为东部@109..115, 且(地区@118..124为中部@127..133, 完成值 Ge 40%))"]
    );
    // 或者 is one word: its 者 is not left on the value.
    assert_eq!(
        glued_subject(&declared, "甲或者完成值"),
        ["甲 或者 完成值 ≥ 40% ⇒ 或(甲@100..103, 完成值 Ge 40%)"]
    );
    // 且 binds tighter: 甲且乙或完成值 is (甲 且 乙) 或 …, never 甲 且 (乙 或 …),
    // so after a 且 only a value is compared.
    let declared = [("甲", FactKind::Bool), ("乙", FactKind::Bool)];
    assert_eq!(
        glued_subject(&declared, "甲且乙或完成值"),
        ["甲 且 乙 或 完成值 ≥ 40% ⇒ 或(且(甲@100..103, 乙@106..109), 完成值 Ge 40%)"]
    );
    // Nothing to compare after the last 且, or a declared subject.
    assert!(glued_subject(&declared, "甲且乙").is_empty());
    let declared = [("甲且完成值", FactKind::Number), ("甲", FactKind::Bool)];
    assert!(glued_subject(&declared, "甲且完成值").is_empty());
}

#[test]
fn a_long_subject_is_not_split() {
    // A fact of 196 characters (588 bytes), 且 (3) and 完成值 (9) is 600
    // bytes: split; with 197 characters (603 bytes) it is not.
    for (chars, splits) in [(196, true), (197, false)] {
        let fact = format!("甲{}", "事".repeat(chars - 1));
        let declared = [(fact.as_str(), FactKind::Bool)];
        let readings = glued_subject(&declared, &format!("{fact}且完成值"));
        assert_eq!(!readings.is_empty(), splits, "{chars} characters");
    }
}

#[test]
fn without_de_and_sub_name() {
    assert_eq!(without_de("基本健全的"), "基本健全");
    assert_eq!(without_de("基本健全"), "基本健全");
    let part = sub_name(&name_at("基本健全的", 40), 6, 12);
    assert_eq!(shown_name(&part), "健全@46..52");
}
