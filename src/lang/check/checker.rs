//! The checker's state while it walks one ruleset, shared by the files that
//! check each concern (names, types, weights, rules, ranges).

use super::errors::CheckError;
use super::program::{Fact, FactId, ValueTypes};
use crate::lang::ast::*;
use crate::lang::span::Span;
use crate::lang::units::{Interval, Ty};
use std::collections::HashMap;
use std::rc::Rc;

/// The values a fact may take, and whether a declaration says so.
#[derive(Debug, Clone)]
pub(super) struct FactRange {
    /// The values, in run-time units.
    pub(super) values: Interval,
    /// The `在 …..…` phrase, if the range is declared.
    pub(super) declared: Option<Span>,
}

/// What is known of one value at one point of a rule, and why.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) values: Interval,
    /// The declarations and clauses that narrowed it, as labels.
    pub(super) because: Vec<(Span, String)>,
}

/// The checker's state while walking one ruleset.
pub(super) struct Checker {
    /// How many of `facts` the ruleset declares itself (the rest come from libraries).
    pub(super) own_facts: usize,
    pub(super) facts: Vec<Fact>,
    pub(super) fact_ids: HashMap<String, FactId>,
    pub(super) ranges: Vec<FactRange>,
    /// What the range analysis knows of each fact before any clause,
    /// trusting declarations (for warnings) …
    pub(super) declared_ranges: Rc<[Known]>,
    /// … and taking every number as unbounded (for coverage).
    pub(super) unbounded_ranges: Rc<[Known]>,
    pub(super) used: Vec<bool>,
    pub(super) indicator_names: HashMap<String, Span>,
    pub(super) all_indicators: HashMap<String, Span>,
    pub(super) value_types: Vec<ValueTypes>,
    pub(super) errors: Vec<CheckError>,
}

/// What an expression may refer to: the indicator it is in, and its values' types.
pub(super) struct Scope<'a> {
    pub(super) indicator: &'a Indicator<Parsed>,
    pub(super) actual: Given,
    pub(super) target: Given,
}

/// Whether an indicator gives a value (完成值, 标杆值), and its type.
#[derive(Debug, Clone)]
pub(super) enum Given {
    /// Not written.
    Absent,
    /// Written, but its type is unknown because of an error already reported;
    /// it then combines with anything, so that one mistake is reported once.
    Unknown,
    /// Written, of this type.
    Known(Ty),
}

impl Given {
    /// The value's type, if it is written and known.
    pub(super) fn ty(&self) -> Option<Ty> {
        match self {
            Given::Known(ty) => Some(ty.clone()),
            Given::Absent | Given::Unknown => None,
        }
    }

    /// A written value: known if its expression has a type.
    pub(super) fn of(ty: Option<Ty>) -> Given {
        ty.map_or(Given::Unknown, Given::Known)
    }
}

/// Where an indicator's 完成值 is written, or its name if it has none.
pub(super) fn actual_span(indicator: &Indicator<Parsed>) -> Span {
    indicator
        .actual
        .as_ref()
        .map_or(indicator.name.span, |actual| actual.span)
}
