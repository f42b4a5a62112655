"""The demo company, as plain data: regions, boutiques, the warehouse, workshops, people.

Addresses are real-looking but not real businesses; telephone numbers use ranges set
aside for fiction where a country has one (UK 020 7946 0xxx, FR 01 99 00 xx xx,
US 555-01xx). Every demo e-mail is on `demo.atelier.example`, a domain that cannot exist.
Later issues add their own data (catalog, orders...) next to this and a step in loader.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from atelier.core.roles import Role

EMAIL_DOMAIN = "demo.atelier.example"

# Where each kind of account signs in: the first of these URL names that exists (the
# manufacturer portal has its own sign-in once it is built; until then the main site's).
LOGIN_URL_NAMES = {
    "staff": ("backoffice:login",),
    "manufacturer": ("portal:login", "account_login"),
    "customer": ("account_login",),
}


@dataclass(frozen=True)
class RegionData:
    code: str
    name: str
    currency: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class SiteData:
    """A boutique or a warehouse: somewhere with an address, a clock and a telephone."""

    code: str
    name: str
    street: str
    postcode: str
    city: str
    country: str
    timezone: str
    phone: str
    email: str
    region: str = ""  # boutiques only


@dataclass(frozen=True)
class ManufacturerData:
    code: str
    name: str
    street: str
    postcode: str
    city: str
    country: str
    email: str
    phone: str
    lead_time_days: int
    capabilities: str
    contact: tuple[str, str]  # first and last name of the person who signs in to the portal


@dataclass(frozen=True)
class PersonData:
    """One demo login. `scope` is a boutique, region or manufacturer code, by role."""

    role: Role
    first_name: str
    last_name: str
    scope: str = ""

    @property
    def email(self) -> str:
        local = self.role.value.replace("_", ".")
        if self.role == Role.CUSTOMER:
            local = f"customer.{slugify(self.first_name)}"
        elif self.scope:
            local = f"{local}.{self.scope}"
        return f"{local}@{EMAIL_DOMAIN}"


REGIONS = (
    RegionData("uk", "United Kingdom", "GBP", ("GB",)),
    RegionData(
        "eu",
        "European Union",
        "EUR",
        ("AT", "BE", "DE", "ES", "FI", "FR", "GR", "IE", "IT", "LU", "NL", "PT"),
    ),
    RegionData("us", "United States", "USD", ("US",)),
    RegionData("ch", "Switzerland", "CHF", ("CH", "LI")),
)

BOUTIQUES = (
    SiteData(
        code="london",
        name="London",
        street="27 Mount Street, Mayfair",
        postcode="W1K 2RX",
        city="London",
        country="GB",
        timezone="Europe/London",
        phone="+44 20 7946 0321",
        email=f"london@{EMAIL_DOMAIN}",
        region="uk",
    ),
    SiteData(
        code="paris",
        name="Paris",
        street="14 rue de Grenelle",
        postcode="75007",
        city="Paris",
        country="FR",
        timezone="Europe/Paris",
        phone="+33 1 99 00 27 14",
        email=f"paris@{EMAIL_DOMAIN}",
        region="eu",
    ),
    SiteData(
        code="milan",
        name="Milan",
        street="Via della Spiga 22",
        postcode="20121",
        city="Milano",
        country="IT",
        timezone="Europe/Rome",
        phone="+39 02 8909 4412",
        email=f"milano@{EMAIL_DOMAIN}",
        region="eu",
    ),
    SiteData(
        code="new-york",
        name="New York",
        street="41 Greene Street, SoHo",
        postcode="NY 10013",
        city="New York",
        country="US",
        timezone="America/New_York",
        phone="+1 212 555 0147",
        email=f"newyork@{EMAIL_DOMAIN}",
        region="us",
    ),
)

WAREHOUSES = (
    SiteData(
        code="central",
        name="Central warehouse",
        street="Via dell'Industria 18",
        postcode="20867",
        city="Caponago (MB)",
        country="IT",
        timezone="Europe/Rome",
        phone="+39 02 9596 3080",
        email=f"warehouse@{EMAIL_DOMAIN}",
    ),
)

MANUFACTURERS = (
    ManufacturerData(
        code="meroni",
        name="Tappezzeria Meroni & Figli",
        street="Via Nazionale dei Giovi 112",
        postcode="20821",
        city="Meda (MB)",
        country="IT",
        email="ordini@meroni.example",
        phone="+39 0362 340 118",
        lead_time_days=56,
        capabilities="upholstery, sofas, armchairs, customer's own fabric and leather",
        contact=("Paolo", "Meroni"),
    ),
    ManufacturerData(
        code="zanin",
        name="Zanin Falegnami",
        street="Via Orsaria 31",
        postcode="33044",
        city="Manzano (UD)",
        country="IT",
        email="officina@zanin.example",
        phone="+39 0432 754 206",
        lead_time_days=49,
        capabilities="solid-wood joinery, chairs, dining tables, oak and walnut",
        contact=("Stefano", "Zanin"),
    ),
    ManufacturerData(
        code="marmi-apuani",
        name="Laboratorio Marmi Apuani",
        street="Via Carriona 204",
        postcode="54033",
        city="Carrara (MS)",
        country="IT",
        email="studio@marmiapuani.example",
        phone="+39 0585 774 390",
        lead_time_days=70,
        capabilities="marble and stone tops, carving, honed and polished finishes",
        contact=("Chiara", "Lazzerini"),
    ),
    ManufacturerData(
        code="lys-form",
        name="Lys & Form Studio ApS",
        street="Refshalevej 163A",
        postcode="1432",
        city="København K",
        country="DK",
        email="studio@lysform.example",
        phone="+45 32 96 14 70",
        lead_time_days=35,
        capabilities="lighting, spun brass, mouth-blown glass, CE/UKCA/UL wiring",
        contact=("Mette", "Sørensen"),
    ),
    ManufacturerData(
        code="arraiolos",
        name="Tapeçarias de Arraiolos, Lda.",
        street="Rua Cunha Rivara 8",
        postcode="7040-027",
        city="Arraiolos",
        country="PT",
        email="encomendas@arraiolos.example",
        phone="+351 266 490 215",
        lead_time_days=84,
        capabilities="hand-knotted and hand-tufted rugs, wool, linen, any size",
        contact=("Ana", "Figueiredo"),
    ),
    ManufacturerData(
        code="hartwell-lane",
        name="Hartwell & Lane Cabinetmakers",
        street="Unit 4, Old Station Yard",
        postcode="GL55 6AR",
        city="Chipping Campden",
        country="GB",
        email="workshop@hartwell-lane.example",
        phone="+44 1386 840 512",
        lead_time_days=63,
        capabilities="cabinetmaking, veneering, marquetry, bespoke storage",
        contact=("William", "Hartwell"),
    ),
)

# One person per boutique for each boutique role, keyed by boutique code.
BOUTIQUE_STAFF: dict[Role, dict[str, tuple[str, str]]] = {
    Role.STORE_MANAGER: {
        "london": ("Eleanor", "Whitfield"),
        "paris": ("Camille", "Lefèvre"),
        "milan": ("Giulia", "Ferraro"),
        "new-york": ("Hannah", "Brooks"),
    },
    Role.SALES_REPRESENTATIVE: {
        "london": ("Oliver", "Grant"),
        "paris": ("Julien", "Marchand"),
        "milan": ("Marco", "Bellini"),
        "new-york": ("Daniel", "Reyes"),
    },
}

# One sales director per region that has boutiques, keyed by region code.
REGION_STAFF: dict[Role, dict[str, tuple[str, str]]] = {
    Role.SALES_DIRECTOR: {
        "uk": ("Sophie", "Harrington"),
        "eu": ("Alessandro", "Conti"),
        "us": ("Michael", "Chen"),
    },
}

# Roles with no boutique, region or workshop: one person each.
COMPANY_STAFF: dict[Role, tuple[str, str]] = {
    Role.PRODUCTION_MANAGER: ("Luca", "Moretti"),
    Role.ECOMMERCE_MANAGER: ("Amelia", "Clarke"),
    Role.QUALITY_CONTROLLER: ("Francesca", "Riva"),
    Role.CUSTOMER_SERVICE_MANAGER: ("Isabelle", "Dubois"),
    Role.DESIGNER: ("Noah", "Lindqvist"),
    Role.ACCOUNTING_MANAGER: ("Margaret", "Osei"),
    Role.ADMIN: ("Thomas", "Reid"),
    Role.SUPER_ADMIN: ("Victoria", "Hale"),
}

CUSTOMERS: tuple[tuple[str, str], ...] = (
    ("Charlotte", "Ashworth"),
    ("Léa", "Moreau"),
    ("James", "Whitaker"),
)


@dataclass(frozen=True)
class People:
    staff: tuple[PersonData, ...]
    manufacturers: tuple[PersonData, ...]
    customers: tuple[PersonData, ...]


def people() -> People:
    """Every demo login, derived from the tables above."""
    staff = [
        PersonData(role, first, last, scope)
        for table in (BOUTIQUE_STAFF, REGION_STAFF)
        for role, by_scope in table.items()
        for scope, (first, last) in by_scope.items()
    ]
    staff += [PersonData(role, first, last) for role, (first, last) in COMPANY_STAFF.items()]
    contacts = [PersonData(Role.MANUFACTURER, *m.contact, scope=m.code) for m in MANUFACTURERS]
    customers = [PersonData(Role.CUSTOMER, first, last) for first, last in CUSTOMERS]
    return People(tuple(staff), tuple(contacts), tuple(customers))
