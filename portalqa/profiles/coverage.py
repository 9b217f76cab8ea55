"""Which vocabulary a profile still lacks: the words the citizen tasks need on every portal, and the
labels of every dossier field of the standard procedures the profile says the portal offers.

A missing key would otherwise surface mid-run as a failed scenario; checking up front lets a QA
engineer complete a new profile before the first browser starts.
"""

from __future__ import annotations

from itertools import pairwise

import yaml

from portalqa.profiles.profile import Profile
from portalqa.standard.catalog import load_catalog

# The semantic keys portalqa.citizen.tasks looks up, with what each one is on a portal.
TASK_VOCABULARY = {
    "nav.sign_in": "the link that starts sign-on",
    "sign_on.personal_id": "the eID page's personal identification number field",
    "sign_on.password": "the eID page's password field",
    "sign_on.submit": "the eID page's sign-in button",
    "procedure.apply_online": "the information page's button to apply online",
    "eform.continue": "the e-form's button to go to the next page",
    "review.declaration": "the declaration checkbox on the review page",
    "review.confirm": "the review page's confirm button",
    "payment.pay_online": "the button to pay online",
    "payment.gateway_pay": "the payment gateway's pay button",
    "payment.at_counter": "wording that says the fee is paid at a counter",
    "appointment.in_person": "wording that says an in-person appointment is needed",
    "submission.submit": "the button that submits the application",
    "submission.tracking_code": "the label next to the tracking code after submission",
    "tracking.code": "the tracking page's code field",
    "tracking.submit": "the tracking page's search button",
    "tracking.timeline": "the accessible name of the status timeline list",
    "result.download": "the link to download the electronic result",
    "result.in_person": "wording that says the result is collected in person",
    # Quality criteria (portalqa.judging.criteria): without these words a criterion reads as not met.
    "nav.privacy": "the name of the privacy-policy link every page should carry",
    "sign_on.national_eid": "wording on the sign-on page that names the national e-identity (e.g. VNeID)",
    "info.steps": "the information page's heading of the steps",
    "info.documents": "the information page's heading of the required documents",
    "info.fees": "the information page's heading of the fees",
    "info.time_limit": "the information page's heading of the time limit",
    "info.agency": "the information page's heading of the agency",
    "info.legal_basis": "the information page's heading of the legal basis",
    "info.result": "the information page's heading of the result",
    "info.online": "the label of the online fee and time on the information page",
    "info.in_person": "the label of the in-person fee and time on the information page",
    "info.free": "wording that says a fee is free",
    "nav.assistant": "the link to the virtual assistant",
    "assistant.question": "the assistant's question field",
    "assistant.ask": "the assistant's button that sends the question",
    "assistant.answer": "the accessible name of the region showing the assistant's answer",
}


# The words the portal-wide checks of the public pages need (features/quality/portal_pages.feature);
# links.* and monitoring have built-in defaults or are optional, so none of them is missing.
SITE_VOCABULARY = ("nav.privacy",)


def missing_vocabulary(profile: Profile) -> dict[str, str]:
    """Missing key -> why it is needed.

    A profile with no procedure at all (a site without transactions: only `pages:`) plays no journey
    and asks the assistant nothing, so it needs only the words of the portal-wide checks."""
    needed = TASK_VOCABULARY
    if not profile.procedures and not profile.custom_procedures:
        needed = {key: TASK_VOCABULARY[key] for key in SITE_VOCABULARY}
    missing = {key: why for key, why in needed.items() if profile.labels_for(key) is None}
    catalog = load_catalog()
    for procedure_id in profile.procedures:
        entry = profile.procedure_entry(procedure_id)
        if entry is None:
            continue
        for field in catalog[procedure_id].dossier:
            if field.key not in entry.not_asked and profile.labels_for(field.key) is None:
                missing.setdefault(field.key, f"a dossier field of {procedure_id}")
    return missing


def unmapped_procedures(profile: Profile) -> list[str]:
    """Standard procedures the profile says nothing about: each will be reported as not online."""
    return sorted(set(load_catalog()) - set(profile.procedures))


def labels_split_at_commas(source_text: str) -> list[str]:
    """Vocabulary lists written [A, b c] that may be one label cut at its comma ("[Phí, lệ phí]").

    YAML reads an unquoted flow list's commas as separators. A one-word item followed by one that
    starts in lower case reads like a label that runs on; it is worth a note, not an error (several
    short wordings are legitimate).
    """
    root = yaml.compose(source_text)
    if not isinstance(root, yaml.MappingNode):
        return []
    notes = []
    for key_node, value_node in root.value:
        if key_node.value != "vocabulary" or not isinstance(value_node, yaml.MappingNode):
            continue
        for entry_key, entry in value_node.value:
            if not (isinstance(entry, yaml.SequenceNode) and entry.flow_style):
                continue
            items = [item.value for item in entry.value if isinstance(item, yaml.ScalarNode)]
            plain = all(item.style is None for item in entry.value if isinstance(item, yaml.ScalarNode))
            runs_on = any(
                len(first.split()) == 1 and second[:1].islower() for first, second in pairwise(items)
            )
            if plain and runs_on:
                notes.append(
                    f"line {entry_key.start_mark.line + 1}: vocabulary {entry_key.value}: read as "
                    f"{len(items)} labels {items}; if it is one label with a comma, quote it: "
                    f'"{", ".join(items)}"'
                )
    return notes
