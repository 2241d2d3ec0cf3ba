//! The JSON API the page uses. Each `POST` takes `{"ruleset": TEXT,
//! "facts": TEXT}` (facts as TOML or JSON text) and answers with the JSON
//! the command line prints with `--format json`; what is wrong comes back
//! as `{"errors": [...]}` with code, message, help and span.

use super::library::{LibraryLoader, EXAMPLES};
use super::problems::{problems, ApiError, Problem};
use super::{form, State};
use crate::lang::compile::Compiled;
use crate::lang::source::SourceMap;
use crate::score::facts::{self, FactValues, Format};
use axum::body::Body;
use axum::extract::{Path, State as Shared};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use miette::Report;
use serde::Deserialize;
use std::sync::Arc;

/// The body every `POST /api/…` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The ruleset's text (`/api/facts` needs none).
    #[serde(default)]
    pub ruleset: String,
    /// The facts' text, TOML or JSON (`score`, `explain` and `audit` need it).
    #[serde(default)]
    pub facts: Option<String>,
    /// `toml` or `json`; without it, facts starting with `{` are JSON.
    #[serde(default)]
    pub facts_format: Option<String>,
}

/// The name the sent ruleset has in diagnostics.
const RULESET_NAME: &str = "规则.jx";
/// The name the sent facts have in diagnostics.
const FACTS_NAME: &str = "事实";

pub(super) type Served = Shared<Arc<State>>;

/// `POST /api/check`: the ruleset's diagnostics, as `jixiao check --format
/// json` lists them, each with where its span ends.
pub async fn check(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    let request = read(&state, body).await?;
    let root = state.config.library.clone();
    let found = work(&state, move || {
        let build = build(&request.ruleset, root);
        problems(&build.diagnostics, &build.sources)
    })
    .await?;
    Ok(axum::Json(found).into_response())
}

/// `POST /api/form`: the facts form a valid ruleset asks for ([`form::Form`]).
pub async fn form(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    let request = read(&state, body).await?;
    let root = state.config.library.clone();
    let answer = work(&state, move || {
        compile(&request.ruleset, root).map(|compiled| form::form(&compiled))
    })
    .await??;
    Ok(axum::Json(answer).into_response())
}

/// `POST /api/score`: the score card, as `jixiao score --format json`.
pub async fn score(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    scored(state, body, |compiled, facts| {
        crate::report::render::json(&crate::score::eval::score(compiled, facts))
    })
    .await
}

/// `POST /api/explain`: every derivation, as `jixiao explain --format json`.
pub async fn explain(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    scored(state, body, |compiled, facts| {
        crate::report::explain::json(&crate::report::explain::explain(compiled, facts))
    })
    .await
}

/// `POST /api/audit`: the report's claims against the rules, as `jixiao
/// audit --format json`.
pub async fn audit(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    scored(state, body, |compiled, facts| {
        crate::report::audit::json(&crate::report::audit::audit(compiled, facts))
    })
    .await
}

