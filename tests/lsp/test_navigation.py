"""Go to definition, references, rename and symbols over LSP, on two fixture projects:
`nav_typed` (DeclarativeBase / Mapped models in app/users.py and app/posts.py, queries in
app/queries.py) and `nav_legacy` (Column / relationship("X") / backref models in shop/models.py,
used in shop/views.py). Positions are 0-based (line, character) as in LSP; spans are
(start line, start character, end line, end character)."""
import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from nav_helpers import caps, outline, sp, start_on

U, P, Q = "app/users.py", "app/posts.py", "app/queries.py"
M, V = "shop/models.py", "shop/views.py"

CLASS, FIELD, PROPERTY, FUNCTION, STRUCT = (
    types.SymbolKind.Class,
    types.SymbolKind.Field,
    types.SymbolKind.Property,
    types.SymbolKind.Function,
    types.SymbolKind.Struct,
)


async def typed(client, project, **kwargs):
    ws = await start_on(client, project, "nav_typed", **kwargs)
    for rel in (U, P, Q):
        ws.open(rel)
    return ws


async def legacy(client, project):
    ws = await start_on(client, project, "nav_legacy")
    for rel in (M, V):
        ws.open(rel)
    return ws


# ---- go to definition ------------------------------------------------------------------------


async def test_definition_from_relationship_and_annotation_strings(client, project):
    ws = await typed(client, project)
    user = (U, ws.span(U, "class User", delta=6))
    post = (P, ws.span(P, "class Post", delta=6))
    # `relationship("User")`: anywhere on the name, including right after its last letter.
    assert await ws.definitions(P, 'relationship("User"', len('relationship("')) == [user]
    assert await ws.definitions(P, 'relationship("User"', len('relationship("Use')) == [user]
    assert await ws.definitions(P, 'relationship("User"', len('relationship("User')) == [user]
    # Past the closing quote: nothing.
    assert await ws.definitions(P, 'relationship("User"', len('relationship("User"')) == []
    # `Mapped["User"]` and `Mapped[List["Post"]]` (Post is in another file).
    assert await ws.definitions(P, 'Mapped["User"]', len('Mapped["Us')) == [user]
    assert await ws.definitions(U, 'Mapped[List["Post"]]', len('Mapped[List["Po')) == [post]
    # The link: the whole class as target range, its name as selection range.
    (link,) = await ws.definition(P, ws.at(P, 'Mapped["User"]', len('Mapped["Us')))
    assert isinstance(link, types.LocationLink)
    assert link.target_uri == ws.uri(U)
    assert sp(link.target_range) == ws.lines(U, "class User(Base):", 'relationship(back_populates="author")')
    assert sp(link.target_selection_range) == ws.span(U, "class User", delta=6)


async def test_definition_from_back_populates_and_foreign_key(client, project):
    ws = await typed(client, project)
    # back_populates names an attribute of the target class, in the other file.
    assert await ws.definitions(P, 'back_populates="posts"', len('back_populates="po')) == [
        (U, ws.span(U, "posts: Mapped", length=5))
    ]
    assert await ws.definitions(U, 'back_populates="author"', len('back_populates="au')) == [
        (P, ws.span(P, "author: Mapped", length=6))
    ]
    # ForeignKey("users.id"): the column part goes to the column, the table part to __tablename__.
    assert await ws.definitions(P, 'ForeignKey("users.id")', len('ForeignKey("users.i')) == [
        (U, ws.span(U, "id: Mapped", length=2))
    ]
    assert await ws.definitions(P, 'ForeignKey("users.id")', len('ForeignKey("us')) == [
        (U, ws.span(U, '"users"', delta=1, length=5))
    ]


async def test_definition_of_attribute_usages_in_other_files(client, project):
    ws = await typed(client, project)
    name = (U, ws.span(U, "name: Mapped", length=4))
    # `User.name` on the class, `user.name` on an instance (the result of session.get).
    assert await ws.definitions(Q, "User.name))", len("User.na")) == [name]
    assert await ws.definitions(Q, "return user.name", len("return user.na")) == [name]
    # A relationship read in the other model file.
    assert await ws.definitions(P, "user.posts[-1]", len("user.po")) == [(U, ws.span(U, "posts: Mapped", length=5))]
    # The class, from its import.
    assert await ws.definitions(Q, "from app.users import User", len("from app.users import Us")) == [
        (U, ws.span(U, "class User", delta=6))
    ]
    # Names SQLAlchemy does not know of: nothing.
    assert await ws.definitions(Q, "print(user_id", len("print(us")) == []


