//! Lowering the parts of a rule that read values — conditions, expressions
//! and literals (numbers, quantities, points, dates, names, quoted text) —
//! from pest pairs to the AST, with the pair-span helpers the block lowering
//! shares. A malformed literal (a number too large, a date that does not
//! exist) is a [`ParseError`].

use super::error::{ParseError, Result};
use super::grammar::{Rule, MAX_NESTING};
use super::scan::skip_line;
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Unit;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A number as written (in digits, or in Chinese numerals where a number is
/// counted), refused beyond [`crate::lang::units::MAX_MAGNITUDE`] so that no
/// later sum or product of rule numbers can overflow a decimal.
pub(super) fn decimal(pair: &Pair<Rule>) -> Result<Decimal> {
    let number = match pair.as_rule() {
        Rule::chinese_number => chinese_numeral(pair.as_str()),
        _ => Decimal::from_str(pair.as_str()).ok(),
    };
    number
        .filter(|number| number.abs() <= crate::lang::units::MAX_MAGNITUDE)
        .ok_or_else(|| ParseError::Number {
            text: pair.as_str().to_string(),
            span: Span::from(pair.as_span()).into(),
        })
}

/// The value of a count written in Chinese numerals: 一, 两, 十, 十五, 二十五,
/// 一百二十, 三百零五. `None` for a run that is not a numeral (十十, 百一百).
pub fn chinese_numeral(text: &str) -> Option<Decimal> {
    let digit = |c: char| match c {
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let mut total: u64 = 0;
    let mut pending: Option<u64> = None;
    let mut last_scale = u64::MAX;
    for c in text.chars() {
        let scale = match c {
            '十' => 10,
            '百' => 100,
            // 零 only holds a place: 三百零五.
            '零' if pending.is_none() => continue,
            _ if pending.is_some() => return None,
            _ => {
                pending = Some(digit(c)?);
                continue;
            }
        };
        // Each scale at most once, the larger first: 二百一十五.
        if scale >= last_scale {
            return None;
        }
        last_scale = scale;
        total += pending.take().unwrap_or(1) * scale;
    }
    Some(Decimal::from(total + pending.unwrap_or(0)))
}

/// A pair's span without the white space and comments pest lets a rule
/// swallow after its last token (`条件 # 注释⏎`), so that labels end where
/// the written text ends.
pub(super) fn content_span(pair: &Pair<Rule>) -> Span {
    let start = pair.as_span().start();
    Span::new(start, start + content_end(pair.as_str()))
}

/// Where the written text of `text` ends: before trailing white space and
/// `#` or `//` comments, which inside quotes are text.
fn content_end(text: &str) -> usize {
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (Some(close), c) if c == close => {
                quote = None;
                end = at + c.len_utf8();
            }
            (Some(_), _) => end = at + c.len_utf8(),
            (None, '"') => {
                quote = Some('"');
                end = at + 1;
            }
            (None, '“') => {
                quote = Some('”');
                end = at + c.len_utf8();
            }
            (None, '#') => skip_line(&mut chars),
            (None, '/') if chars.peek().is_some_and(|(_, next)| *next == '/') => {
                skip_line(&mut chars)
            }
            (None, c) if c.is_whitespace() => {}
            (None, c) => end = at + c.len_utf8(),
        }
    }
    end
}

/// A name pair as written; a name quoted in 「」 is its text inside them.
pub(super) fn name(pair: Pair<Rule>) -> Name {
    let text = pair.as_str();
    let unquoted = text
        .strip_prefix('「')
        .and_then(|inner| inner.strip_suffix('」'))
        .unwrap_or(text);
    Name {
        text: unquoted.to_string(),
        span: pair.as_span().into(),
    }
}

/// A quoted text without its quotation marks.
pub(super) fn string_text(pair: &Pair<Rule>) -> String {
    let text = pair.as_str();
    let quote_len = text.chars().next().map_or(0, char::len_utf8);
    text.get(quote_len..text.len().saturating_sub(quote_len))
        .unwrap_or("")
        .to_string()
}

