//! Laying out lines: indentation by depth, blank lines between blocks,
//! aligned checklist items and trailing comments.

use super::options::{FmtOptions, Punctuation};
use super::pieces::{is_space, slice, split_lines, width, Kind, Piece};
use super::tokens::{render, tokens, Ctx};
use super::tree::Tree;
use std::collections::BTreeMap;

/// The widest indentation step honoured, in spaces.
const MAX_INDENT: usize = 16;

/// A line's code before checklist alignment.
enum Code {
    Plain(String),
    /// A checklist item alone on its line: `head` is label and points.
    Item {
        checklist: usize,
        head: String,
        rest: String,
    },
}

/// One output line.
struct Line {
    /// Indentation level.
    level: usize,
    code: Code,
    /// The trailing or whole-line comment, trailing spaces trimmed.
    comment: Option<String>,
    /// Holds a string that runs over several lines.
    tall: bool,
    /// Begins a `事实`, group or indicator block.
    block: bool,
}

impl Line {
    fn blank() -> Self {
        Self {
            level: 0,
            code: Code::Plain(String::new()),
            comment: None,
            tall: false,
            block: false,
        }
    }

    fn plain(&self) -> Option<&str> {
        match &self.code {
            Code::Plain(text) => Some(text),
            Code::Item { .. } => None,
        }
    }

    fn has_code(&self) -> bool {
        self.plain().is_none_or(|text| !text.is_empty())
    }

    fn is_blank(&self) -> bool {
        !self.has_code() && self.comment.is_none()
    }

    fn comment_only(&self) -> bool {
        !self.has_code() && self.comment.is_some()
    }

    fn opens(&self) -> bool {
        self.plain().is_some_and(|text| text.ends_with('{'))
    }

    fn closes(&self) -> bool {
        self.plain().is_some_and(|text| text.starts_with('}'))
    }
}

pub(super) fn layout(source: &str, tree: &Tree, options: &FmtOptions) -> String {
    let ctx = Ctx {
        source,
        tree,
        style: options.punctuation,
    };
    let mut depth = Depth::default();
    let lines = split_lines(source, &tree.strings)
        .iter()
        .map(|pieces| {
            let (level, after) = brackets(source, pieces, depth);
            let level = indentation(&ctx, pieces, level, depth);
            depth = after;
            lay_line(&ctx, pieces, level)
        })
        .collect();
    let mut lines = arrange_blank_lines(lines);
    align_items(&mut lines, options.punctuation);
    join(&lines, options.indent.min(MAX_INDENT))
}

/// Open braces and open brackets.
#[derive(Debug, Clone, Copy, Default)]
struct Depth {
    braces: usize,
    parens: usize,
}

/// The depth at the line's start less the closers it begins with, and the
/// depth after the line.
fn brackets(source: &str, pieces: &[Piece], depth: Depth) -> (Depth, Depth) {
    let mut level = depth;
    let mut after = depth;
    let mut leading = true;
    for piece in pieces {
        match piece.kind {
            Kind::Text => leading = false,
            Kind::Comment => {}
            Kind::Code => {
                for c in slice(source, piece).chars() {
                    let (count, closing) = match c {
                        '{' | '｛' => (&mut after.braces, false),
                        '(' | '（' => (&mut after.parens, false),
                        '}' | '｝' => (&mut after.braces, true),
                        ')' | '）' => (&mut after.parens, true),
                        c if is_space(c) => continue,
                        _ => {
                            leading = false;
                            continue;
                        }
                    };
                    if closing {
                        *count = count.saturating_sub(1);
                    } else {
                        *count += 1;
                    }
                    if leading && closing {
                        level = Depth {
                            braces: level.braces.min(after.braces),
                            parens: level.parens.min(after.parens),
                        };
                    }
                    leading &= closing;
                }
            }
        }
    }
    (level, after)
}

/// The indentation level of a line: its braces, plus one for each open
/// bracket or for continuing a statement, whichever is more.
fn indentation(ctx: &Ctx, pieces: &[Piece], level: Depth, depth: Depth) -> usize {
    let closes = level.braces < depth.braces || level.parens < depth.parens;
    let continues =
        !closes && first_code(ctx.source, pieces).is_some_and(|at| ctx.tree.continues(at));
    level.braces + level.parens.max(usize::from(continues))
}

fn lay_line(ctx: &Ctx, pieces: &[Piece], level: usize) -> Line {
    let comment = pieces
        .iter()
        .find(|piece| piece.kind == Kind::Comment)
        .map(|piece| {
            slice(ctx.source, piece)
                .trim_end_matches(is_space)
                .to_string()
        });
    let first = first_code(ctx.source, pieces);
    let code = first
        .and_then(|at| item_code(ctx, pieces, at))
        .unwrap_or_else(|| Code::Plain(render(&tokens(ctx, pieces, 0))));
    let tall = pieces
        .iter()
        .any(|piece| piece.kind == Kind::Text && slice(ctx.source, piece).contains(['\n', '\r']));
    Line {
        level,
        code,
        comment,
        tall,
        block: first.is_some_and(|at| ctx.tree.blocks.contains(&at)),
    }
}

