"""Lints the whole standard catalog: it must load, and each entry must be usable by the scenarios."""

import pytest

from portalqa.profiles import load_profile
from portalqa.standard_catalog import CatalogError, get_procedure, load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize("procedure_id", sorted(CATALOG))
def test_entry_is_consistent(procedure_id):
    procedure = CATALOG[procedure_id]
    keys = [field.key for field in procedure.dossier]
    assert len(keys) == len(set(keys)), "a dossier field is listed twice"
    assert procedure.register_fields, "the population register should supply the applicant's details"
    assert procedure.documents, "every procedure lists its required documents"
    assert procedure.legal_basis
    assert procedure.name.vi and procedure.name.en


def test_reference_profile_covers_every_dossier_field():
    profile = load_profile("reference")
    for procedure_id in profile.procedures:
        for field in CATALOG[procedure_id].dossier:
            assert profile.labels_for(field.key), f"reference profile has no label for {field.key}"


def test_unknown_procedure_is_a_clear_error():
    with pytest.raises(CatalogError, match="not in the standard catalog; known: birth_registration"):
        get_procedure("no_such_procedure")
