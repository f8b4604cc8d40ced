"""LSP latency benchmark (not a test): p50/p99 of hover, completion and didChange → publishDiagnostics
in a generated workspace of about 100k lines.

    cargo build --release -p sqla
    SQLA=target/release/sqla tests/lsp/.venv/bin/python tests/lsp/bench_latency.py [--lines 100000]

Targets (issue 4): p99 hover ≤ 10 ms, p99 edit → diagnostics ≤ 50 ms.
"""
import argparse
import asyncio
import os
import pathlib
import statistics
import tempfile
import time

from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

REPO = pathlib.Path(__file__).resolve().parents[2]
SQLA = os.environ.get("SQLA", str(REPO / "target" / "release" / "sqla"))

MODELS_HEADER = '''from typing import List, Optional
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
'''


def model(i: int, base: str) -> str:
    return f'''

class Item{i}({base}):
    __tablename__ = "item{i}"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    note: Mapped[Optional[str]]
    owner_id: Mapped[int] = mapped_column(ForeignKey("item{max(i - 1, 0)}.id"))
    owner: Mapped["Item{max(i - 1, 0)}"] = relationship()
'''


def query(i: int) -> str:
    return f'''

def load_{i}(session: Session):
    stmt = select(Item{i}.id, Item{i}.name).where(Item{i}.id > {i}).order_by(Item{i}.name)
    rows = session.execute(stmt).all()
    names = [row.name for row in rows]
    first = session.scalars(select(Item{i})).first()
    return names, first
'''


def generate(root: pathlib.Path, lines: int) -> int:
    (root / "pyproject.toml").write_text('[project]\nname = "bench"\ndependencies = ["sqlalchemy>=2.1"]\n')
    pkg = root / "app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n"
    )
    total, n = 0, 0
    while total < lines:
        models = MODELS_HEADER + "from app.base import Base\n" + "".join(model(n * 20 + k, "Base") for k in range(20))
        queries = (
            MODELS_HEADER
            + f"from app.models_{n} import "
            + ", ".join(f"Item{n * 20 + k}" for k in range(20))
            + "\n"
            + "".join(query(n * 20 + k) for k in range(20))
        )
        (pkg / f"models_{n}.py").write_text(models)
        (pkg / f"queries_{n}.py").write_text(queries)
        total += models.count("\n") + queries.count("\n")
        n += 1
    return total


async def wait_for_count(client, uri, ok, timeout):
    """Polls the diagnostics the client holds for `uri` until their count satisfies `ok`."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        count = len(client.diagnostics.get(uri, []))
        if ok(count):
            return count
        await asyncio.sleep(0.0005)
    raise TimeoutError(f"diagnostics of {uri} did not arrive")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


async def main(lines: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp).resolve()
        total = generate(root, lines)
        client = make_test_lsp_client()

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(_params):
            return None

        async def indexed():
            while not any(
                isinstance(r, types.WorkDoneProgressEnd) for reports in client.progress_reports.values() for r in reports
            ):
                await asyncio.sleep(0.01)

        await client.start_io(SQLA, "server")
        started = time.perf_counter()
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
            )
        )
        await asyncio.wait_for(indexed(), 300)
        print(f"workspace: {total} lines; indexed in {time.perf_counter() - started:.2f} s")

        path = root / "app" / "queries_3.py"
        text = path.read_text()
        uri = path.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text))
        )
        doc = types.TextDocumentIdentifier(uri)
        line_no = next(i for i, l in enumerate(text.splitlines()) if "rows = session.execute" in l)
        hover_at = types.Position(line_no, text.splitlines()[line_no].index("rows") + 1)
        await client.text_document_hover_async(types.HoverParams(doc, hover_at))  # warm

        hovers = []
        for _ in range(rounds):
            t = time.perf_counter()
            await client.text_document_hover_async(types.HoverParams(doc, hover_at))
            hovers.append(time.perf_counter() - t)

        completions = []
        complete_at = types.Position(line_no + 1, text.splitlines()[line_no + 1].index("row.") + 4)
        for _ in range(rounds):
            t = time.perf_counter()
            try:
                await client.text_document_completion_async(types.CompletionParams(doc, complete_at))
            except Exception:  # the server may not offer completion
                break
            completions.append(time.perf_counter() - t)

        edits = []
        version = 1
        insert_line = len(text.splitlines())
        # Each edit adds a line with one finding (SQA105), so the published count tells when the
        # diagnostics of this edit arrived.
        await asyncio.sleep(1)
        baseline = len(client.diagnostics.get(uri, []))
        for i in range(rounds):
            version += 1
            edit = f"\nrows_{i} = select([Item60.id])\n"
            t = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    [types.TextDocumentContentChangePartial(
                        text=edit, range=types.Range(types.Position(insert_line, 0), types.Position(insert_line, 0))
                    )],
                )
            )
            insert_line += edit.count("\n")
            await wait_for_count(client, uri, lambda n, want=baseline + i + 1: n >= want, 30)
            edits.append(time.perf_counter() - t)

        def show(name, values):
            if values:
                print(f"{name:<28} p50 {pct(values, 50):7.2f} ms   p99 {pct(values, 99):7.2f} ms   (n={len(values)})")
            else:
                print(f"{name:<28} not offered by the server")

        show("hover", hovers)
        show("completion", completions)
        show("didChange → diagnostics", edits)
        print("(didChange → diagnostics includes the server's 10 ms debounce)")
        await client.shutdown_session()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.lines, args.rounds))
