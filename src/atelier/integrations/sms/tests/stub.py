"""A local stand-in for api.twilio.com: a threaded http.server on 127.0.0.1.

It answers from Twilio's documented examples (fixtures/twilio_examples.json, taken from
Twilio's OpenAPI description of the Messages resource): POST Messages.json creates a
message (kept, so GET Messages.json?To=... lists it, newest first), with Twilio's error
bodies for failures. Tests script answers with `stub.queue(method, *responses)`: each is
`(status, body)` or `("sleep", seconds, (status, body))` (the message is still created
before the sleep when the scripted answer is 201, like a Twilio that answered too late).
`stub.down = True` answers 503 to everything (an outage).
"""

from __future__ import annotations

import base64
import copy
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "twilio_examples.json").read_text())
ACCOUNT_SID = "AC" + "a" * 32
AUTH_TOKEN = "twilio_test_token_0000"


def example(kind: str) -> dict:
    return copy.deepcopy(EXAMPLES[kind])


def error(kind: str) -> tuple[int, dict]:
    body = copy.deepcopy(EXAMPLES["errors"][kind])
    return body["status"], body


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)


class TwilioStub:
    def __init__(self):
        self.requests: list[Recorded] = []
        self.messages: list[dict] = []  # created, oldest first
        self.down = False
        self._scripted: dict[str, list] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> TwilioStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"

    def queue(self, method: str, *responses) -> None:
        self._scripted.setdefault(method, []).extend(responses)

    def calls(self, method: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method]

    def sent_to(self, to: str) -> list[dict]:
        return [m for m in self.messages if m["to"] == to]

    # --- answering ----------------------------------------------------------------------
    def answer(self, request: Recorded):
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.get(request.method)
            step = scripted.pop(0) if scripted else None
        if self.down:
            return error("unavailable")
        if not self._authorised(request):
            return error("authentication")
        if request.path != self.messages_path:
            return error("not_found")
        if step is not None:
            if step[0] == "sleep" and request.method == "POST" and step[2][0] == 201:
                return ("sleep", step[1], (201, self._create(request.form)))
            return step
        if request.method == "POST":
            if not request.form.get("To", "").startswith("+"):
                return error("invalid_number")
            return 201, self._create(request.form)
        return 200, self._list(request.query)

    def _authorised(self, request: Recorded) -> bool:
        expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    def _create(self, form: dict) -> dict:
        message = example("message")
        sid = "SM" + secrets.token_hex(16)
        now = format_datetime(datetime.now(UTC))
        message.update(
            sid=sid,
            to=form["To"],
            body=form["Body"],
            status="queued",
            date_created=now,
            date_updated=now,
            date_sent=None,
            messaging_service_sid=form.get("MessagingServiceSid"),
            uri=self.messages_path.replace(".json", f"/{sid}.json"),
        )
        message["from"] = form.get("From")
        with self._lock:
            self.messages.append(message)
        return message

    def _list(self, query: dict) -> dict:
        page = example("list")
        found = [m for m in reversed(self.messages) if m["to"] == query.get("To", m["to"])]
        size = int(query.get("PageSize", 50))
        page.update(messages=found[:size], page_size=size, page=0, next_page_uri=None)
        return page


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        parts = urlsplit(self.path)
        request = Recorded(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query)),
            headers={k.lower(): v for k, v in self.headers.items()},
            form=dict(parse_qsl(body, keep_blank_values=True)),
        )
        step = self.server.stub.answer(request)
        if step[0] == "sleep":
            time.sleep(step[1])
            step = step[2]
        status, payload = step
        raw = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass
