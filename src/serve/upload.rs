//! `POST /api/batch`: a spreadsheet uploaded with the ruleset, scored by the
//! same library code as `jixiao batch`, answered with the results workbook.
//!
//! The upload is written into a fresh temporary folder under its own file
//! name (so that the batch reader picks the format by extension as the
//! command line does), the workbook is written beside it and read back, and
//! the folder is removed when the request ends, whatever happened.

use super::api::{compile, read_json, work, Served};
use super::problems::ApiError;
use crate::batch::{BatchError, BatchOptions, OutputFormat, Summary};
use axum::body::Body;
use axum::extract::State as Shared;
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use miette::Diagnostic;
use serde::Deserialize;
use std::path::Path;

/// The body `POST /api/batch` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The ruleset's text.
    pub ruleset: String,
    /// The uploaded file's name; its extension says its format.
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub file: String,
}

/// The name the results workbook is offered under.
const RESULTS_NAME: &str = "评分结果.xlsx";

/// `POST /api/batch`: the results workbook, with the run's counts in the
/// `X-Jixiao-Projects`, `X-Jixiao-Complete` and `X-Jixiao-Rejected` headers.
pub async fn batch(Shared(state): Served, body: Body) -> Result<Response, ApiError> {
    let request: BatchRequest = read_json(
        body,
        state.config.upload_limit,
        "{\"ruleset\": \"规则文本\", \"file_name\": \"填报表.xlsx\", \"file\": \"base64\"}",
    )
    .await?;
    let root = state.config.library.clone();
    let (summary, workbook) = work(&state, move || {
        let compiled = compile(&request.ruleset, root)?;
        let bytes = decode(&request.file)?;
        score_upload(&compiled, &request.file_name, &bytes)
    })
    .await??;
    let count =
        |name: &'static str, value: usize| (HeaderName::from_static(name), value.to_string());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename*=UTF-8''{}",
                    percent_encoded(RESULTS_NAME)
                ),
            ),
        ],
        [
            count("x-jixiao-projects", summary.projects),
            count("x-jixiao-complete", summary.complete),
            count("x-jixiao-rejected", summary.rejected),
        ],
        workbook,
    )
        .into_response())
}

/// The upload's bytes.
fn decode(file: &str) -> Result<Vec<u8>, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(file.trim())
        .map_err(|error| {
            ApiError::request(
                StatusCode::BAD_REQUEST,
                "jixiao::serve::bad_json",
                format!("file 不是有效的 base64：{error}"),
                "file 字段应为文件内容的 base64 编码（标准字母表，带 = 补齐）",
                (1, 1),
            )
        })
}

/// Runs the batch on the upload in a temporary folder; the summary and the
/// results workbook's bytes.
fn score_upload(
    compiled: &crate::lang::compile::Compiled,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Summary, Vec<u8>), ApiError> {
    let failed = |error: std::io::Error| {
        ApiError::request(
            StatusCode::INTERNAL_SERVER_ERROR,
            "jixiao::batch::write",
            format!("无法暂存上传的文件：{}", crate::files::io_reason(&error)),
            "检查服务器临时目录的空间与权限",
            (1, 1),
        )
    };
    let dir = tempfile::tempdir().map_err(failed)?;
    let input = dir.path().join(upload_name(file_name));
    std::fs::write(&input, bytes).map_err(failed)?;
    let output = dir.path().join(RESULTS_NAME);
    let options = BatchOptions {
        jobs: 1,
        ..BatchOptions::default()
    };
    let summary = crate::batch::run(
        compiled,
        &input,
        Some(&output),
        OutputFormat::Xlsx,
        &options,
    )
    .map_err(|error| refused(&error, dir.path()))?;
    let workbook = std::fs::read(&output).map_err(failed)?;
    Ok((summary, workbook))
}

/// The longest uploaded name kept, in bytes; file systems allow 255.
const NAME_BYTES: usize = 200;

/// The uploaded file's name without any folder part or control character,
/// so that it stays in the temporary folder and can be created there; a
/// name with nothing left, or too long, is `上传` with its extension.
fn upload_name(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = name
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    if name.len() > NAME_BYTES || name == RESULTS_NAME || name.trim_matches('.').is_empty() {
        let extension = Path::new(&name)
            .extension()
            .and_then(|extension| extension.to_str())
            .filter(|extension| extension.len() <= 8);
        extension.map_or_else(
            || "上传".to_string(),
            |extension| format!("上传.{extension}"),
        )
    } else {
        name
    }
}

/// A batch error as the API's error, its message naming the file as it was
/// uploaded rather than by the temporary folder.
fn refused(error: &BatchError, dir: &Path) -> ApiError {
    let folder = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    let code = error
        .code()
        .map_or_else(|| "jixiao::batch::io".to_string(), |code| code.to_string());
    let help = error
        .help()
        .map(|help| help.to_string())
        .unwrap_or_default();
    ApiError::request(
        StatusCode::UNPROCESSABLE_ENTITY,
        &code,
        error.to_string().replace(&folder, ""),
        &help,
        (1, 1),
    )
}

/// `text` percent-encoded for a `filename*` parameter (RFC 5987).
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_name_cannot_leave_the_folder() {
        assert_eq!(upload_name("../../etc/填报.xlsx"), "填报.xlsx");
        assert_eq!(upload_name("C:\\报表\\填报.csv"), "填报.csv");
        assert_eq!(upload_name(".."), "上传");
        assert_eq!(upload_name(""), "上传");
        assert_eq!(upload_name("评分结果.xlsx"), "上传.xlsx");
        assert_eq!(upload_name("a\0b.csv"), "a_b.csv");
        assert_eq!(
            upload_name(&format!("{}.ods", "长".repeat(100))),
            "上传.ods"
        );
    }

    #[test]
    fn the_results_name_is_percent_encoded_as_utf8() {
        // 评 is U+8BC4, E8 AF 84 in UTF-8.
        assert!(percent_encoded(RESULTS_NAME).starts_with("%E8%AF%84"));
        assert!(percent_encoded(RESULTS_NAME).ends_with(".xlsx"));
    }
}
