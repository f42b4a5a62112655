from django import template
from django.urls import reverse

from atelier.org.selectors import boutiques_for_storefront

register = template.Library()


@register.inclusion_tag("storefront/includes/footer_boutiques.html", takes_context=True)
def footer_boutiques(context):
    """The boutiques for the footer: the page's own list when it has one (no 2nd query)."""
    boutiques = context.get("boutiques")
    if boutiques is None:
        boutiques = list(boutiques_for_storefront())
    return {"boutiques": boutiques, "home_url": reverse("storefront:home")}
