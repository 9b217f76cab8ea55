"""portalqa's command line: assess portals, score results, build reports, check profiles.

`portalqa assess` is the main job: run the BDD suite on the selected portals (pytest in its own
process), score the Allure results, and write the assessment and the Allure HTML report.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import time
from pathlib import Path

from portalqa.paths import DOCS_DIR, FEATURES_DIR, PROFILES_DIR, PROJECT_ROOT, REPORTS_DIR
from portalqa.profiles.coverage import labels_split_at_commas, missing_vocabulary, unmapped_procedures
from portalqa.profiles.profile import ProfileError, dump_schema, load_profile
from portalqa.secrets_guard import missing_credentials

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from portalqa.scoring.quality_model import QualityModelError

    try:
        return args.run(args)
    except ProfileError as err:
        print(f"portalqa: invalid portal profile:\n{err}", file=sys.stderr)
        return EXIT_USAGE
    except QualityModelError as err:
        print(f"portalqa: invalid quality model:\n{err}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portalqa", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="command")

    assess = commands.add_parser("assess", help="run the scenarios on portals and write the assessment")
    assess.add_argument(
        "--portal",
        action="append",
        default=[],
        metavar="PROFILE",
        help="profile id or .yaml path; repeat for several (default: every profile in portals/)",
    )
    assess.add_argument(
        "--workers",
        default="1",
        metavar="N",
        help="run scenarios in N parallel browsers (pytest-xdist; 'auto' = one per core)",
    )
    assess.add_argument("--reports", type=Path, default=REPORTS_DIR, help="output folder")
    assess.add_argument("-k", dest="keyword", help="only scenarios matching this pytest -k expression")
    assess.add_argument("-m", dest="markers", help="only scenarios matching this pytest -m expression")
    assess.add_argument(
        "--fail-on-findings",
        action="store_true",
        help="exit 1 when any procedure is not fully online (for CI gates)",
    )
    assess.add_argument(
        "--viewport",
        action="append",
        default=[],
        choices=("desktop", "phone"),
        help="play the journeys in this viewport only; repeat for several (default: desktop and phone)",
    )
    assess.add_argument(
        "--no-axe",
        action="store_true",
        help="skip the axe-core scan of each page (faster; accessibility is then not assessable)",
    )
    assess.add_argument(
        "--no-load",
        action="store_true",
        help="skip the speed-under-load phase (Locust) for portals whose profile allows load",
    )
    assess.add_argument(
        "--breaker",
        type=_non_negative_int,
        metavar="N",
        help="give a portal up after N scenarios in a row with a fault of the network or its server; its "
        "other scenarios end at once as not assessable (default: 3; 0: never give up)",
    )
    assess.add_argument(
        "--page-timeout",
        type=_positive_seconds,
        metavar="SECONDS",
        help="a page that does not load within this is a timeout fault, not assessable (default: 30)",
    )
    _add_scoring_options(assess)
    assess.set_defaults(run=_assess)  # fmt: skip

    score = commands.add_parser("score", help="score existing Allure results into an assessment")
    score.add_argument("--reports", type=Path, default=REPORTS_DIR)
    score.add_argument("--no-allure-html", action="store_true", help="skip generating the Allure HTML report")
    _add_scoring_options(score)
    score.set_defaults(run=_score)

    serve = commands.add_parser(
        "serve",
        help="start the embedded reference portals for a person to look at, until Ctrl-C",
        description="Start the embedded reference portals (profiles with `embedded:`) on loopback and keep "
        "them running until Ctrl-C. Prints each portal's address and the test account to sign in with: "
        "its personal id and password. The password is a local test credential generated for this run "
        "(or the one set in the profile's password variable); serve is the one command that prints it.",
    )
    serve.add_argument(
        "--portal",
        action="append",
        default=[],
        metavar="PROFILE",
        help="embedded profile id or .yaml path; repeat for several (default: every embedded profile in "
        "portals/)",
    )
    serve.add_argument(
        "--port",
        type=int,
        metavar="PORT",
        help="serve the portals on PORT, PORT+1, ... of 127.0.0.1 (default: free ports)",
    )
    serve.set_defaults(run=_serve)

    check = commands.add_parser("check-profile", help="validate portal profiles and report problems")
    check.add_argument("profiles", nargs="+", metavar="PROFILE")
    check.set_defaults(run=_check_profiles)

    schema = commands.add_parser("profile-schema", help="write the JSON Schema of portal profiles")
    schema.add_argument("--out", type=Path, default=DOCS_DIR / "profile.schema.json")
    schema.set_defaults(run=_profile_schema)

    measurements = commands.add_parser(
        "measurements-schema", help="write the JSON Schema of the measurements each scenario attaches"
    )
    measurements.add_argument("--out", type=Path, default=DOCS_DIR / "measurements.schema.json")
    measurements.set_defaults(run=_measurements_schema)

    assessment = commands.add_parser(
        "assessment-schema", help="write the JSON Schema of assessment.json, the published assessment"
    )
    assessment.add_argument("--out", type=Path, default=DOCS_DIR / "assessment.schema.json")
    assessment.set_defaults(run=_assessment_schema)
    return parser


def _non_negative_int(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of scenarios, 0 or more")
    return int(text)


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0")
    return seconds


def _add_scoring_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--model",
        type=Path,
        metavar="FILE",
        help="score with this quality model (YAML, docs/quality-model.md) instead of portalqa's own",
    )
    command.add_argument(
        "--lang",
        choices=("vi", "en"),
        help="language of the scorecard (default: the language most of the assessed portals are in)",
    )
    command.add_argument(
        "--history",
        type=Path,
        metavar="DIR",
        help="folder of earlier assessments for the trend (default: REPORTS/history); this run is added",
    )
    command.add_argument(
        "--no-scorecard-check",
        action="store_true",
        help="skip opening the written scorecard in headless Chromium (render check and screenshot)",
    )


def _quality_model(args: argparse.Namespace):
    """The model the run will be scored with, read before anything runs so a bad file stops it at once."""
    from portalqa.scoring.quality_model import load_quality_model

    return load_quality_model(args.model)


def _measurements_schema(args: argparse.Namespace) -> int:
    from portalqa.evidence.measurements import json_schema

    args.out.write_text(json_schema(), encoding="utf-8")
    print(f"wrote {args.out}")
    return EXIT_OK


def _assessment_schema(args: argparse.Namespace) -> int:
    from portalqa.scoring.output import json_schema

    args.out.write_text(json_schema(), encoding="utf-8")
    print(f"wrote {args.out}")
    return EXIT_OK


def _assess(args: argparse.Namespace) -> int:
    portals = args.portal or [str(path) for path in sorted(PROFILES_DIR.glob("*.yaml"))]
    profiles = [load_profile(name) for name in portals]  # fail fast, before any browser starts
    model = _quality_model(args)
    lang = args.lang or _language_of([profile.language for profile in profiles])
    reports: Path = args.reports
    results = reports / "allure-results"
    # Clean before the run rather than with --clean-alluredir, which races under xdist.
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir(parents=True)
    command = [sys.executable, "-m", "pytest", str(FEATURES_DIR), f"--alluredir={results}"]
    command += [f"--portal={profile.source}" for profile in profiles]
    if args.keyword:
        command += ["-k", args.keyword]
    if args.markers:
        command += ["-m", args.markers]
    command += [f"--viewport={viewport}" for viewport in args.viewport]
    if args.no_axe:
        command.append("--no-axe")
    if args.breaker is not None:
        command.append(f"--portalqa-breaker={args.breaker}")
    if args.page_timeout is not None:
        command.append(f"--portalqa-page-timeout={args.page_timeout:g}")
    if args.workers != "1":
        command += ["-n", args.workers]  # pytest-xdist: one browser per worker
    command.append("--portalqa-progress")  # "portalqa: [37/292] reference 12/73 · ..." as scenarios end
    print(f"portalqa: assessing {', '.join(p.id for p in profiles)} — running the scenarios", flush=True)
    started = time.monotonic()
    from portalqa.run_control import RunControl

    with RunControl() as control:
        control.phase = "scenarios"
        code = control.start(command, cwd=PROJECT_ROOT).wait()
        interrupted = control.interrupted
        print(f"portalqa: scenarios finished in {time.monotonic() - started:.1f} s (pytest exit {code})",
              flush=True)  # fmt: skip
        if code in (4, 5) and not interrupted:
            what = "no scenario matches -k/-m" if code == 5 else "pytest refused the options (e.g. a bad -m)"
            print(f"portalqa: {what}; fix the selection and run again", file=sys.stderr)
            return EXIT_USAGE
        if not interrupted and code not in (0, 1):
            print(f"portalqa: the scenario run could not complete (pytest exit {code}); see its output above",
                  file=sys.stderr)  # fmt: skip
            return EXIT_ENVIRONMENT
        if not control.interrupted and not args.no_load:
            from portalqa.load_testing.runner import run_load_phase  # Locust runs as its own process

            control.phase = "load"
            run_load_phase(profiles, reports, say=lambda line: print(line, flush=True))
        control.phase = "reporting"
        assessment = _write_reports(
            reports, allure_html=True, interruption=control.interruption(), model=model, lang=lang,
            history=args.history, check=not args.no_scorecard_check,
        )  # fmt: skip
        interrupted = control.interrupted
        exit_interrupted = control.exit_code
    if interrupted:
        print("portalqa: interrupted; the assessment covers the scenarios that finished", file=sys.stderr)
        return exit_interrupted
    if args.fail_on_findings and _has_findings(assessment):
        return EXIT_FINDINGS
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from portalqa.evidence.allure_reading import AllureResultsError

    model = _quality_model(args)
    try:
        _write_reports(
            args.reports, allure_html=not args.no_allure_html, interruption=None, model=model,
            lang=args.lang, history=args.history, check=not args.no_scorecard_check,
        )  # fmt: skip
    except AllureResultsError as err:
        print(f"portalqa: {err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _language_of(languages: list[str]) -> str:
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
    return _language_of(languages)


def _write_reports(
    reports: Path,
    allure_html: bool,
    interruption=None,
    model=None,
    lang: str | None = None,
    history: Path | None = None,
    check: bool = True,
):
    from portalqa.reporting.allure_html import generate_allure_html
    from portalqa.reporting.scorecard import write_assessment
    from portalqa.scoring.assessment import score_results
    from portalqa.scoring.trend import past_runs, record_in_history, with_trend

    results = reports / "allure-results"
    allure_dir = reports / "allure-report"
    history = history or reports / "history"
    if allure_html:
        generate_allure_html(results, allure_dir, PROJECT_ROOT)
        print(f"portalqa: Allure report  {allure_dir / 'index.html'}", flush=True)
    assessment = with_trend(score_results(results, model=model), past_runs(history))
    assessment = assessment.model_copy(update={"interrupted": interruption})
    out = reports / "assessment"
    written = write_assessment(
        assessment,
        out,
        allure_report_dir=allure_dir if allure_html else None,
        lang=lang or _language_of_results(assessment),
    )
    print(f"portalqa: assessment     {written.html_path}", flush=True)
    if interruption is None:
        kept = record_in_history(written.json_path, history, written_generated_at(written.json_path))
        print(f"portalqa: history        {kept}", flush=True)
    else:
        # A partial run would show every scenario it did not reach as a regression next time.
        print("portalqa: history        not kept (the run was interrupted)", flush=True)
    if check:
        _check_scorecard(
            written.html_path, out / "scorecard.png", allure_dir / "index.html" if allure_html else None
        )
    _print_summary(written.json_path)
    return assessment


def written_generated_at(assessment_json: Path) -> str:
    return str(json.loads(assessment_json.read_text(encoding="utf-8")).get("generated_at") or "")


def _check_scorecard(index_html: Path, screenshot: Path, allure_index: Path | None) -> None:
    """Open what was written in headless Chromium: it must render offline, nothing leaving the machine."""
    from portalqa.reporting.scorecard_check import check_in_browser

    try:
        check = check_in_browser(index_html, screenshot, allure_index)
    except Exception as err:  # noqa: BLE001 - the reports are written; a browser problem must not lose them
        print(
            f"portalqa: warning: could not open the scorecard in Chromium to check it ({err})",
            file=sys.stderr,
        )
        return
    print(f"portalqa: scorecard      {check.screenshot} (screenshot)", flush=True)
    for problem in (*check.missing, *check.problems):
        print(f"portalqa: warning: the scorecard did not render as expected: {problem}", file=sys.stderr)
    for url in check.off_machine_requests:
        print(
            f"portalqa: warning: a report page requested {url}, which is not on this machine", file=sys.stderr
        )


# Findings per portal printed in the terminal summary; the scorecard lists them all.
SUMMARY_FINDINGS = 3


def _print_summary(assessment_json: Path) -> None:
    data = json.loads(assessment_json.read_text(encoding="utf-8"))
    if data.get("interrupted"):
        stop = data["interrupted"]
        print(f"  interrupted ({stop['signal']} during the {stop['phase']} phase): the scores cover the "
              "scenarios that finished; see each portal's coverage")  # fmt: skip
    for portal in data.get("portals", []):
        if portal.get("score") is None:
            score = "not assessable (no criterion had evidence)"
        else:
            grade = portal.get("grade") or "no grade: " + str(portal.get("grade_withheld"))
            score = f"{portal['score']} ({grade})"
        rank = f"#{portal['rank']} " if portal.get("rank") else ""
        print(f"  {rank}{portal['name']}: {score}, coverage {portal.get('coverage', 0):.0%}")
        groups = ", ".join(
            f"{g['id']} {g['score'] if g['score'] is not None else 'not assessed'}"
            for g in portal.get("groups", [])
        )
        print(f"    groups: {groups}")
        for finding in portal.get("findings", [])[:SUMMARY_FINDINGS]:
            print(f"    -{finding['points_lost']:.2f} points  {finding['criterion']}: {finding['kind']} "
                  f"({finding['units']} seen)")  # fmt: skip
        for change in (portal.get("trend") or {}).get("regressions", []):
            print(
                f"    regression since the last run: {change['criterion']} ({change['change']:+.2f} points)"
            )
        for procedure in portal.get("procedures", []):
            reasons = "; ".join(r.get("detail", "") for r in procedure.get("reasons", []))
            print(
                f"    {procedure['verdict']:<15} {procedure['name']}" + (f" — {reasons}" if reasons else "")
            )


def _has_findings(assessment) -> bool:
    data = assessment.to_dict()
    return any(p["verdict"] != "full" for portal in data["portals"] for p in portal["procedures"])


def _serve(args: argparse.Namespace) -> int:
    from portalqa.targets.serving import EmbeddedPortalError, PortalServer, ServeError, embedded_profiles

    try:
        server = PortalServer(embedded_profiles(args.portal), base_port=args.port)
    except ServeError as err:
        print(f"portalqa: {err}", file=sys.stderr)
        return EXIT_USAGE
    # `kill` stops the portals as cleanly as Ctrl-C does; and Ctrl-C stops them even when serve was
    # started from a background job, whose SIGINT the shell ignores (Python then raises no KeyboardInterrupt).
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        for portal in server.start():
            print(f"portalqa: {portal.profile.id} — {portal.profile.name}")
            print(f"  {portal.url}")
            if portal.personal_id:
                print(f"  sign in with personal id {portal.personal_id}, password {portal.password}"
                      "  (local test account)")  # fmt: skip
            print(f"  log: {portal.log}", flush=True)
        print(f"portalqa: serving {len(server.portals)} portal(s); press Ctrl-C to stop", flush=True)
        stopped = server.wait()
        print(f"portalqa: the portal {stopped.profile.id} stopped (exit {stopped.process.returncode}):\n"
              + stopped.log_path.read_text(errors="replace")[-2000:], file=sys.stderr)  # fmt: skip
        return EXIT_ENVIRONMENT
    except (ServeError, EmbeddedPortalError) as err:
        print(f"portalqa: {err}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("portalqa: stopping the portals", flush=True)
        return EXIT_OK
    finally:
        # A second Ctrl-C must not leave a portal running half-stopped.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, previous_term)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _check_profiles(args: argparse.Namespace) -> int:
    failed = False
    for name in args.profiles:
        try:
            profile = load_profile(name)
        except ProfileError as err:
            print(err, file=sys.stderr)
            failed = True
            continue
        missing = missing_vocabulary(profile)
        for note in labels_split_at_commas(Path(profile.source).read_text(encoding="utf-8")):
            print(f"{profile.source}: note: {note}")
        for key, why in missing.items():
            print(f"{profile.source}: vocabulary: add `{key}: <label>` ({why})", file=sys.stderr)
        if profile.embedded is None:
            for name in missing_credentials(profile.sign_on.credential_envs):
                print(f"{profile.source}: note: {name} is not set in this shell; runs will refuse to start")
        unmapped = unmapped_procedures(profile)
        if not profile.procedures:
            also = " and its custom procedures are played" if profile.custom_procedures else ""
            print(f"{profile.source}: note: no standard procedure mapped, so no standard journey is played; "
                  f"its public pages are checked portal-wide{also}")  # fmt: skip
        elif unmapped:
            print(f"{profile.source}: note: not mapped, so reported as not online: {', '.join(unmapped)}")
        failed = failed or bool(missing)
        offered = sum(profile.procedure_entry(p) is not None for p in profile.procedures)
        verdict = "incomplete" if missing else "ok"
        print(f"{profile.source}: {verdict} ({profile.id}, {offered} standard procedures offered online, "
              f"{len(profile.custom_procedures)} custom, {len(profile.pages)} listed pages)")  # fmt: skip
    return EXIT_USAGE if failed else EXIT_OK


def _profile_schema(args: argparse.Namespace) -> int:
    dump_schema(args.out)
    print(f"wrote {args.out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
