//! Parsing: source text → pest parse tree → [`ast::Ruleset<Parsed>`].
//!
//! pest checks the shape; this module turns pairs into typed nodes with spans and
//! reports malformed literals (a date that does not exist, a number too large).

use crate::ast::*;
use crate::span::{Name, Span};
use crate::units::Unit;
use miette::{Diagnostic, SourceSpan};
use pest::iterators::Pair;
use pest::Parser;
use rust_decimal::Decimal;
use std::str::FromStr;
use thiserror::Error;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jixiao.pest"]
struct JixiaoParser;

/// A syntax error in a ruleset.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum ParseError {
    /// The text does not follow the grammar.
    #[error("语法错误：这里应是{expected}")]
    #[diagnostic(
        code(jixiao::parse::syntax),
        help(
            "对照语言说明检查这一行；名称与其后的关键字之间请加空格，例如「综合治理效果 为 明显」"
        )
    )]
    Syntax {
        /// What the grammar expected here, in words.
        expected: String,
        /// Where parsing stopped.
        #[label("无法识别")]
        span: SourceSpan,
    },
    /// A number that does not fit a decimal.
    #[error("数值「{text}」无法表示")]
    #[diagnostic(code(jixiao::parse::number), help("数值最多 28 位有效数字"))]
    Number {
        /// The number as written.
        text: String,
        /// Where it is.
        #[label("这个数值")]
        span: SourceSpan,
    },
    /// A date that does not exist.
    #[error("日期「{text}」不存在")]
    #[diagnostic(
        code(jixiao::parse::date),
        help("日期写作 2024-12-31 或 2024年12月31日")
    )]
    Date {
        /// The date as written.
        text: String,
        /// Where it is.
        #[label("这个日期")]
        span: SourceSpan,
    },
    /// Brackets nested deeper than [`MAX_NESTING`].
    #[error("括号嵌套超过 {MAX_NESTING} 层")]
    #[diagnostic(code(jixiao::parse::too_deep), help("拆分过深的表达式或分组"))]
    TooDeep {
        /// The first bracket past the limit.
        #[label("嵌套过深")]
        span: SourceSpan,
    },
    /// 不足 X 的按 Y 扣分 with X ≠ Y.
    #[error("「不足…按…扣分」前后的步长不一致")]
    #[diagnostic(
        code(jixiao::parse::partial_step),
        help("写作「不足1个百分点的，按1个百分点扣分」，两处步长与「每降低」的步长相同")
    )]
    PartialStep {
        /// The phrase.
        #[label("步长不一致")]
        span: SourceSpan,
    },
}

type Result<T> = std::result::Result<T, ParseError>;

/// The deepest nesting of brackets a ruleset may have, so that hostile input
/// cannot exhaust the stack of the recursive parser and lowering.
pub const MAX_NESTING: usize = 64;

/// Parses a ruleset's source text.
pub fn parse(source: &str) -> Result<Ruleset<Parsed>> {
    check_nesting(source)?;
    let mut pairs = JixiaoParser::parse(Rule::file, source).map_err(syntax_error)?;
    let file = pairs.next().map(Pair::into_inner);
    let mut header = None;
    let mut facts = Vec::new();
    let mut groups = Vec::new();
    for pair in file.into_iter().flatten() {
        match pair.as_rule() {
            Rule::header => header = Some(header_of(pair)?),
            Rule::facts => {
                facts = pair.into_inner().map(fact_decl).collect::<Result<_>>()?;
            }
            Rule::group => groups.push(group(pair)?),
            _ => {}
        }
    }
    let header = header.ok_or_else(|| ParseError::Syntax {
        expected: "「体系」开头的标题".into(),
        span: Span::new(0, 0).into(),
    })?;
    Ok(Ruleset {
        header,
        facts,
        groups,
    })
}

/// Rejects brackets nested deeper than [`MAX_NESTING`] (comments and strings
/// included, which only makes the limit stricter).
fn check_nesting(source: &str) -> Result<()> {
    let mut depth = 0usize;
    for (at, c) in source.char_indices() {
        match c {
            '(' | '（' | '{' | '｛' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: Span::new(at, at + c.len_utf8()).into(),
                    });
                }
            }
            ')' | '）' | '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn syntax_error(error: pest::error::Error<Rule>) -> ParseError {
    let span = match error.location {
        pest::error::InputLocation::Pos(at) => Span::new(at, at),
        pest::error::InputLocation::Span((start, end)) => Span::new(start, end),
    };
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives.iter().map(|rule| describe(*rule)).collect();
            words.sort_unstable();
            words.dedup();
            if words.is_empty() {
                "合法的内容".to_string()
            } else {
                words.join("、")
            }
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    ParseError::Syntax {
        expected,
        span: span.into(),
    }
}

