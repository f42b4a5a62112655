"""Customer pages. Views are thin: they call selectors and render."""

from django.shortcuts import render

from atelier.org.selectors import boutiques_for_storefront


def home(request):
    return render(
        request,
        "storefront/home.html",
        {
            "boutiques": list(boutiques_for_storefront()),
            # Filled by the catalog's featured collections once the catalog exists; the
            # page shows a graceful empty state until then.
            "featured_collections": (),
        },
    )
