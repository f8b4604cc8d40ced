//! Attribute access, subscripts, iteration, context managers and operators on inferred types:
//! workspace classes and models here, SQLAlchemy's classes through the API tables.

use std::sync::Arc;

use super::instance_attributes::InstanceAttributes;
use super::templates::TemplateContext;
use super::walker::{Walker, external_value};
use crate::db::{Db, SourceFile};
use crate::hir::index::{ClassHandle, class_item};
use crate::hir::{ClassItem, ClassStmt, Definition, Name, module_index, resolve_expr_symbol, resolve_module_member};
use crate::models::{AttrKind, ModelAttr, model_registry};
use crate::sqlalchemy::api::{MemberKind, lookup_member};
use crate::syntax::Node;
use crate::types::annotation::TypeScope;
use crate::types::{Class, ClassRef, FunctionRef, Literal, RowTail, TupleSpelling, Ty};

/// The SQLAlchemy class the API tables read a value's members from: its own class, or for an
/// instance of a workspace class built on one (`class Session(orm.Session)`), that class.
pub(super) fn api_class(db: &dyn Db, ty: &Ty) -> Option<Name> {
    match ty {
        Ty::Instance(Class::User(class), _) => sqlalchemy_base(db, class.file, class.name.clone()).clone(),
        _ => table_class(ty).map(Name::from),
    }
}

/// The SQLAlchemy class nearest among a workspace class's bases, searched in the order Python
/// does: the members the workspace classes do not define are that class's.
#[salsa::tracked]
pub(super) fn sqlalchemy_base(db: &dyn Db, file: crate::db::SourceFile, name: Name) -> Option<Name> {
    sqlalchemy_bases(db, file, name).next()
}

/// Every SQLAlchemy class among a workspace class's bases and theirs, in the order Python searches.
fn sqlalchemy_bases(db: &dyn Db, file: crate::db::SourceFile, name: Name) -> impl Iterator<Item = Name> + '_ {
    class_lineage(db, file, name).iter().cloned().collect::<Vec<_>>().into_iter().flat_map(move |class| {
        let bases = class_item(db, class.file, &class.name).map(|item| item.bases.clone()).unwrap_or_default();
        // `class GUID(TypeDecorator[UUID])`: the class subscripted.
        bases.into_iter().filter_map(move |base| match resolve_expr_symbol(db, class.file, base.subscript_head()) {
            Some(Definition::External(symbol)) => table_class(&Ty::ext(&symbol)).map(Name::from),
            _ => None,
        })
    })
}

/// The short SQLAlchemy class name the API tables know a value by.
pub(super) fn table_class(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Rows(kind, _) => Some(kind),
        Ty::Instance(Class::Ext(name), _) => name
            .strip_prefix("sqlalchemy.")
            .or_else(|| name.strip_prefix("flask_sqlalchemy."))
            // SQLModel's own classes keep their module: `sqlmodel.Session` is not SQLAlchemy's.
            .or_else(|| name.starts_with("sqlmodel.").then_some(name.as_str())),
        _ => None,
    }
}

pub(super) fn instantiate(
    walker: &Walker<'_>,
    template: &crate::sqlalchemy::Template,
    receiver: &Ty,
    args: &[Ty],
) -> Ty {
    instantiate_in(walker.mode, template, receiver, args)
}

/// A member's template on `receiver` in a view, outside any walk.
fn instantiate_in(mode: super::Mode, template: &crate::sqlalchemy::Template, receiver: &Ty, args: &[Ty]) -> Ty {
    super::templates::instantiate(template, &TemplateContext::new(receiver, args, mode.series, mode.precise))
}

pub(super) fn attribute(walker: &mut Walker<'_>, object: &Ty, name: &str) -> Ty {
    // `when.year`, `uid.hex`: a data attribute of a standard-library value class.
    if let Some(ty) = super::value_classes::attribute(object, name) {
        return ty;
    }
    if let Some(ty) = universal_attribute(object, name) {
        return ty;
    }
    match object {
        Ty::Unknown | Ty::EmptyDisplayItem => Ty::Unknown,
        Ty::Never => Ty::Never,
        Ty::Any => Ty::Any,
        Ty::Union(parts) => {
            let parts: Vec<Ty> = parts.iter().filter(|p| !matches!(p, Ty::None)).cloned().collect();
            let results = unknown_last(&parts).map(|p| attribute(walker, p, name)).collect();
            Ty::union(results)
        }
        Ty::Module(def) => match resolve_module_member(walker.db, def, name) {
            Some(member) => walker.definition_type(&member),
            None => Ty::Unknown,
        },
        Ty::Special(symbol) if symbol.as_str() == "sqlalchemy.func" => {
            Ty::Special(Name::from(format!("sqlalchemy.func.{name}")))
        }
        // `op.get_bind` of `from alembic import op`: a function the tables know, by its full name.
        Ty::Special(symbol) if crate::sqlalchemy::api::is_known_symbol(&format!("{symbol}.{name}")) => {
            Ty::Special(Name::from(format!("{symbol}.{name}")))
        }
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(class), _) => class_attribute(walker, class, name),
            // A class a metaclass call made: its bases' class attributes, then its metaclass's.
            Ty::Instance(Class::Synthesized(class), _) => {
                let class = class.clone();
                let bases = class.bases.iter().map(|base| Ty::TypeOf(Box::new(base.clone())));
                first_known(walker, bases.chain([class.metaclass.clone()]), name)
            }
            // `obj: Type[Any]`: any attribute of any class.
            Ty::Any => Ty::Any,
            type_var if super::generics::is_type_var(type_var) => type_var_member(walker, type_var, name, true),
            // `Session.object_session(user)`: a class method of a SQLAlchemy class.
            instance => library_class_member(walker, instance, name),
        },
        // `Color.RED.name` is `Literal['RED']`, its `value` what the body assigns it.
        Ty::Literal(Literal::Enum(class, member)) => match name {
            "name" | "_name_" => Ty::Literal(Literal::Str(member.clone())),
            // An `IntEnum`'s (`StrEnum`'s) `value` is declared an `int` (a `str`); others keep the
            // literal assigned.
            "value" | "_value_" => match enum_base(walker.db, class) {
                _ if makes_own_values(walker.db, class) => Ty::Any,
                Some(base @ ("IntEnum" | "IntFlag" | "StrEnum")) => {
                    crate::types::literal::widen(enum_value(walker, class, member, base))
                }
                base => enum_value(walker, class, member, base.unwrap_or("Enum")),
            },
            _ => attribute(walker, &Ty::instance_of(class.clone()), name),
        },
        // `self.__class__` is `type[Self@C]`; `obj.__dict__` a `dict[str, Any]`.
        Ty::Instance(Class::User(_), _) if name == "__class__" => Ty::TypeOf(Box::new(object.clone())),
        Ty::Instance(Class::User(_), _) if name == "__dict__" => {
            Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::Any])
        }
        Ty::Instance(Class::Synthesized(class), _) => {
            let class = class.clone();
            first_known(walker, class.bases.iter().cloned(), name)
        }
        Ty::Instance(Class::User(class), args) => {
            if let Some(ty) = enum_instance_attribute(walker, class, name) {
                return ty;
            }
            let ty = instance_attribute(walker, class, name);
            // A property typed `-> Self` (typeshed's `PurePath.parent`) is the instance's type.
            let ty = if Ty::is_self_marker(args) { ty } else { super::generics::replace_self(ty, object) };
            super::generics::on_receiver(walker.db, ty, object, walker.class.as_ref())
        }
        Ty::Instance(Class::Ext(symbol), _) if symbol.as_str() == "flask_sqlalchemy.SQLAlchemy" => {
            flask_db_attribute(walker, name)
        }
        // `await user.awaitable_attrs.posts` (AsyncAttrs): type checkers see `Any`; it awaits to the
        // attribute's value.
        Ty::Instance(Class::Ext(symbol), args) if symbol.as_str() == "sqlalchemy._AsyncAttrGetitem" => {
            match (walker.mode.precise, args.first()) {
                (true, Some(Ty::Instance(Class::User(class), _))) => {
                    let class = class.clone();
                    super::calls::coroutine(instance_attribute(walker, &class, name))
                }
                _ => Ty::Any,
            }
        }
        _ if super::generics::is_type_var(object) => type_var_member(walker, object, name, false),
        Ty::Function(function) => function_attribute(walker, function, name),
        Ty::UnboundMethod(..) | Ty::Signature(_) => callable_attribute(walker, "types.FunctionType", name),
        Ty::Instance(Class::Ext(symbol), _) if symbol.as_str() == crate::types::annotation::CALLABLE => {
            callable_attribute(walker, "types.FunctionType", name)
        }
        _ if super::builtin_methods::is_method(object, name) => {
            Ty::BoundMethod(Box::new(object.clone()), Name::from(name))
        }
        _ => match stubbed_native_instance(walker.db, object) {
            Some(stubbed) => attribute(walker, &stubbed, name),
            None => sqlalchemy_member(walker, object, name),
        },
    }
}

/// The attribute as the first of `owners` that knows it has it; unknown where none does.
fn first_known(walker: &mut Walker<'_>, owners: impl Iterator<Item = Ty>, name: &str) -> Ty {
    for owner in owners {
        // An unknown base may have it.
        if matches!(owner, Ty::Unknown | Ty::Any) {
            return Ty::Unknown;
        }
        let found = attribute(walker, &owner, name);
        if !found.is_unknown() {
            return found;
        }
    }
    Ty::Unknown
}

/// A data attribute of a type variable's bound, on an instance or (`type[ModelT]`) on the class:
/// `self.model_type.__mapper__` where `ModelT` is bound to a protocol declaring it. A method stays
/// unknown: one returning `Self` returns the variable, not its bound.
fn type_var_member(walker: &mut Walker<'_>, type_var: &Ty, name: &str, class_object: bool) -> Ty {
    let Some(bound) = super::generics::type_var_bound(walker, type_var) else { return Ty::Unknown };
    let object = if class_object { Ty::TypeOf(Box::new(bound)) } else { bound };
    let found = attribute(walker, &object, name);
    let callable = |part: &Ty| {
        matches!(
            part,
            Ty::BoundMethod(..) | Ty::Function(_) | Ty::UnboundMethod(..) | Ty::Signature(_) | Ty::Special(_)
        )
    };
    if found.union_parts().iter().any(callable) { Ty::Unknown } else { found }
}

/// An attribute of a workspace function: of the function or (a method read from an instance or a
/// class method) the bound method; unknown where a decorator other than `staticmethod` or
/// `classmethod` may have made it something else (`@click.command()` a `Command`).
fn function_attribute(walker: &mut Walker<'_>, function: &FunctionRef, name: &str) -> Ty {
    let Some(item) = super::function_item(walker.db, function) else { return Ty::Unknown };
    if !item.is_plain_function() {
        return Ty::Unknown;
    }
    let class = if super::binds_receiver(function, &item) { "types.MethodType" } else { "types.FunctionType" };
    callable_attribute(walker, class, name)
}

/// An attribute of a function, a callable or a bound method: what typeshed's `types.FunctionType`
/// (`types.MethodType`) declares (`func.__dict__`, `method.__func__`). Any other is, to type
/// checkers, `Any` on a function (pyright reads it so, after `hasattr(func, "_m")` too) and unknown
/// on a bound method; the precise view does not know whether it was set.
fn callable_attribute(walker: &mut Walker<'_>, class: &str, name: &str) -> Ty {
    if let Some(Ty::Instance(Class::User(class), _)) = stubbed_native_instance(walker.db, &Ty::ext(class))
        && lineage(walker.db, &class)
            .iter()
            .any(|(owner, item)| member_of_class_body(walker, owner, item, name).is_some())
    {
        return instance_attribute(walker, &class, name);
    }
    if walker.mode.precise || class == "types.MethodType" { Ty::Unknown } else { Ty::Any }
}

