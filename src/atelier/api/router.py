"""The v1 API: each context's api.py router is mounted here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Atelier API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
