"""Issue 7's "Done when", end to end: a guest pays for a made-to-order sofa, and the people
who own each step take it through purchase order -> workshop portal -> completed ->
failed inspection -> rework -> passed inspection -> parcel with the fake carrier ->
delivered, each on their own page, with the real event wiring (config/event_wiring.py).
The customer's texts and e-mails wait in the outbox, each exactly once, even when every
event is delivered again.

The world is sales' test builder (regions, prices, the Aria sofa made to order by its
workshop), plus what the pipeline needs around it: the sofa's CAD drawing and parcel
data, a quality checklist for its category, a warehouse to ship from, and one person per
role. The demo itself (`demo.pipeline.load_pipeline_demo`) is checked at the end.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.catalog import facade as catalog
from atelier.catalog import services as catalog_services
from atelier.catalog.models import Product, ProductionFile
from atelier.catalog.tests.factories import MANAGER
from atelier.core import events as core_events
from atelier.core import outbox as core_outbox
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.demo.pipeline import STAGES, load_pipeline_demo
from atelier.integrations.carriers.fake import fake_advance
from atelier.integrations.sms.console import ConsoleSms
from atelier.production import handlers as production_handlers
from atelier.production.models import CompletionPhoto, ProductionItem
from atelier.purchasing import facade as purchasing
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderFile
from atelier.quality import services as quality
from atelier.quality.models import Inspection, InspectionPhoto
from atelier.sales.enums import Finalisation, OrderStatus
from atelier.sales.events import OrderPaid
from atelier.sales.models import CreditNote, Invoice, SalesOrder
from atelier.sales.services._building import access_token
from atelier.sales.tests.helpers import make_world
from atelier.shipping.models import Shipment
from atelier.shipping.tasks import shipments_track
from atelier.shipping.tests.helpers import warehouse
from atelier.storefront.tests.test_cart_checkout_pages import checkout_data

pytestmark = pytest.mark.django_db

PASSWORD = "workshop-pass-2026!"
PHONE = "+33 6 12 34 56 78"
DEFECT = "Seam open along the left armrest, about 4 cm"


# --- Set-up ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _files_and_settings(tmp_path, monkeypatch, settings):
    """Every private file in a temporary folder; messages wait in the outbox; the fake
    carrier ships from the Munich warehouse."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    settings.CARRIER_PROVIDER = "fake"
    settings.SMS_PROVIDER = "console"
    settings.SHIPPING_ORIGIN_WAREHOUSE = "munich"
    private = FileSystemStorage(location=tmp_path / "private")
    for model, field in (
        (Invoice, "pdf"),
        (CreditNote, "pdf"),
        (ProductionFile, "file"),
        (PurchaseOrderFile, "file"),
        (InspectionPhoto, "file"),
        (CompletionPhoto, "image"),
        (Shipment, "label"),
        (Shipment, "customs_invoice"),
    ):
        monkeypatch.setattr(model._meta.get_field(field), "storage", private)
    monkeypatch.setattr("atelier.quality.facade.private_storage", lambda: private)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def delivered_events(monkeypatch):
    """Every event delivered to its handlers during the test, in order."""
    seen: list = []
    real = core_events._deliver

    def recording(event):
        seen.append(event)
        real(event)

    monkeypatch.setattr(core_events, "_deliver", recording)
    return seen


