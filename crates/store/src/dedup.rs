//! Near-duplicate detection: MinHash signatures over word shingles with LSH banding, so a
//! syndicated copy of a story (same body, different boilerplate around it) is found among all
//! stored articles with an index lookup instead of a scan.
//!
//! Hashes are our own fixed functions (FNV-1a, SplitMix64), never a randomly seeded hasher:
//! signatures must be identical across runs and builds for re-ingest to be deterministic.

/// Words per shingle.
const SHINGLE: usize = 5;
/// Number of MinHash functions.
pub const NUM_HASHES: usize = 128;
/// LSH bands × rows per band = NUM_HASHES. 32 × 4 finds pairs with Jaccard 0.6 with p ≈ 0.99
/// while unrelated articles (Jaccard ≈ 0.01) essentially never collide.
pub const BANDS: usize = 32;
const ROWS: usize = NUM_HASHES / BANDS;
/// Estimated Jaccard similarity of shingle sets at or above which two articles are one story.
pub const DUPLICATE_THRESHOLD: f64 = 0.6;

/// FNV-1a, 64-bit.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64 finaliser: a cheap, well-mixed bijection on u64.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Lower-cased alphanumeric words of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Hashes of the word shingles of a text (the whole text as one shingle when it is short).
pub fn shingles(text: &str) -> Vec<u64> {
    let w = words(text);
    if w.is_empty() {
        return Vec::new();
    }
    let n = SHINGLE.min(w.len());
    let mut out: Vec<u64> = w
        .windows(n)
        .map(|s| fnv1a(s.join(" ").as_bytes()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// MinHash signature; `None` for a text without words (nothing to compare).
pub fn minhash(text: &str) -> Option<Vec<u64>> {
    let sh = shingles(text);
    if sh.is_empty() {
        return None;
    }
    let seeds: Vec<u64> = (0..NUM_HASHES as u64).map(|i| mix(i ^ 0x5eed)).collect();
    Some(
        seeds
            .iter()
            .map(|seed| sh.iter().map(|h| mix(h ^ seed)).min().unwrap_or(u64::MAX))
            .collect(),
    )
}

/// LSH band values of a signature, one per band (stored as i64 for SQLite).
pub fn bands(sig: &[u64]) -> Vec<i64> {
    sig.chunks(ROWS)
        .map(|rows| {
            let mut bytes = Vec::with_capacity(rows.len() * 8);
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            fnv1a(&bytes) as i64
        })
        .collect()
}

/// Estimated Jaccard similarity of the shingle sets behind two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

pub fn to_blob(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_blob(blob: &[u8]) -> Vec<u64> {
    blob.chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> String {
        let mut s = String::new();
        for i in 0..40 {
            s.push_str(&format!(
                "Officials in district {i} said the talks over the border would resume next week \
                 after negotiators met for the {i}th time. "
            ));
        }
        s
    }

    #[test]
    fn syndicated_copy_with_other_boilerplate_is_similar() {
        let body = story();
        let a = format!("Reuters staff. {body} Reporting by Ann Lee; editing by Bob Ray.");
        let b = format!(
            "Subscribe to our newsletter for daily updates! {body} Copyright 2024 Example Post. \
             All rights reserved. Follow us on social media."
        );
        let (sa, sb) = (minhash(&a).unwrap(), minhash(&b).unwrap());
        assert!(similarity(&sa, &sb) >= DUPLICATE_THRESHOLD);
        let shared_band = bands(&sa).iter().zip(bands(&sb)).any(|(x, y)| *x == y);
        assert!(shared_band, "LSH must make the copy a candidate");
    }

    #[test]
    fn different_stories_are_not_similar() {
        let a = story();
        let b = "The central bank raised interest rates by half a point on Tuesday, citing \
                 persistent inflation in food and energy prices across the region, and said \
                 further increases were possible if wages kept rising faster than productivity."
            .repeat(3);
        let (sa, sb) = (minhash(&a).unwrap(), minhash(&b).unwrap());
        assert!(similarity(&sa, &sb) < 0.1);
    }

    #[test]
    fn signatures_are_stable_and_round_trip_through_blobs() {
        let s = minhash("Russia and Georgia signed an agreement.").unwrap();
        assert_eq!(
            s,
            minhash("russia AND georgia signed an agreement!").unwrap()
        );
        assert_eq!(from_blob(&to_blob(&s)), s);
        assert!(minhash("  ... ").is_none());
    }
}
