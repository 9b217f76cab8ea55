"""Every word of the scorecard, in English and Vietnamese: one dict per language, one entry per key.

The reports never spell a sentence themselves: they ask `Wording(lang)(key, **values)`. Both
dictionaries hold the same keys with the same `{placeholders}` (tests/reporting/test_scorecard_wording.py
checks it), so a report in either language is complete. Finding kinds (`finding.<kind>`), the
full-online reasons among them, are sentences a citizen or an assessor understands; a kind without a
sentence reads as its id made readable ("some_new_kind" -> "Some new kind"), an accessibility rule id
without one as "accessibility rule <id>". Names of groups and criteria are not here: they come from the
quality model, in the report's language.
"""

# ruff: noqa: E501  (sentences are kept one per line, so that each language reads as a list)
from __future__ import annotations

import re
from datetime import datetime

from markupsafe import Markup, escape

LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"

EN: dict[str, str] = {
    # --- the page -------------------------------------------------------------------------------------
    "page.title": "Public-service portal assessment",
    "page.portal_title": "{portal} – portal assessment",
    "page.generated": "Generated {when}",
    "page.portals_count": "{count} portals assessed",
    "page.sections": "Sections",
    "page.back": "Back to the ranking of all portals",
    "page.machine_readable": "Machine-readable: {json} · {csv}",
    "page.allure_report": "Allure test report",
    "page.allure_evidence": "Step-by-step evidence, screenshots and history of every scenario: {link}.",
    "page.no_allure": "No Allure HTML report is linked to this assessment, so the verdicts do not link to their evidence.",
    "page.language": "Language: English",
    "page.details_technical": "Technical details",
    "page.none": "–",
    # --- the model ------------------------------------------------------------------------------------
    "model.heading": "About the quality model",
    "model.line": "Quality model {title} (id {id}, version {version}), {points} points in {groups} groups.",
    "model.coverage_rule": "Only what was observed counts: a portal's score is the points it earned out of the points that had evidence in this run, and its coverage says how many of the model's points that was. Points without evidence are left out, never counted as 0 or as full. A portal gets a grade only when at least {minimum} of the points had evidence; below that its score is published without a grade.",
    "model.bands_caption": "Grades by score",
    "model.band_range": "{minimum} or more",
    "model.groups_caption": "Groups and criteria of the model, with their points and sources",
    "model.group": "Group",
    "model.criterion": "Criterion",
    "model.points": "Points",
    "model.source": "Source",
    "model.per_procedure": "also scored per procedure",
    "model.not_observable": "not observable from a browser: {why}",
    "model.sources": "Sources of the model: {source}",
    "model.grade": "Grade",
    "model.score": "Score",
    "model.not_assessable_row": "no evidence at all, so no score and no grade (never an E)",
    # --- ranking --------------------------------------------------------------------------------------
    "ranking.heading": "Ranking",
    "ranking.caption": "Portals ranked by score (0–100, of the points that had evidence), highest first; equal scores share a rank; portals without any evidence last, not assessable",
    "ranking.rank": "Rank",
    "ranking.portal": "Portal",
    "ranking.level": "Level",
    "ranking.score": "Score",
    "ranking.grade": "Grade",
    "ranking.coverage": "Coverage",
    "ranking.points": "Points assessed of total",
    "ranking.speed": "Speed under load",
    "ranking.change": "Since the previous run",
    "ranking.portal_page": "details",
    "ranking.chart_title": "Score of each portal",
    "ranking.chart_description": "Horizontal bars: each portal's score from 0 to 100, with its grade; a dashed outline for a portal that could not be assessed.",
    "ranking.chart_scale": "score (0–100)",
    # --- grades and scores ----------------------------------------------------------------------------
    "grade.not_assessable": "not assessable",
    "grade.withheld": "no grade: only {coverage} of the model's points had evidence (a grade needs {minimum})",
    "grade.withheld_short": "no grade (coverage below {minimum})",
    "score.of_points": "{earned} of {points} points",
    "score.points_pair": "{assessed} of {total}",
    "score.percent": "{value} %",
    "score.with_grade": "{value} % · grade {grade}",
    "score.no_grade": "{value} %",
    "score.change_up": "+{change}",
    "score.change_down": "−{change}",
    "score.change_none": "no change",
    "score.change_new": "first run",
    # --- groups ---------------------------------------------------------------------------------------
    "groups.heading": "Score per group",
    "groups.intro": "Each group's score is the share of its points earned, of the points that had evidence. A dashed outline: nothing in the group could be assessed in this run.",
    "groups.chart_title": "Score per group on {portal}",
    "groups.chart_description": "Horizontal bars: one per group of the quality model, its score from 0 to 100 of the points assessed; groups without evidence are marked not assessed.",
    "groups.bar_label": "{group}",
    "groups.bar_text": "{score} % of {assessed} pts",
    "groups.bar_text_graded": "{score} % · {grade} · of {assessed} pts",
    "groups.not_assessed": "not assessed (no evidence)",
    "groups.table_caption": "{group}: {earned} of {assessed} points assessed ({points} in the model)",
    # --- criteria -------------------------------------------------------------------------------------
    "criteria.heading": "Groups and criteria",
    "criteria.criterion": "Criterion",
    "criteria.points": "Points",
    "criteria.earned": "Earned",
    "criteria.status": "Status",
    "criteria.figure": "What was measured",
    "status.scored": "scored",
    "status.not_assessed": "not assessed",
    "status.not_observable": "not observable",
    "status.not_assessed_why": "No evidence in this run: {why}.",
    "status.not_observable_why": "A browser cannot observe it: {why}.",
    # --- figures in words -----------------------------------------------------------------------------
    "figure.full_online": "{total}: {full} fully online, {partial} partly online, {not_online} not online",
    "figure.prefilled": "{prefilled} of {asked} register-held fields pre-filled, in {procedures}",
    "figure.without_findings": "{good} of {total} {unit} without these findings",
    "figure.meeting": "{good} of {total} {unit} met it",
    "figure.accessibility_none": "no accessibility rule broken on {pages} scanned",
    "figure.accessibility": "{rules} broken, {elements}, on {pages} scanned",
    "figure.accessibility_affected": "{rules} broken, {elements}, on {affected} of {pages} scanned",
    "figure.deductions": "deductions {deductions} of a budget of {budget}",
    "figure.percentile": "{percentile} {value} ms over {samples} (good ≤ {good} ms, poor > {poor} ms)",
    "figure.load_met": "the load test met its objectives",
    "figure.load_missed": "the load test missed its objectives",
    "figure.pages_with": "{good} of {total} {fact}",
    "figure.required_links": "{good} of {total} required links found on the public pages",
    "figure.generic": "figure {value} over {observed} {unit}",
    "fact.https": "served over HTTPS",
    "fact.hsts": "enforce HTTPS (HSTS)",
    "fact.security_headers": "send the security headers",
    "fact.own_hosts_only": "use only the portal's own hosts",
    "fact.privacy_link": "link to the privacy policy",
    "fact.monitoring_code": "carry the monitoring code",
    "percentile.name": "{ordinal} percentile",
    # --- units ----------------------------------------------------------------------------------------
    "unit.procedures.one": "procedure",
    "unit.procedures.other": "procedures",
    "unit.scenarios.one": "scenario",
    "unit.scenarios.other": "scenarios",
    "unit.pages.one": "page",
    "unit.pages.other": "pages",
    "unit.page loads.one": "page load",
    "unit.page loads.other": "page loads",
    "unit.load phases.one": "load test",
    "unit.load phases.other": "load tests",
    "unit.links.one": "link",
    "unit.links.other": "links",
    "unit.elements.one": "element",
    "unit.elements.other": "elements",
    "unit.rules.one": "accessibility rule",
    "unit.rules.other": "accessibility rules",
    "unit.distinct pages.one": "distinct page",
    "unit.distinct pages.other": "distinct pages",
    "unit.findings.one": "finding",
    "unit.findings.other": "findings",
    "count": "{count} {unit}",
    # --- findings -------------------------------------------------------------------------------------
    "findings.heading": "What cost points, most first",
    "findings.intro": "Every kind of finding with the points it cost {portal}, and where it was seen: open the test case in Allure for the steps, the page and the screenshot.",
    "findings.none": "No finding cost this portal points in this run.",
    "findings.caption": "Findings on {portal}, ranked by points lost",
    "findings.rank": "#",
    "findings.what": "What is wrong",
    "findings.criterion": "Criterion",
    "findings.points_lost": "Points lost",
    "findings.how_often": "How often",
    "findings.evidence": "Where it was seen",
    "findings.impact": "impact: {impact}",
    "findings.elements_on_pages": "{elements} on {pages}",
    "findings.times_in": "{occurrences} in {units}",
    "findings.in": "in {units}",
    "findings.more_examples": "and {count} more",
    "impact.critical": "critical",
    "impact.serious": "serious",
    "impact.moderate": "moderate",
    "impact.minor": "minor",
    # --- evidence -------------------------------------------------------------------------------------
    "evidence.procedure_on": "{procedure} ({scenario}, {viewport})",
    "evidence.scenario_on": "{scenario} ({viewport})",
    "evidence.page": "page {page}",
    "evidence.seen": "Seen: {detail}",
    "evidence.test_case": "test case in Allure",
    "evidence.test_case_for": "for {what} on {portal}",
    "evidence.screenshot": "screenshot",
    "evidence.screenshot_name": "screenshot {name} (in the Allure results)",
    "scenario.journey": "journey",
    "scenario.assistant": "virtual assistant",
    "scenario.site": "portal-wide page check",
    "scenario.load": "load test",
    "viewport.desktop": "desktop",
    "viewport.phone": "phone",
    # --- matrix ---------------------------------------------------------------------------------------
    "matrix.heading": "Procedures by portal",
    "matrix.caption": "How each procedure is offered on each portal ({viewport} journey): fully online, partly online or not online, with why and the model's criteria it lost points on",
    "matrix.procedure": "Procedure",
    "matrix.not_tested": "not tested",
    "matrix.lost_on": "Lost points on: {criteria}",
    "matrix.own_points": "Procedure's own score: {score} of 100",
    "matrix.legend": "Legend",
    "matrix.other_finding": "Another defect the scenario reported.",
    "verdict.full": "Fully online",
    "verdict.partial": "Partly online",
    "verdict.not_online": "Not online",
    "verdict.not_assessable": "Not assessable",
    "verdict.not_applicable": "Not applicable",
    "verdict.full.means": "everything, payment and result included, can be done online",
    "verdict.partial.means": "some step must be done in person (paying, an appointment, collecting the result)",
    "verdict.not_online.means": "the procedure cannot be done online",
    "verdict.not_assessable.means": "portalqa could not finish the check (portal unreachable or a test problem): left out of the score",
    "verdict.not_applicable.means": "the procedure does not apply to this portal",
    # --- speed under load -----------------------------------------------------------------------------
    "speed.met": "Objectives met",
    "speed.missed": "Objectives missed",
    "speed.not_assessable": "Not measured",
    "speed.not_applicable": "Not applicable",
    "speed.heading": "Speed under load",
    "speed.caption": "95th-percentile response time per request group against its objective",
    "speed.group": "Request group",
    "speed.requests": "Requests",
    "speed.failed": "Failed",
    "speed.p95": "95th percentile (ms)",
    "speed.objective": "Objective (ms)",
    "speed.group_met": "Met",
    "speed.failure_ratio": "All requests: share failed",
    "speed.failure_ratio_value": "{ratio} % (objective ≤ {limit} %)",
    "yes": "yes",
    "no": "no",
    # --- trend ----------------------------------------------------------------------------------------
    "trend.heading": "Trend",
    "run.interrupted": "This run was interrupted ({signal}, during the {phase} phase): the scores cover only the scenarios that finished; see each portal's coverage. Run the assessment again for a complete result.",
    "trend.chart_title": "Scores over the last runs",
    "trend.chart_description": "Lines: each portal's score (0–100) in each run, oldest on the left; each portal has its own colour and marker shape, named in the legend.",
    "trend.chart_scale": "score",
    "trend.single_run": "The trend appears from the second run on: this is the only run in the history.",
    "trend.no_history": "No earlier run was kept, so there is no trend yet.",
    "trend.model_changed": "The previous run was scored with another version of the model: compare the scores with care.",
    "trend.previous": "Previous run ({when}): score {score}, grade {grade}.",
    "trend.previous_unscored": "Previous run ({when}): no score.",
    "trend.not_in_previous": "This portal was not in the previous run.",
    "trend.regressions": "Lost points since the previous run",
    "trend.improvements": "Gained points since the previous run",
    "trend.change_line": "{criterion} ({group}): {before} → {after} points",
    "trend.no_changes": "No criterion gained or lost points.",
    "trend.table_caption": "Scores per run",
    "trend.run": "Run",
    # --- portal page ----------------------------------------------------------------------------------
    "portal.summary": "Summary",
    "portal.owner": "Owner",
    "portal.level": "Level",
    "portal.rank": "Rank",
    "portal.score": "Score",
    "portal.grade": "Grade",
    "portal.coverage": "Coverage",
    "portal.coverage_value": "{coverage} of the model's points had evidence ({assessed} of {total})",
    "portal.unranked": "not ranked (no score)",
    "portal.rank_value": "{rank} of {count}",
    "portal.procedures_heading": "Procedures and their own points",
    "portal.procedures_intro": "Each procedure's points under the model's per-procedure criteria, judged on its own scenarios.",
    "portal.procedures_caption": "Procedures on {portal}: how they are offered, and their own points",
    "portal.procedure": "Procedure",
    "portal.code": "Code",
    "portal.verdict": "Offered online",
    "portal.own_score": "Own score",
    "portal.own_points": "Points",
    "portal.lost_on": "Lost points on",
    "portal.evidence": "Evidence",
    "portal.journeys_heading": "The citizen's effort in each journey",
    "portal.journeys_caption": "Journeys on {portal}: time, pages, clicks, typing and page loads",
    "portal.viewport": "Viewport",
    "portal.outcome": "Test outcome",
    "portal.task_time": "Task time (s)",
    "portal.pages": "Pages",
    "portal.clicks": "Clicks",
    "portal.typed": "Fields typed",
    "portal.prefilled": "Fields pre-filled",
    "portal.uploads": "Uploads",
    "portal.median_load": "Median page load (ms)",
    "portal.scenarios_heading": "Every scenario and its evidence",
    "portal.scenarios_caption": "Scenarios played on {portal}",
    "portal.scenario": "Scenario",
    "portal.not_assessable_heading": "Not assessable",
    "outcome.passed": "met everything checked",
    "outcome.failed": "found defects",
    "outcome.broken": "could not assess",
    "outcome.skipped": "not applicable",
    "outcome.unknown": "could not assess",
    # --- not assessable and problems ------------------------------------------------------------------
    "na.heading": "Not assessable",
    "na.intro": "These procedures could not be assessed (portal unreachable, a test problem, or no evidence). They are left out of the portal's score, not counted as 0, and should be run again.",
    "na.none": "Every procedure could be assessed.",
    "na.caption": "Procedures left out of the score because they could not be assessed",
    "na.portal": "Portal",
    "na.procedure": "Procedure",
    "na.why": "Why",
    "problems.heading": "Problems reading the results",
    "problems.intro": "These files could not be used; what they held shows as not assessable.",
    "source.line": "Results read: {read}; not portal scenarios: {unlabelled}; replaced by a later run: {superseded}.",
    # --- why nothing could be measured (the scorer's reasons, in words) -------------------------------
    "why.no_procedure": "no procedure could be assessed",
    "why.no_eform": "no journey got through the e-form",
    "why.no_scenario_judged": "no scenario could be judged on {criterion}",
    "why.no_axe": "no page was scanned for accessibility",
    "why.no_timing": "no page reported its {timing}",
    "why.no_load": "the load test did not run for this portal",
    "why.load_failed": "the load test could not measure",
    "why.https_loopback": "every page came from this machine (a local copy of the portal): how the real portal is served is not assessed",
    "why.no_https_headers": "no page was served over HTTPS with its headers read",
    "why.no_headers": "no page's response headers were read",
    "why.no_pages": "no page was observed",
    "why.no_links_read": "no page's links were read",
    "why.no_monitoring_rule": "the portal's profile does not say how to recognise the monitoring code",
    "why.no_site_check": "no portal-wide page check read the page links",
    "why.unknown": "nothing in this run could measure it",
    "detail.typed_register_fields": "typed although the register holds them: {fields}",
    "detail.no_link_anywhere": "no {link} link on any public page",
    "timing.server_response_ms": "server response time",
    "timing.largest_contentful_paint_ms": "largest contentful paint",
    "quality.full_online": "full online",
    "quality.simplicity": "simplicity",
    "quality.convenience": "convenience",
    "quality.speed": "speed",
    "quality.accessibility": "accessibility",
    "quality.mobile": "use on a phone",
    "quality.virtual_assistant": "the virtual assistant",
    "quality.transparency": "transparency",
    "quality.privacy_security": "privacy and security",
    # --- findings in words ----------------------------------------------------------------------------
    "finding.axe_rule": "A page breaks the accessibility rule “{rule}”.",
    "finding.pay_at_counter": "The fee cannot be paid online: the citizen must pay at the counter.",
    "finding.result_in_person": "The result must be collected in person; it is not returned online.",
    "finding.appointment_in_person": "The citizen must come to an appointment in person.",
    "finding.not_offered_online": "The procedure cannot be done online at all.",
    "finding.journey_blocked": "The online journey stopped before the dossier could be sent.",
    "finding.portal_unreachable": "The portal did not answer, so the procedure could not be assessed.",
    "finding.server_error": "The portal's server answered with an error (HTTP 5xx), so the procedure could not be assessed.",
    "finding.timeout": "The portal did not answer in time, so the procedure could not be assessed.",
    "finding.harness_error": "The assessment tool itself failed on this procedure: not the portal's fault; run it again.",
    "finding.could_not_assess": "The test stopped before it reached a verdict, so the procedure could not be assessed.",
    "finding.no_evidence": "The scenario left no measurements to assess.",
    "finding.not_applicable": "The procedure does not apply to this portal.",
    "finding.partial": "Only part of the procedure can be done online.",
    "finding.not_online": "The procedure is not offered online.",
    "finding.not_met": "The scenario did not meet the criterion.",
    "finding.other_finding": "Another defect the scenario reported.",
    "finding.not_prefilled": "The citizen had to type data the state already holds: it was not pre-filled.",
    "finding.redundant_document": "The portal asks for a document the state already holds.",
    "finding.document_beyond_standard": "The portal asks for a document the standard procedure does not require.",
    "finding.field_beyond_standard": "The e-form asks for information the standard procedure does not require.",
    "finding.no_national_eid": "The citizen cannot sign on with the national electronic identity (VNeID).",
    "finding.values_cleared_on_error": "After a mistake the form clears what the citizen had already typed.",
    "finding.errors_not_tied_to_fields": "Error messages do not say which field is wrong.",
    "finding.no_status_tracking": "The dossier's progress cannot be followed online.",
    "finding.no_electronic_result": "The result is not returned electronically.",
    "finding.online_fee_higher": "Applying online costs more than applying at the counter.",
    "finding.online_time_longer": "Applying online takes longer than applying at the counter.",
    "finding.information_missing": "The procedure's information page leaves out something the citizen needs (documents, fee, time limit, ...).",
    "finding.wrong_answer": "The virtual assistant gave a wrong answer.",
    "finding.no_assistant": "The portal has no virtual assistant to ask.",
    "finding.horizontal_scroll": "On a phone the page is wider than the screen and must be scrolled sideways.",
    "finding.no_viewport_meta": "The page is not set up for phone screens (no viewport meta tag).",
    "finding.small_targets": "Buttons or links are too small to tap reliably on a phone.",
    "finding.journey_not_completed": "The journey could not be completed on a phone.",
    "finding.third_party_host": "Pages load content from other organisations' servers (third parties).",
    "finding.third_party_cookie": "A third party sets a cookie in the citizen's browser.",
    "finding.missing_security_headers": "Pages do not send the security headers that protect visitors (Content-Security-Policy, X-Content-Type-Options).",
    "finding.missing_security_header": "A page does not send the security headers that protect visitors.",
    "finding.page_without_https": "A page is served without HTTPS encryption.",
    "finding.page_without_hsts": "HTTPS is not enforced: the page sends no HSTS header.",
    "finding.no_privacy_link": "The page has no link to the personal-data protection policy.",
    "finding.console_error": "The page reports errors in the browser's console.",
    "finding.no_monitoring_code": "The page does not carry the ministry's monitoring code (EMC).",
    "finding.no_accessibility_statement_link": "No public page links to an accessibility statement.",
    "finding.no_contact_link": "No public page links to contact details.",
    "finding.no_privacy_policy_link": "No public page links to the privacy policy.",
    "finding.slow_server_response_ms": "Some pages answer slowly (server response time).",
    "finding.slow_server_response": "A page answers slowly (server response time).",
    "finding.slow_largest_contentful_paint_ms": "Some pages take long to show their main content.",
    "finding.slow_largest_contentful_paint": "A page takes long to show its main content.",
    "finding.load_objectives_missed": "With many visitors at once the portal missed its response-time or error objectives.",
    "finding.wcag_violation": "A page breaks an accessibility rule (WCAG).",
    "finding.no_accessible_name": "A control has no name a screen reader can announce.",
    "finding.image-alt": "Images have no text alternative for people who cannot see them.",
    "finding.color-contrast": "Text contrast is too low to read easily.",
    "finding.label": "Form fields have no label.",
    "finding.link-name": "Links have no name that says where they lead.",
    "finding.button-name": "Buttons have no name that says what they do.",
    "finding.select-name": "Drop-down lists have no label.",
    "finding.input-image-alt": "Image buttons have no text alternative.",
    "finding.html-has-lang": "The page does not say which language it is in.",
    "finding.html-lang-valid": "The page names a language that does not exist.",
    "finding.document-title": "The page has no title.",
    "finding.meta-viewport": "The page stops people from zooming in on a phone.",
    "finding.aria-deprecated-role": "The page uses an outdated ARIA role.",
    "finding.aria-required-attr": "Elements lack an ARIA attribute their role requires.",
    "finding.aria-valid-attr-value": "Elements have invalid ARIA attribute values.",
    "finding.aria-hidden-focus": "Hidden elements can still receive the keyboard focus.",
    "finding.duplicate-id-aria": "Elements that assistive technology refers to share the same id.",
    "finding.heading-order": "Headings skip levels.",
    "finding.empty-heading": "Some headings are empty.",
    "finding.page-has-heading-one": "The page has no main heading.",
    "finding.landmark-one-main": "The page has no main region.",
    "finding.region": "Some content lies outside the page's regions.",
    "finding.list": "Lists are not marked up as lists.",
    "finding.listitem": "List items are not inside a list.",
    "finding.frame-title": "Frames have no title.",
    "finding.nested-interactive": "Controls are nested inside other controls.",
    "finding.target-size": "Touch targets are too small.",
    "finding.autocomplete-valid": "Form fields announce a wrong kind of autofill.",
    "finding.scrollable-region-focusable": "A scrollable area cannot be reached with the keyboard.",
    "finding.server-side-image-map": "The page uses a server-side image map.",
}

