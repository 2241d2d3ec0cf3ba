//! The draft's text: the 体系 header (满分 from the weights, 等级 from the
//! table's notes or else the national framework's, marked so), the 事实
//! block, and the tree with each settled indicator in place. Each
//! indicator's lines are recorded, so that an error in the whole draft can
//! be laid at its indicator.

use super::draft::{facts_block, name, Declared, Settled};
use super::tree::{Group, Node, Tree};
use rust_decimal::Decimal;
use std::str::FromStr as _;

/// The framework's bands (财预〔2020〕10号): 优 ≥ 90, 良 ≥ 80, 中 ≥ 60.
const FRAMEWORK_BANDS: [u32; 3] = [90, 80, 60];

/// The draft's text and where each indicator's lines are.
pub struct Assembled {
    /// The ruleset text.
    pub text: String,
    /// Per indicator (in table order), its first and last line (from 1).
    pub lines: Vec<(usize, usize)>,
}

/// The 优/良/中 thresholds the notes state (`分值≥90分为优；80≤分值<90为良…`):
/// for each grade, the first number of the phrase that ends `为优`.
pub fn stated_bands(notes: &[String]) -> Option<[Decimal; 3]> {
    let text = notes.join("；");
    let phrases: Vec<&str> = text.split(['；', ';', '，', ',', '。', '\n']).collect();
    let band = |grade: &str| {
        let phrase = phrases
            .iter()
            .find(|phrase| phrase.contains(&format!("为{grade}")))?;
        let start = phrase.find(|c: char| c.is_ascii_digit())?;
        let digits: String = phrase[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        Decimal::from_str(&digits).ok()
    };
    Some([band("优")?, band("良")?, band("中")?])
}

fn header(title: &str, source: &str, full: Decimal, bands: Option<[Decimal; 3]>) -> String {
    let (note, [good, fair, pass]) = match bands {
        Some(bands) => ("# 等级：照表中说明".to_string(), bands),
        None => (
            "# 等级：表中未注明，按财预〔2020〕10号框架：优≥90，良80–90，中60–80，差<60（待确认）"
                .to_string(),
            FRAMEWORK_BANDS.map(Decimal::from),
        ),
    };
    [
        format!("# 由 jixiao import 从「{source}」生成的规则草稿：评分标准照录为规则，事实的单位与类型待确认。"),
        "# 未能解析的子句保留在注释中，该指标退为酌情；jixiao check 列出其余待办。".to_string(),
        format!("体系 \"{}\" {{", title.replace('"', "")),
        format!("    来源 \"{}\"", source.replace('"', "")),
        format!("    满分 {full}"),
        format!("    {note}"),
        format!("    等级 {{ 优：>= {good}；良：>= {fair}；中：>= {pass}；差 }}"),
        "    保留 2 位小数，四舍五入".to_string(),
        "}".to_string(),
    ]
    .join("\n")
}

/// Lays the draft out.
pub fn assemble(
    tree: &Tree,
    settled: &[Settled],
    facts: &[Declared],
    (title, source): (&str, &str),
    bands: Option<[Decimal; 3]>,
) -> Assembled {
    let mut out = Writer::default();
    out.push(&header(title, source, tree.full_marks(), bands));
    out.push("");
    out.push(&facts_block(facts));
    let mut next = settled.iter();
    for group in &tree.groups {
        out.push("");
        out.group(group, "一级", "", &mut next);
    }
    Assembled {
        text: out.lines.join("\n") + "\n",
        lines: out.ranges,
    }
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    ranges: Vec<(usize, usize)>,
}

impl Writer {
    fn push(&mut self, text: &str) {
        self.lines.extend(text.lines().map(str::to_string));
        if text.is_empty() {
            self.lines.push(String::new());
        }
    }

    fn group<'a>(
        &mut self,
        group: &Group,
        level: &str,
        indent: &str,
        next: &mut impl Iterator<Item = &'a Settled>,
    ) {
        self.push(&format!(
            "{indent}{level} {}（{}分）{{",
            name(&group.name),
            group.weight()
        ));
        for child in &group.children {
            match child {
                Node::Group(inner) => self.group(inner, "二级", &format!("{indent}    "), next),
                Node::Indicator(_) => {
                    let Some(settled) = next.next() else { continue };
                    let start = self.lines.len() + 1;
                    for line in settled.text.lines() {
                        self.lines.push(format!("{indent}{line}"));
                    }
                    self.ranges.push((start, self.lines.len()));
                }
            }
        }
        self.push(&format!("{indent}}}"));
    }
}
