"""docs/roles.md shows the code's roles and capabilities; this keeps the two identical."""

import re
from pathlib import Path

from django.conf import settings

from atelier.accounts.roles import ROLE_CAPABILITIES, ROLE_SCOPE, Cap
from atelier.core.roles import Role

DOC = Path(settings.BASE_DIR) / "docs" / "roles.md"


def table_rows(first_header: str) -> list[list[str]]:
    """The body rows of the markdown table whose first header cell is `first_header`."""
    lines = DOC.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def codes(cell: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", cell))


def test_roles_table_lists_every_role_with_its_scope_and_exact_capabilities():
    rows = {
        codes(group).pop(): (label, scope, codes(caps))
        for label, group, scope, caps in table_rows("Role")
    }
    assert set(rows) == set(Role.values)
    for role in Role:
        label, scope, capabilities = rows[role.value]
        assert label == role.label, role
        assert scope == ROLE_SCOPE[role].label, role
        assert capabilities == {c.value for c in ROLE_CAPABILITIES[role]}, role


def test_capabilities_table_lists_every_capability_with_its_meaning_and_roles():
    rows = {codes(cap).pop(): (meaning, roles) for cap, meaning, roles in table_rows("Capability")}
    assert set(rows) == set(Cap.values)
    for cap in Cap:
        meaning, roles = rows[cap.value]
        assert meaning == cap.label, cap
        holders = [r.label.lower() for r in Role if cap in ROLE_CAPABILITIES[r]]
        assert roles == ", ".join(holders), cap


def test_scopes_table_explains_every_scope_used():
    described = {row[0] for row in table_rows("Scope")}
    assert described == {scope.label for scope in ROLE_SCOPE.values()}
