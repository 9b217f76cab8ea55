"""Progress lines: the counting (reporting.progress), and the plugin printing them in a real pytest run
on a small synthetic test folder, in one process and under pytest-xdist."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from portalqa.reporting.progress import Progress, portal_of_node_id

PORTALS = ["reference", "reference-ministry", "reference-province", "reference-province-alt"]


@pytest.mark.parametrize(
    ("node_id", "portal"),
    [
        ("features/test_procedures.py::test_birth[desktop-reference]", "reference"),
        ("features/test_procedures.py::test_birth[phone-reference-ministry]", "reference-ministry"),
        ("features/test_procedures.py::test_birth[desktop-reference-province-alt]", "reference-province-alt"),
        (
            "features/test_quality.py::test_assistant[reference-province-birth_registration]",
            "reference-province",
        ),
        ("features/test_custom_procedures.py::test_custom[desktop-reference-dog_licence]", "reference"),
        ("features/test_procedures.py::test_birth[desktop-unknown]", None),
        ("features/test_procedures.py::test_birth", None),
    ],
)
def test_the_portal_of_a_test_id_is_the_longest_that_fits(node_id, portal):
    assert portal_of_node_id(node_id, PORTALS) == portal


def test_lines_count_in_all_and_per_portal_and_keep_to_the_rate():
    now = [0.0]
    progress = Progress(["alpha", "beta"], min_interval_s=2.0, clock=lambda: now[0])
    progress.collected({"a1": "alpha", "a2": "alpha", "b1": "beta", "b2": "beta", "x": None})

    assert progress.finished("a1") == "portalqa: [1/5] alpha 1/2 · beta 0/2"
    now[0] = 1.0
    assert progress.finished("b1") is None  # within 2 s of the last line
    assert progress.finished("b1") is None  # counted once, however often reported
    now[0] = 2.5
    assert progress.finished("x") == "portalqa: [3/5] alpha 1/2 · beta 1/2"
    assert progress.finished("a2") is None
    assert progress.finished("b2") == "portalqa: [5/5] alpha 2/2 · beta 2/2"  # the last one, always


def test_collection_is_taken_once_and_from_ids_under_xdist():
    progress = Progress(["reference", "reference-ministry"], min_interval_s=0)
    ids = ["t.py::a[reference]", "t.py::a[reference-ministry]", "t.py::b[phone-reference-ministry]"]
    progress.collected_ids(ids)
    progress.collected_ids(ids[:1])  # the second worker's collection changes nothing
    assert progress.total == 3
    assert progress.finished(ids[2]) == "portalqa: [1/3] reference 0/1 · reference-ministry 1/2"


SYNTHETIC_CONFTEST = '''
import pytest


@pytest.fixture
def portal(request):
    """Stands in for the plugin's fixture: the portal's id, no portal started."""
    return request.param
'''

SYNTHETIC_TESTS = """
import time


def test_information_page(portal):
    time.sleep(0.05)


def test_journey(portal, viewport):
    time.sleep(0.05)
"""


@pytest.fixture
def synthetic_suite(tmp_path):
    """Six scenarios: two portals x (one test, one test in two viewports); the plugin parametrizes."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(SYNTHETIC_CONFTEST, encoding="utf-8")
    (tmp_path / "test_synthetic.py").write_text(textwrap.dedent(SYNTHETIC_TESTS), encoding="utf-8")
    return tmp_path


def _run(folder, *options: str) -> subprocess.CompletedProcess:
    plugins = [
        "-p",
        "portalqa.pytest_plugin",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:allure_pytest",
        "-p",
        "no:locust",
    ]
    portals = ["--portal=reference", "--portal=reference-ministry"]
    command = [sys.executable, "-m", "pytest", *plugins, *portals, *options, str(folder)]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    print(done.stdout[-4000:], done.stderr[-4000:])
    assert done.returncode == 0
    return done


def _progress_lines(output: str) -> list[str]:
    return re.findall(r"^portalqa: \[.*$", output, re.M)


FINAL = "portalqa: [6/6] reference 3/3 · reference-ministry 3/3"


@pytest.mark.parametrize("workers", [None, "2"], ids=["one-process", "xdist"])
def test_a_run_prints_a_line_per_finished_scenario(synthetic_suite, workers):
    xdist = ["-n", workers] if workers else ["-p", "no:xdist"]
    done = _run(synthetic_suite, "--portalqa-progress", "--portalqa-progress-every=0", *xdist)

    lines = _progress_lines(done.stdout)
    assert [int(re.search(r"\[(\d+)/6\]", line).group(1)) for line in lines] == [1, 2, 3, 4, 5, 6]
    assert lines[-1] == FINAL
    for line in lines:
        counts = re.findall(r"(reference(?:-ministry)?) (\d)/3", line)
        assert [portal for portal, _ in counts] == ["reference", "reference-ministry"]
        assert sum(int(n) for _, n in counts) == int(re.search(r"\[(\d+)/", line).group(1))


def test_the_default_rate_still_ends_with_the_last_line(synthetic_suite):
    lines = _progress_lines(_run(synthetic_suite, "--portalqa-progress", "-n", "2").stdout)
    assert 1 <= len(lines) < 6  # six scenarios in well under 2 s: the first line and the last
    assert lines[-1] == FINAL


def test_no_lines_unless_asked(synthetic_suite):
    assert _progress_lines(_run(synthetic_suite).stdout) == []


def test_the_run_writes_its_environment_for_the_allure_report(synthetic_suite):
    results = synthetic_suite / "allure-results"
    _run(synthetic_suite, f"--alluredir={results}", "-n", "2", "--viewport=desktop")
    properties = (results / "environment.properties").read_text(encoding="utf-8")
    assert "Portals=reference, reference-ministry\n" in properties
    assert "Portal\\ reference-ministry=" in properties
    assert "Viewports=desktop\n" in properties
    assert "Workers=2\n" in properties
    assert re.search(r"^Python=\d+\.\d+", properties, re.M)
