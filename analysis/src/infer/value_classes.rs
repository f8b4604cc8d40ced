//! The standard library's value classes the analysis holds itself (SQLAlchemy maps columns to
//! them, so they are never read from typeshed): `datetime`'s `date`, `datetime`, `time` and
//! `timedelta`, `uuid.UUID`, `decimal.Decimal`. Their construction, data attributes and arithmetic,
//! as typeshed declares them.

use crate::types::Ty;

const DATE: &str = "datetime.date";
const DATETIME: &str = "datetime.datetime";
const TIME: &str = "datetime.time";
const TIMEDELTA: &str = "datetime.timedelta";
const DECIMAL: &str = "decimal.Decimal";

/// Whether calling the class object `symbol` makes an instance of it (`timedelta(days=1)`).
pub(super) fn is_value_class(symbol: &str) -> bool {
    matches!(symbol, DATE | DATETIME | TIME | TIMEDELTA | DECIMAL | "uuid.UUID" | "datetime.timezone")
}

/// A data attribute (a property in typeshed) of an instance: `when.year`, `delta.days`, `uid.hex`.
pub(super) fn attribute(receiver: &Ty, name: &str) -> Option<Ty> {
    let class = receiver.ext_name()?;
    let int = || Ty::builtin("int");
    Some(match (class, name) {
        (DATE | DATETIME, "year" | "month" | "day") => int(),
        (DATETIME | TIME, "hour" | "minute" | "second" | "microsecond" | "fold") => int(),
        (TIMEDELTA, "days" | "seconds" | "microseconds") => int(),
        ("uuid.UUID", "hex" | "urn") => Ty::builtin("str"),
        ("uuid.UUID", "int" | "node" | "time") => int(),
        ("uuid.UUID", "bytes" | "bytes_le") => Ty::builtin("bytes"),
        _ => return None,
    })
}

/// What a method of an instance returns, for the ones [`super::builtin_methods`] does not hold.
pub(super) fn method_return(receiver: &Ty, name: &str) -> Option<Ty> {
    match (receiver.ext_name()?, name) {
        (TIMEDELTA, "total_seconds") => Some(Ty::builtin("float")),
        (DECIMAL, "quantize" | "normalize" | "copy_abs" | "copy_negate" | "sqrt" | "exp" | "ln" | "log10") => {
            Some(Ty::ext(DECIMAL))
        }
        _ => None,
    }
}

/// `left <op> right` by the dunder methods typeshed gives these classes (`datetime - datetime` is a
/// `timedelta`, `date + timedelta` a `date`); `None` where no overload takes the operand.
pub(super) fn operator(left: &Ty, dunder: &str, right: Option<&Ty>) -> Option<Ty> {
    let class = left.ext_name()?;
    let other = right.and_then(Ty::ext_name);
    let number = matches!(other, Some("builtins.int" | "builtins.float"));
    let delta = || Ty::ext(TIMEDELTA);
    Some(match (class, dunder, other) {
        (DATE | DATETIME, "__add__", Some(TIMEDELTA)) => left.clone(),
        (DATE | DATETIME, "__sub__", Some(TIMEDELTA)) => left.clone(),
        (DATE, "__sub__", Some(DATE)) | (DATETIME, "__sub__", Some(DATETIME)) => delta(),
        (TIMEDELTA, "__add__", Some(DATE | DATETIME)) => right?.clone(),
        (TIMEDELTA, "__add__" | "__sub__" | "__mod__", Some(TIMEDELTA)) => delta(),
        (TIMEDELTA, "__neg__" | "__pos__" | "__abs__", None) => delta(),
        (TIMEDELTA, "__mul__", _) if number => delta(),
        (TIMEDELTA, "__truediv__", Some(TIMEDELTA)) => Ty::builtin("float"),
        (TIMEDELTA, "__floordiv__", Some(TIMEDELTA)) => Ty::builtin("int"),
        (TIMEDELTA, "__truediv__", _) if number => delta(),
        (TIMEDELTA, "__floordiv__", Some("builtins.int")) => delta(),
        (DECIMAL, "__add__" | "__sub__" | "__mul__" | "__truediv__" | "__floordiv__" | "__mod__" | "__pow__", _)
            if matches!(other, Some(DECIMAL | "builtins.int")) =>
        {
            Ty::ext(DECIMAL)
        }
        (DECIMAL, "__neg__" | "__pos__" | "__abs__", None) => Ty::ext(DECIMAL),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shown;

    #[test]
    fn date_arithmetic_follows_typeshed_overloads() {
        let (date, datetime, delta) = (Ty::ext(DATE), Ty::ext(DATETIME), Ty::ext(TIMEDELTA));
        assert_eq!(shown(operator(&datetime, "__sub__", Some(&delta))), "datetime");
        assert_eq!(shown(operator(&datetime, "__sub__", Some(&datetime))), "timedelta");
        assert_eq!(shown(operator(&date, "__add__", Some(&delta))), "date");
        assert_eq!(shown(operator(&delta, "__truediv__", Some(&delta))), "float");
        assert_eq!(shown(operator(&delta, "__mul__", Some(&Ty::builtin("float")))), "timedelta");
        // `date - datetime` is `NoReturn` in typeshed; `date + date` takes no overload.
        assert_eq!(operator(&date, "__sub__", Some(&datetime)), None);
        assert_eq!(operator(&date, "__add__", Some(&date)), None);
        assert_eq!(shown(operator(&Ty::ext(DECIMAL), "__mul__", Some(&Ty::builtin("int")))), "Decimal");
        assert_eq!(operator(&Ty::ext(DECIMAL), "__mul__", Some(&Ty::builtin("float"))), None);
    }

    #[test]
    fn data_attributes_are_typeshed_properties() {
        assert_eq!(shown(attribute(&Ty::ext(DATETIME), "hour")), "int");
        assert_eq!(shown(attribute(&Ty::ext("uuid.UUID"), "hex")), "str");
        assert_eq!(attribute(&Ty::ext(DATE), "hour"), None);
        assert_eq!(shown(method_return(&Ty::ext(TIMEDELTA), "total_seconds")), "float");
    }
}
