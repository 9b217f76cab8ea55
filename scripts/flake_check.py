"""Run portalqa's own test suite N times and report every test that failed in any run.

A test that fails once in ten runs is a flake to fix, not a pass: each run writes a JUnit XML file,
every failing or erroring test id is collected from it, and a table shows which runs each failed in.

    python scripts/flake_check.py --runs 10                      # the default suite (make test's)
    python scripts/flake_check.py --runs 3 tests/scoring -k trend   # a selection, passed to pytest

Writes into --out (reports/flakes): run-<i>.xml and run-<i>.log per run, summary.json (the runs,
their durations and counts, the failures per test id) and summary.md (the same as tables).
Exit 0 when every run passed, 1 when a test failed or a run produced no JUnit file, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = PROJECT_ROOT / "reports" / "flakes"
DEFAULT_SELECTION = ["tests"]
# A run that ends without JUnit results (pytest crashed, was killed, or could not collect) is still
# a failing run: it is counted under this id, with pytest's exit code.
NO_RESULTS = "<no JUnit results>"


class JUnitError(Exception):
    """The JUnit file is missing or is not JUnit XML."""


@dataclass
class RunResult:
    run: int
    exit_code: int
    duration_s: float
    tests: int = 0
    passed: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # assertion failures
    errors: list[str] = field(default_factory=list)  # errors in setup, teardown or collection
    durations_s: dict[str, float] = field(default_factory=dict)  # of the failing tests

    @property
    def failing(self) -> list[str]:
        return sorted({*self.failed, *self.errors})


def case_id(case: ET.Element) -> str:
    """`classname::name` as pytest writes them (classname: the module's dotted path, then the class)."""
    classname, name = case.get("classname") or "", case.get("name") or ""
    return f"{classname}::{name}" if classname else name


def parse_junit(path: Path, run: int = 1, exit_code: int = 0, duration_s: float = 0.0) -> RunResult:
    """The outcome of every test case in one JUnit XML file."""
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise JUnitError(f"no JUnit file at {path}") from None
    except ET.ParseError as error:
        raise JUnitError(f"{path} is not XML ({error})") from None
    if root.tag not in ("testsuites", "testsuite"):
        raise JUnitError(f"{path} is not JUnit XML (its root is <{root.tag}>)")
    result = RunResult(run=run, exit_code=exit_code, duration_s=duration_s)
    for case in root.iter("testcase"):
        result.tests += 1
        outcome = {child.tag for child in case}
        identifier = case_id(case)
        if "error" in outcome:
            result.errors.append(identifier)
        elif "failure" in outcome:
            result.failed.append(identifier)
        elif "skipped" in outcome:
            result.skipped += 1
            continue
        else:
            result.passed += 1
            continue
        result.durations_s[identifier] = float(case.get("time") or 0.0)
    return result


def failures_per_test(runs: list[RunResult]) -> dict[str, list[int]]:
    """Test id -> the runs it failed or errored in, the most often failing first."""
    found: dict[str, list[int]] = {}
    for run in runs:
        for identifier in run.failing:
            found.setdefault(identifier, []).append(run.run)
    return dict(sorted(found.items(), key=lambda item: (-len(item[1]), item[0])))


def summary_markdown(runs: list[RunResult], command: str) -> str:
    """The runs and the failures per test id as Markdown tables (what is printed and saved)."""
    lines = [
        f"`{command}`, {len(runs)} runs",
        "",
        "| run | exit | duration | tests | passed | skipped | failed | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.run} | {run.exit_code} | {_duration(run.duration_s)} | {run.tests} | {run.passed} "
            f"| {run.skipped} | {len(run.failed)} | {len(run.errors)} |"
        )
    failures = failures_per_test(runs)
    lines += ["", f"Tests failing in at least one run: {len(failures)}", ""]
    if failures:
        lines += ["| test | failed in runs | times |", "|---|---|---|"]
        lines += [
            f"| `{name}` | {', '.join(map(str, ids))} | {len(ids)}/{len(runs)} |"
            for name, ids in failures.items()
        ]
    return "\n".join(lines) + "\n"


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def run_once(index: int, out: Path, pytest_args: list[str]) -> RunResult:
    junit, log = out / f"run-{index}.xml", out / f"run-{index}.log"
    junit.unlink(missing_ok=True)  # a stale file must never stand for this run
    # No cache: a run must not change what the next one selects or the order it runs in.
    command = [sys.executable, "-m", "pytest", "-c", "tests/pytest.ini", "-p", "no:cacheprovider", "-q"]
    command += [f"--junitxml={junit}", *pytest_args]
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as output:
        exit_code = subprocess.run(
            command, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT
        ).returncode
    duration = time.monotonic() - started
    try:
        return parse_junit(junit, index, exit_code, duration)
    except JUnitError:
        return RunResult(run=index, exit_code=exit_code, duration_s=duration, errors=[NO_RESULTS])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--runs", "-N", type=int, default=10, help="how many times to run the suite")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for the JUnit files and summary"
    )
    args, pytest_args = parser.parse_known_args(argv)
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: run the suite at least once (--runs 1)")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file: pass a folder")
    if not any(
        not arg.startswith("-") and (PROJECT_ROOT / arg.split("::")[0]).exists() for arg in pytest_args
    ):
        pytest_args = [*pytest_args, *DEFAULT_SELECTION]
    args.out.mkdir(parents=True, exist_ok=True)
    command = " ".join(["pytest -c tests/pytest.ini", *pytest_args])
    runs = []
    for index in range(1, args.runs + 1):
        run = run_once(index, args.out, pytest_args)
        runs.append(run)
        failing = f", failing: {', '.join(run.failing)}" if run.failing else ""
        print(
            f"run {index}/{args.runs}: exit {run.exit_code}, {run.passed} passed, {len(run.failed)} failed, "
            f"{len(run.errors)} errors, {_duration(run.duration_s)}{failing}",
            flush=True,
        )
    text = summary_markdown(runs, command)
    summary = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "runs": [asdict(run) for run in runs],
        "failures": failures_per_test(runs),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    print()
    print(text, end="")
    print(f"\nsummary: {args.out / 'summary.md'}, {args.out / 'summary.json'}")
    return 1 if any(run.failing for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
