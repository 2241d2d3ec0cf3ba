//! Parsing: source text → pest parse tree → [`SourceFile`], with every
//! syntax error named in the words of the people who write rulesets. This
//! module runs the passes its children make — the grammar glue, the lexical
//! scan, pest and the diagnosis of its failure, the lowering to the AST — and
//! re-exports what the rest of the crate uses; the parser may use only the
//! [`ast`](crate::lang::ast), [`span`](crate::lang::span),
//! [`units`](crate::lang::units) and [`source`](crate::lang::source) modules
//! of the language, and [`crate::files`].

mod card;
mod declare;
mod diagnose;
mod error;
mod expectation;
mod expr;
mod grammar;
mod lower;
mod points;
mod scan;

pub use declare::MAX_DECLARED_UNITS;
pub use diagnose::{respace_glued, KEYWORDS};
pub use error::{ParseError, ParseErrors};
pub use expr::{parse_date, DATE_YEARS};
pub(crate) use grammar::JixiaoParser;
pub use grammar::{Rule, MAX_NESTING};
pub use scan::MAX_NAME_CHARS;

use crate::lang::ast::SourceFile;
use crate::lang::span::Span;
use diagnose::{diagnose, Hints};
use error::GENERAL_HELP;
use lower::lower;
use pest::iterators::Pairs;
use pest::Parser;
use scan::{check_nesting, Scan};

/// How many failed blocks to blank out and re-parse before giving up: enough
/// for a ruleset with a slip in many indicators, few enough to stay fast.
const MAX_PARSE_ERRORS: usize = 20;

/// Parses a ruleset's source text, reporting every syntax error found.
pub fn parse(source: &str) -> Result<SourceFile, ParseErrors> {
    parse_with_tree(source).map(|(file, _)| file)
}

/// Parses a ruleset's source text once and gives both the AST and the pest
/// tree it was lowered from, or every syntax error found. For a caller that
/// needs the tree's tokens as well as the AST, such as the formatter, so
/// that it does not parse the text twice.
///
/// Three passes find the mistakes:
///
/// 1. a lexical scan for what pest would report far from its cause or in
///    grammar terms: an unclosed brace (found by indentation), an unclosed or
///    mismatched quote, full-width digits, a comparison mixing full- and
///    half-width signs;
/// 2. pest, whose failure is translated from grammar rules into what should be
///    written there, with targeted messages for common slips (分 without a
///    number, a missing weight, a misspelt keyword, a keyword glued to a
///    name). After a failure the block it lies in is blanked out and the text
///    parsed again, so that every broken indicator is reported, not only the
///    first;
/// 3. lowering pairs to typed nodes, which reports malformed literals (a date
///    that does not exist, a number too large).
pub fn parse_with_tree(source: &str) -> Result<(SourceFile, Pairs<'_, Rule>), ParseErrors> {
    check_nesting(source).map_err(ParseErrors::one)?;
    let scan = Scan::of(source);
    // A run too long to be a name would only be read slowly, again and again,
    // by every alternative that begins with a name.
    if scan.errors.iter().any(ParseError::is_name_too_long) {
        if let Some(lexical) = ParseErrors::new(scan.errors.clone()) {
            return Err(lexical);
        }
    }
    match JixiaoParser::parse(Rule::file, source) {
        Ok(pairs) => match ParseErrors::new(scan.errors) {
            None => Ok((lower(pairs.clone())?, pairs)),
            Some(lexical) => Err(lexical),
        },
        Err(quick) => {
            let _detail = ErrorDetail::on();
            let failure = JixiaoParser::parse(Rule::file, source)
                .err()
                .unwrap_or(quick);
            Err(every_error(source, &scan, failure))
        }
    }
}

/// pest's record of every attempt (`pest::set_error_detail`), which the
/// diagnostics read, is on only while a failed parse is read again for them:
/// recording costs more than half of a parse that succeeds. The switch is
/// global, so whoever turns it on holds a lock until it is off again; a
/// parse elsewhere meanwhile is only slower, never different.
struct ErrorDetail {
    _held: std::sync::MutexGuard<'static, ()>,
}

impl ErrorDetail {
    fn on() -> ErrorDetail {
        static SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let held = SWITCH
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pest::set_error_detail(true);
        ErrorDetail { _held: held }
    }
}

impl Drop for ErrorDetail {
    fn drop(&mut self) {
        pest::set_error_detail(false);
    }
}

