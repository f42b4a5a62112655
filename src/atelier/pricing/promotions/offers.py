"""Reading promotions for the rules: rows -> `rules.Offer`, and a customer's past uses."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime

from django.db.models import Count, Q

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing.promotions.enums import RedemptionStatus
from atelier.pricing.promotions.models import (
    Promotion,
    PromotionCurrency,
    PromotionRedemption,
)
from atelier.pricing.promotions.rules import Offer, Term

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,39}$")


def normalise_code(code: str | None) -> str:
    """Codes ignore case and surrounding spaces: " welcome10 " -> "WELCOME10"."""
    return (code or "").strip().upper()


def check_code(code: str) -> str:
    code = normalise_code(code)
    if not CODE_RE.match(code):
        raise ValidationFailed(
            "code: 2 to 40 letters, digits, - or _, starting with a letter or digit.",
            code="invalid_code",
        )
    return code


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def load_offers(*, on: datetime, code: str = "") -> list[Offer]:
    """Automatic promotions that are switched on and running at `on`, plus the promotion
    of `code` whatever its state (the rules say why it cannot be used). Five queries."""
    running = Q(code="", is_active=True, starts_at__lte=on) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=on)
    )
    rows = list(Promotion.objects.filter(running | Q(code=code) if code else running))
    return offers_for(rows)


def offers_for(rows: list[Promotion]) -> list[Offer]:
    ids = [p.pk for p in rows]
    terms = _terms(ids)
    links = {name: _links(name, ids) for name in ("products", "categories", "collections")}
    return [_offer(p, terms[p.pk], {k: v[p.pk] for k, v in links.items()}) for p in rows]


def _terms(ids: Collection[int]) -> dict[int, dict[str, Term]]:
    result: dict[int, dict[str, Term]] = defaultdict(dict)
    for row in PromotionCurrency.objects.filter(promotion_id__in=ids):
        quantum = Money.zero(row.currency).quantum  # stored with 3 decimals
        off = row.amount_off.quantize(quantum) if row.amount_off is not None else None
        result[row.promotion_id][row.currency] = Term(off, row.min_spend.quantize(quantum))
    return result


def _links(field: str, ids: Collection[int]) -> dict[int, frozenset[int]]:
    through = Promotion._meta.get_field(field).remote_field.through
    target = f"{Promotion._meta.get_field(field).related_model._meta.model_name}_id"
    pairs = through.objects.filter(promotion_id__in=ids).values_list("promotion_id", target)
    found: dict[int, set[int]] = defaultdict(set)
    for promotion_id, target_id in pairs:
        found[promotion_id].add(target_id)
    return defaultdict(frozenset, {k: frozenset(v) for k, v in found.items()})


def offer_of(promotion: Promotion) -> Offer:
    """The promotion without its terms and restrictions: enough for the use checks."""
    empty = frozenset()
    return _offer(promotion, {}, {"products": empty, "categories": empty, "collections": empty})


def _offer(p: Promotion, terms: dict[str, Term], links: dict[str, frozenset[int]]) -> Offer:
    return Offer(
        id=p.pk,
        name=p.name,
        code=p.code,
        kind=p.kind,
        percentage=p.percentage,
        priority=p.priority,
        stackable=p.stackable,
        is_active=p.is_active,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        usage_limit=p.usage_limit,
        usage_limit_per_customer=p.usage_limit_per_customer,
        times_used=p.times_used,
        terms=terms,
        product_ids=links["products"],
        category_ids=links["categories"],
        collection_ids=links["collections"],
    )


def customer_uses(
    promotion_ids: Iterable[int], *, user_id: int | None, email: str
) -> dict[int, int]:
    """Active redemptions of each promotion by this customer: by account or by e-mail, so
    checking out as a guest with the same address counts too. One query (none if
    nobody is identified or no id is given)."""
    ids = list(promotion_ids)
    if not ids or (user_id is None and not email):
        return {}
    who = (Q(user_id=user_id) if user_id is not None else Q()) | (Q(email=email) if email else Q())
    rows = PromotionRedemption.objects.filter(
        who, promotion_id__in=ids, status=RedemptionStatus.ACTIVE
    )
    return dict(rows.values_list("promotion_id").annotate(n=Count("id")).order_by())
