//! Unit tests of the lexical scan. Every expected offset is counted by hand
//! in bytes of UTF-8: an ASCII character is 1, a CJK character 3, a
//! full-width sign, digit, letter or brace 3, a byte-order mark 3.

use super::*;
use miette::SourceSpan;

/// A span as `start..end`.
fn range(span: &SourceSpan) -> String {
    format!("{}..{}", span.offset(), span.offset() + span.len())
}

/// One error as a line that names its kind, its fields and its spans.
fn describe(error: &ParseError) -> String {
    match error {
        ParseError::TooDeep { span } => format!("TooDeep {}", range(span)),
        ParseError::UnmatchedBrace { span } => format!("UnmatchedBrace {}", range(span)),
        ParseError::UnclosedString { close, span } => {
            format!("UnclosedString {close} {}", range(span))
        }
        ParseError::MismatchedQuotes { open, close, span } => {
            format!("MismatchedQuotes {open}{close} {}", range(span))
        }
        ParseError::UnclosedName { span } => format!("UnclosedName {}", range(span)),
        ParseError::NameTooLong { chars, span } => {
            format!("NameTooLong {chars} {}", range(span))
        }
        ParseError::FullWidth {
            found,
            replacement,
            span,
        } => format!("FullWidth {found}→{replacement} {}", range(span)),
        ParseError::MixedWidth {
            found,
            replacement,
            full,
            single,
            span,
        } => format!(
            "MixedWidth {found}→{replacement}/{full}/{single} {}",
            range(span)
        ),
        ParseError::UnclosedBrace {
            block,
            open,
            expected_end,
            end,
            help,
        } => format!(
            "UnclosedBrace 「{block}」 open {} expected {} end {} help {help}",
            range(open),
            expected_end.as_ref().map_or("-".to_string(), range),
            range(end)
        ),
        other => format!("{other:?}"),
    }
}

/// The errors the scan finds in `source`, described.
fn errors(source: &str) -> Vec<String> {
    Scan::of(source).errors.iter().map(describe).collect()
}

// ------------------------------------------------------------- nesting

#[test]
fn nesting_to_the_limit_passes_and_one_more_bracket_fails_there() {
    let at_limit = "(".repeat(MAX_NESTING);
    assert!(check_nesting(&at_limit).is_ok());
    // 64 brackets of 1 byte each: the 65th opens at byte 64.
    let error = check_nesting(&format!("{at_limit}(")).unwrap_err();
    assert_eq!(describe(&error), "TooDeep 64..65");
}

#[test]
fn nesting_counts_every_kind_of_bracket_and_its_width() {
    // 32 「{」 (1 byte) and 32 「｛」 (3 bytes) reach depth 64 at byte
    // 32 + 32·3 = 128; the 「（」 there (3 bytes) is the 65th.
    let deep = format!("{}{}（", "{".repeat(32), "｛".repeat(32));
    let error = check_nesting(&deep).unwrap_err();
    assert_eq!(describe(&error), "TooDeep 128..131");
}

#[test]
fn nesting_drops_at_every_closing_bracket_and_never_below_zero() {
    // Leading closers leave the depth at 0; each of ) ） } ｝ closes one
    // of four opened, so 64 more fit again.
    let source = format!(")）}}｝(（{{｛)）}}｝{}", "(".repeat(MAX_NESTING));
    assert!(check_nesting(&source).is_ok());
}

// ------------------------------------------------------------- quotes

#[test]
fn closed_quotes_of_either_width_are_no_mistake() {
    assert!(errors("\"甲\" “乙”").is_empty());
}

#[test]
fn a_quote_open_at_the_end_of_the_file_runs_to_the_end() {
    // a(0) "(1) 甲(2..5): open from 1 to the end, 5.
    assert_eq!(errors("a\"甲"), ["UnclosedString \" 1..5"]);
    // “(0..3) 甲(3..6).
    assert_eq!(errors("“甲"), ["UnclosedString ” 0..6"]);
}

#[test]
fn a_quote_open_at_the_end_of_its_line_stops_before_the_break() {
    // "(0) 甲(1..4) \n(4): the span ends before the line break.
    assert_eq!(errors("\"甲\n\"乙\""), ["UnclosedString \" 0..4"]);
}

#[test]
fn a_quote_closed_by_the_other_width_is_mismatched() {
    // "(0) 甲(1..4) ”(4..7).
    assert_eq!(errors("\"甲”"), ["MismatchedQuotes \"” 0..7"]);
    // “(0..3) 甲(3..6) "(6).
    assert_eq!(errors("“甲\""), ["MismatchedQuotes “\" 0..7"]);
}

