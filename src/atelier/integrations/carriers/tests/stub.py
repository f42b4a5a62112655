"""A local stand-in for DHL's MyDHL API, on 127.0.0.1 and a random port.

It answers from DHL's documented examples (fixtures/dhl_examples.json, taken verbatim
from the MyDHL API 2.13.0 OpenAPI spec), records every request, and can be scripted
per (method, path) with answers that include DHL's own error bodies and timeouts:

    stub.queue("POST", "/rates", (429, {...}, {"Retry-After": "1"}), "ok")
    stub.queue("POST", "/shipments", "timeout")

`closed_days` are dates on which /rates has no products (as DHL answers for a day with
no pickup); `postcodes` are what /address-validate knows.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "dhl_examples.json").read_text())
TIMEOUT_SLEEP = 1.5  # longer than the client's timeout in the tests


def example(name: str) -> dict:
    return copy.deepcopy(EXAMPLES[name])


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict | None


class DHLStub:
    def __init__(self):
        self.requests: list[Recorded] = []
        self.closed_days: set[date] = set()
        self.postcodes: dict[tuple[str, str], list[str]] = {
            ("DE", "80331"): ["MUNICH", "MUENCHEN"],
            ("IT", "20121"): ["MILANO"],
            ("FR", "75001"): ["PARIS"],
            ("US", "10001"): ["NEW YORK"],
            ("GB", "SW1A 1AA"): ["LONDON"],
        }
        self.next_tracking = 1103733901
        self._scripted: dict[tuple[str, str], list] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> DHLStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/mydhlapi"

    def queue(self, method: str, path: str, *answers) -> None:
        """Answers for the next calls: (status, body[, headers]), "ok" or "timeout"."""
        self._scripted.setdefault((method, path), []).extend(answers)

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # --- answering ------------------------------------------------------------------------
    def answer(self, request: Recorded):
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.get((request.method, request.path))
            planned = scripted.pop(0) if scripted else "ok"
        if planned == "ok":
            return self._default(request)
        return planned

    def _default(self, request: Recorded):
        path = request.path
        if request.method == "POST" and path == "/rates":
            day = date.fromisoformat(request.body["plannedShippingDateAndTime"][:10])
            if day in self.closed_days:
                return (404, {
                    "instance": "/expressapi/rates", "title": "Product not found",
                    "detail": "420504: The requested product(s) not available based on your "
                    "search criteria.", "message": "Not Found", "status": "404",
                })  # fmt: skip
            return 200, example("rates_200")
        if request.method == "GET" and path == "/address-validate":
            return 200, self._addresses(request.query)
        if request.method == "POST" and path == "/shipments":
            body = example("shipments_201")
            with self._lock:
                number = str(self.next_tracking)
                self.next_tracking += 1
            body["shipmentTrackingNumber"] = number
            body["trackingUrl"] = f"https://expressapi.dhl.com/mydhlapi/shipments/{number}/tracking"
            return 201, body
        if (
            request.method == "GET"
            and path.startswith("/shipments/")
            and path.endswith("/tracking")
        ):
            number = path.split("/")[2]
            body = example("tracking_200")
            body["shipments"][0]["shipmentTrackingNumber"] = number
            return 200, body
        return 404, {"title": "Not found", "detail": f"No route {path}", "status": "404"}

    def _addresses(self, query: dict) -> dict:
        country, postcode = query.get("countryCode", ""), query.get("postalCode", "")
        cities = self.postcodes.get((country, postcode), [])
        return {
            "warnings": [] if cities else ["No matching address found."],
            "address": [
                {
                    "countryCode": country,
                    "postalCode": postcode,
                    "cityName": city,
                    "serviceArea": {"code": "XXX", "description": city, "GMTOffset": "+01:00"},
                }
                for city in cities
            ],
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self):
        stub: DHLStub = self.server.stub
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        request = Recorded(
            method=self.command,
            path=parts.path.removeprefix("/mydhlapi"),
            query={k: v[0] for k, v in parse_qs(parts.query).items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            body=json.loads(raw) if raw else None,
        )
        planned = stub.answer(request)
        if planned == "timeout":
            time.sleep(TIMEOUT_SLEEP)
            self.close_connection = True
            return
        status, body, *rest = planned
        headers = rest[0] if rest else {}
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
