"""Collects every standard procedure feature; the plugin runs each scenario once per selected portal."""

import pytest
from pytest_bdd import scenarios

# `portal` is parametrized over the --portal profiles (portalqa.pytest_plugin.pytest_generate_tests).
pytestmark = pytest.mark.usefixtures("portal")

scenarios("procedures")
