//! The faults of a run: what an indicator's halted run reports, with the
//! rule text it stopped at (its words written only when it is reported).

use crate::lang::compile::{Compiled, CompiledIndicator};
use crate::score::facts::FactValues;
use crate::score::machine::{Halt, Why};
use miette::{Diagnostic, SourceSpan};
use rust_decimal::Decimal;
use thiserror::Error;

/// A run-time fault in one indicator.
#[derive(Debug, Clone, Error, Diagnostic, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// A fact the rule needs is not in the facts file.
    #[error("指标「{indicator}」缺少事实「{fact}」")]
    #[diagnostic(
        code(jixiao::eval::missing_fact),
        help("在事实文件中给出「{fact}」的值")
    )]
    MissingFact {
        /// The indicator.
        indicator: String,
        /// The fact.
        fact: String,
        /// Where the rule reads it.
        #[label("这里用到")]
        span: SourceSpan,
    },
    /// A division by zero.
    #[error("指标「{indicator}」计算时除数为 0")]
    #[diagnostic(
        code(jixiao::eval::division_by_zero),
        help("检查分母对应的事实是否为 0（例如实际到位资金为 0）")
    )]
    DivisionByZero {
        /// The indicator.
        indicator: String,
        /// The division.
        #[label("除数为 0")]
        span: SourceSpan,
    },
    /// A result too large for a decimal.
    #[error("指标「{indicator}」计算结果溢出")]
    #[diagnostic(code(jixiao::eval::overflow), help("检查事实的数量级与单位"))]
    Overflow {
        /// The indicator.
        indicator: String,
        /// The operation.
        #[label("溢出")]
        span: SourceSpan,
    },
    /// A 酌情 rule applies but the facts give no score for it.
    #[error("指标「{indicator}」须酌情给分，但事实文件未给出")]
    #[diagnostic(
        code(jixiao::eval::missing_discretion),
        help("在事实文件中写 [\"酌情\".\"{indicator}\"]，给出 \"得分\" 与 \"理由\"")
    )]
    MissingDiscretion {
        /// The indicator.
        indicator: String,
        /// The 酌情 clause.
        #[label("这条规则要求酌情给分")]
        span: SourceSpan,
    },
    /// A discretionary score outside [0, weight].
    #[error("指标「{indicator}」的酌情得分 {score} 不在 0 到 {weight} 分之间")]
    #[diagnostic(
        code(jixiao::eval::discretion_range),
        help("酌情得分须在 0 与权重之间")
    )]
    DiscretionOutOfRange {
        /// The indicator.
        indicator: String,
        /// The score given.
        score: Decimal,
        /// The weight.
        weight: Decimal,
        /// The 酌情 clause.
        #[label("酌情给分")]
        span: SourceSpan,
    },
    /// A score given in the facts outside the printed band that applies.
    #[error("指标「{indicator}」的酌情得分 {score} 不在该档 [{low}, {high}] 分之内")]
    #[diagnostic(
        code(jixiao::eval::outside_band),
        help("这一档的得分须在 {low} 到 {high} 分之间：在 [\"酌情\".\"{indicator}\"] 中给出档内的分数与理由，或核对完成值是否落在这一档")
    )]
    OutsideBand {
        /// The indicator.
        indicator: String,
        /// The score given.
        score: Decimal,
        /// The band's lower end.
        low: Decimal,
        /// The band's upper end.
        high: Decimal,
        /// The band's clause.
        #[label("这一档")]
        span: SourceSpan,
    },
    /// An indicator scored by the experts' mean with no expert's score.
    #[error("指标「{indicator}」按专家评分的平均值计分，但事实文件未给出专家评分")]
    #[diagnostic(
        code(jixiao::eval::missing_experts),
        help("在事实文件中写 [\"专家评分\".\"{indicator}\"]，每位专家一行 \"专家姓名\" = 分数")
    )]
    MissingExperts {
        /// The indicator.
        indicator: String,
        /// The clause.
        #[label("这条规则取专家评分的平均值")]
        span: SourceSpan,
    },
    /// One expert's score outside [0, weight].
    #[error("指标「{indicator}」的专家「{expert}」评分 {score} 不在 0 到 {weight} 分之间")]
    #[diagnostic(
        code(jixiao::eval::expert_range),
        help(
            "每位专家的评分须在 0 与权重之间：核对 [\"专家评分\".\"{indicator}\"] 中这位专家的分数"
        )
    )]
    ExpertOutOfRange {
        /// The indicator.
        indicator: String,
        /// The expert.
        expert: String,
        /// The score given.
        score: Decimal,
        /// The weight.
        weight: Decimal,
        /// The clause.
        #[label("取专家评分的平均值")]
        span: SourceSpan,
    },
    /// No clause applies.
    #[error("指标「{indicator}」没有适用的评分规则")]
    #[diagnostic(
        code(jixiao::eval::no_rule),
        help("为评分补上兜底规则，例如「否则 得0分」")
    )]
    NoRule {
        /// The indicator.
        indicator: String,
        /// The rule.
        #[label("没有适用的分支")]
        span: SourceSpan,
    },
}

/// The fault a halted run reports, naming the indicator and the rule text
/// of the instruction it stopped at.
pub(super) fn fault(
    compiled: &Compiled,
    indicator: &CompiledIndicator,
    facts: &FactValues,
    halt: Halt,
) -> Fault {
    let span = indicator.program.span(halt.at).into();
    let name = indicator.name.clone();
    match halt.why {
        Why::MissingFact(slot) => Fault::MissingFact {
            indicator: name,
            fact: compiled
                .facts
                .get(slot as usize)
                .map_or_else(String::new, |fact| fact.name.clone()),
            span,
        },
        Why::DivisionByZero => Fault::DivisionByZero {
            indicator: name,
            span,
        },
        Why::Overflow => Fault::Overflow {
            indicator: name,
            span,
        },
        Why::NoRule => Fault::NoRule {
            indicator: name,
            span,
        },
        Why::MissingDiscretion => Fault::MissingDiscretion {
            indicator: name,
            span,
        },
        Why::OutsideBand(score) => {
            let (low, high) = indicator.program.band(halt.at).unwrap_or_default();
            Fault::OutsideBand {
                indicator: name,
                score: score.normalize(),
                low: low.normalize(),
                high: high.normalize(),
                span,
            }
        }
        Why::DiscretionOutOfRange(score) => Fault::DiscretionOutOfRange {
            indicator: name,
            score,
            weight: indicator.weight,
            span,
        },
        Why::MissingExperts => Fault::MissingExperts {
            indicator: name,
            span,
        },
        Why::ExpertOutOfRange(at) => {
            let given = facts
                .experts
                .get(&indicator.name)
                .and_then(|scores| scores.get(at as usize));
            Fault::ExpertOutOfRange {
                indicator: name,
                expert: given.map_or_else(String::new, |given| given.expert.clone()),
                score: given.map_or(Decimal::ZERO, |given| given.score),
                weight: indicator.weight,
                span,
            }
        }
    }
}

/// A score a decimal cannot hold at the stated places.
pub(super) fn overflow(indicator: &CompiledIndicator) -> Fault {
    Fault::Overflow {
        indicator: indicator.name.clone(),
        span: indicator.source.span.into(),
    }
}
