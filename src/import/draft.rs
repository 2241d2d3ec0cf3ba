//! Settling each indicator: its plan tried through the library
//! ([`crate::build`] of a small ruleset holding it alone), the names its
//! rules read declared as they come up (`check::undefined_name`), a 完成值
//! of its own given where the rule needs one (`check::missing_value`) — and,
//! where it still does not build, its text kept in comments and the rule
//! replaced by 酌情, with a finding naming the clause and the reason.

use super::error::{Finding, FALLBACK};
use super::infer;
use super::rule::Plan;
use super::tree::Indicator;
use crate::lang::diagnostics::{self, DiagnosticData};

/// The clause added after printed clauses that all carry a condition.
const CATCH_ALL: &str = "否则 酌情扣分";

/// How many times one indicator is tried before it falls back.
const MAX_TRIES: usize = 12;

/// A fact the draft declares: its name, its declaration and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The name.
    pub name: String,
    /// The text after `名称：` (`万元`, `是否`, `档次（明显，一般）`).
    pub ty: String,
    /// The indicator whose rule reads it first.
    pub indicator: String,
}

/// An indicator's text in the draft.
#[derive(Debug, Clone)]
pub struct Settled {
    /// Its lines, indented for a group.
    pub text: String,
    /// The facts it declared.
    pub facts: Vec<Declared>,
    /// Why it fell back to 酌情, where it did, or why a 酌情 clause was added.
    pub fallback: Option<Finding>,
    /// How its rule came in.
    pub reading: Reading,
}

/// How an indicator's rule came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every clause as printed.
    Parsed,
    /// Every clause as printed, and `否则 酌情扣分` after them for the cases
    /// their conditions leave.
    CatchAll,
    /// Kept as a comment; the rule is 酌情.
    Discretion,
}

/// A name as written in a ruleset: quoted in 「」 when it holds characters a
/// bare name cannot.
pub fn name(text: &str) -> String {
    let bare = text
        .chars()
        .all(|c| c.is_alphanumeric() || "·、《》“”‘’（）".contains(c));
    if bare && !text.is_empty() {
        text.to_string()
    } else {
        format!("「{}」", text.replace(['「', '」'], ""))
    }
}

/// A comment line's text: one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What to write for one indicator.
struct Shape<'a> {
    indicator: &'a Indicator,
    plan: &'a Plan,
    own_actual: bool,
    with_target: bool,
    /// Whether a last `否则 酌情扣分` is added: every printed clause has a
    /// condition, and the language needs a clause for the cases they leave.
    catch_all: bool,
    /// A 标杆值 read off the rule's first comparison (`完成质量≥95%` → 95%),
    /// where the table gives none and the rule needs one.
    implied_target: Option<String>,
}

/// The indicator's text, and the line (from 0) of its first clause.
fn text(shape: &Shape, fallback: Option<&str>) -> (String, usize) {
    let Shape {
        indicator, plan, ..
    } = shape;
    let mut lines = vec![format!(
        "    指标 {}（{}分）{{",
        name(&indicator.name),
        indicator.weight
    )];
    if !indicator.explanation.trim().is_empty() {
        lines.push(format!(
            "        # 指标解释：{}",
            one_line(&indicator.explanation)
        ));
    }
    for note in &plan.notes {
        lines.push(format!("        # 原文：{}", one_line(note)));
    }
    if let Some(reason) = fallback {
        lines.push("        # 评分标准原文（未能解析，本指标退为酌情）：".to_string());
        lines.extend(
            plan.lines
                .iter()
                .map(|line| format!("        #   {}", one_line(line))),
        );
        lines.push(format!("        # 原因：{}", one_line(reason)));
        lines.push("        评分 { 否则 酌情扣分 }".to_string());
        lines.push("    }".to_string());
        return (lines.join("\n"), lines.len());
    }
    match (&plan.actual, shape.own_actual) {
        (Some(actual), _) => lines.push(format!("        完成值 = {actual}")),
        (None, true) => lines.push(format!("        完成值 = {}", name(&indicator.name))),
        (None, false) => {}
    }
    let printed = plan.target.as_ref().filter(|_| shape.with_target);
    if let Some(target) = printed.or(shape.implied_target.as_ref()) {
        lines.push(format!("        标杆值 {target}"));
    }
    lines.push(format!(
        "        {} {{",
        if plan.checklist { "要点" } else { "评分" }
    ));
    let first = lines.len();
    lines.extend(
        plan.lines
            .iter()
            .map(|line| format!("            {}", one_line(line))),
    );
    if shape.catch_all {
        lines.push(format!(
            "            {CATCH_ALL}  # 原表各条都带条件：其余情况酌情（待确认）"
        ));
    }
    lines.push("        }".to_string());
    lines.push("    }".to_string());
    (lines.join("\n"), first)
}

