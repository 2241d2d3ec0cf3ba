//! Source lines cut into pieces of code, string and comment, and the
//! display width of text.

/// What a stretch of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Code,
    /// A string literal, which may run over several lines.
    Text,
    Comment,
}

/// A stretch of a line, by byte range.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Cuts the source into lines of pieces; line breaks inside strings do not
/// count, and a comment runs from `#` or `//` to the end of its line.
pub(super) fn split_lines(source: &str, strings: &[(usize, usize)]) -> Vec<Vec<Piece>> {
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

pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

pub(super) fn slice<'a>(source: &'a str, piece: &Piece) -> &'a str {
    source.get(piece.start..piece.end).unwrap_or("")
}

/// Display width in terminal columns: CJK and full-width characters take two.
pub(super) fn width(text: &str) -> usize {
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
