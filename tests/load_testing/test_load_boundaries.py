"""Where Locust may be imported: only in load/ and in portalqa.load_testing.locust_hooks.

Locust never runs inside pytest or `portalqa assess` (its gevent monkey-patching breaks Selenium), so the
rest of portalqa.load_testing is plain Python; the locustfiles in load/ hold the citizens only, and
never pull in Selenium or pytest. Read from the source, so a stray import fails here, not in a run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from portalqa.paths import LOAD_DIR, PROJECT_ROOT

LOAD_TESTING = PROJECT_ROOT / "portalqa" / "load_testing"
HOOKS = LOAD_TESTING / "locust_hooks.py"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", sorted(LOAD_TESTING.glob("*.py")), ids=lambda path: path.name)
def test_only_the_hooks_module_of_load_testing_imports_locust(module):
    if module == HOOKS:
        assert "locust" in imported_roots(module)
    else:
        assert not imported_roots(module) & {"locust", "gevent", "flask"}


@pytest.mark.parametrize("locustfile", sorted(LOAD_DIR.glob("*.py")), ids=lambda path: path.name)
def test_locustfiles_hold_users_only_and_never_import_selenium_or_pytest(locustfile):
    assert not imported_roots(locustfile) & {"selenium", "pytest"}
    # Listeners (guard, objectives, ...) belong in locust_hooks: no `events` in a locustfile.
    source = locustfile.read_text(encoding="utf-8")
    assert "add_listener" not in source and "import events" not in source and ", events" not in source
