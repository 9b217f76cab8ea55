"""Shared helpers for portalqa's own tests (tests/ mirrors portalqa's packages; see docs/layout.md).

pytest puts tests/ on sys.path because of this file, so the helper modules beside it import by name:
- `assessment_runs`: `run_assessment` (`python -m portalqa assess` in its own process),
  `read_assessment` (the assessment.json it wrote) and `write_variant_profile` (the reference profile
  under another id, with defects switched on, another address or another load section);
- `result_files`: synthetic raw Allure results for the scorer's and the reports' tests.
The project folder is `portalqa.paths.PROJECT_ROOT`, as in portalqa itself.

It also provides the `record_detection` fixture, the rows of docs/detection-matrix.md (see
scripts/detection_matrix.py).
"""

import fcntl
import json
import os
from pathlib import Path

import pytest

DETECTION_OUT_ENV = "PORTALQA_DETECTION_OUT"
DETECTION_KINDS = ("fault", "defect", "clean")
# Written by the hook below, never by a test: a test that records rows failed (perhaps before
# recording anything), so the matrix lists it as a miss instead of silently lacking its row.
FAILED_TEST = "failed_test"

# The rows recorded by this process (one per xdist worker), written at session end.
_detection_rows: list[dict] = []


def pytest_addoption(parser):
    parser.addoption(
        "--detection-out",
        default=None,
        metavar="FILE.json",
        help=f"write the detection-matrix rows to this JSON file (or set {DETECTION_OUT_ENV})",
    )


def _detection_out(config) -> Path | None:
    value = config.getoption("--detection-out") or os.environ.get(DETECTION_OUT_ENV)
    return Path(value) if value else None


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    # The controller (or the only process) starts the file afresh: workers only ever add to it,
    # so rows from an earlier session never mix with this one's.
    out = _detection_out(session.config)
    if out is not None and not _is_xdist_worker(session.config):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("[]\n", encoding="utf-8")


def pytest_sessionfinish(session):
    out = _detection_out(session.config)
    if out is None or not _detection_rows:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    # Several xdist workers finish at about the same time: read-extend-write under an exclusive lock
    # on a side file, so no worker's rows overwrite another's.
    with open(out.with_name(out.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            rows = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
        except ValueError:
            rows = []
        rows.extend(_detection_rows)
        partial = out.with_name(out.name + f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        partial.replace(out)
    _detection_rows.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and "record_detection" in getattr(item, "fixturenames", ()):
        error = call.excinfo.exconly().strip().splitlines()[0][:300] if call.excinfo else report.outcome
        _detection_rows.append(
            {
                "kind": FAILED_TEST,
                "name": item.nodeid,
                "expected": "passed",
                "observed": f"failed in {report.when}",
                "criterion": None,
                "detail": error,
                "test": item.nodeid,
            }
        )


@pytest.fixture
def record_detection(request):
    """Record one row of the detection matrix (docs/detection-matrix.md).

    Call `record_detection(kind, name, expected, observed, criterion=None, detail="")`:
    - kind "fault": a fault of the network or the server (`name` e.g. "connection reset after a
      click"); `expected` is "not_assessable", `observed` the status the cell got;
    - kind "defect": a defect switch of the reference portal (`name` = the switch in
      reference_portal/defects.py); `expected` is the criterion it must be found in, `observed` the
      criteria it was found in (a comma-separated string, "" when none);
    - kind "clean": a clean portal (or an accepted dialect); `expected` is "" (no finding),
      `observed` the criteria with findings ("" when none: any finding is a false positive).
    `criterion` names the criterion the row concerns when it is not `expected` (a clean row's
    criterion, a fault's cell); `detail` is free text shown in the matrix.

    Call it with the observed value BEFORE the test's own assertion, so a failing row is still
    recorded; a test that fails anyway (before recording, or on another assertion) adds a
    `failed_test` row, a miss in the matrix. The fixture asserts nothing: it only records. Rows are
    written at session end only when `--detection-out FILE.json` or PORTALQA_DETECTION_OUT=FILE.json
    is set (merged under a lock, so xdist workers share one file); otherwise recording costs nothing.
    """

    def record(
        kind: str,
        name: str,
        expected: str,
        observed: str,
        criterion: str | None = None,
        detail: str = "",
    ) -> None:
        if kind not in DETECTION_KINDS:
            raise ValueError(f"record_detection: kind {kind!r} is not one of {DETECTION_KINDS}")
        _detection_rows.append(
            {
                "kind": kind,
                "name": name,
                "expected": expected,
                "observed": observed,
                "criterion": criterion,
                "detail": detail,
                "test": request.node.nodeid,
            }
        )

    return record


# `make test` runs on two pytest-xdist workers (`--dist loadscope`), each module one unit of work (its
# fixtures, an assessment, a browser, a portal, are set up once). The three largest assessments start
# two browsers each and keep both cores busy: two of them at once starve a 2-core machine. So they
# form one lane that a single worker plays from start to end, collected first, while the other worker
# takes the remaining modules one by one, the smaller assessment runs first, then the light modules;
# whichever worker is free takes the next. The lane is drawn by a scheduler of our own rather than
# by `xdist_group` marks: pytest-xdist 3.8 renames the items of a group through an attribute pytest 9
# no longer reads, so under pytest 9 `--dist loadgroup` groups nothing.
ASSESSMENT_LANE = "large_assessments"
# (tests/end_to_end/test_end_to_end.py is `timed`: it runs alone, after the two workers.)
LANE_MODULES = tuple(
    f"tests/end_to_end/{name}.py"
    for name in ("test_quality_selftest", "test_portal_family", "test_graded_assessment")
)
ASSESSMENT_MODULES = (
    "tests/end_to_end/",
    "tests/load_testing/test_load_runs.py",
    "tests/test_temp_folders.py",
    "tests/test_bad_input.py",
)


def _module(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return module if module.startswith("tests/") else f"tests/{module}"


def _schedule_rank(nodeid: str) -> int:
    """0: the lane of large assessments; 1: the other modules that run assessments; 2: the rest."""
    module = _module(nodeid)
    return 0 if module in LANE_MODULES else 1 if module.startswith(ASSESSMENT_MODULES) else 2


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class AssessmentLaneScheduling(LoadScopeScheduling):
        """--dist loadscope (a module per unit of work) with the large assessments as one unit."""

        def _split_scope(self, nodeid: str) -> str:
            return ASSESSMENT_LANE if _schedule_rank(nodeid) == 0 else _module(nodeid)

    return AssessmentLaneScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    # In an xdist worker: the order of collection is the order in which units are handed out.
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: _schedule_rank(item.nodeid))
