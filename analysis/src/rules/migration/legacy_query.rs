//! SQA104 legacy-query.

use super::receivers::{is_session, method_called_on, sorted};
use crate::models::{AttrKind, Model};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, ClassRef, Ty};

pub static RULE: Rule = Rule {
    code: "SQA104",
    name: "legacy-query",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`session.query(...)` and `Model.query` are the legacy Query API; use `select()`",
    doc: r#"## What it does
Finds `session.query(...)` and Flask's `Model.query`, the legacy `Query` API, and shows the
`select()` form of the chain (MIGRATION.md M24–M33).

## Why is this bad?
`Query` is "legacy" in SQLAlchemy 2.0: it is kept as a thin facade over `select()`, gets no new
features, and is typed less precisely. 2.0-style code builds a `select()` and executes it with
`Session.execute()`, `Session.scalars()` or `Session.scalar()`.

## Example
```python
users = session.query(User).filter(User.name == "x").order_by(User.id).all()
user = session.query(User).filter_by(name="x").one()
n = session.query(User).filter(User.active).count()
```

## Use instead
```python
users = session.scalars(select(User).where(User.name == "x").order_by(User.id)).all()
user = session.execute(select(User).filter_by(name="x")).scalar_one()
n = session.scalar(select(func.count()).select_from(User).where(User.active))
```

## Fix safety
Safe for `session.query(...)` chains of `filter`, `filter_by`, `where`, `order_by`, `limit`,
`offset`, `join`, `outerjoin`, `options`, `group_by`, `having`, `distinct` that end in `all()`,
`first()` (which gets its `.limit(1)`), `one()`, `one_or_none()`, `scalar()`
(`scalar_one_or_none()`: `Query.scalar()` raised on several rows too), `count()` (filters only,
one mapped class), or are iterated (`for x in session.query(...)`). One entity gives
`session.scalars(...)`, several columns or entities give rows (`session.execute(...)`).
`Query` de-duplicated rows holding entities; after a join or loader options, and when a queried
class has a joined eager-loaded relationship, the fix calls `.unique()` to keep that. On rows
that also hold column values this is unsafe: `.unique()` hashes them, and an unhashable value
(a JSON dict) raises where `Query` fell back to identity. `update(values)` / `delete()` after
filters become `session.execute(update(Model).where(...).values(values))` (with
`synchronize_session` as an execution option, and `.rowcount` where the count was used).
`select`, `func`, `update` and `delete` are imported when needed. Other chains (queries kept in
variables, `subquery()`, `*args`) and `Model.query` are reported with guidance. `.get()` is
SQA109's.
"#,
    fixable: true,
    check,
};

/// Methods a fixable chain may call before its end, and what they become on a `Select`.
const CARRIED: &[(&str, &str)] = &[
    ("filter", "where"),
    ("filter_by", "filter_by"),
    ("where", "where"),
    ("order_by", "order_by"),
    ("limit", "limit"),
    ("offset", "offset"),
    ("join", "join"),
    ("outerjoin", "outerjoin"),
    ("options", "options"),
    ("group_by", "group_by"),
    ("having", "having"),
    ("distinct", "distinct"),
];

/// Steps after which `Query` rows of entities may repeat: `Query` de-duplicated them, a `select()`
/// needs `.unique()` (2.0 requires it for joined eager loads of collections anyway).
const MAY_REPEAT: &[&str] = &["join", "outerjoin", "options"];

