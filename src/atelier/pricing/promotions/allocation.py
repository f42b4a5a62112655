"""Share an order-level discount among lines so that each order line keeps its part.

`allocate(total, weights, quantum)`: each line gets `total * weight / sum(weights)`,
rounded half-up to the currency's minor unit; the rounding remainder goes to the last
line, so the parts add up to `total` exactly. In the rare case (many lines, tiny
amounts) where that would leave the last line below zero or above its own amount, the
excess moves, one line at a time from the end, to the lines before it. Every part
stays between 0 and the line's weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def allocate(
    total: Decimal, weights: Sequence[tuple[str, Decimal]], quantum: Decimal
) -> dict[str, Decimal]:
    """{ref: part} for `weights` [(ref, amount)], amounts >= 0 in multiples of `quantum`
    and 0 <= `total` <= their sum."""
    _check(total, weights)
    if not total:
        return {ref: Decimal(0) for ref, _ in weights}
    base = sum((w for _, w in weights), Decimal(0))
    parts = [_round(total * w / base, quantum) for _, w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    _settle_last(parts, [w for _, w in weights])
    return {ref: part for (ref, _), part in zip(weights, parts, strict=True)}


def _check(total: Decimal, weights: Sequence[tuple[str, Decimal]]) -> None:
    if any(w < 0 for _, w in weights):
        raise ValueError("Line amounts to share a discount over must not be negative.")
    if total < 0 or total > sum((w for _, w in weights), Decimal(0)):
        raise ValueError("A discount must be between zero and the amount it applies to.")


def _round(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _settle_last(parts: list[Decimal], weights: list[Decimal]) -> None:
    """Bring the last part within [0, its weight] by moving the excess to earlier lines."""
    last = len(parts) - 1
    if parts[last] < 0:  # earlier lines were rounded up too much: take some back
        missing = -parts[last]
        parts[last] = Decimal(0)
        for i in range(last - 1, -1, -1):
            take = min(missing, parts[i])
            parts[i] -= take
            missing -= take
    elif parts[last] > weights[last]:  # earlier lines rounded down: give them the rest
        excess = parts[last] - weights[last]
        parts[last] = weights[last]
        for i in range(last - 1, -1, -1):
            give = min(excess, weights[i] - parts[i])
            parts[i] += give
            excess -= give
