"""The membership check of compare.py on hand-made values (plain asserts: `python3 test_compare.py`,
run by run.sh before the harness; pytest collects them too)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import member, names_vague, parse  # noqa: E402


def test_scalars_and_the_numeric_tower():
    assert member("int", parse("int"))
    assert member("bool", parse("int"))
    assert member("int", parse("float"))
    assert not member("float", parse("int"))
    assert member("decimal.Decimal", parse("Decimal"))
    assert not member("decimal.Decimal", parse("float"))
    assert member("datetime.datetime", parse("datetime"))
    assert not member("datetime.datetime", parse("date"))
    assert member("rt.models.User", parse("User | None"))
    assert member("None", parse("str | None"))
    assert not member("None", parse("str"))
    assert member("None", parse("Optional[str]"))


def test_rows_in_both_spellings():
    row = {"row": ["int", "None"]}
    assert member(row, parse("Row[Tuple[int, str | None]]"))
    assert member(row, parse("Row[int, str | None]"))
    assert not member(row, parse("Row[Tuple[int, str]]"))
    assert not member(row, parse("Row[Tuple[int]]"))
    # An `Any` column accepts anything, the others are still checked.
    assert member(row, parse("Row[Tuple[Any, None]]"))
    assert not member({"row": ["None", "None"]}, parse("Row[Tuple[int, Any]]"))
    # 2.1's untyped tail.
    assert member({"row": ["int", "str", "str"]}, parse("Row[int, *tuple[Any, ...]]"))


def test_collections_mappings_and_methods():
    seq = {"seq": "list", "items": ["str", "None"]}
    assert member(seq, parse("Sequence[str | None]"))
    assert not member(seq, parse("List[str]"))
    assert member({"seq": "tuple", "items": ["str", "int"]}, parse("Tuple[str, int]"))
    assert member({"seq": "tuple", "items": ["str", "str"]}, parse("Tuple[str, ...]"))
    assert member({"map": "dict", "items": [["str", "int"]]}, parse("Dict[str, int]"))
    assert not member({"map": "dict", "items": [["str", "None"]]}, parse("Dict[str, int]"))
    assert member({"callable": "tuple"}, parse("def tuple(...)"))
    assert not member({"callable": "tuple"}, parse("tuple"))


def test_vague_types_are_told_apart():
    assert names_vague(parse("Sequence[Any]"))
    assert names_vague(parse("Row[Tuple[int, Unknown]]"))
    assert not names_vague(parse("Row[Tuple[int, str | None]]"))


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if name.startswith("test_"):
            fn()
    print("compare.py: membership tests passed")
