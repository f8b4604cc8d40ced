"""Diagnostics: pushed after open, edits and indexing (debounced), pulled with textDocument/diagnostic;
their fields (severity, code, codeDescription, tags, related information, data); stale-stubs
findings in dependency and tool files."""
import asyncio

from lsprotocol import types

from conftest import (
    change_doc,
    close_doc,
    edit,
    mark,
    open_doc,
    pos_of,
    pull,
    hover_text,
    quiet,
    span,
    start,
    summary,
    until,
    wait_diagnostics,
)

ERROR, WARNING, INFO, HINT = 1, 2, 3, 4
DEPRECATED, UNNECESSARY = types.DiagnosticTag.Deprecated, types.DiagnosticTag.Unnecessary

# legacy_shop/shop/queries.py as `sqla lint` reports it (0-based LSP ranges).
SHOP_QUERIES = [
    ("SQA105", (18, 18, 18, 41), ERROR),
    ("SQA108", (19, 13, 19, 22), ERROR),
    ("SQA108", (19, 24, 19, 36), ERROR),
    ("SQA109", (10, 11, 10, 51), WARNING),
    ("SQA112", (6, 36, 6, 47), INFO),
    ("SQA202", (27, 11, 32, 5), INFO),
    ("SQA401", (23, 11, 23, 74), ERROR),
    ("SQA402", (23, 11, 23, 84), INFO),
]


def short(diagnostics):
    return sorted((d.code, span(d.range), int(d.severity)) for d in diagnostics)


async def test_open_document_gets_its_diagnostics_with_its_version(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    since = mark(client)
    uri = open_doc(client, path, version=7)
    diagnostics = await wait_diagnostics(client, uri, version=7, since=since)
    assert short(diagnostics) == SHOP_QUERIES
    by_code = {d.code: d for d in diagnostics}
    assert by_code["SQA109"].message == "`Query.get()` is legacy; use `Session.get()`"
    assert by_code["SQA202"].message.startswith("11 columns here, past the 10 SQLAlchemy 2.0 types")


async def test_workspace_files_are_published_after_indexing_without_being_opened(client, project):
    root = project("legacy_shop")
    await start(client, root)
    models = (root / "shop" / "models.py").as_uri()
    diagnostics = await wait_diagnostics(client, models)
    published = [p for p in client.published if p.uri == models]
    assert published[-1].version is None  # not open: no version
    counts = {}
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    assert counts == {"SQA101": 1, "SQA102": 1, "SQA103": 17, "SQA111": 1, "SQA114": 1, "SQA301": 1}
    queries = await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())
    assert short(queries) == SHOP_QUERIES
    # The empty __init__.py has nothing to show and is never published.
    await quiet(client)
    assert (root / "shop" / "__init__.py").as_uri() not in client.diagnostics


async def test_diagnostic_fields_code_description_tags_source_and_data(client, project):
    root = project("legacy_shop")
    await start(client, root)
    diagnostics = await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())
    by_code = {d.code: d for d in diagnostics}
    for d in diagnostics:
        assert d.source == "sqla"
        assert d.code_description.href == f"sqla-rule:/{d.code}"
        assert d.data["rule"]
    # Migration rules are deprecated code; future=True is also unnecessary (shown faded).
    assert list(by_code["SQA109"].tags) == [DEPRECATED]
    assert list(by_code["SQA105"].tags) == [DEPRECATED]
    assert list(by_code["SQA112"].tags) == [DEPRECATED, UNNECESSARY]
    # Runtime and typing rules carry no tag.
    assert by_code["SQA401"].tags is None and by_code["SQA202"].tags is None
    assert by_code["SQA109"].data == {"rule": "query-get", "fixable": "safe"}
    assert by_code["SQA202"].data == {"rule": "column-typing-limit", "fixable": None}
    models = await wait_diagnostics(client, (root / "shop" / "models.py").as_uri())
    # SQA102's only fix is unsafe; SQA101 has a safe fix and an unsafe alternative.
    assert {d.code: d.data["fixable"] for d in models if d.code in ("SQA102", "SQA101", "SQA301")} == {
        "SQA102": "unsafe",
        "SQA101": "safe",
        "SQA301": "safe",
    }
    assert next(d for d in models if d.code == "SQA301").tags is None
    dynamic = next(d for d in models if d.code == "SQA101")
    assert dynamic.code_description.href == "sqla-rule:/SQA101" and int(dynamic.severity) == WARNING


