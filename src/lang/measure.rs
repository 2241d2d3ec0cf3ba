//! The table of units of measure: every unit word the language knows, its
//! dimension and its size in that dimension's base unit.
//!
//! Units of one dimension convert into each other, and only where the
//! conversion is exact: 1万元 is 10,000元, 1周 is 7天, 1公顷 is 10,000平方米.
//! Where it is not (1亩 is 666.66…平方米) or where the words mean different
//! things in practice (天 may be working days, 小时 are clock hours), the
//! units are dimensions of their own and never mix. Other currencies are
//! dimensions of their own too: no rate converts 美元 to 元 in a rule.
//! Every counting word (家, 项, 人次 …) counts its own kind of thing; 万 before
//! one is ten thousand of it (万人次).
//!
//! A compound unit divides one unit by another (`元/人次`): the type of
//! `培训总成本 / 培训人次`, which compares with `800元/人次`.

use rust_decimal::Decimal;
use std::fmt;

/// What a unit measures; units of the same dimension convert into each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// 人民币 amounts (base 元).
    Money,
    /// Another currency, by its base word (美元, 欧元 …); never converted to 元.
    Currency(&'static str),
    /// Calendar days (base 天).
    Days,
    /// Clock time (base 分钟).
    Minutes,
    /// Months (base 月; a 年 is 12).
    Months,
    /// Area in metric units (base 平方米).
    Area,
    /// Area in 亩.
    Mu,
    /// Length (base 米).
    Length,
    /// Mass (base 千克).
    Mass,
    /// Volume (base 升).
    Volume,
    /// A number of things counted with this word (家, 人次 …; base the word).
    Count(String),
    /// A dimension a ruleset declares (`千瓦时：电量`): its name and the word
    /// of its base unit.
    Declared {
        /// The name it is declared under (电量).
        name: String,
        /// The unit it was declared with (千瓦时), of size 1.
        base: String,
    },
}

impl Dimension {
    /// The dimension's name in messages: 金额, 时长, 面积 …
    pub fn name(&self) -> String {
        match self {
            Dimension::Money => "金额".into(),
            Dimension::Currency(word) => format!("{word}金额"),
            Dimension::Days | Dimension::Minutes | Dimension::Months => "时长".into(),
            Dimension::Area | Dimension::Mu => "面积".into(),
            Dimension::Length => "长度".into(),
            Dimension::Mass => "质量".into(),
            Dimension::Volume => "体积".into(),
            Dimension::Count(_) => "数量".into(),
            Dimension::Declared { name, .. } => name.clone(),
        }
    }

    /// Whether it is an amount of money in some currency.
    pub fn is_money(&self) -> bool {
        matches!(self, Dimension::Money | Dimension::Currency(_))
    }

    /// Whether values are whole numbers of things, so that a step on them
    /// needs no stated rounding.
    pub fn counts_whole_things(&self) -> bool {
        matches!(self, Dimension::Count(_))
    }
}

/// One unit: the word written after a number, what it measures, and how many
/// of the dimension's base unit it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitDef {
    /// The word as written: 万元, 平方米, 人次 …
    pub word: String,
    /// What it measures.
    pub dimension: Dimension,
    /// Its size in the dimension's base unit (10,000 for 万元).
    pub size: Decimal,
}

/// A built-in unit: word, dimension, size in the base unit (as decimal text).
type Builtin = (&'static str, fn() -> Dimension, &'static str);

