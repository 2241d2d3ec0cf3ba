//! `jixiao import`: a 指标体系 table to a ruleset draft, over `jixiao::import`.

use super::{output_failed, EXIT_INVALID};
use miette::Report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(super) fn import(
    table: &Path,
    output: Option<&Path>,
    sheet: Option<&str>,
    force: bool,
) -> ExitCode {
    let ruleset = output.map_or_else(|| default_output(table), Path::to_path_buf);
    let draft = match jixiao::import::draft(table, sheet) {
        Ok(draft) => draft,
        Err(error) => {
            tell!("{:?}", Report::new(error));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let outputs = jixiao::import::Outputs::beside(&ruleset);
    let shortfall = match jixiao::import::write(&draft, &outputs, force) {
        Ok(shortfall) => shortfall,
        Err(error) => {
            tell!("{:?}", Report::new(error));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    for finding in draft.findings.iter().chain(&shortfall) {
        tell!("{finding}");
    }
    let [parsed, caught, fallen] = draft.counts();
    say!(
        "已生成：{}（{} 个指标：{parsed} 个照录解析，{caught} 个照录并加酌情兜底，{fallen} 个退为酌情）",
        outputs.ruleset.display(),
        parsed + caught + fallen
    );
    say!("填报表：{}", outputs.template.display());
    say!("满分案例：{}", outputs.cases.display());
    ExitCode::SUCCESS
}

/// `表.xlsx` → `表.jx` beside it.
fn default_output(table: &Path) -> PathBuf {
    table.with_extension("jx")
}
