from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from atelier.accounts.roles import Cap
from atelier.catalog.tests.factories import CategoryFactory, ProductFactory, VariantFactory
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed
from atelier.inventory import facade, services
from atelier.inventory.enums import ProposalKind, ProposalStatus, TransferStatus
from atelier.inventory.models import ReplenishmentProposal, ReplenishmentRule
from atelier.inventory.services.replenishment import order_quantity
from atelier.inventory.tests.helpers import SYSTEM, actor, counts, stock

pytestmark = pytest.mark.django_db
P = ProposalStatus
TODAY = date(2026, 3, 10)


def rule(world, location, variant=None, **kwargs):
    kwargs.setdefault("min_quantity", 2)
    kwargs.setdefault("max_quantity", 6)
    return services.replenishment_rule_set(
        location=location, variant_id=(variant or world.sofa).pk, actor=SYSTEM, **kwargs
    )


def run():
    return services.replenishment_run(actor=SYSTEM, today=TODAY)


@pytest.mark.parametrize(
    ("position", "changes", "expected"),
    [
        (2, {}, 0),  # at min: nothing
        (1, {}, 5),  # up to max
        (-1, {}, 7),  # reserved beyond stock
        (1, {"reorder_multiple": 4}, 8),
        (5, {"minimum_order_quantity": 10, "min_quantity": 6, "max_quantity": 6}, 10),
        (1, {"seasonality_factor": Decimal("1.5")}, 8),  # min 3, max 9
        (2, {"seasonality_factor": Decimal("0.5")}, 0),  # min 1
    ],
)
def test_order_quantity(position, changes, expected):
    values = {
        "min_quantity": 2,
        "max_quantity": 6,
        "reorder_multiple": 1,
        "minimum_order_quantity": 1,
        "seasonality_factor": Decimal("1"),
    }
    values.update(changes)
    assert order_quantity(ReplenishmentRule(**values), position) == expected


def test_a_boutique_below_min_gets_a_transfer_proposal_from_the_warehouse(world):
    stock(world.sofa, world.warehouse, 10)
    stock(world.sofa, world.paris, 1)
    rule(world, world.paris)

    result = run()

    [proposal] = result.proposals
    assert (proposal.kind, proposal.source, proposal.location, proposal.quantity) == (
        ProposalKind.TRANSFER,
        world.warehouse,
        world.paris,
        5,
    )
    assert proposal.status == P.PROPOSED
    assert proposal.number.startswith("RP-")


def test_a_transfer_proposal_takes_no_more_than_the_warehouse_has_free(world):
    stock(world.sofa, world.warehouse, 3)
    rule(world, world.paris)
    rule(world, world.milan)

    result = run()

    assert sorted(p.quantity for p in result.proposals) == [3]  # milan gets nothing left


def test_stock_on_its_way_counts_and_running_twice_proposes_nothing_new(world):
    stock(world.sofa, world.warehouse, 10)
    rule(world, world.paris)
    services.transfer_request(
        source=world.warehouse, destination=world.paris, lines=[(world.sofa.pk, 1)], actor=SYSTEM
    )

    first = run()
    second = run()

    assert [p.quantity for p in first.proposals] == [5]  # 6 - (0 + 1 on its way)
    assert second.proposals == []


def test_the_warehouse_below_min_gets_a_purchase_proposal(world):
    rule(world, world.warehouse, supplier_lead_time_days=21, unit_cost="250.00", currency="EUR")
    facade.incoming_supply_record(
        variant_id=world.sofa.pk, quantity=1, expected_date=TODAY, reference="PO-1/1", actor=SYSTEM
    )

    [proposal] = run().proposals

    assert (proposal.kind, proposal.quantity) == (ProposalKind.PURCHASE, 5)
    assert proposal.expected_date == TODAY + timedelta(days=21)
    assert (proposal.value, proposal.currency) == (Decimal("1250.00"), "EUR")
    assert [p.number for p in facade.purchase_proposals_ready()] == [proposal.number]


def test_purchases_over_the_category_budget_wait_for_approval(world):
    lounge = CategoryFactory()
    chairs = CategoryFactory(parent=lounge)
    cheap = VariantFactory(product=ProductFactory(category=chairs))
    dear = VariantFactory(product=ProductFactory(category=chairs))
    services.category_budget_set(
        category_id=lounge.pk, period=TODAY, amount="1000", currency="EUR", actor=SYSTEM
    )
    rule(world, world.warehouse, cheap, unit_cost="100", currency="EUR")  # 6 x 100 = 600
    rule(world, world.warehouse, dear, unit_cost="100", currency="EUR")  # 600 more: over

    result = run()

    by_variant = {p.variant_id: p for p in result.proposals}
    assert by_variant[cheap.pk].status == P.PROPOSED
    assert by_variant[dear.pk].status == P.AWAITING_APPROVAL
    assert by_variant[dear.pk].category_id == lounge.pk
    assert result.awaiting_approval == 1


