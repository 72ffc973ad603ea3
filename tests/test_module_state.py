"""No module-level runtime state in the product (bot/, handlers/, storage/), read from the source.

What a process keeps while it runs (its Deps, the scheduler's, the sender's memory) is handed over explicitly, so two
apps in one process (the tests, the demo next to a server) never share a pacer, a log or a dependency. A module may
define constants, tables and registries built once at import; it may not change them afterwards. So this fails on:
- a `global` statement;
- a function changing a module-level dict, list, set (or deque, defaultdict...): item assignment or deletion, or a
  mutating method (`append`, `setdefault`, `pop`, ...), in the module that defines it or through an import of it;
- a function assigning an attribute of a module-level object that the module itself built (`CONFIG.x = ...`).
functools caches of pure functions are fine (they are the function's own memory, not state others read).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_layers import PRODUCT_MODULES, module_name

CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "deque", "Counter", "WeakValueDictionary",
                   "WeakKeyDictionary", "WeakSet", "bytearray"}
MUTATING_METHODS = {"append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add",
                    "discard", "difference_update", "intersection_update", "symmetric_difference_update",
                    "appendleft", "extendleft", "popleft", "sort", "reverse", "__setitem__", "__delitem__"}

# (module, name) -> why it may change at run time. Empty: keep it so, or explain each entry here.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class ModuleLevel:
    containers: set[str]  # names bound at module level to a mutable container
    built: set[str]  # names bound at module level to any other value the module computed (a call's result)


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) in CONTAINER_CALLS
    return False


def module_level(tree: ast.Module) -> ModuleLevel:
    containers: set[str] = set()
    built: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name):
                if _is_container(value):
                    containers.add(target.id)
                elif isinstance(value, ast.Call):
                    built.add(target.id)
    return ModuleLevel(containers, built - containers)


def _locals(function: ast.AST) -> set[str]:
    """Names a function binds itself (parameters, assignments, loop and with targets): those shadow the module's."""
    names: set[str] = set()
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = function.args
        names |= {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
        names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _functions(tree: ast.AST) -> list[ast.AST]:
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]


def _base(node: ast.expr) -> tuple[str | None, str | None]:
    """(name, attribute) a target starts from: `X[...]` -> (X, None); `mod.X[...]` -> (mod, X)."""
    if isinstance(node, ast.Name):
        return node.id, None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None, None


def imported_names(tree: ast.Module) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Top-level `from m import X as Y` (Y -> (m, X)) and `import m as n` (n -> m) of product modules."""
    from_imports: dict[str, tuple[str, str]] = {}
    modules: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                from_imports[alias.asname or alias.name] = (node.module, alias.name)
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"  # a submodule, maybe
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    modules[alias.asname] = alias.name
    return from_imports, modules


def runtime_state(tree: ast.Module, own: str, levels: dict[str, ModuleLevel]) -> list[str]:
    """Each place a function of module `own` changes module-level state, as 'line N: what'."""
    mine = levels[own]
    from_imports, modules = imported_names(tree)

    def container_of(node: ast.expr, local: set[str]) -> tuple[str, str] | None:
        name, attribute = _base(node)
        if name is None or name in local:
            return None
        if attribute is None:
            if name in mine.containers:
                return own, name
            source = from_imports.get(name)
            if source and source[0] in levels and source[1] in levels[source[0]].containers:
                return source
            return None
        module = modules.get(name)
        if module in levels and attribute in levels[module].containers:
            return module, attribute
        return None

    found: list[str] = []

    def report(node: ast.AST, where: tuple[str, str], how: str) -> None:
        if where not in ALLOWED:
            found.append(f"line {getattr(node, 'lineno', '?')}: {how} {where[0]}.{where[1]}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
    for function in _functions(tree):
        local = _locals(function)
        for node in ast.walk(function):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Subscript) and (where := container_of(target.value, local)):
                        report(node, where, "changes an item of")
                    elif (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                          and target.value.id in mine.built and target.value.id not in local):
                        report(node, (own, target.value.id), f"sets .{target.attr} of")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in MUTATING_METHODS and (where := container_of(node.func.value, local))):
                report(node, where, f".{node.func.attr}() on")
    return found


LEVELS = {name: module_level(ast.parse(path.read_text(encoding="utf-8"))) for name, path in PRODUCT_MODULES.items()}


@pytest.mark.parametrize("path", sorted(PRODUCT_MODULES.values()), ids=module_name)
def test_no_module_level_runtime_state(path: Path) -> None:
    found = runtime_state(ast.parse(path.read_text(encoding="utf-8")), module_name(path), LEVELS)
    assert not found, f"{module_name(path)} keeps state at module level (hand it over in Deps or an object): {found}"


def test_every_allowed_entry_still_names_a_module_level_container() -> None:
    assert all(name in LEVELS.get(module, ModuleLevel(set(), set())).containers for module, name in ALLOWED)


def check(source: str, **others: str) -> list[str]:
    """runtime_state of a module written here as bot.sample, next to `others` (module name with _ for .)."""
    modules = {"bot.sample": source, **{name.replace("_", "."): text for name, text in others.items()}}
    levels = {name: module_level(ast.parse(text)) for name, text in modules.items()}
    return runtime_state(ast.parse(source), "bot.sample", levels)


@pytest.mark.parametrize("source", [
    "_runtime: dict = {}\ndef configure(deps):\n    _runtime['deps'] = deps\n",
    "_held = {}\ndef forget(tenant):\n    _held.pop(tenant, None)\n",
    "SEEN = set()\ndef see(x):\n    SEEN.add(x)\n",
    "ITEMS = []\ndef drop():\n    del ITEMS[0]\n",
    "COUNT = 0\ndef bump():\n    global COUNT\n    COUNT += 1\n",
    "import threading\nCONFIG = threading.local()\ndef remember(deps):\n    CONFIG.deps = deps\n",
])
def test_the_scan_sees_each_way_of_keeping_state(source: str) -> None:
    assert check(source)


def test_the_scan_sees_a_module_changing_another_modules_container() -> None:
    registry = "HANDLERS = {}\n"
    assert check("from bot.registry import HANDLERS\ndef on(name, f):\n    HANDLERS[name] = f\n",
                 bot_registry=registry)
    assert check("from bot import registry\ndef on(name, f):\n    registry.HANDLERS.setdefault(name, f)\n",
                 bot_registry=registry)


def test_the_scan_leaves_constants_locals_and_import_time_building_alone() -> None:
    source = (
        "LIMITS = {'a': 1}\n"
        "NAMES = [n for n in LIMITS]\n"
        "NAMES.append('built at import')\n"
        "def read(key):\n    return LIMITS.get(key)\n"
        "def own(LIMITS):\n    LIMITS['x'] = 1\n"
        "def fresh():\n    NAMES = []\n    NAMES.append(1)\n    return NAMES\n"
    )
    assert check(source) == []
