//! Parsing: source text → pest parse tree → [`ast::Ruleset<Parsed>`].
//!
//! The people who write rulesets are not programmers, so a parse failure must
//! name the mistake in their words and at its cause. Three passes find them:
//!
//! 1. a lexical scan for what pest would report far from its cause or in
//!    grammar terms: an unclosed brace (found by indentation), an unclosed or
//!    mismatched quote, full-width digits, a comparison mixing full- and
//!    half-width signs;
//! 2. pest, whose failure is translated from grammar rules into what should be
//!    written there ([`diagnose`]), with targeted messages for common slips (分
//!    without a number, a missing weight, a misspelt keyword, a keyword glued to
//!    a name). After a failure the block it lies in is blanked out and the text
//!    parsed again, so that every broken indicator is reported, not only the
//!    first;
//! 3. lowering pairs to typed nodes, which reports malformed literals (a date
//!    that does not exist, a number too large).

use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Unit;
use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// The pest parser of `grammar/jixiao.pest`; the formatter reads its token
/// spans too.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jixiao.pest"]
pub(crate) struct JixiaoParser;

/// A syntax error in a ruleset.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum ParseError {
    /// The text does not follow the grammar here.
    #[error("这里应写{expected}，却遇到{found}")]
    #[diagnostic(code(jixiao::parse::syntax))]
    Syntax {
        /// What the grammar expected here, in the officer's words.
        expected: String,
        /// What was found instead: 「。」, 文件结尾 …
        found: String,
        /// Where parsing stopped.
        #[label("这里")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// A number that does not fit a decimal.
    #[error("数值「{text}」超出可用范围")]
    #[diagnostic(
        code(jixiao::parse::number),
        help("规则中的数值绝对值不超过 10^15（一千万亿），保留的小数位数不超过 28 位")
    )]
    Number {
        /// The number as written.
        text: String,
        /// Where it is.
        #[label("这个数值")]
        span: SourceSpan,
    },
    /// A date that does not exist.
    #[error("日期「{text}」不存在")]
    #[diagnostic(
        code(jixiao::parse::date),
        help("日期写作 2024-12-31 或 2024年12月31日，月份为 1–12，日不超过当月的天数")
    )]
    Date {
        /// The date as written.
        text: String,
        /// Where it is.
        #[label("这个日期")]
        span: SourceSpan,
    },
    /// Brackets, a chain of operations or of 不 nested deeper than [`MAX_NESTING`].
    #[error("嵌套过深：括号、连写的运算或连续的「不」超过 {MAX_NESTING} 层")]
    #[diagnostic(code(jixiao::parse::too_deep), help("拆分过深的表达式或分组"))]
    TooDeep {
        /// Where the limit is passed.
        #[label("嵌套过深")]
        span: SourceSpan,
    },
    /// 不足 X 的按 Y 扣分 with X ≠ Y.
    #[error("「不足…按…扣分」前后的步长不一致")]
    #[diagnostic(
        code(jixiao::parse::partial_step),
        help("写作「不足1个百分点的，按1个百分点扣分」，两处步长与「每降低」的步长相同")
    )]
    PartialStep {
        /// The phrase.
        #[label("步长不一致")]
        span: SourceSpan,
    },
    /// A `{` never closed.
    #[error("「{block}」的大括号没有闭合")]
    #[diagnostic(code(jixiao::parse::unclosed_brace))]
    UnclosedBrace {
        /// The text before the brace: 指标 预算执行率（4分）.
        block: String,
        /// The opening brace.
        #[label("这个「{{」没有对应的「}}」")]
        open: SourceSpan,
        /// The end of the file.
        /// Where indentation says the block should have ended.
        #[label("按缩进，这一块应在这一行之前结束")]
        expected_end: Option<SourceSpan>,
        /// The end of the file.
        #[label("文件到这里结束，这一块仍未闭合")]
        end: SourceSpan,
        /// Where the closing brace probably belongs.
        #[help]
        help: String,
    },
    /// A `}` with no `{` before it.
    #[error("多出一个「}}」：前面没有与它对应的「{{」")]
    #[diagnostic(
        code(jixiao::parse::unmatched_brace),
        help("删去这个「}}」；如果它本应结束一个块，检查那个块的开头是否漏写了「{{」")
    )]
    UnmatchedBrace {
        /// The closing brace.
        #[label("多出的「}}」")]
        span: SourceSpan,
    },
    /// A quotation mark never closed on its line.
    #[error("引号没有闭合")]
    #[diagnostic(
        code(jixiao::parse::unclosed_string),
        help("在这一行的文字末尾补上「{close}」；引号内的文字不能跨行")
    )]
    UnclosedString {
        /// The closing mark that is missing.
        close: char,
        /// From the opening mark to the end of its line.
        #[label("从这里开始的文字没有结束引号")]
        span: SourceSpan,
    },
    /// `“…"`: a full-width quote closed by a half-width one, or the reverse.
    #[error("引号不配对：以「{open}」开头，却以「{close}」结尾")]
    #[diagnostic(
        code(jixiao::parse::mismatched_quotes),
        help("两端用同一种引号：\"…\"（半角）或 “…”（全角）")
    )]
    MismatchedQuotes {
        /// The opening mark.
        open: char,
        /// The closing mark found.
        close: char,
        /// The quoted text.
        #[label("引号不配对")]
        span: SourceSpan,
    },
    /// Full-width digits or letters where half-width ones are needed.
    #[error("全角字符「{found}」不能用于数值或名称")]
    #[diagnostic(
        code(jixiao::parse::full_width),
        help("改为半角「{replacement}」（中文输入法下按 Shift+空格 切换到半角）；标点符号全角半角都可以")
    )]
    FullWidth {
        /// The characters as written.
        found: String,
        /// The same in half-width.
        replacement: String,
        /// Where.
        #[label("全角字符")]
        span: SourceSpan,
    },
    /// A comparison sign half full-width, half half-width: `＞=`.
    #[error("比较符号「{found}」混用了全角与半角")]
    #[diagnostic(
        code(jixiao::parse::mixed_width),
        help(
            "写作「{replacement}」（全部半角）、「{full}」（全部全角），或用单个符号「{single}」"
        )
    )]
    MixedWidth {
        /// The sign as written.
        found: String,
        /// All half-width.
        replacement: String,
        /// All full-width.
        full: String,
        /// The one-character sign: ≥, ≤, ≠ or =.
        single: &'static str,
        /// Where.
        #[label("全角半角混用")]
        span: SourceSpan,
    },
    /// `（分）`: the points have no number.
    #[error("「分」前面缺少分值")]
    #[diagnostic(code(jixiao::parse::points_without_number))]
    PointsWithoutNumber {
        /// The 分.
        #[label("这里应是数值加「分」")]
        span: SourceSpan,
        /// An example in its context.
        #[help]
        help: String,
    },
    /// `指标 X {`: no weight.
    #[error("{level}「{name}」缺少权重")]
    #[diagnostic(code(jixiao::parse::missing_weight))]
    MissingWeight {
        /// 指标, 一级 or 二级.
        level: String,
        /// The name.
        name: String,
        /// Where the weight belongs.
        #[label("名称之后应写权重，例如（4分）")]
        span: SourceSpan,
        /// How to write it.
        #[help]
        help: String,
    },
    /// `指表`, `评份`: a word close to a keyword where that keyword belongs.
    #[error("「{found}」不是关键字")]
    #[diagnostic(code(jixiao::parse::unknown_keyword))]
    UnknownKeyword {
        /// The word as written.
        found: String,
        /// The keyword it is close to.
        keyword: String,
        /// Where.
        #[label("是否想写「{keyword}」？")]
        span: SourceSpan,
        /// The suggestion in words.
        #[help]
        help: String,
    },
    /// `综合治理效果为明显得满分`: a keyword run into a name.
    #[error("「{run}」里的「{keyword}」是关键字，与前面的名称连在了一起")]
    #[diagnostic(code(jixiao::parse::glued_keyword))]
    GluedKeyword {
        /// The run of characters read as one name.
        run: String,
        /// The keyword inside it.
        keyword: String,
        /// Where the run is.
        #[label("这些字被读成了一个名称")]
        span: SourceSpan,
        /// The text with spaces.
        #[help]
        help: String,
    },
}

