"""Events the organisation publishes (delivered after commit; reactions are wired in
config/event_wiring.py)."""

from dataclasses import dataclass

from atelier.core.events import Event


@dataclass(frozen=True, kw_only=True)
class BoutiqueCreated(Event):
    """A boutique was created (inventory gives it a stock location)."""

    boutique_id: int
    code: str
    name: str
