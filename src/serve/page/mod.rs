//! The page itself: HTML, script and style written by hand and embedded in
//! the binary, so the workbench needs no network and no other file.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

/// `GET /`: the workbench page.
pub async fn index() -> Html<&'static str> {
    Html(include_str!("index.html"))
}

/// `GET /app.js`: the page's script.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("app.js"))
}

/// `GET /style.css`: the page's style.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("style.css"))
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}
