//! The workbench's JSON API, in process (tower's `ServiceExt::oneshot`):
//! every endpoint, the answers the command line gives for the same input,
//! and the requests it must refuse.

mod batch_support;
mod serve_support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use batch_support::seed_facts;
use jixiao::serve::{router, Config};
use serde_json::{json, Value};
use serve_support::{luohu_workbook, template_headings, BAD, GOOD};
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

const LUOHU: &str = include_str!("../rulesets/luohu-2024.jx");
const LUOHU_FACTS: &str = include_str!("../examples/luohu-2024.facts.toml");

/// A small ruleset: one indicator scored by the ratio of two money facts.
const SMALL: &str = "体系 \"小\" { 满分 4\n 等级 { 优: >= 3.9；良: >= 3；差 } }\n\
    事实 { 到位: 万元\n  支出: 万元 }\n\
    一级 管理（4分）{ 二级 资金（4分）{ 指标 执行率（4分）{\n\
    完成值 = 支出 / 到位 × 100%\n 标杆值 100%\n\
    评分 { 完成值 >= 100% 得满分；每降低1个百分点扣0.1分，不足1个百分点的，按1个百分点扣分 } } } }\n";

async fn call(config: Config, method: &str, uri: &str, body: Body) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body)
        .expect("a valid request");
    let response = router(config).oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

async fn post(uri: &str, body: Value) -> (StatusCode, Value) {
    call(Config::default(), "POST", uri, Body::from(body.to_string())).await
}

/// The JSON the command line prints for `args`, run on the repository's files.
fn cli_json(args: &[&str]) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("jixiao runs");
    serde_json::from_slice(&output.stdout).expect("the CLI prints JSON")
}

/// The value with every `file` field removed: the CLI names files by their
/// path on disk, the API by the name they were sent or imported under.
fn without_files(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| key != "file")
                .map(|(key, inner)| (key, without_files(inner)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_files).collect()),
        other => other,
    }
}

#[tokio::test]
async fn score_answers_as_the_cli_does() {
    let body = json!({ "ruleset": LUOHU, "facts": LUOHU_FACTS });
    let (status, card) = post("/api/score", body).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    // 预算执行率: 61.5 / 62.46 = 98.46%, 1.54 points short, counted as 2,
    // so 4 − 2 × 0.1 = 3.80; every other indicator's facts meet its rule in
    // full, so the total is 100 − 0.20 = 99.80, which is 优 (>= 90).
    assert_eq!(card["total"], "99.80");
    assert_eq!(card["grade"], "优");
    let cli = cli_json(&[
        "score",
        "rulesets/luohu-2024.jx",
        "examples/luohu-2024.facts.toml",
        "--format",
        "json",
    ]);
    assert_eq!(card, cli);
}

#[tokio::test]
async fn explain_and_audit_answer_as_the_cli_does() {
    for (endpoint, command) in [("/api/explain", "explain"), ("/api/audit", "audit")] {
        let body = json!({ "ruleset": LUOHU, "facts": LUOHU_FACTS });
        let (status, answer) = post(endpoint, body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let cli = cli_json(&[
            command,
            "rulesets/luohu-2024.jx",
            "examples/luohu-2024.facts.toml",
            "--format",
            "json",
        ]);
        assert_eq!(without_files(answer), without_files(cli), "{endpoint}");
    }
}

#[tokio::test]
async fn check_lists_each_diagnostic_with_its_span() {
    let broken = SMALL.replace("支出 / 到位", "支出 / 到位资金");
    let (status, found) = post("/api/check", json!({ "ruleset": broken })).await;
    assert_eq!(status, StatusCode::OK);
    let first = &found[0];
    assert_eq!(first["severity"], "error", "{found}");
    assert!(first["code"]
        .as_str()
        .is_some_and(|code| code.starts_with("jixiao::")));
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("到位资金")),
        "{first}"
    );
    assert!(first["help"].is_string());
    // The unknown name is on line 6 (1 体系, 2 等级, 3–4 事实, 5 the groups):
    // in `完成值 = 支出 / 到位资金 × 100%` it starts at character 12 and runs
    // 4 characters, to column 16.
    assert_eq!((&first["line"], &first["column"]), (&json!(6), &json!(12)));
    assert_eq!(
        (&first["end_line"], &first["end_column"]),
        (&json!(6), &json!(16))
    );
    let (_, clean) = post("/api/check", json!({ "ruleset": SMALL })).await;
    assert_eq!(clean, json!([]));
}

