//! The lexical scan: what pest would report far from its cause or in
//! grammar terms, found before pest runs — brackets nested too deep, an
//! unclosed or extra brace (found by indentation), an unclosed or mismatched
//! quote, full-width digits, a comparison mixing full- and half-width signs —
//! and the blocks that error recovery blanks out; with the line helpers the
//! diagnosis shares.

use super::error::{ParseError, Result};
use super::grammar::MAX_NESTING;
use crate::lang::source::bom_len;
use crate::lang::span::Span;

/// Rejects brackets nested deeper than [`MAX_NESTING`] (comments and strings
/// included, which only makes the limit stricter).
pub(super) fn check_nesting(source: &str) -> Result<()> {
    let mut depth = 0usize;
    for (at, c) in source.char_indices() {
        match c {
            '(' | '（' | '{' | '｛' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: Span::new(at, at + c.len_utf8()).into(),
                    });
                }
            }
            ')' | '）' | '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A `{ … }` block found by the lexical scan.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// The opening brace.
    open: usize,
    /// The closing brace.
    close: usize,
}

/// What the lexical scan finds: mistakes, and the blocks for error recovery.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// The mistakes found, in the order found.
    pub(super) errors: Vec<ParseError>,
    /// Every `{ … }` block that closes.
    blocks: Vec<Block>,
}

impl Scan {
    /// Scans a source text.
    pub(super) fn of(source: &str) -> Scan {
        let mut scan = Scan::default();
        let mut open: Vec<usize> = Vec::new();
        let mut unmatched: Vec<usize> = Vec::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '#' => skip_line(&mut chars),
                '/' if chars.peek().is_some_and(|(_, next)| *next == '/') => skip_line(&mut chars),
                '"' | '“' => scan.string(source, at, c, &mut chars),
                '「' => scan.quoted_name(source, at),
                '{' | '｛' => open.push(at),
                '}' | '｝' => match open.pop() {
                    Some(start) => scan.blocks.push(Block {
                        open: start,
                        close: at,
                    }),
                    None => unmatched.push(at),
                },
                _ => {
                    if let Some(error) = width_mistake(source, at, c, &mut chars) {
                        scan.errors.push(error);
                    }
                }
            }
        }
        if let Some(error) = long_name(source) {
            scan.errors.push(error);
        }
        if !open.is_empty() {
            scan.errors.push(scan.unclosed(source, &open));
        }
        if let Some(&last) = unmatched.last() {
            scan.errors.push(scan.unmatched(source, last));
        }
        scan
    }

    /// The extra `}` to blame. Braces pair up innermost first, so an extra
    /// `}` is noticed only at the end of the file, where it seems to close
    /// nothing. Indentation tells the truth: the first `}` that stands at the
    /// start of a line more indented than the line of the `{` it seems to close
    /// is the extra one.
    fn unmatched(&self, source: &str, last: usize) -> ParseError {
        let mut pairs = self.blocks.clone();
        pairs.sort_by_key(|block| block.close);
        let extra = pairs
            .iter()
            .find(|block| {
                starts_line(source, block.close)
                    && indentation(source, block.close) > indentation(source, block.open)
            })
            .map_or(last, |block| block.close);
        let len = source[extra..].chars().next().map_or(1, char::len_utf8);
        ParseError::UnmatchedBrace {
            span: Span::new(extra, extra + len).into(),
        }
    }

    /// A quoted text from `at`: it must close on the same line with its own kind of mark.
    fn string(
        &mut self,
        source: &str,
        at: usize,
        open: char,
        chars: &mut std::iter::Peekable<std::str::CharIndices>,
    ) {
        let close = if open == '"' { '"' } else { '”' };
        let wrong = if open == '"' { '”' } else { '"' };
        while let Some(&(end, c)) = chars.peek() {
            if c == '\n' {
                self.errors.push(ParseError::UnclosedString {
                    close,
                    span: Span::new(at, end).into(),
                });
                return;
            }
            chars.next();
            if c == close {
                return;
            }
            if c == wrong {
                self.errors.push(ParseError::MismatchedQuotes {
                    open,
                    close: c,
                    span: Span::new(at, end + c.len_utf8()).into(),
                });
                return;
            }
        }
        self.errors.push(ParseError::UnclosedString {
            close,
            span: Span::new(at, source.len()).into(),
        });
    }

    /// A name quoted in 「」 from `at`: it must close on the same line. Its
    /// text is left to the grammar, which reads any 「 or " inside it.
    fn quoted_name(&mut self, source: &str, at: usize) {
        let line_end = source[at..].find('\n').map_or(source.len(), |len| at + len);
        if !source[at..line_end].contains('」') {
            self.errors.push(ParseError::UnclosedName {
                span: Span::new(at, line_end).into(),
            });
        }
    }

    /// The unclosed brace to blame. Braces pair up innermost first, so a
    /// missing `}` is noticed only at the end of the file, against the
    /// outermost block. Indentation tells the truth: the first `}` that stands
    /// at the start of a line less indented than the line of the `{` it closes
    /// belongs to an outer block, and that `{` is the one left open.
    fn unclosed(&self, source: &str, open: &[usize]) -> ParseError {
        let mut pairs = self.blocks.clone();
        pairs.sort_by_key(|block| block.close);
        let misplaced = pairs.iter().find(|block| {
            starts_line(source, block.close)
                && indentation(source, block.close) < indentation(source, block.open)
        });
        let brace = misplaced.map_or(open.last().copied().unwrap_or(0), |block| block.open);
        // The block should end before the first line that is indented no
        // deeper than its own first line: a sibling or an outer block's end.
        let own_indentation = indentation(source, brace);
        let after = line_start(source, brace)
            + source[line_start(source, brace)..]
                .find('\n')
                .map_or(source.len(), |newline| newline + 1);
        let mut offset = after;
        let expected_end = source[after.min(source.len())..]
            .split_inclusive('\n')
            .find_map(|line| {
                let at = offset;
                offset += line.len();
                let trimmed = line.trim();
                let sibling = !trimmed.is_empty()
                    && !trimmed.starts_with('#')
                    && !trimmed.starts_with("//")
                    && indentation(source, at) <= own_indentation;
                sibling.then(|| at + (line.len() - line.trim_start().len()))
            })
            .filter(|_| misplaced.is_some());
        let help = match expected_end {
            Some(at) => format!(
                "按缩进推测，这一块应在第 {} 行之前结束：在那里补上「}}」",
                line_number(source, at)
            ),
            None => "在这一块结束的地方补上「}」".to_string(),
        };
        let brace_len = source[brace..].chars().next().map_or(1, char::len_utf8);
        // The end of the file as the last character written, which a label can point at.
        let end = source.trim_end();
        let last_len = end.chars().last().map_or(0, char::len_utf8);
        ParseError::UnclosedBrace {
            block: block_title(source, brace),
            open: Span::new(brace, brace + brace_len).into(),
            expected_end: expected_end.map(|at| {
                let len = source[at..].chars().next().map_or(0, char::len_utf8);
                Span::new(at, at + len).into()
            }),
            end: Span::new(end.len() - last_len, end.len()).into(),
            help,
        }
    }

    /// The region to blank out after a failure at `at`: the innermost 指标,
    /// 一级 or 二级 block around it (or whose first line it is on), or the
    /// body of 事实 { … }. None when the failure is at the very start of a
    /// block (the block itself is out of place, as when 事实 is missing) or
    /// outside any block: then whatever follows would fail for the same cause.
    pub(super) fn recovery_region(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let around = |keywords: &[&str]| {
            self.blocks
                .iter()
                .filter(|block| {
                    let start = title_start(text, block.open);
                    let title = block_title(text, block.open);
                    let first = start + (text[start..].len() - text[start..].trim_start().len());
                    first < at
                        && at <= block.close
                        && keywords.iter().any(|keyword| title.starts_with(keyword))
                })
                .max_by_key(|block| block.open)
                .copied()
        };
        if let Some(block) = around(&["指标", "一级", "二级"]) {
            return Some((title_start(text, block.open), block.close + 1));
        }
        let facts = around(&["事实"])?;
        let open_len = text[facts.open..].chars().next().map_or(1, char::len_utf8);
        Some((facts.open + open_len, facts.close))
    }
}

