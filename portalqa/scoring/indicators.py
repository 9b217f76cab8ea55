"""The indicators a quality model weighs: each one reads a portal's evidence and gives a figure.

An indicator is named in the model file (portalqa.scoring.quality_model) with its parameters, e.g.
`{name: scenarios_without_findings, criterion: convenience, kinds: [no_national_eid]}`. It reads the
latest observations of one portal (or of one procedure on it) and returns an `IndicatorValue`: the
figure the formula weighs (a share between 0 and 1, a percentile in ms, or the accessibility
violations), how many units it rests on, what was found wrong (true totals, with the scenarios where
it was seen), and, when there was nothing to measure, why. A figure of None is "not assessed": the
criterion's points are left out of the score, never counted as 0 or as full.

Pages are counted once per distinct page and viewport: the same page seen by twenty journeys is one
page (its numeric path segments, such as dossier ids, are not what makes it distinct).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator

from portalqa.evidence.allure_reading import ASSISTANT, JOURNEY, SITE
from portalqa.evidence.measurements import Page
from portalqa.judging.thresholds import DEFAULT_THRESHOLDS
from portalqa.load_testing.guard import is_loopback
from portalqa.model.criteria import CriterionVerdict
from portalqa.model.full_online import Verdict
from portalqa.scoring.cells import FullOnlineCell
from portalqa.scoring.observations import Observation
from portalqa.scoring.terms import MATRIX_VIEWPORT

MET = CriterionVerdict.MET.value
NOT_MET = CriterionVerdict.NOT_MET.value
# Full-online cell verdict -> share of the procedure offered online (Decree 42/2022).
FULL_ONLINE_SHARE = FullOnlineCell.points_for_verdict
# Scenarios where a finding was seen, kept per kind as examples (the totals are always complete).
MAX_EXAMPLES = 5
# Path segments that name one record rather than a page: numbers and long hexadecimal or uuid ids.
_RECORD_SEGMENT = re.compile(r"^(\d+|[0-9a-f]{12,}|[0-9a-f-]{32,36})$", re.IGNORECASE)


class IndicatorSpec(BaseModel):
    """An indicator as the model file names it: `name` and the parameters that indicator takes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    criterion: str | None = None  # scenarios_meeting, scenarios_without_findings
    kinds: tuple[str, ...] = ()  # scenarios_without_findings: the finding kinds that count against
    scenarios: tuple[str, ...] = ()  # scenario kinds considered (default: the indicator's own)
    viewports: tuple[str, ...] = ()  # viewports considered (default: the indicator's own)
    exclude_rules: tuple[str, ...] = ()  # accessibility_violations: rules another criterion weighs
    timing: str | None = None  # page_timing_percentile: a Page.timing key
    percentile: float | None = Field(None, gt=0, le=100)
    fact: str | None = None  # pages_with: one of PAGE_FACTS
    links: tuple[str, ...] = ()  # required_links

    @model_validator(mode="after")
    def _known_with_its_parameters(self) -> IndicatorSpec:
        definition = INDICATORS.get(self.name)
        if definition is None:
            raise ValueError(
                f"key name: unknown indicator {self.name!r}; known: {', '.join(sorted(INDICATORS))}"
            )
        given = {key for key in self.model_fields_set if key != "name"}
        extra = given - definition.parameters
        if extra:
            allowed = ", ".join(sorted(definition.parameters)) or "none"
            raise ValueError(
                f"indicator {self.name} takes no {', '.join(sorted(extra))} (its parameters: {allowed})"
            )
        missing = definition.required - given
        if missing:
            raise ValueError(f"indicator {self.name} needs {', '.join(sorted(missing))}")
        if self.name == "pages_with" and self.fact not in PAGE_FACTS:
            raise ValueError(f"key fact: unknown page fact {self.fact!r}; known: {', '.join(PAGE_FACTS)}")
        return self


@dataclass(frozen=True)
class Example:
    """One scenario (or page) where a finding was seen: what a reader opens to check it."""

    procedure_id: str
    procedure_name: str
    viewport: str
    scenario: str  # journey, assistant or site
    detail: str
    page: str | None
    observation: Observation | None = None


