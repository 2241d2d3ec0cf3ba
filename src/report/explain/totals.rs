//! How each sub-total, the total and the grade were formed.

use super::model::{points, Step};
use crate::lang::ast::Adjustment;
use crate::lang::compile::Compiled;
use crate::report::render::score_text;
use crate::score::eval::{GroupScore, NodeScore, ScoreCard, TotalStep};
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
        .filter(|group| group.adjustment.is_none())
        .map(|group| score_text(group.score))
        .collect();
    // The indicators' total, before the steps that follow it.
    let base = card.total_steps.first().map(TotalStep::before);
    let adjusted = matches!(card.total_steps.first(), Some(TotalStep::Adjusted { .. }));
    match card.applicable_weight {
        None => {
            let label = if adjusted {
                "加减分前合计"
            } else {
                "总分"
            };
            let sum = base.or(card.total);
            steps.push(total_step(
                "total",
                format!("{label} = {}", sum_text(&parts, points_word(sum))),
                sum,
            ));
        }
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
            let rescaled = base.or(card.total);
            steps.push(total_step(
                "total",
                rescale_text(card, applicable, rescaled),
                rescaled,
            ));
        }
    }
    steps.extend(
        card.total_steps
            .iter()
            .filter(|step| !matches!(step, TotalStep::CardRule { .. }))
            .map(|step| card_step(card, step)),
    );
    steps.extend(card_rule_steps(compiled, card));
    steps.push(total_step("grade", grade_text(compiled, card), None));
    steps
}

/// Each 总分规则 in order: what it did where it held, 「…不成立，总分不变」
/// where it did not (while the total is known), so that every rule is
/// accounted for.
fn card_rule_steps(compiled: &Compiled, card: &ScoreCard) -> Vec<Step> {
    let mut held = card
        .total_steps
        .iter()
        .filter(|step| matches!(step, TotalStep::CardRule { .. }))
        .peekable();
    let mut steps = Vec::new();
    for rule in &compiled.card_rules {
        match held.peek() {
            Some(step @ TotalStep::CardRule { rule: text, .. }) if *text == rule.text => {
                steps.push(card_step(card, step));
                held.next();
            }
            _ if card.total.is_some() => steps.push(total_step(
                "card_rule",
                format!("总分规则「{}」不成立，总分不变", rule.text),
                None,
            )),
            _ => {}
        }
    }
    steps
}

/// A step from the indicators' total to the card's, in words:
/// 「加减分：95.00 + 7.00 − 0.00 = …」, 「总分不超过满分：103.00分按 100.00分计」,
/// 「总分规则「…」成立：总分 93.50分 → 89.00分」.
fn card_step(card: &ScoreCard, step: &TotalStep) -> Step {
    match step {
        TotalStep::Adjusted { before, after, .. } => {
            let mut text = format!("总分 = {before}");
            for group in &card.groups {
                let sign = match group.adjustment {
                    Some(Adjustment::Bonus) => "+",
                    Some(Adjustment::Penalty) => "−",
                    None => continue,
                };
                let points = group.score.unwrap_or_default().abs();
                text.push_str(&format!(" {sign} {points}（{}）", group.name));
            }
            total_step("adjusted", format!("{text} = {after}分"), Some(*after))
        }
        TotalStep::Limited { before, after } if before > after => total_step(
            "limited",
            format!("总分不超过满分：{before}分按满分 {after}分计"),
            Some(*after),
        ),
        TotalStep::Limited { before, after } => total_step(
            "limited",
            format!("减分后总分 {before}分低于0分，按 {after}分计"),
            Some(*after),
        ),
        TotalStep::CardRule {
            rule,
            before,
            after,
            grade,
        } => {
            let grade = grade
                .as_ref()
                .map_or_else(String::new, |grade| format!("，等级为「{grade}」"));
            total_step(
                "card_rule",
                format!("总分规则「{rule}」成立：总分 {before}分 → {after}分{grade}"),
                Some(*after),
            )
        }
    }
}

