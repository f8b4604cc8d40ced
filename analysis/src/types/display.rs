//! Type display, following pyright's spelling for each SQLAlchemy series:
//! 2.0 rows are `Select[Tuple[int, str]]`, 2.1 rows are `Select[int, str]` (PEP 646).

use std::fmt::Write;

use rustc_hash::FxHashMap;

use super::{Class, Literal, RowShape, RowTail, Signature, SignatureParamKind, TupleSpelling, Ty};
use crate::settings::Series;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisplayMode<'a> {
    pub series: Series,
    /// Classes shown by their full name: where two classes of one shown type share a name, as
    /// pyright tells them apart (`core.BlockSchema | orm_models.BlockSchema`, fully qualified).
    pub full_names: Option<&'a FxHashMap<Class, String>>,
}

pub fn display(ty: &Ty, series: Series) -> String {
    display_in(ty, DisplayMode { series, full_names: None })
}

/// [`display`], naming the classes of `full_names` by their full names.
pub fn display_with_full_names(ty: &Ty, series: Series, full_names: &FxHashMap<Class, String>) -> String {
    display_in(ty, DisplayMode { series, full_names: Some(full_names) })
}

fn display_in(ty: &Ty, mode: DisplayMode<'_>) -> String {
    let mut out = String::new();
    write_ty(&mut out, ty, mode);
    out
}

