//! Checking: resolves the names, units, weights and ranges of a parsed
//! [`Ruleset<Parsed>`] into a [`Program`], a ruleset whose every name is a
//! fact slot or tier level and whose every expression has a type, with every
//! error and warning found. It uses only the `crate::lang` modules below it
//! ([`ast`](crate::lang::ast), [`span`](crate::lang::span),
//! [`units`](crate::lang::units), [`parse`](crate::lang::parse)) and
//! [`crate::files`].

mod card;
mod checker;
mod deduction;
mod errors;
mod facts;
mod glued;
mod grades;
mod labels;
mod names;
mod printed;
mod program;
mod range_findings;
mod ranges;
mod rules;
mod types;
mod weights;
mod zero_division;

pub use errors::CheckError;
pub use names::closest;
pub use program::{Checked, Fact, FactId, FactRef, Program, TierLevel, ValueTypes};

use crate::lang::ast::{Group, Parsed, Ruleset};
use checker::Checker;
use names::collect_indicators;

/// Checks a parsed ruleset. Returns the program (if there are no errors) and
/// every diagnostic found, warnings included.
pub fn check(ruleset: Ruleset<Parsed>) -> (Option<Program>, Vec<CheckError>) {
    let (ruleset, readings) = printed::read_as_printed(ruleset);
    let mut checker = Checker::new(&ruleset.facts, &ruleset.library_facts);
    checker.errors.extend(readings);
    checker.grades(&ruleset.header);
    checker.grade_order(&ruleset.header.grades);
    collect_indicators(&ruleset.groups, &mut checker.all_indicators);
    let groups: Vec<Group<Checked>> = ruleset
        .groups
        .iter()
        .map(|group| checker.group(group))
        .collect();
    checker.total_weight(&ruleset.header, &ruleset.groups);
    checker.adjustments(&ruleset.header, &ruleset.groups);
    let card_rules = checker.card_rules(&ruleset.header, &ruleset.card_rules);
    checker.unused_facts();
    let Checker {
        mut facts,
        used,
        errors,
        value_types,
        ..
    } = checker;
    for (fact, used) in facts.iter_mut().zip(used) {
        fact.used = used;
    }
    let program = (!errors.iter().any(CheckError::is_error)).then_some(Program {
        ruleset: Ruleset {
            header: ruleset.header,
            facts: ruleset.facts,
            library_facts: ruleset.library_facts,
            groups,
            card_rules,
            units: ruleset.units,
        },
        facts,
        value_types,
    });
    (program, errors)
}
