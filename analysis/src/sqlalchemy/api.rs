//! What SQLAlchemy's methods, properties and functions return, one row per member, transcribed from
//! SQLAlchemy's annotations (2.0.x and 2.1.x installed sources) and checked against what pyright
//! shows for them. `series: None` rows hold for both 2.0 and 2.1; a series-specific row wins over a
//! shared one. Templates are documented in `template.rs`.
//!
//! A reader answers "what does `ScalarResult.one_or_none` return?" by finding its row here. Classes
//! are named by their short name; PARENTS says which classes' rows a class also has. Async methods
//! return `CoroutineType[Any, Any, T]`, as pyright shows an un-awaited call.

use std::sync::Arc;

use super::template::Template;
use crate::settings::Series;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    Method,
    Property,
}

pub struct Member {
    pub class: &'static str,
    pub name: &'static str,
    pub kind: MemberKind,
    pub series: Option<Series>,
    pub ret: &'static str,
}

/// A module-level function or callable object (`sqlalchemy.select`, `sqlalchemy.func.count`), or a
/// class called as a constructor (`sqlalchemy.sessionmaker`).
pub struct Function {
    pub name: &'static str,
    pub series: Option<Series>,
    pub ret: &'static str,
    /// How a row-building call makes its row, for `$ARGS`.
    pub rows: Option<RowBuilder>,
}

/// How `$ARGS` is built from a call's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowBuilder {
    /// Every positional argument is a column, typed up to this many by type checkers (`select`: 10).
    Positional(usize),
    /// Only the `Column("name", Type, ...)` arguments are columns, named by their first argument
    /// (`Table("users", metadata, Column("id", Integer), ...)`).
    TableColumns,
}

use MemberKind::{Method as M, Property as P};

/// Precise: an `Integer` with a float (a `Decimal`) operand, a literal or a column, is a `Float`
/// (`Numeric`) expression to SQLAlchemy and loads floats (`Decimal`s); then the checker's own
/// overloads (`$rest`).
macro_rules! int_widens {
    ($rest:literal) => {
        concat!(
            "[precise] [$T: int] [$A0: float] ColumnElement[float] ?? ",
            "[precise] [$T: int] [$A0: QueryableAttribute | ColumnElement] [$A0.T: float] ColumnElement[float] ?? ",
            "[precise] [$T: int] [$A0: Decimal] ColumnElement[Decimal] ?? ",
            "[precise] [$T: int] [$A0: QueryableAttribute | ColumnElement] [$A0.T: Decimal] ColumnElement[Decimal] ?? ",
            $rest
        )
    };
}

const fn m(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: None, ret }
}

const fn p(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: None, ret }
}

/// A key of a `TypedDict`: read by subscript (`column["name"]`), never as an attribute.
const fn k(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    p(class, name, ret)
}

const fn m20(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: Some(Series::V20), ret }
}

const fn m21(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: Some(Series::V21), ret }
}

const fn p20(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: Some(Series::V20), ret }
}

#[allow(dead_code)]
const fn p21(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: Some(Series::V21), ret }
}

const fn f(name: &'static str, ret: &'static str) -> Function {
    Function { name, series: None, ret, rows: None }
}

const fn f20(name: &'static str, ret: &'static str) -> Function {
    Function { name, series: Some(Series::V20), ret, rows: None }
}

const fn f21(name: &'static str, ret: &'static str) -> Function {
    Function { name, series: Some(Series::V21), ret, rows: None }
}

/// A row-building function: `$ARGS` with the positional typing limit.
const fn rows(name: &'static str, ret: &'static str, limit: usize) -> Function {
    Function { name, series: None, ret, rows: Some(RowBuilder::Positional(limit)) }
}

/// The classes a value of which type checkers assign to a `Mapped[...]` declaration: `Mapped`'s
/// subclasses (sqlalchemy/orm: `_DeclarativeMapped` and what derives from it). A `Column` is not
/// one (`x: Mapped[int] = Column(Integer)` stays `Mapped[int]` to pyright).
pub const MAPPED_SUBCLASSES: &[&str] = &[
    "Mapped",
    "_DeclarativeMapped",
    "QueryableAttribute",
    "InstrumentedAttribute",
    "MappedColumn",
    "Relationship",
    "_RelationshipDeclared",
    "Composite",
    "Synonym",
    "MappedSQLExpression",
];

/// Class → the classes whose members it inherits (only where the table needs it). Column expression
/// classes end at `SQLCoreOperations`, which holds the operators every SQL expression has
/// (`sql/elements.py`); `QueryableAttribute` reaches it too (`orm/attributes.py`).
pub const PARENTS: &[(&str, &[&str])] = &[
    // engine/result.py, engine/cursor.py, ext/asyncio/result.py
    ("CursorResult", &["Result"]),
    ("IteratorResult", &["Result"]),
    ("ChunkedIteratorResult", &["Result"]),
    ("MergedResult", &["Result"]),
    // orm/session.py, orm/scoping.py, ext/asyncio/session.py, ext/asyncio/scoping.py
    ("scoped_session", &["Session"]),
    ("async_scoped_session", &["AsyncSession"]),
    // orm/strategy_options.py
    ("Load", &["_AbstractLoad"]),
    // engine/base.py
    ("OptionEngine", &["Engine"]),
    ("RootTransaction", &["Transaction"]),
    ("NestedTransaction", &["Transaction"]),
    ("TwoPhaseTransaction", &["RootTransaction"]),
    // ext/asyncio/base.py
    ("GeneratorStartableContext", &["StartableContext"]),
    // sql/base.py, util/_collections.py, sql/schema.py
    ("ReadOnlyColumnCollection", &["ColumnCollection"]),
    ("DedupeColumnCollection", &["ColumnCollection"]),
    ("ReadOnlyProperties", &["Properties"]),
    // orm/relationships.py, orm/properties.py (through `StrategizedProperty`), orm/descriptor_props.py
    ("RelationshipProperty", &["MapperProperty"]),
    ("ColumnProperty", &["MapperProperty"]),
    ("SynonymProperty", &["MapperProperty"]),
    ("CompositeProperty", &["MapperProperty"]),
    // engine/interfaces.py
    ("ReflectedForeignKeyConstraint", &["ReflectedConstraint"]),
    ("ReflectedPrimaryKeyConstraint", &["ReflectedConstraint"]),
    ("ReflectedUniqueConstraint", &["ReflectedConstraint"]),
    ("ReflectedCheckConstraint", &["ReflectedConstraint"]),
    ("PrimaryKeyConstraint", &["ColumnCollectionConstraint"]),
    ("UniqueConstraint", &["ColumnCollectionConstraint"]),
    // orm/query.py, orm/dynamic.py
    ("RowReturningQuery", &["Query"]),
    ("AppenderQuery", &["Query"]),
    // sql/selectable.py
    ("GenerativeSelect", &["SelectBase"]),
    // `Executable` (sql/base.py) comes through `TypedReturnsRows`/`ExecutableReturnsRows`, not `SelectBase`.
    ("Select", &["GenerativeSelect", "Executable"]),
    ("CompoundSelect", &["GenerativeSelect", "Executable"]),
    ("TextualSelect", &["SelectBase", "Executable"]),
    // sql/dml.py
    ("ReturningInsert", &["Insert"]),
    ("ReturningUpdate", &["Update"]),
    ("ReturningDelete", &["Delete"]),
    // dialects/postgresql/dml.py, dialects/sqlite/dml.py, dialects/mysql/dml.py
    ("dialects.postgresql.dml.Insert", &["Insert"]),
    ("dialects.sqlite.dml.Insert", &["Insert"]),
    ("dialects.mysql.dml.Insert", &["Insert"]),
    // orm/attributes.py
    ("InstrumentedAttribute", &["QueryableAttribute"]),
    ("QueryableAttribute", &["SQLCoreOperations"]),
    // sql/elements.py
    ("ColumnElement", &["SQLCoreOperations"]),
    ("KeyedColumnElement", &["ColumnElement"]),
    ("NamedColumn", &["KeyedColumnElement"]),
    ("ColumnClause", &["NamedColumn"]),
    ("Label", &["NamedColumn"]),
    ("BindParameter", &["KeyedColumnElement"]),
    ("OperatorExpression", &["ColumnElement"]),
    ("BinaryExpression", &["OperatorExpression"]),
    ("ExpressionClauseList", &["OperatorExpression"]),
    ("BooleanClauseList", &["ExpressionClauseList"]),
    ("UnaryExpression", &["ColumnElement"]),
    ("CollectionAggregate", &["UnaryExpression"]),
    ("AsBoolean", &["UnaryExpression"]),
    ("Cast", &["ColumnElement"]),
    ("TypeCoerce", &["ColumnElement"]),
    ("Case", &["ColumnElement"]),
    ("Over", &["ColumnElement"]),
    ("FunctionFilter", &["ColumnElement"]),
    ("WithinGroup", &["ColumnElement"]),
    ("Extract", &["ColumnElement"]),
    ("CollationClause", &["ColumnElement"]),
    ("Null", &["ColumnElement"]),
    ("True_", &["ColumnElement"]),
    ("False_", &["ColumnElement"]),
    ("Tuple", &["ColumnElement"]),
    ("Grouping", &["ColumnElement"]),
    ("TextClause", &[]),
    // sql/schema.py
    ("Column", &["ColumnClause"]),
    // sql/selectable.py: scalar subqueries and EXISTS are column expressions
    ("ScalarSelect", &["ColumnElement"]),
    ("Exists", &["UnaryExpression"]),
    // sql/functions.py: `func.<name>(...)` classes
    ("FunctionElement", &["ColumnElement"]),
    ("Function", &["FunctionElement"]),
    ("GenericFunction", &["Function"]),
    ("AnsiFunction", &["GenericFunction"]),
    ("ReturnTypeFromArgs", &["GenericFunction"]),
    ("ReturnTypeFromOptionalArgs", &["ReturnTypeFromArgs"]),
    ("OrderedSetAgg", &["GenericFunction"]),
    ("count", &["GenericFunction"]),
    ("max", &["ReturnTypeFromArgs"]),
    ("min", &["ReturnTypeFromArgs"]),
    ("sum", &["ReturnTypeFromArgs"]),
    ("pow", &["ReturnTypeFromArgs"]),
    ("coalesce", &["ReturnTypeFromOptionalArgs"]),
    ("array_agg", &["ReturnTypeFromArgs"]),
    ("now", &["GenericFunction"]),
    ("concat", &["GenericFunction"]),
    ("char_length", &["GenericFunction"]),
    ("random", &["GenericFunction"]),
    ("rank", &["GenericFunction"]),
    ("dense_rank", &["GenericFunction"]),
    ("percent_rank", &["GenericFunction"]),
    ("cume_dist", &["GenericFunction"]),
    ("cube", &["GenericFunction"]),
    ("rollup", &["GenericFunction"]),
    ("grouping_sets", &["GenericFunction"]),
    ("aggregate_strings", &["GenericFunction"]),
    ("next_value", &["GenericFunction"]),
    ("current_date", &["AnsiFunction"]),
    ("current_time", &["AnsiFunction"]),
    ("current_timestamp", &["AnsiFunction"]),
    ("current_user", &["AnsiFunction"]),
    ("localtime", &["AnsiFunction"]),
    ("localtimestamp", &["AnsiFunction"]),
    ("session_user", &["AnsiFunction"]),
    ("sysdate", &["AnsiFunction"]),
    ("user", &["AnsiFunction"]),
    ("mode", &["OrderedSetAgg"]),
    ("percentile_cont", &["OrderedSetAgg"]),
    ("percentile_disc", &["OrderedSetAgg"]),
    // SQLModel's own classes (sqlmodel/orm/session.py, sqlmodel/sql/_expression_select_cls.py)
    ("sqlmodel.Session", &["Session"]),
    ("sqlmodel.SelectOfScalar", &["Select"]),
    ("sqlmodel.Select", &["Select"]),
];

/// Classes generic in one type parameter (not row-carrying): named bare in an annotation
/// (`query: Query`), type checkers read the parameter as `Unknown` (`Query[Unknown]`).
pub const ONE_PARAMETER_GENERICS: &[&str] = &[
    "Query",
    "AppenderQuery",
    "Column",
    "ColumnClause",
    "ColumnElement",
    "KeyedColumnElement",
    "SQLCoreOperations",
    "BinaryExpression",
    "UnaryExpression",
    "BindParameter",
    "Label",
    "Cast",
    "Case",
    "Over",
    "Function",
    "ScalarSelect",
    "TypeEngine",
    "TypeDecorator",
    "Mapped",
    "DynamicMapped",
    "WriteOnlyMapped",
    "MappedColumn",
    "ColumnProperty",
    "Relationship",
    "RelationshipProperty",
    "MapperProperty",
    "SynonymProperty",
    "Synonym",
    "CompositeProperty",
    "Composite",
    "InstrumentedAttribute",
    "QueryableAttribute",
    "ScalarResult",
    "TupleResult",
    "Bundle",
    "AliasedClass",
    "sessionmaker",
    "scoped_session",
    "async_sessionmaker",
    "async_scoped_session",
];

/// Class methods, which a call on the class itself reaches (`Session.object_session(user)`).
pub const CLASS_METHODS: &[(&str, &str)] = &[
    ("Session", "object_session"),
    ("sessionmaker", "object_session"),
    ("scoped_session", "object_session"),
    ("AsyncSession", "object_session"),
    ("async_scoped_session", "object_session"),
    ("Mutable", "as_mutable"),
    ("MutableDict", "as_mutable"),
    ("MutableList", "as_mutable"),
    ("MutableSet", "as_mutable"),
    ("sqlmodel.SQLModel", "model_validate"),
    ("sqlmodel.SQLModel", "model_validate_json"),
    ("sqlmodel.SQLModel", "model_construct"),
];

