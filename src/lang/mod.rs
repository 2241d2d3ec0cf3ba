//! The language: from a ruleset's text to a compiled program. The
//! grammar glue and parser ([`parse`]) give an [`ast`] with [`span`]s into a
//! [`source`] map; [`link`] resolves imports and 沿用; [`check`] resolves
//! names, [`units`], weights and ranges; [`compile`] lowers the result to the
//! small [`core`], which [`program`] flattens into the instructions `score`
//! runs over [`exact`] numbers. [`codes`] explains every diagnostic code and
//! [`diagnostics`] turns reports into data. [`build`] runs the whole pipeline.
//! This part is the first of the pipeline: it uses no other part (only
//! [`crate::files`]).

pub mod ast;
pub mod build;
pub mod check;
pub mod codes;
pub mod compile;
pub mod core;
pub mod diagnostics;
pub mod exact;
pub mod link;
pub mod measure;
pub mod parse;
pub mod program;
pub mod source;
pub mod span;
pub mod units;
