//! The formatter: one canonical layout for a ruleset, keeping every comment.
//!
//! [`format`] refuses text that does not parse. Otherwise it lays the text out
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

use crate::lang::parse::ParseError;
use pest::iterators::Pair;
use pest::Parser;
use std::collections::{BTreeMap, BTreeSet};

// The formatter reads token spans from the same pest parser as `syntax`.
use crate::lang::parse::{JixiaoParser as Grammar, Rule};

/// The widest indentation step honoured, in spaces.
const MAX_INDENT: usize = 16;

/// Punctuation style for the formatted output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Punctuation {
    /// Full-width brackets and separators, unspaced: `预算执行率（4分）{`,
    /// `满意度：%`, `得满分；否则 按比例扣分`.
    #[default]
    FullWidth,
    /// Half-width brackets and separators, a space after each separator:
    /// `预算执行率(4分) {`, `满意度: %`, `得满分; 否则 按比例扣分`.
    HalfWidth,
}

/// Formatting options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FmtOptions {
    /// The punctuation style.
    pub punctuation: Punctuation,
    /// Spaces per level of indentation (at most 16 are used).
    pub indent: usize,
}

impl Default for FmtOptions {
    fn default() -> Self {
        Self {
            punctuation: Punctuation::FullWidth,
            indent: 4,
        }
    }
}

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
    crate::lang::parse::parse(source)?;
    let Some(tree) = read_tree(source) else {
        return Ok(source.to_string());
    };
    let formatted = layout(source, &tree, options);
    if same_meaning(source, &formatted) {
        Ok(formatted)
    } else {
        Ok(source.to_string())
    }
}

// ---------------------------------------------------------------- parse tree

/// What the layout needs from the parse tree.
#[derive(Default)]
struct Tree {
    /// Byte ranges of string literals, in order.
    strings: Vec<(usize, usize)>,
    /// Where `事实`, group and indicator blocks begin.
    blocks: BTreeSet<usize>,
    /// `不 ` tokens, start → end: their space is part of the token.
    negations: BTreeMap<usize, usize>,
    /// Checklist items by start.
    items: BTreeMap<usize, Item>,
    /// Outermost brace-free statements (a fact, an item, a clause…), start →
    /// end: a line that begins inside one continues it.
    statements: BTreeMap<usize, usize>,
}

impl Tree {
    fn statement(&mut self, start: usize, end: usize) {
        let inside = self
            .statements
            .range(..=start)
            .next_back()
            .is_some_and(|(_, &outer)| outer >= end);
        if !inside {
            self.statements.insert(start, end);
        }
    }

    /// Whether byte `at` lies inside a statement, past its start.
    fn continues(&self, at: usize) -> bool {
        self.statements
            .range(..at)
            .next_back()
            .is_some_and(|(_, &end)| end > at)
    }
}

/// A checklist item, as far as alignment is concerned.
struct Item {
    /// Start of the enclosing `要点` block: items align within it.
    checklist: usize,
    /// Label and points in canonical form: `① 扣1分`.
    head: String,
    /// Where the condition begins.
    body: usize,
}

fn read_tree(source: &str) -> Option<Tree> {
    let pairs = Grammar::parse(Rule::file, source).ok()?;
    let mut tree = Tree::default();
    let mut checklist = 0;
    for pair in pairs.flatten() {
        let span = pair.as_span();
        match pair.as_rule() {
            Rule::string => tree.strings.push((span.start(), span.end())),
            Rule::facts | Rule::group | Rule::indicator => {
                tree.blocks.insert(span.start());
            }
            Rule::not_kw => {
                tree.negations.insert(span.start(), span.end());
            }
            Rule::checklist => checklist = span.start(),
            Rule::item => {
                tree.statement(span.start(), span.end());
                tree.items.insert(span.start(), item(pair, checklist));
            }
            rule if STATEMENTS.contains(&rule) => tree.statement(span.start(), span.end()),
            _ => {}
        }
    }
    Some(tree)
}