const TERMINALS: &[&str] = &["all", "first", "one", "one_or_none", "count", "scalar"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function").filter(|f| f.kind() == "attribute") else { continue };
        if field(function, "attribute").map(|a| cx.text(a)) != Some("query") {
            continue;
        }
        let Some(session) = field(function, "object") else { continue };
        if !is_query(&cx.type_of(call)) || !is_session(&cx.type_of(session)) {
            continue;
        }
        let steps = chain(cx, call);
        if steps.last().is_some_and(|s| s.name == "get") {
            continue; // SQA109
        }
        let fix = fix(cx, call, session, &steps);
        let single = selected(cx, &cx.type_of(call)).map(|s| matches!(s, Selected::Entity(_)));
        let message =
            format!("`Session.query()` is the legacy Query API; {}", guidance(cx.text(session), single, &steps));
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
    // Flask-SQLAlchemy's (or a `query_property()`'s) `User.query`.
    for attribute in cx.nodes("attribute") {
        if field(attribute, "attribute").map(|a| cx.text(a)) != Some("query") {
            continue;
        }
        let Some(object) = field(attribute, "object") else { continue };
        let assigned =
            attribute.parent().is_some_and(|p| p.kind() == "assignment" && field(p, "left") == Some(attribute));
        if assigned {
            continue;
        }
        let ty = cx.type_of(attribute);
        if !is_query(&ty) || !matches!(cx.type_of(object), Ty::TypeOf(_)) {
            continue;
        }
        let steps = chain(cx, attribute);
        if steps.last().is_some_and(|s| s.name == "get") {
            continue;
        }
        let model = cx.text(object);
        let message = format!("`{model}.query` is the legacy Query API; {}", guidance("session", Some(true), &steps));
        out.push(cx.diagnostic_at(&RULE, attribute, message, None));
    }
}

fn is_query(ty: &Ty) -> bool {
    match ty {
        Ty::Instance(Class::Ext(name), _) => name.as_str() == "sqlalchemy.Query",
        Ty::Rows(kind, _) => kind.as_str() == "RowReturningQuery",
        _ => false,
    }
}

/// One `.name(...)` call of a chain.
struct Step<'t> {
    name: String,
    name_node: Node<'t>,
    call: Node<'t>,
    /// The call's type is still a `Query`.
    builds: bool,
}

/// The calls chained onto a query: `.filter(...).order_by(...).all()`, up to the first that is no
/// longer a `Query`.
fn chain<'t>(cx: &RuleContext<'_>, start: Node<'t>) -> Vec<Step<'t>> {
    let mut steps = Vec::new();
    let mut current = start;
    while let Some((name_node, call)) = method_called_on(current) {
        let builds = is_query(&cx.type_of(call));
        steps.push(Step { name: cx.text(name_node).to_owned(), name_node, call, builds });
        current = call;
        if !builds {
            break;
        }
    }
    steps
}

