//! The type a draft declares for a name its rules read, inferred from the
//! text: the unit of a quantity it is compared with (`满意度≥95%` → `%`,
//! `数量<2个` → `个`), the 完成值's unit where it is the indicator's own
//! measure or compared with it, money or a count for a formula's terms, `%`
//! for a rate, the levels of a tier (`综合治理效果为明显…；一般…；没有…`), and
//! 是否 for a condition. Every declaration is a guess the officer confirms.

use super::rule::Plan;
use crate::lang::measure::builtin;

/// Words before a compared value.
const COMPARISONS: [&str; 14] = [
    "≥",
    "≤",
    ">",
    "<",
    "＞",
    "＜",
    "=",
    "＝",
    "≧",
    "≦",
    "不低于",
    "不少于",
    "低于",
    "达到",
];

/// Negations glued before a condition (`没有发生生产安全事故`).
pub const NEGATIONS: [&str; 5] = ["没有", "未", "不", "无", "非"];

/// Words that mark money in a formula's term.
const MONEY_WORDS: [&str; 7] = ["资金", "金额", "经费", "费用", "支出", "预算", "价额"];

/// The quantity at the start of `text` (`95%`, `2个`, `1家`), as (number, unit).
pub fn quantity(text: &str) -> Option<(&str, String)> {
    let digits = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(at, _)| at);
    if digits == 0 {
        return None;
    }
    let rest = &text[digits..];
    if rest.starts_with('%') || rest.starts_with("个百分点") {
        return Some((&text[..digits], "%".to_string()));
    }
    let unit = (1..=3)
        .rev()
        .map(|n| rest.chars().take(n).collect::<String>())
        .find(|word| !word.is_empty() && builtin(word).is_some())?;
    Some((&text[..digits], unit.to_string()))
}

/// The unit of the first quantity after `word` in `text`.
fn unit_after(text: &str, words: &[&str]) -> Option<String> {
    words
        .iter()
        .flat_map(|word| text.match_indices(word).map(move |(at, _)| at + word.len()))
        .filter_map(|at| quantity(text[at..].trim_start()))
        .map(|(_, unit)| unit)
        .next()
}

/// The unit of the indicator's 完成值 when it is a fact of its own.
pub fn own_unit(plan: &Plan, name: &str) -> String {
    let text = plan.lines.join("");
    plan.target
        .as_deref()
        .and_then(quantity)
        .map(|(_, unit)| unit)
        .or_else(|| unit_after(&text, &COMPARISONS))
        .or_else(|| {
            unit_after(
                &text,
                &[
                    "每少",
                    "每降低",
                    "每减少",
                    "每超过",
                    "每增加",
                    "少出",
                    "延迟",
                    "每多",
                ],
            )
        })
        .unwrap_or_else(|| {
            if name.ends_with('数') {
                "个".into()
            } else {
                "%".into()
            }
        })
}

/// The declaration (the text after `名称：`) for `name`, read by the rules
/// of the indicator `plan` describes, whose 完成值 has `own` as its unit.
pub fn declaration(name: &str, plan: &Plan, own: &str) -> String {
    let text = plan.lines.join("");
    let after_name = |text: &str| {
        text.match_indices(name)
            .filter_map(|(at, _)| {
                let rest = text[at + name.len()..].trim_start();
                let word = COMPARISONS.iter().find(|word| rest.starts_with(*word))?;
                quantity(rest[word.len()..].trim_start()).map(|(_, unit)| unit)
            })
            .next()
    };
    if plan.formula_names.iter().any(|term| term == name) {
        return formula_unit(plan);
    }
    if let Some(unit) = after_name(&text) {
        return unit;
    }
    let compared = COMPARISONS.iter().any(|word| {
        let written = format!("{word}{name}");
        text.match_indices(&written).any(|(at, _)| {
            let next = text[at + written.len()..].chars().next();
            !next.is_some_and(char::is_alphanumeric)
        })
    });
    if compared {
        return own.to_string();
    }
    if ["率", "比例", "比重", "满意度", "占比"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        return "%".to_string();
    }
    "是否".to_string()
}

/// The unit of a formula's terms: money when the first term names money,
/// else the count word the terms suggest.
fn formula_unit(plan: &Plan) -> String {
    let first = plan.formula_names.first().map_or("", String::as_str);
    if MONEY_WORDS.iter().any(|word| first.contains(word)) {
        return "万元".to_string();
    }
    let all = plan.formula_names.join("");
    let words = [
        ("企业", "家"),
        ("机构", "家"),
        ("单位", "家"),
        ("人", "人"),
        ("户", "户"),
        ("项目", "个"),
        ("措施", "项"),
    ];
    words
        .iter()
        .find(|(word, _)| all.contains(word))
        .map_or("个", |(_, unit)| unit)
        .to_string()
}

/// A name as a condition: a glued negation taken off (`没有发生生产安全事故`
/// → `发生生产安全事故`), so the rule reads as printed.
pub fn condition(name: &str) -> &str {
    NEGATIONS
        .iter()
        .find_map(|word| {
            name.strip_prefix(word)
                .filter(|rest| rest.chars().count() >= 2)
        })
        .unwrap_or(name)
}

/// A tier written `事实为档次` (`综合治理效果为明显`): the fact and the first level.
pub fn tier(name: &str) -> Option<(&str, &str)> {
    let at = name.rfind('为')?;
    let (fact, level) = (&name[..at], &name[at + '为'.len_utf8()..]);
    (fact.chars().count() >= 2 && !level.is_empty() && level.chars().count() <= 4)
        .then_some((fact, level))
}

/// The quantity of the rule's first comparison (`完成质量≥95%` → `95%`):
/// the level full marks start at, taken as the 标杆值 where none is printed.
pub fn first_compared(plan: &Plan) -> Option<String> {
    let text = plan.lines.join("");
    COMPARISONS
        .iter()
        .flat_map(|word| {
            text.match_indices(word)
                .map(move |(at, _)| (at, at + word.len()))
        })
        .min()
        .and_then(|(_, end)| quantity(text[end..].trim_start()))
        .map(|(number, unit)| format!("{number}{unit}"))
}
