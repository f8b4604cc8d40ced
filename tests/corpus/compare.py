#!/usr/bin/env python3
"""Compare `sqla schema --format json` with the oracle (what SQLAlchemy itself maps), per project and
over the whole corpus, against the targets of issue 10.

    python3 tests/corpus/compare.py [NAME...] [--markdown] [--no-fail] [--details N]
    python3 tests/corpus/compare.py --pair ORACLE.json SQLA.json --packages pkg[,pkg]

Reads `<cache>/oracle/<key>.json` and `<cache>/sqla/<key>.json` (run.sh writes both). Only what
belongs to the project counts, on both sides: models whose module is inside the project's packages,
Core tables whose file is; never migration scripts. Models are matched by module and class name, then
by class name and table. Facts are judged on what matched:
  python types: right / wrong / unknown (we said null); columns whose oracle type is null (SQLAlchemy
    itself cannot say) are not judged;
  relationships: target, direction, collection, optionality, each right / wrong / unknown (null, or
    the field is absent).
Percentages are over everything the oracle has (a missed model's columns count as missed, their types
as unknown). Exit status 1 when a target is missed (unless --no-fail).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Project, cache_dir, load_projects, select  # noqa: E402

MIGRATION_DIRS = {"migrations", "alembic", "versions", "migrate_repo", "alembic_migrations"}
REL_FACTS = ("target", "direction", "collection", "optional")

# The targets of issue 10: (what, minimum share right or found, wrong/phantom allowed).
TARGETS = {
    "models": 0.99,
    "tables": 0.99,
    "columns": 0.99,
    "types": 0.98,
    "relationships": 0.98,
}


# ---------------------------------------------------------------------------------------------
# What belongs to the project


def module_of_file(file: str | None, roots: list[str] = ()) -> str | None:
    """The module a file of the unpacked tree is imported as: `src/` and the project's `path`
    folders are import roots, not packages."""
    if not file or not file.endswith(".py"):
        return None
    parts = list(Path(file).with_suffix("").parts)
    for root in [*roots, "src"]:
        root_parts = [p for p in Path(root).parts if p != "."]
        if root_parts and parts[: len(root_parts)] == root_parts:
            parts = parts[len(root_parts):]
            break
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts else None


def belongs(module: str | None, packages: list[str], exclude: list[str]) -> bool:
    if not module:
        return False
    if module.startswith("src."):
        module = module[4:]
    if not any(module == p or module.startswith(p + ".") for p in packages):
        return False
    if any(module == e or module.startswith(e + ".") for e in exclude):
        return False
    return not any(part in MIGRATION_DIRS for part in module.split("."))


def project_models(doc: dict, packages: list[str], exclude: list[str], roots: list[str] = ()) -> list[dict]:
    out = []
    for m in doc.get("models", []):
        if m.get("abstract"):
            continue  # an abstract class maps nothing
        # by its module, or by its file when the module is spelt otherwise (the pairing then
        # reports the module as wrong)
        module = m.get("module")
        by_file = module_of_file(m.get("file"), roots)
        if belongs(module, packages, exclude) or (
            by_file and belongs(by_file, packages, exclude) and not _excluded(module, exclude)
        ):
            out.append(m)
    return out


def _excluded(module: str | None, exclude: list[str]) -> bool:
    """A module that is excluded or a migration script, whatever its file."""
    if not module:
        return False
    return any(module == e or module.startswith(e + ".") for e in exclude) or any(
        part in MIGRATION_DIRS for part in module.split(".")
    )


def project_tables(doc: dict, packages: list[str], exclude: list[str], roots: list[str] = ()) -> list[dict]:
    return [t for t in doc.get("tables", []) if belongs(module_of_file(t.get("file"), roots), packages, exclude)]


def norm_module(module: str | None) -> str | None:
    if module and module.startswith("src."):
        return module[4:]
    return module


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.unknown

    def add(self, other: "Tally") -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.unknown += other.unknown


@dataclass
class Result:
    project: str
    models_oracle: int = 0
    models_found: int = 0
    models_phantom: int = 0
    tables_oracle: int = 0
    tables_found: int = 0
    tables_phantom: int = 0
    columns_oracle: int = 0
    columns_found: int = 0
    columns_extra: int = 0
    rels_oracle: int = 0
    rels_found: int = 0
    rels_extra: int = 0  # relationships SQLAlchemy does not have: wrong claims
    types: Tally = field(default_factory=Tally)
    table_names: Tally = field(default_factory=Tally)  # of the models found
    rel: dict = field(default_factory=lambda: {f: Tally() for f in REL_FACTS})
    # (kind, where, detail): every miss, phantom and wrong fact, for fixing by pattern
    problems: list = field(default_factory=list)

    def add(self, other: "Result") -> None:
        for name in (
            "models_oracle", "models_found", "models_phantom", "tables_oracle", "tables_found",
            "tables_phantom", "columns_oracle", "columns_found", "columns_extra", "rels_oracle", "rels_found",
            "rels_extra",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.types.add(other.types)
        self.table_names.add(other.table_names)
        for f in REL_FACTS:
            self.rel[f].add(other.rel[f])
        self.problems.extend(other.problems)

    @property
    def rel_all(self) -> Tally:
        t = Tally()
        for f in REL_FACTS:
            t.add(self.rel[f])
        return t


def match_models(oracle: list[dict], ours: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs (oracle, ours), the oracle's unmatched (missed), ours unmatched (phantom)."""
    pairs = []
    by_qual: dict[tuple, list[dict]] = {}
    for m in ours:
        by_qual.setdefault((norm_module(m.get("module")), m.get("name")), []).append(m)
    rest_oracle = []
    used = set()
    for o in oracle:
        cands = [m for m in by_qual.get((o["module"], o["name"]), []) if id(m) not in used]
        if cands:
            pairs.append((o, cands[0]))
            used.add(id(cands[0]))
        else:
            rest_oracle.append(o)
    # Fall back to class name and table (ours may spell the module differently).
    missed = []
    for o in rest_oracle:
        cands = [
            m for m in ours
            if id(m) not in used and m.get("name") == o["name"] and o.get("table") and m.get("table") == o["table"]
        ]
        if len(cands) == 1:
            pairs.append((o, cands[0]))
            used.add(id(cands[0]))
        else:
            missed.append(o)
    phantom = [m for m in ours if id(m) not in used]
    return pairs, missed, phantom