#[test]
fn braces_inside_quotes_and_comments_are_not_counted() {
    assert!(errors("\"{\" “}” # {\n// }\n").is_empty());
}

#[test]
fn comments_hide_quotes_but_a_lone_slash_does_not() {
    assert!(errors("# \"\n// “\n").is_empty());
    // a(0) /(1) "(2) b(3): a single slash is no comment.
    assert_eq!(errors("a/\"b"), ["UnclosedString \" 2..4"]);
}

// ------------------------------------------------------------- 「」 names

#[test]
fn a_quoted_name_must_close_on_its_line() {
    assert!(errors("「甲」").is_empty());
    // 「(0..3) 甲(3..6): open to the end of the file.
    assert_eq!(errors("「甲"), ["UnclosedName 0..6"]);
    // a(0) 「(1..4) 甲(4..7) \n(7) 」: the 」 on the next line does not count.
    assert_eq!(errors("a「甲\n」"), ["UnclosedName 1..7"]);
}

// ------------------------------------------------------------- widths

#[test]
fn full_width_digits_and_letters_are_named_with_their_half_width_run() {
    // x(0) =(1), then １ ２ ． ５ of 3 bytes each from 2 to 14.
    assert_eq!(errors("x=１２．５"), ["FullWidth １２．５→12.5 2..14"]);
    // The range ends: ０ ９ Ａ Ｚ ａ ｚ, 6 × 3 = 18 bytes; the run stops at a.
    assert_eq!(
        errors("０９ＡＺａｚa"),
        ["FullWidth ０９ＡＺａｚ→09AZaz 0..18"]
    );
}

#[test]
fn full_width_punctuation_is_no_width_mistake() {
    assert!(errors("甲，乙：（）＋").is_empty());
}

#[test]
fn a_comparison_mixing_widths_is_named_with_all_three_spellings() {
    // a(0) space(1) ＞(2..5) =(5): the sign spans 2..6.
    assert_eq!(errors("a ＞= 1"), ["MixedWidth ＞=→>=/＞＝/≥ 2..6"]);
    // ＜(0..3) =(3).
    assert_eq!(errors("＜="), ["MixedWidth ＜=→<=/＜＝/≤ 0..4"]);
    // !(0) ＝(1..4).
    assert_eq!(errors("!＝"), ["MixedWidth !＝→!=/！＝/≠ 0..4"]);
    // ！(0..3) =(3).
    assert_eq!(errors("！="), ["MixedWidth ！=→!=/！＝/≠ 0..4"]);
    // ＝(0..3) =(3): anything else reads as an equality, whose full-width
    // spelling is the single ＝.
    assert_eq!(errors("＝="), ["MixedWidth ＝=→==/＝/= 0..4"]);
}

#[test]
fn a_mixed_sign_is_consumed_whole() {
    // ＞(0..3) =(3) =(4): the pair ＞= is taken whole, so its = starts no
    // second pair "==" with the = at 4, which stands alone.
    assert_eq!(errors("＞=="), ["MixedWidth ＞=→>=/＞＝/≥ 0..4"]);
}

#[test]
fn comparisons_of_one_width_are_left_to_the_grammar() {
    for source in [
        "a <= b",
        "a ＜＝ b",
        "a == b",
        "a ＝＝ b",
        "a <> b",
        "a ＜＞ b",
    ] {
        assert!(errors(source).is_empty(), "{source}");
    }
}

#[test]
fn a_mixed_pair_that_is_no_comparison_is_left_to_the_grammar() {
    // Made half-width, ＜> is <> and =＜ is =<: no sign of the language, so
    // there is no spelling to advise (it used to advise 「<>」 or 「＝」).
    assert!(errors("a ＜> b").is_empty());
    assert!(errors("a =＜ b").is_empty());
}

#[test]
fn a_single_full_width_digit_is_its_own_run() {
    // a(0) b(1) １(2..5).
    assert_eq!(errors("ab１"), ["FullWidth １→1 2..5"]);
}

#[test]
fn a_sign_next_to_a_non_sign_is_no_mixed_sign() {
    // ＝ then a: only one of the two is a comparison sign.
    assert!(errors("x＝a").is_empty());
    assert!(errors("x!a").is_empty());
}

// ------------------------------------------------------------- long names

#[test]
fn a_name_of_the_longest_length_passes_and_one_more_character_fails() {
    assert!(errors(&"名".repeat(MAX_NAME_CHARS)).is_empty());
    // 302 characters of 3 bytes: 0..906.
    assert_eq!(errors(&"名".repeat(302)), ["NameTooLong 302 0..906"]);
}