impl ParseError {
    /// Where the mistake is, for ordering several of them.
    fn offset(&self) -> usize {
        let span = match self {
            ParseError::Syntax { span, .. }
            | ParseError::Number { span, .. }
            | ParseError::Date { span, .. }
            | ParseError::TooDeep { span }
            | ParseError::PartialStep { span }
            | ParseError::UnmatchedBrace { span }
            | ParseError::UnclosedString { span, .. }
            | ParseError::MismatchedQuotes { span, .. }
            | ParseError::FullWidth { span, .. }
            | ParseError::MixedWidth { span, .. }
            | ParseError::PointsWithoutNumber { span, .. }
            | ParseError::MissingWeight { span, .. }
            | ParseError::UnknownKeyword { span, .. }
            | ParseError::GluedKeyword { span, .. } => span,
            ParseError::UnclosedBrace { open, .. } => open,
        };
        span.offset()
    }
}

/// Every syntax error found in a ruleset, in source order; never empty.
///
/// As one diagnostic it shows the first error and carries the others as
/// related diagnostics, so that a caller that reports one diagnostic per
/// failed parse still shows them all. [`ParseErrors::errors`] gives them
/// one by one.
#[derive(Debug, Clone)]
pub struct ParseErrors {
    first: Box<ParseError>,
    rest: Vec<ParseError>,
}

impl ParseErrors {
    fn new(mut errors: Vec<ParseError>) -> Option<ParseErrors> {
        errors.sort_by_key(ParseError::offset);
        let mut errors = errors.into_iter();
        let first = errors.next()?;
        Some(ParseErrors {
            first: Box::new(first),
            rest: errors.collect(),
        })
    }

    fn one(error: ParseError) -> ParseErrors {
        ParseErrors {
            first: Box::new(error),
            rest: Vec::new(),
        }
    }

    /// The first error.
    pub fn first(&self) -> &ParseError {
        &self.first
    }

    /// Every error, in source order.
    pub fn errors(&self) -> impl Iterator<Item = &ParseError> {
        std::iter::once(&*self.first).chain(&self.rest)
    }

    /// Every error, in source order, owned.
    pub fn into_vec(self) -> Vec<ParseError> {
        std::iter::once(*self.first).chain(self.rest).collect()
    }
}

impl From<ParseErrors> for ParseError {
    /// The first error, for callers that only need to know parsing failed.
    fn from(errors: ParseErrors) -> ParseError {
        *errors.first
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.first.fmt(f)
    }
}

impl std::error::Error for ParseErrors {}

impl Diagnostic for ParseErrors {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.first.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.first.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.first.help()
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.first.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.first.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.first.labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.rest.is_empty() {
            return None;
        }
        Some(Box::new(
            self.rest.iter().map(|error| error as &dyn Diagnostic),
        ))
    }
}

type Result<T> = std::result::Result<T, ParseError>;

/// The deepest nesting of brackets a ruleset may have, so that hostile input
/// cannot exhaust the stack of the recursive parser and lowering.
pub const MAX_NESTING: usize = 64;

/// How many failed blocks to blank out and re-parse before giving up: enough
/// for a ruleset with a slip in many indicators, few enough to stay fast.
const MAX_PARSE_ERRORS: usize = 20;

/// Parses a ruleset's source text, reporting every syntax error found.
pub fn parse(source: &str) -> std::result::Result<SourceFile, ParseErrors> {
    check_nesting(source).map_err(ParseErrors::one)?;
    let scan = Scan::of(source);
    let hints = Hints::of(source);
    pest::set_error_detail(true);
    let mut errors = scan.errors.clone();
    let first_lexical = errors.iter().map(ParseError::offset).min();
    let mut text = source.to_string();
    for _ in 0..MAX_PARSE_ERRORS {
        let failure = match JixiaoParser::parse(Rule::file, &text) {
            Ok(pairs) if errors.is_empty() => return lower(pairs),
            Ok(_) => break,
            Err(failure) => failure,
        };
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
    Err(ParseErrors::new(errors).unwrap_or_else(|| {
        ParseErrors::one(ParseError::Syntax {
            expected: "合法的规则".into(),
            found: "无法识别的内容".into(),
            span: Span::new(0, 0).into(),
            help: GENERAL_HELP.into(),
        })
    }))
}

/// Lowers a successful parse, collecting every malformed literal.
fn lower(mut pairs: pest::iterators::Pairs<Rule>) -> std::result::Result<SourceFile, ParseErrors> {
    let file = pairs.next().map(Pair::into_inner);
    let mut header = None;
    let mut source_file = SourceFile {
        imports: Vec::new(),
        ruleset: None,
        libraries: Vec::new(),
    };
    let mut facts = Vec::new();
    let mut groups = Vec::new();
    let mut errors = Vec::new();
    for pair in file.into_iter().flatten() {
        match pair.as_rule() {
            Rule::import => source_file.imports.push(Import {
                span: pair.as_span().into(),
                path: pair
                    .into_inner()
                    .next()
                    .map(|path| string_text(&path))
                    .unwrap_or_default(),
            }),
            Rule::header => match header_of(pair) {
                Ok(lowered) => header = Some(lowered),
                Err(error) => errors.push(error),
            },
            Rule::facts => facts = fact_decls(pair, &mut errors),
            Rule::group => groups.push(group(pair, &mut errors)),
            Rule::library => source_file.libraries.push(library(pair, &mut errors)),
            _ => {}
        }
    }
    if let Some(errors) = ParseErrors::new(errors) {
        return Err(errors);
    }
    source_file.ruleset = header.map(|header| Ruleset {
        header,
        facts,
        library_facts: Vec::new(),
        groups,
    });
    Ok(source_file)
}

/// A 事实 block's declarations; malformed ones are reported and left out.
fn fact_decls(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Vec<FactDecl> {
    let mut facts = Vec::new();
    for declaration in pair.into_inner() {
        match fact_decl(declaration) {
            Ok(fact) => facts.push(fact),
            Err(error) => errors.push(error),
        }
    }
    facts
}

/// `库 "…" { 来源 … } 事实 { … } 指标 …`.
fn library(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Library {
    let mut library = Library {
        title: String::new(),
        span: content_span(&pair),
        facts: Vec::new(),
        indicators: Vec::new(),
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string if library.title.is_empty() => library.title = string_text(&part),
            Rule::facts => library.facts = fact_decls(part, errors),
            Rule::indicator => match indicator(part) {
                Ok(indicator) => library.indicators.push(indicator),
                Err(error) => errors.push(error),
            },
            _ => {}
        }
    }
    library
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

/// Rejects brackets nested deeper than [`MAX_NESTING`] (comments and strings
/// included, which only makes the limit stricter).
fn check_nesting(source: &str) -> Result<()> {
    let mut depth = 0usize;
    for (at, c) in source.char_indices() {
        match c {
            '(' | '（' | '{' | '｛' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: Span::new(at, at + c.len_utf8()).into(),
                    });
                }
            }
            ')' | '）' | '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- lexical scan

/// A `{ … }` block found by the lexical scan.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// The opening brace.
    open: usize,
    /// The closing brace.
    close: usize,
}

/// What the lexical scan finds: mistakes, and the blocks for error recovery.
#[derive(Debug, Default)]
struct Scan {
    errors: Vec<ParseError>,
    blocks: Vec<Block>,
}

impl Scan {
    fn of(source: &str) -> Scan {
        let mut scan = Scan::default();
        let mut open: Vec<usize> = Vec::new();
        let mut unmatched: Vec<usize> = Vec::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '#' => skip_line(&mut chars),
                '/' if chars.peek().is_some_and(|(_, next)| *next == '/') => skip_line(&mut chars),
                '"' | '“' => scan.string(source, at, c, &mut chars),
                '{' | '｛' => open.push(at),
                '}' | '｝' => match open.pop() {
                    Some(start) => scan.blocks.push(Block {
                        open: start,
                        close: at,
                    }),
                    None => unmatched.push(at),
                },
                _ => {
                    if let Some(error) = width_mistake(source, at, c, &mut chars) {
                        scan.errors.push(error);
                    }
                }
            }
        }
        if !open.is_empty() {
            scan.errors.push(scan.unclosed(source, &open));
        }
        if let Some(&last) = unmatched.last() {
            scan.errors.push(scan.unmatched(source, last));
        }
        scan
    }

    /// The extra `}` to blame. Braces pair up innermost first, so an extra
    /// `}` is noticed only at the end of the file, where it seems to close
    /// nothing. Indentation tells the truth: the first `}` that stands at the
    /// start of a line more indented than the line of the `{` it seems to close
    /// is the extra one.
    fn unmatched(&self, source: &str, last: usize) -> ParseError {
        let mut pairs = self.blocks.clone();
        pairs.sort_by_key(|block| block.close);
        let extra = pairs
            .iter()
            .find(|block| {
                starts_line(source, block.close)
                    && indentation(source, block.close) > indentation(source, block.open)
            })
            .map_or(last, |block| block.close);
        let len = source[extra..].chars().next().map_or(1, char::len_utf8);
        ParseError::UnmatchedBrace {
            span: Span::new(extra, extra + len).into(),
        }
    }

    /// A quoted text from `at`: it must close on the same line with its own kind of mark.
    fn string(
        &mut self,
        source: &str,
        at: usize,
        open: char,
        chars: &mut std::iter::Peekable<std::str::CharIndices>,
    ) {
        let close = if open == '"' { '"' } else { '”' };
        let wrong = if open == '"' { '”' } else { '"' };
        while let Some(&(end, c)) = chars.peek() {
            if c == '\n' {
                self.errors.push(ParseError::UnclosedString {
                    close,
                    span: Span::new(at, end).into(),
                });
                return;
            }
            chars.next();
            if c == close {
                return;
            }
            if c == wrong {
                self.errors.push(ParseError::MismatchedQuotes {
                    open,
                    close: c,
                    span: Span::new(at, end + c.len_utf8()).into(),
                });
                return;
            }
        }
        self.errors.push(ParseError::UnclosedString {
            close,
            span: Span::new(at, source.len()).into(),
        });
    }

    /// The unclosed brace to blame. Braces pair up innermost first, so a
    /// missing `}` is noticed only at the end of the file, against the
    /// outermost block. Indentation tells the truth: the first `}` that stands
    /// at the start of a line less indented than the line of the `{` it closes
    /// belongs to an outer block, and that `{` is the one left open.
    fn unclosed(&self, source: &str, open: &[usize]) -> ParseError {
        let mut pairs = self.blocks.clone();
        pairs.sort_by_key(|block| block.close);
        let misplaced = pairs.iter().find(|block| {
            starts_line(source, block.close)
                && indentation(source, block.close) < indentation(source, block.open)
        });
        let brace = misplaced.map_or(open.last().copied().unwrap_or(0), |block| block.open);
        // The block should end before the first line that is indented no
        // deeper than its own first line: a sibling or an outer block's end.
        let own_indentation = indentation(source, brace);
        let after = line_start(source, brace)
            + source[line_start(source, brace)..]
                .find('\n')
                .map_or(source.len(), |newline| newline + 1);
        let mut offset = after;
        let expected_end = source[after.min(source.len())..]
            .split_inclusive('\n')
            .find_map(|line| {
                let at = offset;
                offset += line.len();
                let trimmed = line.trim();
                let sibling = !trimmed.is_empty()
                    && !trimmed.starts_with('#')
                    && !trimmed.starts_with("//")
                    && indentation(source, at) <= own_indentation;
                sibling.then(|| at + (line.len() - line.trim_start().len()))
            })
            .filter(|_| misplaced.is_some());
        let help = match expected_end {
            Some(at) => format!(
                "按缩进推测，这一块应在第 {} 行之前结束：在那里补上「}}」",
                line_number(source, at)
            ),
            None => "在这一块结束的地方补上「}」".to_string(),
        };
        let brace_len = source[brace..].chars().next().map_or(1, char::len_utf8);
        // The end of the file as the last character written, which a label can point at.
        let end = source.trim_end();
        let last_len = end.chars().last().map_or(0, char::len_utf8);
        ParseError::UnclosedBrace {
            block: block_title(source, brace),
            open: Span::new(brace, brace + brace_len).into(),
            expected_end: expected_end.map(|at| {
                let len = source[at..].chars().next().map_or(0, char::len_utf8);
                Span::new(at, at + len).into()
            }),
            end: Span::new(end.len() - last_len, end.len()).into(),
            help,
        }
    }

    /// The region to blank out after a failure at `at`: the innermost 指标,
    /// 一级 or 二级 block around it (or whose first line it is on), or the
    /// body of 事实 { … }. None when the failure is at the very start of a
    /// block (the block itself is out of place, as when 事实 is missing) or
    /// outside any block: then whatever follows would fail for the same cause.
    fn recovery_region(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let around = |keywords: &[&str]| {
            self.blocks
                .iter()
                .filter(|block| {
                    let start = title_start(text, block.open);
                    let title = block_title(text, block.open);
                    let first = start + (text[start..].len() - text[start..].trim_start().len());
                    first < at
                        && at <= block.close
                        && keywords.iter().any(|keyword| title.starts_with(keyword))
                })
                .max_by_key(|block| block.open)
                .copied()
        };
        if let Some(block) = around(&["指标", "一级", "二级"]) {
            return Some((title_start(text, block.open), block.close + 1));
        }
        let facts = around(&["事实"])?;
        let open_len = text[facts.open..].chars().next().map_or(1, char::len_utf8);
        Some((facts.open + open_len, facts.close))
    }
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    while chars.next_if(|(_, c)| *c != '\n').is_some() {}
}

