#!/usr/bin/env python3
"""Differential testing against pyright on the corpus: what type checkers see (`checker_type`)
must be what pyright says, on code nobody here wrote.

    python3 tests/corpus/differential.py --sqla target/release/sqla [--series 2.0|2.1] [NAME...]

For each unpacked corpus project (tests/corpus/fetch.py; its virtualenv from oracle.py holds its
dependencies): copies its Python files, inserts `reveal_type(...)` after every assignment (of
names), as the first statement of every `for` and `with ... as` body (their targets), and before
every `return <expr>`, in the files that use SQLAlchemy; runs pyright (the pinned one of
tests/conformance, `npm ci` there) in the project's virtualenv (for 2.1, SQLAlchemy 2.1 installed
in front of it, `extraPaths`); runs `sqla reveal --format json --sqlalchemy SERIES` on the same
files; and compares `checker_type` (`type` where they agree) with pyright's text.

Prints agreement per project and per construct kind, and the disagreements grouped by cause
(pyright's and our outer type constructor), with examples. Writes everything to
`<cache>/differential/<series>/<key>.json`. Held-out projects are measured like the others.
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import Project, cache_dir, load_projects, select

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PYRIGHT = REPO / "tests" / "conformance" / "node_modules" / ".bin" / "pyright"
TYPESHED = REPO / "tests" / "conformance" / "node_modules" / "pyright" / "dist" / "typeshed-fallback"
# The SQLAlchemy pyright reads, per series: the releases our tables follow (the projects' venvs
# resolve whatever 2.0.x their pins allow; 2.0.44's `Query.get` is `Optional[Any]`, 2.0.58's
# `Optional[_T]`), installed beside the venv and put first on pyright's path.
SQLALCHEMY = {"2.0": "sqlalchemy==2.0.58", "2.1": "sqlalchemy==2.1.9"}
# What marks a type as SQLAlchemy's (besides the project's mapped classes).
SNAPSHOTS = Path(__file__).resolve().parents[1] / "sqlalchemy_api"
# Names SQLAlchemy shares with typing and builtins: `Sequence[Row[...]]` is typing's.
SHARED_NAMES = {"Sequence", "Enum", "Callable", "Any", "Tuple", "List", "Dict", "Mapping", "Iterator",
                "Iterable", "Generator", "Type", "Optional", "Union", "Literal", "Generic", "Protocol",
                # and with the standard library (`uuid.UUID`, `decimal.Decimal`).
                "UUID", "Cursor", "Error", "Warning", "Decimal", "date", "datetime", "time",
                "timedelta", "deque", "partial", "NamedTuple", "TypedDict", "NoReturn", "Never", "Self",
                "Counter", "OrderedDict", "defaultdict", "ChainMap", "Event", "Lock", "Condition",
                "Mock", "MagicMock", "Path", "Exception", "object", "ABC", "ABCMeta", "Annotated", "Queue",
                "Empty", "Config", "Template",
                # xmlrpc.client.DateTime (rtorrent clients) reads like SQLAlchemy's type.
                "DateTime"}


def sqlalchemy_class_names(cache: Path) -> set[str]:
    """Every class SQLAlchemy defines, in either series: read from the installed sources (the
    projects' venvs hold 2.0, the overlay 2.1), not from the classes our tables know, so a
    reveal of a class we have no rows for still counts as SQLAlchemy's. The snapshots
    (tests/sqlalchemy_api) add theirs where no source is installed yet."""
    names: set[str] = set()
    for snapshot in SNAPSHOTS.glob("sqlalchemy-*.json"):
        names.update(json.loads(snapshot.read_text())["classes"])
    packages = list((cache / "venv").glob("*/lib/python*/site-packages/sqlalchemy"))[:1]
    packages += [cache / "differential" / "sqlalchemy-2.1" / "sqlalchemy"]
    for package in packages:
        for source in package.rglob("*.py"):
            if "testing" not in source.relative_to(package).parts:
                names.update(re.findall(r"^\s*class (\w+)\s*[(:]", source.read_text(errors="replace"), re.M))
    return names - SHARED_NAMES


def model_names(project: Project) -> set[str]:
    """The project's mapped classes, as SQLAlchemy itself found them (the oracle)."""
    try:
        return {m["name"] for m in json.loads(project.oracle_json.read_text())["models"]}
    except (OSError, ValueError, KeyError):
        return set()


def uses_sqlalchemy(text: str) -> bool:
    return "sqlalchemy" in text or "session" in text or "db.Model" in text or "Mapped[" in text


def instrument(source: str) -> tuple[str, dict[int, str]] | None:
    """The source with `reveal_type(...)` lines inserted, and the construct kind of each inserted
    line (1-based, in the new text). `None` when the file does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    lines = source.splitlines()
    # (line index to insert before, indentation, expression, kind)
    inserts: list[tuple[int, str, str, str]] = []

    def own_line(node: ast.stmt) -> str | None:
        """The statement's indentation, when it starts its line (not `if x: y = 1`)."""
        text = lines[node.lineno - 1]
        indent = text[: len(text) - len(text.lstrip())]
        return indent if len(indent) == node.col_offset and not text.rstrip().endswith("\\") else None

    def names(target: ast.expr) -> list[str]:
        if isinstance(target, ast.Name):
            return [target.id]
        if isinstance(target, (ast.Tuple, ast.List)):
            return [n for item in target.elts for n in names(item)]
        return []

    def body_start(body: list[ast.stmt]) -> tuple[int, str] | None:
        first = body[0]
        indent = own_line(first)
        return (first.lineno - 1, indent) if indent is not None and first.lineno > 0 else None

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and getattr(node, "value", None) is not None:
            indent = own_line(node)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if indent is None or node.end_lineno is None:
                continue
            for name in [n for t in targets for n in names(t)]:
                inserts.append((node.end_lineno, indent, name, "assignment"))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            start = body_start(node.body)
            if start:
                for name in names(node.target):
                    inserts.append((start[0], start[1], name, "for"))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            start = body_start(node.body)
            if start:
                for item in node.items:
                    for name in names(item.optional_vars) if item.optional_vars is not None else []:
                        inserts.append((start[0], start[1], name, "with"))
        elif isinstance(node, ast.Return) and node.value is not None:
            indent = own_line(node)
            if indent is None or node.end_lineno != node.lineno:
                continue
            expr = ast.get_source_segment(source, node.value)
            if expr and "\n" not in expr and "yield" not in expr and "await" not in expr:
                inserts.append((node.lineno - 1, indent, expr, "return"))
    if not inserts:
        return None
    by_line: dict[int, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for index, indent, expr, kind in inserts:
        by_line[index].append((indent, expr, kind))
    out: list[str] = []
    kinds: dict[int, str] = {}
    for index in range(len(lines) + 1):
        # Deeper blocks first: what ends an `else:` body comes before the statement after it.
        for indent, expr, kind in sorted(by_line.get(index, []), key=lambda e: -len(e[0])):
            out.append(f"{indent}reveal_type({expr})")
            kinds[len(out)] = kind
        if index < len(lines):
            out.append(lines[index])
    return "\n".join(out) + "\n", kinds


def project_files(project: Project) -> list[Path]:
    roots = [project.src / p for p in project.path] if project.path else [project.src]
    files = []
    for root in roots:
        for package in project.packages:
            base = root / package.replace(".", "/")
            if base.is_dir():
                files.extend(sorted(base.rglob("*.py")))
            elif base.with_suffix(".py").is_file():
                files.append(base.with_suffix(".py"))
    return files


def sqlalchemy_overlay(cache: Path, series: str) -> Path:
    target = cache / "differential" / f"sqlalchemy-{series}"
    if not (target / "sqlalchemy").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                        SQLALCHEMY[series]], check=True)
    return target


