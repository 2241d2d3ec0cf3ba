//! The parse error types: [`ParseError`] and the syntax errors of one
//! ruleset as [`ParseErrors`].

use super::grammar::MAX_NESTING;
use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use std::fmt;
use thiserror::Error;

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
    /// A unit the unit table does not know, after a number or a fact's colon.
    #[error("「{word}」不是已知的单位")]
    #[diagnostic(code(jixiao::parse::unknown_unit))]
    UnknownUnit {
        /// The unit as written.
        word: String,
        /// Where it is.
        #[label("这个单位")]
        span: SourceSpan,
        /// The known units, and the nearest reading.
        #[help]
        help: String,
    },
    /// A declared unit whose word is already a unit, built in or declared
    /// before (here or in an imported library).
    #[error("「{word}」已经是单位，不能再声明")]
    #[diagnostic(code(jixiao::parse::unit_exists))]
    UnitExists {
        /// The word declared.
        word: String,
        /// The declaration.
        #[label("这里又声明了一次")]
        span: SourceSpan,
        /// Where it is known from.
        #[help]
        help: String,
    },
    /// A declared multiple of a word that is no unit, or not yet one
    /// (`万千瓦时 = 10000千瓦时` before 千瓦时 is declared).
    #[error("「{word}」的基准「{base}」不是已知的单位")]
    #[diagnostic(
        code(jixiao::parse::unit_base_unknown),
        help("倍数以内置单位或写在它前面的声明单位为基准：先声明「{base}」（如「{base}：电量」），再写「{word} = … {base}」")
    )]
    UnitBaseUnknown {
        /// The word declared.
        word: String,
        /// The unit it was to be a multiple of.
        base: String,
        /// Where the base is written.
        #[label("不认识的单位")]
        span: SourceSpan,
    },
    /// A declared multiple that is not a positive exact number of its base,
    /// or of a unit that has no multiples (%, 个百分点, 分).
    #[error("「{word} = {multiple}」不是已知单位的正的精确倍数")]
    #[diagnostic(
        code(jixiao::parse::unit_multiple),
        help("倍数写一个大于 0 的数，如「万千瓦时 = 10000千瓦时」；% 与 个百分点 只能原样改名（「百分比 = 1%」），分 不能作基准")
    )]
    UnitMultiple {
        /// The word declared.
        word: String,
        /// The multiple as written.
        multiple: String,
        /// Where it is.
        #[label("这个倍数")]
        span: SourceSpan,
    },
    /// A declared unit whose word is a keyword of the language.
    #[error("「{word}」是关键字，不能作单位")]
    #[diagnostic(
        code(jixiao::parse::unit_keyword),
        help("关键字（得、扣、以上、满分、完成值……）在数字之后另有含义；单位换一个词")
    )]
    UnitKeyword {
        /// The word declared.
        word: String,
        /// The declaration.
        #[label("关键字")]
        span: SourceSpan,
    },
    /// A declared unit that begins with one declared before it, or that a
    /// built-in unit begins with: after a number the shorter would be read.
    #[error("单位「{word}」与「{other}」开头相同，数字之后会被读错")]
    #[diagnostic(code(jixiao::parse::unit_prefix))]
    UnitPrefix {
        /// The word declared.
        word: String,
        /// The unit it clashes with.
        other: String,
        /// The declaration.
        #[label("这个单位")]
        span: SourceSpan,
        /// What to do.
        #[help]
        help: String,
    },
    /// More units declared in one file than the grammar looks up.
    #[error("一个文件最多声明 {max} 个单位")]
    #[diagnostic(
        code(jixiao::parse::too_many_units),
        help("把不用的单位声明删去，或把一部分放进导入的库")
    )]
    TooManyUnits {
        /// The limit.
        max: usize,
        /// The first declaration past it.
        #[label("第 {max} 个之后")]
        span: SourceSpan,
    },
    /// A negative score, deduction or 满分 (`得-1分`, `扣-1分`, `满分 -100`).
    #[error("「{text}」：满分、得分与扣分都不能是负数")]
    #[diagnostic(
        code(jixiao::parse::negative_points),
        help("扣分写成正数，例如「扣1分」；满分写正数，例如「满分 100」")
    )]
    NegativePoints {
        /// The points as written.
        text: String,
        /// Where they are.
        #[label("负数")]
        span: SourceSpan,
    },
    /// 满分 0: no score could be out of it.
    #[error("满分不能是 0")]
    #[diagnostic(
        code(jixiao::parse::zero_full_marks),
        help("写出评分表的总分，例如「满分 100」；不写满分时按 100 计")
    )]
    ZeroFullMarks {
        /// Where it is written.
        #[label("满分 0")]
        span: SourceSpan,
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
    /// A date that does not exist or whose year is outside
    /// [`DATE_YEARS`](super::DATE_YEARS).
    #[error("「{text}」不是有效的日期")]
    #[diagnostic(
        code(jixiao::parse::date),
        help("日期写作 2024-12-31、2024/12/31 或 2024年12月31日：年份四位（1900–2200），月份为 1–12，日不超过当月的天数")
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
    /// A run of name characters longer than any name may be.
    #[error("这段文字连续 {chars} 个字以上没有空格或标点，超过了名称的长度上限")]
    #[diagnostic(
        code(jixiao::parse::name_too_long),
        help("名称最多 301 个字；在名称与关键字之间加空格或标点，很长的原文用「」括起来")
    )]
    NameTooLong {
        /// How many characters the run holds (at least one past the limit).
        chars: usize,
        /// The run, up to the first character past the limit.
        #[label("读作一个名称的文字从这里开始")]
        span: SourceSpan,
    },
    /// A name quoted in 「 never closed on its line.
    #[error("「…」括起的名称没有闭合")]
    #[diagnostic(
        code(jixiao::parse::unclosed_name),
        help("在名称末尾补上 」；「」括起的名称不能跨行")
    )]
    UnclosedName {
        /// From the 「 to the end of its line.
        #[label("从这里开始的名称没有结束的 」")]
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
    /// A unit word the unit table does not know. In a fact's declaration
    /// the nearest reading is offered: 「吨标准煤」 starts with the unit 吨,
    /// and the rest belongs in the fact's name.
    pub(super) fn unknown_unit(
        word: &str,
        span: crate::lang::span::Span,
        declared: bool,
    ) -> ParseError {
        let known_prefix = (1..word.len())
            .rev()
            .filter(|&end| declared && word.is_char_boundary(end))
            .map(|end| word.split_at(end))
            .find(|(unit, _)| crate::lang::units::UnitTable::BUILTIN.unit(unit).is_some());
        let nearest = match known_prefix {
            Some((unit, rest)) => format!(
                "「{word}」以单位「{unit}」开头：单位写「{unit}」，「{rest}」写进事实名称。"
            ),
            None => String::new(),
        };
        ParseError::UnknownUnit {
            word: word.to_string(),
            span: span.into(),
            help: format!(
                "{nearest}{}\n{}",
                crate::lang::measure::known_units_help(),
                crate::lang::measure::declaration_help(word)
            ),
        }
    }

    /// Whether this is a run too long to be a name, after which the text is
    /// not worth parsing.
    pub(super) fn is_name_too_long(&self) -> bool {
        matches!(self, ParseError::NameTooLong { .. })
    }

    /// Where the mistake is, for ordering several of them.
    pub(super) fn offset(&self) -> usize {
        let span = match self {
            ParseError::Syntax { span, .. }
            | ParseError::Number { span, .. }
            | ParseError::Date { span, .. }
            | ParseError::TooDeep { span }
            | ParseError::PartialStep { span }
            | ParseError::UnmatchedBrace { span }
            | ParseError::UnclosedString { span, .. }
            | ParseError::UnclosedName { span }
            | ParseError::NameTooLong { span, .. }
            | ParseError::MismatchedQuotes { span, .. }
            | ParseError::FullWidth { span, .. }
            | ParseError::MixedWidth { span, .. }
            | ParseError::PointsWithoutNumber { span, .. }
            | ParseError::MissingWeight { span, .. }
            | ParseError::UnknownKeyword { span, .. }
            | ParseError::GluedKeyword { span, .. }
            | ParseError::UnknownUnit { span, .. }
            | ParseError::UnitExists { span, .. }
            | ParseError::UnitBaseUnknown { span, .. }
            | ParseError::UnitMultiple { span, .. }
            | ParseError::UnitKeyword { span, .. }
            | ParseError::UnitPrefix { span, .. }
            | ParseError::TooManyUnits { span, .. }
            | ParseError::NegativePoints { span, .. }
            | ParseError::ZeroFullMarks { span } => span,
            ParseError::UnclosedBrace { open, .. } => open,
        };
        span.offset()
    }
}

