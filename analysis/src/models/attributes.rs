//! The attributes of one class body, read from their annotation and right-hand side.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::bases::BaseKind;
use super::column_factories::{factory_annotation, inline_factory_call};
use super::declared_attrs::MappedClass;
use crate::db::Db;
use crate::hir::{ClassItem, ClassStmt, Definition, Expr, FunctionItem, Name, resolve_expr_symbol};
use crate::sqlalchemy::sql_types::{TypeKeywords, runtime_python_type};
use crate::sqlalchemy::template::{Template, canonical};
use crate::types::annotation::TypeScope;
use crate::types::{Class, ClassRef, Ty};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttrKind {
    Column,
    Relationship,
    ColumnProperty,
    Synonym,
    HybridProperty,
    Property,
    AssociationProxy,
    Composite,
    /// A `Mapped[...]` annotation whose right-hand side we do not recognise.
    Other,
}

impl AttrKind {
    /// What the attribute is, as the SQLAlchemy construct that declares it (`column`,
    /// `relationship`, `hybrid_property`, …).
    pub fn label(self) -> &'static str {
        match self {
            AttrKind::Column => "column",
            AttrKind::Relationship => "relationship",
            AttrKind::ColumnProperty => "column_property",
            AttrKind::Synonym => "synonym",
            AttrKind::HybridProperty => "hybrid_property",
            AttrKind::Property => "property",
            AttrKind::AssociationProxy => "association_proxy",
            AttrKind::Composite => "composite",
            AttrKind::Other => "attribute",
        }
    }
}

/// How a relationship holds its targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Collection {
    Scalar,
    List,
    Set,
    /// A keyed dict (`attribute_keyed_dict`, `column_keyed_dict`, `collection_class=dict`).
    Dict,
    /// Another `collection_class=` (its name is in the relationship's shape).
    Custom,
    WriteOnly,
    Dynamic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelAttr {
    pub name: Name,
    pub kind: AttrKind,
    pub declared_in: ClassRef,
    /// The type of the attribute on an instance (`user.name`), as precisely as we can prove it.
    pub python: Ty,
    /// Declared with `Mapped[...]`, `WriteOnlyMapped[...]` or `DynamicMapped[...]`.
    pub typed: bool,
    pub sql_type: Option<Name>,
    pub nullable: Option<bool>,
    pub primary_key: bool,
    pub foreign_keys: Vec<Name>,
    pub target: Option<ClassRef>,
    pub collection: Option<Collection>,
    pub lazy: Option<Name>,
    pub back_populates: Option<Name>,
    pub backref: Option<Name>,
    /// `backref("name", lazy="dynamic")`: the loader of the reverse side.
    pub backref_lazy: Option<Name>,
    /// Created on this class by another class's `backref=` (declared there, not here).
    pub via_backref: bool,
    pub annotation: Option<Arc<Expr>>,
    pub value: Option<Arc<Expr>>,
    /// The column's name in its table when it differs from the attribute's (`Column("zip", String)`).
    pub column_name: Option<Name>,
    /// `Enum(Status)`: the Python enum class values load as.
    pub enum_class: Option<ClassRef>,
    /// What a `TypeDecorator` of the project declares its values load as (`python_type = uuid.UUID`).
    pub loads: Option<Ty>,
    /// Which SQLAlchemy function declared it (`Column`, `mapped_column`, `relationship`, …).
    pub declared_with: Option<Name>,
    /// A relationship's direction, collection and optionality (`schema::relationship_shape`), set by
    /// `model_registry`.
    pub shape: Option<crate::schema::RelationshipShape>,
    /// What type checkers see on the class (`User.x`) and on an instance (`user.x`) for the project's
    /// series; differs from the precise view only for attributes declared without `Mapped[...]`.
    pub checker_class: Ty,
    pub checker_instance: Ty,
}