/// Full-width digits and letters, and comparison signs mixing widths.
fn width_mistake(
    source: &str,
    at: usize,
    c: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> Option<ParseError> {
    if let Some(half) = half_width(c) {
        let mut found = c.to_string();
        let mut replacement = half.to_string();
        let mut end = at + c.len_utf8();
        while let Some((next_at, half)) = chars
            .peek()
            .and_then(|&(next_at, next)| Some((next_at, half_width(next)?)))
        {
            let next = source[next_at..].chars().next()?;
            found.push(next);
            replacement.push(half);
            end = next_at + next.len_utf8();
            chars.next();
        }
        return Some(ParseError::FullWidth {
            found,
            replacement,
            span: Span::new(at, end).into(),
        });
    }
    let (next_at, next) = chars.peek().copied()?;
    let comparison = |c: char| "<>=!＜＞＝！".contains(c);
    if !comparison(c) || !comparison(next) {
        return None;
    }
    let full = |c: char| !c.is_ascii();
    let sign: String = [c, next].iter().collect();
    let half: String = sign.chars().map(|c| half_sign(c).unwrap_or(c)).collect();
    let accepted = ["<=", ">=", "!=", "==", "＜＝", "＞＝", "！＝", "＝＝"];
    if accepted.contains(&sign.as_str())
        || (full(c) == full(next) && !accepted.contains(&half.as_str()))
    {
        return None;
    }
    chars.next();
    let (single, full_sign) = match half.as_str() {
        ">=" => ("≥", "＞＝"),
        "<=" => ("≤", "＜＝"),
        "!=" => ("≠", "！＝"),
        _ => ("=", "＝"),
    };
    Some(ParseError::MixedWidth {
        found: sign,
        replacement: half,
        full: full_sign.to_string(),
        single,
        span: Span::new(at, next_at + next.len_utf8()).into(),
    })
}

/// The half-width form of a full-width digit, letter or decimal point.
fn half_width(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' => {
            char::from_u32(u32::from(c) - 0xFEE0)
        }
        _ => None,
    }
}

fn half_sign(c: char) -> Option<char> {
    match c {
        '＜' => Some('<'),
        '＞' => Some('>'),
        '＝' => Some('='),
        '！' => Some('!'),
        _ => None,
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())]
        .rfind('\n')
        .map_or(0, |newline| newline + 1)
}

/// The 1-based line number of a byte offset.
fn line_number(text: &str, at: usize) -> usize {
    crate::lang::source::line_column(text, at).0
}

/// Whether only white space precedes `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at]
        .chars()
        .all(char::is_whitespace)
}

