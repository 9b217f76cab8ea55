"""Find a region of the page by its name, and read what it says, including what scripts render later.

A *region* is a container a portal names for assistive technology: ``section``, ``aside``,
``[role=region]``, a chat ``[role=log]``, ``[role=status]``, ``[role=alert]``, any ``[aria-live]``
element, and lists (``ol``, ``ul``, ``[role=list]``). A region is named, in this order, by:

1. the text of the elements its ``aria-labelledby`` points at (``<section aria-labelledby="h">`` with
   ``<h2 id="h">``);
2. its ``aria-label``;
3. its own first heading (``h1``-``h6`` or ``[role=heading]`` inside it, not inside a nested region);
4. for a region named none of those ways, the heading just before it (``<h2>Status</h2><ol>``).

A region matches a vocabulary key when any of its names matches one of the key's labels under
``portalqa.text.label_matches`` (as ``PortalDriver.find_control`` matches labels). Only visible
regions count; when several match, the last one in document order wins (the newest answer of a
conversation, the innermost of nested regions). The profile's ``css`` fallback (``Locator.css``) is
used only when no named region matches: a region found that way has no accessible name.

Reading waits (bounded: ``timeout``, by default ``driver.wait_s``) for content that scripts render:
a region that is missing, empty or ``aria-busy`` is polled until it says something, and what it says
must then stay the same for ``STABLE_S`` (a reply being typed out is read once it is complete).

The API:

- ``find_region(driver, key)``: the region now on the page (``Region``), or None; no waiting.
- ``region_text(driver, key, *, wait=True, timeout=None)``: the region's visible text, whitespace
  collapsed; None when no region with text appeared in time.
- ``region_list_items(driver, key, *, wait=True, timeout=None)``: the text of each top-level list
  item (``li``, ``[role=listitem]``) of the region (the region itself, or the lists inside it), e.g. a
  tracking page's status timeline; [] when none appeared in time.
- ``mark_entries(driver, key)`` then ``new_entry_text(driver, key, mark, echo=..., timeout=...)``:
  a conversation. Mark the region's entries *before* sending a question, then read only what was
  added after: the entries (elements) appended to a ``role=log`` or live region by a script, or, on
  a page the answer replaced (a form that posts), the part of the region the page did not show
  before. Entries that only repeat the question (``echo``: "You asked: ...") are not the answer, and
  neither is the region's own heading.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from selenium.common.exceptions import WebDriverException

from portalqa.text import collapse_space, label_matches

if TYPE_CHECKING:
    from selenium.webdriver.remote.webelement import WebElement

    from portalqa.citizen.driver import PortalDriver

T = TypeVar("T")

# What the region must keep saying, unchanged, before it is read (a reply typed out by a script).
STABLE_S = 0.5
POLL_S = 0.1
# An entry that contains the question is an echo of it unless this many letters remain without it.
ECHO_REST_LETTERS = 12

# Every named region of the page (and what the css fallback finds), with its names and visibility.
_REGIONS_JS = """
const css = arguments[0];
const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
const REGION = "section, aside, [role=region], [role=log], [role=status], [role=alert], [aria-live], "
  + "ol, ul, [role=list]";
const HEADING = "h1, h2, h3, h4, h5, h6, [role=heading]";
const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const ownHeading = (el) => {
  for (const h of el.querySelectorAll(HEADING)) {
    if (h.parentElement && h.parentElement.closest(REGION) === el) return norm(h.textContent);
  }
  return "";
};
const named = [];
for (const el of document.querySelectorAll(REGION)) {
  const names = [];
  const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
  if (ids.length) {
    const text = ids.map((id) => (document.getElementById(id) || {}).textContent || "");
    names.push(["aria-labelledby", norm(text.join(" "))]);
  }
  const label = norm(el.getAttribute("aria-label"));
  if (label) names.push(["aria-label", label]);
  const own = ownHeading(el);
  if (own) names.push(["heading", own]);
  if (!names.length) {
    const before = el.previousElementSibling;
    if (before && before.matches(HEADING)) names.push(["heading before", norm(before.textContent)]);
  }
  if (names.length) named.push({element: el, names: names, visible: visible(el)});
}
let fallback = [];
if (css) {
  try { fallback = [...document.querySelectorAll(css)].filter(visible); } catch (e) { fallback = []; }
}
return {named: named, css: fallback};
"""

# A region's visible text, whether it (or a container of it) is busy, and its top-level list items.
_READ_JS = """
const el = arguments[0];
const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
const ITEM = "li, [role=listitem]";
const shown = (node) => node.getClientRects().length > 0 && getComputedStyle(node).visibility !== "hidden";
const items = [...(el.matches(ITEM) ? [] : el.querySelectorAll(ITEM))]
  .filter((item) => { const outer = item.parentElement.closest(ITEM); return !outer || !el.contains(outer); })
  .filter(shown)
  .map((item) => norm(item.innerText))
  .filter(Boolean);