pub fn collect(
    db: &dyn Db,
    class: &ClassRef,
    item: &ClassItem,
    base_kind: BaseKind,
    names: &FxHashMap<Name, ClassRef>,
    mapped: &MappedClass<'_>,
) -> Vec<ModelAttr> {
    let scope = TypeScope { db, file: class.file, registry_names: Some(names) };
    let mut out: Vec<ModelAttr> = Vec::new();
    for stmt in &item.body {
        let attr = match stmt {
            ClassStmt::Attr { name, annotation, value } => {
                if name.starts_with("__") {
                    continue;
                }
                let inlined = value.as_ref().and_then(|v| inline_factory_call(db, class.file, Some(item), v));
                let read = inlined.as_ref().or(value.as_ref());
                let mut attr = read_attribute(db, &scope, class, name, annotation.as_ref(), read, base_kind);
                // `entry = entry_synonym("_json")` with `def entry_synonym(name) -> SynonymProperty`:
                // type checkers see what the factory declares, not what its body builds.
                if let Some(attr) = attr.as_mut()
                    && annotation.is_none()
                    && let Some((file, returns)) = value.as_ref().and_then(|v| factory_annotation(db, class.file, v))
                {
                    (attr.checker_class, attr.checker_instance) = declared_checker_views(db, file, &returns);
                }
                attr
            }
            ClassStmt::Method(function) => read_method(db, &scope, class, function, base_kind, mapped),
        };
        if let Some(attr) = attr {
            out.retain(|a| a.name != attr.name);
            out.push(attr);
        }
    }
    out
}

fn read_method(
    db: &dyn Db,
    scope: &TypeScope<'_>,
    class: &ClassRef,
    function: &FunctionItem,
    base_kind: BaseKind,
    mapped: &MappedClass<'_>,
) -> Option<ModelAttr> {
    // `@declared_attr def category(cls) -> Mapped[Category]: return relationship(...)` declares the
    // attribute its annotation names (`@declared_attr.directive` declares class-level settings).
    if function.declares_attribute() {
        // It runs for the class being mapped: `if not cls.allow_x: return` declares nothing there,
        // and a guard we cannot decide leaves the attribute unknown (absent).
        let cls = function.params.first().map(|p| p.name.clone()).unwrap_or_default();
        for guard in &function.declared_guards {
            if mapped.truth(class.file, &cls, &guard.condition)? != guard.negated {
                return None;
            }
        }
        // Without an annotation, what the body returns (`return Column(Integer)`) declares it.
        let annotation = function.returns.as_ref();
        let substituted = function.declared_value.as_ref().map(|v| mapped.substitute(&cls, &function.local_imports, v));
        let value = substituted.as_ref();
        if annotation.is_none() && value.is_none() {
            return None;
        }
        let mut attr = read_attribute(db, scope, class, &function.name, annotation, value, base_kind)?;
        if attr.kind == AttrKind::Column && is_mapped_class(&attr.python) {
            attr.kind = AttrKind::Relationship;
            let (target, collection) = annotation_shape(&attr.python);
            attr.target = target;
            attr.collection = Some(collection);
        }
        return Some(attr);
    }
    let kind = if function.has_decorator("hybrid_property") {
        AttrKind::HybridProperty
    } else if function.has_decorator("property") || function.has_decorator("cached_property") {
        AttrKind::Property
    } else {
        return None;
    };
    let python = function.returns.as_ref().map(|r| scope.eval(r)).unwrap_or(Ty::Unknown);
    let mut attr = blank(class, &function.name, kind, python.clone());
    attr.typed = true;
    attr.checker_instance = python.clone();
    attr.checker_class = match kind {
        AttrKind::HybridProperty => Ty::ext_generic("sqlalchemy._HybridClassLevelAccessor", vec![python]),
        _ => Ty::Unknown,
    };
    Some(attr)
}

fn is_object(ty: &Ty) -> bool {
    matches!(ty.without_none(), Ty::Instance(Class::Ext(name), _) if name == "builtins.object")
}

fn is_mapped_class(ty: &Ty) -> bool {
    match ty {
        Ty::Instance(Class::User(_), _) => true,
        Ty::Instance(Class::Ext(_), args) => args.iter().any(is_mapped_class),
        Ty::Union(parts) => parts.iter().any(is_mapped_class),
        _ => false,
    }
}

pub(crate) fn blank(class: &ClassRef, name: &Name, kind: AttrKind, python: Ty) -> ModelAttr {
    ModelAttr {
        name: name.clone(),
        kind,
        declared_in: class.clone(),
        python,
        typed: false,
        sql_type: None,
        nullable: None,
        primary_key: false,
        foreign_keys: Vec::new(),
        target: None,
        collection: None,
        lazy: None,
        back_populates: None,
        backref: None,
        backref_lazy: None,
        via_backref: false,
        annotation: None,
        value: None,
        enum_class: None,
        loads: None,
        column_name: None,
        declared_with: None,
        shape: None,
        checker_class: Ty::Unknown,
        checker_instance: Ty::Unknown,
    }
}

