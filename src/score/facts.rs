//! Facts: a project's input data, read from TOML or JSON and converted to the
//! declared fact slots.
//!
//! A value may be a plain number in the declared unit, or a string carrying its
//! unit (`"61.5万元"`, `"98.46%"`, `"353家"`), a date (`"2024-12-31"`), a yes/no
//! (`true`, `"是"`), or a tier label (`"明显"`). The reserved table `酌情` gives
//! discretionary scores: `["酌情"."指标名"]` with `"得分"` and a required `"理由"`.
//! The reserved table `专家评分` gives the scores each expert gave an
//! indicator scored by their mean (专家打分，取平均分): `["专家评分"."指标名"]`
//! with `"专家" = 分数` per expert, or a list of scores.
//! The reserved table `不适用` marks indicators that do not apply to the
//! project: `["不适用"]` with `"指标名" = "理由"`, the reason required.

use crate::lang::ast::{split_further, Rule};
use crate::lang::check::Fact;
use crate::lang::compile::{Compiled, CompiledIndicator};
use crate::lang::program::Op;
use crate::lang::source::{bom_len, visible};
use crate::lang::units::Ty;
use crate::lang::units::UnitTable;
use crate::score::values::{
    ambiguous_percent, convert, convert_in, outside_range, PercentStyle, RawValue,
    PERCENT_STYLE_KEY,
};
use crate::score::written::{beyond_precision, split_number, PRECISION_HELP};
use miette::SourceSpan;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

use crate::score::fact_error::shape_error;
pub use crate::score::fact_error::FactError;
pub(crate) use crate::score::tables::{
    claims_table, discretion_table, experts_table, not_applicable_table,
};
pub use crate::score::tables::{Claim, Claims, Discretion, ExpertScore};
pub use crate::score::values::{
    CLAIMS_TABLE, DISCRETION_TABLE, EXPERTS_TABLE, NOT_APPLICABLE_TABLE,
};

/// One project's facts, by slot.
#[derive(Debug, Clone, Default)]
pub struct FactValues {
    /// Each declared fact's value, `None` if the file does not give it.
    pub values: Vec<Option<Decimal>>,
    /// Discretionary scores by indicator name.
    pub discretion: HashMap<String, Discretion>,
    /// The experts' scores by indicator name, for indicators scored by
    /// their mean, in the order the file gives them.
    pub experts: HashMap<String, Vec<ExpertScore>>,
    /// Indicators that do not apply (不适用), by name, with the reason.
    pub not_applicable: HashMap<String, String>,
    /// What the evaluated report printed.
    pub claims: Claims,
    /// Doubtful places that do not stop scoring (declared facts not given).
    pub warnings: Vec<FactError>,
}

/// The format of a facts file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format a file's extension names: TOML unless it ends in .json,
    /// in any case (Windows saves `事实.JSON` as readily as `事实.json`).
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// Reads a facts file's text against a ruleset's declared facts and
/// indicators. Every mistake is reported, not just the first, each pointing
/// into the facts file. Facts the rules read that the file omits come back
/// as one warning in [`FactValues::warnings`].
pub fn parse(
    text: &str,
    format: Format,
    compiled: &Compiled,
) -> Result<FactValues, Vec<FactError>> {
    let quick = (format == Format::Json).then(|| super::rows::read(text, compiled));
    match quick.flatten() {
        Some(values) => Ok(FactValues {
            values,
            ..FactValues::default()
        }),
        None => parse_layers(&[(text, format)], compiled),
    }
}

