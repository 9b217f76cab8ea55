"""Lints the whole standard catalog: it must load, and each entry must be usable by the scenarios.

Also checks that a broken catalog file is rejected with a message naming the file, line and problem.
"""

import re
import shutil
from pathlib import Path

import pytest

from portalqa.paths import DOCS_DIR
from portalqa.profiles.profile import load_profile
from portalqa.standard.catalog import (
    APPLICANT_FIELDS,
    CATALOG_DIR,
    CONTACT_FIELDS,
    REGISTER_FIELDS,
    CatalogError,
    StandardProcedure,
    get_procedure,
    load_catalog,
)

CATALOG = load_catalog()
DOCS = DOCS_DIR / "standard-catalog.md"

# The 24 confirmed essential services (Project 06) and their standard ids: the contract shared with
# the reference portal and the feature files. A 25th service is added here and in a new YAML file.
CONFIRMED = {
    1: "confirm_old_id_number",
    2: "citizen_id_card",
    3: "permanent_residence_registration",
    4: "temporary_residence_registration",
    5: "notification_of_stay",
    6: "temporary_absence_declaration",
    7: "ordinary_passport",
    8: "motorbike_registration",
    9: "traffic_fine_payment",
    10: "seal_registration",
    11: "seal_reregistration",
    12: "electricity_connection",
    13: "electricity_contract_change",
    14: "birth_registration",
    15: "marriage_registration",
    16: "death_registration",
    17: "criminal_record_certificate",
    18: "linked_birth_residence_insurance",
    19: "linked_death_residence_funeral",
    20: "health_insurance_renewal",
    21: "unemployment_benefit",
    22: "driving_licence_renewal",
    23: "exam_registration",
    24: "land_register_update",
}


# The whole catalog


def test_catalog_holds_exactly_the_24_confirmed_services():
    assert {p.number: p.id for p in CATALOG.values()} == CONFIRMED


def test_only_the_citizen_id_card_needs_a_visit():
    # Biometrics are taken in person; every other essential service can be completed fully online.
    assert [p.id for p in CATALOG.values() if not p.full_process_eligible] == ["citizen_id_card"]


def test_catalog_is_ordered_by_item_number():
    assert [p.number for p in CATALOG.values()] == sorted(CONFIRMED)


def test_documentation_lists_every_service():
    text = DOCS.read_text(encoding="utf-8")
    missing = [procedure_id for procedure_id in CATALOG if f"`{procedure_id}`" not in text]
    assert not missing, f"docs/standard-catalog.md does not list: {', '.join(missing)}"


def test_documentation_lists_every_document_in_both_languages():
    text = DOCS.read_text(encoding="utf-8")
    documents = {(d.name, d.vi) for p in CATALOG.values() for d in p.documents}
    missing = [f"{en} / {vi}" for en, vi in sorted(documents) if f"| {en} | {vi} |" not in text]
    assert not missing, f"docs/standard-catalog.md does not list the documents: {', '.join(missing)}"


def test_a_document_has_one_name_per_language_across_the_catalog():
    # The same document is named the same way wherever it is required (the assistant check relies on it).
    vi_names: dict[str, set[str]] = {}
    for procedure in CATALOG.values():
        for document in procedure.documents:
            vi_names.setdefault(document.name, set()).add(document.vi)
    assert {name: vis for name, vis in vi_names.items() if len(vis) > 1} == {}


# Each entry


