"""Automated accessibility checks of the page in the browser, with the current npm axe-core.

axe-core comes from `node_modules/axe-core/axe.min.js` (`npm ci` installs it; PORTALQA_AXE_JS points
elsewhere). It is injected into the page with `execute_script` only when the page has no `window.axe`,
and runs through `execute_async_script`. The result is trimmed inside the page: only violations carry
their nodes (at most MAX_NODES each, with the full count), passed and incomplete rules are counted.
(axe-selenium-python bundles axe-core 3.1.1 from 2018; it is not used.)
"""

from __future__ import annotations

import functools
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.paths import NODE_MODULES, PROJECT_ROOT
from portalqa.secrets_guard import redact

# WCAG 2.0/2.1 A and AA, and WCAG 2.2 AA (its `target-size` rule: touch targets of at least 24×24 px).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEFAULT_AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
MAX_NODES = 25  # per violation; `node_count` keeps the real number
MAX_HTML = 300

_RUN_JS = """
const [tags, timeoutMs, maxNodes, maxHtml, done] = arguments;
const timer = setTimeout(() => done({error: `axe did not finish within ${timeoutMs} ms`}), timeoutMs);
const target = (t) => (Array.isArray(t) ? t.map((part) => (Array.isArray(part) ? part.join(" >>> ") : part))
                                             .join(" | ") : String(t));
const clip = (s) => { s = s || ""; return s.length > maxHtml ? s.slice(0, maxHtml - 1) + "\\u2026" : s; };
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((r) => {
    clearTimeout(timer);
    done({
      version: axe.version,
      passes: r.passes.length,
      incomplete: r.incomplete.length,
      violations: r.violations.map((v) => ({
        rule: v.id, impact: v.impact || null, help: v.help, help_url: v.helpUrl, tags: v.tags,
        node_count: v.nodes.length,
        nodes: v.nodes.slice(0, maxNodes).map((n) => ({
          target: target(n.target), html: clip(n.html), summary: n.failureSummary || ""})),
      })),
    });
  })
  .catch((e) => { clearTimeout(timer); done({error: String((e && e.message) || e)}); });
"""


class AxeUnavailable(Exception):
    """axe-core is not installed where portalqa looks for it."""


class AxeFailed(Exception):
    """axe-core could not check the page (it timed out, or the page went away while it ran)."""


@dataclass
class ViolationNode:
    target: str  # CSS selector of the element (frames joined by " | ", shadow roots by " >>> ")
    html: str  # the element's opening HTML, at most MAX_HTML characters
    summary: str  # axe's failure summary: what to fix

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Violation:
    rule: str  # axe rule id, e.g. "label", "image-alt", "target-size"
    impact: str | None  # minor, moderate, serious, critical
    help: str
    help_url: str
    tags: list[str]
    nodes: list[ViolationNode]
    node_count: int = 0  # every element in violation; `nodes` lists at most MAX_NODES of them

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "impact": self.impact,
            "help": self.help,
            "help_url": self.help_url,
            "tags": list(self.tags),
            "node_count": self.node_count,
            "nodes": [node.to_dict() for node in self.nodes],
        }


@dataclass
class AccessibilityResult:
    axe_version: str
    violations: list[Violation] = field(default_factory=list)
    passes: int = 0  # rules that passed
    incomplete: int = 0  # rules axe could not decide ("needs review")

    def violation(self, rule: str) -> Violation | None:
        return next((v for v in self.violations if v.rule == rule), None)

    def to_dict(self) -> dict:
        return {
            "axe_version": self.axe_version,
            "violations": [v.to_dict() for v in self.violations],
            "passes": self.passes,
            "incomplete": self.incomplete,
        }

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> AccessibilityResult:
        """From the trimmed result _RUN_JS returns; every text from the page passes through redact."""
        violations = [
            Violation(
                rule=v["rule"],
                impact=v.get("impact"),
                help=v.get("help") or "",
                help_url=v.get("help_url") or "",
                tags=list(v.get("tags") or []),
                node_count=int(v.get("node_count") or len(v.get("nodes") or [])),
                nodes=[
                    ViolationNode(
                        target=redact(n.get("target") or ""),
                        html=redact(n.get("html") or ""),
                        summary=redact(n.get("summary") or ""),
                    )
                    for n in v.get("nodes") or []
                ],
            )
            for v in raw.get("violations") or []
        ]
        return cls(
            axe_version=raw.get("version") or "",
            violations=violations,
            passes=int(raw.get("passes") or 0),
            incomplete=int(raw.get("incomplete") or 0),
        )


def axe_path() -> Path:
    return Path(os.environ.get("PORTALQA_AXE_JS") or DEFAULT_AXE_JS)


def axe_source() -> str:
    """The axe-core script (read once per path)."""
    return _read_axe(axe_path())


@functools.lru_cache(maxsize=4)
def _read_axe(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AxeUnavailable(
            f"axe-core not found at {path}. Install the npm tools: run `npm ci` in {PROJECT_ROOT}"
            " (or set PORTALQA_AXE_JS to an axe.min.js)"
        ) from None


def run_axe(browser: WebDriver, tags: list[str] | None = None, timeout_s: float = 30) -> AccessibilityResult:
    """Check the current page against `tags` (AXE_TAGS by default)."""
    tags = list(AXE_TAGS if tags is None else tags)
    source = axe_source()  # before touching the page: a missing install is a setup error
    timeout_ms = int(timeout_s * 1000)
    try:
        if not browser.execute_script("return typeof window.axe === 'object' && !!window.axe.run;"):
            browser.execute_script(source)
        restore = _allow_script_time(browser, timeout_s + 5)
        try:
            raw = browser.execute_async_script(_RUN_JS, tags, timeout_ms, MAX_NODES, MAX_HTML)
        finally:
            if restore is not None:
                browser.set_script_timeout(restore)
    except WebDriverException as err:
        message = ((err.msg or str(err)).strip().splitlines() or [""])[0]
        detail = f"{type(err).__name__}: {message}"
        raise AxeFailed(redact(f"axe-core could not run on the page: {detail}")) from None
    if not isinstance(raw, dict) or raw.get("error"):
        detail = raw.get("error") if isinstance(raw, dict) else repr(raw)
        raise AxeFailed(redact(f"axe-core could not run on the page: {detail}"))
    return AccessibilityResult.from_raw(raw)


def _allow_script_time(browser: WebDriver, needed_s: float) -> float | None:
    """Raise the session's script timeout to `needed_s` if it is lower; returns the value to restore."""
    try:
        current = browser.timeouts.script
    except (WebDriverException, AttributeError, KeyError):
        return None
    if current is None or current >= needed_s:
        return None
    browser.set_script_timeout(needed_s)
    return current
