//! Ruleset test cases (案例): named facts with expected results, kept beside
//! a ruleset as `NAME.cases.toml`, run by `jixiao test` with no Rust.
//!
//! ```toml
//! ["基本情形"]
//! "事实文件" = "../examples/luohu-2024.facts.toml"   # relative to this file
//! "快照" = true                                      # keep the explanation as a snapshot
//! ["基本情形"."期望"]
//! "总分" = "99.80"
//! "等级" = "优"
//! "得分" = { "预算执行率" = "3.80" }
//! "小计" = { "项目管理" = "19.80" }   # an indicator marked 不适用 is expected as "不适用",
//!                                   # one a 二者择其一 group did not choose as "未选用"
//!
//! ["预算为零"]
//! "事实文件" = "../examples/luohu-2024.facts.toml"
//! "事实" = { "实际到位资金" = 0 }                    # overrides the file's values
//! ["预算为零"."期望"]
//! "故障" = ["jixiao::eval::division_by_zero"]
//! ```
//!
//! A snapshot (`NAME.cases/CASE.snap`) holds the case's full explanation; a
//! changed explanation fails the case with a line diff until `--update`.

use crate::lang::compile::Compiled;
use crate::score::eval::ScoreCard;
use crate::score::facts::{self, Format};
use miette::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The suffix that marks a cases file beside its ruleset.
pub const CASES_SUFFIX: &str = ".cases.toml";

/// One case's outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// What differs from the expectation; empty when the case passes.
    pub failures: Vec<String>,
    /// The explanation's diff against its snapshot, if it changed.
    pub snapshot_diff: Option<String>,
    /// Whether a snapshot was written (by `update`).
    pub snapshot_written: bool,
    /// Whether the case keeps its explanation as a snapshot (`快照 = true`),
    /// compared on every run.
    pub snapshotted: bool,
    /// The case's full explanation (empty if its facts could not be read).
    pub explanation: String,
}

impl CaseResult {
    /// Whether the case passes.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.snapshot_diff.is_none()
    }
}

/// Every case of one cases file, or why the file could not be run.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The cases file.
    pub path: PathBuf,
    /// Each case, in file order; empty if the file could not be run.
    pub cases: Vec<CaseResult>,
    /// Why the file could not be run at all (bad ruleset, bad cases file).
    pub error: Option<String>,
}

/// Finds the cases files at `path` (a file, or every one under a folder).
pub fn discover(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![cases_path_for(path)];
    }
    crate::files::files_ending(&[path.to_path_buf()], CASES_SUFFIX)
}

/// A ruleset's cases file, or a cases file itself.
fn cases_path_for(path: &Path) -> PathBuf {
    if path.to_string_lossy().ends_with(CASES_SUFFIX) {
        return path.to_path_buf();
    }
    path.with_extension("cases.toml")
}

/// The ruleset a cases file belongs to: `X.cases.toml` → `X.jx`.
pub fn ruleset_path(cases: &Path) -> PathBuf {
    let text = cases.to_string_lossy();
    PathBuf::from(format!("{}.jx", text.trim_end_matches(CASES_SUFFIX)))
}

/// Runs every case of one cases file; `update` rewrites snapshots instead of
/// comparing them.
pub fn run_file(cases_path: &Path, update: bool) -> FileResult {
    let failed = |error: String| FileResult {
        path: cases_path.to_path_buf(),
        cases: Vec::new(),
        error: Some(error),
    };
    let ruleset = ruleset_path(cases_path);
    if !ruleset.is_file() {
        return failed(format!("找不到规则文件 {}", ruleset.display()));
    }
    let build = crate::lang::build::build_file(&ruleset);
    let Some(compiled) = build.compiled else {
        let messages: Vec<String> = build.diagnostics.iter().map(|d| d.to_string()).collect();
        return failed(format!("规则文件有错误：{}", messages.join("；")));
    };
    let cases = match crate::files::read_text(cases_path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            text.parse::<toml::Table>()
                .map_err(|e| e.message().to_string())
        }) {
        Ok(cases) => cases,
        Err(error) => return failed(format!("案例文件无法读取：{error}")),
    };
    let folder = cases_path.parent().unwrap_or(Path::new("."));
    let snapshots = snapshot_folder(cases_path);
    let results = cases
        .iter()
        .map(|(name, case)| {
            let context = CaseContext {
                compiled: &compiled,
                folder,
                snapshots: &snapshots,
                update,
            };
            context.run(name, case)
        })
        .collect();
    FileResult {
        path: cases_path.to_path_buf(),
        cases: results,
        error: None,
    }
}

