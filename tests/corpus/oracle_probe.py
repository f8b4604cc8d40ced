"""Runs INSIDE a project's venv (any SQLAlchemy from 1.4 on): imports the project's modules, lets
SQLAlchemy configure every mapper, and writes what SQLAlchemy itself says about each mapped class and
each Core Table, in the JSON shape of `sqla schema --format json` (plus a "meta" section).

    python oracle_probe.py --root SRC --packages a,b [--path .] [--exclude x.y] [--isolate] --out FILE

Only stdlib and SQLAlchemy are used here: this file is run by the venv's interpreter, not imported.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

# Folder names whose modules are migration scripts or their machinery: never imported, never
# counted (a migration script's classes are not the app's models).
MIGRATION_DIRS = {"migrations", "alembic", "versions", "migrate_repo", "alembic_migrations"}
MIGRATION_MARKER = re.compile(r"^down_revision\s*[:=]", re.M)
MODELISH = {"models", "model", "orm", "db", "database", "tables", "entities"}
UNIMPORTABLE: dict[str, str] = {}  # module name -> why no import can reach it


# ---------------------------------------------------------------------------------------------
# Which modules belong to the project


def module_files(packages: list[str], exclude: list[str]):
    """(module name, file) for every .py file of the project's packages, found on disk.

    The packages are located with importlib (installed, or under a --path folder) without
    importing them; their folders are walked so a module nobody imports is still tried."""
    import importlib.util

    out = []
    for pkg in packages:
        spec = importlib.util.find_spec(pkg)
        if spec is None:
            continue
        if spec.submodule_search_locations:
            bases = [Path(p) for p in spec.submodule_search_locations]
        else:
            out.append((pkg, Path(spec.origin)))
            continue
        for base in bases:
            for dirpath, dirnames, filenames in os.walk(base):
                rel = Path(dirpath).relative_to(base)
                parts = [p for p in rel.parts]
                dirnames[:] = sorted(
                    d for d in dirnames if d.isidentifier() and d not in MIGRATION_DIRS and d != "__pycache__"
                )
                for fn in sorted(filenames):
                    if not fn.endswith(".py"):
                        continue
                    stem = fn[:-3]
                    if stem in ("__main__", "setup", "conftest"):
                        continue
                    modparts = [pkg, *parts] + ([] if stem == "__init__" else [stem])
                    name = ".".join(modparts)
                    if not stem.isidentifier():
                        # No import can reach it (e.g. `dictlike-polymorphic.py`): recorded as
                        # failed, so it is judged on neither side.
                        UNIMPORTABLE[name] = "not importable: the file name is not a Python identifier"
                        continue
                    if any(name == e or name.startswith(e + ".") for e in exclude):
                        continue
                    path = Path(dirpath) / fn
                    try:
                        text = path.read_text(encoding="utf-8", errors="replace")
                    except OSError:
                        continue
                    if MIGRATION_MARKER.search(text):
                        continue
                    out.append((name, path))
    # Dedupe (namespace packages can list a folder twice). Model modules first: an app's entry
    # points import all its models before anything configures the mappers, and a view or schema
    # module imported earlier can configure them (and fail for good on a class not yet imported).
    seen, result = set(), []
    # The packages themselves come first of all, as `import pkg` would (pgadmin's model module
    # imports back from its package).
    def order(t):
        return (t[0] not in packages, not MODELISH & set(t[0].split(".")), t[0].count("."), t[0])

    for name, path in sorted(out, key=order):
        if name not in seen:
            seen.add(name)
            result.append((name, path))
    return result


def in_packages(module: str, packages: list[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


# ---------------------------------------------------------------------------------------------
# Where each Core Table was declared: a hook on Table construction, installed before any import


TABLE_SITES: dict[int, tuple] = {}  # id(table) -> (table, filename, line)


def _lib_dirs():
    """Folders of the libraries whose frames sit between a `Table(...)` call and Table's
    constructor: SQLAlchemy itself and the wrappers that hand tables to it."""
    import sqlalchemy

    dirs = [os.path.dirname(os.path.abspath(sqlalchemy.__file__))]
    for wrapper in ("flask_sqlalchemy", "sqlmodel"):
        try:
            mod = importlib.import_module(wrapper)
            dirs.append(os.path.dirname(os.path.abspath(mod.__file__)))
        except Exception:
            pass
    return tuple(d + os.sep for d in dirs)


def declaration_site(frame, name: str, project_files: set[str]) -> tuple[str, int]:
    """(file, line) where the table is declared. The project's own `Table` wrapper (buildbot's
    `sautils.Table(*args)`) is not the declaration: among the project frames calling each other,
    the first whose call spells the table's name (within 3 lines); else the innermost."""
    import linecache

    first = (os.path.abspath(frame.f_code.co_filename), frame.f_lineno)
    quoted = (f'"{name}"', f"'{name}'")
    depth = 0
    while frame is not None and depth < 10:
        fn = os.path.abspath(frame.f_code.co_filename)
        if fn not in project_files:
            break
        # the name may sit on the lines after `Table(`
        text = "".join(linecache.getline(fn, frame.f_lineno + i) for i in range(3))
        if any(q in text for q in quoted):
            return fn, frame.f_lineno
        frame, depth = frame.f_back, depth + 1
    return first


