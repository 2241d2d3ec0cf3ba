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

/// A ruleset of `n` indicators as real ones are written, each reading its
/// own money facts with a declared range (`A{k}`, `B{k}`, a budget of at
/// least 1万元, so never 0): 完成值 = A ÷ B × 100%, full marks at 100%, 0.1
/// off per percentage point short, a part of a point counted whole. Facts give 99.5% everywhere: 4 − 0.1 = 3.9 each.
pub fn many_rated_indicators(n: usize) -> (String, String) {
    let facts: String = (0..n)
        .map(|k| format!("  A{k}: 万元 在 0万元..1000万元\n  B{k}: 万元 在 1万元..1000万元\n"))
        .collect();
    let indicators: String = (0..n)
        .map(|k| {
            format!(
                "    指标 I{k}（4分）{{\n      完成值 = A{k} / B{k} × 100%\n      标杆值 100%\n      \
                 评分 {{ 完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 }}\n    }}\n"
            )
        })
        .collect();
    let total = 4 * n;
    let ruleset = format!(
        "体系 \"规模\" {{ 满分 {total} }}\n事实 {{\n{facts}}}\n\
         一级 甲（{total}分）{{ 二级 乙（{total}分）{{\n{indicators}}} }}\n"
    );
    let values: String = (0..n)
        .map(|k| format!("\"A{k}\" = 99.5\n\"B{k}\" = 100\n"))
        .collect();
    (ruleset, values)
}