/// Like [`parse`], for facts given in layers (a facts file, then a case's
/// own facts): a later layer's entry replaces an earlier one of the same
/// name. Places are found in the last layer.
pub fn parse_layers(
    layers: &[(&str, Format)],
    compiled: &Compiled,
) -> Result<FactValues, Vec<FactError>> {
    let entries = match layers {
        // One file repeats no key (both formats refuse it): nothing to merge.
        [(text, format)] => self::entries(text, *format)?,
        _ => merged(layers)?,
    };
    let text = layers.last().map_or("", |(text, _)| *text);
    let facts = &compiled.facts;
    let mut result = FactValues {
        values: vec![None; facts.len()],
        ..FactValues::default()
    };
    let slots = &compiled.fact_slots;
    let mut errors = Vec::new();
    let style = percent_style(&entries, &mut errors);
    for (key, raw) in entries {
        if key == PERCENT_STYLE_KEY {
            continue;
        }
        if key == DISCRETION_TABLE {
            discretion_table(raw, &mut result.discretion, &mut errors);
            continue;
        }
        if key == EXPERTS_TABLE {
            experts_table(raw, &mut result.experts, &mut errors);
            continue;
        }
        if key == NOT_APPLICABLE_TABLE {
            not_applicable_table(raw, &mut result.not_applicable, &mut errors);
            continue;
        }
        if key == CLAIMS_TABLE {
            claims_table(raw, &mut result.claims, &mut errors);
            continue;
        }
        match slots.get(key.as_str()).copied() {
            Some(slot) => match fact_value(&facts[slot], &raw, style, &compiled.units) {
                Ok(value) => result.values[slot] = Some(value),
                Err(error) => errors.push(*error),
            },
            None => errors.push(FactError::UnknownFact {
                help: suggestion(&key, facts),
                name: key,
                span: None,
            }),
        }
    }
    errors.extend(unknown_indicators(&result, compiled));
    let missing: Vec<&str> = facts
        .iter()
        .zip(&result.values)
        .enumerate()
        .filter(|(slot, (fact, value))| {
            fact.used && value.is_none() && read_where_applicable(compiled, &result, *slot)
        })
        .map(|(_, (fact, _))| fact.name.as_str())
        .collect();
    if !missing.is_empty() {
        result.warnings.push(FactError::MissingFact {
            count: missing.len(),
            names: missing.join("、"),
        });
    }
    let locator = Locator { text };
    if errors.is_empty() {
        Ok(result)
    } else {
        Err(errors
            .into_iter()
            .map(|error| spelt_out(locator.locate(error)))
            .collect())
    }
}

/// Whether an indicator that applies reads the fact in `slot`: a fact only
/// the 不适用 indicators read is not missing. (The traced code is searched:
/// it has no fused instructions.)
pub(crate) fn read_where_applicable(compiled: &Compiled, facts: &FactValues, slot: usize) -> bool {
    if facts.not_applicable.is_empty() {
        return true;
    }
    let reads =
        |op: &Op| matches!(op, Op::Fact(read) | Op::FactHolds(read) if *read as usize == slot);
    compiled
        .indicators()
        .into_iter()
        .filter(|indicator| !facts.not_applicable.contains_key(&indicator.name))
        .any(|indicator| indicator.program.code(true).ops().iter().any(reads))
}

/// How the file writes percents, from its `百分比写法` entry (any layer).
fn percent_style(entries: &[(String, RawValue)], errors: &mut Vec<FactError>) -> PercentStyle {
    let Some((_, raw)) = entries.iter().find(|(key, _)| key == PERCENT_STYLE_KEY) else {
        return PercentStyle::Unstated;
    };
    PercentStyle::of(raw).unwrap_or_else(|| {
        errors.push(shape_error(format!(
            "「{PERCENT_STYLE_KEY}」应为 \"百分数\"（0.85 即 0.85%）或 \"小数\"（0.85 即 85%）"
        )));
        PercentStyle::Unstated
    })
}

/// One fact's run-time value, or why the file's value will not do (boxed:
/// the error is large beside the value).
fn fact_value(
    fact: &Fact,
    raw: &RawValue,
    style: PercentStyle,
    units: &UnitTable,
) -> Result<Decimal, Box<FactError>> {
    if style == PercentStyle::Unstated && ambiguous_percent(raw, &fact.ty) {
        return Err(Box::new(ambiguous(fact, raw)));
    }
    match convert_in(raw, &fact.ty, style, units) {
        Some(value) if outside_range(fact, value) => Err(Box::new(out_of_range(fact, raw))),
        Some(value) => Ok(value),
        None => Err(Box::new(bad_value(fact, raw, units))),
    }
}

