//! SQA306 unknown-order-by.

use super::common::{declaration_call, kwarg_node, string_fix, string_value_node, suggest_column};
use crate::models::{AttrKind, Model, ModelRegistry};
use crate::rules::{Diagnostic, Family, Fix, Rule, RuleContext, Severity, did_you_mean};
use crate::schema::schema;
use crate::syntax::Node;

pub static RULE: Rule = Rule {
    code: "SQA306",
    name: "unknown-order-by",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`relationship(order_by=\"...\")` names an attribute that does not exist",
    doc: r#"## What it does
Reads the string given to `order_by=` of `relationship()` (and of `backref()`): each
`Class.attribute`, `table.c.column` or bare name in it must exist.

## Why is this bad?
SQLAlchemy evaluates the string when the mappers are configured, in the namespace of mapped
classes and tables: an unknown attribute raises `AttributeError`, and a bare column name
(`order_by="position"`) raises `InvalidRequestError`: names are not looked up on the target class.
No type checker sees inside the string.

## Example
```python
lines = relationship("InvoiceLine", order_by="InvoiceLine.positon")
items = relationship("Item", order_by="position")
```

## Use instead
```python
lines = relationship("InvoiceLine", order_by="InvoiceLine.position")
items = relationship("Item", order_by="Item.position")
```

## Fix safety
Safe when exactly one attribute fits: the one close to the typo, or for a bare name the target
class's attribute of that name.
"#,
    fixable: true,
    check,
};

/// Names SQLAlchemy's string evaluation finds besides classes and tables.
const FALLBACK_NAMES: &[&str] =
    &["foreign", "remote", "func", "text", "desc", "asc", "literal_column", "column", "null", "true", "false"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for model in models.in_file(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship || attr.via_backref || attr.declared_in != model.class {
                continue;
            }
            let Some(call) = declaration_call(cx, attr) else { continue };
            let source = cx.parsed.text();
            let target = attr.target.as_ref().and_then(|t| models.model(t));
            if let Some(node) = kwarg_node(call, "order_by", source) {
                check_string(cx, models, node, target, out);
            }
            // `backref("name", order_by="...")` orders the reverse side, whose target is this class.
            if let Some(backref) = kwarg_node(call, "backref", source).filter(|b| b.kind() == "call")
                && let Some(node) = kwarg_node(backref, "order_by", source)
            {
                check_string(cx, models, node, Some(model), out);
            }
        }
    }
}

fn check_string(
    cx: &RuleContext<'_>,
    models: &ModelRegistry,
    node: Node<'_>,
    target: Option<&Model>,
    out: &mut Vec<Diagnostic>,
) {
    if node.kind() != "string" {
        return;
    }
    let Some(value) = string_value_node(cx, node) else { return };
    for (offset, path) in paths(&value) {
        let segments: Vec<&str> = path.split('.').collect();
        let Some((problem, suggestion, replace)) = examine(cx, models, &segments, target) else { continue };
        // `replace` is the span of segments the suggestion stands for: (first segment, count).
        let start = offset + segments[..replace.0].iter().map(|s| s.len() + 1).sum::<usize>();
        let end = start + segments[replace.0..replace.0 + replace.1].join(".").len();
        let fix: Option<Fix> = suggestion.as_deref().and_then(|s| string_fix(cx, node, start, end, s));
        let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        let message = format!("`order_by=\"{value}\"`: {problem}{hint}");
        out.push(cx.diagnostic_at(&RULE, node, message, fix));
    }
}

type Finding = (String, Option<String>, (usize, usize));

