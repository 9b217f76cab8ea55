"""How `make test` shares the suite between two pytest-xdist workers (tests/conftest.py).

A module is one unit of work, so that its fixtures (a whole assessment, a browser, a portal) are set
up once; split over two workers, a module's assessment would run twice. The large assessments form
one lane, played by a single worker.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict

from portalqa.paths import PROJECT_ROOT

# tests/conftest.py itself, by path: `import conftest` may find another folder's conftest first.
_spec = importlib.util.spec_from_file_location("suite_conftest", PROJECT_ROOT / "tests" / "conftest.py")
conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conftest)

SMALL_MODULES = [
    "tests/test_text.py",
    "tests/scoring/test_trend.py",
    "tests/standard/test_standard_catalog.py",
]


def test_under_two_workers_each_module_runs_on_one_worker():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "tests/pytest.ini", "-p", "no:cacheprovider", "-v",
         "-n", "2", "--dist", "loadscope", *SMALL_MODULES],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    workers_of = defaultdict(set)
    for worker, module in re.findall(r"^\[(gw\d)\] .*? PASSED (\S+?)::", result.stdout, re.MULTILINE):
        workers_of[module].add(worker)
    assert set(workers_of) == set(SMALL_MODULES), result.stdout[-4000:]
    assert all(len(workers) == 1 for workers in workers_of.values()), dict(workers_of)


def test_the_lane_names_modules_that_exist_and_only_they_rank_first():
    for module in conftest.LANE_MODULES:
        assert (PROJECT_ROOT / module).is_file(), f"{module} is in the lane but does not exist"
        # Node ids are relative to tests/ (the rootdir of tests/pytest.ini) or to the project.
        assert conftest._schedule_rank(module.removeprefix("tests/") + "::test_x") == 0
        assert conftest._schedule_rank(module + "::test_x[param]") == 0
    assert conftest._schedule_rank("end_to_end/test_faults.py::test_x") == 1
    assert conftest._schedule_rank("load_testing/test_load_runs.py::test_x") == 1
    assert conftest._schedule_rank("scoring/test_trend.py::test_x") == 2
