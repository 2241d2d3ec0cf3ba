//! Lowering the card-level parts of a file: 总分规则, the cap of a 加分项 /
//! 减分项 group and how a 二者择其一 group chooses.

use super::error::Result;
use super::expr::{condition, content_span, name, points};
use super::grammar::Rule;
/// The AST's rule type, renamed here because pest's generated `Rule` takes the name.
use crate::lang::ast::Rule as Rule_;
use crate::lang::ast::*;
use crate::lang::span::Name;
use pest::iterators::Pair;
use rust_decimal::Decimal;

/// The rules of a `总分规则 { … }` block, numbered from 1 in their names.
pub(super) fn card_rules(pair: Pair<Rule>) -> Result<Vec<CardRule<Parsed>>> {
    pair.into_inner()
        .filter(|rule| rule.as_rule() == Rule::card_rule)
        .enumerate()
        .map(|(index, rule)| card_rule(rule, index + 1))
        .collect()
}

/// `预算执行率低于80%的，总分最高为89分`: its condition becomes the rule of a
/// test indicator that gives 1 where it holds and 0 elsewhere.
fn card_rule(pair: Pair<Rule>, number: usize) -> Result<CardRule<Parsed>> {
    let span = content_span(&pair);
    let mut guard = None;
    let mut effects = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::condition => guard = Some(condition(part)?),
            Rule::veto => effects.push(CardEffect::Veto),
            Rule::total_cap => {
                let cap = part.into_inner().next().map(points).transpose()?;
                effects.push(CardEffect::TotalCap(cap.unwrap_or_default()));
            }
            Rule::grade_set => {
                if let Some(label) = part.into_inner().next() {
                    effects.push(CardEffect::Grade(name(label)));
                }
            }
            _ => {}
        }
    }
    let clause = |guard, score| Clause {
        guard,
        outcome: Outcome::Fixed(score),
        scope: None,
        span,
    };
    let clauses = match guard {
        Some(condition) => vec![
            clause(Guard::When(condition), Decimal::ONE),
            clause(Guard::Always, Decimal::ZERO),
        ],
        None => Vec::new(),
    };
    let test = Indicator {
        name: Name {
            text: format!("总分规则第{number}条"),
            span,
        },
        weight: Decimal::ONE,
        weight_span: span,
        actual: None,
        target: None,
        rule: Rule_::Clauses(clauses),
        reuse: None,
        rounding: None,
        lower_is_better: false,
        span,
    };
    Ok(CardRule {
        test,
        effects,
        span,
    })
}

/// `（20分，二者择其一，取较高者）` or `（20分，二者择其一，按选用指标）`.
pub(super) fn choice(pair: &Pair<Rule>) -> Option<Choice<Parsed>> {
    if pair.as_rule() != Rule::choice_weight {
        return None;
    }
    let how = pair
        .clone()
        .into_inner()
        .find_map(|part| match part.as_rule() {
            Rule::higher_choice => Some(Choice::Higher),
            Rule::fact_choice => part
                .into_inner()
                .next()
                .map(|fact| Choice::ByFact(name(fact))),
            _ => None,
        });
    Some(how.unwrap_or(Choice::Unstated))
}

/// `（最高加5分）` or `（最高扣10分）`: the group's kind and its cap.
pub(super) fn adjustment(pair: &Pair<Rule>) -> Option<Adjustment> {
    if pair.as_rule() != Rule::adjustment_cap {
        return None;
    }
    pair.clone()
        .into_inner()
        .find_map(|part| match part.as_rule() {
            Rule::bonus_word => Some(Adjustment::Bonus),
            Rule::penalty_word => Some(Adjustment::Penalty),
            _ => None,
        })
}
