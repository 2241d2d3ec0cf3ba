//! Source texts for diagnostics: a ruleset and the libraries it imports make
//! one combined text (library after ruleset), and every span is an offset in
//! that text; [`SourceMap`] shows each span in its own file, with that file's
//! name and line numbers.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// One file's part of the combined text.
#[derive(Debug, Clone)]
struct Segment {
    name: String,
    start: usize,
    text: Arc<str>,
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
                let (line, column) = line_column(&segment.text, offset - segment.start);
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
        let shown = SourceSpan::new(
            (contents.span().offset() + segment.start).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            segment.name.clone(),
            contents.data(),
            shown,
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// The 1-based line and character column of a byte offset. An offset past
/// the end (or inside a character) is taken at the nearest character start
/// before it.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
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