async def test_unnecessary_tag_for_unused_noqa_and_row_tuple_accessor(client, project):
    root = project("modern")  # SQLAlchemy 2.1: row.t / row.tuple() are not needed
    await start(client, root)
    uri = open_doc(client, root / "app" / "rows.py")
    diagnostics = await wait_diagnostics(client, uri, version=1)
    assert [(d.code, span(d.range), int(d.severity), list(d.tags)) for d in sorted(diagnostics, key=lambda d: span(d.range))] == [
        ("SQA203", (7, 14, 7, 19), HINT, [UNNECESSARY]),
        ("SQA203", (7, 21, 7, 32), HINT, [UNNECESSARY]),
        ("SQA001", (8, 19, 8, 25), WARNING, [UNNECESSARY]),
    ]
    assert diagnostics[0].message.endswith("is not needed with SQLAlchemy 2.1: the row is typed itself")


async def test_related_information_points_into_another_file(client, project):
    root = project("backref")
    await start(client, root)
    diagnostics = await wait_diagnostics(client, (root / "app" / "users.py").as_uri())
    dynamic = next(d for d in diagnostics if d.code == "SQA101")
    assert dynamic.message.endswith("; 1 use cannot be rewritten automatically")
    (related,) = dynamic.related_information
    assert related.location.uri == (root / "app" / "use.py").as_uri()
    assert span(related.location.range) == (4, 12, 4, 22)
    assert related.message == "`user.posts` is used as a value (passed on, returned or stored), which the fix cannot follow"
    # Findings without related information leave the field out.
    assert next(d for d in diagnostics if d.code == "SQA111").related_information is None


async def test_stale_stubs_in_requirements_pyproject_and_mypy_ini(client, project):
    root = project("stubs")
    await start(client, root)
    requirements = await wait_diagnostics(client, (root / "requirements.txt").as_uri())
    pyproject = await wait_diagnostics(client, (root / "pyproject.toml").as_uri())
    mypy = await wait_diagnostics(client, (root / "mypy.ini").as_uri())
    assert summary(requirements) == [
        (
            "SQA201",
            (1, 0, 1, 27),
            WARNING,
            "`sqlalchemy2-stubs` types SQLAlchemy 1.4; SQLAlchemy 2.0 ships its own annotations, which the stubs "
            "shadow: remove it",
        )
    ]
    assert short(pyproject) == [("SQA201", (5, 4, 5, 27), WARNING), ("SQA201", (9, 11, 9, 20), WARNING)]
    assert "`sqlalchemy-stubs` types SQLAlchemy 1.x" in pyproject[0].message + pyproject[1].message
    assert "`sqlmypy` is the mypy plugin of `sqlalchemy-stubs`" in pyproject[0].message + pyproject[1].message
    assert short(mypy) == [("SQA201", (1, 10, 1, 36), WARNING)]
    assert mypy[0].message.startswith("the SQLAlchemy mypy plugin is deprecated in 2.0")
    assert all(d.tags is None for d in requirements + pyproject + mypy)  # typing family: no tag


async def test_pull_diagnostics_equal_pushed_ones(client, project):
    root = project("legacy_shop")
    result = await start(client, root)
    # This client cannot pull: pulling is not offered, though a pull is still answered.
    assert result.capabilities.diagnostic_provider is None
    queries = root / "shop" / "queries.py"
    uri = open_doc(client, queries)
    pushed = await wait_diagnostics(client, uri, version=1)
    assert summary(await pull(client, uri)) == summary(pushed)
    # A workspace file that is not open is answered from disk.
    models = (root / "shop" / "models.py").as_uri()
    assert summary(await pull(client, models)) == summary(await wait_diagnostics(client, models))
    # A dependency file too.
    requirements = await pull(client, (root / "requirements.txt").as_uri())
    assert short(requirements) == [("SQA201", (1, 0, 1, 27), WARNING)]


