//! SQL type → Python type, as SQLAlchemy's `TypeEngine[T]` subclasses declare them.

/// The Python type (as a template, see `template.rs`) that values of a SQL type class load as.
/// `None` for types we do not know (they stay `Unknown`).
pub fn python_type_of_sql_type(class: &str) -> Option<&'static str> {
    Some(match class {
        "Integer" | "BigInteger" | "SmallInteger" | "INTEGER" | "INT" | "BIGINT" | "SMALLINT" => "int",
        "String" | "Text" | "Unicode" | "UnicodeText" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "TEXT" | "CLOB" => {
            "str"
        }
        "DateTime" | "DATETIME" | "TIMESTAMP" => "datetime",
        "Date" | "DATE" => "date",
        "Time" | "TIME" => "time",
        "Interval" => "timedelta",
        "Numeric" | "NUMERIC" | "DECIMAL" => "Decimal",
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => "float",
        "Boolean" | "BOOLEAN" => "bool",
        "LargeBinary" | "BLOB" | "BINARY" | "VARBINARY" | "_Binary" => "bytes",
        "JSON" | "JSONB" | "PickleType" => "Any",
        "Uuid" | "UUID" => "UUID",
        "Enum" => "str",
        _ => return None,
    })
}

/// Whether a name is a SQL type class (so `mapped_column(String)` and `Column(String(30))` can be read).
pub fn is_sql_type(class: &str) -> bool {
    python_type_of_sql_type(class).is_some() || matches!(class, "ARRAY" | "TypeDecorator" | "Variant")
}
