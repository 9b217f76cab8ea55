"""The standard catalog: what each essential procedure should ask and give, independent of any portal.

It ships with portalqa (portalqa/standard/procedures/*.yaml, one file per procedure, named by its id)
and is never shared with a portal's own definitions, so that a portal is graded against the standard
rather than against itself. docs/standard-catalog.md describes the format field by field.

Errors name the file, the line and the problem (``path:line: field: problem``), like profile errors:
the people who add or update a service edit YAML, not Python.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from portalqa import yaml_input
from portalqa.paths import STANDARD_PROCEDURES_DIR
from portalqa.yaml_input import fix_for, located

CATALOG_DIR = STANDARD_PROCEDURES_DIR

# The national population database holds these four for every citizen (from_register: true): a
# portal should pre-fill them, and making the citizen type one is a finding.
REGISTER_FIELDS: dict[str, str] = {
    "applicant.full_name": "text",
    "applicant.personal_id": "personal_id",
    "applicant.date_of_birth": "date",
    "applicant.permanent_address": "text",
}
# The applicant's contact details: the population database does not hold them (from_register: false).
# A portal may pre-fill them from the citizen's account; typing them is no finding.
CONTACT_FIELDS: dict[str, str] = {
    "applicant.phone": "phone",
    "applicant.email": "email",
}
# Every dossier starts with the applicant's six details, register fields first.
APPLICANT_FIELDS: dict[str, str] = REGISTER_FIELDS | CONTACT_FIELDS


class CatalogError(Exception):
    """The catalog cannot be used; the message names the file and line to fix."""


class _Strict(BaseModel):
    # Unknown keys are almost always typos; rejecting them gives the author a line to fix.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    vi: str = Field(min_length=1, description="Official Vietnamese name, as in the essential-services list.")
    en: str = Field(min_length=1)


class DossierField(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", description="group.name, e.g. child.sex")
    type: Literal["text", "date", "choice", "number", "email", "phone", "personal_id"]
    from_register: bool = False
    options: list[str] | None = Field(None, description="The allowed answers (English); choice fields only.")
    pattern: str | None = Field(None, description="Regular expression a text answer must match in full.")

    @model_validator(mode="after")
    def _options_and_pattern(self) -> DossierField:
        if self.type == "choice":
            if not self.options:
                raise ValueError(f"{self.key} is a choice field: list its options (options: [..])")
            if len(set(self.options)) != len(self.options) or not all(o.strip() for o in self.options):
                raise ValueError(f"{self.key}: options must be non-empty and distinct")
        elif self.options is not None:
            raise ValueError(f"{self.key}: only choice fields have options (this one is {self.type})")
        if self.pattern is not None:
            if self.type != "text":
                raise ValueError(f"{self.key}: only text fields take a pattern")
            try:
                re.compile(self.pattern)
            except re.error as err:
                raise ValueError(f"{self.key}: pattern is not a valid regular expression ({err})") from None
        return self


class Document(_Strict):
    name: str = Field(min_length=1, description="The English name.")
    vi: str = Field(min_length=1, description="The Vietnamese name, in official wording (Giấy chứng sinh).")
    # Documents the state already holds should never be asked for: asking is redundant paperwork.
    held_by_state: bool = False

    @field_validator("name", "vi")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be blank")
        return text

    def name_in(self, language: str) -> str:
        """The document's name in ``language`` ("vi" or "en"; any other language gets English)."""
        return self.vi if language == "vi" else self.name


class _Illustrative(_Strict):
    illustrative: bool = Field(False, description="True when the value is plausible but not verified.")
    basis: str | None = Field(None, description="Where the value comes from (rule, rate, remark).")

    @model_validator(mode="after")
    def _cited_or_illustrative(self) -> _Illustrative:
        if not self.illustrative and not self.basis:
            raise ValueError("cite the basis of the value (basis: ...) or mark it illustrative: true")
        return self


class Fees(_Illustrative):
    online: int = Field(ge=0)
    in_person: int = Field(ge=0)
    currency: str = Field("VND", pattern=r"^[A-Z]{3}$")

    @model_validator(mode="after")
    def _online_priority(self) -> Fees:
        if self.online > self.in_person:
            raise ValueError(
                f"the online fee ({self.online}) must not exceed the in-person fee ({self.in_person}): "
                "online use has priority"
            )
        return self