/// The 事实 block of `facts`.
pub fn facts_block(facts: &[Declared]) -> String {
    let mut out = vec!["事实 {".to_string()];
    if !facts.is_empty() {
        out.push("    # 由评分标准的文字推断，名称、单位与类型均待确认".to_string());
    }
    for fact in facts {
        out.push(format!(
            "    {}：{}  # 待确认（「{}」）",
            name(&fact.name),
            fact.ty,
            fact.indicator
        ));
    }
    out.push("}".to_string());
    out.join("\n")
}

/// The errors of building `source` alone.
pub fn errors(source: &str) -> Vec<DiagnosticData> {
    let build = crate::build("导入草稿.jx", source);
    build
        .diagnostics
        .iter()
        .flat_map(|report| diagnostics::all(report, &build.sources))
        .filter(|data| data.severity == "error")
        .collect()
}

/// The name in the first 「…」 of a message.
fn quoted(message: &str) -> Option<String> {
    let start = message.find('「')? + '「'.len_utf8();
    let end = start + message[start..].find('」')?;
    Some(message[start..end].to_string())
}

/// Settles one indicator against the facts declared so far.
pub fn settle(indicator: &Indicator, plan: &Plan, known: &[Declared]) -> Settled {
    let mut shape = Shape {
        indicator,
        plan,
        own_actual: false,
        with_target: plan.target.is_some(),
        catch_all: false,
        implied_target: None,
    };
    let mut facts: Vec<Declared> = Vec::new();
    if plan.lines.is_empty() {
        return fall_back(
            &shape,
            "评分标准中没有计分的子句（只有公式、定义或要求）".into(),
        );
    }
    for _ in 0..MAX_TRIES {
        let (body, first) = text(&shape, None);
        // Only the facts its text names: a trial stays the size of one indicator.
        let all: Vec<Declared> = known
            .iter()
            .chain(&facts)
            .filter(|fact| body.contains(fact.name.as_str()))
            .cloned()
            .collect();
        let (source, header_lines) = trial_source(&body, &all, indicator);
        let errors = errors(&source);
        let Some(error) = errors.first() else {
            return settled(&shape, body, facts);
        };
        if !shape.respond(&errors, &mut facts, &all) {
            let clause = error.line.checked_sub(header_lines + first + 1);
            return fall_back(&shape, reason(plan, error, clause));
        }
    }
    fall_back(&shape, format!("试了 {MAX_TRIES} 次仍未能通过检查"))
}

/// A ruleset holding the indicator alone, and how many lines stand above it.
fn trial_source(body: &str, facts: &[Declared], indicator: &Indicator) -> (String, usize) {
    let weight = indicator.weight;
    let block = facts_block(facts);
    let header_lines = block.lines().count() + 2;
    let source = format!(
        "体系 \"导入试算\" {{ 满分 {weight} }}\n{block}\n一级 导入试算（{weight}分）{{\n{body}\n}}\n"
    );
    (source, header_lines)
}

/// An indicator that built: as printed, with a catch-all, or 酌情 only.
fn settled(shape: &Shape, text: String, facts: Vec<Declared>) -> Settled {
    let discretion_only = shape.plan.lines.iter().all(|line| is_discretion(line));
    let (reading, fallback) = match (discretion_only, shape.catch_all) {
        (true, _) => (Reading::Discretion, Some(only_discretion(shape.indicator))),
        (false, true) => (Reading::CatchAll, Some(caught(shape.indicator))),
        (false, false) => (Reading::Parsed, None),
    };
    Settled {
        text,
        facts,
        fallback,
        reading,
    }
}

/// Which clause failed and why, in the finding's words.
fn reason(plan: &Plan, error: &DiagnosticData, clause: Option<usize>) -> String {
    let which = clause
        .and_then(|at| plan.lines.get(at).map(|line| (at, line)))
        .map(|(at, line)| format!("第 {} 条「{}」", at + 1, one_line(line)))
        .unwrap_or_else(|| "评分标准".to_string());
    format!("{which}：{}（{}）", error.message, error.code)
}