def type_label(value) -> str:
    return "null" if value is None else str(value)


def compare_columns(res: Result, where: str, oracle_cols: list[dict], our_cols: list[dict]) -> None:
    res.columns_oracle += len(oracle_cols)
    ours_by_name = {c.get("name"): c for c in our_cols}
    ours_by_column = {c.get("column"): c for c in our_cols}
    used = set()
    for oc in oracle_cols:
        c = ours_by_name.get(oc["name"])
        if c is None or id(c) in used:
            c = ours_by_column.get(oc["column"])
        if c is None or id(c) in used:
            res.problems.append(("missed column", f"{where}.{oc['name']}", f"column {oc['column']!r}"))
            if oc.get("python_type") is not None:
                res.types.unknown += 1
            continue
        used.add(id(c))
        res.columns_found += 1
        want = oc.get("python_type")
        # JSON columns load whatever the document holds; `JSON.python_type` (`dict`) is no runtime
        # class (oracle answers made before the probe said so).
        if "JSON" in (oc.get("sql_type") or ""):
            want = None
        if want is None:
            continue  # SQLAlchemy itself cannot say: not judged
        got = c.get("python_type")
        if got is None:
            res.types.unknown += 1
            res.problems.append(("unknown type", f"{where}.{oc['name']}", f"oracle {want}"))
        elif got == want:
            res.types.right += 1
        else:
            res.types.wrong += 1
            res.problems.append(("wrong type", f"{where}.{oc['name']}", f"ours {got}, oracle {want}"))
    extra = [c for c in our_cols if id(c) not in used]
    res.columns_extra += len(extra)
    for c in extra:
        res.problems.append(("extra column", f"{where}.{c.get('name')}", f"column {c.get('column')!r}"))


