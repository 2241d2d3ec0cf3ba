//! The table's rows as a tree of groups and indicators: blank 一级/二级
//! cells take the one above (merged cells), blank rows and repeated header
//! rows are skipped, a 合计/总分 row gives the table's own total, weights are
//! read as `10` or `10分` (or from the name, `组织管理（6分）`), and the
//! table's own sums are checked, not fixed.

use super::error::{Finding, ImportError, WEIGHT_SUM};
use super::header::{repeats_header, Header, Role};
use super::table::Row;
use rust_decimal::Decimal;
use std::str::FromStr as _;

/// One indicator of the table.
#[derive(Debug, Clone, Default)]
pub struct Indicator {
    /// Its row (from 1).
    pub row: usize,
    /// Its name, cleaned of numbering and weight.
    pub name: String,
    /// Its weight.
    pub weight: Decimal,
    /// Its 评分标准 as printed.
    pub rule: String,
    /// Its 指标解释 as printed.
    pub explanation: String,
    /// Its 指标值 / 标杆值 as printed.
    pub target: String,
}

/// A 一级 or 二级 group.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// Its first row (from 1).
    pub row: usize,
    /// Its name, cleaned of numbering and weight.
    pub name: String,
    /// The weight the table prints for it (`项目决策（20分）`).
    pub stated: Option<Decimal>,
    /// Its 二级 groups (for a 一级) and indicators, in table order.
    pub children: Vec<Node>,
}

/// A child of a group.
#[derive(Debug, Clone)]
pub enum Node {
    /// A 二级 group.
    Group(Group),
    /// An indicator.
    Indicator(Indicator),
}

impl Group {
    /// The weight the draft gives it: as printed, else its children's sum.
    pub fn weight(&self) -> Decimal {
        self.stated.unwrap_or_else(|| self.sum())
    }

    /// Its children's weights added up.
    pub fn sum(&self) -> Decimal {
        self.children.iter().map(Node::weight).sum()
    }
}

impl Node {
    /// Its weight in the draft.
    pub fn weight(&self) -> Decimal {
        match self {
            Node::Group(group) => group.weight(),
            Node::Indicator(indicator) => indicator.weight,
        }
    }
}

/// The table as a tree.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// The 一级 groups.
    pub groups: Vec<Group>,
    /// A 合计/总分 row's weight and its row, where printed.
    pub total: Option<(usize, Decimal)>,
}

impl Tree {
    /// Every indicator, in table order.
    pub fn indicators(&self) -> Vec<&Indicator> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Indicator>) {
            for node in nodes {
                match node {
                    Node::Group(group) => walk(&group.children, out),
                    Node::Indicator(indicator) => out.push(indicator),
                }
            }
        }
        let mut out = Vec::new();
        for group in &self.groups {
            walk(&group.children, &mut out);
        }
        out
    }

    /// 满分: the 一级 weights added up.
    pub fn full_marks(&self) -> Decimal {
        self.groups.iter().map(Group::weight).sum()
    }
}

/// A name as printed, cleaned: spaces (line breaks in a cell) and leading
/// numbering (`（一）`, `1.`, `一、`) removed, and a trailing weight
/// (`（20分）`, `(20分)`, `20分`) taken off and returned.
pub fn clean_name(text: &str) -> (String, Option<Decimal>) {
    let mut name: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut weight = None;
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = name.strip_suffix(close).and_then(|rest| {
            rest.rfind(open)
                .map(|at| (at, &rest[at + open.len_utf8()..]))
        }) {
            let (at, inner) = inner;
            if let Some(points) = number(inner.trim_end_matches('分').trim_start_matches("分值"))
            {
                weight = Some(points);
                name.truncate(at);
            }
        }
    }
    (strip_numbering(&name).to_string(), weight)
}

/// `（一）项目决策` → `项目决策`, `1.组织管理` → `组织管理`, `一、投入` → `投入`.
fn strip_numbering(name: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = name.strip_prefix(open) {
            if let Some(at) = rest.find(close) {
                if !rest[..at].is_empty() && rest[..at].chars().all(numeral) {
                    return &rest[at + close.len_utf8()..];
                }
            }
        }
    }
    let digits: usize = name
        .chars()
        .take_while(|c| numeral(*c))
        .map(char::len_utf8)
        .sum();
    let rest = &name[digits..];
    match rest.chars().next() {
        Some(mark @ ('.' | '、' | '．')) if digits > 0 && rest.len() > mark.len_utf8() => {
            &rest[mark.len_utf8()..]
        }
        _ => name,
    }
}

/// A weight as printed: `4`, `4分`, `4.0`, `０.５`; not a range or a word.
pub fn number(text: &str) -> Option<Decimal> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect();
    let text = text.trim_end_matches('分').trim();
    Decimal::from_str(text)
        .ok()
        .filter(|n| !n.is_sign_negative())
}

/// The cell of `role` in a row, trimmed.
fn cell<'a>(header: &Header, row: &'a Row, role: Role) -> &'a str {
    header
        .column(role)
        .and_then(|at| row.cells.get(at))
        .map_or("", |text| text.trim())
}

