"""The reference portal's dialects (reference_portal/dialects.py): each pattern is really on the page
and the server enforces it; with no dialect on, the national portal's pages are unchanged.

Flask's test client throughout, plus one real server in Chromium for the dialects that need a script.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import threading
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import yaml
from werkzeug.security import generate_password_hash

from portalqa.paths import PROJECT_ROOT
from reference_portal import create_app, register
from reference_portal.appointments import BOOKING_DAYS, FULL_SLOT, SLOTS
from reference_portal.config import ConfigError, deep_merge, load_variant, normalize
from reference_portal.dialects import (
    ABSENT_STANDARD_FIELDS,
    DIALECTS,
    HELD_BEFORE,
    RESULT_DELIVERY,
    URGENT_SERVICE,
    accepted_as_asked,
    shape_steps,
)
from reference_portal.eform import today
from reference_portal.procedures import default_catalogue

PASSWORD = "Test-only-Passw0rd"
CITIZEN = "001088012345"
OTHER_CITIZEN = "079090001234"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TRACKING = re.compile(r'<strong id="tracking-code">(HS\d{4}-\d{10})</strong>')
TEST_CODE = re.compile(r"Test one-time code: (\d{6})")
CATALOGUE = default_catalogue()
BOOKED = "2.001765"  # motorbike registration: the dialects variant's appointment_booking procedure
PROFILE = PROJECT_ROOT / "tests" / "fixtures" / "profiles" / "reference-dialects.yaml"


# --- helpers -----------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """What a browser would submit from a page's forms: values, selected options, checked boxes."""

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
    reader.feed(main_form(html))
    return reader.values


def main_form(html: str) -> str:
    """The page's own form (inside <main>), not the header's sign-out form or the assistant widget."""
    main = html.split('<main id="main-content"', 1)[-1].split("</main>", 1)[0]
    found = re.search(r'<form method="post".*?</form>', main, re.S)
    return found.group(0) if found else main


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def submit(client, page_url: str, changes: dict | None = None, action: str | None = None, files=None):
    """GET a page, fill its form like a browser would (keeping prefilled values), and POST it."""
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    data = form_values(page.text)
    data["csrf_token"] = csrf(page.text)
    data.update(changes or {})
    if files:
        data.update(files)
    return client.post(action or page_url, data=data, content_type="multipart/form-data" if files else None)


def location(response) -> str:
    return response.headers["Location"]


def sign_in(client, next_url="/"):
    """The national eID form (no chooser, no one-time code)."""
    return submit(
        client,
        f"/eid/login?next={next_url}",
        {"personal_id": CITIZEN, "password": PASSWORD, "next": next_url},
        action="/eid/login",
    )


def errors_of(html: str) -> dict[str, str]:
    """The error summary: field id -> message."""
    summary = re.search(r'<div role="alert" class="error-summary".*?</div>', html, re.S)
    return dict(re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary.group(0))) if summary else {}


def stored(app, sql: str, *args):
    with sqlite3.connect(app.config["DATABASE"]) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, args).fetchall()


def stored_answers(app, dossier_id: int) -> dict[str, str]:
    row = stored(app, "SELECT answers FROM dossiers WHERE id = ?", dossier_id)[0]
    merged: dict[str, str] = {}
    for _step, values in sorted(json.loads(row["answers"]).items(), key=lambda item: int(item[0])):
        merged.update(values)
    return merged


def next_weekday(start: date) -> date:
    day = start
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("REFPORTAL_TEST_PASSWORD", PASSWORD)
    monkeypatch.delenv("REFPORTAL_SECRET_KEY", raising=False)
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


def with_dialects(make_app, *names, **overrides):
    return make_app(dialects=list(names), **overrides)


# --- configuration -------------------------------------------------------------------------------


def test_dialects_are_validated_with_clear_messages():
    with pytest.raises(ConfigError) as unknown:
        normalize({"dialects": ["label_styles", "tabbed_info", "js_chat"]})
    message = str(unknown.value)
    assert "'tabbed_info'" in message and "'js_chat'" in message and "'label_styles'" not in message
    assert all(name in message for name in DIALECTS), "the message lists the known dialects"
    with pytest.raises(ConfigError, match="native_dates and dmy_dates cannot both be on"):
        normalize({"dialects": ["native_dates", "dmy_dates"]})
    with pytest.raises(ConfigError, match=r"appointment_booking needs the procedure codes"):
        normalize({"dialects": ["appointment_booking"]})
    with pytest.raises(
        ConfigError, match=r"dialect_options.appointment_booking: unknown procedure code '9.9'"
    ):
        normalize({"dialects": ["appointment_booking"], "dialect_options": {"appointment_booking": ["9.9"]}})
    with pytest.raises(ConfigError, match=r"dialect_options.appointment_booking: the dialect is not on"):
        normalize({"dialect_options": {"appointment_booking": [BOOKED]}})
    with pytest.raises(ConfigError, match=r"dialect_options.info_tabs: only appointment_booking"):
        normalize({"dialects": ["info_tabs"], "dialect_options": {"info_tabs": [BOOKED]}})
    with pytest.raises(ConfigError, match="must be a list of dialect names"):
        normalize({"dialects": "info_tabs"})
    with pytest.raises(ConfigError, match="only the default skin has dialects"):
        normalize({"dialects": ["info_tabs"], "skin": "alternate"})
    assert normalize({})["dialects"] == [] and normalize({})["dialect_options"] == {}


def test_the_dialects_variant_switches_every_dialect_on():
    variant = load_variant("dialects")
    assert variant["language"] == "en" and variant["skin"] == "default"
    # Every dialect but native_dates, which excludes dmy_dates (its dates are typed dd/mm/yyyy).
    assert set(variant["dialects"]) == set(DIALECTS) - {"native_dates"}
    assert variant["dialect_options"] == {"appointment_booking": [BOOKED]}
    assert not any(variant["defects"].values()), "the dialects variant has no defects"
    for other in ("national", "ministry", "province", "province_alt"):
        assert load_variant(other)["dialects"] == [], other


# --- no dialect: nothing changes -----------------------------------------------------------------


def _normalised(text: str) -> str:
    text = re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value="X"', text)
    text = re.sub(r"TXN[0-9A-F]{16}", "TXN", text)
    text = re.sub(r"HS\d{4}-\d{10}", "TRACKING-CODE", text)  # random per submission
    return re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\+00:00)?", "TIME", text)


