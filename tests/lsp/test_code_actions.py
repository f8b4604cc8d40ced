"""Code actions: quick fixes (the safe one preferred, unsafe ones labelled), "Fix all ... in this
file", source.fixAll.sqla, multi-file workspace edits (backref-argument), fixes of dependency files;
applying the edits and checking the diagnostics that follow."""
import shutil
import subprocess

from lsprotocol import types

from conftest import (
    SQLA,
    apply_edits,
    change_doc,
    code_actions,
    edit,
    mark,
    open_doc,
    pull,
    range_of,
    span,
    start,
    wait_diagnostics,
    whole,
)

FIX_ALL = "source.fixAll.sqla"


def titles(actions):
    return [a.title for a in actions]


def edits_of(action, uri):
    return list(action.edit.changes[uri])


async def open_shop(client, project, name="queries.py", options=None):
    root = project("legacy_shop")
    await start(client, root, options)
    path = root / "shop" / name
    text = path.read_text()
    return root, open_doc(client, path, text), text


async def test_safe_quickfix_is_preferred_and_applying_it_clears_the_finding(client, project):
    root, uri, text = await open_shop(client, project)
    await wait_diagnostics(client, uri, version=1)
    actions = await code_actions(client, uri, range_of(text, ".get(customer_id)"))
    assert titles(actions) == [
        "Use `session.get(Customer, ...)` (SQA109)",
        "Fix all safe sqla findings in this file",
    ]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert [d.code for d in fix.diagnostics] == ["SQA109"]
    assert [(span(e.range), e.new_text) for e in edits_of(fix, uri)] == [
        ((10, 11, 10, 51), "session.get(Customer, customer_id)")
    ]
    since = mark(client)
    change_doc(client, uri, 2, [edit((10, 11), (10, 51), "session.get(Customer, customer_id)")])
    diagnostics = await wait_diagnostics(client, uri, version=2, since=since)
    assert "SQA109" not in {d.code for d in diagnostics} and len(diagnostics) == 7
    assert await code_actions(client, uri, types.Range(types.Position(10, 0), types.Position(10, 40)), only=[types.CodeActionKind.QuickFix]) == []


async def test_unsafe_fixes_are_labelled_and_not_preferred(client, project):
    root, uri, text = await open_shop(client, project, "models.py")
    actions = await code_actions(client, uri, range_of(text, "Base = declarative_base()"))
    (declare,) = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert declare.title == "Declare `class Base(DeclarativeBase)` (SQA102, unsafe: review the change)"
    assert declare.is_preferred is False
    assert sorted((span(e.range), e.new_text) for e in edits_of(declare, uri)) == [
        ((2, 0, 3, 0), ""),
        ((3, 39, 3, 39), ", DeclarativeBase"),
        ((5, 0, 5, 25), "class Base(DeclarativeBase):\n    pass"),
    ]


async def test_safe_fix_preferred_over_its_unsafe_alternative(client, project):
    root, uri, text = await open_shop(client, project, "models.py")
    actions = await code_actions(client, uri, range_of(text, "orders"), only=[types.CodeActionKind.QuickFix])
    assert titles(actions) == [
        'Annotate as `DynamicMapped["Order"]` (SQA101)',
        'Use `WriteOnlyMapped["Order"]` and rewrite 1 use with `.select()` (SQA101, unsafe: review the change)',
    ]
    assert [a.is_preferred for a in actions] == [True, False]
    # The unsafe alternative rewrites the use in queries.py too.
    queries = (root / "shop" / "queries.py").as_uri()
    assert set(actions[1].edit.changes) == {uri, queries}
    assert [(span(e.range), e.new_text) for e in actions[1].edit.changes[queries]] == [
        ((14, 11, 14, 11), "session.scalars("),
        ((14, 26, 14, 26), ".select()"),
        ((14, 68, 14, 68), ")"),
    ]


