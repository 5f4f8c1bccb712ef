//! Dependency parser: greedy arc-hybrid transitions scored by an averaged perceptron trained
//! with a dynamic oracle (Goldberg & Nivre 2013), then a left-to-right arc labeller that sees
//! the whole tree. Features follow Zhang & Nivre (2011): words and tags of stack and buffer
//! tokens, their leftmost/rightmost children, distance and valency.
//!
//! The artificial root sits at the end of the buffer (Ballesteros & Nivre 2013), and it may take
//! only one dependent, so every parse is a single-rooted tree.

use crate::features::{f1, f2, f3, FeatMap};
use crate::model::{Reader, Writer};
use crate::perceptron::{argmax_where, Trainer, Weights};
use crate::train::Rng;
use crate::NlpError;

/// Move kinds; a move id is 0 for SHIFT, 1 + l for LEFT with label l, 1 + L + l for RIGHT.
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const NO_LABEL: u16 = u16::MAX;

const NONE: u64 = 0x6e6f_6e65;
const ROOT: u64 = 0x726f_6f74;

/// One sentence as the parser sees it: per position 0..=n+1 (0 = nothing, n+1 = root), the
/// lowercased word hash and the tag id. Positions 1..=n are the words.
pub struct ParseInput {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
}

impl ParseInput {
    pub fn new(words: impl IntoIterator<Item = u64>, tags: impl IntoIterator<Item = u64>) -> Self {
        let mut w = vec![NONE];
        w.extend(words);
        w.push(ROOT);
        let mut t = vec![NONE];
        t.extend(tags);
        t.push(ROOT);
        ParseInput { words: w, tags: t }
    }

    fn n(&self) -> u32 {
        self.words.len() as u32 - 2
    }

    /// The same sentence right to left (the artificial root stays last).
    fn reversed(&self) -> ParseInput {
        let n = self.words.len() - 1;
        let flip = |v: &[u64]| {
            let mut r = vec![v[0]];
            r.extend(v[1..n].iter().rev());
            r.push(v[n]);
            r
        };
        ParseInput {
            words: flip(&self.words),
            tags: flip(&self.tags),
        }
    }
}

/// Position `i` (1..=n) of an n-word sentence read right to left; 0 (the root) stays 0.
fn mirror(i: u32, n: u32) -> u32 {
    if i == 0 {
        0
    } else {
        n + 1 - i
    }
}

