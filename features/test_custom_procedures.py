"""Collects the custom-procedure feature; it runs once per (portal, custom procedure) pair."""

import pytest
from pytest_bdd import scenarios

# Both are parametrized as pairs by portalqa.pytest_plugin.pytest_generate_tests.
pytestmark = pytest.mark.usefixtures("portal", "custom_procedure")

scenarios("custom_procedures.feature")
