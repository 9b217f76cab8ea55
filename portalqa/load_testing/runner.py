"""The load phase of an assessment: Locust, in its own process, for every portal that allows load.

Locust is never imported here (gevent's monkey-patching would break Selenium in the same process);
this module starts `locust -f load/citizen_journeys.py --headless ...` as a subprocess per portal, with
the run settings from the portal's profile. Each portal's outputs land in reports/load/<portal>/
(Locust's HTML report, CSV and JSON stats, its log, and portalqa's verdict.json), and one Allure result
per portal carries the verdict into reports/allure-results, next to the scenarios, so assessors find
speed under load in the same report and the scorer reads it from the same folder.

Outcome semantics as everywhere in portalqa: passed = objectives met; failed = objectives missed
(a finding about the portal); broken = portalqa could not assess (portal unreachable, load refused,
Locust crashed, nothing measured).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from portalqa import temp_dirs
from portalqa.evidence import allure_labels, allure_writing
from portalqa.evidence.allure_writing import AttachmentFile, Step, TestResult
from portalqa.load_testing import guard
from portalqa.load_testing.results import (
    LOAD_CRITERION,
    VERDICT_ATTACHMENT_NAME,
    VERDICT_FILE,
    LoadVerdict,
    judge,
    read_locust_json,
)
from portalqa.paths import LOAD_DIR, PROJECT_ROOT
from portalqa.profiles.profile import Profile
from portalqa.run_control import run_interrupted, start_child
from portalqa.secrets_guard import redact, redact_document, redact_structure, register
from portalqa.targets.embedded import EmbeddedPortal, EmbeddedPortalError

LOCUSTFILE = LOAD_DIR / "citizen_journeys.py"
LOAD_SUITE = "Speed under load"
# Locust writes <prefix>.json, <prefix>_stats.csv, ... and the HTML file named here.
STATS_PREFIX = "locust"
HTML_REPORT = "locust-report.html"
LOG_FILE = "locust.log"
# Locust itself stops at the run time; this is only the backstop for a hung process.
SHUTDOWN_MARGIN_S = 90
INTERRUPTED = "the run was interrupted during the load run, so speed under load was not measured"


@dataclass(frozen=True)
class LoadSettings:
    users: int
    spawn_rate: float
    duration_s: int

    @classmethod
    def from_profile(cls, profile: Profile) -> LoadSettings:
        run = profile.load.run
        return cls(users=run.users, spawn_rate=run.spawn_rate, duration_s=run.duration_s)

    def to_dict(self) -> dict:
        return {"users": self.users, "spawn_rate": self.spawn_rate, "duration_s": self.duration_s}


@dataclass(frozen=True)
class LoadOutcome:
    profile_id: str
    verdict: LoadVerdict
    out_dir: Path
    allure_result: Path
    locust_exit_code: int | None

    @property
    def status(self) -> str:
        return self.verdict.status


def locust_executable() -> str:
    # The venv's own locust, beside this interpreter, so the run uses the same portalqa code.
    beside = Path(sys.executable).with_name("locust")
    return str(beside) if beside.exists() else "locust"


def locust_command(profile: Profile, host: str, out_dir: Path, settings: LoadSettings) -> list[str]:
    return [
        locust_executable(), "-f", str(LOCUSTFILE),
        "--portal", str(profile.source or profile.id),
        "--headless", "--only-summary",
        "-u", str(settings.users), "-r", f"{settings.spawn_rate:g}", "-t", f"{settings.duration_s}s",
        "-H", host,
        "--csv", str(out_dir / STATS_PREFIX),
        "--html", str(out_dir / HTML_REPORT),
        "--json-file", str(out_dir / STATS_PREFIX),
        "--stop-timeout", "5",
    ]  # fmt: skip


def run_load_phase(
    profiles: Iterable[Profile], reports: Path, *, say: Callable[[str], None] = print
) -> list[LoadOutcome]:
    """Run the load phase for every profile that allows load; the others are skipped (and say so)."""
    outcomes = []
    for profile in profiles:
        if run_interrupted():
            say(f"portalqa: speed under load of {profile.id}: not measured (the run was interrupted)")
            continue
        if not profile.load.allowed:
            say(
                f"portalqa: speed under load of {profile.id}: not allowed by its profile (load.allowed), "
                "skipped"
            )
            continue
        settings = LoadSettings.from_profile(profile)
        say(
            f"portalqa: speed under load of {profile.id}: {settings.users} users for {settings.duration_s} s "
            "(Locust, own process)"
        )
        outcome = run_portal_load(profile, reports, settings)
        say(f"portalqa: speed under load of {profile.id}: {outcome.status} — {outcome.verdict.summary}")
        outcomes.append(outcome)
    return outcomes


def run_portal_load(
    profile: Profile,
    reports: Path,
    settings: LoadSettings | None = None,
    extra_args: Iterable[str] = (),
) -> LoadOutcome:
    settings = settings or LoadSettings.from_profile(profile)
    out_dir = reports / "load" / profile.id
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    start = _now_ms()
    exit_code: int | None = None
    portal: EmbeddedPortal | None = None
    try:
        # The guard decides before this process sends a single packet (the reachability probe and a
        # DNS lookup included): a refused host is judged by its name only, never resolved or contacted.
        # Locust's own guard checks again inside its process; this one keeps the probe behind it.
        guard.check_allowed(profile)
        guard.check_caps(
            profile, guard.LoadRequest(None, settings.users, settings.spawn_rate, settings.duration_s)
        )
        if profile.embedded is not None:
            # Production-like: two server processes, as a real portal serves load.
            portal = EmbeddedPortal(profile, work_dir=temp_dirs.make("portalqa-load-"), workers=2)
            host = portal.start()
        else:
            host = profile.base_url or ""
        _register_credentials(profile)
        guard.check_host(profile, host)
        problem = _unreachable(host + profile.urls.home)
        if problem:
            verdict = _broken(profile, settings, f"the portal could not be reached at {host}: {problem}")
        else:
            command = [*locust_command(profile, host, out_dir, settings), *extra_args]
            exit_code, log = _run_locust(command, settings)
            # Locust, a process of its own, wrote its outputs unmasked; it has ended, so mask them now.
            redact_outputs(out_dir)
            (out_dir / LOG_FILE).write_text(redact(log), encoding="utf-8")
            if run_interrupted():
                # Locust stopped early: its figures describe a shorter, lighter run than the profile's.
                verdict = _broken(profile, settings, INTERRUPTED)
            else:
                verdict = _verdict_of_run(profile, settings, exit_code, log, out_dir)
    except guard.LoadRefused as error:
        verdict = _broken(profile, settings, f"the load guard refused the run, no request sent: {error}")
    except EmbeddedPortalError as error:
        verdict = _broken(profile, settings, f"the embedded portal did not start: {error}")
    finally:
        if portal is not None:
            try:
                portal.stop()
            finally:
                temp_dirs.remove(portal.work_dir)
    stop = _now_ms()
    (out_dir / VERDICT_FILE).write_text(
        json.dumps(redact_structure(verdict.to_dict()), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = write_allure_result(reports / "allure-results", profile, verdict, out_dir, start, stop)
    return LoadOutcome(profile.id, verdict, out_dir, result, exit_code)


def _register_credentials(profile: Profile) -> None:
    # The load citizen's account, from our environment (set by the shell, or by the embedded launcher);
    # Locust inherits it and may write it in request names, failures and its log: the personal id is
    # masked too, in everything this module writes or hands on.
    for name in profile.sign_on.credential_envs:
        register(os.environ.get(name, ""))


def redact_outputs(out_dir: Path) -> None:
    """Mask registered secrets in every file a Locust run left in `out_dir` (its statistics and
    failures as CSV and JSON, its HTML report), each by its kind (secrets_guard.redact_document)."""
    for path in sorted(out_dir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            cleaned = redact_document(data, path.suffix)
            if cleaned != data:
                path.write_bytes(cleaned)


def _unreachable(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10):
            return None
    except urllib.error.HTTPError:
        return None  # it answers; whether well is for the load run to measure
    except (urllib.error.URLError, OSError, ValueError) as error:
        return str(getattr(error, "reason", error))


def _run_locust(command: list[str], settings: LoadSettings) -> tuple[int, str]:
    # Started under the run's control, so that a signal to `portalqa assess` stops Locust too.
    process = start_child(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        output, _ = process.communicate(timeout=settings.duration_s + SHUTDOWN_MARGIN_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return -1, (output or "") + "\nportalqa: Locust did not finish in time and was stopped"
    return process.returncode, output or ""


def _verdict_of_run(
    profile: Profile, settings: LoadSettings, exit_code: int, log: str, out_dir: Path
) -> LoadVerdict:
    if exit_code == guard.EXIT_REFUSED:
        refusal = next((line for line in log.splitlines() if "refused" in line), "")
        detail = log[log.find(refusal) :].strip() if refusal else log[-800:]
        return _broken(profile, settings, f"the load guard refused the run: {redact(detail)[:800]}")
    stats = out_dir / f"{STATS_PREFIX}.json"
    if not stats.is_file():
        return _broken(
            profile,
            settings,
            f"Locust exited with {exit_code} without writing its statistics; see {LOG_FILE}",
        )
    # The JSON, not the exit code, is the record: it is what an auditor can re-check later.
    result = judge(read_locust_json(stats), profile.load.objectives)
    if result.met is None:
        status, summary = "broken", "nothing was measured: " + "; ".join(result.reasons)
    elif result.met:
        status = "passed"
        summary = (
            f"objectives met: {result.requests} requests, failure ratio {result.failure_ratio:.2%}, "
            f"slowest 95th percentile {_slowest(result)}"
        )
    else:
        status, summary = "failed", "objectives missed: " + "; ".join(result.reasons)
    return LoadVerdict(
        portal_id=profile.id,
        portal_name=profile.name,
        owner=profile.owner,
        level=profile.level,
        status=status,
        summary=summary,
        objectives=profile.load.objectives.model_dump(),
        run={**settings.to_dict(), "locust_exit_code": exit_code},
        result=result.to_dict(),
    )


def _slowest(result) -> str:
    timed = [g for g in result.groups if g.p95_ms is not None]
    if not timed:
        return "–"
    group = max(timed, key=lambda g: g.p95_ms)
    return f"{group.p95_ms:g} ms ({group.name})"


def _broken(profile: Profile, settings: LoadSettings, why: str) -> LoadVerdict:
    return LoadVerdict(
        portal_id=profile.id,
        portal_name=profile.name,
        owner=profile.owner,
        level=profile.level,
        status="broken",
        summary=why,
        objectives=profile.load.objectives.model_dump(),
        run=settings.to_dict(),
        result=None,
    )


def write_allure_result(
    results_dir: Path, profile: Profile, verdict: LoadVerdict, out_dir: Path, start: int, stop: int
) -> Path:
    """One Allure 2 result for the portal's load phase, beside the scenarios' results."""
    attachments = [
        AttachmentFile(VERDICT_ATTACHMENT_NAME, "application/json", "json", out_dir / VERDICT_FILE)
    ]
    for name, kind, ext, path in (
        ("Locust report", "text/html", "html", out_dir / HTML_REPORT),
        ("Locust statistics", "text/csv", "csv", out_dir / f"{STATS_PREFIX}_stats.csv"),
        ("Locust log", "text/plain", "txt", out_dir / LOG_FILE),
    ):
        if path.is_file():
            attachments.append(AttachmentFile(name, kind, ext, path))
    result = TestResult(
        name=f"Speed under load: {profile.name}",
        full_name=f"load/citizen_journeys.py#{profile.id}",
        description=(
            "Citizen journeys over HTTP (Locust): browse the catalogue, search, read an information page, "
            "sign on, open and submit an e-form step, track a dossier. Objectives from the portal profile."
        ),
        status=verdict.status,
        message=verdict.summary,
        start=start,
        stop=stop,
        history_key=f"portalqa.load:{profile.id}",
        test_case_key="portalqa.load.speed_under_load",
        labels=(
            (allure_labels.PORTAL, profile.id),
            (allure_labels.OWNER, profile.owner),
            (allure_labels.LEVEL, profile.level),
            (allure_labels.CRITERION, LOAD_CRITERION),
            (allure_writing.PARENT_SUITE, profile.name),
            (allure_writing.SUITE, LOAD_SUITE),
            (allure_writing.FRAMEWORK, "locust"),
            (allure_writing.LANGUAGE, "python"),
        ),
        parameters=verdict.run,
        steps=_steps(verdict, start, stop),
        attachments=attachments,
    )
    return allure_writing.write_result(results_dir, result)


def _steps(verdict: LoadVerdict, start: int, stop: int) -> list[Step]:
    """One step per request group and one for failures, so the Allure page reads as a checklist."""
    result = verdict.result or {}
    steps = []
    for group in result.get("groups", []):
        p95 = "–" if group["p95_ms"] is None else f"{group['p95_ms']:g} ms"
        name = (
            f"{group['name']}: 95th percentile {p95} (objective ≤ {group['p95_limit_ms']:g} ms), "
            f"{group['requests']} requests, {group['failures']} failed"
        )
        steps.append(Step(name, "passed" if group["met"] else "failed", start, stop))
    if result:
        ratio_met = result["failure_ratio"] <= result["max_failure_ratio"]
        name = f"failure ratio {result['failure_ratio']:.2%} (objective ≤ {result['max_failure_ratio']:.2%})"
        steps.append(Step(name, "passed" if ratio_met else "failed", start, stop))
    return steps


def _now_ms() -> int:
    return int(time.time() * 1000)
