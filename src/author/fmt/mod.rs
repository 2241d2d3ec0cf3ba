//! The formatter: one canonical layout for a ruleset, keeping every comment.
//! It uses only the parser of `crate::lang` (its pest tree and its errors).
//!
//! [`format()`] refuses text that does not parse. Otherwise it lays the text out
//! line by line from the source itself, so that comments, which the parser
//! drops, are kept verbatim; the parse tree only says where strings, `不 `
//! tokens, checklist items and blocks are. Line breaks are the author's; the
//! formatter
//!
//! - indents each line by its depth of braces, plus its depth of brackets or
//!   one level for a line that continues a statement (a fact, an item, a
//!   clause…), whichever is more; a line that begins with closers is indented
//!   at the depth they close to;
//! - collapses runs of spaces to one and trims trailing spaces;
//! - writes brackets and separators in one style ([`Punctuation`]), spaced
//!   canonically, and braces always as ASCII `{` `}`; strings, comments,
//!   operators, units, dates and the enumeration comma `、` are never touched;
//! - keeps at most one blank line in a row, none just inside braces, and
//!   exactly one before each `事实`, `一级`, `二级` and `指标` block that does not
//!   open its parent (above the comment lines attached to it);
//! - aligns the points and the conditions of a `要点` block's items;
//! - aligns trailing comments within each run of consecutive lines at one
//!   depth (a blank line ends a run), two columns past the longest line.
//!
//! Formatting is idempotent. As a last guard, the result must parse to the
//! same tokens as the input; if it ever did not, the input is returned as is.
//! The input is parsed once: one parse checks it and gives both the layout's
//! positions and the guard's tokens.

mod lines;
mod options;
mod pieces;
mod tokens;
mod tree;

pub use options::{FmtOptions, Punctuation};

use crate::lang::parse::{parse_with_tree, ParseError};
use lines::layout;
use tree::{read_tree, same_meaning};

/// Formats a ruleset; refuses (returns the parse error) text that does not
/// parse, so it never formats broken input into something else.
///
/// ```
/// use jixiao::fmt::{format, FmtOptions};
/// let messy = r#"体系 "示例" {满分 4}
/// 事实 {a: 是否; b: 是否}
/// 一级 g(4分){
/// 二级 h(4分){
///   指标 i(4分){
///   要点 {
///     ① 1分:a   # 第一条
///       ② 3分 : 不 b # 第二条
///   }
///   }
/// }
/// }
/// "#;
/// let tidy = r#"体系 "示例" { 满分 4 }
///
/// 事实 { a：是否；b：是否 }
///
/// 一级 g（4分）{
///     二级 h（4分）{
///         指标 i（4分）{
///             要点 {
///                 ① 1分：a     # 第一条
///                 ② 3分：不 b  # 第二条
///             }
///         }
///     }
/// }
/// "#;
/// let options = FmtOptions::default();
/// assert_eq!(format(messy, &options).ok().as_deref(), Some(tidy));
/// assert_eq!(format(tidy, &options).ok().as_deref(), Some(tidy));
/// ```
pub fn format(source: &str, options: &FmtOptions) -> Result<String, ParseError> {
    let (_, pairs) = parse_with_tree(source)?;
    let formatted = layout(source, &read_tree(pairs.clone()), options);
    if same_meaning(pairs, &formatted) {
        Ok(formatted)
    } else {
        Ok(source.to_string())
    }
}