/// An instance of a class of a standard-library module the analysis holds itself
/// (`types.MappingProxyType[str, int]`), as an instance of the class typeshed's stub of the
/// module declares, whose members answer what the analysis does not hold (`values()`).
pub(super) fn stubbed_native_instance(db: &dyn Db, object: &Ty) -> Option<Ty> {
    let Ty::Instance(Class::Ext(symbol), args) = object else { return None };
    let (module, class) = symbol.rsplit_once('.')?;
    let file = crate::hir::module_map(db).native_stub(module)?;
    crate::hir::index::class_item(db, file, class)?;
    let class = ClassRef { file, name: Name::from(class) };
    Some(Ty::Instance(Class::User(class), args.clone()))
}

/// What every class, function and object has: `model_type.__name__`, `func.__qualname__`,
/// `obj.__module__`, and their `__doc__`.
fn universal_attribute(object: &Ty, name: &str) -> Option<Ty> {
    let named = matches!(
        object,
        Ty::TypeOf(_) | Ty::Function(_) | Ty::UnboundMethod(..) | Ty::Signature(_) | Ty::BoundMethod(..)
    ) || object.ext_name() == Some("builtins.type");
    let instance = matches!(object, Ty::Instance(..));
    match name {
        "__name__" | "__qualname__" if named => Some(Ty::builtin("str")),
        "__module__" if named || instance => Some(Ty::builtin("str")),
        "__doc__" if named || instance => Some(Ty::builtin("str").optional()),
        _ => None,
    }
}

/// The annotation a base class's method of the same name gives the parameter `param` of an
/// unannotated method of `class`, as type checkers infer it: the methods have as many parameters,
/// and the base's at the same place is of the same kind.
pub(super) fn inherited_parameter(
    walker: &Walker<'_>,
    class: &ClassRef,
    method: &crate::hir::FunctionItem,
    param: &str,
) -> Option<Ty> {
    let index = method.params.iter().position(|p| p.name == param)?;
    let found = lineage(walker.db, class).into_iter().skip(1).find_map(|(owner, item)| {
        let base = item.methods().rfind(|m| m.name == method.name && !m.has_decorator("overload"))?.clone();
        Some((owner, base))
    });
    let Some((owner, base)) = found else {
        // A method of the SQLAlchemy base (`TypeDecorator.process_bind_param`), by position.
        let sqlalchemy = sqlalchemy_base(walker.db, class.file, class.name.clone()).clone()?;
        let template = crate::sqlalchemy::api::overridden_parameter(&sqlalchemy, &method.name, index.checked_sub(1)?)?;
        return Some(instantiate(walker, &template, &Ty::instance_of(class.clone()), &[]));
    };
    if base.params.len() != method.params.len() {
        return None;
    }
    let base_param = &base.params[index];
    if base_param.kind != method.params[index].kind {
        return None;
    }
    let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
    let params = super::generics::class_type_params(walker.db, owner.file, &owner.name);
    let declared = super::generics::in_view(scope.eval(base_param.annotation.as_ref()?), walker.mode.precise);
    let declared = super::generics::scoped(declared, None, Some((&owner.name, &params)));
    Some(super::generics::on_receiver(walker.db, declared, &Ty::instance_of(class.clone()), None))
}

/// A union's parts in the order pyright reads or calls them: the unknown ones last
/// (`Unknown | Engine` → `.execution_options()` → `OptionEngine | Unknown`).
pub(super) fn unknown_last(parts: &[Ty]) -> impl Iterator<Item = &Ty> {
    parts.iter().filter(|p| !p.is_unknown()).chain(parts.iter().filter(|p| p.is_unknown()))
}

/// Selectables whose columns we know, the collection their `.c` is, and its element class
/// (`2.0|2.1` where the series differ).
const COLUMN_COLLECTIONS: &[(&str, &str, &str)] = &[
    ("Table", "TableColumns", "Column"),
    ("Subquery", "SubqueryColumns", "KeyedColumnElement"),
    ("CTE", "SubqueryColumns", "KeyedColumnElement"),
    ("Alias", "SubqueryColumns", "KeyedColumnElement"),
    ("NamedFromClause", "AliasColumns", "KeyedColumnElement|Column"),
];

/// The element class of a column collection we carry a row for (`TableColumns` → `Column`).
fn collection_element(kind: &str, series: crate::settings::Series) -> Option<&'static str> {
    let (_, _, element) = COLUMN_COLLECTIONS.iter().find(|(_, collection, _)| kind == *collection)?;
    Some(match (element.split_once('|'), series) {
        (Some((v20, _)), crate::settings::Series::V14 | crate::settings::Series::V20) => v20,
        (Some((_, v21)), crate::settings::Series::V21) => v21,
        (None, _) => element,
    })
}

/// A column of a collection we carry a row for, as its class is annotated: the element class, its
/// value unknown to type checkers (`for column in table.c`, `table.c.name` to them, the element
/// of `table.c.values()`).
fn annotated_column(walker: &Walker<'_>, kind: &str) -> Option<Ty> {
    let element = collection_element(kind, walker.mode.series)?;
    Some(Ty::ext_generic(&format!("sqlalchemy.{element}"), vec![Ty::Any]))
}

/// `table.c`, `subquery.c.name`: columns of a selectable whose row we carry. Type checkers see
/// `Column[Any]` / `KeyedColumnElement[Any]`; we know each column's type.
fn column_collection_member(walker: &Walker<'_>, object: &Ty, name: &str) -> Option<Ty> {
    // A `Table` we know only by its annotation (`def f(t: Table)`): columns of unknown types.
    let unknown_table;
    let object = match object {
        Ty::Instance(Class::Ext(class), _) if class.as_str() == "sqlalchemy.Table" => {
            unknown_table = Ty::Rows(Name::from("Table"), std::sync::Arc::new(crate::types::RowShape::opaque()));
            &unknown_table
        }
        other => other,
    };
    let Ty::Rows(kind, shape) = object else { return None };
    if let Some((_, collection, _)) = COLUMN_COLLECTIONS.iter().find(|(owner, _, _)| kind == owner) {
        return matches!(name, "c" | "columns").then(|| Ty::Rows(Name::from(*collection), shape.clone()));
    }
    if !walker.mode.precise {
        return annotated_column(walker, kind);
    }
    let element = collection_element(kind, walker.mode.series)?;
    let value = shape.col_named(name).unwrap_or(Ty::Unknown);
    // A table's `Column[T]` keeps `T` as SQLAlchemy writes it; a hidden marker remembers `NULL`.
    let args = match (element, value) {
        ("Column", value) if value.is_optional() => vec![value.without_none(), Ty::None],
        (_, value) => vec![value],
    };
    Some(Ty::ext_generic(&format!("sqlalchemy.{element}"), args))
}

/// A member of a library class read on the class object (`instance` is its instance): a class
/// method of SQLAlchemy's (`Session.object_session`) or the standard library's, or an attribute of
/// a SQLAlchemy class body (`get_dialect(url).name` of a `type[Dialect]`).
fn library_class_member(walker: &Walker<'_>, instance: &Ty, name: &str) -> Ty {
    if let Some(class) = table_class(instance) {
        if crate::sqlalchemy::api::CLASS_METHODS.contains(&(class, name)) {
            return Ty::BoundMethod(Box::new(instance.clone()), Name::from(name));
        }
        if let Some(template) = crate::sqlalchemy::annotations::class_attribute(class, name, walker.mode.series) {
            return instantiate(walker, &template, instance, &[]);
        }
    }
    match instance.ext_name() {
        Some(class) if super::stdlib::is_stdlib_class_method(class, name) => {
            Ty::Special(Name::from(format!("{class}.{name}")))
        }
        _ => Ty::Unknown,
    }
}

/// Whether `ColumnCollection` defines `name` (`keys`, `get`, `_index`): at runtime the attribute
/// is the collection's own, whatever its columns are called (`__getattr__` comes last).
fn is_collection_method(name: &str, series: crate::settings::Series) -> bool {
    // 1.x ships no annotations; its collection has the 2.0 names.
    let series = if series == crate::settings::Series::V14 { crate::settings::Series::V20 } else { series };
    crate::sqlalchemy::annotations::declaration("ReadOnlyColumnCollection", name, series).is_some()
}

/// A member of a SQLAlchemy object: a property is evaluated now, a method waits for its call.
fn sqlalchemy_member(walker: &Walker<'_>, object: &Ty, name: &str) -> Ty {
    // `table.c.keys`: the method of the collection as its class is annotated.
    if let Ty::Rows(kind, _) = object
        && is_collection_method(name, walker.mode.series)
        && let Some(element) = annotated_column(walker, kind)
    {
        let collection = Ty::ext_generic("sqlalchemy.ReadOnlyColumnCollection", vec![Ty::builtin("str"), element]);
        return sqlalchemy_member(walker, &collection, name);
    }
    if let Some(member) = column_collection_member(walker, object, name) {
        return member;
    }
    let Some(class) = table_class(object) else { return Ty::Unknown };
    match lookup_member(class, name, walker.mode.series) {
        Some((MemberKind::Property, template)) => instantiate(walker, &template, object, &[]),
        Some((MemberKind::Method, _)) => Ty::BoundMethod(Box::new(object.clone()), Name::from(name)),
        None if class == "Row" => named_row_attribute(walker, object, name),
        None if name.starts_with("__") => Ty::Unknown,
        None => match crate::sqlalchemy::annotations::missing_attribute(class, walker.mode.series) {
            Some(template) => instantiate(walker, &template, object, &[Ty::builtin("str")]),
            None => Ty::Unknown,
        },
    }
}

/// `row.username`: type checkers see `Any` (Row's `__getattr__`); we know the column by its label.
fn named_row_attribute(walker: &Walker<'_>, row: &Ty, name: &str) -> Ty {
    if !walker.mode.precise || name.starts_with('_') {
        return Ty::Any;
    }
    match row {
        Ty::Rows(_, shape) => shape.col_named(name).unwrap_or(Ty::Any),
        _ => Ty::Any,
    }
}

/// `db.session`, `db.Column`, `db.select` on a Flask-SQLAlchemy object.
fn flask_db_attribute(walker: &Walker<'_>, name: &str) -> Ty {
    match lookup_member("SQLAlchemy", name, walker.mode.series) {
        Some((MemberKind::Property, template)) => {
            instantiate(walker, &template, &Ty::ext("flask_sqlalchemy.SQLAlchemy"), &[])
        }
        Some((MemberKind::Method, _)) => {
            Ty::BoundMethod(Box::new(Ty::ext("flask_sqlalchemy.SQLAlchemy")), Name::from(name))
        }
        // Flask-SQLAlchemy forwards the rest to `sqlalchemy` through an untyped `__getattr__`.
        None if walker.mode.precise => external_value(&format!("sqlalchemy.{name}")),
        None => Ty::Any,
    }
}

/// The class body that defines a workspace class.
/// The class and its workspace bases, nearest first.
pub(super) fn lineage(db: &dyn Db, class: &ClassRef) -> Vec<(ClassRef, ClassHandle)> {
    class_lineage(db, class.file, class.name.clone())
        .iter()
        .filter_map(|c| Some((c.clone(), class_item(db, c.file, &c.name)?)))
        .collect()
}

/// A class and its workspace bases, nearest first (depth-first, left to right), computed once.
#[salsa::tracked(returns(ref))]
pub(super) fn class_lineage(db: &dyn Db, file: crate::db::SourceFile, name: Name) -> Arc<[ClassRef]> {
    let mut out: Vec<ClassRef> = Vec::new();
    let mut pending = vec![ClassRef { file, name }];
    while let Some(current) = pending.pop() {
        if out.len() > 32 || out.contains(&current) {
            continue;
        }
        let Some(item) = class_item(db, current.file, &current.name) else { continue };
        let bases: Vec<ClassRef> = item
            .bases
            .iter()
            // `Repository[User]`: the generic class.
            .filter_map(|b| match resolve_expr_symbol(db, current.file, b.subscript_head()) {
                Some(Definition::Class { file, name }) => Some(ClassRef { file, name }),
                _ => None,
            })
            .collect();
        out.push(current);
        pending.extend(bases.into_iter().rev());
    }
    out.into()
}

/// The classes of the `enum` module whose subclasses' assignments are members.
const ENUM_CLASSES: &[&str] = &["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"];