def install_table_hook(project_files: set[str]):
    import sqlalchemy
    from sqlalchemy import Table

    sqla_dir = os.path.dirname(os.path.abspath(sqlalchemy.__file__))
    orm_dirs = (os.path.join(sqla_dir, "orm") + os.sep, os.path.join(sqla_dir, "ext", "declarative") + os.sep)
    lib_dirs = _lib_dirs()

    def record(table):
        """Record where `table` was declared when that is a direct `Table(...)` call in the
        project's code: the first frame outside SQLAlchemy (and the wrappers) is a project file.
        A table made by the ORM from a class (declarative) is that class's, not a Core table;
        one made by another library (even while a project module imports it) is not the project's."""
        if id(table) in TABLE_SITES:
            return
        frame = sys._getframe(2)
        depth = 0
        while frame is not None and depth < 40:
            fn = frame.f_code.co_filename
            if fn == "<string>":  # code generated by SQLAlchemy's decorators
                frame, depth = frame.f_back, depth + 1
                continue
            fn = os.path.abspath(fn)
            if fn.startswith(orm_dirs):
                return
            if not fn.startswith(lib_dirs):
                if fn in project_files:
                    TABLE_SITES[id(table)] = (table, *declaration_site(frame, table.name, project_files))
                return
            frame, depth = frame.f_back, depth + 1

    if hasattr(Table, "_init") and not hasattr(Table, "_new"):  # SQLAlchemy 1.4
        original = Table._init

        def _init(self, *args, **kw):
            original(self, *args, **kw)
            record(self)

        Table._init = _init
    else:  # 2.x: __new__ calls __init__(..., _no_init=False) once for a new table
        original = Table.__init__

        def __init__(self, *args, **kw):
            original(self, *args, **kw)
            if kw.get("_no_init", True) is False:
                record(self)

        Table.__init__ = __init__


# ---------------------------------------------------------------------------------------------
# Facts, as SQLAlchemy reports them


def type_name(t) -> str:
    mod = getattr(t, "__module__", "")
    if mod == "builtins":
        return t.__qualname__
    return f"{mod}.{t.__qualname__}"


def is_json(sql_type) -> bool:
    """JSON columns (and decorators over them) load whatever the document holds."""
    import sqlalchemy as sa

    impl = getattr(sql_type, "impl_instance", None) or getattr(sql_type, "impl", None)
    return isinstance(sql_type, sa.JSON) or isinstance(impl, sa.JSON)


def python_type(col):
    # `JSON.python_type` is `dict`, but values load as the JSON holds them (a list, a string):
    # not a runtime class SQLAlchemy can vouch for.
    if is_json(col.type):
        return None
    try:
        return type_name(col.type.python_type)
    except NotImplementedError:
        return None
    except Exception:  # a broken custom type: SQLAlchemy cannot say either
        return None


