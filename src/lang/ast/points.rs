//! Points a 评分标准 column prints other than one number: a score band
//! (`9-8分`), whose score the facts give within it, and a deduction per item
//! not met after a checklist (`以上情况每出现一例不符合要求的扣1分`).

use super::shift::Shift;
use crate::lang::span::Span;
use rust_decimal::Decimal;

/// A printed score band (`得8-9分`, `9-8分`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The ends in the order printed (`9-8` keeps 9 first).
    pub printed: (Decimal, Decimal),
    /// Where the band is written.
    pub span: Span,
}

impl Band {
    /// The lower end.
    pub fn low(&self) -> Decimal {
        self.printed.0.min(self.printed.1)
    }

    /// The upper end.
    pub fn high(&self) -> Decimal {
        self.printed.0.max(self.printed.1)
    }

    /// The band as printed, e.g. `9-8`.
    pub fn text(&self) -> String {
        format!(
            "{}-{}",
            self.printed.0.normalize(),
            self.printed.1.normalize()
        )
    }
}

/// `以上情况每出现一例不符合要求的扣1分，扣完为止` after a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerFailed {
    /// Points off per item not met.
    pub points: Decimal,
    /// `最多扣3分`: at most these points off (else 扣完为止: down to 0).
    pub cap: Option<Decimal>,
    /// Where the sentence is written.
    pub span: Span,
}

impl Shift for Band {
    fn shift(&mut self, by: usize) {
        let Band { printed: _, span } = self;
        span.shift(by);
    }
}

impl Shift for PerFailed {
    fn shift(&mut self, by: usize) {
        let PerFailed {
            points: _,
            cap: _,
            span,
        } = self;
        span.shift(by);
    }
}