VI: dict[str, str] = {
    # --- the page -------------------------------------------------------------------------------------
    "page.title": "Đánh giá cổng dịch vụ công",
    "page.portal_title": "{portal} – kết quả đánh giá",
    "page.generated": "Lập lúc {when}",
    "page.portals_count": "{count} cổng được đánh giá",
    "page.sections": "Các phần",
    "page.back": "Quay lại bảng xếp hạng các cổng",
    "page.machine_readable": "Dữ liệu cho máy đọc: {json} · {csv}",
    "page.allure_report": "Báo cáo kiểm thử Allure",
    "page.allure_evidence": "Bằng chứng từng bước, ảnh chụp màn hình và lịch sử của mọi kịch bản: {link}.",
    "page.no_allure": "Kết quả đánh giá này không kèm báo cáo Allure HTML nên các kết luận không có liên kết tới bằng chứng.",
    "page.language": "Ngôn ngữ: Tiếng Việt",
    "page.details_technical": "Chi tiết kỹ thuật",
    "page.none": "–",
    # --- the model ------------------------------------------------------------------------------------
    "model.heading": "Về bộ tiêu chí chất lượng",
    "model.line": "Bộ tiêu chí {title} (mã {id}, phiên bản {version}), {points} điểm trong {groups} nhóm.",
    "model.coverage_rule": "Chỉ tính những gì quan sát được: điểm của một cổng là số điểm đạt được trên số điểm có bằng chứng trong lần chạy này, và độ bao phủ cho biết đó là bao nhiêu phần điểm của bộ tiêu chí. Điểm không có bằng chứng được để ra ngoài, không bao giờ tính là 0 hay tính đủ. Một cổng chỉ được xếp loại khi ít nhất {minimum} số điểm có bằng chứng; thấp hơn thì chỉ công bố điểm, không xếp loại.",
    "model.bands_caption": "Xếp loại theo điểm",
    "model.band_range": "từ {minimum} trở lên",
    "model.groups_caption": "Các nhóm và tiêu chí của bộ tiêu chí, kèm số điểm và căn cứ",
    "model.group": "Nhóm",
    "model.criterion": "Tiêu chí",
    "model.points": "Điểm",
    "model.source": "Căn cứ",
    "model.per_procedure": "cũng được chấm theo từng thủ tục",
    "model.not_observable": "không quan sát được từ trình duyệt: {why}",
    "model.sources": "Căn cứ của bộ tiêu chí: {source}",
    "model.grade": "Xếp loại",
    "model.score": "Điểm",
    "model.not_assessable_row": "không có bằng chứng nào nên không có điểm và không xếp loại (không bao giờ là E)",
    # --- ranking --------------------------------------------------------------------------------------
    "ranking.heading": "Xếp hạng",
    "ranking.caption": "Các cổng xếp theo điểm (0–100, trên số điểm có bằng chứng), cao nhất trước; điểm bằng nhau cùng hạng; cổng không có bằng chứng nào xếp cuối, là không đánh giá được",
    "ranking.rank": "Hạng",
    "ranking.portal": "Cổng",
    "ranking.level": "Cấp",
    "ranking.score": "Điểm",
    "ranking.grade": "Xếp loại",
    "ranking.coverage": "Độ bao phủ",
    "ranking.points": "Điểm đã đánh giá trên tổng",
    "ranking.speed": "Khi nhiều người truy cập",
    "ranking.change": "So với lần chạy trước",
    "ranking.portal_page": "chi tiết",
    "ranking.chart_title": "Điểm của từng cổng",
    "ranking.chart_description": "Thanh ngang: điểm của từng cổng từ 0 đến 100, kèm xếp loại; khung nét đứt là cổng không đánh giá được.",
    "ranking.chart_scale": "điểm (0–100)",
    # --- grades and scores ----------------------------------------------------------------------------
    "grade.not_assessable": "không đánh giá được",
    "grade.withheld": "không xếp loại: chỉ {coverage} số điểm của bộ tiêu chí có bằng chứng (cần {minimum} để xếp loại)",
    "grade.withheld_short": "không xếp loại (độ bao phủ dưới {minimum})",
    "score.of_points": "{earned} trên {points} điểm",
    "score.points_pair": "{assessed} trên {total}",
    "score.percent": "{value} %",
    "score.with_grade": "{value} % · loại {grade}",
    "score.no_grade": "{value} %",
    "score.change_up": "+{change}",
    "score.change_down": "−{change}",
    "score.change_none": "không đổi",
    "score.change_new": "lần chạy đầu",
    # --- groups ---------------------------------------------------------------------------------------
    "groups.heading": "Điểm theo nhóm tiêu chí",
    "groups.intro": "Điểm của mỗi nhóm là tỷ lệ điểm đạt được trên số điểm có bằng chứng. Khung nét đứt: không đánh giá được tiêu chí nào của nhóm trong lần chạy này.",
    "groups.chart_title": "Điểm theo nhóm tiêu chí của {portal}",
    "groups.chart_description": "Thanh ngang: mỗi nhóm của bộ tiêu chí một thanh, điểm từ 0 đến 100 trên số điểm đã đánh giá; nhóm không có bằng chứng được ghi là chưa đánh giá.",
    "groups.bar_label": "{group}",
    "groups.bar_text": "{score} % của {assessed} điểm",
    "groups.bar_text_graded": "{score} % · {grade} · của {assessed} điểm",
    "groups.not_assessed": "chưa đánh giá (không có bằng chứng)",
    "groups.table_caption": "{group}: đạt {earned} trên {assessed} điểm đã đánh giá ({points} điểm theo bộ tiêu chí)",
    # --- criteria -------------------------------------------------------------------------------------
    "criteria.heading": "Các nhóm và tiêu chí",
    "criteria.criterion": "Tiêu chí",
    "criteria.points": "Điểm",
    "criteria.earned": "Đạt",
    "criteria.status": "Tình trạng",
    "criteria.figure": "Kết quả đo",
    "status.scored": "đã chấm điểm",
    "status.not_assessed": "chưa đánh giá",
    "status.not_observable": "không quan sát được",
    "status.not_assessed_why": "Lần chạy này không có bằng chứng: {why}.",
    "status.not_observable_why": "Trình duyệt không quan sát được: {why}.",
    # --- figures in words -----------------------------------------------------------------------------
    "figure.full_online": "{total}: {full} toàn trình, {partial} một phần, {not_online} không trực tuyến",
    "figure.prefilled": "{prefilled} trên {asked} trường dữ liệu Nhà nước đã có được điền sẵn, trong {procedures}",
    "figure.without_findings": "{good} trên {total} {unit} không có vấn đề này",
    "figure.meeting": "{good} trên {total} {unit} đạt",
    "figure.accessibility_none": "không vi phạm quy tắc hỗ trợ tiếp cận nào trên {pages} đã quét",
    "figure.accessibility": "vi phạm {rules}, {elements}, trên {pages} đã quét",
    "figure.accessibility_affected": "vi phạm {rules}, {elements}, trên {affected} trong {pages} đã quét",
    "figure.deductions": "bị trừ {deductions} trên mức tối đa {budget}",
    "figure.percentile": "{percentile} là {value} ms trên {samples} (tốt ≤ {good} ms, kém > {poor} ms)",
    "figure.load_met": "đợt thử tải đạt các mục tiêu",
    "figure.load_missed": "đợt thử tải không đạt các mục tiêu",
    "figure.pages_with": "{good} trên {total} {fact}",
    "figure.required_links": "tìm thấy {good} trên {total} liên kết bắt buộc trên các trang công khai",
    "figure.generic": "giá trị {value} trên {observed} {unit}",
    "fact.https": "dùng HTTPS",
    "fact.hsts": "bắt buộc HTTPS (HSTS)",
    "fact.security_headers": "gửi đủ các header bảo mật",
    "fact.own_hosts_only": "chỉ dùng máy chủ của chính cổng",
    "fact.privacy_link": "có liên kết tới chính sách bảo vệ dữ liệu cá nhân",
    "fact.monitoring_code": "có gắn mã giám sát",
    "percentile.name": "phân vị {ordinal}",
    # --- units ----------------------------------------------------------------------------------------
    "unit.procedures.one": "thủ tục",
    "unit.procedures.other": "thủ tục",
    "unit.scenarios.one": "kịch bản",
    "unit.scenarios.other": "kịch bản",
    "unit.pages.one": "trang",
    "unit.pages.other": "trang",
    "unit.page loads.one": "lượt tải trang",
    "unit.page loads.other": "lượt tải trang",
    "unit.load phases.one": "đợt thử tải",
    "unit.load phases.other": "đợt thử tải",
    "unit.links.one": "liên kết",
    "unit.links.other": "liên kết",
    "unit.elements.one": "phần tử",
    "unit.elements.other": "phần tử",
    "unit.rules.one": "quy tắc hỗ trợ tiếp cận",
    "unit.rules.other": "quy tắc hỗ trợ tiếp cận",
    "unit.distinct pages.one": "trang",
    "unit.distinct pages.other": "trang",
    "unit.findings.one": "lần phát hiện",
    "unit.findings.other": "lần phát hiện",
    "count": "{count} {unit}",
    # --- findings -------------------------------------------------------------------------------------
    "findings.heading": "Những vấn đề làm mất điểm, nhiều nhất trước",
    "findings.intro": "Mỗi loại vấn đề kèm số điểm {portal} bị mất vì nó và nơi phát hiện: mở ca kiểm thử trong Allure để xem từng bước, trang và ảnh chụp màn hình.",
    "findings.none": "Trong lần chạy này cổng không bị mất điểm vì vấn đề nào.",
    "findings.caption": "Các vấn đề trên {portal}, xếp theo số điểm bị mất",
    "findings.rank": "#",
    "findings.what": "Vấn đề",
    "findings.criterion": "Tiêu chí",
    "findings.points_lost": "Điểm bị mất",
    "findings.how_often": "Mức độ lặp lại",
    "findings.evidence": "Nơi phát hiện",
    "findings.impact": "mức ảnh hưởng: {impact}",
    "findings.elements_on_pages": "{elements} trên {pages}",
    "findings.times_in": "{occurrences} trong {units}",
    "findings.in": "trong {units}",
    "findings.more_examples": "và {count} nơi khác",
    "impact.critical": "rất nghiêm trọng",
    "impact.serious": "nghiêm trọng",
    "impact.moderate": "trung bình",
    "impact.minor": "nhẹ",
    # --- evidence -------------------------------------------------------------------------------------
    "evidence.procedure_on": "{procedure} ({scenario}, {viewport})",
    "evidence.scenario_on": "{scenario} ({viewport})",
    "evidence.page": "trang {page}",
    "evidence.seen": "Ghi nhận: {detail}",
    "evidence.test_case": "ca kiểm thử trong Allure",
    "evidence.test_case_for": "cho {what} trên {portal}",
    "evidence.screenshot": "ảnh chụp màn hình",
    "evidence.screenshot_name": "ảnh chụp màn hình {name} (trong thư mục kết quả Allure)",
    "scenario.journey": "hành trình",
    "scenario.assistant": "trợ lý ảo",
    "scenario.site": "kiểm tra các trang chung của cổng",
    "scenario.load": "thử tải",
    "viewport.desktop": "máy tính",
    "viewport.phone": "điện thoại",
    # --- matrix ---------------------------------------------------------------------------------------
    "matrix.heading": "Thủ tục theo từng cổng",
    "matrix.caption": "Mức độ cung cấp trực tuyến của từng thủ tục trên từng cổng (hành trình trên {viewport}): toàn trình, một phần hay không trực tuyến, kèm lý do và các tiêu chí bị mất điểm",
    "matrix.procedure": "Thủ tục",
    "matrix.not_tested": "chưa kiểm tra",
    "matrix.lost_on": "Mất điểm ở: {criteria}",
    "matrix.own_points": "Điểm riêng của thủ tục: {score} trên 100",
    "matrix.legend": "Chú giải",
    "matrix.other_finding": "Một lỗi khác mà kịch bản ghi nhận.",
    "verdict.full": "Toàn trình",
    "verdict.partial": "Một phần",
    "verdict.not_online": "Không trực tuyến",
    "verdict.not_assessable": "Không đánh giá được",
    "verdict.not_applicable": "Không áp dụng",
    "verdict.full.means": "mọi bước, kể cả nộp phí và nhận kết quả, đều làm được trực tuyến",
    "verdict.partial.means": "có bước phải làm trực tiếp (nộp phí, đến hẹn, nhận kết quả)",
    "verdict.not_online.means": "không thực hiện được thủ tục trực tuyến",
    "verdict.not_assessable.means": "công cụ chưa kiểm tra xong (cổng không phản hồi hoặc lỗi kiểm thử): không tính vào điểm",
    "verdict.not_applicable.means": "thủ tục không áp dụng cho cổng này",
    # --- speed under load -----------------------------------------------------------------------------
    "speed.met": "Đạt mục tiêu",
    "speed.missed": "Không đạt mục tiêu",
    "speed.not_assessable": "Chưa đo",
    "speed.not_applicable": "Không áp dụng",
    "speed.heading": "Đáp ứng khi nhiều người cùng truy cập",
    "speed.caption": "Thời gian phản hồi phân vị 95 của từng nhóm yêu cầu so với mục tiêu",
    "speed.group": "Nhóm yêu cầu",
    "speed.requests": "Số yêu cầu",
    "speed.failed": "Lỗi",
    "speed.p95": "Phân vị 95 (ms)",
    "speed.objective": "Mục tiêu (ms)",
    "speed.group_met": "Đạt",
    "speed.failure_ratio": "Mọi yêu cầu: tỷ lệ lỗi",
    "speed.failure_ratio_value": "{ratio} % (mục tiêu ≤ {limit} %)",
    "yes": "có",
    "no": "không",
    # --- trend ----------------------------------------------------------------------------------------
    "trend.heading": "Xu hướng",
    "run.interrupted": "Lượt đánh giá này bị dừng giữa chừng ({signal}, ở giai đoạn {phase}): điểm chỉ tính các kịch bản đã chạy xong; xem độ bao phủ của từng cổng. Hãy chạy lại để có kết quả đầy đủ.",
    "trend.chart_title": "Điểm qua các lần chạy gần đây",
    "trend.chart_description": "Đường: điểm (0–100) của từng cổng trong từng lần chạy, cũ nhất bên trái; mỗi cổng có màu và hình điểm đánh dấu riêng, ghi trong chú giải.",
    "trend.chart_scale": "điểm",
    "trend.single_run": "Xu hướng xuất hiện từ lần chạy thứ hai: đây là lần chạy duy nhất trong lịch sử.",
    "trend.no_history": "Chưa lưu lần chạy nào trước đó nên chưa có xu hướng.",
    "trend.model_changed": "Lần chạy trước được chấm bằng phiên bản khác của bộ tiêu chí: cần thận trọng khi so sánh điểm.",
    "trend.previous": "Lần chạy trước ({when}): điểm {score}, xếp loại {grade}.",
    "trend.previous_unscored": "Lần chạy trước ({when}): không có điểm.",
    "trend.not_in_previous": "Cổng này không có trong lần chạy trước.",
    "trend.regressions": "Bị mất điểm so với lần chạy trước",
    "trend.improvements": "Được thêm điểm so với lần chạy trước",
    "trend.change_line": "{criterion} ({group}): {before} → {after} điểm",
    "trend.no_changes": "Không tiêu chí nào tăng hay giảm điểm.",
    "trend.table_caption": "Điểm theo từng lần chạy",
    "trend.run": "Lần chạy",
    # --- portal page ----------------------------------------------------------------------------------
    "portal.summary": "Tóm tắt",
    "portal.owner": "Cơ quan quản lý",
    "portal.level": "Cấp",
    "portal.rank": "Hạng",
    "portal.score": "Điểm",
    "portal.grade": "Xếp loại",
    "portal.coverage": "Độ bao phủ",
    "portal.coverage_value": "{coverage} số điểm của bộ tiêu chí có bằng chứng ({assessed} trên {total})",
    "portal.unranked": "không xếp hạng (không có điểm)",
    "portal.rank_value": "{rank} trên {count}",
    "portal.procedures_heading": "Các thủ tục và điểm riêng của từng thủ tục",
    "portal.procedures_intro": "Điểm của mỗi thủ tục theo các tiêu chí chấm theo thủ tục, đánh giá trên chính các kịch bản của thủ tục đó.",
    "portal.procedures_caption": "Các thủ tục trên {portal}: mức độ trực tuyến và điểm riêng",
    "portal.procedure": "Thủ tục",
    "portal.code": "Mã",
    "portal.verdict": "Mức độ trực tuyến",
    "portal.own_score": "Điểm riêng",
    "portal.own_points": "Điểm",
    "portal.lost_on": "Mất điểm ở",
    "portal.evidence": "Bằng chứng",
    "portal.journeys_heading": "Công sức của người dân trong từng hành trình",
    "portal.journeys_caption": "Các hành trình trên {portal}: thời gian, số trang, số lần bấm, số ô phải nhập và thời gian tải trang",
    "portal.viewport": "Thiết bị",
    "portal.outcome": "Kết quả kiểm thử",
    "portal.task_time": "Thời gian (giây)",
    "portal.pages": "Số trang",
    "portal.clicks": "Số lần bấm",
    "portal.typed": "Ô phải nhập",
    "portal.prefilled": "Ô được điền sẵn",
    "portal.uploads": "Tệp tải lên",
    "portal.median_load": "Thời gian tải trang trung vị (ms)",
    "portal.scenarios_heading": "Mọi kịch bản và bằng chứng",
    "portal.scenarios_caption": "Các kịch bản đã chạy trên {portal}",
    "portal.scenario": "Kịch bản",
    "portal.not_assessable_heading": "Không đánh giá được",
    "outcome.passed": "đạt mọi nội dung kiểm tra",
    "outcome.failed": "phát hiện lỗi",
    "outcome.broken": "không đánh giá được",
    "outcome.skipped": "không áp dụng",
    "outcome.unknown": "không đánh giá được",
    # --- not assessable and problems ------------------------------------------------------------------
    "na.heading": "Không đánh giá được",
    "na.intro": "Không đánh giá được các thủ tục này (cổng không phản hồi, lỗi kiểm thử hoặc không có bằng chứng). Chúng được để ra ngoài điểm của cổng, không tính là 0, và cần chạy lại.",
    "na.none": "Mọi thủ tục đều đánh giá được.",
    "na.caption": "Các thủ tục không tính vào điểm vì không đánh giá được",
    "na.portal": "Cổng",
    "na.procedure": "Thủ tục",
    "na.why": "Lý do",
    "problems.heading": "Sự cố khi đọc kết quả",
    "problems.intro": "Không dùng được các tệp này; nội dung của chúng được ghi là không đánh giá được.",
    "source.line": "Số kết quả đã đọc: {read}; không thuộc kịch bản của cổng nào: {unlabelled}; được thay bằng lần chạy sau: {superseded}.",
    # --- why nothing could be measured (the scorer's reasons, in words) -------------------------------
    "why.no_procedure": "không thủ tục nào đánh giá được",
    "why.no_eform": "không hành trình nào đi hết biểu mẫu điện tử",
    "why.no_scenario_judged": "không kịch bản nào đánh giá được về {criterion}",
    "why.no_axe": "không trang nào được quét về hỗ trợ tiếp cận",
    "why.no_timing": "không trang nào báo {timing}",
    "why.no_load": "chưa chạy thử tải cho cổng này",
    "why.load_failed": "đợt thử tải không đo được",
    "why.https_loopback": "mọi trang đều đến từ chính máy này (bản sao cục bộ của cổng): chưa đánh giá cách cổng thật được phục vụ",
    "why.no_https_headers": "không trang nào được phục vụ qua HTTPS mà đọc được header",
    "why.no_headers": "không đọc được header phản hồi của trang nào",
    "why.no_pages": "không quan sát được trang nào",
    "why.no_links_read": "không đọc được liên kết của trang nào",
    "why.no_monitoring_rule": "hồ sơ cổng chưa cho biết cách nhận ra mã giám sát",
    "why.no_site_check": "không lượt kiểm tra trang chung nào đọc được các liên kết",
    "why.unknown": "lần chạy này không có gì để đo tiêu chí này",
    "detail.typed_register_fields": "phải tự nhập dù cơ sở dữ liệu đã có: {fields}",
    "detail.no_link_anywhere": "không trang công khai nào có liên kết “{link}”",
    "timing.server_response_ms": "thời gian phản hồi của máy chủ",
    "timing.largest_contentful_paint_ms": "thời gian hiển thị nội dung chính (LCP)",
    "quality.full_online": "trực tuyến toàn trình",
    "quality.simplicity": "tính đơn giản",
    "quality.convenience": "sự thuận tiện",
    "quality.speed": "tốc độ",
    "quality.accessibility": "hỗ trợ tiếp cận",
    "quality.mobile": "sử dụng trên điện thoại",
    "quality.virtual_assistant": "trợ lý ảo",
    "quality.transparency": "tính minh bạch",
    "quality.privacy_security": "quyền riêng tư và an toàn",
    # --- findings in words ----------------------------------------------------------------------------
    "finding.axe_rule": "Có trang vi phạm quy tắc hỗ trợ tiếp cận “{rule}”.",
    "finding.pay_at_counter": "Không nộp phí trực tuyến được: người dân phải nộp phí tại quầy.",
    "finding.result_in_person": "Phải đến nhận kết quả trực tiếp; kết quả không được trả trực tuyến.",
    "finding.appointment_in_person": "Người dân phải đến cơ quan theo lịch hẹn.",
    "finding.not_offered_online": "Thủ tục hoàn toàn không thực hiện được trực tuyến.",
    "finding.journey_blocked": "Hành trình trực tuyến bị dừng trước khi gửi được hồ sơ.",
    "finding.portal_unreachable": "Cổng không phản hồi nên không đánh giá được thủ tục.",
    "finding.server_error": "Máy chủ của cổng trả về lỗi (HTTP 5xx) nên không đánh giá được thủ tục.",
    "finding.timeout": "Cổng không phản hồi kịp thời nên không đánh giá được thủ tục.",
    "finding.harness_error": "Chính công cụ đánh giá gặp lỗi ở thủ tục này: không phải lỗi của cổng; cần chạy lại.",
    "finding.could_not_assess": "Bài kiểm thử dừng trước khi có kết luận nên không đánh giá được thủ tục.",
    "finding.no_evidence": "Kịch bản không để lại số liệu đo nào để đánh giá.",
    "finding.not_applicable": "Thủ tục không áp dụng cho cổng này.",
    "finding.partial": "Chỉ thực hiện được một phần thủ tục trực tuyến.",
    "finding.not_online": "Thủ tục không được cung cấp trực tuyến.",
    "finding.not_met": "Kịch bản không đạt tiêu chí.",
    "finding.other_finding": "Một lỗi khác mà kịch bản ghi nhận.",
    "finding.not_prefilled": "Người dân phải tự nhập dữ liệu mà Nhà nước đã có: dữ liệu không được điền sẵn.",
    "finding.redundant_document": "Cổng yêu cầu giấy tờ mà Nhà nước đã có.",
    "finding.document_beyond_standard": "Cổng yêu cầu giấy tờ không có trong thành phần hồ sơ theo quy định.",
    "finding.field_beyond_standard": "Biểu mẫu điện tử hỏi thông tin ngoài quy định.",
    "finding.no_national_eid": "Không đăng nhập được bằng tài khoản định danh điện tử quốc gia (VNeID).",
    "finding.values_cleared_on_error": "Khi nhập sai, biểu mẫu xóa mất những gì người dân đã nhập.",
    "finding.errors_not_tied_to_fields": "Thông báo lỗi không chỉ rõ ô nào nhập sai.",
    "finding.no_status_tracking": "Không theo dõi được tiến độ xử lý hồ sơ trực tuyến.",
    "finding.no_electronic_result": "Kết quả không được trả dưới dạng điện tử.",
    "finding.online_fee_higher": "Nộp trực tuyến tốn phí cao hơn nộp trực tiếp tại quầy.",
    "finding.online_time_longer": "Nộp trực tuyến mất nhiều thời gian hơn nộp trực tiếp tại quầy.",
    "finding.information_missing": "Trang thông tin thủ tục thiếu nội dung người dân cần (thành phần hồ sơ, phí, thời hạn, ...).",
    "finding.wrong_answer": "Trợ lý ảo trả lời sai.",
    "finding.no_assistant": "Cổng không có trợ lý ảo để hỏi.",
    "finding.horizontal_scroll": "Trên điện thoại, trang rộng hơn màn hình nên phải cuộn ngang.",
    "finding.no_viewport_meta": "Trang chưa được thiết lập cho màn hình điện thoại (thiếu thẻ meta viewport).",
    "finding.small_targets": "Nút hoặc liên kết quá nhỏ, khó chạm chính xác trên điện thoại.",
    "finding.journey_not_completed": "Không hoàn thành được hành trình trên điện thoại.",
    "finding.third_party_host": "Trang tải nội dung từ máy chủ của tổ chức khác (bên thứ ba).",
    "finding.third_party_cookie": "Bên thứ ba đặt cookie trên trình duyệt của người dân.",
    "finding.missing_security_headers": "Trang không gửi các header bảo mật bảo vệ người truy cập (Content-Security-Policy, X-Content-Type-Options).",
    "finding.missing_security_header": "Có trang không gửi các header bảo mật bảo vệ người truy cập.",
    "finding.page_without_https": "Có trang không dùng mã hóa HTTPS.",
    "finding.page_without_hsts": "Chưa bắt buộc HTTPS: trang không gửi header HSTS.",
    "finding.no_privacy_link": "Trang không có liên kết tới chính sách bảo vệ dữ liệu cá nhân.",
    "finding.console_error": "Trang báo lỗi trong bảng điều khiển (console) của trình duyệt.",
    "finding.no_monitoring_code": "Trang chưa gắn mã giám sát (EMC) của Bộ.",
    "finding.no_accessibility_statement_link": "Không trang công khai nào có liên kết tới tuyên bố hỗ trợ tiếp cận.",
    "finding.no_contact_link": "Không trang công khai nào có liên kết tới thông tin liên hệ.",
    "finding.no_privacy_policy_link": "Không trang công khai nào có liên kết tới chính sách bảo vệ dữ liệu cá nhân.",
    "finding.slow_server_response_ms": "Một số trang phản hồi chậm (thời gian phản hồi của máy chủ).",
    "finding.slow_server_response": "Có trang phản hồi chậm (thời gian phản hồi của máy chủ).",
    "finding.slow_largest_contentful_paint_ms": "Một số trang hiển thị nội dung chính chậm.",
    "finding.slow_largest_contentful_paint": "Có trang hiển thị nội dung chính chậm.",
    "finding.load_objectives_missed": "Khi nhiều người cùng truy cập, cổng không đạt mục tiêu về thời gian phản hồi hoặc tỷ lệ lỗi.",
    "finding.wcag_violation": "Có trang vi phạm quy tắc hỗ trợ tiếp cận (WCAG).",
    "finding.no_accessible_name": "Có điều khiển không có tên để trình đọc màn hình đọc lên.",
    "finding.image-alt": "Hình ảnh không có văn bản thay thế cho người không nhìn thấy.",
    "finding.color-contrast": "Độ tương phản của chữ quá thấp, khó đọc.",
    "finding.label": "Ô nhập liệu không có nhãn.",
    "finding.link-name": "Liên kết không có tên cho biết nó dẫn tới đâu.",
    "finding.button-name": "Nút không có tên cho biết nó dùng để làm gì.",
    "finding.select-name": "Danh sách chọn không có nhãn.",
    "finding.input-image-alt": "Nút dạng hình ảnh không có văn bản thay thế.",
    "finding.html-has-lang": "Trang không khai báo ngôn ngữ của mình.",
    "finding.html-lang-valid": "Trang khai báo một ngôn ngữ không tồn tại.",
    "finding.document-title": "Trang không có tiêu đề.",
    "finding.meta-viewport": "Trang chặn người dùng phóng to trên điện thoại.",
    "finding.aria-deprecated-role": "Trang dùng vai trò ARIA đã lỗi thời.",
    "finding.aria-required-attr": "Có phần tử thiếu thuộc tính ARIA mà vai trò của nó bắt buộc.",
    "finding.aria-valid-attr-value": "Có phần tử mang giá trị thuộc tính ARIA không hợp lệ.",
    "finding.aria-hidden-focus": "Phần tử bị ẩn vẫn nhận được tiêu điểm bàn phím.",
    "finding.duplicate-id-aria": "Các phần tử mà công nghệ hỗ trợ tham chiếu tới bị trùng mã (id).",
    "finding.heading-order": "Các tiêu đề nhảy cấp.",
    "finding.empty-heading": "Có tiêu đề để trống.",
    "finding.page-has-heading-one": "Trang không có tiêu đề chính.",
    "finding.landmark-one-main": "Trang không có vùng nội dung chính.",
    "finding.region": "Có nội dung nằm ngoài các vùng của trang.",
    "finding.list": "Danh sách không được đánh dấu đúng là danh sách.",
    "finding.listitem": "Mục danh sách không nằm trong danh sách.",
    "finding.frame-title": "Khung (frame) không có tiêu đề.",
    "finding.nested-interactive": "Có điều khiển lồng bên trong điều khiển khác.",
    "finding.target-size": "Vùng chạm quá nhỏ.",
    "finding.autocomplete-valid": "Ô nhập liệu khai báo sai loại tự động điền.",
    "finding.scrollable-region-focusable": "Vùng cuộn không truy cập được bằng bàn phím.",
    "finding.server-side-image-map": "Trang dùng bản đồ ảnh xử lý phía máy chủ.",
}