/// Whether a row is a 合计/总分 row.
fn is_total(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ["合计", "总分", "总计", "分值合计"]
        .iter()
        .any(|word| text.starts_with(word))
}

/// Builds the tree from the rows under the header.
pub fn build(header: &Header, rows: &[Row]) -> Result<Tree, ImportError> {
    let mut builder = Builder::default();
    for row in &rows[header.last + 1..] {
        if row.cells.iter().all(|cell| cell.trim().is_empty()) || repeats_header(&row.cells) {
            continue;
        }
        builder.row(header, row)?;
    }
    if builder.tree.groups.is_empty() {
        return Err(ImportError::NoIndicators { row: header.row });
    }
    Ok(builder.tree)
}

#[derive(Default)]
struct Builder {
    tree: Tree,
    /// Whether the current 一级 has a current 二级.
    in_second: bool,
}

impl Builder {
    fn row(&mut self, header: &Header, row: &Row) -> Result<(), ImportError> {
        let first = cell(header, row, Role::Level1);
        let second = cell(header, row, Role::Level2);
        let named = [Role::Indicator, Role::Named]
            .into_iter()
            .map(|role| cell(header, row, role))
            .find(|text| !text.is_empty())
            .unwrap_or("");
        if [first, second, named].into_iter().any(is_total) {
            let weight = cell(header, row, Role::Weight);
            self.tree.total = number(weight).map(|total| (row.number, total));
            return Ok(());
        }
        if !first.is_empty() {
            let (name, stated) = clean_name(first);
            self.tree.groups.push(Group {
                row: row.number,
                name,
                stated,
                children: Vec::new(),
            });
            self.in_second = false;
        }
        // A row naming only a 二级 with a weight and no indicator is an
        // indicator of a two-level table.
        let (second, named) = if named.is_empty() && !header.has(Role::Indicator) {
            ("", second)
        } else {
            (second, named)
        };
        if self.tree.groups.is_empty() {
            self.tree.groups.push(Group {
                row: row.number,
                name: "指标".into(),
                ..Group::default()
            });
        }
        let Some(level1) = self.tree.groups.last_mut() else {
            return Ok(());
        };
        if !second.is_empty() {
            let (name, stated) = clean_name(second);
            level1.children.push(Node::Group(Group {
                row: row.number,
                name,
                stated,
                children: Vec::new(),
            }));
            self.in_second = true;
        }
        if named.is_empty() {
            return Ok(());
        }
        let indicator = indicator(header, row, named)?;
        let parent = match level1.children.last_mut() {
            Some(Node::Group(group)) if self.in_second => &mut group.children,
            _ => &mut level1.children,
        };
        parent.push(Node::Indicator(indicator));
        Ok(())
    }
}

fn indicator(header: &Header, row: &Row, named: &str) -> Result<Indicator, ImportError> {
    let (name, in_name) = clean_name(named);
    let written = cell(header, row, Role::Weight);
    let weight = match (number(written), in_name) {
        (Some(weight), _) => weight,
        (None, Some(weight)) if written.is_empty() => weight,
        _ => {
            return Err(ImportError::BadWeight {
                row: row.number,
                text: written.to_string(),
            })
        }
    };
    Ok(Indicator {
        row: row.number,
        name,
        weight,
        rule: cell(header, row, Role::Rule).to_string(),
        explanation: cell(header, row, Role::Explain).to_string(),
        target: cell(header, row, Role::Target).to_string(),
    })
}

/// Every place the table's own sums disagree: a group whose printed
/// weight is not its children's sum, and a total row that is not 满分.
pub fn check_sums(tree: &Tree) -> Vec<Finding> {
    let mut findings = Vec::new();
    fn walk(group: &Group, level: &str, findings: &mut Vec<Finding>) {
        for child in &group.children {
            if let Node::Group(inner) = child {
                walk(inner, "二级", findings);
            }
        }
        let Some(stated) = group.stated else { return };
        if stated != group.sum() {
            let parts: Vec<String> = group
                .children
                .iter()
                .map(|child| match child {
                    Node::Group(inner) => {
                        format!("第 {} 行「{}」{} 分", inner.row, inner.name, inner.weight())
                    }
                    Node::Indicator(ind) => {
                        format!("第 {} 行「{}」{} 分", ind.row, ind.name, ind.weight)
                    }
                })
                .collect();
            findings.push(Finding {
                code: WEIGHT_SUM,
                row: Some(group.row),
                message: format!(
                    "{level}指标「{}」印为 {stated} 分，下级合计 {} 分（{}）",
                    group.name,
                    group.sum(),
                    parts.join("、")
                ),
                help:
                    "草稿照印保留上级分值（jixiao check 会再提示）；核对原表，改正上级或下级的分值"
                        .into(),
            });
        }
    }
    for group in &tree.groups {
        walk(group, "一级", &mut findings);
    }
    if let Some((row, total)) = tree.total {
        let full = tree.full_marks();
        if total != full {
            findings.push(Finding {
                code: WEIGHT_SUM,
                row: Some(row),
                message: format!("合计行印为 {total} 分，各一级指标合计 {full} 分"),
                help: "草稿的满分取各一级指标之和；核对原表的合计行与一级分值".into(),
            });
        }
    }
    findings
}