def rel_fact(fact: str, oracle_rel: dict, our_rel: dict):
    """(right?, ours, oracle) for one fact; right is None when ours is unknown."""
    want = oracle_rel.get(fact)
    got = our_rel.get(fact)
    if fact == "target":
        if got is None:
            return None, got, want
        # ours may be qualified (module.Class): the class name must agree, the module too when given
        name = str(got).rsplit(".", 1)[-1]
        ok = name == want
        if ok and "." in str(got) and oracle_rel.get("target_module"):
            ok = str(got).rsplit(".", 1)[0] == oracle_rel["target_module"]
        return ok, got, want
    if got is None:
        return None, got, want
    return got == want, got, want


def compare_relationships(res: Result, where: str, oracle_rels: list[dict], our_rels: list[dict]) -> None:
    res.rels_oracle += len(oracle_rels)
    ours = {r.get("name"): r for r in our_rels}
    for orel in oracle_rels:
        r = ours.get(orel["name"])
        at = f"{where}.{orel['name']}"
        if r is None:
            res.problems.append(("missed relationship", at, f"-> {orel.get('target')} {orel.get('direction')}"))
            for fact in REL_FACTS:
                if fact != "optional" or orel.get("optional") is not None:
                    res.rel[fact].unknown += 1
            continue
        res.rels_found += 1
        for fact in REL_FACTS:
            if fact == "optional" and orel.get("optional") is None:
                continue  # a collection: no optionality to judge
            ok, got, want = rel_fact(fact, orel, r)
            if ok is None:
                res.rel[fact].unknown += 1
                res.problems.append((f"unknown {fact}", at, f"oracle {type_label(want)}"))
            elif ok:
                res.rel[fact].right += 1
            else:
                res.rel[fact].wrong += 1
                res.problems.append((f"wrong {fact}", at, f"ours {type_label(got)}, oracle {type_label(want)}"))
    oracle_names = {r["name"] for r in oracle_rels}
    for name, r in ours.items():
        if name not in oracle_names:
            res.rels_extra += 1
            res.problems.append(("extra relationship", f"{where}.{name}", f"-> {r.get('target')} {r.get('direction')}"))


def count_missed_model(res: Result, where: str, o: dict) -> None:
    cols = o.get("columns", [])
    res.columns_oracle += len(cols)
    res.types.unknown += sum(1 for c in cols if c.get("python_type") is not None)
    rels = o.get("relationships", [])
    res.rels_oracle += len(rels)
    for r in rels:
        for fact in REL_FACTS:
            if fact != "optional" or r.get("optional") is not None:
                res.rel[fact].unknown += 1


def compare_docs(
    name: str, oracle: dict, ours: dict, packages: list[str], exclude: list[str] = (), roots: list[str] = ()
) -> Result:
    # A module that failed to import in the oracle may have mapped half its classes: it is judged
    # on neither side (the oracle's status table lists these modules).
    exclude = list(exclude) + sorted(oracle.get("meta", {}).get("import_errors", {}))
    res = Result(project=name)
    o_models = project_models(oracle, packages, exclude, roots)
    s_models = project_models(ours, packages, exclude, roots)
    res.models_oracle = len(o_models)
    pairs, missed, phantom = match_models(o_models, s_models)
    res.models_found = len(pairs)
    res.models_phantom = len(phantom)
    for o in missed:
        where = f"{o['module']}.{o['name']}"
        res.problems.append(("missed model", where, f"table {o.get('table')!r} at {o.get('file')}:{o.get('line')}"))
        count_missed_model(res, where, o)
    for m in phantom:
        res.problems.append(
            ("phantom model", f"{m.get('module')}.{m.get('name')}", f"table {m.get('table')!r} at {m.get('file')}:{m.get('line')}")
        )
    for o, m in pairs:
        where = f"{o['module']}.{o['name']}"
        if norm_module(m.get("module")) != o["module"]:
            res.problems.append(("wrong module", where, f"ours {type_label(m.get('module'))}, oracle {o['module']}"))
        if o.get("table"):
            if m.get("table") is None:
                res.table_names.unknown += 1
                res.problems.append(("unknown table", where, f"oracle {o['table']}"))
            elif m.get("table") == o["table"]:
                res.table_names.right += 1
            else:
                res.table_names.wrong += 1
                res.problems.append(("wrong table", where, f"ours {m.get('table')}, oracle {o['table']}"))
        compare_columns(res, where, o.get("columns", []), m.get("columns", []))
        compare_relationships(res, where, o.get("relationships", []), m.get("relationships", []))

    # Core tables: matched by name (and file when a name repeats, e.g. one per example script)
    o_tables = project_tables(oracle, packages, exclude, roots)
    s_tables = project_tables(ours, packages, exclude, roots)
    res.tables_oracle = len(o_tables)
    used = set()
    for t in o_tables:
        cands = [s for s in s_tables if id(s) not in used and s.get("name") == t["name"]]
        if len(cands) > 1:
            cands = [s for s in cands if s.get("file") == t.get("file")] or cands
        where = f"table {t['name']} ({t.get('file')}:{t.get('line')})"
        if not cands:
            res.problems.append(("missed table", where, f"{len(t.get('columns', []))} columns"))
            res.columns_oracle += len(t.get("columns", []))
            res.types.unknown += sum(1 for c in t.get("columns", []) if c.get("python_type") is not None)
            continue
        used.add(id(cands[0]))
        res.tables_found += 1
        compare_columns(res, where, t.get("columns", []), cands[0].get("columns", []))
    for s in s_tables:
        if id(s) not in used:
            res.tables_phantom += 1
            res.problems.append(("phantom table", f"table {s.get('name')} ({s.get('file')}:{s.get('line')})", ""))
    return res