async def test_definition_on_legacy_models(client, project):
    ws = await legacy(client, project)
    customer = (M, ws.span(M, "class Customer", delta=6))
    email = (M, ws.span(M, "email = Column", length=5))
    assert await ws.definitions(M, 'relationship("Customer"', len('relationship("Cust')) == [customer]
    assert await ws.definitions(M, 'order_by="Customer.email"', len('order_by="Cust')) == [customer]
    assert await ws.definitions(M, 'order_by="Customer.email"', len('order_by="Customer.em')) == [email]
    assert await ws.definitions(M, 'ForeignKey("customers.id")', len('ForeignKey("customers.i')) == [
        (M, ws.span(M, "    id = Column(Integer, primary_key=True)", delta=4, length=2))
    ]
    # An attribute created by backref=: its declaration is the backref's name.
    assert await ws.definitions(V, "customer.orders", len("customer.ord")) == [
        (M, ws.span(M, 'backref("orders"', delta=len('backref("'), length=6))
    ]
    assert await ws.definitions(V, "order.customer.email", len("order.cus")) == [
        (M, ws.span(M, "customer = relationship", length=8))
    ]
    assert await ws.definitions(V, "order.customer.email", len("order.customer.em")) == [email]


async def test_definition_as_locations_for_a_client_without_link_support(client, project):
    ws = await typed(client, project, capabilities=caps(links=False))
    found = await ws.definition(P, ws.at(P, 'relationship("User"', len('relationship("Us')))
    assert found == [types.Location(uri=ws.uri(U), range=_range(ws.span(U, "class User", delta=6)))]


def _range(s):
    return types.Range(start=types.Position(s[0], s[1]), end=types.Position(s[2], s[3]))


# ---- references ------------------------------------------------------------------------------


async def test_references_of_an_attribute_across_files(client, project):
    ws = await typed(client, project)
    declaration = (U, ws.span(U, "name: Mapped", length=4))
    usages = [
        (Q, ws.span(Q, "User.name))", delta=5, length=4)),
        (Q, ws.span(Q, "return user.name", delta=12, length=4)),
        (Q, ws.span(Q, "User.name == name", delta=5, length=4)),
    ]
    at_declaration = ws.at(U, "name: Mapped", 2)
    assert await ws.references(U, at_declaration, True) == sorted([declaration, *usages])
    assert await ws.references(U, at_declaration, False) == sorted(usages)
    # From a usage in another file: the same set.
    assert await ws.references(Q, ws.at(Q, "return user.name", 13), True) == sorted([declaration, *usages])


async def test_references_include_strings(client, project):
    ws = await typed(client, project)
    # `posts`: its declaration, `back_populates="posts"` and `user.posts` in the other file.
    expected = [
        (P, ws.span(P, 'back_populates="posts"', delta=len('back_populates="'), length=5)),
        (P, ws.span(P, "user.posts", delta=5, length=5)),
        (U, ws.span(U, "posts: Mapped", length=5)),
    ]
    assert await ws.references(U, ws.at(U, "posts: Mapped", 1), True) == expected
    # From inside the string, without the declaration.
    assert await ws.references(P, ws.at(P, 'back_populates="posts"', 17), False) == expected[:2]
    # `User.id`: the column part of `ForeignKey("users.id")` names it.
    assert await ws.references(U, ws.at(U, "id: Mapped", 1), False) == [
        (P, ws.span(P, 'ForeignKey("users.id")', delta=len('ForeignKey("users.'), length=2)),
        (Q, ws.span(Q, "User.id, User.name", delta=5, length=2)),
    ]
    # The class: imports, annotations, strings, calls.
    assert await ws.references(U, ws.at(U, "class User", 7), False) == user_class_refs(ws)


def user_class_refs(ws):
    """Where `User` is named outside its declaration."""
    return sorted(
        [
            (P, ws.span(P, "import Base, User", delta=len("import Base, "), length=4)),
            (P, ws.span(P, 'Mapped["User"]', delta=len('Mapped["'), length=4)),
            (P, ws.span(P, 'relationship("User"', delta=len('relationship("'), length=4)),
            (P, ws.span(P, "user: User", delta=6, length=4)),
            (Q, ws.span(Q, "from app.users import User", delta=22, length=4)),
            (Q, ws.span(Q, "select(User.id, User.name)", delta=7, length=4)),
            (Q, ws.span(Q, "select(User.id, User.name)", delta=16, length=4)),
            (Q, ws.span(Q, "session.get(User", delta=12, length=4)),
            (Q, ws.span(Q, "select(User).where(User.name", delta=7, length=4)),
            (Q, ws.span(Q, "select(User).where(User.name", delta=19, length=4)),
            (Q, ws.span(Q, "select(User).filter_by", delta=7, length=4)),
        ]
    )


