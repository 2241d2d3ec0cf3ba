//! Batch scoring: a whole district's projects read from one spreadsheet, CSV
//! or JSON Lines file, scored in parallel, and written out as a results
//! workbook (汇总, 问题, 复核 and a 评分表 per project), CSV or JSON Lines; the
//! facts-entry workbook that `jixiao template` generates; and one project's
//! annex table as a workbook or a Word document.
//!
//! This part is a front end, as the command line is: it may use `lang`,
//! `score`, `report` and `author`, and nothing uses it but the command line
//! and `serve`. The header is resolved to fact slots once per file
//! ([`crate::score::cells`]); each row is then parsed straight into its
//! slots and scored. A bad row is reported with its coordinates in 问题 while
//! every other row is scored, and outputs are written beside the target and
//! renamed into place ([`crate::files::write_atomically`]).

pub mod annex;
pub mod document;
pub mod docx;
pub mod input;
pub mod outcome;
pub mod output;
mod parallel;
pub mod problem;
mod progress;
mod run;
pub mod template;

pub use outcome::{BatchOptions, Outcome, Scored, Summary};
pub use output::OutputFormat;
pub use problem::{BatchError, Problem};
pub use run::run;
