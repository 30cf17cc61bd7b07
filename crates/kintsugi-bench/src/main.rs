//! `kintsugi-bench`: generate stories, run the benchmark and write its
//! report, or time one hook (brief, team sync) and print its section. See
//! `docs/benchmarks.md` for what it measures and how.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kintsugi_bench::corpus::{self, Sentences, Source};
use kintsugi_bench::figures::{gib, say, thousands};
use kintsugi_bench::generate::{self, Generator};
use kintsugi_bench::hooks::{self, HookFigures, HookSetup};
use kintsugi_bench::kintsugi::Cli;
use kintsugi_bench::machine::Machine;
use kintsugi_bench::measure::Plan;
use kintsugi_bench::report::Report;
use kintsugi_bench::run::{self, Options};
use kintsugi_bench::Result;

/// Kintsugi's benchmark against SQLite FTS5 and grep.
#[derive(Debug, Parser)]
#[command(name = "kintsugi-bench", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write N generated postmortems into DIR
    Generate {
        /// Folder to write into (created if missing)
        dir: PathBuf,
        /// How many stories
        #[arg(long, default_value_t = 1000)]
        stories: usize,
        /// Generator seed
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Corpus of postmortems whose sentences are recombined
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
    },
    /// Run the benchmark and print (and optionally write) the report
    Run(RunArgs),
    /// Time the brief for a typical diff against a 10k library; print its table
    Brief {
        /// Unified diff to brief on [default: the committed typical diff]
        #[arg(long, value_name = "FILE")]
        diff: Option<PathBuf>,
        /// Most interleaved rounds (or 30 s)
        #[arg(long, default_value_t = 40)]
        repeat: usize,
        #[command(flatten)]
        hook: HookArgs,
    },
    /// Time team sync on a 10k team library; print its table
    TeamSync {
        /// Rounds of one changed story
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Fresh libraries connected to the remote
        #[arg(long, default_value_t = 3)]
        connects: usize,
        #[command(flatten)]
        hook: HookArgs,
    },
}

/// What the hook subcommands share.
#[derive(Debug, clap::Args)]
struct HookArgs {
    /// Stories in the library
    #[arg(long, default_value_t = hooks::HOOK_STORIES)]
    stories: usize,
    /// Folder for the stories and libraries [default: the temporary folder]
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// Keep the stories and libraries afterwards
    #[arg(long)]
    keep: bool,
    /// Generator seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The kintsugi binary [default: beside this one]
    #[arg(long, value_name = "PATH")]
    kintsugi: Option<PathBuf>,
    /// Corpus of postmortems whose sentences are recombined
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
}

impl HookArgs {
    fn setup(self) -> Result<HookSetup> {
        if self.stories == 0 {
            return Err("--stories needs a size above 0".into());
        }
        let cli = Cli::locate(self.kintsugi.as_deref())?;
        let work = self.work.unwrap_or_else(std::env::temp_dir);
        let mut setup = HookSetup::new(&work, self.seed, load_sentences(self.corpus), cli);
        setup.stories = self.stories;
        setup.keep = self.keep;
        Ok(setup)
    }
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Library sizes, comma-separated (with 10000, the brief and team sync hooks run too)
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    stories: Vec<usize>,
    /// 1k and 2k stories, few repetitions: well under a minute
    #[arg(long)]
    quick: bool,
    /// Write the Markdown report here (e.g. docs/benchmarks.md)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Most repetitions of each in-process measurement
    #[arg(long, default_value_t = 200)]
    repeat: usize,
    /// Most repetitions of each whole-process measurement
    #[arg(long, default_value_t = 30)]
    process_repeat: usize,
    /// Seconds after which an in-process measurement stops repeating
    #[arg(long, default_value_t = 20.0)]
    budget: f64,
    /// Seconds after which a whole-process measurement stops repeating
    #[arg(long, default_value_t = 30.0)]
    process_budget: f64,
    /// Import rounds per size [default: 3 up to 10k stories, 1 above]
    #[arg(long)]
    import_rounds: Option<usize>,
    /// Generator seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder for stories and libraries [default: a temporary folder]
    #[arg(long, value_name = "DIR")]
    work: Option<PathBuf>,
    /// Keep the stories and libraries afterwards
    #[arg(long)]
    keep: bool,
    /// The kintsugi binary [default: beside this one]
    #[arg(long, value_name = "PATH")]
    kintsugi: Option<PathBuf>,
    /// Corpus of postmortems whose sentences are recombined
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
}

