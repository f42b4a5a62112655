"""The thread between the retailer and the workshop: messages and files added for the
order (content-checked, kept in private storage)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from atelier.catalog.validators import sniff_production_file
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.purchasing.access import get_purchase_order_for, side_of
from atelier.purchasing.enums import FileKind, FileSource
from atelier.purchasing.enums import POStatus as S
from atelier.purchasing.models import PurchaseOrderFile, PurchaseOrderMessage
from atelier.purchasing.services import _common as check

CLOSED = (S.CANCELLED,)


def purchase_order_message_post(*, number: str, body: str, actor: Actor) -> PurchaseOrderMessage:
    """A message in the PO's thread, from the retailer's or the workshop's side."""
    po = get_purchase_order_for(actor, number, action="message")
    body = check.text(body, "body", max_length=check.MAX_TEXT, required=True)
    if po.status in CLOSED:
        raise ValidationFailed("The purchase order is cancelled.", code="closed")
    return PurchaseOrderMessage.objects.create(
        purchase_order=po,
        author_id=actor.user_id,
        author_label=actor.label,
        side=side_of(actor),
        body=body,
    )


def purchase_order_file_add(
    *,
    number: str,
    kind: str,
    title: str,
    file,
    actor: Actor,
    line_position: int | None = None,
) -> PurchaseOrderFile:
    """A file for this order (CAD, render, assembly instructions, photo), checked by its
    content; for one line's product when `line_position` is given."""
    po = get_purchase_order_for(actor, number, action="file")
    if po.status in CLOSED:
        raise ValidationFailed("The purchase order is cancelled.", code="closed")
    if kind not in FileKind.values:
        raise ValidationFailed(f"kind: one of {', '.join(FileKind.values)}.", field="kind")
    title = check.text(title, "title", max_length=160, required=True)
    line = _line(po, line_position)
    size, digest = _checked(file)
    with transaction.atomic():
        row = PurchaseOrderFile(
            purchase_order=po,
            line=line,
            product_id=line.product_id if line else None,
            kind=kind,
            title=title,
            source=FileSource.ORDER,
            side=side_of(actor),
            size_bytes=size,
            sha256=digest,
            added_by_label=actor.label,
        )
        row.file.save(getattr(file, "name", "") or "file", file, save=False)
        row.save()
    return row


def _line(po, position):
    if position is None:
        return None
    line = (
        po.lines.filter(position=position, is_live=True).first() if type(position) is int else None
    )
    if line is None:
        raise ValidationFailed("No such line on this purchase order.", field="line_position")
    return line


def _checked(file) -> tuple[int, str]:
    if file is None or not hasattr(file, "read"):
        raise ValidationFailed("Choose a file.", code="required", field="file")
    try:
        sniff_production_file(file)
    except ValidationError as exc:
        raise ValidationFailed(exc.messages[0], code=exc.code or "file", field="file") from None
    file.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return size, digest.hexdigest()
