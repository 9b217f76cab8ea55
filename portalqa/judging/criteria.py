"""Judge one scenario's measurements against the assessors' criteria, one verdict per criterion.

The journey records what it saw (pages, timings, axe results, fields, answers); this module turns
that evidence into findings. It reads only the measurements dictionary, so the scorer can re-judge
old results with the same code, and it holds every threshold in one place with its source.

Verdicts: ``met`` (evidence and no finding), ``not_met`` (at least one finding), ``not_assessable``
(no evidence, e.g. the journey never reached a page), ``not_applicable`` (e.g. mobile on a desktop run).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from portalqa.model.criteria import Criterion, CriterionVerdict


@dataclass(frozen=True)
class Thresholds:
    """Where a page stops being fast enough, and the other limits criteria are judged by.

    Speed uses the Core Web Vitals bands (web.dev, 2024). Time to first byte is the portal's own
    work and is held to the "good" limit. Paint times also depend on the assessing machine's CPU
    (a busy CI runner paints slower than a citizen's phone), so only the "poor" band is a finding;
    first contentful paint is reported, not judged.
    """

    server_response_ms: float = 800.0  # time to first byte, "good" up to 800 ms
    largest_contentful_paint_ms: float = 4000.0  # "poor" above 4 s
    # WCAG 2.2 SC 2.5.8 Target Size (Minimum): axe-core's rule for it.
    target_size_rule: str = "target-size"
    # Security headers every page of a public-service portal should send (OWASP secure headers).
    required_headers: tuple[str, ...] = ("content-security-policy", "x-content-type-options")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass
class Finding:
    kind: str
    detail: str
    page: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "page": self.page}


@dataclass
class CriterionResult:
    criterion: Criterion
    verdict: CriterionVerdict
    summary: str
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict.value,
            "summary": self.summary,
            "findings": [finding.to_dict() for finding in self.findings],
        }


def judge(
    measurements: dict, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> dict[Criterion, CriterionResult]:
    """Every criterion that applies to this scenario, judged from its measurements."""
    pages = [page for page in measurements.get("pages") or [] if isinstance(page, dict)]
    phone = measurements.get("viewport") == "phone"
    results = {
        Criterion.SPEED: _speed(pages, thresholds),
        Criterion.ACCESSIBILITY: _accessibility(pages),
        Criterion.MOBILE: _mobile(pages, measurements, thresholds)
        if phone
        else _not_applicable(Criterion.MOBILE, "judged on the phone run of the journey"),
        Criterion.PRIVACY_SECURITY: _privacy_security(pages, measurements, thresholds),
    }
    if measurements.get("kind", "journey") == "journey":
        journey = measurements.get("journey") or {}
        results[Criterion.SIMPLICITY] = _simplicity(journey)
        results[Criterion.CONVENIENCE] = _convenience(journey)
        results[Criterion.TRANSPARENCY] = _transparency(measurements.get("information_page"))
    if measurements.get("assistant") is not None:
        results[Criterion.VIRTUAL_ASSISTANT] = _assistant(measurements["assistant"])
    return results


def _result(criterion: Criterion, findings: list[Finding], evidence: str) -> CriterionResult:
    if findings:
        kinds = sorted({f.kind.replace("_", " ") for f in findings})
        return CriterionResult(
            criterion, CriterionVerdict.NOT_MET, f"{len(findings)} finding(s): {', '.join(kinds)}", findings
        )
    return CriterionResult(criterion, CriterionVerdict.MET, evidence)


def _not_assessable(criterion: Criterion, why: str) -> CriterionResult:
    return CriterionResult(criterion, CriterionVerdict.NOT_ASSESSABLE, why)


def _not_applicable(criterion: Criterion, why: str) -> CriterionResult:
    return CriterionResult(criterion, CriterionVerdict.NOT_APPLICABLE, why)


def _path(url: str) -> str:
    parts = urlsplit(url or "")
    return parts.path or url


# Speed ---------------------------------------------------------------------------------------------


def _speed(pages: list[dict], thresholds: Thresholds) -> CriterionResult:
    if not pages:
        return _not_assessable(Criterion.SPEED, "no page was loaded")
    limits = (
        ("server_response_ms", thresholds.server_response_ms, "slow_server_response", "server response"),
        (
            "largest_contentful_paint_ms",
            thresholds.largest_contentful_paint_ms,
            "slow_largest_contentful_paint",
            "largest contentful paint",
        ),
    )
    findings = []
    for page in pages:
        timing = page.get("timing") or {}
        for key, limit, kind, what in limits:
            value = timing.get(key)
            if isinstance(value, int | float) and value > limit:
                findings.append(
                    Finding(
                        kind, f"{what} {value:.0f} ms > {limit:.0f} ms on {_path(page['url'])}", page["url"]
                    )
                )
    slowest = max((p.get("timing") or {}).get("server_response_ms") or 0 for p in pages)
    return _result(Criterion.SPEED, findings, f"{len(pages)} pages, slowest server response {slowest:.0f} ms")


# Accessibility -------------------------------------------------------------------------------------

_IMPACT_ORDER = ("critical", "serious", "moderate", "minor", None)


def _accessibility(pages: list[dict]) -> CriterionResult:
    scanned = [p for p in pages if isinstance(p.get("accessibility"), dict)]
    if not scanned:
        return _not_assessable(Criterion.ACCESSIBILITY, "no page was checked with axe-core")
    # One finding per rule: a header defect repeats on every page but is one thing to fix.
    by_rule: dict[str, dict] = {}
    for page in scanned:
        for violation in page["accessibility"].get("violations") or []:
            entry = by_rule.setdefault(
                violation.get("rule", "?"),
                {"violation": violation, "pages": [], "targets": []},
            )
            entry["pages"].append(page["url"])
            entry["targets"] += [node.get("target", "") for node in violation.get("nodes") or []]
    findings = []
    ordered = sorted(
        by_rule.items(), key=lambda item: _IMPACT_ORDER.index(item[1]["violation"].get("impact"))
    )
    for rule, entry in ordered:
        violation = entry["violation"]
        targets = ", ".join(dict.fromkeys(t for t in entry["targets"] if t))
        findings.append(
            Finding(
                "wcag_violation",
                f"{rule} ({violation.get('impact') or 'unrated'}): {violation.get('help', '')} — "
                f"{len(entry['targets'])} element(s) on {len(set(entry['pages']))} page(s): {targets[:200]}",
                entry["pages"][0],
            )
        )
    return _result(
        Criterion.ACCESSIBILITY, findings, f"{len(scanned)} distinct pages, no WCAG A/AA violation"
    )


# Mobile --------------------------------------------------------------------------------------------


def _mobile(pages: list[dict], measurements: dict, thresholds: Thresholds) -> CriterionResult:
    if not pages:
        return _not_assessable(Criterion.MOBILE, "no page was loaded on the phone")
    findings = []
    for page in pages:
        path = _path(page["url"])
        if page.get("viewport_meta") is False:
            findings.append(Finding("no_viewport_meta", f"no viewport meta tag on {path}", page["url"]))
        if page.get("horizontal_scroll"):
            findings.append(
                Finding(
                    "horizontal_scroll",
                    f"{path} is {page.get('scroll_width')} px wide on a "
                    f"{page.get('viewport_width')} px screen",
                    page["url"],
                )
            )
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            if violation.get("rule") == thresholds.target_size_rule:
                targets = ", ".join(n.get("target", "") for n in violation.get("nodes") or [])
                findings.append(
                    Finding(
                        "small_targets", f"targets under 24×24 px on {path}: {targets[:200]}", page["url"]
                    )
                )
    if measurements.get("kind", "journey") == "journey":
        verdict = (measurements.get("full_online") or {}).get("verdict")
        completed = (measurements.get("journey") or {}).get("completed")
        if not completed and verdict not in ("partial", "not_online", "not_assessable"):
            findings.append(Finding("journey_not_completed", "the journey could not be completed on a phone"))
    return _result(Criterion.MOBILE, _collapse(findings), f"{len(pages)} pages usable on a phone")


def _collapse(findings: list[Finding]) -> list[Finding]:
    """The same finding on the same path (a page revisited) is reported once."""
    seen, kept = set(), []
    for finding in findings:
        key = (finding.kind, finding.detail)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


# Privacy and security ------------------------------------------------------------------------------


def _privacy_security(pages: list[dict], measurements: dict, thresholds: Thresholds) -> CriterionResult:
    if not pages:
        return _not_assessable(Criterion.PRIVACY_SECURITY, "no page was loaded")
    findings = []
    hosts: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        path = _path(page["url"])
        if page.get("privacy_link") is False:
            findings.append(
                Finding("no_privacy_link", f"no link to the privacy policy on {path}", page["url"])
            )
        for host in page.get("third_party_hosts") or []:
            hosts[host].append(page["url"])
        headers = page.get("security_headers") or {}
        missing = [name for name in thresholds.required_headers if not headers.get(name)]
        csp = (headers.get("content-security-policy") or "").casefold()
        if "frame-ancestors" not in csp and not headers.get("x-frame-options"):
            missing.append("frame-ancestors (CSP) or x-frame-options")
        if page.get("https") and not headers.get("strict-transport-security"):
            missing.append("strict-transport-security")
        if missing:
            findings.append(
                Finding("missing_security_header", f"{path} sends no {', '.join(missing)}", page["url"])
            )
        for message in page.get("console_errors") or []:
            findings.append(Finding("console_error", f"{path}: {message[:200]}", page["url"]))
    for host, urls in hosts.items():
        findings.append(
            Finding("third_party_host", f"contacted {host} from {len(set(urls))} page(s)", urls[0])
        )
    for cookie in measurements.get("cookies") or []:
        if cookie.get("third_party"):
            findings.append(
                Finding("third_party_cookie", f"cookie {cookie.get('name')} set for {cookie.get('domain')}")
            )
    return _result(
        Criterion.PRIVACY_SECURITY,
        _collapse(findings),
        f"{len(pages)} pages: privacy link, own hosts only, security headers, no console error",
    )


# Simplicity ----------------------------------------------------------------------------------------


def _simplicity(journey: dict) -> CriterionResult:
    if not journey.get("pages_visited"):
        return _not_assessable(Criterion.SIMPLICITY, "the journey loaded no page")
    findings = []
    for key in journey.get("register_fields_not_prefilled") or []:
        findings.append(Finding("not_prefilled", f"{key} had to be typed: the population register holds it"))
    for name in journey.get("redundant_documents") or []:
        findings.append(Finding("redundant_document", f"asked for {name}, which the state already holds"))
    for name in journey.get("documents_beyond_standard") or []:
        findings.append(Finding("document_beyond_standard", f"asked for {name}, not in the standard dossier"))
    for label in journey.get("fields_beyond_standard") or []:
        findings.append(
            Finding("field_beyond_standard", f"the e-form asks for {label!r}, not in the standard")
        )
    evidence = (
        f"{journey.get('pages_visited')} pages, {journey.get('clicks')} clicks, "
        f"{journey.get('fields_typed')} fields typed, {journey.get('fields_prefilled')} pre-filled"
    )
    return _result(Criterion.SIMPLICITY, findings, evidence)


# Convenience ---------------------------------------------------------------------------------------


def _convenience(journey: dict) -> CriterionResult:
    if not journey.get("pages_visited"):
        return _not_assessable(Criterion.CONVENIENCE, "the journey loaded no page")
    findings = []
    if journey.get("national_eid_sign_on") is False:
        findings.append(
            Finding("no_national_eid", "the sign-on page does not offer the national electronic identity")
        )
    probe = journey.get("validation_probe") or {}
    if probe.get("checked"):
        if probe.get("values_lost"):
            findings.append(
                Finding(
                    "values_cleared_on_error",
                    "after a validation error the e-form lost: " + ", ".join(probe["values_lost"]),
                )
            )
        if probe.get("errors_tied") is False:
            findings.append(
                Finding(
                    "errors_not_tied_to_fields",
                    "the validation message is tied to no field (no aria-describedby, no error summary)",
                )
            )
    if journey.get("tracking_status_shown") is False:
        findings.append(Finding("no_status_tracking", "the tracking page shows no status timeline"))
    if journey.get("completed") and not journey.get("electronic_result"):
        findings.append(Finding("no_electronic_result", "the result is not returned electronically"))
    return _result(
        Criterion.CONVENIENCE, findings, "national e-identity, forms keep values, tracking, e-result"
    )


# Transparency --------------------------------------------------------------------------------------


def _transparency(information_page: dict | None) -> CriterionResult:
    if not information_page:
        return _not_assessable(Criterion.TRANSPARENCY, "the information page was not read")
    findings = [
        Finding("information_missing", f"the information page does not state the {section.replace('_', ' ')}")
        for section in information_page.get("sections_missing") or []
    ]
    fee_online, fee_counter = information_page.get("fee_online"), information_page.get("fee_in_person")
    if isinstance(fee_online, int) and isinstance(fee_counter, int) and fee_online > fee_counter:
        findings.append(
            Finding("online_fee_higher", f"online fee {fee_online:,} > in-person fee {fee_counter:,}")
        )
    days_online, days_counter = information_page.get("days_online"), information_page.get("days_in_person")
    if isinstance(days_online, int) and isinstance(days_counter, int) and days_online > days_counter:
        findings.append(
            Finding(
                "online_time_longer",
                f"online time limit {days_online} working days > in person {days_counter}",
            )
        )
    return _result(
        Criterion.TRANSPARENCY, findings, "complete information; online fee and time have priority"
    )


# Virtual assistant ---------------------------------------------------------------------------------


def _assistant(assistant: dict) -> CriterionResult:
    if assistant.get("missing"):
        return CriterionResult(
            Criterion.VIRTUAL_ASSISTANT,
            CriterionVerdict.NOT_MET,
            "no virtual assistant",
            [Finding("no_assistant", assistant["missing"])],
        )
    answers = assistant.get("answers") or []
    if not answers:
        return _not_assessable(Criterion.VIRTUAL_ASSISTANT, "no question was answered")
    findings = [
        Finding("wrong_answer", f"{qa.get('topic')}: {problem}")
        for qa in answers
        for problem in qa.get("problems") or []
    ]
    return _result(
        Criterion.VIRTUAL_ASSISTANT, findings, f"{len(answers)} answers state the standard's facts"
    )
