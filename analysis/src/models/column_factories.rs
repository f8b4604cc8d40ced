//! A call of a project's column factory, read as the column it returns.
//!
//! ```python
//! def fk_field(target: str, nullable: bool, **kwargs):
//!     return Field(sa_column=Column(ForeignKey(f"{target}.id"), nullable=nullable, **kwargs))
//!
//! class Stack(SQLModel, table=True):
//!     user_id: UUID | None = fk_field(target="user", nullable=True)   # ForeignKey("user.id"), NULL
//! ```
//!
//! The factory's parameters are bound to the call's arguments and the returned expression is
//! rewritten to read at the call site: arguments stay as written there, the factory's own names
//! become the SQLAlchemy symbols they resolve to in its module, and whatever else it names is
//! unknown. f-strings whose pieces are all proven become plain strings.

use rustc_hash::FxHashMap;

use crate::db::{Db, SourceFile};
use crate::hir::{
    ClassItem, Definition, Expr, Name, Param, ParamKind, column_factory, const_str, qualified_expr, resolve_expr_symbol,
};

/// `value` with a factory call replaced by what the factory returns; `None` when `value` is no
/// call of a column factory or its arguments do not bind (a call Python would reject). An
/// argument naming a class attribute assigned in `class_body` (`source=__tablename__`) is that
/// attribute's value, as Python reads names in a class body.
pub fn inline_factory_call(
    db: &dyn Db,
    file: SourceFile,
    class_body: Option<&ClassItem>,
    value: &Expr,
) -> Option<Expr> {
    let Expr::Call { func, args, kwargs } = value else { return None };
    let Some(Definition::Function { file: factory_file, name }) = resolve_expr_symbol(db, file, func) else {
        return None;
    };
    let factory = column_factory(db, factory_file, name).as_ref()?;
    let mut binding = bind(&factory.params, args, kwargs)?;
    for value in binding.values.values_mut() {
        if let Expr::Name(name) = value
            && let Some(assigned) = class_body.and_then(|body| body.assigned(name))
        {
            *value = assigned.clone();
        }
    }
    let inlined = Inliner { db, factory_file, binding: &binding }.rewrite(&factory.returned);
    Some(fold_strings(db, file, inlined))
}

/// The return annotation of the column factory `value` calls, with the file it is written in
/// (`def entry_synonym(name) -> SynonymProperty`): what type checkers see the call return.
pub fn factory_annotation(db: &dyn Db, file: SourceFile, value: &Expr) -> Option<(SourceFile, Expr)> {
    let Expr::Call { func, .. } = value else { return None };
    let Some(Definition::Function { file: factory_file, name }) = resolve_expr_symbol(db, file, func) else {
        return None;
    };
    let annotation = column_factory(db, factory_file, name).as_ref()?.annotation.clone()?;
    Some((factory_file, annotation))
}

/// The call's arguments by parameter name, and the keywords a `**kwargs` parameter collects.
struct Binding {
    values: FxHashMap<Name, Expr>,
    extra_keywords: Vec<(Name, Expr)>,
    double_star: Option<Name>,
}

fn bind(params: &[Param], args: &[Expr], kwargs: &[(Name, Expr)]) -> Option<Binding> {
    let mut values = FxHashMap::default();
    let mut positional = args.iter();
    let named: Vec<&Param> = params.iter().filter(|p| p.kind == ParamKind::Normal).collect();
    for param in &named {
        match positional.next() {
            Some(Expr::DoubleStar(_)) | Some(Expr::Other) => return None,
            Some(arg) => {
                values.insert(param.name.clone(), arg.clone());
            }
            None => break,
        }
    }
    let takes_star = params.iter().any(|p| p.kind == ParamKind::Star);
    if positional.next().is_some() && !takes_star {
        return None;
    }
    let double_star = params.iter().find(|p| p.kind == ParamKind::DoubleStar).map(|p| p.name.clone());
    let mut extra_keywords = Vec::new();
    for (key, value) in kwargs {
        if named.iter().any(|p| &p.name == key) {
            if values.insert(key.clone(), value.clone()).is_some() {
                return None;
            }
        } else if double_star.is_some() {
            extra_keywords.push((key.clone(), value.clone()));
        } else {
            return None;
        }
    }
    // Defaults are written in the factory's module; a literal one reads the same anywhere, any
    // other is unknown at the call site. A parameter without one must be given.
    for param in named {
        if !values.contains_key(&param.name) {
            let default = param.default.as_ref()?;
            values.insert(param.name.clone(), if is_literal(default) { default.clone() } else { Expr::Other });
        }
    }
    Some(Binding { values, extra_keywords, double_star })
}

