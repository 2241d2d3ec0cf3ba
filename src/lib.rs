//! jixiao: a rule language for Chinese budget performance evaluation (预算绩效评价).
//!
//! The crate is laid out by part of the pipeline, each part using only the
//! parts before it:
//!
//! - [`lang`] — the language: parsing, linking imports, checking, compiling
//!   ([`build`] runs it all);
//! - [`score`] — a project's [`facts`] and the evaluator ([`eval`]);
//! - [`report`] — the annex table ([`render`]), [`explain`] and [`audit`];
//! - [`author`] — test [`cases`], the formatter ([`fmt`]) and the starter
//!   project;
//! - [`batch`] — a front end: whole districts scored from spreadsheets, CSV
//!   or JSON Lines, the facts-entry template, and annex tables as workbooks
//!   and Word documents;
//! - [`import`] — a front end: a 指标体系 table (workbook, CSV, Word,
//!   Markdown) turned into a ruleset draft that checks (`jixiao import`);
//! - [`serve`] — the workbench in the browser (`jixiao serve`): one embedded
//!   page and the JSON API it uses;
//! - [`files`] — file helpers every part may use.
//!
//! The `jixiao` command line is a thin layer over this library. The modules
//! a program embedding jixiao uses most are re-exported here.
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

pub mod author;
pub mod batch;
pub mod files;
pub mod import;
pub mod lang;
pub mod report;
pub mod score;
pub mod serve;

pub use author::{cases, fmt};
pub use lang::build::{build, build_file, build_with, Build, FileLoader, Loader, MemoryLoader};
pub use report::{audit, explain, render};
pub use score::{eval, facts};
