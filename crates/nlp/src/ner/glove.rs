//! Word clusters of GloVe vectors trained on 6 billion words of Wikipedia and newswire:
//! `data/ner/glove_clusters.derived.tsv.gz`, made by `data/ner/tools/glove_clusters.py`.
//!
//! The annotated NER data is small; the names a user's text holds mostly are not in it.
//! GloVe saw them: "starbucks" sits with shops and chains, "invercargill" with provincial
//! towns, "expedia" with web companies. Each of 150k lower-cased words has one fine cluster
//! (2,048) that also gives its mid (256) and coarse (64) cluster.

use std::sync::OnceLock;

use super::features::hash;
use crate::features::FeatMap;

static TABLE: &[u8] = include_bytes!("../../data/ner/glove_clusters.derived.tsv.gz");

/// The largest cluster id (of the 2,048 fine clusters).
pub const MAX_CLUSTER: u16 = 2047;

/// The clusters of one word, coarse to fine, and its name-kind prior.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clusters {
    pub coarse: u16,
    pub mid: u16,
    pub fine: u16,
    /// How likely a word with this vector is part of a person's, an organisation's and a
    /// place's name, each binned `b'0'` (< 5%) … `b'3'` (≥ 50%), as a network trained on the
    /// NER training corpora's words predicts it from the vector.
    pub prior: [u8; 3],
}

pub(super) struct Table {
    /// Keyed by the word's feature hash, not the word: 150k strings would cost the process
    /// some 10 MB more.
    words: FeatMap<(u16, [u8; 3])>,
    mid: Vec<u16>,
    coarse: Vec<u16>,
}

/// The embedded table, read once per process. An unreadable table (it is ours and fixed, and
/// the tests below read it) would leave every word without clusters.
pub(super) fn table() -> &'static Table {
    static CELL: OnceLock<Table> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(TABLE), &mut text);
        let mut table = Table {
            words: FeatMap::default(),
            mid: Vec::new(),
            coarse: Vec::new(),
        };
        for line in text.lines() {
            let Some((key, value)) = line.split_once('\t') else {
                continue;
            };
            match key {
                "#mid" => table.mid = ids(value),
                "#coarse" => table.coarse = ids(value),
                word => {
                    let (fine, prior) = value.split_once('\t').unwrap_or((value, "000"));
                    let prior = match prior.as_bytes() {
                        [p, o, l] => [*p, *o, *l],
                        _ => *b"000",
                    };
                    if let Ok(fine) = fine.parse() {
                        table.words.insert(hash(&[word]), (fine, prior));
                    }
                }
            }
        }
        table
    })
}

fn ids(value: &str) -> Vec<u16> {
    value.split(' ').filter_map(|x| x.parse().ok()).collect()
}

/// The clusters of a lower-cased word, if GloVe's vocabulary has it.
pub fn lookup(lower: &str) -> Option<Clusters> {
    let table = table();
    let &(fine, prior) = table.words.get(&hash(&[lower]))?;
    Some(Clusters {
        coarse: *table.coarse.get(fine as usize)?,
        mid: *table.mid.get(fine as usize)?,
        fine,
        prior,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_share_a_cluster_and_a_place_prior() {
        assert!(table().words.len() > 100_000);
        let (moscow, ankara, said) = (
            lookup("moscow").unwrap(),
            lookup("ankara").unwrap(),
            lookup("said").unwrap(),
        );
        assert_eq!(moscow.fine, ankara.fine);
        assert_ne!(moscow.mid, said.mid);
        assert!(lookup("xqzzyv").is_none());
        assert_eq!(said.prior, *b"000");
        assert!(moscow.prior[2] > b'1', "{:?}", moscow.prior);
    }
}
