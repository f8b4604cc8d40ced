//! A relationship's `primaryjoin=` and `foreign_keys=` read the way SQLAlchemy annotates them at
//! mapper configuration (`JoinCondition._annotate_fks`, `_determine_direction`):
//! - the columns wrapped in `foreign(...)` are the foreign keys when any are;
//! - else, in each comparison `a == b`, `a` is a foreign key when `a` references `b`
//!   (`ForeignKey`), and so is `b` when it references `a`;
//! - the side holding the foreign keys decides the direction; in a self-referential join, a foreign
//!   key marked `remote(...)` makes it one-to-many.
//!
//! A join is code (`lambda: and_(A.id == B.a_id, ~B.deleted)`, `(A.id == B.a_id) & not_(...)`,
//! `users_table.c["id"] == Address.user_id`) or a string SQLAlchemy evaluates in the registry
//! (`"and_(A.id == B.a_id, B.kind == 'x')"`). Names in code resolve in the module the relationship
//! is written in; names in a string are the registry's classes. A column, class or call we cannot
//! read makes the whole join unknown: a missed key could change the answer.

use std::sync::Arc;

use super::links::{foreign_key_links, mapped_tables};
use super::mapping::{Schema, column_key, referenced_table, table_object_name};
use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelAttr, ModelRegistry};

/// How deep a join expression is followed.
const MAX_DEPTH: u32 = 24;

/// One column a join condition or `foreign_keys=` names.
#[derive(Clone, Copy, Debug)]
pub struct JoinColumn<'m> {
    pub model: &'m Model,
    pub attr: &'m ModelAttr,
    /// Wrapped in `foreign(...)`.
    pub foreign: bool,
    /// Wrapped in `remote(...)`.
    pub remote: bool,
}

/// The columns of a join condition and its binary expressions.
#[derive(Debug, Default)]
pub struct JoinColumns<'m> {
    pub columns: Vec<JoinColumn<'m>>,
    binaries: Vec<Binary>,
}

/// A binary expression (`a == b`, `a.like(b)`): the columns inside each operand, by index into
/// [`JoinColumns::columns`], and the two operands when both are plain columns.
#[derive(Debug)]
struct Binary {
    left: std::ops::Range<usize>,
    right: std::ops::Range<usize>,
    columns: Option<(usize, usize)>,
}

/// What an operand of a join condition is.
enum Operand {
    /// The column at this index of [`JoinColumns::columns`].
    Column(usize),
    /// A literal, a bound value (`Status.ACTIVE`), or an expression over columns (`func.lower(...)`)
    /// that is no plain column.
    Value,
}

/// Reads join conditions for a relationship of `model` to `target`.
pub struct JoinReader<'a> {
    pub db: &'a dyn Db,
    pub models: &'a ModelRegistry,
    pub schema: &'a Schema,
    pub model: &'a Model,
    /// `None` when the target class is not known (`relationship(security_manager.user_model)`).
    pub target: Option<&'a Model>,
    /// The module the relationship is written in; names in code resolve there.
    pub file: SourceFile,
    /// The class whose body the arguments are evaluated in: a bare name there is its column.
    pub class_body: Option<&'a str>,
}

