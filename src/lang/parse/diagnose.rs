//! The diagnosis of a failed parse: pest's failure translated from grammar
//! rules into what should be written there, with targeted messages for
//! common slips — 分 without a number, a missing weight, a misspelt keyword,
//! a keyword glued to a name — and the keyword tables and [`Hints`] they
//! rely on.

use super::error::ParseError;
use super::expectation::Expectation;
use super::grammar::Rule;
use super::scan::{is_name_char, line_start, name_run_before, SPACE_IN_LINE};
use crate::lang::source::visible;
use crate::lang::span::Span;
use missing::{
    deduction_without_points, empty_formula, nothing_after_equals, outcome_without_points,
    points_example, unfinished_formula,
};
use rust_decimal::Decimal;

mod missing;

/// Translates pest's failure into the officer's words.
pub(super) fn diagnose(
    failure: &pest::error::Error<Rule>,
    text: &str,
    hints: &Hints,
) -> ParseError {
    let Failure {
        at,
        positives,
        tokens,
    } = Failure::of(failure, text);
    let expects = |rule: Rule| positives.contains(&rule);
    let rest = &text[at..];
    let found = Found::at(text, at);

    // (A bare 分 where the weight belongs, `指标 名称 分 {`, is a missing weight.)
    if (expects(Rule::number) || expects(Rule::points)) && rest.starts_with('分') {
        return ParseError::PointsWithoutNumber {
            span: Span::new(at, at + '分'.len_utf8()).into(),
            help: points_example(text, at),
        };
    }
    if expects(Rule::weight) {
        return missing_weight(text, at, &found);
    }
    if let Some(error) = deduction_without_points(text, at) {
        return error;
    }
    if let Some(error) = outcome_without_points(text, at) {
        return error;
    }
    if let Some(error) = nothing_after_equals(text, at) {
        return error;
    }
    if let Some(error) = empty_formula(text, at, found.span, found.describe()) {
        return error;
    }
    if let Some(error) = unfinished_formula(text, at) {
        return error;
    }
    if let Some(glued) = glued_before(text, at, hints) {
        return glued;
    }
    if let Some(error) = score_not_in_points(text, at, &found) {
        return error;
    }
    if let Some(error) = unknown_unit_after_number(text, at, hints) {
        return error;
    }
    let candidates: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|token| token.chars().count() >= 2 && token.chars().all(is_name_char))
        .collect();
    if let Some(error) = misspelt(&found, &candidates, hints) {
        return error;
    }
    let category = match Expectation::of(&positives, &tokens) {
        // pest's attempts name only a name's characters there: a band is wanted.
        Expectation::Other if in_grades(text, at) => Expectation::Grade,
        category => category,
    };
    if category == Expectation::Outcome || category == Expectation::Clause {
        if let Some(error) = misspelt_in_line(text, at, hints) {
            return error;
        }
        if let Some(error) = stray_separator(&found, &tokens) {
            return error;
        }
    }
    syntax_error(
        &found,
        category,
        is_extra_closing_bracket(text, at, &found),
        &tokens,
        hints,
    )
}

/// The general syntax error: what pest wanted there, and what it met.
fn syntax_error(
    found: &Found,
    category: Expectation,
    extra_bracket: bool,
    tokens: &[String],
    hints: &Hints,
) -> ParseError {
    if extra_bracket {
        let closes_block = tokens.iter().any(|token| token == "}");
        return ParseError::Syntax {
            expected: if closes_block {
                "下一项或结束的「}」"
            } else {
                category.words()
            }
            .to_string(),
            found: format!("多余的「{}」", found.text),
            span: found.span.into(),
            help: format!("删去多余的「{}」，或在前面补上与它成对的左括号", found.text),
        };
    }
    ParseError::Syntax {
        expected: category.words().to_string(),
        found: found.describe(),
        span: found.span.into(),
        help: category
            .help(found.text, hints.declares(found.text))
            .to_string(),
    }
}

/// Where pest failed and what it tried there.
struct Failure {
    /// How far pest got, within the text.
    at: usize,
    /// The grammar rules it tried there.
    positives: Vec<Rule>,
    /// The literal tokens it tried there.
    tokens: Vec<String>,
}

