//! Grades: a 等级 table is read first band first, and the total gets the
//! first band it satisfies. A band every one of whose totals an earlier band
//! already takes is never given, and the totals it was meant for get the
//! wrong grade (良 >= 80 written before 优 >= 90).

use super::checker::Checker;
use super::errors::CheckError;
use crate::lang::ast::GradeBand;
use rust_decimal::Decimal;

impl Checker {
    /// Refuses each band that no total can reach because the bands before
    /// it take every total it would.
    pub(super) fn grade_order(&mut self, bands: &[GradeBand]) {
        let totals = telling_totals(bands);
        for (at, band) in bands.iter().enumerate() {
            let earlier = &bands[..at];
            let reached = totals
                .iter()
                .any(|total| holds(band, *total) && !earlier.iter().any(|e| holds(e, *total)));
            if reached {
                continue;
            }
            // The one earlier band that alone takes all of this band's totals.
            let cover = earlier.iter().find(|before| {
                totals
                    .iter()
                    .all(|total| !holds(band, *total) || holds(before, *total))
            });
            self.errors.push(CheckError::GradeOrder {
                grade: band.name.text.clone(),
                bound: bound_text(band),
                taken_by: cover.map_or_else(
                    || "排在它前面的等级".to_string(),
                    |before| {
                        format!(
                            "排在它前面的「{}」（{}）",
                            before.name.text,
                            bound_text(before)
                        )
                    },
                ),
                span: band.name.span.into(),
                cover: cover.map(|before| before.name.span.into()),
            });
        }
    }
}

/// Whether a total gets `band`, if no earlier band took it.
fn holds(band: &GradeBand, total: Decimal) -> bool {
    band.bound.is_none_or(|(op, bound)| op.holds(total, bound))
}

/// A band's bound in words: `≥ 90`, or 其余 for the band with none.
fn bound_text(band: &GradeBand) -> String {
    match band.bound {
        Some((op, bound)) => format!("{} {}", op.symbol(), bound.normalize()),
        None => "其余".to_string(),
    }
}

/// Totals among which every band's answer changes: each bound, and a step
/// either side of it finer than any bound is written. Between two of them
/// every band answers alike, so a band no total of these reaches is reached
/// by none.
fn telling_totals(bands: &[GradeBand]) -> Vec<Decimal> {
    let bounds: Vec<Decimal> = bands
        .iter()
        .filter_map(|band| band.bound.map(|(_, bound)| bound))
        .collect();
    let finest = bounds.iter().map(Decimal::scale).max().unwrap_or(0);
    let step = Decimal::new(1, (finest + 1).min(28));
    let mut totals = vec![Decimal::ZERO];
    for bound in bounds {
        totals.push(bound);
        totals.extend(bound.checked_sub(step));
        totals.extend(bound.checked_add(step));
    }
    totals
}
