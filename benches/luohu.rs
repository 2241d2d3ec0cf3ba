//! The 罗湖 2024 card scored four ways over the same generated projects: a
//! hand-written Rust scorer (tests/common/native_luohu.rs) and jixiao, each
//! on facts already read (eval only) and from JSON Lines rows (read and
//! score), and jixiao's full score card (names, paths, shown values) from
//! facts read. divan times each; then one interleaved run per round, median of
//! seven rounds, prints rows/s and the ratios jixiao ÷ native.
//!
//! `cargo bench --bench luohu`

#[path = "../tests/common/native_luohu.rs"]
mod native_luohu;

use divan::counter::ItemsCount;
use divan::Bencher;
use jixiao::eval::Scores;
use jixiao::facts::{FactValues, Format};
use jixiao::lang::compile::Compiled;
use native_luohu::Facts;
use std::hint::black_box;
use std::sync::LazyLock;
use std::time::Instant;

/// Projects per measurement.
const ROWS: usize = 20_000;

/// The ruleset, the generated rows as JSON Lines, and both sides' facts read.
struct Workload {
    compiled: Compiled,
    lines: Vec<String>,
    native: Vec<Facts>,
    facts: Vec<FactValues>,
}

static WORKLOAD: LazyLock<Workload> = LazyLock::new(|| {
    let root = env!("CARGO_MANIFEST_DIR");
    let path = std::path::Path::new(root).join("rulesets/luohu-2024.jx");
    let compiled = jixiao::build_file(&path)
        .compiled
        .expect("the 罗湖 ruleset builds");
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut random = move || {
        // xorshift64*: reproducible rows without a dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let native: Vec<Facts> = (0..ROWS).map(|_| Facts::sample(&mut random)).collect();
    let lines: Vec<String> = native.iter().map(Facts::to_json).collect();
    let facts = lines
        .iter()
        .map(|line| jixiao::facts::parse(line, Format::Json, &compiled).expect("rows load"))
        .collect();
    Workload {
        compiled,
        lines,
        native,
        facts,
    }
});

fn native_eval(work: &Workload) -> usize {
    work.native
        .iter()
        .filter(|facts| native_luohu::score(black_box(facts)).total.is_some())
        .count()
}

fn jixiao_eval(work: &Workload) -> usize {
    let mut scores = Scores::default();
    work.facts
        .iter()
        .filter(|facts| {
            scores.score(&work.compiled, black_box(facts));
            scores.total.is_some()
        })
        .count()
}

/// The score card the command line prints from: names, paths and 完成值
/// shown for every row.
fn jixiao_card(work: &Workload) -> usize {
    work.facts
        .iter()
        .filter(|facts| {
            jixiao::eval::score(&work.compiled, black_box(facts))
                .total
                .is_some()
        })
        .count()
}

fn native_end_to_end(work: &Workload) -> usize {
    work.lines
        .iter()
        .filter(|line| {
            let facts: Facts = serde_json::from_str(black_box(line)).expect("a row");
            native_luohu::score(&facts).total.is_some()
        })
        .count()
}

fn jixiao_end_to_end(work: &Workload) -> usize {
    let mut scores = Scores::default();
    work.lines
        .iter()
        .filter(|line| {
            let facts =
                jixiao::facts::parse(black_box(line), Format::Json, &work.compiled).expect("a row");
            scores.score(&work.compiled, &facts);
            scores.total.is_some()
        })
        .count()
}

/// The loops, by name.
/// A loop over every project, giving how many have a total.
type Loop = fn(&Workload) -> usize;

const LOOPS: [(&str, Loop); 5] = [
    ("native eval", native_eval),
    ("jixiao eval", jixiao_eval),
    ("native read+score", native_end_to_end),
    ("jixiao read+score", jixiao_end_to_end),
    ("jixiao score card", jixiao_card),
];

fn timed(bencher: Bencher, run: Loop) {
    let work = &*WORKLOAD;
    bencher
        .counter(ItemsCount::new(ROWS))
        .bench(|| run(black_box(work)));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn eval_native(bencher: Bencher) {
    timed(bencher, native_eval);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn eval_jixiao(bencher: Bencher) {
    timed(bencher, jixiao_eval);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn eval_jixiao_score_card(bencher: Bencher) {
    timed(bencher, jixiao_card);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn read_and_score_native(bencher: Bencher) {
    timed(bencher, native_end_to_end);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn read_and_score_jixiao(bencher: Bencher) {
    timed(bencher, jixiao_end_to_end);
}

fn main() {
    divan::main();
    let work = &*WORKLOAD;
    // Both scorers agree on which projects have a total before being timed.
    let totals: Vec<usize> = LOOPS.iter().map(|(_, run)| run(work)).collect();
    assert!(totals.iter().all(|count| *count == totals[0]), "{totals:?}");
    let mut seconds: Vec<Vec<f64>> = vec![Vec::new(); LOOPS.len()];
    for _round in 0..7 {
        for (index, (_, run)) in LOOPS.iter().enumerate() {
            let start = Instant::now();
            black_box(run(work));
            seconds[index].push(start.elapsed().as_secs_f64());
        }
    }
    let rate: Vec<f64> = seconds
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            ROWS as f64 / times[times.len() / 2]
        })
        .collect();
    println!("\n罗湖 card, {ROWS} projects, median of 7 interleaved rounds:");
    for ((name, _), rate) in LOOPS.iter().zip(&rate) {
        println!("  {name:<18} {:>12.0} rows/s", rate);
    }
    println!("  jixiao ÷ native, eval only:    {:.2}×", rate[1] / rate[0]);
    println!("  jixiao ÷ native, read+score:   {:.2}×", rate[3] / rate[2]);
    println!(
        "  jixiao score card ÷ native eval: {:.2}×",
        rate[4] / rate[0]
    );
}
