"""Address matching that tolerates the usual differences and never the dangerous ones.

`normalise()` folds case, strips accents, spells `ß` as `ss`, expands street-type
abbreviations (Str./Straße/Strasse, St/Street, Ave/Avenue, V./Via, R./Rue, ...) and
drops punctuation. Street names and cities are then compared with rapidfuzz against a
threshold; the house number and the postcode are compared exactly (after normalising
spaces and case): a wrong house number or postcode is never accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from atelier.integrations.carriers.port import AddressCheck, Party

# Street and city names at or above this similarity (0-100, after normalising) match.
STREET_THRESHOLD = 88
CITY_THRESHOLD = 90

# Whole-word abbreviations -> their long form (after case folding and accent stripping).
_WORDS = {
    "str": "strasse",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "bd": "boulevard",
    "rd": "road",
    "ln": "lane",
    "dr": "drive",
    "pl": "place",
    "sq": "square",
    "ct": "court",
    "v": "via",
    "vle": "viale",
    "p": "piazza",
    "pza": "piazza",
    "cso": "corso",
    "r": "rue",
    "fbg": "faubourg",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "mt": "mount",
}
# Glued German suffixes: "Hauptstr." / "Hauptstraße" / "Hauptstrasse" -> "hauptstrasse".
_GLUED = [
    (re.compile(r"(?<=[a-z])str\b\.?"), "strasse"),
    (re.compile(r"(?<=[a-z])pl\b\.?"), "platz"),
]
# Italian abbreviations with a dot inside.
_DOTTED = [(r"\bp\.\s?za\b", "piazza"), (r"\bc\.\s?so\b", "corso"), (r"\bv\.\s?le\b", "viale")]
# City names that are the same place (after normalising); DHL's own list per postcode
# is used on top of these.
CITY_ALIASES: tuple[frozenset[str], ...] = (
    frozenset({"munchen", "munich", "muenchen", "monaco di baviera"}),
    frozenset({"koln", "cologne", "koeln"}),
    frozenset({"nurnberg", "nuremberg", "nuernberg"}),
    frozenset({"milano", "milan"}),
    frozenset({"roma", "rome"}),
    frozenset({"firenze", "florence"}),
    frozenset({"venezia", "venice"}),
    frozenset({"torino", "turin"}),
    frozenset({"napoli", "naples"}),
    frozenset({"wien", "vienna"}),
    frozenset({"geneve", "geneva", "genf"}),
    frozenset({"zurich", "zuerich"}),
    frozenset({"bruxelles", "brussels", "brussel"}),
    frozenset({"new york", "new york city", "nyc", "manhattan"}),
    frozenset({"london", "city of london", "westminster"}),
)


def strip_accents(text: str) -> str:
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, abbreviations spelled out."""
    text = strip_accents(text or "").casefold()
    for pattern, repl in _GLUED:
        text = pattern.sub(repl, text)
    for dotted, full in _DOTTED:
        text = re.sub(dotted, full, text)
    text = re.sub(r"\b(\w)\.(?=\w\b)", r"\1", text)  # "N.W." -> "nw."
    text = re.sub(r"[^\w\s]", " ", text.replace("'", ""))
    words = text.split()
    # "St" ends a street ("Baker St") but starts a saint ("St Honoré", "Rue St-Denis").
    words = [
        ("saint" if i < len(words) - 1 else "street") if w == "st" else _WORDS.get(w, w)
        for i, w in enumerate(words)
    ]
    return " ".join(w.replace("ste", "sainte") if w == "ste" else w for w in words)


def normalise_postcode(postcode: str, country: str = "") -> str:
    """Upper case without spaces or dashes; US ZIP+4 keeps only the ZIP (compared first)."""
    code = re.sub(r"[\s\-]", "", (postcode or "").upper())
    if country.upper() == "US" and len(code) == 9 and code.isdigit():
        code = code[:5]
    return code


