//! Conditions printed without spaces, read with the declared names.
//!
//! The grammar ends a name where a keyword it can recognise on its own
//! begins (得满分, 扣2分, 每降低1…, 大于90%…). What is left is a run such
//! as `不发生生产安全事故`, `立项符合法规且程序规范` or
//! `纳入监管数低于应纳入监管数`, which only the declared names can split:
//! a 是否 fact after a negation word (没有, 不, 未, 无, 非), conditions joined
//! by 或 or 且 (或 binds looser), and a comparison word between two values
//! (declared facts, the indicator's own name, 完成值, 标杆值, 权重). Every
//! way the run splits is a reading; a declared name is never split.

use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::Unit;
use std::collections::HashMap;

/// Words that negate a 是否 fact they are glued to, longest first.
const NEGATIONS: [&str; 5] = ["没有", "不", "未", "无", "非"];

/// Comparison words, longest first, with the comparison each means.
const COMPARISONS: [(&str, CmpOp); 21] = [
    ("大于等于", CmpOp::Ge),
    ("小于等于", CmpOp::Le),
    ("不低于", CmpOp::Ge),
    ("不少于", CmpOp::Ge),
    ("不小于", CmpOp::Ge),
    ("不高于", CmpOp::Le),
    ("不多于", CmpOp::Le),
    ("不超过", CmpOp::Le),
    ("不大于", CmpOp::Le),
    ("未达到", CmpOp::Lt),
    ("未超过", CmpOp::Le),
    ("大于", CmpOp::Gt),
    ("小于", CmpOp::Lt),
    ("等于", CmpOp::Eq),
    ("低于", CmpOp::Lt),
    ("高于", CmpOp::Gt),
    ("达到", CmpOp::Ge),
    ("超过", CmpOp::Gt),
    ("少于", CmpOp::Lt),
    ("多于", CmpOp::Gt),
    ("不足", CmpOp::Lt),
];

/// Words between a 档次 fact and its level in a glued tier test; none at all
/// in `财务会计制度健全的得10分`.
const TIER_LINKS: [&str; 3] = ["为", "是", ""];

/// The words that join a run of conditions to a comparison's subject
/// (`地区为中部并且完成值 ≥ 40%`), with what each makes of the two.
type Combine = fn(Vec<Condition<Parsed>>) -> Condition<Parsed>;
const SUBJECT_JOINS: [(&str, Combine); 6] = [
    ("或者", Condition::Any),
    ("或", Condition::Any),
    ("并且", Condition::All),
    ("而且", Condition::All),
    ("同时", Condition::All),
    ("且", Condition::All),
];

/// The words of `完成值超过指标值30%以上`, and whether each says above.
const EXCESS_WORDS: [(&str, bool); 5] = [
    ("超过", true),
    ("超出", true),
    ("高出", true),
    ("高于", true),
    ("低于", false),
];

/// What tables print for the indicator's 标杆值 (its 指标值, 目标值) when no
/// fact of that name is declared.
const TARGET_WORDS: [&str; 2] = ["指标值", "目标值"];

/// A run longer than this many joining words is not split (each split
/// point multiplies the readings to try).
const MAX_JOINS: usize = 8;

/// A run longer than this many bytes is not split: printed conditions are a
/// few dozen characters, and each split point looks its parts up anew.
pub(super) const MAX_SPLIT_LEN: usize = 600;

/// One way to read a run: the condition and the run with spaces put in.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// What the run means.
    pub(super) condition: Condition<Parsed>,
    /// The run as it reads with spaces: `不 发生生产安全事故`.
    pub(super) spaced: String,
}

/// Splits runs with the names one indicator can see.
pub(super) struct Reader<'a> {
    /// Every declared fact and its kind.
    pub(super) facts: &'a HashMap<String, FactKind>,
    /// The indicator's own name, which stands for its 完成值.
    pub(super) own: &'a str,
}

