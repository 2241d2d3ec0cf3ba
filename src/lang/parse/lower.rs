//! Lowering a successful parse from pest pairs to the AST: the file and its
//! blocks — header, facts, groups, libraries, indicators — and the rules an
//! indicator scores with (checklists, gates, clauses, deductions). Conditions,
//! expressions and literals are read by [`super::expr`].

use super::card::{self, adjustment};
use super::declare::{declare_block, with_units};
use super::error::{ParseError, ParseErrors, Result};
use super::expr::{
    cmp_op, condition, content_span, decimal, expr, name, points, quantity, signed_points,
    string_text,
};
use super::grammar::Rule;
use super::points;
/// The AST's rule type, renamed here because pest's generated `Rule` takes the name.
use crate::lang::ast::Rule as Rule_;
use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::{Unit, UnitTable};
use pest::iterators::{Pair, Pairs};
use rust_decimal::Decimal;

/// Lowers a successful parse, collecting every malformed literal; the units
/// the file declares are read before the rules that use them.
pub(super) fn lower(pairs: Pairs<Rule>) -> std::result::Result<SourceFile, ParseErrors> {
    let (lowered, units) = with_units(UnitTable::default(), || lower_file(pairs));
    lowered.map(|file| SourceFile { units, ..file })
}

fn lower_file(mut pairs: Pairs<Rule>) -> std::result::Result<SourceFile, ParseErrors> {
    let file = pairs.next().map(Pair::into_inner);
    let mut header = None;
    let mut source_file = SourceFile {
        imports: Vec::new(),
        ruleset: None,
        libraries: Vec::new(),
        units: UnitTable::default(),
    };
    let mut facts = Vec::new();
    let mut groups = Vec::new();
    let mut card_rules = Vec::new();
    let mut errors = Vec::new();
    for pair in file.into_iter().flatten() {
        match pair.as_rule() {
            Rule::import => source_file.imports.push(Import {
                span: pair.as_span().into(),
                path: pair
                    .into_inner()
                    .next()
                    .map(|path| string_text(&path))
                    .unwrap_or_default(),
            }),
            Rule::header => match header_of(pair) {
                Ok(lowered) => header = Some(lowered),
                Err(error) => errors.push(error),
            },
            Rule::units => declare_block(pair, &mut errors),
            Rule::facts => facts = fact_decls(pair, &mut errors),
            Rule::group => groups.push(group(pair, &mut errors)),
            Rule::card_rules => match card::card_rules(pair) {
                Ok(rules) => card_rules = rules,
                Err(error) => errors.push(error),
            },
            Rule::library => source_file.libraries.push(library(pair, &mut errors)),
            _ => {}
        }
    }
    if let Some(errors) = ParseErrors::new(errors) {
        return Err(errors);
    }
    source_file.ruleset = header.map(|header| Ruleset {
        header,
        facts,
        library_facts: Vec::new(),
        groups,
        card_rules,
        units: UnitTable::default(),
    });
    Ok(source_file)
}

/// A 事实 block's declarations; malformed ones are reported and left out.
fn fact_decls(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Vec<FactDecl> {
    let mut facts = Vec::new();
    for declaration in pair.into_inner() {
        match fact_decl(declaration) {
            Ok(fact) => facts.push(fact),
            Err(error) => errors.push(error),
        }
    }
    facts
}

/// `库 "…" { 来源 … } 事实 { … } 指标 …`.
fn library(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Library {
    let mut library = Library {
        title: String::new(),
        span: content_span(&pair),
        facts: Vec::new(),
        indicators: Vec::new(),
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            // The grammar gives a library one string of its own: its title.
            Rule::string => library.title = string_text(&part),
            Rule::units => declare_block(part, errors),
            Rule::facts => library.facts = fact_decls(part, errors),
            Rule::indicator => match indicator(part) {
                Ok(indicator) => library.indicators.push(indicator),
                Err(error) => errors.push(error),
            },
            _ => {}
        }
    }
    library
}

fn header_of(pair: Pair<Rule>) -> Result<Header> {
    let span = pair.as_span().into();
    let mut header = Header {
        title: String::new(),
        source: None,
        full_marks: None,
        grades: Vec::new(),
        rounding: None,
        total_limit: None,
        span,
    };
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::string => header.title = string_text(&item),
            Rule::source => {
                header.source = item.into_inner().next().map(|text| string_text(&text));
            }
            Rule::full_marks => {
                if let Some(number) = item.into_inner().next() {
                    let full_marks = decimal(&number)?;
                    let span = Span::from(number.as_span()).into();
                    if full_marks < Decimal::ZERO {
                        return Err(ParseError::NegativePoints {
                            text: format!("满分 {}", number.as_str()),
                            span,
                        });
                    }
                    if full_marks.is_zero() {
                        return Err(ParseError::ZeroFullMarks { span });
                    }
                    header.full_marks = Some((full_marks, number.as_span().into()));
                }
            }
            Rule::grades => {
                header.grades = item.into_inner().map(grade_band).collect::<Result<_>>()?;
            }
            Rule::rounding => header.rounding = Some(rounding(item)?),
            Rule::total_limit => {
                let limit = match item.as_str() {
                    "总分可超过满分" => TotalLimit::MayExceed,
                    _ => TotalLimit::FullMarks,
                };
                header.total_limit = Some((limit, item.as_span().into()));
            }
            _ => {}
        }
    }
    Ok(header)
}