/// What a grammar rule is called in an officer's words.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::header => "「体系 \"项目名称\" { … }」",
        Rule::facts => "「事实 { … }」",
        Rule::group | Rule::level => "「一级」或「二级」指标",
        Rule::indicator => "「指标 名称（权重分）{ … }」",
        Rule::weight | Rule::points => "分值，例如（4分）",
        Rule::name | Rule::tier_label => "名称",
        Rule::string => "带引号的文字",
        Rule::number | Rule::integer => "数值",
        Rule::quantity => "带单位的数值",
        Rule::unit => "单位",
        Rule::fact_decl => "事实声明，例如「预算资金: 万元」",
        Rule::expr | Rule::term => "数值或事实名",
        Rule::cmp_op => "比较符号（>=、<=、>、<、=）",
        Rule::condition | Rule::comparison => "条件",
        Rule::item => "要点，例如「① 1分: 立项符合法规」",
        Rule::scoring => "「评分 { … }」",
        Rule::deduction => "扣分规则，例如「每降低1个百分点扣0.1分」",
        Rule::rounding_mode => "舍入方式（四舍五入、向上舍入、向下舍入）",
        Rule::EOI => "文件结尾",
        _ => "合法的内容",
    }
}

fn decimal(pair: &Pair<Rule>) -> Result<Decimal> {
    Decimal::from_str(pair.as_str()).map_err(|_| ParseError::Number {
        text: pair.as_str().to_string(),
        span: Span::from(pair.as_span()).into(),
    })
}

fn name(pair: Pair<Rule>) -> Name {
    Name {
        text: pair.as_str().to_string(),
        span: pair.as_span().into(),
    }
}

fn string_text(pair: &Pair<Rule>) -> String {
    let text = pair.as_str();
    let quote_len = text.chars().next().map_or(0, char::len_utf8);
    text.get(quote_len..text.len().saturating_sub(quote_len))
        .unwrap_or("")
        .to_string()
}

/// A `number 分` pair's number.
fn points(pair: Pair<Rule>) -> Result<Decimal> {
    match pair.into_inner().next() {
        Some(number) => decimal(&number),
        None => Ok(Decimal::ZERO),
    }
}

/// A `quantity` pair: number and optional unit.
fn quantity(pair: Pair<Rule>) -> Result<(Decimal, Option<Unit>)> {
    let span = Span::from(pair.as_span());
    let text = pair.as_str().to_string();
    let mut inner = pair.into_inner();
    let number = match inner.next() {
        Some(number) => decimal(&number)?,
        None => Decimal::ZERO,
    };
    let unit = inner.next().map(|unit| Unit::parse(unit.as_str()));
    // Later stages convert with `to_runtime`; reject here what cannot convert.
    if unit
        .as_ref()
        .is_some_and(|unit| unit.to_runtime(number).is_none())
    {
        return Err(ParseError::Number {
            text,
            span: span.into(),
        });
    }
    Ok((number, unit))
}

fn header_of(pair: Pair<Rule>) -> Result<Header> {
    let span = pair.as_span().into();
    let mut header = Header {
        title: String::new(),
        source: None,
        full_marks: None,
        grades: Vec::new(),
        rounding: None,
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
                    header.full_marks = Some((decimal(&number)?, number.as_span().into()));
                }
            }
            Rule::grades => {
                header.grades = item.into_inner().map(grade_band).collect::<Result<_>>()?;
            }
            Rule::rounding => header.rounding = Some(rounding(item)?),
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
            Rule::integer => {
                rounding.places = item.as_str().parse().map_err(|_| ParseError::Number {
                    text: item.as_str().to_string(),
                    span: Span::from(item.as_span()).into(),
                })?;
            }
            Rule::rounding_mode => {
                rounding.mode = match item.as_str() {
                    "向上舍入" => RoundingMode::Up,
                    "向下舍入" => RoundingMode::Down,
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
            Rule::unit => FactKind::Quantity(Unit::parse(kind.as_str())),
            _ => FactKind::Number,
        },
        None => FactKind::Number,
    };
    Ok(FactDecl {
        name: fact_name,
        kind,
        span,
    })
}

