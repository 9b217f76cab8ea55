"""Collects the custom-procedure feature; it runs once per (portal, custom procedure) pair."""

import pytest
from pytest_bdd import scenarios

# Both are parametrized as pairs by portalqa.pytest_plugin.pytest_generate_tests.
# Each pair is played in every --viewport.
pytestmark = pytest.mark.usefixtures("portal", "custom_procedure", "viewport")

scenarios("custom_procedures.feature")