fn is_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::Str(_) | Expr::Int(_) | Expr::Bool(_) | Expr::NoneLit)
}

struct Inliner<'a> {
    db: &'a dyn Db,
    factory_file: SourceFile,
    binding: &'a Binding,
}

impl Inliner<'_> {
    fn rewrite(&self, expr: &Expr) -> Expr {
        match expr {
            Expr::Name(name) => match self.binding.values.get(name) {
                Some(value) => value.clone(),
                None => self.symbol(expr),
            },
            Expr::Attr(base, attr) => {
                // A parameter's attribute (`target.__tablename__`) reads on the argument.
                match base.dotted_path().and_then(|path| path.into_iter().next()) {
                    Some(root) if !self.binding.values.contains_key(&root) => self.symbol(expr),
                    // A parameter's attribute, or a method of a value (`Text().with_variant`).
                    _ => Expr::Attr(Box::new(self.rewrite(base)), attr.clone()),
                }
            }
            Expr::Call { func, args, kwargs } => {
                let mut new_args = Vec::new();
                let mut new_kwargs: Vec<(Name, Expr)> =
                    kwargs.iter().map(|(k, v)| (k.clone(), self.rewrite(v))).collect();
                for arg in args {
                    match arg {
                        Expr::DoubleStar(inner)
                            if inner.as_name().is_some() && inner.as_name() == self.binding.double_star.as_deref() =>
                        {
                            new_kwargs.extend(self.binding.extra_keywords.iter().cloned());
                        }
                        other => new_args.push(self.rewrite(other)),
                    }
                }
                Expr::Call { func: Box::new(self.rewrite(func)), args: new_args, kwargs: new_kwargs }
            }
            other => other.map_children(|e| self.rewrite(e)),
        }
    }

    /// A name of the factory's module, qualified so it reads the same at the call site; unknown
    /// when it is no module-level definition.
    fn symbol(&self, expr: &Expr) -> Expr {
        resolve_expr_symbol(self.db, self.factory_file, expr)
            .and_then(|definition| qualified_expr(self.db, definition))
            .unwrap_or(Expr::Other)
    }
}

/// Every f-string whose pieces are proven at the call site, as the plain string it makes.
fn fold_strings(db: &dyn Db, file: SourceFile, expr: Expr) -> Expr {
    let fold = |e: Expr| fold_strings(db, file, e);
    match expr {
        Expr::Format(parts) => {
            let format = Expr::Format(parts);
            match const_str(db, file, &format) {
                Some(text) => Expr::Str(text),
                None => format,
            }
        }
        Expr::Call { func, args, kwargs } => Expr::Call {
            func,
            args: args.into_iter().map(fold).collect(),
            kwargs: kwargs.into_iter().map(|(k, v)| (k, fold(v))).collect(),
        },
        Expr::Tuple(items) => Expr::Tuple(items.into_iter().map(fold).collect()),
        Expr::List(items) => Expr::List(items.into_iter().map(fold).collect()),
        Expr::Dict(pairs) => Expr::Dict(pairs.into_iter().map(|(k, v)| (fold(k), fold(v))).collect()),
        other => other,
    }
}
