"""Release discovery: find the newest release of each upstream instead of a pinned file name.

UCDP versions its files (``ged251-csv.zip``, ``GEDEvent_v26_0_2.csv``…): discovery probes
candidate names newest first with HEAD requests and stops at the first hit of each series.
Probing is bounded (a few years back, twelve months a year) and honours a timeout. Stable
addresses (OWID) are checked by their HTTP validators (ETag, Last-Modified, length).
Each publisher's base address can be overridden by an environment variable (mirrors, tests).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from sahel_analysis.exceptions import PublisherUnreachableError

PUBLISHERS: dict[str, tuple[str, str]] = {
    "ucdp": ("SAHEL_ANALYSIS_UCDP_URL", "https://ucdp.uu.se/downloads"),
    "owid": ("SAHEL_ANALYSIS_OWID_URL", "https://ourworldindata.org/grapher"),
    "unhcr": ("SAHEL_ANALYSIS_UNHCR_URL", "https://api.unhcr.org/population/v1"),
    "worldbank": ("SAHEL_ANALYSIS_WORLDBANK_URL", "https://api.worldbank.org/v2"),
    "acled": ("SAHEL_ANALYSIS_ACLED_URL", "https://acleddata.com"),
}
DEFAULT_TIMEOUT = 10.0
MAX_YEARS_BACK = 4

# Versioned UCDP datasets: series -> (tables, URL path template, member template).
VERSIONED: dict[str, tuple[tuple[str, ...], str, str]] = {
    "ged_final": (("events",), "ged/ged{yy}1-csv.zip", "GEDEvent_v{yy}_1.csv"),
    "orgvio": (("fatalities", "civilian_killings", "dyads"),
               "organizedviolencecy/organizedviolencecy-{yy}1-csv.zip",
               "organizedviolencecy_v{yy}_1.csv"),
    "acd": (("conflicts",), "ucdpprio/ucdp-prio-acd-{yy}1-csv.zip", "UcdpPrioConflict_v{yy}_1.csv"),
    "nonstate": (("conflicts",), "nsos/ucdp-nonstate-{yy}1-csv.zip", "ucdp-nonstate-{yy}1.csv"),
}
CANDIDATE_CUMULATIVE = "candidateged/GEDEvent_v{yy}_01_{yy}_{mm:02d}.csv"
CANDIDATE_MONTHLY = "candidateged/GEDEvent_v{yy}_0_{m}.csv"
STABLE = {"owid": (("owid_deaths",), "owid", "deaths-in-armed-conflicts.csv")}

_INPUT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ged_final", r"GEDEvent_v(\d\d)_1\.csv$"),
    ("ged_final", r"ged(\d\d)1-csv\.zip$"),
    ("candidate_cumulative", r"GEDEvent_v(\d\d)_01_(\d\d)_(\d\d)(?:_africa)?\.csv$"),
    ("candidate_monthly", r"GEDEvent_v(\d\d)_0_(\d{1,2})\.csv$"),
    ("orgvio", r"organizedviolencecy_v(\d\d)_1\.csv$"),
    ("acd", r"UcdpPrioConflict_v(\d\d)_1\.csv$"),
    ("nonstate", r"ucdp-nonstate-(\d\d)1\.csv$"),
)
_PER_COUNTRY_GED = "ucdp_ged_sahel/"
_PER_COUNTRY_VERSION = "24.1"


@dataclass(frozen=True)
class Release:
    """One upstream release a table can be built from."""

    series: str
    version: str
    url: str
    tables: tuple[str, ...]
    member: str | None = None
    months: tuple[str, ...] = ()
    stamp: str = ""

    @property
    def file_name(self) -> str:
        """Return the name of the file as the loader reads it."""
        return self.member or self.url.rsplit("/", 1)[-1]

    def as_dict(self) -> dict:
        """Return the release as a JSON-ready dict (as recorded in the manifest)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass
class Discovery:
    """What discovery found: releases newer than the manifest and publishers that failed."""

    new: list[Release] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    probes: int = 0

    def lines(self) -> list[str]:
        """Return human-readable lines (what is newer, which source failed)."""
        out = [f"new  {r.series:22} {r.version:14} {', '.join(r.tables):34} {r.url}"
               for r in self.new]
        out += [f"FAIL {name}: {why}" for name, why in self.failed.items()]
        return out or ["everything is up to date"]