WORDS: dict[str, dict[str, str]] = {"en": EN, "vi": VI}

# The scorer's sentences for "why nothing could be measured" (portalqa.scoring.indicators), matched
# to a key here so that they read in the report's language.
_WHY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^no procedure could be assessed$", "why.no_procedure"),
        (r"^no journey got through the e-form$", "why.no_eform"),
        (r"^no scenario could be judged on (?P<criterion>\w+)$", "why.no_scenario_judged"),
        (r"^no page was scanned with axe-core$", "why.no_axe"),
        (r"^no page reported its (?P<timing>\w+)$", "why.no_timing"),
        (r"^the load phase did not run for this portal$", "why.no_load"),
        (r"^the load phase could not measure", "why.load_failed"),
        (r"^every page came from this machine's loopback", "why.https_loopback"),
        (r"^no page was served over HTTPS with its headers read$", "why.no_https_headers"),
        (r"^no page's response headers were read$", "why.no_headers"),
        (r"^no page was observed$", "why.no_pages"),
        (r"^no page's links were read$", "why.no_links_read"),
        (r"^the profile does not say how the monitoring code is recognised", "why.no_monitoring_rule"),
        (r"^no portal-wide page check read the page links$", "why.no_site_check"),
    )
)
# What the scorer itself writes as a finding's detail (the judges' details are the evidence's words).
_DETAIL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^typed although the register holds them: (?P<fields>.+)$", "detail.typed_register_fields"),
        (r"^no (?P<link>[\w ]+) link on any public page$", "detail.no_link_anywhere"),
    )
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# An exception's class at the start of a message ("AssertionError: ", "selenium...TimeoutException: ").
_EXCEPTION_PREFIX = re.compile(r"^\s*(?:[\w.]+(?:Error|Exception|Exit|Interrupt)\s*:\s*)+")
_SELENIUM_NOISE = re.compile(r"^\s*Message:\s*|\s*\(Session info:[^)]*\)|\s*Stacktrace:.*$", re.S)
_ASSERT_LINE = re.compile(r"\s*\bassert\b.*$", re.S)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def readable(identifier: str) -> str:
    """An id as words: "some_new_kind" -> "Some new kind"."""
    words = " ".join(identifier.replace("_", " ").split())
    return words[:1].upper() + words[1:]


