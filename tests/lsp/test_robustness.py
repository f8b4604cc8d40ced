"""Robustness: malformed JSON-RPC, unknown methods, unknown and closed documents, out-of-range
positions, stale versions, a 10 MB file, invalid UTF-8 on disk, deeply nested expressions, a file
deleted while open, and shutdown/exit at any moment. Each scenario ends by checking that the server
still answers (or that it ended promptly)."""
import asyncio
import time

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcMethodNotFound

from conftest import (
    change_doc,
    close_doc,
    code_actions,
    edit,
    fresh_server,
    frame,
    hover,
    hover_text,
    mark,
    open_doc,
    pos_of,
    pull,
    quiet,
    span,
    start,
    summary,
    until,
    wait_diagnostics,
)

HOVER_AT = {"textDocument": {"uri": "file:///nowhere/x.py"}, "position": {"line": 0, "character": 0}}


def test_malformed_messages_are_answered_and_the_server_goes_on(raw, project):
    root = project("clean")
    server = raw()
    assert "capabilities" in server.initialize(root)["result"]
    # A Content-Length that is not a number, then a body that is not JSON, then JSON that is no
    # JSON-RPC message, then one cut short by its Content-Length.
    server.send(b"Content-Length: abc\r\n\r\n{}")
    server.send(frame("{not json"))
    server.send(frame('{"id": 5, "method": 3}'))
    server.send(b'Content-Length: 9\r\n\r\n{"jsonrpc": "2.0"}')
    uri = (root / "app" / "queries.py").as_uri()
    text = "from sqlalchemy import select\nfrom app.models import User\nstmt = select(User.id, User.name)\n"
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    server.request(2, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}})
    answer = server.response(2)
    assert answer["result"]["contents"]["value"].startswith("```python\n(variable) stmt: Select[")
    errors = sorted(((m["id"] or 0), m["error"]["code"], m["error"]["message"]) for m in server.messages if "error" in m)
    assert [e[:2] for e in errors] == [(0, -32700), (0, -32700), (0, -32700), (5, -32600)]
    assert errors[0][2] == "Parse error: invalid `Content-Length` header"
    assert errors[1][2].startswith("Parse error: the message is not JSON")
    server.request(3, "shutdown")
    assert server.response(3)["result"] is None
    server.notify("exit")
    assert server.exited() == 0


async def test_unknown_methods_are_refused_and_the_server_keeps_working(client, project):
    root = project("clean")
    await start(client, root)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("sqla/noSuchRequest", {"x": 1})
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("textDocument/noSuchFeature", {})
    client.protocol.notify("sqla/noSuchNotification", {"x": 1})
    client.protocol.notify("$/noSuchNotification", {})
    path = root / "app" / "queries.py"
    text = await hover_text(client, path.as_uri(), pos_of(path.read_text(), "stmt =", 1))
    assert text.startswith("```python\n(variable) stmt: Select[Tuple[int, str]]")


async def test_requests_on_unknown_and_closed_documents(client, project, tmp_path):
    root = project("clean")
    await start(client, root)
    nowhere = (tmp_path / "nowhere" / "missing.py").as_uri()
    at = types.Position(0, 0)
    rng = types.Range(at, types.Position(3, 0))
    assert await hover(client, nowhere, at) is None
    assert await code_actions(client, nowhere, rng) == []
    assert await pull(client, nowhere) == []
    assert await hover(client, "untitled:Never-opened", at) is None
    # A document outside the workspace, opened then closed, is gone.
    outside = tmp_path / "scratch.py"
    outside.write_text("from sqlalchemy import select\nfrom app.models import User\nq = select([User.id])\n")
    uri = open_doc(client, outside)
    assert [d.code for d in await pull(client, uri)] == ["SQA105"]
    close_doc(client, uri)
    assert await hover(client, uri, types.Position(2, 1)) is None
    assert await pull(client, uri) == []
    assert await code_actions(client, uri, rng) == []
    # Changes to a document that is not open are dropped.
    change_doc(client, uri, 9, [edit((0, 0), (0, 0), "x")])
    assert await pull(client, uri) == []


