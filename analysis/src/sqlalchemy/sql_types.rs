//! SQL type → Python type, as SQLAlchemy's `TypeEngine[T]` subclasses declare them
//! (`sql/sqltypes.py`, `dialects/*/types.py`, 2.0 and 2.1).
//!
//! Two views:
//! - [`python_type_of_sql_type`]: what values of the type load as (the `T` of `TypeEngine[T]` with the
//!   constructor's defaults). Used where we know better than a type checker (precise mode, untyped
//!   legacy columns).
//! - [`checker_python_type`]: what pyright infers from the type as written, class or instance. Its
//!   answer differs where SQLAlchemy's generics leave `T` unsolved: `Column(Numeric)` (the class) is
//!   `Column[Unknown]`, `Column(Numeric())` is `Column[Decimal]`, `Column(NUMERIC())` is
//!   `Column[Unknown]` (the subclass has no overloaded `__init__`), and 2.1's `JSON` is a union.
//!
//! All sqlalchemy names are canonicalised to `sqlalchemy.<Name>` whatever dialect module they come
//! from, so dialect types that reuse a core name (`oracle.DATE`, `mysql.DOUBLE`, `postgresql.ENUM`)
//! follow the core type, or the most common dialect where only dialects define the name.

use crate::settings::Series;

/// The Python type (as a template, see `template.rs`) that values of a SQL type class load as.
/// `None` for types we do not know (they stay `Unknown`), and for `ARRAY`, whose item type decides
/// (`ARRAY(Integer)` loads `Sequence[int]`, see `infer/templates.rs`).
pub fn python_type_of_sql_type(class: &str) -> Option<&'static str> {
    Some(match short_name(class) {
        // Integer family; `NUMBER` (Oracle) is `Numeric, Integer`.
        "Integer" | "BigInteger" | "SmallInteger" | "INTEGER" | "INT" | "BIGINT" | "SMALLINT" | "TINYINT"
        | "MEDIUMINT" | "OID" | "YEAR" => "int",
        // String family; `Enum` loads strings unless given a Python enum class (the caller knows).
        "String" | "Text" | "Unicode" | "UnicodeText" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "TEXT" | "CLOB"
        | "NCLOB" | "VARCHAR2" | "NVARCHAR2" | "LONG" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "NTEXT" | "XML"
        | "CITEXT" | "INET" | "CIDR" | "MACADDR" | "MACADDR8" | "TSVECTOR" | "TSQUERY" | "REGCLASS" | "REGCONFIG"
        | "MONEY" | "Enum" | "ENUM" | "SET" => "str",
        "DateTime" | "DATETIME" | "TIMESTAMP" | "DATETIME2" | "DATETIMEOFFSET" | "SMALLDATETIME" => "datetime",
        "Date" | "DATE" => "date",
        "Time" | "TIME" => "time",
        "Interval" | "INTERVAL" => "timedelta",
        // `Numeric(asdecimal=False)` loads floats: see `checker_python_type`'s callers.
        "Numeric" | "NUMERIC" | "DECIMAL" | "NUMBER" => "Decimal",
        // `Float(asdecimal=True)` loads Decimals.
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" | "BINARY_DOUBLE" | "BINARY_FLOAT" => {
            "float"
        }
        "Boolean" | "BOOLEAN" => "bool",
        "LargeBinary" | "BLOB" | "BINARY" | "VARBINARY" | "_Binary" | "BYTEA" | "TINYBLOB" | "MEDIUMBLOB"
        | "LONGBLOB" | "IMAGE" | "RAW" => "bytes",
        "JSON" | "JSONB" | "JSONPATH" => "Any",
        "PickleType" => "object",
        // `Uuid(as_uuid=False)` loads strings.
        "Uuid" | "UUID" | "UNIQUEIDENTIFIER" => "UUID",
        "INT4RANGE" | "INT8RANGE" => "Range[int]",
        "NUMRANGE" => "Range[Decimal]",
        "DATERANGE" => "Range[date]",
        "TSRANGE" | "TSTZRANGE" => "Range[datetime]",
        "INT4MULTIRANGE" | "INT8MULTIRANGE" => "Sequence[Range[int]]",
        "NUMMULTIRANGE" => "Sequence[Range[Decimal]]",
        "DATEMULTIRANGE" => "Sequence[Range[date]]",
        "TSMULTIRANGE" | "TSTZMULTIRANGE" => "Sequence[Range[datetime]]",
        _ => return None,
    })
}

