"""The portal's own procedure definitions, loaded from ``reference_portal/procedures/*.yaml``.

They are deliberately independent of portalqa's catalogue so the harness never grades the portal
against the very file it was built from. Files whose name starts with ``_`` are fragments (shared
field lists) that a step pulls in with ``- use: <name>``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

PROCEDURES_DIR = Path(__file__).with_name("procedures")

FIELD_TYPES = {"text", "date", "select", "email", "tel", "number"}
FILE_TYPES = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}
MAX_UPLOAD_MB = 5


class ProcedureError(ValueError):
    """A procedure file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()
    hint: str = ""
    prefill: str = ""
    readonly: bool = False
    autocomplete: str = ""
    inputmode: str = ""
    format: str = ""
    not_future: bool = False
    after: str = ""
    required_with: str = ""
    min: int | None = None
    max: int | None = None
    messages: dict = field(default_factory=dict)

    def message(self, kind: str, default: str) -> str:
        return self.messages.get(kind, default)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Document:
    key: str
    name: str
    types: tuple[str, ...]
    required: bool
    messages: dict = field(default_factory=dict)

    @property
    def types_text(self) -> str:
        """'PDF, JPG or PNG' — the human list used in labels and error messages."""
        names = [FILE_TYPES[t] for t in self.types]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.types_text}, up to {MAX_UPLOAD_MB} MB)"

    @property
    def accept(self) -> str:
        exts = {"pdf": ".pdf,application/pdf", "jpg": ".jpg,.jpeg,image/jpeg", "png": ".png,image/png"}
        return ",".join(exts[t] for t in self.types)


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    local_name: str
    area: str
    summary: str
    agency: str
    online: bool
    fee_online: int | None
    fee_in_person: int
    days_online: int | None
    days_in_person: int
    legal_basis: tuple[str, ...]
    result: str
    result_text: str
    info_steps: tuple[str, ...]
    required_documents: tuple[str, ...]
    steps: tuple[Step, ...] = ()
    documents: tuple[Document, ...] = ()

    @property
    def fee(self) -> int:
        """The fee charged for an online application."""
        return self.fee_online or 0

    def step(self, number: int) -> Step | None:
        return self.steps[number - 1] if 1 <= number <= len(self.steps) else None

    def all_fields(self):
        for step in self.steps:
            yield from step.fields


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics so 'dang ky' finds 'Đăng ký'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Catalogue:
    def __init__(self, procedures: list[Procedure]):
        self._by_code = {p.code: p for p in procedures}

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda p: (not p.online, p.name)))

    def __len__(self):
        return len(self._by_code)

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code)

    @property
    def codes(self) -> set[str]:
        return set(self._by_code)

    @property
    def online_codes(self) -> set[str]:
        return {c for c, p in self._by_code.items() if p.online}

    def search(self, query: str) -> list[Procedure]:
        words = fold(query).split()
        if not words:
            return list(self)

        def haystack(p: Procedure) -> str:
            return fold(" ".join([p.code, p.name, p.local_name, p.area, p.agency, p.summary]))

        return [p for p in self if all(w in haystack(p) for w in words)]


def _require(data: dict, key: str, where: str):
    if key not in data or data[key] in (None, ""):
        raise ProcedureError(f"{where}: missing '{key}'")
    return data[key]


def _parse_field(raw: dict, where: str) -> Field:
    name = _require(raw, "name", where)
    where = f"{where} field '{name}'"
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise ProcedureError(f"{where}: unknown type '{ftype}' (expected one of {sorted(FIELD_TYPES)})")
    if ftype == "select" and not raw.get("options"):
        raise ProcedureError(f"{where}: a select needs 'options'")
    return Field(
        name=name,
        label=_require(raw, "label", where),
        type=ftype,
        required=bool(raw.get("required", False)),
        options=tuple(str(o) for o in raw.get("options") or ()),
        hint=raw.get("hint", ""),
        prefill=raw.get("prefill", ""),
        readonly=bool(raw.get("readonly", False)),
        autocomplete=raw.get("autocomplete", ""),
        inputmode=raw.get("inputmode", ""),
        format=raw.get("format", ""),
        not_future=bool(raw.get("not_future", False)),
        after=raw.get("after", ""),
        required_with=raw.get("required_with", ""),
        min=raw.get("min"),
        max=raw.get("max"),
        messages=dict(raw.get("messages") or {}),
    )


