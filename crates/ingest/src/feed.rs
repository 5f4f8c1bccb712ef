//! RSS, Atom and JSON Feed files (`feed-rs`): one article per item, from the item's content or,
//! failing that, its summary (HTML turned into paragraphs).

use dyad_model::{Article, Doc};
use feed_rs::model::{Entry, Feed, Text};

use crate::error::{IngestError, Reason};
use crate::html::html_fragment_to_text;
use crate::{normalize, IngestResult, Ingested};

/// Parses a whole feed; each item is one result.
pub(crate) fn feed_articles(name: &str, bytes: &[u8]) -> Result<Vec<IngestResult>, Reason> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| Reason::Feed(e.to_string()))?;
    let outlet = feed.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    Ok(feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let location = format!("{name}#{}", i + 1);
            entry_article(&feed, entry, outlet.as_deref(), &location)
                .map_err(|reason| IngestError::new(location, reason))
        })
        .collect())
}

fn entry_article(
    feed: &Feed,
    entry: &Entry,
    outlet: Option<&str>,
    location: &str,
) -> Result<Ingested, Reason> {
    let content = entry
        .content
        .as_ref()
        .and_then(|c| {
            let body = c.body.as_deref()?;
            Some(if c.content_type.to_string().contains("html") {
                html_fragment_to_text(body)
            } else {
                body.to_string()
            })
        })
        .filter(|t| !t.trim().is_empty());
    let text = content
        .or_else(|| entry.summary.as_ref().map(text_of))
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| Reason::Record("feed item has no content or summary".into()))?;
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.clone());
    let authors: Vec<String> = entry
        .authors
        .iter()
        .chain(feed.authors.iter().filter(|_| entry.authors.is_empty()))
        .filter_map(|p| {
            let name = p.name.as_deref()?.trim();
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect();
    let mut article = Article {
        id: String::new(),
        url,
        outlet: outlet.map(str::to_string),
        title: entry.title.as_ref().map(text_of),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        published: entry
            .published
            .or(entry.updated)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        language: entry
            .language
            .clone()
            .or_else(|| feed.language.clone())
            .map(|l| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("en")
                    .to_ascii_lowercase()
            })
            .unwrap_or_else(|| "en".into()),
        source: Some(location.to_string()),
        text,
    };
    let warnings = normalize::finish_article(&mut article)?;
    Ok(Ingested {
        doc: Doc::new(article),
        warnings,
    })
}

/// Plain text of a feed text construct (titles and summaries may be HTML).
fn text_of(t: &Text) -> String {
    if t.content_type.to_string().contains("html") {
        html_fragment_to_text(&t.content)
    } else {
        normalize::normalize_text(&t.content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles(name: &str, bytes: &[u8]) -> Vec<Article> {
        feed_articles(name, bytes)
            .unwrap()
            .into_iter()
            .map(|r| r.unwrap().doc.article)
            .collect()
    }

    #[test]
    fn rss_items_become_articles() {
        let a = articles("news.rss", include_bytes!("../tests/fixtures/feed.rss"));
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].title.as_deref(),
            Some("Armenia and Azerbaijan resume border talks")
        );
        assert_eq!(a[0].outlet.as_deref(), Some("Caucasus Wire"));
        assert_eq!(a[0].published.as_deref(), Some("2024-05-06T08:30:00Z"));
        assert_eq!(
            a[0].url.as_deref(),
            Some("https://caucasuswire.example/2024/05/border-talks")
        );
        assert_eq!(a[0].source.as_deref(), Some("news.rss#1"));
        // content:encoded HTML, paragraphs kept
        assert_eq!(a[0].text.split("\n\n").count(), 2, "{}", a[0].text);
        assert!(a[0].text.contains("“We are closer than ever to peace,”"));
        // only a description
        assert!(a[1].text.starts_with("Georgia's parliament passed"));
    }

    #[test]
    fn atom_entries_become_articles() {
        let a = articles("news.atom", include_bytes!("../tests/fixtures/feed.atom"));
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].author.as_deref(), Some("Jonas Berg"));
        assert_eq!(a[0].published.as_deref(), Some("2024-02-12T14:00:00Z"));
        assert!(a[0].text.contains("NATO"));
        assert_eq!(a[0].text.split("\n\n").count(), 2);
        assert_eq!(
            a[1].url.as_deref(),
            Some("https://nordicdesk.example/baltic-drills")
        );
    }

    #[test]
    fn json_feed_items_become_articles() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Desk",
            "items": [{"id": "1", "url": "https://desk.example/a", "title": "A",
                       "content_html": "<p>Kenya sent police to Haiti.</p><p>More.</p>",
                       "date_published": "2024-06-25T10:00:00Z"}]}"#;
        let a = articles("desk.json", feed.as_bytes());
        assert_eq!(a[0].text, "Kenya sent police to Haiti.\n\nMore.");
        assert_eq!(a[0].outlet.as_deref(), Some("Desk"));
    }

    #[test]
    fn not_a_feed_is_an_error() {
        let err = feed_articles("x.xml", b"<html><body>hi</body></html>").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("not a valid RSS/Atom/JSON feed"));
    }
}