/// What SQLAlchemy's classes declare for attributes their subclasses set in the class body
/// (class, attribute, declared type): `cache_ok = True` narrows `Optional[bool]`
/// (types/type_api.py `ExternalType`); a `DeclarativeBase`'s `__tablename__` is `Any`
/// (orm/decl_api.py).
pub const CLASS_DECLARATIONS: &[(&str, &str, &str)] = &[
    ("TypeDecorator", "cache_ok", "Optional[bool]"),
    ("UserDefinedType", "cache_ok", "Optional[bool]"),
    ("DeclarativeBase", "__tablename__", "Any"),
    ("DeclarativeBase", "__table_args__", "Any"),
    ("DeclarativeBase", "__mapper_args__", "Any"),
    ("DeclarativeBaseNoMeta", "__tablename__", "Any"),
    ("DeclarativeBaseNoMeta", "__table_args__", "Any"),
    ("DeclarativeBaseNoMeta", "__mapper_args__", "Any"),
];

/// Methods and properties.
pub const MEMBERS: &[Member] = &[
    // --- Result (engine/result.py) ---
    m("Result", "all", "Sequence[Row[$R]]"),
    m("Result", "fetchall", "Sequence[Row[$R]]"),
    m("Result", "fetchmany", "Sequence[Row[$R]]"),
    m("Result", "first", "Optional[Row[$R]]"),
    m("Result", "fetchone", "Optional[Row[$R]]"),
    m("Result", "one_or_none", "Optional[Row[$R]]"),
    m("Result", "one", "Row[$R]"),
    m("Result", "__iter__", "Iterator[Row[$R]]"),
    m("Result", "__next__", "Row[$R]"),
    m("Result", "__enter__", "$self"),
    m("Result", "unique", "$self"),
    m("Result", "yield_per", "$self"),
    m("Result", "columns", "$self"),
    m("Result", "mappings", "MappingResult"),
    m("Result", "partitions", "Iterator[Sequence[Row[$R]]]"),
    m("Result", "tuples", "TupleResult[$RT]"),
    p("Result", "t", "TupleResult[$RT]"),
    m("Result", "freeze", "FrozenResult[$R]"),
    m("Result", "close", "None"),
    p("Result", "closed", "bool"),
    m("Result", "keys", "RMKeyView"),
    // 2.0: `scalars(self: Result[Tuple[_T]])`; with an index, or another row, `ScalarResult[Any]`.
    m20("Result", "scalars", "[#0] ScalarResult[$1] ?? ScalarResult[Any]"),
    m20("Result", "scalar_one", "$1 ?? Any"),
    m20("Result", "scalar_one_or_none", "Optional[$1] ?? Optional[Any]"),
    m20("Result", "scalar", "Optional[$1] ?? Any"),
    // 2.1: `self: Result[_T, Unpack[TupleAny]]`, the first column of any row.
    m21("Result", "scalars", "[#0] ScalarResult[$F] ?? ScalarResult[Any]"),
    m21("Result", "scalar_one", "$F"),
    m21("Result", "scalar_one_or_none", "Optional[$F]"),
    m21("Result", "scalar", "Optional[$F]"),
    // --- CursorResult (engine/cursor.py) ---
    p("CursorResult", "rowcount", "int"),
    p("CursorResult", "lastrowid", "int"),
    p("CursorResult", "inserted_primary_key", "Optional[Any]"),
    p("CursorResult", "returned_defaults", "Optional[Row[TupleAny]]"),
    p("CursorResult", "is_insert", "bool"),
    p("CursorResult", "returns_rows", "bool"),
    m("CursorResult", "splice_horizontally", "$self"),
    m("CursorResult", "splice_vertically", "$self"),
    // --- FrozenResult (engine/result.py) ---
    m("FrozenResult", "__call__", "Result[$R]"),
    m("FrozenResult", "with_new_rows", "$self"),
    p("FrozenResult", "metadata", "ResultMetaData"),
    p("FrozenResult", "data", "Sequence[Any]"),
    // --- ScalarResult (engine/result.py) ---
    m("ScalarResult", "all", "Sequence[$T]"),
    m("ScalarResult", "fetchall", "Sequence[$T]"),
    m("ScalarResult", "fetchmany", "Sequence[$T]"),
    m("ScalarResult", "first", "Optional[$T]"),
    m("ScalarResult", "one_or_none", "Optional[$T]"),
    m("ScalarResult", "one", "$T"),
    m("ScalarResult", "__iter__", "Iterator[$T]"),
    m("ScalarResult", "__next__", "$T"),
    m("ScalarResult", "__enter__", "$self"),
    m("ScalarResult", "unique", "$self"),
    m("ScalarResult", "yield_per", "$self"),
    m("ScalarResult", "partitions", "Iterator[Sequence[$T]]"),
    m("ScalarResult", "close", "None"),
    p("ScalarResult", "closed", "bool"),
    // --- MappingResult (engine/result.py) ---
    m("MappingResult", "all", "Sequence[RowMapping]"),
    m("MappingResult", "fetchall", "Sequence[RowMapping]"),
    m("MappingResult", "fetchmany", "Sequence[RowMapping]"),
    m("MappingResult", "first", "Optional[RowMapping]"),
    m("MappingResult", "fetchone", "Optional[RowMapping]"),
    m("MappingResult", "one_or_none", "Optional[RowMapping]"),
    m("MappingResult", "one", "RowMapping"),
    m("MappingResult", "__iter__", "Iterator[RowMapping]"),
    m("MappingResult", "__next__", "RowMapping"),
    m("MappingResult", "__enter__", "$self"),
    m("MappingResult", "unique", "$self"),
    m("MappingResult", "columns", "$self"),
    m("MappingResult", "yield_per", "$self"),
    m("MappingResult", "partitions", "Iterator[Sequence[RowMapping]]"),
    m("MappingResult", "close", "None"),
    p("MappingResult", "closed", "bool"),
    m("MappingResult", "keys", "RMKeyView"),
    // --- TupleResult (engine/result.py): `TupleResult[Tuple[int, str]]` in both series ---
    m("TupleResult", "all", "Sequence[$T]"),
    m("TupleResult", "fetchall", "Sequence[$T]"),
    m("TupleResult", "fetchmany", "Sequence[$T]"),
    m("TupleResult", "first", "Optional[$T]"),
    m("TupleResult", "fetchone", "Optional[$T]"),
    m("TupleResult", "one_or_none", "Optional[$T]"),
    m("TupleResult", "one", "$T"),
    m("TupleResult", "__iter__", "Iterator[$T]"),
    m("TupleResult", "__next__", "$T"),
    m("TupleResult", "yield_per", "$self"),
    m("TupleResult", "partitions", "Iterator[Sequence[$T]]"),
    m("TupleResult", "scalar_one", "$1 ?? Any"),
    m("TupleResult", "scalar_one_or_none", "Optional[$1] ?? Optional[Any]"),
    m("TupleResult", "scalar", "Optional[$1] ?? Any"),
    m("TupleResult", "close", "None"),
    // --- Row, RowMapping (engine/row.py) ---
    p("Row", "t", "$RT"),
    m("Row", "tuple", "$RT"),
    p("Row", "_t", "$RT"),
    m("Row", "_tuple", "$RT"),
    p("Row", "_mapping", "RowMapping"),
    p("Row", "_fields", "Tuple[str, ...]"),
    m("Row", "_asdict", "Dict[str, Any]"),
    m("RowMapping", "__getitem__", "Any"),
    // --- AsyncResult (ext/asyncio/result.py) ---
    m("AsyncResult", "all", "CoroutineType[Any, Any, Sequence[Row[$R]]]"),
    m("AsyncResult", "fetchall", "CoroutineType[Any, Any, Sequence[Row[$R]]]"),
    m("AsyncResult", "fetchmany", "CoroutineType[Any, Any, Sequence[Row[$R]]]"),
    m("AsyncResult", "first", "CoroutineType[Any, Any, Optional[Row[$R]]]"),
    m("AsyncResult", "fetchone", "CoroutineType[Any, Any, Optional[Row[$R]]]"),
    m("AsyncResult", "one_or_none", "CoroutineType[Any, Any, Optional[Row[$R]]]"),
    m("AsyncResult", "one", "CoroutineType[Any, Any, Row[$R]]"),
    // Both series: `scalar*(self: AsyncResult[_T])`, a one-column row only.
    m("AsyncResult", "scalar", "CoroutineType[Any, Any, Optional[$1]] ?? CoroutineType[Any, Any, Any]"),
    m("AsyncResult", "scalar_one", "CoroutineType[Any, Any, $1] ?? CoroutineType[Any, Any, Any]"),
    m(
        "AsyncResult",
        "scalar_one_or_none",
        "CoroutineType[Any, Any, Optional[$1]] ?? CoroutineType[Any, Any, Optional[Any]]",
    ),
    m20("AsyncResult", "scalars", "[#0] AsyncScalarResult[$1] ?? AsyncScalarResult[Any]"),
    m21("AsyncResult", "scalars", "[#0] AsyncScalarResult[$F] ?? AsyncScalarResult[Any]"),
    m("AsyncResult", "mappings", "AsyncMappingResult"),
    m("AsyncResult", "tuples", "AsyncTupleResult[$RT]"),
    p("AsyncResult", "t", "AsyncTupleResult[$RT]"),
    m("AsyncResult", "unique", "$self"),
    m("AsyncResult", "columns", "$self"),
    m("AsyncResult", "yield_per", "$self"),
    m("AsyncResult", "partitions", "AsyncIterator[Sequence[Row[$R]]]"),
    m("AsyncResult", "freeze", "CoroutineType[Any, Any, FrozenResult[$R]]"),
    m("AsyncResult", "close", "CoroutineType[Any, Any, None]"),
    p("AsyncResult", "closed", "bool"),
    m("AsyncResult", "keys", "RMKeyView"),
    // `async for row in result`: `__aiter__` returns the result itself, `__anext__` awaits a row.
    m("AsyncResult", "__aiter__", "$self"),
    m("AsyncResult", "__anext__", "CoroutineType[Any, Any, Row[$R]]"),
    // --- AsyncScalarResult (ext/asyncio/result.py) ---
    m("AsyncScalarResult", "all", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncScalarResult", "fetchall", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncScalarResult", "fetchmany", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncScalarResult", "first", "CoroutineType[Any, Any, Optional[$T]]"),
    m("AsyncScalarResult", "one_or_none", "CoroutineType[Any, Any, Optional[$T]]"),
    m("AsyncScalarResult", "one", "CoroutineType[Any, Any, $T]"),
    m("AsyncScalarResult", "unique", "$self"),
    m("AsyncScalarResult", "yield_per", "$self"),
    m("AsyncScalarResult", "partitions", "AsyncIterator[Sequence[$T]]"),
    m("AsyncScalarResult", "close", "CoroutineType[Any, Any, None]"),
    p("AsyncScalarResult", "closed", "bool"),
    m("AsyncScalarResult", "__aiter__", "$self"),
    m("AsyncScalarResult", "__anext__", "CoroutineType[Any, Any, $T]"),
    // --- AsyncMappingResult (ext/asyncio/result.py) ---
    m("AsyncMappingResult", "all", "CoroutineType[Any, Any, Sequence[RowMapping]]"),
    m("AsyncMappingResult", "fetchall", "CoroutineType[Any, Any, Sequence[RowMapping]]"),
    m("AsyncMappingResult", "fetchmany", "CoroutineType[Any, Any, Sequence[RowMapping]]"),
    m("AsyncMappingResult", "first", "CoroutineType[Any, Any, Optional[RowMapping]]"),
    m("AsyncMappingResult", "fetchone", "CoroutineType[Any, Any, Optional[RowMapping]]"),
    m("AsyncMappingResult", "one_or_none", "CoroutineType[Any, Any, Optional[RowMapping]]"),
    m("AsyncMappingResult", "one", "CoroutineType[Any, Any, RowMapping]"),
    m("AsyncMappingResult", "unique", "$self"),
    m("AsyncMappingResult", "columns", "$self"),
    m("AsyncMappingResult", "yield_per", "$self"),
    m("AsyncMappingResult", "partitions", "AsyncIterator[Sequence[RowMapping]]"),
    m("AsyncMappingResult", "close", "CoroutineType[Any, Any, None]"),
    p("AsyncMappingResult", "closed", "bool"),
    m("AsyncMappingResult", "keys", "RMKeyView"),
    m("AsyncMappingResult", "__aiter__", "$self"),
    m("AsyncMappingResult", "__anext__", "CoroutineType[Any, Any, RowMapping]"),
    // --- AsyncTupleResult (ext/asyncio/result.py): `AsyncTupleResult[Tuple[int, str]]` ---
    m("AsyncTupleResult", "all", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncTupleResult", "fetchall", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncTupleResult", "fetchmany", "CoroutineType[Any, Any, Sequence[$T]]"),
    m("AsyncTupleResult", "first", "CoroutineType[Any, Any, Optional[$T]]"),
    m("AsyncTupleResult", "fetchone", "CoroutineType[Any, Any, Optional[$T]]"),
    m("AsyncTupleResult", "one_or_none", "CoroutineType[Any, Any, Optional[$T]]"),
    m("AsyncTupleResult", "one", "CoroutineType[Any, Any, $T]"),
    m("AsyncTupleResult", "scalar", "CoroutineType[Any, Any, Optional[$1]] ?? CoroutineType[Any, Any, Any]"),
    m("AsyncTupleResult", "scalar_one", "CoroutineType[Any, Any, $1] ?? CoroutineType[Any, Any, Any]"),
    m(
        "AsyncTupleResult",
        "scalar_one_or_none",
        "CoroutineType[Any, Any, Optional[$1]] ?? CoroutineType[Any, Any, Optional[Any]]",
    ),
    m("AsyncTupleResult", "yield_per", "$self"),
    // Declared `async def … -> AsyncIterator[_R]` under TYPE_CHECKING, so a coroutine of an iterator.
    m("AsyncTupleResult", "partitions", "CoroutineType[Any, Any, AsyncIterator[Sequence[$T]]]"),
    m("AsyncTupleResult", "close", "CoroutineType[Any, Any, None]"),
    m("AsyncTupleResult", "__aiter__", "AsyncIterator[$T]"),
    m("AsyncTupleResult", "__anext__", "CoroutineType[Any, Any, $T]"),
    // --- Session (orm/session.py); scoped_session proxies these (orm/scoping.py) ---
    m("Session", "execute", "Result[$A0.R]"),
    // `scalars(statement: TypedReturnsRows[_T])`: a one-column statement, in both series.
    m("Session", "scalars", "ScalarResult[$A0.1] ?? ScalarResult[Any]"),
    m("Session", "scalar", "Optional[$A0.1] ?? Any"),
    // types/type_api.py: `Integer().with_variant(BigInteger, "mssql")` is the `Integer`.
    m("TypeEngine", "with_variant", "$self"),
    m("Session", "object_session", "Optional[Session]"),
    // `_SessionClassMethods.object_session`, and the proxies' own: the session is a `Session`.
    m("sessionmaker", "object_session", "Optional[Session]"),
    m("scoped_session", "object_session", "Optional[Session]"),
    m("AsyncSession", "object_session", "Optional[Session]"),
    m("async_scoped_session", "object_session", "Optional[Session]"),
    m("Session", "get", "Optional[$A0.inst] ?? Unknown"),
    m("Session", "get_one", "$A0.inst ?? Unknown"),
    // One entity → `Query[User]`; columns → `RowReturningQuery[...]` (limit 8); else `Query[Any]`.
    m("Session", "query", "[#1] Query[$A0.inst] ?? [#1+] RowReturningQuery[$ARGS] ?? Query[Any]"),
    m("Session", "add", "None"),
    m("Session", "add_all", "None"),
    m("Session", "commit", "None"),
    m("Session", "flush", "None"),
    m("Session", "rollback", "None"),
    m("Session", "close", "None"),
    m("Session", "refresh", "None"),
    m("Session", "delete", "None"),
    m("Session", "expunge", "None"),
    m("Session", "expunge_all", "None"),
    m("Session", "expire", "None"),
    m("Session", "expire_all", "None"),
    m("Session", "invalidate", "None"),
    m("Session", "bulk_save_objects", "None"),
    m("Session", "merge", "$A0"),
    m("Session", "begin", "SessionTransaction"),
    m("Session", "begin_nested", "SessionTransaction"),
    m("Session", "connection", "Connection"),
    m("Session", "get_bind", "Engine | Connection"),
    m("Session", "in_transaction", "bool"),
    m("Session", "get_transaction", "Optional[SessionTransaction]"),
    m("Session", "__enter__", "$self"),
    p("Session", "bind", "Engine | Connection | None"),
    p("Session", "is_active", "bool"),
    p("Session", "no_autoflush", "_GeneratorContextManager[Session, None, None]"),
    p("Session", "identity_map", "IdentityMap"),
    p("Session", "new", "IdentitySet"),
    p("Session", "dirty", "IdentitySet"),
    p("Session", "deleted", "IdentitySet"),
    p("Session", "info", "Dict[Any, Any]"),
    // --- SessionTransaction (orm/session.py) ---
    m("SessionTransaction", "__enter__", "$self"),
    m("SessionTransaction", "commit", "None"),
    m("SessionTransaction", "rollback", "None"),
    m("SessionTransaction", "close", "None"),
    p("SessionTransaction", "is_active", "bool"),
    p("SessionTransaction", "nested", "bool"),
    p("SessionTransaction", "parent", "Optional[SessionTransaction]"),
    // --- sessionmaker (orm/session.py): `sessionmaker[Session]` ---
    m("sessionmaker", "__call__", "$T"),
    m("sessionmaker", "begin", "AbstractContextManager[$T, bool | None]"),
    m("sessionmaker", "configure", "None"),
    // contextlib's and SQLAlchemy's context managers, named like SQLAlchemy classes so that `with` and
    // `async with` find their `__enter__` / `__aenter__` here; they display the same.
    m("AbstractContextManager", "__enter__", "$T"),
    m("_GeneratorContextManager", "__enter__", "$T"),
    // --- scoped_session (orm/scoping.py): `scoped_session[Session]` ---
    m("scoped_session", "__call__", "$T"),
    m("scoped_session", "remove", "None"),
    m("scoped_session", "configure", "None"),
    p("scoped_session", "registry", "ScopedRegistry[$T]"),
    p("scoped_session", "session_factory", "sessionmaker[$T]"),
    // --- AsyncSession (ext/asyncio/session.py); async_scoped_session proxies these ---
    m("AsyncSession", "execute", "CoroutineType[Any, Any, Result[$A0.R]]"),
    m(
        "AsyncSession",
        "scalars",
        "CoroutineType[Any, Any, ScalarResult[$A0.1]] ?? CoroutineType[Any, Any, ScalarResult[Any]]",
    ),
    m("AsyncSession", "scalar", "CoroutineType[Any, Any, Optional[$A0.1]] ?? CoroutineType[Any, Any, Any]"),
    m("AsyncSession", "get", "CoroutineType[Any, Any, Optional[$A0.inst]] ?? Unknown"),
    m("AsyncSession", "get_one", "CoroutineType[Any, Any, $A0.inst] ?? Unknown"),
    m("AsyncSession", "stream", "CoroutineType[Any, Any, AsyncResult[$A0.R]]"),
    m(
        "AsyncSession",
        "stream_scalars",
        "CoroutineType[Any, Any, AsyncScalarResult[$A0.1]] ?? CoroutineType[Any, Any, AsyncScalarResult[Any]]",
    ),
    m("AsyncSession", "add", "None"),
    m("AsyncSession", "add_all", "None"),
    m("AsyncSession", "expunge", "None"),
    m("AsyncSession", "expunge_all", "None"),
    m("AsyncSession", "expire", "None"),
    m("AsyncSession", "expire_all", "None"),
    m("AsyncSession", "commit", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "flush", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "rollback", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "close", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "refresh", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "delete", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "invalidate", "CoroutineType[Any, Any, None]"),
    m("AsyncSession", "merge", "CoroutineType[Any, Any, $A0]"),
    m("AsyncSession", "connection", "CoroutineType[Any, Any, AsyncConnection]"),
    m("AsyncSession", "begin", "AsyncSessionTransaction"),
    m("AsyncSession", "begin_nested", "AsyncSessionTransaction"),
    m("AsyncSession", "in_transaction", "bool"),
    m("AsyncSession", "get_bind", "Engine | Connection"),
    m("AsyncSession", "__aenter__", "CoroutineType[Any, Any, $self]"),
    // `run_sync(fn, *args)`: what `fn` returns, called with the sync session (see CALLBACK_RECEIVERS).
    m("AsyncSession", "run_sync", "CoroutineType[Any, Any, $A0.ret]"),
    p("AsyncSession", "sync_session", "Session"),
    p("AsyncSession", "is_active", "bool"),
    // --- AsyncSessionTransaction (ext/asyncio/session.py) ---
    m("AsyncSessionTransaction", "__aenter__", "CoroutineType[Any, Any, $self]"),
    m("AsyncSessionTransaction", "commit", "CoroutineType[Any, Any, None]"),
    m("AsyncSessionTransaction", "rollback", "CoroutineType[Any, Any, None]"),
    p("AsyncSessionTransaction", "is_active", "bool"),
    // --- async_sessionmaker (ext/asyncio/session.py): `async_sessionmaker[AsyncSession]` ---
    m("async_sessionmaker", "__call__", "$T"),
    m("async_sessionmaker", "begin", "_AsyncSessionContextManager[$T]"),
    m("async_sessionmaker", "configure", "None"),
    m("_AsyncSessionContextManager", "__aenter__", "CoroutineType[Any, Any, $T]"),
    m("_AsyncGeneratorContextManager", "__aenter__", "CoroutineType[Any, Any, $T]"),
    // --- async_scoped_session (ext/asyncio/scoping.py) ---
    m("async_scoped_session", "__call__", "$T"),
    m("async_scoped_session", "remove", "CoroutineType[Any, Any, None]"),
    m("async_scoped_session", "configure", "None"),
    p("async_scoped_session", "session_factory", "async_sessionmaker[$T]"),
    // --- Mutable and its collections (ext/mutable.py): `as_mutable(sqltype: _TypeEngineArgument[_T])
    // -> TypeEngine[_T]`, a classmethod ---
    m("Mutable", "as_mutable", "TypeEngine[$A0.inst.py]"),
    m("MutableDict", "as_mutable", "TypeEngine[$A0.inst.py]"),
    m("MutableList", "as_mutable", "TypeEngine[$A0.inst.py]"),
    m("MutableSet", "as_mutable", "TypeEngine[$A0.inst.py]"),
    // --- Engine (engine/base.py) ---
    m("Engine", "connect", "Connection"),
    m("Engine", "begin", "_GeneratorContextManager[Connection, None, None]"),
    m("Engine", "dispose", "None"),
    m("Engine", "raw_connection", "PoolProxiedConnection"),
    m("Engine", "execution_options", "OptionEngine"),
    p("Engine", "url", "URL"),
    p("Engine", "dialect", "Dialect"),
    p("Engine", "pool", "Pool"),
    p("Engine", "name", "str"),
    // --- Dialect (engine/interfaces.py) ---
    p("Dialect", "name", "str"),
    p("Dialect", "driver", "str"),
    // `type_descriptor(typeobj: TypeEngine[_T]) -> TypeEngine[_T]`: the Python type the SQL type
    // stands for.
    m("Dialect", "type_descriptor", "TypeEngine[$A0.py]"),
    m("Dialect", "has_table", "bool"),
    m("Dialect", "has_index", "bool"),
    m("Dialect", "has_sequence", "bool"),
    m("Dialect", "has_schema", "bool"),
    p20("Dialect", "server_version_info", "Optional[Tuple[Any, ...]]"),
    // --- Compiled, SQLCompiler, DDLCompiler, IdentifierPreparer (sql/compiler.py): what a
    // `@compiles` function is given ---
    p("SQLCompiler", "dialect", "Dialect"),
    p("SQLCompiler", "preparer", "IdentifierPreparer"),
    m("SQLCompiler", "process", "str"),
    p("DDLCompiler", "dialect", "Dialect"),
    p("DDLCompiler", "preparer", "IdentifierPreparer"),
    m("DDLCompiler", "process", "str"),
    m("IdentifierPreparer", "quote", "str"),
    m("IdentifierPreparer", "quote_identifier", "str"),
    m("IdentifierPreparer", "quote_schema", "str"),
    m("IdentifierPreparer", "format_table", "str"),
    m("IdentifierPreparer", "format_column", "str"),
    // --- Connection (engine/base.py) ---
    m("Connection", "execute", "CursorResult[$A0.R]"),
    m("Connection", "scalars", "ScalarResult[$A0.1] ?? ScalarResult[Any]"),
    m("Connection", "scalar", "Optional[$A0.1] ?? Any"),
    m("Connection", "exec_driver_sql", "CursorResult[TupleAny]"),
    m("Connection", "commit", "None"),
    m("Connection", "rollback", "None"),
    m("Connection", "close", "None"),
    m("Connection", "invalidate", "None"),
    m("Connection", "begin", "RootTransaction"),
    m("Connection", "begin_nested", "NestedTransaction"),
    m("Connection", "in_transaction", "bool"),
    m("Connection", "execution_options", "$self"),
    m("Connection", "__enter__", "$self"),
    p("Connection", "connection", "PoolProxiedConnection"),
    p("Connection", "engine", "Engine"),
    p("Connection", "closed", "bool"),
    // --- Transaction, RootTransaction, NestedTransaction (engine/base.py) ---
    m("Transaction", "__enter__", "$self"),
    m("Transaction", "commit", "None"),
    m("Transaction", "rollback", "None"),
    m("Transaction", "close", "None"),
    p("Transaction", "is_active", "bool"),
    // --- AsyncEngine (ext/asyncio/engine.py) ---
    m("AsyncEngine", "connect", "AsyncConnection"),
    m("AsyncEngine", "begin", "_AsyncGeneratorContextManager[AsyncConnection, None]"),
    m("AsyncEngine", "dispose", "CoroutineType[Any, Any, None]"),
    m("AsyncEngine", "execution_options", "$self"),
    p("AsyncEngine", "sync_engine", "Engine"),
    p("AsyncEngine", "url", "URL"),
    p("AsyncEngine", "dialect", "Dialect"),
    // --- AsyncConnection (ext/asyncio/engine.py) ---
    m("AsyncConnection", "execute", "CoroutineType[Any, Any, CursorResult[$A0.R]]"),
    m("AsyncConnection", "run_sync", "CoroutineType[Any, Any, $A0.ret]"),
    m(
        "AsyncConnection",
        "scalars",
        "CoroutineType[Any, Any, ScalarResult[$A0.1]] ?? CoroutineType[Any, Any, ScalarResult[Any]]",
    ),
    m("AsyncConnection", "scalar", "CoroutineType[Any, Any, Optional[$A0.1]] ?? CoroutineType[Any, Any, Any]"),
    // `@asyncstartablecontext`: awaited (or entered with `async with`) for the result.
    m("AsyncConnection", "stream", "GeneratorStartableContext[AsyncResult[$A0.R]]"),
    m(
        "AsyncConnection",
        "stream_scalars",
        "GeneratorStartableContext[AsyncScalarResult[$A0.1]] ?? GeneratorStartableContext[AsyncScalarResult[Any]]",
    ),
    // --- StartableContext (ext/asyncio/base.py) ---
    m("StartableContext", "__await__", "Generator[Any, Any, $T]"),
    m("StartableContext", "__aenter__", "CoroutineType[Any, Any, $T]"),
    m("StartableContext", "start", "CoroutineType[Any, Any, $T]"),
    // Annotated `CursorResult[Any]` in both series (one `Any` column in 2.1), unlike the sync method.
    m("AsyncConnection", "exec_driver_sql", "CoroutineType[Any, Any, CursorResult[Any]]"),
    m("AsyncConnection", "commit", "CoroutineType[Any, Any, None]"),
    m("AsyncConnection", "rollback", "CoroutineType[Any, Any, None]"),
    m("AsyncConnection", "close", "CoroutineType[Any, Any, None]"),
    m("AsyncConnection", "invalidate", "CoroutineType[Any, Any, None]"),
    m("AsyncConnection", "start", "CoroutineType[Any, Any, $self]"),
    m("AsyncConnection", "begin", "AsyncTransaction"),
    m("AsyncConnection", "begin_nested", "AsyncTransaction"),
    m("AsyncConnection", "in_transaction", "bool"),
    m("AsyncConnection", "__aenter__", "CoroutineType[Any, Any, $self]"),
    p("AsyncConnection", "sync_connection", "Optional[Connection]"),
    p("AsyncConnection", "sync_engine", "Engine"),
    // --- AsyncTransaction (ext/asyncio/engine.py) ---
    m("AsyncTransaction", "__aenter__", "CoroutineType[Any, Any, $self]"),
    m("AsyncTransaction", "commit", "CoroutineType[Any, Any, None]"),
    m("AsyncTransaction", "rollback", "CoroutineType[Any, Any, None]"),
    m("AsyncTransaction", "close", "CoroutineType[Any, Any, None]"),
    p("AsyncTransaction", "is_active", "bool"),
    // --- Query (orm/query.py): `Query[User]` ---
    m("Query", "all", "List[$T]"),
    m("Query", "first", "Optional[$T]"),
    m("Query", "one", "$T"),
    m("Query", "one_or_none", "Optional[$T]"),
    // `get(ident)`: one identity; more arguments are a call type checkers reject (`Unknown`).
    m("Query", "get", "[#1] Optional[$T] ?? Unknown"),
    m("Query", "scalar", "Any"),
    m("RowReturningQuery", "scalar", "[precise] Optional[$F] ?? Any"),
    m("Query", "count", "int"),
    m("Query", "__iter__", "Iterator[$T]"),
    m("Query", "__getitem__", "$T"),
    m("Query", "filter", "$self"),
    m("Query", "filter_by", "$self"),
    m("Query", "where", "$self"),
    m("Query", "order_by", "$self"),
    m("Query", "group_by", "$self"),
    m("Query", "having", "$self"),
    m("Query", "join", "$self"),
    m("Query", "outerjoin", "$self"),
    m("Query", "limit", "$self"),
    m("Query", "offset", "$self"),
    m("Query", "slice", "$self"),
    m("Query", "options", "$self"),
    m("Query", "distinct", "$self"),
    m("Query", "execution_options", "$self"),
    m("Query", "select_from", "$self"),
    m("Query", "correlate", "$self"),
    m("Query", "with_for_update", "$self"),
    m("Query", "prefix_with", "$self"),
    m("Query", "suffix_with", "$self"),
    m("Query", "params", "$self"),
    m("Query", "enable_eagerloads", "$self"),
    m("Query", "populate_existing", "$self"),
    m("Query", "autoflush", "$self"),
    m("Query", "yield_per", "$self"),
    m("Query", "reset_joinpoint", "$self"),
    m("Query", "with_parent", "$self"),
    m("Query", "from_statement", "$self"),
    m("Query", "union", "$self"),
    m("Query", "union_all", "$self"),
    m("Query", "intersect", "$self"),
    m("Query", "intersect_all", "$self"),
    m("Query", "except_", "$self"),
    m("Query", "except_all", "$self"),
    // One entity → `Query[User]`; 2..8 columns → `RowReturningQuery[...]`; else `Query[Any]`.
    m("Query", "with_entities", "[#1] Query[$A0.inst] ?? [#2+] RowReturningQuery[$ARGS] ?? Query[Any]"),
    m("Query", "add_columns", "Query[Any]"),
    m("Query", "add_column", "Query[Any]"),
    m("Query", "add_entity", "Query[Any]"),
    m("Query", "tuples", "Query[Tuple[$T]]"),
    m("Query", "only_return_tuples", "RowReturningQuery[$T]"),
    m("Query", "subquery", "Subquery[$T]"),
    m("Query", "cte", "CTE[$T]"),
    m("Query", "scalar_subquery", "ScalarSelect[Any]"),
    m("Query", "as_scalar", "ScalarSelect[Any]"),
    m("Query", "label", "Label[Any]"),
    m("Query", "exists", "Exists"),
    m("Query", "delete", "int"),
    m("Query", "update", "int"),
    m("Query", "values", "Iterable[Any]"),
    m("Query", "value", "Any"),
    m("Query", "get_execution_options", "immutabledict[str, Any]"),
    p("Query", "column_descriptions", "List[ORMColumnDescription]"),
    p("Query", "is_single_entity", "bool"),
    p("Query", "session", "Session"),
    // --- RowReturningQuery (orm/query.py): `RowReturningQuery[Tuple[int, str]]` ---
    m("RowReturningQuery", "all", "List[Row[$R]]"),
    m("RowReturningQuery", "first", "Optional[Row[$R]]"),
    m("RowReturningQuery", "one", "Row[$R]"),
    m("RowReturningQuery", "one_or_none", "Optional[Row[$R]]"),
    m("RowReturningQuery", "get", "Optional[Row[$R]]"),
    m("RowReturningQuery", "__iter__", "Iterator[Row[$R]]"),
    m("RowReturningQuery", "tuples", "Query[$RT]"),
    m("RowReturningQuery", "subquery", "Subquery[$R]"),
    m("RowReturningQuery", "cte", "CTE[$R]"),
    // --- AppenderQuery (orm/dynamic.py): `DynamicMapped[Address]` on an instance ---
    m("AppenderQuery", "add", "None"),
    m("AppenderQuery", "add_all", "None"),
    m("AppenderQuery", "append", "None"),
    m("AppenderQuery", "extend", "None"),
    m("AppenderQuery", "remove", "None"),
    p("AppenderQuery", "session", "Optional[Session]"),
    // --- WriteOnlyCollection (orm/writeonly.py): `WriteOnlyMapped[Address]` on an instance ---
    m("WriteOnlyCollection", "select", "Select[$T]"),
    m("WriteOnlyCollection", "insert", "Insert"),
    m("WriteOnlyCollection", "update", "Update"),
    m("WriteOnlyCollection", "delete", "Delete"),
    m("WriteOnlyCollection", "add", "None"),
    m("WriteOnlyCollection", "add_all", "None"),
    m("WriteOnlyCollection", "remove", "None"),
    // --- SelectBase, GenerativeSelect (sql/selectable.py): Select, CompoundSelect, TextualSelect ---
    m("SelectBase", "subquery", "Subquery[$R]"),
    m("SelectBase", "alias", "Subquery[$R]"),
    // --- Executable (sql/base.py) ---
    m("Executable", "execution_options", "$self"),
    m("Executable", "options", "$self"),
    m("SelectBase", "cte", "CTE[$R]"),
    m("SelectBase", "lateral", "LateralFromClause"),
    m("SelectBase", "scalar_subquery", "ScalarSelect[$1] ?? ScalarSelect[Any]"),
    m("SelectBase", "as_scalar", "ScalarSelect[Any]"),
    m("SelectBase", "exists", "Exists"),
    m("SelectBase", "label", "Label[Any]"),
    m("SelectBase", "set_label_style", "$self"),
    m("SelectBase", "params", "$self"),
    m("SelectBase", "add_cte", "$self"),
    p("SelectBase", "selected_columns", "ColumnCollection[str, ColumnElement[Any]]"),
    // A memoized attribute (the snapshot reads a method) of keyed columns: `text().columns(...)`'s.
    p("TextualSelect", "selected_columns", "ColumnCollection[str, KeyedColumnElement[Any]]"),
    // Removed in 2.1 (`Select.c` and `SelectBase.select()` were deprecated in 2.0).
    p20("SelectBase", "c", "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]"),
    m20("SelectBase", "select", "Select[TupleAny]"),
    m("GenerativeSelect", "order_by", "$self"),
    m("GenerativeSelect", "group_by", "$self"),
    m("GenerativeSelect", "limit", "$self"),
    m("GenerativeSelect", "offset", "$self"),
    m("GenerativeSelect", "fetch", "$self"),
    m("GenerativeSelect", "slice", "$self"),
    m("GenerativeSelect", "with_for_update", "$self"),
    // --- Select (sql/selectable.py) ---
    m("Select", "where", "$self"),
    m("Select", "filter", "$self"),
    m("Select", "filter_by", "$self"),
    m("Select", "having", "$self"),
    m("Select", "join", "$self"),
    m("Select", "join_from", "$self"),
    m("Select", "outerjoin", "$self"),
    m("Select", "outerjoin_from", "$self"),
    m("Select", "distinct", "$self"),
    m("Select", "select_from", "$self"),
    m("Select", "correlate", "$self"),
    m("Select", "correlate_except", "$self"),
    m("Select", "prefix_with", "$self"),
    m("Select", "suffix_with", "$self"),
    m("Select", "with_hint", "$self"),
    m("Select", "with_statement_hint", "$self"),
    m("Select", "add_columns", "[precise] Select[$R, $ARGS] ?? Select[TupleAny]"),
    m("Select", "column", "Select[TupleAny]"),
    m("Select", "reduce_columns", "Select[TupleAny]"),
    // 1..8 columns typed (limit 8), else untyped.
    m("Select", "with_only_columns", "[#0] Select[TupleAny] ?? Select[$ARGS] ?? Select[TupleAny]"),
    m("Select", "union", "CompoundSelect[$R]"),
    m("Select", "union_all", "CompoundSelect[$R]"),
    m("Select", "intersect", "CompoundSelect[$R]"),
    m("Select", "intersect_all", "CompoundSelect[$R]"),
    m("Select", "except_", "CompoundSelect[$R]"),
    m("Select", "except_all", "CompoundSelect[$R]"),
    m("Select", "self_group", "SelectStatementGrouping[$self] | $self"),
    m("Select", "from_statement", "ExecutableReturnsRows"),
    p("Select", "whereclause", "Optional[ColumnElement[Any]]"),
    p("Select", "column_descriptions", "Any"),
    // --- TextClause (sql/elements.py) ---
    m("TextClause", "columns", "TextualSelect"),
    m("TextClause", "bindparams", "$self"),
    // --- Insert, Update, Delete and their RETURNING forms (sql/dml.py) ---
    // `returning(...)`: 1..8 columns typed (limit 8), else untyped.
    m("Insert", "returning", "ReturningInsert[$ARGS] ?? ReturningInsert[TupleAny]"),
    m("Insert", "values", "$self"),
    // The dialects' own `Insert`s (`exports::dialect_symbol`), with their upserts.
    m("dialects.postgresql.dml.Insert", "on_conflict_do_nothing", "$self"),
    m("dialects.postgresql.dml.Insert", "on_conflict_do_update", "$self"),
    p("dialects.postgresql.dml.Insert", "excluded", "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]"),
    m("dialects.sqlite.dml.Insert", "on_conflict_do_nothing", "$self"),
    m("dialects.sqlite.dml.Insert", "on_conflict_do_update", "$self"),
    p("dialects.sqlite.dml.Insert", "excluded", "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]"),
    m("dialects.mysql.dml.Insert", "on_duplicate_key_update", "$self"),
    p("dialects.mysql.dml.Insert", "inserted", "ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]"),
    m("Insert", "from_select", "$self"),
    m("Insert", "inline", "$self"),
    m("Insert", "return_defaults", "$self"),
    m("Insert", "prefix_with", "$self"),
    m("Insert", "execution_options", "$self"),
    m("Update", "returning", "ReturningUpdate[$ARGS] ?? ReturningUpdate[TupleAny]"),
    m("Update", "where", "$self"),
    m("Update", "filter", "$self"),
    m("Update", "filter_by", "$self"),
    m("Update", "values", "$self"),
    m("Update", "ordered_values", "$self"),
    m("Update", "inline", "$self"),
    m("Update", "return_defaults", "$self"),
    m("Update", "execution_options", "$self"),
    m("Delete", "returning", "ReturningDelete[$ARGS] ?? ReturningDelete[TupleAny]"),
    m("Delete", "where", "$self"),
    m("Delete", "filter", "$self"),
    m("Delete", "filter_by", "$self"),
    m("Delete", "return_defaults", "$self"),
    m("Delete", "execution_options", "$self"),
    // --- Table (sql/schema.py); the engine models tables, their `.c` and `select()` ---
    m("Table", "insert", "Insert"),
    // `users.select()` is untyped to type checkers; precise mode keeps the table's row.
    m("Table", "select", "[precise] Select[$R] ?? Select[TupleAny]"),
    // `users.alias("u")` keeps the table's columns (`.c.name`).
    m("Table", "alias", "NamedFromClause[$R]"),
    m20("Table", "join", "Join"),
    m21("Table", "join", "Join[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"),
    m20("Table", "outerjoin", "Join"),
    m21("Table", "outerjoin", "Join[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"),
    m("Table", "update", "Update"),
    m("Table", "delete", "Delete"),
    p("Table", "name", "str"),
    p("Table", "fullname", "str"),
    p("Table", "schema", "Optional[str]"),
    p("Table", "key", "str"),
    // --- Column (sql/schema.py): what reflection and `table.c` give ---
    p("Column", "key", "str"),
    p("Column", "table", "Table"),
    p("Column", "primary_key", "bool"),
    p("Column", "unique", "Optional[bool]"),
    p("Column", "index", "Optional[bool]"),
    // Unannotated: `Column.__init__` assigns an `Optional[bool]` parameter or `not primary_key`.
    p("Column", "nullable", "Optional[bool]"),
    p("Column", "comment", "Optional[str]"),
    p("Column", "foreign_keys", "Set[ForeignKey]"),
    p("Column", "server_default", "Optional[FetchedValue]"),
    p("Table", "constraints", "Set[Constraint]"),
    p("Table", "indexes", "Set[Index]"),
    p("Table", "primary_key", "PrimaryKeyConstraint"),
    p("Table", "foreign_keys", "Set[ForeignKey]"),
    // --- constraints (sql/schema.py): `table.primary_key.columns` ---
    p("ColumnCollectionConstraint", "columns", "ReadOnlyColumnCollection[str, Column[Any]]"),
    // --- ClauseList (sql/elements.py): a function's `clauses` ---
    m("ClauseList", "__iter__", "Iterator[ColumnElement[Any]]"),
    // --- ColumnCollection (sql/base.py): iterating `table.c`, `mapper.columns` ---
    m("ColumnCollection", "__iter__", "Iterator[$V]"),
    m("ColumnCollection", "__getitem__", "[$A0: str | int] $V ?? Unknown"),
    m("ColumnCollection", "keys", "List[$T]"),
    m("ColumnCollection", "values", "List[$V]"),
    m("ColumnCollection", "items", "List[Tuple[$T, $V]]"),
    // --- IdentitySet (util/_py_collections.py, 2.1 util/_collections_cy.py): `session.new` ---
    m("IdentitySet", "__iter__", "Iterator[Any]"),
    // --- Mapper (orm/mapper.py): what `inspect(User)` and `User.__mapper__` hold ---
    p("Mapper", "columns", "ReadOnlyColumnCollection[str, Column[Any]]"),
    p("Mapper", "c", "ReadOnlyColumnCollection[str, Column[Any]]"),
    p("Mapper", "tables", "Sequence[TableClause]"),
    p("Mapper", "local_table", "FromClause"),
    p("Mapper", "persist_selectable", "FromClause"),
    p("Mapper", "primary_key", "Tuple[ColumnElement[Any], ...]"),
    p("Mapper", "class_", "type[$T]"),
    p("Mapper", "mapper", "Mapper[$T]"),
    p("Mapper", "base_mapper", "Mapper[Any]"),
    p("Mapper", "registry", "registry"),
    p("Mapper", "attrs", "ReadOnlyProperties[MapperProperty[Any]]"),
    p("Mapper", "all_orm_descriptors", "ReadOnlyProperties[InspectionAttr]"),
    p("Mapper", "synonyms", "ReadOnlyProperties[SynonymProperty[Any]]"),
    p("Mapper", "iterate_properties", "Iterator[MapperProperty[Any]]"),
    // sql/schema.py
    p("MetaData", "tables", "FacadeDict[str, Table]"),
    p("MetaData", "sorted_tables", "List[Table]"),
    m("MetaData", "clear", "None"),
    m("MetaData", "remove", "None"),
    m("MetaData", "reflect", "None"),
    m("MetaData", "create_all", "None"),
    m("MetaData", "drop_all", "None"),
    // engine/base.py
    p("Connection", "dialect", "Dialect"),
    // orm/state.py: what `inspect(instance)` gives.
    p("InstanceState", "mapper", "Mapper[$T]"),
    p("InstanceState", "object", "Optional[$T]"),
    p("InstanceState", "manager", "ClassManager[$T]"),
    p("InstanceState", "attrs", "ReadOnlyProperties[AttributeState]"),
    p("InstanceState", "session", "Optional[Session]"),
    p("InstanceState", "async_session", "Optional[AsyncSession]"),
    p("InstanceState", "session_id", "Optional[int]"),
    p("InstanceState", "transient", "bool"),
    p("InstanceState", "pending", "bool"),
    p("InstanceState", "deleted", "bool"),
    p("InstanceState", "was_deleted", "bool"),
    p("InstanceState", "persistent", "bool"),
    p("InstanceState", "detached", "bool"),
    p("InstanceState", "has_identity", "bool"),
    p("InstanceState", "modified", "bool"),
    p("InstanceState", "expired", "bool"),
    p("InstanceState", "unmodified", "Set[str]"),
    p("InstanceState", "unloaded", "Set[str]"),
    p("InstanceState", "expired_attributes", "Set[str]"),
    p("InstanceState", "committed_state", "Dict[str, Any]"),
    m("InstanceState", "unmodified_intersection", "Set[str]"),
    m("InstanceState", "get_history", "History"),
    p("AttributeState", "key", "str"),
    p("AttributeState", "value", "Any"),
    p("AttributeState", "loaded_value", "Any"),
    p("AttributeState", "history", "History"),
    m("AttributeState", "load_history", "History"),
    // ext/hybrid.py: each modifier returns the property with the same value type.
    m("hybrid_property", "getter", "hybrid_property[$T]"),
    m("hybrid_property", "setter", "hybrid_property[$T]"),
    m("hybrid_property", "deleter", "hybrid_property[$T]"),
    m("hybrid_property", "expression", "hybrid_property[$T]"),
    m("hybrid_property", "comparator", "hybrid_property[$T]"),
    m("hybrid_property", "update_expression", "hybrid_property[$T]"),
    p("hybrid_property", "overrides", "$self"),
    p("Mapper", "column_attrs", "ReadOnlyProperties[ColumnProperty[Any]]"),
    p("Mapper", "relationships", "ReadOnlyProperties[RelationshipProperty[Any]]"),
    p("Mapper", "self_and_descendants", "Sequence[Mapper[Any]]"),
    // --- RelationshipProperty (orm/relationships.py): what `mapper.relationships` hold ---
    p("RelationshipProperty", "local_columns", "Set[ColumnElement[Any]]"),
    p("RelationshipProperty", "remote_side", "Set[ColumnElement[Any]]"),
    p("RelationshipProperty", "secondary", "Optional[FromClause]"),
    p("RelationshipProperty", "primaryjoin", "ColumnElement[bool]"),
    p("RelationshipProperty", "secondaryjoin", "Optional[ColumnElement[bool]]"),
    p("RelationshipProperty", "direction", "RelationshipDirection"),
    p("RelationshipProperty", "mapper", "Mapper[$T]"),
    // --- MapperProperty (orm/interfaces.py): what every mapped attribute's property has ---
    p("MapperProperty", "key", "str"),
    p("MapperProperty", "parent", "Mapper[Any]"),
    p("MapperProperty", "doc", "Optional[str]"),
    p("MapperProperty", "class_attribute", "InstrumentedAttribute[$T]"),
    // --- loader options (orm/strategy_options.py): `Load(User).joinedload(...)` chains ---
    m("_AbstractLoad", "contains_eager", "$self"),
    m("_AbstractLoad", "load_only", "$self"),
    m("_AbstractLoad", "joinedload", "$self"),
    m("_AbstractLoad", "subqueryload", "$self"),
    m("_AbstractLoad", "selectinload", "$self"),
    m("_AbstractLoad", "lazyload", "$self"),
    m("_AbstractLoad", "immediateload", "$self"),
    m("_AbstractLoad", "noload", "$self"),
    m("_AbstractLoad", "raiseload", "$self"),
    m("_AbstractLoad", "defaultload", "$self"),
    m("_AbstractLoad", "defer", "$self"),
    m("_AbstractLoad", "undefer", "$self"),
    m("_AbstractLoad", "undefer_group", "$self"),
    m("_AbstractLoad", "with_expression", "$self"),
    m("_AbstractLoad", "selectin_polymorphic", "$self"),
    m("_AbstractLoad", "options", "$self"),
    // --- ColumnProperty (orm/properties.py) ---
    p("ColumnProperty", "columns", "List[NamedColumn[Any]]"),
    // --- Inspector (engine/reflection.py): what `inspect(engine)` reflects ---
    p("Inspector", "bind", "Union[Engine, Connection]"),
    p("Inspector", "engine", "Engine"),
    p("Inspector", "dialect", "Dialect"),
    p("Inspector", "default_schema_name", "Optional[str]"),
    m("Inspector", "get_schema_names", "List[str]"),
    m("Inspector", "get_table_names", "List[str]"),
    m("Inspector", "get_temp_table_names", "List[str]"),
    m("Inspector", "get_view_names", "List[str]"),
    m("Inspector", "get_temp_view_names", "List[str]"),
    m("Inspector", "get_materialized_view_names", "List[str]"),
    m("Inspector", "get_sequence_names", "List[str]"),
    m("Inspector", "get_view_definition", "str"),
    m("Inspector", "has_table", "bool"),
    m("Inspector", "has_sequence", "bool"),
    m("Inspector", "has_index", "bool"),
    m("Inspector", "has_schema", "bool"),
    m("Inspector", "get_table_options", "Dict[str, Any]"),
    m("Inspector", "get_columns", "List[ReflectedColumn]"),
    m("Inspector", "get_pk_constraint", "ReflectedPrimaryKeyConstraint"),
    m("Inspector", "get_foreign_keys", "List[ReflectedForeignKeyConstraint]"),
    m("Inspector", "get_indexes", "List[ReflectedIndex]"),
    m("Inspector", "get_unique_constraints", "List[ReflectedUniqueConstraint]"),
    m("Inspector", "get_check_constraints", "List[ReflectedCheckConstraint]"),
    m("Inspector", "get_table_comment", "ReflectedTableComment"),
    m("Inspector", "clear_cache", "None"),
    m("Inspector", "reflect_table", "None"),
    // --- registry (orm/decl_api.py) ---
    p("registry", "mappers", "FrozenSet[Mapper[Any]]"),
    // --- Properties (util/_collections.py): the namespaces a mapper's `attrs` are ---
    m("Properties", "__iter__", "Iterator[$T]"),
    m("Properties", "__getitem__", "$T"),
    m("Properties", "get", "[#1] Optional[$T] ?? Union[$A1, $T]"),
    m("Properties", "keys", "List[str]"),
    m("Properties", "values", "List[$T]"),
    m("Properties", "items", "List[Tuple[str, $T]]"),
    // --- flask_sqlalchemy.SQLAlchemy (flask_sqlalchemy/extension.py): `db.session`… ---
    p("SQLAlchemy", "session", "scoped_session[Session]"),
    m("SQLAlchemy", "relationship", "RelationshipProperty[Any]"),
    m("SQLAlchemy", "dynamic_loader", "RelationshipProperty[Any]"),
    p("SQLAlchemy", "metadata", "MetaData"),
    p("SQLAlchemy", "engine", "Engine"),
    m("SQLAlchemy", "get_engine", "Engine"),
    m("SQLAlchemy", "create_all", "None"),
    m("SQLAlchemy", "drop_all", "None"),
    m("SQLAlchemy", "get_or_404", "$A0.inst ?? Unknown"),
    // `-> t.Any`; a precise view of `db.select(User)` gives the entity.
    m("SQLAlchemy", "first_or_404", "$A0.1 ?? Any"),
    m("SQLAlchemy", "one_or_404", "$A0.1 ?? Any"),
    m("SQLAlchemy", "paginate", "Pagination"),
    // --- SQLCoreOperations (sql/elements.py): operators of every column expression ---
    m("SQLCoreOperations", "__eq__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__ne__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__lt__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__le__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__gt__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__ge__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__contains__", "ColumnElement[bool]"),
    m("SQLCoreOperations", "__and__", "BooleanClauseList"),
    m("SQLCoreOperations", "__or__", "BooleanClauseList"),
    m("SQLCoreOperations", "__invert__", "ColumnElement[$T]"),
    m("SQLCoreOperations", "__neg__", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "__getitem__", "ColumnElement[Any]"),
    // `self: _SQO[_NMT]` (int, float, Decimal; bool is an int) keeps the type, `_SQO[str]` concatenates;
    // `int | None` and other types fall to `ColumnElement[Any]`. Precise: an `Integer` with a float
    // (or `Decimal`) operand is a `Float` (`Numeric`) expression, as SQLAlchemy types it, and loads
    // floats (`Decimal`s); `Integer % 1.5` stays `Integer` to SQLAlchemy but the database returns a
    // float: unknown.
    m(
        "SQLCoreOperations",
        "__add__",
        int_widens!(
            "[$T: int | float | Decimal] ColumnElement[$T] ?? [$T: str] ColumnElement[str] ?? ColumnElement[Any]"
        ),
    ),
    m(
        "SQLCoreOperations",
        "__radd__",
        int_widens!(
            "[$T: int | float | Decimal] ColumnElement[$T] ?? [$T: str] ColumnElement[str] ?? ColumnElement[Any]"
        ),
    ),
    m(
        "SQLCoreOperations",
        "__sub__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    m(
        "SQLCoreOperations",
        "__rsub__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    m(
        "SQLCoreOperations",
        "__mul__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    m(
        "SQLCoreOperations",
        "__rmul__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    m(
        "SQLCoreOperations",
        "__mod__",
        "[precise] [$T: int] [$A0: int] ColumnElement[int] ?? [precise] [$T: int] [$A0: QueryableAttribute | ColumnElement] [$A0.T: int] ColumnElement[int] ?? [precise] [$T: int] Any ?? [$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]",
    ),
    m(
        "SQLCoreOperations",
        "__rmod__",
        "[precise] [$T: int] [$A0: int] ColumnElement[int] ?? [precise] [$T: int] [$A0: QueryableAttribute | ColumnElement] [$A0.T: int] ColumnElement[int] ?? [precise] [$T: int] Any ?? [$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]",
    ),
    m(
        "SQLCoreOperations",
        "__floordiv__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    m(
        "SQLCoreOperations",
        "__rfloordiv__",
        int_widens!("[$T: int | float | Decimal] ColumnElement[$T] ?? ColumnElement[Any]"),
    ),
    // `self: _SQO[int]` → `_NUMERIC`; `self: _SQO[_NT]` (float, Decimal) keeps it; on `Any` the
    // overloads disagree and pyright gives `Any`.
    m(
        "SQLCoreOperations",
        "__truediv__",
        "[$T: int] ColumnElement[float | Decimal] ?? [$T: float | Decimal] ColumnElement[$T] ?? [$T: Any] Any ?? ColumnElement[Any]",
    ),
    m(
        "SQLCoreOperations",
        "__rtruediv__",
        "[$T: int | float | Decimal | Any] ColumnElement[float | Decimal] ?? ColumnElement[Any]",
    ),
    m("SQLCoreOperations", "__lshift__", "[$T: int] ColumnElement[int] ?? [$T: Any] Any ?? ColumnElement[Any]"),
    m("SQLCoreOperations", "__rshift__", "[$T: int] ColumnElement[int] ?? [$T: Any] Any ?? ColumnElement[Any]"),
    m("SQLCoreOperations", "concat", "[$T: str] ColumnElement[str] ?? [$T: Any] Any ?? ColumnElement[Any]"),
    m("SQLCoreOperations", "like", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "ilike", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "not_like", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "notlike", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "not_ilike", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "notilike", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "in_", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "not_in", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "notin_", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "is_", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "is_not", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "isnot", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "between", "BinaryExpression[bool]"),
    m("SQLCoreOperations", "is_distinct_from", "ColumnElement[bool]"),
    m("SQLCoreOperations", "is_not_distinct_from", "ColumnElement[bool]"),
    m("SQLCoreOperations", "isnot_distinct_from", "ColumnOperators"),
    m("SQLCoreOperations", "contains", "ColumnElement[bool]"),
    m("SQLCoreOperations", "icontains", "ColumnElement[bool]"),
    m("SQLCoreOperations", "startswith", "ColumnElement[bool]"),
    m("SQLCoreOperations", "istartswith", "ColumnElement[bool]"),
    m("SQLCoreOperations", "endswith", "ColumnElement[bool]"),
    m("SQLCoreOperations", "iendswith", "ColumnElement[bool]"),
    m("SQLCoreOperations", "match", "ColumnElement[bool]"),
    m("SQLCoreOperations", "regexp_match", "ColumnElement[bool]"),
    m("SQLCoreOperations", "regexp_replace", "ColumnElement[str]"),
    m("SQLCoreOperations", "desc", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "asc", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "nulls_first", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "nullsfirst", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "nulls_last", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "nullslast", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "distinct", "UnaryExpression[$T]"),
    m("SQLCoreOperations", "collate", "CollationClause"),
    m("SQLCoreOperations", "any_", "CollectionAggregate[Any]"),
    m("SQLCoreOperations", "all_", "CollectionAggregate[Any]"),
    m("SQLCoreOperations", "bitwise_and", "BinaryExpression[Any]"),
    m("SQLCoreOperations", "bitwise_or", "BinaryExpression[Any]"),
    m("SQLCoreOperations", "bitwise_xor", "BinaryExpression[Any]"),
    m("SQLCoreOperations", "bitwise_not", "UnaryExpression[$T]"),
    // With a `return_type`, what it makes is of that SQL type's Python type, which we do not follow.
    m("SQLCoreOperations", "op", "[return_type@3] Unknown ?? Callable[Tuple[Any], BinaryExpression[Any]]"),
    m("SQLCoreOperations", "bool_op", "Callable[Tuple[Any], BinaryExpression[bool]]"),
    // --- ColumnElement (sql/elements.py) ---
    p("ColumnElement", "key", "Optional[str]"),
    p("KeyedColumnElement", "key", "str"),
    p("NamedColumn", "key", "str"),
    p("NamedColumn", "name", "str"),
    m("ColumnElement", "label", "Label[$T]"),
    m("ColumnElement", "cast", "[precise] Cast[NullableAs[$A0.py, $T]] ?? Cast[$A0.py]"),
    // --- QueryableAttribute (orm/attributes.py): `User.id` is `InstrumentedAttribute[int]` ---
    m("QueryableAttribute", "of_type", "QueryableAttribute[$A0.inst] ?? Unknown"),
    m("QueryableAttribute", "any", "ColumnElement[bool]"),
    m("QueryableAttribute", "has", "ColumnElement[bool]"),
    m("QueryableAttribute", "and_", "QueryableAttribute[bool]"),
    m("QueryableAttribute", "__clause_element__", "ColumnElement[$T]"),
    m("QueryableAttribute", "label", "Label[$T]"),
    // Not declared on QueryableAttribute: its `__getattr__` answers `Any`.
    m("QueryableAttribute", "cast", "Any"),
    m("QueryableAttribute", "self_group", "Any"),
    p("QueryableAttribute", "type", "Any"),
    p("QueryableAttribute", "expression", "ColumnElement[$T]"),
    p("QueryableAttribute", "key", "str"),
    p("QueryableAttribute", "property", "MapperProperty[$T]"),
    p("QueryableAttribute", "comparator", "PropComparator[$T]"),
    // --- FunctionElement (sql/functions.py): `func.count()`, `func.max(x)`… ---
    m("FunctionElement", "over", "Over[$T]"),
    // `filter()` without criteria is the function itself.
    m("FunctionElement", "filter", "[#0] $self ?? FunctionFilter[$T]"),
    m("FunctionElement", "within_group", "WithinGroup[$T]"),
    m("FunctionElement", "select", "Select[$T]"),
    m("FunctionElement", "alias", "TableValuedAlias"),
    m("FunctionElement", "table_valued", "TableValuedAlias"),
    m("FunctionElement", "column_valued", "TableValuedColumn[$T]"),
    m("FunctionElement", "self_group", "ClauseElement"),
    // --- ScalarSelect, Exists (sql/selectable.py) ---
    m("ScalarSelect", "where", "$self"),
    m("ScalarSelect", "correlate", "$self"),
    m("ScalarSelect", "correlate_except", "$self"),
    m("Exists", "where", "$self"),
    m("Exists", "select_from", "$self"),
    m("Exists", "correlate", "$self"),
    m("Exists", "correlate_except", "$self"),
    m("Exists", "select", "Select[bool]"),
    // --- what a declarative base declares for its classes (orm/decl_api.py) ---
    p("DeclarativeBase", "metadata", "MetaData"),
    p("DeclarativeBase", "registry", "registry"),
    p("DeclarativeBase", "__table__", "FromClause"),
    p("DeclarativeBase", "__mapper__", "Mapper[Any]"),
    p("DeclarativeBaseNoMeta", "metadata", "MetaData"),
    p("DeclarativeBaseNoMeta", "registry", "registry"),
    p("DeclarativeBaseNoMeta", "__mapper__", "Mapper[Any]"),
    // `declarative_base()`'s metaclass, subclassed by factories of bases (FlexGet's
    // `VersionedBaseMeta`): what it declares for the class objects it makes.
    p("DeclarativeMeta", "metadata", "MetaData"),
    p("DeclarativeMeta", "registry", "registry"),
    // --- SQLModel's Session (sqlmodel/orm/session.py): `exec` is typed; its `execute` returns
    // `Result[*tuple[Any, ...]]` in every series, which we do not spell for 2.0 ---
    m(
        "sqlmodel.Session",
        "exec",
        "[$A0: sqlmodel.SelectOfScalar] ScalarResult[$A0.T] ?? [$A0: sqlmodel.Select] TupleResult[$A0.Rt] ?? Unknown",
    ),
    m("sqlmodel.Session", "execute", "Unknown"),
    m("sqlmodel.Session", "query", "Query[Any]"),
    // --- SQLModel's model methods (sqlmodel/main.py, pydantic's BaseModel): the validating
    // constructors are class methods returning the class called on (`Hero.model_validate(data)`).
    m("sqlmodel.SQLModel", "model_validate", "$self"),
    m("sqlmodel.SQLModel", "model_validate_json", "$self"),
    m("sqlmodel.SQLModel", "model_construct", "$self"),
    m("sqlmodel.SQLModel", "model_copy", "$self"),
    m("sqlmodel.SQLModel", "sqlmodel_update", "$self"),
    m("sqlmodel.SQLModel", "model_dump", "dict[str, Any]"),
    m("sqlmodel.SQLModel", "model_dump_json", "str"),
];

/// Class short name → the Python value a column expression of that class contributes to a row
/// (`select(User.id)` → `int`). Searched through PARENTS; generic classes give their type argument,
/// the others the `T` of the `ColumnElement[T]` they derive from (`sql/elements.py`,
/// `sql/functions.py`). Entities (`type[User]` → `User`) are the engine's.
/// The keys of the `TypedDict`s SQLAlchemy's reflection returns (engine/interfaces.py), with their
/// bases in PARENTS: `inspect(engine).get_columns("t")[0]["name"]` is a `str`. A `NotRequired` key
/// is its value's type when subscripted, as type checkers read it.
pub const TYPED_DICT_KEYS: &[Member] = &[
    k("ReflectedColumn", "name", "str"),
    k("ReflectedColumn", "type", "TypeEngine[Any]"),
    k("ReflectedColumn", "nullable", "bool"),
    k("ReflectedColumn", "default", "Optional[str]"),
    k("ReflectedColumn", "autoincrement", "bool"),
    k("ReflectedColumn", "comment", "Optional[str]"),
    k("ReflectedColumn", "dialect_options", "Dict[str, Any]"),
    k("ReflectedConstraint", "name", "Optional[str]"),
    k("ReflectedConstraint", "comment", "Optional[str]"),
    k("ReflectedCheckConstraint", "sqltext", "str"),
    k("ReflectedCheckConstraint", "dialect_options", "Dict[str, Any]"),
    k("ReflectedUniqueConstraint", "column_names", "List[str]"),
    k("ReflectedUniqueConstraint", "duplicates_index", "Optional[str]"),
    k("ReflectedUniqueConstraint", "dialect_options", "Dict[str, Any]"),
    k("ReflectedPrimaryKeyConstraint", "constrained_columns", "List[str]"),
    k("ReflectedPrimaryKeyConstraint", "dialect_options", "Dict[str, Any]"),
    k("ReflectedForeignKeyConstraint", "constrained_columns", "List[str]"),
    k("ReflectedForeignKeyConstraint", "referred_schema", "Optional[str]"),
    k("ReflectedForeignKeyConstraint", "referred_table", "str"),
    k("ReflectedForeignKeyConstraint", "referred_columns", "List[str]"),
    k("ReflectedForeignKeyConstraint", "options", "Dict[str, Any]"),
    k("ReflectedIndex", "name", "Optional[str]"),
    k("ReflectedIndex", "column_names", "List[Optional[str]]"),
    k("ReflectedIndex", "expressions", "List[str]"),
    k("ReflectedIndex", "unique", "bool"),
    k("ReflectedIndex", "duplicates_constraint", "Optional[str]"),
    k("ReflectedIndex", "include_columns", "List[str]"),
    k("ReflectedIndex", "dialect_options", "Dict[str, Any]"),
    k("ReflectedTableComment", "text", "Optional[str]"),
];

/// The parameters of SQLAlchemy's methods that user classes override (sql/type_api.py), after
/// `self`, in order: an unannotated override's parameters are these, as type checkers read them
/// (`def process_bind_param(self, value, dialect)` in a `TypeDecorator`: `value` is `T | None`).
pub const OVERRIDDEN_PARAMETERS: &[(&str, &str, &[&str])] = &[
    ("TypeDecorator", "load_dialect_impl", &["Dialect"]),
    ("TypeDecorator", "process_bind_param", &["Optional[$T]", "Dialect"]),
    ("TypeDecorator", "process_result_value", &["Optional[Any]", "Dialect"]),
    ("TypeDecorator", "process_literal_param", &["Optional[$T]", "Dialect"]),
    ("TypeDecorator", "bind_expression", &["BindParameter[$T]"]),
    ("TypeDecorator", "column_expression", &["ColumnElement[$T]"]),
    ("TypeEngine", "bind_processor", &["Dialect"]),
    ("TypeEngine", "result_processor", &["Dialect", "object"]),
    ("TypeEngine", "literal_processor", &["Dialect"]),
    ("TypeEngine", "coerce_compared_value", &["Optional[OperatorType]", "Any"]),
];

/// The declared type of the `index`-th parameter (after `self`) of a SQLAlchemy method `class`
/// inherits, where the table has it.
pub fn overridden_parameter(class: &str, method: &str, index: usize) -> Option<Arc<Template>> {
    ancestry(class).find_map(|class| {
        let (_, _, params) = OVERRIDDEN_PARAMETERS.iter().find(|(c, m, _)| *c == class && *m == method)?;
        params.get(index).map(|ty| Template::cached(ty))
    })
}

/// SQLAlchemy's public type aliases of unions (`sql/_typing.py`), which type checkers expand where
/// they show a type: each member, `T` standing for the alias's argument; `Callable[X]` is a
/// callable of no parameters returning `X`.
pub const UNION_ALIASES: &[(&str, &[&str])] = &[(
    "ColumnExpressionArgument",
    &[
        "ColumnElement[T]",
        "_HasClauseElement[T]",
        "SQLCoreOperations[T]",
        "ExpressionElementRole[T]",
        "TypedColumnsClauseRole[T]",
        "Callable[ColumnElement[T]]",
        "LambdaElement",
    ],
)];

/// Methods whose first argument is a function they call with a sync object first
/// (`Callable[Concatenate[Session, _P], _T]`): a lambda passed there takes it as its first parameter.
const CALLBACK_RECEIVERS: &[(&str, &str, &str)] =
    &[("AsyncSession", "run_sync", "Session"), ("AsyncConnection", "run_sync", "Connection")];

/// The class of the object `class.method` passes first to the function it is given, if it calls one.
pub fn callback_receiver(class: &str, method: &str) -> Option<&'static str> {
    ancestry(class)
        .find_map(|class| CALLBACK_RECEIVERS.iter().find(|(c, m, _)| *c == class && *m == method))
        .map(|(_, _, receiver)| *receiver)
}

