//! A structured averaged perceptron over BILOU tags with first-order Viterbi decoding
//! (Collins 2002), and its compact file format (quantised, gzip-compressed).

use crate::features::FeatMap;
use std::io::{Read, Write};

use super::{Label, NerError};

/// O, then B/I/L/U for each of PER, ORG, LOC.
pub const N_TAGS: usize = 1 + 4 * Label::ALL.len();

const MAGIC: &[u8; 8] = b"DYADNER1";

/// Position of a word inside an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bilou {
    B,
    I,
    L,
    U,
}

/// Tag index of a label and position.
pub fn tag(label: Label, pos: Bilou) -> usize {
    1 + 4 * label.index()
        + match pos {
            Bilou::B => 0,
            Bilou::I => 1,
            Bilou::L => 2,
            Bilou::U => 3,
        }
}

/// The label and position of a tag, `None` for O.
pub fn untag(t: usize) -> Option<(Label, Bilou)> {
    if t == 0 || t >= N_TAGS {
        return None;
    }
    let label = Label::ALL[(t - 1) / 4];
    let pos = match (t - 1) % 4 {
        0 => Bilou::B,
        1 => Bilou::I,
        2 => Bilou::L,
        _ => Bilou::U,
    };
    Some((label, pos))
}

/// Whether tag `cur` may follow `prev` (`None` = sentence start).
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = prev
        .and_then(untag)
        .filter(|(_, p)| matches!(p, Bilou::B | Bilou::I));
    match (open, untag(cur)) {
        (Some((l, _)), Some((m, p))) => l == m && matches!(p, Bilou::I | Bilou::L),
        (Some(_), None) => false,
        (None, Some((_, p))) => matches!(p, Bilou::B | Bilou::U),
        (None, None) => true,
    }
}

/// Whether a sentence may end on tag `t`.
pub fn can_end(t: usize) -> bool {
    !matches!(untag(t), Some((_, Bilou::B | Bilou::I)))
}

/// Feature weights and tag transition scores.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    pub index: FeatMap<u32>,
    /// `index.len() × N_TAGS`, row-major.
    pub emission: Vec<f32>,
    /// `(N_TAGS + 1) × N_TAGS`: row `N_TAGS` is the sentence start.
    pub transition: Vec<f32>,
    /// Whether the model was trained with UPOS features.
    pub uses_tags: bool,
}

impl Weights {
    pub fn new(uses_tags: bool) -> Self {
        Weights {
            index: FeatMap::default(),
            emission: Vec::new(),
            transition: vec![0.0; (N_TAGS + 1) * N_TAGS],
            uses_tags,
        }
    }

    /// Folds domain copies away: each feature's weights get, for every `(domain, share)` of
    /// `shares`, that share of its copy for the domain, and every copy (for any of
    /// `domains`) is dropped, so a prediction looks up half as many features. A share of 1
    /// for the target alone scores target-domain input exactly as the copies did; less leans
    /// towards what all domains agree on.
    pub fn fold_domains(&self, domains: &[u64], shares: &[(u64, f32)]) -> Weights {
        use super::features::domain_copy;
        let copies: std::collections::HashSet<u64> = self
            .index
            .keys()
            .flat_map(|&f| domains.iter().map(move |&d| domain_copy(f, d)))
            .filter(|c| self.index.contains_key(c))
            .collect();
        let mut out = Weights::new(self.uses_tags);
        out.transition.clone_from(&self.transition);
        let row = |f: u64| {
            self.index.get(&f).and_then(|&r| {
                self.emission
                    .get(r as usize * N_TAGS..(r as usize + 1) * N_TAGS)
            })
        };
        for &f in self.index.keys() {
            if copies.contains(&f) {
                continue;
            }
            let mut w = [0.0f32; N_TAGS];
            let parts = std::iter::once((row(f), 1.0)).chain(
                shares
                    .iter()
                    .map(|&(d, share)| (row(domain_copy(f, d)), share)),
            );
            for (part, share) in parts {
                for (acc, x) in w.iter_mut().zip(part.into_iter().flatten()) {
                    *acc += share * x;
                }
            }
            out.index.insert(f, out.index.len() as u32);
            out.emission.extend_from_slice(&w);
        }
        out
    }