async def test_references_include_filter_by_keywords(client, project):
    ws = await typed(client, project)
    # `select(User).filter_by(email=...)` names `User.email`.
    assert await ws.references(U, ws.at(U, "email: Mapped", 1), True) == [
        (Q, ws.span(Q, "filter_by(email=", delta=len("filter_by("), length=5)),
        (U, ws.span(U, "email: Mapped", length=5)),
    ]
    # And go to definition follows the keyword.
    assert await ws.definitions(Q, "filter_by(email=", len("filter_by(em")) == [(U, ws.span(U, "email: Mapped", length=5))]


async def test_references_on_legacy_models(client, project):
    ws = await legacy(client, project)
    email = [
        (M, ws.span(M, "email = Column", length=5)),
        (M, ws.span(M, 'order_by="Customer.email"', delta=len('order_by="Customer.'), length=5)),
        (V, ws.span(V, "customer.email", delta=9, length=5)),
    ]
    assert await ws.references(M, ws.at(M, "email = Column", 1), True) == email
    assert await ws.references(M, ws.at(M, "email = Column", 1), False) == email[1:]
    # The backref-declared `Customer.orders`.
    assert await ws.references(V, ws.at(V, "customer.orders", 10), True) == [
        (M, ws.span(M, 'backref("orders"', delta=len('backref("'), length=6)),
        (V, ws.span(V, "customer.orders", delta=9, length=6)),
    ]


# ---- rename ----------------------------------------------------------------------------------


async def test_prepare_rename_ranges(client, project):
    ws = await typed(client, project)
    found = await ws.prepare_rename(Q, ws.at(Q, "User.name))", 7))
    assert isinstance(found, types.Range) and sp(found) == ws.span(Q, "User.name))", delta=5, length=4)
    # In a string, only the part naming the symbol.
    found = await ws.prepare_rename(P, ws.at(P, 'ForeignKey("users.id")', len('ForeignKey("users.i')))
    assert sp(found) == ws.span(P, 'ForeignKey("users.id")', delta=len('ForeignKey("users.'), length=2)
    found = await ws.prepare_rename(P, ws.at(P, 'back_populates="posts"', 18))
    assert sp(found) == ws.span(P, 'back_populates="posts"', delta=len('back_populates="'), length=5)
    # A table name, a local variable, a keyword: nothing to rename.
    assert await ws.prepare_rename(P, ws.at(P, 'ForeignKey("users.id")', len('ForeignKey("us'))) is None
    assert await ws.prepare_rename(Q, ws.at(Q, "print(user_id", 8)) is None
    assert await ws.prepare_rename(Q, ws.at(Q, "def user_names", 1)) is None


async def test_rename_an_attribute_updates_back_populates_across_files(client, project):
    ws = await typed(client, project)
    edit = await ws.rename(U, ws.at(U, "posts: Mapped", 2), "articles")
    changes = ws.edits(edit)
    assert changes == {
        U: [(ws.span(U, "posts: Mapped", length=5), "articles")],
        P: [
            (ws.span(P, 'back_populates="posts"', delta=len('back_populates="'), length=5), "articles"),
            (ws.span(P, "user.posts", delta=5, length=5), "articles"),
        ],
    }
    assert '    articles: Mapped[List["Post"]] = relationship(back_populates="author")' in ws.applied(U, changes[U])
    posts = ws.applied(P, changes[P])
    assert 'relationship("User", back_populates="articles")' in posts
    assert "    return user.articles[-1]" in posts


async def test_rename_a_column_updates_foreign_keys_and_filter_by(client, project):
    ws = await typed(client, project)
    edit = await ws.rename(U, ws.at(U, "id: Mapped", 1), "user_id")
    changes = ws.edits(edit)
    assert changes == {
        U: [(ws.span(U, "id: Mapped", length=2), "user_id")],
        P: [(ws.span(P, 'ForeignKey("users.id")', delta=len('ForeignKey("users.'), length=2), "user_id")],
        Q: [(ws.span(Q, "User.id, User.name", delta=5, length=2), "user_id")],
    }
    assert 'mapped_column(ForeignKey("users.user_id"))' in ws.applied(P, changes[P])
    # From the keyword of `filter_by`: the attribute and its other usages follow.
    edit = await ws.rename(Q, ws.at(Q, "filter_by(email=", len("filter_by(em")), "mail")
    changes = ws.edits(edit)
    assert changes == {
        U: [(ws.span(U, "email: Mapped", length=5), "mail")],
        Q: [(ws.span(Q, "filter_by(email=", delta=len("filter_by("), length=5), "mail")],
    }
    assert "select(User).filter_by(mail=email)" in ws.applied(Q, changes[Q])


