//! Slips that leave something out: 分 without its number (`扣分` where
//! `扣0.1分` is meant), a formula with nothing after its `=`, or one left
//! unfinished at the end of its line.

use crate::lang::parse::error::ParseError;
use crate::lang::parse::scan::{is_name_char, line_start, name_run_before};
use crate::lang::span::Span;

/// `（分）`, `扣分` where a number should precede 分: an example for the place.
pub(super) fn points_example(text: &str, at: usize) -> String {
    let before = text[line_start(text, at)..at].trim_end();
    let clause = before
        .rsplit(['；', ';', '{', '｛'])
        .next()
        .unwrap_or(before);
    if before.ends_with('扣') && clause.contains('每') {
        "写出每次扣的分值，例如「每降低1个百分点扣0.1分」".to_string()
    } else if before.ends_with('扣') {
        "写出扣的分值，例如「扣1分」".to_string()
    } else if before.ends_with(['(', '（']) {
        "在括号里写出权重，例如「（4分）」".to_string()
    } else if before.ends_with('得') {
        "写出得分，例如「得0分」".to_string()
    } else {
        "写出分值，例如「1分」".to_string()
    }
}

/// `每发现1个问题扣分`: the deduction's points have no number. The grammar
/// then reads the whole clause as one name and fails after it (on the next
/// line, when the clause ends its own), so look back over the clause for the
/// first 扣 and what follows it.
pub(super) fn deduction_without_points(text: &str, at: usize) -> Option<ParseError> {
    let end = text[..at].trim_end().len();
    let clause_start = text[..end]
        .rfind(['；', ';', '{', '｛', '\n'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &text[clause_start..end];
    let deduct = clause.find('扣')?;
    let after = &clause[deduct + '扣'.len_utf8()..];
    let after = after.strip_prefix('除').unwrap_or(after);
    if !after.starts_with('分') {
        return None;
    }
    let before = clause[..deduct].trim_end();
    let counts_steps = before.ends_with(|c: char| c.is_ascii_digit() || !c.is_ascii())
        && before.chars().any(|c| c.is_ascii_digit());
    if !counts_steps {
        return None;
    }
    let points = clause_start + (clause.len() - after.len());
    // The officer's own words make the example, unless they run long.
    let step = before.trim_start();
    let step = if step.chars().count() <= 16 {
        step
    } else {
        "每降低1个百分点"
    };
    Some(ParseError::PointsWithoutNumber {
        span: Span::new(points, points + '分'.len_utf8()).into(),
        help: format!("写出每次扣的分值，例如「{step}扣0.1分」"),
    })
}

/// `完成值 >= 90% 扣分`: a clause whose outcome 得分 or 扣分 has no number
/// (the grammar read the word as a name). 酌情扣分 and 不得分 are whole
/// outcomes, and not this.
pub(super) fn outcome_without_points(text: &str, at: usize) -> Option<ParseError> {
    let (start, end) = name_run_before(text, at)?;
    if !matches!(&text[start..end], "得分" | "扣分") {
        return None;
    }
    let points = end - '分'.len_utf8();
    Some(ParseError::PointsWithoutNumber {
        span: Span::new(points, end).into(),
        help: points_example(text, points),
    })
}

/// `完成值 =` at the end of a line: the value is missing, and the grammar has
/// read the next line's first word as the value.
pub(super) fn nothing_after_equals(text: &str, at: usize) -> Option<ParseError> {
    let before_line = text[..line_start(text, at)].trim_end();
    let sign = before_line
        .chars()
        .last()
        .filter(|c| matches!(c, '=' | '＝' | ':' | '：'))?;
    let equals_at = before_line.len() - sign.len_utf8();
    if matches!(sign, ':' | '：') {
        let written = text[line_start(text, equals_at)..equals_at].trim();
        // A name with punctuation is quoted: 「立项符合法规，程序规范」.
        let quoted = written
            .strip_prefix('「')
            .and_then(|name| name.strip_suffix('」'));
        let name = quoted.unwrap_or(written);
        if name.is_empty() || (quoted.is_none() && !name.chars().all(is_name_char)) {
            return None;
        }
        return Some(ParseError::Syntax {
            expected: format!("事实「{name}」的类型"),
            found: "换行".to_string(),
            span: Span::new(equals_at, equals_at + sign.len_utf8()).into(),
            help: format!(
                "在冒号之后、同一行内写出类型（万元、%、是否、日期等），例如「{written}: 万元」"
            ),
        });
    }
    let statement = text[line_start(text, equals_at)..equals_at].trim();
    let (what, example) = value_statement(statement)?;
    let sign_len = text[equals_at..].chars().next().map_or(1, char::len_utf8);
    Some(ParseError::Syntax {
        expected: format!("「{what} =」之后的算式"),
        found: "换行".to_string(),
        span: Span::new(equals_at, equals_at + sign_len).into(),
        help: format!("在「=」之后、同一行内写出算式，例如「{example}」"),
    })
}

/// The statements that give a value by a formula, with an example of each.
fn value_statement(statement: &str) -> Option<(&'static str, &'static str)> {
    match statement {
        "完成值" => Some(("完成值", "完成值 = 实际支出资金 / 实际到位资金 × 100%")),
        "标杆值" => Some(("标杆值", "标杆值 = 应纳入监管数")),
        "得分" => Some(("得分", "得分 = 完成值 × 权重")),
        _ => None,
    }
}

/// `得分 = }`: nothing after a formula's `=` before the failure, on its line.
pub(super) fn empty_formula(
    text: &str,
    at: usize,
    found_at: Span,
    found: String,
) -> Option<ParseError> {
    let before = text[line_start(text, at)..at].trim_end();
    let statement = before.strip_suffix(['=', '＝'])?;
    let statement = statement
        .rsplit(['{', '｛', '；', ';'])
        .next()
        .unwrap_or("");
    let (what, example) = value_statement(statement.trim())?;
    Some(ParseError::Syntax {
        expected: format!("「{what} =」之后的算式"),
        found,
        span: found_at.into(),
        help: format!("在「=」之后写出算式，例如「{example}」"),
    })
}

/// `完成值 = （支出 × 2` or `完成值 = 满意度 ×`: a formula line that ends
/// inside a bracket or after an operator, so that the grammar read on into
/// the next line and failed there.
pub(super) fn unfinished_formula(text: &str, at: usize) -> Option<ParseError> {
    // The line before the failure's, if there is one (the first line may
    // start after a byte-order mark).
    let line_end = text[..line_start(text, at)].strip_suffix('\n')?.len();
    let line_begin = line_start(text, line_end);
    let line = text[line_begin..line_end]
        .split('#')
        .next()
        .unwrap_or("")
        .trim_end();
    let (statement, formula) = line.split_once(['=', '＝'])?;
    let (what, _) = value_statement(statement.trim())?;
    let formula_at = line_begin + (line.len() - formula.len());
    let (place, met, help) = if let Some(open) = unclosed_bracket(formula) {
        (
            formula_at + open,
            "没有闭合的括号".to_string(),
            "算式里的括号要在同一行内闭合，例如「完成值 = （实际支出资金 − 结余资金）/ 实际到位资金 × 100%」",
        )
    } else if formula.ends_with(['×', '*', '/', '÷', '+', '-', '−', '＋', '－']) {
        let operator = formula.chars().last()?;
        (
            formula_at + formula.len() - operator.len_utf8(),
            format!("「{operator}」之后的换行"),
            "运算符之后、同一行内写出另一个值，例如「完成值 = 实际支出资金 / 实际到位资金 × 100%」",
        )
    } else {
        return None;
    };
    let width = text[place..].chars().next().map_or(1, char::len_utf8);
    Some(ParseError::Syntax {
        expected: format!("「{what} =」之后完整的算式"),
        found: met,
        span: Span::new(place, place + width).into(),
        help: help.to_string(),
    })
}

/// Where the last bracket of `formula` that is not closed opens.
fn unclosed_bracket(formula: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (at, c) in formula.char_indices() {
        match c {
            '(' | '（' => open.push(at),
            ')' | '）' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
