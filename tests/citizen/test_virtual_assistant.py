"""The virtual-assistant criterion: the questions asked, and the checking of each answer against its
reference (the standard's authoritative value, else the portal's information page, else none).

Checking is pure text, so no browser is needed; asking a portal's assistant in the browser is tested in
tests/citizen/test_assistant_in_browser.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portalqa.citizen.assistant import checked
from portalqa.citizen.assistant_answers import (
    check_answer,
    listed_document_names,
    reference_of,
    references_for,
    stated_amounts,
    stated_days,
)
from portalqa.citizen.assistant_questions import QA, QUESTIONS, TOPICS, language_of, question_for
from portalqa.evidence.measurements import AssistantAnswer
from portalqa.judging.virtual_assistant import judge_virtual_assistant
from portalqa.profiles.profile import load_profile
from portalqa.standard.catalog import get_procedure

# Fee and time limit authoritative in the standard (cited): free; 1 working day.
BIRTH = get_procedure("birth_registration")
# Illustrative in the standard (15,000 online / 30,000 at the counter; 7 working days): only the
# information page is a reference.
CITIZEN_ID = get_procedure("citizen_id_card")
OLD_ID = get_procedure("confirm_old_id_number")  # illustrative: free; 1 working day online, 3 in person
DRIVING = get_procedure("driving_licence_renewal")  # illustrative; health certificate + portrait photo
LINKED_BIRTH = get_procedure("linked_birth_residence_insurance")  # "under-6" in its name
STAY = get_procedure("notification_of_stay")  # illustrative: 0 working days, on receipt
RESIDENCE = get_procedure("permanent_residence_registration")  # fee illustrative, 7 days authoritative


def page(documents=None, fee_online=None, days_online=None, **more) -> dict:
    """What portalqa.citizen.information_page.read gives for an information page."""
    return {
        "url": "http://portal.test/procedures/x",
        "documents": documents,
        "fee_online": fee_online,
        "days_online": days_online,
        **more,
    }


def on_page(procedure, **facts):
    """The references for ``procedure`` when its information page states ``facts``."""
    return references_for(procedure, page(**facts))


# The information pages of the English reference portal, as it lists the documents.
BIRTH_DOCUMENTS = [
    "Birth registration declaration (the online e-form)",
    "Medical birth certificate issued by the health facility where the child was born",
    "Marriage certificate of the parents, if the parents are married (looked up by the agency: you need "
    "not attach it)",
]
DRIVING_DOCUMENTS = [
    "Driving licence renewal declaration (the online e-form)",
    "Health certificate",
    "Portrait photo",
]
CITIZEN_ID_PAGE = on_page(CITIZEN_ID, documents=["Portrait photo"], fee_online=15000, days_online=7)


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


# References -----------------------------------------------------------------------------------------


def test_the_information_page_is_the_reference_and_an_authoritative_standard_where_it_is_silent():
    # The assistant speaks for the portal: what the portal's own page publishes is the reference.
    references = on_page(BIRTH, fee_online=5000, days_online=3)
    assert (references.fee_online.value, references.fee_online.source) == (5000, "information_page")
    assert check_answer(BIRTH, "fee", "The fee is 5,000 VND online.", "en", references) == []
    assert check_answer(BIRTH, "fee", "It is free.", "en", references) != []
    # A page that states no fee: the standard's cited value decides.
    silent = on_page(BIRTH)
    assert (silent.fee_online.value, silent.fee_online.source) == (0, "standard")
    assert silent.fee_online.where.startswith("Law on Civil Status 2014")
    assert (silent.days_online.value, silent.days_online.source) == (1, "standard")
    assert check_answer(BIRTH, "fee", "It is free.", "en", silent) == []
    problems = check_answer(BIRTH, "fee", "The fee is 5,000 VND online.", "en", silent)
    assert problems == [
        "the fee stated is 5,000 VND (“5,000 VND”); the online fee is free (0 VND) according to the "
        "standard (Law on Civil Status 2014, art. 11 (on-time birth registration is free))"
    ]


def test_where_the_standard_is_illustrative_the_information_page_is_the_reference():
    references = on_page(DRIVING, fee_online=185000, days_online=5)
    assert (references.fee_online.value, references.fee_online.source) == (185000, "information_page")
    # The portal's own figure, though the standard's illustrative fee is 115,000: no problem.
    answer = "The fee is 185,000 VND when you apply online and 135,000 VND at the counter."
    assert check_answer(DRIVING, "fee", answer, "en", references) == []
    assert check_answer(DRIVING, "fee", "The fee is 115,000 VND online.", "en", references) == [
        "the fee stated is 115,000 VND (“115,000 VND”); the online fee is 185,000 VND according to the "
        "portal's information page (http://portal.test/procedures/x)"
    ]


def test_an_illustrative_standard_value_never_produces_a_problem():
    # No information page (or one that states nothing): the standard's illustrative values are no reference.
    for references in (references_for(CITIZEN_ID, None), on_page(CITIZEN_ID)):
        for topic, answer in (("fee", "The fee is 999,000 VND."), ("time", "It takes 90 working days.")):
            assert check_answer(CITIZEN_ID, topic, answer, "en", references) == [], topic
            assert reference_of(topic, references) is None, topic
    # Without references at all, only authoritative values are checked.
    assert check_answer(CITIZEN_ID, "fee", "Miễn phí.", "vi") == []
    assert check_answer(BIRTH, "fee", "Miễn phí.", "vi") == []
    assert check_answer(BIRTH, "fee", "5.000 đồng.", "vi") != []


def test_without_a_documents_section_the_documents_answer_is_not_assessable():
    references = on_page(BIRTH, documents=None)
    assert reference_of("documents", references) is None
    assert check_answer(BIRTH, "documents", "You need nothing at all.", "en", references) == []
    # The standard's document names are no reference either (they are generic wordings).
    assert check_answer(DRIVING, "documents", "Nothing.", "en") == []


def test_what_each_answer_is_checked_against_is_said():
    references = on_page(CITIZEN_ID, documents=["Portrait photo"], fee_online=15000)
    assert reference_of("documents", references) == (
        "the documents the portal's information page lists (http://portal.test/procedures/x)"
    )
    assert reference_of("fee", references) == (
        "online fee 15,000 VND, the portal's information page (http://portal.test/procedures/x)"
    )
    assert reference_of("time", references) is None
    assert reference_of("time", references_for(BIRTH, None)).startswith(
        "online time limit 1 working day, the standard (Law on Civil Status 2014"
    )


def test_a_checked_answer_records_its_reference_and_whether_it_was_assessable():
    references = on_page(CITIZEN_ID, fee_online=15000)
    fee = checked(CITIZEN_ID, "fee", "What is the fee?", "15,000 VND online.", "en", references)
    assert (fee.assessable, fee.problems, fee.right) == (True, [], True)
    assert fee.reference.startswith("online fee 15,000 VND")
    time = checked(CITIZEN_ID, "time", "How long?", "It takes 90 working days.", "en", references)
    assert (time.assessable, time.problems, time.reference, time.right) == (False, [], "", False)
    assert time.to_dict()["assessable"] is False
    assert AssistantAnswer.model_validate(time.to_dict()).assessable is False


def test_an_answer_without_a_reference_is_neither_right_nor_wrong_in_the_verdict():
    references = on_page(CITIZEN_ID, documents=["Portrait photo"], fee_online=15000)  # no time limit
    answers = [
        checked(CITIZEN_ID, "documents", "Which documents?", "A portrait photo.", "en", references),
        checked(CITIZEN_ID, "fee", "Fee?", "15,000 VND online.", "en", references),
        checked(CITIZEN_ID, "time", "How long?", "It takes 90 working days.", "en", references),
    ]
    result = judge_virtual_assistant({"answers": [qa.to_dict() for qa in answers]})
    assert result.verdict == "not_assessable" and result.findings == []
    assert "time" in result.summary
    # With a time limit on the page, the same answer is wrong.
    references = on_page(CITIZEN_ID, documents=["Portrait photo"], fee_online=15000, days_online=7)
    answers[2] = checked(CITIZEN_ID, "time", "How long?", "It takes 90 working days.", "en", references)
    result = judge_virtual_assistant({"answers": [qa.to_dict() for qa in answers]})
    assert result.verdict == "not_met" and [f.kind for f in result.findings] == ["wrong_answer"]


# Documents ------------------------------------------------------------------------------------------


def test_documents_the_information_page_lists_must_be_named():
    references = on_page(BIRTH, documents=BIRTH_DOCUMENTS)
    answer = "For Birth registration you need: Medical birth certificate."
    assert check_answer(BIRTH, "documents", answer, "en", references) == []
    assert check_answer(
        BIRTH, "documents", "For Birth registration you need no documents.", "en", references
    ) == [
        "the answer does not name the document “Medical birth certificate issued by the health facility "
        "where the child was born”, which the portal's information page lists; it says: “For Birth "
        "registration you need no documents.”"
    ]


def test_the_application_form_and_what_need_not_be_provided_are_not_required_in_the_answer():
    assert listed_document_names(BIRTH_DOCUMENTS[0]) is None  # the e-form itself
    assert listed_document_names(BIRTH_DOCUMENTS[2]) is None  # looked up by the agency
    assert listed_document_names("Tờ khai đăng ký khai sinh theo mẫu") is None
    assert listed_document_names("Giấy ủy quyền (nếu có)") is None
    assert listed_document_names("Power of attorney, if any") is None
    assert listed_document_names("Giấy chứng nhận kết hôn (cơ quan tự tra cứu, không cần đính kèm)") is None


@pytest.mark.parametrize(
    ("listed", "named_by"),
    [
        (
            "Medical birth certificate issued by the health facility where the child was born",
            "medical birth certificate",
        ),
        ("Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp", "giay chung sinh"),
        ("Bản chính Giấy chứng sinh", "giay chung sinh"),
        ("01 bản sao Giấy chứng nhận quyền sử dụng đất", "giay chung nhan quyen su dung dat"),
        (
            "Proof of lawful residence, such as a rental contract or the owner's written consent",
            "proof of lawful residence",
        ),
        ("A copy of the land-use right certificate", "land use right certificate"),
        ("Portrait photo", "portrait photo"),
        ("Ảnh chân dung (4x6 cm, nền trắng)", "anh chan dung"),
    ],
)
def test_a_listed_document_is_named_by_its_name_less_qualifiers(listed, named_by):
    assert listed_document_names(listed)[0] == named_by


def test_a_listed_document_may_be_named_by_an_alternative_or_by_the_standard_name():
    assert "the ho chieu" in listed_document_names("Thẻ căn cước hoặc thẻ hộ chiếu")
    references = on_page(
        DRIVING, documents=["Giấy khám sức khỏe người lái xe do cơ sở y tế cấp", "Ảnh chân dung"]
    )
    # The page's wording is longer than the answer's; the standard's name of it bridges the two.
    assert (
        check_answer(DRIVING, "documents", "Cần: Giấy khám sức khỏe, ảnh chân dung.", "vi", references) == []
    )


def test_documents_match_without_case_punctuation_or_diacritics():
    references = on_page(DRIVING, documents=DRIVING_DOCUMENTS)
    assert (
        check_answer(DRIVING, "documents", "You need: HEALTH-CERTIFICATE; portrait photo.", "en", references)
        == []
    )
    vi = on_page(BIRTH, documents=["Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp"])
    assert check_answer(BIRTH, "documents", "Ban can: giay chung sinh.", "vi", vi) == []


def test_a_missing_document_is_a_problem_in_vietnamese_too():
    references = on_page(DRIVING, documents=["Giấy khám sức khỏe người lái xe", "Ảnh chân dung"])
    problems = check_answer(DRIVING, "documents", "Bạn cần: Ảnh chân dung.", "vi", references)
    assert len(problems) == 1 and "“Giấy khám sức khỏe người lái xe”" in problems[0]
    # An answer in another language than the page's does not name it.
    problems = check_answer(
        BIRTH,
        "documents",
        "Bạn cần: Medical birth certificate.",
        "vi",
        on_page(BIRTH, documents=["Giấy chứng sinh"]),
    )
    assert problems and "“Giấy chứng sinh”" in problems[0]


def test_a_page_that_lists_no_document_to_provide_accepts_any_answer():
    references = on_page(STAY, documents=["Notification of stay declaration (the online e-form)"])
    assert reference_of("documents", references) is not None
    assert check_answer(STAY, "documents", "No documents are needed.", "en", references) == []


# Fee ------------------------------------------------------------------------------------------------


def test_the_right_online_fee_stated_first_passes():
    answer = (
        "The fee for Issue / renew / replace citizen ID card is 15,000 VND when you apply online and "
        "30,000 VND at the counter."
    )
    assert check_answer(CITIZEN_ID, "fee", answer, "en", CITIZEN_ID_PAGE) == []


def test_the_right_fee_in_vietnamese_passes():
    answer = (
        "Lệ phí thủ tục Cấp, đổi, cấp lại thẻ CCCD là 15.000 đồng khi nộp trực tuyến và 30.000 đồng tại quầy."
    )
    assert check_answer(CITIZEN_ID, "fee", answer, "vi", CITIZEN_ID_PAGE) == []


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
    assert check_answer(CITIZEN_ID, "fee", f"The fee is {amount} online.", "en", CITIZEN_ID_PAGE) == []
    assert stated_amounts(f"The fee is {amount} online.")[0][0] == 15000


def test_a_wrong_fee_is_a_problem_that_quotes_the_answer():
    answer = "Lệ phí là 75.000 đồng khi nộp trực tuyến và 30.000 đồng tại quầy."
    assert check_answer(CITIZEN_ID, "fee", answer, "vi", CITIZEN_ID_PAGE) == [
        "the fee stated is 75,000 VND (“75.000 đồng”); the online fee is 15,000 VND according to the "
        "portal's information page (http://portal.test/procedures/x)"
    ]


def test_the_in_person_fee_stated_first_is_a_problem():
    answer = "The fee is 30,000 VND at the counter and 15,000 VND online."
    problems = check_answer(CITIZEN_ID, "fee", answer, "en", CITIZEN_ID_PAGE)
    assert len(problems) == 1 and problems[0].startswith("the fee stated is 30,000 VND (“30,000 VND”)")
    assert problems[0].endswith("(it is stated, but not first: answers state the online fee first)")


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


def test_a_fee_where_the_reference_says_free_is_a_problem():
    answer = "The fee for Birth registration is 5,000 VND when you apply online and 8,000 VND at the counter."
    problems = check_answer(BIRTH, "fee", answer, "en")
    assert problems == [
        "the fee stated is 5,000 VND (“5,000 VND”); the online fee is free (0 VND) according to the standard "
        "(Law on Civil Status 2014, art. 11 (on-time birth registration is free))"
    ]


def test_free_where_the_page_charges_is_a_problem():
    problems = check_answer(CITIZEN_ID, "fee", "Miễn phí.", "vi", CITIZEN_ID_PAGE)
    assert len(problems) == 1 and problems[0].startswith("the fee stated is free (0 VND) (“Miễn phí”)")


def test_an_answer_without_a_fee_is_a_problem():
    problems = check_answer(CITIZEN_ID, "fee", "Please ask at the counter.", "en", CITIZEN_ID_PAGE)
    assert problems == [
        "the answer states no fee (“Please ask at the counter.”); the online fee is 15,000 VND according to "
        "the portal's information page (http://portal.test/procedures/x)"
    ]


def test_numbers_in_names_codes_and_legal_references_are_not_fees():
    named = (
        "The fee for Linked: birth + permanent residence + health insurance for under-6 is Free of charge."
    )
    assert check_answer(LINKED_BIRTH, "fee", named, "en", on_page(LINKED_BIRTH, fee_online=0)) == []
    cited = "Under Circular 59/2019/TT-BTC (procedure 2.001702) the fee is 15,000 VND online."
    assert check_answer(CITIZEN_ID, "fee", cited, "en", CITIZEN_ID_PAGE) == []


# Time -----------------------------------------------------------------------------------------------


def test_the_right_online_time_passes():
    answer = "Birth registration takes 1 working day when you apply online and 1 at the counter."
    assert check_answer(BIRTH, "time", answer, "en") == []


def test_the_right_time_in_vietnamese_passes():
    answer = "Thủ tục Đăng ký khai sinh giải quyết trong 1 ngày làm việc khi nộp trực tuyến và 1 tại quầy."
    assert check_answer(BIRTH, "time", answer, "vi") == []


def test_a_wrong_time_is_a_problem_that_quotes_the_answer():
    answer = "Issue / renew / replace citizen ID card takes 17 working days when you apply online."
    assert check_answer(CITIZEN_ID, "time", answer, "en", CITIZEN_ID_PAGE) == [
        "the time stated is 17 working days (“17 working days”); the online time limit is 7 working days "
        "according to the portal's information page (http://portal.test/procedures/x)"
    ]


def test_an_assistant_repeating_its_pages_longer_time_is_right_for_the_citizen():
    # The standard cites the Law on Residence 2020 (7 working days); the page says 12, the answer too.
    # Online slower than the law is the information page's finding (transparency), not the assistant's.
    references = on_page(RESIDENCE, fee_online=10000, days_online=12)
    assert check_answer(RESIDENCE, "time", "It takes 12 working days online.", "en", references) == []
    problems = check_answer(RESIDENCE, "time", "It takes 7 working days online.", "en", references)
    assert len(problems) == 1 and "the portal's information page" in problems[0]


def test_a_wrong_time_in_vietnamese_is_a_problem():
    answer = "Thủ tục giải quyết trong 11 ngày làm việc khi nộp trực tuyến."
    problems = check_answer(BIRTH, "time", answer, "vi")
    assert len(problems) == 1 and problems[0].startswith(
        "the time stated is 11 working days (“11 ngày làm việc”)"
    )


def test_the_in_person_time_stated_first_is_a_problem():
    references = on_page(OLD_ID, days_online=1)
    answer = "It takes 3 working days at the counter and 1 working day online."
    problems = check_answer(OLD_ID, "time", answer, "en", references)
    assert len(problems) == 1 and problems[0].startswith("the time stated is 3 working days")
    assert check_answer(OLD_ID, "time", "1 working day online, 3 at the counter.", "en", references) == []


def test_time_in_words_and_ranges():
    assert check_answer(CITIZEN_ID, "time", "It takes seven working days.", "en", CITIZEN_ID_PAGE) == []
    assert check_answer(CITIZEN_ID, "time", "Trong vòng bảy ngày làm việc.", "vi", CITIZEN_ID_PAGE) == []
    # A time limit is a maximum: a range counts as its upper bound.
    assert stated_days("from 3 to 7 working days")[0] == 7
    assert check_answer(CITIZEN_ID, "time", "Từ 5 đến 7 ngày làm việc.", "vi", CITIZEN_ID_PAGE) == []


def test_plain_days_count_when_no_working_days_are_stated():
    assert check_answer(CITIZEN_ID, "time", "About 7 days.", "en", CITIZEN_ID_PAGE) == []


def test_zero_working_days_may_be_said_as_at_once():
    references = on_page(STAY, days_online=0)
    assert (
        check_answer(STAY, "time", "Notification of stay takes 0 working days online.", "en", references)
        == []
    )
    assert check_answer(STAY, "time", "It is handled immediately, on receipt.", "en", references) == []
    assert check_answer(STAY, "time", "Được giải quyết ngay lập tức.", "vi", references) == []
    assert check_answer(BIRTH, "time", "It is handled immediately.", "en") != [], "only 0 days is at once"


def test_an_answer_without_a_time_is_a_problem():
    problems = check_answer(BIRTH, "time", "Soon.", "en")
    assert len(problems) == 1 and problems[0].startswith(
        "the answer states no time limit in working days (“Soon.”); the online time limit is 1 working day"
    )


def test_numbers_in_the_name_are_not_the_time():
    answer = "Linked: birth + permanent residence + health insurance for under-6 takes 5 working days."
    assert check_answer(LINKED_BIRTH, "time", answer, "en", on_page(LINKED_BIRTH, days_online=5)) == []


# Results --------------------------------------------------------------------------------------------


def test_a_qa_becomes_the_measurements_answer():
    qa = QA(
        "fee", "What is the fee?", "Free.", ["a problem"], reference="online fee free (0 VND), the standard"
    )
    assert qa.to_dict() == {
        "topic": "fee",
        "question": "What is the fee?",
        "answer": "Free.",
        "problems": ["a problem"],
        "assessable": True,
        "reference": "online fee free (0 VND), the standard",
    }
    assert AssistantAnswer.model_validate(qa.to_dict()).problems == ["a problem"]
    assert not qa.right and QA("time", "q", "a").right
    assert not QA("time", "q", "a", assessable=False).right, "not assessable is never right"
