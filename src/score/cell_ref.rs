//! A spreadsheet cell borrowed from wherever its reader keeps it, and a row
//! of them: what `cells::Columns::read_row` reads, so that a CSV record's
//! fields are read in place rather than copied into cells.

/// How a number cell is formatted, which decides what it means in a `%` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    /// General or a plain number format: in a `%` column, 0 < |x| ≤ 1 is
    /// ambiguous (85% or 0.85%?) and refused, a larger number is in percent.
    General,
    /// A percent format: the cell holds the fraction (0.85 shows as 85%).
    Percent,
    /// As a facts file means it (JSON Lines): a plain number is in percent.
    FactsFile,
}

/// A spreadsheet cell borrowed from wherever a reader keeps it (a CSV record's
/// fields are read in place, not copied into cells).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// Nothing written.
    Empty,
    /// A number, with how the sheet formats it.
    Number(f64, NumberFormat),
    /// Text.
    Text(&'a str),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell, as a day number.
    Date(i32),
    /// A formula whose result the file does not store.
    UncachedFormula,
    /// A spreadsheet error value.
    Error(&'a str),
}

impl<'a> CellRef<'a> {
    /// A CSV field: text, or nothing when empty.
    pub fn field(text: &'a str) -> CellRef<'a> {
        if text.is_empty() {
            CellRef::Empty
        } else {
            CellRef::Text(text)
        }
    }
}

/// A row of cells as a reader holds it.
pub trait CellRow {
    /// How many cells the row has.
    fn width(&self) -> usize;
    /// The cell in column `index` (from 0).
    fn cell(&self, index: usize) -> CellRef<'_>;
    /// The cell in column `index`, empty past the row's end.
    fn get(&self, index: usize) -> CellRef<'_> {
        if index < self.width() {
            self.cell(index)
        } else {
            CellRef::Empty
        }
    }
}
