#!/usr/bin/env python3
"""Regenerate the conformance expectations (expected/sa20.json, expected/sa21.json).

For each SQLAlchemy series this runs pyright over projects/ with the Python interpreter of a
virtualenv that has that series installed, collects every ``reveal_type`` note
(``Type of "<expr>" is "<T>"``) and writes one JSON array per series, sorted by
(file, line, column):

    {"file": "blog/queries.py", "line": 12, "column": 17, "expr": "stmt",
     "checker_type": "Select[Tuple[int, str]]", "type": "Select[Tuple[int, str]]"}

* ``file`` is relative to projects/, ``line``/``column`` are 1-based and point at the first
  character of the argument of reveal_type (all fixtures are ASCII, so characters == columns).
* ``expr`` is the argument's source text, ``checker_type`` is pyright's display.
* ``type`` is the most precise type: the ``# sqla: T`` / ``# sqla-2.0: T  sqla-2.1: T``
  annotation on that line for this series, else ``checker_type``.

The script fails loudly (exit 1) when pyright reports an error in the fixtures, when the
reveal_type calls found in the source do not match pyright's notes one to one, when a
``# sqla`` annotation does not parse, or when the interpreter's SQLAlchemy is not of the
expected series. Standard library only.

Usage:
    python3 tests/conformance/regen.py [--pyright PATH] [--python-2.0 PATH] [--python-2.1 PATH]
                                       [--make-venvs] [--series 2.0|2.1] [--check]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "projects"
EXPECTED = HERE / "expected"
CONFIG = HERE / "pyrightconfig.json"
PYTHON_VERSION = "3.11"

SERIES = {
    # series: (expected file, default venv, requirements file)
    "2.0": ("sa20.json", HERE / ".venvs" / "sa20", HERE / "requirements-2.0.txt"),
    "2.1": ("sa21.json", HERE / ".venvs" / "sa21", HERE / "requirements-2.1.txt"),
}

# Error diagnostics that are deliberate parts of the fixtures: (file relative to projects/,
# 1-based line, message substring). Keep in sync with README.md. Currently there are none.
ALLOWED_ERRORS: list[tuple[str, int, str]] = []

REVEAL_LINE = re.compile(r"^(?P<indent>\s*)reveal_type\(")
REVEAL_MESSAGE = re.compile(r'^Type of "(?P<expr>.*)" is "(?P<type>.*)"$', re.S)
ANNOTATION_START = re.compile(r"#\s*sqla(?:-2\.[01])?:")
ANNOTATION_SPLIT = re.compile(r"\s{2,}(?=sqla)")
ANNOTATION_PART = re.compile(r"^sqla(?:-(?P<series>2\.[01]))?:\s*(?P<type>\S.*)$")


class RegenError(Exception):
    pass


def parse_annotation(comment: str, where: str) -> dict[str, str]:
    """Parse the text after '#' of a '# sqla: T' / '# sqla-2.0: T1  sqla-2.1: T2' comment."""
    result: dict[str, str] = {}
    for part in ANNOTATION_SPLIT.split(comment.strip()):
        m = ANNOTATION_PART.match(part)
        if not m or "  " in m.group("type") or "#" in m.group("type"):
            raise RegenError(f"{where}: cannot parse annotation {comment.strip()!r}")
        series = m.group("series")
        for s in [series] if series else list(SERIES):
            if s in result:
                raise RegenError(f"{where}: series {s} annotated twice in {comment.strip()!r}")
            result[s] = m.group("type").strip()
    return result


def find_comment(line: str) -> str | None:
    """Return the text after the '#' that starts a '# sqla...' comment on this line, if any."""
    m = ANNOTATION_START.search(line)
    if not m:
        return None
    return line[m.start() + 1 :]


def scan_sources() -> dict[tuple[str, int, int], dict]:
    """Find every reveal_type(...) statement textually. Key: (file, line, column of argument)."""
    found: dict[tuple[str, int, int], dict] = {}
    for path in sorted(PROJECTS.rglob("*.py")):
        rel = path.relative_to(PROJECTS).as_posix()
        raw = path.read_bytes()
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError as exc:
            raise RegenError(f"{rel}: fixtures must be ASCII ({exc})") from None
        lines = text.splitlines()
        for lineno, line in enumerate(lines, start=1):
            m = REVEAL_LINE.match(line)
            if not m:
                if "reveal_type(" in line and not line.lstrip().startswith(("#", "from ", "import ")):
                    raise RegenError(f"{rel}:{lineno}: reveal_type must be a statement on its own line")
                continue
            col0 = m.end()
            while col0 < len(line) and line[col0] == " ":
                col0 += 1
            comment = find_comment(line)
            annotation = parse_annotation(comment, f"{rel}:{lineno}") if comment else {}
            found[(rel, lineno, col0 + 1)] = {"annotation": annotation, "lines": lines}
    return found


def slice_source(lines: list[str], start: dict, end: dict) -> str:
    sl, sc, el, ec = start["line"], start["character"], end["line"], end["character"]
    if sl == el:
        return lines[sl][sc:ec]
    parts = [lines[sl][sc:]] + lines[sl + 1 : el] + [lines[el][:ec]]
    return "\n".join(parts)


def sqlalchemy_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import sqlalchemy; print(sqlalchemy.__version__)"],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RegenError(f"{python}: cannot import sqlalchemy:\n{out.stderr}")
    return out.stdout.strip()


def pyright_version(pyright: str) -> str:
    out = subprocess.run([pyright, "--version"], capture_output=True, text=True, cwd=HERE)
    return out.stdout.strip().split()[-1] if out.returncode == 0 else "unknown"


def run_series(series: str, pyright: str, python: str, sources: dict) -> tuple[list[dict], str]:
    version = sqlalchemy_version(python)
    if not version.startswith(series + "."):
        raise RegenError(f"{python} has SQLAlchemy {version}, expected the {series} series")
    cmd = [
        pyright,
        "--outputjson",
        "--project",
        str(CONFIG),
        "--pythonpath",
        python,
        "--pythonversion",
        PYTHON_VERSION,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise RegenError(
            f"pyright did not produce JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        ) from None

    problems: list[str] = []
    records: list[dict] = []
    seen: set[tuple[str, int, int]] = set()
    for diag in report.get("generalDiagnostics", []):
        file = Path(diag.get("file", ""))
        try:
            rel = file.resolve().relative_to(PROJECTS).as_posix()
        except ValueError:
            rel = str(file)
        start = diag["range"]["start"]
        line, column = start["line"] + 1, start["character"] + 1
        severity = diag.get("severity")
        message = diag.get("message", "")
        if severity == "error":
            if not any(rel == f and line == ln and s in message for f, ln, s in ALLOWED_ERRORS):
                problems.append(f"error {rel}:{line}:{column}: {message} ({diag.get('rule', '')})")
            continue
        if severity == "warning":
            print(f"  warning {rel}:{line}:{column}: {message}", file=sys.stderr)
            continue
        m = REVEAL_MESSAGE.match(message)
        if severity != "information" or not m:
            continue
        key = (rel, line, column)
        if key not in sources:
            problems.append(f"reveal note without a reveal_type statement at {rel}:{line}:{column}: {message}")
            continue
        if key in seen:
            problems.append(f"two reveal notes at {rel}:{line}:{column}")
            continue
        seen.add(key)
        src = sources[key]
        checker_type = m.group("type")
        precise = src["annotation"].get(series)
        if precise == checker_type:
            print(f"  note {rel}:{line}: annotation for {series} equals pyright's type {checker_type!r}", file=sys.stderr)
        records.append(
            {
                "file": rel,
                "line": line,
                "column": column,
                "expr": slice_source(src["lines"], start, diag["range"]["end"]),
                "checker_type": checker_type,
                "type": precise if precise is not None else checker_type,
            }
        )
    for key in sorted(set(sources) - seen):
        problems.append("reveal_type statement without a pyright note at {}:{}:{}".format(*key))
    if len(records) != len(sources):
        problems.append(f"{len(sources)} reveal_type statements in the source, {len(records)} pyright notes")
    if problems:
        raise RegenError(f"SQLAlchemy {version}:\n  " + "\n  ".join(problems))
    records.sort(key=lambda r: (r["file"], r["line"], r["column"]))
    return records, version


def make_venv(series: str) -> None:
    _, venv, requirements = SERIES[series]
    if not (venv / "bin" / "python").exists():
        print(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run(pip + ["-r", str(requirements)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyright", help="pyright executable (default: ./node_modules/.bin/pyright)")
    parser.add_argument("--python-2.0", dest="python_20", help="python of a venv with SQLAlchemy 2.0")
    parser.add_argument("--python-2.1", dest="python_21", help="python of a venv with SQLAlchemy 2.1")
    parser.add_argument("--make-venvs", action="store_true", help="create .venvs/sa20 and .venvs/sa21 from the requirements files")
    parser.add_argument("--series", choices=sorted(SERIES), action="append", help="only this series (repeatable)")
    parser.add_argument("--check", action="store_true", help="do not write; fail if the expected files are out of date")
    args = parser.parse_args()

    pyright = args.pyright or str(HERE / "node_modules" / ".bin" / "pyright")
    if not (os.path.exists(pyright) or shutil.which(pyright)):
        print(f"pyright not found at {pyright}: run `npm ci` in {HERE} or pass --pyright PATH", file=sys.stderr)
        return 2
    selected = args.series or sorted(SERIES)
    pythons = {"2.0": args.python_20, "2.1": args.python_21}
    try:
        for series in selected:
            if args.make_venvs and not pythons[series]:
                make_venv(series)
            pythons[series] = pythons[series] or str(SERIES[series][1] / "bin" / "python")
            if not os.path.exists(pythons[series]):
                raise RegenError(f"no python for {series} at {pythons[series]}: use --make-venvs or --python-{series}")

        sources = scan_sources()
        pv = pyright_version(pyright)
        print(f"pyright {pv}; {len(sources)} reveal_type statements in {PROJECTS.relative_to(HERE)}/")
        stale = []
        for series in selected:
            records, version = run_series(series, pyright, pythons[series], sources)
            out = EXPECTED / SERIES[series][0]
            # one object per line: a valid JSON array that diffs line by line
            text = "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n"
            precise = sum(1 for r in records if r["type"] != r["checker_type"])
            print(f"SQLAlchemy {version}: {len(records)} reveals ({precise} with a more precise type) -> {out.relative_to(HERE)}")
            if args.check:
                if not out.exists() or out.read_text() != text:
                    stale.append(str(out.relative_to(HERE)))
            else:
                EXPECTED.mkdir(exist_ok=True)
                out.write_text(text)
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
    except RegenError as exc:
        print(f"regen.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
