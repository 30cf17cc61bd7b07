//! The figures of a run, as measured (p50/p99 with sample counts, import
//! times, matches, memory, disk), and how numbers read in the terminal and
//! the report. Ratios are Kintsugi's time divided by the peer's: above 1
//! Kintsugi is slower, below 1 faster.

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

use crate::classes::QueryClass;
use crate::measure::Samples;

/// Prints one line of figures on standard output.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// p50 and p99 of a repeated measurement.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Median CPU time of the measuring thread (see [`Samples::cpu`]).
    pub cpu_p50: Duration,
    /// 99th percentile of that CPU time.
    pub cpu_p99: Duration,
    /// Samples taken.
    pub samples: usize,
}

impl From<&Samples> for Figure {
    fn from(s: &Samples) -> Figure {
        Figure {
            p50: s.p50(),
            p99: s.p99(),
            cpu_p50: s.cpu_quantile(0.5),
            cpu_p99: s.cpu_quantile(0.99),
            samples: s.times.len(),
        }
    }
}

impl Figure {
    /// `p50 1.23 ms, p99 4.56 ms (n=200)`: wall time.
    pub fn describe(&self) -> String {
        format!(
            "p50 {}, p99 {} (n={})",
            ms(self.p50),
            ms(self.p99),
            self.samples
        )
    }

    /// Wall and CPU time, for work done in this process.
    pub fn describe_with_cpu(&self) -> String {
        format!(
            "p50 {}, p99 {}; CPU p50 {}, p99 {} (n={})",
            ms(self.p50),
            ms(self.p99),
            ms(self.cpu_p50),
            ms(self.cpu_p99),
            self.samples
        )
    }
}

/// One import contender.
#[derive(Debug, Clone)]
pub struct ImportFigure {
    /// Contender.
    pub name: &'static str,
    /// Median wall time over the rounds.
    pub median: Duration,
    /// Rounds run.
    pub rounds: usize,
    /// Stories imported.
    pub stories: usize,
    /// Peak memory of the process, where measured.
    pub rss: Option<u64>,
}

impl ImportFigure {
    /// Stories per second.
    pub fn rate(&self) -> f64 {
        self.stories as f64 / self.median.as_secs_f64().max(1e-9)
    }
}

/// Figures of one query class.
#[derive(Debug, Clone)]
pub struct ClassResult {
    /// The class.
    pub class: QueryClass,
    /// Matching stories: Kintsugi's total, FTS5's count, grep's files.
    pub hits: [Option<usize>; 3],
    /// In process: Kintsugi, FTS5.
    pub in_process: [Figure; 2],
    /// Whole process: `kintsugi search`, `sqlite3`, grep.
    pub process: [Option<Figure>; 3],
}

impl ClassResult {
    /// One line for the terminal.
    pub fn describe(&self) -> String {
        let [k, f] = &self.in_process;
        let mut line = format!(
            "{:<24} in process: Kintsugi {} | FTS5 {} | ratio {}, by CPU {}",
            self.class.name,
            k.describe_with_cpu(),
            f.describe_with_cpu(),
            ratio(k.p50, f.p50),
            ratio(k.cpu_p50, f.cpu_p50)
        );
        if let [Some(kp), Some(sp), grep] = &self.process {
            let _ = write!(
                line,
                "\n{:<24} as process: kintsugi {} | sqlite3 {} | ratio {}",
                "",
                ms(kp.p50),
                ms(sp.p50),
                ratio(kp.p50, sp.p50)
            );
            if let Some(g) = grep {
                let _ = write!(
                    line,
                    " | grep {} | ratio {}",
                    ms(g.p50),
                    ratio(kp.p50, g.p50)
                );
            }
        }
        let _ = write!(line, "\n{:<24} matches: {}", "", self.hits_text());
        line
    }

    /// `Kintsugi 12 / FTS5 12 / grep 11`.
    pub fn hits_text(&self) -> String {
        let n = |h: Option<usize>| h.map_or("—".to_string(), thousands);
        format!(
            "Kintsugi {} / FTS5 {} / grep {}",
            n(self.hits[0]),
            n(self.hits[1]),
            n(self.hits[2])
        )
    }
}

/// Everything measured at one library size.
#[derive(Debug, Clone)]
pub struct SizeResult {
    /// 1-minute load average of the machine when this size began and ended.
    pub load: (f64, f64),
    /// Stories.
    pub stories: usize,
    /// Bytes of generated Markdown.
    pub bytes: u64,
    /// Time to generate them.
    pub generate: Duration,
    /// Import contenders.
    pub imports: Vec<ImportFigure>,
    /// Time to export them as Markdown for grep.
    pub export: Duration,
    /// Query classes.
    pub classes: Vec<ClassResult>,
    /// `Library::related`.
    pub related: Figure,
    /// `Library::open` of an up-to-date library.
    pub open: Figure,
    /// `Library::stats`.
    pub stats_in_process: Figure,
    /// `kintsugi stats` process.
    pub stats_process: Figure,
    /// `kintsugi insights` process with no cached insights: the whole analysis.
    pub insights_fresh: Figure,
    /// `kintsugi insights` process reading the insights the last one cached.
    pub insights_cached: Figure,
    /// Peak resident memory per process.
    pub rss: Vec<(String, Option<u64>)>,
    /// Bytes on disk per store.
    pub disk: Vec<(String, u64)>,
}

/// Milliseconds with precision that suits the size.
pub fn ms(d: Duration) -> String {
    let v = millis(d);
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

/// Milliseconds as a number.
pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `×2.3` (Kintsugi takes 2.3 times as long) from two durations.
pub fn ratio(kintsugi: Duration, peer: Duration) -> String {
    if peer.is_zero() {
        return "—".to_string();
    }
    let r = kintsugi.as_secs_f64() / peer.as_secs_f64();
    if r >= 10.0 {
        format!("×{r:.0}")
    } else {
        format!("×{r:.2}")
    }
}

/// Bytes as GiB for people.
pub fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

/// `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as MiB for people.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(ms(Duration::from_micros(1_234)), "1.23 ms");
        assert_eq!(ms(Duration::from_millis(1_300)), "1300 ms");
        assert_eq!(
            ratio(Duration::from_millis(30), Duration::from_millis(2)),
            "×15"
        );
        assert_eq!(
            ratio(Duration::from_millis(1), Duration::from_millis(2)),
            "×0.50"
        );
        assert_eq!(ratio(Duration::from_millis(1), Duration::ZERO), "—");
    }
}
