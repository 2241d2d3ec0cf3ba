//! The annex table (附件：评分表) of one project as rows and merged cells,
//! the layout that both the workbook and the Word document draw: 一级 and
//! 二级 in cells merged down over their indicators, then 三级指标, 权重,
//! 评分标准, 标杆值, 完成值, 得分 and 评分依据 (the explanation), closed by
//! the rows the table closes with (适用指标合计, 加减分, 总分规则, 合计) and 等级.

use crate::report::explain::Explanation;
use crate::report::render::{
    actual_text, closing_rows, grade_text, group_heading, indicator_score_text, ClosingRow,
};
use crate::score::eval::{GroupScore, NodeScore};

/// The annex's column headings.
pub const HEADINGS: [&str; 9] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "权重",
    "评分标准",
    "标杆值",
    "完成值",
    "得分",
    "评分依据",
];

/// A text spanning rows `first..=last` of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The column (0 for 一级, 1 for 二级).
    pub column: usize,
    /// The first row, counted from the first indicator row.
    pub first: usize,
    /// The last row.
    pub last: usize,
    /// The text.
    pub text: String,
}

/// One project's annex: the title, the body rows (columns 2.. filled; 一级
/// and 二级 come from `merges`), and the closing rows.
#[derive(Debug, Clone)]
pub struct Annex {
    /// The project's name over the table.
    pub title: String,
    /// One row per indicator, nine cells, the first two left empty.
    pub rows: Vec<[String; 9]>,
    /// The 一级 and 二级 cells.
    pub merges: Vec<Merge>,
    /// The rows after the indicators, 合计 last.
    pub closing: Vec<ClosingRow>,
    /// 等级.
    pub grade: String,
}

/// The annex of an explained project; `title` is the project's own name
/// (the ruleset's title when it is scored alone).
pub fn annex(explanation: &Explanation, title: &str) -> Annex {
    let mut rows = Vec::new();
    for indicator in &explanation.indicators {
        rows.push([
            String::new(),
            String::new(),
            indicator.name.clone(),
            indicator.weight.normalize().to_string(),
            indicator.rule.clone(),
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
            indicator.prose.clone(),
        ]);
    }
    let mut merges = Vec::new();
    let mut next = 0;
    for group in &explanation.card.groups {
        group_merges(group, &mut next, &mut merges);
    }
    let card = &explanation.card;
    Annex {
        title: title.to_string(),
        rows,
        merges,
        closing: closing_rows(card, true),
        grade: grade_text(card),
    }
}

/// The merged cells of a group and the groups inside it; `next` is the row
/// of the group's first indicator and moves past its last.
fn group_merges(group: &GroupScore, next: &mut usize, merges: &mut Vec<Merge>) {
    let first = *next;
    for child in &group.children {
        match child {
            NodeScore::Group(inner) => group_merges(inner, next, merges),
            NodeScore::Indicator(_) => *next += 1,
        }
    }
    if *next > first {
        merges.push(Merge {
            column: usize::from(group.level.saturating_sub(1)).min(1),
            first,
            last: *next - 1,
            text: group_heading(group),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_span_their_indicators() {
        let source = r#"
体系 "示例" { 满分 10 }
事实 { 甲: 是否  乙: 是否  丙: 是否 }
一级 决策（6分）{
    二级 立项（4分）{
        指标 一（2分）{ 评分 { 甲 得满分；否则 得0分 } }
        指标 二（2分）{ 评分 { 乙 得满分；否则 得0分 } }
    }
    二级 目标（2分）{ 指标 三（2分）{ 评分 { 丙 得满分；否则 得0分 } } }
}
一级 效益（4分）{ 二级 社会（4分）{ 指标 四（4分）{ 评分 { 甲 得满分；否则 得0分 } } } }
"#;
        let compiled = crate::build("示例.jx", source).compiled.expect("valid");
        let facts = crate::facts::parse(
            "\"甲\" = true\n\"乙\" = false\n\"丙\" = true",
            crate::facts::Format::Toml,
            &compiled,
        )
        .expect("valid facts");
        let explanation = crate::explain::explain(&compiled, &facts);
        let annex = annex(&explanation, "示例项目");
        assert_eq!(annex.rows.len(), 4);
        let spans: Vec<(usize, usize, usize, &str)> = annex
            .merges
            .iter()
            .map(|m| (m.column, m.first, m.last, m.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            vec![
                (1, 0, 1, "立项（4分）"),
                (1, 2, 2, "目标（2分）"),
                (0, 0, 2, "决策（6分）"),
                (1, 3, 3, "社会（4分）"),
                (0, 3, 3, "效益（4分）"),
            ]
        );
        // 甲 holds: 2; 乙 does not: 0; 丙: 2; 四 reads 甲: 4. Total 2 + 0 + 2 + 4 = 8.
        assert_eq!(annex.rows[1][7], "0.00");
        let total = annex.closing.last().expect("合计");
        assert_eq!(
            (
                total.label.as_str(),
                total.weight.as_str(),
                total.score.as_str()
            ),
            ("合计", "10", "8.00")
        );
    }
}
