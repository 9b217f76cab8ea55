"""What the harness asks a portal's virtual assistant, in which language, and what it keeps of the answer.

For each procedure it asks three questions in the portal's language (English or Vietnamese): which
documents are needed, what the fee is and how long it takes. A profile may reword a question with the
vocabulary keys ``assistant.question_documents``, ``assistant.question_fee`` and
``assistant.question_time`` (each must contain ``{name}``, where the procedure's name goes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from portalqa.standard.catalog import StandardProcedure

if TYPE_CHECKING:
    from portalqa.profiles.profile import Profile

Topic = Literal["documents", "fee", "time"]
TOPICS: tuple[Topic, ...] = get_args(Topic)
LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"

# The standard questions; {name} is the procedure's catalog name in the same language.
QUESTIONS: dict[str, dict[Topic, str]] = {
    "en": {
        "documents": "Which documents do I need for {name}?",
        "fee": "What is the fee for {name}?",
        "time": "How long does {name} take?",
    },
    "vi": {
        "documents": "Tôi cần những giấy tờ gì để làm thủ tục {name}?",
        "fee": "Lệ phí thủ tục {name} là bao nhiêu?",
        "time": "Thủ tục {name} giải quyết trong bao lâu?",
    },
}
# Vocabulary keys a profile may use to reword a question (the portal's assistant may expect its own).
QUESTION_KEYS: dict[Topic, str] = {topic: f"assistant.question_{topic}" for topic in TOPICS}


@dataclass
class QA:
    """One question to the assistant, its answer and what is wrong with it (nothing: it is right).

    ``reference`` says what the answer was checked against (the portal's information page, or the
    standard's authoritative value); an answer without one is not assessable: never right, never wrong.
    """

    topic: Topic
    question: str
    answer: str
    problems: list[str] = field(default_factory=list)
    assessable: bool = True
    reference: str = ""

    @property
    def right(self) -> bool:
        return self.assessable and not self.problems

    def to_dict(self) -> dict:
        """The shape of portalqa.evidence.measurements.AssistantAnswer."""
        return {
            "topic": self.topic,
            "question": self.question,
            "answer": self.answer,
            "problems": list(self.problems),
            "assessable": self.assessable,
            "reference": self.reference,
        }


def language_of(profile: Profile | None) -> str:
    """The language to ask in: the portal's, when it is one the questions exist in; else English."""
    language = getattr(profile, "language", None)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def question_for(
    procedure: StandardProcedure,
    topic: Topic,
    language: str,
    profile: Profile | None = None,
    name: str | None = None,
) -> str:
    """The question about ``topic`` in ``language``, as the profile rewords it if it does.

    ``name`` is the portal's own name for the procedure; by default, the catalog's name in ``language``.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; the topics are {', '.join(TOPICS)}")
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    template = QUESTIONS[language][topic]
    override = profile.labels_for(QUESTION_KEYS[topic]) if profile is not None else None
    if override is not None and override.labels:
        template = override.labels[0]
        if "{name}" not in template:
            where = profile.source or profile.id
            raise ValueError(
                f"vocabulary {QUESTION_KEYS[topic]} in {where} must contain {{name}} (where the "
                f"procedure's name goes); it is {template!r}"
            )
    return template.replace("{name}", name or getattr(procedure.name, language))
