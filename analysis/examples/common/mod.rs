//! What the benchmark examples share: the Python files under a folder.

/// Every `.py` file under `root`, as (path, text); unreadable bytes are replaced, not fatal.
pub fn python_files(root: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
                out.push((path.to_string_lossy().into_owned(), text));
            }
        }
    }
    out
}