/// The attribute a `Table(...)` column becomes on a class mapped onto that table.
pub(crate) fn table_column(class: &ClassRef, column: &crate::schema::ColumnInfo) -> ModelAttr {
    let mut attr = blank(class, &column.name, AttrKind::Column, Ty::Unknown);
    attr.sql_type = column.sql_type.clone();
    attr.nullable = column.nullable;
    attr.primary_key = column.primary_key;
    attr.foreign_keys = column.foreign_keys.clone();
    attr.declared_with = Some(Name::from("Column"));
    attr.python = untyped_python_type(&attr, None);
    attr
}

/// The SQLAlchemy function a call expression calls (`mapped_column`, `Column`, `relationship`, …).
fn called_symbol(db: &dyn Db, class: &ClassRef, value: &Expr) -> Option<Name> {
    let Expr::Call { func, .. } = value else { return None };
    match resolve_expr_symbol(db, class.file, func)? {
        Definition::External(sym) => sym.strip_prefix("sqlalchemy.").map(Name::from),
        _ => None,
    }
}

fn read_attribute(
    db: &dyn Db,
    scope: &TypeScope<'_>,
    class: &ClassRef,
    name: &Name,
    annotation: Option<&Expr>,
    value: Option<&Expr>,
    base_kind: BaseKind,
) -> Option<ModelAttr> {
    let callee = value.and_then(|v| called_symbol(db, class, v));
    // `deferred(Column(...))`, `orm.deferred(mapped_column(...))` wrap a column.
    let (callee, value) = match (callee.as_deref(), value) {
        (Some("deferred" | "undefer_group"), Some(Expr::Call { args, .. })) => {
            let inner = args.first();
            (inner.and_then(|v| called_symbol(db, class, v)), inner)
        }
        _ => (callee, value),
    };
    let kind = match callee.as_deref() {
        Some("mapped_column" | "Column") => AttrKind::Column,
        Some("relationship" | "relation" | "dynamic_loader") => AttrKind::Relationship,
        Some("column_property" | "query_expression") => AttrKind::ColumnProperty,
        Some("synonym") => AttrKind::Synonym,
        Some("association_proxy") => AttrKind::AssociationProxy,
        Some("composite") => AttrKind::Composite,
        _ => AttrKind::Other,
    };
    let (wrapper, inner_annotation) = unwrap_mapped(db, class, annotation);
    if wrapper.is_none() && kind == AttrKind::Other {
        // Plain class attributes and non-Mapped annotations are not mapped attributes.
        return None;
    }
    let _ = base_kind;
    let mut attr = blank(class, name, kind, Ty::Unknown);
    attr.declared_with = callee.clone();
    attr.annotation = annotation.cloned().map(Arc::new);
    attr.value = value.cloned().map(Arc::new);
    attr.typed = wrapper.is_some();
    // `id: Mapped[intpk]` with `intpk = Annotated[int, mapped_column(primary_key=True)]`: the
    // alias's column arguments apply first, the right-hand side's override them.
    if let Some(alias_call) = inner_annotation.and_then(|inner| annotated_column(db, class, inner)) {
        read_call_arguments(db, scope, class, &mut attr, &alias_call);
    }
    if let Some(call) = value {
        read_call_arguments(db, scope, class, &mut attr, call);
    }
    let kind = if wrapper == Some("AssociationProxy") && kind == AttrKind::Other {
        // `preferences: AssociationProxy[Any]`, its `association_proxy(...)` assigned elsewhere.
        AttrKind::AssociationProxy
    } else if wrapper.is_some() && kind == AttrKind::Other {
        // A bare `name: Mapped[int]` is a column; `Mapped["User"]` / `Mapped[List["User"]]` with a
        // mapped class inside is a relationship declared without `relationship()`, which SQLAlchemy
        // rejects; we still read it as a column of that type.
        AttrKind::Column
    } else {
        kind
    };
    attr.kind = kind;
    match (wrapper, inner_annotation) {
        (Some(wrapper), Some(inner)) => {
            let inner_ty = scope.eval(inner);
            attr.python = match wrapper {
                "WriteOnlyMapped" => Ty::ext_generic("sqlalchemy.WriteOnlyCollection", vec![inner_ty.clone()]),
                "DynamicMapped" => Ty::ext_generic("sqlalchemy.AppenderQuery", vec![inner_ty.clone()]),
                _ => inner_ty.clone(),
            };
            if kind == AttrKind::Column {
                attr.nullable = Some(inner_ty.is_optional());
                // Values load as the SQL type given says, whatever the annotation claims
                // (`Mapped[Status] = mapped_column(String(20))` loads `str`); a type whose values
                // we cannot name (`JSON`, a `TypeDecorator`) leaves the annotation.
                if wrapper == "Mapped" && attr.sql_type.is_some() {
                    let loaded = untyped_python_type(&attr, None);
                    if !loaded.without_none().is_gradual() && !is_object(&loaded) {
                        attr.python = loaded;
                    }
                }
            }
            if kind == AttrKind::Relationship {
                let (target, collection) = annotation_shape(&inner_ty);
                attr.target = attr.target.take().or(target);
                // `lazy="dynamic"` under `Mapped[list[X]]` is still a dynamic loader at runtime.
                let loader = attr.collection.filter(|c| matches!(c, Collection::Dynamic | Collection::WriteOnly));
                attr.collection = Some(match wrapper {
                    "WriteOnlyMapped" => Collection::WriteOnly,
                    "DynamicMapped" => Collection::Dynamic,
                    _ => loader.unwrap_or(collection),
                });
                if wrapper == "Mapped" && loader.is_some() {
                    attr.python = untyped_python_type(&attr, None);
                }
            }
        }
        _ => attr.python = untyped_python_type(&attr, None),
    }
    let (checker_class, checker_instance) = match value {
        Some(value) if wrapper.is_none() && is_flask_db_call(db, class.file, value) => flask_checker_views(&attr),
        _ => checker_views(db, &attr, wrapper, inner_annotation, scope),
    };
    attr.checker_class = checker_class;
    attr.checker_instance = checker_instance;
    Some(attr)
}

