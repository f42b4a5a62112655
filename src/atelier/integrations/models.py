"""The offline fakes' own records, registered with this app (see each provider's models)."""

from atelier.integrations.carriers.models import CarrierBooking
from atelier.integrations.payments.models import OfflineIntent, OfflineRefund
from atelier.integrations.sms.models import SmsMessage, SmsOptOut

__all__ = ["CarrierBooking", "OfflineIntent", "OfflineRefund", "SmsMessage", "SmsOptOut"]
