"""The browsers of a run: one per viewport, started when first needed and reused across scenarios.

Starting Chromium takes a second or two; a run plays dozens of scenarios, so each worker keeps one
browser per viewport and resets it between scenarios (chromium.reset_between_scenarios) instead.
"""

from __future__ import annotations

import contextlib

from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.chromium import BrowserFactory, reset_between_scenarios, settings_for


class BrowserPool:
    def __init__(self, *, headless: bool, allowed_hosts: tuple[str, ...], grid_url: str | None = None):
        self._headless = headless
        self._hosts = allowed_hosts
        self._grid_url = grid_url  # None: this machine's Chromium
        self._started: dict[str, tuple[BrowserFactory, WebDriver]] = {}

    def get(self, viewport: str) -> WebDriver:
        """The browser for this viewport, clean for a new scenario. Raises BrowserUnavailable."""
        if viewport not in self._started:
            factory = BrowserFactory(
                settings_for(
                    viewport, headless=self._headless, allowed_hosts=self._hosts, grid_url=self._grid_url
                )
            )
            self._started[viewport] = (factory, factory.start())
        browser = self._started[viewport][1]
        reset_between_scenarios(browser)
        return browser

    def close(self) -> None:
        for factory, driver in self._started.values():
            # A browser that died cannot be quit (Selenium still stops its ChromeDriver); its folder
            # must go all the same, and the other browsers be closed.
            with contextlib.suppress(Exception):
                driver.quit()
            factory.cleanup()