struct State {
    stack: Vec<u32>,
    b: u32,
    n: u32,
    /// Number of labels, and the id of `root` (NO_LABEL if the treebank has none).
    nlabels: usize,
    root: u16,
    heads: Vec<u32>,
    labels: Vec<u16>,
    /// Order-free hashes of the label sets of left and right children.
    lset: Vec<u64>,
    rset: Vec<u64>,
    /// Two leftmost and two rightmost children (0 = none), and child counts.
    lc: Vec<[u32; 2]>,
    rc: Vec<[u32; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
}

impl State {
    fn new(n: u32, nlabels: usize, root: u16) -> Self {
        let m = n as usize + 2;
        State {
            stack: Vec::with_capacity(m),
            b: 1,
            n,
            nlabels,
            root,
            heads: vec![0; m],
            labels: vec![NO_LABEL; m],
            lset: vec![0; m],
            rset: vec![0; m],
            lc: vec![[0; 2]; m],
            rc: vec![[0; 2]; m],
            nl: vec![0; m],
            nr: vec![0; m],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b == self.n + 1
    }

    fn nmoves(&self) -> usize {
        1 + 2 * self.nlabels
    }

    /// Kind (SHIFT, LEFT, RIGHT) and label of a move id.
    fn decode(&self, mv: usize) -> (usize, u16) {
        if mv == 0 {
            (SHIFT, NO_LABEL)
        } else if mv <= self.nlabels {
            (LEFT, (mv - 1) as u16)
        } else {
            (RIGHT, (mv - 1 - self.nlabels) as u16)
        }
    }

    fn valid_kind(&self, kind: usize) -> bool {
        match kind {
            SHIFT => self.b <= self.n,
            LEFT => !self.stack.is_empty() && (self.b <= self.n || self.stack.len() == 1),
            _ => self.stack.len() >= 2,
        }
    }

    fn valid(&self, mv: usize) -> bool {
        let (kind, label) = self.decode(mv);
        if !self.valid_kind(kind) {
            return false;
        }
        if kind == SHIFT || self.root == NO_LABEL {
            return true;
        }
        // Only the word attached to the artificial root is labelled `root`.
        let to_root = kind == LEFT && self.b == self.n + 1;
        to_root == (label == self.root)
    }

    /// The best-scoring valid move (first wins ties), as `argmax_where(scores, valid)` but
    /// deciding validity once per move kind instead of once per move.
    fn best_valid(&self, scores: &[i32]) -> Option<usize> {
        let nl = self.nlabels;
        let to_root = self.b == self.n + 1;
        // Which labels a LEFT or RIGHT move may carry: all, only `root`, or all but `root`.
        let label_ok = |kind: usize, l: usize| {
            if self.root == NO_LABEL {
                return true;
            }
            (kind == LEFT && to_root) == (l == self.root as usize)
        };
        let mut best: Option<usize> = None;
        let mut consider = |m: usize| {
            if let Some(&s) = scores.get(m) {
                if best.is_none_or(|b| s > scores[b]) {
                    best = Some(m);
                }
            }
        };
        if self.valid_kind(SHIFT) {
            consider(SHIFT);
        }
        for kind in [LEFT, RIGHT] {
            if !self.valid_kind(kind) {
                continue;
            }
            let first = if kind == LEFT { 1 } else { 1 + nl };
            for l in 0..nl {
                if label_ok(kind, l) {
                    consider(first + l);
                }
            }
        }
        best
    }

    fn s(&self, k: usize) -> u32 {
        let l = self.stack.len();
        if k < l {
            self.stack[l - 1 - k]
        } else {
            0
        }
    }

    fn bi(&self, k: u32) -> u32 {
        let i = self.b + k;
        if i <= self.n + 1 {
            i
        } else {
            0
        }
    }

    fn arc(&mut self, h: u32, d: u32, label: u16) {
        self.heads[d as usize] = h;
        self.labels[d as usize] = label;
        let lh = f1(900, u64::from(label));
        let h = h as usize;
        if d < h as u32 {
            self.lset[h] = self.lset[h].wrapping_add(lh);
            self.nl[h] = self.nl[h].saturating_add(1);
            let c = &mut self.lc[h];
            if c[0] == 0 || d < c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == 0 || d < c[1] {
                c[1] = d;
            }
        } else {
            self.rset[h] = self.rset[h].wrapping_add(lh);
            self.nr[h] = self.nr[h].saturating_add(1);
            let c = &mut self.rc[h];
            if c[0] == 0 || d > c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == 0 || d > c[1] {
                c[1] = d;
            }
        }
    }

    fn apply(&mut self, mv: usize) {
        let (kind, label) = self.decode(mv);
        match kind {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                if let Some(s0) = self.stack.pop() {
                    self.arc(self.b, s0, label);
                }
            }
            _ => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = self.s(0);
                    self.arc(s1, s0, label);
                }
            }
        }
    }

    /// Gold arcs each move makes unreachable or mislabels (arc-hybrid dynamic oracle).
    /// `gold[d]` is the head of word d, with the root as n+1; `glab[d]` its label.
    fn costs(&self, gold: &[u32], glab: &[u16], out: &mut Vec<u32>) {
        out.clear();
        out.resize(self.nmoves(), u32::MAX);
        let b = self.b;
        let n1 = self.n + 1;
        let in_buffer = |x: u32| x >= b && x <= n1;
        if self.valid_kind(SHIFT) {
            let l = self.stack.len();
            let mut k = 0;
            for (i, &s) in self.stack.iter().enumerate() {
                if gold[s as usize] == b {
                    k += 1;
                }
                if i + 1 < l && gold[b as usize] == s {
                    k += 1;
                }
            }
            out[SHIFT] = k;
        }
        let Some(&s0) = self.stack.last() else {
            return;
        };
        let deps = (b..=self.n).filter(|&d| gold[d as usize] == s0).count() as u32;
        let h = gold[s0 as usize];
        let gl = glab[s0 as usize];
        if self.valid_kind(LEFT) {
            let lost = h != b && (h == self.s(1) && h != 0 || in_buffer(h));
            let base = deps + u32::from(lost);
            for l in 0..self.nlabels {
                let mv = 1 + l;
                if self.valid(mv) {
                    out[mv] = base + u32::from(h == b && gl != l as u16);
                }
            }
        }
        if self.valid_kind(RIGHT) {
            let base = deps + u32::from(in_buffer(h));
            let s1 = self.s(1);
            for l in 0..self.nlabels {
                let mv = 1 + self.nlabels + l;
                if self.valid(mv) {
                    out[mv] = base + u32::from(h == s1 && gl != l as u16);
                }
            }
        }
    }
}