pub const COLUMN_VALUES: &[(&str, &str)] = &[
    // `select(aliased_entity)` rows hold the entity.
    ("AliasedClass", "$T"),
    ("QueryableAttribute", "$T"),
    ("ColumnElement", "$T"),
    // ColumnElement[bool], [None], [str], [int] without type arguments of their own.
    ("BooleanClauseList", "bool"),
    ("True_", "bool"),
    ("False_", "bool"),
    ("Exists", "bool"),
    ("Null", "None"),
    ("CollationClause", "str"),
    ("Extract", "int"),
    // A `text()` fragment in a select is an untyped column.
    ("TextClause", "Any"),
    // `tuple_(a, b)` is a `ColumnElement[Tuple[Any, ...]]`; what a database returns for a row value
    // differs (SQLite refuses it, PostgreSQL returns a record string).
    ("Tuple", "[precise] Unknown ?? Tuple[Any, ...]"),
    // Precise: an aggregate over no rows is NULL (`func.sum(...)` of an empty group, of nothing), and
    // so is a scalar subquery that finds no row.
    ("max", "[precise] Optional[$T] ?? $T"),
    ("min", "[precise] Optional[$T] ?? $T"),
    ("sum", "[precise] Optional[$T] ?? $T"),
    ("ScalarSelect", "[precise] Optional[$T] ?? $T"),
    // `func.<name>(...)` classes with a fixed type (`GenericFunction[int]`…).
    ("count", "int"),
    ("char_length", "int"),
    ("rank", "int"),
    ("dense_rank", "int"),
    ("next_value", "int"),
    ("random", "float"),
    ("percent_rank", "Decimal"),
    ("cume_dist", "Decimal"),
    ("concat", "str"),
    ("aggregate_strings", "str"),
    ("current_user", "str"),
    ("session_user", "str"),
    ("user", "str"),
    ("now", "datetime"),
    ("current_timestamp", "datetime"),
    ("localtime", "datetime"),
    ("localtimestamp", "datetime"),
    ("sysdate", "datetime"),
    ("current_date", "date"),
    ("current_time", "time"),
    // `array_agg[int]` is a `ReturnTypeFromArgs[Sequence[int]]`.
    ("array_agg", "Sequence[$T]"),
];