impl<'a> JoinReader<'a> {
    /// The columns and comparisons of a `primaryjoin=`; `None` when any part is unreadable.
    pub fn read(&self, join: &Expr) -> Option<JoinColumns<'a>> {
        let mut out = JoinColumns::default();
        match join {
            Expr::Str(text) => self.walk(&parse_expression(text)?, Scope::Registry, Marks::default(), 0, &mut out)?,
            Expr::Format(parts) => {
                self.walk(&parse_expression(&join_text(parts)?)?, Scope::Registry, Marks::default(), 0, &mut out)?
            }
            code => self.walk(code, Scope::Code { class_body: self.class_body }, Marks::default(), 0, &mut out)?,
        };
        Some(out)
    }

    /// The columns `foreign_keys=` (or `remote_side=`) names: a column, a list of them, a lambda
    /// returning them, or a string of them; `None` when any is unreadable.
    pub fn key_columns(&self, keys: &Expr) -> Option<Vec<JoinColumn<'a>>> {
        let (keys, scope) = match keys {
            Expr::Str(text) => (parse_expression(text)?, Scope::Registry),
            Expr::Lambda(body) => (body.as_ref().clone(), Scope::Code { class_body: None }),
            other => (other.clone(), Scope::Code { class_body: self.class_body }),
        };
        let items = match &keys {
            Expr::List(items) | Expr::Tuple(items) | Expr::Set(items) => items.clone(),
            other => vec![other.clone()],
        };
        let mut out = JoinColumns::default();
        for item in &items {
            match self.walk(item, scope, Marks::default(), 0, &mut out)? {
                Operand::Column(_) => {}
                Operand::Value => return None,
            }
        }
        Some(out.columns)
    }

    fn walk(
        &self,
        expr: &Expr,
        scope: Scope<'a>,
        marks: Marks,
        depth: u32,
        out: &mut JoinColumns<'a>,
    ) -> Option<Operand> {
        if depth > MAX_DEPTH {
            return None;
        }
        let walk = |e: &Expr, scope: Scope<'a>, out: &mut JoinColumns<'a>| self.walk(e, scope, marks, depth + 1, out);
        match expr {
            // A lambda's body is evaluated later, in the module: class-body names are not visible.
            Expr::Lambda(body) => walk(body, scope.in_lambda(), out),
            Expr::Compare(operands, _) => {
                let [left, right] = operands.as_slice() else { return None };
                let start = out.columns.len();
                let left = walk(left, scope, out)?;
                let middle = out.columns.len();
                let right = walk(right, scope, out)?;
                let columns = match (left, right) {
                    (Operand::Column(l), Operand::Column(r)) => Some((l, r)),
                    _ => None,
                };
                out.binaries.push(Binary { left: start..middle, right: middle..out.columns.len(), columns });
                Some(Operand::Value)
            }
            Expr::BoolOp(items) | Expr::Tuple(items) | Expr::List(items) => {
                for item in items {
                    walk(item, scope, out)?;
                }
                Some(Operand::Value)
            }
            Expr::BitAnd(a, b) | Expr::BitOr(a, b) => {
                walk(a, scope, out)?;
                walk(b, scope, out)?;
                Some(Operand::Value)
            }
            Expr::Invert(a) => walk(a, scope, out).map(|_| Operand::Value),
            Expr::Call { func, args, kwargs } => {
                let name = match func.as_ref() {
                    Expr::Name(n) | Expr::Attr(_, n) => n.as_str(),
                    _ => return None,
                };
                match name {
                    "foreign" | "remote" => {
                        let [inner] = args.as_slice() else { return None };
                        let marks = Marks {
                            foreign: marks.foreign || name == "foreign",
                            remote: marks.remote || name == "remote",
                        };
                        self.walk(inner, scope, marks, depth + 1, out)
                    }
                    // `getattr(File, "attachment_id")`.
                    "getattr" => match args.as_slice() {
                        [owner, Expr::Str(attribute)] => {
                            walk(&Expr::Attr(Box::new(owner.clone()), Name::from(attribute.as_str())), scope, out)
                        }
                        _ => None,
                    },
                    // `and_(...)`, `not_(...)`, `func.lower(...)`, `X.created_dt.desc()`: the
                    // comparisons inside still annotate keys; the call is no plain column.
                    // A method of a column with one argument (`path.like(...)`, `a.in_(...)`) is a
                    // binary expression too: its columns pair up as a comparison's do.
                    _ => {
                        let start = out.columns.len();
                        if let Expr::Attr(receiver, _) = func.as_ref()
                            && !self.is_namespace(receiver, scope)
                        {
                            walk(receiver, scope, out)?;
                        }
                        let middle = out.columns.len();
                        for arg in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
                            walk(arg, scope, out)?;
                        }
                        let end = out.columns.len();
                        if args.len() == 1 && kwargs.is_empty() && start < middle && middle < end {
                            out.binaries.push(Binary { left: start..middle, right: middle..end, columns: None });
                        }
                        Some(Operand::Value)
                    }
                }
            }
            Expr::Str(_) | Expr::Int(_) | Expr::Bool(_) | Expr::NoneLit => Some(Operand::Value),
            Expr::Name(_) | Expr::Resolved(_) => {
                if let (Scope::Code { class_body: Some(_) }, Expr::Name(name)) = (scope, expr)
                    && let Some(attr) = column_of(self.model, name)
                {
                    return Some(push(out, self.model, attr, marks));
                }
                match self.resolve(expr, scope)? {
                    Owner::Value => Some(Operand::Value),
                    Owner::Class(_) | Owner::Table(_) => None,
                }
            }
            Expr::Attr(..) | Expr::Subscript(..) => {
                let (owner, column) = self.column_path(expr, scope)?;
                match owner {
                    Owner::Value => Some(Operand::Value),
                    Owner::Class(model) => {
                        let attr = match column {
                            ColumnRef::Attribute(name) => column_of(model, &name)?,
                            ColumnRef::Key(key) => model.column(&key)?,
                        };
                        Some(push(out, model, attr, marks))
                    }
                    Owner::Table(_) => None,
                }
            }
            _ => None,
        }
    }

    /// `sa`, `db`, `func`: a module or namespace whose attributes are functions, not columns.
    fn is_namespace(&self, receiver: &Expr, scope: Scope<'a>) -> bool {
        match scope {
            Scope::Registry => matches!(receiver, Expr::Name(n) if n.starts_with(char::is_lowercase)),
            Scope::Code { .. } => {
                matches!(
                    resolve_expr_symbol(self.db, self.file, receiver),
                    Some(Definition::Module(_) | Definition::ExternalModule(_) | Definition::External(_))
                ) || crate::hir::is_flask_db(self.db, self.file, receiver.as_name().unwrap_or(""))
            }
        }
    }

    /// `Class.attribute`, `Class.__table__.c.key`, `table.c.key`, `table.c["key"]`: whose column,
    /// and which; or a value (`Status.ACTIVE.value`).
    fn column_path(&self, expr: &Expr, scope: Scope<'a>) -> Option<(Owner<'a>, ColumnRef)> {
        let (owner, column) = match expr {
            Expr::Subscript(base, items) => match (base.as_ref(), items.as_slice()) {
                (Expr::Attr(table, c), [Expr::Str(key)]) if c == "c" => {
                    (table.as_ref(), ColumnRef::Key(Name::from(key.as_str())))
                }
                _ => return None,
            },
            Expr::Attr(base, name) => match base.as_ref() {
                Expr::Attr(table, c) if c == "c" => (table.as_ref(), ColumnRef::Key(name.clone())),
                other => (other, ColumnRef::Attribute(name.clone())),
            },
            _ => return None,
        };
        match (self.resolve(owner, scope), &column) {
            (Some(Owner::Value), _) => Some((Owner::Value, column)),
            (Some(Owner::Class(model)), _) => Some((Owner::Class(model), column)),
            // The table of the relationship's class or of its target, read through `.c`.
            (Some(Owner::Table(table)), ColumnRef::Key(_)) => {
                let model = std::iter::once(self.model).chain(self.target).find(|m| {
                    mapped_tables(self.models, self.schema, m).is_some_and(|tables| tables.contains(&table))
                })?;
                Some((Owner::Class(model), column))
            }
            (Some(Owner::Table(_)), ColumnRef::Attribute(_)) => None,
            // `Class.__table__.c.key`, `Class.table.c.key`: the class's own table.
            (None, ColumnRef::Key(_)) => match owner {
                Expr::Attr(class, _) => match self.resolve(class, scope)? {
                    Owner::Class(model) => Some((Owner::Class(model), column)),
                    _ => None,
                },
                _ => None,
            },
            // `Status.ACTIVE.value`: an attribute of a value.
            (None, ColumnRef::Attribute(_)) => match self.column_path(owner, scope)? {
                (Owner::Value, _) => Some((Owner::Value, column)),
                _ => None,
            },
        }
    }

    /// What a name (or dotted name) in a join stands for.
    fn resolve(&self, expr: &Expr, scope: Scope<'a>) -> Option<Owner<'a>> {
        match scope {
            Scope::Registry => {
                let Expr::Name(name) = expr else { return None };
                self.models.resolve_in(&self.model.registry, name).map(Owner::Class)
            }
            Scope::Code { .. } => match resolve_expr_symbol(self.db, self.file, expr)? {
                Definition::Class { file, name } => {
                    let class = crate::types::ClassRef { file, name };
                    match self.models.model(&class) {
                        Some(model) => Some(Owner::Class(model)),
                        // A mapped class's base or mixin is no value: its attributes are unbound
                        // columns or descriptors.
                        None if self.is_ancestor(&class) => None,
                        // An enum or a class of constants: its attributes are bound values.
                        None => Some(Owner::Value),
                    }
                }
                Definition::Variable { file, name } => {
                    let value = Expr::Name(name);
                    match table_object_name(self.db, file, &value) {
                        Some(table) => Some(Owner::Table(table)),
                        None => Some(Owner::Value),
                    }
                }
                Definition::Module(_) | Definition::ExternalModule(_) => Some(Owner::Value),
                Definition::Function { .. } | Definition::External(_) | Definition::ModuleGetattr(_) => None,
            },
        }
    }

    fn is_ancestor(&self, class: &crate::types::ClassRef) -> bool {
        self.model.bases.contains(class) || self.target.is_some_and(|t| t.bases.contains(class))
    }
}

