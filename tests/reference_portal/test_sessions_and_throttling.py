"""The reference portal's account security: sessions that end on sign-out, sign-on throttling,
tracking codes that cannot be guessed or probed, and temporary data folders that do not outlive it."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import types
import urllib.request
from pathlib import Path

import pytest

from portalqa.paths import PROJECT_ROOT
from reference_portal import sessions, throttling, tracking
from tests.reference_portal.test_dialects import (
    TEST_CODE,
    apply_criminal_record,
    stored,
    submit,
    submit_free_procedure,
    with_dialects,
)
from tests.reference_portal.test_reference_portal import (  # noqa: F401
    CITIZEN,
    OTHER_CITIZEN,
    PASSWORD,
    csrf,
    location,
    make_app,
    sign_in,
)

COOKIE = "refportal_session"
LOCKED_EN = "Too many incorrect passwords for this personal identification number"
LOCKED_VI = "Nhập sai mật khẩu quá nhiều lần cho số định danh cá nhân này"
INCORRECT = "The personal identification number or password is incorrect"


def sign_out(client) -> None:
    response = client.post("/eid/logout", data={"csrf_token": csrf(client.get("/").text)})
    assert response.status_code == 302 and "signed_out=1" in location(response)


def with_cookie(app, value: str):
    """A new browser that only has a copy of someone's session cookie."""
    browser = app.test_client()
    browser.set_cookie(COOKIE, value)
    return browser


def without_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def signed_in(client) -> bool:
    return "Sign out" in client.get("/").text


# --- server-side sessions ---------------------------------------------------------------------------


def test_a_cookie_saved_before_sign_out_no_longer_signs_in(make_app):  # noqa: F811
    app = make_app()
    citizen = app.test_client()
    sign_in(citizen)
    code = submit_free_procedure(citizen)
    saved = citizen.get_cookie(COOKIE).value

    # The copy works while the citizen is signed in: the test below is about sign-out, not the copy.
    before = with_cookie(app, saved)
    assert signed_in(before)
    assert before.get(f"/results/{code}.pdf").mimetype == "application/pdf"

    sign_out(citizen)
    assert not signed_in(citizen)
    replayed = with_cookie(app, saved)
    download = replayed.get(f"/results/{code}.pdf")
    assert download.status_code == 302 and location(download).startswith("/eid/login?next=")
    assert replayed.get("/apply/1.010063").status_code == 302
    assert "Status timeline" not in replayed.get(f"/track?code={code}").text
    assert not signed_in(replayed)


def test_the_cookie_names_no_citizen_and_the_database_keeps_only_a_hash(make_app):  # noqa: F811
    app = make_app()
    client = app.test_client()
    sign_in(client)
    contents = app.session_interface.get_signing_serializer(app).loads(client.get_cookie(COOKIE).value)
    assert "citizen_id" not in contents
    token = contents["sid"]
    with sqlite3.connect(app.config["DATABASE"]) as db:
        stored = [row[0] for row in db.execute("SELECT token_hash FROM sessions")]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    sign_out(client)
    with sqlite3.connect(app.config["DATABASE"]) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_signing_in_again_ends_the_previous_session(make_app):  # noqa: F811
    app = make_app()
    client = app.test_client()
    sign_in(client)
    first = client.get_cookie(COOKIE).value
    # Another citizen signs in in the same browser (the form is posted again, as from a kept tab).
    again = client.post(
        "/eid/login",
        data={"csrf_token": csrf(client.get("/").text), "personal_id": OTHER_CITIZEN, "password": PASSWORD},
    )
    assert again.status_code == 302 and signed_in(client)
    assert not signed_in(with_cookie(app, first))


