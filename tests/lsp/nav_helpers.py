"""Helpers for the navigation and completion scenarios (test_navigation.py, test_completion.py):
opening fixture files, positions of substrings, the requests, and their answers as plain
comparable tuples (`path:line:col` style, 0-based as in LSP)."""
from __future__ import annotations

import pathlib
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from conftest import start

# --- positions --------------------------------------------------------------------------------
# The fixtures are ASCII: character offsets are UTF-16 units.


def at(text: str, needle: str, delta: int = 0, nth: int = 0) -> types.Position:
    """The position `delta` characters into the `nth` occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
        assert offset >= 0
    offset += delta
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def span_of(text: str, needle: str, nth: int = 0, delta: int = 0, length: int | None = None) -> tuple[int, int, int, int]:
    """(line, start, line, end) of `needle` (or of `length` characters `delta` into it)."""
    begin = at(text, needle, delta, nth)
    size = len(needle) - delta if length is None else length
    return (begin.line, begin.character, begin.line, begin.character + size)


def sp(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


# --- a session on a fixture project -----------------------------------------------------------


class Workspace:
    """A started session on a copy of a fixture project: opens files and sends requests with
    paths relative to the project root."""

    def __init__(self, client: LanguageClient, root: pathlib.Path):
        self.client = client
        self.root = root
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.initialize_result: types.InitializeResult | None = None

    # documents

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def rel(self, uri: str) -> str:
        path = pathlib.Path(unquote(urlparse(uri).path))
        return path.relative_to(self.root).as_posix()

    def text(self, rel: str) -> str:
        """The open buffer's text, else the file on disk."""
        return self.texts.get(rel) or (self.root / rel).read_text()

    def open(self, rel: str, text: str | None = None) -> str:
        text = (self.root / rel).read_text() if text is None else text
        self.texts[rel] = text
        self.versions[rel] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=self.uri(rel), language_id="python", version=1, text=text)
            )
        )
        return text

    def replace(self, rel: str, begin: types.Position, end: types.Position, new_text: str) -> str:
        """An incremental didChange replacing `begin`..`end` by `new_text`; returns the new buffer
        text. (ASCII lines: characters are UTF-16 units.)"""
        old = self.texts[rel]
        lines = old.split("\n")

        def offset(pos: types.Position) -> int:
            return sum(len(line) + 1 for line in lines[: pos.line]) + pos.character

        text = old[: offset(begin)] + new_text + old[offset(end) :]
        self.versions[rel] += 1
        self.texts[rel] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=self.uri(rel), version=self.versions[rel]),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(start=begin, end=end), text=new_text)
                ],
            )
        )
        return text

    def insert(self, rel: str, pos: types.Position, new_text: str) -> str:
        """An incremental didChange inserting `new_text` at `pos`; returns the new buffer text."""
        return self.replace(rel, pos, pos, new_text)

    def at(self, rel: str, needle: str, delta: int = 0, nth: int = 0) -> types.Position:
        return at(self.text(rel), needle, delta, nth)

    def span(self, rel: str, needle: str, nth: int = 0, delta: int = 0, length: int | None = None):
        return span_of(self.text(rel), needle, nth, delta, length)

    def lines(self, rel: str, first: str, last: str) -> tuple[int, int, int, int]:
        """From the start of the line holding `first` to the end of the line holding `last`."""
        text = self.text(rel)
        begin, end = at(text, first), at(text, last)
        return (begin.line, 0, end.line, len(text.split("\n")[end.line]))

    def loc(self, location) -> tuple:
        """A Location or LocationLink as (relative path, span)."""
        if isinstance(location, types.LocationLink):
            return (self.rel(location.target_uri), sp(location.target_selection_range))
        return (self.rel(location.uri), sp(location.range))

    def _doc(self, rel: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri(rel))

    # requests

    async def definition(self, rel: str, pos: types.Position):
        return await self.client.text_document_definition_async(
            types.DefinitionParams(text_document=self._doc(rel), position=pos)
        )

    async def definitions(self, rel: str, needle: str, delta: int = 0, nth: int = 0) -> list[tuple]:
        """Go to definition on `delta` characters into `needle`: the targets' (path, span)."""
        found = await self.definition(rel, self.at(rel, needle, delta, nth))
        return [self.loc(link) for link in found or []]

    async def references(self, rel: str, pos: types.Position, include_declaration: bool) -> list[tuple]:
        found = await self.client.text_document_references_async(
            types.ReferenceParams(
                text_document=self._doc(rel),
                position=pos,
                context=types.ReferenceContext(include_declaration=include_declaration),
            )
        )
        return sorted(self.loc(location) for location in found or [])

    async def prepare_rename(self, rel: str, pos: types.Position):
        return await self.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=self._doc(rel), position=pos)
        )

    async def rename(self, rel: str, pos: types.Position, new_name: str) -> types.WorkspaceEdit | None:
        return await self.client.text_document_rename_async(
            types.RenameParams(text_document=self._doc(rel), position=pos, new_name=new_name)
        )

    def edits(self, edit: types.WorkspaceEdit) -> dict[str, list[tuple]]:
        """A workspace edit's `changes` as {relative path: sorted [(span, new text)]}."""
        assert edit is not None and edit.changes is not None and not edit.document_changes, edit
        return {
            self.rel(uri): sorted((sp(e.range), e.new_text) for e in edits) for uri, edits in edit.changes.items()
        }

    def applied(self, rel: str, edits: list[tuple]) -> str:
        """`rel`'s text with (span, new text) edits applied."""
        lines = self.text(rel).split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        text = self.text(rel)
        for (sl, sc, el, ec), new in sorted(edits, reverse=True):
            text = text[: starts[sl] + sc] + new + text[starts[el] + ec :]
        return text

    async def completion(self, rel: str, pos: types.Position) -> list[types.CompletionItem]:
        found = await self.client.text_document_completion_async(
            types.CompletionParams(text_document=self._doc(rel), position=pos)
        )
        if isinstance(found, types.CompletionList):
            return list(found.items)
        return list(found or [])

    async def signature_help(self, rel: str, pos: types.Position) -> types.SignatureHelp | None:
        return await self.client.text_document_signature_help_async(
            types.SignatureHelpParams(text_document=self._doc(rel), position=pos)
        )

    async def inlay_hints(self, rel: str, rng: types.Range | None = None) -> list[types.InlayHint]:
        if rng is None:
            lines = self.text(rel).split("\n")
            rng = types.Range(start=types.Position(0, 0), end=types.Position(len(lines), 0))
        found = await self.client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=self._doc(rel), range=rng)
        )
        return list(found or [])

    async def document_symbols(self, rel: str):
        return list(
            await self.client.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=self._doc(rel))
            )
            or []
        )

    async def workspace_symbols(self, query: str):
        return list(await self.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query)) or [])


