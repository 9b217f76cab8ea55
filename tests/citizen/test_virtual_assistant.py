"""The virtual-assistant criterion: the questions asked, and the checking of answers against the standard.

Checking is pure text, so no browser is needed; asking is exercised against a fake driver that acts
like a portal's home page and assistant page.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portalqa.citizen.assistant import AssistantNotFound, ask, ask_about
from portalqa.citizen.assistant_answers import check_answer, stated_amounts, stated_days
from portalqa.citizen.assistant_questions import QA, QUESTIONS, TOPICS, language_of, question_for
from portalqa.evidence.measurements import AssistantAnswer
from portalqa.profiles.profile import Locator, load_profile
from portalqa.standard.catalog import get_procedure

BIRTH = get_procedure("birth_registration")  # free; 1 working day; medical birth certificate (+ one held)
CITIZEN_ID = get_procedure("citizen_id_card")  # 15,000 online / 30,000 at the counter; 7 working days
OLD_ID = get_procedure("confirm_old_id_number")  # free; 1 working day online, 3 at the counter
DRIVING = get_procedure("driving_licence_renewal")  # health certificate + portrait photo
LINKED_BIRTH = get_procedure("linked_birth_residence_insurance")  # "under-6" in its name
STAY = get_procedure("notification_of_stay")  # 0 working days: on receipt


def with_vocabulary(profile, **entries):
    """The profile with extra vocabulary entries (keys written with __ for the dot)."""
    vocabulary = dict(profile.vocabulary) | {key.replace("__", "."): value for key, value in entries.items()}
    return profile.model_copy(update={"vocabulary": vocabulary})


# Questions ------------------------------------------------------------------------------------------


def test_questions_in_english_use_the_english_catalog_name():
    assert [question_for(BIRTH, topic, "en") for topic in TOPICS] == [
        "Which documents do I need for Birth registration?",
        "What is the fee for Birth registration?",
        "How long does Birth registration take?",
    ]


def test_questions_in_vietnamese_use_the_vietnamese_catalog_name():
    assert [question_for(BIRTH, topic, "vi") for topic in TOPICS] == [
        "Tôi cần những giấy tờ gì để làm thủ tục Đăng ký khai sinh?",
        "Lệ phí thủ tục Đăng ký khai sinh là bao nhiêu?",
        "Thủ tục Đăng ký khai sinh giải quyết trong bao lâu?",
    ]


def test_every_language_has_the_three_questions_with_the_name():
    for language, questions in QUESTIONS.items():
        assert set(questions) == set(TOPICS), language
        assert all("{name}" in q for q in questions.values()), language


def test_another_language_is_asked_in_english():
    assert question_for(BIRTH, "fee", "fr") == "What is the fee for Birth registration?"


def test_a_profile_may_reword_a_question():
    profile = with_vocabulary(load_profile("reference"), assistant__question_fee="How much does {name} cost?")
    assert question_for(BIRTH, "fee", "en", profile) == "How much does Birth registration cost?"
    # The other questions keep the standard wording.
    assert question_for(BIRTH, "time", "en", profile) == "How long does Birth registration take?"


def test_a_reworded_question_in_vietnamese_gets_the_vietnamese_name():
    profile = with_vocabulary(
        load_profile("reference-province"), assistant__question_time="{name} mất bao nhiêu ngày?"
    )
    assert question_for(BIRTH, "time", "vi", profile) == "Đăng ký khai sinh mất bao nhiêu ngày?"


def test_a_reworded_question_without_the_name_is_a_clear_error():
    profile = with_vocabulary(load_profile("reference"), assistant__question_documents="Which documents?")
    with pytest.raises(ValueError, match=r"assistant.question_documents .* must contain \{name\}"):
        question_for(BIRTH, "documents", "en", profile)


def test_unknown_topic_is_rejected():
    with pytest.raises(ValueError, match="unknown topic 'cost'"):
        question_for(BIRTH, "cost", "en")
    with pytest.raises(ValueError, match="unknown topic 'cost'"):
        check_answer(BIRTH, "cost", "", "en")


def test_the_portal_language_decides_the_language_of_the_questions():
    assert language_of(load_profile("reference")) == "en"
    assert language_of(load_profile("reference-province")) == "vi"
    assert language_of(SimpleNamespace(language="fr")) == "en"
    assert language_of(None) == "en"


# Documents ------------------------------------------------------------------------------------------


def test_documents_named_in_english_pass():
    answer = "For Birth registration you need: Medical birth certificate; Parents' marriage certificate."
    assert check_answer(BIRTH, "documents", answer, "en") == []


def test_a_document_held_by_the_state_need_not_be_named():
    assert check_answer(BIRTH, "documents", "You need: the medical birth certificate.", "en") == []


def test_a_missing_document_is_named_in_the_problem():
    answer = "For Driving-licence renewal you need: Portrait photo."
    assert check_answer(DRIVING, "documents", answer, "en") == [
        "the answer does not name the document “Health certificate”, which the standard requires; "
        "it says: “For Driving-licence renewal you need: Portrait photo.”"
    ]


def test_documents_named_in_vietnamese_pass_with_longer_wording_and_any_case():
    answer = (
        "Để làm thủ tục Cấp đổi giấy phép lái xe, bạn cần: GIẤY KHÁM SỨC KHỎE người lái xe; ảnh chân dung."
    )
    assert check_answer(DRIVING, "documents", answer, "vi") == []


def test_documents_match_without_vietnamese_diacritics():
    assert check_answer(BIRTH, "documents", "Ban can: giay chung sinh.", "vi") == []
    assert check_answer(DRIVING, "documents", "Can: Giay kham suc khoe, Anh chan dung", "vi") == []


def test_a_missing_vietnamese_document_is_a_problem():
    problems = check_answer(DRIVING, "documents", "Bạn cần: Ảnh chân dung.", "vi")
    assert len(problems) == 1 and "“Giấy khám sức khỏe”" in problems[0]


def test_a_vietnamese_answer_must_name_the_documents_in_vietnamese():
    problems = check_answer(BIRTH, "documents", "Bạn cần: Medical birth certificate.", "vi")
    assert problems and "“Giấy chứng sinh”" in problems[0]


def test_punctuation_and_hyphens_do_not_matter():
    land = get_procedure("land_register_update")
    assert check_answer(land, "documents", "You need the land use right certificate.", "en") == []


def test_a_procedure_without_documents_accepts_any_answer():
    assert check_answer(STAY, "documents", "No documents are needed.", "en") == []


# Fee ------------------------------------------------------------------------------------------------


def test_the_right_online_fee_stated_first_passes():
    answer = (
        "The fee for Issue / renew / replace citizen ID card is 15,000 VND when you apply online and "
        "30,000 VND at the counter."
    )
    assert check_answer(CITIZEN_ID, "fee", answer, "en") == []


def test_the_right_fee_in_vietnamese_passes():
    answer = (
        "Lệ phí thủ tục Cấp, đổi, cấp lại thẻ CCCD là 15.000 đồng khi nộp trực tuyến và 30.000 đồng tại quầy."
    )
    assert check_answer(CITIZEN_ID, "fee", answer, "vi") == []


@pytest.mark.parametrize(
    "amount",
    [
        "15,000 VND",
        "15.000 đồng",
        "15 000 đ",
        "15\u00a0000 VND",
        "15000",
        "15 000",
        "15.000đ",
        "15.000₫",
        "VND 15,000",
        "15.000 VNĐ",
        "15000 dong",
    ],
)
def test_amounts_in_every_usual_format(amount):
    assert check_answer(CITIZEN_ID, "fee", f"The fee is {amount} online.", "en") == []
    assert stated_amounts(f"The fee is {amount} online.")[0][0] == 15000


def test_a_wrong_fee_is_a_problem_that_quotes_the_answer():
    answer = "Lệ phí là 75.000 đồng khi nộp trực tuyến và 30.000 đồng tại quầy."
    assert check_answer(CITIZEN_ID, "fee", answer, "vi") == [
        "the fee stated is 75,000 VND (“75.000 đồng”); the standard online fee is 15,000 VND"
    ]


def test_the_in_person_fee_stated_first_is_a_problem():
    answer = "The fee is 30,000 VND at the counter and 15,000 VND online."
    assert check_answer(CITIZEN_ID, "fee", answer, "en") == [
        "the fee stated is 30,000 VND (“30,000 VND”); the standard online fee is 15,000 VND "
        "(it is stated, but not first: answers state the online fee first)"
    ]


@pytest.mark.parametrize(
    "answer",
    [
        "The fee for Birth registration is Free of charge when you apply online and Free of charge at the "
        "counter.",
        "It is free.",
        "The fee for Birth registration is 0 VND when you apply online and 0 VND at the counter.",
        "0",
        "There is no fee.",
        "Lệ phí thủ tục Đăng ký khai sinh là Miễn phí khi nộp trực tuyến và Miễn phí tại quầy.",
        "Thủ tục này không thu phí.",
        "Lệ phí: 0 đồng.",
        "Mien phi",
    ],
)
def test_free_is_stated_in_words_or_as_zero(answer):
    assert check_answer(BIRTH, "fee", answer, "en") == []


def test_a_fee_where_the_standard_says_free_is_a_problem():
    answer = "The fee for Birth registration is 5,000 VND when you apply online and 8,000 VND at the counter."
    assert check_answer(BIRTH, "fee", answer, "en") == [
        "the fee stated is 5,000 VND (“5,000 VND”); the standard online fee is free (0 VND)"
    ]


def test_free_where_the_standard_charges_is_a_problem():
    assert check_answer(CITIZEN_ID, "fee", "Miễn phí.", "vi") == [
        "the fee stated is free (0 VND) (“Miễn phí”); the standard online fee is 15,000 VND"
    ]


def test_an_answer_without_a_fee_is_a_problem():
    assert check_answer(CITIZEN_ID, "fee", "Please ask at the counter.", "en") == [
        "the answer states no fee (“Please ask at the counter.”); the standard online fee is 15,000 VND"
    ]


def test_numbers_in_names_codes_and_legal_references_are_not_fees():
    named = (
        "The fee for Linked: birth + permanent residence + health insurance for under-6 is Free of charge."
    )
    assert check_answer(LINKED_BIRTH, "fee", named, "en") == []
    cited = "Under Circular 59/2019/TT-BTC (procedure 2.001702) the fee is 15,000 VND online."
    assert check_answer(CITIZEN_ID, "fee", cited, "en") == []


# Time -----------------------------------------------------------------------------------------------


def test_the_right_online_time_passes():
    answer = "Birth registration takes 1 working day when you apply online and 1 at the counter."
    assert check_answer(BIRTH, "time", answer, "en") == []


def test_the_right_time_in_vietnamese_passes():
    answer = "Thủ tục Đăng ký khai sinh giải quyết trong 1 ngày làm việc khi nộp trực tuyến và 1 tại quầy."
    assert check_answer(BIRTH, "time", answer, "vi") == []


def test_a_wrong_time_is_a_problem_that_quotes_the_answer():
    answer = "Issue / renew / replace citizen ID card takes 17 working days when you apply online."
    assert check_answer(CITIZEN_ID, "time", answer, "en") == [
        "the time stated is 17 working days (“17 working days”); "
        "the standard online time limit is 7 working days"
    ]


def test_a_wrong_time_in_vietnamese_is_a_problem():
    answer = "Thủ tục giải quyết trong 11 ngày làm việc khi nộp trực tuyến."
    assert check_answer(BIRTH, "time", answer, "vi") == [
        "the time stated is 11 working days (“11 ngày làm việc”); "
        "the standard online time limit is 1 working day"
    ]


def test_the_in_person_time_stated_first_is_a_problem():
    answer = "It takes 3 working days at the counter and 1 working day online."
    problems = check_answer(OLD_ID, "time", answer, "en")
    assert problems == [
        "the time stated is 3 working days (“3 working days”); "
        "the standard online time limit is 1 working day"
    ]
    assert check_answer(OLD_ID, "time", "1 working day online, 3 at the counter.", "en") == []


def test_time_in_words_and_ranges():
    assert check_answer(CITIZEN_ID, "time", "It takes seven working days.", "en") == []
    assert check_answer(CITIZEN_ID, "time", "Trong vòng bảy ngày làm việc.", "vi") == []
    # A time limit is a maximum: a range counts as its upper bound.
    assert stated_days("from 3 to 7 working days")[0] == 7
    assert check_answer(CITIZEN_ID, "time", "Từ 5 đến 7 ngày làm việc.", "vi") == []


def test_plain_days_count_when_no_working_days_are_stated():
    assert check_answer(CITIZEN_ID, "time", "About 7 days.", "en") == []


def test_zero_working_days_may_be_said_as_at_once():
    assert check_answer(STAY, "time", "Notification of stay takes 0 working days online.", "en") == []
    assert check_answer(STAY, "time", "It is handled immediately, on receipt.", "en") == []
    assert check_answer(STAY, "time", "Được giải quyết ngay lập tức.", "vi") == []
    assert check_answer(BIRTH, "time", "It is handled immediately.", "en") != [], "only 0 days is at once"


def test_an_answer_without_a_time_is_a_problem():
    assert check_answer(BIRTH, "time", "Soon.", "en") == [
        "the answer states no time limit in working days (“Soon.”); "
        "the standard online time limit is 1 working day"
    ]


def test_numbers_in_the_name_are_not_the_time():
    answer = "Linked: birth + permanent residence + health insurance for under-6 takes 5 working days."
    assert check_answer(LINKED_BIRTH, "time", answer, "en") == []


# Results --------------------------------------------------------------------------------------------


def test_a_qa_becomes_the_measurements_answer():
    qa = QA("fee", "What is the fee?", "Free.", ["a problem"])
    assert qa.to_dict() == {
        "topic": "fee",
        "question": "What is the fee?",
        "answer": "Free.",
        "problems": ["a problem"],
    }
    assert AssistantAnswer.model_validate(qa.to_dict()).problems == ["a problem"]
    assert not qa.right and QA("time", "q", "a").right


# Asking, against a fake portal ------------------------------------------------------------------------


class FakePortal:
    """The driver's view of a portal: a home page (with or without the assistant link), an assistant
    page with a question field, and answer regions named by aria-label."""

    def __init__(self, profile, reply, link=True, answer_label="Assistant's answer"):
        self.profile = profile
        self.reply = reply  # question -> answer text, or None for no answer region
        self.link = link
        self.answer_label = answer_label
        self.page = "blank"
        self.typed = ""
        self.opened: list[str] = []
        self.questions: list[str] = []
        self.regions: list[list[str]] = []
        self.browser = SimpleNamespace(
            execute_script=lambda _js: self.regions,
            current_url="",
            # The information page shows no heading: the question falls back to the catalog's name.
            find_elements=lambda _by, _what: [],
        )

    # The PortalDriver methods the assistant uses.
    def url_for(self, which, **values):
        return {"home": "/", "procedure_info": "/procedures/{code}"}[which].format(**values)

    def open(self, path):
        self.opened.append(path)
        self.page, self.regions = "home", []
        self.browser.current_url = "http://portal.test/"

    def locator(self, key):
        found = self.profile.labels_for(key)
        if found is None:
            raise KeyError(key)
        return found

    def scan(self):
        return None

    def find_action(self, key, scan=None, prefer=None):
        return object() if key == "nav.assistant" and self.page == "home" and self.link else None

    def find_control(self, key, scan=None):
        self.locator(key)
        return object() if key == "assistant.question" and self.page == "assistant" else None

    def click(self, key, scan=None, prefer=None):
        assert key == "nav.assistant" and self.page == "home"
        self.page = "assistant"
        self.browser.current_url = "http://portal.test/assistant"

    def fill(self, key, value, scan=None, counts_as_typing=True):
        assert key == "assistant.question" and self.page == "assistant" and counts_as_typing is False
        self.typed = value

    def press(self, key, scan=None):
        assert key == "assistant.ask"
        self.questions.append(self.typed)
        answer = self.reply(self.typed)
        self.regions = [["Main", "menu"], ["Search", "hidden search"]]
        if answer is not None:
            self.regions.append([self.answer_label, f"You asked: {self.typed}\n  {answer}  "])


def national_answers(question: str) -> str:
    if "documents" in question:
        return "For Birth registration you need: Medical birth certificate."
    if "fee" in question:
        return "The fee for Birth registration is 0 VND when you apply online and 0 VND at the counter."
    return "Birth registration takes 1 working day when you apply online and 1 working day at the counter."


def test_ask_opens_the_assistant_from_home_and_returns_the_answer_text():
    portal = FakePortal(load_profile("reference"), national_answers)
    answer = ask(portal, "What is the fee for Birth registration?")
    assert answer == (
        "You asked: What is the fee for Birth registration? The fee for Birth registration is 0 VND when "
        "you apply online and 0 VND at the counter."
    )
    assert portal.opened == ["/"]


def test_ask_about_asks_three_questions_on_one_page_and_checks_them():
    portal = FakePortal(load_profile("reference"), national_answers)
    answers = ask_about(portal, BIRTH)
    assert [qa.topic for qa in answers] == ["documents", "fee", "time"]
    assert portal.questions == [question_for(BIRTH, topic, "en") for topic in TOPICS]
    # The information page (for the portal's name of the procedure), then home; then the same page.
    assert portal.opened == ["/procedures/1.001193", "/"], "the assistant page is reused"
    assert all(qa.right for qa in answers), [qa.problems for qa in answers]


def test_ask_about_asks_in_the_portal_language_and_reports_wrong_answers():
    portal = FakePortal(
        load_profile("reference-province"), lambda q: "Lệ phí là 5.000 đồng, 3 ngày làm việc."
    )
    portal.answer_label = "Câu trả lời của trợ lý"
    answers = ask_about(portal, BIRTH)
    assert portal.questions[0] == "Tôi cần những giấy tờ gì để làm thủ tục Đăng ký khai sinh?"
    assert [bool(qa.problems) for qa in answers] == [True, True, True]
    assert "“Giấy chứng sinh”" in answers[0].problems[0]


def test_a_first_question_starts_from_home_even_on_an_assistant_page():
    # The page may be left over from an earlier scenario, whose session has ended.
    portal = FakePortal(load_profile("reference"), national_answers)
    ask(portal, "What is the fee for Birth registration?")
    ask(portal, "How long does Birth registration take?")
    assert portal.opened == ["/", "/"]
    ask(portal, "Which documents do I need for Birth registration?", reuse_page=True)
    assert portal.opened == ["/", "/"]


def test_a_portal_without_an_assistant_link_has_no_assistant():
    portal = FakePortal(load_profile("reference"), national_answers, link=False)
    with pytest.raises(
        AssistantNotFound, match=r"offers no virtual assistant \(no link named \['Virtual assistant'\]"
    ):
        ask(portal, "What is the fee for Birth registration?")


def test_a_profile_without_the_assistant_link_has_no_assistant():
    profile = load_profile("reference")
    vocabulary = {k: v for k, v in profile.vocabulary.items() if k != "nav.assistant"}
    portal = FakePortal(profile.model_copy(update={"vocabulary": vocabulary}), national_answers)
    with pytest.raises(AssistantNotFound, match="names no assistant link: add `nav.assistant"):
        ask(portal, "What is the fee for Birth registration?")
    assert issubclass(AssistantNotFound, AssertionError)


def test_no_answer_region_is_an_error(monkeypatch):
    portal = FakePortal(load_profile("reference"), lambda q: None)
    monkeypatch.setattr("portalqa.citizen.assistant.ANSWER_WAIT_S", 0.0)
    with pytest.raises(AssertionError, match="the assistant gave no answer to 'Hello'"):
        ask(portal, "Hello")


def test_the_answer_label_may_be_any_of_the_profile_labels():
    profile = with_vocabulary(
        load_profile("reference"), assistant__answer=Locator(labels=["Reply", "Answer"])
    )
    portal = FakePortal(profile, national_answers, answer_label="Answer")
    assert ask(portal, "What is the fee for Birth registration?").endswith("0 VND at the counter.")
