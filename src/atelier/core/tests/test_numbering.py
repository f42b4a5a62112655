"""Gap-free document numbers: no gaps, no duplicates, also under concurrency."""

import random
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from atelier.core.models import DocumentSequence
from atelier.core.numbering import next_number
from atelier.core.tests.helpers import in_rolled_back_transaction


def _numbers(prefix, year, n):
    return [f"{prefix}-{year}-{i:06d}" for i in range(1, n + 1)]


@pytest.mark.django_db
def test_numbers_count_up_per_prefix_and_year():
    with transaction.atomic():
        got = [
            next_number("SO", year=2026),
            next_number("SO", year=2026),
            next_number("PO", year=2026),
            next_number("SO", year=2027),
            next_number("INV", year=2026),
            next_number("SO", year=2026),
        ]
    assert got == [
        "SO-2026-000001",
        "SO-2026-000002",
        "PO-2026-000001",
        "SO-2027-000001",
        "INV-2026-000001",
        "SO-2026-000003",
    ]
    assert DocumentSequence.objects.get(prefix="SO", year=2026).last_value == 3


@pytest.mark.django_db
def test_year_defaults_to_the_current_year():
    with transaction.atomic():
        number = next_number("SO")
    assert number == f"SO-{timezone.now().year}-000001"


@pytest.mark.django_db
def test_numbers_past_six_digits_keep_counting():
    DocumentSequence.objects.create(prefix="SO", year=2026, last_value=999_999)
    with transaction.atomic():
        assert next_number("SO", year=2026) == "SO-2026-1000000"


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    with transaction.atomic():
        assert next_number("SO", year=2026) == "SO-2026-000001"
    given = []
    in_rolled_back_transaction(lambda: given.append(next_number("SO", year=2026)))
    assert given == ["SO-2026-000002"]
    with transaction.atomic():
        assert next_number("SO", year=2026) == "SO-2026-000002"


@pytest.mark.django_db
def test_a_rolled_back_first_number_leaves_no_sequence():
    in_rolled_back_transaction(lambda: next_number("PO", year=2026))
    assert not DocumentSequence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "S", "so", "SO1", "TOOLONG", "S-O", None, 12])
def test_bad_prefixes_are_refused_and_write_nothing(prefix):
    with (
        pytest.raises(ValueError, match="prefix must be 2-6 capital letters"),
        transaction.atomic(),
    ):
        next_number(prefix, year=2026)
    assert not DocumentSequence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", [-1, 26, 10000, "2026", 2026.0])
def test_bad_years_are_refused_and_write_nothing(year):
    with pytest.raises(ValueError, match="four-digit year"), transaction.atomic():
        next_number("SO", year=year)
    assert not DocumentSequence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_number_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_number("SO", year=2026)
    assert not DocumentSequence.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_creators_get_exactly_one_to_n():
    """20 threads, 5 transactions each, about a third rolled back: committed = 1..N."""
    committed: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            start.wait()
            for _ in range(5):
                _one_transaction(rng, committed, lock)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert 0 < len(committed) < 100  # some did roll back
    assert sorted(committed) == _numbers("SO", 2026, len(committed))
    assert DocumentSequence.objects.get(prefix="SO", year=2026).last_value == len(committed)


class _Rollback(Exception):
    pass


def _one_transaction(rng: random.Random, committed: list, lock: threading.Lock) -> None:
    roll_back = rng.random() < 0.35
    try:
        with transaction.atomic():
            number = next_number("SO", year=2026)
            if rng.random() < 0.3:
                threading.Event().wait(0.002)  # hold the lock a moment
            if roll_back:
                raise _Rollback
    except _Rollback:
        return
    with lock:
        committed.append(number)