fn dist(a: u32, b: u32) -> u64 {
    if a == 0 || b == 0 {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

fn parse_features(st: &State, x: &ParseInput, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| x.words[i as usize];
    let t = |i: u32| x.tags[i as usize];
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.bi(0), st.bi(1), st.bi(2));
    let (s0l, s0l2, s0r, s0r2) = (
        st.lc[s0 as usize][0],
        st.lc[s0 as usize][1],
        st.rc[s0 as usize][0],
        st.rc[s0 as usize][1],
    );
    let (s1l, s1r) = (st.lc[s1 as usize][0], st.rc[s1 as usize][0]);
    let (b0l, b0l2) = (st.lc[b0 as usize][0], st.lc[b0 as usize][1]);
    let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
    let (b1w, b1t, b2w, b2t, s2t) = (w(b1), t(b1), w(b2), t(b2), t(s2));
    let d = dist(s0, b0);
    let d01 = dist(s1, s0);
    out.push(f1(0, 1));
    // Single tokens.
    out.push(f1(1, s0w));
    out.push(f1(2, s0t));
    out.push(f2(3, s0w, s0t));
    out.push(f1(4, s1w));
    out.push(f1(5, s1t));
    out.push(f2(6, s1w, s1t));
    out.push(f1(7, b0w));
    out.push(f1(8, b0t));
    out.push(f2(9, b0w, b0t));
    out.push(f1(10, b1w));
    out.push(f1(11, b1t));
    out.push(f2(12, b1w, b1t));
    out.push(f1(13, b2w));
    out.push(f1(14, b2t));
    out.push(f1(15, s2t));
    // Pairs.
    out.push(f3(16, s0w, s0t, f2(0, b0w, b0t)));
    out.push(f3(17, s0w, s0t, b0w));
    out.push(f3(18, s0w, b0w, b0t));
    out.push(f3(19, s0w, s0t, b0t));
    out.push(f3(20, s0t, b0w, b0t));
    out.push(f2(21, s0w, b0w));
    out.push(f2(22, s0t, b0t));
    out.push(f2(23, b0t, b1t));
    out.push(f3(24, s1w, s1t, f2(0, s0w, s0t)));
    out.push(f2(25, s1w, s0w));
    out.push(f2(26, s1t, s0t));
    out.push(f3(27, s1t, s0w, s0t));
    out.push(f3(28, s1w, s1t, s0t));
    out.push(f3(29, s1t, s0t, b0t));
    // Triples.
    out.push(f3(30, b0t, b1t, b2t));
    out.push(f3(31, s0t, b0t, b1t));
    out.push(f3(32, s2t, s1t, s0t));
    out.push(f3(33, s0t, t(s0l), b0t));
    out.push(f3(34, s0t, t(s0r), b0t));
    out.push(f3(35, s0t, b0t, t(b0l)));
    out.push(f3(36, s1t, s0t, t(s0l)));
    out.push(f3(37, s1t, s0t, t(s0r)));
    out.push(f3(38, s1t, t(s1r), s0t));
    out.push(f3(39, s1t, t(s1l), s0t));
    out.push(f3(40, s0w, b0w, b1t));
    out.push(f3(41, s1w, s0w, b0t));
    // Distance.
    out.push(f2(42, s0w, d));
    out.push(f2(43, s0t, d));
    out.push(f2(44, b0w, d));
    out.push(f2(45, b0t, d));
    out.push(f3(46, s0w, b0w, d));
    out.push(f3(47, s0t, b0t, d));
    out.push(f3(48, s1t, s0t, d01));
    out.push(f3(49, s1w, s0w, d01));
    // Valency.
    let (vl, vr, bl) = (
        u64::from(st.nl[s0 as usize]),
        u64::from(st.nr[s0 as usize]),
        u64::from(st.nl[b0 as usize]),
    );
    out.push(f2(50, s0w, vr));
    out.push(f2(51, s0t, vr));
    out.push(f2(52, s0w, vl));
    out.push(f2(53, s0t, vl));
    out.push(f2(54, b0w, bl));
    out.push(f2(55, b0t, bl));
    out.push(f2(56, s1t, u64::from(st.nr[s1 as usize])));
    // Children.
    out.push(f1(57, w(s0l)));
    out.push(f1(58, t(s0l)));
    out.push(f1(59, w(s0r)));
    out.push(f1(60, t(s0r)));
    out.push(f1(61, w(b0l)));
    out.push(f1(62, t(b0l)));
    out.push(f3(63, s0t, t(s0l), t(s0l2)));
    out.push(f3(64, s0t, t(s0r), t(s0r2)));
    out.push(f3(65, b0t, t(b0l), t(b0l2)));
    out.push(f1(66, w(s1r)));
    out.push(f1(67, t(s1r)));
    out.push(f2(68, t(s1l), s1t));
    out.push(f3(69, s0w, t(s0r), b0t));
    out.push(f3(70, s0t, w(b0l), b0w));
    out.push(f3(71, s1w, t(s1r), s0t));
    // Labels of attached children and label sets (Zhang & Nivre 2011).
    let l = |i: u32| u64::from(st.labels[i as usize]);
    out.push(f1(72, l(s0l)));
    out.push(f1(73, l(s0r)));
    out.push(f1(74, l(b0l)));
    out.push(f1(75, l(s1r)));
    out.push(f2(76, l(s0l), l(s0l2)));
    out.push(f2(77, l(s0r), l(s0r2)));
    out.push(f2(78, l(b0l), l(b0l2)));
    out.push(f3(79, s0t, l(s0l), l(s0r)));
    out.push(f2(80, s0t, st.lset[s0 as usize]));
    out.push(f2(81, s0w, st.lset[s0 as usize]));
    out.push(f2(82, s0t, st.rset[s0 as usize]));
    out.push(f2(83, s0w, st.rset[s0 as usize]));
    out.push(f2(84, b0t, st.lset[b0 as usize]));
    out.push(f2(85, b0w, st.lset[b0 as usize]));
    out.push(f3(86, s1t, st.rset[s1 as usize], s0t));
    out.push(f3(87, s0t, b0t, st.lset[b0 as usize]));
}

/// Where each word attaches, as the labeller sees the finished tree.
struct Tree<'a> {
    x: &'a ParseInput,
    /// Head of word d (0 = root), 1-based words; `children[h]` sorted.
    heads: &'a [u32],
    children: Vec<Vec<u32>>,
}

