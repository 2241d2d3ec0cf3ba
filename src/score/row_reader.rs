//! One table row read into a project's fact slots cell by cell, in whatever
//! order its reader meets the cells: a spreadsheet or CSV row left to right,
//! a JSON line key by key as its parser reaches each value, with no row of
//! cells built in between. Each cell goes through the rules of [`super::cells`]
//! (units, percent ambiguity, written forms), so every input kind reads a
//! cell the same way, and the row's problems come out in column order
//! whatever order the cells came in.

use super::cell_ref::{CellRef, CellRow};
use super::cells::{fact_value, is_blank, shown_ref, CellError, CellProblem, Column, Columns};
use super::facts::FactValues;
use crate::lang::compile::Compiled;

/// One row's project: its name, department, code and facts.
#[derive(Debug, Clone, Default)]
pub struct RowFacts {
    /// 项目名称.
    pub name: String,
    /// 单位, if given.
    pub unit: Option<String>,
    /// 项目编码, if given.
    pub code: Option<String>,
    /// The facts.
    pub facts: FactValues,
    /// Blank cells of facts the rules read, by slot: a blank is a problem
    /// only if an indicator that applies to the project reads it, which
    /// the project's 不适用 table, read after the cells, decides.
    pub blanks: Vec<(usize, CellProblem)>,
}

/// A row that cannot be scored: its project's name as written (empty if
/// none) and every bad cell.
#[derive(Debug, Clone)]
pub struct UnreadRow {
    /// 项目名称, as written.
    pub name: String,
    /// The bad cells, in column order.
    pub problems: Vec<CellProblem>,
}

/// A bad cell found while reading: its column (from 0), and the fact slot
/// when the cell is blank (a blank may yet be no problem).
struct Found {
    index: usize,
    blank_slot: Option<usize>,
    problem: CellProblem,
}

/// Reads rows of one table into fact slots; kept across rows, so that a
/// row's bookkeeping is not allocated again for each.
pub struct RowReader<'a> {
    columns: &'a Columns,
    compiled: &'a Compiled,
    /// The row being read.
    row: RowFacts,
    /// Which columns the row has given so far.
    given: Vec<bool>,
    found: Vec<Found>,
    /// Whether a cell so far holds more than white space: a row without
    /// one is no project (the blank rows at a sheet's end).
    written: bool,
}

impl<'a> RowReader<'a> {
    /// A reader of rows with `columns`, for `compiled`'s facts.
    pub fn new(columns: &'a Columns, compiled: &'a Compiled) -> RowReader<'a> {
        let mut reader = RowReader {
            columns,
            compiled,
            row: RowFacts::default(),
            given: Vec::new(),
            found: Vec::new(),
            written: false,
        };
        reader.start();
        reader
    }

    /// Begins a row, forgetting whatever the last one left.
    pub fn start(&mut self) {
        self.row = RowFacts {
            facts: FactValues {
                values: vec![None; self.compiled.facts.len()],
                ..FactValues::default()
            },
            ..RowFacts::default()
        };
        self.given.clear();
        self.given.resize(self.columns.columns.len(), false);
        self.found.clear();
        self.written = false;
    }

    /// Whether this row has given column `index` (from 0) already.
    pub fn is_given(&self, index: usize) -> bool {
        self.given.get(index).copied().unwrap_or(false)
    }

    /// Reads every cell of `cells`, left to right.
    pub fn cells<R: CellRow + ?Sized>(&mut self, cells: &R) {
        for index in 0..cells.width() {
            self.cell(index, cells.cell(index));
        }
    }

    /// Reads the cell of column `index` (from 0); a cell past the header's
    /// columns counts only towards the row not being blank.
    pub fn cell(&mut self, index: usize, cell: CellRef) {
        // Once one cell is written the rest need not be looked at for it.
        if !self.written {
            self.written = !is_blank(cell);
        }
        let Some(column) = self.columns.columns.get(index) else {
            return;
        };
        self.given[index] = true;
        match column {
            Column::Name => self.row.name = shown_ref(cell),
            Column::Unit => self.row.unit = written_text(cell),
            Column::Code => self.row.code = written_text(cell),
            Column::Ignored => {}
            Column::Fact { slot, unit } => {
                let fact = &self.compiled.facts[*slot];
                match fact_value(cell, fact, unit.as_ref(), &self.compiled.units) {
                    Ok(value) => self.row.facts.values[*slot] = value,
                    Err(error) => {
                        let blank_slot = matches!(error, CellError::Blank { .. }).then_some(*slot);
                        let problem = CellProblem {
                            column: index + 1,
                            header: self.columns.headers[index].clone(),
                            value: shown_ref(cell),
                            error,
                        };
                        self.found.push(Found {
                            index,
                            blank_slot,
                            problem,
                        });
                    }
                }
            }
        }
    }

    /// The row read: a column it did not give is an empty cell. `None` for
    /// a row with nothing in it; an [`UnreadRow`] if a cell other than a
    /// blank is bad, or the name is missing.
    pub fn finish(&mut self) -> Option<Result<RowFacts, UnreadRow>> {
        if !self.written {
            return None;
        }
        for index in 0..self.given.len() {
            if !self.given[index] {
                self.cell(index, CellRef::Empty);
            }
        }
        self.found.sort_by_key(|found| found.index);
        let mut row = std::mem::take(&mut self.row);
        let found = std::mem::take(&mut self.found);
        let name_missing = row.name.is_empty();
        if !name_missing && found.iter().all(|found| found.blank_slot.is_some()) {
            row.blanks = found
                .into_iter()
                .filter_map(|found| Some((found.blank_slot?, found.problem)))
                .collect();
            return Some(Ok(row));
        }
        let mut problems: Vec<CellProblem> = found.into_iter().map(|found| found.problem).collect();
        if name_missing {
            problems.insert(0, self.blank_name());
        }
        Some(Err(UnreadRow {
            name: row.name,
            problems,
        }))
    }

    /// The problem of a row without a name, placed at the 项目名称 column.
    fn blank_name(&self) -> CellProblem {
        let index = self.columns.columns.iter().position(|c| *c == Column::Name);
        CellProblem {
            column: index.map_or(0, |index| index + 1),
            header: index.map_or_else(String::new, |index| self.columns.headers[index].clone()),
            value: String::new(),
            error: CellError::BlankName,
        }
    }
}

impl Columns {
    /// Reads one row's cells into a project's facts; every bad cell is
    /// reported. `None` for a row with nothing in it (trailing rows).
    pub fn read_row<R: CellRow + ?Sized>(
        &self,
        cells: &R,
        compiled: &Compiled,
    ) -> Option<Result<RowFacts, UnreadRow>> {
        let mut reader = RowReader::new(self, compiled);
        reader.cells(cells);
        reader.finish()
    }
}

/// A text cell's words, `None` when it is blank (单位, 项目编码).
fn written_text(cell: CellRef) -> Option<String> {
    Some(shown_ref(cell)).filter(|text| !text.is_empty())
}
