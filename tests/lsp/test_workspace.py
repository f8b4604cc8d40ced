"""The workspace: indexing with $/progress, open buffers over disk, watched-file events (dependency
files, models changed, created and deleted on disk), settings from initializationOptions,
workspace/didChangeConfiguration and workspace/configuration, project configuration files, and the
`sqla/ruleDoc` request."""
import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from conftest import (
    capabilities,
    close_doc,
    hover_text,
    mark,
    open_doc,
    pos_of,
    progress_kinds,
    pull,
    quiet,
    span,
    start,
    until,
    wait_diagnostics,
    wait_indexed,
)

CREATED, CHANGED, DELETED = types.FileChangeType.Created, types.FileChangeType.Changed, types.FileChangeType.Deleted


def watched(client, *events):
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=p.as_uri(), type=t) for p, t in events])
    )


def configure(client, settings):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))


async def test_indexing_reports_progress(client, project):
    root = project("legacy_shop")
    await start(client, root)
    reports = client.progress_reports["sqla/indexing"]
    assert progress_kinds(client) == ["begin", "report", "end"]
    begin, report, end = reports
    assert (begin.title, begin.message, begin.percentage) == ("Indexing models", "0/6", 0)
    assert (report.message, report.percentage) == ("6/6", 100)
    assert end.message == "6 files"  # 3 Python files, requirements.txt, pyproject.toml, mypy.ini


async def test_indexing_a_larger_workspace_reports_each_batch(client, project):
    root = project("clean")
    for i in range(150):
        (root / "app" / f"generated_{i:03}.py").write_text(f"from app.models import User\n\nname_{i} = User.name\n")
    await start(client, root)
    reports = client.progress_reports["sqla/indexing"]
    assert [(r.kind, r.message, getattr(r, "percentage", None)) for r in reports] == [
        ("begin", "0/156", 0),  # 4 + 150 Python files, requirements.txt, pyproject.toml
        ("report", "64/156", 41),
        ("report", "128/156", 82),
        ("report", "156/156", 100),
        ("end", "156 files", None),
    ]


async def test_without_progress_support_diagnostics_still_arrive(client, project):
    root = project("legacy_shop")
    caps = capabilities()
    caps.window.work_done_progress = False
    await start(client, root, caps=caps, wait=False)
    diagnostics = await wait_diagnostics(client, (root / "requirements.txt").as_uri())
    assert [d.code for d in diagnostics] == ["SQA201"]
    assert client.progress_reports == {}


async def test_watched_files_are_registered_dynamically(client, project):
    root = project("clean")
    await start(client, root)
    (registration,) = client.registrations
    assert registration.method == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    for glob in ["**/*.py", "**/pyproject.toml", "**/requirements*.txt", "**/mypy.ini", "**/sqla.toml"]:
        assert glob in globs


async def test_no_registration_without_dynamic_registration_support(client, project):
    root = project("clean")
    await start(client, root, caps="neovim@v0.11.0")  # didChangeWatchedFiles.dynamicRegistration false
    await asyncio.sleep(0.2)
    assert client.registrations == []


async def test_buffer_opened_during_indexing_wins_over_disk(client, project):
    root = project("clean")
    for i in range(300):  # a workspace big enough to open a document while it loads
        (root / "app" / f"generated_{i:03}.py").write_text(f"from app.models import User\n\nname_{i} = User.name\n")
    models, orders = root / "app" / "models.py", root / "app" / "orders.py"
    await start(client, root, wait=False)
    uri = open_doc(client, models, models.read_text().replace('"users"', '"accounts"'))
    await wait_indexed(client)
    # Indexing did not load the disk's models.py over the buffer: orders.py's foreign key is unknown.
    diagnostics = await wait_diagnostics(client, orders.as_uri(), predicate=bool)
    assert sorted(d.code for d in diagnostics) == ["SQA304", "SQA313"]
    # The buffer, not the disk, is what hover reads.
    text = await hover_text(client, uri, pos_of(models.read_text(), "class User", 7))
    assert "Table `accounts`" in text


async def test_requirements_gaining_stubs_on_disk(client, project):
    root = project("clean")
    await start(client, root)
    requirements = root / "requirements.txt"
    await quiet(client)
    assert requirements.as_uri() not in client.diagnostics
    requirements.write_text("SQLAlchemy==2.0.36\nsqlalchemy-stubs==0.4  # typing\n")
    watched(client, (requirements, CHANGED))
    diagnostics = await wait_diagnostics(client, requirements.as_uri())
    assert [(d.code, span(d.range)) for d in diagnostics] == [("SQA201", (1, 0, 1, 21))]
    assert diagnostics[0].message.startswith("`sqlalchemy-stubs` types SQLAlchemy 1.x")
    # And removed again: the finding is cleared.
    requirements.write_text("SQLAlchemy==2.0.36\n")
    since = mark(client)
    watched(client, (requirements, CHANGED))
    assert await wait_diagnostics(client, requirements.as_uri(), since=since) == []