def pyright_reveals(work: Path, files: list[Path], project: Project, series: str, cache: Path) -> dict:
    config = {
        "include": [str(f) for f in files],
        "extraPaths": [str(sqlalchemy_overlay(cache, series))]
        + ([str(work / p) for p in project.path] if project.path else [str(work)]),
        "venvPath": str(project.venv.parent),
        "venv": project.venv.name,
        "typeCheckingMode": "basic",
        "reportMissingModuleSource": False,
    }
    (work / "pyrightconfig.json").write_text(json.dumps(config))
    proc = subprocess.run([str(PYRIGHT), "--outputjson", "-p", str(work / "pyrightconfig.json")],
                          capture_output=True, text=True, timeout=3600)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pyright failed on {project.key}: {proc.stderr[-2000:]}")
    out = {}
    for diag in doc.get("generalDiagnostics", []):
        m = re.match(r'Type of "(.*)" is "(.*)"$', diag.get("message", ""), re.S)
        if m and diag.get("severity") == "information":
            file = Path(diag["file"]).resolve().relative_to(work.resolve()).as_posix()
            out[(file, diag["range"]["start"]["line"] + 1)] = m.group(2)
    return out


def sqla_reveals(sqla: str, work: Path, files: list[Path], project: Project, series: str) -> dict:
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    if project.venv.is_dir():
        env["VIRTUAL_ENV"] = str(project.venv)
    # The standard library as pyright knows it: the typeshed its pinned release bundles.
    if TYPESHED.is_dir():
        env.setdefault("SQLA_TYPESHED", str(TYPESHED))
    proc = subprocess.run([sqla, "reveal", "--format", "json", "--sqlalchemy", series, "."],
                          cwd=work, capture_output=True, text=True, env=env, timeout=3600)
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            out[(Path(r["file"]).as_posix(), r["line"])] = r
    return out


