"""The scorecard's words: both languages complete, and every finding kind portalqa produces in words."""

from __future__ import annotations

import re

import pytest
import yaml
from markupsafe import Markup

from portalqa.model.full_online import ReasonKind
from portalqa.paths import PACKAGE_DIR
from portalqa.reporting.wording import EN, VI, WORDS, Wording, placeholders, plain_message, readable
from portalqa.scoring.indicators import PAGE_FACTS
from portalqa.scoring.quality_model import DEFAULT_MODEL_PATH

# Keys whose words are the same in both languages: symbols and sentences made only of their values.
SAME_IN_BOTH = {
    "page.none",
    "findings.rank",
    "count",
    "groups.bar_label",
    "evidence.procedure_on",
    "evidence.scenario_on",
    "score.percent",
    "score.no_grade",
    "score.change_up",
    "score.change_down",
    "portal.code",
}
# Vietnamese words that happen to need no diacritics ("trang", "trong").
PLAIN_VIETNAMESE = {
    "unit.pages.one",
    "unit.pages.other",
    "unit.distinct pages.one",
    "unit.distinct pages.other",
    "findings.times_in",
    "findings.in",
    "evidence.page",
}


def test_both_languages_have_the_same_keys():
    assert set(WORDS) == {"en", "vi"}
    assert sorted(set(EN) - set(VI)) == []
    assert sorted(set(VI) - set(EN)) == []


def test_each_sentence_takes_the_same_values_in_both_languages():
    differ = {
        key: (placeholders(EN[key]), placeholders(VI[key]))
        for key in EN
        if placeholders(EN[key]) != placeholders(VI[key])
    }
    assert differ == {}


def test_every_sentence_is_written_and_translated():
    assert [key for key, words in {**EN, **VI}.items() if not words.strip()] == []
    untranslated = sorted(key for key in EN if EN[key] == VI[key] and key not in SAME_IN_BOTH)
    assert untranslated == []
    # Vietnamese is written with its letters, not in ASCII only (a sentence with at least one word).
    ascii_only = [
        key
        for key, words in VI.items()
        if key not in SAME_IN_BOTH | PLAIN_VIETNAMESE
        and re.search(r"[a-z]{3}", re.sub(r"\{\w+\}", "", words))
        and words.isascii()
    ]
    assert ascii_only == []


