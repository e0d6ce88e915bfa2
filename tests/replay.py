"""A replay of real UCDP releases in the order a monthly job met them (test and benchmark).

The releases are cut from the real snapshots in the mirror (``shared/data``) and served by a
fake publisher on 127.0.0.1 laid out like UCDP's site (the URL scheme of
:mod:`sahel_analysis.sources.discovery`): a final GED ``21.1`` (the per-country final rows to
2020) with the 2021 Candidate file, then Candidate ``22.0.2``, then the final rows to 2023 as
GED ``24.1``, then Candidate ``26.0.1``. Nothing here is written into a report: the fixtures
live in temporary folders.

:class:`Ledger` keeps what was served and states, independently of the merge code, which
events the table must hold after each step (final rows win for their countries and years,
each Candidate month comes from the newest release declaring it, each id once).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import shutil
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd

from sahel_analysis import build, config
from sahel_analysis.metrics.windows import covered_months, release_months
from sahel_analysis.sources import ucdp_ged

FINAL_FILES = ("Mali.csv", "Burkina.csv", "Niger_reconstructed.csv")
PUBLISHERS = ("UCDP", "OWID", "UNHCR", "WORLDBANK", "ACLED")


@dataclass(frozen=True)
class Served:
    """One release file the fake publisher serves: its site path and how to build it."""

    path: str
    build: Callable[[Path], bytes]
    final: bool
    label: str
    member: str | None = None


def final_zip(mirror: Path, yy: int, last_year: int) -> bytes:
    """Return GED ``yy.1`` as UCDP zips it: the real final rows of the three countries to
    `last_year` (the per-country exports, values kept as text)."""
    with warnings.catch_warnings():  # the exports end each row with a comma (see README)
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        frames = [pd.read_csv(mirror / "ucdp_ged_sahel" / name, index_col=False, dtype=str,
                              keep_default_na=False) for name in FINAL_FILES]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["year"].astype(int) <= last_year]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"GEDEvent_v{yy}_1.csv", rows.to_csv(index=False))
    return buffer.getvalue()


def _copy(relative: str) -> Callable[[Path], bytes]:
    return lambda mirror: (mirror / relative).read_bytes()


def _final(yy: int, last_year: int) -> Served:
    return Served(f"ucdp/ged/ged{yy}1-csv.zip", lambda mirror: final_zip(mirror, yy, last_year),
                  True, f"GED final {yy}.1", member=f"GEDEvent_v{yy}_1.csv")


def _candidate(name: str, source: str, version: str) -> Served:
    return Served(f"ucdp/candidateged/{name}", _copy(source), False, f"Candidate {version}")


@dataclass(frozen=True)
class Step:
    """One monthly run: the day it ran and the release files that had appeared by then."""

    name: str
    today: dt.date
    files: tuple[Served, ...]


STEPS = (
    Step("final to 2020 + Candidate 2021", dt.date(2022, 1, 20), (
        _final(21, 2020),
        _candidate("GEDEvent_v21_01_21_12.csv", "ucdp_ged/GEDEvent_v21_01_21_12_africa.csv",
                   "21.01.21.12"))),
    Step("Candidate Feb 2022", dt.date(2022, 3, 10), (
        _candidate("GEDEvent_v22_0_2.csv", "ucdp_ged/GEDEvent_v22_0_2.csv", "22.0.2"),)),
    Step("final to 2023", dt.date(2024, 7, 1), (_final(24, 2023),)),
    Step("Candidate Jan 2026", dt.date(2026, 2, 20), (
        _candidate("GEDEvent_v26_0_1.csv", "ucdp_ged/GEDEvent_v26_0_1.csv", "26.0.1"),)),
)


@contextmanager
def publisher(root: Path) -> Iterator[dict[str, str]]:
    """Serve `root` on 127.0.0.1; yield the environment that points every publisher at it."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield {f"SAHEL_ANALYSIS_{name}_URL": f"{url}/{name.lower()}" for name in PUBLISHERS}
    finally:
        server.shutdown()
        server.server_close()


