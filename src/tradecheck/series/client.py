"""An httpx client for the Census International Trade API.

Only `tradecheck fetch` (and `verify --fetch`) import this module, so httpx is loaded only when
fetching. The key is added to the URL by a transport wrapper at the moment of sending: the
request httpx logs, keeps on the response and puts in its errors has no key, and every message
built here is passed through `redact` as well.

Answers: 200 with a JSON table is data; 204 means "no data for that request" (an answer, not a
failure); a 3xx to missing_key/invalid_key, or an HTML page, means the key is missing or
rejected, which stops the whole fetch; 400 is a request the API refuses; 429, 5xx, timeouts,
dropped connections and unreadable bodies are retried a bounded number of times with
exponential backoff, honouring Retry-After.
"""

from __future__ import annotations

import email.utils
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from tradecheck import __version__
from tradecheck.errors import TradecheckError
from tradecheck.series.api import (
    DEFAULT_BASE_URL,
    ApiRequest,
    BadAnswer,
    parse_answer,
)
from tradecheck.textsafe import printable

log = logging.getLogger("tradecheck.census")

ATTEMPTS = 4  # one try and three retries
BACKOFF = 1.0  # seconds before the first retry; doubled each time
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is not waited for
DEFAULT_TIMEOUT = 60.0  # the API can take tens of seconds on large queries


class FetchError(TradecheckError):
    """One request could not be answered; the message is one line without the key."""


class KeyProblem(FetchError):
    """The key is missing or rejected: no other request can succeed either."""


class Unreachable(FetchError):
    """No connection to the API host could be made (no network, no DNS, refused) on any
    attempt: every other request would wait through the same retries and fail the same way."""