async def test_model_changed_on_disk_updates_dependent_files(client, project):
    root = project("clean")
    await start(client, root)
    models, orders = root / "app" / "models.py", root / "app" / "orders.py"
    orders_uri = open_doc(client, orders)
    await quiet(client)
    assert orders_uri not in client.diagnostics
    models.write_text(models.read_text().replace('"users"', '"accounts"'))
    watched(client, (models, CHANGED))
    diagnostics = await wait_diagnostics(client, orders_uri, predicate=bool)
    assert [(d.code, span(d.range)) for d in sorted(diagnostics, key=lambda d: d.code)] == [
        ("SQA304", (12, 52, 12, 62)),
        ("SQA313", (14, 4, 14, 8)),
    ]


async def test_files_created_and_deleted_on_disk(client, project):
    root = project("legacy_shop")
    await start(client, root)
    queries = root / "shop" / "queries.py"
    await wait_diagnostics(client, queries.as_uri())
    # A new file appears.
    extra = root / "shop" / "extra.py"
    extra.write_text("from sqlalchemy import select\nfrom shop.models import Order\n\nq = select([Order.id])\n")
    watched(client, (extra, CREATED))
    diagnostics = await wait_diagnostics(client, extra.as_uri())
    assert [(d.code, span(d.range)) for d in diagnostics] == [("SQA105", (3, 11, 3, 21))]
    # Both go away: their diagnostics are cleared.
    since = mark(client)
    queries.unlink()
    extra.unlink()
    watched(client, (queries, DELETED), (extra, DELETED))
    assert await wait_diagnostics(client, queries.as_uri(), since=since) == []
    assert await wait_diagnostics(client, extra.as_uri(), since=since) == []
    # Without queries.py, nothing uses `Customer.orders`: SQA101's rewrite has no use to rewrite.
    models = await pull(client, (root / "shop" / "models.py").as_uri())
    dynamic = next(d for d in models if d.code == "SQA101")
    assert dynamic.message.endswith('use `WriteOnlyMapped["Order"]` and `.select()`')


async def test_model_deleted_on_disk_breaks_its_dependents(client, project):
    root = project("clean")
    await start(client, root)
    models, orders = root / "app" / "models.py", root / "app" / "orders.py"
    models.unlink()
    watched(client, (models, DELETED))
    diagnostics = await wait_diagnostics(client, orders.as_uri(), predicate=bool)
    assert [(d.code, span(d.range)) for d in sorted(diagnostics, key=lambda d: d.code)] == [
        ("SQA304", (12, 52, 12, 62)),
    ]


async def test_disk_changes_of_an_open_file_do_not_replace_the_buffer(client, project):
    root = project("legacy_shop")
    await start(client, root)
    queries = root / "shop" / "queries.py"
    text = queries.read_text()
    uri = open_doc(client, queries, text)
    await wait_diagnostics(client, uri, version=1)
    queries.write_text("x = 1\n")
    since = mark(client)
    watched(client, (queries, CHANGED))
    await quiet(client)
    assert len(await pull(client, uri)) == 8  # still the buffer's findings
    assert all(p.diagnostics for p in client.published[since:] if p.uri == uri)
    # Closing the document: the disk is the truth again.
    since = mark(client)
    close_doc(client, uri)
    assert await wait_diagnostics(client, uri, since=since) == []


STMT_20 = "```python\n(variable) stmt: Select[Tuple[int, str]]\n```"
STMT_21 = "```python\n(variable) stmt: Select[int, str]\n```"


async def stmt_hover(client, root):
    path = root / "app" / "queries.py"
    text = path.read_text()
    return await hover_text(client, path.as_uri(), pos_of(text, "stmt = select", 1))


@pytest.mark.parametrize("series, expected", [(None, STMT_20), ("2.0", STMT_20), ("2.1", STMT_21)])
async def test_sqlalchemy_series_from_initialization_options(client, project, series, expected):
    root = project("clean")  # pyproject.toml pins SQLAlchemy 2.0
    await start(client, root, {"sqlalchemy": series} if series else None)
    assert (await stmt_hover(client, root)).startswith(expected)


async def test_select_and_ignore_from_initialization_options(client, project):
    root = project("legacy_shop")
    await start(client, root, {"select": ["SQA108", "typing"], "ignore": ["SQA202"]})
    queries = await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())
    assert sorted(d.code for d in queries) == ["SQA108", "SQA108"]
    requirements = await wait_diagnostics(client, (root / "requirements.txt").as_uri())
    assert [d.code for d in requirements] == ["SQA201"]
    await quiet(client)
    assert (root / "shop" / "models.py").as_uri() not in client.diagnostics


async def test_did_change_configuration_applies_new_settings(client, project):
    root = project("legacy_shop")
    await start(client, root)
    queries = (root / "shop" / "queries.py").as_uri()
    models = (root / "shop" / "models.py").as_uri()
    assert len(await wait_diagnostics(client, queries)) == 8
    since = mark(client)
    configure(client, {"sqla": {"ignore": ["migration"]}})
    diagnostics = await wait_diagnostics(client, queries, since=since)
    assert sorted(d.code for d in diagnostics) == ["SQA202", "SQA401", "SQA402"]
    assert [d.code for d in await wait_diagnostics(client, models, since=since)] == ["SQA301"]
    # Back to the defaults.
    since = mark(client)
    configure(client, {"sqla": {}})
    assert len(await wait_diagnostics(client, queries, since=since)) == 8