/// 「总分按适用指标折算：60 ÷ 75 × 100 = 80.00分」.
fn rescale_text(card: &ScoreCard, applicable: Decimal, rescaled: Option<Decimal>) -> String {
    let sum = card
        .applicable_sum
        .map_or_else(|| "无法计算".to_string(), |sum| sum.normalize().to_string());
    format!(
        "总分按适用指标折算：{sum} ÷ {} × {} = {}",
        applicable.normalize(),
        card.full_marks.normalize(),
        points_word(rescaled)
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
    let set_by_rule = card
        .total_steps
        .iter()
        .any(|step| matches!(step, TotalStep::CardRule { grade: Some(set), .. } if set == grade));
    if set_by_rule {
        return format!("等级按总分规则定为「{grade}」");
    }
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

/// A 加分项's or 减分项's sum and its cap: 「加分项 = 7.00分，超过最高加5分，按
/// 5.00分计」, 「减分项 = 12.00 + 5.00 = 17.00分，超过最高扣10分，按 10.00分计」.
fn adjustment_total(group: &GroupScore, adjustment: Adjustment, steps: &mut Vec<Step>) {
    let taken: Vec<Decimal> = group
        .children
        .iter()
        .filter_map(|child| match child {
            NodeScore::Indicator(indicator) => indicator.score.map(|score| score.abs()),
            NodeScore::Group(inner) => inner.score.map(|score| score.abs()),
        })
        .collect();
    let parts: Vec<String> = taken.iter().map(ToString::to_string).collect();
    let sum = taken
        .iter()
        .try_fold(Decimal::ZERO, |sum, part| sum.checked_add(*part));
    let word = match adjustment {
        Adjustment::Bonus => "最高加",
        Adjustment::Penalty => "最高扣",
    };
    let cap = group.weight.normalize();
    // A 减分项's score is negative; its text speaks of the points taken off.
    let shown = group.score.map(|score| score.abs());
    let text = match (sum, shown) {
        (Some(sum), Some(shown)) if sum > shown => format!(
            "{} = {}，超过{word}{cap}分，按 {shown}分计",
            group.name,
            sum_text(&parts, format!("{sum}分"))
        ),
        _ => format!(
            "{} = {}（{word}{cap}分）",
            group.name,
            sum_text(&parts, points_word(shown))
        ),
    };
    steps.push(total_step("subtotal", text, group.score));
}

/// 「结余情况 二者择其一，取较高者：15.00、0.00 中取 15.00分」, or 「按选用指标
/// 选用「结余率」：15.00分」; the children that do not apply are named
/// after it, and a group none of whose children applies is not counted.
fn choice_total(group: &GroupScore, choice: &str, steps: &mut Vec<Step>) {
    let mut scored: Vec<(&str, Option<Decimal>)> = Vec::new();
    let mut not_applicable: Vec<String> = Vec::new();
    for child in &group.children {
        match child {
            NodeScore::Indicator(indicator) if indicator.not_applicable.is_some() => {
                not_applicable.push(format!("「{}」", indicator.name));
            }
            NodeScore::Indicator(indicator) if !indicator.not_chosen => {
                scored.push((indicator.name.as_str(), indicator.score));
            }
            _ => {}
        }
    }
    let head = format!("{} 二者择其一，{choice}", group.name);
    if scored.is_empty() && !not_applicable.is_empty() {
        let (names, weight) = (not_applicable.join(""), group.weight.normalize());
        let all = if not_applicable.len() > 1 { "均" } else { "" };
        let text = format!("{head}：{names}{all}不适用，不计（权重{weight}分）");
        steps.push(total_step("choice", text, None));
        return;
    }
    let text = match scored.as_slice() {
        [] => format!("{head}：未给出选用哪一项，无法计算"),
        [(name, _)] if not_applicable.is_empty() => {
            format!("{head}选用「{name}」：{}", points_word(group.score))
        }
        _ => {
            let parts: Vec<String> = scored.iter().map(|(_, score)| score_text(*score)).collect();
            format!(
                "{head}：{} 中取 {}",
                parts.join("、"),
                points_word(group.score)
            )
        }
    };
    let text = match not_applicable.as_slice() {
        [] => text,
        names => format!("{text}（{}不适用）", names.join("")),
    };
    steps.push(total_step("choice", text, group.score));
}

fn group_totals(group: &GroupScore, steps: &mut Vec<Step>) {
    if let Some(adjustment) = group.adjustment {
        adjustment_total(group, adjustment, steps);
        return;
    }
    if let Some(choice) = &group.choice {
        choice_total(group, choice, steps);
        return;
    }
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
