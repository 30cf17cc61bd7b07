//! Incidents over time: stories per tag per quarter, time to detect and to
//! resolve per quarter, and the retros' learning pulse.
//!
//! A story counts in the quarter of its incident date (start, else the
//! first known time); undated stories are left out of every series rather
//! than guessed. Times are medians in minutes, from start to detection and
//! from start to resolution, over the stories that know both ends: a
//! median, because one week-long incident would swamp a mean.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{quarter, InsightRow, RetroPulse};

/// Stories carrying one tag in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuarterCount {
    /// `2024Q1`.
    pub quarter: String,
    /// The tag.
    pub tag: String,
    /// Stories.
    pub count: usize,
}

/// Time to detect and resolve in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuarterTimes {
    /// `2024Q1`.
    pub quarter: String,
    /// Dated stories in the quarter.
    pub stories: usize,
    /// Median minutes from start to detection, over `detect_known` stories.
    pub detect_minutes: Option<f64>,
    /// Stories that record both.
    pub detect_known: usize,
    /// Median minutes from start to resolution, over `resolve_known` stories.
    pub resolve_minutes: Option<f64>,
    /// Stories that record both.
    pub resolve_known: usize,
}

/// The two-question check of the retros held in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PulsePoint {
    /// `2024Q1`.
    pub quarter: String,
    /// Retros that answered the check.
    pub retros: usize,
    /// Of them, where someone learned something that changes their work.
    pub learned: usize,
    /// Of them, where people would come again.
    pub would_come_again: usize,
}

/// Stories per tag per quarter, by quarter then most stories.
pub fn by_quarter(rows: &[InsightRow]) -> Vec<QuarterCount> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in rows {
        let Some(date) = row.date else { continue };
        let q = quarter(date);
        for tag in &row.tags {
            *counts.entry((q.clone(), tag.clone())).or_default() += 1;
        }
    }
    let mut out: Vec<QuarterCount> = counts
        .into_iter()
        .map(|((quarter, tag), count)| QuarterCount {
            quarter,
            tag,
            count,
        })
        .collect();
    out.sort_by(|a, b| {
        a.quarter
            .cmp(&b.quarter)
            .then(b.count.cmp(&a.count))
            .then(a.tag.cmp(&b.tag))
    });
    out
}

/// Median time to detect and to resolve per quarter, oldest first.
pub fn times(rows: &[InsightRow]) -> Vec<QuarterTimes> {
    let mut quarters: BTreeMap<String, (usize, Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for row in rows {
        let Some(date) = row.date else { continue };
        let entry = quarters.entry(quarter(date)).or_default();
        entry.0 += 1;
        let minutes = |end: Option<chrono::DateTime<chrono::Utc>>| {
            Some((end? - row.start?).num_seconds() as f64 / 60.0).filter(|m| *m >= 0.0)
        };
        entry.1.extend(minutes(row.detected));
        entry.2.extend(minutes(row.resolved));
    }
    quarters
        .into_iter()
        .map(
            |(quarter, (stories, mut detect, mut resolve))| QuarterTimes {
                quarter,
                stories,
                detect_known: detect.len(),
                resolve_known: resolve.len(),
                detect_minutes: median(&mut detect),
                resolve_minutes: median(&mut resolve),
            },
        )
        .collect()
}

/// The learning pulse per quarter, oldest first.
pub fn pulse(retros: &[RetroPulse]) -> Vec<PulsePoint> {
    let mut quarters: BTreeMap<String, PulsePoint> = BTreeMap::new();
    for r in retros {
        let q = quarter(r.at);
        let p = quarters.entry(q.clone()).or_insert(PulsePoint {
            quarter: q,
            retros: 0,
            learned: 0,
            would_come_again: 0,
        });
        p.retros += 1;
        p.learned += usize::from(r.check.learned_something);
        p.would_come_again += usize::from(r.check.would_come_again);
    }
    quarters.into_values().collect()
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::retro::RetroCheck;

    #[test]
    fn quarters_count_tags_and_take_median_times() {
        let start = Utc.with_ymd_and_hms(2024, 2, 1, 10, 0, 0).unwrap();
        let mut rows = Vec::new();
        for (detect, tags) in [(4, vec!["dns"]), (10, vec!["dns", "tls"]), (100, vec![])] {
            let mut r = super::super::test_row("t");
            r.date = Some(start);
            r.start = Some(start);
            r.detected = Some(start + Duration::minutes(detect));
            r.tags = tags.into_iter().map(str::to_string).collect();
            rows.push(r);
        }
        rows.push(super::super::test_row("undated"));
        let q = by_quarter(&rows);
        assert_eq!(
            q[0],
            QuarterCount {
                quarter: "2024Q1".into(),
                tag: "dns".into(),
                count: 2
            }
        );
        let t = times(&rows);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].stories, 3);
        assert_eq!(t[0].detect_minutes, Some(10.0));
        assert_eq!(t[0].resolve_minutes, None);
    }

    #[test]
    fn pulse_counts_answers_per_quarter() {
        let at = Utc.with_ymd_and_hms(2025, 11, 3, 0, 0, 0).unwrap();
        let check = |l, w| RetroPulse {
            at,
            check: RetroCheck {
                learned_something: l,
                would_come_again: w,
            },
        };
        let p = pulse(&[check(true, false), check(true, true)]);
        assert_eq!(
            p,
            vec![PulsePoint {
                quarter: "2025Q4".into(),
                retros: 2,
                learned: 2,
                would_come_again: 1
            }]
        );
    }
}