/// Every syntax error found in a ruleset, in source order; never empty.
///
/// As one diagnostic it shows the first error and carries the others as
/// related diagnostics, so that a caller that reports one diagnostic per
/// failed parse still shows them all. [`ParseErrors::into_vec`] gives them
/// one by one.
#[derive(Debug, Clone)]
pub struct ParseErrors {
    first: Box<ParseError>,
    rest: Vec<ParseError>,
}

impl ParseErrors {
    /// The errors in source order, or `None` if there are none.
    pub(super) fn new(mut errors: Vec<ParseError>) -> Option<ParseErrors> {
        errors.sort_by_key(ParseError::offset);
        let mut errors = errors.into_iter();
        let first = errors.next()?;
        Some(ParseErrors {
            first: Box::new(first),
            rest: errors.collect(),
        })
    }

    /// A single error.
    pub(super) fn one(error: ParseError) -> ParseErrors {
        ParseErrors {
            first: Box::new(error),
            rest: Vec::new(),
        }
    }

    /// The first error.
    pub fn first(&self) -> &ParseError {
        &self.first
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

/// The outcome of reading one part of a ruleset.
pub(super) type Result<T> = std::result::Result<T, ParseError>;

/// The help for a syntax error that no targeted message fits.
pub(super) const GENERAL_HELP: &str =
    "对照语言说明检查这一行；名称与其后的关键字之间请加空格，例如「综合治理效果 为 明显」";
