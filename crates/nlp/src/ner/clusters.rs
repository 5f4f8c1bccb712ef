//! Word clusters and capitalisation statistics from raw text, as features for words the
//! annotated data rarely or never shows: `data/ner/clusters.derived.tsv.gz`, made by
//! `cargo run -p dyad-nlp --example ner_clusters` (see that example for the text it reads).
//!
//! Each lower-cased word has its cluster in three k-means clusterings of its contexts (64, 256
//! and 1024 clusters) and a bin of how often it is written with a capital inside a sentence.

use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("../../data/ner/clusters.derived.tsv.gz");

/// What the table says about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// Cluster of the word in the 64-, 256- and 1024-cluster clusterings.
    pub clusters: [u16; 3],
    /// How often the word is capitalised inside a sentence: `b'0'` (< 5%) … `b'3'` (≥ 95%),
    /// `b'-'` when rarely seen there.
    pub capital: u8,
}

/// The embedded table, read once per process. An unreadable table (it is ours and fixed, and
/// the tests below read it) would leave every word unknown.
pub fn table() -> &'static HashMap<String, WordInfo> {
    static CELL: OnceLock<HashMap<String, WordInfo>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(TABLE), &mut text);
        text.lines().filter_map(parse_line).collect()
    })
}

fn parse_line(line: &str) -> Option<(String, WordInfo)> {
    let mut cols = line.split('\t');
    let word = cols.next()?.to_string();
    let mut clusters = [0u16; 3];
    for c in clusters.iter_mut() {
        *c = cols.next()?.parse().ok()?;
    }
    let capital = *cols.next()?.as_bytes().first()?;
    Some((word, WordInfo { clusters, capital }))
}

/// The table's entry for a (lower-cased) word.
pub fn lookup(lower: &str) -> Option<WordInfo> {
    table().get(lower).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_knows_common_words_and_names() {
        assert!(table().len() > 10_000);
        let the = lookup("the").unwrap();
        assert_eq!(the.capital, b'0');
        let london = lookup("london").unwrap();
        assert_eq!(london.capital, b'3');
        assert!(lookup("xqzzyv").is_none());
    }

    #[test]
    fn countries_share_a_cluster_more_than_a_country_and_a_verb() {
        let (a, b, c) = (
            lookup("france").unwrap(),
            lookup("spain").unwrap(),
            lookup("said").unwrap(),
        );
        assert_eq!(a.clusters[0], b.clusters[0]);
        assert_ne!(a.clusters[0], c.clusters[0]);
    }
}