/// Module-level functions, callable objects and constructors, by canonical name.
pub const FUNCTIONS: &[Function] = &[
    // --- statements (sql/_selectable_constructors.py, sql/_dml_constructors.py) ---
    // 2.0: 1..10 columns typed, more → `Select[Any]`; 2.1: from 10 columns the row ends in
    // `*tuple[Any, ...]`. No column → the untyped overload.
    // `Table("users", metadata, Column("id", Integer), ...)`: we keep its columns for `users.c.id`.
    Function { name: "sqlalchemy.Table", series: None, ret: "Table[$ARGS]", rows: Some(RowBuilder::TableColumns) },
    rows("sqlalchemy.select", "[#0] Select[TupleAny] ?? Select[$ARGS] ?? Select[TupleAny]", 10),
    f("sqlalchemy.insert", "Insert"),
    f("sqlalchemy.dialects.postgresql.insert", "sqlalchemy.dialects.postgresql.dml.Insert"),
    f("sqlalchemy.dialects.sqlite.insert", "sqlalchemy.dialects.sqlite.dml.Insert"),
    f("sqlalchemy.dialects.mysql.insert", "sqlalchemy.dialects.mysql.dml.Insert"),
    f("sqlalchemy.update", "Update"),
    f("sqlalchemy.delete", "Delete"),
    f("sqlalchemy.text", "TextClause"),
    f("sqlalchemy.exists", "Exists"),
    f("sqlalchemy.union", "CompoundSelect[$A0.R]"),
    f("sqlalchemy.union_all", "CompoundSelect[$A0.R]"),
    f("sqlalchemy.intersect", "CompoundSelect[$A0.R]"),
    f("sqlalchemy.intersect_all", "CompoundSelect[$A0.R]"),
    f("sqlalchemy.except_", "CompoundSelect[$A0.R]"),
    f("sqlalchemy.except_all", "CompoundSelect[$A0.R]"),
    f20("sqlalchemy.join", "Join"),
    f21("sqlalchemy.join", "Join[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"),
    f20("sqlalchemy.outerjoin", "Join"),
    f21("sqlalchemy.outerjoin", "Join[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"),
    f20("sqlalchemy.table", "TableClause"),
    f21("sqlalchemy.table", "TableClause[ReadOnlyColumnCollection[str, ColumnClause[Any]]]"),
    f("sqlalchemy.lateral", "LateralFromClause"),
    f("sqlalchemy.values", "Values"),
    f("sqlalchemy.lambda_stmt", "StatementLambdaElement"),
    f("sqlalchemy.aliased", "type[$A0.inst] ?? Unknown"),
    // --- column expressions (sql/_elements_constructors.py, sql/elements.py) ---
    f("sqlalchemy.and_", "ColumnElement[bool]"),
    f("sqlalchemy.or_", "ColumnElement[bool]"),
    f("sqlalchemy.not_", "[$A0: BinaryExpression] BinaryExpression[$A0.T] ?? ColumnElement[$A0.T]"),
    f("sqlalchemy.true", "True_"),
    f("sqlalchemy.false", "False_"),
    f("sqlalchemy.null", "Null"),
    // `literal(value, type_)` → the SQL type's; `literal(value)` → the value's type.
    f("sqlalchemy.literal", "[type_@1] BindParameter[$A1.py] ?? BindParameter[$A0]"),
    f("sqlalchemy.literal_column", "[#2+] ColumnClause[$A1.py] ?? ColumnClause[Unknown]"),
    f("sqlalchemy.column", "[#2+] ColumnClause[$A1.py] ?? ColumnClause[Unknown]"),
    f("sqlalchemy.bindparam", "[#3+] BindParameter[$A2.py] ?? BindParameter[Unknown]"),
    // Precise: a NULL stays NULL through `cast`. `type_coerce` changes only the SQL side: the value
    // loads as the expression's own type, then through the new type's result processing, which
    // string types do not have (others, like `Boolean` or `Numeric`, convert: unknown).
    f("sqlalchemy.cast", "[precise] Cast[NullableAs[$A1.py, $A0.T]] ?? Cast[$A1.py]"),
    f(
        "sqlalchemy.type_coerce",
        "[precise] [$A1.py: str] TypeCoerce[$A0.T] ?? [precise] TypeCoerce[Any] ?? TypeCoerce[$A1.py]",
    ),
    // The THEN / else values' common type is what a CASE yields; type checkers see `Case[Any]`.
    f("sqlalchemy.case", "[precise] Case[$THEN] ?? Case[Any]"),
    // `column_property(expr)`: a mapped SQL expression of the expression's column type.
    f("sqlalchemy.column_property", "MappedSQLExpression[$A0.T]"),
    // What a class body binds before the mapping reads it (orm/_orm_constructors.py).
    f("sqlalchemy.mapped_column", "MappedColumn[Any]"),
    f("sqlalchemy.relationship", "_RelationshipDeclared[Any]"),
    f("sqlalchemy.synonym", "Synonym[Any]"),
    // `hybrid_property(getter, setter)` called (not as a decorator): of what the getter returns.
    f("sqlalchemy.hybrid_property", "hybrid_property[$A0.ret]"),
    f("sqlalchemy.association_proxy", "AssociationProxy[Any]"),
    f("sqlalchemy.dynamic_loader", "RelationshipProperty[Any]"),
    f("sqlalchemy.backref", "ORMBackrefArgument"),
    f("sqlalchemy.registry", "registry"),
    // `BinaryExpression(left, right, operator)`: its `_T` comes from no argument.
    f("sqlalchemy.BinaryExpression", "BinaryExpression[Unknown]"),
    // sql/visitors.py: `visitors.iterate(statement)` walks every element of a statement.
    f("sqlalchemy.iterate", "Iterator[ExternallyTraversible]"),
    // Loader options (orm/strategy_options.py): each function builds an unbound `_AbstractLoad`.
    f("sqlalchemy.Load", "Load"),
    f("sqlalchemy.contains_eager", "_AbstractLoad"),
    f("sqlalchemy.load_only", "_AbstractLoad"),
    f("sqlalchemy.joinedload", "_AbstractLoad"),
    f("sqlalchemy.subqueryload", "_AbstractLoad"),
    f("sqlalchemy.selectinload", "_AbstractLoad"),
    f("sqlalchemy.lazyload", "_AbstractLoad"),
    f("sqlalchemy.immediateload", "_AbstractLoad"),
    f("sqlalchemy.noload", "_AbstractLoad"),
    f("sqlalchemy.raiseload", "_AbstractLoad"),
    f("sqlalchemy.defaultload", "_AbstractLoad"),
    f("sqlalchemy.defer", "_AbstractLoad"),
    f("sqlalchemy.undefer", "_AbstractLoad"),
    f("sqlalchemy.undefer_group", "_AbstractLoad"),
    f("sqlalchemy.with_expression", "_AbstractLoad"),
    f("sqlalchemy.selectin_polymorphic", "_AbstractLoad"),
    f("sqlalchemy.deferred", "MappedSQLExpression[$A0.T]"),
    // `query_expression(default_expr=null())`: without an expression, of `null()`'s `None`. At
    // run time a query's `with_expression()` decides what loads: not known.
    f(
        "sqlalchemy.query_expression",
        "[precise] Unknown ?? [#1+] MappedSQLExpression[$A0.T] ?? MappedSQLExpression[None]",
    ),
    f("sqlalchemy.tuple_", "sqlalchemy.Tuple"),
    f("sqlalchemy.distinct", "UnaryExpression[$A0.T]"),
    f20("sqlalchemy.desc", "UnaryExpression[$A0.T]"),
    f20("sqlalchemy.asc", "UnaryExpression[$A0.T]"),
    f20("sqlalchemy.nulls_first", "UnaryExpression[$A0.T]"),
    f20("sqlalchemy.nulls_last", "UnaryExpression[$A0.T]"),
    // 2.1: a `ColumnElement` gives a `UnaryExpression`, an ORM attribute may give an `OrderByList`.
    f21("sqlalchemy.desc", "[$A0: ColumnElement] UnaryExpression[$A0.T] ?? OrderByList | UnaryExpression[$A0.T]"),
    f21("sqlalchemy.asc", "[$A0: ColumnElement] UnaryExpression[$A0.T] ?? OrderByList | UnaryExpression[$A0.T]"),
    f21(
        "sqlalchemy.nulls_first",
        "[$A0: ColumnElement] UnaryExpression[$A0.T] ?? OrderByList | UnaryExpression[$A0.T]",
    ),
    f21("sqlalchemy.nulls_last", "[$A0: ColumnElement] UnaryExpression[$A0.T] ?? OrderByList | UnaryExpression[$A0.T]"),
    f("sqlalchemy.between", "BinaryExpression[bool]"),
    f("sqlalchemy.collate", "BinaryExpression[str]"),
    f("sqlalchemy.label", "Label[$A1.T]"),
    f("sqlalchemy.over", "Over[$A0.T]"),
    f("sqlalchemy.funcfilter", "FunctionFilter[$A0.T]"),
    f("sqlalchemy.within_group", "WithinGroup[$A0.T]"),
    f("sqlalchemy.extract", "Extract"),
    f("sqlalchemy.any_", "CollectionAggregate[bool]"),
    f("sqlalchemy.all_", "CollectionAggregate[bool]"),
    // --- func.<name>(...) (sql/functions.py, `_FunctionGenerator`'s typed accessors) ---
    // Any other name: `_FunctionGenerator.__call__` → `Function[Any]`.
    f("sqlalchemy.func.*", "Function[Any]"),
    f("sqlalchemy.func.count", "count"),
    // `col: ColumnElement[_T] | _ColumnExpressionArgument[_T] | _T`: a Python value is its own type.
    f(
        "sqlalchemy.func.max",
        "[$A0: int | str | float | Decimal | datetime | date | time | bytes | None] max[$A0] ?? max[$A0.T]",
    ),
    f(
        "sqlalchemy.func.min",
        "[$A0: int | str | float | Decimal | datetime | date | time | bytes | None] min[$A0] ?? min[$A0.T]",
    ),
    f(
        "sqlalchemy.func.sum",
        "[$A0: int | str | float | Decimal | datetime | date | time | bytes | None] sum[$A0] ?? sum[$A0.T]",
    ),
    f21("sqlalchemy.func.pow", "[$A0: int | float | Decimal] pow[$A0] ?? pow[$A0.T]"),
    f21("sqlalchemy.func.any", "any_[Any]"),
    f21("sqlalchemy.func.all", "all_[Any]"),
    f21("sqlalchemy.func.some", "some[Any]"),
    // `coalesce`: an ORM attribute matches `_ColumnExpressionArgument[Optional[_T]]`, dropping `None`;
    // a `ColumnElement[str | None]` (`func.max(User.nick)`) keeps it.
    f(
        "sqlalchemy.func.coalesce",
        "[$A0: QueryableAttribute] coalesce[NotNone[$A0.T]] ?? [$A0: int | str | float | Decimal | datetime | date | time | bytes] coalesce[$A0] ?? coalesce[$A0.T]",
    ),
    f("sqlalchemy.func.array_agg", "array_agg[$A0.T]"),
    f("sqlalchemy.func.now", "now"),
    f("sqlalchemy.func.current_timestamp", "current_timestamp"),
    f("sqlalchemy.func.current_date", "current_date"),
    f("sqlalchemy.func.current_time", "current_time"),
    f("sqlalchemy.func.current_user", "current_user"),
    f("sqlalchemy.func.localtime", "localtime"),
    f("sqlalchemy.func.localtimestamp", "localtimestamp"),
    f("sqlalchemy.func.session_user", "session_user"),
    f("sqlalchemy.func.sysdate", "sysdate"),
    f("sqlalchemy.func.user", "user"),
    f("sqlalchemy.func.random", "random"),
    f("sqlalchemy.func.char_length", "char_length"),
    // A property returning `Type[_Cast_func[Any]]` (`Cast[Any]`): it makes a `CAST`.
    f("sqlalchemy.func.cast", "Cast[Any]"),
    f("sqlalchemy.func.concat", "concat"),
    f("sqlalchemy.func.aggregate_strings", "aggregate_strings"),
    f("sqlalchemy.func.rank", "rank"),
    f("sqlalchemy.func.dense_rank", "dense_rank"),
    f("sqlalchemy.func.percent_rank", "percent_rank"),
    f("sqlalchemy.func.cume_dist", "cume_dist"),
    f("sqlalchemy.func.next_value", "next_value"),
    f("sqlalchemy.func.mode", "mode[Any]"),
    f("sqlalchemy.func.percentile_cont", "percentile_cont[Any]"),
    f("sqlalchemy.func.percentile_disc", "percentile_disc[Any]"),
    f("sqlalchemy.func.cube", "cube[Any]"),
    f("sqlalchemy.func.rollup", "rollup[Any]"),
    f("sqlalchemy.func.grouping_sets", "grouping_sets[Any]"),
    // --- engines and sessions (engine/create.py, orm/session.py, ext/asyncio/) ---
    f("sqlalchemy.create_engine", "Engine"),
    f("sqlalchemy.make_url", "URL"),
    // `Base = declarative_base()` is untyped (`Any`): its classes are models only to us.
    f("sqlalchemy.declarative_base", "Any"),
    f("sqlalchemy.with_polymorphic", "AliasedClass[$A0.inst]"),
    f("sqlalchemy.engine_from_config", "Engine"),
    f("sqlalchemy.create_async_engine", "AsyncEngine"),
    f("sqlalchemy.async_engine_from_config", "AsyncEngine"),
    f("sqlalchemy.object_session", "Optional[Session]"),
    f("sqlalchemy.class_mapper", "Mapper[$A0.inst] ?? Unknown"),
    f("sqlalchemy.object_mapper", "Mapper[$A0]"),
    // Alembic's migration operations (alembic/op.pyi): the connection a migration runs on.
    f("alembic.op.get_bind", "Connection"),
    // inspection.py: a mapped class inspects to its mapper, an engine or connection to an inspector.
    f("sqlalchemy.Session", "Session"),
    f("sqlmodel.Session", "sqlmodel.Session"),
    // sqlmodel/sql/_expression_select_gen.py: one entity or column selects its values; more select
    // rows (`Select[Hero, Team]` in every series).
    f(
        "sqlmodel.select",
        "[#1] sqlmodel.SelectOfScalar[$A0.inst] ?? [#1] sqlmodel.SelectOfScalar[$A0.T] \
         ?? [#2] sqlmodel.Select[$A0.inst, $A1.inst] ?? Unknown",
    ),
    f("sqlalchemy.AsyncSession", "AsyncSession"),
    f("sqlalchemy.sessionmaker", "sessionmaker[Session]"),
    f("sqlalchemy.async_sessionmaker", "async_sessionmaker[AsyncSession]"),
    f("sqlalchemy.scoped_session", "scoped_session[$A0.T]"),
    f("sqlalchemy.async_scoped_session", "async_scoped_session[$A0.T]"),
    // --- schema items (sql/schema.py, sql/ddl.py): instances of their classes ---
    f("sqlalchemy.MetaData", "MetaData"),
    f("sqlalchemy.UniqueConstraint", "UniqueConstraint"),
    f("sqlalchemy.CheckConstraint", "CheckConstraint"),
    f("sqlalchemy.PrimaryKeyConstraint", "PrimaryKeyConstraint"),
    f("sqlalchemy.ForeignKeyConstraint", "ForeignKeyConstraint"),
    f("sqlalchemy.Index", "Index"),
    f("sqlalchemy.ForeignKey", "ForeignKey"),
    f("sqlalchemy.Identity", "Identity"),
    f("sqlalchemy.Computed", "Computed"),
    f("sqlalchemy.DDL", "DDL"),
    // --- schema and SQL types (sql/schema.py, sql/sqltypes.py): `Column(String)` → `Column[str]` ---
    f("sqlalchemy.Column", "[#0] Column[Unknown] ?? [$A0: str] Column[$A1.py] ?? Column[$A0.py]"),
    f("sqlalchemy.Integer", "Integer"),
    f("sqlalchemy.BigInteger", "BigInteger"),
    f("sqlalchemy.SmallInteger", "SmallInteger"),
    f("sqlalchemy.String", "String"),
    f("sqlalchemy.Text", "Text"),
    f("sqlalchemy.Unicode", "Unicode"),
    f("sqlalchemy.UnicodeText", "UnicodeText"),
    f("sqlalchemy.Boolean", "Boolean"),
    f("sqlalchemy.Date", "Date"),
    f("sqlalchemy.DateTime", "DateTime"),
    f("sqlalchemy.Time", "Time"),
    f("sqlalchemy.Interval", "Interval"),
    f("sqlalchemy.LargeBinary", "LargeBinary"),
    f("sqlalchemy.Enum", "Enum"),
    f("sqlalchemy.PickleType", "PickleType"),
    // `Numeric[_N]`, `Float[_N]`, `Uuid[_UUID_RETURN]` as their default overloads solve them.
    f("sqlalchemy.Numeric", "[asdecimal@3 = False] Numeric[float] ?? Numeric[Decimal]"),
    f("sqlalchemy.Float", "[asdecimal@1 = True] Float[Decimal] ?? Float[float]"),
    f("sqlalchemy.Uuid", "[as_uuid@0 = False] Uuid[str] ?? Uuid[UUID]"),
    // pyright spells this one `sqlalchemy.sql.sqltypes.UUID[uuid.UUID]` to tell the two apart.
    f("sqlalchemy.UUID", "[as_uuid@0 = False] sqlalchemy.UUID[str] ?? sqlalchemy.UUID[UUID]"),
    // Subclasses without the overloaded `__init__`: the type variable stays unsolved.
    f("sqlalchemy.NUMERIC", "NUMERIC[Unknown]"),
    f("sqlalchemy.DECIMAL", "DECIMAL[Unknown]"),
    f("sqlalchemy.FLOAT", "FLOAT[Unknown]"),
    f("sqlalchemy.REAL", "REAL[Unknown]"),
    f("sqlalchemy.Double", "Double[Unknown]"),
    f("sqlalchemy.DOUBLE", "DOUBLE[Unknown]"),
    f("sqlalchemy.DOUBLE_PRECISION", "DOUBLE_PRECISION[Unknown]"),
    f("sqlalchemy.ARRAY", "ARRAY[$A0.py]"),
    f20("sqlalchemy.JSON", "JSON"),
    f21("sqlalchemy.JSON", "JSON[str | int | bool | dict[str, _JSON_VALUE] | list[_JSON_VALUE] | None]"),
    f20("sqlalchemy.JSONB", "JSONB"),
    f21("sqlalchemy.JSONB", "JSONB[str | int | bool | dict[str, _JSON_VALUE] | list[_JSON_VALUE] | None]"),
];

