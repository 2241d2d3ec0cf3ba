//! jixiao: a rule language for Chinese budget performance evaluation (预算绩效评价).
//!
//! A ruleset (指标体系) written in the jixiao language goes through one module per
//! stage: [`syntax`] parses it, [`check`] resolves names and units, [`compile`]
//! lowers it to an evaluator tree, [`eval`] scores a project's [`facts`], and
//! [`render`] prints the annex table.
//!
//! ```
//! let source = r#"
//! 体系 "示例" { 满分 4 }
//! 事实 { 实际到位资金: 万元  实际支出资金: 万元 }
//! 一级 项目管理（4分）{ 二级 资金管理（4分）{
//!     指标 预算执行率（4分）{
//!         完成值 = 实际支出资金 / 实际到位资金 × 100%
//!         标杆值 100%
//!         评分 { 完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 }
//!     }
//! } }
//! "#;
//! let build = jixiao::build("示例.jx", source);
//! let compiled = build.compiled.expect("the example ruleset is valid");
//! let facts = jixiao::facts::parse(
//!     "\"实际到位资金\" = 62.46\n\"实际支出资金\" = 61.5",
//!     jixiao::facts::Format::Toml,
//!     &compiled,
//! ).expect("the example facts are valid");
//! let card = jixiao::eval::score(&compiled, &facts);
//! // 61.5 / 62.46 = 98.46%: 1.54 points short, counted as 2; 4 − 0.2 = 3.80.
//! assert_eq!(card.total.map(|t| t.to_string()), Some("3.80".to_string()));
//! ```

pub mod ast;
pub mod audit;
pub mod cases;
pub mod check;
pub mod codes;
pub mod compile;
pub mod diagnostics;
pub mod eval;
pub mod explain;
pub mod facts;
pub mod fmt;
pub mod render;
pub mod span;
pub mod syntax;
pub mod units;

use miette::{NamedSource, Report};

/// The outcome of parsing, checking and compiling one ruleset.
#[derive(Debug)]
pub struct Build {
    /// The compiled ruleset, if there were no errors.
    pub compiled: Option<compile::Compiled>,
    /// Every error and warning, with the source attached for rendering.
    pub diagnostics: Vec<Report>,
}

/// Parses, checks and compiles a ruleset's source text. `name` is the file
/// name shown in diagnostics.
pub fn build(name: &str, text: &str) -> Build {
    let with_source = |report: Report| {
        report.with_source_code(NamedSource::new(name, text.to_string()).with_language("jixiao"))
    };
    let parsed = match syntax::parse(text) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return Build {
                compiled: None,
                diagnostics: errors
                    .into_vec()
                    .into_iter()
                    .map(|error| with_source(Report::new(error)))
                    .collect(),
            }
        }
    };
    let (program, findings) = check::check(parsed);
    Build {
        compiled: program.map(|program| compile::compile(program, text)),
        diagnostics: findings
            .into_iter()
            .map(|finding| with_source(Report::new(finding)))
            .collect(),
    }
}

/// Writes a file through a temporary file beside it and a rename, so that a
/// file is never left half-written (rulesets by `fmt`, snapshots by `test`).
pub fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}