fn grade_band(pair: Pair<Rule>) -> Result<GradeBand> {
    let mut inner = pair.into_inner();
    let band_name = inner.next().map(name);
    let bound = match (inner.next(), inner.next()) {
        (Some(op), Some(number)) => Some((cmp_op(&op), decimal(&number)?)),
        _ => None,
    };
    Ok(GradeBand {
        name: band_name.unwrap_or(Name {
            text: String::new(),
            span: Span::default(),
        }),
        bound,
    })
}

fn rounding(pair: Pair<Rule>) -> Result<Rounding> {
    let mut rounding = Rounding::default();
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::integer | Rule::chinese_number => {
                // rust_decimal keeps at most 28 decimal places.
                rounding.places = decimal(&item)
                    .ok()
                    .and_then(|places| u32::try_from(places).ok())
                    .filter(|places| *places <= 28)
                    .ok_or_else(|| ParseError::Number {
                        text: item.as_str().to_string(),
                        span: Span::from(item.as_span()).into(),
                    })?;
            }
            Rule::integer_rounding => rounding.places = 0,
            Rule::rounding_mode => {
                rounding.mode = match item.as_str() {
                    "向上舍入" | "进一" | "进一法" => RoundingMode::Up,
                    "向下舍入" | "去尾" | "去尾法" => RoundingMode::Down,
                    _ => RoundingMode::HalfUp,
                }
            }
            _ => {}
        }
    }
    Ok(rounding)
}

fn fact_decl(pair: Pair<Rule>) -> Result<FactDecl> {
    let span = pair.as_span().into();
    let mut inner = pair.into_inner();
    let fact_name = inner.next().map(name).unwrap_or(Name {
        text: String::new(),
        span,
    });
    let kind = match inner.next() {
        Some(kind) => match kind.as_rule() {
            Rule::tier_type => FactKind::Tier(kind.into_inner().map(name).collect()),
            Rule::bool_type => FactKind::Bool,
            Rule::date_type => FactKind::Date,
            // The grammar admits only the unit table's words.
            Rule::fact_unit => {
                super::declare::unit(kind.as_str()).map_or(FactKind::Number, FactKind::Quantity)
            }
            Rule::unknown_unit => {
                return Err(ParseError::unknown_unit(
                    kind.as_str(),
                    kind.as_span().into(),
                    true,
                ))
            }
            _ => FactKind::Number,
        },
        None => FactKind::Number,
    };
    // The grammar's only pair after the type: `在 0%..100%`.
    let range = inner.next().map(value_range).transpose()?;
    Ok(FactDecl {
        name: fact_name,
        kind,
        range,
        span,
    })
}

/// `在 0%..100%`, `在 0%以上`.
fn value_range(pair: Pair<Rule>) -> Result<ValueRange> {
    let span: Span = pair.as_span().into();
    let mut bounds = pair.into_inner().map(expr);
    let zero = || Expr {
        kind: ExprKind::Quantity(Decimal::ZERO, None),
        span,
    };
    let low = bounds.next().transpose()?.unwrap_or_else(zero);
    let high = bounds.next().transpose()?;
    Ok(ValueRange { low, high, span })
}

