//! Audit (复核): recompute a report from its own rules and facts, compare with
//! what it printed (its claims), and list every discrepancy, plus the places
//! where the printed values contradict each other.

use crate::lang::compile::Compiled;
use crate::lang::units::Ty;
use crate::report::explain::{explain, Explanation};
use crate::report::render::grade_text;
use crate::score::eval::{GroupScore, IndicatorScore, NodeScore};
use crate::score::facts::{parse_value, Claim, FactValues};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;
use std::str::FromStr;

/// The result of auditing one report.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// The project's name.
    pub title: String,
    /// How many printed values were compared.
    pub compared: usize,
    /// Printed values that differ from the recomputation.
    pub discrepancies: Vec<Finding>,
    /// Printed values that contradict other printed values.
    pub inconsistencies: Vec<Finding>,
    /// Claims that could not be compared, and why.
    pub skipped: Vec<String>,
    /// Claims that name an indicator or group the ruleset does not have,
    /// each with the closest name it has: errors, not agreement.
    pub unknown: Vec<String>,
    /// The recomputation.
    #[serde(skip)]
    pub explanation: Explanation,
}

impl Audit {
    /// Whether everything the report printed agrees: something was
    /// compared, every name is the ruleset's, and nothing differs.
    pub fn agrees(&self) -> bool {
        self.compared > 0
            && self.unknown.is_empty()
            && self.discrepancies.is_empty()
            && self.inconsistencies.is_empty()
    }
}

/// One difference.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// 得分, 完成值, 标杆值, 小计, 总分 or 等级.
    pub what: &'static str,
    /// The indicator or group it concerns (the project for 总分 and 等级).
    pub subject: String,
    /// What the report prints.
    pub claimed: String,
    /// What the rule (or the report's other values) give.
    pub computed: String,
    /// claimed − computed, where both are numbers.
    pub difference: Option<Decimal>,
    /// Where the report prints it.
    pub source: Option<String>,
    /// How the computed value was reached.
    pub derivation: String,
}

/// Recomputes the facts' report and compares it with its claims.
pub fn audit(compiled: &Compiled, facts: &FactValues) -> Audit {
    let explanation = explain(compiled, facts);
    let indicators = explanation.card.indicators();
    let mut auditor = Auditor {
        compiled,
        explanation: &explanation,
        by_name: first_of_each(indicators.iter().map(|indicator| indicator.name.as_str())),
        indicators,
        claims: &facts.claims,
        printed_scores: first_numbers(&facts.claims.scores),
        printed_subtotals: first_numbers(&facts.claims.subtotals),
        subtotal_claims: by_key(&facts.claims.subtotals),
        compared: 0,
        discrepancies: Vec::new(),
        inconsistencies: Vec::new(),
        skipped: Vec::new(),
        unknown: Vec::new(),
    };
    auditor.indicator_claims();
    auditor.group_claims();
    auditor.total_claims();
    auditor.inner_consistency();
    let Auditor {
        compared,
        discrepancies,
        inconsistencies,
        skipped,
        unknown,
        ..
    } = auditor;
    Audit {
        title: explanation.title.clone(),
        compared,
        discrepancies,
        inconsistencies,
        skipped,
        unknown,
        explanation,
    }
}

struct Auditor<'a> {
    compiled: &'a Compiled,
    explanation: &'a Explanation,
    /// The card's indicators, in the ruleset's order …
    indicators: Vec<&'a IndicatorScore>,
    /// … and where each name (as a claim key, [`printed_key`]) first stands among them.
    by_name: HashMap<String, usize>,
    claims: &'a crate::score::facts::Claims,
    /// Each claim key's first printed 得分 and 小计 that is a number, and every
    /// printed 小计 per key: looked up once per indicator or group, so found
    /// once here (a scan per lookup made the audit quadratic).
    printed_scores: HashMap<String, Decimal>,
    printed_subtotals: HashMap<String, Decimal>,
    subtotal_claims: HashMap<String, Vec<&'a Claim>>,
    compared: usize,
    discrepancies: Vec<Finding>,
    inconsistencies: Vec<Finding>,
    skipped: Vec<String>,
    unknown: Vec<String>,
}

