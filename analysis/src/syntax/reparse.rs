//! Incremental reparsing: a file's new tree starts from its previous one. The edit is the span
//! where the old and new texts differ (common prefix and suffix), so it is right for any change,
//! one keystroke or a whole batch, whatever the client sent. tree-sitter then re-reads only around
//! it. A result with syntax errors is parsed again from scratch (see `parse_text_from`).

use std::sync::{Arc, Weak};

use dashmap::DashMap;

use super::Parsed;
use crate::db::SourceFile;

/// The last tree parsed for each file, held weakly (the parse memos own them): where the next parse
/// of a changed text starts.
#[derive(Default)]
pub struct LastTrees(DashMap<SourceFile, Weak<Parsed>>);

impl LastTrees {
    pub fn get(&self, file: SourceFile) -> Option<Arc<Parsed>> {
        self.0.get(&file)?.upgrade()
    }

    pub fn remember(&self, file: SourceFile, parsed: &Arc<Parsed>) {
        self.0.insert(file, Arc::downgrade(parsed));
    }
}

/// The previous tree with the change from its text to `new` applied: what `Parser::parse` takes as
/// its old tree. `None` when the texts are equal.
pub fn edited_tree(old: &Parsed, new: &str) -> Option<tree_sitter::Tree> {
    let edit = text_edit(old.text(), new)?;
    let mut tree = old.tree.clone();
    tree.edit(&edit);
    Some(tree)
}

/// The one span where `old` and `new` differ, as tree-sitter's `InputEdit`.
fn text_edit(old: &str, new: &str) -> Option<tree_sitter::InputEdit> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == a.len() && prefix == b.len() {
        return None;
    }
    let room = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    let (old_end, new_end) = (a.len() - suffix, b.len() - suffix);
    Some(tree_sitter::InputEdit {
        start_byte: prefix,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position: point(a, prefix),
        old_end_position: point(a, old_end),
        new_end_position: point(b, new_end),
    })
}

/// Row (counting `\n`, as tree-sitter does) and byte column of an offset.
fn point(text: &[u8], offset: usize) -> tree_sitter::Point {
    let before = &text[..offset];
    let row = memchr::memchr_iter(b'\n', before).count();
    let column = offset - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    tree_sitter::Point { row, column }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_text, parse_text_from};
    use super::*;

    /// A small deterministic generator (no dependency): the same edits on every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % below.max(1)
        }
    }

    const PIECES: &[&str] = &[
        "x",
        "(",
        ")",
        "\n",
        "\r\n",
        "    ",
        "def f(a):\n    return a\n",
        "select(User.id)",
        "\"",
        "é😀",
        "[",
        "]",
        ": ",
        "#",
        "\\\n",
        "class A:\n    pass\n",
        "",
    ];

    #[test]
    fn incremental_trees_equal_full_parses_after_random_edits() {
        let mut rng = Lcg(7);
        let mut valid = 0;
        for round in 0..300 {
            let mut text = String::from(
                "from sqlalchemy import select\n\ndef load(session):\n    stmt = select(User.id, User.name)\n    return session.execute(stmt).all()\n",
            );
            let mut previous = parse_text(Arc::from(text.as_str()));
            for _ in 0..8 {
                // Edit at char boundaries: a removal and an insertion somewhere.
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let start = boundaries[rng.next(boundaries.len())];
                let end = boundaries[rng.next(boundaries.len())].max(start);
                let end = end.min(start + 12).min(text.len());
                let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
                text.replace_range(start..end, PIECES[rng.next(PIECES.len())]);
                let incremental = parse_text_from(Arc::from(text.as_str()), Some(&previous));
                let full = parse_text(Arc::from(text.as_str()));
                assert_eq!(incremental.root().to_sexp(), full.root().to_sexp(), "round {round}: {text:?}");
                valid += usize::from(!full.root().has_error());
                previous = incremental;
            }
        }
        // Both kinds of text were met: valid ones (parsed incrementally) and broken ones.
        assert!(valid > 50 && valid < 2350, "{valid} of 2400 texts were valid");
    }

    #[test]
    fn typing_a_statement_character_by_character() {
        let before = "def load(session):\n    stmt = select(User.id)\n";
        let mut text = before.to_owned();
        let mut previous = parse_text(Arc::from(text.as_str()));
        for ch in "    rows = session.execute(stmt).all()\n".chars() {
            text.push(ch);
            let incremental = parse_text_from(Arc::from(text.as_str()), Some(&previous));
            assert_eq!(incremental.root().to_sexp(), parse_text(Arc::from(text.as_str())).root().to_sexp(), "{text:?}");
            previous = incremental;
        }
    }

    #[test]
    fn the_parse_query_remembers_its_tree_for_the_next_edit() {
        use salsa::Setter;
        let mut db = crate::db::RootDatabase::default();
        let prescan = crate::hir::prescan::Prescan::default();
        let file = SourceFile::new(&db, Arc::from("/a.py"), Arc::from("x = 1\n"), true, prescan);
        let first = super::super::parse(&db, file).clone();
        let remembered = crate::db::Db::last_trees(&db).get(file).expect("remembered");
        assert!(Arc::ptr_eq(&first, &remembered));
        file.set_text(&mut db).to(Arc::from("x = 12\n"));
        let second = super::super::parse(&db, file).clone();
        assert!(!Arc::ptr_eq(&first, &second) && second.text() == "x = 12\n");
        assert!(Arc::ptr_eq(&second, &crate::db::Db::last_trees(&db).get(file).expect("remembered")));
    }

    #[test]
    fn the_edit_is_the_differing_span_with_newline_rows() {
        let edit = text_edit("ab\ncd\nef", "ab\ncXYd\nef").unwrap();
        assert_eq!((edit.start_byte, edit.old_end_byte, edit.new_end_byte), (4, 4, 6));
        assert_eq!((edit.start_position.row, edit.start_position.column), (1, 1));
        assert_eq!((edit.new_end_position.row, edit.new_end_position.column), (1, 3));
        assert!(text_edit("same", "same").is_none());
        // A lone CR is not a row break for tree-sitter.
        let edit = text_edit("a\rb", "a\rbc").unwrap();
        assert_eq!((edit.start_position.row, edit.start_position.column), (0, 3));
    }
}
