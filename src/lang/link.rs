//! Linking: a parsed source file and the libraries it imports → one ruleset.
//!
//! An indicator written `指标 名称（4分）沿用 [库中名称] { … }` takes the library
//! indicator's 完成值, 标杆值 and rule, with its own weight, and whatever its body
//! writes in their place (a 前提 alone keeps the library's 要点). The libraries'
//! facts join the ruleset's. A library file on its own is linked into a
//! ruleset of all its indicators, so that `check` checks every template.

use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use miette::{Diagnostic, SourceSpan};
use rust_decimal::Decimal;
use thiserror::Error;

/// A mistake in imports or in reusing a library indicator.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum LinkError {
    /// An imported file that cannot be read.
    #[error("无法导入「{path}」：{reason}")]
    #[diagnostic(
        code(jixiao::check::import),
        help("路径相对于本规则文件所在的目录，例如「导入 \"common/framework-2020.jx\"」")
    )]
    Import {
        /// The path as written.
        path: String,
        /// Why it failed.
        reason: String,
        /// The import.
        #[label("这里导入")]
        span: SourceSpan,
    },
    /// The ruleset file itself cannot be read.
    #[error("无法读取规则文件「{path}」：{reason}")]
    #[diagnostic(
        code(jixiao::io::read),
        help("检查路径与文件名；规则文件是 UTF-8 编码的文本")
    )]
    Unreadable {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
    /// An imported file that is a ruleset, not a library.
    #[error("「{path}」是指标体系，不是库，不能导入")]
    #[diagnostic(
        code(jixiao::check::import_not_library),
        help("只能导入以「库 \"名称\" {{ … }}」开头的文件")
    )]
    NotLibrary {
        /// The path as written.
        path: String,
        /// The import.
        #[label("这里导入")]
        span: SourceSpan,
    },
    /// 沿用 names an indicator no imported library has.
    #[error("沿用的指标「{name}」在导入的库中不存在")]
    #[diagnostic(code(jixiao::check::unknown_template))]
    UnknownTemplate {
        /// The name.
        name: String,
        /// The 沿用 phrase.
        #[label("没有这个库指标")]
        span: SourceSpan,
        /// A suggestion.
        #[help]
        help: String,
    },
    /// An indicator written anew under a library indicator's name.
    #[error("指标「{name}」与导入库中的指标同名")]
    #[diagnostic(
        code(jixiao::check::name_clash),
        help("要沿用库中的指标，写「指标 名称（权重）沿用 {{ 要改的部分 }}」；要另写一个指标，换一个名称")
    )]
    NameClash {
        /// The name.
        name: String,
        /// The ruleset's indicator.
        #[label("本体系的指标")]
        span: SourceSpan,
        /// The library's indicator.
        #[label("库中的指标")]
        template: SourceSpan,
    },
}

/// Links a parsed file (whose libraries include the imported ones) into a
/// ruleset, reporting every mistake.
pub fn link(mut file: SourceFile) -> (Option<Ruleset<Parsed>>, Vec<LinkError>) {
    // Taken, not copied: the templates borrow only the libraries.
    let ruleset = file.ruleset.take();
    let templates: Vec<&Indicator<Parsed>> = file
        .libraries
        .iter()
        .flat_map(|library| &library.indicators)
        .collect();
    let library_facts: Vec<FactDecl> = file
        .libraries
        .iter()
        .flat_map(|library| library.facts.iter().cloned())
        .collect();
    let Some(mut ruleset) = ruleset else {
        return (library_ruleset(&file, library_facts), Vec::new());
    };
    let mut errors = Vec::new();
    for group in &mut ruleset.groups {
        link_group(group, &templates, &mut errors);
    }
    ruleset.library_facts = library_facts;
    ruleset.units = file.units;
    (errors.is_empty().then_some(ruleset), errors)
}

fn link_group(
    group: &mut Group<Parsed>,
    templates: &[&Indicator<Parsed>],
    errors: &mut Vec<LinkError>,
) {
    for child in &mut group.children {
        match child {
            Node::Group(inner) => link_group(inner, templates, errors),
            Node::Indicator(indicator) => link_indicator(indicator, templates, errors),
        }
    }
}

fn link_indicator(
    indicator: &mut Indicator<Parsed>,
    templates: &[&Indicator<Parsed>],
    errors: &mut Vec<LinkError>,
) {
    let find = |name: &str| templates.iter().find(|template| template.name.text == name);
    let Some(reuse) = &indicator.reuse else {
        if let Some(template) = find(&indicator.name.text) {
            errors.push(LinkError::NameClash {
                name: indicator.name.text.clone(),
                span: indicator.name.span.into(),
                template: template.name.span.into(),
            });
        }
        return;
    };
    let Some(template) = find(&reuse.template.text) else {
        let names = templates.iter().map(|template| template.name.text.as_str());
        errors.push(LinkError::UnknownTemplate {
            name: reuse.template.text.clone(),
            span: reuse.template.span.into(),
            help: crate::lang::check::closest(&reuse.template.text, names).map_or_else(
                || "先导入定义它的库，或检查名称".to_string(),
                |close| format!("是否想写「{close}」？"),
            ),
        });
        return;
    };
    apply_template(indicator, template);
}

/// Fills in what the indicator does not write from the library indicator.
fn apply_template(indicator: &mut Indicator<Parsed>, template: &Indicator<Parsed>) {
    if indicator.actual.is_none() {
        indicator.actual.clone_from(&template.actual);
    }
    if indicator.target.is_none() {
        indicator.target.clone_from(&template.target);
        indicator.lower_is_better = template.lower_is_better;
    }
    indicator.rounding = indicator.rounding.or(template.rounding);
    indicator.rule = match (
        std::mem::replace(&mut indicator.rule, Rule::Missing),
        &template.rule,
    ) {
        (Rule::Missing, inherited) => inherited.clone(),
        (Rule::Checklist(own), Rule::Checklist(inherited)) if own.items.is_empty() => {
            Rule::Checklist(Checklist {
                items: inherited.items.clone(),
                gate: own.gate.or_else(|| inherited.gate.clone()),
                per_failed: inherited.per_failed.clone(),
            })
        }
        (own, _) => own,
    };
}

/// A library file on its own: one group holding every indicator, worth their sum.
fn library_ruleset(file: &SourceFile, library_facts: Vec<FactDecl>) -> Option<Ruleset<Parsed>> {
    let first = file.libraries.first()?;
    let indicators: Vec<Indicator<Parsed>> = file
        .libraries
        .iter()
        .flat_map(|library| library.indicators.iter().cloned())
        .collect();
    // Weights are at most 10^15 each (syntax), so their sum fits.
    let weight = indicators
        .iter()
        .try_fold(Decimal::ZERO, |sum, indicator| {
            sum.checked_add(indicator.weight)
        })?;
    let name = Name {
        text: first.title.clone(),
        span: first.span,
    };
    Some(Ruleset {
        header: Header {
            title: first.title.clone(),
            source: None,
            full_marks: Some((weight, first.span)),
            grades: Vec::new(),
            rounding: None,
            total_limit: None,
            span: first.span,
        },
        facts: Vec::new(),
        library_facts,
        units: file.units.clone(),
        card_rules: Vec::new(),
        groups: vec![Group {
            level: 1,
            name,
            weight,
            weight_span: Span::new(first.span.start, first.span.start),
            converted_from: None,
            adjustment: None,
            choice: None,
            children: indicators
                .into_iter()
                .map(|i| Node::Indicator(Box::new(i)))
                .collect(),
        }],
    })
}
