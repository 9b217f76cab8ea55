"""Portal profiles: everything that differs between portals, loaded from YAML and validated.

A profile is the only thing a QA engineer writes to put a portal under assessment. Errors name the
file, the line and what to change, because the people who write profiles are not Python developers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from portalqa import yaml_input
from portalqa.paths import PROFILES_DIR
from portalqa.profiles.load_policy import LoadPolicy
from portalqa.yaml_input import fix_for, quote_hint

DEFAULT_PROFILE = "reference"


class ProfileError(Exception):
    """A profile that cannot be used; the message is meant for the person who wrote it."""


class _Strict(BaseModel):
    # Unknown keys are almost always typos; rejecting them gives the author a line to fix.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Locator(_Strict):
    """How to find a control: by its visible label(s) first, by CSS only as a last resort."""

    labels: list[str] = Field(default_factory=list, description="Accessible names, any of which may match.")
    css: str | None = Field(None, description="Fallback selector, used only when no label matches.")

    @model_validator(mode="after")
    def _needs_something(self) -> Locator:
        if not self.labels and not self.css:
            raise ValueError("give at least one label (or, as a last resort, a css selector)")
        return self


def _labels_given(value: object) -> object:
    # An empty label list, or an empty label, would match nothing (or everything): say so at load.
    if isinstance(value, list) and not [label for label in value if isinstance(label, str) and label.strip()]:
        raise ValueError("give at least one label (an empty list matches nothing)")
    if isinstance(value, str) and not value.strip():
        raise ValueError("give the label's text (an empty label matches nothing)")
    return value


VocabularyEntry = Annotated[
    Annotated[str | list[str], AfterValidator(_labels_given)] | Locator,
    Field(description="A label, several alternative labels, or {labels, css}."),
]


def _env_name(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Z_][A-Z0-9_]*", value):
        raise ValueError("must be an environment variable NAME in capitals (e.g. PORTALQA_X_PASSWORD)")
    return value


class SignOn(_Strict):
    method: Literal["national_eid", "portal_account", "none"] = Field(
        "national_eid",
        description="How the citizen signs on: none (the portal's services need no sign-on), "
        "national_eid (the national electronic identity) or portal_account (the portal's own account).",
    )
    personal_id_env: str | None = Field(
        None, description="Environment variable holding the test citizen's ID number (not for method none)."
    )
    password_env: str | None = Field(
        None, description="Environment variable holding the test citizen's password (not for method none)."
    )

    @field_validator("personal_id_env", "password_env")
    @classmethod
    def _env_names(cls, value: str | None) -> str | None:
        return _env_name(value)

    @property
    def credential_envs(self) -> list[str]:
        """The environment variables a run needs set (none when the portal needs no sign-on)."""
        return [name for name in (self.personal_id_env, self.password_env) if name]

    @model_validator(mode="after")
    def _credentials_when_signing_on(self) -> SignOn:
        if self.method != "none" and not (self.personal_id_env and self.password_env):
            raise ValueError(
                f"method {self.method} needs personal_id_env and password_env (or write method: none)"
            )
        return self


class OneTimeCode(_Strict):
    """Where the one-time code (OTP) of a sign-on or payment page comes from."""

    from_page: str | None = Field(
        None,
        description="Regular expression with one group that reads the code from the page itself "
        'where a test portal shows it, e.g. "Mã OTP thử nghiệm: (\\d{6})".',
    )
    env: str | None = Field(None, description="Environment variable holding a fixed test code.")

    @field_validator("env")
    @classmethod
    def _env_names(cls, value: str | None) -> str | None:
        return _env_name(value)

    @field_validator("from_page")
    @classmethod
    def _one_group(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            pattern = re.compile(value)
        except re.error as err:
            raise ValueError(f"not a valid regular expression ({err})") from None
        if pattern.groups != 1:
            raise ValueError("give exactly one group, (...), around the code")
        return value

    @model_validator(mode="after")
    def _needs_a_source(self) -> OneTimeCode:
        if not self.from_page and not self.env:
            raise ValueError("give from_page (a regular expression) or env (a variable name)")
        return self


class EmbeddedPortal(_Strict):
    """Start the reference portal from this repository instead of testing a remote one."""

    variant: str = "national"
    defects: dict[str, list[str]] = Field(default_factory=dict)
    test_personal_id: str = Field("001088012345", pattern=r"^\d{12}$")


class ProcedureEntry(_Strict):
    """Where the portal offers one standard procedure."""

    code: str | None = Field(None, description="The portal's own code for the procedure.")
    offered_online: bool = True

    @field_validator("code", mode="before")
    @classmethod
    def _quoted_code(cls, value: object) -> object:
        if isinstance(value, int | float):
            # YAML reads 1.001193 as a number (and may drop digits): the code must be quoted.
            raise ValueError(f'quote the code: write code: "{value}" (YAML read it as a number)')
        return value

    info_path: str | None = Field(None, description="Path of the information page; default from urls.")
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answers to the portal's own e-form questions that the standard dossier does not "
        "have, by the portal's label (Nghề nghiệp: Kỹ sư). Radio and list answers give the option's text.",
    )
    not_asked: list[str] = Field(
        default_factory=list,
        description="Standard dossier fields (keys) this portal's e-form does not ask for; recorded as "
        "not asked instead of searched for.",
    )

    @field_validator("answers", mode="before")
    @classmethod
    def _answers_are_text(cls, value: object) -> object:
        if isinstance(value, dict):
            for label, answer in value.items():
                if not isinstance(answer, str):
                    raise ValueError(f"key {label}: {quote_hint(answer)}")
        return value

    @model_validator(mode="after")
    def _code_when_offered(self) -> ProcedureEntry:
        if self.offered_online and not (self.code or self.info_path):
            raise ValueError("give the portal's code (or info_path), or write `not offered`")
        return self


NOT_OFFERED = "not offered"
ProcedureMapEntry = Annotated[
    ProcedureEntry | Literal["not offered"],
    Field(description='{code: "1.001193"}, or "not offered" when the portal has no online service for it.'),
]

BARE_JOURNEY_STEPS = {
    "sign_on": "sign on with the national electronic identity",
    "apply_online": "start the online application from the information page",
    "continue": "press the e-form's Continue button",
    "attach_documents": "attach every document the page asks for",
    "review_and_confirm": "tick the declaration and confirm the review",
    "pay_fee_online": "pay the fee through the portal's gateway (or record a counter payment)",
    "submit": "submit the application and read the tracking code",
    "track": "look the application up by its tracking code",
    "download_result": "download the electronic result",
}
ARGUMENT_JOURNEY_STEPS = {
    "open": "open a path of the portal, e.g. {open: /procedures/2.000720}",
    "click": "follow a link or press a button by its visible name, e.g. {click: Apply online}",
    "fill": "fill fields by their visible labels, e.g. {fill: {Business name: An Binh Store}}",
    "expect_text": "the page must show this text, e.g. {expect_text: Application submitted}",
    "expect_value": "fields must show these values, e.g. {expect_value: {Full name: Nguyễn Thị Lan}}",
}


class CustomProcedure(_Strict):
    """A procedure the portal offers beyond the standard, as a journey of generic steps."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name: str
    code: str | None = None
    owner: str | None = None
    journey: list[str | dict[str, str | dict[str, str]]] = Field(min_length=1)

    @field_validator("journey")
    @classmethod
    def _known_steps(cls, steps: list) -> list:
        for number, step in enumerate(steps, start=1):
            if isinstance(step, str):
                if step not in BARE_JOURNEY_STEPS:
                    raise ValueError(f"step {number}: unknown step {step!r}; use one of {_journey_help()}")
            elif len(step) != 1 or next(iter(step)) not in ARGUMENT_JOURNEY_STEPS:
                raise ValueError(f"step {number}: write one of {_journey_help()} (one step per list item)")
            elif next(iter(step)) in ("fill", "expect_value") and not isinstance(
                next(iter(step.values())), dict
            ):
                raise ValueError(f"step {number}: {next(iter(step))} takes a mapping of label: value")
        return steps


