//! JSON Lines input, streamed: one object per line, keyed by fact names plus
//! 项目名称 (and 单位, 项目编码), with optional `酌情` and `报告` tables as in a
//! facts file. Values follow the facts files' rules. The header is the first
//! object's keys; a key first seen later is read for nothing and reported once.
//!
//! Parsing a line is most of a row's work, so the reader only splits the
//! file into lines ([`RawRow::JsonLine`]) and each worker parses its own with
//! the shared [`LineParser`], giving each value to its [`RowReader`] as it
//! reaches it; a line that is not a JSON object is that row's problem, and
//! the other rows are still scored.

use super::{ParseLine, RawRow, RowCells, Source, SourceRow};
use crate::batch::problem::{BatchError, Problem};
use crate::score::cells::{Cell, CellRef, NumberFormat};
use crate::score::facts::from_json;
use crate::score::json::Unique;
use crate::score::row_reader::RowReader;
use crate::score::values::{is_project_table, RawValue};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

/// The longest line read: far above any project's facts.
const MAX_LINE_BYTES: u64 = 1024 * 1024;

/// Opens a JSON Lines file; its header is its first object's keys.
pub fn open(path: &Path, bytes: u64) -> Result<Source, BatchError> {
    let file = std::fs::File::open(path).map_err(|error| BatchError::io(path, &error))?;
    let mut lines = Lines {
        reader: BufReader::new(file),
        path: path.display().to_string(),
        line: 0,
        longest: 0,
    };
    let Some((first_line, text)) = lines.next_line()? else {
        return Err(BatchError::NoHeader {
            sheet: lines.path.clone(),
        });
    };
    let text = utf8(&text).map_err(|reason| lines.error(reason))?;
    let first = object(text).map_err(|reason| lines.error(reason))?;
    let headers: Vec<String> = first
        .keys()
        .filter(|key| !is_project_table(key))
        .cloned()
        .collect();
    let index: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(at, key)| (key.clone(), at))
        .collect();
    let sheet = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().to_string());
    let parser = Arc::new(LineParser {
        next: successors(text, &index),
        index,
        headers: headers.clone(),
        reported: Mutex::new(HashSet::new()),
        sheet: sheet.clone(),
        path: lines.path.clone(),
    });
    let first_row = Ok(RawRow::Read(parser.row(first_line, first)));
    let rest = std::iter::from_fn(move || match lines.next_line() {
        Ok(Some((number, text))) => Some(Ok(RawRow::JsonLine {
            number,
            text,
            parser: Arc::clone(&parser) as Arc<dyn ParseLine>,
        })),
        Ok(None) => None,
        Err(error) => Some(Err(error)),
    });
    Ok(Source {
        kind: "JSON Lines".to_string(),
        sheet,
        header_row: 0,
        headers,
        rows: Box::new(std::iter::once(first_row).chain(rest)),
        row_count: None,
        bytes,
        position: None,
        extras: HashMap::new(),
        extra_problems: Vec::new(),
    })
}

/// Where each column's key stands in the first line, which later lines
/// are expected to follow: the column of its first key at 0, the column
/// after column `at` at `at + 1`. (The header itself is in the keys'
/// sorted order, as serde_json's map keeps them.)
fn successors(first: &str, index: &HashMap<String, usize>) -> Vec<Option<usize>> {
    let mut next = vec![None; index.len() + 1];
    let KeyOrder(keys) = serde_json::from_str(first).unwrap_or(KeyOrder(Vec::new()));
    let mut after = 0;
    for key in keys {
        if let Some(&at) = index.get(&key) {
            next[after] = Some(at);
            after = at + 1;
        }
    }
    next
}

/// An object's keys in the order written.
struct KeyOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for KeyOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(KeyOrderVisitor)
    }
}

struct KeyOrderVisitor;

impl<'de> Visitor<'de> for KeyOrderVisitor {
    type Value = KeyOrder;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyOrder, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(KeyOrder(keys))
    }
}

/// The file's non-blank lines.
struct Lines {
    reader: BufReader<std::fs::File>,
    path: String,
    line: usize,
    /// The longest line so far: a line's buffer is allocated once, whole.
    longest: usize,
}