def produced_finding_kinds() -> set[str]:
    """Every finding kind and full-online reason the judges, the cells and the indicators write."""
    kinds = {kind.value for kind in ReasonKind}
    for path in (PACKAGE_DIR / "judging").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        kinds |= set(re.findall(r'kind="([a-z_]+)"', source))
        kinds |= set(re.findall(r'_on\([^,]+, "([a-z_]+)"', source))
        kinds |= set(re.findall(r'"(slow_[a-z_]+)"', source))
    cells = (PACKAGE_DIR / "scoring" / "cells.py").read_text(encoding="utf-8")
    kinds |= set(re.findall(r'kind="([a-z_]+)"', cells))
    kinds |= {kind for _, kind in PAGE_FACTS.values()}
    # The shipped model: the kinds its indicators count, the timings and links it names.
    model = yaml.safe_load(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    for group in model["groups"]:
        for criterion in group["criteria"]:
            indicator = criterion.get("indicator")
            if isinstance(indicator, dict):
                kinds |= set(indicator.get("kinds") or [])
                if indicator.get("timing"):
                    kinds.add(f"slow_{indicator['timing']}")
                kinds |= {f"no_{link}_link" for link in indicator.get("links") or []}
    # A matrix cell's own verdict, when its journey gave no reason; a scenario not met without findings.
    kinds |= {"partial", "not_online", "not_met", "load_objectives_missed", "other_finding"}
    return kinds


def test_every_finding_kind_portalqa_produces_reads_as_a_sentence_in_both_languages():
    kinds = produced_finding_kinds()
    assert {"not_prefilled", "pay_at_counter", "no_national_eid", "slow_server_response_ms"} <= kinds
    assert {"no_accessibility_statement_link", "no_contact_link", "third_party_host"} <= kinds
    for lang in ("en", "vi"):
        missing = sorted(kind for kind in kinds if f"finding.{kind}" not in WORDS[lang])
        assert missing == [], lang


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_common_axe_rules_have_their_own_sentence(lang):
    words = Wording(lang)
    for rule in (
        "image-alt",
        "color-contrast",
        "label",
        "link-name",
        "button-name",
        "html-has-lang",
        "meta-viewport",
    ):
        assert words.finding(rule, "accessibility") == WORDS[lang][f"finding.{rule}"]


def test_an_unknown_kind_reads_as_words_never_as_an_error():
    en, vi = Wording("en"), Wording("vi")
    assert en.finding("some_new_kind") == "Some new kind."
    assert vi.finding("some_new_kind") == "Some new kind."
    # An axe-core rule portalqa has no sentence for yet.
    assert en.finding("aria-braille-equivalent", "accessibility") == (
        "A page breaks the accessibility rule “aria-braille-equivalent”."
    )
    assert vi.finding("svg-img-alt") == "Có trang vi phạm quy tắc hỗ trợ tiếp cận “svg-img-alt”."
    assert readable("no_viewport__meta") == "No viewport meta"


def test_the_scorers_reasons_for_not_assessed_read_in_the_report_language():
    en, vi = Wording("en"), Wording("vi")
    assert en.why("no scenario could be judged on virtual_assistant") == (
        "no scenario could be judged on the virtual assistant"
    )
    assert (
        vi.why("no scenario could be judged on simplicity")
        == "không kịch bản nào đánh giá được về tính đơn giản"
    )
    assert (
        vi.why("no page reported its server_response_ms")
        == "không trang nào báo thời gian phản hồi của máy chủ"
    )
    assert vi.why("the load phase could not measure: boom") == VI["why.load_failed"]
    # A reason the wording does not know: the scorer's own words in English, a general sentence otherwise.
    assert en.why("something new happened") == "something new happened"
    assert vi.why("something new happened") == VI["why.unknown"]


def test_the_scorers_own_details_read_in_the_report_language_and_evidence_stays_as_seen():
    en, vi = Wording("en"), Wording("vi")
    typed = "typed although the register holds them: full_name"
    assert en.detail(typed) == typed
    assert vi.detail(typed) == "phải tự nhập dù cơ sở dữ liệu đã có: full_name"
    assert (
        vi.detail("no contact link on any public page") == "không trang công khai nào có liên kết “contact”"
    )
    assert vi.detail("Online payment is not available") == "Online payment is not available"


def test_numbers_are_written_as_each_language_writes_them():
    en, vi = Wording("en"), Wording("vi")
    assert (en.number(1234.5), vi.number(1234.5)) == ("1,234.5", "1.234,5")
    assert (en.points(14.1667), en.points(17.0), vi.points(2.5)) == ("14.2", "17", "2,5")
    assert (en.percent(0.2), en.number(None)) == ("20%", "–")
    assert (en.ordinal(75), en.ordinal(1), en.ordinal(12), en.ordinal(92), vi.ordinal(75)) == (
        "75th",
        "1st",
        "12th",
        "92nd",
        "75",
    )
    assert (en.count(1, "pages"), en.count(3, "pages"), vi.count(3, "pages")) == (
        "1 page",
        "3 pages",
        "3 trang",
    )


def test_a_tests_message_loses_its_programmers_wrapping():
    assert plain_message("AssertionError: the e-form pre-filled nothing\nassert 0 > 0") == (
        "the e-form pre-filled nothing"
    )
    assert (
        plain_message(
            "ConnectionError: Message: unknown error: net::ERR_CONNECTION_REFUSED\n"
            "  (Session info: chrome=131.0) -- portal http://127.0.0.1:5124 did not answer"
        )
        == "unknown error: net::ERR_CONNECTION_REFUSED -- portal http://127.0.0.1:5124 did not answer"
    )
    assert plain_message("selenium.common.exceptions.TimeoutException: Message: \n") == ""
    assert plain_message("The portal said: fee 25,000 VND") == "The portal said: fee 25,000 VND"


def test_a_sentence_with_a_link_escapes_its_own_words_but_not_the_link():
    words = Wording("en")
    html = words.markup("page.allure_evidence", link=Markup('<a href="r/index.html">report</a>'))
    assert html.endswith('of every scenario: <a href="r/index.html">report</a>.')
    assert "&lt;b&gt;" in words.markup("page.allure_evidence", link="<b>")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="known: en, vi"):
        Wording("fr")
