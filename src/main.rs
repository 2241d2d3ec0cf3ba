//! The `jixiao` command: a thin layer over the library.

use clap::{Parser, Subcommand, ValueEnum};
use jixiao::facts::{self, FactValues, Format};
use miette::{NamedSource, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// jixiao：预算绩效评价规则语言
#[derive(Parser)]
#[command(name = "jixiao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查规则文件，列出错误与警告（无错误时退出码为 0）
    Check {
        /// 规则文件（.jx）
        ruleset: PathBuf,
    },
    /// 按规则为一个项目的事实打分，输出评分表
    Score {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 事实文件（.toml 或 .json）
        facts: PathBuf,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// 终端表格
    Table,
    /// JSON
    Json,
    /// Markdown 表格
    Markdown,
}

/// Exit status when a ruleset or facts file has errors.
const EXIT_INVALID: u8 = 2;
/// Exit status when scoring finished but some indicator faulted.
const EXIT_INCOMPLETE: u8 = 1;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { ruleset } => check(&ruleset),
        Command::Score {
            ruleset,
            facts,
            format,
        } => score(&ruleset, &facts, format),
    }
}

fn read(path: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|error| {
        eprintln!("无法读取 {}：{error}", path.display());
        ExitCode::from(EXIT_INVALID)
    })
}

/// Builds a ruleset and prints its diagnostics to stderr.
fn build(path: &Path) -> Result<(jixiao::compile::Compiled, String), ExitCode> {
    let text = read(path)?;
    let build = jixiao::build(&path.display().to_string(), &text);
    for diagnostic in &build.diagnostics {
        eprintln!("{diagnostic:?}");
    }
    build
        .compiled
        .map(|compiled| (compiled, text))
        .ok_or(ExitCode::from(EXIT_INVALID))
}

fn check(path: &Path) -> ExitCode {
    match build(path) {
        Ok(_) => {
            eprintln!("{}：未发现错误", path.display());
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn load_facts(path: &Path, compiled: &jixiao::compile::Compiled) -> Result<FactValues, ExitCode> {
    let text = read(path)?;
    facts::parse(&text, Format::of_path(path), compiled).map_err(|errors| {
        for error in errors {
            eprintln!("{:?}", Report::new(error));
        }
        ExitCode::from(EXIT_INVALID)
    })
}

fn score(ruleset: &Path, facts_path: &Path, format: OutputFormat) -> ExitCode {
    let (compiled, source) = match build(ruleset) {
        Ok(built) => built,
        Err(code) => return code,
    };
    let facts = match load_facts(facts_path, &compiled) {
        Ok(facts) => facts,
        Err(code) => return code,
    };
    let card = jixiao::eval::score(&compiled, &facts);
    let output = match format {
        OutputFormat::Table => jixiao::render::table(&card),
        OutputFormat::Json => jixiao::render::json(&card),
        OutputFormat::Markdown => jixiao::render::markdown(&card),
    };
    println!("{output}");
    for fault in &card.faults {
        let named = NamedSource::new(ruleset.display().to_string(), source.clone());
        eprintln!("{:?}", Report::new(fault.clone()).with_source_code(named));
    }
    if card.faults.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INCOMPLETE)
    }
}