impl Failure {
    /// Reads pest's error on `text`.
    fn of(failure: &pest::error::Error<Rule>, text: &str) -> Failure {
        let at = match failure.location {
            pest::error::InputLocation::Pos(at) => at,
            pest::error::InputLocation::Span((start, _)) => start,
        };
        let mut positives: Vec<Rule> = match &failure.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
        };
        let attempts = failure.parse_attempts();
        let tokens: Vec<String> = attempts
            .as_ref()
            .map(|attempts| {
                attempts
                    .expected_tokens()
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default();
        // pest's rule positives stop at the last atomic rule (`1分`); the token
        // attempts know how far it really got (the missing colon after it).
        let at = match attempts.map(|attempts| attempts.max_position) {
            Some(further) if further > at => {
                positives.clear();
                further
            }
            _ => at,
        };
        Failure {
            at: at.min(text.len()),
            positives,
            tokens,
        }
    }
}

/// What pest met where it failed.
struct Found<'a> {
    /// The token's text, empty at the end of the file.
    text: &'a str,
    span: Span,
}

impl<'a> Found<'a> {
    /// The token at `at`: a run of name characters, a number, or one character.
    fn at(source: &'a str, at: usize) -> Found<'a> {
        let rest = &source[at..];
        let len = match rest.chars().next() {
            None => 0,
            Some(c) if is_name_char(c) && !c.is_ascii_digit() => rest
                .char_indices()
                .take_while(|(_, c)| is_name_char(*c))
                .take(16)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8()),
            Some(c) if c.is_ascii_digit() => rest
                .char_indices()
                .take_while(|(_, c)| {
                    c.is_ascii_digit() || *c == '.' || is_name_char(*c) || *c == '%'
                })
                .take(12)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8()),
            Some(c) => c.len_utf8(),
        };
        Found {
            text: &rest[..len],
            span: Span::new(at, at + len),
        }
    }

    /// What was met, in words: 「。」, 文件结尾, 换行.
    fn describe(&self) -> String {
        match self.text {
            "" => "文件结尾".to_string(),
            "\n" | "\r" => "换行".to_string(),
            text => format!("「{}」", visible(text)),
        }
    }
}

/// Whether `at` is inside `等级 { … }`, which holds no braces of its own.
fn in_grades(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.rfind(['{', '｛', '}', '｝']).is_some_and(|brace| {
        before[brace..].starts_with(['{', '｛']) && before[..brace].trim_end().ends_with("等级")
    })
}

/// `得满分 / 完成值 < 90% 得0分`: in a rule, a mark that separates nothing
/// where a clause could have ended (pest tried a `;` there).
fn stray_separator(found: &Found, tokens: &[String]) -> Option<ParseError> {
    let mark = found
        .text
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '／' | '|' | '｜' | '\\'))?;
    tokens
        .iter()
        .any(|token| token == ";")
        .then(|| ParseError::Syntax {
            expected: "规则之间的分隔「；」「，」或换行".to_string(),
            found: found.describe(),
            span: found.span.into(),
            help: format!("两条规则之间用「；」「，」或换行分隔，不用「{mark}」"),
        })
}

/// `档次（好，一般，差））`, `完成值 >= 90%）`: a closing bracket with no opening
/// one before it on its line.
fn is_extra_closing_bracket(text: &str, at: usize, found: &Found) -> bool {
    let line = &text[line_start(text, at)..at];
    let opened = line.matches(['(', '（']).count();
    let closed = line.matches([')', '）']).count();
    matches!(found.text, ")" | "）") && closed >= opened
}

/// `指标 X {`: the level word and the name before the failure.
fn missing_weight(text: &str, at: usize, found: &Found) -> ParseError {
    let line = &text[line_start(text, at)..at];
    let words: Vec<&str> = line.split_whitespace().collect();
    let (level, name) = match words.as_slice() {
        [.., level, name] => (level.to_string(), name.to_string()),
        [name] => ("指标".to_string(), name.to_string()),
        [] => ("指标".to_string(), String::new()),
    };
    let name_start = line
        .rfind(name.as_str())
        .map_or(at, |i| line_start(text, at) + i);
    let bare_points = found
        .text
        .trim_end_matches('分')
        .parse::<Decimal>()
        .ok()
        .filter(|_| {
            text[at..]
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .starts_with('分')
        });
    let help = match bare_points {
        Some(points) => format!("权重要写在括号里：「{level} {name}（{points}分）」"),
        None => format!("在名称后用括号写出权重，例如「{level} {name}（4分）{{」"),
    };
    ParseError::MissingWeight {
        level,
        name,
        span: Span::new(name_start, at).into(),
        help,
    }
}