/// A `number 分` pair's number, as a weight (whose sign the checker judges).
pub(super) fn signed_points(pair: Pair<Rule>) -> Result<Decimal> {
    match pair.into_inner().next() {
        Some(number) => decimal(&number),
        None => Ok(Decimal::ZERO),
    }
}

/// A `number 分` pair's number where a score or a deduction is written:
/// `得-1分` or `扣-1分` would turn a deduction into a gain, so it is refused.
pub(super) fn points(pair: Pair<Rule>) -> Result<Decimal> {
    let span = Span::from(pair.as_span());
    let text = pair.as_str().to_string();
    let points = signed_points(pair)?;
    if points.is_sign_negative() && !points.is_zero() {
        return Err(ParseError::NegativePoints {
            text,
            span: span.into(),
        });
    }
    Ok(points)
}

/// A `quantity` pair: number and optional unit.
pub(super) fn quantity(pair: Pair<Rule>) -> Result<(Decimal, Option<Unit>)> {
    let span = Span::from(pair.as_span());
    let text = pair.as_str().to_string();
    let mut inner = pair.into_inner();
    let number = match inner.next() {
        Some(number) => decimal(&number)?,
        None => Decimal::ZERO,
    };
    // A word the grammar read as a unit but the table does not hold is one
    // whose declaration failed, already reported: read the number alone.
    let unit = inner
        .next()
        .and_then(|unit| super::declare::unit(unit.as_str()));
    // Later stages convert with `to_runtime`; reject here what cannot convert.
    if unit
        .as_ref()
        .is_some_and(|unit| unit.to_runtime(number).is_none())
    {
        return Err(ParseError::Number {
            text,
            span: span.into(),
        });
    }
    Ok((number, unit))
}

/// A condition: a 或 / 且 list, a negation, a comparison or a 是否 fact.
pub(super) fn condition(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    match pair.as_rule() {
        Rule::condition => junction(pair, Condition::Any),
        Rule::conjunct | Rule::paired_cmp => junction(pair, Condition::All),
        Rule::negation => negations(pair),
        Rule::implicit_cmp => {
            let span = content_span(&pair);
            let mut inner = pair.into_inner();
            match (inner.next(), inner.next()) {
                (Some(op), Some(right)) => Ok(Condition::Compare(
                    with_suffix(cmp_op(&op), inner.next())?,
                    own_value(span),
                    expr(right)?,
                    span,
                )),
                _ => Ok(Condition::All(Vec::new())),
            }
        }
        Rule::bound_cmp => bound(pair),
        Rule::value_range_cmp => range(pair),
        Rule::subject_cmp => subject_cmp(pair),
        Rule::level_cmps => pair
            .into_inner()
            .map(level_cmp)
            .collect::<Result<Vec<_>>>()
            .map(Condition::Any),
        Rule::tier_test => {
            let mut inner = pair.into_inner();
            match (inner.next(), inner.next()) {
                (Some(fact), Some(level)) => Ok(Condition::Tier(name(fact), name(level))),
                _ => Ok(Condition::All(Vec::new())),
            }
        }
        _ => Ok(Condition::Fact(name(pair))),
    }
}

/// `中部≥40%`: the level (read later as its fact's tier test) and the
/// indicator's 完成值 compared.
fn level_cmp(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let span = content_span(&pair);
    let mut inner = pair.into_inner();
    let (Some(level), Some(op), Some(value)) = (inner.next(), inner.next(), inner.next()) else {
        return Ok(Condition::All(Vec::new()));
    };
    let level = name(level);
    let own = Span::new(level.span.end, span.end);
    let compared = Condition::Compare(cmp_op(&op), own_value(own), expr(value)?, own);
    Ok(Condition::All(vec![Condition::Fact(level), compared]))
}

/// A comparison that begins with its subject, told apart by what follows
/// the subject: a range's ends, a bound's number, or one or two operators.
fn subject_cmp(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let mut after_subject = pair.clone().into_inner().skip(1).map(|part| part.as_rule());
    match (after_subject.next(), after_subject.nth(1)) {
        (Some(Rule::range_ends), _) => range(pair),
        (Some(Rule::bound_value), _) => bound(pair),
        (Some(Rule::cmp_op), Some(Rule::cmp_op)) => chain(pair),
        (Some(Rule::excess_word), _) => excess(pair),
        _ => comparison(pair),
    }
}

