//! What the range analysis proves about a checked indicator: branches never
//! taken, and scores that never reach full marks, never reach zero, or leave
//! [0, 权重].

use super::checker::{Checker, Scope};
use super::deduction::{direction_word, step_words};
use super::errors::CheckError;
use super::program::FactId;
use super::ranges::{written, Env, Narrowing, Ranges, Var, NOTHING_LEFT};
use crate::lang::ast::*;
use crate::lang::span::Span;
use crate::lang::units::{Interval, Ty, Unit};
use miette::LabeledSpan;
use rust_decimal::Decimal;
use std::cell::OnceCell;
use std::collections::HashSet;

/// Differences smaller than this are decimal noise (1/3 × 3), not findings.
const NOISE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// A clause reached by some values, with the scores it gives them.
pub(super) struct Reached<'c> {
    clause: &'c Clause<Parsed>,
    scores: Interval,
    /// What is known where the clause applies.
    env: Env,
}

impl Ranges<'_> {
    /// The values 完成值 or 标杆值 (`kind`) can take in `env`.
    fn keyword_interval(&self, kind: ExprKind<Parsed>, env: &Env) -> Interval {
        self.value(
            &Expr {
                kind,
                span: Span::default(),
            },
            env,
        )
    }

    /// The scores an outcome gives over the values in `env`, before clamping.
    fn scores(&self, outcome: &Outcome<Parsed>, env: &Env) -> Interval {
        let weight = Interval::point(self.weight());
        let actual = self
            .known(Var::Actual, env)
            .map_or(Interval::UNBOUNDED, |known| known.values);
        let actual = self.scope.indicator.actual.as_ref().map_or(actual, |expr| {
            // 完成值 aliased to a fact is narrowed under the fact's name.
            self.value(
                &Expr {
                    kind: ExprKind::Actual,
                    span: expr.span,
                },
                env,
            )
        });
        let target = self.keyword_interval(ExprKind::Target, env);
        match outcome {
            Outcome::Full => weight,
            Outcome::Share(share) => weight.mul(&Interval::point(*share)),
            Outcome::Fixed(points) => Interval::point(*points),
            Outcome::Discretion | Outcome::ExpertMean => {
                Interval::closed(Decimal::ZERO, self.weight())
            }
            Outcome::Band(band) => Interval::closed(band.low(), band.high()),
            Outcome::Formula(formula) => self.value(formula, env),
            Outcome::Proportional if self.scope.indicator.lower_is_better => {
                // Full marks at or below the target, 权重 × 标杆值 ÷ 完成值 above it.
                weight.mul(&target.div(&actual)).hull(&weight)
            }
            Outcome::Proportional => weight.mul(&actual.div(&target)),
            Outcome::Deduction(deduction) => {
                let steps = self.steps(deduction, &actual, &target);
                weight.sub(&steps.mul(&Interval::point(deduction.points)))
            }
        }
    }

    /// The largest deduction in words: 差距最大为 2个，计 2 步，最多扣 2 × 1 = 2 分.
    fn deepest_deduction(&self, deduction: &Deduction, env: &Env) -> String {
        let actual = self.keyword_interval(ExprKind::Actual, env);
        let target = self.keyword_interval(ExprKind::Target, env);
        let steps = self.steps(deduction, &actual, &target).hi;
        let ty = self.scope.actual.ty().unwrap_or(Ty::Plain);
        let gap = steps.and_then(|steps| steps.checked_mul(deduction.step));
        match (steps, gap) {
            (Some(steps), Some(gap)) => {
                let gap = match &deduction.step_unit {
                    Some(Unit::PercentagePoint) => {
                        format!(
                            "{}个百分点",
                            shown(gap.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(gap))
                        )
                    }
                    _ => ty.show(gap),
                };
                format!(
                    "差距最大为 {gap}，计 {} 步（每{}{}为一步），最多扣 {} × {} = {} 分",
                    shown(steps),
                    direction_word(deduction.direction, &ty),
                    step_words(deduction),
                    shown(steps),
                    deduction.points.normalize(),
                    steps
                        .checked_mul(deduction.points)
                        .map_or_else(|| "很多".to_string(), |points| shown(points).to_string())
                )
            }
            _ => "扣分有上限".to_string(),
        }
    }

    /// The whole (or part) steps a deduction counts.
    fn steps(&self, deduction: &Deduction, actual: &Interval, target: &Interval) -> Interval {
        let has_target = matches!(self.scope.indicator.target, Some(Target::Value(_)));
        let target = if has_target {
            *target
        } else {
            Interval::point(Decimal::ZERO)
        };
        let gap = match deduction.direction {
            Direction::Below => target.sub(actual),
            Direction::Above | Direction::Late => actual.sub(&target),
            Direction::Either => actual.sub(&target).hull(&target.sub(actual)),
        };
        let steps = gap.at_least_zero().div(&Interval::point(deduction.step));
        match deduction.partial {
            PartialStep::Exact => steps,
            PartialStep::RoundUp => steps.map_ends(|steps| steps.ceil()),
            PartialStep::RoundDown => steps.map_ends(|steps| steps.floor()),
        }
    }

    /// The facts an expression reads.
    fn facts_read(&self, expr: &Expr<Parsed>, out: &mut Vec<FactId>) {
        match &expr.kind {
            ExprKind::Ref(name) => out.extend(self.checker.fact_ids.get(&name.text).copied()),
            ExprKind::Binary(_, left, right) => {
                self.facts_read(left, out);
                self.facts_read(right, out);
            }
            _ => {}
        }
    }

    /// Every value a condition reads, once, with the name it is written by.
    fn vars(&self, condition: &Condition<Parsed>, out: &mut Vec<(Var, String)>) {
        let add = |expr: &Expr<Parsed>, out: &mut Vec<(Var, String)>| {
            if let Some(var) = self.var(expr) {
                if !out.iter().any(|(seen, _)| *seen == var) {
                    out.push((var, written(expr)));
                }
            }
        };
        match condition {
            Condition::Compare(_, left, right, _) => {
                add(left, out);
                add(right, out);
            }
            Condition::Fact(name) | Condition::Tier(name, _) => {
                if let Some(id) = self.checker.fact_ids.get(&name.text) {
                    if !out.iter().any(|(seen, _)| *seen == Var::Fact(*id)) {
                        out.push((Var::Fact(*id), name.text.clone()));
                    }
                }
            }
            Condition::Not(inner) => self.vars(inner, out),
            Condition::All(members) | Condition::Any(members) => {
                for member in members {
                    self.vars(member, out);
                }
            }
        }
    }

    /// A clause whose condition cannot hold where it stands.
    fn never_holds(
        &self,
        span: Span,
        condition: &Condition<Parsed>,
        env: &Env,
        what: &'static str,
    ) -> CheckError {
        let mut vars = Vec::new();
        self.vars(condition, &mut vars);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(format!("这条{what}的条件不会成立")),
            span,
        )];
        let mut seen = HashSet::new();
        for (var, _) in &vars {
            for (reason_span, reason) in &self
                .known(*var, env)
                .map_or_else(Vec::new, |k| k.because.to_vec())
            {
                if seen.insert(*reason_span) && *reason_span != span {
                    labels.push(LabeledSpan::new_with_span(
                        Some(reason.text()),
                        *reason_span,
                    ));
                }
            }
        }
        let described: Vec<String> = vars
            .iter()
            .filter_map(|(var, name)| self.describe(*var, name, env))
            .collect();
        let help = if described.is_empty() {
            format!("删去这条{what}，或核对它的条件")
        } else {
            format!(
                "到这条{what}时，{}，条件不会成立。删去这条{what}，或核对条件与事实的声明范围",
                described.join("，")
            )
        };
        CheckError::BranchNeverTaken {
            what,
            reason: "它的条件不可能成立".to_string(),
            labels,
            help,
        }
    }

    /// A clause after clauses that between them take every case.
    fn nothing_left(&self, span: Span, env: &Env) -> CheckError {
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some("这条规则不会用到".to_string()),
            span,
        )];
        let mut seen = HashSet::new();
        for (reason_span, reason) in &env.dead_because {
            if seen.insert(*reason_span) {
                let reason = if reason.is_empty() {
                    "前面的规则已处理了余下的情况".to_string()
                } else {
                    reason.text()
                };
                labels.push(LabeledSpan::new_with_span(Some(reason), *reason_span));
            }
        }
        CheckError::BranchNeverTaken {
            what: "规则",
            reason: "前面的规则已经覆盖了所有情况".to_string(),
            labels,
            help: "删去这条规则；若它本应先适用，把它移到前面".to_string(),
        }
    }

    /// Walks a 评分 block clause by clause, each seeing the values the
    /// clauses before it leave, and returns the findings.
    fn clauses(&self, clauses: &[Clause<Parsed>]) -> Vec<CheckError> {
        let mut env = self.env();
        let mut reached = Vec::new();
        let mut findings = Vec::new();
        for clause in clauses {
            if env.dead {
                findings.push(self.nothing_left(clause.span, &env));
                continue;
            }
            match &clause.guard {
                // Further deductions are not among the clauses passed here.
                Guard::Further(_) => {}
                Guard::Always => {
                    reached.push(Reached {
                        clause,
                        scores: self.scores(&clause.outcome, &env),
                        env: env.clone(),
                    });
                    break;
                }
                Guard::When(condition) => {
                    let (holds, _) = self.possible(condition, &env);
                    if holds {
                        let mut taken = env.clone();
                        self.assume(condition, true, &mut taken, Narrowing::taken(clause.span));
                        if !taken.dead {
                            reached.push(Reached {
                                clause,
                                scores: self.scores(&clause.outcome, &taken),
                                env: taken,
                            });
                        }
                    } else {
                        findings.push(self.never_holds(clause.span, condition, &env, "规则"));
                    }
                    self.assume(condition, false, &mut env, Narrowing::passed(clause.span));
                }
                Guard::Tier(fact, label) => {
                    if self.tier_possible(fact, label, &env) {
                        let mut taken = env.clone();
                        self.assume_tier(fact, label, true, &mut taken);
                        reached.push(Reached {
                            clause,
                            scores: self.scores(&clause.outcome, &taken),
                            env: taken,
                        });
                    } else {
                        findings.push(CheckError::BranchNeverTaken {
                            what: "规则",
                            reason: format!("档次「{}」在前面已经处理过", label.text),
                            labels: vec![LabeledSpan::new_primary_with_span(
                                Some("重复的档次".to_string()),
                                clause.span,
                            )],
                            help: "每个档次只写一次；删去这条，或改成尚未写到的档次".to_string(),
                        });
                    }
                    self.assume_tier(fact, label, false, &mut env);
                    if env.dead {
                        env.dead_because.push((clause.span, NOTHING_LEFT.into()));
                    }
                }
            }
            if env.dead && env.dead_because.is_empty() {
                env.dead_because.push((clause.span, "".into()));
            }
        }
        findings.extend(self.score_bounds(&reached));
        let formulas = reached
            .iter()
            .filter_map(|reached| match &reached.clause.outcome {
                Outcome::Formula(formula) => Some((reached.clause, formula, &reached.env)),
                _ => None,
            });
        findings.extend(self.zero_divisors(clauses, formulas));
        findings
    }

    /// Items (and a gate) whose condition never holds.
    fn checklist(&self, checklist: &Checklist<Parsed>) -> Vec<CheckError> {
        let env = self.env();
        let mut findings = Vec::new();
        for item in &checklist.items {
            if !self.possible(&item.condition, &env).0 {
                // The item's own span runs on over the white space after it.
                let end = condition_span(&item.condition).map_or(item.span.end, |span| span.end);
                let span = Span::new(item.span.start, end);
                findings.push(self.never_holds(span, &item.condition, &env, "要点"));
            }
        }
        if let Some(Gate {
            condition: GateCondition::Condition(condition),
            span,
            ..
        }) = &checklist.gate
        {
            if !self.possible(condition, &env).0 {
                findings.push(self.never_holds(*span, condition, &env, "前提"));
            }
        }
        findings
    }

    /// The declared ranges an indicator's values rest on, as a finding
    /// about its scores shows them.
    fn declared_ranges(&self) -> Declared {
        let env = self.env();
        let mut read = Vec::new();
        let indicator = self.scope.indicator;
        let target = match &indicator.target {
            Some(Target::Value(target)) => Some(target),
            _ => None,
        };
        for expr in indicator.actual.iter().chain(target) {
            self.facts_read(expr, &mut read);
        }
        let mut labels = Vec::new();
        let mut words = Vec::new();
        let mut seen = HashSet::new();
        for var in [Var::Actual, Var::Target] {
            for (span, _) in &self
                .known(var, &env)
                .map_or_else(Vec::new, |known| known.because.to_vec())
            {
                if !seen.insert(*span) {
                    continue;
                }
                labels.push(LabeledSpan::new_with_span(
                    Some("声明的范围".to_string()),
                    *span,
                ));
                // Only the facts 完成值 and 标杆值 read can have given the
                // span: looking there keeps the check linear in the ruleset.
                if let Some(id) = read.iter().copied().find(|id| {
                    self.checker
                        .ranges
                        .get(id.0)
                        .is_some_and(|range| range.declared == Some(*span))
                }) {
                    let var = Var::Fact(id);
                    if let Some(described) = self.describe(var, &self.fact_name(var), &self.env()) {
                        words.push(described);
                    }
                }
            }
        }
        let over = if words.is_empty() {
            "无论事实取何值".to_string()
        } else {
            format!("按事实的声明范围（{}）", words.join("；"))
        };
        Declared { labels, over }
    }

    /// never_full_marks, never_zero and score_out_of_range over the clauses reached.
    fn score_bounds(&self, reached: &[Reached]) -> Vec<CheckError> {
        let Some(all) = reached
            .iter()
            .map(|reached| reached.scores)
            .reduce(|all, scores| all.hull(&scores))
        else {
            return Vec::new();
        };
        // Written out only for a finding: most indicators have none.
        let declared = OnceCell::new();
        let declared = || declared.get_or_init(|| self.declared_ranges());
        let out_of_range = reached
            .iter()
            .filter_map(|reached| self.out_of_range(reached, declared));
        // Under a 加分项 or 减分项 a rule with no clause that applies adjusts
        // nothing: the clauses' bounds are not the indicator's.
        let adjusts = self.checker.in_adjustment;
        let bounds = [
            self.never_full_marks(&all, reached, declared),
            self.never_zero(&all, reached, declared),
        ];
        bounds
            .into_iter()
            .flatten()
            .filter(|_| !adjusts)
            .chain(out_of_range)
            .collect()
    }

    /// never_full_marks: the best of `all` scores is below the weight.
    fn never_full_marks<'d>(
        &self,
        all: &Interval,
        reached: &[Reached],
        declared: impl Fn() -> &'d Declared,
    ) -> Option<CheckError> {
        let weight = self.weight();
        let best = all
            .hi
            .filter(|best| Some(*best) < weight.checked_sub(NOISE))?;
        let indicator = self.scope.indicator;
        let mut labels = vec![LabeledSpan::new_with_span(
            Some(format!("权重 {} 分", weight.normalize())),
            indicator.weight_span,
        )];
        labels.extend(
            reached
                .iter()
                .filter(|reached| reached.scores.hi == Some(best))
                .map(|reached| {
                    LabeledSpan::new_primary_with_span(
                        Some(format!("最多得 {} 分", shown(best))),
                        clause_span(reached.clause),
                    )
                }),
        );
        let declared = declared();
        labels.extend(declared.labels.iter().cloned());
        Some(CheckError::NeverFullMarks {
            indicator: indicator.name.text.clone(),
            best: shown(best),
            weight: weight.normalize(),
            labels,
            help: format!(
                "{}，这条规则最多给 {} 分。核对评分标准原文、各条规则的顺序与事实的声明范围",
                declared.over,
                shown(best)
            ),
        })
    }

    /// never_zero: the worst of `all` scores is above 0 and a computed
    /// outcome gives it (a written 得3分 is the author's choice).
    fn never_zero<'d>(
        &self,
        all: &Interval,
        reached: &[Reached],
        declared: impl Fn() -> &'d Declared,
    ) -> Option<CheckError> {
        let worst = all.lo.filter(|worst| *worst > NOISE)?;
        let lowest: Vec<&Reached> = reached
            .iter()
            .filter(|reached| reached.scores.lo == Some(worst))
            .collect();
        let computed = |reached: &&Reached| {
            matches!(
                reached.clause.outcome,
                Outcome::Formula(_) | Outcome::Proportional | Outcome::Deduction(_)
            )
        };
        if !lowest.iter().any(computed) {
            return None;
        }
        let mut labels: Vec<LabeledSpan> = lowest
            .iter()
            .map(|reached| {
                LabeledSpan::new_primary_with_span(
                    Some(format!("最少得 {} 分", shown(worst))),
                    clause_span(reached.clause),
                )
            })
            .collect();
        let declared = declared();
        labels.extend(declared.labels.iter().cloned());
        let deduction = lowest
            .iter()
            .find_map(|reached| match &reached.clause.outcome {
                Outcome::Deduction(deduction) => Some((deduction, &reached.env)),
                _ => None,
            });
        let help = match deduction {
            Some((deduction, env)) => format!(
                "{}，扣不完权重 {} 分。若原文写「扣完为止」，核对标杆值、步长与每步扣分",
                self.deepest_deduction(deduction, env),
                self.weight().normalize()
            ),
            None => format!(
                "{}，完成得最差时也得 {} 分。通常最差时应得 0 分；若原文确实如此，可忽略",
                declared.over,
                shown(worst)
            ),
        };
        Some(CheckError::NeverZero {
            indicator: self.scope.indicator.name.text.clone(),
            worst: shown(worst),
            labels,
            help,
        })
    }

    /// score_out_of_range: a formula or written score of one clause can
    /// leave [0, 权重] before clamping.
    fn out_of_range<'d>(
        &self,
        reached: &Reached,
        declared: impl Fn() -> &'d Declared,
    ) -> Option<CheckError> {
        let weight = self.weight();
        let scores = reached.scores;
        let above = scores
            .hi
            .filter(|hi| weight.checked_add(NOISE).is_some_and(|limit| *hi > limit));
        let below = scores.lo.filter(|lo| *lo < -NOISE);
        let checked = matches!(
            reached.clause.outcome,
            Outcome::Formula(_) | Outcome::Proportional | Outcome::Fixed(_) | Outcome::Share(_)
        );
        if !checked || (above.is_none() && below.is_none()) {
            return None;
        }
        let label = match (above, below) {
            (Some(hi), _) => format!("可达 {} 分", shown(hi)),
            (None, Some(lo)) => format!("可低至 {} 分", shown(lo)),
            (None, None) => String::new(),
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(label),
            clause_span(reached.clause),
        )];
        let fixed = matches!(
            reached.clause.outcome,
            Outcome::Fixed(_) | Outcome::Share(_)
        );
        let help = if fixed {
            format!(
                "计分时会截到权重 {} 分；核对评分标准原文中的分值",
                weight.normalize()
            )
        } else {
            let declared = declared();
            labels.extend(declared.labels.iter().cloned());
            format!(
                "{}，公式结果会超出 0 至 {} 分；计分时低于 0 按 0 分、高于权重按权重计。\
                 若这是原文的本意（如「扣完为止」），可忽略；否则核对公式",
                declared.over,
                weight.normalize()
            )
        };
        Some(CheckError::ScoreOutOfRange {
            indicator: self.scope.indicator.name.text.clone(),
            range: score_range(&scores),
            weight: weight.normalize(),
            labels,
            help,
        })
    }
}