@pytest.fixture
def world(db):
    w = make_world()
    warehouse()
    catalog.product_shipping_data_set(  # the parcel the fake carrier rates
        product_id=w.sofa.product_id,
        package_weight_kg=Decimal("38.0"),
        package_width_cm=Decimal("120"),
        package_depth_cm=Decimal("80"),
        package_height_cm=Decimal("60"),
        actor=MANAGER,
    )
    sofa = Product.objects.get(pk=w.sofa.product_id)
    catalog_services.production_file_upload(
        product=sofa,
        kind="cad",
        file=SimpleUploadedFile("aria-cad.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
        title="Frame CAD",
        actor=MANAGER,
    )
    qc = make_user(Role.QUALITY_CONTROLLER)
    checklist = quality.checklist_create(
        category_id=sofa.category_id, name="Sofas", actor=actor_for(qc)
    )
    quality.checklist_item_add(
        checklist=checklist, label="Stitching even", kind="pass_fail", actor=actor_for(qc)
    )
    quality.checklist_item_add(
        checklist=checklist,
        label="Seat height",
        kind="measure",
        target="45",
        tolerance="0.5",
        unit="cm",
        actor=actor_for(qc),
    )
    w.people = {
        "designer": make_user(Role.DESIGNER),
        "manager": make_user(Role.PRODUCTION_MANAGER),
        "qc": qc,
        "workshop": make_user(
            Role.MANUFACTURER,
            "workshop@aria.example",
            password=PASSWORD,
            manufacturer=sofa.manufacturer,
        ),
    }
    return w


# --- Helpers: people using pages -------------------------------------------------------


def browser(user=None) -> Client:
    """A browser that sends the CSRF token like a form does (checks enforced)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    return csrf(response.content.decode())


def csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no form on the page"
    return found.group(1)


def submit(client: Client, page: str, action: str, data=None, capture=None, **extra):
    """Open `page`, then post its form to `action` (after-commit work runs)."""
    data = {"csrfmiddlewaretoken": token(client, page), **(data or {})}
    if capture is None:
        return client.post(action, data, **extra)
    with capture(execute=True):
        return client.post(action, data, **extra)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def jpeg(name="defect.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def outbox(order_number: str) -> list[tuple[str, str]]:
    """(channel, idempotency key) of every message about the order."""
    return sorted(
        OutboxMessage.objects.filter(idempotency_key__contains=order_number).values_list(
            "channel", "idempotency_key"
        )
    )


# --- The journey -----------------------------------------------------------------------


def test_a_paid_made_to_order_sofa_from_checkout_to_the_customers_door(
    world, delivered_events, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    people = world.people

    # 1. A guest buys the sofa with a phone, ticks the texts, standard delivery; pays.
    guest = browser()
    product_page = f"/products/{world.sofa.product.slug}/?option-fabric=linen"
    added = submit(
        guest,
        product_page,
        "/cart/add/",
        {"variant": world.sofa.pk, "quantity": 1, "option-fabric": "linen"},
    )
    assert added.status_code == 302
    page = guest.get("/checkout/").content.decode()
    assert "DHL Express" not in page  # made-to-order pieces never go express at checkout
    data = checkout_data(
        page,
        csrfmiddlewaretoken=csrf(page),
        email="camille@example.com",
        phone=PHONE,
        sms_opt_in="on",
        shipping_method="standard",
    )
    with capture(execute=True):
        placed = guest.post("/checkout/", data)
    assert placed.status_code == 303, placed.content[:500]
    pay_page = urlparse(placed["Location"]).path
    assert "/pay/offline/" in pay_page
    paid = submit(guest, pay_page, pay_page, {"action": "succeed"}, capture)
    assert paid.status_code == 302
    order = SalesOrder.objects.get()
    assert (order.status, order.sms_opt_in) == (OrderStatus.PAID, True)
    line = order.lines.get()
    assert line.finalisation == Finalisation.PROVISIONAL

    # 2. The payment raised one purchase order for the sofa's workshop, awaiting the
    #    designer; the same payment event delivered again raises nothing more.
    (po,) = purchasing.purchase_orders_for_order(order.number)
    assert (po.status, po.manufacturer_id) == ("draft", world.sofa.product.manufacturer_id)
    assert po.lines[0].awaiting_finalisation is True
    (paid_event,) = [e for e in delivered_events if isinstance(e, OrderPaid)]
    with capture(execute=True):
        production_handlers.on_order_paid(paid_event)
        core_events._deliver(paid_event)
    assert PurchaseOrder.objects.filter(order_ref=order.number).count() == 1

    # 3. The designer finalises the line; the production manager releases the PO.
    designer = browser(people["designer"])
    mto_page = f"/backoffice/orders/{order.number}/made-to-order/"
    done = submit(
        designer,
        mto_page,
        f"/backoffice/orders/{order.number}/lines/L1/finalise/",
        {"option-fabric": "linen", "size-width": "240", "note": "Measured at home."},
        capture,
    )
    assert done.status_code == 302
    line.refresh_from_db()
    assert line.finalisation == Finalisation.FINAL, messages_of(done)
    assert purchasing.purchase_order_info(po.number).lines[0].awaiting_finalisation is False

    manager = browser(people["manager"])
    po_page = f"/backoffice/purchasing/{po.number}/"
    assert "awaits the designer" not in manager.get(po_page).content.decode()
    released = submit(manager, po_page, f"{po_page}release/", capture=capture)
    assert released.status_code == 302
    assert purchasing.purchase_order_info(po.number).status == "awaiting_manufacturer", messages_of(
        released
    )

    # 4. The workshop signs in to the portal, accepts, starts (item codes), completes.
    workshop = browser()
    signed_in = submit(
        workshop,
        "/portal/login/",
        "/portal/login/",
        {"login": "workshop@aria.example", "password": PASSWORD},
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/portal/")
    assert po.number in workshop.get("/portal/").content.decode()
    portal_po = f"/portal/purchase-orders/{po.number}/"
    for action in ("accept", "start"):
        answer = submit(workshop, portal_po, f"{portal_po}act/{action}/", capture=capture)
        assert answer.status_code == 302, action
    (item,) = ProductionItem.objects.filter(purchase_order_number=po.number)
    assert item.code in workshop.get(portal_po).content.decode()
    order.refresh_from_db()
    assert order.lines.get().production_stage == "in_production"
    completed = submit(
        workshop,
        portal_po,
        f"{portal_po}act/complete/",
        {"photos": jpeg("done.jpg")},
        capture,
    )
    assert completed.status_code == 302
    assert purchasing.purchase_order_info(po.number).status == "completed"

    # 5. Quality: round 1 fails (a measure out of tolerance, a major defect with a photo),
    #    the piece goes back as rework; the workshop sees why and repairs it; round 2 passes.
    controller = browser(people["qc"])
    first = _inspect(controller, item.code, capture, passes=False)
    assert first.status == "failed"
    assert first.defects.get().severity == "major"
    assert first.photos.count() == 1
    item.refresh_from_db()
    assert item.status == "rework"

    po_in_portal = workshop.get(portal_po).content.decode()
    assert DEFECT in po_in_portal
    reworked = submit(
        workshop, portal_po, f"{portal_po}items/{item.code}/rework-done/", capture=capture
    )
    assert reworked.status_code == 302
    second = _inspect(controller, item.code, capture, passes=True)
    assert (second.status, second.round) == ("passed", 2)

    # 6. Logistics: prepare, confirm the address, pick a fake-carrier rate, book, label.
    coordinator = browser(people["manager"])
    shipping_list = coordinator.get("/backoffice/shipping/").content.decode()
    assert order.number in shipping_list
    prepared = submit(
        coordinator,
        "/backoffice/shipping/",
        f"/backoffice/shipping/orders/{order.number}/prepare/",
        capture=capture,
    )
    assert prepared.status_code == 302, messages_of(prepared)
    shipment = Shipment.objects.get(order_ref=order.number)
    detail = f"/backoffice/shipping/{shipment.number}/"
    assert prepared["Location"] == detail
    submit(coordinator, detail, f"{detail}address/", capture=capture)
    rates_page = coordinator.get(detail, {"rates": "1"}).content.decode()
    codes = re.findall(r'name="product_code" value="([^"]+)"', rates_page)
    assert codes, "the fake carrier offered no rate"
    chosen = submit(coordinator, detail, f"{detail}rate/", {"product_code": codes[0]}, capture)
    assert chosen.status_code == 302
    for step in ("confirm", "book"):
        answer = submit(coordinator, detail, f"{detail}{step}/", capture=capture)
        assert answer.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == "booked", messages_of(answer)
    assert shipment.carrier
    assert shipment.tracking_number
    label = coordinator.get(f"{detail}label.pdf")
    assert label.status_code == 200
    assert b"".join(label.streaming_content).startswith(b"%PDF")

    # The carrier moves the parcel; the tracking task reads it. The order is delivered
    # only with the last step.
    start = timezone.now()
    for n, status in enumerate(("shipped", "out_for_delivery", "delivered"), start=1):
        order.refresh_from_db()
        assert order.status == OrderStatus.PAID
        fake_advance(shipment.tracking_number, at=start + timedelta(hours=n))
        with capture(execute=True):
            shipments_track()
        shipment.refresh_from_db()
        assert shipment.status == status
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED

    # 7. What the customer sees: the tracking page, the texts and e-mails.
    customer = browser()
    tracking = customer.get(f"/orders/{order.number}/tracking/", {"token": access_token(order)})
    assert tracking.status_code == 200
    html = tracking.content.decode()
    for label_text in ("In production", "Quality checked", "Shipped", "Delivered"):
        step = re.search(
            rf"{label_text}<span[^>]*> \(done\)</span></span>\s*(.*?)</li>", html, re.S
        )
        assert step, label_text
        assert "<time" in step.group(1), label_text  # done, with its date
    steps = customer.get(
        f"/api/v1/orders/{order.number}/tracking",
        headers={"X-Order-Token": access_token(order)},
    ).json()["lines"][0]["steps"]
    by_code = {s["code"]: s for s in steps}
    for code in ("in_production", "quality_checked", "shipped", "delivered"):
        assert (by_code[code]["state"], bool(by_code[code]["at"])) == ("done", True), code

    expected = _expected_outbox(order.number, shipment.number)
    assert outbox(order.number) == expected
    ConsoleSms.sent.clear()
    mail.outbox.clear()
    sent = core_outbox.dispatch_due()
    assert (sent["sent"] >= len(expected), sent["retry"], sent["failed"]) == (True, 0, 0)
    texts = [m["body"] for m in ConsoleSms.sent if m["to"] == "+33612345678"]
    assert len(texts) == 5
    assert any("is confirmed" in t for t in texts)
    assert any("workshop has started" in t for t in texts)
    assert any(f"has shipped. Track it: {shipment.tracking_url}" in t for t in texts)
    assert any("out for delivery" in t for t in texts)
    assert any("has been delivered" in t for t in texts)
    assert len(mail.outbox) == 3
    assert all(m.to == ["camille@example.com"] for m in mail.outbox)
    assert all(order.number in m.subject for m in mail.outbox)

    # Every event delivered again (a worker retrying): nothing new is sent or raised.
    replay = list(delivered_events)
    with capture(execute=True):
        for event in replay:
            core_events._deliver(event)
    assert outbox(order.number) == expected
    assert PurchaseOrder.objects.filter(order_ref=order.number).count() == 1
    assert Inspection.objects.filter(item_code=item.code).count() == 2
    assert Shipment.objects.filter(order_ref=order.number).count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def _inspect(client: Client, code: str, capture, *, passes: bool) -> Inspection:
    """The quality controller scans the piece's code, starts, records, finishes."""
    found = client.get("/backoffice/quality/", {"q": code})
    assert found.status_code == 302, "the scanned code did not open its inspection"
    page = found["Location"]
    number = page.rstrip("/").rsplit("/", 1)[-1]
    submit(client, page, f"{page}start/")
    inspection = Inspection.objects.get(number=number)
    assert inspection.status == "in_progress"
    data = {}
    measure = None
    for result in inspection.results.all():
        if result.kind == "measure":
            measure = result
            data[f"m-{result.pk}"] = "47.5" if not passes else "45.2"
        else:
            data[f"r-{result.pk}"] = "pass"
    submit(client, page, f"{page}results/", data)
    if not passes:
        added = submit(
            client,
            page,
            f"{page}defects/",
            {"severity": "major", "description": DEFECT, "result": measure.pk},
        )
        assert "Defect recorded." in messages_of(added)
        defect = inspection.defects.get()
        photo = submit(
            client,
            page,
            f"{page}photos/",
            {"photo": jpeg(), "defect": defect.pk, "caption": "Left armrest"},
        )
        assert "Photo added." in messages_of(photo), messages_of(photo)
    finished = submit(client, page, f"{page}finish/", {"notes": "Checked on the bench."}, capture)
    assert finished.status_code == 302
    inspection.refresh_from_db()
    return inspection


def _expected_outbox(order_number: str, shipment_number: str) -> list[tuple[str, str]]:
    return sorted(
        [
            ("email", f"sales:order-confirmation:{order_number}"),
            ("sms", f"sales:sms:{order_number}:order_confirmed"),
            ("sms", f"sales:sms:{order_number}:in_production"),
            ("sms", f"sales:sms:{order_number}:shipped:{shipment_number}"),
            ("sms", f"sales:sms:{order_number}:out_for_delivery:{shipment_number}"),
            ("sms", f"sales:sms:{order_number}:delivered:{shipment_number}"),
            ("email", f"sales:order-shipped:{order_number}:{shipment_number}"),
            ("email", f"sales:order-delivered:{order_number}:{shipment_number}"),
        ]
    )


# --- The demo ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_pipeline_demo_has_a_purchase_order_at_every_stage_and_a_delivered_order(world):
    """`load_pipeline_demo` on sales' catalogue (one commit per step, as after the main
    demo transaction): one paid sofa per stage, its purchase order stopped there, and one
    order taken all the way to the customer. Loading it again makes nothing new."""
    found = load_pipeline_demo()

    assert set(found) == set(STAGES)
    stages = {
        stage: [po.status for po in purchasing.purchase_orders_for_order(number)]
        for stage, number in found.items()
    }
    assert stages == {
        "draft": ["draft"],
        "awaiting_manufacturer": ["awaiting_manufacturer"],
        "accepted": ["accepted"],
        "declined": ["declined"],
        "in_production": ["in_production"],
        "completed": ["completed"],
        "delivered": ["completed"],
    }
    statuses = dict(SalesOrder.objects.values_list("number", "status"))
    assert statuses[found["delivered"]] == OrderStatus.DELIVERED
    assert [n for n, status in statuses.items() if status == OrderStatus.DELIVERED] == [
        found["delivered"]
    ]
    delivered = Inspection.objects.filter(order_ref=found["delivered"]).order_by("round")
    assert [(i.round, i.status) for i in delivered] == [(1, "failed"), (2, "passed")]
    assert Shipment.objects.get(order_ref=found["delivered"]).status == "delivered"

    rows = (SalesOrder.objects.count(), PurchaseOrder.objects.count(), Shipment.objects.count())
    assert load_pipeline_demo() == found
    assert rows == (
        SalesOrder.objects.count(),
        PurchaseOrder.objects.count(),
        Shipment.objects.count(),
    )