def base_url(publisher: str) -> str:
    """Return a publisher's base address (its environment variable overrides the default)."""
    env, default = PUBLISHERS[publisher]
    return (os.environ.get(env) or default).rstrip("/")


def head(url: str, timeout: float = DEFAULT_TIMEOUT) -> tuple[bool, str]:
    """Return (exists, validator stamp) of `url` with one HEAD request.

    Raises PublisherUnreachableError on a timeout (`timeout` per connection and read, twice
    it for the whole answer), a connection error or a 5xx answer.
    """
    from sahel_analysis.exceptions import DataUnavailableError
    from sahel_analysis.sources import http

    try:
        with http.open_response(url, timeout, method="HEAD", allow_redirects=True) as response:
            pass
        if response.status_code in (405, 501):  # no HEAD: ask for the first byte only
            with http.open_response(url, timeout, headers={"Range": "bytes=0-0"}) as response:
                pass
    except DataUnavailableError as error:
        raise PublisherUnreachableError(
            f"{url} did not answer ({error}). Check the connection or the publisher's base "
            "address variable."
        ) from error
    if response.status_code in (404, 410, 403):
        return False, ""
    if response.status_code >= 400:
        raise PublisherUnreachableError(f"{url} answered HTTP {response.status_code}.")
    headers = response.headers
    stamp = "|".join(headers.get(k, "") for k in ("ETag", "Last-Modified", "Content-Length"))
    return True, stamp


def known_releases(manifest: dict) -> dict[str, set[str]]:
    """Return the versions each series of the manifest was built from (by table inputs)."""
    known: dict[str, set[str]] = {}
    for entry in manifest.get("tables", {}).values():
        for release in entry.get("releases", []):
            known.setdefault(release["series"], set()).add(release["version"])
        for item in entry.get("inputs", []):
            for series, version in _parse_input(item.get("file", "")):
                known.setdefault(series, set()).add(version)
    return known


def _parse_input(path: str) -> Iterable[tuple[str, str]]:
    if path.startswith(_PER_COUNTRY_GED):
        yield "ged_final", _PER_COUNTRY_VERSION
        return
    for series, pattern in _INPUT_PATTERNS:
        match = re.search(pattern, path)
        if match:
            groups = match.groups()
            if series == "candidate_cumulative":
                yield series, f"{groups[0]}.01.{groups[1]}.{groups[2]}"
            elif series == "candidate_monthly":
                yield series, f"{groups[0]}.0.{int(groups[1])}"
            else:
                yield series, f"{groups[0]}.1"
            return


def stamps(manifest: dict) -> dict[str, str]:
    """Return the recorded HTTP validator stamp of each stable-address series."""
    found = {}
    for entry in manifest.get("tables", {}).values():
        for release in entry.get("releases", []):
            if release.get("stamp"):
                found[release["series"]] = release["stamp"]
    return found


def _newest_year(known: set[str]) -> int:
    years = [int(v.split(".")[0]) for v in known if v.split(".")[0].isdigit()]
    return max(years) if years else 0


def newest_versioned(series: str, known: set[str], today: dt.date,
                     probe: Callable) -> Release | None:
    """Return the newest release of a versioned UCDP series newer than `known`, or None."""
    tables, path, member = VERSIONED[series]
    newest_known = _newest_year(known)
    this_year = today.year % 100
    for yy in range(this_year, max(newest_known, this_year - MAX_YEARS_BACK), -1):
        url = f"{base_url('ucdp')}/{path.format(yy=yy)}"
        exists, _ = probe(url)
        if exists:
            return Release(series, f"{yy}.1", url, tables, member.format(yy=yy))
    return None


def _months_of_year(year: int, today: dt.date) -> int:
    return 12 if year < today.year else today.month


