//! What the card above its indicators may say: 加分项 and 减分项 groups,
//! whether the total may pass 满分, and what a 总分规则 does.

use crate::lang::span::Name;
use rust_decimal::Decimal;

/// What a 总分规则 does to the card.
#[derive(Debug, Clone, PartialEq)]
pub enum CardEffect {
    /// 一票否决 (总分为0分): the total is 0 and the grade the lowest.
    Veto,
    /// 总分最高为89分: the total is at most these points.
    TotalCap(Decimal),
    /// 等级为差: the grade is this band, whatever the total.
    Grade(Name),
}

/// With a 加分项: whether the total may pass 满分.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalLimit {
    /// 总分不超过满分: a total above 满分 is 满分.
    FullMarks,
    /// 总分可超过满分.
    MayExceed,
}

/// A 一级 group that adjusts the total instead of adding to its full marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjustment {
    /// 加分项（最高加5分）: its indicators' scores are added, at most the cap.
    Bonus,
    /// 减分项（最高扣10分）: what its rules deduct is taken off, at most the cap.
    Penalty,
}