/// A declared name run into a keyword just before the failure.
fn glued_before(text: &str, at: usize, hints: &Hints) -> Option<ParseError> {
    let (start, end) = name_run_before(text, at)?;
    let run = &text[start..end];
    let (keyword, suggestion) = respace_glued(run, hints.names.iter().map(String::as_str))?;
    Some(ParseError::GluedKeyword {
        run: run.to_string(),
        keyword: keyword.to_string(),
        span: Span::new(start, end).into(),
        help: format!("名称与关键字之间加空格：「{suggestion}」"),
    })
}

/// The keyword among `candidates` that `word` is one slip away from.
fn closest_keyword<'k>(word: &str, candidates: &[&'k str]) -> Option<&'k str> {
    candidates
        .iter()
        .filter_map(|keyword| {
            let length = keyword.chars().count();
            let prefix: String = word.chars().take(length).collect();
            let distance =
                strsim::osa_distance(&prefix, keyword).min(strsim::osa_distance(word, keyword));
            (distance == 1 && length >= 2 && prefix != *keyword).then_some((distance, *keyword))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, keyword)| keyword)
}

/// The word at the failure, one slip from a keyword that belongs there.
fn misspelt(found: &Found, candidates: &[&str], hints: &Hints) -> Option<ParseError> {
    if found.text.is_empty() || hints.declares(found.text) {
        return None;
    }
    let keyword = closest_keyword(found.text, candidates)?;
    let length = found.text.chars().count().min(keyword.chars().count());
    let word: String = found.text.chars().take(length.max(1)).collect();
    Some(unknown_keyword(&word, keyword, found.span.start))
}

/// A misspelt clause keyword earlier on the failing line (`得份 = …`), which
/// the grammar read as a name.
fn misspelt_in_line(text: &str, at: usize, hints: &Hints) -> Option<ParseError> {
    let start = line_start(text, at);
    let line = &text[start..at];
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (is_name_char(c) && !c.is_ascii_digit(), word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(from)) => {
                words.push((from, &line[from..i]));
                word_start = None;
            }
            _ => {}
        }
    }
    words.into_iter().rev().find_map(|(offset, word)| {
        if hints.declares(word) || KEYWORDS.contains(&word) {
            return None;
        }
        let keyword = closest_keyword(word, CLAUSE_KEYWORDS)?;
        (word.chars().count() == keyword.chars().count())
            .then(|| unknown_keyword(word, keyword, start + offset))
    })
}

/// `word` is not a keyword; `keyword` is meant.
fn unknown_keyword(word: &str, keyword: &str, at: usize) -> ParseError {
    ParseError::UnknownKeyword {
        found: word.to_string(),
        keyword: keyword.to_string(),
        span: Span::new(at, at + word.len()).into(),
        help: format!("把「{word}」改为「{keyword}」；关键字要一字不差"),
    }
}

/// What the parser knows of the ruleset's own words before it parses: the
/// declared fact names and tier levels, found by a plain scan of 事实 { … }.
/// Used to tell a glued keyword from a name and to keep did-you-mean
/// suggestions off declared words.
#[derive(Debug, Default)]
pub(super) struct Hints {
    names: Vec<String>,
    /// The words of `单位 { … }` and where each starts.
    units: Vec<(String, usize)>,
}

