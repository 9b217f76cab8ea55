"""Portal profiles: the shipped ones load, and a broken one names the file, the line and the fix."""

import json
from pathlib import Path

import pytest

from portalqa.paths import DOCS_DIR, PROJECT_ROOT
from portalqa.profiles.profile import PROFILES_DIR, ProfileError, load_profile, profile_json_schema

SHIPPED = sorted(PROFILES_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_profiles_load(path):
    profile = load_profile(str(path))
    assert profile.id == path.stem
    assert profile.source == str(path)


def test_profile_by_id_and_default_reference():
    profile = load_profile("reference")
    assert profile.embedded is not None and profile.base_url is None
    assert profile.procedures["birth_registration"].code == "1.001193"
    assert profile.labels_for("payment.at_counter").labels == [
        "Pay the fee at the counter",
        "Online payment is not available",
    ]
    assert profile.labels_for("no.such.key") is None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALID = """\
id: example
name: Example Province Portal
owner: Example Province
level: province
base_url: https://dichvucong.example.gov.vn
sign_on:
  personal_id_env: EXAMPLE_PID
  password_env: EXAMPLE_PASSWORD
vocabulary:
  nav.sign_in: Đăng nhập
procedures:
  birth_registration: {code: "1.001193"}
"""


def test_valid_remote_profile(tmp_path):
    profile = load_profile(str(_write(tmp_path, VALID)))
    assert profile.base_url == "https://dichvucong.example.gov.vn"
    assert profile.load.allowed is False


def test_wrong_value_names_file_line_and_fix(tmp_path):
    path = _write(tmp_path, VALID.replace("level: province", "level: county"))
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    message = str(caught.value)
    assert f"{path}:4:" in message
    assert "level" in message and "'national', 'ministry' or 'province'" in message


def test_unknown_key_is_pointed_at(tmp_path):
    path = _write(
        tmp_path, VALID.replace("  password_env: EXAMPLE_PASSWORD", "  pasword_env: EXAMPLE_PASSWORD")
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    message = str(caught.value)
    assert f"{path}:8: sign_on.pasword_env: unknown key; remove it or check its spelling" in message
    # Without the misspelt key, the missing one is named (test_sign_on_method_none_needs_...).


def test_bad_url_and_env_name(tmp_path):
    text = VALID.replace("https://dichvucong.example.gov.vn", "dichvucong.example.gov.vn").replace(
        "EXAMPLE_PID", "example pid"
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, text)))
    message = str(caught.value)
    assert ":5: base_url: must be an absolute http(s) URL" in message
    assert ":7: sign_on.personal_id_env: must be an environment variable NAME" in message


def test_embedded_and_base_url_together_refused(tmp_path):
    with pytest.raises(ProfileError, match="exactly one of base_url"):
        load_profile(str(_write(tmp_path, VALID + "embedded: {variant: national}\n")))


def test_yaml_syntax_error_gives_line(tmp_path):
    path = _write(tmp_path, VALID.replace("vocabulary:\n", "vocabulary:\n nav: [unclosed\n"))
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert str(caught.value).startswith(f"{path}:")
    assert "not valid YAML" in str(caught.value)


def test_unknown_profile_lists_known_ones():
    with pytest.raises(ProfileError, match="known profiles: .*reference"):
        load_profile("no-such-portal")


def test_json_schema_is_exported_and_current():
    schema = profile_json_schema()
    assert schema["title"] == "portalqa portal profile"
    assert {"id", "name", "sign_on", "vocabulary"} <= set(schema["required"])
    # A site without transactions lists only its public pages.
    assert "procedures" not in schema["required"] and {"pages", "monitoring"} <= set(schema["properties"])
    shipped = json.loads((DOCS_DIR / "profile.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema, "docs/profile.schema.json is stale: run `python -m portalqa profile-schema`"


def test_not_offered_procedure_and_unknown_standard_id(tmp_path):
    profile = load_profile(str(_write(tmp_path, VALID + "  marriage_registration: not offered\n")))
    assert profile.procedure_entry("marriage_registration") is None
    assert profile.procedure_entry("birth_registration").code == "1.001193"
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, VALID + "  birth_registraton: {code: x}\n")))
    assert ":13: procedures.birth_registraton: birth_registraton is not in the standard" in str(caught.value)