impl Shape<'_> {
    /// Changes what is tried after `errors`: names declared, a 完成值 of
    /// its own, a 标杆值 read off the rule, a catch-all, or the printed
    /// 标杆值 dropped. Returns whether there is something new to try.
    fn respond(
        &mut self,
        errors: &[DiagnosticData],
        facts: &mut Vec<Declared>,
        all: &[Declared],
    ) -> bool {
        let (indicator, plan) = (self.indicator, self.plan);
        let own = infer::own_unit(plan, &indicator.name);
        let before = facts.len();
        for error in errors
            .iter()
            .filter(|e| e.code.ends_with("check::undefined_name"))
        {
            if let Some(found) = quoted(&error.message) {
                declare(&found, plan, &own, indicator, facts, all);
            }
        }
        if facts.len() > before {
            return true;
        }
        let missing = |what: &str| {
            errors
                .iter()
                .any(|e| e.code.ends_with("check::missing_value") && e.message.contains(what))
        };
        if missing("完成值") && plan.actual.is_none() && !self.own_actual {
            self.own_actual = true;
            if !all.iter().any(|fact| fact.name == indicator.name) {
                facts.push(Declared {
                    name: indicator.name.clone(),
                    ty: own,
                    indicator: indicator.name.clone(),
                });
            }
            return true;
        }
        if missing("标杆值") && plan.target.is_none() && self.implied_target.is_none() {
            self.implied_target = infer::first_compared(plan);
            if self.implied_target.is_some() {
                return true;
            }
        }
        let uncovered = errors
            .iter()
            .all(|e| e.code.ends_with("check::no_fallback"));
        if uncovered && !self.catch_all {
            self.catch_all = true;
            return true;
        }
        std::mem::replace(&mut self.with_target, false)
    }
}

fn fall_back(shape: &Shape, reason: String) -> Settled {
    let (text, _) = text(shape, Some(&reason));
    Settled {
        text,
        facts: Vec::new(),
        reading: Reading::Discretion,
        fallback: Some(Finding {
            code: FALLBACK,
            row: Some(shape.indicator.row),
            message: format!("指标「{}」的{reason}；已退为酌情，原文保留在注释中", shape.indicator.name),
            help: "照 jixiao 的印刷形式改写这条子句（见 README「The language in brief」），或保留酌情、由评价组打分".into(),
        }),
    }
}

/// Declares a name the rule reads: a tier, a quantity or a condition.
fn declare(
    found: &str,
    plan: &Plan,
    own: &str,
    indicator: &Indicator,
    facts: &mut Vec<Declared>,
    all: &[Declared],
) {
    let exists =
        |name: &str, facts: &[Declared]| all.iter().chain(facts).any(|fact| fact.name == name);
    let (name, ty) = match infer::tier(found) {
        Some((fact, level)) => (
            fact.to_string(),
            format!("档次（{}）", levels(level, plan).join("，")),
        ),
        None => match infer::declaration(found, plan, own) {
            ty if ty == "是否" => (infer::condition(found).to_string(), ty),
            ty => (found.to_string(), ty),
        },
    };
    if !exists(&name, facts) {
        facts.push(Declared {
            name,
            ty,
            indicator: indicator.name.clone(),
        });
    }
}

/// A tier's levels: the first, then each later clause's leading word
/// (`一般得权重分60%` → `一般`).
fn levels(first: &str, plan: &Plan) -> Vec<String> {
    let mut levels = vec![first.to_string()];
    for line in plan.lines.iter().skip(1) {
        let line = line.trim_start_matches(|c: char| !c.is_alphanumeric() || c.is_ascii_digit());
        let end = ["得", "计", "扣", "，", ","]
            .iter()
            .filter_map(|word| line.find(word))
            .min();
        if let Some(level) = end
            .map(|end| &line[..end])
            .filter(|level| !level.is_empty())
        {
            if !levels.iter().any(|known| known == level) {
                levels.push(level.to_string());
            }
        }
    }
    levels
}

/// An indicator fallen back to 酌情 for `reason`.
pub fn fall_back_on(indicator: &Indicator, plan: &Plan, reason: String) -> Settled {
    let shape = Shape {
        indicator,
        plan,
        own_actual: false,
        with_target: false,
        catch_all: false,
        implied_target: None,
    };
    fall_back(&shape, reason)
}

/// Whether a clause leaves the score to the evaluator.
fn is_discretion(line: &str) -> bool {
    ["酌情", "视情况", "视具体情况"]
        .iter()
        .any(|word| line.contains(word))
}

/// The finding for a rule whose only clauses are 酌情.
fn only_discretion(indicator: &Indicator) -> Finding {
    Finding {
        code: FALLBACK,
        row: Some(indicator.row),
        message: format!(
            "指标「{}」的评分标准只有酌情子句，没有可计算的规则；已照录，由评价组打分",
            indicator.name
        ),
        help: "补上计分的条件（如「完成值 >= 标杆值 得满分」），或保留酌情".into(),
    }
}

/// The finding for an added `否则 酌情扣分`.
fn caught(indicator: &Indicator) -> Finding {
    Finding {
        code: FALLBACK,
        row: Some(indicator.row),
        message: format!(
            "指标「{}」的评分标准各条都带条件，条件之外的情况没有分数；已照录各条，并在其后加「{CATCH_ALL}」",
            indicator.name
        ),
        help: "把末条改写为兜底（如「低于60%不得分」写作「否则 不得分」），或保留酌情、由评价组打分".into(),
    }
}
