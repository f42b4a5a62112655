"""`manage.py demo_accounts [--json]`: the demo logins, as a table or as JSON."""

import json
from itertools import groupby

from django.core.management.base import BaseCommand

from atelier.core.roles import TWO_FACTOR_REQUIRED, Role
from atelier.demo.selectors import (
    DemoAccount,
    PrivateCollectionAccess,
    demo_accounts,
    private_collection_access,
)

SECTIONS = {
    "staff": "Back office",
    "manufacturer": "Manufacturer portal",
    "customer": "Storefront customers",
}
COLUMNS = (
    ("Role", lambda a: a.role_label),
    ("E-mail", lambda a: a.email),
    ("Password", lambda a: a.password),
    ("Boutique / workshop", lambda a: a.boutique_name or a.manufacturer_name),
    ("Region", lambda a: a.region.upper()),
    ("Sign in at", lambda a: a.login_url),
)


class Command(BaseCommand):
    help = "List the demo accounts and where each signs in (--json for machines)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print a JSON list instead")

    def handle(self, *args, **options):
        accounts = demo_accounts()
        if options["json"]:
            self.stdout.write(json.dumps([a.as_json() for a in accounts], indent=2))
        elif accounts:
            self.stdout.write(render_table(accounts, private_collection_access()))
        else:
            self.stdout.write("No demo accounts yet: run `python manage.py load_demo` first.")


def render_table(accounts: list[DemoAccount], private: list[PrivateCollectionAccess] = ()) -> str:
    """One aligned table, in sections by where the accounts sign in; then who sees
    which private collection."""
    headers = [title for title, _ in COLUMNS]
    rows = {id(a): [cell(a) for _, cell in COLUMNS] for a in accounts}
    widths = [max(len(r[i]) for r in [headers, *rows.values()]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [f"Demo accounts ({len(accounts)}), all with the password {accounts[0].password}", ""]
    out += [line(headers), line(["-" * w for w in widths])]
    for kind, group in groupby(accounts, key=lambda a: a.kind):
        out += ["", SECTIONS.get(kind, kind.title())]
        out += [line(rows[id(a)]) for a in group]
    if any(a.role in TWO_FACTOR_REQUIRED for a in accounts):
        labels = " and ".join(sorted(Role(r).label.lower() for r in TWO_FACTOR_REQUIRED))
        out += [
            "",
            f"{labels.capitalize()} accounts set up two-factor (TOTP) at first sign-in.",
        ]
    if private:
        out += ["", "Private collections (only these customers see them, signed in):"]
        out += [f"  {line}" for c in private for line in _private_lines(c)]
    return "\n".join(["", *out, ""])


def _private_lines(c: PrivateCollectionAccess) -> list[str]:
    edition = f", limited to {c.max_quantity} of each piece" if c.max_quantity else ""
    who = [f"{email} (granted directly)" for email in c.users]
    who += [f"{email} (member of {group})" for group, members in c.groups for email in members]
    return [f"{c.name} (/collections/{c.slug}/){edition}: {'; '.join(who) or 'nobody yet'}"]
