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
        Trainer::finish_runs(&[self], min_abs)
    }

    /// The mean of several training runs' averaged weights (runs over differently shuffled
    /// data: an ensemble at the cost of one model), pruned and quantised as [`finish`].
    ///
    /// [`finish`]: Trainer::finish
    pub fn finish_runs(runs: &[&Trainer], min_abs: f32) -> Weights {
        let nclasses = runs.first().map_or(0, |r| r.nclasses);
        let share = 1.0 / runs.len().max(1) as f32;
        // Keys are truncated to 32 bits in the frozen model; the rare collisions just merge.
        let mut keyed: std::collections::BTreeMap<u32, Vec<(u16, f32)>> = Default::default();
        for run in runs {
            let t = run.t as f32;
            for (&key, &r) in &run.index {
                let row = keyed.entry(key32(key)).or_default();
                for e in &run.rows[r as usize] {
                    let avg = share * (e.total + (run.t - e.stamp) as f32 * e.w) / t;
                    match row.iter_mut().find(|x| x.0 == e.class) {
                        Some(x) => x.1 += avg,
                        None => row.push((e.class, avg)),
                    }
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
            nclasses,
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

/// Adds packed `class << 16 | weight` entries to `out`; classes outside `out` (the unused
/// marker among them) are skipped.
#[inline(always)]
fn add_entries(entries: &[u32], out: &mut [i32]) {
    for &e in entries {
        if let Some(o) = out.get_mut((e >> 16) as usize) {
            *o = o.wrapping_add(i32::from(e as u16 as i16));
        }
    }
}

/// Huge page size on x86_64 / aarch64 Linux.
const HUGE_PAGE: usize = 2 << 20;

/// A fixed-length buffer that starts on a 2 MiB boundary and is advised to use transparent huge
/// pages (Linux). Scoring does random lookups into tables of tens of MB; with 4 KiB pages
/// nearly every lookup also misses the TLB, and in a VM a page walk costs several more misses.
#[derive(Debug, Default)]
struct PagedBuf<T> {
    raw: Vec<T>,
    off: usize,
}

impl<T: Copy + Default> PagedBuf<T> {
    fn from_slice(src: &[T]) -> Self {
        Self::build(src.len(), |raw| raw.extend_from_slice(src))
    }

    fn build(len: usize, fill: impl FnOnce(&mut Vec<T>)) -> Self {
        let size = std::mem::size_of::<T>().max(1);
        if len * size < HUGE_PAGE {
            let mut raw = Vec::with_capacity(len);
            fill(&mut raw);
            return PagedBuf { raw, off: 0 };
        }
        let extra = HUGE_PAGE.div_ceil(size);
        let mut raw: Vec<T> = Vec::with_capacity(len + extra);
        let addr = raw.as_ptr() as usize;
        let aligned = addr.next_multiple_of(HUGE_PAGE);
        let off = (aligned - addr).div_ceil(size).min(extra);
        // Advise before the first write, so the pages are faulted in as huge pages.
        advise_huge_pages(aligned, (len * size) & !(HUGE_PAGE - 1));
        raw.resize(off, T::default());
        fill(&mut raw);
        PagedBuf { raw, off }
    }

    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        &self.raw[self.off..]
    }
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(addr: usize, len: usize) {
    if len == 0 {
        return;
    }
    // SAFETY: madvise only changes how the kernel backs this range, which lies inside an
    // allocation we own (its capacity); MADV_HUGEPAGE never changes contents or validity.
    // Failure (e.g. THP disabled) is harmless, so the result is ignored.
    unsafe {
        libc::madvise(addr as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_addr: usize, _len: usize) {}

/// One open-addressing slot: a 32-bit feature key and up to three packed
/// `class << 16 | weight as u16` entries inline, or (for longer rows) a pointer into `rows`.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    e: [u32; 3],
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            key: 0,
            e: [FREE; 3],
        }
    }
}

/// One cache line of slots: a key's home is a bucket, so a lookup usually touches one line.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct Bucket([Slot; 4]);

/// `e[0]` of a free slot.
const FREE: u32 = u32::MAX;
/// An unused inline entry: class 0xffff is never a real class, so scoring skips it.
const UNUSED: u32 = 0xffff_0000;
/// `e[0]` of a slot whose row lives in `rows` (`e[1]` = start, `e[2]` = length).
const SPILLED: u32 = 0xfffe_0000;
/// `e[0]` of a slot whose row is dense, in `dense` (`e[1]` = row number).
const DENSE: u32 = 0xfffd_0000;

/// Size of the local score accumulator: models with fewer classes score without branches.
const ACC: usize = 256;
/// Most classes a model may have (0xfffd..=0xffff mark slots).
const MAX_CLASSES: usize = 0xfff0;

/// Frozen, quantised perceptron weights.
///
/// Lookups go through one open-addressing table of cache-line buckets of 16-byte slots. Most
/// rows have one to three weights (a feature seen with few classes) and sit inside their slot,
/// so scoring such a feature costs one cache miss. Longer rows belong to frequent features,
/// which are usually cached but dominate the arithmetic: rows of up to an eighth of the
/// classes are sparse runs in `rows`, longer ones are dense i16 vectors in `dense`, added
/// with vector instructions. There is no per-entry allocation, so loading is a linear scan.
#[derive(Debug, Default)]
pub struct Weights {
    nclasses: usize,
    scale: f32,
    /// 32-bit key and start in `data` of each row, keys ascending.
    keys: Vec<u32>,
    starts: Vec<u32>,
    /// Rows: a length word, then `class << 16 | weight as u16` words.
    data: Vec<u32>,
    /// Sparse rows longer than a slot holds, for scoring.
    rows: PagedBuf<u32>,
    /// Dense rows, `width` weights each (nclasses rounded up to a multiple of 8).
    dense: PagedBuf<i16>,
    width: usize,
    /// Open addressing over buckets, linear probing from bucket to bucket.
    table: PagedBuf<Bucket>,
    /// One bit per bucket: set when a key whose home it is had to go further. A key missing
    /// from a full home bucket without the bit is absent, without a second cache miss (the
    /// bitset is small enough to stay cached).
    overflow: Vec<u64>,
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

    /// Home bucket of `key` in a table of `cap` buckets (multiply-shift range reduction, so
    /// the capacity need not be a power of two and the load factor stays even).
    #[inline(always)]
    fn home(key: u32, cap: usize) -> usize {
        (((spread(key) >> 32) * cap as u64) >> 32) as usize
    }

    fn build_table(&mut self) {
        // Load factor about 0.6: a lookup, even of an absent key (most lookups of rare
        // feature combinations), nearly always ends in its home bucket.
        let cap = (self.keys.len() * 5 / 9).max(1);
        let mut table = vec![Bucket::default(); cap];
        let mut overflow = vec![0u64; cap.div_ceil(64)];
        let mut spilled: Vec<u32> = Vec::new();
        let width = self.nclasses.next_multiple_of(8).max(8);
        let mut dense: Vec<i16> = Vec::new();
        for (&k, &start) in self.keys.iter().zip(&self.starts) {
            let row = self.row(start);
            let mut slot = Slot {
                key: k,
                e: [UNUSED; 3],
            };
            if row.len() <= 3 {
                slot.e[..row.len()].copy_from_slice(row);
            } else if row.len() * 8 < width || self.nclasses >= ACC {
                slot.e = [SPILLED, spilled.len() as u32, row.len() as u32];
                spilled.extend_from_slice(row);
            } else {
                slot.e = [DENSE, (dense.len() / width) as u32, 0];
                let at = dense.len();
                dense.resize(at + width, 0);
                for &e in row {
                    if let Some(w) = dense.get_mut(at + (e >> 16) as usize) {
                        *w = e as u16 as i16;
                    }
                }
            }
            let home = Self::home(k, cap);
            let mut i = home;
            loop {
                if let Some(free) = table[i].0.iter_mut().find(|s| s.e[0] == FREE) {
                    *free = slot;
                    break;
                }
                overflow[home / 64] |= 1 << (home % 64);
                i += 1;
                if i == cap {
                    i = 0;
                }
            }
        }
        self.table = PagedBuf::from_slice(&table);
        self.rows = PagedBuf::from_slice(&spilled);
        self.dense = PagedBuf::from_slice(&dense);
        self.width = width;
        self.overflow = overflow;
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
    /// Scoring is bound by memory latency (the tables are larger than the caches), so it
    /// prefetches the home slots of a batch of features before probing any of them: the
    /// misses of all features overlap instead of queueing one after another. Long rows are
    /// prefetched during probing and added last.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.fill(0);
        let table = self.table.as_slice();
        let cap = table.len();
        if cap == 0 {
            return;
        }
        let n = self.nclasses.min(out.len());
        if self.nclasses >= ACC {
            return self.score_slow(feats, out);
        }
        // Entries are added to a local accumulator with spare "trash" cells past the classes,
        // so adding an entry needs no branch: unused and marker entries land in the trash.
        let mut acc = [0i32; ACC];
        let rows = self.rows.as_slice();
        let dense = self.dense.as_slice();
        let width = self.width;
        const BATCH: usize = 128;
        let mut homes = [0usize; BATCH];
        let mut spilled = [(0u32, 0u32); BATCH];
        let mut dense_rows = [0u32; BATCH];
        for chunk in feats.chunks(BATCH) {
            for (j, f) in chunk.iter().enumerate() {
                let i = Self::home(key32(*f), cap);
                homes[j] = i;
                prefetch(&table[i]);
            }
            let (mut nspilled, mut ndense) = (0, 0);
            for (j, f) in chunk.iter().enumerate() {
                let key = key32(*f);
                let mut hit = [UNUSED; 3];
                let mut full = true;
                for s in &table[homes[j]].0 {
                    let free = s.e[0] == FREE;
                    full &= !free;
                    if s.key == key && !free {
                        hit = s.e;
                    }
                }
                if hit[0] == UNUSED {
                    if !full || !self.overflowed(homes[j]) {
                        continue;
                    }
                    hit = self.probe_beyond(homes[j], key);
                }
                match hit[0] {
                    SPILLED => {
                        if let Some(r) = rows.get(hit[1] as usize) {
                            prefetch(r);
                        }
                        spilled[nspilled] = (hit[1], hit[2]);
                        nspilled += 1;
                    }
                    DENSE => {
                        let at = hit[1] as usize * width;
                        for line in (at..at + width).step_by(32) {
                            if let Some(w) = dense.get(line) {
                                prefetch(w);
                            }
                        }
                        dense_rows[ndense] = hit[1];
                        ndense += 1;
                    }
                    _ => {
                        for e in hit {
                            let c = ((e >> 16) as usize).min(n);
                            acc[c] = acc[c].wrapping_add(i32::from(e as u16 as i16));
                        }
                    }
                }
            }
            for &r in &dense_rows[..ndense] {
                let at = r as usize * width;
                if let (Some(row), Some(acc)) = (dense.get(at..at + width), acc.get_mut(..width)) {
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a = a.wrapping_add(i32::from(w));
                    }
                }
            }
            for &(start, len) in &spilled[..nspilled] {
                let (s, l) = (start as usize, len as usize);
                if let Some(row) = rows.get(s..s + l) {
                    for &e in row {
                        let c = ((e >> 16) as usize).min(n);
                        acc[c] = acc[c].wrapping_add(i32::from(e as u16 as i16));
                    }
                }
            }
        }
        out[..n].copy_from_slice(&acc[..n]);
    }

    /// Whether a key whose home is bucket `home` lives beyond it.
    #[inline(always)]
    fn overflowed(&self, home: usize) -> bool {
        self.overflow
            .get(home / 64)
            .is_some_and(|w| w >> (home % 64) & 1 == 1)
    }

    /// The entries of `key` when its home bucket (at `home`) is full without it: linear
    /// probing over the following buckets; `[UNUSED; 3]` when absent.
    #[cold]
    fn probe_beyond(&self, home: usize, key: u32) -> [u32; 3] {
        let table = self.table.as_slice();
        let cap = table.len();
        let mut i = home;
        loop {
            i += 1;
            if i == cap {
                i = 0;
            }
            if i == home {
                return [UNUSED; 3];
            }
            for s in &table[i].0 {
                if s.e[0] == FREE {
                    return [UNUSED; 3];
                }
                if s.key == key {
                    return s.e;
                }
            }
        }
    }

    /// Scoring for models with more classes than the local accumulator holds.
    fn score_slow(&self, feats: &[u64], out: &mut [i32]) {
        let table = self.table.as_slice();
        let rows = self.rows.as_slice();
        for f in feats {
            let key = key32(*f);
            let i = Self::home(key, table.len());
            let bucket = &table[i].0;
            let mut hit = [UNUSED; 3];
            let mut full = true;
            for s in bucket {
                let free = s.e[0] == FREE;
                full &= !free;
                if s.key == key && !free {
                    hit = s.e;
                }
            }
            if full && hit[0] == UNUSED && self.overflowed(i) {
                hit = self.probe_beyond(i, key);
            }
            if hit[0] == SPILLED {
                let (s, l) = (hit[1] as usize, hit[2] as usize);
                if let Some(row) = rows.get(s..s + l) {
                    add_entries(row, out);
                }
            } else {
                add_entries(&hit, out);
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
        if nclasses > MAX_CLASSES {
            return Err(input.error("too many classes"));
        }
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

#[cfg(all(test, target_os = "linux"))]
mod speed {
    use super::*;

    fn cpu() -> f64 {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: writes one timespec we own.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    }

    /// Scoring cost per lookup on a synthetic table the size of the parser's, half the
    /// lookups absent (thread CPU time, so other processes disturb it less):
    /// `cargo test -p dyad-nlp --lib score_speed -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn score_speed() {
        let mut w = Weights {
            nclasses: 103,
            scale: 1.0,
            ..Weights::default()
        };
        let mut x = 0x1234_5678_9abc_def1u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut keys: Vec<u32> = (0..800_000).map(|_| next() as u32).collect();
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            let c = (next() % 100) as u16;
            w.push_row(k, [(c, 5i16), (c + 1, -3)].into_iter());
        }
        w.build_table();
        let feats: Vec<u64> = (0..88 * 20_000)
            .map(|i| {
                let r = next();
                if i % 2 == 0 {
                    u64::from(keys[(r % keys.len() as u64) as usize]) << 32
                } else {
                    r
                }
            })
            .collect();
        let mut out = vec![0i32; 103];
        for _ in 0..3 {
            let t = cpu();
            for f in feats.chunks(88) {
                w.score(f, &mut out);
            }
            eprintln!(
                "{:.1} ns per lookup",
                (cpu() - t) * 1e9 / feats.len() as f64
            );
        }
    }
}
