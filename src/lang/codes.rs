//! The long explanation of every diagnostic code, for `jixiao explain-code`.
//!
//! A diagnostic names its code (`jixiao::check::unit_mismatch`); the
//! explanation says, in the officer's words, what the code means, shows a
//! small ruleset that produces it, and how to fix it — one page per code, in
//! the spirit of `rustc --explain`. Every code in the crate is listed in
//! [`CODES`]; a test keeps the list, the explanations and the source in step.

/// Every diagnostic code in jixiao, by stage: parsing, checking, facts files,
/// evaluation.
pub const CODES: &[&str] = &[
    "jixiao::parse::syntax",
    "jixiao::parse::number",
    "jixiao::parse::date",
    "jixiao::parse::too_deep",
    "jixiao::parse::partial_step",
    "jixiao::parse::unclosed_brace",
    "jixiao::parse::unmatched_brace",
    "jixiao::parse::unclosed_string",
    "jixiao::parse::mismatched_quotes",
    "jixiao::parse::full_width",
    "jixiao::parse::mixed_width",
    "jixiao::parse::points_without_number",
    "jixiao::parse::missing_weight",
    "jixiao::parse::unknown_keyword",
    "jixiao::parse::glued_keyword",
    "jixiao::check::undefined_name",
    "jixiao::check::indicator_reference",
    "jixiao::check::duplicate_name",
    "jixiao::check::undefined_tier",
    "jixiao::check::unit_mismatch",
    "jixiao::check::percent_without_unit",
    "jixiao::check::percentage_point_as_percent",
    "jixiao::check::wrong_type",
    "jixiao::check::bad_range",
    "jixiao::check::missing_value",
    "jixiao::check::missing_rule",
    "jixiao::check::no_fallback",
    "jixiao::check::unreachable_clause",
    "jixiao::check::branch_never_taken",
    "jixiao::check::undefined_item",
    "jixiao::check::weight_sum",
    "jixiao::check::checklist_points",
    "jixiao::check::never_full_marks",
    "jixiao::check::never_zero",
    "jixiao::check::score_out_of_range",
    "jixiao::check::step_rounding_unstated",
    "jixiao::check::unused_fact",
    "jixiao::check::import",
    "jixiao::check::import_not_library",
    "jixiao::check::unknown_template",
    "jixiao::check::name_clash",
    "jixiao::io::read",
    "jixiao::facts::syntax",
    "jixiao::facts::unknown_fact",
    "jixiao::facts::bad_value",
    "jixiao::facts::out_of_range",
    "jixiao::facts::missing_fact",
    "jixiao::facts::unknown_indicator",
    "jixiao::facts::discretion",
    "jixiao::eval::missing_fact",
    "jixiao::eval::division_by_zero",
    "jixiao::eval::overflow",
    "jixiao::eval::missing_discretion",
    "jixiao::eval::discretion_range",
    "jixiao::eval::no_rule",
];

/// The explanation of `code`, with or without the `jixiao::` prefix
/// (`check::unit_mismatch` and `jixiao::check::unit_mismatch` both work).
pub fn explanation(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let code = code.strip_prefix("jixiao::").unwrap_or(code);
    EXPLANATIONS
        .iter()
        .find(|(known, _)| known.strip_prefix("jixiao::") == Some(code))
        .map(|(_, text)| *text)
}