/// Rules whose text holds no braces: a line that begins inside one, past its
/// start, is a continuation line and is indented one level more.
const STATEMENTS: [Rule; 13] = [
    Rule::full_marks,
    Rule::source,
    Rule::rounding,
    Rule::grade_band,
    Rule::fact_decl,
    Rule::actual,
    Rule::target,
    Rule::gate,
    Rule::formula,
    Rule::otherwise,
    Rule::deduction,
    Rule::tier_rule,
    Rule::when,
];

fn item(pair: Pair<Rule>, checklist: usize) -> Item {
    let mut head = String::new();
    let mut body = pair.as_span().end();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => {
                head.push_str(part.as_str());
                head.push(' ');
            }
            Rule::deduct => head.push_str(part.as_str()),
            Rule::points => head.extend(part.as_str().chars().filter(|c| !is_space(*c))),
            Rule::condition => body = part.as_span().start(),
            _ => {}
        }
    }
    Item {
        checklist,
        head,
        body,
    }
}

/// Whether `after` parses to the same tokens as `before`, spaces aside.
fn same_meaning(before: &str, after: &str) -> bool {
    if crate::lang::parse::parse(after).is_err() {
        return false;
    }
    matches!((signature(before), signature(after)), (Some(a), Some(b)) if a == b)
}

/// Every node of the parse tree in order, with the text of the leaves.
fn signature(text: &str) -> Option<Vec<(Rule, String)>> {
    let pairs = Grammar::parse(Rule::file, text).ok()?;
    Some(
        pairs
            .flatten()
            .map(|pair| (pair.as_rule(), leaf_text(&pair)))
            .collect(),
    )
}

fn leaf_text(pair: &Pair<Rule>) -> String {
    if pair.clone().into_inner().next().is_some() {
        String::new()
    } else if pair.as_rule() == Rule::string {
        pair.as_str().to_string()
    } else {
        pair.as_str().chars().filter(|c| !is_space(*c)).collect()
    }
}

// ---------------------------------------------------------------- source lines

/// What a stretch of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    /// A string literal, which may run over several lines.
    Text,
    Comment,
}

/// A stretch of a line, by byte range.
#[derive(Debug, Clone, Copy)]
struct Piece {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Cuts the source into lines of pieces; line breaks inside strings do not
/// count, and a comment runs from `#` or `//` to the end of its line.
fn split_lines(source: &str, strings: &[(usize, usize)]) -> Vec<Vec<Piece>> {
    let mut splitter = Splitter::default();
    let mut strings = strings.iter().copied().peekable();
    let (mut at, mut from) = (0, 0);
    while let Some(c) = source.get(at..).and_then(|rest| rest.chars().next()) {
        let rest = source.get(at..).unwrap_or("");
        while strings.next_if(|&(start, _)| start < at).is_some() {}
        let next = if let Some((start, end)) = strings.next_if(|&(start, _)| start == at) {
            splitter.push(Kind::Code, from, start);
            splitter.push(Kind::Text, start, end);
            end.max(at + c.len_utf8())
        } else if c == '#' || rest.starts_with("//") {
            let end = rest.find(['\n', '\r']).map_or(source.len(), |len| at + len);
            splitter.push(Kind::Code, from, at);
            splitter.push(Kind::Comment, at, end);
            end
        } else if c == '\n' || c == '\r' {
            splitter.push(Kind::Code, from, at);
            splitter.end_line();
            at + if rest.starts_with("\r\n") { 2 } else { 1 }
        } else {
            at += c.len_utf8();
            continue;
        };
        at = next;
        from = next;
    }
    splitter.push(Kind::Code, from, source.len());
    splitter.end_line();
    splitter.lines
}

#[derive(Default)]
struct Splitter {
    lines: Vec<Vec<Piece>>,
    line: Vec<Piece>,
}

impl Splitter {
    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        if end > start {
            self.line.push(Piece { kind, start, end });
        }
    }

    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

fn slice<'a>(source: &'a str, piece: &Piece) -> &'a str {
    source.get(piece.start..piece.end).unwrap_or("")
}

// ---------------------------------------------------------------- tokens

/// A bracket or separator the formatter restyles and respaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// `:` `;` `,` in either width.
    Sep,
    LBrace,
    RBrace,
}

/// A token of a line's code, for spacing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Space,
    Word(String),
    Mark(Mark, char),
}

