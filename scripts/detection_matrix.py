"""Run the detection self-tests and write docs/detection-matrix.md: does portalqa find what is there,
and only that?

Three kinds of rows, recorded by the self-tests through the `record_detection` fixture
(tests/conftest.py):
- fault: a fault of the network or the server; its cells must end *not assessable*;
- defect: a defect switch of the reference portal (reference_portal/defects.py); it must be found in
  exactly its criteria (expected, a comma-separated set), none missing, none more;
- clean: a defect-free portal or procedure; every criterion with a finding is a false positive.
A self-test that records rows and fails anyway (before recording, or on another assertion) adds a
failed_test row (tests/conftest.py): a miss too, so that a missing row never goes unnoticed.
Every switch of reference_portal/defects.py must have at least one row: a switch no test recorded is
a miss too. Recall is the share of switches whose every row found them.

    python scripts/detection_matrix.py [--workers N] [--out docs/detection-matrix.md] [PYTEST ARGS...]
    python scripts/detection_matrix.py --rows rows.json     # render rows already recorded, run nothing

Exit 0 when every row is as expected and every switch is covered, 1 otherwise (the matrix is written
either way, with its misses listed), 2 when the rows cannot be read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = PROJECT_ROOT / "docs" / "detection-matrix.md"
# The self-tests that record rows: whole assessments of the reference family, its defect switches,
# the fault proxy and a static site. Their own assertions run too: a failing one fails the command.
DETECTION_TESTS = [
    "tests/end_to_end/test_faults.py",
    "tests/end_to_end/test_quality_selftest.py",
    "tests/end_to_end/test_portal_family.py",
    "tests/end_to_end/test_graded_assessment.py",
    "tests/end_to_end/test_portal_pages.py",
]
NOT_ASSESSABLE = "not_assessable"
FAILED_TEST = "failed_test"


class RowsError(Exception):
    """The recorded rows cannot be read (missing, not JSON, or not rows)."""


def _criteria(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


@dataclass(frozen=True)
class Judged:
    """One recorded row and what it shows."""

    row: dict
    hit: bool  # as expected: a fault not assessable, a switch in exactly its criteria, a clean row clean
    missing: tuple[str, ...] = ()  # expected criteria the defect was not found in
    extra: tuple[str, ...] = ()  # criteria flagged beyond the expected: false positives


@dataclass
class Matrix:
    faults: list[Judged] = field(default_factory=list)
    defects: list[Judged] = field(default_factory=list)
    clean: list[Judged] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)  # switches no row was recorded for
    unknown: list[Judged] = field(default_factory=list)  # defect rows naming no known switch
    failed_tests: list[dict] = field(default_factory=list)  # self-tests that failed, one row each
    switches: list[str] = field(default_factory=list)

    @property
    def detected_switches(self) -> list[str]:
        """Switches with at least one row, each of which found every expected criterion."""
        rows: dict[str, list[Judged]] = {}
        for judged in self.defects:
            rows.setdefault(judged.row["name"], []).append(judged)
        return [s for s in self.switches if rows.get(s) and all(not j.missing for j in rows[s])]

    @property
    def false_positives(self) -> int:
        """Criteria flagged where nothing was switched on: beyond a switch's own, or on a clean row."""
        return sum(len(j.extra) for j in self.defects + self.clean)

    @property
    def misses(self) -> list[str]:
        """Every way the matrix falls short, one line each."""
        lines = [
            f"fault {_label(j)}: observed {j.row['observed'] or 'nothing'}" for j in self.faults if not j.hit
        ]
        for j in self.defects:
            if j.missing:
                lines.append(f"switch {_label(j)}: not found in {', '.join(j.missing)}")
            if j.extra:
                lines.append(f"switch {_label(j)}: also flagged {', '.join(j.extra)} (false positive)")
        lines += [
            f"clean {_label(j)}: flagged {', '.join(j.extra)} (false positive)" for j in self.clean if j.extra
        ]
        lines += [f"switch {name}: no self-test recorded a row" for name in self.uncovered]
        lines += [f"row {_label(j)}: not a switch of reference_portal/defects.py" for j in self.unknown]
        lines += [f"test {row['test']} {row['observed']}: {row['detail']}" for row in self.failed_tests]
        return lines


def _label(judged: Judged) -> str:
    detail = judged.row.get("detail")
    return f"{judged.row['name']} ({detail})" if detail else judged.row["name"]