impl Auditor<'_> {
    /// Records a claim on an indicator the ruleset does not have.
    fn unknown_indicator(&mut self, what: &str, name: &str) {
        let indicators = self.explanation.card.indicators();
        let names = indicators.iter().map(|indicator| indicator.name.as_str());
        let close = crate::lang::check::closest(name, names);
        self.unknown.push(unknown_text(what, name, "指标", close));
    }

    fn indicator(&self, name: &str) -> Option<(usize, &IndicatorScore)> {
        let index = *self.by_name.get(&printed_key(name))?;
        Some((index, self.indicators[index]))
    }

    fn prose(&self, index: usize) -> String {
        self.explanation
            .indicators
            .get(index)
            .map_or_else(String::new, |explained| explained.prose.clone())
    }

    /// Claims per indicator, in the ruleset's order (not the facts file's).
    fn indicator_claims(&mut self) {
        let order: Vec<String> = self
            .explanation
            .card
            .indicators()
            .iter()
            .map(|indicator| indicator.name.clone())
            .collect();
        for (name, claim) in in_order(&self.claims.scores, &order) {
            let Some((index, scored)) = self.indicator(name) else {
                self.unknown_indicator("得分", name);
                continue;
            };
            if let Some(reason) = &scored.not_applicable {
                let finding = not_applicable_claim(name, claim, reason);
                self.compared += 1;
                self.discrepancies.push(finding);
                continue;
            }
            let derivation = self.prose(index);
            self.compare_points("得分", name, claim, scored.score, derivation);
        }
        for (name, claim) in in_order(&self.claims.actuals, &order) {
            self.compare_value("完成值", name, claim, true);
        }
        for (name, claim) in in_order(&self.claims.targets, &order) {
            self.compare_value("标杆值", name, claim, false);
        }
    }

    /// Compares a printed score (or sub-total, total) with the recomputed one.
    fn compare_points(
        &mut self,
        what: &'static str,
        subject: &str,
        claim: &Claim,
        computed: Option<Decimal>,
        derivation: String,
    ) {
        let (Ok(claimed), Some(computed)) = (Decimal::from_str(claim.text.trim()), computed) else {
            self.skipped.push(format!(
                "{what}「{subject}」：报告值「{}」或重算值无法比对",
                claim.text
            ));
            return;
        };
        self.compared += 1;
        if claimed != computed {
            self.discrepancies.push(Finding {
                what,
                subject: subject.to_string(),
                claimed: claim.text.clone(),
                computed: computed.to_string(),
                difference: claimed.checked_sub(computed),
                source: claim.source.clone(),
                derivation,
            });
        }
    }

    /// Compares a printed 完成值 or 标杆值 at the precision the report prints it.
    fn compare_value(&mut self, what: &'static str, name: &str, claim: &Claim, actual: bool) {
        let Some((index, scored)) = self.indicator(name) else {
            self.unknown_indicator(what, name);
            return;
        };
        let types = &self.compiled.indicators()[index].types;
        let (ty, computed, shown) = if actual {
            (
                types.actual.clone(),
                scored.actual_value,
                scored.actual.clone(),
            )
        } else {
            (
                types.target.clone(),
                scored.target_value,
                scored.target.clone(),
            )
        };
        let (Some(ty), Some(computed), Some(shown)) = (ty, computed, shown) else {
            self.skipped
                .push(format!("{what}「{name}」：规则未给出可比对的{what}"));
            return;
        };
        let Some(claimed) = parse_value(&claim.text, &ty, &self.compiled.units) else {
            self.skipped.push(format!(
                "{what}「{name}」：报告值「{}」不是{ty}",
                claim.text
            ));
            return;
        };
        self.compared += 1;
        let places = printed_places(&claim.text);
        if !same_at_precision(claimed, computed, &ty, places) {
            self.discrepancies.push(Finding {
                what,
                subject: name.to_string(),
                claimed: claim.text.clone(),
                computed: shown,
                difference: None,
                source: claim.source.clone(),
                derivation: self.prose(index),
            });
        }
    }

    /// Sub-total claims, inner groups before the groups that hold them.
    fn group_claims(&mut self) {
        let mut order = Vec::new();
        for group in &self.explanation.card.groups {
            post_order(group, &mut order);
        }
        let by_key = first_of_each(order.iter().map(String::as_str));
        for (name, claim) in in_order(&self.claims.subtotals, &order) {
            let printed = by_key.get(&printed_key(name)).map(|&index| &order[index]);
            let Some(group) = printed.and_then(|printed| self.explanation.card.group(printed))
            else {
                let close = crate::lang::check::closest(name, order.iter().map(String::as_str));
                self.unknown.push(unknown_text("小计", name, "分组", close));
                continue;
            };
            let derivation = self.subtotal_derivation(name);
            let score = group.score;
            self.compare_points("小计", name, claim, score, derivation);
        }
    }

    fn subtotal_derivation(&self, name: &str) -> String {
        self.explanation
            .totals
            .iter()
            .find(|step| step.text.starts_with(&format!("{name}小计")))
            .map_or_else(String::new, |step| step.text.clone())
    }

    /// The explanation's total (or grade) steps, in words.
    fn totals_text(&self, kind: &str) -> String {
        self.explanation
            .totals
            .iter()
            .filter(|step| step.kind == kind)
            .map(|step| step.text.clone())
            .collect::<Vec<_>>()
            .join("；")
    }

    fn total_claims(&mut self) {
        let card = &self.explanation.card;
        let total_derivation = self.totals_text("total");
        for claim in &self.claims.total {
            self.compare_points(
                "总分",
                &card.title,
                claim,
                card.total,
                total_derivation.clone(),
            );
        }
        let grade_derivation = self.totals_text("grade");
        for claim in &self.claims.grade {
            self.compared += 1;
            if card.grade.as_deref() != Some(claim.text.trim()) {
                self.discrepancies.push(Finding {
                    what: "等级",
                    subject: card.title.clone(),
                    claimed: claim.text.clone(),
                    computed: grade_text(card),
                    difference: None,
                    source: claim.source.clone(),
                    derivation: grade_derivation.clone(),
                });
            }
        }
    }

    /// Printed sub-totals against their printed children, the printed total
    /// against the printed 一级 sub-totals, the printed grade against the bands.
    fn inner_consistency(&mut self) {
        let groups = &self.explanation.card.groups;
        for group in groups {
            self.group_consistency(group);
        }
        let printed_levels: Option<Vec<Decimal>> = groups
            .iter()
            .map(|group| self.printed_subtotal(&group.name))
            .collect();
        if let Some(levels) = printed_levels {
            for claim in &self.claims.total {
                self.check_sum("总分", &self.explanation.card.title.clone(), claim, &levels);
            }
        }
        for (total, grade) in self.claims.total.iter().zip(&self.claims.grade) {
            let Ok(total) = Decimal::from_str(total.text.trim()) else {
                continue;
            };
            let banded = crate::score::eval::grade_of(self.compiled, total);
            if banded.as_deref() != Some(grade.text.trim()) {
                self.inconsistencies.push(Finding {
                    what: "等级",
                    subject: self.explanation.card.title.clone(),
                    claimed: grade.text.clone(),
                    computed: banded.unwrap_or_default(),
                    difference: None,
                    source: grade.source.clone(),
                    derivation: format!("按报告总分 {total} 与等级分档"),
                });
            }
        }
    }

    fn group_consistency(&mut self, group: &GroupScore) {
        let children: Option<Vec<Decimal>> = group
            .children
            .iter()
            .map(|child| match child {
                NodeScore::Group(inner) => self.printed_subtotal(&inner.name),
                NodeScore::Indicator(indicator) => self.printed_score(&indicator.name),
            })
            .collect();
        if let Some(children) = children {
            let claims = self
                .subtotal_claims
                .get(&printed_key(&group.name))
                .cloned()
                .unwrap_or_default();
            for claim in claims {
                self.check_sum("小计", &group.name, claim, &children);
            }
        }
        for child in &group.children {
            if let NodeScore::Group(inner) = child {
                self.group_consistency(inner);
            }
        }
    }

    fn check_sum(&mut self, what: &'static str, subject: &str, claim: &Claim, parts: &[Decimal]) {
        let Ok(claimed) = Decimal::from_str(claim.text.trim()) else {
            return;
        };
        let Some(sum) = parts
            .iter()
            .try_fold(Decimal::ZERO, |sum, part| sum.checked_add(*part))
        else {
            return;
        };
        if claimed != sum {
            let written: Vec<String> = parts.iter().map(|p| p.normalize().to_string()).collect();
            self.inconsistencies.push(Finding {
                what,
                subject: subject.to_string(),
                claimed: claim.text.clone(),
                computed: sum.normalize().to_string(),
                difference: claimed.checked_sub(sum),
                source: claim.source.clone(),
                derivation: format!(
                    "报告所列下级得分合计 {} = {}",
                    written.join(" + "),
                    sum.normalize()
                ),
            });
        }
    }

    fn printed_score(&self, name: &str) -> Option<Decimal> {
        self.printed_scores.get(&printed_key(name)).copied()
    }

    fn printed_subtotal(&self, name: &str) -> Option<Decimal> {
        self.printed_subtotals.get(&printed_key(name)).copied()
    }
}

