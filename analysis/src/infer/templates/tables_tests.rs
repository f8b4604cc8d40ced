//! The API tables instantiated as inference reads them (`sqlalchemy/api.rs`).

use std::sync::Arc;

use super::*;
use crate::sqlalchemy::api::{column_value, lookup_function, lookup_member};
use crate::types::display;

const BOTH: [Series; 2] = [Series::V20, Series::V21];

fn int() -> Ty {
    Ty::builtin("int")
}

fn str_() -> Ty {
    Ty::builtin("str")
}

fn user() -> Ty {
    Ty::ext("models.User")
}

fn shape(cols: &[Ty], tail: RowTail) -> Arc<RowShape> {
    Arc::new(RowShape {
        cols: cols.iter().map(|ty| RowCol::new(ty.clone(), None)).collect(),
        tail,
        ..Default::default()
    })
}

fn rows(kind: &str, cols: &[Ty]) -> Ty {
    Ty::Rows(kind.into(), shape(cols, RowTail::Exact))
}

fn attribute(value: Ty) -> Ty {
    Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![value])
}

fn show(template: &Template, receiver: &Ty, args: &[Ty], args_row: Option<Arc<RowShape>>, series: Series) -> String {
    let cx = TemplateContext { args_row, ..TemplateContext::new(receiver, args, series, false) };
    display(&instantiate(template, &cx), series)
}

/// `receiver.name(*args)` as displayed for the series.
fn member(receiver: &Ty, class: &str, name: &str, args: &[Ty], series: Series) -> String {
    let (_, template) = lookup_member(class, name, series).unwrap_or_else(|| panic!("no {class}.{name}"));
    show(&template, receiver, args, None, series)
}

fn function(name: &str, args: &[Ty], args_row: Option<Arc<RowShape>>, series: Series) -> String {
    let (template, _) = lookup_function(name, series).unwrap_or_else(|| panic!("no {name}"));
    show(&template, &Ty::Unknown, args, args_row, series)
}

#[test]
fn sql_type_constructors() {
    assert_eq!(function("sqlalchemy.VARCHAR", &[int()], None, Series::V20), "VARCHAR");
}

#[test]
fn results_follow_the_series() {
    let result = rows("Result", &[int(), str_()]);
    let one = rows("Result", &[int()]);
    let all = ["Sequence[Row[Tuple[int, str]]]", "Sequence[Row[int, str]]"];
    let scalar = ["Any", "int | None"];
    for (i, series) in BOTH.into_iter().enumerate() {
        assert_eq!(member(&result, "Result", "all", &[], series), all[i]);
        assert_eq!(member(&result, "CursorResult", "all", &[], series), all[i]);
        assert_eq!(member(&result, "Result", "scalar", &[], series), scalar[i]);
        assert_eq!(member(&one, "Result", "scalars", &[], series), "ScalarResult[int]");
        assert_eq!(member(&one, "Result", "scalars", &[int()], series), "ScalarResult[Any]");
        assert_eq!(member(&result, "Result", "tuples", &[], series), "TupleResult[Tuple[int, str]]");
        assert_eq!(member(&result, "AsyncResult", "scalar", &[], series), "CoroutineType[Any, Any, Any]");
        let row = rows("Row", &[int(), str_()]);
        assert_eq!(member(&row, "Row", "t", &[], series), "Tuple[int, str]");
    }
    assert_eq!(member(&result, "Result", "scalar_one_or_none", &[], Series::V20), "Any | None");
    assert_eq!(member(&result, "Result", "freeze", &[], Series::V21), "FrozenResult[int, str]");
    // `TupleResult[Tuple[int]]` reads its tuple as the row.
    let tuple_result = |cols: Vec<Ty>| {
        Ty::ext_generic("sqlalchemy.TupleResult", vec![Ty::Tuple(crate::types::TupleSpelling::Typing, cols)])
    };
    assert_eq!(member(&tuple_result(vec![int()]), "TupleResult", "scalar", &[], Series::V21), "int | None");
    assert_eq!(member(&tuple_result(vec![int(), str_()]), "TupleResult", "scalar", &[], Series::V21), "Any");
    assert_eq!(
        member(&tuple_result(vec![int(), str_()]), "TupleResult", "first", &[], Series::V20),
        "Tuple[int, str] | None"
    );
}

