//! Instantiating the SQLAlchemy tables' return templates (`sqlalchemy/template.rs` is their
//! syntax): a template becomes a `Ty` given the call's receiver, arguments, series and view.
//! Inference applies every row this way and never special-cases a method.

use std::sync::Arc;

use crate::hir::Name;
use crate::settings::Series;
use crate::sqlalchemy::sql_types;
use crate::sqlalchemy::template::{
    Guard, Projection, ROW_KINDS, Source, Template, UNPARAMETERISED_ROW_KINDS, canonical,
};
use crate::types::{Class, RowCol, RowShape, RowTail, Ty};

/// What a template is instantiated against.
pub struct TemplateContext<'a> {
    pub receiver: &'a Ty,
    /// The positional arguments, then those passed by keyword at their parameter's position (a
    /// parameter skipped on the way is `Unknown`).
    pub args: &'a [Ty],
    /// How many of `args` were passed by position.
    pub positional: usize,
    /// The call's keyword arguments, for `[asdecimal@3 = False]` guards.
    pub keywords: &'a [(Name, Ty)],
    pub series: Series,
    /// The row made of the positional arguments, for row-building calls (`$ARGS`).
    pub args_row: Option<Arc<RowShape>>,
    /// The common type of a CASE's THEN and else values (`$THEN`), where the call computed it.
    pub then: Option<Ty>,
    /// Precise mode: know what type checkers lose (`$1` on a multi-column row is its first column).
    pub precise: bool,
}

impl<'a> TemplateContext<'a> {
    /// A context of positional arguments only: no keyword, no row of the arguments, no `case()`.
    pub fn new(receiver: &'a Ty, args: &'a [Ty], series: Series, precise: bool) -> TemplateContext<'a> {
        TemplateContext {
            receiver,
            args,
            positional: args.len(),
            keywords: &[],
            series,
            args_row: None,
            then: None,
            precise,
        }
    }
}

pub fn instantiate(template: &Template, cx: &TemplateContext<'_>) -> Ty {
    try_instantiate(template, cx).unwrap_or(Ty::Any)
}

