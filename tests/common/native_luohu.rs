//! A hand-written Rust scorer of the 罗湖 2024 card, written from the rule text
//! of the report's annex (shared/seeds/000_f948bf8bcbec9eda.txt, 附件「项目绩效
//! 指标体系评分表」, and the framework's common indicators it takes over) over
//! rust_decimal — not generated from jixiao. It is the yardstick of the
//! benchmark (benches/luohu.rs) and of the property test (tests/native.rs),
//! which both include this one file.
//!
//! Each score is clamped to [0, weight] and rounded once to 2 places, half
//! away from zero. Ratios are computed weight × numerator ÷ denominator, one
//! division of exact decimals, so no intermediate rounding reaches the score.

#![allow(dead_code)]

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer};
use std::str::FromStr;

/// The yes/no facts of the card, in the order of their JSON keys.
pub const YES_NO: [&str; 31] = [
    "立项符合法规",
    "立项符合行业规划",
    "属于部门履职所需",
    "属于公共财政支持范围",
    "与同类项目重复",
    "按规定程序申请设立",
    "审批文件符合要求",
    "经过必要论证与集体决策",
    "有绩效目标",
    "目标与实际工作相关",
    "预期产出效益符合正常业绩水平",
    "目标与预算资金量匹配",
    "目标细化分解为绩效指标",
    "指标值清晰可衡量",
    "指标与目标任务数对应",
    "预算内容与年度任务匹配",
    "预算测算依据充分",
    "预算资金量与工作任务匹配",
    "资金分配依据充分",
    "资金分配额度合理",
    "符合财经法规和财务制度",
    "拨付审批程序完整",
    "符合预算批复或合同用途",
    "存在截留挤占挪用虚列支出",
    "已制定财务和业务管理制度",
    "管理制度合法合规完整",
    "遵守法律法规和管理规定",
    "调整手续完备",
    "合同验收资料齐全归档",
    "实施条件落实到位",
    "发生生产安全事故",
];

/// The numeric facts, in the order of [`Facts::numbers`]: money in 万元,
/// counts, days, and 满意度 in percent.
pub const NUMBERS: [&str; 15] = [
    "预算资金",
    "实际到位资金",
    "实际支出资金",
    "应纳入监管数",
    "纳入监管数",
    "制定安全生产管理标准数",
    "排查企业数",
    "安全隐患数",
    "安全隐患整改完成数",
    "排查延迟天数",
    "合同总价额",
    "合同已支付金额",
    "重点时段应出台保障措施数",
    "重点时段出台保障措施数",
    "满意度",
];

/// 综合治理效果.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Effect {
    /// 明显
    #[serde(rename = "明显")]
    Marked,
    /// 一般
    #[serde(rename = "一般")]
    Fair,
    /// 没有
    #[serde(rename = "没有")]
    None,
}

impl Effect {
    /// As the facts file writes it.
    pub fn word(self) -> &'static str {
        match self {
            Effect::Marked => "明显",
            Effect::Fair => "一般",
            Effect::None => "没有",
        }
    }
}

