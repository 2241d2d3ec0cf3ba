//! Batch scoring speed and memory, printed (a benchmark, not a timed test):
//! rows per second end to end (read, parse, score, write) on the 罗湖 ruleset
//! from CSV and JSON Lines with one and two threads, the peak resident memory
//! of 100k- and 1M-row CSV runs (each in its own process, so that one run's
//! peak does not hide another's), and a 10k-row xlsx run.
//!
//! ```sh
//! cargo run --release --example batch_bench            # all figures
//! cargo run --release --example batch_bench -- quick   # 100k rows only
//! ```
//!
//! The inputs repeat the shipped example projects (examples/batch-luohu-2024.csv)
//! under new names; they are written to a temporary folder and removed.

use jixiao::batch::{BatchOptions, OutputFormat};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const RULESET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rulesets/luohu-2024.jx");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/batch-luohu-2024.csv");

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, input, output, jobs] = &arguments[..] {
        if mode == "child" {
            child(
                Path::new(input),
                Path::new(output),
                jobs.parse().unwrap_or(1),
            );
            return;
        }
    }
    let quick = arguments
        .first()
        .is_some_and(|argument| argument == "quick");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv_100k = write_csv(dir.path(), 100_000);
    let jsonl_100k = write_jsonl(dir.path(), &csv_100k);
    println!("input            rows       jobs  seconds   rows/s   peak RSS");
    for (input, rows) in [(&csv_100k, 100_000), (&jsonl_100k, 100_000)] {
        for jobs in [1, 2] {
            measure(input, &dir.path().join("out.csv"), rows, jobs);
        }
    }
    if quick {
        return;
    }
    let csv_1m = write_csv(dir.path(), 1_000_000);
    for jobs in [1, 2] {
        measure(&csv_1m, &dir.path().join("out.csv"), 1_000_000, jobs);
    }
    std::fs::remove_file(&csv_1m).ok();
    let xlsx_10k = write_xlsx(dir.path(), &csv_100k, 10_000);
    measure(&xlsx_10k, &dir.path().join("out.csv"), 10_000, 2);
    measure(&xlsx_10k, &dir.path().join("out.xlsx"), 10_000, 2);
}

/// Runs one configuration in a child process and prints its line.
fn measure(input: &Path, output: &Path, rows: usize, jobs: usize) {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let result = std::process::Command::new(exe)
        .args([
            "child",
            &input.display().to_string(),
            &output.display().to_string(),
            &jobs.to_string(),
        ])
        .output()
        .expect("the child runs");
    let report = String::from_utf8_lossy(&result.stdout);
    let mut fields = report.split_whitespace();
    let (Some(seconds), Some(peak)) = (fields.next(), fields.next()) else {
        eprintln!("child failed: {}", String::from_utf8_lossy(&result.stderr));
        return;
    };
    let seconds: f64 = seconds.parse().unwrap_or(f64::NAN);
    let name = format!(
        "{} → {}",
        input.extension().unwrap_or_default().to_string_lossy(),
        output.extension().unwrap_or_default().to_string_lossy()
    );
    println!(
        "{name:<16} {rows:<10} {jobs:<5} {seconds:<9.2} {:<8.0} {peak} MiB",
        rows as f64 / seconds
    );
}

/// In the child: one batch run, then its time and peak RSS on stdout.
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
    assert_eq!(
        summary.complete, summary.projects,
        "every benchmark row scores"
    );
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

/// The shipped example's header and rows.
fn example() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(EXAMPLE).expect("the example is shipped");
    let mut lines = text.lines().map(String::from);
    let header = lines.next().expect("a header");
    (header, lines.collect())
}

/// A CSV of `rows` projects cycling through the example's.
fn write_csv(dir: &Path, rows: usize) -> PathBuf {
    let (header, examples) = example();
    let path = dir.join(format!("{rows}.csv"));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "{header}").unwrap();
    for row in 0..rows {
        let (_, rest) = examples[row % examples.len()].split_once(',').unwrap();
        writeln!(file, "项目{row:07},{rest}").unwrap();
    }
    file.flush().unwrap();
    path
}

/// The same projects as JSON Lines, keyed by fact name (values keep their
/// units, as a facts file writes them).
fn write_jsonl(dir: &Path, csv_path: &Path) -> PathBuf {
    let path = dir.join("100000.jsonl");
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|heading| jixiao::score::cells::split_heading(heading).0.to_string())
        .collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for record in reader.records() {
        let record = record.unwrap();
        let object: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(heading, value)| (heading.clone(), value.into()))
            .collect();
        writeln!(file, "{}", serde_json::Value::Object(object)).unwrap();
    }
    file.flush().unwrap();
    path
}

/// An xlsx of `rows` projects, typed as an officer types them.
fn write_xlsx(dir: &Path, csv_path: &Path, rows: usize) -> PathBuf {
    let path = dir.join(format!("{rows}.xlsx"));
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("填报").unwrap();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (column, heading) in (0u16..).zip(&headers) {
        sheet.write_string(0, column, heading).unwrap();
    }
    for (row, record) in (1u32..).zip(reader.records().take(rows)) {
        let record = record.unwrap();
        for (column, (heading, value)) in (0u16..).zip(headers.iter().zip(record.iter())) {
            let unit = jixiao::score::cells::split_heading(heading).1;
            let number = unit.and_then(|unit| value.strip_suffix(unit)?.parse::<f64>().ok());
            match (unit, number) {
                (Some("%"), Some(number)) => {
                    sheet
                        .write_number_with_format(row, column, number / 100.0, &percent)
                        .unwrap();
                }
                (_, Some(number)) => {
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