class TimeLimit(_Illustrative):
    online_working_days: int = Field(ge=0)
    in_person_working_days: int = Field(ge=0)

    @model_validator(mode="after")
    def _online_priority(self) -> TimeLimit:
        if self.online_working_days > self.in_person_working_days:
            raise ValueError(
                f"the online time limit ({self.online_working_days} days) must not exceed the in-person "
                f"one ({self.in_person_working_days} days): online use has priority"
            )
        return self


class ProcedureResult(_Strict):
    """One result of a linked procedure, and the agency that issues it."""

    name: str = Field(min_length=1)
    agency: str = Field(min_length=1)


class StandardProcedure(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    number: int = Field(ge=1, description="Item number in the essential services list.")
    name: Names
    owner: str = Field(min_length=1, description="Agency group(s) that own the procedure.")
    agency: str = Field(min_length=1, description="The body that receives and handles the dossier.")
    legal_basis: list[str] = Field(min_length=1)
    legal_basis_illustrative: bool = Field(False, description="True when the list may be incomplete.")
    full_process_eligible: bool
    dossier: list[DossierField]
    documents: list[Document] = Field(description="Required documents; [] when none.")
    fees: Fees
    time_limit: TimeLimit
    result: str = Field(min_length=1, description="What the citizen receives (a one-line summary).")
    results: list[ProcedureResult] = Field(
        default_factory=list, description="Linked procedures only: every result one submission produces."
    )
    linked_procedures: list[str] = Field(
        default_factory=list, description="Catalog ids of the component procedures of a linked procedure."
    )

    @field_validator("dossier")
    @classmethod
    def _dossier_keys(cls, dossier: list[DossierField]) -> list[DossierField]:
        keys = [f.key for f in dossier]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"dossier key(s) listed twice: {', '.join(twice)}")
        register = [(f.key, f.type) for f in dossier if f.from_register]
        if register != list(REGISTER_FIELDS.items()):
            expected = ", ".join(f"{k} ({t})" for k, t in REGISTER_FIELDS.items())
            raise ValueError(
                f"the four register fields, and only they, are from_register: true, in this order: "
                f"{expected}; found: {', '.join(f'{k} ({t})' for k, t in register) or 'none'} (the "
                "population register holds no phone number or e-mail address)"
            )
        first = [(f.key, f.type) for f in dossier[: len(APPLICANT_FIELDS)]]
        if first != list(APPLICANT_FIELDS.items()):
            expected = ", ".join(f"{k} ({t})" for k, t in APPLICANT_FIELDS.items())
            raise ValueError(
                f"the dossier must start with the applicant's six details, in this order: {expected}"
            )
        return dossier

    @field_validator("documents")
    @classmethod
    def _distinct_documents(cls, documents: list[Document]) -> list[Document]:
        # In either language, case aside: an assistant or a page could not tell the two apart.
        for language in ("en", "vi"):
            names = [d.name_in(language) for d in documents]
            folded = [n.casefold() for n in names]
            twice = sorted({n for n, f in zip(names, folded, strict=True) if folded.count(f) > 1})
            if twice:
                raise ValueError(f"document(s) listed twice: {', '.join(twice)}")
        return documents

    @field_validator("results")
    @classmethod
    def _several_results(cls, results: list[ProcedureResult]) -> list[ProcedureResult]:
        if len(results) == 1:
            raise ValueError("results lists the several results of a linked procedure; for one, use result")
        return results

    @field_validator("linked_procedures")
    @classmethod
    def _linked_needs_results(cls, linked: list[str], info) -> list[str]:
        if linked and not info.data.get("results"):
            raise ValueError("a linked procedure lists its results (results: [{name, agency}, ...])")
        if len(set(linked)) != len(linked):
            raise ValueError("a linked procedure is listed twice")
        return linked

    def field(self, key: str) -> DossierField | None:
        return next((f for f in self.dossier if f.key == key), None)

    @property
    def register_fields(self) -> list[str]:
        """What the population register holds: a portal that makes the citizen type one misses pre-fill."""
        return [f.key for f in self.dossier if f.from_register]

    @property
    def applicant_fields(self) -> list[str]:
        """The applicant's six details (the register fields, then the contact details): what the test
        citizen's profile supplies wherever a portal leaves one empty; only the register fields are a
        finding then."""
        return [f.key for f in self.dossier[: len(APPLICANT_FIELDS)]]

    @property
    def redundant_documents(self) -> list[Document]:
        """Documents the state already holds: a portal that asks for them adds paperwork."""
        return [d for d in self.documents if d.held_by_state]

    @property
    def requested_documents(self) -> list[Document]:
        """Documents the citizen legitimately has to provide."""
        return [d for d in self.documents if not d.held_by_state]

    @property
    def is_linked(self) -> bool:
        """One submission, several results from several agencies (e.g. birth + residence + insurance)."""
        return len(self.results) >= 2

    @property
    def issued_results(self) -> list[ProcedureResult]:
        """Every result the citizen receives, with its issuing agency (one for ordinary procedures)."""
        return list(self.results) or [ProcedureResult(name=self.result, agency=self.agency)]


