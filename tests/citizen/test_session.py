"""Which procedure a feature plays comes from its file, never from a tag."""

from __future__ import annotations

import pytest

from portalqa.citizen.session import FeatureFileError, procedure_of_feature
from portalqa.paths import FEATURES_DIR
from portalqa.standard.catalog import load_catalog


def test_every_procedure_feature_plays_the_procedure_its_file_names():
    files = sorted((FEATURES_DIR / "procedures").glob("*.feature"))
    assert {path.stem for path in files} == set(load_catalog())
    for path in files:
        assert procedure_of_feature(path).id == path.stem


def test_a_feature_outside_procedures_plays_no_standard_procedure():
    assert procedure_of_feature(FEATURES_DIR / "custom_procedures.feature") is None
    assert procedure_of_feature(FEATURES_DIR / "quality" / "virtual_assistant.feature") is None


def test_a_procedure_feature_named_after_no_standard_id_is_a_clear_error():
    with pytest.raises(FeatureFileError, match="named after its standard procedure id"):
        procedure_of_feature(FEATURES_DIR / "procedures" / "birth_registraton.feature")