fn group(pair: Pair<Rule>) -> Result<Group<Parsed>> {
    let mut inner = pair.into_inner();
    let level = match inner.next().map(|level| level.as_str() == "一级") {
        Some(true) => 1,
        _ => 2,
    };
    let group_name = inner.next().map(name);
    let (weight, weight_span) = weight(inner.next())?;
    let children = inner
        .map(|child| match child.as_rule() {
            Rule::group => group(child).map(Node::Group),
            _ => indicator(child).map(|indicator| Node::Indicator(Box::new(indicator))),
        })
        .collect::<Result<_>>()?;
    Ok(Group {
        level,
        name: group_name.unwrap_or(Name {
            text: String::new(),
            span: weight_span,
        }),
        weight,
        weight_span,
        children,
    })
}

fn weight(pair: Option<Pair<Rule>>) -> Result<(Decimal, Span)> {
    match pair.and_then(|weight| weight.into_inner().next()) {
        Some(points_pair) => {
            let span = points_pair.as_span().into();
            Ok((points(points_pair)?, span))
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
        span,
    };
    let mut items = None;
    let mut gate = None;
    for item in inner {
        match item.as_rule() {
            Rule::actual => result.actual = item.into_inner().next().map(expr).transpose()?,
            Rule::target => result.target = item.into_inner().next().map(target).transpose()?,
            Rule::checklist => {
                items = Some(
                    item.into_inner()
                        .map(checklist_item)
                        .collect::<Result<_>>()?,
                );
            }
            Rule::gate => gate = Some(gate_of(item)?),
            Rule::scoring => {
                let mut all = Vec::new();
                for clause_pair in item.into_inner() {
                    all.extend(clauses(clause_pair)?);
                }
                result.rule = Rule_::Clauses(all);
            }
            _ => {}
        }
    }
    if let Some(items) = items {
        result.rule = Rule_::Checklist(Checklist { items, gate });
    }
    Ok(result)
}

/// The AST's rule type, renamed here because pest's generated `Rule` takes the name.
use crate::ast::Rule as Rule_;

fn target(pair: Pair<Rule>) -> Result<Target<Parsed>> {
    match pair.as_rule() {
        Rule::string => Ok(Target::Text(string_text(&pair), pair.as_span().into())),
        _ => expr(pair).map(Target::Value),
    }
}

fn checklist_item(pair: Pair<Rule>) -> Result<ChecklistItem<Parsed>> {
    let span = pair.as_span().into();
    let mut label = '?';
    let mut deducts = false;
    let mut item_points = Decimal::ZERO;
    let mut item_condition = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => label = part.as_str().chars().next().unwrap_or('?'),
            Rule::deduct => deducts = true,
            Rule::points => item_points = points(part)?,
            Rule::condition => item_condition = Some(condition(part)?),
            _ => {}
        }
    }
    Ok(ChecklistItem {
        label,
        points: item_points,
        deducts,
        condition: item_condition.unwrap_or(Condition::All(Vec::new())),
        span,
    })
}

fn gate_of(pair: Pair<Rule>) -> Result<Gate<Parsed>> {
    let span = pair.as_span().into();
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

/// One clause pair as AST clauses: a tier rule gives one clause per arm.
fn clauses(pair: Pair<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let span = pair.as_span().into();
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    let (guard, outcome_pair) = match rule {
        Rule::formula => {
            let formula = inner.next().map(expr).transpose()?;
            let outcome = formula.map_or(Outcome::Full, Outcome::Formula);
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome,
                span,
            }]);
        }
        Rule::deduction => {
            return Ok(vec![Clause {
                guard: Guard::Always,
                outcome: Outcome::Deduction(deduction(inner)?),
                span,
            }]);
        }
        Rule::tier_rule => return tier_arms(inner),
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
        span,
    }])
}