async def test_out_of_range_positions_clamp(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    far = types.Position(10_000, 10_000)
    assert await hover(client, uri, far) is None  # past the end: the end of the file
    past_line_end = await hover(client, uri, types.Position(9, 10_000))  # the end of `def customer(...):`
    assert past_line_end is None
    # A range running past the end covers every finding from its start.
    actions = await code_actions(client, uri, types.Range(types.Position(18, 0), far), only=[types.CodeActionKind.QuickFix])
    assert {a.diagnostics[0].code for a in actions if a.diagnostics} == {"SQA105", "SQA108", "SQA401", "SQA402"}
    # Edits past the end of a line or of the file clamp too.
    change_doc(client, uri, 2, [edit((6, 500), (6, 900), "  # engine"), edit((10_000, 0), (10_000, 5), "\nq = select([Order.id])\n")])
    final = text.replace('future=True)\n', 'future=True)  # engine\n', 1) + "\nq = select([Order.id])\n"
    diagnostics = await wait_diagnostics(client, uri, version=2)
    async with fresh_server(root) as other:
        assert summary(diagnostics) == summary(await pull(other, open_doc(other, path, final)))
    assert ("SQA105", (35, 11, 35, 21)) in [(d.code, span(d.range)) for d in diagnostics]


async def test_stale_changes_are_ignored_and_logged(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text, version=5)
    before = await wait_diagnostics(client, uri, version=5)
    # Version 6 removes `future=True`; a second version 6 and a version 4 come late and are ignored.
    at = pos_of(text, ", future=True")
    change_doc(client, uri, 6, [edit((at.line, at.character), (at.line, at.character + 13), "")])
    change_doc(client, uri, 6, [edit((0, 0), (0, 0), "garbage(\n")])
    change_doc(client, uri, 4, [edit((0, 0), (99, 0), "")])
    after = await wait_diagnostics(client, uri, version=6)
    assert sorted(d.code for d in after) == sorted(d.code for d in before if d.code != "SQA112")
    await until(lambda: len([m for m in client.log_messages if "stale" in m.message]) == 2, what="two log messages")
    stale = [m for m in client.log_messages if "stale" in m.message]
    assert [m.message for m in stale] == [
        f"sqla: ignored a stale change to {uri} (version 6, have 6)",
        f"sqla: ignored a stale change to {uri} (version 4, have 6)",
    ]
    assert all(m.type == types.MessageType.Warning for m in stale)
    assert summary(await pull(client, uri)) == summary(after)


def big_text(size: int) -> str:
    """A generated module of `size` bytes: models and a select, then a large data table."""
    head = (
        "from sqlalchemy import select\nfrom app.models import User\n\n"
        "stmt = select(User.id, User.name)\nstale = select([User.id])\n\nROWS = [\n"
    )
    row = '    ({i:07}, "padding padding padding padding padding padding padding padding padding"),\n'
    count = (size - len(head)) // len(row.format(i=0))
    return head + "".join(row.format(i=i) for i in range(count)) + "]\n"


async def test_a_ten_megabyte_file(client, project):
    root = project("clean")
    await start(client, root)
    path = root / "app" / "big.py"
    text = big_text(10_000_000)
    assert len(text.encode()) > 9_900_000
    began = time.monotonic()
    uri = open_doc(client, path, text)
    found = await asyncio.wait_for(hover(client, uri, pos_of(text, "stmt =", 1)), 20)
    elapsed = time.monotonic() - began
    print(f"10 MB: hover answered after {elapsed:.1f}s")
    assert found.contents.value.startswith("```python\n(variable) stmt: Select[Tuple[int, str]]")
    assert elapsed < 20  # a debug build; a release build answers in about a second
    diagnostics = await wait_diagnostics(client, uri, version=1, timeout=30)
    assert [(d.code, span(d.range)) for d in diagnostics] == [("SQA105", (4, 15, 4, 24))]
    # An edit at the end is applied incrementally (the last row), and answered.
    last = text.count("\n")
    change_doc(client, uri, 2, [edit((last, 0), (last, 0), "extra = select([User.name])\n")])
    diagnostics = await wait_diagnostics(client, uri, version=2, timeout=30)
    assert [(d.code, span(d.range)) for d in diagnostics][-1] == ("SQA105", (last, 15, last, 26))


async def test_invalid_utf8_on_disk_does_not_stop_indexing(client, project):
    root = project("legacy_shop")
    broken = root / "shop" / "broken.py"
    broken.write_bytes(
        b"from sqlalchemy import select\nfrom shop.models import Order\n# caf\xe9 \xff\xfe\n"
        b"q = select([Order.id])\n\x80\x81 = 1\n"
    )
    (root / "shop" / "binary.py").write_bytes(bytes(range(256)) * 64)
    await start(client, root)
    assert client.progress_reports["sqla/indexing"][-1].message == "8 files"
    queries = await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())
    assert len(queries) == 8
    # The broken file is read with replacement characters: its finding is where it was.
    diagnostics = await wait_diagnostics(client, broken.as_uri())
    assert ("SQA105", (3, 11, 3, 21)) in [(d.code, span(d.range)) for d in diagnostics]


