//! Benchmark (not a test): tree-sitter parse speed over every Python file under a folder.
//! `cargo run --release -p sqla-analysis --example parse_speed -- PATH`
use std::time::Instant;

mod common;

fn main() {
    let root = std::env::args().nth(1).expect("usage: parse_speed PATH");
    let texts: Vec<String> = common::python_files(&root).into_iter().map(|(_, text)| text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    let mut slowest = Vec::new();
    for text in texts {
        let len = text.len();
        let one = Instant::now();
        let parsed = analysis::syntax::parse_text(text.into());
        std::hint::black_box(parsed.root().child_count());
        slowest.push((one.elapsed(), len, parsed.root().has_error()));
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (time, len, error) in slowest.iter().take(5) {
        println!("  {time:.2?} for {len} bytes (errors: {error})");
    }
    let elapsed = started.elapsed();
    println!("{bytes} bytes in {elapsed:.2?}: {:.1} MB/s", bytes as f64 / 1e6 / elapsed.as_secs_f64());
}
