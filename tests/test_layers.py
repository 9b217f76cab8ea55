"""The layer contract (pyproject.toml [tool.importlinter], explained in docs/layout.md) holds, and bites.

`lint-imports` reads the contract from pyproject.toml and the imports from the source files, without
running them. The second half proves each kind of rule is live: a copy of the project with one forbidden
import added must break exactly the contract that forbids it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portalqa.paths import PROJECT_ROOT

# The packages the contract names (pyproject.toml: root_packages).
PACKAGES = ("portalqa", "reference_portal", "steps", "load")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path, *contracts: str) -> subprocess.CompletedProcess:
    # --no-cache: no .import_linter_cache/ left in the checkout; the graph takes a fraction of a second.
    command = [str(LINT_IMPORTS), "--no-cache", "--no-logo"]
    for contract in contracts:
        command += ["--contract", contract]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    print(result.stdout[-6000:], result.stderr[-3000:])
    return result


def test_the_project_keeps_its_layer_contract():
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The project's Python sources and its pyproject.toml, copied to a folder of their own."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", copy)
    for package in PACKAGES:
        for source in (PROJECT_ROOT / package).rglob("*.py"):
            target = copy / source.relative_to(PROJECT_ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return copy


# contract id -> (file of the copy, the forbidden import added to it, the import lint-imports must report)
FORBIDDEN = {
    "layers": (
        "portalqa/model/__init__.py",
        "from portalqa.scoring import assessment",
        "portalqa.model -> portalqa.scoring.assessment",
    ),
    "pure-judging": ("portalqa/judging/__init__.py", "import selenium", "portalqa.judging -> selenium"),
    "browser-knows-no-portal": (
        "portalqa/browser/__init__.py",
        "import portalqa.model.criteria",
        "portalqa.browser -> portalqa.model.criteria",
    ),
    "steps-use-citizen": (
        "steps/__init__.py",
        "from portalqa.profiles import profile",
        "steps -> portalqa.profiles.profile",
    ),
    "load-without-browser": ("load/bare_catalogue.py", "import pytest", "load.bare_catalogue -> pytest"),
    "reference-portal-apart": (
        "reference_portal/__init__.py",
        "import portalqa.paths",
        "reference_portal -> portalqa.paths",
    ),
}


@pytest.mark.parametrize("contract", sorted(FORBIDDEN))
def test_a_forbidden_import_breaks_its_contract(project_copy, contract):
    relative, statement, reported = FORBIDDEN[contract]
    source = project_copy / relative
    original = source.read_text(encoding="utf-8")
    # Before: the copy keeps the contract, so what breaks it below is the one added line.
    assert lint_imports(project_copy, contract).returncode == 0
    try:
        source.write_text(f"{original}\n{statement}  # forbidden\n", encoding="utf-8")
        result = lint_imports(project_copy, contract)
    finally:
        source.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert "1 broken" in result.stdout, result.stdout
    assert reported in result.stdout, result.stdout