/// The width of the white space that starts `at`'s line (a tab counts as 4).
fn indentation(text: &str, at: usize) -> usize {
    text[line_start(text, at)..]
        .chars()
        .take_while(|c| c.is_whitespace() && *c != '\n')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Where the text that a brace opens starts: after the last brace before it
/// on its line, or at the line's start.
fn title_start(text: &str, brace: usize) -> usize {
    let start = line_start(text, brace);
    text[start..brace]
        .rfind(['{', '｛', '}', '｝'])
        .map_or(start, |i| {
            start + i + text[start + i..].chars().next().map_or(1, char::len_utf8)
        })
}

/// The text a brace opens, on its line: `指标 预算执行率（4分）`.
fn block_title(text: &str, brace: usize) -> String {
    text[title_start(text, brace)..brace].trim().to_string()
}

// ---------------------------------------------------------------- hints

/// What the parser knows of the ruleset's own words before it parses: the
/// declared fact names and tier levels, found by a plain scan of 事实 { … }.
/// Used to tell a glued keyword from a name and to keep did-you-mean
/// suggestions off declared words.
#[derive(Debug, Default)]
struct Hints {
    names: Vec<String>,
}

impl Hints {
    fn of(source: &str) -> Hints {
        let mut hints = Hints::default();
        let Some(body) = facts_body(source) else {
            return hints;
        };
        for line in body.split(['\n', ';', '；']) {
            let line = line.split('#').next().unwrap_or("");
            let Some((name, kind)) = line.split_once([':', '：']) else {
                continue;
            };
            let name = name.trim();
            if !name.is_empty() && name.chars().all(is_name_char) {
                hints.names.push(name.to_string());
            }
            if let Some(levels) = kind
                .split_once(['（', '('])
                .and_then(|(_, rest)| rest.split([')', '）']).next())
            {
                hints.names.extend(
                    levels
                        .split([',', '，', '、'])
                        .map(|level| level.trim().to_string())
                        .filter(|level| !level.is_empty()),
                );
            }
        }
        hints
    }

    fn declares(&self, word: &str) -> bool {
        self.names.iter().any(|name| name == word)
    }
}

/// The text inside `事实 { … }`, found by the line that starts with 事实.
fn facts_body(source: &str) -> Option<&str> {
    let mut offset = 0;
    let start = source.split_inclusive('\n').find_map(|line| {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let after = trimmed.strip_prefix("事实")?;
        after
            .trim_start()
            .starts_with(['{', '｛'])
            .then(|| at + (line.len() - trimmed.len()) + "事实".len())
    })?;
    let body = &source[start..];
    let open = body.find(['{', '｛'])?;
    let mut depth = 0usize;
    for (i, c) in body[open..].char_indices() {
        match c {
            '{' | '｛' => depth += 1,
            '}' | '｝' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&body[open..open + i]);
                }
            }
            _ => {}
        }
    }
    Some(&body[open..])
}

/// The grammar's `name_char`, for scanning text pest has not parsed.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '·'
        || c == '、'
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Keywords that may follow a name in a rule, longest first, so that a name
/// run into one (综合治理效果为明显得满分) can be split.
const FOLLOWING_KEYWORDS: &[&str] = &[
    "得权重分",
    "按比例扣分",
    "按比例得分",
    "酌情扣分",
    "酌情得分",
    "得满分",
    "为",
    "得",
    "且",
    "或",
    "扣",
    "即",
];

/// Keywords that join two parts of a rule and take a space on both sides.
const JOINING_KEYWORDS: &[&str] = &["为", "且", "或"];

/// Where a declared name runs into a keyword (`综合治理效果为明显得满分`, or
/// `不发生生产安全事故得满分`), the keyword and the text with the spaces
/// the writer meant (`综合治理效果 为 明显 得满分`). `None` unless a declared
/// name starts the run and a keyword follows it directly.
pub fn respace_glued<'a>(
    run: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Option<(&'static str, String)> {
    let negations = ["", "不", "非", "未"];
    negations.iter().find_map(|negation| {
        let body = run.strip_prefix(negation)?;
        let name = names
            .clone()
            .filter(|name| body.len() > name.len() && body.starts_with(name))
            .max_by_key(|name| name.len())?;
        let rest = &body[name.len()..];
        let keyword = FOLLOWING_KEYWORDS
            .iter()
            .find(|keyword| rest.starts_with(*keyword))?;
        let mut spaced = String::new();
        if !negation.is_empty() {
            spaced.push_str(negation);
            spaced.push(' ');
        }
        spaced.push_str(name);
        spaced.push(' ');
        spaced.push_str(&space_keywords(rest));
        Some((*keyword, spaced))
    })
}

