//! Scoring: a project's [`facts`] read against a compiled ruleset, and the
//! evaluator ([`eval`]) that turns them into a score card with sub-totals,
//! total, grade and faults; `json` reads a JSON facts file, refusing a repeated
//! key; [`cells`] reads a spreadsheet row into the same fact values. This part
//! uses only `lang`.

pub mod cells;
pub mod eval;
pub mod facts;
pub(crate) mod json;