/// `完成值 超过 标杆值 30%以上`: a value beyond another by a share of it.
fn excess(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let span = content_span(&pair);
    let mut values = Vec::new();
    let (mut above, mut strict, mut share) = (true, false, None);
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::expr => values.push(expr(part)?),
            Rule::excess_word => above = part.as_str() != "低于",
            Rule::bound_value => {
                let at = (Span::from(part.as_span()), part.as_str().to_string());
                share = part
                    .into_inner()
                    .next()
                    .map(quantity)
                    .transpose()?
                    .map(|q| (q, at));
            }
            Rule::inclusion => strict = !included(&part),
            _ => {}
        }
    }
    match (values.pop(), values.pop(), share) {
        (Some(reference), Some(value), Some(((percent, Some(Unit::Percent)), (at, _)))) => Ok(
            Condition::excess(above, strict, value, reference, (percent, at), span),
        ),
        (_, _, Some((_, (at, text)))) => Err(share_not_percent(at, text)),
        _ => Ok(Condition::All(Vec::new())),
    }
}

/// The share in `超过标杆值30%以上` must be a percent.
fn share_not_percent(at: Span, text: String) -> ParseError {
    ParseError::Syntax {
        expected: "百分比（如「30%」）".into(),
        found: format!("「{text}」"),
        span: at.into(),
        help: "「超过标杆值30%以上」中超出的幅度写成百分比".into(),
    }
}

/// `完成值>=90%`, `满意度达到90%（含）以上`: one comparison of two values.
fn comparison(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let span = content_span(&pair);
    let mut inner = pair.into_inner();
    match (inner.next(), inner.next(), inner.next()) {
        (Some(left), Some(op), Some(right)) => Ok(Condition::Compare(
            with_suffix(cmp_op(&op), inner.next())?,
            expr(left)?,
            expr(right)?,
            span,
        )),
        _ => Ok(Condition::All(Vec::new())),
    }
}

/// A comparison with the 以上/以下 written after it (`达到90%（含）以上`): the
/// suffix must go the comparison's way; （含） or （不含） before it says
/// whether the number itself counts.
fn with_suffix(op: CmpOp, suffix: Option<Pair<Rule>>) -> Result<CmpOp> {
    let Some(suffix) = suffix else {
        return Ok(op);
    };
    let span = Span::from(suffix.as_span());
    let text = suffix.as_str().to_string();
    let mut inclusive = None;
    let mut above = true;
    for part in suffix.into_inner() {
        match part.as_rule() {
            Rule::inclusion => inclusive = Some(included(&part)),
            Rule::bound_side => above = part.as_str() == "以上",
            _ => {}
        }
    }
    match (op, above, inclusive) {
        (CmpOp::Ge | CmpOp::Gt, true, Some(true)) => Ok(CmpOp::Ge),
        (CmpOp::Ge | CmpOp::Gt, true, Some(false)) => Ok(CmpOp::Gt),
        (CmpOp::Le | CmpOp::Lt, false, Some(true)) => Ok(CmpOp::Le),
        (CmpOp::Le | CmpOp::Lt, false, Some(false)) => Ok(CmpOp::Lt),
        (CmpOp::Ge | CmpOp::Gt, true, None) | (CmpOp::Le | CmpOp::Lt, false, None) => Ok(op),
        _ => Err(ParseError::Syntax {
            expected: format!("与比较词「{}」同向的说法", op.symbol()),
            found: format!("「{text}」"),
            span: span.into(),
            help: "「以上」只跟在「达到」「不低于」「大于」等之后，「以下」只跟在「低于」「不超过」「小于」等之后".into(),
        }),
    }
}

/// The indicator's 完成值, standing for a comparison's unwritten subject.
fn own_value(span: Span) -> Expr<Parsed> {
    Expr {
        kind: ExprKind::Actual,
        span,
    }
}

