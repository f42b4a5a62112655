"""Which region (price list, currency, tax display) a visitor shops in.

In order: the visitor's own choice (session, then cookie), their country (the header
named by `REGION_COUNTRY_HEADER`, e.g. Cloudflare's CF-IPCountry, else the region part
of Accept-Language: "fr-CH" -> CH), else `DEFAULT_REGION`. A choice is remembered in
the session and in a cookie; a guess is not stored, so it follows the visitor.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

from atelier.pricing import facade as pricing
from atelier.pricing.dto import RegionInfo
from atelier.storefront.caching import cached

SESSION_KEY = "storefront_region"
COOKIE_NAME = "atelier_region"
COOKIE_MAX_AGE = 365 * 24 * 3600
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def available_regions(request) -> list[RegionInfo]:
    """Regions the shop sells in (cached with the catalog; one query on a miss)."""
    if not hasattr(request, "_storefront_regions"):
        request._storefront_regions = cached(request, "regions", (), pricing.regions, shared=True)
    return request._storefront_regions


def find_region(request, code: str | None) -> RegionInfo | None:
    code = (code or "").strip().lower()
    return next((r for r in available_regions(request) if r.code.lower() == code), None)


def current_region(request) -> RegionInfo | None:
    """The visitor's region; None only when no region has a price list yet."""
    if not hasattr(request, "_storefront_region"):
        request._storefront_region = _resolve(request)
    return request._storefront_region


def _resolve(request) -> RegionInfo | None:
    regions = available_regions(request)
    if not regions:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.session_key:  # no query for visitors without one
        chosen = find_region(request, session.get(SESSION_KEY))
        if chosen:
            return chosen
    chosen = find_region(request, request.COOKIES.get(COOKIE_NAME))
    if chosen:
        return chosen
    for country in visitor_countries(request):
        region = next((r for r in regions if country in r.countries), None)
        if region:
            return region
    return find_region(request, settings.DEFAULT_REGION) or regions[0]


def visitor_countries(request) -> list[str]:
    """ISO country codes the request suggests, best first (header, then languages)."""
    countries = []
    header = settings.REGION_COUNTRY_HEADER
    if header:
        value = request.headers.get(header, "").strip().upper()
        if _COUNTRY.match(value) and value not in {"XX", "T1"}:  # unknown, Tor
            countries.append(value)
    accept = request.headers.get("Accept-Language", "")[:500]
    for language, _ in parse_accept_lang_header(accept.lower()) if accept else ():
        _, _, country = language.partition("-")
        country = country.upper()
        if _COUNTRY.match(country) and country not in countries:
            countries.append(country)
    return countries


def remember(request, response, region: RegionInfo) -> None:
    """Keep the visitor's choice in the session and a cookie (a year, first-party)."""
    request.session[SESSION_KEY] = region.code
    response.set_cookie(
        COOKIE_NAME,
        region.code,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