/// Puts spaces around the keywords in `text`: `为明显得满分` → `为 明显 得满分`.
fn space_keywords(text: &str) -> String {
    let mut spaced = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match FOLLOWING_KEYWORDS
            .iter()
            .find(|keyword| rest.starts_with(*keyword))
        {
            Some(keyword) => {
                spaced.push(' ');
                spaced.push_str(keyword);
                if JOINING_KEYWORDS.contains(keyword) {
                    spaced.push(' ');
                }
                rest = &rest[keyword.len()..];
            }
            None => {
                spaced.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- diagnosis

const GENERAL_HELP: &str =
    "对照语言说明检查这一行；名称与其后的关键字之间请加空格，例如「综合治理效果 为 明显」";

/// Every keyword, for did-you-mean on a word that is not one.
pub const KEYWORDS: &[&str] = &[
    "体系",
    "来源",
    "满分",
    "等级",
    "保留",
    "位小数",
    "四舍五入",
    "向上舍入",
    "向下舍入",
    "事实",
    "档次",
    "是否",
    "日期",
    "数值",
    "一级",
    "二级",
    "指标",
    "完成值",
    "标杆值",
    "要点",
    "前提",
    "评分",
    "得分",
    "否则",
    "反之",
    "得满分",
    "得权重分",
    "按比例扣分",
    "按比例得分",
    "酌情扣分",
    "降低",
    "下降",
    "减少",
    "少出",
    "延迟",
    "超出",
    "超过",
    "不足",
    "扣完为止",
    "权重",
];

/// Keywords that start or end a scoring clause, checked against every word of
/// the failing line: a misspelt one is read as a name and fails further on.
const CLAUSE_KEYWORDS: &[&str] = &[
    "得分",
    "否则",
    "反之",
    "得满分",
    "得权重分",
    "按比例扣分",
    "酌情扣分",
    "完成值",
    "标杆值",
    "权重",
    "扣完为止",
    "不足",
];

/// Translates pest's failure into the officer's words.
fn diagnose(failure: &pest::error::Error<Rule>, text: &str, hints: &Hints) -> ParseError {
    let at = match failure.location {
        pest::error::InputLocation::Pos(at) => at,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    let mut positives: Vec<Rule> = match &failure.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let attempts = failure.parse_attempts();
    let tokens: Vec<String> = attempts
        .as_ref()
        .map(|attempts| {
            attempts
                .expected_tokens()
                .iter()
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    // pest's rule positives stop at the last atomic rule (`1分`); the token
    // attempts know how far it really got (the missing colon after it).
    let at = match attempts.map(|attempts| attempts.max_position) {
        Some(further) if further > at => {
            positives.clear();
            further
        }
        _ => at,
    };
    let at = at.min(text.len());
    let expects = |rule: Rule| positives.contains(&rule);
    let rest = &text[at..];
    let found = Found::at(text, at);

    if (expects(Rule::number) || expects(Rule::points) || expects(Rule::weight))
        && rest.starts_with('分')
    {
        return ParseError::PointsWithoutNumber {
            span: Span::new(at, at + '分'.len_utf8()).into(),
            help: points_example(text, at),
        };
    }
    if expects(Rule::weight) {
        return missing_weight(text, at, &found);
    }
    if let Some(error) = deduction_without_points(text, at) {
        return error;
    }
    if let Some(error) = nothing_after_equals(text, at) {
        return error;
    }
    if let Some(glued) = glued_before(text, at, hints) {
        return glued;
    }
    let candidates: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|token| token.chars().count() >= 2 && token.chars().all(is_name_char))
        .collect();
    if let Some(error) = misspelt(&found, &candidates, hints) {
        return error;
    }
    let category = Expectation::of(&positives, &tokens);
    if category == Expectation::Outcome || category == Expectation::Clause {
        if let Some(error) = misspelt_in_line(text, at, hints) {
            return error;
        }
    }
    ParseError::Syntax {
        expected: category.words().to_string(),
        found: found.describe(),
        span: found.span.into(),
        help: category.help(&found, hints).to_string(),
    }
}

/// What pest met where it failed.
struct Found<'a> {
    /// The token's text, empty at the end of the file.
    text: &'a str,
    span: Span,
}

impl<'a> Found<'a> {
    fn at(source: &'a str, at: usize) -> Found<'a> {
        let rest = &source[at..];
        let len = match rest.chars().next() {
            None => 0,
            Some(c) if is_name_char(c) && !c.is_ascii_digit() => rest
                .char_indices()
                .take_while(|(_, c)| is_name_char(*c))
                .take(16)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8()),
            Some(c) if c.is_ascii_digit() => rest
                .char_indices()
                .take_while(|(_, c)| {
                    c.is_ascii_digit() || *c == '.' || is_name_char(*c) || *c == '%'
                })
                .take(12)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8()),
            Some(c) => c.len_utf8(),
        };
        Found {
            text: &rest[..len],
            span: Span::new(at, at + len),
        }
    }

    fn describe(&self) -> String {
        match self.text {
            "" => "文件结尾".to_string(),
            "\n" | "\r" => "换行".to_string(),
            text => format!("「{text}」"),
        }
    }

    fn first_char(&self) -> Option<char> {
        self.text.chars().next()
    }
}

/// `（分）`, `扣分` where a number should precede 分: an example for the place.
fn points_example(text: &str, at: usize) -> String {
    let before = text[line_start(text, at)..at].trim_end();
    if before.ends_with('扣') {
        "写出每次扣的分值，例如「扣0.1分」".to_string()
    } else if before.ends_with(['(', '（']) {
        "在括号里写出权重，例如「（4分）」".to_string()
    } else if before.ends_with('得') {
        "写出得分，例如「得0分」".to_string()
    } else {
        "写出分值，例如「1分」".to_string()
    }
}

/// `每降低1个百分点扣分`: the deduction's points have no number. The grammar
/// then reads the whole clause as one name and fails after it, so look back
/// over the clause for the first 扣 and what follows it.
fn deduction_without_points(text: &str, at: usize) -> Option<ParseError> {
    let clause_start = text[..at]
        .rfind(['；', ';', '{', '｛', '\n'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &text[clause_start..at];
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
    Some(ParseError::PointsWithoutNumber {
        span: Span::new(points, points + '分'.len_utf8()).into(),
        help: "写出每次扣的分值，例如「每降低1个百分点扣0.1分」".to_string(),
    })
}

/// `完成值 =` at the end of a line: the value is missing, and the grammar has
/// read the next line's first word as the value.
fn nothing_after_equals(text: &str, at: usize) -> Option<ParseError> {
    let before_line = text[..line_start(text, at)].trim_end();
    let sign = before_line
        .chars()
        .last()
        .filter(|c| matches!(c, '=' | '＝' | ':' | '：'))?;
    let equals_at = before_line.len() - sign.len_utf8();
    if matches!(sign, ':' | '：') {
        let name = text[line_start(text, equals_at)..equals_at].trim();
        if name.is_empty() || !name.chars().all(is_name_char) {
            return None;
        }
        return Some(ParseError::Syntax {
            expected: format!("事实「{name}」的类型"),
            found: "换行".to_string(),
            span: Span::new(equals_at, equals_at + sign.len_utf8()).into(),
            help: format!(
                "在冒号之后、同一行内写出类型，例如「{name}: 万元」「{name}: 是否」「{name}: %」"
            ),
        });
    }
    let statement = text[line_start(text, equals_at)..equals_at].trim();
    let (what, example) = match statement {
        "完成值" => ("完成值", "完成值 = 实际支出资金 / 实际到位资金 × 100%"),
        "标杆值" => ("标杆值", "标杆值 = 应纳入监管数"),
        "得分" => ("得分", "得分 = 完成值 × 权重"),
        _ => return None,
    };
    let sign_len = text[equals_at..].chars().next().map_or(1, char::len_utf8);
    Some(ParseError::Syntax {
        expected: format!("「{what} =」之后的算式"),
        found: "换行".to_string(),
        span: Span::new(equals_at, equals_at + sign_len).into(),
        help: format!("在「=」之后、同一行内写出算式，例如「{example}」"),
    })
}

/// `指标 X {`: the level word and the name before the failure.
fn missing_weight(text: &str, at: usize, found: &Found) -> ParseError {
    let line = &text[line_start(text, at)..at];
    let words: Vec<&str> = line.split_whitespace().collect();
    let (level, name) = match words.as_slice() {
        [.., level, name] => (level.to_string(), name.to_string()),
        [name] => ("指标".to_string(), name.to_string()),
        [] => ("指标".to_string(), String::new()),
    };
    let name_start = line
        .rfind(name.as_str())
        .map_or(at, |i| line_start(text, at) + i);
    let bare_points = found
        .text
        .trim_end_matches('分')
        .parse::<Decimal>()
        .ok()
        .filter(|_| {
            text[at..]
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .starts_with('分')
        });
    let help = match bare_points {
        Some(points) => format!("权重要写在括号里：「{level} {name}（{points}分）」"),
        None => format!("在名称后用括号写出权重，例如「{level} {name}（4分）{{」"),
    };
    ParseError::MissingWeight {
        level,
        name,
        span: Span::new(name_start, at).into(),
        help,
    }
}

/// A declared name run into a keyword just before the failure.
fn glued_before(text: &str, at: usize, hints: &Hints) -> Option<ParseError> {
    let before = text[..at].trim_end_matches([' ', '\t', '\u{3000}']);
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map(|(i, _)| i)?;
    let run = &before[start..];
    let (keyword, suggestion) = respace_glued(run, hints.names.iter().map(String::as_str))?;
    Some(ParseError::GluedKeyword {
        run: run.to_string(),
        keyword: keyword.to_string(),
        span: Span::new(start, before.len()).into(),
        help: format!("名称与关键字之间加空格：「{suggestion}」"),
    })
}

/// The keyword among `candidates` that `word` is one slip away from.
fn closest_keyword<'k>(word: &str, candidates: &[&'k str]) -> Option<&'k str> {
    candidates
        .iter()
        .filter_map(|keyword| {
            let length = keyword.chars().count();
            let prefix: String = word.chars().take(length).collect();
            let distance =
                strsim::osa_distance(&prefix, keyword).min(strsim::osa_distance(word, keyword));
            (distance == 1 && length >= 2 && prefix != *keyword).then_some((distance, *keyword))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, keyword)| keyword)
}

/// The word at the failure, one slip from a keyword that belongs there.
fn misspelt(found: &Found, candidates: &[&str], hints: &Hints) -> Option<ParseError> {
    if found.text.is_empty() || hints.declares(found.text) {
        return None;
    }
    let keyword = closest_keyword(found.text, candidates)?;
    let length = found.text.chars().count().min(keyword.chars().count());
    let word: String = found.text.chars().take(length.max(1)).collect();
    Some(unknown_keyword(&word, keyword, found.span.start))
}

/// A misspelt clause keyword earlier on the failing line (`得份 = …`), which
/// the grammar read as a name.
fn misspelt_in_line(text: &str, at: usize, hints: &Hints) -> Option<ParseError> {
    let start = line_start(text, at);
    let line = &text[start..at];
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (is_name_char(c) && !c.is_ascii_digit(), word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(from)) => {
                words.push((from, &line[from..i]));
                word_start = None;
            }
            _ => {}
        }
    }
    words.into_iter().rev().find_map(|(offset, word)| {
        if hints.declares(word) || KEYWORDS.contains(&word) {
            return None;
        }
        let keyword = closest_keyword(word, CLAUSE_KEYWORDS)?;
        (word.chars().count() == keyword.chars().count())
            .then(|| unknown_keyword(word, keyword, start + offset))
    })
}

fn unknown_keyword(word: &str, keyword: &str, at: usize) -> ParseError {
    ParseError::UnknownKeyword {
        found: word.to_string(),
        keyword: keyword.to_string(),
        span: Span::new(at, at + word.len()).into(),
        help: format!("把「{word}」改为「{keyword}」；关键字要一字不差"),
    }
}

/// What the grammar wanted where it failed, grouped the way an officer
/// thinks of the file rather than by grammar rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expectation {
    Header,
    HeaderItem,
    Facts,
    FactDecl,
    FactType,
    Grade,
    Rounding,
    GroupOrIndicator,
    TopLevel,
    IndicatorItem,
    ChecklistItem,
    ItemLabel,
    Clause,
    Outcome,
    Comparison,
    Value,
    Unit,
    Text,
    Colon,
    Close,
    End,
    Other,
}

