"""Collects the virtual assistant's feature (features/quality); it runs per portal and procedure.

The portal-wide checks in the same folder (portal_pages.feature) run per portal and viewport instead:
features/test_portal_pages.py collects them."""

import pytest
from pytest_bdd import scenarios

# `portal` and `asked_procedure` are parametrized as pairs by portalqa.pytest_plugin.pytest_generate_tests.
pytestmark = pytest.mark.usefixtures("portal", "asked_procedure")

scenarios("quality/virtual_assistant.feature")