def _parse_procedure(data: dict, fragments: dict[str, list[dict]], where: str) -> Procedure:
    code = str(_require(data, "code", where))
    online = bool(data.get("online", False))
    fees = data.get("fees") or {}
    days = data.get("time_limit_days") or {}
    steps: list[Step] = []
    for number, raw_step in enumerate(data.get("form") or [], start=1):
        step_where = f"{where} step {number}"
        fields: list[Field] = []
        for raw in raw_step.get("fields") or []:
            if "use" in raw:
                if raw["use"] not in fragments:
                    raise ProcedureError(f"{step_where}: unknown fragment '{raw['use']}'")
                fields.extend(_parse_field(f, step_where) for f in fragments[raw["use"]])
            else:
                fields.append(_parse_field(raw, step_where))
        names = [f.name for f in fields]
        if len(names) != len(set(names)):
            raise ProcedureError(f"{step_where}: duplicate field names")
        steps.append(Step(number=number, title=_require(raw_step, "title", step_where), fields=tuple(fields)))
    documents = []
    for raw in data.get("documents") or []:
        doc_where = f"{where} document"
        types = tuple(raw.get("types") or FILE_TYPES)
        unknown = set(types) - set(FILE_TYPES)
        if unknown:
            raise ProcedureError(f"{doc_where}: unknown file types {sorted(unknown)}")
        documents.append(
            Document(
                key=_require(raw, "key", doc_where),
                name=_require(raw, "name", doc_where),
                types=types,
                required=bool(raw.get("required", False)),
                messages=dict(raw.get("messages") or {}),
            )
        )
    if online and not steps:
        raise ProcedureError(f"{where}: an online procedure needs a 'form'")
    if online and ("online" not in fees or "online" not in days):
        raise ProcedureError(f"{where}: an online procedure needs 'fees.online' and 'time_limit_days.online'")
    return Procedure(
        code=code,
        name=_require(data, "name", where),
        local_name=data.get("local_name", ""),
        area=data.get("area", ""),
        summary=data.get("summary", ""),
        agency=_require(data, "agency", where),
        online=online,
        fee_online=fees.get("online") if online else None,
        fee_in_person=int(_require(fees, "in_person", f"{where} fees")),
        days_online=days.get("online") if online else None,
        days_in_person=int(_require(days, "in_person", f"{where} time_limit_days")),
        legal_basis=tuple(data.get("legal_basis") or ()),
        result=_require(data, "result", where),
        result_text=data.get("result_text", data["result"]),
        info_steps=tuple(data.get("info_steps") or ()),
        required_documents=tuple(data.get("required_documents") or ()),
        steps=tuple(steps),
        documents=tuple(documents),
    )


def load_catalogue(directory: Path = PROCEDURES_DIR) -> Catalogue:
    fragments: dict[str, list[dict]] = {}
    definitions: list[tuple[Path, dict]] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if path.name.startswith("_"):
            fragments[path.stem.lstrip("_")] = data.get("fields") or []
        else:
            definitions.append((path, data))
    procedures = [_parse_procedure(data, fragments, path.name) for path, data in definitions]
    codes = [p.code for p in procedures]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ProcedureError(f"duplicate procedure codes: {duplicates}")
    return Catalogue(procedures)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue()


def current_catalogue() -> Catalogue:
    """The catalogue of the running app (set up by create_app)."""
    from flask import current_app

    return current_app.extensions["refportal.catalogue"]
