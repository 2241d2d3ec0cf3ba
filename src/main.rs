//! The `jixiao` command: a thin layer over the library.

use clap::{Parser, Subcommand, ValueEnum};

#[path = "cli/usage.rs"]
mod usage;
use jixiao::facts::{self, FactValues, Format};
use jixiao::lang::source::SourceMap;
use miette::Report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints a line to stdout; a closed pipe (`jixiao … | head`) ends the
/// output quietly instead of panicking as `println!` would, and any other
/// failure (a full disk) is recorded by [`output_failed`].
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(error) = writeln!(std::io::stdout().lock(), $($arg)*) {
            output_failed(&error);
        }
    }};
}

/// Prints a line to stderr. A message that cannot be written (a full or
/// closed stderr) has nowhere else to go, so it is dropped; `eprintln!`
/// would panic instead, and the exit status still tells what happened.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

#[path = "cli/spreadsheets.rs"]
mod spreadsheets;

#[path = "cli/importing.rs"]
mod importing;

/// Set once the output could not be written (other than to a closed pipe).
static OUTPUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records a failed write to stdout, saying why on stderr the first time; a
/// closed pipe is the reader's choice, not a failure.
fn output_failed(error: &std::io::Error) {
    use std::sync::atomic::Ordering;
    if error.kind() != std::io::ErrorKind::BrokenPipe && !OUTPUT_FAILED.swap(true, Ordering::SeqCst)
    {
        let reason = jixiao::files::io_reason(error);
        tell!("无法写出结果（标准输出）：{reason}");
    }
}

