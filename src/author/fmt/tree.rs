//! What the layout needs from the parse tree: strings, blocks, statements,
//! `不 ` tokens and checklist items; and the token signature that tells
//! whether two texts mean the same.

use super::pieces::is_space;
use crate::lang::parse::{parse_with_tree, Rule};
use pest::iterators::{Pair, Pairs};
use std::collections::{BTreeMap, BTreeSet};

/// What the layout needs from the parse tree.
#[derive(Default)]
pub(super) struct Tree {
    /// Byte ranges of string literals, in order.
    pub(super) strings: Vec<(usize, usize)>,
    /// Where `事实`, group and indicator blocks begin.
    pub(super) blocks: BTreeSet<usize>,
    /// `不 ` tokens, start → end: their space is part of the token.
    pub(super) negations: BTreeMap<usize, usize>,
    /// Checklist items by start.
    pub(super) items: BTreeMap<usize, Item>,
    /// Outermost brace-free statements (a fact, an item, a clause…), start →
    /// end: a line that begins inside one continues it.
    pub(super) statements: BTreeMap<usize, usize>,
}

impl Tree {
    fn statement(&mut self, start: usize, end: usize) {
        let inside = self
            .statements
            .range(..=start)
            .next_back()
            .is_some_and(|(_, &outer)| outer >= end);
        if !inside {
            self.statements.insert(start, end);
        }
    }

    /// Whether byte `at` lies inside a statement, past its start.
    pub(super) fn continues(&self, at: usize) -> bool {
        self.statements
            .range(..at)
            .next_back()
            .is_some_and(|(_, &end)| end > at)
    }
}

/// A checklist item, as far as alignment is concerned.
pub(super) struct Item {
    /// Start of the enclosing `要点` block: items align within it.
    pub(super) checklist: usize,
    /// Label and points in canonical form: `① 扣1分`.
    pub(super) head: String,
    /// Where the condition begins.
    pub(super) body: usize,
}

pub(super) fn read_tree(pairs: Pairs<Rule>) -> Tree {
    let mut tree = Tree::default();
    let mut checklist = 0;
    for pair in pairs.flatten() {
        let span = pair.as_span();
        match pair.as_rule() {
            Rule::string => tree.strings.push((span.start(), span.end())),
            // A name as printed keeps its brackets and punctuation: restyled,
            // 应付账款（暂存款）率 would be another name.
            Rule::name | Rule::item_text | Rule::comma_item_text
                if span.as_str().contains(is_restyled) =>
            {
                tree.strings.push((span.start(), span.end()));
            }
            Rule::facts | Rule::group | Rule::indicator => {
                tree.blocks.insert(span.start());
            }
            Rule::not_kw => {
                tree.negations.insert(span.start(), span.end());
            }
            Rule::checklist => checklist = span.start(),
            Rule::item => {
                tree.statement(span.start(), span.end());
                tree.items.insert(span.start(), item(pair, checklist));
            }
            rule if STATEMENTS.contains(&rule) => tree.statement(span.start(), span.end()),
            _ => {}
        }
    }
    tree
}

/// Whether the formatter restyles or respaces this character outside strings.
fn is_restyled(c: char) -> bool {
    "()（）:：;；,，{}｛｝".contains(c)
}

/// Rules whose text holds no braces: a line that begins inside one, past its
/// start, is a continuation line and is indented one level more.
const STATEMENTS: [Rule; 17] = [
    Rule::printed_item,
    Rule::comma_item,
    Rule::full_marks,
    Rule::source,
    Rule::rounding,
    Rule::total_limit,
    Rule::grade_band,
    Rule::fact_decl,
    Rule::actual,
    Rule::target,
    Rule::gate,
    Rule::formula,
    Rule::otherwise,
    Rule::deduction,
    Rule::tier_rule,
    Rule::when,
    Rule::card_rule,
];

fn item(pair: Pair<Rule>, checklist: usize) -> Item {
    let mut head = String::new();
    let mut body = pair.as_span().end();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::item_label => {
                head.push_str(part.as_str());
                head.push(' ');
            }
            Rule::deduct => head.push_str(part.as_str()),
            Rule::points => head.extend(part.as_str().chars().filter(|c| !is_space(*c))),
            Rule::condition => body = part.as_span().start(),
            _ => {}
        }
    }
    Item {
        checklist,
        head,
        body,
    }
}

/// Whether `after` parses to the same tokens as the parse tree `before`,
/// spaces aside.
pub(super) fn same_meaning(before: Pairs<Rule>, after: &str) -> bool {
    parse_with_tree(after).is_ok_and(|(_, pairs)| signature(pairs) == signature(before))
}

/// Every node of the parse tree in order, with the text of the leaves.
fn signature(pairs: Pairs<Rule>) -> Vec<(Rule, String)> {
    pairs
        .flatten()
        .map(|pair| (pair.as_rule(), leaf_text(&pair)))
        .collect()
}

fn leaf_text(pair: &Pair<Rule>) -> String {
    if pair.clone().into_inner().next().is_some() {
        String::new()
    } else if pair.as_rule() == Rule::string {
        pair.as_str().to_string()
    } else {
        pair.as_str().chars().filter(|c| !is_space(*c)).collect()
    }
}
