//! Weights: children's weights against their parent's, the groups' against
//! the full marks, and a checklist's points against its indicator's weight.

use super::checker::Checker;
use super::errors::CheckError;
use crate::lang::ast::*;
use crate::lang::span::Span;
use rust_decimal::Decimal;

impl Checker {
    /// Refuses children whose weights add up to more than `weight`, and
    /// warns where they add up to less.
    pub(super) fn weight_sum(
        &mut self,
        parent: &str,
        weight: Decimal,
        span: Span,
        children: &[Node<Parsed>],
    ) {
        // A 加分项 or 减分项 is not part of its parent's full marks.
        let parts: Vec<(&str, Decimal)> = children
            .iter()
            .filter_map(|child| match child {
                Node::Group(group) if group.adjustment.is_some() => None,
                Node::Group(group) => Some((group.name.text.as_str(), group.weight)),
                Node::Indicator(indicator) => {
                    Some((indicator.name.text.as_str(), indicator.weight))
                }
            })
            .collect();
        let Some(sum) = checked_sum(parts.iter().map(|(_, weight)| *weight)) else {
            return;
        };
        // A negative weight is refused on its own; a sum over it says nothing.
        let negative = parts.iter().any(|(_, weight)| *weight < Decimal::ZERO);
        if children.is_empty() || sum == weight || negative || weight < Decimal::ZERO {
            return;
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|(name, weight)| format!("{name} {} 分", weight.normalize()))
            .collect();
        let over = sum > weight;
        let direction = if over { "多" } else { "少" };
        let top = parent == "体系的满分";
        let (children_word, fix) = if top {
            ("各一级指标", "调整一级指标的权重使合计等于满分，或核对满分")
        } else {
            ("下级", "调整下级权重使合计等于上级权重，或核对上级权重")
        };
        let gap = sum
            .checked_sub(weight)
            .map_or(Decimal::ZERO, |gap| gap.abs())
            .normalize();
        let help = format!(
            "{children_word}：{}，合计 {} 分，比 {} 分{direction} {gap} 分。{fix}",
            listed.join("、"),
            sum.normalize(),
            weight.normalize(),
        );
        let (parent, weight, sum, span) = (
            parent.to_string(),
            weight.normalize(),
            sum.normalize(),
            span.into(),
        );
        // Over the weight, a sub-total or the total could pass its full
        // marks: an error. Under it, full marks cannot be reached: a warning.
        self.errors.push(if over {
            CheckError::WeightOver {
                parent,
                children: children_word,
                weight,
                sum,
                over: gap,
                span,
                help,
            }
        } else {
            CheckError::WeightSum {
                parent,
                children: children_word,
                weight,
                sum,
                span,
                help,
            }
        });
    }

    /// Refuses a weight or checklist item's points below zero: it would
    /// clamp every score of its indicator to a negative range.
    pub(super) fn negative_weight(
        &mut self,
        what: impl FnOnce() -> String,
        value: Decimal,
        span: Span,
    ) {
        if value < Decimal::ZERO {
            self.errors.push(CheckError::NegativeWeight {
                what: what(),
                value: value.normalize(),
                span: span.into(),
            });
        }
    }

    /// Checks the top groups' weights against the full marks
    /// (100 unless the header says otherwise).
    pub(super) fn total_weight(&mut self, header: &Header, groups: &[Group<Parsed>]) {
        let (full_marks, span) = header
            .full_marks
            .unwrap_or((Decimal::ONE_HUNDRED, header.span));
        let children: Vec<Node<Parsed>> = groups.iter().cloned().map(Node::Group).collect();
        self.weight_sum("体系的满分", full_marks, span, &children);
    }

    /// Reports a checklist whose awarded points do not add up to the weight
    /// (deducting items are not counted).
    pub(super) fn checklist_points(
        &mut self,
        checklist: &Checklist<Parsed>,
        indicator: &Indicator<Parsed>,
    ) {
        for item in &checklist.items {
            let what = || format!("「{}」要点 {} 的分值", indicator.name.text, item.label);
            self.negative_weight(what, item.points, item.span);
        }
        // Items counted for a per-item deduction carry no points.
        if checklist.per_failed.is_some() {
            return;
        }
        let negative = checklist
            .items
            .iter()
            .any(|item| item.points < Decimal::ZERO);
        if negative || indicator.weight < Decimal::ZERO {
            return;
        }
        let awarded: Vec<&ChecklistItem<Parsed>> = checklist
            .items
            .iter()
            .filter(|item| !item.deducts)
            .collect();
        let sum = checked_sum(awarded.iter().map(|item| item.points));
        let Some(sum) = sum.filter(|sum| *sum != indicator.weight) else {
            return;
        };
        let deducting: String = checklist
            .items
            .iter()
            .filter(|item| item.deducts)
            .map(|item| item.label)
            .collect();
        let (sum_text, weight_text) = (sum.normalize(), indicator.weight.normalize());
        let effect = if sum > indicator.weight {
            format!(
                "全部要点都符合时合计 {sum_text} 分，会被截到权重 {weight_text} 分，多出的分值不起作用"
            )
        } else {
            format!("全部要点都符合也只得 {sum_text} 分，永远得不到满分 {weight_text} 分")
        };
        let aside = if deducting.is_empty() {
            String::new()
        } else {
            format!("（扣分项 {deducting} 不计入合计）")
        };
        self.errors.push(CheckError::ChecklistPoints {
            indicator: indicator.name.text.clone(),
            sum: sum_text,
            weight: weight_text,
            parts: awarded
                .iter()
                .map(|item| format!("{} {}", item.label, item.points.normalize()))
                .collect::<Vec<_>>()
                .join(" + "),
            span: indicator.weight_span.into(),
            help: format!("{effect}{aside}；核对评分标准原文中各要点的分值与权重"),
        });
    }
}

/// The sum of decimals, or `None` if it overflows (hostile weights).
fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |sum, value| sum.checked_add(value))
}
