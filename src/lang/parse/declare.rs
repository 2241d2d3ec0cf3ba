//! Lowering a file's 单位 block to its [`UnitTable`], and the table the rest
//! of the lowering reads unit words with.
//!
//! The grammar already knows the declared words (each declaration pushes its
//! word on pest's stack, where `declared_unit` finds it), so the lowering only
//! has to learn what each stands for. Every function that reads a quantity
//! would otherwise carry the table as an argument through the whole recursive
//! descent; instead [`with_units`] makes it the table of the file being
//! lowered, for the duration of the lowering, and [`unit`] reads it.

use super::diagnose::KEYWORDS;
use super::error::ParseError;
use super::grammar::Rule;
use crate::lang::measure::{self, Dimension, Measure, UnitDef};
use crate::lang::span::Span;
use crate::lang::units::{DeclaredUnit, Unit, UnitTable};
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::cell::RefCell;

/// How many units one file may declare: the grammar's `declared_unit` looks
/// at this many places of pest's stack.
pub const MAX_DECLARED_UNITS: usize = 32;

/// Words that mean something after a number besides the keywords, so that a
/// unit of that name would change how rules read (`100以上`, `5分`).
const AFTER_A_NUMBER: &[&str] = &[
    "得", "扣", "计", "分", "每", "且", "或", "的", "及", "为", "不", "以上", "以下", "以内",
    "之间", "至", "到", "含", "不含", "计数",
];

thread_local! {
    /// The declared units of the file being lowered ([`with_units`]).
    static LOWERING: RefCell<UnitTable> = const { RefCell::new(UnitTable::BUILTIN) };
}

/// Runs `lower` with `table` as the units its quantities are read in, and
/// gives the table back afterwards.
pub(super) fn with_units<T>(table: UnitTable, lower: impl FnOnce() -> T) -> (T, UnitTable) {
    let previous = LOWERING.with(|units| units.replace(table));
    let lowered = lower();
    let table = LOWERING.with(|units| units.replace(previous));
    (lowered, table)
}

/// A unit word of the file being lowered (`万元`, `千瓦时`, `元/千瓦时`).
pub(super) fn unit(word: &str) -> Option<Unit> {
    LOWERING.with(|units| units.borrow().unit(word))
}

/// Lowers a 单位 block (the ruleset's or a library's in the same file) into
/// the table of the file being lowered; a malformed declaration is reported
/// and left out.
pub(super) fn declare_block(pair: Pair<Rule>, errors: &mut Vec<ParseError>) {
    LOWERING.with(|units| {
        let mut table = units.borrow_mut();
        for declaration in pair.into_inner() {
            if table.declarations().len() == MAX_DECLARED_UNITS {
                errors.push(ParseError::TooManyUnits {
                    max: MAX_DECLARED_UNITS,
                    span: Span::from(declaration.as_span()).into(),
                });
                break;
            }
            match declared_unit(declaration, &table) {
                Ok(declared) => table.declare(declared),
                Err(error) => errors.push(error),
            }
        }
    });
}

/// One declaration, checked against the table declared before it.
fn declared_unit(pair: Pair<Rule>, table: &UnitTable) -> Result<DeclaredUnit, ParseError> {
    let span = Span::from(pair.as_span());
    let mut inner = pair.into_inner();
    let (Some(word), Some(what)) = (inner.next(), inner.next()) else {
        return Err(incomplete(span));
    };
    let word_span = Span::from(word.as_span());
    let word = word.as_str().to_string();
    new_word(&word, word_span, table)?;
    let unit = match what.as_rule() {
        Rule::unit_kind if what.as_str() == "计数" => {
            counted(&word, Dimension::Count(word.clone()))
        }
        Rule::unit_kind => counted(
            &word,
            Dimension::Declared {
                name: what.as_str().to_string(),
                base: word.clone(),
            },
        ),
        _ => multiple(&word, what, table)?,
    };
    Ok(DeclaredUnit { word, unit, span })
}

/// A declaration without its parts, which the grammar does not let through.
fn incomplete(span: Span) -> ParseError {
    ParseError::Syntax {
        expected: "单位声明（「千瓦时：电量」或「万千瓦时 = 10000千瓦时」）".into(),
        found: "不完整的声明".into(),
        span: span.into(),
        help: "每个单位一行：新的一类量写「单位：类别名」，计数的量词写「单位：计数」，倍数写「单位 = 数值 已知单位」".into(),
    }
}

/// A unit of size 1 in `dimension`.
fn counted(word: &str, dimension: Dimension) -> Unit {
    Unit::Measure(Box::new(Measure::of(UnitDef {
        word: word.to_string(),
        dimension,
        size: Decimal::ONE,
    })))
}

