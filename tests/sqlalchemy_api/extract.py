#!/usr/bin/env python3
"""Snapshot SQLAlchemy's annotated API for the classes our tables cover.

Reads an installed SQLAlchemy package's sources with `ast` only (nothing is imported, so any
Python 3.9+ can read any SQLAlchemy release), finds the classes that
`analysis/src/sqlalchemy/api.rs` mentions, follows their bases by name across SQLAlchemy's
modules, and writes, per class, its module, its bases and its members as type checkers see them:
kind (method, property, attribute), whether the call is a coroutine, and the return annotation of
each overload (or of the single signature).

    python3 tests/sqlalchemy_api/extract.py SITE_PACKAGES/sqlalchemy tests/sqlalchemy_api/sqlalchemy-2.0.58.json

Annotations are normalized: string annotations are unquoted, `typing.` and `typing_extensions.`
prefixes dropped, module aliases dropped from class names (`_result.Result` -> `Result`),
`Unpack[X]` and `*X` read as `X`, type variables written `~Name`, and a return annotated like the
method's `self` parameter (the pre-`Self` idiom `def f(self: _SelfT) -> _SelfT`) written `Self`.
See README.md beside this file.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

# Modules that only restate the API for one backend, or are not API at all.
SKIPPED_DIRS = ("dialects", "testing", "ext/mypy", "connectors")

TYPE_PREFIXES = ("typing_extensions.", "typing.", "util.typing.", "collections.abc.", "abc.")

# Private type aliases of every module, by name; a name two modules define differently is left as is.
ALIASES: dict[str, ast.expr] = {}
# Public ones (`IsolationLevel = Literal[...]`): type checkers show them expanded too, but the
# snapshot's return annotations keep their names.
PUBLIC_ALIASES: dict[str, ast.expr] = {}

PROPERTY_DECORATORS = re.compile(
    r"(^|\.)(property|memoized_property|ro_memoized_property|non_memoized_property|"
    r"memoized_attribute|ro_non_memoized_property|hybridproperty|hybrid_property|"
    r"generative_property|memoized_instancemethod_property|"
    # `property` under TYPE_CHECKING (util/langhelpers.py).
    r"HasMemoized_ro_memoized_attribute)$"
)


# Dunders every object has, or that only construction and pickling use: not API to type.
NOISE = {
    "__slots__", "__visit_name__", "__init__", "__new__", "__init_subclass__", "__class_getitem__",
    "__getstate__", "__setstate__", "__reduce__", "__reduce_ex__", "__repr__", "__str__", "__hash__",
    "__module__", "__annotations__", "__doc__", "__del__", "__copy__", "__deepcopy__",
}


def table_members(api_rs: Path) -> set[str]:
    """The member names `api.rs` has rows for (private ones, `Row._t`, are kept for them)."""
    return set(re.findall(r'\b[mpk](?:20|21)?\(\s*"[\w.]+",\s*"(\w+)"', api_rs.read_text()))


def kept(name: str, table: set[str]) -> bool:
    if name in NOISE:
        return False
    dunder = name.startswith("__") and name.endswith("__")
    return dunder or not name.startswith("_") or name in table


def table_functions(api_rs: Path) -> set[str]:
    """The module-level functions `api.rs` has rows for (`sqlalchemy.select`; not classes, not `func.*`)."""
    return set(re.findall(r'\b(?:f|f20|f21|rows)\(\s*"sqlalchemy\.([a-z_]\w*)"', api_rs.read_text()))


def function_signature(defs: list, typevars: set[str]) -> dict:
    """What a call of a module-level function returns: its overloads', or its one signature's."""
    overloads = [d for d in defs if is_overload(d)]
    chosen = overloads or defs[-1:]
    returns = [annotation_text(d.returns, typevars, None) for d in chosen]
    info: dict = {"returns": [r for r in returns if r]}
    if isinstance(chosen[-1], ast.AsyncFunctionDef) and not has_yield(chosen[-1]):
        info["async"] = True
    return info


def table_classes(api_rs: Path) -> set[str]:
    """The classes `api.rs` has rows for, or names as a parent."""
    text = api_rs.read_text()
    rows = set(re.findall(r'\b[mpk](?:20|21)?\(\s*"([\w.]+)"', text))
    parents = set()
    for child, bases in re.findall(r'\("([\w.]+)",\s*&\[([^\]]*)\]\)', text):
        parents.add(child)
        parents.update(re.findall(r'"([\w.]+)"', bases))
    # Dotted names are SQLAlchemy's by their path (`dialects.postgresql.dml.Insert`) or another
    # library's (`sqlmodel.Session`), which this snapshot does not hold.
    return {c for c in rows | parents if "." not in c or c.startswith("dialects.")}


def module_name(package: Path, path: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


class Module:
    def __init__(self, name: str, is_package: bool, source: str):
        self.name = name
        self.source = source
        tree = ast.parse(source)
        self.tree = tree
        self.classes: dict[str, ast.ClassDef] = {}
        # Module-level functions, each with its overloads, in source order.
        self.functions: dict[str, list] = {}
        # Local name -> (module, name or None for a module alias).
        self.imports: dict[str, tuple[str, str | None]] = {}
        self.typevars: set[str] = set()
        # `_InfoType = Dict[Any, Any]`: private type aliases, expanded where annotations use them.
        self.aliases: dict[str, ast.expr] = {}
        for node in walk_top(tree.body):
            if isinstance(node, ast.ClassDef):
                self.classes.setdefault(node.name, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ImportFrom):
                source = (
                    resolve_relative(name, is_package, node.level, node.module) if node.level else node.module or ""
                )
                for alias in node.names:
                    local = alias.asname or alias.name
                    # `from . import roles` names a module; `from .result import Result` a class.
                    self.imports[local] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (alias.name, None)
            elif (
                isinstance(node, (ast.Assign, ast.AnnAssign))
                and (
                    isinstance(node.value, (ast.Subscript, ast.BinOp))
                    # `_ServerOnUpdateArgument = _ServerDefaultArgument`: an alias of an alias.
                    or (isinstance(node.value, ast.Name) and node.value.id.startswith("_"))
                )
                and alias_target(node)
            ):
                self.aliases[alias_target(node)] = node.value
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and public_alias_target(node):
                PUBLIC_ALIASES.setdefault(public_alias_target(node), node.value)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                callee = ast.unparse(node.value.func).split(".")[-1]
                if callee in ("TypeVar", "TypeVarTuple", "ParamSpec"):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            self.typevars.add(target.id)


def alias_target(node) -> str | None:
    """A type alias's name: private ones (`_InfoType = Dict[Any, Any]`) and `Annotated` ones
    (`AliasedType = Annotated[Type[_O], "aliased"]`)."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return None
    annotated = isinstance(node.value, ast.Subscript) and name_of(node.value.value) == "Annotated"
    return targets[0].id if targets[0].id.startswith("_") or annotated else None


