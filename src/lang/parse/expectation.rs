//! The [`Expectation`] vocabulary a syntax error names what should be
//! written with: what pest wanted where it failed, in an officer's words.

use super::error::GENERAL_HELP;
use super::grammar::Rule;

/// What the grammar wanted where it failed, grouped the way an officer
/// thinks of the file rather than by grammar rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expectation {
    Header,
    HeaderItem,
    Facts,
    FactDecl,
    FactType,
    Grade,
    Rounding,
    GroupOrIndicator,
    TopLevel,
    IndicatorItem,
    ChecklistItem,
    ItemLabel,
    Clause,
    Outcome,
    Comparison,
    Value,
    Unit,
    Text,
    Colon,
    Close,
    End,
    Other,
}

impl Expectation {
    /// What pest wanted where it tried the grammar rules `positives` and the
    /// literal `tokens`: the first kind that fits, narrowest first.
    pub(super) fn of(positives: &[Rule], tokens: &[String]) -> Expectation {
        let wanted = Wanted { positives, tokens };
        if positives.is_empty() && wanted.colon() {
            return Expectation::Colon;
        }
        wanted
            .outcome()
            .or_else(|| wanted.block())
            .or_else(|| wanted.header_or_facts())
            .or_else(|| wanted.rule_part())
            .unwrap_or_else(|| wanted.punctuation())
    }

    /// What should be written, in the officer's words.
    pub(super) fn words(self) -> &'static str {
        match self {
            Expectation::Header => "「体系 \"项目名称\" { … }」",
            Expectation::HeaderItem => "「满分」「等级」「保留」「来源」之一，或结束的「}」",
            Expectation::Facts => "「事实 { … }」",
            Expectation::FactDecl => "事实声明（例如「预算资金: 万元」），或结束的「}」",
            Expectation::FactType => "事实的类型：单位（万元、家、% 等）、是否、日期、数值或档次（…）",
            Expectation::Grade => "等级，例如「优: >= 90」",
            Expectation::Rounding => "舍入方式，例如「保留 2 位小数，四舍五入」",
            Expectation::GroupOrIndicator => "「一级」「二级」「指标」，或结束的「}」",
            Expectation::TopLevel => "下一个「一级 名称（权重分）{ … }」，或文件结尾",
            Expectation::IndicatorItem => "「完成值 =」「标杆值」「要点 {」「前提」「评分 {」之一，或结束的「}」",
            Expectation::ChecklistItem => "要点，例如「① 1分: 立项符合法规」",
            Expectation::ItemLabel => "要点编号（①②③…）",
            Expectation::Clause => "评分规则（例如「完成值 >= 100% 得满分」「每降低1个百分点扣0.1分」「否则 得0分」），或结束的「}」",
            Expectation::Outcome => "得分结果，例如「得满分」「得0分」「得权重分60%」「按比例扣分」",
            Expectation::Comparison => "比较符号（>=、>、<=、<、=）",
            Expectation::Value => "一个数值或事实名",
            Expectation::Unit => "单位（万元、家、% 等）",
            Expectation::Text => "带引号的文字，例如 \"项目名称\"",
            Expectation::Colon => "冒号「:」",
            Expectation::Close => "结束的括号",
            Expectation::End => "文件结尾",
            Expectation::Other => "合法的内容",
        }
    }

    /// How to fix the text where `found` stands; `declared` tells whether
    /// `found` is a name the ruleset declares.
    pub(super) fn help(self, found: &str, declared: bool) -> &'static str {
        if let Some('「' | '」' | '『' | '』' | '【' | '】' | '‘' | '’') = found.chars().next()
        {
            return "文字用双引号括起来：\"…\" 或 “…”";
        }
        match self {
            Expectation::Header => "规则文件以「体系 \"项目名称\" { 满分 100 }」开头",
            Expectation::HeaderItem => "「体系」块里只写满分、等级、保留位数和来源，例如「满分 100」",
            Expectation::Facts => "「体系」之后是「事实 { … }」，声明规则用到的每个事实",
            Expectation::FactDecl => "每个事实写作「名称: 类型」，例如「实际支出资金: 万元」「满意度: %」",
            Expectation::FactType => "冒号后写类型，例如「万元」「家」「%」「是否」「日期」「档次（明显，一般，没有）」",
            Expectation::Grade => "等级写作「优: >= 90；良: >= 80；中: >= 60；差」",
            Expectation::Rounding => {
                "写作「保留 2 位小数，四舍五入」；舍入方式还可写「向上舍入」（进一）或「向下舍入」（去尾）"
            }
            Expectation::GroupOrIndicator if declared => {
                "评分规则要写在「指标 名称（权重分）{ … 评分 { … } }」之内"
            }
            Expectation::GroupOrIndicator => "每个指标写作「指标 名称（4分）{ … }」，指标放在「一级」「二级」之内",
            Expectation::TopLevel => "最后一个「一级」结束后多出了内容：删去它，或放进某个指标里；说明文字写成以 # 开头的注释",
            Expectation::IndicatorItem if declared || found.starts_with('每') => {
                "评分规则要写在「评分 { … }」之内"
            }
            Expectation::IndicatorItem => "指标内写「完成值 = …」「标杆值 …」，再写「评分 { … }」或「要点 { … }」",
            Expectation::ChecklistItem => "每个要点写作「编号 分值: 条件」，例如「② 1分: 审批文件符合要求」",
            Expectation::ItemLabel => "要点编号用带圈数字 ①–⑳",
            Expectation::Clause => "每条规则写作「条件 得分结果」或「每降低…扣…分」，规则之间用「；」或换行",
            Expectation::Outcome => "条件之后要写出满足条件时的得分",
            Expectation::Comparison => "条件写作「完成值 >= 95%」",
            Expectation::Value => "这里需要一个数值（例如 95%、62.46万元）或一个已声明的事实名",
            Expectation::Unit => "写出单位，例如「万元」「家」「%」；声明的单位写作「万千瓦时 = 10000千瓦时」",
            Expectation::Text => "标题等文字用双引号括起来",
            Expectation::Colon => "冒号前后分别是名称与内容，例如「满意度: %」「① 1分: 立项符合法规」",
            Expectation::Close => "检查括号是否成对",
            Expectation::End => "文件在这里之前已经完整；多出的内容应放进某个块里，或删去",
            Expectation::Other => GENERAL_HELP,
        }
    }
}

