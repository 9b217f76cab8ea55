"""portalqa's Locust event listeners: the load guard, the duration cap, credentials for workers, and the
verdict that sets Locust's exit code.

The BOUNDARY: this is the only module of portalqa that imports Locust (and gevent). It runs only inside
a Locust process, imported by the locustfiles in load/ (which hold the citizens, the user classes, and
nothing else). Locust never runs inside pytest or inside `portalqa assess`: importing Locust
monkey-patches the standard library with gevent, which breaks Selenium in the same process. Everything
else in portalqa.load_testing (the guard, the results, the forms, the runner that starts Locust as a
subprocess) is plain Python and never imports this module; tests start Locust as a subprocess.

Importing this module registers its listeners on Locust's events: on `init` the guard checks that the
profile allows load, that users, spawn rate and run time are within its caps (before an embedded portal
is even started) and that the host is loopback or listed, and exits with code 3 otherwise; on
`test_start` an interactive run gets the profile's duration cap; on `quitting` the objectives decide the
exit code: 0 met, 1 missed, 4 nothing was measured.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys

import gevent
from locust import events
from locust.runners import MasterRunner, WorkerRunner
from locust.util.timespan import parse_timespan

from portalqa.load_testing.guard import (
    EXIT_REFUSED,
    LoadRefused,
    LoadRequest,
    check_allowed,
    check_caps,
    check_host,
)
from portalqa.load_testing.results import figures_from_entries, judge
from portalqa.profiles.profile import DEFAULT_PROFILE, Profile, ProfileError, load_profile
from portalqa.secrets_guard import install_on_handlers, register
from portalqa.targets.embedded import EmbeddedPortal, EmbeddedPortalError, ensure_test_credentials

EXIT_OBJECTIVES_MISSED = 1
EXIT_NOTHING_MEASURED = 4
# Master -> workers, only for an embedded portal the master started with generated credentials:
# workers forked or started before that moment cannot have them in their environment.
CREDENTIALS_MESSAGE = "portalqa-embedded-credentials"

log = logging.getLogger("portalqa.load")


class _Run:
    """What this Locust process knows about the run (one portal per process)."""

    profile: Profile | None = None
    portal: EmbeddedPortal | None = None
    credentials: dict[str, str] = {}
    duration_cap: gevent.Greenlet | None = None


def run_profile(environment) -> Profile:
    # Workers load it lazily: their --portal may arrive from the master with the first spawn message.
    if _Run.profile is None:
        _Run.profile = load_profile(environment.parsed_options.portal)
    return _Run.profile


@events.init_command_line_parser.add_listener
def _portal_argument(parser) -> None:
    parser.add_argument(
        "--portal",
        default=DEFAULT_PROFILE,
        help=f"portal profile: an id from portals/ or a path to a .yaml file (default: {DEFAULT_PROFILE})",
        # Not editable in the web UI: the guard has already judged this portal.
        include_in_web_ui=False,
    )


@events.init.add_listener
def _guard(environment, runner, web_ui=None, **_kwargs) -> None:
    install_on_handlers()  # Locust has set up its logging handlers by now
    if isinstance(runner, WorkerRunner):
        runner.register_message(CREDENTIALS_MESSAGE, _receive_credentials)
        return
    options = environment.parsed_options
    interactive = not (options.headless or options.autostart)
    try:
        profile = run_profile(environment)
        check_allowed(profile)
        request = LoadRequest(environment.host, options.num_users, options.spawn_rate, options.run_time)
        if not interactive:
            # Caps first: a refused run must not even start an embedded portal.
            check_caps(profile, request)
        host = environment.host or _start_portal(profile) or profile.base_url
        check_host(profile, host)
    except (ProfileError, LoadRefused, EmbeddedPortalError) as error:
        _stop_portal()
        log.error("portalqa load guard: refused, no request sent:\n%s", error)
        sys.exit(EXIT_REFUSED)
    environment.host = host
    # gevent's timers count from the loop's cached clock, last read before Locust imported the
    # locustfile and before this guard (profile, embedded portal) ran: seconds ago. Locust sets its
    # --run-time timer right after this listener; without a fresh clock the run would be cut short by
    # the start-up time (a 5 s run could end before the first request).
    gevent.get_hub().loop.update_now()
    log.info("portalqa: load on %s (%s) at %s", profile.name, profile.source, host)
    if isinstance(runner, MasterRunner) and _Run.credentials:
        _share_credentials(runner)
    if web_ui is not None:
        _guard_web_ui(web_ui, environment, profile)


def _start_portal(profile: Profile) -> str | None:
    if profile.embedded is None:
        return None
    missing = [
        name
        for name in (profile.sign_on.personal_id_env, profile.sign_on.password_env)
        if name not in os.environ
    ]
    ensure_test_credentials(profile)
    _Run.credentials = {name: os.environ[name] for name in missing}
    # Production-like: more than one server process, as a real portal serves load.
    _Run.portal = EmbeddedPortal(profile, workers=2)
    return _Run.portal.start()


def _stop_portal() -> None:
    if _Run.portal is not None:
        _Run.portal.stop()
        shutil.rmtree(_Run.portal.work_dir, ignore_errors=True)
        _Run.portal = None


def _share_credentials(runner: MasterRunner) -> None:
    """Hand generated credentials to every worker: those already connected (they may have connected
    while the portal was starting) and any that connect later."""

    def send(client_id: str) -> None:
        runner.send_message(CREDENTIALS_MESSAGE, _Run.credentials, client_id)

    for worker in list(runner.clients.all):
        send(worker.id)
    runner.environment.events.worker_connect.add_listener(send)


def _receive_credentials(environment, msg, **_kwargs) -> None:
    for name, value in msg.data.items():
        register(value)
        os.environ.setdefault(name, value)


def _guard_web_ui(web_ui, environment, profile: Profile) -> None:
    """The web UI takes users, rate, host and run time from its form: judge them before the swarm."""
    from flask import jsonify, request

    @web_ui.app.before_request
    def _check_swarm():
        if request.method != "POST" or not request.path.endswith("/swarm"):
            return None
        form = request.form
        try:
            host = form.get("host") or environment.host
            run_time = parse_timespan(form["run_time"]) if form.get("run_time") else None
            check_host(profile, host)
            check_caps(
                profile,
                LoadRequest(
                    host, int(form.get("user_count") or 1), float(form.get("spawn_rate") or 1), run_time
                ),
                # Without a run time the UI run is stopped at the cap (see _cap_duration).
                duration_required=False,
            )
        except (LoadRefused, ValueError) as error:
            log.error("portalqa load guard: refused, no request sent:\n%s", error)
            return jsonify({"success": False, "message": f"Refused by the portalqa load guard: {error}"})
        return None


@events.test_start.add_listener
def _cap_duration(environment, **_kwargs) -> None:
    options = environment.parsed_options
    if isinstance(environment.runner, WorkerRunner) or options is None or options.headless:
        return
    # Interactive runs may omit the run time; they still never outlast the profile's cap.
    cap = run_profile(environment).load.max_duration_s
    if _Run.duration_cap is not None:
        _Run.duration_cap.kill(block=False)

    def stop() -> None:
        log.warning("portalqa: load.max_duration_s (%s s) reached, stopping the run", cap)
        environment.runner.stop()

    _Run.duration_cap = gevent.spawn_later(cap, stop)


@events.quitting.add_listener
def _judge_objectives(environment, **_kwargs) -> None:
    if isinstance(environment.runner, WorkerRunner) or _Run.profile is None:
        _stop_portal()
        return
    objectives = _Run.profile.load.objectives
    # The same entries Locust writes to its JSON file, judged by the same code. Not serialize_stats():
    # it resets the figures it returns, which would leave the JSON file empty.
    entries = [entry.serialize() for entry in environment.stats.entries.values()]
    verdict = judge(figures_from_entries(entries), objectives)
    for group in verdict.groups:
        log.info(
            "portalqa objective %-15s p95 %6s ms (limit %g ms) %s",
            group.name,
            "-" if group.p95_ms is None else f"{group.p95_ms:g}",
            group.p95_limit_ms,
            "met" if group.met else "MISSED",
        )
    if verdict.met is None:
        log.error("portalqa: nothing was measured (%s)", "; ".join(verdict.reasons))
        environment.process_exit_code = EXIT_NOTHING_MEASURED
    elif verdict.met:
        log.info("portalqa: objectives met (failure ratio %.2f%%)", 100 * verdict.failure_ratio)
    else:
        log.error("portalqa: objectives missed: %s", "; ".join(verdict.reasons))
        environment.process_exit_code = EXIT_OBJECTIVES_MISSED
    _stop_portal()