/// Positional typing limits of row-building members (`Insert.returning`: 8), by class and name;
/// subclasses share them (`ReturningInsert.returning`).
pub const MEMBER_ROW_LIMITS: &[(&str, &str, usize)] = &[
    ("Select", "add_columns", 10),
    ("Insert", "returning", 8),
    ("Update", "returning", 8),
    ("Delete", "returning", 8),
    ("Session", "query", 8),
    ("Query", "with_entities", 8),
    ("Select", "with_only_columns", 8),
];

/// Statement classes and the statement classes they derive from, nearest first, as
/// `sql/selectable.py` and `sql/dml.py` declare them in 2.0 and 2.1 (`ReturningDelete` derives
/// from `Update` in both). Which of them a value is decides an overload taking one of them.
pub const STATEMENT_ANCESTRY: &[(&str, &[&str])] = &[
    ("Select", &["GenerativeSelect", "SelectBase", "Executable"]),
    ("CompoundSelect", &["GenerativeSelect", "SelectBase", "Executable"]),
    ("TextualSelect", &["SelectBase", "Executable"]),
    ("GenerativeSelect", &["SelectBase", "Executable"]),
    ("SelectBase", &["Executable"]),
    ("Insert", &["ValuesBase", "UpdateBase", "Executable"]),
    ("dialects.postgresql.dml.Insert", &["Insert", "ValuesBase", "UpdateBase", "Executable"]),
    ("dialects.sqlite.dml.Insert", &["Insert", "ValuesBase", "UpdateBase", "Executable"]),
    ("dialects.mysql.dml.Insert", &["Insert", "ValuesBase", "UpdateBase", "Executable"]),
    ("ReturningInsert", &["Insert", "ValuesBase", "UpdateBase", "Executable"]),
    ("Update", &["DMLWhereBase", "ValuesBase", "UpdateBase", "Executable"]),
    ("ReturningUpdate", &["Update", "DMLWhereBase", "ValuesBase", "UpdateBase", "Executable"]),
    ("Delete", &["DMLWhereBase", "UpdateBase", "Executable"]),
    ("ReturningDelete", &["Update", "DMLWhereBase", "ValuesBase", "UpdateBase", "Executable"]),
    ("ValuesBase", &["UpdateBase", "Executable"]),
    ("UpdateBase", &["Executable"]),
    ("DMLWhereBase", &[]),
    ("Executable", &[]),
];

