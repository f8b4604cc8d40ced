//! Every IDE query is cancellable: applying a change while a query runs on an older snapshot
//! cancels it instead of blocking the editor or returning stale results.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use analysis::{AnalysisHost, Change, Series, Settings};

fn big_module(functions: usize) -> String {
    let mut text = String::from("from sqlalchemy import select, func\nfrom app.models import User\n\n");
    for i in 0..functions {
        text.push_str(&format!(
            "def f{i}(session):\n    stmt = select(User.id, func.count(User.id)).where(User.id > {i})\n    reveal_type(stmt)\n\n"
        ));
    }
    text
}

#[test]
fn a_change_cancels_running_queries() {
    let mut host = AnalysisHost::new(Settings::for_series(Series::V21));
    let mut change = Change::default();
    change.set_file("/p/app/__init__.py", "");
    change.set_file(
        "/p/app/models.py",
        "from sqlalchemy.orm import DeclarativeBase, Mapped\nclass Base(DeclarativeBase):\n    pass\nclass User(Base):\n    __tablename__ = 'u'\n    id: Mapped[int]\n",
    );
    change.set_file("/p/app/big.py", big_module(20_000));
    change.roots = Some(vec!["/p".into()]);
    host.apply_change(change);
    let file = host.file("/p/app/big.py").unwrap();

    let analysis = host.analysis();
    let (started_tx, started_rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        started_tx.send(()).unwrap();
        analysis.reveals(file).map(|r| r.len())
    });
    started_rx.recv().unwrap();
    thread::sleep(Duration::from_millis(50));
    // Blocks until the running query has noticed the pending write and let go of its snapshot.
    let mut change = Change::default();
    change.set_file("/p/app/big.py", big_module(1));
    host.apply_change(change);
    let result = worker.join().expect("the worker does not panic");
    assert!(result.is_err(), "the query over the old text was cancelled, got {result:?}");

    // A fresh snapshot answers for the new text.
    assert_eq!(host.analysis().reveals(file).unwrap().len(), 1);
}