/// Every syntax error in a source text on which pest failed with `failure`:
/// the lexical scan's mistakes, and pest's one per block — after each failure
/// the block it lies in is blanked out and the text parsed again. Pest is
/// believed only before the first lexical mistake, which derails it.
fn every_error(source: &str, scan: &Scan, failure: pest::error::Error<Rule>) -> ParseErrors {
    let hints = Hints::of(source);
    // A unit declared after one it begins with makes later text fail to parse.
    if let Some(clashes) = ParseErrors::new(declare::prefix_clashes(hints.declared_units())) {
        return clashes;
    }
    let mut errors = scan.errors.clone();
    let first_lexical = errors.iter().map(ParseError::offset).min();
    let mut text = source.to_string();
    let mut failure = failure;
    for round in 0..MAX_PARSE_ERRORS {
        if round > 0 {
            failure = match JixiaoParser::parse(Rule::file, &text) {
                Ok(_) => break,
                Err(failure) => failure,
            };
        }
        let error = diagnose(&failure, &text, &hints);
        // A lexical mistake derails pest at or after it; report pest's own
        // finding only where it comes first.
        if first_lexical.is_some_and(|first| error.offset() >= first) {
            break;
        }
        let at = error.offset();
        errors.push(error);
        if first_lexical.is_some() {
            break;
        }
        match scan.recovery_region(&text, at) {
            Some((start, end)) => blank(&mut text, start, end),
            None => break,
        }
    }
    ParseErrors::new(errors).unwrap_or_else(|| {
        ParseErrors::one(ParseError::Syntax {
            expected: "合法的规则".into(),
            found: "无法识别的内容".into(),
            span: Span::new(0, 0).into(),
            help: GENERAL_HELP.into(),
        })
    })
}

/// Replaces `[start, end)` with spaces of the same byte length, keeping line
/// breaks, so that every later offset still points at the same text.
fn blank(text: &mut String, start: usize, end: usize) {
    let Some(region) = text.get(start..end) else {
        return;
    };
    let spaces: String = region
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(start..end, &spaces);
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::Diagnostic;

    #[test]
    fn the_tree_is_the_whole_file_the_ast_was_lowered_from() {
        let source = "体系 \"示例\" { 满分 4 }\n事实 { 满意度: % }\n一级 效益（4分）{ 二级 满意度（4分）{\n    指标 满意度（4分）{ 完成值 = 满意度 评分 { 完成值 >= 90% 得满分；否则 得0分 } }\n} }\n";
        let (file, tree) = parse_with_tree(source).expect("the example parses");
        let top: Vec<_> = tree.collect();
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].as_rule(), Rule::file);
        assert_eq!(top[0].as_str(), source);
        let header = top[0]
            .clone()
            .into_inner()
            .find(|pair| pair.as_rule() == Rule::header)
            .expect("the tree has the header");
        let ruleset = file.ruleset.expect("the example is a ruleset");
        assert_eq!(ruleset.header.span, Span::from(header.as_span()));
        assert_eq!(ruleset.header.title, "示例");
    }

    #[test]
    fn several_errors_as_one_diagnostic_lead_with_the_first() {
        // 得分 = } on line 4 is a syntax error; the full-width ４ on line 5 a
        // lexical one. A program embedding the parser that renders the errors
        // as one diagnostic sees the first's message and code, and the other
        // as related.
        let source = "体系 \"示例\" { 满分 8 }\n事实 { 满意度: % }\n\
            一级 效益（8分）{ 二级 效果（8分）{\n\
            指标 甲（4分）{ 评分 { 得分 = } }\n\
            指标 乙（４分）{ 评分 { 得分 = 权重 } }\n} }\n";
        let errors = parse(source).expect_err("the text has two mistakes");
        let first = errors.first();
        assert!(matches!(first, ParseError::Syntax { .. }), "{first:?}");
        assert_eq!(errors.to_string(), first.to_string());
        let code = |diagnostic: &dyn Diagnostic| diagnostic.code().map(|code| code.to_string());
        assert_eq!(code(&errors).as_deref(), Some("jixiao::parse::syntax"));
        assert_eq!(errors.severity(), first.severity());
        let help = |diagnostic: &dyn Diagnostic| diagnostic.help().map(|help| help.to_string());
        assert_eq!(
            help(&errors).as_deref(),
            Some("在「=」之后写出算式，例如「得分 = 完成值 × 权重」")
        );
        let places = |diagnostic: &dyn Diagnostic| {
            let labels = diagnostic.labels().into_iter().flatten();
            labels.map(|label| label.offset()).collect::<Vec<_>>()
        };
        // The 「}」 after 得分 = on line 4.
        assert_eq!(places(&errors), [source.find("= }").expect("written") + 2]);
        let related: Vec<_> = errors
            .related()
            .expect("the second error is related")
            .map(code)
            .collect();
        assert_eq!(related, [Some("jixiao::parse::full_width".to_string())]);
    }
}