/// One project's facts, as a JSON row writes them (money in 万元, 满意度 in
/// percent).
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)]
pub struct Facts {
    #[serde(rename = "立项符合法规")]
    pub lawful: bool,
    #[serde(rename = "立项符合行业规划")]
    pub planned: bool,
    #[serde(rename = "属于部门履职所需")]
    pub duty: bool,
    #[serde(rename = "属于公共财政支持范围")]
    pub public_finance: bool,
    #[serde(rename = "与同类项目重复")]
    pub duplicate: bool,
    #[serde(rename = "按规定程序申请设立")]
    pub applied: bool,
    #[serde(rename = "审批文件符合要求")]
    pub approved: bool,
    #[serde(rename = "经过必要论证与集体决策")]
    pub deliberated: bool,
    #[serde(rename = "有绩效目标")]
    pub has_goal: bool,
    #[serde(rename = "目标与实际工作相关")]
    pub goal_relevant: bool,
    #[serde(rename = "预期产出效益符合正常业绩水平")]
    pub goal_normal: bool,
    #[serde(rename = "目标与预算资金量匹配")]
    pub goal_budget: bool,
    #[serde(rename = "目标细化分解为绩效指标")]
    pub goal_indicators: bool,
    #[serde(rename = "指标值清晰可衡量")]
    pub measurable: bool,
    #[serde(rename = "指标与目标任务数对应")]
    pub matches_tasks: bool,
    #[serde(rename = "预算内容与年度任务匹配")]
    pub budget_tasks: bool,
    #[serde(rename = "预算测算依据充分")]
    pub budget_basis: bool,
    #[serde(rename = "预算资金量与工作任务匹配")]
    pub budget_amount: bool,
    #[serde(rename = "资金分配依据充分")]
    pub allocation_basis: bool,
    #[serde(rename = "资金分配额度合理")]
    pub allocation_amount: bool,
    #[serde(rename = "符合财经法规和财务制度")]
    pub financial_rules: bool,
    #[serde(rename = "拨付审批程序完整")]
    pub payment_approval: bool,
    #[serde(rename = "符合预算批复或合同用途")]
    pub proper_use: bool,
    #[serde(rename = "存在截留挤占挪用虚列支出")]
    pub misuse: bool,
    #[serde(rename = "已制定财务和业务管理制度")]
    pub has_rules: bool,
    #[serde(rename = "管理制度合法合规完整")]
    pub rules_sound: bool,
    #[serde(rename = "遵守法律法规和管理规定")]
    pub obeys: bool,
    #[serde(rename = "调整手续完备")]
    pub adjustments: bool,
    #[serde(rename = "合同验收资料齐全归档")]
    pub archived: bool,
    #[serde(rename = "实施条件落实到位")]
    pub conditions: bool,
    #[serde(rename = "发生生产安全事故")]
    pub accident: bool,
    #[serde(rename = "预算资金", deserialize_with = "decimal")]
    pub budget: Decimal,
    #[serde(rename = "实际到位资金", deserialize_with = "decimal")]
    pub received: Decimal,
    #[serde(rename = "实际支出资金", deserialize_with = "decimal")]
    pub spent: Decimal,
    #[serde(rename = "应纳入监管数", deserialize_with = "decimal")]
    pub to_supervise: Decimal,
    #[serde(rename = "纳入监管数", deserialize_with = "decimal")]
    pub supervised: Decimal,
    #[serde(rename = "制定安全生产管理标准数", deserialize_with = "decimal")]
    pub standards: Decimal,
    #[serde(rename = "排查企业数", deserialize_with = "decimal")]
    pub inspected: Decimal,
    #[serde(rename = "安全隐患数", deserialize_with = "decimal")]
    pub hazards: Decimal,
    #[serde(rename = "安全隐患整改完成数", deserialize_with = "decimal")]
    pub fixed: Decimal,
    #[serde(rename = "排查延迟天数", deserialize_with = "decimal")]
    pub days_late: Decimal,
    #[serde(rename = "合同总价额", deserialize_with = "decimal")]
    pub contract: Decimal,
    #[serde(rename = "合同已支付金额", deserialize_with = "decimal")]
    pub paid: Decimal,
    #[serde(rename = "重点时段应出台保障措施数", deserialize_with = "decimal")]
    pub measures_due: Decimal,
    #[serde(rename = "重点时段出台保障措施数", deserialize_with = "decimal")]
    pub measures: Decimal,
    #[serde(rename = "满意度", deserialize_with = "percent")]
    pub satisfaction: Decimal,
    #[serde(rename = "综合治理效果")]
    pub effect: Effect,
}

/// A JSON number read as the decimal it writes.
fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    Decimal::from_str(&number.to_string()).map_err(serde::de::Error::custom)
}

/// A percent written as text with its sign (`"92.5%"`), its number in percent.
fn percent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    let number = text.trim().strip_suffix('%').unwrap_or(&text);
    Decimal::from_str(number).map_err(serde::de::Error::custom)
}

impl Facts {
    /// The yes/no facts, in the order of [`YES_NO`].
    pub fn yes_no(&self) -> [bool; 31] {
        [
            self.lawful,
            self.planned,
            self.duty,
            self.public_finance,
            self.duplicate,
            self.applied,
            self.approved,
            self.deliberated,
            self.has_goal,
            self.goal_relevant,
            self.goal_normal,
            self.goal_budget,
            self.goal_indicators,
            self.measurable,
            self.matches_tasks,
            self.budget_tasks,
            self.budget_basis,
            self.budget_amount,
            self.allocation_basis,
            self.allocation_amount,
            self.financial_rules,
            self.payment_approval,
            self.proper_use,
            self.misuse,
            self.has_rules,
            self.rules_sound,
            self.obeys,
            self.adjustments,
            self.archived,
            self.conditions,
            self.accident,
        ]
    }

    /// The numeric facts, in the order of [`NUMBERS`].
    pub fn numbers(&self) -> [Decimal; 15] {
        [
            self.budget,
            self.received,
            self.spent,
            self.to_supervise,
            self.supervised,
            self.standards,
            self.inspected,
            self.hazards,
            self.fixed,
            self.days_late,
            self.contract,
            self.paid,
            self.measures_due,
            self.measures,
            self.satisfaction,
        ]
    }

