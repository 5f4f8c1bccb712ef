//! Averaged perceptron: a sparse trainer and a compact, quantised scorer.
//!
//! Each feature (a 64-bit hash) owns one row of class weights. Rows are sparse — a feature only
//! carries weights for the classes it was ever updated for — which keeps memory small for the
//! 100+ joint tags and makes scoring a handful of adds per feature.

use crate::features::FeatMap;
use crate::model::{Reader, Writer};
use crate::NlpError;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    w: f32,
    total: f32,
    stamp: u32,
}

/// Perceptron under training, with lazy averaging (Collins 2002; Daumé's trick).
pub struct Trainer {
    nclasses: usize,
    index: FeatMap<u32>,
    rows: Vec<Vec<Entry>>,
    /// Number of training instances seen (the averaging clock).
    t: u32,
}

impl Trainer {
    pub fn new(nclasses: usize) -> Self {
        Trainer {
            nclasses,
            index: FeatMap::default(),
            rows: Vec::new(),
            t: 1,
        }
    }

    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    /// Current (non-averaged) scores of every class.
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    out[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Advances the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.t += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let t = self.t;
        for &f in feats {
            let next = self.rows.len() as u32;
            let r = *self.index.entry(f).or_insert(next) as usize;
            if r == self.rows.len() {
                self.rows.push(Vec::with_capacity(2));
            }
            let row = &mut self.rows[r];
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let class = class as u16;
                let e = match row.iter_mut().position(|e| e.class == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Entry {
                            class,
                            w: 0.0,
                            total: 0.0,
                            stamp: t,
                        });
                        let last = row.len() - 1;
                        &mut row[last]
                    }
                };
                e.total += (t - e.stamp) as f32 * e.w;
                e.stamp = t;
                e.w += delta;
            }
        }
    }

    /// Averages, drops weights below `min_abs` and quantises to i16.
    pub fn finish(&self, min_abs: f32) -> Weights {
        let t = self.t as f32;
        // Keys are truncated to 32 bits in the frozen model; the rare collisions just merge.
        let mut keyed: std::collections::BTreeMap<u32, Vec<(u16, f32)>> = Default::default();
        for (&key, &r) in &self.index {
            let row = keyed.entry(key32(key)).or_default();
            for e in &self.rows[r as usize] {
                let avg = (e.total + (self.t - e.stamp) as f32 * e.w) / t;
                match row.iter_mut().find(|x| x.0 == e.class) {
                    Some(x) => x.1 += avg,
                    None => row.push((e.class, avg)),
                }
            }
        }
        let mut max_abs = 0f32;
        for row in keyed.values_mut() {
            row.retain(|e| e.1.abs() >= min_abs);
            row.sort_by_key(|e| e.0);
            for e in row.iter() {
                max_abs = max_abs.max(e.1.abs());
            }
        }
        let scale = if max_abs > 0.0 {
            max_abs / 32000.0
        } else {
            1.0
        };
        let mut w = Weights {
            nclasses: self.nclasses,
            scale,
            ..Weights::default()
        };
        for (key, entries) in keyed {
            if entries.is_empty() {
                continue;
            }
            w.push_row(
                key,
                entries
                    .into_iter()
                    .map(|(c, v)| (c, (v / scale).round() as i16)),
            );
        }
        w.build_table();
        w
    }
}

/// Hints the CPU to fetch `r`'s cache line; a no-op where unsupported.
#[inline(always)]
fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and has no architectural effect; `r` is a valid
    // reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (r as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

/// The 32-bit key a feature hash is stored under.
#[inline]
fn key32(h: u64) -> u32 {
    (h >> 32) as u32
}

