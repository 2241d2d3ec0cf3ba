//! The cases file of a draft: one case at full marks. Its facts are found
//! by trying, fact by fact, a few values of each fact's type (是否 both ways,
//! `100%`, the quantities the rules print, each tier level) and keeping the
//! value that brings more indicators to full marks; every indicator whose
//! rule may leave its score to the evaluator (酌情) is given its weight with
//! a reason, and one scored by its experts (专家打分取平均) one expert at its
//! weight. The case expects each indicator's weight and a total of 满分.
//! An indicator no tried facts bring to full marks (a checklist whose points
//! add up to less than its weight) is left out of the expectations, and so
//! is the total, with a comment; the import reports it.

use super::error::{Finding, NO_FULL_MARKS};
use super::infer::quantity;
use crate::lang::compile::Compiled;
use crate::lang::units::Ty;
use crate::score::eval::{self, NodeScore, ScoreCard};
use crate::score::facts::{self, Format};
use rust_decimal::Decimal;

/// How many passes over the facts the search makes.
const PASSES: usize = 3;

/// Past this many facts one pass is made: each try scores the whole draft.
const MANY_FACTS: usize = 200;

/// The facts that give full marks, as TOML lines, and the indicators that
/// still fall short.
pub struct FullMarks {
    /// `"名称" = 值` lines.
    pub facts: Vec<(String, String)>,
    /// The indicators whose score the facts give (酌情 or 专家评分), with
    /// their weights.
    pub given: Vec<Given>,
    /// The indicators short of full marks, by name.
    pub short: Vec<String>,
}

/// An indicator whose score the facts give, at its weight.
pub struct Given {
    name: String,
    weight: Decimal,
    /// Given as the experts' scores rather than as 酌情.
    by_experts: bool,
}

impl Given {
    /// The facts table that gives it full marks, under `prefix` (empty in a
    /// facts file, `"满分"."事实".` in a cases file).
    fn table(&self, prefix: &str) -> String {
        let (name, weight) = (key(&self.name), self.weight);
        if self.by_experts {
            format!("[{prefix}\"专家评分\".{name}]\n\"专家1\" = {weight}\n")
        } else {
            format!(
                "[{prefix}\"酌情\".{name}]\n\"得分\" = {weight}\n\"理由\" = \"满分案例（jixiao import 生成，待确认）\"\n"
            )
        }
    }
}

/// The indicators whose score the facts give.
fn given(compiled: &Compiled) -> Vec<Given> {
    compiled
        .indicators()
        .into_iter()
        .filter_map(|ind| {
            let by_experts = ind.program.has_expert_mean();
            (by_experts || ind.program.has_discretion()).then(|| Given {
                name: ind.name.clone(),
                weight: ind.weight,
                by_experts,
            })
        })
        .collect()
}