/// `Color.RED` of `class Color(Enum): RED = 1`: the member, `Literal[Color.RED]` (not the `1` it
/// is assigned). A private name (`_ignore_`, `__x`) is no member.
fn enum_member(db: &dyn Db, class: &ClassRef, name: &str) -> Option<Ty> {
    enum_base(db, class)?;
    let item = crate::hir::index::class_item(db, class.file, &class.name)?;
    let assigned = assigned_members(&item).any(|(member, _)| member == name);
    assigned.then(|| Ty::Literal(Literal::Enum(class.clone(), Name::from(name))))
}

/// What an enum class's body assigns its members, in order: `NAME = value`, not annotated, not a
/// lambda (a method), not private.
fn assigned_members(item: &ClassItem) -> impl Iterator<Item = (&Name, &crate::hir::Expr)> {
    item.body.iter().filter_map(|stmt| match stmt {
        ClassStmt::Attr { name, annotation: None, value: Some(value) }
            if !name.starts_with('_') && !matches!(value, crate::hir::Expr::Lambda(_)) =>
        {
            Some((name, value))
        }
        _ => None,
    })
}

/// `status.name` and `status.value` of an enum instance whose member is not known: what they
/// are for each of the class's members, joined (`Literal['PENDING', 'DONE']`), as pyright reads
/// them; an enum without members has a `str` name and an `Any` value. A class that defines the
/// attribute itself answers as any class does.
fn enum_instance_attribute(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Ty> {
    if !matches!(name, "name" | "_name_" | "value" | "_value_") {
        return None;
    }
    let base = enum_base(walker.db, class)?;
    let item = crate::hir::index::class_item(walker.db, class.file, &class.name)?;
    let defines = |wanted: &str| {
        item.body.iter().any(|stmt| match stmt {
            ClassStmt::Attr { name, .. } => name == wanted,
            ClassStmt::Method(function) => function.name == wanted,
        })
    };
    if defines(name) {
        return None;
    }
    let members: Vec<Name> = assigned_members(&item).map(|(member, _)| member.clone()).collect();
    Some(match name {
        "name" | "_name_" if members.is_empty() => Ty::builtin("str"),
        "name" | "_name_" => Ty::union(members.into_iter().map(|m| Ty::Literal(Literal::Str(m))).collect()),
        _ if members.is_empty() || makes_own_values(walker.db, class) => Ty::Any,
        _ => Ty::union(members.iter().map(|m| enum_value(walker, class, m, base)).collect()),
    })
}

/// What an enum member's `value` is: what the class body assigns it, an `auto()` an `int` (a
/// `str` in a `StrEnum`).
fn enum_value(walker: &Walker<'_>, class: &ClassRef, member: &str, base: &str) -> Ty {
    let value = class_body_binding(walker, class, member).unwrap_or(Ty::Unknown);
    let calls_auto = |item: ClassHandle| {
        assigned_members(&item).any(|(name, value)| {
            name == member
                && matches!(value, crate::hir::Expr::Call { func, .. }
                    if matches!(resolve_expr_symbol(walker.db, class.file, func),
                        Some(Definition::External(symbol)) if symbol.as_str() == "enum.auto"))
        })
    };
    let is_auto = value.ext_name() == Some("enum.auto")
        || crate::hir::index::class_item(walker.db, class.file, &class.name).is_some_and(calls_auto);
    match (is_auto, base) {
        (true, "StrEnum") => Ty::builtin("str"),
        (true, _) => Ty::builtin("int"),
        (false, _) => value,
    }
}

/// An enum class that defines `__new__` or `__init__` makes its members' values itself: type
/// checkers take them for `Any`.
fn makes_own_values(db: &dyn Db, class: &ClassRef) -> bool {
    crate::hir::index::class_item(db, class.file, &class.name).is_some_and(|item| {
        item.body.iter().any(|stmt| matches!(stmt, ClassStmt::Method(f) if f.name == "__new__" || f.name == "__init__"))
    })
}

/// The class of the `enum` module a class of the workspace or a library derives from (`IntEnum`),
/// the nearest first.
fn enum_base(db: &dyn Db, class: &ClassRef) -> Option<&'static str> {
    let known = |name: &str| ENUM_CLASSES.iter().copied().find(|c| *c == name);
    class_lineage(db, class.file, class.name.clone()).iter().find_map(|c| {
        let in_enum = crate::hir::modules::module_name(db, c.file).is_some_and(|m| m.as_str() == "enum");
        if in_enum && let Some(base) = known(&c.name) {
            return Some(base);
        }
        let item = crate::hir::index::class_item(db, c.file, &c.name)?;
        item.bases.iter().find_map(|base| match resolve_expr_symbol(db, c.file, base.subscript_head()) {
            Some(Definition::External(symbol)) => symbol.strip_prefix("enum.").and_then(known),
            _ => None,
        })
    })
}

