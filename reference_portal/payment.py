"""Simulated payment gateway: its own checkout page, then back to the portal's return address."""

from __future__ import annotations

import secrets

from flask import abort, current_app, g, redirect, render_template, request, session, url_for

from reference_portal.database import get_db, iso, now
from reference_portal.dialects import dialect_on, form_status, new_code
from reference_portal.eid import check_code, login_required
from reference_portal.i18n import t, vnd
from reference_portal.skins import Routes

routes = Routes("paygate")

METHODS = ("Domestic card", "QR code", "E-wallet")


def create_transaction(db, dossier_id: int, amount: int) -> str:
    txn_id = "TXN" + secrets.token_hex(8).upper()
    db.execute(
        "INSERT INTO transactions (id, dossier_id, amount, created_at) VALUES (?, ?, ?, ?)",
        (txn_id, dossier_id, amount, iso(now())),
    )
    return txn_id


def find_transaction(db, txn_id: str, dossier_id: int):
    return db.execute(
        "SELECT * FROM transactions WHERE id = ? AND dossier_id = ?", (txn_id, dossier_id)
    ).fetchone()


def _checkout(txn_id: str):
    """The transaction and its dossier, only for the citizen who owns the dossier."""
    row = (
        get_db()
        .execute(
            "SELECT t.*, d.procedure_code, d.citizen_id FROM transactions t "
            "JOIN dossiers d ON d.id = t.dossier_id WHERE t.id = ?",
            (txn_id,),
        )
        .fetchone()
    )
    if row is None or row["citizen_id"] != g.citizen["id"]:
        abort(404)
    return row


def _return_url(txn) -> str:
    return url_for(
        "eform.payment_return", code=txn["procedure_code"], dossier_id=txn["dossier_id"], txn=txn["id"]
    )


_OTP_PENDING = "otp_payment"  # session key: the transaction, method and code awaiting confirmation


def _pay(txn, method: str):
    """Record the payment and send the browser back to the portal (with one_click_gateway the
    portal's return address submits the application at once)."""
    db = get_db()
    with db:
        db.execute(
            "UPDATE transactions SET status = 'paid', method = ?, paid_at = ? WHERE id = ?",
            (method, iso(now()), txn["id"]),
        )
        db.execute(
            "UPDATE dossiers SET payment_status = 'paid', updated_at = ? WHERE id = ?",
            (iso(now()), txn["dossier_id"]),
        )
    return redirect(_return_url(txn))


@routes.route("checkout", methods=["GET", "POST"])
@login_required
def checkout(txn_id: str):
    txn = _checkout(txn_id)
    if txn["status"] == "paid":
        return redirect(_return_url(txn))
    error = ""
    method = METHODS[0]
    if request.method == "POST":
        method = request.form.get("method", "")
        if method in METHODS:
            if dialect_on("otp_payment"):
                session[_OTP_PENDING] = {"txn": txn_id, "method": method, "code": new_code()}
                return redirect(url_for("paygate.otp", txn_id=txn_id))
            return _pay(txn, method)
        error = t("paygate.method_missing")
        method = ""
    cancel_url = url_for(
        "eform.payment", code=txn["procedure_code"], dossier_id=txn["dossier_id"], cancelled=1
    )
    return render_template(
        "paygate.html",
        txn=txn,
        merchant=current_app.config["PORTAL"]["name"],
        methods=[(m, t(f"paygate.method.{m}")) for m in METHODS],
        selected=method,
        error=error,
        cancel_url=cancel_url,
        one_click=dialect_on("one_click_gateway"),
    ), form_status(error)


@routes.route("otp", methods=["GET", "POST"])
@login_required
def otp(txn_id: str):
    """otp_payment: the gateway's one-time code before the payment is made."""
    if not dialect_on("otp_payment"):
        abort(404)
    txn = _checkout(txn_id)
    if txn["status"] == "paid":
        return redirect(_return_url(txn))
    pending = session.get(_OTP_PENDING)
    if not pending or pending["txn"] != txn_id:
        return redirect(url_for("paygate.checkout", txn_id=txn_id))
    error, status = "", None
    if request.method == "POST":
        # Wrong gateway codes are counted per citizen, apart from wrong sign-on credentials.
        throttle_key = f"payment:{g.citizen['personal_id']}"
        error, status = check_code(request.form.get("code", ""), pending["code"], throttle_key)
        if not error:
            session.pop(_OTP_PENDING, None)
            return _pay(txn, pending["method"])
    return render_template(
        "otp.html",
        look="paygate",
        action=url_for("paygate.otp", txn_id=txn_id),
        intro=t("otp.sent_payment", amount=vnd(txn["amount"])),
        test_code=pending["code"],
        error=error,
    ), status or form_status(error)