async def test_pulling_client_gets_open_documents_by_pull_only(client, project):
    """VS Code pulls diagnostics and re-pulls when told to: an open document's findings are pulled,
    never pushed as well (the editor would list each twice)."""
    root = project("legacy_shop")
    result = await start(client, root, pull=True)
    assert result.capabilities.diagnostic_provider.identifier == "sqla"
    assert result.capabilities.diagnostic_provider.inter_file_dependencies is True
    queries = root / "shop" / "queries.py"
    text = queries.read_text()
    # Not open yet: pushed with the rest of the workspace.
    assert short(await wait_diagnostics(client, queries.as_uri())) == SHOP_QUERIES
    since = mark(client)
    uri = open_doc(client, queries, text)
    first = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert short(first.items) == SHOP_QUERIES
    # Opened, what was pushed is cleared at once.
    await wait_diagnostics(client, uri, since=since, predicate=lambda d: not d)
    # Nothing is pushed for it while it is open, edited or not.
    change_doc(client, uri, 2, [edit((0, 0), (0, 0), "# edited\n")])
    moved = await pull(client, uri)
    assert short(moved) == [(code, (a + 1, b, c + 1, d), sev) for code, (a, b, c, d), sev in SHOP_QUERIES]
    await quiet(client)
    assert all(not p.diagnostics for p in client.published[since:] if p.uri == uri)
    # An unchanged result is answered as such.
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=first.result_id
        )
    )
    assert again.kind == "full"  # the text moved: not the first result
    same = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=again.result_id
        )
    )
    assert same.kind == "unchanged" and same.result_id == again.result_id
    # Closed, it is a workspace file again, pushed (from the disk).
    since = mark(client)
    close_doc(client, uri)
    assert short(await wait_diagnostics(client, uri, since=since, predicate=bool)) == SHOP_QUERIES


async def test_pulling_client_is_told_to_pull_again_when_another_edit_changes_an_open_document(client, project):
    root = project("legacy_shop")
    await start(client, root, pull=True)
    models = open_doc(client, root / "shop" / "models.py")
    queries = root / "shop" / "queries.py"
    text = queries.read_text()
    uri = open_doc(client, queries, text)
    before = await pull(client, models)
    dynamic = next(d for d in before if d.code == "SQA101")
    assert not dynamic.related_information
    await asyncio.sleep(0.8)
    refreshes = client.refreshes
    # Storing the dynamic collection in a variable is a use the write-only fix cannot follow: the
    # models file's finding, not edited, changes.
    end = len(text.splitlines())
    stored = "\n\ndef keep(customer: Customer):\n    kept = customer.orders\n    return kept\n"
    change_doc(client, uri, 2, [edit((end, 0), (end, 0), stored)])
    await until(lambda: client.refreshes > refreshes, what="workspace/diagnostic/refresh")
    after = next(d for d in await pull(client, models) if d.code == "SQA101")
    assert [r.location.uri for r in after.related_information] == [uri]


async def test_client_that_pulls_but_cannot_be_told_to_pull_again_gets_pushes(client, project):
    """neovim 0.11 pulls but has no `workspace/diagnostic/refresh`: pulling is not offered, so it
    neither lists findings twice nor keeps stale ones."""
    root = project("legacy_shop")
    result = await start(client, root, caps="neovim@v0.11.0", pull=True)
    assert result.capabilities.diagnostic_provider is None
    uri = open_doc(client, root / "shop" / "queries.py", version=3)
    assert short(await wait_diagnostics(client, uri, version=3)) == SHOP_QUERIES


async def test_pull_follows_edits_immediately(client, project):
    """A pull right after a change sees the change (no debounce on requests)."""
    root = project("clean")
    await start(client, root)
    path = root / "app" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    assert await pull(client, uri) == []
    at = pos_of(text, "select(User.id, User.name)", len("select("))
    change_doc(client, uri, 2, [edit((at.line, at.character), (at.line, at.character), "[")])
    at2 = pos_of(text, "User.name)", len("User.name") + 1)
    change_doc(client, uri, 3, [edit((at2.line, at2.character), (at2.line, at2.character), "]")])
    items = await pull(client, uri)
    assert short(items) == [("SQA105", (8, 18, 8, 38), ERROR)]


async def test_a_burst_of_edits_is_coalesced(client, project):
    root = project("clean")
    await start(client, root)
    path = root / "app" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    await quiet(client)
    assert uri not in client.diagnostics  # no findings: nothing to publish
    since = mark(client)
    # Type `[` ... `]` around the columns one character at a time, faster than the debounce.
    line = text.splitlines().index("    stmt = select(User.id, User.name)")
    version = 1
    for character, char in [(18, "["), (37, "]")]:
        version += 1
        change_doc(client, uri, version, [edit((line, character), (line, character), char)])
    for i in range(8):  # and a comment, letter by letter
        version += 1
        change_doc(client, uri, version, [edit((line, 39 + i), (line, 39 + i), " # list!"[i])])
    diagnostics = await wait_diagnostics(client, uri, version=version, since=since)
    assert short(diagnostics) == [("SQA105", (line, 18, line, 38), ERROR)]
    await quiet(client)
    # The first edit after a pause is computed at once; the rest of the burst is coalesced (the
    # passes it cancelled publish nothing, and a new pass waits for a 10 ms pause). How many
    # versions get their own publication depends on how the edits arrive (a loaded machine
    # spreads them): fewer than the edits, in order, ending with the last.
    versions = [p.version for p in client.published[since:] if p.uri == uri]
    assert versions[-1] == version and versions == sorted(set(versions)), versions
    assert len(versions) < version - 1, versions


