//! The tokens of a line's code, restyled and respaced.

use super::options::Punctuation;
use super::pieces::{is_space, Kind, Piece};
use super::tree::Tree;

/// A bracket or separator the formatter restyles and respaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Open,
    Close,
    /// `:` `;` `,` in either width.
    Sep,
    LBrace,
    RBrace,
}

/// A token of a line's code, for spacing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
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
pub(super) struct Ctx<'a> {
    pub(super) source: &'a str,
    pub(super) tree: &'a Tree,
    pub(super) style: Punctuation,
}

/// The tokens of a line's code from byte `from` on.
pub(super) fn tokens(ctx: &Ctx, pieces: &[Piece], from: usize) -> Vec<Tok> {
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
pub(super) fn render(toks: &[Tok]) -> String {
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
