//! The checker's state while it walks one ruleset, shared by the files that
//! check each concern (names, types, weights, rules, ranges).

use super::errors::CheckError;
use super::labels::Label;
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
    pub(super) because: Reasons,
}

/// Labels, oldest first, kept as a chain each point of a rule extends: a
/// clause's copy of what is known shares every earlier clause's labels
/// instead of repeating them, so a 评分 block of n clauses keeps n labels,
/// not n² (and copying what is known costs the same at every clause).
#[derive(Clone, Default)]
pub(super) struct Reasons {
    last: Option<Rc<Reason>>,
}

/// One label of a chain, after those before it.
struct Reason {
    span: Span,
    label: Label,
    before: Reasons,
}

impl Reasons {
    /// The labels `labels` gives, in its order.
    pub(super) fn from_labels(labels: Vec<(Span, Label)>) -> Reasons {
        let mut reasons = Reasons::default();
        for (span, label) in labels {
            reasons.push(span, label);
        }
        reasons
    }

    /// Adds a label after the others; one `span` already gave last is
    /// replaced (a clause gives one reason per value).
    pub(super) fn push(&mut self, span: Span, label: Label) {
        if let Some(last) = self.last.as_ref().filter(|last| last.span == span) {
            let before = last.before.clone();
            *self = before;
        }
        let before = std::mem::take(self);
        self.last = Some(Rc::new(Reason {
            span,
            label,
            before,
        }));
    }

    /// The labels, oldest first.
    pub(super) fn to_vec(&self) -> Vec<(Span, Label)> {
        let mut labels = Vec::new();
        let mut next = self.last.as_deref();
        while let Some(reason) = next {
            labels.push((reason.span, reason.label.clone()));
            next = reason.before.last.as_deref();
        }
        labels.reverse();
        labels
    }
}

impl std::fmt::Debug for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels = self
            .to_vec()
            .into_iter()
            .map(|(span, label)| (span, label.text()));
        f.debug_list().entries(labels).finish()
    }
}

impl Drop for Reasons {
    /// Unlinks the chain one label at a time, so that a long one does not
    /// recurse once per label.
    fn drop(&mut self) {
        let mut next = self.last.take();
        while let Some(reason) = next {
            next = Rc::try_unwrap(reason)
                .ok()
                .and_then(|mut reason| reason.before.last.take());
        }
    }
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
    /// … and only what a facts file cannot overstep (for coverage): a
    /// declared range (facts::out_of_range refuses a value outside it),
    /// yes/no and tiers; any other number is unbounded.
    pub(super) enforced_ranges: Rc<[Known]>,
    pub(super) used: Vec<bool>,
    pub(super) indicator_names: HashMap<String, Span>,
    pub(super) all_indicators: HashMap<String, Span>,
    /// Whether the indicators being checked are under a 加分项 or 减分项,
    /// where a rule none of whose clauses applies adjusts nothing.
    pub(super) in_adjustment: bool,
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

#[cfg(test)]
mod tests {
    use crate::lang::check::checker::Reasons;
    use crate::lang::span::Span;
    use std::collections::HashSet;
    use std::rc::Rc;

    /// The labels kept when each of `n` clauses adds one and keeps its own
    /// copy (as the range analysis keeps what each clause's scores rest
    /// on), counted once each however many copies share them.
    fn labels_stored(n: usize) -> usize {
        let mut reasons = Reasons::default();
        let mut copies = Vec::new();
        for clause in 0..n {
            reasons.push(
                Span::new(clause, clause + 1),
                format!("第{clause}条").into(),
            );
            copies.push(reasons.clone());
        }
        let mut stored = HashSet::new();
        for copy in &copies {
            let mut next = copy.last.as_ref();
            while let Some(reason) = next {
                if !stored.insert(Rc::as_ptr(reason)) {
                    break;
                }
                next = reason.before.last.as_ref();
            }
        }
        assert_eq!(copies.last().map(|copy| copy.to_vec().len()), Some(n));
        stored.len()
    }

    #[test]
    fn labels_grow_with_the_clauses_not_their_square() {
        assert_eq!(labels_stored(1_000), 1_000);
        assert_eq!(labels_stored(2_000), 2_000);
    }

    #[test]
    fn a_second_label_from_the_same_clause_replaces_the_first() {
        let mut reasons = Reasons::from_labels(vec![(Span::new(0, 1), "声明".into())]);
        reasons.push(Span::new(5, 6), "适用于 完成值 ≥ 1".into());
        reasons.push(Span::new(5, 6), "适用于 1 ≤ 完成值 < 5".into());
        let texts: Vec<String> = reasons
            .to_vec()
            .into_iter()
            .map(|(_, label)| label.text())
            .collect();
        assert_eq!(texts, ["声明", "适用于 1 ≤ 完成值 < 5"]);
    }

    #[test]
    fn a_long_chain_drops_without_deep_recursion() {
        let mut reasons = Reasons::default();
        for clause in 0..1_000_000 {
            reasons.push(Span::new(clause, clause + 1), "".into());
        }
        drop(reasons);
    }
}