/// A bare number from −1 to 1 for a percent fact, in a file that does not
/// say how it writes percents.
fn ambiguous(fact: &Fact, raw: &RawValue) -> FactError {
    let value = written(raw);
    let percent = Decimal::from_str_exact(&value)
        .ok()
        .and_then(|number| number.checked_mul(Decimal::ONE_HUNDRED))
        .map_or_else(String::new, |percent| percent.normalize().to_string());
    FactError::AmbiguousPercent {
        name: fact.name.clone(),
        help: format!(
            "写成带百分号的文字：\"{percent}%\" 或 \"{value}%\"；或在文件开头写明全文件的写法：\
             \"{PERCENT_STYLE_KEY}\" = \"小数\"（{value} 即 {percent}%，电子表格导出的写法）\
             或 \"百分数\"（{value} 即 {value}%）"
        ),
        value,
        percent,
        span: None,
    }
}

/// The entries of several layers, a later one replacing an earlier entry
/// of the same name in its place.
fn merged(layers: &[(&str, Format)]) -> Result<Vec<(String, RawValue)>, Vec<FactError>> {
    let mut entries: Vec<(String, RawValue)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (text, format) in layers {
        for (key, raw) in self::entries(text, *format)? {
            match at.get(&key) {
                Some(index) => entries[*index].1 = raw,
                None => {
                    at.insert(key.clone(), entries.len());
                    entries.push((key, raw));
                }
            }
        }
    }
    Ok(entries)
}

/// The file's top-level entries, in file order. A byte-order mark at the
/// start is passed over; error spans stay offsets in `text`.
fn entries(text: &str, format: Format) -> Result<Vec<(String, RawValue)>, Vec<FactError>> {
    let skipped = bom_len(text);
    read_entries(&text[skipped..], format).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut error| {
                if let FactError::Syntax {
                    span: Some(span), ..
                } = &mut error
                {
                    *span = SourceSpan::new((span.offset() + skipped).into(), span.len());
                }
                error
            })
            .collect()
    })
}

/// The entries of a facts file's text that does not start with a
/// byte-order mark.
fn read_entries(text: &str, format: Format) -> Result<Vec<(String, RawValue)>, Vec<FactError>> {
    match format {
        Format::Toml => match toml::from_str::<toml::Table>(text) {
            Ok(table) => Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
            Err(error) => Err(vec![FactError::Syntax {
                message: super::fact_error::syntax_message(error.message()),
                span: error
                    .span()
                    .map(|range| SourceSpan::from(range.start..range.end)),
            }]),
        },
        Format::Json => match super::json::from_str(text) {
            Ok(serde_json::Value::Object(map)) => {
                Ok(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
            }
            Ok(_) => Err(vec![shape_error("顶层应是一个对象")]),
            Err(error) => Err(vec![FactError::Syntax {
                message: super::fact_error::syntax_message(&error.to_string()),
                span: offset_of(text, error.line(), error.column()).map(|at| {
                    // A data error is a repeated key: serde_json stops at its
                    // closing quote, and the label takes in the whole key.
                    let at_quote = error.is_data() && text[at..].starts_with('"');
                    let start = at_quote
                        .then(|| text[..at].rfind('"'))
                        .flatten()
                        .unwrap_or(at);
                    let end = if start < at { at + 1 } else { at };
                    SourceSpan::from(start..end)
                }),
            }]),
        },
    }
}

/// The byte offset of a 1-based line and (byte) column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    // serde_json counts columns in bytes.
    let at = (line_start + column.saturating_sub(1)).min(text.len());
    (0..=at).rev().find(|at| text.is_char_boundary(*at))
}