/// Every built-in unit other than the counting words, longest word first
/// within a family (the grammar lists them in the same order).
const BUILTIN: &[Builtin] = &[
    ("亿元", || Dimension::Money, "100000000"),
    ("百万元", || Dimension::Money, "1000000"),
    ("万元", || Dimension::Money, "10000"),
    ("千元", || Dimension::Money, "1000"),
    ("元", || Dimension::Money, "1"),
    ("万美元", || Dimension::Currency("美元"), "10000"),
    ("美元", || Dimension::Currency("美元"), "1"),
    ("万欧元", || Dimension::Currency("欧元"), "10000"),
    ("欧元", || Dimension::Currency("欧元"), "1"),
    ("万港元", || Dimension::Currency("港元"), "10000"),
    ("港元", || Dimension::Currency("港元"), "1"),
    ("万日元", || Dimension::Currency("日元"), "10000"),
    ("日元", || Dimension::Currency("日元"), "1"),
    ("天", || Dimension::Days, "1"),
    ("日", || Dimension::Days, "1"),
    ("周", || Dimension::Days, "7"),
    ("小时", || Dimension::Minutes, "60"),
    ("分钟", || Dimension::Minutes, "1"),
    ("个月", || Dimension::Months, "1"),
    ("月", || Dimension::Months, "1"),
    ("年", || Dimension::Months, "12"),
    ("平方公里", || Dimension::Area, "1000000"),
    ("平方千米", || Dimension::Area, "1000000"),
    ("平方米", || Dimension::Area, "1"),
    ("公顷", || Dimension::Area, "10000"),
    ("万亩", || Dimension::Mu, "10000"),
    ("亩", || Dimension::Mu, "1"),
    ("千米", || Dimension::Length, "1000"),
    ("公里", || Dimension::Length, "1000"),
    ("厘米", || Dimension::Length, "0.01"),
    ("毫米", || Dimension::Length, "0.001"),
    ("米", || Dimension::Length, "1"),
    ("万吨", || Dimension::Mass, "10000000"),
    ("吨", || Dimension::Mass, "1000"),
    ("千克", || Dimension::Mass, "1"),
    ("公斤", || Dimension::Mass, "1"),
    ("斤", || Dimension::Mass, "0.5"),
    ("克", || Dimension::Mass, "0.001"),
    ("万立方米", || Dimension::Volume, "10000000"),
    ("立方米", || Dimension::Volume, "1000"),
    ("毫升", || Dimension::Volume, "0.001"),
    ("升", || Dimension::Volume, "1"),
];

/// The counting words, compound ones first (人次 before 人). Each counts its
/// own kind of thing; 万 before one is ten thousand of it.
pub const COUNT_WORDS: &[&str] = &[
    "人次", "户次", "家次", "场次", "车次", "批次", "架次", "课时", "学时", "个", "家", "项", "条",
    "户", "人", "名", "位", "台", "套", "辆", "所", "篇", "场", "次", "宗", "处", "份", "件", "册",
    "本", "张", "棵", "株", "头", "只", "批", "期", "座", "间", "栋", "幢", "艘", "架", "起", "例",
    "种", "类", "部", "盏", "床", "组", "队", "支", "届", "门", "轮",
];

/// The built-in unit written `word`, if there is one.
pub fn builtin(word: &str) -> Option<UnitDef> {
    if let Some((word, dimension, size)) = BUILTIN.iter().find(|(w, ..)| *w == word) {
        return Some(UnitDef {
            word: (*word).to_string(),
            dimension: dimension(),
            size: size.parse().unwrap_or(Decimal::ONE),
        });
    }
    let (counted, size) = match word.strip_prefix('万') {
        Some(counted) => (counted, Decimal::from(10_000)),
        None => (word, Decimal::ONE),
    };
    COUNT_WORDS.contains(&counted).then(|| UnitDef {
        word: word.to_string(),
        dimension: Dimension::Count(counted.to_string()),
        size,
    })
}

/// The base unit of a dimension (元 for money, the word itself for a count):
/// what a quotient is shown in, so that 12万元 ÷ 160人次 reads 750元/人次.
pub fn base_unit(dimension: &Dimension) -> Option<UnitDef> {
    match dimension {
        Dimension::Count(word) | Dimension::Declared { base: word, .. } => Some(UnitDef {
            word: word.clone(),
            dimension: dimension.clone(),
            size: Decimal::ONE,
        }),
        _ => builtin_words()
            .filter_map(builtin)
            .find(|unit| unit.dimension == *dimension && unit.size == Decimal::ONE),
    }
}

/// Every built-in unit word, for the list an unknown unit's message shows.
pub fn builtin_words() -> impl Iterator<Item = &'static str> {
    BUILTIN
        .iter()
        .map(|(word, ..)| *word)
        .chain(COUNT_WORDS.iter().copied())
}

/// The known units of measure as a short list, grouped by dimension, for help lines.
pub fn known_units_help() -> String {
    format!(
        "已知单位：金额 元、千元、万元、百万元、亿元（美元、欧元、港元、日元各自成类，不与元换算）；\
         时长 天/日、周，小时、分钟，个月/月、年；面积 平方米、公顷、平方公里，亩；\
         长度 米、厘米、毫米、千米/公里；质量 克、千克/公斤、斤、吨；体积 升、毫升、立方米；\
         百分比 %、个百分点；计数 {}（前加「万」表示一万，如 万人次）；\
         复合单位写作「元/人次」",
        COUNT_WORDS.join("、")
    )
}