    /// The facts as one JSON object on one line, numbers as written; 满意度
    /// as text with its percent sign, since a bare 0.92 reads two ways.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        for (name, value) in YES_NO.iter().zip(self.yes_no()) {
            out.push_str(&format!("\"{name}\":{value},"));
        }
        for (name, value) in NUMBERS.iter().zip(self.numbers()) {
            match *name {
                "满意度" => out.push_str(&format!("\"{name}\":\"{value}%\",")),
                _ => out.push_str(&format!("\"{name}\":{value},")),
            }
        }
        out.push_str(&format!("\"综合治理效果\":\"{}\"}}", self.effect.word()));
        out
    }
}

/// The card's 21 indicators, in tree order.
pub const INDICATORS: usize = 21;

/// A scored project: each indicator's score (`None` where a denominator is
/// 0) and the total (`None` if any indicator has none).
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Per indicator, in tree order.
    pub scores: [Option<Decimal>; INDICATORS],
    /// The sum of the scores.
    pub total: Option<Decimal>,
}

/// Points for a yes: `points` if it holds, else 0.
fn item(holds: bool, points: Decimal) -> Decimal {
    if holds {
        points
    } else {
        Decimal::ZERO
    }
}

/// Clamped to [0, weight] and rounded to 2 places, half away from zero.
fn finish(raw: Decimal, weight: Decimal) -> Decimal {
    raw.max(Decimal::ZERO)
        .min(weight)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// weight × part ÷ whole, or `None` when the whole is 0.
fn share(weight: Decimal, part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| weight * part / whole)
}

/// Scores one project.
pub fn score(facts: &Facts) -> Card {
    let (y, n) = (facts, facts);
    let d = |text: &str| Decimal::from_str(text).unwrap_or_default();
    let (half, one, one_and_half, two_and_half) = (d("0.5"), Decimal::ONE, d("1.5"), d("2.5"));
    let w = Decimal::from;
    let raw: [Option<Decimal>; INDICATORS] = [
        // 决策 · 项目立项: 立项依据充分性 (4), 立项程序规范性 (3, 前提 ①).
        Some(
            item(y.lawful, half)
                + item(y.planned, one)
                + item(y.duty, one)
                + item(y.public_finance, one)
                + item(!y.duplicate, half),
        ),
        Some(if y.applied {
            one + item(y.approved, one) + item(y.deliberated, one)
        } else {
            Decimal::ZERO
        }),
        // 绩效目标: 合理性 (4), 明确性 (3).
        Some(
            item(y.has_goal, one)
                + item(y.goal_relevant, one)
                + item(y.goal_normal, one)
                + item(y.goal_budget, one),
        ),
        Some(item(y.goal_indicators, one) + item(y.measurable, one) + item(y.matches_tasks, one)),
        // 资金投入: 预算编制科学性 (3), 资金分配合理性 (3).
        Some(item(y.budget_tasks, one) + item(y.budget_basis, one) + item(y.budget_amount, one)),
        Some(item(y.allocation_basis, one_and_half) + item(y.allocation_amount, one_and_half)),
        // 资金管理: 资金到位率 = 到位 ÷ 预算 × 权重 (2).
        share(w(2), n.received, n.budget),
        // 预算执行率 (4): 100% full; each point (or part of one) below, −0.1.
        execution(n.spent, n.received),
        // 资金使用合规性 (4, 前提 ①).
        Some(if y.financial_rules {
            one + item(y.payment_approval, one) + item(y.proper_use, one) + item(!y.misuse, one)
        } else {
            Decimal::ZERO
        }),
        // 组织实施: 管理制度健全性 (5), 制度执行有效性 (5).
        Some(item(y.has_rules, two_and_half) + item(y.rules_sound, two_and_half)),
        Some(
            item(y.obeys, w(2))
                + item(y.adjustments, one)
                + item(y.archived, one)
                + item(y.conditions, one),
        ),
        // 产出数量: each 家 short −0.5 of 7; each 个 short of 2 −1.5 of 3.
        Some(w(7) - (n.to_supervise - n.supervised).max(Decimal::ZERO) * half),
        Some(w(3) - (w(2) - n.standards).max(Decimal::ZERO) * one_and_half),
        // 产出质量: coverage × 5, rectification × 5.
        share(w(5), n.inspected, n.supervised),
        share(w(5), n.fixed, n.hazards),
        // 产出时效: each day late −0.1 of 6.
        Some(w(6) - n.days_late.max(Decimal::ZERO) * d("0.1")),
        // 产出成本: paid ÷ contract × 4.
        share(w(4), n.paid, n.contract),
        // 社会效益: no accident 8; each measure short −2 of 8; effect tiers.
        Some(item(!y.accident, w(8))),
        Some(w(8) - (n.measures_due - n.measures).max(Decimal::ZERO) * w(2)),
        Some(match facts.effect {
            Effect::Marked => w(8),
            Effect::Fair => w(8) * d("0.6"),
            Effect::None => Decimal::ZERO,
        }),
        // 满意度: ≥ 95% full, else 6 × 满意度 ÷ 95%.
        Some(if n.satisfaction >= w(95) {
            w(6)
        } else {
            w(6) * n.satisfaction / w(95)
        }),
    ];
    const WEIGHTS: [i64; INDICATORS] = [
        4, 3, 4, 3, 3, 3, 2, 4, 4, 5, 5, 7, 3, 5, 5, 6, 4, 8, 8, 8, 6,
    ];
    let mut scores = [None; INDICATORS];
    for (slot, (raw, weight)) in scores.iter_mut().zip(raw.into_iter().zip(WEIGHTS)) {
        *slot = raw.map(|raw| finish(raw, Decimal::from(weight)));
    }
    let total = scores
        .iter()
        .try_fold(Decimal::ZERO, |sum, score| Some(sum + (*score)?));
    Card { scores, total }
}

