//! `reveal_type(expr)` calls and what we infer for them, in both views.

use crate::db::{Db, SourceFile};
use crate::infer::View;
use crate::infer::signatures::{full_names, shown};
use crate::semantics::Semantics;
use crate::types::display_with_full_names;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealInfo {
    /// Byte range of the argument in the file.
    pub start: u32,
    pub end: u32,
    pub expr: String,
    /// Our most precise type.
    pub ty: String,
    /// What type checkers show for the project's series.
    pub checker_ty: String,
}

/// A type as shown, classes of one name told apart by their full names.
pub(super) fn shown_text(db: &dyn Db, ty: &crate::types::Ty, series: crate::settings::Series) -> String {
    display_with_full_names(ty, series, &full_names(db, ty, series))
}

pub fn reveals(db: &dyn Db, file: SourceFile) -> Vec<RevealInfo> {
    let text = file.text(db).clone();
    if !crate::db::is_python_path(file.path(db)) || memchr::memmem::find(text.as_bytes(), b"reveal_type").is_none() {
        return Vec::new();
    }
    let series = db.project().settings(db).series;
    let mut out = Vec::new();
    for (range, ty, checker_ty) in Semantics::new(db, file).reveals() {
        out.push(RevealInfo {
            start: range.start().into(),
            end: range.end().into(),
            expr: text.get(std::ops::Range::<usize>::from(range)).unwrap_or("").to_owned(),
            ty: shown_text(db, &shown(db, ty, View::Precise), series),
            checker_ty: checker_ty
                .map(|ty| shown_text(db, &shown(db, ty, View::Checker), series))
                .unwrap_or_else(|| "Unknown".to_owned()),
        });
    }
    out.sort_by_key(|r| r.start);
    out.dedup_by_key(|r| r.start);
    out
}
