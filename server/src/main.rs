//! `sqla`: the command-line interface of sqla-analyzer.

mod cli;
mod diagram;
mod lsp;
mod project;

/// Exit code for usage and I/O errors (0 and 1 are results).
pub const EXIT_ERROR: i32 = 2;

fn main() {
    std::process::exit(cli::run());
}
