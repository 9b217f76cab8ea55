"""The one Chromium of each citizen test module that drives the real browser (loopback pages only)."""

from __future__ import annotations

import pytest

from portalqa.browser.chromium import BrowserFactory, settings_for


@pytest.fixture(scope="module")
def browser():
    factory = BrowserFactory(settings_for("desktop"))
    chrome = factory.start()
    yield chrome
    chrome.quit()
    factory.cleanup()
