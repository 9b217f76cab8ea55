"""The limits the criteria are judged by, each with where it comes from.

One place, so that a reader of a finding can see which number it was held to and why, and a test can
judge the same measurements against other limits.
"""

from __future__ import annotations

from dataclasses import dataclass


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
