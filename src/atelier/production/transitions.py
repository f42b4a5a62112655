"""The status table of a production item (one physical piece).

    in_production --complete--> completed --pass--> passed
                                    |
                                    +--fail--> rework --rework done--> completed (round + 1)

Completing and reworking are the workshop's moves (or staff acting for it); passing and
failing come from quality's events (the system actor). Who may act on which purchase
order is decided in `services.py` (the workshop's own, or `manage_production`); this
table says which moves exist. Events are published by the services, not by the table,
because `PieceReadyForInspection` carries the item's fields.
"""

from __future__ import annotations

from atelier.core.statemachine import Transition, TransitionTable
from atelier.production.enums import ItemStatus as S

ITEM_TRANSITIONS: TransitionTable = {
    (S.IN_PRODUCTION, S.COMPLETED): Transition(label="Complete"),
    (S.COMPLETED, S.PASSED): Transition(label="Passed inspection"),
    (S.COMPLETED, S.REWORK): Transition(label="Failed inspection", requires_reason=True),
    (S.REWORK, S.COMPLETED): Transition(label="Rework complete"),
}
