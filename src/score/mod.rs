//! Scoring: a project's [`facts`] read against a compiled ruleset, and the
//! evaluator ([`eval`]) that turns them into a score card with sub-totals,
//! total, grade and faults (`fault` builds a halted run's); `machine` runs
//! an indicator's program; `json` reads a JSON facts file, refusing a
//! repeated key, `tables` a facts file's 酌情, 专家评分, 不适用 and 报告
//! tables, `rows` the quick way
//! through a flat JSON row, `values` and `written` turn written values into
//! run-time ones, `float` a spreadsheet's float into its decimal; [`cells`]
//! reads a spreadsheet row (its cells borrowed, `cell_ref`) into the same
//! fact values, cell by cell (`row_reader`, which JSON Lines feed key by key). This part uses only `lang`.

mod cell_ref;
pub mod cells;
pub mod eval;
mod fact_error;
pub mod facts;
mod fault;
mod float;
pub(crate) mod json;
mod machine;
pub mod row_reader;
mod rows;
mod tables;
mod total;
pub(crate) mod values;
mod written;