#[test]
fn sessions_and_connections() {
    let select = rows("Select", &[int(), str_()]);
    let insert = Ty::ext("sqlalchemy.Insert");
    let entity = Ty::TypeOf(Box::new(user()));
    let executed = ["Result[Tuple[int, str]]", "Result[int, str]"];
    let untyped = ["CursorResult[Any]", "CursorResult[*tuple[Any, ...]]"];
    let awaited = ["CoroutineType[Any, Any, Result[Tuple[int, str]]]", "CoroutineType[Any, Any, Result[int, str]]"];
    for (i, series) in BOTH.into_iter().enumerate() {
        let session = Ty::ext("sqlalchemy.Session");
        assert_eq!(member(&session, "Session", "execute", std::slice::from_ref(&select), series), executed[i]);
        assert_eq!(member(&session, "scoped_session", "execute", std::slice::from_ref(&select), series), executed[i]);
        assert_eq!(member(&session, "Session", "scalars", std::slice::from_ref(&select), series), "ScalarResult[Any]");
        assert_eq!(member(&session, "Session", "get", &[entity.clone(), int()], series), "User | None");
        assert_eq!(member(&session, "Session", "query", std::slice::from_ref(&entity), series), "Query[User]");
        let connection = Ty::ext("sqlalchemy.Connection");
        assert_eq!(member(&connection, "Connection", "execute", std::slice::from_ref(&insert), series), untyped[i]);
        let async_session = Ty::ext("sqlalchemy.AsyncSession");
        assert_eq!(
            member(&async_session, "AsyncSession", "execute", std::slice::from_ref(&select), series),
            awaited[i]
        );
        let one_column = rows("Select", &[int()]);
        assert_eq!(
            member(&async_session, "AsyncSession", "scalar", &[one_column], series),
            "CoroutineType[Any, Any, int | None]"
        );
        assert_eq!(function("sqlalchemy.sessionmaker", &[], None, series), "sessionmaker[Session]");
        let maker = Ty::ext_generic("sqlalchemy.sessionmaker", vec![Ty::ext("sqlalchemy.Session")]);
        assert_eq!(member(&maker, "sessionmaker", "__call__", &[], series), "Session");
        assert_eq!(
            member(&maker, "sessionmaker", "begin", &[], series),
            "AbstractContextManager[Session, bool | None]"
        );
        assert_eq!(function("sqlalchemy.scoped_session", &[maker], None, series), "scoped_session[Session]");
    }
    // `session.query(User.id, User.name)`: a row; 2.0 past the limit of 8 falls to `Query[Any]`.
    let session = Ty::ext("sqlalchemy.Session");
    let (_, query) = lookup_member("Session", "query", Series::V21).unwrap();
    let two = shape(&[int(), str_()], RowTail::Exact);
    assert_eq!(show(&query, &session, &[int(), str_()], Some(two), Series::V21), "RowReturningQuery[int, str]");
    let past_limit = Arc::new(RowShape::opaque());
    assert_eq!(show(&query, &session, &vec![int(); 9], Some(past_limit), Series::V20), "Query[Any]");
}

/// The positional limits as pyright applies them (`$ARGS` gets the engine's row).
#[test]
fn row_building_calls() {
    let ten: Vec<Ty> = vec![int(); 10];
    let exact = shape(&ten, RowTail::Exact);
    let expected_exact = format!("Select[Tuple[{}]]", ["int"; 10].join(", "));
    assert_eq!(function("sqlalchemy.select", &ten, Some(exact), Series::V20), expected_exact);
    let eleven: Vec<Ty> = vec![int(); 11];
    let opaque = Arc::new(RowShape::opaque());
    assert_eq!(function("sqlalchemy.select", &eleven, Some(opaque), Series::V20), "Select[Any]");
    let tail = shape(&ten, RowTail::AnyTail);
    let expected_tail = format!("Select[{}, *tuple[Any, ...]]", ["int"; 10].join(", "));
    assert_eq!(function("sqlalchemy.select", &ten, Some(tail), Series::V21), expected_tail);
    let empty = Some(shape(&[], RowTail::Exact));
    assert_eq!(function("sqlalchemy.select", &[], empty.clone(), Series::V20), "Select[Any]");
    assert_eq!(function("sqlalchemy.select", &[], empty, Series::V21), "Select[*tuple[Any, ...]]");
    let (_, returning) = lookup_member("ReturningInsert", "returning", Series::V20).unwrap();
    let insert = Ty::ext("sqlalchemy.Insert");
    let nine = Arc::new(RowShape::opaque());
    assert_eq!(show(&returning, &insert, &vec![int(); 9], Some(nine), Series::V20), "ReturningInsert[Any]");
    let one = shape(&[int()], RowTail::Exact);
    assert_eq!(show(&returning, &insert, &[int()], Some(one), Series::V21), "ReturningInsert[int]");
    let write_only = Ty::ext_generic("sqlalchemy.WriteOnlyCollection", vec![user()]);
    assert_eq!(member(&write_only, "WriteOnlyCollection", "select", &[], Series::V20), "Select[Tuple[User]]");
    let select = rows("Select", &[int()]);
    assert_eq!(member(&select, "Select", "scalar_subquery", &[], Series::V21), "ScalarSelect[int]");
    assert_eq!(member(&select, "Select", "union", std::slice::from_ref(&select), Series::V21), "CompoundSelect[int]");
}

