"""Starting payments: checkout payments (`payment_start`) and payment links.

Creating a payment is two short transactions around one call to the provider: the row
is committed first (so an answer lost on the way back can be picked up again), then the
provider is asked with an idempotency key derived from that row, then its answer is
stored. No database transaction is held open across the network call. Calling again
with the same idempotency key returns the same payment (and, at the provider, the same
intent); the same key with a different order, amount or purpose is a Conflict.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.money import Money
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.integrations.payments import registry
from atelier.integrations.payments.port import (
    ProviderAuthenticationError,
    ProviderError,
    ProviderRejected,
)
from atelier.payments import selectors
from atelier.payments.dto import PaymentStart
from atelier.payments.enums import PaymentKind, PaymentStatus, Purpose
from atelier.payments.errors import PaymentProviderUnavailable, PaymentRefused
from atelier.payments.models import Payment
from atelier.payments.services._common import (
    PROVIDER_ACTOR,
    absolute,
    done_url,
    lock_payment,
    logger,
    page_url,
)
from atelier.payments.transitions import TRANSITIONS


@dataclass(frozen=True)
class _Request:
    order_ref: str
    amount: Money
    purpose: str
    customer_email: str
    description: str
    idempotency_key: str
    caller_ref: str = ""


def payment_start(
    *,
    order_ref: str,
    amount: Money,
    customer_email: str,
    description: str,
    return_url: str,
    idempotency_key: str,
    purpose: str = Purpose.ORDER,
    actor: Actor,
    caller_ref: str = "",
) -> PaymentStart:
    """Open a payment the payer completes on the provider's page or Payment Element."""
    request = _clean(
        order_ref, amount, purpose, customer_email, description, idempotency_key, caller_ref
    )
    return_url = _clean_url(return_url)
    payment = _payment_get_or_create(request, kind=PaymentKind.INTENT, return_url=return_url)
    if payment.status == PaymentStatus.REQUIRES_PAYMENT and not payment.provider_id:
        payment = _open_intent(payment)
    elif not payment.provider_id:
        if payment.status == PaymentStatus.CANCELED:
            raise Conflict("This payment was cancelled.", code="payment_canceled")
        raise PaymentRefused(payment.failure_message or "The provider refused this payment.")
    provider = registry.provider(payment.provider)
    return selectors.payment_start_info(
        payment, publishable_key=provider.publishable_key, page_url=page_url(payment)
    )


def payment_link_create(
    *,
    order_ref: str,
    amount,
    currency: str,
    description: str,
    customer_email: str,
    actor: Actor,
    purpose: str = Purpose.ORDER,
    idempotency_key: str | None = None,
    caller_ref: str = "",
) -> str:
    """A payment link to send to the payer: a Stripe Checkout Session (stripe) or our
    offline hosted page (offline). Each call makes a new link unless `idempotency_key`
    repeats. Needs the `send_payment_links` capability."""
    if not actor.has_perm(Cap.SEND_PAYMENT_LINKS.perm):
        raise PermissionDenied("You are not allowed to send payment links.")
    money = amount if isinstance(amount, Money) else _money(amount, currency)
    key = idempotency_key or f"link:{order_ref}:{secrets.token_hex(8)}"
    request = _clean(
        order_ref, money, purpose, customer_email, description or order_ref, key, caller_ref
    )
    payment = _payment_get_or_create(request, kind=PaymentKind.LINK, return_url="")
    if payment.status == PaymentStatus.REQUIRES_PAYMENT and not payment.provider_session_id:
        payment = _open_session(payment)
    if not payment.hosted_url:
        raise PaymentRefused(payment.failure_message or "The provider refused this link.")
    logger.info("Payment link %s for %s by %s", payment.reference, order_ref, actor.label)
    return payment.hosted_url