/// What values of a SQL type written with these keywords load as: `Numeric(asdecimal=False)` →
/// `float`, `Float(asdecimal=True)` → `Decimal`, `Uuid(as_uuid=False)` → `str`.
pub fn runtime_python_type(class: &str, keywords: TypeKeywords) -> Option<&'static str> {
    let class = short_name(class);
    let numeric = matches!(class, "Numeric" | "NUMERIC" | "DECIMAL" | "NUMBER");
    let float = matches!(
        class,
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" | "BINARY_DOUBLE" | "BINARY_FLOAT"
    );
    match (keywords.asdecimal, keywords.as_uuid) {
        (Some(false), _) if numeric => Some("float"),
        (Some(true), _) if float => Some("Decimal"),
        (_, Some(false)) if matches!(class, "Uuid" | "UUID" | "UNIQUEIDENTIFIER") => Some("str"),
        _ => python_type_of_sql_type(class),
    }
}

/// How a SQL type is written where SQLAlchemy expects one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeForm {
    /// The class itself: `Column(Numeric)`.
    Class,
    /// An instance built with the constructor's defaults: `Column(Numeric(10, 2))`.
    Instance,
}

/// The keyword arguments that change a SQL type's Python type, as written in its constructor call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeKeywords {
    /// `Numeric(asdecimal=False)` → `float`, `Float(asdecimal=True)` → `Decimal`.
    pub asdecimal: Option<bool>,
    /// `Uuid(as_uuid=False)` → `str`.
    pub as_uuid: Option<bool>,
}

/// The type variable 2.1 leaves unsolved in `Column(Float)` (the class, not an instance):
/// `_N` of `Float[_N]` and the numeric classes that redeclare it, `_UUID_RETURN` of the UUID
/// classes; pyright shows it scoped to the class written (`Column[_N@DOUBLE_PRECISION]`).
pub fn unsolved_class_parameter(class: &str, form: TypeForm, series: Series) -> Option<&'static str> {
    if form != TypeForm::Class || series != Series::V21 {
        return None;
    }
    match short_name(class) {
        "Numeric" | "Float" | "NUMERIC" | "DECIMAL" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => {
            Some("_N")
        }
        "Uuid" | "UUID" | "UNIQUEIDENTIFIER" => Some("_UUID_RETURN"),
        _ => None,
    }
}

/// The Python type (a template) pyright infers for a SQL type written this way, as shown in
/// `Column[...]`, `Cast[...]`, `ColumnClause[...]`. `None` where pyright shows `Unknown` (or an
/// unsolved type variable, as 2.1 does for `Column(Numeric)`: `Column[_N@Numeric]`).
pub fn checker_python_type(
    class: &str,
    form: TypeForm,
    keywords: TypeKeywords,
    series: Series,
) -> Option<&'static str> {
    let class = short_name(class);
    let instance = form == TypeForm::Instance;
    Some(match class {
        // `Numeric[_N]`, `Float[_N]`, `Uuid[_UUID_RETURN]`: overloaded `__init__`s solve the variable
        // on an instance; the class alone and subclasses without the overloads leave it unsolved.
        "Numeric" if instance => match keywords.asdecimal {
            Some(false) => "float",
            _ => "Decimal",
        },
        "Float" if instance => match keywords.asdecimal {
            Some(true) => "Decimal",
            _ => "float",
        },
        "Uuid" | "UUID" | "UNIQUEIDENTIFIER" if instance => match keywords.as_uuid {
            Some(false) => "str",
            _ => "UUID",
        },
        "Numeric" | "Float" | "Uuid" | "UUID" | "UNIQUEIDENTIFIER" | "NUMERIC" | "DECIMAL" | "FLOAT" | "REAL"
        | "Double" | "DOUBLE" | "DOUBLE_PRECISION" | "NUMBER" | "BINARY_DOUBLE" | "BINARY_FLOAT" => return None,
        // `TypeEngine[_T_JSON]` in 2.1, where `_T_JSON` defaults to `_JSON_VALUE`; the class object
        // is matched through `JSON.comparator_factory`'s property, which pyright shows as `property`.
        "JSON" | "JSONB" if series == Series::V21 => match form {
            TypeForm::Instance => "str | int | bool | dict[str, _JSON_VALUE] | list[_JSON_VALUE] | None",
            TypeForm::Class => "property",
        },
        "JSON" | "JSONB" | "JSONPATH" | "YEAR" => "Any",
        // `HSTORE` is an untyped `TypeEngine`; 2.1's range classes match through a property, as JSON.
        "HSTORE" => match series {
            Series::V14 | Series::V20 => return None,
            Series::V21 => "property",
        },
        "INT4RANGE" | "INT8RANGE" | "NUMRANGE" | "DATERANGE" | "TSRANGE" | "TSTZRANGE" | "INT4MULTIRANGE"
        | "INT8MULTIRANGE" | "NUMMULTIRANGE" | "DATEMULTIRANGE" | "TSMULTIRANGE" | "TSTZMULTIRANGE"
            if series == Series::V21 =>
        {
            "property"
        }
        // `postgresql.ENUM` (the common dialect spelling) is untyped; `mysql.ENUM` would be `str`.
        "ENUM" => return None,
        // `postgresql.BIT` is `int` in 2.0 and `BitString` in 2.1, `mysql.BIT` `Any`, `mssql.BIT` `bool`.
        "BIT" | "MONEY" | "SMALLMONEY" | "NullType" | "TupleType" | "ROWID" | "SQL_VARIANT" => return None,
        "PickleType" => "object",
        other => return python_type_of_sql_type(other),
    })
}

