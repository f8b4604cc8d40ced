"""The differential script's instrumentation (offline: `pytest tests/corpus`)."""
import ast

from differential import instrument


def test_reveals_are_inserted_where_each_construct_binds_and_the_result_parses():
    source = '''def f(session, rows):
    if rows:
        port = 1
    else:
        port = ""
    return port
with session.begin() as tx:
    for a, b in rows:
        pass
x = y = 1
if rows: z = 2
'''
    text, kinds = instrument(source)
    ast.parse(text)  # still valid Python: a reveal that closes a deeper block comes first
    lines = text.splitlines()
    revealed = sorted((lines[i - 1].strip(), kind) for i, kind in kinds.items())
    assert revealed == sorted(
        [
            ("reveal_type(port)", "assignment"),
            ("reveal_type(port)", "assignment"),
            ("reveal_type(port)", "return"),
            ("reveal_type(tx)", "with"),
            ("reveal_type(a)", "for"),
            ("reveal_type(b)", "for"),
            ("reveal_type(x)", "assignment"),
            ("reveal_type(y)", "assignment"),
        ]
    )
    # `if rows: z = 2` shares its line with the `if`: no reveal is inserted for it.
    assert "reveal_type(z)" not in text
    assert lines[lines.index("    return port") - 1] == "    reveal_type(port)"


def test_a_file_that_does_not_parse_is_left_alone():
    assert instrument("def f(:\n") is None
