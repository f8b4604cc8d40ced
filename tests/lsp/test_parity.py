"""The same answer everywhere (issue 11): `sqla hover` and the server's hover agree at every
identifier and expression start of the conformance fixtures, for the detected series and for
each series given by flag / editor setting. Both front ends set the project up in
`server/src/project` (import roots: the workspace folder, its `src/` and `lib/`, and pyright's
fallback to a script's own folder; series; files loaded).

The corpus variant (slow: one CLI run per file and a hover per token) walks another project, one
per run (e.g. each unpacked project of tests/corpus, ~/.cache/sqla-corpus):
    SQLA_PARITY_PROJECT=/path/to/project bash tests/lsp/run.sh test_parity.py
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import pathlib
import shutil
import subprocess
import tokenize

import pytest
from lsprotocol import types

from conftest import REPO, SERVER_ENV, SQLA, hover, open_doc, start, wait_indexed

CONFORMANCE = REPO / "tests" / "conformance" / "projects"
EXPRESSION_OPENERS = {"(", "[", "{", "-", "~", "*"}
CONCURRENT = 64
CLI_POSITIONS = 4000


def positions(text: str) -> list[tuple[int, int]]:
    """(1-based line, 0-based character) of every name, literal and opening bracket."""
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING) or (
                tok.type == tokenize.OP and tok.string in EXPRESSION_OPENERS
            ):
                found.append(tok.start)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def cli_hovers(root: pathlib.Path, path: pathlib.Path, spots, series: str | None) -> list[str | None]:
    answers = []
    # A few thousand positions a run: a long generated file would pass the argument list's limit.
    for at in range(0, len(spots), CLI_POSITIONS):
        args = [SQLA, "hover", "--format", "json"]
        if series:
            args += ["--sqlalchemy", series]
        args += [f"{path}:{line}:{col + 1}" for line, col in spots[at : at + CLI_POSITIONS]]
        done = subprocess.run(args, capture_output=True, text=True, cwd=root, env=SERVER_ENV, timeout=300)
        assert done.returncode == 0, done.stderr
        answers += [json.loads(line)["markdown"] for line in done.stdout.splitlines()]
    return answers


async def server_hovers(client, uri: str, text: str, spots) -> list[str | None]:
    lines = text.split("\n")

    async def one(line, col):
        # The CLI counts characters; the server, UTF-16 units (the client's default).
        units = len(lines[line - 1][:col].encode("utf-16-le")) // 2 if line <= len(lines) else col
        found = await hover(client, uri, types.Position(line=line - 1, character=units))
        return found.contents.value if found else None

    answers = []
    for at in range(0, len(spots), CONCURRENT):
        answers += await asyncio.gather(*(one(line, col) for line, col in spots[at : at + CONCURRENT]))
    return answers


def project(tmp_path: pathlib.Path) -> pathlib.Path:
    other = os.environ.get("SQLA_PARITY_PROJECT")
    if other:
        return pathlib.Path(other).resolve()
    root = tmp_path / "projects"
    shutil.copytree(CONFORMANCE, root)
    # The project root both front ends start from (else the CLI climbs to the repository's).
    (root / "pyproject.toml").write_text("[project]\nname = 'conformance'\n")
    # A folder of scripts, no package: each imports the one beside it as pyright resolves it.
    (root / "scripts").mkdir()
    (root / "scripts" / "queries.py").write_text(SCRIPT_QUERIES)
    (root / "scripts" / "report.py").write_text(SCRIPT_REPORT)
    return root


SCRIPT_QUERIES = """from sqlalchemy import select

from blog.models import User

by_name = select(User.id, User.username)
"""

SCRIPT_REPORT = """from queries import by_name

stmt = by_name.where(by_name.selected_columns.id > 1)
"""


@pytest.mark.parametrize("series", [None, "2.0", "1.4"])
async def test_cli_and_server_hovers_agree_at_every_position(client, tmp_path, series):
    mismatches = []
    checked = shown = 0
    root = project(tmp_path)
    await start(client, root, options={"sqlalchemy": series} if series else {}, wait=False)
    await wait_indexed(client, timeout=600)
    for path in sorted(root.rglob("*.py")):
        if any(part in (".venv", "venv", "node_modules", "site-packages") for part in path.parts):
            continue
        text = path.read_text(errors="replace")
        spots = positions(text)
        if not spots:
            continue
        expected = cli_hovers(root, path, spots, series)
        assert len(expected) == len(spots)
        uri = open_doc(client, path, text)
        got = await server_hovers(client, uri, text, spots)
        checked += len(spots)
        shown += sum(1 for answer in expected if answer)
        for (line, col), want, have in zip(spots, expected, got):
            if want != have:
                where = f"{path.relative_to(root)}:{line}:{col + 1}"
                mismatches.append(f"{where}\n  cli:    {want!r}\n  server: {have!r}")
    print(f"{checked} positions compared, {shown} with a hover")
    if not os.environ.get("SQLA_PARITY_PROJECT"):
        typed = cli_hovers(root, root / "scripts" / "report.py", [(3, 0)], series)[0]
        assert typed and "(variable) stmt: Select[" in typed and "| 0 | `id` | `int` |" in typed, typed
    assert checked > 1000 and shown > 1000
    assert not mismatches, f"{len(mismatches)} of {checked} positions differ:\n" + "\n".join(mismatches[:20])
