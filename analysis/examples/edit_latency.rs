//! Benchmark (not a test): the analysis half of "edit → diagnostics". Loads every Python file under
//! a folder, computes every file's diagnostics once (as the language server does after indexing),
//! opens FILE (and re-checks the workspace, as the server does), then appends a line with a
//! finding (`select([...])`, SQA105) to FILE again and again, recomputing FILE's diagnostics
//! after each edit.
//! `cargo run --release -p sqla-analysis --example edit_latency -- PATH FILE [ROUNDS]`
use std::time::{Duration, Instant};

use analysis::{AnalysisHost, Change, Series, Settings};

mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(edited)) = (args.next(), args.next()) else {
        panic!("usage: edit_latency PATH FILE [ROUNDS]")
    };
    let rounds: usize = args.next().map_or(200, |r| r.parse().expect("ROUNDS is a number"));
    // What the appended lines select: any expression does, `select([...])` is the finding.
    let column = std::env::var("COLUMN").unwrap_or_else(|_| "Item60.id".to_owned());
    // Canonical like FILE below, so the edited file is the loaded one, not a second copy.
    let root = std::fs::canonicalize(&root).expect("PATH exists").to_string_lossy().into_owned();
    let mut change = Change::default();
    for (path, text) in common::python_files(&root) {
        change.set_file(path, text);
    }
    change.roots = Some(vec![root.clone().into()]);
    let mut host = AnalysisHost::new(Settings::for_series(Series::V21));
    host.apply_change(change);
    let edited = std::fs::canonicalize(&edited).expect("FILE exists").to_string_lossy().into_owned();
    let mut text = std::fs::read_to_string(&edited).expect("FILE is text");
    let started = Instant::now();
    {
        let analysis = host.analysis();
        let files = analysis.files().expect("not cancelled");
        analysis.diagnostics_in(&files).expect("not cancelled");
    }
    println!("every file's diagnostics: {:.0?}", started.elapsed());
    {
        // Opened in an editor: the file's text becomes non-durable (what the server does at didOpen).
        let mut change = Change::default();
        change.set_edited_file(edited.clone(), text.clone());
        host.apply_change(change);
        let t = Instant::now();
        let analysis = host.analysis();
        let files = analysis.files().expect("not cancelled");
        analysis.diagnostics_in(&files).expect("not cancelled");
        println!("opened: every file's diagnostics again in {:.0?}", t.elapsed());
    }
    let mut times: Vec<Duration> = Vec::with_capacity(rounds);
    for i in 0..rounds {
        text.push_str(&format!("\nrows_{i} = select([{column}])\n"));
        let t = Instant::now();
        let mut change = Change::default();
        change.set_edited_file(edited.clone(), text.clone());
        host.apply_change(change);
        let analysis = host.analysis();
        let file = analysis.file(&edited).expect("not cancelled").expect("FILE is loaded");
        let found = analysis.diagnostics(file).expect("not cancelled").len();
        times.push(t.elapsed());
        assert!(found > i, "each edit adds a finding");
    }
    let mut sorted = times.clone();
    sorted.sort();
    let pct = |p: f64| sorted[((p / 100.0) * (sorted.len() - 1) as f64).round() as usize];
    println!("edit → diagnostics of {edited}: p50 {:.2?}  p99 {:.2?}  max {:.2?}", pct(50.0), pct(99.0), pct(100.0));
    let chunk = rounds.div_ceil(5).max(1);
    for (n, part) in times.chunks(chunk).enumerate() {
        let mean = part.iter().sum::<Duration>() / part.len() as u32;
        println!("  edits {:>4}..{:<4} mean {mean:.2?}", n * chunk, n * chunk + part.len());
    }
}