/// A 一级 or 二级 group; a malformed literal in one indicator is collected and
/// the indicator left out, so that the others are still read.
fn group(pair: Pair<Rule>, errors: &mut Vec<ParseError>) -> Group<Parsed> {
    let mut inner = pair.into_inner();
    let level = match inner.next().map(|level| level.as_str() == "一级") {
        Some(true) => 1,
        _ => 2,
    };
    let group_name = inner.next().map(name);
    let weight_pair = inner.next();
    let converted_from = weight_pair.clone().and_then(conversion_base);
    let adjustment = weight_pair.as_ref().and_then(adjustment);
    let choice = weight_pair.as_ref().and_then(card::choice);
    let (weight, weight_span) = weight(weight_pair).unwrap_or_else(|error| {
        errors.push(error);
        (Decimal::ZERO, Span::default())
    });
    let mut children = Vec::new();
    for child in inner {
        match child.as_rule() {
            Rule::group => children.push(Node::Group(group(child, errors))),
            _ => match indicator(child) {
                Ok(indicator) => children.push(Node::Indicator(Box::new(indicator))),
                Err(error) => errors.push(error),
            },
        }
    }
    Group {
        level,
        name: group_name.unwrap_or(Name {
            text: String::new(),
            span: weight_span,
        }),
        weight,
        weight_span,
        converted_from,
        adjustment,
        choice,
        children,
    }
}

/// The full marks a `按百分制折算` (100) or `按10分制折算` (10) weight's
/// children add to; none for a plain weight.
fn conversion_base(pair: Pair<Rule>) -> Option<Decimal> {
    let conversion = pair
        .into_inner()
        .find(|part| part.as_rule() == Rule::conversion)?;
    match conversion.into_inner().next() {
        Some(base) => base.as_str().parse().ok(),
        None => Some(Decimal::ONE_HUNDRED),
    }
}

fn weight(pair: Option<Pair<Rule>>) -> Result<(Decimal, Span)> {
    let points = pair.and_then(|weight| weight.into_inner().find(|p| p.as_rule() == Rule::points));
    match points {
        Some(points_pair) => {
            let span = points_pair.as_span().into();
            Ok((signed_points(points_pair)?, span))
        }
        None => Ok((Decimal::ZERO, Span::default())),
    }
}

fn indicator(pair: Pair<Rule>) -> Result<Indicator<Parsed>> {
    let span: Span = pair.as_span().into();
    let mut inner = pair.into_inner();
    let indicator_name = inner.next().map(name).unwrap_or(Name {
        text: String::new(),
        span,
    });
    let (weight, weight_span) = weight(inner.next())?;
    let mut result = Indicator {
        name: indicator_name,
        weight,
        weight_span,
        actual: None,
        target: None,
        rule: Rule_::Missing,
        reuse: None,
        rounding: None,
        lower_is_better: false,
        span,
    };
    let mut items = None;
    let mut gate = None;
    let mut per_failed = None;
    for item in inner {
        match item.as_rule() {
            Rule::reuse => {
                let reuse_span: Span = content_span(&item);
                let template = item
                    .into_inner()
                    .next()
                    .map_or_else(|| result.name.clone(), name);
                result.reuse = Some(Reuse {
                    template,
                    span: reuse_span,
                });
            }
            Rule::actual => result.actual = item.into_inner().next().map(expr).transpose()?,
            Rule::target => {
                let mut parts = item.into_inner().peekable();
                result.lower_is_better = parts
                    .next_if(|part| part.as_rule() == Rule::lower_is_better)
                    .is_some();
                result.target = parts.next().map(target).transpose()?;
            }
            Rule::checklist => {
                let listed = checklist_items(item)?;
                items = Some(listed.items);
                gate = listed.gate.or(gate);
                per_failed = listed.per_failed;
            }
            Rule::gate => gate = Some(gate_of(item)?),
            Rule::rounding => result.rounding = Some(rounding(item)?),
            Rule::printed_gate => gate = Some(printed_gate(&item)?),
            Rule::scoring
                if item.clone().into_inner().next().is_some_and(|first| {
                    matches!(
                        first.as_rule(),
                        Rule::printed_checklist | Rule::counted_checklist
                    )
                }) =>
            {
                let listed = checklist_items(item)?;
                items = Some(listed.items);
                gate = listed.gate.or(gate);
                per_failed = listed.per_failed;
            }
            Rule::scoring => result.rule = Rule_::Clauses(scored_clauses(item)?),
            _ => {}
        }
    }
    // A 前提 alone (over a reused indicator's 要点) keeps its place with no items.
    if items.is_some() || gate.is_some() {
        result.rule = Rule_::Checklist(Checklist {
            items: items.unwrap_or_default(),
            gate,
            per_failed,
        });
    }
    Ok(result)
}

