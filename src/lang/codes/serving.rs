//! The workbench's requests (`jixiao serve`): `serve::` codes.

/// The explanations of the `serve::` codes.
pub(super) const SERVING: &[&str] = &[
    r#"jixiao::serve::bad_json：请求体不是所需的 JSON

工作台的接口（/api/check、/api/score、/api/explain、/api/audit）收一个 JSON
对象：规则文本放在 "ruleset"，事实文本（TOML 或 JSON）放在 "facts"，可选的
"facts_format" 为 "toml" 或 "json"；/api/batch 收 "ruleset"、"file_name" 与
base64 编码的 "file"。请求体不是 JSON、缺少 "ruleset"、facts_format 写了别的值，
或 "file" 不是有效的 base64 时，回答这个错误，并给出出错的行与列。

正确的请求体：
    {"ruleset": "体系 \"示例\" { 满分 4 } …", "facts": "\"实际到位资金\" = 62.46"}"#,
    r#"jixiao::serve::body_too_large：请求体过大

为了不被一次请求占满内存，工作台只读取一定大小以内的请求体（默认 2 MiB；
上传填报表的 /api/batch 为 32 MiB），超过时回答这个错误（HTTP 413）。规则与事实合计应在上限之内；确需更大的规则，
用 jixiao 命令行（jixiao check / score）处理。"#,
    r#"jixiao::serve::timeout：请求未在时限内完成

每个请求有处理时限（默认 10 秒），同时处理的请求数也有上限；服务器忙或规则过于
复杂时，超过时限的请求回答这个错误（HTTP 503）。稍后再试；规则过大时可拆分，
或用 jixiao 命令行。"#,
    r#"jixiao::serve::bad_facts：事实文本读不出来

/api/facts 把事实文本转成表单的值。文本既不是有效的 TOML（"键" = 值）也不是有效
的 JSON（{"键": 值}）时，回答这个错误，并给出出错的行与列。

错误的写法（TOML 的中文键要加引号）：
    实际到位资金 = 62.46

改法：
    "实际到位资金" = 62.46"#,
    r#"jixiao::serve::unknown_code：没有这个诊断代码

/api/explain-code/{代码} 给出一个诊断代码的详细说明。代码不存在时回答这个错误，
并给出最接近的代码。代码形如 jixiao::check::unit_mismatch；全部代码见
jixiao explain-code list。"#,
    r#"jixiao::serve::not_found：没有这个地址

工作台的页面在 /，接口在 /api/ 之下（见 README「在浏览器中使用」一节）；其他地址
回答这个错误（HTTP 404）。"#,
];
