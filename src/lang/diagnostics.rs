//! Diagnostics as data: code, severity, message, help, file, line and column
//! (in characters), for editors and other tools (`--format json`).
//!
//! Spans are byte offsets, as miette wants; people and editors count
//! characters, and a line of Chinese has three bytes to a character, so the
//! column is counted here in characters from the start of the line.

use crate::lang::source::SourceMap;
use miette::{Diagnostic, Report, Severity};
use serde::Serialize;

/// One diagnostic, flattened for machines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticData {
    /// The stable code: `jixiao::check::unit_mismatch`.
    pub code: String,
    /// `error`, `warning` or `advice`.
    pub severity: &'static str,
    /// The one-line message.
    pub message: String,
    /// How to fix it, if the diagnostic says.
    pub help: Option<String>,
    /// The file it is in, as given.
    pub file: String,
    /// 1-based line of the place it points at.
    pub line: usize,
    /// 1-based column of that place, counted in characters.
    pub column: usize,
}

/// A report as data. The place is the primary label's start, else the first
/// label's, else the start of the file.
pub fn data(report: &Report, sources: &SourceMap) -> DiagnosticData {
    of(report.as_ref(), sources)
}

/// A report and every diagnostic related to it (a failed parse carries its
/// further syntax errors as related diagnostics), in order.
pub fn all(report: &Report, sources: &SourceMap) -> Vec<DiagnosticData> {
    let mut out = Vec::new();
    flatten(report.as_ref(), sources, &mut out);
    out
}

fn flatten(diagnostic: &dyn Diagnostic, sources: &SourceMap, out: &mut Vec<DiagnosticData>) {
    out.push(of(diagnostic, sources));
    for related in diagnostic.related().into_iter().flatten() {
        flatten(related, sources, out);
    }
}

fn of(diagnostic: &dyn Diagnostic, sources: &SourceMap) -> DiagnosticData {
    let offset = diagnostic
        .labels()
        .map(|labels| {
            let labels: Vec<_> = labels.collect();
            labels
                .iter()
                .find(|label| label.primary())
                .or(labels.first())
                .map_or(0, |label| label.offset())
        })
        .unwrap_or(0);
    let (file, line, column) = sources.locate(offset);
    DiagnosticData {
        code: diagnostic
            .code()
            .map_or_else(String::new, |code| code.to_string()),
        severity: match diagnostic.severity() {
            Some(Severity::Warning) => "warning",
            Some(Severity::Advice) => "advice",
            Some(Severity::Error) | None => "error",
        },
        message: diagnostic.to_string(),
        help: diagnostic.help().map(|help| help.to_string()),
        file,
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_warning_as_data() {
        let source = "体系 \"x\" { 满分 4 }\n事实 { a: 万元\n  b: 万元 }\n\
                      一级 g（4分）{ 二级 h（4分）{ 指标 i（4分）{\n\
                      完成值 = a / b × 100%\n标杆值 100%\n评分 { 得分 = 完成值 × 权重 } } } }\n\
                      ";
        let source = source.replace("  b: 万元", "  b: 万元\n  未用: 家");
        let build = crate::lang::build::build("x.jx", &source);
        let data: Vec<DiagnosticData> = build
            .diagnostics
            .iter()
            .map(|report| data(report, &SourceMap::single("x.jx", &source)))
            .collect();
        assert_eq!(data.len(), 1, "{data:?}");
        let unused = &data[0];
        assert_eq!(unused.code, "jixiao::check::unused_fact");
        assert_eq!(unused.severity, "warning");
        assert_eq!((unused.line, unused.column), (4, 3));
        assert!(unused.help.is_some());
        let json = serde_json::to_string(unused).expect("serializes");
        assert!(json.contains("\"column\":3"), "{json}");
    }

    #[test]
    fn every_syntax_error_of_a_parse_is_flattened() {
        let source = "体系 \"x\" { 满分 4 }\n事实 { a: % }\n\
                      一级 g（4分）{ 二级 h（4分）{\n\
                      指标 i（2分）{ 完成值 = a 评分 { 完成值 >= 95% } }\n\
                      指标 j（2分）{ 完成值 = a 评分 { 完成值 >= 95% 得满分；否则 } }\n\
                      } }\n";
        let build = crate::lang::build::build("x.jx", source);
        // `build` gives one report per syntax error; `all` would also flatten
        // any related diagnostics a report carries.
        assert_eq!(build.diagnostics.len(), 2);
        let data: Vec<DiagnosticData> = build
            .diagnostics
            .iter()
            .flat_map(|report| all(report, &SourceMap::single("x.jx", source)))
            .collect();
        let places: Vec<(usize, &str)> = data
            .iter()
            .map(|data| (data.line, data.code.as_str()))
            .collect();
        assert_eq!(
            places,
            [(4, "jixiao::parse::syntax"), (5, "jixiao::parse::syntax")]
        );
    }
}
