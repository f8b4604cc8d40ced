//! What IDE features follow across files — a model class, a model attribute, a table, a column of a
//! `Table(...)` object — and, per file, every place that names one (`file_refs`): declarations,
//! Python code (resolved through inference), constructor keywords and SQLAlchemy's strings.
//!
//! Go to definition, references and rename all start from `symbol_at`, the reference under the
//! cursor, so they agree on what the cursor names.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use text_size::{TextRange, TextSize};

use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Name, resolve_name};
use crate::models::{ModelRegistry, model_registry};
use crate::syntax::node_ext::{field, named_children, walk};
use crate::syntax::{Node, Parsed, parse};
use crate::types::{Class, ClassRef, Ty};

use super::location::class_body_names;
use super::{Semantics, View, range_of};

/// Something references, go to definition and rename follow.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A mapped class.
    Class(ClassRef),
    /// A model attribute, by the class that declares it: an inherited attribute is one symbol.
    Attr(ClassRef, Name),
    /// A table, by name: `__tablename__ = "users"`, `Table("users", ...)`, `"users.id"`.
    Table(Name),
    /// A column of a `Table(...)` object (table, column): `Column("user_id", ...)` in it.
    TableColumn(Name, Name),
}

/// How a reference names its symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// Where the symbol is declared: a class's name, an attribute's name in its class body,
    /// `backref="orders"`, `__tablename__ = "users"`, `Table("users", ...)`, `Column("id", ...)`.
    Declaration,
    /// Python code: `User`, `User.name`, `user.name`, `from app.models import User`.
    Code,
    /// A keyword argument of a model's constructor: `User(name=...)`.
    Keyword,
    /// A string naming a class or an attribute: `relationship("User")`, `Mapped["User"]`,
    /// `back_populates="posts"`, `order_by="Post.id"`, `secondary="user_tags"`.
    String,
    /// A string naming a table column (`ForeignKey("users.id")`, `UniqueConstraint("name")`,
    /// `mapped_column("user_name")`): it follows the attribute only while the column takes its
    /// name from the attribute.
    ColumnString,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SymbolRef {
    /// Range of the name (for strings, of the part that names the symbol).
    pub range: TextRange,
    pub symbol: Symbol,
    pub kind: RefKind,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct FileRefs {
    /// Sorted by position.
    pub refs: Vec<SymbolRef>,
}

impl FileRefs {
    /// The smallest reference around an offset (a cursor at the end of a name is on it).
    pub fn at(&self, offset: TextSize) -> Option<&SymbolRef> {
        self.refs.iter().filter(|r| r.range.contains_inclusive(offset)).min_by_key(|r| r.range.len())
    }
}

/// Every reference to a model, an attribute or a table in a file. Depends on the file's text, its
/// scopes' inference and the (position-free) model registry and table names.
#[salsa::tracked(returns(ref))]
pub fn file_refs(db: &dyn Db, file: SourceFile) -> Arc<FileRefs> {
    if !crate::hir::prescan::involves_sqlalchemy(db, file) {
        return Arc::default();
    }
    let parsed = parse(db, file);
    let registry = model_registry(db);
    let mut refs = Vec::new();
    code_refs(db, file, parsed, registry, &mut refs);
    super::string_refs::string_refs(db, file, parsed, registry, &mut refs);
    refs.sort_by_key(|r| (r.range.start(), r.range.end()));
    refs.dedup();
    Arc::new(FileRefs { refs })
}

/// An offset moved into the text and onto a character boundary (editors send anything).
pub fn clamp_offset(text: &str, offset: TextSize) -> TextSize {
    let mut offset = usize::from(offset).min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    TextSize::from(offset as u32)
}

/// The mapped class a type is, or is an instance of (`type[User]`, `User`, `User | None`).
pub fn model_class_of(ty: &Ty) -> Option<ClassRef> {
    match ty {
        Ty::Instance(Class::User(class), _) => Some(class.clone()),
        Ty::TypeOf(inner) => model_class_of(inner),
        Ty::Union(parts) => parts.iter().find_map(model_class_of),
        _ => None,
    }
}

/// `type[User]`: the class object itself.
fn class_object_of(ty: &Ty) -> Option<ClassRef> {
    match ty {
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(class), _) => Some(class.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The attribute symbol for `name` on a model (inherited attributes resolve to their declaring class).
pub fn attr_symbol(registry: &ModelRegistry, class: &ClassRef, name: &str) -> Option<Symbol> {
    let attr = registry.model(class)?.attribute(name)?;
    Some(Symbol::Attr(attr.declared_in.clone(), attr.name.clone()))
}

/// References in Python code: class names, attribute accesses on models, constructor keywords,
/// imports, and the declarations in model class bodies.
fn code_refs(db: &dyn Db, file: SourceFile, parsed: &Parsed, registry: &ModelRegistry, out: &mut Vec<SymbolRef>) {
    let class_names: FxHashSet<&str> = registry.models.iter().map(|m| m.name()).collect();
    // Attributes declared by each class of this file (mixins included: they declare, models inherit).
    let mut declared: FxHashMap<Name, FxHashSet<Name>> = FxHashMap::default();
    for model in &registry.models {
        for attr in &model.attributes {
            if attr.declared_in.file == file && !attr.via_backref {
                declared.entry(attr.declared_in.name.clone()).or_default().insert(attr.name.clone());
            }
        }
    }
    let declared_names: FxHashSet<Name> = declared.values().flatten().cloned().collect();
    let types = Semantics::new(db, file);
    let mut push = |node: Node<'_>, symbol: Symbol, kind: RefKind| {
        out.push(SymbolRef { range: range_of(node), symbol, kind });
    };
    walk(parsed.root(), |node| {
        match node.kind() {
            "class_definition" => {
                if let Some(name) = field(node, "name") {
                    let class = ClassRef { file, name: Name::from(parsed.node_text(name)) };
                    if registry.model(&class).is_some() {
                        push(name, Symbol::Class(class.clone()), RefKind::Declaration);
                    }
                    if let (Some(attrs), Some(body)) = (declared.get(&class.name), field(node, "body")) {
                        for target in class_body_names(body) {
                            let attr_name = parsed.node_text(target);
                            if attrs.contains(attr_name) {
                                push(target, Symbol::Attr(class.clone(), Name::from(attr_name)), RefKind::Declaration);
                            }
                        }
                    }
                }
            }
            "identifier" if class_names.contains(parsed.node_text(node)) => {
                if let Some(class) = class_named_by_identifier(db, file, parsed, &types, registry, node) {
                    push(node, Symbol::Class(class), RefKind::Code);
                }
            }
            "identifier" if declared_names.contains(parsed.node_text(node)) => {
                // `foreign_keys=[customer_id]`, `@full_name.setter`: a class body reading its own
                // attributes by their bare names.
                if let Some(class) = class_body_reader(parsed, node)
                    && declared.get(&class).is_some_and(|names| names.contains(parsed.node_text(node)))
                {
                    let class = ClassRef { file, name: class };
                    push(node, Symbol::Attr(class, Name::from(parsed.node_text(node))), RefKind::Code);
                }
            }
            "attribute" => {
                if let (Some(object), Some(attr)) = (field(node, "object"), field(node, "attribute")) {
                    let object_ty = types
                        .type_of(object, View::Precise)
                        .cloned()
                        .or_else(|| module_level_class(db, file, parsed, object).map(class_type));
                    if let Some(class) = object_ty.as_ref().and_then(model_class_of)
                        && let Some(symbol) = attr_symbol(registry, &class, parsed.node_text(attr))
                    {
                        push(attr, symbol, RefKind::Code);
                    }
                }
            }
            "call" => {
                if let (Some(function), Some(arguments)) = (field(node, "function"), field(node, "arguments")) {
                    let callee = types
                        .type_of(function, View::Precise)
                        .cloned()
                        .or_else(|| module_level_class(db, file, parsed, function).map(class_type));
                    // `User(name=...)`, and `select(User).filter_by(name=...)`: keywords naming
                    // the model's attributes.
                    let class = match callee.as_ref().and_then(class_object_of) {
                        Some(class) => Some(class),
                        None => filter_by_entity(parsed, &types, function),
                    };
                    if let Some(class) = class
                        && registry.model(&class).is_some()
                    {
                        for argument in named_children(arguments) {
                            if argument.kind() == "keyword_argument"
                                && let Some(name) = field(argument, "name")
                                && let Some(symbol) = attr_symbol(registry, &class, parsed.node_text(name))
                            {
                                push(name, symbol, RefKind::Keyword);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        true
    });
}

/// Methods after which `filter_by()` names another entity than the statement's first one.
const JOINS: &[&str] = &["join", "outerjoin", "join_from", "outerjoin_from", "select_from", "with_entities"];

/// `select(User).filter_by(name=...)`, `session.query(User).filter_by(...)`: the model whose
/// attributes `filter_by`'s keywords name, the statement's first entity. After a join in the
/// chain they name the joined entity instead: none then.
fn filter_by_entity(parsed: &Parsed, types: &Semantics<'_>, function: Node<'_>) -> Option<ClassRef> {
    if function.kind() != "attribute" {
        return None;
    }
    let (object, method) = (field(function, "object")?, field(function, "attribute")?);
    if parsed.node_text(method) != "filter_by" {
        return None;
    }
    let entity = match types.type_of(object, View::Precise)? {
        Ty::Rows(kind, shape) if matches!(kind.as_str(), "Select" | "RowReturningQuery") => &shape.cols.first()?.ty,
        // `session.query(User)`, a dynamic relationship's `AppenderQuery[Order]`.
        Ty::Instance(Class::Ext(name), args)
            if matches!(name.as_str(), "sqlalchemy.Query" | "sqlalchemy.AppenderQuery") =>
        {
            args.first()?
        }
        _ => return None,
    };
    let mut receiver = object;
    while receiver.kind() == "call" {
        let Some(callee) = field(receiver, "function").filter(|f| f.kind() == "attribute") else { break };
        if field(callee, "attribute").is_some_and(|m| JOINS.contains(&parsed.node_text(m))) {
            return None;
        }
        receiver = field(callee, "object")?;
    }
    match entity {
        Ty::Instance(Class::User(class), _) => Some(class.clone()),
        _ => None,
    }
}

/// The class whose body an identifier is read in (not a name it binds there), when no function,
/// lambda or comprehension lies between them: class-level names are visible there only.
fn class_body_reader(parsed: &Parsed, node: Node<'_>) -> Option<Name> {
    let parent = node.parent()?;
    let binds = match parent.kind() {
        "assignment" | "augmented_assignment" => field(parent, "left") == Some(node),
        "keyword_argument"
        | "function_definition"
        | "class_definition"
        | "default_parameter"
        | "typed_default_parameter" => field(parent, "name") == Some(node),
        "attribute" => field(parent, "attribute") == Some(node),
        "parameters" | "typed_parameter" | "lambda_parameters" => true,
        _ => false,
    };
    if binds {
        return None;
    }
    let mut current = parent;
    loop {
        match current.kind() {
            "class_definition" => return field(current, "name").map(|n| Name::from(parsed.node_text(n))),
            "function_definition"
            | "lambda"
            | "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression"
            | "module" => return None,
            // A decorator of a method is read in the class body.
            "decorator" => {
                let definition = current.parent()?;
                let class_body = definition.parent()?;
                let class = class_body.parent().filter(|c| c.kind() == "class_definition")?;
                return field(class, "name").map(|n| Name::from(parsed.node_text(n)));
            }
            _ => current = current.parent()?,
        }
    }
}

fn class_type(class: ClassRef) -> Ty {
    Ty::TypeOf(Box::new(Ty::instance_of(class)))
}

/// An identifier spelled like a model class: the class when it is one (by inference, imports, or
/// module-level resolution where inference does not look: annotations, bases, lambdas).
fn class_named_by_identifier(
    db: &dyn Db,
    file: SourceFile,
    parsed: &Parsed,
    types: &Semantics<'_>,
    registry: &ModelRegistry,
    node: Node<'_>,
) -> Option<ClassRef> {
    let parent = node.parent()?;
    // Names that are not references: declarations (handled with the class) and keyword names.
    let declares = matches!(parent.kind(), "class_definition" | "function_definition" | "keyword_argument")
        && field(parent, "name") == Some(node);
    if declares {
        return None;
    }
    if parent.kind() == "attribute" && field(parent, "attribute") == Some(node) {
        // `models.User`: inference records the attribute name with the attribute's type.
        let class = types.type_of(node, View::Precise).and_then(class_object_of)?;
        return (registry.model(&class).is_some() && class.name == parsed.node_text(node)).then_some(class);
    }
    if let Some(class) = imported_class(db, file, parsed, node) {
        return registry.model(&class).is_some().then_some(class);
    }
    let class = match types.type_of(node, View::Precise) {
        Some(ty) => class_object_of(ty)?,
        None => module_level_class(db, file, parsed, node)?,
    };
    (registry.model(&class).is_some() && class.name == parsed.node_text(node)).then_some(class)
}

/// `from app.models import User [as U]`: the class the imported name (not the alias) is.
fn imported_class(db: &dyn Db, file: SourceFile, parsed: &Parsed, node: Node<'_>) -> Option<ClassRef> {
    let dotted = node.parent().filter(|p| p.kind() == "dotted_name")?;
    let (statement, bound) = match dotted.parent()? {
        p if p.kind() == "aliased_import" && field(p, "name") == Some(dotted) => {
            (p.parent()?, field(p, "alias").map(|a| parsed.node_text(a))?)
        }
        p if p.kind() == "import_from_statement" && field(p, "module_name") != Some(dotted) => {
            (p, parsed.node_text(dotted))
        }
        _ => return None,
    };
    if statement.kind() != "import_from_statement" || named_children(dotted).len() != 1 {
        return None;
    }
    let imported = parsed.node_text(node);
    let module_level = matches!(statement.parent().map(|p| p.kind()), Some("module"));
    if module_level
        && let Some(Definition::Class { file, name }) = resolve_name(db, file, bound)
        && name == imported
    {
        return Some(ClassRef { file, name });
    }
    // An import inside a function: follow an absolute module path.
    let module = field(statement, "module_name").filter(|m| m.kind() == "dotted_name")?;
    let target = crate::hir::module_map(db).file_from(parsed.node_text(module), file.path(db))?;
    match resolve_name(db, target, imported)? {
        Definition::Class { file, name } => Some(ClassRef { file, name }),
        _ => None,
    }
}

/// A name (or `module.Name`) resolved at module level to a workspace class.
pub fn module_level_class(db: &dyn Db, file: SourceFile, parsed: &Parsed, node: Node<'_>) -> Option<ClassRef> {
    if !matches!(node.kind(), "identifier" | "attribute") {
        return None;
    }
    let expr = crate::hir::lower_expr(node, parsed.text());
    match crate::hir::resolve_expr_symbol(db, file, &expr)? {
        Definition::Class { file, name } => Some(ClassRef { file, name }),
        _ => None,
    }
}