fn target(pair: Pair<Rule>) -> Result<Target<Parsed>> {
    match pair.as_rule() {
        Rule::string => Ok(Target::Text(string_text(&pair), pair.as_span().into())),
        _ => expr(pair).map(Target::Value),
    }
}

/// The items of a 要点 block, or of a checklist pasted whole into 要点 or 评分
/// with the gate sentence printed after it.
fn checklist_items(pair: Pair<Rule>) -> Result<Checklist<Parsed>> {
    let mut items = Vec::new();
    let mut gate = None;
    let mut per_failed = None;
    let parts = pair.into_inner().flat_map(|part| match part.as_rule() {
        Rule::printed_checklist | Rule::comma_checklist | Rule::counted_checklist => {
            part.into_inner().collect::<Vec<_>>()
        }
        _ => vec![part],
    });
    for part in parts {
        match part.as_rule() {
            Rule::item | Rule::printed_item | Rule::comma_item | Rule::counted_item => {
                items.push(checklist_item(part)?);
            }
            Rule::printed_gate => gate = Some(printed_gate(&part)?),
            Rule::per_failed => per_failed = Some(Box::new(points::per_failed(part)?)),
            _ => {}
        }
    }
    Ok(Checklist {
        items,
        gate,
        per_failed,
    })
}

/// `在符合①的前提下，…；如不符合①，则本项整体得0分`: 前提 ①，否则 0分.
fn printed_gate(pair: &Pair<Rule>) -> Result<Gate<Parsed>> {
    let span = content_span(pair);
    let mut condition = GateCondition::Condition(Condition::All(Vec::new()));
    let mut otherwise = Decimal::ZERO;
    for part in pair.clone().into_inner() {
        match part.as_rule() {
            Rule::item_label => {
                let label = part.as_str().chars().next().unwrap_or('?');
                condition = GateCondition::Item(label, part.as_span().into());
            }
            Rule::points => otherwise = points(part)?,
            _ => {}
        }
    }
    Ok(Gate {
        condition,
        otherwise,
        span,
    })
}

fn checklist_item(pair: Pair<Rule>) -> Result<ChecklistItem<Parsed>> {
    let span = content_span(&pair);
    let mut label = '?';
    let mut deducts = false;
    let mut item_points = Decimal::ZERO;
    let mut item_condition = None;
    let mut negated = false;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => label = part.as_str().chars().next().unwrap_or('?'),
            Rule::deduct => deducts = true,
            Rule::points => item_points = signed_points(part)?,
            Rule::condition => item_condition = Some(condition(part)?),
            Rule::not_kw => negated = true,
            Rule::item_text | Rule::comma_item_text | Rule::counted_item_text => {
                item_condition = Some(Condition::Fact(item_text(&part)));
            }
            Rule::printed_points | Rule::comma_points => {
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::deduct => deducts = true,
                        _ => item_points = signed_points(inner)?,
                    }
                }
            }
            _ => {}
        }
    }
    if negated {
        item_condition = item_condition.map(|inner| Condition::Not(Box::new(inner)));
    }
    Ok(ChecklistItem {
        label,
        points: item_points,
        deducts,
        condition: item_condition.unwrap_or(Condition::All(Vec::new())),
        span,
    })
}

/// A printed item's text as the name of its fact: without the white space and
/// the ；，。 that end it, its span shrunk to match.
fn item_text(pair: &Pair<Rule>) -> Name {
    let text = pair.as_str();
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || "；;，,。、".contains(c));
    let start = pair.as_span().start();
    Name {
        text: trimmed.to_string(),
        span: Span::new(start, start + trimmed.len()),
    }
}