@pytest.mark.parametrize("procedure_id", sorted(CATALOG))
def test_entry_is_consistent(procedure_id):
    procedure = CATALOG[procedure_id]
    keys = [field.key for field in procedure.dossier]
    assert len(keys) == len(set(keys)), "a dossier field is listed twice"
    assert procedure.register_fields == list(REGISTER_FIELDS), (
        "the register holds the applicant's name, personal ID, date of birth and permanent address"
    )
    assert procedure.applicant_fields == list(APPLICANT_FIELDS) == keys[: len(APPLICANT_FIELDS)], (
        "the dossier starts with the applicant's six details, register fields first"
    )
    assert len(keys) > len(APPLICANT_FIELDS), "a procedure asks at least one thing beyond the applicant"
    assert procedure.legal_basis and all(law.strip() for law in procedure.legal_basis)
    assert procedure.name.vi.strip() and procedure.name.en.strip()
    assert procedure.owner.strip() and procedure.agency.strip() and procedure.result.strip()
    for document in procedure.documents:
        assert document.name.strip() and document.vi.strip(), "every document is named in en and vi"
        assert document.vi != document.name, f"{document.name}: the vi name is Vietnamese wording"


def test_the_population_register_holds_no_phone_number_or_email_address():
    # The national population database holds identity and residence, not contact details: a portal
    # that leaves them for the citizen to type is not failing to pre-fill (a portal may still do it).
    assert list(CONTACT_FIELDS) == ["applicant.phone", "applicant.email"]
    for procedure in CATALOG.values():
        for key in CONTACT_FIELDS:
            assert procedure.field(key) is not None and not procedure.field(key).from_register, (
                procedure.id,
                key,
            )
            assert key not in procedure.register_fields and key in procedure.applicant_fields


@pytest.mark.parametrize("procedure_id", sorted(CATALOG))
def test_choice_fields_and_only_they_have_options(procedure_id):
    for field in CATALOG[procedure_id].dossier:
        if field.type == "choice":
            assert field.options and len(field.options) == len(set(field.options)), field.key
        else:
            assert field.options is None, field.key


@pytest.mark.parametrize("procedure_id", sorted(CATALOG))
def test_online_use_has_priority(procedure_id):
    procedure = CATALOG[procedure_id]
    assert procedure.fees.online <= procedure.fees.in_person
    assert procedure.time_limit.online_working_days <= procedure.time_limit.in_person_working_days


@pytest.mark.parametrize("procedure_id", sorted(CATALOG))
def test_values_are_cited_or_marked_illustrative(procedure_id):
    procedure = CATALOG[procedure_id]
    for value in (procedure.fees, procedure.time_limit):
        assert value.illustrative or value.basis


@pytest.mark.parametrize("procedure_id", sorted(p.id for p in CATALOG.values() if p.is_linked))
def test_linked_entry_produces_several_results(procedure_id):
    procedure = CATALOG[procedure_id]
    assert len(procedure.results) >= 2
    assert len({r.agency for r in procedure.results}) >= 2, "a linked procedure joins several agencies"
    assert procedure.issued_results == procedure.results
    for linked_id in procedure.linked_procedures:
        assert linked_id in CATALOG and not CATALOG[linked_id].is_linked


def test_the_two_linked_services_are_linked():
    assert [p.id for p in CATALOG.values() if p.is_linked] == [CONFIRMED[18], CONFIRMED[19]]


@pytest.mark.parametrize(
    ("linked_id", "component_id", "extra_key"),
    [
        ("linked_birth_residence_insurance", "birth_registration", "residence.address"),
        ("linked_death_residence_funeral", "death_registration", "funeral.beneficiary_account"),
    ],
)
def test_linked_dossier_is_its_component_plus_one_field(linked_id, component_id, extra_key):
    linked, component = CATALOG[linked_id], CATALOG[component_id]
    assert component_id in linked.linked_procedures
    assert [f.key for f in linked.dossier] == [f.key for f in component.dossier] + [extra_key]
    for field in component.dossier:
        assert linked.field(field.key) == field


def test_documents_are_named_in_english_and_vietnamese():
    medical, marriage = get_procedure("birth_registration").documents
    assert (medical.name, medical.vi) == ("Medical birth certificate", "Giấy chứng sinh")
    assert medical.name_in("en") == "Medical birth certificate" and medical.name_in("vi") == "Giấy chứng sinh"
    assert marriage.name_in("fr") == marriage.name, "another language gets the English name"
    assert [d.vi for d in get_procedure("permanent_residence_registration").requested_documents] == [
        "Giấy tờ chứng minh chỗ ở hợp pháp"
    ]


