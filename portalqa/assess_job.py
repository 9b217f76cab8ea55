"""`portalqa assess` and `portalqa score` as phases: check, scenarios, load, reports, swap.

Everything is checked before anything starts (portalqa.preflight). The run writes into a staging
folder beside the presented reports and swaps its parts in once scored (reporting.report_folders), so
a failed run leaves the previous reports as they were, and an interrupted one presents what finished,
marked interrupted. Children run under one RunControl, so a signal in any phase stops them all.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portalqa.paths import FEATURES_DIR, PROFILES_DIR, PROJECT_ROOT
from portalqa.preflight import Problem, assess_problems, merge_problems, score_problems
from portalqa.profiles.profile import Profile, ProfileError, load_profile
from portalqa.reporting.report_folders import (
    ALLURE_REPORT,
    ASSESSMENT,
    RESULTS,
    RUN_PARTS,
    StagedReports,
)
from portalqa.run_control import RunControl

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3


@dataclass(frozen=True)
class AssessOptions:
    """What `portalqa assess` was asked, as the command line gave it."""

    reports: Path
    keyword: str | None = None
    markers: str | None = None
    viewports: tuple[str, ...] = ()
    workers: str = "1"
    no_axe: bool = False
    no_load: bool = False
    breaker: int | None = None
    page_timeout: float | None = None
    fail_on_findings: bool = False
    grid_url: str | None = None  # a Selenium Grid for the browsers; None: this machine's Chromium
    sign_on_every_journey: bool = False  # no sign-on resumed (citizen.kept_sessions)
    axe_every_scenario: bool = False  # no axe-core result reused (browser.accessibility_cache)


@dataclass(frozen=True)
class ReportOptions:
    """How the results are scored and presented (shared by assess and score)."""

    model: object = None  # a QualityModel; None: portalqa's own
    lang: str | None = None
    history: Path | None = None
    check_scorecard: bool = True


class ReportWriteError(Exception):
    """The reports could not be written (a full disk, a folder that cannot be written)."""


def say(line: str) -> None:
    print(line, flush=True)


class PhaseClock:
    """Wall-clock seconds per phase, printed as one line: where a run's time went (docs/benchmarks.md, B2)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started = time.monotonic()

    def timed(self, phase: str, call: Callable[[], object]):
        started = time.monotonic()
        try:
            return call()
        finally:
            self.seconds[phase] = self.seconds.get(phase, 0.0) + time.monotonic() - started

    def line(self, what: str) -> str:
        parts = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.seconds.items())
        return f"portalqa: {what} in {time.monotonic() - self._started:.1f} s ({parts})"


def refuse(problems: list[Problem]) -> int:
    for problem in problems:
        print(f"portalqa: {problem.message}", file=sys.stderr)
    return problems[0].exit_code


def assess(profiles: list[Profile], options: AssessOptions, report: ReportOptions) -> int:
    problems = assess_problems(
        profiles, options.reports, options.keyword, options.markers, grid_url=options.grid_url
    )
    if problems:
        return refuse(problems)  # nothing started, nothing written
    staged = StagedReports(options.reports)
    try:
        for leftover in staged.create():
            say(f"portalqa: removed the unfinished output of an earlier run ({leftover.name})")
        staged.part(RESULTS).mkdir()
    except OSError as err:
        return refuse([Problem(f"cannot write in {options.reports}: {err.strerror}", EXIT_ENVIRONMENT)])
    command = _pytest_command(profiles, options, staged.part(RESULTS))
    say(f"portalqa: assessing {', '.join(p.id for p in profiles)} — running the scenarios")
    clock = PhaseClock()
    with RunControl() as control:
        control.phase = "scenarios"
        code = clock.timed("scenarios", lambda: control.start(command, cwd=PROJECT_ROOT).wait())
        say(f"portalqa: scenarios finished in {clock.seconds['scenarios']:.1f} s (pytest exit {code})")
        if not control.interrupted and code not in (0, 1):
            if code in (4, 5):
                what = "no scenario matches -k/-m" if code == 5 else "pytest refused the options"
                problem = Problem(f"{what}; fix the selection and run again")
            else:
                problem = Problem(f"the scenario run could not complete (pytest exit {code}); see its "
                                  "output above", EXIT_ENVIRONMENT)  # fmt: skip
            staged.discard()
            return refuse([problem])
        if not control.interrupted and not options.no_load:
            from portalqa.load_testing.runner import run_load_phase  # Locust runs as its own process

            control.phase = "load"
            clock.timed("load", lambda: run_load_phase(profiles, staged.stage, say=say))
        control.phase = "reporting"
        lang = report.lang or language_of([profile.language for profile in profiles])
        try:
            assessment, complete = write_reports(
                staged, RUN_PARTS, allure_html=True, interruption=control.interruption,
                report=ReportOptions(report.model, lang, report.history, report.check_scorecard),
                clock=clock,
            )  # fmt: skip
        except ReportWriteError as err:
            return refuse([Problem(f"{err}; the reports in {options.reports} are unchanged",
                                   EXIT_ENVIRONMENT)])  # fmt: skip
        # A signal during the reporting phase counts too: it stopped the Allure generator.
        interrupted, exit_interrupted = control.interrupted, control.exit_code
    say(clock.line("finished"))
    if interrupted:
        print("portalqa: interrupted; the assessment covers the scenarios that finished", file=sys.stderr)
        return exit_interrupted
    if not complete:
        return EXIT_ENVIRONMENT
    if options.fail_on_findings and has_findings(assessment):
        return EXIT_FINDINGS
    return EXIT_OK


