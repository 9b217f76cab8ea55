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

import random
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, task

from portalqa.load_testing.forms import post_form
from portalqa.load_testing.locust_hooks import run_profile  # importing it registers portalqa's listeners
from portalqa.secrets_guard import secret_from_env


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
