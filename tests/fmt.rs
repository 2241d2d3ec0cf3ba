//! `jixiao::fmt::format`: idempotent, keeps every comment, never changes a
//! score, and refuses what does not parse.

use jixiao::fmt::{format, FmtOptions, Punctuation};

const FULL: FmtOptions = FmtOptions {
    punctuation: Punctuation::FullWidth,
    indent: 4,
};
const HALF: FmtOptions = FmtOptions {
    punctuation: Punctuation::HalfWidth,
    indent: 4,
};

fn seed(name: &str) -> String {
    let path = format!("{}/rulesets/{name}.jx", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("ruleset is shipped")
}

fn seed_facts(name: &str) -> String {
    let path = format!("{}/examples/{name}.facts.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("facts are shipped")
}

fn formatted(text: &str, options: &FmtOptions) -> String {
    format(text, options).unwrap_or_else(|error| panic!("{error:?}\n--- source ---\n{text}"))
}

/// A ruleset cut into code, strings and comments by a scanner of its own
/// (strings `"…"` and `“…”`, comments `#` and `//` to the end of the line),
/// independent of the formatter's.
#[derive(Default)]
struct Parts {
    /// Every character outside strings and comments.
    code: String,
    /// Every string literal, quotes included, in order.
    strings: Vec<String>,
    /// Every comment, trailing spaces trimmed, sorted.
    comments: Vec<String>,
}

fn parts(text: &str) -> Parts {
    let mut parts = Parts::default();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '"' => Some('"'),
            '“' => Some('”'),
            _ => None,
        };
        let len = if let Some(close) = close {
            let body = &rest[c.len_utf8()..];
            let len = body
                .find(close)
                .map_or(rest.len(), |end| c.len_utf8() + end + close.len_utf8());
            parts.strings.push(rest[..len].to_string());
            len
        } else if c == '#' || rest.starts_with("//") {
            let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let comment = rest[..len].trim_end_matches([' ', '\t', '\u{3000}']);
            parts.comments.push(comment.to_string());
            len
        } else {
            parts.code.push(c);
            c.len_utf8()
        };
        rest = &rest[len..];
    }
    parts.comments.sort();
    parts
}

/// The score card of a ruleset on TOML facts, as JSON; imports are read
/// from rulesets/, where the seeds live.
fn score_json(ruleset: &str, facts: &str) -> String {
    let loader = jixiao::FileLoader {
        folder: format!("{}/rulesets", env!("CARGO_MANIFEST_DIR")).into(),
    };
    let build = jixiao::build_with("fmt.jx", ruleset, &loader);
    let errors: Vec<String> = build.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    let compiled = build
        .compiled
        .unwrap_or_else(|| panic!("{}\n--- source ---\n{ruleset}", errors.join("\n")));
    let facts = jixiao::facts::parse(facts, jixiao::facts::Format::Toml, &compiled)
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    jixiao::render::json(&jixiao::eval::score(&compiled, &facts))
}

/// Idempotent in both styles, every comment and string kept, and the two
/// styles convert into each other.
fn assert_well_behaved(text: &str) {
    for options in [FULL, HALF] {
        let once = formatted(text, &options);
        let twice = formatted(&once, &options);
        assert_eq!(once, twice, "not idempotent ({options:?})");
        let (before, after) = (parts(text), parts(&once));
        assert_eq!(before.comments, after.comments, "comments changed");
        assert_eq!(before.strings, after.strings, "strings changed");
        let other = match options.punctuation {
            Punctuation::FullWidth => ['(', ')', ':', ';', ',', '｛', '｝'],
            Punctuation::HalfWidth => ['（', '）', '：', '；', '，', '｛', '｝'],
        };
        assert!(!after.code.contains(other), "not normalised ({options:?})");
        assert!(jixiao::lang::parse::parse(&once).is_ok());
    }
    let full = formatted(text, &FULL);
    let half = formatted(text, &HALF);
    assert_eq!(formatted(&half, &FULL), full, "half → full differs");
    assert_eq!(formatted(&full, &HALF), half, "full → half differs");
}

