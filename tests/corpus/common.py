"""What the corpus scripts share: the pinned project list and where the cache lives.

The cache is outside the repository (nothing downloaded is ever committed):
`$SQLA_CORPUS_CACHE`, default `~/.cache/sqla-corpus`, laid out as
  dist/    the downloaded artifacts, as pip wrote them
  src/     each artifact unpacked, one folder per project (`<name>-<version>`): the tree sqla reads
  venv/    one virtualenv per project for the oracle
  oracle/  the oracle's JSON per project (`<name>-<version>.json`) and its log
  sqla/    `sqla schema --format json` output per project, with its timing
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECTS_TOML = HERE / "projects.toml"


def cache_dir() -> Path:
    root = os.environ.get("SQLA_CORPUS_CACHE") or os.path.expanduser("~/.cache/sqla-corpus")
    return Path(root)


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    dist: str
    sqlalchemy: str
    packages: list[str]
    style: list[str]
    size: str
    held_out: bool = False
    path: list[str] = field(default_factory=list)
    isolate: bool = False
    exclude: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    no_deps: bool = False
    install: str = ""
    prelude: str = ""
    env: dict = field(default_factory=dict)
    note: str = ""

    @property
    def requirement(self) -> str:
        """What the oracle's venv installs: `install` when given (e.g. with an extra), else name==version."""
        return self.install or f"{self.name}=={self.version}"

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def src(self) -> Path:
        """The unpacked artifact: the project root sqla is run on and file paths are relative to."""
        return cache_dir() / "src" / self.key

    @property
    def venv(self) -> Path:
        return cache_dir() / "venv" / self.key

    @property
    def oracle_json(self) -> Path:
        return cache_dir() / "oracle" / f"{self.key}.json"

    @property
    def sqla_json(self) -> Path:
        return cache_dir() / "sqla" / f"{self.key}.json"


def load_projects(path: Path = PROJECTS_TOML) -> list[Project]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    projects = [Project(**entry) for entry in data["project"]]
    names = [p.name for p in projects]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise SystemExit(f"projects.toml: duplicate names {sorted(dupes)}")
    return projects


def select(projects: list[Project], names: list[str]) -> list[Project]:
    """The projects named on the command line (case-insensitive), or all when none are."""
    if not names:
        return projects
    wanted = {n.lower() for n in names}
    chosen = [p for p in projects if p.name.lower() in wanted]
    unknown = wanted - {p.name.lower() for p in chosen}
    if unknown:
        raise SystemExit(f"unknown project(s): {', '.join(sorted(unknown))}")
    return chosen