/// `None` when an overload's placeholder does not apply (`$1` on a multi-column row).
fn try_instantiate(template: &Template, cx: &TemplateContext<'_>) -> Option<Ty> {
    Some(match template {
        Template::Alternatives(alternatives) => {
            for (at, alternative) in alternatives.iter().enumerate() {
                if let Template::Guarded(guard, _) = alternative
                    && guard_holds(guard, cx).is_none()
                {
                    return Some(undecided(&alternatives[at..], cx));
                }
                if let Some(ty) = try_instantiate(alternative, cx) {
                    return Some(ty);
                }
            }
            return None;
        }
        Template::Guarded(guard, inner) => match guard_holds(guard, cx) {
            Some(true) => return try_instantiate(inner, cx),
            Some(false) => return None,
            None => Ty::Unknown,
        },
        Template::Any => Ty::Any,
        Template::None => Ty::None,
        Template::Unknown => Ty::Unknown,
        Template::Optional(inner) => try_instantiate(inner, cx)?.optional(),
        Template::NotNone(inner) => try_instantiate(inner, cx)?.without_none(),
        Template::NullableAs(value, like) => {
            let value = try_instantiate(value, cx)?;
            if try_instantiate(like, cx)?.is_optional() { value.optional() } else { value }
        }
        Template::Union(items) => Ty::union(items.iter().map(|i| try_instantiate(i, cx)).collect::<Option<_>>()?),
        Template::Tuple(spelling, items) => {
            Ty::Tuple(*spelling, items.iter().map(|i| try_instantiate(i, cx)).collect::<Option<_>>()?)
        }
        Template::TypeOf(inner) => Ty::TypeOf(Box::new(try_instantiate(inner, cx)?)),
        Template::Placeholder(source, projection) => {
            let ty = match source {
                Source::Receiver => cx.receiver.clone(),
                Source::Arg(i) => cx.args.get(*i).cloned().map(super::walker::widen_literal).unwrap_or(Ty::Unknown),
                Source::ArgsRow => match &cx.args_row {
                    Some(shape) => Ty::Rows(Name::from("Row"), shape.clone()),
                    None => Ty::Unknown,
                },
                Source::Then => cx.then.clone()?,
            };
            project(&ty, *projection, cx)?
        }
        Template::Named(name, args) => {
            if ROW_KINDS.contains(&name.as_str()) {
                let shape = match args.as_slice() {
                    // Past the positional limit 2.0 falls back to an untyped overload: the next alternative.
                    [Template::Placeholder(Source::ArgsRow, _)] => match &cx.args_row {
                        Some(shape) if shape.tail != RowTail::Opaque => shape.clone(),
                        _ => return None,
                    },
                    [Template::Placeholder(source, Projection::Row)] => {
                        let ty = match source {
                            Source::Arg(i) => cx.args.get(*i).unwrap_or(&Ty::Unknown),
                            _ => cx.receiver,
                        };
                        let converted = sqlmodel_statement_rows(ty, cx);
                        match converted.as_ref().unwrap_or(ty) {
                            Ty::Rows(_, shape) => shape.clone(),
                            // 2.0's `Select[User]` as written (see `RowShape::bare_argument`): the
                            // argument passes on as it is (`Result[User]`).
                            Ty::Instance(Class::Ext(class), bare)
                                if bare.len() == 1
                                    && !UNPARAMETERISED_ROW_KINDS.contains(&name.as_str())
                                    && class.strip_prefix("sqlalchemy.").is_some_and(|c| ROW_KINDS.contains(&c)) =>
                            {
                                return Some(Ty::Instance(Class::Ext(Name::from(canonical(name))), bare.clone()));
                            }
                            // An `Any` statement matches the typed overload: one `Any` column in 2.1.
                            Ty::Any if cx.series == Series::V21 => {
                                Arc::new(RowShape::new(vec![RowCol::new(Ty::Any, None)]))
                            }
                            _ => untyped_row(cx.series),
                        }
                    }
                    // `Select[$R, $ARGS]`: the receiver's row followed by the arguments' columns.
                    [
                        Template::Placeholder(Source::Receiver, Projection::Row),
                        Template::Placeholder(Source::ArgsRow, _),
                    ] => match (cx.receiver, &cx.args_row) {
                        (Ty::Rows(_, own), Some(added))
                            if own.tail == RowTail::Exact && added.tail == RowTail::Exact =>
                        {
                            Arc::new(RowShape::new(own.cols.iter().chain(added.cols.iter()).cloned().collect()))
                        }
                        _ => return None,
                    },
                    [Template::Named(any, none)] if any == "TupleAny" && none.is_empty() => untyped_row(cx.series),
                    [] => untyped_row(cx.series),
                    [Template::Any] if cx.series == Series::V20 => Arc::new(RowShape::opaque()),
                    cols => {
                        let cols = cols
                            .iter()
                            .map(|c| Some(RowCol::new(try_instantiate(c, cx)?, None)))
                            .collect::<Option<Vec<_>>>()?;
                        Arc::new(RowShape::new(cols))
                    }
                };
                return Some(Ty::Rows(Name::from(name.as_str()), shape));
            }
            let args = args.iter().map(|a| try_instantiate(a, cx)).collect::<Option<_>>()?;
            Ty::Instance(Class::Ext(Name::from(canonical(name))), args)
        }
    })
}

