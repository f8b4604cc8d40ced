//! SQA319 relationship-cycle.

use rustc_hash::FxHashMap;

use super::schema::{class_tables, foreign_key_links, join_given, name_range, same_hierarchy, schema};
use crate::hir::Name;
use crate::models::AttrKind;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
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

/// A many-to-one relationship: class → (attribute, target class).
type Edges = FxHashMap<ClassRef, Vec<(Name, ClassRef)>>;

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let here = models
        .models
        .iter()
        .any(|m| m.class.file == cx.file && m.attributes.iter().any(|a| a.kind == AttrKind::Relationship));
    if !here {
        return;
    }
    let edges = many_to_one(cx);
    for (from, outgoing) in &edges {
        if from.file != cx.file {
            continue;
        }
        for (attr, to) in outgoing {
            let Some(path) = path_back(&edges, to, from) else { continue };
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

/// Every many-to-one relationship of the workspace that takes part in the flush order.
fn many_to_one(cx: &RuleContext<'_>) -> Edges {
    let models = cx.models();
    let schema = schema(cx.db);
    let mut edges = Edges::default();
    for model in &models.models {
        if model.is_abstract {
            continue;
        }
        let relationships: Vec<_> = model
            .attributes
            .iter()
            .filter(|a| a.kind == AttrKind::Relationship && !a.via_backref && a.declared_in == model.class)
            .collect();
        if relationships.is_empty() {
            continue;
        }
        let Some(ours) = class_tables(models, schema, model) else { continue };
        let our_links = foreign_key_links(cx.db, models, schema, model);
        for attr in relationships {
            let Some(value) = attr.value.as_deref() else { continue };
            let flag = |k: &str| value.kwarg(k).and_then(|v| v.as_bool()) == Some(true);
            if join_given(value) || flag("post_update") || flag("viewonly") || value.kwarg("remote_side").is_some() {
                continue;
            }
            let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else { continue };
            if target.is_abstract || same_hierarchy(models, &model.class, &target.class) {
                continue;
            }
            let Some(theirs) = class_tables(models, schema, target) else { continue };
            let points_there = our_links.iter().any(|l| ours.contains(&l.table) && theirs.contains(&l.references));
            let points_here = foreign_key_links(cx.db, models, schema, target)
                .iter()
                .any(|l| theirs.contains(&l.table) && ours.contains(&l.references));
            if points_there && !points_here {
                edges.entry(model.class.clone()).or_default().push((attr.name.clone(), target.class.clone()));
            }
        }
    }
    edges
}

/// The relationships leading from `start` to `goal` (breadth first), when there is a way.
fn path_back(edges: &Edges, start: &ClassRef, goal: &ClassRef) -> Option<Vec<(ClassRef, Name)>> {
    let mut previous: FxHashMap<ClassRef, (ClassRef, Name)> = FxHashMap::default();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    let mut seen = vec![start.clone()];
    while let Some(class) = queue.pop_front() {
        for (attr, to) in edges.get(&class).map(|v| v.as_slice()).unwrap_or_default() {
            if seen.contains(to) {
                continue;
            }
            previous.insert(to.clone(), (class.clone(), attr.clone()));
            if to == goal {
                let mut path = Vec::new();
                let mut at = goal.clone();
                while let Some((from, attr)) = previous.get(&at) {
                    path.push((from.clone(), attr.clone()));
                    if from == start {
                        break;
                    }
                    at = from.clone();
                }
                path.reverse();
                return Some(path);
            }
            seen.push(to.clone());
            queue.push_back(to.clone());
        }
    }
    None
}
