//! Scoring: a project's [`facts`] read against a compiled ruleset, and the
//! evaluator ([`eval`]) that turns them into a score card with sub-totals,
//! total, grade and faults; `json` reads a JSON facts file, refusing a repeated
//! key. This part uses only `lang`.

pub mod eval;
pub mod facts;
mod json;
mod machine;
mod written;