/// The most characters a name may hold, as the grammar bounds it.
pub const MAX_NAME_CHARS: usize = 301;

/// The first run of name characters (CJK, letters, digits) longer than
/// [`MAX_NAME_CHARS`] outside comments, quoted text and 「」: no printed name
/// is that long, and the grammar would only fail somewhere inside it.
fn long_name(source: &str) -> Option<ParseError> {
    let mut chars = source.char_indices().peekable();
    let mut run: Option<(usize, usize)> = None;
    while let Some((at, c)) = chars.next() {
        let closing = match c {
            '"' => Some('"'),
            '“' => Some('”'),
            '「' => Some('」'),
            _ => None,
        };
        if let Some(close) = closing {
            while chars
                .next_if(|&(_, next)| next != close && next != '\n')
                .is_some()
            {}
            // The closing mark too: a closing " would open a quote again.
            chars.next_if(|&(_, next)| next == close);
        } else if c == '#' || (c == '/' && chars.peek().is_some_and(|(_, next)| *next == '/')) {
            skip_line(&mut chars);
        }
        let name_char = closing.is_none()
            && (is_cjk(c) || c.is_alphanumeric() || matches!(c, '_' | '、' | '·' | '《' | '》'));
        run = match (run, name_char) {
            (Some((start, count)), true) => Some((start, count + 1)),
            (None, true) => Some((at, 1)),
            (_, false) => None,
        };
        if let Some((start, count)) = run.filter(|(_, count)| *count > MAX_NAME_CHARS) {
            let end = at + c.len_utf8();
            return Some(ParseError::NameTooLong {
                chars: count,
                span: Span::new(start, end).into(),
            });
        }
    }
    None
}

