"""Runs every `check_*` function of the runtime harness's project on a fresh SQLite database and
records what each `reveal_type(...)` really received. Run with the Python of a venv holding the
SQLAlchemy under test:

    $VENV/bin/python tests/runtime/record.py --out results.json

Each record: {"file", "line", "values": [description, ...]} (a line inside a loop sees several
values). A description is a class name ("int", "decimal.Decimal", "rt.models.User", "None"),
or {"row": [...]}, {"seq": "list", "items": [...]}, {"map": "dict", "items": [[key, value], ...]},
or {"callable": name} for methods.
"""
from __future__ import annotations

import argparse
import builtins
import importlib
import inspect
import json
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "project"


def class_name(value) -> str:
    cls = type(value)
    module = cls.__module__
    if module == "builtins":
        return cls.__qualname__
    return f"{module}.{cls.__qualname__}"


def describe(value, depth: int = 0):
    from sqlalchemy.engine import Row

    if value is None:
        return "None"
    if depth > 4:
        return class_name(value)
    if isinstance(value, Row):
        return {"row": [describe(v, depth + 1) for v in tuple(value)]}
    if inspect.ismethod(value) or inspect.isbuiltin(value) or inspect.isfunction(value):
        return {"callable": getattr(value, "__name__", "?")}
    if isinstance(value, (str, bytes)):
        return class_name(value)
    if isinstance(value, Mapping):
        return {"map": class_name(value), "items": [[describe(k, depth + 1), describe(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, (Sequence, set, frozenset)) and not hasattr(value, "__table__"):
        return {"seq": class_name(value), "items": [describe(v, depth + 1) for v in value]}
    return class_name(value)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    sys.path.insert(0, str(PROJECT))
    records: dict[tuple[str, int], list] = {}

    def reveal_type(value):
        frame = inspect.currentframe().f_back
        file = Path(frame.f_code.co_filename).resolve().relative_to(PROJECT).as_posix()
        records.setdefault((file, frame.f_lineno), []).append(describe(value))
        return value

    builtins.reveal_type = reveal_type
    checks = importlib.import_module("rt.checks")
    data = importlib.import_module("rt.data")
    failed = []
    for name, fn in sorted(vars(checks).items()):
        if name.startswith("check_") and callable(fn):
            session = data.seeded_session()
            try:
                fn(session)
            except Exception:
                failed.append(name)
                traceback.print_exc()
            finally:
                session.close()
    import sqlalchemy

    out = {
        "sqlalchemy": sqlalchemy.__version__,
        "reveals": [{"file": f, "line": line, "values": values} for (f, line), values in sorted(records.items())],
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    if failed:
        print(f"checks that raised: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