/// What type checkers make of a class attribute declared by a function's return annotation, on
/// the class and on an instance: `Mapped[T]` and the ORM's other attribute declarations are
/// descriptors (`InstrumentedAttribute[T]`, `T`); anything else is itself on both.
fn declared_checker_views(db: &dyn Db, file: crate::db::SourceFile, returns: &Expr) -> (Ty, Ty) {
    let declared = TypeScope { db, file, registry_names: None }.eval(returns);
    let descriptors = ["Mapped", "MappedColumn", "Relationship", "Synonym", "Composite", "MappedSQLExpression"];
    match declared.ext_name().and_then(|name| name.strip_prefix("sqlalchemy.")) {
        Some(name) if descriptors.contains(&name) => {
            let value = declared.args().first().cloned().unwrap_or(Ty::Unknown);
            (Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![value.clone()]), value)
        }
        _ => (declared.clone(), declared),
    }
}

/// `db.Column(...)`, `db.relationship(...)` on a Flask-SQLAlchemy object.
fn is_flask_db_call(db: &dyn Db, file: crate::db::SourceFile, value: &Expr) -> bool {
    let Expr::Call { func, .. } = value else { return false };
    let Expr::Attr(owner, _) = func.as_ref() else { return false };
    matches!(resolve_expr_symbol(db, file, owner), Some(Definition::Variable { file, name }) if crate::hir::is_flask_db(db, file, &name))
}

/// What type checkers see of an attribute Flask-SQLAlchemy (3.x) declares: its `relationship` and
/// `dynamic_loader` return a `RelationshipProperty[Any]` (no descriptor to them); everything else
/// comes through its untyped `__getattr__`, `Any`.
fn flask_checker_views(attr: &ModelAttr) -> (Ty, Ty) {
    match attr.declared_with.as_deref() {
        Some("relationship" | "relation" | "dynamic_loader") => {
            let property = Ty::ext_generic("sqlalchemy.RelationshipProperty", vec![Ty::Any]);
            (property.clone(), property)
        }
        _ => (Ty::Any, Ty::Any),
    }
}

