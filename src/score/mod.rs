//! Scoring: a project's [`facts`] read against a compiled ruleset, and the
//! evaluator ([`eval`]) that turns them into a score card with sub-totals,
//! total, grade and faults. This part uses only `lang`.

pub mod eval;
pub mod facts;
