"""Starts the real `sqla server` over stdio for each test, with a real LSP client (pytest-lsp), and
the helpers the tests share: fixture projects, opening and editing documents, waiting for pushed
diagnostics, positions of substrings, and a second "fresh" server to compare with."""
from __future__ import annotations

import asyncio
import copy
import bisect
import contextlib
import json
import os
import pathlib
import shutil
import subprocess
import threading
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
SQLA = os.environ.get("SQLA", str(REPO / "target" / "debug" / "sqla"))
FIXTURES = HERE / "fixtures"
INDEXING = "sqla/indexing"
TIMEOUT = 15.0


# --- the client -------------------------------------------------------------------------------


def make_client() -> LanguageClient:
    """pytest-lsp's test client, which also keeps every `publishDiagnostics` (with its version) in
    order in `client.published`, and the dynamic registrations in `client.registrations`."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    def refresh(client: LanguageClient, _params):
        client.refreshes += 1
        return None

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    register_lsp_features(client, features)
    client.published = []
    client.registrations = []
    client.refreshes = 0
    return client


# The server detects the SQLAlchemy series from an active virtualenv too: not from the test runner's.
SERVER_ENV = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
CONFIG = ClientServerConfig(server_command=[SQLA, "server"], client_factory=make_client, server_env=SERVER_ENV)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    # Each test initializes the session itself (workspace folder, options, capabilities).
    yield
    if lsp_client._server is not None and lsp_client._server.returncode is None:
        await lsp_client.shutdown_session()


@pytest.fixture
def project(tmp_path):
    """A fresh copy of a fixture project (tests/lsp/fixtures/NAME, else examples/NAME): tests may
    edit files on disk."""

    def copy(name: str) -> pathlib.Path:
        target = tmp_path / name
        source = FIXTURES / name if (FIXTURES / name).is_dir() else REPO / "examples" / name
        shutil.copytree(source, target)
        return target.resolve()

    return copy


def capabilities(name: str = "visual-studio-code", utf8: bool = False) -> types.ClientCapabilities:
    caps = client_capabilities(name)
    if utf8:
        caps.general = caps.general or types.GeneralClientCapabilities()
        caps.general.position_encodings = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    return caps


def push_only(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    """The capabilities without pulling diagnostics: the server then pushes them for open documents
    too (what most tests observe)."""
    caps = copy.deepcopy(caps)
    if caps.text_document is not None:
        caps.text_document.diagnostic = None
    return caps


def pulling_vscode() -> types.ClientCapabilities:
    """VS Code's capabilities with pull diagnostics and their refresh, as vscode-languageclient 9
    declares them (pytest-lsp's recorded ones predate pulling)."""
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False
    )
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def start(
    client: LanguageClient,
    root: pathlib.Path,
    options=None,
    caps: str | types.ClientCapabilities = "visual-studio-code",
    wait: bool = True,
    pull: bool = False,
) -> types.InitializeResult:
    """Initializes the session on `root`; with `wait`, also waits for the end of the workspace
    indexing ($/progress; needs a client with `window.workDoneProgress`). The client is made one
    that does not pull diagnostics unless `pull` (a VS Code that pulls gets open documents'
    diagnostics only by pull)."""
    if caps == "visual-studio-code" and pull:
        caps = pulling_vscode()
    caps = client_capabilities(caps) if isinstance(caps, str) else caps
    if not pull:
        caps = push_only(caps)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options or {},
        )
    )
    if wait:
        await wait_indexed(client)
    return result


async def until(predicate, timeout: float = TIMEOUT, what: str = "condition", step: float = 0.02):
    """Polls `predicate` until it returns a truthy value, which is returned."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(step)


def progress_kinds(client: LanguageClient, token: str = INDEXING) -> list[str]:
    return [p.kind for p in client.progress_reports.get(token, [])]


async def wait_indexed(client: LanguageClient, timeout: float = TIMEOUT):
    await until(lambda: "end" in progress_kinds(client), timeout, "the end of workspace indexing")


# --- documents --------------------------------------------------------------------------------


def uri_of(path: pathlib.Path) -> str:
    return path.as_uri()


def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=version, text=path.read_text() if text is None else text
            )
        )
    )
    return uri


def close_doc(client: LanguageClient, uri: str):
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def edit(start: tuple[int, int], end: tuple[int, int], text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
    )


def whole(text: str) -> types.TextDocumentContentChangeWholeDocument:
    return types.TextDocumentContentChangeWholeDocument(text=text)


def change_doc(client: LanguageClient, uri: str, version: int, changes: list):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )


def units(text: str, encoding: str = "utf-16") -> int:
    """The length of `text` in the code units of a position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def line_starts(text: str) -> list[int]:
    """Where each line starts: `\n`, `\r\n` and a lone `\r` end a line (as in LSP)."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n"):
            starts.append(i + 1)
    return starts


def position(text: str, offset: int, encoding: str = "utf-16") -> types.Position:
    """The LSP position of a character offset of `text`."""
    starts = line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    return types.Position(line=line, character=units(text[starts[line] : offset], encoding))


def offset_of(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    """The character offset of an LSP position; past the end of a line is the line's end, past the
    last line the end of the text."""
    starts = line_starts(text)
    if pos.line >= len(starts):
        return len(text)
    at, count = starts[pos.line], 0
    while at < len(text) and text[at] not in "\r\n":
        if count >= pos.character:
            break
        count += units(text[at], encoding)
        at += 1
    return at


def pos_of(text: str, needle: str, delta: int = 0, nth: int = 0, encoding: str = "utf-16") -> types.Position:
    """The position `delta` characters into the `nth` occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return position(text, at + delta, encoding)