impl Lines {
    /// The next non-blank line, trimmed, and its number; `None` at the end.
    /// The line is checked to be UTF-8 here, so that a file in another
    /// encoding stops the run, but handed over as bytes: copying it into a
    /// `String` would check it a second time with `std`'s slower check.
    fn next_line(&mut self) -> Result<Option<(usize, Vec<u8>)>, BatchError> {
        loop {
            let mut bytes = Vec::with_capacity(self.longest);
            self.line += 1;
            let read = (&mut self.reader)
                .take(MAX_LINE_BYTES + 1)
                .read_until(b'\n', &mut bytes)
                .map_err(|error| self.error(crate::files::io_reason(&error)))?;
            if read == 0 {
                return Ok(None);
            }
            if read as u64 > MAX_LINE_BYTES {
                return Err(self.error(format!("一行超过 {} KiB", MAX_LINE_BYTES / 1024)));
            }
            self.longest = self.longest.max(read);
            let text = utf8(&bytes).map_err(|reason| self.error(reason))?;
            let trimmed = text.trim().trim_start_matches('\u{feff}');
            if !trimmed.is_empty() {
                let start = trimmed.as_ptr() as usize - text.as_ptr() as usize;
                bytes.truncate(start + trimmed.len());
                bytes.drain(..start);
                return Ok(Some((self.line, bytes)));
            }
        }
    }

    fn error(&self, reason: String) -> BatchError {
        syntax(&self.path, self.line, reason)
    }
}

/// A line as text, or why it is not.
fn utf8(text: &[u8]) -> Result<&str, String> {
    simdutf8::basic::from_utf8(text).map_err(|_| {
        crate::files::io_reason(&std::io::Error::from(std::io::ErrorKind::InvalidData))
    })
}

/// A line read whole as a JSON object, or why it is not one.
fn object(text: &str) -> Result<Map<String, Value>, String> {
    match crate::score::json::from_str(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("每行应是一个 JSON 对象".to_string()),
        Err(error) => Err(error.to_string()),
    }
}

/// A line of the file that cannot be read as an object.
fn syntax(path: &str, line: usize, reason: String) -> BatchError {
    BatchError::Syntax {
        path: path.to_string(),
        line,
        reason,
    }
}

/// Turns lines into rows, their values given to a [`RowReader`] in the
/// header's columns; shared by the workers, each parsing the lines it scores.
struct LineParser {
    index: HashMap<String, usize>,
    /// The columns in the first line's order ([`successors`]).
    next: Vec<Option<usize>>,
    /// The first object's keys, which later lines are expected to repeat
    /// in the same order.
    headers: Vec<String>,
    /// Keys not in the header that a note has been given for. With several
    /// workers the note goes to the first line parsed with the key, one of
    /// the first lines that have it.
    reported: Mutex<HashSet<String>>,
    sheet: String,
    path: String,
}

impl ParseLine for LineParser {
    /// A line after the first: an object's values are given to `reader`
    /// as they are parsed, its keys never copied; anything else is read the
    /// whole way, which reports it.
    fn parse(
        &self,
        line: usize,
        text: &[u8],
        reader: &mut RowReader,
    ) -> Result<SourceRow, BatchError> {
        let text = utf8(text).map_err(|reason| syntax(&self.path, line, reason))?;
        if !text.starts_with('{') {
            let object = object(text).map_err(|reason| syntax(&self.path, line, reason))?;
            let row = self.row(line, object);
            reader.cells(&row.cells);
            return Ok(row);
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let read = Fields {
            index: &self.index,
            next: &self.next,
            headers: &self.headers,
            reader,
        }
        .deserialize(&mut deserializer)
        .and_then(|fields| deserializer.end().map(|()| fields));
        match read {
            Ok(fields) => Ok(self.with_notes(line, RowCells::InReader, fields)),
            Err(error) => Err(syntax(&self.path, line, error.to_string())),
        }
    }
}

impl LineParser {
    /// The row of a line read whole (the first), its cells kept.
    fn row(&self, line: usize, object: Map<String, Value>) -> SourceRow {
        let mut cells = vec![Cell::Empty; self.headers.len()];
        let mut fields = LineFields {
            extras: Vec::new(),
            unknown: Vec::new(),
        };
        for (key, value) in object {
            if is_project_table(&key) {
                fields.extras.push((key, from_json(value)));
            } else if let Some(&at) = self.index.get(&key) {
                cells[at] = cell(value);
            } else {
                fields.unknown.push(key);
            }
        }
        self.with_notes(line, RowCells::Cells(cells), fields)
    }

