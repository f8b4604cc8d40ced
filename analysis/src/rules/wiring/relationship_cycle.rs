//! SQA319 relationship-cycle.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::common::{name_range, own_relationships};
use crate::db::Db;
use crate::hir::Name;
use crate::models::{AttrKind, model_registry};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::DirectionReason;
use crate::types::ClassRef;

pub static RULE: Rule = Rule {
    code: "SQA319",
    name: "relationship-cycle",
    family: Family::Wiring,
    severity: Severity::Info,
    series: None,
    summary: "many-to-one relationships that form a cycle, none with `post_update=True`",
    doc: r#"## What it does
Finds many-to-one relationships (the foreign key on the relationship's own table) that lead from
a class back to itself through other classes (`A.b` → `B.c` → `C.a`), when none of them sets
`post_update=True` (and none is `viewonly=True`).

## Why is this bad?
Each row must be inserted after the row it points at. When the objects of one flush point at each
other around the cycle, no order works: SQLAlchemy raises `CircularDependencyError`. (Dropping the
tables on a database without `ALTER` also warns that the foreign keys cannot be sorted.)

## Example
```python
class A(Base):
    b_id: Mapped[int] = mapped_column(ForeignKey("b.id"))
    b: Mapped["B"] = relationship()
class B(Base):
    c_id: Mapped[int] = mapped_column(ForeignKey("c.id"))
    c: Mapped["C"] = relationship()
class C(Base):
    a_id: Mapped[Optional[int]] = mapped_column(ForeignKey("a.id"))
    a: Mapped[Optional["A"]] = relationship()
```

## Use instead
```python
class C(Base):
    a_id: Mapped[Optional[int]] = mapped_column(ForeignKey("a.id"))
    a: Mapped[Optional["A"]] = relationship(post_update=True)
```

## Fix safety
No fix: which relationship should be written in a second `UPDATE` is the author's call.
"#,
    fixable: false,
    check,
};

/// The many-to-one relationships of the workspace that take part in the flush order, and which
/// strongly connected component each class is in: an edge lies on a cycle exactly when both its
/// ends are in one component. Computed once per revision, not once per file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FlushGraph {
    edges: FxHashMap<ClassRef, Vec<(Name, ClassRef)>>,
    component: FxHashMap<ClassRef, usize>,
}

impl FlushGraph {
    fn on_cycle(&self, from: &ClassRef, to: &ClassRef) -> bool {
        matches!((self.component.get(from), self.component.get(to)), (Some(a), Some(b)) if a == b)
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let here = cx.models().in_file(cx.file).any(|m| m.attributes.iter().any(|a| a.kind == AttrKind::Relationship));
    if !here {
        return;
    }
    let graph = flush_graph(cx.db);
    for model in cx.models().in_file(cx.file) {
        let from = &model.class;
        for (attr, to) in graph.edges.get(from).map(Vec::as_slice).unwrap_or_default() {
            if !graph.on_cycle(from, to) {
                continue;
            }
            let Some(path) = path_back(graph, to, from) else { continue };
            let Some((start, end)) = name_range(cx, from, Some(attr)) else { continue };
            let mut steps = vec![format!("`{}.{attr}`", from.name)];
            steps.extend(path.iter().map(|(class, attr)| format!("`{}.{attr}`", class.name)));
            let message = format!(
                "many-to-one relationships form a cycle ({} → `{}`): rows that point at each other cannot be inserted in one flush (`CircularDependencyError`); set `post_update=True` on one of them",
                steps.join(" → "),
                from.name
            );
            out.push(cx.diagnostic(&RULE, start, end, message, None));
        }
    }
}

#[salsa::tracked(returns(ref))]
fn flush_graph(db: &dyn Db) -> Arc<FlushGraph> {
    let edges = many_to_one(db);
    let mut graph = petgraph::Graph::<ClassRef, ()>::new();
    let mut nodes = FxHashMap::default();
    let mut node = |graph: &mut petgraph::Graph<ClassRef, ()>, class: &ClassRef| {
        *nodes.entry(class.clone()).or_insert_with(|| graph.add_node(class.clone()))
    };
    for (from, outgoing) in &edges {
        let a = node(&mut graph, from);
        for (_, to) in outgoing {
            let b = node(&mut graph, to);
            graph.add_edge(a, b, ());
        }
    }
    let mut component = FxHashMap::default();
    for (i, members) in petgraph::algo::tarjan_scc(&graph).into_iter().enumerate() {
        if members.len() > 1 {
            component.extend(members.into_iter().map(|n| (graph[n].clone(), i)));
        }
    }
    Arc::new(FlushGraph { edges, component })
}

/// Every many-to-one relationship of the workspace that takes part in the flush order: its direction
/// read off the foreign keys (`schema::relationship_shape`), not spelled out by a join or
/// `remote_side=`, and not `post_update`/`viewonly`.
fn many_to_one(db: &dyn Db) -> FxHashMap<ClassRef, Vec<(Name, ClassRef)>> {
    let models = model_registry(db);
    let mut edges: FxHashMap<ClassRef, Vec<(Name, ClassRef)>> = FxHashMap::default();
    for model in models.models.iter().filter(|m| !m.is_abstract) {
        for attr in own_relationships(model) {
            let Some(value) = attr.value.as_deref() else { continue };
            let flag = |k: &str| value.kwarg(k).and_then(|v| v.as_bool()) == Some(true);
            if flag("post_update") || flag("viewonly") {
                continue;
            }
            let derived = attr.shape.as_ref().is_some_and(|s| s.reason == DirectionReason::ForeignKeyHere);
            let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else { continue };
            if derived && !target.is_abstract {
                edges.entry(model.class.clone()).or_default().push((attr.name.clone(), target.class.clone()));
            }
        }
    }
    edges
}

/// The relationships leading from `start` to `goal` (breadth first, within their component).
fn path_back(graph: &FlushGraph, start: &ClassRef, goal: &ClassRef) -> Option<Vec<(ClassRef, Name)>> {
    let mut previous: FxHashMap<&ClassRef, (&ClassRef, &Name)> = FxHashMap::default();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen: FxHashSet<&ClassRef> = FxHashSet::from_iter([start]);
    while let Some(class) = queue.pop_front() {
        for (attr, to) in graph.edges.get(class).map(Vec::as_slice).unwrap_or_default() {
            if !graph.on_cycle(class, to) || !seen.insert(to) {
                continue;
            }
            previous.insert(to, (class, attr));
            if to == goal {
                let mut path = Vec::new();
                let mut at = goal;
                while let Some(&(from, attr)) = previous.get(at) {
                    path.push((from.clone(), attr.clone()));
                    if from == start {
                        break;
                    }
                    at = from;
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(to);
        }
    }
    None
}
