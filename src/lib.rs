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
pub mod link;
pub mod render;
pub mod source;
pub mod span;
pub mod starter;
pub mod syntax;
pub mod units;

use miette::{Diagnostic, NamedSource, Report};
use source::SourceMap;
use std::path::{Path, PathBuf};

/// The outcome of parsing, checking and compiling one ruleset.
#[derive(Debug)]
pub struct Build {
    /// The compiled ruleset, if there were no errors.
    pub compiled: Option<compile::Compiled>,
    /// Every error and warning, with the source attached for rendering.
    pub diagnostics: Vec<Report>,
    /// The ruleset's text and its imports', by file.
    pub sources: SourceMap,
}

/// Where the files a ruleset imports (`导入 "…"`) come from.
pub trait Loader {
    /// The imported file's name (for diagnostics) and text, or why it cannot be read.
    fn load(&self, path: &str) -> Result<(String, String), String>;
}

/// A loader for source texts that must not import (`build`).
struct NoImports;

impl Loader for NoImports {
    fn load(&self, _: &str) -> Result<(String, String), String> {
        Err("从文本构建时不能导入文件；请用 build_file 从文件构建".into())
    }
}

/// Loads imports from files, relative to the importing ruleset's folder.
pub struct FileLoader {
    /// The importing ruleset's folder.
    pub folder: PathBuf,
}

impl Loader for FileLoader {
    fn load(&self, path: &str) -> Result<(String, String), String> {
        let full = self.folder.join(path);
        std::fs::read_to_string(&full)
            .map(|text| (full.display().to_string(), text))
            .map_err(|error| format!("{}（{}）", io_reason(&error), full.display()))
    }
}

/// Parses, checks and compiles a ruleset's source text that imports nothing.
/// `name` is the file name shown in diagnostics.
pub fn build(name: &str, text: &str) -> Build {
    build_with(name, text, &NoImports)
}

/// Builds the ruleset (or library) in a file, with its imports.
pub fn build_file(path: &Path) -> Build {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            let failure = link::LinkError::Unreadable {
                path: name.clone(),
                reason: io_reason(&error),
            };
            return Build {
                compiled: None,
                diagnostics: vec![Report::new(failure)],
                sources: SourceMap::default(),
            };
        }
    };
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    build_with(&name, &text, &FileLoader { folder })
}

/// Parses, checks and compiles a ruleset's source text, loading its imports
/// with `loader`. Imported libraries are parsed after the ruleset as one
/// text, so that every span is an offset in it; diagnostics show each span
/// in its own file.
pub fn build_with(name: &str, text: &str, loader: &dyn Loader) -> Build {
    let mut sources = SourceMap::single(name, text);
    let mut diagnostics = Vec::new();
    let parsed = match syntax::parse(text) {
        Ok(parsed) => parsed,
        Err(errors) => return failed(errors.into_vec(), &sources),
    };
    let parsed = if parsed.imports.is_empty() {
        parsed
    } else {
        for import in &parsed.imports {
            match load_library(import, loader) {
                Ok((library_name, library_text)) => {
                    sources.push(&library_name, "\n");
                    sources.push(&library_name, &library_text);
                }
                Err(reports) => diagnostics.extend(reports),
            }
        }
        if !diagnostics.is_empty() {
            return Build {
                compiled: None,
                diagnostics: attach(diagnostics, &sources),
                sources,
            };
        }
        match syntax::parse(&sources.combined()) {
            Ok(parsed) => parsed,
            Err(errors) => return failed(errors.into_vec(), &sources),
        }
    };
    let (ruleset, link_errors) = link::link(parsed);
    let Some(ruleset) = ruleset else {
        return failed(link_errors, &sources);
    };
    let (program, findings) = check::check(ruleset);
    let combined = sources.combined();
    Build {
        compiled: program.map(|program| compile::compile(program, &combined, sources.clone())),
        diagnostics: attach(findings.into_iter().map(Report::new).collect(), &sources),
        sources,
    }
}

/// Reads and parses one imported library; its own parse errors point into it.
fn load_library(
    import: &ast::Import,
    loader: &dyn Loader,
) -> Result<(String, String), Vec<Report>> {
    let import_error = |reason: String| {
        vec![Report::new(link::LinkError::Import {
            path: import.path.clone(),
            reason,
            span: import.span.into(),
        })]
    };
    let (name, text) = loader.load(&import.path).map_err(import_error)?;
    match syntax::parse(&text) {
        Ok(file) if file.ruleset.is_none() => Ok((name, text)),
        Ok(_) => Err(vec![Report::new(link::LinkError::NotLibrary {
            path: import.path.clone(),
            span: import.span.into(),
        })]),
        Err(errors) => Err(errors
            .into_vec()
            .into_iter()
            .map(|error| Report::new(error).with_source_code(NamedSource::new(&name, text.clone())))
            .collect()),
    }
}

fn failed<E: Diagnostic + Send + Sync + 'static>(errors: Vec<E>, sources: &SourceMap) -> Build {
    Build {
        compiled: None,
        diagnostics: attach(errors.into_iter().map(Report::new).collect(), sources),
        sources: sources.clone(),
    }
}

/// Attaches the source map to reports that have no source yet.
fn attach(reports: Vec<Report>, sources: &SourceMap) -> Vec<Report> {
    reports
        .into_iter()
        .map(|report| {
            if report.source_code().is_some() {
                report
            } else {
                report.with_source_code(sources.clone())
            }
        })
        .collect()
}

/// Every file under `roots` (folders searched recursively, a file taken as
/// is) whose name ends with `suffix`, sorted. Symbolic links to folders are
/// not followed, so a link back to a parent cannot repeat files forever.
pub fn files_ending(roots: &[PathBuf], suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        let is_link = path.symlink_metadata().is_ok_and(|meta| meta.is_symlink());
        let followed = !is_link || roots.contains(&path);
        if followed && path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|entry| entry.path()));
            }
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// A file error in the officer's words.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "找不到文件".to_string(),
        ErrorKind::PermissionDenied => "没有权限".to_string(),
        ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
        ErrorKind::InvalidData => "文件不是 UTF-8 编码的文本".to_string(),
        ErrorKind::AlreadyExists => "文件已存在".to_string(),
        _ => format!("读写失败（{error}）"),
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
