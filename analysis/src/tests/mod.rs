//! Unit tests of the engine through its IDE entry points, on inline multi-file fixtures.

mod hover;
mod ide;
mod inference;
mod layers;
mod models;
mod resolution;
mod rules;
mod rules_dynamic;
mod rules_models;
mod rules_queries;
mod rules_runtime;
mod rules_wiring;
mod schema;
mod schema_joins;

use crate::Series;
use crate::fixture::Fixture;

/// The typed models most tests import.
pub(crate) const MODELS: &str = r#"
#- /app/__init__.py
#- /app/models.py
from typing import List, Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    email: Mapped[Optional[str]]
    posts: Mapped[List["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
"#;

/// A fixture made of MODELS plus `main` as `/main.py`.
pub(crate) fn with_models(main: &str, series: Series) -> Fixture {
    Fixture::new(&format!("{MODELS}\n#- /main.py\n{main}"), series)
}

/// A type as 2.0 shows it; `None` (a table that does not know it) as `Unknown`.
pub(crate) fn shown(ty: Option<crate::types::Ty>) -> String {
    crate::types::display(&ty.unwrap_or(crate::types::Ty::Unknown), Series::V20)
}

/// Reveals of `/main.py` in a fixture made of MODELS plus `main`.
pub(crate) fn reveal(main: &str, series: Series) -> String {
    with_models(main, series).reveals("/main.py")
}