def test_custom_procedure_journey_is_validated_with_a_line(tmp_path):
    custom = """custom_procedures:
  - id: business_household_registration
    name: Business household registration
    journey:
      - sign_on
      - {open: /procedures/2.000720}
      - fil: {Business name: An Binh}
"""
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, VALID + custom)))
    message = str(caught.value)
    assert ":19: custom_procedures.0.journey.2: step 3: write one of sign_on, apply_online" in message
    good = load_profile(str(_write(tmp_path, VALID + custom.replace("fil:", "fill:"))))
    assert good.custom_procedures[0].journey[2] == {"fill": {"Business name": "An Binh"}}


def test_coverage_lists_missing_vocabulary_for_offered_procedures(tmp_path):
    from portalqa.profiles.coverage import missing_vocabulary, unmapped_procedures

    profile = load_profile(str(_write(tmp_path, VALID)))
    missing = missing_vocabulary(profile)
    assert "nav.sign_in" not in missing  # the profile has it
    assert missing["eform.continue"] == "the e-form's button to go to the next page"
    assert missing["child.full_name"] == "a dossier field of birth_registration"
    assert "marriage_registration" in unmapped_procedures(profile)
    assert missing_vocabulary(load_profile("reference")) == {}


def test_unquoted_procedure_code_is_explained(tmp_path):
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, VALID.replace('{code: "1.001193"}', "{code: 1.001193}"))))
    assert ':12: procedures.birth_registration.code: quote the code: write code: "1.001193"' in str(
        caught.value
    )


def test_run_refuses_to_start_without_a_real_portals_credentials(tmp_path):
    import os
    import subprocess
    import sys

    path = _write(tmp_path, VALID)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXAMPLE_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", f"--portal={path}"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 4, result.stdout + result.stderr
    assert "set the test account's environment variable(s) EXAMPLE_PID, EXAMPLE_PASSWORD" in result.stderr


def test_an_empty_label_list_is_an_error_with_its_line_not_a_traceback(tmp_path):
    text = VALID.replace("  nav.sign_in: Đăng nhập", "  nav.sign_in: Đăng nhập\n  nav.assistant: []")
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, text)))
    assert ":11: vocabulary.nav.assistant: give at least one label" in str(caught.value)


@pytest.mark.parametrize(
    ("written", "hint"),
    [("yes", 'quote it: write "yes"'), ("No", 'quote it: write "no"'), ("01", "the number 1")],
)
def test_unquoted_yes_no_and_numbers_in_answers_and_choices_get_a_quote_hint(tmp_path, written, hint):
    answers = VALID.replace(
        '{code: "1.001193"}', '{code: "1.001193", answers: {Nghề nghiệp: ' + written + "}}"
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, answers)))
    assert hint in str(caught.value) and "Nghề nghiệp" in str(caught.value)
    choices = VALID + f"choices:\n  Answer: {written}\n"
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, choices)))
    assert "choices.Answer" in str(caught.value) and hint in str(caught.value)


def test_a_flow_list_that_may_split_one_label_gets_a_note():
    from portalqa.profiles.coverage import labels_split_at_commas

    notes = labels_split_at_commas(
        "vocabulary:\n  info.fees: [Phí, lệ phí]\n  info.free: [Miễn phí, Không thu phí]\n"
    )
    assert notes == [
        "line 2: vocabulary info.fees: read as 2 labels ['Phí', 'lệ phí']; if it is one label with a comma, "
        'quote it: "Phí, lệ phí"'
    ]
    assert labels_split_at_commas('vocabulary:\n  info.fees: "Phí, lệ phí"\n') == []


def test_not_asked_fields_need_no_vocabulary_and_answers_are_per_procedure(tmp_path):
    from portalqa.profiles.coverage import missing_vocabulary

    text = VALID.replace(
        '{code: "1.001193"}',
        '{code: "1.001193", not_asked: [child.place_of_birth], answers: {Nghề nghiệp: Kỹ sư}}',
    )
    profile = load_profile(str(_write(tmp_path, text)))
    entry = profile.procedure_entry("birth_registration")
    assert entry.not_asked == ["child.place_of_birth"] and entry.answers == {"Nghề nghiệp": "Kỹ sư"}
    missing = missing_vocabulary(profile)
    assert "child.place_of_birth" not in missing and "child.full_name" in missing


