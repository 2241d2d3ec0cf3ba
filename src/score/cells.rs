//! Facts from a row of spreadsheet cells: the same fact values [`super::facts`]
//! reads from a facts file, for a table with one project per row.
//!
//! The header is resolved once per table ([`Columns::resolve`]): each column
//! to a fact slot (with the unit its heading names, `预算资金（元）`), to the
//! project's name, 单位 or 项目编码, or to nothing. Each row is then parsed
//! straight into the slots by a [`super::row_reader::RowReader`], cell by
//! cell, every bad cell reported with its column. Values follow the facts files' rules, with what
//! spreadsheets add: a percent-formatted cell holds a fraction (0.85 is 85%),
//! while a general-format 0.85 in a `%` column could be 85% or 0.85% and is
//! refused; Excel serial dates; cached values of formulas.

use super::facts::{bad_value, out_of_range, suggestion, FactError};
use super::float::decimal_of;
use super::values::{convert, convert_text, declared_unit, outside_range, unit_fits, RawValue};
use crate::lang::check::Fact;
use crate::lang::compile::Compiled;
use crate::lang::units::{day_number, Ty, Unit, UnitTable, MAX_MAGNITUDE};
use miette::Diagnostic;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use thiserror::Error;

pub use super::cell_ref::{CellRef, CellRow, NumberFormat};

/// The heading of the column that names each project.
pub const NAME_HEADER: &str = "项目名称";
/// The optional heading of the department's column.
pub const UNIT_HEADER: &str = "单位";
/// The optional heading of the project code's column.
pub const CODE_HEADER: &str = "项目编码";

/// One cell as a reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing written.
    Empty,
    /// A number, with how the sheet formats it.
    Number(f64, NumberFormat),
    /// Text (a CSV field is always text).
    Text(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell, as a day number ([`day_number`]).
    Date(i32),
    /// A formula whose result the file does not store.
    UncachedFormula,
    /// A spreadsheet error value (`#N/A`, `#DIV/0!`).
    Error(String),
}

impl Cell {
    /// The cell borrowed, as [`Columns::read_row`] reads it.
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Number(number, format) => CellRef::Number(*number, *format),
            Cell::Text(text) => CellRef::Text(text),
            Cell::Bool(value) => CellRef::Bool(*value),
            Cell::Date(day) => CellRef::Date(*day),
            Cell::UncachedFormula => CellRef::UncachedFormula,
            Cell::Error(value) => CellRef::Error(value),
        }
    }
}

impl CellRow for [Cell] {
    fn width(&self) -> usize {
        self.len()
    }
    fn cell(&self, index: usize) -> CellRef<'_> {
        self[index].as_ref()
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// The project's name.
    Name,
    /// The department.
    Unit,
    /// The project code.
    Code,
    /// A declared fact, with the unit of its plain numbers.
    Fact {
        /// The fact's slot.
        slot: usize,
        /// The heading's unit, or else the declared one; `None` for a
        /// number of things (家, 天) or a plain ratio.
        unit: Option<Unit>,
    },
    /// A column no fact reads (reported once).
    Ignored,
}

