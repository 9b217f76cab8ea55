"""The safety net for secrets (docs/secrets.md): what the redaction masks, and a real pytest run
that leaks a password every way a test can (assertion message, a frame's argument, a local shown by
--showlocals, stdout, stderr, log records of child loggers with a traceback, an Allure step, text
and JSON attachments) without the password reaching the terminal or the Allure results folder.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus

import pytest
from assessment_runs import write_variant_profile

from portalqa.secrets_guard import (
    MASK,
    RedactingStream,
    install_on_handlers,
    redact,
    redact_document,
    redact_objects,
    redact_structure,
    register,
)

# Characters JSON, URLs, HTML and Python's repr all escape, and one outside ASCII.
UNIT_SECRET = 'Un1t"Pa$$ w/rd&é'
LEAKED_PASSWORD = 'Le4ked"Pa$$ w/rd&x'


def forms(secret: str) -> set[str]:
    """The secret in clear, JSON-escaped (both ways of writing non-ASCII) and URL-encoded."""
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret),
    }


def test_every_escaped_form_of_a_secret_is_masked():
    register(UNIT_SECRET)
    for form in forms(UNIT_SECRET) | {repr(UNIT_SECRET)[1:-1]}:
        assert redact(f"before {form} after") == f"before {MASK} after", form


def test_short_values_are_not_secrets():
    register("abc")
    assert redact("abc abc") == "abc abc"


def test_structures_keep_their_numbers_and_types():
    register("123456789012")
    document = {
        "count": 123456789012,
        "ratio": 1.5,
        "flags": [True, False, None],
        "note": "personal id 123456789012",
        "123456789012": ("a tuple", 123456789012),
    }
    assert redact_structure(document) == {
        "count": 123456789012,
        "ratio": 1.5,
        "flags": [True, False, None],
        "note": f"personal id {MASK}",
        MASK: ("a tuple", 123456789012),
    }


def test_documents_are_masked_by_kind():
    register(UNIT_SECRET)
    as_json = json.dumps({"n": 42, "typed": UNIT_SECRET}).encode()
    assert json.loads(redact_document(as_json, ".json")) == {"n": 42, "typed": MASK}
    broken_json = b'{"typed": "' + UNIT_SECRET.encode() + b'"'
    assert UNIT_SECRET.encode() not in redact_document(broken_json, ".json")
    assert redact_document(f"<p>{UNIT_SECRET}</p>".encode(), ".HTML") == f"<p>{MASK}</p>".encode()
    image = b"\x89PNG" + UNIT_SECRET.encode()
    assert redact_document(image, ".png") == image
    clean = b'{"n":   1}'
    assert redact_document(clean, ".json") is clean  # nothing to mask: the bytes as they were


@dataclass
class _Entry:
    lines: list[str]
    args: list[tuple[str, object]] = field(default_factory=list)


@dataclass
class _Chain:
    chain: list[tuple[_Entry, str | None]]
    message: str


def test_object_trees_are_masked_in_place():
    register(UNIT_SECRET)
    entry = _Entry([f"    password = {UNIT_SECRET!r}"], [("password", repr(UNIT_SECRET)), ("tries", 3)])
    tree = _Chain([(entry, None)], f"AssertionError: {UNIT_SECRET}")
    assert redact_objects(tree) is tree
    assert tree.message == f"AssertionError: {MASK}"
    assert tree.chain[0][0] is entry and entry.lines == [f"    password = '{MASK}'"]
    assert entry.args == [("password", f"'{MASK}'"), ("tries", 3)]


def test_a_stream_masks_a_secret_written_in_pieces():
    register(UNIT_SECRET)
    terminal = io.StringIO()
    stream = RedactingStream(terminal)
    half = len(UNIT_SECRET) // 2
    stream.write(f"typing {UNIT_SECRET[:half]}")
    stream.write(f"{UNIT_SECRET[half:]} into Password\nnext ")
    assert terminal.getvalue() == f"typing {MASK} into Password\n"  # a partial line waits
    stream.write(UNIT_SECRET)
    stream.flush()
    assert terminal.getvalue() == f"typing {MASK} into Password\nnext {MASK}"


def test_records_of_child_loggers_are_masked_by_the_handler(tmp_path):
    register(UNIT_SECRET)
    log_file = tmp_path / "run.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_on_handlers()
        child = logging.getLogger("urllib3.connectionpool.redaction_test")
        child.warning("POST password=%s", UNIT_SECRET)
        try:
            raise ValueError(f"refused {UNIT_SECRET}")
        except ValueError:
            child.exception("sign-on failed")
    finally:
        root.removeHandler(handler)
        handler.close()
    written = log_file.read_text(encoding="utf-8")
    assert "sign-on failed" in written and "ValueError: refused" in written
    assert MASK in written
    assert not [form for form in forms(UNIT_SECRET) if form in written]


LEAKY_TESTS = """
import json
import logging
import os
import sys

