//! Finding the header row by its words, and what each column holds. A
//! two-row header (「评价指标」 over 一级/二级/三级/权重) is read as one: a
//! column's heading is its words in both rows.

use super::table::Row;

/// How many rows at the top may stand above the header (a title, a note).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标, 指标名称.
    Indicator,
    /// 评价指标 where there is no 三级 column: the indicators, maybe with
    /// their weights in brackets.
    Named,
    /// 分值, 权重, 标准分.
    Weight,
    /// 评分标准, 评分细则, 评分方法.
    Rule,
    /// 指标值, 目标值, 标杆值.
    Target,
    /// 指标解释, 指标说明.
    Explain,
}

/// The header: the last row it takes and each known column's role.
#[derive(Debug, Clone)]
pub struct Header {
    /// The index (in the grid's rows) of the header's last row.
    pub last: usize,
    /// The header's first row number in the file, for messages.
    pub row: usize,
    /// Each column's role, by column index.
    pub roles: Vec<Option<Role>>,
}

impl Header {
    /// The column holding `role`, if there is one.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|found| *found == Some(role))
    }

    /// Whether some column holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.column(role).is_some()
    }
}

/// The role a heading names, if any.
pub fn role(heading: &str) -> Option<Role> {
    let text: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
    let any = |words: &[&str]| words.iter().any(|word| text.contains(word));
    if any(&["一级"]) {
        Some(Role::Level1)
    } else if any(&["二级"]) {
        Some(Role::Level2)
    } else if any(&["三级", "指标名称"]) {
        Some(Role::Indicator)
    } else if any(&[
        "评分标准",
        "评分细则",
        "评分方法",
        "评分规则",
        "评价标准",
        "计分方法",
        "评分办法",
        "评分要点",
    ]) {
        Some(Role::Rule)
    } else if any(&["指标解释", "指标说明", "指标内涵", "指标定义"]) {
        Some(Role::Explain)
    } else if any(&["指标值", "目标值", "标杆值", "评价标准值"]) {
        Some(Role::Target)
    } else if text.starts_with("评价指标") || text == "指标" {
        Some(Role::Named)
    } else if any(&["分值", "权重", "标准分", "满分"]) {
        Some(Role::Weight)
    } else {
        None
    }
}

fn roles(cells: &[String]) -> Vec<Option<Role>> {
    let mut seen = Vec::new();
    cells
        .iter()
        .map(|cell| {
            // A role is taken by its first column only (a repeated 「评价指标」 over
            // merged columns names one column).
            role(cell).filter(|found| {
                let fresh = !seen.contains(found);
                seen.push(*found);
                fresh
            })
        })
        .collect()
}

fn is_header(roles: &[Option<Role>]) -> bool {
    let has = |role: Role| roles.contains(&Some(role));
    let names = has(Role::Indicator) || has(Role::Named) || has(Role::Level2);
    names && roles.iter().flatten().count() >= 2
}

/// The two rows' headings column by column, joined.
fn merged(first: &[String], second: &[String]) -> Vec<String> {
    let width = first.len().max(second.len());
    (0..width)
        .map(|at| {
            let top = first.get(at).map_or("", |text| text.trim());
            let below = second.get(at).map_or("", |text| text.trim());
            format!("{top}{below}")
        })
        .collect()
}

/// The header among the first rows: a row whose words name an indicator
/// column and one more, joined with the row under it when that names more.
pub fn find(rows: &[Row]) -> Option<Header> {
    let top = rows.iter().take(HEADER_SEARCH_ROWS).enumerate();
    for (at, row) in top {
        if row.cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let single = roles(&row.cells);
        let joined = rows
            .get(at + 1)
            .map(|next| roles(&merged(&row.cells, &next.cells)));
        let count = |roles: &[Option<Role>]| roles.iter().flatten().count();
        if let Some(joined) =
            joined.filter(|joined| is_header(joined) && count(joined) > count(&single))
        {
            if !is_header(&single) || joins_header(&rows[at + 1].cells) {
                return Some(Header {
                    last: at + 1,
                    row: row.number,
                    roles: joined,
                });
            }
        }
        if is_header(&single) {
            return Some(Header {
                last: at,
                row: row.number,
                roles: single,
            });
        }
    }
    None
}

/// Whether a row under a header row is its second row: some heading words
/// and no number (a data row has its weight).
fn joins_header(cells: &[String]) -> bool {
    let words = cells.iter().filter(|cell| role(cell).is_some()).count();
    let numbers = cells
        .iter()
        .filter(|cell| cell.trim().trim_end_matches('分').parse::<f64>().is_ok())
        .count();
    words > 0 && numbers == 0
}

/// Whether a data row repeats the header (a table printed across pages).
pub fn repeats_header(cells: &[String]) -> bool {
    cells.iter().filter(|cell| role(cell).is_some()).count() >= 2
}