def head(ty: str) -> str:
    return re.split(r"[\[|]", ty, maxsplit=1)[0].strip()


def previous_pyright(path: Path) -> dict | None:
    """pyright's answers from the last run's results, when only sqla changed since."""
    try:
        rows = json.loads(path.read_text())["reveals"]
    except (OSError, ValueError, KeyError):
        return None
    return {(r["file"], r["line"]): r["pyright"] for r in rows}


def run_project(project: Project, sqla: str, series: str, cache: Path, reuse_pyright: bool = False) -> dict:
    work = cache / "differential" / series / project.key
    previous = previous_pyright(work.parent / f"{project.key}.json") if reuse_pyright else None
    shutil.rmtree(work, ignore_errors=True)
    kinds: dict[tuple[str, int], str] = {}
    instrumented: list[Path] = []
    for file in project_files(project):
        rel = file.relative_to(project.src)
        dest = work / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = file.read_text(errors="replace")
        done = instrument(text) if uses_sqlalchemy(text) else None
        if done is None:
            dest.write_text(text)
            continue
        new_text, file_kinds = done
        dest.write_text(new_text)
        instrumented.append(dest)
        for line, kind in file_kinds.items():
            kinds[(rel.as_posix(), line)] = kind
    # Packages the tree needs to import itself (`__init__.py` files outside the packages).
    for init in project.src.rglob("__init__.py"):
        dest = work / init.relative_to(project.src)
        if not dest.exists() and dest.parent.exists():
            shutil.copy(init, dest)
    theirs = previous if previous is not None else pyright_reveals(work, instrumented, project, series, cache)
    ours = sqla_reveals(sqla, work, instrumented, project, series)
    rows = []
    for key, kind in sorted(kinds.items()):
        if key not in theirs:
            continue
        r = ours.get(key)
        mine = (r.get("checker_type") or r.get("type")) if r else None
        rows.append({"file": key[0], "line": key[1], "kind": kind, "pyright": theirs[key], "sqla": mine,
                     "expr": r.get("expr") if r else None})
    result = {"project": project.key, "series": series, "reveals": rows, "models": sorted(model_names(project))}
    (work.parent / f"{project.key}.json").write_text(json.dumps(result, indent=1))
    return result


