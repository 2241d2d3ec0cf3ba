//! The units and types of expressions. A mistake is reported once: a name
//! that does not resolve, or operands that do not combine, give an unknown
//! type that combines with anything after.

use super::checker::{Checker, Scope};
use super::errors::CheckError;
use super::program::Checked;
use crate::lang::ast::*;
use crate::lang::measure::{self, Measure};
use crate::lang::span::Span;
use crate::lang::units::{Ty, Unit};

impl Checker {
    /// An expression's checked form and type; `None` for a type unknown
    /// because of an error already reported (an undeclared name).
    pub(super) fn expr(
        &mut self,
        expr: &Expr<Parsed>,
        scope: &Scope,
    ) -> (Expr<Checked>, Option<Ty>) {
        let (kind, ty) = match &expr.kind {
            ExprKind::Quantity(number, unit) => (
                ExprKind::Quantity(*number, unit.clone()),
                Some(unit.as_ref().map_or(Ty::Plain, Unit::ty)),
            ),
            ExprKind::Date(date) => (ExprKind::Date(*date), Some(Ty::Date)),
            ExprKind::Weight => (ExprKind::Weight, Some(Ty::Points)),
            ExprKind::Actual => (ExprKind::Actual, self.value_ty(scope, expr.span, true)),
            ExprKind::Target => (ExprKind::Target, self.value_ty(scope, expr.span, false)),
            // A fact of the same name wins: `完成值 = 满意度` in the indicator 满意度.
            ExprKind::Ref(name)
                if name.text == scope.indicator.name.text
                    && !self.fact_ids.contains_key(&name.text) =>
            {
                (ExprKind::Actual, self.value_ty(scope, expr.span, true))
            }
            ExprKind::Ref(name) => {
                let fact = self.fact_ref(name);
                let ty = self.facts.get(fact.id.0).map(|fact| fact.ty.clone());
                (ExprKind::Ref(fact), ty)
            }
            ExprKind::Binary(op, left, right) => {
                let (left_expr, left_ty) = self.expr(left, scope);
                let (right_expr, right_ty) = self.expr(right, scope);
                let ty = match (left_ty, right_ty) {
                    (Some(left_ty), Some(right_ty)) => {
                        self.binary_ty(*op, (&left_ty, left.span), (&right_ty, right.span))
                    }
                    _ => None,
                };
                // `支出 × 100% / 到位` is a percent, as `支出 / 到位 × 100%` is.
                let ty = match ty {
                    Some(Ty::Ratio { percent: false })
                        if *op == BinOp::Div
                            && (mentions_percent(left) || mentions_percent(right)) =>
                    {
                        Some(Ty::Ratio { percent: true })
                    }
                    other => other,
                };
                (
                    ExprKind::Binary(*op, Box::new(left_expr), Box::new(right_expr)),
                    ty,
                )
            }
        };
        (
            Expr {
                kind,
                span: expr.span,
            },
            ty,
        )
    }

    /// The type of 完成值 (`actual`) or 标杆值, reporting one not given.
    fn value_ty(&mut self, scope: &Scope, span: Span, actual: bool) -> Option<Ty> {
        if actual {
            self.require_actual(scope, span)
        } else {
            self.require_target(scope, span)
        }
    }

    /// The type of `left op right`, reporting operands that do not combine
    /// (and then unknown, so that the mistake is reported once).
    fn binary_ty(&mut self, op: BinOp, left: (&Ty, Span), right: (&Ty, Span)) -> Option<Ty> {
        let (l, r) = (left.0, right.0);
        let adds = matches!(op, BinOp::Add | BinOp::Sub);
        if adds && self.number_without_unit(l, r, left.1, right.1) {
            return None;
        }
        let combined = match op {
            BinOp::Add | BinOp::Sub => match (l, r) {
                (Ty::Date, Ty::Date) if op == BinOp::Sub => Some(Ty::days()),
                (Ty::Date, days) if days.is_days() || *days == Ty::Plain => Some(Ty::Date),
                _ if l.is_numeric() && l.same_dimension(r) => Some(if *l == Ty::Plain {
                    r.clone()
                } else {
                    l.clone()
                }),
                _ => None,
            },
            BinOp::Mul => match (l, r) {
                (Ty::Ratio { percent: a }, Ty::Ratio { percent: b }) => {
                    Some(Ty::Ratio { percent: *a || *b })
                }
                // A number scales what it multiplies, a percent too (2 × 5%, 0.6 × 满意度);
                // a ratio scales a quantity (完成值 × 权重).
                (Ty::Plain, other)
                | (other, Ty::Plain)
                | (other, Ty::Ratio { .. })
                | (Ty::Ratio { .. }, other)
                    if other.is_numeric() =>
                {
                    Some(other.clone())
                }
                (Ty::Measure(a), Ty::Measure(b)) => times_per_unit(a, b).map(Ty::Measure),
                _ => None,
            },
            BinOp::Div => match (l, r) {
                (_, Ty::Ratio { .. } | Ty::Plain) if l.is_numeric() => Some(l.clone()),
                _ if l.is_numeric() && l.same_dimension(r) => Some(Ty::Ratio { percent: false }),
                (Ty::Measure(of), Ty::Measure(per)) => per_unit(of, per).map(Ty::Measure),
                _ => None,
            },
        };
        if combined.is_none() {
            self.errors.push(CheckError::UnitMismatch {
                help: unit_help(
                    match op {
                        BinOp::Add | BinOp::Sub => "相加",
                        BinOp::Mul => "相乘",
                        BinOp::Div => "相除",
                    },
                    l,
                    r,
                ),
                left: l.clone(),
                right: r.clone(),
                operation: match op {
                    BinOp::Add => "相加",
                    BinOp::Sub => "相减",
                    BinOp::Mul => "相乘",
                    BinOp::Div => "相除",
                },
                left_span: left.1.into(),
                right_span: right.1.into(),
            });
        }
        combined
    }

