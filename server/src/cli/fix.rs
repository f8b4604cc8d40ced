//! `sqla fix`: apply fixes to a fixed point. Never writes a file that parses worse than before, never
//! writes a file whose bytes are not exactly the text analysed (invalid UTF-8, changed on disk), and
//! writes atomically (a temporary file renamed over the original).

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use analysis::rules::{Diagnostic, Fix, Selection, apply_edits, choose_fixes};
use analysis::syntax::syntax_error_count;
use analysis::{Change, FileId};
use anyhow::{Context, Result, anyhow, bail};

use super::FixArgs;
use crate::project::workspace::{self, display_path};
use crate::project::{Filter, Setup};

/// Rounds of fixing before giving up on reaching a fixed point.
const MAX_ROUNDS: usize = 12;

pub fn run(args: &FixArgs) -> Result<i32> {
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let setup = Setup::load(&first, args.common.sqlalchemy.as_deref())?;
    // What `sqla lint` shows is what gets fixed: the same selection and per-file ignores.
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone(), ..Selection::default() };
    let filter = Filter::new(&setup.config, Some(setup.root.clone()), &selection);
    let unknown = filter.selection.unknown();
    if !unknown.is_empty() {
        bail!("unknown rule selector(s): {}; see `sqla rule`", unknown.join(", "));
    }
    let mut ws = workspace::load(
        &args.paths,
        setup.settings(args.common.assume()),
        setup.installed.clone(),
        workspace::LibraryScope::Models,
    )?;
    let requested = ws.requested.clone();
    let writable: HashSet<FileId> = requested.iter().copied().collect();

    // Original texts, and files we must not write.
    let analysis = ws.host.analysis();
    let mut originals: BTreeMap<PathBuf, (FileId, String)> = BTreeMap::new();
    for &file in &requested {
        let path = PathBuf::from(&*analysis.path(file).map_err(|e| anyhow!("{e}"))?);
        let text = analysis.text(file).map_err(|e| anyhow!("{e}"))?.to_string();
        originals.insert(path, (file, text));
    }
    drop(analysis);

    let mut current: BTreeMap<PathBuf, String> = originals.iter().map(|(p, (_, t))| (p.clone(), t.clone())).collect();
    let mut refused: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut applied_total = 0;
    for _ in 0..MAX_ROUNDS {
        let analysis = ws.host.analysis();
        let results = analysis.diagnostics_in(&requested).map_err(|e| anyhow!("{e}"))?;
        let mut diagnostics = Vec::new();
        for (file, found) in results {
            let path = analysis.path(file).map_err(|e| anyhow!("{e}"))?;
            diagnostics.extend(filter.apply(&path, &found).into_iter().map(|d| within(d, &writable)));
        }
        let (edits, count) = choose_fixes(&diagnostics, args.unsafe_fixes);
        if count == 0 {
            break;
        }
        let mut change = Change::default();
        let mut changed_any = false;
        let mut by_file: BTreeMap<PathBuf, Vec<&analysis::rules::Edit>> = BTreeMap::new();
        for edit in &edits {
            let path = PathBuf::from(&*analysis.path(edit.file).map_err(|e| anyhow!("{e}"))?);
            by_file.entry(path).or_default().push(edit);
        }
        for (path, edits) in by_file {
            let Some(before) = current.get(&path) else { continue };
            if refused.contains_key(&path) {
                continue;
            }
            let after = apply_edits(before, &edits);
            if after == *before {
                continue;
            }
            if syntax_error_count(&after) > syntax_error_count(before) {
                refused.insert(path.clone(), "the fixed text would parse worse than the original".to_owned());
                continue;
            }
            change.set_file(workspace::path_key(&path), after.clone());
            current.insert(path, after);
            changed_any = true;
        }
        drop(analysis);
        if !changed_any {
            break;
        }
        applied_total += count;
        ws.host.apply_change(change);
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut changed_files = 0;
    for (path, (_, original)) in &originals {
        let Some(fixed) = current.get(path).filter(|fixed| *fixed != original) else { continue };
        changed_files += 1;
        if args.diff {
            let shown = display_path(&path.to_string_lossy());
            let diff = similar::TextDiff::from_lines(original.as_str(), fixed.as_str());
            write!(
                out,
                "{}",
                diff.unified_diff().context_radius(3).header(&format!("a/{shown}"), &format!("b/{shown}"))
            )?;
        } else if let Err(reason) = write_atomically(path, original, fixed) {
            refused.insert(path.clone(), format!("{reason:#}"));
        }
    }
    out.flush()?;
    for (path, reason) in &refused {
        eprintln!("sqla: not fixed: {}: {reason}", display_path(&path.to_string_lossy()));
    }
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    eprintln!("sqla: {verb} {applied_total} finding(s) in {changed_files} file(s).");
    Ok(if args.diff && changed_files > 0 || !refused.is_empty() { 1 } else { 0 })
}

/// The diagnostic without the fixes that edit files outside the requested ones: applying only part
/// of a fix (the model, not the code that uses it) would break the code.
fn within(mut diagnostic: Diagnostic, writable: &HashSet<FileId>) -> Diagnostic {
    let inside = |fix: &Fix| fix.edits.iter().all(|e| writable.contains(&e.file));
    diagnostic.fix = diagnostic.fix.filter(inside);
    diagnostic.alternatives.retain(inside);
    diagnostic
}

/// Writes `fixed` over `path` if the file still holds exactly `original` (so invalid UTF-8, which we
/// read lossily, or a concurrent edit is never overwritten), through a temporary file in the same
/// folder renamed into place.
fn write_atomically(path: &Path, original: &str, fixed: &str) -> Result<()> {
    let on_disk = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if on_disk != original.as_bytes() {
        bail!("the file is not valid UTF-8 or changed since it was read");
    }
    let folder = path.parent().context("no parent folder")?;
    let mut temporary = tempfile::NamedTempFile::new_in(folder).context("cannot create a temporary file")?;
    temporary.write_all(fixed.as_bytes())?;
    temporary.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(temporary.path(), metadata.permissions());
    }
    temporary.persist(path).map_err(|e| anyhow!("cannot replace the file: {}", e.error))?;
    Ok(())
}