/// What the module's walk bound to `name` in the body of a module-level class (`Class.name`).
fn class_body_binding(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Ty> {
    let key = format!("{}.{name}", class.name);
    if walker.is_module_of(class.file) {
        walker.bound_so_far(&key)
    } else {
        super::module_bindings(walker.db, class.file, walker.mode.view()).get(key.as_str()).cloned()
    }
}

fn model_attribute(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<ModelAttr> {
    let registry = model_registry(walker.db);
    let mut attr = registry.model(class)?.attribute(name).cloned()?;
    // A backref does not exist for type checkers: they look the name up like any undefined one.
    if attr.via_backref && !walker.mode.precise {
        return None;
    }
    if attr.kind == AttrKind::HybridProperty && attr.python.is_unknown() {
        // `@hybrid_property def name(self): return self._name`: what the getter returns, as type
        // checkers infer it (not while inferring the class's attributes, which it may read).
        let getter = FunctionRef {
            file: attr.declared_in.file,
            class: Some(attr.declared_in.name.clone()),
            name: attr.name.clone(),
        };
        if !(walker.inferring_attributes && super::calls::is_own_method(walker, &getter)) {
            let value =
                crate::types::literal::widen(super::function_return_type(walker.db, getter, walker.mode.view()));
            attr.checker_class = Ty::ext_generic("sqlalchemy._HybridClassLevelAccessor", vec![value.clone()]);
            attr.checker_instance = value.clone();
            attr.python = value;
        }
    }
    if attr.kind == AttrKind::ColumnProperty && !attr.typed {
        // `body_length = column_property(func.char_length(body))`: the type of the expression it
        // wraps, inferred with the class body; type checkers infer it the same way.
        if let Some(declared) = class_body_binding(walker, &attr.declared_in, &attr.name) {
            let value = declared.args().first().cloned().unwrap_or(Ty::Unknown);
            attr.checker_class = Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![value.clone()]);
            attr.checker_instance = value.clone();
            attr.python = value;
        }
    }
    Some(attr)
}

/// `User.name`: the class-level attribute.
fn class_attribute(walker: &mut Walker<'_>, class: &ClassRef, name: &str) -> Ty {
    if let Some(attr) = model_attribute(walker, class, name) {
        return super::calls::class_level_attribute(walker, &attr);
    }
    if name == "query"
        && let Some(model) = model_registry(walker.db).model(class)
        && model.base_kind == crate::models::BaseKind::Flask
    {
        // Flask-SQLAlchemy declares `query` as a bare `Query`; it is a `Query` of the model.
        let args = if walker.mode.precise { vec![Ty::instance_of(class.clone())] } else { Vec::new() };
        return Ty::ext_generic("sqlalchemy.Query", args);
    }
    if name == "query" && has_query_property(walker.db, class) {
        // `Base.query = Session.query_property()`: a `Query` of the class; the base is `Any` to type
        // checkers, so they see `Any`.
        return if walker.mode.precise {
            Ty::ext_generic("sqlalchemy.Query", vec![Ty::instance_of(class.clone())])
        } else {
            Ty::Any
        };
    }
    // Type checkers see the `FromClause` a declarative base declares; a mapped class's is a `Table`.
    if name == "__table__" && walker.mode.precise && model_registry(walker.db).model(class).is_some() {
        return Ty::ext("sqlalchemy.Table");
    }
    if let Some(member) = enum_member(walker.db, class, name) {
        return member;
    }
    for (owner, item) in lineage(walker.db, class) {
        if let Some(found) = member_of_class_body(walker, &owner, &item, name) {
            return unbound_on_class(walker.db, through_descriptor(walker, found, None), class);
        }
    }
    // What the SQLAlchemy base declares for its classes: `Base.metadata`, `User.__mapper__`.
    let Some(base) = sqlalchemy_base(walker.db, class.file, class.name.clone()) else {
        return undefined_attribute(walker, class);
    };
    // `Hero.model_validate(data)`: a class method of the base, bound to the class called on.
    if crate::sqlalchemy::api::CLASS_METHODS.contains(&(base.as_str(), name)) {
        return Ty::BoundMethod(Box::new(Ty::instance_of(class.clone())), Name::from(name));
    }
    match lookup_member(base, name, walker.mode.series) {
        Some((MemberKind::Property, template)) => instantiate(walker, &template, &Ty::instance_of(class.clone()), &[]),
        _ => Ty::Unknown,
    }
}

/// What an attribute the class does not define is: `Any` to type checkers where a base is `Any`
/// to them (`Base = declarative_base()`), as they look it up there; otherwise unknown.
fn undefined_attribute(walker: &Walker<'_>, class: &ClassRef) -> Ty {
    let any_base = |base: &Ty| *base == Ty::Any;
    if !walker.mode.precise && has_base_bound_to(walker, class, any_base) { Ty::Any } else { Ty::Unknown }
}

/// Whether `ty` is an instance of a class with a base that is no class to type checkers: `Any`
/// (`Base = declarative_base()`) or an instance (a factory's `VersionedBaseMeta`, an unknown base
/// to them). They take such an instance for one of any class.
pub(super) fn is_gradual_instance(walker: &Walker<'_>, ty: &Ty) -> bool {
    match ty {
        Ty::Instance(Class::User(class), _) => {
            has_base_bound_to(walker, class, |base| matches!(base, Ty::Any | Ty::Instance(..)))
        }
        _ => false,
    }
}

/// Whether a base of the class's lineage is a variable bound to a value `bound` accepts.
fn has_base_bound_to(walker: &Walker<'_>, class: &ClassRef, bound: impl Fn(&Ty) -> bool) -> bool {
    lineage(walker.db, class).iter().any(|(owner, item)| {
        item.bases.iter().any(|base| match resolve_expr_symbol(walker.db, owner.file, base) {
            Some(Definition::Variable { file, name }) => {
                let value = if walker.is_module_of(file) {
                    walker.bound_so_far(&name)
                } else {
                    super::module_bindings(walker.db, file, walker.mode.view()).get(&name).cloned()
                };
                value.as_ref().is_some_and(&bound)
            }
            _ => false,
        })
    })
}

/// Whether a legacy base of the class was given `Base.query = Session.query_property()`.
fn has_query_property(db: &dyn Db, class: &ClassRef) -> bool {
    lineage(db, class).iter().any(|(owner, item)| {
        item.bases.iter().any(|base| match resolve_expr_symbol(db, owner.file, base) {
            Some(Definition::Variable { file, name }) => module_index(db, file).query_property_owners.contains(&name),
            _ => false,
        })
    })
}

/// What the bases of a workspace class declare for an attribute (`cols: List[str]`), the nearest
/// first; then what its SQLAlchemy base declares (`cache_ok: Optional[bool]`, `inherit_cache`).
pub(super) fn inherited_declaration(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Ty> {
    match workspace_declaration(walker, class, name) {
        Some(declared) => declared,
        None => sqlalchemy_declaration(walker, class, name),
    }
}

/// The nearest base that has the name decides, as type checkers look it up: its annotation, or
/// none where it only assigns (`default_view = "list"` declares nothing for its subclasses).
/// `None` where no workspace base has the name.
///
/// A base's property declares the descriptor: `property`, or `cached_property[str]` for
/// `@cached_property def unique_id(self) -> str`.
fn workspace_declaration(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Option<Ty>> {
    let (owner, declaration) = lineage(walker.db, class).into_iter().skip(1).find_map(|(owner, item)| {
        let attrs = item.body.iter().filter_map(|stmt| match stmt {
            ClassStmt::Attr { name: attr, annotation, .. } if attr == name => Some(annotation.clone()),
            _ => None,
        });
        let annotations: Vec<Option<crate::hir::Expr>> = attrs.collect();
        if !annotations.is_empty() {
            return Some((owner, annotations.into_iter().flatten().last().map(Declaration::Annotation)));
        }
        let property = item.body.iter().rev().find_map(|stmt| match stmt {
            ClassStmt::Method(f) if f.name == name && f.has_decorator("cached_property") => {
                Some(Declaration::CachedProperty(f.returns.clone()))
            }
            ClassStmt::Method(f) if f.name == name && f.has_decorator("property") => Some(Declaration::Property),
            _ => None,
        })?;
        Some((owner, Some(property)))
    })?;
    let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
    let eval = |annotation: &crate::hir::Expr| super::generics::in_view(scope.eval(annotation), walker.mode.precise);
    Some(declaration.map(|declaration| match declaration {
        Declaration::Annotation(annotation) => eval(&annotation),
        Declaration::Property => Ty::builtin("property"),
        Declaration::CachedProperty(returns) => {
            let returns = returns.as_ref().map_or(Ty::Unknown, eval);
            Ty::ext_generic("functools.cached_property", vec![returns])
        }
    }))
}

/// A `Callable[[A, B], R]` assigned in a class body, read on an instance: type checkers bind it like
/// a method, `(B) -> R` (bs4's `findAll = _deprecated_function_alias(...)`); one declared in the
/// body stays as declared.
fn bound_callable(ty: Ty) -> Ty {
    match ty {
        // `alias = run` in the body: the method, bound.
        Ty::UnboundMethod(function, _) => Ty::Function(function),
        Ty::Instance(Class::Ext(name), mut args) if name.as_str() == crate::types::annotation::CALLABLE => {
            if let Some(Ty::Tuple(_, params)) = args.first_mut()
                && !params.is_empty()
            {
                params.remove(0);
            }
            Ty::Instance(Class::Ext(name), args)
        }
        other => other,
    }
}

/// A method read on `class` (`Task.run`): unbound, its first parameter a `Task`. A static or class
/// method is bound (to nothing, or the class) and stays as it is.
fn unbound_on_class(db: &dyn Db, found: Ty, class: &ClassRef) -> Ty {
    let function = match found {
        Ty::UnboundMethod(function, _) => function,
        Ty::Function(function)
            if function.class.is_some()
                && super::function_item(db, &function).is_some_and(|item| item.decorators.is_empty()) =>
        {
            function
        }
        other => return other,
    };
    Ty::UnboundMethod(function, Box::new(Ty::instance_of(class.clone())))
}

/// What a base declares a name as.
enum Declaration {
    Annotation(crate::hir::Expr),
    Property,
    /// Its getter's return annotation.
    CachedProperty(Option<crate::hir::Expr>),
}

/// What the SQLAlchemy bases declare: our table's declaration, else the annotation of the nearest
/// class that has the name (`inherit_cache: Optional[bool]` of `HasCacheKey` for a class built on
/// `Executable, ClauseElement`; nothing where `GenericFunction` assigns it).
fn sqlalchemy_declaration(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Ty> {
    let declared = sqlalchemy_bases(walker.db, class.file, class.name.clone()).find_map(|base| {
        let row = crate::sqlalchemy::api::CLASS_DECLARATIONS
            .iter()
            .find(|(owner, attr, _)| crate::sqlalchemy::api::inherits(&base, owner) && *attr == name);
        match row {
            Some((_, _, declared)) => Some(Some(crate::sqlalchemy::template::Template::cached(declared))),
            None => crate::sqlalchemy::annotations::declaration(&base, name, walker.mode.series),
        }
    })??;
    Some(instantiate(walker, &declared, &Ty::instance_of(class.clone()), &[]))
}

/// `user.name`: the instance attribute.
pub(super) fn instance_attribute(walker: &mut Walker<'_>, class: &ClassRef, name: &str) -> Ty {
    if name == "awaitable_attrs" && model_registry(walker.db).model(class).is_some() {
        return Ty::ext_generic("sqlalchemy._AsyncAttrGetitem", vec![Ty::instance_of(class.clone())]);
    }
    // A model's plain `@property` without a return annotation: what its body returns, below.
    if let Some(attr) = model_attribute(walker, class, name)
        && !(attr.kind == AttrKind::Property && attr.python.is_unknown())
    {
        let value = super::calls::instance_level_attribute(walker, &attr);
        // `name = Column(String)` and `self.name = name` in `__init__`: type checkers declare
        // the attribute as both (`Column[str] | Unknown`); `Mapped[...]` declares it alone.
        let unannotated = !attr.typed && !matches!(attr.kind, AttrKind::Property | AttrKind::HybridProperty);
        if !walker.mode.precise
            && unannotated
            && let Some(assigned) = assigned_attribute(walker, &attr.declared_in, name)
        {
            return Ty::union(vec![value, assigned]);
        }
        return value;
    }
    for (owner, item) in lineage(walker.db, class) {
        if let Some(found) = member_of_class_body(walker, &owner, &item, name) {
            let found = through_descriptor(walker, found, Some(class));
            // `servers = None` in the body and `self.servers = ...` in a method: type checkers
            // declare the attribute as what every assignment assigns.
            let unannotated = item
                .body
                .iter()
                .any(|stmt| matches!(stmt, ClassStmt::Attr { name: n, annotation: None, value: Some(_) } if n == name));
            let found = if unannotated { bound_callable(found) } else { found };
            let circular = walker.assigning_attribute.as_deref() == Some(name);
            if unannotated
                && !circular
                && let Some(assigned) = assigned_attribute(walker, &owner, name)
            {
                return Ty::union(vec![found, assigned]);
            }
            return found;
        }
    }
    // `self.session = session` in a method.
    for (owner, _) in lineage(walker.db, class) {
        if let Some(ty) = assigned_attribute(walker, &owner, name) {
            return ty;
        }
    }
    let instance = Ty::instance_of(class.clone());
    // `record.get`: a method typing synthesizes from the keys, typed when called.
    if super::typed_dicts::METHODS.contains(&name) && super::typed_dicts::is_typed_dict(walker.db, class) {
        return Ty::BoundMethod(Box::new(instance), Name::from(name));
    }
    match inherited_sqlalchemy_member(walker, &instance, name) {
        // `store.get(key)` on a class deriving `dict` or `MutableMapping`: the container's method.
        Ty::Unknown => {
            match container_base(walker, &instance).or_else(|| builtin_value_base(walker, &instance, name)) {
                Some(base) if super::builtin_methods::is_method(&base, name) => {
                    Ty::BoundMethod(Box::new(base), Name::from(name))
                }
                _ => dunder_getattr(walker, class, name).unwrap_or_else(|| undefined_attribute(walker, class)),
            }
        }
        found => found,
    }
}

/// A name no class in the lineage defines, read through the nearest `__getattr__`: what calling it
/// returns (flask-restx's `Api.__getattr__` returns `getattr(...)`, `Any`).
fn dunder_getattr(walker: &Walker<'_>, class: &ClassRef, name: &str) -> Option<Ty> {
    if name.starts_with("__") && name.ends_with("__") {
        return None;
    }
    let reference = method_in_lineage(walker.db, class, "__getattr__")?;
    // Inferring attributes, an unannotated `__getattr__` is not inferred: it reads attributes
    // (`self.namespace`) and would ask for the ones being inferred. A declared one answers
    // (typeshed's `ModuleType.__getattr__` is `Any`).
    if walker.inferring_attributes && !super::has_return_annotation(walker.db, &reference) {
        return None;
    }
    Some(super::function_return_type(walker.db, reference, walker.mode.view()))
}

/// Whether a workspace or library class, or a class of its lineage, names one of `symbols` (outside
/// the workspace: `typing.TypedDict`, `builtins.type`) among its bases.
pub(super) fn derives_from_external(db: &dyn Db, class: &ClassRef, symbols: &[&str]) -> bool {
    lineage(db, class).iter().any(|(owner, item)| {
        item.bases.iter().any(|base| {
            matches!(resolve_expr_symbol(db, owner.file, base.subscript_head()),
                Some(Definition::External(symbol)) if symbols.contains(&symbol.as_str()))
        })
    })
}

/// The method `name` as the nearest class of a workspace class's lineage defines it.
pub(super) fn method_in_lineage(db: &dyn Db, class: &ClassRef, name: &str) -> Option<FunctionRef> {
    lineage(db, class).into_iter().find_map(|(owner, item)| {
        item.method(name)?;
        Some(FunctionRef { file: owner.file, class: Some(owner.name.clone()), name: Name::from(name) })
    })
}

/// `super().name` in a method of `class`: the member the bases define, the nearest first, read on
/// an instance of `class`.
pub(super) fn super_attribute(walker: &mut Walker<'_>, class: &ClassRef, name: &str) -> Ty {
    let receiver = Ty::instance_of(class.clone());
    let found = lineage(walker.db, class)
        .into_iter()
        .skip(1)
        .find_map(|(owner, item)| member_of_class_body(walker, &owner, &item, name));
    match found {
        Some(ty) => super::generics::on_receiver(walker.db, bound_callable(ty), &receiver, walker.class.as_ref()),
        None => inherited_sqlalchemy_member(walker, &receiver, name),
    }
}

/// What the methods of `owner` assign to `self.name`, inferred; without inference while inferring
/// attributes (which must not ask for themselves) and in the module walk of the class's own module
/// (whose methods read the bindings that walk is computing).
fn assigned_attribute(walker: &Walker<'_>, owner: &ClassRef, name: &str) -> Option<Ty> {
    let ty = assigned_attributes(walker, owner).types.get(name).cloned()?;
    let ty = super::generics::in_view(ty, walker.mode.precise);
    // `Self@C` is the class itself read outside it.
    Some(if walker.class.as_ref() == Some(&owner.name) { ty } else { ty.without_self() })
}

fn assigned_attributes<'w>(walker: &Walker<'w>, owner: &ClassRef) -> &'w InstanceAttributes {
    use super::instance_attributes::{inferred_instance_attributes, instance_attributes};
    if walker.inferring_attributes || walker.is_module_of(owner.file) {
        instance_attributes(walker.db, owner.file, owner.name.clone())
    } else {
        inferred_instance_attributes(walker.db, owner.file, owner.name.clone(), walker.mode.view())
    }
}

/// Whether `object.name` is declared with an annotation (in a class body or `self.name: T = ...`),
/// rather than by what is assigned to it.
pub(super) fn is_annotated_attribute(walker: &Walker<'_>, object: &Ty, name: &str) -> bool {
    let Ty::Instance(Class::User(class), _) = object else { return false };
    lineage(walker.db, class).iter().any(|(owner, item)| {
        item.body.iter().any(|stmt| matches!(stmt, ClassStmt::Attr { name: n, annotation: Some(_), .. } if n == name))
            || assigned_attributes(walker, owner).annotated.contains(name)
    })
}

/// A member the workspace class inherits from SQLAlchemy: `$self` in its template is the
/// workspace class (`with MySession() as s` binds a `MySession`).
fn inherited_sqlalchemy_member(walker: &Walker<'_>, object: &Ty, name: &str) -> Ty {
    let Some(class) = api_class(walker.db, object) else { return Ty::Unknown };
    match lookup_member(&class, name, walker.mode.series) {
        Some((MemberKind::Property, template)) => instantiate(walker, &template, object, &[]),
        Some((MemberKind::Method, _)) => Ty::BoundMethod(Box::new(object.clone()), Name::from(name)),
        None => Ty::Unknown,
    }
}

/// A class attribute holding a descriptor, read as its `__get__` returns it, on an instance of
/// `instance_of` or (`None`) on the class: `quality = quality_property("_quality")` making a
/// `hybrid_property[Quality]` is a `Quality` on an instance and a
/// `_HybridClassLevelAccessor[Quality]` on the class; a descriptor of a workspace or library class
/// (traitlets' `log = Any()`) is, on an instance, what its own `__get__` returns.
fn through_descriptor(walker: &mut Walker<'_>, found: Ty, instance_of: Option<&ClassRef>) -> Ty {
    match (&found, instance_of) {
        (Ty::Instance(Class::Ext(name), args), _) if name.as_str() == "sqlalchemy.hybrid_property" => {
            let value = args.first().cloned().unwrap_or(Ty::Unknown);
            match instance_of {
                Some(_) => value,
                None => Ty::ext_generic("sqlalchemy._HybridClassLevelAccessor", vec![value]),
            }
        }
        // `channel = property(get_channel, set_channel)`: typeshed's `property.__get__` gives `Any`
        // on an instance.
        (Ty::Instance(Class::Ext(name), _), Some(_)) if name.as_str() == "builtins.property" => Ty::Any,
        (Ty::Instance(Class::User(_), _), Some(class)) => {
            let instance = Ty::instance_of(class.clone());
            let owner = Ty::TypeOf(Box::new(instance.clone()));
            user_dunder(walker, &found, "__get__", &[instance, owner]).unwrap_or(found)
        }
        _ => found,
    }
}

/// A `@cached_property` that is a class of the workspace or a library (kombu's subclass of
/// functools') with its own `__get__` declaring no return: type checkers read the attribute
/// through that `__get__`, untyped.
fn untyped_descriptor_decorator(db: &dyn Db, file: SourceFile, function: &crate::hir::FunctionItem) -> bool {
    function.decorators.iter().any(|decorator| {
        let Some(Definition::Class { file, name }) = resolve_expr_symbol(db, file, decorator) else { return false };
        class_item(db, file, &name).and_then(|class| class.method("__get__").map(|get| get.returns.is_none()))
            == Some(true)
    })
}

fn member_of_class_body(walker: &Walker<'_>, owner: &ClassRef, item: &ClassItem, name: &str) -> Option<Ty> {
    let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
    for stmt in item.body.iter().rev() {
        match stmt {
            ClassStmt::Method(function) if function.name == name && !function.is_property_accessor() => {
                let reference =
                    FunctionRef { file: owner.file, class: Some(owner.name.clone()), name: function.name.clone() };
                if function.has_decorator("property") || function.has_decorator("cached_property") {
                    if untyped_descriptor_decorator(walker.db, owner.file, function) {
                        return Some(Ty::Unknown);
                    }
                    // What the class's own properties return is not inferred while inferring its
                    // attributes (it may read them).
                    if walker.inferring_attributes
                        && super::calls::is_own_method(walker, &reference)
                        && !super::has_return_annotation(walker.db, &reference)
                    {
                        return Some(Ty::Unknown);
                    }
                    // `-> T` of `class Base(Generic[T])`: `T@Base`, which the receiver solves.
                    let params = super::generics::class_type_params(walker.db, owner.file, &owner.name);
                    let returned = super::function_return_type(walker.db, reference, walker.mode.view());
                    return Some(super::generics::scoped(returned, None, Some((&owner.name, &params))));
                }
                return Some(Ty::Function(reference));
            }
            ClassStmt::Attr { name: attr, annotation, value } if attr == name => {
                return Some(match (annotation, value) {
                    (Some(annotation), _) => {
                        let params = super::generics::class_type_params(walker.db, owner.file, &owner.name);
                        let ty = super::generics::in_view(scope.eval(annotation), walker.mode.precise);
                        super::generics::scoped(ty, None, Some((&owner.name, &params)))
                    }
                    // `limit = 10` in the body of a module-level class: what the module's walk bound.
                    (None, Some(_)) => class_body_binding(walker, owner, attr).unwrap_or(Ty::Unknown),
                    (None, None) => Ty::Unknown,
                });
            }
            _ => {}
        }
    }
    None
}

/// `value[start:stop]`: a sequence slices to its own kind; a `Row` to `Sequence[Any]` (its
/// `__getitem__(slice)`); a `Query` or a dynamic relationship's `AppenderQuery` to a `List` of its
/// entities (their `__getitem__(slice)` overloads).
fn slice(value: &Ty) -> Ty {
    match value {
        Ty::Instance(Class::Ext(name), args) => match name.as_str() {
            "builtins.list" | "typing.List" | "typing.Sequence" | "builtins.str" | "builtins.bytes" => value.clone(),
            "builtins.tuple" if args.len() == 1 => value.clone(),
            "sqlalchemy.Query" | "sqlalchemy.AppenderQuery" => {
                Ty::ext_generic("typing.List", vec![args.first().cloned().unwrap_or(Ty::Unknown)])
            }
            _ => Ty::Unknown,
        },
        Ty::Rows(kind, _) if kind.as_str() == "Row" => Ty::ext_generic("typing.Sequence", vec![Ty::Any]),
        // `args[1:]` of a `tuple[int, ...]`.
        Ty::Tuple(..) if value.homogeneous_item().is_some() => value.clone(),
        Ty::Literal(Literal::Str(_)) => Ty::builtin("str"),
        Ty::Any => Ty::Any,
        _ => Ty::Unknown,
    }
}

/// A `class TitleYear(NamedTuple)` instance as the tuple of its fields (`tuple[str, int | None]`),
/// for unpacking, indexing and iterating.
fn named_tuple_fields(walker: &Walker<'_>, value: &Ty) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = value else { return None };
    lineage(walker.db, class).into_iter().find_map(|(owner, item)| {
        let named_tuple = item.bases.iter().any(|base| {
            matches!(
                crate::hir::resolve_expr_symbol(walker.db, owner.file, base.subscript_head()),
                Some(crate::hir::Definition::External(symbol)) if symbol.as_str() == "typing.NamedTuple"
            )
        });
        if !named_tuple {
            return None;
        }
        let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
        // A generic one's fields are read on the instance (`DoneAndNotDoneFutures[_T]`'s
        // `set[Future[_T]]`).
        let params = super::generics::class_type_params(walker.db, owner.file, &owner.name);
        let fields = item
            .body
            .iter()
            .filter_map(|stmt| match stmt {
                ClassStmt::Attr { annotation: Some(annotation), .. } => {
                    let field = super::generics::in_view(scope.eval(annotation), walker.mode.precise);
                    Some(super::generics::scoped(field, None, Some((&owner.name, &params))))
                }
                _ => None,
            })
            .collect();
        let fields = Ty::Tuple(TupleSpelling::Builtin, fields);
        Some(super::generics::on_receiver(walker.db, fields, value, walker.class.as_ref()))
    })
}

/// A dunder method that the lineage of a workspace (or typeshed) class defines, called on an
/// instance of it: `for x in bag` calls `__iter__`, `bag[0]` `__getitem__`, `with bag` `__enter__`.
pub(super) fn user_dunder(walker: &mut Walker<'_>, value: &Ty, dunder: &str, args: &[Ty]) -> Option<Ty> {
    let function = user_dunder_defined(walker, value, dunder)?;
    Some(super::calls::call_function(walker, &function, Some(value.clone()), args, &[]))
}

/// The method `dunder` of the class of an instance of a workspace class, where its lineage defines it.
pub(super) fn user_dunder_defined(walker: &Walker<'_>, value: &Ty, dunder: &str) -> Option<FunctionRef> {
    let Ty::Instance(Class::User(class), _) = value else { return None };
    method_in_lineage(walker.db, class, dunder)
}

/// What iterating an instance of a workspace class gives: its `__iter__`'s iterator's items.
fn iterate_user_class(walker: &mut Walker<'_>, value: &Ty) -> Option<Ty> {
    let iterator = user_dunder(walker, value, "__iter__", &[])?;
    // An iterator class of its own (`__iter__` returns `self`, `__next__` the items).
    if let Some(item) = user_dunder(walker, &iterator, "__next__", &[]) {
        return Some(item);
    }
    Some(iterate(walker, &iterator, false))
}

/// The built-in container a workspace class derives from (`class StackSummary(list[FrameSummary])`,
/// typeshed's `struct_group(structseq[Any], tuple[str, ...])`), read on `value`: what subscripts,
/// iteration and unpacking use where the class's lineage defines no dunder of its own.
pub(super) fn container_base(walker: &Walker<'_>, value: &Ty) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = value else { return None };
    lineage(walker.db, class).into_iter().find_map(|(owner, item)| {
        let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
        let base = item.bases.iter().map(|base| scope.eval(base)).find(is_container)?;
        let params = super::generics::class_type_params(walker.db, owner.file, &owner.name);
        let base = super::generics::scoped(base, None, Some((&owner.name, &params)));
        Some(super::generics::on_receiver(walker.db, base, value, walker.class.as_ref()))
    })
}

/// The rich comparisons, which take `None` where arithmetic refuses it.
const COMPARISONS: &[&str] = &["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"];

/// A comparison with an operand that is unknown or `None` (`i == n`, `n: Unknown | None`): type
/// checkers drop the `None` and find the comparison unknown (`Any` where no operand is unknown).
fn optional_gradual_comparison(left: &Ty, dunder: &str, right: &Ty) -> Option<Ty> {
    let optional_gradual = |ty: &Ty| ty.is_optional() && ty.without_none().is_gradual();
    if !COMPARISONS.contains(&dunder) || !(optional_gradual(left) || optional_gradual(right)) {
        return None;
    }
    let unknown = [left, right].iter().any(|ty| ty.union_parts().iter().any(Ty::is_unknown));
    Some(if unknown { Ty::Unknown } else { Ty::Any })
}

/// `i * n` with `n: int | Unknown`: type checkers take each member of the right operand in turn
/// (`int | Unknown`; a `None` member of arithmetic is an error, `Unknown`) (pyright 1.1.414).
fn gradual_right_operand(walker: &mut Walker<'_>, left: &Ty, dunder: &str, parts: &[Ty]) -> Ty {
    let comparison = COMPARISONS.contains(&dunder);
    let results = parts
        .iter()
        .map(|part| match part {
            Ty::None if !comparison => Ty::Unknown,
            part => operator(walker, left, dunder, std::slice::from_ref(part)),
        })
        .collect();
    Ty::union(results)
}

/// `count > 0` with `count: int | None`: `None` takes no arithmetic or ordering, an error type
/// checkers report, and the result has an `Unknown` for it beside what the other members give
/// (`bool | Unknown`). Only between builtin numbers and strings, whose operators surely refuse
/// `None` (a column's accept it).
fn optional_operands(walker: &mut Walker<'_>, left: &Ty, dunder: &str, right: &Ty) -> Option<Ty> {
    const REFUSING_NONE: &[&str] = &[
        "__add__",
        "__sub__",
        "__mul__",
        "__truediv__",
        "__floordiv__",
        "__mod__",
        "__pow__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
    ];
    let optional = |ty: &Ty| matches!(ty, Ty::Union(parts) if parts.contains(&Ty::None));
    if !REFUSING_NONE.contains(&dunder) || !(optional(left) || optional(right)) {
        return None;
    }
    // The `Unknown` takes `None`'s place in the union it comes from (pyright keeps `None` where it
    // was, `self.url = None` before `self.url = "..."` making `Unknown | str`, and prints it last).
    let optional_side = if optional(left) { left } else { right };
    let none_first = optional_side.union_parts().iter().position(|p| *p == Ty::None)
        < optional_side.union_parts().iter().position(|p| *p != Ty::None);
    let (left, right) = (left.without_none(), right.without_none());
    let builtin_value = |ty: &Ty| {
        ty.union_parts().iter().all(|part| match part {
            Ty::Literal(_) => true,
            _ => matches!(
                part.ext_name(),
                Some("builtins.int" | "builtins.float" | "builtins.str" | "builtins.bytes" | "builtins.bool")
            ),
        })
    };
    if !builtin_value(&left) || !builtin_value(&right) {
        return None;
    }
    let result = operator(walker, &left, dunder, &[right]);
    Some(Ty::union(if none_first { vec![Ty::Unknown, result] } else { vec![result, Ty::Unknown] }))
}

/// `Box[int]` as a value, of a generic workspace class or builtin container: the class with those
/// arguments (`Box[int]()` makes a `Box[int]`).
fn specialised_class(walker: &mut Walker<'_>, value: &Ty, indexes: &[Node<'_>]) -> Option<Ty> {
    let Ty::TypeOf(inner) = value else { return None };
    let Ty::Instance(class, args) = inner.as_ref() else { return None };
    let arity = match class {
        Class::User(class) => super::generics::class_type_params(walker.db, class.file, &class.name).len(),
        Class::Ext(name) => crate::types::annotation::builtin_generic_arity(name).unwrap_or(0),
        Class::Synthesized(_) => 0,
    };
    let indexes: Vec<Node<'_>> = match indexes {
        [index] if matches!(index.kind(), "tuple" | "expression_list") => {
            crate::syntax::node_ext::named_children(*index)
        }
        _ => indexes.to_vec(),
    };
    if !args.is_empty() || arity == 0 || indexes.len() != arity {
        return None;
    }
    let args = indexes.iter().map(|index| walker.annotation_in_scope(*index)).collect();
    Some(Ty::TypeOf(Box::new(Ty::Instance(class.clone(), args))))
}

