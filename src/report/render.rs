//! Rendering a [`ScoreCard`] as the annex score table (terminal table,
//! Markdown) or as JSON, and showing values in their units.

use crate::lang::ast::Adjustment;
use crate::score::eval::{GroupScore, NodeScore, ScoreCard, TotalStep};
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use rust_decimal::Decimal;

/// The annex table's column headings.
const HEADINGS: [&str; 7] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "权重",
    "标杆值",
    "完成值",
    "得分",
];

/// One row of the annex table, as text cells.
type Row = [String; 7];

/// The annex table's rows: indicators, a 小计 row per group, then the
/// closing rows and 等级.
pub fn rows(card: &ScoreCard) -> Vec<Row> {
    let mut rows = Vec::new();
    for group in &card.groups {
        group_rows(group, &mut rows);
    }
    for closing in closing_rows(card, false) {
        rows.push([
            closing.label,
            String::new(),
            String::new(),
            closing.weight,
            String::new(),
            closing.note,
            closing.score,
        ]);
    }
    rows.push([
        "等级".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        grade_text(card),
    ]);
    rows
}

/// A row after the groups: a label across the name columns, the full marks
/// it is out of (or nothing), a note and a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingRow {
    /// 适用指标合计, 加减分前合计, 总分不超过满分, 总分规则：…, 合计.
    pub label: String,
    /// The full marks it is out of, if any.
    pub weight: String,
    /// The total it started from (`原 103.00`), if it changed one.
    pub note: String,
    /// The score.
    pub score: String,
}

/// The rows between the groups and 等级, shared by the table and the annex:
/// 适用指标合计 where an indicator is 不适用, each step from the indicators'
/// total to the card's (加减分, the limit at 满分, 总分规则 that held), and 合计.
/// With `adjustments` (for the annex, which has no 小计 rows) each 加分项's
/// and 减分项's capped sum follows 加减分前合计.
pub fn closing_rows(card: &ScoreCard, adjustments: bool) -> Vec<ClosingRow> {
    let mut rows = Vec::new();
    if let Some(applicable) = card.applicable_weight {
        rows.push(ClosingRow {
            label: "适用指标合计".into(),
            weight: applicable.normalize().to_string(),
            note: String::new(),
            score: score_text(card.applicable_sum),
        });
    }
    for step in &card.total_steps {
        rows.push(step_row(step, card.full_marks));
        if adjustments && matches!(step, TotalStep::Adjusted { .. }) {
            rows.extend(adjustment_rows(card));
        }
    }
    rows.push(ClosingRow {
        label: "合计".into(),
        weight: card.full_marks.normalize().to_string(),
        note: String::new(),
        score: score_text(card.total),
    });
    rows
}

fn group_rows(group: &GroupScore, rows: &mut Vec<Row>) {
    let first_row = rows.len();
    for child in &group.children {
        match child {
            NodeScore::Group(inner) => group_rows(inner, rows),
            NodeScore::Indicator(indicator) => rows.push([
                String::new(),
                String::new(),
                indicator.name.clone(),
                indicator.weight.normalize().to_string(),
                indicator.target.clone().unwrap_or_default(),
                actual_text(
                    indicator.actual.as_deref(),
                    indicator.not_applicable.as_deref(),
                ),
                indicator_score_text(
                    indicator.score,
                    indicator.not_applicable.as_deref(),
                    indicator.not_chosen,
                ),
            ]),
        }
    }
    let column = usize::from(group.level.saturating_sub(1)).min(1);
    if let Some(row) = rows.get_mut(first_row) {
        row[column] = group_heading(group);
    }
    let mut subtotal: Row = Default::default();
    subtotal[column] = match group.unconverted {
        Some(sum) => format!("{}小计（折算前 {sum}）", group.name),
        None => format!("{}小计", group.name),
    };
    subtotal[3] = group.weight.normalize().to_string();
    subtotal[6] = score_text(group.score);
    rows.push(subtotal);
}