import allure

PASSWORD = os.environ["PORTALQA_REFERENCE_PASSWORD"]
logging.getLogger("urllib3.poolmanager").warning("at collection: %s", PASSWORD)


def sign_on(password, attempts):
    # pytest's long traceback prints this frame's arguments
    assert password == "not it", f"the portal refused the password {password}"


def test_leaks_the_password_everywhere(tmp_path):
    password = PASSWORD  # a local: --showlocals prints it
    print("typing", password)
    sys.stderr.write(f"stderr: {password}\\n")
    logging.getLogger("urllib3.connectionpool").warning("POST /sign-on password=%s", password)
    try:
        raise ConnectionError(f"reset while sending {password}")
    except ConnectionError:
        logging.getLogger("selenium.webdriver.remote").exception("request failed")
    with allure.step(f"type {password} into Password"):
        allure.attach(f"body: {password}", name="note", attachment_type=allure.attachment_type.TEXT)
        document = tmp_path / "form.json"
        document.write_text(json.dumps({"password": password, "attempts": 3}), encoding="utf-8")
        allure.attach.file(str(document), name="form", attachment_type=allure.attachment_type.JSON)
        sign_on(password, attempts=3)
"""


@pytest.mark.parametrize("capture", ["fd", "no"])
def test_a_failing_run_writes_the_password_nowhere(tmp_path, capture):
    # A portal at an address (not embedded): the plugin registers its password from the environment
    # when the run is configured, before any test reads it. With --capture=no (-s) what the test
    # prints goes to the terminal directly, not through pytest's captured sections.
    profile = write_variant_profile(tmp_path, "redaction-net", base_url="http://127.0.0.1:9")
    (tmp_path / "test_leaky.py").write_text(LEAKY_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    results = tmp_path / "allure-results"
    command = [
        sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"), str(tmp_path / "test_leaky.py"),
        "-p", "portalqa.pytest_plugin", "-p", "no:allure_pytest_bdd", "-p", "no:cacheprovider",
        "-p", "no:locust",
        "--portal", str(profile), "--alluredir", str(results),
        "--showlocals", "--tb=long", "-rA", "-o", "log_cli=true", "--log-cli-level=WARNING",
        f"--capture={capture}",
    ]  # fmt: skip
    env = {
        **_environment(),
        "PORTALQA_REFERENCE_PASSWORD": LEAKED_PASSWORD,
        "PORTALQA_REFERENCE_PERSONAL_ID": "001088012345",
    }
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    output = run.stdout + run.stderr
    print(output[-6000:])
    assert run.returncode == 1, output  # the test failed, as written
    # The net acted on every channel, rather than the output missing the parts that would leak.
    for shown in (
        "the portal refused the password",  # the assertion message
        "password   =",  # --showlocals
        "typing",  # stdout, captured or not
        "stderr:",  # stderr, captured or not
        "POST /sign-on password=",  # the live log and the captured log
        "reset while sending",  # a logged traceback
        "at collection:",  # the live log while collecting
    ):
        assert shown in output, shown
    assert output.count(MASK) >= 7
    leaks = [f"terminal: {form!r}" for form in forms(LEAKED_PASSWORD) if form in output]
    files = [path for path in results.rglob("*") if path.is_file()]
    assert any(path.name.endswith("-result.json") for path in files)
    for path in files:
        data = path.read_bytes()
        leaks += [f"{path.name}: {form!r}" for form in forms(LEAKED_PASSWORD) if form.encode() in data]
    assert leaks == []
    (result,) = [json.loads(p.read_text(encoding="utf-8")) for p in files if p.name.endswith("-result.json")]
    assert result["status"] == "failed"
    assert MASK in result["statusDetails"]["message"] and MASK in result["statusDetails"]["trace"]
    assert result["steps"][0]["name"] == f"type {MASK} into Password"
    attached = {a["name"]: results / a["source"] for a in result["steps"][0]["attachments"]}
    assert attached["note"].read_text(encoding="utf-8") == f"body: {MASK}"
    # The JSON attachment is masked value by value: the number stays a number.
    assert json.loads(attached["form"].read_text(encoding="utf-8")) == {"password": MASK, "attempts": 3}
    assert not list(results.glob("*.tmp"))


def _environment() -> dict[str, str]:
    # This process's environment, but no credentials of the reference profile it may hold.
    return {name: value for name, value in os.environ.items() if not name.startswith("PORTALQA_REFERENCE_")}
