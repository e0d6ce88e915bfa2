"""Bounded HTTP downloads: every request and every body read ends within known time limits.

``timeout`` (``--timeout`` of ``update`` and ``data refresh``) bounds the connection and each
read; a whole file must also arrive within :data:`TOTAL_FACTOR` times ``timeout``, and at
:data:`MIN_RATE` bytes per second or faster over each ``timeout``-long stretch, so a server
that trickles a byte every few seconds ends the download with a message instead of holding it.
"""

from __future__ import annotations

import math
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
        with requests.get(url, stream=True, timeout=(timeout, timeout)) as response:
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
