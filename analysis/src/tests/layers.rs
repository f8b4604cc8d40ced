//! Dependencies point one way: what the layers below the IDE features may not import.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of the sources under `folder` (of `analysis/src`) that name `module`.
fn uses_of(folder: &str, module: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join(folder), &mut files);
    let single = root.join(format!("{folder}.rs"));
    if single.exists() {
        files.push(single);
    }
    let needle = format!("crate::{module}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            if line.contains(&needle) {
                found.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn rules_and_semantics_do_not_import_ide() {
    // Rules read `semantics`, as the IDE features do; `ide` is for editors and the CLI only.
    assert_eq!(uses_of("rules", "ide"), Vec::<String>::new());
    assert_eq!(uses_of("semantics", "ide"), Vec::<String>::new());
    assert_eq!(uses_of("infer", "semantics"), Vec::<String>::new());
}
