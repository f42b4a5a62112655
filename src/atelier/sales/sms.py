"""Text messages to customers about their order, always through the outbox.

Only to customers who said yes (the order's `sms_opt_in` from checkout, or the
customer's contact preference) and who have a phone number; a number that replied STOP
is skipped when the message leaves (integrations.sms.delivery). One message per order
and kind (and shipment): handlers may run twice, the outbox key makes it once.

Texts are short and GSM-7 only (no curly quotes, no accents outside the GSM alphabet),
in the customer's language: their preference, else the storefront's language at
checkout, else the shipping country's, else English.
"""

from __future__ import annotations

import logging

from atelier.core import outbox
from atelier.customers import facade as customers
from atelier.sales.models import SalesOrder
from atelier.sales.services.notifications import order_url

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
COUNTRY_LANGUAGES = {
    "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "CH": "fr",
    "IT": "it", "SM": "it", "VA": "it",
    "DE": "de", "AT": "de", "LI": "de",
}  # fmt: skip

TEXTS: dict[str, dict[str, str]] = {
    "order_confirmed": {
        "en": "Atelier: your order {number} is confirmed. We will text you as it "
        "progresses. Reply STOP to opt out.",
        "fr": "Atelier : votre commande {number} est confirmée. Nous vous informerons "
        "par SMS. Répondez STOP pour ne plus recevoir de SMS.",
        "it": "Atelier: il tuo ordine {number} è confermato. Ti aggiorneremo via SMS. "
        "Rispondi STOP per non riceverne altri.",
        "de": "Atelier: Ihre Bestellung {number} ist bestätigt. Wir informieren Sie per "
        "SMS. Antworten Sie STOP zum Abmelden.",
    },
    "in_production": {
        "en": "Atelier: our workshop has started making your order {number}.",
        "fr": "Atelier : notre atelier a commencé la fabrication de votre commande {number}.",
        "it": "Atelier: il nostro laboratorio ha iniziato a realizzare il tuo ordine {number}.",
        "de": "Atelier: Unsere Werkstatt hat mit der Fertigung Ihrer Bestellung {number} begonnen.",
    },
    "shipped": {
        "en": "Atelier: your order {number} has shipped. Track it: {tracking_url}",
        "fr": "Atelier : votre commande {number} a été expédiée. Suivi : {tracking_url}",
        "it": "Atelier: il tuo ordine {number} è stato spedito. Traccialo: {tracking_url}",
        "de": "Atelier: Ihre Bestellung {number} wurde versandt. Sendungsverfolgung: "
        "{tracking_url}",
    },
    "out_for_delivery": {
        "en": "Atelier: your order {number} is out for delivery today.",
        "fr": "Atelier : votre commande {number} sera livrée aujourd'hui.",
        "it": "Atelier: il tuo ordine {number} è in consegna oggi.",
        "de": "Atelier: Ihre Bestellung {number} wird heute zugestellt.",
    },
    "delivered": {
        "en": "Atelier: your order {number} has been delivered. Thank you!",
        "fr": "Atelier : votre commande {number} a été livrée. Merci !",
        "it": "Atelier: il tuo ordine {number} è stato consegnato. Grazie!",
        "de": "Atelier: Ihre Bestellung {number} wurde zugestellt. Vielen Dank!",
    },
    "appointment_reminder": {
        "en": "Atelier: a reminder of your appointment on {when} at {place}.",
        "fr": "Atelier : rappel de votre rendez-vous le {when} à {place}.",
        "it": "Atelier: promemoria del tuo appuntamento il {when} presso {place}.",
        "de": "Atelier: Erinnerung an Ihren Termin am {when} in {place}.",
    },
}
KINDS = tuple(TEXTS)
LANGUAGES = ("en", "fr", "it", "de")


def language_code(value: str) -> str:
    """ "fr-ch" -> "fr" when we have texts in it; "" otherwise."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else ""


def order_language(order: SalesOrder, preference=None) -> str:
    country = str(order.shipping_address.country) if order.shipping_address_id else ""
    return (
        language_code(preference.language if preference else "")
        or language_code(order.language)
        or COUNTRY_LANGUAGES.get(country.upper(), "")
        or DEFAULT_LANGUAGE
    )


def render(kind: str, language: str, **context) -> str:
    texts = TEXTS[kind]
    return texts.get(language, texts[DEFAULT_LANGUAGE]).format(**context)


def sms_for_order(order_ref: str, kind: str, **context):
    """Enqueue the `kind` text about order `order_ref`; None when it must not be sent
    (no consent, no phone, unknown order). `shipment_number` makes one per shipment."""
    if kind not in TEXTS:
        raise ValueError(f"Unknown order text {kind!r} (known: {', '.join(KINDS)}).")
    order = SalesOrder.objects.select_related("shipping_address").filter(number=order_ref).first()
    if order is None:
        logger.warning("No order %s for the %s text.", order_ref, kind)
        return None
    preference = customers.contact_preference(order.customer_id) if order.customer_id else None
    phone = str(order.phone or "") or (preference.phone if preference else "")
    opted_in = order.sms_opt_in or bool(preference and preference.sms_opt_in)
    if not (opted_in and phone):
        return None
    shipment = context.pop("shipment_number", "")
    if kind == "shipped" and not context.get("tracking_url"):
        context["tracking_url"] = order_url(order)
    body = render(kind, order_language(order, preference), number=order.number, **context)
    key = f"sales:sms:{order.number}:{kind}" + (f":{shipment}" if shipment else "")
    return outbox.enqueue(channel="sms", payload={"to": phone, "body": body}, idempotency_key=key)
