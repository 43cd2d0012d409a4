"""The architecture's layers, read from the import statements of every module.

* The domain core (every package under ``baclo`` but ``web`` and ``cli``) imports no Django, no
  web framework and neither shell: it runs, and is tested, without a database or a server.
* The web apps import only downward, in :data:`WEB_ORDER` (accounts at the bottom, the API at
  the top), so that no app needs one above it: an import loop between apps cannot come back.
  The shared helpers at the web package's root (:data:`WEB_BASE`) import no app but accounts;
  the composition roots (:data:`WEB_ROOTS`) put everything together and may import anything.

Every ``import`` counts, at the top of a module or inside a function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "baclo"
SHELLS = ("web", "cli")
FRAMEWORKS = ("django", "ninja", "typer", "rich", "weasyprint", "whitenoise")

#: The web apps from the bottom up: each may import those before it, never one after it.
WEB_ORDER = (
    "accounts",
    "care",
    "journal",
    "safety",
    "levels",
    "coverage",
    "reports",
    "survey",
    "phone",
    "patients",
    "privacy",
    "api",
)
#: Shared helpers at the root of ``baclo.web``: beside accounts, below every other app.
WEB_BASE = (
    "cache",
    "cells",
    "clock",
    "guards",
    "inputs",
    "memo",
    "pages",
    "throttle",
    "wording",
)
#: Where the project is put together (settings, URLs, the demo data, the server entry points).
WEB_ROOTS = ("urls", "demo", "population", "settings", "wsgi", "__main__", "__init__")


def _modules(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "migrations" not in path.parts)


def _imports(path: Path) -> Iterator[str]:
    """Every module name ``path`` imports (absolute imports; baclo uses no relative ones)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            # ``from baclo.web import services`` names a module too.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _name(path: Path) -> str:
    return path.relative_to(SRC).with_suffix("").as_posix().replace("/", ".")


CORE = [path for path in _modules(PACKAGE) if path.relative_to(PACKAGE).parts[0] not in SHELLS]
WEB = _modules(PACKAGE / "web")


def _web_part(module: str) -> str | None:
    """The app (or root module) of ``baclo.web.<part>...``, else None."""
    parts = module.split(".")
    if parts[:2] != ["baclo", "web"] or len(parts) < 3:
        return None
    return parts[2]


def test_the_core_is_found():
    names = {_name(path) for path in CORE}
    assert {"baclo.protocols.course", "baclo.pk.engine", "baclo.errors"} <= names


@pytest.mark.parametrize("path", CORE, ids=_name)
def test_the_core_imports_no_framework_and_no_shell(path):
    forbidden = [
        module
        for module in _imports(path)
        if module.split(".")[0] in FRAMEWORKS
        or module.split(".")[:2] in (["baclo", "web"], ["baclo", "cli"])
    ]
    assert forbidden == [], f"{_name(path)} imports {forbidden}"


def test_every_web_app_has_its_place_in_the_order():
    found = {path.parts[0] for path in (p.relative_to(PACKAGE / "web") for p in WEB)}
    packages = {part for part in found if (PACKAGE / "web" / part).is_dir()}
    roots = {part.removesuffix(".py") for part in found} - packages
    assert packages == set(WEB_ORDER)
    assert roots == set(WEB_BASE) | set(WEB_ROOTS)


def _rank(part: str) -> int:
    # The shared helpers sit beside accounts (``pages`` checks roles), below every other app.
    return WEB_ORDER.index(part) if part in WEB_ORDER else 0


def _upward(path: Path) -> list[str]:
    """The imports of ``path`` from a layer above its own, or from a composition root."""
    own = path.relative_to(PACKAGE / "web").parts[0].removesuffix(".py")
    if own in WEB_ROOTS:
        return []
    wrong = set()
    for module in _imports(path):
        part = _web_part(module)
        if part is None or part == own:
            continue
        if part in WEB_ROOTS or (
            (part in WEB_ORDER or part in WEB_BASE) and _rank(part) > _rank(own)
        ):
            wrong.add(module)
    return sorted(wrong)


@pytest.mark.parametrize("path", WEB, ids=_name)
def test_a_web_module_imports_only_downward(path):
    assert _upward(path) == [], f"{_name(path)} imports from above its layer"
