"""Completion, signature help and inlay hints over LSP, on the `nav_typed` and `nav_legacy` fixture
projects (see test_navigation.py). Most scenarios edit an open buffer with incremental didChange
notifications and then ask at the new position, as an editor does while the user types."""
from lsprotocol import types

from nav_helpers import at, caps, hint_summary, item_edit, item_summary, start_on

U, P, Q = "app/users.py", "app/posts.py", "app/queries.py"
M, V = "shop/models.py", "shop/views.py"

CLASS, FIELD, PROPERTY, VALUE = (
    types.CompletionItemKind.Class,
    types.CompletionItemKind.Field,
    types.CompletionItemKind.Property,
    types.CompletionItemKind.Value,
)
TYPE = types.InlayHintKind.Type


async def typed(client, project, **kwargs):
    ws = await start_on(client, project, "nav_typed", **kwargs)
    for rel in (U, P, Q):
        ws.open(rel)
    return ws


def edits_of(items) -> set:
    """The distinct spans of completion items' text edits."""
    return {item_edit(item)[0] for item in items}


def add_line(ws, rel: str, before: str, line: str) -> str:
    """Inserts `line` (and a newline) before the line starting with `before`; the new text."""
    return ws.insert(rel, ws.at(rel, before), line + "\n")


# ---- completion in SQLAlchemy's strings ------------------------------------------------------


async def test_completes_class_names_in_relationship_and_mapped_strings(client, project):
    ws = await typed(client, project)
    # Empty the string, then ask inside it.
    start = ws.at(P, 'relationship("User"', len('relationship("'))
    ws.replace(P, start, types.Position(start.line, start.character + 4), "")
    items = await ws.completion(P, start)
    assert [item_summary(i) for i in items] == [("Post", CLASS, "table posts"), ("User", CLASS, "table users")]
    assert [item_edit(i) for i in items] == [
        ((start.line, start.character, start.line, start.character), "Post"),
        ((start.line, start.character, start.line, start.character), "User"),
    ]
    # Typing `Us`: the edit replaces what was typed.
    ws.insert(P, start, "Us")
    typed_pos = types.Position(start.line, start.character + 2)
    items = await ws.completion(P, typed_pos)
    assert [i.label for i in items] == ["Post", "User"]
    assert edits_of(items) == {(start.line, start.character, start.line, start.character + 2)}
    # `Mapped[List["|"]]`, the string's content replaced up to its end.
    pos = ws.at(U, 'List["Post"]', len('List["'))
    items = await ws.completion(U, pos)
    assert [item_summary(i) for i in items] == [("Post", CLASS, "table posts"), ("User", CLASS, "table users")]
    assert edits_of(items) == {(pos.line, pos.character, pos.line, pos.character + 4)}


async def test_completes_back_populates_with_the_targets_relationships(client, project):
    ws = await typed(client, project)
    # Post.author → User: User's relationships.
    pos = ws.at(P, 'back_populates="posts"', len('back_populates="'))
    items = await ws.completion(P, pos)
    assert [item_summary(i) for i in items] == [("posts", PROPERTY, "List[Post]")]
    assert item_edit(items[0]) == ((pos.line, pos.character, pos.line, pos.character + 5), "posts")
    # User.posts → Post (from `Mapped[List["Post"]]`: there is no class string).
    pos = ws.at(U, 'back_populates="author"', len('back_populates="'))
    items = await ws.completion(U, pos)
    assert [item_summary(i) for i in items] == [("author", PROPERTY, "User")]


async def test_completes_table_columns_in_foreign_keys(client, project):
    ws = await typed(client, project)
    # Add a column with an empty ForeignKey string, typed in the buffer.
    text = add_line(ws, P, "    author: Mapped", '    editor_id: Mapped[int] = mapped_column(ForeignKey(""))')
    pos = at(text, 'ForeignKey("")', len('ForeignKey("'))
    items = await ws.completion(P, pos)
    assert [item_summary(i) for i in items] == [
        ("posts.id", FIELD, "Post.id: int"),
        ("posts.title", FIELD, "Post.title: str"),
        ("posts.author_id", FIELD, "Post.author_id: int"),
        ("posts.editor_id", FIELD, "Post.editor_id: int"),
        ("users.id", FIELD, "User.id: int"),
        ("users.name", FIELD, "User.name: str"),
        ("users.email", FIELD, "User.email: str | None"),
    ]
    assert edits_of(items) == {(pos.line, pos.character, pos.line, pos.character)}
    # With `users.` typed, the edits replace it.
    ws.insert(P, pos, "users.")
    items = await ws.completion(P, types.Position(pos.line, pos.character + 6))
    assert len(items) == 7
    assert edits_of(items) == {(pos.line, pos.character, pos.line, pos.character + 6)}
    assert item_edit(items[4]) == ((pos.line, pos.character, pos.line, pos.character + 6), "users.id")


