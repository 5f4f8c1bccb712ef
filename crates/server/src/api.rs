//! The `/v1` handlers. Each one validates its input, runs the blocking work (pipeline, SQLite)
//! on the blocking pool, and answers JSON; failures are [`ApiError`]s with a 4xx/5xx status.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use dyad_model::{Article, Doc};
use dyad_store::{EventQuery, Period};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ApiError, AppState};

/// Event filters, as query parameters. Every one is optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Source or target actor code; a trailing `*` matches a prefix (`RUS*`).
    actor: Option<String>,
    /// Source actor code (prefix with `*`).
    source: Option<String>,
    /// Target actor code (prefix with `*`).
    target: Option<String>,
    /// `A,B`: events between A and B in either direction.
    dyad: Option<String>,
    /// CAMEO code, exact or prefix with `*` (`19*`).
    code: Option<String>,
    /// CAMEO root (`19`).
    root: Option<String>,
    /// QuadClass 1–4.
    quad_class: Option<u8>,
    /// First event date, `YYYY-MM-DD`, inclusive.
    from: Option<String>,
    /// Last event date, `YYYY-MM-DD`, inclusive.
    to: Option<String>,
    /// Place name or country code.
    place: Option<String>,
    /// Full-text search over article titles and bodies.
    text: Option<String>,
    /// Events of one article id.
    article: Option<String>,
    /// Only events the text asserts happened (`true`) or only the others (`false`).
    factual: Option<bool>,
    /// One row per grouped event instead of one per mention.
    grouped: Option<bool>,
    /// Page size (default 100, at most 1000).
    limit: Option<usize>,
    offset: Option<usize>,
}

const MAX_PAGE: usize = 1000;

impl EventParams {
    fn into_query(self) -> Result<EventQuery, ApiError> {
        for (name, date) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = date {
                if !is_iso_date(d) {
                    return Err(ApiError::bad_request(format!(
                        "{name}={d:?} is not a date (YYYY-MM-DD)"
                    )));
                }
            }
        }
        if let Some(q) = self.quad_class {
            if !(1..=4).contains(&q) {
                return Err(ApiError::bad_request(format!(
                    "quad_class={q} is not 1, 2, 3 or 4"
                )));
            }
        }
        Ok(EventQuery {
            actor: self.actor,
            source: self.source,
            target: self.target,
            dyad: self.dyad,
            code: self.code,
            root: self.root,
            quad_class: self.quad_class,
            from: self.from,
            to: self.to,
            place: self.place,
            text: self.text,
            article: self.article,
            factual: self.factual,
            grouped: self.grouped.unwrap_or(false),
            limit: Some(self.limit.unwrap_or(100).min(MAX_PAGE)),
            offset: self.offset,
        })
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Runs blocking work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await?
}

/// Liveness and the stored row counts.
#[utoipa::path(get, path = "/health", responses((status = 200, description = "Server is up")))]
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Unknown paths get a JSON 404, like every other error.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint (see /openapi.json)",
    )
}

/// An article to annotate or store, as JSON. Give `text` or `html`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ArticleInput {
    pub text: Option<String>,
    pub html: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339.
    pub published: Option<String>,
}

/// Turns a request body into articles: `text/plain`, `text/html`, one JSON object or a JSON
/// array of objects ([`ArticleInput`]).
fn articles_from_body(headers: &HeaderMap, body: &[u8]) -> Result<Vec<Article>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("empty request body"));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_ascii_lowercase();
    let as_text = || {
        std::str::from_utf8(body)
            .map(str::to_string)
            .map_err(|e| ApiError::bad_request(format!("body is not UTF-8: {e}")))
    };
    if content_type.starts_with("application/json") {
        let value: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("body is not valid JSON: {e}")))?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        if items.is_empty() {
            return Err(ApiError::bad_request("empty JSON array"));
        }
        return items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let input: ArticleInput = serde_json::from_value(item).map_err(|e| {
                    ApiError::bad_request(format!("article {i}: not an article object: {e}"))
                })?;
                article_from_input(input)
                    .map_err(|e| ApiError::bad_request(format!("article {i}: {}", e.message)))
            })
            .collect();
    }
    let input = if content_type.starts_with("text/html") {
        ArticleInput {
            html: Some(as_text()?),
            ..ArticleInput::default()
        }
    } else if content_type.starts_with("text/plain") {
        ArticleInput {
            text: Some(as_text()?),
            ..ArticleInput::default()
        }
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported content type {content_type:?}: send text/plain, text/html or application/json"),
        ));
    };
    Ok(vec![article_from_input(input)?])
}

