//! Parser ensembles by reparsing (Sagae & Lavie 2006; Surdeanu & Manning 2010): several
//! parsers that err differently (left to right, right to left, other seeds) each propose a
//! tree, every proposed arc gets the summed weight of the parsers proposing it, and the
//! maximum spanning tree over those arcs (Chu-Liu/Edmonds) with a single root word is the
//! answer. Each word's relation is voted on by the parsers that chose its head.

/// One parser's tree: heads (0 = root) and label ids, index 1..=n (index 0 unused).
pub type ParserTree = (Vec<u32>, Vec<u16>);

/// Combines `trees` (all over the same n words), one vote per tree; ties go to the earlier
/// tree. Returns a single-rooted tree in the same shape.
pub fn combine(trees: &[ParserTree]) -> ParserTree {
    let Some(first) = trees.first() else {
        return (Vec::new(), Vec::new());
    };
    let n = first.0.len().saturating_sub(1);
    if trees.len() == 1 || n == 0 {
        return first.clone();
    }
    // score[h][d]: the number of parsers attaching d to h, with a tiny bonus by order so
    // earlier (more accurate) parsers break ties.
    let m = n + 1;
    let mut score = vec![f32::NEG_INFINITY; m * m];
    for (k, (heads, _)) in trees.iter().enumerate() {
        let w = vote(k);
        for d in 1..=n {
            let h = heads[d] as usize;
            if h < m && h != d {
                let s = &mut score[h * m + d];
                *s = if s.is_finite() { *s + w } else { w };
            }
        }
    }
    let heads = best_heads(&score, m)
        .or_else(|| single_root_tree(&score, m))
        .unwrap_or_else(|| first.0.clone());
    let mut labels = vec![0u16; m];
    for d in 1..=n {
        // The relation most of the parsers that chose this head gave it; ties go to the
        // earlier parser.
        let mut votes: Vec<(u16, f32)> = Vec::new();
        for (k, t) in trees.iter().enumerate() {
            if t.0[d] != heads[d] {
                continue;
            }
            let w = vote(k);
            match votes.iter_mut().find(|v| v.0 == t.1[d]) {
                Some(v) => v.1 += w,
                None => votes.push((t.1[d], w)),
            }
        }
        labels[d] = votes
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(first.1[d], |v| v.0);
    }
    (heads, labels)
}

/// The vote of the `k`-th tree: one, plus a tiny bonus for earlier trees to break ties.
fn vote(k: usize) -> f32 {
    1.0 + 1e-3 / (k + 1) as f32
}

/// Each word's best head, when those already form a single-rooted tree (the common case:
/// the parsers mostly agree).
fn best_heads(score: &[f32], m: usize) -> Option<Vec<u32>> {
    let mut heads = vec![0u32; m];
    for (d, head) in heads.iter_mut().enumerate().skip(1) {
        let h = (0..m)
            .filter(|&h| score[h * m + d].is_finite())
            .max_by(|&a, &b| {
                score[a * m + d]
                    .total_cmp(&score[b * m + d])
                    .then(b.cmp(&a))
            })?;
        *head = h as u32;
    }
    let single_root = (1..m).filter(|&d| heads[d] == 0).count() == 1;
    let acyclic = (1..m).all(|start| {
        let mut v = start;
        for _ in 0..m {
            if v == 0 {
                return true;
            }
            v = heads[v] as usize;
        }
        false
    });
    (single_root && acyclic).then_some(heads)
}

/// The maximum spanning tree rooted at 0 with exactly one word under the root, or None when
/// the arcs allow none. `score` is an m×m matrix (row = head), −∞ where there is no arc.
/// Each word some parser put under the root is tried as the only one (Gabow & Tarjan's
/// constraint done the simple way: there are only as many candidates as parsers).
fn single_root_tree(score: &[f32], m: usize) -> Option<Vec<u32>> {
    let total = |heads: &[u32]| -> f32 { (1..m).map(|d| score[heads[d] as usize * m + d]).sum() };
    let candidates: Vec<usize> = (1..m).filter(|&d| score[d].is_finite()).collect();
    let mut best: Option<(f32, Vec<u32>)> = None;
    for &r in &candidates {
        let mut s = score.to_vec();
        for &d in &candidates {
            if d != r {
                s[d] = f32::NEG_INFINITY;
            }
        }
        if let Some(heads) = max_arborescence(&s, m) {
            let t = total(&heads);
            if best.as_ref().is_none_or(|(bt, _)| t > *bt) {
                best = Some((t, heads));
            }
        }
    }
    best.map(|(_, heads)| heads)
}