impl Expectation {
    fn of(positives: &[Rule], tokens: &[String]) -> Expectation {
        let any = |rules: &[Rule]| rules.iter().any(|rule| positives.contains(rule));
        let token = |word: &str| tokens.iter().any(|token| token == word);
        if positives.is_empty() && (token(":") || token("：")) {
            return Expectation::Colon;
        }
        if any(&[
            Rule::full_score,
            Rule::share_score,
            Rule::fixed_score,
            Rule::proportional,
            Rule::discretion,
        ]) {
            Expectation::Outcome
        } else if any(&[Rule::EOI]) && any(&[Rule::level, Rule::group]) {
            Expectation::TopLevel
        } else if any(&[Rule::level, Rule::indicator, Rule::group])
            && !any(&[Rule::header, Rule::facts])
        {
            Expectation::GroupOrIndicator
        } else if any(&[
            Rule::actual,
            Rule::target,
            Rule::checklist,
            Rule::gate,
            Rule::scoring,
        ]) {
            Expectation::IndicatorItem
        } else if any(&[Rule::fact_decl]) {
            Expectation::FactDecl
        } else if any(&[
            Rule::tier_type,
            Rule::bool_type,
            Rule::date_type,
            Rule::number_type,
        ]) || (any(&[Rule::unit]) && token("档次"))
        {
            Expectation::FactType
        } else if any(&[Rule::full_marks, Rule::grades, Rule::rounding, Rule::source]) {
            Expectation::HeaderItem
        } else if any(&[Rule::header, Rule::import, Rule::library]) || token("体系") {
            Expectation::Header
        } else if any(&[Rule::facts]) {
            Expectation::Facts
        } else if any(&[Rule::grade_band]) {
            Expectation::Grade
        } else if any(&[Rule::rounding_mode]) || token("位小数") {
            Expectation::Rounding
        } else if any(&[Rule::item]) {
            Expectation::ChecklistItem
        } else if any(&[
            Rule::formula,
            Rule::otherwise,
            Rule::when,
            Rule::tier_rule,
            Rule::deduction,
            Rule::conjunct,
            Rule::tier_arm,
        ]) {
            Expectation::Clause
        } else if any(&[Rule::item_label]) {
            Expectation::ItemLabel
        } else if any(&[Rule::cmp_op]) {
            Expectation::Comparison
        } else if any(&[
            Rule::name,
            Rule::quantity,
            Rule::number,
            Rule::keyword_value,
            Rule::date,
            Rule::expr,
            Rule::integer,
            Rule::points,
            Rule::tier_label,
        ]) {
            Expectation::Value
        } else if any(&[Rule::unit]) {
            Expectation::Unit
        } else if any(&[Rule::string]) {
            Expectation::Text
        } else if token(":") || token("：") {
            Expectation::Colon
        } else if token("}") || token("）") || token(")") {
            Expectation::Close
        } else if any(&[Rule::EOI]) {
            Expectation::End
        } else {
            Expectation::Other
        }
    }

    fn words(self) -> &'static str {
        match self {
            Expectation::Header => "「体系 \"项目名称\" { … }」",
            Expectation::HeaderItem => "「满分」「等级」「保留」「来源」之一，或结束的「}」",
            Expectation::Facts => "「事实 { … }」",
            Expectation::FactDecl => "事实声明（例如「预算资金: 万元」），或结束的「}」",
            Expectation::FactType => "事实的类型：单位（万元、家、% 等）、是否、日期、数值或档次（…）",
            Expectation::Grade => "等级，例如「优: >= 90」",
            Expectation::Rounding => "舍入方式，例如「保留 2 位小数，四舍五入」",
            Expectation::GroupOrIndicator => "「一级」「二级」「指标」，或结束的「}」",
            Expectation::TopLevel => "下一个「一级 名称（权重分）{ … }」，或文件结尾",
            Expectation::IndicatorItem => "「完成值 =」「标杆值」「要点 {」「前提」「评分 {」之一，或结束的「}」",
            Expectation::ChecklistItem => "要点，例如「① 1分: 立项符合法规」",
            Expectation::ItemLabel => "要点编号（①②③…）",
            Expectation::Clause => "评分规则（例如「完成值 >= 100% 得满分」「每降低1个百分点扣0.1分」「否则 得0分」），或结束的「}」",
            Expectation::Outcome => "得分结果，例如「得满分」「得0分」「得权重分60%」「按比例扣分」",
            Expectation::Comparison => "比较符号（>=、>、<=、<、=）",
            Expectation::Value => "一个数值或事实名",
            Expectation::Unit => "单位（万元、家、% 等）",
            Expectation::Text => "带引号的文字，例如 \"项目名称\"",
            Expectation::Colon => "冒号「:」",
            Expectation::Close => "结束的括号",
            Expectation::End => "文件结尾",
            Expectation::Other => "合法的内容",
        }
    }

    fn help(self, found: &Found, hints: &Hints) -> &'static str {
        match found.first_char() {
            Some('。') => return "句号不能分隔规则：两条规则之间用「；」或换行",
            Some('「' | '」' | '『' | '』' | '【' | '】' | '‘' | '’') => {
                return "文字用双引号括起来：\"…\" 或 “…”"
            }
            _ => {}
        }
        match self {
            Expectation::Header => "规则文件以「体系 \"项目名称\" { 满分 100 }」开头",
            Expectation::HeaderItem => "「体系」块里只写满分、等级、保留位数和来源，例如「满分 100」",
            Expectation::Facts => "「体系」之后是「事实 { … }」，声明规则用到的每个事实",
            Expectation::FactDecl => "每个事实写作「名称: 类型」，例如「实际支出资金: 万元」「满意度: %」",
            Expectation::FactType => "冒号后写类型，例如「万元」「家」「%」「是否」「日期」「档次（明显，一般，没有）」",
            Expectation::Grade => "等级写作「优: >= 90；良: >= 80；中: >= 60；差」",
            Expectation::Rounding => "写作「保留 2 位小数，四舍五入」",
            Expectation::GroupOrIndicator if hints.declares(found.text) => {
                "评分规则要写在「指标 名称（权重分）{ … 评分 { … } }」之内"
            }
            Expectation::GroupOrIndicator => "每个指标写作「指标 名称（4分）{ … }」，指标放在「一级」「二级」之内",
            Expectation::TopLevel => "最后一个「一级」结束后多出了内容：删去它，或放进某个指标里；说明文字写成以 # 开头的注释",
            Expectation::IndicatorItem if hints.declares(found.text) || found.text.starts_with('每') => {
                "评分规则要写在「评分 { … }」之内"
            }
            Expectation::IndicatorItem => "指标内写「完成值 = …」「标杆值 …」，再写「评分 { … }」或「要点 { … }」",
            Expectation::ChecklistItem => "每个要点写作「编号 分值: 条件」，例如「② 1分: 审批文件符合要求」",
            Expectation::ItemLabel => "要点编号用带圈数字 ①–⑳",
            Expectation::Clause => "每条规则写作「条件 得分结果」或「每降低…扣…分」，规则之间用「；」或换行",
            Expectation::Outcome => "条件之后要写出满足条件时的得分",
            Expectation::Comparison => "条件写作「完成值 >= 95%」",
            Expectation::Value => "这里需要一个数值（例如 95%、62.46万元）或一个已声明的事实名",
            Expectation::Unit => "在冒号后写单位，例如「万元」「家」「%」",
            Expectation::Text => "标题等文字用双引号括起来",
            Expectation::Colon => "冒号前后分别是名称与内容，例如「满意度: %」「① 1分: 立项符合法规」",
            Expectation::Close => "检查括号是否成对",
            Expectation::End => "文件在这里之前已经完整；多出的内容应放进某个块里，或删去",
            Expectation::Other => GENERAL_HELP,
        }
    }
}

/// A number as written, refused beyond [`crate::lang::units::MAX_MAGNITUDE`] so that
/// no later sum or product of rule numbers can overflow a decimal.
fn decimal(pair: &Pair<Rule>) -> Result<Decimal> {
    Decimal::from_str(pair.as_str())
        .ok()
        .filter(|number| number.abs() <= crate::lang::units::MAX_MAGNITUDE)
        .ok_or_else(|| ParseError::Number {
            text: pair.as_str().to_string(),
            span: Span::from(pair.as_span()).into(),
        })
}

/// A pair's span without the white space and comments pest lets a rule
/// swallow after its last token (`条件 # 注释⏎`), so that labels end where
/// the written text ends.
fn content_span(pair: &Pair<Rule>) -> Span {
    let text = pair.as_str();
    let start = pair.as_span().start();
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
    Span::new(start, start + end)
}

fn name(pair: Pair<Rule>) -> Name {
    Name {
        text: pair.as_str().to_string(),
        span: pair.as_span().into(),
    }
}

