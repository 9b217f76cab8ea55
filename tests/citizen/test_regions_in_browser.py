"""portalqa.citizen.regions in the real Chromium, against small pages served on 127.0.0.1.

Each page names its region another way (aria-labelledby, a heading inside, a heading before a list,
aria-label on a chat log whose replies a script appends after a delay, only a css selector), and the
tests read it through a PortalDriver whose profile's vocabulary names it, as the assistant and the
tracking page do.
"""

from __future__ import annotations

import time

import pytest
from loopback_pages import serve_pages

from portalqa.citizen import regions
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.profiles.profile import Locator, load_profile

pytestmark = pytest.mark.browser

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
PAGES = {
    "labelledby.html": f"""{HEAD}<title>Labelled by</title></head><body><main>
<section aria-labelledby="other"><h2 id="other">Latest news</h2><p>Nothing to see.</p></section>
<section aria-label="Assistant's answer" class="older"><p>An older answer.</p></section>
<section aria-labelledby="answer-heading" class="box">
  <h2 id="answer-heading">Assistant's answer</h2><p>The fee is 0 VND when you apply online.</p>
</section>
<section aria-label="Assistant's answer" hidden><p>A hidden old answer.</p></section>
</main></body></html>""",
    "headings.html": f"""{HEAD}<title>Headings</title></head><body><main>
<aside><h3>Assistant's answer</h3><p>It takes 3 working days.</p>
  <section><h4>Related procedures</h4><p>Birth registration</p></section></aside>
<h2>Status timeline</h2>
<ol><li>Received <span>on 2 May</span></li><li>Being processed<ul><li>by the commune</li></ul></li></ol>
</main></body></html>""",
    # A chat: the question is echoed at once, a typing indicator follows, the reply replaces it later.
    "chat.html": f"""{HEAD}<title>Chat</title></head><body><main>
<label for="q">Your question</label> <input id="q" type="text">
<button type="button" id="send">Ask</button>
<div role="log" aria-label="Assistant's answer" id="log"><p>Hello! Ask me about a procedure.</p></div>
<script>
let asked = 0;
document.getElementById("send").addEventListener("click", () => {{
  const log = document.getElementById("log");
  const question = document.getElementById("q").value;
  const n = ++asked;
  const echo = document.createElement("p"); echo.textContent = "You: " + question; log.append(echo);
  setTimeout(() => {{
    const typing = document.createElement("p"); typing.className = "typing"; typing.textContent = "…";
    log.append(typing);
    setTimeout(() => {{
      typing.remove();
      const reply = document.createElement("div");
      reply.innerHTML = "<p>Reply " + n + ": the fee is " + (n * 1000) + " VND online.</p>";
      log.append(reply);
    }}, 500);
  }}, 400);
}});
</script></main></body></html>""",
    # The region itself is drawn by a script after a while, busy (for longer than STABLE_S) first.
    "late.html": f"""{HEAD}<title>Late</title></head><body><main><div id="slot"></div>
<script>
setTimeout(() => {{
  document.getElementById("slot").innerHTML =
    '<section aria-label="Status timeline" aria-busy="true"><ol><li>Loading</li></ol></section>';
}}, 1500);
setTimeout(() => {{
  const region = document.querySelector("section");
  region.innerHTML = "<ol><li>Received</li><li>Approved</li></ol>";
  region.setAttribute("aria-busy", "false");
}}, 2500);
</script></main></body></html>""",
    "unnamed.html": f"""{HEAD}<title>Unnamed</title></head><body><main>
<div class="answer-box">The answer only a selector finds.</div></main></body></html>""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serve_pages(tmp_path_factory.mktemp("region-pages"), PAGES) as url:
        yield url


@pytest.fixture
def driver(browser, site):
    profile = load_profile("reference")
    vocabulary = dict(profile.vocabulary) | {
        "test.unnamed": Locator(labels=["No such name"], css=".answer-box")
    }
    profile = profile.model_copy(update={"vocabulary": vocabulary})
    portal = PortalDriver(browser, profile, site, JourneyRecord(portal={}, procedure={}))
    portal.wait_s = 5.0
    return portal


def test_a_section_named_by_aria_labelledby(driver):
    driver.open("/labelledby.html")
    region = regions.find_region(driver, "assistant.answer")
    assert (region.named_by, region.name) == ("aria-labelledby", "Assistant's answer")
    # The last visible one of the three of that name: not the older answer, not the hidden one.
    assert region.element.get_attribute("class") == "box"
    assert regions.region_text(driver, "assistant.answer") == (
        "Assistant's answer The fee is 0 VND when you apply online."
    )


def test_a_region_named_by_its_own_heading_and_a_list_by_the_heading_before_it(driver):
    driver.open("/headings.html")
    region = regions.find_region(driver, "assistant.answer")
    assert (region.named_by, region.element.tag_name) == ("heading", "aside")
    assert regions.region_text(driver, "assistant.answer", wait=False).startswith(
        "Assistant's answer It takes 3 working days."
    )
    timeline = regions.find_region(driver, "tracking.timeline")
    assert (timeline.named_by, timeline.element.tag_name) == ("heading before", "ol")
    # Top-level items only: the nested list's item belongs to its parent item.
    assert regions.region_list_items(driver, "tracking.timeline") == [
        "Received on 2 May",
        "Being processed by the commune",
    ]


def test_a_chat_log_gives_only_the_reply_a_script_appends_after_the_question(driver):
    driver.open("/chat.html")
    for number in (1, 2):
        question = f"What is the fee, question {number}?"
        before = regions.mark_entries(driver, "assistant.answer")
        assert before.found and "Hello!" in before.text
        driver.fill("assistant.question", question, counts_as_typing=False)
        sent = time.monotonic()
        driver.find_action("assistant.ask").element.click()
        reply = regions.new_entry_text(driver, "assistant.answer", before, echo=question)
        # Not the greeting, not the echo of the question, not the typing indicator, not an older reply.
        assert reply == f"Reply {number}: the fee is {number * 1000} VND online."
        assert time.monotonic() - sent >= 0.9, "the reply came after the script's delay"


def test_a_region_a_script_draws_later_is_waited_for_until_it_is_no_longer_busy(driver):
    driver.open("/late.html")
    assert regions.find_region(driver, "tracking.timeline") is None, "not drawn yet"
    assert regions.region_list_items(driver, "tracking.timeline") == ["Received", "Approved"]


def test_the_css_fallback_is_the_last_resort(driver):
    driver.open("/unnamed.html")
    region = regions.find_region(driver, "test.unnamed")
    assert (region.named_by, region.name) == ("css", "")
    assert regions.region_text(driver, "test.unnamed") == "The answer only a selector finds."
    # Without a css fallback, an unnamed region is not found, and waiting for it is bounded.
    started = time.monotonic()
    assert regions.region_text(driver, "assistant.answer", timeout=0.5) is None
    assert time.monotonic() - started < 3
    assert regions.region_list_items(driver, "tracking.timeline", wait=False) == []
