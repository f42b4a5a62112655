"""One error shape for every API answer that is not a success.

    {"error": {"code": "not_found", "message": "No such product.", "details": {}}}

`DomainError`s keep their own code and status (404 not found, 409 conflict, 422
validation...), request validation by pydantic is a 422 `validation_failed` with the
offending fields in `details.errors`, Django's Http404 and ninja's HttpError keep their
status. Anything else is a real bug and is left to Django (500, logged).
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid

from atelier.core.errors import DomainError

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_failed",
    429: "throttled",
}


LOCATIONS = {"query", "path", "body", "header", "cookie", "form", "file"}
SCHEMA_PARAMS = {"query", "payload"}


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": _jsonable(details or {})}}


def install(api: NinjaAPI) -> None:
    """Register the handlers on the NinjaAPI (replaces ninja's `{"detail": ...}` bodies)."""

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        body = error_body(exc.code, exc.message, exc.details)
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(RequestInvalid)
    def request_invalid(request, exc: RequestInvalid):
        errors = [_field_error(e) for e in exc.errors]
        message = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid request."
        body = error_body("validation_failed", message, {"errors": errors})
        return api.create_response(request, body, status=422)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return api.create_response(request, error_body("not_found", "Not found."), status=404)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = HTTP_CODES.get(exc.status_code, "error")
        return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)


def _field_error(error: dict) -> dict:
    """pydantic's error without the input or internals: field path, message, type.

    Locations look like ("query", "page") or, for nested and whole-schema errors,
    ("query", "query", "values", 0): the handler's schema parameter (named `query` by
    convention) is dropped so that the field reads "values.0".
    """
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc and loc[0] in LOCATIONS else ""
    path = loc[1:] if location else loc
    if path and path[0] in SCHEMA_PARAMS:
        path = path[1:]
    message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
    return {
        "field": ".".join(path) or location or "request",
        "location": location,
        "message": message,
        "type": str(error.get("type", "invalid")),
    }


def _jsonable(value):
    """Details come from services and may hold dataclasses, Decimals or dates."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
