//! The engine's one sort: stable, O(n log n), and small in the wasm.
//!
//! Why not `slice::sort_by`: the standard library's sorts are generic, and each element type
//! they are used with gets its own copy of several kilobytes; the seven sorts of the engine
//! cost about 25 KB of the wasm. Here the merging works on positions through one
//! comparison callback, so it exists once; only the thin wrapper that moves the items into
//! place is per type.

use std::cmp::Ordering;

/// Sort `items` by `compare`, keeping the order of items that compare equal.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sort `items` by a key, keeping the order of items whose keys are equal.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `compare` gives them; equal positions keep their
/// order. A bottom-up merge sort: runs of 1, 2, 4… merged from one buffer into the other.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut into = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut into[start..end] {
                // Take from the left run unless the right one is strictly smaller: stability.
                let take_left = right == end
                    || (left < middle && compare(from[left], from[right]) != Ordering::Greater);
                if take_left {
                    *slot = from[left];
                    left += 1;
                } else {
                    *slot = from[right];
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut into);
        width *= 2;
    }
    from
}

/// Rearrange `items` so that position `k` holds the item that was at `order[k]`, following
/// each cycle of the permutation once (O(n) swaps). `order` is used up as the visited marks.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut k = start;
        while order[k] != DONE {
            let from = order[k];
            order[k] = DONE;
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no crate.
    fn numbers(seed: u64, len: usize, range: u64) -> Vec<u64> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) % range
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        for len in [0, 1, 2, 3, 5, 8, 17, 64, 100, 1000] {
            for range in [1, 3, 50, 1_000_000] {
                // Pairs of (key, original position): stability shows in the second member.
                let keys = numbers(len as u64 * 31 + range, len, range);
                let items: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |item| item.0);
                let mut expected = items;
                expected.sort_by_key(|item| item.0);
                assert_eq!(ours, expected, "len {len}, range {range}");
            }
        }
    }

    #[test]
    fn reverse_comparison_and_non_copy_items() {
        let mut words: Vec<String> = ["b", "a", "c", "a", "b"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "b", "a", "a"]);
    }
}
