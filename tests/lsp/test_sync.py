"""Incremental sync: after any sequence of edits (batches, non-ASCII and emoji, CRLF, lone CR, tabs,
UTF-8 or UTF-16 positions) the server's diagnostics equal those of a fresh server opened on the
final text; hover answers on the same text agree too."""
import asyncio
import random
import re

import pytest
from lsprotocol import types

from conftest import (
    apply_changes,
    capabilities,
    change_doc,
    edit,
    fresh_server,
    hover,
    mark,
    open_doc,
    position,
    pull,
    quiet,
    span,
    start,
    summary,
    wait_diagnostics,
    whole,
)


def change(text: str, start: int, end: int, new: str, encoding: str) -> types.TextDocumentContentChangePartial:
    """A change replacing characters `start..end` of `text`, positioned in `encoding`."""
    a, b = position(text, start, encoding), position(text, end, encoding)
    return edit((a.line, a.character), (b.line, b.character), new)


async def compare_with_fresh(client, root, path, uri, text, version, encoding="utf-16", hovers=()):
    """The session's diagnostics for `uri` (pushed at `version`, and pulled) equal a fresh server's on
    `text`; so do hovers at `hovers` (character offsets). Returns the fresh diagnostics."""
    caps = capabilities(utf8=encoding == "utf-8")
    mine = await pull(client, uri)
    async with fresh_server(root, caps=caps) as other:
        other_uri = open_doc(other, path, text)
        theirs = await pull(other, other_uri)
        assert summary(mine) == summary(theirs)
        if theirs:
            pushed = await wait_diagnostics(client, uri, version=version)
            assert summary(pushed) == summary(theirs)
            assert summary(await wait_diagnostics(other, other_uri, version=1)) == summary(theirs)
        for offset in hovers:
            at = position(text, offset, encoding)
            a, b = await hover(client, uri, at), await hover(other, other_uri, at)
            assert (a and (a.contents.value, span(a.range))) == (b and (b.contents.value, span(b.range))), at
    return theirs


async def test_position_encoding_is_negotiated(client, project):
    root = project("clean")
    result = await start(client, root, caps=capabilities(utf8=True))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    sync = result.capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close
    async with fresh_server(root) as other:  # VS Code offers no encodings: UTF-16
        assert other.initialize_result.capabilities.position_encoding == types.PositionEncodingKind.Utf16


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_ranges_after_emoji_and_accents_count_code_units(client, project, encoding):
    root = project("legacy_shop")
    await start(client, root, caps=capabilities(utf8=encoding == "utf-8"))
    path = root / "shop" / "queries.py"
    text = path.read_text().replace('create_engine("sqlite://", future=True)', 'create_engine("sqlite://😀é", future=True)')
    uri = open_doc(client, path, text)
    diagnostics = await wait_diagnostics(client, uri, version=1)
    future = next(d for d in diagnostics if d.code == "SQA112")
    # `engine = create_engine("sqlite://😀é", ` is 36 + 2 characters: the emoji is 2 UTF-16 units
    # and 4 UTF-8 bytes, é is 1 and 2.
    assert span(future.range) == ((6, 39, 6, 50) if encoding == "utf-16" else (6, 42, 6, 53))
    # Type after the emoji, on the same line: `, echo=False` before `future=True`.
    at = text.index("future=True")
    new = text[:at] + "echo=False, " + text[at:]
    change_doc(client, uri, 2, [change(text, at, at, "echo=False, ", encoding)])
    diagnostics = await wait_diagnostics(client, uri, version=2)
    future = next(d for d in diagnostics if d.code == "SQA112")
    assert span(future.range) == ((6, 51, 6, 62) if encoding == "utf-16" else (6, 54, 6, 65))
    await compare_with_fresh(client, root, path, uri, new, 2, encoding, hovers=[new.index("engine")])