#[test]
fn a_long_name_is_reported_up_to_the_first_character_past_the_limit() {
    // 400 characters, reported at the 302nd: space(0), then 1..1 + 302·3 = 907.
    assert_eq!(
        errors(&format!(" {}", "名".repeat(400))),
        ["NameTooLong 302 1..907"]
    );
}

#[test]
fn name_characters_include_the_marks_a_printed_name_uses() {
    // 名、 151 times: 302 characters of 3 bytes, 906.
    assert_eq!(errors(&"名、".repeat(151)), ["NameTooLong 302 0..906"]);
    // a_·《》1 are 6 characters of 1+1+2+3+3+1 = 11 bytes; 51 of them are
    // 306 characters, reported at the 302nd: 50 whole groups (300
    // characters, 550 bytes) and a_ (2 bytes), so 0..552.
    assert_eq!(errors(&"a_·《》1".repeat(51)), ["NameTooLong 302 0..552"]);
}

#[test]
fn a_space_breaks_a_run_of_name_characters() {
    let source = format!("{} {}", "名".repeat(200), "名".repeat(200));
    assert!(errors(&source).is_empty());
}

#[test]
fn long_runs_in_comments_and_quotes_are_no_names() {
    let long = "名".repeat(400);
    for source in [
        format!("# {long}"),
        format!("// {long}"),
        format!("\"{long}\""),
        format!("“{long}”"),
        format!("「{long}」"),
    ] {
        assert!(errors(&source).is_empty(), "{source}");
    }
}

#[test]
fn a_name_after_a_closed_quote_is_measured() {
    // "(0) a(1) "(2) space(3), then 302 characters of 3 bytes: 4..910. The
    // closing " used to open a quote again and hide the rest of the line.
    let source = format!("\"a\" {}", "名".repeat(302));
    assert_eq!(errors(&source), ["NameTooLong 302 4..910"]);
    // 「(0..3) a(3) 」(4..7), then 7..7 + 906 = 913.
    let source = format!("「a」{}", "名".repeat(302));
    assert_eq!(errors(&source), ["NameTooLong 302 7..913"]);
}

#[test]
fn an_unclosed_quote_hides_only_the_rest_of_its_line() {
    // "(0) a(1) \n(2), then 302 characters of 3 bytes: 3..909.
    let source = format!("\"a\n{}", "名".repeat(302));
    assert_eq!(
        errors(&source),
        ["UnclosedString \" 0..2", "NameTooLong 302 3..909"]
    );
}

#[test]
fn a_lone_slash_starts_no_comment_for_the_name_length() {
    // /(0), then 302 characters of 3 bytes: 1..907.
    assert_eq!(
        errors(&format!("/{}", "名".repeat(302))),
        ["NameTooLong 302 1..907"]
    );
}

// ------------------------------------------------------------- braces

#[test]
fn an_extra_brace_indented_deeper_than_its_pair_is_the_one_blamed() {
    // 指标 A {  : 指(0..3) 标(3..6) space(6) A(7) space(8) {(9) \n(10)
    //     x     : 11..16, \n(16)
    //     }     : spaces 17..21, }(21) \n(22)
    // }         : (23)
    // The } at 21 closes the { at 9 but is indented 4 > 0: it is the extra.
    let source = "指标 A {\n    x\n    }\n}";
    assert_eq!(errors(source), ["UnmatchedBrace 21..22"]);
}

#[test]
fn without_an_indentation_clue_the_last_extra_brace_is_blamed() {
    // a(0) space(1) }(2) }(3): no block; the last is at 3.
    assert_eq!(errors("a }}"), ["UnmatchedBrace 3..4"]);
    // a(0) space(1) ｛(2..5) ｝(5..8) ｝(8..11): a full-width brace is 3 bytes.
    assert_eq!(errors("a ｛｝｝"), ["UnmatchedBrace 8..11"]);
}

#[test]
fn an_extra_brace_needs_both_a_line_of_its_own_and_a_deeper_indentation() {
    // a {(2) \n(3) "  x }" 4..9 with } at 8, \n(9), }(10): the } at 8
    // is on a line indented 2 but does not start it, so the last, 10, is blamed.
    assert_eq!(errors("a {\n  x }\n}"), ["UnmatchedBrace 10..11"]);
    // a {(2) \n(3) }(4) \n(5) }(6): the } at 4 is indented as its {.
    assert_eq!(errors("a {\n}\n}"), ["UnmatchedBrace 6..7"]);
    // "  a {" with {(4) \n(5) }(6) \n(7) }(8): the } at 6 is less indented.
    assert_eq!(errors("  a {\n}\n}"), ["UnmatchedBrace 8..9"]);
}