/// `80%≤完成值<90%`: both comparisons, each with its own span.
fn chain(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let mut inner = pair.into_inner();
    let (Some(a), Some(first), Some(b), Some(second), Some(c)) = (
        inner.next(),
        inner.next(),
        inner.next(),
        inner.next(),
        inner.next(),
    ) else {
        return Ok(Condition::All(Vec::new()));
    };
    let (a, b, c) = (expr(a)?, expr(b)?, expr(c)?);
    let (left_span, right_span) = (a.span.to(b.span), b.span.to(c.span));
    Ok(Condition::All(vec![
        Condition::Compare(cmp_op(&first), a, b.clone(), left_span),
        Condition::Compare(cmp_op(&second), b, c, right_span),
    ]))
}

/// Whether a `（含）`/`（不含）` mark says its end is included.
fn included(mark: &Pair<Rule>) -> bool {
    mark.clone()
        .into_inner()
        .next()
        .is_some_and(|inner| inner.as_rule() == Rule::included)
}

/// `90%（含）以上`, `60%以下`: 以上 and 以下 include the number unless
/// （不含） is written.
fn bound(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let span = content_span(&pair);
    let mut subject = own_value(span);
    let mut value = None;
    let mut inclusive = true;
    let mut op = CmpOp::Ge;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::expr => subject = expr(part)?,
            Rule::bound_value => value = part.into_inner().next().map(expr).transpose()?,
            Rule::inclusion => inclusive = included(&part),
            Rule::bound_side if part.as_str() == "以下" => op = CmpOp::Le,
            _ => {}
        }
    }
    let op = match (op, inclusive) {
        (CmpOp::Ge, false) => CmpOp::Gt,
        (CmpOp::Le, false) => CmpOp::Lt,
        (op, _) => op,
    };
    let Some(value) = value else {
        return Ok(Condition::All(Vec::new()));
    };
    Ok(Condition::Compare(op, subject, value, span))
}

/// `在80%至90%之间`, `80%（含）-90%`: low ≤ (or <) subject ≤ (or <) high.
/// Unmarked ends are included, except that when only one end is marked
/// （含）, the other is not.
fn range(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let span = content_span(&pair);
    let mut subject = own_value(span);
    let mut ends: Vec<(Expr<Parsed>, Option<bool>)> = Vec::new();
    let mut ends_end = span.end;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::expr => subject = expr(part)?,
            Rule::range_ends => {
                ends_end = part.as_span().end();
                for end in part.into_inner() {
                    match end.as_rule() {
                        Rule::inclusion => {
                            if let Some(last) = ends.last_mut() {
                                last.1 = Some(included(&end));
                            }
                        }
                        _ => ends.push((expr(end)?, None)),
                    }
                }
            }
            _ => {}
        }
    }
    // The grammar writes exactly two ends.
    let Ok([(mut low, low_mark), (high, high_mark)]) = <[_; 2]>::try_from(ends) else {
        return Ok(Condition::All(Vec::new()));
    };
    carry_unit(&high, &mut low);
    let end_included = |own: Option<bool>, other: Option<bool>| own.unwrap_or(other != Some(true));
    let op = |inclusive: bool| if inclusive { CmpOp::Le } else { CmpOp::Lt };
    // The upper end's comparison reaches its （含）, so that the two read
    // together as printed: `0-10%（含）`.
    let (low_span, high_span) = (low.span, Span::new(high.span.start, ends_end));
    Ok(Condition::All(vec![
        Condition::Compare(
            op(end_included(low_mark, high_mark)),
            low,
            subject.clone(),
            low_span,
        ),
        Condition::Compare(
            op(end_included(high_mark, low_mark)),
            subject,
            high,
            high_span,
        ),
    ]))
}

/// `0-10%（含）`, `5-10万元`: a range's lower end written without a unit is in
/// its upper end's unit, as the printed text means.
fn carry_unit(high: &Expr<Parsed>, low: &mut Expr<Parsed>) {
    if let (ExprKind::Quantity(_, Some(unit)), ExprKind::Quantity(number, written @ None)) =
        (&high.kind, &mut low.kind)
    {
        if unit.to_runtime(*number).is_some() {
            *written = Some(unit.clone());
        }
    }
}