def walk_national(app) -> dict[str, str]:
    """Every kind of page of a criminal-record application on the national portal, normalised."""
    client = app.test_client()
    pages: dict[str, str] = {}

    def keep(name, response):
        head = f"{response.status_code} {response.headers.get('Location', '')}\n"
        pages[name] = _normalised(head + response.get_data(as_text=True))
        return response

    for path in ("/", "/procedures", "/procedures?q=birth", "/procedures/2.000488", "/procedures/1.001193"):
        keep(path, client.get(path))
    keep("assistant", client.get("/assistant"))
    keep("assistant answer", submit(client, "/assistant", {"question": "fee for passport issuance"}))
    keep("track form", client.get("/track"))
    keep("track error", client.get("/track?code=nonsense"))
    keep("sign-in", client.get("/eid/login?next=/"))
    keep("sign-in error", submit(client, "/eid/login?next=/", {"personal_id": "12"}, action="/eid/login"))
    sign_in(client)
    base = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    keep("step 1", client.get(f"{base}/step/1"))
    keep("step 1 error", submit(client, f"{base}/step/1", {"email": "not-an-email"}))
    keep(
        "step 1 sent",
        submit(client, f"{base}/step/1", {"place_of_birth": "Hà Nội", "nationality": "Vietnamese"}),
    )
    keep("step 2", client.get(f"{base}/step/2"))
    keep("step 2 error", submit(client, f"{base}/step/2", {"copies": "0"}))
    step2 = {"purpose": "Job application", "copies": "2", "certificate_type": "Certificate No. 1"}
    keep("step 2 sent", submit(client, f"{base}/step/2", step2))
    keep("documents", client.get(f"{base}/documents"))
    keep("documents error", submit(client, f"{base}/documents"))
    files = {"portrait_photo": (io.BytesIO(TINY_PNG), "portrait.png")}
    keep("documents sent", submit(client, f"{base}/documents", files=files))
    keep("review", client.get(f"{base}/review"))
    keep("review error", submit(client, f"{base}/review"))
    keep("review sent", submit(client, f"{base}/review", {"declaration": "yes"}))
    keep("payment", client.get(f"{base}/payment"))
    checkout = location(keep("pay online", submit(client, f"{base}/payment")))
    keep("gateway", client.get(checkout))
    keep("gateway error", client.post(checkout, data={"csrf_token": csrf(client.get(checkout).text)}))
    back = location(keep("gateway paid", submit(client, checkout, {"method": "QR code"})))
    keep("payment received", client.get(back))
    keep("submit", submit(client, back, action=f"{base}/submit"))
    confirmation = keep("submitted", client.get(f"{base}/submitted"))
    code = TRACKING.search(confirmation.text).group(1)
    keep("tracking", client.get(f"/track?code={code}"))
    return pages


def test_the_national_portal_is_unchanged_without_dialects(make_app):
    plain = walk_national(make_app())
    explicit = walk_national(make_app(dialects=[], dialect_options={}))
    assert plain.keys() == explicit.keys()
    for name in plain:
        assert plain[name] == explicit[name], f"{name} differs with dialects: []"
    every_page = "\n".join(plain.values())
    # None of the dialects' markup, and the constraint attributes server_validation_only removes.
    for marker in (
        "dialects.js",
        "dialects.css",
        'role="tablist"',
        'type="radio" value="Yes"',
        "One-time code",
    ):
        assert marker not in every_page, marker
    assert ' required aria-required="true"' in plain["step 1"]
    assert plain["step 1 error"].startswith("200") and plain["gateway error"].startswith("200")
    assert '<a href="/assistant">Virtual assistant</a>' in plain["/"]


def test_the_comparison_sees_a_dialect(make_app):
    """The walk above notices a changed page: the same walk with a dialect differs where it should."""
    plain = walk_national(make_app())
    for dialect, changed in (("label_styles", "step 1"), ("info_tabs", "/procedures/2.000488")):
        other = walk_national(make_app(dialects=[dialect]))
        assert plain[changed] != other[changed], dialect


# --- label_styles ------------------------------------------------------------------------------