def range_of(text: str, needle: str, nth: int = 0, encoding: str = "utf-16") -> types.Range:
    start = pos_of(text, needle, 0, nth, encoding)
    return types.Range(start=start, end=pos_of(text, needle, len(needle), nth, encoding))


def span(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Applies non-overlapping LSP text edits (any order) to `text`."""
    spans = sorted(
        ((offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), i, e.new_text) for i, e in enumerate(edits)),
        reverse=True,
    )
    for start, end, _, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_changes(text: str, changes, encoding: str = "utf-16") -> str:
    """Applies a didChange batch in order, as the server must."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangeWholeDocument):
            text = change.text
        else:
            start = offset_of(text, change.range.start, encoding)
            end = offset_of(text, change.range.end, encoding)
            start, end = min(start, end), max(start, end)
            text = text[:start] + change.text + text[end:]
    return text


# --- diagnostics ------------------------------------------------------------------------------


def summary(diagnostics) -> list[tuple]:
    """Diagnostics as sorted comparable tuples: (code, range, severity, message)."""
    return sorted((d.code, span(d.range), int(d.severity), d.message) for d in diagnostics)


def codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


def mark(client: LanguageClient) -> int:
    """A point in the stream of published diagnostics: `wait_diagnostics(since=mark)` only
    considers publications after it."""
    return len(client.published)


async def wait_diagnostics(
    client: LanguageClient,
    uri: str,
    predicate=None,
    version: int | None = None,
    since: int = 0,
    timeout: float = TIMEOUT,
):
    """The diagnostics of the latest publication for `uri` after `since` that has `version` (when
    given) and satisfies `predicate(diagnostics)` (when given)."""

    def found():
        for params in reversed(client.published[since:]):
            if params.uri != uri:
                continue
            if version is not None and params.version != version:
                return None
            if predicate is None or predicate(params.diagnostics):
                return [list(params.diagnostics)]
            return None
        return None

    what = f"diagnostics of {uri}" + (f" at version {version}" if version is not None else "")
    (diagnostics,) = await until(found, timeout, what)
    return diagnostics


async def quiet(client: LanguageClient, seconds: float = 0.6):
    """Waits until no diagnostics were published for `seconds` (open documents are published 150 ms
    after the last change, the rest of the workspace 400 ms after)."""
    last = -1
    while last != len(client.published):
        last = len(client.published)
        await asyncio.sleep(seconds)


async def pull(client: LanguageClient, uri: str):
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full", report
    return list(report.items)


# --- requests ---------------------------------------------------------------------------------


async def hover(client: LanguageClient, uri: str, pos: types.Position):
    return await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )


async def hover_text(client: LanguageClient, uri: str, pos: types.Position) -> str:
    found = await hover(client, uri, pos)
    assert found is not None, f"no hover at {pos}"
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def code_actions(client: LanguageClient, uri: str, rng: types.Range, only=None, diagnostics=()):
    return list(await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
        )
    ) or [])


# --- a second server --------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def fresh_server(root: pathlib.Path, options=None, caps="visual-studio-code"):
    """Another `sqla server` on `root`, indexed, for comparisons with a long-lived session."""
    other = await CONFIG.start()
    try:
        other.initialize_result = await start(other, root, options, caps)
        yield other
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(other.shutdown_session(), 5)
        await other.stop()


async def fresh_diagnostics(root: pathlib.Path, path: pathlib.Path, text: str, options=None, caps="visual-studio-code"):
    """The diagnostics a new server publishes for `path` opened with `text`."""
    async with fresh_server(root, options, caps) as other:
        uri = open_doc(other, path, text, version=1)
        return await wait_diagnostics(other, uri, version=1)


# --- raw stdio --------------------------------------------------------------------------------


def frame(message: dict | str | bytes) -> bytes:
    """A JSON-RPC message with its `Content-Length` header."""
    if isinstance(message, dict):
        message = json.dumps(message)
    body = message.encode() if isinstance(message, str) else message
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    """`sqla server` as a subprocess spoken to in bytes: for what an LSP client library will not send
    (malformed messages, exit at odd moments). A thread reads its output into `messages`."""

    def __init__(self):
        self.process = subprocess.Popen(
            [SQLA, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=SERVER_ENV
        )
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            with self.lock:
                self.messages.append(json.loads(body))

    def send(self, data: bytes | dict):
        self.process.stdin.write(data if isinstance(data, bytes) else frame(data))
        self.process.stdin.flush()

    def request(self, id, method: str, params=None):
        self.send({"jsonrpc": "2.0", "id": id, "method": method, **({"params": params} if params is not None else {})})

    def notify(self, method: str, params=None):
        self.send({"jsonrpc": "2.0", "method": method, **({"params": params} if params is not None else {})})

    def initialize(self, root: pathlib.Path | None = None, progress: bool = False, id=1):
        params = {
            "processId": None,
            "rootUri": root.as_uri() if root else None,
            "capabilities": {"window": {"workDoneProgress": progress}},
        }
        self.request(id, "initialize", params)
        result = self.response(id)
        self.notify("initialized", {})
        return result

    def wait(self, predicate, timeout: float = TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages:
                    if predicate(message):
                        return message
            time.sleep(0.01)
        raise TimeoutError(f"no matching message from the server; got {self.messages}")

    def response(self, id, timeout: float = TIMEOUT) -> dict:
        return self.wait(lambda m: m.get("id") == id and "method" not in m, timeout)

    def exited(self, timeout: float = 5.0) -> int:
        """The exit code, once the process has ended within `timeout` seconds."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the server did not exit within {timeout}s") from None

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(Exception):
                stream.close()


@pytest.fixture
def raw():
    servers = []

    def spawn() -> RawServer:
        servers.append(RawServer())
        return servers[-1]

    yield spawn
    for server in servers:
        server.close()
