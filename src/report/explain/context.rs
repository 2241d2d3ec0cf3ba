//! The explainer's context for one indicator, and how it reads the rule back:
//! source text without comments, expressions with their values substituted,
//! conditions in words and the facts an expression read.

use super::model::{Input, SpanInfo};
use super::phrasing::{without_comment, written_quantity};
use crate::lang::ast::*;
use crate::lang::check::Checked;
use crate::lang::compile::{Compiled, CompiledIndicator, Note};
use crate::lang::span::Span;
use crate::lang::units::{Ty, SHOWN_PLACES};
use crate::score::eval::{IndicatorScore, Trace};
use crate::score::facts::FactValues;
use rust_decimal::Decimal;

/// Explains one indicator from its trace.
pub(super) struct Explainer<'a> {
    /// The compiled ruleset, with its source text.
    pub(super) compiled: &'a Compiled,
    /// The indicator explained.
    pub(super) indicator: &'a CompiledIndicator,
    /// Its row of the score card.
    pub(super) scored: &'a IndicatorScore,
    /// The values the evaluator passed through for it.
    pub(super) trace: &'a Trace,
    /// The project's facts (for 酌情 reasons).
    pub(super) facts: &'a FactValues,
}

impl Explainer<'_> {
    /// The rule as written: its clauses or items, one per line, without comments.
    pub(super) fn rule_text(&self) -> String {
        let spans: Vec<Span> = match &self.indicator.source.rule {
            Rule::Checklist(checklist) => {
                let mut spans: Vec<Span> = checklist.items.iter().map(|item| item.span).collect();
                spans.extend(checklist.gate.as_ref().map(|gate| gate.span));
                spans
            }
            Rule::Clauses(clauses) => {
                // 「综合治理效果 为 明显 得满分；一般 …」: the subject is written
                // once, before the first arm of its tiers.
                // A scope phrase (在…，) likewise, before the first clause it leads.
                let mut subject = None;
                let mut scope = None;
                clauses
                    .iter()
                    .map(|clause| {
                        let span = match &clause.guard {
                            Guard::Tier(fact, _) if subject != Some(fact.span) => {
                                subject = Some(fact.span);
                                fact.span.to(clause.span)
                            }
                            _ => clause.span,
                        };
                        match clause.scope.as_ref().map(|phrase| phrase.span) {
                            Some(phrase) if scope != Some(phrase) => {
                                scope = Some(phrase);
                                phrase.to(span)
                            }
                            _ => span,
                        }
                    })
                    .collect()
            }
            Rule::Missing => Vec::new(),
        };
        let mut parts: Vec<String> = spans.iter().map(|span| self.text(*span)).collect();
        parts.dedup();
        parts.join("；")
    }

    /// Source text at a span, on one line, without comments (a span may end
    /// after a trailing comment).
    pub(super) fn text(&self, span: Span) -> String {
        span.text(&self.compiled.source)
            .lines()
            .map(without_comment)
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
            // Alignment padding after a full-width colon is layout, not text.
            .replace("： ", "：")
    }

    pub(super) fn span_info(&self, span: Span) -> Option<SpanInfo> {
        let sources = &self.compiled.sources;
        let (file, line, column) = sources.locate(span.start);
        let start = sources.in_file(span.start);
        Some(SpanInfo {
            file,
            start,
            end: start + (span.end - span.start),
            line,
            column,
        })
    }

    /// The facts an expression read, with their values.
    pub(super) fn inputs(&self, expr: &Expr<Checked>) -> Vec<Input> {
        let mut inputs = Vec::new();
        self.collect_inputs(expr, &mut inputs);
        inputs
    }

    pub(super) fn collect_inputs(&self, expr: &Expr<Checked>, inputs: &mut Vec<Input>) {
        match &expr.kind {
            ExprKind::Ref(fact) => {
                let Some(value) = self.trace.value(Note::Value(expr.span)) else {
                    return;
                };
                if let Some(declared) = self.compiled.facts.get(fact.id.0) {
                    inputs.push(Input {
                        name: declared.name.clone(),
                        value,
                        shown: declared.ty.show_to(value, SHOWN_PLACES),
                    });
                }
            }
            ExprKind::Binary(_, left, right) => {
                self.collect_inputs(left, inputs);
                self.collect_inputs(right, inputs);
            }
            ExprKind::Actual => inputs.extend(self.value_input("完成值", true)),
            ExprKind::Target => inputs.extend(self.value_input("标杆值", false)),
            _ => {}
        }
    }

    /// Whether a value shown in `expr`'s substitution is rounded, so that
    /// the arithmetic printed with it only approximately gives its result.
    pub(super) fn shows_rounded(&self, expr: &Expr<Checked>) -> bool {
        let types = &self.indicator.types;
        match &expr.kind {
            ExprKind::Ref(fact) => self
                .trace
                .value(Note::Value(expr.span))
                .zip(self.compiled.facts.get(fact.id.0))
                .is_some_and(|(value, declared)| rounded(&declared.ty, value)),
            ExprKind::Binary(_, left, right) => {
                self.shows_rounded(left) || self.shows_rounded(right)
            }
            ExprKind::Actual => self
                .scored
                .actual_value
                .zip(types.actual.as_ref())
                .is_some_and(|(value, ty)| rounded(ty, value)),
            ExprKind::Target => self
                .scored
                .target_value
                .zip(types.target.as_ref())
                .is_some_and(|(value, ty)| rounded(ty, value)),
            _ => false,
        }
    }

    pub(super) fn value_input(&self, name: &str, actual: bool) -> Option<Input> {
        let (value, shown) = if actual {
            (self.scored.actual_value?, self.scored.actual.clone()?)
        } else {
            (self.scored.target_value?, self.scored.target.clone()?)
        };
        Some(Input {
            name: name.to_string(),
            value,
            shown,
        })
    }

    /// An expression with every fact replaced by its value and unit.
    pub(super) fn substitute(&self, expr: &Expr<Checked>, parent_precedence: u8) -> String {
        match &expr.kind {
            ExprKind::Quantity(number, unit) => written_quantity(*number, unit.as_ref()),
            ExprKind::Date(date) => date.to_string(),
            ExprKind::Weight => format!("{}分", self.indicator.weight.normalize()),
            ExprKind::Actual => self
                .scored
                .actual
                .clone()
                .unwrap_or_else(|| "完成值".into()),
            ExprKind::Target => self
                .scored
                .target
                .clone()
                .unwrap_or_else(|| "标杆值".into()),
            ExprKind::Ref(fact) => {
                let declared = self.compiled.facts.get(fact.id.0);
                match (self.trace.value(Note::Value(expr.span)), declared) {
                    (Some(value), Some(declared)) => declared.ty.show_to(value, SHOWN_PLACES),
                    (_, Some(declared)) => declared.name.clone(),
                    _ => String::new(),
                }
            }
            ExprKind::Binary(op, left, right) => {
                let precedence = match op {
                    BinOp::Add | BinOp::Sub => 1,
                    BinOp::Mul | BinOp::Div => 2,
                };
                // A ratio times a percent reads best as (a ÷ b) × 100%.
                let left_precedence = match (op, &left.kind) {
                    (BinOp::Mul, ExprKind::Binary(BinOp::Div, ..)) => 3,
                    _ => precedence,
                };
                let text = format!(
                    "{} {} {}",
                    self.substitute(left, left_precedence),
                    op.symbol(),
                    self.substitute(right, precedence + 1)
                );
                if precedence < parent_precedence {
                    format!("（{text}）")
                } else {
                    text
                }
            }
        }
    }

    pub(super) fn condition_text(&self, condition: &Condition<Checked>) -> String {
        match condition {
            Condition::Compare(_, _, _, span) => self.text(*span),
            Condition::Fact(fact) => self
                .compiled
                .facts
                .get(fact.id.0)
                .map_or_else(String::new, |declared| declared.name.clone()),
            Condition::Tier(fact, level) => {
                let name = self.compiled.facts.get(fact.id.0).map(|f| f.name.as_str());
                format!("{} 为 {}", name.unwrap_or_default(), level.name.text)
            }
            Condition::Not(inner) => format!("不 {}", self.condition_text(inner)),
            Condition::All(members) => match printed_together(members) {
                Some(span) => self.text(span),
                None => self.joined(members, " 且 "),
            },
            Condition::Any(members) => self.joined(members, " 或 "),
        }
    }

    /// The members joined by 且 or 或; a 且 inside a 或 keeps its brackets,
    /// since 且 binds tighter only where the reader knows it does.
    pub(super) fn joined(&self, members: &[Condition<Checked>], word: &str) -> String {
        members
            .iter()
            .map(|member| match member {
                Condition::All(inner) if inner.len() > 1 && word == " 或 " => {
                    format!("（{}）", self.condition_text(member))
                }
                _ => self.condition_text(member),
            })
            .collect::<Vec<_>>()
            .join(word)
    }
}

/// The span of comparisons printed one after another, shown as printed
/// (`0-10%（含）`, `80%≤完成值<90%`, `>5个月，≤6个月`) rather than as the
/// comparisons they read as.
fn printed_together(members: &[Condition<Checked>]) -> Option<Span> {
    let mut spans = members.iter().map(|member| match member {
        Condition::Compare(_, _, _, span) => Some(*span),
        _ => None,
    });
    let mut whole = spans.next()??;
    for span in spans {
        let span = span?;
        if span.start < whole.end {
            return None;
        }
        whole = whole.to(span);
    }
    Some(whole)
}

/// Whether showing a value of type `ty` to [`SHOWN_PLACES`] rounds it.
pub(super) fn rounded(ty: &Ty, value: Decimal) -> bool {
    ty.show_to(value, SHOWN_PLACES) != ty.show_to(value, 28)
}
