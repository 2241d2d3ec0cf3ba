//! The project's own tables in a facts file, each read into the project's
//! [`FactValues`](crate::score::facts::FactValues):
//! `酌情` (a discretionary score and its reason per indicator), `专家评分`
//! (each expert's score), `不适用` (indicators that do not apply, with the
//! reason) and `报告` (what a report printed, for `audit`).

use crate::lang::source::visible;
use crate::lang::units::{Ty, UnitTable};
use crate::score::fact_error::{shape_error, FactError};
use crate::score::values::{
    convert, RawValue, CLAIMS_TABLE, DISCRETION_TABLE, EXPERTS_TABLE, NOT_APPLICABLE_TABLE,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a report printed, to be compared with the recomputation. Each name may
/// carry several claims when the report prints a value in several places.
///
/// ```toml
/// ["报告"]
/// "总分" = { "值" = 99.94, "出处" = "附件评分表" }
/// "等级" = "优"
/// ["报告"."得分"]
/// "预算执行率" = 3.94
/// ["报告"."完成值"]
/// "预算执行率" = [{ "值" = "98.5%", "出处" = "表3-2" }, { "值" = "99.5%", "出处" = "一、（三）1" }]
/// ["报告"."小计"]
/// "项目管理" = 19.94
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// 得分 per indicator.
    pub scores: Vec<(String, Claim)>,
    /// 完成值 per indicator.
    pub actuals: Vec<(String, Claim)>,
    /// 标杆值 per indicator.
    pub targets: Vec<(String, Claim)>,
    /// 小计 per group.
    pub subtotals: Vec<(String, Claim)>,
    /// 总分.
    pub total: Vec<Claim>,
    /// 等级.
    pub grade: Vec<Claim>,
}

/// One printed value and where the report prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The value as printed: "3.94", "98.5%", "优".
    pub text: String,
    /// Where it is printed (table, section), if the facts file says.
    pub source: Option<String>,
}

/// A score given by the evaluator, with the reason for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Discretion {
    /// The score given, or for a further deduction the points taken off.
    pub score: Decimal,
    /// Why.
    pub reason: String,
    /// Whether the file wrote it as 扣分 (points taken off) rather than 得分.
    pub deducts: bool,
}

/// One expert's score for an indicator scored by the experts' mean.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpertScore {
    /// Who gave it (专家1, 专家2 … where the file lists scores only).
    pub expert: String,
    /// The score.
    pub score: Decimal,
}

pub(crate) fn discretion_table(
    raw: RawValue,
    discretion: &mut HashMap<String, Discretion>,
    errors: &mut Vec<FactError>,
) {
    let RawValue::Table(indicators) = raw else {
        errors.push(shape_error(format!("「{DISCRETION_TABLE}」应是一个表")));
        return;
    };
    for (indicator, entry) in indicators {
        let fields = match entry {
            RawValue::Table(fields) => fields,
            _ => Vec::new(),
        };
        if let Some(error) = discretion_field_error(&indicator, &fields) {
            errors.push(error);
            continue;
        }
        let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, v)| v);
        // A further deduction (存在…的，酌情扣分) gives the points taken off
        // as 扣分, any other 酌情 its score as 得分; which is checked against
        // the rule once the indicators are known (facts::discretion_keys).
        let deducts = field("扣分").is_some();
        let score = field(if deducts { "扣分" } else { "得分" })
            .and_then(|raw| convert(raw, &Ty::Points, &UnitTable::BUILTIN));
        let reason = match field("理由") {
            Some(RawValue::Text(reason)) if !reason.trim().is_empty() => Some(reason.clone()),
            _ => None,
        };
        match (score, reason) {
            (Some(score), Some(reason)) => {
                let given = Discretion {
                    score,
                    reason,
                    deducts,
                };
                discretion.insert(indicator, given);
            }
            (None, _) => errors.push(FactError::Discretion {
                indicator,
                missing: "得分",
                span: None,
            }),
            (_, None) => errors.push(FactError::Discretion {
                indicator,
                missing: "理由",
                span: None,
            }),
        }
    }
}

/// The keys a 酌情 entry may hold.
const DISCRETION_FIELDS: [&str; 3] = ["得分", "扣分", "理由"];