def test_redundant_documents_are_those_the_state_holds():
    assert [d.name for d in get_procedure("birth_registration").redundant_documents] == [
        "Parents' marriage certificate"
    ]
    assert [d.name for d in get_procedure("seal_reregistration").requested_documents] == [
        "Establishment decision"
    ]
    assert get_procedure("notification_of_stay").documents == []


def test_ordinary_procedure_has_one_result_from_its_agency():
    procedure = get_procedure("criminal_record_certificate")
    assert not procedure.is_linked and procedure.results == []
    assert [(r.name, r.agency) for r in procedure.issued_results] == [
        ("Electronic criminal-record certificate", "Provincial Department of Justice")
    ]


def test_reference_profile_covers_every_dossier_field():
    profile = load_profile("reference")
    for procedure_id in profile.procedures:
        for field in CATALOG[procedure_id].dossier:
            assert profile.labels_for(field.key), f"reference profile has no label for {field.key}"


def test_unknown_procedure_is_a_clear_error():
    with pytest.raises(CatalogError, match="not in the standard catalog; known: birth_registration"):
        get_procedure("no_such_procedure")


# Broken catalogs are rejected with file:line: problem


@pytest.fixture
def catalog_copy(tmp_path) -> Path:
    directory = tmp_path / "procedures"
    shutil.copytree(CATALOG_DIR, directory)
    return directory


def _edit(directory: Path, procedure_id: str, old: str, new: str) -> Path:
    path = directory / f"{procedure_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, fragment: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line
    )