fn string_text(pair: &Pair<Rule>) -> String {
    let text = pair.as_str();
    let quote_len = text.chars().next().map_or(0, char::len_utf8);
    text.get(quote_len..text.len().saturating_sub(quote_len))
        .unwrap_or("")
        .to_string()
}

/// A `number 分` pair's number.
fn points(pair: Pair<Rule>) -> Result<Decimal> {
    match pair.into_inner().next() {
        Some(number) => decimal(&number),
        None => Ok(Decimal::ZERO),
    }
}

/// A `quantity` pair: number and optional unit.
fn quantity(pair: Pair<Rule>) -> Result<(Decimal, Option<Unit>)> {
    let span = Span::from(pair.as_span());
    let text = pair.as_str().to_string();
    let mut inner = pair.into_inner();
    let number = match inner.next() {
        Some(number) => decimal(&number)?,
        None => Decimal::ZERO,
    };
    let unit = inner.next().map(|unit| Unit::parse(unit.as_str()));
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

fn header_of(pair: Pair<Rule>) -> Result<Header> {
    let span = pair.as_span().into();
    let mut header = Header {
        title: String::new(),
        source: None,
        full_marks: None,
        grades: Vec::new(),
        rounding: None,
        span,
    };
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::string => header.title = string_text(&item),
            Rule::source => {
                header.source = item.into_inner().next().map(|text| string_text(&text));
            }
            Rule::full_marks => {
                if let Some(number) = item.into_inner().next() {
                    header.full_marks = Some((decimal(&number)?, number.as_span().into()));
                }
            }
            Rule::grades => {
                header.grades = item.into_inner().map(grade_band).collect::<Result<_>>()?;
            }
            Rule::rounding => header.rounding = Some(rounding(item)?),
            _ => {}
        }
    }
    Ok(header)
}

fn grade_band(pair: Pair<Rule>) -> Result<GradeBand> {
    let mut inner = pair.into_inner();
    let band_name = inner.next().map(name);
    let bound = match (inner.next(), inner.next()) {
        (Some(op), Some(number)) => Some((cmp_op(&op), decimal(&number)?)),
        _ => None,
    };
    Ok(GradeBand {
        name: band_name.unwrap_or(Name {
            text: String::new(),
            span: Span::default(),
        }),
        bound,
    })
}

fn rounding(pair: Pair<Rule>) -> Result<Rounding> {
    let mut rounding = Rounding::default();
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::integer => {
                // rust_decimal keeps at most 28 decimal places.
                rounding.places = item
                    .as_str()
                    .parse()
                    .ok()
                    .filter(|places| *places <= 28)
                    .ok_or_else(|| ParseError::Number {
                        text: item.as_str().to_string(),
                        span: Span::from(item.as_span()).into(),
                    })?;
            }
            Rule::rounding_mode => {
                rounding.mode = match item.as_str() {
                    "向上舍入" => RoundingMode::Up,
                    "向下舍入" => RoundingMode::Down,
                    _ => RoundingMode::HalfUp,
                }
            }
            _ => {}
        }
    }
    Ok(rounding)
}

fn fact_decl(pair: Pair<Rule>) -> Result<FactDecl> {
    let span = pair.as_span().into();
    let mut inner = pair.into_inner();
    let fact_name = inner.next().map(name).unwrap_or(Name {
        text: String::new(),
        span,
    });
    let kind = match inner.next() {
        Some(kind) => match kind.as_rule() {
            Rule::tier_type => FactKind::Tier(kind.into_inner().map(name).collect()),
            Rule::bool_type => FactKind::Bool,
            Rule::date_type => FactKind::Date,
            Rule::unit => FactKind::Quantity(Unit::parse(kind.as_str())),
            _ => FactKind::Number,
        },
        None => FactKind::Number,
    };
    let range = match inner.next() {
        Some(range) if range.as_rule() == Rule::value_range => Some(value_range(range)?),
        _ => None,
    };
    Ok(FactDecl {
        name: fact_name,
        kind,
        range,
        span,
    })
}

/// `在 0%..100%`.
fn value_range(pair: Pair<Rule>) -> Result<ValueRange> {
    let span: Span = pair.as_span().into();
    let mut bounds = pair.into_inner().map(expr);
    let zero = || Expr {
        kind: ExprKind::Quantity(Decimal::ZERO, None),
        span,
    };
    let low = bounds.next().transpose()?.unwrap_or_else(zero);
    let high = bounds.next().transpose()?.unwrap_or_else(zero);
    Ok(ValueRange { low, high, span })
}

/// A 一级 or 二级 group; a malformed literal in one indicator is collected and
/// the indicator left out, so that the others are still read.
fn group(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Group<Parsed> {
    let mut inner = pair.into_inner();
    let level = match inner.next().map(|level| level.as_str() == "一级") {
        Some(true) => 1,
        _ => 2,
    };
    let group_name = inner.next().map(name);
    let (weight, weight_span) = weight(inner.next()).unwrap_or_else(|error| {
        errors.push(error);
        (Decimal::ZERO, Span::default())
    });
    let mut children = Vec::new();
    for child in inner {
        match child.as_rule() {
            Rule::group => children.push(Node::Group(group(child, errors))),
            _ => match indicator(child) {
                Ok(indicator) => children.push(Node::Indicator(Box::new(indicator))),
                Err(error) => errors.push(error),
            },
        }
    }
    Group {
        level,
        name: group_name.unwrap_or(Name {
            text: String::new(),
            span: weight_span,
        }),
        weight,
        weight_span,
        children,
    }
}

fn weight(pair: Option<Pair<Rule>>) -> Result<(Decimal, Span)> {
    match pair.and_then(|weight| weight.into_inner().next()) {
        Some(points_pair) => {
            let span = points_pair.as_span().into();
            Ok((points(points_pair)?, span))
        }
        None => Ok((Decimal::ZERO, Span::default())),
    }
}

fn indicator(pair: Pair<Rule>) -> Result<Indicator<Parsed>> {
    let span: Span = pair.as_span().into();
    let mut inner = pair.into_inner();
    let indicator_name = inner.next().map(name).unwrap_or(Name {
        text: String::new(),
        span,
    });
    let (weight, weight_span) = weight(inner.next())?;
    let mut result = Indicator {
        name: indicator_name,
        weight,
        weight_span,
        actual: None,
        target: None,
        rule: Rule_::Missing,
        reuse: None,
        span,
    };
    let mut items = None;
    let mut gate = None;
    for item in inner {
        match item.as_rule() {
            Rule::reuse => {
                let reuse_span: Span = content_span(&item);
                let template = item
                    .into_inner()
                    .next()
                    .map_or_else(|| result.name.clone(), name);
                result.reuse = Some(Reuse {
                    template,
                    span: reuse_span,
                });
            }
            Rule::actual => result.actual = item.into_inner().next().map(expr).transpose()?,
            Rule::target => result.target = item.into_inner().next().map(target).transpose()?,
            Rule::checklist => {
                items = Some(
                    item.into_inner()
                        .map(checklist_item)
                        .collect::<Result<_>>()?,
                );
            }
            Rule::gate => gate = Some(gate_of(item)?),
            Rule::scoring => {
                let mut all = Vec::new();
                for clause_pair in item.into_inner() {
                    all.extend(clauses(clause_pair)?);
                }
                result.rule = Rule_::Clauses(all);
            }
            _ => {}
        }
    }
    // A 前提 alone (over a reused indicator's 要点) keeps its place with no items.
    if items.is_some() || gate.is_some() {
        result.rule = Rule_::Checklist(Checklist {
            items: items.unwrap_or_default(),
            gate,
        });
    }
    Ok(result)
}

/// The AST's rule type, renamed here because pest's generated `Rule` takes the name.
use crate::lang::ast::Rule as Rule_;

fn target(pair: Pair<Rule>) -> Result<Target<Parsed>> {
    match pair.as_rule() {
        Rule::string => Ok(Target::Text(string_text(&pair), pair.as_span().into())),
        _ => expr(pair).map(Target::Value),
    }
}

fn checklist_item(pair: Pair<Rule>) -> Result<ChecklistItem<Parsed>> {
    let span = content_span(&pair);
    let mut label = '?';
    let mut deducts = false;
    let mut item_points = Decimal::ZERO;
    let mut item_condition = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => label = part.as_str().chars().next().unwrap_or('?'),
            Rule::deduct => deducts = true,
            Rule::points => item_points = points(part)?,
            Rule::condition => item_condition = Some(condition(part)?),
            _ => {}
        }
    }
    Ok(ChecklistItem {
        label,
        points: item_points,
        deducts,
        condition: item_condition.unwrap_or(Condition::All(Vec::new())),
        span,
    })
}

