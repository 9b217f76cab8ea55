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

This file holds only the citizens (the user classes). The guard, the duration cap and the objectives
are Locust event listeners in `portalqa.load_testing.locust_hooks`, registered by the import below.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
from contextlib import contextmanager
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, task

from portalqa.load_testing.forms import asks_for_one_time_code, post_form
from portalqa.load_testing.guard import MAX_REDIRECTS, LoadRefused, check_next_url, where
from portalqa.load_testing.locust_hooks import run_profile  # importing it registers portalqa's listeners
from portalqa.profiles.profile import NOT_OFFERED
from portalqa.secrets_guard import MissingCredential, redact, secret_from_env

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# As a browser does: after these the next request is a GET without a body; 307 and 308 repeat it.
REDIRECTS_TO_GET = frozenset({301, 302, 303})
_ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)

log = logging.getLogger("portalqa.load")
_warned: set[str] = set()


class _Citizen(FastHttpUser):
    abstract = True
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.profile = run_profile(self.environment)
        self.http = self.profile.load.http
        # Only procedures the portal offers online (a `not offered` one has no page to load).
        offered = [entry for entry in map(self.profile.procedure_entry, self.profile.procedures) if entry]
        self.codes = [entry.code for entry in offered if entry.code]
        self.info_paths = [
            entry.info_path or self.profile.urls.procedure_info.format(code=entry.code) for entry in offered
        ]

    def _url(self, path: str) -> str:
        # As Locust builds it: the host, then the path; an absolute URL stays as it is.
        return path if _ABSOLUTE.match(path) else f"{self.client.base_url}{path}"

    @contextmanager
    def _follow(self, method: str, url: str, *, name: str, body: str | None = None):
        """Request `url` and follow its redirects as a browser does, one request of group `name` per hop,
        at most MAX_REDIRECTS of them and only to hosts the load guard allows.

        Yields (response, url) of the final answer inside its catch_response block, for the caller to
        judge; or None when the chain was stopped (the failure is already recorded on the last hop).
        The body (form-encoded, it may hold secrets) goes only where the guard allows, never to stats.
        """
        for hop in itertools.count():
            with self.client.request(
                method,
                url,
                name=name,
                data=body,
                headers=FORM_HEADERS if body is not None else None,
                catch_response=True,
                allow_redirects=False,
            ) as response:
                status = response.status_code
                redirected = status in REDIRECTS and response.headers is not None
                location = response.headers.get("Location") if redirected else None
                if not location:
                    yield response, url
                    return
                if hop >= MAX_REDIRECTS:
                    response.failure(f"more than {MAX_REDIRECTS} redirects in a row; not followed further")
                    yield None
                    return
                try:
                    url = check_next_url(self.profile, url, location)
                except LoadRefused as error:
                    response.failure(redact(f"a redirect was not followed: {error}"))
                    yield None
                    return
            if status in REDIRECTS_TO_GET:
                method, body = "GET", None

    def _get(self, path: str, name: str) -> None:
        """A page a citizen opens; redirects are followed only where the load guard allows."""
        with self._follow("GET", self._url(path), name=name) as followed:
            if followed is not None and followed[0].status_code >= 400:
                followed[0].failure(f"{name} answered HTTP {followed[0].status_code}")

    def wait_time(self) -> float:
        # A citizen reads before the next click; the profile sets how long (0 for benchmarks).
        low, high = self.profile.load.think_time_s
        return random.uniform(low, high)

    def read_information_page(self) -> None:
        if self.info_paths:
            self._get(random.choice(self.info_paths), name="procedure info")

    def track(self, code: str | None = None) -> None:
        code = code or random.choice(self.http.tracking_codes)
        query = urlencode({self.http.tracking_param: code})
        self._get(f"{self.profile.urls.tracking}?{query}", name="track")