fn gate_of(pair: Pair<Rule>) -> Result<Gate<Parsed>> {
    let span = content_span(&pair);
    let mut gate_condition = None;
    let mut otherwise = Decimal::ZERO;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => {
                let label = part.as_str().chars().next().unwrap_or('?');
                gate_condition = Some(GateCondition::Item(label, part.as_span().into()));
            }
            Rule::condition => gate_condition = Some(GateCondition::Condition(condition(part)?)),
            Rule::points => otherwise = points(part)?,
            _ => {}
        }
    }
    Ok(Gate {
        condition: gate_condition.unwrap_or(GateCondition::Condition(Condition::All(Vec::new()))),
        otherwise,
        span,
    })
}

/// A 评分 block's clauses in order; a printed scope (在…，) belongs to every
/// clause the printed clause after it lowers to.
fn scored_clauses(scoring: Pair<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let mut all = Vec::new();
    let mut scope = None;
    for clause_pair in scoring.into_inner() {
        if clause_pair.as_rule() == Rule::scope {
            scope = clause_pair.into_inner().next().map(name);
            continue;
        }
        let mut lowered = clauses(clause_pair)?;
        for clause in &mut lowered {
            clause.scope.clone_from(&scope);
        }
        scope = None;
        all.extend(lowered);
    }
    Ok(all)
}

/// One clause pair as AST clauses: a tier rule gives one clause per arm.
fn clauses(pair: Pair<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let span = content_span(&pair);
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    let (guard, outcome_pair) = match rule {
        Rule::formula => return formula(inner, span),
        Rule::deduction => {
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome: Outcome::Deduction(deduction(inner)?),
                scope: None,
                span,
            }]);
        }
        Rule::tier_rule => return tier_arms(inner),
        Rule::per_failed => return Err(points::per_failed_without_items(span)),
        Rule::proportional | Rule::expert_mean => {
            let outcome = match rule {
                Rule::proportional => Outcome::Proportional,
                _ => Outcome::ExpertMean,
            };
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome,
                scope: None,
                span,
            }]);
        }
        Rule::when => {
            let guard = inner.next().map(condition).transpose()?;
            (guard.map_or(Guard::Always, Guard::When), inner.next())
        }
        _ => (Guard::Always, inner.next()),
    };
    let outcome = outcome_pair.map(outcome).transpose()?;
    Ok(vec![Clause {
        guard,
        outcome: outcome.unwrap_or(Outcome::Full),
        scope: None,
        span,
    }])
}

/// `得分 = …`, and with `最高得X分` a clause before it that gives X where the
/// formula gives more.
fn formula(mut inner: Pairs<Rule>, span: Span) -> Result<Vec<Clause<Parsed>>> {
    let Some(formula) = inner.next().map(expr).transpose()? else {
        return Ok(Vec::new());
    };
    let mut clauses = Vec::new();
    if let Some(cap) = inner.next() {
        let cap_span = content_span(&cap);
        let most = match cap.into_inner().next() {
            Some(points_pair) => points(points_pair)?,
            None => Decimal::ZERO,
        };
        // A plain number takes the formula's type, points or a bare number.
        let bound = Expr {
            kind: ExprKind::Quantity(most, None),
            span: cap_span,
        };
        clauses.push(Clause {
            guard: Guard::When(Condition::Compare(
                CmpOp::Gt,
                formula.clone(),
                bound,
                cap_span,
            )),
            outcome: Outcome::Fixed(most),
            scope: None,
            span: cap_span,
        });
    }
    clauses.push(Clause {
        guard: Guard::Always,
        outcome: Outcome::Formula(formula),
        scope: None,
        span,
    });
    Ok(clauses)
}

/// `综合治理效果 为 明显 得满分；一般 …`: one clause per arm.
fn tier_arms(mut inner: Pairs<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let Some(fact) = inner.next().map(name) else {
        return Ok(Vec::new());
    };
    let mut arms = Vec::new();
    for arm in inner {
        let span = content_span(&arm);
        let mut parts = arm.into_inner();
        if let (Some(label), Some(arm_outcome)) = (parts.next(), parts.next()) {
            arms.push(Clause {
                guard: Guard::Tier(fact.clone(), name(label)),
                outcome: outcome(arm_outcome)?,
                scope: None,
                span,
            });
        }
    }
    Ok(arms)
}