def judge(rows: list[dict], switches: list[str]) -> Matrix:
    """Sort the rows by kind and judge each; pure, so that the rendering can be tested by hand."""
    matrix = Matrix(switches=list(switches))
    for row in rows:
        kind = row.get("kind")
        if kind == "fault":
            matrix.faults.append(
                Judged(row, hit=row.get("observed") == row.get("expected") == NOT_ASSESSABLE)
            )
        elif kind == "defect":
            expected, observed = _criteria(row.get("expected")), _criteria(row.get("observed"))
            missing, extra = tuple(sorted(expected - observed)), tuple(sorted(observed - expected))
            judged = Judged(
                row, hit=bool(expected) and not missing and not extra, missing=missing, extra=extra
            )
            (matrix.defects if row.get("name") in switches else matrix.unknown).append(judged)
        elif kind == "clean":
            extra = tuple(sorted(_criteria(row.get("observed"))))
            matrix.clean.append(Judged(row, hit=not extra, extra=extra))
        elif kind == FAILED_TEST:
            # A test's setup and teardown can both fail: one line per test is enough.
            if all(seen["test"] != row.get("test") for seen in matrix.failed_tests):
                matrix.failed_tests.append(row)
        else:
            raise RowsError(f"a row has kind {kind!r}; expected fault, defect, clean or {FAILED_TEST}")
    named = {judged.row["name"] for judged in matrix.defects}
    matrix.uncovered = [name for name in switches if name not in named]
    return matrix


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ") or "—"


def _test(row: dict) -> str:
    # Node ids are relative to tests/ (its pytest.ini): the folder every detection test is in goes.
    return _cell((row.get("test") or "").removeprefix("tests/").removeprefix("end_to_end/"))


def _mark(hit: bool) -> str:
    return "yes" if hit else "**NO**"


def render_markdown(matrix: Matrix, *, command: str, generated: str, pytest_exit: int | None) -> str:
    """docs/detection-matrix.md from a judged matrix."""
    defects_ok = len(matrix.detected_switches)
    faults_ok = sum(j.hit for j in matrix.faults)
    lines = [
        "# Detection matrix",
        "",
        "Does portalqa find what is there, and only that? Every fault of the network or the server must",
        "end *not assessable* (never the portal's defect); every defect switch of the reference portal",
        "(`reference_portal/defects.py`) must be found in exactly its criteria; a defect-free portal or",
        "procedure must have no finding. The rows are recorded by the self-tests (fixture",
        "`record_detection`, `tests/conftest.py`) before their own assertions, so a failing test is a",
        "recorded miss. Criteria are the quality criteria of a scenario (`portalqa/model/criteria.py`) or,",
        "for portal-wide checks, the criteria of the quality model (`docs/quality-model.md`). Timed",
        "criteria (speed, server response, paint) are wall-clock time on a machine that may be busy: the",
        "exact comparison leaves them out, except for the switch that slows a page on purpose (`slow_page`);",
        "a row's detail says when one was left out.",
        "",
        f"Generated {generated} by `{command}`"
        + ("" if pytest_exit is None else f" (self-tests: pytest exit {pytest_exit})")
        + ".",
        "",
        "| | |",
        "|---|---|",
        f"| recall: defect switches detected | **{defects_ok}/{len(matrix.switches)}** |",
        f"| false positives (criteria flagged with nothing switched on) | **{matrix.false_positives}** |",
        f"| faults ending not assessable | **{faults_ok}/{len(matrix.faults)}** |",
        f"| clean rows without a finding | **{sum(j.hit for j in matrix.clean)}/{len(matrix.clean)}** |",
        f"| self-tests that failed (their rows may be missing) | **{len(matrix.failed_tests)}** |",
        f"| misses | **{len(matrix.misses)}** |",
        "",
        "## Faults: expected not assessable",
        "",
        "| fault | expected | observed | reasons | as expected | test |",
        "|---|---|---|---|---|---|",
    ]
    for j in matrix.faults:
        row = j.row
        lines.append(
            f"| {_cell(row['name'])} | {_cell(row['expected'])} | {_cell(row['observed'])} | "
            f"{_cell(row.get('detail'))} | {_mark(j.hit)} | {_test(row)} |"
        )
    lines += [
        "",
        "## Defect switches: expected in exactly their criteria",
        "",
        "| switch | where | expected criteria | observed criteria | detected | exactly | test |",
        "|---|---|---|---|---|---|---|",
    ]
    for j in sorted(matrix.defects, key=lambda j: (j.row["name"], j.row.get("detail") or "")):
        row = j.row
        lines.append(
            f"| `{row['name']}` | {_cell(row.get('detail'))} | {_cell(row['expected'])} | "
            f"{_cell(row['observed'])} | {_mark(not j.missing)} | {_mark(not j.extra)} | {_test(row)} |"
        )
    for name in matrix.uncovered:
        lines.append(f"| `{name}` | — | — | — | **NO** (no row) | — | — |")
    lines += [
        "",
        "## Clean: expected no finding",
        "",
        "| portal, procedure | criteria with a finding | clean | detail | test |",
        "|---|---|---|---|---|",
    ]
    for j in matrix.clean:
        row = j.row
        lines.append(
            f"| {_cell(row['name'])} | {_cell(row['observed'])} | {_mark(j.hit)} | "
            f"{_cell(row.get('detail'))} | {_test(row)} |"
        )
    lines += ["", "## Misses", ""]
    lines += [f"- {line}" for line in matrix.misses] or ["None."]
    lines += [
        "",
        "## Regenerating",
        "",
        "`make detection-matrix` (`WORKERS=2` runs the self-tests on two pytest-xdist workers) runs the",
        "self-tests with `--detection-out` into a temporary file and rewrites this page; it exits non-zero",
        "when a row is a miss. `python scripts/detection_matrix.py --rows FILE.json` renders rows already",
        "recorded (`pytest ... --detection-out FILE.json`) without running anything.",
        "",
    ]
    return "\n".join(lines)