/// 预算执行率 = 支出 ÷ 到位: at 100% or more 4 分; below, 0.1 per percentage
/// point short, a part of a point counted as a whole one.
fn execution(spent: Decimal, received: Decimal) -> Option<Decimal> {
    if received.is_zero() {
        return None;
    }
    if spent >= received {
        return Some(Decimal::from(4));
    }
    // Points short = (到位 − 支出) × 100 ÷ 到位, rounded up exactly.
    let short = (received - spent) * Decimal::ONE_HUNDRED;
    let whole = (short / received).trunc();
    let points = if whole * received < short {
        whole + Decimal::ONE
    } else {
        whole
    };
    Some(Decimal::from(4) - points * Decimal::from_str("0.1").unwrap_or_default())
}

impl Facts {
    /// Facts from the values of [`YES_NO`] and [`NUMBERS`], in their order.
    pub fn from_parts(yes_no: [bool; 31], numbers: [Decimal; 15], effect: Effect) -> Facts {
        let [lawful, planned, duty, public_finance, duplicate, applied, approved, deliberated, has_goal, goal_relevant, goal_normal, goal_budget, goal_indicators, measurable, matches_tasks, budget_tasks, budget_basis, budget_amount, allocation_basis, allocation_amount, financial_rules, payment_approval, proper_use, misuse, has_rules, rules_sound, obeys, adjustments, archived, conditions, accident] =
            yes_no;
        let [budget, received, spent, to_supervise, supervised, standards, inspected, hazards, fixed, days_late, contract, paid, measures_due, measures, satisfaction] =
            numbers;
        Facts {
            lawful,
            planned,
            duty,
            public_finance,
            duplicate,
            applied,
            approved,
            deliberated,
            has_goal,
            goal_relevant,
            goal_normal,
            goal_budget,
            goal_indicators,
            measurable,
            matches_tasks,
            budget_tasks,
            budget_basis,
            budget_amount,
            allocation_basis,
            allocation_amount,
            financial_rules,
            payment_approval,
            proper_use,
            misuse,
            has_rules,
            rules_sound,
            obeys,
            adjustments,
            archived,
            conditions,
            accident,
            budget,
            received,
            spent,
            to_supervise,
            supervised,
            standards,
            inspected,
            hazards,
            fixed,
            days_late,
            contract,
            paid,
            measures_due,
            measures,
            satisfaction,
            effect,
        }
    }

    /// A plausible project from a source of random numbers: mostly good
    /// marks, with shortfalls, late days and the odd zero denominator.
    pub fn sample(random: &mut impl FnMut() -> u64) -> Facts {
        let mut yes_no = [true; 31];
        for value in &mut yes_no {
            *value = !random().is_multiple_of(10);
        }
        let mut pick = |below: u64| random() % below;
        let money = |cents: u64| Decimal::new(cents as i64, 2);
        let budget = 1_000 + pick(100_000);
        let received = budget - pick(budget / 10 + 1);
        let spent = received - pick(received / 8 + 1);
        let due = 100 + pick(400);
        let supervised = due - pick(5);
        let hazards = pick(900);
        let contract = 500 + pick(90_000);
        let numbers = [
            money(budget),
            money(received),
            money(spent),
            Decimal::from(due),
            Decimal::from(supervised),
            Decimal::from(pick(4)),
            Decimal::from(supervised - pick(3).min(supervised)),
            Decimal::from(hazards),
            Decimal::from(hazards - pick(4).min(hazards)),
            Decimal::from(pick(3) * pick(30)),
            money(contract),
            money(contract - pick(contract / 5 + 1)),
            Decimal::from(4),
            Decimal::from(4 - pick(3)),
            Decimal::new(8_000 + pick(2_001) as i64, 2),
        ];
        let effect = [Effect::Marked, Effect::Marked, Effect::Fair, Effect::None][pick(4) as usize];
        Facts::from_parts(yes_no, numbers, effect)
    }
}