fn examine(cx: &RuleContext<'_>, models: &ModelRegistry, segments: &[&str], target: Option<&Model>) -> Option<Finding> {
    let schema = schema(cx.db);
    let first = segments[0];
    let classes: Vec<&Model> = models.by_name(first).collect();
    if let Some(class) = classes.first() {
        // `Class.attribute`; several classes of one name are SQLAlchemy's to disambiguate.
        let attribute = *segments.get(1)?;
        if classes.len() > 1
            || class.attribute(attribute).is_some()
            || schema.model(&class.class).is_none_or(|m| m.opaque)
        {
            return None;
        }
        let suggestion = did_you_mean(attribute, class.attributes.iter().map(|a| a.name.as_str()));
        let problem = format!("`{first}` has no attribute `{attribute}`");
        return Some((problem, suggestion.map(str::to_owned), (1, 1)));
    }
    if let Some(view) = schema.tables.get(first) {
        // `table.c.column`.
        if segments.get(1) != Some(&"c") || view.opaque {
            return None;
        }
        let column = *segments.get(2)?;
        if view.has_column(column) {
            return None;
        }
        let problem = format!("table `{first}` has no column `{column}`");
        return Some((problem, suggest_column(view, column).map(str::to_owned), (2, 1)));
    }
    // A module path (`app.models.User.id`), or a name we do not see.
    if segments.iter().skip(1).any(|s| models.by_name(s).next().is_some()) || is_module_root(cx, first) {
        return None;
    }
    match segments {
        [bare] => {
            if FALLBACK_NAMES.contains(bare) {
                return None;
            }
            let problem = format!(
                "`{bare}` is neither a mapped class nor a table (names in the string are not looked up on the target)"
            );
            let suggestion = target.and_then(|t| {
                let name = match t.attribute(bare) {
                    Some(_) => Some(*bare),
                    None => did_you_mean(bare, t.attributes.iter().map(|a| a.name.as_str())),
                };
                name.map(|n| format!("{}.{n}", t.name()))
            });
            Some((problem, suggestion, (0, 1)))
        }
        [class, _] if schema.names_complete && !schema.unmapped_classes.iter().any(|c| c == class) => {
            let problem = format!("no mapped class or table `{class}`");
            let names = models.models.iter().map(|m| m.name()).chain(schema.tables.keys().map(|t| t.as_str()));
            let suggestion = did_you_mean(class, names).map(str::to_owned);
            Some((problem, suggestion, (0, 1)))
        }
        _ => None,
    }
}

fn is_module_root(cx: &RuleContext<'_>, name: &str) -> bool {
    let map = crate::hir::module_map(cx.db);
    cx.db
        .project()
        .files(cx.db)
        .iter()
        .filter_map(|f| map.name(*f))
        .any(|m| m == name || m.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
}

/// The dotted paths of an `order_by` string, with their offsets: `"A.x"`, `"A.x.desc()"`,
/// `"desc(A.x)"`, `"[A.x, A.y]"`, `"A.x, A.y"`. Anything else (calls, operators) is skipped.
fn paths(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let trimmed = value.trim_end();
    let (base, inner) = match trimmed.trim_start().strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) => (trimmed.len() - trimmed.trim_start().len() + 1, inner),
        None => (0, trimmed),
    };
    let mut at = base;
    for piece in inner.split(',') {
        let piece_start = at;
        at += piece.len() + 1;
        let lead = piece.len() - piece.trim_start().len();
        let mut path = piece.trim();
        let mut start = piece_start + lead;
        for wrapper in ["desc(", "asc("] {
            if let Some(rest) = path.strip_prefix(wrapper).and_then(|r| r.strip_suffix(')')) {
                start += wrapper.len();
                path = rest.trim_end();
                let inner_lead = rest.len() - rest.trim_start().len();
                start += inner_lead;
                path = path.trim_start();
            }
        }
        loop {
            let stripped = [".desc()", ".asc()", ".nulls_first()", ".nulls_last()"]
                .iter()
                .find_map(|suffix| path.strip_suffix(suffix));
            match stripped {
                Some(rest) => path = rest,
                None => break,
            }
        }
        let is_path = !path.is_empty()
            && path.split('.').all(|s| {
                !s.is_empty()
                    && s.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && !s.starts_with(|c: char| c.is_ascii_digit())
            });
        if is_path {
            out.push((start, path));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::paths;

    #[test]
    fn order_by_paths() {
        assert_eq!(paths("A.x"), vec![(0, "A.x")]);
        assert_eq!(paths("A.x.desc()"), vec![(0, "A.x")]);
        assert_eq!(paths("desc(A.x)"), vec![(5, "A.x")]);
        assert_eq!(paths("[A.x, B.y.asc()]"), vec![(1, "A.x"), (6, "B.y")]);
        assert_eq!(paths("A.x, y"), vec![(0, "A.x"), (5, "y")]);
        assert_eq!(paths("func.lower(A.x)"), Vec::<(usize, &str)>::new());
    }
}