impl<'m> JoinColumns<'m> {
    /// The foreign key columns, as SQLAlchemy annotates them: those in `foreign(...)` when any
    /// are, else each compared column that references the column it is compared with. Where a
    /// table name is unknown, the columns that may reference it are included, and the set is not
    /// `certain`: the true keys are among them.
    pub fn foreign_keys(&self, db: &dyn Db, models: &ModelRegistry, schema: &Schema) -> ForeignKeys<'m> {
        if self.columns.iter().any(|c| c.foreign) {
            return ForeignKeys {
                columns: self.columns.iter().filter(|c| c.foreign).copied().collect(),
                certain: true,
            };
        }
        let mut keys: Vec<usize> = Vec::new();
        let mut certain = true;
        for (l, r) in self.binaries.iter().filter_map(|b| b.columns) {
            for (a, b) in [(l, r), (r, l)] {
                let reference = references(db, models, schema, &self.columns[a], &self.columns[b]);
                certain &= reference != Reference::Maybe;
                if !keys.contains(&a) && reference != Reference::No {
                    keys.push(a);
                }
            }
        }
        ForeignKeys { columns: keys.into_iter().map(|i| self.columns[i]).collect(), certain }
    }

    /// The columns each binary expression relates, one from each operand: SQLAlchemy needs at
    /// least one such pair between the two sides (its local/remote pairs) to configure the
    /// relationship.
    pub fn pairs(&self) -> impl Iterator<Item = (JoinColumn<'m>, JoinColumn<'m>)> + '_ {
        self.binaries.iter().flat_map(move |b| {
            b.left.clone().flat_map(move |l| b.right.clone().map(move |r| (self.columns[l], self.columns[r])))
        })
    }

    pub fn any_remote(&self) -> bool {
        self.columns.iter().any(|c| c.remote)
    }
}