# ---------------------------------------------------------------------------------------------
# Targets and printing


def pct(n: int, d: int) -> str:
    return "n/a" if d == 0 else f"{100.0 * n / d:.1f}%"


def share(n: int, d: int) -> float:
    return 1.0 if d == 0 else n / d


def target_checks(total: Result) -> list[tuple[str, str, bool]]:
    """(target, measured, met?) for each target of the issue."""
    rel = total.rel_all
    return [
        (
            "models ≥ 99% found, 0 phantom",
            f"{pct(total.models_found, total.models_oracle)} found, {total.models_phantom} phantom",
            share(total.models_found, total.models_oracle) >= TARGETS["models"] and total.models_phantom == 0,
        ),
        (
            "model table names: 0 wrong (unknown allowed)",
            f"{total.table_names.right} right, {total.table_names.wrong} wrong, {total.table_names.unknown} unknown",
            total.table_names.wrong == 0,
        ),
        (
            "Core tables ≥ 99% found, 0 phantom",
            f"{pct(total.tables_found, total.tables_oracle)} found, {total.tables_phantom} phantom",
            share(total.tables_found, total.tables_oracle) >= TARGETS["tables"] and total.tables_phantom == 0,
        ),
        (
            "columns ≥ 99% found",
            f"{pct(total.columns_found, total.columns_oracle)}",
            share(total.columns_found, total.columns_oracle) >= TARGETS["columns"],
        ),
        (
            "python types ≥ 98% right, 0 wrong",
            f"{pct(total.types.right, total.types.total)} right, {total.types.wrong} wrong",
            share(total.types.right, total.types.total) >= TARGETS["types"] and total.types.wrong == 0,
        ),
        (
            "relationship facts ≥ 98% right, 0 wrong, 0 phantom",
            f"{pct(rel.right, rel.total)} right, {rel.wrong} wrong, {total.rels_extra} phantom",
            share(rel.right, rel.total) >= TARGETS["relationships"] and rel.wrong == 0 and total.rels_extra == 0,
        ),
    ] + [
        # The issue names each fact: each must hold on its own, not only their sum.
        (
            f"relationship {fact} ≥ 98% right, 0 wrong",
            f"{pct(t.right, t.total)} right, {t.wrong} wrong",
            share(t.right, t.total) >= TARGETS["relationships"] and t.wrong == 0,
        )
        for fact, t in ((fact, total.rel[fact]) for fact in REL_FACTS)
    ]


