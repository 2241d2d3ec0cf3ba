//! The quick way through a JSON facts row: one flat object of declared
//! facts, read straight into their slots without building a JSON tree.
//!
//! Anything else — a key that is not a declared fact, a repeated key, a
//! nested table (酌情, 专家评分, 不适用, 报告), a value of the wrong kind or outside its range,
//! text the parser refuses — gives `None`, and the caller reads the row the
//! full way, which reports every mistake with its place. So the quick way
//! decides nothing the full way would decide otherwise.

use crate::lang::compile::Compiled;
use crate::lang::units::{Ty, UnitTable};
use crate::score::values::{
    ambiguous_percent_number, convert, convert_number, convert_text, is_project_table,
    outside_range, RawValue,
};
use rust_decimal::Decimal;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The row's facts by slot, if it is a flat object of valid declared facts.
pub(crate) fn read(text: &str, compiled: &Compiled) -> Option<Vec<Option<Decimal>>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let values = Row { compiled }.deserialize(&mut deserializer).ok()??;
    deserializer.end().ok()?;
    Some(values)
}

/// Reads one object into slots; `Ok(None)` when the full way must decide.
struct Row<'a> {
    compiled: &'a Compiled,
}

impl<'de> DeserializeSeed<'de> for Row<'_> {
    type Value = Option<Vec<Option<Decimal>>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Row<'_> {
    type Value = Option<Vec<Option<Decimal>>>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object of facts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let facts = &self.compiled.facts;
        let mut values = vec![None; facts.len()];
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let reserved = is_project_table(&key);
            let Some(&slot) = self
                .compiled
                .fact_slots
                .get(key.as_ref())
                .filter(|_| !reserved)
            else {
                return Ok(None);
            };
            let fact = &facts[slot];
            let value = map
                .next_value::<Scalar>()?
                .value(&fact.ty, &self.compiled.units);
            match value {
                Some(value) if values[slot].is_none() && !outside_range(fact, value) => {
                    values[slot] = Some(value);
                }
                _ => return Ok(None),
            }
        }
        // A fact the rules read and the row omits is warned of the full way.
        let complete = facts
            .iter()
            .zip(&values)
            .all(|(fact, value)| !fact.used || value.is_some());
        Ok(complete.then_some(values))
    }
}

/// A number, text or yes/no as the full way reads it, text borrowed from
/// the line where it can be; `Other` for anything else (which the full way
/// reports).
enum Scalar<'de> {
    Number(Decimal),
    Text(Cow<'de, str>),
    Bool(bool),
    Other,
}

impl Scalar<'_> {
    /// The fact's run-time value, as [`convert`] gives it; `None` where the
    /// full way must decide (an ambiguous percent is reported that way).
    fn value(&self, ty: &Ty, units: &UnitTable) -> Option<Decimal> {
        match self {
            Scalar::Number(number) if !ambiguous_percent_number(*number, ty) => {
                convert_number(*number, ty)
            }
            Scalar::Text(text) => convert_text(text, ty, units),
            Scalar::Bool(value) => convert(&RawValue::Bool(*value), ty, units),
            Scalar::Number(_) | Scalar::Other => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a fact's value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Decimal::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Decimal::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Scalar<'de>, E> {
        // As the full way writes a JSON number before reading it, so that
        // both read it alike.
        let number = serde_json::Number::from_f64(value)
            .and_then(|number| Decimal::from_str_exact(&number.to_string()).ok());
        Ok(number.map_or(Scalar::Other, Scalar::Number))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(value.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

#[cfg(test)]
mod tests;