/// 酌情 and 不适用 entries for indicators the ruleset does not have, an
/// indicator both 不适用 and given a 酌情 score, and every indicator 不适用.
pub(crate) fn unknown_indicators(result: &FactValues, compiled: &Compiled) -> Vec<FactError> {
    if result.discretion.is_empty() && result.experts.is_empty() && result.not_applicable.is_empty()
    {
        return Vec::new();
    }
    let indicators = compiled.indicators();
    let discretion = sorted(result.discretion.keys()).into_iter();
    let experts = sorted(result.experts.keys()).into_iter();
    let not_applicable = sorted(result.not_applicable.keys()).into_iter();
    let mut errors: Vec<FactError> = (discretion.map(|name| ("酌情得分给了", name)))
        .chain(experts.map(|name| ("「专家评分」给了", name)))
        .chain(not_applicable.map(|name| ("「不适用」列出了", name)))
        .filter(|(_, name)| !indicators.iter().any(|known| known.name == **name))
        .map(|(table, name)| FactError::UnknownIndicator {
            table,
            indicator: name.clone(),
            help: crate::lang::check::closest(
                name,
                indicators.iter().map(|known| known.name.as_str()),
            )
            .map_or_else(
                || "检查指标名称的拼写".to_string(),
                |closest| format!("是否想写「{closest}」？"),
            ),
            span: None,
        })
        .collect();
    errors.extend(
        sorted(result.not_applicable.keys())
            .into_iter()
            .filter_map(|name| {
                let given = if result.discretion.contains_key(name) {
                    "酌情得分"
                } else if result.experts.contains_key(name) {
                    "专家评分"
                } else {
                    return None;
                };
                Some((name, given))
            })
            .map(|(name, given)| FactError::NotApplicableScored {
                indicator: name.clone(),
                given,
                span: None,
            }),
    );
    errors.extend(discretion_keys(result, &indicators));
    let applicable = indicators
        .iter()
        .any(|indicator| !result.not_applicable.contains_key(&indicator.name));
    if !applicable {
        errors.push(FactError::NothingApplicable {
            count: indicators.len(),
        });
    }
    errors
}

/// Names in a stable order, for diagnostics that do not depend on hashing.
/// 酌情 entries written with the key their rule does not read: 扣分 for a
/// further deduction, 得分 for any other 酌情.
fn discretion_keys(result: &FactValues, indicators: &[&CompiledIndicator]) -> Vec<FactError> {
    let key = |deducts: bool| if deducts { "扣分" } else { "得分" };
    indicators
        .iter()
        .filter_map(|indicator| {
            let given = result.discretion.get(&indicator.name)?;
            let further = match &indicator.source.rule {
                Rule::Clauses(clauses) => !split_further(clauses).1.is_empty(),
                _ => false,
            };
            (given.deducts != further).then(|| FactError::DiscretionKey {
                indicator: indicator.name.clone(),
                wanted: key(further),
                written: key(given.deducts),
                span: None,
            })
        })
        .collect()
}

fn sorted<'a>(names: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut names: Vec<&String> = names.collect();
    names.sort();
    names
}

/// Finds where a key or its value is written in a facts file. Both formats
/// write a key quoted (TOML may also write it bare) and then `=` or `:`.
struct Locator<'a> {
    text: &'a str,
}

