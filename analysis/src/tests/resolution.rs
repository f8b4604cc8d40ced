//! Names across modules: aliases, relative imports, re-exports, star imports.

use crate::Series;
use crate::fixture::Fixture;

use super::MODELS;

fn reveals(files: &str, path: &str) -> String {
    Fixture::new(&format!("{MODELS}\n{files}"), Series::V21).reveals(path)
}

#[test]
fn module_aliases_and_submodules() {
    let text = reveals(
        r#"
#- /main.py
import sqlalchemy as sa
import sqlalchemy.orm as so
from app.models import User as U
reveal_type(sa.select(U.id))
reveal_type(so.aliased(U))
"#,
        "/main.py",
    );
    assert_eq!(text, "sa.select(U.id): Select[int]\nso.aliased(U): type[User]");
}

#[test]
fn relative_imports_and_reexports_through_init() {
    let text = reveals(
        r#"
#- /shop/__init__.py
from .models import Post as Article
#- /shop/models.py
from app.models import Post
#- /shop/api/__init__.py
#- /shop/api/views.py
from .. import Article
from ..models import Post
reveal_type(Article.title)
reveal_type(Post.id)
"#,
        "/shop/api/views.py",
    );
    assert_eq!(text, "Article.title: InstrumentedAttribute[str]\nPost.id: InstrumentedAttribute[int]");
}

#[test]
fn star_imports_follow_all() {
    let text = reveals(
        r#"
#- /lib.py
from app.models import User, Post
__all__ = ["User"]
#- /main.py
from lib import *
from sqlalchemy import *
reveal_type(select(User.name))
reveal_type(Post)
"#,
        "/main.py",
    );
    assert_eq!(text, "select(User.name): Select[str]\nPost: Unknown");
}

#[test]
fn import_cycles_do_not_hang() {
    let text = reveals(
        r#"
#- /a.py
from b import thing
#- /b.py
from a import thing
#- /main.py
from a import thing
reveal_type(thing)
"#,
        "/main.py",
    );
    assert_eq!(text, "thing: Unknown");
}

#[test]
fn self_referencing_definitions_do_not_recurse_forever() {
    let text = reveals(
        r#"
#- /main.py
import logging
log = log.getChild("x")
conf = conf.other.thing()
class C(C):
    pass
reveal_type(log)
reveal_type(C.x)
"#,
        "/main.py",
    );
    assert_eq!(text, "log: Unknown\nC.x: Unknown");
}

#[test]
fn namespace_packages_name_modules_from_the_import_root() {
    // `galaxy/` has no `__init__.py` (a PEP 420 namespace package shared by several wheels):
    // `galaxy/model/__init__.py` is `galaxy.model`, and its relative imports stay inside it.
    let fixture = Fixture::new(
        &format!(
            "{MODELS}\n#- /galaxy/model/__init__.py\nfrom .base import Thing\n#- /galaxy/model/base.py\nfrom app.models import User as Thing\n#- /web/config.py\n#- /web/pgadmin/__init__.py\n#- /web/pgadmin/model/__init__.py\n#- /main.py\nfrom galaxy.model import Thing\nreveal_type(Thing.name)\n"
        ),
        Series::V21,
    );
    assert_eq!(fixture.reveals("/main.py"), "Thing.name: InstrumentedAttribute[str]");
    fixture
        .host
        .analysis()
        .with_db(|db| {
            let model = crate::hir::module_map(db).file("galaxy.model").expect("galaxy.model");
            assert_eq!(crate::hir::module_name(db, model).as_deref(), Some("galaxy.model"));
            // A folder with modules of its own is an application root put on `sys.path`.
            let app = crate::hir::module_map(db).file("web.pgadmin.model").expect("web.pgadmin.model");
            assert_eq!(crate::hir::module_name(db, app).as_deref(), Some("pgadmin.model"));
        })
        .unwrap();
}

