//! Names: resolving fact references and tier levels, suggesting what a
//! misspelt name meant, and reporting duplicate and unused names.

use super::checker::Checker;
use super::errors::CheckError;
use super::program::{Checked, FactId, FactRef, TierLevel};
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Ty;
use std::collections::HashMap;

impl Checker {
    /// Reports a tier level declared twice in one fact.
    pub(super) fn tier_labels(&mut self, kind: &FactKind) {
        if let FactKind::Tier(levels) = kind {
            let names: Vec<&Name> = levels.iter().collect();
            self.duplicates("档次", &names);
        }
    }

    /// Reports names that occur twice in `names`, pointing at both.
    pub(super) fn duplicates(&mut self, what: &'static str, names: &[&Name]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for name in names {
            match seen.get(name.text.as_str()) {
                Some(first) => self.errors.push(CheckError::DuplicateName {
                    what,
                    name: name.text.clone(),
                    span: name.span.into(),
                    first: (*first).into(),
                }),
                None => {
                    seen.insert(&name.text, name.span);
                }
            }
        }
    }

    /// Reports a 等级 band named twice in the header.
    pub(super) fn grades(&mut self, header: &Header) {
        let names: Vec<&Name> = header.grades.iter().map(|grade| &grade.name).collect();
        self.duplicates("等级", &names);
    }

    /// The ruleset's own facts no rule reads (a library's may go unused).
    pub(super) fn unused_facts(&mut self) {
        for (fact, used) in self.facts.iter().zip(&self.used).take(self.own_facts) {
            if !used {
                self.errors.push(CheckError::UnusedFact {
                    name: fact.name.clone(),
                    span: fact.span.into(),
                });
            }
        }
    }

    /// Resolves `X 为 A`: the tier fact and the level it names.
    pub(super) fn tier_guard(&mut self, fact: &Name, label: &Name) -> Guard<Checked> {
        let (fact, level) = self.tier_level(fact, label);
        Guard::Tier(fact, level)
    }

    /// A 档次 fact and one of its levels, each reported if it is not one.
    pub(super) fn tier_level(&mut self, fact: &Name, label: &Name) -> (FactRef, TierLevel) {
        let fact_ref = self.fact_ref(fact);
        let index = match &self.fact_ty(fact_ref.id) {
            Ty::Tier(levels) => {
                let index = levels.iter().position(|level| level == &label.text);
                if index.is_none() {
                    let declared = levels.join("，");
                    let help = match closest(&label.text, levels.iter().map(String::as_str)) {
                        Some(level) => format!("是否想写「{level}」？已声明的档次：{declared}"),
                        None => format!(
                            "已声明的档次：{declared}；要用新的档次，先在「事实」的「档次（…）」中加上"
                        ),
                    };
                    self.errors.push(CheckError::UndefinedTier {
                        label: label.text.clone(),
                        fact: fact.text.clone(),
                        span: label.span.into(),
                        help,
                    });
                }
                index.unwrap_or(0)
            }
            other => {
                if self.fact_ids.contains_key(&fact.text) {
                    self.errors.push(CheckError::WrongType {
                        expected: "档次类事实",
                        found: other.clone(),
                        text: fact.text.clone(),
                        span: fact.span.into(),
                        help: "「X 为 A 得…」只用于声明为「档次（…）」的事实".into(),
                    });
                }
                0
            }
        };
        (
            fact_ref,
            TierLevel {
                index,
                name: label.clone(),
            },
        )
    }

    /// A fact's type; an unresolved reference has the type that combines with all.
    pub(super) fn fact_ty(&self, id: FactId) -> Ty {
        self.facts
            .get(id.0)
            .map_or(Ty::Plain, |fact| fact.ty.clone())
    }

    /// Resolves a fact name. An unknown name is reported and stands for no fact,
    /// so that checking goes on; no program is built while errors exist.
    pub(super) fn fact_ref(&mut self, name: &Name) -> FactRef {
        self.fact_ref_as(name, false)
    }

    /// Resolves a name used as a condition on its own: an undeclared one is
    /// offered as a 是否 fact.
    pub(super) fn condition_ref(&mut self, name: &Name) -> FactRef {
        self.fact_ref_as(name, true)
    }

    /// Resolves a fact name; `as_condition` tells what to offer for an
    /// undeclared one.
    fn fact_ref_as(&mut self, name: &Name, as_condition: bool) -> FactRef {
        if let Some(id) = self.fact_ids.get(&name.text) {
            self.used[id.0] = true;
            return FactRef {
                id: *id,
                span: name.span,
            };
        }
        match self.all_indicators.get(&name.text) {
            Some(defined) => self.errors.push(CheckError::IndicatorReference {
                name: name.text.clone(),
                span: name.span.into(),
                defined: (*defined).into(),
            }),
            None if starts_with_number(&name.text) => {
                self.errors.push(CheckError::unknown_unit(name));
            }
            None => {
                let (help, meant) = self.suggestion(&name.text, as_condition);
                // The fact meant is not "unused": that would report one slip twice.
                if let Some(meant) = meant {
                    self.used[meant.0] = true;
                }
                self.errors.push(CheckError::UndefinedName {
                    name: name.text.clone(),
                    span: name.span.into(),
                    help,
                });
            }
        }
        FactRef {
            id: FactId(usize::MAX),
            span: name.span,
        }
    }

    /// What the writer of an undeclared name probably meant, and the fact
    /// it names if it names one.
    fn suggestion(&self, name: &str, as_condition: bool) -> (String, Option<FactId>) {
        let tier_levels = self.facts.iter().flat_map(|fact| match &fact.ty {
            Ty::Tier(levels) => levels.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        });
        let declared = self
            .facts
            .iter()
            .map(|fact| fact.name.as_str())
            .chain(tier_levels);
        let fact_in = |text: &str| {
            self.facts
                .iter()
                .filter(|fact| text.contains(fact.name.as_str()))
                .max_by_key(|fact| fact.name.len())
                .and_then(|fact| self.fact_ids.get(&fact.name).copied())
        };
        if let Some((_, spaced)) = crate::lang::parse::respace_glued(name, declared.clone()) {
            return (
                format!("名称与关键字之间要加空格：「{spaced}」"),
                fact_in(name),
            );
        }
        let negated = ["不", "非", "未"]
            .iter()
            .find_map(|word| Some((*word, name.strip_prefix(word)?)))
            .filter(|(_, rest)| self.fact_ids.contains_key(*rest));
        if let Some((word, rest)) = negated {
            return (
                format!("否定词后要加空格：「{word} {rest}」"),
                self.fact_ids.get(rest).copied(),
            );
        }
        let keywords = ["完成值", "标杆值", "权重", "否则", "反之"];
        let indicators = self.all_indicators.keys().map(String::as_str);
        match closest(name, declared.chain(indicators)) {
            Some(candidate) if self.all_indicators.contains_key(candidate) => (
                format!(
                    "是否想写「{candidate}」？在指标「{candidate}」之内，它的完成值写作「完成值」"
                ),
                None,
            ),
            Some(candidate) => match self.fact_ids.get(candidate) {
                Some(&fact) => (format!("是否想写「{candidate}」？"), Some(fact)),
                None => (
                    format!("是否想写「{}」？", self.level_test(candidate)),
                    None,
                ),
            },
            None => match closest(name, keywords.into_iter()) {
                Some(keyword) => (format!("是否想写关键字「{keyword}」？"), None),
                None => (declare_help(name, as_condition), None),
            },
        }
    }

    /// A level of a 档次 fact as the comparison that tests it:
    /// 「综合治理效果 为 明显」 for 明显.
    fn level_test(&self, level: &str) -> String {
        let has_level = |fact: &&super::program::Fact| match &fact.ty {
            Ty::Tier(levels) => levels.iter().any(|name| name == level),
            _ => false,
        };
        match self.facts.iter().find(has_level) {
            Some(fact) => format!("{} 为 {level}", fact.name),
            None => level.to_string(),
        }
    }
}

