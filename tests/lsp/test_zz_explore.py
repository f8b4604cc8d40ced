from lsprotocol import types
from nav_helpers import *
Q="app/queries.py"
async def test_x(client, project):
    ws = await start_on(client, project, "nav_typed")
    for variant in ["    User.\n    user.na\n", "    user.na\n", "    x = 1\n    user.na\n", "    User.\n    user.\n", "    User.\n\n    user.na\n"]:
        q = ws.open(Q, ws.text(Q).replace("    return user.name", variant + "    return user.name"))
        line = at(q, "    user.na" if "na" in variant else "    user.\n").line
        items = await ws.completion(Q, types.Position(line, 11 if "na" in variant else 9))
        print(repr(variant), [i.label for i in items])
        ws.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=ws.uri(Q))))
        del ws.texts[Q]
