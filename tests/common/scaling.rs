//! Large rulesets for the scaling checks (tests/scaling.rs and
//! examples/scaling.rs): each grows with `n` in one direction only.

/// A ruleset of `n` indicators, each worth 1 分 and scored by one 要点 on its
/// own yes/no fact `F{k}`, and facts that answer every one yes, with a
/// 报告 table claiming 1 分 for each and `n` in all.
pub fn many_indicators(n: usize) -> (String, String) {
    let facts: String = (0..n).map(|k| format!("  F{k}: 是否\n")).collect();
    let indicators: String = (0..n)
        .map(|k| format!("    指标 I{k}（1分）{{ 要点 {{ ① 1分：F{k} }} }}\n"))
        .collect();
    let ruleset = format!(
        "体系 \"规模\" {{ 满分 {n} }}\n事实 {{\n{facts}}}\n\
         一级 甲（{n}分）{{ 二级 乙（{n}分）{{\n{indicators}}} }}\n"
    );
    let answers: String = (0..n).map(|k| format!("\"F{k}\" = true\n")).collect();
    let claims: String = (0..n).map(|k| format!("\"I{k}\" = 1\n")).collect();
    let facts = format!("{answers}\n[\"报告\"]\n\"总分\" = {n}\n\n[\"报告\".\"得分\"]\n{claims}");
    (ruleset, facts)
}

/// A ruleset of one indicator whose 评分 block has `n` clauses, each
/// narrowing the same count: `完成值 >= n个 得1分`, …, `完成值 >= 1个 得1分`,
/// then `否则 得0分`.
pub fn many_clauses(n: usize) -> String {
    let clauses: String = (0..n)
        .map(|k| format!("      完成值 >= {}个 得1分\n", n - k))
        .collect();
    format!(
        "体系 \"规模\" {{ 满分 1 }}\n事实 {{\n  X: 个\n}}\n\
         一级 甲（1分）{{ 二级 乙（1分）{{\n  指标 丙（1分）{{\n    完成值 = X\n\
         评分 {{\n{clauses}      否则 得0分\n    }}\n  }}\n}} }}\n"
    )
}