async def test_rename_a_class_updates_strings_and_imports(client, project):
    ws = await typed(client, project)
    edit = await ws.rename(U, ws.at(U, "class User", 7), "Account")
    changes = ws.edits(edit)
    assert changes[U] == [(ws.span(U, "class User", delta=6), "Account")]
    assert sorted((rel, span) for rel, edits in changes.items() for span, _ in edits if rel != U) == user_class_refs(ws)
    posts = ws.applied(P, changes[P])
    assert "from app.users import Base, Account\n" in posts
    assert '    author: Mapped["Account"] = relationship("Account", back_populates="posts")' in posts
    assert "def newest(user: Account) -> Post:" in posts
    queries = ws.applied(Q, changes[Q])
    assert "from app.users import Account\n" in queries
    assert "select(Account.id, Account.name)" in queries and "session.get(Account, user_id)" in queries
    assert "select(Account).where(Account.name == name)" in queries
    assert "select(Account).filter_by(email=email)" in queries
    # The table keeps its name.
    assert all(new == "Account" for edits in changes.values() for _, new in edits)
    assert '__tablename__ = "users"' in ws.applied(U, changes[U])


async def test_rename_on_legacy_models(client, project):
    ws = await legacy(client, project)
    # The backref-declared attribute: its string and its usage.
    changes = ws.edits(await ws.rename(V, ws.at(V, "customer.orders", 10), "purchases"))
    assert changes == {
        M: [(ws.span(M, 'backref("orders"', delta=len('backref("'), length=6), "purchases")],
        V: [(ws.span(V, "customer.orders", delta=9, length=6), "purchases")],
    }
    # The class: `relationship("Customer")`, `order_by="Customer.email"`, the import, annotations.
    changes = ws.edits(await ws.rename(M, ws.at(M, "class Customer", 7), "Client"))
    models = ws.applied(M, changes[M])
    assert "class Client(Base):" in models
    assert 'relationship("Client", backref=backref("orders", lazy="dynamic"), order_by="Client.email")' in models
    assert '__tablename__ = "customers"' in models and 'ForeignKey("customers.id")' in models
    views = ws.applied(V, changes[V])
    assert views.startswith("from shop.models import Client, Order\n")
    assert "def orders_of(customer: Client):" in views
    assert len(changes[M]) == 3 and len(changes[V]) == 2


@pytest.mark.parametrize(
    ("where", "new_name", "message"),
    [
        ("attribute", "1abc", "`1abc` is not a valid Python identifier."),
        ("attribute", "", "`` is not a valid Python identifier."),
        ("attribute", "class", "`class` is a Python keyword."),
        ("attribute", "email", "`User` already has an attribute `email`."),
        (
            "class",
            "Post",
            "A mapped class named `Post` already exists: SQLAlchemy's string references would become ambiguous.",
        ),
        ("nothing", "y", "Nothing to rename here: put the cursor on a model class or a model attribute."),
    ],
)
async def test_rename_refuses_with_an_error_response(client, project, where, new_name, message):
    ws = await typed(client, project)
    pos = {
        "attribute": ws.at(Q, "return user.name", 13),
        "class": ws.at(U, "class User", 7),
        "nothing": ws.at(Q, "print(user_id", 8),
    }[where]
    rel = U if where == "class" else Q
    with pytest.raises(JsonRpcInvalidParams) as refused:
        await ws.rename(rel, pos, new_name)
    assert refused.value.message == message
    # The session goes on.
    assert await ws.prepare_rename(Q, ws.at(Q, "return user.name", 13)) is not None


# ---- symbols ---------------------------------------------------------------------------------