async def test_did_change_configuration_switches_the_series(client, project):
    root = project("clean")
    await start(client, root)
    assert (await stmt_hover(client, root)).startswith(STMT_20)
    configure(client, {"sqla": {"sqlalchemy": "2.1"}})
    text = await hover_text_eventually(client, root, STMT_21)
    assert text.startswith(STMT_21)


async def hover_text_eventually(client, root, prefix, timeout=5.0):
    """Settings notifications are not acknowledged: ask until the answer changes."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        text = await stmt_hover(client, root)
        if text.startswith(prefix) or asyncio.get_running_loop().time() > deadline:
            return text
        await asyncio.sleep(0.05)


async def test_did_change_configuration_without_values_pulls_workspace_configuration(client, project):
    root = project("clean")
    await start(client, root)
    client.set_configuration({"sqlalchemy": "2.1"}, section="sqla")
    configure(client, None)
    text = await hover_text_eventually(client, root, STMT_21)
    assert text.startswith(STMT_21)


async def test_workspace_configuration_is_read_at_startup(client, project):
    root = project("clean")
    client.set_configuration({"sqlalchemy": "2.1"}, section="sqla")
    await start(client, root)
    assert (await stmt_hover(client, root)).startswith(STMT_21)


async def test_bad_settings_are_reported_and_the_rest_applies(client, project):
    root = project("legacy_shop")
    await start(client, root, {"sqlalchemy": "3.0", "ignore": ["SQA999", "SQA103"]})
    messages = [m.message for m in client.messages]
    assert messages == [
        "sqla settings: `sqlalchemy` must be \"2.0\" or \"2.1\", not \"3.0\"; unknown rule selector(s): SQA999"
    ]
    assert client.messages[0].type == types.MessageType.Warning
    models = await wait_diagnostics(client, (root / "shop" / "models.py").as_uri())
    assert "SQA103" not in {d.code for d in models} and len(models) == 5


async def test_project_configuration_changed_on_disk(client, project):
    root = project("legacy_shop")
    await start(client, root)
    queries = (root / "shop" / "queries.py").as_uri()
    assert len(await wait_diagnostics(client, queries)) == 8
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.sqla]\nselect = ["SQA105"]\n')
    since = mark(client)
    watched(client, (pyproject, CHANGED))
    diagnostics = await wait_diagnostics(client, queries, since=since)
    assert [d.code for d in diagnostics] == ["SQA105"]


async def test_series_pin_changed_on_disk(client, project):
    root = project("clean")
    await start(client, root)
    assert (await stmt_hover(client, root)).startswith(STMT_20)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"SQLAlchemy>=2.0,<2.1"', '"SQLAlchemy>=2.1"'))
    watched(client, (pyproject, CHANGED))
    assert (await hover_text_eventually(client, root, STMT_21)).startswith(STMT_21)


async def test_invalid_project_configuration_is_reported(client, project):
    root = project("legacy_shop")
    (root / "sqla.toml").write_text("select = [\n")
    await start(client, root)
    await until(lambda: client.messages, what="a window/showMessage")
    assert client.messages[0].message.startswith("sqla: ") and "invalid TOML" in client.messages[0].message
    # The default settings apply.
    assert len(await wait_diagnostics(client, (root / "shop" / "queries.py").as_uri())) == 8


async def test_exclude_setting_leaves_files_out_of_the_workspace(client, project):
    root = project("legacy_shop")
    await start(client, root, {"exclude": ["shop/queries.py"]})
    assert client.progress_reports["sqla/indexing"][-1].message == "5 files"
    await wait_diagnostics(client, (root / "shop" / "models.py").as_uri())
    await quiet(client)
    assert (root / "shop" / "queries.py").as_uri() not in client.diagnostics


async def test_rule_doc_request(client, project):
    root = project("clean")
    await start(client, root)
    doc = await client.protocol.send_request_async("sqla/ruleDoc", {"code": "SQA101"})
    assert doc.code == "SQA101" and doc.name == "dynamic-relationship"
    assert doc.markdown.startswith("# dynamic-relationship (SQA101)\n\n## What it does\n")
    # The codeDescription URI of a diagnostic is accepted as it is, and so is a rule's name.
    by_uri = await client.protocol.send_request_async("sqla/ruleDoc", {"code": "sqla-rule:/SQA201"})
    assert by_uri.name == "stale-stubs"
    by_name = await client.protocol.send_request_async("sqla/ruleDoc", {"code": "row-string-index"})
    assert by_name.code == "SQA108"
    with pytest.raises(JsonRpcInvalidParams, match="no rule `SQA999`"):
        await client.protocol.send_request_async("sqla/ruleDoc", {"code": "SQA999"})
    with pytest.raises(JsonRpcInvalidParams):
        await client.protocol.send_request_async("sqla/ruleDoc", {})
