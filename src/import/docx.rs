//! A Word document's tables (`w:tbl` in `word/document.xml`), read over the
//! zip and XML crates already in the tree. A cell spanning columns
//! (`w:gridSpan`) is followed by blanks, and a cell continuing a vertical
//! merge (`w:vMerge` without `restart`) is blank, as calamine gives merged
//! cells; a cell's paragraphs are joined by new lines. Every table of the
//! document is read in order, one after the other, so a table broken across
//! pages comes in whole; paragraphs outside tables are notes.

use super::table::{Grid, Row};
use crate::batch::BatchError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read as _;
use std::path::Path;

/// The most bytes of document XML read: a large report is a few MiB.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the tables of the .docx at `path`.
pub fn read(path: &Path) -> Result<Grid, BatchError> {
    let corrupt = |reason: String| BatchError::Corrupt {
        path: path.display().to_string(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|error| BatchError::io(path, &error))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|error| corrupt(error.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|error| corrupt(error.to_string()))?
        .take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|error| corrupt(error.to_string()))?;
    let mut grid = parse(&xml).map_err(corrupt)?;
    grid.place = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    Ok(grid)
}

/// Where the reader is in the document.
#[derive(Default)]
struct State {
    grid: Grid,
    depth: usize,
    row: Option<Vec<String>>,
    cell: Option<String>,
    span: usize,
    continued: bool,
    paragraph: String,
    in_text: bool,
}

/// The tables and notes of a document's XML.
fn parse(xml: &str) -> Result<Grid, String> {
    let mut reader = Reader::from_str(xml);
    let mut state = State {
        grid: Grid {
            kind: "Word 文档".to_string(),
            ..Grid::default()
        },
        ..State::default()
    };
    loop {
        match reader.read_event().map_err(|error| error.to_string())? {
            Event::Start(tag) => state.open(&tag),
            Event::Empty(tag) => state.mark(&tag),
            Event::End(tag) => state.close(tag.local_name().as_ref()),
            Event::Text(text) if state.in_text => {
                let text = text.decode().map_err(|error| error.to_string())?;
                state.paragraph.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(state.grid)
}

/// The value of a tag's `w:val` attribute.
fn value(tag: &BytesStart) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == b"val")
        .map(|attribute| String::from_utf8_lossy(&attribute.value).into_owned())
}

impl State {
    fn open(&mut self, tag: &BytesStart) {
        match tag.local_name().as_ref() {
            b"tbl" => self.depth += 1,
            b"tr" if self.depth == 1 => self.row = Some(Vec::new()),
            b"tc" if self.depth == 1 => {
                self.cell = Some(String::new());
                self.span = 1;
                self.continued = false;
            }
            b"t" => self.in_text = true,
            _ => self.mark(tag),
        }
    }

    /// A property tag: a column span or a vertical merge.
    fn mark(&mut self, tag: &BytesStart) {
        match tag.local_name().as_ref() {
            b"gridSpan" => {
                let span = value(tag).and_then(|span| span.parse().ok()).unwrap_or(1);
                self.span = span.clamp(1, 64);
            }
            b"vMerge" => self.continued = value(tag).as_deref() != Some("restart"),
            b"br" | b"cr" => self.paragraph.push('\n'),
            b"tab" => self.paragraph.push(' '),
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"p" => self.end_paragraph(),
            b"tc" if self.depth == 1 => self.end_cell(),
            b"tr" if self.depth == 1 => {
                if let Some(cells) = self.row.take() {
                    let number = self.grid.rows.len() + 1;
                    self.grid.rows.push(Row { number, cells });
                }
            }
            b"tbl" => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        match self.cell.as_mut() {
            Some(cell) => {
                if !cell.is_empty() && !paragraph.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(&paragraph);
            }
            None if !paragraph.trim().is_empty() && self.depth == 0 => {
                self.grid.notes.push(paragraph.trim().to_string());
            }
            None => {}
        }
    }

    fn end_cell(&mut self) {
        let text = self.cell.take().unwrap_or_default();
        let text = if self.continued { String::new() } else { text };
        if let Some(row) = self.row.as_mut() {
            row.push(text);
            row.extend(std::iter::repeat_n(String::new(), self.span - 1));
        }
    }
}