/// The builtin number or string class a workspace class derives from, where no class of its
/// lineage defines `dunder` itself.
fn builtin_value_base(walker: &Walker<'_>, value: &Ty, dunder: &str) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = value else { return None };
    let lineage = lineage(walker.db, class);
    if lineage.iter().any(|(_, item)| item.method(dunder).is_some()) {
        return None;
    }
    lineage.iter().find_map(|(owner, item)| {
        let scope = TypeScope { db: walker.db, file: owner.file, registry_names: None };
        item.bases.iter().map(|base| scope.eval(base)).find(|base| {
            matches!(base.ext_name(), Some("builtins.int" | "builtins.float" | "builtins.str" | "builtins.bytes"))
        })
    })
}

fn is_container(ty: &Ty) -> bool {
    matches!(ty, Ty::Tuple(..)) || super::containers::of(ty).is_some()
}

/// The element type of an iterable passed where `Iterable[T]` is expected (`list(value)`): a
/// workspace class deriving from a container is that container (as type checkers match its nominal
/// base before its `__iter__`), and so a literal string is a `str` (`Sequence[str]`, not the
/// `LiteralString` items its `__iter__` gives); other values iterate.
pub(super) fn iterable_argument_element(walker: &mut Walker<'_>, value: &Ty) -> Ty {
    if super::builtin_methods::is_literal_string(value) {
        return Ty::builtin("str");
    }
    match container_base(walker, value) {
        Some(base) => iterate(walker, &base, false),
        None => iterate(walker, value, false),
    }
}