/// A problem with a table's header, found before any row is read.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// No 项目名称 column.
    #[error("表头中没有「项目名称」列")]
    #[diagnostic(
        code(jixiao::batch::no_name_column),
        help("第一行（或标题行下的表头行）须有「项目名称」列；可用 jixiao template 生成填报表")
    )]
    NoNameColumn,
    /// Not one heading names a declared fact: most likely the wrong file,
    /// sheet or ruleset, said once instead of once per column.
    #[error("表头的 {count} 列都不是本规则集声明的事实：{headings}")]
    #[diagnostic(
        code(jixiao::batch::no_fact_column),
        help("检查是否选错了文件、工作表或规则集；可用 jixiao template 规则文件 生成与规则一致的填报表")
    )]
    NoFactColumn {
        /// How many headings name no fact.
        count: usize,
        /// The first of them, joined.
        headings: String,
    },
    /// Facts the rules read that no column gives.
    #[error("缺少规则要用到的列：{names}")]
    #[diagnostic(
        code(jixiao::batch::missing_column),
        help("补上这些列（表头写事实名称，可带单位，如「预算资金（万元）」）；可用 jixiao template 生成完整的填报表")
    )]
    MissingColumn {
        /// The facts' names, joined.
        names: String,
    },
    /// A heading that names no declared fact: the column is not read.
    #[error("第 {column} 列「{header}」不是已声明的事实，该列未读取")]
    #[diagnostic(code(jixiao::batch::unknown_column), severity(Warning))]
    UnknownColumn {
        /// The column, from 1.
        column: usize,
        /// The heading.
        header: String,
        /// The closest declared name.
        #[help]
        help: String,
    },
    /// Two columns for one fact.
    #[error("第 {column} 列「{header}」与前面的列重复")]
    #[diagnostic(
        code(jixiao::batch::duplicate_column),
        help("每个事实只保留一列，删去重复的一列")
    )]
    DuplicateColumn {
        /// The column, from 1.
        column: usize,
        /// The heading.
        header: String,
    },
    /// A heading whose unit does not measure the fact.
    #[error("第 {column} 列「{header}」的单位与事实的类型（{expected}）不符")]
    #[diagnostic(
        code(jixiao::batch::column_unit),
        help("改正表头中的单位，或去掉单位（按规则声明的单位读取）")
    )]
    ColumnUnit {
        /// The column, from 1.
        column: usize,
        /// The heading.
        header: String,
        /// The fact's type.
        expected: Ty,
    },
}

impl HeaderProblem {
    /// Whether this stops the run (an unknown column only warns).
    pub fn is_error(&self) -> bool {
        !matches!(self, HeaderProblem::UnknownColumn { .. })
    }
}

/// What is wrong with one cell.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum CellError {
    /// The value does not fit the fact (a word in a number column, an
    /// unknown tier label), or lies outside its declared range.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Fact(Box<FactError>),
    /// A general-format number between 0 and 1 in a `%` column.
    #[error("「{name}」的 {value} 是常规格式的小数，无法判断是 {percent}% 还是 {value}%")]
    #[diagnostic(
        code(jixiao::batch::ambiguous_percent),
        help("把单元格设为百分比格式，或写明「{percent}%」")
    )]
    AmbiguousPercent {
        /// The fact.
        name: String,
        /// The number as written.
        value: String,
        /// The number times 100.
        percent: String,
    },
    /// A blank cell in a column that rules read.
    #[error("「{name}」未填写")]
    #[diagnostic(
        code(jixiao::batch::blank_cell),
        help("填上这个值；确实没有时，该项目用到它的指标无法计分")
    )]
    Blank {
        /// The fact.
        name: String,
    },
    /// A formula with no stored result.
    #[error("「{name}」是公式，但文件中没有保存计算结果")]
    #[diagnostic(
        code(jixiao::batch::uncached_formula),
        help("在 Excel/WPS 中打开并保存一次（让公式算出结果），或把公式改为数值")
    )]
    UncachedFormula {
        /// The fact.
        name: String,
    },
    /// A spreadsheet error value.
    #[error("「{name}」的单元格是错误值 {value}")]
    #[diagnostic(
        code(jixiao::batch::error_cell),
        help("修正产生错误值的公式，或直接填写数值")
    )]
    ErrorValue {
        /// The fact.
        name: String,
        /// `#N/A`, `#DIV/0!` …
        value: String,
    },
    /// A row with data but no project name.
    #[error("这一行有数据，但「项目名称」为空")]
    #[diagnostic(code(jixiao::batch::blank_name), help("填写项目名称"))]
    BlankName,
}

/// One bad cell: the column (from 1, 0 when it concerns the whole row), its
/// heading, the value as written and what is wrong.
#[derive(Debug, Clone)]
pub struct CellProblem {
    /// The column, from 1.
    pub column: usize,
    /// The column's heading.
    pub header: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong.
    pub error: CellError,
}

/// A table's columns resolved against a ruleset's facts.
#[derive(Debug, Clone)]
pub struct Columns {
    /// What each column holds, in order.
    pub columns: Vec<Column>,
    /// Each column's heading as written.
    pub headers: Vec<String>,
}