/// What the chain becomes, in words, for the message. `single`: one entity (scalars) or rows.
fn guidance(session: &str, single: Option<bool>, steps: &[Step<'_>]) -> String {
    let has = |name: &str| steps.iter().any(|s| s.name == name);
    let terminal = steps.last().filter(|s| !s.builds).map(|s| s.name.as_str());
    if has("update") {
        return format!("use `{session}.execute(update(Model).where(...).values(...))`");
    }
    if has("delete") {
        return format!("use `{session}.execute(delete(Model).where(...))`");
    }
    let (scalars, execute) = (format!("{session}.scalars(select(...))"), format!("{session}.execute(select(...))"));
    let mut text = match (terminal, single) {
        (Some("count"), _) => format!("use `{session}.scalar(select(func.count()).select_from(...))`"),
        (Some("first"), Some(true)) => format!("use `{session}.scalars(select(...).limit(1)).first()`"),
        (Some("first"), _) => format!("use `{session}.execute(select(...).limit(1)).first()`"),
        (Some("one"), Some(true)) => format!("use `{execute}.scalar_one()`"),
        (Some("one_or_none"), Some(true)) => format!("use `{execute}.scalar_one_or_none()`"),
        (Some("scalar"), _) => format!("use `{session}.scalar(select(...))`"),
        (Some("all"), Some(true)) => format!("use `{scalars}.all()`"),
        (Some(name @ ("all" | "one" | "one_or_none")), Some(false)) => format!("use `{execute}.{name}()`"),
        _ => format!("use `{scalars}` (one entity) or `{execute}` (rows)"),
    };
    if has("filter") {
        text.push_str(", with `.where()` for `.filter()`");
    }
    if terminal != Some("count") && (has("options") || has("join") || has("outerjoin")) {
        text.push_str(
            "; `Query` de-duplicated entities, `select()` needs `.unique()` for that (joins, joined eager loading)",
        );
    }
    if has("populate_existing") {
        text.push_str("; `.populate_existing()` is `.execution_options(populate_existing=True)`");
    }
    text
}

/// What a query selects: one entity (scalars) or rows; and the mapped classes involved.
enum Selected {
    Entity(ClassRef),
    Rows(Vec<ClassRef>),
}

fn selected(cx: &RuleContext<'_>, ty: &Ty) -> Option<Selected> {
    match ty {
        Ty::Instance(_, args) => match args.as_slice() {
            [Ty::Instance(Class::User(class), _)] if cx.models().model(class).is_some() => {
                Some(Selected::Entity(class.clone()))
            }
            _ => None,
        },
        Ty::Rows(_, shape) if shape.tail == crate::types::RowTail::Exact && !shape.cols.is_empty() => {
            let mut classes = Vec::new();
            for col in &shape.cols {
                match &col.ty {
                    Ty::Instance(Class::User(class), _) => {
                        cx.models().model(class)?;
                        classes.push(class.clone());
                    }
                    Ty::Unknown => return None,
                    _ => {}
                }
            }
            Some(Selected::Rows(classes))
        }
        _ => None,
    }
}

/// A relationship that may load eagerly by JOIN (`lazy="joined"`, or a `lazy=` we cannot read):
/// 2.0 then requires `.unique()`.
fn joined_eager(model: &Model) -> bool {
    model.attributes.iter().filter(|a| a.kind == AttrKind::Relationship).any(|a| match a.lazy.as_deref() {
        Some(lazy) => lazy == "joined",
        None => a.value.as_ref().is_some_and(|v| v.kwarg("lazy").is_some()),
    })
}

fn fix(cx: &RuleContext<'_>, query: Node<'_>, session: Node<'_>, steps: &[Step<'_>]) -> Option<Fix> {
    let (terminal, builders) = match steps.split_last() {
        Some((last, rest)) if !last.builds => (Some(last), rest),
        _ => (None, steps),
    };
    if builders.iter().any(|s| !CARRIED.iter().any(|(name, _)| *name == s.name) || !plain_arguments(s.call)) {
        return None;
    }
    let arguments = field(query, "arguments").filter(|a| a.kind() == "argument_list")?;
    let entities = named_children(arguments);
    let positional_only =
        entities.iter().all(|e| !matches!(e.kind(), "keyword_argument" | "list_splat" | "dictionary_splat"));
    if entities.is_empty() || !positional_only {
        return None;
    }
    let selected = selected(cx, &cx.type_of(query))?;
    let chain = Chain { query, session, builders, entities: &entities, selected: &selected };
    match terminal {
        Some(t) if matches!(t.name.as_str(), "update" | "delete") => chain.dml(cx, t),
        Some(t) if TERMINALS.contains(&t.name.as_str()) && no_arguments(t.call) => chain.select(cx, Some(t)),
        Some(_) => None,
        None if iterated(builders.last().map_or(query, |s| s.call)) => chain.select(cx, None),
        None => None,
    }
}

/// A query iterated where it stands: `for x in session.query(...):` or a comprehension's `in`.
fn iterated(node: Node<'_>) -> bool {
    node.parent()
        .is_some_and(|p| matches!(p.kind(), "for_statement" | "for_in_clause") && field(p, "right") == Some(node))
}

/// A fixable `session.query(...)` chain: the query call, its session, the carried steps.
struct Chain<'c, 't> {
    query: Node<'t>,
    session: Node<'t>,
    builders: &'c [Step<'t>],
    entities: &'c [Node<'t>],
    selected: &'c Selected,
}

impl Chain<'_, '_> {
    fn edit(&self, cx: &RuleContext<'_>, start: usize, end: usize, content: String) -> Edit {
        Edit { file: cx.file, start: start as u32, end: end as u32, content }
    }

