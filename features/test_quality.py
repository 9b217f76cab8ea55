"""Collects the cross-cutting quality features (features/quality); each runs per portal and procedure."""

import pytest
from pytest_bdd import scenarios

# `portal` and `asked_procedure` are parametrized as pairs by portalqa.pytest_plugin.pytest_generate_tests.
pytestmark = pytest.mark.usefixtures("portal", "asked_procedure")

scenarios("quality")
