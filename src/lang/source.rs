//! Source texts for diagnostics: a ruleset and the libraries it imports make
//! one combined text (library after ruleset), and every span is an offset in
//! that text; [`SourceMap`] shows each span in its own file, with that file's
//! name and line numbers.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// The byte-order mark some editors write at the start of a file. It is
/// passed over there (and only there): spans stay offsets in the text as
/// read, and lines and columns do not count it.
pub const BOM: char = '\u{FEFF}';

/// The length of the byte-order mark `text` starts with, or 0.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// `text` with every invisible character written as its code point
/// (`U+200B`), so that a diagnostic never quotes what cannot be seen: the
/// zero-width spaces and joiners U+200B..U+200F and U+2060, a byte-order
/// mark, and the marks that turn text right to left (U+061C, U+202A..U+202E,
/// U+2066..U+2069).
pub fn visible(text: &str) -> String {
    let invisible = |c: char| {
        matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{2060}'
            | BOM
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}')
    };
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible(c) {
            shown.push_str(&format!("U+{:04X}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// A line longer than this many bytes is shown only in part: a window around
/// the span. miette pads to a span's column with a width argument, and a
/// width past 65,535 panics; below this limit a column stays far under it.
const LONG_LINE: usize = 4096;

/// How many bytes of a long line are shown on each side of the span.
const WINDOW_MARGIN: usize = 120;

/// One file's part of the combined text.
#[derive(Debug, Clone)]
struct Segment {
    name: String,
    start: usize,
    text: Arc<str>,
    /// The byte offset of every line's start, the first line's (0) included.
    line_starts: Arc<[usize]>,
}

impl Segment {
    fn new(name: &str, start: usize, text: &str) -> Segment {
        Segment {
            name: name.to_string(),
            start,
            text: Arc::from(text),
            line_starts: line_starts(text).into(),
        }
    }

    /// The 0-based line of a byte offset: the newlines before it.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Where a line starts, or the text's end past the last line.
    fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Whether a line has more than [`LONG_LINE`] bytes.
    fn is_long(&self, line: usize) -> bool {
        self.line_start(line + 1) - self.line_start(line) > LONG_LINE
    }

    /// The part of the text shown for a span (an offset in this file), as
    /// miette's own reading of a string would give it: from the span's start
    /// (or the start of the line `before` lines above it) to the span's end
    /// (or the end of the line `after` lines below its last line). Found from
    /// the line starts, so a report with many labels reads each in time of
    /// its lines, not of the whole file. A span on a long line is shown in a
    /// window of that line alone; one that reaches across a long line, or is
    /// itself long, is not shown.
    fn shown(&self, span: &SourceSpan, before: usize, after: usize) -> Option<Shown> {
        let (offset, end) = (span.offset(), span.offset() + span.len());
        if end.saturating_sub(1) > self.text.len() || offset > self.text.len() {
            return None;
        }
        let end = end.min(self.text.len());
        let line = self.line_of(offset);
        let last = self.line_of(end);
        let (first, column) = if before == 0 {
            (line, offset - self.line_start(line))
        } else {
            (line.saturating_sub(before), 0)
        };
        let data_start = if before == 0 {
            offset
        } else {
            self.line_start(first)
        };
        let data_end = if after == 0 {
            end
        } else {
            self.line_start(last + after + 1)
        };
        let mut shown = Shown {
            start: data_start,
            end: data_end,
            line: first,
            column,
        };
        let last_shown = self.line_of(data_end.saturating_sub(1).max(data_start));
        if (first..=last_shown).any(|each| self.is_long(each)) {
            if line != self.line_of(end.saturating_sub(1).max(offset)) || span.len() > LONG_LINE {
                return None;
            }
            let margin = if before == 0 { 0 } else { WINDOW_MARGIN };
            shown = self.window(line, offset, end, margin);
        }
        Some(shown)
    }

    /// A window of a long line around the bytes `offset..end` on it, from
    /// `margin` bytes before them to [`WINDOW_MARGIN`] after.
    fn window(&self, line: usize, offset: usize, end: usize, margin: usize) -> Shown {
        let line_start = self.line_start(line);
        let line_end = self.line_start(line + 1).max(line_start);
        let line_end = self.text[line_start..line_end]
            .trim_end_matches(['\n', '\r'])
            .len()
            + line_start;
        let mut start = offset.saturating_sub(margin).max(line_start);
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let mut stop = (end + WINDOW_MARGIN).min(line_end).max(start);
        while !self.text.is_char_boundary(stop) {
            stop -= 1;
        }
        Shown {
            start,
            end: stop,
            line,
            column: start - line_start,
        }
    }
}

/// The part of a file shown for a span: its byte range, and the 0-based line
/// and byte column it starts at.
struct Shown {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

/// The combined text of a ruleset and its imports, by file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// A map of one file.
    pub fn single(name: &str, text: &str) -> SourceMap {
        let mut map = SourceMap::default();
        map.push(name, text);
        map
    }

    /// Appends a file after the others.
    pub fn push(&mut self, name: &str, text: &str) {
        let start = self.combined_len();
        self.segments.push(Segment::new(name, start, text));
    }

    /// The length of the combined text.
    pub fn combined_len(&self) -> usize {
        self.segments
            .last()
            .map_or(0, |segment| segment.start + segment.text.len())
    }

    /// The combined text: every file, one after the other.
    pub fn combined(&self) -> String {
        self.segments.iter().map(|segment| &*segment.text).collect()
    }

    /// The file, 1-based line and 1-based column (in characters) of an offset
    /// in the combined text.
    pub fn locate(&self, offset: usize) -> (String, usize, usize) {
        match self.segment_at(offset) {
            Some(segment) => {
                let (line, column) = indexed_line_column(
                    &segment.text,
                    &segment.line_starts,
                    offset - segment.start,
                );
                (segment.name.clone(), line, column)
            }
            None => (String::new(), 1, 1),
        }
    }

    /// An offset in the combined text as an offset in its own file.
    pub fn in_file(&self, offset: usize) -> usize {
        self.segment_at(offset)
            .map_or(offset, |segment| offset - segment.start)
    }

    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        self.segments
            .iter()
            .rev()
            .find(|segment| segment.start <= offset)
    }
}

impl SourceCode for SourceMap {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let segment = self
            .segment_at(span.offset())
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - segment.start).into(), span.len());
        let shown = segment
            .shown(&local, context_lines_before, context_lines_after)
            .ok_or(MietteError::OutOfBounds)?;
        // miette counts columns in bytes from the line's start; the first
        // line's starts after a byte-order mark.
        let bom = bom_len(&segment.text);
        let column = if shown.line == 0 && shown.column >= bom {
            shown.column - bom
        } else {
            shown.column
        };
        Ok(Box::new(MietteSpanContents::new_named(
            segment.name.clone(),
            &segment.text.as_bytes()[shown.start..shown.end],
            SourceSpan::new(
                (shown.start + segment.start).into(),
                shown.end - shown.start,
            ),
            shown.line,
            column,
            segment.line_of(shown.end),
        )))
    }
}

/// The 1-based line and character column of a byte offset, not counting a
/// byte-order mark at the start. An offset past the end (or inside a
/// character) is taken at the nearest character start before it.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    indexed_line_column(source, &line_starts(source), offset)
}

/// Where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(newline, _)| newline + 1))
        .collect()
}

/// [`line_column`] with the text's [`line_starts`] at hand: it reads only
/// the offset's own line.
fn indexed_line_column(source: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let line = line_starts.partition_point(|start| *start <= at);
    let line_start = match line {
        0 | 1 => bom_len(&source[..at]),
        _ => line_starts[line - 1],
    };
    let column = source[line_start..at].chars().count() + 1;
    (line.max(1), column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = "事实 {\n    满意度: %\n}";
        let at = source.find('%').expect("the percent sign");
        assert_eq!(line_column(source, at), (2, 10));
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, source.len() + 10), (3, 2));
        // Inside the three bytes of 事: the character's own column.
        assert_eq!(line_column(source, 1), (1, 1));
    }
}
