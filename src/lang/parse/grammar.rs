//! The grammar glue: the pest parser generated from `grammar/jixiao.pest`,
//! its [`Rule`]s, and the nesting limit every pass of the parser enforces.
//! It uses nothing else of the parser, so that every other part may use it.

/// The pest parser of `grammar/jixiao.pest`; the formatter reads its token
/// spans too.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jixiao.pest"]
pub(crate) struct JixiaoParser;

/// The deepest nesting of brackets a ruleset may have, so that hostile input
/// cannot exhaust the stack of the recursive parser and lowering.
pub const MAX_NESTING: usize = 64;

#[cfg(test)]
mod tests;