    /// `.filter()` → `.where()`, … on the carried steps.
    fn renames(&self, cx: &RuleContext<'_>) -> Option<Vec<Edit>> {
        let mut edits = Vec::new();
        for step in self.builders {
            let (_, to) = CARRIED.iter().find(|(name, _)| *name == step.name)?;
            if *to != step.name {
                edits.push(self.edit(cx, step.name_node.start_byte(), step.name_node.end_byte(), (*to).to_owned()));
            }
        }
        Some(edits)
    }

    fn last_builder(&self) -> Node<'_> {
        self.builders.last().map_or(self.query, |s| s.call)
    }

    /// `.all()`, `.first()`, `.one()`, `.one_or_none()`, `.scalar()`, `.count()`, or iteration
    /// (`terminal` `None`).
    fn select(&self, cx: &RuleContext<'_>, terminal: Option<&Step<'_>>) -> Option<Fix> {
        let classes = match self.selected {
            Selected::Entity(class) => std::slice::from_ref(class),
            Selected::Rows(classes) => classes.as_slice(),
        };
        let joined_eager = classes.iter().filter_map(|c| cx.models().model(c)).any(joined_eager);
        let may_repeat = !classes.is_empty() && self.builders.iter().any(|s| MAY_REPEAT.contains(&s.name.as_str()));
        let query_name = field(field(self.query, "function")?, "attribute")?;
        let select = import_name(cx, "sqlalchemy", "select");
        let mut edits: Vec<Edit> = select.edit.clone().into_iter().collect();
        edits.extend(self.renames(cx)?);
        let single = matches!(self.selected, Selected::Entity(_));
        let session_text = cx.text(self.session);
        let terminal_name = terminal.map(|t| t.name.as_str());
        if terminal_name == Some("count") {
            let (Selected::Entity(class), [entity]) = (self.selected, self.entities) else { return None };
            let inherits_mapped = cx.models().model(class)?.bases.iter().any(|b| cx.models().model(b).is_some());
            let filters_only =
                self.builders.iter().all(|s| matches!(s.name.as_str(), "filter" | "filter_by" | "where"));
            if inherits_mapped || !filters_only {
                return None;
            }
            let terminal = terminal?;
            let func = import_name(cx, "sqlalchemy", "func");
            edits.extend(func.edit.clone());
            edits.push(self.edit(
                cx,
                query_name.start_byte(),
                self.query.end_byte(),
                format!("scalar({}({}.count()).select_from({})", select.expression, func.expression, cx.text(*entity)),
            ));
            edits.push(self.edit(cx, self.last_builder().end_byte(), terminal.call.end_byte(), ")".to_owned()));
            let message = format!("Use `{session_text}.scalar(select(func.count()).select_from(...))`");
            return Some(Fix { applicability: Applicability::Safe, message, edits: sorted(edits) });
        }
        // `Query.scalar()` is `one()`'s first column, `None` for no row.
        let (verb, end) = match (single, terminal_name) {
            (_, Some("scalar")) => ("execute", Some("scalar_one_or_none")),
            (true, Some("one")) => ("execute", Some("scalar_one")),
            (true, Some("one_or_none")) => ("execute", Some("scalar_one_or_none")),
            (true, _) => ("scalars", None),
            (false, _) => ("execute", None),
        };
        edits.push(self.edit(
            cx,
            query_name.start_byte(),
            query_name.end_byte(),
            format!("{verb}({}", select.expression),
        ));
        let limit = if terminal_name == Some("first") { ".limit(1)" } else { "" };
        let unique = if joined_eager || may_repeat { ".unique()" } else { "" };
        edits.push(self.edit(
            cx,
            self.last_builder().end_byte(),
            self.last_builder().end_byte(),
            format!("{limit}){unique}"),
        ));
        if let (Some(end), Some(terminal)) = (end, terminal) {
            edits.push(self.edit(cx, terminal.name_node.start_byte(), terminal.name_node.end_byte(), end.to_owned()));
        }
        let shown_end = match (end, terminal_name) {
            (Some(end), _) => format!(".{end}()"),
            (None, Some(name)) => format!(".{name}()"),
            (None, None) => String::new(),
        };
        let message = format!("Use `{session_text}.{verb}(select(...)){unique}{shown_end}`");
        // `.unique()` hashes every column of a row; `Query` fell back to `id()` for unhashable values.
        let hashes_values = !unique.is_empty() && self.has_column_values();
        let applicability = if hashes_values { Applicability::Unsafe } else { Applicability::Safe };
        Some(Fix { applicability, message, edits: sorted(edits) })
    }

    /// Rows that hold plain column values besides entities.
    fn has_column_values(&self) -> bool {
        match self.selected {
            Selected::Entity(_) => false,
            Selected::Rows(classes) => classes.len() < self.entities.len(),
        }
    }

    /// `.update(values, synchronize_session=...)` / `.delete(...)` after filters →
    /// `session.execute(update(Model).where(...).values(values).execution_options(...))`.
    fn dml(&self, cx: &RuleContext<'_>, terminal: &Step<'_>) -> Option<Fix> {
        let (Selected::Entity(_), [entity]) = (self.selected, self.entities) else { return None };
        if !self.builders.iter().all(|s| matches!(s.name.as_str(), "filter" | "filter_by" | "where")) {
            return None;
        }
        let arguments = field(terminal.call, "arguments").filter(|a| a.kind() == "argument_list")?;
        let parsed = super::receivers::args(cx, arguments);
        if parsed.splat || parsed.keywords.iter().any(|k| k.name != "synchronize_session") {
            return None;
        }
        let verb = terminal.name.as_str();
        let (values, synchronize) = match (verb, parsed.positional.as_slice()) {
            ("update", [values]) => (Some(*values), parsed.keyword("synchronize_session").map(|k| k.value)),
            ("update", [values, synchronize]) => (Some(*values), Some(*synchronize)),
            ("delete", []) => (None, parsed.keyword("synchronize_session").map(|k| k.value)),
            ("delete", [synchronize]) => (None, Some(*synchronize)),
            _ => return None,
        };
        let query_name = field(field(self.query, "function")?, "attribute")?;
        let constructor = import_name(cx, "sqlalchemy", verb);
        let mut edits: Vec<Edit> = constructor.edit.clone().into_iter().collect();
        edits.extend(self.renames(cx)?);
        edits.push(self.edit(
            cx,
            query_name.start_byte(),
            self.query.end_byte(),
            format!("execute({}({})", constructor.expression, cx.text(*entity)),
        ));
        let mut tail = String::new();
        if let Some(values) = values {
            tail.push_str(&format!(".values({})", cx.text(values)));
        }
        if let Some(synchronize) = synchronize {
            tail.push_str(&format!(".execution_options(synchronize_session={})", cx.text(synchronize)));
        }
        tail.push(')');
        // `Query.update()` returned the number of rows matched.
        let used = terminal.call.parent().is_some_and(|p| p.kind() != "expression_statement");
        if used {
            tail.push_str(".rowcount");
        }
        edits.push(self.edit(cx, self.last_builder().end_byte(), terminal.call.end_byte(), tail));
        let message = format!("Use `{}.execute({verb}(...))`", cx.text(self.session));
        Some(Fix { applicability: Applicability::Safe, message, edits: sorted(edits) })
    }
}

/// Only positional and keyword arguments (no `*args`, `**kwargs`, generator argument).
fn plain_arguments(call: Node<'_>) -> bool {
    field(call, "arguments").is_some_and(|a| {
        a.kind() == "argument_list"
            && named_children(a).iter().all(|arg| !matches!(arg.kind(), "list_splat" | "dictionary_splat"))
    })
}

fn no_arguments(call: Node<'_>) -> bool {
    field(call, "arguments").is_some_and(|a| a.kind() == "argument_list" && named_children(a).is_empty())
}