/// How to declare `word` as a unit of the ruleset's own, for the help of an
/// unknown unit: the block to paste before 事实, and the other two forms.
pub fn declaration_help(word: &str) -> String {
    format!(
        "若「{word}」是本规则集自己的单位，在「事实」之前声明它（计数的量词写「：计数」，\
         新的一类量写类别名，如「千瓦时：电量」，已知单位的倍数写「万千瓦时 = 10000千瓦时」）：\n\
         单位 {{ {word}：计数 }}"
    )
}

/// A unit of measure: one unit, or one unit per another (`元/人次`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Measure {
    /// The unit measured.
    pub of: UnitDef,
    /// The unit it is per, for a compound unit.
    pub per: Option<UnitDef>,
}

impl Measure {
    /// A simple measure of one unit.
    pub fn of(unit: UnitDef) -> Measure {
        Measure {
            of: unit,
            per: None,
        }
    }

    /// Whether values of the two measures are of one kind (and so convert).
    pub fn same_dimension(&self, other: &Measure) -> bool {
        self.of.dimension == other.of.dimension
            && self.per.as_ref().map(|per| &per.dimension)
                == other.per.as_ref().map(|per| &per.dimension)
    }

    /// The value in base units (per base unit) of `number` of this measure:
    /// 61.5万元 is 615,000 元.
    pub fn to_base(&self, number: Decimal) -> Option<Decimal> {
        let of = number.checked_mul(self.of.size)?;
        match &self.per {
            Some(per) => of.checked_div(per.size),
            None => Some(of),
        }
    }

    /// The number of this measure a value in base units is (the inverse of
    /// [`Measure::to_base`]).
    pub fn from_base(&self, value: Decimal) -> Option<Decimal> {
        let per = match &self.per {
            Some(per) => value.checked_mul(per.size)?,
            None => value,
        };
        per.checked_div(self.of.size)
    }

    /// Whether a number of it is a number of base units (元, 家, 元/人次),
    /// so that a number written without a unit means the same beside it.
    pub fn in_base_units(&self) -> bool {
        self.of.size == Decimal::ONE && self.per.as_ref().is_none_or(|per| per.size == Decimal::ONE)
    }

    /// The same kind of measure in base units: 元 for 万元, 元/人次 for 万元/万人次.
    pub fn base(&self) -> Option<Measure> {
        Some(Measure {
            of: base_unit(&self.of.dimension)?,
            per: match &self.per {
                Some(per) => Some(base_unit(&per.dimension)?),
                None => None,
            },
        })
    }

    /// Whether it counts whole things (家, 人次): a simple count.
    pub fn counts_whole_things(&self) -> bool {
        self.per.is_none() && self.of.dimension.counts_whole_things()
    }

    /// Whether it is a number of calendar days.
    pub fn is_days(&self) -> bool {
        self.per.is_none() && self.of.dimension == Dimension::Days
    }

    /// The type's name in messages: 金额（万元）, 数量（家）, 金额/数量（元/人次）.
    pub fn type_name(&self) -> String {
        match &self.per {
            Some(per) => format!(
                "{}/{}（{self}）",
                self.of.dimension.name(),
                per.dimension.name()
            ),
            None => format!("{}（{self}）", self.of.dimension.name()),
        }
    }
}

