"""Journeys on the reference portal built the ways other portals are (its `dialects` variant).

The variant turns every dialect on (reference_portal/dialects.py): a sign-in chooser, an identity
provider reached by redirects and a one-time code; a three-page e-form whose questions are labelled
in mixed ways, two required Yes/No groups, dd/mm/yyyy dates, questions the standard does not know
and standard fields left out; server-only validation; appointment booking for motorbikes; a one-time
code at the gateway, whose one button pays and submits; tracking rendered by script. The profile
(tests/fixtures/profiles/reference-dialects.yaml) is what a user would write for it: no Python.

The sample covers each dialect at least once. Checked: each journey reaches its end with the verdict
the portal deserves (full, or partial where it books an appointment), the dossier the portal stored
is the one asked for (the Yes/No answers went to the right groups), and the record says what was
not asked and what was answered beyond the standard.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml
from assessment_runs import read_assessment, run_assessment

from portalqa.evidence.allure_reading import attachment_json, raw_results
from portalqa.evidence.measurements import ATTACHMENT_NAME
from portalqa.paths import PROJECT_ROOT
from portalqa.profiles.profile import load_profile
from portalqa.targets.embedded import EmbeddedPortal
from reference_portal import dialects

PROFILE = PROJECT_ROOT / "tests" / "fixtures" / "profiles" / "reference-dialects.yaml"
# Paid with a gateway code (passport), free (stay), booked in person (motorbike), many questions (birth).
SAMPLE = {
    "birth_registration": "full",
    "ordinary_passport": "full",
    "notification_of_stay": "full",
    "motorbike_registration": "partial",
}


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """The sample played on a dialects portal this test started itself, so its database can be read."""
    folder = tmp_path_factory.mktemp("dialects")
    (folder / "portal").mkdir()
    portal = EmbeddedPortal(load_profile(str(PROFILE)), work_dir=folder / "portal")
    base_url = portal.start()
    try:
        data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
        data.pop("embedded")
        data["base_url"] = base_url
        remote = folder / "reference-dialects.yaml"
        remote.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        reports = folder / "reports"
        selection = f"not virtual_assistant and ({' or '.join(SAMPLE)})"
        arguments = ["--portal", str(remote), "--workers", "2", "--no-load", "--no-axe"]
        result = run_assessment(reports, *arguments, "--viewport", "desktop", "-m", selection, timeout=1500)
        assert result.returncode == 0, result.stderr[-3000:]
        # The assessment run uses this process's credentials: the embedded portal set them.
        with sqlite3.connect(next((folder / "portal" / "data").glob("*.sqlite*"))) as db:
            stored = db.execute(
                "SELECT procedure_code, answers FROM dossiers WHERE status != 'draft'"
            ).fetchall()
    finally:
        portal.stop()
    journeys = {}
    for _, raw in raw_results(reports / "allure-results"):
        with_measurements = attachment_json(reports / "allure-results", raw, ATTACHMENT_NAME)
        if with_measurements.get("kind") == "journey":
            journeys[with_measurements["procedure"]["id"]] = with_measurements
    return read_assessment(reports)["portals"][0], stored, journeys


def test_every_journey_reaches_its_end_with_the_verdict_it_deserves(played):
    portal, _, journeys = played
    verdicts = {p["id"]: p["verdict"] for p in portal["procedures"] if p["id"] in SAMPLE}
    assert verdicts == SAMPLE
    for procedure_id in SAMPLE:
        journey = journeys[procedure_id]["journey"]
        assert journey["tracking_code_received"], procedure_id
        assert journey["tracking_status_shown"], procedure_id  # the script-rendered timeline was read
        # Every section of the information page was found behind its tab.
        assert journeys[procedure_id]["information_page"]["sections_missing"] == [], procedure_id
    motorbike = next(p for p in portal["procedures"] if p["id"] == "motorbike_registration")
    assert [r["kind"] for r in motorbike["reasons"]] == ["appointment_in_person"]


def test_one_time_codes_were_read_at_sign_on_and_at_the_gateway(played):
    _, _, journeys = played
    assert journeys["ordinary_passport"]["journey"]["one_time_codes"] == 2  # sign-on + payment
    assert journeys["notification_of_stay"]["journey"]["one_time_codes"] == 1  # free: sign-on only


def test_the_stored_dossiers_are_the_ones_asked_for(played):
    _, stored, _ = played
    assert len(stored) >= len(SAMPLE)
    given = {code: dialects.all_answers(json.loads(answers)) for code, answers in stored}
    for code, answers in stored:
        # Two groups both offer Yes/No: "urgent service" must be No, and each group got its own answer.
        assert dialects.accepted_as_asked(json.loads(answers)), (code, answers)
    # The profile answers "Yes" to the first group for birth registration: it went there, not to the
    # first "Yes" of the page or to both.
    assert given["1.001193"][dialects.HELD_BEFORE] == dialects.YES
    assert given["1.004212"][dialects.HELD_BEFORE] == dialects.NO


def test_left_out_and_extra_questions_are_recorded_not_blocking(played):
    _, _, journeys = played
    codes = {p: load_profile(str(PROFILE)).procedure_entry(p).code for p in SAMPLE}
    for procedure_id, code in codes.items():
        journey = journeys[procedure_id]["journey"]
        left_out = dialects.ABSENT_STANDARD_FIELDS.get(code)
        if left_out is not None:
            assert left_out[-1] in journey["standard_fields_not_asked"], (procedure_id, journey)
        answered = {a["source"] for a in journey["answers_beyond_standard"]}
        assert answered <= {"profile", "derived"} and answered, procedure_id  # occupation, bank account ...