fn gate_of(pair: Pair<Rule>) -> Result<Gate<Parsed>> {
    let span = content_span(&pair);
    let mut gate_condition = None;
    let mut otherwise = Decimal::ZERO;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => {
                let label = part.as_str().chars().next().unwrap_or('?');
                gate_condition = Some(GateCondition::Item(label, part.as_span().into()));
            }
            Rule::condition => gate_condition = Some(GateCondition::Condition(condition(part)?)),
            Rule::points => otherwise = points(part)?,
            _ => {}
        }
    }
    Ok(Gate {
        condition: gate_condition.unwrap_or(GateCondition::Condition(Condition::All(Vec::new()))),
        otherwise,
        span,
    })
}

/// One clause pair as AST clauses: a tier rule gives one clause per arm.
fn clauses(pair: Pair<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let span = content_span(&pair);
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    let (guard, outcome_pair) = match rule {
        Rule::formula => {
            let formula = inner.next().map(expr).transpose()?;
            let outcome = formula.map_or(Outcome::Full, Outcome::Formula);
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome,
                span,
            }]);
        }
        Rule::deduction => {
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome: Outcome::Deduction(deduction(inner)?),
                span,
            }]);
        }
        Rule::tier_rule => return tier_arms(inner),
        Rule::when => {
            let guard = inner.next().map(condition).transpose()?;
            (guard.map_or(Guard::Always, Guard::When), inner.next())
        }
        _ => (Guard::Always, inner.next()),
    };
    let outcome = outcome_pair.map(outcome).transpose()?;
    Ok(vec![Clause {
        guard,
        outcome: outcome.unwrap_or(Outcome::Full),
        span,
    }])
}

/// `综合治理效果 为 明显 得满分；一般 …`: one clause per arm.
fn tier_arms(mut inner: pest::iterators::Pairs<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let Some(fact) = inner.next().map(name) else {
        return Ok(Vec::new());
    };
    let mut arms = Vec::new();
    for arm in inner {
        let span = content_span(&arm);
        let mut parts = arm.into_inner();
        if let (Some(label), Some(arm_outcome)) = (parts.next(), parts.next()) {
            arms.push(Clause {
                guard: Guard::Tier(fact.clone(), name(label)),
                outcome: outcome(arm_outcome)?,
                span,
            });
        }
    }
    Ok(arms)
}

fn outcome(pair: Pair<Rule>) -> Result<Outcome<Parsed>> {
    Ok(match pair.as_rule() {
        Rule::share_score => {
            let (number, unit) = match pair.into_inner().next() {
                Some(share) => quantity(share)?,
                None => (Decimal::ZERO, None),
            };
            let share = match unit {
                Some(unit) => unit.to_runtime(number).unwrap_or(number),
                None => number,
            };
            Outcome::Share(share)
        }
        Rule::fixed_score => Outcome::Fixed(match pair.into_inner().next() {
            Some(score) => points(score)?,
            None => Decimal::ZERO,
        }),
        Rule::proportional => Outcome::Proportional,
        Rule::discretion => Outcome::Discretion,
        Rule::deduction => Outcome::Deduction(deduction(pair.into_inner())?),
        _ => Outcome::Full,
    })
}

fn deduction(inner: pest::iterators::Pairs<Rule>) -> Result<Deduction> {
    let mut result = Deduction {
        direction: Direction::Below,
        step: Decimal::ONE,
        step_unit: None,
        points: Decimal::ZERO,
        partial: PartialStep::Exact,
        step_span: Span::default(),
    };
    let mut step_written = None;
    for part in inner {
        match part.as_rule() {
            Rule::direction => {
                result.direction = match part.as_str() {
                    "延迟" => Direction::Late,
                    "超出" | "超过" | "多" => Direction::Above,
                    _ => Direction::Below,
                }
            }
            Rule::quantity => {
                result.step_span = part.as_span().into();
                let (number, unit) = quantity(part)?;
                step_written = Some((number, unit.clone()));
                result.step = match &unit {
                    Some(unit) => unit.to_runtime(number).unwrap_or(number),
                    None => number,
                };
                result.step_unit = unit;
            }
            Rule::points => result.points = points(part)?,
            Rule::step_rounding => result.partial = partial_step(part, &step_written)?,
            _ => {}
        }
    }
    Ok(result)
}

/// 不足 X 的按 X 扣分 rounds a partial step up; 不足 X 的不扣分 rounds it down. Both X
/// must be the deduction's own step, or the phrase says something else.
fn partial_step(pair: Pair<Rule>, step: &Option<(Decimal, Option<Unit>)>) -> Result<PartialStep> {
    let span: Span = pair.as_span().into();
    let Some(phrase) = pair.into_inner().next() else {
        return Ok(PartialStep::Exact);
    };
    let partial = match phrase.as_rule() {
        Rule::round_up => PartialStep::RoundUp,
        _ => PartialStep::RoundDown,
    };
    for written in phrase.into_inner() {
        if Some(quantity(written)?) != *step {
            return Err(ParseError::PartialStep { span: span.into() });
        }
    }
    Ok(partial)
}

fn condition(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    match pair.as_rule() {
        Rule::condition => junction(pair, Condition::Any),
        Rule::conjunct => junction(pair, Condition::All),
        Rule::negation => negations(pair),
        Rule::comparison => {
            let span = content_span(&pair);
            let mut inner = pair.into_inner();
            match (inner.next(), inner.next(), inner.next()) {
                (Some(left), Some(op), Some(right)) => Ok(Condition::Compare(
                    cmp_op(&op),
                    expr(left)?,
                    expr(right)?,
                    span,
                )),
                _ => Ok(Condition::All(Vec::new())),
            }
        }
        _ => Ok(Condition::Fact(name(pair))),
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

fn cmp_op(pair: &Pair<Rule>) -> CmpOp {
    match pair.as_str() {
        ">=" | "≥" | "＞＝" => CmpOp::Ge,
        "<=" | "≤" | "＜＝" => CmpOp::Le,
        ">" | "＞" => CmpOp::Gt,
        "<" | "＜" => CmpOp::Lt,
        "!=" | "！＝" | "≠" => CmpOp::Ne,
        _ => CmpOp::Eq,
    }
}

/// An expression, refused when its tree would be deeper than [`MAX_NESTING`]
/// (every later stage walks it recursively).
fn expr(pair: Pair<Rule>) -> Result<Expr<Parsed>> {
    expr_within(pair, 0).map(|(expr, _)| expr)
}

/// An expression and the depth of its tree, `depth` levels below the top.
fn expr_within(pair: Pair<Rule>, depth: usize) -> Result<(Expr<Parsed>, usize)> {
    let span: Span = pair.as_span().into();
    if depth > MAX_NESTING {
        return Err(ParseError::TooDeep { span: span.into() });
    }
    match pair.as_rule() {
        Rule::expr | Rule::term => {
            let mut inner = pair.into_inner();
            let Some(first) = inner.next() else {
                let zero = Expr {
                    kind: ExprKind::Quantity(Decimal::ZERO, None),
                    span,
                };
                return Ok((zero, depth));
            };
            let (mut left, mut left_depth) = expr_within(first, depth)?;
            while let (Some(op), Some(right)) = (inner.next(), inner.next()) {
                // A left-deep chain: each operation is one level above both sides.
                let (right, right_depth) = expr_within(right, depth)?;
                left_depth = left_depth.max(right_depth) + 1;
                if left_depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: right.span.into(),
                    });
                }
                let op = match op.as_str() {
                    "+" | "＋" => BinOp::Add,
                    "-" | "－" => BinOp::Sub,
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
        _ => leaf(pair, span).map(|leaf| (leaf, depth)),
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

/// Reads `2024-12-31` or `2024年12月31日`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    match numbers.as_slice() {
        [year, month, day] => {
            chrono::NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day)
        }
        _ => None,
    }
}

fn date(pair: &Pair<Rule>) -> Result<chrono::NaiveDate> {
    parse_date(pair.as_str()).ok_or_else(|| ParseError::Date {
        text: pair.as_str().to_string(),
        span: Span::from(pair.as_span()).into(),
    })
}