/// Refuses a word that is a keyword, already a unit, or would be read as
/// another unit after a number.
fn new_word(word: &str, span: Span, table: &UnitTable) -> Result<(), ParseError> {
    if KEYWORDS.contains(&word) || AFTER_A_NUMBER.contains(&word) {
        return Err(ParseError::UnitKeyword {
            word: word.to_string(),
            span: span.into(),
        });
    }
    if table.declared(word).is_some() {
        return Err(ParseError::UnitExists {
            word: word.to_string(),
            span: span.into(),
            help: "同一个单位只声明一次；要另一个大小，换一个词（如「万千瓦时 = 10000千瓦时」）"
                .into(),
        });
    }
    if UnitTable::BUILTIN.unit(word).is_some() {
        return Err(ParseError::UnitExists {
            word: word.to_string(),
            span: span.into(),
            help: format!("「{word}」是内置单位，直接写在数字之后即可，不必声明"),
        });
    }
    let earlier = table
        .declarations()
        .iter()
        .map(|earlier| earlier.word.as_str());
    match prefix_clash(word, span, earlier) {
        Some(clash) => Err(clash),
        None => Ok(()),
    }
}

/// The prefix clashes among the words of a `单位` block found by a plain scan
/// (word and offset), for a parse that failed: such a clash makes the text
/// after it fail, and is reported in place of that failure.
pub(super) fn prefix_clashes(units: &[(String, usize)]) -> Vec<ParseError> {
    units
        .iter()
        .enumerate()
        .filter_map(|(index, (word, at))| {
            let earlier = units[..index].iter().map(|(word, _)| word.as_str());
            prefix_clash(word, Span::new(*at, at + word.len()), earlier)
        })
        .collect()
}

/// A declared word that begins with one declared before it, or that a
/// built-in unit begins with: the grammar tries declared units in the order
/// declared, then the built-in ones, and takes the first that matches, so
/// that after a number the other would be misread. Also used on a failed
/// parse, where such a clash is what made it fail.
fn prefix_clash<'a>(
    word: &str,
    span: Span,
    mut earlier: impl Iterator<Item = &'a str>,
) -> Option<ParseError> {
    if let Some(earlier) = earlier.find(|earlier| word.starts_with(earlier)) {
        return Some(ParseError::UnitPrefix {
            word: word.to_string(),
            other: earlier.to_string(),
            span: span.into(),
            help: format!(
                "声明的单位按先后查找，「{word}」会被读成「{earlier}」加其余的字：把「{word}」写在「{earlier}」之前"
            ),
        });
    }
    let longer = measure::builtin_words().find(|builtin| builtin.starts_with(word))?;
    Some(ParseError::UnitPrefix {
        word: word.to_string(),
        other: longer.to_string(),
        span: span.into(),
        help: format!(
            "声明的单位先于内置单位查找，「{longer}」会被读成「{word}」加其余的字：换一个词"
        ),
    })
}

/// `万千瓦时 = 10000千瓦时`: the base unit scaled, in the base's dimension;
/// `百分比 = 1%`: another word for %.
fn multiple(word: &str, pair: Pair<Rule>, table: &UnitTable) -> Result<Unit, ParseError> {
    let text = pair.as_str().to_string();
    let whole = Span::from(pair.as_span());
    let mut inner = pair.into_inner();
    let (Some(number), Some(base)) = (inner.next(), inner.next()) else {
        return Err(incomplete(whole));
    };
    let span = Span::new(number.as_span().start(), base.as_span().end());
    // Read here rather than with the expression reader, which reads units
    // with this module: a multiple's number is a plain decimal.
    let factor = Decimal::from_str_exact(number.as_str()).map_err(|_| ParseError::Number {
        text: number.as_str().to_string(),
        span: Span::from(number.as_span()).into(),
    })?;
    let base_span = Span::from(base.as_span());
    let base_word = base.as_str().trim();
    let unknown = || ParseError::UnitBaseUnknown {
        word: word.to_string(),
        base: base_word.to_string(),
        span: base_span.into(),
    };
    if base.as_rule() != Rule::fact_unit {
        return Err(unknown());
    }
    if factor <= Decimal::ZERO {
        return Err(not_a_multiple(word, &text, span));
    }
    match table.unit(base_word).ok_or_else(unknown)? {
        same @ (Unit::Percent | Unit::PercentagePoint) if factor == Decimal::ONE => Ok(same),
        Unit::Measure(measure) => {
            let size = measure
                .of
                .size
                .checked_mul(factor)
                // A product a decimal rounds is not the exact multiple.
                .filter(|size| size.checked_div(factor) == Some(measure.of.size))
                .ok_or_else(|| not_a_multiple(word, &text, span))?;
            Ok(Unit::Measure(Box::new(Measure {
                of: UnitDef {
                    word: word.to_string(),
                    dimension: measure.of.dimension,
                    size,
                },
                per: measure.per,
            })))
        }
        _ => Err(not_a_multiple(word, &text, span)),
    }
}

fn not_a_multiple(word: &str, text: &str, span: Span) -> ParseError {
    ParseError::UnitMultiple {
        word: word.to_string(),
        multiple: text.to_string(),
        span: span.into(),
    }
}