fn write_ty(out: &mut String, ty: &Ty, mode: DisplayMode<'_>) {
    match ty {
        Ty::Unknown | Ty::EmptyDisplayItem => out.push_str("Unknown"),
        Ty::Any => out.push_str("Any"),
        Ty::Never => out.push_str("Never"),
        Ty::None => out.push_str("None"),
        Ty::Literal(literal) => {
            out.push_str("Literal[");
            literal.write(out);
            out.push(']');
        }
        Ty::Instance(Class::Ext(name), values) if name.as_str() == "typing.Literal" => {
            out.push_str("Literal[");
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match value {
                    Ty::Literal(literal) => literal.write(out),
                    other => write_ty(out, other, mode),
                }
            }
            out.push(']');
        }
        // `(int, str) -> Session`, `(...) -> int`: a callable as pyright writes it.
        Ty::Instance(Class::Ext(name), args) if name.as_str() == super::annotation::CALLABLE => {
            match args.first() {
                Some(Ty::Tuple(_, params)) => {
                    out.push('(');
                    write_list(out, params, mode);
                    out.push(')');
                }
                _ => out.push_str("(...)"),
            }
            write_returns(out, args.get(1).unwrap_or(&Ty::Unknown), mode);
        }
        // `_Wrapped[..., Unknown, (self: Unknown, ...), Response]`: its parameter specifications are
        // parameter lists, `...` for any.
        Ty::Instance(Class::Ext(name), args) if name.as_str() == super::annotation::WRAPPED => {
            out.push_str("_Wrapped[");
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match arg {
                    Ty::Signature(signature) if i % 2 == 0 => write_parameter_spec(out, signature, mode),
                    other => write_ty(out, other, mode),
                }
            }
            out.push(']');
        }
        Ty::Instance(Class::User(class), args) if Ty::is_self_marker(args) => {
            let _ = write!(out, "Self@{}", class.own_name());
            if let [_, params @ ..] = args.as_slice()
                && !params.is_empty()
            {
                out.push('[');
                write_list(out, params, mode);
                out.push(']');
            }
        }
        // `-> Table` in an annotation: what 2.1 parameterises, as its values are shown.
        Ty::Instance(Class::Ext(name), args)
            if args.is_empty()
                && name
                    .strip_prefix("sqlalchemy.")
                    .is_some_and(|short| crate::sqlalchemy::template::UNPARAMETERISED_ROW_KINDS.contains(&short)) =>
        {
            let short = name.strip_prefix("sqlalchemy.").unwrap_or(name);
            out.push_str(&unparameterised_display(short, mode.series));
        }
        Ty::Instance(class, args) => {
            out.push_str(mode.full_names.and_then(|names| names.get(class)).map_or(class_name(class), String::as_str));
            // `TableClause`, `FromClause` named bare: 2.1 fills in their column collection's default.
            if let (Class::Ext(name), true) = (class, args.is_empty())
                && let Some(default) = column_collection_default(name, mode)
            {
                out.push('[');
                out.push_str(default);
                out.push(']');
            }
            // `Column[T, None]` marks a nullable Core column; type checkers write `Column[T]`.
            let args = match (class, args.as_slice()) {
                (Class::Ext(name), [value, Ty::None]) if name.as_str() == "sqlalchemy.Column" => {
                    std::slice::from_ref(value)
                }
                _ => args.as_slice(),
            };
            if !args.is_empty() {
                out.push('[');
                write_list(out, args, mode);
                out.push(']');
            }
        }
        Ty::TypeOf(inner) => {
            out.push_str("type[");
            write_ty(out, inner, mode);
            out.push(']');
        }
        Ty::Union(parts) => {
            // As pyright writes unions: the other types, then the literals joined into one
            // `Literal[...]` (`int | Literal['a']`), then `None`.
            let literals: Vec<&Literal> =
                parts.iter().filter_map(|p| if let Ty::Literal(literal) = p { Some(literal) } else { None }).collect();
            let mut first = true;
            let mut separate = |out: &mut String| {
                if !std::mem::take(&mut first) {
                    out.push_str(" | ");
                }
            };
            // Two members that read the same are one type to type checkers (`Subquery` of two
            // selects whose columns only the precise view tells apart).
            let mut written: Vec<String> = Vec::new();
            for part in parts.iter().filter(|p| !matches!(p, Ty::None | Ty::Literal(_))) {
                let mut text = String::new();
                // `(() -> Session) | None`: a callable's arrow would take the rest of the union.
                let callable = is_callable(part, mode);
                if callable {
                    text.push('(');
                }
                write_ty(&mut text, part, mode);
                if callable {
                    text.push(')');
                }
                if !written.contains(&text) {
                    separate(out);
                    out.push_str(&text);
                    written.push(text);
                }
            }
            if !literals.is_empty() {
                separate(out);
                out.push_str("Literal[");
                for (i, literal) in literals.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    literal.write(out);
                }
                out.push(']');
            }
            if parts.contains(&Ty::None) {
                separate(out);
                out.push_str("None");
            }
        }
        Ty::Tuple(spelling, items) => {
            out.push_str(match spelling {
                TupleSpelling::Builtin => "tuple[",
                TupleSpelling::Typing => "Tuple[",
            });
            if items.is_empty() {
                out.push_str("()");
            } else {
                write_list(out, items, mode);
            }
            out.push(']');
        }
        Ty::Rows(kind, _) if crate::sqlalchemy::template::UNPARAMETERISED_ROW_KINDS.contains(&kind.as_str()) => {
            out.push_str(&unparameterised_display(kind, mode.series));
        }
        Ty::Rows(kind, shape) => {
            out.push_str(kind);
            out.push('[');
            write_row_args(out, shape, mode);
            out.push(']');
        }
        Ty::Module(def) => {
            let name = match def {
                crate::hir::Definition::ExternalModule(name) => name.to_string(),
                _ => "module".to_owned(),
            };
            let _ = write!(out, "Module(\"{name}\")");
        }
        Ty::Function(func) | Ty::UnboundMethod(func, _) => {
            let _ = write!(out, "def {}(...)", func.name);
        }
        Ty::Special(name) => match sqlalchemy_function_display(name, mode) {
            Some(signature) => out.push_str(signature),
            None => out.push_str(name.rsplit('.').next().unwrap_or(name)),
        },
        Ty::Signature(signature) => write_signature(out, signature, mode),
        // A method, not a value (`row.tuple` where a column is labelled `tuple`).
        Ty::BoundMethod(_, name) => {
            let _ = write!(out, "def {name}(...)");
        }
    }
}