/// Chu-Liu/Edmonds maximum spanning arborescence rooted at node 0 over an m×m score matrix
/// (row = head, column = dependent, −∞ = no arc). Returns heads per node (index 0 unused) or
/// None when some node cannot be reached.
fn max_arborescence(score: &[f32], m: usize) -> Option<Vec<u32>> {
    // Recursive contraction over an explicit node list; fine for sentence-sized graphs.
    let nodes: Vec<usize> = (0..m).collect();
    let arcs: Vec<(usize, usize, f32)> = (0..m)
        .flat_map(|h| (1..m).map(move |d| (h, d)))
        .filter_map(|(h, d)| {
            let s = score[h * m + d];
            (h != d && s.is_finite()).then_some((h, d, s))
        })
        .collect();
    let chosen = edmonds(&nodes, &arcs, 0)?;
    let mut heads = vec![0u32; m];
    for (h, d) in chosen {
        heads[d] = h as u32;
    }
    Some(heads)
}

/// Arcs (head, dependent) of a maximum arborescence over `nodes` rooted at `root`.
fn edmonds(
    nodes: &[usize],
    arcs: &[(usize, usize, f32)],
    root: usize,
) -> Option<Vec<(usize, usize)>> {
    // Best incoming arc of every non-root node.
    let mut best: std::collections::HashMap<usize, (usize, f32)> = Default::default();
    for &(h, d, s) in arcs {
        if d == root || h == d {
            continue;
        }
        match best.get(&d) {
            Some(&(_, bs)) if bs >= s => {}
            _ => {
                best.insert(d, (h, s));
            }
        }
    }
    if nodes.iter().any(|&v| v != root && !best.contains_key(&v)) {
        return None;
    }
    let Some(cycle) = find_cycle(nodes, &best, root) else {
        return Some(best.iter().map(|(&d, &(h, _))| (h, d)).collect());
    };
    // Contract the cycle into a fresh node and solve the smaller problem.
    let in_cycle: std::collections::HashSet<usize> = cycle.iter().copied().collect();
    let c = nodes.iter().copied().max().unwrap_or(0) + 1;
    let mut new_nodes: Vec<usize> = nodes
        .iter()
        .copied()
        .filter(|v| !in_cycle.contains(v))
        .collect();
    new_nodes.push(c);
    // For each contracted arc remember the original one it stands for.
    let mut new_arcs = Vec::new();
    let mut origin: std::collections::HashMap<(usize, usize), (usize, usize)> = Default::default();
    for &(h, d, s) in arcs {
        let (hin, din) = (in_cycle.contains(&h), in_cycle.contains(&d));
        let (nh, nd, ns) = match (hin, din) {
            (true, true) => continue,
            (false, true) => (h, c, s - best.get(&d)?.1),
            (true, false) => (c, d, s),
            (false, false) => (h, d, s),
        };
        let key = (nh, nd);
        let better = new_arcs
            .iter()
            .position(|&(a, b, _)| (a, b) == key)
            .map(|i| (i, new_arcs[i].2));
        match better {
            Some((_, old)) if old >= ns => {}
            Some((i, _)) => {
                new_arcs[i] = (nh, nd, ns);
                origin.insert(key, (h, d));
            }
            None => {
                new_arcs.push((nh, nd, ns));
                origin.insert(key, (h, d));
            }
        }
    }
    let sub = edmonds(&new_nodes, &new_arcs, root)?;
    let mut result = Vec::new();
    let mut entered = None;
    for (h, d) in sub {
        let (oh, od) = *origin.get(&(h, d))?;
        if d == c {
            entered = Some(od);
        }
        result.push((oh, od));
    }
    // The cycle keeps its arcs except the one into the node the outside arc enters.
    for &v in &cycle {
        if Some(v) != entered {
            result.push((best.get(&v)?.0, v));
        }
    }
    Some(result)
}