/// What pyright makes of an attribute, on the class and on an instance.
fn checker_views(
    db: &dyn Db,
    attr: &ModelAttr,
    wrapper: Option<&'static str>,
    inner: Option<&Expr>,
    scope: &TypeScope<'_>,
) -> (Ty, Ty) {
    let instrumented = |ty: Ty| Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![ty]);
    if let (Some(wrapper), Some(inner)) = (wrapper, inner) {
        let inner_ty = scope.eval(inner);
        if attr.kind == AttrKind::AssociationProxy {
            return (Ty::ext_generic("sqlalchemy.AssociationProxyInstance", vec![inner_ty.clone()]), inner_ty);
        }
        return match wrapper {
            "WriteOnlyMapped" | "DynamicMapped" => (instrumented(inner_ty), attr.python.clone()),
            _ => (instrumented(inner_ty.clone()), inner_ty),
        };
    }
    match attr.declared_with.as_deref() {
        // `Column(Integer)` is declared as `Column[int]`; 2.1's `Column` is not an ORM attribute at all.
        // 2.1's `Column.__get__` makes class access `Never`; instances still see `Column[int]`.
        Some("Column") => {
            let series = db.project().settings(db).series.tables();
            let column = Ty::ext_generic("sqlalchemy.Column", vec![checker_sql_value(attr, series)]);
            match series {
                crate::settings::Series::V21 => (Ty::Never, column),
                crate::settings::Series::V14 | crate::settings::Series::V20 => (column.clone(), column),
            }
        }
        Some("association_proxy") => (Ty::ext_generic("sqlalchemy.AssociationProxyInstance", vec![Ty::Any]), Ty::Any),
        _ => (instrumented(Ty::Any), Ty::Any),
    }
}

/// The `T` of `Column[T]` as pyright solves it from the SQL type argument (`Column(Integer)` →
/// `int`; generic types it cannot solve stay `Unknown` in 2.0 and show their type variable in 2.1).
fn checker_sql_value(attr: &ModelAttr, series: crate::settings::Series) -> Ty {
    use crate::sqlalchemy::sql_types::{TypeForm, checker_python_type};
    let Some(sql_type) = &attr.sql_type else { return Ty::Unknown };
    let class_name = sql_type.split('(').next().unwrap_or(sql_type);
    let form = if sql_type.contains('(') { TypeForm::Instance } else { TypeForm::Class };
    match checker_python_type(class_name, form, sql_type_keywords(sql_type), series) {
        Some(py) => template_type(py),
        None => match (series, class_name) {
            (crate::settings::Series::V21, "Uuid") => Ty::ext("typevar._UUID_RETURN@Uuid"),
            (crate::settings::Series::V21, "Numeric" | "Float") => Ty::ext(&format!("typevar._N@{class_name}")),
            _ => Ty::Unknown,
        },
    }
}

/// The `mapped_column(...)` inside `Annotated[T, mapped_column(...)]`, written inline or through a
/// module-level alias.
fn annotated_column(db: &dyn Db, class: &ClassRef, inner: &Expr) -> Option<Expr> {
    let (file, expr) = match inner {
        Expr::Name(_) | Expr::Attr(..) => match resolve_expr_symbol(db, class.file, inner)? {
            Definition::Variable { file, name } => match crate::hir::module_binding(db, file, name.clone()).as_ref()? {
                crate::hir::Binding::Variable { value: Some(value), .. } => (file, value.clone()),
                _ => return None,
            },
            _ => return None,
        },
        other => (class.file, other.clone()),
    };
    let Expr::Subscript(base, args) = &expr else { return None };
    let is_annotated =
        matches!(resolve_expr_symbol(db, file, base), Some(Definition::External(s)) if s == "typing.Annotated");
    if !is_annotated {
        return None;
    }
    args.iter().skip(1).find(|a| matches!(a, Expr::Call { .. })).cloned()
}

/// `Mapped[X]` → ("Mapped", X); also `WriteOnlyMapped`, `DynamicMapped`, and `Annotated` aliases.
fn unwrap_mapped<'e>(
    db: &dyn Db,
    class: &ClassRef,
    annotation: Option<&'e Expr>,
) -> (Option<&'static str>, Option<&'e Expr>) {
    let Some(Expr::Subscript(base, args)) = annotation else { return (None, None) };
    let wrapper = match resolve_expr_symbol(db, class.file, base) {
        Some(Definition::External(sym)) => match sym.as_str() {
            "sqlalchemy.Mapped" => "Mapped",
            "sqlalchemy.WriteOnlyMapped" => "WriteOnlyMapped",
            "sqlalchemy.DynamicMapped" => "DynamicMapped",
            "sqlalchemy.AssociationProxy" => "AssociationProxy",
            _ => return (None, None),
        },
        _ => match base.as_ref() {
            // A string-quoted or unresolvable `Mapped` still reads as one.
            Expr::Name(n) if n == "Mapped" => "Mapped",
            _ => return (None, None),
        },
    };
    (Some(wrapper), args.first())
}