    /// The mean of several models' weights (a feature missing from one counts as zero there).
    pub fn average(models: Vec<Weights>) -> Weights {
        let n = models.len().max(1) as f32;
        let mut out = Weights::new(models.iter().any(|m| m.uses_tags));
        for m in &models {
            for (f, &row) in &m.index {
                let next = out.index.len() as u32;
                let to = *out.index.entry(*f).or_insert(next) as usize;
                if out.emission.len() < (to + 1) * N_TAGS {
                    out.emission.resize((to + 1) * N_TAGS, 0.0);
                }
                let from = row as usize * N_TAGS;
                if let Some(w) = m.emission.get(from..from + N_TAGS) {
                    for (acc, x) in out.emission[to * N_TAGS..(to + 1) * N_TAGS]
                        .iter_mut()
                        .zip(w)
                    {
                        *acc += x / n;
                    }
                }
            }
            for (acc, x) in out.transition.iter_mut().zip(&m.transition) {
                *acc += x / n;
            }
        }
        out
    }

    fn emission_scores(&self, feats: &[Vec<u64>]) -> Vec<[f32; N_TAGS]> {
        feats
            .iter()
            .map(|fs| {
                let mut s = [0.0f32; N_TAGS];
                for f in fs {
                    if let Some(&row) = self.index.get(f) {
                        let base = row as usize * N_TAGS;
                        if let Some(w) = self.emission.get(base..base + N_TAGS) {
                            for (acc, x) in s.iter_mut().zip(w) {
                                *acc += x;
                            }
                        }
                    }
                }
                s
            })
            .collect()
    }

    /// Best tag sequence under the BILOU constraints.
    pub fn decode(&self, feats: &[Vec<u64>]) -> Vec<usize> {
        self.decode_scores(self.emission_scores(feats))
    }

    /// Best tag sequence when every tag but the gold one scores `margin` more (cost-augmented
    /// decoding): a model trained against it learns to prefer the gold sequence by a margin.
    fn decode_against(&self, feats: &[Vec<u64>], gold: &[usize], margin: f32) -> Vec<usize> {
        let mut em = self.emission_scores(feats);
        for (scores, &g) in em.iter_mut().zip(gold) {
            for (t, x) in scores.iter_mut().enumerate() {
                if t != g {
                    *x += margin;
                }
            }
        }
        self.decode_scores(em)
    }

    #[allow(clippy::needless_range_loop)] // Viterbi reads best as index arithmetic
    fn decode_scores(&self, em: Vec<[f32; N_TAGS]>) -> Vec<usize> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![[f32::NEG_INFINITY; N_TAGS]; n];
        let mut back = vec![[0usize; N_TAGS]; n];
        for t in 0..N_TAGS {
            if allowed(None, t) {
                score[0][t] = em[0][t] + self.transition[N_TAGS * N_TAGS + t];
            }
        }
        for i in 1..n {
            for t in 0..N_TAGS {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for p in 0..N_TAGS {
                    if score[i - 1][p] == f32::NEG_INFINITY || !allowed(Some(p), t) {
                        continue;
                    }
                    let s = score[i - 1][p] + self.transition[p * N_TAGS + t];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                if best > f32::NEG_INFINITY {
                    score[i][t] = best + em[i][t];
                    back[i][t] = arg;
                }
            }
        }
        let mut last = 0;
        let mut best = f32::NEG_INFINITY;
        for t in 0..N_TAGS {
            if can_end(t) && score[n - 1][t] > best {
                best = score[n - 1][t];
                last = t;
            }
        }
        let mut tags = vec![0; n];
        tags[n - 1] = last;
        for i in (1..n).rev() {
            tags[i - 1] = back[i][tags[i]];
        }
        tags
    }

    /// Serialises: weights quantised to i16 (entries that round to zero dropped), feature keys
    /// sorted and delta-encoded, all gzip-compressed.
    pub fn to_bytes(&self) -> Result<Vec<u8>, NerError> {
        let max = self
            .emission
            .iter()
            .chain(&self.transition)
            .fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(N_TAGS as u8);
        raw.push(u8::from(self.uses_tags));
        raw.extend_from_slice(&scale.to_le_bytes());
        for w in &self.transition {
            raw.extend_from_slice(&w.to_le_bytes());
        }
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let mut rows: Vec<(u64, Vec<(u8, i16)>)> = Vec::new();
        for (key, row) in keys {
            let base = row as usize * N_TAGS;
            let entries: Vec<(u8, i16)> = self.emission[base..base + N_TAGS]
                .iter()
                .enumerate()
                .filter_map(|(t, w)| {
                    let q = (w / scale).round();
                    (q != 0.0).then_some((t as u8, q.clamp(-32767.0, 32767.0) as i16))
                })
                .collect();
            if !entries.is_empty() {
                rows.push((key, entries));
            }
        }
        raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut prev = 0u64;
        for (key, entries) in rows {
            write_varint(&mut raw, key - prev);
            prev = key;
            raw.push(entries.len() as u8);
            for (t, q) in entries {
                raw.push(t);
                raw.extend_from_slice(&q.to_le_bytes());
            }
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&raw).map_err(|e| model_err(e.to_string()))?;
        enc.finish().map_err(|e| model_err(e.to_string()))
    }