def fk_targets(col) -> list[str]:
    out = []
    for fk in col.foreign_keys:
        try:
            out.append(fk.target_fullname)
        except Exception:
            out.append(str(fk._colspec))
    return sorted(out)


def column_json(key: str, col) -> dict:
    return {
        "name": key,
        "column": col.name,
        "python_type": python_type(col),
        "sql_type": type(col.type).__name__,
        "nullable": bool(col.nullable),
        "primary_key": bool(col.primary_key),
        "foreign_keys": fk_targets(col),
    }


def collection_of(rel) -> str:
    if not rel.uselist:
        return "scalar"
    cc = rel.collection_class
    if cc is None or cc is list:
        return "list"
    if cc is set:
        return "set"
    if cc is dict:
        return "dict"
    try:
        inst = cc()
    except Exception:
        return getattr(cc, "__name__", str(cc))
    # attribute_keyed_dict / column_keyed_dict / mapped_collection return factories of subclasses
    # of KeyFuncDict (MappedCollection in 1.4): all are keyed dicts.
    from sqlalchemy.orm import collections

    keyed = tuple(getattr(collections, n) for n in ("KeyFuncDict", "MappedCollection") if hasattr(collections, n))
    if isinstance(inst, keyed):
        return "dict"
    return type(inst).__name__


def lazy_of(rel):
    lazy = rel.lazy
    if lazy is True:
        return "select"
    if lazy is False:
        return "joined"
    if lazy is None:
        return "noload"
    return str(lazy)


def backref_name(rel):
    b = rel.backref
    if b is None:
        return None
    if isinstance(b, str):
        return b
    if isinstance(b, tuple) and b:
        return b[0]
    return str(b)


def optional_of(rel, direction):
    if rel.uselist:
        return None
    if direction != "MANYTOONE":
        return True
    try:
        locals_ = [l for l, _ in rel.local_remote_pairs]
    except Exception:
        return True
    if locals_ and all(not getattr(c, "nullable", True) for c in locals_):
        return False
    return True


def relationship_json(rel) -> dict:
    try:
        direction = rel.direction.name
    except Exception:
        direction = None
    try:
        target = rel.mapper.class_
        target_name, target_module = target.__name__, target.__module__
    except Exception:
        target_name, target_module = None, None
    return {
        "name": rel.key,
        "target": target_name,
        "target_module": target_module,
        "direction": direction,
        "uselist": bool(rel.uselist) if rel.uselist is not None else None,
        "collection": collection_of(rel) if rel.uselist is not None else None,
        "lazy": lazy_of(rel),
        "back_populates": rel.back_populates,
        "backref": backref_name(rel),
        "optional": optional_of(rel, direction),
    }


class Locator:
    """file/line of a class or table, relative to the unpacked project root."""

    def __init__(self, root: Path):
        self.root = root.resolve()

    def rel(self, filename: str, module: str | None) -> str | None:
        path = Path(filename).resolve()
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            pass
        # Installed copy (site-packages): the same path from the top package down, in the artifact.
        if module:
            top = module.split(".")[0]
            parts = path.parts
            if top in parts:
                i = len(parts) - 1 - parts[::-1].index(top)
                tail = Path(*parts[i:])
                for candidate in (tail, Path("src") / tail):
                    if (self.root / candidate).exists():
                        return str(candidate)
                return str(tail)
        return None

    def of_class(self, cls):
        try:
            filename = inspect.getsourcefile(cls)
            line = inspect.getsourcelines(cls)[1]
        except Exception:
            mod = sys.modules.get(cls.__module__)
            filename, line = getattr(mod, "__file__", None), None
        if not filename:
            return None, None
        return self.rel(filename, cls.__module__), line


def mapped_column_items(mapper):
    """(key, Column) for each column attribute that is a table column, as mapper.column_attrs has
    them (inherited ones included); column_property() over an expression is not a column."""
    from sqlalchemy import Column

    local = mapper.local_table
    for prop in mapper.column_attrs:
        cols = [c for c in prop.columns if isinstance(c, Column)]
        if not cols:
            continue
        own = [c for c in cols if c.table is local]
        yield prop.key, (own or cols)[0]