/// The foreign key columns of a join condition.
pub struct ForeignKeys<'m> {
    pub columns: Vec<JoinColumn<'m>>,
    /// `false` when some of `columns` only may be keys (a table name is unknown).
    pub certain: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reference {
    Yes,
    /// A table name is unknown, and the key may point at it.
    Maybe,
    No,
}

/// Whether column `a` has a foreign key to column `b` (`a.references(b)`).
fn references(
    db: &dyn Db,
    models: &ModelRegistry,
    schema: &Schema,
    a: &JoinColumn<'_>,
    b: &JoinColumn<'_>,
) -> Reference {
    let key = column_key(b.attr);
    let theirs = mapped_tables(models, schema, b.model);
    let on_column = |tables: Option<&Vec<Name>>| {
        a.attr.foreign_keys.iter().any(|fk| {
            let column = fk.rsplit('.').next().unwrap_or(fk);
            column == key.as_str() && tables.is_none_or(|tables| tables.iter().any(|t| t == referenced_table(fk)))
        })
    };
    if let Some(tables) = &theirs
        && mapped_tables(models, schema, a.model).is_some()
    {
        // A `ForeignKeyConstraint` of `a`'s table over `a`'s column, to `b`'s tables.
        let constrained = foreign_key_links(db, models, schema, a.model).iter().any(|link| {
            link.attribute.is_none()
                && link.columns.contains(&column_key(a.attr))
                && link.reaches(schema, models, b.model, tables)
        });
        return if on_column(Some(tables)) || constrained { Reference::Yes } else { Reference::No };
    }
    // A key to `b`'s column, or a constraint over `a` (or keys we cannot all see) may point at `b`.
    let constrained = super::links::all_key_columns(db, schema, a.model)
        .is_none_or(|keys| keys.iter().any(|k| k.name == a.attr.name && k.foreign_keys.is_empty()));
    if on_column(theirs.as_ref()) || constrained { Reference::Maybe } else { Reference::No }
}