impl Locator<'_> {
    /// Fills in the span of an error that names a key.
    fn locate(&self, mut error: FactError) -> FactError {
        match &mut error {
            FactError::UnknownFact { name, span, .. } => *span = self.key(name),
            FactError::BadValue { name, span, .. }
            | FactError::OutOfRange { name, span, .. }
            | FactError::AmbiguousPercent { name, span, .. } => *span = self.value(name),
            FactError::UnknownIndicator {
                indicator, span, ..
            }
            | FactError::Discretion {
                indicator, span, ..
            }
            | FactError::Experts {
                indicator, span, ..
            }
            | FactError::NotApplicableReason { indicator, span }
            | FactError::DiscretionKey {
                indicator, span, ..
            }
            | FactError::DiscretionField {
                indicator, span, ..
            }
            | FactError::NotApplicableScored {
                indicator, span, ..
            } => *span = self.key(indicator),
            _ => {}
        }
        error
    }

    /// The first place `name` is written as a key.
    fn key(&self, name: &str) -> Option<SourceSpan> {
        let (start, end) = self.key_range(name)?;
        Some(SourceSpan::from(start..end))
    }

    fn key_range(&self, name: &str) -> Option<(usize, usize)> {
        let quoted = format!("\"{name}\"");
        let mut from = 0;
        while let Some(found) = self.text.get(from..)?.find(&quoted) {
            let start = from + found;
            let end = start + quoted.len();
            let after = self.text.get(end..)?.trim_start_matches([' ', '\t']);
            if after.starts_with('=')
                || after.starts_with(':')
                || after.starts_with('.')
                || after.starts_with(']')
            {
                return Some((start, end));
            }
            from = end;
        }
        None
    }

    /// The value written after the key: to the end of the line, without a
    /// trailing comment or comma.
    fn value(&self, name: &str) -> Option<SourceSpan> {
        let (_, key_end) = self.key_range(name)?;
        let rest = self.text.get(key_end..)?;
        let separator = rest.find(['=', ':'])?;
        let value_text = rest.get(separator + 1..)?;
        let leading = value_text.len() - value_text.trim_start_matches([' ', '\t']).len();
        let start = key_end + separator + 1 + leading;
        let line = self.text.get(start..)?.lines().next().unwrap_or("");
        let without_comment = line.split(" #").next().unwrap_or(line);
        let length = without_comment
            .trim_end()
            .trim_end_matches(',')
            .trim_end()
            .len();
        Some(SourceSpan::from(start..start + length))
    }
}

/// The error with invisible characters in the keys and values it quotes
/// written as code points; only once its place is found by the key as
/// written.
fn spelt_out(mut error: FactError) -> FactError {
    match &mut error {
        FactError::UnknownFact { name, .. } => *name = visible(name),
        FactError::BadValue { name, value, .. } | FactError::OutOfRange { name, value, .. } => {
            *name = visible(name);
            *value = visible(value);
        }
        FactError::UnknownIndicator { indicator, .. } => *indicator = visible(indicator),
        _ => {}
    }
    error
}

