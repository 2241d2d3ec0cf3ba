//! How the pipeline scales. First a table over rulesets of 20 … 100,000
//! indicators, each reading its own ranged money facts: time and peak
//! memory per indicator to check (parse, link, check), build (check and
//! compile) and score one project. Then builds, explains and audits a
//! ruleset of n, 2n and 4n indicators, and checks one 评分 block of n, 2n and
//! 4n clauses, printing each time with its ratio to the one before (about 2
//! when the step is linear, 4 when it is quadratic). The rulesets are those
//! of tests/scaling.rs.
//!
//! Run: `cargo run --release --example scaling [N] [LARGEST]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting the bytes live and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; the
// counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `work`, giving its time and the peak of memory it allocated on top
/// of what was live before.
fn measured<T>(work: impl FnOnce() -> T) -> (T, f64, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let result = work();
    let seconds = start.elapsed().as_secs_f64();
    (result, seconds, PEAK.load(Ordering::Relaxed) - base)
}

/// The per-indicator table for rulesets of 20 up to `largest` indicators.
fn table(largest: usize) {
    println!(
        "indicators  check µs/ind  KB/ind   build µs/ind  KB/ind   score µs/ind  KB/ind  \
         (check ms = parse + link and check; build ms)"
    );
    let sizes = [20, 200, 2_000, 10_000, 100_000];
    for n in sizes.into_iter().filter(|n| *n <= largest) {
        let (ruleset, facts) = scaling::many_rated_indicators(n);
        let (parsed, parse_s, _) = measured(|| jixiao::lang::parse::parse(&ruleset).ok());
        let Some(parsed) = parsed else {
            eprintln!("the ruleset of {n} indicators does not parse");
            return;
        };
        let (checked, link_check_s, _) = measured(|| {
            let (linked, _) = jixiao::lang::link::link(parsed);
            jixiao::lang::check::check(linked?).0
        });
        drop(checked);
        let (checked, check_s, check_mem) = measured(|| {
            let parsed = jixiao::lang::parse::parse(&ruleset).ok()?;
            let (linked, _) = jixiao::lang::link::link(parsed);
            jixiao::lang::check::check(linked?).0
        });
        drop(checked);
        let (build, build_s, build_mem) = measured(|| jixiao::build("规模.jx", &ruleset));
        let Some(compiled) = build.compiled else {
            eprintln!(
                "the ruleset of {n} indicators does not build: {:?}",
                build.diagnostics
            );
            return;
        };
        let Ok(values) = jixiao::facts::parse(&facts, jixiao::facts::Format::Toml, &compiled)
        else {
            eprintln!("the facts of {n} indicators do not load");
            return;
        };
        let (card, score_s, score_mem) = measured(|| jixiao::eval::score(&compiled, &values));
        assert_eq!(
            card.total.map(|total| total.to_string()),
            Some(format!("{}.00", 39 * n / 10))
        );
        let per = |seconds: f64| seconds * 1e6 / n as f64;
        let kb = |bytes: usize| bytes as f64 / 1024.0 / n as f64;
        println!(
            "{n:>10}  {:>12.2}  {:>6.2}   {:>12.2}  {:>6.2}   {:>12.2}  {:>6.2}  \
             ({:.1} = {:.1} + {:.1}; {:.1})",
            per(check_s),
            kb(check_mem),
            per(build_s),
            kb(build_mem),
            per(score_s),
            kb(score_mem),
            check_s * 1e3,
            parse_s * 1e3,
            link_check_s * 1e3,
            build_s * 1e3
        );
    }
}

#[path = "../tests/common/scaling.rs"]
mod scaling;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(4_000);
    let largest: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    table(largest);
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