def public_alias_target(node) -> str | None:
    """`IsolationLevel = Literal[...]`: a public name bound to a union, literal or callable type."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if len(targets) != 1 or not isinstance(targets[0], ast.Name) or targets[0].id.startswith("_"):
        return None
    value = node.value
    is_type = isinstance(value, ast.Subscript) and name_of(value.value) in ("Union", "Optional", "Literal", "Callable")
    return targets[0].id if is_type else None


def walk_top(body):
    """Top-level statements, looking inside `if`/`try` blocks as type checkers do: the
    `if TYPE_CHECKING:` branch, not its `else`."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            if is_type_checking(node.test):
                yield from walk_top(node.body)
            elif isinstance(node.test, ast.UnaryOp) and is_type_checking(node.test.operand):
                yield from walk_top(node.orelse)
            else:
                yield from walk_top(node.body)
                yield from walk_top(node.orelse)
        elif isinstance(node, ast.Try):
            yield from walk_top(node.body)
            for handler in node.handlers:
                yield from walk_top(handler.body)
            yield from walk_top(node.orelse)


def is_type_checking(test: ast.expr) -> bool:
    return ast.unparse(test).split(".")[-1] == "TYPE_CHECKING"


def class_body(body):
    """A class body's statements as type checkers read them: `if TYPE_CHECKING:` takes its branch."""
    for node in body:
        if isinstance(node, ast.If):
            if is_type_checking(node.test):
                yield from class_body(node.body)
            elif isinstance(node.test, ast.UnaryOp) and is_type_checking(node.test.operand):
                yield from class_body(node.orelse)
            else:
                yield from class_body(node.body)
                yield from class_body(node.orelse)
        else:
            yield node


