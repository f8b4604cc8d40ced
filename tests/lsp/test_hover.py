"""Hover: pyright-style python block, the row's column table, model attribute and model cards, the
"Type checkers see ..." note, the assumed-parameter note; hover on edited buffers."""
from lsprotocol import types

from conftest import change_doc, edit, hover, hover_text, open_doc, pos_of, span, start

STMT_21 = """```python
(variable) stmt: Select[str, str, Unknown]
```

Type checkers see `Select[str, str, Unknown]` here (SQLAlchemy 2.1); sqla-analyzer infers:
```python
Select[str, str, int]
```

| # | column | type |
|---|---|---|
| 0 | `username` | `str` |
| 1 | `title` | `str` |
| 2 | `views` | `int` |"""


async def open_blog(client, project, name="queries.py"):
    root = project("blog")
    await start(client, root)
    path = root / "blog" / name
    text = path.read_text()
    return open_doc(client, path, text), text


async def test_variable_with_type_checker_note_and_row_table(client, project):
    uri, text = await open_blog(client, project)
    found = await hover(client, uri, pos_of(text, "stmt = select(User.username", 2))
    assert found.contents.kind == types.MarkupKind.Markdown
    assert found.contents.value.strip() == STMT_21
    assert span(found.range) == (7, 4, 7, 8)  # the name `stmt`


async def test_row_columns_of_a_20_select(client, project):
    root = project("clean")
    await start(client, root)
    path = root / "app" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    value = await hover_text(client, uri, pos_of(text, "stmt = select", 0))
    assert value.strip() == (
        "```python\n(variable) stmt: Select[Tuple[int, str]]\n```\n\n"
        "| # | column | type |\n|---|---|---|\n| 0 | `id` | `int` |\n| 1 | `name` | `str` |"
    )
    # A labelled aggregate: its label names the column.
    value = await hover_text(client, uri, pos_of(text, "per_user = ", 1))
    assert value.startswith("```python\n(variable) per_user: Select[Tuple[str, Decimal]]\n```")
    assert "| 1 | `spent` | `Decimal` |" in value


async def test_beside_a_type_checker_the_type_line_is_left_out(client, project):
    """With `hover.typeLine: false` (the VS Code extension sets it when Pylance or pyright is
    installed), the hover holds only what the type checker's own hover lacks."""
    root = project("blog")
    await start(client, root, options={"hover": {"typeLine": False}})
    path = root / "blog" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    value = await hover_text(client, uri, pos_of(text, "stmt = select(User.username", 2))
    assert value.strip() == STMT_21.split("```\n\n", 1)[1]
    # Changed at run time through workspace/didChangeConfiguration.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sqla": {"hover": {"typeLine": True}}})
    )
    value = await hover_text(client, uri, pos_of(text, "stmt = select(User.username", 2))
    assert value.strip() == STMT_21


async def test_row_attribute_type_checkers_see_any(client, project):
    root = project("clean")
    await start(client, root)
    path = root / "app" / "queries.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    value = await hover_text(client, uri, pos_of(text, "row.spent", len("row.s")))
    assert "Type checkers see `Any` here (SQLAlchemy 2.0); sqla-analyzer infers:\n```python\nDecimal\n```" in value


async def test_model_attribute_cards(client, project):
    uri, text = await open_blog(client, project, "models.py")
    column = await hover(client, uri, pos_of(text, "author_id: Mapped", 3))
    assert column.contents.value.strip() == (
        "```python\n(column) Post.author_id: int\n```\n\n"
        "SQL type `Integer` · not null · foreign key → `user_account.id`"
    )
    assert span(column.range) == (27, 4, 27, 13)
    relationship = await hover_text(client, uri, pos_of(text, "posts: Mapped", 2))
    assert relationship.strip() == (
        '```python\n(relationship) User.posts: List[Post]\n```\n\n→ `Post` (collection) · back_populates="author"'
    )
    untyped = await hover_text(client, uri, pos_of(text, "views = Column", 1))
    assert untyped.strip() == (
        "```python\n(column) Post.views: int\n```\n\n"
        "SQL type `Integer` · not null · declared without `Mapped[...]`: type checkers cannot see this type"
    )


