//! SQA115 autocommit-session.

use super::receivers::{args, is_a, is_session, method_call, remove_argument};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::field;
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA115",
    name: "autocommit-session",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "Session `autocommit`, `subtransactions` and `session.transaction` were removed in 2.0",
    doc: r#"## What it does
Finds the 1.x session transaction APIs removed in 2.0 (MIGRATION.md M43–M45):
`Session(engine, autocommit=...)` and `sessionmaker(autocommit=...)`,
`session.begin(subtransactions=True)` and `session.transaction`.

## Why is this bad?
2.0 sessions always "autobegin" a transaction on first use; the `autocommit` parameter is gone
(passing it raises `TypeError`), as are "subtransactions" and the `Session.transaction` attribute.

## Example
```python
Session = sessionmaker(bind=engine, autocommit=True)
session.begin(subtransactions=True)
tx = session.transaction
```

## Use instead
```python
Session = sessionmaker(bind=engine)
with session.begin():  # the outermost block owns the transaction
    ...
tx = session.get_transaction()
```

## Fix safety
`autocommit=False` is the only 2.0 behaviour: removing it is a safe fix. Removing
`autocommit=True` is unsafe: code that grouped its writes in `with session.begin():` blocks keeps
working, but a write flushed outside such a block is no longer committed. `subtransactions` and
`session.transaction` change where transactions begin and end; they are reported with guidance
and no fix.
"#,
    fixable: true,
    check,
};

const SESSION_FACTORIES: &[&str] = &["sqlalchemy.Session", "sqlalchemy.sessionmaker"];

/// What a call passing `autocommit=` makes a session with: `Session(...)`, `sessionmaker(...)`, a
/// session factory called (`SessionLocal(...)`) or configured (`SessionLocal.configure(...)`).
fn session_factory(cx: &RuleContext<'_>, call: Node<'_>) -> Option<String> {
    let function = field(call, "function")?;
    if let Some(symbol) = cx.symbol_of(function).filter(|s| SESSION_FACTORIES.contains(&s.as_str())) {
        return Some(symbol.trim_start_matches("sqlalchemy.").to_owned());
    }
    let factory = |ty: &Ty| is_a(ty, "sessionmaker") || is_a(ty, "scoped_session");
    if factory(&cx.type_of(function)) {
        return Some(cx.text(function).to_owned());
    }
    let method = method_call(cx, call, &["configure"])?;
    factory(&cx.type_of(method.receiver)).then(|| format!("{}.configure", cx.text(method.receiver)))
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") else { continue };
        let parsed = args(cx, arguments);
        if let Some(autocommit) = parsed.keyword("autocommit") {
            let Some(short) = session_factory(cx, call) else { continue };
            let (message, fix) = if autocommit.value.kind() == "false" {
                let fix = remove_argument(cx, arguments, autocommit.node).map(|edit| Fix {
                    applicability: Applicability::Safe,
                    message: "Remove `autocommit=False`".to_owned(),
                    edits: vec![edit],
                });
                (
                    format!(
                        "`{short}(autocommit=False)`: the parameter was removed in 2.0 (this is the only behaviour); remove it"
                    ),
                    fix,
                )
            } else {
                // Code written for autocommit mode groups its writes in `with session.begin():`
                // blocks, which 2.0 sessions keep; writes outside such blocks now need a commit.
                let fix = remove_argument(cx, arguments, autocommit.node).map(|edit| Fix {
                    applicability: Applicability::Unsafe,
                    message: format!(
                        "Remove `{}`; commit writes made outside `with session.begin():`",
                        cx.text(autocommit.node)
                    ),
                    edits: vec![edit],
                });
                (
                    format!(
                        "`{short}(autocommit=...)` was removed in 2.0: sessions autobegin; use `with session.begin():` blocks or `session.commit()`"
                    ),
                    fix,
                )
            };
            out.push(cx.diagnostic_at(&RULE, autocommit.node, message, fix));
            continue;
        }
        let Some(method) = method_call(cx, call, &["begin"]) else { continue };
        let Some(subtransactions) = parsed.keyword("subtransactions") else { continue };
        if !is_session(&cx.type_of(method.receiver)) {
            continue;
        }
        let message = "`session.begin(subtransactions=True)` was removed in 2.0; begin once in the outermost scope (`with session.begin():`) and let inner code use the session".to_owned();
        out.push(cx.diagnostic_at(&RULE, subtransactions.node, message, None));
    }
    for attribute in cx.nodes("attribute") {
        if field(attribute, "attribute").map(|a| cx.text(a)) != Some("transaction") {
            continue;
        }
        let Some(session) = field(attribute, "object") else { continue };
        if !is_session(&cx.type_of(session)) {
            continue;
        }
        let message =
            "`Session.transaction` was removed in 2.0; use `session.get_transaction()` or a `with session.begin():` block"
                .to_owned();
        out.push(cx.diagnostic_at(&RULE, attribute, message, None));
    }
}