async def test_completes_lazy_values(client, project):
    ws = await typed(client, project)
    values = ["select", "joined", "selectin", "subquery", "raise", "raise_on_sql", "noload", "write_only", "dynamic", "immediate"]
    # Inside the string.
    text = ws.insert(P, ws.at(P, 'back_populates="posts")'), 'lazy="", ')
    pos = at(text, 'lazy=""', len('lazy="'))
    items = await ws.completion(P, pos)
    assert [item_summary(i) for i in items] == [(v, VALUE, None) for v in values]
    assert edits_of(items) == {(pos.line, pos.character, pos.line, pos.character)}
    # Right after `lazy=`: quoted values.
    text = ws.insert(U, ws.at(U, 'back_populates="author")'), "lazy=, ")
    pos = at(text, "lazy=, ", len("lazy="))
    items = await ws.completion(U, pos)
    assert [i.label for i in items] == [f'"{v}"' for v in values]
    assert item_edit(items[2]) == ((pos.line, pos.character, pos.line, pos.character), '"selectin"')


# ---- completion in code ----------------------------------------------------------------------


async def test_completes_attributes_after_a_class_and_an_instance(client, project):
    ws = await typed(client, project)
    text = add_line(ws, Q, "    return user.name", "    User.")
    pos = at(text, "    User.\n", len("    User."))
    items = await ws.completion(Q, pos)
    assert [item_summary(i) for i in items] == [
        ("id", FIELD, "int"),
        ("name", FIELD, "str"),
        ("email", FIELD, "str | None"),
        ("posts", PROPERTY, "List[Post]"),
    ]
    assert [item_edit(i) for i in items] == [
        ((pos.line, pos.character, pos.line, pos.character), label) for label in ("id", "name", "email", "posts")
    ]
    assert items[0].documentation.value == "column · SQL type `Integer` · primary key"
    # Typed character by character on a new line: `user` is `session.get(User, ...)`'s result.
    line = pos.line + 1
    ws.insert(Q, types.Position(line, 0), "    u\n")
    for i, ch in enumerate("ser.na"):
        ws.insert(Q, types.Position(line, 5 + i), ch)
    items = await ws.completion(Q, types.Position(line, 11))
    assert [i.label for i in items] == ["id", "name", "email", "posts"]
    assert edits_of(items) == {(line, 9, line, 11)}


async def test_completes_named_row_columns(client, project):
    ws = await typed(client, project)
    text = add_line(ws, Q, "        print(row.headline)", "        row.")
    pos = at(text, "        row.\n", len("        row."))
    items = await ws.completion(Q, pos)
    assert [item_summary(i) for i in items] == [("id", FIELD, "int"), ("headline", FIELD, "str")]


async def test_completes_constructor_keywords(client, project):
    ws = await typed(client, project)
    text = add_line(ws, Q, "    return user.name", "    User(")
    pos = at(text, "    User(\n", len("    User("))
    items = await ws.completion(Q, pos)
    assert [item_summary(i) for i in items] == [
        ("id=", FIELD, "int"),
        ("name=", FIELD, "str"),
        ("email=", FIELD, "str | None"),
        ("posts=", FIELD, "List[Post]"),
    ]
    assert [item_edit(i) for i in items][1] == ((pos.line, pos.character, pos.line, pos.character), "name=")
    # Keywords already given are not offered again.
    ws.insert(Q, pos, 'name="a", ')
    items = await ws.completion(Q, types.Position(pos.line, pos.character + len('name="a", ')))
    assert [i.label for i in items] == ["id=", "email=", "posts="]


async def test_completion_follows_an_edit_to_a_model_in_another_buffer(client, project):
    ws = await typed(client, project)
    add_line(ws, U, "    posts: Mapped", "    age: Mapped[int]")
    text = add_line(ws, Q, "    return user.name", "    User.")
    items = await ws.completion(Q, at(text, "    User.\n", len("    User.")))
    assert [item_summary(i) for i in items] == [
        ("id", FIELD, "int"),
        ("name", FIELD, "str"),
        ("email", FIELD, "str | None"),
        ("age", FIELD, "int"),
        ("posts", PROPERTY, "List[Post]"),
    ]


