"""Where portalqa's own files live: the project folder and the data shipped inside the package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout portalqa runs from: features/, portals/, load/, docs/ and reports/ sit here.
PROJECT_ROOT = PACKAGE_DIR.parent
FEATURES_DIR = PROJECT_ROOT / "features"
PROFILES_DIR = PROJECT_ROOT / "portals"
REPORTS_DIR = PROJECT_ROOT / "reports"
DOCS_DIR = PROJECT_ROOT / "docs"
LOAD_DIR = PROJECT_ROOT / "load"
# npm packages pinned in package.json (axe-core, allure-commandline).
NODE_MODULES = PROJECT_ROOT / "node_modules"
STANDARD_PROCEDURES_DIR = PACKAGE_DIR / "standard" / "procedures"