/// A key a 酌情 entry does not take (a misspelt 理由 would leave its text
/// unread), or both 得分 and 扣分 (the rule reads one of them, and the other
/// may not be dropped silently).
fn discretion_field_error(indicator: &str, fields: &[(String, RawValue)]) -> Option<FactError> {
    let allowed = "酌情之下只写「得分」（规则在得分之上再酌情扣分时写「扣分」）与「理由」";
    let error = |problem: String, help: String| FactError::DiscretionField {
        indicator: indicator.to_string(),
        problem,
        help,
        span: None,
    };
    if let Some((key, _)) = fields
        .iter()
        .find(|(key, _)| !DISCRETION_FIELDS.contains(&key.as_str()))
    {
        let guess = crate::lang::check::closest(key, DISCRETION_FIELDS.into_iter())
            .map_or_else(String::new, |guess| format!("是不是「{guess}」？"));
        return Some(error(
            format!("中不能写「{}」", visible(key)),
            format!("{guess}{allowed}"),
        ));
    }
    let written = |name: &str| fields.iter().any(|(key, _)| key == name);
    (written("得分") && written("扣分")).then(|| {
        error(
            "中同时写了「得分」与「扣分」".to_string(),
            format!("只写其一：{allowed}"),
        )
    })
}

/// Reads the 专家评分 table: for each indicator, a table of expert → score
/// or a list of scores (the experts then named 专家1, 专家2 …).
pub(crate) fn experts_table(
    raw: RawValue,
    experts: &mut HashMap<String, Vec<ExpertScore>>,
    errors: &mut Vec<FactError>,
) {
    let RawValue::Table(indicators) = raw else {
        errors.push(shape_error(format!(
            "「{EXPERTS_TABLE}」应是一个表：[\"{EXPERTS_TABLE}\".\"指标名\"] 之下 \"专家\" = 分数"
        )));
        return;
    };
    for (indicator, entry) in indicators {
        let named: Vec<(String, RawValue)> = match entry {
            RawValue::Table(fields) => fields,
            RawValue::List(scores) => (1..)
                .zip(scores)
                .map(|(number, score)| (format!("专家{number}"), score))
                .collect(),
            _ => Vec::new(),
        };
        match expert_scores(named) {
            Ok(scores) => {
                experts.insert(indicator, scores);
            }
            Err(problem) => errors.push(FactError::Experts {
                indicator,
                problem,
                span: None,
            }),
        }
    }
}

/// Each expert's score as points; what is wrong with them, if anything.
fn expert_scores(named: Vec<(String, RawValue)>) -> Result<Vec<ExpertScore>, String> {
    if named.is_empty() {
        return Err("没有给出任何专家的评分".to_string());
    }
    named
        .into_iter()
        .map(
            |(expert, raw)| match convert(&raw, &Ty::Points, &UnitTable::BUILTIN) {
                Some(score) => Ok(ExpertScore { expert, score }),
                None => Err(format!("专家「{}」的评分不是分数", visible(&expert))),
            },
        )
        .collect()
}

/// Reads the 不适用 table: each indicator's name with the reason it does not
/// apply (a reason is required, as the forms' 填表说明 ask).
pub(crate) fn not_applicable_table(
    raw: RawValue,
    not_applicable: &mut HashMap<String, String>,
    errors: &mut Vec<FactError>,
) {
    let RawValue::Table(indicators) = raw else {
        errors.push(shape_error(format!(
            "「{NOT_APPLICABLE_TABLE}」应是一个表：\"指标名\" = \"理由\""
        )));
        return;
    };
    for (indicator, reason) in indicators {
        match reason {
            RawValue::Text(reason) if !reason.trim().is_empty() => {
                not_applicable.insert(indicator, reason);
            }
            _ => errors.push(FactError::NotApplicableReason {
                indicator,
                span: None,
            }),
        }
    }
}

/// Reads the 报告 table: 总分, 等级, and the 得分 / 完成值 / 标杆值 / 小计 tables.
pub(crate) fn claims_table(raw: RawValue, claims: &mut Claims, errors: &mut Vec<FactError>) {
    let RawValue::Table(entries) = raw else {
        errors.push(shape_error(format!("「{CLAIMS_TABLE}」应是一个表")));
        return;
    };
    for (key, value) in entries {
        let named = match key.as_str() {
            "总分" => {
                claims.total.extend(claim_list(value, &key, errors));
                continue;
            }
            "等级" => {
                claims.grade.extend(claim_list(value, &key, errors));
                continue;
            }
            "得分" => &mut claims.scores,
            "完成值" => &mut claims.actuals,
            "标杆值" => &mut claims.targets,
            "小计" => &mut claims.subtotals,
            _ => {
                errors.push(shape_error(format!(
                        "「{CLAIMS_TABLE}」中的「{key}」无法识别：可写 总分、等级、得分、完成值、标杆值、小计"
                    )));
                continue;
            }
        };
        let RawValue::Table(per_name) = value else {
            errors.push(shape_error(format!(
                "「{CLAIMS_TABLE}.{key}」应是一个表，按名称列出数值"
            )));
            continue;
        };
        for (name, value) in per_name {
            let list = claim_list(value, &name, errors);
            named.extend(list.into_iter().map(|claim| (name.clone(), claim)));
        }
    }
}