/// Each code with its explanation: what it means, a wrong example, the fix.
const EXPLANATIONS: &[(&str, &str)] = &[
    (
        "jixiao::parse::syntax",
        r#"jixiao::parse::syntax：这里的写法不合规则语言的格式

规则文件读到这里时，不知道该怎么理解下面的文字。提示会说明这里应写什么
（例如「得分结果」「事实的类型」「评分规则」），以及实际遇到了什么。

错误的写法：
    评分 { 完成值 >= 95% 得满分。否则 按比例扣分 }
句号「。」不能分隔两条规则。

改法：两条规则之间用「；」或换行：
    评分 { 完成值 >= 95% 得满分；否则 按比例扣分 }

常见原因：条件后没写得分结果（「完成值 >= 95%」后缺「得满分」）；规则写在
「评分 { … }」之外；「完成值 =」后换了行；文件末尾多出了文字（说明文字请
写成以 # 开头的注释）。"#,
    ),
    (
        "jixiao::parse::number",
        r#"jixiao::parse::number：数值超出可用范围

jixiao 用十进制精确计算。规则（以及事实文件）中的每个数，绝对值不超过 10^15
（一千万亿，按所写的单位计），这样任何求和、相乘都不会溢出；「保留 N 位小数」
的 N 不超过 28。

错误的写法：
    标杆值 99999999999999999999999999999万元

改法：检查是否多打了数字或写错了单位，例如：
    标杆值 999.99万元"#,
    ),
    (
        "jixiao::parse::date",
        r#"jixiao::parse::date：日期不存在

日期写作 2024-12-31 或 2024年12月31日；月份为 1–12，日不超过当月天数。

错误的写法：
    标杆值 2024-02-30        # 2 月没有 30 日

改法：
    标杆值 2024-02-29"#,
    ),
    (
        "jixiao::parse::too_deep",
        r#"jixiao::parse::too_deep：嵌套太深

一个规则文件里的括号（含大括号）最多嵌套 64 层，一个算式最多连写 64 次运算，
一个条件前最多连写 64 个「不」，以免恶意或出错的文件耗尽内存。正常的指标体系
远达不到这个深度。

错误的写法：
    完成值 = ((((((((…实际支出资金…))))))))

改法：删去多余的括号；算式很长时分几步写清楚。"#,
    ),
    (
        "jixiao::parse::partial_step",
        r#"jixiao::parse::partial_step：「不足…按…扣分」的步长与扣分步长不一致

「每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分」里，三处
「1个百分点」是同一个步长。写成不同的数，意思就说不通了。

错误的写法：
    每降低1个百分点扣0.1分，不足0.5个百分点的，按1个百分点扣分

改法：三处写同一个步长：
    每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分"#,
    ),
    (
        "jixiao::parse::unclosed_brace",
        r#"jixiao::parse::unclosed_brace：大括号没有闭合

每个「{」都要有对应的「}」。漏写「}」时，文件读到末尾才发现；jixiao 按缩进
推测是哪一块没有闭合，并指出它应在哪一行之前结束。

错误的写法：
    指标 资金到位率（3分）{
        完成值 = 实际到位资金 / 预算资金 × 100%
        评分 { 得分 = 完成值 × 权重 }
                                        ← 这里少了「}」
    指标 预算执行率（4分）{
        …
    }

改法：在提示指出的行之前补上「}」。保持缩进整齐（每进一层多缩进 4 个空格），
这类错误就一眼可见。"#,
    ),
    (
        "jixiao::parse::unmatched_brace",
        r#"jixiao::parse::unmatched_brace：多出一个「}」

这个「}」前面没有与之对应的「{」。jixiao 按缩进推测多出的是哪一个。

错误的写法：
    指标 预算执行率（4分）{
        标杆值 100%
        }                      ← 多出的「}」，指标在这里就结束了
        评分 { … }
    }

