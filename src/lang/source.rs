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

/// One file's part of the combined text.
#[derive(Debug, Clone)]
struct Segment {
    name: String,
    start: usize,
    text: Arc<str>,
    /// Where each of the text's lines starts, so that an offset's line is
    /// found without reading the text before it.
    line_starts: Arc<[usize]>,
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
        self.segments.push(Segment {
            name: name.to_string(),
            start,
            text: Arc::from(text),
            line_starts: line_starts(text).into(),
        });
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
        let contents = segment
            .text
            .read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts columns in bytes from the line's start; the first
        // line's starts after a byte-order mark.
        let bom = bom_len(&segment.text);
        let column = if contents.line() == 0 && contents.column() >= bom {
            contents.column() - bom
        } else {
            contents.column()
        };
        let shown = SourceSpan::new(
            (contents.span().offset() + segment.start).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            segment.name.clone(),
            contents.data(),
            shown,
            contents.line(),
            column,
            contents.line_count(),
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