/// How to declare an undeclared name: a condition on its own is a 是否 fact,
/// and one that starts with a negation (没有发生生产安全事故) is offered both
/// as the negated fact and whole.
fn declare_help(name: &str, as_condition: bool) -> String {
    if !as_condition {
        return format!("在「事实 {{ … }}」中声明它，例如「{name}: 万元」");
    }
    let negated = ["没有", "不", "未", "无", "非"].iter().find_map(|word| {
        Some((
            *word,
            name.strip_prefix(word).filter(|rest| !rest.is_empty())?,
        ))
    });
    match negated {
        Some((word, rest)) => format!(
            "条件要用「是否」类事实：声明「{rest}: 是否」，这里的「{word}」读作否定；\
             或把整句声明为一个事实：「{name}: 是否」"
        ),
        None => format!("条件要用「是否」类事实：在「事实 {{ … }}」中声明「{name}: 是否」"),
    }
}

/// Every indicator's name and where it is written, first declaration first.
pub(super) fn collect_indicators(groups: &[Group<Parsed>], out: &mut HashMap<String, Span>) {
    for group in groups {
        for child in &group.children {
            match child {
                Node::Group(inner) => collect_indicators(std::slice::from_ref(inner), out),
                Node::Indicator(indicator) => {
                    out.entry(indicator.name.text.clone())
                        .or_insert(indicator.name.span);
                }
            }
        }
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to
/// be a slip of the keyboard rather than another name: one character in a
/// short name, about one in three in a long one.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = name.chars().count();
    candidates
        .map(|candidate| (strsim::osa_distance(candidate, name), candidate))
        .filter(|(distance, candidate)| {
            let allowed = (candidate.chars().count().max(length) + 1) / 3;
            *distance <= allowed.max(1) && *distance < length
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Whether a name starts with a number: `100床位`, read whole as a name
/// because 床位 is not a unit, is a quantity in a unit the table lacks.
fn starts_with_number(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests;