async def test_fix_all_of_one_rule_in_the_file(client, project):
    root, uri, text = await open_shop(client, project)
    actions = await code_actions(client, uri, range_of(text, 'row["id"], row["total"]'), only=[types.CodeActionKind.QuickFix])
    # Both findings are in the range: each has its fix, "fix all" is offered once.
    assert titles(actions) == [
        "Use `row._mapping` (SQA108)",
        "Fix all row-string-index (SQA108) in this file",
        "Use `row._mapping` (SQA108)",
    ]
    fix_all = actions[1]
    assert fix_all.kind == types.CodeActionKind.QuickFix and not fix_all.is_preferred
    assert [(span(e.range), e.new_text) for e in edits_of(fix_all, uri)] == [
        ((19, 16, 19, 16), "._mapping"),
        ((19, 27, 19, 27), "._mapping"),
    ]
    # A rule with a single finding gets no "fix all".
    single = await code_actions(client, uri, range_of(text, "future=True"), only=[types.CodeActionKind.QuickFix])
    assert titles(single) == ["Remove `future=True` (SQA112)"]
    change_doc(client, uri, 2, [whole(apply_edits(text, edits_of(fix_all, uri)))])
    diagnostics = await wait_diagnostics(client, uri, version=2)
    assert "SQA108" not in {d.code for d in diagnostics}


async def test_source_fix_all_reaches_what_sqla_fix_writes(client, project, tmp_path):
    root, uri, text = await open_shop(client, project)
    version = 1
    for _ in range(5):  # a fixed point, round by round, as `sqla fix` does
        actions = await code_actions(client, uri, range_of(text, "engine"), only=[FIX_ALL])
        if not actions:
            break
        (action,) = actions
        assert action.title == "Fix all safe sqla findings in this file" and action.kind == FIX_ALL
        assert set(action.edit.changes) == {uri}
        text = apply_edits(text, edits_of(action, uri))
        version += 1
        change_doc(client, uri, version, [whole(text)])
    else:
        raise AssertionError("source.fixAll.sqla never reached a fixed point")
    assert version > 1
    # `sqla fix` on the same file gives the same text.
    cli = tmp_path / "cli"
    shutil.copytree(root, cli)
    subprocess.run([SQLA, "fix", "shop/queries.py"], cwd=cli, capture_output=True, check=False)
    assert text == (cli / "shop" / "queries.py").read_text()
    assert "session.get(Customer, customer_id)" in text and 'row._mapping["id"]' in text
    # What is left has no safe fix.
    left = await pull(client, uri)
    assert sorted(d.code for d in left) == ["SQA202"]


async def test_only_filters_the_kinds(client, project):
    root, uri, text = await open_shop(client, project)
    rng = range_of(text, "future=True")
    kinds = lambda actions: [a.kind for a in actions]  # noqa: E731
    assert kinds(await code_actions(client, uri, rng)) == [types.CodeActionKind.QuickFix, FIX_ALL]
    assert kinds(await code_actions(client, uri, rng, only=[types.CodeActionKind.QuickFix])) == [types.CodeActionKind.QuickFix]
    assert kinds(await code_actions(client, uri, rng, only=[types.CodeActionKind.Source])) == [FIX_ALL]
    assert kinds(await code_actions(client, uri, rng, only=[types.CodeActionKind.SourceFixAll])) == [FIX_ALL]
    assert await code_actions(client, uri, rng, only=[types.CodeActionKind.Refactor]) == []
    # A range without findings: only the file-wide action.
    assert titles(await code_actions(client, uri, range_of(text, "def recent_orders"))) == [
        "Fix all safe sqla findings in this file"
    ]


