//! What tracing costs: scores the 罗湖 example many times in bulk
//! (`eval::Scores`), as a score card, and as a score card with a trace, and
//! prints the three times and their ratios (measured in one run, so the
//! ratios hold on a noisy machine even when the absolute times do not).
//!
//! Run: `cargo run --release --example trace_cost [ITERATIONS]`

use jixiao::eval::Scores;
use std::path::Path;
use std::time::Instant;

fn main() {
    let iterations: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(compiled) = jixiao::build_file(&root.join("rulesets/luohu-2024.jx")).compiled else {
        eprintln!("the 罗湖 ruleset does not build");
        return;
    };
    let Ok(text) = std::fs::read_to_string(root.join("examples/luohu-2024.facts.toml")) else {
        eprintln!("the 罗湖 facts are missing");
        return;
    };
    let Ok(facts) = jixiao::facts::parse(&text, jixiao::facts::Format::Toml, &compiled) else {
        eprintln!("the 罗湖 facts do not load");
        return;
    };
    let timed = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        start.elapsed().as_secs_f64() / f64::from(iterations) * 1e6
    };
    // Warm up, then alternate so that all three see the same machine load.
    let mut scores = Scores::default();
    let (mut bulk, mut plain, mut traced) = (0.0, 0.0, 0.0);
    for _ in 0..3 {
        bulk += timed(&mut || {
            scores.score(&compiled, std::hint::black_box(&facts));
            std::hint::black_box(scores.total);
        });
        plain += timed(&mut || {
            std::hint::black_box(jixiao::eval::score(&compiled, &facts));
        });
        traced += timed(&mut || {
            std::hint::black_box(jixiao::eval::score_traced(&compiled, &facts));
        });
    }
    println!("indicators per card: {}", compiled.indicators().len());
    println!("bulk scores (eval::Scores): {:.2} µs per card", bulk / 3.0);
    println!("plain score card:           {:.2} µs per card", plain / 3.0);
    println!(
        "traced score card:          {:.2} µs per card",
        traced / 3.0
    );
    println!("traced / plain card: {:.2}", traced / plain);
    println!("plain card / bulk:   {:.2}", plain / bulk);
}