impl<'a> Tree<'a> {
    fn new(x: &'a ParseInput, heads: &'a [u32]) -> Self {
        let n = x.n() as usize;
        let mut children = vec![Vec::new(); n + 1];
        for d in 1..=n {
            children[heads[d] as usize].push(d as u32);
        }
        Tree { x, heads, children }
    }
}

fn label_features(tree: &Tree, d: u32, labels: &[u16], out: &mut Vec<u64>) {
    out.clear();
    let x = tree.x;
    let n = x.n();
    let w = |i: u32| x.words[i as usize];
    let t = |i: u32| if i == 0 { ROOT } else { x.tags[i as usize] };
    let h = tree.heads[d as usize];
    let lab = |i: u32| -> u64 {
        if i == 0 || i >= d {
            NONE
        } else {
            u64::from(labels[i as usize])
        }
    };
    let (dw, dt, hw, ht) = (w(d), t(d), if h == 0 { ROOT } else { w(h) }, t(h));
    let dir = u64::from(d < h) + 2 * u64::from(h == 0);
    let dd = dist(d, if h == 0 { d } else { h });
    let g = if h == 0 { 0 } else { tree.heads[h as usize] };
    out.push(f1(100, 1));
    out.push(f1(101, dw));
    out.push(f1(102, dt));
    out.push(f2(103, dw, dt));
    out.push(f2(104, hw, ht));
    out.push(f1(105, ht));
    out.push(f2(106, dt, ht));
    out.push(f3(107, dw, dt, ht));
    out.push(f3(108, dt, hw, ht));
    out.push(f3(109, dt, ht, dir));
    out.push(f3(110, dt, ht, dd));
    out.push(f3(111, dt, ht, t(g)));
    out.push(f2(112, dt, lab(h)));
    out.push(f3(113, dt, ht, lab(h)));
    out.push(f2(114, dw, dir));
    out.push(f3(115, dt, t(d - 1), t(if d < n { d + 1 } else { 0 })));
    // The dependent's own children: function words decide case/mark-driven labels.
    for &c in &tree.children[d as usize] {
        let side = u64::from(c < d);
        out.push(f3(116, dt, w(c), side));
        out.push(f3(117, dt, t(c), side));
        out.push(f3(118, ht, w(c), side));
    }
    // The head's other children, and already labelled siblings.
    let sibs = &tree.children[h as usize];
    let mut before = 0u64;
    let mut prev_sib = 0u32;
    for &c in sibs {
        if c == d {
            continue;
        }
        let side = u64::from(c < h) + 2 * u64::from(c < d);
        out.push(f3(119, dt, t(c), side));
        out.push(f3(120, dt, w(c), side));
        if c < d {
            out.push(f3(121, dt, lab(c), u64::from(c < h)));
            prev_sib = c;
            if (c < h) == (d < h) {
                before += 1;
            }
        }
    }
    out.push(f3(122, dt, ht, before.min(3) + 4 * dir));
    out.push(f3(123, dt, lab(prev_sib), ht));
    out.push(f2(124, dt, tree.children[d as usize].len().min(4) as u64));
}