async def test_a_batch_of_changes_applies_in_order(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    changes = []
    # 1. a new first line; every later position is relative to the text after the previous change
    changes.append(change(text, 0, 0, "# 😀 header\n", "utf-16"))
    text = apply_changes(text, changes[-1:])
    # 2. remove `future=True` (and its comma)
    at = text.index(", future=True")
    changes.append(change(text, at, at + len(", future=True"), "", "utf-16"))
    text = apply_changes(text, changes[-1:])
    # 3. a legacy select list in a new function at the end
    changes.append(change(text, len(text), len(text), "\n\ndef more():\n    return select([Order.total])\n", "utf-16"))
    text = apply_changes(text, changes[-1:])
    # 4. rename `customer_id` in the first function (two occurrences, replaced back to front)
    first = text.index("customer_id: int")
    second = text.index("get(customer_id)") + 4
    changes.append(change(text, second, second + len("customer_id"), "cid", "utf-16"))
    text = apply_changes(text, changes[-1:])
    changes.append(change(text, first, first + len("customer_id"), "cid", "utf-16"))
    text = apply_changes(text, changes[-1:])
    change_doc(client, uri, 2, changes)
    diagnostics = await compare_with_fresh(client, root, path, uri, text, 2, hovers=[text.index("cid")])
    codes = sorted(d.code for d in diagnostics)
    assert "SQA112" not in codes and codes.count("SQA105") == 2
    get = next(d for d in diagnostics if d.code == "SQA109")
    assert span(get.range) == (11, 11, 11, 43)  # one line lower, `customer_id` → `cid`


async def test_crlf_tabs_and_joined_lines(client, project):
    root = project("legacy_shop")
    path = root / "shop" / "queries.py"
    text = path.read_text().replace("    ", "\t").replace("\n", "\r\n")
    path.write_bytes(text.encode())
    await start(client, root)
    uri = open_doc(client, path, text)
    before = await wait_diagnostics(client, uri, version=1)
    assert span(next(d for d in before if d.code == "SQA109").range) == (10, 8, 10, 48)  # a tab is one unit
    steps = []
    # Join the `def customer` line with its body (delete the \r\n and the tab).
    at = text.index("customer_id: int):") + len("customer_id: int):")
    steps.append((at, at + 3, " "))
    # Split the select([...]) call over two lines with a CRLF and a tab.
    steps.append(("Order.total])", 0, "\r\n\t\t"))
    # Insert a lone CR (a line break on its own) and a CRLF in a comment.
    steps.append((0, 0, "# a\rb\r\n"))
    version = 1
    for where, length, new in steps:
        start_at = text.index(where) if isinstance(where, str) else where
        end_at = length if not isinstance(where, str) else start_at + length
        version += 1
        change_doc(client, uri, version, [change(text, start_at, end_at, new, "utf-16")])
        text = text[:start_at] + new + text[end_at:]
    diagnostics = await compare_with_fresh(client, root, path, uri, text, version, hovers=[text.index("stmt")])
    # The SQA109 finding is now on the joined line, two lines lower (the lone CR is a line break).
    assert span(next(d for d in diagnostics if d.code == "SQA109").range) == (11, 57, 11, 97)
    select = next(d for d in diagnostics if d.code == "SQA105")
    assert span(select.range) == (19, 15, 20, 14)


async def test_typing_character_by_character(client, project):
    root = project("clean")
    await start(client, root)
    path = root / "app" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    typed = "\n\ndef legacy(session: Session):\n    return [r[\"name\"] for r in session.execute(select([User.name]))]\n"
    version = 1
    for ch in typed:
        version += 1
        change_doc(client, uri, version, [change(text, len(text), len(text), ch, "utf-16")])
        text += ch
        if version % 16 == 0:
            await asyncio.sleep(0.01)  # let some debounced publications through
    diagnostics = await compare_with_fresh(client, root, path, uri, text, version, hovers=[text.index("legacy")])
    assert sorted((d.code, span(d.range)) for d in diagnostics) == [
        ("SQA105", (19, 54, 19, 65)),
        ("SQA108", (19, 12, 19, 21)),
    ]


async def test_undoing_every_edit_restores_the_first_diagnostics(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    original = text = path.read_text()
    uri = open_doc(client, path, text)
    first = await wait_diagnostics(client, uri, version=1)
    undo = []
    rng = random.Random(7)
    version = 1
    for _ in range(25):
        start_at = rng.randrange(len(text) + 1)
        end_at = min(len(text), start_at + rng.randrange(6))
        new = rng.choice(["", "x", "😀", "\n", "((", "é\t"])
        version += 1
        change_doc(client, uri, version, [change(text, start_at, end_at, new, "utf-16")])
        undo.append((start_at, start_at + len(new), text[start_at:end_at]))
        text = text[:start_at] + new + text[end_at:]
    for start_at, end_at, old in reversed(undo):
        version += 1
        change_doc(client, uri, version, [change(text, start_at, end_at, old, "utf-16")])
        text = text[:start_at] + old + text[end_at:]
    assert text == original
    assert summary(await wait_diagnostics(client, uri, version=version)) == summary(first)


async def test_whole_document_change_in_a_batch(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "shop" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    replaced = "from sqlalchemy import select\nfrom shop.models import Order\n\nq = select([Order.id])\n"
    # An incremental change, the whole text, then incremental changes on the new text.
    changes = [change(text, 0, 10, "zzz", "utf-16"), whole(replaced)]
    at = replaced.index("[Order.id]")
    changes.append(change(replaced, at, at, "\n", "utf-16"))
    final = apply_changes(text, changes)
    assert final.endswith("q = select(\n[Order.id])\n")
    change_doc(client, uri, 2, changes)
    diagnostics = await compare_with_fresh(client, root, path, uri, final, 2)
    assert [(d.code, span(d.range)) for d in diagnostics] == [("SQA105", (4, 0, 4, 10))]


async def test_edits_to_a_model_buffer_update_other_files(client, project):
    root = project("clean")
    await start(client, root)
    models, orders = root / "app" / "models.py", root / "app" / "orders.py"
    models_text = models.read_text()
    models_uri, orders_uri = open_doc(client, models, models_text), open_doc(client, orders)
    at = models_text.index('"users"') + 1
    since = mark(client)
    change_doc(client, models_uri, 2, [change(models_text, at, at + len("users"), "accounts", "utf-16")])
    diagnostics = await wait_diagnostics(client, orders_uri, since=since, predicate=bool)
    assert sorted((d.code, span(d.range)) for d in diagnostics) == [
        ("SQA304", (12, 52, 12, 62)),
        ("SQA313", (14, 4, 14, 8)),
    ]
    assert "`users`" in next(d for d in diagnostics if d.code == "SQA304").message
    # And back: the finding goes away.
    models_text = apply_changes(models_text, [change(models_text, at, at + len("users"), "accounts", "utf-16")])
    since = mark(client)
    change_doc(client, models_uri, 3, [change(models_text, at, at + len("accounts"), "users", "utf-16")])
    assert await wait_diagnostics(client, orders_uri, since=since) == []


# Edits an editor makes, chosen at random but kept valid Python (a syntax error can leave a whole
# module unanalysable, and then there is nothing left to compare): identifiers renamed (to non-ASCII
# ones too), text typed into strings and comments, lines added and removed, calls split over lines
# after a comma and joined again, spaces and tabs inside brackets.
NAMES = ["x", "_y", "é_var", "中文", "𝔘x", "customer_id", "Order", "session"]
TEXT = ["😀", "é", "中文", "\t", "𝔘", "\u2028", " ", "x"]
LINES = [
    "q = select([Order.id])", "e = create_engine('x', future=True)", "# 😀 comment", "pass",
    "s = session.query(Customer).get(1)", "t = 'é😀' + \"中文\"",
]
KEYWORDS = {"def", "return", "for", "in", "import", "from", "pass", "lambda", "True", "None"}


def random_edit(text: str, rng: random.Random, after: int) -> tuple[int, int, str] | None:
    """One edit at offset `after` or later, as (start, end, new text); None when the chosen kind
    finds no place."""
    eol = "\r\n" if "\r\n" in text else "\n"
    body = text[after:]

    def pick(pattern, flags=0):
        found = list(re.finditer(pattern, body, flags))
        return rng.choice(found) if found else None

    kind = rng.choice(["name", "string", "comment", "line", "unline", "split", "join", "space"])
    if kind == "name":
        m = pick(r"\b[^\W\d]\w*\b")
        if m and m.group() not in KEYWORDS:
            return after + m.start(), after + m.end(), rng.choice(NAMES)
    elif kind == "string":
        m = pick(r"\"[^\"\r\n]*\"|'[^'\r\n]*'")
        if m:
            at = after + m.start() + 1 + rng.randrange(len(m.group()) - 1)
            return at, at, rng.choice(TEXT)
    elif kind == "comment":
        m = pick(r"[^\r\n]$", re.M)  # the end of a line
        if m:
            return after + m.end(), after + m.end(), "  # " + rng.choice(TEXT) + " note"
    elif kind == "line":
        m = pick(r"^(def |    return |    stmt = )", re.M)
        if m:
            indent = len(m.group()) - len(m.group().lstrip())
            ending = rng.choice([eol, eol, "\r"]) if eol == "\n" else eol
            return after + m.start(), after + m.start(), " " * indent + rng.choice(LINES) + ending
    elif kind == "unline":
        m = pick("^ *(" + "|".join(re.escape(line) for line in LINES) + ")(\r\n|\n|\r)", re.M)
        if m:
            return after + m.start(), after + m.end(), ""
    elif kind == "split":
        m = pick(r", (?=[\w(])")
        if m:
            return after + m.start(), after + m.end(), "," + eol + " " * 8
    elif kind == "join":
        m = pick(r",(\r\n|\n) +")
        if m:
            return after + m.start(), after + m.end(), ", "
    elif kind == "space":
        m = pick(r"[(,]")
        if m:
            return after + m.end(), after + m.end(), rng.choice([" ", "\t", "  "])
    return None


async def random_session(client, root, path, encoding, seed, steps=40):
    text = path.read_text()
    imports = text.index("engine =")  # the imports stay: without them nothing is SQLAlchemy
    uri = open_doc(client, path, text)
    rng = random.Random(seed)
    version = 1
    for step in range(steps):
        batch, size = [], rng.choice([1, 1, 1, 2, 3])
        while len(batch) < size:
            found = random_edit(text, rng, imports)
            if found is None:
                continue
            start_at, end_at, new = found
            batch.append(change(text, start_at, end_at, new, encoding))
            text = text[:start_at] + new + text[end_at:]
        version += 1
        change_doc(client, uri, version, batch)
        if step % 12 == 7:  # requests on intermediate snapshots
            await hover(client, uri, position(text, rng.randrange(len(text) + 1), encoding))
            await pull(client, uri)
        if step % 20 == 19:
            await asyncio.sleep(0.2)  # and a publication now and then
    hovers = [rng.randrange(len(text) + 1) for _ in range(12)]
    hovers += [i for i, ch in enumerate(text) if ch in "😀é中𝔘"][:8]  # next to wide characters
    return uri, text, version, hovers


@pytest.mark.parametrize(
    "seed, encoding", [(1, "utf-16"), (2, "utf-8"), (3, "utf-16"), (4, "utf-8")], ids=lambda v: str(v)
)
async def test_random_edit_sequence_matches_a_fresh_server(client, project, seed, encoding):
    root = project("legacy_shop")
    path = root / "shop" / "queries.py"
    # No docstring: an edit between its quotes would leave the rest of the file in a string.
    text = path.read_text().replace('"""Queries written the 1.x way."""', "# Queries written the 1.x way.")
    if seed % 2 == 1:  # half of the runs start from a CRLF file with non-ASCII text
        text = text.replace("\n", "\r\n").replace("1.x way", "1.x wäy 😀")
    path.write_bytes(text.encode())
    await start(client, root, caps=capabilities(utf8=encoding == "utf-8"))
    uri, text, version, hovers = await random_session(client, root, path, encoding, seed)
    await quiet(client)
    diagnostics = await compare_with_fresh(client, root, path, uri, text, version, encoding, hovers)
    # The edits left findings to compare, at positions after the inserted wide characters.
    assert len(diagnostics) >= 4, text

