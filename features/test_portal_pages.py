"""Collects the portal-wide checks (features/quality/portal_pages.feature): once per portal and viewport."""

import pytest
from pytest_bdd import scenarios

# `portal` is parametrized over the --portal profiles and `viewport` over --viewport
# (portalqa.pytest_plugin.pytest_generate_tests); `public_pages` makes the scenario a site scenario.
pytestmark = pytest.mark.usefixtures("portal", "viewport", "public_pages")

scenarios("quality/portal_pages.feature")
