//! Diagnostics as data: code, severity, message, help, file, line and column
//! (in characters), for editors and other tools (`--format json`); and
//! diagnostics for people, where one cause found in many places is shown once
//! with a bounded list of its places ([`for_people`]).
//!
//! Spans are byte offsets, as miette wants; people and editors count
//! characters, and a line of Chinese has three bytes to a character, so the
//! column is counted here in characters from the start of the line.

use crate::lang::source::SourceMap;
use miette::{Diagnostic, LabeledSpan, Report, Severity, SourceCode};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

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

/// The place a diagnostic points at: its primary label, else its first.
pub fn primary_label(diagnostic: &dyn Diagnostic) -> Option<LabeledSpan> {
    let labels: Vec<LabeledSpan> = diagnostic.labels()?.collect();
    let primary = labels.iter().position(LabeledSpan::primary).unwrap_or(0);
    labels.into_iter().nth(primary)
}

/// One diagnostic (not its related ones) as data; see [`data`].
pub fn of(diagnostic: &dyn Diagnostic, sources: &SourceMap) -> DiagnosticData {
    let offset = primary_label(diagnostic).map_or(0, |label| label.offset());
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

/// The most places of one cause shown beside its first.
pub const MAX_PLACES: usize = 5;

/// The diagnostics as people read them: those with the same code and the
/// same message (one cause: the same unreachable tier arm written 1,200
/// times) become one, showing its first place in full and up to
/// [`MAX_PLACES`] more, and counting the rest; the output stays bounded by
/// the number of causes, not of places. Order is by each cause's first place.
pub fn for_people(reports: Vec<Report>) -> Vec<Report> {
    let mut groups: Vec<Repeated> = Vec::new();
    let mut by_cause: HashMap<(String, String), usize> = HashMap::new();
    for report in reports {
        let cause = (
            report
                .code()
                .map_or_else(String::new, |code| code.to_string()),
            report.to_string(),
        );
        match by_cause.get(&cause) {
            Some(&group) => groups[group].add(&report),
            None => {
                by_cause.insert(cause, groups.len());
                groups.push(Repeated {
                    first: report,
                    places: Vec::new(),
                    more: 0,
                });
            }
        }
    }
    groups
        .into_iter()
        .map(|group| {
            if group.places.is_empty() {
                group.first
            } else {
                Report::new(group)
            }
        })
        .collect()
}

/// One cause found in several places.
struct Repeated {
    /// The first place, shown in full.
    first: Report,
    /// Up to [`MAX_PLACES`] further places.
    places: Vec<LabeledSpan>,
    /// How many places past those.
    more: usize,
}

impl Repeated {
    fn add(&mut self, report: &Report) {
        let place = report.labels().and_then(|mut labels| {
            labels
                .find(|label| label.primary())
                .or_else(|| report.labels()?.next())
        });
        match place {
            Some(place) if self.places.len() < MAX_PLACES => self.places.push(LabeledSpan::new(
                Some("同一问题".to_string()),
                place.offset(),
                place.len(),
            )),
            _ => self.more += 1,
        }
    }
}

impl fmt::Debug for Repeated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.first, f)
    }
}

impl fmt::Display for Repeated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = 1 + self.places.len() + self.more;
        write!(f, "{}（共 {count} 处）", self.first)
    }
}

impl std::error::Error for Repeated {}

impl Diagnostic for Repeated {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.first.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.first.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let more = match self.more {
            0 => String::new(),
            more => format!("；另有 {more} 处相同，未一一列出"),
        };
        let help = self
            .first
            .help()
            .map_or_else(String::new, |help| help.to_string());
        Some(Box::new(format!(
            "{help}\n同一问题出现在 {} 处，这里标出前 {} 处{more}",
            1 + self.places.len() + self.more,
            1 + self.places.len()
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.first.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let first = self.first.labels().into_iter().flatten();
        Some(Box::new(first.chain(self.places.iter().cloned())))
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
    fn one_cause_in_many_places_is_shown_once_with_a_bounded_list() {
        // The same tier arm written 40 times: every arm after the first is
        // never taken, one cause (code and message) in 39 places.
        let arms = vec!["明显 得满分"; 40].join("；");
        let source = format!(
            "体系 \"x\" {{ 满分 5 }}\n事实 {{ 效果: 档次（明显，一般） }}\n\
             一级 g（5分）{{ 二级 h（5分）{{ 指标 i（5分）{{\n\
             评分 {{ 效果 为 {arms}；否则 得0分 }} }} }} }}\n"
        );
        let build = crate::lang::build::build("x.jx", &source);
        let before = build.diagnostics.len();
        assert_eq!(before, 39);
        let shown = for_people(build.diagnostics);
        assert_eq!(shown.len(), 1);
        let labels = shown[0].labels().map_or(0, Iterator::count);
        // The first arm's own labels, then MAX_PLACES more places.
        assert!(labels > MAX_PLACES && labels <= MAX_PLACES + 3, "{labels}");
        let help = shown[0]
            .help()
            .map(|help| help.to_string())
            .unwrap_or_default();
        assert!(
            help.contains("同一问题出现在 39 处，这里标出前 6 处；另有 33 处相同"),
            "{help}"
        );
        assert!(shown[0].to_string().ends_with("（共 39 处）"));
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