改法：删去多出的「}」；如果它本应结束一个块，检查那个块的开头是否漏写了「{」。"#,
    ),
    (
        "jixiao::parse::unclosed_string",
        r#"jixiao::parse::unclosed_string：引号没有闭合

引号里的文字（体系名称、文字标杆值）要在同一行内用同一种引号结束。

错误的写法：
    体系 "安全生产专项 { 满分 100 }

改法：
    体系 "安全生产专项" { 满分 100 }"#,
    ),
    (
        "jixiao::parse::mismatched_quotes",
        r#"jixiao::parse::mismatched_quotes：引号不配对

以全角引号「“」开头的文字要以「”」结尾，以半角「"」开头的要以「"」结尾。
输入法切换时常把两种混在一起。

错误的写法：
    体系 “安全生产专项" { 满分 100 }

改法（任选一种）：
    体系 "安全生产专项" { 满分 100 }
    体系 “安全生产专项” { 满分 100 }"#,
    ),
    (
        "jixiao::parse::full_width",
        r#"jixiao::parse::full_width：数值或名称里用了全角字符

标点符号全角半角都可以（（）：，；％ 与 ():,;% 通用），但数字、小数点和
英文字母必须是半角。全角数字「４」看起来像「4」，计算机却不认得。

错误的写法：
    指标 预算执行率（４分）{

改法：切换到半角（中文输入法下一般按 Shift+空格）再输入数字：
    指标 预算执行率（4分）{"#,
    ),
    (
        "jixiao::parse::mixed_width",
        r#"jixiao::parse::mixed_width：比较符号混用了全角与半角

两个字符组成的比较符号（>=、<=、!=、==）要么全用半角，要么全用全角。

错误的写法：
    完成值 ＞= 95% 得满分

改法（任选一种）：
    完成值 >= 95% 得满分
    完成值 ＞＝ 95% 得满分
    完成值 ≥ 95% 得满分"#,
    ),
    (
        "jixiao::parse::points_without_number",
        r#"jixiao::parse::points_without_number：「分」前面缺少分值

权重、要点分值、扣分和得分都写成「数值 + 分」。

错误的写法：
    指标 预算执行率（分）{
    每降低1个百分点扣分

改法：
    指标 预算执行率（4分）{
    每降低1个百分点扣0.1分"#,
    ),
    (
        "jixiao::parse::missing_weight",
        r#"jixiao::parse::missing_weight：指标缺少权重

每个一级、二级指标和指标，名称之后都要用括号写出权重（满分）。

错误的写法：
    指标 预算执行率 {
    指标 预算执行率 4分 {

改法：
    指标 预算执行率（4分）{"#,
    ),
    (
        "jixiao::parse::unknown_keyword",
        r#"jixiao::parse::unknown_keyword：不是关键字，可能是笔误

这个词与某个关键字只差一个字。关键字（体系、事实、一级、二级、指标、完成值、
标杆值、要点、前提、评分、得分、否则……）要一字不差。

错误的写法：
    指表 预算执行率（4分）{
    评份 { 得份 = 完成值 × 权重 }

改法：
    指标 预算执行率（4分）{
    评分 { 得分 = 完成值 × 权重 }"#,
    ),
    (
        "jixiao::parse::glued_keyword",
        r#"jixiao::parse::glued_keyword：关键字与名称连在了一起

中文不用空格分词，jixiao 把一串连续的汉字读作一个名称；名称后面紧跟的
关键字（为、得满分、得、且、或……）就被当成了名称的一部分。

错误的写法：
    评分 { 综合治理效果为明显得满分；一般得权重分60%；没有得0分 }

改法：名称与关键字之间加空格（`jixiao fmt` 也会这样排版）：
    评分 { 综合治理效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }

否定词同理：「不发生生产安全事故得满分」写作「不 发生生产安全事故 得满分」。"#,
    ),
    (
        "jixiao::check::undefined_name",
        r#"jixiao::check::undefined_name：名称没有在「事实」中声明

规则里用到的每个名称，都要在「事实 { … }」中声明它的类型。提示会给出最接近
的已声明名称；名称与关键字连写、否定词后缺空格时，也会给出加空格的写法。

错误的写法：
    事实 { 实际到位资金: 万元  实际支出资金: 万元 }
    …
    完成值 = 实际支出资金 / 实际到位资全 × 100%

改法：改正笔误，或在「事实」中声明它：
    完成值 = 实际支出资金 / 实际到位资金 × 100%"#,
    ),
    (
        "jixiao::check::indicator_reference",
        r#"jixiao::check::indicator_reference：规则里引用了另一个指标

每个指标的规则只能用已声明的事实，以及本指标自己的「完成值」「标杆值」
「权重」。在指标「成本控制率」里写「预算执行率」，jixiao 不知道指的是哪个数。

错误的写法：
    指标 成本控制率（5分）{
        完成值 = 实际支出资金 / 预算资金 × 100%
        评分 { 得分 = 预算执行率 × 权重 }
    }

改法：用本指标的完成值，或直接写出算式：
        评分 { 得分 = 完成值 × 权重 }"#,
    ),
    (
        "jixiao::check::duplicate_name",
        r#"jixiao::check::duplicate_name：名称重复

事实、指标、同一事实的档次、同一指标的要点编号、等级，名称都要唯一，
否则事实文件与评分表无法对应。

错误的写法：
    事实 {
        实际到位资金: 万元
        实际到位资金: 万元
    }

改法：删去重复的一处，或改成不同的名称。"#,
    ),
    (
        "jixiao::check::undefined_tier",
        r#"jixiao::check::undefined_tier：事实没有这个档次

「X 为 A 得…」里的档次 A 必须是事实 X 声明过的档次之一。

错误的写法：
    事实 { 综合治理效果: 档次（明显，一般，没有） }
    …
    评分 { 综合治理效果 为 明现 得满分；一般 得权重分60%；没有 得0分 }

改法：改正档次名称，或在事实声明的「档次（…）」中加上它：
    评分 { 综合治理效果 为 明显 得满分；一般 得权重分60%；没有 得0分 }"#,
    ),
    (
        "jixiao::check::unit_mismatch",
        r#"jixiao::check::unit_mismatch：单位不一致

金额（元、万元、亿元可以互相换算）、各种数量（家、个、项、天……互不相同）、
百分比和分值，只有同一类才能相加、相减和比较。两边都会标出，并写明各自的单位。

错误的写法：
    事实 { 实际支出资金: 万元  企业数: 家 }
    …
    完成值 = 实际支出资金
    标杆值 = 企业数

改法：检查是否用错了事实，或把两边换算到同一类单位，例如比较两个金额：
    完成值 = 实际支出资金
    标杆值 = 预算资金"#,
    ),
    (
        "jixiao::check::percent_without_unit",
        r#"jixiao::check::percent_without_unit：与百分比比较的数值没有写 %

不带单位的 95 是数 95，也就是 9500%，不是 95%。百分比的一边必须写 %。

错误的写法：
    评分 { 完成值 >= 95 得满分；否则 按比例扣分 }

改法：
    评分 { 完成值 >= 95% 得满分；否则 按比例扣分 }"#,
    ),
    (
        "jixiao::check::percentage_point_as_percent",
        r#"jixiao::check::percentage_point_as_percent：把「个百分点」当成了百分比

「个百分点」是两个百分比之差的单位：98% 比 100% 低 2 个百分点。完成值、
标杆值本身是百分比，要写 %。

错误的写法：
    标杆值 95个百分点
    评分 { 完成值 >= 95个百分点 得满分 }

改法：
    标杆值 95%
    评分 { 完成值 >= 95% 得满分 }

「个百分点」用于扣分步长（每降低1个百分点扣0.1分）或差值的比较
（标杆值 - 完成值 <= 5个百分点）。"每降低1%"在扣分规则里也按 1 个百分点计。"#,
    ),
    (
        "jixiao::check::wrong_type",
        r#"jixiao::check::wrong_type：这里需要另一类值

条件要用「是否」类事实或比较；「X 为 A」要用档次类事实；得分公式的结果要是
分值（或完成值这样的比率乘以分值）。

错误的写法：
    事实 { 满意度: % }
    …
    评分 { 满意度 得满分；否则 按比例扣分 }

改法：写成比较：
    评分 { 满意度 >= 95% 得满分；否则 按比例扣分 }"#,
    ),
    (
        "jixiao::check::bad_range",
        r#"jixiao::check::bad_range：事实的声明范围有误

事实可以声明取值范围，供检查使用：「满意度: % 在 0%..100%」。下限要不大于
上限；「是否」与「档次」类事实没有数值范围。

错误的写法：
    满意度: % 在 100%..0%
    发生生产安全事故: 是否 在 0..1

改法：
    满意度: % 在 0%..100%
    发生生产安全事故: 是否"#,
    ),
    (
        "jixiao::check::missing_value",
        r#"jixiao::check::missing_value：评分用到了完成值或标杆值，但指标没有给出

「按比例扣分」要用完成值 ÷ 标杆值；「每降低…扣…」要用两者之差；条件和公式里
写了「完成值」「标杆值」，指标里就要有对应的一行。

错误的写法：
    指标 满意度指标（6分）{
        完成值 = 满意度
        评分 { 完成值 >= 95% 得满分；否则 按比例扣分 }
    }

改法：补上标杆值：
        标杆值 95%"#,
    ),
    (
        "jixiao::check::missing_rule",
        r#"jixiao::check::missing_rule：指标没有评分规则

每个指标都要有「评分 { … }」或「要点 { … }」，否则无法计分。

错误的写法：
    指标 满意度指标（6分）{
        完成值 = 满意度
        标杆值 95%
    }

改法：
        评分 { 完成值 >= 95% 得满分；否则 按比例扣分 }"#,
    ),
    (
        "jixiao::check::no_fallback",
        r#"jixiao::check::no_fallback：评分没有兜底分支

评分规则从上到下逐条试，第一条适用的给分。如果所有条件都不成立，就没有分数。
最后要有一条不带条件的规则；或者各条件合起来覆盖所有情况（例如「>= 95%」与
「< 95%」，或档次的每一级都写到）。

错误的写法：
    评分 { 不 发生生产安全事故 得满分 }

改法：
    评分 { 不 发生生产安全事故 得满分；否则 得0分 }"#,
    ),
    (
        "jixiao::check::unreachable_clause",
        r#"jixiao::check::unreachable_clause：不带条件的规则之后还有规则（警告）

不带条件的规则（「否则 …」「得分 = …」「每降低…扣…」）总是适用，写在它后面的
规则永远轮不到。

错误的写法：
    评分 { 每降低1个百分点扣0.1分；完成值 >= 100% 得满分 }

改法：把带条件的规则放在前面：
    评分 { 完成值 >= 100% 得满分；每降低1个百分点扣0.1分 }"#,
    ),
    (
        "jixiao::check::branch_never_taken",
        r#"jixiao::check::branch_never_taken：这条规则永远不会用到（警告）

按事实的声明范围和前面各条规则，这条规则的条件不可能成立：例如满意度声明在
0%..100%，却写了「完成值 > 100%」；或分档的顺序写反了，前一条已拿走了后一条
的全部情况；或同一档次写了两次。提示会写出到这条规则时值还可能在什么范围。

错误的写法：
    评分 {
        完成值 >= 80% 得权重分60%
        完成值 >= 95% 得满分        # 95% 以上已被上一条拿走
        否则 得0分
    }

改法：从高到低排列：
    评分 {
        完成值 >= 95% 得满分
        完成值 >= 80% 得权重分60%
        否则 得0分
    }"#,
    ),
    (
        "jixiao::check::undefined_item",
        r#"jixiao::check::undefined_item：前提引用的要点不存在

「前提 ①」引用本指标「要点」里编号为 ① 的一项。

错误的写法：
    要点 { ① 1分: 按规定程序申请设立  ② 1分: 审批文件符合要求 }
    前提 ③，否则 0分

改法：引用已有的编号：
    前提 ①，否则 0分"#,
    ),
    (
        "jixiao::check::weight_sum",
        r#"jixiao::check::weight_sum：下级权重合计与上级权重不符（警告）

二级指标的权重之和应等于所属一级指标的权重，指标的权重之和应等于所属二级的
权重，各一级指标之和应等于体系的满分。提示列出每个下级的权重与合计。

错误的写法：
    二级 项目立项（7分）{
        指标 立项依据充分性（4分）{ … }
        指标 立项程序规范性（2分）{ … }     # 4 + 2 = 6，不是 7
    }

改法：核对评分表原文，调整下级或上级的权重，使两者相等。"#,
    ),
    (
        "jixiao::check::checklist_points",
        r#"jixiao::check::checklist_points：要点分值合计与权重不符（警告）

要点各项加分之和应等于指标权重。合计高于权重时，得分会被截到权重，多出的分值
不起作用；合计低于权重时，全部要点都符合也得不到满分。扣分项（「扣1分」）不计入
合计。盐田 2024 报告的「绩效指标明确性」要点 1 + 1 + 3 = 5 分，而权重只有 3 分。

错误的写法：
    指标 绩效指标明确性（3分）{
        要点 {
            ① 1分: 目标细化分解为绩效指标
            ② 1分: 指标值清晰可衡量
            ③ 3分: 指标与目标任务数对应
        }
    }

改法：核对评分标准原文；若原文确实如此，保留原文并在注释中说明，这条警告
会提醒读者得分被截到了权重。"#,
    ),
    (
        "jixiao::check::never_full_marks",
        r#"jixiao::check::never_full_marks：这条规则永远得不到满分（警告）

按事实的声明范围与各条规则的顺序，这个指标最高能得的分也低于权重。常见于
声明范围与标杆值不符，或高分档写在了永远轮不到的位置。

错误的写法：
    事实 { 满意度: % 在 0%..90% }
    …
    指标 满意度指标（6分）{
        完成值 = 满意度
        评分 { 得分 = 完成值 × 权重 }       # 最多 90% × 6 = 5.4 分
    }

改法：核对事实的声明范围与评分标准原文，例如范围应为 0%..100%。"#,
    ),
    (
        "jixiao::check::never_zero",
        r#"jixiao::check::never_zero：这条规则永远不会得 0 分（警告）

按事实的声明范围（金额和数量不会小于 0），按公式或扣分规则算出的最低分也高于
0。常见于「扣完为止」的扣分规则：标杆值不大，每步扣分太少，最多也扣不完权重。
只在最低分来自公式、按比例或扣分规则时提示；写明的「得3分」不算。

错误的写法：
    指标 制定安全生产管理标准数量（3分）{
        完成值 = 制定安全生产管理标准数
        标杆值 2个
        评分 { 完成值 >= 2个 得满分；每少1个扣1分，扣完为止 }   # 最多扣 2 分
    }

改法：核对原文的每步扣分（例如「每少1个扣1.5分」），或确认原文本意如此。"#,
    ),
    (
        "jixiao::check::score_out_of_range",
        r#"jixiao::check::score_out_of_range：得分会超出 0 至权重（警告）

得分最终都会截到 0 与权重之间（「扣完为止」，最多得满分）。这条规则在截取之前
就可能超出这个范围：得分公式按事实的声明范围会超过权重或低于 0，或者写明的
得分本身高于权重。事实没有声明范围时不作判断。

错误的写法：
    事实 { 满意度: % 在 0%..120% }
    …
    评分 { 得分 = 完成值 × 权重 }           # 最高 120% × 权重
    评分 { 不 发生生产安全事故 得10分；否则 得0分 }   # 权重只有 8 分

改法：核对公式与分值；若超出部分按原文本来就要截掉，可忽略这条警告。"#,
    ),
    (
        "jixiao::check::step_rounding_unstated",
        r#"jixiao::check::step_rounding_unstated：扣分规则没有说明零头怎么算（警告）

「每降低1个百分点扣0.1分」遇到差 1.54 个百分点时，可以按 2 个算（零头算一步）、
按 1 个算（零头不算），或按 1.54 个算。原文不写，三种算法的结果不同。百分比、
金额总会有零头；家、个等数量只在步长不是 1 时才有。

错误的写法：
    评分 { 完成值 >= 100% 得满分；每降低1个百分点扣0.1分 }

改法：按原文补上一句：
    每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分     # 零头算一步
    每降低1个百分点扣0.1分，不足1个百分点的不扣分                 # 零头不算
原文确实按比例扣分时可忽略这条警告。"#,
    ),
    (
        "jixiao::check::unused_fact",
        r#"jixiao::check::unused_fact：事实已声明但没有用到（警告）

每个声明的事实都应被某条规则用到；没有用到，常常说明某条规则用错了事实。

错误的写法：
    事实 { 预算资金: 万元  实际到位资金: 万元  实际支出资金: 万元 }
    …（没有任何规则用到「预算资金」）

改法：删去这条声明，或检查是否有规则本应用到它（例如资金到位率 = 实际到位资金
/ 预算资金）。"#,
    ),
    (
        "jixiao::check::import",
        r#"jixiao::check::import：无法导入库文件

「导入」的路径相对于本规则文件所在的目录。文件不存在或无法读取时报告此错误。

错误的写法（规则文件在 rulesets/ 下）：
    导入 "rulesets/common/framework-2020.jx"

改法：
    导入 "common/framework-2020.jx""#,
    ),
    (
        "jixiao::check::import_not_library",
        r#"jixiao::check::import_not_library：导入的文件不是库

只能导入以「库 "名称" { … }」开头、只含事实与指标的库文件；另一个指标体系
（以「体系」开头）不能导入。

错误的写法：
    导入 "luohu-2024.jx"

改法：把要共用的指标移到库文件，例如 common/framework-2020.jx，再导入它。"#,
    ),
    (
        "jixiao::check::unknown_template",
        r#"jixiao::check::unknown_template：沿用的指标在导入的库中不存在

「沿用」后的名称（不写时就是指标自己的名称）要与库中某个指标一字不差。

错误的写法：
    导入 "common/framework-2020.jx"
    指标 绩效目标明确性（3分）沿用        # 库中叫「绩效指标明确性」

改法：写明库中的名称：
    指标 绩效目标明确性（3分）沿用 绩效指标明确性"#,
    ),
    (
        "jixiao::check::name_clash",
        r#"jixiao::check::name_clash：指标与导入库中的指标同名

体系中另写的指标与库中的指标同名，看不出是要沿用库中的还是另起一个。

错误的写法：
    导入 "common/framework-2020.jx"
    指标 预算执行率（4分）{ 完成值 = … 评分 { … } }

改法：沿用并只写要改的部分：
    指标 预算执行率（4分）沿用 { 评分 { 完成值 >= 100% 得满分；每降低1个百分点扣0.1分 } }
或者换一个名称。"#,
    ),
    (
        "jixiao::io::read",
        r#"jixiao::io::read：无法读取规则文件

给出的路径没有文件、是一个目录、没有读取权限，或文件不是 UTF-8 编码的文本
（例如从 Word 另存时选了 GBK）。

错误的写法：
    jixiao score rulesets/罗湖2024.jx …     # 文件实际叫 luohu-2024.jx

改法：核对路径与文件名；用 UTF-8 编码保存规则文件。"#,
    ),
    (
        "jixiao::facts::syntax",
        r#"jixiao::facts::syntax：事实文件无法读取

事实文件是 TOML 或 JSON 格式：每行「"事实名" = 值」。

错误的写法：
    "实际到位资金" = 62.46万元

改法：带单位的值加引号，或只写数（按事实声明的单位）：
    "实际到位资金" = "62.46万元"
    "实际到位资金" = 62.46"#,
    ),
    (
        "jixiao::facts::unknown_fact",
        r#"jixiao::facts::unknown_fact：事实文件里有规则文件没有声明的事实

事实文件中的名称要与规则文件「事实 { … }」中的名称一字不差。提示会给出最接近的
已声明名称。

错误的写法：
    "预算资全" = 62.46

改法：
    "预算资金" = 62.46"#,
    ),
    (
        "jixiao::facts::bad_value",
        r#"jixiao::facts::bad_value：事实的值与声明的类型不符

金额写数或「"61.5万元"」，百分比写「"98.46%"」或 98.46，是否写 true / false 或
"是" / "否"，日期写「"2024-12-31"」，档次写声明过的档次之一。

错误的写法：
    "预算资金" = "六十万"
    "综合治理效果" = "很好"       # 声明的档次是 明显，一般，没有

改法：
    "预算资金" = "60万元"
    "综合治理效果" = "明显""#,
    ),
    (
        "jixiao::facts::out_of_range",
        r#"jixiao::facts::out_of_range：事实的值超出规则声明的范围

规则可以为事实声明范围（「满意度: % 在 0%..100%」）。事实文件给出的值落在范围之外，
多半是录入错误（多打一位、单位写错），所以不计分而先报告。

错误的写法：
    # 规则：满意度: % 在 0%..100%
    "满意度" = "950%"

改法：核对原始材料后改正：
    "满意度" = "95%"
若范围本身不对（例如完成率确实可以超过 100%），修改规则中的「在 …」。"#,
    ),
    (
        "jixiao::facts::missing_fact",
        r#"jixiao::facts::missing_fact：事实文件缺少已声明的事实（警告）

规则文件声明的事实，事实文件没有给出。用到它们的指标无法计算（评分表中显示为
缺失），其余指标照常计分。

错误的写法：
    # 规则声明了「实际支出资金」，事实文件里没有这一行

改法：补上：
    "实际支出资金" = 61.5"#,
    ),
    (
        "jixiao::facts::unknown_indicator",
        r#"jixiao::facts::unknown_indicator：酌情得分给了不存在的指标

「酌情」表的名称要与规则文件中的指标名称一字不差。

错误的写法：
    ["酌情"."督导检查企业家次"]

改法：
    ["酌情"."督导检查商务领域安全生产企业家次"]"#,
    ),
    (
        "jixiao::facts::discretion",
        r#"jixiao::facts::discretion：酌情得分缺少分数或理由

酌情给分必须同时写明得分与理由，理由会写进评分说明。

错误的写法：
    ["酌情"."工作人员满意度"]
    "得分" = 4

改法：
    ["酌情"."工作人员满意度"]
    "得分" = 4
    "理由" = "满意度 88%，略低于 90%，酌情扣 1 分""#,
    ),
    (
        "jixiao::eval::missing_fact",
        r#"jixiao::eval::missing_fact：计分时缺少事实

这个指标的规则要用到的事实，事实文件没有给出。这个指标不计分，它所在的小计和
总分显示为不完整；其余指标照常计分。

改法：在事实文件中补上这个事实的值。"#,
    ),
    (
        "jixiao::eval::division_by_zero",
        r#"jixiao::eval::division_by_zero：计算时除数为 0

例如「完成值 = 实际支出资金 / 实际到位资金」而实际到位资金为 0。这个指标不计分，
不会悄悄算成 0 分。

改法：核对事实文件中作分母的事实；若它确实为 0，按评分标准原文确定如何给分
（例如改为酌情给分并写明理由）。"#,
    ),
    (
        "jixiao::eval::overflow",
        r#"jixiao::eval::overflow：计算结果太大

算式的结果超出了十进制精确计算的范围（约 28 位数字），通常是事实的数量级或
单位写错了（例如把元写成了万元再乘以很大的数）。

改法：核对事实的数值与单位。"#,
    ),
    (
        "jixiao::eval::missing_discretion",
        r#"jixiao::eval::missing_discretion：需要酌情给分，但事实文件没有给出

规则写了「否则 酌情扣分」，而这个项目恰好落在这一分支，需要评价人给出分数和理由。

改法：在事实文件中加上：
    ["酌情"."指标名"]
    "得分" = 5
    "理由" = "……""#,
    ),
    (
        "jixiao::eval::discretion_range",
        r#"jixiao::eval::discretion_range：酌情得分不在 0 与权重之间

酌情给的分不能是负数，也不能超过指标的权重。

错误的写法（权重 5 分）：
    "得分" = 6

改法：给 0 到 5 之间的分数，并写明理由。"#,
    ),
    (
        "jixiao::eval::no_rule",
        r#"jixiao::eval::no_rule：没有适用的评分规则

这个项目的事实让所有条件都不成立，而评分没有兜底分支。通常检查时就会报出
jixiao::check::no_fallback；条件靠事实的声明范围才覆盖全部情况、而事实文件的值
超出了声明范围时，会在计分时遇到。

改法：最后加一条不带条件的规则（例如「否则 得0分」），或核对事实的值。"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every `code(jixiao::…)` written in the crate's source, found by reading
    /// `src/` and its folders (all files, so that a new module cannot slip by).
    fn codes_in_source() -> BTreeSet<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut found = BTreeSet::new();
        for path in crate::files::files_ending(&[dir.into()], ".rs") {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            for piece in text.split("code(").skip(1) {
                let piece = piece.trim_start();
                if let Some(rest) = piece.strip_prefix("jixiao::") {
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(rest.len());
                    let code = &rest[..end];
                    let well_formed = code
                        .split_once("::")
                        .is_some_and(|(stage, name)| !stage.is_empty() && !name.is_empty());
                    if well_formed {
                        found.insert(format!("jixiao::{code}"));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_code_in_the_source_is_listed() {
        let listed: BTreeSet<String> = CODES.iter().map(|code| code.to_string()).collect();
        let missing: Vec<String> = codes_in_source().difference(&listed).cloned().collect();
        assert!(
            missing.is_empty(),
            "add to CODES and EXPLANATIONS: {missing:?}"
        );
    }

    #[test]
    fn every_listed_code_is_in_the_source() {
        let found = codes_in_source();
        let stale: Vec<&str> = CODES
            .iter()
            .filter(|code| !found.contains(**code))
            .copied()
            .collect();
        assert!(stale.is_empty(), "no longer produced: {stale:?}");
    }

    #[test]
    fn every_code_has_an_explanation_that_names_it() {
        for code in CODES {
            let text = explanation(code).unwrap_or_else(|| panic!("{code} has no explanation"));
            assert!(
                text.starts_with(code),
                "{code}: the explanation starts with its code"
            );
        }
        assert_eq!(EXPLANATIONS.len(), CODES.len(), "one explanation per code");
    }

    #[test]
    fn the_prefix_is_optional() {
        assert_eq!(
            explanation("check::unit_mismatch"),
            explanation("jixiao::check::unit_mismatch")
        );
        assert!(explanation("check::unit_mismatch").is_some());
        assert!(explanation(" jixiao::parse::syntax ").is_some());
        assert!(explanation("check::no_such_code").is_none());
        assert!(explanation("unit_mismatch").is_none());
    }
}
