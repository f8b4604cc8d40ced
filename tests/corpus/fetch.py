#!/usr/bin/env python3
"""Download each pinned project of projects.toml and unpack it into the cache (outside the repo).

    python3 tests/corpus/fetch.py [NAME...]

Idempotent: an artifact already downloaded is not downloaded again, a tree already unpacked (it has a
`.sqla-corpus-complete` marker) is not unpacked again. Uses `pip download --no-deps`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from common import Project, cache_dir, load_projects, select

MARKER = ".sqla-corpus-complete"


def normalise(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def find_artifact(dist_dir: Path, project: Project) -> Path | None:
    want = f"{normalise(project.name)}-{project.version}"
    for path in sorted(dist_dir.iterdir()) if dist_dir.exists() else []:
        stem = normalise(path.name)
        if not stem.startswith(normalise(want)):
            continue
        if project.dist == "wheel" and path.suffix == ".whl":
            return path
        if project.dist == "sdist" and (path.name.endswith(".tar.gz") or path.suffix == ".zip"):
            return path
    return None


def download(project: Project) -> Path:
    dist_dir = cache_dir() / "dist" / project.key
    found = find_artifact(dist_dir, project)
    if found:
        return found
    dist_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(dist_dir)]
    if project.dist == "wheel":
        # The wheel for this interpreter (a few projects ship compiled ones).
        cmd += ["--only-binary", ":all:"]
    else:
        # pip reads the sdist's metadata, which installs its build backend in an isolated env.
        # Only this project from source: its build backend itself may come as a wheel.
        cmd += ["--no-binary", project.name]
    cmd.append(f"{project.name}=={project.version}")
    subprocess.run(cmd, check=True)
    found = find_artifact(dist_dir, project)
    if not found:
        raise RuntimeError(f"pip downloaded nothing matching {project.key} ({project.dist}) in {dist_dir}")
    return found


def unpack(project: Project, artifact: Path) -> Path:
    dest = project.src
    if (dest / MARKER).exists():
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    tmp = dest.with_name(dest.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    if artifact.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(artifact) as zf:
            zf.extractall(tmp)
    else:
        with tarfile.open(artifact) as tf:
            tf.extractall(tmp, filter="data")
    # An sdist holds one top folder (`name-version/`): the project root is that folder.
    entries = list(tmp.iterdir())
    root = entries[0] if project.dist == "sdist" and len(entries) == 1 and entries[0].is_dir() else tmp
    root.rename(dest)
    if tmp.exists():
        shutil.rmtree(tmp)
    (dest / MARKER).write_text(artifact.name + "\n")
    return dest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="projects to fetch (default: all)")
    args = parser.parse_args()
    failed = []
    for project in select(load_projects(), args.names):
        try:
            artifact = download(project)
            dest = unpack(project, artifact)
            print(f"{project.key}: {dest}")
        except Exception as exc:  # one project failing must not stop the others
            print(f"{project.key}: FAILED: {exc}", file=sys.stderr)
            failed.append(project.key)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