/// jixiao：预算绩效评价规则语言
#[derive(Parser)]
#[command(name = "jixiao", version)]
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
        /// 诊断的输出格式（json 供编辑器等工具读取）
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
    },
    /// 详细说明一个诊断代码，附示例与改法，例如 jixiao explain-code check::unit_mismatch
    ExplainCode {
        /// 诊断代码；不写或写 list 时列出全部代码
        code: Option<String>,
    },
    /// 按规则为一个项目的事实打分，输出评分表
    Score {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 事实文件（.toml 或 .json）
        facts: PathBuf,
        /// 输出格式（xlsx 与 docx 须用 -o 指定文件）
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// 输出文件（--format xlsx 或 docx 时）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    // ── batch scoring (issue 12): template and batch ──
    /// 生成填报表：每个项目一行、每个事实一列的 Excel 工作簿（.csv 则只生成表头）
    Template {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 输出文件（.xlsx 或 .csv）
        #[arg(short, long, default_value = "填报表.xlsx")]
        output: PathBuf,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    /// 批量评分：读取 xlsx/xls/ods/csv/jsonl 中每行一个项目，输出结果工作簿、CSV 或 JSON Lines
    Batch {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 填报数据（.xlsx/.xls/.ods、.csv（UTF-8 或 GBK）、.jsonl）
        input: PathBuf,
        /// 输出文件（.xlsx、.csv 或 .jsonl）；省略时在标准输出写 JSON Lines
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 并行线程数（0 为每核一个）
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
        /// 结果工作簿中所有项目的评分表放在同一张「评分表」工作表里
        #[arg(long)]
        annex_block: bool,
    },
    // ── end batch scoring ──
    /// 说明每项得分的推导过程
    Explain {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 事实文件（.toml 或 .json）
        facts: PathBuf,
        /// 只说明这一项指标
        #[arg(long)]
        indicator: Option<String>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// 运行规则旁的案例文件（NAME.cases.toml），逐条报告通过与否
    Test {
        /// 规则文件、案例文件或目录（默认 rulesets）
        #[arg(default_value = "rulesets")]
        path: PathBuf,
        /// 重写案例的解释快照
        #[arg(long)]
        update: bool,
    },
    /// 按统一格式排版规则文件（保留全部注释）；--check 只检查不改写
    Fmt {
        /// 规则文件或目录
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 只检查：有文件需要重排时退出码为 1
        #[arg(long)]
        check: bool,
        /// 使用半角标点（默认全角）
        #[arg(long)]
        half_width: bool,
    },
    /// 新建项目：生成沿用共性框架的起步指标体系、事实文件与案例文件
    New {
        /// 规则文件路径，例如 rulesets/某项目-2025（自动加 .jx）
        path: PathBuf,
        /// 项目名称（默认取文件名）
        #[arg(long)]
        title: Option<String>,
    },
    /// 复核报告：按规则重算，与事实文件中「报告」所列数值比对（一致 0，有差异 1，出错 2）
    Audit {
        /// 规则文件（.jx）
        ruleset: PathBuf,
        /// 事实文件（.toml 或 .json），含「报告」表
        facts: PathBuf,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
        format: AuditFormat,
    },
    /// 从指标表生成规则草稿：读取 xlsx/xls/ods/csv/docx/Markdown 中的指标体系表，写出能通过检查的规则、填报表与满分案例
    Import {
        /// 指标表（.xlsx/.xls/.ods、.csv、.docx 或 Markdown .md）
        table: PathBuf,
        /// 规则草稿（.jx）；省略时取表的文件名；填报表与案例写在它旁边
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 工作簿中读取的工作表（默认第一张）
        #[arg(long)]
        sheet: Option<String>,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    // ── serve (issue 15): the workbench in the browser
    /// 在浏览器中使用：编写、检查、打分、说明与复核规则的工作台（默认只供本机访问）
    Serve {
        /// 监听地址（默认只接受本机连接）
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// 库目录：规则中的导入只从这里读取（不给时只能导入内置的共性框架）
        #[arg(long)]
        library: Option<PathBuf>,
        /// 启动后用默认浏览器打开
        #[arg(long)]
        open: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AuditFormat {
    /// 文字
    Text,
    /// JSON
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    /// 文字
    Text,
    /// JSON
    Json,
    /// Markdown 表格
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// 终端表格
    Table,
    /// JSON
    Json,
    /// Markdown 表格
    Markdown,
    /// Excel 工作簿（附件评分表，须 -o）
    Xlsx,
    /// Word 文档（附件评分表，须 -o）
    Docx,
}

/// Exit status when a ruleset or facts file has errors, or the output could
/// not be written.
const EXIT_INVALID: u8 = 2;
/// Exit status when scoring finished but some indicator faulted.
const EXIT_INCOMPLETE: u8 = 1;
/// Exit status when an audit finds discrepancies.
const EXIT_DISCREPANCIES: u8 = 1;

/// mimalloc rather than glibc's allocator: a batch builds each project's
/// explanation and annex on the scoring threads and frees them on the
/// writing thread, and glibc then locks the scoring threads' arenas for
/// every free (README «速度»).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match parse_arguments() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let code = run(cli.command);
    if let Err(error) = std::io::Write::flush(&mut std::io::stdout()) {
        output_failed(&error);
    }
    if OUTPUT_FAILED.load(std::sync::atomic::Ordering::SeqCst) {
        return ExitCode::from(EXIT_INVALID);
    }
    code
}

/// The command line, read with Chinese help pages; a usage error is said in
/// Chinese and ends the run with exit status 2.
fn parse_arguments() -> Result<Cli, ExitCode> {
    use clap::{CommandFactory, FromArgMatches};
    let matches = usage::localised(Cli::command()).try_get_matches();
    let error = match matches.and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    match error.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            say!(
                "{}",
                usage::in_chinese(error.render().to_string().trim_end())
            );
            Err(ExitCode::SUCCESS)
        }
        _ => {
            tell!("{}", usage::error_text(&error));
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// Runs one command; its exit status.
fn run(command: Command) -> ExitCode {
    match command {
        Command::Check { ruleset, format } => check(&ruleset, format),
        Command::ExplainCode { code } => explain_code(code.as_deref()),
        Command::Score {
            ruleset,
            facts,
            format: format @ (OutputFormat::Xlsx | OutputFormat::Docx),
            output,
            force,
        } => spreadsheets::score_document(&ruleset, &facts, format, output.as_deref(), force),
        Command::Score {
            ruleset,
            facts,
            format,
            ..
        } => score(&ruleset, &facts, format),
        Command::Template {
            ruleset,
            output,
            force,
        } => spreadsheets::template(&ruleset, &output, force),
        Command::Batch {
            ruleset,
            input,
            output,
            jobs,
            force,
            annex_block,
        } => {
            let options = jixiao::batch::BatchOptions {
                jobs,
                force,
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                annex_block,
            };
            spreadsheets::batch(&ruleset, &input, output.as_deref(), &options)
        }
        Command::Explain {
            ruleset,
            facts,
            indicator,
            format,
        } => explain(&ruleset, &facts, indicator.as_deref(), format),
        Command::Test { path, update } => test(&path, update),
        Command::New { path, title } => new_project(&path, title.as_deref()),
        Command::Fmt {
            paths,
            check,
            half_width,
        } => fmt(&paths, check, half_width),
        Command::Audit {
            ruleset,
            facts,
            format,
        } => audit(&ruleset, &facts, format),
        Command::Import {
            table,
            output,
            sheet,
            force,
        } => importing::import(&table, output.as_deref(), sheet.as_deref(), force),
        Command::Serve {
            addr,
            library,
            open,
        } => serve(addr, library, open),
    }
}

/// Serves the workbench until Ctrl-C.
fn serve(addr: std::net::SocketAddr, library: Option<PathBuf>, open: bool) -> ExitCode {
    let config = jixiao::serve::Config {
        library,
        ..Default::default()
    };
    let announce = |bound: std::net::SocketAddr| {
        let url = format!("http://{bound}/");
        tell!("工作台：{url}（按 Ctrl-C 停止）");
        if !bound.ip().is_loopback() {
            tell!("注意：监听的不是本机地址，同一网络中的其他电脑也能打开工作台");
        }
        if open {
            jixiao::serve::open_in_browser(&url);
        }
    };
    match jixiao::serve::serve_blocking(addr, config, announce) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tell!(
                "无法启动工作台（{addr}）：{}",
                jixiao::files::io_reason(&error)
            );
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn read(path: &Path) -> Result<String, ExitCode> {
    jixiao::files::read_text(path).map_err(|error| {
        tell!("无法读取 {}：{error}", path.display());
        ExitCode::from(EXIT_INVALID)
    })
}

/// Builds a ruleset file with its imports and prints its diagnostics to stderr.
fn build(path: &Path) -> Result<jixiao::lang::compile::Compiled, ExitCode> {
    let build = jixiao::build_file(path);
    for diagnostic in jixiao::lang::diagnostics::for_people(build.diagnostics) {
        tell!("{diagnostic:?}");
    }
    build.compiled.ok_or(ExitCode::from(EXIT_INVALID))
}

fn check(path: &Path, format: AuditFormat) -> ExitCode {
    if let AuditFormat::Text = format {
        return match build(path) {
            Ok(_) => {
                tell!("{}：未发现错误", path.display());
                ExitCode::SUCCESS
            }
            Err(code) => code,
        };
    }
    let build = jixiao::build_file(path);
    let data: Vec<jixiao::lang::diagnostics::DiagnosticData> = build
        .diagnostics
        .iter()
        .flat_map(|report| jixiao::lang::diagnostics::all(report, &build.sources))
        .collect();
    say!(
        "{}",
        serde_json::to_string_pretty(&data).unwrap_or_default()
    );
    if build.compiled.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

fn explain_code(code: Option<&str>) -> ExitCode {
    let Some(code) = code.filter(|code| code.trim() != "list") else {
        for line in jixiao::lang::codes::summaries() {
            say!("{line}");
        }
        return ExitCode::SUCCESS;
    };
    if let Some(text) = jixiao::lang::codes::explanation(code) {
        say!("{text}");
        return ExitCode::SUCCESS;
    }
    let names = jixiao::lang::codes::all();
    match jixiao::lang::check::closest(code, names) {
        Some(close) => tell!("没有诊断代码「{code}」。是否想查「{close}」？"),
        None => tell!(
            "没有诊断代码「{code}」。全部代码：\n{}",
            jixiao::lang::codes::all().collect::<Vec<_>>().join("\n")
        ),
    }
    ExitCode::from(EXIT_INVALID)
}

fn load_facts(
    path: &Path,
    compiled: &jixiao::lang::compile::Compiled,
) -> Result<FactValues, ExitCode> {
    let text = read(path)?;
    let with_source = |error: facts::FactError| {
        Report::new(error).with_source_code(SourceMap::single(&path.display().to_string(), &text))
    };
    match facts::parse(&text, Format::of_path(path), compiled) {
        Ok(mut values) => {
            for warning in std::mem::take(&mut values.warnings) {
                tell!("{:?}", with_source(warning));
            }
            Ok(values)
        }
        Err(errors) => {
            for error in errors {
                tell!("{:?}", with_source(error));
            }
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// A ruleset and a project's facts for it, with their diagnostics printed.
fn build_and_load(
    ruleset: &Path,
    facts_path: &Path,
) -> Result<(jixiao::lang::compile::Compiled, FactValues), ExitCode> {
    let compiled = build(ruleset)?;
    let facts = load_facts(facts_path, &compiled)?;
    Ok((compiled, facts))
}

fn score(ruleset: &Path, facts_path: &Path, format: OutputFormat) -> ExitCode {
    let (compiled, facts) = match build_and_load(ruleset, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let card = match format {
        OutputFormat::Markdown => {
            let explanation = jixiao::explain::explain(&compiled, &facts);
            say!("{}", jixiao::explain::markdown(&explanation));
            explanation.card
        }
        OutputFormat::Table | OutputFormat::Json | OutputFormat::Xlsx | OutputFormat::Docx => {
            let card = jixiao::eval::score(&compiled, &facts);
            match format {
                OutputFormat::Json => say!("{}", jixiao::render::json(&card)),
                _ => say!("{}", jixiao::render::table(&card)),
            }
            card
        }
    };
    report_faults(&card.faults, &compiled)
}

/// Prints each fault against the ruleset's sources; the exit status says
/// whether scoring was complete.
fn report_faults(
    faults: &[jixiao::eval::Fault],
    compiled: &jixiao::lang::compile::Compiled,
) -> ExitCode {
    for fault in faults {
        let report = Report::new(fault.clone()).with_source_code(compiled.sources.clone());
        tell!("{report:?}");
    }
    if faults.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INCOMPLETE)
    }
}

fn explain(
    ruleset: &Path,
    facts_path: &Path,
    indicator: Option<&str>,
    format: ExplainFormat,
) -> ExitCode {
    let (compiled, facts) = match build_and_load(ruleset, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut explanation = jixiao::explain::explain(&compiled, &facts);
    if let Some(name) = indicator {
        explanation
            .indicators
            .retain(|explained| explained.name == name);
        explanation.totals.clear();
        if explanation.indicators.is_empty() {
            tell!("没有名为「{name}」的指标");
            return ExitCode::from(EXIT_INVALID);
        }
    }
    let output = match format {
        ExplainFormat::Text => jixiao::explain::text(&explanation),
        ExplainFormat::Json => jixiao::explain::json(&explanation),
        ExplainFormat::Markdown => jixiao::explain::markdown(&explanation),
    };
    say!("{output}");
    report_faults(&explanation.card.faults, &compiled)
}

fn audit(ruleset: &Path, facts_path: &Path, format: AuditFormat) -> ExitCode {
    let (compiled, facts) = match build_and_load(ruleset, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let audit = jixiao::audit::audit(&compiled, &facts);
    let output = match format {
        AuditFormat::Text => jixiao::audit::text(&audit),
        AuditFormat::Json => jixiao::audit::json(&audit),
    };
    say!("{output}");
    let faults = &audit.explanation.card.faults;
    if !faults.is_empty() {
        report_faults(faults, &compiled);
        return ExitCode::from(EXIT_INVALID);
    }
    if !audit.unknown.is_empty() {
        for line in &audit.unknown {
            tell!("{line}");
        }
        return ExitCode::from(EXIT_INVALID);
    }
    if audit.compared == 0 {
        tell!(
            "无可复核：{} 中没有「报告」表，或其中没有可与重算结果比对的数值",
            facts_path.display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    if audit.agrees() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DISCREPANCIES)
    }
}

fn test(path: &Path, update: bool) -> ExitCode {
    let files = jixiao::cases::discover(path);
    if files.is_empty() {
        tell!("{} 下没有案例文件（*.cases.toml）", path.display());
        return ExitCode::from(EXIT_INVALID);
    }
    let (mut passed, mut failed) = (0, 0);
    for file in files {
        let result = jixiao::cases::run_file(&file, update);
        say!("{}", result.path.display());
        if let Some(error) = &result.error {
            say!("  ✗ {error}");
            failed += 1;
        }
        for case in &result.cases {
            print_case(case);
            if case.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    say!(
        "共 {} 个案例：通过 {passed}，失败 {failed}",
        passed + failed
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DISCREPANCIES)
    }
}

fn print_case(case: &jixiao::cases::CaseResult) {
    let mark = if case.passed() { "✓" } else { "✗" };
    let written = if case.snapshot_written {
        "（已更新快照）"
    } else {
        ""
    };
    say!("  {mark} {}{written}", case.name);
    for failure in &case.failures {
        say!("      {failure}");
    }
    if let Some(diff) = &case.snapshot_diff {
        say!("      解释快照有变化（确认无误后运行 jixiao test --update）：");
        for line in diff.lines() {
            say!("        {line}");
        }
    }
}

fn fmt(paths: &[PathBuf], check: bool, half_width: bool) -> ExitCode {
    let options = jixiao::fmt::FmtOptions {
        punctuation: if half_width {
            jixiao::fmt::Punctuation::HalfWidth
        } else {
            jixiao::fmt::Punctuation::FullWidth
        },
        ..Default::default()
    };
    let (mut unformatted, mut invalid) = (0, 0);
    for path in paths {
        if let Err(error) = std::fs::metadata(path) {
            tell!(
                "无法读取 {}：{}",
                path.display(),
                jixiao::files::io_reason(&error)
            );
            invalid += 1;
        }
    }
    let files = jixiao::files::files_ending(paths, ".jx");
    if files.is_empty() && invalid == 0 {
        tell!("没有找到规则文件（*.jx），未检查任何文件");
        invalid += 1;
    }
    for file in files {
        let Ok(text) = read(&file) else {
            invalid += 1;
            continue;
        };
        match jixiao::fmt::format(&text, &options) {
            Ok(formatted) if formatted == text => {}
            Ok(_) if check => {
                say!("需要重排：{}", file.display());
                unformatted += 1;
            }
            Ok(formatted) => match jixiao::files::write_atomically(&file, &formatted) {
                Ok(()) => say!("已重排：{}", file.display()),
                Err(error) => {
                    tell!("无法写入 {}：{error}", file.display());
                    invalid += 1;
                }
            },
            Err(error) => {
                let source = SourceMap::single(&file.display().to_string(), &text);
                tell!("{:?}", Report::new(error).with_source_code(source));
                invalid += 1;
            }
        }
    }
    if invalid > 0 {
        ExitCode::from(EXIT_INVALID)
    } else if unformatted > 0 {
        ExitCode::from(EXIT_DISCREPANCIES)
    } else {
        ExitCode::SUCCESS
    }
}

fn new_project(path: &Path, title: Option<&str>) -> ExitCode {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_string())
        .unwrap_or_default();
    if stem.is_empty() {
        tell!("请给出规则文件路径，例如 rulesets/某项目-2025");
        return ExitCode::from(EXIT_INVALID);
    }
    let title = title.unwrap_or(&stem);
    if [title, stem.as_str()]
        .iter()
        .any(|text| text.contains(['"', '“', '”', '\n', '\r']))
    {
        tell!("项目名称和文件名不能含引号或换行");
        return ExitCode::from(EXIT_INVALID);
    }
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let starter = jixiao::author::starter::starter(title, &stem);
    let files = [
        (folder.join(format!("{stem}.jx")), starter.ruleset),
        (folder.join(format!("{stem}.facts.toml")), starter.facts),
        (folder.join(format!("{stem}.cases.toml")), starter.cases),
    ];
    if let Some((existing, _)) = files.iter().find(|(file, _)| file.exists()) {
        tell!("{} 已存在，未写入任何文件", existing.display());
        return ExitCode::from(EXIT_INVALID);
    }
    let framework = folder.join(jixiao::author::starter::FRAMEWORK_PATH);
    let mut writes: Vec<(PathBuf, String)> = files.into_iter().collect();
    if !framework.exists() {
        writes.push((framework, jixiao::author::starter::FRAMEWORK.to_string()));
    }
    for (file, text) in writes {
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(jixiao::files::FileError::from)
            .and_then(|()| jixiao::files::write_atomically(&file, &text));
        match written {
            Ok(()) => say!("已生成：{}", file.display()),
            Err(error) => {
                tell!("无法写入 {}：{error}", file.display());
                return ExitCode::from(EXIT_INVALID);
            }
        }
    }
    say!(
        "下一步：jixiao test {}",
        folder.join(format!("{stem}.jx")).display()
    );
    ExitCode::SUCCESS
}
