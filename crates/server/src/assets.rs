//! The dashboard and Swagger UI, embedded in the binary: nothing is loaded from a CDN.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::ApiError;

const DASHBOARD_HTML: &str = include_str!("../assets/index.html");
const DASHBOARD_JS: &str = include_str!("../assets/app.js");
const DASHBOARD_CSS: &str = include_str!("../assets/style.css");
/// Natural Earth land outlines at 1:110m, TopoJSON (world-atlas, ISC licence).
const LAND_TOPOJSON: &str = include_str!("../assets/land-110m.json");
const SWAGGER_CSS: &str = include_str!("../assets/swagger/swagger-ui.css");
/// swagger-ui-dist's bundle, stored gzipped to keep the repository small.
const SWAGGER_JS_GZ: &[u8] = include_bytes!("../assets/swagger/swagger-ui-bundle.js.gz");

const SWAGGER_HTML: &str = r##"<!doctype html>
<html><head><meta charset="utf-8"><title>dyad API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });</script>
</body></html>"##;

pub async fn dashboard() -> Html<&'static str> {
    Html(DASHBOARD_HTML)
}

pub async fn asset(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "app.js" => text(DASHBOARD_JS, "text/javascript; charset=utf-8"),
        "style.css" => text(DASHBOARD_CSS, "text/css; charset=utf-8"),
        "land-110m.json" => text(LAND_TOPOJSON, "application/json"),
        _ => missing(&file),
    }
}

pub async fn swagger_ui() -> Html<&'static str> {
    Html(SWAGGER_HTML)
}

pub async fn swagger_asset(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "swagger-ui.css" => text(SWAGGER_CSS, "text/css; charset=utf-8"),
        "swagger-ui-bundle.js" => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CONTENT_ENCODING, "gzip"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            SWAGGER_JS_GZ,
        )
            .into_response(),
        _ => missing(&file),
    }
}

fn text(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn missing(file: &str) -> Response {
    ApiError::new(StatusCode::NOT_FOUND, format!("no asset {file:?}")).into_response()
}
