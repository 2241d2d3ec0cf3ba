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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::cells::Cell;

    const RULES: &str = r#"
体系 "示例" {
    满分 2
    保留 2 位小数，四舍五入
}
事实 { 数量: 家  比例: % }
一级 管理（2分）{ 二级 任务（2分）{
    指标 比例达标（1分）{ 评分 { 比例 >= 80% 得满分；否则 得0分 } }
    指标 数量达标（1分）{ 评分 { 数量 >= 3家 得满分；否则 得0分 } }
} }
"#;

    fn compiled() -> Compiled {
        crate::build("示例.jx", RULES).compiled.expect("valid")
    }

    /// 单位 first and 项目名称 second, so that a column's place is not its index.
    fn columns(compiled: &Compiled) -> Columns {
        let headers: Vec<String> = ["单位", "项目名称", "数量", "比例", "项目编码"]
            .map(String::from)
            .into();
        let (columns, problems) = Columns::resolve(&headers, compiled);
        assert!(problems.is_empty(), "{problems:?}");
        columns
    }

    fn text(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }

    #[test]
    fn a_row_without_a_name_is_reported_at_the_name_column() {
        let compiled = compiled();
        let columns = columns(&compiled);
        let row = [text("区财政局"), Cell::Empty, text("3"), text("85%")];
        let Some(Err(unread)) = columns.read_row(&row[..], &compiled) else {
            panic!("a row without a name is unread");
        };
        assert_eq!(unread.name, "");
        assert_eq!(unread.problems.len(), 1);
        let problem = &unread.problems[0];
        // 项目名称 is the second heading: column 1 + 1 = 2.
        assert_eq!((problem.column, problem.header.as_str()), (2, "项目名称"));
        assert!(matches!(problem.error, CellError::BlankName));
    }

    #[test]
    fn a_bad_cell_is_reported_with_its_column_from_one() {
        let compiled = compiled();
        let columns = columns(&compiled);
        let row = [text(""), text("甲"), text("3"), text("很多")];
        let Some(Err(unread)) = columns.read_row(&row[..], &compiled) else {
            panic!("a word for a percent is a bad cell");
        };
        assert_eq!(unread.name, "甲");
        let problem = &unread.problems[0];
        // 比例 is the fourth heading (index 3): column 4.
        assert_eq!(
            (
                problem.column,
                problem.header.as_str(),
                problem.value.as_str()
            ),
            (4, "比例", "很多")
        );
    }

    #[test]
    fn department_and_code_are_kept_only_when_written() {
        let compiled = compiled();
        let columns = columns(&compiled);
        let row = [
            text(" 区财政局 "),
            text("甲"),
            text("3"),
            text("85%"),
            text("  "),
        ];
        let read = columns.read_row(&row[..], &compiled).unwrap().unwrap();
        assert_eq!(read.unit.as_deref(), Some("区财政局"));
        assert_eq!(read.code, None);
        assert!(read.blanks.is_empty());
    }

    #[test]
    fn cells_in_any_order_and_missing_ones_read_as_a_left_to_right_row() {
        let compiled = compiled();
        let columns = columns(&compiled);
        let mut reader = RowReader::new(&columns, &compiled);
        // A first row with a bad cell, forgotten by the next one's start.
        reader.cells(&[text(""), text("乙"), text("几家")][..]);
        assert!(matches!(reader.finish(), Some(Err(_))));
        reader.start();
        assert!(!reader.is_given(3));
        reader.cell(3, CellRef::Text("85%"));
        reader.cell(1, CellRef::Text("甲"));
        assert!(reader.is_given(3) && reader.is_given(1));
        assert!(!reader.is_given(2) && !reader.is_given(9));
        let read = reader.finish().unwrap().unwrap();
        assert_eq!(read.name, "甲");
        // 85% = 0.85; 数量 (slot 0) never given: a blank, left to 不适用.
        assert_eq!(
            read.facts.values,
            [None, Some(rust_decimal_macros::dec!(0.85))]
        );
        assert_eq!(read.blanks.len(), 1);
        assert_eq!(read.blanks[0].0, 0);
        assert_eq!(read.blanks[0].1.column, 3);
    }

    #[test]
    fn a_row_of_white_space_is_no_row_but_one_word_anywhere_is() {
        let compiled = compiled();
        let columns = columns(&compiled);
        let blank = [
            Cell::Empty,
            text(" \t"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ];
        assert!(columns.read_row(&blank[..], &compiled).is_none());
        // A word past the header's last column still makes a row (its name is missing).
        let mut past = blank.to_vec();
        past.push(text("备注"));
        assert!(matches!(
            columns.read_row(&past[..], &compiled),
            Some(Err(_))
        ));
    }
}