def _journey_help() -> str:
    return ", ".join([*BARE_JOURNEY_STEPS, *(f"{{{name}: ...}}" for name in ARGUMENT_JOURNEY_STEPS)])


def absolute_url_problem(value: str) -> str | None:
    """Why `value` is not an address a browser can open (None when it is): checked here, because a bad
    address otherwise passes the profile check and ends every scenario as not assessable."""
    if value != value.strip() or any(character.isspace() for character in value):
        return "contains a space or other whitespace; write it without (encode a space in a path as %20)"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "must be an absolute http(s) URL such as https://dichvucong.example.gov.vn"
    try:
        port = parts.port  # raises on a port that is not a number from 0 to 65535
    except ValueError:
        return "has a port that is not a number from 1 to 65535"
    if not parts.hostname:
        return "names no host; write it as https://<host>[:port]/..."
    if port == 0:
        return "has port 0; give a port from 1 to 65535 or none"
    return None


def _checked_url(value: str | None) -> str | None:
    if value is not None and (problem := absolute_url_problem(value)):
        raise ValueError(problem)
    return value


DATE_FORMATS = {"dd/mm/yyyy": "%d/%m/%Y", "dd-mm-yyyy": "%d-%m-%Y", "dd.mm.yyyy": "%d.%m.%Y",
                "mm/dd/yyyy": "%m/%d/%Y", "yyyy-mm-dd": "%Y-%m-%d"}  # fmt: skip