def start_data(target: Path, site: Path) -> Path:
    """Copy the embedded data to `target` with an empty event table (no release recorded).

    The World Bank metadata the manifest records is served at `site`, so that only UCDP has
    something new.
    """
    shutil.copytree(config.data_dir(), target)
    events = pd.read_parquet(target / "events.parquet").iloc[0:0]
    build._write(events, target / "events.parquet")
    manifest = json.loads((target / build.MANIFEST).read_text())
    entry = manifest["tables"]["events"]
    entry.update(inputs=[], releases=[], rows=0, coverage=build.coverage_of(events),
                 content_sha256=build.content_hash(events))
    entry["sources"] = [{**s, "version": "replay start (no events)"} for s in entry["sources"]]
    (target / build.MANIFEST).write_text(json.dumps(manifest, indent=2))
    from sahel_analysis.sources.discovery import known_wdi_update

    known = known_wdi_update(manifest) or "2026-07-01"
    wdi = site / "worldbank" / "sources" / "2"
    wdi.parent.mkdir(parents=True, exist_ok=True)
    wdi.write_text(json.dumps([{"page": 1, "pages": 1, "total": 1},
                               [{"id": "2", "lastupdated": known}]]))
    return target


def publish(step: Step, mirror: Path, site: Path) -> list[tuple[Served, Path]]:
    """Write the release files of `step` into the site; return them with their paths."""
    written = []
    for served in step.files:
        path = site / served.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(served.build(mirror))
        written.append((served, path))
    return written


def _read(served: Served, path: Path, scratch: Path) -> pd.DataFrame:
    if served.member:
        with zipfile.ZipFile(path) as archive:
            archive.extract(served.member, scratch)
        path = scratch / served.member
    return ucdp_ged.read_ged(path, served.label, preliminary=not served.final)


@dataclass
class Ledger:
    """The releases served so far and the event table they must add up to."""

    final: pd.DataFrame | None = None
    months: dict[str, pd.DataFrame] = field(default_factory=dict)  # month -> newest rows

    def serve(self, served: Served, path: Path, scratch: Path) -> None:
        """Record a release the publisher served."""
        rows = _read(served, path, scratch)
        if served.final:
            self.final = rows
            return
        month = rows["date"].dt.to_period("M")
        for period in release_months(served.label):
            self.months[str(period)] = rows[month == period]

    def expected(self) -> pd.DataFrame:
        """Return the events the table must hold (each once)."""
        final = self.final if self.final is not None else None
        parts = [] if final is None else [final.assign(preliminary=False)]
        last = final.groupby("country_iso3")["year"].max() if final is not None else None
        for rows in self.months.values():
            if last is not None:
                covered = rows["year"] <= rows["country_iso3"].map(last).fillna(0)
                rows = rows[~covered & ~rows["event_id"].isin(final["event_id"])]
            parts.append(rows)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def reconcile(table: pd.DataFrame, ledger: Ledger) -> dict[str, object]:
    """Compare the event table with what the served releases add up to; return the figures.

    Raises AssertionError on an event counted twice, lost or not served.
    """
    expected = ledger.expected()
    ids, want = set(table["event_id"]), set(expected["event_id"])
    assert table["event_id"].is_unique, "an event is counted twice"
    assert not want - ids, f"{len(want - ids)} served events lost"
    assert not ids - want, f"{len(ids - want)} events that no release served"
    deaths = int(table["deaths_best"].sum())
    assert deaths == int(expected["deaths_best"].sum()), "deaths do not reconcile"
    by_release = table["source_version"].value_counts().sort_index()
    assert by_release.equals(expected["source_version"].value_counts().sort_index())
    return {"events": len(table), "deaths": deaths, "by_release": by_release.to_dict()}


def briefing_month(table: pd.DataFrame) -> str:
    """Return the newest month the events cover, as the briefing picks it."""
    months = covered_months(table)
    return str(max(months)) if months else ""


def manifest_events(data: Path) -> dict:
    """Return the manifest entry of the event table."""
    return json.loads((data / build.MANIFEST).read_text())["tables"]["events"]
