from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from atelier.accounts.tests.factories import make_user
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.production import handlers, services
from atelier.production.tests.helpers import SYSTEM, at, released
from atelier.purchasing.events import PurchaseOrderDeclined


@pytest.fixture
def managers(db):
    make_user(Role.PRODUCTION_MANAGER, "pm1@atelier.test")
    make_user(Role.PRODUCTION_MANAGER, "pm2@atelier.test")
    make_user(Role.QUALITY_CONTROLLER, "qc@atelier.test")


def mails(prefix: str):
    return list(OutboxMessage.objects.filter(idempotency_key__startswith=prefix))


def declined(number: str, manufacturer_id: int, change_id: int = 7) -> PurchaseOrderDeclined:
    return PurchaseOrderDeclined(
        model="purchasing.purchaseorder",
        object_id="1",
        from_status="awaiting_manufacturer",
        to_status="declined",
        reason="Fabric unavailable",
        change_id=change_id,
        number=number,
        manufacturer_id=manufacturer_id,
    )


def test_a_declined_purchase_order_is_mailed_to_the_production_managers_once(world, managers):
    number = released(world)
    services.po_decline(number=number, reason="Fabric unavailable", actor=world.workshop_a)

    handlers.on_purchase_order_declined(declined(number, world.a.pk))
    handlers.on_purchase_order_declined(declined(number, world.a.pk))  # delivered twice

    (mail,) = mails("production.declined:")
    assert mail.payload["to"] == ["pm1@atelier.test", "pm2@atelier.test"]
    assert number in mail.payload["subject"]
    assert "Fabric unavailable" in mail.payload["text"]


def test_a_late_purchase_order_is_mailed_once_a_day(world, managers):
    number = released(world)  # required in 60 days
    now = timezone.now()

    assert services.late_check(actor=SYSTEM, now=now) == 0
    assert services.late_check(actor=SYSTEM, now=now + timedelta(days=61)) == 1
    assert services.late_check(actor=SYSTEM, now=now + timedelta(days=61, hours=1)) == 0
    assert services.late_check(actor=SYSTEM, now=now + timedelta(days=62)) == 1

    late = mails("production.late:")
    assert len(late) == 2
    assert all(number in m.payload["subject"] for m in late)


def test_accepted_but_not_started_in_time_is_late(world, managers, settings):
    settings.PRODUCTION_START_WITHIN_DAYS = 7
    number = at(world, released(world), "accepted")
    now = timezone.now()

    assert services.late_check(actor=SYSTEM, now=now + timedelta(days=6)) == 0
    assert services.late_check(actor=SYSTEM, now=now + timedelta(days=8)) == 1
    (mail,) = mails("production.late:")
    assert "not started" in mail.payload["text"]
    assert number in mail.payload["text"]


def test_completed_purchase_orders_are_never_late(world, managers):
    at(world, released(world), "completed")
    assert services.late_check(actor=SYSTEM, now=timezone.now() + timedelta(days=90)) == 0


def test_the_command_runs_the_check(world, managers, capsys):
    call_command("production_late_check")
    assert "0 late purchase order notice(s) queued." in capsys.readouterr().out