/// Claims sorted by where their name stands in `order`; unknown names last,
/// each group of equal names in file order.
/// A printed score for an indicator the facts mark 不适用: the report
/// scores what the project does not take, and its total rests on it.
fn not_applicable_claim(name: &str, claim: &Claim, reason: &str) -> Finding {
    Finding {
        what: "得分",
        subject: name.to_string(),
        claimed: claim.text.clone(),
        computed: "不适用".to_string(),
        difference: None,
        source: claim.source.clone(),
        derivation: format!("事实文件标为不适用（理由：{reason}），不计分，总分按适用指标折算"),
    }
}

fn in_order<'c>(claims: &'c [(String, Claim)], order: &[String]) -> Vec<&'c (String, Claim)> {
    let order = first_of_each(order.iter().map(String::as_str));
    let mut sorted: Vec<&(String, Claim)> = claims.iter().collect();
    sorted.sort_by_key(|(name, _)| order.get(&printed_key(name)).copied().unwrap_or(usize::MAX));
    sorted
}

/// Where each name, as a claim key, first stands in `names`.
fn first_of_each<'n>(names: impl Iterator<Item = &'n str>) -> HashMap<String, usize> {
    let mut first = HashMap::new();
    for (index, name) in names.enumerate() {
        first.entry(printed_key(name)).or_insert(index);
    }
    first
}

