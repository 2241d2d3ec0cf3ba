//! A header of two rows read as one. Forms often put group titles
//! (基本情况, 产出指标) in merged cells over the fact names, with 项目名称,
//! 单位 merged down over both rows; the first row alone names no fact.

use super::{RawRow, Source, SourceRow};
use crate::lang::compile::Compiled;
use crate::score::cells::{split_heading, CellRef, CellRow, Column, Columns, NAME_HEADER};

impl Source {
    /// Joins the row under the header to it when that row is the header's
    /// second line: it leaves 项目名称 blank, holds only text, and the joined
    /// headings (each second-line text, or the heading above it where the
    /// second line is blank) name more of `compiled`'s facts than the first
    /// line alone. Otherwise the row stays the first project.
    pub fn join_second_header_row(&mut self, compiled: &Compiled) {
        let Some(first) = self.rows.next() else {
            return;
        };
        let joined = match &first {
            Ok(RawRow::Read(row)) => joined_headings(&self.headers, row),
            _ => None,
        };
        match joined
            .filter(|joined| fact_columns(joined, compiled) > fact_columns(&self.headers, compiled))
        {
            Some(joined) => {
                self.headers = joined;
                self.row_count = self.row_count.map(|count| count.saturating_sub(1));
            }
            None => {
                let rest = std::mem::replace(&mut self.rows, Box::new(std::iter::empty()));
                self.rows = Box::new(std::iter::once(first).chain(rest));
            }
        }
    }
}

/// `row` read as the header's second line, if it can be one: blank under
/// 项目名称, text elsewhere, not all blank.
fn joined_headings(headers: &[String], row: &SourceRow) -> Option<Vec<String>> {
    let name_column = headers
        .iter()
        .position(|heading| split_heading(heading).0 == NAME_HEADER)?;
    let cells = &row.cells;
    if cells.get(name_column) != CellRef::Empty {
        return None;
    }
    let width = headers.len().max(cells.width());
    let mut joined = Vec::with_capacity(width);
    let mut any_text = false;
    for column in 0..width {
        let above = headers.get(column).map_or("", String::as_str);
        match cells.get(column) {
            CellRef::Empty => joined.push(above.to_string()),
            CellRef::Text(text) if !text.trim().is_empty() => {
                any_text = true;
                joined.push(text.trim().replace(['\n', '\r'], ""));
            }
            CellRef::Text(_) => joined.push(above.to_string()),
            _ => return None,
        }
    }
    any_text.then_some(joined)
}

/// How many of `headings` name a fact of `compiled`.
fn fact_columns(headings: &[String], compiled: &Compiled) -> usize {
    let (columns, _) = Columns::resolve(headings, compiled);
    columns
        .columns
        .iter()
        .filter(|column| matches!(column, Column::Fact { .. }))
        .count()
}