async def test_deeply_nested_expressions(client, project):
    root = project("clean")
    await start(client, root)
    parens = "from app.models import User\nx = " + "(" * 5000 + "User.id" + ")" * 5000 + "\n"
    sums = "a"
    for _ in range(3000):
        sums = f"a+({sums})"
    sums = "a = 1\ny = " + sums + "\n"
    lists = "from sqlalchemy import select\nfrom app.models import User\nz = " + "[" * 3000 + "]" * 3000 + "\nq = select([User.id])\n"
    calls = "from app.models import User\nw = " + "f(" * 2000 + "User.id" + ")" * 2000 + "\n"
    uris = {}
    for name, text in [("parens", parens), ("sums", sums), ("lists", lists), ("calls", calls)]:
        path = root / "app" / f"{name}.py"
        uris[name] = open_doc(client, path, text)
        await hover(client, uris[name], types.Position(1, len(text.splitlines()[1]) // 2))
        await pull(client, uris[name])
    # Past the nesting the walk follows, the innermost sum is unknown, and an unknown operand
    # leaves a sum unknown (as pyright does): the hover says so rather than guess.
    assert (await hover_text(client, uris["sums"], types.Position(1, 0))) == "```python\n(variable) y: Unknown\n```\n"
    lists_diagnostics = await wait_diagnostics(client, uris["lists"], version=1)
    assert [(d.code, span(d.range)) for d in lists_diagnostics] == [("SQA105", (3, 11, 3, 20))]
    # Still answering on an ordinary file.
    path = root / "app" / "queries.py"
    assert (await hover_text(client, path.as_uri(), pos_of(path.read_text(), "stmt =", 1))).startswith("```python\n(variable) stmt")


async def test_file_deleted_while_open(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    before = await wait_diagnostics(client, uri, version=1)
    path.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)])
    )
    await quiet(client)
    # The buffer is still open: it is still analysed, and answered on.
    assert summary(await pull(client, uri)) == summary(before)
    assert (await hover_text(client, uri, pos_of(text, "session: Session", 1))).startswith("```python\n(variable) session")
    change_doc(client, uri, 2, [edit((0, 0), (0, 0), "# unsaved\n")])
    assert len(await wait_diagnostics(client, uri, version=2)) == 8
    # Closed, it is gone with the file.
    since = mark(client)
    close_doc(client, uri)
    assert await wait_diagnostics(client, uri, since=since) == []
    assert await hover(client, uri, types.Position(11, 5)) is None


def test_exit_without_shutdown(raw, project):
    server = raw()
    server.initialize(project("clean"))
    server.notify("exit")
    assert server.exited() == 1  # no shutdown request: the protocol's error code