/// A cycle among the best incoming arcs, as its nodes.
fn find_cycle(
    nodes: &[usize],
    best: &std::collections::HashMap<usize, (usize, f32)>,
    root: usize,
) -> Option<Vec<usize>> {
    let mut state: std::collections::HashMap<usize, u8> = Default::default();
    for &start in nodes {
        if start == root || state.contains_key(&start) {
            continue;
        }
        let mut path = Vec::new();
        let mut v = start;
        loop {
            if v == root {
                break;
            }
            match state.get(&v) {
                Some(1) => {
                    let i = path.iter().position(|&x| x == v)?;
                    return Some(path[i..].to_vec());
                }
                Some(_) => break,
                None => {}
            }
            state.insert(v, 1);
            path.push(v);
            v = best.get(&v)?.0;
        }
        for p in path {
            state.insert(p, 2);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(heads: &[u32]) -> ParserTree {
        let mut h = vec![0];
        h.extend_from_slice(heads);
        let l = (0..h.len() as u16).collect();
        (h, l)
    }

    #[test]
    fn the_majority_head_wins_for_each_word() {
        let a = tree(&[2, 0, 2, 3]);
        let b = tree(&[2, 0, 2, 2]);
        let c = tree(&[2, 0, 4, 2]);
        let (heads, labels) = combine(&[a, b, c]);
        assert_eq!(heads, vec![0, 2, 0, 2, 2]);
        assert_eq!(labels[3], 3);
    }

    #[test]
    fn a_voted_cycle_is_broken_into_a_tree() {
        // Words 1 and 2 vote for each other; the tree must still hang from one root word.
        let a = tree(&[2, 0, 2]);
        let b = tree(&[2, 3, 0]);
        let c = tree(&[0, 1, 1]);
        let d = tree(&[3, 1, 0]);
        let (heads, _) = combine(&[a, b, c, d]);
        assert_eq!(heads.iter().skip(1).filter(|&&h| h == 0).count(), 1);
        assert!(is_tree(&heads));
    }

    #[test]
    fn several_root_votes_leave_one_root_word() {
        let a = tree(&[0, 1, 1]);
        let b = tree(&[3, 3, 0]);
        let c = tree(&[0, 1, 2]);
        let (heads, _) = combine(&[a, b, c]);
        assert_eq!(heads.iter().skip(1).filter(|&&h| h == 0).count(), 1);
        assert!(is_tree(&heads));
    }

    #[test]
    fn any_set_of_trees_votes_into_a_tree() {
        // Random single-rooted trees (each word's head comes earlier in a random order).
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |k: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % k as u64) as usize
        };
        for _ in 0..300 {
            let n = 1 + next(14);
            let k = 2 + next(4);
            let trees: Vec<ParserTree> = (0..k)
                .map(|_| {
                    let mut order: Vec<usize> = (1..=n).collect();
                    for i in (1..order.len()).rev() {
                        order.swap(i, next(i + 1));
                    }
                    let mut heads = vec![0u32; n + 1];
                    for (i, &w) in order.iter().enumerate().skip(1) {
                        heads[w] = order[next(i)] as u32;
                    }
                    (heads, vec![0; n + 1])
                })
                .collect();
            let (heads, _) = combine(&trees);
            assert_eq!(heads.iter().skip(1).filter(|&&h| h == 0).count(), 1);
            assert!(is_tree(&heads), "{heads:?} from {trees:?}");
        }
    }

    fn is_tree(heads: &[u32]) -> bool {
        (1..heads.len()).all(|mut d| {
            for _ in 0..heads.len() {
                if d == 0 {
                    return true;
                }
                d = heads[d] as usize;
            }
            false
        })
    }
}
