//! How each sub-total, the total and the grade were formed.

use super::model::{points, Step};
use crate::lang::compile::Compiled;
use crate::report::render::score_text;
use crate::score::eval::{GroupScore, NodeScore, ScoreCard};
use rust_decimal::Decimal;

/// How each sub-total, the total and the grade were formed.
pub(super) fn totals(compiled: &Compiled, card: &ScoreCard) -> Vec<Step> {
    let mut steps = Vec::new();
    for group in &card.groups {
        group_totals(group, &mut steps);
    }
    let parts: Vec<String> = card
        .groups
        .iter()
        .map(|group| score_text(group.score))
        .collect();
    steps.push(Step {
        kind: "total",
        text: format!("总分 = {}", sum_text(&parts, points_word(card.total))),
        inputs: Vec::new(),
        result: card.total.map(points),
        span: None,
        children: Vec::new(),
    });
    steps.push(Step {
        kind: "grade",
        text: grade_text(compiled, card),
        inputs: Vec::new(),
        result: None,
        span: None,
        children: Vec::new(),
    });
    steps
}

/// How the grade was found, or why there is none.
fn grade_text(compiled: &Compiled, card: &ScoreCard) -> String {
    if !card.grades_defined {
        return "本体系未设等级，不评定等级".to_string();
    }
    let Some(total) = card.total else {
        return "有指标无法计算，总分与等级无法评定".to_string();
    };
    let Some(grade) = &card.grade else {
        return format!("总分 {total}分 不在所设各档，等级无法评定");
    };
    let band = compiled.grades.iter().find(|band| &band.name.text == grade);
    match band.and_then(|band| band.bound) {
        Some((op, bound)) => format!(
            "总分 {total}分 {} {}，等级为「{grade}」",
            op.symbol(),
            bound.normalize()
        ),
        None => format!("总分 {total}分 不在以上各档，等级为「{grade}」"),
    }
}

fn group_totals(group: &GroupScore, steps: &mut Vec<Step>) {
    let parts: Vec<String> = group
        .children
        .iter()
        .map(|child| match child {
            NodeScore::Group(inner) => {
                group_totals(inner, steps);
                score_text(inner.score)
            }
            NodeScore::Indicator(indicator) => score_text(indicator.score),
        })
        .collect();
    steps.push(Step {
        kind: "subtotal",
        text: format!(
            "{}小计 = {}（权重{}分）",
            group.name,
            sum_text(&parts, points_word(group.score)),
            group.weight.normalize()
        ),
        inputs: Vec::new(),
        result: group.score.map(points),
        span: None,
        children: Vec::new(),
    });
}

/// "4.00 + 3.00 = 7.00分", or just "7.74分" when there is one part (the sum
/// would only repeat it).
fn sum_text(parts: &[String], sum: String) -> String {
    if parts.len() == 1 {
        sum
    } else {
        format!("{} = {sum}", parts.join(" + "))
    }
}

/// A score with 分, or 无法计算.
fn points_word(score: Option<Decimal>) -> String {
    score.map_or_else(|| "无法计算".to_string(), |score| format!("{score}分"))
}
