//! The pipeline from source text to a compiled ruleset: parse, link the
//! imports, check, compile.

use super::source::SourceMap;
use super::{ast, check, compile, link, parse};
use miette::{Diagnostic, Report};
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
        crate::files::read_text(&full)
            .map(|text| (full.display().to_string(), text))
            .map_err(|error| format!("{error}（{}）", full.display()))
    }
}

/// Loads imports from texts held in memory, by the name the `导入` line
/// writes: for a program that keeps its libraries in a database or a form.
pub struct MemoryLoader<'a>(pub &'a [(&'a str, &'a str)]);

impl Loader for MemoryLoader<'_> {
    fn load(&self, path: &str) -> Result<(String, String), String> {
        self.0
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .ok_or_else(|| format!("没有名为「{path}」的库文本"))
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
    let text = match crate::files::read_text(path) {
        Ok(text) => text,
        Err(error) => {
            let failure = link::LinkError::Unreadable {
                path: name.clone(),
                reason: error.to_string(),
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
/// with `loader`. Every span is an offset in the combined text of the
/// ruleset and its imported libraries (library after ruleset); diagnostics
/// show each span in its own file.
pub fn build_with(name: &str, text: &str, loader: &dyn Loader) -> Build {
    let mut sources = SourceMap::single(name, text);
    let parsed = match parse_with_imports(text, loader, &mut sources) {
        Ok(parsed) => parsed,
        Err(reports) => {
            return Build {
                compiled: None,
                diagnostics: attach(reports, &sources),
                sources,
            }
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

/// Parses the ruleset `text` (the first file of `sources`) and each library
/// it imports, every file once, appending the libraries to `sources`. A
/// library is parsed on its own, for its own parse errors, and its spans are
/// then moved to where its text starts in the combined text; its libraries
/// follow the ruleset's own, as if the combined text had been parsed.
fn parse_with_imports(
    text: &str,
    loader: &dyn Loader,
    sources: &mut SourceMap,
) -> Result<ast::SourceFile, Vec<Report>> {
    let mut parsed = parse::parse(text).map_err(|errors| {
        errors
            .into_vec()
            .into_iter()
            .map(Report::new)
            .collect::<Vec<_>>()
    })?;
    let mut reports = Vec::new();
    let mut imported = Vec::new();
    for import in &parsed.imports {
        match load_library(import, loader) {
            Ok((library_name, library_text, library)) => {
                sources.push(&library_name, "\n");
                let start = sources.combined_len();
                sources.push(&library_name, &library_text);
                let units = library.units.shifted(start);
                reports.extend(import_units(&mut parsed.units, units));
                imported.extend(
                    library
                        .libraries
                        .into_iter()
                        .map(|library| library.shifted(start)),
                );
            }
            Err(failure) => reports.extend(failure),
        }
    }
    if !reports.is_empty() {
        return Err(reports);
    }
    parsed.libraries.extend(imported);
    Ok(parsed)
}

/// Adds an imported library's declared units to the ruleset's: a library
/// declares units for its importers (its facts are written in them). A word
/// both declare must mean the same unit in both.
fn import_units(
    units: &mut crate::lang::units::UnitTable,
    imported: crate::lang::units::UnitTable,
) -> Vec<Report> {
    let mut clashes = Vec::new();
    for declared in imported.declarations() {
        match units.declared(&declared.word) {
            None => units.declare(declared.clone()),
            Some(own) if own.unit == declared.unit => {}
            Some(own) => clashes.push(Report::new(parse::ParseError::UnitExists {
                word: declared.word.clone(),
                span: declared.span.into(),
                help: format!(
                    "导入的库把「{}」声明为另一个单位，与本规则集的声明（第 {} 字节处）不同：两处写成同一个声明，或换一个词",
                    declared.word, own.span.start
                ),
            })),
        }
    }
    clashes
}

/// Reads and parses one imported library: its file name, its text and the
/// parsed file (libraries and units), with spans in its own text; its own
/// parse errors point into it.
fn load_library(
    import: &ast::Import,
    loader: &dyn Loader,
) -> Result<(String, String, ast::SourceFile), Vec<Report>> {
    let import_error = |reason: String| {
        vec![Report::new(link::LinkError::Import {
            path: import.path.clone(),
            reason,
            span: import.span.into(),
        })]
    };
    let (name, text) = loader.load(&import.path).map_err(import_error)?;
    match parse::parse(&text) {
        Ok(file) if file.ruleset.is_none() => Ok((name, text, file)),
        Ok(_) => Err(vec![Report::new(link::LinkError::NotLibrary {
            path: import.path.clone(),
            span: import.span.into(),
        })]),
        Err(errors) => {
            let source = SourceMap::single(&name, &text);
            Err(errors
                .into_vec()
                .into_iter()
                .map(|error| Report::new(error).with_source_code(source.clone()))
                .collect())
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const RULESET: &str = r#"导入 "框架.jx"
导入 "样例.jx"

体系 "样例" { 满分 10 }
事实 { 自有: 是否 }
一级 项目（10分）{ 二级 管理（10分）{
    指标 预算执行率（8分）沿用
    指标 治理效果（2分）沿用 {
        评分 { 自有 得满分；否则 得0分 }
    }
} }
库 "自带库" { 来源 "本文件" }
指标 自带（1分）{ 评分 { 得分 = 权重 } }
"#;

    const SAMPLE_LIBRARY: &str = r#"# 覆盖各种写法的库
库 "样例库" {
    来源 "测试"
}

事实 {
    综合治理效果: 档次（明显，一般，没有）
    满意度: % 在 0%..100%
    完成日期: 日期 在 2024-01-01..2024年12月31日
    发生事故: 是否
    整改到位: 是否
    次数: 数值
}

指标 治理效果（4分）{
    评分 { 综合治理效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }
}

指标 满意度（3分）{
    完成值 = 满意度
    标杆值 90%
    评分 {
        完成值 >= 95% 且 不 发生事故 得满分
        完成值 >= 标杆值 或 整改到位 得2分
        每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分
    }
}

指标 及时性（2分）{
    完成值 = 完成日期
    标杆值 = 2024-06-30
    评分 { 完成值 <= 标杆值 得满分；否则 每延迟1天扣0.5分，扣完为止 }
}

指标 安全（2分）{
    标杆值 "安全"
    要点 {
        ① 1分: 不 发生事故
        ② 扣1分: (次数 - 1) * 2 > 3
    }
    前提 整改到位，否则 0分
}

指标 酌情（1分）{ 评分 { 次数 > 0 酌情扣分；否则 按比例扣分 } }

指标 前提要点（2分）{
    要点 { ① 1分: 整改到位；② 1分: 次数 = 0 }
    前提 ①，否则 0分
}

指标 再用（1分）沿用 酌情

指标 分档（10分）{
    评分 { 次数 <= 1 得10分；次数 > 1 得9-8分 }
}

指标 逐项（2分）{
    要点 { ①整改到位；②不 发生事故。以上情况每出现一例不符合要求的扣1分，扣完为止 }
}
"#;

    const LIBRARIES: &[(&str, &str)] = &[
        (
            "框架.jx",
            include_str!("../../rulesets/common/framework-2020.jx"),
        ),
        ("样例.jx", SAMPLE_LIBRARY),
    ];

    #[test]
    fn each_library_parsed_alone_and_shifted_is_the_combined_parse() {
        let mut sources = SourceMap::single("规则.jx", RULESET);
        let once = parse_with_imports(RULESET, &MemoryLoader(LIBRARIES), &mut sources)
            .unwrap_or_else(|reports| panic!("{reports:?}"));
        let combined = parse::parse(&sources.combined()).expect("the combined text parses");
        assert_eq!(once.libraries.len(), 3);
        assert_eq!(format!("{once:#?}"), format!("{combined:#?}"));
    }

    #[test]
    fn a_text_built_on_its_own_refuses_an_import() {
        let build = build("规则.jx", RULESET);
        assert!(build.compiled.is_none());
        let messages: Vec<String> = build.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "无法导入「框架.jx」：从文本构建时不能导入文件；请用 build_file 从文件构建",
                "无法导入「样例.jx」：从文本构建时不能导入文件；请用 build_file 从文件构建"
            ]
        );
    }

    #[test]
    fn a_diagnostic_in_the_second_library_points_at_its_text() {
        const RULESET: &str = r#"导入 "样例.jx"
导入 "坏库.jx"
体系 "样例" { 满分 1 }
事实 {}
一级 项目（1分）{ 二级 管理（1分）{ 指标 错（1分）沿用 } }
"#;
        const BROKEN: &str = r#"库 "坏库" { }
指标 错（1分）{
    完成值 = 未声明
    评分 { 得分 = 完成值 × 权重 }
}
"#;
        let loader = MemoryLoader(&[("样例.jx", SAMPLE_LIBRARY), ("坏库.jx", BROKEN)]);
        let build = build_with("规则.jx", RULESET, &loader);
        let combined = build.sources.combined();
        let labelled: Vec<(String, usize, usize, &str)> = build
            .diagnostics
            .iter()
            .flat_map(|report| report.labels().into_iter().flatten())
            .map(|label| {
                let (file, line, column) = build.sources.locate(label.offset());
                let text = &combined[label.offset()..label.offset() + label.len()];
                (file, line, column, text)
            })
            .collect();
        assert_eq!(labelled, [("坏库.jx".to_string(), 3, 11, "未声明")]);
    }
}
