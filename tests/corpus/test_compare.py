"""compare.py on small hand-made oracle / sqla documents (no network, no venv): `pytest tests/corpus`."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compare  # noqa: E402

HERE = Path(__file__).resolve().parent


def col(name, python_type="int", column=None, nullable=True, pk=False, fks=()):
    return {
        "name": name,
        "column": column or name,
        "python_type": python_type,
        "sql_type": "Integer",
        "nullable": nullable,
        "primary_key": pk,
        "foreign_keys": list(fks),
    }


def rel(name, target, direction, collection, optional, uselist=None):
    return {
        "name": name,
        "target": target,
        "target_module": "app.models",
        "direction": direction,
        "uselist": collection != "scalar" if uselist is None else uselist,
        "collection": collection,
        "lazy": "select",
        "back_populates": None,
        "backref": None,
        "optional": optional,
    }


ORACLE = {
    "models": [
        {
            "name": "User",
            "module": "app.models",
            "table": "user",
            "file": "app/models.py",
            "line": 5,
            "abstract": False,
            "columns": [col("id", pk=True, nullable=False), col("name", "str")],
            "relationships": [rel("addresses", "Address", "ONETOMANY", "set", None)],
        },
        {
            "name": "Address",
            "module": "app.models",
            "table": "address",
            "file": "app/models.py",
            "line": 12,
            "abstract": False,
            "columns": [
                col("id", pk=True, nullable=False),
                col("user_id", nullable=False, fks=["user.id"]),
                col("payload", None),  # SQLAlchemy cannot say: never judged
            ],
            "relationships": [rel("user", "User", "MANYTOONE", "scalar", False)],
        },
        {
            # A third-party model: outside the project's packages, never counted.
            "name": "Role",
            "module": "flask_appbuilder.models",
            "table": "ab_role",
            "file": None,
            "line": None,
            "abstract": False,
            "columns": [col("id")],
            "relationships": [],
        },
    ],
    "tables": [
        {"name": "tags", "file": "app/tables.py", "line": 3, "columns": [col("id"), col("label", "str")]},
        {"name": "alembic_thing", "file": "app/migrations/versions/abc.py", "line": 3, "columns": [col("id")]},
    ],
    "meta": {"sqlalchemy": "2.0.44", "import_errors": {}, "configure_error": None},
}


def run(ours, oracle=ORACLE):
    return compare.compare_docs("demo", oracle, ours, ["app"])


def test_oracle_against_itself_is_all_right():
    res = run(copy.deepcopy(ORACLE))
    assert (res.models_oracle, res.models_found, res.models_phantom) == (2, 2, 0)
    assert (res.tables_oracle, res.tables_found, res.tables_phantom) == (1, 1, 0)
    assert (res.columns_oracle, res.columns_found, res.columns_extra) == (7, 7, 0)
    # `payload` has no oracle type: 6 judged
    assert (res.types.right, res.types.wrong, res.types.unknown) == (6, 0, 0)
    # 2 relationships x (target, direction, collection) + optional of the scalar one only
    rel_all = res.rel_all
    assert (rel_all.right, rel_all.wrong, rel_all.unknown) == (7, 0, 0)
    assert res.problems == []
    assert all(met for _, _, met in compare.target_checks(res))


def test_wrong_unknown_missed_and_phantom_are_told_apart():
    ours = copy.deepcopy(ORACLE)
    user, address = ours["models"][0], ours["models"][1]
    user["columns"][1]["python_type"] = "int"  # wrong
    address["columns"][1]["python_type"] = None  # unknown
    del address["columns"][0]  # missed column
    user["relationships"][0]["collection"] = "list"  # wrong collection
    address["relationships"][0]["optional"] = True  # wrong optionality
    address["relationships"][0]["direction"] = None  # unknown direction
    user["relationships"].append(dict(copy.deepcopy(user["relationships"][0]), name="ghosts"))  # phantom
    ours["models"].append(dict(copy.deepcopy(user), name="Ghost", table="ghost"))  # phantom
    ours["tables"] = []  # missed table

    res = run(ours)
    assert (res.models_found, res.models_phantom) == (2, 1)
    assert (res.tables_found, res.tables_phantom) == (0, 0)
    assert res.columns_oracle == 7 and res.columns_found == 4
    assert (res.types.right, res.types.wrong, res.types.unknown) == (1, 1, 4)
    assert (res.rel["collection"].right, res.rel["collection"].wrong) == (1, 1)
    assert (res.rel["optional"].right, res.rel["optional"].wrong) == (0, 1)
    assert (res.rel["direction"].right, res.rel["direction"].unknown) == (1, 1)
    kinds = {(k, w) for k, w, _ in res.problems}
    assert ("wrong type", "app.models.User.name") in kinds
    assert ("unknown type", "app.models.Address.user_id") in kinds
    assert ("missed column", "app.models.Address.id") in kinds
    assert ("phantom model", "app.models.Ghost") in kinds
    assert ("wrong collection", "app.models.User.addresses") in kinds
    assert ("wrong optional", "app.models.Address.user") in kinds
    assert ("missed table", "table tags (app/tables.py:3)") in kinds
    assert ("extra relationship", "app.models.User.ghosts") in kinds
    assert res.rels_extra == 1
    checks = {label: met for label, _, met in compare.target_checks(res)}
    assert checks == {
        "models ≥ 99% found, 0 phantom": False,
        "model table names: 0 wrong (unknown allowed)": True,
        "Core tables ≥ 99% found, 0 phantom": False,
        "columns ≥ 99% found": False,
        "python types ≥ 98% right, 0 wrong": False,
        "relationship facts ≥ 98% right, 0 wrong, 0 phantom": False,
        "relationship target ≥ 98% right, 0 wrong": True,
        "relationship direction ≥ 98% right, 0 wrong": False,
        "relationship collection ≥ 98% right, 0 wrong": False,
        "relationship optional ≥ 98% right, 0 wrong": False,
    }


def test_models_match_by_name_and_table_when_module_differs():
    ours = copy.deepcopy(ORACLE)
    for m in ours["models"]:
        if m["module"] == "app.models":
            m["module"] = "src.app.models"  # a src layout spelt with its folder
    ours["models"][0]["module"] = "app.other"  # still app's, same class and table
    res = run(ours)
    assert (res.models_found, res.models_phantom) == (2, 0)


def test_a_model_spelt_under_another_module_is_found_by_its_file_and_told():
    ours = copy.deepcopy(ORACLE)
    ours["models"][0]["module"] = "models"  # e.g. a namespace package's name dropped
    res = run(ours)
    assert (res.models_found, res.models_phantom) == (2, 0)
    assert ("wrong module", "app.models.User", "ours models, oracle app.models") in res.problems


def test_table_names_right_wrong_unknown():
    ours = copy.deepcopy(ORACLE)
    ours["models"][0]["table"] = "users"  # a computed name guessed
    ours["models"][1]["table"] = None  # a computed name left unknown: allowed
    res = run(ours)
    assert (res.table_names.right, res.table_names.wrong, res.table_names.unknown) == (0, 1, 1)
    checks = {label: met for label, _, met in compare.target_checks(res)}
    assert checks["model table names: 0 wrong (unknown allowed)"] is False


def test_missed_model_counts_its_facts_as_missed_and_unknown():
    ours = copy.deepcopy(ORACLE)
    ours["models"] = [m for m in ours["models"] if m["name"] != "Address"]
    res = run(ours)
    assert res.models_found == 1 and res.models_oracle == 2
    assert res.columns_oracle == 7 and res.columns_found == 4
    assert res.types.unknown == 2  # id, user_id (payload has no oracle type)
    assert res.rel["optional"].unknown == 1


def test_modules_that_failed_to_import_are_judged_on_neither_side():
    oracle = copy.deepcopy(ORACLE)
    oracle["meta"]["import_errors"] = {"app.broken": "ImportError: no module named x"}
    ours = copy.deepcopy(ORACLE)
    # The oracle saw half of app.broken (a class mapped before the failing line); ours sees all.
    half = dict(copy.deepcopy(ORACLE["models"][0]), module="app.broken", name="Half", table="half")
    oracle["models"].append(half)
    ours["models"].append(copy.deepcopy(half))
    ours["models"].append(dict(copy.deepcopy(half), name="Rest", table="rest"))
    res = run(ours, oracle)
    assert (res.models_oracle, res.models_found, res.models_phantom) == (2, 2, 0)


def test_qualified_target_must_name_the_right_module():
    ours = copy.deepcopy(ORACLE)
    ours["models"][1]["relationships"][0]["target"] = "app.models.User"
    assert run(ours).rel["target"].wrong == 0
    ours["models"][1]["relationships"][0]["target"] = "plugins.models.User"
    assert run(ours).rel["target"].wrong == 1


def test_abstract_and_migration_entries_are_not_counted():
    ours = copy.deepcopy(ORACLE)
    ours["models"].append(dict(copy.deepcopy(ORACLE["models"][0]), name="Base", abstract=True, table=None))
    ours["models"].append(dict(copy.deepcopy(ORACLE["models"][0]), module="app.migrations.versions.x", name="User"))
    res = run(ours)
    assert res.models_phantom == 0


def test_cli_pair_exit_status(tmp_path):
    oracle = tmp_path / "oracle.json"
    oracle.write_text(json.dumps(ORACLE))
    same = subprocess.run(
        [sys.executable, str(HERE / "compare.py"), "--pair", str(oracle), str(oracle), "--packages", "app"],
        capture_output=True, text=True,
    )
    assert same.returncode == 0, same.stdout + same.stderr
    assert "[ok] models" in same.stdout

    broken = copy.deepcopy(ORACLE)
    broken["models"][0]["columns"][1]["python_type"] = "bytes"
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps(broken))
    cmd = [sys.executable, str(HERE / "compare.py"), "--pair", str(oracle), str(ours), "--packages", "app"]
    wrong = subprocess.run(cmd, capture_output=True, text=True)
    assert wrong.returncode == 1
    assert "wrong type: pair: app.models.User.name: ours bytes, oracle str" in wrong.stdout
    assert subprocess.run(cmd + ["--no-fail"], capture_output=True).returncode == 0


@pytest.mark.parametrize(
    "file, module",
    [("app/models.py", "app.models"), ("src/app/__init__.py", "app"), ("README.md", None), (None, None)],
)
def test_module_of_file(file, module):
    assert compare.module_of_file(file) == module


def test_only_what_the_release_own_files_define_is_judged(tmp_path):
    # A namespace package can import another distribution's models (airflow.providers.fab).
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text("")
    doc = {
        "models": [{"name": "Mine", "file": "app/models.py"}, {"name": "Theirs", "file": "app/providers/fab.py"},
                   {"name": "Outside", "file": "../elsewhere.py"}],
        "tables": [{"name": "t", "file": "app/models.py"}, {"name": "u", "file": "/usr/lib/x.py"}],
    }
    kept = compare.own_tree(doc, tmp_path)
    assert [m["name"] for m in kept["models"]] == ["Mine"]
    assert [t["name"] for t in kept["tables"]] == ["t"]


def test_the_slice_allows_only_the_problems_it_lists(tmp_path, capsys):
    ours = copy.deepcopy(ORACLE)
    ours["tables"] = []
    ours["models"][0]["columns"] = ours["models"][0]["columns"][1:]
    res = run(ours)
    assert len(res.problems) >= 2
    allowed = tmp_path / "expected.txt"
    allowed.write_text("# comment\n" + "\n".join(f"{k}: {w}" for k, w, _ in res.problems) + "\n")
    assert compare.check_expected(res, allowed)
    kind, where, _ = res.problems[0]
    allowed.write_text("\n".join(f"{k}: {w}" for k, w, _ in res.problems[1:]) + "\nunknown table: app.Gone\n")
    assert not compare.check_expected(res, allowed)
    out = capsys.readouterr().out
    assert f"UNEXPECTED {kind}: {where}" in out
    assert "NO LONGER HAPPENS (remove it from expected.txt) unknown table: app.Gone" in out