/// Whether a statement of class `class` is an instance of the statement class `expected`;
/// `None` where either is not a statement class.
pub fn is_statement_instance(class: &str, expected: &str) -> Option<bool> {
    let (_, ancestors) = STATEMENT_ANCESTRY.iter().find(|(c, _)| *c == class)?;
    STATEMENT_ANCESTRY.iter().find(|(c, _)| *c == expected)?;
    Some(class == expected || ancestors.contains(&expected))
}

/// Whether `class` is `ancestor` or inherits from it through PARENTS (short names).
pub fn inherits(class: &str, ancestor: &str) -> bool {
    ancestry(class).any(|c| c == ancestor)
}

/// The class and its PARENTS, nearest first (depth-first, as members are looked up); a SQL type
/// (`Integer`, `String(30)`) ends at `TypeEngine`.
fn ancestry(class: &str) -> impl Iterator<Item = &str> {
    let type_engine = (class != "TypeEngine" && super::sql_types::is_sql_type(class)).then_some("TypeEngine");
    let mut pending = vec![class];
    let mut seen = 0;
    std::iter::from_fn(move || {
        seen += 1;
        if seen > 64 {
            return None;
        }
        let class = pending.pop()?;
        if let Some((_, parents)) = PARENTS.iter().find(|(c, _)| *c == class) {
            pending.extend(parents.iter().rev());
        }
        Some(class)
    })
    .chain(type_engine)
}

