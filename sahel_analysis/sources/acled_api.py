"""ACLED API client: event-level data through the user's own ACLED account (OAuth).

ACLED's current access scheme (as in its official R client acledR): a password grant at
``{base}/oauth/token`` (``client_id=acled``) returns an access token (about 24 h) and a refresh
token; events come from ``{base}/api/acled/read?_format=json`` page by page (``limit``,
``page``). Credentials come from ``$ACLED_EMAIL`` / ``$ACLED_PASSWORD`` or a prompt and are
never written anywhere; only the token is cached, in the user cache folder (files 0600, folder
0700).
Results are cached in the same folder, never in ``data/`` (ACLED forbids redistribution).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from sahel_analysis import config
from sahel_analysis.exceptions import (
    AcledAuthError,
    AcledCredentialsMissingError,
    AcledError,
    AcledRateLimitError,
    CacheNotWritableError,
    DataUnavailableError,
)
from sahel_analysis.hashing import small_id

EMAIL_ENV, PASSWORD_ENV = "ACLED_EMAIL", "ACLED_PASSWORD"
TOKEN_PATH, READ_PATH = "oauth/token", "api/acled/read"
PAGE_SIZE = 5000
COUNTRY_NAMES = {"MLI": "Mali", "BFA": "Burkina Faso", "NER": "Niger"}
POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
ATTRIBUTION = ("Source: Armed Conflict Location & Event Data (ACLED); www.acleddata.com. "
               "Data accessed through the user's own ACLED account; not redistributed.")
DIFFERENCES = (
    "ACLED and UCDP count differently: ACLED records every political-violence event, "
    "including those without deaths, from its own sources and coding rules, so it counts many "
    "events (and often more deaths) that UCDP does not; UCDP records only events with at least "
    "one death in a conflict meeting its definitions. Series from the two are never added."
)


CACHE_SUBFOLDER = "acled"


def cache_folder() -> Path:
    """Return the folder of the ACLED token and results (user cache, never ``data/``)."""
    return config.cache_dir() / CACHE_SUBFOLDER


def credentials(prompt: bool = True) -> tuple[str, str]:
    """Return (email, password) from the environment, else ask on a terminal."""
    email, password = os.environ.get(EMAIL_ENV), os.environ.get(PASSWORD_ENV)
    if email and password:
        return email, password
    if prompt and sys.stdin.isatty():
        import getpass

        email = email or input("ACLED account email: ").strip()
        return email, password or getpass.getpass("ACLED password: ")
    raise AcledCredentialsMissingError(
        f"No ACLED credentials: set ${EMAIL_ENV} and ${PASSWORD_ENV} to the email and password "
        "of your ACLED account (register at https://acleddata.com), or run interactively to "
        "be asked. They are never written to disk."
    )


class AcledClient:
    """A small client of ACLED's API with a cached, refreshed OAuth token."""

    def __init__(self, email: str | None = None, password: str | None = None, *,
                 base: str | None = None, timeout: float = 60.0, prompt: bool = True):
        from sahel_analysis.sources.discovery import base_url

        self.base = (base or base_url("acled")).rstrip("/")
        self.timeout = timeout
        self._email, self._password, self._prompt = email, password, prompt
        self.token_file = cache_folder() / "token.json"

    def _login(self) -> tuple[str, str]:
        if self._email and self._password:
            return self._email, self._password
        return credentials(self._prompt)

    def _token_request(self, data: dict[str, str]) -> dict[str, Any]:
        import requests

        try:
            response = requests.post(f"{self.base}/{TOKEN_PATH}", data=data,
                                     timeout=self.timeout)
        except requests.RequestException as error:
            raise AcledError(f"ACLED's token endpoint did not answer ({error}).") from error
        _raise_for_limits(response)
        if response.status_code in (400, 401, 403):
            raise AcledAuthError(
                "ACLED refused the credentials (HTTP "
                f"{response.status_code}). Check ${EMAIL_ENV} / ${PASSWORD_ENV} and that your "
                "account has API access (https://acleddata.com)."
            )
        if response.status_code >= 400:
            raise AcledError(f"ACLED's token endpoint answered HTTP {response.status_code}.")
        token = _json_answer(response, "token endpoint")
        if not isinstance(token, dict) or not isinstance(token.get("access_token"), str):
            raise AcledError(f"ACLED's token endpoint answered without an access_token "
                             f"({_start(response)}); try again later or check "
                             "$SAHEL_ANALYSIS_ACLED_URL.")
        try:
            token["expires_at"] = time.time() + float(token.get("expires_in", 3600))
        except (TypeError, ValueError):
            raise AcledError(f"ACLED's token endpoint gave expires_in="
                             f"{token.get('expires_in')!r}, not a number of seconds; try again "
                             "later.") from None
        self._save(token)
        return token

    def _save(self, token: dict[str, Any]) -> None:
        kept = {k: token[k] for k in ("access_token", "refresh_token", "expires_at") if k in token}
        write_private(self.token_file, lambda path: path.write_text(json.dumps(kept),
                                                                    encoding="utf-8"))

    def _cached(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.token_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def token(self, *, renew: bool = False) -> str:
        """Return a valid access token (cached, refreshed, or from a password grant)."""
        cached = self._cached()
        if cached and not renew and cached.get("expires_at", 0) > time.time() + 60:
            return cached["access_token"]
        if cached and cached.get("refresh_token"):
            try:
                return self._token_request({"grant_type": "refresh_token", "client_id": "acled",
                                            "refresh_token": cached["refresh_token"]}
                                           )["access_token"]
            except AcledAuthError:
                pass  # refresh token expired too: log in again
        email, password = self._login()
        return self._token_request({"grant_type": "password", "client_id": "acled",
                                    "username": email, "password": password,
                                    "scope": "authenticated"})["access_token"]

    def _get(self, params: dict[str, Any]) -> dict[str, Any]:
        import requests

        url = f"{self.base}/{READ_PATH}"
        for attempt in range(2):
            headers = {"Authorization": f"Bearer {self.token(renew=attempt > 0)}"}
            try:
                response = requests.get(url, params=params, headers=headers,
                                        timeout=self.timeout)
            except requests.RequestException as error:
                raise AcledError(f"ACLED's API did not answer ({error}).") from error
            _raise_for_limits(response)
            if response.status_code != 401:
                break
        if response.status_code in (401, 403):
            raise AcledAuthError("ACLED refused the access token even after a new login; "
                                 "check that your account has API access.")
        if response.status_code >= 400:
            raise AcledError(f"ACLED's API answered HTTP {response.status_code}.")
        page = _json_answer(response, "API")
        rows = page.get("data") if isinstance(page, dict) else None
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise AcledError(f"ACLED's API answered without a 'data' list of events "
                             f"({_start(response)}); try again later or check "
                             "$SAHEL_ANALYSIS_ACLED_URL.")
        return page

    def read(self, countries: list[str], start: str, end: str,
             page_size: int = PAGE_SIZE) -> pd.DataFrame:
        """Return ACLED's political-violence events of `countries` (ISO3) between two dates."""
        params = {"_format": "json", "country": ":OR:".join(COUNTRY_NAMES[c] for c in countries),
                  "event_date": f"{start}|{end}", "event_date_where": "BETWEEN",
                  "event_type": ":OR:".join(POLITICAL_VIOLENCE), "inter_num": 0,
                  "limit": page_size}
        rows: list[dict] = []
        for page in range(1, 10_000):
            data = self._get({**params, "page": page}).get("data", [])
            rows.extend(data)
            if len(data) < page_size:
                break
        return pd.DataFrame(rows)


def _start(response, limit: int = 80) -> str:
    """Return the start of an answer's body, on one line, for a message."""
    text = " ".join(response.text[:limit].split())
    return f"it began {text!r}" if text else "it was empty"


def _json_answer(response, what: str) -> Any:
    """Return an answer's JSON; raise AcledError when it is not JSON (an HTML error page)."""
    try:
        return response.json()
    except ValueError:
        raise AcledError(f"ACLED's {what} answered something that is not JSON ({_start(response)})"
                         "; ACLED may be down or $SAHEL_ANALYSIS_ACLED_URL wrong: try again "
                         "later.") from None


def _raise_for_limits(response) -> None:
    if response.status_code == 429:
        wait = response.headers.get("Retry-After", "a while")
        raise AcledRateLimitError(
            f"ACLED's rate limit was reached (HTTP 429): try again after {wait} seconds; "
            "cached results are kept."
        )


def _event_id(text: str) -> int:
    return small_id(text)


REQUIRED = ("event_id_cnty", "event_date", "time_precision", "country", "admin1", "admin2",
            "latitude", "longitude", "geo_precision", "event_type", "sub_event_type", "actor1",
            "fatalities")


def to_events(raw: pd.DataFrame, fetched: str = "") -> pd.DataFrame:
    """Return ACLED rows in the columns of the event table (``data.events``).

    Raises AcledError naming the field when rows lack one or hold a value of the wrong type.
    """
    from sahel_analysis import schemas

    if raw.empty:
        return schemas.validate(_empty_events(), schemas.EVENTS)
    missing = [name for name in REQUIRED if name not in raw]
    if missing:
        raise AcledError(f"ACLED's events lack the fields {missing}: ACLED may have changed "
                         "its API; the cached events were kept.")
    for name in ("fatalities", "latitude", "longitude", "time_precision", "geo_precision"):
        if raw[name].isna().any():
            raise AcledError(f"ACLED sent events without {name} (e.g. event "
                             f"{raw.loc[raw[name].isna(), 'event_id_cnty'].iloc[0]!r}); the "
                             "cached events were kept.")
    try:
        events = _converted(raw, fetched)
    except (TypeError, ValueError) as error:
        raise AcledError(f"ACLED sent a value of the wrong type ({' '.join(str(error).split())})"
                         "; the cached events were kept.") from None
    return schemas.validate(events.sort_values(["date", "event_id"]).reset_index(drop=True),
                            schemas.EVENTS)


def _converted(raw: pd.DataFrame, fetched: str) -> pd.DataFrame:
    """Return ACLED rows converted to the event table's columns (ValueError on bad values)."""
    from sahel_analysis.countries import to_iso3

    fatalities = pd.to_numeric(raw["fatalities"]).astype("int64")
    civilians = raw["event_type"].eq("Violence against civilians")
    state = (raw.get("inter1", pd.Series("", index=raw.index)).astype(str)
             .str.contains("State forces") |
             raw.get("inter2", pd.Series("", index=raw.index)).astype(str)
             .str.contains("State forces"))
    violence = pd.Series("non_state", index=raw.index).mask(state, "state_based")
    date = pd.to_datetime(raw["event_date"], format="ISO8601").astype("datetime64[ns]")
    actor2 = raw.get("actor2", pd.Series("", index=raw.index)).fillna("").astype(str)
    events = pd.DataFrame({
        "event_id": raw["event_id_cnty"].map(_event_id).astype("int64"),
        "date": date, "date_end": date,
        "date_precision": pd.to_numeric(raw["time_precision"]).astype("int64"),
        "country_iso3": raw["country"].map(to_iso3).astype(str),
        "place": raw.get("location", pd.Series("", index=raw.index)).replace("", pd.NA)
        .astype("string"),
        "admin1": raw["admin1"].replace("", pd.NA).astype("string"),
        "admin2": raw["admin2"].replace("", pd.NA).astype("string"),
        "latitude": pd.to_numeric(raw["latitude"]).astype("float64"),
        "longitude": pd.to_numeric(raw["longitude"]).astype("float64"),
        "where_precision": pd.to_numeric(raw["geo_precision"]).astype("int64"),
        "violence_type": violence.mask(civilians, "one_sided"),
        "conflict_name": raw["event_type"].astype(str),
        "dyad_name": raw["actor1"].astype(str) + " - " + actor2,
        "side_a": raw["actor1"].astype(str), "side_b": actor2,
        "deaths_a": 0, "deaths_b": 0,
        "deaths_civilians": fatalities.where(civilians, 0),
        "deaths_unknown": fatalities.where(~civilians, 0),
        "deaths_best": fatalities, "deaths_low": fatalities, "deaths_high": fatalities,
        "code_status": "ACLED " + raw["sub_event_type"].astype(str),
        "preliminary": False,
        "source_version": f"ACLED API{f' (fetched {fetched})' if fetched else ''}",
    })
    events["year"] = events["date"].dt.year.astype("int64")
    for column in ("deaths_a", "deaths_b"):
        events[column] = events[column].astype("int64")
    return events


def _empty_events() -> pd.DataFrame:
    from sahel_analysis import schemas

    return pd.DataFrame({name: pd.Series(dtype=str(col.dtype) if col.dtype else "object")
                         for name, col in schemas.EVENTS.columns.items()})


def fetch(countries: list[str] | None = None, start: str = "2024-01-01",
          end: str | None = None, client: AcledClient | None = None) -> Path:
    """Download ACLED events into the user cache (never ``data/``); return the cache file."""
    client = client or AcledClient()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    end = end or today
    raw = client.read(countries or list(COUNTRY_NAMES), start, end)
    folder = cache_folder()
    target = folder / "events.parquet"
    events = to_events(raw, today)
    write_private(target, lambda path: events.to_parquet(path, index=False))
    about = json.dumps({"fetched": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "start": start, "end": end, "rows": len(raw), "attribution": ATTRIBUTION})
    write_private(folder / "events.json", lambda path: path.write_text(about, encoding="utf-8"))
    return target


def write_private(path: Path, write: Callable[[Path], Any]) -> None:
    """Write `path` readable by the user only (0600), in a folder only the user opens (0700).

    `write` writes a temporary file of the folder, renamed to `path` once complete: whatever
    was there before (a file open to others, a link) is replaced, never written through.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)
    except OSError as error:
        raise CacheNotWritableError(
            f"Cannot create the ACLED cache folder {path.parent} ({error.strerror or error}): "
            f"set ${config.CACHE_ENV} to a writable folder, or make it writable.") from None
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    os.close(handle)
    try:
        write(Path(temp))
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def cached_events() -> pd.DataFrame:
    """Return the cached ACLED events (event-table columns); raise when nothing is cached."""
    path = cache_folder() / "events.parquet"
    if not path.is_file():
        raise DataUnavailableError(
            f"No ACLED events are cached in {path.parent}. Fetch them with your own ACLED "
            f"account: set ${EMAIL_ENV} and ${PASSWORD_ENV} and run `sahel-analysis update "
            "--acled` (or `sahel_analysis.sources.acled_api.fetch()`)."
        )
    return pd.read_parquet(path)


def cache_fingerprint() -> str:
    """Return a hash of the cached ACLED events ('none' when nothing is cached)."""
    from sahel_analysis.hashing import sha256_of

    path = cache_folder() / "events.parquet"
    return sha256_of(path) if path.is_file() else "none"