pub(super) fn annotation_shape(ty: &Ty) -> (Option<ClassRef>, Collection) {
    match ty {
        Ty::Instance(Class::User(class), _) => (Some(class.clone()), Collection::Scalar),
        Ty::Union(parts) => {
            let inner = parts.iter().find(|p| !matches!(p, Ty::None));
            inner.map(annotation_shape).unwrap_or((None, Collection::Scalar))
        }
        Ty::Instance(Class::Ext(name), args) => {
            let target = match args.first() {
                Some(Ty::Instance(Class::User(class), _)) => Some(class.clone()),
                _ => None,
            };
            let short = name.rsplit('.').next().unwrap_or(name);
            let collection = match short {
                "Set" | "set" | "AbstractSet" | "MutableSet" | "FrozenSet" | "frozenset" => Collection::Set,
                "Dict" | "dict" | "Mapping" | "MutableMapping" => Collection::Dict,
                _ => Collection::List,
            };
            // `Mapped[dict[str, X]]`: the target is the value type.
            let target = match (collection, args.get(1)) {
                (Collection::Dict, Some(Ty::Instance(Class::User(class), _))) => Some(class.clone()),
                (Collection::Dict, _) => None,
                _ => target,
            };
            (target, collection)
        }
        _ => (None, Collection::Scalar),
    }
}

/// Reads `mapped_column(String(30), ForeignKey("users.id"), nullable=False, primary_key=True)`,
/// `relationship("Address", back_populates="user", lazy="dynamic", uselist=False)` and friends.
pub(crate) fn read_call_arguments(
    db: &dyn Db,
    scope: &TypeScope<'_>,
    class: &ClassRef,
    attr: &mut ModelAttr,
    call: &Expr,
) {
    let Expr::Call { args, kwargs, .. } = call else { return };
    for (position, arg) in args.iter().enumerate() {
        match arg {
            Expr::Str(text) if position == 0 && attr.kind == AttrKind::Column => {
                attr.column_name = Some(Name::from(text.as_str()));
            }
            Expr::Str(text) if attr.kind == AttrKind::Relationship && attr.target.is_none() => {
                attr.target = registry_target(scope, text);
            }
            Expr::Name(_) | Expr::Attr(..) | Expr::Resolved(_)
                if attr.kind == AttrKind::Relationship && attr.target.is_none() =>
            {
                if let Some(Definition::Class { file, name }) = resolve_expr_symbol(db, class.file, arg) {
                    attr.target = Some(ClassRef { file, name });
                }
            }
            Expr::Call { func, args: enum_args, .. } if is_symbol(db, class, func, "Enum") => {
                attr.sql_type = sql_type_name(db, class.file, arg);
                if let Some(Definition::Class { file, name }) =
                    enum_args.first().and_then(|a| resolve_expr_symbol(db, class.file, a))
                {
                    attr.enum_class = Some(ClassRef { file, name });
                }
            }
            Expr::Call { func, args: fk_args, .. } if is_symbol(db, class, func, "ForeignKey") => {
                // `ForeignKey(key)` in a class body: the column `key` declared there, in its table.
                let own_column = |arg: &Expr| match arg {
                    Expr::Name(name) => crate::hir::constants::class_column(db, class.file, &class.name, name),
                    _ => None,
                };
                let target = fk_args
                    .first()
                    .and_then(|a| own_column(a).or_else(|| crate::hir::foreign_key_target(db, class.file, a)));
                if let Some(target) = target {
                    attr.foreign_keys.push(Name::from(target));
                }
            }
            _ => {
                if let Some(sql_type) = sql_type_name(db, class.file, arg) {
                    attr.sql_type = Some(sql_type);
                } else if let Some(decorated) = super::type_decorators::decorated_type(db, class.file, arg) {
                    attr.sql_type = Some(decorated.name);
                    attr.loads = decorated.loads;
                }
            }
        }
    }
    for (key, value) in kwargs {
        match key.as_str() {
            "nullable" => attr.nullable = value.as_bool(),
            "primary_key" => attr.primary_key = value.as_bool().unwrap_or(false),
            "lazy" => attr.lazy = value.as_str().map(Name::from),
            "back_populates" => attr.back_populates = value.as_str().map(Name::from),
            "backref" => {
                attr.backref = match value {
                    Expr::Str(s) => Some(Name::from(s.as_str())),
                    Expr::Call { args, .. } => args.first().and_then(|a| a.as_str()).map(Name::from),
                    _ => None,
                };
                attr.backref_lazy = value.kwarg("lazy").and_then(|l| l.as_str()).map(Name::from);
            }
            "uselist" => {
                if let Some(uselist) = value.as_bool() {
                    attr.collection = Some(if uselist { Collection::List } else { Collection::Scalar });
                }
            }
            "type_" => attr.sql_type = sql_type_name(db, class.file, value),
            _ => {}
        }
    }
    if attr.kind == AttrKind::Relationship {
        match attr.lazy.as_deref() {
            Some("dynamic") => attr.collection = Some(Collection::Dynamic),
            Some("write_only") => attr.collection = Some(Collection::WriteOnly),
            _ => {}
        }
        if is_symbol_call(db, class, call, "dynamic_loader") {
            attr.collection = Some(Collection::Dynamic);
        }
    }
}