/// A name as a claim key: the printed name, found whether the key is copied
/// from the report with brackets, colons and commas of either width or
/// quoted in 「」 as the ruleset may quote it (「“三公经费”变动率」).
fn printed_key(name: &str) -> String {
    let name = name.trim();
    let name = name
        .strip_prefix('「')
        .and_then(|inner| inner.strip_suffix('」'))
        .unwrap_or(name);
    name.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            ';' => '；',
            other => other,
        })
        .collect()
}

/// A claim on a name the ruleset does not have, with the closest it has.
fn unknown_text(what: &str, name: &str, kind: &str, close: Option<&str>) -> String {
    let hint = close.map_or_else(String::new, |close| format!("；是否想写「{close}」？"));
    format!("{what}「{name}」：规则中没有这个{kind}{hint}")
}

/// Group names, each after the groups inside it.
fn post_order(group: &GroupScore, names: &mut Vec<String>) {
    for child in &group.children {
        if let NodeScore::Group(inner) = child {
            post_order(inner, names);
        }
    }
    names.push(group.name.clone());
}

/// Each claim key's first claim that is a number.
fn first_numbers(claims: &[(String, Claim)]) -> HashMap<String, Decimal> {
    let mut first = HashMap::new();
    for (name, claim) in claims {
        if let Ok(number) = Decimal::from_str(claim.text.trim()) {
            first.entry(printed_key(name)).or_insert(number);
        }
    }
    first
}