/// `综合治理效果 为 明显 得满分；一般 …`: one clause per arm.
fn tier_arms(mut inner: pest::iterators::Pairs<Rule>) -> Result<Vec<Clause<Parsed>>> {
    let Some(fact) = inner.next().map(name) else {
        return Ok(Vec::new());
    };
    let mut arms = Vec::new();
    for arm in inner {
        let span = arm.as_span().into();
        let mut parts = arm.into_inner();
        if let (Some(label), Some(arm_outcome)) = (parts.next(), parts.next()) {
            arms.push(Clause {
                guard: Guard::Tier(fact.clone(), name(label)),
                outcome: outcome(arm_outcome)?,
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
        Rule::proportional => Outcome::Proportional,
        Rule::discretion => Outcome::Discretion,
        Rule::deduction => Outcome::Deduction(deduction(pair.into_inner())?),
        _ => Outcome::Full,
    })
}

fn deduction(inner: pest::iterators::Pairs<Rule>) -> Result<Deduction> {
    let mut result = Deduction {
        direction: Direction::Below,
        step: Decimal::ONE,
        step_unit: None,
        points: Decimal::ZERO,
        partial: PartialStep::Exact,
        step_span: Span::default(),
    };
    let mut step_written = None;
    for part in inner {
        match part.as_rule() {
            Rule::direction => {
                result.direction = match part.as_str() {
                    "延迟" => Direction::Late,
                    "超出" | "超过" | "多" => Direction::Above,
                    _ => Direction::Below,
                }
            }
            Rule::quantity => {
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

fn condition(pair: Pair<Rule>) -> Result<Condition<Parsed>> {
    match pair.as_rule() {
        Rule::condition => junction(pair, Condition::Any),
        Rule::conjunct => junction(pair, Condition::All),
        Rule::negation => {
            let negated = pair
                .into_inner()
                .find(|part| part.as_rule() != Rule::not_kw);
            match negated {
                Some(negated) => Ok(Condition::Not(Box::new(condition(negated)?))),
                None => Ok(Condition::All(Vec::new())),
            }
        }
        Rule::comparison => {
            let span = pair.as_span().into();
            let mut inner = pair.into_inner();
            match (inner.next(), inner.next(), inner.next()) {
                (Some(left), Some(op), Some(right)) => Ok(Condition::Compare(
                    cmp_op(&op),
                    expr(left)?,
                    expr(right)?,
                    span,
                )),
                _ => Ok(Condition::All(Vec::new())),
            }
        }
        _ => Ok(Condition::Fact(name(pair))),
    }
}

/// A 或 / 且 list; a list of one is just its member.
fn junction(
    pair: Pair<Rule>,
    combine: fn(Vec<Condition<Parsed>>) -> Condition<Parsed>,
) -> Result<Condition<Parsed>> {
    let mut members: Vec<_> = pair.into_inner().map(condition).collect::<Result<_>>()?;
    if members.len() == 1 {
        Ok(members.remove(0))
    } else {
        Ok(combine(members))
    }
}

fn cmp_op(pair: &Pair<Rule>) -> CmpOp {
    match pair.as_str() {
        ">=" | "≥" | "＞＝" => CmpOp::Ge,
        "<=" | "≤" | "＜＝" => CmpOp::Le,
        ">" | "＞" => CmpOp::Gt,
        "<" | "＜" => CmpOp::Lt,
        "!=" | "≠" => CmpOp::Ne,
        _ => CmpOp::Eq,
    }
}

fn expr(pair: Pair<Rule>) -> Result<Expr<Parsed>> {
    let span: Span = pair.as_span().into();
    match pair.as_rule() {
        Rule::expr | Rule::term => {
            let mut inner = pair.into_inner();
            let Some(first) = inner.next() else {
                return Ok(Expr {
                    kind: ExprKind::Quantity(Decimal::ZERO, None),
                    span,
                });
            };
            let mut left = expr(first)?;
            while let (Some(op), Some(right)) = (inner.next(), inner.next()) {
                let right = expr(right)?;
                let op = match op.as_str() {
                    "+" | "＋" => BinOp::Add,
                    "-" | "－" => BinOp::Sub,
                    "*" | "×" | "＊" => BinOp::Mul,
                    _ => BinOp::Div,
                };
                let span = left.span.to(right.span);
                left = Expr {
                    kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                    span,
                };
            }
            Ok(left)
        }
        Rule::quantity => {
            let (number, unit) = quantity(pair)?;
            Ok(Expr {
                kind: ExprKind::Quantity(number, unit),
                span,
            })
        }
        Rule::date => Ok(Expr {
            kind: ExprKind::Date(date(&pair)?),
            span,
        }),
        Rule::keyword_value => Ok(Expr {
            kind: match pair.as_str() {
                "完成值" => ExprKind::Actual,
                "标杆值" => ExprKind::Target,
                _ => ExprKind::Weight,
            },
            span,
        }),
        _ => Ok(Expr {
            kind: ExprKind::Ref(name(pair)),
            span,
        }),
    }
}

/// Reads `2024-12-31` or `2024年12月31日`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    match numbers.as_slice() {
        [year, month, day] => {
            chrono::NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day)
        }
        _ => None,
    }
}

fn date(pair: &Pair<Rule>) -> Result<chrono::NaiveDate> {
    parse_date(pair.as_str()).ok_or_else(|| ParseError::Date {
        text: pair.as_str().to_string(),
        span: Span::from(pair.as_span()).into(),
    })
}