fn main() -> ExitCode {
    match dispatch(Args::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kintsugi-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Generate {
            dir,
            stories,
            seed,
            corpus,
        } => {
            let sentences = load_sentences(corpus);
            let generator = Generator::new(seed, sentences);
            let files = generate::write_stories(&generator, &dir, stories)?;
            say(&format!(
                "wrote {} stories into {} ({})",
                thousands(files.len()),
                dir.display(),
                describe(generator.sentences())
            ));
        }
        Command::Run(run_args) => run_benchmark(run_args)?,
        Command::Brief { diff, repeat, hook } => {
            let mut setup = hook.setup()?;
            setup.plan.repeat = repeat;
            let figures = hooks::brief(&setup, diff.as_deref())?;
            print_hook(&figures);
        }
        Command::TeamSync {
            rounds,
            connects,
            hook,
        } => {
            let mut setup = hook.setup()?;
            setup.rounds = rounds;
            setup.connects = connects;
            let figures = hooks::team_sync(&setup)?;
            print_hook(&figures);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A hook's figures in the terminal, then its Markdown section with the
/// machine it ran on, ready for `docs/benchmarks.md`.
fn print_hook(figures: &HookFigures) {
    say(&hooks::describe(figures));
    let m = Machine::detect();
    say(&format!(
        "\n{}Measured {} on {} ({} cores, {}), {}, commit `{}`; command `{}`.\n",
        hooks::report_section(std::slice::from_ref(figures)),
        m.date,
        m.cpu,
        m.cores,
        gib(m.ram),
        if m.release {
            "release build"
        } else {
            "debug build: not comparable"
        },
        m.commit,
        command_line()
    ));
}

fn run_benchmark(a: RunArgs) -> Result<()> {
    let secs = |s: f64| Duration::from_secs_f64(s.max(0.0));
    let (sizes, in_process, process, import_rounds) = if a.quick {
        (
            vec![1_000, 2_000],
            Plan {
                repeat: 20,
                budget: secs(1.0),
            },
            Plan {
                repeat: 5,
                budget: secs(1.0),
            },
            Some(1),
        )
    } else {
        (
            a.stories.clone(),
            Plan {
                repeat: a.repeat,
                budget: secs(a.budget),
            },
            Plan {
                repeat: a.process_repeat,
                budget: secs(a.process_budget),
            },
            a.import_rounds,
        )
    };
    if sizes.is_empty() || sizes.contains(&0) {
        return Err("--stories needs one or more sizes above 0".into());
    }
    let cli = Cli::locate(a.kintsugi.as_deref())?;
    let temp;
    let work = match &a.work {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("kintsugi-bench-")
                .tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let sentences = load_sentences(a.corpus.clone());
    let corpus = describe(&sentences);
    say(&format!(
        "kintsugi-bench: {} ({corpus}); kintsugi binary {}",
        work.display(),
        cli.binary.display()
    ));
    let options = Options {
        sizes,
        seed: a.seed,
        in_process,
        process,
        import_rounds,
        work,
        keep: a.keep,
        cli,
    };
    let machine = Machine::detect();
    let sizes = run::run(&options, sentences.clone())?;
    let hooks = run::hooks(&options, sentences)?;
    let report = Report {
        machine,
        command: command_line(),
        corpus,
        seed: a.seed,
        sizes,
        hooks,
    };
    let markdown = report.markdown();
    if let Some(out) = &a.out {
        std::fs::write(out, &markdown)?;
        say(&format!("report written to {}", out.display()));
    } else {
        say(&markdown);
    }
    Ok(())
}

fn load_sentences(corpus: Option<PathBuf>) -> Sentences {
    let dir = corpus.unwrap_or_else(corpus::default_dir);
    Sentences::load(Some(&dir))
}

fn describe(sentences: &Sentences) -> String {
    match &sentences.source {
        Source::Corpus(dir) => format!(
            "{} sentences of the public corpus `{}`",
            thousands(sentences.all.len()),
            dir.file_name().unwrap_or_default().to_string_lossy()
        ),
        Source::Fallback => format!(
            "{} sentences of built-in fallback prose, the corpus was not found",
            sentences.all.len()
        ),
    }
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    format!("kintsugi-bench {}", args.join(" "))
}