/// `value[index]`.
pub(super) fn subscript(walker: &mut Walker<'_>, value: &Ty, indexes: &[Node<'_>]) -> Ty {
    // `load_options()[0]` of `tuple[List[Load], bool] | tuple[None, bool]`: each member's item
    // (subscripting `None` is an error type checkers report; it adds nothing).
    if let Ty::Union(parts) = value {
        let parts: Vec<Ty> = parts.iter().filter(|p| !matches!(p, Ty::None)).cloned().collect();
        return Ty::union(unknown_last(&parts).map(|part| subscript(walker, part, indexes)).collect());
    }
    if let Some(class) = specialised_class(walker, value, indexes) {
        return class;
    }
    if let Some(fields) = named_tuple_fields(walker, value) {
        return subscript(walker, &fields, indexes);
    }
    if let [index] = indexes {
        let index_ty = match index.kind() {
            "slice" => Ty::ext_generic("builtins.slice", vec![Ty::Any, Ty::Any, Ty::Any]),
            _ => walker.recorded(*index).cloned().unwrap_or(Ty::Unknown),
        };
        if let Some(item) = user_dunder(walker, value, "__getitem__", &[index_ty]) {
            return item;
        }
    }
    if let Some(base) = container_base(walker, value) {
        return subscript(walker, &base, indexes);
    }
    if indexes.first().is_some_and(|index| index.kind() == "slice") {
        return slice(value);
    }
    let index_literal = indexes.first().and_then(|i| walker.text(*i).parse::<i64>().ok());
    let index_string = indexes.first().and_then(|i| crate::syntax::node_ext::string_value(*i, walker.parsed.text()));
    // `record["level"]` of a `TypedDict`: the key's declared type, read like an attribute.
    if let (Some(key), Ty::Instance(Class::User(class), _)) = (&index_string, value)
        && super::typed_dicts::is_typed_dict(walker.db, class)
    {
        return instance_attribute(walker, class, key);
    }
    if let Some(key) = &index_string
        && let Some(member) = column_collection_member(walker, value, key)
    {
        return member;
    }
    // `column["name"]` of a reflected column: a key of SQLAlchemy's `TypedDict`.
    if let Some(key) = &index_string
        && let Some(template) = table_class(value).and_then(|c| crate::sqlalchemy::api::lookup_typed_dict_key(c, key))
    {
        return instantiate(walker, &template, value, &[]);
    }
    // `table.c[key]` with a key we cannot read: a column of the collection, of unknown type.
    let is_collection = matches!(value, Ty::Rows(kind, _) if COLUMN_COLLECTIONS.iter().any(|(_, c, _)| kind == c));
    if is_collection && index_string.is_none() && indexes.first().is_some_and(|i| i.kind() != "tuple") {
        return column_collection_member(walker, value, "").unwrap_or(Ty::Unknown);
    }
    match value {
        Ty::Rows(kind, shape) if kind.as_str() == "Row" => {
            // 2.0's Row is `Sequence[Any]` to type checkers; 2.1 types positions. We know them in both.
            let typed = walker.mode.precise || walker.mode.series == crate::settings::Series::V21;
            match index_literal {
                Some(i) if typed => {
                    let len = shape.cols.len() as i64;
                    let i = if i < 0 { len + i } else { i };
                    if i < 0 {
                        return Ty::Any;
                    }
                    match shape.tail {
                        RowTail::Exact if (i as usize) < shape.cols.len() => shape.cols[i as usize].ty.clone(),
                        _ => shape.col(i as usize),
                    }
                }
                _ => Ty::Any,
            }
        }
        // `Color[name]`: the enum's member by name (typeshed's `EnumMeta.__getitem__`).
        Ty::TypeOf(inner) if matches!(inner.as_ref(), Ty::Instance(Class::User(class), _) if enum_base(walker.db, class).is_some()) => {
            (**inner).clone()
        }
        Ty::Tuple(..) if value.homogeneous_item().is_some() => value.homogeneous_item().cloned().unwrap_or(Ty::Unknown),
        Ty::Tuple(_, items) => match index_literal {
            Some(i) => {
                let i = if i < 0 { items.len() as i64 + i } else { i };
                items.get(i as usize).cloned().unwrap_or(Ty::Unknown)
            }
            None => Ty::union(items.clone()),
        },
        Ty::Instance(Class::Ext(_), _) => match super::containers::item(value) {
            Some(item) => item,
            None => match lookup_member(table_class(value).unwrap_or(""), "__getitem__", walker.mode.series) {
                Some((_, template)) => {
                    // A slice is no key the templates name: it stays unknown.
                    let keys: Vec<Ty> = indexes
                        .iter()
                        .map(|i| {
                            if i.kind() == "slice" {
                                Ty::Unknown
                            } else {
                                walker.recorded(*i).cloned().unwrap_or(Ty::Unknown)
                            }
                        })
                        .collect();
                    instantiate(walker, &template, value, &keys)
                }
                None => Ty::Unknown,
            },
        },
        Ty::Any => Ty::Any,
        _ => Ty::Unknown,
    }
}

/// A number: no `__iter__`, whatever else a union holds.
fn is_plainly_not_iterable(ty: &Ty) -> bool {
    match ty {
        Ty::Literal(Literal::Int(_) | Literal::Bool(_)) => true,
        _ => matches!(ty.ext_name(), Some("builtins.int" | "builtins.float" | "builtins.bool" | "builtins.complex")),
    }
}

/// The element type of `for x in value`.
pub(super) fn iterate(walker: &mut Walker<'_>, value: &Ty, is_async: bool) -> Ty {
    if !is_async {
        if let Some(fields) = named_tuple_fields(walker, value) {
            return iterate(walker, &fields, false);
        }
        // `for column in table.c`, `for line in open(path)`.
        if let Ty::Rows(kind, _) = value
            && let Some(element) = annotated_column(walker, kind)
        {
            return element;
        }
        if let Some(line) = super::file_objects::content(value) {
            return line;
        }
        if let Some(item) = iterate_user_class(walker, value) {
            return item;
        }
        if let Some(base) = container_base(walker, value).or_else(|| super::typed_dicts::as_mapping(walker.db, value)) {
            return iterate(walker, &base, false);
        }
        if let Some(element) = super::containers::element(value) {
            return element;
        }
        // `for choice in Color`: an enum class iterates over its members (`EnumMeta.__iter__`).
        if let Ty::TypeOf(member) = value
            && matches!(member.as_ref(), Ty::Instance(Class::User(class), _) if enum_base(walker.db, class).is_some())
        {
            return (**member).clone();
        }
    }
    match value {
        // `async for x in agen()`: what an async generator, iterator or iterable yields.
        Ty::Instance(Class::Ext(name), args)
            if is_async
                && matches!(
                    super::containers::abc_name(name),
                    Some("AsyncIterator" | "AsyncIterable" | "AsyncGenerator")
                ) =>
        {
            args.first().cloned().unwrap_or(Ty::Unknown)
        }
        Ty::Instance(Class::Ext(name), args) if !is_async => match name.as_str() {
            "builtins.zip" | "builtins.map" | "builtins.filter" => args.first().cloned().unwrap_or(Ty::Unknown),
            "builtins.range" => Ty::builtin("int"),
            // A string iterates over its characters; bytes over their values.
            "builtins.str" => Ty::builtin("str"),
            "typing.LiteralString" => value.clone(),
            "builtins.bytes" => Ty::builtin("int"),
            "builtins.dict_items" | "builtins.dict_keys" | "builtins.dict_values" => {
                super::builtin_methods::view_element(name, args).unwrap_or(Ty::Unknown)
            }
            "builtins.enumerate" => Ty::Tuple(
                TupleSpelling::Builtin,
                vec![Ty::builtin("int"), args.first().cloned().unwrap_or(Ty::Unknown)],
            ),
            // `ItemsView[str, int]` of `Mapping.items()`: its `__iter__` in typeshed's stub.
            _ => match stubbed_native_instance(walker.db, value) {
                Some(stubbed) => iterate(walker, &stubbed, false),
                None => iterate_sqlalchemy(walker, value, is_async),
            },
        },
        Ty::Tuple(..) if !is_async && value.homogeneous_item().is_some() => {
            value.homogeneous_item().cloned().unwrap_or(Ty::Unknown)
        }
        Ty::Tuple(_, items) if !is_async => Ty::union(items.clone()),
        // typeshed's `str.__iter__(self: LiteralString) -> Iterator[LiteralString]`.
        Ty::Literal(Literal::Str(_)) if !is_async => Ty::ext("typing.LiteralString"),
        Ty::Instance(Class::Ext(name), args) if name.as_str() == "builtins.enumerate" => {
            Ty::Tuple(TupleSpelling::Builtin, vec![Ty::builtin("int"), args.first().cloned().unwrap_or(Ty::Unknown)])
        }
        // `for x in items` with `items: list[str] | None`: type checkers report the `None` and
        // iterate the rest; a member that is no iterable (`int | Iterable[str]`) makes it `Unknown`.
        Ty::Union(parts) => {
            let parts: Vec<&Ty> = parts.iter().filter(|p| **p != Ty::None).collect();
            if parts.iter().any(|p| is_plainly_not_iterable(p)) {
                return Ty::Unknown;
            }
            Ty::union(parts.into_iter().map(|p| iterate(walker, p, is_async)).collect())
        }
        Ty::Any => Ty::Any,
        Ty::Unknown | Ty::EmptyDisplayItem => Ty::Unknown,
        _ => iterate_sqlalchemy(walker, value, is_async),
    }
}

