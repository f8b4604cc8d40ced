"""oracle_probe.py on a small package written here: what SQLAlchemy says, as the corpus reads it.

Needs SQLAlchemy 2.x in the interpreter running pytest (skipped otherwise; any corpus venv has it:
`~/.cache/sqla-corpus/venv/optuna-5.1.0/bin/python -m pytest tests/corpus`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
if not sqlalchemy.__version__.startswith("2."):
    pytest.skip("needs SQLAlchemy 2.x", allow_module_level=True)

PROBE = Path(__file__).resolve().parent / "oracle_probe.py"

MODELS = '''
import enum
from sqlalchemy import Column, ForeignKey, Integer, JSON, Numeric, String, Table, Enum
from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship
from sqlalchemy.orm.collections import attribute_keyed_dict


class Base(DeclarativeBase):
    pass


class Color(enum.Enum):
    red = 1


tags = Table("tags", Base.metadata, Column("id", Integer, primary_key=True), Column("label", String))


class Parent(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
    price = Column(Numeric(asdecimal=False))
    color = Column(Enum(Color))
    data = Column(JSON)
    children = relationship("Child", collection_class=set, backref=backref("parent", uselist=False))
    by_name = relationship("Named", collection_class=attribute_keyed_dict("name"))


class Child(Base):
    __tablename__ = "child"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parent.id"))


class Named(Base):
    __tablename__ = "named"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship()


class Node(Base):
    __tablename__ = "node"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("node.id"))
    kids = relationship("Node")  # self-referential without remote_side: one-to-many


class Special(Parent):  # single-table inheritance: the parent's table and columns
    extra = Column(String)
'''


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    root = tmp_path_factory.mktemp("proj")
    pkg = root / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text(textwrap.dedent(MODELS))
    (pkg / "broken.py").write_text("import no_such_module\n")
    versions = pkg / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "abc.py").write_text("raise SystemExit('migration scripts are never imported')\n")
    out = root / "out.json"
    subprocess.run(
        [sys.executable, str(PROBE), "--root", str(root), "--packages", "app", "--path", ".", "--out", str(out)],
        check=True, cwd=root,
    )
    return json.loads(out.read_text())


def model(doc, name):
    return next(m for m in doc["models"] if m["name"] == name)


def rel(doc, cls, name):
    return next(r for r in model(doc, cls)["relationships"] if r["name"] == name)


def col(doc, cls, name):
    return next(c for c in model(doc, cls)["columns"] if c["name"] == name)


def test_models_files_and_import_errors(doc):
    assert sorted(m["name"] for m in doc["models"]) == ["Child", "Named", "Node", "Parent", "Special"]
    parent = model(doc, "Parent")
    assert (parent["module"], parent["table"], parent["file"]) == ("app.models", "parent", "app/models.py")
    assert doc["meta"]["import_errors"] == {"app.broken": "ModuleNotFoundError: No module named 'no_such_module'"}
    assert doc["meta"]["configure_error"] is None


def test_python_types_as_sqlalchemy_has_them(doc):
    assert col(doc, "Parent", "price")["python_type"] == "float"  # Numeric(asdecimal=False)
    assert col(doc, "Parent", "color")["python_type"] == "app.models.Color"
    assert col(doc, "Parent", "data")["python_type"] is None  # JSON loads whatever the document holds
    assert col(doc, "Named", "name")["python_type"] == "str"


def test_relationship_shapes(doc):
    children = rel(doc, "Parent", "children")
    assert (children["direction"], children["collection"], children["optional"]) == ("ONETOMANY", "set", None)
    # backref(uselist=False) on the other side: a scalar, optional (nullable key)
    back = rel(doc, "Child", "parent")
    assert (back["target"], back["direction"], back["collection"], back["optional"]) == (
        "Parent", "MANYTOONE", "scalar", True,
    )
    assert rel(doc, "Parent", "by_name")["collection"] == "dict"
    # NOT NULL key (Mapped[int]): the many-to-one is not optional
    assert rel(doc, "Named", "parent")["optional"] is False
    assert rel(doc, "Node", "kids")["direction"] == "ONETOMANY"


def test_inherited_columns_and_core_tables(doc):
    special = model(doc, "Special")
    assert special["table"] == "parent"
    assert {"id", "price", "extra"} <= {c["name"] for c in special["columns"]}
    assert {r["name"] for r in special["relationships"]} >= {"children", "by_name"}
    assert [(t["name"], t["file"], t["mapped"]) for t in doc["tables"]] == [("tags", "app/models.py", False)]
