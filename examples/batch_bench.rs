//! Batch scoring speed and memory, printed (a benchmark, not a timed test).
//!
//! On the 罗湖 ruleset, over the same generated projects:
//! - rows per second end to end (read, parse, score, write the 汇总 CSV) from
//!   CSV and from JSON Lines, with one and two threads, beside the
//!   hand-written native scorer's read-and-score loop over the same JSON
//!   Lines rows (tests/common/native_luohu.rs, serde into a struct), and the
//!   ratio batch ÷ native; the median of three interleaved rounds;
//! - the peak resident memory of 100k- and 1M-row CSV runs;
//! - a 10k-row run from an xlsx workbook, to CSV and to a results workbook.
//!
//! Every run is a process of its own, so that one run's peak memory does
//! not hide another's.
//!
//! ```sh
//! cargo run --release --example batch_bench            # all figures
//! cargo run --release --example batch_bench -- quick   # 100k rows only
//! cargo run --release --example batch_bench -- inputs DIR   # keep the inputs, to profile
//! ```
//!
//! The inputs are written to a temporary folder and removed (but with `inputs`).

#[path = "../tests/common/native_luohu.rs"]
mod native_luohu;

use jixiao::batch::{BatchOptions, OutputFormat};
use std::io::{BufRead, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

const RULESET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rulesets/luohu-2024.jx");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/batch-luohu-2024.csv");

/// Rows of the throughput runs.
const ROWS: usize = 100_000;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match &arguments[..] {
        [mode, input, output, jobs] if mode == "child" => {
            return child(
                Path::new(input),
                Path::new(output),
                jobs.parse().unwrap_or(1),
            )
        }
        [mode, input] if mode == "native" => return native_child(Path::new(input)),
        [mode, dir] if mode == "inputs" => {
            // For profiling: the inputs kept in `dir`.
            let (csv, jsonl) = write_inputs(Path::new(dir), ROWS);
            write_xlsx(Path::new(dir), &csv, 10_000);
            return println!("{} {}", csv.display(), jsonl.display());
        }
        _ => {}
    }
    let quick = arguments
        .first()
        .is_some_and(|argument| argument == "quick");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (csv, jsonl) = write_inputs(dir.path(), ROWS);
    let out = dir.path().join("out.csv");
    throughput(&csv, &jsonl, &out);
    println!("\ninput            rows       jobs  seconds   rows/s     peak RSS");
    measure(&csv, &out, ROWS, 2).print(&csv, &out, ROWS, 2);
    if quick {
        return;
    }
    let (csv_1m, jsonl_1m) = write_inputs(dir.path(), 1_000_000);
    std::fs::remove_file(&jsonl_1m).ok();
    for jobs in [1, 2] {
        measure(&csv_1m, &out, 1_000_000, jobs).print(&csv_1m, &out, 1_000_000, jobs);
    }
    std::fs::remove_file(&csv_1m).ok();
    let xlsx_10k = write_xlsx(dir.path(), &csv, 10_000);
    let results = dir.path().join("out.xlsx");
    measure(&xlsx_10k, &out, 10_000, 2).print(&xlsx_10k, &out, 10_000, 2);
    measure(&xlsx_10k, &results, 10_000, 2).print(&xlsx_10k, &results, 10_000, 2);
}

/// What one child run reports.
struct Run {
    seconds: f64,
    peak_mib: u64,
}

impl Run {
    fn print(&self, input: &Path, output: &Path, rows: usize, jobs: usize) {
        let name = format!(
            "{} → {}",
            input.extension().unwrap_or_default().to_string_lossy(),
            output.extension().unwrap_or_default().to_string_lossy()
        );
        println!(
            "{name:<16} {rows:<10} {jobs:<5} {:<9.2} {:<10.0} {} MiB",
            self.seconds,
            rows as f64 / self.seconds,
            self.peak_mib
        );
    }
}

/// The throughput table: each configuration run three times, interleaved,
/// and its median rows/s set against the native loop's.
fn throughput(csv: &Path, jsonl: &Path, out: &Path) {
    let configurations: [(&str, Option<(&Path, usize)>); 5] = [
        ("native read+score (JSON Lines)", None),
        ("batch CSV → CSV, 1 job", Some((csv, 1))),
        ("batch CSV → CSV, 2 jobs", Some((csv, 2))),
        ("batch JSON Lines → CSV, 1 job", Some((jsonl, 1))),
        ("batch JSON Lines → CSV, 2 jobs", Some((jsonl, 2))),
    ];
    let mut seconds = vec![Vec::new(); configurations.len()];
    for _round in 0..3 {
        for (index, (_, configuration)) in configurations.iter().enumerate() {
            let run = match configuration {
                None => native(jsonl),
                Some((input, jobs)) => measure(input, out, ROWS, *jobs),
            };
            seconds[index].push(run.seconds);
        }
    }
    let rates: Vec<f64> = seconds
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            ROWS as f64 / times[times.len() / 2]
        })
        .collect();
    println!("罗湖 card, {ROWS} generated projects, median of 3 interleaved rounds:");
    for ((name, _), rate) in configurations.iter().zip(&rates) {
        println!(
            "  {name:<32} {rate:>9.0} rows/s  {:>5.2}× native",
            rate / rates[0]
        );
    }
}

/// Runs one batch configuration in a child process.
fn measure(input: &Path, output: &Path, rows: usize, jobs: usize) -> Run {
    let arguments = [
        "child".to_string(),
        input.display().to_string(),
        output.display().to_string(),
        jobs.to_string(),
    ];
    spawn(&arguments, rows)
}

/// Runs the native read-and-score loop in a child process.
fn native(jsonl: &Path) -> Run {
    spawn(&["native".to_string(), jsonl.display().to_string()], ROWS)
}