/// `relationship("User")`: SQLAlchemy looks a class name up in the model's own registry only, never
/// in the module's namespace (a name two classes of the registry share is ambiguous: no target);
/// a dotted name is a module path (`"app.models.User"`).
fn registry_target(scope: &TypeScope<'_>, text: &str) -> Option<ClassRef> {
    let text = text.trim();
    if !text.contains('.') && !text.contains('[') {
        return scope.registry_names?.get(text).cloned();
    }
    match scope.eval(&Expr::Str(text.to_owned())) {
        Ty::Instance(Class::User(target), _) => Some(target),
        _ => None,
    }
}

fn is_symbol(db: &dyn Db, class: &ClassRef, expr: &Expr, name: &str) -> bool {
    matches!(resolve_expr_symbol(db, class.file, expr), Some(Definition::External(sym)) if sym.strip_prefix("sqlalchemy.") == Some(name))
}

fn is_symbol_call(db: &dyn Db, class: &ClassRef, call: &Expr, name: &str) -> bool {
    matches!(call, Expr::Call { func, .. } if is_symbol(db, class, func, name))
}

/// `String`, `String(30)`, `sa.Numeric(10, 2)` → the SQL type's text as written (`String(30)`).
pub(crate) fn sql_type_name(db: &dyn Db, file: crate::db::SourceFile, expr: &Expr) -> Option<Name> {
    // `String(100).with_variant(MEDIUMTEXT, "mysql")` loads as its base type on the databases we
    // judge by (the variant's family is the same on the one it names).
    if let Expr::Call { func, .. } = expr
        && let Expr::Attr(base, method) = func.as_ref()
        && method == "with_variant"
    {
        return sql_type_name(db, file, base);
    }
    let (callee, call_args, call_kwargs) = match expr {
        Expr::Call { func, args, kwargs } => (func.as_ref(), Some(args), kwargs.as_slice()),
        other => (other, None, &[][..]),
    };
    let sym = match resolve_expr_symbol(db, file, callee)? {
        Definition::External(sym) => sym,
        // `StringID()` with `def StringID(): return String(length=250)`: the type it builds.
        Definition::Function { .. } => return sql_type_name(db, file, &inline_factory_call(db, file, None, expr)?),
        _ => return None,
    };
    let short = sym.strip_prefix("sqlalchemy.")?;
    if !crate::sqlalchemy::sql_types::is_sql_type(short) {
        return None;
    }
    let literal = |a: &Expr| match a {
        Expr::Int(i) => Some(i.to_string()),
        Expr::Name(n) => Some(n.to_string()),
        Expr::Str(s) => Some(format!("{s:?}")),
        Expr::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        _ => None,
    };
    let mut args: Vec<String> = call_args.map(|args| args.iter().filter_map(literal).collect()).unwrap_or_default();
    args.extend(call_kwargs.iter().filter_map(|(k, v)| Some(format!("{k}={}", literal(v)?))));
    Some(match call_args {
        Some(_) => Name::from(format!("{short}({})", args.join(", "))),
        None => Name::from(short),
    })
}

