//! Building each indicator's steps from its trace: 完成值, the rule form's
//! steps, then the final score, and the prose that joins them.

use super::context::Explainer;
use super::model::{Explanation, IndicatorExplanation, Shown, Step};
use super::totals::totals;
use crate::lang::ast::Rule;
use crate::lang::compile::Compiled;
use crate::score::eval::score_traced;
use crate::score::facts::FactValues;
use rust_decimal::Decimal;

/// Scores the facts with tracing and explains every score and total.
pub fn explain(compiled: &Compiled, facts: &FactValues) -> Explanation {
    let (card, traces) = score_traced(compiled, facts);
    let indicators = compiled
        .indicators()
        .into_iter()
        .zip(card.indicators())
        .zip(&traces)
        .map(|((indicator, scored), trace)| {
            Explainer {
                compiled,
                indicator,
                scored,
                trace,
                facts,
            }
            .explain()
        })
        .collect();
    let totals = totals(compiled, &card);
    Explanation {
        title: card.title.clone(),
        document: compiled.document.clone(),
        indicators,
        totals,
        card,
    }
}

impl Explainer<'_> {
    fn explain(&self) -> IndicatorExplanation {
        let steps = match &self.scored.not_applicable {
            Some(reason) => vec![unscored_step(format!("不适用：{reason}，不考核该指标"))],
            None if self.scored.not_chosen => {
                vec![unscored_step("二者择其一，未选用此项，不评分".to_string())]
            }
            None => self.scored_steps(),
        };
        let prose = prose(&self.indicator.name, self.indicator.weight, &steps);
        IndicatorExplanation {
            path: self.scored.path.clone(),
            name: self.indicator.name.clone(),
            weight: self.indicator.weight,
            rule: self.rule_text(),
            target: self.scored.target.clone(),
            actual: self.scored.actual.clone(),
            score: self.scored.score,
            not_applicable: self.scored.not_applicable.clone(),
            not_chosen: self.scored.not_chosen,
            prose,
            steps,
        }
    }

    /// 完成值, the rule form's steps and the final score.
    fn scored_steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        steps.extend(self.actual_step());
        match &self.indicator.source.rule {
            Rule::Checklist(checklist) => steps.extend(self.checklist_steps(checklist)),
            Rule::Clauses(clauses) => steps.extend(self.clause_steps(clauses)),
            Rule::Missing => {}
        }
        steps.extend(self.final_steps());
        steps
    }

    fn actual_step(&self) -> Option<Step> {
        let actual = self.indicator.source.actual.as_ref()?;
        let value = self.scored.actual_value?;
        let shown = self.scored.actual.clone().unwrap_or_default();
        let substituted = self.substitute(actual, 0);
        let text = if substituted == shown {
            format!("完成值为 {shown}")
        } else {
            format!("完成值 = {substituted} = {shown}")
        };
        Some(Step {
            kind: "actual",
            text,
            inputs: self.inputs(actual),
            result: Some(Shown { value, shown }),
            span: self.span_info(actual.span),
            children: Vec::new(),
        })
    }
}

/// 「不适用：理由，不考核该指标」: the only step of an indicator that does not apply.
/// The one step of an indicator that is not scored: 不适用, or not chosen
/// under 二者择其一.
fn unscored_step(text: String) -> Step {
    Step {
        kind: "not_applicable",
        text,
        inputs: Vec::new(),
        result: None,
        span: None,
        children: Vec::new(),
    }
}

fn prose(name: &str, weight: Decimal, steps: &[Step]) -> String {
    let parts: Vec<&str> = steps.iter().map(|step| step.text.as_str()).collect();
    format!(
        "{name}（权重{}分）：{}。",
        weight.normalize(),
        parts.join("；")
    )
}
