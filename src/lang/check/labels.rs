//! The labels the range analysis puts on its findings: text written out
//! already, or what a clause left of a value, kept as data and written out
//! only when a finding shows it — most rules have no finding, and writing
//! every narrowing out was a tenth of linking and checking a ruleset.

use crate::lang::units::{Interval, Ty};
use std::rc::Rc;

/// One label's text, or what it will say.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Label {
    /// Written out already: a declaration's range, 余下的情况 ….
    Text(Rc<str>),
    /// What a clause left of a value.
    Narrowed(Rc<Narrowed>),
}

impl Label {
    /// The label as a finding shows it.
    pub(super) fn text(&self) -> String {
        match self {
            Label::Text(text) => text.to_string(),
            Label::Narrowed(narrowed) => {
                let described = narrowed.shown.describe(&narrowed.name);
                if narrowed.taken {
                    format!("这条规则适用于 {described}")
                } else {
                    format!("这条规则之后，余下 {described}")
                }
            }
        }
    }

    /// Whether the label says nothing (an empty text).
    pub(super) fn is_empty(&self) -> bool {
        matches!(self, Label::Text(text) if text.is_empty())
    }
}

impl From<&str> for Label {
    fn from(text: &str) -> Label {
        Label::Text(Rc::from(text))
    }
}

impl From<String> for Label {
    fn from(text: String) -> Label {
        Label::Text(Rc::from(text))
    }
}

/// What a clause left of a value, for the label on that clause.
#[derive(Debug, PartialEq)]
pub(super) struct Narrowed {
    /// Whether the clause applies there (适用于) or has been passed over (之后，余下).
    pub(super) taken: bool,
    /// The value as the clause writes it: 完成值, 标杆值 or a fact's name.
    pub(super) name: String,
    /// What was left of it.
    pub(super) shown: Shown,
}

/// The values left of one value, with what it takes to write them out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shown {
    /// An interval of a type's values.
    Interval(Ty, Interval),
    /// A 档次's levels, with those still possible (all where none is ruled out).
    Levels(Vec<String>, Option<Vec<bool>>),
}

impl Shown {
    /// How the values read under `name`: `0% ≤ 完成值 < 90%`,
    /// `综合治理效果 为 一般、没有 之一`.
    pub(super) fn describe(&self, name: &str) -> String {
        match self {
            Shown::Interval(ty, values) => describe_interval(name, ty, values),
            Shown::Levels(levels, possible) => describe_levels(name, levels, possible.as_ref()),
        }
    }
}

/// The levels of a 档次 still possible here (all where no clause has
/// narrowed it): `综合治理效果 为 一般、没有 之一`.
fn describe_levels(name: &str, levels: &[String], possible: Option<&Vec<bool>>) -> String {
    let left: Vec<&str> = levels
        .iter()
        .enumerate()
        .filter(|(index, _)| possible.is_none_or(|possible| possible.get(*index) == Some(&true)))
        .map(|(_, level)| level.as_str())
        .collect();
    match left.as_slice() {
        [] => format!("「{name}」已无可取的值"),
        [level] => format!("{name} 为 {level}"),
        _ => format!("{name} 为 {} 之一", left.join("、")),
    }
}

/// `0% ≤ 完成值 < 90%`, `完成值 ≥ 0家`, `完成值 = 2个`.
fn describe_interval(name: &str, ty: &Ty, values: &Interval) -> String {
    if values.is_empty() {
        return format!("「{name}」已无可取的值");
    }
    if let Some(value) = values.single() {
        return format!("{name} = {}", ty.show(value));
    }
    let sign = |open: bool| if open { "<" } else { "≤" };
    match (values.lo, values.hi) {
        (Some(lo), Some(hi)) => format!(
            "{} {} {name} {} {}",
            ty.show(lo),
            sign(values.lo_open),
            sign(values.hi_open),
            ty.show(hi)
        ),
        (Some(lo), None) => format!(
            "{name} {} {}",
            if values.lo_open { ">" } else { "≥" },
            ty.show(lo)
        ),
        (None, Some(hi)) => format!("{name} {} {}", sign(values.hi_open), ty.show(hi)),
        (None, None) => format!("{name} 可取任何值"),
    }
}
