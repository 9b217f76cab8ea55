"""Run portalqa's own test suite N times and report every test that failed in any run.

A test that fails once in ten runs is a flake to fix, not a pass: each run writes JUnit XML,
every failing or erroring test id is collected from it, and a table shows which runs each failed in.

    python scripts/flake_check.py --runs 10 --part "-n 2 -m 'not timed' tests" --part "-m timed tests"
    python scripts/flake_check.py --runs 3 tests/scoring -k trend   # a selection, passed to pytest
    python scripts/flake_check.py --runs 10 --resume ...            # go on after an interruption

A run is one or more parts, each a pytest process with its own arguments (`make flake` passes the
two parts of `make test`); without --part, the arguments after the script's options are one part.
Writes into --out (reports/flakes): run-<i>-<part>.xml and run-<i>.log per run, summary.json (the
commit, the runs, their durations and counts, the failures per test id) and summary.md (the same as
tables). Both are rewritten after every run, so an interrupted series keeps the runs it finished and
--resume continues it, on the same commit and command only.
Exit 0 when every run passed, 1 when a test failed or a run produced no JUnit file, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
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


class ResumeError(Exception):
    """--resume cannot go on from what --out holds."""


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


def summary_markdown(runs: list[RunResult], command: str, commit: str = "") -> str:
    """The runs and the failures per test id as Markdown tables (what is printed and saved)."""
    lines = [
        f"`{command}`, {len(runs)} runs" + (f", commit `{commit}`" if commit else ""),
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


def merge_parts(index: int, parts: list[RunResult]) -> RunResult:
    """One run from its parts: counts and ids added up, the first non-zero exit code kept."""
    run = RunResult(run=index, exit_code=next((p.exit_code for p in parts if p.exit_code), 0), duration_s=0)
    for part in parts:
        run.duration_s += part.duration_s
        run.tests, run.passed, run.skipped = (
            run.tests + part.tests,
            run.passed + part.passed,
            run.skipped + part.skipped,
        )
        run.failed += part.failed
        run.errors += part.errors
        run.durations_s.update(part.durations_s)
    return run


def run_once(index: int, out: Path, parts: list[list[str]]) -> RunResult:
    log = out / f"run-{index}.log"
    results = []
    with log.open("w", encoding="utf-8") as output:
        for number, pytest_args in enumerate(parts, start=1):
            junit = out / f"run-{index}-{number}.xml"
            junit.unlink(missing_ok=True)  # a stale file must never stand for this run
            # No cache: a run must not change what the next one selects or the order it runs in.
            command = [
                sys.executable,
                "-m",
                "pytest",
                "-c",
                "tests/pytest.ini",
                "-p",
                "no:cacheprovider",
                "-q",
            ]
            command += [f"--junitxml={junit}", *pytest_args]
            output.write(f"$ pytest {shlex.join(pytest_args)}\n")
            output.flush()
            started = time.monotonic()
            exit_code = subprocess.run(
                command, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT
            ).returncode
            duration = time.monotonic() - started
            try:
                results.append(parse_junit(junit, index, exit_code, duration))
            except JUnitError:
                results.append(
                    RunResult(run=index, exit_code=exit_code, duration_s=duration, errors=[NO_RESULTS])
                )
    return merge_parts(index, results)


def current_commit() -> str:
    """The checked-out commit; `+changes-<hash>` when tracked files differ from it (the hash of the diff,
    so a series resumes only on the very same changes)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        ).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    diff = git("diff", "HEAD")
    return f"{commit}+changes-{hashlib.sha256(diff.encode()).hexdigest()[:8]}" if diff else commit


def write_summary(out: Path, runs: list[RunResult], command: str, commit: str) -> str:
    text = summary_markdown(runs, command, commit)
    summary = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "command": command,
        "runs": [asdict(run) for run in runs],
        "failures": failures_per_test(runs),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    (out / "summary.md").write_text(text, encoding="utf-8")
    return text


def earlier_runs(out: Path, command: str, commit: str) -> list[RunResult]:
    """The finished runs of an interrupted series in `out`, if it is the same command on the same commit."""
    path = out / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        runs = [RunResult(**run) for run in summary["runs"]]
    except FileNotFoundError:
        raise ResumeError(f"--resume: no {path} to go on from; run without --resume") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ResumeError(f"--resume: {path} is not a flake summary ({error}); pass another --out") from None
    if summary.get("command") != command:
        raise ResumeError(
            f"--resume: {path} is of another command ({summary.get('command')!r}); "
            "pass the same parts, or another --out"
        )
    if summary.get("commit") != commit:
        raise ResumeError(
            f"--resume: {path} was run on {summary.get('commit')}, this is {commit}; "
            "runs of different code are not one series"
        )
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--runs", "-N", type=int, default=10, help="how many times to run the suite")
    parser.add_argument(
        "--part",
        action="append",
        default=[],
        metavar="PYTEST_ARGS",
        help="one pytest process of a run, its arguments in one string (repeat for several parts)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for the JUnit files and summary"
    )
    parser.add_argument(
        "--resume", action="store_true", help="go on with the runs already in --out (same commit and command)"
    )
    args, pytest_args = parser.parse_known_args(argv)
    if args.runs < 1:
        parser.error(f"--runs {args.runs}: run the suite at least once (--runs 1)")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file: pass a folder")
    if args.part and pytest_args:
        parser.error(f"{shlex.join(pytest_args)}: with --part, put every pytest argument in a part")
    try:
        parts = [shlex.split(part) for part in args.part] or [pytest_args]
    except ValueError as error:
        parser.error(f"--part: {error} (quote each part as one string)")
    parts = [part if _names_a_path(part) else [*part, *DEFAULT_SELECTION] for part in parts]
    command = " && ".join(shlex.join(["pytest", "-c", "tests/pytest.ini", *part]) for part in parts)
    commit = current_commit()
    try:
        runs = earlier_runs(args.out, command, commit) if args.resume else []
    except ResumeError as error:
        parser.error(str(error))
    if len(runs) >= args.runs:
        print(f"--resume: {len(runs)} runs already in {args.out}, nothing to do (raise --runs for more)")
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(len(runs) + 1, args.runs + 1):
        run = run_once(index, args.out, parts)
        runs.append(run)
        write_summary(args.out, runs, command, commit)  # after each run: an interruption keeps it
        failing = f", failing: {', '.join(run.failing)}" if run.failing else ""
        print(
            f"run {index}/{args.runs}: exit {run.exit_code}, {run.passed} passed, {len(run.failed)} failed, "
            f"{len(run.errors)} errors, {_duration(run.duration_s)}{failing}",
            flush=True,
        )
    text = write_summary(args.out, runs, command, commit)
    print()
    print(text, end="")
    print(f"\nsummary: {args.out / 'summary.md'}, {args.out / 'summary.json'}")
    return 1 if any(run.failing for run in runs) else 0


def _names_a_path(pytest_args: list[str]) -> bool:
    return any(
        not arg.startswith("-") and (PROJECT_ROOT / arg.split("::")[0]).exists() for arg in pytest_args
    )


if __name__ == "__main__":
    sys.exit(main())