/// A CJK ideograph of the grammar's `cjk`: tested before
/// `char::is_alphanumeric`, whose table lookup is slow for these.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Moves `chars` to the end of the line, before its line break.
pub(super) fn skip_line(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    while chars.next_if(|(_, c)| *c != '\n').is_some() {}
}

/// Full-width digits and letters, and comparison signs mixing widths.
fn width_mistake(
    source: &str,
    at: usize,
    c: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> Option<ParseError> {
    if let Some(half) = half_width(c) {
        let mut found = c.to_string();
        let mut replacement = half.to_string();
        let mut end = at + c.len_utf8();
        while let Some((next_at, half)) = chars
            .peek()
            .and_then(|&(next_at, next)| Some((next_at, half_width(next)?)))
        {
            let next = source[next_at..].chars().next()?;
            found.push(next);
            replacement.push(half);
            end = next_at + next.len_utf8();
            chars.next();
        }
        return Some(ParseError::FullWidth {
            found,
            replacement,
            span: Span::new(at, end).into(),
        });
    }
    let (next_at, next) = chars.peek().copied()?;
    // `matches!`, not `str::contains`: this runs for every character.
    let comparison = |c: char| matches!(c, '<' | '>' | '=' | '!' | '＜' | '＞' | '＝' | '！');
    if !comparison(c) || !comparison(next) {
        return None;
    }
    let sign: String = [c, next].iter().collect();
    let half: String = sign.chars().map(|c| half_sign(c).unwrap_or(c)).collect();
    // A pair of one width is the grammar's to judge; so is a mixed pair
    // that is no sign even made half-width (＜> is <>), having no spelling
    // to advise.
    if c.is_ascii() == next.is_ascii() || !["<=", ">=", "!=", "=="].contains(&half.as_str()) {
        return None;
    }
    chars.next();
    let (single, full_sign) = match half.as_str() {
        ">=" => ("≥", "＞＝"),
        "<=" => ("≤", "＜＝"),
        "!=" => ("≠", "！＝"),
        // "=="
        _ => ("=", "＝"),
    };
    Some(ParseError::MixedWidth {
        found: sign,
        replacement: half,
        full: full_sign.to_string(),
        single,
        span: Span::new(at, next_at + next.len_utf8()).into(),
    })
}

/// The half-width form of a full-width digit, letter or decimal point.
fn half_width(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '．' => {
            char::from_u32(u32::from(c) - 0xFEE0)
        }
        _ => None,
    }
}

/// The half-width form of a full-width comparison sign.
fn half_sign(c: char) -> Option<char> {
    match c {
        '＜' => Some('<'),
        '＞' => Some('>'),
        '＝' => Some('='),
        '！' => Some('!'),
        _ => None,
    }
}

/// The byte offset where `at`'s line starts (the first line's, after a
/// byte-order mark).
pub(super) fn line_start(text: &str, at: usize) -> usize {
    let before = &text[..at.min(text.len())];
    before
        .rfind('\n')
        .map_or(bom_len(before), |newline| newline + 1)
}

/// The grammar's `name_char`, for scanning text pest has not parsed.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '·'
        || c == '、'
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The white space a line may hold between words: spaces, tabs and the
/// full-width space.
pub(super) const SPACE_IN_LINE: [char; 3] = [' ', '\t', '\u{3000}'];

/// The run of name characters that ends `text[..at]`, spaces after it aside:
/// where it starts and ends. `None` when no such run ends there.
pub(super) fn name_run_before(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = text[..at].trim_end_matches(SPACE_IN_LINE);
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map(|(i, _)| i)?;
    Some((start, before.len()))
}

/// The 1-based line number of a byte offset.
fn line_number(text: &str, at: usize) -> usize {
    crate::lang::source::line_column(text, at).0
}

/// Whether only white space precedes `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at]
        .chars()
        .all(char::is_whitespace)
}

/// The width of the white space that starts `at`'s line (a tab counts as 4).
fn indentation(text: &str, at: usize) -> usize {
    text[line_start(text, at)..]
        .chars()
        .take_while(|c| c.is_whitespace() && *c != '\n')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Where the text that a brace opens starts: after the last brace before it
/// on its line, or at the line's start.
fn title_start(text: &str, brace: usize) -> usize {
    let start = line_start(text, brace);
    text[start..brace]
        .rfind(['{', '｛', '}', '｝'])
        .map_or(start, |i| {
            start + i + text[start + i..].chars().next().map_or(1, char::len_utf8)
        })
}

/// The text a brace opens, on its line: `指标 预算执行率（4分）`.
fn block_title(text: &str, brace: usize) -> String {
    text[title_start(text, brace)..brace].trim().to_string()
}

// ---------------------------------------------------------------- hints

#[cfg(test)]
mod tests;