class BrowsingCitizen(_Citizen):
    """Most visitors: look around, search, read how a procedure works, check a dossier."""

    weight = 4

    @task(3)
    def home(self) -> None:
        self._get(self.profile.urls.home, name="home")

    @task(5)
    def catalogue(self) -> None:
        self._get(self.http.catalogue_path, name="catalogue")

    @task(4)
    def search(self) -> None:
        query = urlencode({self.http.search_param: random.choice(self.http.search_terms)})
        self._get(f"{self.http.catalogue_path}?{query}", name="search")

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
        # Set when signing on again cannot help (a one-time code, a host the guard refuses): the
        # failure is recorded once, and the identity provider is not asked again and again.
        self.sign_on_stopped = False
        self.e_form_codes = self._e_form_codes()
        self.sign_on()

    def _e_form_codes(self) -> list[str]:
        """The procedures whose e-form this citizen opens: those offered online, never a `not offered` one."""
        if not self.http.e_form_codes:
            return self.codes
        not_online = {
            entry.code
            for procedure_id, entry in self.profile.procedures.items()
            if entry != NOT_OFFERED and entry.code and self.profile.procedure_entry(procedure_id) is None
        }
        dropped = [code for code in self.http.e_form_codes if code in not_online]
        if dropped and self.profile.id not in _warned:
            _warned.add(self.profile.id)
            log.warning(
                "portalqa: %s: load.http.e_form_codes lists %s, not offered online; not opened",
                where(self.profile, "load", "http", "e_form_codes"),
                ", ".join(dropped),
            )
        return [code for code in self.http.e_form_codes if code not in not_online]

    def sign_on(self) -> None:
        """Sign on as a browser does: the sign-on page (the portal's, or the identity provider's it
        redirects to), the form posted where it says, then every redirect back to the portal. Only
        hosts the load guard allows are visited; the final page decides whether it worked."""
        if self.sign_on_stopped:
            return
        form_spec = self.http.sign_on
        path = form_spec.path
        if form_spec.next_param:
            path += "?" + urlencode({form_spec.next_param: self.profile.urls.home})
        with self._follow("GET", self._url(path), name="sign-on form") as page:
            if page is None:
                self.sign_on_stopped = True  # a redirect the guard refused, or one too many
                return
            response, page_url = page
            form = post_form(response.text or "", must_have=form_spec.password_field)
            if form is None:
                if 0 < response.status_code < 400:  # otherwise Locust records the error itself
                    response.failure("the sign-on page has no form with the password field")
                return
        try:
            # An empty action posts to the page itself, as in a browser.
            action = check_next_url(self.profile, page_url, form.action or "")
        except LoadRefused as error:
            self.sign_on_stopped = True
            self._record_failure("POST", "sign-on", LoadRefused(f"the sign-on form was not sent: {error}"))
            return
        try:
            personal_id = secret_from_env(self.profile.sign_on.personal_id_env)
            password = secret_from_env(self.profile.sign_on.password_env)
        except MissingCredential as error:
            self._record_failure("POST", "sign-on", error)
            return
        values = form.values()
        values[form_spec.personal_id_field] = personal_id
        values[form_spec.password_field] = password
        with self._follow("POST", action, name="sign-on", body=urlencode(values)) as page:
            if page is None:
                self.sign_on_stopped = True
                return
            response, _ = page
            text = response.text or ""
            if not response.status_code:
                return  # no answer: Locust records the connection error itself
            if response.status_code >= 400:
                response.failure(f"sign-on answered HTTP {response.status_code}")
            elif post_form(text, must_have=form_spec.password_field) is not None:
                response.failure("sign-on was not accepted: the sign-on form came back")
            elif asks_for_one_time_code(text):
                self.sign_on_stopped = True
                response.failure(
                    f"{where(self.profile, 'sign_on')}: the sign-on asked for a one-time code (a second "
                    "factor), which portalqa's HTTP load cannot type; for load runs, sign_on.personal_id_env "
                    "and sign_on.password_env must name a test account that signs on without one"
                )
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
        with self._follow("GET", self._url(path), name="e-form open") as followed:
            if followed is None:
                return  # a redirect the guard refused: recorded as this request's failure
            response, _ = followed
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
            headers=FORM_HEADERS,
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