return {text: norm(el.innerText), busy: !!el.closest("[aria-busy=true]"), items: items};
"""

# Mark the region and everything in it as seen (a property, invisible to the page), return its text.
_MARK_JS = """
const [el, token] = arguments;
el.__portalqaSeen = token;
for (const node of el.querySelectorAll("*")) node.__portalqaSeen = token;
return (el.innerText || "").replace(/\\s+/g, " ").trim();
"""

# What was added to the region since it was marked: its new top-level elements, else its new text.
_NEW_ENTRIES_JS = """
const [el, token, before] = arguments;
const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
const shown = (node) => node.getClientRects().length > 0 && getComputedStyle(node).visibility !== "hidden";
const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
const text = norm(el.innerText);
const after = (old) => (old && text.startsWith(old) ? text.slice(old.length) : text);
let entries;
if (el.__portalqaSeen === token) {
  // The same region, scripts added to it: the elements that were not there when it was marked.
  entries = [...el.querySelectorAll("*")]
    .filter((node) => node.__portalqaSeen !== token && node.parentElement.__portalqaSeen === token)
    .filter((node) => !SKIP.has(node.tagName) && shown(node))
    .map((node) => node.innerText);
  if (!entries.length && text !== before) entries = [after(before)];
} else if (before && text.startsWith(before)) {
  // A region drawn anew (a new page, or rendered again) that still shows what it showed before:
  // the entries after those that add up to it, else the text after it.
  const children = [...el.children].filter((node) => !SKIP.has(node.tagName));
  let seen = "", count = 0;
  while (count < children.length && seen.length < before.length) {
    seen = norm(seen + " " + children[count].innerText);
    count += 1;
  }
  entries = seen === before ? children.slice(count).filter(shown).map((node) => node.innerText) : [];
  if (!entries.length) entries = [text.slice(before.length)];
} else {
  entries = [...el.children].filter((node) => !SKIP.has(node.tagName) && shown(node));
  entries = entries.map((node) => node.innerText);
  if (!entries.length) entries = [text];
}
return {busy: !!el.closest("[aria-busy=true]"), entries: entries.map(norm).filter(Boolean)};
"""


@dataclass(frozen=True)
class Region:
    """A region found on the page: the element, the name that matched, and how it is named."""

    element: WebElement
    name: str
    named_by: str  # "aria-labelledby", "aria-label", "heading", "heading before" or "css"


@dataclass(frozen=True)
class EntryMark:
    """The state of a conversation's region before a question was sent (see mark_entries)."""

    token: str
    text: str  # what the region said then ("" when there was none)
    found: bool


def find_region(driver: PortalDriver, key: str) -> Region | None:
    """The visible region the vocabulary key names now (the last of several); None when there is none."""
    locator = driver.locator(key)
    found = _script(driver, _REGIONS_JS, locator.css or "")
    if not found:
        return None
    matches = []
    for candidate in found.get("named") or []:
        if not candidate.get("visible"):
            continue
        for named_by, name in candidate.get("names") or []:
            if any(label_matches(name, label) for label in locator.labels):
                matches.append(Region(candidate["element"], name, named_by))
                break
    if matches:
        return matches[-1]
    by_css = found.get("css") or []
    return Region(by_css[-1], "", "css") if by_css else None


