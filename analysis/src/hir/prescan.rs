//! The byte-level pre-scan: which files can involve SQLAlchemy at all, decided from their text
//! and their import lines, without parsing. Files that cannot are never parsed for analysis.

use rustc_hash::FxHashSet;

use super::Name;
use super::modules::{module_map, module_name};
use crate::db::{Db, SourceFile, is_python_path};

/// Text every model declaration spells in some form: a file with none of these declares no mapped
/// class, so model discovery never parses it.
const MODEL_NEEDLES: &[&str] = &[
    "Mapped",
    "DeclarativeBase",
    "registry",
    "Column",
    "mapped_column",
    "relationship",
    "__tablename__",
    "__mapper_args__",
    "declarative",
    ".Model",
    "__abstract__",
    "__table__",
    "declared_attr",
    // SQLModel classes need no SQLAlchemy name at all (`class Hero(SQLModel, table=True)`).
    "SQLModel",
    "table=True",
    // Imperative mappings map plain classes declared elsewhere.
    "map_imperatively",
    "mapper(",
];

fn contains(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

/// Text every `Table(...)` declaration, `__tablename__` or reflection spells.
const TABLE_NEEDLES: &[&str] = &["Table(", "__tablename__", ".reflect(", "automap_base"];

/// Whether a file's text may declare mapped classes: a needle outside its import statements (a
/// file that imports `Mapped` or `relationship` and uses neither declares nothing).
pub fn may_declare_models(text: &str) -> bool {
    let any = |text: &str| MODEL_NEEDLES.iter().any(|needle| contains(text, needle));
    any(text) && any(&outside_imports(text))
}

/// The text without its import statements (parenthesised and backslash-continued ones whole).
fn outside_imports(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // An import goes on while its parenthesis is open, or after a line that ends with a backslash.
    let (mut open, mut continued) = (false, false);
    for line in text.lines() {
        let code = line.split('#').next().unwrap_or("");
        let starts = {
            let trimmed = code.trim_start();
            trimmed.starts_with("import ") || trimmed.starts_with("from ")
        };
        if open || continued || starts {
            open = (open || code.contains('(')) && !code.contains(')');
            continued = code.trim_end().ends_with('\\');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A file's pre-scan: the facts workspace-wide queries need from every file, read from its text
/// without parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Prescan {
    /// The text may declare mapped classes.
    pub models: bool,
    /// The text says `sqlalchemy`.
    pub sqlalchemy: bool,
    /// The text may declare tables (`Table(`, `__tablename__`, reflection).
    pub tables: bool,
    /// Its import lines.
    pub imports: Vec<(String, Vec<Name>)>,
    /// A class statement derives from an imported name (`class Admin(User):` after
    /// `from app.models import User`): it may be a mapped class no needle shows.
    pub subclasses_import: bool,
}

impl Prescan {
    pub fn of(path: &str, text: &str) -> Prescan {
        if !is_python_path(path) {
            return Prescan::default();
        }
        let imports = import_lines(text);
        Prescan {
            models: may_declare_models(text),
            sqlalchemy: contains(text, "sqlalchemy"),
            tables: TABLE_NEEDLES.iter().any(|needle| contains(text, needle)),
            subclasses_import: subclasses_import(text, &imports),
            imports,
        }
    }

    /// The pre-scan of a library file read for its types: unless it says `sqlalchemy` (a library
    /// building on one that does), it declares no models or tables; only its imports are kept.
    pub fn without_declarations(self) -> Prescan {
        if self.sqlalchemy { self } else { Prescan { imports: self.imports, ..Prescan::default() } }
    }
}

/// Whether a `class X(Base, ...)` line names an imported name (or an imported module's attribute)
/// among its bases.
fn subclasses_import(text: &str, imports: &[(String, Vec<Name>)]) -> bool {
    let mut imported: FxHashSet<&str> = imports
        .iter()
        .flat_map(|(module, names)| {
            let root = (names.is_empty()).then(|| module.split('.').next().unwrap_or(module));
            names.iter().map(|n| n.as_str()).chain(root)
        })
        .collect();
    // Aliases (`import app.models as m`, `from app.models import User as Account`).
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("import ") || trimmed.starts_with("from ") {
            let mut words = trimmed.split([' ', ',', '(', ')']).filter(|w| !w.is_empty());
            while let Some(word) = words.next() {
                if word == "as"
                    && let Some(alias) = words.next()
                {
                    imported.insert(alias);
                }
            }
        }
    }
    text.lines().any(|line| {
        let Some(rest) = line.trim_start().strip_prefix("class ") else { return false };
        let Some((_, bases)) = rest.split_once('(') else { return false };
        let bases = bases.split(')').next().unwrap_or(bases);
        bases.split(',').any(|base| imported.contains(base.trim().split(['.', '[', ' ']).next().unwrap_or("")))
    })
}

/// Whether a file can declare models; small and `Eq`, so an edit that keeps the answer costs nothing.
#[salsa::tracked(returns(copy))]
pub fn declares_models(db: &dyn Db, file: SourceFile) -> bool {
    *file.exists(db) && file.prescan(db).models
}

/// Whether a file may declare mapped classes, needles or not: it subclasses a name imported from a
/// module that provides models (`class Admin(User): pass` is mapped). Read from the durable pre-scan
/// only, so opening or editing a file costs the workspace nothing.
#[salsa::tracked(returns(copy))]
pub fn may_subclass_models(db: &dyn Db, file: SourceFile) -> bool {
    if declares_models(db, file) {
        return true;
    }
    *file.exists(db) && file.prescan(db).subclasses_import && {
        let providers = model_providers(db);
        imported_files(db, file).iter().any(|f| providers.contains(f))
    }
}

/// Whether a file may declare tables (the schema reads only those).
pub fn declares_tables(db: &dyn Db, file: SourceFile) -> bool {
    *file.exists(db) && file.prescan(db).tables
}

/// The files that declare models or re-export them from a package (`from .user import User` in
/// `__init__.py`), computed iteratively over the import graph (no recursion, however deep it is).
#[salsa::tracked(returns(ref))]
pub fn model_providers(db: &dyn Db) -> FxHashSet<SourceFile> {
    let files: Vec<SourceFile> = db.project().files(db).iter().copied().filter(|f| *f.exists(db)).collect();
    let mut providers: FxHashSet<SourceFile> = files.iter().copied().filter(|f| declares_models(db, *f)).collect();
    let packages: Vec<SourceFile> = files.into_iter().filter(|f| f.path(db).ends_with("__init__.py")).collect();
    loop {
        let before = providers.len();
        for package in &packages {
            if !providers.contains(package) && imported_files(db, *package).iter().any(|f| providers.contains(f)) {
                providers.insert(*package);
            }
        }
        if providers.len() == before {
            return providers;
        }
    }
}

/// Whether a file can involve SQLAlchemy: it mentions it, declares models, or imports a module that
/// provides models (so `User.query` and `session.scalars(select(User))` are found).
#[salsa::tracked(returns(copy))]
pub fn involves_sqlalchemy(db: &dyn Db, file: SourceFile) -> bool {
    if !*file.exists(db) || !is_python_path(file.path(db)) {
        return false;
    }
    let prescan = file.prescan(db);
    prescan.sqlalchemy || prescan.models || {
        let providers = model_providers(db);
        imported_files(db, file).iter().any(|f| providers.contains(f))
    }
}

/// The workspace files a file imports, read from its import lines without parsing.
#[salsa::tracked(returns(ref))]
pub fn imported_files(db: &dyn Db, file: SourceFile) -> Vec<SourceFile> {
    let own = module_name(db, file);
    let is_package = file.path(db).ends_with("__init__.py");
    let map = module_map(db);
    let mut files = Vec::new();
    for (module, names) in &file.prescan(db).imports {
        let Some(absolute) = absolute(module, own.as_deref(), is_package) else { continue };
        let candidates = std::iter::once(absolute.clone()).chain(names.iter().map(|n| format!("{absolute}.{n}")));
        for candidate in candidates {
            if let Some(found) = map.file_from(&candidate, file.path(db))
                && found != file
                && !files.contains(&found)
            {
                files.push(found);
            }
        }
    }
    files
}

fn absolute(module: &str, own: Option<&str>, is_package: bool) -> Option<String> {
    let dots = module.chars().take_while(|c| *c == '.').count();
    if dots == 0 {
        return Some(module.to_owned());
    }
    let mut parts: Vec<&str> = own?.split('.').collect();
    let drop = if is_package { dots - 1 } else { dots };
    for _ in 0..drop {
        parts.pop()?;
    }
    let rest = &module[dots..];
    if !rest.is_empty() {
        parts.push(rest);
    }
    (!parts.is_empty()).then(|| parts.join("."))
}

/// `import a.b as c` → (`a.b`, []); `from .x import (y, z)` → (`.x`, [y, z]). Reads logical lines,
/// joining parenthesised and backslash-continued ones; anything unusual is skipped, not guessed.
pub fn import_lines(text: &str) -> Vec<(String, Vec<Name>)> {
    let mut out = Vec::new();
    let mut pending: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        if let Some(mut joined) = pending.take() {
            joined.push(' ');
            joined.push_str(line.trim());
            if joined.contains('(') && !joined.contains(')') || joined.ends_with('\\') {
                pending = Some(joined.trim_end_matches('\\').to_owned());
            } else {
                parse_import(&joined, &mut out);
            }
            continue;
        }
        let trimmed = line.trim_start();
        if !(trimmed.starts_with("import ") || trimmed.starts_with("from ")) {
            continue;
        }
        let trimmed = trimmed.trim_end();
        if trimmed.contains('(') && !trimmed.contains(')') || trimmed.ends_with('\\') {
            pending = Some(trimmed.trim_end_matches('\\').to_owned());
        } else {
            parse_import(trimmed, &mut out);
        }
    }
    out
}

fn parse_import(statement: &str, out: &mut Vec<(String, Vec<Name>)>) {
    let cleaned = statement.replace(['(', ')'], " ");
    if let Some(rest) = cleaned.strip_prefix("import ") {
        for item in rest.split(',') {
            if let Some(module) = item.split_whitespace().next() {
                out.push((module.to_owned(), Vec::new()));
            }
        }
    } else if let Some(rest) = cleaned.strip_prefix("from ") {
        let mut parts = rest.splitn(2, " import ");
        let (Some(module), Some(names)) = (parts.next(), parts.next()) else { return };
        let names = names
            .split(',')
            .filter_map(|n| n.split_whitespace().next())
            .filter(|n| *n != "*")
            .map(Name::from)
            .collect();
        out.push((module.trim().to_owned(), names));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_names_alone_declare_no_models() {
        let imports_only = "from sqlalchemy.orm import (\n    Mapped,\n    relationship,\n)\nfrom sqlalchemy.orm import \\\n    mapped_column\nimport sqlalchemy.orm.Mapped\n\ndef f(session):\n    return 1\n";
        assert!(!may_declare_models(imports_only));
        assert!(may_declare_models(&format!("{imports_only}class User(Base):\n    name: Mapped[str]\n")));
        // After a backslash-continued import, the code is read again.
        assert!(may_declare_models("from a import \\\n    b\nx: Mapped[int]\n"));
        assert!(may_declare_models("from x import Base\nclass A(Base):\n    __tablename__ = 'a'\n"));
        assert!(may_declare_models("Base = declarative_base()\n"));
        // Not a statement start: a needle in a string or a call stays.
        assert!(may_declare_models("x = 'from here'; y = relationship('User')\n"));
    }

    #[test]
    fn models_without_sqlalchemy_names_pass() {
        // SQLModel table classes, and plain classes an imperative mapping maps.
        assert!(may_declare_models(
            "from sqlmodel import SQLModel\nclass Hero(SQLModel, table=True):\n    name: str\n"
        ));
        assert!(may_declare_models("from .base import Model\nclass Hero(Model, table=True):\n    name: str\n"));
        assert!(may_declare_models("def start():\n    reg.map_imperatively(model.Batch, batches)\n"));
        assert!(may_declare_models("class User(Base):\n    __table__ = users\n"));
    }

    #[test]
    fn subclasses_of_imported_names() {
        let of = |text: &str| Prescan::of("/m.py", text).subclasses_import;
        assert!(of("from app.models import User\nclass Admin(User):\n    pass\n"));
        assert!(of("import app.models\nclass Admin(Mixin, app.models.User):\n    pass\n"));
        assert!(!of("from app.models import User\nclass Form(object):\n    pass\n"));
        assert!(!of("class Admin(User):\n    pass\n"));
        assert!(of("import app.models as m\nclass Admin(m.User):\n    pass\n"));
        assert!(of("from app.models import (User as Account)\nclass Admin(Account):\n    pass\n"));
    }

    #[test]
    fn import_lines_in_their_common_forms() {
        let text = "import os, sqlalchemy as sa\nfrom .models import (\n    User,\n    Post,  # comment\n)\nfrom a.b import c as d \\\n    , e\nx = 'from nowhere import this'\n";
        let lines = import_lines(text);
        assert_eq!(lines[0], ("os".to_owned(), vec![]));
        assert_eq!(lines[1], ("sqlalchemy".to_owned(), vec![]));
        assert_eq!(lines[2], (".models".to_owned(), vec![Name::from("User"), Name::from("Post")]));
        assert_eq!(lines[3], ("a.b".to_owned(), vec![Name::from("c"), Name::from("e")]));
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn relative_modules() {
        assert_eq!(absolute("..models", Some("app.api.views"), false).as_deref(), Some("app.models"));
        assert_eq!(absolute(".", Some("app"), true).as_deref(), Some("app"));
        assert_eq!(absolute("...x", Some("a.b"), false), None);
    }
}