def test_unvalued_purchases_in_a_budgeted_category_wait_for_approval(world):
    category = world.sofa.product.category
    services.category_budget_set(
        category_id=category.pk, period=TODAY, amount="1000000", currency="EUR", actor=SYSTEM
    )
    rule(world, world.warehouse)  # no unit cost

    [proposal] = run().proposals

    assert proposal.status == P.AWAITING_APPROVAL


def test_approving_needs_the_budget_permission(world):
    category = world.sofa.product.category
    services.category_budget_set(
        category_id=category.pk, period=TODAY, amount="0", currency="EUR", actor=SYSTEM
    )
    rule(world, world.warehouse, unit_cost="10", currency="EUR")
    [proposal] = run().proposals

    with pytest.raises(PermissionDenied):
        services.proposal_approve(
            proposal=proposal, actor=actor(Role.STORE_MANAGER, boutiques=[world.paris])
        )
    releases_pos_only = replace(
        actor(Role.PRODUCTION_MANAGER),
        permissions=frozenset({Cap.RELEASE_PURCHASE_ORDERS.perm, Cap.MANAGE_STOCK.perm}),
    )
    with pytest.raises(PermissionDenied):  # its own capability, not purchase-order release
        services.proposal_approve(proposal=proposal, actor=releases_pos_only)
    services.proposal_approve(proposal=proposal, actor=actor(Role.PRODUCTION_MANAGER))

    proposal.refresh_from_db()
    assert proposal.status == P.APPROVED
    ordered = facade.purchase_proposal_mark_ordered(proposal.number, reference="PO-7", actor=SYSTEM)
    assert ordered.status == P.CONVERTED


def test_transfer_proposals_become_one_transfer_per_boutique(world):
    stock(world.sofa, world.warehouse, 20)
    stock(world.chair, world.warehouse, 20)
    rule(world, world.paris)
    rule(world, world.paris, world.chair)
    rule(world, world.milan)
    proposals = run().proposals

    transfers = services.proposals_convert_to_transfers(proposals=proposals, actor=SYSTEM)

    assert sorted((t.destination.code, t.lines.count()) for t in transfers) == [
        ("bq-milan", 1),
        ("bq-paris", 2),
    ]
    assert {t.status for t in transfers} == {TransferStatus.REQUESTED}
    assert set(ReplenishmentProposal.objects.values_list("status", flat=True)) == {P.CONVERTED}


def test_a_rejected_proposal_cannot_be_converted(world):
    stock(world.sofa, world.warehouse, 10)
    rule(world, world.paris)
    [proposal] = run().proposals
    services.proposal_reject(proposal=proposal, reason="Display model coming", actor=SYSTEM)

    with pytest.raises(TransitionNotAllowed):
        services.proposals_convert_to_transfers(proposals=[proposal], actor=SYSTEM)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_quantity": 7}, "min must not be above max"),
        ({"min_quantity": -1}, "between 0 and"),
        ({"reorder_multiple": 0}, "between 1 and"),
        ({"seasonality_factor": "0"}, "above 0"),
        ({"seasonality_factor": 1.2}, "not a float"),
        ({"seasonality_factor": "lots"}, "not a number"),
        ({"unit_cost": "10", "currency": "XXY"}, "currency"),
        ({"supplier_lead_time_days": 9999}, "lead time"),
    ],
)
def test_bad_rules_are_refused(world, kwargs, message):
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        rule(world, world.paris, **kwargs)
    assert counts() == before


def test_only_managers_set_rules_and_run(world):
    with pytest.raises(PermissionDenied):
        services.replenishment_rule_set(
            location=world.paris,
            variant_id=world.sofa.pk,
            min_quantity=1,
            max_quantity=2,
            actor=actor(Role.ECOMMERCE_MANAGER),
        )
    with pytest.raises(PermissionDenied):
        services.replenishment_run(actor=actor(Role.ECOMMERCE_MANAGER))
    with pytest.raises(PermissionDenied):
        services.category_budget_set(
            category_id=1,
            period=TODAY,
            amount="1",
            currency="EUR",
            actor=actor(Role.STORE_MANAGER, boutiques=[world.paris]),
        )


def test_a_store_managers_run_covers_only_their_boutique(world):
    stock(world.sofa, world.warehouse, 20)
    rule(world, world.paris)
    rule(world, world.milan)

    result = services.replenishment_run(
        actor=actor(Role.STORE_MANAGER, boutiques=[world.paris]), today=TODAY
    )

    assert [p.location for p in result.proposals] == [world.paris]


def test_the_command_runs_and_reports(world, capsys):
    stock(world.sofa, world.warehouse, 10)
    rule(world, world.paris)

    call_command("replenishment_run", "--date", "2026-03-10")

    assert "1 transfer(s) and 0 purchase(s) proposed" in capsys.readouterr().out


def test_open_transfer_proposals_count_against_the_warehouse(world):
    stock(world.sofa, world.warehouse, 3)
    rule(world, world.paris)  # proposes 6: takes the 3 the warehouse has
    run()
    rule(world, world.warehouse, min_quantity=2, max_quantity=4)

    [purchase] = run().proposals

    assert (purchase.kind, purchase.quantity) == (ProposalKind.PURCHASE, 4)  # 0 free left