/// The template of the Python value a column expression of `class` contributes to a row.
pub fn column_value(class: &str) -> Option<Arc<Template>> {
    ancestry(class)
        .find_map(|class| COLUMN_VALUES.iter().find(|(c, _)| *c == class))
        .map(|(_, ret)| Template::cached(ret))
}

/// The positional typing limit of a row-building method (`returning`: 8), for `$ARGS`.
pub fn member_row_limit(class: &str, name: &str, _series: Series) -> Option<usize> {
    ancestry(class)
        .find_map(|class| MEMBER_ROW_LIMITS.iter().find(|(c, n, _)| *c == class && *n == name))
        .map(|(_, _, limit)| *limit)
}

/// The return template of `class.name` for the series, searching parent classes; then what
/// SQLAlchemy's own annotation says of a member no row covers.
pub fn lookup_member(class: &str, name: &str, series: Series) -> Option<(MemberKind, Arc<Template>)> {
    ancestry(class)
        .find_map(|class| {
            MEMBERS
                .iter()
                .filter(|r| r.class == class && r.name == name && r.series.is_none_or(|s| s == series))
                .max_by_key(|r| r.series.is_some())
                .map(|row| (row.kind, Template::cached(row.ret)))
        })
        .or_else(|| super::annotations::member(class, name, series))
}