#[test]
fn plain_aliases_of_sqlalchemy_names_resolve_through_star_imports() {
    // keystone's pattern: a helper module re-binds SQLAlchemy's names (`Column = sql.Column`) and
    // a package re-exports them with a star import; models written with them are still columns.
    let fixture = Fixture::new(
        r#"
#- /common/__init__.py
#- /common/sql/__init__.py
from common.sql.core import *
#- /common/sql/core.py
import sqlalchemy as sql
from sqlalchemy.orm import declarative_base
ModelBase = declarative_base()
Column = sql.Column
String = sql.String
Integer = sql.Integer
#- /models.py
from common import sql
class Rule(sql.ModelBase):
    __tablename__ = "rules"
    id = sql.Column(sql.Integer, primary_key=True)
    path = sql.Column(sql.String(128))
#- /main.py
from models import Rule
def f(r: Rule):
    reveal_type(r.id)
    reveal_type(r.path)
"#,
        Series::V20,
    );
    assert_eq!(
        fixture.reveals("/main.py"),
        "r.id: int (checker: Column[int])\nr.path: str | None (checker: Column[str])"
    );
}

#[test]
fn a_known_library_in_the_workspace_is_still_that_library() {
    // An sdist analysed whole holds the library's own source: `sqlmodel.SQLModel` keeps its meaning
    // (a data model unless `table=True`), and a `__main__` block is not part of the module.
    let fixture = Fixture::new(
        r#"
#- /sqlmodel/__init__.py
from .main import SQLModel as SQLModel, Field as Field
#- /sqlmodel/main.py
from sqlalchemy.orm import DeclarativeMeta
class SQLModelMetaclass(DeclarativeMeta):
    pass
class SQLModel(metaclass=SQLModelMetaclass):
    pass
def Field(**kwargs):
    pass
#- /docs/app.py
from typing import Optional
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
from sqlmodel import Field, SQLModel
class HeroBase(SQLModel):
    name: str
class Hero(HeroBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
if __name__ == "__main__":
    Base = declarative_base()
    class Script(Base):
        __tablename__ = "script"
        id = Column(Integer, primary_key=True)
"#,
        Series::V20,
    );
    let models = fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let mut names: Vec<String> =
                registry.models.iter().filter(|m| !m.is_abstract).map(|m| m.name().to_string()).collect();
            names.sort();
            names
        })
        .unwrap();
    assert_eq!(models, ["Hero"]);
}

#[test]
fn a_stub_beside_its_module_is_what_imports_read() {
    // Alembic's `op.py` builds its functions at import time; `op.pyi` types them.
    let text = reveals(
        r#"
#- /migrate/__init__.py
#- /migrate/op.py
def get_bind(): ...
#- /migrate/op.pyi
from sqlalchemy.engine import Connection
def get_bind() -> Connection: ...
#- /main.py
from migrate import op
def upgrade():
    reveal_type(op.get_bind())
"#,
        "/main.py",
    );
    assert_eq!(text, "op.get_bind(): Connection");
}

#[test]
fn a_script_imports_modules_beside_it_as_pyright_does() {
    // `scripts/` is no package and no import root: pyright looks in the importer's own folder.
    let text = reveals(
        r#"
#- /scripts/queries.py
from app.models import User
from sqlalchemy import select
by_name = select(User.name)
#- /scripts/report.py
from queries import by_name
reveal_type(by_name)
"#,
        "/scripts/report.py",
    );
    assert_eq!(text, "by_name: Select[str]");
}

#[test]
fn under_1_4_type_checkers_see_sqlalchemy_untyped_and_the_precise_view_what_runs() {
    // Measured with pyright 1.1.414 and SQLAlchemy 1.4.54 (no annotations, no stubs): `select(...)`,
    // `User.id` and `session.execute(...)` are all `Unknown`.
    let text = Fixture::new(
        &format!(
            "{MODELS}\n{}",
            r#"
#- /main.py
from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    stmt = select(User.id, User.name)
    reveal_type(stmt)
    reveal_type(User.id)
    reveal_type(session.execute(stmt).first())
    reveal_type(User)
"#
        ),
        Series::V14,
    )
    .reveals("/main.py");
    assert_eq!(
        text,
        "stmt: Select[Tuple[int, str]] (checker: Unknown)\n\
         User.id: InstrumentedAttribute[int] (checker: Unknown)\n\
         session.execute(stmt).first(): Row[Tuple[int, str]] | None (checker: Unknown)\n\
         User: type[User]"
    );
}