/// A SQLModel statement as the SQLAlchemy `Select` it derives from: `SelectOfScalar[Hero]` is a
/// `Select[Tuple[Hero]]` and `Select[Hero, Team]` a `Select[Tuple[Hero, Team]]` (sqlmodel/sql/
/// _expression_select_cls.py), which is how SQLAlchemy's own `Session.execute` reads them. 2.1's
/// `Select` is variadic: to type checkers that `Tuple[Hero]` is one column's type
/// (`session.scalar(select(Hero))` is a `Tuple[Hero] | None`); at run time the column holds a `Hero`.
fn sqlmodel_statement_rows(ty: &Ty, cx: &TemplateContext<'_>) -> Option<Ty> {
    let Ty::Instance(Class::Ext(name), args) = ty else { return None };
    let columns = match name.as_str() {
        _ if args.is_empty() => return None,
        "sqlmodel.SelectOfScalar" if !cx.precise && cx.series == Series::V21 => {
            vec![Ty::Tuple(crate::types::TupleSpelling::Typing, args.clone())]
        }
        "sqlmodel.SelectOfScalar" | "sqlmodel.Select" => args.clone(),
        _ => return None,
    };
    let shape = RowShape::new(columns.into_iter().map(|col| RowCol::new(col, None)).collect());
    Some(Ty::Rows(Name::from("Select"), Arc::new(shape)))
}

/// SQLAlchemy's untyped row (`TupleAny`): 2.0 shows `Result[Any]`, 2.1 `Result[*tuple[Any, ...]]`.
fn untyped_row(series: Series) -> Arc<RowShape> {
    Arc::new(match series {
        Series::V14 | Series::V20 => RowShape::opaque(),
        Series::V21 => RowShape { cols: Vec::new(), tail: RowTail::AnyTail, ..Default::default() },
    })
}

/// Alternatives from one whose guard tests an `Unknown` value on: any of them may apply up to the
/// first that surely does. Where they all make one class, the value is of that class, its type
/// arguments unknown unless they all agree (`Column(untyped, index=True)` is a `Column[Unknown]`,
/// as type checkers evaluate it); otherwise it is unknown.
fn undecided(alternatives: &[Template], cx: &TemplateContext<'_>) -> Ty {
    let mut made = Vec::new();
    // A `bool` where an overload asks for `True` or `False`: type checkers try both and join what
    // they make (`Numeric(asdecimal=flag)` is a `Numeric[Decimal] | Numeric[float]`).
    let mut both_bools = true;
    // ... trying `True` first, as they expand a `bool`.
    let false_first =
        matches!(alternatives.first(), Some(Template::Guarded(Guard::BoolArgument { value: false, .. }, _)));
    for alternative in alternatives {
        match alternative {
            Template::Guarded(guard, inner) => match guard_holds(guard, cx) {
                Some(false) => continue,
                holds => {
                    both_bools &= holds.is_some() || given_a_bool(guard, cx);
                    made.extend(try_instantiate(inner, cx));
                    if holds == Some(true) {
                        break;
                    }
                }
            },
            unguarded => {
                made.extend(try_instantiate(unguarded, cx));
                break;
            }
        }
    }
    if both_bools {
        if false_first {
            made.reverse();
        }
        return Ty::union(made);
    }
    match made.split_first() {
        Some((first @ Ty::Instance(class, args), rest)) => {
            if rest.iter().all(|ty| ty == first) {
                first.clone()
            } else if rest.iter().all(|ty| matches!(ty, Ty::Instance(other, _) if other == class)) {
                Ty::Instance(class.clone(), vec![Ty::Unknown; args.len()])
            } else {
                Ty::Unknown
            }
        }
        _ => Ty::Unknown,
    }
}

/// Whether a `[flag = True]` guard is given a `bool` (no literal).
fn given_a_bool(guard: &Guard, cx: &TemplateContext<'_>) -> bool {
    let Guard::BoolArgument { keyword, position, .. } = guard else { return false };
    bool_guard_argument(keyword, *position, cx) == Some(&Ty::builtin("bool"))
}

/// What a `[flag@3 = True]` guard tests: the argument passed by that keyword, else at that position.
fn bool_guard_argument<'c>(keyword: &str, position: usize, cx: &TemplateContext<'c>) -> Option<&'c Ty> {
    let passed = cx.keywords.iter().find(|(name, _)| name.as_str() == keyword).map(|(_, ty)| ty);
    passed.or(cx.args.get(position))
}

