"""Tests of the reference portal through Flask's test client (no browser), plus one real server run."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from html.parser import HTMLParser

import pytest
from werkzeug.security import generate_password_hash

from portalqa.paths import PROJECT_ROOT
from reference_portal import create_app, register
from reference_portal.config import ConfigError, deep_merge, load_variant, normalize
from reference_portal.i18n import UI, vnd, working_days
from reference_portal.procedures import default_catalogue

PASSWORD = "Test-only-Passw0rd"
CITIZEN = "001088012345"
OTHER_CITIZEN = "079090001234"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TRACKING = re.compile(r'<strong id="tracking-code">(HS\d{4}-\d{10})</strong>')
# The monitoring (EMC) code every page carries; the only script of a page without defects or dialects.
EMC_TAG = '<script src="/static/emc/emc.js" data-emc-site="{site}" async></script>'
EMC_SCRIPT = re.compile(r'<script src="/static/emc/emc\.js" data-emc-site="[^"]*" async></script>')


def without_emc(html: str) -> str:
    """The page without its EMC monitoring script (to check that it loads no other script)."""
    return EMC_SCRIPT.sub("", html)


# --- helpers -----------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """Collects what a browser would submit from the page's forms: values, selected options, checks."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            elif kind not in ("file", "submit"):
                self.values[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.values.setdefault(self._select, self._first_option or "")
            self._select = None


def form_values(html: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(html)
    return reader.values


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def submit(client, page_url: str, changes: dict | None = None, action: str | None = None, files=None):
    """GET a page, fill its form like a browser would (keeping prefilled values), and POST it."""
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    data = form_values(page.text)
    data.update(changes or {})
    if files:
        data.update(files)
    return client.post(action or page_url, data=data, content_type="multipart/form-data" if files else None)


def sign_in(client, personal_id=CITIZEN, password=PASSWORD, next_url="/"):
    return submit(
        client,
        f"/eid/login?next={next_url}",
        {"personal_id": personal_id, "password": password},
        action="/eid/login",
    )


def location(response) -> str:
    return response.headers["Location"]


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("REFPORTAL_TEST_PASSWORD", PASSWORD)
    monkeypatch.delenv("REFPORTAL_SECRET_KEY", raising=False)
    # Seeding hashes six passwords per app; a cheap hash keeps the suite fast (the method is in the hash).
    monkeypatch.setattr(
        register, "generate_password_hash", lambda p: generate_password_hash(p, method="pbkdf2:sha256:1000")
    )
    counter = iter(range(1000))

    def factory(variant="national", **overrides):
        settings = deep_merge(load_variant(variant), overrides)
        settings["data_dir"] = str(tmp_path / f"data{next(counter)}")
        app = create_app(settings)
        app.config["TESTING"] = True
        return app

    return factory


@pytest.fixture
def client(make_app):
    return make_app().test_client()


# Answers per procedure and step; everything not given keeps the register's prefilled value.
ANSWERS = {
    "1.001193": [
        {"relationship": "Mother"},
        {
            "child_full_name": "Nguyễn Minh Khôi",
            "child_date_of_birth": "2025-01-15",
            "child_sex": "Male",
            "child_place_of_birth": "Bệnh viện Phụ sản Hà Nội",
            "child_ethnicity": "Kinh",
            "child_nationality": "Vietnamese",
        },
        {"mother_full_name": "Nguyễn Thị Lan", "mother_personal_id": CITIZEN},
    ],
    "1.004194": [
        {"phone": "0987000111"},
        {
            "temporary_address": "15 đường Trần Phú, phường Hải Châu",
            "province": "Đà Nẵng",
            "start_date": "2025-02-01",
            "end_date": "2026-01-31",
            "reason": "Work",
            "owner_full_name": "Trần Văn Hùng",
        },
    ],
    "2.000488": [
        {"place_of_birth": "Hà Nội", "nationality": "Vietnamese"},
        {"purpose": "Job application", "copies": "2", "certificate_type": "Certificate No. 1"},
    ],
}
DOCUMENTS = {
    "1.001193": {"medical_birth_certificate": (TINY_PDF, "birth-certificate.pdf")},
    "1.004194": {"proof_of_residence": (TINY_PDF, "rental-contract.pdf")},
    "2.000488": {"portrait_photo": (TINY_PNG, "portrait.png")},
}
# Facts come from the portal's own definitions (their figures are maintained in the YAML files).
CATALOGUE = default_catalogue()
FEES = {code: vnd(CATALOGUE.get(code).fee, "en") for code in ANSWERS}


def files_for(code):
    return {key: (io.BytesIO(data), name) for key, (data, name) in DOCUMENTS[code].items()}


def fill_in_to_payment(client, code) -> str:
    """Sign-on is done; walk the e-form, documents and review. Returns the payment page URL."""
    response = client.get(f"/apply/{code}")
    step_url = location(response)
    assert re.fullmatch(rf"/apply/{re.escape(code)}/\d+/step/1", step_url)
    base = step_url.rsplit("/step/", 1)[0]
    for number, answers in enumerate(ANSWERS[code], start=1):
        response = submit(client, f"{base}/step/{number}", answers)
        assert response.status_code == 302, client.get(f"{base}/step/{number}").text
    assert location(response) == f"{base}/documents"
    response = submit(client, f"{base}/documents", files=files_for(code))
    assert response.status_code == 302 and location(response) == f"{base}/review"
    review = client.get(f"{base}/review")
    assert "<h2>Review your application</h2>" in review.text
    assert "I declare that the information I have given is true" in review.text
    response = submit(client, f"{base}/review", {"declaration": "yes"})
    assert location(response) == f"{base}/payment"
    return f"{base}/payment"


def pay_and_submit(client, payment_url) -> str:
    page = client.get(payment_url)
    assert "<h2>Payment</h2>" in page.text and ">Pay online</button>" in page.text
    response = submit(client, payment_url)
    checkout = location(response)
    assert checkout.startswith("/paygate/checkout/TXN")
    gateway = client.get(checkout)
    assert "Payment gateway (simulated)" in gateway.text and ">Pay now</button>" in gateway.text
    assert "National Public Service Portal" in gateway.text and "Cancel payment" in gateway.text
    response = submit(client, checkout)
    back = location(response)
    assert back.startswith(payment_url + "/return?txn=TXN")
    returned = client.get(back)
    assert "Payment received" in returned.text and ">Submit application</button>" in returned.text
    response = submit(client, back, action=payment_url.replace("/payment", "/submit"))
    return location(response)


# --- pages and layout ----------------------------------------------------------------------------


def test_every_page_has_landmarks_and_security_headers(client):
    for url in ["/", "/procedures", "/procedures/1.001193", "/eid/login?next=/", "/track", "/privacy"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.text
        assert '<html lang="en">' in html
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert (
            "<header" in html and '<nav aria-label="Main"' in html and "<main" in html and "<footer" in html
        )
        assert ">Procedures</a>" in html and ">Track an application</a>" in html and ">Sign in</a>" in html
        assert '<a href="/assistant">Virtual assistant</a>' in html
        assert '<a href="/privacy">Privacy policy</a>' in html and "Accessibility statement</a>" in html
        assert "National Public Service Portal" in html
        assert "http://" not in html and "https://" not in html, f"external reference on {url}"
        assert html.count(EMC_TAG.format(site="national")) == 1
        assert "<script" not in without_emc(html) and "style=" not in html
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
    assert client.get("/healthz").text == "ok"
    assert client.get("/nowhere").status_code == 404


def test_catalogue_search_and_information_page(client):
    catalogue = client.get("/procedures").text
    assert "<h1>Procedures</h1>" in catalogue and '<label for="q">Search procedures</label>' in catalogue
    assert "25 procedures." in catalogue and "At the counter only" not in catalogue
    for name, code in [("Birth registration", "1.001193"), ("Marriage registration", "1.000894")]:
        assert f'<a href="/procedures/{code}">{name}</a>' in catalogue and code in catalogue
    found = client.get("/procedures?q=tam+tru").text  # diacritic-insensitive: "tạm trú"
    assert "Temporary residence registration" in found and "Birth registration</a>" not in found

    info = client.get("/procedures/1.001193").text
    assert "<h1>Birth registration</h1>" in info
    headings = re.findall(r"<h2>([^<]+)</h2>", info)
    assert headings == [
        "Steps",
        "Required documents",
        "Fees",
        "Time limit",
        "Agency",
        "Legal basis",
        "Result",
    ]
    birth = CATALOGUE.get("1.001193")
    assert f"<dt>Online</dt>\n  <dd>{vnd(birth.fee_online, 'en')}</dd>" in info
    assert f"<dt>In person</dt>\n  <dd>{vnd(birth.fee_in_person, 'en')}</dd>" in info
    assert f"<dd>{working_days(birth.days_online, 'en')}</dd>" in info and "Decree 123/2015/ND-CP" in info
    assert '<a class="button button-start" href="/apply/1.001193">Apply online</a>' in info

    assert client.get("/procedures/9.999999").status_code == 404


# --- sign-on -------------------------------------------------------------------------------------


def test_signed_out_applicant_is_sent_to_eid_and_back(client):
    response = client.get("/apply/1.001193")
    assert location(response) == "/eid/login?next=/apply/1.001193"
    page = client.get(location(response)).text
    assert "National Electronic Identification" in page and "Simulated for testing" in page
    assert '<label for="personal_id">Personal identification number</label>' in page
    assert '<label for="password">Password</label>' in page and 'inputmode="numeric"' in page
    response = sign_in(client, next_url="/apply/1.001193")
    assert location(response) == "/apply/1.001193"
    home = client.get("/").text
    assert "Nguyễn Thị Lan" in home and ">Sign out</button>" in home and ">Sign in</a>" not in home
    response = submit(client, "/", action="/eid/logout")
    assert response.status_code == 302 and ">Sign in</a>" in client.get("/").text


def test_wrong_password_and_wrong_format_are_rejected(client):
    response = sign_in(client, password="wrong-password")
    assert response.status_code == 200
    assert "The personal identification number or password is incorrect" in response.text
    response = sign_in(client, personal_id="12345")
    assert '<p id="personal_id-error" class="field-error">' in response.text
    assert "Enter your 12-digit personal identification number" in response.text
    assert 'value="12345"' in response.text
    assert ">Sign in</a>" in client.get("/").text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_open_redirect_is_refused(client, target):
    response = submit(
        client,
        "/eid/login?next=/",
        {"personal_id": CITIZEN, "password": PASSWORD, "next": target},
        "/eid/login",
    )
    assert location(response) == "/"


def test_csrf_token_is_enforced(client):
    no_token = client.post("/eid/login", data={"personal_id": CITIZEN, "password": PASSWORD})
    assert no_token.status_code == 400 and "security token" in no_token.text
    client.get("/eid/login?next=/")
    bad = client.post("/eid/login", data={"personal_id": CITIZEN, "password": PASSWORD, "csrf_token": "x"})
    assert bad.status_code == 400
    assert ">Sign in</a>" in client.get("/").text


def test_session_cookie_is_httponly_and_lax(client):
    response = sign_in(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- the three online procedures end to end -----------------------------------------------------


@pytest.mark.parametrize("code", ["1.001193", "1.004194", "2.000488"])
def test_procedure_end_to_end(client, code):
    sign_in(client)
    step1 = client.get(location(client.get(f"/apply/{code}"))).text
    assert "Step 1 of " in step1 and ": Applicant</h2>" in step1
    assert 'value="Nguyễn Thị Lan"' in step1 and 'value="001088012345"' in step1
    assert 'value="1988-03-14"' in step1 and 'value="lan.nguyen@example.com"' in step1
    assert re.search(r'id="personal_id"[^>]*readonly', step1, re.S)

    payment_url = fill_in_to_payment(client, code)
    if CATALOGUE.get(code).fee:
        assert f"Fee: <strong>{FEES[code]}</strong>" in client.get(payment_url).text
        submitted_url = pay_and_submit(client, payment_url)
    else:
        assert "There is no fee for this procedure." in client.get(payment_url).text
        submitted_url = location(
            submit(client, payment_url, action=payment_url.replace("/payment", "/submit"))
        )
    page = client.get(submitted_url).text
    assert "<h1>Application submitted</h1>" in page
    tracking_code = TRACKING.search(page).group(1)
    assert f'href="/track?code={tracking_code}">Track this application</a>' in page

    tracked = client.get(f"/track?code={tracking_code}").text
    assert '<h2 id="status-heading">Status</h2>' in tracked
    timeline = re.search(r'<ol aria-label="Status timeline"[^>]*>(.*?)</ol>', tracked, re.S).group(1)
    statuses = re.findall(r'<span class="status-name">([^<]+)</span>', timeline)
    assert statuses == ["Submitted", "Accepted", "Processed", "Result issued"]
    assert ">Download electronic result</a>" in tracked

    pdf = client.get(f"/results/{tracking_code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf.data.startswith(b"%PDF-") and pdf.data.rstrip().endswith(b"%%EOF")
    assert tracking_code.encode() in pdf.data and b"Nguyen Thi Lan" in pdf.data
    assert b"Electronic result issued by" in pdf.data

    # A submitted dossier cannot be edited any more; its pages lead to the confirmation.
    base = payment_url.rsplit("/payment", 1)[0]
    assert location(client.get(f"{base}/step/1")) == submitted_url


def test_application_resumes_the_same_draft_and_steps_cannot_be_skipped(client):
    sign_in(client)
    first = location(client.get("/apply/1.001193"))
    assert location(client.get("/apply/1.001193")) == first
    base = first.rsplit("/step/", 1)[0]
    assert location(client.get(f"{base}/review")) == f"{base}/step/1"
    assert location(client.get(f"{base}/step/3")) == f"{base}/step/1"


def test_validation_error_keeps_typed_values_and_is_linked_to_the_field(client):
    sign_in(client)
    base = location(client.get("/apply/1.001193")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1", ANSWERS["1.001193"][0])
    typed = dict(ANSWERS["1.001193"][1], child_date_of_birth="15/01/2025", child_ethnicity="")
    response = submit(client, f"{base}/step/2", typed)
    html = response.text
    assert response.status_code == 200 and "<title>Error: " in html
    assert '<div role="alert" class="error-summary"' in html and "<h2>There is a problem</h2>" in html
    assert '<a href="#child_date_of_birth">Enter the child&#39;s date of birth as YYYY-MM-DD</a>' in html
    assert '<p id="child_date_of_birth-error" class="field-error">' in html
    field = re.search(r'<input id="child_date_of_birth"[^>]*>', html, re.S).group(0)
    assert 'value="15/01/2025"' in field and 'aria-invalid="true"' in field
    assert re.search(r'aria-describedby="[^"]*child_date_of_birth-error', field)
    assert 'value="Nguyễn Minh Khôi"' in html  # the other typed values are kept too
    assert '<a href="#child_ethnicity">Enter the child&#39;s ethnicity</a>' in html
    future = submit(client, f"{base}/step/2", dict(typed, child_date_of_birth="2999-01-01")).text
    assert "The child&#39;s date of birth must be today or in the past" in future


def test_uploads_are_checked_by_content_type_and_size(client):
    sign_in(client)
    base = location(client.get("/apply/1.001193")).rsplit("/step/", 1)[0]
    for number, answers in enumerate(ANSWERS["1.001193"], start=1):
        submit(client, f"{base}/step/{number}", answers)
    page = client.get(f"{base}/documents").text
    assert "<h2>Documents</h2>" in page
    assert "Medical birth certificate (PDF, JPG or PNG, up to 5 MB)</label>" in page
    missing = submit(client, f"{base}/documents").text
    assert "Attach the medical birth certificate" in missing
    fake = submit(
        client, f"{base}/documents", files={"medical_birth_certificate": (io.BytesIO(b"MZ..."), "x.pdf")}
    )
    assert "The file must be a PDF, JPG or PNG" in fake.text
    big = io.BytesIO(b"%PDF-" + b"0" * (5 * 1024 * 1024))
    too_big = submit(client, f"{base}/documents", files={"medical_birth_certificate": (big, "big.pdf")})
    assert "The file must be 5 MB or smaller" in too_big.text
    ok = submit(client, f"{base}/documents", files=files_for("1.001193"))
    assert location(ok) == f"{base}/review"
    assert "Uploaded: birth-certificate.pdf" in client.get(f"{base}/documents").text
    assert location(submit(client, f"{base}/documents")) == f"{base}/review"  # re-upload is optional
    unticked = submit(client, f"{base}/review")
    assert "Confirm that the information you have given is true" in unticked.text
    assert 'aria-invalid="true"' in unticked.text


def test_payment_can_be_cancelled_and_retried(client):
    sign_in(client)
    payment_url = fill_in_to_payment(client, "1.004194")
    checkout = location(submit(client, payment_url))
    cancel = re.search(r'<a href="([^"]+)" class="back-link">Cancel payment</a>', client.get(checkout).text)
    page = client.get(cancel.group(1).replace("&amp;", "&")).text
    assert "Payment was cancelled" in page and ">Pay online</button>" in page
    assert "<h1>Application submitted</h1>" in client.get(pay_and_submit(client, payment_url)).text


# --- defect switches and privacy ---------------------------------------------------------------


def test_no_online_payment_shows_counter_text(make_app):
    client = make_app(defects={"no_online_payment": ["1.004194"]}).test_client()
    sign_in(client)
    payment_url = fill_in_to_payment(client, "1.004194")
    page = client.get(payment_url).text
    assert "Pay online" not in page
    assert (
        "Online payment is not available for this procedure. Pay the fee at the counter of "
        "Commune Police when you collect the result." in page
    )
    response = submit(client, payment_url, action=payment_url.replace("/payment", "/submit"))
    assert TRACKING.search(client.get(location(response)).text)


def test_result_in_person_hides_the_download(make_app):
    client = make_app(defects={"result_in_person": ["2.000488"]}).test_client()
    sign_in(client)
    page = client.get(pay_and_submit(client, fill_in_to_payment(client, "2.000488"))).text
    code = TRACKING.search(page).group(1)
    tracked = client.get(f"/track?code={code}").text
    assert "Download electronic result" not in tracked
    assert "Collect the result in person at the counter of Provincial Department of Justice." in tracked
    assert client.get(f"/results/{code}.pdf").status_code == 404


def test_appointment_in_person_asks_for_a_date(make_app):
    client = make_app(defects={"appointment_in_person": ["1.004194"]}).test_client()
    sign_in(client)
    payment_url = fill_in_to_payment(client, "1.004194")
    page = client.get(payment_url).text
    assert "You must attend an appointment at Commune Police to present the original documents." in page
    submitted = client.get(pay_and_submit(client, payment_url)).text
    assert "Your appointment to present the original documents" in submitted


def test_only_the_owner_sees_an_application(make_app):
    app = make_app()
    owner = app.test_client()
    sign_in(owner)
    payment_url = fill_in_to_payment(owner, "1.004194")
    code = TRACKING.search(owner.get(pay_and_submit(owner, payment_url)).text).group(1)

    anonymous = app.test_client()
    page = anonymous.get(f"/track?code={code}").text
    assert "Sign in to see this application" in page and "Status timeline" not in page
    assert anonymous.get(f"/results/{code}.pdf").status_code == 302

    other = app.test_client()
    sign_in(other, personal_id=OTHER_CITIZEN)
    assert "Status timeline" not in other.get(f"/track?code={code}").text
    assert other.get(f"/results/{code}.pdf").status_code == 404
    assert other.get(payment_url).status_code == 404
    assert (
        "No application with the tracking code HS2000-9999999999 was found"
        in other.get("/track?code=HS2000-9999999999").text
    )
    assert "format HS2026-4038215967" in other.get("/track?code=nonsense").text


# --- configuration ---------------------------------------------------------------------------------


def test_variant_configuration_is_validated(tmp_path):
    with pytest.raises(ConfigError, match="defects.no_such_defect"):
        normalize({"defects": {"no_such_defect": []}})
    with pytest.raises(ConfigError, match=r"defects.result_in_person: unknown procedure code '9.999'"):
        normalize({"defects": {"result_in_person": ["9.999"]}})
    with pytest.raises(ConfigError, match="unknown config key 'colour'"):
        normalize({"colour": "red"})
    variant = tmp_path / "province.yaml"
    variant.write_text(
        'extends: national\nname: Example Province Portal\ndefects:\n  no_online_payment: ["1.001193"]\n',
        encoding="utf-8",
    )
    loaded = load_variant(path=variant)
    assert loaded["name"] == "Example Province Portal" and loaded["owner"] == "Government Office"
    assert (
        loaded["defects"]["no_online_payment"] == ["1.001193"] and loaded["defects"]["result_in_person"] == []
    )


# --- every procedure, generically, from the portal's own definitions -----------------------------


ALL_CODES = sorted(default_catalogue().codes)
LINKED = {"2.002311": 3, "2.002312": 3}


def sample_value(field) -> str:
    """A valid answer for a field, derived from its definition only."""
    if field.type == "select":
        return field.options[0]
    if field.type == "date":
        return "2025-06-30" if field.after else "2024-01-15"
    if field.type == "number":
        return str(field.min or 1)
    if field.format == "personal_id":
        return "001088012345"
    if field.digits:
        return "1" * field.digits
    if field.type == "email":
        return "test@example.com"
    if field.type == "tel":
        return "0912345678"
    return "Giá trị thử nghiệm"


class Portal:
    """Walks an application through whatever pages the portal's skin and defects show (test client)."""

    def __init__(self, app, client=None):
        self.app = app
        self.client = client or app.test_client()
        self.adapter = app.url_map.bind("localhost")

    def url(self, endpoint, **values):
        with self.app.test_request_context():
            from flask import url_for

            return url_for(endpoint, **values)

    def endpoint(self, path):
        return self.adapter.match(path.split("?", 1)[0])[0]

    def sign_in(self, personal_id=CITIZEN):
        login = self.url("eid.login")
        return submit(
            self.client, f"{login}?next=/", {"personal_id": personal_id, "password": PASSWORD}, login
        )

    def apply(self, code, lang="en", answers=None, typed_register=False) -> dict:
        """Complete the procedure; returns what happened on the way (pages seen, tracking code)."""
        procedure = default_catalogue(lang).get(code)
        seen = {"pages": [], "document_labels": []}
        here = location(self.client.get(self.url("eform.start", code=code)))
        for _ in range(20):
            endpoint = self.endpoint(here)
            seen["pages"].append(endpoint)
            page = self.client.get(here)
            assert page.status_code == 200, (here, page.status_code)
            if endpoint == "eform.step":
                number = int(here.rstrip("/").rsplit("/", 1)[1])
                values = form_values(page.text)
                changes = {}
                for field in procedure.step(number).fields:
                    given = (answers or {}).get(field.name)
                    if given is not None:
                        changes[field.name] = given
                    elif not values.get(field.name) or typed_register:
                        changes[field.name] = sample_value(field)
                response = submit(self.client, here, changes)
            elif endpoint == "eform.documents":
                files = {}
                for name, accept in re.findall(
                    r'name="([a-z_]+)" type="file"[^>]*accept="([^"]+)"', page.text
                ):
                    seen["document_labels"].append(name)
                    data, ext = (TINY_PDF, "pdf") if "pdf" in accept else (TINY_PNG, "png")
                    files[name] = (io.BytesIO(data), f"{name}.{ext}")
                response = submit(self.client, here, files=files or None)
            elif endpoint == "eform.review":
                response = submit(self.client, here, {"declaration": "yes"})
            elif endpoint in ("eform.payment", "eform.payment_return"):
                submit_action = re.search(r'action="([^"]+/(?:submit|nop))"', page.text)
                if submit_action:
                    seen["page_text"] = page.text
                    response = submit(self.client, here, action=submit_action.group(1))
                else:
                    checkout = location(submit(self.client, here))
                    assert self.endpoint(checkout) == "paygate.checkout"
                    seen["paid"] = True
                    response = submit(self.client, checkout)
            elif endpoint == "eform.submitted":
                seen["tracking_code"] = TRACKING.search(page.text).group(1)
                seen["submitted_text"] = page.text
                return seen
            else:
                raise AssertionError(f"unexpected page {here}")
            assert response.status_code == 302, (here, response.text[:3000])
            here = location(response)
        raise AssertionError(f"never reached the confirmation: {seen['pages']}")

    def track(self, tracking_code):
        return self.client.get(self.url("tracking.track", code=tracking_code)).text


def test_procedure_definitions_are_complete_in_both_languages():
    english, vietnamese = default_catalogue("en"), default_catalogue("vi")
    # The 24 essential services plus one beyond the standard (business household registration).
    assert len(english) == 25 and english.online_codes == english.codes
    for code in english.codes:
        en, vi = english.get(code), vietnamese.get(code)
        assert en.name != vi.name and en.local_name == vi.name, code
        assert en.fee_online <= en.fee_in_person, code  # the priority policy for online applications
        assert en.results and len(en.results) == len(vi.results)
        for step_en, step_vi in zip(en.steps, vi.steps, strict=True):
            assert step_en.title != step_vi.title, (code, step_en.title)
            for f_en, f_vi in zip(step_en.fields, step_vi.fields, strict=True):
                assert f_en.label != f_vi.label, (code, f_en.name)
                assert f_en.options == f_vi.options  # submitted values are the English texts
                if f_en.options and not all(len(o) <= 2 for o in f_en.options):  # "A1", "B2" stay as they are
                    assert f_en.option_labels != f_vi.option_labels, (code, f_en.name)
        for d_en, d_vi in zip(en.documents, vi.documents, strict=True):
            assert d_en.name != d_vi.name, (code, d_en.key)
        for lang_procedure in (en, vi):
            labels = [f.label for f in lang_procedure.all_fields()]
            assert len(labels) == len(set(labels)), f"{code}: two fields share a label"
    for key, (en_text, vi_text) in UI.items():
        assert en_text and vi_text, key


def test_every_procedure_can_be_completed_online(make_app):
    portal = Portal(make_app())
    portal.sign_in()
    for code in ALL_CODES:
        procedure = default_catalogue().get(code)
        seen = portal.apply(code)
        assert seen.get("paid", False) == (procedure.fee > 0), code
        assert ("eform.documents" in seen["pages"]) == any(not d.held_by_state for d in procedure.documents)
        tracked = portal.track(seen["tracking_code"])
        timeline = re.search(r'<ol aria-label="Status timeline"[^>]*>(.*?)</ol>', tracked, re.S).group(1)
        assert re.findall(r'class="status-name">([^<]+)<', timeline)[-1] == "Result issued"
        links = re.findall(
            r'<a class="button" href="([^"]+)" download>(Download electronic result[^<]*)</a>', tracked
        )
        assert len(links) == LINKED.get(code, 1), (code, links)
        for href, _text in links:
            pdf = portal.client.get(href)
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-"), (code, href)


def test_linked_procedures_give_three_results_from_one_submission(make_app):
    portal = Portal(make_app())
    portal.sign_in()
    seen = portal.apply("2.002311")
    tracked = portal.track(seen["tracking_code"])
    texts = re.findall(r"download>(Download electronic result[^<]*)</a>", tracked)
    assert texts == [
        "Download electronic result (Birth certificate extract)",
        "Download electronic result (Permanent residence registration notice)",
        "Download electronic result (Child&#39;s health-insurance card)",
    ]
    code = seen["tracking_code"]
    bodies = [portal.client.get(url).data for url in (f"/results/{code}.pdf", f"/results/{code}/2.pdf")]
    bodies.append(portal.client.get(f"/results/{code}/3.pdf").data)
    assert b"Health-insurance card of the child" in bodies[2] and b"Social Insurance office" in bodies[2]
    assert len(set(bodies)) == 3
    assert portal.client.get(f"/results/{code}/4.pdf").status_code == 404


def test_citizen_id_card_always_needs_an_appointment(make_app):
    portal = Portal(make_app())
    info = portal.client.get("/procedures/2.001702").text
    assert "Apply online</a>" in info and "for biometrics" in info
    portal.sign_in()
    seen = portal.apply("2.001702")
    assert (
        "You must attend an appointment at Commune Police to present the original documents."
        in seen["page_text"]
    )
    assert '<label for="appointment_date">Appointment date</label>' in seen["page_text"]
    assert "Your appointment to present the original documents" in seen["submitted_text"]


def test_redundant_documents_asks_for_a_document_the_state_holds(make_app):
    portal = Portal(make_app(defects={"redundant_documents": ["1.000894", "2.000488"]}))
    portal.sign_in()
    marriage = portal.apply("1.000894")  # national: no document at all; here the marital-status certificate
    assert marriage["document_labels"] == ["marital_status_certificate"]
    base = portal.url("eform.start", code="2.000488")
    step = location(portal.client.get(base))
    for number, answers in enumerate(ANSWERS["2.000488"], start=1):
        submit(portal.client, step.replace("/step/1", f"/step/{number}"), answers)
    page = portal.client.get(step.replace("/step/1", "/documents")).text
    assert "Copy of citizen identity card (PDF, JPG or PNG, up to 5 MB)</label>" in page
    missing = submit(portal.client, step.replace("/step/1", "/documents"), files=files_for("2.000488"))
    assert "Attach the copy of citizen identity card" in missing.text


def test_no_prefill_leaves_applicant_fields_to_type(make_app):
    portal = Portal(make_app(defects={"no_prefill": ["1.004194"]}))
    portal.sign_in()
    step1 = portal.client.get(location(portal.client.get("/apply/1.004194"))).text
    assert 'value="Nguyễn Thị Lan"' not in step1 and 'value="001088012345"' not in step1
    assert not re.search(r'id="personal_id"[^>]*readonly', step1, re.S)
    assert "filled in what the population register knows" not in step1
    assert "It cannot be changed here" not in step1
    seen = portal.apply("1.004194", typed_register=True)
    assert "tracking_code" in seen
    birth = portal.client.get(location(portal.client.get("/apply/1.001193"))).text
    assert 'value="Nguyễn Thị Lan"' in birth  # other procedures still pre-fill


def test_not_offered_online_leaves_only_the_information_page(make_app):
    client = make_app(defects={"not_offered_online": ["1.000894"]}).test_client()
    page = client.get("/procedures/1.000894").text
    assert "Apply online" not in page and "<dd>Not available online</dd>" in page
    assert (
        "This procedure is not yet available online. Submit the dossier at the counter of "
        "Commune People&#39;s Committee." in page
    )
    assert "At the counter only" in client.get("/procedures?q=marriage").text
    assert "Marriage registration</a>" not in client.get("/").text
    sign_in(client)
    assert client.get("/apply/1.000894").status_code == 404


def test_vietnamese_portal(make_app):
    portal = Portal(make_app("province", defects={"no_prefill": [], "appointment_in_person": []}))
    home = portal.client.get("/").text
    assert '<html lang="vi">' in home and ">Thủ tục hành chính</a>" in home and ">Đăng nhập</a>" in home
    assert ">Chính sách bảo mật</a>" in home and 'hreflang="en">English</a>' in home
    info = portal.client.get("/procedures/1.001193").text
    assert "<h1>Đăng ký khai sinh</h1>" in info and ">Nộp hồ sơ trực tuyến</a>" in info
    birth = CATALOGUE.get("1.001193")
    assert f"<dd>{vnd(birth.fee_online, 'vi')}</dd>" in info
    assert f"<dd>{working_days(birth.days_online, 'vi')}</dd>" in info
    login = portal.client.get("/eid/login?next=/").text
    assert '<label for="personal_id">Số định danh cá nhân</label>' in login
    assert '<label for="password">Mật khẩu</label>' in login and ">Đăng nhập</button>" in login
    portal.sign_in()
    step1 = portal.client.get(location(portal.client.get("/apply/1.001193"))).text
    for label in ("Họ và tên", "Ngày sinh", "Quan hệ với trẻ"):
        assert f">{label}</label>" in step1, label
    assert '<option value="Mother">Mẹ</option>' in step1 and ">Tiếp tục</button>" in step1
    error = submit(portal.client, location(portal.client.get("/apply/1.001193")), {"relationship": ""}).text
    assert "Có lỗi cần sửa" in error and "Chọn quan hệ với trẻ" in error
    seen = portal.apply("1.001193", lang="vi")
    assert "Nộp hồ sơ</button>" in seen["page_text"]
    assert "<h1>Đã nộp hồ sơ</h1>" in seen["submitted_text"] and "Mã hồ sơ:" in seen["submitted_text"]
    tracked = portal.track(seen["tracking_code"])
    assert 'aria-label="Tiến trình hồ sơ"' in tracked and ">Tải kết quả điện tử</a>" in tracked
    assert "Đã có kết quả" in tracked
    # The province's own defects, in Vietnamese.
    defective = Portal(make_app("province"))
    assert "chưa được cung cấp trực tuyến" in defective.client.get("/procedures/2.000710").text
    defective.sign_in()
    seen = defective.apply("2.000889", lang="vi")
    assert (
        "Bạn phải đến Văn phòng đăng ký đất đai theo lịch hẹn để xuất trình bản chính giấy tờ."
        in seen["page_text"]
    )


def test_language_switch(make_app):
    client = make_app().test_client()
    page = client.get("/procedures/1.001193").text
    assert '<a href="/procedures/1.001193?lang=vi" lang="vi" hreflang="vi">Tiếng Việt</a>' in page
    assert '<html lang="vi">' in client.get("/procedures/1.001193?lang=vi").text
    assert "<h1>Đăng ký khai sinh</h1>" in client.get("/procedures/1.001193").text  # kept in the session
    assert '<html lang="en">' in client.get("/?lang=en").text
    english_only = make_app("ministry").test_client()
    assert "Tiếng Việt" not in english_only.get("/").text
    assert '<html lang="en">' in english_only.get("/?lang=vi").text


def test_counter_payment_and_result_in_person_in_vietnamese(make_app):
    portal = Portal(
        make_app(
            "province",
            defects={"no_online_payment": ["2.000488"], "result_in_person": ["2.000488"], "no_prefill": []},
        )
    )
    portal.sign_in()
    seen = portal.apply("2.000488", lang="vi")
    assert (
        "Dịch vụ chưa hỗ trợ thanh toán trực tuyến. Nộp phí tại quầy của Sở Tư pháp khi nhận kết quả."
        in seen["page_text"]
    )
    tracked = portal.track(seen["tracking_code"])
    assert "Nhận kết quả trực tiếp tại quầy của Sở Tư pháp." in tracked and "Tải kết quả" not in tracked


def test_alternate_skin_is_built_differently(make_app):
    portal = Portal(make_app("province_alt"))
    home = portal.client.get("/").text
    assert '<html lang="vi">' in home and "portal-alt.css" in home and "English" not in home
    assert 'href="/dich-vu-cong"' in home and 'href="/tra-cuu-ho-so"' in home
    assert '<label for="' not in home and "<ul" not in home.split("<main", 1)[0]
    assert portal.client.get("/procedures/1.001193").status_code == 404
    info = portal.client.get("/dich-vu-cong/thu-tuc/1.001193").text
    assert '<table class="bang bang-thong-tin">' in info
    assert '<a class="nut nut-lon" href="/nop-ho-so/1.001193">Nộp hồ sơ trực tuyến</a>' in info
    assert location(portal.client.get("/nop-ho-so/1.001193")) == "/eid/login?next=/nop-ho-so/1.001193"
    portal.sign_in()
    step = location(portal.client.get("/nop-ho-so/1.001193"))
    assert re.fullmatch(r"/nop-ho-so/1\.001193/\d+/buoc/1", step)
    page = portal.client.get(step).text
    assert '<label for="' not in page and '<input type="submit" class="nut" value="Tiếp tục">' in page
    assert re.search(r'<label class="nhan-boc"><span class="nhan">Họ và tên</span>', page)
    assert 'aria-labelledby="nhan-relationship"' in page and '<option value="Mother">Mẹ</option>' in page
    seen = portal.apply("1.001193", lang="vi")
    assert (
        bool(seen.get("paid")) == (CATALOGUE.get("1.001193").fee > 0) and "eform.documents" in seen["pages"]
    )
    code = seen["tracking_code"]
    tracked = portal.client.get(f"/tra-cuu-ho-so?code={code}").text
    assert '<ul aria-label="Tiến trình xử lý" class="tien-trinh">' in tracked
    assert f'<a class="nut" href="/ket-qua/{code}.pdf" download>Tải kết quả điện tử</a>' in tracked
    assert portal.client.get(f"/ket-qua/{code}.pdf").data.startswith(b"%PDF-")
    linked = portal.apply("2.002312", lang="vi")
    tracked = portal.track(linked["tracking_code"])
    assert len(re.findall(r"download>Tải kết quả điện tử \(", tracked)) == 3


def test_procedure_files_are_checked(tmp_path):
    from reference_portal.procedures import ProcedureError, load_catalogue

    source = (PROJECT_ROOT / "reference_portal" / "procedures" / "1.010063.yaml").read_text(encoding="utf-8")
    (tmp_path / "_applicant.yaml").write_text("fields: []\n", encoding="utf-8")
    comma = source.replace("vi: Xác nhận số Chứng minh nhân dân cũ}", "vi: Xác nhận, số cũ}")
    (tmp_path / "1.010063.yaml").write_text(comma, encoding="utf-8")
    with pytest.raises(ProcedureError, match="quote texts that contain a comma"):
        load_catalogue(tmp_path, lang="vi")
    dearer = source.replace("fees: {online: 0, in_person: 0}", "fees: {online: 10, in_person: 0}")
    (tmp_path / "1.010063.yaml").write_text(dearer, encoding="utf-8")
    with pytest.raises(ProcedureError, match="priority policy"):
        load_catalogue(tmp_path)


def test_family_variants_load():
    ministry, province, alternate = (load_variant(v) for v in ("ministry", "province", "province_alt"))
    assert ministry["level"] == "ministry" and ministry["languages"] == ["en"]
    assert ministry["defects"]["no_online_payment"] == ["2.000488"]
    assert province["language"] == "vi" and len(province["defects"]["no_prefill"]) == 2
    assert alternate["skin"] == "alternate" and alternate["languages"] == ["vi"]
    assert not any(alternate["defects"].values())
    with pytest.raises(ConfigError, match="skin: unknown skin"):
        normalize({"skin": "retro"})
    with pytest.raises(ConfigError, match="languages: must include"):
        normalize({"language": "vi", "languages": ["en"]})


# --- defect switches for the quality criteria ------------------------------------------------------


def visible_text(html: str) -> str:
    """Roughly what a reader sees: no tags, scripts or attribute values."""
    import html as html_module

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def step_one(portal, code) -> tuple[str, str]:
    """Sign in and open the first e-form step; returns (its address, its HTML)."""
    portal.sign_in()
    url = location(portal.client.get(portal.url("eform.start", code=code)))
    return url, portal.client.get(url).text


def test_a_star_switches_a_defect_on_for_every_page_and_codes_only_for_their_procedure(make_app):
    from reference_portal.defects import DEFECTS, Defects

    assert normalize({"defects": {"no_assistant": ["*"]}})["defects"]["no_assistant"] == ["*"]
    with pytest.raises(ConfigError, match=r"or '\*' for every page"):
        normalize({"defects": {"no_assistant": ["everywhere"]}})
    defects = Defects({"no_privacy_link": ["*"], "slow_page": ["2.000488"]})
    assert defects.applies("no_privacy_link", None) and defects.applies("no_privacy_link", "1.004194")
    assert defects.applies("slow_page", "2.000488") and not defects.applies("slow_page", "1.004194")
    assert not defects.applies("slow_page", None)  # a page of no procedure only matches "*"
    assert defects.everywhere("no_privacy_link") and not defects.everywhere("slow_page")
    with pytest.raises(KeyError):
        defects.applies("no_such_defect", None)
    assert all(description and len(description) < 110 for description in DEFECTS.values())

    client = make_app(defects={"no_privacy_link": ["*"]}).test_client()
    for url in ["/", "/procedures", "/procedures/2.000488", "/eid/login?next=/", "/track", "/assistant"]:
        page = client.get(url)
        assert page.status_code == 200 and 'href="/privacy"' not in page.text, url
    assert client.get("/privacy").status_code == 200  # the policy itself still exists


def test_no_privacy_link_only_on_the_procedures_pages(make_app):
    portal = Portal(make_app(defects={"no_privacy_link": ["1.004194"]}))
    for url in ["/", "/procedures", "/procedures/2.000488", "/track", "/assistant", "/eid/login?next=/"]:
        assert '<a href="/privacy">Privacy policy</a>' in portal.client.get(url).text, url
    assert 'href="/privacy"' not in portal.client.get("/procedures/1.004194").text
    portal.sign_in()
    seen = portal.apply("1.004194")
    assert 'href="/privacy"' not in seen["page_text"] and 'href="/privacy"' not in seen["submitted_text"]
    assert 'href="/privacy"' not in portal.track(seen["tracking_code"])
    vi = make_app("province").test_client()
    assert '<a href="/privacy">Chính sách bảo mật</a>' in vi.get("/procedures/1.004194").text


def test_extra_fields_are_optional_questions_on_the_first_step(make_app):
    portal = Portal(make_app(defects={"extra_fields": ["1.004194"]}))
    url, page = step_one(portal, "1.004194")
    assert '<label for="religion">Religion</label>' in page
    assert '<label for="occupation">Occupation</label>' in page
    assert re.search(r'<input id="religion" name="religion" value=""\s+type="text"', page)
    assert not re.search(r'id="(religion|occupation)"[^>]*required', page)
    assert location(submit(portal.client, url, ANSWERS["1.004194"][0])) == url.replace("/step/1", "/step/2")
    assert "tracking_code" in portal.apply("1.004194")  # empty answers are accepted all the way
    other = portal.client.get(location(portal.client.get("/apply/2.000488"))).text
    assert "Religion" not in other and "Occupation" not in other
    vi = Portal(make_app("province", defects={"extra_fields": ["2.000488"]}))
    _, page = step_one(vi, "2.000488")
    assert '<label for="religion">Tôn giáo</label>' in page
    assert '<label for="occupation">Nghề nghiệp</label>' in page


def test_values_cleared_on_error_forgets_what_was_typed(make_app):
    portal = Portal(make_app(defects={"values_cleared_on_error": ["2.000488"]}))
    url, _ = step_one(portal, "2.000488")
    submit(portal.client, url, ANSWERS["2.000488"][0])
    step2 = url.replace("/step/1", "/step/2")
    typed = dict(ANSWERS["2.000488"][1], purpose="Visa application", copies="9")
    page = submit(portal.client, step2, typed).text
    assert "There is a problem" in page and 'value="Visa application"' not in page
    assert re.search(r'<input id="purpose" name="purpose" value=""', page)
    # The register's values of the first step come back; what the citizen typed there does not.
    first = submit(
        portal.client, url, {"phone": "0987000111", "place_of_birth": "", "nationality": "Lao"}
    ).text
    assert 'value="Nguyễn Thị Lan"' in first and 'value="0987000111"' not in first
    assert 'value="Lao"' not in first
    # Off: typed values are kept (see test_validation_error_keeps_typed_values_and_is_linked_to_the_field).
    normal = Portal(make_app())
    url, _ = step_one(normal, "2.000488")
    kept = submit(normal.client, url, {"phone": "0987000111", "place_of_birth": ""}).text
    assert 'value="0987000111"' in kept


def test_errors_not_tied_shows_a_plain_list_and_nothing_on_the_fields(make_app):
    portal = Portal(make_app(defects={"errors_not_tied": ["2.000488"]}))
    url, _ = step_one(portal, "2.000488")
    page = submit(portal.client, url, {"place_of_birth": "", "nationality": ""}).text
    assert '<div class="form-messages">' in page
    assert "<p>Enter your place of birth</p>" in page and "<p>Enter your nationality</p>" in page
    main = page.split("<main", 1)[1]
    for absent in ('role="alert"', "error-summary", "aria-invalid", "aria-describedby", "field-error"):
        assert absent not in main, absent
    messages = re.search(r'<div class="form-messages">(.*?)</div>', page, re.S).group(1)
    assert len(re.findall(r"<p>[^<]+</p>", messages)) == 2
    # The citizen can still correct the answers and continue.
    assert location(submit(portal.client, url, ANSWERS["2.000488"][0])).endswith("/step/2")
    # Off: the error summary with role=alert, messages tied to their fields.
    normal = Portal(make_app())
    url, _ = step_one(normal, "2.000488")
    tied = submit(normal.client, url, {"place_of_birth": ""}).text
    assert '<div role="alert" class="error-summary"' in tied
    field = re.search(r'<input id="place_of_birth"[^>]*>', tied, re.S).group(0)
    assert 'aria-invalid="true"' in field and "place_of_birth-error" in field


def test_slow_page_delays_only_the_information_page(make_app, monkeypatch):
    from reference_portal import pages

    slept = []
    monkeypatch.setattr(pages.time, "sleep", slept.append)
    client = make_app(defects={"slow_page": ["2.000488"]}).test_client()
    client.get("/procedures/1.004194")
    client.get("/")
    assert slept == []
    assert client.get("/procedures/2.000488").status_code == 200
    assert slept == [1.5]


def test_slow_page_really_answers_late(make_app):
    import time

    client = make_app(defects={"slow_page": ["2.000488"]}).test_client()
    started = time.monotonic()
    client.get("/procedures/2.000488")
    assert time.monotonic() - started >= 1.5


def test_unlabelled_inputs_adds_a_nameless_input_and_an_image_without_alt(make_app):
    portal = Portal(make_app(defects={"unlabelled_inputs": ["1.004194"]}))
    _, page = step_one(portal, "1.004194")
    notes = re.search(r"<input name=\"notes\"[^>]*>", page).group(0)
    assert "id=" not in notes and "aria-label" not in notes and "placeholder" not in notes
    assert 'for="notes"' not in page and '<span class="pseudo-label">Notes</span>' in page
    image = re.search(r"<img [^>]*>", page).group(0)
    assert "alt=" not in image and 'src="/static/seal.svg"' in image
    assert portal.client.get("/static/seal.svg").status_code == 200
    assert "tracking_code" in portal.apply("1.004194")  # the journey still completes
    assert "<img" not in portal.client.get(location(portal.client.get("/apply/2.000488"))).text


def test_fixed_width_layout_has_no_viewport_and_a_wide_minimum(make_app):
    portal = Portal(make_app(defects={"fixed_width_layout": ["2.000488"]}))
    viewport = '<meta name="viewport"'
    css = portal.client.get("/static/portal.css").text
    assert ".fixed-width { min-width: 1100px; }" in css
    info = portal.client.get("/procedures/2.000488").text
    assert viewport not in info and '<body class=" fixed-width">' in info
    for url in ["/", "/procedures", "/procedures/1.004194", "/assistant", "/eid/login?next=/"]:
        page = portal.client.get(url).text
        assert viewport in page and "fixed-width" not in page, url
    portal.sign_in()
    seen = portal.apply("2.000488")
    for page in (seen["page_text"], seen["submitted_text"]):
        assert viewport not in page and "fixed-width" in page


def test_small_targets_makes_buttons_and_links_tiny(make_app):
    portal = Portal(make_app(defects={"small_targets": ["2.000488"]}))
    css = portal.client.get("/static/portal.css").text
    assert ".small-targets .button" in css and "font-size: 10px; padding: 0; min-height: 0" in css
    info = portal.client.get("/procedures/2.000488").text
    assert 'class=" small-targets"' in info and '<div class="icon-links">' in info
    assert '<a class="button button-start" href="/apply/2.000488">Apply online</a>' in info
    assert 'aria-label="About this procedure">i</a>' in info
    _, page = step_one(portal, "2.000488")
    assert "small-targets" in page and '<button type="submit" class="button">Continue</button>' in page
    assert "small-targets" not in portal.client.get("/procedures/1.004194").text
    assert "small-targets" not in portal.client.get("/").text
    assert "tracking_code" in portal.apply("2.000488")


def test_third_party_script_is_loaded_and_allowed_by_the_csp(make_app):
    client = make_app(defects={"third_party_script": ["2.000488"]}).test_client()
    tag = '<script src="https://analytics.example.net/collect.js" async></script>'
    info = client.get("/procedures/2.000488")
    assert tag in info.text
    csp = info.headers["Content-Security-Policy"]
    assert "script-src 'self' https://analytics.example.net" in csp and "frame-ancestors 'none'" in csp
    normal = client.get("/procedures/1.004194")
    assert "<script" not in without_emc(normal.text)
    assert "analytics" not in normal.headers["Content-Security-Policy"]
    portal = Portal(make_app(defects={"third_party_script": ["2.000488"]}))
    _, page = step_one(portal, "2.000488")
    assert tag in page


def test_missing_security_headers_on_the_procedures_pages(make_app):
    headers = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")
    portal = Portal(make_app(defects={"missing_security_headers": ["2.000488"]}))
    info = portal.client.get("/procedures/2.000488")
    assert not any(name in info.headers for name in headers)
    assert info.headers["Referrer-Policy"]
    for url in ["/", "/procedures/1.004194", "/static/portal.css"]:
        response = portal.client.get(url)
        assert all(name in response.headers for name in headers), url
    portal.sign_in()
    step = portal.client.get(location(portal.client.get("/apply/2.000488")))
    assert "Content-Security-Policy" not in step.headers and "X-Frame-Options" not in step.headers
    everywhere = make_app(defects={"missing_security_headers": ["*"]}).test_client()
    for url in ["/", "/track", "/static/portal.css"]:
        assert not any(name in everywhere.get(url).headers for name in headers), url


def test_console_error_loads_a_failing_same_origin_script(make_app):
    client = make_app(defects={"console_error": ["2.000488"]}).test_client()
    info = client.get("/procedures/2.000488").text
    assert '<script src="/static/portal-widget.js" defer></script>' in info
    script = client.get("/static/portal-widget.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert 'throw new Error("portal widget failed to load");' in script.text
    assert "<script" not in without_emc(client.get("/procedures/1.004194").text)


def test_higher_online_fee_and_slower_online_time_change_every_statement(make_app):
    code = "2.000488"
    procedure = CATALOGUE.get(code)
    fee = procedure.fee_in_person + 20000
    days = procedure.days_in_person + 5
    portal = Portal(make_app(defects={"higher_online_fee": [code], "slower_online_time": [code]}))
    info = portal.client.get(f"/procedures/{code}").text
    assert f"<dt>Online</dt>\n  <dd>{vnd(fee, 'en')}</dd>" in info
    assert f"<dt>In person</dt>\n  <dd>{vnd(procedure.fee_in_person, 'en')}</dd>" in info
    assert f"<dt>Online</dt>\n  <dd>{working_days(days, 'en')}</dd>" in info
    answer = ask(
        portal.client, "What is the fee for the criminal-record certificate and how long does it take?"
    )
    assert f"is {vnd(fee, 'en')} when you apply online" in answer
    assert f"takes {working_days(days, 'en')} when you apply online" in answer
    portal.sign_in()
    seen = portal.apply(code)
    assert f"Fee: <strong>{vnd(fee, 'en')}</strong>" in seen["page_text"]
    other = portal.client.get("/procedures/1.004194").text
    assert f"<dd>{vnd(CATALOGUE.get('1.004194').fee_online, 'en')}</dd>" in other


def test_missing_info_sections_drops_legal_basis_and_time_limit(make_app):
    client = make_app(defects={"missing_info_sections": ["2.000488"]}).test_client()
    headings = re.findall(r"<h2>([^<]+)</h2>", client.get("/procedures/2.000488").text)
    assert headings == ["Steps", "Required documents", "Fees", "Agency", "Result"]
    full = re.findall(r"<h2>([^<]+)</h2>", client.get("/procedures/1.004194").text)
    assert "Legal basis" in full and "Time limit" in full
    vi = make_app("province", defects={"missing_info_sections": ["2.000488"]}).test_client()
    headings = re.findall(r"<h2>([^<]+)</h2>", vi.get("/procedures/2.000488").text)
    assert headings == [
        "Trình tự thực hiện",
        "Thành phần hồ sơ",
        "Phí, lệ phí",
        "Cơ quan thực hiện",
        "Kết quả thực hiện",
    ]


def test_no_status_timeline_tells_the_status_in_a_sentence(make_app):
    portal = Portal(make_app(defects={"no_status_timeline": ["2.000488"]}))
    portal.sign_in()
    tracked = portal.track(portal.apply("2.000488")["tracking_code"])
    assert 'aria-label="Status timeline"' not in tracked and "<ol" not in tracked.split("<main", 1)[1]
    assert re.search(r"The status of this application is: Result issued \(since [\d: -]+\)\.", tracked)
    assert ">Download electronic result</a>" in tracked
    other = portal.track(portal.apply("1.004194")["tracking_code"])
    assert '<ol aria-label="Status timeline" class="timeline">' in other


def test_no_national_eid_turns_the_sign_in_page_into_a_portal_account_login(make_app):
    normal = make_app().test_client()
    text = visible_text(normal.get("/eid/login?next=/").text)
    assert "VNeID" in text and "national electronic identity" in text
    assert "National Electronic Identification" in text
    assert "định danh điện tử" in visible_text(normal.get("/eid/login?next=/&lang=vi").text)

    client = make_app(defects={"no_national_eid": ["*"]}).test_client()
    page = client.get("/eid/login?next=/").text
    text = visible_text(page)
    assert '<h1 id="eid-heading">Sign in with your portal account</h1>' in page
    assert "<title>Sign in to your account – National Public Service Portal</title>" in page
    for absent in ("VNeID", "eID", "electronic identi", "Electronic Identification"):
        assert absent not in text, absent
    assert '<label for="personal_id">Personal identification number</label>' in page
    assert '<label for="password">Password</label>' in page and ">Sign in</button>" in page
    vi = visible_text(client.get("/eid/login?next=/&lang=vi").text)
    assert "Đăng nhập bằng tài khoản của cổng" in vi and "định danh điện tử" not in vi
    assert location(sign_in(client)) == "/" and ">Đăng xuất</button>" in client.get("/").text
    alt = make_app("province_alt", defects={"no_national_eid": ["*"]}).test_client()
    text = visible_text(alt.get("/eid/login?next=/").text)
    assert "Đăng nhập bằng tài khoản của cổng" in text and "định danh điện tử" not in text


# --- the virtual assistant ------------------------------------------------------------------------


def ask(client, question, url="/assistant") -> str:
    """Ask the assistant; returns the text of its answer section."""
    response = submit(client, url, {"question": question})
    assert response.status_code == 200, response.status_code
    section = re.search(
        r'<section aria-label="([^"]+)" role="status"[^>]*>(.*?)</section>', response.text, re.S
    )
    assert section, response.text
    assert section.group(1) in ("Assistant&#39;s answer", "Câu trả lời của trợ lý")
    return visible_text(section.group(2))


def test_assistant_page_is_a_plain_accessible_form(make_app):
    client = make_app().test_client()
    home = client.get("/").text
    assert '<li><a href="/assistant">Virtual assistant</a></li>' in home
    page = client.get("/assistant").text
    assert "<h1>Virtual assistant</h1>" in page and '<label for="question">Your question</label>' in page
    assert re.search(r'<textarea id="question" name="question"', page)
    assert '<button type="submit" class="button">Ask</button>' in page and 'name="csrf_token"' in page
    assert "<section" not in page and "<script" not in without_emc(page)
    assert client.post("/assistant", data={"question": "fee"}).status_code == 400  # CSRF like every form
    empty = submit(client, "/assistant", {"question": "  "}).text
    assert '<div role="alert" class="error-summary"' in empty and "Type your question" in empty
    vi = client.get("/assistant?lang=vi").text
    assert (
        '<a href="/assistant">Trợ lý ảo</a>' in vi and '<label for="question">Câu hỏi của bạn</label>' in vi
    )
    assert ">Gửi câu hỏi</button>" in vi


def test_assistant_answers_documents_fee_and_time_in_english(make_app):
    client = make_app().test_client()
    driving = CATALOGUE.get("1.002804")
    documents = "; ".join(d.name for d in driving.documents if not d.held_by_state)
    answer = ask(client, "What documents do I need for Driving licence renewal?")
    assert answer.startswith("You asked: What documents do I need for Driving licence renewal?")
    assert f"For Driving licence renewal you need: {documents}." in answer
    answer = ask(client, "how much does driving licence renewal cost?")
    assert (
        f"The fee for Driving licence renewal is {vnd(driving.fee_online, 'en')} when you apply online and "
        f"{vnd(driving.fee_in_person, 'en')} at the counter." in answer
    )
    answer = ask(client, "How long does driving licence renewal take?")
    assert (
        f"Driving licence renewal takes {working_days(driving.days_online, 'en')} when you apply online and "
        f"{working_days(driving.days_in_person, 'en')} at the counter." in answer
    )
    free = CATALOGUE.get("1.000656")
    assert free.fee == 0
    assert "The fee for Death registration is 0 VND when you apply online and 0 VND at the counter." in ask(
        client, "Is there a fee for death registration?"
    )
    # By code, and the longest matching name wins ("Seal specimen re-registration", not "registration").
    assert "The fee for Criminal-record certificate is" in ask(client, "fee for 2.000488?")
    linked = ask(
        client,
        "What papers for linked procedure: birth registration, permanent residence and health "
        "insurance for a child under 6?",
    )
    assert (
        linked.count("For Linked procedure: birth registration") == 1
        and "For Birth registration" not in linked
    )
    both = ask(client, "Seal specimen re-registration: how much and how long?")
    assert (
        "The fee for Seal specimen re-registration is" in both
        and "Seal specimen re-registration takes" in both
    )
    # A procedure's own name never counts as a topic word ("payment" in "Traffic fine payment").
    fine = ask(client, "What documents for traffic fine payment?")
    assert "Traffic fine payment you need no documents" in fine and "The fee" not in fine


def test_assistant_answers_in_vietnamese_with_or_without_diacritics(make_app):
    client = make_app("province").test_client()
    vi = default_catalogue("vi")
    residence = vi.get("1.004194")
    answer = ask(client, "Đăng ký tạm trú cần những giấy tờ gì?")
    assert answer.startswith("Bạn hỏi: Đăng ký tạm trú cần những giấy tờ gì?")
    assert f"Để làm thủ tục {residence.name}, bạn cần: {residence.documents[0].name}." in answer
    answer = ask(client, "dang ky tam tru le phi bao nhieu tien?")
    assert (
        f"Lệ phí thủ tục {residence.name} là {vnd(residence.fee_online, 'vi')} khi nộp trực tuyến và "
        f"{vnd(residence.fee_in_person, 'vi')} khi nộp tại quầy." in answer
    )
    answer = ask(client, "ĐĂNG KÝ TẠM TRÚ mất bao lâu?")
    assert (
        f"Thủ tục {residence.name} được giải quyết trong {working_days(residence.days_online, 'vi')} khi nộp "
        f"trực tuyến và {working_days(residence.days_in_person, 'vi')} khi nộp tại quầy." in answer
    )
    # An English name on a Vietnamese page: the answer is still in the page's language.
    assert "Lệ phí thủ tục Cấp phiếu lý lịch tư pháp là" in ask(client, "Criminal-record certificate phí?")
    unknown = ask(client, "Làm hộ chiếu cho chó mèo thế nào?")
    assert unknown.startswith("Bạn hỏi:") and "Tôi không tìm thấy thủ tục nào" in unknown
    assert "Danh sách thủ tục" in unknown


def test_assistant_says_politely_what_it_could_not_find(make_app):
    client = make_app().test_client()
    response = submit(client, "/assistant", {"question": "Can I register my boat online?"})
    answer = visible_text(response.text.split("<section", 1)[1])
    assert "I could not find a procedure in your question." in answer
    assert '<a href="/procedures">List of procedures</a>' in response.text
    topic = ask(client, "Who signs the birth registration?")
    assert topic.endswith(
        "I could not find an answer to that question about Birth registration. I can tell you its "
        "documents, its fee and its time limit; everything else is on its information page and in the list "
        "of procedures. Information page: Birth registration List of procedures"
    )


def test_wrong_assistant_answer_states_wrong_figures_and_forgets_a_document(make_app):
    code = "1.002804"
    driving = CATALOGUE.get(code)
    client = make_app(defects={"wrong_assistant_answer": [code]}).test_client()
    answer = ask(client, "Driving licence renewal: which documents, what fee and how many days?")
    second = driving.documents[1].name
    assert f"For Driving licence renewal you need: {second}." in answer
    assert driving.documents[0].name not in answer
    assert f"is {vnd(driving.fee_online + 50000, 'en')} when you apply online" in answer
    assert f"takes {working_days(driving.days_online + 10, 'en')} when you apply online" in answer
    assert f"and {vnd(driving.fee_in_person, 'en')} at the counter" in answer
    right = ask(client, "What is the fee for criminal-record certificate?")
    assert f"is {vnd(CATALOGUE.get('2.000488').fee_online, 'en')} when you apply online" in right
    # The information page keeps the right figures: only the assistant is wrong.
    assert f"<dd>{vnd(driving.fee_online, 'en')}</dd>" in client.get(f"/procedures/{code}").text


def test_no_assistant_everywhere_or_for_some_procedures(make_app):
    nowhere = make_app(defects={"no_assistant": ["*"]}).test_client()
    for url in ["/", "/procedures", "/procedures/2.000488", "/track", "/eid/login?next=/"]:
        page = nowhere.get(url).text
        assert "Virtual assistant" not in page and "/assistant" not in page, url
    assert nowhere.get("/assistant").status_code == 404
    alt = make_app("province_alt", defects={"no_assistant": ["*"]}).test_client()
    assert "Trợ lý ảo" not in alt.get("/").text and alt.get("/tro-ly-ao").status_code == 404

    some = make_app(defects={"no_assistant": ["2.000488"]}).test_client()
    assert '<a href="/assistant">Virtual assistant</a>' in some.get("/procedures/2.000488").text
    answer = ask(some, "What is the fee for the criminal-record certificate?")
    assert "I have no information about Criminal-record certificate." in answer and "VND" not in answer
    assert "The fee for Temporary residence registration is" in ask(
        some, "temporary residence registration fee"
    )


def test_assistant_in_the_alternate_skin(make_app):
    client = make_app("province_alt").test_client()
    home = client.get("/").text
    assert '<a href="/tro-ly-ao">Trợ lý ảo</a>' in home
    assert client.get("/assistant").status_code == 404
    page = client.get("/tro-ly-ao").text
    assert '<label class="nhan-boc"><span class="nhan">Câu hỏi của bạn</span>' in page
    assert '<input type="submit" class="nut" value="Gửi câu hỏi">' in page and '<label for="' not in page
    answer = ask(client, "Thủ tục cấp phiếu lý lịch tư pháp cần giấy tờ gì?", url="/tro-ly-ao")
    assert "Để làm thủ tục Cấp phiếu lý lịch tư pháp, bạn cần: Ảnh chân dung." in answer
    response = submit(client, "/tro-ly-ao", {"question": "phí làm giấy phép xây dựng?"})
    assert '<a href="/dich-vu-cong">Danh sách thủ tục</a>' in response.text


def test_every_new_defect_at_once_still_lets_the_citizen_apply(make_app):
    new = [
        "extra_fields",
        "values_cleared_on_error",
        "errors_not_tied",
        "unlabelled_inputs",
        "fixed_width_layout",
        "small_targets",
        "no_privacy_link",
        "third_party_script",
        "missing_security_headers",
        "console_error",
        "higher_online_fee",
        "slower_online_time",
        "missing_info_sections",
        "no_status_timeline",
        "wrong_assistant_answer",
    ]
    for variant in ("national", "province_alt"):
        portal = Portal(make_app(variant, defects={name: ["1.004194"] for name in new}))
        portal.sign_in()
        seen = portal.apply("1.004194", lang="en" if variant == "national" else "vi")
        assert seen.get("paid") and "tracking_code" in seen, variant
        assert '<meta name="viewport"' not in seen["submitted_text"]
        info = portal.client.get(portal.url("pages.procedure", code="1.004194")).text
        assert "portal-widget.js" in info and "analytics.example.net" in info


def test_the_alternate_skin_has_the_switches_in_its_own_markup(make_app):
    code = "1.004194"
    names = ["extra_fields", "errors_not_tied", "unlabelled_inputs", "small_targets", "fixed_width_layout"]
    portal = Portal(make_app("province_alt", defects={name: [code] for name in names}))
    url, page = step_one(portal, code)
    assert re.search(r'<span class="nhan">Tôn giáo</span>\s*<input id="o-religion" name="religion"', page)
    assert re.search(r'<span class="nhan">Nghề nghiệp</span>\s*<input id="o-occupation"', page)
    assert '<input name="notes" type="text" class="o-tu-do">' in page
    assert re.search(r"<img (?![^>]*alt)", page)
    assert '<div class="bieu-tuong">' in page and "dich-nho" in page and "be-rong-co-dinh" in page
    assert '<meta name="viewport"' not in page
    error = submit(portal.client, url, {"phone": ""}).text
    assert '<div class="cac-loi">' in error and 'role="alert"' not in error and "aria-invalid" not in error
    assert "aria-describedby" not in error.split("<main", 1)[1] and 'class="loi"' not in error
    assert "tracking_code" in portal.apply(code, lang="vi")


def test_clean_variants_have_none_of_the_new_defects(make_app):
    for variant in ("national", "ministry", "province", "province_alt"):
        portal = Portal(make_app(variant))
        lang = "vi" if variant.startswith("province") else "en"
        pages = {
            "home": portal.client.get("/"),
            "info": portal.client.get(portal.url("pages.procedure", code="2.000488")),
        }
        pages["assistant"] = portal.client.get(portal.url("assistant.ask"))
        portal.sign_in()
        pages["sign-in"] = portal.client.get(portal.url("eid.login") + "?next=/")
        seen = portal.apply("2.000488", lang=lang)
        for name, response in pages.items():
            html = response.text
            assert response.status_code in (200, 302), (variant, name)
            if response.status_code == 302:
                continue
            assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html, (
                variant,
                name,
            )
            assert "<script" not in without_emc(html) and "small-targets" not in html
            assert "fixed-width" not in html
            assert portal.url("pages.privacy") in html, (variant, name)
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert portal.url("pages.privacy") in seen["submitted_text"]
        assert "analytics" not in seen["submitted_text"]


# --- required links, the monitoring code, inaccessible markup ---------------------------------------


class LinkReader(HTMLParser):
    """Every link of a page as (href, accessible name): its text, else its aria-label or image alt."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self._open.append([a.get("href", ""), [], a.get("aria-label") or ""])
        elif tag == "img" and self._open and a.get("alt"):
            self._open[-1][1].append(a["alt"])

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text, label = self._open.pop()
            self.links.append((href, " ".join("".join(text).split()) or label))


def links_of(html: str) -> list[tuple[str, str]]:
    reader = LinkReader()
    reader.feed(html)
    return reader.links


def footer_of(html: str) -> str:
    return html.split("<footer", 1)[1].split("</footer>", 1)[0]


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', html)


def main_of(html: str) -> str:
    return without_csrf(html.split("<main", 1)[1].split("</main>", 1)[0])


def public_pages(portal) -> list[str]:
    """The pages of no procedure, one information page, the sign-in page and an error page."""
    return [
        portal.url("pages.home"),
        portal.url("pages.procedures"),
        portal.url("pages.procedure", code="2.000488"),
        portal.url("eid.login") + "?next=/",
        portal.url("tracking.track"),
        portal.url("assistant.ask"),
        portal.url("pages.privacy"),
        portal.url("pages.accessibility"),
        portal.url("pages.contact"),
        "/nowhere",
    ]


def every_page(portal, code="1.004194", lang="en") -> dict[str, str]:
    """The public pages, then (signed in) the procedure's pages up to the confirmation: url -> HTML."""
    pages = {}
    for url in public_pages(portal):
        response = portal.client.get(url)
        assert response.status_code == (404 if url == "/nowhere" else 200), url
        pages[url] = response.text
    portal.sign_in()
    seen = portal.apply(code, lang=lang)
    pages["payment or submission"] = seen["page_text"]
    pages["submitted"] = seen["submitted_text"]
    pages["tracking"] = portal.track(seen["tracking_code"])
    return pages


# (variant, language switched to or None, the EMC site, accessibility statement, contact)
PORTALS_AND_LANGUAGES = [
    ("national", None, "national", "Accessibility statement", "Contact"),
    ("national", "vi", "national", "Tuyên bố hỗ trợ tiếp cận", "Liên hệ"),
    ("province", None, "province", "Tuyên bố hỗ trợ tiếp cận", "Liên hệ"),
    ("province", "en", "province", "Accessibility statement", "Contact"),
    ("province_alt", None, "province_alt", "Tuyên bố hỗ trợ tiếp cận", "Liên hệ"),
]


@pytest.mark.parametrize(("variant", "switch", "site", "statement", "contact"), PORTALS_AND_LANGUAGES)
def test_every_page_links_to_the_statement_and_contact_and_carries_the_monitoring_code(
    make_app, variant, switch, site, statement, contact
):
    portal = Portal(make_app(variant))
    if switch:
        portal.client.get(f"/?lang={switch}")
    lang = switch or ("en" if variant in ("national", "ministry") else "vi")
    statement_url, contact_url = portal.url("pages.accessibility"), portal.url("pages.contact")
    privacy = (portal.url("pages.privacy"), "Privacy policy" if lang == "en" else "Chính sách bảo mật")
    for name, html in every_page(portal, lang=lang).items():
        footer = links_of(footer_of(html))
        assert footer == [privacy, (statement_url, statement), (contact_url, contact)], (variant, name)
        assert html.count(EMC_TAG.format(site=site)) == 1, (variant, name)
        assert f'<html lang="{lang}">' in html and "im-strip" not in html, (variant, name)
    assert statement_url == ("/kha-nang-tiep-can" if variant == "province_alt" else "/accessibility")
    assert contact_url == ("/lien-he" if variant == "province_alt" else "/contact")


# The accessibility statement's heading, the contact page's heading and its three labels.
EN_CONTACT = (
    "Accessibility statement",
    "Contact and feedback",
    ["Your name (optional)", "Email address (optional)", "Your message"],
)
VI_CONTACT = (
    "Tuyên bố hỗ trợ tiếp cận",
    "Liên hệ và góp ý",
    ["Họ tên của bạn (không bắt buộc)", "Thư điện tử (không bắt buộc)", "Nội dung góp ý"],
)


@pytest.mark.parametrize(
    ("variant", "switch", "texts", "button"),
    [
        ("national", None, EN_CONTACT, ">Send</button>"),
        ("national", "vi", VI_CONTACT, ">Gửi</button>"),
        ("province_alt", None, VI_CONTACT, 'value="Gửi"'),
    ],
)
def test_the_accessibility_statement_and_the_contact_page_in_both_languages_and_skins(
    make_app, variant, switch, texts, button
):
    statement_heading, contact_heading, labels = texts
    app = make_app(variant)
    portal = Portal(app)
    if switch:
        portal.client.get(f"/?lang={switch}")
    contact_url = portal.url("pages.contact")
    statement = portal.client.get(portal.url("pages.accessibility"))
    assert statement.status_code == 200 and f"<h1>{statement_heading}</h1>" in statement.text
    assert f"<title>{statement_heading} " in statement.text
    in_text = [href for href, _ in links_of(main_of(statement.text))]
    assert in_text == [contact_url]  # "Feedback and contact" points to the contact page
    page = portal.client.get(contact_url)
    assert page.status_code == 200 and f"<h1>{contact_heading}</h1>" in page.text
    text = visible_text(page.text)
    assert all(label in text for label in labels) and button in page.text
    assert app.config["PORTAL"]["owner"] in text
    prefix = "o-" if variant == "province_alt" else ""
    for control in ("name", "email", "message"):
        assert f'id="{prefix}{control}" name="{control}"' in page.text, control
    # Empty message and a malformed address: the usual error summary, messages tied to their fields.
    refused = submit(portal.client, contact_url, {"name": "Lan", "email": "lan-at-example", "message": " "})
    assert refused.status_code == 200 and 'role="alert"' in refused.text
    assert f'href="#{prefix}message"' in refused.text and f'href="#{prefix}email"' in refused.text
    assert refused.text.count('aria-invalid="true"') == 2 and 'value="Lan"' in refused.text
    assert ("Type your message" if not (switch or variant == "province_alt") else "Nhập nội dung góp ý") in (
        refused.text
    )
    sent = submit(portal.client, contact_url, {"name": "Lan", "email": "lan@example.com", "message": "Hello"})
    assert sent.status_code == 200 and 'role="status"' in sent.text and 'value="Lan"' not in sent.text
    assert ("Thank you: your message" in sent.text) or ("Cảm ơn bạn: góp ý" in sent.text)
    import sqlite3

    with sqlite3.connect(app.config["DATABASE"]) as db:
        rows = db.execute("SELECT name, email, message FROM feedback").fetchall()
    assert rows == [("Lan", "lan@example.com", "Hello")]
    assert portal.client.post(contact_url, data={"message": "no token"}).status_code == 400  # CSRF


def test_the_contact_form_answers_400_with_server_validation_only(make_app):
    client = make_app(dialects=["server_validation_only"]).test_client()
    page = client.get("/contact").text
    assert " required" not in main_of(page) and 'aria-required="true"' in page
    assert submit(client, "/contact", {"message": ""}).status_code == 400
    assert submit(client, "/contact", {"message": "Thanks"}).status_code == 200


def test_the_emc_script_is_served_as_javascript_and_allowed_by_the_csp(make_app):
    client = make_app().test_client()
    script = client.get("/static/emc/emc.js")
    assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert script.headers["X-Content-Type-Options"] == "nosniff"
    body = script.text
    assert "window.emcMonitoring" in body and 'getAttribute("data-emc-site")' in body
    for network in (
        "fetch",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "import",
        "http",
        "new Image",
        "src",
    ):
        assert network not in body.replace("data-emc-site", ""), network  # it sends and loads nothing
    for defects in ({}, {"third_party_script": ["*"]}, {"console_error": ["*"]}):
        page = make_app(defects=defects).test_client().get("/procedures/2.000488")
        assert EMC_TAG.format(site="national") in page.text, defects
        directives = dict(
            (part.split()[0], part.split()[1:])
            for part in page.headers["Content-Security-Policy"].split("; ")
        )
        # The script is the portal's own file: 'self' allows it, whichever directive governs scripts.
        assert "'self'" in directives.get("script-src", directives["default-src"]), defects
    assert not re.search(r"<script\b[^>]*>[^<]+</script>", page.text)  # no inline script to allow
    # Each variant names its own site; the name must be a plain identifier.
    for variant in ("national", "ministry", "province", "province_alt", "dialects"):
        assert load_variant(variant)["monitoring_site"] == variant
    with pytest.raises(ConfigError, match="monitoring_site"):
        normalize({"monitoring_site": 'x" onload="alert(1)'})
    own = make_app(monitoring_site="example-province").test_client().get("/").text
    assert EMC_TAG.format(site="example-province") in own


def test_no_monitoring_code_everywhere_or_on_the_procedures_pages(make_app):
    for variant in ("national", "province_alt"):
        lang = "en" if variant == "national" else "vi"
        portal = Portal(make_app(variant, defects={"no_monitoring_code": ["*"]}))
        for name, html in every_page(portal, lang=lang).items():
            assert "emc.js" not in html and "data-emc-site" not in html, (variant, name)
            assert "<script" not in without_emc(html), (variant, name)
        assert portal.client.get("/static/emc/emc.js").status_code == 200  # the file itself stays
        some = Portal(make_app(variant, defects={"no_monitoring_code": ["1.004194"]}))
        assert "emc.js" not in some.client.get(some.url("pages.procedure", code="1.004194")).text
        for url in public_pages(some):
            assert EMC_TAG.format(site=variant) in some.client.get(url).text, (variant, url)
        some.sign_in()
        seen = some.apply("1.004194", lang=lang)
        assert "emc.js" not in seen["submitted_text"] and "emc.js" not in some.track(seen["tracking_code"])


@pytest.mark.parametrize(
    ("defect", "endpoint", "names"),
    [
        ("no_accessibility_statement", "pages.accessibility", ("accessibility", "tiếp cận")),
        ("no_contact_link", "pages.contact", ("contact", "feedback", "liên hệ", "góp ý")),
    ],
)
def test_no_accessibility_statement_and_no_contact_link_drop_only_that_link(
    make_app, defect, endpoint, names
):
    for variant in ("national", "province_alt"):
        lang = "en" if variant == "national" else "vi"
        portal = Portal(make_app(variant, defects={defect: ["*"]}))
        target = portal.url(endpoint)
        others = {portal.url(e) for e in ("pages.privacy", "pages.accessibility", "pages.contact")} - {target}
        for name, html in every_page(portal, lang=lang).items():
            links = links_of(html)
            assert target not in [href for href, _ in links], (variant, name)
            assert not any(word in text.lower() for _, text in links for word in names), (variant, name)
            assert {href for href, _ in links_of(footer_of(html))} == others, (variant, name)
        assert portal.client.get(target).status_code == 200  # the page itself still exists
        some = Portal(make_app(variant, defects={defect: ["1.004194"]}))
        assert target not in footer_of(some.client.get(some.url("pages.procedure", code="1.004194")).text)
        for url in public_pages(some):
            assert f'href="{target}"' in footer_of(some.client.get(url).text), (variant, url)


INACCESSIBLE_MARKERS = (
    'class="im-strip im-strip-top"',
    'class="im-strip im-strip-bottom"',
    'role="directory"',
    '<button type="button" class="im-icon"><span aria-hidden="true">',
    '<input type="text" class="im-quick">',
    '<select class="im-quick">',
    '<h2 class="im-empty"></h2>',
    'class="im-faint"',
    "user-scalable=no",
    "inaccessible.css",
)


def images_without_alt(html: str) -> int:
    return len([tag for tag in re.findall(r"<img\b[^>]*>", html) if " alt=" not in tag])


def nameless_links(html: str) -> int:
    """Links with no accessible name (an icon hidden from assistive technology does not name one)."""
    shown = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", html)
    return len([href for href, name in links_of(shown) if not name.strip()])


def test_inaccessible_markup_adds_wcag_failures_to_every_page_and_keeps_the_journey(make_app):
    for variant in ("national", "province_alt"):
        lang = "en" if variant == "national" else "vi"
        clean = every_page(Portal(make_app(variant)), lang=lang)
        portal = Portal(make_app(variant, defects={"inaccessible_markup": ["*"]}))
        before = every_page(portal, lang=lang)  # the journey is completed with the defect on
        assert before.keys() == clean.keys()
        for name, html in before.items():
            assert html.startswith("<!doctype html>\n<html>\n"), (variant, name)  # no lang
            for marker in INACCESSIBLE_MARKERS:
                assert marker in html, (variant, name, marker)
            assert images_without_alt(html) >= 12 and nameless_links(html) >= 3, (variant, name)
            assert "emc.js" in html and ("Notice:" in html or "Thông báo:" in html)
            # The citizen's controls are untouched: the decoys sit in the header and the footer.
            if name not in ("payment or submission", "submitted", "tracking"):
                assert main_of(html) == main_of(clean[name]), (variant, name)
        for name, html in clean.items():
            assert images_without_alt(html) == 0 and nameless_links(html) == 0, (variant, name)
            assert not any(marker in html for marker in INACCESSIBLE_MARKERS), (variant, name)
        # Every e-form control keeps its label: the first step's fields are named the same way.
        url, step = step_one(Portal(make_app(variant, defects={"inaccessible_markup": ["*"]})), "2.000488")
        _, plain = step_one(Portal(make_app(variant)), "2.000488")
        assert main_of(step) == main_of(plain)
        # Codes: only the procedure's pages.
        some = Portal(make_app(variant, defects={"inaccessible_markup": ["1.004194"]}))
        assert "im-strip" in some.client.get(some.url("pages.procedure", code="1.004194")).text
        for url in public_pages(some):
            html = some.client.get(url).text
            assert "im-strip" not in html and f'<html lang="{lang}">' in html, (variant, url)


def test_the_new_defects_are_switched_on_from_a_profile(make_app, tmp_path, monkeypatch):
    """A profile's `embedded: {variant: national, defects: {inaccessible_markup: ["*"], ...}}` reaches
    the portal through portalqa's embedded launcher."""
    from assessment_runs import write_variant_profile

    from portalqa.profiles.profile import load_profile
    from portalqa.targets.embedded import EmbeddedPortal

    new = ("no_monitoring_code", "no_accessibility_statement", "no_contact_link", "inaccessible_markup")
    assert normalize({"defects": {name: ["*"] for name in new}})["defects"]["inaccessible_markup"] == ["*"]
    assert normalize({"defects": {"inaccessible_markup": "*"}})["defects"]["inaccessible_markup"] == ["*"]
    assert normalize({"defects": {"no_contact_link": ["2.000488"]}})["defects"]["no_contact_link"] == [
        "2.000488"
    ]
    profile = load_profile(
        str(write_variant_profile(tmp_path, "reference-before", defects={name: ["*"] for name in new}))
    )
    assert profile.embedded.variant == "national"
    assert profile.embedded.defects == {name: ["*"] for name in new}
    monkeypatch.setenv(profile.sign_on.password_env, PASSWORD)
    monkeypatch.setenv(profile.sign_on.personal_id_env, CITIZEN)
    (tmp_path / "run").mkdir()
    portal = EmbeddedPortal(profile, work_dir=tmp_path / "run")
    base = portal.start()
    try:
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:
            html = response.read().decode()
    finally:
        portal.stop()
    assert html.startswith("<!doctype html>\n<html>\n") and "im-strip" in html
    assert "emc.js" not in html and "/accessibility" not in html and "/contact" not in html
    assert 'href="/privacy"' in html


@pytest.mark.browser
def test_axe_core_finds_the_inaccessible_markup_and_nothing_on_the_clean_pages(make_app):
    """axe-core (portalqa's runner) on the portal served on loopback: the "before" pages break at least
    four rules of at least three impacts; the "after" pages (no switch) break none. The EMC script runs
    and logs nothing."""
    from werkzeug.serving import make_server

    from portalqa.browser.axe import run_axe
    from portalqa.browser.chromium import BrowserFactory, BrowserSettings

    servers, bases = [], {}
    for variant in ("national", "province_alt"):
        for switched in (False, True):
            app = make_app(variant, defects={"inaccessible_markup": ["*"]} if switched else {})
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            bases[variant, switched] = f"http://127.0.0.1:{server.server_port}"
    paths = {"national": ["/", "/procedures/2.000488", "/contact"], "province_alt": ["/", "/lien-he"]}
    factory = BrowserFactory(BrowserSettings())
    driver = None
    try:
        driver = factory.start()
        for (variant, switched), base in bases.items():
            for path in paths[variant]:
                driver.get(base + path)
                result = run_axe(driver)
                rules = {v.rule: v.impact for v in result.violations}
                where = (variant, switched, path)
                if switched:
                    assert len(rules) >= 4 and len(set(rules.values())) >= 3, (where, rules)
                    for rule in ("image-alt", "label", "button-name", "link-name", "color-contrast"):
                        assert rule in rules, (where, rule)
                    assert "html-has-lang" in rules and "meta-viewport" in rules, where
                    assert next(v for v in result.violations if v.rule == "image-alt").node_count >= 12
                else:
                    assert rules == {}, (where, rules)
                assert driver.execute_script("return window.emcMonitoring") == {
                    "site": variant,
                    "loaded": True,
                }
                assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == [], where
    finally:
        if driver is not None:
            driver.quit()
        factory.cleanup()
        for server in servers:
            server.shutdown()


# --- the real server -------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_command_line_server_starts_and_stops(tmp_path, workers):
    env = dict(os.environ, REFPORTAL_TEST_PASSWORD=PASSWORD, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "reference_portal", "--port", "0", "--workers", str(workers)]
    command += ["--data-dir", str(tmp_path / "data")]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"reference portal listening on (http://127\.0\.0\.1:\d+)", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        base = match.group(1)
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            assert response.read() == b"ok"
        for _ in range(4):  # several requests, so with 2 workers both are likely to answer
            with urllib.request.urlopen(f"{base}/", timeout=10) as response:
                assert "National Public Service Portal" in response.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        process.stdout.close()
        process.stderr.close()