def summarize(results: list[dict], cache: Path) -> None:
    def agree(row) -> bool:
        return row["sqla"] == row["pyright"]

    sqlalchemy_names = sqlalchemy_class_names(cache)

    def sa_related(row, models=frozenset()) -> bool:
        """pyright's type mentions a SQLAlchemy class or a mapped model."""
        return any(word in sqlalchemy_names or word in models for word in re.findall(r"[A-Za-z_]\w*", row["pyright"]))

    def unknown_where_known(row) -> bool:
        return (row["sqla"] is None or "Unknown" in row["sqla"]) and "Unknown" not in row["pyright"]

    totals = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    causes = collections.defaultdict(list)
    print(f"{'project':34} {'reveals':>8} {'agree':>7} {'SA-typed agree':>15} {'Unknown, pyright knows':>23}")
    for res in results:
        rows = res["reveals"]
        n = len(rows)
        a = sum(agree(r) for r in rows)
        models = frozenset(res.get("models", ()))
        sa = [r for r in rows if sa_related(r, models)]
        sa_a = sum(agree(r) for r in sa)
        unk = sum(unknown_where_known(r) for r in rows)
        totals.update(n=n, agree=a, sa=len(sa), sa_agree=sa_a, unknown=unk)
        pct = lambda x, d: f"{100 * x / d:5.1f}%" if d else "  n/a"
        print(f"{res['project']:34} {n:8} {pct(a, n):>7} {pct(sa_a, len(sa)):>8} of {len(sa):<5} {pct(unk, n):>23}")
        for r in rows:
            by_kind[r["kind"]].update(n=1, agree=agree(r))
            if not agree(r):
                ours = "missing" if r["sqla"] is None else head(r["sqla"])
                causes[(head(r["pyright"]), ours)].append(r | {"project": res["project"]})
    n = totals["n"]
    pct = lambda x, d: f"{100 * x / d:.1f}%" if d else "n/a"
    print(f"\nall: {n} reveals, agree {pct(totals['agree'], n)}; where pyright's type is SQLAlchemy's: "
          f"{pct(totals['sa_agree'], totals['sa'])} of {totals['sa']}; Unknown where pyright knows: "
          f"{pct(totals['unknown'], n)}")
    print("\nby construct:")
    for kind, c in sorted(by_kind.items()):
        print(f"  {kind:12} {c['n']:7} reveals, agree {pct(c['agree'], c['n'])}")
    print("\ndisagreements by cause (pyright's outer type / ours), largest first:")
    for (theirs, ours), rows in sorted(causes.items(), key=lambda kv: -len(kv[1]))[:40]:
        ex = rows[0]
        print(f"  {len(rows):6}  pyright {theirs} / sqla {ours}   e.g. {ex['project']} {ex['file']}:{ex['line']}"
              f"  pyright `{ex['pyright'][:80]}`  sqla `{(ex['sqla'] or '')[:80]}`")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--sqla", required=True)
    ap.add_argument("--series", default="2.0", choices=["2.0", "2.1"])
    ap.add_argument("--reuse-pyright", action="store_true",
                    help="take pyright's answers from the previous run's results (only sqla changed)")
    args = ap.parse_args()
    if not PYRIGHT.exists():
        raise SystemExit(f"no pyright at {PYRIGHT}: run `npm ci` in tests/conformance")
    cache = cache_dir()
    results = []
    for project in select(load_projects(), args.names):
        if not project.src.is_dir() or not project.venv.is_dir():
            print(f"{project.key}: not unpacked or no virtualenv (run tests/corpus/run.sh first)", file=sys.stderr)
            continue
        results.append(run_project(project, str(Path(args.sqla).resolve()), args.series, cache, args.reuse_pyright))
    summarize(results, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