    /// Reads what [`Weights::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NerError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| model_err(format!("not a gzip NER model: {e}")))?;
        let mut r = Reader { buf: &raw, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(model_err("not a dyad NER model (bad magic)".into()));
        }
        let n_tags = r.take(1)?[0] as usize;
        if n_tags != N_TAGS {
            return Err(model_err(format!(
                "model has {n_tags} tags, expected {N_TAGS}"
            )));
        }
        let uses_tags = r.take(1)?[0] != 0;
        let scale = r.f32()?;
        let mut transition = Vec::with_capacity((N_TAGS + 1) * N_TAGS);
        for _ in 0..(N_TAGS + 1) * N_TAGS {
            transition.push(r.f32()?);
        }
        let n = r.u32()? as usize;
        let mut index = FeatMap::with_capacity_and_hasher(n, Default::default());
        let mut emission = vec![0.0f32; n * N_TAGS];
        let mut key = 0u64;
        for row in 0..n {
            key = key.wrapping_add(r.varint()?);
            index.insert(key, row as u32);
            let nnz = r.take(1)?[0] as usize;
            for _ in 0..nnz {
                let t = r.take(1)?[0] as usize;
                let q = i16::from_le_bytes([r.take(1)?[0], r.take(1)?[0]]);
                if t >= N_TAGS {
                    return Err(model_err(format!("tag {t} out of range")));
                }
                emission[row * N_TAGS + t] = f32::from(q) * scale;
            }
        }
        Ok(Weights {
            index,
            emission,
            transition,
            uses_tags,
        })
    }
}

fn model_err(reason: String) -> NerError {
    NerError::Model {
        path: "ner model".into(),
        reason,
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let s = self
            .buf
            .get(self.pos..self.pos + n)
            .ok_or_else(|| model_err("truncated model".into()))?;
        self.pos += n;
        Ok(s)
    }
    fn f32(&mut self) -> Result<f32, NerError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(model_err("bad varint".into()))
    }
}

/// Trains [`Weights`] with the averaged structured perceptron.
pub struct Trainer {
    w: Weights,
    /// Sum over updates of `step × delta`, for averaging without touching every weight per step.
    acc_emission: Vec<f32>,
    acc_transition: Vec<f32>,
    step: f32,
    /// How much the gold tag sequence must win by before an example teaches nothing.
    margin: f32,
}

impl Trainer {
    /// `features` are the only feature keys the model may learn (e.g. those seen twice).
    pub fn new(features: impl IntoIterator<Item = u64>, uses_tags: bool) -> Self {
        let mut w = Weights::new(uses_tags);
        for f in features {
            let next = w.index.len() as u32;
            w.index.entry(f).or_insert(next);
        }
        w.emission = vec![0.0; w.index.len() * N_TAGS];
        let acc_emission = vec![0.0; w.emission.len()];
        let acc_transition = vec![0.0; w.transition.len()];
        Trainer {
            w,
            acc_emission,
            acc_transition,
            step: 1.0,
            margin: 0.0,
        }
    }

    /// Trains against cost-augmented decoding: an example teaches until its gold tags win by
    /// `margin` per word (0: the plain perceptron, which stops at the first right decoding).
    pub fn with_margin(mut self, margin: f32) -> Self {
        self.margin = margin;
        self
    }

    /// One training example; returns whether the (cost-augmented) prediction was right.
    pub fn learn(&mut self, feats: &[Vec<u64>], gold: &[usize]) -> bool {
        let pred = if self.margin > 0.0 {
            self.w.decode_against(feats, gold, self.margin)
        } else {
            self.w.decode(feats)
        };
        let correct = pred == gold;
        if !correct {
            for i in 0..gold.len() {
                let (g, p) = (gold[i], pred[i]);
                let gp = if i == 0 { N_TAGS } else { gold[i - 1] };
                let pp = if i == 0 { N_TAGS } else { pred[i - 1] };
                if g != p {
                    for f in &feats[i] {
                        if let Some(&row) = self.w.index.get(f) {
                            let base = row as usize * N_TAGS;
                            self.update_emission(base + g, 1.0);
                            self.update_emission(base + p, -1.0);
                        }
                    }
                }
                if g != p || gp != pp {
                    self.update_transition(gp * N_TAGS + g, 1.0);
                    self.update_transition(pp * N_TAGS + p, -1.0);
                }
            }
        }
        self.step += 1.0;
        correct
    }

