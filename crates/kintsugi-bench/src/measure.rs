//! Timing on a noisy shared machine: contenders are interleaved round by
//! round (rotating who goes first), each measured many times after a
//! warm-up, and summarised by median (p50) and p99, never by a mean. A
//! measurement stops after its repetitions or its time budget, whichever
//! comes first, but never below [`MIN_SAMPLES`]; the sample count is
//! reported beside each figure so a p99 from few samples reads as such.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// Fewest samples taken of anything timed repeatedly.
pub const MIN_SAMPLES: usize = 5;

/// How often and how long to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Most rounds.
    pub repeat: usize,
    /// Stop starting rounds after this much time (at least [`MIN_SAMPLES`] rounds run).
    pub budget: Duration,
}

/// Timings of one contender.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// Each run's wall time.
    pub times: Vec<Duration>,
    /// Each run's CPU time on the measuring thread. On a loaded machine this
    /// stays close to what the wall time would be on an idle one, for work
    /// done on the calling thread (an in-process search); for a child
    /// process it only counts spawning and waiting.
    pub cpu: Vec<Duration>,
}

impl Samples {
    /// The `q` quantile (0..=1) of wall times by nearest rank; zero when empty.
    pub fn quantile(&self, q: f64) -> Duration {
        quantile(&self.times, q)
    }

    /// Median wall time.
    pub fn p50(&self) -> Duration {
        self.quantile(0.5)
    }

    /// 99th percentile of wall times.
    pub fn p99(&self) -> Duration {
        self.quantile(0.99)
    }

    /// The `q` quantile of CPU times.
    pub fn cpu_quantile(&self, q: f64) -> Duration {
        quantile(&self.cpu, q)
    }
}

fn quantile(values: &[Duration], q: f64) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// CPU time this thread has used so far.
pub fn thread_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(
        t.tv_sec.max(0) as u64,
        t.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

/// A contender: a name and one run of its work.
pub type Contender<'a> = (&'static str, Box<dyn FnMut() -> Result<()> + 'a>);

/// Runs every contender once to warm up, then round after round, each
/// contender once per round with the starting one rotating.
pub fn interleaved(contenders: &mut [Contender<'_>], plan: Plan) -> Result<Vec<Samples>> {
    let mut samples = vec![Samples::default(); contenders.len()];
    for (_, run) in contenders.iter_mut() {
        run()?;
    }
    let started = Instant::now();
    let n = contenders.len();
    for round in 0..plan.repeat.max(MIN_SAMPLES) {
        if round >= MIN_SAMPLES && (round >= plan.repeat || started.elapsed() >= plan.budget) {
            break;
        }
        for k in 0..n {
            let i = (round + k) % n;
            let cpu = thread_cpu();
            let t = Instant::now();
            (contenders[i].1)()?;
            samples[i].times.push(t.elapsed());
            samples[i].cpu.push(thread_cpu().saturating_sub(cpu));
        }
    }
    Ok(samples)
}

/// Runs `command` to completion with its output captured; an error if it
/// fails, naming the command and its stderr.
pub fn run(command: &mut Command) -> Result<Vec<u8>> {
    let out = command.stdin(Stdio::null()).output()?;
    if !out.status.success() {
        return Err(format!(
            "{command:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    Ok(out.stdout)
}

/// Like [`run`] but for grep, whose exit code 1 means "no match", not failure.
pub fn run_grep(command: &mut Command) -> Result<Vec<u8>> {
    let out = command.stdin(Stdio::null()).output()?;
    match out.status.code() {
        Some(0) | Some(1) => Ok(out.stdout),
        // xargs reports 123 when one of its greps found nothing.
        Some(123) => Ok(out.stdout),
        _ => Err(format!(
            "{command:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into()),
    }
}

/// GNU time, which reports a child's peak resident memory (from `wait4`).
const GNU_TIME: &str = "/usr/bin/time";

/// Peak resident memory of `command` in bytes, measured by running it once
/// under GNU time; `None` when GNU time is not installed.
pub fn peak_rss(command: &Command, scratch: &Path) -> Result<Option<u64>> {
    if !Path::new(GNU_TIME).is_file() {
        return Ok(None);
    }
    let report = scratch.join("rss.txt");
    let mut timed = Command::new(GNU_TIME);
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    let out = timed.stdin(Stdio::null()).output()?;
    // grep's "no match" exits 1; anything GNU time could not start is reported.
    if !out.status.success() && out.status.code() != Some(1) {
        return Err(format!(
            "{timed:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    let text = std::fs::read_to_string(&report)?;
    let kib: u64 = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("GNU time wrote no peak memory: {text:?}"))?;
    Ok(Some(kib * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let s = Samples {
            times: (1..=100).rev().map(Duration::from_millis).collect(),
            cpu: vec![Duration::from_millis(3), Duration::from_millis(1)],
        };
        assert_eq!(s.cpu_quantile(0.5), Duration::from_millis(1));
        assert_eq!(s.p50(), Duration::from_millis(50));
        assert_eq!(s.p99(), Duration::from_millis(99));
        assert_eq!(Samples::default().p50(), Duration::ZERO);
    }

    #[test]
    fn interleaves_and_respects_the_minimum() {
        let order = std::cell::RefCell::new(Vec::new());
        let mut contenders: Vec<Contender<'_>> = vec![
            (
                "a",
                Box::new(|| {
                    order.borrow_mut().push('a');
                    Ok(())
                }),
            ),
            (
                "b",
                Box::new(|| {
                    order.borrow_mut().push('b');
                    Ok(())
                }),
            ),
        ];
        let plan = Plan {
            repeat: 1,
            budget: Duration::ZERO,
        };
        let samples = interleaved(&mut contenders, plan).unwrap();
        drop(contenders);
        assert_eq!(samples[0].times.len(), MIN_SAMPLES);
        assert_eq!(samples[1].times.len(), MIN_SAMPLES);
        assert_eq!(samples[1].cpu.len(), MIN_SAMPLES);
        let order: String = order.into_inner().into_iter().collect();
        assert_eq!(&order[..6], "ababba", "warm-up, then rotating rounds");
    }

    #[test]
    fn thread_cpu_time_counts_work_not_sleep() {
        let before = thread_cpu();
        std::thread::sleep(Duration::from_millis(30));
        let slept = thread_cpu() - before;
        assert!(slept < Duration::from_millis(30), "{slept:?}");
        let before = thread_cpu();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        assert!(thread_cpu() > before);
    }

    #[test]
    fn peak_memory_of_a_child_process() {
        let dir = tempfile::tempdir().unwrap();
        if let Some(bytes) = peak_rss(&Command::new("true"), dir.path()).unwrap() {
            assert!(bytes > 0);
        }
    }
}
