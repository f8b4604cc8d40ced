//! Benchmark (not a test): load every Python file under a folder and infer every scope of every file
//! that may involve SQLAlchemy, in both views, on all cores.
//! `cargo run --release -p sqla-analysis --example infer_all -- PATH`
use std::time::Instant;

use analysis::{AnalysisHost, Change, Series, Settings};

mod common;

fn main() {
    let root = std::env::args().nth(1).expect("usage: infer_all PATH");
    let _ = rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build_global();
    let started = Instant::now();
    let mut change = Change::default();
    let mut count = 0usize;
    let mut lines = 0usize;
    for (path, text) in common::python_files(&root) {
        lines += text.lines().count();
        count += 1;
        change.set_file(path, text);
    }
    change.roots = Some(vec![root.clone().into()]);
    let mut host = AnalysisHost::new(Settings::for_series(Series::V21));
    host.apply_change(change);
    let loaded = started.elapsed();
    let analysis = host.analysis();
    let files = analysis.files().expect("not cancelled");
    let involved = analysis.involved_files(&files).expect("not cancelled");
    let scopes = analysis.infer_everything(&files).expect("not cancelled");
    println!("{involved} of {} files pass the pre-scan", files.len());
    println!(
        "{count} files, {lines} lines: loaded in {loaded:.0?}, {scopes} scopes inferred (both views) in {:.0?} total",
        started.elapsed()
    );
}
