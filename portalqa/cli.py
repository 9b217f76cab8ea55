"""portalqa's command line: assess portals, score results, build reports, check profiles.

`portalqa assess` is the main job: run the BDD suite on the selected portals (pytest in its own
process), score the Allure results, and write the assessment and the Allure HTML report.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from portalqa.browser.grid import ENV_VAR as GRID_ENV_VAR
from portalqa.browser.grid import GridUrlError, checked_grid_url
from portalqa.paths import DOCS_DIR, PROFILES_DIR, REPORTS_DIR
from portalqa.profiles.coverage import labels_split_at_commas, missing_vocabulary, unmapped_procedures
from portalqa.profiles.profile import ProfileError, dump_schema, load_profile
from portalqa.secrets_guard import missing_credentials
from portalqa.targets.embedded import variant_problem

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
    except KeyboardInterrupt:
        # Before a run's own control is in place (profiles, checks): nothing was started or written.
        print("portalqa: interrupted before the run started; nothing was written", file=sys.stderr)
        return 130
    except OSError as err:
        where = f" {err.filename}" if err.filename else ""
        print(f"portalqa: cannot read or write{where}: {err.strerror or err}", file=sys.stderr)
        return EXIT_ENVIRONMENT


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
    assess.add_argument(
        "--grid",
        type=_grid_url,
        default=os.environ.get(GRID_ENV_VAR) or None,
        metavar="URL",
        help=f"run the browsers on this Selenium Grid 4, e.g. http://grid:4444 (default: ${GRID_ENV_VAR}; "
        "unset: this machine's Chromium)",
    )
    assess.add_argument("--reports", type=Path, default=REPORTS_DIR, help="output folder")
    assess.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="assess only the K-th of N shards of the selected portals (whole portals, the same split on "
        "every machine); merge the shards' --reports folders with `portalqa score SHARD...`",
    )
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
        "--sign-on-every-journey",
        action="store_true",
        help="sign on in full in every journey (default: once per portal and viewport in a worker; later "
        "journeys resume the session and are judged on the same sign-on record)",
    )
    assess.add_argument(
        "--axe-every-scenario",
        action="store_true",
        help="scan every scenario's pages with axe-core (default: an identical page of the same portal and "
        "viewport is scanned once in a worker and its result reused)",
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

    score = commands.add_parser(
        "score",
        help="score existing Allure results into an assessment, or merge the results of shards",
        description="Score the Allure results in --reports again (another model, language, or after a "
        "fix). Given the --reports folders of the shards of a run (`assess --shard K/N`), merge their "
        "results and load outputs into --reports first and score the whole run.",
    )
    score.add_argument(
        "--reports", type=Path, default=REPORTS_DIR, help="the run's folder (with shards: the merged one)"
    )
    score.add_argument(
        "shards", nargs="*", type=Path, metavar="SHARD", help="a shard's --reports folder; give each once"
    )
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


def _shard(text: str):
    from portalqa.profiles.shards import ShardError, parse_shard

    try:
        return parse_shard(text)
    except ShardError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _grid_url(text: str) -> str:
    try:
        return checked_grid_url(text)
    except GridUrlError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


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


def _report_options(args: argparse.Namespace, lang: str | None = None):
    from portalqa.assess_job import ReportOptions

    return ReportOptions(
        model=_quality_model(args), lang=args.lang or lang, history=args.history,
        check_scorecard=not args.no_scorecard_check,
    )  # fmt: skip


def _assess(args: argparse.Namespace) -> int:
    from portalqa.assess_job import AssessOptions, assess

    portals = args.portal or [str(path) for path in sorted(PROFILES_DIR.glob("*.yaml"))]
    profiles = [load_profile(name) for name in portals]  # fail fast, before any browser starts
    if args.shard is not None:
        from portalqa.profiles.shards import ShardError, portals_of

        try:
            profiles = portals_of(profiles, args.shard)
        except ShardError as err:
            print(f"portalqa: {err}", file=sys.stderr)
            return EXIT_USAGE
        print(f"portalqa: shard {args.shard}: {', '.join(p.id for p in profiles)}", flush=True)
    options = AssessOptions(
        reports=args.reports, keyword=args.keyword, markers=args.markers, viewports=tuple(args.viewport),
        workers=args.workers, no_axe=args.no_axe, no_load=args.no_load, breaker=args.breaker,
        page_timeout=args.page_timeout, fail_on_findings=args.fail_on_findings, grid_url=args.grid,
        sign_on_every_journey=args.sign_on_every_journey, axe_every_scenario=args.axe_every_scenario,
    )  # fmt: skip
    return assess(profiles, options, _report_options(args))


def _score(args: argparse.Namespace) -> int:
    from portalqa.assess_job import score

    return score(
        args.reports, allure_html=not args.no_allure_html, report=_report_options(args), shards=args.shards
    )


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
        if profile.embedded is not None and (said := variant_problem(profile)):
            print(f"{profile.source}: embedded: {said}", file=sys.stderr)
            failed = True
            continue
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
