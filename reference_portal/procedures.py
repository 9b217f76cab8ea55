"""The portal's own procedure definitions, loaded from ``reference_portal/procedures/*.yaml``.

They are deliberately independent of portalqa's catalogue so the harness never grades the portal
against the very file it was built from. Files whose name starts with ``_`` are fragments (shared
field lists) that a step pulls in with ``- use: <name>``.

Every visible text may be written ``{en: ..., vi: ...}``; the catalogue is loaded once per language
(``load_catalogue(lang=...)``) so templates and views only ever see plain strings. A procedure is
data, not code: field types are generic (text, date, select, number, email, tel).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from reference_portal.i18n import DEFAULT_LANGUAGE, LANGUAGES, localize, lower_first, t

PROCEDURES_DIR = Path(__file__).with_name("procedures")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster

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
    options: tuple[str, ...] = ()  # the submitted values: always the English option texts
    option_labels: tuple[str, ...] = ()  # what the citizen sees, in the page's language
    hint: str = ""
    prefill: str = ""
    readonly: bool = False
    autocomplete: str = ""
    inputmode: str = ""
    format: str = ""
    digits: int | None = None
    not_future: bool = False
    after: str = ""
    after_label: str = ""
    required_with: str = ""
    min: int | None = None
    max: int | None = None
    messages: dict = field(default_factory=dict)
    lang: str = DEFAULT_LANGUAGE
    # Set only by dialects (reference_portal/dialects.py), never by the procedure files:
    widget: str = ""  # "radio": a choice as a radio group in a fieldset
    label_style: str = ""  # "", "for", "wrap" (the label wraps the input) or "labelledby" (a span)
    date_format: str = ""  # "": YYYY-MM-DD typed; "native": <input type=date>; "dmy": dd/mm/yyyy typed

    def message(self, kind: str, default: str) -> str:
        return self.messages.get(kind, default)

    def option_label(self, value: str) -> str:
        return dict(zip(self.options, self.option_labels, strict=True)).get(value, value)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(zip(self.options, self.option_labels, strict=True))


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
    held_by_state: bool = False  # the state already holds it: asking for it is the redundant_documents defect
    messages: dict = field(default_factory=dict)
    lang: str = DEFAULT_LANGUAGE

    @property
    def types_text(self) -> str:
        """'PDF, JPG or PNG' — the human list used in labels and error messages."""
        names = [FILE_TYPES[t] for t in self.types]
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + t("documents.or", self.lang) + names[-1]

    @property
    def label(self) -> str:
        return t("documents.label", self.lang, name=self.name, types=self.types_text, mb=MAX_UPLOAD_MB)

    @property
    def accept(self) -> str:
        exts = {"pdf": ".pdf,application/pdf", "jpg": ".jpg,.jpeg,image/jpeg", "png": ".png,image/png"}
        return ",".join(exts[t] for t in self.types)

    @property
    def missing_message(self) -> str:
        return self.messages.get("missing") or t("documents.missing", self.lang, name=lower_first(self.name))


@dataclass(frozen=True)
class Result:
    """One electronic result document; linked procedures issue several from one submission."""

    name: str  # short name, in the link text "Download electronic result (Birth certificate extract)"
    title: str  # the document's title (PDF heading)
    agency: str


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
    results: tuple[Result, ...] = ()
    appointment_required: bool = False  # biometrics or originals: always an in-person appointment
    lang: str = DEFAULT_LANGUAGE

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


def _check_translations(value, where: str, key: str) -> None:
    if isinstance(value, dict) and set(value) - set(LANGUAGES):
        # `{en: A, vi: B, C}` in YAML flow style: an unquoted comma split the text into a new key.
        raise ProcedureError(
            f"{where}: '{key}' has unexpected keys {sorted(map(str, set(value) - set(LANGUAGES)))} "
            "(quote texts that contain a comma)"
        )


class _Localizer:
    """Reads the translatable values of one file in one language."""

    def __init__(self, lang: str):
        self.lang = lang

    def text(self, value, where: str = "", key: str = "") -> str:
        _check_translations(value, where, key)
        found = localize(value, self.lang)
        if found is None:
            raise ProcedureError(f"{where}: '{key}' has no text in {self.lang}")
        return found

    def optional(self, value) -> str:
        """Hints and messages: a plain text is English only (a generic translation is used instead)."""
        _check_translations(value, "", "hint or message")
        return localize(value, self.lang, fallback=False) or ""

    def texts(self, values) -> tuple[str, ...]:
        return tuple(self.text(v) for v in values or ())


def _parse_field(raw: dict, where: str, loc: _Localizer) -> Field:
    name = _require(raw, "name", where)
    where = f"{where} field '{name}'"
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise ProcedureError(f"{where}: unknown type '{ftype}' (expected one of {sorted(FIELD_TYPES)})")
    if ftype == "select" and not raw.get("options"):
        raise ProcedureError(f"{where}: a select needs 'options'")
    options = raw.get("options") or ()
    values = tuple(localize(o, DEFAULT_LANGUAGE) for o in options)
    hint = loc.optional(raw.get("hint"))
    fmt = raw.get("format", "")
    digits = raw.get("digits")
    if not hint and ftype == "date":
        hint = t("hint.date", loc.lang)
    if not hint and (fmt == "personal_id" or digits):
        hint = t("hint.digits", loc.lang, count=digits or 12)
    messages = {}
    for kind, text in (raw.get("messages") or {}).items():
        localized = loc.optional(text)
        if localized:
            messages[kind] = localized
    return Field(
        name=name,
        label=loc.text(_require(raw, "label", where), where, "label"),
        type=ftype,
        required=bool(raw.get("required", False)),
        options=values,
        option_labels=tuple(loc.text(o, where, "options") for o in options),
        hint=hint,
        prefill=raw.get("prefill", ""),
        readonly=bool(raw.get("readonly", False)),
        autocomplete=raw.get("autocomplete", ""),
        inputmode=raw.get("inputmode", "numeric" if (fmt == "personal_id" or digits) else ""),
        format=fmt,
        digits=digits,
        not_future=bool(raw.get("not_future", False)),
        after=raw.get("after", ""),
        required_with=raw.get("required_with", ""),
        min=raw.get("min"),
        max=raw.get("max"),
        messages=messages,
        lang=loc.lang,
    )


def _with_after_labels(fields: list[Field]) -> list[Field]:
    """A date that must follow another field names that field by its label in messages."""
    labels = {f.name: f.label for f in fields}
    out = []
    for f in fields:
        if f.after:
            f = dataclasses.replace(f, after_label=labels.get(f.after, f.after))
        out.append(f)
    return out


def _default_info_steps(loc: _Localizer, name: str, agency: str, result: str, has_docs: bool, fee: int):
    lang = loc.lang
    steps = [t("info.default_step.sign_in", lang), t("info.default_step.form", lang, name=lower_first(name))]
    if has_docs:
        steps.append(t("info.default_step.documents", lang))
    steps.append(t("info.default_step.pay" if fee else "info.default_step.review", lang))
    steps.append(t("info.default_step.process", lang, agency=agency))
    steps.append(t("info.default_step.result", lang, result=lower_first(result)))
    return tuple(steps)


def _parse_procedure(data: dict, fragments: dict[str, list[dict]], where: str, lang: str) -> Procedure:
    loc = _Localizer(lang)
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
                fields.extend(_parse_field(f, step_where, loc) for f in fragments[raw["use"]])
            else:
                fields.append(_parse_field(raw, step_where, loc))
        names = [f.name for f in fields]
        if len(names) != len(set(names)):
            raise ProcedureError(f"{step_where}: duplicate field names")
        title = loc.text(_require(raw_step, "title", step_where), step_where, "title")
        steps.append(Step(number=number, title=title, fields=tuple(_with_after_labels(fields))))
    all_names = [f.name for s in steps for f in s.fields]
    if len(all_names) != len(set(all_names)):
        raise ProcedureError(f"{where}: a field name is used in two steps")
    documents = []
    for raw in data.get("documents") or []:
        doc_where = f"{where} document"
        types = tuple(raw.get("types") or FILE_TYPES)
        unknown = set(types) - set(FILE_TYPES)
        if unknown:
            raise ProcedureError(f"{doc_where}: unknown file types {sorted(unknown)}")
        messages = {
            k: v for k, v in ((k, loc.optional(v)) for k, v in (raw.get("messages") or {}).items()) if v
        }
        documents.append(
            Document(
                key=_require(raw, "key", doc_where),
                name=loc.text(_require(raw, "name", doc_where), doc_where, "name"),
                types=types,
                required=bool(raw.get("required", False)),
                held_by_state=bool(raw.get("held_by_state", False)),
                messages=messages,
                lang=lang,
            )
        )
    if online and not steps:
        raise ProcedureError(f"{where}: an online procedure needs a 'form'")
    if online and ("online" not in fees or "online" not in days):
        raise ProcedureError(f"{where}: an online procedure needs 'fees.online' and 'time_limit_days.online'")
    if online and fees["online"] > int(_require(fees, "in_person", f"{where} fees")):
        raise ProcedureError(f"{where}: the online fee must not exceed the fee in person (priority policy)")
    name = loc.text(_require(data, "name", where), where, "name")
    agency = loc.text(_require(data, "agency", where), where, "agency")
    result = loc.text(_require(data, "result", where), where, "result")
    results = tuple(
        Result(
            name=loc.text(_require(r, "name", f"{where} results"), where, "results"),
            title=loc.text(r.get("title") or r["name"], where, "results"),
            agency=loc.text(r.get("agency") or data["agency"], where, "results"),
        )
        for r in data.get("results") or ()
    ) or (Result(name=result, title=loc.text(data.get("result_text") or data["result"]), agency=agency),)
    fee_online = fees.get("online") if online else None
    info_steps = loc.texts(data.get("info_steps")) or _default_info_steps(
        loc, name, agency, result, any(not d.held_by_state for d in documents), fee_online or 0
    )
    required_documents = loc.texts(data.get("required_documents")) or (
        t("info.eform_document", lang, name=name, lname=lower_first(name)),
        *(d.name for d in documents if not d.held_by_state),
    )
    vi_name = localize(data["name"], "vi")
    return Procedure(
        code=code,
        name=name,
        # The Vietnamese name beside an English page; a Vietnamese page needs no second name.
        local_name=str(data.get("local_name") or vi_name) if lang != "vi" else "",
        area=loc.text(data.get("area", "")),
        summary=loc.text(data.get("summary", "")),
        agency=agency,
        online=online,
        fee_online=fee_online,
        fee_in_person=int(_require(fees, "in_person", f"{where} fees")),
        days_online=days.get("online") if online else None,
        days_in_person=int(_require(days, "in_person", f"{where} time_limit_days")),
        legal_basis=loc.texts(data.get("legal_basis")),
        result=result,
        result_text=results[0].title,
        info_steps=info_steps,
        required_documents=required_documents,
        steps=tuple(steps),
        documents=tuple(documents),
        results=results,
        appointment_required=bool(data.get("appointment_in_person", False)),
        lang=lang,
    )


def load_catalogue(directory: Path = PROCEDURES_DIR, lang: str = DEFAULT_LANGUAGE) -> Catalogue:
    if lang not in LANGUAGES:
        raise ProcedureError(f"unknown language '{lang}' (known: {', '.join(LANGUAGES)})")
    fragments: dict[str, list[dict]] = {}
    definitions: list[tuple[Path, dict]] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        if path.name.startswith("_"):
            fragments[path.stem.lstrip("_")] = data.get("fields") or []
        else:
            definitions.append((path, data))
    procedures = [_parse_procedure(data, fragments, path.name, lang) for path, data in definitions]
    codes = [p.code for p in procedures]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ProcedureError(f"duplicate procedure codes: {duplicates}")
    return Catalogue(procedures)


def default_catalogue(lang: str = DEFAULT_LANGUAGE) -> Catalogue:
    return _cached_catalogue(lang)


@cache
def _cached_catalogue(lang: str) -> Catalogue:
    return load_catalogue(lang=lang)


def current_catalogue() -> Catalogue:
    """The catalogue of the running app in the request's language (set up by create_app)."""
    from flask import current_app

    from reference_portal.i18n import current_language

    return current_app.extensions["refportal.catalogues"][current_language()]