class Clock:
    """The portal's clock in these tests: time passes when the test says, however slow the machine."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    for module in (sessions, throttling):
        monkeypatch.setattr(module, "time", types.SimpleNamespace(time=fake.time))
    return fake


def test_a_session_ends_after_its_lifetime(make_app, clock):  # noqa: F811
    app = make_app()
    app.config["SESSION_LIFETIME_S"] = 60
    client = app.test_client()
    sign_in(client)
    clock.advance(59)
    assert signed_in(client)
    clock.advance(2)
    assert not signed_in(client)


# --- sign-on throttling -----------------------------------------------------------------------------


def attempt(app, personal_id=CITIZEN, password="wrong-password"):
    return sign_in(app.test_client(), personal_id=personal_id, password=password)


def lockout_policy(app, seconds):
    app.config.update(SIGN_ON_MAX_FAILURES=5, SIGN_ON_WINDOW_S=60, SIGN_ON_LOCKOUT_S=seconds)
    return app


def test_thirty_wrong_passwords_lock_the_number_even_for_the_right_one(make_app, clock):  # noqa: F811
    app = lockout_policy(make_app(), seconds=60)
    answers = [attempt(app) for _ in range(30)]
    assert all(a.status_code != 302 and INCORRECT in a.text for a in answers[:5])
    for refused in answers[5:]:
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        alert = re.search(r'<div role="alert"[^>]*>(.*?)</div>', refused.text, re.S)
        assert alert and LOCKED_EN in alert.group(1)
    browser = app.test_client()
    right = sign_in(browser)
    assert right.status_code == 429 and LOCKED_EN in right.text, "the right password is refused too"
    assert not signed_in(browser)
    clock.advance(59)
    assert attempt(app, password=PASSWORD).status_code == 429, "still locked just before the end"
    clock.advance(2)
    after = app.test_client()
    response = sign_in(after)
    assert response.status_code == 302 and signed_in(after), "accepted once the lockout has passed"


def test_wrong_passwords_further_apart_than_the_window_do_not_add_up(make_app, clock):  # noqa: F811
    app = lockout_policy(make_app(), seconds=60)
    for _ in range(4):
        attempt(app)
    clock.advance(61)  # the window (60 s) has passed: these four are forgotten
    for _ in range(4):
        assert attempt(app).status_code != 429
    assert attempt(app, password=PASSWORD).status_code == 302


def test_the_lockout_is_per_number_and_the_same_for_an_unknown_one(make_app):  # noqa: F811
    app = lockout_policy(make_app(), seconds=60)
    unknown = "001099999999"
    for _ in range(5):
        attempt(app, personal_id=unknown)
    locked_unknown = attempt(app, personal_id=unknown)
    for _ in range(5):
        attempt(app, personal_id=CITIZEN)
    locked_known = attempt(app, personal_id=CITIZEN, password=PASSWORD)
    assert locked_unknown.status_code == locked_known.status_code == 429
    assert without_token(locked_unknown.text.replace(unknown, CITIZEN)) == without_token(locked_known.text)
    other = app.test_client()
    assert sign_in(other, personal_id=OTHER_CITIZEN).status_code == 302, "another citizen is not locked"


def test_the_lockout_message_is_in_the_portals_language(make_app):  # noqa: F811
    app = lockout_policy(make_app("province"), seconds=60)
    for _ in range(5):
        attempt(app)
    refused = attempt(app)
    assert refused.status_code == 429 and LOCKED_VI in refused.text


def test_the_provider_sign_in_page_is_throttled_too(make_app):  # noqa: F811
    app = lockout_policy(make_app(dialects=["eid_chooser"]), seconds=60)

    def provider_attempt(password):
        client = app.test_client()
        chooser = client.get("/eid/login?next=/")
        chosen = client.post(
            "/eid/choose", data={"csrf_token": csrf(chooser.text), "method": "national_eid", "next": "/"}
        )
        login_page = location(client.get(location(chosen)))
        page = client.get(login_page)
        return client.post(
            login_page,
            data={"csrf_token": csrf(page.text), "personal_id": CITIZEN, "password": password},
        )

    for _ in range(5):
        assert provider_attempt("wrong-password").status_code != 302
    assert provider_attempt(PASSWORD).status_code == 429


def test_right_passwords_are_never_throttled(make_app):  # noqa: F811
    app = lockout_policy(make_app(), seconds=60)
    # A success clears the count: wrong passwords spread between successes never add up to a lock.
    for _ in range(4):
        for _ in range(4):
            attempt(app)
        assert attempt(app, password=PASSWORD).status_code == 302
    # Many citizens' journeys at once, as portalqa runs them: every right sign-in goes through.
    results: list[int] = []

    def journeys():
        for _ in range(10):
            results.append(attempt(app, password=PASSWORD).status_code)

    threads = [threading.Thread(target=journeys) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 60
    with sqlite3.connect(app.config["DATABASE"]) as db:
        assert db.execute("SELECT COUNT(*) FROM sign_on_failures").fetchone()[0] == 0


def test_a_malformed_number_or_an_empty_password_does_not_count(make_app):  # noqa: F811
    app = lockout_policy(make_app(), seconds=60)
    for _ in range(10):
        attempt(app, personal_id="12345")
        attempt(app, password="")
    assert attempt(app, password=PASSWORD).status_code == 302


# --- tracking codes -----------------------------------------------------------------------------------


# --- one-time codes are throttled like passwords ------------------------------------------------------

OTP_LOCKED_EN = "Too many incorrect one-time codes"


def wrong_code(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_wrong_sign_on_codes_lock_the_code_even_for_the_right_one(make_app, clock):  # noqa: F811
    # Without a limit a 6-digit code falls to a million tries; with the password known, that is all
    # that stands between an attacker and the account.
    app = lockout_policy(with_dialects(make_app, "otp_sign_on"), seconds=60)
    browser = app.test_client()
    assert location(sign_in(browser)) == "/eid/otp"
    page = browser.get("/eid/otp").text
    code, token = TEST_CODE.search(page).group(1), csrf(page)
    saved_cookie = browser.get_cookie(COOKIE).value  # the session as it was before any wrong code
    answers = [
        browser.post("/eid/otp", data={"csrf_token": token, "code": wrong_code(code)}) for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [200] * 4 + [200, 429]
    assert OTP_LOCKED_EN in answers[5].text and "Sign out" not in answers[5].text
    right = browser.post("/eid/otp", data={"csrf_token": token, "code": code})
    assert right.status_code == 429 and OTP_LOCKED_EN in right.text, "the right code is refused too"
    assert not signed_in(browser)
    replayed = with_cookie(app, saved_cookie)  # the count is the server's, not the cookie's
    assert replayed.post("/eid/otp", data={"csrf_token": token, "code": code}).status_code == 429
    assert attempt(app, password=PASSWORD).status_code == 429, "the number is locked for sign-on"
    clock.advance(61)
    accepted = browser.post("/eid/otp", data={"csrf_token": token, "code": code})
    assert location(accepted) == "/" and signed_in(browser), "accepted once the lockout has passed"


def test_wrong_gateway_codes_lock_the_payment_and_not_the_sign_on(make_app, clock):  # noqa: F811
    app = lockout_policy(with_dialects(make_app, "otp_payment"), seconds=60)
    client = app.test_client()
    sign_in(client)
    base = location(client.get("/apply/2.000488")).rsplit("/step/", 1)[0]
    apply_criminal_record(client, base)
    checkout = location(submit(client, f"{base}/payment"))
    otp_page = location(submit(client, checkout, {"method": "QR code"}))
    page = client.get(otp_page).text
    code, token = TEST_CODE.search(page).group(1), csrf(page)
    statuses = [
        client.post(otp_page, data={"csrf_token": token, "code": wrong_code(code)}).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429
    refused = client.post(otp_page, data={"csrf_token": token, "code": code})
    assert refused.status_code == 429 and OTP_LOCKED_EN in refused.text
    txn = checkout.rsplit("/", 1)[1]
    assert stored(app, "SELECT status FROM transactions WHERE id = ?", txn)[0][0] == "pending"
    other_browser = app.test_client()
    assert sign_in(other_browser).status_code == 302 and signed_in(other_browser), "sign-on is not locked"
    clock.advance(61)
    paid = client.post(otp_page, data={"csrf_token": token, "code": code})
    assert location(paid).startswith(f"{base}/payment/return?txn={txn}")


def test_tracking_codes_are_random_not_sequential(make_app):  # noqa: F811
    app = make_app()
    client = app.test_client()
    sign_in(client)
    codes = [submit_free_procedure(client) for _ in range(6)]
    assert all(re.fullmatch(r"HS\d{4}-\d{10}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
    steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    assert steps != {1} and len(steps) > 1, "not a counter"
    with sqlite3.connect(app.config["DATABASE"]) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM dossiers WHERE tracking_code IS NOT NULL")]
    assert not any(code.endswith(f"{dossier_id:06d}") for code, dossier_id in zip(codes, ids, strict=True))


def test_a_code_already_taken_is_drawn_again(make_app, monkeypatch):  # noqa: F811
    app = make_app()
    client = app.test_client()
    sign_in(client)
    draws = iter([42, 42, 43])
    monkeypatch.setattr(tracking.secrets, "randbelow", lambda _limit: next(draws))
    first = submit_free_procedure(client)
    second = submit_free_procedure(client)
    assert first.endswith("-0000000042") and second.endswith("-0000000043")


def _same_page(response, code: str, stand_in: str) -> tuple:
    """Everything a stranger receives, with the code they typed replaced by a stand-in."""
    headers = sorted((k, v) for k, v in response.headers.items() if k.lower() != "set-cookie")
    text = response.get_data(as_text=True).replace(code, stand_in)
    return response.status_code, str(headers).replace(code, stand_in), text


@pytest.mark.parametrize("variant", ["national", "province_alt"])
def test_the_tracking_page_tells_a_stranger_nothing_about_a_code(make_app, variant):  # noqa: F811
    # The procedure's defects would change the page (headers, markup) if it became the dossier's page.
    app = make_app(
        variant, defects={"missing_security_headers": ["1.010063"], "no_privacy_link": ["1.010063"]}
    )
    track = "/track" if variant == "national" else "/tra-cuu-ho-so"
    results = "/results" if variant == "national" else "/ket-qua"
    owner = app.test_client()
    sign_in(owner)
    code = submit_free_procedure(owner) if variant == "national" else _submit_alt(owner)
    unknown = "HS2026-0000000000"
    assert code != unknown

    anonymous = app.test_client()
    seen = _same_page(anonymous.get(f"{track}?code={code}"), code, "CODE")
    assert seen == _same_page(anonymous.get(f"{track}?code={unknown}"), unknown, "CODE")
    assert seen[0] == 200
    for typed in (code, unknown):
        answer = anonymous.get(f"{results}/{typed}.pdf")
        assert answer.status_code == 302 and location(answer).startswith("/eid/login?next=")

    other = app.test_client()
    sign_in(other, personal_id=OTHER_CITIZEN)
    seen = _same_page(other.get(f"{track}?code={code}"), code, "CODE")
    assert seen == _same_page(other.get(f"{track}?code={unknown}"), unknown, "CODE")
    assert other.get(f"{results}/{code}.pdf").status_code == 404
    assert other.get(f"{results}/{unknown}.pdf").status_code == 404
    # ... while its owner sees it.
    assert code in owner.get(f"{track}?code={code}").text
    assert owner.get(f"{results}/{code}.pdf").mimetype == "application/pdf"


def _submit_alt(client) -> str:
    """The free procedure on the alternate skin (its own addresses)."""
    from tests.reference_portal.test_reference_portal import submit

    base = location(client.get("/nop-ho-so/1.010063")).rsplit("/buoc/", 1)[0]
    submit(client, f"{base}/buoc/1")
    submit(client, f"{base}/buoc/2", {"old_id_number": "012345678", "purpose": "Bank account"})
    submit(client, f"{base}/kiem-tra", {"declaration": "yes"})
    submit(client, f"{base}/thanh-toan", action=f"{base}/nop")
    page = client.get(f"{base}/da-nop").text
    return re.search(r'<strong id="tracking-code">(HS\d{4}-\d{10})</strong>', page).group(1)


# --- temporary data folders -------------------------------------------------------------------------


def _private_tmp(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return {**os.environ, "TMPDIR": str(folder), "PYTHONPATH": str(PROJECT_ROOT)}


def test_create_app_removes_its_temporary_data_folder_at_exit(tmp_path):
    env = _private_tmp(tmp_path)
    env.pop("REFPORTAL_DATA_DIR", None)
    script = (
        "from reference_portal import create_app\n"
        "app = create_app()\n"
        "print(app.config['DATA_DIR'], flush=True)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    made = Path(run.stdout.strip())
    assert made.parent == tmp_path / "tmp" and made.name.startswith("refportal-")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_forked_child_leaves_the_folder_to_its_parent(tmp_path):
    # As gunicorn's workers do: a child of the process that created the app exits first.
    env = _private_tmp(tmp_path)
    env.pop("REFPORTAL_DATA_DIR", None)
    script = (
        "import os, sys\n"
        "from reference_portal import create_app\n"
        "app = create_app()\n"
        "folder = app.config['DATA_DIR']\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    sys.exit(0)\n"
        "os.waitpid(child, 0)\n"
        "print(folder, os.path.isdir(folder), flush=True)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[1] == "True", "the child's exit removed the parent's folder"
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_the_command_line_portal_removes_its_temporary_folder_on_sigterm(tmp_path, workers):
    env = _private_tmp(tmp_path)
    env.pop("REFPORTAL_DATA_DIR", None)
    errors = (tmp_path / "stderr.txt").open("w")
    portal = subprocess.Popen(
        [sys.executable, "-m", "reference_portal", "--port", "0", "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        announced = portal.stdout.readline()
        assert "reference portal listening on http://127.0.0.1:" in announced
        base = announced.split("listening on ", 1)[1].strip()
        # Serving (every worker booted), so the signal stops a running portal, not one starting up.
        assert _answers(base + "/healthz")
        # (gunicorn's workers briefly hold a file of their own there: only the portal's folder counts.)
        assert len([p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("refportal-")]) == 1
        portal.send_signal(signal.SIGTERM)
        assert portal.wait(timeout=30) == 0, (tmp_path / "stderr.txt").read_text()
    finally:
        if portal.poll() is None:
            portal.kill()
            portal.wait()
        errors.close()
    assert list((tmp_path / "tmp").iterdir()) == []


def _answers(url: str, attempts: int = 100) -> bool:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False
