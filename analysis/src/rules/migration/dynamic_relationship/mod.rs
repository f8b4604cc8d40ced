//! SQA101 dynamic-relationship.

mod rewrite;
mod use_sites;

use super::receivers::remove_argument;
use crate::models::{AttrKind, Collection};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Related, Rule, RuleContext, Severity};
use crate::syntax::node_ext::{field, named_children, string_value};
use use_sites::{RelationshipKey, UseSite, dynamic_use_sites};

pub static RULE: Rule = Rule {
    code: "SQA101",
    name: "dynamic-relationship",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`lazy=\"dynamic\"` relationships are legacy; use `WriteOnlyMapped`",
    doc: r#"## What it does
Finds relationships loaded with `lazy="dynamic"` (also through `backref(..., lazy="dynamic")`,
`dynamic_loader(...)`, `DynamicMapped[...]`, and `lazy="dynamic"` under a `Mapped[list[...]]`
annotation, which is still a dynamic loader at runtime). A SQLAlchemy `relationship()` or
`backref()` call with `lazy="dynamic"` in a class we cannot follow (its base comes from outside
the workspace) is reported from the call, without a fix.

## Why is this bad?
The dynamic loader returns a legacy `AppenderQuery`, built on the 1.x `Query` API. SQLAlchemy 2.0
keeps it only for compatibility; the 2.0-style replacement is a write-only collection, whose
`.select()` returns a typed `Select` you execute with the session.

## Example
```python
class User(Base):
    posts = relationship("Post", lazy="dynamic")

user.posts.filter(Post.published).all()
```

## Use instead
```python
class User(Base):
    posts: WriteOnlyMapped["Post"] = relationship()

session.scalars(user.posts.select().where(Post.published)).all()
```

## Fix safety
Two fixes. The safe one annotates an untyped `relationship(..., lazy="dynamic")` as
`DynamicMapped["X"]`: the same loader, now typed; `sqla fix` applies it.

The unsafe one (`sqla fix --unsafe`) moves to `WriteOnlyMapped["X"]` (dropping `lazy="dynamic"`;
`dynamic_loader()` becomes `relationship()`) and rewrites every use of the collection on an
instance in the workspace: iteration (`for`, comprehensions, `list()`, `sorted()`, `in`) becomes
`session.scalars(obj.rel.select())`; `.all()`, `.one()`, `.one_or_none()` keep their name on
`session.scalars(...)`, `.first()` adds `.limit(1)`, `.scalar()` becomes `.one_or_none()`, `.count()`
becomes `session.scalar(select(func.count()).select_from(obj.rel.select().subquery()))`; `.filter()`
becomes `.where()`, `filter_by`, `order_by` (`order_by(None)` still drops the relationship's
ordering), `limit`, `offset`, `distinct`, `join` and `outerjoin` carry over (`.unique()` after a join,
as `Query` returned each entity once); `len(obj.rel)` and `obj.rel[i]` read `.all()`; `.append()`
and `.extend()` become `.add()` and `.add_all()`. The session is a parameter or local variable
holding a `Session` in scope, else `object_session(obj)`, the session the dynamic relationship
queries through.

The unsafe fix is offered only when every use can be rewritten; the others are listed as related
information: the collection passed on or stored, methods without a rewrite, receivers of unknown
type, and `.rel` spelled in files that do not involve SQLAlchemy (not analysed). Uses the analysis
cannot see (`getattr()`, templates) are not rewritten. Behaviour differs on objects without a
database row: for an object not yet flushed (or detached) a dynamic relationship iterates the
objects appended in memory, while the statement is run by the session (and `object_session()` of a
detached object is `None`). `len(obj.rel)` raised `TypeError` on an `AppenderQuery`; it now counts.
No fix for a dynamic relationship declared through `backref(...)`: SQA111 first turns it into a
relationship of its own (`sqla fix` runs to a fixed point).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    check_models(cx, out);
    check_calls(cx, out);
}

