"""Asking a portal's virtual assistant in the real Chromium, against two small portals on 127.0.0.1.

- /form/: the home page links to the assistant's page; the question is posted and the answer page
  shows it in a section named by its heading (aria-labelledby).
- /chat/: a "Virtual assistant" button shows a hidden panel; a script appends each reply to a chat
  log after a delay (the page never changes). /chat-form/ is the same chat behind a form whose script
  cancels the submission.

Both publish an information page for the citizen ID card whose fee (20,000 VND) and time limit (5
working days) differ from the standard's illustrative values: the answers are checked against the page.
"""

from __future__ import annotations

import html
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

import pytest
from loopback_pages import loopback_server

from portalqa.citizen import assistant
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.profiles.profile import load_profile
from portalqa.standard.catalog import get_procedure

pytestmark = pytest.mark.browser

CITIZEN_ID = get_procedure("citizen_id_card")  # fee and time limit illustrative in the standard
HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
INFO = f"""{HEAD}<title>Citizen ID</title></head><body><main><h1>Citizen identity card issuance</h1>
<h2>Required documents</h2>
<ul><li>Citizen identity card declaration (the online e-form)</li><li>Portrait photo, 4 x 6 cm</li></ul>
<h2>Fees</h2><dl><dt>Online</dt><dd>20,000 VND</dd><dt>In person</dt><dd>30,000 VND</dd></dl>
<h2>Time limit</h2><dl><dt>Online</dt><dd>5 working days</dd><dt>In person</dt><dd>7 working days</dd></dl>
</main></body></html>"""


def reply_to(question: str, wrong: bool) -> str:
    text = question.casefold()
    if "documents" in text:
        return "You need nothing." if wrong else "You need: a portrait photo."
    if "fee" in text:
        return (
            "The fee is 15,000 VND online."
            if wrong
            else "The fee is 20,000 VND online, 30,000 VND in person."
        )
    return "It takes 5 working days online and 7 in person."


def form_page(reply: str | None = None, question: str = "") -> str:
    answer = ""
    if reply is not None:
        answer = f"""<section aria-labelledby="answer-h"><h2 id="answer-h">Assistant's answer</h2>
<p>You asked: {html.escape(question)}</p><p>{html.escape(reply)}</p></section>"""
    return f"""{HEAD}<title>Assistant</title></head><body><main><h1>Assistant</h1>
<form method="post" action="/form/assistant"><label for="q">Your question</label>
<textarea id="q" name="question"></textarea><button type="submit">Ask</button></form>
{answer}</main></body></html>"""


def log_page(conversation: list[tuple[str, str]]) -> str:
    """A chat drawn by the server: every question and reply so far, in a log, after each post."""
    entries = "".join(
        f"<li>You: {html.escape(question)}</li><li>Assistant: {html.escape(reply)}</li>"
        for question, reply in conversation
    )
    return f"""{HEAD}<title>Chat</title></head><body><main><h1>Chat</h1>
<ol role="log" aria-label="Assistant's answer"><li>Assistant: Hello!</li>{entries}</ol>
<form method="post" action="/log/assistant"><label for="q">Your question</label>
<input id="q" name="question"><button type="submit">Ask</button></form></main></body></html>"""


def chat_page(wrapped_in_form: bool) -> str:
    controls = '<label for="q">Your question</label><input id="q" type="text">'
    if wrapped_in_form:
        controls = f'<form id="f" action="/nowhere">{controls}<button type="submit">Ask</button></form>'
    else:
        controls += '<button type="button" id="send">Ask</button>'
    return f"""{HEAD}<title>Home</title></head><body><main><h1>Portal</h1>
<button type="button" id="open" aria-expanded="false">Virtual assistant</button>
<div id="panel" hidden>{controls}
<div role="log" aria-live="polite" aria-label="Assistant's answer" id="log"><p>Hello!</p></div></div>
<script>
const replies = {{documents: "You need: a portrait photo.", fee: "The fee is 20,000 VND online.",
  time: "It takes 5 working days online."}};
document.getElementById("open").addEventListener("click", () => {{
  document.getElementById("panel").hidden = false;
}});
function send(event) {{
  if (event) event.preventDefault();
  const question = document.getElementById("q").value;
  const log = document.getElementById("log");
  const echo = document.createElement("p"); echo.textContent = "You asked: " + question; log.append(echo);
  const topic = /documents/i.test(question) ? "documents" : /fee/i.test(question) ? "fee" : "time";
  if (/silence/i.test(question)) return;
  setTimeout(() => {{
    const p = document.createElement("p"); p.textContent = replies[topic]; log.append(p);
  }}, 600);
}}
{'document.getElementById("f").addEventListener("submit", send);' if wrapped_in_form else ""}
{"" if wrapped_in_form else 'document.getElementById("send").addEventListener("click", () => send());'}
</script></main></body></html>"""


