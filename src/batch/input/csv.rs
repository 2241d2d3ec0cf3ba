//! CSV input, streamed: UTF-8 (with or without a byte-order mark) or, as
//! Chinese Excel and WPS save it, GBK/GB18030 — decided from the first 64 KiB
//! and said in the source's kind. Every field is a text cell.

use super::{header_index, headings, RawRow, RowCells, Source, SourceRow};
use crate::batch::problem::BatchError;
use crate::score::cells::Cell;
use encoding_rs::{Decoder, GB18030};
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How much of the file decides its encoding.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Opens a CSV file: its encoding detected, its header found.
pub fn open(path: &Path, bytes: u64) -> Result<Source, BatchError> {
    let io = |error: std::io::Error| BatchError::io(path, &error);
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(io)?;
    let utf8 = is_utf8(&head);
    let position = Arc::new(AtomicU64::new(0));
    let counted = Counted {
        inner: std::fs::File::open(path).map_err(io)?,
        position: Arc::clone(&position),
    };
    let reader: Box<dyn Read + Send> = if utf8 {
        Box::new(BufReader::new(counted))
    } else {
        Box::new(Decoding::new(
            BufReader::new(counted),
            GB18030.new_decoder(),
        ))
    };
    let mut records = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader)
        .into_records();
    let file = path.display().to_string();
    let syntax = move |error: ::csv::Error| BatchError::Syntax {
        path: file.clone(),
        line: error
            .position()
            .map_or(0, |position| position.line() as usize),
        reason: error.to_string(),
    };
    let mut top = Vec::new();
    for record in records.by_ref() {
        top.push(cells(&record.map_err(&syntax)?));
        if header_index(&top).is_some() || top.len() >= super::HEADER_SEARCH_ROWS {
            break;
        }
    }
    let sheet = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().to_string());
    let Some(at) = header_index(&top) else {
        return Err(BatchError::NoHeader { sheet });
    };
    // A row is numbered as a spreadsheet shows it: by records, not by the
    // reader's line count, which a quoted line break moves on and a CRLF
    // file (what Excel saves) leaves one behind.
    let first_row = at + 2;
    let rows = records.enumerate().map(move |(offset, record)| {
        let record = record.map_err(&syntax)?;
        Ok(RawRow::Read(SourceRow {
            number: first_row + offset,
            cells: RowCells::Fields(record),
            extras: Vec::new(),
            notes: Vec::new(),
        }))
    });
    let kind = if utf8 {
        "CSV（UTF-8 编码）"
    } else {
        "CSV（GBK/GB18030 编码）"
    };
    Ok(Source {
        kind: kind.to_string(),
        sheet,
        header_row: at + 1,
        headers: headings(&top[at]),
        rows: Box::new(rows),
        row_count: None,
        bytes,
        position: Some(position),
        extras: Default::default(),
        extra_problems: Vec::new(),
    })
}

/// Whether the first bytes are UTF-8; a character cut off at the end of the
/// sample does not count against it.
fn is_utf8(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none() && head.len() as u64 == SNIFF_BYTES,
    }
}

fn cells(record: &::csv::StringRecord) -> Vec<Cell> {
    record
        .iter()
        .map(|field| {
            if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            }
        })
        .collect()
}

/// A reader that counts the bytes read from the file, for progress.
struct Counted {
    inner: std::fs::File,
    position: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.position.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// A reader that decodes another encoding to UTF-8 as it goes, in constant memory.
struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    start: usize,
    finished: bool,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, decoder: Decoder) -> Self {
        Decoding {
            inner,
            decoder,
            input: vec![0; 16 * 1024],
            output: Vec::with_capacity(64 * 1024),
            start: 0,
            finished: false,
        }
    }

    /// Decodes the next piece of input into `output`.
    fn refill(&mut self) -> std::io::Result<()> {
        let read = self.inner.read(&mut self.input)?;
        let last = read == 0;
        self.output.clear();
        self.start = 0;
        let needed = self
            .decoder
            .max_utf8_buffer_length(read)
            .unwrap_or(read * 4 + 16);
        self.output.resize(needed.max(16), 0);
        let (_, _, written, _) =
            self.decoder
                .decode_to_utf8(&self.input[..read], &mut self.output, last);
        self.output.truncate(written);
        self.finished = last;
        Ok(())
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.start == self.output.len() {
            if self.finished {
                return Ok(0);
            }
            self.refill()?;
        }
        let available = &self.output[self.start..];
        let count = available.len().min(buffer.len());
        buffer[..count].copy_from_slice(&available[..count]);
        self.start += count;
        Ok(count)
    }
}
