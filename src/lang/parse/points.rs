//! Lowering the points a 评分标准 column prints other than one number: a
//! score band (`得9-8分`, the column's `9-8`) and the deduction per item not
//! met after a checklist (`以上情况每出现一例不符合要求的扣1分，扣完为止`).

use super::error::{ParseError, Result};
use super::expr::{content_span, decimal, points};
use super::grammar::Rule;
use crate::lang::ast::{Band, PerFailed};
use crate::lang::span::Span;
use pest::iterators::Pair;
use rust_decimal::Decimal;

/// `得8-9分` or the column's `9-8`: both ends, which may not be negative.
pub(super) fn band(pair: Pair<Rule>) -> Result<Band> {
    let span = content_span(&pair);
    let text = pair.as_str().to_string();
    let mut ends = pair.into_inner().map(|end| decimal(&end));
    let (first, second) = match (ends.next(), ends.next()) {
        (Some(first), Some(second)) => (first?, second?),
        _ => (Decimal::ZERO, Decimal::ZERO),
    };
    if first.is_sign_negative() || second.is_sign_negative() {
        return Err(ParseError::NegativePoints {
            text,
            span: span.into(),
        });
    }
    Ok(Band {
        printed: (first, second),
        span,
    })
}

/// `以上情况每出现一例不符合要求的扣1分，扣完为止` or `…，最多扣3分`.
pub(super) fn per_failed(pair: Pair<Rule>) -> Result<PerFailed> {
    let span = content_span(&pair);
    let mut result = PerFailed {
        points: Decimal::ZERO,
        cap: None,
        span,
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::points => result.points = points(part)?,
            Rule::deduction_cap => {
                if let Some(cap) = part.into_inner().next() {
                    result.cap = Some(points(cap)?);
                }
            }
            _ => {}
        }
    }
    Ok(result)
}

/// A per-item deduction counts the items before it; where it stands as a
/// clause of its own there are none.
pub(super) fn per_failed_without_items(span: Span) -> ParseError {
    ParseError::Syntax {
        expected: "要点（①②③…）".into(),
        found: "按例扣分的「每出现一例」".into(),
        span: span.into(),
        help: "按例扣分扣的是它前面列出的要点：先逐条写出要点，例如\
               「①资金拨付有完整的审批程序和手续；②…。以上情况每出现一例不符合要求的扣1分，扣完为止」；\
               若扣的是例数，声明计数事实，写「每多1例扣1分，扣完为止」"
            .into(),
    }
}