#[test]
fn a_module_named_as_the_standard_librarys_does_not_shadow_it() {
    // `app/typing.py` is `app.typing`; `import typing` anywhere in `app/` is the standard library's.
    let text = reveals(
        r#"
#- /app/__init__.py
#- /app/typing.py
Callable = int
#- /app/config/__init__.py
#- /app/config/sync.py
from typing import Callable
from sqlalchemy.orm import Session
def make() -> Callable[[], Session]: ...
reveal_type(make())
"#,
        "/app/config/sync.py",
    );
    assert_eq!(text, "make(): () -> Session");
}

#[test]
fn an_installed_namespace_package_s_subpackage_does_not_stand_for_the_standard_library() {
    // `jaraco/collections/__init__.py` (jaraco is a namespace package) is `collections` to a walk
    // that stops at the first folder without `__init__.py`; `from collections import defaultdict`
    // is still the standard library's.
    let text = r#"
#- /proj/app/main.py
from collections import defaultdict
import sqlalchemy
inject = defaultdict(list)
reveal_type(inject)
#- /site/jaraco/collections/__init__.py
class FrozenDict(dict): ...
"#;
    let fixture = Fixture::with_libraries(text, Series::V20, "/proj", &["/site/jaraco"]);
    assert_eq!(fixture.reveals("/proj/app/main.py"), "inject: defaultdict[Unknown, list[Unknown]]");
}

#[test]
fn an_installed_namespace_package_is_named_from_site_packages_and_its_stubs_win() {
    // `google/` has no `__init__.py` in site-packages or in typeshed's protobuf stubs (partial:
    // a module without a stub is read from the source): `google.protobuf.symbol_database` is
    // the stub's, though the source shares more of the project's path, and
    // `google.protobuf.text_format` the source's.
    let text = r#"
#- /work/proj/app/main.py
import sqlalchemy
from google.protobuf import symbol_database, text_format
reveal_type(symbol_database.Default())
reveal_type(text_format.MessageToString())
#- /work/venv/lib/python3.12/site-packages/google/protobuf/__init__.py
#- /work/venv/lib/python3.12/site-packages/google/protobuf/symbol_database.py
def Default():
    return 1
#- /work/venv/lib/python3.12/site-packages/google/protobuf/text_format.py
def MessageToString() -> str: ...
#- /typeshed/stubs/protobuf/google/protobuf/__init__.pyi
#- /typeshed/stubs/protobuf/google/protobuf/symbol_database.pyi
class SymbolDatabase: ...
def Default() -> SymbolDatabase: ...
"#;
    let libraries = ["/work/venv/lib/python3.12/site-packages", "/typeshed/stubs"];
    let fixture = Fixture::with_libraries(text, Series::V20, "/work/proj", &libraries);
    assert_eq!(
        fixture.reveals("/work/proj/app/main.py"),
        "symbol_database.Default(): SymbolDatabase\ntext_format.MessageToString(): str"
    );
}

#[test]
fn a_folder_without_init_inside_a_package_is_a_namespace_portion_of_it() {
    // flask's `flask/sansio/` has no `__init__.py`: `flask/sansio/app.py` is `flask.sansio.app`,
    // and its `from ..config import Config` reads `flask/config.py`.
    let text = r#"
#- /proj/app/main.py
import sqlalchemy
from flask.sansio.app import App
reveal_type(App().make_config())
#- /site/flask/__init__.py
#- /site/flask/config.py
class Config(dict): ...
#- /site/flask/sansio/app.py
from ..config import Config
class App:
    def make_config(self) -> Config: ...
"#;
    let fixture = Fixture::with_libraries(text, Series::V20, "/proj", &["/site"]);
    assert_eq!(fixture.reveals("/proj/app/main.py"), "App().make_config(): Config");
}
