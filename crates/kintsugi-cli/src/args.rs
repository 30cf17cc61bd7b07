//! Command-line arguments. The shapes here are a contract relied on by
//! scripts (see `docs/cli.md`): add options, never change existing ones.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A local-first library of postmortems and war stories.
#[derive(Debug, Parser)]
#[command(
    name = "kintsugi",
    version,
    about = "Kintsugi: your team's postmortems and war stories, searchable, on your machine.",
    long_about = "Kintsugi keeps the lessons of past incidents in one fast, private, searchable \
                  library: import postmortems, search them by text and tag, read their lessons \
                  and open action items, check wording for blame, and share anonymised copies. \
                  Before a risky change, `kintsugi brief` (or its git hook) shows the past \
                  incidents the change resembles; `kintsugi team` shares the library through \
                  any git remote.",
    after_help = "Examples:\n  kintsugi sample                      load the built-in sample stories\n  \
                  kintsugi search 'tag:migrations lock'\n  kintsugi show 1f3a5b2c              \
                  an id from any listing\n  kintsugi actions --open --overdue\n\n\
                  The library is $KINTSUGI_LIBRARY, else ~/.local/share/kintsugi; see `docs/cli.md`."
)]
pub struct Args {
    /// Library folder [default: $KINTSUGI_LIBRARY, else the platform data directory, e.g. ~/.local/share/kintsugi]
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import Markdown files and folders (recursively)
    Import {
        /// Files or folders
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Search stories: words, "phrases", -exclude, tag:, company:, severity:, after:, before:
    Search {
        /// The query; several words are joined with spaces. Quote a query that
        /// starts with `-` (or put `--` before it): `kintsugi search -- -redis cache`
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Most hits to show
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Order of hits
        #[arg(long, value_enum, default_value_t = Sort::Relevance)]
        sort: Sort,
        /// Print results as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one story
    Show {
        /// Story id (or its first characters)
        id: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
    },
    /// Stories like the given one
    Related {
        /// Story id (or its first characters)
        id: String,
        /// Most stories to show
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Revisions of a story, newest first
    History {
        /// Story id (or its first characters)
        id: String,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Make an earlier revision current again (history is kept)
    Revert {
        /// Story id (or its first characters)
        id: String,
        /// Revision number (see `history`)
        revision: u32,
    },
    /// Move a story to the trash
    Delete {
        /// Story id (or its first characters)
        id: String,
    },
    /// Bring a story back from the trash
    Restore {
        /// Story id (or its first characters)
        id: String,
    },
    /// List the trash
    Trash {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Delete a trashed story for good
    Purge {
        /// Story id (or its first characters)
        id: String,
    },
    /// Export all stories into a folder
    Export {
        /// Folder to write into (created if missing)
        dir: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
        /// Anonymise every story (library glossary plus --person and --glossary)
        #[arg(long)]
        anonymise: bool,
        /// A person's name to replace (repeatable; with --anonymise)
        #[arg(long = "person", value_name = "NAME", requires = "anonymise")]
        people: Vec<String>,
        /// Glossary file, JSON or YAML (people, customers, companies, products, allow; with --anonymise)
        #[arg(long, value_name = "FILE", requires = "anonymise")]
        glossary: Option<PathBuf>,
    },
    /// Load the built-in sample stories
    Sample,
    /// Tags with their counts
    Tags {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Count stories, trash and tags
    Stats {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// What the library teaches: luck, recurring themes, follow-through, trends
    Insights {
        /// Print as JSON
        #[arg(long)]
        json: bool,
        /// Write the insights as one self-contained HTML report to FILE
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        html: Option<PathBuf>,
    },
    /// Earlier stories whose contributing factors, lucky notes or surprises are like TEXT
    SeenBefore {
        /// The note being written
        text: String,
        /// Most stories to list
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Compare the search index with the database
    Check {
        /// Rebuild the index if anything is off
        #[arg(long)]
        repair: bool,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output
    Man,
    /// Find blame and hindsight language in a postmortem (FILE, or - for stdin)
    Lint {
        /// Markdown file to read; `-` or nothing reads standard input
        file: Option<PathBuf>,
        /// A person involved (repeat); their names as the subject of a failure are flagged
        #[arg(long = "participant", value_name = "NAME")]
        participants: Vec<String>,
        /// Print findings as JSON
        #[arg(long)]
        json: bool,
    },
    /// Replace people, contacts, hosts, companies and products in a story (FILE, or - for stdin)
    Anonymise {
        /// Markdown file to read (front matter optional); `-` or nothing reads standard input
        file: Option<PathBuf>,
        /// A person's name to replace (repeat)
        #[arg(long = "person", value_name = "NAME")]
        people: Vec<String>,
        /// Glossary file, JSON or YAML (people, customers, companies, products, allow)
        #[arg(long, value_name = "FILE")]
        glossary: Option<PathBuf>,
        /// Print {markdown, replacements} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Action items of all stories
    Actions {
        /// Only open items
        #[arg(long, conflicts_with = "done")]
        open: bool,
        /// Only done items
        #[arg(long)]
        done: bool,
        /// Owner role contains this text
        #[arg(long, value_name = "ROLE")]
        owner: Option<String>,
        /// Only stories with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only open items past their due date
        #[arg(long)]
        overdue: bool,
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark an action item done (a new revision of its story)
    ActionDone {
        /// Story id (or its first characters)
        id: String,
        /// Position of the item, as `actions` shows it (starting at 1)
        number: usize,
    },
    /// Mark an action item open again
    ActionReopen {
        /// Story id (or its first characters)
        id: String,
        /// Position of the item, as `actions` shows it (starting at 1)
        number: usize,
    },
    /// Write a consistent copy of the library database to FILE
    Backup {
        /// Backup file to create
        file: PathBuf,
    },
    /// Replace the library with a backup (the current state is kept in backups/)
    RestoreBackup {
        /// Backup file to restore
        file: PathBuf,
    },
    /// Before a risky change: the past incidents, lessons and open actions that apply to it
    Brief(crate::brief::BriefArgs),
    /// Install or remove the git hook that briefs every push or commit
    Hook(crate::hook::HookArgs),
    /// Share this library with a team through a git repository (docs/team.md)
    Team {
        /// What to do with the team connection.
        #[command(subcommand)]
        command: crate::team::TeamCommand,
    },
    /// Sync with the team repository: send local changes, merge the team's
    Sync {
        /// Print {pulled, pushed, merged, conflicts} as JSON
        #[arg(long)]
        json: bool,
    },
    /// Fields both you and the team changed: your value and the team's
    Conflicts {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict: keep your value (--mine) or the team's (--theirs)
    Resolve {
        /// Story id (or its first characters)
        id: String,
        /// The field, as `conflicts` shows it (e.g. title, body, extra.reviewed_by)
        field: String,
        /// Put your value back into the story (a new revision, synced next time)
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        mine: bool,
        /// Keep the team's value
        #[arg(long)]
        theirs: bool,
    },
}

/// Output formats for `show` and `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown with YAML front matter
    Md,
    /// JSON
    Json,
    /// Self-contained HTML
    Html,
}

/// Hit order for `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Best match first
    Relevance,
    /// Most recent incident first
    Newest,
    /// Oldest incident first
    Oldest,
}