def caps(utf8: bool = False, links: bool = True, hierarchical: bool = True) -> types.ClientCapabilities:
    """VS Code's capabilities, optionally offering UTF-8 positions, or without definition links or
    hierarchical document symbols."""
    result = client_capabilities("visual-studio-code")
    if utf8:
        result.general = result.general or types.GeneralClientCapabilities()
        result.general.position_encodings = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    result.text_document.definition.link_support = links
    result.text_document.document_symbol.hierarchical_document_symbol_support = hierarchical
    return result


async def start_on(client: LanguageClient, project, name: str, options=None, capabilities=None) -> Workspace:
    """A session on a fresh copy of fixture project `name`, indexed."""
    root = project(name)
    ws = Workspace(client, root)
    ws.initialize_result = await start(client, root, options, capabilities or caps())
    return ws


# --- answers as comparable data ---------------------------------------------------------------


def item_summary(item: types.CompletionItem) -> tuple:
    """(label, kind, detail) of a completion item."""
    return (item.label, item.kind, item.detail)


def item_edit(item: types.CompletionItem) -> tuple:
    """(span, new text) of an item's text edit."""
    edit = item.text_edit
    assert isinstance(edit, types.TextEdit), item
    return (sp(edit.range), edit.new_text)


def hint_summary(hint: types.InlayHint) -> tuple:
    label = hint.label if isinstance(hint.label, str) else "".join(part.value for part in hint.label)
    return (hint.position.line, hint.position.character, label, hint.kind)


def outline(symbols) -> list[tuple]:
    """Document symbols as nested (name, kind, detail, selection span, [children])."""
    return [
        (s.name, s.kind, s.detail, sp(s.selection_range), outline(s.children or []))
        for s in symbols
    ]
