//! Explanations: how every score was reached, in the words of its rule form,
//! as prose to paste into a report and as a tree of steps (JSON); the
//! evaluator records the values it passes through ([`crate::score::eval::Trace`])
//! and this module reads them back against the checked AST, so the prose
//! follows the rule as written (每降低…, 要点①…) rather than the core it was
//! lowered to. It may use `crate::score` and `crate::lang`, and
//! `crate::report::render` for how scores are shown.

mod context;
mod forms;
mod model;
mod output;
mod phrasing;
mod totals;
mod tree;

pub use model::{Explanation, IndicatorExplanation, Input, Shown, SpanInfo, Step};
pub use output::{json, markdown, text};
pub use tree::explain;
