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
    match card.applicable_weight {
        None => steps.push(total_step(
            "total",
            format!("总分 = {}", sum_text(&parts, points_word(card.total))),
            card.total,
        )),
        Some(applicable) => {
            steps.push(total_step(
                "subtotal",
                format!(
                    "适用指标得分合计 = {}（适用指标权重{}分）",
                    sum_text(&parts, points_word(card.applicable_sum)),
                    applicable.normalize()
                ),
                card.applicable_sum,
            ));
            steps.push(total_step(
                "total",
                rescale_text(card, applicable),
                card.total,
            ));
        }
    }
    steps.push(total_step("grade", grade_text(compiled, card), None));
    steps
}

/// 「总分按适用指标折算：60 ÷ 75 × 100 = 80.00分」.
fn rescale_text(card: &ScoreCard, applicable: Decimal) -> String {
    let sum = card
        .applicable_sum
        .map_or_else(|| "无法计算".to_string(), |sum| sum.normalize().to_string());
    format!(
        "总分按适用指标折算：{sum} ÷ {} × {} = {}",
        applicable.normalize(),
        card.full_marks.normalize(),
        points_word(card.total)
    )
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
    // An indicator that does not apply adds nothing and is named after the sum.
    let mut not_applicable = Vec::new();
    let parts: Vec<String> = group
        .children
        .iter()
        .filter_map(|child| match child {
            NodeScore::Group(inner) => {
                group_totals(inner, steps);
                Some(score_text(inner.score))
            }
            NodeScore::Indicator(indicator) if indicator.not_applicable.is_some() => {
                not_applicable.push(format!("「{}」", indicator.name));
                None
            }
            NodeScore::Indicator(indicator) => Some(score_text(indicator.score)),
        })
        .collect();
    let not_applicable = if not_applicable.is_empty() {
        String::new()
    } else {
        format!("，{}不适用、不计", not_applicable.join("、"))
    };
    let Some(base) = group.converted_from else {
        steps.push(total_step(
            "subtotal",
            format!(
                "{}小计 = {}（权重{}分{not_applicable}）",
                group.name,
                sum_text(&parts, points_word(group.score)),
                group.weight.normalize()
            ),
            group.score,
        ));
        return;
    };
    steps.push(total_step(
        "subtotal",
        format!(
            "{}小计 = {}（下级满分{}分{not_applicable}）",
            group.name,
            sum_text(&parts, points_word(group.unconverted)),
            base.normalize()
        ),
        group.unconverted,
    ));
    steps.push(total_step(
        "conversion",
        conversion_text(group, base),
        group.score,
    ));
}

/// 「年度绩效目标 按 80 ÷ 100 折算：90 × 0.8 = 72.00分」: the factor as a
/// decimal where it has at most four places, else as the division.
fn conversion_text(group: &GroupScore, base: Decimal) -> String {
    let (weight, base) = (group.weight.normalize(), base.normalize());
    let factor = weight
        .checked_div(base)
        .filter(|factor| factor.round_dp(4) == *factor)
        .map_or_else(
            || format!("{weight} ÷ {base}"),
            |factor| factor.normalize().to_string(),
        );
    let sum = group
        .unconverted
        .map_or_else(|| "无法计算".to_string(), |sum| sum.normalize().to_string());
    format!(
        "{} 按 {weight} ÷ {base} 折算：{sum} × {factor} = {}",
        group.name,
        points_word(group.score)
    )
}

/// A step of the totals with no inputs and no span.
fn total_step(kind: &'static str, text: String, result: Option<Decimal>) -> Step {
    Step {
        kind,
        text,
        inputs: Vec::new(),
        result: result.map(points),
        span: None,
        children: Vec::new(),
    }
}

/// "4.00 + 3.00 = 7.00分", or just "7.74分" when there is one part (the sum
/// would only repeat it).
fn sum_text(parts: &[String], sum: String) -> String {
    if parts.len() <= 1 {
        sum
    } else {
        format!("{} = {sum}", parts.join(" + "))
    }
}

/// A score with 分, or 无法计算.
fn points_word(score: Option<Decimal>) -> String {
    score.map_or_else(|| "无法计算".to_string(), |score| format!("{score}分"))
}
