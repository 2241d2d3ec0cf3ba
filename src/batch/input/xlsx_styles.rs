//! What calamine does not say about an xlsx sheet: which cells are
//! percent-formatted (their 0.85 is 85%) and which hold a formula with no
//! saved result. Read from the package's XML: the sheet's file (through
//! `workbook.xml` and its relationships), the cell formats of `styles.xml`,
//! and each cell's style index and formula.

use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The most bytes read from one part of the package: a guard against a
/// compressed part that unpacks without end.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;

/// Cells (row, column, from 0) of one sheet with a format calamine drops.
#[derive(Debug, Clone, Default)]
pub struct SheetMarks {
    /// Percent-formatted cells.
    pub percent: HashSet<(u32, u32)>,
    /// Formula cells without a saved value.
    pub uncached: HashSet<(u32, u32)>,
}

/// The marks of the sheet named `sheet`; `None` if the package cannot be read
/// this way (calamine has read it, so its values are still used).
pub fn read(path: &Path, sheet: &str) -> Option<SheetMarks> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let target = sheet_part(&mut archive, sheet)?;
    let percent_styles = percent_styles(&mut archive).unwrap_or_default();
    let part = archive.by_name(&target).ok()?;
    cells(BufReader::new(part.take(MAX_PART_BYTES)), &percent_styles)
}

type Archive = zip::ZipArchive<BufReader<std::fs::File>>;

/// The attribute `name` of an element, unescaped.
fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == name)
        .map(|attribute| {
            let raw = String::from_utf8_lossy(&attribute.value);
            quick_xml::escape::unescape(&raw)
                .map_or_else(|_| raw.to_string(), |text| text.into_owned())
        })
}

/// Calls `visit` for each start or empty element of a part.
fn each_element(
    archive: &mut Archive,
    part: &str,
    mut visit: impl FnMut(&BytesStart),
) -> Option<()> {
    let file = archive.by_name(part).ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file.take(MAX_PART_BYTES)));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(element) | Event::Empty(element) => visit(&element),
            Event::Eof => return Some(()),
            _ => {}
        }
        buffer.clear();
    }
}

/// The package path of the sheet named `sheet`.
fn sheet_part(archive: &mut Archive, sheet: &str) -> Option<String> {
    let mut relation = None;
    each_element(archive, "xl/workbook.xml", |element| {
        if element.local_name().as_ref() == b"sheet"
            && attribute(element, b"name").as_deref() == Some(sheet)
        {
            relation = attribute(element, b"r:id");
        }
    })?;
    let relation = relation?;
    let mut target = None;
    each_element(archive, "xl/_rels/workbook.xml.rels", |element| {
        if attribute(element, b"Id").as_deref() == Some(relation.as_str()) {
            target = attribute(element, b"Target");
        }
    })?;
    let target = target?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// The indexes of the cell formats (`cellXfs`) that show numbers as percents.
fn percent_styles(archive: &mut Archive) -> Option<HashSet<usize>> {
    // Built-in formats 9 (0%) and 10 (0.00%); custom ones by their code.
    let mut percent_formats: HashSet<String> = ["9", "10"].map(String::from).into();
    let mut styles = HashSet::new();
    let (mut in_cell_formats, mut index) = (false, 0);
    let mut custom: HashMap<String, String> = HashMap::new();
    each_element(archive, "xl/styles.xml", |element| {
        match element.local_name().as_ref() {
            b"numFmt" => {
                if let (Some(id), Some(code)) = (
                    attribute(element, b"numFmtId"),
                    attribute(element, b"formatCode"),
                ) {
                    custom.insert(id, code);
                }
            }
            b"cellXfs" => in_cell_formats = true,
            b"cellStyleXfs" | b"cellStyles" | b"dxfs" => in_cell_formats = false,
            b"xf" if in_cell_formats => {
                let format = attribute(element, b"numFmtId").unwrap_or_default();
                if custom.get(&format).is_some_and(|code| shows_percent(code)) {
                    percent_formats.insert(format.clone());
                }
                if percent_formats.contains(&format) {
                    styles.insert(index);
                }
                index += 1;
            }
            _ => {}
        }
    })?;
    Some(styles)
}

/// Whether a number format code shows a percent: a `%` outside quotes and
/// escapes, in its first (positive) section.
fn shows_percent(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Reads a sheet part's cells: their style index and whether a formula has a value.
fn cells(reader: impl BufRead, percent_styles: &HashSet<usize>) -> Option<SheetMarks> {
    let mut reader = quick_xml::Reader::from_reader(reader);
    let mut buffer = Vec::new();
    let mut marks = SheetMarks::default();
    // The cell being read: its place, whether it has a formula and a value.
    let mut current: Option<((u32, u32), bool, bool)> = None;
    loop {
        let event = reader.read_event_into(&mut buffer).ok()?;
        match &event {
            Event::Start(element) | Event::Empty(element) => match element.local_name().as_ref() {
                b"c" => {
                    let at = attribute(element, b"r").and_then(|r| place(&r))?;
                    let style = attribute(element, b"s").and_then(|s| s.parse::<usize>().ok());
                    if style.is_some_and(|style| percent_styles.contains(&style)) {
                        marks.percent.insert(at);
                    }
                    current = matches!(event, Event::Start(_)).then_some((at, false, false));
                }
                b"f" => current = current.map(|(at, _, value)| (at, true, value)),
                b"v" | b"is" => current = current.map(|(at, formula, _)| (at, formula, true)),
                _ => {}
            },
            Event::End(element) if element.local_name().as_ref() == b"c" => {
                if let Some((at, true, false)) = current.take() {
                    marks.uncached.insert(at);
                }
            }
            Event::Eof => return Some(marks),
            _ => {}
        }
        buffer.clear();
    }
}

/// A cell reference (`B12`) as (row, column) from 0.
fn place(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    let column = letters.bytes().try_fold(0u32, |column, letter| {
        letter
            .is_ascii_uppercase()
            .then(|| column * 26 + u32::from(letter - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_count_from_zero() {
        assert_eq!(place("A1"), Some((0, 0)));
        assert_eq!(place("B12"), Some((11, 1)));
        // AA = 26 × 1 + 1 = 27th column, index 26.
        assert_eq!(place("AA3"), Some((2, 26)));
        assert_eq!(place("12"), None);
    }

    #[test]
    fn percent_codes_are_told_from_quoted_percent_signs() {
        assert!(shows_percent("0.0%"));
        assert!(!shows_percent("0.00\"%\""));
        assert!(!shows_percent("0.00\\%"));
        assert!(!shows_percent("#,##0.00;[Red]0%"));
    }
}
