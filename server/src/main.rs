//! `sqla`: the command-line interface of sqla-analyzer.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
