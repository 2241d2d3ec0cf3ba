//! What the batch tests share: building a seed ruleset, reading a seed's
//! facts file, and filling a facts workbook as an officer would (typed
//! cells: numbers in the heading's unit, percent-formatted fractions, date
//! cells, 是/否 and tier words) with rust_xlsxwriter.
#![allow(dead_code)] // Each test file uses part of this.

use jixiao::lang::compile::Compiled;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// A shipped ruleset, built.
pub fn compiled(name: &str) -> Compiled {
    let path = format!("{}/rulesets/{name}.jx", env!("CARGO_MANIFEST_DIR"));
    let build = jixiao::build_file(Path::new(&path));
    build.compiled.expect("the seed rulesets build")
}

/// A seed's shipped facts, without the report's printed values.
pub fn seed_facts(name: &str) -> toml::Table {
    let path = format!("{}/examples/{name}.facts.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("seed facts are shipped");
    let mut table: toml::Table = text.parse().expect("seed facts are TOML");
    table.remove("报告");
    table
}

/// One cell to write.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Number(f64),
    Percent(f64),
    Date(u16, u8, u8),
    Blank,
}

/// A 填报 sheet being filled.
pub struct Filled {
    headings: Vec<String>,
    rows: Vec<Vec<Value>>,
}

impl Filled {
    pub fn new(headings: &[String]) -> Filled {
        Filled {
            headings: headings.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a project's row (sheet row 2 for the first).
    pub fn row(&mut self, name: &str, facts: &toml::Table) {
        let row = self
            .headings
            .iter()
            .map(|heading| {
                let (fact, unit) = jixiao::score::cells::split_heading(heading);
                match fact {
                    "项目名称" => Value::Text(name.to_string()),
                    "单位" | "项目编码" => Value::Blank,
                    _ => facts
                        .get(fact)
                        .map_or(Value::Blank, |value| typed(value, unit)),
                }
            })
            .collect();
        self.rows.push(row);
    }

    /// Replaces a cell with a general-format number.
    pub fn general_number(&mut self, sheet_row: usize, heading: &str, number: f64) {
        let column = self
            .headings
            .iter()
            .position(|h| h == heading)
            .expect("heading");
        self.rows[sheet_row - 2][column] = Value::Number(number);
    }

    /// Writes the workbook (a 填报 sheet) to `path`.
    pub fn save(&self, path: &Path) {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("填报").unwrap();
        let percent = Format::new().set_num_format("0.00%");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (column, heading) in (0u16..).zip(&self.headings) {
            sheet.write_string(0, column, heading).unwrap();
        }
        for (row, values) in (1u32..).zip(&self.rows) {
            for (column, value) in (0u16..).zip(values) {
                match value {
                    Value::Text(text) => sheet.write_string(row, column, text),
                    Value::Number(number) => sheet.write_number(row, column, *number),
                    Value::Percent(fraction) => {
                        sheet.write_number_with_format(row, column, *fraction, &percent)
                    }
                    Value::Date(y, m, d) => {
                        let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(row, column, &day, &date)
                    }
                    Value::Blank => continue,
                }
                .unwrap();
            }
        }
        workbook.save(path).unwrap();
    }
}

/// A facts-file value as the cell an officer would type under `unit`.
fn typed(value: &toml::Value, unit: Option<&str>) -> Value {
    match value {
        toml::Value::Boolean(yes) => Value::Text(if *yes { "是" } else { "否" }.to_string()),
        toml::Value::Integer(number) => Value::Number(*number as f64),
        toml::Value::Float(number) => Value::Number(*number),
        toml::Value::String(text) => {
            if let Some(percent) = text.strip_suffix('%') {
                return Value::Percent(percent.parse::<f64>().expect("a percent") / 100.0);
            }
            if let Some(number) = unit.and_then(|unit| text.strip_suffix(unit)) {
                return Value::Number(number.parse().expect("a number in the heading's unit"));
            }
            let parts: Vec<&str> = text.split('-').collect();
            if let [y, m, d] = parts[..] {
                if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                    return Value::Date(y, m, d);
                }
            }
            Value::Text(text.clone())
        }
        other => Value::Text(other.to_string()),
    }
}

/// Scores a batch `input` on a shipped ruleset into a CSV result at `output`.
pub fn score_to_csv(name: &str, input: &Path, output: &Path) -> jixiao::batch::Summary {
    jixiao::batch::run(
        &compiled(name),
        input,
        Some(output),
        jixiao::batch::OutputFormat::Csv,
        &jixiao::batch::BatchOptions::default(),
    )
    .expect("the batch runs")
}

/// Two columns of a CSV result (which starts with a BOM), row by row.
pub fn result_columns(csv_path: &Path, first: &str, second: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(csv_path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV output starts with a BOM");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (first, second) = (at(first), at(second));
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (record[first].to_string(), record[second].to_string())
        })
        .collect()
}
