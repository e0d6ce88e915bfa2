"""Bounded HTTP requests: every request and every body read ends within known time limits.

``timeout`` (``--timeout`` of ``update`` and ``data refresh``) bounds connecting and each
read, and the answer's headers as a whole get twice that. A whole file must arrive within
:data:`TOTAL_FACTOR` times ``timeout``, at :data:`MIN_RATE` bytes per second or faster over
each ``timeout``-long stretch, so a server that trickles a byte every few seconds ends the
download with a message instead of holding it.
"""

from __future__ import annotations

import io
import math
import threading
import time
from pathlib import Path

from sahel_analysis.exceptions import DataUnavailableError, InvalidArgumentError

DEFAULT_TIMEOUT = 10.0
TOTAL_FACTOR = 60  # a file may take at most 60 x timeout seconds in all (10 minutes at 10 s)
MIN_RATE = 1024  # bytes per second, measured over each timeout-long stretch of the body
CHUNK = 64 * 1024


class DownloadTooSlowError(DataUnavailableError):
    """A download that did not finish within its time bounds (stalled or trickling server)."""


def checked_timeout(timeout: object) -> float:
    """Return `timeout` as seconds; raise InvalidArgumentError unless it is a positive number."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
            or not math.isfinite(timeout) or timeout <= 0:
        raise InvalidArgumentError(
            f"timeout must be a positive number of seconds per request (e.g. 10), not "
            f"{timeout!r}.")
    return float(timeout)


def open_response(url: str, timeout: float, *, method: str = "GET", **kwargs):
    """Return the streamed response to `url`, its headers received within 2 x `timeout`.

    Connecting and each read are bounded by `timeout`; the headers as a whole by twice that
    (a server trickling its headers is abandoned). Raises DownloadTooSlowError then, and
    DataUnavailableError on a connection error.
    """
    import requests
    import urllib3

    timeout = checked_timeout(timeout)
    box: dict[str, object] = {}

    def send() -> None:
        try:
            box["response"] = requests.request(method, url, stream=True,
                                               timeout=(timeout, timeout), **kwargs)
        except BaseException as error:  # handed to the caller's thread
            box["error"] = error

    worker = threading.Thread(target=send, name="sahel-request", daemon=True)
    worker.start()
    worker.join(2 * timeout)
    if worker.is_alive():  # the daemon thread ends with its socket's next timeout
        raise DownloadTooSlowError(
            f"{url} did not send its answer's headers within {2 * timeout:g} s (2 x the "
            "timeout); the request was abandoned. Try again later or raise --timeout.")
    error = box.get("error")
    if isinstance(error, (requests.RequestException, urllib3.exceptions.HTTPError,
                          TimeoutError, ConnectionError)):
        raise DataUnavailableError(
            f"{url} did not answer in time or broke off ({type(error).__name__}: {error})."
        ) from error
    if error is not None:
        raise error
    return box["response"]


def get_bytes(url: str, timeout: float = DEFAULT_TIMEOUT, **kwargs) -> tuple[int, bytes]:
    """Return (status, body) of a GET of `url`, within the bounds of `timeout` (see module)."""
    import requests
    import urllib3

    timeout = checked_timeout(timeout)
    deadline = time.monotonic() + TOTAL_FACTOR * timeout
    body = io.BytesIO()
    try:
        with open_response(url, timeout, **kwargs) as response:
            _copy_body(response.raw, body, url, timeout, deadline)
            return response.status_code, body.getvalue()
    except (requests.RequestException, urllib3.exceptions.HTTPError,
            TimeoutError, ConnectionError) as error:
        raise DataUnavailableError(
            f"{url} did not answer in time or broke off ({type(error).__name__}: {error})."
        ) from error


def download(url: str, target: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Download `url` into `target` within the bounds of `timeout`; return `target`.

    Raises DownloadTooSlowError when the server is too slow, DataUnavailableError on a
    connection error or an HTTP error status (the partial file is removed).
    """
    import requests
    import urllib3

    timeout = checked_timeout(timeout)
    deadline = time.monotonic() + TOTAL_FACTOR * timeout
    try:
        with open_response(url, timeout) as response:
            if response.status_code >= 400:
                raise DataUnavailableError(f"{url} answered HTTP {response.status_code}.")
            with open(target, "wb") as out:
                _copy_body(response.raw, out, url, timeout, deadline)
    except (requests.RequestException, urllib3.exceptions.HTTPError,
            TimeoutError, ConnectionError) as error:
        target.unlink(missing_ok=True)
        raise DataUnavailableError(
            f"{url} did not answer in time or broke off ({type(error).__name__}: {error})."
        ) from error
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _copy_body(raw, out, url: str, timeout: float, deadline: float) -> None:
    """Copy the body from `raw` to `out`, one socket read at a time, within the bounds."""
    stretch_start, stretch_bytes = time.monotonic(), 0
    while True:
        chunk = raw.read1(CHUNK, decode_content=True)
        if not chunk:
            return
        out.write(chunk)
        now = time.monotonic()
        stretch_bytes += len(chunk)
        if now > deadline:
            raise DownloadTooSlowError(
                f"{url} did not arrive within {TOTAL_FACTOR} x the timeout of {timeout:g} s; "
                "the download was abandoned. Try again later or raise --timeout.")
        if now - stretch_start >= timeout:
            if stretch_bytes < MIN_RATE * (now - stretch_start):
                raise DownloadTooSlowError(
                    f"{url} sent only {stretch_bytes} bytes in {now - stretch_start:.1f} s "
                    f"(less than {MIN_RATE} bytes/s); the download was abandoned. The server "
                    "is stalling: try again later, or raise --timeout.")
            stretch_start, stretch_bytes = now, 0
