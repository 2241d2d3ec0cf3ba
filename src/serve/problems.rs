//! What the API answers when something is wrong: diagnostics as data with
//! the place they span, and the request-level errors (bad JSON, a body too
//! large, too slow, too busy), all as JSON with code, message, help and span.

use crate::lang::diagnostics::{self, DiagnosticData};
use crate::lang::source::SourceMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use miette::{Diagnostic, Report};
use serde::Serialize;

/// A diagnostic as the CLI's `check --format json` gives it, with where
/// its span ends, so the page can underline it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Code, severity, message, help, file, line and column, as the CLI has them.
    #[serde(flatten)]
    pub data: DiagnosticData,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column (in characters) just past the span's end.
    pub end_column: usize,
}

/// Every diagnostic of the reports, with the ones related to each, in order.
pub fn problems(reports: &[Report], sources: &SourceMap) -> Vec<Problem> {
    let mut out = Vec::new();
    for report in reports {
        flatten(report.as_ref(), sources, &mut out);
    }
    out
}

fn flatten(diagnostic: &dyn Diagnostic, sources: &SourceMap, out: &mut Vec<Problem>) {
    let data = diagnostics::of(diagnostic, sources);
    let end =
        diagnostics::primary_label(diagnostic).map_or(0, |label| label.offset() + label.len());
    let (end_file, end_line, end_column) = sources.locate(end);
    let (end_line, end_column) = if end_file == data.file && end_line >= data.line {
        (end_line, end_column)
    } else {
        (data.line, data.column)
    };
    out.push(Problem {
        data,
        end_line,
        end_column,
    });
    for related in diagnostic.related().into_iter().flatten() {
        flatten(related, sources, out);
    }
}

/// A request the API could not answer: its status and what to say.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What was wrong, one or more.
    pub errors: Vec<Problem>,
}

impl ApiError {
    /// An error about the request itself, at a place in the request body;
    /// `code` is the whole code (`"jixiao::serve::bad_json"`), written out
    /// so that the codes table's test finds it.
    pub fn request(
        status: StatusCode,
        code: &str,
        message: String,
        help: &str,
        place: (usize, usize),
    ) -> ApiError {
        let (line, column) = place;
        ApiError {
            status,
            errors: vec![Problem {
                data: DiagnosticData {
                    code: code.to_string(),
                    severity: "error",
                    message,
                    help: Some(help.to_string()),
                    file: "请求".to_string(),
                    line,
                    column,
                },
                end_line: line,
                end_column: column,
            }],
        }
    }

    /// Errors in the ruleset or the facts sent (422: the request was read,
    /// but what it carries is not valid).
    pub fn invalid(errors: Vec<Problem>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "errors": self.errors });
        (self.status, axum::Json(body)).into_response()
    }
}
