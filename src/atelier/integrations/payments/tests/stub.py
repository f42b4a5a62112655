"""A local stand-in for api.stripe.com: a threaded http.server on 127.0.0.1.

It answers from Stripe's documented example objects (fixtures/stripe_examples.json),
filled in from each request's form fields, remembers answers by `Idempotency-Key` like
Stripe does, and records every request (method, path, headers, form) for assertions.
Tests script failures with `stub.queue(method, path, *responses)`: each response is
`(status, body)`, `(status, body, headers)` or `("sleep", seconds, (status, body))`.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "stripe_examples.json").read_text())


def example(kind: str) -> dict:
    return copy.deepcopy(EXAMPLES[kind])


def error(kind: str) -> dict:
    return copy.deepcopy(EXAMPLES["errors"][kind])


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: list[tuple[str, str]] = field(default_factory=list)

    @property
    def data(self) -> dict[str, str]:
        return dict(self.form)


class StripeStub:
    def __init__(self):
        self.requests: list[Recorded] = []
        self.objects: dict[str, dict] = {}
        self._scripted: dict[tuple[str, str], list] = {}
        self._by_key: dict[str, tuple[int, dict]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- lifecycle ----------------------------------------------------------------------
    def start(self) -> StripeStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- scripting ----------------------------------------------------------------------
    def queue(self, method: str, path: str, *responses) -> None:
        self._scripted.setdefault((method, path), []).extend(responses)

    def put(self, obj: dict) -> dict:
        """Store an object so that GET /v1/<kind>/<id> returns it."""
        self.objects[obj["id"]] = obj
        return obj

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # --- answering ----------------------------------------------------------------------
    def answer(self, request: Recorded):
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.get((request.method, request.path))
            step = scripted.pop(0) if scripted else None
            key = request.headers.get("idempotency-key")
        if step is not None:
            return step
        if request.method == "POST" and key and key in self._by_key:
            return self._by_key[key]
        status, body = self._default(request)
        if request.method == "POST" and key and status < 500:
            self._by_key[key] = (status, body)
        return status, body

    def _default(self, request: Recorded) -> tuple[int, dict]:
        parts = request.path.strip("/").split("/")
        if request.method == "GET" and len(parts) >= 3 and parts[-1] in self.objects:
            return 200, self.objects[parts[-1]]
        builder = {
            "/v1/payment_intents": self._intent,
            "/v1/refunds": self._refund,
            "/v1/checkout/sessions": self._session,
        }.get(request.path)
        if request.method == "POST" and builder:
            return 200, self.put(builder(request.data))
        if request.method == "POST" and parts[-1] == "cancel" and parts[-2] in self.objects:
            obj = self.objects[parts[-2]]
            obj["status"] = "canceled"
            return 200, obj
        if request.method == "POST" and parts[-1] == "expire" and parts[-2] in self.objects:
            obj = self.objects[parts[-2]]
            obj["status"] = "expired"
            return 200, obj
        return 404, error("resource_missing")

    def _intent(self, data: dict) -> dict:
        obj = example("payment_intent")
        obj["id"] = f"pi_{secrets.token_hex(8)}"
        obj["client_secret"] = f"{obj['id']}_secret_{secrets.token_hex(8)}"
        obj["amount"] = int(data["amount"])
        obj["currency"] = data["currency"]
        obj["description"] = data.get("description")
        obj["receipt_email"] = data.get("receipt_email")
        obj["metadata"] = _nested(data, "metadata")
        obj["status"] = "requires_payment_method"
        return obj

    def _refund(self, data: dict) -> dict:
        obj = example("refund")
        obj["id"] = f"re_{secrets.token_hex(8)}"
        obj["amount"] = int(data["amount"])
        obj["payment_intent"] = data["payment_intent"]
        obj["metadata"] = _nested(data, "metadata")
        intent = self.objects.get(data["payment_intent"])
        if intent:
            obj["currency"] = intent["currency"]
        return obj

    def _session(self, data: dict) -> dict:
        obj = example("checkout.session")
        obj["id"] = f"cs_test_{secrets.token_hex(8)}"
        obj["url"] = f"https://checkout.stripe.com/c/pay/{obj['id']}"
        obj["amount_total"] = int(data["line_items[0][price_data][unit_amount]"])
        obj["amount_subtotal"] = obj["amount_total"]
        obj["currency"] = data["line_items[0][price_data][currency]"]
        obj["customer_email"] = data.get("customer_email")
        obj["client_reference_id"] = data.get("client_reference_id")
        obj["success_url"] = data["success_url"]
        obj["cancel_url"] = data["cancel_url"]
        obj["metadata"] = _nested(data, "metadata")
        obj["payment_intent"] = None
        return obj


def _nested(data: dict, prefix: str) -> dict:
    start = f"{prefix}["
    return {k[len(start) : -1]: v for k, v in data.items() if k.startswith(start) and "][" not in k}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        request = Recorded(
            method=self.command,
            path=self.path.split("?")[0],
            headers={k.lower(): v for k, v in self.headers.items()},
            form=parse_qsl(body, keep_blank_values=True),
        )
        step = self.server.stub.answer(request)
        if step[0] == "sleep":
            time.sleep(step[1])
            step = step[2]
        status, payload, headers = (*step, {})[:3]
        raw = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass
