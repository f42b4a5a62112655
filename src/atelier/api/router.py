"""The v1 API: each context's api.py router is mounted here, with one error shape.

Endpoints that join several contexts (the catalog with its prices and stock) live in
api/ itself (`api/catalog.py`), the only layer allowed to call all their facades.
"""

from django.http import Http404
from ninja import NinjaAPI, Router

from atelier.api import errors
from atelier.api.catalog import router as catalog_router
from atelier.api.tracking import router as tracking_router
from atelier.inventory.api import router as inventory_router
from atelier.payments.api import router as payments_router
from atelier.portal.api import router as portal_router
from atelier.sales.api import router as sales_router
from atelier.sales.mto_api import router as made_to_order_router

api = NinjaAPI(
    title="Atelier API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

api.add_router("/", catalog_router)
api.add_router("/stock/", inventory_router)
api.add_router("/payments/", payments_router)
api.add_router("/portal/", portal_router)
api.add_router("/", sales_router)
api.add_router("/", made_to_order_router)
api.add_router("/", tracking_router)

# Last: any other path under /api/v1/ answers the JSON 404, not the site's HTML page.
unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_path(request, rest: str):
    raise Http404(rest)


api.add_router("/", unknown)