/// A SQLAlchemy function as a value (`or_`): its signature, as SQLAlchemy's snapshot renders it.
fn sqlalchemy_function_display(name: &str, mode: DisplayMode<'_>) -> Option<&'static str> {
    crate::sqlalchemy::annotations::function_display(name, mode.series)
}

/// Shown as `(...) -> R`, whose arrow would take what follows it in a union or a return.
fn is_callable(ty: &Ty, mode: DisplayMode<'_>) -> bool {
    matches!(ty, Ty::Signature(_))
        || matches!(ty, Ty::Special(name) if sqlalchemy_function_display(name, mode).is_some_and(|s| s.starts_with('(')))
        || matches!(ty, Ty::Instance(Class::Ext(name), _) if name.as_str() == super::annotation::CALLABLE)
}

/// `(x: int, *, y: str = "a") -> bool`.
fn write_signature(out: &mut String, signature: &Signature, mode: DisplayMode<'_>) {
    write_parameters(out, signature, mode);
    write_returns(out, &signature.returns, mode);
}

/// A signature's parameters as a parameter specification: `...` where they are only `*args,
/// **kwargs` of unknown types, else the list (`(self: Unknown, ...)`).
fn write_parameter_spec(out: &mut String, signature: &Signature, mode: DisplayMode<'_>) {
    if signature.params.len() == 2 && gradual_rest(signature) {
        out.push_str("...");
    } else {
        write_parameters(out, signature, mode);
    }
}

/// Whether the signature ends in `*args, **kwargs` of unknown types.
fn gradual_rest(signature: &Signature) -> bool {
    let gradual = |kind| signature.params.iter().any(|p| p.kind == kind && matches!(p.ty, Ty::Unknown | Ty::Any));
    gradual(SignatureParamKind::Star) && gradual(SignatureParamKind::DoubleStar)
}

/// `(x: int, *, y: str = "a")`.
fn write_parameters(out: &mut String, signature: &Signature, mode: DisplayMode<'_>) {
    // `*args, **kwargs` of unknown types are written `...` where `*args` stands.
    let ellipsis = gradual_rest(signature);
    out.push('(');
    let shown = signature.params.iter().filter(|p| !(ellipsis && p.kind == SignatureParamKind::DoubleStar));
    for (i, param) in shown.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match param.kind {
            SignatureParamKind::Star if ellipsis => {
                out.push_str("...");
                continue;
            }
            SignatureParamKind::KeywordOnlyMarker => {
                out.push('*');
                continue;
            }
            SignatureParamKind::PositionalOnlyMarker => {
                out.push('/');
                continue;
            }
            SignatureParamKind::Star => out.push('*'),
            SignatureParamKind::DoubleStar => out.push_str("**"),
            SignatureParamKind::Normal => {}
        }
        let _ = write!(out, "{}: ", param.name);
        write_ty(out, &param.ty, mode);
        if let Some(default) = &param.default {
            let _ = write!(out, " = {default}");
        }
    }
    out.push(')');
}

/// ` -> R` after a callable's parameters; a union or callable `R` is parenthesised, as pyright
/// writes it (`-> (int | None)`).
fn write_returns(out: &mut String, returns: &Ty, mode: DisplayMode<'_>) {
    out.push_str(" -> ");
    let parenthesised = matches!(returns, Ty::Union(_)) || is_callable(returns, mode);
    if parenthesised {
        out.push('(');
    }
    write_ty(out, returns, mode);
    if parenthesised {
        out.push(')');
    }
}

fn column_collection_default(name: &str, mode: DisplayMode<'_>) -> Option<&'static str> {
    let short = name.strip_prefix("sqlalchemy.")?;
    crate::sqlalchemy::annotations::column_collection_default(short, mode.series)
}

/// Row carriers type checkers see without our row: column collections, tables, subqueries
/// (2.1 parameterises `Subquery` and `CTE` by their column collection).
fn unparameterised_display(kind: &str, series: Series) -> String {
    match (kind, series) {
        ("TableColumns", _) => "ReadOnlyColumnCollection[str, Column[Any]]".to_owned(),
        ("SubqueryColumns", _) => "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]".to_owned(),
        ("Subquery" | "CTE", Series::V21) => format!("{kind}[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"),
        ("Table", Series::V21) => "Table[ReadOnlyColumnCollection[str, Column[Any]]]".to_owned(),
        ("NamedFromClause", Series::V21) => "NamedFromClause[ReadOnlyColumnCollection[str, Column[Any]]]".to_owned(),
        ("AliasColumns", Series::V14 | Series::V20) => {
            "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]".to_owned()
        }
        ("AliasColumns", Series::V21) => "ReadOnlyColumnCollection[str, Column[Any]]".to_owned(),
        _ => kind.to_owned(),
    }
}

/// The generic arguments of a row-carrying type.
fn write_row_args(out: &mut String, shape: &RowShape, mode: DisplayMode<'_>) {
    match (mode.series, shape.tail) {
        (Series::V14 | Series::V20, RowTail::Opaque) => out.push_str("Any"),
        (Series::V21, RowTail::Opaque) => out.push_str("*tuple[Any, ...]"),
        (Series::V14 | Series::V20, RowTail::Unknown) => out.push_str("Unknown"),
        (Series::V21, RowTail::Unknown) => out.push_str("*tuple[Unknown, ...]"),
        (Series::V14 | Series::V20, _) => {
            out.push_str(if shape.spelling == TupleSpelling::Builtin { "tuple[" } else { "Tuple[" });
            write_cols(out, shape, mode);
            out.push(']');
        }
        (Series::V21, tail) => {
            write_cols(out, shape, mode);
            if tail == RowTail::AnyTail {
                if !shape.cols.is_empty() {
                    out.push_str(", ");
                }
                out.push_str("*tuple[Any, ...]");
            }
        }
    }
}

fn write_cols(out: &mut String, shape: &RowShape, mode: DisplayMode<'_>) {
    for (i, col) in shape.cols.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_ty(out, &col.ty, mode);
    }
}