class _Retry(TradecheckError):
    """A transient failure of one attempt (caught by the retry loop; never leaves it)."""

    def __init__(self, reason: str, wait: float | None = None, connect: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait
        self.connect = connect  # no connection was made at all


@dataclass(frozen=True)
class Answer:
    status: int  # 200 or 204
    body: bytes
    values: dict[str, int]  # month -> whole dollars; empty for 204


# An answer for one series is a few kilobytes; anything near this is not one.
MAX_BODY = 16 * 1024 * 1024
# A request that has not answered in an hour will not.
MAX_TIMEOUT = 3600


def is_http_url(text: str) -> bool:
    """Whether `text` can be the client's base URL: http or https, with a host."""
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        return False
    return url.scheme in ("http", "https") and bool(url.host)


def pause(seconds: float) -> None:
    """Wait before a retry (a module function, so tests can watch the waits)."""
    time.sleep(seconds)


class _KeyTransport(httpx.BaseTransport):
    """Adds `key=` to the URL of the request actually sent, and to nothing else."""

    def __init__(self, inner: httpx.BaseTransport, key: str) -> None:
        self._inner = inner
        self._key = key

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        keyed = httpx.Request(
            request.method,
            request.url.copy_add_param("key", self._key),
            headers=request.headers,
            extensions=request.extensions,
        )
        return self._inner.handle_request(keyed)

    def close(self) -> None:
        self._inner.close()


class CensusClient:
    """Requests to the API at `url`, each bounded by `timeout` seconds as a whole. (The CLI
    reads TRADECHECK_CENSUS_URL and TRADECHECK_CENSUS_TIMEOUT, in cli/settings.py.)"""

    def __init__(
        self,
        key: str,
        url: str = DEFAULT_BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._key = key
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._sleep = sleep or pause
        inner = transport or httpx.HTTPTransport()
        self._http = httpx.Client(
            transport=_KeyTransport(inner, key),
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            headers={"User-Agent": f"tradecheck/{__version__}"},
        )

    def __enter__(self) -> CensusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def get(self, request: ApiRequest) -> Answer:
        """The API's answer to one request, retried on transient failures, or FetchError."""
        reason = ""
        never_connected = True
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._once(request)
            except _Retry as retry:
                reason = retry.reason
                never_connected = never_connected and retry.connect
                if attempt == ATTEMPTS:
                    break
                wait = BACKOFF * 2 ** (attempt - 1)
                if retry.wait is not None:
                    if retry.wait > MAX_RETRY_AFTER:
                        raise FetchError(
                            f"{reason}; the API asks to retry after {retry.wait:.0f} s"
                        ) from None
                    wait = max(wait, retry.wait)
                log.info("%s: %s; retry %d in %.1f s", request.endpoint, reason, attempt, wait)
                self._sleep(wait)
        error = Unreachable if never_connected else FetchError
        raise error(f"{reason} (gave up after {ATTEMPTS} attempts)")

    def _within_timeout(self, url: str, request: ApiRequest) -> tuple[httpx.Response, bytes]:
        """The request, from connecting to its last byte, bounded by the timeout as a whole.

        httpx bounds each read, so a server dripping its headers a byte at a time could hold
        a request for minutes; the request runs in a daemon thread that is left behind when
        the timeout passes (its connection is never reused)."""
        done: queue.Queue[tuple[httpx.Response, bytes] | BaseException] = queue.Queue(1)

        def work() -> None:
            try:
                with self._http.stream("GET", url, params=list(request.params)) as response:
                    done.put((response, self._read_capped(response)))
            except BaseException as exc:  # handed to the caller's thread, re-raised there
                done.put(exc)

        threading.Thread(target=work, name="tradecheck-request", daemon=True).start()
        try:
            outcome = done.get(timeout=self.timeout)
        except queue.Empty:
            raise httpx.ReadTimeout("the whole request took longer than the timeout") from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _read_capped(self, response: httpx.Response) -> bytes:
        """The body, decompressed, or FetchError past MAX_BODY bytes (compressed or not) or
        past the timeout as a whole (a server that drips its answer byte by byte)."""
        deadline = time.monotonic() + self.timeout
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            raise FetchError(f"the answer is {int(declared):,} bytes, more than {MAX_BODY:,}")
        parts: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BODY:
                raise FetchError(f"the answer is more than {MAX_BODY:,} bytes (decompressed)")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the whole answer took longer than the timeout")
            parts.append(chunk)
        return b"".join(parts)

    def _once(self, request: ApiRequest) -> Answer:
        url = f"{self.url}/{request.endpoint}"
        log.debug("GET %s?%s", url, request.query)
        try:
            response, body = self._within_timeout(url, request)
        except httpx.TimeoutException:
            raise _Retry(f"the Census API did not answer within {self.timeout:g} s") from None
        except (httpx.RemoteProtocolError, httpx.ReadError):
            raise _Retry("the connection broke off before the whole answer arrived") from None
        except httpx.TransportError as exc:
            raise _Retry(
                f"cannot reach {self.url} ({self.redact(str(exc))})",
                connect=isinstance(exc, httpx.ConnectError),
            ) from None
        status = response.status_code
        key_error = response.headers.get("X-DataWebAPI-KeyError")
        if 300 <= status < 400 or key_error:
            location = response.headers.get("Location", "")
            which = next((n for n in ("missing_key", "invalid_key") if n in location), None)
            if which or key_error:
                raise KeyProblem(
                    "missing or invalid Census API key (the API redirected to "
                    f"{which or 'its key error page'})"
                )
            raise FetchError(f"unexpected redirect (HTTP {status}) from the Census API")
        if status == 204:
            return Answer(204, body, {})
        text = body.decode("utf-8", errors="replace").strip()
        first_line = printable(self.redact(text.splitlines()[0] if text else "")[:200])
        if status == 429:
            raise _Retry("the Census API is rate limiting (HTTP 429)", _retry_after(response))
        if status >= 500:
            detail = f": {first_line}" if first_line else ""
            raise _Retry(f"the Census API failed (HTTP {status}{detail})", _retry_after(response))
        if status != 200:
            detail = first_line or "no explanation given"
            raise FetchError(f"the Census API refused the request (HTTP {status}: {detail})")
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type:
            raise KeyProblem(
                "missing or invalid Census API key (the API answered with an HTML page, not data)"
            )
        if text.startswith("<"):
            raise FetchError(
                f"unusable answer: markup ({printable(text[:40])}...) under Content-Type "
                f"{printable(content_type) or 'none'}, not JSON data"
            )
        try:
            document = json.loads(body)
        except RecursionError:
            raise FetchError("unusable answer: JSON nested too deep to be a table") from None
        except ValueError:
            raise _Retry("the Census API sent a body that is not JSON (truncated?)") from None
        try:
            values = parse_answer(request, document)
        except BadAnswer as exc:
            raise FetchError(f"unusable answer: {exc}") from None
        return Answer(200, body, values)


def _retry_after(response: httpx.Response) -> float | None:
    text = response.headers.get("Retry-After")
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