_NUMBER = r"\d+(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:\s?[-/]\s?\d+[a-zA-Z]?)?"
_NUMBER_LAST = re.compile(
    rf"^(?P<street>.*?\D)[,\s]+(?:n\.?\s*|no\.?\s*|nr\.?\s*)?(?P<number>{_NUMBER})$", re.I
)
_NUMBER_FIRST = re.compile(rf"^(?P<number>{_NUMBER})[,\s]+(?P<street>\D.*)$", re.I)


@dataclass(frozen=True)
class StreetAddress:
    street: str  # normalised
    number: str  # normalised: lower case, no spaces ("12a", "3-5")


def split_street(line: str) -> StreetAddress:
    """'Hauptstraße 12a' / 'Via Roma, 5' / '9 Rue Simart' / '221B Baker St' -> street, number."""
    line = re.sub(r"\s+", " ", (line or "").strip().strip(","))
    for pattern in (_NUMBER_LAST, _NUMBER_FIRST):
        m = pattern.match(line)
        if m:
            number = re.sub(r"\s", "", m.group("number")).lower()
            return StreetAddress(normalise(m.group("street")), number)
    return StreetAddress(normalise(line), "")


def same_city(a: str, b: str, aliases: Iterable[str] = ()) -> bool:
    """Same place: equal or close after normalising, or both in one alias group (or in
    `aliases`, the names the carrier gives for one postcode)."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb or fuzz.ratio(na, nb) >= CITY_THRESHOLD:
        return True
    extra = {normalise(x) for x in aliases}
    if extra and nb in extra and (na in extra or _close_to_any(na, extra)):
        return True
    return any(na in group and nb in group for group in CITY_ALIASES)


def _close_to_any(name: str, names: Iterable[str]) -> bool:
    return any(fuzz.ratio(name, n) >= CITY_THRESHOLD for n in names)


def city_in(city: str, names: Iterable[str]) -> str | None:
    """The carrier's spelling of `city` among `names` (aliases for one postcode), or None."""
    names = list(names)
    for name in names:
        if same_city(city, name):
            return name
    folded = {normalise(n) for n in names}
    if any(normalise(city) in g and folded & g for g in CITY_ALIASES):
        return names[0]
    return None


def street_similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(normalise(a), normalise(b))


def missing(party: Party) -> str:
    """What an address cannot do without, as a message ('' when complete)."""
    absent = [
        label
        for label, value in (
            ("street", party.line1),
            ("city", party.city),
            ("country", party.country),
        )
        if not (value or "").strip()
    ]
    if absent:
        return f"The address has no {', '.join(absent)}."
    if not split_street(party.line1).number:
        return f"No house number in {party.line1!r}."
    return ""


def compare(given: Party, known: Party, *, city_aliases: Iterable[str] = ()) -> AddressCheck:
    """Is `given` the address `known`? Tolerates spelling; never a different number or postcode."""
    if given.country.upper() != known.country.upper():
        return AddressCheck(False, None, f"Country {given.country} is not {known.country}.")
    if normalise_postcode(given.postcode, given.country) != normalise_postcode(
        known.postcode, known.country
    ):
        return AddressCheck(
            False, None, f"Postcode {given.postcode!r} does not match {known.postcode!r}."
        )
    g, k = split_street(given.line1), split_street(known.line1)
    if not g.number:
        return AddressCheck(False, None, f"No house number in {given.line1!r}.")
    if g.number != k.number:
        return AddressCheck(False, None, f"House number {g.number!r} does not match {k.number!r}.")
    if fuzz.token_sort_ratio(g.street, k.street) < STREET_THRESHOLD:
        return AddressCheck(False, None, f"Street {given.line1!r} does not match {known.line1!r}.")
    if not same_city(given.city, known.city, city_aliases):
        return AddressCheck(False, None, f"City {given.city!r} does not match {known.city!r}.")
    normalised = replace(given, line1=known.line1, postcode=known.postcode, city=known.city)
    return AddressCheck(True, normalised, "Address confirmed.")