fn outcome(pair: Pair<Rule>) -> Result<Outcome<Parsed>> {
    Ok(match pair.as_rule() {
        Rule::share_score => {
            let (number, unit) = match pair.into_inner().next() {
                Some(share) => quantity(share)?,
                None => (Decimal::ZERO, None),
            };
            let share = match unit {
                Some(unit) => unit.to_runtime(number).unwrap_or(number),
                None => number,
            };
            Outcome::Share(share)
        }
        Rule::fixed_score => Outcome::Fixed(match pair.into_inner().next() {
            Some(score) => points(score)?,
            None => Decimal::ZERO,
        }),
        Rule::zero_score => Outcome::Fixed(Decimal::ZERO),
        Rule::column_score => Outcome::Fixed(points(pair)?),
        Rule::flat_deduction => {
            let span = content_span(&pair);
            let off = match pair.into_inner().next() {
                Some(off) => points(off)?,
                None => Decimal::ZERO,
            };
            let at = |kind| Box::new(Expr { kind, span });
            Outcome::Formula(Expr {
                kind: ExprKind::Binary(
                    BinOp::Sub,
                    at(ExprKind::Weight),
                    at(ExprKind::Quantity(off, Some(Unit::Points))),
                ),
                span,
            })
        }
        Rule::proportional => Outcome::Proportional,
        Rule::discretion => Outcome::Discretion,
        Rule::expert_mean => Outcome::ExpertMean,
        Rule::band_score | Rule::column_band => Outcome::Band(points::band(pair)?),
        Rule::deduction => Outcome::Deduction(deduction(pair.into_inner())?),
        _ => Outcome::Full,
    })
}

fn deduction(inner: Pairs<Rule>) -> Result<Deduction> {
    let mut result = Deduction {
        direction: Direction::Below,
        step: Decimal::ONE,
        step_unit: None,
        points: Decimal::ZERO,
        partial: PartialStep::Exact,
        step_span: Span::default(),
        subject: None,
        cap: None,
    };
    let mut step_written = None;
    for part in inner {
        match part.as_rule() {
            Rule::direction | Rule::per_direction => {
                result.direction = match part.as_str() {
                    "延迟" | "推迟" | "逾期" | "滞后" => Direction::Late,
                    "相差" | "偏离" => Direction::Either,
                    "超出" | "超过" | "高出" | "增加" | "多" | "高于" => {
                        Direction::Above
                    }
                    _ => Direction::Below,
                }
            }
            Rule::deduction_subject => result.subject = part.into_inner().next().map(name),
            Rule::deduction_cap => {
                let span = content_span(&part);
                if let Some(off) = part.into_inner().next() {
                    result.cap = Some((points(off)?, span));
                }
            }
            Rule::count => {
                result.step_span = part.as_span().into();
                let (number, unit) = quantity(part)?;
                step_written = Some((number, unit.clone()));
                result.step = match &unit {
                    Some(unit) => unit.to_runtime(number).unwrap_or(number),
                    None => number,
                };
                result.step_unit = unit;
            }
            Rule::points => result.points = points(part)?,
            Rule::step_rounding => result.partial = partial_step(part, &step_written)?,
            _ => {}
        }
    }
    Ok(result)
}

/// 不足 X 的按 X 扣分 rounds a partial step up; 不足 X 的不扣分 rounds it down. Both X
/// must be the deduction's own step, or the phrase says something else.
fn partial_step(pair: Pair<Rule>, step: &Option<(Decimal, Option<Unit>)>) -> Result<PartialStep> {
    let span: Span = pair.as_span().into();
    let Some(phrase) = pair.into_inner().next() else {
        return Ok(PartialStep::Exact);
    };
    let partial = match phrase.as_rule() {
        Rule::round_up => PartialStep::RoundUp,
        _ => PartialStep::RoundDown,
    };
    for written in phrase.into_inner() {
        if Some(quantity(written)?) != *step {
            return Err(ParseError::PartialStep { span: span.into() });
        }
    }
    Ok(partial)
}