fn article_from_input(input: ArticleInput) -> Result<Article, ApiError> {
    let mut article = match (input.text, input.html) {
        (Some(text), None) => Article {
            text,
            language: "en".into(),
            ..Article::default()
        },
        (None, Some(html)) => dyad_ingest::article_from_html(&html, input.url.as_deref())
            .map_err(|reason| ApiError::bad_request(format!("request body: {reason}")))?,
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give text or html, not both")),
        (None, None) => return Err(ApiError::bad_request("missing text or html")),
    };
    if input.url.is_some() {
        article.url = input.url;
    }
    for (field, value) in [
        (&mut article.title, input.title),
        (&mut article.author, input.author),
        (&mut article.outlet, input.outlet),
        (&mut article.published, input.published),
    ] {
        if value.is_some() {
            *field = value;
        }
    }
    article.source = Some("request".into());
    // Same normalisation, boilerplate stripping and id as articles read from files.
    dyad_ingest::finish_article(&mut article)
        .map_err(|reason| ApiError::bad_request(format!("request body: {reason}")))?;
    Ok(article)
}

/// Annotates one article (or a JSON array of them) and returns the documents; nothing is stored.
#[utoipa::path(post, path = "/v1/annotate",
    request_body(content = ArticleInput, description = "text/plain, text/html, or JSON article(s)",
        content_type = "application/json"),
    responses(
        (status = 200, description = "The annotated document (an array when an array was sent)"),
        (status = 400, description = "Bad body"),
        (status = 413, description = "Body too large")))]
pub async fn annotate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let was_array = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let articles = articles_from_body(&headers, &body)?;
    let pipeline = state.pipeline.clone();
    let docs: Vec<Doc> =
        blocking(move || Ok(articles.into_iter().map(|a| pipeline.annotate(a)).collect())).await?;
    let value = if was_array {
        serde_json::to_value(&docs)
    } else {
        serde_json::to_value(&docs[0])
    };
    value
        .map(Json)
        .map_err(|e| ApiError::internal(e.to_string()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoredReport {
    /// Ids of the articles now stored (new ones and near-duplicates).
    pub ids: Vec<String>,
    pub inserted: usize,
    /// Articles already stored (same id), left as they were.
    pub skipped: usize,
    /// Near-duplicates linked to an earlier copy.
    pub duplicates: usize,
    pub events: usize,
}

/// Annotates and stores articles. Requires `Authorization: Bearer <token>`.
#[utoipa::path(post, path = "/v1/articles",
    request_body(content = ArticleInput, description = "text/plain, text/html, or JSON article(s)",
        content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Stored", body = StoredReport),
        (status = 401, description = "Missing or wrong token"),
        (status = 403, description = "Storing is disabled (no token configured)")))]
pub async fn store_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<StoredReport>, ApiError> {
    check_token(&state, &headers)?;
    let articles = articles_from_body(&headers, &body)?;
    let pipeline = state.pipeline.clone();
    let store = state.store.clone();
    let report = blocking(move || {
        let docs: Vec<Doc> = articles.into_iter().map(|a| pipeline.annotate(a)).collect();
        Ok(store.insert_docs(&docs)?)
    })
    .await?;
    Ok(Json(StoredReport {
        ids: report.ids,
        inserted: report.inserted,
        skipped: report.skipped,
        duplicates: report.duplicates.len(),
        events: report.events,
    }))
}

fn check_token(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = state.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "storing is disabled: start `dyad serve` with --token (or DYAD_TOKEN)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong bearer token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing Authorization: Bearer <token>",
        )),
    }
}

/// Compares without an early exit, so response time does not leak the token's prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// Stored articles, newest first.
#[utoipa::path(get, path = "/v1/articles", params(PageParams),
    responses((status = 200, description = "Article summaries")))]
pub async fn list_articles(
    State(state): State<AppState>,
    Query(page): Query<PageParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let store = state.store.clone();
    let limit = page.limit.unwrap_or(50).min(MAX_PAGE);
    let offset = page.offset.unwrap_or(0);
    let rows = blocking(move || Ok(store.articles(limit, offset)?)).await?;
    Ok(Json(serde_json::json!({ "articles": rows })))
}

/// One stored article: metadata, text, events, and the text as HTML with every event's
/// source, predicate and target highlighted.
#[utoipa::path(get, path = "/v1/articles/{id}",
    params(("id" = String, Path, description = "Article id")),
    responses((status = 200, description = "The article"), (status = 404, description = "No such article")))]
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let store = state.store.clone();
    let lookup = id.clone();
    let (doc, summary) =
        blocking(move || Ok((store.article(&lookup)?, store.article_summary(&lookup)?))).await?;
    let Some(doc) = doc else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no article with id {id:?}"),
        ));
    };
    let html = highlight_html(&doc);
    Ok(Json(serde_json::json!({
        "article": summary,
        "text": doc.article.text,
        "html": html,
        "events": doc.events,
        "quotes": doc.quotes,
        "citations": doc.citations,
        "entities": doc.entities,
    })))
}