async def test_document_symbols_nest_columns_and_relationships(client, project):
    ws = await typed(client, project)
    assert outline(await ws.document_symbols(U)) == [
        ("Base", CLASS, None, ws.span(U, "class Base", delta=6), []),
        (
            "User",
            CLASS,
            "table users",
            ws.span(U, "class User", delta=6),
            [
                ("id", FIELD, "int", ws.span(U, "id: Mapped", length=2), []),
                ("name", FIELD, "str", ws.span(U, "name: Mapped", length=4), []),
                ("email", FIELD, "str | None", ws.span(U, "email: Mapped", length=5), []),
                ("posts", PROPERTY, "List[Post]", ws.span(U, "posts: Mapped", length=5), []),
            ],
        ),
    ]
    symbols = await ws.document_symbols(P)
    assert outline(symbols) == [
        (
            "Post",
            CLASS,
            "table posts",
            ws.span(P, "class Post", delta=6),
            [
                ("id", FIELD, "int", ws.span(P, "id: Mapped", length=2), []),
                ("title", FIELD, "str", ws.span(P, "title: Mapped", length=5), []),
                ("author_id", FIELD, "int", ws.span(P, "author_id: Mapped", length=9), []),
                ("author", PROPERTY, "User", ws.span(P, "author: Mapped", length=6), []),
            ],
        ),
        ("newest", FUNCTION, None, ws.span(P, "def newest", delta=4, length=6), []),
    ]
    # Full ranges: the class statement, and each attribute's statement inside it.
    post = symbols[0]
    assert sp(post.range) == ws.lines(P, "class Post(Base):", 'relationship("User", back_populates="posts")')
    assert [sp(c.range) for c in post.children] == [
        ws.span(P, "id: Mapped[int] = mapped_column(primary_key=True)"),
        ws.span(P, "title: Mapped[str]"),
        ws.span(P, 'author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))'),
        ws.span(P, 'author: Mapped["User"] = relationship("User", back_populates="posts")'),
    ]


async def test_document_symbols_of_legacy_models(client, project):
    ws = await legacy(client, project)
    assert outline(await ws.document_symbols(M)) == [
        (
            "Customer",
            CLASS,
            "table customers",
            ws.span(M, "class Customer", delta=6),
            [
                ("id", FIELD, "int", ws.span(M, "id = Column", length=2), []),
                ("email", FIELD, "str | None", ws.span(M, "email = Column", length=5), []),
            ],
        ),
        (
            "Order",
            CLASS,
            "table orders",
            ws.span(M, "class Order", delta=6),
            [
                ("id", FIELD, "int", ws.span(M, "id = Column", nth=1, length=2), []),
                ("customer_id", FIELD, "int | None", ws.span(M, "customer_id = Column", length=11), []),
                # Many-to-one over a nullable `customer_id`: `None` when no row matches.
                ("customer", PROPERTY, "Customer | None", ws.span(M, "customer = relationship", length=8), []),
            ],
        ),
    ]


async def test_document_symbols_flat_for_a_client_without_hierarchy(client, project):
    ws = await typed(client, project, capabilities=caps(hierarchical=False))
    symbols = await ws.document_symbols(U)
    assert all(isinstance(s, types.SymbolInformation) for s in symbols), symbols
    assert [(s.name, s.kind, s.container_name, ws.loc(s.location)) for s in symbols] == [
        ("Base", CLASS, None, (U, ws.lines(U, "class Base", "    pass"))),
        ("User", CLASS, None, (U, ws.lines(U, "class User", 'relationship(back_populates="author")'))),
        ("id", FIELD, "User", (U, ws.span(U, "id: Mapped[int] = mapped_column(primary_key=True)"))),
        ("name", FIELD, "User", (U, ws.span(U, "name: Mapped[str] = mapped_column(String(30))"))),
        ("email", FIELD, "User", (U, ws.span(U, "email: Mapped[Optional[str]]"))),
        ("posts", PROPERTY, "User", (U, ws.span(U, 'posts: Mapped[List["Post"]] = relationship(back_populates="author")'))),
    ]


async def test_workspace_symbols_match_models_and_tables(client, project):
    ws = await typed(client, project)

    async def query(text):
        return [(s.name, s.kind, s.container_name, ws.loc(s.location)) for s in await ws.workspace_symbols(text)]

    user = ("User", CLASS, "app.users", (U, ws.span(U, "class User", delta=6)))
    users = ("users", STRUCT, "User", (U, ws.span(U, '"users"', delta=1, length=5)))
    post = ("Post", CLASS, "app.posts", (P, ws.span(P, "class Post", delta=6)))
    posts = ("posts", STRUCT, "Post", (P, ws.span(P, '"posts"', delta=1, length=5)))
    assert await query("user") == [user, users]
    # Case does not matter; characters match in order (a subsequence).
    assert await query("PST") == [post, posts]
    assert await query("") == [post, user, posts, users]
    assert await query("zzz") == []


async def test_workspace_symbols_of_legacy_models(client, project):
    ws = await legacy(client, project)
    found = [(s.name, s.kind, s.container_name, ws.loc(s.location)) for s in await ws.workspace_symbols("cust")]
    assert found == [
        ("Customer", CLASS, "shop.models", (M, ws.span(M, "class Customer", delta=6))),
        ("customers", STRUCT, "Customer", (M, ws.span(M, '"customers"', delta=1, length=9))),
    ]
