"""E-mails production sends, all through the transactional outbox.

* a purchase order declined -> the production managers, at once (one per decline);
* a purchase order late -> the production managers, at most once per PO per day
  (the outbox idempotency key carries the date), from the daily `production_late_check`;
* a piece failed inspection -> its workshop (one per failed round).

Production managers are the active users of the `production_manager` group.
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model

from atelier.core.models import OutboxMessage
from atelier.core.outbox import enqueue
from atelier.core.roles import Role

logger = logging.getLogger(__name__)


def production_manager_emails() -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, groups__name=Role.PRODUCTION_MANAGER.value
    )
    return sorted({e for e in users.values_list("email", flat=True) if e})


def _send(key: str, to: list[str], subject: str, text: str) -> bool:
    """Enqueue one e-mail; False when there is nobody to tell or it was already queued."""
    if not to:
        logger.warning("No recipient for %s", key)
        return False
    if OutboxMessage.objects.filter(idempotency_key=key).exists():
        return False
    enqueue(
        channel="email", idempotency_key=key, payload={"to": to, "subject": subject, "text": text}
    )
    return True


def po_declined(*, number: str, manufacturer_name: str, reason: str, occurrence: str) -> bool:
    return _send(
        f"production.declined:{number}:{occurrence}",
        production_manager_emails(),
        f"{number} declined by {manufacturer_name}",
        f"{manufacturer_name} declined purchase order {number}.\n\nReason: {reason}\n\n"
        "Reassign it to another workshop from the production queue.",
    )


def po_late(*, number: str, manufacturer_name: str, why: str, today: date) -> bool:
    return _send(
        f"production.late:{number}:{today.isoformat()}",
        production_manager_emails(),
        f"{number} is late ({manufacturer_name})",
        f"Purchase order {number} at {manufacturer_name} is late: {why}.",
    )


def rework_requested(*, item, defects: str) -> bool:
    from atelier.org.models import Manufacturer

    email = (
        Manufacturer.objects.filter(pk=item.manufacturer_id).values_list("email", flat=True).first()
    )
    return _send(
        f"production.rework:{item.code}:{item.round}",
        [email] if email else [],
        f"Rework needed: {item.code} ({item.product_name})",
        f"Piece {item.code} of purchase order {item.purchase_order_number} failed quality "
        f"inspection (round {item.round}).\n\nDefects: {defects}\n\n"
        "Please rework it and mark the rework complete in the portal.",
    )


def lines_unassigned(*, order_ref: str, line_refs) -> bool:
    refs = ", ".join(line_refs)
    return _send(
        f"production.unassigned:{order_ref}:{refs}"[:200],
        production_manager_emails(),
        f"{order_ref}: lines without a manufacturer",
        f"Paid order {order_ref} needs lines {refs} built or restocked, but they have no "
        "manufacturer. Raise their purchase orders by hand.",
    )