/// What pest tried where it failed: grammar rules and literal tokens.
struct Wanted<'a> {
    positives: &'a [Rule],
    tokens: &'a [String],
}

impl Wanted<'_> {
    /// Whether pest tried any of `rules`.
    fn any(&self, rules: &[Rule]) -> bool {
        rules.iter().any(|rule| self.positives.contains(rule))
    }

    /// Whether pest tried the literal `word`.
    fn token(&self, word: &str) -> bool {
        self.tokens.iter().any(|token| token == word)
    }

    /// Whether pest tried a colon, half- or full-width.
    fn colon(&self) -> bool {
        self.token(":") || self.token("：")
    }

    /// The score a condition gives: 得满分, 得0分 …
    fn outcome(&self) -> Option<Expectation> {
        (self.any(&[
            Rule::full_score,
            Rule::share_score,
            Rule::fixed_score,
            Rule::zero_score,
            Rule::flat_deduction,
            Rule::proportional,
            Rule::discretion,
        ]) || self.token("扣"))
        .then_some(Expectation::Outcome)
    }

    /// The blocks of the evaluation tree: 一级, 二级, 指标, and what an
    /// indicator holds.
    fn block(&self) -> Option<Expectation> {
        if self.any(&[Rule::EOI]) && self.any(&[Rule::level, Rule::group]) {
            Some(Expectation::TopLevel)
        } else if self.any(&[Rule::level, Rule::indicator, Rule::group])
            && !self.any(&[Rule::header, Rule::facts])
        {
            Some(Expectation::GroupOrIndicator)
        } else if self.any(&[
            Rule::actual,
            Rule::target,
            Rule::checklist,
            Rule::gate,
            Rule::scoring,
        ]) {
            Some(Expectation::IndicatorItem)
        } else {
            None
        }
    }

    /// What comes before the tree: 体系 and its items, 事实 and its
    /// declarations.
    fn header_or_facts(&self) -> Option<Expectation> {
        if self.any(&[Rule::fact_decl]) {
            Some(Expectation::FactDecl)
        } else if self.any(&[
            Rule::tier_type,
            Rule::bool_type,
            Rule::date_type,
            Rule::number_type,
        ]) {
            Some(Expectation::FactType)
        } else if self.any(&[Rule::full_marks, Rule::grades, Rule::rounding, Rule::source]) {
            Some(Expectation::HeaderItem)
        } else if self.any(&[Rule::header, Rule::import, Rule::library]) || self.token("体系") {
            Some(Expectation::Header)
        } else if self.any(&[Rule::facts]) {
            Some(Expectation::Facts)
        } else if self.any(&[Rule::grade_band]) {
            Some(Expectation::Grade)
        } else if self.any(&[Rule::rounding_mode]) || self.token("位小数") {
            Some(Expectation::Rounding)
        } else {
            None
        }
    }

    /// The parts of a rule: checklist items, clauses, comparisons, values.
    fn rule_part(&self) -> Option<Expectation> {
        if self.any(&[Rule::item]) {
            Some(Expectation::ChecklistItem)
        } else if self.any(&[
            Rule::formula,
            Rule::otherwise,
            Rule::when,
            Rule::tier_rule,
            Rule::deduction,
            Rule::conjunct,
            Rule::tier_arm,
        ]) {
            Some(Expectation::Clause)
        } else if self.any(&[Rule::item_label]) {
            Some(Expectation::ItemLabel)
        } else if self.any(&[Rule::cmp_op]) {
            Some(Expectation::Comparison)
        } else if self.any(&[
            Rule::name,
            Rule::quantity,
            Rule::number,
            Rule::keyword_value,
            Rule::date,
            Rule::expr,
            Rule::integer,
            Rule::points,
            Rule::tier_label,
            Rule::count,
            Rule::chinese_number,
            Rule::bound_value,
            Rule::range_ends,
        ]) {
            Some(Expectation::Value)
        } else if self.any(&[Rule::unit]) {
            Some(Expectation::Unit)
        } else if self.any(&[Rule::string]) {
            Some(Expectation::Text)
        } else {
            None
        }
    }

    /// Punctuation or the end of the file, when no rule fits.
    fn punctuation(&self) -> Expectation {
        if self.colon() {
            Expectation::Colon
        } else if self.token("}") || self.token("）") || self.token(")") {
            Expectation::Close
        } else if self.any(&[Rule::EOI]) {
            Expectation::End
        } else {
            Expectation::Other
        }
    }
}