/// Iteration through the protocol SQLAlchemy's classes declare: `__iter__` → `Iterator[X]`, or
/// `__aiter__` → an async iterator whose `__anext__` awaits to `X`.
fn iterate_sqlalchemy(walker: &mut Walker<'_>, value: &Ty, is_async: bool) -> Ty {
    let Some(class) = api_class(walker.db, value) else { return Ty::Unknown };
    let class = class.as_str();
    let series = walker.mode.series;
    if is_async {
        let Some((_, aiter)) = lookup_member(class, "__aiter__", series) else { return Ty::Unknown };
        let iterator = instantiate(walker, &aiter, value, &[]);
        if let Some((_, anext)) = table_class(&iterator).and_then(|c| lookup_member(c, "__anext__", series)) {
            return super::calls::awaited(instantiate(walker, &anext, &iterator, &[]));
        }
        // `AsyncIterator[X]`.
        return iterator.args().first().cloned().unwrap_or(Ty::Unknown);
    }
    sqlalchemy_element(walker.db, value, walker.mode).unwrap_or(Ty::Unknown)
}

/// What iterating an SQLAlchemy value gives by its class's `__iter__` (`Query[User]` → `User`,
/// a `Result` → its `Row`); `None` where the class has none in our tables.
pub(super) fn sqlalchemy_element(db: &dyn Db, value: &Ty, mode: super::Mode) -> Option<Ty> {
    let class = api_class(db, value)?;
    let (_, template) = lookup_member(class.as_str(), "__iter__", mode.series)?;
    let iterator = instantiate_in(mode, &template, value, &[]);
    Some(iterator.args().first().cloned().unwrap_or(Ty::Unknown))
}

/// What `await value` gives: a coroutine's result, or what the `__await__` generator of a table
/// class (`await conn.stream(stmt)`: a `GeneratorStartableContext` awaits to its result), a
/// workspace class or a stub's (`asyncio.Future[T]`) returns.
pub(super) fn awaited(walker: &mut Walker<'_>, value: &Ty) -> Ty {
    if let Some(class) = table_class(value)
        && let Some((_, template)) = lookup_member(class, "__await__", walker.mode.series)
    {
        let generator = instantiate(walker, &template, value, &[]);
        return generator.args().last().cloned().unwrap_or(Ty::Unknown);
    }
    if matches!(value, Ty::Instance(Class::User(_), _))
        && let Some(generator) = user_dunder(walker, value, "__await__", &[])
    {
        return match generator.ext_name() {
            Some("typing.Generator" | "collections.abc.Generator") => {
                generator.args().last().cloned().unwrap_or(Ty::Unknown)
            }
            _ => Ty::Unknown,
        };
    }
    super::calls::awaited(value.clone())
}

/// What `with value as x` binds.
pub(super) fn enter(walker: &mut Walker<'_>, value: &Ty, is_async: bool) -> Ty {
    let dunder = if is_async { "__aenter__" } else { "__enter__" };
    // A `@contextmanager` function's manager enters what its generator yields; a
    // `ContextManager[Session]` annotation enters a `Session`.
    if let Ty::Instance(crate::types::Class::Ext(class), args) = value
        && matches!(
            class.as_str(),
            "contextlib._GeneratorContextManager"
                | "contextlib._AsyncGeneratorContextManager"
                | "contextlib.AbstractContextManager"
                | "contextlib.AbstractAsyncContextManager"
                | "typing.ContextManager"
                | "typing.AsyncContextManager"
        )
    {
        return args.first().cloned().unwrap_or(Ty::Unknown);
    }
    if let Some(entered) = user_dunder(walker, value, dunder, &[]) {
        return if is_async { super::calls::awaited(entered) } else { entered };
    }
    // A standard-library class we hold ourselves, entered as its stub says: `ExitStack` enters as
    // itself (`-> Self`).
    if let Some(stubbed) = stubbed_native_instance(walker.db, value)
        && let Some(entered) = user_dunder(walker, &stubbed, dunder, &[])
    {
        let entered = if is_async { super::calls::awaited(entered) } else { entered };
        return if entered == stubbed { value.clone() } else { entered };
    }
    // `with open(path) as f`: a file object enters as itself.
    if !is_async && super::file_objects::is_file_object(value) {
        return value.clone();
    }
    if let Some(class) = api_class(walker.db, value)
        && let Some((_, template)) = lookup_member(&class, dunder, walker.mode.series)
    {
        let entered = instantiate(walker, &template, value, &[]);
        return if is_async { super::calls::awaited(entered) } else { entered };
    }
    match value {
        Ty::Any => Ty::Any,
        _ => Ty::Unknown,
    }
}

/// The reflected form of an arithmetic operator (`__mul__` → `__rmul__`).
fn reflected(dunder: &str) -> Option<&'static str> {
    Some(match dunder {
        "__add__" => "__radd__",
        "__sub__" => "__rsub__",
        "__mul__" => "__rmul__",
        "__truediv__" => "__rtruediv__",
        "__floordiv__" => "__rfloordiv__",
        "__mod__" => "__rmod__",
        _ => return None,
    })
}

/// An operator a class of the workspace or of typeshed's stubs defines (`path / "name"` of
/// `Path.__truediv__`): what its method returns; else the right operand's reflected method
/// (`__radd__`).
fn class_operator(walker: &mut Walker<'_>, left: &Ty, dunder: &str, args: &[Ty]) -> Option<Ty> {
    if user_dunder_defined(walker, left, dunder).is_some() {
        return user_dunder(walker, left, dunder, args);
    }
    let ([right], Some(reflected)) = (args, reflected(dunder)) else { return None };
    user_dunder_defined(walker, right, reflected)?;
    user_dunder(walker, right, reflected, std::slice::from_ref(left))
}

/// Tuple-unpacking `a, b = value` into `count` targets.
pub(super) fn unpack(walker: &mut Walker<'_>, value: &Ty, count: usize) -> Vec<Ty> {
    if let Some(fields) = named_tuple_fields(walker, value) {
        return unpack(walker, &fields, count);
    }
    if user_dunder_defined(walker, value, "__iter__").is_none()
        && let Some(base) = container_base(walker, value)
    {
        return unpack(walker, &base, count);
    }
    match value {
        Ty::Tuple(..) if value.homogeneous_item().is_some() => {
            vec![value.homogeneous_item().cloned().unwrap_or(Ty::Unknown); count]
        }
        Ty::Tuple(_, items) if items.len() == count => items.clone(),
        Ty::Rows(kind, shape) if kind.as_str() == "Row" => {
            let typed = walker.mode.precise || walker.mode.series == crate::settings::Series::V21;
            (0..count).map(|i| if typed { shape.col(i) } else { Ty::Any }).collect()
        }
        Ty::Any => vec![Ty::Any; count],
        // `engine, maker = make()` where `make` returns one tuple or another: each target is what
        // each tuple has at its place.
        Ty::Union(parts) if parts.iter().all(|p| matches!(p, Ty::Tuple(..))) => {
            let unpacked: Vec<Vec<Ty>> = parts.iter().map(|p| unpack(walker, p, count)).collect();
            (0..count).map(|i| Ty::union(unpacked.iter().map(|u| u[i].clone()).collect())).collect()
        }
        other => {
            let element = iterate(walker, other, false);
            vec![element; count]
        }
    }
}

