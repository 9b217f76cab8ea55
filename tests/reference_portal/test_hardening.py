"""Malformed ids in the address end on the portal's normal error page, never a server error."""

from __future__ import annotations

import pytest

from tests.reference_portal.test_reference_portal import CITIZEN, PASSWORD, client, make_app, sign_in  # noqa: F401

HUGE = "9" * 40


@pytest.mark.parametrize(
    "path",
    [
        f"/apply/1.001193/{HUGE}/step/1",
        f"/apply/1.001193/1/step/{HUGE}",
        f"/apply/1.001193/{HUGE}/documents",
        f"/apply/1.001193/{HUGE}/review",
        f"/apply/1.001193/{HUGE}/payment",
        f"/apply/1.001193/{HUGE}/submitted",
        f"/results/HS2026-000001/{HUGE}.pdf",
        "/apply/1.001193/-1/step/1",
        "/apply/1.001193/abc/step/1",
        "/apply/1.001193/1%20OR%201=1/step/1",
    ],
)
def test_malformed_id_is_not_found(client, path):  # noqa: F811
    sign_in(client)
    response = client.get(path)
    assert response.status_code == 404, path
    assert b"<html" in response.data.lower()


# Every id the portal reads from an address, as an attacker or a mangled link would send it.
MALFORMED = [
    HUGE,
    "-1",
    "0",
    "abc",
    "1.5",
    "%C3%A9",
    "%F0%9F%98%80",
    "%00",
    "%ED%A0%80",
    "%FF",
    "1%20OR%201=1",
]
# {real}: a draft of the signed-in citizen, so the other part of the address is the one that is wrong.
DEFAULT_SKIN = [
    "/apply/1.001193/{bad}/step/1",
    "/apply/1.001193/{real}/step/{bad}",
    "/apply/{bad}",
    "/apply/{bad}/{real}/step/1",
    "/apply/1.001193/{bad}/documents",
    "/apply/1.001193/{bad}/review",
    "/apply/1.001193/{bad}/payment",
    "/apply/1.001193/{bad}/payment/return?txn={bad}",
    "/apply/1.001193/{real}/payment/return?txn={bad}",
    "/apply/1.001193/{bad}/submit",
    "/apply/1.001193/{bad}/submitted",
    "/apply/2.001765/{bad}/appointment",
    "/paygate/checkout/{bad}",
    "/paygate/checkout/{bad}/otp",
    "/results/{bad}.pdf",
    "/results/HS2026-0000000001/{bad}.pdf",
    "/procedures/{bad}",
    "/api/track?code={bad}",
    "/idp/authorize?state={bad}",
    "/idp/login?state={bad}",
    "/eid/callback?ticket={bad}",
]
ALTERNATE_SKIN = [
    "/nop-ho-so/1.001193/{bad}/buoc/1",
    "/nop-ho-so/1.001193/{real}/buoc/{bad}",
    "/nop-ho-so/{bad}",
    "/nop-ho-so/1.001193/{bad}/giay-to",
    "/nop-ho-so/1.001193/{bad}/kiem-tra",
    "/nop-ho-so/1.001193/{bad}/thanh-toan",
    "/nop-ho-so/1.001193/{real}/thanh-toan/ket-qua?txn={bad}",
    "/nop-ho-so/1.001193/{bad}/da-nop",
    "/ket-qua/{bad}.pdf",
    "/ket-qua/HS2026-0000000001/{bad}.pdf",
    "/dich-vu-cong/thu-tuc/{bad}",
]
# The routes that exist only with a dialect are on, so they are reached, not just absent (404).
WITH_DIALECT_ROUTES = {
    "dialects": ["js_tracking", "eid_chooser", "otp_payment", "appointment_booking"],
    "dialect_options": {"appointment_booking": ["2.001765"]},
}


@pytest.mark.parametrize(
    ("variant", "overrides", "paths"),
    [
        ("national", {}, DEFAULT_SKIN),
        ("national", WITH_DIALECT_ROUTES, DEFAULT_SKIN),
        ("province_alt", {}, ALTERNATE_SKIN),
    ],
    ids=["national", "dialect-routes", "alternate-skin"],
)
def test_no_malformed_id_anywhere_gives_a_server_error(make_app, variant, overrides, paths):  # noqa: F811
    app = make_app(variant, **overrides)
    browser = app.test_client()
    start = "/apply/1.001193" if variant == "national" else "/nop-ho-so/1.001193"
    if overrides:
        # eid_chooser: sign in through the provider, as a browser does.
        chooser = browser.get("/eid/login?next=/")
        chosen = browser.post(
            "/eid/choose", data={"csrf_token": _token(chooser.text), "method": "national_eid", "next": "/"}
        )
        login_page = browser.get(chosen.headers["Location"]).headers["Location"]
        page = browser.get(login_page)
        answer = browser.post(
            login_page,
            data={"csrf_token": _token(page.text), "personal_id": CITIZEN, "password": PASSWORD},
        )
        assert browser.get(answer.headers["Location"]).status_code == 302  # the callback signs in
    else:
        sign_in(browser)
    real = browser.get(start).headers["Location"].split("/")[3]
    assert real.isdigit()
    token = _token(browser.get(start + f"/{real}/" + ("step/1" if variant == "national" else "buoc/1")).text)
    for template in paths:
        for bad in MALFORMED:
            path = template.format(bad=bad, real=real)
            for response in (browser.get(path), browser.post(path, data={"csrf_token": token})):
                if response.status_code == 302 and "{real}" in template:
                    # The citizen's own draft: sent on to its first unfinished page, as always.
                    assert response.headers["Location"].startswith(f"{start}/{real}/"), path
                    continue
                assert response.status_code in (400, 404, 405), (path, response.status_code)
                assert b"<html" in response.data.lower() or response.is_json, path


@pytest.mark.parametrize("bad", MALFORMED)
def test_a_malformed_tracking_code_is_a_form_error(client, bad):  # noqa: F811
    sign_in(client)
    response = client.get(f"/track?code={bad}")
    assert response.status_code == 200
    assert 'role="alert"' in response.text and "Enter the tracking code in the format" in response.text


def _token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)
