//! `sqla`: the command-line interface of sqla-analyzer.

mod cli;
mod lsp;

fn main() {
    std::process::exit(cli::run());
}