async def test_model_attribute_through_the_class_in_another_file(client, project):
    uri, text = await open_blog(client, project)
    value = await hover_text(client, uri, pos_of(text, "Post.title, Post.views", len("Post.ti")))
    assert value.startswith("```python\n(column) Post.title: str\n```")
    assert "SQL type `String(200)` · not null" in value


async def test_model_card(client, project):
    uri, text = await open_blog(client, project, "models.py")
    found = await hover(client, uri, pos_of(text, "class Post", len("class P")))
    assert found.contents.value.strip() == (
        "```python\n(model) class Post\n```\n\nTable `post`\n\n"
        "| attribute | type | SQL | |\n|---|---|---|---|\n"
        "| `id` | `int` | `Integer` | PK |\n"
        "| `title` | `str` | `String(200)` |  |\n"
        "| `author_id` | `int` | `Integer` | FK → user_account.id |\n"
        "| `author` | `User` |  | relationship |\n"
        "| `views` | `int` | `Integer` |  |\n"
        "| `published` | `datetime \\| None` | `DateTime` |  |"
    )
    assert span(found.range) == (22, 6, 22, 10)


async def test_assumed_parameter_note(client, project):
    root = project("clean")
    path = root / "app" / "legacy.py"
    text = "from app.models import User\n\n\ndef everyone(session):\n    return session.query(User).all()\n"
    path.write_text(text)
    await start(client, root)
    uri = open_doc(client, path, text)
    value = await hover_text(client, uri, pos_of(text, "session.query", 2))
    assert value.startswith("```python\n(variable) session: Session\n```")
    assert "`session` has no annotation: type checkers see `Unknown`" in value
    # `assumeParameterTypes: false` turns the assumption off, at run time too.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sqla": {"assumeParameterTypes": False}})
    )
    found = await hover(client, uri, pos_of(text, "session.query", 2))
    assert found is None or "Session" not in found.contents.value, found


async def test_nothing_to_show_is_null(client, project):
    root = project("blog")
    await start(client, root)
    path = root / "blog" / "models.py"
    text = path.read_text()
    uri = open_doc(client, path, text)
    assert await hover(client, uri, pos_of(text, "# Legacy", 3)) is None  # a comment
    assert await hover(client, uri, pos_of(text, "\n\n\nclass Post", 1)) is None  # a blank line
    # Dependency files are not Python: `name = "blog-example"` in pyproject.toml is no variable.
    pyproject = root / "pyproject.toml"
    assert await hover(client, pyproject.as_uri(), types.Position(1, 2)) is None
    assert await hover(client, open_doc(client, pyproject), types.Position(1, 2)) is None


async def test_hover_follows_edits_of_the_buffer(client, project):
    uri, text = await open_blog(client, project)
    line = text.splitlines().index(
        "    stmt = select(User.username, Post.title, Post.views).join(Post.author).order_by(Post.id.desc())"
    )
    # `Post.views` → `Post.id`: the third column becomes a typed int.
    start_col = text.splitlines()[line].index("Post.views")
    change_doc(client, uri, 2, [edit((line, start_col), (line, start_col + len("Post.views")), "Post.id")])
    value = await hover_text(client, uri, types.Position(line, 5))
    assert value.startswith("```python\n(variable) stmt: Select[str, str, int]\n```")
    assert "Type checkers see" not in value
    assert "| 2 | `id` | `int` |" in value
    # Renaming the variable: hover answers on the new name at once.
    change_doc(client, uri, 3, [edit((line, 4), (line, 8), "query")])
    found = await hover(client, uri, types.Position(line, 6))
    assert found.contents.value.startswith("```python\n(variable) query: Select[str, str, int]\n```")
    assert span(found.range) == (line, 4, line, 9)


async def test_hover_on_a_file_not_opened_reads_the_workspace(client, project):
    root = project("blog")
    await start(client, root)
    path = root / "blog" / "queries.py"
    value = await hover_text(client, path.as_uri(), pos_of(path.read_text(), "stmt =", 1))
    assert value.strip() == STMT_21