#[test]
fn column_operators_follow_the_operand_type() {
    let id = attribute(int());
    let name = attribute(str_());
    let nick = attribute(str_().optional());
    for series in BOTH {
        let class = "InstrumentedAttribute";
        assert_eq!(member(&id, class, "__eq__", &[int()], series), "ColumnElement[bool]");
        assert_eq!(member(&id, class, "__add__", &[int()], series), "ColumnElement[int]");
        assert_eq!(member(&id, class, "__truediv__", &[int()], series), "ColumnElement[float | Decimal]");
        assert_eq!(member(&name, class, "__add__", &[str_()], series), "ColumnElement[str]");
        assert_eq!(member(&nick, class, "__add__", &[str_()], series), "ColumnElement[Any]");
        assert_eq!(member(&id, class, "__and__", std::slice::from_ref(&id), series), "BooleanClauseList");
        assert_eq!(member(&id, class, "__neg__", &[], series), "UnaryExpression[int]");
        assert_eq!(member(&id, class, "label", &[str_()], series), "Label[int]");
        assert_eq!(member(&id, class, "in_", &[], series), "BinaryExpression[bool]");
        let any_column = Ty::ext_generic("sqlalchemy.ColumnElement", vec![Ty::Any]);
        assert_eq!(member(&any_column, "ColumnElement", "__truediv__", &[int()], series), "Any");
        let boolean = Ty::ext("sqlalchemy.BooleanClauseList");
        assert_eq!(member(&boolean, "BooleanClauseList", "__invert__", &[], series), "ColumnElement[bool]");
        let cast = function(
            "sqlalchemy.cast",
            &[id.clone(), Ty::TypeOf(Box::new(Ty::ext("sqlalchemy.String")))],
            None,
            series,
        );
        assert_eq!(cast, "Cast[str]");
    }
    // pyright 1.1.414: `a + 1` of a bare `InstrumentedAttribute` is a `ColumnElement[Unknown]`.
    let untyped_sum = member(&attribute(Ty::Unknown), "InstrumentedAttribute", "__add__", &[int()], Series::V20);
    assert_eq!(untyped_sum, "ColumnElement[Unknown]");
}

#[test]
fn functions_and_column_values() {
    let count = Ty::ext("sqlalchemy.count");
    let value = |ty: &Ty, class: &str| {
        let template = column_value(class).unwrap_or_else(|| panic!("no value for {class}"));
        show(&template, ty, &[], None, Series::V21)
    };
    for series in BOTH {
        assert_eq!(function("sqlalchemy.func.count", &[], None, series), "count");
        assert_eq!(function("sqlalchemy.func.lower", &[attribute(str_())], None, series), "Function[Any]");
        assert_eq!(function("sqlalchemy.func.max", &[attribute(int())], None, series), "max[int]");
        assert_eq!(function("sqlalchemy.func.max", std::slice::from_ref(&count), None, series), "max[int]");
        let nick = attribute(str_().optional());
        assert_eq!(function("sqlalchemy.func.coalesce", &[nick.clone(), str_()], None, series), "coalesce[str]");
        let max_nick = Ty::ext_generic("sqlalchemy.max", vec![str_().optional()]);
        assert_eq!(function("sqlalchemy.func.coalesce", &[max_nick, str_()], None, series), "coalesce[str | None]");
        assert_eq!(member(&count, "count", "__add__", &[int()], series), "ColumnElement[int]");
        assert_eq!(member(&count, "count", "label", &[str_()], series), "Label[int]");
        assert_eq!(member(&count, "count", "over", &[], series), "Over[int]");
    }
    assert_eq!(value(&count, "count"), "int");
    assert_eq!(value(&Ty::ext("sqlalchemy.now"), "now"), "datetime");
    assert_eq!(value(&attribute(int()), "InstrumentedAttribute"), "int");
    assert_eq!(value(&Ty::ext_generic("sqlalchemy.Label", vec![str_()]), "Label"), "str");
    assert_eq!(value(&Ty::ext_generic("sqlalchemy.array_agg", vec![int()]), "array_agg"), "Sequence[int]");
    assert_eq!(value(&Ty::ext("sqlalchemy.Exists"), "Exists"), "bool");
    assert!(column_value("Table").is_none());
}

#[test]
fn queries() {
    let query = Ty::ext_generic("sqlalchemy.Query", vec![user()]);
    let row_query = rows("RowReturningQuery", &[int(), str_()]);
    for series in BOTH {
        assert_eq!(member(&query, "Query", "all", &[], series), "List[User]");
        assert_eq!(member(&query, "Query", "filter", &[], series), "Query[User]");
        assert_eq!(member(&query, "Query", "tuples", &[], series), "Query[Tuple[User]]");
        assert_eq!(member(&query, "Query", "with_entities", &[attribute(int())], series), "Query[Any]");
        assert_eq!(member(&row_query, "RowReturningQuery", "tuples", &[], series), "Query[Tuple[int, str]]");
        let appender = Ty::ext_generic("sqlalchemy.AppenderQuery", vec![user()]);
        assert_eq!(member(&appender, "AppenderQuery", "filter", &[], series), "AppenderQuery[User]");
    }
    assert_eq!(member(&row_query, "RowReturningQuery", "first", &[], Series::V20), "Row[Tuple[int, str]] | None");
    assert_eq!(member(&query, "Query", "only_return_tuples", &[], Series::V21), "RowReturningQuery[User]");
}
