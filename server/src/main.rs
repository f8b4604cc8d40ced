//! `sqla`: the command-line interface of sqla-analyzer.

mod cli;
mod diagram;
mod lsp;

fn main() {
    std::process::exit(cli::run());
}