async def test_completion_on_legacy_models(client, project):
    ws = await start_on(client, project, "nav_legacy")
    ws.open(M)
    ws.open(V)
    pos = ws.at(M, 'relationship("Customer"', len('relationship("'))
    items = await ws.completion(M, pos)
    assert [item_summary(i) for i in items] == [("Customer", CLASS, "table customers"), ("Order", CLASS, "table orders")]
    assert edits_of(items) == {(pos.line, pos.character, pos.line, pos.character + len("Customer"))}
    # `order_by="Customer.|"`: the class's attributes, the backref's included.
    pos = ws.at(M, 'order_by="Customer.email"', len('order_by="Customer.'))
    items = await ws.completion(M, pos)
    expected = [("id", FIELD, "int"), ("email", FIELD, "str | None"), ("orders", PROPERTY, "AppenderQuery[Order]")]
    assert [item_summary(i) for i in items] == expected
    # On an instance in another file.
    text = add_line(ws, V, "    return customer.orders", "    customer.")
    items = await ws.completion(V, at(text, "    customer.\n", len("    customer.")))
    assert [item_summary(i) for i in items] == expected


async def test_completion_edit_ranges_in_utf16(client, project):
    ws = await typed(client, project)
    line = '    x = "héllo 😀"; user.na'
    text = add_line(ws, Q, "    return user.name", line)
    pos = at(text, line)
    # `😀` is two UTF-16 code units.
    end = len(line.encode("utf-16-le")) // 2
    assert end == len(line) + 1
    items = await ws.completion(Q, types.Position(pos.line, end))
    assert [i.label for i in items] == ["id", "name", "email", "posts"]
    assert edits_of(items) == {(pos.line, end - 2, pos.line, end)}


async def test_completion_edit_ranges_in_utf8(client, project):
    ws = await typed(client, project, capabilities=caps(utf8=True))
    assert ws.initialize_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    line = '    x = "héllo 😀"; user.na'
    text = add_line(ws, Q, "    return user.name", line)
    pos = at(text, line)
    end = len(line.encode("utf-8"))
    items = await ws.completion(Q, types.Position(pos.line, end))
    assert [i.label for i in items] == ["id", "name", "email", "posts"]
    assert edits_of(items) == {(pos.line, end - 2, pos.line, end)}


async def test_no_completion_in_comments_and_plain_strings(client, project):
    ws = await typed(client, project)
    text = add_line(ws, Q, "    return user.name", "    # User.")
    assert await ws.completion(Q, at(text, "# User.", len("# User."))) == []
    text = add_line(ws, Q, "    return user.name", '    print("User.")')
    assert await ws.completion(Q, at(text, 'print("User.', len('print("User.'))) == []


# ---- signature help --------------------------------------------------------------------------


def label_parts(help: types.SignatureHelp) -> list[str]:
    """The parameters' labels as the substrings of the signature label their offsets point at."""
    (signature,) = help.signatures
    return [signature.label[p.label[0] : p.label[1]] for p in signature.parameters]


async def test_signature_help_for_a_model_constructor(client, project):
    ws = await typed(client, project)
    text = add_line(ws, Q, "    return user.name", '    User(name="a", email=None)')
    call = at(text, "    User(name")

    async def active(column: int):
        found = await ws.signature_help(Q, types.Position(call.line, column))
        if found is None:
            return "no help"
        assert found.active_signature == 0
        assert found.signatures[0].active_parameter == found.active_parameter
        return found.active_parameter

    help = await ws.signature_help(Q, types.Position(call.line, len("    User(")))
    assert help.signatures[0].label == "User(*, id: int = ..., name: str = ..., email: str | None = ..., posts: List[Post] = ...)"
    assert label_parts(help) == ["id: int = ...", "name: str = ...", "email: str | None = ...", "posts: List[Post] = ..."]
    assert [p.documentation.value for p in help.signatures[0].parameters] == [
        "column · SQL type `Integer` · primary key",
        "column · SQL type `String(30)`",
        "column · SQL type `String`",
        "relationship · → `Post`",
    ]
    # Keyword-only parameters: the first one not given yet, until a keyword names one.
    line = '    User(name="a", email=None)'
    assert await active(len("    User(")) == 0
    assert await active(len("    User(name=")) == 1
    assert await active(len('    User(name="')) == 1
    assert await active(len('    User(name="a", ')) == 0
    assert await active(len('    User(name="a", email=')) == 2
    assert await active(len('    User(name="a", email=No')) == 2
    # After the closing parenthesis: no help.
    assert await active(len(line)) == "no help"


