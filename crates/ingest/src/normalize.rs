//! Text normalisation, publisher boilerplate removal, stable ids, outlets from URLs and
//! publication dates in ISO 8601: the rules every input kind shares.

use dyad_model::Article;
use unicode_normalization::UnicodeNormalization;

use crate::error::Reason;

/// NFC, `\n` line ends, spaces collapsed, paragraphs separated by one blank line, no leading or
/// trailing whitespace.
///
/// Paragraphs: when the text has blank lines, blank lines separate paragraphs and the lines
/// inside one are joined (hard-wrapped text is unwrapped); when it has none, each line is a
/// paragraph (one paragraph per line, as many news exports write them).
pub fn normalize_text(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw
        .nfc()
        .collect::<String>()
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
    {
        lines.push(clean_line(line));
    }
    let has_blank_line = {
        let mut seen_text = false;
        let mut blank_after_text = false;
        let mut found = false;
        for l in &lines {
            if l.is_empty() {
                blank_after_text = seen_text;
            } else {
                if blank_after_text {
                    found = true;
                    break;
                }
                seen_text = true;
            }
        }
        found
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() || !has_blank_line {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            if !has_blank_line && !line.is_empty() {
                paragraphs.push(line);
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

/// One line: invisible characters dropped, any run of whitespace as one space, trimmed.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Removes publisher boilerplate (copyright and rights lines, "Follow us on …", "Subscribe …",
/// credit lines) from the end of a normalised body. A trailing paragraph goes when every
/// sentence of it is boilerplate; a footer run into the last paragraph ("… sovereignty.
/// © 2024 Outlet. All rights reserved.") is cut from its copyright sign on.
pub fn strip_boilerplate(text: &str) -> String {
    let mut paragraphs: Vec<String> = text.split("\n\n").map(str::to_string).collect();
    while let Some(last) = paragraphs.last() {
        if is_boilerplate(last) {
            paragraphs.pop();
            continue;
        }
        let sentences = sentences(last);
        let keep = sentences
            .iter()
            .rposition(|s| !is_boilerplate_sentence(s))
            .map_or(0, |i| i + 1);
        let cut_starts_strong = sentences
            .get(keep)
            .is_some_and(|s| starts_with_copyright(s));
        if keep < sentences.len() && cut_starts_strong {
            let kept = sentences[..keep].concat().trim_end().to_string();
            if let Some(slot) = paragraphs.last_mut() {
                *slot = kept;
            }
        }
        break;
    }
    paragraphs.join("\n\n")
}

/// Whether a whole paragraph is a publisher footer: short, and every sentence of it is.
pub fn is_boilerplate(paragraph: &str) -> bool {
    let p = paragraph.trim();
    if p.is_empty() {
        return true;
    }
    if p.chars().count() > 300 {
        return false;
    }
    sentences(p).iter().all(|s| is_boilerplate_sentence(s))
}

/// Sentences of a paragraph with their trailing spaces (so they concatenate back exactly).
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_some_and(|&(_, n)| n == ' ');
        if matches!(c, '.' | '!' | '?') && next_is_space {
            let end = at + c.len_utf8() + 1;
            out.push(&paragraph[start..end]);
            start = end;
        }
    }
    if start < paragraph.len() {
        out.push(&paragraph[start..]);
    }
    out
}

fn starts_with_copyright(sentence: &str) -> bool {
    let lower = sentence.trim().to_lowercase();
    [
        "©",
        "(c) ",
        "copyright ",
        "copyright©",
        "copyright:",
        "all rights reserved",
    ]
    .iter()
    .any(|x| lower.starts_with(x))
}

fn is_boilerplate_sentence(sentence: &str) -> bool {
    let s = sentence.trim();
    if s.is_empty() || starts_with_copyright(s) {
        return true;
    }
    let lower = s.to_lowercase();
    if lower.contains("all rights reserved") {
        return true;
    }
    let about_copying = ["reproduc", "republish", "redistribut", "rewritten"]
        .iter()
        .any(|x| lower.contains(x));
    let forbids = [
        "permission",
        "may not be",
        "must not be",
        "do not",
        "prohibited",
    ]
    .iter()
    .any(|x| lower.contains(x));
    if about_copying && forbids && s.chars().count() <= 160 {
        return true;
    }
    [
        "follow us on",
        "follow us:",
        "follow @",
        "subscribe to ",
        "subscribe for ",
        "subscribe now",
        "subscribe:",
        "click here to subscribe",
        "sign up for our",
        "sign up to our",
        "sign up here",
        "share this article",
        "share this story",
        "download our app",
        "reporting by ",
        "additional reporting by ",
        "(reporting by ",
        "editing by ",
        "writing by ",
        "read more:",
        "related:",
        "advertisement",
    ]
    .iter()
    .any(|x| lower.starts_with(x))
}

pub use dyad_model::article_id;

/// The outlet named by a URL's host: `https://www.voanews.com/a/1.html` → `voanews.com`.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_lowercase();
    let host = ["www.", "www1.", "www2.", "m.", "amp.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p).filter(|h| h.contains('.')))
        .unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// A publication date in ISO 8601: `YYYY-MM-DD` or an RFC 3339 timestamp. Accepts RFC 3339,
/// RFC 2822 (RSS), `YYYY-MM-DD HH:MM:SS[Z]`, `YYYY/MM/DD` and "March 4, 2024"-style dates.
pub fn normalize_date(raw: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%#z",
        "%Y-%m-%dT%H:%M:%S%#z",
        "%Y-%m-%d %H:%M:%S%.f%#z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        }
    }
    let (naive, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, fmt) {
            let base = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
            return Some(if utc { base + "Z" } else { base });
        }
    }
    for fmt in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%b. %d, %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// Finishes an article from any input: normalises and strips the text, fills the id (when
/// the input gave none) and the outlet (from the URL host when metadata gave none), cleans the
/// metadata. Returns warnings worth showing the user.
pub fn finish_article(article: &mut Article) -> Result<Vec<String>, Reason> {
    let mut warnings = Vec::new();
    article.text = strip_boilerplate(&normalize_text(&article.text));
    if article.text.is_empty() {
        return Err(Reason::EmptyText);
    }
    if article.id.trim().is_empty() {
        article.id = article_id(&article.text);
    }
    for field in [
        &mut article.url,
        &mut article.outlet,
        &mut article.title,
        &mut article.author,
    ] {
        *field = field
            .take()
            .map(|v| clean_line(&v.nfc().collect::<String>()))
            .filter(|v| !v.is_empty());
    }
    if article.outlet.is_none() {
        article.outlet = article.url.as_deref().and_then(outlet_from_url);
    }
    if let Some(raw) = article.published.take() {
        match normalize_date(&raw) {
            Some(d) => article.published = Some(d),
            None if raw.trim().is_empty() => {}
            None => warnings.push(format!("unrecognised publication date {raw:?} ignored")),
        }
    }
    if article.language.trim().is_empty() {
        article.language = "en".into();
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        assert_eq!(
            normalize_text("  First  para.\r\nSecond\u{00A0}para. \r\n"),
            "First para.\n\nSecond para."
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_unwrapped() {
        assert_eq!(
            normalize_text("\n\nOne line\nwrapped here.\n\n\n\nTwo.\n"),
            "One line wrapped here.\n\nTwo."
        );
    }

    #[test]
    fn nfc_and_invisible_characters() {
        assert_eq!(normalize_text("Cafe\u{0301}\u{200B} talks"), "Café talks");
    }

    #[test]
    fn copyright_footers_are_stripped_from_the_end_only() {
        let body = "Russia said it was ready.\n\nThe EU condemned the move.\n\n\
                    © 2024 Latin Times. All rights reserved. Do not reproduce without permission.";
        assert_eq!(
            strip_boilerplate(body),
            "Russia said it was ready.\n\nThe EU condemned the move."
        );
        let body = "Follow us on Twitter.\n\nThe talks resumed.\n\nCopyright 2023 Daily Planet\n\n\
                    Subscribe to our newsletter";
        assert_eq!(
            strip_boilerplate(body),
            "Follow us on Twitter.\n\nThe talks resumed."
        );
        let run_in = "The EU condemned the move. © 2024 Example News. All rights reserved.";
        assert_eq!(strip_boilerplate(run_in), "The EU condemned the move.");
    }

    #[test]
    fn a_real_paragraph_about_copyright_stays() {
        let body = "The court ruled on the case.\n\nThe publisher said all rights reserved \
                    under the treaty would be enforced, and that the government's seizure of \
                    the archive violated international law as well as the constitution, \
                    according to a lawyer for the company who spoke to reporters outside the \
                    courthouse on Tuesday afternoon after a hearing that lasted several hours \
                    and drew protesters from both sides.";
        assert_eq!(strip_boilerplate(body), body);
    }

    #[test]
    fn ids_are_stable_under_whitespace_and_case() {
        let a = article_id("Russia is ready.\n\nThe EU objects.");
        assert_eq!(a.len(), 16);
        assert_eq!(a, article_id("  russia is  ready. The EU objects. "));
        assert_ne!(a, article_id("Russia is not ready."));
    }

    #[test]
    fn outlet_from_host() {
        assert_eq!(
            outlet_from_url("https://www.voanews.com/a/x/8011115.html").as_deref(),
            Some("voanews.com")
        );
        assert_eq!(
            outlet_from_url("http://news.bbc.co.uk/2/hi").as_deref(),
            Some("news.bbc.co.uk")
        );
        assert_eq!(outlet_from_url("not a url"), None);
    }

    #[test]
    fn dates_become_iso_8601() {
        assert_eq!(
            normalize_date("2025-03-14 20:30:26Z").as_deref(),
            Some("2025-03-14T20:30:26Z")
        );
        assert_eq!(
            normalize_date("Mon, 04 Mar 2024 10:00:00 +0100").as_deref(),
            Some("2024-03-04T10:00:00+01:00")
        );
        assert_eq!(normalize_date("2024-10-18").as_deref(), Some("2024-10-18"));
        assert_eq!(
            normalize_date("March 4, 2024").as_deref(),
            Some("2024-03-04")
        );
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn finishing_fills_id_and_outlet() {
        let mut a = Article {
            text: "Body.\r\n© 2024 X. All rights reserved.".into(),
            url: Some("https://www.example.org/a".into()),
            published: Some("2024-01-02".into()),
            ..Article::default()
        };
        let warnings = finish_article(&mut a).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(a.text, "Body.");
        assert_eq!(a.outlet.as_deref(), Some("example.org"));
        assert_eq!(a.id, article_id("Body."));
        assert_eq!(a.language, "en");
    }
}