/// The trained parser and labeller.
pub struct Parser {
    labels: Vec<String>,
    arcs: Weights,
    labeller: Weights,
    /// Reads sentences right to left: an ensemble member whose errors differ from the
    /// left-to-right parser's.
    right_to_left: bool,
}

/// Options for [`Parser::train`].
pub struct ParserOptions {
    pub iterations: usize,
    /// Train a right-to-left parser.
    pub right_to_left: bool,
    /// Training runs averaged into the shipped weights (1 = a single run).
    pub runs: usize,
    pub label_iterations: usize,
    pub seed: u64,
}

/// A gold training sentence: parser input plus gold heads (0 = root) and labels, 1-based.
pub struct GoldTree {
    pub input: ParseInput,
    pub heads: Vec<u32>,
    pub labels: Vec<String>,
}

impl GoldTree {
    fn reversed(&self) -> GoldTree {
        let n = self.input.n();
        let mut heads = vec![0u32];
        let mut labels = vec![String::new()];
        for i in (1..=n as usize).rev() {
            heads.push(mirror(self.heads[i], n));
            labels.push(self.labels[i].clone());
        }
        GoldTree {
            input: self.input.reversed(),
            heads,
            labels,
        }
    }
}

impl Parser {
    pub(crate) fn weights_mut(&mut self) -> (&mut Weights, &mut Weights) {
        (&mut self.arcs, &mut self.labeller)
    }

    /// Drops transition and label weights below `min_abs` (perceptron units) to shrink it.
    pub fn prune(&mut self, min_abs: f32) {
        self.arcs.prune(min_abs);
        self.labeller.prune(min_abs);
    }

    /// Whether `other` uses the same relation labels in the same order.
    pub fn same_labels(&self, other: &Parser) -> bool {
        self.labels == other.labels
    }

    /// Whether `other` uses the same relation labels, in any order (can vote with it: parsers
    /// trained on other data number their labels by other frequencies).
    pub fn shares_labels(&self, other: &Parser) -> bool {
        self.labels.len() == other.labels.len()
            && self.labels.iter().all(|l| other.labels.contains(l))
    }

    /// This parser's label ids as `other` numbers the same labels (0 for a label `other` lacks).
    pub fn label_ids_in(&self, other: &Parser) -> Vec<u16> {
        self.labels
            .iter()
            .map(|l| other.label_id(l).unwrap_or(0))
            .collect()
    }

    pub fn nlabels(&self) -> usize {
        self.labels.len()
    }