# --- Creating the row ------------------------------------------------------------------
def _payment_get_or_create(request: _Request, *, kind: str, return_url: str) -> Payment:
    existing = Payment.objects.filter(idempotency_key=request.idempotency_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Payment.objects.create(
                    reference=next_number("PAY"),
                    provider=settings.PAYMENTS_PROVIDER,
                    kind=kind,
                    order_ref=request.order_ref,
                    purpose=request.purpose,
                    caller_ref=request.caller_ref,
                    amount=request.amount.amount,
                    currency=request.amount.currency,
                    customer_email=request.customer_email,
                    description=request.description,
                    return_url=return_url,
                    idempotency_key=request.idempotency_key,
                )
        except IntegrityError:  # a concurrent call with the same key won
            existing = Payment.objects.get(idempotency_key=request.idempotency_key)
    _same_request(existing, request, kind)
    return existing


def _same_request(payment: Payment, request: _Request, kind: str) -> None:
    same = (
        payment.order_ref == request.order_ref
        and payment.money == request.amount
        and payment.purpose == request.purpose
        and payment.caller_ref == request.caller_ref
        and payment.kind == kind
    )
    if not same:
        raise Conflict(
            "This idempotency key was already used for a different payment.",
            code="idempotency_conflict",
            payment_id=payment.reference,
        )


# --- Asking the provider ---------------------------------------------------------------
def _open_intent(payment: Payment) -> Payment:
    provider = registry.provider(payment.provider)
    try:
        intent = provider.create_intent(
            amount=payment.money,
            description=payment.description,
            receipt_email=payment.customer_email,
            metadata=_metadata(payment),
            return_url=payment.return_url,
            idempotency_key=f"atelier-payment-{payment.token}",
        )
    except ProviderError as exc:
        raise _provider_failure(payment, exc) from None
    fields = {
        "provider_id": intent.id,
        "client_secret": intent.client_secret or "",
        "hosted_url": intent.redirect_url or "",
    }
    return _store(payment, fields, unless="provider_id")


def _open_session(payment: Payment) -> Payment:
    provider = registry.provider(payment.provider)
    try:
        session = provider.create_checkout_session(
            amount=payment.money,
            description=payment.description,
            customer_email=payment.customer_email,
            success_url=done_url(payment) + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=done_url(payment),
            client_reference_id=payment.reference,
            metadata=_metadata(payment),
            idempotency_key=f"atelier-link-{payment.token}",
        )
    except ProviderError as exc:
        raise _provider_failure(payment, exc) from None
    fields = {"provider_session_id": session.id, "hosted_url": session.url or ""}
    return _store(payment, fields, unless="provider_session_id")


def _store(payment: Payment, fields: dict, *, unless: str) -> Payment:
    """Save the provider's answer into fields still blank (a concurrent call with the same
    key, or a webhook that came first, may have filled some already)."""
    with transaction.atomic():
        locked = lock_payment(payment.pk)
        current = getattr(locked, unless)
        if current and current != fields[unless]:
            raise Conflict("The provider answered with another object.", code="provider_conflict")
        blank = [name for name, value in fields.items() if value and not getattr(locked, name)]
        for name in blank:
            setattr(locked, name, fields[name])
        if blank:
            locked.save(update_fields=[*blank, "updated_at"])
    return locked


def _provider_failure(payment: Payment, exc: ProviderError) -> Exception:
    if isinstance(exc, ProviderRejected) and not isinstance(exc, ProviderAuthenticationError):
        logger.warning("Provider refused payment %s: %s", payment.reference, exc.message)
        with transaction.atomic():
            apply_transition(
                lock_payment(payment.pk),
                PaymentStatus.FAILED,
                table=TRANSITIONS,
                actor=PROVIDER_ACTOR,
                reason=f"Refused by the provider: {exc.message}",
                changes={
                    "failure_code": exc.code[:100] or "refused",
                    "failure_message": exc.message[:500],
                },
            )
        return PaymentRefused(exc.message, provider_code=exc.code)
    logger.warning("Provider unavailable for payment %s: %s", payment.reference, exc.message)
    return PaymentProviderUnavailable(
        "The payment provider cannot be reached just now; please try again in a moment."
    )


def _metadata(payment: Payment) -> dict[str, str]:
    return {
        "atelier_payment": payment.reference,
        "order_ref": payment.order_ref,
        "purpose": payment.purpose,
        **({"caller_ref": payment.caller_ref} if payment.caller_ref else {}),
    }


# --- Input -----------------------------------------------------------------------------
def _clean(
    order_ref, amount, purpose, customer_email, description, idempotency_key, caller_ref=""
) -> _Request:
    errors = {}
    if not isinstance(caller_ref, str) or len(caller_ref) > 40:
        errors["caller_ref"] = "The caller's reference has at most 40 characters."
    if not isinstance(order_ref, str) or not order_ref.strip() or len(order_ref) > 40:
        errors["order_ref"] = "An order reference of at most 40 characters is required."
    if not isinstance(amount, Money):
        errors["amount"] = "The amount is a Money (amount and currency)."
    elif amount.amount <= 0:
        errors["amount"] = "The amount must be positive."
    elif amount.rounded() != amount:
        errors["amount"] = f"{amount.currency} amounts have at most {_places(amount)} decimals."
    if purpose not in Purpose.values:
        errors["purpose"] = f"Purpose is one of {', '.join(Purpose.values)}."
    if customer_email:
        try:
            validate_email(customer_email)
        except DjangoValidationError:
            errors["customer_email"] = "Not a valid e-mail address."
    if not isinstance(description, str) or len(description) > 255:
        errors["description"] = "The description has at most 255 characters."
    if not isinstance(idempotency_key, str) or not idempotency_key.strip():
        errors["idempotency_key"] = "An idempotency key is required."
    elif len(idempotency_key) > 200:
        errors["idempotency_key"] = "The idempotency key has at most 200 characters."
    if errors:
        raise ValidationFailed(
            "The payment request is not valid.", code="invalid_payment", **errors
        )
    return _Request(
        order_ref.strip(),
        amount,
        purpose,
        customer_email or "",
        description,
        idempotency_key,
        caller_ref.strip(),
    )


def _clean_url(url: str) -> str:
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return absolute(url)
    if isinstance(url, str) and url.startswith(("https://", "http://")) and len(url) <= 2000:
        return url
    raise ValidationFailed(
        "The return URL must be absolute (https://...) or a path on this site.",
        code="invalid_payment",
        return_url="Not a usable URL.",
    )


def _money(amount, currency) -> Money:
    try:
        return Money(amount, currency)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(str(exc), code="invalid_payment", amount=str(exc)) from None


def _places(amount: Money) -> int:
    return -amount.quantum.as_tuple().exponent