@dataclass
class Tally:
    """Every finding of one kind behind one indicator: true totals, and a few examples."""

    kind: str
    occurrences: int = 0  # findings (for accessibility: elements in violation)
    units: int = 0  # scenarios or pages it was seen in
    examples: list[Example] = field(default_factory=list)
    impact: str | None = None  # accessibility rules only

    def add(self, example: Example, occurrences: int = 1) -> None:
        self.occurrences += occurrences
        self.units += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(example)


@dataclass(frozen=True)
class Violation:
    """One accessibility rule over a portal's distinct pages (the severity_deductions formula's input)."""

    rule: str
    impact: str
    pages_affected: int
    pages_scanned: int
    elements: int

    @property
    def page_share(self) -> float:
        return self.pages_affected / self.pages_scanned

    @property
    def elements_per_page(self) -> float:
        return self.elements / self.pages_affected


@dataclass(frozen=True)
class IndicatorValue:
    value: float | None  # None: nothing to measure (the criterion is not assessed)
    observed: int  # units the value rests on
    unit: str  # procedures, scenarios, pages, load phases, links
    findings: tuple[Tally, ...] = ()
    violations: tuple[Violation, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    # Why nothing could be measured (value None), or what the figure leaves out.
    unobserved: str = ""


@dataclass(frozen=True)
class PortalEvidence:
    """What the indicators read: a portal's latest observations (or one procedure's) and its verdicts."""

    observations: Sequence[Observation]
    # The matrix cell (full-online verdict) of each procedure, as the scorer classified it.
    cells: dict[str, str]
    # The load phase's verdict (met, missed, not_assessable) and summary; None when it did not run.
    load: tuple[str, str] | None = None
    procedure_names: dict[str, str] = field(default_factory=dict)
    # Distinct pages by (scenario kinds, viewports): several criteria read the same selection.
    _pages: dict[tuple[frozenset, frozenset], list[tuple[Observation, Page]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _chosen: dict[tuple[frozenset, frozenset], list[Observation]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def observations_of(self, kinds: frozenset[str], viewports: frozenset[str]) -> list[Observation]:
        """The observations of these scenario kinds and viewports (none: every viewport), in their
        order, chosen once per selection: a model's indicators ask the same few selections many times."""
        key = (kinds, viewports)
        if key not in self._chosen:
            self._chosen[key] = [
                o for o in self.observations if o.kind in kinds and (not viewports or o.viewport in viewports)
            ]
        return self._chosen[key]

    def distinct_pages(
        self, kinds: frozenset[str], viewports: frozenset[str]
    ) -> list[tuple[Observation, Page]]:
        """The distinct pages (distinct_pages) of the observations of these kinds and viewports (none:
        every viewport), computed once per selection."""
        key = (kinds, viewports)
        if key not in self._pages:
            self._pages[key] = distinct_pages(self.observations_of(kinds, viewports))
        return self._pages[key]

    def of_procedure(self, procedure_id: str) -> PortalEvidence:
        return PortalEvidence(
            observations=[o for o in self.observations if o.result.procedure_id == procedure_id],
            cells={k: v for k, v in self.cells.items() if k == procedure_id},
            load=None,
            procedure_names=self.procedure_names,
        )


@dataclass(frozen=True)
class IndicatorDefinition:
    compute: Callable[[IndicatorSpec, PortalEvidence], IndicatorValue]
    parameters: frozenset[str]
    required: frozenset[str]
    formulas: tuple[str, ...]


# ---- helpers ---------------------------------------------------------------------------------------


def _name(evidence: PortalEvidence, observation: Observation) -> str:
    procedure_id = observation.result.procedure_id or ""
    measured = observation.measurements
    return (
        (measured.procedure.name if measured else "")
        or evidence.procedure_names.get(procedure_id)
        or procedure_id
    )


def _example(evidence: PortalEvidence, observation: Observation, detail: str, page: str | None) -> Example:
    return Example(
        procedure_id=observation.result.procedure_id or "",
        procedure_name=_name(evidence, observation),
        viewport=observation.viewport,
        scenario=observation.kind,
        detail=detail,
        page=page,
        observation=observation,
    )


def _selected(
    evidence: PortalEvidence, spec: IndicatorSpec, kinds: Iterable[str], viewports: Iterable[str] | None
) -> list[Observation]:
    return evidence.observations_of(
        frozenset(spec.scenarios or kinds), frozenset(spec.viewports or viewports or ())
    )


def _selected_pages(
    evidence: PortalEvidence, spec: IndicatorSpec, kinds: Iterable[str]
) -> list[tuple[Observation, Page]]:
    """The distinct pages of the scenarios the spec selects (default: `kinds`, every viewport)."""
    return evidence.distinct_pages(frozenset(spec.scenarios or kinds), frozenset(spec.viewports or ()))


def _tallies(tallies: dict[str, Tally]) -> tuple[Tally, ...]:
    return tuple(sorted(tallies.values(), key=lambda t: (-t.occurrences, -t.units, t.kind)))


def _judgement(observation: Observation, criterion: str):
    measured = observation.measurements
    return measured.criteria.get(criterion) if measured else None


@functools.lru_cache(maxsize=65536)  # the same pages are keyed by every criterion that reads pages
def page_key(viewport: str, url: str) -> tuple[str, str]:
    """A distinct page: its viewport and path, record ids (numbers, long hex) in the path generalised."""
    parts = urlsplit(url)
    segments = ["*" if _RECORD_SEGMENT.match(s) else s for s in parts.path.split("/")]
    return viewport, f"{parts.netloc}{'/'.join(segments) or '/'}"


def distinct_pages(observations: Iterable[Observation]) -> list[tuple[Observation, Page]]:
    """Each distinct page once (the latest sighting), with the observation that saw it."""
    latest: dict[tuple[str, str], tuple[tuple, Observation, Page]] = {}
    for observation in observations:
        measured = observation.measurements
        if measured is None:
            continue
        order = (observation.result.stop or 0, observation.result.uuid)
        for page in measured.pages:
            key = page_key(observation.viewport, page.url)
            current = latest.get(key)
            if current is None or order > current[0]:
                latest[key] = (order, observation, page)
    return [(observation, page) for _, observation, page in sorted(latest.values(), key=lambda v: v[0])]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (the value below which p % of the samples lie), as CrUX reports them."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


# ---- indicators ------------------------------------------------------------------------------------


def full_online_share(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Mean share offered online over the assessable matrix cells: full 1, partial 0.5, not online 0."""
    shares = [FULL_ONLINE_SHARE[v] for v in evidence.cells.values() if v in FULL_ONLINE_SHARE]
    tallies: dict[str, Tally] = {}
    for observation in evidence.observations:
        if observation.kind != JOURNEY or observation.viewport != MATRIX_VIEWPORT:
            continue
        cell = evidence.cells.get(observation.result.procedure_id or "")
        if cell not in (Verdict.PARTIAL.value, Verdict.NOT_ONLINE.value):
            continue
        _, reasons = observation.full_online()
        kind = reasons[0].kind if reasons else cell
        detail = "; ".join(r.detail for r in reasons if r.detail) or cell.replace("_", " ")
        tallies.setdefault(kind, Tally(kind)).add(_example(evidence, observation, detail, None))
    if not shares:
        return IndicatorValue(None, 0, "procedures", unobserved="no procedure could be assessed")
    return IndicatorValue(
        sum(shares) / len(shares),
        len(shares),
        "procedures",
        findings=_tallies(tallies),
        figures={
            "full": sum(1 for v in evidence.cells.values() if v == Verdict.FULL.value),
            "partial": sum(1 for v in evidence.cells.values() if v == Verdict.PARTIAL.value),
            "not_online": sum(1 for v in evidence.cells.values() if v == Verdict.NOT_ONLINE.value),
        },
    )


def prefilled_share(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Share of the register-held fields the e-form pre-filled, over journeys judged on simplicity."""
    prefilled = asked = journeys = 0
    tally = Tally("not_prefilled")
    for observation in _selected(evidence, spec, (JOURNEY,), (MATRIX_VIEWPORT,)):
        judgement = _judgement(observation, "simplicity")
        if judgement is None or judgement.verdict.value not in (MET, NOT_MET):
            continue
        journey = observation.measurements.journey
        typed = list(journey.get("register_fields_not_prefilled") or [])
        filled = int(journey.get("fields_prefilled") or 0)
        if filled + len(typed) == 0:
            continue
        journeys += 1
        prefilled += filled
        asked += filled + len(typed)
        if typed:
            detail = f"typed although the register holds them: {', '.join(typed)}"
            tally.add(_example(evidence, observation, detail, None), occurrences=len(typed))
    if asked == 0:
        return IndicatorValue(None, 0, "procedures", unobserved="no journey got through the e-form")
    return IndicatorValue(
        prefilled / asked,
        journeys,
        "procedures",
        findings=(tally,) if tally.units else (),
        figures={"fields_prefilled": prefilled, "register_fields": asked},
    )


def scenarios_without_findings(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Share of the scenarios judged on `criterion` (met or not met) without a finding of `kinds`."""
    judged = clean = 0
    tallies: dict[str, Tally] = {}
    for observation in _selected(evidence, spec, (JOURNEY,), (MATRIX_VIEWPORT,)):
        judgement = _judgement(observation, spec.criterion)
        if judgement is None or judgement.verdict.value not in (MET, NOT_MET):
            continue
        judged += 1
        against = [f for f in judgement.findings if f.kind in spec.kinds]
        if not against:
            clean += 1
        for kind in dict.fromkeys(f.kind for f in against):
            of_kind = [f for f in against if f.kind == kind]
            example = _example(evidence, observation, of_kind[0].detail, of_kind[0].page)
            tallies.setdefault(kind, Tally(kind)).add(example, occurrences=len(of_kind))
    if judged == 0:
        return IndicatorValue(
            None, 0, "scenarios", unobserved=f"no scenario could be judged on {spec.criterion}"
        )
    return IndicatorValue(clean / judged, judged, "scenarios", findings=_tallies(tallies))


def scenarios_meeting(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Share of the scenarios judged on `criterion` (met or not met) that met it."""
    judged = met = 0
    tallies: dict[str, Tally] = {}
    for observation in _selected(evidence, spec, (JOURNEY, ASSISTANT, SITE), None):
        judgement = _judgement(observation, spec.criterion)
        if judgement is None or judgement.verdict.value not in (MET, NOT_MET):
            continue
        judged += 1
        if judgement.verdict.value == MET:
            met += 1
            continue
        for kind in dict.fromkeys(f.kind for f in judgement.findings) or ("not_met",):
            of_kind = [f for f in judgement.findings if f.kind == kind]
            detail = of_kind[0].detail if of_kind else judgement.summary
            example = _example(evidence, observation, detail, of_kind[0].page if of_kind else None)
            tallies.setdefault(kind, Tally(kind)).add(example, occurrences=max(1, len(of_kind)))
    if judged == 0:
        return IndicatorValue(
            None, 0, "scenarios", unobserved=f"no scenario could be judged on {spec.criterion}"
        )
    return IndicatorValue(met / judged, judged, "scenarios", findings=_tallies(tallies))


def accessibility_violations(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """axe-core violations over the distinct pages scanned: per rule its impact, pages and elements."""
    scanned = [(o, p) for o, p in _selected_pages(evidence, spec, (JOURNEY, ASSISTANT, SITE))
               if p.accessibility is not None]  # fmt: skip
    if not scanned:
        return IndicatorValue(None, 0, "pages", unobserved="no page was scanned with axe-core")
    rules: dict[str, Tally] = {}
    elements: dict[str, int] = {}
    affected: set[str] = set()
    for observation, page in scanned:
        for violation in page.accessibility.violations:
            if violation.rule in spec.exclude_rules:
                continue
            affected.add(page.url)
            # The page lists at most a few elements per rule; node_count is every one of them.
            count = int(getattr(violation, "node_count", 0) or len(violation.nodes) or 1)
            tally = rules.setdefault(
                violation.rule, Tally(violation.rule, impact=violation.impact or "minor")
            )
            tally.add(
                _example(evidence, observation, violation.help or violation.rule, page.url), occurrences=count
            )
            elements[violation.rule] = elements.get(violation.rule, 0) + count
    violations = tuple(
        Violation(rule, tally.impact or "minor", tally.units, len(scanned), elements[rule])
        for rule, tally in rules.items()
    )
    return IndicatorValue(
        1.0,  # the figure is the violations below (severity_deductions weighs them)
        len(scanned),
        "pages",
        findings=_tallies(rules),
        violations=violations,
        figures={
            "rules": len(rules),
            "elements": sum(elements.values()),
            "pages_affected": len(affected),
            "pages_scanned": len(scanned),
        },
    )


def page_timing_percentile(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """The given percentile of one Navigation Timing figure over every page load of the portal."""
    samples: list[tuple[float, Observation, Page]] = []
    for observation in _selected(evidence, spec, (JOURNEY, ASSISTANT, SITE), None):
        for page in observation.measurements.pages if observation.measurements else ():
            value = page.timing.get(spec.timing)
            # 0 or absent: the page was left before the browser reported it; not a fast page.
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                samples.append((float(value), observation, page))
    if not samples:
        return IndicatorValue(None, 0, "pages", unobserved=f"no page reported its {spec.timing}")
    values = [value for value, _, _ in samples]
    value = percentile(values, spec.percentile or 75)
    slowest = sorted(samples, key=lambda s: -s[0])
    tally = Tally(f"slow_{spec.timing}")
    limit = percentile(values, 50)
    for sample, observation, page in slowest:
        if sample > value and sample > limit:
            tally.add(_example(evidence, observation, f"{sample:.0f} ms", page.url))
    return IndicatorValue(
        value,
        len(samples),
        "page loads",
        findings=(tally,) if tally.units else (),
        figures={
            "p50": round(percentile(values, 50), 1),
            "p75": round(percentile(values, 75), 1),
            "p95": round(percentile(values, 95), 1),
            "max": round(max(values), 1),
        },
    )


def load_objectives_met(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """1 when the load phase met the profile's objectives, 0 when it missed them; else not assessed."""
    if evidence.load is None:
        return IndicatorValue(None, 0, "load phases", unobserved="the load phase did not run for this portal")
    verdict, summary = evidence.load
    if verdict == "met":
        return IndicatorValue(1.0, 1, "load phases")
    if verdict == "missed":
        tally = Tally("load_objectives_missed")
        tally.add(Example("", "", MATRIX_VIEWPORT, "load", summary, None))
        return IndicatorValue(0.0, 1, "load phases", findings=(tally,))
    return IndicatorValue(None, 0, "load phases", unobserved=f"the load phase could not measure: {summary}")


@functools.lru_cache(maxsize=65536)
def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


# A run's pages come from a handful of hosts: each is parsed as an address once.
_is_loopback_host = functools.lru_cache(maxsize=4096)(is_loopback)


def _fact_https(page: Page) -> bool | None:
    if _is_loopback_host(_host(page.url)):
        return None  # a local instance: the deployment's transport is not what was served here
    return page.https


def _fact_hsts(page: Page) -> bool | None:
    if _fact_https(page) is not True or not page.security_headers:
        return None
    return bool(page.security_headers.get("strict-transport-security"))


def _fact_security_headers(page: Page) -> bool | None:
    headers = page.security_headers
    if not headers:
        return None  # the response headers were not read (a page that sends none lists them as None)
    return all(headers.get(name) for name in DEFAULT_THRESHOLDS.required_headers)


def _fact_own_hosts_only(page: Page) -> bool | None:
    return not page.third_party_hosts


def _fact_privacy_link(page: Page) -> bool | None:
    links = page.links or {}
    if links.get("privacy_policy"):
        return True
    return page.privacy_link


def _fact_monitoring_code(page: Page) -> bool | None:
    return page.monitoring_code


# What `pages_with` can count, and the finding kind of a page without it.
PAGE_FACTS: dict[str, tuple[Callable[[Page], bool | None], str]] = {
    "https": (_fact_https, "page_without_https"),
    "hsts": (_fact_hsts, "page_without_hsts"),
    "security_headers": (_fact_security_headers, "missing_security_headers"),
    "own_hosts_only": (_fact_own_hosts_only, "third_party_host"),
    "privacy_link": (_fact_privacy_link, "no_privacy_link"),
    "monitoring_code": (_fact_monitoring_code, "no_monitoring_code"),
}
_UNKNOWN_FACT = {
    "https": "every page came from this machine's loopback (a local instance: its transport is not assessed)",
    "hsts": "no page was served over HTTPS with its headers read",
    "security_headers": "no page's response headers were read",
    "own_hosts_only": "no page was observed",
    "privacy_link": "no page's links were read",
    "monitoring_code": "the profile does not say how the monitoring code is recognised (`monitoring:`)",
}


def pages_with(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Share of the distinct pages (where the fact could be read) that have `fact`."""
    read, kind = PAGE_FACTS[spec.fact]
    known = have = 0
    tally = Tally(kind)
    for observation, page in _selected_pages(evidence, spec, (JOURNEY, ASSISTANT, SITE)):
        fact = read(page)
        detail = ", ".join(page.third_party_hosts)
        if spec.fact == "own_hosts_only" and fact:
            # A cookie set for another domain is read per scenario: it counts against the pages it saw.
            foreign = [c for c in observation.measurements.cookies if c.third_party]
            if foreign:
                fact, detail = False, ", ".join(f"cookie {c.name} for {c.domain}" for c in foreign)
        if fact is None:
            continue
        known += 1
        if fact:
            have += 1
        else:
            tally.add(
                _example(evidence, observation, detail if spec.fact == "own_hosts_only" else "", page.url)
            )
    if known == 0:
        return IndicatorValue(None, 0, "pages", unobserved=_UNKNOWN_FACT[spec.fact])
    return IndicatorValue(have / known, known, "pages", findings=(tally,) if tally.units else ())


def required_links(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    """Share of the required links (accessibility statement, contact, ...) found on the public pages."""
    site_pages = [(o, p) for o, p in _selected_pages(evidence, spec, (SITE,)) if p.links]
    if not site_pages:
        return IndicatorValue(None, 0, "links", unobserved="no portal-wide page check read the page links")
    tallies: dict[str, Tally] = {}
    found = 0
    for link in spec.links:
        if any(page.links.get(link) for _, page in site_pages):
            found += 1
            continue
        observation, page = site_pages[0]
        tallies.setdefault(f"no_{link}_link", Tally(f"no_{link}_link")).add(
            _example(evidence, observation, f"no {link.replace('_', ' ')} link on any public page", page.url)
        )
    return IndicatorValue(found / len(spec.links), len(spec.links), "links", findings=_tallies(tallies))


def _definition(compute, parameters=(), required=(), formulas=("ratio_to_target",)) -> IndicatorDefinition:
    return IndicatorDefinition(compute, frozenset(parameters), frozenset(required), tuple(formulas))


INDICATORS: dict[str, IndicatorDefinition] = {
    "full_online_share": _definition(full_online_share),
    "prefilled_share": _definition(prefilled_share, ("viewports",)),
    "scenarios_without_findings": _definition(
        scenarios_without_findings, ("criterion", "kinds", "scenarios", "viewports"), ("criterion", "kinds")
    ),
    "scenarios_meeting": _definition(
        scenarios_meeting, ("criterion", "scenarios", "viewports"), ("criterion",)
    ),
    "accessibility_violations": _definition(
        accessibility_violations, ("exclude_rules", "scenarios", "viewports"), (), ("severity_deductions",)
    ),
    "page_timing_percentile": _definition(
        page_timing_percentile, ("timing", "percentile", "scenarios", "viewports"), ("timing",), ("bands",)
    ),
    "load_objectives_met": _definition(load_objectives_met),
    "pages_with": _definition(pages_with, ("fact", "scenarios", "viewports"), ("fact",)),
    "required_links": _definition(required_links, ("links",), ("links",)),
}


def measure(spec: IndicatorSpec, evidence: PortalEvidence) -> IndicatorValue:
    return INDICATORS[spec.name].compute(spec, evidence)