/// Builds the ruleset, reads the facts and answers with `answer`'s JSON.
async fn scored(
    state: Arc<State>,
    body: Body,
    answer: fn(&Compiled, &FactValues) -> String,
) -> Result<Response, ApiError> {
    let request = read(&state, body).await?;
    let root = state.config.library.clone();
    let json = work(&state, move || {
        let compiled = compile(&request.ruleset, root)?;
        let facts = load_facts(&request, &compiled)?;
        Ok::<_, ApiError>(answer(&compiled, &facts))
    })
    .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// `POST /api/facts`: the sent facts text (TOML or JSON) as a JSON object,
/// for the page's form to fill itself from; not yet read against a ruleset.
pub async fn read_facts(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    let request = read(&state, body).await?;
    let value = work(&state, move || facts_as_json(&request)).await??;
    Ok(axum::Json(value).into_response())
}

fn facts_as_json(request: &Request) -> Result<serde_json::Value, ApiError> {
    let text = request.facts.as_deref().unwrap_or("");
    let place = |offset: usize| crate::lang::source::line_column(text, offset);
    let refuse = |message: String, at: (usize, usize)| {
        let help = "事实文件是 TOML（\"键\" = 值）或 JSON（{\"键\": 值}）";
        ApiError::request(
            StatusCode::UNPROCESSABLE_ENTITY,
            "jixiao::serve::bad_facts",
            message,
            help,
            at,
        )
    };
    match facts_format(request)? {
        Format::Json => serde_json::from_str(text).map_err(|error| {
            refuse(
                format!("事实不是有效的 JSON：{error}"),
                (error.line(), error.column()),
            )
        }),
        Format::Toml => toml::from_str::<toml::Table>(text)
            .map_err(|error| {
                let at = place(error.span().map_or(0, |span| span.start));
                refuse(format!("事实不是有效的 TOML：{}", error.message()), at)
            })
            .map(|table| serde_json::to_value(table).unwrap_or_default()),
    }
}

/// `GET /api/explain-code/{code}`: the longer page for a diagnostic code.
pub async fn explain_code(Path(code): Path<String>) -> Response {
    if let Some(text) = crate::lang::codes::explanation(&code) {
        return axum::Json(serde_json::json!({ "code": code, "text": text })).into_response();
    }
    let message = match crate::lang::check::closest(&code, crate::lang::codes::all()) {
        Some(close) => format!("没有诊断代码「{code}」。是否想查「{close}」？"),
        None => format!("没有诊断代码「{code}」"),
    };
    let help = "代码形如 jixiao::check::unit_mismatch";
    ApiError::request(
        StatusCode::NOT_FOUND,
        "jixiao::serve::unknown_code",
        message,
        help,
        (1, 1),
    )
    .into_response()
}

/// `GET /api/examples`: the embedded examples' paths and titles.
pub async fn examples() -> Response {
    let list: Vec<serde_json::Value> = EXAMPLES
        .iter()
        .map(|example| serde_json::json!({ "path": example.path, "title": example.title }))
        .collect();
    axum::Json(list).into_response()
}

/// `GET /api/examples/{path}`: one embedded example's text.
pub async fn example(Path(path): Path<String>) -> Response {
    match super::library::example(&path) {
        Some(example) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            example.text,
        )
            .into_response(),
        None => not_found().await,
    }
}

/// Any other path.
pub async fn not_found() -> Response {
    let help = "页面在 /，接口见 README「在浏览器中使用」一节";
    let message = "没有这个地址".to_string();
    ApiError::request(
        StatusCode::NOT_FOUND,
        "jixiao::serve::not_found",
        message,
        help,
        (1, 1),
    )
    .into_response()
}

/// Reads the request body, at most the configured size, as a [`Request`].
async fn read(state: &State, body: Body) -> Result<Request, ApiError> {
    let shape = "{\"ruleset\": \"规则文本\", \"facts\": \"事实文本\"}";
    read_json(body, state.config.body_limit, shape).await
}

/// Reads a body of at most `limit` bytes as JSON of the `shape` shown in
/// the error when it is not.
pub(super) async fn read_json<T: serde::de::DeserializeOwned>(
    body: Body,
    limit: usize,
    shape: &str,
) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::request(
            StatusCode::PAYLOAD_TOO_LARGE,
            "jixiao::serve::body_too_large",
            format!("请求体超过 {limit} 字节，或未能读完"),
            "规则与事实（或上传的文件）合计应在上限之内；确需更大时用 jixiao 命令行",
            (1, 1),
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|error| {
        ApiError::request(
            StatusCode::BAD_REQUEST,
            "jixiao::serve::bad_json",
            format!("请求体不是所需的 JSON：{error}"),
            &format!("请求体应为 {shape}"),
            (error.line().max(1), error.column().max(1)),
        )
    })
}

