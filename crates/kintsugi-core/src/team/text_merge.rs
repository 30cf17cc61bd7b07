//! Three-way merge of long text (a story's body or summary) by line.
//!
//! Each side is compared with the base (a longest-common-subsequence diff
//! of lines); edits that touch different regions are both applied, and an
//! edit made identically on both sides is applied once. Anything else is a
//! conflict, reported as `None`: the caller then keeps one side whole and
//! records the other, so no text is ever interleaved.
//!
//! Invariants (after Joplin's line merge, which dropped word-level merging
//! because it "silently duplicated text"):
//! - Bounded: texts over [`MAX_LINES`] lines, or a changed region whose
//!   diff would need more than [`MAX_CELLS`] comparisons, are a conflict.
//! - Duplicate-line guard: a merge that would hold a non-blank line more
//!   often than either side does is a conflict (a line moved on one side
//!   and kept on the other must not appear twice).
//! - Insertions by both sides at the same place are a conflict, unless equal.

use std::collections::HashMap;

/// Longest text merged by line, in lines (per side).
pub const MAX_LINES: usize = 50_000;
/// Most line comparisons one diff may make (after common ends are removed).
pub const MAX_CELLS: usize = 4_000_000;

/// Merges `mine` and `theirs`, both edited from `base`; `None` when the
/// edits overlap (or the texts are too large to merge safely).
pub fn merge(base: &str, mine: &str, theirs: &str) -> Option<String> {
    if mine == theirs || theirs == base {
        return Some(mine.to_string());
    }
    if mine == base {
        return Some(theirs.to_string());
    }
    let (b, m, t) = (lines(base), lines(mine), lines(theirs));
    if [b.len(), m.len(), t.len()].iter().any(|n| *n > MAX_LINES) {
        return None;
    }
    let in_mine = matches(&b, &m)?;
    let in_theirs = matches(&b, &t)?;
    let merged = diff3(&b, &m, &t, &in_mine, &in_theirs)?;
    if duplicates_lines(&merged, &m, &t) {
        return None;
    }
    Some(merged.join("\n"))
}

fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

