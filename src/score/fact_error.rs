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
    /// A discretionary score for an indicator the ruleset does not have.
    #[error("酌情得分给了不存在的指标「{indicator}」")]
    #[diagnostic(code(jixiao::facts::unknown_indicator))]
    UnknownIndicator {
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
}

impl FactError {
    /// Whether this stops scoring (a missing fact only warns: the indicators
    /// that need it fault, the others are scored).
    pub fn is_error(&self) -> bool {
        !matches!(self, FactError::MissingFact { .. })
    }
}
