"""The real SMS provider: Twilio's REST API (Messages resource) through httpx, no SDK.

* `POST {api_base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`,
  `From` (or `MessagingServiceSid`), `Body`, `StatusCallback`; HTTP Basic auth with the
  account SID and auth token, or an API key SID and secret.
* Twilio's create call has no idempotency key, so the client retries a POST only when
  Twilio certainly did not take it: the connection could not be made, or 429 (rate
  limited). Any other failure after the request went out (a read timeout, a 5xx) is
  *ambiguous*: `TwilioUnavailable(maybe_sent=True)`; the caller looks the message up
  (`find_sent`) before sending it again (see `integrations.sms.delivery`).
* Errors come from Twilio's JSON body (`code`, `message`, `more_info`):
  400/404/422 `TwilioRejected` (a `core.outbox.PermanentFailure`: retrying cannot help;
  21610 means the recipient replied STOP), 401/403 `TwilioAuthError` (our credentials:
  retried by the outbox, so messages go out once they are fixed), 429/5xx/network
  `TwilioUnavailable` (retried).
* Nothing secret is logged.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx

from atelier.core.outbox import PermanentFailure

logger = logging.getLogger(__name__)

API_VERSION = "2010-04-01"
UNSUBSCRIBED = 21610  # "Attempt to send to unsubscribed recipient" (the number said STOP)


class TwilioError(Exception):
    def __init__(self, message: str, *, status: int = 0, code: int | None = None, more_info=""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.more_info = more_info

    def __str__(self) -> str:
        parts = [self.message]
        if self.code:
            parts.append(f"Twilio error {self.code}")
        if self.status:
            parts.append(f"HTTP {self.status}")
        if self.more_info:
            parts.append(self.more_info)
        return " — ".join(parts)


class TwilioRejected(TwilioError, PermanentFailure):
    """Twilio refused this message (invalid number, unsubscribed...): never retried."""

    @property
    def unsubscribed(self) -> bool:
        return self.code == UNSUBSCRIBED


class TwilioAuthError(TwilioError):
    """Twilio refused our credentials (401/403): a configuration fault, retried later."""


class TwilioUnavailable(TwilioError):
    """Twilio could not be reached or failed (429, 5xx, timeout): retry later.

    `maybe_sent` is True when the request may have been accepted (read timeout, 5xx)."""

    def __init__(self, message: str, *, maybe_sent: bool = False, **kwargs):
        super().__init__(message, **kwargs)
        self.maybe_sent = maybe_sent


class TwilioClient:
    name = "twilio"

    def __init__(
        self,
        *,
        api_base: str,
        account_sid: str,
        auth_token: str = "",
        api_key_sid: str = "",
        api_key_secret: str = "",
        from_number: str = "",
        messaging_service_sid: str = "",
        timeout: float = 15.0,
        connect_timeout: float = 5.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ):
        if not account_sid:
            raise ValueError("TWILIO_ACCOUNT_SID is not set.")
        if api_key_sid and api_key_secret:
            auth = (api_key_sid, api_key_secret)
        elif auth_token:
            auth = (account_sid, auth_token)
        else:
            raise ValueError("Set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY_SID and _SECRET.")
        if not (from_number or messaging_service_sid):
            raise ValueError("Set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID.")
        self.account_sid = account_sid
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.max_retries = max_retries
        self.backoff = backoff
        self._http = httpx.Client(
            base_url=api_base.rstrip("/"),
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={"User-Agent": "Atelier/1 (httpx)", "Accept": "application/json"},
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    @property
    def _messages_path(self) -> str:
        return f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # --- Messages ---------------------------------------------------------------------
    def create_message(self, *, to: str, body: str, status_callback: str = "") -> dict:
        """Hand one message to Twilio; return Twilio's Message resource (sid, status...)."""
        form = {"To": to, "Body": body}
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        else:
            form["From"] = self.from_number
        if status_callback:
            form["StatusCallback"] = status_callback
        return self._send("POST", self._messages_path, data=form)

    def find_sent(self, *, to: str, body: str, since: datetime) -> dict | None:
        """The outbound message to `to` with this `body` created at or after `since`.

        Lists the recipient's newest messages (one page of 50, newest first; no DateSent
        filter, which would hide messages still queued) and matches locally."""
        page = self._send("GET", self._messages_path, params={"To": to, "PageSize": "50"})
        for message in page.get("messages") or []:
            if message.get("body") != body or not str(message.get("direction", "")).startswith(
                "outbound"
            ):
                continue
            created = _date(message.get("date_created"))
            if created is None or created >= since:
                return message
        return None

    # --- HTTP -------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, data=None, params=None) -> dict:
        error: TwilioError | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(min(self.backoff * (2 ** (attempt - 1)), 5.0))
            try:
                response = self._http.request(method, path, data=data, params=params)
            except httpx.ConnectError as exc:  # never reached Twilio: safe to repeat
                error = TwilioUnavailable(f"Could not reach Twilio ({type(exc).__name__}).")
            except httpx.ConnectTimeout:
                error = TwilioUnavailable("Could not reach Twilio (connect timeout).")
            except httpx.TimeoutException as exc:
                error = TwilioUnavailable(
                    f"Twilio did not answer in time ({type(exc).__name__}).",
                    maybe_sent=method == "POST",
                )
            except httpx.TransportError as exc:
                error = TwilioUnavailable(
                    f"Lost the connection to Twilio ({type(exc).__name__}).",
                    maybe_sent=method == "POST",
                )
            else:
                if response.is_success:
                    return _json(response)
                error = _error(response, maybe_sent=method == "POST")
            if not _repeatable(method, error):
                break
            logger.warning("Twilio %s %s failed (attempt %s): %s", method, path, attempt + 1, error)
        raise error


def _repeatable(method: str, error: TwilioError) -> bool:
    """Retry in the client only when Twilio certainly did not act on the request."""
    if not isinstance(error, TwilioUnavailable):
        return False
    return method == "GET" or not error.maybe_sent


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise TwilioUnavailable(
            "Twilio sent an unreadable answer.", status=response.status_code, maybe_sent=True
        ) from None
    if not isinstance(body, dict):
        raise TwilioUnavailable("Twilio sent an unexpected answer.", maybe_sent=True)
    return body


def _error(response: httpx.Response, *, maybe_sent: bool) -> TwilioError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code")
    details = {
        "status": status,
        "code": code if isinstance(code, int) else None,
        "more_info": str(body.get("more_info") or ""),
    }
    message = str(body.get("message") or f"Twilio answered {status}.")
    if status in (401, 403):
        return TwilioAuthError(message, **details)
    if status == 429:  # rate limited: the message was not created
        return TwilioUnavailable(message, **details)
    if status >= 500:
        return TwilioUnavailable(message, maybe_sent=maybe_sent and status != 503, **details)
    return TwilioRejected(message, **details)


def _date(value) -> datetime | None:
    """Twilio's RFC 2822 dates ("Thu, 24 Aug 2023 05:01:45 +0000")."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


class TwilioSms:
    """`SmsSender` backed by a `TwilioClient`; status callbacks go to `status_callback`."""

    name = "twilio"

    def __init__(self, client: TwilioClient, *, status_callback: str = ""):
        self.client = client
        self.status_callback = status_callback

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        message = self.client.create_message(to=to, body=body, status_callback=self.status_callback)
        sid = message.get("sid")
        if not sid:
            raise TwilioUnavailable("Twilio accepted the message without a SID.", maybe_sent=True)
        return sid

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        found = self.client.find_sent(to=to, body=body, since=since)
        return found.get("sid") if found else None
