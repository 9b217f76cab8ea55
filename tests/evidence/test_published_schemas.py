"""The JSON Schemas shipped in docs/ are generated from the one definition of each shape, and describe
what portalqa really writes: a stale schema, or an output that drifts from its model, fails here."""

from __future__ import annotations

import json

import jsonschema
import pytest
from result_files import FIXTURE_RESULTS, assistant_labels, measurements_v2, write_result

from portalqa.evidence import measurements
from portalqa.paths import DOCS_DIR
from portalqa.reporting.scorecard import write_assessment
from portalqa.scoring import output
from portalqa.scoring.assessment import score_results


@pytest.mark.parametrize(
    ("shipped", "generate", "command"),
    [
        ("measurements.schema.json", measurements.json_schema, "measurements-schema"),
        ("assessment.schema.json", output.json_schema, "assessment-schema"),
    ],
)
def test_shipped_schema_is_current(shipped, generate, command):
    assert (DOCS_DIR / shipped).read_text(encoding="utf-8") == generate(), (
        f"docs/{shipped} is stale: run `python -m portalqa {command}`"
    )


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((DOCS_DIR / name).read_text(encoding="utf-8")))


def test_a_written_assessment_follows_its_published_schema(tmp_path):
    results = tmp_path / "allure-results"
    results.mkdir()
    for item in FIXTURE_RESULTS.iterdir():
        (results / item.name).write_bytes(item.read_bytes())
    # The fixture results are schema 1; one schema-2 journey and one assistant scenario beside them.
    journey = measurements_v2("alpha", "birth_registration")
    write_result(results, "alpha", "birth_registration", measured=journey)
    assistant = measurements_v2("alpha", "birth_registration", None, kind="assistant")
    write_result(results, "alpha", "birth_registration", measured=assistant, labels=assistant_labels())
    write_assessment(score_results(results), tmp_path / "assessment")
    written = json.loads((tmp_path / "assessment" / "assessment.json").read_text(encoding="utf-8"))
    errors = sorted(_validator("assessment.schema.json").iter_errors(written), key=str)
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]


def test_the_schema_refuses_an_assessment_that_drifted(tmp_path):
    write_assessment(score_results(FIXTURE_RESULTS), tmp_path / "assessment")
    written = json.loads((tmp_path / "assessment" / "assessment.json").read_text(encoding="utf-8"))
    written["portals"][0]["score"] = "ninety"
    assert list(_validator("assessment.schema.json").iter_errors(written))


def test_attached_measurements_follow_their_published_schema():
    validator = _validator("measurements.schema.json")
    attachment = measurements_v2("alpha", "birth_registration")
    assert not list(validator.iter_errors(attachment))
    attachment["viewport"] = "tablet"
    assert list(validator.iter_errors(attachment))