def read_rows(path: Path) -> list[dict]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RowsError(f"no rows file at {path}: record rows with pytest --detection-out {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise RowsError(
            f"cannot read the rows in {path} ({error}): record them again with --detection-out"
        ) from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) and "name" in row for row in rows):
        raise RowsError(f"{path} is not a list of detection rows: record them again with --detection-out")
    return rows


def known_switches() -> list[str]:
    sys.path.insert(0, str(PROJECT_ROOT))
    from reference_portal.defects import DEFECTS

    return list(DEFECTS)


def run_self_tests(rows_file: Path, workers: int, pytest_args: list[str]) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        "tests/pytest.ini",
        "-q",
        "--detection-out",
        str(rows_file),
    ]
    if workers > 1:
        # One module per worker at a time: a module's fixture is its whole assessment, run once.
        command += ["-p", "xdist", "-n", str(workers), "--dist", "loadfile"]
    # Options pass through (-k, -x ...); the detection tests are run unless test paths are given.
    command += pytest_args
    if not any(arg.startswith("tests/") for arg in pytest_args):
        command += DETECTION_TESTS
    print("running:", " ".join(command[1:]), flush=True)
    return subprocess.run(command, cwd=PROJECT_ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown page to write")
    parser.add_argument("--rows", type=Path, help="render these recorded rows instead of running the tests")
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist workers for the self-tests")
    argv = sys.argv[1:] if argv is None else argv
    args, pytest_args = parser.parse_known_args(argv)
    command = " ".join(["python scripts/detection_matrix.py", *argv])
    pytest_exit = None
    with tempfile.TemporaryDirectory(prefix="portalqa-detection-") as tmp:
        rows_file = args.rows or Path(tmp) / "rows.json"
        if args.rows is None:
            pytest_exit = run_self_tests(rows_file, args.workers, pytest_args)
        try:
            matrix = judge(read_rows(rows_file), known_switches())
        except RowsError as error:
            print(f"detection matrix: {error}", file=sys.stderr)
            return 2
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = render_markdown(matrix, command=command, generated=generated, pytest_exit=pytest_exit)
    partial = args.out.with_name(args.out.name + ".tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(args.out)  # a reader never sees half a page
    except OSError as error:
        print(
            f"detection matrix: cannot write {args.out} ({error.strerror}): pass --out FILE.md",
            file=sys.stderr,
        )
        return 2
    print(
        f"{args.out}: {len(matrix.detected_switches)}/{len(matrix.switches)} switches detected, "
        f"{matrix.false_positives} false positives, "
        f"{sum(j.hit for j in matrix.faults)}/{len(matrix.faults)} faults not assessable"
    )
    for line in matrix.misses:
        print("  miss:", line)
    return 1 if matrix.misses or pytest_exit else 0


if __name__ == "__main__":
    sys.exit(main())
