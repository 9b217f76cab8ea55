"""The standard catalog: what each essential procedure should ask and give, independent of any portal.

It ships with portalqa (portalqa/standard/procedures/*.yaml) and is never shared with a portal's own
definitions, so that a portal is graded against the standard rather than against itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CATALOG_DIR = Path(__file__).resolve().parent / "standard" / "procedures"


class CatalogError(Exception):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    vi: str
    en: str


class DossierField(_Strict):
    key: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$")
    type: Literal["text", "date", "choice", "number", "email", "phone", "personal_id"]
    from_register: bool = False


class Document(_Strict):
    name: str
    # Documents the state already holds should never be asked for: asking is redundant paperwork.
    held_by_state: bool = False


class Fees(_Strict):
    online: int = Field(ge=0)
    in_person: int = Field(ge=0)
    currency: str = "VND"
    illustrative: bool = False


class TimeLimit(_Strict):
    online_working_days: int = Field(ge=0)
    in_person_working_days: int = Field(ge=0)
    illustrative: bool = False


class StandardProcedure(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    number: int = Field(ge=1, description="Item number in the essential services list.")
    name: Names
    owner: str
    agency: str
    legal_basis: list[str]
    full_process_eligible: bool
    dossier: list[DossierField]
    documents: list[Document]
    fees: Fees
    time_limit: TimeLimit
    result: str

    def field(self, key: str) -> DossierField | None:
        return next((f for f in self.dossier if f.key == key), None)

    @property
    def register_fields(self) -> list[str]:
        return [f.key for f in self.dossier if f.from_register]


@cache
def load_catalog(directory: Path = CATALOG_DIR) -> dict[str, StandardProcedure]:
    catalog: dict[str, StandardProcedure] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            procedure = StandardProcedure.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as err:
            raise CatalogError(f"{path}: invalid standard procedure: {err}") from None
        if procedure.id != path.stem:
            raise CatalogError(f"{path}: id {procedure.id!r} must match the file name {path.stem!r}")
        catalog[procedure.id] = procedure
    if not catalog:
        raise CatalogError(f"{directory}: the standard catalog is empty")
    return catalog


def get_procedure(procedure_id: str) -> StandardProcedure:
    catalog = load_catalog()
    try:
        return catalog[procedure_id]
    except KeyError:
        raise CatalogError(
            f"{procedure_id!r} is not in the standard catalog; known: {', '.join(sorted(catalog))}"
        ) from None
