"""Skins: the same portal built differently — own templates, own stylesheet, own URL scheme.

Views register themselves with a ``Routes`` collection by endpoint name only; the skin's URL map
decides where each endpoint lives. ``url_for("eform.step", ...)`` therefore works in every skin, and
a skin is data (a template folder, a stylesheet and a map), not ``if``s scattered through the views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

PACKAGE = Path(__file__).parent

DEFAULT_URLS: dict[str, str] = {
    "pages.home": "/",
    "pages.procedures": "/procedures",
    "pages.procedure": "/procedures/<code>",
    "pages.privacy": "/privacy",
    "pages.accessibility": "/accessibility",
    "pages.contact": "/contact",
    "pages.healthz": "/healthz",
    "pages.favicon": "/favicon.ico",
    # The simulated national eID and payment gateway are other systems: every skin sends citizens there.
    "eid.login": "/eid/login",
    "eid.logout": "/eid/logout",
    "paygate.checkout": "/paygate/checkout/<txn_id>",
    # Pages only the dialects use (reference_portal/dialects.py); 404 on a portal without them.
    "eid.choose": "/eid/choose",
    "eid.otp": "/eid/otp",
    "eid.callback": "/eid/callback",
    "eid.idp_authorize": "/idp/authorize",
    "eid.idp_login": "/idp/login",
    "paygate.otp": "/paygate/checkout/<txn_id>/otp",
    "eform.appointment": "/apply/<code>/<int:dossier_id>/appointment",
    "tracking.api": "/api/track",
    "assistant.api": "/api/assistant",
    "eform.start": "/apply/<code>",
    "eform.step": "/apply/<code>/<int:dossier_id>/step/<int:number>",
    "eform.documents": "/apply/<code>/<int:dossier_id>/documents",
    "eform.review": "/apply/<code>/<int:dossier_id>/review",
    "eform.payment": "/apply/<code>/<int:dossier_id>/payment",
    "eform.payment_return": "/apply/<code>/<int:dossier_id>/payment/return",
    "eform.submit": "/apply/<code>/<int:dossier_id>/submit",
    "eform.submitted": "/apply/<code>/<int:dossier_id>/submitted",
    "tracking.track": "/track",
    "tracking.result": "/results/<code>.pdf",
    "tracking.result_part": "/results/<code>/<int:number>.pdf",
    "assistant.ask": "/assistant",
}


@dataclass(frozen=True)
class Skin:
    name: str
    template_dirs: tuple[str, ...]  # searched in order: a skin may fall back to the default templates
    stylesheet: str
    urls: dict[str, str] = field(default_factory=dict)


SKINS: dict[str, Skin] = {
    "default": Skin("default", ("templates",), "portal.css", DEFAULT_URLS),
    "alternate": Skin(
        "alternate",
        ("templates_alt", "templates"),  # shared prose partials (_privacy.vi.html) come from templates/
        "portal-alt.css",
        {
            **DEFAULT_URLS,
            "pages.home": "/",
            "pages.procedures": "/dich-vu-cong",
            "pages.procedure": "/dich-vu-cong/thu-tuc/<code>",
            "pages.privacy": "/chinh-sach-bao-mat",
            "pages.accessibility": "/kha-nang-tiep-can",
            "pages.contact": "/lien-he",
            "eid.logout": "/dang-xuat",
            "eform.start": "/nop-ho-so/<code>",
            "eform.step": "/nop-ho-so/<code>/<int:dossier_id>/buoc/<int:number>",
            "eform.documents": "/nop-ho-so/<code>/<int:dossier_id>/giay-to",
            "eform.review": "/nop-ho-so/<code>/<int:dossier_id>/kiem-tra",
            "eform.payment": "/nop-ho-so/<code>/<int:dossier_id>/thanh-toan",
            "eform.payment_return": "/nop-ho-so/<code>/<int:dossier_id>/thanh-toan/ket-qua",
            "eform.submit": "/nop-ho-so/<code>/<int:dossier_id>/nop",
            "eform.submitted": "/nop-ho-so/<code>/<int:dossier_id>/da-nop",
            "tracking.track": "/tra-cuu-ho-so",
            "tracking.result": "/ket-qua/<code>.pdf",
            "tracking.result_part": "/ket-qua/<code>/<int:number>.pdf",
            "assistant.ask": "/tro-ly-ao",
        },
    ),
}


class Routes:
    """A blueprint without URLs: views are registered by endpoint; the skin gives the addresses."""

    def __init__(self, name: str):
        self.name = name
        self.views: list[tuple[str, object, tuple[str, ...]]] = []

    def route(self, endpoint: str, methods=("GET",)):
        def decorator(view):
            self.views.append((f"{self.name}.{endpoint}", view, tuple(methods)))
            return view

        return decorator

    def get(self, endpoint: str):
        return self.route(endpoint, ("GET",))

    def post(self, endpoint: str):
        return self.route(endpoint, ("POST",))


def install(app: Flask, skin_name: str, collections: list[Routes]) -> Skin:
    skin = SKINS[skin_name]
    for routes in collections:
        for endpoint, view, methods in routes.views:
            app.add_url_rule(skin.urls[endpoint], endpoint=endpoint, view_func=view, methods=list(methods))
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(PACKAGE / d)) for d in skin.template_dirs])
    return skin
