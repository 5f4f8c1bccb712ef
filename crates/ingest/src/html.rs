//! HTML pages to articles: main content and metadata by `trafilatura` (boilerplate such as
//! navigation, ads, related links and footers dropped; title, author, date, site name and
//! canonical URL from `<meta>`, OpenGraph and JSON-LD), then the content's block structure
//! turned into paragraphs separated by a blank line.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dyad_model::Article;
use scraper::{Html, Node};

use crate::error::Reason;
use crate::normalize::normalize_text;

const MIN_MAIN_EXTRACTOR_CHARS: usize = 20;

fn extract(
    html: &str,
    options: &trafilatura::Options,
) -> Result<trafilatura::ExtractResult, Reason> {
    catch_unwind(AssertUnwindSafe(|| trafilatura::extract(html, options)))
        .map_err(|_| Reason::Html("the extractor failed on this page".into()))?
        .map_err(|e| Reason::NoHtmlText(format!(" ({e})")))
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Extracts the article from an HTML page. `url` is where the page came from (a WARC target
/// URI, a JSONL `url`), used when the page has no canonical URL.
pub fn article_from_html(html: &str, url: Option<&str>) -> Result<Article, Reason> {
    let mut options = trafilatura::Options::default().with_fallback(true);
    if let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) {
        options = options.with_url(parsed);
    }
    // The main extractor keeps paragraph structure; by default it hands pages with under 250
    // characters of text to a baseline fallback that runs paragraphs together ("Nairobi.The").
    // So short results from the main extractor are kept unless the fallback finds more.
    let strict = options.clone().with_config(
        trafilatura::Config::default().with_min_extracted_size(MIN_MAIN_EXTRACTOR_CHARS),
    );
    let mut result = extract(html, &strict);
    if result
        .as_ref()
        .map_or(true, |r| letters(&r.content_text) < 250)
    {
        let with_fallback = extract(html, &options);
        let better = match (&result, &with_fallback) {
            (Ok(a), Ok(b)) => letters(&b.content_text) > letters(&a.content_text),
            (Err(_), _) => true,
            (Ok(_), Err(_)) => false,
        };
        if better {
            result = with_fallback;
        }
    }
    let result = result?;
    let meta = &result.metadata;
    let title = non_empty(&meta.title);
    let mut text = html_fragment_to_text(&result.content_html);
    if text.trim().is_empty() {
        text = normalize_text(&result.content_text);
    }
    if let Some(t) = &title {
        text = drop_leading_title(&text, t);
    }
    if text.trim().is_empty() {
        return Err(Reason::NoHtmlText(String::new()));
    }
    let canonical = non_empty(&meta.url).filter(|u| u.starts_with("http"));
    Ok(Article {
        id: String::new(),
        url: canonical.or_else(|| url.map(str::to_string)),
        outlet: non_empty(&meta.sitename),
        title,
        author: non_empty(&meta.author),
        published: meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        language: language_tag(&meta.language),
        source: None,
        text,
    })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The primary language subtag ("en-GB" → "en"); "en" when the page does not say.
fn language_tag(raw: &str) -> String {
    let primary = raw
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic())
    {
        primary
    } else {
        "en".into()
    }
}

/// The headline repeated as the first paragraph of the body is metadata, not body text.
fn drop_leading_title(text: &str, title: &str) -> String {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    match text.split_once("\n\n") {
        Some((first, rest)) if squash(first) == squash(title) => rest.to_string(),
        None if squash(text) == squash(title) => String::new(),
        _ => text.to_string(),
    }
}

/// Plain text of an HTML fragment (extracted content, a feed item): block elements become
/// paragraphs separated by a blank line, `<br>` a line break, scripts and styles dropped.
pub fn html_fragment_to_text(fragment: &str) -> String {
    let doc = Html::parse_fragment(fragment);
    let mut out = String::new();
    append_text(doc.tree.root(), &mut out);
    normalize_text(&out)
}

fn append_text(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(t) => out.push_str(t),
        Node::Element(e) => {
            let name = e.name();
            if matches!(
                name,
                "script" | "style" | "noscript" | "template" | "iframe" | "svg" | "button" | "form"
            ) {
                return;
            }
            if name == "br" {
                out.push('\n');
                return;
            }
            let block = is_block(name);
            if block {
                out.push_str("\n\n");
            } else if matches!(name, "td" | "th") {
                out.push(' ');
            }
            for child in node.children() {
                append_text(child, out);
            }
            if block {
                out.push_str("\n\n");
            }
        }
        _ => {
            for child in node.children() {
                append_text(child, out);
            }
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "main"
            | "pre"
            | "table"
            | "tr"
            | "figure"
            | "figcaption"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "head"
            | "body"
            | "html"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = include_str!("../tests/fixtures/article.html");

    #[test]
    fn page_yields_only_the_body_and_its_metadata() {
        let a = article_from_html(PAGE, None).unwrap();
        assert_eq!(
            a.title.as_deref(),
            Some("Moldova accuses Russia of meddling ahead of vote")
        );
        assert_eq!(a.author.as_deref(), Some("Elena Marin"));
        assert_eq!(a.published.as_deref(), Some("2024-10-18"));
        assert_eq!(a.outlet.as_deref(), Some("The Harbour Post"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.harbourpost.example/world/2024/10/18/moldova-accuses-russia")
        );
        let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4, "{}", a.text);
        assert!(paragraphs[0].starts_with("CHISINAU — Moldova's government on Friday"));
        assert!(paragraphs[3].ends_with("respect the outcome of the vote."));
        for junk in [
            "Home",
            "ADVERTISEMENT",
            "Cheap flights",
            "Related stories",
            "Romania braces",
            "Sponsored",
            "Privacy policy",
            "All rights reserved",
            "Subscribe today",
        ] {
            assert!(!a.text.contains(junk), "{junk:?} leaked into {:?}", a.text);
        }
    }

    #[test]
    fn short_pages_keep_their_paragraphs() {
        let page = "<html><head><title>T</title></head><body><article><p>Kenya sent police \
                    officers to Haiti on Tuesday.</p><p>The United Nations welcomed the \
                    deployment.</p></article></body></html>";
        let a = article_from_html(page, None).unwrap();
        assert_eq!(
            a.text,
            "Kenya sent police officers to Haiti on Tuesday.\n\nThe United Nations welcomed \
             the deployment."
        );
    }

    #[test]
    fn page_without_body_text_is_an_error() {
        let err = article_from_html(
            "<html><head><title>Nothing here</title></head><body></body></html>",
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("no article text"), "{err}");
    }

    #[test]
    fn fragments_keep_paragraphs() {
        assert_eq!(
            html_fragment_to_text(
                "<p>One <b>bold</b>\n claim.</p><p>Two.<br>Still two.</p><script>x()</script>"
            ),
            "One bold claim.\n\nTwo. Still two."
        );
    }
}
