//! Checks of the grammar's text that pest cannot make itself.

use std::collections::BTreeSet;

const GRAMMAR: &str = include_str!("../../../../grammar/jixiao.pest");

/// The text of rule `name`, from its `=` to the line that closes it.
fn rule(name: &str) -> &str {
    let start = GRAMMAR
        .find(&format!("\n{name} "))
        .unwrap_or_else(|| panic!("rule {name}"));
    let text = &GRAMMAR[start + 1..];
    let end = text.find("}\n").expect("the rule closes");
    &text[..end]
}

/// The code points of the `'\u{…}'..'\u{…}'` ranges a rule lists.
fn ranges(text: &str) -> BTreeSet<u32> {
    let hex = |at: &str| u32::from_str_radix(&at[4..at.find('}').expect("a code point")], 16);
    text.match_indices("'\\u{")
        .collect::<Vec<_>>()
        .chunks(2)
        .flat_map(|pair| {
            let low = hex(&text[pair[0].0..]).expect("hex");
            let high = hex(&text[pair[1].0..]).expect("hex");
            low..=high
        })
        .collect()
}

/// A rule's text without its lookaheads (`&(…)`, here one range each),
/// which guard alternatives rather than match.
fn without_lookaheads(text: &str) -> String {
    let mut rest = text;
    let mut kept = String::new();
    while let Some(start) = rest.find("&(") {
        kept.push_str(&rest[..start]);
        let end = rest[start..].find(')').expect("the lookahead closes");
        rest = &rest[start + end + 1..];
    }
    kept + rest
}

/// The characters a rule lists as one-character strings (`"下"`).
fn quoted_characters(text: &str) -> BTreeSet<u32> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.chars().count() == 1)
        .filter_map(|quoted| quoted.chars().next())
        .map(u32::from)
        .collect()
}

#[test]
fn plain_name_characters_are_every_cjk_character_no_glued_keyword_begins_with() {
    let cjk = ranges(rule("cjk"));
    let glued = quoted_characters(rule("glued_first"));
    assert_eq!(glued.len(), 25, "glued_first's characters");
    assert!(glued.is_subset(&cjk));
    let expected: BTreeSet<u32> = cjk.difference(&glued).copied().collect();
    let plain = ranges(&without_lookaheads(rule("plain_name_char")));
    let missing: Vec<char> = expected
        .difference(&plain)
        .filter_map(|&c| char::from_u32(c))
        .collect();
    let extra: Vec<char> = plain
        .difference(&expected)
        .filter_map(|&c| char::from_u32(c))
        .collect();
    assert!(
        missing.len() + extra.len() == 0,
        "plain_name_char must be cjk less glued_first's characters: missing {} characters \
         (first {:?}), glued ones included {extra:?}",
        missing.len(),
        missing.first()
    );
}

/// The words a rule lists as strings (`"不低于"`), one character or more.
fn quoted_words(text: &str) -> Vec<&str> {
    text.split('"').skip(1).step_by(2).collect()
}

#[test]
fn every_comparison_word_begins_with_a_glued_keyword_character() {
    // bare_name tests `&glued_first ~ cmp_word` so that a name that is a
    // comparison (达到要求) is left to the comparisons; a comparison word
    // whose first character glued_first lacks would slip past that test.
    let glued = quoted_characters(rule("glued_first"));
    let words = quoted_words(rule("cmp_word"));
    assert!(words.len() > 20, "cmp_word's words: {words:?}");
    for word in words {
        let first = word.chars().next().map(u32::from);
        assert!(
            first.is_some_and(|first| glued.contains(&first)),
            "「{word}」 begins with a character glued_first lacks"
        );
    }
}