@cache
def load_catalog(directory: Path = CATALOG_DIR) -> dict[str, StandardProcedure]:
    """All procedures of ``directory``, by id. Raises CatalogError listing every problem found."""
    catalog: dict[str, StandardProcedure] = {}
    roots: dict[str, tuple[Path, yaml.Node | None]] = {}
    problems: list[str] = []
    paths = sorted(Path(directory).glob("*.yaml"))
    for path in paths:
        procedure, root, errors = _load_file(path)
        problems += errors
        if procedure is None:
            continue
        catalog[procedure.id] = procedure
        roots[procedure.id] = (path, root)
    # Files that failed on their own are already reported; references to them are not errors too.
    problems += _cross_check(catalog, roots, broken={p.stem for p in paths} - set(catalog))
    if problems:
        raise CatalogError("invalid standard catalog:\n" + "\n".join(problems))
    if not catalog:
        raise CatalogError(f"{directory}: the standard catalog is empty")
    return dict(sorted(catalog.items(), key=lambda item: item[1].number))


def _load_file(path: Path) -> tuple[StandardProcedure | None, yaml.Node | None, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, None, [f"{path}:1: not UTF-8 text; save the file as UTF-8"]
    try:
        data = yaml.safe_load(text)
        root = yaml_input.compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or str(err)
        return None, None, [f"{where}: not valid YAML ({problem}); check indentation and quoting"]
    if not isinstance(data, dict):
        return None, root, [f"{path}:1: a standard procedure is a mapping of keys (id, number, name, ...)"]
    try:
        procedure = StandardProcedure.model_validate(data)
    except ValidationError as err:
        return None, root, [located(path, root, p["loc"], fix_for(p, _PATTERN_HINTS)) for p in err.errors()]
    if procedure.id != path.stem:
        problem = f"{procedure.id!r} must match the file name ({path.stem!r}); rename one of them"
        return None, root, [located(path, root, ("id",), problem)]
    return procedure, root, []


def _cross_check(
    catalog: dict[str, StandardProcedure], roots: dict[str, tuple[Path, yaml.Node | None]], broken: set[str]
) -> list[str]:
    """Checks across files: unique numbers, linked procedures that exist and are not linked themselves."""
    problems = []
    by_number: dict[int, str] = {}
    for procedure_id, procedure in sorted(catalog.items()):
        path, root = roots[procedure_id]
        other = by_number.setdefault(procedure.number, procedure_id)
        if other != procedure_id:
            problems.append(
                located(path, root, ("number",), f"{procedure.number} is already the number of {other}")
            )
        for index, linked_id in enumerate(procedure.linked_procedures):
            where = ("linked_procedures", index)
            if linked_id == procedure_id:
                problems.append(located(path, root, where, "a procedure cannot link to itself"))
            elif linked_id in broken:
                continue
            elif linked_id not in catalog:
                problems.append(located(path, root, where, f"{linked_id!r} is not in the standard catalog"))
            elif catalog[linked_id].is_linked:
                problems.append(located(path, root, where, f"{linked_id!r} is itself a linked procedure"))
    return problems


_PATTERN_HINTS = {
    "key": "must be group.name in lower case, e.g. child.sex",
    "id": "must be lower-case letters, digits and underscores, e.g. birth_registration",
    "currency": "must be a three-letter currency code such as VND",
}


def get_procedure(procedure_id: str) -> StandardProcedure:
    catalog = load_catalog()
    try:
        return catalog[procedure_id]
    except KeyError:
        raise CatalogError(
            f"{procedure_id!r} is not in the standard catalog; known: {', '.join(sorted(catalog))}"
        ) from None