    pub fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }

    /// The id of a relation label, if the treebank has it.
    pub fn label_id(&self, label: &str) -> Option<u16> {
        self.labels
            .iter()
            .position(|l| l == label)
            .map(|i| i as u16)
    }

    fn root_id(&self) -> u16 {
        self.labels
            .iter()
            .position(|l| l == "root")
            .map_or(NO_LABEL, |i| i as u16)
    }

    /// Heads (0 = root) and transition labels, index 1..=n (index 0 unused).
    pub fn transitions(&self, x: &ParseInput) -> (Vec<u32>, Vec<u16>) {
        if !self.right_to_left {
            return self.transitions_in_order(x);
        }
        let n = x.n();
        let (h, l) = self.transitions_in_order(&x.reversed());
        let mut heads = vec![0u32; h.len()];
        let mut labels = vec![0u16; l.len()];
        for i in 1..=n {
            let j = mirror(i, n) as usize;
            heads[i as usize] = mirror(h[j], n);
            labels[i as usize] = l[j];
        }
        (heads, labels)
    }

    /// [`Parser::transitions`] over the words in the order given.
    fn transitions_in_order(&self, x: &ParseInput) -> (Vec<u32>, Vec<u16>) {
        let n = x.n();
        let mut st = State::new(n, self.labels.len(), self.root_id());
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0i32; st.nmoves()];
        while !st.done() {
            parse_features(&st, x, &mut feats);
            self.arcs.score(&feats, &mut scores);
            let Some(mv) = st.best_valid(&scores) else {
                break;
            };
            st.apply(mv);
        }
        let (mut heads, mut labels) = (st.heads, st.labels);
        heads.truncate(n as usize + 1);
        labels.truncate(n as usize + 1);
        for h in heads.iter_mut() {
            if *h == n + 1 {
                *h = 0;
            }
        }
        for l in labels.iter_mut() {
            if *l == NO_LABEL {
                *l = 0;
            }
        }
        (heads, labels)
    }

    /// Heads only, index 1..=n (index 0 unused), 0 = root.
    pub fn heads(&self, x: &ParseInput) -> Vec<u32> {
        self.transitions(x).0
    }

    /// Labels for a finished tree, index 1..=n.
    pub fn labels(&self, x: &ParseInput, heads: &[u32]) -> Vec<u16> {
        let tree = Tree::new(x, heads);
        let n = x.n();
        let mut labels = vec![0u16; n as usize + 1];
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0i32; self.labels.len()];
        let root = self.labels.iter().position(|l| l == "root");
        for d in 1..=n {
            label_features(&tree, d, &labels, &mut feats);
            self.labeller.score(&feats, &mut scores);
            // The root word gets `root` and no other word does, when the treebank has it.
            let is_root = heads[d as usize] == 0;
            let allowed = |c: usize| root.is_none_or(|r| (c == r) == is_root);
            labels[d as usize] = argmax_where(&scores, allowed).unwrap_or(0) as u16;
        }
        labels
    }

    /// Parses: heads (0 = root) and label ids, index 1..=n. The labeller, when trained,
    /// relabels the finished tree.
    pub fn parse(&self, x: &ParseInput) -> (Vec<u32>, Vec<u16>) {
        let (heads, labels) = self.transitions(x);
        if self.labeller.nfeatures() == 0 {
            return (heads, labels);
        }
        let labels = self.labels(x, &heads);
        (heads, labels)
    }

    /// Trains arcs with a dynamic oracle and the labeller on gold trees. `report` gets
    /// (epoch, dev UAS, dev LAS).
    pub fn train(
        train: &[GoldTree],
        dev: &[GoldTree],
        opts: &ParserOptions,
        mut report: impl FnMut(&str, usize, f64, f64),
    ) -> Parser {
        let mut label_ids: FeatMap<u16> = FeatMap::default();
        let mut labels: Vec<String> = Vec::new();
        {
            let mut counts: std::collections::HashMap<&str, usize> = Default::default();
            for s in train {
                for l in &s.labels[1..] {
                    *counts.entry(l.as_str()).or_default() += 1;
                }
            }
            let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            for (l, _) in v {
                label_ids.insert(crate::features::hash_str(l), labels.len() as u16);
                labels.push(l.to_string());
            }
        }
        let mut parser = Parser {
            labels,
            arcs: Weights::default(),
            labeller: Weights::default(),
            right_to_left: opts.right_to_left,
        };
        let reversed: Vec<GoldTree>;
        let arc_train = if opts.right_to_left {
            reversed = train.iter().map(GoldTree::reversed).collect();
            &reversed[..]
        } else {
            train
        };
        // Arcs: each run shuffles differently; the shipped weights are the runs' mean.
        let runs: Vec<Trainer> = (0..opts.runs.max(1) as u64)
            .map(|run| {
                let seed = opts.seed + 1000 * run;
                parser.train_arcs(
                    arc_train,
                    dev,
                    &label_ids,
                    opts.iterations,
                    seed,
                    &mut report,
                )
            })
            .collect();
        let runs: Vec<&Trainer> = runs.iter().collect();
        parser.arcs = Trainer::finish_runs(&runs, 0.05);
        if runs.len() > 1 && !dev.is_empty() {
            let (uas, las) = parser.attachment(dev);
            report("arcs, runs averaged", opts.iterations, uas, las);
        }
        let mut rng = Rng::new(opts.seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let mut feats = Vec::with_capacity(96);
        // Labels, trained on gold trees.
        let mut tr = Trainer::new(parser.labels.len());
        let mut scores = vec![0f32; parser.labels.len()];
        for epoch in 1..=opts.label_iterations {
            rng.shuffle(&mut order);
            for &si in &order {
                let g = &train[si];
                let tree = Tree::new(&g.input, &g.heads);
                let mut pred = vec![0u16; g.heads.len()];
                for d in 1..g.heads.len() as u32 {
                    label_features(&tree, d, &pred, &mut feats);
                    tr.score(&feats, &mut scores);
                    let guess = argmax_where(&scores, |_| true).unwrap_or(0);
                    let gold = label_ids
                        .get(&crate::features::hash_str(&g.labels[d as usize]))
                        .copied()
                        .unwrap_or(0) as usize;
                    tr.update(&feats, gold, guess);
                    tr.tick();
                    pred[d as usize] = guess as u16;
                }
            }
            if !dev.is_empty() {
                parser.labeller = tr.finish(0.0);
                let (uas, las) = parser.attachment(dev);
                report("labels", epoch, uas, las);
            }
        }
        parser.labeller = tr.finish(0.05);
        parser
    }

    /// One run of arc training with the dynamic oracle; returns its trainer. `self.arcs` holds
    /// the run's weights after each epoch when `dev` is scored.
    fn train_arcs(
        &mut self,
        train: &[GoldTree],
        dev: &[GoldTree],
        label_ids: &FeatMap<u16>,
        iterations: usize,
        seed: u64,
        report: &mut impl FnMut(&str, usize, f64, f64),
    ) -> Trainer {
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        let nlabels = self.labels.len();
        let root = self.root_id();
        let mut tr = Trainer::new(1 + 2 * nlabels);
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0f32; 1 + 2 * nlabels];
        let mut costs = Vec::new();
        for epoch in 1..=iterations {
            rng.shuffle(&mut order);
            for &si in &order {
                let g = &train[si];
                let n = g.input.n();
                let gold: Vec<u32> = g
                    .heads
                    .iter()
                    .map(|&h| if h == 0 { n + 1 } else { h })
                    .collect();
                let glab: Vec<u16> = g
                    .labels
                    .iter()
                    .map(|l| {
                        label_ids
                            .get(&crate::features::hash_str(l))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect();
                let mut st = State::new(n, nlabels, root);
                while !st.done() {
                    parse_features(&st, &g.input, &mut feats);
                    tr.score(&feats, &mut scores);
                    st.costs(&gold, &glab, &mut costs);
                    let Some(guess) = argmax_where(&scores, |m| st.valid(m)) else {
                        break;
                    };
                    let min = costs.iter().copied().min().unwrap_or(0);
                    let Some(best) = argmax_where(&scores, |m| costs[m] == min) else {
                        break;
                    };
                    if costs[guess] > min {
                        tr.update(&feats, best, guess);
                    }
                    tr.tick();
                    let explore = epoch > 1 && rng.next_f64() < 0.9;
                    st.apply(if explore { guess } else { best });
                }
            }
            if !dev.is_empty() {
                self.arcs = tr.finish(0.0);
                let (uas, las) = self.attachment(dev);
                report("arcs", epoch, uas, las);
            }
        }
        tr
    }

    /// UAS and LAS (percent, punctuation included as in the CoNLL 2018 scorer).
    pub fn attachment(&self, dev: &[GoldTree]) -> (f64, f64) {
        let (mut n, mut u, mut l) = (0usize, 0usize, 0usize);
        for g in dev {
            let (heads, labels) = self.parse(&g.input);
            for d in 1..heads.len() {
                n += 1;
                if heads[d] == g.heads[d] {
                    u += 1;
                    let gl = &g.labels[d];
                    let pl = &self.labels[labels[d] as usize];
                    // CoNLL 2018 LAS compares universal labels (subtypes ignored).
                    let base = |s: &str| s.split(':').next().unwrap_or("").to_string();
                    if base(gl) == base(pl) {
                        l += 1;
                    }
                }
            }
        }
        let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        (pct(u), pct(l))
    }

    /// Writes the current format (with the direction).
    pub fn write(&self, w: &mut Writer) {
        w.u16(u16::from(self.right_to_left));
        w.strs(&self.labels);
        self.arcs.write(w);
        self.labeller.write(w);
    }

    /// Reads a parser; `with_direction` is false for format-3 models (left to right only).
    pub fn read(r: &mut Reader, with_direction: bool) -> Result<Parser, NlpError> {
        let right_to_left = match if with_direction { r.u16()? } else { 0 } {
            0 => false,
            1 => true,
            _ => return Err(r.error("parser direction is neither 0 nor 1")),
        };
        let labels = r.strs()?;
        let arcs = Weights::read(r)?;
        let labeller = Weights::read(r)?;
        let labeller_ok = labeller.nfeatures() == 0 || labeller.nclasses() == labels.len();
        if arcs.nclasses() != 1 + 2 * labels.len() || !labeller_ok {
            return Err(r.error("parser weights do not match its transitions or labels"));
        }
        Ok(Parser {
            labels,
            arcs,
            labeller,
            right_to_left,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the oracle's zero-cost moves and checks it rebuilds a projective tree.
    #[test]
    fn oracle_rebuilds_projective_trees() {
        // "the cat sat on the mat": det(cat,the) nsubj(sat,cat) root(sat) case(mat,on)
        // det(mat,the) obl(sat,mat)
        let heads = [0u32, 2, 3, 0, 6, 6, 3];
        let n = 6;
        let gold: Vec<u32> = heads
            .iter()
            .map(|&h| if h == 0 { n + 1 } else { h })
            .collect();
        // Labels: 0 = root, 1 = other.
        let glab: Vec<u16> = heads.iter().map(|&h| u16::from(h != 0)).collect();
        let mut st = State::new(n, 2, 0);
        let mut c = Vec::new();
        while !st.done() {
            st.costs(&gold, &glab, &mut c);
            let mv = (0..c.len()).find(|&m| c[m] == 0).expect("a zero-cost move");
            st.apply(mv);
        }
        assert_eq!(st.labels[1..=n as usize], glab[1..]);
        let got: Vec<u32> = (1..=n as usize)
            .map(|d| if st.heads[d] == n + 1 { 0 } else { st.heads[d] })
            .collect();
        assert_eq!(got, heads[1..].to_vec());
    }

    #[test]
    fn labels_numbered_differently_map_by_name() {
        let parser = |labels: &[&str]| Parser {
            labels: labels.iter().map(|l| l.to_string()).collect(),
            arcs: Weights::default(),
            labeller: Weights::default(),
            right_to_left: false,
        };
        let a = parser(&["root", "nsubj", "obj"]);
        let b = parser(&["obj", "root", "nsubj"]);
        assert!(a.shares_labels(&b) && !a.same_labels(&b));
        assert_eq!(b.label_ids_in(&a), vec![2, 0, 1]);
        assert!(!a.shares_labels(&parser(&["root", "nsubj", "iobj"])));
    }

    #[test]
    fn every_parse_is_a_single_rooted_tree() {
        let parser = Parser {
            labels: vec!["root".into(), "dep".into()],
            arcs: Weights::default(),
            labeller: Weights::default(),
            right_to_left: false,
        };
        let x = ParseInput::new(1..=7u64, 1..=7u64);
        let (heads, _) = parser.parse(&x);
        assert_eq!(heads.iter().skip(1).filter(|&&h| h == 0).count(), 1);
    }
}