/// A claim, a { 值, 出处 } table, or an array of either.
fn claim_list(raw: RawValue, name: &str, errors: &mut Vec<FactError>) -> Vec<Claim> {
    match raw {
        RawValue::Number(text) | RawValue::Text(text) => vec![Claim { text, source: None }],
        RawValue::Table(fields) => {
            let field = |wanted: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key == wanted)
                    .and_then(|(_, value)| match value {
                        RawValue::Number(text) | RawValue::Text(text) => Some(text.clone()),
                        _ => None,
                    })
            };
            match field("值") {
                Some(text) => vec![Claim {
                    text,
                    source: field("出处"),
                }],
                None => {
                    errors.push(shape_error(format!("「{name}」的报告数值缺少「值」")));
                    Vec::new()
                }
            }
        }
        RawValue::List(items) => items
            .into_iter()
            .flat_map(|item| claim_list(item, name, errors))
            .collect(),
        RawValue::Bool(_) | RawValue::Other(_) => {
            errors.push(shape_error(format!("「{name}」的报告数值应是数值或文字")));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The 酌情 table with one entry, 满意, holding `fields`.
    fn read(fields: &[(&str, RawValue)]) -> (HashMap<String, Discretion>, Vec<FactError>) {
        let entry = fields
            .iter()
            .map(|(key, value)| (key.to_string(), value.clone()))
            .collect();
        let table = RawValue::Table(vec![("满意".to_string(), RawValue::Table(entry))]);
        let (mut discretion, mut errors) = (HashMap::new(), Vec::new());
        discretion_table(table, &mut discretion, &mut errors);
        (discretion, errors)
    }

    fn number(text: &str) -> RawValue {
        RawValue::Number(text.to_string())
    }

    fn text(text: &str) -> RawValue {
        RawValue::Text(text.to_string())
    }

    fn messages(errors: &[FactError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_score_or_a_deduction_with_its_reason_is_read() {
        let (given, errors) = read(&[("得分", number("4.5")), ("理由", text("样本偏少"))]);
        assert!(errors.is_empty(), "{errors:?}");
        let expected = Discretion {
            score: dec!(4.5),
            reason: "样本偏少".to_string(),
            deducts: false,
        };
        assert_eq!(given["满意"], expected);
        let (given, _) = read(&[("扣分", number("1")), ("理由", text("超标"))]);
        assert!(given["满意"].deducts);
        assert_eq!(given["满意"].score, dec!(1));
    }

    #[test]
    fn a_blank_reason_is_no_reason() {
        let (given, errors) = read(&[("得分", number("3")), ("理由", text(" \t "))]);
        assert!(given.is_empty());
        assert_eq!(messages(&errors), ["指标「满意」的酌情得分缺少理由"]);
    }

    #[test]
    fn a_key_the_entry_does_not_take_is_refused_with_the_closest() {
        let (given, errors) = read(&[("得份", number("3")), ("理由", text("x"))]);
        assert!(given.is_empty());
        assert_eq!(messages(&errors), ["指标「满意」的酌情中不能写「得份」"]);
        let help = miette::Diagnostic::help(&errors[0]).unwrap().to_string();
        assert!(help.starts_with("是不是「得分」？"), "{help}");
        // Nothing near: the help lists the keys only.
        let (_, errors) = read(&[
            ("得分", number("3")),
            ("理由", text("x")),
            ("备注", text("y")),
        ]);
        assert_eq!(messages(&errors), ["指标「满意」的酌情中不能写「备注」"]);
        let help = miette::Diagnostic::help(&errors[0]).unwrap().to_string();
        assert!(help.starts_with("酌情之下只写「得分」"), "{help}");
    }

    #[test]
    fn both_a_score_and_a_deduction_are_refused() {
        let fields = [
            ("得分", number("3")),
            ("扣分", number("1")),
            ("理由", text("x")),
        ];
        let (given, errors) = read(&fields);
        assert!(given.is_empty());
        assert_eq!(
            messages(&errors),
            ["指标「满意」的酌情中同时写了「得分」与「扣分」"]
        );
    }
}
