#!/usr/bin/env python3
"""Run `sqla schema --format json` on each unpacked corpus project and time it.

    python3 tests/corpus/run_sqla.py --sqla PATH/TO/sqla [NAME...]

Writes `<cache>/sqla/<key>.json` (sqla's stdout) and `<key>.meta.json`: seconds (wall clock, the
fastest of --repeat runs), exit
status, the tree's size (Python files and bytes) and the end of stderr when sqla failed. Always runs
again: the binary may have changed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common import Project, load_projects, select

TIMEOUT = 1800


def tree_size(root: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            if n.endswith(".py"):
                files += 1
                size += os.path.getsize(os.path.join(dirpath, n))
    return files, size


def environment(project: Project) -> dict:
    """As a developer of the project runs sqla: inside the project's virtualenv (the oracle's, with
    the project's dependencies installed), so models may build on installed packages."""
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    if project.venv.is_dir():
        env["VIRTUAL_ENV"] = str(project.venv)
    return env


def run_one(sqla: str, project: Project, repeat: int = 1) -> dict:
    out = project.sqla_json
    out.parent.mkdir(parents=True, exist_ok=True)
    meta_path = out.with_suffix(".meta.json")
    if out.exists():
        out.unlink()
    files, size = tree_size(project.src)
    # The fastest of `repeat` runs: the machine is shared, the slower runs measure the neighbours.
    seconds = None
    for _ in range(max(1, repeat)):
        started = time.monotonic()
        try:
            proc = subprocess.run(
                [sqla, "schema", "--format", "json", str(project.src)],
                capture_output=True, timeout=TIMEOUT, cwd=project.src, env=environment(project),
            )
            rc, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired:
            rc, stdout, stderr = None, b"", b"timeout"
        took = time.monotonic() - started
        seconds = took if seconds is None else min(seconds, took)
        if rc != 0:
            break
    meta = {"seconds": round(seconds, 3), "runs": repeat, "exit": rc, "py_files": files, "py_bytes": size, "binary": sqla}
    if rc == 0:
        try:
            json.loads(stdout)
            out.write_bytes(stdout)
        except ValueError as exc:
            meta["error"] = f"output is not JSON: {exc}"
    else:
        meta["error"] = stderr.decode(errors="replace").strip()[-2000:]
    meta_path.write_text(json.dumps(meta, indent=1))
    return meta


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--sqla", required=True, help="the sqla binary")
    ap.add_argument("--repeat", type=int, default=1, help="run N times, keep the fastest time")
    args = ap.parse_args()
    failed = []
    for project in select(load_projects(), args.names):
        if not project.src.exists():
            print(f"{project.key}: not fetched", file=sys.stderr)
            failed.append(project.key)
            continue
        # Each project runs in its own folder: a relative binary path is taken from here.
        meta = run_one(str(Path(args.sqla).resolve()), project, args.repeat)
        status = "ok" if "error" not in meta else f"FAILED: {meta['error'][-300:]}"
        print(f"{project.key}: {meta['seconds']:.2f}s ({meta['py_files']} .py files) {status}", flush=True)
        if "error" in meta:
            failed.append(project.key)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