impl Reader<'_> {
    /// Every reading of a run that is not itself a declared name.
    pub(super) fn readings(&self, name: &Name) -> Vec<Reading> {
        let joins = name.text.matches(['且', '或']).count();
        if self.facts.contains_key(&name.text)
            || joins > MAX_JOINS
            || name.text.len() > MAX_SPLIT_LEN
        {
            return Vec::new();
        }
        self.split(name)
    }

    /// The readings of a run as a condition: a declared 是否 fact as is,
    /// otherwise every split.
    fn condition(&self, name: &Name) -> Vec<Reading> {
        if matches!(self.facts.get(&name.text), Some(FactKind::Bool)) {
            return vec![Reading {
                condition: Condition::Fact(name.clone()),
                spaced: name.text.clone(),
            }];
        }
        if self.facts.contains_key(&name.text) {
            return Vec::new();
        }
        self.split(name)
    }

    fn split(&self, name: &Name) -> Vec<Reading> {
        // 发生安全事故的，扣2分: a condition printed with 的 after it.
        if let Some(stem) = name.text.strip_suffix('的').filter(|stem| !stem.is_empty()) {
            let stem = sub_name(name, 0, stem.len());
            let readings = self.condition(&stem);
            if !readings.is_empty() {
                return readings;
            }
        }
        let any = self.joined(name, '或', Condition::Any);
        if !any.is_empty() {
            return any;
        }
        let mut readings = self.joined(name, '且', Condition::All);
        readings.extend(self.negated(name));
        readings.extend(self.compared(name));
        readings.extend(self.tier(name).map(|(fact, level)| Reading {
            spaced: format!("{} 为 {}", fact.text, level.text),
            condition: Condition::Tier(fact, level),
        }));
        readings.extend(self.bare_level(name));
        readings
    }

    /// `中部`: a level of a declared 档次 fact written alone, as tables print
    /// per-region thresholds (`中部≥40%,西部≥30%`), is that fact at that
    /// level; a level of two facts reads both ways.
    fn bare_level(&self, name: &Name) -> Vec<Reading> {
        let mut readings: Vec<Reading> = self
            .facts
            .iter()
            .filter(|(_, kind)| {
                matches!(kind, FactKind::Tier(levels)
                    if levels.iter().any(|level| level.text == name.text))
            })
            .map(|(fact, _)| Reading {
                spaced: format!("{fact} 为 {}", name.text),
                condition: Condition::Tier(
                    Name {
                        text: fact.clone(),
                        span: name.span,
                    },
                    name.clone(),
                ),
            })
            .collect();
        // The facts map has no order; the ambiguity report lists them sorted.
        readings.sort_by(|a, b| a.spaced.cmp(&b.spaced));
        readings
    }

    /// The levels of a declared 档次 fact.
    pub(super) fn levels(&self, fact: &str) -> Option<&[Name]> {
        match self.facts.get(fact) {
            Some(FactKind::Tier(levels)) => Some(levels),
            _ => None,
        }
    }

    /// `综合治理效果为明显`, `地区为中部`, `财务会计制度健全的` as the 档次 fact
    /// and the level it joins (a 的 after the level is the printed 「…的，得X分」).
    pub(super) fn tier(&self, name: &Name) -> Option<(Name, Name)> {
        if self.facts.contains_key(&name.text) || name.text.len() > MAX_SPLIT_LEN {
            return None;
        }
        let text = without_de(&name.text);
        text.char_indices().find_map(|(at, _)| {
            let (fact, rest) = text.split_at(at);
            let levels = self.levels(fact)?;
            TIER_LINKS.iter().find_map(|link| {
                let level = rest.strip_prefix(link)?;
                levels
                    .iter()
                    .any(|declared| declared.text == level)
                    .then(|| {
                        (
                            sub_name(name, 0, at),
                            sub_name(name, at + link.len(), text.len()),
                        )
                    })
            })
        })
    }

    /// `完成值超过指标值30%以上`: a bound (`share` 以上, `op` ≥ or, for
    /// （不含）以上, >) whose subject, as parsed, is two values joined by
    /// 超过 or 低于. Every split that links both values.
    pub(super) fn excess(
        &self,
        subject: &Name,
        op: CmpOp,
        share: &Expr<Parsed>,
        span: Span,
    ) -> Vec<Reading> {
        let ExprKind::Quantity(percent, Some(Unit::Percent)) = share.kind else {
            return Vec::new();
        };
        if !matches!(op, CmpOp::Ge | CmpOp::Gt) || self.facts.contains_key(&subject.text) {
            return Vec::new();
        }
        let mut readings = Vec::new();
        for (word, above) in EXCESS_WORDS {
            for (at, _) in subject.text.match_indices(word) {
                let left = sub_name(subject, 0, at);
                let right = sub_name(subject, at + word.len(), subject.text.len());
                let (Some(value), Some(reference)) = (self.value(&left), self.value(&right)) else {
                    continue;
                };
                let strict = op == CmpOp::Gt;
                let share = (percent, share.span);
                readings.push(Reading {
                    spaced: format!("{} {word} {} {percent}%以上", left.text, right.text),
                    condition: Condition::excess(above, strict, value, reference, share, span),
                });
            }
        }
        readings
    }

    /// `地区为中部且完成值 ≥ 40%`: a comparison whose subject, as parsed, is a
    /// run of conditions joined to the value compared by its last 且 or 或
    /// (`地区为东部或地区为中部且完成值 ≥ 40%` splits at 或 first, then reads
    /// its right part the same way). Every reading of `left op right`.
    pub(super) fn glued_subject(
        &self,
        subject: &Name,
        compare: &dyn Fn(Expr<Parsed>) -> Condition<Parsed>,
        written: &str,
    ) -> Vec<Reading> {
        if self.facts.contains_key(&subject.text) || subject.text.len() > MAX_SPLIT_LEN {
            return Vec::new();
        }
        let mut readings = Vec::new();
        for (word, combine) in SUBJECT_JOINS {
            let Some(at) = subject.text.rfind(word) else {
                continue;
            };
            let left = sub_name(subject, 0, at);
            let right = sub_name(subject, at + word.len(), subject.text.len());
            let is_or = word.starts_with('或');
            // 且 binds tighter than 或: 甲或乙且完成值 ≥ 40% is not (甲或乙) 且 ….
            if !is_or && left.text.contains('或') {
                continue;
            }
            let compared = match self.value(&right) {
                Some(value) => vec![Reading {
                    condition: compare(value),
                    spaced: format!("{} {written}", right.text),
                }],
                None if is_or => self.glued_subject(&right, compare, written),
                None => continue,
            };
            for first in self.condition(&left) {
                for second in &compared {
                    readings.push(Reading {
                        condition: combine(vec![first.condition.clone(), second.condition.clone()]),
                        spaced: format!("{} {word} {}", first.spaced, second.spaced),
                    });
                }
            }
        }
        readings
    }

    /// `甲且乙`: every split at `word` whose both sides read as conditions.
    fn joined(
        &self,
        name: &Name,
        word: char,
        combine: fn(Vec<Condition<Parsed>>) -> Condition<Parsed>,
    ) -> Vec<Reading> {
        let mut readings = Vec::new();
        for (at, _) in name.text.match_indices(word) {
            let left = sub_name(name, 0, at);
            let right = sub_name(name, at + word.len_utf8(), name.text.len());
            if left.text.is_empty() || right.text.is_empty() {
                continue;
            }
            for first in self.condition(&left) {
                for second in self.condition(&right) {
                    readings.push(Reading {
                        condition: combine(vec![first.condition.clone(), second.condition]),
                        spaced: format!("{} {word} {}", first.spaced, second.spaced),
                    });
                }
            }
        }
        readings
    }

    /// `不发生生产安全事故`: a negation word before a declared 是否 fact.
    fn negated(&self, name: &Name) -> Vec<Reading> {
        NEGATIONS
            .iter()
            .filter_map(|word| {
                let rest = name.text.strip_prefix(word)?;
                matches!(self.facts.get(rest), Some(FactKind::Bool)).then(|| Reading {
                    condition: Condition::Not(Box::new(Condition::Fact(sub_name(
                        name,
                        word.len(),
                        name.text.len(),
                    )))),
                    spaced: format!("{word} {rest}"),
                })
            })
            .take(1)
            .collect()
    }

    /// `纳入监管数低于应纳入监管数`: a comparison word between two values.
    fn compared(&self, name: &Name) -> Vec<Reading> {
        let mut readings = Vec::new();
        for (at, _) in name.text.char_indices() {
            let Some((word, op)) = COMPARISONS
                .iter()
                .find(|(word, _)| name.text[at..].starts_with(word))
            else {
                continue;
            };
            let left = sub_name(name, 0, at);
            let right = sub_name(name, at + word.len(), name.text.len());
            if let (Some(left_value), Some(right_value)) = (self.value(&left), self.value(&right)) {
                readings.push(Reading {
                    condition: Condition::Compare(*op, left_value, right_value, name.span),
                    spaced: format!("{} {word} {}", left.text, right.text),
                });
            }
        }
        readings
    }

    /// A value a comparison can read: a declared fact that is not 是否, the
    /// indicator's own name, or 完成值, 标杆值, 权重.
    fn value(&self, name: &Name) -> Option<Expr<Parsed>> {
        let kind = match name.text.as_str() {
            "完成值" => ExprKind::Actual,
            "标杆值" => ExprKind::Target,
            "权重" => ExprKind::Weight,
            text => match self.facts.get(text) {
                Some(FactKind::Bool) => return None,
                Some(_) => ExprKind::Ref(name.clone()),
                None if text == self.own => ExprKind::Ref(name.clone()),
                None if TARGET_WORDS.contains(&text) => ExprKind::Target,
                None => return None,
            },
        };
        Some(Expr {
            kind,
            span: name.span,
        })
    }
}

/// A printed condition without the 的 that ends it: `基本健全的` is `基本健全`.
pub(super) fn without_de(text: &str) -> &str {
    text.strip_suffix('的').unwrap_or(text)
}

/// The part `[from, to)` of a name's text, with the matching span.
pub(super) fn sub_name(name: &Name, from: usize, to: usize) -> Name {
    Name {
        text: name.text[from..to].to_string(),
        span: Span::new(name.span.start + from, name.span.start + to),
    }
}

#[cfg(test)]
mod tests;