def registries():
    from sqlalchemy.orm import mapperlib

    regs = getattr(mapperlib, "_mapper_registries", None)
    if regs is not None:
        return list(regs)
    return []


def all_mappers():
    seen = []
    for reg in registries():
        try:
            seen.extend(reg.mappers)
        except Exception:
            # A class whose mapping raised half-way leaves a manager without a mapper, and
            # registry.mappers (1.4) raises for it: take the others one by one.
            for manager in list(getattr(reg, "_managers", ())):
                try:
                    seen.append(manager.mapper)
                except Exception:
                    pass
    return seen


def walk(packages: list[str], locator: Locator, file_modules: dict[str, str]) -> dict:
    models = []
    mapped_tables = set()
    for mapper in sorted(all_mappers(), key=lambda m: (m.class_.__module__, m.class_.__qualname__)):
        cls = mapper.class_
        mapped_tables.add(id(mapper.local_table))
        if not in_packages(cls.__module__, packages):
            continue
        file, line = locator.of_class(cls)
        table = getattr(mapper.local_table, "name", None)
        model = {
            "name": cls.__name__,
            "qualname": cls.__qualname__,
            "module": cls.__module__,
            "table": table if isinstance(table, str) else None,
            "file": file,
            "line": line,
            "abstract": False,
            "columns": [],
            "relationships": [],
        }
        try:
            model["columns"] = [column_json(k, c) for k, c in mapped_column_items(mapper)]
        except Exception as exc:
            model["error"] = f"columns: {type(exc).__name__}: {exc}"
        try:
            model["relationships"] = [relationship_json(r) for r in mapper.relationships]
        except Exception as exc:
            model["error"] = f"relationships: {type(exc).__name__}: {exc}"
        models.append(model)

    tables = []
    for table, filename, line in sorted(TABLE_SITES.values(), key=lambda t: (t[1], t[2])):
        if table.metadata is None or table.metadata.tables.get(table.key) is not table:
            continue  # removed from its MetaData again
        tables.append(
            {
                "name": table.name,
                "schema": table.schema,
                "file": locator.rel(filename, file_modules.get(filename)),
                "line": line,
                "mapped": id(table) in mapped_tables,
                "columns": [column_json(c.key, c) for c in table.columns],
            }
        )
    return {"models": models, "tables": tables}


# ---------------------------------------------------------------------------------------------


def import_modules(mods):
    errors = {}
    imported = 0
    for name, _path in mods:
        out, err = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()  # modules that print on import must not spoil the JSON
        try:
            importlib.import_module(name)
            imported += 1
        except BaseException as exc:  # SystemExit and KeyboardInterrupt-alikes from scripts too
            if isinstance(exc, KeyboardInterrupt):
                raise
            errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        finally:
            sys.stdout, sys.stderr = out, err
    return imported, errors


def _is_project_class(cls, packages: list[str]) -> bool:
    module = cls.__module__
    return in_packages(module, packages) and not MIGRATION_DIRS & set(module.split("."))


def configure(packages: list[str]):
    """(error, error elsewhere). configure_mappers() configures every registry in the process; a
    class that fails in a registry holding none of the project's models (a migration script's,
    imported by some module) must not hide the project's own: those registries are then configured
    one by one."""
    from sqlalchemy.orm import configure_mappers

    try:
        configure_mappers()
        return None, None
    except Exception as exc:
        first = f"{type(exc).__name__}: {str(exc)[:2000]}"
    errors = []
    for reg in registries():
        try:
            mappers = list(reg.mappers)
        except Exception:
            mappers = []
        if not any(_is_project_class(m.class_, packages) for m in mappers):
            continue
        try:
            reg.configure(cascade=True)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {str(exc)[:2000]}")
    if errors:
        return "\n".join(errors), None
    return None, first