    /// Reports `left` and `right` that `operation` needs to be of one kind
    /// of unit and are not.
    pub(super) fn same_dimension(
        &mut self,
        left: &Ty,
        right: &Ty,
        left_span: Span,
        right_span: Span,
        operation: &'static str,
    ) {
        if self.number_without_unit(left, right, left_span, right_span) {
            return;
        }
        let comparable = left.same_dimension(right) || (*left == Ty::Date && *right == Ty::Date);
        if !comparable {
            self.errors.push(CheckError::UnitMismatch {
                help: unit_help(operation, left, right),
                left: left.clone(),
                right: right.clone(),
                operation,
                left_span: left_span.into(),
                right_span: right_span.into(),
            });
        }
    }

    /// Reports a unit-less number added to or compared with a percent (95 is
    /// 9500%), or with a quantity not counted in base units (100 beside 万元 is
    /// 100元); returns whether it did.
    fn number_without_unit(
        &mut self,
        left: &Ty,
        right: &Ty,
        left_span: Span,
        right_span: Span,
    ) -> bool {
        let (number_span, other, other_span) = match (left, right) {
            (Ty::Plain, other) => (left_span, other, right_span),
            (other, Ty::Plain) => (right_span, other, left_span),
            _ => return false,
        };
        let error = match other {
            Ty::Ratio { percent: true } => CheckError::PercentWithoutUnit {
                span: number_span.into(),
                percent: other_span.into(),
            },
            Ty::Measure(measure) if !measure.in_base_units() => CheckError::NumberWithoutUnit {
                unit: measure.to_string(),
                base: measure
                    .base()
                    .map_or_else(|| "基本单位".to_string(), |base| base.to_string()),
                span: number_span.into(),
                quantity: other_span.into(),
            },
            _ => return false,
        };
        self.errors.push(error);
        true
    }
}

// ---------------------------------------------------------------- percentage points

/// Whether an expression stands for a percent itself or for a difference of
/// two percents: `个百分点` is only ever a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// A value: a fact, 完成值, 标杆值 (and sums and ratios of them).
    Value,
    /// A difference: `完成值 − 标杆值`, or a `个百分点` literal (its span).
    Difference(Option<Span>),
    /// A literal that takes either role (`5%`, `2家`).
    Either,
}

impl Checker {
    /// Whether `expr` stands for a percent itself or for a difference.
    fn level(&self, expr: &Expr<Parsed>) -> Level {
        match &expr.kind {
            ExprKind::Quantity(_, Some(Unit::PercentagePoint)) => {
                Level::Difference(Some(expr.span))
            }
            ExprKind::Quantity(..) | ExprKind::Date(_) | ExprKind::Weight => Level::Either,
            ExprKind::Ref(_) | ExprKind::Actual | ExprKind::Target => Level::Value,
            ExprKind::Binary(op, left, right) => match (op, self.level(left), self.level(right)) {
                // `90% + 5个百分点`, `100% - 5个百分点`: the literal may be the
                // percent the difference moves, so the sum may be a percent itself.
                (BinOp::Add | BinOp::Sub, Level::Either, Level::Difference(_))
                | (BinOp::Add, Level::Difference(_), Level::Either) => Level::Either,
                (_, side, Level::Either) | (_, Level::Either, side) => side,
                (BinOp::Sub, Level::Value, Level::Value) => Level::Difference(None),
                (BinOp::Add | BinOp::Sub, Level::Value, Level::Difference(_))
                | (BinOp::Add, Level::Difference(_), Level::Value) => Level::Value,
                (BinOp::Add | BinOp::Sub, Level::Difference(a), Level::Difference(b)) => {
                    Level::Difference(a.or(b))
                }
                (BinOp::Div, Level::Difference(_), Level::Difference(_)) => Level::Either,
                _ => Level::Value,
            },
        }
    }