/// For each base line, the line of `other` it is matched with by a longest
/// common subsequence (strictly increasing). `None` when over budget.
fn matches(base: &[&str], other: &[&str]) -> Option<Vec<Option<usize>>> {
    let mut out = vec![None; base.len()];
    let prefix = base.iter().zip(other).take_while(|(a, b)| a == b).count();
    for (i, slot) in out.iter_mut().enumerate().take(prefix) {
        *slot = Some(i);
    }
    let suffix = base[prefix..]
        .iter()
        .rev()
        .zip(other[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    for k in 0..suffix {
        out[base.len() - 1 - k] = Some(other.len() - 1 - k);
    }
    let b = &base[prefix..base.len() - suffix];
    let o = &other[prefix..other.len() - suffix];
    if b.is_empty() || o.is_empty() {
        return Some(out);
    }
    if b.len().saturating_mul(o.len()) > MAX_CELLS {
        return None;
    }
    // Lines as small integers, so the table compares numbers.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let bi: Vec<u32> = b.iter().map(|s| intern(&mut ids, s)).collect();
    let oi: Vec<u32> = o.iter().map(|s| intern(&mut ids, s)).collect();
    let (n, m) = (bi.len(), oi.len());
    // lcs[i][j] = length of the LCS of bi[i..] and oi[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if bi[i] == oi[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if bi[i] == oi[j] {
            out[prefix + i] = Some(prefix + j);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    Some(out)
}

fn intern<'a>(ids: &mut HashMap<&'a str, u32>, s: &'a str) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(s).or_insert(next)
}

/// Walks the three texts between lines kept by both sides ("stable"
/// lines); each region between them is taken from the side that changed
/// it, or from either when both changed it alike. `None` on a real overlap.
fn diff3<'a>(
    base: &[&'a str],
    mine: &[&'a str],
    theirs: &[&'a str],
    in_mine: &[Option<usize>],
    in_theirs: &[Option<usize>],
) -> Option<Vec<&'a str>> {
    let mut out: Vec<&'a str> = Vec::with_capacity(mine.len().max(theirs.len()));
    let (mut b, mut m, mut t) = (0, 0, 0);
    while b < base.len() || m < mine.len() || t < theirs.len() {
        if b < base.len() && in_mine[b] == Some(m) && in_theirs[b] == Some(t) {
            out.push(base[b]);
            b += 1;
            m += 1;
            t += 1;
            continue;
        }
        let mut next = b;
        while next < base.len() && !(in_mine[next].is_some() && in_theirs[next].is_some()) {
            next += 1;
        }
        let (m_end, t_end) = match (in_mine.get(next), in_theirs.get(next)) {
            (Some(Some(me)), Some(Some(te))) => (*me, *te),
            _ => (mine.len(), theirs.len()),
        };
        let (bc, mc, tc) = (&base[b..next], &mine[m..m_end], &theirs[t..t_end]);
        if mc == bc {
            out.extend_from_slice(tc);
        } else if tc == bc || mc == tc {
            out.extend_from_slice(mc);
        } else {
            return None;
        }
        b = next;
        m = m_end;
        t = t_end;
    }
    Some(out)
}

/// True when `merged` holds some non-blank line more often than both sides.
fn duplicates_lines(merged: &[&str], mine: &[&str], theirs: &[&str]) -> bool {
    fn count<'a>(lines: &[&'a str]) -> HashMap<&'a str, usize> {
        let mut c: HashMap<&str, usize> = HashMap::new();
        for line in lines.iter().filter(|l| !l.trim().is_empty()) {
            *c.entry(line.trim_end()).or_default() += 1;
        }
        c
    }
    let (cm, ct) = (count(mine), count(theirs));
    count(merged).iter().any(|(line, n)| {
        *n > cm
            .get(line)
            .copied()
            .unwrap_or(0)
            .max(ct.get(line).copied().unwrap_or(0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# Intro\nOne.\n\nTwo.\n\nThree.\n\nFour.";

    #[test]
    fn unchanged_sides_take_the_other() {
        assert_eq!(merge(BASE, BASE, "x").as_deref(), Some("x"));
        assert_eq!(merge(BASE, "y", BASE).as_deref(), Some("y"));
        assert_eq!(merge(BASE, "z", "z").as_deref(), Some("z"));
    }

    #[test]
    fn edits_in_different_places_both_apply() {
        let mine = BASE.replace("One.", "One, edited here.");
        let theirs = BASE.replace("Four.", "Four, edited there.");
        let merged = merge(BASE, &mine, &theirs).unwrap();
        assert!(merged.contains("One, edited here."));
        assert!(merged.contains("Four, edited there."));
        assert!(!merged.contains("One.\n"));
        assert_eq!(merged.lines().count(), BASE.lines().count());
    }

    #[test]
    fn an_insertion_and_a_deletion_elsewhere_both_apply() {
        let mine = BASE.replace("Two.", "Two.\n\nTwo and a half.");
        let theirs = BASE.replace("\n\nFour.", "");
        let merged = merge(BASE, &mine, &theirs).unwrap();
        assert_eq!(merged, "# Intro\nOne.\n\nTwo.\n\nTwo and a half.\n\nThree.");
    }

    #[test]
    fn the_same_line_edited_differently_is_a_conflict() {
        let mine = BASE.replace("Two.", "Two (mine).");
        let theirs = BASE.replace("Two.", "Two (theirs).");
        assert_eq!(merge(BASE, &mine, &theirs), None);
    }

    #[test]
    fn insertions_at_the_same_place_conflict_unless_equal() {
        let mine = format!("{BASE}\nFive (mine).");
        let theirs = format!("{BASE}\nFive (theirs).");
        assert_eq!(merge(BASE, &mine, &theirs), None);
        let same = format!("{BASE}\nFive.");
        assert_eq!(merge(BASE, &same, &same).as_deref(), Some(same.as_str()));
    }

    #[test]
    fn the_same_edit_on_both_sides_applies_once() {
        let both = BASE.replace("Three.", "Three!");
        let mine = both.replace("One.", "One!");
        let merged = merge(BASE, &mine, &both).unwrap();
        assert_eq!(merged.matches("Three!").count(), 1);
        assert!(merged.contains("One!"));
    }

    #[test]
    fn a_line_moved_on_one_side_is_not_duplicated() {
        // Mine moves "Two." to the end; theirs edits next to where it was.
        let mine = "# Intro\nOne.\n\n\nThree.\n\nFour.\nTwo.";
        let theirs = BASE.replace("Three.", "Three, edited.");
        let merged = merge(BASE, mine, &theirs);
        if let Some(text) = merged {
            assert!(text.matches("Two.").count() <= 1, "{text}");
        }
    }

    #[test]
    fn duplicate_guard_catches_the_same_line_added_in_two_places() {
        let mine = BASE.replace("One.", "One.\nNew line.");
        let theirs = BASE.replace("Four.", "Four.\nNew line.");
        assert_eq!(merge(BASE, &mine, &theirs), None);
    }

    #[test]
    fn empty_base_and_one_side_empty() {
        assert_eq!(merge("", "a", "").as_deref(), Some("a"));
        assert_eq!(merge("", "a", "b"), None);
        assert_eq!(merge("a\nb", "", "a\nb").as_deref(), Some(""));
        // One side emptied the text, the other edited it: overlap.
        assert_eq!(merge("a\nb", "", "a\nc"), None);
    }

    #[test]
    fn huge_texts_are_a_conflict_not_a_hang() {
        let base: String = (0..MAX_LINES + 1).map(|i| format!("{i}\n")).collect();
        let mine = format!("x\n{base}");
        let theirs = format!("{base}y");
        assert_eq!(merge(&base, &mine, &theirs), None);
        // A large changed middle over the comparison budget.
        let a: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let b: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let c: String = (0..3000).map(|i| format!("c{i}\n")).collect();
        assert_eq!(merge(&a, &b, &c), None);
    }
}