def run_one(args, mods) -> dict:
    project_files = {os.path.abspath(str(p)) for _, p in mods}
    # Installed modules resolve to their real path; the hook compares real paths.
    project_files |= {os.path.realpath(p) for p in project_files}
    install_table_hook(project_files)
    if args.prelude:
        out, err = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = io.StringIO()
        try:
            exec(compile(args.prelude, "<prelude>", "exec"), {"__name__": "__prelude__"})
        finally:
            sys.stdout, sys.stderr = out, err
    imported, errors = import_modules(mods)
    errors.update(UNIMPORTABLE)
    configure_error, elsewhere = configure(args.packages)
    file_modules = {}
    for name, path in mods:
        file_modules[os.path.abspath(str(path))] = name
        file_modules[os.path.realpath(str(path))] = name
    result = walk(args.packages, Locator(Path(args.root)), file_modules)
    import sqlalchemy

    result["meta"] = {
        "sqlalchemy": sqlalchemy.__version__,
        "python": sys.version.split()[0],
        "modules": len(mods),
        "imported": imported,
        "import_errors": errors,
        "configure_error": configure_error,
        "configure_error_elsewhere": elsewhere,
    }
    return result


def merge(parts: list[tuple[str, dict]], total_modules: int) -> dict:
    """One document from the isolated runs, (module, its run's document) each. A run whose
    configure_mappers() failed (a module that needs a sibling imported first, as an app's entry
    point would) gives nothing; its module counts as failed unless another run mapped its classes."""
    models, tables, errors, failed = {}, {}, {}, {}
    for name, part in parts:
        errors.update(part["meta"]["import_errors"])
        if part["meta"].get("configure_error"):
            failed[name] = part["meta"]["configure_error"]
            continue
        for m in part["models"]:
            models.setdefault((m["module"], m["qualname"]), m)
        for t in part["tables"]:
            tables.setdefault((t["file"], t["line"], t["name"]), t)
    provided = {module for module, _ in models}
    for name, error in failed.items():
        if name not in provided:
            errors[name] = "configure_mappers() failed when imported alone: " + error.splitlines()[0][:300]
    meta = next((dict(p["meta"]) for _, p in parts if "sqlalchemy" in p["meta"]), {})
    meta.update(
        {
            "modules": total_modules,
            "imported": total_modules - len(errors),
            "import_errors": errors,
            "configure_error": None,
            "isolated": True,
        }
    )
    return {"models": list(models.values()), "tables": list(tables.values()), "meta": meta}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--packages", required=True, type=lambda s: [p for p in s.split(",") if p])
    ap.add_argument("--path", default="", type=lambda s: [p for p in s.split(",") if p])
    ap.add_argument("--exclude", default="", type=lambda s: [p for p in s.split(",") if p])
    ap.add_argument("--isolate", action="store_true")
    ap.add_argument("--only", help="import just this module (used by --isolate)")
    ap.add_argument("--prelude", default="", help="Python run before the imports (an app that must exist first)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    for p in reversed(args.path):
        sys.path.insert(0, str((Path(args.root) / p).resolve()))
    warnings.simplefilter("ignore")
    mods = module_files(args.packages, args.exclude)

    if args.only:
        # Its tables are its own (the hook sees only this file); its classes are those of every
        # project module it imported, as an app importing it would have them.
        result = run_one(args, [m for m in mods if m[0] == args.only])
    elif args.isolate:
        parts = []
        tmp = Path(args.out + ".part.json")
        for name, _ in mods:
            cmd = [sys.executable, __file__, "--root", args.root, "--packages", ",".join(args.packages),
                   "--path", ",".join(args.path), "--exclude", ",".join(args.exclude), "--only", name,
                   "--out", str(tmp), "--prelude", args.prelude]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                parts.append((name, {"models": [], "tables": [], "meta": {"import_errors": {name: "timeout"}, "configure_error": None}}))
                continue
            if proc.returncode != 0 or not tmp.exists():
                tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
                parts.append((name, {"models": [], "tables": [], "meta": {"import_errors": {name: f"probe failed: {tail[0]}"}, "configure_error": None}}))
                continue
            part = json.loads(tmp.read_text())
            tmp.unlink()
            parts.append((name, part))
        result = merge(parts, len(mods))
        result["meta"]["import_errors"].update(UNIMPORTABLE)
    else:
        result = run_one(args, mods)

    result["models"].sort(key=lambda m: (m["module"], m["qualname"]))
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=False)


if __name__ == "__main__":
    main()
