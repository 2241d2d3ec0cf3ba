//! How the pipeline scales: builds, explains and audits a ruleset of n, 2n
//! and 4n indicators, and checks one 评分 block of n, 2n and 4n clauses, and
//! prints each time with its ratio to the one before (about 2 when the step
//! is linear, 4 when it is quadratic). The rulesets are those of
//! tests/scaling.rs.
//!
//! Run: `cargo run --release --example scaling [N]`

use std::time::Instant;

#[path = "../tests/common/scaling.rs"]
mod scaling;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(4_000);
    println!("indicators: build, explain (text and Markdown) and audit");
    report(n, |size| {
        let (ruleset, facts) = scaling::many_indicators(size);
        let Some(compiled) = jixiao::build("规模.jx", &ruleset).compiled else {
            eprintln!("the ruleset of {size} indicators does not build");
            return;
        };
        let Ok(facts) = jixiao::facts::parse(&facts, jixiao::facts::Format::Toml, &compiled) else {
            eprintln!("the facts of {size} indicators do not load");
            return;
        };
        let explanation = jixiao::explain::explain(&compiled, &facts);
        std::hint::black_box(jixiao::explain::text(&explanation));
        std::hint::black_box(jixiao::explain::markdown(&explanation));
        std::hint::black_box(jixiao::audit::audit(&compiled, &facts));
    });
    println!("clauses of one 评分 block: build (with its range analysis)");
    report(n, |size| {
        std::hint::black_box(jixiao::build("规模.jx", &scaling::many_clauses(size)));
    });
}

/// Runs `work` at n, 2n and 4n and prints each time and its growth.
fn report(n: usize, work: impl Fn(usize)) {
    let mut before: Option<f64> = None;
    for size in [n, 2 * n, 4 * n] {
        let start = Instant::now();
        work(size);
        let seconds = start.elapsed().as_secs_f64();
        let growth = before.map_or_else(String::new, |b| format!("  ×{:.1}", seconds / b));
        println!("  {size:>7}: {seconds:>8.3} s{growth}");
        before = Some(seconds);
    }
}