#[test]
fn an_unclosed_brace_without_a_clue_is_the_last_opened() {
    // a(0) space(1) {(2) \n(3) spaces 4,5 说(6..9) space(9) {(10) \n(11)
    // spaces 12,13 明(14..17) \n(17): the end trimmed is 0..17, its last
    // character 明 at 14..17.
    let source = "a {\n  说 {\n  明\n";
    assert_eq!(
        errors(source),
        ["UnclosedBrace 「说」 open 10..11 expected - end 14..17 help 在这一块结束的地方补上「}」"]
    );
}

#[test]
fn an_unclosed_brace_ends_before_a_line_no_deeper_than_its_own() {
    // L1 一级 A {   : 一(0..3) 级(3..6) space(6) A(7) space(8) {(9) \n(10)
    // L2     二级 B { : spaces 11..15, 二(15..18) 级(18..21) space B space, {(24) \n(25)
    // L3         x  : spaces 26..34, x(34) \n(35)
    // L4 # 注       : 36..41, \n(41)
    // L5 (empty)    : \n(42)
    // L6 // c       : 43..47, \n(47)
    // L7   }        : spaces 48,49, }(50) \n(51)
    // The } at 50 closes the { at 24 but is indented 2 < 4: 二级 B is the
    // unclosed block. After its line, L3 is deeper, L4–L6 are a comment, a
    // blank and a comment, and L7 (indented 2 ≤ 4) is where it should end,
    // at its } (50). The end trimmed is 0..51, its last character } at 50.
    let source = "一级 A {\n    二级 B {\n        x\n# 注\n\n// c\n  }\n";
    assert_eq!(
        errors(source),
        [
            "UnclosedBrace 「二级 B」 open 24..25 expected 50..51 end 50..51 \
          help 按缩进推测，这一块应在第 7 行之前结束：在那里补上「}」"
        ]
    );
}

#[test]
fn a_sibling_as_indented_as_the_unclosed_block_ends_it() {
    // L1 一级 A {    : {(9) \n(10)
    // L2   二级 B {  : spaces 11,12, 二(13..16) 级(16..19) space(19) B(20) space(21) {(22) \n(23)
    // L3     x       : 24..29, \n(29)
    // L4   二级 C {  : spaces 30,31, 二(32..35) 级(35..38) space C space, {(41) \n(42)
    // L5   }         : spaces 43,44, }(45) \n(46)
    // L6 }           : }(47) \n(48)
    // The } at 45 closes 二级 C as indented (2 = 2); the } at 47 closes
    // 二级 B's { at 22 less indented (0 < 2). 二级 B should end before L4,
    // indented 2 ≤ 2, at its 二 (32..35).
    let source = "一级 A {\n  二级 B {\n    x\n  二级 C {\n  }\n}\n";
    assert_eq!(
        errors(source),
        [
            "UnclosedBrace 「二级 B」 open 22..23 expected 32..35 end 47..48 \
          help 按缩进推测，这一块应在第 4 行之前结束：在那里补上「}」"
        ]
    );
}

#[test]
fn an_unclosed_brace_on_the_last_line_after_a_line_break() {
    // x(0) \n(1) a(2) space(3) {(4): the brace's line has no break after it.
    assert_eq!(
        errors("x\na {"),
        ["UnclosedBrace 「a」 open 4..5 expected - end 4..5 help 在这一块结束的地方补上「}」"]
    );
}

#[test]
fn an_extra_and_a_missing_brace_are_both_reported_missing_first() {
    // }(0) \n(1) a(2) space(3) {(4).
    assert_eq!(
        errors("}\na {"),
        [
            "UnclosedBrace 「a」 open 4..5 expected - end 4..5 help 在这一块结束的地方补上「}」",
            "UnmatchedBrace 0..1"
        ]
    );
}

// ------------------------------------------------------------- recovery

#[test]
fn recovery_blanks_the_whole_indicator_from_its_title() {
    // 指标 A { : {(9) \n(10) "  x" 11..14 \n(14) }(15) \n(16).
    let text = "指标 A {\n  x\n}\n";
    let scan = Scan::of(text);
    assert_eq!(scan.recovery_region(text, 12), Some((0, 16)));
    // On the title's line, after its first character.
    assert_eq!(scan.recovery_region(text, 3), Some((0, 16)));
    // The closing brace still belongs to the block.
    assert_eq!(scan.recovery_region(text, 15), Some((0, 16)));
    // At the title's start, and past the block: nothing to blank.
    assert_eq!(scan.recovery_region(text, 0), None);
    assert_eq!(scan.recovery_region(text, 16), None);
}

