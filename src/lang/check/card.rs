//! The card above its indicators: 加分项 and 减分项 groups, and 总分规则.

use super::checker::Checker;
use super::errors::CheckError;
use super::program::Checked;
use crate::lang::ast::*;

impl Checker {
    /// Refuses a 加分项 or 减分项 below 一级, and a 加分项 in a ruleset that
    /// does not say whether the total may pass 满分.
    pub(super) fn adjustments(&mut self, header: &Header, groups: &[Group<Parsed>]) {
        for group in groups {
            self.nested_adjustments(group);
        }
        let bonus = groups
            .iter()
            .find(|group| group.adjustment == Some(Adjustment::Bonus));
        if let (Some(bonus), None) = (bonus, header.total_limit) {
            self.errors.push(CheckError::TotalLimitUnstated {
                span: bonus.weight_span.into(),
                header: header.span.into(),
            });
        }
    }

    fn nested_adjustments(&mut self, group: &Group<Parsed>) {
        for child in &group.children {
            let Node::Group(inner) = child else { continue };
            if let Some(adjustment) = inner.adjustment {
                self.errors.push(CheckError::AdjustmentLevel {
                    kind: adjustment_word(adjustment),
                    name: inner.name.text.clone(),
                    span: inner.weight_span.into(),
                });
            }
            self.nested_adjustments(inner);
        }
    }

    /// Checks each 总分规则: its condition as the rule of its test
    /// indicator, and that a grade it sets is declared.
    pub(super) fn card_rules(
        &mut self,
        header: &Header,
        rules: &[CardRule<Parsed>],
    ) -> Vec<CardRule<Checked>> {
        rules
            .iter()
            .map(|rule| {
                for effect in &rule.effects {
                    if let CardEffect::Grade(name) = effect {
                        self.declared_grade(header, name);
                    }
                }
                CardRule {
                    test: self.indicator(&rule.test),
                    effects: rule.effects.clone(),
                    span: rule.span,
                }
            })
            .collect()
    }

    fn declared_grade(&mut self, header: &Header, name: &crate::lang::span::Name) {
        if header.grades.iter().any(|band| band.name.text == name.text) {
            return;
        }
        let bands: Vec<&str> = header
            .grades
            .iter()
            .map(|band| band.name.text.as_str())
            .collect();
        let help = if bands.is_empty() {
            "体系没有声明「等级」；在体系开头写出，例如「等级 { 优：>= 90；良：>= 80；中：>= 60；差 }」".to_string()
        } else {
            format!("体系声明的等级：{}", bands.join("、"))
        };
        self.errors.push(CheckError::UnknownGrade {
            name: name.text.clone(),
            span: name.span.into(),
            help,
        });
    }
}

/// 加分项 or 减分项, as the diagnostics name it.
pub(crate) fn adjustment_word(adjustment: Adjustment) -> &'static str {
    match adjustment {
        Adjustment::Bonus => "加分项",
        Adjustment::Penalty => "减分项",
    }
}