#[tokio::test]
async fn a_small_ruleset_scores_with_json_facts() {
    let facts = json!({ "到位": "62.46万元", "支出": "61.5万元" }).to_string();
    let (status, card) = post("/api/score", json!({ "ruleset": SMALL, "facts": facts })).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    // 98.46% is 1.54 points short, counted as 2: 4 − 0.2 = 3.80, which is 良 (>= 3).
    assert_eq!(card["total"], "3.80");
    assert_eq!(card["grade"], "良");
}

#[tokio::test]
async fn form_lists_facts_and_indicators() {
    let (status, form) = post("/api/form", json!({ "ruleset": SMALL })).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(form["facts"][0]["name"], "到位");
    assert_eq!(form["facts"][0]["kind"], "money");
    assert_eq!(form["facts"][0]["unit"], "万元");
    assert_eq!(form["indicators"][0]["name"], "执行率");
    // 执行率 runs from line 5 (its 指标 keyword) to line 8 (its closing brace).
    assert_eq!(form["indicators"][0]["line"], 5);
    assert_eq!(form["indicators"][0]["end_line"], 8);
}

#[tokio::test]
async fn invalid_rulesets_and_facts_are_errors_with_places() {
    let broken = SMALL.replace("标杆值 100%", "标杆值 100% 多余");
    let (status, answer) = post("/api/score", json!({ "ruleset": broken, "facts": "" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["errors"][0]["file"], "规则.jx", "{answer}");
    let facts = "\"到位\" = \"许多\"\n\"支出\" = \"61.5万元\"\n";
    let (status, answer) = post("/api/score", json!({ "ruleset": SMALL, "facts": facts })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &answer["errors"][0];
    assert_eq!(
        (&error["file"], &error["line"]),
        (&json!("事实"), &json!(1)),
        "{answer}"
    );
    assert!(error["code"]
        .as_str()
        .is_some_and(|code| code.starts_with("jixiao::")));
}

#[tokio::test]
async fn bad_json_is_refused_with_its_place() {
    let body = Body::from("{\"ruleset\": \"x\",\n \"facts\": }");
    let (status, answer) = call(Config::default(), "POST", "/api/check", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = &answer["errors"][0];
    assert_eq!(error["code"], "jixiao::serve::bad_json");
    // The value missing after `"facts": ` is on line 2, at column 11.
    assert_eq!((&error["line"], &error["column"]), (&json!(2), &json!(11)));
    let (status, answer) = post("/api/check", json!({ "rules": SMALL })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let config = Config {
        body_limit: 1024,
        ..Config::default()
    };
    let body = json!({ "ruleset": "#".repeat(2000) }).to_string();
    let (status, answer) = call(config, "POST", "/api/check", Body::from(body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer["errors"][0]["code"], "jixiao::serve::body_too_large");
}

#[tokio::test]
async fn a_request_past_its_time_limit_is_refused() {
    let config = Config {
        time_limit: Duration::ZERO,
        ..Config::default()
    };
    let body = json!({ "ruleset": LUOHU, "facts": LUOHU_FACTS }).to_string();
    let (status, answer) = call(config, "POST", "/api/score", Body::from(body)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer["errors"][0]["code"], "jixiao::serve::timeout");
}

/// A ruleset importing `path` and reusing its one indicator.
fn importing(path: &str) -> String {
    format!(
        "导入 \"{path}\"\n体系 \"x\" {{ 满分 1 }}\n事实 {{ }}\n\
         一级 甲（1分）{{ 二级 乙（1分）{{ 指标 丙（1分）沿用 }} }}\n"
    )
}

async fn check_with_library(library: &Path, ruleset: String) -> Value {
    let config = Config {
        library: Some(library.to_path_buf()),
        ..Config::default()
    };
    let body = Body::from(json!({ "ruleset": ruleset }).to_string());
    let (status, found) = call(config, "POST", "/api/check", body).await;
    assert_eq!(status, StatusCode::OK);
    found
}

#[tokio::test]
async fn imports_resolve_only_inside_the_library() {
    let root = tempfile::tempdir().expect("temp dir");
    let library = root.path().join("library");
    std::fs::create_dir(&library).expect("mkdir");
    let text = "库 \"小库\" { }\n事实 { 合规: 是否 }\n指标 丙（1分）{ 要点 { ① 1分：合规 } }\n";
    std::fs::write(library.join("lib.jx"), text).expect("write");
    std::fs::write(root.path().join("outside.jx"), text).expect("write");
    assert_eq!(
        check_with_library(&library, importing("lib.jx")).await,
        json!([])
    );
    let outside = root.path().join("outside.jx").display().to_string();
    for (path, said) in [("../outside.jx", ".."), (outside.as_str(), "绝对路径")] {
        let found = check_with_library(&library, importing(path)).await;
        let message = found[0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(said), "{path}: {found}");
        assert_eq!(found[0]["line"], 1, "{found}");
    }
}

#[tokio::test]
async fn explain_code_examples_and_the_page() {
    let config = Config::default;
    let (status, page) = call(
        config(),
        "GET",
        "/api/explain-code/jixiao::check::import",
        Body::empty(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let expected = jixiao::lang::codes::explanation("jixiao::check::import");
    assert_eq!(page["text"].as_str(), expected);
    let (status, _) = call(
        config(),
        "GET",
        "/api/explain-code/jixiao::check::imprt",
        Body::empty(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = call(config(), "GET", "/api/examples", Body::empty()).await;
    assert!(
        list.as_array().is_some_and(|list| list.len() == 5),
        "{list}"
    );
    let (status, text) = call(
        config(),
        "GET",
        "/api/examples/luohu-2024.jx",
        Body::empty(),
    )
    .await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, Some(LUOHU)));
    let (status, html) = call(config(), "GET", "/", Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.as_str().is_some_and(|html| html.contains("app.js")),
        "{html}"
    );
    let (status, answer) = call(config(), "GET", "/nowhere", Body::empty()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer["errors"][0]["code"], "jixiao::serve::not_found");
}

#[tokio::test]
async fn facts_text_is_read_as_a_json_object() {
    let toml =
        "\"到位\" = \"62.46万元\"\n\n[\"酌情\".\"执行率\"]\n\"得分\" = 3\n\"理由\" = \"说明\"\n";
    let (status, facts) = post("/api/facts", json!({ "facts": toml })).await;
    assert_eq!(status, StatusCode::OK, "{facts}");
    assert_eq!(
        facts,
        json!({ "到位": "62.46万元", "酌情": { "执行率": { "得分": 3, "理由": "说明" } } })
    );
    let (status, answer) = post(
        "/api/facts",
        json!({ "ruleset": "", "facts": "\"a\" = 1\n\"b\" = \n" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &answer["errors"][0];
    assert_eq!(error["code"], "jixiao::serve::bad_facts");
    // The value missing after `"b" = ` is on the second line.
    assert_eq!(error["line"], 2, "{answer}");
    let body = json!({ "ruleset": "", "facts": "{}", "facts_format": "yaml" });
    let (status, answer) = post("/api/facts", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

/// The results workbook and the counts `/api/batch` answers for `file`
/// uploaded as `file_name` with the ruleset `ruleset`.
async fn batch(ruleset: &str, file_name: &str, file: &[u8]) -> (StatusCode, Vec<u8>, [String; 3]) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(file);
    let body = json!({ "ruleset": ruleset, "file_name": file_name, "file": encoded });
    let request = Request::builder()
        .method("POST")
        .uri("/api/batch")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("a valid request");
    let response = router(Config::default())
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let counts = [
        header("x-jixiao-projects"),
        header("x-jixiao-complete"),
        header("x-jixiao-rejected"),
    ];
    if status == StatusCode::OK {
        assert_eq!(
            header("content-disposition"),
            "attachment; filename*=UTF-8''%E8%AF%84%E5%88%86%E7%BB%93%E6%9E%9C.xlsx"
        );
    }
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    (status, bytes.to_vec(), counts)
}

/// A sheet of a results workbook as rows of text cells (numbers to 2 places).
fn sheet(workbook: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(workbook)).expect("an xlsx workbook");
    let range = workbook.worksheet_range(name).expect("the sheet");
    let text = |cell: &Data| match cell {
        Data::Float(number) => format!("{number:.2}"),
        other => other.to_string(),
    };
    range
        .rows()
        .map(|row| row.iter().map(text).collect())
        .collect()
}

/// The 汇总 sheet's (项目名称, 总分) pairs of a results workbook.
fn totals(workbook: &[u8]) -> Vec<(String, String)> {
    let rows = sheet(workbook, "汇总");
    let at = |heading: &str| rows[0].iter().position(|h| h == heading).expect(heading);
    let (name, total) = (at("项目名称"), at("总分"));
    rows[1..]
        .iter()
        .map(|row| (row[name].clone(), row[total].clone()))
        .collect()
}

#[tokio::test]
async fn batch_scores_an_uploaded_workbook_as_computed_by_hand() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The second row has a bad cell: still a workbook, the row listed in 问题.
    let path = dir.path().join("填报.xlsx");
    luohu_workbook(&path);
    let file = std::fs::read(&path).expect("the workbook");
    let (status, workbook, counts) = batch(LUOHU, "填报.xlsx", &file).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&workbook)
    );
    assert_eq!(counts, ["2", "1", "1"].map(String::from));
    // tests/seeds.rs: 20 + 19.80 + 30 + 30 = 99.80; 预算执行率 61.5 / 62.46
    // = 98.46%, 2 points short (a partial point counts whole) → 4 − 0.2 = 3.80.
    assert_eq!(
        totals(&workbook),
        [
            (GOOD.to_string(), "99.80".to_string()),
            (BAD.to_string(), String::new()),
        ]
    );
    let problems = sheet(&workbook, "问题");
    assert!(
        problems[1..]
            .iter()
            .any(|row| row.join(" ").contains("不是数")),
        "问题 lists the bad cell: {problems:?}"
    );
}

/// A CSV of one project row filled from `facts` under `headings`, values
/// written as an officer types them (numbers without the heading's unit).
fn csv_row(headings: &[String], name: &str, facts: &toml::Table) -> String {
    let cell = |heading: &String| {
        let (fact, unit) = jixiao::score::cells::split_heading(heading);
        let text = match (fact, facts.get(fact)) {
            ("项目名称", _) => name.to_string(),
            (_, Some(toml::Value::Boolean(yes))) => if *yes { "是" } else { "否" }.to_string(),
            (_, Some(toml::Value::String(text))) => unit
                .and_then(|unit| text.strip_suffix(unit))
                .unwrap_or(text)
                .to_string(),
            (_, Some(other)) => other.to_string(),
            (_, None) => String::new(),
        };
        format!("\"{}\"", text.replace('"', "\"\""))
    };
    let line = |cells: Vec<String>| cells.join(",");
    let header = line(headings.iter().map(|h| format!("\"{h}\"")).collect());
    format!("{header}\n{}\n", line(headings.iter().map(cell).collect()))
}

#[tokio::test]
async fn batch_scores_an_uploaded_csv_as_computed_by_hand() {
    let yantian = include_str!("../rulesets/yantian-2024.jx");
    let headings = template_headings("yantian-2024");
    let csv = csv_row(
        &headings,
        "盐田安全生产工作经费",
        &seed_facts("yantian-2024"),
    );
    let (status, workbook, counts) = batch(yantian, "填报.csv", csv.as_bytes()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&workbook)
    );
    assert_eq!(counts, ["1", "1", "0"].map(String::from));
    // tests/seeds.rs: 20 + 17.35 + 33.35 + 25 = 95.70; 预算执行率 39.80 /
    // 59.40 = 0.670033… × 5 = 3.35.
    assert_eq!(
        totals(&workbook),
        [("盐田安全生产工作经费".to_string(), "95.70".to_string())]
    );
}

#[tokio::test]
async fn batch_refuses_a_corrupt_upload_and_a_bad_ruleset_with_json_errors() {
    let errors = |body: Vec<u8>| -> Value { serde_json::from_slice(&body).expect("JSON errors") };
    // A zip's signature and then nothing: no spreadsheet reader can open it.
    let (status, body, _) = batch(LUOHU, "填报.xlsx", b"PK\x03\x04broken").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &errors(body)["errors"][0];
    assert_eq!(error["code"], "jixiao::batch::corrupt", "{error}");
    let message = error["message"].as_str().unwrap_or_default();
    // The file is named as uploaded, not by the server's temporary folder.
    assert!(message.starts_with("填报.xlsx "), "{message}");
    assert!(error["help"].as_str().is_some_and(|help| !help.is_empty()));

    let (status, body, _) = batch(LUOHU, "填报.pdf", b"%PDF-1.7").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(body)["errors"][0]["code"],
        "jixiao::batch::unknown_format"
    );

    let (status, body, _) = batch("体系 {", "填报.csv", b"a\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = errors(body)["errors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(code.starts_with("jixiao::parse::"), "{code}");

    let body = json!({ "ruleset": SMALL, "file_name": "a.csv", "file": "not base64!" });
    let (status, answer) = post("/api/batch", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["errors"][0]["code"], "jixiao::serve::bad_json");
}

#[tokio::test]
async fn batch_has_its_own_body_limit() {
    // 3000 bytes of file are 4000 of base64: past an upload limit of 2048
    // though within the (default, 2 MiB) limit of the other endpoints.
    let config = Config {
        upload_limit: 2048,
        ..Config::default()
    };
    let file = base64::engine::general_purpose::STANDARD.encode([b'a'; 3000]);
    let body = json!({ "ruleset": SMALL, "file_name": "a.csv", "file": file }).to_string();
    let (status, answer) = call(config, "POST", "/api/batch", Body::from(body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer["errors"][0]["code"], "jixiao::serve::body_too_large");
}

#[tokio::test]
async fn the_score_card_carries_the_rows_the_table_closes_with() {
    let ruleset = include_str!("../rulesets/forms/zongfen.jx");
    let facts =
        "\"预算执行率\" = \"75%\"\n\"产出完成率\" = \"98.125%\"\n\"发生重大安全事故\" = false";
    let (status, card) = post("/api/score", json!({ "ruleset": ruleset, "facts": facts })).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    // 75% × 20 + 98.125% × 80 = 93.50; 75% < 80%: at most 89, so 合计 89.00.
    assert_eq!(
        card["closing"],
        json!([
            { "label": "总分规则：预算执行率低于80%的，总分最高为89分", "weight": "", "note": "原 93.50", "score": "89.00" },
            { "label": "合计", "weight": "100", "note": "", "score": "89.00" },
        ])
    );
}
