"""The first scenarios: diagnostics arrive, hover answers, a quick-fix edits."""
from lsprotocol import types

from conftest import start


async def test_diagnostics_hover_and_quickfix(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = next(root.rglob("models.py"))
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=path.read_text())
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = {d.code for d in client.diagnostics[uri]}
    assert "SQA103" in codes, codes


def open_file(client, path, text=None, version=1):
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=path.read_text() if text is None else text
            )
        )
    )
    return uri


async def test_hover_and_quickfix_on_a_query(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_file(client, path, text)
    line = text.splitlines().index("def customer(session: Session, customer_id: int):") + 1
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=text.splitlines()[line].index("session") + 1),
        )
    )
    assert hover is not None and "(variable) session: Session" in hover.contents.value, hover
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=60)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions]
    get_fix = next(a for a in actions if "SQA109" in a.title)
    assert get_fix.is_preferred, titles
    (edits,) = get_fix.edit.changes.values()
    assert any("session.get(Customer, customer_id)" in e.new_text for e in edits), edits