def _pytest_command(profiles: list[Profile], options: AssessOptions, results: Path) -> list[str]:
    command = [sys.executable, "-m", "portalqa.scenario_process", str(FEATURES_DIR), f"--alluredir={results}"]
    command += [f"--portal={profile.source}" for profile in profiles]
    if options.keyword:
        command += ["-k", options.keyword]
    if options.markers:
        command += ["-m", options.markers]
    command += [f"--viewport={viewport}" for viewport in options.viewports]
    if options.no_axe:
        command.append("--no-axe")
    if options.breaker is not None:
        command.append(f"--portalqa-breaker={options.breaker}")
    if options.page_timeout is not None:
        command.append(f"--portalqa-page-timeout={options.page_timeout:g}")
    if options.grid_url:
        command.append(f"--portalqa-grid={options.grid_url}")
    if options.sign_on_every_journey:
        command.append("--portalqa-sign-on-every-journey")
    if options.axe_every_scenario:
        command.append("--portalqa-axe-every-scenario")
    if options.workers != "1":
        # pytest-xdist, a portal's scenarios in one viewport per unit of work (targets.scenario_scopes).
        command += ["-n", options.workers, "--dist", "loadscope"]
    command.append("--portalqa-progress")  # "portalqa: [37/292] reference 12/73 · ..." as scenarios end
    return command


def score(reports: Path, allure_html: bool, report: ReportOptions, shards: list[Path] = ()) -> int:
    """Score the results already in `reports` again (another model, language, or after a fix); or,
    given shards' folders, merge their results into `reports` and score the whole run."""
    from portalqa.evidence.allure_reading import AllureResultsError
    from portalqa.reporting.shard_merge import ShardMergeError, merge_shards

    problems = merge_problems(reports, allure_html) if shards else score_problems(reports, allure_html)
    if problems:
        return refuse(problems)
    staged = StagedReports(reports)
    # A merge is a whole run: every part is replaced, and one no shard had (load) is removed.
    parts = RUN_PARTS if shards else (ALLURE_REPORT, ASSESSMENT) if allure_html else (ASSESSMENT,)
    try:
        staged.create()
        if shards:
            merged = merge_shards(list(shards), staged.stage)
            say(f"portalqa: merged {len(shards)} shard(s): {len(merged.portals)} portal(s), "
                f"{merged.files} result files")  # fmt: skip
        _, complete = write_reports(
            staged, parts, allure_html, lambda: None, report,
            results=None if shards else reports / RESULTS,
        )  # fmt: skip
    except (AllureResultsError, ShardMergeError) as err:
        staged.discard()
        return refuse([Problem(str(err))])
    except ReportWriteError as err:
        staged.discard()
        return refuse([Problem(f"{err}; the reports in {reports} are unchanged", EXIT_ENVIRONMENT)])
    except OSError as err:
        staged.discard()
        return refuse([Problem(f"the shards could not be merged into {reports}: {err.strerror or err}",
                               EXIT_ENVIRONMENT)])  # fmt: skip
    return EXIT_OK if complete else EXIT_ENVIRONMENT


