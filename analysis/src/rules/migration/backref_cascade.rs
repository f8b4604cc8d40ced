//! SQA123 backref-cascade.

use super::receivers::{args, is_session, line_indent};
use crate::models::{AttrKind, Model};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{descendants, field, named_children};
use crate::types::{Class, Ty};

pub static RULE: Rule = Rule {
    code: "SQA123",
    name: "backref-cascade",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "a new object reaches the session only through a backref, which 2.0 no longer cascades",
    doc: r#"## What it does
Finds a new mapped object linked to another one through a bidirectional relationship
(`Comment(post=post)`, `comment.post = post`) and then committed or flushed without ever being
added to the session (MIGRATION.md M23).

## Why is this bad?
In 1.x, setting `comment.post = post` fired the backref (`post.comments.append(comment)`) and the
"cascade_backrefs" behaviour put `comment` into `post`'s session. SQLAlchemy 2.0 removed that
cascade: the comment is silently not saved by the commit.

## Example
```python
comment = Comment(post=post, body="hi")
session.commit()
```

## Use instead
```python
comment = Comment(post=post, body="hi")
session.add(comment)
session.commit()
```

## Fix safety
Unsafe: the fix adds `session.add(obj)` after the statement that creates the object, using the
session in scope that is committed or flushed next. 1.x added the object to the session of the
object it was linked to, which is normally the same one; review when several sessions are around.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(model) = constructed_model(cx, call) else { continue };
        let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") else { continue };
        let parsed = args(cx, arguments);
        let Some(first) = parsed.keywords.iter().map(|k| k.name.as_str()).find(|name| has_reverse_side(model, name))
        else {
            continue;
        };
        let Some((statement, variable)) = assigned_to_name(cx, call) else { continue };
        let Some(session) = committed_without_add(cx, statement, variable) else { continue };
        let message = format!(
            "`{variable}` is linked through `{}.{first}` and committed without `{session}.add({variable})`: 2.0 no longer cascades new objects along backrefs, so it is not saved",
            model.name()
        );
        let fix = line_indent(cx, statement).map(|indent| Fix {
            applicability: Applicability::Unsafe,
            message: format!("Add `{session}.add({variable})`"),
            edits: vec![Edit {
                file: cx.file,
                start: statement.end_byte() as u32,
                end: statement.end_byte() as u32,
                content: format!("\n{indent}{session}.add({variable})"),
            }],
        });
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

/// `Model(...)`: the mapped class called.
fn constructed_model<'a>(cx: &RuleContext<'a>, call: Node<'_>) -> Option<&'a Model> {
    let callee = field(call, "function")?;
    let Ty::TypeOf(instance) = cx.type_of(callee) else { return None };
    let Ty::Instance(Class::User(class), _) = *instance else { return None };
    cx.models().model(&class)
}

/// A relationship whose other side is declared too (`back_populates`, `backref`, or itself made
/// by a `backref`): setting it appends to the other object's collection.
fn has_reverse_side(model: &Model, name: &str) -> bool {
    model.attribute(name).is_some_and(|attr| {
        attr.kind == AttrKind::Relationship
            && (attr.back_populates.is_some() || attr.backref.is_some() || attr.via_backref)
    })
}

/// `name = Model(...)` as a statement of a function body: the statement and the name.
fn assigned_to_name<'t>(cx: &RuleContext<'t>, call: Node<'t>) -> Option<(Node<'t>, &'t str)> {
    let assignment = call.parent().filter(|p| p.kind() == "assignment" && field(*p, "right") == Some(call))?;
    let target = field(assignment, "left").filter(|t| t.kind() == "identifier")?;
    let statement = assignment.parent().filter(|s| s.kind() == "expression_statement")?;
    statement.parent().filter(|b| b.kind() == "block")?;
    Some((statement, cx.text(target)))
}

/// The session committed or flushed by a later statement of the block, when nothing before it hands
/// `variable` to anything (`session.add(x)`, `parent.children.append(x)`, `f(x)`): only `x.attr` reads
/// and writes are allowed in between.
fn committed_without_add<'t>(cx: &RuleContext<'t>, statement: Node<'t>, variable: &str) -> Option<&'t str> {
    let mut next = statement.next_named_sibling();
    while let Some(sibling) = next {
        if let Some(session) = session_commit(cx, sibling) {
            return Some(session);
        }
        let escapes = descendants(sibling, "identifier").into_iter().any(|id| {
            cx.text(id) == variable
                && !id.parent().is_some_and(|p| p.kind() == "attribute" && field(p, "object") == Some(id))
        });
        if escapes {
            return None;
        }
        next = sibling.next_named_sibling();
    }
    None
}

/// `session.commit()` / `session.flush()` as a statement: the session's text.
fn session_commit<'t>(cx: &RuleContext<'t>, statement: Node<'t>) -> Option<&'t str> {
    let call = named_children(statement).into_iter().next().filter(|c| c.kind() == "call")?;
    let function = field(call, "function").filter(|f| f.kind() == "attribute")?;
    let name = cx.text(field(function, "attribute")?);
    let session = field(function, "object")?;
    (matches!(name, "commit" | "flush") && is_session(&cx.type_of(session))).then(|| cx.text(session))
}