/// A heading split into its name and the unit in brackets:
/// `预算资金（万元）` → (`预算资金`, Some(`万元`)).
pub fn split_heading(heading: &str) -> (&str, Option<&str>) {
    let heading = heading.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(body) = heading.strip_suffix(close) {
            if let Some(at) = body.rfind(open) {
                let unit = body[at + open.len_utf8()..].trim();
                return (body[..at].trim(), (!unit.is_empty()).then_some(unit));
            }
        }
    }
    (heading, None)
}

impl Columns {
    /// Resolves each heading once: to a fact (by its name, ignoring the unit
    /// in brackets), to 项目名称 / 单位 / 项目编码, or to nothing. Problems
    /// come back in column order; any that [`HeaderProblem::is_error`] means
    /// no row can be read.
    pub fn resolve(headers: &[String], compiled: &Compiled) -> (Columns, Vec<HeaderProblem>) {
        let facts = &compiled.facts;
        let slots: HashMap<&str, usize> = facts
            .iter()
            .enumerate()
            .rev()
            .map(|(slot, fact)| (fact.name.as_str(), slot))
            .collect();
        let mut problems = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut columns = Vec::with_capacity(headers.len());
        for (index, header) in headers.iter().enumerate() {
            let (name, unit) = split_heading(header);
            let column = match name {
                NAME_HEADER => Column::Name,
                UNIT_HEADER => Column::Unit,
                CODE_HEADER => Column::Code,
                "" => Column::Ignored,
                _ => match slots.get(name) {
                    Some(&slot) => fact_column(index, header, slot, unit, compiled, &mut problems),
                    None => {
                        problems.push(HeaderProblem::UnknownColumn {
                            column: index + 1,
                            header: header.clone(),
                            help: suggestion(name, facts),
                        });
                        Column::Ignored
                    }
                },
            };
            if column != Column::Ignored && seen.insert(name.to_string(), index).is_some() {
                problems.push(HeaderProblem::DuplicateColumn {
                    column: index + 1,
                    header: header.clone(),
                });
            }
            columns.push(column);
        }
        if !columns.contains(&Column::Name) {
            problems.insert(0, HeaderProblem::NoNameColumn);
        }
        let missing: Vec<&str> = facts
            .iter()
            .enumerate()
            .filter(|(slot, fact)| {
                fact.used
                    && !columns
                        .iter()
                        .any(|column| matches!(column, Column::Fact { slot: s, .. } if s == slot))
            })
            .map(|(_, fact)| fact.name.as_str())
            .collect();
        let no_fact_read = !columns
            .iter()
            .any(|column| matches!(column, Column::Fact { .. }));
        if no_fact_read && !missing.is_empty() {
            if let Some(no_fact) = no_fact_column(&problems) {
                // Every column unknown and every fact missing say the same.
                problems.retain(|problem| matches!(problem, HeaderProblem::NoNameColumn));
                problems.push(no_fact);
                let headers = headers.to_vec();
                return (Columns { columns, headers }, problems);
            }
        }
        if !missing.is_empty() {
            problems.push(HeaderProblem::MissingColumn {
                names: listed(&missing),
            });
        }
        let headers = headers.to_vec();
        (Columns { columns, headers }, problems)
    }
}

/// How many headings of a header to quote, and facts to list, in one problem.
const LISTED: usize = 12;

/// The names joined with 、, the first [`LISTED`] of them and a count of all.
fn listed(names: &[&str]) -> String {
    if names.len() <= LISTED {
        return names.join("、");
    }
    format!("{} 等 {} 个", names[..LISTED].join("、"), names.len())
}

/// The one problem of a header none of whose headings names a fact, when it
/// has some headings besides 项目名称 (an unknown column each).
fn no_fact_column(problems: &[HeaderProblem]) -> Option<HeaderProblem> {
    let unknown: Vec<&str> = problems
        .iter()
        .filter_map(|problem| match problem {
            HeaderProblem::UnknownColumn { header, .. } => Some(header.as_str()),
            _ => None,
        })
        .collect();
    (!unknown.is_empty()).then(|| HeaderProblem::NoFactColumn {
        count: unknown.len(),
        headings: listed(&unknown),
    })
}

