//! The mistakes a facts file can hold ([`FactError`]), each with its code,
//! its place in the file and a help line.

use crate::lang::units::Ty;
use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A mistake in a facts file.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum FactError {
    /// The file is not valid TOML or JSON.
    #[error("事实文件无法读取：{message}")]
    #[diagnostic(
        code(jixiao::facts::syntax),
        help("检查文件格式（TOML 或 JSON）；TOML 中的中文键名要加引号，例如 \"预算资金\" = \"62.46万元\"")
    )]
    Syntax {
        /// The parser's message.
        message: String,
        /// Where the parser stopped, if it says.
        #[label("这里")]
        span: Option<SourceSpan>,
    },
    /// A key that is not a declared fact.
    #[error("事实文件中的「{name}」不是已声明的事实")]
    #[diagnostic(code(jixiao::facts::unknown_fact))]
    UnknownFact {
        /// The key.
        name: String,
        /// A suggestion.
        #[help]
        help: String,
        /// The key in the facts file.
        #[label("未声明")]
        span: Option<SourceSpan>,
    },
    /// A bare number for a percent fact that reads two ways (0.85: 85% or 0.85%).
    #[error("事实「{name}」的值 {value} 读法不明：是 {percent}% 还是 {value}%？")]
    #[diagnostic(code(jixiao::facts::ambiguous_percent))]
    AmbiguousPercent {
        /// The fact.
        name: String,
        /// The number as written.
        value: String,
        /// The number as a percent, were it a fraction (85 for 0.85).
        percent: String,
        /// How to write it either way.
        #[help]
        help: String,
        /// The value in the facts file.
        #[label("写明百分号")]
        span: Option<SourceSpan>,
    },
    /// A value that does not fit the fact's type.
    #[error("事实「{name}」的值 {value} 不是{expected}")]
    #[diagnostic(code(jixiao::facts::bad_value))]
    BadValue {
        /// The fact.
        name: String,
        /// The value as written.
        value: String,
        /// The declared type.
        expected: Ty,
        /// How to write it.
        #[help]
        help: String,
        /// The value in the facts file.
        #[label("应为{expected}")]
        span: Option<SourceSpan>,
    },
    /// A value outside the range the ruleset declares for the fact.
    #[error("事实「{name}」的值 {value} 超出规则声明的范围 {low} 到 {high}")]
    #[diagnostic(
        code(jixiao::facts::out_of_range),
        help("核对这个值；若范围本身不对，修改规则中「{name}」的「在 …」")
    )]
    OutOfRange {
        /// The fact.
        name: String,
        /// The value as written.
        value: String,
        /// The declared least value, shown.
        low: String,
        /// The declared greatest value, shown.
        high: String,
        /// The value in the facts file.
        #[label("超出范围")]
        span: Option<SourceSpan>,
    },
    /// Declared facts the file does not give.
    #[error("事实文件没有给出 {count} 个已声明的事实：{names}")]
    #[diagnostic(
        code(jixiao::facts::missing_fact),
        severity(Warning),
        help("补上这些事实；用到它们的指标将无法计算，其余指标照常计分")
    )]
    MissingFact {
        /// How many.
        count: usize,
        /// Their names, joined.
        names: String,
    },
    /// A 酌情 score, or a 不适用 mark, for an indicator the ruleset does not have.
    #[error("{table}不存在的指标「{indicator}」")]
    #[diagnostic(code(jixiao::facts::unknown_indicator))]
    UnknownIndicator {
        /// Which table names it, as the message begins: 酌情得分给了, 「不适用」列出了.
        table: &'static str,
        /// The name given.
        indicator: String,
        /// A suggestion.
        #[help]
        help: String,
        /// The name in the facts file.
        #[label("没有这个指标")]
        span: Option<SourceSpan>,
    },
    /// A discretionary score without its number or reason.
    #[error("指标「{indicator}」的酌情得分缺少{missing}")]
    #[diagnostic(
        code(jixiao::facts::discretion),
        help("写作 [\"酌情\".\"指标名\"]，其下 \"得分\" = 5 与 \"理由\" = \"…\"，理由不可省略")
    )]
    Discretion {
        /// The indicator.
        indicator: String,
        /// 得分 or 理由.
        missing: &'static str,
        /// The indicator's entry in the facts file.
        #[label("缺少{missing}")]
        span: Option<SourceSpan>,
    },
    /// A 酌情 entry with a key it does not take, or with both 得分 and 扣分.
    #[error("指标「{indicator}」的酌情{problem}")]
    #[diagnostic(code(jixiao::facts::discretion_field))]
    DiscretionField {
        /// The indicator.
        indicator: String,
        /// What is wrong, as the message ends.
        problem: String,
        /// The keys the entry may hold.
        #[help]
        help: String,
        /// The indicator's entry in the facts file.
        #[label("这里")]
        span: Option<SourceSpan>,
    },
    /// An indicator's experts' scores that cannot be read.
    #[error("指标「{indicator}」的专家评分有误：{problem}")]
    #[diagnostic(
        code(jixiao::facts::experts),
        help("写作 [\"专家评分\".\"指标名\"]，其下每位专家一行 \"专家姓名\" = 8.5；或 \"指标名\" = [8, 9, 7]")
    )]
    Experts {
        /// The indicator.
        indicator: String,
        /// What is wrong.
        problem: String,
        /// The indicator's entry in the facts file.
        #[label("这里")]
        span: Option<SourceSpan>,
    },
    /// An indicator marked 不适用 without the reason.
    #[error("指标「{indicator}」标为不适用，但没有写理由")]
    #[diagnostic(
        code(jixiao::facts::not_applicable_reason),
        help("写作 [\"不适用\"] 之下 \"指标名\" = \"理由\"；填表说明要求写明不适用的原因，理由不可省略")
    )]
    NotApplicableReason {
        /// The indicator.
        indicator: String,
        /// The indicator's entry in the facts file.
        #[label("缺少理由")]
        span: Option<SourceSpan>,
    },
    /// A 酌情 entry written as 得分 for a further deduction, or as 扣分 for
    /// a discretionary score: the number would be read the other way.
    #[error("指标「{indicator}」的酌情应写「{wanted}」，事实文件却写了「{written}」")]
    #[diagnostic(
        code(jixiao::facts::discretion_key),
        help("规则在得分之上再酌情扣分的指标写「扣分」（扣去的分数），其余酌情指标写「得分」（给的分数）")
    )]
    DiscretionKey {
        /// The indicator.
        indicator: String,
        /// 得分 or 扣分, as the rule needs.
        wanted: &'static str,
        /// What the file wrote.
        written: &'static str,
        /// The indicator's entry in the facts file.
        #[label("这里")]
        span: Option<SourceSpan>,
    },
    /// An indicator marked 不适用 and also given a 酌情 score or experts' scores.
    #[error("指标「{indicator}」既标为不适用，又给了{given}")]
    #[diagnostic(
        code(jixiao::facts::not_applicable_scored),
        help("不适用的指标不考核、不计分：删去它的{given}，或不再标为不适用")
    )]
    NotApplicableScored {
        /// The indicator.
        indicator: String,
        /// 酌情得分 or 专家评分.
        given: &'static str,
        /// The indicator's first entry in the facts file.
        #[label("标为不适用又给了分")]
        span: Option<SourceSpan>,
    },
    /// Every indicator marked 不适用: no applicable weight to rescale from.
    #[error("全部 {count} 个指标都标为不适用，没有可折算的得分")]
    #[diagnostic(
        code(jixiao::facts::nothing_applicable),
        help("总分按适用指标的权重折算，至少要有一个指标适用；检查「不适用」表是否列多了")
    )]
    NothingApplicable {
        /// How many indicators the ruleset has.
        count: usize,
    },
}