def _rejected(directory: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return str(caught.value)


def test_an_intact_copy_loads(catalog_copy):
    assert list(load_catalog(catalog_copy)) == list(CATALOG)


def test_choice_without_options_is_rejected(catalog_copy):
    path = _edit(catalog_copy, "birth_registration", "type: choice, options: [Female, Male]", "type: choice")
    message = _rejected(catalog_copy)
    line = _line(path, "child.sex")
    assert f"{path}:{line}: dossier.9: child.sex is a choice field: list its options" in message
    # Only the broken file is reported, not the linked procedure that refers to it.
    assert "linked_procedures" not in message


# One edit to one procedure file -> the problem reported at file:line. The line is given as a number
# or as a fragment of the line (found in the edited file).
BROKEN_ONE_WAY = {
    "options_on_a_text_field": (
        "death_registration",
        "deceased.full_name, type: text",
        "x.y, type: text, options: [A]",
        "x.y",
        "dossier.7: x.y: only choice fields have options",
    ),
    "unknown_key": (
        "notification_of_stay",
        "result:",
        "reslt: typo\nresult:",
        "reslt",
        "reslt: unknown key; remove it or check its spelling",
    ),
    "id_not_the_file_name": (
        "exam_registration",
        "id: exam_registration",
        "id: exam_registrations",
        2,
        "id: 'exam_registrations' must match the file name ('exam_registration')",
    ),
    "duplicate_number": (
        "unemployment_benefit",
        "number: 21",
        "number: 20",
        3,
        "number: 20 is already the number of health_insurance_renewal",
    ),
    "duplicate_dossier_key": (
        "ordinary_passport",
        "passport.delivery_address",
        "passport.reason",
        "dossier:",
        "dossier: dossier key(s) listed twice: passport.reason",
    ),
    "malformed_dossier_key": (
        "seal_registration",
        "seal.organisation_code",
        "organisation_code",
        "key: organisation_code",
        "dossier.7.key: must be group.name in lower case, e.g. child.sex (got 'organisation_code')",
    ),
    "email_marked_as_held_by_the_register": (
        "marriage_registration",
        "{key: applicant.email, type: email}",
        "{key: applicant.email, type: email, from_register: true}",
        "dossier:",
        "dossier: the four register fields, and only they, are from_register: true",
    ),
    "register_field_not_marked": (
        "seal_registration",
        "{key: applicant.permanent_address, type: text, from_register: true}",
        "{key: applicant.permanent_address, type: text}",
        "dossier:",
        "dossier: the four register fields, and only they, are from_register: true",
    ),
    "applicant_details_not_first": (
        "ordinary_passport",
        "{key: applicant.email, type: email}",
        "{key: x.y, type: email}",
        "dossier:",
        "dossier: the dossier must start with the applicant's six details, in this order",
    ),
    "document_without_vietnamese_name": (
        "birth_registration",
        "vi: Giấy chứng sinh, ",
        "",
        "Medical birth certificate",
        "documents.0.vi: required key is missing; add it",
    ),
    "blank_vietnamese_name": (
        "death_registration",
        "vi: Giấy báo tử",
        'vi: "  "',
        "Death notice",
        "documents.0.vi: must not be blank",
    ),
    "document_named_twice_in_vietnamese": (
        "seal_reregistration",
        "vi: Giấy chứng nhận đăng ký mẫu con dấu đã cấp",
        "vi: quyết định THÀNH LẬP",
        "documents:",
        "documents: document(s) listed twice: Quyết định thành lập, quyết định THÀNH LẬP",
    ),
    "online_fee_above_in_person_fee": (
        "driving_licence_renewal",
        "online: 115000",
        "online: 150000",
        "fees:",
        "fees: the online fee (150000) must not exceed",
    ),
    "uncited_value_not_marked_illustrative": (
        "seal_registration",
        "  illustrative: true",
        "  illustrative: false",
        "fees:",
        "fees: cite the basis of the value",
    ),
    "linked_reference_not_in_the_catalog": (
        "linked_death_residence_funeral",
        "[death_registration]",
        "[death_registation]",
        "linked_procedures",
        "linked_procedures.0: 'death_registation' is not in the standard catalog",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ONE_WAY))
def test_a_broken_procedure_file_is_rejected_at_its_line(catalog_copy, case):
    procedure_id, old, new, line, problem = BROKEN_ONE_WAY[case]
    path = _edit(catalog_copy, procedure_id, old, new)
    if isinstance(line, str):
        line = _line(path, line)
    assert f"{path}:{line}: {problem}" in _rejected(catalog_copy)


def test_linked_procedure_needs_its_results(catalog_copy):
    path = catalog_copy / "linked_birth_residence_insurance.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"results:\n(  - .*\n)+", "", text), encoding="utf-8")
    message = _rejected(catalog_copy)
    assert (
        f"{path}:{_line(path, 'linked_procedures')}: linked_procedures: a linked procedure lists its results"
        in message
    )


def test_invalid_yaml_names_file_and_line(catalog_copy):
    path = _edit(catalog_copy, "land_register_update", "owner: Natural", "owner: [Natural")
    assert re.search(rf"{re.escape(str(path))}:\d+: not valid YAML", _rejected(catalog_copy))


def test_every_problem_is_reported_at_once(catalog_copy):
    first = _edit(catalog_copy, "exam_registration", "number: 23", "number: zero")
    second = _edit(catalog_copy, "traffic_fine_payment", "owner: Public Security\n", "")
    message = _rejected(catalog_copy)
    assert f"{first}:3: number: Input should be a valid integer" in message
    assert f"{second}:2: owner: required key is missing; add it" in message


def test_empty_directory_is_rejected(tmp_path):
    with pytest.raises(CatalogError, match="the standard catalog is empty"):
        load_catalog(tmp_path)


def test_model_keeps_the_fields_callers_use():
    procedure: StandardProcedure = get_procedure("birth_registration")
    assert procedure.name.en == "Birth registration"
    assert procedure.field("child.sex").options == ["Female", "Male"]
    assert procedure.field("no.such") is None
    assert procedure.result == "Electronic birth certificate extract"
