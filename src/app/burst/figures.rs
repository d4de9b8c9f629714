//! What a burst's numbers are counted and sorted with: names counted up
//! to a bound, values sorted once for several percentiles, and the spans
//! of the round-trip histogram.

use std::collections::BTreeMap;

/// Distinct names counted by name at most (the rest together): a function
/// naming each error anew cannot fill memory or the screen.
pub const MAX_NAMED: usize = 100;
const OTHERS: &str = "(other types)";

/// Counts by name, at most `MAX_NAMED` names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally(BTreeMap<String, usize>);

impl Tally {
    pub fn add(&mut self, name: &str) {
        let name = if self.0.len() >= MAX_NAMED && !self.0.contains_key(name) {
            OTHERS
        } else {
            name
        };
        *self.0.entry(name.to_string()).or_default() += 1;
    }

    /// Most frequent first, then by name.
    pub fn ranked(&self) -> Vec<(String, usize)> {
        let mut ranked: Vec<(String, usize)> = self.0.iter().map(|(e, n)| (e.clone(), *n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked
    }
}

/// Values sorted once, for several percentiles of them (a frame of a
/// 10,000-call burst asks for seven).
pub struct Sorted(Vec<f64>);

impl Sorted {
    pub fn new(mut values: Vec<f64>) -> Sorted {
        values.sort_by(f64::total_cmp);
        Sorted(values)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The p-th percentile (nearest rank); None when there are no values.
    pub fn at(&self, p: f64) -> Option<f64> {
        let rank = ((p / 100.0) * self.0.len() as f64).ceil().max(1.0) as usize;
        self.0.get(rank.min(self.0.len()).checked_sub(1)?).copied()
    }
}

/// Round trips counted in `buckets` equal spans from the fastest to the
/// slowest: each span's lower bound and how many fell in it (the slowest
/// in the last).
pub fn histogram(values: &[f64], buckets: usize) -> Vec<(f64, u64)> {
    if values.is_empty() {
        return Vec::new();
    }
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let buckets = if high > low { buckets.max(1) } else { 1 };
    let span = (high - low) / buckets as f64;
    let mut counts = vec![0u64; buckets];
    for value in values {
        let at = if span > 0.0 { ((value - low) / span) as usize } else { 0 };
        counts[at.min(buckets - 1)] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| (low + span * i as f64, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percentile(values: &[f64], p: f64) -> Option<f64> {
        Sorted::new(values.to_vec()).at(p)
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), Some(50.0));
        assert_eq!(percentile(&values, 90.0), Some(90.0));
        assert_eq!(percentile(&values, 99.0), Some(99.0));
        assert_eq!(percentile(&values, 100.0), Some(100.0));
        assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn the_histogram_spans_fastest_to_slowest() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let buckets = histogram(&values, 10);
        assert_eq!(buckets.len(), 10);
        assert_eq!(buckets[0].0, 1.0);
        assert_eq!(buckets.iter().map(|b| b.1).sum::<u64>(), 100, "every call counted once");
        assert!(
            buckets.iter().all(|b| b.1 == 10),
            "even spans, the slowest in the last: {buckets:?}"
        );
        assert_eq!(
            histogram(&[5.0, 5.0], 10),
            vec![(5.0, 2)],
            "one span when all are alike"
        );
        assert!(histogram(&[], 10).is_empty());
    }
}
