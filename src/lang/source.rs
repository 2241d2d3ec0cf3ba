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

    #[test]
    fn a_byte_order_mark_is_passed_over_on_the_first_line() {
        assert_eq!(bom_len("\u{FEFF}ab"), 3);
        assert_eq!(bom_len("ab"), 0);
        // After the mark's three bytes, b is the second character.
        assert_eq!(line_column("\u{FEFF}ab", 4), (1, 2));
    }

    #[test]
    fn invisible_characters_are_written_as_code_points() {
        assert_eq!(visible("a\u{200B}b"), "aU+200Bb");
        assert_eq!(visible("\u{FEFF}\u{202E}"), "U+FEFFU+202E");
        assert_eq!(visible("满意度"), "满意度");
    }

    /// A ruleset of two lines and a library of two, combined.
    fn two_files() -> SourceMap {
        let mut map = SourceMap::single("a.jx", "ab\ncd\n");
        map.push("b.jx", "x\nyz");
        map
    }

    #[test]
    fn the_combined_text_is_each_file_in_turn() {
        let map = two_files();
        assert_eq!(map.combined(), "ab\ncd\nx\nyz");
        // 6 bytes and 4.
        assert_eq!(map.combined_len(), 10);
        assert_eq!(SourceMap::default().combined_len(), 0);
    }

    #[test]
    fn offsets_are_located_in_their_own_file() {
        let map = two_files();
        // Offset 4 is d: a.jx line 2, column 2.
        assert_eq!(map.locate(4), ("a.jx".to_string(), 2, 2));
        // Offset 8 is y, 8 − 6 = 2 bytes into b.jx: line 2, column 1.
        assert_eq!(map.locate(8), ("b.jx".to_string(), 2, 1));
        assert_eq!(map.in_file(9), 3);
        assert_eq!(map.in_file(4), 4);
        assert_eq!(SourceMap::default().locate(0), (String::new(), 1, 1));
    }

    /// What miette is given for `len` bytes at `offset` with context lines:
    /// file, text, combined span, 0-based line and byte column, last line.
    type Read = (String, String, (usize, usize), usize, usize, usize);

    fn read(
        map: &SourceMap,
        offset: usize,
        len: usize,
        before: usize,
        after: usize,
    ) -> Option<Read> {
        let contents = map
            .read_span(&SourceSpan::new(offset.into(), len), before, after)
            .ok()?;
        let span = contents.span();
        Some((
            contents.name().unwrap_or_default().to_string(),
            String::from_utf8_lossy(contents.data()).into_owned(),
            (span.offset(), span.len()),
            contents.line(),
            contents.column(),
            contents.line_count(),
        ))
    }

    /// The expected [`Read`], in the same order.
    fn shown(
        name: &str,
        text: &str,
        span: (usize, usize),
        line: usize,
        column: usize,
        last: usize,
    ) -> Option<Read> {
        Some((name.into(), text.into(), span, line, column, last))
    }

    #[test]
    fn spans_are_read_in_their_own_file_with_context() {
        let map = two_files();
        // y alone: b.jx's line 1 (0-based) starts at its byte 2.
        assert_eq!(read(&map, 8, 1, 0, 0), shown("b.jx", "y", (8, 1), 1, 0, 1));
        // z with a line either side: all of b.jx, from its line 0.
        assert_eq!(
            read(&map, 9, 1, 1, 1),
            shown("b.jx", "x\nyz", (6, 4), 0, 0, 1)
        );
        // c with the line above: a.jx from its start to c.
        assert_eq!(
            read(&map, 3, 1, 1, 0),
            shown("a.jx", "ab\nc", (0, 4), 0, 0, 1)
        );
        // a with the line below: lines 0 and 1 of a.jx, up to line 2's start.
        let both_lines = shown("a.jx", "ab\ncd\n", (0, 6), 0, 0, 2);
        assert_eq!(read(&map, 0, 1, 0, 1), both_lines);
    }

    #[test]
    fn spans_past_a_file_are_out_of_bounds() {
        let map = two_files();
        // An empty span at b.jx's end (local 4 of 4 bytes) is shown.
        assert_eq!(read(&map, 10, 0, 0, 0), shown("b.jx", "", (10, 0), 1, 2, 1));
        // Ending one byte past the end is allowed (local 3..5), …
        assert_eq!(read(&map, 9, 2, 0, 0), shown("b.jx", "z", (9, 1), 1, 1, 1));
        // … two is not (local 3..6), nor starting past the end (local 5).
        assert_eq!(read(&map, 9, 3, 0, 0), None);
        assert_eq!(read(&map, 11, 0, 0, 0), None);
    }

    #[test]
    fn columns_on_the_first_line_do_not_count_a_byte_order_mark() {
        // Bytes: mark 0..3, abcdef 3..9, newline 9, xyzw 10..14.
        let map = SourceMap::single("bom.jx", "\u{FEFF}abcdef\nxyzw");
        // f at byte 8 is at byte column 8 − 3 = 5 after the mark.
        assert_eq!(
            read(&map, 8, 1, 0, 0),
            shown("bom.jx", "f", (8, 1), 0, 5, 0)
        );
        // w at byte 13 is column 3 of line 1, which has no mark.
        assert_eq!(
            read(&map, 13, 1, 0, 0),
            shown("bom.jx", "w", (13, 1), 1, 3, 1)
        );
    }

    #[test]
    fn a_line_of_more_than_4096_bytes_is_long() {
        // Line 0 has 4095 + 1 = 4096 bytes, line 1 has 4096 + 1 = 4097.
        let text = format!("{}\n{}\n", "a".repeat(4095), "b".repeat(4096));
        let segment = Segment::new("long.jx", 0, &text);
        assert!(!segment.is_long(0));
        assert!(segment.is_long(1));
        // Line 2 is empty, at the text's end.
        assert!(!segment.is_long(2));
        assert_eq!(segment.line_of(4095), 0);
        assert_eq!(segment.line_of(4096), 1);
        assert_eq!(segment.line_start(1), 4096);
        assert_eq!(segment.line_start(3), text.len());
    }

    /// `head`, a line of 5000 a's at bytes 5..5005 (its newline at 5005),
    /// and `tail` at 5006..5010.
    fn long_line() -> SourceMap {
        SourceMap::single("long.jx", &format!("head\n{}\ntail", "a".repeat(5000)))
    }

    #[test]
    fn a_span_on_a_long_line_is_shown_in_a_window() {
        let map = long_line();
        let a = |count: usize| "a".repeat(count);
        // 3005..3008 without context: from the span to 120 bytes past its
        // end, 3128; column 3005 − 5 = 3000.
        let window = shown("long.jx", &a(123), (3005, 123), 1, 3000, 1);
        assert_eq!(read(&map, 3005, 3, 0, 0), window);
        // With context: from 120 bytes before, 2885 (column 2880).
        let wider = shown("long.jx", &a(243), (2885, 243), 1, 2880, 1);
        assert_eq!(read(&map, 3005, 3, 1, 1), wider);
        // Near the line's start the window starts with the line (byte 5),
        // and ends at 56 + 120 = 176.
        let start = shown("long.jx", &a(171), (5, 171), 1, 0, 1);
        assert_eq!(read(&map, 55, 1, 1, 0), start);
        // Near its end it stops before the newline at 5005.
        let end = shown("long.jx", &a(5), (5000, 5), 1, 4995, 1);
        assert_eq!(read(&map, 5000, 1, 0, 0), end);
    }

    #[test]
    fn spans_across_or_longer_than_a_long_line_are_not_shown() {
        let map = long_line();
        // From head (byte 3) into the long line.
        assert_eq!(read(&map, 3, 10, 0, 0), None);
        // 4097 bytes of it is too long a span; 4096 is shown, up to
        // 4101 + 120 = 4221.
        assert_eq!(read(&map, 5, 4097, 0, 0), None);
        let most = shown("long.jx", &"a".repeat(4216), (5, 4216), 1, 0, 1);
        assert_eq!(read(&map, 5, 4096, 0, 0), most);
    }

    #[test]
    fn a_window_starts_and_ends_between_characters() {
        // 事 (3 bytes) at 5 + 3i for i < 1000, a at 3005, 事 at 3006 + 3j.
        let line = format!("{}a{}", "事".repeat(1000), "事".repeat(1000));
        let map = SourceMap::single("wide.jx", &format!("head\n{line}\ntail"));
        let shown_as = |before: usize, after: usize, start: usize| {
            let text = format!("{}a{}", "事".repeat(before), "事".repeat(after));
            shown("wide.jx", &text, (start, text.len()), 1, start - 5, 1)
        };
        // The 事 at 3036 (j = 10): 3036 − 120 = 2916 is inside a character
        // (2916 − 5 = 3 × 970 + 1), so the window starts at the next, 2918;
        // it ends at 3039 + 120 = 3159 = 3006 + 3 × 51.
        assert_eq!(read(&map, 3036, 3, 1, 0), shown_as(29, 51, 2918));
        // The 事 at 2975 (i = 990): from 2975 − 120 = 2855 to 2978 + 120 =
        // 3098, inside a character (3098 − 3006 = 3 × 30 + 2): back to 3096.
        assert_eq!(read(&map, 2975, 3, 1, 0), shown_as(50, 30, 2855));
    }
}