/// `不 不 … 条件`, walked without recursion and refused past [`MAX_NESTING`].
fn negations(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    let mut count = 0;
    let mut current = pair;
    let negated = loop {
        count += 1;
        if count > MAX_NESTING {
            return Err(ParseError::TooDeep {
                span: Span::from(current.as_span()).into(),
            });
        }
        match current
            .into_inner()
            .find(|part| part.as_rule() != Rule::not_kw)
        {
            Some(next) if next.as_rule() == Rule::negation => current = next,
            Some(next) => break condition(next)?,
            None => break Condition::All(Vec::new()),
        }
    };
    Ok((0..count).fold(negated, |inner, _| Condition::Not(Box::new(inner))))
}

/// A 或 / 且 list; a list of one is just its member.
fn junction(
    pair: Pair<Rule>,
    combine: fn(Vec<Condition<Parsed>>) -> Condition<Parsed>,
) -> Result<Condition<Parsed>> {
    let mut members: Vec<_> = pair.into_inner().map(condition).collect::<Result<_>>()?;
    if members.len() == 1 {
        Ok(members.remove(0))
    } else {
        Ok(combine(members))
    }
}

/// A comparison sign or word, in any of its spellings.
pub(super) fn cmp_op(pair: &Pair<Rule>) -> CmpOp {
    match pair.as_str() {
        ">=" | "≥" | "≧" | "＞＝" | "大于等于" | "大于或等于" | "不低于" | "不少于" | "不小于"
        | "达到" => CmpOp::Ge,
        "<=" | "≤" | "≦" | "＜＝" | "小于等于" | "小于或等于" | "不高于" | "不多于" | "不超过"
        | "不大于" | "未超过" => CmpOp::Le,
        ">" | "＞" | "大于" | "高于" | "超过" | "多于" => CmpOp::Gt,
        "<" | "＜" | "小于" | "低于" | "未达到" | "少于" | "不足" => CmpOp::Lt,
        "!=" | "！＝" | "≠" => CmpOp::Ne,
        _ => CmpOp::Eq,
    }
}

/// An expression, refused when its tree would be deeper than [`MAX_NESTING`]
/// (every later stage walks it recursively).
pub(super) fn expr(pair: Pair<Rule>) -> Result<Expr<Parsed>> {
    if looks_like_short_date(pair.as_str()) {
        let start = pair.as_span().start();
        let text = pair.as_str().trim_end();
        return Err(ParseError::Date {
            text: text.to_string(),
            span: Span::new(start, start + text.len()).into(),
        });
    }
    expr_within(pair).map(|(expr, _)| expr)
}

/// `24-12-31`: a date with a short year, which would otherwise read as the
/// subtraction 24 − 12 − 31 (dates are written with four-digit years).
fn looks_like_short_date(text: &str) -> bool {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit())
    };
    parts.len() == 3 && digits(parts[0], 3) && digits(parts[1], 2) && digits(parts[2], 2)
}

/// An expression and the depth of its tree (brackets add none: the scan
/// bounds them before parsing).
fn expr_within(pair: Pair<Rule>) -> Result<(Expr<Parsed>, usize)> {
    let span: Span = pair.as_span().into();
    match pair.as_rule() {
        Rule::expr | Rule::term => {
            let mut inner = pair.into_inner();
            let Some(first) = inner.next() else {
                let zero = Expr {
                    kind: ExprKind::Quantity(Decimal::ZERO, None),
                    span,
                };
                return Ok((zero, 0));
            };
            let (mut left, mut left_depth) = expr_within(first)?;
            while let (Some(op), Some(right)) = (inner.next(), inner.next()) {
                // A left-deep chain: each operation is one level above both sides.
                let (right, right_depth) = expr_within(right)?;
                left_depth = left_depth.max(right_depth) + 1;
                if left_depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: right.span.into(),
                    });
                }
                let op = match op.as_str() {
                    "+" | "＋" => BinOp::Add,
                    "-" | "－" | "−" => BinOp::Sub,
                    "*" | "×" | "＊" => BinOp::Mul,
                    _ => BinOp::Div,
                };
                let span = left.span.to(right.span);
                left = Expr {
                    kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                    span,
                };
            }
            Ok((left, left_depth))
        }
        _ => leaf(pair, span).map(|leaf| (leaf, 0)),
    }
}

