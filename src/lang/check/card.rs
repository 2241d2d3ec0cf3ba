//! Groups that are not a plain sum, and the card above its indicators:
//! 加分项 and 减分项, 二者择其一, and 总分规则.

use super::checker::Checker;
use super::errors::CheckError;
use super::program::Checked;
use crate::lang::ast::*;
use crate::lang::span::Name;
use crate::lang::units::Ty;

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

    fn declared_grade(&mut self, header: &Header, name: &Name) {
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

impl Checker {
    /// Checks a 二者择其一 group: how it chooses is stated, each child is
    /// worth the group's weight, and a choosing fact is a 档次 whose levels
    /// are the children's names.
    pub(super) fn choice(
        &mut self,
        group: &Group<Parsed>,
        choice: &Choice<Parsed>,
    ) -> Choice<Checked> {
        let weight = group.weight.normalize();
        let indicators = group
            .children
            .iter()
            .filter(|child| matches!(child, Node::Indicator(_)))
            .count();
        if indicators < 2 || indicators < group.children.len() {
            self.errors.push(CheckError::ChoiceChildren {
                group: group.name.text.clone(),
                span: group.name.span.into(),
            });
        }
        for (name, child_weight) in group.children.iter().map(child_weight) {
            if child_weight != group.weight {
                self.errors.push(CheckError::ChoiceWeight {
                    group: group.name.text.clone(),
                    child: name.text.clone(),
                    weight: child_weight.normalize(),
                    group_weight: weight,
                    span: name.span.into(),
                });
            }
        }
        match choice {
            Choice::Higher => Choice::Higher,
            Choice::Unstated => {
                self.errors.push(CheckError::ChoiceUnstated {
                    group: group.name.text.clone(),
                    span: group.weight_span.into(),
                });
                Choice::Unstated
            }
            Choice::ByFact(name) => {
                let fact = self.fact_ref(name);
                self.choice_levels(group, name, self.fact_ty(fact.id));
                Choice::ByFact(fact)
            }
        }
    }

    /// Refuses a choosing fact that is not a 档次 of the children's names.
    fn choice_levels(&mut self, group: &Group<Parsed>, fact: &Name, ty: Ty) {
        if !self.fact_ids.contains_key(&fact.text) {
            return; // reported as undefined
        }
        let mut children: Vec<&str> = group
            .children
            .iter()
            .map(|child| child_weight(child).0.text.as_str())
            .collect();
        let levels_match = match &ty {
            Ty::Tier(levels) => {
                let mut levels: Vec<&str> = levels.iter().map(String::as_str).collect();
                levels.sort_unstable();
                children.sort_unstable();
                levels == children
            }
            _ => false,
        };
        if !levels_match {
            self.errors.push(CheckError::ChoiceLevels {
                fact: fact.text.clone(),
                span: fact.span.into(),
                help: format!(
                    "声明为「{}：档次（{}）」，各档即下级的名称",
                    fact.text,
                    children.join("，")
                ),
            });
        }
    }
}

/// A child's name and weight.
fn child_weight(child: &Node<Parsed>) -> (&Name, rust_decimal::Decimal) {
    match child {
        Node::Group(group) => (&group.name, group.weight),
        Node::Indicator(indicator) => (&indicator.name, indicator.weight),
    }
}

/// 加分项 or 减分项, as the diagnostics name it.
pub(crate) fn adjustment_word(adjustment: Adjustment) -> &'static str {
    match adjustment {
        Adjustment::Bonus => "加分项",
        Adjustment::Penalty => "减分项",
    }
}
