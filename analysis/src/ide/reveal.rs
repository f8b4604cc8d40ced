//! `reveal_type(expr)` calls and what we infer for them, in both views.

use crate::db::{Db, SourceFile};
use crate::types::display;

use super::scopes::scopes_of_file;

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

pub fn reveals(db: &dyn Db, file: SourceFile) -> Vec<RevealInfo> {
    let text = file.text(db).clone();
    if !crate::db::is_python_path(file.path(db)) || memchr::memmem::find(text.as_bytes(), b"reveal_type").is_none() {
        return Vec::new();
    }
    let series = db.project().settings(db).series;
    let mut out = Vec::new();
    for scope in scopes_of_file(db, file) {
        let Some(offset) = scope.offset(db, file) else { continue };
        let precise = scope.infer(db, file, true);
        let checker = scope.infer(db, file, false);
        for reveal in &precise.reveals {
            let checker_ty = checker
                .reveals
                .iter()
                .find(|r| r.start == reveal.start && r.end == reveal.end)
                .map(|r| display(&r.ty, series))
                .unwrap_or_else(|| "Unknown".to_owned());
            let (start, end) = (offset + reveal.start, offset + reveal.end);
            out.push(RevealInfo {
                start,
                end,
                expr: text.get(start as usize..end as usize).unwrap_or("").to_owned(),
                ty: display(&reveal.ty, series),
                checker_ty,
            });
        }
    }
    out.sort_by_key(|r| r.start);
    out.dedup_by_key(|r| r.start);
    out
}
