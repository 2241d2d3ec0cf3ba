//! The spreadsheet and document commands: `jixiao template`, `jixiao batch`
//! and `jixiao score --format xlsx|docx`, over `jixiao::batch`.

use super::{
    build, build_and_load, output_failed, report_faults, OutputFormat, EXIT_INCOMPLETE,
    EXIT_INVALID,
};
use miette::Report;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn template(ruleset: &Path, output: &Path, force: bool) -> ExitCode {
    let compiled = match build(ruleset) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    match jixiao::batch::template::write(&compiled, output, force) {
        Ok(()) => {
            say!("已生成：{}", output.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            tell!("{:?}", Report::new(error));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

pub(super) fn batch(
    ruleset: &Path,
    input: &Path,
    output: Option<&Path>,
    options: &jixiao::batch::BatchOptions,
) -> ExitCode {
    use jixiao::batch::OutputFormat as Batch;
    let format = match output.map(Batch::of_path) {
        None => Batch::JsonLines,
        Some(Some(format)) => format,
        Some(None) => {
            tell!("输出文件须以 .xlsx、.csv 或 .jsonl 结尾");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let compiled = match build(ruleset) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    let summary = match jixiao::batch::run(&compiled, input, output, format, options) {
        Ok(summary) => summary,
        Err(error) => {
            tell!("{:?}", Report::new(error));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    for problem in summary.notes.iter().chain(&summary.first_problems) {
        tell!("{}", problem.line());
    }
    if summary.row_problems > summary.first_problems.len() {
        tell!("……共 {} 处问题，详见输出", summary.row_problems);
    }
    tell!(
        "读取{}：{} 个项目，{} 个完整计分，{} 个有误未计分{}",
        summary.kind,
        summary.projects,
        summary.complete,
        summary.rejected,
        output.map_or_else(String::new, |path| format!(
            "；结果已写入 {}",
            path.display()
        ))
    );
    if summary.complete == summary.projects {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INCOMPLETE)
    }
}

/// `score --format xlsx|docx -o FILE`: the annex table as a document.
pub(super) fn score_document(
    ruleset: &Path,
    facts_path: &Path,
    format: OutputFormat,
    output: Option<&Path>,
    force: bool,
) -> ExitCode {
    let Some(output) = output else {
        tell!("--format xlsx 与 docx 须用 -o 指定输出文件");
        return ExitCode::from(EXIT_INVALID);
    };
    let (compiled, facts) = match build_and_load(ruleset, facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let explanation = jixiao::explain::explain(&compiled, &facts);
    let kind = match format {
        OutputFormat::Docx => jixiao::batch::document::Document::Docx,
        _ => jixiao::batch::document::Document::Xlsx,
    };
    match jixiao::batch::document::write(&explanation, kind, output, force) {
        Ok(()) => say!("已生成：{}", output.display()),
        Err(error) => {
            tell!("{:?}", Report::new(error));
            return ExitCode::from(EXIT_INVALID);
        }
    }
    report_faults(&explanation.card.faults, &compiled)
}