/// A literal, keyword or name.
fn leaf(pair: Pair<Rule>, span: Span) -> Result<Expr<Parsed>> {
    let kind = match pair.as_rule() {
        Rule::quantity => {
            let (number, unit) = quantity(pair)?;
            ExprKind::Quantity(number, unit)
        }
        Rule::date => ExprKind::Date(date(&pair)?),
        Rule::keyword_value => match pair.as_str() {
            "完成值" => ExprKind::Actual,
            "标杆值" => ExprKind::Target,
            _ => ExprKind::Weight,
        },
        _ => ExprKind::Ref(name(pair)),
    };
    Ok(Expr { kind, span })
}

/// The years a date may fall in; a year outside them is a slip (`0000-01-01`)
/// or a year written short (`24-12-31`), never a real deadline.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Reads a calendar date written `2024-12-31`, `2024/12/31`, `2024.12.31`
/// or `2024年12月31日`: a four-digit year within [`DATE_YEARS`], a month and a day
/// of one or two digits, and nothing before or after. `None` for anything
/// else, or for a day that does not exist.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let (year, rest) = text.split_at_checked(4)?;
    let (month, day) = if let Some(rest) = rest.strip_prefix('年') {
        let (month, day) = rest.split_once('月')?;
        (month, day.strip_suffix('日')?)
    } else {
        let separator = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '/' | '.'))?;
        rest[1..].split_once(separator)?
    };
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4..=4) || !digits(month, 1..=2) || !digits(day, 1..=2) {
        return None;
    }
    let year: i32 = year.parse().ok().filter(|year| DATE_YEARS.contains(year))?;
    chrono::NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// A date literal, refused if the day does not exist.
fn date(pair: &Pair<Rule>) -> Result<chrono::NaiveDate> {
    parse_date(pair.as_str()).ok_or_else(|| ParseError::Date {
        text: pair.as_str().to_string(),
        span: Span::from(pair.as_span()).into(),
    })
}

#[cfg(test)]
mod tests {
    use crate::lang::parse::expr::{chinese_numeral, content_end};
    use rust_decimal::Decimal;

    #[test]
    fn chinese_numerals_read_as_counted() {
        let cases = [
            ("一", 1),
            ("两", 2),
            ("十", 10),
            ("十五", 15),
            ("二十五", 25),
            ("一百二十", 120),
            ("三百零五", 305),
            ("零", 0),
            // Every digit once: 4 × 10 + 6, 7 × 10 + 8, 9.
            ("四十六", 46),
            ("七十八", 78),
            ("九", 9),
        ];
        for (text, value) in cases {
            assert_eq!(chinese_numeral(text), Some(Decimal::from(value)), "{text}");
        }
    }

    #[test]
    fn content_ends_before_trailing_comments_but_not_inside_quotes() {
        // 得满分 is 9 bytes; the comment and the spaces before it are not text.
        assert_eq!(content_end("得满分 # 注释\n"), 9);
        assert_eq!(content_end("得满分 // 注释"), 9);
        // A lone / is text: 甲 / 乙 ends after 乙 (3 + 3 + 3 bytes).
        assert_eq!(content_end("甲 / 乙  "), 9);
        // Inside quotes # and // are text, up to the closing quote:
        // “ 3 + a # b 5 + ” 3 = 11; " 1 + a // b 6 + " 1 = 8.
        assert_eq!(content_end("“a # b” # 注释"), 11);
        assert_eq!(content_end("\"a // b\"  # 注释"), 8);
        // An opening quote is text even as the last character: x, a space,
        // then " at 2 (ends at 3) or “ at 2 (3 bytes, ends at 5).
        assert_eq!(content_end("x \""), 3);
        assert_eq!(content_end("x “"), 5);
        // A quote never closed is text to the end, its spaces too: 8 bytes.
        assert_eq!(content_end("\"a # b  "), 8);
    }

    #[test]
    fn runs_that_are_not_numerals_are_refused() {
        // 零 holds a place only before a digit: 五零 is no numeral.
        for text in ["十十", "五五", "百一百", "一十百", "五零"] {
            assert_eq!(chinese_numeral(text), None, "{text}");
        }
    }
}