def text_block(res: Result, header: str) -> str:
    rel = res.rel
    lines = [
        header,
        f"  models   {res.models_oracle} oracle: {res.models_found} found, "
        f"{res.models_oracle - res.models_found} missed, {res.models_phantom} phantom",
        f"  tables   {res.tables_oracle} oracle: {res.tables_found} found, "
        f"{res.tables_oracle - res.tables_found} missed, {res.tables_phantom} phantom",
        f"  columns  {res.columns_oracle} oracle: {res.columns_found} found, "
        f"{res.columns_oracle - res.columns_found} missed ({res.columns_extra} extra)",
        f"  model table names {res.table_names.right} right, {res.table_names.wrong} wrong, {res.table_names.unknown} unknown",
        f"  types    {res.types.right} right, {res.types.wrong} wrong, {res.types.unknown} unknown",
        f"  relationships {res.rels_oracle} oracle, {res.rels_found} found, {res.rels_extra} phantom",
    ]
    for f in REL_FACTS:
        lines.append(f"    {f:<10} {rel[f].right} right, {rel[f].wrong} wrong, {rel[f].unknown} unknown")
    return "\n".join(lines)


def problem_order(kind: str) -> int:
    order = ["wrong", "phantom", "missed", "extra", "unknown"]
    for i, prefix in enumerate(order):
        if kind.startswith(prefix):
            return i
    return len(order)


def sorted_problems(results: list[Result]) -> list[tuple[str, str, str, str]]:
    out = []
    for r in results:
        for kind, where, detail in r.problems:
            out.append((kind, r.project, where, detail))
    return sorted(out, key=lambda p: (problem_order(p[0]), p[0], p[1], p[2]))


@dataclass
class Row:
    project: Project
    oracle: dict | None
    result: Result | None
    sqla_meta: dict | None
    note: str = ""


def load_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    return json.loads(path.read_text())


def gather(projects: list[Project]) -> list[Row]:
    rows = []
    status = load_json(cache_dir() / "oracle" / "status.json") or {}
    for p in projects:
        oracle = load_json(p.oracle_json)
        ours = load_json(p.sqla_json)
        meta = load_json(p.sqla_json.with_suffix(".meta.json"))
        if oracle is None:
            why = status.get(p.key)
            rows.append(Row(p, None, None, meta, f"oracle failed: {why[:200]}" if isinstance(why, str) else "no oracle result"))
            continue
        if oracle["meta"].get("configure_error"):
            # SQLAlchemy could not configure the project's mappers: it has no answer to judge by.
            rows.append(Row(p, oracle, None, meta, "not judged: configure_mappers() failed in the oracle"))
            continue
        if ours is None:
            note = "sqla failed" if meta and meta.get("exit") not in (0, None) else "comparison pending"
            rows.append(Row(p, oracle, None, meta, note))
            continue
        oracle = own_tree(oracle, p.src)
        rows.append(Row(p, oracle, compare_docs(p.name, oracle, ours, p.packages, p.exclude, p.path), meta))
    return rows


def own_tree(doc: dict, root: Path) -> dict:
    """What the unpacked release's own files define: a namespace package (`airflow.providers.fab`)
    can import models from another distribution installed beside it, which sqla never sees."""
    root = root.resolve()

    def inside(entry: dict) -> bool:
        file = entry.get("file")
        if not file:
            return True
        path = (root / file).resolve()
        return path.is_relative_to(root) and path.exists()

    return {**doc, "models": [m for m in doc["models"] if inside(m)], "tables": [t for t in doc["tables"] if inside(t)]}


def oracle_counts(oracle: dict, p: Project) -> tuple[int, int, int, int]:
    models = project_models(oracle, p.packages, p.exclude, p.path)
    tables = project_tables(oracle, p.packages, p.exclude, p.path)
    return (
        len(models),
        sum(len(m["columns"]) for m in models),
        sum(len(m["relationships"]) for m in models),
        len(tables),
    )


def largest(rows: list[Row]) -> Row | None:
    """The project with the most Python source, by bytes (as run_sqla.py measured the tree)."""
    timed = [r for r in rows if r.sqla_meta and r.sqla_meta.get("py_bytes")]
    return max(timed, key=lambda r: r.sqla_meta["py_bytes"], default=None)


