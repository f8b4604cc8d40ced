//! What a rule reads: the file's tree (from the `parse` query), inferred types, resolved symbols,
//! models. Rules never parse or resolve on their own; every semantic question goes through the
//! file's `Semantics`, as the IDE features' do.

use rustc_hash::FxHashMap;

use crate::db::{Db, SourceFile};
use crate::models::{ModelRegistry, model_registry};
use crate::semantics::{Semantics, View};
use crate::settings::Series;
use crate::syntax::node_ext::walk;
use crate::syntax::{Node, Parsed, parse};
use crate::types::{Class, Ty};

use super::{Diagnostic, Fix, Rule};

pub struct RuleContext<'db> {
    pub db: &'db dyn Db,
    pub file: SourceFile,
    pub parsed: &'db Parsed,
    pub series: Series,
    /// Types, symbols and declarations, asked the same way hover and goto ask them.
    pub sema: Semantics<'db>,
    /// Every node by kind, from one walk of the tree (rules ask for kinds often, some once per
    /// node they look at).
    by_kind: FxHashMap<&'db str, Vec<Node<'db>>>,
    /// Functions and lambdas in source order, each with the index of the innermost one around it:
    /// `enclosing_function` without `Node::parent`, which walks down from the root each call.
    functions: Vec<(Node<'db>, Option<usize>)>,
}

impl<'db> RuleContext<'db> {
    pub fn new(db: &'db dyn Db, file: SourceFile) -> RuleContext<'db> {
        let series = db.project().settings(db).series;
        let parsed = parse(db, file);
        let mut by_kind: FxHashMap<&'db str, Vec<Node<'db>>> = FxHashMap::default();
        walk(parsed.root(), |node| {
            by_kind.entry(node.kind()).or_default().push(node);
            true
        });
        let mut functions: Vec<(Node<'db>, Option<usize>)> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let contains = |outer: Node<'_>, inner: Node<'_>| {
            outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
        };
        let ordered = by_kind.get("function_definition").into_iter().chain(by_kind.get("lambda")).flatten().copied();
        let mut ordered: Vec<Node<'db>> = ordered.collect();
        ordered.sort_by_key(|n| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
        for node in ordered {
            while open.last().is_some_and(|&i| !contains(functions[i].0, node)) {
                open.pop();
            }
            functions.push((node, open.last().copied()));
            open.push(functions.len() - 1);
        }
        RuleContext { db, file, parsed, series, sema: Semantics::new(db, file), by_kind, functions }
    }

    /// The function (or lambda) a node is in, not counting the node itself (nor one it wraps); `None`
    /// at module level.
    pub fn enclosing_function(&self, node: Node<'_>) -> Option<Node<'db>> {
        let (start, end) = (node.start_byte(), node.end_byte());
        let mut at = self.functions.partition_point(|(f, _)| f.start_byte() <= start).checked_sub(1);
        // Every function around the node starts at or before it, so it is this one or one around it.
        while let Some(i) = at {
            let (function, parent) = self.functions[i];
            // A node spanning exactly a function's bytes is it or a wrapper around it (a statement
            // holding only a lambda, a block holding only a `def`): that function is not around it.
            let strictly_around = (function.start_byte(), function.end_byte()) != (start, end);
            if strictly_around && function.start_byte() <= start && end <= function.end_byte() {
                return Some(function);
            }
            at = parent;
        }
        None
    }

    pub fn text(&self, node: Node<'_>) -> &'db str {
        self.parsed.node_text(node)
    }

    pub fn models(&self) -> &'db ModelRegistry {
        model_registry(self.db)
    }

    /// Every node of a kind, in source order (iterative: no recursion over deep trees).
    pub fn nodes(&self, kind: &str) -> std::iter::Copied<std::slice::Iter<'_, Node<'db>>> {
        self.node_slice(kind).iter().copied()
    }

    /// Every node of a kind, in source order, as a slice (for binary searches by position).
    pub fn node_slice(&self, kind: &str) -> &[Node<'db>] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or_default()
    }

    /// The precise type we infer for an expression.
    pub fn type_of(&self, node: Node<'_>) -> Ty {
        self.sema.type_of(node, View::Precise).cloned().unwrap_or(Ty::Unknown)
    }

    /// Where a model (or one of its class-level attributes) is declared: the file, and the byte
    /// range of the name as findings carry it.
    pub fn declaration(
        &self,
        class: &crate::types::ClassRef,
        attribute: Option<&str>,
    ) -> Option<(SourceFile, u32, u32)> {
        let (file, range) = self.sema.declaration(class, attribute)?;
        Some((file, range.start().into(), range.end().into()))
    }

    /// The canonical SQLAlchemy (or other external) name a callee refers to: `sqlalchemy.select`.
    pub fn symbol_of(&self, callee: Node<'_>) -> Option<String> {
        match self.type_of(callee) {
            Ty::Special(symbol) => Some(symbol.to_string()),
            Ty::TypeOf(inner) => match *inner {
                Ty::Instance(Class::Ext(symbol), _) => Some(symbol.to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn diagnostic(
        &self,
        rule: &'static Rule,
        start: u32,
        end: u32,
        message: String,
        fix: Option<Fix>,
    ) -> Diagnostic {
        Diagnostic::new(rule, self.file, start, end, message, fix)
    }

    pub fn diagnostic_at(&self, rule: &'static Rule, node: Node<'_>, message: String, fix: Option<Fix>) -> Diagnostic {
        self.diagnostic(rule, node.start_byte() as u32, node.end_byte() as u32, message, fix)
    }
}

impl<'db> RuleContext<'db> {
    /// The right-hand side of a class attribute's assignment in this file (`relationship("X")`).
    pub fn attribute_value(&self, class: &crate::types::ClassRef, attribute: &str) -> Option<Node<'db>> {
        let (file, start, end) = self.declaration(class, Some(attribute))?;
        if file != self.file {
            return None;
        }
        let target = self.parsed.root().descendant_for_byte_range(start as usize, end as usize)?;
        let assignment = target.parent().filter(|p| p.kind() == "assignment")?;
        crate::syntax::node_ext::field(assignment, "right")
    }
}

/// The candidate closest to `wanted` (edit distance at most 2, or equal ignoring case), when exactly
/// one is that close.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let close: Vec<&str> = candidates
        .filter(|c| *c != wanted && (c.eq_ignore_ascii_case(wanted) || edit_distance(c, wanted) <= 2))
        .collect();
    match close.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
