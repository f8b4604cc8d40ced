//! Strings a summary proves without running code: literals, f-strings of proven pieces, a module
//! constant, and a class's literal `__tablename__` (`ForeignKey(f"{User.__tablename__}.id")`).

use super::expr::Expr;
use super::index::{Binding, class_item, module_binding};
use super::resolve::Definition;
use super::symbols::resolve_expr_symbol;
use crate::db::{Db, SourceFile};

/// How many names a constant may pass through (`A = B`, `B = "x"`) before it is unknown.
const MAX_HOPS: u32 = 4;

/// The string `expr` evaluates to in `file`, when every piece of it is proven.
pub fn const_str(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<String> {
    eval(db, file, expr, 0)
}

fn eval(db: &dyn Db, file: SourceFile, expr: &Expr, hops: u32) -> Option<String> {
    if hops > MAX_HOPS {
        return None;
    }
    match expr {
        Expr::Str(s) => Some(s.clone()),
        Expr::Format(parts) => parts.iter().map(|p| piece(db, file, p, hops)).collect(),
        // `Question.__table__.fullname`: `schema.table` of a class declaring both.
        Expr::Attr(table, attr) if attr == "fullname" => {
            let Expr::Attr(class, dunder) = table.as_ref() else { return None };
            if dunder != "__table__" {
                return None;
            }
            let Definition::Class { file, name } = resolve_expr_symbol(db, file, class)? else { return None };
            class_table(db, file, &name, hops + 1)
        }
        Expr::Attr(base, attr) if attr == "__tablename__" => match resolve_expr_symbol(db, file, base)? {
            Definition::Class { file, name } => {
                let class = class_item(db, file, &name)?;
                eval(db, file, &class.assigned("__tablename__")?.clone(), hops + 1)
            }
            _ => None,
        },
        Expr::Name(_) | Expr::Attr(..) => match resolve_expr_symbol(db, file, expr)? {
            Definition::Variable { file, name } => match module_binding(db, file, name).as_ref()? {
                Binding::Variable { value: Some(value), .. } => eval(db, file, &value.clone(), hops + 1),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// An interpolated piece as `str()` prints it; only strings and integers are proven.
fn piece(db: &dyn Db, file: SourceFile, expr: &Expr, hops: u32) -> Option<String> {
    match expr {
        Expr::Int(i) => Some(i.to_string()),
        other => eval(db, file, other, hops),
    }
}

/// The `[schema.]table.column` a `ForeignKey(...)` argument names: a proven string, a Core
/// column (`users.c.id` with `users = Table("users", ...)`), or a declarative class's column
/// (`ForeignKey(User.id)`, the class declaring `__tablename__` and the column itself).
pub fn foreign_key_target(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<String> {
    if let Some(text) = const_str(db, file, expr) {
        return Some(text);
    }
    let Expr::Attr(owner, column) = expr else { return None };
    if let Expr::Attr(table, c) = owner.as_ref()
        && c == "c"
    {
        return core_column(db, file, table, column);
    }
    match resolve_expr_symbol(db, file, owner)? {
        Definition::Class { file, name } => class_column(db, file, &name, column),
        _ => None,
    }
}

/// `users.c.id`: the variable's `Table("users", ..., schema=...)` call.
fn core_column(db: &dyn Db, file: SourceFile, table: &Expr, column: &str) -> Option<String> {
    let Definition::Variable { file, name } = resolve_expr_symbol(db, file, table)? else { return None };
    let Binding::Variable { value: Some(Expr::Call { func, args, kwargs }), .. } =
        module_binding(db, file, name).as_ref()?
    else {
        return None;
    };
    let is_table =
        matches!(resolve_expr_symbol(db, file, func), Some(Definition::External(s)) if s == "sqlalchemy.Table");
    if !is_table {
        return None;
    }
    let table_name = args.first().and_then(|a| const_str(db, file, a))?;
    let schema = match kwargs.iter().find(|(k, _)| k == "schema") {
        Some((_, value)) => Some(const_str(db, file, value)?),
        None => None,
    };
    Some(format!("{}.{column}", qualified(schema, table_name)))
}

/// `[schema.]table` of a class declaring its `__tablename__` (and the schema, if any, in its
/// `__table_args__`).
fn class_table(db: &dyn Db, file: SourceFile, class: &str, hops: u32) -> Option<String> {
    let item = class_item(db, file, class)?;
    let table = eval(db, file, item.assigned("__tablename__")?, hops)?;
    let schema = match item.assigned("__table_args__") {
        None => None,
        Some(args) => table_args_schema(db, file, args)?,
    };
    Some(qualified(schema, table))
}

/// `User.id`: the table the class names and the column its attribute declares there.
pub fn class_column(db: &dyn Db, file: SourceFile, class: &str, attribute: &str) -> Option<String> {
    let table = class_table(db, file, class, 0)?;
    let item = class_item(db, file, class)?;
    let value = item.body.iter().rev().find_map(|stmt| match stmt {
        super::index::ClassStmt::Attr { name, value, .. } if name == attribute => Some(value.as_ref()),
        _ => None,
    })?;
    // `mapped_column("zip_code", ...)` names the column; otherwise the attribute does.
    let column = match value {
        Some(Expr::Call { args, .. }) => match args.first() {
            Some(Expr::Str(name)) => name.clone(),
            _ => attribute.to_owned(),
        },
        _ => attribute.to_owned(),
    };
    Some(format!("{table}.{column}"))
}

/// The options dict of `__table_args__` (`{"schema": ...}`), alone or last in the tuple.
pub fn table_args_options(args: &Expr) -> Option<&[(Expr, Expr)]> {
    match args {
        Expr::Dict(pairs) => Some(pairs),
        Expr::Tuple(items) | Expr::List(items) => match items.last() {
            Some(Expr::Dict(pairs)) => Some(pairs),
            _ => None,
        },
        _ => None,
    }
}

/// The `schema` option of `__table_args__`: `Some(None)` when it names none (a tuple of
/// constraints without options included), `None` when unknown.
pub fn table_args_schema(db: &dyn Db, file: SourceFile, args: &Expr) -> Option<Option<String>> {
    let Some(options) = table_args_options(args) else {
        return matches!(args, Expr::Tuple(_) | Expr::List(_)).then_some(None);
    };
    match options.iter().find(|(k, _)| k.as_str() == Some("schema")) {
        Some((_, value)) => Some(Some(const_str(db, file, value)?)),
        None => Some(None),
    }
}

fn qualified(schema: Option<String>, table: String) -> String {
    match schema {
        Some(schema) => format!("{schema}.{table}"),
        None => table,
    }
}
