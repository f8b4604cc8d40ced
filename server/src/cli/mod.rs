//! Command-line parsing and dispatch. Each command lives in its own module.

mod fix;
mod hover;
mod lint;
mod reveal;
mod rule;
mod schema;
mod stats;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::EXIT_ERROR;

#[derive(Parser)]
#[command(name = "sqla", version, about = "Types and checks for Python code that uses SQLAlchemy")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the type of every `reveal_type(expr)` call.
    Reveal(RevealArgs),
    /// Print the hover text for the expression at FILE:LINE:COL (1-based line and column).
    Hover(HoverArgs),
    /// Check a project with the rules; exit 1 when there are findings.
    Lint(LintArgs),
    /// Apply fixes to a fixed point (safe ones; `--unsafe` for all).
    Fix(FixArgs),
    /// Print the schema: every mapped class and Core `Table`, as JSON or a diagram.
    Schema(SchemaArgs),
    /// Count models, columns, relationships and legacy API sites; print the 2.x-readiness score.
    Stats(StatsArgs),
    /// Show the rule table, or one rule's documentation.
    Rule {
        /// A rule's name or code.
        rule: Option<String>,
    },
    /// Run the language server on stdin/stdout (for editors).
    Server,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LintFormat {
    Text,
    Concise,
    Json,
    JsonLines,
    Sarif,
    Github,
    Gitlab,
    Junit,
}

#[derive(clap::Args)]
struct FixArgs {
    /// Files or folders to fix (default: the current folder).
    paths: Vec<PathBuf>,
    /// Apply unsafe fixes too (they need review).
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print a unified diff and write nothing; exit 1 when there is something to fix.
    #[arg(long)]
    diff: bool,
    /// Only these rules' fixes.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Not these rules' fixes.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args)]
struct LintArgs {
    /// Files or folders to check (default: the current folder).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
    /// Rules to run: codes, code prefixes, families, names or ALL (comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Print how many findings each rule has.
    #[arg(long)]
    statistics: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RevealFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct RevealArgs {
    /// Files or folders to report on (default: the current folder).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = RevealFormat::Text)]
    format: RevealFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum SchemaFormat {
    Json,
    Mermaid,
    Dot,
    Svg,
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Files or folders whose models and tables to show (default: the current folder).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
    format: SchemaFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args)]
struct StatsArgs {
    /// Files or folders to count (default: the current folder).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = RevealFormat::Text)]
    format: RevealFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args)]
struct HoverArgs {
    /// FILE:LINE:COL, 1-based; COL counts characters. Several positions (in one project) are
    /// answered from one load of the project.
    #[arg(required = true)]
    positions: Vec<String>,
    /// `json`: one line per position, `{"position", "markdown"}` (`null` when there is nothing).
    #[arg(long, value_enum, default_value_t = RevealFormat::Text)]
    format: RevealFormat,
    /// Leave out the type line a type checker's hover shows (as beside Pylance or pyright).
    #[arg(long)]
    no_type_line: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args)]
pub(crate) struct CommonArgs {
    /// The SQLAlchemy series to follow (default: detected from the project).
    #[arg(long, value_name = "1.4|2.0|2.1")]
    sqlalchemy: Option<String>,
    /// Say which SQLAlchemy series is used and why, and how long analysis took.
    #[arg(long, short)]
    verbose: bool,
    /// Do not assume types for unannotated parameters from their names (`session`, `user`).
    #[arg(long)]
    no_assume_parameter_types: bool,
}

impl CommonArgs {
    /// The command line's `assume-parameter-types`, when it says one.
    fn assume(&self) -> Option<bool> {
        self.no_assume_parameter_types.then_some(false)
    }
}

pub fn run() -> i32 {
    // Analysis recursion is bounded, but generated code can still be deep: give workers room.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(16 << 20).build_global();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { EXIT_ERROR } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Reveal(args) => reveal::run(&args),
        Command::Hover(args) => hover::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Rule { rule } => rule::run(rule.as_deref()),
        Command::Server => Ok(crate::lsp::run()),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sqla: error: {err:#}");
            EXIT_ERROR
        }
    }
}