def oracle_status(rows: list[Row]) -> list[str]:
    out = ["| project | modules imported | configure_mappers | import failures (most common reasons) |",
           "|---|---|---|---|"]
    for row in rows:
        if row.oracle is None:
            out.append(f"| {row.project.name} | — | — | {row.note} |")
            continue
        meta = row.oracle["meta"]
        errors = meta.get("import_errors", {})
        reasons: dict[str, int] = {}
        for err in errors.values():
            reasons[err[:80]] = reasons.get(err[:80], 0) + 1
        common = "; ".join(f"{n}× {r}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:2])
        common = common.replace("|", "\\|")
        configured = "ok" if not meta.get("configure_error") else "failed: " + meta["configure_error"][:120].replace("|", "\\|")
        out.append(f"| {row.project.name} | {meta['imported']} / {meta['modules']} | {configured} | {common} |")
    return out


def markdown(rows: list[Row], details: int) -> str:
    big = largest(rows)
    out = []
    if big is not None:
        meta = big.sqla_meta
        out += [
            f"`sqla schema` on the largest project, {big.project.key} ({meta['py_files']} Python files, "
            f"{meta['py_bytes'] / 1e6:.1f} MB of Python): **{meta['seconds']:.2f} s** (wall clock, the fastest of "
            f"{meta.get('runs', 1)} runs of `{Path(meta['binary']).name}`, on a 2-core machine shared with other builds).",
            "",
        ]
    out += ["| project | version | SQLAlchemy | style | oracle: models / columns / rels / tables | "
           "models found / phantom | tables found / phantom | columns found | types right / wrong / unknown | "
           "rel. facts right / wrong / unknown | `sqla schema` s |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    dev, held = Result("corpus"), Result("held out")
    for row in rows:
        p = row.project
        name = p.name + (" (held out)" if p.held_out else "")
        sa = row.oracle["meta"]["sqlalchemy"] if row.oracle else p.sqlalchemy
        if row.oracle is None:
            out.append(f"| {name} | {p.version} | {sa} | {', '.join(p.style)} | {row.note} | | | | | | |")
            continue
        m, c, r, t = oracle_counts(row.oracle, p)
        secs = f"{row.sqla_meta['seconds']:.2f}" if row.sqla_meta and row.sqla_meta.get("seconds") is not None else ""
        base = f"| {name} | {p.version} | {sa} | {', '.join(p.style)} | {m} / {c} / {r} / {t} |"
        res = row.result
        if res is None:
            out.append(f"{base} {row.note} | | | | | {secs} |")
            continue
        (held if p.held_out else dev).add(res)
        ra = res.rel_all
        out.append(
            f"{base} {res.models_found} / {res.models_phantom} | {res.tables_found} / {res.tables_phantom} | "
            f"{pct(res.columns_found, res.columns_oracle)} | {res.types.right} / {res.types.wrong} / {res.types.unknown} | "
            f"{ra.right} / {ra.wrong} / {ra.unknown} | {secs} |"
        )
    compared = [r for r in rows if r.result is not None]
    total = Result("all")
    total.add(dev)
    total.add(held)
    out += ["", "## The oracle per project", ""] + oracle_status(rows) + [""]
    if not compared:
        out.append("Comparison pending: no `sqla schema` output yet; the table shows the oracle's counts.")
        return "\n".join(out) + "\n"
    out += ["## Totals against the targets", "", "| target | corpus (all) | met | without held-out | with held-out only |",
            "|---|---|---|---|---|"]
    for (label, measured, ok), (_, m_dev, _), (_, m_held, _) in zip(
        target_checks(total), target_checks(dev), target_checks(held)
    ):
        out.append(f"| {label} | {measured} | {'yes' if ok else '**no**'} | {m_dev} | {m_held} |")
    out += ["", "Relationship facts one by one:", ""]
    for f in REL_FACTS:
        t = total.rel[f]
        out.append(f"- {f}: {t.right} right, {t.wrong} wrong, {t.unknown} unknown ({pct(t.right, t.total)} right)")
    problems = sorted_problems([r.result for r in compared])
    out += ["", "## Every miss, phantom and wrong fact", ""]
    if not problems:
        out.append("None.")
    else:
        # Where each kind comes from, to fix by pattern
        counts: dict[str, dict[str, int]] = {}
        for kind, project, _, _ in problems:
            counts.setdefault(kind, {}).setdefault(project, 0)
            counts[kind][project] += 1
        out += ["| kind | count | projects |", "|---|---|---|"]
        for kind, per in counts.items():
            where = ", ".join(f"{p} {n}" for p, n in sorted(per.items(), key=lambda kv: -kv[1]))
            out.append(f"| {kind} | {sum(per.values())} | {where} |")
        out.append("")
    by_kind: dict[str, list] = {}
    for p in problems:
        by_kind.setdefault(p[0], []).append(p)
    for kind, items in by_kind.items():
        out += [f"### {kind} ({len(items)})", ""]
        # Every miss, phantom and wrong fact is listed; unknowns (allowed) and extras only up to N.
        cap = details if kind.startswith(("unknown", "extra")) else len(items)
        for _, project, where, detail in items[:cap]:
            out.append(f"- {project}: `{where}` {detail}".rstrip())
        if len(items) > cap:
            out.append(f"- … and {len(items) - cap} more (`python3 tests/corpus/compare.py` lists them all)")
        out.append("")
    return "\n".join(out) + "\n"


def text(rows: list[Row]) -> tuple[str, bool]:
    parts = []
    total = Result("all")
    for row in rows:
        p = row.project
        header = f"== {p.key} ({', '.join(p.style)}){' [held out]' if p.held_out else ''}"
        if row.result is None:
            parts.append(f"{header}\n  {row.note}")
            continue
        total.add(row.result)
        parts.append(text_block(row.result, header))
    compared = [r for r in rows if r.result is not None]
    ok = True
    if compared:
        parts.append(text_block(total, f"== corpus: {len(compared)} projects compared"))
        parts.append("== targets")
        for label, measured, met in target_checks(total):
            ok &= met
            parts.append(f"  [{'ok' if met else 'MISSED'}] {label}: {measured}")
        problems = sorted_problems([r.result for r in compared])
        parts.append(f"== problems ({len(problems)})")
        for kind, project, where, detail in problems:
            parts.append(f"  {kind}: {project}: {where}: {detail}")
    else:
        parts.append("== no sqla output to compare yet")
    return "\n".join(parts) + "\n", ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="projects (default: all)")
    ap.add_argument("--markdown", action="store_true", help="print the markdown report (for docs/corpus.md)")
    ap.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    ap.add_argument("--details", type=int, default=30, help="markdown: at most N unknowns / extras listed per kind")
    ap.add_argument("--pair", nargs=2, metavar=("ORACLE", "SQLA"), help="compare two JSON files directly")
    ap.add_argument("--packages", default="", help="with --pair: the project's packages, comma-separated")
    ap.add_argument(
        "--expected",
        help="with --pair: a file of the problems allowed (one `kind: where` per line); any other problem "
        "fails, whatever the percentages (the CI slice is too small for them)",
    )
    args = ap.parse_args()

    if args.pair:
        oracle, ours = (json.loads(Path(f).read_text()) for f in args.pair)
        packages = [p for p in args.packages.split(",") if p]
        if not packages:
            packages = sorted({m["module"].split(".")[0] for m in oracle.get("models", [])}
                              | {(module_of_file(t.get("file")) or "").split(".")[0] for t in oracle.get("tables", [])} - {""})
        res = compare_docs("pair", oracle, ours, packages)
        project = Project(name="pair", version="", dist="", sqlalchemy="", packages=packages, style=["pair"], size="")
        report, ok = text([Row(project, oracle, res, None)])
        print(report, end="")
        if args.expected:
            ok = check_expected(res, Path(args.expected))
        return 0 if ok or args.no_fail else 1

    rows = gather(select(load_projects(), args.names))
    if args.markdown:
        print(markdown(rows, args.details), end="")
        ok = all(met for _, _, met in target_checks(_total(rows))) if any(r.result for r in rows) else True
    else:
        report, ok = text(rows)
        print(report, end="")
    return 0 if ok or args.no_fail else 1


def check_expected(res: Result, path: Path) -> bool:
    """Whether every problem is one the file allows (and each it allows still happens)."""
    allowed = {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}
    seen = {f"{kind}: {where}" for kind, where, _ in res.problems}
    unexpected = sorted(seen - allowed)
    gone = sorted(allowed - seen)
    for line in unexpected:
        print(f"UNEXPECTED {line}")
    for line in gone:
        print(f"NO LONGER HAPPENS (remove it from {path.name}) {line}")
    return not unexpected and not gone


def _total(rows: list[Row]) -> Result:
    total = Result("all")
    for r in rows:
        if r.result is not None:
            total.add(r.result)
    return total


if __name__ == "__main__":
    sys.exit(main())