    /// The row of a line's fields, with a note for each key first seen here.
    fn with_notes(&self, line: usize, cells: RowCells, fields: LineFields) -> SourceRow {
        let mut notes = Vec::new();
        if !fields.unknown.is_empty() {
            let mut reported = self.reported.lock().unwrap_or_else(PoisonError::into_inner);
            notes.extend(
                fields
                    .unknown
                    .into_iter()
                    .filter(|key| reported.insert(key.clone()))
                    .map(|key| self.unknown_key(line, key)),
            );
        }
        SourceRow {
            number: line,
            cells,
            extras: fields.extras,
            notes,
        }
    }

    /// The note for a key the header does not have.
    fn unknown_key(&self, line: usize, key: String) -> Problem {
        Problem {
            sheet: self.sheet.clone(),
            row: line,
            column: key,
            value: String::new(),
            code: "jixiao::batch::unknown_column".to_string(),
            message: "这个键不在第一行的对象中，未读取".to_string(),
            help: "每行对象的键应与第一行相同".to_string(),
        }
    }
}

/// What a line gives besides its cells: the 酌情 and 报告 tables, and the
/// keys the header does not have — both in key order, as a whole object
/// gives them.
struct LineFields {
    extras: Vec<(String, RawValue)>,
    unknown: Vec<String>,
}

/// Gives an object's values straight to the reader in the header's
/// columns, refusing a repeated key as [`crate::score::json::from_str`] does.
struct Fields<'a, 'r, 'c> {
    index: &'a HashMap<String, usize>,
    next: &'a [Option<usize>],
    headers: &'a [String],
    reader: &'r mut RowReader<'c>,
}

impl Fields<'_, '_, '_> {
    /// The header's column of `key`, read after `after` (0 at the start,
    /// `at + 1` after column `at`). Lines written by one program repeat the
    /// first line's keys in its order, so the column that followed there is
    /// tried first: a comparison instead of hashing the key.
    fn column(&self, key: &str, after: usize) -> Option<usize> {
        match self.next[after] {
            Some(guess) if self.headers[guess] == key => Some(guess),
            _ => self.index.get(key).copied(),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Fields<'_, '_, '_> {
    type Value = LineFields;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<LineFields, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_, '_, '_> {
    type Value = LineFields;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LineFields, A::Error> {
        let mut read = LineFields {
            extras: Vec::new(),
            unknown: Vec::new(),
        };
        let mut after = 0;
        while let Some(Key(key)) = map.next_key()? {
            let at = self.column(&key, after);
            let repeated = match at {
                Some(at) => self.reader.is_given(at),
                None => {
                    read.unknown.iter().any(|known| *known == key)
                        || read.extras.iter().any(|(known, _)| *known == key)
                }
            };
            if repeated {
                return Err(serde::de::Error::custom(format_args!(
                    "键「{key}」重复出现"
                )));
            }
            match at {
                Some(at) => {
                    map.next_value_seed(CellSeed {
                        reader: self.reader,
                        at,
                    })?;
                    after = at + 1;
                }
                None => {
                    let Unique(value) = map.next_value()?;
                    if is_project_table(&key) {
                        read.extras.push((key.into_owned(), from_json(value)));
                    } else {
                        read.unknown.push(key.into_owned());
                    }
                }
            }
        }
        read.extras.sort_by(|a, b| a.0.cmp(&b.0));
        read.unknown.sort();
        Ok(read)
    }
}

/// An object's key, borrowed from the line unless it has escapes (serde's
/// own `Cow<str>` always copies).
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }
}

/// A JSON value given to the reader as column `at`'s cell, borrowed from
/// the line, with no JSON tree in between; a number means what it means in
/// a facts file.
struct CellSeed<'r, 'c> {
    reader: &'r mut RowReader<'c>,
    at: usize,
}