@pytest.mark.parametrize("progress", [False, True], ids=["loading", "awaiting-progress"])
def test_exit_during_indexing(raw, project, progress):
    root = project("clean")
    for i in range(3000):
        (root / "app" / f"generated_{i:04}.py").write_text(f"from app.models import User\n\nname_{i} = User.name\n")
    server = raw()
    # Without progress support the batches load at once; with it, the client here never answers
    # window/workDoneProgress/create, and the indexing task waits on it while the exit arrives.
    server.initialize(root, progress=progress)
    server.notify("exit")
    began = time.monotonic()
    assert server.exited() == 1
    assert time.monotonic() - began < 5


def test_shutdown_then_exit_mid_indexing(raw, project):
    root = project("clean")
    for i in range(2000):
        (root / "app" / f"generated_{i:04}.py").write_text(f"from app.models import User\n\nname_{i} = User.name\n")
    server = raw()
    server.initialize(root)
    server.request(2, "shutdown")
    assert server.response(2) == {"jsonrpc": "2.0", "result": None, "id": 2}
    # After shutdown, requests are refused.
    server.request(3, "textDocument/hover", HOVER_AT)
    assert server.response(3)["error"]["code"] == -32600
    server.notify("exit")
    assert server.exited() == 0


def test_input_closed_without_exit(raw, project):
    server = raw()
    server.initialize(project("clean"))
    server.process.stdin.close()
    assert server.exited() == 1


def test_exit_before_initialize(raw):
    server = raw()
    server.request(1, "textDocument/hover", HOVER_AT)
    assert server.response(1)["error"]["code"] == -32002  # ServerNotInitialized
    server.notify("exit")
    assert server.exited() == 1


async def test_a_second_initialize_is_refused(client, project):
    root = project("clean")
    await start(client, root)
    with pytest.raises(JsonRpcInvalidRequest):
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    path = root / "app" / "queries.py"
    assert (await hover_text(client, path.as_uri(), pos_of(path.read_text(), "stmt =", 1))).startswith("```python")


def test_cancelled_requests(raw, project):
    root = project("clean")
    server = raw()
    server.initialize(root)
    uri = (root / "app" / "queries.py").as_uri()
    text = "from sqlalchemy import select\nfrom app.models import User\nstmt = select(User.id, User.name)\n"
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    at = {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}}
    for id in range(2, 12):
        server.request(id, "textDocument/hover", at)
        server.notify("$/cancelRequest", {"id": id})
    server.notify("$/cancelRequest", {"id": 987654})  # never used
    # Each is answered: cancelled (-32800) or, if it finished first, with its hover.
    for id in range(2, 12):
        answer = server.response(id)
        assert answer.get("error", {}).get("code") == -32800 or answer["result"]["contents"]["value"].startswith("```python")
    server.request(12, "textDocument/hover", at)
    assert server.response(12)["result"]["contents"]["value"].startswith("```python\n(variable) stmt: Select[")


async def test_many_requests_while_editing(client, project):
    """Hovers, pulls and code actions in flight while edits arrive: each is answered (or told the
    content changed), and the end state is right."""
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    at = pos_of(text, "stmt = select([", 1)
    requests = []
    for version in range(2, 42):
        change_doc(client, uri, version, [edit((0, 0), (0, 0), f"# edit {version}\n")])
        at = types.Position(at.line + 1, at.character)  # `stmt`, one line lower each time
        for request in [hover(client, uri, at), pull(client, uri), code_actions(client, uri, types.Range(at, at))]:
            requests.append(asyncio.ensure_future(request))
            await asyncio.sleep(0)  # sent now, after this edit and before the next
    results = await asyncio.gather(*requests, return_exceptions=True)
    # A request overtaken by an edit is answered ContentModified (its positions may no longer
    # hold); every other answer is about the text it was sent for.
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, JsonRpcException) and e.code == -32801 for e in errors), errors
    hovers = [r for r in results[::3] if not isinstance(r, Exception)]
    assert hovers and all(h.contents.value.startswith("```python\n(variable) stmt: Select") for h in hovers)
    assert not isinstance(results[-3], Exception)  # the last one, after every edit
    diagnostics = await wait_diagnostics(client, uri, version=41)
    assert len(diagnostics) == 8 and min(d.range.start.line for d in diagnostics) == 6 + 40