def region_text(
    driver: PortalDriver, key: str, *, wait: bool = True, timeout: float | None = None
) -> str | None:
    """The visible text of the region the key names (whitespace collapsed); None when none appeared.

    With ``wait`` it waits up to ``timeout`` seconds (default ``driver.wait_s``) for the region to be
    there, not busy and not empty, and for its text to stay unchanged for STABLE_S.
    """

    def read() -> str | None:
        state = _read(driver, key)
        return state["text"] if state and not state["busy"] and state["text"] else None

    return _settled(driver, read, wait, timeout)


def region_list_items(
    driver: PortalDriver, key: str, *, wait: bool = True, timeout: float | None = None
) -> list[str]:
    """The text of each top-level list item of the region the key names (a list, or lists inside it).

    Waits like region_text for at least one item; [] when none appeared in time.
    """

    def read() -> tuple[str, ...] | None:
        state = _read(driver, key)
        return tuple(state["items"]) if state and not state["busy"] and state["items"] else None

    return list(_settled(driver, read, wait, timeout) or [])


def mark_entries(driver: PortalDriver, key: str) -> EntryMark:
    """Note what the region says before a question is sent; new_entry_text then reads only what is new.

    The region may be missing (an answer region that appears with the first answer).
    """
    token = f"portalqa-{time.monotonic_ns()}"
    region = find_region(driver, key)
    if region is None:
        return EntryMark(token=token, text="", found=False)
    text = _script(driver, _MARK_JS, region.element, token)
    return EntryMark(token=token, text=collapse_space(text) if isinstance(text, str) else "", found=True)


def new_entry_text(
    driver: PortalDriver, key: str, mark: EntryMark, *, echo: str | None = None, timeout: float | None = None
) -> str | None:
    """What the region the key names says that it did not say at ``mark`` (the new entries, joined).

    Entries that merely repeat ``echo`` (the question) do not count. Waits up to ``timeout`` seconds
    (default ``driver.wait_s``) for a new entry that is not an echo, then for it to stay unchanged for
    STABLE_S; None when nothing new appeared in time.
    """

    def read() -> str | None:
        region = find_region(driver, key)
        if region is None:
            return None
        state = _script(driver, _NEW_ENTRIES_JS, region.element, mark.token, mark.text)
        if not state or state.get("busy"):
            return None
        replies = [
            entry
            for entry in state.get("entries") or []
            if _says_something(entry, echo) and not (region.name and entry == region.name)
        ]
        return " ".join(replies) if replies else None

    return _settled(driver, read, True, timeout)


def _says_something(entry: str, echo: str | None) -> bool:
    """The entry is not a typing indicator ("…") and not just the question repeated ("You asked: …")."""
    if not re.search(r"\w", entry):
        return False
    if not echo:
        return True
    folded, question = entry.casefold(), collapse_space(echo).casefold()
    if question not in folded:
        return True
    rest = re.sub(r"[\W\d_]+", "", folded.replace(question, " "))
    return len(rest) >= ECHO_REST_LETTERS


def _read(driver: PortalDriver, key: str) -> dict | None:
    region = find_region(driver, key)
    if region is None:
        return None
    state = _script(driver, _READ_JS, region.element)
    if not state:
        return None
    return {
        "text": collapse_space(state.get("text")),
        "busy": bool(state.get("busy")),
        "items": [collapse_space(item) for item in state.get("items") or []],
    }


def _settled(
    driver: PortalDriver, read: Callable[[], T | None], wait: bool, timeout: float | None
) -> T | None:
    """read() once, or (wait) until it gives the same value for STABLE_S; the last value at the deadline."""
    if not wait:
        return read()
    deadline = time.monotonic() + (driver.wait_s if timeout is None else timeout)
    value, since = None, 0.0
    while True:
        now = time.monotonic()
        current = read()
        if current is None or current != value:
            value, since = current, now
        elif now - since >= STABLE_S:
            return value
        if now >= deadline:
            return value
        time.sleep(POLL_S)


def _script(driver: PortalDriver, script: str, *args):
    """Run a script; None when the page is changing under it (a stale element, a document swap)."""
    try:
        return driver.browser.execute_script(script, *args)
    except WebDriverException:
        return None