fn push<'m>(out: &mut JoinColumns<'m>, model: &'m Model, attr: &'m ModelAttr, marks: Marks) -> Operand {
    out.columns.push(JoinColumn { model, attr, foreign: marks.foreign, remote: marks.remote });
    Operand::Column(out.columns.len() - 1)
}

/// The `foreign(...)` and `remote(...)` wrapping an operand.
#[derive(Clone, Copy, Default)]
struct Marks {
    foreign: bool,
    remote: bool,
}

fn column_of<'m>(model: &'m Model, name: &str) -> Option<&'m ModelAttr> {
    model.attribute(name).filter(|a| a.kind == AttrKind::Column)
}

#[derive(Clone, Copy)]
enum Scope<'a> {
    /// A string, evaluated by SQLAlchemy among the registry's class names.
    Registry,
    /// Code in the relationship's module; `class_body` names the class whose body it is written in.
    Code { class_body: Option<&'a str> },
}

impl<'a> Scope<'a> {
    fn in_lambda(self) -> Scope<'a> {
        match self {
            Scope::Code { .. } => Scope::Code { class_body: None },
            registry => registry,
        }
    }
}

enum Owner<'m> {
    Class(&'m Model),
    /// A module-level `Table`, by name.
    Table(Name),
    Value,
}

enum ColumnRef {
    /// `Class.attribute`.
    Attribute(Name),
    /// `table.c.key`.
    Key(Name),
}

/// A Python expression's text as code, for a join SQLAlchemy evaluates from a string.
fn parse_expression(text: &str) -> Option<Expr> {
    let source: Arc<str> = Arc::from(format!("({})", text.trim()));
    let parsed = crate::syntax::parse_text(source);
    let root = parsed.root();
    if root.has_error() {
        return None;
    }
    let statement = root.named_child(0)?;
    let expression = statement.named_child(0)?;
    Some(crate::hir::lower_expr(expression, parsed.text()))
}

/// An f-string join condition as text, when every interpolation sits inside a quoted SQL literal
/// (`f"and_(Tag.kind == '{Kind.RUN.value}', foreign(Tag.run_id) == Run.id)"`): a literal compares
/// no column, so its value does not matter. An interpolation outside quotes may name columns.
fn join_text(parts: &[Expr]) -> Option<String> {
    let mut text = String::new();
    let mut quote: Option<char> = None;
    for part in parts {
        match part {
            Expr::Str(piece) => {
                for c in piece.chars() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        None if c == '\'' || c == '"' => quote = Some(c),
                        _ => {}
                    }
                }
                text.push_str(piece);
            }
            _ if quote.is_some() => text.push('?'),
            _ => return None,
        }
    }
    Some(text)
}