class LabelAudit(HTMLParser):
    """How each control of a form is named: label[for], a wrapping label, aria-labelledby, a legend."""

    def __init__(self):
        super().__init__()
        self.label_for: set[str] = set()
        self.span_ids: dict[str, str] = {}
        self.controls: list[dict] = []
        self.legends: list[str] = []
        self._stack: list[str] = []
        self._span: str | None = None
        self._legend: list[str] | None = None
        self._in_fieldset = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag == "span" and a.get("id"):
            self._span = a["id"]
            self.span_ids[a["id"]] = ""
        if tag == "fieldset":
            self._in_fieldset = True
        if tag == "legend":
            self._legend = []
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(
                {
                    "tag": tag,
                    "id": a.get("id"),
                    "name": a.get("name"),
                    "type": a.get("type"),
                    "wrapped": "label" in self._stack,
                    "labelledby": a.get("aria-labelledby"),
                    "in_fieldset": self._in_fieldset,
                }
            )
        if tag not in ("input", "br", "img"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "span":
            self._span = None
        if tag == "fieldset":
            self._in_fieldset = False
        if tag == "legend" and self._legend is not None:
            self.legends.append("".join(self._legend).strip())
            self._legend = None

    def handle_data(self, data):
        if self._span:
            self.span_ids[self._span] += data
        if self._legend is not None:
            self._legend.append(data)


def audit(html: str) -> LabelAudit:
    reader = LabelAudit()
    reader.feed(main_form(html))
    return reader


def test_label_styles_mix_four_ways_of_naming_controls(make_app):
    app = with_dialects(make_app, "label_styles")
    client = app.test_client()
    sign_in(client)
    step = location(client.get("/apply/1.001193"))
    page = client.get(step).text
    found = audit(page)
    styles = {"for": 0, "wrapped": 0, "labelledby": 0, "legend": 0}
    for control in found.controls:
        if control["type"] == "radio":
            assert control["in_fieldset"] and control["id"] in found.label_for, control
            styles["legend"] += 1
        elif control["wrapped"]:
            assert control["id"] not in found.label_for and not control["labelledby"], control
            styles["wrapped"] += 1
        elif control["labelledby"]:
            assert found.span_ids.get(control["labelledby"], "").strip(), control  # a span with the label
            styles["labelledby"] += 1
        else:
            assert control["id"] in found.label_for, f"{control} has no label"
            styles["for"] += 1
    assert all(styles.values()), styles
    assert "<select" not in main_form(page), "choices are radio groups"
    assert "Relationship to the child*" in found.legends
    labelled = [c for c in found.controls if c["labelledby"]]
    assert found.span_ids[labelled[0]["labelledby"]] == "Date of birth"
    # The server still checks the choice: a value that is not an option is refused.
    response = submit(client, step, {"relationship": "Neighbour"})
    assert response.status_code == 200 and "relationship" in errors_of(response.text)
    assert location(submit(client, step, {"relationship": "Father"})).endswith("/step/2")


# --- grouped_yes_no ------------------------------------------------------------------------------


def fieldsets(html: str) -> dict[str, list[tuple[str, str]]]:
    """Legend -> [(radio value, its label)] for every fieldset of the page's form."""
    groups = {}
    for block in re.findall(r"<fieldset.*?</fieldset>", main_form(html), re.S):
        legend = re.sub(r"<[^>]+>", "", re.search(r"<legend>(.*?)</legend>", block, re.S).group(1))
        options = re.findall(
            r'<input id="([\w-]+)" name="\w+" type="radio" value="([^"]*)"'
            r'.*?<label for="\1">([^<]+)</label>',
            block,
            re.S,
        )
        groups[legend.replace("*", "").strip()] = [(value, label) for _id, value, label in options]
    return groups


def apply_criminal_record(client, base, step2_extra=None, documents=True):
    submit(client, f"{base}/step/1", {"place_of_birth": "Hà Nội", "nationality": "Vietnamese"})
    answers = {"purpose": "Job application", "copies": "2", "certificate_type": "Certificate No. 1"}
    response = submit(client, f"{base}/step/2", {**answers, **(step2_extra or {})})
    if documents and response.status_code == 302:
        files = {"portrait_photo": (io.BytesIO(TINY_PNG), "portrait.png")}
        submit(client, f"{base}/documents", files=files)
        submit(client, f"{base}/review", {"declaration": "yes"})
    return response


def test_grouped_yes_no_questions_are_required_and_recorded(make_app):
    app = with_dialects(make_app, "grouped_yes_no")
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/1.010063")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1")
    page = client.get(f"{base}/step/2").text
    groups = fieldsets(page)
    assert groups["Have you held this document before?"] == [("Yes", "Yes"), ("No", "No")]
    assert groups["Do you need an urgent service?"] == [("Yes", "Yes"), ("No", "No")]
    request = {"old_id_number": "012345678", "purpose": "Bank account"}
    refused = submit(client, f"{base}/step/2", request)
    assert set(errors_of(refused.text)) >= {HELD_BEFORE, URGENT_SERVICE}
    # "Yes" to the urgent service is accepted, but it is another request than the one asked for.
    urgent = submit(client, f"{base}/step/2", {**request, HELD_BEFORE: "Yes", URGENT_SERVICE: "Yes"})
    assert urgent.status_code == 302
    submit(client, f"{base}/review", {"declaration": "yes"})
    submit(client, f"{base}/payment", action=f"{base}/submit")
    dossier_id = int(base.rsplit("/", 1)[1])
    assert stored_answers(app, dossier_id)[URGENT_SERVICE] == "Yes"
    assert stored_answers(app, dossier_id)[HELD_BEFORE] == "Yes"
    answers = json.loads(stored(app, "SELECT answers FROM dossiers WHERE id = ?", dossier_id)[0]["answers"])
    assert accepted_as_asked(answers) is False
    assert "You asked for the urgent service" in client.get(f"{base}/submitted").text
    # The same application with "No": taken as asked.
    base = location(client.get("/apply/1.010063")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1")
    submit(client, f"{base}/step/2", {**request, HELD_BEFORE: "No", URGENT_SERVICE: "No"})
    submit(client, f"{base}/review", {"declaration": "yes"})
    submit(client, f"{base}/payment", action=f"{base}/submit")
    answers = json.loads(
        stored(app, "SELECT answers FROM dossiers WHERE id = ?", int(base.rsplit("/", 1)[1]))[0][0]
    )
    assert accepted_as_asked(answers) is True
    assert "urgent service" not in client.get(f"{base}/submitted").text


def test_grouped_yes_no_in_vietnamese(make_app):
    app = with_dialects(make_app, "grouped_yes_no")
    client = app.test_client()
    client.get("/?lang=vi")
    sign_in(client)
    base = location(client.get("/apply/1.010063")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1")
    groups = fieldsets(client.get(f"{base}/step/2").text)
    assert groups["Bạn có cần giải quyết khẩn không?"] == [("Yes", "Có"), ("No", "Không")]
    assert groups["Bạn đã từng được cấp giấy tờ này chưa?"] == [("Yes", "Có"), ("No", "Không")]


# --- dates ---------------------------------------------------------------------------------------


def test_native_dates_are_date_inputs_with_iso_values(make_app):
    client = with_dialects(make_app, "native_dates").test_client()
    sign_in(client)
    step = location(client.get("/apply/1.004194"))
    page = client.get(step).text
    assert re.search(r'<input id="date_of_birth" name="date_of_birth" value="1988-03-14"\s+type="date"', page)
    assert "For example, 1988-03-14" not in page  # the picker shows the format itself
    submit(client, step, {"phone": "0987000111"})
    step2 = step.replace("/step/1", "/step/2")
    answers = {
        "temporary_address": "15 Trần Phú",
        "province": "Đà Nẵng",
        "reason": "Work",
        "owner_full_name": "Trần Văn Hùng",
        "start_date": "01/02/2025",
        "end_date": "2026-01-31",
    }
    refused = submit(client, step2, answers)
    assert "start_date" in errors_of(refused.text)
    assert submit(client, step2, {**answers, "start_date": "2025-02-01"}).status_code == 302


def test_dmy_dates_are_typed_and_checked_strictly(make_app):
    app = with_dialects(make_app, "dmy_dates")
    client = app.test_client()
    sign_in(client)
    step = location(client.get("/apply/1.004194"))
    page = client.get(step).text
    assert '<label for="date_of_birth">Date of birth (dd/mm/yyyy)</label>' in page
    assert re.search(r'name="date_of_birth" value="14/03/1988"\s+type="text"', page), "the register's date"
    assert submit(client, step, {"phone": "0987000111"}).status_code == 302
    step2 = step.replace("/step/1", "/step/2")
    answers = {
        "temporary_address": "15 Trần Phú",
        "province": "Đà Nẵng",
        "reason": "Work",
        "owner_full_name": "Trần Văn Hùng",
        "end_date": "31/01/2026",
    }
    for wrong in ("2025-02-01", "1/2/2025", "01-02-2025", "31/02/2025", "01/13/2025"):
        refused = submit(client, step2, {**answers, "start_date": wrong})
        assert errors_of(refused.text).get("start_date") == (
            "Enter the start date as dd/mm/yyyy, for example 31/01/2025"
        ), wrong
    later = submit(client, step2, {**answers, "start_date": "01/02/2026"})
    assert "end_date" in errors_of(later.text), "the end date must still follow the start date"
    assert submit(client, step2, {**answers, "start_date": "01/02/2025"}).status_code == 302
    dossier_id = int(step.split("/")[3])
    assert stored_answers(app, dossier_id)["start_date"] == "01/02/2025"


# --- info_tabs -----------------------------------------------------------------------------------


def test_info_tabs_form_a_tablist_with_one_visible_panel(make_app):
    client = with_dialects(make_app, "info_tabs").test_client()
    page = client.get("/procedures/2.000488").text
    tabs = re.findall(
        r'<button type="button" role="tab" id="tab-([\w-]+)" aria-controls="panel-\1" class="tab"\s+'
        r'aria-selected="(true|false)"( tabindex="-1")?>([^<]+)</button>',
        page,
    )
    names = [name for *_rest, name in tabs]
    assert names == ["Steps", "Required documents", "Fees", "Time limit", "Agency", "Legal basis", "Result"]
    assert [selected for _key, selected, _index, _name in tabs] == ["true"] + ["false"] * 6
    panels = re.findall(
        r'<div role="tabpanel" id="panel-([\w-]+)" aria-labelledby="tab-\1"[^>]*?( hidden)?>', page
    )
    assert [key for key, _hidden in panels] == [key for key, *_rest in tabs]
    assert [bool(hidden) for _key, hidden in panels] == [False] + [True] * 6
    fees = re.search(r'id="panel-fees".*?</div>', page, re.S).group(0)
    assert "100,000 VND" in fees and "200,000 VND" in fees
    assert "<h2>Fees</h2>" not in page, "the tabs are the section names"
    assert "/static/dialects.js" in page
    partial = with_dialects(make_app, "info_tabs", defects={"missing_info_sections": ["2.000488"]})
    names = re.findall(
        r'role="tab" id="tab-([\w-]+)"', partial.test_client().get("/procedures/2.000488").text
    )
    assert "time-limit" not in names and "legal-basis" not in names and "fees" in names


# --- js_tracking ---------------------------------------------------------------------------------


def submit_free_procedure(client, code="1.010063") -> str:
    """Apply for confirmation of the old identity card number; returns the tracking code."""
    base = location(client.get(f"/apply/{code}")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1")
    submit(client, f"{base}/step/2", {"old_id_number": "012345678", "purpose": "Bank account"})
    submit(client, f"{base}/review", {"declaration": "yes"})
    submit(client, f"{base}/payment", action=f"{base}/submit")
    return TRACKING.search(client.get(f"{base}/submitted").text).group(1)


def test_js_tracking_page_renders_nothing_itself_and_the_json_has_the_steps(make_app):
    app = with_dialects(make_app, "js_tracking")
    client = app.test_client()
    sign_in(client)
    code = submit_free_procedure(client)
    page = client.get(f"/track?code={code}").text
    assert 'class="search-form js-tracking"' in page and 'data-api="/api/track"' in page
    assert 'data-delay-ms="300"' in page and f'value="{code}"' in page
    assert "Status timeline" not in page and "Result issued" not in page, "the script renders the result"
    answer = client.get(f"/api/track?code={code}")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    data = answer.get_json()
    assert data["heading"] == "Status"
    assert [s["label"] for s in data["steps"]] == ["Submitted", "Accepted", "Processed", "Result issued"]
    assert data["result"]["downloads"] == [
        {"href": f"/results/{code}.pdf", "text": "Download electronic result"}
    ]
    assert {"label": "Tracking code", "value": code} in data["facts"]
    assert client.get(data["result"]["downloads"][0]["href"]).mimetype == "application/pdf"
    assert client.get("/api/track?code=nonsense").status_code == 400
    assert client.get("/api/track").get_json()["error"] == "Enter a tracking code"
    unknown = client.get("/api/track?code=HS2026-0000000000")
    assert unknown.status_code == 404
    stranger = app.test_client()
    # Signed out, an existing code and an unknown one get the same answer (sign in).
    signed_out = stranger.get(f"/api/track?code={code}")
    assert signed_out.status_code == 401
    unknown_signed_out = stranger.get("/api/track?code=HS2026-0000000000")
    assert unknown_signed_out.status_code == 401
    assert signed_out.get_json()["error"] == unknown_signed_out.get_json()["error"]
    sign_in_other = submit(
        stranger, "/eid/login?next=/", {"personal_id": OTHER_CITIZEN, "password": PASSWORD}
    )
    assert sign_in_other.status_code == 302
    # Another citizen's code reads exactly as an unknown one.
    others = stranger.get(f"/api/track?code={code}")
    assert others.status_code == 404
    assert others.get_json()["error"] == unknown.get_json()["error"].replace("HS2026-0000000000", code)
    script = (PROJECT_ROOT / "reference_portal" / "static" / "dialects.js").read_text(encoding="utf-8")
    assert (
        '"aria-labelledby": "track-status-heading"' in script
        and 'element("ol", { class: "timeline" })' in script
    )
    assert make_app().test_client().get(f"/api/track?code={code}").status_code == 404, "national: no API"


# --- js_assistant --------------------------------------------------------------------------------


def test_js_assistant_is_a_widget_on_every_page(make_app):
    app = with_dialects(make_app, "js_assistant")
    client = app.test_client()
    for path in ("/", "/procedures", "/procedures/1.001193", "/track", "/privacy", "/eid/login?next=/"):
        page = client.get(path).text
        assert re.search(
            r'<button type="button" class="button assistant-toggle" aria-expanded="false" '
            r'aria-controls="assistant-panel">Virtual assistant</button>',
            page,
        ), path
        assert '<div id="assistant-panel" class="assistant-panel" hidden>' in page, path
        assert 'role="log"' in page and '<label for="assistant-question">Your question</label>' in page, path
        assert 'href="/assistant"' not in page, path
    assert client.get("/assistant").status_code == 404
    token = csrf(client.get("/").text)
    question = "How much is the fee for passport issuance?"
    reply = client.post("/api/assistant", data={"csrf_token": token, "question": question})
    assert reply.status_code == 200
    assert reply.get_json()["reply"] == (
        "The fee for Passport issuance is 200,000 VND when you apply online and 200,000 VND at the counter."
    )
    assert client.post("/api/assistant", data={"csrf_token": token, "question": " "}).status_code == 400
    assert client.post("/api/assistant", data={"question": question}).status_code == 400  # no CSRF token
    script = (PROJECT_ROOT / "reference_portal" / "static" / "dialects.js").read_text(encoding="utf-8")
    assert 'log.appendChild(element("p"' in script
    no_assistant = with_dialects(make_app, "js_assistant", defects={"no_assistant": ["*"]})
    assert "assistant-toggle" not in no_assistant.test_client().get("/").text


# --- multi_page_eform ----------------------------------------------------------------------------


def test_multi_page_eform_has_three_pages_whatever_the_procedure(make_app):
    app = with_dialects(make_app, "multi_page_eform")
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/2.002311")).rsplit("/step/", 1)[0]  # four steps of its own
    pages = [client.get(f"{base}/step/1").text]
    assert client.get(f"{base}/step/3").status_code == 302, "a page waits for the ones before it"
    assert location(submit(client, f"{base}/step/1", {"relationship": "Mother"})).endswith("/step/2")
    pages.append(client.get(f"{base}/step/2").text)
    refused = submit(client, f"{base}/step/2")
    expected = {"child_full_name", "mother_full_name", "permanent_residence_address"}
    assert expected <= set(errors_of(refused.text))
    child = {
        "child_full_name": "Nguyễn Minh Khôi",
        "child_date_of_birth": "2025-01-15",
        "child_sex": "Male",
        "child_place_of_birth": "Hà Nội",
        "child_ethnicity": "Kinh",
        "child_nationality": "Vietnamese",
        "mother_full_name": "Nguyễn Thị Lan",
        "mother_personal_id": CITIZEN,
        "permanent_residence_address": "Số 12 ngõ 45 phố Hào Nam",
    }
    assert location(submit(client, f"{base}/step/2", child)).endswith("/step/3")
    pages.append(client.get(f"{base}/step/3").text)
    for number, page in enumerate(pages, start=1):
        assert f'<p class="step-indicator">Step {number}/3</p>' in page
        assert '<button type="submit" class="button">Continue</button>' in page
    assert client.get(f"{base}/step/4").status_code == 404
    names = [set(form_values(page)) - {"csrf_token"} for page in pages]
    assert {"full_name", "personal_id", "email", "relationship"} <= names[0]
    assert expected <= names[1] and not names[1] & {"full_name", "email"}
    assert "How do you want to receive the result?" in pages[2]
    assert '<option value="By post">By post</option>' in pages[2]
    # Nothing is lost: the three pages ask everything the procedure's own four steps ask.
    assert {f.name for f in CATALOGUE.get("2.002311").all_fields()} <= names[0] | names[1]
    assert "result_delivery" in errors_of(submit(client, f"{base}/step/3").text)
    assert location(submit(client, f"{base}/step/3", {RESULT_DELIVERY: "By post"})).endswith("/documents")
    assert stored_answers(app, int(base.rsplit("/", 1)[1]))[RESULT_DELIVERY] == "By post"


# --- one_click_gateway ---------------------------------------------------------------------------


def test_one_click_gateway_pays_and_submits_at_once(make_app):
    app = with_dialects(make_app, "one_click_gateway")
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    apply_criminal_record(client, base)
    checkout = location(submit(client, f"{base}/payment"))
    gateway = client.get(checkout).text
    buttons = re.findall(r"<button[^>]*>([^<]+)</button>", main_form(gateway))
    assert buttons == ["Pay and submit"]
    back = location(submit(client, checkout, {"method": "E-wallet"}))
    following = client.get(back)
    assert location(following) == f"{base}/submitted", "no separate submission page"
    confirmation = client.get(f"{base}/submitted").text
    assert TRACKING.search(confirmation)
    row = stored(
        app, "SELECT status, payment_status FROM dossiers WHERE id = ?", int(base.rsplit("/", 1)[1])
    )[0]
    assert tuple(row) == ("result_issued", "paid")


def test_one_click_gateway_asks_the_appointment_before_paying(make_app):
    app = with_dialects(make_app, "one_click_gateway")
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/2.001702")).rsplit("/step/", 1)[
        0
    ]  # citizen ID card: appointment always
    submit(client, f"{base}/step/1")
    submit(client, f"{base}/step/2", {"card_action": "Renewal", "reason": "Expired"})
    submit(client, f"{base}/documents", files={"portrait_photo": (io.BytesIO(TINY_PNG), "p.png")})
    submit(client, f"{base}/review", {"declaration": "yes"})
    page = client.get(f"{base}/payment").text
    assert '<select id="appointment_date" name="appointment_date"' in main_form(page)
    refused = submit(client, f"{base}/payment", {"appointment_date": "1999-01-01"})
    assert "appointment_date" in errors_of(refused.text)
    chosen = re.search(r'<option value="([\d-]+)"', main_form(page)).group(1)
    checkout = location(submit(client, f"{base}/payment", {"appointment_date": chosen}))
    client.get(location(submit(client, checkout, {"method": "QR code"})))
    row = stored(
        app, "SELECT status, appointment_date FROM dossiers WHERE id = ?", int(base.rsplit("/", 1)[1])
    )[0]
    assert tuple(row) == ("result_issued", chosen)


# --- one-time codes ------------------------------------------------------------------------------


def test_otp_sign_on_asks_a_one_time_code_after_the_password(make_app):
    app = with_dialects(make_app, "otp_sign_on")
    client = app.test_client()
    after_password = sign_in(client, next_url="/track")
    assert location(after_password) == "/eid/otp"
    page = client.get("/eid/otp").text
    code = TEST_CODE.search(page).group(1)
    assert '<label for="code">One-time code</label>' in page
    assert '<button type="submit" class="button eid-button">Confirm</button>' in page
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post("/eid/otp", data={"csrf_token": csrf(page), "code": wrong})
    assert refused.status_code == 200
    assert errors_of(refused.text) == {
        "code": "The one-time code is incorrect. Enter the 6-digit code you received"
    }
    assert "Sign out" not in refused.text, "a wrong code does not sign in"
    assert errors_of(client.post("/eid/otp", data={"csrf_token": csrf(page), "code": ""}).text)["code"] == (
        "Enter the one-time code"
    )
    accepted = client.post("/eid/otp", data={"csrf_token": csrf(page), "code": code})
    assert location(accepted) == "/track"
    assert "Sign out" in client.get("/").text
    national = make_app().test_client()
    assert national.get("/eid/otp").status_code == 404


def test_otp_sign_on_in_vietnamese(make_app):
    client = with_dialects(make_app, "otp_sign_on").test_client()
    client.get("/?lang=vi")
    sign_in(client)
    page = client.get("/eid/otp").text
    assert re.search(r"Mã OTP thử nghiệm: \d{6}", page)
    assert '<label for="code">Mã OTP</label>' in page and ">Xác nhận</button>" in page


def test_otp_payment_asks_a_one_time_code_at_the_gateway(make_app):
    app = with_dialects(make_app, "otp_payment")
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    apply_criminal_record(client, base)
    checkout = location(submit(client, f"{base}/payment"))
    otp_page = location(submit(client, checkout, {"method": "QR code"}))
    assert otp_page == f"{checkout}/otp"
    page = client.get(otp_page).text
    code = TEST_CODE.search(page).group(1)
    assert "Confirm the payment of 100,000 VND" in page and ">Confirm</button>" in page
    txn = checkout.rsplit("/", 1)[1]
    refused = client.post(otp_page, data={"csrf_token": csrf(page), "code": "12345"})
    assert "code" in errors_of(refused.text)
    assert stored(app, "SELECT status FROM transactions WHERE id = ?", txn)[0][0] == "pending"
    paid = client.post(otp_page, data={"csrf_token": csrf(page), "code": code})
    assert location(paid).startswith(f"{base}/payment/return?txn={txn}")
    assert tuple(stored(app, "SELECT status, method FROM transactions WHERE id = ?", txn)[0]) == (
        "paid",
        "QR code",
    )


# --- eid_chooser ---------------------------------------------------------------------------------


def test_eid_chooser_sends_the_citizen_to_the_identity_provider_and_back(make_app):
    app = with_dialects(make_app, "eid_chooser")
    client = app.test_client()
    start = location(client.get("/apply/1.001193"))
    chooser = client.get(start).text
    assert 'name="password"' not in chooser and 'name="personal_id"' not in chooser
    buttons = re.findall(r'<button type="submit" name="method" value="(\w+)"[^>]*>([^<]+)</button>', chooser)
    assert ("national_eid", "Sign in with national electronic identity") in buttons and len(buttons) == 3
    other = submit(client, start, {"method": "digital_signature"}, action="/eid/choose")
    assert "not available for test citizens" in other.text
    to_provider = client.post(
        "/eid/choose", data={"csrf_token": csrf(chooser), "next": "/apply/1.001193", "method": "national_eid"}
    )
    authorize = location(to_provider)
    assert authorize.startswith("/idp/authorize?")
    login = location(client.get(authorize))
    assert login.startswith("/idp/login?state=")
    form = client.get(login).text
    assert 'name="personal_id"' in form and f'action="{login}"' in form
    wrong = client.post(login, data={"csrf_token": csrf(form), "personal_id": CITIZEN, "password": "wrong"})
    assert "incorrect" in wrong.text
    back = client.post(login, data={"csrf_token": csrf(form), "personal_id": CITIZEN, "password": PASSWORD})
    callback = location(back)
    assert callback.startswith("/eid/callback?ticket=")
    assert client.get(callback.replace("ticket=", "ticket=x")).status_code == 400, (
        "a forged ticket is refused"
    )
    assert location(client.get(callback)) == "/apply/1.001193"
    assert location(client.get("/apply/1.001193")).endswith("/step/1"), "signed in"
    # A provider page reached without the portal's state is refused.
    assert make_app(dialects=["eid_chooser"]).test_client().get("/idp/login?state=made-up").status_code == 400
    token = csrf(client.get("/").text)  # signing in gave the session a new token
    assert client.post("/eid/login", data={"csrf_token": token}).status_code == 405


# --- appointment_booking -------------------------------------------------------------------------


def test_appointment_booking_asks_place_date_and_slot(make_app):
    app = with_dialects(make_app, "appointment_booking", dialect_options={"appointment_booking": [BOOKED]})
    client = app.test_client()
    sign_in(client)
    base = location(client.get(f"/apply/{BOOKED}")).rsplit("/step/", 1)[0]
    submit(client, f"{base}/step/1")
    step2 = {"brand": "Honda", "engine_number": "JF1234", "chassis_number": "RLHJF1234", "colour": "Red"}
    assert location(submit(client, f"{base}/step/2", step2)) == f"{base}/appointment"
    assert location(client.get(f"{base}/documents")) == f"{base}/appointment", "the booking cannot be skipped"
    page = client.get(f"{base}/appointment").text
    form = main_form(page)
    assert "<h2>Book an appointment</h2>" in page
    assert re.search(
        r'<label for="location">Location</label>.*?<select id="location" name="location"', form, re.S
    )
    first, last = today() + timedelta(days=1), today() + timedelta(days=BOOKING_DAYS)
    assert f'type="date" class="input input-short" value="" min="{first}" max="{last}"' in form
    slots = re.findall(r'name="slot" type="radio" value="([^"]+)"( disabled)?', form)
    assert [s for s, _ in slots] == list(SLOTS) and [s for s, d in slots if d] == [FULL_SLOT]
    assert '<button type="submit" class="button">Confirm appointment</button>' in form
    day = next_weekday(first)
    weekend = first + timedelta(days=(5 - first.weekday()) % 7)
    for wrong, field in (
        ({"location": "", "day": day.isoformat(), "slot": SLOTS[0]}, "location"),
        ({"location": "ba_dinh", "day": today().isoformat(), "slot": SLOTS[0]}, "day"),
        ({"location": "ba_dinh", "day": weekend.isoformat(), "slot": SLOTS[0]}, "day"),
        ({"location": "ba_dinh", "day": (last + timedelta(days=3)).isoformat(), "slot": SLOTS[0]}, "day"),
        ({"location": "ba_dinh", "day": day.strftime("%d/%m/%Y"), "slot": SLOTS[0]}, "day"),
        ({"location": "ba_dinh", "day": day.isoformat(), "slot": FULL_SLOT}, "slot"),
        ({"location": "ba_dinh", "day": day.isoformat(), "slot": ""}, "slot"),
    ):
        refused = submit(client, f"{base}/appointment", wrong)
        assert refused.status_code == 200 and field in errors_of(refused.text), wrong
    chosen = {"location": "hoan_kiem", "day": day.isoformat(), "slot": "14:00–15:00"}
    assert location(submit(client, f"{base}/appointment", chosen)) == f"{base}/documents"
    submit(client, f"{base}/documents", files={"vehicle_invoice": (io.BytesIO(TINY_PDF), "invoice.pdf")})
    review = client.get(f"{base}/review").text
    assert "Commune Police, Hoan Kiem office" in review and "14:00–15:00" in review
    submit(client, f"{base}/review", {"declaration": "yes"})
    checkout = location(submit(client, f"{base}/payment"))
    back = location(submit(client, checkout, {"method": "QR code"}))
    submit(client, back, action=f"{base}/submit")
    code = TRACKING.search(client.get(f"{base}/submitted").text).group(1)
    timeline = re.search(
        r'<ol aria-label="Status timeline" class="timeline">(.*?)</ol>',
        client.get(f"/track?code={code}").text,
        re.S,
    )
    assert re.search(
        r'<li class="pending"><span class="status-name">In-person appointment: '
        r"Commune Police, Hoan Kiem office, [^<]+, 14:00–15:00 – pending</span></li>",
        timeline.group(1),
    )
    # Only the listed procedure books an appointment.
    other = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    assert client.get(f"{other}/appointment").status_code == 404


# --- extra_required_fields and absent_standard_fields --------------------------------------------


def test_extra_required_fields_are_required_and_checked(make_app):
    app = with_dialects(make_app, "extra_required_fields")
    client = app.test_client()
    sign_in(client)
    step = location(client.get("/apply/1.010063"))
    page = client.get(step).text
    for label in ("Occupation", "Religion", "Bank account number"):
        assert re.search(rf'<label for="\w+">{label}</label><span class="required-marker"', page), label
    refused = submit(client, step)
    assert {"occupation", "religion", "bank_account"} <= set(errors_of(refused.text))
    for wrong in ("1234567", "123456789012345", "12345678a", "1234 5678"):
        answers = {"occupation": "Teacher", "religion": "None", "bank_account": wrong}
        assert errors_of(submit(client, step, answers).text) == {
            "bank_account": "Enter a bank account number of 8 to 14 digits"
        }, wrong
    answers = {"occupation": "Teacher", "religion": "None", "bank_account": "0123456789"}
    assert submit(client, step, answers).status_code == 302
    assert stored_answers(app, int(step.split("/")[3]))["bank_account"] == "0123456789"
    # With the extra_fields defect's optional Religion and Occupation too, the required ones win.
    both = with_dialects(make_app, "extra_required_fields", defects={"extra_fields": ["1.010063"]})
    other = both.test_client()
    sign_in(other)
    assert {"occupation", "religion"} <= set(
        errors_of(submit(other, location(other.get("/apply/1.010063"))).text)
    )


def test_absent_standard_fields_leave_one_standard_field_out(make_app):
    from portalqa.standard.catalog import load_catalog

    standard = load_catalog()
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    by_code = {entry["code"]: sid for sid, entry in profile["procedures"].items()}
    assert set(ABSENT_STANDARD_FIELDS) == set(by_code), "one omitted field for every standard procedure"
    for code, (field, key) in ABSENT_STANDARD_FIELDS.items():
        dossier = {f.key: f for f in standard[by_code[code]].dossier}
        assert key in dossier and not dossier[key].from_register, (code, key)
        assert field in {f.name for f in CATALOGUE.get(code).all_fields()}, (code, field)
    app = with_dialects(make_app, "absent_standard_fields")
    client = app.test_client()
    sign_in(client)
    for code in ("1.001193", "2.000488", "2.001765"):
        base = location(client.get(f"/apply/{code}")).rsplit("/step/", 1)[0]
        asked = set()
        for number in range(1, len(CATALOGUE.get(code).steps) + 1):
            asked |= set(form_values(client.get(f"{base}/step/{number}").text))
        assert ABSENT_STANDARD_FIELDS[code][0] not in asked, code
    # Left out means not asked and not required: criminal record without the number of copies.
    base = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    assert apply_criminal_record(client, base, {"copies": ""}, documents=False).status_code == 302


# --- server_validation_only ----------------------------------------------------------------------


def test_server_validation_only_answers_400_with_a_tied_error_summary(make_app):
    app = with_dialects(make_app, "server_validation_only")
    client = app.test_client()
    login = client.get("/eid/login?next=/").text
    assert " required" not in main_form(login) and "novalidate" in main_form(login)
    refused = submit(client, "/eid/login?next=/", {"personal_id": "12"}, action="/eid/login")
    assert refused.status_code == 400 and "<title>Error: " in refused.text
    sign_in(client)
    step = location(client.get("/apply/2.000488"))
    page = client.get(step).text
    assert "<form" in main_form(page) and "novalidate" in main_form(page)
    assert not re.search(r"\srequired[\s>]", main_form(page)), "no client-side constraint"
    assert 'aria-required="true"' in page
    response = submit(client, step, {"place_of_birth": "", "email": "not-an-email"})
    assert response.status_code == 400
    assert re.search(r"<title>Error: ", response.text)
    found = errors_of(response.text)
    assert set(found) == {"place_of_birth", "nationality", "email"}
    assert found["email"] == "Enter an email address in the correct format, like name@example.com"
    assert re.search(
        r'id="email"[^>]*aria-describedby="email-error" aria-invalid="true"', response.text, re.S
    )
    assert '<p id="email-error" class="field-error">' in response.text
    assert submit(client, step, {"place_of_birth": "Hà Nội", "nationality": "VN"}).status_code == 302
    base = step.rsplit("/step/", 1)[0]
    step2 = client.get(f"{base}/step/2").text
    assert 'name="copies"' in step2 and ' min="' not in main_form(step2) and ' max="' not in main_form(step2)
    assert submit(client, f"{base}/step/2").status_code == 400
    for path in ("/", "/procedures", f"{base}/step/2"):
        forms = re.findall(r"<form[^>]*>", client.get(path).text)
        assert forms and all("novalidate" in form for form in forms), path
    assert client.get("/track?code=nonsense").status_code == 400
    client.get("/?lang=vi")
    assert "<title>Lỗi: " in submit(client, f"{base}/step/2").text
    national = make_app().test_client()
    sign_in(national)
    assert submit(national, location(national.get("/apply/2.000488")), {"email": "x"}).status_code == 200


# --- all dialects at once: every procedure can still be completed --------------------------------


def sample_value(field, lang_dates: str) -> str:
    """A valid answer for a (dialect-shaped) field."""
    if field.type == "select":
        return field.options[-1] if field.name in (HELD_BEFORE, URGENT_SERVICE) else field.options[0]
    if field.type == "date":
        day = date(2025, 6, 30) if field.after else date(2024, 1, 15)
        return day.strftime("%d/%m/%Y") if lang_dates == "dmy" else day.isoformat()
    if field.type == "number":
        return str(field.min or 1)
    if field.format == "personal_id":
        return CITIZEN
    if field.format == "bank_account":
        return "0123456789"
    if field.digits:
        return "1" * field.digits
    if field.type == "email":
        return "test@example.com"
    if field.type == "tel":
        return "0912345678"
    return "Giá trị thử nghiệm"


class DialectsPortal:
    """Walks the all-dialects variant the way a citizen must: chooser, provider, code, pages, booking."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.adapter = app.url_map.bind("localhost")
        self.pages: dict[str, str] = {}  # endpoint -> the last page seen there

    def get(self, path: str):
        response = self.client.get(path)
        self.pages[self.endpoint(path)] = response.get_data(as_text=True)
        return response

    def endpoint(self, path: str) -> str:
        return self.adapter.match(path.split("?", 1)[0])[0]

    def sign_in(self, next_url="/"):
        chooser = self.get(f"/eid/login?next={next_url}").text
        here = location(
            self.client.post(
                "/eid/choose", data={"csrf_token": csrf(chooser), "next": next_url, "method": "national_eid"}
            )
        )
        while self.endpoint(here) != "eid.idp_login":
            here = location(self.client.get(here))
        self.get(here)
        sent = submit(self.client, here, {"personal_id": CITIZEN, "password": PASSWORD})
        code_page = self.get(location(sent)).text
        code = TEST_CODE.search(code_page).group(1)
        back = self.client.post("/eid/otp", data={"csrf_token": csrf(code_page), "code": code})
        assert location(self.client.get(location(back))) == next_url

    def apply(self, code: str) -> dict:
        procedure = CATALOGUE.get(code)
        with self.app.test_request_context():
            steps = shape_steps(procedure, procedure.steps)
        seen = {"pages": [], "forms": ""}
        here = location(self.client.get(f"/apply/{code}"))
        for _ in range(20):
            endpoint = self.endpoint(here)
            seen["pages"].append(endpoint)
            if endpoint == "eform.payment_return":
                here = location(self.client.get(here))  # one click: the return address submits
                continue
            page = self.get(here)
            assert page.status_code == 200, (here, page.status_code)
            if endpoint == "eform.step":
                number = int(here.rsplit("/", 1)[1])
                assert f"Step {number}/3" in page.text
                seen["forms"] += main_form(page.text)
                values = form_values(page.text)
                changes = {
                    f.name: sample_value(f, "dmy") for f in steps[number - 1].fields if not values.get(f.name)
                }
                response = submit(self.client, here, changes)
            elif endpoint == "eform.appointment":
                day = next_weekday(today() + timedelta(days=1))
                choice = {"location": "ba_dinh", "day": day.isoformat(), "slot": SLOTS[0]}
                response = submit(self.client, here, choice)
            elif endpoint == "eform.documents":
                files = {}
                for name, accept in re.findall(
                    r'name="([a-z_]+)" type="file"[^>]*accept="([^"]+)"', page.text
                ):
                    data, ext = (TINY_PDF, "pdf") if "pdf" in accept else (TINY_PNG, "png")
                    files[name] = (io.BytesIO(data), f"{name}.{ext}")
                response = submit(self.client, here, files=files)
            elif endpoint == "eform.review":
                response = submit(self.client, here, {"declaration": "yes"})
            elif endpoint == "eform.payment":
                submit_action = re.search(r'action="([^"]+/submit)"', page.text)
                if submit_action:
                    response = submit(self.client, here, action=submit_action.group(1))
                else:
                    checkout = location(submit(self.client, here))
                    gateway = self.get(checkout).text
                    assert ">Pay and submit</button>" in gateway
                    code_page = location(submit(self.client, checkout, {"method": "Domestic card"}))
                    otp = self.get(code_page).text
                    one_time = TEST_CODE.search(otp).group(1)
                    response = self.client.post(code_page, data={"csrf_token": csrf(otp), "code": one_time})
                    seen["paid"] = True
            elif endpoint == "eform.submitted":
                seen["tracking_code"] = TRACKING.search(page.text).group(1)
                seen["dossier_id"] = int(here.split("/")[3])
                return seen
            else:
                raise AssertionError(f"unexpected page {here}")
            assert response.status_code == 302, (here, response.status_code, errors_of(response.text))
            here = location(response)
        raise AssertionError(f"never reached the confirmation: {seen['pages']}")


def test_every_procedure_can_be_completed_with_every_dialect_on(make_app):
    app = make_app("dialects")
    portal = DialectsPortal(app)
    portal.sign_in()
    for code in sorted(CATALOGUE.codes):
        procedure = CATALOGUE.get(code)
        seen = portal.apply(code)
        assert seen.get("paid", False) == (procedure.fee > 0), code
        assert ("eform.appointment" in seen["pages"]) == (code == BOOKED), code
        answers = stored_answers(app, seen["dossier_id"])
        assert answers[URGENT_SERVICE] == "No" and answers[RESULT_DELIVERY], code
        if code in ABSENT_STANDARD_FIELDS:
            assert ABSENT_STANDARD_FIELDS[code][0] not in answers, code
        data = portal.client.get(f"/api/track?code={seen['tracking_code']}").get_json()
        assert data["steps"][-1]["label"] == "Result issued", code
        assert bool(data["pending"]) == (code == BOOKED), code
        for download in data["result"]["downloads"]:
            assert portal.client.get(download["href"]).mimetype == "application/pdf", code


# --- the profile a user would write for the dialects portal --------------------------------------


def test_the_dialects_profile_names_what_the_portal_shows(make_app):
    """The profile's words for the dialects' pages are the ones those pages show."""
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    assert profile["embedded"]["variant"] == "dialects" and profile["date_format"] == "dd/mm/yyyy"
    words = profile["vocabulary"]
    app = make_app("dialects")
    portal = DialectsPortal(app)
    portal.sign_in()
    forms = {code: portal.apply(code)["forms"] for code in ("1.010063", "1.001193", BOOKED)}
    pages = portal.pages
    assert re.search(profile["one_time_code"]["from_page"], pages["eid.otp"])
    assert re.search(profile["one_time_code"]["from_page"], pages["paygate.otp"])
    for key, endpoint, markup in (
        ("sign_on.choose_eid", "eid.login", ">{}</button>"),
        ("sign_on.personal_id", "eid.idp_login", '<label for="personal_id">{}</label>'),
        ("otp.code", "eid.otp", '<label for="code">{}</label>'),
        ("otp.confirm", "eid.otp", ">{}</button>"),
        ("otp.code", "paygate.otp", '<label for="code">{}</label>'),
        ("otp.confirm", "paygate.otp", ">{}</button>"),
        ("eform.continue", "eform.step", ">{}</button>"),
        ("appointment.confirm", "eform.appointment", ">{}</button>"),
        ("review.confirm", "eform.review", ">{}</button>"),
        ("payment.pay_online", "eform.payment", ">{}</button>"),
        ("payment.gateway_pay", "paygate.checkout", ">{}</button>"),
        ("submission.tracking_code", "eform.submitted", "{}:"),
        ("tracking.submit", None, ">{}</button>"),
    ):
        page = pages[endpoint] if endpoint else portal.client.get("/track").text
        assert markup.format(words[key]) in page, (key, words[key])
    for procedure_id, entry in profile["procedures"].items():
        assert entry["not_asked"] == [ABSENT_STANDARD_FIELDS[entry["code"]][1]], procedure_id
        assert entry["answers"]["Do you need an urgent service?"] == "No", procedure_id
    # Every label the answers name is a question of that procedure's e-form.
    for procedure_id in ("confirm_old_id_number", "motorbike_registration", "birth_registration"):
        entry = profile["procedures"][procedure_id]
        for label in entry["answers"]:
            assert re.search(rf">{re.escape(label)}<", forms[entry["code"]]), (procedure_id, label)


# --- in a real browser: the dialects that need a script -------------------------------------------


@pytest.mark.browser
def test_the_scripted_dialects_work_in_chromium(make_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from werkzeug.serving import make_server

    from portalqa.browser.chromium import BrowserFactory, BrowserSettings

    app = make_app("dialects")
    portal = DialectsPortal(app)  # the application is made through the test client, on the same app
    portal.sign_in()
    tracking_code = portal.apply("1.010063")["tracking_code"]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    factory = BrowserFactory(BrowserSettings())
    driver = None
    try:
        driver = factory.start()
        wait = WebDriverWait(driver, 10)
        driver.get(f"{base}/procedures/2.000488")
        panels = driver.find_elements(By.CSS_SELECTOR, '[role="tabpanel"]')
        assert [p.get_attribute("id") for p in panels if p.is_displayed()] == ["panel-steps"]
        driver.find_element(By.ID, "tab-fees").click()
        assert [p.get_attribute("id") for p in panels if p.is_displayed()] == ["panel-fees"]
        assert "100,000 VND" in driver.find_element(By.ID, "panel-fees").text
        assert driver.find_element(By.ID, "tab-fees").get_attribute("aria-selected") == "true"

        toggle = driver.find_element(By.CSS_SELECTOR, ".assistant-toggle")
        assert not driver.find_element(By.ID, "assistant-panel").is_displayed()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        driver.find_element(By.ID, "assistant-question").send_keys(
            "How much is the fee for passport issuance?"
        )
        driver.find_element(By.CSS_SELECTOR, ".assistant-widget-form button").click()
        reply = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[role="log"] p'))[0]
        assert reply.text.startswith("The fee for Passport issuance is 200,000 VND")

        driver.get(f"{base}/track")
        driver.find_element(By.ID, "code").send_keys("nonsense")
        driver.find_element(By.CSS_SELECTOR, "form.js-tracking button").click()
        alert = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#track-errors [role="alert"]'))[0]
        assert "Enter the tracking code in the format HS2026-4038215967" in alert.text
        assert driver.title.startswith("Error: ")
        assert driver.find_element(By.ID, "code").get_attribute("aria-invalid") == "true"

        # The citizen who applied (the test client's session, handed to the browser) tracks it.
        driver.add_cookie(
            {"name": "refportal_session", "value": portal.client.get_cookie("refportal_session").value}
        )
        driver.get(f"{base}/track?code={tracking_code}")
        assert not driver.find_elements(By.CSS_SELECTOR, "#track-result section"), "nothing before Track"
        driver.find_element(By.CSS_SELECTOR, "form.js-tracking button").click()
        section = wait.until(
            lambda d: d.find_elements(By.CSS_SELECTOR, 'section[aria-labelledby="track-status-heading"]')
        )[0]
        assert section.find_element(By.CSS_SELECTOR, "h2#track-status-heading").text == "Status"
        steps = [li.text for li in section.find_elements(By.CSS_SELECTOR, "ol > li")]
        assert [step.split(" 20")[0] for step in steps] == [
            "Submitted",
            "Accepted",
            "Processed",
            "Result issued",
        ]
        assert section.find_element(By.TAG_NAME, "ol").get_attribute("aria-label") is None
        assert (
            driver.find_element(By.LINK_TEXT, "Download electronic result")
            .get_attribute("href")
            .endswith(f"/results/{tracking_code}.pdf")
        )
        errors = [e for e in driver.get_log("browser") if e["source"] != "network"]
        assert errors == [], errors  # the script never fails (a refused code's 4xx is a network entry)
    finally:
        if driver is not None:
            driver.quit()
        factory.cleanup()
        server.shutdown()
