//! `sqla hover FILE:LINE:COL...`: the hover text the language server would send.

use std::io::Write;
use std::path::PathBuf;

use analysis::syntax::{Encoding, LineCol};
use anyhow::{Context, Result, bail};

use super::{HoverArgs, RevealFormat};
use crate::project::Setup;
use crate::project::workspace::{self, path_key};

pub fn run(args: &HoverArgs) -> Result<i32> {
    let positions: Vec<(PathBuf, u32, u32)> =
        args.positions.iter().map(|p| parse_position(p)).collect::<Result<_>>()?;
    let first = &positions[0].0;
    let setup = Setup::load(first, args.common.sqlalchemy.as_deref())?;
    let detected = &setup.detected;
    if args.common.verbose {
        eprintln!("sqla: SQLAlchemy {} ({})", detected.series, detected.reason);
    }
    let settings = setup.settings(args.common.assume());
    let mut paths: Vec<PathBuf> = positions.iter().map(|(path, _, _)| path.clone()).collect();
    paths.sort();
    paths.dedup();
    let ws = workspace::load(&paths, settings, setup.installed.clone(), workspace::LibraryScope::Values)?;
    let analysis = ws.host.analysis();
    let config = analysis::ide::HoverConfig { type_line: !args.no_type_line };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut shown = 0;
    for ((path, line, column), text) in positions.iter().zip(&args.positions) {
        let key = path_key(&path.canonicalize().with_context(|| format!("cannot open {}", path.display()))?);
        let file = ws.host.file(&key).with_context(|| format!("{} is not a Python file", path.display()))?;
        let index = analysis.line_index(file).map_err(|e| anyhow::anyhow!("{e}"))?;
        if *line == 0 || *line > index.line_count() {
            bail!("{}: line {line} is outside the file (1..={})", path.display(), index.line_count());
        }
        let offset = index.offset(LineCol { line: line - 1, col: column.saturating_sub(1) }, Encoding::Utf32);
        let hover = analysis.hover(file, offset.into(), config).map_err(|e| anyhow::anyhow!("{e}"))?;
        shown += usize::from(hover.is_some());
        match args.format {
            RevealFormat::Json => {
                let record = serde_json::json!({ "position": text, "markdown": hover.map(|h| h.markdown) });
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
            }
            RevealFormat::Text => match hover {
                Some(hover) if positions.len() == 1 => write!(out, "{}", hover.markdown)?,
                Some(hover) => writeln!(out, "==> {text} <==\n{}\n", hover.markdown)?,
                None => eprintln!("sqla: nothing to show at {text}"),
            },
        }
    }
    out.flush()?;
    // Nothing to show at a lone position is a failure (scripts ask about one place at a time).
    Ok(if shown == 0 && args.format == RevealFormat::Text { 1 } else { 0 })
}

fn parse_position(text: &str) -> Result<(PathBuf, u32, u32)> {
    let mut parts = text.rsplitn(3, ':');
    let (Some(col), Some(line), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("expected FILE:LINE:COL, got {text:?}");
    };
    let line: u32 = line.parse().with_context(|| format!("bad line number in {text:?}"))?;
    let col: u32 = col.parse().with_context(|| format!("bad column number in {text:?}"))?;
    Ok((PathBuf::from(path), line, col))
}