// ---------------------------------------------------------------- inputs

/// Mixed widths, bad indentation, runs of blank lines, comments holding
/// braces and separators, strings holding half-width punctuation.
const MESSY: &str = "
# 头部注释 { 不算 } : ; ,
体系 \"测试: (半角) 标点; 保留, 不变\" ｛满分   10
  等级{优:>=90;良 : >= 80,差}   // 等级注释 ( 括号 )
保留 2 位小数,四舍五入}



事实{a:是否;b : 是否
  c: %  在 0%..100%  # 百分比 }
\td:档次(好,中,差)
  e: 万元 f: 万元}
一级 g(10分){
二级 h(10分){


       指标 甲(4分){
标杆值 \"合规 (半角),;:\"
要点{
① 1.5分:a    # 一 {
②扣 0.5 分 : 不 b      # 二 }
③ 2.5分:c>=90%
  }
前提 ①,否则 0分
}
  指标 乙(3分){完成值=d 标杆值 \"好\"
评分{d 为 好 得满分;中 得权重分60%;差 得0分}}
# 丙的说明
指标 丙（3分）｛
完成值 = (f/e)×100%
标杆值 100%
评分 ｛完成值>=100% 得满分   # 满分

每降低1个百分点扣0.1分,不足1个百分点的,按1个百分点扣分}
｝
}}
";

const MESSY_FACTS: &str = r#"
"a" = true
"b" = false
"c" = "95%"
"d" = "中"
"e" = 100
"f" = 98.5
"#;

/// Rarer corners: CRLF line ends, a string with runs of spaces inside,
/// ideographic spaces, `//` comments, `不 ` ending a line,
/// a condition over two lines, several items on one line, 全角 braces.
const EDGES: &str = "体系 “标题  含 (半角),;: 空格  ” {\r\n\u{3000}满分 2 // 满分注释\r\n来源 \"a#b//c\" }\r\n事实 { p: 是否  q: 是否 }\r\n一级 g（2分）{ 二级 h（2分）{\r\n指标 i（1分）{\r\n要点 {\r\n① 0.5分: 不 \r\np\r\n② 0.5分: q 且\r\n 不 p\r\n}\r\n}\r\n指标 j（1分）｛ 要点 ｛ ① 0.5分：p  ② 0.5分：q ｝ ｝\r\n} }\r\n";

// ---------------------------------------------------------------- tests

#[test]
fn seeds_are_well_behaved() {
    for name in ["luohu-2024", "yantian-2024"] {
        assert_well_behaved(&seed(name));
    }
}

#[test]
fn messy_inputs_are_well_behaved() {
    assert_well_behaved(MESSY);
    assert_well_behaved(EDGES);
}

#[test]
fn formatting_never_changes_a_seed_score() {
    for name in ["luohu-2024", "yantian-2024"] {
        let text = seed(name);
        let facts = seed_facts(name);
        let original = score_json(&text, &facts);
        for options in [FULL, HALF] {
            let once = formatted(&text, &options);
            assert_eq!(score_json(&once, &facts), original, "{name} {options:?}");
        }
    }
}

#[test]
fn formatting_never_changes_a_messy_score() {
    let original = score_json(MESSY, MESSY_FACTS);
    // 甲: ① 1.5 + ③ 2.5 (95% >= 90%) − ② 0.5 (不 b holds) = 3.50;
    // 乙: 中 → 60% × 3 = 1.80; 丙: 98.5% is 1.5 points short, counted as 2 → 3 − 0.2 = 2.80.
    assert!(original.contains("\"total\": \"8.10\""), "{original}");
    for options in [FULL, HALF] {
        let once = formatted(MESSY, &options);
        assert_eq!(score_json(&once, MESSY_FACTS), original, "{options:?}");
    }
}