fn spawn(arguments: &[String], rows: usize) -> Run {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let result = std::process::Command::new(exe)
        .args(arguments)
        .output()
        .expect("the child runs");
    let report = String::from_utf8_lossy(&result.stdout);
    let mut fields = report.split_whitespace();
    let seconds = fields.next().and_then(|field| field.parse().ok());
    let peak_mib = fields.next().and_then(|field| field.parse().ok());
    let (Some(seconds), Some(peak_mib)) = (seconds, peak_mib) else {
        panic!(
            "the child run over {rows} rows failed: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    };
    Run { seconds, peak_mib }
}

/// In a child: one batch run, then its time and peak RSS on stdout.
fn child(input: &Path, output: &Path, jobs: usize) {
    let compiled = jixiao::build_file(Path::new(RULESET))
        .compiled
        .expect("the ruleset builds");
    let format = OutputFormat::of_path(output).expect("a known output");
    let options = BatchOptions {
        jobs,
        force: true,
        ..BatchOptions::default()
    };
    let started = Instant::now();
    let summary = jixiao::batch::run(&compiled, input, Some(output), format, &options)
        .expect("the run succeeds");
    let seconds = started.elapsed().as_secs_f64();
    // Some generated projects have no 安全隐患 (a 0 denominator): they are
    // scored without a total, but no row is refused.
    assert_eq!(summary.rejected, 0, "every benchmark row is read");
    println!("{seconds} {}", peak_rss_mib());
}

/// In a child: the native scorer reads each JSON line into its struct
/// (serde) and scores it, as benches/luohu.rs does, here from the file.
fn native_child(jsonl: &Path) {
    let started = Instant::now();
    let file = std::io::BufReader::new(std::fs::File::open(jsonl).expect("the rows"));
    let mut totals = 0;
    for line in file.lines() {
        let line = line.expect("a line");
        let facts: native_luohu::Facts = serde_json::from_str(&line).expect("a row");
        totals += usize::from(native_luohu::score(&facts).total.is_some());
    }
    let seconds = started.elapsed().as_secs_f64();
    assert!(totals > 0);
    println!("{seconds} {}", peak_rss_mib());
}

/// The process's peak resident set (VmHWM), in MiB.
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// `rows` random projects (as benches/luohu.rs generates them) written as
/// a CSV in the shipped example's columns (numbers plain, in the headings'
/// units, as a filled template saves them) and as JSON Lines.
fn write_inputs(dir: &Path, rows: usize) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(EXAMPLE).expect("the example is shipped");
    let header = text.lines().next().expect("a header");
    let names: Vec<&str> = header
        .split(',')
        .map(|heading| jixiao::score::cells::split_heading(heading).0)
        .collect();
    let csv_path = dir.join(format!("{rows}.csv"));
    let jsonl_path = dir.join(format!("{rows}.jsonl"));
    let mut csv = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
    let mut jsonl = std::io::BufWriter::new(std::fs::File::create(&jsonl_path).unwrap());
    writeln!(csv, "{header}").unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut random = move || {
        // xorshift64*: reproducible rows without a dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for row in 0..rows {
        let facts = native_luohu::Facts::sample(&mut random);
        let name = format!("项目{row:07}");
        let cells: Vec<String> = names.iter().map(|fact| cell(&facts, fact, &name)).collect();
        writeln!(csv, "{}", cells.join(",")).unwrap();
        let line = facts.to_json();
        writeln!(jsonl, "{{\"项目名称\":\"{name}\",{}", &line[1..]).unwrap();
    }
    csv.flush().unwrap();
    jsonl.flush().unwrap();
    (csv_path, jsonl_path)
}

/// One CSV cell of a generated project.
fn cell(facts: &native_luohu::Facts, fact: &str, name: &str) -> String {
    let yes_no = native_luohu::YES_NO.iter().position(|known| *known == fact);
    let number = native_luohu::NUMBERS
        .iter()
        .position(|known| *known == fact);
    match (fact, yes_no, number) {
        ("项目名称", ..) => name.to_string(),
        ("单位", ..) => "示例单位（虚构）".to_string(),
        ("项目编码", ..) => "BENCH".to_string(),
        ("综合治理效果", ..) => facts.effect.word().to_string(),
        (_, Some(at), _) => if facts.yes_no()[at] { "是" } else { "否" }.to_string(),
        (_, _, Some(at)) => facts.numbers()[at].to_string(),
        _ => panic!("the example's column {fact} is a fact of the card"),
    }
}

/// An xlsx of `rows` projects, typed as an officer types them: numbers as
/// numbers, percents as percent-formatted fractions.
fn write_xlsx(dir: &Path, csv_path: &Path, rows: usize) -> PathBuf {
    let path = dir.join(format!("{rows}.xlsx"));
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("填报").unwrap();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0.00%");
    for (column, heading) in (0u16..).zip(&headers) {
        sheet.write_string(0, column, heading).unwrap();
    }
    for (row, record) in (1u32..).zip(reader.records().take(rows)) {
        let record = record.unwrap();
        for (column, (heading, value)) in (0u16..).zip(headers.iter().zip(record.iter())) {
            let unit = jixiao::score::cells::split_heading(heading).1;
            match (unit, value.parse::<f64>()) {
                (Some("%"), Ok(number)) => {
                    sheet
                        .write_number_with_format(row, column, number / 100.0, &percent)
                        .unwrap();
                }
                (_, Ok(number)) => {
                    sheet.write_number(row, column, number).unwrap();
                }
                _ => {
                    sheet.write_string(row, column, value).unwrap();
                }
            };
        }
    }
    workbook.save(&path).unwrap();
    path
}
