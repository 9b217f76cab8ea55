"""axe-core once per distinct page of a portal and viewport in a run, not once per scenario.

Journeys of one portal share many pages (home, catalogue, sign-on, the payment gateway, the
confirmation), and an axe-core scan costs more than the page load it follows (docs/benchmarks.md).
A page is the same page when its document is the same: the fingerprint below hashes the whole DOM in
the browser (every element with its attributes, every text, the title), leaving out only what
differs between two loads of one page without changing what axe-core checks: form field values and
hidden fields (CSRF tokens, a citizen's entries) and CSP nonces. axe-core's result depends on the
DOM, the styles (stylesheet addresses and inline styles are attributes and texts, so in the hash)
and the viewport (in the key), so the same fingerprint gives the same result, and the scan's result
is reused with `reused: true` in the measurements, never a different page's.

A page with frames or shadow roots is always scanned: axe-core checks inside them, the fingerprint
does not reach. Each pytest(-xdist) worker keeps its own cache; `portalqa assess --workers N` hands
a portal's scenarios in one viewport to one worker (targets.scenario_scopes), so the cache sees them
all.
"""

from __future__ import annotations

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.axe import AccessibilityResult, run_axe

# The fingerprint is "<hash 1>-<hash 2>-<length of the serialised DOM>".
FINGERPRINT_JS = """
const root = document.documentElement;
if (!root || document.querySelector("iframe, frame, object, embed")) return null;
// Two 32-bit multiplicative hashes with different seeds and multipliers (FNV-1a's and Murmur's).
const hashes = [0x811c9dc5, 0x9747b28c];
let length = 0;
const add = (text) => {
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x1f;  // 0x1f ends each part
    hashes[0] = Math.imul(hashes[0] ^ code, 0x01000193);
    hashes[1] = Math.imul(hashes[1] ^ code, 0x5bd1e995);
  }
  length += text.length + 1;
};
add(document.title);
const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
for (let node = walker.currentNode; node; node = walker.nextNode()) {
  if (node.nodeType === Node.TEXT_NODE) { add("#" + node.data); continue; }
  if (node.shadowRoot) return null;
  const tag = node.tagName.toLowerCase();
  const hidden = tag === "input" && (node.getAttribute("type") || "").toLowerCase() === "hidden";
  const field = tag === "input" || tag === "textarea" || tag === "select" || tag === "option";
  add("<" + tag);
  if (hidden) continue;
  const names = node.getAttributeNames().sort();
  for (const name of names) {
    if (name === "nonce" || (field && name === "value")) continue;
    add(name + "=" + node.getAttribute(name));
  }
}
return (hashes[0] >>> 0).toString(16) + "-" + (hashes[1] >>> 0).toString(16) + "-" + length;
"""


def page_fingerprint(browser: WebDriver) -> str | None:
    """The current document's fingerprint; None when the page cannot be fingerprinted (frames, shadow
    roots, a page changing under the script)."""
    try:
        value = browser.execute_script(FINGERPRINT_JS)
    except WebDriverException:
        return None
    return value if isinstance(value, str) else None


class AccessibilityCache:
    """The axe-core results of the distinct pages a worker has scanned, by scope and fingerprint."""

    def __init__(self) -> None:
        self._results: dict[tuple[str, str], AccessibilityResult] = {}
        self.scans = 0
        self.reused = 0

    def check(self, browser: WebDriver, scope: str) -> tuple[AccessibilityResult, bool]:
        """The current page's result and whether it was reused. `scope` names the portal and viewport
        (`reference/phone`). Raises AxeFailed as run_axe does; a failed scan is not kept."""
        fingerprint = page_fingerprint(browser)
        key = (scope, fingerprint) if fingerprint else None
        if key is not None and key in self._results:
            self.reused += 1
            return self._results[key], True
        result = run_axe(browser)
        self.scans += 1
        if key is not None:
            self._results[key] = result
        return result, False
