//! Types assumed for unannotated parameters from their names (precise view only).
//!
//! Legacy code rarely annotates `def get_user(session, user_id)`; without a type, every rule about
//! `session.query(...)` would stay silent there. A parameter named like a session, an engine, a
//! connection or a mapped class visible in the file is assumed to hold one. Type checkers see
//! `Unknown`, so the checker view is left alone and hovers say the type was assumed.

use super::walker::Walker;
use crate::models::model_registry;
use crate::types::{Class, Ty};

/// The type assumed for an unannotated parameter without default or known argument, if its name
/// says what it holds.
pub(super) fn assumed_parameter_type(walker: &mut Walker<'_>, name: &str) -> Option<Ty> {
    if !walker.mode.precise
        || !walker.db.project().settings(walker.db).assume_parameter_types
        || !crate::hir::prescan::involves_sqlalchemy(walker.db, walker.file)
    {
        return None;
    }
    if let Some(class) = sqlalchemy_class_by_name(name) {
        return Some(Ty::ext(class));
    }
    mapped_class_by_name(walker, name)
}

/// `session`, `db_session`, `sess` → Session; `engine`, `db_engine` → Engine; `conn`,
/// `connection`, `db_conn` → Connection.
fn sqlalchemy_class_by_name(name: &str) -> Option<&'static str> {
    let name = name.trim_start_matches('_');
    let last = name.rsplit('_').next().unwrap_or(name);
    match last {
        "session" | "sess" | "dbsession" => Some("sqlalchemy.Session"),
        "engine" => Some("sqlalchemy.Engine"),
        "conn" | "connection" => Some("sqlalchemy.Connection"),
        _ => None,
    }
}

/// `user` → `User`, `order_line` → `OrderLine`, when that name is a mapped class here.
fn mapped_class_by_name(walker: &mut Walker<'_>, name: &str) -> Option<Ty> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return None;
    }
    let class_name: String = name
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    let Ty::TypeOf(instance) = walker.name(&class_name) else { return None };
    let Ty::Instance(Class::User(class), _) = instance.as_ref() else { return None };
    model_registry(walker.db).model(class)?;
    Some(*instance)
}

#[cfg(test)]
mod tests {
    use super::sqlalchemy_class_by_name;

    #[test]
    fn names_that_say_what_they_hold() {
        assert_eq!(sqlalchemy_class_by_name("session"), Some("sqlalchemy.Session"));
        assert_eq!(sqlalchemy_class_by_name("db_session"), Some("sqlalchemy.Session"));
        assert_eq!(sqlalchemy_class_by_name("_session"), Some("sqlalchemy.Session"));
        assert_eq!(sqlalchemy_class_by_name("engine"), Some("sqlalchemy.Engine"));
        assert_eq!(sqlalchemy_class_by_name("read_engine"), Some("sqlalchemy.Engine"));
        assert_eq!(sqlalchemy_class_by_name("conn"), Some("sqlalchemy.Connection"));
        assert_eq!(sqlalchemy_class_by_name("sessions"), None);
        assert_eq!(sqlalchemy_class_by_name("session_factory"), None);
        assert_eq!(sqlalchemy_class_by_name("engine_url"), None);
        assert_eq!(sqlalchemy_class_by_name("user"), None);
    }
}