/// Whether a name is a SQL type class (so `mapped_column(String)` and `Column(String(30))` can be read).
pub fn is_sql_type(class: &str) -> bool {
    python_type_of_sql_type(class).is_some()
        || matches!(
            short_name(class),
            "ARRAY"
                | "TypeDecorator"
                | "Variant"
                | "HSTORE"
                | "BIT"
                | "NullType"
                | "TupleType"
                | "SMALLMONEY"
                | "ROWID"
                | "SQL_VARIANT"
        )
}

/// The class name without its module (`postgresql.INTERVAL` → `INTERVAL`).
pub fn short_name(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker(class: &str, form: TypeForm, keywords: TypeKeywords, series: Series) -> &'static str {
        checker_python_type(class, form, keywords, series).unwrap_or("Unknown")
    }

    /// Each expectation is what pyright shows inside `Column[...]` for `Column(<type>)`.
    #[test]
    fn checker_view_follows_pyright() {
        let none = TypeKeywords::default();
        for series in [Series::V20, Series::V21] {
            assert_eq!(checker("Integer", TypeForm::Class, none, series), "int");
            assert_eq!(checker("String", TypeForm::Instance, none, series), "str");
            assert_eq!(checker("Numeric", TypeForm::Class, none, series), "Unknown");
            let unsolved = unsolved_class_parameter("DOUBLE_PRECISION", TypeForm::Class, series);
            assert_eq!(unsolved, (series == Series::V21).then_some("_N"));
            assert_eq!(unsolved_class_parameter("NUMBER", TypeForm::Class, series), None);
            assert_eq!(unsolved_class_parameter("Float", TypeForm::Instance, series), None);
            assert_eq!(checker("Numeric", TypeForm::Instance, none, series), "Decimal");
            let not_decimal = TypeKeywords { asdecimal: Some(false), ..none };
            assert_eq!(checker("Numeric", TypeForm::Instance, not_decimal, series), "float");
            assert_eq!(checker("Float", TypeForm::Instance, none, series), "float");
            assert_eq!(checker("NUMERIC", TypeForm::Instance, none, series), "Unknown");
            assert_eq!(checker("DOUBLE_PRECISION", TypeForm::Instance, none, series), "Unknown");
            assert_eq!(checker("Uuid", TypeForm::Instance, none, series), "UUID");
            let as_str = TypeKeywords { as_uuid: Some(false), ..none };
            assert_eq!(checker("Uuid", TypeForm::Instance, as_str, series), "str");
            assert_eq!(checker("Interval", TypeForm::Class, none, series), "timedelta");
            assert_eq!(checker("Enum", TypeForm::Instance, none, series), "str");
            assert_eq!(checker("PickleType", TypeForm::Class, none, series), "object");
            assert_eq!(checker("LargeBinary", TypeForm::Class, none, series), "bytes");
            assert_eq!(checker("TIMESTAMP", TypeForm::Class, none, series), "datetime");
        }
        assert_eq!(checker("JSON", TypeForm::Instance, none, Series::V20), "Any");
        assert_eq!(
            checker("JSONB", TypeForm::Instance, none, Series::V21),
            "str | int | bool | dict[str, _JSON_VALUE] | list[_JSON_VALUE] | None"
        );
        assert_eq!(checker("INT4RANGE", TypeForm::Class, none, Series::V20), "Range[int]");
        assert_eq!(checker("INT4MULTIRANGE", TypeForm::Class, none, Series::V20), "Sequence[Range[int]]");
    }
}
