"""The one place where reactions to domain events are wired.

Each handler runs after the publishing transaction commits, must be idempotent, and
takes the event dataclass as its only argument, so that it can move to Celery
unchanged. Add lines here as contexts grow: `EventClass: [handler, ...]`.
"""

from atelier.core.events import Event
from atelier.payments.events import PaymentSucceeded
from atelier.sales import handlers as sales

HANDLERS: dict[type[Event], list] = {
    PaymentSucceeded: [sales.on_payment_succeeded],
}