fn write_list(out: &mut String, items: &[Ty], mode: DisplayMode<'_>) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_ty(out, item, mode);
    }
}

/// The name a class is shown by: its own (`Insert`, not `sqlalchemy.Insert`).
pub(crate) fn class_name(class: &Class) -> &str {
    match class {
        // `Tuple[str, ...]`: the ellipsis of a homogeneous tuple.
        Class::Ext(name) if name.as_str() == "..." => "...",
        Class::Ext(name) => name.rsplit('.').next().unwrap_or(name),
        Class::User(class) => class.own_name(),
        Class::Synthesized(class) => &class.name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{RowCol, RowShape};
    use std::sync::Arc;

    fn shape(tail: RowTail) -> Arc<RowShape> {
        let cols = vec![RowCol::new(Ty::builtin("int"), None), RowCol::new(Ty::builtin("str").optional(), None)];
        Arc::new(RowShape { cols, tail, ..Default::default() })
    }

    #[test]
    fn rows_follow_the_series() {
        let select = Ty::Rows("Select".into(), shape(RowTail::Exact));
        assert_eq!(display(&select, Series::V20), "Select[Tuple[int, str | None]]");
        assert_eq!(display(&select, Series::V21), "Select[int, str | None]");
        let past_limit = Ty::Rows("Select".into(), shape(RowTail::AnyTail));
        assert_eq!(display(&past_limit, Series::V21), "Select[int, str | None, *tuple[Any, ...]]");
        let opaque = Ty::Rows("Select".into(), shape(RowTail::Opaque));
        assert_eq!(display(&opaque, Series::V20), "Select[Any]");
        assert_eq!(display(&opaque, Series::V21), "Select[*tuple[Any, ...]]");
    }

    #[test]
    fn members_that_read_the_same_are_written_once() {
        // Two selects whose columns differ only in their labels: one type to type checkers, kept
        // once, with no label (neither is sure).
        let labelled = |label: &str| {
            let cols = vec![RowCol::new(Ty::builtin("int"), Some(label.into()))];
            Ty::Rows("Select".into(), Arc::new(RowShape { cols, ..Default::default() }))
        };
        let union = Ty::union(vec![labelled("a"), labelled("b"), Ty::Unknown]);
        let Ty::Union(parts) = &union else { panic!("a union of a select and Unknown: {union:?}") };
        assert_eq!(parts.len(), 2);
        assert!(matches!(&parts[0], Ty::Rows(_, shape) if shape.cols[0].name.is_none()));
        assert_eq!(Ty::union(vec![labelled("a"), labelled("a")]), labelled("a"));
        assert_eq!(display(&union, Series::V20), "Select[Tuple[int]] | Unknown");
    }

    #[test]
    fn true_and_false_join_a_bool_once() {
        // pyright 1.1.414: `return False`, `return True`, `return bool(x)` is `bool`.
        let literal = |b| Ty::Literal(crate::types::Literal::Bool(b));
        let joined = Ty::union(vec![literal(false), literal(true), Ty::builtin("bool")]);
        assert_eq!(display(&joined, Series::V20), "bool");
        let joined = Ty::union(vec![literal(true), Ty::None, literal(false)]);
        assert_eq!(display(&joined, Series::V20), "bool | None");
    }
}
