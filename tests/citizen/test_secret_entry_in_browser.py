"""The password is typed only into a password control; a label that finds any other control types nothing.

A sign-in page on loopback, driven by the real Chromium: with the profile's labels right the password
goes into the password field alone; with them swapped, or pointing at a search box, nothing visible
ever holds the password, so no screenshot of the page can show it.
"""

from __future__ import annotations

import pytest
from loopback_pages import serve_pages

from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.citizen.secret_entry import SecretNotTyped, type_secret_from_env
from portalqa.profiles.profile import load_profile

pytestmark = pytest.mark.browser

SECRET = "S3cret-typed-only-here"
ENV = "PORTALQA_TEST_SECRET_ENTRY"
PAGE = """<!doctype html><html lang="en"><head><title>Sign in</title></head><body><main>
<form><label for="pid">Personal identification number</label><input id="pid" name="pid" type="text">
<label for="pw">Password</label><input id="pw" name="pw" type="password">
<label for="q">Search</label><input id="q" name="q" type="search">
<button type="submit">Sign in</button></form></main></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serve_pages(tmp_path_factory.mktemp("sign-in"), {"index.html": PAGE}) as url:
        yield url


def driver_with(browser, site, password_label: str) -> PortalDriver:
    profile = load_profile("reference")
    vocabulary = dict(profile.vocabulary) | {"sign_on.password": password_label}
    driver = PortalDriver(browser, profile.model_copy(update={"vocabulary": vocabulary}), site,
                          JourneyRecord(portal={}, procedure={}))  # fmt: skip
    driver.open("/index.html")
    return driver


def values(driver: PortalDriver) -> dict[str, str]:
    return driver.browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('input')].map(i => [i.id, i.value]));"
    )


def test_the_password_goes_into_the_password_field_only(browser, site, monkeypatch):
    monkeypatch.setenv(ENV, SECRET)
    driver = driver_with(browser, site, "Password")
    type_secret_from_env(driver, "sign_on.password", ENV)
    assert values(driver) == {"pid": "", "pw": SECRET, "q": ""}


@pytest.mark.parametrize("label", ["Personal identification number", "Search"])
def test_a_label_that_finds_another_control_types_nothing(browser, site, monkeypatch, label):
    monkeypatch.setenv(ENV, SECRET)
    driver = driver_with(browser, site, label)
    with pytest.raises(SecretNotTyped, match="not a password field, so the password was not typed") as raised:
        type_secret_from_env(driver, "sign_on.password", ENV)
    assert SECRET not in str(raised.value)
    assert SECRET not in values(driver).values()
    assert values(driver) == {"pid": "", "pw": "", "q": ""}