def write_reports(
    staged: StagedReports,
    parts: tuple[str, ...],
    allure_html: bool,
    interruption: Callable[[], tuple[str, str] | None],
    report: ReportOptions,
    results: Path | None = None,
    clock: PhaseClock | None = None,
):
    """Score the results, write the Allure HTML and the assessment into the stage, swap them in, keep
    the run in the history. Returns the assessment and whether every report could be produced.

    `interruption` is asked after the Allure report, so that a signal that stopped the generator marks
    the assessment too. Each step's time goes to `clock` (a new one if none is given) and is printed."""
    from portalqa.reporting.allure_html import AllureReportError, carry_history_over, generate_allure_html
    from portalqa.reporting.scorecard import write_assessment
    from portalqa.scoring.assessment import score_results
    from portalqa.scoring.output import Interruption
    from portalqa.scoring.trend import past_runs, record_in_history, with_trend

    root = staged.root
    results = results or staged.part(RESULTS)
    allure_dir = staged.part(ALLURE_REPORT)
    history = report.history or root / "history"
    complete = True
    own_clock = clock is None
    clock = clock or PhaseClock()
    try:
        if allure_html:
            carry_history_over(root / ALLURE_REPORT, results)  # Allure's trend, from the presented report
            try:
                clock.timed("Allure HTML", lambda: generate_allure_html(results, allure_dir, PROJECT_ROOT))
            except AllureReportError as err:
                # The assessment is the published result; it is written without the Allure links.
                print(f"portalqa: warning: no Allure report: {err}", file=sys.stderr)
                allure_html, complete = False, False
        scored = clock.timed("scoring", lambda: score_results(results, model=report.model))
        assessment = with_trend(scored, past_runs(history))
        interruption = interruption()
        if interruption is not None:
            assessment = assessment.model_copy(update={"interrupted": Interruption(
                signal=interruption[0], phase=interruption[1])})  # fmt: skip
        written = clock.timed("scorecard", lambda: write_assessment(
            assessment,
            staged.part(ASSESSMENT),
            allure_report_dir=allure_dir if allure_html else None,
            lang=report.lang or _language_of_results(assessment),
        ))  # fmt: skip
        screenshot = None
        if report.check_scorecard:
            screenshot = clock.timed("scorecard check", lambda: _check_scorecard(
                written.html_path, written.html_path.parent / "scorecard.png",
                allure_dir / "index.html" if allure_html else None,
            ))  # fmt: skip
        staged.swap_in(parts)
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise ReportWriteError(f"the reports could not be written: {err.strerror or err}{where}") from None
    assessment_json = root / ASSESSMENT / written.json_path.name
    if ALLURE_REPORT in parts and allure_html:
        say(f"portalqa: Allure report  {root / ALLURE_REPORT / 'index.html'}")
    say(f"portalqa: assessment     {root / ASSESSMENT / written.html_path.name}")
    if screenshot is not None:
        say(f"portalqa: scorecard      {root / ASSESSMENT / screenshot.name} (screenshot)")
    if interruption is None:
        kept = record_in_history(assessment_json, history, _generated_at(assessment_json))
        say(f"portalqa: history        {kept}")
    else:
        # A partial run would show every scenario it did not reach as a regression next time.
        say("portalqa: history        not kept (the run was interrupted)")
    from portalqa.reporting.terminal_summary import print_summary

    print_summary(assessment_json)
    if own_clock:
        say(clock.line("scored"))
    return assessment, complete


def _generated_at(assessment_json: Path) -> str:
    return str(json.loads(assessment_json.read_text(encoding="utf-8")).get("generated_at") or "")


def _check_scorecard(index_html: Path, screenshot: Path, allure_index: Path | None) -> Path | None:
    """Open what was written in headless Chromium: it must render offline, nothing leaving the machine."""
    from portalqa.reporting.scorecard_check import check_in_browser

    try:
        check = check_in_browser(index_html, screenshot, allure_index)
    except Exception as err:  # noqa: BLE001 - the reports are written; a browser problem must not lose them
        print(f"portalqa: warning: could not open the scorecard in Chromium to check it ({err})",
              file=sys.stderr)  # fmt: skip
        return None
    for problem in (*check.missing, *check.problems):
        print(f"portalqa: warning: the scorecard did not render as expected: {problem}", file=sys.stderr)
    for url in check.off_machine_requests:
        print(f"portalqa: warning: a report page requested {url}, which is not on this machine",
              file=sys.stderr)  # fmt: skip
    return Path(check.screenshot)


def language_of(languages: list[str]) -> str:
    """The scorecard's language: that of most portals (Vietnamese on a tie: assessors publish in it)."""
    vi, en = languages.count("vi"), len(languages) - languages.count("vi")
    return "vi" if vi >= en and vi else "en"


def _language_of_results(assessment) -> str:
    """For `score`: the languages of the assessed portals' profiles in portals/, where there is one."""
    languages = []
    for portal in assessment.portals:
        path = PROFILES_DIR / f"{portal.id}.yaml"
        if path.is_file():
            try:
                languages.append(load_profile(str(path)).language)
            except ProfileError:
                continue
    return language_of(languages)


def has_findings(assessment) -> bool:
    data = assessment.to_dict()
    return any(p["verdict"] != "full" for portal in data["portals"] for p in portal["procedures"])