async def test_signature_help_for_relationship(client, project):
    ws = await typed(client, project)
    call = ws.at(P, 'relationship("User"')
    help = await ws.signature_help(P, types.Position(call.line, call.character + len("relationship(")))
    (signature,) = help.signatures
    assert signature.label.startswith(
        "relationship(argument: Optional[_RelationshipArgumentType[Any]] = None, "
        "secondary: Optional[_RelationshipSecondaryArgument] = None, *, uselist: Optional[bool] = None, "
    ), signature.label
    parts = label_parts(help)
    assert help.active_parameter == 0 and parts[0] == "argument: Optional[_RelationshipArgumentType[Any]] = None"
    assert signature.parameters[0].documentation.value == (
        'The target class: the class, its name as a string ("User"), or a lambda returning it.'
    )
    # On `back_populates=`'s value.
    pos = ws.at(P, 'back_populates="posts"', len('back_populates="p'))
    help = await ws.signature_help(P, pos)
    assert label_parts(help)[help.active_parameter] == "back_populates: Optional[str] = None"
    assert help.signatures[0].active_parameter == help.active_parameter
    # The second positional argument is `secondary`.
    line = 'tags = relationship("Tag", '
    text = add_line(ws, P, "def newest", line)
    pos = at(text, line, len(line))
    help = await ws.signature_help(P, pos)
    assert label_parts(help)[help.active_parameter] == "secondary: Optional[_RelationshipSecondaryArgument] = None"


# ---- inlay hints -----------------------------------------------------------------------------


async def test_inlay_hints_for_results_rows_and_foreign_keys(client, project):
    ws = await typed(client, project)
    q = ws.text(Q)
    end = lambda needle, nth=0: at(q, needle, len(needle), nth)  # noqa: E731
    hints = await ws.inlay_hints(Q)
    assert [hint_summary(h) for h in hints] == [
        (end("    result").line, end("    result").character, ": Result[Tuple[int, str]]", TYPE),
        (end("for user_id").line, end("for user_id").character, ": int", TYPE),
        (end("for user_id, name").line, end("for user_id, name").character, ": str", TYPE),
        (end("for row").line, end("for row").character, ": Row[Tuple[int, str]]", TYPE),
    ]
    assert {(h.padding_left, h.padding_right) for h in hints} == {(False, False)}
    # The foreign key's target, after the call.
    (hint,) = await ws.inlay_hints(P)
    fk = ws.at(P, 'ForeignKey("users.id")', len('ForeignKey("users.id")'))
    assert hint_summary(hint) == (fk.line, fk.character, "→ User.id: int", None)
    assert (hint.padding_left, hint.padding_right) == (True, False)
    # Only the hints in the range asked for: the `for` line.
    line = end("for user_id").line
    rng = types.Range(start=types.Position(line, 0), end=types.Position(line + 1, 0))
    assert [h.label for h in await ws.inlay_hints(Q, rng)] == [": int", ": str"]


async def test_inlay_hints_follow_an_edit_to_a_model(client, project):
    ws = await typed(client, project)
    # `name: Mapped[str] = mapped_column(String(30))` becomes `name: Mapped[bytes] =
    # mapped_column()` in the users.py buffer (a `String` column would still load `str`): the
    # hints of queries.py follow.
    start = ws.at(U, "name: Mapped[str]", len("name: Mapped["))
    old = "str] = mapped_column(String(30))"
    ws.replace(U, start, types.Position(start.line, start.character + len(old)), "bytes] = mapped_column()")
    labels = [h.label for h in await ws.inlay_hints(Q)]
    assert labels == [": Result[Tuple[int, bytes]]", ": int", ": bytes", ": Row[Tuple[int, str]]"]


async def test_inlay_hints_on_legacy_models(client, project):
    ws = await start_on(client, project, "nav_legacy")
    ws.open(M)
    ws.open(V)
    fk = ws.at(M, 'ForeignKey("customers.id")', len('ForeignKey("customers.id")'))
    assert [hint_summary(h) for h in await ws.inlay_hints(M)] == [(fk.line, fk.character, "→ Customer.id: int", None)]
    assert await ws.inlay_hints(V) == []


async def test_inlay_hint_settings_in_initialization_options(client, project):
    ws = await typed(client, project, options={"inlayHints": {"variableTypes": False}})
    # Variable types off: only the foreign key's hint remains.
    assert await ws.inlay_hints(Q) == []
    assert [h.label for h in await ws.inlay_hints(P)] == ["→ User.id: int"]


async def test_inlay_hints_all_off_in_the_sqla_section(client, project):
    options = {"sqla": {"inlayHints": {"variableTypes": False, "foreignKeys": False}}}
    ws = await typed(client, project, options=options)
    assert await ws.inlay_hints(Q) == []
    assert await ws.inlay_hints(P) == []
