"""A known test password never appears in anything a run writes, even when the profile's labels are wrong.

Three runs of one procedure on the embedded reference portal, its account's password set to a known
value with characters that JSON and URLs escape: the profile as shipped, the password field's label
wrong (no such field: the journey stops there, the traceback printed to the terminal and kept in the
Allure trace), and the labels of the personal id and password fields swapped (the password's label
then finds a visible text box, and the password must not be typed into it, so the failure screenshot
cannot show it). Every file under the reports folder, and the run's own output, are searched for the
password in clear, JSON-escaped and URL-encoded.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import yaml
from assessment_runs import read_assessment, run_assessment, write_variant_profile

pytestmark = pytest.mark.browser

PASSWORD = 'Kn0wn"Pa$$ w/rd&x'
# In clear, JSON-escaped, and URL-encoded as a path or as a form field.
FORMS = {PASSWORD, json.dumps(PASSWORD)[1:-1], quote(PASSWORD), quote_plus(PASSWORD), quote(PASSWORD, "")}
PROCEDURE = "confirm_old_id_number"
CASES = {
    "as_shipped": {},
    "wrong_password_label": {"sign_on.password": "Passcode"},
    "swapped_labels": {
        "sign_on.personal_id": "Password",
        "sign_on.password": "Personal identification number",
    },
}


def occurrences(reports: Path, output: str) -> list[str]:
    found = [f"run output: {form!r}" for form in FORMS if form in output]
    for path in reports.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(reports)}: {form!r}" for form in FORMS if form.encode() in data]
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_password_is_never_written_anywhere(tmp_path, case):
    profile = write_variant_profile(tmp_path, f"secret-{case.replace('_', '-')}")
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    data["vocabulary"].update(CASES[case])
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reports = tmp_path / "reports"
    result = run_assessment(
        reports, "--portal", str(profile), "--viewport", "desktop", "--no-load", "--no-axe", "-m", PROCEDURE,
        env={"PORTALQA_REFERENCE_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    assert occurrences(reports, result.stdout + result.stderr) == []
    (portal,) = read_assessment(reports)["portals"]
    (procedure,) = [p for p in portal["procedures"] if p["id"] == PROCEDURE]
    reasons = " ".join(reason["detail"] for reason in procedure["reasons"])
    if case == "as_shipped":
        assert procedure["verdict"] == "full", procedure["reasons"]
    elif case == "wrong_password_label":
        assert "Passcode" in reasons, procedure["reasons"]
    else:
        # Refused before typing, and not held against the portal: the profile's label is wrong.
        assert procedure["verdict"] == "not_assessable", procedure["reasons"]
        assert "not a password field, so the password was not typed" in reasons
