//! What checking reports. Errors (an undefined name, a unit mismatch) stop
//! compilation; warnings (weights that do not add up, a fact never used) are
//! reported alongside.

use crate::lang::units::Ty;
use miette::{Diagnostic, LabeledSpan, SourceSpan};
use rust_decimal::Decimal;
use thiserror::Error;

/// A mistake (or a doubtful place) in a ruleset.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum CheckError {
    /// A name that is neither a declared fact nor the indicator itself.
    #[error("「{name}」没有在「事实」中声明")]
    #[diagnostic(code(jixiao::check::undefined_name))]
    UndefinedName {
        /// The name.
        name: String,
        /// Where it is used.
        #[label("这里用到它")]
        span: SourceSpan,
        /// A suggestion.
        #[help]
        help: String,
    },
    /// A number followed by a word the unit table does not know (`100床位`).
    #[error("「{unit}」不是已知的单位")]
    #[diagnostic(code(jixiao::parse::unknown_unit))]
    UnknownUnit {
        /// The word after the number.
        unit: String,
        /// Where the quantity is.
        #[label("这个数量")]
        span: SourceSpan,
        /// The known units.
        #[help]
        help: String,
    },
    /// Another indicator's name used as a value.
    #[error("「{name}」是另一个指标，规则里不能引用它")]
    #[diagnostic(
        code(jixiao::check::indicator_reference),
        help(
            "规则只能用已声明的事实，以及本指标的「完成值」「标杆值」「权重」；\
             要用同样的数，直接写出它的算式，例如「实际支出资金 / 实际到位资金 × 100%」"
        )
    )]
    IndicatorReference {
        /// The other indicator's name.
        name: String,
        /// Where it is used.
        #[label("另一个指标")]
        span: SourceSpan,
        /// The other indicator.
        #[label("它在这里定义")]
        defined: SourceSpan,
    },
    /// A fact, indicator, tier level, checklist item or grade declared twice.
    #[error("{what}「{name}」重复声明")]
    #[diagnostic(
        code(jixiao::check::duplicate_name),
        help("名称须唯一：改名，或删去其中一处")
    )]
    DuplicateName {
        /// 事实, 指标, 档次, 要点编号 or 等级.
        what: &'static str,
        /// The name.
        name: String,
        /// The second declaration.
        #[label("再次声明")]
        span: SourceSpan,
        /// The first declaration.
        #[label("首次声明")]
        first: SourceSpan,
    },
    /// A tier label the fact does not declare.
    #[error("「{fact}」没有档次「{label}」")]
    #[diagnostic(code(jixiao::check::undefined_tier))]
    UndefinedTier {
        /// The label.
        label: String,
        /// The fact.
        fact: String,
        /// Where.
        #[label("未声明的档次")]
        span: SourceSpan,
        /// The declared levels.
        #[help]
        help: String,
    },
    /// Two operands of different units.
    #[error("单位不一致：{left} 与 {right} 不能{operation}")]
    #[diagnostic(code(jixiao::check::unit_mismatch))]
    UnitMismatch {
        /// The left operand's type.
        left: Ty,
        /// The right operand's type.
        right: Ty,
        /// What was attempted: 相加, 比较 …
        operation: &'static str,
        /// The left operand.
        #[label("{left}")]
        left_span: SourceSpan,
        /// The right operand.
        #[label("{right}")]
        right_span: SourceSpan,
        /// How to fix it, for this operation.
        #[help]
        help: String,
    },
    /// A number without a unit beside a percent: 95 would mean 9500%.
    #[error("这个数值没有单位，而另一边是百分比")]
    #[diagnostic(
        code(jixiao::check::percent_without_unit),
        help("在数值后加 %，例如「95%」；不带单位的 95 会被当作比值 95，即 9500%")
    )]
    PercentWithoutUnit {
        /// The number.
        #[label("缺少 %")]
        span: SourceSpan,
        /// The percent beside it.
        #[label("百分比")]
        percent: SourceSpan,
    },
    /// A number without a unit beside a quantity in 万元 (or another unit that
    /// is not the base one): 100 would mean 100元.
    #[error("这个数值没有单位，而另一边以「{unit}」计")]
    #[diagnostic(
        code(jixiao::check::number_without_unit),
        help("在数值后写上单位，例如「100{unit}」；不带单位的数按「{base}」计，100 即 100{base}")
    )]
    NumberWithoutUnit {
        /// The unit of the quantity beside it: 万元.
        unit: String,
        /// The base unit a bare number is counted in: 元.
        base: String,
        /// The number.
        #[label("缺少单位")]
        span: SourceSpan,
        /// The quantity beside it.
        #[label("{unit}")]
        quantity: SourceSpan,
    },
    /// `完成值 >= 95个百分点`: a difference of percents used as a percent.
    #[error("「{text}」是两个百分比之差，不能当作百分比使用")]
    #[diagnostic(code(jixiao::check::percentage_point_as_percent))]
    PercentagePointAsPercent {
        /// The literal as written.
        text: String,
        /// The literal.
        #[label("个百分点")]
        span: SourceSpan,
        /// The percent it is compared with, if any.
        #[label("百分比")]
        percent: Option<SourceSpan>,
        /// How to write it.
        #[help]
        help: String,
    },
    /// A value of the wrong type where a specific one is required.
    #[error("这里需要{expected}，但「{text}」是{found}")]
    #[diagnostic(code(jixiao::check::wrong_type))]
    WrongType {
        /// What is needed.
        expected: &'static str,
        /// What was found.
        found: Ty,
        /// The expression's text.
        text: String,
        /// Where.
        #[label("{found}")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// A declared range that cannot be: reversed, or on a yes/no fact.
    #[error("事实「{fact}」的范围有误：{problem}")]
    #[diagnostic(code(jixiao::check::bad_range))]
    BadRange {
        /// The fact.
        fact: String,
        /// What is wrong.
        problem: String,
        /// The range.
        #[label("范围")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// A rule uses 完成值 or 标杆值 that the indicator does not give.
    #[error("指标「{indicator}」的评分用到{what}，但没有给出")]
    #[diagnostic(code(jixiao::check::missing_value))]
    MissingValue {
        /// The indicator.
        indicator: String,
        /// 完成值 or 标杆值.
        what: &'static str,
        /// Where it is used.
        #[label("用到{what}")]
        span: SourceSpan,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// An indicator without 要点 or 评分.
    #[error("指标「{indicator}」没有评分规则")]
    #[diagnostic(
        code(jixiao::check::missing_rule),
        help("加上「评分 {{ … }}」或「要点 {{ … }}」")
    )]
    MissingRule {
        /// The indicator.
        indicator: String,
        /// The indicator.
        #[label("这个指标")]
        span: SourceSpan,
    },
    /// Some facts give no clause that applies.
    #[error("指标「{indicator}」的评分没有兜底分支：有的情况下得不到分数")]
    #[diagnostic(
        code(jixiao::check::no_fallback),
        help("最后加一条不带条件的规则，例如「否则 得0分」或「每降低1个百分点扣0.1分」；\
              各档本应覆盖全部取值时，检查是否漏了一档，或为事实声明范围，例如「预算调整率: % 在 0%以上」")
    )]
    NoFallback {
        /// The indicator.
        indicator: String,
        /// The last clause.
        #[label("条件不成立时没有下文")]
        span: SourceSpan,
    },
    /// A clause after an unconditional one.
    #[error("这条规则永远不会用到")]
    #[diagnostic(
        code(jixiao::check::unreachable_clause),
        severity(Warning),
        help("前面已有不带条件的规则，它总会先适用；删去这条或调整顺序")
    )]
    UnreachableClause {
        /// The clause.
        #[label("不会用到")]
        span: SourceSpan,
        /// The unconditional clause before it.
        #[label("这条总会先适用")]
        before: SourceSpan,
    },
    /// A clause whose condition never holds over the facts' ranges, or that
    /// the clauses before it leave no case for.
    #[error("这条{what}永远不会用到：{reason}")]
    #[diagnostic(code(jixiao::check::branch_never_taken), severity(Warning))]
    BranchNeverTaken {
        /// 规则, 要点 or 前提.
        what: &'static str,
        /// Why, in one phrase.
        reason: String,
        /// The clause, the clauses before it and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// How to fix it.
        #[help]
        help: String,
    },
    /// 前提 names an item that does not exist.
    #[error("前提引用的要点 {label} 不存在")]
    #[diagnostic(
        code(jixiao::check::undefined_item),
        help("前提应引用本指标「要点」中已有的编号")
    )]
    UndefinedItem {
        /// The label.
        label: char,
        /// Where.
        #[label("没有这个要点")]
        span: SourceSpan,
    },
    /// Children's weights do not add up to the parent's.
    #[error("{parent}为 {weight} 分，{children}权重合计却是 {sum} 分")]
    #[diagnostic(code(jixiao::check::weight_sum), severity(Warning))]
    WeightSum {
        /// The parent, in words: 一级指标「项目决策」的权重, 体系的满分.
        parent: String,
        /// 下级, or 各一级指标 under the ruleset.
        children: &'static str,
        /// Its weight.
        weight: Decimal,
        /// The children's sum.
        sum: Decimal,
        /// The parent's weight.
        #[label("{weight} 分")]
        span: SourceSpan,
        /// Each child's weight and the sum.
        #[help]
        help: String,
    },
    /// Children's weights add up to more than the parent's: a sub-total
    /// (or the total) could pass its full marks.
    #[error("{parent}为 {weight} 分，{children}权重合计却有 {sum} 分，超出 {over} 分")]
    #[diagnostic(code(jixiao::check::weight_over))]
    WeightOver {
        /// The parent, in words: 一级指标「项目决策」的权重, 体系的满分.
        parent: String,
        /// 下级, or 各一级指标 under the ruleset.
        children: &'static str,
        /// Its weight.
        weight: Decimal,
        /// The children's sum.
        sum: Decimal,
        /// How much the sum passes the weight.
        over: Decimal,
        /// The parent's weight.
        #[label("{weight} 分")]
        span: SourceSpan,
        /// Each child's weight and the sum.
        #[help]
        help: String,
    },
    /// A division whose divisor the declared ranges allow to be 0, with no
    /// rule for the 0 before it.
    #[error("指标「{indicator}」的除数按事实声明的范围可能为 0，规则没有写明为 0 时如何评分")]
    #[diagnostic(
        code(jixiao::check::zero_denominator),
        severity(Warning),
        help("除数为 0 的项目评分时会出错（eval::division_by_zero）。在这条规则之前写明为 0 时的得分，例如「分母 = 0 的，得满分」；或为事实声明不含 0 的范围")
    )]
    ZeroDenominator {
        /// The indicator.
        indicator: String,
        /// The divisor.
        #[label("这个除数可能为 0")]
        span: SourceSpan,
    },
    /// A 二者择其一 group that does not say how it chooses.
    #[error("「{group}」二者择其一，但没有写明如何选用")]
    #[diagnostic(
        code(jixiao::check::choice_unstated),
        help("在权重后写明「（20分，二者择其一，取较高者）」，或按哪个档次事实选用：「（20分，二者择其一，按选用指标）」")
    )]
    ChoiceUnstated {
        /// The group.
        group: String,
        /// Its weight.
        #[label("这里")]
        span: SourceSpan,
    },
    /// A 二者择其一 group whose children are not two or more indicators.
    #[error("「{group}」二者择其一，下级须是两个或以上的指标")]
    #[diagnostic(
        code(jixiao::check::choice_children),
        help("择其一的各下级是可供选用的评分方法，各写成一个「指标」，例如「指标 结余率（20分）」与「指标 结余变动率（20分）」")
    )]
    ChoiceChildren {
        /// The group.
        group: String,
        /// Its name.
        #[label("这一组")]
        span: SourceSpan,
    },
    /// A child of a 二者择其一 group not worth the group's weight.
    #[error("「{group}」二者择其一，下级「{child}」的权重 {weight} 分不等于 {group_weight} 分")]
    #[diagnostic(
        code(jixiao::check::choice_weight),
        help("择其一的各下级都按整个指标的权重评分，权重应与上级相同")
    )]
    ChoiceWeight {
        /// The group.
        group: String,
        /// The child.
        child: String,
        /// The child's weight.
        weight: Decimal,
        /// The group's weight.
        group_weight: Decimal,
        /// The child's name.
        #[label("这个下级")]
        span: SourceSpan,
    },
    /// A choosing fact that is not a 档次 of the children's names.
    #[error("「{fact}」须是以各下级名称为档次的档次类事实")]
    #[diagnostic(code(jixiao::check::choice_levels))]
    ChoiceLevels {
        /// The fact.
        fact: String,
        /// Where it is named.
        #[label("按这个事实选用")]
        span: SourceSpan,
        /// The declaration to write.
        #[help]
        help: String,
    },
    /// A 加分项 or 减分项 written as a 二级 group.
    #[error("{kind}「{name}」须是一级指标")]
    #[diagnostic(
        code(jixiao::check::adjustment_level),
        help("加分项、减分项加在总分上或从总分中扣除，写成「一级 加分项（最高加5分）{{ … }}」，放在各一级指标之后")
    )]
    AdjustmentLevel {
        /// 加分项 or 减分项.
        kind: &'static str,
        /// The group's name.
        name: String,
        /// The group's cap.
        #[label("写在二级")]
        span: SourceSpan,
    },
    /// A 加分项 in a ruleset that does not say whether the total may pass 满分.
    #[error("有加分项，但体系没有写明总分能否超过满分")]
    #[diagnostic(
        code(jixiao::check::total_limit_unstated),
        help("在体系的开头写「总分不超过满分」（加分后超过满分的按满分计）或「总分可超过满分」")
    )]
    TotalLimitUnstated {
        /// The 加分项's cap.
        #[label("加分项")]
        span: SourceSpan,
        /// The header.
        #[label("体系写在这里")]
        header: SourceSpan,
    },
    /// `等级为X` naming no declared band.
    #[error("「{name}」不是体系「等级」中的一档")]
    #[diagnostic(code(jixiao::check::unknown_grade))]
    UnknownGrade {
        /// The name written.
        name: String,
        /// Where.
        #[label("这个等级")]
        span: SourceSpan,
        /// The declared bands.
        #[help]
        help: String,
    },
    /// A 等级 band that earlier bands leave no total for.
    #[error("等级「{grade}」（{bound}）永远评不到：{taken_by}已包含它的全部分数")]
    #[diagnostic(
        code(jixiao::check::grade_order),
        help(
            "总分依次与各等级比较，取第一个满足的；等级要从高到低排列，\
             例如「优: >= 90；良: >= 80；中: >= 60；差」"
        )
    )]
    GradeOrder {
        /// The band never given.
        grade: String,
        /// Its bound in words.
        bound: String,
        /// The band (or bands) before it that take its totals, in words.
        taken_by: String,
        /// The band never given.
        #[label("评不到")]
        span: SourceSpan,
        /// The earlier band that takes its totals, if one alone does.
        #[label("先与这一档比较")]
        cover: Option<SourceSpan>,
    },
    /// A weight or a checklist item's points written with a minus sign.
    #[error("{what}是负数：{value} 分")]
    #[diagnostic(
        code(jixiao::check::negative_weight),
        help("权重和要点分值写不带负号的分数，例如（5分）；要扣分的要点写作「④ 扣1分: …」")
    )]
    NegativeWeight {
        /// What carries it, in words: 指标「预算执行率」的权重, 要点 ①.
        what: String,
        /// The value as written.
        value: Decimal,
        /// Where it is written.
        #[label("负数")]
        span: SourceSpan,
    },
    /// A score band whose upper end is above the indicator's weight.
    #[error("「{indicator}」的分档 {band} 分超过权重 {weight} 分")]
    #[diagnostic(
        code(jixiao::check::band_over_weight),
        help("档内得分不能高于权重；核对评分标准原文中这一档的分值与指标的权重")
    )]
    BandOverWeight {
        /// The indicator.
        indicator: String,
        /// The band as printed.
        band: String,
        /// The weight.
        weight: Decimal,
        /// Where the band is written.
        #[label("这一档")]
        span: SourceSpan,
    },
    /// A score band whose two ends are the same.
    #[error("分档 {band} 分的两端相同，档内没有可酌定的分数")]
    #[diagnostic(
        code(jixiao::check::empty_band),
        help("只有一个分数时写「得{end}分」；分档写两个不同的分数，例如「得8-9分」")
    )]
    EmptyBand {
        /// The band as printed.
        band: String,
        /// Its one end.
        end: Decimal,
        /// Where the band is written.
        #[label("两端相同")]
        span: SourceSpan,
    },
    /// Checklist points do not add up to the weight.
    #[error("「{indicator}」要点分值合计 {sum} 分，与权重 {weight} 分不符（{parts}）")]
    #[diagnostic(code(jixiao::check::checklist_points), severity(Warning))]
    ChecklistPoints {
        /// The indicator.
        indicator: String,
        /// The points' sum.
        sum: Decimal,
        /// The weight.
        weight: Decimal,
        /// Each item's points.
        parts: String,
        /// The weight.
        #[label("权重 {weight} 分")]
        span: SourceSpan,
        /// What the difference does to scores.
        #[help]
        help: String,
    },
    /// The rule's highest score over the facts' ranges is below the weight.
    #[error("指标「{indicator}」永远得不到满分：最多得 {best} 分，权重为 {weight} 分")]
    #[diagnostic(code(jixiao::check::never_full_marks), severity(Warning))]
    NeverFullMarks {
        /// The indicator.
        indicator: String,
        /// The highest score the rule can give.
        best: Decimal,
        /// The weight.
        weight: Decimal,
        /// The weight, the clauses and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// Why, and what to check.
        #[help]
        help: String,
    },
    /// The rule's lowest score over the facts' ranges is above 0.
    #[error("指标「{indicator}」永远不会得 0 分：最少也得 {worst} 分")]
    #[diagnostic(code(jixiao::check::never_zero), severity(Warning))]
    NeverZero {
        /// The indicator.
        indicator: String,
        /// The lowest score the rule can give.
        worst: Decimal,
        /// The clauses and ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// Why, and what to check.
        #[help]
        help: String,
    },
    /// A score expression (or a fixed score) outside [0, weight] before clamping.
    #[error("指标「{indicator}」这条规则的得分{range}，超出了 0 至 {weight} 分")]
    #[diagnostic(code(jixiao::check::score_out_of_range), severity(Warning))]
    ScoreOutOfRange {
        /// The indicator.
        indicator: String,
        /// 为 5 分, 在 0 至 7.2 分之间.
        range: String,
        /// The weight.
        weight: Decimal,
        /// The clause and the ranges that decide it.
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        /// What happens, and what to check.
        #[help]
        help: String,
    },
    /// A stepped deduction on a value that may fall between steps, with no
    /// rounding stated.
    #[error("「{rule}」没有说明不足{step}的零头怎么扣")]
    #[diagnostic(code(jixiao::check::step_rounding_unstated), severity(Warning))]
    StepRoundingUnstated {
        /// The rule in words: 每降低1个百分点扣0.1分.
        rule: String,
        /// The step in words: 1个百分点.
        step: String,
        /// The step.
        #[label("{why}")]
        span: SourceSpan,
        /// Why the value may fall between steps.
        why: String,
        /// The two ways to state it.
        #[help]
        help: String,
    },
    /// A condition printed without spaces that the declared names split in
    /// more than one way.
    #[error("「{text}」有不止一种读法：{readings}")]
    #[diagnostic(
        code(jixiao::check::ambiguous_reading),
        help("把想要的那一种读法照写出来，名称与关键字之间用空格分开（如上面列出的写法）")
    )]
    AmbiguousReading {
        /// The run as written.
        text: String,
        /// The run.
        #[label("按已声明的名称，这几个字可以有不同的读法")]
        span: SourceSpan,
        /// Every reading, with spaces.
        readings: String,
    },
    /// A deduction whose written subject is not the indicator's 完成值.
    #[error("「{subject}」不是指标「{indicator}」的完成值，扣分却以它为对象")]
    #[diagnostic(code(jixiao::check::deduction_subject))]
    DeductionSubject {
        /// The subject as written.
        subject: String,
        /// The indicator.
        indicator: String,
        /// The subject.
        #[label("扣分按本指标的完成值与标杆值之差计算")]
        span: SourceSpan,
        /// How to say it.
        #[help]
        help: String,
    },
    /// A declared fact no rule reads.
    #[error("事实「{name}」已声明但没有用到")]
    #[diagnostic(
        code(jixiao::check::unused_fact),
        severity(Warning),
        help("删去这条声明，或检查是否有规则本应用到它")
    )]
    UnusedFact {
        /// The fact.
        name: String,
        /// Its declaration.
        #[label("未使用")]
        span: SourceSpan,
    },
}

impl CheckError {
    /// A name read whole because its unit is not in the table: `100床位`.
    pub(super) fn unknown_unit(name: &crate::lang::span::Name) -> CheckError {
        let unit = name
            .text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        // `100床位以上` is read as one name; the unit is 床位.
        let unit = ["及以上", "及以下", "以上", "以下", "以内"]
            .iter()
            .find_map(|bound| unit.strip_suffix(bound))
            .filter(|unit| !unit.is_empty())
            .unwrap_or(unit);
        CheckError::UnknownUnit {
            unit: unit.to_string(),
            span: name.span.into(),
            help: format!(
                "{}\n{}",
                crate::lang::measure::known_units_help(),
                crate::lang::measure::declaration_help(unit)
            ),
        }
    }

    /// Whether this stops compilation.
    pub fn is_error(&self) -> bool {
        !matches!(
            self.severity(),
            Some(miette::Severity::Warning) | Some(miette::Severity::Advice)
        )
    }
}
