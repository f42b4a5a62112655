"""Stripe's webhook signature scheme: what is accepted and why everything else is not."""

import pytest

from atelier.integrations.payments import signature
from atelier.integrations.payments.signature import SignatureError, compute, sign, verify

SECRET = "whsec_test_secret"
PAYLOAD = b'{"id":"evt_1","object":"event"}'
NOW = 1_750_000_000


def refused(header, *, secret=SECRET, now=NOW, payload=PAYLOAD) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(payload, header, secret, now=now)
    return caught.value.reason


def test_a_signature_made_with_the_secret_is_accepted():
    assert verify(PAYLOAD, sign(PAYLOAD, SECRET, timestamp=NOW), SECRET, now=NOW) == NOW


def test_the_signature_is_an_hmac_sha256_of_timestamp_dot_payload():
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + PAYLOAD, hashlib.sha256)
    assert compute(PAYLOAD, SECRET, NOW) == expected.hexdigest()
    assert sign(PAYLOAD, SECRET, timestamp=NOW) == f"t={NOW},v1={expected.hexdigest()}"


@pytest.mark.parametrize("header", [None, ""])
def test_a_missing_header_is_refused(header):
    assert refused(header) == "missing_header"


def test_a_forged_signature_is_refused():
    assert refused(f"t={NOW},v1={'0' * 64}") == "mismatch"


def test_a_signature_with_another_secret_is_refused():
    assert refused(sign(PAYLOAD, "whsec_someone_else", timestamp=NOW)) == "mismatch"


def test_a_changed_payload_is_refused():
    header = sign(PAYLOAD, SECRET, timestamp=NOW)
    assert refused(header, payload=PAYLOAD + b" ") == "mismatch"


def test_a_signature_for_another_timestamp_is_refused():
    good = compute(PAYLOAD, SECRET, NOW)
    assert refused(f"t={NOW + 1},v1={good}") == "mismatch"


def test_one_valid_v1_among_several_is_enough():
    good = compute(PAYLOAD, SECRET, NOW)
    header = f"t={NOW},v1={'a' * 64},v1={good},v0={'b' * 64}"
    assert verify(PAYLOAD, header, SECRET, now=NOW) == NOW


def test_a_v0_signature_alone_does_not_count():
    good = compute(PAYLOAD, SECRET, NOW)
    assert refused(f"t={NOW},v0={good}") == "no_signature"


@pytest.mark.parametrize("header", ["v1=abc", "t=abc,v1=abc", "garbage", "t=,v1=x"])
def test_a_malformed_header_is_refused(header):
    assert refused(header) in {"malformed_header", "no_signature"}


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(0, True), (299, True), (300, True), (301, False), (3600, False), (-300, True), (-301, False)],
)
def test_the_timestamp_must_be_within_300_seconds(age, accepted):
    header = sign(PAYLOAD, SECRET, timestamp=NOW - age)
    if accepted:
        assert verify(PAYLOAD, header, SECRET, now=NOW) == NOW - age
    else:
        assert refused(header) == "stale"


def test_without_a_configured_secret_everything_is_refused():
    assert refused(sign(PAYLOAD, "", timestamp=NOW), secret="") == "not_configured"


def test_the_default_tolerance_is_five_minutes():
    assert signature.DEFAULT_TOLERANCE == 300