/// Spreads a 32-bit key over 64 bits (a bijection) so the pass-through hasher sees good bits.
#[inline]
fn spread(k: u32) -> u64 {
    u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

const EMPTY: u32 = u32::MAX;

/// Frozen, quantised perceptron weights.
///
/// Lookups go through one open-addressing table of `(key, row start)` pairs, and a row is one
/// contiguous run of packed `(class, weight)` words, so scoring a feature costs about two
/// cache misses; there is no per-entry allocation, so loading is a linear scan.
#[derive(Debug, Default)]
pub struct Weights {
    nclasses: usize,
    scale: f32,
    /// 32-bit key and start in `data` of each row, keys ascending.
    keys: Vec<u32>,
    starts: Vec<u32>,
    /// Rows: a length word, then `class << 16 | weight as u16` words.
    data: Vec<u32>,
    /// Open addressing, linear probing: `(key, start)`, start == EMPTY for a free slot.
    table: Vec<(u32, u32)>,
    shift: u32,
}

impl Weights {
    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    pub fn nfeatures(&self) -> usize {
        self.keys.len()
    }

    /// Number of stored (feature, class) weights.
    pub fn nweights(&self) -> usize {
        self.data.len() - self.keys.len()
    }

    fn push_row(&mut self, key: u32, entries: impl Iterator<Item = (u16, i16)>) {
        let start = self.data.len();
        self.data.push(0);
        for (c, v) in entries {
            self.data.push(u32::from(c) << 16 | u32::from(v as u16));
        }
        let len = self.data.len() - start - 1;
        if len == 0 {
            self.data.pop();
            return;
        }
        self.data[start] = len as u32;
        self.keys.push(key);
        self.starts.push(start as u32);
    }

    fn row(&self, start: u32) -> &[u32] {
        let s = start as usize;
        let len = self.data[s] as usize;
        &self.data[s + 1..s + 1 + len]
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        if self.shift >= 64 {
            0
        } else {
            (spread(key) >> self.shift) as usize
        }
    }

    fn build_table(&mut self) {
        let cap = (self.keys.len() * 2).next_power_of_two().max(2);
        self.shift = 64 - cap.trailing_zeros();
        self.table = vec![(0, EMPTY); cap];
        let mask = cap - 1;
        for (&k, &start) in self.keys.iter().zip(&self.starts) {
            let mut i = self.slot(k);
            while self.table[i].1 != EMPTY {
                i = (i + 1) & mask;
            }
            self.table[i] = (k, start);
        }
    }

    /// Drops weights whose magnitude is below `min_abs` (in the unquantised scale) and rows
    /// left empty.
    pub fn prune(&mut self, min_abs: f32) {
        let q = ((min_abs / self.scale).round() as i32).max(1);
        let old = std::mem::take(self);
        self.nclasses = old.nclasses;
        self.scale = old.scale;
        for (&key, &start) in old.keys.iter().zip(&old.starts) {
            let row = old.row(start);
            self.push_row(
                key,
                row.iter()
                    .map(|&e| ((e >> 16) as u16, e as u16 as i16))
                    .filter(|e| i32::from(e.1).abs() >= q),
            );
        }
        self.build_table();
    }

    /// Sets `out` (length ≥ nclasses) to the scores of `feats`, in quantised units.
    ///
    /// Scoring is bound by memory latency (the tables are larger than the caches), so it runs
    /// in three passes that prefetch table slots, then rows, before touching them: the misses
    /// of all features overlap instead of queueing one after another.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.fill(0);
        if self.keys.is_empty() {
            return;
        }
        const BATCH: usize = 128;
        let mut slots = [0usize; BATCH];
        let mut starts = [EMPTY; BATCH];
        for chunk in feats.chunks(BATCH) {
            for (j, f) in chunk.iter().enumerate() {
                let i = self.slot(key32(*f));
                slots[j] = i;
                prefetch(&self.table[i]);
            }
            let mask = self.table.len() - 1;
            for (j, f) in chunk.iter().enumerate() {
                let key = key32(*f);
                let mut i = slots[j];
                starts[j] = EMPTY;
                loop {
                    let (k, start) = self.table[i];
                    if start == EMPTY {
                        break;
                    }
                    if k == key {
                        starts[j] = start;
                        prefetch(&self.data[start as usize]);
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            for &start in &starts[..chunk.len()] {
                if start == EMPTY {
                    continue;
                }
                for &e in self.row(start) {
                    if let Some(o) = out.get_mut((e >> 16) as usize) {
                        *o += i32::from(e as u16 as i16);
                    }
                }
            }
        }
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.nclasses as u32);
        out.f32(self.scale);
        out.u32(self.keys.len() as u32);
        let mut prev = 0u32;
        for (&key, &start) in self.keys.iter().zip(&self.starts) {
            out.varint(u64::from(key - prev));
            prev = key;
            let row = self.row(start);
            out.varint(row.len() as u64);
            for &e in row {
                out.varint(u64::from(e >> 16));
                let v = i64::from(e as u16 as i16);
                out.varint(((v << 1) ^ (v >> 63)) as u64);
            }
        }
    }

    pub fn read(input: &mut Reader) -> Result<Weights, NlpError> {
        let nclasses = input.u32()? as usize;
        let scale = input.f32()?;
        let n = input.u32()? as usize;
        let mut w = Weights {
            nclasses,
            scale,
            ..Weights::default()
        };
        w.keys.reserve(n.min(1 << 24));
        w.starts.reserve(n.min(1 << 24));
        let mut key = 0u32;
        let mut entries: Vec<(u16, i16)> = Vec::new();
        for r in 0..n {
            let delta = input.varint()?;
            key = u32::try_from(u64::from(key) + delta)
                .map_err(|_| input.error("feature key out of range"))?;
            if r > 0 && delta == 0 {
                return Err(input.error("feature keys not ascending"));
            }
            let m = input.varint()? as usize;
            entries.clear();
            for _ in 0..m {
                let c = input.varint()?;
                if c as usize >= nclasses {
                    return Err(input.error("class id out of range"));
                }
                let z = input.varint()?;
                let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
                entries.push((c as u16, v as i16));
            }
            w.push_row(key, entries.iter().copied());
        }
        w.build_table();
        Ok(w)
    }
}

/// Index of the best score among `allowed` classes (first wins ties), or None if none allowed.
pub fn argmax_where<T: PartialOrd + Copy>(
    scores: &[T],
    allowed: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|b| *s > scores[b]) {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_serialisation() {
        // Feature 10 means class 0, feature 20 means class 1; feature 99 is noise.
        let mut tr = Trainer::new(2);
        use crate::features::f1;
        let (a, b, noise) = (f1(1, 10), f1(1, 20), f1(1, 99));
        let data = [(vec![a, noise], 0usize), (vec![b, noise], 1usize)];
        let mut scores = vec![0f32; 2];
        for _ in 0..5 {
            for (feats, gold) in &data {
                tr.score(feats, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap_or(0);
                tr.update(feats, *gold, guess);
                tr.tick();
            }
        }
        let w = tr.finish(0.0);
        let mut out = Writer::default();
        w.write(&mut out);
        let bytes = out.into_bytes();
        let back = Weights::read(&mut Reader::new(&bytes, "test")).unwrap();
        let mut s = vec![0i32; 2];
        back.score(&[a, noise], &mut s);
        assert!(s[0] > s[1]);
        back.score(&[b, noise], &mut s);
        assert!(s[1] > s[0]);
    }
}
