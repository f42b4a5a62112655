"""The demo catalog, as plain data: categories, sixty products, prices, options, collections.

The sixty looks (name, kind, design, finishes, size) come from
`atelier.demo.media.suggestions.PRODUCTS`; this module adds what a shop needs on top:
the workshop that makes each piece, words (description, materials, care), variants,
prices, made-to-order options and sizes, collections and tax rates. Everything is
derived deterministically, so loading twice asks for exactly the same rows.

Prices are in EUR, VAT included (the EU list is the base list); the US list has its own
fixed USD prices (before sales tax), the UK and Swiss lists follow the EU list by a
percentage with a price ending (see `PRICE_LISTS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify

from atelier.demo.data import EMAIL_DOMAIN, MANUFACTURERS
from atelier.demo.media.palettes import get_finish
from atelier.demo.media.suggestions import PRODUCTS as LOOKS
from atelier.demo.media.suggestions import ProductLook

D = Decimal
X = " \u00d7 "  # the multiplication sign, as in "200 x 300 cm"

# --- Categories and attributes ---------------------------------------------------------


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    kind: str  # the look kind (suggestions.CATEGORIES) filed here
    description: str


CATEGORIES = (
    CategoryData(
        "sofas",
        "Sofas",
        "sofa",
        "<p>Deep seats, hand-tied springs and frames of kiln-dried beech, upholstered in "
        "Brianza. Most can be made to your width, in the fabric you choose.</p>",
    ),
    CategoryData(
        "armchairs",
        "Armchairs",
        "armchair",
        "<p>Club chairs, shell chairs and low lounge chairs: one good chair changes a room.</p>",
    ),
    CategoryData(
        "dining-tables",
        "Dining tables",
        "dining_table",
        "<p>Solid walnut and oak from Friuli, marble and travertine from the Apuan Alps.</p>",
    ),
    CategoryData(
        "dining-chairs",
        "Dining chairs",
        "chair",
        "<p>Made in Manzano, where Italy's chairs have been made for a century.</p>",
    ),
    CategoryData(
        "beds",
        "Beds",
        "bed",
        "<p>Upholstered headboards and solid-wood platforms, for a good night every night.</p>",
    ),
    CategoryData(
        "storage",
        "Storage",
        "sideboard",
        "<p>Sideboards, bar cabinets and nightstands from a Cotswolds cabinetmaker.</p>",
    ),
    CategoryData(
        "lighting",
        "Lighting",
        "lamp",
        "<p>Spun brass, glazed ceramic and stone: lamps made in Copenhagen.</p>",
    ),
    CategoryData(
        "rugs",
        "Rugs",
        "rug",
        "<p>Hand-tufted and hand-knotted in Arraiolos, in wool and linen, in any size.</p>",
    ),
)
CATEGORY_FOR_KIND = {c.kind: c.slug for c in CATEGORIES}

# (slug, name); values are added as products need them.
ATTRIBUTES = (
    ("size", "Size"),
    ("upholstery", "Upholstery"),
    ("finish", "Finish"),
    ("stone", "Stone"),
    ("colour", "Colour"),
)

FABRIC_TEXTURES = {"boucle", "linen", "velvet", "leather", "wool"}
STONES = {"Calacatta marble", "Nero Marquina", "Verde Alpi", "travertine"}

# --- Words -----------------------------------------------------------------------------

# Each family (the first word of the name) has its story; the finish adds a sentence.
FAMILY_TEXT = {
    ("sofa", "alba"): "Alba is a sofa for long evenings: a low track arm, a deep seat cushion "
    "wrapped in feather and a back that holds you upright without asking you to sit up.",
    ("sofa", "riva"): "Riva sits low and wide, like a boat drawn up on a lake shore. Its "
    "modules are built in pairs so the seams fall where the cushions meet.",
    ("sofa", "sorrento"): "Sorrento is a tuxedo sofa: arms and back at one height, a single "
    "line drawn around the seat, finished with a slim metal plinth.",
    ("sofa", "marlow"): "Marlow is a leather sofa cut from whole hides, with saddle-stitched "
    "arms that will soften and darken with the years.",
    ("sofa", "hollis"): "Hollis is the two-seat sofa for a reading corner or a small "
    "drawing room: upright enough for tea, deep enough for a nap.",
    ("sofa", "capri"): "Capri is a compact tuxedo sofa with rounded corners and a "
    "light-footed metal base, for rooms that need a little glamour.",
    ("armchair", "orso"): "Orso is our club chair: a generous barrel back, a loose seat "
    "cushion and arms wide enough to rest a glass on.",
    ("armchair", "nido"): "Nido, 'nest' in Italian, is a shell chair whose back curls around "
    "you in one continuous curve.",
    ("armchair", "tove"): "Tove is a low lounge chair in the Danish manner: a solid-wood "
    "frame, a sling of cushions and nothing else.",
    ("armchair", "hale"): "Hale is a broad-shouldered club chair with a tight back and a "
    "deep seat, built on a square plinth.",
    ("armchair", "conca"): "Conca is a small shell chair with a big presence, its bowl "
    "upholstered in one piece over a moulded beech frame.",
    ("dining_table", "linea"): "Linea is a plank table: a solid top of book-matched boards "
    "on four square legs, joined with mortise and tenon.",
    ("dining_table", "tondo"): "Tondo stands on a single fluted pedestal, turned and carved "
    "from a solid block of stone, under a round top for conversation.",
    ("dining_table", "monolith"): "Monolith is a table of two blocks and a slab: travertine "
    "cut, honed and filled by hand in Carrara.",
    ("dining_table", "ellisse"): "Ellisse is an oval table on twin pedestals, its soft "
    "corners making room for one more guest.",
    ("chair", "aria"): "Aria is an upholstered dining chair with a gently raked back, "
    "comfortable through a long dinner.",
    ("chair", "arco"): "Arco bends a single length of solid wood into its back and rear "
    "legs, the way Manzano's chairmakers have done for generations.",
    ("bed", "somnus"): "Somnus is an upholstered bed with a tall, channel-stitched headboard "
    "and a frame that hides its legs in shadow.",
    ("bed", "kyoto"): "Kyoto is a low platform bed in solid wood, with a cushioned headboard "
    "and a ledge all round for a book and a glass of water.",
    ("sideboard", "onda"): "Onda's doors are carved into waves, each flute cut and sanded by "
    "hand, behind which three adjustable shelves hide the everyday.",
    ("sideboard", "cassa"): "Cassa is a chest of deep, silent drawers with dovetailed "
    "corners, crowned with a top in stone.",
    ("sideboard", "vitrine"): "Vitrine is a bar cabinet on tall legs: glazed doors, a "
    "mirrored back and a drawer lined in suede for the good glasses.",
    ("lamp", "gourd"): "Gourd is a table lamp thrown on the wheel, its glaze pooling where "
    "the body curves, under a hand-pleated shade.",
    ("lamp", "stelo"): "Stelo is a floor lamp as slender as a stem, its shade just above "
    "the shoulder of whoever sits beside it.",
    ("lamp", "luna"): "Luna is a globe of opal glass resting on a turned stone base: a small "
    "moon for a side table.",
    ("rug", "dune"): "Dune is hand-tufted with soft, drifting shapes in two heights of pile, "
    "like wind on sand.",
    ("rug", "linea"): "Linea is a plain field framed by a bound border, woven to sit "
    "quietly under a table or a bed.",
    ("rug", "grid"): "Grid is a windowpane rug: fine lines across a calm field, for rooms "
    "that like a little order.",
    ("rug", "orbit"): "Orbit is a round rug with a single ring, made to sit under a round "
    "table or in front of a fire.",
}

FINISH_TEXT = {
    "bouclé ivory": "Upholstered in a looped wool bouclé the colour of fresh cream.",
    "bouclé oatmeal": "Upholstered in a warm oatmeal bouclé with a soft, nubbly hand.",
    "cognac leather": "Covered in full-grain aniline leather, a deep cognac that will "
    "take on a patina.",
    "espresso leather": "Covered in full-grain aniline leather in a dark espresso brown.",
    "sage velvet": "Dressed in a cotton velvet of soft sage green that shifts with the light.",
    "midnight velvet": "Dressed in a midnight-blue cotton velvet, almost black by lamplight.",
    "emerald velvet": "Dressed in an emerald cotton velvet with a deep, jewel-like pile.",
    "blush velvet": "Dressed in a blush cotton velvet, the pink of plaster at dusk.",
    "terracotta linen": "Covered in a heavy Belgian linen the colour of terracotta.",
    "oat linen": "Covered in a heavy, washed Belgian linen in oat.",
    "stone linen": "Covered in a heavy Belgian linen in a cool stone grey.",
    "ivory linen": "Finished in an ivory linen, pleated by hand.",
    "charcoal wool": "In a charcoal New Zealand wool with a linen border.",
    "camel wool": "In a warm camel New Zealand wool.",
    "walnut": "In solid American black walnut, oiled to a low sheen.",
    "natural oak": "In solid European oak, finished with a clear hard-wax oil.",
    "smoked oak": "In solid oak, fumed to a deep smoky brown.",
    "ebonised oak": "In solid oak, ebonised to an inky black that keeps the grain.",
    "Calacatta marble": "In Calacatta marble, white with soft grey and gold veins.",
    "Nero Marquina": "In Nero Marquina marble, black with bright white veins.",
    "travertine": "In honed Roman travertine, warm and softly pitted.",
    "oyster lacquer": "In an oyster lacquer, hand-sprayed and rubbed to a silk finish.",
    "oxblood lacquer": "In an oxblood lacquer, hand-sprayed and polished to a deep gloss.",
}

SECONDARY_TEXT = {
    "walnut": "walnut",
    "natural oak": "natural oak",
    "smoked oak": "smoked oak",
    "ebonised oak": "ebonised oak",
    "brushed brass": "brushed brass",
    "bronze": "bronze",
    "polished nickel": "polished nickel",
    "blackened steel": "blackened steel",
    "travertine": "a travertine top",
    "Nero Marquina": "a Nero Marquina top",
    "Calacatta marble": "Calacatta marble",
    "sage ceramic": "a sage-glazed ceramic body",
    "ink ceramic": "an ink-blue glazed ceramic body",
    "oyster ceramic": "an oyster-glazed ceramic body",
}

CARE = {
    "boucle": "Vacuum weekly with a soft brush. Blot spills at once with a clean, dry "
    "cloth; never rub. Professional dry clean only.",
    "velvet": "Brush gently in the direction of the pile. Keep out of direct sunlight. "
    "Blot spills; professional dry clean only.",
    "linen": "Vacuum with a soft brush. Blot spills with a damp cloth. Loose covers may be "
    "dry cleaned; linen softens with age.",
    "leather": "Dust with a dry cloth. Feed twice a year with the leather balm supplied. "
    "Keep away from radiators and direct sun.",
    "wool": "Vacuum without a beater bar; turn every six months. Blot spills and have it "
    "cleaned by a rug specialist.",
    "wood": "Dust with a soft dry cloth. Use coasters and mats; wipe spills at once. Refresh "
    "the oil once a year with the care kit supplied.",
    "marble": "Wipe with a damp cloth and pH-neutral soap. Acids (wine, lemon, vinegar) "
    "etch stone: wipe at once. Resealed by us every two years on request.",
    "stone": "Wipe with a damp cloth and pH-neutral soap; travertine is sealed but porous, "
    "so wipe spills at once. Resealing on request.",
    "lacquer": "Dust with a microfibre cloth; never use polish or solvents.",
    "ceramic": "Dust the body with a dry cloth; the shade with a soft brush. Use an LED bulb "
    "of up to 8 W.",
    "metal": "Dust with a dry cloth. The brass is left unlacquered and will mellow; polish "
    "with the cloth supplied if you prefer it bright.",
}

MATERIALS_BY_KIND = {
    "sofa": "kiln-dried beech frame, hand-tied springs, feather-wrapped foam",
    "armchair": "beech frame, sprung seat, feather-wrapped foam",
    "dining_table": "",
    "chair": "solid-wood frame, sprung seat",
    "bed": "beech frame, sprung slats, padded headboard",
    "sideboard": "solid-wood carcass, dovetailed drawers, soft-close runners",
    "lamp": "E27 holder, braided fabric cable, dimmable",
    "rug": "hand-tufted New Zealand wool and linen, cotton backing",
}

# Steps of the assembly guide sent with each purchase order, by kind.
ASSEMBLY_STEPS = {
    "sofa": (
        "1. Unpack on a clean blanket; keep the corner protectors until placed.",
        "2. Tip the sofa onto its back; screw the legs or plinth into the threaded plates.",
        "3. Stand it up, level the glides, then place seat and back cushions as labelled.",
        "4. For sectional pieces: join with the brackets supplied, top and bottom.",
    ),
    "armchair": (
        "1. Unpack on a clean blanket.",
        "2. Screw the legs (or base) into the threaded plates; hand-tight only.",
        "3. Stand the chair up, level the glides and place the seat cushion.",
    ),
    "dining_table": (
        "1. Two people for the base, four for a stone top. Lift, never slide, stone.",
        "2. Place the base(s) in position and level them with the adjustable feet.",
        "3. Lower the top onto the base; fix it with the bolts through the top plate.",
        "4. Check the level across both diagonals; adjust the feet if needed.",
    ),
    "chair": (
        "1. Delivered assembled. Remove the protective film from the feet.",
        "2. Check the felt glides are seated before use on wooden floors.",
    ),
    "bed": (
        "1. Bolt the side rails to the headboard and the footboard (8 x M8 bolts).",
        "2. Fit the centre rail and its two support feet.",
        "3. Lay the slat rolls from head to foot and clip them to the rails.",
        "4. Level the feet, then place the mattress (not supplied).",
    ),
    "sideboard": (
        "1. Two people. Stand the cabinet upright on its feet, not on its doors.",
        "2. Level with the adjustable feet; fix to the wall with the anti-tip bracket.",
        "3. Place the shelves on the pins; for a stone top, lower it onto the pads.",
        "4. Adjust the door hinges (3-way) until the gaps are even.",
    ),
    "lamp": (
        "1. Screw the bulb (E27 LED, max 8 W) into the holder.",
        "2. Fit the shade onto the harp and tighten the finial.",
        "3. Connect to a socket; the dimmer is on the cable.",
    ),
    "rug": (
        "1. Unroll the rug pile side up and let it rest flat for 48 hours.",
        "2. Use the underlay supplied on hard floors.",
    ),
}

# --- Workshops, lead times, prices -----------------------------------------------------

# Which workshop makes what: upholstery in Brianza, joinery in Friuli, stone in Carrara,
# lighting in Copenhagen, rugs in Arraiolos, cabinets in the Cotswolds.
MANUFACTURER_FOR_KIND = {
    "sofa": "meroni",
    "armchair": "meroni",
    "bed": "meroni",
    "chair": "zanin",
    "dining_table": "zanin",
    "sideboard": "hartwell-lane",
    "lamp": "lys-form",
    "rug": "arraiolos",
}
STONE_WORKSHOP = "marmi-apuani"
MADE_TO_ORDER_EXTRA_DAYS = 14  # finishing, inspection and packing after the workshop

KIND_CODE = {
    "sofa": "SOF",
    "armchair": "ARM",
    "dining_table": "TBL",
    "chair": "CHR",
    "bed": "BED",
    "sideboard": "STO",
    "lamp": "LMP",
    "rug": "RUG",
}

# Price of the standard piece in EUR, VAT included.
EUR_PRICES = {
    "alba-three-seat-sofa": 14800,
    "alba-three-seat-sofa-sage-velvet": 13900,
    "riva-low-sofa": 19600,
    "riva-low-sofa-midnight-velvet": 18900,
    "sorrento-tuxedo-sofa": 16500,
    "marlow-leather-sofa": 21500,
    "hollis-two-seat-sofa": 9800,
    "capri-tuxedo-sofa": 12900,
    "orso-club-chair": 6900,
    "orso-club-chair-sage-velvet": 6400,
    "nido-shell-chair": 5200,
    "nido-shell-chair-blush-velvet": 5400,
    "tove-lounge-chair": 4600,
    "tove-lounge-chair-leather": 5900,
    "hale-club-chair": 6200,
    "conca-shell-chair": 5600,
    "linea-dining-table": 12400,
    "linea-dining-table-natural-oak": 9800,
    "tondo-pedestal-table": 11500,
    "tondo-pedestal-table-travertine": 9600,
    "monolith-dining-table": 18500,
    "ellisse-oval-table": 21900,
    "ellisse-oval-table-walnut": 14600,
    "aria-dining-chair": 1450,
    "aria-dining-chair-leather": 2100,
    "aria-dining-chair-velvet": 1750,
    "aria-dining-chair-sage": 1750,
    "arco-dining-chair": 1150,
    "arco-dining-chair-walnut": 1350,
    "arco-dining-chair-ebonised": 1650,
    "arco-dining-chair-smoked-oak": 1250,
    "somnus-upholstered-bed": 11800,
    "somnus-bed-sage-velvet": 10900,
    "somnus-bed-midnight-velvet": 10900,
    "somnus-bed-blush-velvet": 9900,
    "kyoto-platform-bed": 8600,
    "kyoto-platform-bed-walnut": 9200,
    "kyoto-platform-bed-smoked-oak": 8900,
    "onda-fluted-sideboard": 9800,
    "onda-fluted-sideboard-smoked-oak": 9400,
    "onda-fluted-sideboard-oyster": 10600,
    "cassa-sideboard-travertine-top": 8900,
    "cassa-sideboard-ebonised-and-nero": 9900,
    "cassa-nightstand": 2900,
    "vitrine-bar-cabinet": 11800,
    "vitrine-bar-cabinet-oxblood": 12900,
    "gourd-table-lamp": 1450,
    "gourd-table-lamp-ink-glaze": 1450,
    "gourd-table-lamp-oyster-glaze": 1250,
    "stelo-floor-lamp": 2900,
    "stelo-floor-lamp-blackened": 2700,
    "luna-globe-lamp": 1850,
    "luna-globe-lamp-nero-marquina": 1950,
    "dune-hand-tufted-rug": 4800,
    "dune-rug-camel": 6900,
    "linea-bordered-rug": 4200,
    "linea-bordered-rug-charcoal": 6200,
    "grid-windowpane-rug": 4400,
    "grid-windowpane-rug-midnight": 6500,
    "orbit-round-rug": 3900,
}

US_FACTOR = D("0.95")  # USD list: EUR price x 0.95, before sales tax, rounded to 50


def round_to(amount: Decimal, step: int) -> Decimal:
    """Half-up to a multiple of `step` (a whole number of currency units)."""
    return (amount / step).quantize(D(1), rounding=ROUND_HALF_UP) * step


def shelf_round(amount: Decimal) -> Decimal:
    """Shelf prices end in 50 from 2 000 up, in 10 below."""
    return round_to(amount, 50 if amount >= 2000 else 10)


def usd(eur: Decimal | int) -> Decimal:
    return shelf_round(D(eur) * US_FACTOR)


def usd_add_on(eur: Decimal | int) -> Decimal:
    return round_to(D(eur) * US_FACTOR, 10)


@dataclass(frozen=True)
class PriceListData:
    code: str
    name: str
    region: str
    currency: str
    tax_display: str  # pricing.enums.TaxDisplay value
    default_tax_country: str = ""
    base: str = ""  # code of the base list, for a derived list
    percentage: Decimal | None = None
    rounding_step: Decimal | None = None
    rounding_ending: Decimal = Decimal(0)


PRICE_LISTS = (  # base lists first
    PriceListData("eu-eur", "Europe (EUR)", "eu", "EUR", "included", "IT"),
    PriceListData("us-usd", "United States (USD)", "us", "USD", "added", "US"),
    # 86 % of the EUR price, up to the next ...95: EUR 14 800 -> GBP 12 795
    PriceListData(
        "uk-gbp",
        "United Kingdom (GBP)",
        "uk",
        "GBP",
        "included",
        "GB",
        "eu-eur",
        D(86),
        D(100),
        D(95),
    ),
    # 98 % of the EUR price, up to the next ...90: EUR 14 800 -> CHF 14 590
    PriceListData(
        "ch-chf", "Switzerland (CHF)", "ch", "CHF", "included", "CH", "eu-eur", D(98), D(100), D(90)
    ),
)

# VAT per country (percent), and US sales tax per state (state-wide base rates; local
# district taxes are not modelled). States without a sales tax have 0 %.
VAT = {
    "AT": "20",
    "BE": "21",
    "DE": "19",
    "ES": "21",
    "FI": "25.5",
    "FR": "20",
    "GR": "24",
    "IE": "23",
    "IT": "22",
    "LU": "17",
    "NL": "21",
    "PT": "23",
    "GB": "20",
    "CH": "8.1",
    "LI": "8.1",
}
US_SALES_TAX = {
    "AL": "4",
    "AK": "0",
    "AZ": "5.6",
    "AR": "6.5",
    "CA": "7.25",
    "CO": "2.9",
    "CT": "6.35",
    "DE": "0",
    "DC": "6",
    "FL": "6",
    "GA": "4",
    "HI": "4",
    "ID": "6",
    "IL": "6.25",
    "IN": "7",
    "IA": "6",
    "KS": "6.5",
    "KY": "6",
    "LA": "5",
    "ME": "5.5",
    "MD": "6",
    "MA": "6.25",
    "MI": "6",
    "MN": "6.875",
    "MS": "7",
    "MO": "4.225",
    "MT": "0",
    "NE": "5.5",
    "NV": "6.85",
    "NH": "0",
    "NJ": "6.625",
    "NM": "4.875",
    "NY": "4",
    "NC": "4.75",
    "ND": "5",
    "OH": "5.75",
    "OK": "4.5",
    "OR": "0",
    "PA": "6",
    "RI": "7",
    "SC": "6",
    "SD": "4.2",
    "TN": "7",
    "TX": "6.25",
    "UT": "6.1",
    "VT": "6",
    "VA": "5.3",
    "WA": "6.5",
    "WV": "6",
    "WI": "5",
    "WY": "4",
}

# --- Made to order ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceData:
    code: str
    name: str
    eur: int  # add-on in EUR, VAT included (0 = included in the price)
    swatch: str = ""  # finish shown on its swatch (palettes.FINISHES), "" for none
    swatch_texture: str = ""  # a texture other than the finish's own (a wool yarn...)


@dataclass(frozen=True)
class OptionData:
    code: str
    name: str
    kind: str  # catalog OptionKind: fabric / finish / other
    choices: tuple[ChoiceData, ...]


@dataclass(frozen=True)
class SizeData:
    axis: str
    min_cm: int
    max_cm: int
    step_cm: int
    eur_per_step: int


def _choices(rows, scale: float = 1.0) -> tuple[ChoiceData, ...]:
    """Rows of (code, name, EUR add-on, swatch finish[, swatch texture])."""
    return tuple(
        ChoiceData(code, name, int(round_to(D(eur) * D(str(scale)), 10)), *swatch)
        for code, name, eur, *swatch in rows
    )


_FABRICS = (
    ("boucle-ivory", "Wool bouclé, ivory", 0, "bouclé ivory"),
    ("boucle-oatmeal", "Wool bouclé, oatmeal", 0, "bouclé oatmeal"),
    ("linen-oat", "Belgian linen, oat", 0, "oat linen"),
    ("linen-terracotta", "Belgian linen, terracotta", 0, "terracotta linen"),
    ("velvet-sage", "Cotton velvet, sage", 900, "sage velvet"),
    ("velvet-midnight", "Cotton velvet, midnight", 900, "midnight velvet"),
    ("velvet-emerald", "Cotton velvet, emerald", 900, "emerald velvet"),
    ("mohair-ochre", "Mohair velvet, ochre", 1800, "ochre velvet"),
    ("leather-cognac", "Aniline leather, cognac", 3200, "cognac leather"),
)
_LEATHERS = (
    ("cognac", "Aniline leather, cognac", 0, "cognac leather"),
    ("espresso", "Aniline leather, espresso", 0, "espresso leather"),
    ("nubuck-stone", "Nubuck, stone", 1400, "stone linen", "leather"),
    ("saddle-oxblood", "Saddle leather, oxblood", 2200, "oxblood lacquer", "leather"),
)
_LEGS = (
    ("walnut", "Walnut", 0, "walnut"),
    ("natural-oak", "Natural oak", 0, "natural oak"),
    ("smoked-oak", "Smoked oak", 250, "smoked oak"),
    ("ebonised-oak", "Ebonised oak", 250, "ebonised oak"),
    ("brushed-brass", "Brushed brass", 600, "brushed brass"),
)
_WOODS = (
    ("walnut", "Walnut", 0, "walnut"),
    ("natural-oak", "Natural oak", 0, "natural oak"),
    ("smoked-oak", "Smoked oak", 450, "smoked oak"),
    ("ebonised-oak", "Ebonised oak", 450, "ebonised oak"),
)
_STONES = (
    ("travertine", "Roman travertine, honed", 0, "travertine"),
    ("nero-marquina", "Nero Marquina, honed", 2200, "Nero Marquina"),
    ("calacatta", "Calacatta marble, honed", 2800, "Calacatta marble"),
    ("verde-alpi", "Verde Alpi, polished", 3400, "Verde Alpi"),
)
_CARCASS = (
    ("walnut", "Walnut", 0, "walnut"),
    ("smoked-oak", "Smoked oak", 0, "smoked oak"),
    ("oyster-lacquer", "Oyster lacquer", 900, "oyster lacquer"),
    ("oxblood-lacquer", "Oxblood lacquer", 1200, "oxblood lacquer"),
)
_HARDWARE = (
    ("brushed-brass", "Brushed brass", 0, "brushed brass"),
    ("bronze", "Bronze", 0, "bronze"),
    ("polished-nickel", "Polished nickel", 350, "polished nickel"),
)
_YARNS = (
    ("oat-terracotta", "Oat and terracotta", 0, "oat linen", "wool"),
    ("camel-ivory", "Camel and ivory", 0, "camel wool"),
    ("charcoal-stone", "Charcoal and stone", 0, "charcoal wool"),
    ("sage-oat", "Sage and oat", 0, "sage velvet", "wool"),
)
_PILE = (
    ("wool", "New Zealand wool", 0, "ivory linen", "wool"),
    ("wool-silk", "Wool with bamboo silk highlights", 1200, "ivory linen", "velvet"),
)


@dataclass(frozen=True)
class MadeToOrder:
    options: tuple[OptionData, ...]
    sizes: tuple[SizeData, ...]


def _fabric(scale: float = 1.0) -> OptionData:
    return OptionData("fabric", "Fabric", "fabric", _choices(_FABRICS, scale))


def _legs(scale: float = 1.0, name: str = "Legs") -> OptionData:
    return OptionData("legs", name, "finish", _choices(_LEGS, scale))


MADE_TO_ORDER = {
    "alba-three-seat-sofa": MadeToOrder(
        (_fabric(), _legs()),
        (SizeData("width", 180, 300, 10, 320), SizeData("depth", 95, 110, 5, 180)),
    ),
    "riva-low-sofa": MadeToOrder(
        (_fabric(1.3), _legs(name="Plinth")),
        (SizeData("width", 220, 360, 20, 650), SizeData("depth", 105, 120, 5, 220)),
    ),
    "marlow-leather-sofa": MadeToOrder(
        (OptionData("leather", "Leather", "fabric", _choices(_LEATHERS)), _legs()),
        (SizeData("width", 190, 280, 10, 450),),
    ),
    "orso-club-chair": MadeToOrder(
        (_fabric(0.4), _legs(0.4)),
        (SizeData("width", 86, 104, 2, 90),),
    ),
    "linea-dining-table": MadeToOrder(
        (OptionData("wood", "Wood", "finish", _choices(_WOODS)),),
        (SizeData("width", 180, 320, 10, 260), SizeData("depth", 90, 120, 5, 180)),
    ),
    "monolith-dining-table": MadeToOrder(
        (OptionData("stone", "Stone", "finish", _choices(_STONES)),),
        (SizeData("width", 200, 320, 10, 550),),
    ),
    "ellisse-oval-table-walnut": MadeToOrder(
        (
            OptionData("wood", "Top", "finish", _choices(_WOODS)),
            OptionData("base", "Pedestals", "finish", _choices(_WOODS[:3], 0.6)),
        ),
        (SizeData("width", 220, 320, 10, 340),),
    ),
    "somnus-upholstered-bed": MadeToOrder(
        (_fabric(0.7), _legs(0.5, "Plinth")),
        (SizeData("width", 160, 240, 10, 300), SizeData("depth", 210, 240, 10, 200)),
    ),
    "kyoto-platform-bed": MadeToOrder(
        (
            OptionData("wood", "Wood", "finish", _choices(_WOODS, 1.4)),
            OptionData("headboard", "Headboard cushion", "fabric", _choices(_FABRICS[:6], 0.3)),
        ),
        (SizeData("width", 160, 230, 10, 250),),
    ),
    "onda-fluted-sideboard": MadeToOrder(
        (
            OptionData("carcass", "Carcass", "finish", _choices(_CARCASS)),
            OptionData("hardware", "Handles and feet", "finish", _choices(_HARDWARE)),
        ),
        (SizeData("width", 160, 280, 10, 280),),
    ),
    "vitrine-bar-cabinet": MadeToOrder(
        (
            OptionData("carcass", "Carcass", "finish", _choices(_CARCASS)),
            OptionData("hardware", "Hinges and feet", "finish", _choices(_HARDWARE)),
        ),
        (SizeData("width", 90, 140, 10, 380), SizeData("height", 120, 180, 10, 420)),
    ),
    "dune-hand-tufted-rug": MadeToOrder(
        (
            OptionData("colourway", "Colourway", "fabric", _choices(_YARNS)),
            OptionData("pile", "Pile", "fabric", _choices(_PILE)),
        ),
        (SizeData("width", 160, 400, 10, 170), SizeData("depth", 120, 300, 10, 170)),
    ),
    "linea-bordered-rug": MadeToOrder(
        (OptionData("colourway", "Border colour", "fabric", _choices(_YARNS)),),
        (SizeData("width", 160, 400, 10, 150), SizeData("depth", 120, 300, 10, 150)),
    ),
}

# --- Variants --------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantData:
    sku: str
    barcode: str
    name: str
    eur: Decimal
    usd: Decimal
    values: tuple[tuple[str, str], ...]  # (attribute slug, value name)


def gtin13(body12: str) -> str:
    digits = [int(c) for c in body12]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return body12 + str((10 - total % 10) % 10)


# Stocked sizes per kind: (suffix, variant name, size value, price factor). The look's
# own size is the standard (factor 1); made-to-order pieces have one variant and custom
# sizes instead.
_SOFA_SIZES = (
    ("S", "Compact, {w0} cm", "Compact", D("0.86")),
    ("M", "Standard, {w} cm", "Standard", D("1")),
    ("L", "Grand, {w1} cm", "Grand", D("1.16")),
)
_TABLE_SIZES = (
    ("M", "{w} cm", "Standard", D("1")),
    ("L", "{w1} cm", "Grand", D("1.15")),
)
_ROUND_TABLE_SIZES = (
    ("M", "Ø {w} cm", "Standard", D("1")),
    ("L", "Ø {w2} cm", "Grand", D("1.18")),
)
_RUG_SIZES = ((170, 240), (200, 300), (250, 350))
_ROUND_RUG_SIZES = (200, 250)


def _sizes(look: ProductLook) -> tuple[tuple[str, str, str, Decimal], ...]:
    if look.kind == "sofa":
        return _SOFA_SIZES
    if look.kind == "dining_table":
        return _ROUND_TABLE_SIZES if look.design == "pedestal" else _TABLE_SIZES
    if look.kind == "bed":
        king = look.width_cm < 190  # the look is a king-size frame
        return (
            ("K", f"King, 160{X}200 cm mattress", "King", D("1") if king else D("0.92")),
            ("SK", f"Super king, 180{X}200 cm mattress", "Super king", D("1.08") if king else D(1)),
        )
    if look.kind == "rug" and look.design == "round":
        return tuple(
            (str(d), f"Ø {d} cm", f"Ø {d} cm", D(d * d) / D(int(look.width_cm) ** 2))
            for d in _ROUND_RUG_SIZES
        )
    if look.kind == "rug":
        area = D(int(look.width_cm) * int(look.depth_cm))
        return tuple(
            (str(a), f"{a}{X}{b} cm", f"{a}{X}{b} cm", (D(a * b) / area).quantize(D("0.01")))
            for a, b in _RUG_SIZES
        )
    return (("", "", "", D(1)),)


# --- Products --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductData:
    look: ProductLook
    index: int  # 1..60, stable: the order of suggestions.PRODUCTS
    category: str
    manufacturer: str
    description: str
    materials: str
    care_notes: str
    weight_kg: Decimal
    made_to_order: MadeToOrder | None
    variants: tuple[VariantData, ...]
    image_views: tuple[int, ...]  # imagery variants (0 three-quarter, 1 front, 3 detail)
    model_3d: bool
    extra_lead_days: int = 0

    @property
    def slug(self) -> str:
        return self.look.slug

    @property
    def name(self) -> str:
        return self.look.name

    @property
    def family(self) -> str:
        return self.look.name.split()[0].lower()

    @property
    def is_made_to_order(self) -> bool:
        return self.made_to_order is not None

    def dimension(self, axis: str) -> Decimal:
        return D(str(getattr(self.look, f"{axis}_cm"))).quantize(D("0.1"))


def _manufacturer(look: ProductLook) -> str:
    if look.kind == "dining_table" and look.palette in STONES:
        return STONE_WORKSHOP
    if look.kind == "bed" and look.design == "platform":
        return "zanin"  # a solid-wood platform: joinery, not upholstery
    return MANUFACTURER_FOR_KIND[look.kind]


def _colour(finish: str) -> str:
    """'oat linen' -> 'oat', 'bouclé ivory' -> 'ivory': the colour of a yarn."""
    return " ".join(w for w in finish.split() if w not in {"bouclé", "linen", "wool", "velvet"})


def _description(look: ProductLook, mto: MadeToOrder | None, city: str) -> str:
    family = look.name.split()[0].lower()
    story = FAMILY_TEXT[(look.kind, family)]
    finish = FINISH_TEXT.get(look.palette, "")
    secondary = SECONDARY_TEXT.get(look.material)
    if look.kind == "rug":
        finish = (
            f"Tufted in {_colour(look.palette)} New Zealand wool, drawn in "
            f"{_colour(look.material)}, finished by hand in Arraiolos."
        )
    elif look.kind == "lamp" and look.palette not in STONES:
        finish = f"A shade hand-pleated in {look.palette}, over {secondary}."
    elif secondary and look.material != look.palette:
        finish = f"{finish} Detailed in {secondary}." if finish else f"With {secondary}."
    parts = [f"<p>{story}</p>", f"<p>{finish}</p>"]
    if mto is not None:
        options = " and ".join(o.name.lower() for o in mto.options)
        axes = " and ".join(s.axis for s in mto.sizes)
        parts.append(
            f"<p><strong>Made to order in {city}.</strong> Choose the {options}, and a "
            f"{axes} to suit your room.</p>"
        )
    return "\n".join(parts)  # a line break between paragraphs, for plain-text excerpts


def _materials(look: ProductLook) -> str:
    if look.kind == "rug":
        colours = f"{_colour(look.palette)} and {_colour(look.material)}"
        return f"New Zealand wool and linen ({colours}); hand-tufted, cotton backing"
    bits = [look.palette]
    if look.material != look.palette:
        bits.append(look.material)
    extra = MATERIALS_BY_KIND[look.kind]
    if look.kind == "lamp":
        bits.append("opal glass" if look.design == "globe" else "hand-pleated shade")
    text = ", ".join(bits)
    return f"{text[0].upper()}{text[1:]}; {extra}" if extra else text[0].upper() + text[1:]


def _texture(finish: str) -> str:
    return get_finish(finish).texture


def _care(look: ProductLook) -> str:
    textures = []
    for finish in (look.palette, look.material):
        texture = _texture(finish)
        texture = "wool" if look.kind == "rug" else texture
        if texture in CARE and texture not in textures:
            textures.append(texture)
    return " ".join(CARE[t] for t in textures)


def _weight(look: ProductLook) -> Decimal:
    w, d, h = look.width_cm / 100, look.depth_cm / 100, look.height_cm / 100
    stone = look.palette in STONES or look.material in STONES
    kg = {
        "sofa": w * d * h * 52,
        "armchair": w * d * h * 55,
        "dining_table": w * d * (130 if stone else 32) + (60 if stone else 10),
        "chair": 6.5,
        "bed": w * d * 24,
        "sideboard": w * d * h * 115 + (25 * w if stone else 0),
        "lamp": 4.5 + h * 3 + (6 if stone else 0),
        "rug": w * d * 3.2,
    }[look.kind]
    return D(str(kg)).quantize(D("0.1"), rounding=ROUND_HALF_UP)


def _value(attribute: str, name: str) -> tuple[str, str]:
    return (attribute, name[0].upper() + name[1:])


def _look_values(look: ProductLook) -> list[tuple[str, str]]:
    """The attribute values every variant of the look shares (fabric, finish, stone)."""
    if look.kind == "rug":
        return [_value("colour", _colour(look.palette))]
    values: list[tuple[str, str]] = []
    for finish in (look.palette, look.material):
        texture = _texture(finish)
        if finish in STONES:
            attribute = "stone"
        elif texture in FABRIC_TEXTURES:
            attribute = "upholstery"
        elif texture in {"wood", "metal", "ceramic", "lacquer"}:
            attribute = "finish"
        else:
            continue
        if look.kind == "lamp" and attribute == "upholstery":
            continue  # a lamp shade is not upholstery
        if all(a != attribute for a, _ in values):
            values.append(_value(attribute, finish))
    return values


def _variants(look: ProductLook, index: int, mto: bool) -> tuple[VariantData, ...]:
    base = D(EUR_PRICES[look.slug])
    code = f"AT-{KIND_CODE[look.kind]}-{index:03d}"
    shared = _look_values(look)
    sizes = (("", "Made to order", "", D(1)),) if mto else _sizes(look)
    w = int(look.width_cm)
    rows = []
    for position, (suffix, label, size_value, factor) in enumerate(sizes):
        eur = base if factor == 1 else shelf_round(base * factor)
        values = list(shared)
        if size_value:
            values.insert(0, ("size", size_value))
        rows.append(
            VariantData(
                sku=f"{code}-{suffix}" if suffix else code,
                barcode=gtin13(f"209{index:05d}{position:04d}"),
                name=label.format(w=w, w0=w - 30, w1=w + 40, w2=w + 20),
                eur=eur,
                usd=usd(eur),
                values=tuple(values),
            )
        )
    return tuple(rows)


def _product(look: ProductLook, index: int, cities: dict[str, str]) -> ProductData:
    mto = MADE_TO_ORDER.get(look.slug)
    manufacturer = _manufacturer(look)
    views = (0, 1, 3) if (look.model or mto is not None) else (0, 3)
    return ProductData(
        look=look,
        index=index,
        category=CATEGORY_FOR_KIND[look.kind],
        manufacturer=manufacturer,
        description=_description(look, mto, cities.get(manufacturer, "our workshops")),
        materials=_materials(look),
        care_notes=_care(look),
        weight_kg=_weight(look),
        made_to_order=mto,
        variants=_variants(look, index, mto is not None),
        image_views=views,
        model_3d=look.model,
        extra_lead_days=MADE_TO_ORDER_EXTRA_DAYS if mto is not None else 0,
    )


def _cities() -> dict[str, str]:
    return {m.code: m.city.split(" (")[0] for m in MANUFACTURERS}


PRODUCTS: tuple[ProductData, ...] = tuple(
    _product(look, i, _cities()) for i, look in enumerate(LOOKS, start=1)
)
BY_SLUG = {p.slug: p for p in PRODUCTS}

# Publication: everything goes online and to the boutiques, except two drafts still
# being written and one waiting for the e-commerce manager's approval.
DRAFTS = ("luna-globe-lamp", "orbit-round-rug")
IN_REVIEW = ("capri-tuxedo-sofa",)

# --- Collections -----------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionData:
    slug: str
    name: str
    description: str
    hero: tuple[str, str, int]  # render_collection_hero theme, scheme, variant
    hero_alt: str
    products: tuple[str, ...] = ()  # hand-picked, in order
    rule_manufacturer: str = ""  # rule-based: this workshop's pieces
    rule_made_to_order: bool | None = None
    private: bool = False
    max_quantity: int | None = None
    grant_users: tuple[str, ...] = ()  # e-mails
    grant_groups: tuple[str, ...] = ()  # customer group slugs
    in_menu: bool = True

    @property
    def is_rule(self) -> bool:
        return bool(self.rule_manufacturer) or self.rule_made_to_order is not None


@dataclass(frozen=True)
class CustomerGroupData:
    slug: str
    name: str
    members: tuple[str, ...] = field(default=())  # e-mails


def _customer(first_name: str) -> str:
    return f"customer.{slugify(first_name)}@{EMAIL_DOMAIN}"


CUSTOMER_GROUPS = (
    CustomerGroupData("collectors-circle", "Collectors' circle", (_customer("Léa"),)),
)

COLLECTIONS = (
    CollectionData(
        "autumn",  # the slug the autumn promotion (pricing/demo.py) looks for
        "Autumn in Brianza",
        "<p>Terracotta linen, cognac leather and smoked oak: the colours of the hills "
        "above Meda in October, when the workshops light their stoves again.</p>",
        ("living", "terracotta & oak", 0),
        "A living room in terracotta linen and smoked oak, with a low lamp and a rug",
        products=(
            "hollis-two-seat-sofa",
            "marlow-leather-sofa",
            "orso-club-chair",
            "tove-lounge-chair-leather",
            "arco-dining-chair",
            "kyoto-platform-bed-walnut",
            "onda-fluted-sideboard-smoked-oak",
            "dune-rug-camel",
            "stelo-floor-lamp",
        ),
    ),
    CollectionData(
        "ivory-and-walnut",
        "Ivory & Walnut",
        "<p>Quiet rooms in cream bouclé and oiled walnut, with a little brass for light. "
        "Pieces that sit together without trying.</p>",
        ("bedroom", "ivory & walnut", 0),
        "A bedroom in ivory bouclé and walnut, with nightstands and lamps either side",
        products=(
            "alba-three-seat-sofa",
            "nido-shell-chair",
            "linea-dining-table",
            "arco-dining-chair-walnut",
            "somnus-upholstered-bed",
            "cassa-nightstand",
            "onda-fluted-sideboard",
            "gourd-table-lamp-oyster-glaze",
            "linea-bordered-rug",
        ),
    ),
    CollectionData(
        "long-table-suppers",
        "Long Table Suppers",
        "<p>Tables that seat ten, chairs you stay in until the candles are out, and a "
        "sideboard for the second bottle.</p>",
        ("dining", "terracotta & oak", 1),
        "A dining room with a long oak table, upholstered chairs and a fluted sideboard",
        products=(
            "linea-dining-table-natural-oak",
            "monolith-dining-table",
            "ellisse-oval-table-walnut",
            "aria-dining-chair",
            "aria-dining-chair-leather",
            "arco-dining-chair-smoked-oak",
            "vitrine-bar-cabinet",
            "cassa-sideboard-travertine-top",
        ),
    ),
    CollectionData(
        "carrara-stone",
        "Carrara Stone",
        "<p>Marble and travertine, cut, carved and honed by hand at the foot of the "
        "Apuan Alps by the Laboratorio Marmi Apuani.</p>",
        ("dining", "midnight & marble", 0),
        "A dining room with a black marble table on twin pedestals and blue velvet chairs",
        rule_manufacturer=STONE_WORKSHOP,
    ),
    CollectionData(
        "made-to-measure",
        "Made to measure",
        "<p>Pieces built for you: choose the fabric or the finish, and the width your room "
        "needs. Each is made by hand in its workshop and delivered in ten to fourteen "
        "weeks.</p>",
        ("living", "sage & brass", 1),
        "A living room in sage velvet and brass, with a marble side table",
        rule_made_to_order=True,
        in_menu=False,  # the menu links it as "Made to order"
    ),
    CollectionData(
        "emerald-salon",
        "The Emerald Salon — limited edition",
        "<p>A tuxedo sofa and a pair of shell chairs in emerald velvet and brass, in a "
        "numbered edition of twelve of each. Offered privately.</p>",
        ("living", "emerald & travertine", 0),
        "A salon in emerald velvet with travertine and brass",
        products=("sorrento-tuxedo-sofa", "conca-shell-chair"),
        private=True,
        max_quantity=12,
        grant_users=(_customer("Charlotte"),),
    ),
    CollectionData(
        "nero-marquina-atelier",
        "Nero Marquina Atelier Edition",
        "<p>Black marble with white veins, carved in Carrara: an oval table, a sideboard "
        "and a globe lamp, eight of each. For members of the Collectors' circle.</p>",
        ("dining", "midnight & marble", 1),
        "A dining room in black marble and midnight velvet, lit by a globe lamp",
        products=(
            "ellisse-oval-table",
            "cassa-sideboard-ebonised-and-nero",
            "luna-globe-lamp-nero-marquina",
        ),
        private=True,
        max_quantity=8,
        grant_groups=("collectors-circle",),
    ),
)

MENU_COLLECTIONS_URL = "/collections/"
MADE_TO_ORDER_COLLECTION = "made-to-measure"

# Views and their words, for alt text.
VIEW_NAMES = {0: "three-quarter view", 1: "front view", 2: "side view", 3: "detail"}


def alt_text(product: ProductData, view: int) -> str:
    look = product.look
    secondary = f" and {look.material}" if look.material != look.palette else ""
    return f"{look.name} in {look.palette}{secondary}, {VIEW_NAMES[view]}"
