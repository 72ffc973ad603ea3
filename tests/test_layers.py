"""The shape of a request, read from the source: listeners parse, call one service and render; the services in
bot/ own the unit of work; arrows point down (handlers -> bot -> storage)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTENER_PACKAGES = ("actions", "views", "commands", "events", "options", "functions")
LISTENER_MODULES = sorted(path for package in LISTENER_PACKAGES for path in (ROOT / "handlers" / package).rglob("*.py"))
OPENS_A_UNIT_OF_WORK = {"sessions", "transaction", "unit_of_work", "Session"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, path: Path) -> list[str]:
    """Every module this file imports (`from x import y` counts as x and x.y: y may be a submodule)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this file's package
                package = module_name(path).split(".")
                package = package if path.name == "__init__.py" else package[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            names += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return names


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_there_are_listener_modules_to_check() -> None:
    assert len(LISTENER_MODULES) > 20


@pytest.mark.parametrize("path", LISTENER_MODULES, ids=module_name)
def test_a_listener_opens_no_session_and_touches_no_storage(path: Path) -> None:
    """Sessions and transactions belong to the service a listener calls (bot/), never to the listener."""
    tree = parse(path)
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    opened = sorted({f"line {func.lineno}: {getattr(func, 'attr', getattr(func, 'id', ''))}()" for func in calls
                     if getattr(func, "attr", getattr(func, "id", None)) in OPENS_A_UNIT_OF_WORK})
    assert not opened, f"{module_name(path)} opens a unit of work itself: {opened}"
    reads = sorted({f"line {node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and node.attr in ("get", "exec", "add", "commit")
                    and isinstance(node.value, ast.Name) and node.value.id == "session"})
    assert not reads, f"{module_name(path)} uses a session: {reads}"
    storage = sorted({name for name in imported(tree, path) if name.split(".")[0] == "storage"})
    assert not storage, f"{module_name(path)} imports storage directly: {storage}"


@pytest.mark.parametrize("path", LISTENER_MODULES, ids=module_name)
def test_listener_modules_do_not_import_each_other(path: Path) -> None:
    """Shared listener code lives in handlers/shared.py or handlers/authorization.py; a package's __init__ only
    registers its own modules."""
    own = module_name(path)
    package = own.split(".")[1]
    others = sorted({name for name in imported(ast.parse(path.read_text()), path)
                     if name.split(".")[0] == "handlers" and len(name.split(".")) > 1
                     and name.split(".")[1] in LISTENER_PACKAGES
                     and not (path.name == "__init__.py" and name.split(".")[1] == package)})
    assert not others, f"{own} imports other listener modules: {others}"


# The composition roots: where the layers are wired together (Deps with the Slack notifier, the Bolt app and its
# listeners, the processes that run them, the demo that drives them). They live in bot/ because the command line does,
# but nothing else in bot/ may import them: services, jobs and the emulator never reach handlers/, even deferred.
COMPOSITION_ROOTS = ("bot.startup", "bot.app", "bot.server", "bot.socket_server", "bot.cli", "bot.cli_main", "bot.demo")
DIRECT_WIRING = {"bot.startup": "builds Deps with handlers.notifier.OutboxNotifier, the one Notifier",
                 "bot.app": "the Bolt app: registers the listeners and their middleware"}


def is_composition_root(module: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in COMPOSITION_ROOTS)


@pytest.mark.parametrize("path", sorted((ROOT / "bot").rglob("*.py")), ids=module_name)
def test_bot_imports_neither_handlers_nor_bolt(path: Path) -> None:
    if module_name(path) in DIRECT_WIRING:
        return
    wrong = sorted({name for name in imported(parse(path), path) if name.split(".")[0] in ("handlers", "slack_bolt")})
    assert not wrong, f"{module_name(path)} imports {wrong}"


def all_imports_graph() -> dict[str, set[str]]:
    """Every product module each module imports, at load time or deferred inside a function."""
    return {module: {name for name in imported(parse(path), path) if name in PRODUCT_MODULES} - {module}
            for module, path in PRODUCT_MODULES.items()}


def reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    waiting = [start]
    while waiting:
        for other in graph[waiting.pop()] - seen:
            seen.add(other)
            waiting.append(other)
    return seen


def test_only_the_composition_roots_reach_handlers_even_through_deferred_imports() -> None:
    graph = all_imports_graph()
    below = sorted(m for m in graph if m.split(".")[0] == "bot" and not is_composition_root(m))
    assert len(below) > 100
    wrong = {m: sorted(n for n in reaches(graph, m) if n.split(".")[0] == "handlers" or is_composition_root(n))[:3]
             for m in below}
    assert {m: found for m, found in wrong.items() if found} == {}


def test_the_reach_check_follows_deferred_imports() -> None:
    assert reaches({"bot.a": {"bot.b"}, "bot.b": {"handlers.x"}, "handlers.x": set()}, "bot.a") == {"bot.b",
                                                                                                   "handlers.x"}


def test_routes_come_from_the_one_subcommand_registry() -> None:
    """Each `/mentor` subcommand in bot.commands.SUBCOMMANDS has its handler, and no handler serves anything else."""
    import handlers.commands as commands
    from bot.commands import SUBCOMMANDS

    assert list(commands.ROUTES) == [sub.name for sub in SUBCOMMANDS]
    handlers_defined = {name for module in commands.MODULES for name in vars(module) if name.startswith("handle_")}
    assert handlers_defined == {commands.handler_name(sub.name) for sub in SUBCOMMANDS}


def test_a_subcommand_without_its_handler_is_found_at_start_up() -> None:
    import handlers.commands as commands

    with pytest.raises(LookupError, match="handle_snooze"):
        commands.handler_for("snooze")


def _spelled_out(node: ast.AST) -> bool:
    """A string literal, or an f-string that starts with one (an id prefix written in place)."""
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
        isinstance(node, ast.JoinedStr) and bool(node.values) and isinstance(node.values[0], ast.Constant))