    fn update_emission(&mut self, k: usize, d: f32) {
        self.w.emission[k] += d;
        self.acc_emission[k] += self.step * d;
    }

    fn update_transition(&mut self, k: usize, d: f32) {
        self.w.transition[k] += d;
        self.acc_transition[k] += self.step * d;
    }

    /// Current (not averaged) weights, for decoding during training.
    pub fn weights(&self) -> &Weights {
        &self.w
    }

    /// The averaged weights.
    pub fn finish(mut self) -> Weights {
        let c = self.step;
        for (w, a) in self.w.emission.iter_mut().zip(&self.acc_emission) {
            *w -= a / c;
        }
        for (w, a) in self.w.transition.iter_mut().zip(&self.acc_transition) {
            *w -= a / c;
        }
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_adds_the_target_copy_and_drops_other_copies() {
        use crate::ner::features::domain_copy;
        let (t, o) = (11u64, 22u64);
        let mut w = Weights::new(false);
        for (i, f) in [5, domain_copy(5, t), domain_copy(5, o)]
            .into_iter()
            .enumerate()
        {
            w.index.insert(f, i as u32);
            w.emission
                .extend(std::iter::repeat_n(i as f32 + 1.0, N_TAGS));
        }
        let folded = w.fold_domains(&[t, o], &[(t, 1.0)]);
        assert_eq!(folded.index.len(), 1);
        assert_eq!(folded.emission[folded.index[&5] as usize * N_TAGS], 3.0);
        let half = w.fold_domains(&[t, o], &[(t, 0.5)]);
        assert_eq!(half.emission[half.index[&5] as usize * N_TAGS], 2.0);
        // 1 + 0.5 * 2 + 0.25 * 3: another corpus's copy kept in part too.
        let both = w.fold_domains(&[t, o], &[(t, 0.5), (o, 0.25)]);
        assert_eq!(both.index.len(), 1);
        assert_eq!(both.emission[both.index[&5] as usize * N_TAGS], 2.75);
    }

    #[test]
    fn averaging_two_models_halves_weights_they_do_not_share() {
        let mut a = Weights::new(false);
        a.index.insert(1, 0);
        a.emission = vec![2.0; N_TAGS];
        a.transition[0] = 4.0;
        let mut b = Weights::new(false);
        b.index.insert(2, 0);
        b.emission = vec![6.0; N_TAGS];
        let m = Weights::average(vec![a, b]);
        let row = |f: u64| m.index[&f] as usize * N_TAGS;
        assert_eq!(m.emission[row(1)], 1.0);
        assert_eq!(m.emission[row(2)], 3.0);
        assert_eq!(m.transition[0], 2.0);
    }

    #[test]
    fn bilou_constraints() {
        let b_per = tag(Label::Per, Bilou::B);
        let l_per = tag(Label::Per, Bilou::L);
        let l_org = tag(Label::Org, Bilou::L);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, l_per));
        assert!(allowed(Some(b_per), l_per));
        assert!(!allowed(Some(b_per), l_org));
        assert!(!allowed(Some(b_per), 0));
        assert!(!can_end(b_per));
        assert_eq!(untag(l_org), Some((Label::Org, Bilou::L)));
    }

    #[test]
    fn learns_a_toy_pattern_and_survives_a_round_trip() {
        // Feature 1 marks a one-word person, 2/3 the first/last word of a location.
        let data: Vec<(Vec<Vec<u64>>, Vec<usize>)> = vec![
            (vec![vec![1], vec![9]], vec![tag(Label::Per, Bilou::U), 0]),
            (
                vec![vec![9], vec![2], vec![3]],
                vec![0, tag(Label::Loc, Bilou::B), tag(Label::Loc, Bilou::L)],
            ),
        ];
        let mut t = Trainer::new([1, 2, 3, 9], false);
        for _ in 0..5 {
            for (f, g) in &data {
                t.learn(f, g);
            }
        }
        let w = t.finish();
        let w2 = Weights::from_bytes(&w.to_bytes().unwrap()).unwrap();
        for (f, g) in &data {
            assert_eq!(&w.decode(f), g);
            assert_eq!(&w2.decode(f), g);
        }
        assert!(Weights::from_bytes(b"garbage").is_err());
    }
}