/// Every claim per claim key, in the facts file's order.
fn by_key(claims: &[(String, Claim)]) -> HashMap<String, Vec<&Claim>> {
    let mut grouped: HashMap<String, Vec<&Claim>> = HashMap::new();
    for (name, claim) in claims {
        grouped.entry(printed_key(name)).or_default().push(claim);
    }
    grouped
}

/// Decimal places of the number in a printed value ("98.5%" → 1).
fn printed_places(text: &str) -> u32 {
    let number: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    number.split_once('.').map_or(0, |(_, fraction)| {
        u32::try_from(fraction.len()).unwrap_or(0)
    })
}

/// Whether the computed value, printed the way the claim is printed, is the claim.
fn same_at_precision(claimed: Decimal, computed: Decimal, ty: &Ty, places: u32) -> bool {
    let scale = match ty {
        Ty::Ratio { percent: true } => Decimal::ONE_HUNDRED,
        _ => Decimal::ONE,
    };
    let printed = |value: Decimal| {
        value.checked_mul(scale).map(|scaled| {
            scaled.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        })
    };
    match ty {
        Ty::Measure(measure) => {
            let in_unit = |value: Decimal| measure.from_base(value);
            let round = |value: Option<Decimal>| {
                value.map(|v| {
                    v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
                })
            };
            round(in_unit(claimed)) == round(in_unit(computed))
        }
        _ => printed(claimed) == printed(computed),
    }
}

/// The audit as a report in Chinese.
pub fn text(audit: &Audit) -> String {
    let mut out = format!(
        "复核：{}\n比对报告数值 {} 项，与规则重算不符 {} 处，报告自身前后不一致 {} 处{}。\n",
        audit.title,
        audit.compared,
        audit.discrepancies.len(),
        audit.inconsistencies.len(),
        not_compared(audit)
    );
    for (heading, findings) in [
        ("一、报告数值与按规则重算的结果不符", &audit.discrepancies),
        ("二、报告数值彼此不一致", &audit.inconsistencies),
    ] {
        if findings.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for (number, finding) in findings.iter().enumerate() {
            out.push_str(&finding_text(number + 1, finding));
        }
    }
    for (heading, lines) in [
        ("名称有误（报告所列名称规则中没有）", &audit.unknown),
        ("未比对", &audit.skipped),
    ] {
        if !lines.is_empty() {
            out.push_str(&format!("\n{heading}\n"));
            for line in lines {
                out.push_str(&format!("- {line}\n"));
            }
        }
    }
    out
}

/// The headline's note of what was not compared, so that 「不符 0 处」 is not
/// read as agreement on values that were never checked.
fn not_compared(audit: &Audit) -> String {
    match (audit.skipped.len(), audit.unknown.len()) {
        (0, 0) => String::new(),
        (skipped, 0) => format!("；另有 {skipped} 项未能比对（见文末）"),
        (0, unknown) => format!("；另有 {unknown} 项名称有误、未比对（见文末）"),
        (skipped, unknown) => {
            format!("；另有 {skipped} 项未能比对、{unknown} 项名称有误（见文末）")
        }
    }
}

fn finding_text(number: usize, finding: &Finding) -> String {
    let source = finding
        .source
        .as_ref()
        .map_or_else(String::new, |source| format!("（出处：{source}）"));
    let difference = finding
        .difference
        .map_or_else(String::new, |d| format!("，相差 {}", signed(d)));
    format!(
        "{number}. {}「{}」：报告为 {}{source}，应为 {}{difference}。\n   依据：{}\n",
        finding.what, finding.subject, finding.claimed, finding.computed, finding.derivation
    )
}

fn signed(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{}", value.normalize())
    } else {
        value.normalize().to_string()
    }
}

/// The audit as JSON.
pub fn json(audit: &Audit) -> String {
    serde_json::to_string_pretty(audit).unwrap_or_default()
}