impl CellSeed<'_, '_> {
    fn give(self, cell: CellRef) {
        self.reader.cell(self.at, cell);
    }
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a fact's value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.give(CellRef::Empty);
        Ok(())
    }

    fn visit_bool<E>(self, value: bool) -> Result<(), E> {
        self.give(CellRef::Bool(value));
        Ok(())
    }

    // Integers as serde_json's `Number::as_f64` gives them.
    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        self.give(CellRef::Number(value as f64, NumberFormat::FactsFile));
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        self.give(CellRef::Number(value as f64, NumberFormat::FactsFile));
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        self.give(CellRef::Number(value, NumberFormat::FactsFile));
        Ok(())
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        self.give(CellRef::Text(value));
        Ok(())
    }

    // A list or table where a fact's value belongs is read whole (refusing
    // repeated keys inside it), to be reported as written.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let Unique(value) = Unique::deserialize(SeqAccessDeserializer::new(seq))?;
        self.give(cell(value).as_ref());
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let Unique(value) = Unique::deserialize(MapAccessDeserializer::new(map))?;
        self.give(cell(value).as_ref());
        Ok(())
    }
}

/// A JSON value as a cell; a number means what it means in a facts file.
fn cell(value: Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(value) => Cell::Bool(value),
        Value::Number(number) => match number.as_f64() {
            Some(number) => Cell::Number(number, NumberFormat::FactsFile),
            None => Cell::Text(number.to_string()),
        },
        Value::String(text) => Cell::Text(text),
        other => Cell::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::open;
    use crate::batch::problem::BatchError;
    use crate::score::cells::Columns;
    use crate::score::row_reader::RowReader;
    use rust_decimal::Decimal;

    const RULES: &str = r#"
体系 "示例" {
    满分 2
    保留 2 位小数，四舍五入
}
事实 { 数量: 家  比例: %  完成: 是否 }
一级 管理（2分）{ 二级 任务（2分）{
    指标 比例达标（1分）{ 评分 { 比例 >= 80% 得满分；否则 得0分 } }
    指标 数量达标（1分）{ 评分 { 数量 >= 3家 得满分；否则 得0分 } }
} }
"#;

    /// Each line's project name and fact values as read, or the line's error.
    type Read = Result<(String, Vec<Option<Decimal>>), BatchError>;

    fn rows(text: &str) -> Vec<Read> {
        let compiled = crate::build("示例.jx", RULES).compiled.expect("valid");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("行.jsonl");
        std::fs::write(&path, text).unwrap();
        let source = open(&path, text.len() as u64).unwrap();
        let (columns, problems) = Columns::resolve(&source.headers, &compiled);
        assert!(problems.is_empty(), "{problems:?}");
        let mut reader = RowReader::new(&columns, &compiled);
        source
            .rows
            .map(|row| {
                row.and_then(|row| row.read_into(&mut reader))?;
                let read = reader.finish().expect("not blank").expect("valid");
                Ok((read.name, read.facts.values))
            })
            .collect()
    }

    #[test]
    fn lines_in_another_order_read_the_same_and_repeated_keys_are_refused() {
        let first = r#"{"项目名称": "甲", "数量": 3, "比例": "85%", "完成": true}"#;
        let reordered =
            r#"{"完成": true, "比例": "85%", "新键": [1], "数量": 3.0, "项目名称": "甲"}"#;
        let escaped = r#"{"项目\u540d称": "甲", "数量": 3, "比例": "85%", "完成": true}"#;
        let repeated = r#"{"项目名称": "甲", "数量": 3, "数量": 4}"#;
        let text = format!("{first}\n{reordered}\n \u{3000}\n{escaped}\n{repeated}\n");
        let rows = rows(&text);
        assert_eq!(rows.len(), 4, "the blank line is no row");
        // 数量 3 家; 比例 85% = 0.85; 完成 true = 1.
        let expected = (
            "甲".to_string(),
            vec![
                Some(Decimal::from(3)),
                Some(Decimal::new(85, 2)),
                Some(Decimal::ONE),
            ],
        );
        for row in &rows[..3] {
            assert_eq!(row.as_ref().unwrap(), &expected);
        }
        assert!(
            matches!(&rows[3], Err(BatchError::Syntax { line: 5, reason, .. })
                if reason.contains("键「数量」重复出现")),
            "{:?}",
            rows[3]
        );
    }
}