    /// Reports a `个百分点` literal where a percent itself belongs (a 完成值,
    /// a 标杆值, a score).
    pub(super) fn not_a_point_difference(&mut self, expr: &Expr<Parsed>, role: &str) {
        if let Level::Difference(Some(span)) = self.level(expr) {
            let number = point_number(expr, span);
            self.errors.push(CheckError::PercentagePointAsPercent {
                text: format!("{number}个百分点"),
                span: span.into(),
                percent: None,
                help: format!(
                    "{role}是百分比本身，写作「{number}%」；「个百分点」只用于差值，例如「每降低1个百分点扣0.1分」"
                ),
            });
        }
    }

    /// Reports `完成值 >= 95个百分点`: a percent compared with a difference.
    pub(super) fn point_difference_compared(&mut self, left: &Expr<Parsed>, right: &Expr<Parsed>) {
        let (value, difference) = match (self.level(left), self.level(right)) {
            (Level::Value, Level::Difference(Some(span))) => (left, (right, span)),
            (Level::Difference(Some(span)), Level::Value) => (right, (left, span)),
            _ => return,
        };
        let number = point_number(difference.0, difference.1);
        self.errors.push(CheckError::PercentagePointAsPercent {
            text: format!("{number}个百分点"),
            span: difference.1.into(),
            percent: Some(value.span.into()),
            help: format!(
                "这里比较的是百分比本身，写作「{number}%」；要比较差值，两边都写成差，\
                 例如「标杆值 - 完成值 <= 5个百分点」"
            ),
        });
    }
}

/// The number of the `个百分点` literal at `span` inside `expr`.
fn point_number(expr: &Expr<Parsed>, span: Span) -> String {
    match &expr.kind {
        ExprKind::Quantity(number, _) if expr.span == span => number.normalize().to_string(),
        ExprKind::Binary(_, left, right) => {
            let in_left = point_number(left, span);
            if in_left.is_empty() {
                point_number(right, span)
            } else {
                in_left
            }
        }
        _ => String::new(),
    }
}

/// Whether a `%` quantity is written anywhere in `expr`.
fn mentions_percent(expr: &Expr<Parsed>) -> bool {
    match &expr.kind {
        ExprKind::Quantity(_, Some(Unit::Percent)) => true,
        ExprKind::Binary(_, left, right) => mentions_percent(left) || mentions_percent(right),
        _ => false,
    }
}

/// `of ÷ per` for two simple measures of different dimensions: 元/人次, in
/// the numerator's base unit (12万元 ÷ 160人次 is shown as 750元/人次). Two
/// currencies do not divide: no rate converts them, so 美元 ÷ 元 is a slip.
fn per_unit(of: &Measure, per: &Measure) -> Option<Measure> {
    let both_money = of.of.dimension.is_money() && per.of.dimension.is_money();
    (of.per.is_none() && per.per.is_none() && !both_money).then(|| Measure {
        of: measure::base_unit(&of.of.dimension).unwrap_or_else(|| of.of.clone()),
        per: Some(per.of.clone()),
    })
}

/// `rate × count` where the rate is per the count's unit: 元/人次 × 人次 = 元.
fn times_per_unit(a: &Measure, b: &Measure) -> Option<Measure> {
    let cancels = |rate: &Measure, count: &Measure| {
        count.per.is_none()
            && rate
                .per
                .as_ref()
                .is_some_and(|per| per.dimension == count.of.dimension)
    };
    if cancels(a, b) {
        Some(Measure::of(a.of.clone()))
    } else if cancels(b, a) {
        Some(Measure::of(b.of.clone()))
    } else {
        None
    }
}

/// How to fix a unit mismatch, by what was attempted and on what.
fn unit_help(operation: &str, left: &Ty, right: &Ty) -> String {
    if operation != "混用" {
        if *left == Ty::Date || *right == Ty::Date {
            return "日期只与日期比较；两个日期相减得出天数，日期加减天数得出日期，\
                    例如「完成日期 - 计划日期 <= 30天」「计划日期 + 30天」"
                .into();
        }
        if operation != "比较" && !(left.is_numeric() && right.is_numeric()) {
            return "「是否」与「档次」类的事实不是数值，不能参与计算，只能写作评分条件".into();
        }
    }
    match operation {
        "相乘" => "相乘时至少一边应是比率或不带单位的数，例如「完成值 × 权重」「覆盖率 × 5分」".into(),
        "相除" => {
            "相除的两边应是同一类单位（得出比率，例如「实际支出资金 / 实际到位资金」），或除以不带单位的数"
                .into()
        }
        "混用" => format!(
            "扣分步长的单位要与完成值相同：完成值是{left}，步长也用这类单位\
             （百分比写「1个百分点」或「1%」，家数写「1家」）"
        ),
        _ => "换算到同一类单位，或检查是否用错了事实".into(),
    }
}