/// The value type of an attribute declared without `Mapped[...]`; for a relationship, `optional`
/// says whether a scalar side may be `None` (unknown counts as may).
pub(crate) fn untyped_python_type(attr: &ModelAttr, optional: Option<bool>) -> Ty {
    match attr.kind {
        AttrKind::Column => {
            let Some(sql_type) = &attr.sql_type else { return Ty::Unknown };
            let class_name = sql_type.split('(').next().unwrap_or(sql_type);
            let enum_arg = sql_type.strip_prefix("Enum(").and_then(|r| r.strip_suffix(')'));
            let base = match (class_name, enum_arg, &attr.enum_class) {
                // A `TypeDecorator` declaring what it loads.
                _ if attr.loads.is_some() => attr.loads.clone().unwrap_or(Ty::Unknown),
                // `Enum(Status)` with a Python enum class loads members of that class.
                ("Enum", _, Some(enum_class)) => Ty::instance_of(enum_class.clone()),
                // `ARRAY(String)` loads lists (tuples with `as_tuple=True`) of its items.
                ("ARRAY", _, _) => match array_item(sql_type) {
                    _ if sql_type.contains("as_tuple=True") => Ty::ext("builtins.tuple"),
                    Some(item) => Ty::ext_generic("typing.List", vec![item]),
                    None => Ty::ext_generic("typing.List", vec![Ty::Unknown]),
                },
                ("Enum", Some(arg), None) if !arg.starts_with('"') && !arg.is_empty() => Ty::Unknown,
                _ => match runtime_python_type(class_name, sql_type_keywords(sql_type)) {
                    Some(py) => template_type(py),
                    None => return Ty::Unknown,
                },
            };
            let nullable = attr.nullable.unwrap_or(!attr.primary_key);
            if nullable { base.optional() } else { base }
        }
        AttrKind::Relationship => {
            let Some(target) = &attr.target else { return Ty::Unknown };
            let instance = Ty::instance_of(target.clone());
            let Some(collection) = attr.collection else { return Ty::Unknown };
            match collection {
                Collection::Scalar if optional == Some(false) => instance,
                Collection::Scalar => instance.optional(),
                Collection::List => Ty::ext_generic("typing.List", vec![instance]),
                Collection::Set => Ty::ext_generic("typing.Set", vec![instance]),
                Collection::Dict => Ty::ext_generic("typing.Dict", vec![Ty::Unknown, instance]),
                Collection::Custom => Ty::Unknown,
                Collection::WriteOnly => Ty::ext_generic("sqlalchemy.WriteOnlyCollection", vec![instance]),
                Collection::Dynamic => Ty::ext_generic("sqlalchemy.AppenderQuery", vec![instance]),
            }
        }
        _ => Ty::Unknown,
    }
}

/// The item type of `ARRAY(String)` as written, when it is a SQL type we know.
fn array_item(sql_type: &str) -> Option<Ty> {
    let inner = sql_type.strip_prefix("ARRAY(")?.strip_suffix(')')?;
    let item = inner.split(',').next()?.trim();
    let class = item.split('(').next()?;
    runtime_python_type(class, sql_type_keywords(item)).map(template_type)
}

/// A SQL type's Python type as `sql_types.rs` writes it (`int`, `Range[int]`, `str | None`): these
/// have no placeholders, guards or rows, so they read without inference's template interpreter.
pub(super) fn template_type(py: &'static str) -> Ty {
    python_type(&Template::cached(py))
}

fn python_type(template: &Template) -> Ty {
    match template {
        Template::Named(name, args) => {
            Ty::Instance(Class::Ext(Name::from(canonical(name))), args.iter().map(python_type).collect())
        }
        Template::Optional(inner) => python_type(inner).optional(),
        Template::Union(items) => Ty::union(items.iter().map(python_type).collect()),
        Template::Tuple(spelling, items) => Ty::Tuple(*spelling, items.iter().map(python_type).collect()),
        Template::TypeOf(inner) => Ty::TypeOf(Box::new(python_type(inner))),
        Template::Any => Ty::Any,
        Template::None => Ty::None,
        _ => Ty::Unknown,
    }
}

/// The keywords that change a SQL type's Python type, read back from its text as written
/// (`Numeric(10, 2, asdecimal=False)`).
fn sql_type_keywords(sql_type: &str) -> TypeKeywords {
    let flag = |key: &str| {
        let rest = sql_type.split_once(&format!("{key}="))?.1;
        if rest.starts_with("True") {
            Some(true)
        } else if rest.starts_with("False") {
            Some(false)
        } else {
            None
        }
    };
    TypeKeywords { asdecimal: flag("asdecimal"), as_uuid: flag("as_uuid") }
}
