"""The virtual assistant: answers a citizen's question about a procedure's documents, fee or time limit.

No language model: the assistant recognises a procedure by its name (English or Vietnamese, with or
without diacritics) or its code, and the topic by keywords, and answers from the portal's own
procedure definitions, in the page's language. The page is a plain form (no JavaScript); with the
js_assistant dialect the assistant is instead a widget on every page that asks ``assistant.api``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from flask import abort, jsonify, render_template, request, url_for

from reference_portal.defects import current_defects, offered_online, set_page_procedure
from reference_portal.dialects import dialect_on, form_status
from reference_portal.eform import asked_documents
from reference_portal.i18n import LANGUAGES, t, vnd, working_days
from reference_portal.procedures import Procedure, current_catalogue, default_catalogue, fold
from reference_portal.skins import Routes

routes = Routes("assistant")

MAX_QUESTION = 500
# The wrong_assistant_answer defect: how far off the assistant's figures are.
WRONG_FEE_EXTRA = 50_000
WRONG_DAYS_EXTRA = 10

# Topic -> keywords, written folded (lower case, no diacritics) and matched as whole words.
TOPICS: dict[str, tuple[str, ...]] = {
    "documents": (
        "document",
        "documents",
        "paper",
        "papers",
        "paperwork",
        "need to bring",
        "what do i need",
        "giay to",
        "ho so gom",
        "thanh phan ho so",
    ),
    "fee": (
        "fee",
        "fees",
        "cost",
        "costs",
        "how much",
        "pay",
        "price",
        "charge",
        "phi",
        "le phi",
        "bao nhieu tien",
    ),
    "time": (
        "how long",
        "time",
        "time limit",
        "days",
        "bao lau",
        "thoi han",
        "thoi gian",
        "may ngay",
    ),
}


def normalize(text: str) -> str:
    """Folded words separated by single spaces, padded so ' word ' finds whole words only."""
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split()) + " "


@cache
def _names() -> list[tuple[str, str]]:
    """(normalized name or code, procedure code), longest first, in every language the portal knows."""
    found = {}
    for lang in LANGUAGES:
        for procedure in default_catalogue(lang):
            found[normalize(procedure.name)] = procedure.code
            found[normalize(procedure.code)] = procedure.code
    return sorted(found.items(), key=lambda item: -len(item[0]))


def recognise(question: str) -> tuple[str | None, set[str]]:
    """The procedure code the question is about (the longest matching name wins) and its topics."""
    text = normalize(question)
    code = None
    for name, candidate in _names():
        if name.strip() and name in text:
            code = candidate
            text = text.replace(name, " ")  # a procedure's own name never counts as a topic word
            break
    topics = {topic for topic, words in TOPICS.items() if any(f" {w} " in text for w in words)}
    return code, topics


@dataclass
class Answer:
    question: str
    sentences: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (address, text) to suggest

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _documents(procedure: Procedure, wrong: bool) -> str:
    names = [d.name for d in asked_documents(procedure)]
    if wrong:
        names = names[1:]
    if not names:
        return t("assistant.no_documents", name=procedure.name)
    return t("assistant.documents", name=procedure.name, documents="; ".join(names))


def _fee(procedure: Procedure, wrong: bool) -> str:
    in_person = vnd(procedure.fee_in_person)
    if not offered_online(procedure):
        return t("assistant.fee_counter_only", name=procedure.name, in_person=in_person)
    online = procedure.fee + (WRONG_FEE_EXTRA if wrong else 0)
    return t("assistant.fee", name=procedure.name, online=vnd(online), in_person=in_person)


def _time(procedure: Procedure, wrong: bool) -> str:
    in_person = working_days(procedure.days_in_person)
    if not offered_online(procedure):
        return t("assistant.time_counter_only", name=procedure.name, in_person=in_person)
    online = (procedure.days_online or 0) + (WRONG_DAYS_EXTRA if wrong else 0)
    return t("assistant.time", name=procedure.name, online=working_days(online), in_person=in_person)


ANSWERS = {"documents": _documents, "fee": _fee, "time": _time}


def answer(question: str) -> Answer:
    reply = Answer(question)
    procedures_link = (url_for("pages.procedures"), t("assistant.procedures_link"))
    code, topics = recognise(question)
    procedure = current_catalogue().get(code) if code else None
    if procedure is None:
        reply.sentences.append(t("assistant.no_procedure"))
        reply.links.append(procedures_link)
        return reply
    set_page_procedure(procedure.code)  # the answer page is about this procedure: its defects apply
    defects = current_defects()
    if defects.applies("no_assistant", procedure.code):
        reply.sentences.append(t("assistant.no_information", name=procedure.name))
        reply.links.append(procedures_link)
        return reply
    wrong = defects.applies("wrong_assistant_answer", procedure.code)
    for topic in ANSWERS:  # always in the same order: documents, fee, time
        if topic in topics:
            reply.sentences.append(ANSWERS[topic](procedure, wrong))
    info_link = (
        url_for("pages.procedure", code=procedure.code),
        t("assistant.info_link", name=procedure.name),
    )
    if not reply.sentences:
        reply.sentences.append(t("assistant.no_topic", name=procedure.name))
        reply.links.append(procedures_link)
    reply.links.insert(0, info_link)
    return reply


def _question() -> str:
    return " ".join(request.form.get("question", "").split())[:MAX_QUESTION]


@routes.route("ask", methods=["GET", "POST"])
def ask():
    if current_defects().everywhere("no_assistant") or dialect_on("js_assistant"):
        abort(404)  # (js_assistant: the assistant is the widget on every page, not a page)
    question = ""
    error = ""
    reply = None
    if request.method == "POST":
        question = _question()
        if question:
            reply = answer(question)
        else:
            error = t("assistant.empty")
    return render_template("assistant.html", question=question, error=error, reply=reply), form_status(error)


@routes.post("api")
def api():
    """js_assistant: the widget's question, answered as JSON."""
    if current_defects().everywhere("no_assistant") or not dialect_on("js_assistant"):
        abort(404)
    question = _question()
    if not question:
        return jsonify(error=t("assistant.empty")), 400
    reply = answer(question)
    return jsonify(
        question=reply.question,
        reply=reply.text,
        links=[{"href": href, "text": text} for href, text in reply.links],
    )