#[test]
fn strings_and_comments_keep_their_punctuation() {
    let full = formatted(MESSY, &FULL);
    assert!(full.contains("体系 \"测试: (半角) 标点; 保留, 不变\" {"));
    assert!(full.contains("标杆值 \"合规 (半角),;:\""));
    assert!(full.contains("# 头部注释 { 不算 } : ; ,"));
    assert!(full.contains("// 等级注释 ( 括号 )"));
    let half = formatted(EDGES, &HALF);
    assert!(half.contains("体系 “标题  含 (半角),;: 空格  ” {\n"));
    assert!(half.contains("来源 \"a#b//c\" }"));
}

#[test]
fn a_negation_ending_a_line_keeps_its_space() {
    let full = formatted(EDGES, &FULL);
    assert!(
        full.contains("① 0.5分：不 \n                    p\n"),
        "{full}"
    );
}

#[test]
fn unparsable_input_is_refused() {
    let broken = "体系 \"x\" { 满分 1 }\n事实 { a: 是否 }\n一级 g（1分）{ 指标 i（1分）{ 要点 { ① 1分 a } } }\n";
    assert!(format(broken, &FULL).is_err());
    assert!(format("", &FULL).is_err());
    assert!(format("# 只有注释\n", &HALF).is_err());
}

#[test]
fn every_prefix_of_a_seed_formats_or_is_refused() {
    let text = seed("yantian-2024");
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    for &end in boundaries.iter().step_by(11) {
        if let Ok(once) = format(&text[..end], &FULL) {
            assert_eq!(format(&once, &FULL).ok(), Some(once));
        }
    }
}

#[test]
fn an_absurd_indent_does_not_panic() {
    let options = FmtOptions {
        punctuation: Punctuation::HalfWidth,
        indent: usize::MAX,
    };
    assert!(format(&seed("luohu-2024"), &options).is_ok());
}

