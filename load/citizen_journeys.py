"""Citizen journeys over HTTP: how fast one portal stays when many citizens use it at once.

The portal is chosen by its profile (`--portal ID-or-path`); everything portal-specific (paths, sign-on
form, field names, caps, objectives) comes from the profile's `load:` section. Always its own process
(importing Locust monkey-patches the standard library with gevent, which breaks Selenium):

    .venv/bin/locust -f load/citizen_journeys.py --portal reference --headless -u 5 -r 5 -t 10s
    .venv/bin/locust -f load/citizen_journeys.py --portal reference       # web UI, http://127.0.0.1:8089
    .venv/bin/locust -f load/citizen_journeys.py --portal reference --headless -u 6 -t 10s --processes 2

Without -H an embedded profile starts its own reference portal (two gunicorn workers) on loopback.
Before the first request the load guard checks the profile allows load, the host is loopback or
listed, and users, spawn rate and run time are within the caps; otherwise the process exits with
code 3 and says which key of which file to look at. After the run the objectives decide the exit code:
0 met, 1 missed, 4 nothing was measured.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import sys
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, events, task
from locust.runners import MasterRunner, WorkerRunner
from locust.util.timespan import parse_timespan

from portalqa.load_testing.forms import post_form
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
from portalqa.secrets_guard import RedactingFilter, register, secret_from_env
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
    logging.getLogger().addFilter(RedactingFilter())
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


class _Citizen(FastHttpUser):
    abstract = True
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.profile = run_profile(self.environment)
        self.http = self.profile.load.http
        self.codes = [entry.code for entry in self.profile.procedures.values() if entry.code]

    def wait_time(self) -> float:
        # A citizen reads before the next click; the profile sets how long (0 for benchmarks).
        low, high = self.profile.load.think_time_s
        return random.uniform(low, high)

    def read_information_page(self) -> None:
        if self.codes:
            path = self.profile.urls.procedure_info.format(code=random.choice(self.codes))
            self.client.get(path, name="procedure info")

    def track(self, code: str | None = None) -> None:
        code = code or random.choice(self.http.tracking_codes)
        query = urlencode({self.http.tracking_param: code})
        self.client.get(f"{self.profile.urls.tracking}?{query}", name="track")


class BrowsingCitizen(_Citizen):
    """Most visitors: look around, search, read how a procedure works, check a dossier."""

    weight = 4

    @task(3)
    def home(self) -> None:
        self.client.get(self.profile.urls.home, name="home")

    @task(5)
    def catalogue(self) -> None:
        self.client.get(self.http.catalogue_path, name="catalogue")

    @task(4)
    def search(self) -> None:
        query = urlencode({self.http.search_param: random.choice(self.http.search_terms)})
        self.client.get(f"{self.http.catalogue_path}?{query}", name="search")

    @task(5)
    def information_page(self) -> None:
        self.read_information_page()

    @task(1)
    def track_dossier(self) -> None:
        self.track()


class ApplyingCitizen(_Citizen):
    """A citizen who signs on and works on an online application."""

    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.signed_on = False
        self.e_form_codes = self.http.e_form_codes or self.codes
        self.sign_on()

    def sign_on(self) -> None:
        form_spec = self.http.sign_on
        path = form_spec.path
        if form_spec.next_param:
            path += "?" + urlencode({form_spec.next_param: self.profile.urls.home})
        with self.client.get(path, name="sign-on form", catch_response=True) as response:
            form = post_form(response.text or "", must_have=form_spec.password_field)
            if form is None:
                response.failure("the sign-on page has no form with the password field")
                return
        try:
            personal_id = secret_from_env(self.profile.sign_on.personal_id_env)
            password = secret_from_env(self.profile.sign_on.password_env)
        except KeyError as error:
            self._record_failure("POST", "sign-on", error)
            return
        values = form.values()
        values[form_spec.personal_id_field] = personal_id
        values[form_spec.password_field] = password
        with self._post(form.action or form_spec.path, values, name="sign-on") as response:
            if response.status_code >= 400:
                response.failure(f"sign-on answered HTTP {response.status_code}")
            elif post_form(response.text or "", must_have=form_spec.password_field) is not None:
                response.failure("sign-on was not accepted: the sign-on form came back")
            else:
                self.signed_on = True

    @task(4)
    def work_on_application(self) -> None:
        if not self.signed_on:
            self.sign_on()
            if not self.signed_on:
                return
        if not self.e_form_codes:
            return
        path = self.http.e_form_path.format(code=random.choice(self.e_form_codes))
        with self.client.get(path, name="e-form open", catch_response=True) as response:
            page = response.text or ""
            if post_form(page, must_have=self.http.sign_on.password_field) is not None:
                self.signed_on = False
                response.failure("the session was lost: the portal asked to sign on again")
                return
            form = post_form(page, must_have=self.http.csrf_field)
            if form is None or not form.action:
                response.failure("no e-form on the page")
                return
        self.think()
        with self._post(form.action, form.values(self.http.e_form_values), name="e-form submit") as response:
            if response.status_code >= 400:
                response.failure(f"e-form step answered HTTP {response.status_code}")
            elif response.status_code < 300 and post_form(response.text or "", self.http.csrf_field):
                # Post/redirect/get: a form shown again means the step was not accepted.
                response.failure("the e-form step was not accepted (the form came back with errors)")

    @task(1)
    def information_page(self) -> None:
        self.read_information_page()

    @task(1)
    def track_dossier(self) -> None:
        self.track()

    def think(self) -> None:
        gevent.sleep(self.wait_time())

    def _post(self, action: str, values: dict[str, str], name: str):
        # Form-encoded as a browser sends it; the body (with secrets) never reaches Locust's stats.
        return self.client.post(
            action,
            data=urlencode(values),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name=name,
            catch_response=True,
            allow_redirects=False,
        )

    def _record_failure(self, method: str, name: str, error: Exception) -> None:
        self.environment.events.request.fire(
            request_type=method,
            name=name,
            response_time=0,
            response_length=0,
            exception=error,
            context={},
            response=None,
        )