/// `X.cases.toml` keeps its snapshots in `X.cases/`.
fn snapshot_folder(cases_path: &Path) -> PathBuf {
    let text = cases_path.to_string_lossy();
    PathBuf::from(format!("{}.cases", text.trim_end_matches(CASES_SUFFIX)))
}

struct CaseContext<'a> {
    compiled: &'a Compiled,
    folder: &'a Path,
    snapshots: &'a Path,
    update: bool,
}

impl CaseContext<'_> {
    fn run(&self, name: &str, case: &toml::Value) -> CaseResult {
        let mut result = CaseResult {
            name: name.to_string(),
            failures: Vec::new(),
            snapshot_diff: None,
            snapshot_written: false,
            snapshotted: false,
            explanation: String::new(),
        };
        let Some(case) = case.as_table() else {
            result.failures.push("案例应是一个表".into());
            return result;
        };
        result.failures = case_shape(case);
        if !result.failures.is_empty() {
            return result;
        }
        let facts = match self.facts(case) {
            Ok(facts) => facts,
            Err(errors) => {
                result.failures.extend(errors);
                return result;
            }
        };
        let explanation = crate::report::explain::explain(self.compiled, &facts);
        let expected = case.get("期望").and_then(toml::Value::as_table);
        if let Some(expected) = expected {
            result.failures = compare(&explanation.card, expected);
        }
        result.explanation = crate::report::explain::text(&explanation);
        if case.get("快照").and_then(toml::Value::as_bool) == Some(true) {
            result.snapshotted = true;
            let text = result.explanation.clone();
            self.snapshot(name, &text, &mut result);
        }
        result
    }

    /// The case's facts: the facts file, overridden by the inline 事实 table.
    /// The case's facts: the facts file (TOML or JSON), then the inline 事实
    /// table, whose entries replace the file's.
    fn facts(&self, case: &toml::Table) -> Result<facts::FactValues, Vec<String>> {
        let mut layers: Vec<(String, Format)> = Vec::new();
        if let Some(file) = case.get("事实文件").and_then(toml::Value::as_str) {
            let path = self.folder.join(file);
            let text = crate::files::read_text(&path)
                .map_err(|error| vec![format!("无法读取事实文件 {}：{error}", path.display())])?;
            layers.push((text, Format::of_path(&path)));
        }
        if let Some(inline) = case.get("事实").and_then(toml::Value::as_table) {
            let text = toml::to_string(inline).map_err(|e| vec![e.to_string()])?;
            layers.push((text, Format::Toml));
        }
        let layers: Vec<(&str, Format)> = layers.iter().map(|(t, f)| (t.as_str(), *f)).collect();
        facts::parse_layers(&layers, self.compiled)
            .map_err(|errors| errors.iter().map(|e| format!("事实有误：{e}")).collect())
    }

    fn snapshot(&self, name: &str, explanation: &str, result: &mut CaseResult) {
        let path = self.snapshots.join(format!("{}.snap", file_name(name)));
        let stored = crate::files::read_text(&path).ok();
        if stored.as_deref() == Some(explanation) {
            return;
        }
        if self.update {
            let written = std::fs::create_dir_all(self.snapshots)
                .map_err(crate::files::FileError::from)
                .and_then(|()| crate::files::write_atomically(&path, explanation));
            match written {
                Ok(()) => result.snapshot_written = true,
                Err(error) => result
                    .failures
                    .push(format!("无法写入快照 {}：{error}", path.display())),
            }
            return;
        }
        result.snapshot_diff = Some(match stored {
            Some(stored) => line_diff(&stored, explanation),
            None => "尚无快照：运行 jixiao test --update 生成".to_string(),
        });
    }
}

/// The keys a case may have, with the kind of value each takes.
const CASE_KEYS: [(&str, &str); 4] = [
    ("事实文件", "文件路径（文本）"),
    ("事实", "「事实名 = 值」的表"),
    ("期望", "表"),
    ("快照", "真假值（true 或 false）"),
];

/// The keys of a case's 期望 table.
const EXPECTATION_KEYS: [&str; 6] = ["总分", "等级", "得分", "完成值", "小计", "故障"];

/// What is wrong with a case's keys and their kinds of value, so that a
/// misspelt or mistyped key fails the case instead of checking nothing.
fn case_shape(case: &toml::Table) -> Vec<String> {
    let mut failures = Vec::new();
    for (key, value) in case {
        let Some((_, kind)) = CASE_KEYS.iter().find(|(known, _)| known == key) else {
            let known = CASE_KEYS.iter().map(|(known, _)| *known);
            failures.push(unknown_key("案例", key, known));
            continue;
        };
        let fits = match key.as_str() {
            "事实文件" => value.is_str(),
            "快照" => value.is_bool(),
            _ => value.is_table(),
        };
        if !fits {
            failures.push(format!("「{key}」应是{kind}"));
        }
    }
    failures
}