#[test]
fn messy_example_full_width() {
    insta::assert_snapshot!(formatted(MESSY, &FULL), @r#"
    # 头部注释 { 不算 } : ; ,
    体系 "测试: (半角) 标点; 保留, 不变" { 满分 10
        等级 { 优：>=90；良：>= 80，差 }  // 等级注释 ( 括号 )
        保留 2 位小数，四舍五入 }

    事实 { a：是否；b：是否
        c：% 在 0%..100%  # 百分比 }
        d：档次（好，中，差）
        e：万元 f：万元 }

    一级 g（10分）{
        二级 h（10分）{
            指标 甲（4分）{
                标杆值 "合规 (半角),;:"
                要点 {
                    ① 1.5分：  a     # 一 {
                    ② 扣0.5分：不 b  # 二 }
                    ③ 2.5分：  c>=90%
                }
                前提 ①，否则 0分
            }

            指标 乙（3分）{ 完成值=d 标杆值 "好"
                评分 { d 为 好 得满分；中 得权重分60%；差 得0分 } }

            # 丙的说明
            指标 丙（3分）{
                完成值 = （f/e）×100%
                标杆值 100%
                评分 { 完成值>=100% 得满分  # 满分

                    每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 }
            }
    } }
    "#);
}

/// Rules pasted as printed: names with brackets, quotes and 「」, glued
/// text, word comparisons, ranges, caps, Chinese numerals, numbered rules.
const PRINTED: &str = "体系 \"测试\" { 满分 10\n保留两位小数 }\n事实 {\n满意度: %\n\
“三公经费”变动率: %\n应付账款（暂存款）余额: 万元\n\
「预算资金分配依据充分，体现厉行节约从严从紧安排的导向」: 是否\n\
综合治理效果: 档次（明显，一般，没有）\n发生生产安全事故: 是否\n}\n\
一级 g（10分）{\n二级 h（10分）{\n\
指标 应付账款（暂存款）率（2分）{\n完成值 = 满意度\n\
评分 { 评分标准：①完成值≥90%，得满分；②80%（含）-90%计1.5分；③在60%至80%之间，得1分。④否则不得分 }\n}\n\
指标 b（2分）{\n评分 { 综合治理效果为明显得满分；一般得权重分60%；没有得0分 }\n}\n\
指标 c（2分）{\n要点 { ① 2分：「预算资金分配依据充分，体现厉行节约从严从紧安排的导向」 }\n}\n\
指标 d（4分）{\n完成值 = 满意度 + “三公经费”变动率 × 应付账款（暂存款）余额 / 应付账款（暂存款）余额\n标杆值 100%\n\
评分 { 不发生生产安全事故得满分；完成值每降低一个百分点扣0.1分，不足一个百分点的，按一个百分点扣分，扣满0.5分为止 }\n}\n\
}\n}\n";

const PRINTED_FACTS: &str = r#"
"满意度" = "85%"
"“三公经费”变动率" = "2%"
"应付账款（暂存款）余额" = "3万元"
"预算资金分配依据充分，体现厉行节约从严从紧安排的导向" = true
"综合治理效果" = "一般"
"发生生产安全事故" = true
"#;

#[test]
fn formatting_keeps_printed_forms_and_their_scores() {
    let original = score_json(PRINTED, PRINTED_FACTS);
    // 应付账款（暂存款）率: 85% is in [80%, 90%) → 1.5; b: 一般 → 2 × 60% = 1.2;
    // c: ① holds → 2; d: an accident, so the deduction: 85% + 2% × 3 ÷ 3 = 87%,
    // 13 points short → 13 steps × 0.1 = 1.3 > 0.5 → capped: 4 − 0.5 = 3.5.
    // 1.5 + 1.2 + 2 + 3.5 = 8.2
    assert!(original.contains("\"total\": \"8.20\""), "{original}");
    for options in [FULL, HALF] {
        let once = formatted(PRINTED, &options);
        assert_eq!(
            formatted(&once, &options),
            once,
            "not idempotent ({options:?})"
        );
        assert_ne!(once, PRINTED, "left unformatted ({options:?})");
        assert!(
            once.contains("应付账款（暂存款）率"),
            "a name changed:\n{once}"
        );
        assert!(
            once.contains("「预算资金分配依据充分，体现厉行节约从严从紧安排的导向」"),
            "{once}"
        );
        assert_eq!(score_json(&once, PRINTED_FACTS), original, "{options:?}");
    }
}

#[test]
fn formatting_keeps_a_checklist_pasted_whole() {
    let text = "体系 \"测试\" { 满分 2.5 }\n事实 {\n\
        「项目立项符合国家法律法规、国民经济发展规划和相关政策」: 是否\n\
        「项目立项与部门职责范围相符，属于部门履职所需」: 是否\n}\n\
        一级 g（2.5分）{\n二级 h（2.5分）{\n指标 立项依据充分性（2.5分）{\n\
        评分 { 评价要点：①项目立项符合国家法律法规、国民经济发展规划和相关政策（0.5分）；\n\
        ②项目立项与部门职责范围相符，属于部门履职所需（扣1分）。 }\n}\n}\n}\n";
    let facts = "\"项目立项符合国家法律法规、国民经济发展规划和相关政策\" = true\n\
                 \"项目立项与部门职责范围相符，属于部门履职所需\" = false\n";
    let original = score_json(text, facts);
    // ① holds → 0.5; ② is a deduction item that does not hold → 0.5
    assert!(original.contains("\"total\": \"0.50\""), "{original}");
    for options in [FULL, HALF] {
        let once = formatted(text, &options);
        assert_eq!(
            formatted(&once, &options),
            once,
            "not idempotent ({options:?})"
        );
        assert!(
            once.contains("部门职责范围相符，属于部门履职所需"),
            "{once}"
        );
        assert_eq!(score_json(&once, facts), original, "{options:?}");
    }
}
