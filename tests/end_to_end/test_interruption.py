"""A signal stops the whole run, and what finished is still scored and marked interrupted.

`portalqa assess` is started as a user starts it; the signal goes to its PID alone (as `kill` or a CI
runner's timeout sends it), not to a terminal's process group. Every process of the run (pytest,
chromedriver, Chromium, the embedded reference portal) carries a variable unique to the test in its
environment, so what is left afterwards is found in /proc, whoever its parent became.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from portalqa.paths import PROJECT_ROOT

pytestmark = pytest.mark.browser

# Several journeys, so that a signal after the first one finished still finds the run busy.
SELECTION = "birth_registration or death_registration or marriage_registration or exam_registration"
# For a signal in a later phase, the quickest scenario phase: the portal's public pages, once.
SITE_ONLY = ("-m", "portal_pages")
MARK = "PORTALQA_TEST_RUN_MARK"


def processes_marked(mark: str) -> list[str]:
    """Command lines of live processes whose environment carries MARK=mark (this process excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            if f"{MARK}={mark}".encode() not in environ.split(b"\0"):
                continue
            status = (entry / "status").read_text()
            if "\nState:\tZ" in status:
                continue  # a zombie holds no resources; its parent reaps it
            found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


class Run:
    """`portalqa assess` in its own process, its output read line by line as it comes."""

    def __init__(self, reports: Path, mark: str, selection: tuple[str, str] = ("-k", SELECTION), load=False):
        command = [
            sys.executable, "-m", "portalqa", "assess", "--portal", "reference", "--reports", str(reports),
            "--viewport", "desktop", "--no-axe", "--no-scorecard-check", *selection,
            *([] if load else ["--no-load"]),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=os.environ | {MARK: mark},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.stdout), daemon=True),
            threading.Thread(target=self._read, args=(self.process.stderr, self.stderr), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line)

    def wait_for_output(self, text: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.stdout):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        output = "".join(self.stdout)[-4000:] + "".join(self.stderr)
        raise AssertionError(f"{text!r} never appeared:\n{output}")

    def wait(self, timeout: float = 120) -> int:
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=10)
        print("".join(self.stdout)[-4000:], "".join(self.stderr)[-4000:])
        return code


def previous_run(reports: Path) -> dict[str, bytes]:
    """A finished earlier run's reports, so that a test sees what the interrupted run did with them."""
    for part in ("allure-results", "allure-report", "assessment"):
        (reports / part).mkdir(parents=True)
        (reports / part / "from-the-previous-run.txt").write_text("previous", encoding="utf-8")
    return {
        str(path.relative_to(reports)): path.read_bytes() for path in reports.rglob("*") if path.is_file()
    }


def presented(reports: Path) -> dict[str, bytes]:
    return {str(path.relative_to(reports)): path.read_bytes() for path in reports.rglob("*")
            if path.is_file() and not path.relative_to(reports).parts[0].startswith(".run-")}  # fmt: skip


def assert_replaced_by_the_interrupted_run(reports: Path, phase: str) -> dict:
    """The interrupted run's reports are presented whole, marked, nothing of the previous run beside them."""
    assert not list(reports.rglob("from-the-previous-run.txt"))
    assert not list(reports.glob(".run-*")), "the staging folder was left behind"
    data = json.loads((reports / "assessment/assessment.json").read_text(encoding="utf-8"))
    assert data["interrupted"]["phase"] == phase
    return data


def no_process_left(mark: str, timeout: float = 15) -> list[str]:
    deadline = time.monotonic() + timeout
    while (left := processes_marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def test_sigterm_to_the_assess_process_stops_every_child_and_scores_what_finished(tmp_path):
    mark = uuid.uuid4().hex
    previous_run(tmp_path / "reports")
    run = Run(tmp_path / "reports", mark)
    run.wait_for_output("portalqa: [1/")  # one scenario finished: there is something to score
    run.process.send_signal(signal.SIGTERM)
    code = run.wait()
    stderr = "".join(run.stderr)
    assert code == 143, stderr
    assert "Traceback" not in stderr
    assert "SIGTERM during the scenarios phase" in stderr
    assert no_process_left(mark) == []
    data = assert_replaced_by_the_interrupted_run(tmp_path / "reports", "scenarios")
    assert data["interrupted"] == {"signal": "SIGTERM", "phase": "scenarios"}
    (portal,) = data["portals"]
    assert portal["procedures"], "the scenarios that finished were not scored"
    # Interrupted runs stay out of the history: they would show what they did not reach as regressions.
    assert not list((tmp_path / "reports/history").glob("*.json"))
    index = (tmp_path / "reports/assessment/index.html").read_text(encoding="utf-8")
    assert 'data-part="interrupted"' in index


def test_a_second_sigint_stops_at_once_without_a_traceback(tmp_path):
    mark = uuid.uuid4().hex
    before = previous_run(tmp_path / "reports")
    run = Run(tmp_path / "reports", mark)
    run.wait_for_output("running the scenarios")
    time.sleep(3)  # pytest and the embedded portal are starting
    run.process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    run.process.send_signal(signal.SIGINT)
    code = run.wait(timeout=30)
    stderr = "".join(run.stderr)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert "second signal" in stderr
    assert no_process_left(mark) == []
    # Nothing was scored, so the previous run's reports stay presented, whole and unchanged.
    assert presented(tmp_path / "reports") == before


def test_sigint_during_the_load_phase_stops_locust_and_the_load_portal(tmp_path):
    mark = uuid.uuid4().hex
    previous_run(tmp_path / "reports")
    run = Run(tmp_path / "reports", mark, selection=SITE_ONLY, load=True)
    run.wait_for_output("(Locust, own process)")
    time.sleep(4)  # Locust is sending its load (the run lasts 10 s)
    run.process.send_signal(signal.SIGINT)
    code = run.wait()
    stderr = "".join(run.stderr)
    assert code == 130, stderr
    assert "Traceback" not in stderr and "SIGINT during the load phase" in stderr
    assert no_process_left(mark) == []
    data = assert_replaced_by_the_interrupted_run(tmp_path / "reports", "load")
    (portal,) = data["portals"]
    speed = portal["speed_under_load"]
    assert speed["verdict"] == "not_assessable" and "interrupted" in speed["summary"], speed
    assert portal["site_scenarios"], "the scenario that finished before the load phase was not scored"


def test_sigint_during_the_allure_report_still_presents_the_assessment(tmp_path):
    mark = uuid.uuid4().hex
    previous_run(tmp_path / "reports")
    run = Run(tmp_path / "reports", mark, selection=SITE_ONLY)
    run.wait_for_output("portalqa: scenarios finished")
    deadline = time.monotonic() + 60
    while not any("java" in line and "allure" in line for line in processes_marked(mark)):
        assert time.monotonic() < deadline and run.process.poll() is None, "the Allure generator never ran"
        time.sleep(0.05)
    run.process.send_signal(signal.SIGINT)  # while the Allure generator (Java) runs
    code = run.wait()
    stderr = "".join(run.stderr)
    assert code == 130, stderr
    assert "Traceback" not in stderr and "SIGINT during the reporting phase" in stderr
    assert no_process_left(mark) == []
    data = assert_replaced_by_the_interrupted_run(tmp_path / "reports", "reporting")
    assert data["portals"][0]["site_scenarios"], "the scenario that finished was not scored"
    # The generator was stopped: no Allure report is presented rather than an old or half-written one.
    assert not (tmp_path / "reports/allure-report").exists()
