"""Item codes: short, unambiguous, printable, unguessable.

`AT-7K3M-9Q2X`: the prefix, then eight Crockford base-32 symbols (no I, L, O, U):
seven drawn from the operating system's CSPRNG (`secrets`, 35 bits) and one check
symbol (Luhn mod 32), which catches every single mistyped symbol and every swap of two
neighbours but 0 <-> Z. Scanning or typing is forgiving: case, spaces, hyphens and the look-alikes
I/L (-> 1) and O (-> 0) are normalised before the lookup.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
PREFIX = "AT"
RANDOM_LENGTH = 7
CODE_LENGTH = len(PREFIX) + 2 + RANDOM_LENGTH + 1  # "AT-XXXX-XXXX" = 12
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over `body`, a string of Crockford symbols."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    symbols = body + check_symbol(body)
    return f"{PREFIX}-{symbols[:4]}-{symbols[4:]}"


def normalise(raw: str) -> str | None:
    """The canonical `AT-XXXX-XXXX` form of `raw`, or None when it cannot be a code."""
    text = "".join((raw or "").upper().split()).replace("-", "")
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    text = text.translate(_LOOKALIKES)
    if len(text) != RANDOM_LENGTH + 1 or any(c not in ALPHABET for c in text):
        return None
    if check_symbol(text[:-1]) != text[-1]:
        return None
    return f"{PREFIX}-{text[:4]}-{text[4:]}"