/// The article text as HTML, with `<mark>` around every event's source, predicate and target
/// (`class="source|predicate|target"`, `data-event` = event index).
pub fn highlight_html(doc: &Doc) -> String {
    let mut marks: Vec<(usize, usize, &str, usize)> = Vec::new();
    for (i, e) in doc.events.iter().enumerate() {
        if let Some(s) = &e.source {
            marks.push((s.start, s.end, "source", i));
        }
        marks.push((
            e.evidence.predicate_start,
            e.evidence.predicate_end,
            "predicate",
            i,
        ));
        if let Some(t) = &e.target {
            marks.push((t.start, t.end, "target", i));
        }
    }
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let chars: Vec<char> = doc.article.text.chars().collect();
    let mut out = String::with_capacity(chars.len() + marks.len() * 40);
    let mut pos = 0;
    for (start, end, class, event) in marks {
        // Overlapping spans (a second event on the same words) keep the first mark.
        if start < pos || end <= start || end > chars.len() {
            continue;
        }
        escape_into(&mut out, &chars[pos..start]);
        out.push_str(&format!("<mark class=\"{class}\" data-event=\"{event}\">"));
        escape_into(&mut out, &chars[start..end]);
        out.push_str("</mark>");
        pos = end;
    }
    escape_into(&mut out, &chars[pos..]);
    out
}

fn escape_into(out: &mut String, chars: &[char]) {
    for &c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
}

/// Event mentions matching the filters, in date order, with the total that match.
#[utoipa::path(get, path = "/v1/events", params(EventParams),
    responses((status = 200, description = "{events: [...], total}"), (status = 400, description = "Bad filter")))]
pub async fn events(
    State(state): State<AppState>,
    Query(params): Query<EventParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = params.into_query()?;
    let store = state.store.clone();
    let (rows, total) =
        blocking(move || Ok((store.events(&query)?, store.count_events(&query)?))).await?;
    Ok(Json(serde_json::json!({ "events": rows, "total": total })))
}

/// Dyads (source, target) with counts and mean Goldstein.
#[utoipa::path(get, path = "/v1/dyads", params(EventParams),
    responses((status = 200, description = "{dyads: [...]}"), (status = 400, description = "Bad filter")))]
pub async fn dyads(
    State(state): State<AppState>,
    Query(params): Query<EventParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = params.into_query()?;
    let store = state.store.clone();
    let rows = blocking(move || Ok(store.dyads(&query)?)).await?;
    Ok(Json(serde_json::json!({ "dyads": rows })))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParam {
    /// `day`, `week` or `month` (default `day`).
    period: Option<String>,
}

/// Counts and mean Goldstein per period and dyad.
#[utoipa::path(get, path = "/v1/timeline", params(EventParams, PeriodParam),
    responses((status = 200, description = "{timeline: [...]}"), (status = 400, description = "Bad filter")))]
pub async fn timeline(
    State(state): State<AppState>,
    Query(params): Query<EventParams>,
    Query(period): Query<PeriodParam>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let period: Period = period
        .period
        .as_deref()
        .unwrap_or("day")
        .parse()
        .map_err(|e: dyad_store::StoreError| ApiError::bad_request(e.to_string()))?;
    let mut query = params.into_query()?;
    query.limit = None;
    let store = state.store.clone();
    let rows = blocking(move || Ok(store.timeline(&query, period)?)).await?;
    Ok(Json(serde_json::json!({ "timeline": rows })))
}

/// Row counts of the store.
#[utoipa::path(get, path = "/v1/stats", responses((status = 200, description = "Row counts")))]
pub async fn stats(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let store = state.store.clone();
    let stats = blocking(move || Ok(store.stats()?)).await?;
    serde_json::to_value(stats)
        .map(Json)
        .map_err(|e| ApiError::internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        assert!(is_iso_date("2024-05-30"));
        assert!(!is_iso_date("2024-5-30"));
        assert!(!is_iso_date("yesterday"));
        let bad = EventParams {
            from: Some("May".into()),
            ..EventParams::default()
        };
        assert_eq!(
            bad.into_query().unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn page_size_is_capped() {
        let q = EventParams {
            limit: Some(1_000_000),
            ..EventParams::default()
        }
        .into_query()
        .unwrap();
        assert_eq!(q.limit, Some(MAX_PAGE));
    }

    #[test]
    fn highlights_escape_text_and_mark_spans() {
        let mut doc = Doc::new(Article {
            text: "A <b> slammed B.".into(),
            ..Article::default()
        });
        doc.events.push(dyad_model::Event {
            evidence: dyad_model::Evidence {
                predicate_start: 6,
                predicate_end: 13,
                ..Default::default()
            },
            source: Some(dyad_model::EventActor {
                text: "A".into(),
                start: 0,
                end: 1,
                ..Default::default()
            }),
            ..Default::default()
        });
        let html = highlight_html(&doc);
        assert_eq!(
            html,
            "<mark class=\"source\" data-event=\"0\">A</mark> &lt;b&gt; \
             <mark class=\"predicate\" data-event=\"0\">slammed</mark> B."
        );
    }
}
