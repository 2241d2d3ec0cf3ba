//! Unit tests of the quick way through a JSON row: it reads what the full
//! way reads, and leaves to the full way every row that way would judge.

use super::*;
use crate::facts::{parse_layers, Format};

const RULES: &str = r#"
体系 "示例" {
    满分 5
    保留 2 位小数，四舍五入
}
事实 { 到位: 万元  支出: 万元  满意度: %  完成日期: 日期  合规: 是否  效果: 档次（明显，一般）  户数: 户 }
一级 管理（5分）{ 二级 资金（5分）{
    指标 执行率（1分）{
        完成值 = 支出 / 到位 × 100%
        评分 { 得分 = 完成值 × 权重 }
    }
    指标 满意（1分）{ 评分 { 满意度 >= 90% 得满分；否则 得0分 } }
    指标 按时（1分）{ 评分 { 完成日期 <= 2024-12-31 得满分；否则 得0分 } }
    指标 合规性（1分）{ 评分 { 合规 且 效果 为 明显 得满分；否则 得0分 } }
    指标 覆盖（1分）{ 评分 { 户数 >= 300户 得满分；否则 得0分 } }
} }
"#;

fn compiled() -> Compiled {
    crate::build("示例.jx", RULES).compiled.expect("valid")
}

/// A row of every fact, with `change` replacing one `"key":value` pair.
fn row(change: Option<(&str, &str)>) -> String {
    let pairs = [
        ("到位", "62.46"),
        ("支出", "61.5"),
        ("满意度", "\"95%\""),
        ("完成日期", "\"2024-12-31\""),
        ("合规", "true"),
        ("效果", "\"明显\""),
        ("户数", "353"),
    ];
    let fields: Vec<String> = pairs
        .iter()
        .map(|&(key, value)| match change {
            Some((changed, new)) if changed == key => format!("\"{key}\":{new}"),
            _ => format!("\"{key}\":{value}"),
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

#[test]
fn a_plain_row_is_read_the_quick_way_and_scored() {
    let compiled = compiled();
    let values = read(&row(None), &compiled).expect("the quick way");
    let facts = crate::score::facts::FactValues {
        values,
        ..Default::default()
    };
    let card = crate::score::eval::score(&compiled, &facts);
    // 61.5 / 62.46 = 0.98463… × 1 → 0.98; 95% ≥ 90%, on time, 合规 and
    // 明显, 353户 ≥ 300户: 1 each.
    let scores: Vec<Option<String>> = card
        .indicators()
        .iter()
        .map(|indicator| indicator.score.map(|score| score.to_string()))
        .collect();
    let expected = ["0.98", "1.00", "1.00", "1.00", "1.00"].map(|score| Some(score.to_string()));
    assert_eq!(scores, expected);
}

#[test]
fn the_quick_way_reads_what_the_full_way_reads_and_leaves_it_the_rest() {
    let compiled = compiled();
    // Each change, and whether the quick way reads the row (`None`: either
    // way, so long as it agrees with the full way).
    let cases: [(&str, &str, Option<bool>); 14] = [
        ("满意度", "95", Some(true)),
        // 0.5 is 50% to a spreadsheet and 0.5% to a person.
        ("满意度", "0.5", Some(false)),
        ("满意度", "0", Some(true)),
        ("满意度", "null", Some(false)),
        ("户数", "\"353户\"", Some(true)),
        ("户数", "353.0", Some(true)),
        ("户数", "true", Some(false)),
        ("合规", "\"是\"", Some(true)),
        ("合规", "1", Some(false)),
        ("到位", "\"62.46万元\"", Some(true)),
        ("到位", "1e-7", None),
        // Past the magnitude a fact may have.
        ("到位", "1e21", Some(false)),
        // An escaped string is read as the text it stands for: 明显.
        ("效果", "\"\\u660e\\u663e\"", Some(true)),
        ("效果", "\"很好\"", Some(false)),
    ];
    for (key, value, quick_expected) in cases {
        let text = row(Some((key, value)));
        let quick = read(&text, &compiled);
        let full = parse_layers(&[(&text, Format::Json)], &compiled)
            .ok()
            .map(|facts| facts.values);
        if let Some(expected) = quick_expected {
            assert_eq!(quick.is_some(), expected, "{text}");
        }
        if quick.is_some() {
            assert_eq!(quick, full, "{text}");
        }
    }
}
