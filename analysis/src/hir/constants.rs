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
