"""A run scaled out: browsers on a real Selenium Grid 4, and a run split into shards then merged.

One assessment of two reference portals runs unsharded with every browser on a Grid started from the
npm-served server jar (on this machine's Java, driving the Debian Chromium); the same selection runs
again as shards 1/2 and 2/2 on this machine's Chromium (two pytest-xdist workers each), merged by
`portalqa score SHARD...`. The merged assessment must say what the unsharded one says, cell for
cell: that proves the merge, and the Grid browsers (phone emulation, performance log, DevTools, host
rules) measuring what local ones do.
Speed is wall-clock time on a busy machine, so it is left out of the comparison (timed_criteria).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from assessment_runs import read_assessment, run_assessment, user_environment
from timed_criteria import TIMED

from portalqa.browser.grid_server import GridServer
from portalqa.paths import PROJECT_ROOT
from portalqa.targets.embedded import free_loopback_port

pytestmark = pytest.mark.browser

PORTALS = ("reference", "reference-province")
SELECTION = (*(arg for p in PORTALS for arg in ("--portal", p)), "-m", "birth_registration", "--no-load")


@pytest.fixture(scope="module")
def grid():
    with GridServer(free_loopback_port()) as server:
        yield server


@pytest.fixture(scope="module")
def on_grid(tmp_path_factory, grid) -> tuple[dict, str]:
    reports = tmp_path_factory.mktemp("on-grid")
    result = run_assessment(reports, *SELECTION, "--grid", grid.url, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_assessment(reports), grid.log_tail(200_000)


@pytest.fixture(scope="module")
def shard_runs(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for shard in ("1/2", "2/2"):
        reports = tmp_path_factory.mktemp(f"shard-{shard[0]}")
        result = run_assessment(reports, *SELECTION, "--shard", shard, "--workers", "2", timeout=900)
        assert result.returncode == 0, result.stderr[-3000:]
        folders[shard] = reports
    return folders


def score(reports: Path, *shards: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "portalqa", "score", "--reports", str(reports), "--no-scorecard-check",
               *map(str, shards)]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env=user_environment(), timeout=300)  # fmt: skip
    print(result.stdout[-4000:], result.stderr[-3000:])
    return result


@pytest.fixture(scope="module")
def merged(tmp_path_factory, shard_runs) -> Path:
    reports = tmp_path_factory.mktemp("merged")
    result = score(reports, *shard_runs.values())
    assert result.returncode == 0, result.stderr[-3000:]
    return reports


CELL_KINDS = ("procedures", "other_viewports", "site_scenarios", "assistant_scenarios")
# The model's group of criteria measured in wall-clock time (server response, LCP, under load).
TIMED_GROUP = "performance"


def verdicts(assessment: dict) -> dict:
    """What the assessment says of each cell and criterion, speed aside: (portal, kind, id, viewport)
    -> status, outcome and each criterion's verdict; and per portal, each criterion's status and
    points earned."""
    said = {}
    for portal in assessment["portals"]:
        for kind in CELL_KINDS:
            for cell in portal.get(kind) or []:
                criteria = cell.get("quality_criteria") or {}
                said[(portal["id"], kind, cell["id"], cell["viewport"])] = (
                    cell["status"],
                    cell.get("verdict") or cell.get("outcome"),
                    sorted(set(cell.get("criteria_not_met") or ()) - {TIMED}),
                    sorted((name, judged["verdict"]) for name, judged in criteria.items() if name != TIMED),
                )
        for group in portal["groups"]:
            for criterion in group["criteria"] if group["id"] != TIMED_GROUP else ():
                said[(portal["id"], "criterion", criterion["id"])] = (
                    criterion["status"],
                    criterion["earned"],
                )
    return said


def timed_points(assessment: dict) -> dict:
    return {portal["id"]: [(c["id"], c["earned"]) for g in portal["groups"] if g["id"] == TIMED_GROUP
                           for c in g["criteria"]] for portal in assessment["portals"]}  # fmt: skip


def test_the_browsers_ran_on_the_grid(on_grid):
    _, grid_log = on_grid
    # One browser per viewport (desktop and phone), each a session the Grid created and stopped.
    assert grid_log.count("Session created by the Node") >= 2, grid_log[-3000:]
    assert "QUIT_COMMAND" in grid_log


def test_each_shard_assesses_whole_portals_and_together_all(shard_runs):
    portals = [{p["id"] for p in read_assessment(folder)["portals"]} for folder in shard_runs.values()]
    assert all(len(shard) == 1 for shard in portals), portals
    assert set.union(*portals) == set(PORTALS)


def test_each_portal_and_viewport_is_played_by_one_worker(shard_runs):
    workers_of: dict[tuple[str, str], set[str]] = {}
    for folder in shard_runs.values():
        for path in (folder / "allure-results").glob("*-result.json"):
            labels = {}
            for label in json.loads(path.read_text(encoding="utf-8"))["labels"]:
                labels.setdefault(label["name"], label["value"])
            if "portal" in labels:
                scope = (labels["portal"], labels.get("viewport", "desktop"))
                workers_of.setdefault(scope, set()).add(labels["thread"])  # <pid>-MainThread
    assert {scope[1] for scope in workers_of} == {"desktop", "phone"}
    assert all(len(workers) == 1 for workers in workers_of.values()), workers_of


def test_the_merged_shards_say_what_the_unsharded_grid_run_says(merged, on_grid):
    unsharded, _ = on_grid
    merged_assessment = read_assessment(merged)
    expected, observed = verdicts(unsharded), verdicts(merged_assessment)
    assert observed == expected
    # Both viewports were played through the Grid, and measured: no criterion the local browsers
    # could assess is left unassessed on the Grid.
    assert {key[3] for key in expected if key[1] == "procedures" or key[1] == "other_viewports"} == {
        "desktop",
        "phone",
    }
    if timed_points(unsharded) == timed_points(merged_assessment):
        # Speed judged alike in both runs: the scores and the ranking must then be equal too.
        assert merged_assessment["ranking"] == unsharded["ranking"]
    assert len(expected) > 2 * 20  # both portals' cells and criteria: the comparison is not empty


def test_the_merge_keeps_every_result_file_and_the_load_phase_absent(merged, shard_runs):
    copied = {path.name for path in (merged / "allure-results").iterdir() if path.is_file()}
    for folder in shard_runs.values():
        own = {p.name for p in (folder / "allure-results").iterdir() if p.name.endswith("-result.json")}
        assert own <= copied
    assert not (merged / "load").exists()  # --no-load in every shard


def test_a_shard_given_twice_is_refused_and_the_merged_run_is_untouched(merged, shard_runs):
    before = (merged / "assessment" / "assessment.json").read_bytes()
    first = next(iter(shard_runs.values()))
    result = score(merged, first, first)
    assert result.returncode == 2
    assert "is in two shards" in result.stderr
    assert (merged / "assessment" / "assessment.json").read_bytes() == before
    assert json.loads(before)["portals"]
