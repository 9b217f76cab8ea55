"""Tests of the reference portal through Flask's test client (no browser), plus one real server run."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reference_portal import create_app
from reference_portal.config import ConfigError, deep_merge, load_variant, normalize

PASSWORD = "Test-only-Passw0rd"
CITIZEN = "001088012345"
OTHER_CITIZEN = "079090001234"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TRACKING = re.compile(r'<strong id="tracking-code">(HS\d{4}-\d{6})</strong>')
ROOT = Path(__file__).resolve().parents[1]


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

    def factory(**overrides):
        settings = deep_merge(load_variant("national"), overrides)
        settings["data_dir"] = str(tmp_path / "data")
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
FEES = {"1.001193": "5,000 VND", "1.004194": "7,000 VND", "2.000488": "100,000 VND"}


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
        assert '<a href="/privacy">Privacy policy</a>' in html and "Accessibility statement</a>" in html
        assert "National Public Service Portal" in html
        assert "http://" not in html and "https://" not in html, f"external reference on {url}"
        assert "<script" not in html and "style=" not in html
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
    assert client.get("/healthz").text == "ok"
    assert client.get("/nowhere").status_code == 404


def test_catalogue_search_and_information_page(client):
    catalogue = client.get("/procedures").text
    assert "<h1>Procedures</h1>" in catalogue and '<label for="q">Search procedures</label>' in catalogue
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
    assert "<dt>Online</dt>\n  <dd>5,000 VND</dd>" in info and "<dd>8,000 VND</dd>" in info
    assert "<dd>1 working day</dd>" in info and "Decree 123/2015/ND-CP" in info
    assert '<a class="button button-start" href="/apply/1.001193">Apply online</a>' in info

    counter_only = client.get("/procedures/1.000894").text
    assert "Apply online" not in counter_only
    assert (
        "This procedure is not yet available online. Submit the dossier at the counter of "
        "Commune People&#39;s Committee." in counter_only
    )
    assert client.get("/procedures/9.999999").status_code == 404
    assert client.get("/apply/1.000894").status_code in (302, 404)


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
    assert f"Fee: <strong>{FEES[code]}</strong>" in client.get(payment_url).text
    submitted_url = pay_and_submit(client, payment_url)
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
    client = make_app(defects={"no_online_payment": ["1.001193"]}).test_client()
    sign_in(client)
    payment_url = fill_in_to_payment(client, "1.001193")
    page = client.get(payment_url).text
    assert "Pay online" not in page
    assert (
        "Online payment is not available for this procedure. Pay the fee at the counter of "
        "Commune People&#39;s Committee when you collect the result." in page
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
    payment_url = fill_in_to_payment(owner, "1.001193")
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
    assert "No application was found" in other.get("/track?code=HS2000-999999").text
    assert "format HS2026-000123" in other.get("/track?code=nonsense").text


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


# --- the real server -------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_command_line_server_starts_and_stops(tmp_path, workers):
    env = dict(os.environ, REFPORTAL_TEST_PASSWORD=PASSWORD, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "reference_portal", "--port", "0", "--workers", str(workers)]
    command += ["--data-dir", str(tmp_path / "data")]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
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
