//! Stable feature hashing shared by the tagger, parser and labeller.
//!
//! Features are never strings at run time: each is a 64-bit hash built from a template id and
//! precomputed per-token value hashes, so extraction allocates nothing. The hash is our own
//! (FNV-1a for strings, a multiply-rotate combine and a murmur finaliser), so model files stay
//! valid across platforms and Rust versions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes of `s`.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Combines two hashes (order matters).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Murmur3 finaliser: spreads the bits so the low bits index hash tables well.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Feature with one value.
#[inline]
pub fn f1(template: u64, a: u64) -> u64 {
    finish(mix(template.wrapping_mul(0x2545_f491_4f6c_dd1d), a))
}

/// Feature with two values.
#[inline]
pub fn f2(template: u64, a: u64, b: u64) -> u64 {
    finish(mix(mix(template.wrapping_mul(0x2545_f491_4f6c_dd1d), a), b))
}

/// Feature with three values.
#[inline]
pub fn f3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(
        mix(mix(template.wrapping_mul(0x2545_f491_4f6c_dd1d), a), b),
        c,
    ))
}

/// Hasher for keys that are already well-mixed hashes: passes them through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hashes.
pub type FeatMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// Word shape: `Xxxx` → "Xx", `2024` → "d", `U.S.` → "X.X.", collapsing repeats, max 5 chars.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut n = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
            n += 1;
            if n >= 5 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_order_sensitive() {
        assert_eq!(hash_str(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        assert_ne!(f1(1, 2), f1(2, 2));
    }

    #[test]
    fn shapes_collapse_repeats() {
        assert_eq!(shape("Russia"), "Xx");
        assert_eq!(shape("2024"), "d");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("e-mail"), "x-x");
    }
}