/// The row for a step from the indicators' total to the card's: the total
/// before 加减分 (the groups' rows above show them), or a limit or 总分规则
/// with the total it started from and the one it left.
fn step_row(step: &TotalStep, full_marks: Decimal) -> ClosingRow {
    let (label, weight, note, score) = match step {
        TotalStep::Adjusted { before, .. } => (
            "加减分前合计".to_string(),
            full_marks.normalize().to_string(),
            String::new(),
            *before,
        ),
        TotalStep::Limited { before, after } => (
            limit_label(*before, *after),
            String::new(),
            format!("原 {before}"),
            *after,
        ),
        TotalStep::CardRule {
            rule,
            before,
            after,
            ..
        } => (
            format!("总分规则：{rule}"),
            String::new(),
            format!("原 {before}"),
            *after,
        ),
    };
    ClosingRow {
        label,
        weight,
        note,
        score: score.to_string(),
    }
}

/// Each 加分项's and 减分项's capped sum, under its heading.
fn adjustment_rows(card: &ScoreCard) -> impl Iterator<Item = ClosingRow> + '_ {
    card.groups
        .iter()
        .filter(|group| group.adjustment.is_some())
        .map(|group| ClosingRow {
            label: group_heading(group),
            weight: String::new(),
            note: String::new(),
            score: score_text(group.score),
        })
}

/// `总分不超过满分`, or `减分后不低于0分` where 减分 took the total below 0.
fn limit_label(before: Decimal, after: Decimal) -> String {
    if before > after {
        "总分不超过满分".to_string()
    } else {
        "总分不低于0分".to_string()
    }
}

/// A group's heading as printed: `项目管理（20分）`, with its conversion
/// `年度绩效目标（80分，按百分制折算）`, or its cap `加分项（最高加5分）`.
pub fn group_heading(group: &GroupScore) -> String {
    let weight = group.weight.normalize();
    match group.adjustment {
        Some(Adjustment::Bonus) => return format!("{}（最高加{weight}分）", group.name),
        Some(Adjustment::Penalty) => return format!("{}（最高扣{weight}分）", group.name),
        None => {}
    }
    if let Some(choice) = &group.choice {
        return format!("{}（{weight}分，二者择其一，{choice}）", group.name);
    }
    match group.converted_from {
        Some(base) if base == Decimal::ONE_HUNDRED => {
            format!("{}（{weight}分，按百分制折算）", group.name)
        }
        Some(base) => format!(
            "{}（{weight}分，按{}分制折算）",
            group.name,
            base.normalize()
        ),
        None => format!("{}（{weight}分）", group.name),
    }
}

/// A score as the table shows it, or 无法计算.
pub fn score_text(score: Option<Decimal>) -> String {
    score.map_or_else(|| "无法计算".to_string(), |score| score.to_string())
}

/// An indicator's 完成值 cell: its 完成值, or the reason it is 不适用.
pub fn actual_text(actual: Option<&str>, not_applicable: Option<&str>) -> String {
    match not_applicable {
        Some(reason) => format!("理由：{reason}"),
        None => actual.unwrap_or_default().to_string(),
    }
}

/// An indicator's 得分 cell: its score, 不适用, 未选用 (二者择其一), or 无法计算.
pub fn indicator_score_text(
    score: Option<Decimal>,
    not_applicable: Option<&str>,
    not_chosen: bool,
) -> String {
    if not_applicable.is_some() {
        "不适用".to_string()
    } else if not_chosen {
        "未选用".to_string()
    } else {
        score_text(score)
    }
}

/// The grade as the table shows it: the grade, 未设等级 when the ruleset
/// defines no bands, or 无法评定.
pub fn grade_text(card: &ScoreCard) -> String {
    match &card.grade {
        Some(grade) => grade.clone(),
        None if !card.grades_defined => "未设等级".to_string(),
        None => "无法评定".to_string(),
    }
}

/// The annex table for a terminal, aligned for Chinese text.
pub fn table(card: &ScoreCard) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(HEADINGS);
    for row in rows(card) {
        table.add_row(row);
    }
    for column in 3..HEADINGS.len() {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{}\n{}\n", card.title, table)
}

/// The score card as JSON, with each fault's message.
pub fn json(card: &ScoreCard) -> String {
    let faults: Vec<String> = card.faults.iter().map(ToString::to_string).collect();
    let mut value = serde_json::to_value(card).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("faults".into(), faults.into());
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
