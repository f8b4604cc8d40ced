//! The analysis host lives on a thread of its own. Changes and snapshot requests go through one
//! channel, so a snapshot always reflects every change sent before it, in arrival order; applying a
//! change cancels the queries still running on older snapshots (salsa waits for them to unwind).

use std::sync::mpsc;

use analysis::{Analysis, AnalysisHost, Change, Settings};
use tokio::sync::oneshot;

enum Task {
    Apply(Change),
    Snapshot(oneshot::Sender<Analysis>),
}

#[derive(Clone)]
pub struct Worker {
    tasks: mpsc::Sender<Task>,
}

impl Worker {
    pub fn start(settings: Settings) -> Worker {
        let (tasks, inbox) = mpsc::channel::<Task>();
        std::thread::Builder::new()
            .name("sqla-analysis-host".to_owned())
            .stack_size(16 << 20)
            .spawn(move || {
                let mut host = AnalysisHost::new(settings);
                while let Ok(task) = inbox.recv() {
                    match task {
                        Task::Apply(change) => host.apply_change(change),
                        Task::Snapshot(reply) => {
                            let _ = reply.send(host.analysis());
                        }
                    }
                }
            })
            .expect("spawn the analysis thread");
        Worker { tasks }
    }

    /// Queues a change; never blocks.
    pub fn apply(&self, change: Change) {
        let _ = self.tasks.send(Task::Apply(change));
    }

    /// A snapshot taken after every change queued so far. `None` once the host thread is gone.
    pub async fn snapshot(&self) -> Option<Analysis> {
        let (reply, answer) = oneshot::channel();
        self.tasks.send(Task::Snapshot(reply)).ok()?;
        answer.await.ok()
    }
}