/// The restyled form of a bracket or separator.
fn mark(c: char, style: Punctuation) -> Option<(Mark, char)> {
    let pick = |half: char, full: char| match style {
        Punctuation::FullWidth => full,
        Punctuation::HalfWidth => half,
    };
    Some(match c {
        '(' | '（' => (Mark::Open, pick('(', '（')),
        ')' | '）' => (Mark::Close, pick(')', '）')),
        ':' | '：' => (Mark::Sep, pick(':', '：')),
        ';' | '；' => (Mark::Sep, pick(';', '；')),
        ',' | '，' => (Mark::Sep, pick(',', '，')),
        '{' | '｛' => (Mark::LBrace, '{'),
        '}' | '｝' => (Mark::RBrace, '}'),
        _ => return None,
    })
}

/// Everything the layout of one line reads.
struct Ctx<'a> {
    source: &'a str,
    tree: &'a Tree,
    style: Punctuation,
}

/// The tokens of a line's code from byte `from` on.
fn tokens(ctx: &Ctx, pieces: &[Piece], from: usize) -> Vec<Tok> {
    let mut toks = Vec::new();
    for piece in pieces {
        let start = piece.start.max(from);
        let text = ctx.source.get(start..piece.end).unwrap_or("");
        match piece.kind {
            Kind::Text if start == piece.start => push_word(&mut toks, text),
            Kind::Code => code_tokens(ctx, start, text, &mut toks),
            _ => {}
        }
    }
    toks
}

fn code_tokens(ctx: &Ctx, start: usize, text: &str, toks: &mut Vec<Tok>) {
    let mut skip_to = 0;
    for (offset, c) in text.char_indices() {
        let at = start + offset;
        if at < skip_to {
            continue;
        }
        if let Some(&end) = ctx.tree.negations.get(&at) {
            // `不 ` keeps its space, as one ASCII space, even at the end of a line.
            push_word(toks, &format!("{c} "));
            skip_to = end;
        } else if is_space(c) {
            if toks.last() != Some(&Tok::Space) {
                toks.push(Tok::Space);
            }
        } else if let Some((kind, out)) = mark(c, ctx.style) {
            toks.push(Tok::Mark(kind, out));
        } else {
            push_word(toks, c.encode_utf8(&mut [0; 4]));
        }
    }
}

fn push_word(toks: &mut Vec<Tok>, text: &str) {
    if let Some(Tok::Word(word)) = toks.last_mut() {
        word.push_str(text);
    } else {
        toks.push(Tok::Word(text.to_string()));
    }
}

/// Tokens back to text, spaced canonically.
fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    let mut previous: Option<&Tok> = None;
    let mut gap = false;
    for tok in toks {
        match tok {
            Tok::Space => {
                gap = true;
                continue;
            }
            Tok::Word(word) => {
                space_before(&mut out, previous, tok, gap);
                out.push_str(word);
            }
            Tok::Mark(_, c) => {
                space_before(&mut out, previous, tok, gap);
                out.push(*c);
            }
        }
        previous = Some(tok);
        gap = false;
    }
    out
}

fn space_before(out: &mut String, previous: Option<&Tok>, tok: &Tok, gap: bool) {
    if previous.is_some_and(|before| spaced(before, tok, gap)) && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Whether a space goes between two tokens; `gap` is whether the source had one.
fn spaced(before: &Tok, after: &Tok, gap: bool) -> bool {
    use Mark::*;
    match (before, after) {
        (_, Tok::Mark(Close | Sep, _)) | (Tok::Mark(Open, _), _) => false,
        (Tok::Mark(Close, '）'), Tok::Mark(LBrace, _)) => false,
        (_, Tok::Mark(LBrace | RBrace, _)) | (Tok::Mark(LBrace | RBrace, _), _) => true,
        (Tok::Mark(Sep, c), _) => c.is_ascii(),
        _ => gap,
    }
}

// ---------------------------------------------------------------- lines

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

fn layout(source: &str, tree: &Tree, options: &FmtOptions) -> String {
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

// ---------------------------------------------------------------- width

/// Display width in terminal columns: CJK and full-width characters take two.
fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x4DBF
        | 0x4E00..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}