#[test]
fn recovery_picks_the_innermost_block_and_starts_after_an_outer_brace() {
    // 一(0..3) 级(3..6) space(6) B(7) space(8) {(9) space(10) 指(11..14)
    // 标(14..17) space(17) A(18) space(19) {(20) space(21) x(22) space(23)
    // }(24) space(25) }(26). The inner title starts after the { at 9, at
    // 10; its first character is 指 at 11.
    let text = "一级 B { 指标 A { x } }";
    let scan = Scan::of(text);
    assert_eq!(scan.recovery_region(text, 22), Some((10, 25)));
    assert_eq!(scan.recovery_region(text, 24), Some((10, 25)));
    // At 指 itself the inner block is out of place: the outer one is blanked.
    assert_eq!(scan.recovery_region(text, 11), Some((0, 27)));
}

#[test]
fn recovery_starts_at_an_indented_title_s_first_character() {
    // spaces 0,1 指(2..5) 标(5..8) space(8) A(9) space(10) {(11) \n(12)
    // spaces 13,14 x(15) \n(16) }(17) \n(18).
    let text = "  指标 A {\n  x\n}\n";
    let scan = Scan::of(text);
    assert_eq!(scan.recovery_region(text, 2), None);
    assert_eq!(scan.recovery_region(text, 3), Some((0, 18)));
}

#[test]
fn recovery_in_a_second_level_block() {
    // 二(0..3) 级(3..6) space(6) C(7) space(8) {(9) space(10) x(11) space(12) }(13).
    let text = "二级 C { x }";
    assert_eq!(Scan::of(text).recovery_region(text, 11), Some((0, 14)));
}

#[test]
fn recovery_in_facts_blanks_only_the_body() {
    // 事(0..3) 实(3..6) space(6) {(7) \n(8) spaces 9,10 a(11) \n(12) }(13).
    let text = "事实 {\n  a\n}\n";
    assert_eq!(Scan::of(text).recovery_region(text, 11), Some((8, 13)));
    // With full-width braces: ｛(7..10) \n(10) spaces 11,12 a(13) \n(14) ｝(15..18).
    let text = "事实 ｛\n  a\n｝\n";
    assert_eq!(Scan::of(text).recovery_region(text, 13), Some((10, 15)));
}

#[test]
fn recovery_outside_a_known_block_is_none() {
    let text = "其他 {\n  a\n}\n";
    assert_eq!(Scan::of(text).recovery_region(text, 10), None);
}

// ------------------------------------------------------------- line helpers

#[test]
fn a_line_starts_after_its_break_or_after_a_byte_order_mark() {
    // a(0) b(1) \n(2) c(3) d(4).
    assert_eq!(line_start("ab\ncd", 4), 3);
    assert_eq!(line_start("ab\ncd", 3), 3);
    assert_eq!(line_start("ab\ncd", 2), 0);
    // Past the end: the last line.
    assert_eq!(line_start("ab\ncd", 99), 3);
    // BOM(0..3) a(3) b(4).
    assert_eq!(line_start("\u{FEFF}ab", 4), 3);
}

#[test]
fn a_brace_starts_its_line_after_white_space_only() {
    assert!(starts_line("  }", 2));
    assert!(!starts_line("a }", 2));
    // BOM(0..3) }(3): the mark is not text before it.
    assert!(starts_line("\u{FEFF}}", 3));
}

#[test]
fn indentation_counts_a_tab_as_four() {
    // tab (4) and two spaces (2).
    assert_eq!(indentation("\t  x", 3), 6);
    // Blank line: the spaces before its break, not the next line's.
    assert_eq!(indentation("  \n    x", 0), 2);
    assert_eq!(indentation("x", 0), 0);
    // From anywhere on the line: a(0) b(1) \n(2) spaces 3,4, c(5).
    assert_eq!(indentation("ab\n  c", 5), 2);
}

#[test]
fn a_title_starts_after_the_last_brace_before_it_on_its_line() {
    // a(0) space(1) ｝(2..5) space(5) b(6) space(7) ｛(8..11).
    assert_eq!(title_start("a ｝ b ｛", 8), 5);
    assert_eq!(block_title("a ｝ b ｛", 8), "b");
    // x(0) \n(1) 甲(2..5) space(5) {(6): no brace before it on its line.
    assert_eq!(title_start("x\n甲 {", 6), 2);
    assert_eq!(block_title("x\n甲 {", 6), "甲");
}
