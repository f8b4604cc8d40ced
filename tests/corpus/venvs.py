"""One virtualenv per corpus project for the oracle, cached under the corpus cache.

The project is installed with its dependencies and SQLAlchemy pinned to the version in projects.toml
(`no_deps = true`: the project alone, then only `extras`). uv does the installs when it is on PATH
(it is much faster on this 2-core machine); pip otherwise. A venv whose marker records the same
requirements is reused.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from common import Project, cache_dir

MARKER = ".sqla-corpus-ready"

# Installed in every venv: test modules shipped inside packages import pytest, and may declare
# models at import time like any other module.
DEFAULT_EXTRAS = ["pytest"]


def requirements(project: Project) -> dict:
    return {
        "project": project.requirement,
        "sqlalchemy": f"sqlalchemy=={project.sqlalchemy}",
        "extras": DEFAULT_EXTRAS + list(project.extras),
        "no_deps": project.no_deps,
    }


def python_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def _run(cmd: list[str], log) -> None:
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}")


def ensure_venv(project: Project) -> Path:
    """The project's venv, created and installed if needed; raises with the log's path on failure."""
    venv = project.venv
    want = requirements(project)
    marker = venv / MARKER
    if marker.exists() and json.loads(marker.read_text()) == want:
        return venv
    log_path = cache_dir() / "oracle" / f"{project.key}.install.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv")
    with open(log_path, "w") as log:
        try:
            if venv.exists():
                shutil.rmtree(venv)
            venv.parent.mkdir(parents=True, exist_ok=True)
            if uv:
                _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], log)
                install = [uv, "pip", "install", "--python", str(python_of(venv))]
            else:
                _run([sys.executable, "-m", "venv", str(venv)], log)
                install = [str(python_of(venv)), "-m", "pip", "install", "--quiet"]
            if project.no_deps:
                _run(install + ["--no-deps", want["project"]], log)
                _run(install + [want["sqlalchemy"], *want["extras"]], log)
            else:
                # One resolution: SQLAlchemy's pin takes part, so a project that cannot use it fails here.
                _run(install + [want["project"], want["sqlalchemy"], *want["extras"]], log)
        except Exception as exc:
            raise RuntimeError(f"{exc} (log: {log_path})") from exc
    marker.write_text(json.dumps(want))
    return venv
