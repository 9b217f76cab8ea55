"""Read a procedure's information page as an assessor does: is everything stated, and does online win?

Transparency asks for the steps, documents, fees, time limits, agency, legal basis and result on the
page, and the priority policy asks that applying online cost no more and take no longer than at the
counter. Sections are found by their headings (h1-h6, table row headers, definition terms, bold
lead-ins) as the profile's vocabulary names them, so any portal layout works.

What ``read`` returns is also the reference the virtual assistant's answers are checked against
(portalqa.citizen.assistant_answers): the documents the page lists (``documents``: its documents
section's list items, else the rows of a table there, else its lines), the online and in-person fee
(``fee_online``, ``fee_in_person``) and time limit in working days (``days_online``,
``days_in_person``). A value the page does not state is None (``documents``: None when the page has
no documents section).
"""

from __future__ import annotations

import contextlib
import re

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portalqa.citizen.driver import PortalDriver
from portalqa.text import collapse_space, first_amount, fold_spacing_kept, label_matches

# Section -> vocabulary key of its heading, in the order an assessor reads them.
SECTIONS = {
    "steps": "info.steps",
    "documents": "info.documents",
    "fees": "info.fees",
    "time_limit": "info.time_limit",
    "agency": "info.agency",
    "legal_basis": "info.legal_basis",
    "result": "info.result",
}

# Each heading with the text that belongs to it: up to the next heading of the same or a higher
# level, or the cell beside a row header, or the definition after a term; and the items listed there
# (top-level list items, else the first cell with words of each table row, else none).
_SECTIONS_JS = """
const norm = (s) => (s || "").replace(/\\s+/g, " ").trim();
const itemsOf = (parts) => {
  const items = [];
  for (const part of parts) {
    for (const li of part.matches("li") ? [part] : part.querySelectorAll("li")) {
      const outer = li.parentElement.closest("li");
      if (!outer || !part.contains(outer)) items.push(norm(li.innerText));
    }
  }
  if (items.length) return items.filter(Boolean);
  for (const part of parts) {
    for (const row of part.matches("tr") ? [part] : part.querySelectorAll("tr")) {
      const cell = [...row.querySelectorAll("td")].find((td) => /[^\\d\\s.,)(]/.test(td.innerText));
      if (cell) items.push(norm(cell.innerText));
    }
  }
  return items.filter(Boolean);
};
const out = [];
const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
for (const h of headings) {
  const level = Number(h.tagName[1]);
  const parts = [];
  for (let el = h.nextElementSibling; el; el = el.nextElementSibling) {
    if (/^H[1-6]$/.test(el.tagName) && Number(el.tagName[1]) <= level) break;
    parts.push(el);
  }
  out.push([norm(h.innerText), parts.map((el) => el.innerText).join("\\n"), itemsOf(parts)]);
}
for (const th of document.querySelectorAll("th[scope=row], tr > th:first-child")) {
  const cell = th.nextElementSibling;
  if (cell) out.push([norm(th.innerText), cell.innerText, itemsOf([cell])]);
}
for (const dt of document.querySelectorAll("dt")) {
  const dd = dt.nextElementSibling;
  if (dd && dd.tagName === "DD") out.push([norm(dt.innerText), dd.innerText, itemsOf([dd])]);
}
// A tab panel is a section named by its tab (aria-labelledby) or its aria-label; only the panel on
// show is read (read() opens each tab in turn, as a citizen does).
const byIds = (ids) =>
  ids.split(/\\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
for (const panel of document.querySelectorAll("[role=tabpanel]")) {
  if (!(panel.offsetWidth || panel.offsetHeight || panel.getClientRects().length)) continue;
  const name = panel.getAttribute("aria-labelledby") ? byIds(panel.getAttribute("aria-labelledby"))
    : panel.getAttribute("aria-label") || "";
  if (norm(name)) out.push([norm(name), panel.innerText, itemsOf([panel])]);
}
return out;
"""


def read(driver: PortalDriver) -> dict:
    """What the information page shown now states; missing vocabulary counts as not stated.

    A page that keeps its sections behind tabs (role=tab) is read tab by tab: each tab is opened
    as a citizen would, and what each shows counts as stated.
    """
    sections: list[list] = driver.browser.execute_script(_SECTIONS_JS) or []
    for tab in driver.browser.find_elements(By.CSS_SELECTOR, "[role=tab]"):
        if not tab.is_displayed() or tab.get_attribute("aria-selected") == "true":
            continue
        driver.tap(tab)
        with contextlib.suppress(TimeoutException):
            WebDriverWait(driver.browser, 2, poll_frequency=0.05).until(
                lambda b, t=tab: t.get_attribute("aria-selected") == "true"
            )
        sections += driver.browser.execute_script(_SECTIONS_JS) or []
    present, missing, texts, items = [], [], {}, {}
    for section, key in SECTIONS.items():
        labels = driver.profile.labels_for(key)
        found = _section(sections, labels.labels if labels else [])
        if found is None:
            missing.append(section)
        else:
            present.append(section)
            texts[section], items[section] = found
    free_words = _labels(driver, "info.free")
    online_words, counter_words = _labels(driver, "info.online"), _labels(driver, "info.in_person")
    fee_online = _value_after(texts.get("fees", ""), online_words, free_words)
    fee_counter = _value_after(texts.get("fees", ""), counter_words, free_words)
    days_online = _value_after(texts.get("time_limit", ""), online_words, ())
    days_counter = _value_after(texts.get("time_limit", ""), counter_words, ())
    return {
        "url": driver.browser.current_url,
        "sections_present": present,
        "sections_missing": missing,
        "documents": listed(texts["documents"], items["documents"]) if "documents" in texts else None,
        "fee_online": fee_online,
        "fee_in_person": fee_counter,
        "days_online": days_online,
        "days_in_person": days_counter,
    }


# A list marker or number before an item written as a line of text: "- ", "• ", "1. ", "a) ".
_MARKER = re.compile(r"^\s*(?:[-–•*+]|\d{1,2}[.)]|[a-z][.)])\s+")


def listed(text: str, items: list[str] | None) -> list[str]:
    """The documents a documents section lists: its list items (or table rows), else its lines, each
    line split at semicolons, without list markers."""
    if items:
        return [collapse_space(item) for item in items if collapse_space(item)]
    lines = [part for line in (text or "").splitlines() for part in line.split(";")]
    return [collapse_space(_MARKER.sub("", line)) for line in lines if collapse_space(_MARKER.sub("", line))]


def _labels(driver: PortalDriver, key: str) -> list[str]:
    found = driver.profile.labels_for(key)
    return found.labels if found else []


def _section(sections: list[list], labels: list[str]) -> tuple[str, list[str]] | None:
    """The text and the items of the first section whose heading is one of the labels."""
    for heading, text, *rest in sections:
        if any(label_matches(heading, label) for label in labels):
            return text, list(rest[0]) if rest and rest[0] else []
    return None


def _value_after(text: str, labels: list[str], free_words) -> int | None:
    """The amount stated after a label ("Online: 25.000 đồng" or "Online" then the value on its own line)."""
    if not text or not labels:
        return None
    folded = fold_spacing_kept(text)
    for label in labels:
        at = folded.find(fold_spacing_kept(label))
        if at < 0:
            continue
        rest = text[at + len(label) :].lstrip(" :\t\n–-")
        first_line = rest.split("\n", 1)[0]
        if any(fold_spacing_kept(word) in fold_spacing_kept(first_line) for word in free_words):
            return 0
        amount = first_amount(first_line)
        if amount is not None:
            return amount
    return None