/// The column of a fact, checking that the heading's unit measures it.
fn fact_column(
    index: usize,
    header: &str,
    slot: usize,
    unit: Option<&str>,
    compiled: &Compiled,
    problems: &mut Vec<HeaderProblem>,
) -> Column {
    let ty = &compiled.facts[slot].ty;
    // A heading's unit the tables do not know does not fit a numeric fact.
    let unit = unit.map(|word| compiled.units.unit(word));
    let fits = match &unit {
        None => true,
        Some(None) => false,
        Some(Some(unit)) => unit_fits(ty, unit),
    };
    if !fits && ty.is_numeric() {
        problems.push(HeaderProblem::ColumnUnit {
            column: index + 1,
            header: header.to_string(),
            expected: ty.clone(),
        });
    }
    // Only a numeric fact's heading gives a unit (档次 and 是否 headings may
    // carry a note in brackets); without one, the declared unit applies.
    let unit = unit
        .flatten()
        .filter(|_| fits && ty.is_numeric())
        .or_else(|| declared_unit(ty));
    Column::Fact { slot, unit }
}

/// Whether a cell holds nothing but white space.
pub(super) fn is_blank(cell: CellRef) -> bool {
    match cell {
        CellRef::Empty => true,
        CellRef::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// A cell as the 问题 sheet shows it.
pub fn shown(cell: &Cell) -> String {
    shown_ref(cell.as_ref())
}

/// [`shown`] of a borrowed cell.
pub fn shown_ref(cell: CellRef) -> String {
    match cell {
        CellRef::Empty | CellRef::UncachedFormula => String::new(),
        CellRef::Number(number, _) => number.to_string(),
        CellRef::Text(text) => text.trim().to_string(),
        CellRef::Bool(true) => "TRUE".to_string(),
        CellRef::Bool(false) => "FALSE".to_string(),
        CellRef::Date(day) => chrono::NaiveDate::from_num_days_from_ce_opt(day)
            .map_or_else(|| day.to_string(), |date| date.to_string()),
        CellRef::Error(value) => value.to_string(),
    }
}

/// The run-time value of one cell for a fact; `Ok(None)` for a blank cell
/// of a fact no rule reads.
// Inlined into its one caller, `RowReader::cell`: called, it cost about 1.3k
// instructions more per JSON Lines row (callgrind).
#[inline]
pub(super) fn fact_value(
    cell: CellRef,
    fact: &Fact,
    unit: Option<&Unit>,
    units: &UnitTable,
) -> Result<Option<Decimal>, CellError> {
    let name = || fact.name.clone();
    let value = match cell {
        CellRef::Empty => None,
        CellRef::Text(text) if text.trim().is_empty() => None,
        CellRef::UncachedFormula => return Err(CellError::UncachedFormula { name: name() }),
        CellRef::Error(value) => {
            return Err(CellError::ErrorValue {
                name: name(),
                value: value.to_string(),
            })
        }
        CellRef::Date(day) if matches!(fact.ty, Ty::Date) => Some(Decimal::from(day)),
        CellRef::Date(_) => {
            return Err(CellError::Fact(Box::new(bad_value(
                fact,
                &raw_of(cell),
                units,
            ))))
        }
        CellRef::Number(number, format) => Some(number_value(number, format, fact, unit, units)?),
        CellRef::Text(text) => Some(text_value(text, fact, unit, units)?),
        // The common case without the facts file's raw value in between.
        CellRef::Bool(value) if matches!(fact.ty, Ty::Bool) => Some(Decimal::from(u8::from(value))),
        CellRef::Bool(_) => {
            let raw = raw_of(cell);
            Some(
                convert(&raw, &fact.ty, units)
                    .ok_or_else(|| CellError::Fact(Box::new(bad_value(fact, &raw, units))))?,
            )
        }
    };
    match value {
        None if fact.used => Err(CellError::Blank { name: name() }),
        Some(value) if outside_range(fact, value) => {
            Err(CellError::Fact(Box::new(out_of_range(fact, &raw_of(cell)))))
        }
        value => Ok(value),
    }
}

/// The facts-file raw value a cell corresponds to, for conversion and messages.
fn raw_of(cell: CellRef) -> RawValue {
    match cell {
        CellRef::Bool(value) => RawValue::Bool(value),
        CellRef::Number(..) => RawValue::Number(shown_ref(cell)),
        _ => RawValue::Text(shown_ref(cell)),
    }
}

/// A number cell: an Excel serial date in a date column, a fraction when
/// percent-formatted, a plain number in the heading's unit or the declared one.
fn number_value(
    number: f64,
    format: NumberFormat,
    fact: &Fact,
    unit: Option<&Unit>,
    units: &UnitTable,
) -> Result<Decimal, CellError> {
    let bad = || {
        CellError::Fact(Box::new(bad_value(
            fact,
            &RawValue::Number(number.to_string()),
            units,
        )))
    };
    if matches!(fact.ty, Ty::Date) {
        return excel_date(number).map(Decimal::from).ok_or_else(bad);
    }
    if !fact.ty.is_numeric() {
        return Err(bad());
    }
    let decimal = decimal_of(number).ok_or_else(bad)?;
    let percent_fact = matches!(fact.ty, Ty::Ratio { percent: true });
    match format {
        NumberFormat::Percent if matches!(fact.ty, Ty::Ratio { .. }) => {
            // Percent cells store fractions, sometimes through a 32-bit float
            // (9% as 0.0900000762939453): six places keep 0.0001% exactly.
            Ok(decimal.round_dp(6))
        }
        NumberFormat::General if percent_fact && ambiguous(decimal) => {
            Err(ambiguous_percent(fact, decimal))
        }
        // `decimal_of` has bounded its magnitude already.
        _ => in_unit(decimal, unit).ok_or_else(bad),
    }
}

/// A text cell: a number with or without its unit, a date, 是/否, a tier.
fn text_value(
    text: &str,
    fact: &Fact,
    unit: Option<&Unit>,
    units: &UnitTable,
) -> Result<Decimal, CellError> {
    let text = text.trim();
    let bad = || {
        CellError::Fact(Box::new(bad_value(
            fact,
            &RawValue::Text(text.to_string()),
            units,
        )))
    };
    if fact.ty.is_numeric() {
        if let Ok(number) = Decimal::from_str(text) {
            if matches!(fact.ty, Ty::Ratio { percent: true }) && ambiguous(number) {
                return Err(ambiguous_percent(fact, number));
            }
            return plain_number(number, unit).ok_or_else(bad);
        }
    }
    convert_text(text, &fact.ty, units).ok_or_else(bad)
}

/// A plain number in the column's unit.
fn plain_number(number: Decimal, unit: Option<&Unit>) -> Option<Decimal> {
    if number.abs() > MAX_MAGNITUDE {
        return None;
    }
    in_unit(number, unit)
}

/// The run-time value of a number in the column's unit.
fn in_unit(number: Decimal, unit: Option<&Unit>) -> Option<Decimal> {
    unit.map_or(Some(number), |unit| unit.to_runtime(number))
}

/// Whether a general-format number in a `%` column could be a fraction.
fn ambiguous(number: Decimal) -> bool {
    !number.is_zero() && number.abs() <= Decimal::ONE
}

fn ambiguous_percent(fact: &Fact, number: Decimal) -> CellError {
    CellError::AmbiguousPercent {
        name: fact.name.clone(),
        value: number.normalize().to_string(),
        percent: (number * Decimal::ONE_HUNDRED).normalize().to_string(),
    }
}

/// An Excel serial date (days since 1899-12-30, the 1900 system) as a day
/// number; a time of day is dropped.
pub fn excel_date(serial: f64) -> Option<i32> {
    // 1 ..= 2958465 is 1900-01-01 ..= 9999-12-31, Excel's own range.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = epoch.checked_add_days(chrono::Days::new(serial.trunc() as u64))?;
    Some(day_number(date))
}

#[cfg(test)]
mod tests;