/// A key that is not one of `known`, with the closest known key if any.
fn unknown_key<'a>(place: &str, key: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match crate::lang::check::closest(key, known.clone()) {
        Some(close) => format!("{place}中的「{key}」无法识别：是否想写「{close}」？"),
        None => format!(
            "{place}中的「{key}」无法识别：可写 {}",
            known.collect::<Vec<_>>().join("、")
        ),
    }
}

/// A case name as a file name: separators and a leading dot become `_`, so
/// that a case named `../x` stays in its snapshot folder.
fn file_name(case: &str) -> String {
    let safe: String = case
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    match safe.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => safe,
    }
}

/// Lines removed (−) and added (+) between two texts.
pub fn line_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .filter_map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => "−",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => return None,
            };
            Some(format!("{sign} {}", change.value().trim_end()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every difference between a score card and a case's 期望 table.
fn compare(card: &ScoreCard, expected: &toml::Table) -> Vec<String> {
    // Each indicator by name (the first of a name, as a search would find).
    let mut indicators = HashMap::new();
    for indicator in card.indicators() {
        indicators
            .entry(indicator.name.as_str())
            .or_insert(indicator);
    }
    let mut failures = Vec::new();
    for (key, value) in expected {
        match key.as_str() {
            "总分" => check(
                "总分",
                value,
                card.total.map(|t| t.to_string()),
                &mut failures,
            ),
            "等级" => check("等级", value, card.grade.clone(), &mut failures),
            "得分" => each(value, &mut failures, |name| {
                let found = indicators.get(name)?;
                // An indicator that does not apply is expected as "不适用", one
                // a 二者择其一 group did not choose as "未选用".
                let unscored = if found.not_applicable.is_some() {
                    Some("不适用".to_string())
                } else {
                    found.not_chosen.then(|| "未选用".to_string())
                };
                Some(unscored.or_else(|| found.score.map(|s| s.to_string())))
            }),
            "完成值" => each(value, &mut failures, |name| {
                let found = indicators.get(name)?;
                Some(found.actual.clone())
            }),
            "小计" => each(value, &mut failures, |name| {
                card.group(name)
                    .map(|group| group.score.map(|s| s.to_string()))
            }),
            "故障" => {
                let codes: Vec<String> = card
                    .faults
                    .iter()
                    .filter_map(|fault| fault.code().map(|code| code.to_string()))
                    .collect();
                let wanted: Option<Vec<String>> = value.as_array().and_then(|items| {
                    items
                        .iter()
                        .map(|item| item.as_str().map(String::from))
                        .collect()
                });
                match wanted {
                    None => failures.push(
                        "故障的期望应是诊断代码（文本）的列表，例如 [\"jixiao::eval::division_by_zero\"]"
                            .into(),
                    ),
                    Some(wanted) if codes != wanted => {
                        failures.push(format!("故障：期望 {wanted:?}，实得 {codes:?}"));
                    }
                    Some(_) => {}
                }
            }
            other => failures.push(unknown_key("期望", other, EXPECTATION_KEYS.into_iter())),
        }
    }
    failures
}

/// Checks each `名称 = 值` of a table with `lookup` (None: no such name).
fn each(
    value: &toml::Value,
    failures: &mut Vec<String>,
    lookup: impl Fn(&str) -> Option<Option<String>>,
) {
    let Some(table) = value.as_table() else {
        failures.push("得分、完成值、小计的期望应是「名称 = 值」的表".into());
        return;
    };
    for (name, wanted) in table {
        match lookup(name) {
            Some(actual) => check(name, wanted, actual, failures),
            None => failures.push(format!("「{name}」：规则中没有这个名称")),
        }
    }
}

fn check(what: &str, wanted: &toml::Value, actual: Option<String>, failures: &mut Vec<String>) {
    let wanted_text = match wanted {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let actual_text = actual.unwrap_or_else(|| "无法计算".to_string());
    if !same(&wanted_text, &actual_text) {
        failures.push(format!("{what}：期望 {wanted_text}，实得 {actual_text}"));
    }
}

/// Equal as written, or as numbers (3.8 and 3.80 are the same score).
fn same(wanted: &str, actual: &str) -> bool {
    use std::str::FromStr;
    wanted == actual
        || matches!(
            (rust_decimal::Decimal::from_str(wanted), rust_decimal::Decimal::from_str(actual)),
            (Ok(a), Ok(b)) if a == b
        )
}