class Handler(BaseHTTPRequestHandler):
    wrong = False
    conversation: list[tuple[str, str]] = []

    def _send(self, body: str, status: int = 200):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        pages = {
            "/form/": f'{HEAD}<title>Home</title></head><a href="/form/assistant">Virtual assistant</a>',
            "/form/assistant": form_page(),
            "/log/": f'{HEAD}<title>Home</title></head><a href="/log/assistant">Virtual assistant</a>',
            "/chat/": chat_page(wrapped_in_form=False),
            "/chat-form/": chat_page(wrapped_in_form=True),
        }
        if path.endswith("/procedures/2.001702"):
            return self._send(INFO)
        if path == "/log/assistant":
            Handler.conversation = []
            return self._send(log_page([]))
        if path in pages:
            return self._send(pages[path])
        return self._send("not found", 404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        question = parse_qs(self.rfile.read(length).decode("utf-8")).get("question", [""])[0]
        if self.path.startswith("/log/"):
            Handler.conversation.append((question, reply_to(question, False)))
            return self._send(log_page(Handler.conversation))
        return self._send(form_page(reply_to(question, Handler.wrong), question))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    with loopback_server(Handler) as url:
        yield url


def portal(browser, site, prefix: str) -> PortalDriver:
    profile = load_profile("reference")
    urls = profile.urls.model_copy(
        update={"home": f"/{prefix}/", "procedure_info": f"/{prefix}/procedures/{{code}}"}
    )
    driver = PortalDriver(browser, profile.model_copy(update={"urls": urls}), site, JourneyRecord({}, {}))
    driver.wait_s = 3.0
    return driver


@pytest.fixture
def wrong_answers():
    Handler.wrong = True
    yield
    Handler.wrong = False


def test_a_posted_question_is_answered_on_the_next_page(browser, site):
    conversation = assistant.Conversation(portal(browser, site, "form"))
    answer = conversation.ask("What is the fee for Citizen identity card issuance?")
    # Neither the section's heading nor the echoed question is part of the answer.
    assert answer == "The fee is 20,000 VND online, 30,000 VND in person."
    assert conversation.in_place is False
    pages = [page["url"].removeprefix(site) for page in conversation.driver.record.pages]
    assert pages == ["/form/", "/form/assistant", "/form/assistant"], "home, the assistant, the answer"
    # A follow-up question is asked on the answer page, and only the new answer is read.
    assert conversation.ask("How long does it take?") == "It takes 5 working days online and 7 in person."
    assert len(conversation.driver.record.pages) == 4


def test_a_chat_the_server_draws_again_after_each_question_gives_only_the_new_reply(browser, site):
    conversation = assistant.Conversation(portal(browser, site, "log"))
    assert conversation.ask("Which documents do I need?") == "Assistant: You need: a portrait photo."
    assert conversation.ask("What is the fee?") == (
        "Assistant: The fee is 20,000 VND online, 30,000 VND in person."
    )


def test_the_answers_are_checked_against_the_portals_information_page(browser, site):
    answers = assistant.ask_about(portal(browser, site, "form"), CITIZEN_ID)
    assert [qa.question for qa in answers][
        0
    ] == "Which documents do I need for Citizen identity card issuance?"
    assert [(qa.topic, qa.assessable, qa.problems) for qa in answers] == [
        ("documents", True, []),
        ("fee", True, []),
        ("time", True, []),
    ]
    assert answers[1].reference.startswith("online fee 20,000 VND, the portal's information page")


def test_answers_that_contradict_the_information_page_are_wrong(browser, site, wrong_answers):
    answers = assistant.ask_about(portal(browser, site, "form"), CITIZEN_ID)
    problems = {qa.topic: qa.problems for qa in answers}
    assert "“Portrait photo, 4 x 6 cm”" in problems["documents"][0]
    # The standard's illustrative 15,000 VND is no excuse: the portal publishes 20,000 VND.
    assert problems["fee"][0].startswith("the fee stated is 15,000 VND")
    assert problems["time"] == []


def test_a_button_that_opens_a_panel_and_a_chat_log_answered_by_a_script(browser, site):
    driver = portal(browser, site, "chat")
    driver.wait_s = 20.0  # waiting for a page that never comes would take that long, each time
    started = time.monotonic()
    answers = assistant.ask_about(driver, CITIZEN_ID)
    assert time.monotonic() - started < 12, "plain buttons are clicked without waiting for a new page"
    assert [qa.answer for qa in answers] == [
        "You need: a portrait photo.",
        "The fee is 20,000 VND online.",
        "It takes 5 working days online.",
    ]
    assert all(qa.right for qa in answers), [qa.problems for qa in answers]
    # Opened from home (after the information page), then the same page for all three questions.
    assert [page["url"].removeprefix(site) for page in driver.record.pages] == [
        "/chat/procedures/2.001702",
        "/chat/",
    ]


def test_a_chat_behind_a_form_whose_script_cancels_the_submission(browser, site):
    driver = portal(browser, site, "chat-form")
    conversation = assistant.Conversation(driver)
    assert (
        conversation.ask("What is the fee for Citizen identity card issuance?")
        == "The fee is 20,000 VND online."
    )
    assert conversation.in_place is True, "no page came after the click: answered in place"
    assert conversation.ask("How long does it take?") == "It takes 5 working days online."


def test_no_answer_is_a_clear_error(browser, site):
    # The chat echoes every question but does not answer this one: the echo is not an answer.
    driver = portal(browser, site, "chat")
    driver.wait_s = 1.0
    with pytest.raises(AssertionError, match=r"the assistant gave no answer to 'Silence\?' .* within 1 s"):
        assistant.ask(driver, "Silence?")


def test_a_portal_without_the_assistant_link_has_no_assistant(browser, site):
    driver = portal(browser, site, "form")
    driver.profile = driver.profile.model_copy(
        update={"urls": driver.profile.urls.model_copy(update={"home": "/x/"})}
    )
    with pytest.raises(assistant.AssistantNotFound, match=r"no link named \['Virtual assistant'\]"):
        assistant.ask(driver, "What is the fee?")