impl Hints {
    /// The declared names of a source text.
    pub(super) fn of(source: &str) -> Hints {
        let mut hints = Hints::default();
        // 单位 { 千瓦时：电量 }: a declared unit is no unknown word.
        let units = block_body(source, "单位").unwrap_or("");
        // The block is a slice of the source: its offset is the distance.
        let mut line_at = (units.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        for line in units.split_inclusive(['\n', ';', '；']) {
            let word = line.split([':', '：', '=', '＝', '#']).next().unwrap_or("");
            let start = word.find(|c: char| !c.is_whitespace() && c != '{' && c != '｛');
            let word = word.trim().trim_start_matches(['{', '｛']).trim();
            if let (Some(start), false) = (start, word.is_empty()) {
                hints.units.push((word.to_string(), line_at + start));
            }
            line_at += line.len();
        }
        let Some(body) = block_body(source, "事实") else {
            return hints;
        };
        for line in body.split(['\n', ';', '；']) {
            let line = line.split('#').next().unwrap_or("");
            // One line may hold several facts: `{ 质量: 档次（优，良）  满意度: % }`.
            for (colon, _) in line.match_indices([':', '：']) {
                if let Some((start, end)) = name_run_before(line, colon) {
                    hints.names.push(line[start..end].to_string());
                }
            }
            for after in line.split("档次").skip(1) {
                let levels = after
                    .trim_start()
                    .strip_prefix(['（', '('])
                    .and_then(|rest| rest.split([')', '）']).next())
                    .unwrap_or("");
                hints.names.extend(
                    levels
                        .split([',', '，', '、'])
                        .map(str::trim)
                        .filter(|level| !level.is_empty())
                        .map(String::from),
                );
            }
        }
        hints
    }

    /// The words of the `单位` block and where each starts, as a plain
    /// scan finds them.
    pub(super) fn declared_units(&self) -> &[(String, usize)] {
        &self.units
    }

    /// Whether `word` is a declared name.
    fn declares(&self, word: &str) -> bool {
        self.names.iter().any(|name| name == word)
    }
}

/// The text inside `事实 { … }` (or another block named `keyword`), found by
/// the line that starts with the keyword.
fn block_body<'a>(source: &'a str, keyword: &str) -> Option<&'a str> {
    let mut offset = 0;
    let start = source.split_inclusive('\n').find_map(|line| {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let after = trimmed.strip_prefix(keyword)?;
        after
            .trim_start()
            .starts_with(['{', '｛'])
            .then(|| at + (line.len() - trimmed.len()) + keyword.len())
    })?;
    let body = &source[start..];
    let open = body.find(['{', '｛'])?;
    let mut depth = 0usize;
    for (i, c) in body[open..].char_indices() {
        match c {
            '{' | '｛' => depth += 1,
            '}' | '｝' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&body[open..open + i]);
                }
            }
            _ => {}
        }
    }
    Some(&body[open..])
}

/// Words that may follow a quantity in a rule and so end a unit word.
const AFTER_QUANTITY: &[&str] = &["以上", "以下", "以内", "及以上", "及以下", "的"];

/// `100床位`: a number followed by a word the unit table does not know, where
/// parsing stopped at or inside that word. The word runs from the
/// number to white space, punctuation or a keyword that may follow it.
fn unknown_unit_after_number(text: &str, at: usize, hints: &Hints) -> Option<ParseError> {
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_unit_char(c))
        .last()
        .map_or(at, |(start, _)| start);
    if !text[..start].ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let word = unit_word(&text[start..]);
    let end = word.len();
    // Parsing stopped inside the word, not after it at something else.
    let unknown = start + end > at
        && crate::lang::units::UnitTable::BUILTIN.unit(word).is_none()
        && !hints.units.iter().any(|(unit, _)| unit == word);
    unknown.then(|| ParseError::unknown_unit(word, Span::new(start, start + end), false))
}

/// The unit word that starts `rest`: its name characters other than digits,
/// up to a keyword that may follow a quantity (`个以上`, `张得满分`).
fn unit_word(rest: &str) -> &str {
    let end = rest.find(|c: char| !is_unit_char(c)).unwrap_or(rest.len());
    let cut = rest[..end].char_indices().skip(1).find(|&(offset, _)| {
        let tail = &rest[offset..end];
        FOLLOWING_KEYWORDS
            .iter()
            .chain(AFTER_QUANTITY)
            .any(|keyword| tail.starts_with(keyword))
    });
    &rest[..cut.map_or(end, |(offset, _)| offset)]
}

/// Whether `c` may be part of a unit word: a name character, not a digit.
fn is_unit_char(c: char) -> bool {
    is_name_char(c) && !c.is_ascii_digit()
}