/// Runs `job` on a blocking thread once a permit is free, within the time
/// limit. A job past its time keeps its permit until it ends, so no more
/// than the configured number ever run at once.
pub(super) async fn work<T: Send + 'static>(
    state: &State,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let limit = state.config.time_limit;
    let permits = state.permits.clone();
    let run = async move {
        let permit = permits.acquire_owned().await.ok()?;
        tokio::task::spawn_blocking(move || {
            let _held = permit;
            job()
        })
        .await
        .ok()
    };
    let failed = |message: String| {
        let help = "请稍后再试；规则过大时可拆分，或用 jixiao 命令行";
        ApiError::request(
            StatusCode::SERVICE_UNAVAILABLE,
            "jixiao::serve::timeout",
            message,
            help,
            (1, 1),
        )
    };
    match tokio::time::timeout(limit, run).await {
        Ok(Some(done)) => Ok(done),
        Ok(None) => Err(failed("处理请求时出错".to_string())),
        Err(_) => Err(failed(format!(
            "请求超过 {} 秒未完成：服务器忙或规则过于复杂",
            limit.as_secs_f64()
        ))),
    }
}

/// The format the facts are written in: as the request says, else JSON if
/// they start with `{`, else TOML.
fn facts_format(request: &Request) -> Result<Format, ApiError> {
    let text = request.facts.as_deref().unwrap_or("");
    match request.facts_format.as_deref() {
        Some("json") => Ok(Format::Json),
        Some("toml") => Ok(Format::Toml),
        Some(other) => Err(ApiError::request(
            StatusCode::BAD_REQUEST,
            "jixiao::serve::bad_json",
            format!("facts_format 应为 toml 或 json，却是「{other}」"),
            "省略 facts_format 时按内容判断：以 { 开头为 JSON，否则为 TOML",
            (1, 1),
        )),
        None if text.trim_start().starts_with('{') => Ok(Format::Json),
        None => Ok(Format::Toml),
    }
}

/// Builds the sent ruleset with imports from the library.
fn build(text: &str, root: Option<std::path::PathBuf>) -> crate::Build {
    crate::build_with(RULESET_NAME, text, &LibraryLoader { root })
}

/// The compiled ruleset, or its diagnostics as an error.
pub(super) fn compile(text: &str, root: Option<std::path::PathBuf>) -> Result<Compiled, ApiError> {
    let build = build(text, root);
    match build.compiled {
        Some(compiled) => Ok(compiled),
        None => Err(ApiError::invalid(problems(
            &build.diagnostics,
            &build.sources,
        ))),
    }
}

/// The request's facts read against the ruleset, or their errors.
fn load_facts(request: &Request, compiled: &Compiled) -> Result<FactValues, ApiError> {
    let text = request.facts.as_deref().unwrap_or("");
    let format = facts_format(request)?;
    let sources = SourceMap::single(FACTS_NAME, text);
    facts::parse(text, format, compiled).map_err(|errors| {
        let reports: Vec<Report> = errors.into_iter().map(Report::new).collect();
        let found: Vec<Problem> = problems(&reports, &sources);
        ApiError::invalid(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn state(concurrency: usize, time_limit: Duration) -> State {
        State {
            config: super::super::Config {
                concurrency,
                time_limit,
                ..Default::default()
            },
            permits: Arc::new(tokio::sync::Semaphore::new(concurrency)),
        }
    }

    #[tokio::test]
    async fn a_job_past_its_time_keeps_its_permit_until_it_ends() {
        let state = state(1, Duration::from_millis(200));
        let slow = work(&state, || std::thread::sleep(Duration::from_millis(900))).await;
        assert_eq!(
            slow.map_err(|error| error.status),
            Err(StatusCode::SERVICE_UNAVAILABLE)
        );
        // The slow job still runs (about 700 ms more), so the only permit is
        // taken and the next job waits out its own 200 ms.
        assert_eq!(state.permits.available_permits(), 0);
        let blocked = work(&state, || 1).await;
        assert_eq!(
            blocked.map_err(|error| error.status),
            Err(StatusCode::SERVICE_UNAVAILABLE)
        );
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert_eq!(state.permits.available_permits(), 1);
        assert_eq!(
            work(&state, || 2).await.map_err(|error| error.status),
            Ok(2)
        );
    }
}
