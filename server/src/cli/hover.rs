//! `sqla hover FILE:LINE:COL`: the hover text the language server would send.

use std::path::PathBuf;

use analysis::syntax::{Encoding, LineCol};
use anyhow::{Context, Result, bail};

use super::HoverArgs;
use crate::project::Setup;
use crate::project::workspace::{self, path_key};

pub fn run(args: &HoverArgs) -> Result<i32> {
    let (path, line, column) = parse_position(&args.position)?;
    let setup = Setup::load(&path, args.common.sqlalchemy.as_deref())?;
    let detected = &setup.detected;
    if args.common.verbose {
        eprintln!("sqla: SQLAlchemy {} ({})", detected.series, detected.reason);
    }
    let settings = setup.settings(args.common.assume());
    let ws = workspace::load(std::slice::from_ref(&path), settings, setup.installed.clone())?;
    let key = path_key(&path.canonicalize().with_context(|| format!("cannot open {}", path.display()))?);
    let file = ws.host.file(&key).with_context(|| format!("{} is not a Python file", path.display()))?;
    let analysis = ws.host.analysis();
    let index = analysis.line_index(file).map_err(|e| anyhow::anyhow!("{e}"))?;
    if line == 0 || line > index.line_count() {
        bail!("{}: line {line} is outside the file (1..={})", path.display(), index.line_count());
    }
    let offset = index.offset(LineCol { line: line - 1, col: column.saturating_sub(1) }, Encoding::Utf32);
    let config = analysis::ide::HoverConfig { type_line: !args.no_type_line };
    match analysis.hover(file, offset.into(), config).map_err(|e| anyhow::anyhow!("{e}"))? {
        Some(hover) => {
            print!("{}", hover.markdown);
            Ok(0)
        }
        None => {
            eprintln!("sqla: nothing to show at {}", args.position);
            Ok(1)
        }
    }
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