/// The value type of a key of one of SQLAlchemy's `TypedDict`s (or of its bases).
pub fn lookup_typed_dict_key(class: &str, key: &str) -> Option<Arc<Template>> {
    ancestry(class).find_map(|class| {
        TYPED_DICT_KEYS.iter().find(|r| r.class == class && r.name == key).map(|row| Template::cached(row.ret))
    })
}

/// The return template and row limit of a function, by canonical name. Any `func.<name>` without a
/// row of its own is `sqlalchemy.func.*`.
pub fn lookup_function(name: &str, series: Series) -> Option<(Arc<Template>, Option<RowBuilder>)> {
    let find = |name: &str| {
        FUNCTIONS
            .iter()
            .filter(|r| r.name == name && r.series.is_none_or(|s| s == series))
            .max_by_key(|r| r.series.is_some())
            .map(|r| (Template::cached(r.ret), r.rows))
    };
    find(name)
        .or_else(|| if name.starts_with("sqlalchemy.func.") { find("sqlalchemy.func.*") } else { None })
        .or_else(|| sql_type_constructor(name))
}

/// A SQL type class called without a row of its own (`VARCHAR(10)`, `postgresql.INTERVAL()`): its
/// instance, whose Python type `$A0.py` reads from `sql_types.rs`.
fn sql_type_constructor(name: &str) -> Option<(Arc<Template>, Option<RowBuilder>)> {
    let short = name.strip_prefix("sqlalchemy.")?;
    let is_class = short.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    (is_class && super::sql_types::is_sql_type(short))
        .then(|| (Arc::new(Template::Named(short.to_owned(), Vec::new())), None))
}

/// Whether a member exists at all for some series (a typo is `Unknown`, a wrong-series member too).
pub fn has_member(class: &str, name: &str) -> bool {
    ancestry(class).any(|class| MEMBERS.iter().any(|r| r.class == class && r.name == name))
}

/// Whether a canonical name is a function or constructor the table knows (`sqlalchemy.select`).
pub fn is_known_symbol(name: &str) -> bool {
    FUNCTIONS.iter().any(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_every_class_is_reachable() {
        for row in MEMBERS {
            let _ = Template::parse(row.ret);
        }
        for row in FUNCTIONS {
            let _ = Template::parse(row.ret);
        }
        for (_, template) in COLUMN_VALUES {
            let _ = Template::parse(template);
        }
        assert!(lookup_member("Row", "t", Series::V21).is_some());
        assert!(lookup_member("TupleResult", "unique", Series::V20).is_none());
        assert!(has_member("ReturningInsert", "values") && !has_member("CompoundSelect", "where"));
        assert!(inherits("InstrumentedAttribute", "SQLCoreOperations") && inherits("count", "ColumnElement"));
        assert_eq!(member_row_limit("ReturningInsert", "returning", Series::V20), Some(8));
        assert_eq!(member_row_limit("scoped_session", "query", Series::V21), Some(8));
        assert_eq!(
            lookup_function("sqlalchemy.select", Series::V21).map(|(_, limit)| limit),
            Some(Some(RowBuilder::Positional(10)))
        );
        assert!(lookup_function("sqlalchemy.Session2", Series::V20).is_none());
    }
}