impl fmt::Display for Measure {
    /// The unit as written after a number: 万元, 元/人次.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.per {
            Some(per) => write!(f, "{}/{}", self.of.word, per.word),
            None => write!(f, "{}", self.of.word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(word: &str) -> Decimal {
        builtin(word)
            .map(|unit| unit.size)
            .expect("a built-in unit")
    }

    #[test]
    fn money_converts_by_exact_powers_of_ten() {
        assert_eq!(size("亿元"), Decimal::from(100_000_000));
        assert_eq!(size("万元"), Decimal::from(10_000));
        assert_eq!(builtin("万元").map(|u| u.dimension), Some(Dimension::Money));
    }

    #[test]
    fn other_currencies_are_dimensions_of_their_own() {
        let dollars = builtin("万美元").expect("万美元 is known");
        assert_eq!(dollars.dimension, Dimension::Currency("美元"));
        assert_ne!(dollars.dimension, Dimension::Money);
        assert_eq!(dollars.size, Decimal::from(10_000));
    }

    #[test]
    fn mu_does_not_mix_with_square_metres() {
        // 1亩 = 10000/15 平方米 = 666.66…: not exact, so a dimension of its own.
        assert_ne!(
            builtin("亩").map(|u| u.dimension),
            builtin("平方米").map(|u| u.dimension)
        );
        assert_eq!(size("公顷"), Decimal::from(10_000));
    }

    #[test]
    fn ten_thousand_of_a_count_is_the_same_count() {
        let wan = builtin("万人次").expect("万人次 is known");
        assert_eq!(wan.dimension, Dimension::Count("人次".into()));
        assert_eq!(wan.size, Decimal::from(10_000));
        assert_ne!(
            builtin("人").map(|u| u.dimension),
            builtin("人次").map(|u| u.dimension)
        );
    }

    #[test]
    fn unknown_words_are_not_units() {
        assert_eq!(builtin("标准煤"), None);
        assert_eq!(builtin("万美"), None);
    }

    #[test]
    fn compound_measures_compare_by_both_dimensions() {
        let per = |of: &str, per: &str| Measure {
            of: builtin(of).expect("known"),
            per: builtin(per),
        };
        assert!(per("元", "人次").same_dimension(&per("万元", "人次")));
        assert!(!per("元", "人次").same_dimension(&per("元", "人")));
        let cost = per("万元", "人次");
        assert_eq!(cost.to_base(Decimal::ONE), Some(Decimal::from(10_000)));
        assert_eq!(cost.from_base(Decimal::from(10_000)), Some(Decimal::ONE));
        assert_eq!(per("元", "人次").to_string(), "元/人次");
    }

    #[test]
    fn dimensions_are_named_in_messages() {
        assert_eq!(Dimension::Money.name(), "金额");
        assert_eq!(Dimension::Currency("美元").name(), "美元金额");
        assert_eq!(Dimension::Days.name(), "时长");
        assert_eq!(Dimension::Months.name(), "时长");
        assert_eq!(Dimension::Mu.name(), "面积");
        assert_eq!(Dimension::Length.name(), "长度");
        assert_eq!(Dimension::Mass.name(), "质量");
        assert_eq!(Dimension::Volume.name(), "体积");
        assert_eq!(Dimension::Count("家".into()).name(), "数量");
        let energy = Dimension::Declared {
            name: "电量".into(),
            base: "千瓦时".into(),
        };
        assert_eq!(energy.name(), "电量");
    }

    #[test]
    fn money_in_any_currency_and_counts_are_told_apart() {
        assert!(Dimension::Money.is_money());
        assert!(Dimension::Currency("欧元").is_money());
        assert!(!Dimension::Days.is_money());
        assert!(Dimension::Count("项".into()).counts_whole_things());
        assert!(!Dimension::Money.counts_whole_things());
    }

    #[test]
    fn base_units_are_of_size_one() {
        let base = |dimension: Dimension| base_unit(&dimension).map(|unit| unit.word);
        assert_eq!(base(Dimension::Money), Some("元".into()));
        assert_eq!(base(Dimension::Mass), Some("千克".into()));
        assert_eq!(base(Dimension::Days), Some("天".into()));
        assert_eq!(base(Dimension::Count("人次".into())), Some("人次".into()));
        let energy = Dimension::Declared {
            name: "电量".into(),
            base: "千瓦时".into(),
        };
        let unit = base_unit(&energy).expect("a declared dimension has a base");
        assert_eq!((unit.word.as_str(), unit.size), ("千瓦时", Decimal::ONE));
        assert_eq!(unit.dimension, energy);
    }

    #[test]
    fn every_built_in_word_is_listed() {
        let words: Vec<&str> = builtin_words().collect();
        // The table's 42 units and the 56 counting words.
        assert_eq!(words.len(), 42 + 56);
        assert_eq!(words.first(), Some(&"亿元"));
        assert!(words.contains(&"升") && words.contains(&"轮"));
    }

    #[test]
    fn help_lines_list_units_and_show_a_declaration() {
        let help = known_units_help();
        assert!(help.starts_with("已知单位：金额 元、千元"));
        assert!(help.contains("计数 人次、户次、家次"));
        let declare = declaration_help("尾");
        assert!(declare.starts_with("若「尾」是本规则集自己的单位"));
        assert!(declare.ends_with("单位 { 尾：计数 }"));
    }

    #[test]
    fn whole_counts_and_days_are_simple_measures() {
        let per = |of: &str, per: Option<&str>| Measure {
            of: builtin(of).expect("known"),
            per: per.and_then(builtin),
        };
        assert!(per("家", None).counts_whole_things());
        assert!(!per("家", Some("人")).counts_whole_things());
        assert!(!per("元", None).counts_whole_things());
        assert!(per("天", None).is_days());
        assert!(!per("天", Some("人")).is_days());
        assert!(!per("月", None).is_days());
        assert_eq!(per("万元", None).type_name(), "金额（万元）");
        assert_eq!(per("元", Some("人次")).type_name(), "金额/数量（元/人次）");
    }
}