fn from_toml(value: toml::Value) -> RawValue {
    match value {
        toml::Value::Integer(n) => RawValue::Number(n.to_string()),
        toml::Value::Float(f) => RawValue::Number(f.to_string()),
        toml::Value::String(s) => RawValue::Text(s),
        toml::Value::Boolean(b) => RawValue::Bool(b),
        toml::Value::Datetime(d) => RawValue::Text(d.to_string()),
        toml::Value::Table(t) => {
            RawValue::Table(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
        toml::Value::Array(items) => RawValue::List(items.into_iter().map(from_toml).collect()),
    }
}

pub(crate) fn from_json(value: serde_json::Value) -> RawValue {
    match value {
        serde_json::Value::Number(n) => RawValue::Number(n.to_string()),
        serde_json::Value::String(s) => RawValue::Text(s),
        serde_json::Value::Bool(b) => RawValue::Bool(b),
        serde_json::Value::Object(map) => {
            RawValue::Table(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
        serde_json::Value::Array(items) => {
            RawValue::List(items.into_iter().map(from_json).collect())
        }
        other => RawValue::Other(other.to_string()),
    }
}

/// Reads a printed value ("98.5%", "61.5万元", "353家", a plain number in
/// the type's unit) as a run-time value of type `ty`, in the ruleset's `units`.
pub fn parse_value(text: &str, ty: &Ty, units: &UnitTable) -> Option<Decimal> {
    let raw = if Decimal::from_str(text.trim()).is_ok() {
        RawValue::Number(text.trim().to_string())
    } else {
        RawValue::Text(text.to_string())
    };
    convert(&raw, ty, units)
}

/// A value of the right kind outside the fact's declared range.
pub(crate) fn out_of_range(fact: &Fact, raw: &RawValue) -> FactError {
    let bound =
        |end: Option<Decimal>| end.map_or_else(|| "不限".to_string(), |end| fact.ty.show(end));
    let range = fact.range.as_ref();
    FactError::OutOfRange {
        name: fact.name.clone(),
        value: written(raw),
        low: bound(range.and_then(|r| r.lo)),
        high: bound(range.and_then(|r| r.hi)),
        span: None,
    }
}

/// A raw value as the file writes it, for messages.
fn written(raw: &RawValue) -> String {
    match raw {
        RawValue::Number(n) => n.clone(),
        RawValue::Text(t) => format!("\"{t}\""),
        RawValue::Bool(b) => b.to_string(),
        RawValue::Table(_) => "（表）".to_string(),
        RawValue::List(_) => "（数组）".to_string(),
        RawValue::Other(o) => o.clone(),
    }
}

pub(crate) fn bad_value(fact: &Fact, raw: &RawValue, units: &UnitTable) -> FactError {
    let value = written(raw);
    let help = match &fact.ty {
        _ if matches!(raw, RawValue::Number(text) | RawValue::Text(text)
            if beyond_precision(split_number(text).0)) =>
        {
            PRECISION_HELP.to_string()
        }
        Ty::Bool => "写 true / false，或 \"是\" / \"否\"".to_string(),
        Ty::Date => {
            "写作 \"2024-12-31\"、\"2024/12/31\"、\"2024.12.31\" 或 \"2024年12月31日\"，年份四位（1900–2200）"
                .to_string()
        }
        Ty::Tier(levels) => format!("写其中一个档次：{}", levels.join("，")),
        Ty::Measure(measure) => format!(
            "写数值（单位{measure}），或带单位的文字，例如 \"61.5{measure}\"（同类单位：{}）",
            units.words_like(measure).join("、")
        ),
        Ty::Ratio { percent: true } => "写百分数，例如 \"98.46%\" 或 98.46".to_string(),
        _ => "写一个数值".to_string(),
    };
    FactError::BadValue {
        name: fact.name.clone(),
        value,
        expected: fact.ty.clone(),
        help,
        span: None,
    }
}

pub(crate) fn suggestion(key: &str, facts: &[Fact]) -> String {
    match crate::lang::check::closest(key, facts.iter().map(|fact| fact.name.as_str())) {
        Some(name) => format!("是否想写「{name}」？"),
        None => "检查拼写，或在规则的「事实」中声明它".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, Locator};
    use std::path::Path;

    /// The text `Locator::value` points at for `name` in `text`.
    fn value_at<'a>(text: &'a str, name: &str) -> Option<&'a str> {
        let span = (Locator { text }).value(name)?;
        text.get(span.offset()..span.offset() + span.len())
    }

    #[test]
    fn a_value_is_placed_without_the_space_comment_or_comma_around_it() {
        // TOML, spaced out and with a comment after the value.
        let toml = "\"满意度\" =   \"95%\"   # 抽样结果\n\"乙\" = 1";
        assert_eq!(value_at(toml, "满意度"), Some("\"95%\""));
        // JSON, spaced with a tab and followed by a comma.
        let json = "{\n  \"满意度\":\t\"95%\",\n  \"乙\": 1\n}";
        assert_eq!(value_at(json, "满意度"), Some("\"95%\""));
        assert_eq!(value_at(json, "乙"), Some("1"));
        // A key named in a table header first is placed where it takes a value.
        let tables = "[\"酌情\".\"满意度\"]\n\"得分\" = 8\n";
        assert_eq!(value_at(tables, "得分"), Some("8"));
        // The name written as another key's value is not its key.
        let as_value = "\"理由\" = \"满意度\"\n\"满意度\" = \"80%\"";
        assert_eq!(value_at(as_value, "满意度"), Some("\"80%\""));
    }

    #[test]
    fn a_facts_file_is_json_by_its_extension_in_any_case() {
        let of = |name: &str| Format::of_path(Path::new(name));
        assert_eq!(of("事实.json"), Format::Json);
        assert_eq!(of("事实.JSON"), Format::Json);
        assert_eq!(of("事实.toml"), Format::Toml);
        // No extension, or another one: TOML, the facts files' own format.
        assert_eq!(of("事实"), Format::Toml);
        assert_eq!(of("事实.json.txt"), Format::Toml);
    }
}
