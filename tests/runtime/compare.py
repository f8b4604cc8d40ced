"""Checks every value the runtime harness recorded (`record.py`) against the type `sqla reveal`
gives for the same `reveal_type(...)`: each value must be a member of that type.

    python3 tests/runtime/compare.py RECORDED.json REVEALED.jsonl [--series 2.0]

A reveal is *precise* when its type names no `Any`/`Unknown` and every value is a member, *vague*
when it names one (the value is not checked below it), *wrong* when some value is not a member.
Exit status 1 when any reveal is wrong, or a recorded line has no reveal.

Membership follows Python's typing: `bool` is an `int`, an `int` is a `float` (PEP 484's numeric
tower), a `Row` is checked column by column against `Row[Tuple[...]]` (2.0) or `Row[...]` (2.1).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "project"
VAGUE = {"Any", "Unknown"}
SEQUENCES = {"List", "list", "Sequence", "MutableSequence", "InstrumentedList", "Iterable", "Collection",
             "Set", "set", "AbstractSet", "MutableSet", "FrozenSet", "frozenset", "InstrumentedSet"}
TUPLES = {"Tuple", "tuple"}
MAPPINGS = {"Dict", "dict", "Mapping", "MutableMapping", "RowMapping", "InstrumentedDict"}
NONE = {"None", "NoneType"}
# Names `sqla reveal` prints for runtime classes whose qualified names differ.
ALIASES = {"Decimal": "decimal.Decimal", "datetime": "datetime.datetime", "date": "datetime.date",
           "time": "datetime.time", "timedelta": "datetime.timedelta", "UUID": "uuid.UUID"}
# `bool` is an `int`; an `int` is a `float` and a `complex` (PEP 484).
WIDER = {"int": {"bool"}, "float": {"int", "bool"}, "complex": {"float", "int", "bool"}}


@dataclass
class Ty:
    name: str
    args: list["Ty"] = field(default_factory=list)
    union: list["Ty"] = field(default_factory=list)

    def __str__(self) -> str:
        if self.union:
            return " | ".join(map(str, self.union))
        return f"{self.name}[{', '.join(map(str, self.args))}]" if self.args else self.name


def parse(text: str) -> Ty:
    # A method or function (`def tuple(...)`): a callable.
    if text.startswith("def "):
        return Ty("Callable")
    ty, rest = _union(text.strip())
    if rest.strip():
        raise ValueError(f"cannot read type {text!r} at {rest!r}")
    return ty


def _union(text: str) -> tuple[Ty, str]:
    items = []
    while True:
        item, text = _term(text.lstrip())
        items.append(item)
        text = text.lstrip()
        if not text.startswith("|"):
            break
        text = text[1:]
    return (items[0] if len(items) == 1 else Ty("Union", union=items)), text


def _term(text: str) -> tuple[Ty, str]:
    if text.startswith("..."):
        return Ty("..."), text[3:]
    if text.startswith("*"):
        inner, rest = _term(text[1:])
        return Ty("*" + inner.name, inner.args), rest
    i = 0
    while i < len(text) and (text[i].isalnum() or text[i] in "_."):
        i += 1
    name, text = text[:i], text[i:]
    if not name:
        raise ValueError(f"no type name at {text!r}")
    args = []
    if text.startswith("["):
        text = text[1:]
        while True:
            arg, text = _union(text.lstrip())
            args.append(arg)
            text = text.lstrip()
            if text.startswith(","):
                text = text[1:]
                continue
            if text.startswith("]"):
                text = text[1:]
                break
            raise ValueError(f"expected , or ] at {text!r}")
    return Ty(name, args), text


def names_vague(ty: Ty) -> bool:
    return ty.name in VAGUE or any(names_vague(t) for t in ty.args + ty.union)


def member(value, ty: Ty) -> bool:
    if ty.union:
        return any(member(value, t) for t in ty.union)
    if ty.name in VAGUE or ty.name == "object":
        return True
    if ty.name == "Optional":
        return value == "None" or member(value, ty.args[0])
    if isinstance(value, str):
        if value == "None":
            return ty.name in NONE
        wanted = ALIASES.get(ty.name, ty.name)
        short = value.rsplit(".", 1)[-1]
        return value == wanted or (short == ty.name and "." in value) or value in WIDER.get(ty.name, set())
    if "row" in value:
        if ty.name != "Row":
            return ty.name in TUPLES and columns_member(value["row"], ty.args)
        columns = ty.args
        # 2.0 spells `Row[Tuple[int, str]]`, 2.1 `Row[int, str]`.
        if len(columns) == 1 and columns[0].name in TUPLES and not columns[0].union:
            columns = columns[0].args
        return columns_member(value["row"], columns)
    if "seq" in value:
        if ty.name in TUPLES:
            return columns_member(value["items"], ty.args)
        if ty.name not in SEQUENCES:
            return False
        return not ty.args or all(member(v, ty.args[0]) for v in value["items"])
    if "map" in value:
        if ty.name not in MAPPINGS:
            return False
        if len(ty.args) != 2:
            return True
        return all(member(k, ty.args[0]) and member(v, ty.args[1]) for k, v in value["items"])
    if "callable" in value:
        return ty.name in {"Callable", "MethodType", "BuiltinMethodType", "FunctionType"} or ty.name.startswith("def")
    return False


def columns_member(values: list, columns: list[Ty]) -> bool:
    if len(columns) == 2 and columns[1].name == "...":
        return all(member(v, columns[0]) for v in values)
    # 2.1's `*tuple[Any, ...]` tail: the columns past the typed ones are unchecked.
    if columns and columns[-1].name.startswith("*"):
        typed = columns[:-1]
        return len(values) >= len(typed) and all(member(v, c) for v, c in zip(values, typed))
    return len(values) == len(columns) and all(member(v, c) for v, c in zip(values, columns))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recorded")
    ap.add_argument("revealed")
    ap.add_argument("--series", default="?")
    args = ap.parse_args()
    recorded = json.loads(Path(args.recorded).read_text())
    reveals = {}
    for line in Path(args.revealed).read_text().splitlines():
        if line.strip():
            r = json.loads(line)
            file = Path(r["file"]).resolve().relative_to(PROJECT).as_posix()
            reveals[(file, r["line"])] = r
    counts = {"precise": 0, "vague": 0, "wrong": 0, "missing": 0}
    problems = []
    for rec in recorded["reveals"]:
        r = reveals.get((rec["file"], rec["line"]))
        where = f"{rec['file']}:{rec['line']}"
        if r is None:
            counts["missing"] += 1
            problems.append(f"MISSING {where}: no reveal from sqla")
            continue
        ty = parse(r["type"])
        bad = [v for v in rec["values"] if not member(v, ty)]
        if bad:
            counts["wrong"] += 1
            problems.append(f"WRONG {where}: {r['expr']}\n    sqla: {r['type']}\n    runtime: {json.dumps(bad)[:300]}")
        elif names_vague(ty):
            counts["vague"] += 1
        else:
            counts["precise"] += 1
    total = sum(counts.values())
    print(f"SQLAlchemy {recorded['sqlalchemy']} (series {args.series}): {total} reveals over values: "
          f"{counts['precise']} precise, {counts['vague']} vague, {counts['wrong']} wrong, {counts['missing']} missing")
    for p in problems:
        print(p)
    return 1 if counts["wrong"] or counts["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
