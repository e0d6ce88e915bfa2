"""World Bank API (v2): when WDI was last updated, and the indicator series the reports use.

``{base}/sources/2?format=json`` names WDI's last update (one small request);
``{base}/country/all/indicator/{CODE}?format=json`` returns a series for every country, page by
page. The series are written in the layout :func:`sahel_analysis.sources.wdi.tidy` reads.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.exceptions import PublisherUnreachableError
from sahel_analysis.sources import wdi

WDI_SOURCE_ID = 2
PAGE_SIZE = 20000


def _get(url: str, params: dict, timeout: float) -> list:
    import json

    from sahel_analysis.exceptions import DataUnavailableError
    from sahel_analysis.sources import http

    try:
        status, body = http.get_bytes(url, timeout, params={"format": "json", **params})
    except DataUnavailableError as error:
        raise PublisherUnreachableError(
            f"{error} Check the connection or $SAHEL_ANALYSIS_WORLDBANK_URL."
        ) from error
    if status >= 400:
        raise PublisherUnreachableError(f"{url} answered HTTP {status}.")
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if not isinstance(payload, list) or len(payload) < 2:
        raise PublisherUnreachableError(f"{url} did not return World Bank API data: "
                                        f"{body[:200]!r}")
    return payload


def last_updated(base: str, timeout: float) -> str:
    """Return the date WDI was last updated (``lastupdated`` of source 2), e.g. 2026-07-01."""
    payload = _get(f"{base}/sources/{WDI_SOURCE_ID}", {}, timeout)
    return str(payload[1][0]["lastupdated"])[:10]


def series(base: str, code: str, timeout: float) -> list[dict]:
    """Return every row of one indicator for all countries (all pages)."""
    rows: list[dict] = []
    page, pages = 1, 1
    while page <= pages:
        meta, data = _get(f"{base}/country/all/indicator/{code.upper()}",
                          {"per_page": PAGE_SIZE, "page": page}, timeout)[:2]
        rows.extend(data or [])
        pages = int(meta.get("pages", 1))
        page += 1
    return rows


def to_long(rows: list[dict]) -> pd.DataFrame:
    """Return API rows in the long layout of ``wdi_sahel_long.csv``."""
    return pd.DataFrame({
        "indicator_code": [r["indicator"]["id"].lower() for r in rows],
        "Country Name": [r["country"]["value"] for r in rows],
        "Country Code": [r.get("countryiso3code") or "" for r in rows],
        "Year": [int(r["date"]) for r in rows],
        "Value": [r.get("value") for r in rows],
    })


def download(base: str, folder: Path, timeout: float) -> tuple[Path, Path]:
    """Fetch the indicators the reports use; write the long and catalog CSVs into `folder`."""
    frames, names = [], []
    for code in wdi.INDICATORS:
        rows = series(base, code, timeout)
        frames.append(to_long(rows))
        label = rows[0]["indicator"]["value"] if rows else wdi.INDICATORS[code]
        names.append({"indicator_code": code, "indicator_name": label, "description": "",
                      "licence": "CC-BY-4.0"})
    folder.mkdir(parents=True, exist_ok=True)
    long_path, catalog_path = folder / "wdi_api_long.csv", folder / "wdi_api_indicators.csv"
    pd.concat(frames, ignore_index=True).to_csv(long_path, index=False, encoding="utf-8")
    pd.DataFrame(names).to_csv(catalog_path, index=False, encoding="utf-8")
    return long_path, catalog_path
