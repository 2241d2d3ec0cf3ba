//! What can go wrong in an import: a table that cannot be read as an
//! indicator table at all ([`ImportError`], nothing is written) and what is
//! found on the way in but does not stop the draft ([`Finding`]: a clause
//! that fell back to 酌情, sums that disagree, a case short of full marks).

use crate::batch::BatchError;
use miette::Diagnostic;
use thiserror::Error;

/// A table that cannot be imported.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum ImportError {
    /// The file itself: unreadable, of an unknown kind, damaged, or an output
    /// that exists or cannot be written.
    #[error(transparent)]
    #[diagnostic(transparent)]
    File(#[from] BatchError),
    /// No row among the first ones names the table's columns.
    #[error("{place}前 {searched} 行中找不到指标表的表头行")]
    #[diagnostic(
        code(jixiao::import::no_header),
        help("表头行须写出指标列（一级指标、二级指标、三级指标或指标名称）与分值列（分值、权重或标准分），以及评分标准列")
    )]
    NoHeader {
        /// The sheet or file, with a trailing 「中」 where named.
        place: String,
        /// How many rows were searched.
        searched: usize,
    },
    /// A header with indicators but no weights.
    #[error("第 {row} 行的表头没有分值列")]
    #[diagnostic(
        code(jixiao::import::no_weight_column),
        help("加一列「分值」（或「权重」「标准分」），每个指标一个数；或把分值写在指标名后，如「组织管理（6分）」，并把表头写作「评价指标（分值）」")
    )]
    NoWeightColumn {
        /// The header row (from 1).
        row: usize,
    },
    /// A weight that is not a number.
    #[error("第 {row} 行的分值「{text}」不是数")]
    #[diagnostic(
        code(jixiao::import::bad_weight),
        help("分值写作数，可带「分」：4、4分、0.5；不要写成文字或区间")
    )]
    BadWeight {
        /// The row (from 1).
        row: usize,
        /// The cell as written.
        text: String,
    },
    /// A header and nothing under it.
    #[error("表头（第 {row} 行）下没有指标行")]
    #[diagnostic(
        code(jixiao::import::no_indicators),
        help("表头之下每个指标一行，写出指标名称与分值")
    )]
    NoIndicators {
        /// The header row (from 1).
        row: usize,
    },
    /// Even with every indicator 酌情 the draft does not build: a name in
    /// the tree that the language cannot take.
    #[error("表中的指标树无法写成规则：{reason}")]
    #[diagnostic(
        code(jixiao::import::unbuildable),
        help("检查一级、二级与指标名称：名称中不要有换行、引号「」或只有数字")
    )]
    Unbuildable {
        /// The first error of the draft.
        reason: String,
    },
}

/// Something found on the way in that the draft carries on past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Its stable code (`jixiao::import::fallback`).
    pub code: &'static str,
    /// The table row it concerns (from 1), where there is one.
    pub row: Option<usize>,
    /// What was found, in Chinese.
    pub message: String,
    /// What to do about it, in Chinese.
    pub help: String,
}

/// A clause could not be read, so its indicator became 酌情.
pub const FALLBACK: &str = "jixiao::import::fallback";
/// The table's own weights do not add up.
pub const WEIGHT_SUM: &str = "jixiao::import::weight_sum";
/// No facts could be found that give every indicator full marks.
pub const NO_FULL_MARKS: &str = "jixiao::import::no_full_marks";

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = self
            .row
            .map(|row| format!("第 {row} 行："))
            .unwrap_or_default();
        write!(
            f,
            "警告[{}] {place}{}\n  help: {}",
            self.code, self.message, self.help
        )
    }
}
