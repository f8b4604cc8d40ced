//! Parsing with tree-sitter-python. Parsing never fails: broken code yields a tree with error nodes.

mod lines;
pub mod node_ext;
mod reparse;

use std::sync::Arc;

pub use lines::{Encoding, LineCol, LineIndex};
pub use reparse::LastTrees;
pub use tree_sitter::Node;

use crate::db::{Db, SourceFile};

/// A parsed piece of Python source, shared by pointer.
pub struct Parsed {
    tree: tree_sitter::Tree,
    text: Arc<str>,
}

impl Parsed {
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text of a node of this tree.
    pub fn node_text(&self, node: Node<'_>) -> &str {
        self.text.get(node.byte_range()).unwrap_or("")
    }
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parsed({} bytes)", self.text.len())
    }
}

/// Parses any text. Tree-sitter only fails without a language or on cancellation; neither happens here,
/// but an empty module stands in rather than panicking.
pub fn parse_text(text: Arc<str>) -> Arc<Parsed> {
    parse_text_from(text, None)
}

/// Parses a text starting from an earlier tree of the same file (incremental: the result is the
/// tree a full parse gives).
pub fn parse_text_from(text: Arc<str>, previous: Option<&Parsed>) -> Arc<Parsed> {
    let mut parser = tree_sitter::Parser::new();
    let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
    // From a tree with errors the new text is likely broken too, and would be parsed twice.
    let old = previous.filter(|p| !p.root().has_error()).and_then(|p| reparse::edited_tree(p, &text));
    let set = parser.set_language(&language).is_ok();
    // Error recovery depends on where a parse starts: a tree with errors is parsed again from
    // scratch, so it is the same whatever edits led to the text.
    let incremental =
        old.and_then(|old| parser.parse(text.as_bytes(), Some(&old))).filter(|t| !t.root_node().has_error());
    let tree = incremental
        .or_else(|| set.then(|| parser.parse(text.as_bytes(), None)).flatten())
        .or_else(|| parser.parse("", None));
    match tree {
        Some(tree) => Arc::new(Parsed { tree, text }),
        None => unreachable_tree(),
    }
}

fn unreachable_tree() -> Arc<Parsed> {
    // An empty parse cannot fail once the language is set; this path exists only for totality.
    let mut parser = tree_sitter::Parser::new();
    let _ = parser.set_language(&tree_sitter_python::LANGUAGE.into());
    let tree = parser.parse("", None).expect("tree-sitter parses the empty string");
    Arc::new(Parsed { tree, text: Arc::from("") })
}

/// The syntax tree of a file. Compared by pointer: every edit produces a new tree. A changed text
/// is parsed from the file's previous tree (incrementally).
#[salsa::tracked(returns(ref), no_eq)]
pub fn parse(db: &dyn Db, file: SourceFile) -> Arc<Parsed> {
    let previous = db.last_trees().get(file);
    let parsed = parse_text_from(file.text(db).clone(), previous.as_deref());
    db.last_trees().remember(file, &parsed);
    parsed
}

/// Byte offset ↔ line/column conversion for a file.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: SourceFile) -> Arc<LineIndex> {
    Arc::new(LineIndex::new(file.text(db)))
}

/// How many syntax errors (ERROR and MISSING nodes) a text has: `sqla fix` refuses a result that
/// parses worse than its input.
pub fn syntax_error_count(text: &str) -> usize {
    let parsed = parse_text(Arc::from(text));
    if !parsed.root().has_error() {
        return 0;
    }
    let mut count = 0;
    node_ext::walk(parsed.root(), |node| {
        if node.is_error() || node.is_missing() {
            count += 1;
        }
        node.has_error()
    });
    count
}
