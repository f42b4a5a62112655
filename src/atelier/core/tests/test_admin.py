"""Kernel tables in the admin: read-only, searchable; "retry now" calls the service."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from atelier.core.enums import OutboxStatus
from atelier.core.models import DocumentSequence, OutboxMessage, StatusChange
from atelier.core.numbering import next_number
from atelier.core.outbox import enqueue
from atelier.core.testing.models import SampleStatus as S
from atelier.core.testing.services import sample_move

MODELS = ["outboxmessage", "statuschange", "documentsequence"]


@pytest.fixture(autouse=True)
def _no_dispatch_on_commit(settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False


@pytest.fixture
def messages_in_every_state():
    for key, status in [
        ("order-1-sms", OutboxStatus.FAILED),
        ("order-2-sms", OutboxStatus.SENT),
        ("order-3-sms", OutboxStatus.PENDING),
    ]:
        enqueue(channel="fake", payload={"to": "x"}, idempotency_key=key)
        OutboxMessage.objects.filter(idempotency_key=key).update(
            status=status, last_error="ConnectionError('down')" if status == "failed" else ""
        )
    return {m.idempotency_key: m for m in OutboxMessage.objects.all()}


@pytest.fixture
def one_of_each(messages_in_every_state, make_doc, approver):
    sample_move(doc=make_doc(), to=S.CANCELLED, actor=approver, reason="Duplicate order.")
    with transaction.atomic():
        next_number("INV", year=2026)
    return messages_in_every_state


def _changelist(model):
    return reverse(f"admin:core_{model}_changelist")


def _shown(response) -> list:
    return list(response.context["cl"].result_list)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_lists_and_detail_pages_open(admin_client, one_of_each, model):
    response = admin_client.get(_changelist(model))
    assert response.status_code == 200
    obj = _shown(response)[0]
    detail = admin_client.get(reverse(f"admin:core_{model}_change", args=[obj.pk]))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content  # view only


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_nobody_adds_changes_or_deletes_rows(admin_client, one_of_each, model):
    obj = _shown(admin_client.get(_changelist(model)))[0]
    before = type(obj).objects.count()
    assert admin_client.get(reverse(f"admin:core_{model}_add")).status_code == 403
    change_url = reverse(f"admin:core_{model}_change", args=[obj.pk])
    assert admin_client.post(change_url, {"status": "sent"}).status_code == 403
    delete_url = reverse(f"admin:core_{model}_delete", args=[obj.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.count() == before


@pytest.mark.django_db
def test_outbox_filters_and_search(admin_client, messages_in_every_state):
    failed = admin_client.get(_changelist("outboxmessage"), {"status__exact": "failed"})
    assert [m.idempotency_key for m in _shown(failed)] == ["order-1-sms"]
    found = admin_client.get(_changelist("outboxmessage"), {"q": "order-3"})
    assert [m.idempotency_key for m in _shown(found)] == ["order-3-sms"]
    by_error = admin_client.get(_changelist("outboxmessage"), {"q": "ConnectionError"})
    assert [m.idempotency_key for m in _shown(by_error)] == ["order-1-sms"]


@pytest.mark.django_db
def test_status_changes_and_sequences_are_searchable(admin_client, one_of_each):
    changes = admin_client.get(_changelist("statuschange"), {"q": "Duplicate"})
    assert [(c.from_status, c.to_status) for c in _shown(changes)] == [("draft", "cancelled")]
    assert _shown(admin_client.get(_changelist("statuschange"), {"q": "nothing"})) == []
    sequences = admin_client.get(_changelist("documentsequence"), {"prefix": "INV"})
    assert [(s.prefix, s.year, s.last_value) for s in _shown(sequences)] == [
        ("INV", 2026, 1),
    ]


@pytest.mark.django_db
def test_retry_now_action_requeues_failed_and_skips_sent(admin_client, messages_in_every_state):
    ids = [m.pk for m in messages_in_every_state.values()]
    before = timezone.now()
    response = admin_client.post(
        _changelist("outboxmessage"),
        {"action": "retry_now", "_selected_action": ids},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Queued again: 2. Skipped (sent or sending): 1."]
    rows = {m.idempotency_key: m for m in OutboxMessage.objects.all()}
    assert rows["order-1-sms"].status == OutboxStatus.PENDING
    assert rows["order-1-sms"].next_attempt_at >= before
    assert rows["order-2-sms"].status == OutboxStatus.SENT
    assert rows["order-3-sms"].status == OutboxStatus.PENDING


@pytest.mark.django_db
def test_retry_now_needs_the_change_permission(client, django_user_model, messages_in_every_state):
    viewer = django_user_model.objects.create_user(
        email="viewer@atelier.example", password="x", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    client.force_login(viewer)
    page = client.get(_changelist("outboxmessage"))
    assert page.status_code == 200
    assert b"retry_now" not in page.content
    failed = messages_in_every_state["order-1-sms"]
    client.post(
        _changelist("outboxmessage"), {"action": "retry_now", "_selected_action": [failed.pk]}
    )
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.FAILED


def test_the_kernel_tables_are_registered():
    from django.contrib import admin

    registered = {m._meta.label for m in admin.site._registry}
    assert {m._meta.label for m in (OutboxMessage, StatusChange, DocumentSequence)} <= registered
