"""Privacy and security: a privacy-policy link, no third-party host or cookie, the security headers
(judging.thresholds), HTTPS with HSTS, and no JavaScript error on any page.

A check the observer did not report for a page (no headers read, no network or console log, no link
scan) is not observed there, neither met nor a finding: the criterion is then not assessable unless
something was found (judgement.judged).
"""

from __future__ import annotations

from collections import defaultdict

from portalqa.judging.judgement import judged, not_assessable, page_path, pages_named, without_repeats
from portalqa.judging.thresholds import Thresholds
from portalqa.model.findings import CriterionJudgement, Finding


def judge_privacy_security(
    pages: list[dict], measurements: dict, thresholds: Thresholds
) -> CriterionJudgement:
    """Reads each page's privacy_link, third_party_hosts, security_headers, https, console_errors and
    the scenario's cookies."""
    if not pages:
        return not_assessable("no page was loaded")
    findings = []
    hosts: dict[str, list[str]] = defaultdict(list)
    unreported: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        path, url = page_path(page["url"]), page["url"]
        if page.get("privacy_link") is False:
            findings.append(_on(url, "no_privacy_link", f"no link to the privacy policy on {path}"))
        elif page.get("privacy_link") is None:
            unreported["the privacy link"].append(url)
        if page.get("third_party_hosts") is None:
            unreported["the hosts contacted"].append(url)
        for host in page.get("third_party_hosts") or []:
            hosts[host].append(url)
        if not page.get("security_headers"):
            unreported["the security headers"].append(url)
        else:
            missing = _missing_headers(page, thresholds)
            if missing:
                findings.append(_on(url, "missing_security_header", f"{path} sends no {', '.join(missing)}"))
            elif page.get("https") is None and not page["security_headers"].get("strict-transport-security"):
                unreported["whether the page came over HTTPS (HSTS)"].append(url)
        if page.get("console_errors") is None:
            unreported["the browser console"].append(url)
        for message in page.get("console_errors") or []:
            findings.append(_on(url, "console_error", f"{path}: {message[:200]}"))
    for host, urls in hosts.items():
        findings.append(
            Finding(
                kind="third_party_host",
                detail=f"contacted {host} from {len(set(urls))} page(s)",
                page=urls[0],
            )
        )
    cookies = measurements.get("cookies")
    for cookie in cookies or []:
        if cookie.get("third_party"):
            findings.append(
                Finding(
                    kind="third_party_cookie",
                    detail=f"cookie {cookie.get('name')} set for {cookie.get('domain')}",
                )
            )
    unobserved = [f"{what} of {pages_named(urls)} (not reported)" for what, urls in unreported.items()]
    if cookies is None:
        unobserved.append("the cookies of the scenario (not read)")
    return judged(
        without_repeats(findings),
        f"{len(pages)} pages: privacy link, own hosts only, security headers, no console error",
        unobserved,
    )


def _on(url: str, kind: str, detail: str) -> Finding:
    return Finding(kind=kind, detail=detail, page=url)


def _missing_headers(page: dict, thresholds: Thresholds) -> list[str]:
    """The security headers the page should have sent and did not, in the order a finding names them."""
    headers = page.get("security_headers") or {}
    missing = [name for name in thresholds.required_headers if not headers.get(name)]
    csp = (headers.get("content-security-policy") or "").casefold()
    if "frame-ancestors" not in csp and not headers.get("x-frame-options"):
        missing.append("frame-ancestors (CSP) or x-frame-options")
    if page.get("https") and not headers.get("strict-transport-security"):
        missing.append("strict-transport-security")
    return missing