/// A `relationship()`, `backref()` or `dynamic_loader()` call from SQLAlchemy with
/// `lazy="dynamic"` is legacy wherever it is written: calls in classes the models above do not
/// cover (a base we cannot follow, a class built in a function) are reported from the call alone,
/// with no fix (nothing is known of the class).
fn check_calls(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    const DYNAMIC_CAPABLE: &[&str] =
        &["sqlalchemy.relationship", "sqlalchemy.relation", "sqlalchemy.backref", "sqlalchemy.dynamic_loader"];
    // The bodies of the classes `check_models` covers.
    let models: Vec<&str> = cx.models().in_file(cx.file).map(|m| m.name()).collect();
    let reported_values: Vec<std::ops::Range<usize>> = cx
        .nodes("class_definition")
        .filter(|class| field(*class, "name").is_some_and(|n| models.contains(&cx.text(n))))
        .map(|class| class.byte_range())
        .collect();
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function") else { continue };
        let Some(arguments) = field(call, "arguments") else { continue };
        let lazy_dynamic = named_children(arguments).into_iter().any(|argument| {
            argument.kind() == "keyword_argument"
                && field(argument, "name").is_some_and(|n| cx.text(n) == "lazy")
                && field(argument, "value").and_then(|v| string_value(v, cx.parsed.text())).as_deref()
                    == Some("dynamic")
        });
        let callee = cx.text(function).rsplit('.').next().unwrap_or_default();
        if !lazy_dynamic && callee != "dynamic_loader" {
            continue;
        }
        if reported_values.iter().any(|range| range.start <= call.start_byte() && call.end_byte() <= range.end) {
            continue;
        }
        let Some(symbol) = cx.symbol_of(function) else { continue };
        if !DYNAMIC_CAPABLE.contains(&symbol.as_str()) {
            continue;
        }
        let what = if symbol == "sqlalchemy.backref" { "backref" } else { "relationship" };
        let message = format!(
            "a dynamic {what} (`lazy=\"dynamic\"`, legacy `AppenderQuery`); use `WriteOnlyMapped[...]` and `.select()`"
        );
        out.push(cx.diagnostic_at(&RULE, call, message, None));
    }
}

fn check_models(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for model in cx.models().in_file(cx.file) {
        for attr in &model.attributes {
            // Each declaration once, where it is written (inherited copies and backrefs are not).
            if attr.kind != AttrKind::Relationship || attr.declared_in != model.class || attr.via_backref {
                continue;
            }
            if attr.declared_in.file != cx.file {
                continue;
            }
            let target = attr.target.as_ref().map(|t| t.name.as_str()).unwrap_or("...");
            let (what, collection_of) = if attr.collection == Some(Collection::Dynamic) {
                (format!("`{}.{}`", model.name(), attr.name), target)
            } else if attr.backref_lazy.as_deref() == Some("dynamic") {
                let backref = attr.backref.as_deref().unwrap_or("?");
                (format!("the backref `{target}.{backref}` (of `{}.{}`)", model.name(), attr.name), model.name())
            } else {
                continue;
            };
            let Some((_, start, end)) = cx.declaration(&attr.declared_in, Some(&attr.name)) else {
                continue;
            };
            let mut message = format!(
                "{what} is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"{collection_of}\"]` and `.select()`"
            );
            let dynamic = attr.collection == Some(Collection::Dynamic);
            let annotate = (dynamic && attr.annotation.is_none())
                .then(|| annotate_dynamic(cx, start, end, collection_of))
                .flatten();
            let mut related = Vec::new();
            let mut write_only = None;
            if dynamic && target != "..." {
                let key = RelationshipKey { class: attr.declared_in.clone(), name: attr.name.clone() };
                let sites = dynamic_use_sites(cx.db).get(&key).map(Vec::as_slice).unwrap_or_default();
                match migrate(cx, end, target, sites) {
                    Ok(fix) => write_only = fix,
                    Err(unrewritable) => {
                        message.push_str(&format!(
                            "; {} use{} cannot be rewritten automatically",
                            unrewritable.len(),
                            if unrewritable.len() == 1 { "" } else { "s" }
                        ));
                        related = unrewritable;
                    }
                }
            }
            let (fix, alternatives) = match (annotate, write_only) {
                (Some(annotate), Some(write_only)) => (Some(annotate), vec![write_only]),
                (annotate, write_only) => (annotate.or(write_only), Vec::new()),
            };
            let mut diagnostic = cx.diagnostic(&RULE, start, end, message, fix);
            diagnostic.alternatives = alternatives;
            diagnostic.related = related;
            out.push(diagnostic);
        }
    }
}

/// `posts = relationship(...)` → `posts: DynamicMapped["Post"] = relationship(...)`.
fn annotate_dynamic(cx: &RuleContext<'_>, _start: u32, end: u32, target: &str) -> Option<Fix> {
    if target == "..." {
        return None;
    }
    let imported = import_name(cx, "sqlalchemy.orm", "DynamicMapped");
    let mut edits =
        vec![Edit { file: cx.file, start: end, end, content: format!(": {}[\"{target}\"]", imported.expression) }];
    edits.extend(imported.edit);
    edits.sort_by_key(|e| e.start);
    Some(Fix {
        applicability: Applicability::Safe,
        message: format!("Annotate as `DynamicMapped[\"{target}\"]`"),
        edits,
    })
}

