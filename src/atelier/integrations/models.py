"""The offline fakes' own records, registered with this app (see each provider's models)."""

from atelier.integrations.payments.models import OfflineIntent, OfflineRefund

__all__ = ["OfflineIntent", "OfflineRefund"]
