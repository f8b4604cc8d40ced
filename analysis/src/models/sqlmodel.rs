//! The attributes of a SQLModel class: every annotated field is a column (its Python type is the
//! annotation, `Field(...)` gives its options), `Relationship(...)` declares a relationship.
//!
//! ```python
//! class Hero(SQLModel, table=True):
//!     id: int | None = Field(default=None, primary_key=True)
//!     team_id: int | None = Field(default=None, foreign_key="team.id")
//!     team: Team | None = Relationship(back_populates="heroes")
//! ```

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::attributes::{
    AttrKind, Collection, ModelAttr, annotation_shape, blank, read_call_arguments, sql_type_name, untyped_python_type,
};
use super::column_factories::inline_factory_call;
use crate::db::Db;
use crate::hir::{ClassItem, ClassStmt, Definition, Expr, Name, resolve_expr_symbol};
use crate::types::ClassRef;
use crate::types::annotation::TypeScope;

pub fn collect(db: &dyn Db, class: &ClassRef, item: &ClassItem, names: &FxHashMap<Name, ClassRef>) -> Vec<ModelAttr> {
    let scope = TypeScope { db, file: class.file, registry_names: Some(names) };
    let mut out: Vec<ModelAttr> = Vec::new();
    for stmt in &item.body {
        let ClassStmt::Attr { name, annotation: Some(annotation), value } = stmt else { continue };
        // Pydantic settings and class variables are not fields.
        if name.starts_with("__") || name == "model_config" || is_class_var(db, class, annotation) {
            continue;
        }
        let inlined = value.as_ref().and_then(|v| inline_factory_call(db, class.file, Some(item), v));
        let value = &inlined.or_else(|| value.clone());
        let callee = match value {
            Some(Expr::Call { func, .. }) => match resolve_expr_symbol(db, class.file, func) {
                Some(Definition::External(sym)) => Some(sym),
                _ => None,
            },
            _ => None,
        };
        let python = scope.eval(annotation);
        let mut attr = match callee.as_deref() {
            Some("sqlmodel.Relationship") => {
                let mut attr = blank(class, name, AttrKind::Relationship, python.clone());
                let (target, collection) = annotation_shape(&python);
                attr.target = target;
                attr.collection = Some(collection);
                attr.declared_with = Some(Name::from("Relationship"));
                if let Some(call) = value {
                    attr.back_populates = call.kwarg("back_populates").and_then(|v| v.as_str()).map(Name::from);
                    attr.lazy =
                        crate::schema::relationship_option(call, "lazy").and_then(|v| v.as_str()).map(Name::from);
                    if attr.lazy.as_deref() == Some("dynamic") {
                        attr.collection = Some(Collection::Dynamic);
                    }
                }
                attr
            }
            _ => {
                let mut attr = blank(class, name, AttrKind::Column, python.clone());
                let field = value.as_ref().filter(|_| callee.as_deref() == Some("sqlmodel.Field"));
                attr.primary_key =
                    field.and_then(|f| f.kwarg("primary_key")).and_then(|v| v.as_bool()).unwrap_or(false);
                if let Some(target) =
                    field.and_then(|f| f.kwarg("foreign_key")).and_then(|v| crate::hir::const_str(db, class.file, v))
                {
                    attr.foreign_keys.push(Name::from(target));
                }
                // SQLModel makes a column nullable when its type is optional and it is no primary key.
                attr.nullable = Some(
                    field
                        .and_then(|f| f.kwarg("nullable"))
                        .and_then(|v| v.as_bool())
                        .unwrap_or(!attr.primary_key && python.is_optional()),
                );
                attr.declared_with = field.map(|_| Name::from("Field"));
                // `Field(sa_column=Column(String(30), nullable=False))` declares the column itself;
                // `Field(sa_type=Text)` its SQL type.
                if let Some(column) = field.and_then(|f| f.kwarg("sa_column")) {
                    read_call_arguments(db, &scope, class, &mut attr, column);
                }
                if let Some(sql_type) = field.and_then(|f| f.kwarg("sa_type")) {
                    attr.sql_type = sql_type_name(db, class.file, sql_type);
                }
                // Values load as that SQL type says, whatever the annotation (`values: bytes` over
                // a `String` column loads `str`); a type we cannot read leaves them unknown.
                if field.is_some_and(|f| f.kwarg("sa_column").is_some() || f.kwarg("sa_type").is_some()) {
                    attr.python = untyped_python_type(&attr, None);
                }
                attr
            }
        };
        // Type checkers read the annotation, on the class and on instances alike.
        attr.typed = true;
        attr.annotation = Some(Arc::new(annotation.clone()));
        attr.value = value.clone().map(Arc::new);
        attr.checker_class = python.clone();
        attr.checker_instance = python;
        out.retain(|a| a.name != attr.name);
        out.push(attr);
    }
    out
}

fn is_class_var(db: &dyn Db, class: &ClassRef, annotation: &Expr) -> bool {
    let base = match annotation {
        Expr::Subscript(base, _) => base.as_ref(),
        other => other,
    };
    matches!(resolve_expr_symbol(db, class.file, base), Some(Definition::External(sym)) if sym == "typing.ClassVar")
}