def plain_message(message: str) -> str:
    """A test's failure message without the programmer's wrapping: no exception class, no assert line."""
    text = " ".join(str(message).split())
    text = _EXCEPTION_PREFIX.sub("", text)
    text = _SELENIUM_NOISE.sub("", text)
    text = _EXCEPTION_PREFIX.sub("", text)
    text = _ASSERT_LINE.sub("", text).strip(" -:;")
    return text


class Wording:
    """The words of one language; `words(key, **values)` is the sentence."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        if lang not in WORDS:
            raise ValueError(f"unknown report language {lang!r}; known: {', '.join(LANGUAGES)}")
        self.lang = lang
        self._words = WORDS[lang]

    def __call__(self, key: str, **values: object) -> str:
        return self._words[key].format(**values) if values else self._words[key]

    def markup(self, key: str, **values: object) -> Markup:
        """The sentence as HTML: its own words escaped, `values` escaped unless already markup (a link)."""
        return escape(self._words[key]).format(**values)

    def has(self, key: str) -> bool:
        return key in self._words

    # --- numbers ------------------------------------------------------------------------------------

    def number(self, value: float | int | None, digits: int = 1) -> str:
        """A figure as this language writes it (Vietnamese: decimal comma); "–" for None."""
        if value is None:
            return self("page.none")
        if isinstance(value, bool):
            return self("yes" if value else "no")
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.{digits}f}"
        if self.lang == "vi":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def points(self, value: float | None) -> str:
        """Points: whole numbers without decimals, else one decimal (14.1667 -> 14.2)."""
        if value is None:
            return self("page.none")
        rounded = round(float(value), 1)
        return self.number(int(rounded)) if rounded == int(rounded) else self.number(rounded)

    def percent(self, share: float | None) -> str:
        """A share (0–1) as a whole percentage: 0.2 -> "20%"."""
        if share is None:
            return self("page.none")
        return f"{self.number(round(100 * share))}%"

    def ordinal(self, value: float) -> str:
        number = int(value) if float(value) == int(value) else value
        if self.lang == "vi" or not isinstance(number, int):
            return self.number(number)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"

    def count(self, count: int, unit: str) -> str:
        """ "3 pages", "1 scenario" (the scorer's unit names: procedures, scenarios, pages, ...)."""
        return self("count", count=self.number(count), unit=self.unit(unit, count))

    def unit(self, unit: str, count: int = 2) -> str:
        key = f"unit.{unit}.{'one' if count == 1 else 'other'}"
        return self(key) if self.has(key) else unit

    def when(self, moment: datetime | str | None) -> str:
        if moment is None:
            return self("page.none")
        if isinstance(moment, str):
            try:
                moment = datetime.fromisoformat(moment)
            except ValueError:
                return moment
        zone = moment.strftime("%Z")
        zone = " UTC" if zone in ("UTC", "UTC+00:00") else (f" {zone}" if zone else "")
        pattern = "%d/%m/%Y %H:%M" if self.lang == "vi" else "%Y-%m-%d %H:%M"
        return moment.strftime(pattern) + zone

    # --- terms --------------------------------------------------------------------------------------

    def finding(self, kind: str, criterion: str | None = None) -> str:
        """A finding kind (or full-online reason) as a sentence; unknown kinds stay readable."""
        key = f"finding.{kind}"
        if self.has(key):
            return self(key)
        if criterion == "accessibility" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", kind):
            return self("finding.axe_rule", rule=kind)
        return readable(kind) + "."

    def verdict(self, verdict: str) -> str:
        key = f"verdict.{verdict}"
        return self(key) if self.has(key) else readable(verdict)

    def outcome(self, status: str) -> str:
        key = f"outcome.{status}"
        return self(key) if self.has(key) else self("outcome.unknown")

    def viewport(self, viewport: str) -> str:
        key = f"viewport.{viewport}"
        return self(key) if self.has(key) else viewport

    def scenario(self, kind: str) -> str:
        key = f"scenario.{kind}"
        return self(key) if self.has(key) else readable(kind)

    def impact(self, impact: str | None) -> str:
        key = f"impact.{impact}"
        return self(key) if impact and self.has(key) else (impact or "")

    def speed(self, verdict: str) -> str:
        key = f"speed.{verdict}"
        return self(key) if self.has(key) else readable(verdict)

    def status(self, status: str) -> str:
        key = f"status.{status}"
        return self(key) if self.has(key) else readable(status)

    def detail(self, text: str) -> str:
        """A finding's detail: the scorer's own sentences in this language, the evidence's words as seen."""
        for pattern, key in _DETAIL_PATTERNS:
            match = pattern.match(text or "")
            if match is not None:
                return self(key, **match.groupdict())
        return text

    def why(self, text: str) -> str:
        """The scorer's reason for "not assessed", in this language (a reason it does not know: a
        general sentence in Vietnamese, the scorer's own words in English)."""
        text = " ".join(str(text or "").split())
        for pattern, key in _WHY_PATTERNS:
            match = pattern.match(text)
            if match is None:
                continue
            values = match.groupdict()
            if "criterion" in values:
                name = values["criterion"]
                values["criterion"] = (
                    self(f"quality.{name}") if self.has(f"quality.{name}") else readable(name)
                )
            if "timing" in values:
                name = values["timing"]
                values["timing"] = self(f"timing.{name}") if self.has(f"timing.{name}") else readable(name)
            return self(key, **values)
        if not text or self.lang != "en":
            return self("why.unknown")
        return text