/// Where the line's code begins, if it has any.
fn first_code(source: &str, pieces: &[Piece]) -> Option<usize> {
    for piece in pieces {
        match piece.kind {
            Kind::Text => return Some(piece.start),
            Kind::Comment => return None,
            Kind::Code => {
                if let Some(offset) = slice(source, piece).find(|c| !is_space(c)) {
                    return Some(piece.start + offset);
                }
            }
        }
    }
    None
}

/// The line as a checklist item, if it is one item that starts the line and
/// whose condition begins on it.
fn item_code(ctx: &Ctx, pieces: &[Piece], at: usize) -> Option<Code> {
    let item = ctx.tree.items.get(&at)?;
    let end = pieces
        .iter()
        .filter(|piece| piece.kind != Kind::Comment)
        .map(|piece| piece.end)
        .max()?;
    let another = end > at + 1 && ctx.tree.items.range(at + 1..end).next().is_some();
    if another || item.body >= end {
        return None;
    }
    Some(Code::Item {
        checklist: item.checklist,
        head: item.head.clone(),
        rest: render(&tokens(ctx, pieces, item.body)),
    })
}

/// At most one blank line in a row, none at either end of the file or just
/// inside braces, and one before each block that does not open its parent.
fn arrange_blank_lines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for line in lines {
        if line.is_blank() {
            if out
                .last()
                .is_some_and(|last| !last.is_blank() && !last.opens())
            {
                out.push(line);
            }
            continue;
        }
        if line.closes() && out.last().is_some_and(Line::is_blank) {
            out.pop();
        }
        if line.block {
            separate(&mut out);
        }
        out.push(line);
    }
    if out.last().is_some_and(Line::is_blank) {
        out.pop();
    }
    out
}

/// One blank line above a block's attached comment lines, unless what comes
/// before them opens the parent block (or is the start of the file).
fn separate(out: &mut Vec<Line>) {
    let attached = out
        .iter()
        .rev()
        .take_while(|line| line.comment_only())
        .count();
    let comments = out.split_off(out.len().saturating_sub(attached));
    if out
        .last()
        .is_some_and(|line| !line.is_blank() && !line.opens())
    {
        out.push(Line::blank());
    }
    out.extend(comments);
}

/// Pads each checklist item after its separator so that conditions line up
/// within the `要点` block.
fn align_items(lines: &mut [Line], style: Punctuation) {
    let mut widest: BTreeMap<usize, usize> = BTreeMap::new();
    for line in lines.iter() {
        if let Code::Item {
            checklist, head, ..
        } = &line.code
        {
            let entry = widest.entry(*checklist).or_insert(0);
            *entry = (*entry).max(width(head));
        }
    }
    let (colon, gap) = match style {
        Punctuation::FullWidth => ('：', 0),
        Punctuation::HalfWidth => (':', 1),
    };
    for line in lines.iter_mut() {
        if let Code::Item {
            checklist,
            head,
            rest,
        } = &line.code
        {
            let widest = widest.get(checklist).copied().unwrap_or(0);
            let pad = gap + widest.saturating_sub(width(head));
            line.code = Code::Plain(format!("{head}{colon}{}{rest}", " ".repeat(pad)));
        }
    }
}

/// The final text: indentation, code and comments aligned per run.
fn join(lines: &[Line], indent: usize) -> String {
    let texts: Vec<String> = lines
        .iter()
        .map(|line| match line.plain() {
            Some(code) if !code.is_empty() => {
                format!("{}{code}", " ".repeat(line.level.saturating_mul(indent)))
            }
            _ => String::new(),
        })
        .collect();
    let columns = comment_columns(lines, &texts);
    let mut out = String::new();
    for ((line, text), column) in lines.iter().zip(&texts).zip(columns) {
        out.push_str(text);
        if let Some(comment) = &line.comment {
            let pad = if text.is_empty() {
                line.level.saturating_mul(indent)
            } else {
                column.saturating_sub(width(text)).max(2)
            };
            out.push_str(&" ".repeat(pad));
            out.push_str(comment);
        }
        out.push('\n');
    }
    out
}

/// The column of each line's trailing comment: two past the widest line with
/// a trailing comment in its run of consecutive lines at one level.
fn comment_columns(lines: &[Line], texts: &[String]) -> Vec<usize> {
    let mut run = 0;
    let mut previous: Option<&Line> = None;
    let runs: Vec<usize> = lines
        .iter()
        .map(|line| {
            if !previous.is_some_and(|before| same_run(before, line)) {
                run += 1;
            }
            previous = Some(line);
            run
        })
        .collect();
    let mut columns: BTreeMap<usize, usize> = BTreeMap::new();
    for ((line, text), run) in lines.iter().zip(texts).zip(&runs) {
        if line.comment.is_some() && !text.is_empty() && !line.tall {
            let column = columns.entry(*run).or_insert(0);
            *column = (*column).max(width(text) + 2);
        }
    }
    runs.iter()
        .map(|run| columns.get(run).copied().unwrap_or(0))
        .collect()
}

fn same_run(before: &Line, line: &Line) -> bool {
    let joins = |line: &Line| !line.is_blank() && !line.tall;
    joins(before) && joins(line) && before.level == line.level
}