class Unquote(ast.NodeTransformer):
    """`"AliasedClass[_T]"` → `AliasedClass[_T]`, so that what a string names can be bound. The
    strings of a `Literal[...]` are values, not names."""

    def visit_Subscript(self, node):
        if name_of(node.value) == "Literal":
            return node
        return self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            try:
                return self.visit(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return node
        return node


class Normalizer(Unquote):
    """Annotation text as the snapshot writes it (see the module's docstring)."""

    def __init__(self, typevars: set[str], public_aliases: bool = False):
        self.typevars = typevars
        self.public_aliases = public_aliases
        self.expanding: set[str] = set()

    def alias(self, name: str) -> ast.expr | None:
        found = ALIASES.get(name)
        return PUBLIC_ALIASES.get(name) if found is None and self.public_aliases else found

    def visit_Starred(self, node):
        return self.visit(node.value)

    def visit_Subscript(self, node):
        # `Literal['auto']`, `Literal[SchemaConst.NULL_UNSPECIFIED]`: values, kept as written.
        if name_of(node.value) == "Literal":
            return node
        # A generic alias applied (`AliasedType[_O]`): its type variables, in order, become the arguments.
        alias = self.alias(node.value.id) if isinstance(node.value, ast.Name) else None
        if alias is not None and node.value.id not in self.expanding:
            arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            alias = Unquote().visit(ast.parse(ast.unparse(alias), mode="eval").body)
            parameters = []
            for sub in ast.walk(alias):
                if isinstance(sub, ast.Name) and sub.id in self.typevars and sub.id not in parameters:
                    parameters.append(sub.id)
            bound = dict(zip(parameters, arguments))

            class Bind(ast.NodeTransformer):
                def visit_Name(self, name):
                    return bound.get(name.id, name)

            self.expanding.add(node.value.id)
            expanded = self.visit(Bind().visit(alias))
            self.expanding.discard(node.value.id)
            return expanded
        node = self.generic_visit(node)
        if name_of(node.value) == "Unpack":
            return node.slice
        # `Annotated[X, ...]` is `X` to a type checker.
        if name_of(node.value) == "Annotated" and isinstance(node.slice, ast.Tuple):
            return node.slice.elts[0]
        return node

    def visit_Attribute(self, node):
        text = ast.unparse(node)
        for prefix in TYPE_PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        # `_result.Result`, `elements.ColumnElement`: the class's own name.
        return ast.Name(id=text.split(".")[-1], ctx=ast.Load())

    def visit_Name(self, node):
        if node.id in self.typevars:
            return ast.Name(id="~" + node.id, ctx=ast.Load())
        alias = self.alias(node.id)
        if alias is not None and node.id not in self.expanding:
            self.expanding.add(node.id)
            expanded = self.visit(ast.parse(ast.unparse(alias), mode="eval").body)
            self.expanding.discard(node.id)
            return expanded
        return node


def name_of(node: ast.expr) -> str:
    return ast.unparse(node).split(".")[-1]


def annotation_text(node: ast.expr | None, typevars: set[str], self_annotation: str | None) -> str | None:
    if node is None:
        return None
    normalized = Normalizer(typevars).visit(ast.parse(ast.unparse(node), mode="eval").body)
    text = ast.unparse(normalized)
    if self_annotation is not None and text == self_annotation:
        return "Self"
    return text


def has_yield(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
    return False


def member_kind(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    for decorator in function.decorator_list:
        text = ast.unparse(decorator.func if isinstance(decorator, ast.Call) else decorator)
        if PROPERTY_DECORATORS.search(text):
            return "property"
    return "method"


def context_manager(function) -> str | None:
    for decorator in function.decorator_list:
        name = ast.unparse(decorator).split(".")[-1]
        if name == "contextmanager":
            return "_GeneratorContextManager"
        if name == "asynccontextmanager":
            return "_AsyncGeneratorContextManager"
    return None


def is_overload(function) -> bool:
    return any(ast.unparse(d).split(".")[-1] == "overload" for d in function.decorator_list)


def is_setter(function) -> bool:
    return any(ast.unparse(d).endswith((".setter", ".deleter")) for d in function.decorator_list)


def class_members(cls: ast.ClassDef, typevars: set[str]) -> dict[str, dict]:
    members: dict[str, dict] = {}
    overloads: dict[str, list[str]] = {}
    for node in class_body(cls.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if is_setter(node):
                continue
            args = node.args.posonlyargs + node.args.args
            self_annotation = None
            if args and args[0].annotation is not None:
                self_annotation = annotation_text(args[0].annotation, typevars, None)
            returns = annotation_text(node.returns, typevars, self_annotation)
            coroutine = isinstance(node, ast.AsyncFunctionDef) and not has_yield(node)
            manager = context_manager(node)
            if manager and returns:
                # `@contextmanager def f() -> Iterator[X]` is called for a `_GeneratorContextManager[X, None, None]`.
                yielded = re.fullmatch(r"(?:Async)?(?:Iterator|Generator)\[([^,\]]*(?:\[.*\])?)(?:, .*)?\]", returns)
                value = yielded.group(1) if yielded else "Any"
                defaults = "None, None" if manager == "_GeneratorContextManager" else "None"
                returns = f"{manager}[{value}, {defaults}]"
                coroutine = False
            kind = member_kind(node)
            if is_overload(node):
                overloads.setdefault(node.name, []).append(returns or "")
                members[node.name] = {"kind": kind, "returns": overloads[node.name]}
            elif node.name in overloads:
                pass  # the implementation behind the overloads: type checkers read the overloads
            else:
                members[node.name] = {"kind": kind, "returns": [returns] if returns else []}
            if coroutine:
                members[node.name]["async"] = True
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            text = annotation_text(node.annotation, typevars, None)
            # `x: ClassVar[int]`, `x: Final[int]`: the value's type.
            match = re.fullmatch(r"(?:ClassVar|Final)\[(.*)\]", text or "")
            members.setdefault(node.target.id, {"kind": "attribute", "returns": [match.group(1) if match else text]})
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    # `fetchall = all`: an alias of a member defined above has its type.
                    if isinstance(node.value, ast.Name) and node.value.id in members:
                        members.setdefault(target.id, dict(members[node.value.id]))
                    else:
                        members.setdefault(target.id, {"kind": "attribute", "returns": []})
    for node in class_body(cls.body):
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            for name, info in init_attributes(node, typevars).items():
                members.setdefault(name, {**info, "init": True})
    return members


def drop_redeclared_init_attributes(classes: dict[str, dict]) -> None:
    """`self.onupdate = onupdate` in `Column.__init__` declares nothing where a base annotates
    `onupdate` (`ColumnClause.onupdate: Optional[DefaultGenerator]`): type checkers keep the
    base's declaration."""
    def declared_in_bases(name: str, member: str, seen: set[str]) -> bool:
        for base in classes.get(name, {}).get("bases", []):
            if base in seen or base not in classes:
                continue
            seen.add(base)
            found = classes[base]["members"].get(member)
            if found is not None and not found.get("init") and found["returns"]:
                return True
            if declared_in_bases(base, member, seen):
                return True
        return False

    for name, info in classes.items():
        for member in [m for m, found in info["members"].items() if found.get("init")]:
            if declared_in_bases(name, member, set()):
                del info["members"][member]
    for info in classes.values():
        for found in info["members"].values():
            found.pop("init", None)


def init_attributes(init: ast.FunctionDef, typevars: set[str]) -> dict[str, dict]:
    """`self.x: T = ...` and `self.x = parameter` (of an annotated parameter) in `__init__`."""
    parameters = {a.arg: a.annotation for a in init.args.args + init.args.kwonlyargs if a.annotation is not None}
    found: dict[str, dict] = {}
    for node in ast.walk(init):
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
            continue
        annotation = node.annotation if isinstance(node, ast.AnnAssign) else None
        if annotation is None and isinstance(node.value, ast.Name):
            annotation = parameters.get(node.value.id)
        text = annotation_text(annotation, typevars, None)
        if target.attr not in found or text:
            found[target.attr] = {"kind": "attribute", "returns": [text] if text else []}
    return found


# Names of `typing`, `builtins` and the standard library that annotations use: never SQLAlchemy's.
TYPING_NAMES = {
    "Any", "Optional", "Union", "List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "Sequence", "Mapping",
    "Iterator", "Iterable", "Callable", "Literal", "Self", "None", "int", "str", "float", "bool", "bytes",
    "object", "list", "dict", "set", "tuple", "type", "Generator", "AsyncIterator", "Awaitable", "Coroutine",
    "MutableMapping", "Collection", "AbstractSet", "NoReturn", "Never", "TupleAny",
}


def type_parameters(cls: ast.ClassDef, typevars: set[str]) -> list[str]:
    """A class's type parameters: `Generic[...]`'s, else those its bases are subscripted with, in order."""
    found: list[str] = []
    for base in cls.bases:
        if not isinstance(base, ast.Subscript):
            continue
        names = [n.id for n in ast.walk(base.slice) if isinstance(n, ast.Name) and n.id in typevars]
        if name_of(base.value) in ("Generic", "Protocol"):
            return list(dict.fromkeys(names))
        found.extend(n for n in names if n not in found)
    return found


def passes_parameters(base: ast.expr, parameters: list[str]) -> bool:
    """`class Column(..., ColumnClause[_T])`: the base takes the class's own parameters, in order."""
    if not parameters or not isinstance(base, ast.Subscript):
        return False
    items = base.slice.elts if isinstance(base.slice, ast.Tuple) else [base.slice]
    return [ast.unparse(item) for item in items] == parameters


def compact_json(snapshot: dict) -> str:
    """One line per member, so a new release's snapshot diffs member by member."""
    lines = ["{"]
    lines.append(f'"sqlalchemy": {json.dumps(snapshot["sqlalchemy"])},')
    lines.append(f'"not_found": {json.dumps(snapshot["not_found"])},')
    lines.append('"functions": {')
    functions = list(snapshot["functions"].items())
    for i, (name, info) in enumerate(functions):
        lines.append(f"  {json.dumps(name)}: {json.dumps(info)}" + ("," if i + 1 < len(functions) else ""))
    lines.append("},")
    lines.append('"classes": {')
    classes = list(snapshot["classes"].items())
    for i, (name, cls) in enumerate(classes):
        module, bases = json.dumps(cls["module"]), json.dumps(cls["bases"])
        params = f', "params": {json.dumps(cls["params"])}' if cls.get("params") else ""
        params += f', "passes": {json.dumps(cls["passes"])}' if cls.get("passes") else ""
        lines.append(f'{json.dumps(name)}: {{"module": {module}, "bases": {bases}{params}, "members": {{')
        members = list(cls["members"].items())
        for j, (member, info) in enumerate(members):
            comma = "," if j + 1 < len(members) else ""
            lines.append(f"  {json.dumps(member)}: {json.dumps(info)}{comma}")
        lines.append("}}" + ("," if i + 1 < len(classes) else ""))
    lines.append("}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    package = Path(sys.argv[1]).resolve()
    output = Path(sys.argv[2])
    api_rs = Path(__file__).resolve().parents[2] / "analysis/src/sqlalchemy/api.rs"
    wanted = table_classes(api_rs)
    table = table_members(api_rs)

    modules: dict[str, Module] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        # A dialect's own `Insert` (`dialects/postgresql/dml.py`) is read; its other modules are not.
        if rel.startswith(SKIPPED_DIRS) and not re.fullmatch(r"dialects/\w+/dml\.py", rel):
            continue
        name = module_name(package, path)
        modules[name] = Module(name, path.name == "__init__.py", path.read_text())
    typevars = set().union(*(m.typevars for m in modules.values()))
    conflicting = set()
    for module in modules.values():
        for name, value in module.aliases.items():
            if name in ALIASES and ast.dump(ALIASES[name]) != ast.dump(value):
                conflicting.add(name)
            ALIASES[name] = value
    for name in conflicting:
        del ALIASES[name]
    # An alias of a name that is no alias (`_RegistryType = _registry_type`, a class) stays as is.
    for name in [n for n, v in ALIASES.items() if isinstance(v, ast.Name) and v.id not in ALIASES]:
        del ALIASES[name]

    by_name: dict[str, list[str]] = {}
    for module in modules.values():
        # A dialect's classes are found by their path only: their names are the core ones'.
        if module.name.startswith("sqlalchemy.dialects."):
            continue
        for cls in module.classes:
            by_name.setdefault(cls, []).append(module.name)

    def locate(name: str, module: Module | None) -> tuple[str, str] | None:
        """The (module, class) a name denotes in `module`, following imports; else by unique name."""
        # A class the tables name by its module path below `sqlalchemy` (`dialects.postgresql.dml.Insert`,
        # one of several `Insert`s).
        if module is None and "." in name:
            head, _, last = name.rpartition(".")
            return find_class(f"sqlalchemy.{head}", last, set())
        if module is not None:
            if "." in name:
                head, _, last = name.rpartition(".")
                target = module.imports.get(head.split(".")[0])
                if target is not None:
                    source = target[0] if target[1] is None else f"{target[0]}.{target[1]}"
                    found = find_class(source, last, set())
                    if found:
                        return found
                name = last
            if name in module.classes:
                return module.name, name
            if name in module.imports:
                source, original = module.imports[name]
                if original is not None:
                    found = find_class(source, original, set())
                    if found:
                        return found
        candidates = by_name.get(name, [])
        if not candidates:
            return None
        # The shortest module path is the defining one (`sqlalchemy.sql.elements`, not a re-export).
        return sorted(candidates, key=lambda m: (m.count("."), m))[0], name

    def find_class(module_name: str, name: str, seen: set[str]) -> tuple[str, str] | None:
        module = modules.get(module_name)
        if module is None or module_name in seen:
            return None
        seen.add(module_name)
        if name in module.classes:
            return module_name, name
        if name in module.imports:
            source, original = module.imports[name]
            if original is not None:
                return find_class(source, original, seen)
        # `from .x import y` where y is a module.
        return find_class(f"{module_name}.{name}", name, seen) if f"{module_name}.{name}" in modules else None

    def find_function(module_name: str, name: str, seen: set[str]) -> tuple[str, list] | None:
        module = modules.get(module_name)
        if module is None or module_name in seen:
            return None
        seen.add(module_name)
        if name in module.functions:
            return module_name, module.functions[name]
        if name in module.imports:
            source, original = module.imports[name]
            if original is not None:
                return find_function(source, original, seen)
        return None

    functions: dict[str, dict] = {}
    for name in sorted(table_functions(api_rs)):
        # Our canonical `sqlalchemy.aliased` may live in `sqlalchemy.orm`, `sqlalchemy.ext.asyncio`.
        for root in (
            "sqlalchemy",
            "sqlalchemy.orm",
            "sqlalchemy.ext.asyncio",
            "sqlalchemy.ext.declarative",
            "sqlalchemy.ext.associationproxy",
            "sqlalchemy.sql.visitors",
        ):
            found = find_function(root, name, set())
            if found:
                functions[name] = {"module": found[0], **function_signature(found[1], typevars)}
                # What a call may pass by position, by name (`bindparam("x", type_=Integer)`).
                implementation = found[1][-1].args
                functions[name]["params"] = [a.arg for a in implementation.posonlyargs + implementation.args]
                shown = function_display(name, found[1], typevars, modules[found[0]].source)
                if shown:
                    functions[name]["display"] = shown
                break

    classes: dict[str, dict] = {}
    ambiguous: dict[str, list[str]] = {}
    pending = [(name, None) for name in sorted(wanted)]
    # So are the classes the functions return (`values()` makes a `Values`): their members are read
    # the same way.
    for info in functions.values():
        for text in info["returns"]:
            for word in re.findall(r"(?<![~\w])[A-Za-z]\w*", text):
                if word not in TYPING_NAMES:
                    pending.append((word, modules[info["module"]]))
    done: set[tuple[str, str]] = set()
    while pending:
        name, module = pending.pop()
        found = locate(name, module)
        if found is None:
            continue
        if found in done:
            continue
        done.add(found)
        module_name_, class_name = found
        if module is None and len(by_name.get(class_name, [])) > 1:
            ambiguous[class_name] = by_name[class_name]
        owner = modules[module_name_]
        node = owner.classes[class_name]
        bases = []
        passes = []
        parameters = type_parameters(node, typevars)
        for base in node.bases:
            expr = base.value if isinstance(base, ast.Subscript) else base
            text = ast.unparse(expr)
            base_found = locate(text, owner)
            if base_found is None:
                continue  # `Generic`, `Protocol`, builtins
            bases.append(base_found[1])
            if passes_parameters(base, parameters):
                passes.append(base_found[1])
            pending.append((text, owner))
        key = name if module is None and "." in name else class_name
        if key in classes and classes[key]["module"] != module_name_:
            # Two classes of one name in the hierarchy: keep the first, note the other.
            key = f"{module_name_}.{class_name}"
        members = {k: v for k, v in sorted(class_members(node, typevars).items()) if kept(k, table)}
        classes[key] = {"module": module_name_, "bases": bases, "members": members}
        if parameters:
            classes[key]["params"] = ["~" + p for p in parameters]
        if passes:
            classes[key]["passes"] = passes
        # The classes its members' annotations name are snapshotted too (`Column.type` is a
        # `TypeEngine[Any]`): the analyzer reads their members where its tables have no row.
        for info in members.values():
            for text in info["returns"]:
                for word in re.findall(r"(?<![~\w])[A-Za-z]\w*", text):
                    if word not in TYPING_NAMES:
                        pending.append((word, owner))
    for name, where in sorted(ambiguous.items()):
        print(f"note: {name} is defined in {', '.join(where)}; took {classes[name]['module']}", file=sys.stderr)
    drop_redeclared_init_attributes(classes)
    missing = sorted(w for w in wanted if w not in classes)
    version = re.search(r'__version__ = "([^"]+)"', (package / "__init__.py").read_text())
    snapshot = {
        "sqlalchemy": version.group(1) if version else "unknown",
        "not_found": missing,
        "functions": functions,
        "classes": dict(sorted(classes.items())),
    }
    output.write_text(compact_json(snapshot))
    print(f"{output}: {len(classes)} classes, not found: {', '.join(missing) or 'none'}", file=sys.stderr)



# ---- signatures as pyright shows a function used as a value -------------------------------------


def function_display(name: str, defs: list, typevars: set[str], source: str) -> str | None:
    """`(column: ...) -> UnaryExpression[_T@asc]`, or `Overload[...]` of each overload, with private
    aliases expanded, unions written `A | B` (literals joined and last, then `None`), callables
    `(A) -> R`, `Type[X]` as `type[X]`, type variables scoped to the function (`_T@asc`) and
    defaults as written. `None` for a coroutine function (not shown this way)."""
    overloads = [d for d in defs if is_overload(d)]
    chosen = overloads or defs[-1:]
    if any(isinstance(d, ast.AsyncFunctionDef) for d in chosen):
        return None
    shown = [signature_text(d, typevars, name, source) for d in chosen]
    return shown[0] if len(shown) == 1 else f"Overload[{', '.join(shown)}]"


def signature_text(function, typevars: set[str], name: str, source: str) -> str:
    args = function.args
    def annotated(arg) -> str:
        if arg.annotation is None:
            return arg.arg
        return f"{arg.arg}: {type_text(normalized(arg.annotation, typevars), name)}"
    def default(node) -> str:
        return f" = {ast.get_source_segment(source, node)}"
    parts = []
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for i, (arg, value) in enumerate(zip(positional, defaults)):
        parts.append(annotated(arg) + (default(value) if value is not None else ""))
        if args.posonlyargs and i == len(args.posonlyargs) - 1:
            parts.append("/")
    if args.vararg is not None:
        parts.append("*" + annotated(args.vararg))
    elif args.kwonlyargs:
        parts.append("*")
    for arg, value in zip(args.kwonlyargs, args.kw_defaults):
        parts.append(annotated(arg) + (default(value) if value is not None else ""))
    if args.kwarg is not None:
        parts.append("**" + annotated(args.kwarg))
    returns = normalized(function.returns, typevars) if function.returns else ast.Constant(value=None)
    return f"({', '.join(parts)}) -> {returns_text(returns, name)}"


def normalized(node: ast.expr, typevars: set[str]) -> ast.expr:
    return Normalizer(typevars, public_aliases=True).visit(ast.parse(ast.unparse(node), mode="eval").body)


def returns_text(node: ast.expr, function: str) -> str:
    """What follows `->`: a union or a callable parenthesised, as its arrow or bars would take what
    follows (`-> (OrderByList | UnaryExpression[_T@asc])`)."""
    text = type_text(node, function)
    callable_ = isinstance(node, ast.Subscript) and name_of(node.value) == "Callable"
    return f"({text})" if len(union_members(node)) > 1 or callable_ else text


def union_members(node: ast.expr) -> list[ast.expr]:
    """`Union[A, Optional[B]]` flattened: `A`, `B`, `None`."""
    if isinstance(node, ast.Subscript) and name_of(node.value) in ("Union", "Optional"):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        members = [m for item in items for m in union_members(item)]
        return members + ([ast.Constant(value=None)] if name_of(node.value) == "Optional" else [])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return union_members(node.left) + union_members(node.right)
    return [node]


def type_text(node: ast.expr, function: str) -> str:
    """A normalized annotation as pyright prints it."""
    if isinstance(node, ast.Name):
        return f"{node.id[1:]}@{function}" if node.id.startswith("~") else node.id
    if isinstance(node, ast.Constant):
        return "..." if node.value is Ellipsis else "None" if node.value is None else str(node.value)
    if isinstance(node, ast.BinOp) or (isinstance(node, ast.Subscript) and name_of(node.value) in ("Union", "Optional")):
        others, literals, none = [], [], False
        for member in union_members(node):
            if isinstance(member, ast.Constant) and member.value is None:
                none = True
            elif isinstance(member, ast.Subscript) and name_of(member.value) == "Literal":
                items = member.slice.elts if isinstance(member.slice, ast.Tuple) else [member.slice]
                literals.extend(ast.unparse(item) for item in items)
            else:
                text = type_text(member, function)
                if isinstance(member, ast.Subscript) and name_of(member.value) == "Callable":
                    text = f"({text})"
                if text not in others:
                    others.append(text)
        # `Literal[None]` is `None`; `Literal[True, False]` together are `bool`.
        none = none or "None" in literals
        literals = [literal for literal in dict.fromkeys(literals) if literal != "None"]
        if "True" in literals and "False" in literals:
            literals = [literal for literal in literals if literal not in ("True", "False")]
            others += [] if "bool" in others else ["bool"]
        shown = others + ([f"Literal[{', '.join(literals)}]"] if literals else []) + (["None"] if none else [])
        return " | ".join(shown)
    if isinstance(node, ast.Subscript):
        head = name_of(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Literal":
            return f"Literal[{', '.join(ast.unparse(item) for item in items)}]"
        if head == "Callable" and len(items) == 2:
            params, returns = items
            shown_params = "..." if not isinstance(params, ast.List) else ", ".join(type_text(p, function) for p in params.elts)
            return f"({shown_params}) -> {returns_text(returns, function)}"
        head = "type" if head == "Type" else head
        return f"{head}[{', '.join(type_text(item, function) for item in items)}]"
    return ast.unparse(node)


if __name__ == "__main__":
    main()