/// Whether a guard holds; `None` when the value it tests is `Unknown`.
fn guard_holds(guard: &Guard, cx: &TemplateContext<'_>) -> Option<bool> {
    match guard {
        Guard::Arity { count, or_more } => {
            Some(if *or_more { cx.args.len() >= *count } else { cx.args.len() == *count })
        }
        Guard::Precise => Some(cx.precise),
        Guard::BoolArgument { keyword, position, value } => match bool_guard_argument(keyword, *position, cx) {
            None => Some(false),
            Some(Ty::Literal(crate::types::Literal::Bool(passed))) => Some(passed == value),
            Some(_) => None,
        },
        Guard::Passed { keyword, position } => {
            Some(*position < cx.positional || cx.keywords.iter().any(|(name, _)| name.as_str() == keyword))
        }
        Guard::Is(source, projection, classes) => {
            let value = match source {
                Source::Receiver => cx.receiver.clone(),
                Source::Arg(i) => cx.args.get(*i).cloned().unwrap_or(Ty::Unknown),
                Source::ArgsRow | Source::Then => return Some(false),
            };
            let value = match project(&value, *projection, cx) {
                Some(value) => value,
                None => return Some(false),
            };
            if value.is_unknown() {
                return None;
            }
            Some(classes.iter().any(|class| is_instance_of(&value, class)))
        }
    }
}

/// `value` is an instance of the class a template names (`int`, `Decimal`, `QueryableAttribute`).
fn is_instance_of(value: &Ty, class: &str) -> bool {
    match (value, class) {
        (Ty::Any, "Any") | (Ty::None, "None") => true,
        (Ty::Literal(literal), _) => is_instance_of(&literal.class(), class),
        (Ty::Instance(Class::Ext(name), _), _) => {
            let wanted = canonical(class);
            if name.as_str() == wanted || (name.as_str() == "builtins.bool" && wanted == "builtins.int") {
                return true;
            }
            match (name.strip_prefix("sqlalchemy."), wanted.strip_prefix("sqlalchemy.")) {
                (Some(own), Some(wanted)) => crate::sqlalchemy::api::inherits(own, wanted),
                _ => false,
            }
        }
        (Ty::Rows(kind, _), _) => kind.as_str() == class || crate::sqlalchemy::api::inherits(kind, class),
        _ => false,
    }
}
/// `$T` of a column expression class that takes no type arguments: its column value (`count` → `int`).
fn column_value_of(name: &str, cx: &TemplateContext<'_>) -> Ty {
    let short = name.strip_prefix("sqlalchemy.").unwrap_or(name);
    match crate::sqlalchemy::api::column_value(short) {
        // Instantiated without a receiver: these classes' values are fixed types.
        Some(template) => instantiate(&template, &TemplateContext::new(&Ty::Unknown, &[], cx.series, cx.precise)),
        None => Ty::Unknown,
    }
}