/// A TOML key.
fn key(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The values tried for a fact.
fn candidates(ty: &Ty, printed: &[(String, String)]) -> Vec<String> {
    let quantities = |unit: &str| {
        let mut values: Vec<String> = printed
            .iter()
            .filter(|(_, printed_unit)| printed_unit == unit)
            .map(|(number, _)| format!("\"{number}{unit}\""))
            .collect();
        values.extend(["100", "0", "1", "10000"].map(|n| format!("\"{n}{unit}\"")));
        values
    };
    match ty {
        Ty::Bool => vec!["true".into(), "false".into()],
        Ty::Ratio { percent: true } => quantities("%"),
        Ty::Measure(measure) => quantities(&measure.to_string()),
        Ty::Tier(levels) => levels.iter().map(|level| key(level)).collect(),
        Ty::Date => vec!["\"2024-12-31\"".into(), "\"2024-01-01\"".into()],
        _ => vec!["1".into(), "0".into(), "100".into()],
    }
}

/// The quantities the ruleset's text prints (`95%`, `353家`).
fn printed_quantities(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        let starts =
            c.is_ascii_digit() && !text[..at].ends_with(|p: char| p.is_ascii_digit() || p == '.');
        if let Some((number, unit)) = starts.then(|| quantity(&text[at..])).flatten() {
            let pair = (number.to_string(), unit);
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

fn indicator_scores(card: &ScoreCard) -> Vec<(String, Decimal, Option<Decimal>)> {
    fn walk(nodes: &[NodeScore], out: &mut Vec<(String, Decimal, Option<Decimal>)>) {
        for node in nodes {
            match node {
                NodeScore::Group(group) => walk(&group.children, out),
                NodeScore::Indicator(ind) => out.push((ind.name.clone(), ind.weight, ind.score)),
            }
        }
    }
    let mut out = Vec::new();
    for group in &card.groups {
        walk(&group.children, &mut out);
    }
    out
}

/// The facts file's text for these values and given scores.
pub fn facts_text(values: &[(String, String)], given: &[Given]) -> String {
    let mut text: String = values
        .iter()
        .map(|(name, value)| format!("{} = {value}\n", key(name)))
        .collect();
    for indicator in given {
        text.push_str(&indicator.table(""));
    }
    text
}

/// How many indicators reach full marks, and the total, under `text`.
fn reach(compiled: &Compiled, text: &str) -> (usize, Decimal) {
    let Ok(values) = facts::parse(text, Format::Toml, compiled) else {
        return (0, Decimal::ZERO);
    };
    let card = eval::score(compiled, &values);
    let scores = indicator_scores(&card);
    let full = scores
        .iter()
        .filter(|(_, weight, score)| *score == Some(*weight))
        .count();
    let total = scores.iter().filter_map(|(_, _, score)| *score).sum();
    (full, total)
}

/// Searches for facts that give every indicator full marks.
pub fn search(compiled: &Compiled) -> FullMarks {
    let printed = printed_quantities(&compiled.source);
    let used: Vec<_> = compiled.facts.iter().filter(|fact| fact.used).collect();
    let options: Vec<Vec<String>> = used
        .iter()
        .map(|fact| candidates(&fact.ty, &printed))
        .collect();
    let mut chosen: Vec<(String, String)> = used
        .iter()
        .zip(&options)
        .map(|(fact, values)| (fact.name.clone(), values[0].clone()))
        .collect();
    let given = given(compiled);
    let mut best = reach(compiled, &facts_text(&chosen, &given));
    let passes = if used.len() > MANY_FACTS { 1 } else { PASSES };
    let indicators = compiled.indicators().len();
    for _ in 0..passes {
        let before = best;
        for (at, values) in options.iter().enumerate() {
            if best.0 == indicators {
                break;
            }
            for value in values {
                let mut trial = chosen.clone();
                trial[at].1 = value.clone();
                let score = reach(compiled, &facts_text(&trial, &given));
                if score > best {
                    best = score;
                    chosen = trial;
                }
            }
        }
        if best == before {
            break;
        }
    }
    let short = match facts::parse(&facts_text(&chosen, &given), Format::Toml, compiled) {
        Ok(values) => indicator_scores(&eval::score(compiled, &values))
            .into_iter()
            .filter(|(_, weight, score)| *score != Some(*weight))
            .map(|(name, ..)| name)
            .collect(),
        Err(_) => compiled
            .indicators()
            .iter()
            .map(|ind| ind.name.clone())
            .collect(),
    };
    FullMarks {
        facts: chosen,
        given,
        short,
    }
}

/// The cases file: one case whose expected scores are the weights and
/// whose expected total is 满分.
pub fn cases_file(full: &FullMarks, compiled: &Compiled) -> String {
    let mut text = String::from(
        "# 由 jixiao import 生成：一个满分案例。事实由 import 逐一试出，使每个指标得满分；运行 jixiao test 核对。\n\n[\"满分\"]\n[\"满分\".\"事实\"]\n",
    );
    for (name, value) in &full.facts {
        text.push_str(&format!("{} = {value}\n", key(name)));
    }
    for indicator in &full.given {
        text.push_str(&indicator.table("\"满分\".\"事实\"."));
    }
    text.push_str("[\"满分\".\"期望\"]\n");
    let weights: Decimal = compiled.indicators().iter().map(|ind| ind.weight).sum();
    if full.short.is_empty() && weights == compiled.full_marks {
        text.push_str(&format!(
            "\"总分\" = \"{:.2}\"  # 满分：各指标都得满分，总分即各一级指标权重之和\n",
            compiled.full_marks
        ));
    } else if full.short.is_empty() {
        text.push_str(&format!(
            "\"总分\" = \"{weights:.2}\"  # 各指标权重之和；表中一级权重合计 {} 与之不符（见 import::weight_sum），满分达不到\n",
            compiled.full_marks
        ));
    } else {
        text.push_str(&format!(
            "# 「{}」的规则得不到满分（见 jixiao import 的提示），不列其得分与总分的期望\n",
            full.short.join("」「")
        ));
    }
    text.push_str("[\"满分\".\"期望\".\"得分\"]\n");
    for indicator in compiled.indicators() {
        if !full.short.contains(&indicator.name) {
            text.push_str(&format!(
                "{} = \"{:.2}\"  # 满分：权重 {}\n",
                key(&indicator.name),
                indicator.weight,
                indicator.weight
            ));
        }
    }
    text
}

/// The finding for indicators no tried facts bring to full marks.
pub fn shortfall(full: &FullMarks) -> Option<Finding> {
    (!full.short.is_empty()).then(|| Finding {
        code: NO_FULL_MARKS,
        row: None,
        message: format!(
            "试过的事实都不能使「{}」得满分，满分案例的总分不会等于满分",
            full.short.join("」「")
        ),
        help: "检查这些指标的规则能否得满分（jixiao check 会指出永远得不到满分的规则），再改写案例中的事实".into(),
    })
}