/// `得5张`, `每少1张扣1`: a score or a deduction written in a unit other
/// than 分, or with no unit, where the grammar wanted 分.
fn score_not_in_points(text: &str, at: usize, found: &Found) -> Option<ParseError> {
    let before = text[..at].trim_end_matches(SPACE_IN_LINE);
    let before_number = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let number = &before[before_number.len()..];
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let verb = before_number
        .trim_end_matches(SPACE_IN_LINE)
        .chars()
        .last()
        .filter(|c| matches!(c, '得' | '扣'))?;
    let word = unit_word(&text[at..]);
    let (found, span) = match word {
        "" => (found.describe(), found.span),
        word => (format!("「{word}」"), Span::new(at, at + word.len())),
    };
    Some(ParseError::Syntax {
        expected: "分值的单位「分」".to_string(),
        found,
        span: span.into(),
        help: if verb == '得' && text[at..].starts_with(['%', '％']) {
            format!("得分以「分」计，写作「得{number}分」；得权重的 {number}% 写作「得权重分{number}%」")
        } else {
            format!("{verb}分以「分」计，写作「{verb}{number}分」")
        },
    })
}

/// Keywords that may follow a name in a rule, longest first, so that a name
/// run into one (综合治理效果为明显得满分) can be split.
const FOLLOWING_KEYWORDS: &[&str] = &[
    "得权重分",
    "按比例扣分",
    "按比例得分",
    "酌情扣分",
    "酌情得分",
    "得满分",
    "为",
    "得",
    "且",
    "或",
    "扣",
    "即",
];

/// Keywords that join two parts of a rule and take a space on both sides.
const JOINING_KEYWORDS: &[&str] = &["为", "且", "或"];

/// Where a declared name runs into a keyword (`综合治理效果为明显得满分`, or
/// `不发生生产安全事故得满分`), the keyword and the text with the spaces
/// the writer meant (`综合治理效果 为 明显 得满分`). `None` unless a declared
/// name starts the run and a keyword follows it directly.
pub fn respace_glued<'a>(
    run: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Option<(&'static str, String)> {
    let negations = ["", "不", "非", "未"];
    negations.iter().find_map(|negation| {
        let body = run.strip_prefix(negation)?;
        // The longest declared name that a keyword follows.
        let (name, keyword) = names
            .clone()
            .filter_map(|name| {
                let rest = body.strip_prefix(name)?;
                let keyword = FOLLOWING_KEYWORDS
                    .iter()
                    .find(|keyword| rest.starts_with(*keyword))?;
                Some((name, keyword))
            })
            .max_by_key(|(name, _)| name.len())?;
        let rest = &body[name.len()..];
        let mut spaced = String::new();
        if !negation.is_empty() {
            spaced.push_str(negation);
            spaced.push(' ');
        }
        spaced.push_str(name);
        spaced.push(' ');
        spaced.push_str(&space_keywords(rest));
        Some((*keyword, spaced))
    })
}

/// Puts spaces around the keywords in `text`: `为明显得满分` → `为 明显 得满分`.
fn space_keywords(text: &str) -> String {
    let mut spaced = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match FOLLOWING_KEYWORDS
            .iter()
            .find(|keyword| rest.starts_with(*keyword))
        {
            Some(keyword) => {
                spaced.push(' ');
                spaced.push_str(keyword);
                if JOINING_KEYWORDS.contains(keyword) {
                    spaced.push(' ');
                }
                rest = &rest[keyword.len()..];
            }
            None => {
                spaced.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every keyword, for did-you-mean on a word that is not one.
pub const KEYWORDS: &[&str] = &[
    "体系",
    "来源",
    "满分",
    "等级",
    "保留",
    "位小数",
    "四舍五入",
    "向上舍入",
    "向下舍入",
    "进一",
    "去尾",
    "事实",
    "档次",
    "是否",
    "日期",
    "数值",
    "一级",
    "二级",
    "指标",
    "完成值",
    "标杆值",
    "要点",
    "前提",
    "评分",
    "得分",
    "否则",
    "反之",
    "得满分",
    "得权重分",
    "按比例扣分",
    "按比例得分",
    "酌情扣分",
    "降低",
    "下降",
    "减少",
    "少出",
    "延迟",
    "超出",
    "超过",
    "不足",
    "扣完为止",
    "权重",
];

/// Keywords that start or end a scoring clause, checked against every word of
/// the failing line: a misspelt one is read as a name and fails further on.
const CLAUSE_KEYWORDS: &[&str] = &[
    "得分",
    "否则",
    "反之",
    "得满分",
    "得权重分",
    "按比例扣分",
    "酌情扣分",
    "完成值",
    "标杆值",
    "权重",
    "扣完为止",
    "不足",
];

#[cfg(test)]
mod tests;
