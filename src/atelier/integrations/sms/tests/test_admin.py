import pytest
from django.urls import reverse

from atelier.integrations.sms.models import SmsMessage, SmsOptOut

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["smsmessage", "smsoptout"])
def test_sms_records_are_listed_read_only(admin_client, model):
    SmsMessage.objects.create(idempotency_key="k", provider="twilio", to="+33612345678", body="x")
    SmsOptOut.objects.create(phone="+33612345678", source="inbound")
    response = admin_client.get(reverse(f"admin:integrations_{model}_changelist"))
    assert response.status_code == 200
    assert "+33612345678" in response.content.decode()
    assert admin_client.get(reverse(f"admin:integrations_{model}_add")).status_code == 403
