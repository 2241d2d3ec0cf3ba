//! An indicator's 评分标准 cell, taken apart before it is tried as a rule:
//! a formula (`预算执行率=（实际支出资金/实际到位资金）×100%`) becomes its
//! 完成值, a definition (`实际到位资金：…`) or a requirement with no score in
//! it becomes a comment, and the rest — the clauses — is kept verbatim, one
//! clause a line, as a 评分 block, or as a 要点 block when its items carry
//! points (`①…（1分）`).

use super::tree::Indicator;

/// What the draft will try for one indicator.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The 完成值 expression from a formula, in the language's operators.
    pub actual: Option<String>,
    /// The names the formula reads.
    pub formula_names: Vec<String>,
    /// The 标杆值 the table prints, where it reads as a quantity (`100%`, `353家`).
    pub target: Option<String>,
    /// The clauses, one a line, verbatim.
    pub lines: Vec<String>,
    /// Whether the clauses are checklist items with points.
    pub checklist: bool,
    /// Sentences kept as comments: definitions, requirements, the formula.
    pub notes: Vec<String>,
}

/// The circled numbers items are numbered with.
const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮";

/// Words that make a sentence a scoring clause.
const SCORE_WORDS: [&str; 6] = ["分", "扣", "酌情", "视情况", "按比例", "满分"];

/// Takes an indicator's 评分标准 apart (its 指标解释 may hold the formula).
pub fn plan(indicator: &Indicator) -> Plan {
    let mut plan = Plan {
        target: target(&indicator.target),
        ..Plan::default()
    };
    let text = indicator.rule.trim();
    plan.checklist = is_checklist(text);
    let pieces = if plan.checklist {
        checklist_lines(text)
    } else {
        sentences(text)
    };
    for piece in pieces {
        if plan.actual.is_none() {
            if let Some((expression, names)) = formula(&piece) {
                plan.actual = Some(expression);
                plan.formula_names = names;
                plan.notes.push(piece);
                continue;
            }
        }
        if let Some(standard) = standard(&piece) {
            plan.target = Some(standard);
            plan.notes.push(piece);
            continue;
        }
        let scoring = SCORE_WORDS.iter().any(|word| piece.contains(word));
        if scoring && !is_definition(&piece) {
            plan.lines.push(piece);
        } else {
            plan.notes.push(piece);
        }
    }
    if plan.actual.is_none() {
        if let Some((expression, names)) = sentences(&indicator.explanation)
            .iter()
            .find_map(|sentence| formula(sentence))
        {
            plan.actual = Some(expression);
            plan.formula_names = names;
        }
    }
    plan
}

/// Whether a text is numbered items with their points: `①…（1分）`.
fn is_checklist(text: &str) -> bool {
    let items = item_starts(text).len();
    let pointed = ["分）", "分)"]
        .iter()
        .map(|end| text.matches(end).count())
        .sum::<usize>();
    items >= 2 && pointed >= items
}

/// Where each item starts: ①, then the first ② after it, and so on (a
/// later 「在满足①的前提下」 or 「②-④」 is not an item).
fn item_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut expected = CIRCLED.chars();
    let mut next = expected.next();
    for (at, c) in text.char_indices() {
        if Some(c) == next {
            starts.push(at);
            next = expected.next();
        }
    }
    starts
}

/// A checklist's lines: one per item (its points stay on its line), and
/// what follows the last item's points (a gate) on a line of its own.
fn checklist_lines(text: &str) -> Vec<String> {
    let text = text.replace(['\n', '\r'], " ");
    let starts = item_starts(&text);
    let mut out: Vec<String> = Vec::new();
    if let Some(&first) = starts.first() {
        out.push(text[..first].to_string());
    }
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let line = &text[start..end];
        let points = ["分）", "分)"]
            .iter()
            .filter_map(|mark| line.find(mark).map(|at| at + mark.len()))
            .min();
        match points.filter(|_| index + 1 == starts.len()) {
            Some(points) => {
                let (item, rest) = line.split_at(points);
                out.push(item.to_string());
                out.push(rest.trim_start_matches(is_separator).to_string());
            }
            None => out.push(line.to_string()),
        }
    }
    out.into_iter()
        .map(|line| line.trim().to_string())
        .filter(|line| !line.trim_matches(is_separator).is_empty())
        .collect()
}

fn is_separator(c: char) -> bool {
    matches!(c, '；' | ';' | '。' | '，' | ',' | ' ' | '\u{3000}')
}

/// A text's sentences, split after `；` `;` `。` and at line breaks, each
/// keeping its punctuation.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
        if matches!(c, '；' | ';' | '。') {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|sentence| sentence.trim().to_string())
        .filter(|sentence| !sentence.trim_matches(is_separator).is_empty())
        .collect()
}

/// `名词：说明` with no score in it.
fn is_definition(sentence: &str) -> bool {
    let head = sentence.split(['：', ':']).next().unwrap_or(sentence);
    head.len() < sentence.len()
        && head.chars().count() <= 16
        && !head
            .chars()
            .any(|c| c.is_ascii_digit() || CIRCLED.contains(c))
        && !sentence.contains("得分")
        && !sentence.contains("扣")
        && !["评分标准", "评分方法", "评价要点", "评分规则"].contains(&head.trim())
}

/// A formula `名称=（甲/乙）×100%`: the expression and the names it reads.
pub fn formula(sentence: &str) -> Option<(String, Vec<String>)> {
    let sentence = sentence.trim_end_matches(is_separator);
    let at = sentence.find(['=', '＝'])?;
    let (left, right) = sentence.split_at(at);
    let right = right.chars().skip(1).collect::<String>();
    let left = left.trim();
    if left.is_empty() || left.contains('分') || left.contains('得') || right.contains('分') {
        return None;
    }
    if !right.contains(['/', '÷']) {
        return None;
    }
    let mut tokens: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut flush = |word: &mut String, tokens: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            tokens.push(std::mem::take(word));
        } else {
            tokens.push(format!("「{word}」"));
            names.push(std::mem::take(word));
        }
    };
    for c in right.chars().filter(|c| !c.is_whitespace()) {
        let operator = match c {
            '（' | '(' | '[' | '【' => "(",
            '）' | ')' | ']' | '】' => ")",
            '×' | '*' | 'X' | 'x' => "×",
            '÷' | '/' => "/",
            '-' | '－' => "-",
            '+' | '＋' => "+",
            _ => {
                word.push(c);
                continue;
            }
        };
        flush(&mut word, &mut tokens);
        tokens.push(operator.to_string());
    }
    flush(&mut word, &mut tokens);
    let quoted = tokens.join(" ");
    (!names.is_empty()).then_some((quoted, names))
}

/// A 标杆值 cell that reads as a quantity: `100%`, `≥95%`, `353家`.
fn target(text: &str) -> Option<String> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_start_matches(['≥', '≤', '>', '<', '＞', '＜', '=', '＝']);
    let digits = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(at, _)| at);
    let (number, unit) = text.split_at(digits);
    let known = unit == "%" || (!unit.is_empty() && crate::lang::measure::builtin(unit).is_some());
    (!number.is_empty() && known).then(|| text.to_string())
}

/// The standard a sentence `以100%为标准。` sets, as a 标杆值.
fn standard(sentence: &str) -> Option<String> {
    let inner = sentence
        .trim_end_matches(is_separator)
        .strip_suffix("为标准")?;
    let at = inner.rfind('以')?;
    target(&inner[at + '以'.len_utf8()..])
}