/// A tuple type argument read as a row (`TupleResult[Tuple[int, str]]`).
fn tuple_arg(ty: &Ty) -> Option<&[Ty]> {
    match ty {
        Ty::Instance(_, args) => match args.first() {
            Some(Ty::Tuple(_, items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

fn project(ty: &Ty, projection: Projection, cx: &TemplateContext<'_>) -> Option<Ty> {
    let converted = match projection {
        Projection::OnlyColumn | Projection::FirstColumn => sqlmodel_statement_rows(ty, cx),
        _ => None,
    };
    let ty = converted.as_ref().unwrap_or(ty);
    Some(match projection {
        Projection::Whole => ty.clone(),
        Projection::FirstArg => match ty {
            Ty::Instance(Class::Ext(name), args) if args.is_empty() => column_value_of(name, cx),
            Ty::Instance(_, args) => args.first().cloned().unwrap_or(Ty::Unknown),
            // `Never` (2.1's `Column` on an ORM class) solves a column's type variable to `Any`.
            Ty::Any | Ty::Never => Ty::Any,
            _ => Ty::Unknown,
        },
        Projection::SecondArg => match ty {
            Ty::Instance(_, args) => args.get(1).cloned().unwrap_or(Ty::Unknown),
            Ty::Any => Ty::Any,
            _ => Ty::Unknown,
        },
        Projection::Row => Ty::Unknown,
        Projection::RowTuple(spelling) => match ty {
            Ty::Rows(_, shape) if shape.tail == RowTail::Exact => {
                Ty::Tuple(spelling, shape.cols.iter().map(|c| c.ty.clone()).collect())
            }
            Ty::Rows(_, shape) if shape.tail == RowTail::AnyTail => Ty::Tuple(spelling, {
                let mut cols: Vec<Ty> = shape.cols.iter().map(|c| c.ty.clone()).collect();
                cols.push(Ty::Any);
                cols
            }),
            // SQLModel's `Select[Hero, Team]` carries its row as its type arguments.
            Ty::Instance(Class::Ext(name), args) if name.starts_with("sqlmodel.") && !args.is_empty() => {
                Ty::Tuple(spelling, args.clone())
            }
            _ => Ty::Any,
        },
        Projection::OnlyColumn => match ty {
            Ty::Rows(_, shape) if cx.precise && !shape.cols.is_empty() => shape.col(0),
            Ty::Rows(_, shape) if shape.tail == RowTail::Exact && shape.cols.len() == 1 => shape.col(0),
            _ => match tuple_arg(ty) {
                Some(items) if items.len() == 1 || (cx.precise && !items.is_empty()) => items[0].clone(),
                _ => return None,
            },
        },
        Projection::FirstColumn => match ty {
            Ty::Rows(_, shape) => shape.col(0),
            Ty::Any => Ty::Any,
            _ => match tuple_arg(ty) {
                Some([first, ..]) => first.clone(),
                _ => Ty::Unknown,
            },
        },
        Projection::Instance => match ty {
            Ty::TypeOf(inner) => (**inner).clone(),
            // `A if c else B`: the entity overload solved to `A | B`, as type checkers solve it.
            Ty::Union(parts) if parts.iter().all(|part| matches!(part, Ty::TypeOf(_))) => {
                Ty::union(parts.iter().filter_map(|part| project(part, Projection::Instance, cx)).collect())
            }
            Ty::Any => Ty::Any,
            // `Never` matches the entity overload too, leaving the entity unsolved.
            Ty::Unknown | Ty::EmptyDisplayItem | Ty::Never => Ty::Unknown,
            _ => return None,
        },
        // Precise mode: what the SQL type loads at runtime (`JSON` → `Any`, `Float` → `float`), where
        // type checkers may leave a type variable unsolved.
        Projection::PythonType if cx.precise => {
            runtime_python_type_of_type_arg(ty).unwrap_or_else(|| python_type_of_type_arg(ty, cx.series))
        }
        Projection::PythonType => python_type_of_type_arg(ty, cx.series),
        Projection::InstancePythonType => {
            let instance = match ty {
                Ty::TypeOf(inner) => inner.as_ref(),
                other => other,
            };
            project(instance, Projection::PythonType, cx)?
        }
        Projection::Returns => match ty {
            Ty::Signature(signature) => crate::types::literal::widen(signature.returns.clone()),
            Ty::Instance(Class::Ext(name), args) if name.as_str() == crate::types::annotation::CALLABLE => {
                args.get(1).cloned().unwrap_or(Ty::Unknown)
            }
            Ty::Any => Ty::Any,
            _ => Ty::Unknown,
        },
    })
}
/// The Python type a SQL type argument stands for (`$A1.py`): `String` and `String(30)` → `str`;
/// an instance whose type arguments we know (`Numeric[Decimal]`, `ARRAY[int]`) gives them.
fn python_type_of_type_arg(ty: &Ty, series: Series) -> Ty {
    let (name, args, form) = match ty {
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::Ext(name), args) => (name, args, sql_types::TypeForm::Class),
            _ => return Ty::Unknown,
        },
        Ty::Instance(Class::Ext(name), args) => (name, args, sql_types::TypeForm::Instance),
        Ty::Any => return Ty::Any,
        _ => return Ty::Unknown,
    };
    let short = sql_types::short_name(name);
    if let Some(first) = args.first() {
        return match short {
            "ARRAY" => Ty::ext_generic("typing.Sequence", vec![first.clone()]),
            _ => first.clone(),
        };
    }
    match sql_types::checker_python_type(short, form, sql_types::TypeKeywords::default(), series) {
        Some(template) => fixed(template, series),
        None => match sql_types::unsolved_class_parameter(short, form, series) {
            Some(var) => Ty::ext(&format!("{}{var}@{short}", crate::types::annotation::TYPE_VAR_PREFIX)),
            None => Ty::Unknown,
        },
    }
}

/// What values of a SQL type argument load as at runtime, by the class alone; `None` when unknown.
fn runtime_python_type_of_type_arg(ty: &Ty) -> Option<Ty> {
    let name = match ty {
        Ty::TypeOf(inner) => inner.ext_name()?,
        Ty::Instance(Class::Ext(name), args) if args.is_empty() => name.as_str(),
        _ => return None,
    };
    let python = sql_types::python_type_of_sql_type(name)?;
    Some(fixed(python, Series::NEWEST))
}

/// A template without placeholders (a SQL type's Python type, `Range[int]`), outside any call.
fn fixed(template: &'static str, series: Series) -> Ty {
    instantiate(&Template::cached(template), &TemplateContext::new(&Ty::Unknown, &[], series, false))
}

#[cfg(test)]
mod tables_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{TupleSpelling, display};

    fn result_of(cols: &[&str]) -> Ty {
        let cols = cols.iter().map(|c| RowCol::new(Ty::builtin(c), None)).collect();
        Ty::Rows("Result".into(), Arc::new(RowShape::new(cols)))
    }

    fn show(template: &str, receiver: &Ty, series: Series, precise: bool) -> String {
        let cx = TemplateContext::new(receiver, &[], series, precise);
        display(&instantiate(&Template::parse(template), &cx), series)
    }

    #[test]
    fn row_templates() {
        let result = result_of(&["int", "str"]);
        assert_eq!(show("Sequence[Row[$R]]", &result, Series::V20, false), "Sequence[Row[Tuple[int, str]]]");
        assert_eq!(show("Optional[Row[$R]]", &result, Series::V21, false), "Row[int, str] | None");
        assert_eq!(show("Optional[$1] ?? Any", &result, Series::V20, false), "Any");
        assert_eq!(show("Optional[$1] ?? Optional[Any]", &result, Series::V20, false), "Any | None");
        assert_eq!(show("Optional[$1] ?? Any", &result, Series::V20, true), "int | None");
        assert_eq!(show("ScalarResult[$F]", &result, Series::V21, false), "ScalarResult[int]");
        assert_eq!(show("TupleResult[$RT]", &result, Series::V21, false), "TupleResult[Tuple[int, str]]");
    }

    fn call(template: &str, receiver: &Ty, args: &[Ty], args_row: Option<RowShape>, series: Series) -> String {
        let cx =
            TemplateContext { args_row: args_row.map(Arc::new), ..TemplateContext::new(receiver, args, series, false) };
        display(&instantiate(&Template::parse(template), &cx), series)
    }

    #[test]
    fn guards_pick_the_overload() {
        let int = Ty::builtin("int");
        let column = |value: Ty| Ty::ext_generic("sqlalchemy.ColumnElement", vec![value]);
        let add = "[$T: int | float | Decimal] ColumnElement[$T] ?? [$T: str] ColumnElement[str] ?? ColumnElement[Any]";
        assert_eq!(call(add, &column(Ty::builtin("bool")), &[], None, Series::V20), "ColumnElement[bool]");
        assert_eq!(call(add, &column(Ty::builtin("str")), &[], None, Series::V20), "ColumnElement[str]");
        assert_eq!(call(add, &column(int.clone().optional()), &[], None, Series::V20), "ColumnElement[Any]");
        // pyright 1.1.414: `c + 1` of a bare `ColumnElement` is a `ColumnElement[Unknown]`.
        assert_eq!(call(add, &column(Ty::Unknown), &[], None, Series::V20), "ColumnElement[Unknown]");
        let query = "[#1] Query[$A0.inst] ?? [#1+] RowReturningQuery[$ARGS] ?? Query[Any]";
        let entity = Ty::TypeOf(Box::new(Ty::ext("models.User")));
        assert_eq!(call(query, &Ty::Unknown, &[entity], None, Series::V21), "Query[User]");
        assert_eq!(call(query, &Ty::Unknown, &[], None, Series::V21), "Query[Any]");
        let one = RowShape::new(vec![RowCol::new(int.clone(), None)]);
        assert_eq!(
            call(query, &Ty::Unknown, std::slice::from_ref(&int), Some(one), Series::V20),
            "RowReturningQuery[Tuple[int]]"
        );
        // Past 2.0's positional limit the row is untyped: the overload after `$ARGS` applies.
        assert_eq!(call(query, &Ty::Unknown, &[int.clone(), int], Some(RowShape::opaque()), Series::V20), "Query[Any]");
    }

    #[test]
    fn rows_written_in_templates() {
        let user = Ty::ext_generic("sqlalchemy.WriteOnlyCollection", vec![Ty::ext("models.User")]);
        assert_eq!(show("Select[$T]", &user, Series::V20, false), "Select[Tuple[User]]");
        assert_eq!(show("Result[TupleAny]", &Ty::Unknown, Series::V20, false), "Result[Any]");
        assert_eq!(show("Result[TupleAny]", &Ty::Unknown, Series::V21, false), "Result[*tuple[Any, ...]]");
        assert_eq!(show("CursorResult[Any]", &Ty::Unknown, Series::V21, false), "CursorResult[Any]");
        // `$A0.R` of a statement that returns no typed rows (`insert(User)`, `text(...)`).
        let insert = [Ty::ext("sqlalchemy.Insert")];
        assert_eq!(call("Result[$A0.R]", &Ty::Unknown, &insert, None, Series::V21), "Result[*tuple[Any, ...]]");
        let nick = Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![Ty::builtin("str").optional()]);
        assert_eq!(call("coalesce[NotNone[$A0.T]]", &Ty::Unknown, &[nick], None, Series::V20), "coalesce[str]");
        let tuples = Ty::ext_generic("sqlalchemy.TupleResult", vec![Ty::Tuple(TupleSpelling::Typing, vec![Ty::Any])]);
        assert_eq!(show("Optional[$1] ?? Any", &tuples, Series::V20, false), "Any | None");
        // `$T` of a column class without type arguments is its column value.
        assert_eq!(show("Label[$T]", &Ty::ext("sqlalchemy.count"), Series::V20, false), "Label[int]");
        // `.inst` is the entity overload: nothing else matches it.
        assert_eq!(
            call("Optional[$A0.inst] ?? Unknown", &Ty::Unknown, &[Ty::builtin("int")], None, Series::V20),
            "Unknown"
        );
    }

    #[test]
    fn type_arguments_give_their_python_type() {
        let string_class = Ty::TypeOf(Box::new(Ty::ext("sqlalchemy.String")));
        assert_eq!(display(&python_type_of_type_arg(&string_class, Series::V20), Series::V20), "str");
        let numeric_class = Ty::TypeOf(Box::new(Ty::ext("sqlalchemy.Numeric")));
        assert!(python_type_of_type_arg(&numeric_class, Series::V20).is_unknown());
        let numeric = Ty::ext_generic("sqlalchemy.Numeric", vec![Ty::ext("decimal.Decimal")]);
        assert_eq!(display(&python_type_of_type_arg(&numeric, Series::V21), Series::V21), "Decimal");
        let array = Ty::ext_generic("sqlalchemy.ARRAY", vec![Ty::builtin("int")]);
        assert_eq!(display(&python_type_of_type_arg(&array, Series::V21), Series::V21), "Sequence[int]");
        assert!(
            sql_types::is_sql_type("sqlalchemy.JSONB")
                && sql_types::is_sql_type("ARRAY")
                && !sql_types::is_sql_type("Session")
        );
    }
}
