//! What a batch run is asked to do and what it gives back: the options, one
//! [`Outcome`] per project row, and the run's [`Summary`].

use super::annex::Annex;
use super::problem::Problem;
use crate::report::audit::Audit;
use crate::score::eval::ScoreCard;
use rust_decimal::Decimal;

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Threads to score with; 0 for one per core.
    pub jobs: usize,
    /// Replace an existing output.
    pub force: bool,
    /// A progress bar on stderr (the caller turns it off when stderr is not a terminal).
    pub progress: bool,
    /// In the results workbook, all projects' annex tables on one 评分表 sheet.
    pub annex_block: bool,
}

/// One project's row, scored or not.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Its row in the input (line for JSON Lines).
    pub row: usize,
    /// 项目名称 (empty if the row gave none).
    pub name: String,
    /// 单位.
    pub unit: Option<String>,
    /// 项目编码.
    pub code: Option<String>,
    /// The scores; `None` when a cell was bad.
    pub scored: Option<Scored>,
    /// Bad cells, and the faults of the indicators that could not be scored.
    pub problems: Vec<Problem>,
}

impl Outcome {
    /// A row that could not be scored, with why.
    pub fn unscored(row: usize, name: String, problems: Vec<Problem>) -> Outcome {
        Outcome {
            row,
            name,
            unit: None,
            code: None,
            scored: None,
            problems,
        }
    }
}

/// A scored project.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Each indicator's score in tree order, `None` where it faulted.
    pub scores: Vec<Option<Decimal>>,
    /// The total, if no indicator faulted.
    pub total: Option<Decimal>,
    /// The grade of the total, as an index into the ruleset's bands.
    pub grade: Option<usize>,
    /// The whole score card (names, paths, 完成值 shown), for the outputs
    /// that show it: JSON Lines and the results workbook. This and the next
    /// two are boxed: a 汇总 run moves a batch of outcomes without them, and
    /// inline they made an outcome 912 bytes.
    pub card: Option<Box<ScoreCard>>,
    /// The annex table, with every score's derivation (results workbooks only).
    pub annex: Option<Box<Annex>>,
    /// The audit against the printed scores, when some were given.
    pub audit: Option<Box<Audit>>,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// What was read: `xlsx 工作簿`, `CSV（GBK/GB18030 编码）` ….
    pub kind: String,
    /// Projects read.
    pub projects: usize,
    /// Projects with a total.
    pub complete: usize,
    /// Projects with a bad cell (not scored).
    pub rejected: usize,
    /// Problems not tied to a scored row (the header, other sheets).
    pub notes: Vec<Problem>,
    /// How many problems the rows had.
    pub row_problems: usize,
    /// The first of them, to show on the terminal.
    pub first_problems: Vec<Problem>,
}

impl Summary {
    /// How many row problems [`Summary::first_problems`] keeps.
    pub const SHOWN: usize = 20;
}