/// The declared ranges an indicator's values rest on: a label on each, and
/// the words that begin a finding's help (按事实的声明范围（…）).
struct Declared {
    labels: Vec<LabeledSpan>,
    over: String,
}

impl Checker {
    /// Runs the range analysis over a checked indicator.
    pub(super) fn analyse(&mut self, scope: &Scope) {
        let ranges = Ranges {
            checker: self,
            scope,
            trust_declarations: true,
        };
        let findings = match &scope.indicator.rule {
            Rule::Clauses(clauses) => ranges.clauses(split_further(clauses).0),
            Rule::Checklist(checklist) => ranges.checklist(checklist),
            Rule::Missing => Vec::new(),
        };
        self.errors.extend(findings);
    }
}

/// Where a clause is written, for a label: a 得分 formula's clause ends
/// with the formula, not with the space after it.
fn clause_span(clause: &Clause<Parsed>) -> Span {
    match &clause.outcome {
        Outcome::Formula(formula) => {
            Span::new(clause.span.start, formula.span.end.min(clause.span.end))
        }
        _ => clause.span,
    }
}

/// Where a condition is written.
fn condition_span(condition: &Condition<Parsed>) -> Option<Span> {
    match condition {
        Condition::Compare(_, _, _, span) => Some(*span),
        Condition::Fact(name) => Some(name.span),
        Condition::Tier(fact, level) => Some(Span::new(fact.span.start, level.span.end)),
        Condition::Not(inner) => condition_span(inner),
        Condition::All(members) | Condition::Any(members) => members
            .iter()
            .filter_map(condition_span)
            .reduce(|all, span| all.to(span)),
    }
}

/// Points as the findings show them, to four places.
fn shown(points: Decimal) -> Decimal {
    crate::lang::units::tidy(points, 4)
}

/// The scores a clause gives, in words: `在 0 至 5 分之间`.
fn score_range(scores: &Interval) -> String {
    match (scores.lo, scores.hi) {
        (Some(lo), Some(hi)) if lo == hi => format!("为 {} 分", shown(lo)),
        (Some(lo), Some(hi)) => format!("在 {} 至 {} 分之间", shown(lo), shown(hi)),
        (Some(lo), None) => format!("不低于 {} 分", shown(lo)),
        (None, Some(hi)) => format!("不高于 {} 分", shown(hi)),
        (None, None) => "可取任何值".to_string(),
    }
}