class Urls(_Strict):
    procedure_info: str = "/procedures/{code}"
    tracking: str = "/track"
    home: str = "/"
    catalogue: str | None = Field(
        None,
        description="The procedure catalogue (the list of services), a path or an absolute URL; "
        "visited by the portal-wide checks when given.",
    )

    @field_validator("procedure_info", "tracking", "home", "catalogue")
    @classmethod
    def _path_or_address(cls, value: str | None) -> str | None:
        if value is None or value.startswith("/"):
            if value is not None and any(character.isspace() for character in value):
                raise ValueError("contains whitespace; encode a space in a path as %20")
            return value
        if value.startswith(("http://", "https://")):
            return _checked_url(value)
        raise ValueError("a path starts with / (or give an absolute http(s) URL)")


class PublicPage(_Strict):
    """A public page the portal-wide checks visit besides the home page, catalogue and privacy policy."""

    path: str | None = Field(None, description="A path of the portal, e.g. /gioi-thieu (from its address).")
    url: str | None = Field(None, description="An absolute http(s) URL, for a page at another address.")
    name: str = Field(min_length=1, description="What the page is, in reports (e.g. About the portal).")

    @field_validator("path")
    @classmethod
    def _a_path(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError("a path starts with / (an address elsewhere goes under url:)")
        return value

    @field_validator("url")
    @classmethod
    def _an_address(cls, value: str | None) -> str | None:
        return _checked_url(value)

    @model_validator(mode="after")
    def _path_or_url(self) -> PublicPage:
        if (self.path is None) == (self.url is None):
            raise ValueError("give exactly one of path (on the portal) or url (an absolute address)")
        return self


class Monitoring(_Strict):
    """How to recognise the monitoring (EMC) code a page must carry: any substring found means present."""

    script_src_contains: list[str] = Field(
        default_factory=list,
        description='Substrings of a <script src="..."> address, e.g. /static/emc/emc.js.',
    )
    html_contains: list[str] = Field(
        default_factory=list, description="Substrings of the page's markup, e.g. the code's site id."
    )

    @field_validator("script_src_contains", "html_contains")
    @classmethod
    def _no_empty_substring(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("an empty substring would be found on every page; remove it")
        return value

    @model_validator(mode="after")
    def _something_to_look_for(self) -> Monitoring:
        if not self.script_src_contains and not self.html_contains:
            raise ValueError("give script_src_contains or html_contains (a list of substrings)")
        return self


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Short id used in reports and options.")
    name: str
    owner: str
    level: Literal["national", "ministry", "province"]
    language: str = Field("en", pattern=r"^[a-z]{2}$")
    base_url: str | None = Field(None, description="Root URL of the portal; omit when embedded.")
    embedded: EmbeddedPortal | None = None
    sign_on: SignOn
    urls: Urls = Field(default_factory=Urls)
    vocabulary: dict[str, VocabularyEntry]
    choices: dict[str, str] = Field(
        default_factory=dict,
        description="Option texts used in the features (English) -> the portal's option texts.",
    )
    test_citizen: dict[str, str] = Field(
        default_factory=dict,
        description="The test citizen's own details by dossier key (applicant.full_name: ...), typed only "
        "where the portal fails to pre-fill them from the population register.",
    )
    one_time_code: OneTimeCode | None = Field(
        None, description="Where one-time codes (sign-on or payment OTP pages) come from."
    )
    date_format: Literal["dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yyyy", "mm/dd/yyyy", "yyyy-mm-dd"] | None = Field(
        None,
        description="How a text date field is typed when neither its label, placeholder nor hint says "
        "(default: as the feature writes it, yyyy-mm-dd).",
    )
    procedures: dict[str, ProcedureMapEntry] = Field(
        default_factory=dict,
        description="The standard procedures the portal offers, by standard id (none: a site without "
        "transactions, assessed by its public pages only).",
    )
    custom_procedures: list[CustomProcedure] = Field(default_factory=list)
    pages: list[PublicPage] = Field(
        default_factory=list,
        description="Public pages the portal-wide checks visit besides the home page, the catalogue "
        "(urls.catalogue), the privacy policy and the assistant's page.",
    )
    monitoring: Monitoring | None = Field(
        None,
        description="How to recognise the monitoring (EMC) code on a page; without it, whether pages "
        "carry it is not observed.",
    )
    load: LoadPolicy = Field(default_factory=LoadPolicy)
    # Set by the loader, not by authors.
    source: str | None = Field(None, exclude=True)

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        return _checked_url(value).rstrip("/")

    @model_validator(mode="after")
    def _one_target(self) -> Profile:
        if (self.base_url is None) == (self.embedded is None):
            raise ValueError(
                "give exactly one of base_url (a running portal) or embedded (the reference portal)"
            )
        return self

    @field_validator("procedures")
    @classmethod
    def _known_standard_procedures(cls, procedures: dict) -> dict:
        from portalqa.standard.catalog import load_catalog

        unknown = [procedure_id for procedure_id in procedures if procedure_id not in load_catalog()]
        if unknown:
            raise ValueError(
                f"key {unknown[0]}: {unknown[0]} is not in the standard catalog; use a standard id "
                "(see docs/standard-catalog.md) or declare the procedure under custom_procedures"
            )
        return procedures

    def procedure_entry(self, procedure_id: str) -> ProcedureEntry | None:
        """Where the portal offers a standard procedure online; None when it does not."""
        entry = self.procedures.get(procedure_id)
        if entry is None or entry == NOT_OFFERED or not entry.offered_online:
            return None
        return entry

    def choice(self, option: str) -> str:
        return self.choices.get(option, option)

    def listed_hosts(self) -> list[str]:
        """host[:port] of the absolute addresses the profile lists for its public pages (pages' url,
        urls.catalogue): the portal's own, like base_url's."""
        addresses = [page.url for page in self.pages if page.url] + [self.urls.catalogue or ""]
        hosts = [urlsplit(address).netloc.rsplit("@", 1)[-1].lower() for address in addresses]
        return list(dict.fromkeys(host for host in hosts if host))

    def labels_for(self, key: str) -> Locator | None:
        entry = self.vocabulary.get(key)
        if entry is None:
            return None
        if isinstance(entry, str):
            return Locator(labels=[entry])
        if isinstance(entry, list):
            return Locator(labels=entry)
        return entry


def profile_json_schema() -> dict:
    """JSON Schema for editors (completion and checking of portals/*.yaml)."""
    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "portalqa portal profile"
    schema.get("properties", {}).pop("source", None)
    return schema


def resolve_profile_path(name_or_path: str) -> Path:
    """A profile is named by its id (portals/<id>.yaml) or by a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        if not candidate.is_file():
            raise ProfileError(f"{candidate}: no such profile file")
        return candidate
    in_dir = PROFILES_DIR / f"{name_or_path}.yaml"
    if in_dir.is_file():
        return in_dir
    known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))) or "none"
    raise ProfileError(
        f"unknown portal profile {name_or_path!r}; known profiles: {known} (or give a .yaml path)"
    )


def load_profile(name_or_path: str) -> Profile:
    path = resolve_profile_path(name_or_path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProfileError(
            f"{path}: not UTF-8 text (byte {err.start} is 0x{err.object[err.start]:02x}); save the file "
            "as UTF-8 (e.g. `iconv -f <its encoding> -t UTF-8`)"
        ) from None
    except OSError as err:
        raise ProfileError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or str(err)
        raise ProfileError(f"{where}: not valid YAML ({problem}); check indentation and quoting") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile is a mapping of keys (id, name, base_url, ...)")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as err:
        raise ProfileError(_explain(path, text, err)) from None
    return profile.model_copy(update={"source": str(path)})


def _explain(path: Path, text: str, err: ValidationError) -> str:
    root = yaml_input.compose(text)
    lines: dict[int | None, tuple[int, str]] = {}
    problems = err.errors()
    located = [tuple(part for part in p["loc"] if not _is_union_branch(part)) for p in problems]
    for problem, where in zip(problems, located, strict=True):
        # A union reports every member it tried: where one member got further (a problem inside the
        # mapping), "input should be 'not offered'" about the whole mapping is noise.
        if problem["type"] == "literal_error" and any(
            o[: len(where)] == where and o != where for o in located
        ):
            continue
        location = list(where)
        # Journey validators say which step is wrong ("step 3: ..."); point at that list item.
        # ... and mapping validators name the key ("key x: ..."); point at that key.
        step = re.match(r"Value error, step (\d+):", problem["msg"])
        key = re.match(r"Value error, key (\S+):", problem["msg"])
        if step:
            location = [*location, int(step.group(1)) - 1]
        elif key:
            location = [*location, key.group(1)]
        line = yaml_input.line_of(root, location)
        dotted = ".".join(str(part) for part in location) or "(top level)"
        # A union reports once per member it tried; the deepest report on a line is the useful one.
        if line not in lines or len(location) > lines[line][0]:
            lines[line] = (len(location), f"{path}:{line}: {dotted}: {fix_for(problem)}")
    return "\n".join(message for _, message in lines.values())


def _is_union_branch(part: object) -> bool:
    # Pydantic names the union member it tried ("str", "list[str]", "Locator"); authors never wrote it.
    return isinstance(part, str) and (part in ("str", "Locator") or "[" in part)


def dump_schema(path: Path) -> None:
    path.write_text(json.dumps(profile_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