impl FactError {
    /// Whether this stops scoring (a missing fact only warns: the indicators
    /// that need it fault, the others are scored).
    pub fn is_error(&self) -> bool {
        !matches!(self, FactError::MissingFact { .. })
    }
}

/// What a TOML or JSON parser's message means, said in Chinese, with the
/// parser's own words after it (they name the exact slip for those who read
/// them). serde_json's trailing " at line L column C" is dropped: the label
/// already points there.
pub(crate) fn syntax_message(parser: &str) -> String {
    let detail = parser
        .rsplit_once(" at line ")
        .map_or(parser, |(message, _)| message)
        .trim();
    if detail.is_empty() {
        // toml says nothing where a value is missing after `=`.
        return "这里缺少内容，例如「=」之后的值".to_string();
    }
    if !detail.is_ascii() {
        // Our own message (a repeated key, a wrong shape): Chinese already.
        return detail.to_string();
    }
    let meaning = SYNTAX_MEANINGS
        .iter()
        .find(|(start, _)| detail.starts_with(start))
        .map_or("文件格式有误", |(_, meaning)| meaning);
    format!("{meaning}（解析器原文：{detail}）")
}

/// Beginnings of the parsers' messages (toml, serde_json) and what they mean
/// to the person filling the file in; the first match wins.
const SYNTAX_MEANINGS: &[(&str, &str)] = &[
    ("duplicate key", "同一个键写了两次"),
    (
        "invalid table header",
        "表头写法有误：写作 [\"报告\"]，中文名要加引号",
    ),
    (
        "invalid key",
        "键名写法有误：中文键名要加引号，例如 \"预算资金\"",
    ),
    (
        "invalid unquoted key",
        "键名写法有误：中文键名要加引号，例如 \"预算资金\"",
    ),
    ("expected `.`, `=`", "键名之后应是「=」"),
    (
        "expected newline",
        "一行只写一个「键 = 值」，值之后只能是以 # 开头的注释",
    ),
    (
        "invalid inline table",
        "内联表写法有误：写作 { \"得分\" = 8, \"理由\" = \"…\" }",
    ),
    ("invalid array", "数组写法有误：写作 [1, 2]，以「]」结尾"),
    ("invalid multiline", "多行字符串没有结束"),
    ("invalid escape", "字符串中的转义（\\）写法有误"),
    ("invalid unicode", "字符串中的转义（\\u）写法有误"),
    (
        "unexpected end of hex escape",
        "字符串中的转义（\\u）写法有误",
    ),
    (
        "invalid basic string",
        "字符串写法有误：缺少结尾的引号，或含有不能出现的字符",
    ),
    (
        "invalid literal string",
        "字符串写法有误：缺少结尾的引号，或含有不能出现的字符",
    ),
    (
        "invalid string",
        "字符串写法有误：缺少结尾的引号，或含有不能出现的字符",
    ),
    (
        "invalid date",
        "日期写法有误：日期写作带引号的文字，例如 \"2024-12-31\"",
    ),
    (
        "invalid",
        "数字写法有误：写作 62.46，或带单位的文字 \"62.46万元\"",
    ),
    ("control character", "字符串中有控制字符：换行要写作 \\n"),
    (
        "EOF while parsing",
        "文件在这里意外结束：缺少结尾的「}」「]」或引号",
    ),
    (
        "expected value",
        "这里应是一个值：数字、带引号的文字、true 或 false",
    ),
    (
        "expected ident",
        "不认识的词：true、false 之外的文字要加引号",
    ),
    ("expected `:`", "键名之后应是「:」"),
    ("expected `,` or `}`", "这里应是「,」或「}」"),
    ("expected `,` or `]`", "这里应是「,」或「]」"),
    ("trailing comma", "最后一项之后多了逗号"),
    ("trailing characters", "对象结束之后还有内容"),
    ("key must be a string", "键名要加双引号"),
];

/// A facts file whose shape is wrong at a place the parser does not point to.
pub(crate) fn shape_error(message: impl Into<String>) -> FactError {
    FactError::Syntax {
        message: message.into(),
        span: None,
    }
}

#[cfg(test)]
mod tests {
    use super::syntax_message;

    #[test]
    fn parser_messages_are_said_in_chinese_with_the_original_after() {
        assert_eq!(
            syntax_message("invalid key"),
            "键名写法有误：中文键名要加引号，例如 \"预算资金\"（解析器原文：invalid key）"
        );
        assert_eq!(
            syntax_message("trailing comma at line 1 column 9"),
            "最后一项之后多了逗号（解析器原文：trailing comma）"
        );
        // A message of the parsers' not in the table still leads in Chinese.
        assert_eq!(
            syntax_message("something new"),
            "文件格式有误（解析器原文：something new）"
        );
        assert_eq!(
            syntax_message("键「a」重复出现 at line 1 column 12"),
            "键「a」重复出现"
        );
        assert_eq!(syntax_message(""), "这里缺少内容，例如「=」之后的值");
    }
}
