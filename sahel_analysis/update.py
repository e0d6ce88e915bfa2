"""Living data: find newer upstream releases, rebuild the tables they feed, re-render.

:func:`refresh` applies what :func:`~sahel_analysis.sources.discovery.discover` found to the
tables in ``data/`` (events incrementally: a new Candidate month is merged into the event
table, a new final GED replaces the Candidate rows it covers) and records each release in
``data/manifest.json``. :func:`update` = refresh (or a rebuild from a mirror), render what
changed, keep a dated archive copy, write the index. A publisher that cannot be reached
keeps every cached and embedded file: the failure is reported and rendering goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sahel_analysis import build, config, schemas
from sahel_analysis.exceptions import (
    DataUnavailableError,
    OutputNotWritableError,
    RenderLockedError,
    SahelAnalysisError,
)
from sahel_analysis.hashing import sha256_of
from sahel_analysis.sources import (
    ged_releases,
    owid_conflict,
    ucdp_acd,
    ucdp_ged,
    ucdp_nonstate,
    ucdp_orgvio,
)
from sahel_analysis.sources.base import RemoteFile, Source
from sahel_analysis.sources.discovery import DEFAULT_TIMEOUT, Discovery, Release, discover

UPDATE_COMMAND = "sahel-analysis update"
# Series rebuilt through their regular table spec: series -> (source, file key).
REBUILT: dict[str, tuple[Source, str]] = {
    "orgvio": (ucdp_orgvio.SOURCE, "country_year"),
    "acd": (ucdp_acd.SOURCE, "conflicts"),
    "nonstate": (ucdp_nonstate.SOURCE, "dyad_years"),
    "owid": (owid_conflict.SOURCE, "deaths"),
}
EVENT_SERIES = ("ged_final", "candidate_cumulative", "candidate_monthly")


@dataclass
class RefreshResult:
    """What a refresh found, applied and changed."""

    discovery: Discovery
    applied: list[Release] = field(default_factory=list)
    tables_changed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {"new_releases": [r.as_dict() for r in self.discovery.new],
                "applied": [f"{r.series} {r.version}" for r in self.applied],
                "tables_changed": self.tables_changed,
                "failed_sources": {**self.discovery.failed, **self.failed},
                "probes": self.discovery.probes}


def _release_order(release: Release) -> tuple:
    rank = EVENT_SERIES.index(release.series)
    return (rank > 0, release.months[:1], rank)


def _download(release: Release) -> Path:
    import pooch

    from sahel_analysis.sources.base import _download as download

    pooch.get_logger().setLevel("WARNING")  # no "Downloading…" chatter in scheduled runs
    remote = RemoteFile(f"releases/{release.series}/{release.file_name}", release.url, None,
                        member=release.member)
    return download(remote, verify=False, refresh=bool(release.stamp))  # same name, new bytes


def _input_record(source: str, release: Release, path: Path) -> dict[str, str]:
    return {"source": source, "file": f"releases/{release.series}/{release.file_name}",
            "url": release.url, "sha256": sha256_of(path)}


def merge_event_releases(events: pd.DataFrame, releases: Iterable[tuple[Release, Path]]
                         ) -> pd.DataFrame:
    """Return `events` with each (release, file) applied: final first, then Candidates."""
    for release, path in sorted(releases, key=lambda item: _release_order(item[0])):
        final = release.series == "ged_final"
        label = f"GED final {release.version}" if final else f"Candidate {release.version}"
        rows = ucdp_ged.read_ged(path, label, preliminary=not final)
        if final:
            events = ged_releases.apply_final(events, rows)
        else:
            events = ged_releases.apply_candidate(events, rows, release.months)
    return events


def _entry(previous: dict, frame: pd.DataFrame, file_path: Path, inputs: list[dict],
           releases: list[Release], *, append: bool) -> dict:
    entry = dict(previous)
    recorded = [r for r in entry.get("releases", [])
                if (r["series"], r["version"]) not in {(n.series, n.version) for n in releases}]
    stable = {r.series for r in releases if r.stamp}
    recorded = [r for r in recorded if r["series"] not in stable]
    sources = {i["source"] for i in inputs}
    kept = [i for i in entry.get("inputs", []) if append or i["source"] not in sources]
    labels = ", ".join(f"{r.series} {r.version}" for r in releases if not r.stamp)
    if labels:
        entry["sources"] = [
            {**s, "version": (f"{s.get('version', '')}; then {labels}" if append
                              else f"{labels} (found by {UPDATE_COMMAND})")}
            if s.get("key") in sources else s for s in entry.get("sources", [])]
    entry.update({
        "inputs": [*kept, *inputs],
        "releases": recorded + [r.as_dict() for r in releases],
        "rows": len(frame),
        "columns": list(frame.columns),
        "content_sha256": build.content_hash(frame),
        "file_sha256": sha256_of(file_path),
        "coverage": build.coverage_of(frame),
        "command": UPDATE_COMMAND,
    })
    return entry


def _apply_events(folder: Path, entries: dict, releases: list[Release],
                  failed: dict[str, str]) -> tuple[pd.DataFrame, list, list] | None:
    fetched = []
    for release in releases:
        try:
            fetched.append((release, _download(release)))
        except DataUnavailableError as error:
            failed[f"ucdp {release.series} {release.version}"] = str(error)
    if not fetched:
        return None
    events = pd.read_parquet(folder / entries["events"]["file"])
    events = schemas.validate(merge_event_releases(events, fetched), schemas.EVENTS)
    inputs = [_input_record(ucdp_ged.SOURCE.key, r, p) for r, p in fetched]
    return events, inputs, [r for r, _ in fetched]


def _apply_rebuilt(entries: dict, release: Release, swaps: dict[str, Source]
                   ) -> list[tuple[str, pd.DataFrame, list[dict]]]:
    """Rebuild the tables of a versioned (or stable-address) series from its new file.

    Returns [] when a stable address serves the bytes already recorded. `swaps` collects the
    sources replaced so far, so two new releases feeding one table are both used.
    """
    source, key = REBUILT[release.series]
    path = _download(release)
    old = {i.get("sha256") for e in entries.values() if isinstance(e, dict)
           for i in e.get("inputs", [])}
    if release.stamp and sha256_of(path) in old:
        return []
    remote = RemoteFile(f"releases/{release.series}/{release.file_name}", release.url, None,
                        member=release.member)
    current = swaps.get(source.key, source)
    swaps[source.key] = dataclasses.replace(current, version=release.version,
                                            files={**current.files, key: remote})
    built = []
    for spec in build.TABLES:
        if spec.name not in release.tables:
            continue
        spec = dataclasses.replace(
            spec, preferred_inputs=(),
            sources=tuple(swaps.get(s.key, s) for s in spec.sources),
            inputs=tuple((swaps.get(s.key, s), k) for s, k in spec.inputs))
        frame, inputs = build.build_table(spec, verify=False)  # reads the cached download
        built.append((spec.name, frame, [i for i in inputs if i["source"] == source.key]))
    return built


def refresh(data_dir: Path | None = None, *, today: dt.date | None = None,
            timeout: float = DEFAULT_TIMEOUT, dry_run: bool = False,
            log: Callable[[str], None] = lambda message: None) -> RefreshResult:
    """Find newer releases and (unless `dry_run`) rebuild the tables they feed."""
    folder = Path(data_dir) if data_dir else config.data_dir()
    manifest = json.loads((folder / build.MANIFEST).read_text(encoding="utf-8"))
    found = discover(manifest, today, timeout)
    result = RefreshResult(found)
    if dry_run or not found.new:
        return result
    with _data_lock(folder):
        _apply(folder, manifest, found, result, log, timeout)
    return result


@contextmanager
def _data_lock(folder: Path) -> Iterator[None]:
    """Hold the data folder's lock while tables are rewritten; refuse an unwritable folder."""
    from filelock import FileLock, Timeout

    if not os.access(folder, os.W_OK):
        raise OutputNotWritableError(
            f"The data folder {folder} is not writable (an installed package?). Set "
            f"${config.DATA_DIR_ENV} to a writable copy of it, e.g. `cp -r {folder} ~/sahel-data`."
        )
    lock = FileLock(str(folder / ".update.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RenderLockedError(f"Another update is rewriting {folder}; wait for it.") from None
    try:
        yield
    finally:
        lock.release()


def _apply(folder: Path, manifest: dict, found: Discovery, result: RefreshResult,
           log: Callable[[str], None], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Download the new releases, rebuild the tables they feed, write them and the manifest."""
    entries = dict(manifest["tables"])
    writes: dict[str, pd.DataFrame] = {}
    events = [r for r in found.new if r.series in EVENT_SERIES]
    if events:
        log(f"merging {len(events)} event releases")
        applied = _apply_events(folder, entries, events, result.failed)
        if applied:
            frame, inputs, releases = applied
            writes["events"] = frame
            entries["events"] = (frame, inputs, releases)
            result.applied += releases
    swaps: dict[str, Source] = {}
    for release in (r for r in found.new if r.series in REBUILT):
        log(f"rebuilding {', '.join(release.tables)} from {release.series} {release.version}")
        try:
            built = _apply_rebuilt(entries, release, swaps)
        except SahelAnalysisError as error:
            result.failed[f"{release.series} {release.version}"] = str(error)
            continue
        result.applied.append(release)
        if not built:
            for name in release.tables:
                entries[name] = _with_release(entries[name], release)
        for name, frame, inputs in built:
            writes[name] = frame
            previous = entries[name]
            releases = [release] + (previous[2] if isinstance(previous, tuple) else [])
            entries[name] = (frame, inputs + (previous[1] if isinstance(previous, tuple)
                                              else []), releases)
    for release in (r for r in found.new if r.series == "wdi"):
        log(f"fetching the WDI series of the {release.version} update")
        try:
            frame, inputs = _apply_wdi(release, timeout)
        except SahelAnalysisError as error:
            result.failed[f"wdi {release.version}"] = str(error)
            continue
        result.applied.append(release)
        writes["indicators"] = frame
        entries["indicators"] = (frame, inputs, [release])
    _commit(folder, manifest, entries, writes, result)


def _apply_wdi(release: Release, timeout: float) -> tuple[pd.DataFrame, list[dict]]:
    """Fetch the WDI series the reports use from the World Bank API and tidy them."""
    from sahel_analysis.sources import wdi, worldbank_api
    from sahel_analysis.sources.discovery import base_url

    folder = config.cache_dir() / "releases" / "wdi" / release.version
    paths = worldbank_api.download(base_url("worldbank"), folder, timeout)
    frame = schemas.validate(wdi.tidy(*paths), schemas.INDICATORS)
    inputs = [{"source": wdi.SOURCE.key, "file": f"releases/wdi/{release.version}/{p.name}",
               "url": release.url, "sha256": sha256_of(p)} for p in paths]
    return frame, inputs


def _with_release(entry: dict | tuple, release: Release) -> dict | tuple:
    """Record a release whose file was unchanged (replacing the series' earlier record)."""
    if isinstance(entry, tuple):
        return entry
    kept = [r for r in entry.get("releases", []) if r["series"] != release.series]
    return {**entry, "releases": [*kept, release.as_dict()]}


def _commit(folder: Path, manifest: dict, entries: dict, writes: dict[str, pd.DataFrame],
            result: RefreshResult) -> None:
    """Write changed tables and the manifest (each file replaced atomically)."""
    staged = {}
    for name, frame in writes.items():
        target = folder / f"{name}.parquet"
        temp = folder / f".{name}.parquet.new"
        build._write(frame, temp)
        staged[name] = (temp, target)
    tables = {}
    for name, entry in entries.items():
        if isinstance(entry, tuple):
            frame, inputs, releases = entry
            previous = manifest["tables"].get(name, {})
            tables[name] = _entry(previous, frame, staged[name][0], inputs, releases,
                                  append=name == "events")
            if previous.get("content_sha256") != tables[name]["content_sha256"]:
                result.tables_changed.append(name)
        else:
            tables[name] = entry
    for temp, target in staged.values():
        os.replace(temp, target)
    new = {**manifest, "tables": dict(sorted(tables.items()))}
    temp = folder / f".{build.MANIFEST}.new"
    temp.write_text(json.dumps(new, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, folder / build.MANIFEST)


@dataclass
class UpdateSummary:
    """What `sahel-analysis update` did."""

    refresh: dict[str, Any]
    reports: dict[str, list[str]]
    archived: list[str]
    stale: list[str]
    exit_code: int
    seconds: float

    def as_json(self) -> str:
        """Return the machine-readable summary printed by ``update --json``."""
        return json.dumps(dataclasses.asdict(self), indent=2, default=str)


def _rebuild_from_mirror(mirror: str, log: Callable[[str], None]) -> dict[str, Any]:
    from sahel_analysis.render.dependencies import table_hashes

    config.set_mirror(mirror)
    before = table_hashes()
    build.build(log=log)
    after = table_hashes()
    return {"mirror": mirror, "tables_changed": sorted(k for k in after
                                                        if before.get(k) != after[k])}


def _fetch_acled(log: Callable[[str], None]) -> str:
    from sahel_analysis.sources import acled_api

    try:
        path = acled_api.fetch(start="2012-01-01")
    except SahelAnalysisError as error:
        log(f"source acled failed, kept the cached events: {error}")
        return f"failed: {error}"
    return f"fetched into {path}"


def update(reports: list[str] | None = None, *, output_dir: str | os.PathLike = "reports",
           mirror: str | None = None, formats: Iterable[str] = ("html", "pdf"),
           workers: int | None = None, archive: bool = True, max_data_age: int | None = None,
           today: dt.date | None = None, timeout: float = DEFAULT_TIMEOUT, acled: bool = False,
           log: Callable[[str], None] = lambda message: None) -> UpdateSummary:
    """Refresh the data (or rebuild from `mirror`), render what changed, archive, index.

    With `acled`, ACLED events are fetched into the user cache with the user's credentials.
    """
    from sahel_analysis.render import render
    from sahel_analysis.render.archive import archive_results
    from sahel_analysis.render.index import write_index
    from sahel_analysis.render.jobs import Status
    from sahel_analysis.render.staleness import stale_reports

    started = time.perf_counter()
    if mirror:
        refreshed = _rebuild_from_mirror(mirror, log)
    else:
        result = refresh(today=today, timeout=timeout, log=log)
        for name, why in {**result.discovery.failed, **result.failed}.items():
            log(f"source {name} failed, kept the cached and embedded files: {why}")
        refreshed = result.as_dict()
    if acled:
        refreshed["acled"] = _fetch_acled(log)
    formats = tuple(formats)
    summary = render(reports, output_dir=output_dir, workers=workers, formats=formats)
    archived = archive_results(summary.output_dir, summary.results, formats) if archive else []
    if archived:
        write_index(summary.output_dir, summary.results)
    ok = [r for r in summary.results if r.status != Status.FAILED]
    stale = stale_reports(ok, max_data_age, today)
    code = 1 if summary.failed else 4 if stale else 0
    by_status = {status: [r.slug for r in summary.results if r.status == status]
                 for status in Status}
    return UpdateSummary(refreshed, by_status, [str(p) for p in archived],
                         [s.line() for s in stale], code, time.perf_counter() - started)