def test_sign_on_method_none_needs_no_credentials_and_the_others_do(tmp_path):
    none = VALID.replace("  personal_id_env: EXAMPLE_PID\n  password_env: EXAMPLE_PASSWORD", "  method: none")
    assert load_profile(str(_write(tmp_path, none))).sign_on.credential_envs == []
    eid = VALID.replace(
        "  personal_id_env: EXAMPLE_PID\n  password_env: EXAMPLE_PASSWORD", "  method: national_eid"
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, eid)))
    assert "needs personal_id_env and password_env (or write method: none)" in str(caught.value)


def test_one_time_code_pattern_needs_exactly_one_group(tmp_path):
    good = VALID + 'one_time_code: {from_page: "Mã OTP thử nghiệm: (\\\\d{6})"}\n'
    assert load_profile(str(_write(tmp_path, good))).one_time_code.from_page == r"Mã OTP thử nghiệm: (\d{6})"
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, VALID + 'one_time_code: {from_page: "OTP: \\\\d{6}"}\n')))
    assert "one_time_code.from_page: give exactly one group" in str(caught.value)


SITE_ONLY = """\
id: static-site
name: Example Agency Website
owner: Example Agency
level: ministry
base_url: http://127.0.0.1:8765
sign_on: {method: none}
vocabulary:
  nav.privacy: Privacy policy
pages:
  - {path: /about.html, name: About the agency}
  - {url: "https://other.example.gov.vn/contact", name: Contact}
monitoring: {script_src_contains: [/static/emc/emc.js], html_contains: [emc-site-id]}
"""


def test_a_profile_with_only_pages_and_no_sign_on_is_a_site_without_transactions(tmp_path):
    from portalqa.profiles.coverage import missing_vocabulary

    profile = load_profile(str(_write(tmp_path, SITE_ONLY)))
    assert profile.procedures == {} and profile.custom_procedures == []
    assert [(p.path, p.url, p.name) for p in profile.pages] == [
        ("/about.html", None, "About the agency"),
        (None, "https://other.example.gov.vn/contact", "Contact"),
    ]
    assert profile.monitoring.script_src_contains == ["/static/emc/emc.js"]
    assert profile.monitoring.html_contains == ["emc-site-id"]
    assert profile.urls.catalogue is None
    assert profile.listed_hosts() == ["other.example.gov.vn"]
    # No journey and no assistant question: only the portal-wide checks' words are needed.
    assert missing_vocabulary(profile) == {}
    assert "nav.privacy" in missing_vocabulary(
        load_profile(str(_write(tmp_path, SITE_ONLY.replace("  nav.privacy: Privacy policy", "  x.y: z"))))
    )
    # With a procedure the journeys' words are needed again.
    assert "eform.continue" in missing_vocabulary(load_profile(str(_write(tmp_path, VALID))))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - {name: About}", "pages.0: give exactly one of path (on the portal) or url"),
        ("  - {path: /a, url: 'https://x.example/a', name: A}", "pages.0: give exactly one of path"),
        ("  - {path: about.html, name: About}", "pages.0.path: a path starts with /"),
        ("  - {url: 'ftp://x.example/a', name: A}", "pages.0.url: must be an absolute http(s) URL"),
        ("  - {path: /a}", "pages.0.name: required key is missing"),
    ],
)
def test_listed_pages_are_validated_with_their_line(tmp_path, entry, message):
    text = SITE_ONLY.replace("  - {path: /about.html, name: About the agency}", entry)
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_write(tmp_path, text)))
    assert f":10: {message}" in str(caught.value), caught.value


def test_monitoring_needs_a_substring_to_look_for(tmp_path):
    for written in ("monitoring: {}", "monitoring: {html_contains: ['']}"):
        text = SITE_ONLY.replace(
            "monitoring: {script_src_contains: [/static/emc/emc.js], html_contains: [emc-site-id]}", written
        )
        with pytest.raises(ProfileError) as caught:
            load_profile(str(_write(tmp_path, text)))
        assert "monitoring" in str(caught.value), caught.value


def test_check_profile_accepts_a_site_without_procedures(tmp_path):
    from portalqa.cli import main

    path = _write(tmp_path, SITE_ONLY)
    assert main(["check-profile", str(path)]) == 0