async def test_diagnostics_are_cleared_when_an_edit_removes_the_finding(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    await wait_diagnostics(client, uri, version=1)
    # Replace the whole body after the imports with clean 2.0 code.
    lines = text.splitlines()
    first = lines.index('engine = create_engine("sqlite://", future=True)')
    change_doc(client, uri, 2, [edit((first, 0), (len(lines) + 1, 0), "x = select(Order.id)\n")])
    diagnostics = await wait_diagnostics(client, uri, version=2)
    assert diagnostics == []


async def test_closing_an_edited_document_reverts_to_the_disk(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    uri = open_doc(client, path)
    await wait_diagnostics(client, uri, version=1)
    change_doc(client, uri, 2, [edit((0, 0), (999, 0), "")])
    assert await wait_diagnostics(client, uri, version=2) == []
    since = mark(client)
    close_doc(client, uri)
    # The unsaved edit is gone: the file's findings on disk are back, published without a version.
    diagnostics = await wait_diagnostics(client, uri, since=since, predicate=bool)
    assert short(diagnostics) == SHOP_QUERIES
    assert [p.version for p in client.published[since:] if p.uri == uri][-1] is None


async def test_file_outside_the_workspace_is_analysed_while_open_and_cleared_on_close(client, project, tmp_path):
    root = project("clean")
    await start(client, root)
    outside = tmp_path / "scratch.py"
    outside.write_text("from sqlalchemy import select\nfrom app.models import User\nq = select([User.id])\n")
    uri = open_doc(client, outside)
    diagnostics = await wait_diagnostics(client, uri, version=1)
    assert short(diagnostics) == [("SQA105", (2, 11, 2, 20), ERROR)]
    since = mark(client)
    close_doc(client, uri)
    assert await wait_diagnostics(client, uri, since=since) == []


async def test_untitled_document(client, project):
    root = project("clean")
    await start(client, root)
    uri = "untitled:Untitled-1"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="python",
                version=1,
                text="from sqlalchemy import create_engine\nengine = create_engine('sqlite://', future=True)\n",
            )
        )
    )
    diagnostics = await wait_diagnostics(client, uri, version=1)
    assert short(diagnostics) == [("SQA112", (1, 36, 1, 47), INFO)]
    assert summary(await pull(client, uri)) == summary(diagnostics)


async def test_project_configuration_selects_ignores_and_overrides_severity(client, project):
    root = project("legacy_shop")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.sqla]\nignore = ["SQA103"]\nseverity = { SQA109 = "error" }\n'
        + 'per-file-ignores = { "shop/queries.py" = ["SQA108"] }\n'
    )
    await start(client, root)
    models = await wait_diagnostics(client, (root / "shop" / "models.py").as_uri())
    assert "SQA103" not in {d.code for d in models} and "SQA102" in {d.code for d in models}
    queries = await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())
    expected = [(c, r, ERROR if c == "SQA109" else s) for c, r, s in SHOP_QUERIES if c != "SQA108"]
    assert short(queries) == expected


async def test_diagnostics_of_many_open_documents_edited_concurrently(client, project):
    """Edits to several open documents interleaved: each ends with its own final version's findings."""
    root = project("clean")
    await start(client, root)
    paths = [root / "app" / "queries.py", root / "app" / "orders.py", root / "app" / "models.py"]
    uris = [open_doc(client, p) for p in paths]
    for version in range(2, 7):
        for uri in uris:
            change_doc(client, uri, version, [edit((0, 0), (0, 0), f"x{version} = 1\n")])
        await asyncio.sleep(0.05)
    for uri, path in zip(uris, paths):
        assert await pull(client, uri) == []
        text = await hover_text(client, uri, types.Position(0, 0))
        assert text.startswith("```python\n(variable) x6: int"), text
    # The last edit introduces a finding in one of them only.
    change_doc(client, uris[1], 7, [edit((0, 0), (0, 0), "import sqlalchemy\nsqlalchemy.create_engine('x', future=True)\n")])
    diagnostics = await wait_diagnostics(client, uris[1], version=7)
    assert short(diagnostics) == [("SQA112", (1, 30, 1, 41), INFO)]
