#!/usr/bin/env python3
"""The oracle: what SQLAlchemy itself says each corpus project maps.

    python3 tests/corpus/oracle.py [--force] [NAME...]

For each project: its venv (cached; see venvs.py) gets the project with its dependencies and the
pinned SQLAlchemy; oracle_probe.py then runs in that venv: it imports every module of the project's
packages (a module that fails to import is skipped and recorded), runs `configure_mappers()`, walks
every registry's mappers and every Core Table the project's code constructs, and writes
`<cache>/oracle/<name>-<version>.json` in the shape of `sqla schema --format json`, plus "meta"
(SQLAlchemy version, modules imported, import errors, configure error). A result already there is
reused unless --force. Run fetch.py first (file paths are relative to the unpacked artifact).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from common import HERE, Project, cache_dir, load_projects, select
from venvs import ensure_venv, python_of

PROBE = HERE / "oracle_probe.py"
TIMEOUT = 1800


def run_oracle(project: Project, force: bool = False) -> dict:
    out = project.oracle_json
    if out.exists() and not force:
        return json.loads(out.read_text())
    if not project.src.exists():
        raise RuntimeError(f"{project.src} missing: run fetch.py first")
    venv = ensure_venv(project)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    cmd = [
        str(python_of(venv)),
        str(PROBE),
        "--root", str(project.src),
        "--packages", ",".join(project.packages),
        "--path", ",".join(project.path),
        "--exclude", ",".join(project.exclude),
        "--out", str(tmp),
    ]
    if project.isolate:
        cmd.append("--isolate")
    if project.prelude:
        cmd += ["--prelude", project.prelude]
    env = {**os.environ, **project.env}
    log = cache_dir() / "oracle" / f"{project.key}.probe.log"
    started = time.monotonic()
    with open(log, "w") as f:
        # cwd: an empty folder, so nothing of the caller's directory shadows the project.
        workdir = cache_dir() / "oracle" / "cwd"
        workdir.mkdir(exist_ok=True)
        proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=TIMEOUT, cwd=workdir, env=env)
    if proc.returncode != 0 or not tmp.exists():
        raise RuntimeError(f"probe failed ({proc.returncode}); log: {log}")
    data = json.loads(tmp.read_text())
    data["meta"]["project"] = project.name
    data["meta"]["version"] = project.version
    data["meta"]["seconds"] = round(time.monotonic() - started, 1)
    out.write_text(json.dumps(data, indent=1))
    tmp.unlink()
    return data


def summary(project: Project, data: dict) -> str:
    models = data["models"]
    meta = data["meta"]
    cols = sum(len(m["columns"]) for m in models)
    rels = sum(len(m["relationships"]) for m in models)
    tcols = sum(len(t["columns"]) for t in data["tables"])
    text = (
        f"{project.key}: {len(models)} models, {cols} columns, {rels} relationships, "
        f"{len(data['tables'])} tables ({tcols} columns); modules {meta['imported']}/{meta['modules']} imported"
    )
    if meta.get("configure_error"):
        text += "; configure_mappers FAILED"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="projects (default: all)")
    parser.add_argument("--force", action="store_true", help="run again even when a result is cached")
    args = parser.parse_args()
    failed = []
    status_path = cache_dir() / "oracle" / "status.json"
    for project in select(load_projects(), args.names):
        try:
            data = run_oracle(project, force=args.force)
            print(summary(project, data), flush=True)
            error = None
        except Exception as exc:  # one project failing must not stop the others
            print(f"{project.key}: FAILED: {exc}", file=sys.stderr, flush=True)
            failed.append(project.key)
            error = str(exc)
        # One entry per project (runs on a few projects update theirs only); compare.py shows them.
        status = json.loads(status_path.read_text()) if status_path.exists() else {}
        status[project.key] = error
        status_path.write_text(json.dumps(status, indent=1, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
