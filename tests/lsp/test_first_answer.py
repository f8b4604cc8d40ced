"""The same answer at any time (issue 11): the first hover after `didOpen` is the one given once
the workspace is indexed, because the file's imports are loaded with it, whatever order indexing
reads the workspace in."""
import pathlib

from conftest import hover_text, open_doc, pos_of, progress_kinds, start, wait_indexed

MODELS = """from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str | None]
"""

QUERIES = """from sqlalchemy import select

from zz_models.tables import User

stmt = select(User.id, User.name, User.email)
"""


def workspace(root: pathlib.Path, fillers: int = 3000) -> pathlib.Path:
    """Many files that sort before the models, so indexing reaches them last."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'first'\n")
    fill = root / "aa_fill"
    fill.mkdir(parents=True)
    for n in range(fillers):
        (fill / f"m{n:05}.py").write_text(f"x{n} = {n}\n")
    (root / "zz_models").mkdir()
    (root / "zz_models" / "__init__.py").write_text("")
    (root / "zz_models" / "tables.py").write_text(MODELS)
    (root / "app").mkdir()
    (root / "app" / "queries.py").write_text(QUERIES)
    return root


async def test_first_hover_after_open_is_the_indexed_answer(client, tmp_path):
    root = workspace(tmp_path / "ws")
    await start(client, root, wait=False)
    path = root / "app" / "queries.py"
    uri = open_doc(client, path, QUERIES)
    first = await hover_text(client, uri, pos_of(QUERIES, "stmt =", 0))
    indexed_then = "end" in progress_kinds(client)
    assert "(variable) stmt: Select[int, str, str | None]" in first, first
    await wait_indexed(client, timeout=60)
    later = await hover_text(client, uri, pos_of(QUERIES, "stmt =", 0))
    assert later == first
    # The point of the test is a hover before indexing reached the models (3000 files first).
    assert not indexed_then
