from django import template
from django.urls import NoReverseMatch, reverse

from atelier.backoffice.navigation import NAV
from atelier.core.roles import Role
from atelier.org.selectors import actor_scope as _actor_scope

register = template.Library()


@register.inclusion_tag("backoffice/includes/nav.html", takes_context=True)
def backoffice_nav(context):
    """The sidebar entries the signed-in actor may use, with the current one marked."""
    request = context["request"]
    actor = getattr(request, "actor", None)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items = []
    for item in NAV:
        if item.perm and not (actor and actor.has_perm(item.perm)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        is_current = current == item.url_name or bool(
            item.section and current.startswith(item.section)
        )
        items.append({"label": item.label, "url": url, "current": is_current})
    return {"items": items}


@register.filter
def role_labels(roles) -> str:
    """'sales_director' -> 'Sales director'; several roles joined in the Role order."""
    order = list(Role.values)
    known = sorted((r for r in roles if r in order), key=order.index)
    return ", ".join(Role(r).label for r in known)


@register.simple_tag
def actor_scope(actor):
    """The boutiques, regions and workshop the actor is tied to, by name."""
    return _actor_scope(actor)