async def test_backref_fix_edits_both_files(client, project):
    root = project("backref")
    await start(client, root)
    users, addresses = root / "app" / "users.py", root / "app" / "addresses.py"
    users_text, addresses_text = users.read_text(), addresses.read_text()
    users_uri = open_doc(client, users, users_text)
    addresses_uri = open_doc(client, addresses, addresses_text)
    await wait_diagnostics(client, users_uri, version=1)
    actions = await code_actions(client, users_uri, range_of(users_text, 'backref="user"'), only=[types.CodeActionKind.QuickFix])
    (fix,) = actions
    assert fix.title == 'Use `back_populates="user"` and declare `Address.user` (SQA111, unsafe: review the change)'
    assert not fix.is_preferred
    assert set(fix.edit.changes) == {users_uri, addresses_uri}
    assert [(span(e.range), e.new_text) for e in fix.edit.changes[users_uri]] == [((13, 40, 13, 54), 'back_populates="user"')]
    assert [(span(e.range), e.new_text) for e in fix.edit.changes[addresses_uri]] == [
        ((1, 48, 1, 48), ", relationship"),
        ((11, 0, 11, 0), '    user: Mapped["User"] = relationship(back_populates="addresses")\n'),
    ]
    # Apply the workspace edit as an editor does: one didChange per document.
    since = mark(client)
    change_doc(client, addresses_uri, 2, [edit(span(e.range)[:2], span(e.range)[2:], e.new_text) for e in reversed(fix.edit.changes[addresses_uri])])
    change_doc(client, users_uri, 2, [edit(span(e.range)[:2], span(e.range)[2:], e.new_text) for e in fix.edit.changes[users_uri]])
    diagnostics = await wait_diagnostics(client, users_uri, version=2, since=since)
    assert sorted(d.code for d in diagnostics) == ["SQA101", "SQA103"]
    assert await pull(client, addresses_uri) == []
    # The two buffers hold what applying the edits to the files gives.
    expected = apply_edits(addresses_text, fix.edit.changes[addresses_uri])
    assert 'user: Mapped["User"] = relationship(back_populates="addresses")' in expected


async def test_fix_in_a_requirements_file(client, project):
    root = project("legacy_shop")
    await start(client, root)
    path = root / "requirements.txt"
    uri = path.as_uri()
    actions = await code_actions(client, uri, types.Range(types.Position(1, 3), types.Position(1, 3)))
    assert titles(actions) == ["Remove `sqlalchemy2-stubs` (SQA201)", "Fix all safe sqla findings in this file"]
    assert actions[0].is_preferred
    (removal,) = edits_of(actions[0], uri)
    assert span(removal.range) == (1, 0, 2, 0) and removal.new_text == ""
    # The mypy plugin's removal is unsafe.
    mypy = (root / "mypy.ini").as_uri()
    (plugin,) = await code_actions(client, mypy, types.Range(types.Position(1, 12), types.Position(1, 12)))
    assert plugin.title.endswith("(SQA201, unsafe: review the change)") and not plugin.is_preferred


async def test_ignored_rules_offer_no_actions(client, project):
    root, uri, text = await open_shop(client, project, options={"ignore": ["SQA108", "SQA109"]})
    assert await code_actions(client, uri, range_of(text, 'row["id"]'), only=[types.CodeActionKind.QuickFix]) == []
    (fix_all,) = await code_actions(client, uri, range_of(text, "engine"), only=[FIX_ALL])
    new_texts = [e.new_text for e in edits_of(fix_all, uri)]
    assert "._mapping" not in new_texts and "session.get(Customer, customer_id)" not in new_texts
    assert "Order.id, Order.total" in new_texts


async def test_inserted_text_takes_the_documents_crlf_line_endings(client, project):
    root = project("legacy_shop")
    path = root / "shop" / "models.py"
    text = path.read_text().replace("\n", "\r\n")
    path.write_bytes(text.encode())
    await start(client, root)
    uri = open_doc(client, path, text)
    actions = await code_actions(client, uri, range_of(text, "Base = declarative_base()"), only=[types.CodeActionKind.QuickFix])
    (declare,) = actions
    new_texts = sorted(e.new_text for e in edits_of(declare, uri))
    assert "class Base(DeclarativeBase):\r\n    pass" in new_texts
    # The range of the removed import line ends at the start of the next line, past the \r\n.
    assert ((2, 0, 3, 0), "") in [(span(e.range), e.new_text) for e in edits_of(declare, uri)]
    fixed = apply_edits(text, edits_of(declare, uri))
    assert "\n" not in fixed.replace("\r\n", "")