/// A binary or unary operator on the left operand's type.
pub(super) fn operator(walker: &mut Walker<'_>, left: &Ty, dunder: &str, args: &[Ty]) -> Ty {
    if *left == Ty::Never {
        return Ty::Never;
    }
    if let [right] = args
        && !walker.mode.precise
        && let Some(result) = optional_operands(walker, left, dunder, right)
    {
        return result;
    }
    // `-count` of an `int | None`: type checkers report `None` and negate the rest.
    if args.is_empty()
        && !walker.mode.precise
        && matches!(dunder, "__neg__" | "__pos__")
        && matches!(left, Ty::Union(parts) if parts.contains(&Ty::None))
    {
        return operator(walker, &left.without_none(), dunder, args);
    }
    if let [right] = args
        && !walker.mode.precise
        && let Some(gradual) = optional_gradual_comparison(left, dunder, right)
    {
        return gradual;
    }
    // `x > 0` with `x: int | Unknown`: type checkers take each member of the left operand in turn
    // (`bool | Unknown`).
    if !walker.mode.precise
        && let Ty::Union(parts) = left
        && parts.iter().any(Ty::is_gradual)
    {
        return Ty::union(parts.iter().map(|part| operator(walker, part, dunder, args)).collect());
    }
    if !walker.mode.precise
        && !left.is_gradual()
        && let [Ty::Union(parts)] = args
        && parts.iter().any(Ty::is_gradual)
    {
        return gradual_right_operand(walker, left, dunder, parts);
    }
    // An unknown operand makes the result unknown to type checkers (`Any` where one is `Any`), and
    // to us where it may decide the result (`x == User.id` runs the column's reflected operator).
    // An operand that may be unknown (`Unknown | None`) leaves the result unknown too.
    let partly_unknown = |ty: &Ty| ty.union_parts().iter().any(Ty::is_unknown);
    if !walker.mode.precise && (left.is_gradual() || args.iter().any(|a| a.is_gradual() || partly_unknown(a))) {
        let unknown = left.is_unknown() || args.iter().any(|a| a.is_unknown() || partly_unknown(a));
        return if unknown { Ty::Unknown } else { Ty::Any };
    }
    if walker.mode.precise
        && (partly_unknown(left) || args.iter().any(partly_unknown) && api_class(walker.db, left).is_none())
    {
        return Ty::Unknown;
    }
    if let Some(result) = class_operator(walker, left, dunder, args) {
        return result;
    }
    if let Some(folded) = fold_literals(left, dunder, args.first()) {
        return folded;
    }
    if let Some(folded) = fold_literal_unions(left, dunder, args.first()) {
        return folded;
    }
    // `x + 1` with `x: int | float`: each member of the left operand in turn, as type checkers
    // expand it; a member the operator does not take is unknown (`int | Unknown` of `(int | str) +
    // 1`), and so is the whole to the precise view.
    if let Ty::Union(parts) = left {
        let results: Vec<Ty> =
            parts.iter().map(|part| operator(walker, &union_member_operand(part), dunder, args)).collect();
        if walker.mode.precise && results.iter().any(Ty::is_unknown) {
            return Ty::Unknown;
        }
        return Ty::union(results);
    }
    // typeshed's `str.__add__(self: LiteralString, value: LiteralString) -> LiteralString`: strings
    // of literals only, joined, stay a `LiteralString` (`"Jython " + sys.platform`).
    let literal_string = super::builtin_methods::is_literal_string;
    if dunder == "__add__"
        && literal_string(left)
        && args.first().is_some_and(literal_string)
        && [left].into_iter().chain(args.first()).any(|ty| matches!(ty, Ty::Instance(..)))
    {
        return Ty::ext("typing.LiteralString");
    }
    // Otherwise a `LiteralString` is a `str` (`x + name`).
    let is_literal_string_class = |ty: &Ty| ty.ext_name() == Some("typing.LiteralString");
    if dunder != "__mul__" && (is_literal_string_class(left) || args.iter().any(is_literal_string_class)) {
        let as_str = |ty: &Ty| if is_literal_string_class(ty) { Ty::builtin("str") } else { ty.clone() };
        let args: Vec<Ty> = args.iter().map(as_str).collect();
        return operator(walker, &as_str(left), dunder, &args);
    }
    // `" " * width`: typeshed's `str.__mul__(self: LiteralString, SupportsIndex) -> LiteralString`.
    if dunder == "__mul__" {
        let (text, count) = match args.first() {
            Some(right) if right.is_integral() => (left, right),
            Some(right) if left.is_integral() => (right, left),
            _ => (left, left),
        };
        if count.is_integral() {
            match text {
                Ty::Literal(Literal::Str(_)) => return Ty::ext("typing.LiteralString"),
                _ if text.ext_name() == Some("typing.LiteralString") => return text.clone(),
                _ if text.ext_name() == Some("builtins.str") => return text.clone(),
                _ => {}
            }
        }
    }
    // `user_id + 1` of `UserId = NewType("UserId", int)` (or a subclass of `int` defining no
    // operator): the base's operator.
    let left_base = builtin_value_base(walker, left, dunder);
    let arg_bases: Vec<Option<Ty>> = args.iter().map(|a| builtin_value_base(walker, a, dunder)).collect();
    if left_base.is_some() || arg_bases.iter().any(Option::is_some) {
        let left = left_base.unwrap_or_else(|| left.clone());
        let args: Vec<Ty> =
            arg_bases.into_iter().zip(args).map(|(base, a)| base.unwrap_or_else(|| a.clone())).collect();
        return operator(walker, &left, dunder, &args);
    }
    // Otherwise a literal operand is an instance of its class (`1 + x` is `int.__add__`).
    if matches!(left, Ty::Literal(_)) || args.iter().any(|a| matches!(a, Ty::Literal(_))) {
        let args: Vec<Ty> = args.iter().cloned().map(super::walker::widen_literal).collect();
        return operator(walker, &super::walker::widen_literal(left.clone()), dunder, &args);
    }
    if let Some(class) = api_class(walker.db, left) {
        if let Some((_, template)) = lookup_member(&class, dunder, walker.mode.series) {
            return instantiate(walker, &template, left, args);
        }
        return Ty::Unknown;
    }
    // `2 * User.id`: a number does not multiply a column; the column's reflected operator runs.
    if let [right] = args
        && let Some(class) = api_class(walker.db, right)
        && let Some(reflected) = reflected(dunder)
    {
        return match lookup_member(&class, reflected, walker.mode.series) {
            Some((_, template)) => instantiate(walker, &template, right, std::slice::from_ref(left)),
            None => Ty::Unknown,
        };
    }
    // `1 - tokens` with `tokens: int | float`: each member in turn, as type checkers expand it.
    if let [Ty::Union(parts)] = args
        && !parts.iter().any(Ty::is_gradual)
    {
        return Ty::union(
            parts.iter().map(|part| operator(walker, left, dunder, std::slice::from_ref(part))).collect(),
        );
    }
    if let Some(ty) = super::value_classes::operator(left, dunder, args.first()) {
        return ty;
    }
    let builtin = |name: &str| left.ext_name() == Some(name);
    let right = args.first();
    let right_is = |name: &str| right.and_then(|r| r.ext_name()) == Some(name);
    match dunder {
        "__eq__" | "__ne__" | "__lt__" | "__le__" | "__gt__" | "__ge__" => Ty::builtin("bool"),
        "__truediv__" if builtin("builtins.int") || builtin("builtins.float") => Ty::builtin("float"),
        "__add__" | "__sub__" | "__mul__" | "__floordiv__" | "__mod__" | "__pow__"
            if builtin("builtins.int") && (right_is("builtins.float")) =>
        {
            Ty::builtin("float")
        }
        // A number with a number (or alone); `3 * "a"` is no number.
        "__add__" | "__sub__" | "__mul__" | "__floordiv__" | "__mod__" | "__pow__" | "__neg__" | "__pos__"
            if (builtin("builtins.int") || builtin("builtins.float"))
                && right.is_none_or(|r| {
                    matches!(r.ext_name(), Some("builtins.int" | "builtins.float" | "builtins.bool"))
                }) =>
        {
            left.clone()
        }
        "__and__" | "__or__" | "__xor__" if builtin("builtins.bool") && right_is("builtins.bool") => left.clone(),
        "__and__" | "__or__" | "__xor__" | "__lshift__" | "__rshift__" | "__invert__"
            if builtin("builtins.int")
                && right.is_none_or(|r| matches!(r.ext_name(), Some("builtins.int" | "builtins.bool"))) =>
        {
            left.clone()
        }
        // `True + 1`, `-flag`: a bool in arithmetic is an int.
        "__add__" | "__sub__" | "__mul__" | "__floordiv__" | "__mod__" | "__neg__" | "__pos__" | "__invert__"
            if builtin("builtins.bool")
                && right.is_none_or(|r| matches!(r.ext_name(), Some("builtins.int" | "builtins.bool"))) =>
        {
            Ty::builtin("int")
        }
        // `"%s" % x` formats anything; `+` joins strings only.
        "__mod__" if builtin("builtins.str") || matches!(left, Ty::Literal(Literal::Str(_))) => Ty::builtin("str"),
        "__add__"
            if (builtin("builtins.str") || matches!(left, Ty::Literal(Literal::Str(_))))
                && right.is_some_and(super::builtin_methods::is_str) =>
        {
            Ty::builtin("str")
        }
        // `b"-" * width`: typeshed's `bytes.__mul__(SupportsIndex)`.
        "__mul__" if builtin("builtins.bytes") && right.is_some_and(Ty::is_integral) => left.clone(),
        // `[None] * size`, `size * [0]`: typeshed's `list.__mul__`/`__rmul__(SupportsIndex)`.
        "__mul__" if builtin("builtins.list") && right.is_some_and(Ty::is_integral) => left.clone(),
        "__mul__" if left.is_integral() && right_is("builtins.list") => right.cloned().unwrap_or(Ty::Unknown),
        // typeshed's `list.__add__`: a list of the same items (or of unknown ones on either side,
        // which the first overload takes) is the left list; otherwise `list[S | T]`, the right
        // list's items first.
        "__add__" if builtin("builtins.list") && right.and_then(|r| r.ext_name()) == Some("builtins.list") => {
            match (left.args(), right.map(Ty::args)) {
                ([item], Some([other])) if other == item || other.is_unknown() || item.is_unknown() => {
                    Ty::ext_generic("builtins.list", vec![item.clone().without_empty_item()])
                }
                ([item], Some([other])) => {
                    Ty::ext_generic("builtins.list", vec![Ty::union(vec![other.clone(), item.clone()])])
                }
                _ => Ty::Unknown,
            }
        }
        // typeshed's set operators: `-` and `&` keep the left set's items, `|` and `^` join both.
        "__sub__" | "__and__" if builtin("builtins.set") || builtin("builtins.frozenset") => left.clone(),
        "__or__" | "__xor__" if builtin("builtins.set") || builtin("builtins.frozenset") => {
            match (left.args(), right.map(|r| (r.ext_name(), r.args()))) {
                ([item], Some((Some("builtins.set" | "builtins.frozenset"), [other]))) => Ty::ext_generic(
                    left.ext_name().unwrap_or_default(),
                    vec![Ty::union(vec![item.clone(), other.clone()])],
                ),
                _ => Ty::Unknown,
            }
        }
        _ => match left {
            Ty::Any => Ty::Any,
            Ty::Literal(Literal::Str(_)) if dunder == "__mul__" => Ty::builtin("str"),
            Ty::Tuple(..) if left.homogeneous_item().is_some() => Ty::Unknown,
            Ty::Tuple(_, items) if dunder == "__add__" => match right {
                Some(more @ Ty::Tuple(..)) if more.homogeneous_item().is_some() => Ty::Unknown,
                Some(Ty::Tuple(_, more)) => {
                    Ty::Tuple(TupleSpelling::Builtin, items.iter().chain(more).cloned().collect())
                }
                _ => Ty::Unknown,
            },
            _ => Ty::Unknown,
        },
    }
}

/// What pyright folds: integer arithmetic on integer literals (`2 ** 3` is `Literal[8]`), unary
/// operators on them, and the concatenation of string literals.
fn fold_literals(left: &Ty, dunder: &str, right: Option<&Ty>) -> Option<Ty> {
    use crate::types::literal::{int_arithmetic, int_unary};
    let folded = match (left, right) {
        (Ty::Literal(Literal::Int(value)), None) => Literal::Int(int_unary(*value, dunder)?),
        // `int.__pow__` with a negative literal exponent is a `float` (typeshed's overloads).
        (Ty::Literal(Literal::Int(_)), Some(Ty::Literal(Literal::Int(r)))) if dunder == "__pow__" && *r < 0 => {
            return Some(Ty::builtin("float"));
        }
        (Ty::Literal(Literal::Int(l)), Some(Ty::Literal(Literal::Int(r)))) => {
            Literal::Int(int_arithmetic(*l, dunder, *r)?)
        }
        (Ty::Literal(Literal::Str(l)), Some(Ty::Literal(Literal::Str(r)))) if dunder == "__add__" => {
            Literal::Str(Name::from(format!("{l}{r}")))
        }
        _ => return None,
    };
    Some(Ty::Literal(folded))
}

/// Literal arithmetic over unions of literals, pair by pair (`Literal[1, 2] + 1` is
/// `Literal[2, 3]`), as pyright does it below 64 pairs; `None` where a pair does not fold.
fn fold_literal_unions(left: &Ty, dunder: &str, right: Option<&Ty>) -> Option<Ty> {
    const MAX_PAIRS: usize = 64;
    let lefts = left.union_parts();
    let rights: &[Ty] = right.map(Ty::union_parts).unwrap_or_default();
    if lefts.len() * rights.len().max(1) >= MAX_PAIRS || lefts.len() == 1 && rights.len() <= 1 {
        return None;
    }
    let mut folded = Vec::new();
    for l in lefts {
        match right {
            None => folded.push(fold_literals(l, dunder, None)?),
            Some(_) => {
                for r in rights {
                    folded.push(fold_literals(l, dunder, Some(r))?);
                }
            }
        }
    }
    Some(Ty::union(folded))
}

/// A member of a union operand as the operator takes it alone: a literal string as the
/// `LiteralString` typeshed's `str` overloads take (`Literal['+'] + "\n"` joined to a
/// `LiteralString` member is a `LiteralString`), another literal as an instance of its class.
fn union_member_operand(part: &Ty) -> Ty {
    match part {
        Ty::Literal(Literal::Str(_)) => Ty::ext("typing.LiteralString"),
        other => super::walker::widen_literal(other.clone()),
    }
}

/// `a and b`, `a or b`: the part of `a` that ends the evaluation (its falsy values for `and`, its
/// truthy ones for `or`), or `b`.
pub(super) fn boolean_operator(walker: &Walker<'_>, left: Ty, right: Ty, is_or: bool) -> Ty {
    Ty::union(vec![truthiness_part(walker, left, is_or), right])
}

/// The part of a type whose values are truthy (`truthy`) or falsy, as pyright narrows it: `None`
/// is never truthy, a literal is what its value is, `bool`, `int`, `str` and `bytes` are falsy only
/// as `False`, `0`, `''` and `b''`; to type checkers an instance of a class that defines neither
/// `__bool__` nor `__len__` is never falsy (the precise view keeps it: a subclass may define them).
/// Other types keep both possibilities.
pub(super) fn truthiness_part(walker: &Walker<'_>, ty: Ty, truthy: bool) -> Ty {
    match ty {
        Ty::Union(parts) => Ty::union(parts.into_iter().map(|p| truthiness_part(walker, p, truthy)).collect()),
        Ty::None if truthy => Ty::Never,
        Ty::Literal(literal) if literal.is_truthy() == Some(!truthy) => Ty::Never,
        Ty::Instance(Class::Ext(ref name), ref args) if args.is_empty() => match (name.as_str(), truthy) {
            ("builtins.bool", true) => Ty::Literal(Literal::Bool(true)),
            (class, false) => Literal::falsy_of(class).map(Ty::Literal).unwrap_or(ty),
            _ => ty,
        },
        Ty::Instance(Class::User(ref class), _) if !truthy && !walker.mode.precise && is_never_falsy(walker, class) => {
            Ty::Never
        }
        other => other,
    }
}

/// Whether no instance of a workspace class is falsy to type checkers: every base of its lineage
/// is a class we hold (or `object`), none defines `__bool__` or `__len__`, and it is no protocol.
fn is_never_falsy(walker: &Walker<'_>, class: &ClassRef) -> bool {
    let db = walker.db;
    lineage(db, class).iter().all(|(owner, item)| {
        item.method("__bool__").is_none()
            && item.method("__len__").is_none()
            && item.bases.iter().all(|base| match resolve_expr_symbol(db, owner.file, base.subscript_head()) {
                Some(Definition::Class { .. }) => true,
                Some(Definition::External(symbol)) => matches!(symbol.as_str(), "builtins.object" | "typing.Generic"),
                _ => false,
            })
    })
}