def ids_written_in_place(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = {"actions": 0, "button": 1, "action": 0, "view": 0, "options": 0, "command": 0}.get(name)
            if position is not None and len(node.args) > position and _spelled_out(node.args[position]):
                found.append(f"line {node.lineno}: {ast.unparse(node.args[position])}")
        elif isinstance(node, ast.Dict):
            found += [f"line {node.lineno}: {ast.unparse(value)}" for key, value in zip(node.keys, node.values)
                      if isinstance(key, ast.Constant) and key.value in ("action_id", "block_id", "callback_id")
                      and _spelled_out(value)]
    return found


HANDLER_MODULES = sorted(path for path in (ROOT / "handlers").rglob("*.py") if path.name != "ids.py")


@pytest.mark.parametrize("path", HANDLER_MODULES, ids=module_name)
def test_action_callback_and_button_block_ids_come_from_handlers_ids(path: Path) -> None:
    found = ids_written_in_place(parse(path))
    assert not found, f"{module_name(path)} spells out ids that belong in handlers/ids.py: {found}"


def test_the_id_check_sees_each_way_an_id_is_written() -> None:
    source = '''
actions("home_actions", button("Edit", "home_edit"))
actions(f"met_{checkin_id}")
app.action("alert_nudge")(on_nudge)
{"type": "modal", "callback_id": "profile"}
'''
    assert len(ids_written_in_place(ast.parse(source))) == 5


def test_each_class_name_means_one_thing() -> None:
    """Two classes with one name (an optimizer's unfilled request and a coordinator's gap, a broadcast's and a
    survey's audience) read as one thing at the call site; each name is defined once in the code base."""
    defined: dict[str, list[str]] = {}
    for path in sorted(p for folder in ("bot", "handlers", "storage") for p in (ROOT / folder).rglob("*.py")):
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.ClassDef):
                defined.setdefault(node.name, []).append(module_name(path))
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}


PRODUCT_MODULES = {module_name(path): path for package in ("bot", "handlers", "storage")
                   for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts}


def run_time_imports(path: Path) -> set[str]:
    """The product modules this file imports when it is loaded: top-level statements, not those inside functions
    (deferred on purpose) or under `if TYPE_CHECKING:` (annotations only)."""
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.If):
                visit(node.orelse if "TYPE_CHECKING" in ast.unparse(node.test) else node.body + node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = imported(ast.Module(body=[node], type_ignores=[]), path)
                # `from package import submodule` loads the submodule; the package is already loading above us
                submodules = {name for name in names if name in PRODUCT_MODULES and name.rsplit(".", 1)[0] in names}
                found.update(name for name in names if name in PRODUCT_MODULES
                             and not any(sub.rsplit(".", 1)[0] == name for sub in submodules))
    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found - {module_name(path)}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strong(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                strong(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = [stack.pop()]
            while group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            strong(module)
    return cycles


def test_no_import_cycle_at_run_time() -> None:
    graph = {module: run_time_imports(path) for module, path in PRODUCT_MODULES.items()}
    assert import_cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


CLI_MODULES = sorted(p for p in (ROOT / "bot" / "cli").glob("*.py") if p.name not in ("__init__.py", "support.py"))


def test_the_cli_is_one_module_per_capability_each_registering_its_commands() -> None:
    import bot.cli

    assert {m.__name__ for m in bot.cli.CAPABILITIES} == {module_name(p) for p in CLI_MODULES}
    for path in CLI_MODULES:
        tree = parse(path)
        assert any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body), path
        siblings = {name for name in run_time_imports(path) if name.startswith("bot.cli")}
        assert siblings <= {"bot.cli.support"}, f"{path.name} imports {siblings}: capabilities share only support"
    assert not {n for n in run_time_imports(ROOT / "bot" / "cli" / "support.py") if n.startswith("bot.cli")}


def typing_imports(path: Path) -> set[str]:
    """The product modules this file names at its top level, including those under `if TYPE_CHECKING:`: what a type
    checker (and a reader following the annotations) must load with it."""
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.If):
                visit(node.body + node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = imported(ast.Module(body=[node], type_ignores=[]), path)
                submodules = {name for name in names if name in PRODUCT_MODULES and name.rsplit(".", 1)[0] in names}
                found.update(name for name in names if name in PRODUCT_MODULES
                             and not any(sub.rsplit(".", 1)[0] == name for sub in submodules))
    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found - {module_name(path)}


def test_no_import_cycle_for_typing() -> None:
    """No cycle even with the annotations' imports counted: bot.notify's Notifier names only plain data modules
    (bot/matching/views.py, bot/care_views.py, ...) that import neither bot.notify nor bot.deps, so a service that
    uses the notifier and defines what it hands over never closes a loop through it."""
    graph = {module: typing_imports(path) for module, path in PRODUCT_MODULES.items()}
    assert import_cycles(graph) == []


def test_the_emulator_and_the_demo_are_started_only_by_their_commands() -> None:
    """Nothing in the product imports the emulator or the demo (even deferred), but the command line's `emulator` and
    `demo` commands that start them."""
    graph = all_imports_graph()
    test_doubles = ("bot.emulator", "bot.demo")
    importers = {module for module, names in graph.items() if not module.startswith(test_doubles)
                 and any(name.startswith(test_doubles) for name in names)}
    assert importers == {"bot.cli.serving"}
    for module in ("bot.app", "bot.server", "bot.startup", "bot.socket_server", "bot.jobs", "handlers"):
        assert not {n for n in reaches(graph, module) if n.startswith(test_doubles)}, module
