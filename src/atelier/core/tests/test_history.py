"""Master-data history: who changed what, when (django-simple-history + audit.revisions).

The kernel may not import `org` (import-linter layers), so its models are looked up by
label: this test checks the project's wiring (middleware, org admin) from the kernel.
"""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from atelier.core.audit import FieldChange, revisions

Boutique = apps.get_model("org", "Boutique")
Region = apps.get_model("org", "Region")


@pytest.fixture
def boutique():
    europe = Region.objects.create(code="eu", name="Europe", currency="EUR")
    return Boutique.objects.create(
        code="paris", name="Paris Rive Gauche", region=europe, city="Paris", country="FR"
    )


def _form_data(form) -> dict:
    """What the browser would post back for an untouched admin form."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value if isinstance(value, list) else str(value)
    return data


@pytest.mark.django_db
def test_an_edit_through_a_request_records_the_user(admin_client, admin_user, boutique):
    url = reverse("admin:org_boutique_change", args=[boutique.pk])
    data = _form_data(admin_client.get(url).context["adminform"].form)
    before = timezone.now()

    response = admin_client.post(url, {**data, "name": "Paris Saint-Germain", "city": "Paris 6e"})

    assert response.status_code == 302
    boutique.refresh_from_db()
    assert boutique.name == "Paris Saint-Germain"
    latest = boutique.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", admin_user)
    assert before <= latest.history_date <= timezone.now()
    [change, created] = revisions(boutique)
    assert (change.kind, change.user_id, change.user_label) == (
        "changed",
        admin_user.pk,
        str(admin_user),
    )
    assert change.changes == (
        FieldChange("city", "Paris", "Paris 6e"),
        FieldChange("name", "Paris Rive Gauche", "Paris Saint-Germain"),
    )
    assert (created.kind, created.user_id, created.changes) == ("created", None, ())


@pytest.mark.django_db
def test_a_refused_edit_records_nothing(admin_client, boutique):
    url = reverse("admin:org_boutique_change", args=[boutique.pk])
    data = _form_data(admin_client.get(url).context["adminform"].form)
    response = admin_client.post(url, {**data, "name": ""})
    assert response.status_code == 200  # form shown again with its error
    assert response.context["adminform"].form.errors["name"] == ["This field is required."]
    assert boutique.history.count() == 1


@pytest.mark.django_db
def test_the_admin_history_page_names_the_user(admin_client, admin_user, boutique):
    url = reverse("admin:org_boutique_change", args=[boutique.pk])
    data = _form_data(admin_client.get(url).context["adminform"].form)
    admin_client.post(url, {**data, "phone": "+33 1 23 45 67 89"})
    page = admin_client.get(reverse("admin:org_boutique_history", args=[boutique.pk]))
    assert page.status_code == 200
    assert admin_user.email in page.content.decode()


@pytest.mark.django_db
def test_changes_outside_a_request_are_by_the_system(boutique):
    boutique.is_active = False
    boutique.save()
    [change, _created] = revisions(boutique)
    assert (change.kind, change.user_id, change.user_label) == ("changed", None, "system")
    assert change.changes == (FieldChange("is_active", True, False),)


@pytest.mark.django_db
def test_revisions_are_newest_first_and_limited(boutique):
    for city in ["Lyon", "Nice", "Lille"]:
        boutique.city = city
        boutique.save()
    boutique_id = boutique.pk
    boutique.delete()
    gone = Boutique(pk=boutique_id)
    assert [r.kind for r in revisions(gone)] == [
        "deleted",
        "changed",
        "changed",
        "changed",
        "created",
    ]
    latest_two = revisions(gone, limit=2)
    assert [r.kind for r in latest_two] == ["deleted", "changed"]
    assert latest_two[1].changes == (FieldChange("city", "Nice", "Lille"),)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["region", "boutique", "warehouse", "manufacturer"])
def test_org_admin_lists_open_with_search_and_history(admin_client, boutique, model):
    response = admin_client.get(reverse(f"admin:org_{model}_changelist"), {"q": "paris"})
    assert response.status_code == 200
    assert response.context["cl"].search_fields
    assert response.context["cl"].has_filters
