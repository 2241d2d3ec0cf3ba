//! The pipeline from source text to a compiled ruleset: parse, link the
//! imports, check, compile.

use super::source::SourceMap;
use super::{ast, check, compile, link, parse};
use miette::{Diagnostic, NamedSource, Report};
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
            .map_err(|error| format!("{}（{}）", crate::files::io_reason(&error), full.display()))
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
                reason: crate::files::io_reason(&error),
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
    let parsed = match parse::parse(text) {
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
        match parse::parse(&sources.combined()) {
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
    match parse::parse(&text) {
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
