"""The pieces of the load sign-on that need no Locust: where a redirect may lead, and a one-time-code page."""

from __future__ import annotations

import pytest
from load_helpers import write_reference_copy

from portalqa.load_testing.forms import asks_for_one_time_code
from portalqa.load_testing.guard import LoadRefused, check_next_url
from portalqa.profiles.profile import load_profile

PORTAL = "http://127.0.0.1:8000/eid/login?next=/"


@pytest.fixture
def profile(tmp_path):
    path = write_reference_copy(
        tmp_path,
        "listed",
        base_url="https://portal.staging.example.gov.vn",
        hosts=["portal.staging.example.gov.vn", "id.staging.example.gov.vn"],
    )
    return load_profile(str(path))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "http://127.0.0.1:8000/"),
        ("callback?ticket=a#top", "http://127.0.0.1:8000/eid/callback?ticket=a"),
        ("", PORTAL),  # an empty form action: the page itself
        ("http://localhost:9000/idp/authorize", "http://localhost:9000/idp/authorize"),
        ("http://127.0.0.2:9000/idp", "http://127.0.0.2:9000/idp"),
        (
            "https://ID.staging.example.gov.vn/authorize?x=1",
            "https://ID.staging.example.gov.vn/authorize?x=1",
        ),
        ("//id.staging.example.gov.vn/login", "http://id.staging.example.gov.vn/login"),
    ],
)
def test_a_redirect_to_loopback_or_a_listed_host_is_followed(profile, target, expected):
    assert check_next_url(profile, PORTAL, target) == expected


@pytest.mark.parametrize(
    ("target", "named"),
    [
        ("https://vneid.gov.vn/sso/authorize", "'vneid.gov.vn'"),
        ("//idp.example.invalid/x", "'idp.example.invalid'"),
        ("https://staging.example.gov.vn.evil.example/", "'staging.example.gov.vn.evil.example'"),
        ("vneid://sign-on", "vneid scheme"),
        ("javascript:alert(1)", "javascript scheme"),
    ],
)
def test_a_redirect_elsewhere_is_refused_with_the_key_to_look_at(profile, target, named):
    with pytest.raises(LoadRefused) as refused:
        check_next_url(profile, PORTAL, target)
    message = str(refused.value)
    assert named in message
    if "scheme" not in named:
        assert "load.hosts" in message and profile.source in message


@pytest.mark.parametrize(
    "field",
    [
        '<input name="code" autocomplete="one-time-code">',
        '<input name="otp" inputmode="numeric">',
        '<input id="totp-input" name="x">',
        '<input name="oneTimePassword">',
        '<input name="one_time_code">',
        '<input name="sms-code">',
        '<input type="password" name="verificationCode">',
    ],
)
def test_a_one_time_code_form_is_recognised(field):
    assert asks_for_one_time_code(f'<form method="post" action="/verify">{field}<button>OK</button></form>')


@pytest.mark.parametrize(
    "page",
    [
        # The sign-on form itself, a portal page, and a hand-over form carrying a hidden `code`.
        '<form method="post"><input name="personal_id"><input type="password" name="password"></form>',
        '<h1>Welcome</h1><form method="post" action="/out"><input type="hidden" name="csrf_token"></form>',
        '<form method="post" action="https://portal/cb"><input type="hidden" name="code" value="abc"></form>',
        '<form method="get" action="/track"><input name="code"><input name="postcode"></form>',
    ],
)
def test_pages_without_a_one_time_code_field_are_not_taken_for_one(page):
    assert not asks_for_one_time_code(page)
