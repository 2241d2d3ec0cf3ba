//! The explanation as plain text, JSON and a Markdown annex table.

use super::model::Explanation;

/// The explanation as plain text: the title and 来源, one paragraph per
/// indicator, then the totals.
pub fn text(explanation: &Explanation) -> String {
    let mut out = format!("{}\n", explanation.title);
    if let Some(document) = document_line(explanation) {
        out.push_str(&document);
        out.push('\n');
    }
    out.push('\n');
    for indicator in &explanation.indicators {
        out.push_str(&indicator.prose);
        out.push('\n');
    }
    out.push('\n');
    for step in &explanation.totals {
        out.push_str(&step.text);
        out.push_str("。\n");
    }
    out
}

/// 「来源：…」 where the ruleset names where its 评分标准 come from.
fn document_line(explanation: &Explanation) -> Option<String> {
    let document = explanation.document.as_ref()?;
    Some(format!("来源：{document}"))
}

/// The explanation as JSON (the schema is described on [`Explanation`]).
pub fn json(explanation: &Explanation) -> String {
    serde_json::to_string_pretty(explanation).unwrap_or_default()
}

/// The annex table in Markdown with each rule and derivation beside its score.
pub fn markdown(explanation: &Explanation) -> String {
    let mut out = format!(
        "## {}\n\n{}| 一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 完成值 | 得分 | 评分依据 |\n|---|---|---|---|---|---|---|---|---|\n",
        explanation.title,
        document_line(explanation).map_or_else(String::new, |line| line + "\n\n")
    );
    let mut previous_path: Vec<String> = Vec::new();
    for indicator in &explanation.indicators {
        let level = |depth: usize| {
            let name = indicator.path.get(depth).cloned().unwrap_or_default();
            if previous_path.get(..=depth) == indicator.path.get(..=depth) {
                String::new()
            } else {
                name
            }
        };
        let cells = [
            level(0),
            level(1),
            indicator.name.clone(),
            indicator.weight.normalize().to_string(),
            cell(&indicator.rule),
            indicator.target.clone().unwrap_or_default(),
            indicator.actual.clone().unwrap_or_default(),
            crate::report::render::score_text(indicator.score),
            cell(&indicator.prose),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        previous_path.clone_from(&indicator.path);
    }
    out.push('\n');
    for step in &explanation.totals {
        out.push_str(&format!("- {}\n", step.text));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
