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
        w.offsets.push(w.classes.len() as u32);
        w
    }
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

/// Frozen, quantised perceptron weights.
#[derive(Debug, Default)]
pub struct Weights {
    nclasses: usize,
    scale: f32,
    index: FeatMap<u32>,
    /// 32-bit feature key of each row, ascending.
    keys: Vec<u32>,
    /// Row `r` spans `offsets[r]..offsets[r + 1]` in `classes`/`weights`.
    offsets: Vec<u32>,
    classes: Vec<u16>,
    weights: Vec<i16>,
}

impl Weights {
    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    pub fn nfeatures(&self) -> usize {
        self.index.len()
    }

    fn push_row(&mut self, key: u32, entries: impl Iterator<Item = (u16, i16)>) {
        self.index.insert(spread(key), self.keys.len() as u32);
        self.keys.push(key);
        self.offsets.push(self.classes.len() as u32);
        for (c, v) in entries {
            self.classes.push(c);
            self.weights.push(v);
        }
    }

    /// Number of stored (feature, class) weights.
    pub fn nweights(&self) -> usize {
        self.weights.len()
    }

    /// Drops weights whose magnitude is below `min_abs` (in the unquantised scale) and rows
    /// left empty.
    pub fn prune(&mut self, min_abs: f32) {
        let q = (min_abs / self.scale).round() as i32;
        let old = std::mem::take(self);
        self.nclasses = old.nclasses;
        self.scale = old.scale;
        for (r, &key) in old.keys.iter().enumerate() {
            let (a, b) = (old.offsets[r] as usize, old.offsets[r + 1] as usize);
            let kept: Vec<(u16, i16)> = (a..b)
                .filter(|&i| i32::from(old.weights[i]).abs() >= q.max(1))
                .map(|i| (old.classes[i], old.weights[i]))
                .collect();
            if !kept.is_empty() {
                self.push_row(key, kept.into_iter());
            }
        }
        self.offsets.push(self.classes.len() as u32);
    }

    /// Adds the scores of `feats` into `out` (length ≥ nclasses), in quantised units.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.fill(0);
        for f in feats {
            if let Some(&r) = self.index.get(&spread(key32(*f))) {
                let (a, b) = (
                    self.offsets[r as usize] as usize,
                    self.offsets[r as usize + 1] as usize,
                );
                for (c, w) in self.classes[a..b].iter().zip(&self.weights[a..b]) {
                    out[*c as usize] += i32::from(*w);
                }
            }
        }
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.nclasses as u32);
        out.f32(self.scale);
        out.u32(self.keys.len() as u32);
        let mut prev = 0u32;
        for (r, &key) in self.keys.iter().enumerate() {
            out.varint(u64::from(key - prev));
            prev = key;
            let (a, b) = (self.offsets[r] as usize, self.offsets[r + 1] as usize);
            out.varint((b - a) as u64);
            for i in a..b {
                out.varint(u64::from(self.classes[i]));
                let v = i64::from(self.weights[i]);
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
        w.index.reserve(n.min(1 << 24));
        let mut key = 0u32;
        for r in 0..n {
            let delta = input.varint()?;
            key = u32::try_from(u64::from(key) + delta)
                .map_err(|_| input.error("feature key out of range"))?;
            if r > 0 && delta == 0 {
                return Err(input.error("feature keys not ascending"));
            }
            let m = input.varint()? as usize;
            let mut entries = Vec::with_capacity(m.min(nclasses));
            for _ in 0..m {
                let c = input.varint()?;
                if c as usize >= nclasses {
                    return Err(input.error("class id out of range"));
                }
                let z = input.varint()?;
                let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
                entries.push((c as u16, v as i16));
            }
            w.push_row(key, entries.into_iter());
        }
        w.offsets.push(w.classes.len() as u32);
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
        let data = [(vec![10u64, 99], 0usize), (vec![20u64, 99], 1usize)];
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
        back.score(&[10, 99], &mut s);
        assert!(s[0] > s[1]);
        back.score(&[20, 99], &mut s);
        assert!(s[1] > s[0]);
    }
}