/// The move to `WriteOnlyMapped` with the rewrite of every use site; `Err` lists the uses it
/// cannot rewrite. `Ok(None)`: the declaration is written in a way the fix does not edit.
fn migrate(cx: &RuleContext<'_>, name_end: u32, target: &str, sites: &[UseSite]) -> Result<Option<Fix>, Vec<Related>> {
    let mut unrewritable: Vec<Related> = sites
        .iter()
        .filter_map(|site| {
            let reason = site.rewrite.as_ref().err()?;
            Some(Related {
                file: site.file,
                start: site.start,
                end: site.end,
                message: format!("`{}` {reason}", site.text),
            })
        })
        .collect();
    if !unrewritable.is_empty() {
        unrewritable.sort_by(|a, b| (a.file.path(cx.db), a.start).cmp(&(b.file.path(cx.db), b.start)));
        return Err(unrewritable);
    }
    let Some(mut edits) = declaration_edits(cx, name_end, target) else { return Ok(None) };
    for site in sites {
        edits.extend(site.rewrite.iter().flatten().cloned());
    }
    // Sites needing the same import share its edit; a stable sort keeps insertions at one offset
    // in the order each site made them.
    let mut unique: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if !unique.contains(&edit) {
            unique.push(edit);
        }
    }
    let mut edits = unique;
    edits.sort_by(|a, b| (a.file.path(cx.db), a.start, a.end).cmp(&(b.file.path(cx.db), b.start, b.end)));
    // Uses nest (`a.rel.filter(X.id.in_(b.rel...))`) with insertions only; should two uses' edits
    // still overlap, neither can be applied.
    if let Some(pair) = edits.windows(2).find(|w| w[0].file == w[1].file && w[1].start < w[0].end) {
        let site = sites.iter().find(|s| s.file == pair[1].file && s.start <= pair[1].start && pair[1].start <= s.end);
        return Err(vec![Related {
            file: pair[1].file,
            start: site.map_or(pair[1].start, |s| s.start),
            end: site.map_or(pair[1].end, |s| s.end),
            message: format!("`{}` is inside another use of the relationship", site.map_or("...", |s| s.text.as_str())),
        }]);
    }
    let count = sites.len();
    Ok(Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!(
            "Use `WriteOnlyMapped[\"{target}\"]` and rewrite {count} use{} with `.select()`",
            if count == 1 { "" } else { "s" }
        ),
        edits,
    }))
}

/// `posts = relationship("Post", lazy="dynamic")` → `posts: WriteOnlyMapped["Post"] =
/// relationship("Post")`; `DynamicMapped[...]` becomes `WriteOnlyMapped[...]`; `dynamic_loader`
/// becomes `relationship`.
fn declaration_edits(cx: &RuleContext<'_>, name_end: u32, target: &str) -> Option<Vec<Edit>> {
    let name = cx.parsed.root().descendant_for_byte_range(name_end as usize - 1, name_end as usize)?;
    let assignment = name.parent().filter(|p| p.kind() == "assignment" && field(*p, "left") == Some(name))?;
    let call = field(assignment, "right").filter(|r| r.kind() == "call")?;
    let arguments = field(call, "arguments").filter(|a| a.kind() == "argument_list")?;
    let write_only = import_name(cx, "sqlalchemy.orm", "WriteOnlyMapped");
    let mut edits: Vec<Edit> = write_only.edit.into_iter().collect();
    match field(assignment, "type") {
        None => edits.push(Edit {
            file: cx.file,
            start: name_end,
            end: name_end,
            content: format!(": {}[\"{target}\"]", write_only.expression),
        }),
        Some(annotation) => {
            // `DynamicMapped[...]`, `so.DynamicMapped[...]`: the text before `[` names the wrapper
            // (tree-sitter parses annotations as generic types or subscripts).
            let text = cx.text(annotation);
            let wrapper = text[..text.find('[')?].trim_end();
            if wrapper.rsplit('.').next().map(str::trim) != Some("DynamicMapped") {
                return None;
            }
            let start = annotation.start_byte() as u32;
            edits.push(Edit {
                file: cx.file,
                start,
                end: start + wrapper.len() as u32,
                content: write_only.expression,
            });
        }
    }
    let callee = field(call, "function")?;
    if cx.symbol_of(callee).as_deref() == Some("sqlalchemy.dynamic_loader") {
        let relationship = import_name(cx, "sqlalchemy.orm", "relationship");
        edits.extend(relationship.edit);
        edits.push(Edit {
            file: cx.file,
            start: callee.start_byte() as u32,
            end: callee.end_byte() as u32,
            content: relationship.expression,
        });
    }
    let lazy = named_children(arguments).into_iter().find(|a| {
        a.kind() == "keyword_argument"
            && field(*a, "name").is_some_and(|n| cx.text(n) == "lazy")
            && field(*a, "value").and_then(|v| string_value(v, cx.parsed.text())).as_deref() == Some("dynamic")
    });
    if let Some(lazy) = lazy {
        edits.push(remove_argument(cx, arguments, lazy)?);
    }
    Some(edits)
}