def candidate_releases(first_year: int, today: dt.date, probe: Callable) -> list[Release]:
    """Return the Candidate releases for the months from January `first_year` to today.

    Per year: the newest cumulative file (``GEDEvent_v25_01_25_12.csv``), then the monthly
    files (``GEDEvent_v26_0_2.csv``) of the months after it, the newest found first.
    """
    base = f"{base_url('ucdp')}"
    releases = []
    for year in range(max(first_year, today.year - MAX_YEARS_BACK), today.year + 1):
        yy, last = year % 100, _months_of_year(year, today)
        covered = 0
        for mm in range(last, 0, -1):
            url = f"{base}/{CANDIDATE_CUMULATIVE.format(yy=yy, mm=mm)}"
            if probe(url)[0]:
                months = tuple(f"{year}-{m:02d}" for m in range(1, mm + 1))
                releases.append(Release("candidate_cumulative", f"{yy}.01.{yy}.{mm:02d}", url,
                                        ("events",), months=months))
                covered = mm
                break
        newest = 0
        for m in range(last, covered, -1):
            if probe(f"{base}/{CANDIDATE_MONTHLY.format(yy=yy, m=m)}")[0]:
                newest = m
                break
        for m in range(covered + 1, newest + 1):
            url = f"{base}/{CANDIDATE_MONTHLY.format(yy=yy, m=m)}"
            if m == newest or probe(url)[0]:
                releases.append(Release("candidate_monthly", f"{yy}.0.{m}", url, ("events",),
                                        months=(f"{year}-{m:02d}",)))
    return releases


def final_coverage_year(version: str) -> int:
    """Return the last year a final GED release covers (GED 25.1 ends in December 2024)."""
    return 2000 + int(version.split(".")[0]) - 1


def discover(manifest: dict, today: dt.date | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> Discovery:
    """Return the releases newer than those the manifest records (HEAD requests only)."""
    today = today or dt.date.today()
    known = known_releases(manifest)
    recorded = stamps(manifest)
    result = Discovery()

    def probe(url: str) -> tuple[bool, str]:
        result.probes += 1
        return head(url, timeout)

    try:
        finals = {}
        for series in VERSIONED:
            found = newest_versioned(series, known.get(series, set()), today, probe)
            if found:
                result.new.append(found)
                finals[series] = found
        final = finals.get("ged_final")
        final_version = final.version if final else max(known.get("ged_final", {"24.1"}),
                                                        key=lambda v: float(v))
        have = known.get("candidate_cumulative", set()) | known.get("candidate_monthly", set())
        for release in candidate_releases(final_coverage_year(final_version) + 1, today, probe):
            if release.version not in have:
                result.new.append(release)
    except PublisherUnreachableError as error:
        result.failed["ucdp"] = str(error)
    for series, (tables, publisher, name) in STABLE.items():
        url = f"{base_url(publisher)}/{name}"
        try:
            exists, stamp = probe(url)
        except PublisherUnreachableError as error:
            result.failed[publisher] = str(error)
            continue
        if exists and stamp != recorded.get(series):
            result.new.append(Release(series, stamp or "unversioned", url, tables, stamp=stamp))
    _discover_wdi(manifest, result, timeout)
    return result


def known_wdi_update(manifest: dict) -> str | None:
    """Return the WDI update the indicators table was built from (e.g. 2026-07-01)."""
    entry = manifest.get("tables", {}).get("indicators", {})
    versions = [r["version"] for r in entry.get("releases", []) if r["series"] == "wdi"]
    versions += [m.group(1) for s in entry.get("sources", [])
                 if (m := re.search(r"(\d{4}-\d\d-\d\d)", str(s.get("version", ""))))]
    return max(versions) if versions else None


def _discover_wdi(manifest: dict, result: Discovery, timeout: float) -> None:
    from sahel_analysis.sources import worldbank_api

    base = base_url("worldbank")
    result.probes += 1
    try:
        updated = worldbank_api.last_updated(base, timeout)
    except PublisherUnreachableError as error:
        result.failed["worldbank"] = str(error)
        return
    known = known_wdi_update(manifest)
    if known is None or updated > known:
        result.new.append(Release("wdi", updated, f"{base}/sources/{worldbank_api.WDI_SOURCE_ID}",
                                  ("indicators",)))
