"""`data build`: turn upstream snapshots into the compact, validated tables shipped in `data/`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sahel_analysis import __version__, config, schemas
from sahel_analysis.data import HAND_WRITTEN, read_hand_written
from sahel_analysis.exceptions import (
    DataIntegrityError,
    DataUnavailableError,
    OutputNotWritableError,
    ParameterError,
)
from sahel_analysis.hashing import content_hash, sha256_of
from sahel_analysis.sources import (
    ged_releases,
    gold,
    natural_earth,
    owid_conflict,
    sipri,
    ucdp_acd,
    ucdp_ged,
    ucdp_nonstate,
    ucdp_orgvio,
    unhcr,
    wdi,
)
from sahel_analysis.sources.base import Source

MANIFEST = "manifest.json"
BUILD_COMMAND = "sahel-analysis data build"


def hand_written_names() -> list[str]:
    """Return the names of the hand-written tables (add a table to ``HAND_WRITTEN``)."""
    return list(HAND_WRITTEN)


@dataclass(frozen=True)
class TableSpec:
    """One derived table: its sources, the files it reads and the function that builds it."""

    name: str
    sources: tuple[Source, ...]
    inputs: tuple[tuple[Source, str], ...]
    build: Callable[[list[Path]], pd.DataFrame]
    schema: object | None
    note: str = ""
    preferred_inputs: tuple[tuple[Source, str], ...] = ()


def _orgvio(step: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[list[Path]], pd.DataFrame]:
    return lambda paths: step(ucdp_orgvio.read(paths[0]))


def _events(paths: list[Path]) -> pd.DataFrame:
    """Final GED (the global file when available, else the per-country exports) + Candidates."""
    if paths[0].name == ucdp_ged.GLOBAL_FILE:
        final = ucdp_ged.read_ged(paths[0], "GED final 25.1 (global)", preliminary=False)
        candidate_paths = paths[1:]
    else:
        final = pd.concat(
            [ucdp_ged.read_ged(p, "GED final (24.1, per-country export)", preliminary=False)
             for p in paths[:3]],
            ignore_index=True,
        )
        candidate_paths = paths[3:]
    labels = list(ucdp_ged.CANDIDATE_FILES.values())
    candidates = [ucdp_ged.read_ged(p, label, preliminary=True)
                  for p, label in zip(candidate_paths, labels, strict=True)]
    return ged_releases.merge(final, candidates)


def _conflicts(paths: list[Path]) -> pd.DataFrame:
    frames = [ucdp_acd.tidy(paths[0]), ucdp_nonstate.tidy(paths[1])]
    return pd.concat(frames, ignore_index=True).sort_values(
        ["country_iso3", "year", "dataset", "conflict_id"]
    ).reset_index(drop=True)


TABLES: tuple[TableSpec, ...] = (
    TableSpec("fatalities", (ucdp_orgvio.SOURCE,), ((ucdp_orgvio.SOURCE, "country_year"),),
              _orgvio(ucdp_orgvio.tidy_fatalities), schemas.FATALITIES),
    TableSpec("civilian_killings", (ucdp_orgvio.SOURCE,),
              ((ucdp_orgvio.SOURCE, "country_year"),),
              _orgvio(ucdp_orgvio.tidy_civilian_killings), schemas.CIVILIAN_KILLINGS),
    TableSpec("dyads", (ucdp_orgvio.SOURCE,), ((ucdp_orgvio.SOURCE, "country_year"),),
              _orgvio(ucdp_orgvio.tidy_dyads), schemas.DYADS),
    TableSpec("owid_deaths", (owid_conflict.SOURCE,), ((owid_conflict.SOURCE, "deaths"),),
              lambda paths: owid_conflict.tidy(paths[0]), schemas.OWID_DEATHS,
              note=owid_conflict.SOURCE.notes),
    TableSpec(
        "events",
        (ucdp_ged.SOURCE,),
        tuple((ucdp_ged.SOURCE, key) for key in (*ucdp_ged.FINAL_FILES,
                                                  *ucdp_ged.CANDIDATE_FILES)),
        _events,
        schemas.EVENTS,
        note=ucdp_ged.SOURCE.notes,
        preferred_inputs=((ucdp_ged.SOURCE, "global_251"),
                          *((ucdp_ged.SOURCE, key) for key in ucdp_ged.CANDIDATE_FILES)),
    ),
    TableSpec("conflicts", (ucdp_acd.SOURCE, ucdp_nonstate.SOURCE),
              ((ucdp_acd.SOURCE, "conflicts"), (ucdp_nonstate.SOURCE, "dyad_years")),
              _conflicts, schemas.CONFLICTS),
    TableSpec("displacement", (unhcr.SOURCE,),
              ((unhcr.SOURCE, "population"), (unhcr.SOURCE, "idmc")),
              lambda paths: unhcr.tidy(paths[0], paths[1]), schemas.DISPLACEMENT,
              note=unhcr.SOURCE.notes),
    TableSpec("indicators", (wdi.SOURCE,), ((wdi.SOURCE, "long"), (wdi.SOURCE, "indicators")),
              lambda paths: wdi.tidy(paths[0], paths[1]), schemas.INDICATORS),
    TableSpec("arms_deliveries", (sipri.SOURCE,), ((sipri.SOURCE, "deliveries"),),
              lambda paths: sipri.tidy_deliveries(paths[0]), schemas.ARMS_DELIVERIES,
              note="Aggregate of SIPRI data (TIV by recipient, supplier, year); cite SIPRI."),
    TableSpec("arms_orders", (sipri.SOURCE,), ((sipri.SOURCE, "deals"),),
              lambda paths: sipri.tidy_orders(paths[0]), schemas.ARMS_ORDERS,
              note="Aggregate of SIPRI data (deals by recipient, supplier, order year)."),
    TableSpec("gold_price", (gold.SOURCE,), ((gold.SOURCE, "monthly"),),
              lambda paths: gold.tidy(paths[0]), schemas.GOLD_PRICE),
    TableSpec("boundaries", (natural_earth.SOURCE,), ((natural_earth.SOURCE, "countries"),),
              lambda paths: natural_earth.tidy(paths[0]), None,
              note="Simplified (0.02 degree tolerance) African admin-0 polygons."),
)


def build_table(spec: TableSpec, *, verify: bool = True, refresh: bool = False
                ) -> tuple[pd.DataFrame, list[dict]]:
    """Fetch the inputs of one table, build and validate it; return it with its input records.

    A table with `preferred_inputs` (e.g. the 250 MB global GED) uses them when they can be
    had (mirror, cache or download) and falls back to its regular inputs otherwise.
    """
    chosen, paths = spec.inputs, None
    if spec.preferred_inputs:
        try:
            paths = [source.fetch(key, verify=verify, refresh=refresh)
                     for source, key in spec.preferred_inputs]
            chosen = spec.preferred_inputs
        except DataUnavailableError:
            paths = None
    if paths is None:
        paths = [source.fetch(key, verify=verify, refresh=refresh) for source, key in chosen]
    frame = spec.build(paths)
    if spec.schema is not None:
        frame = schemas.validate(frame, spec.schema)
    inputs = [
        {"source": source.key, "file": source.files[key].path, "url": source.files[key].url,
         "sha256": sha256_of(path)}
        for (source, key), path in zip(chosen, paths, strict=True)
    ]
    return frame, inputs


def _write(frame: pd.DataFrame, path: Path) -> None:
    if "geometry" in frame.columns:
        frame.to_parquet(path, index=False, compression="zstd")
    else:
        frame.to_parquet(path, index=False, compression="zstd", engine="pyarrow")


def build(
    output: Path | None = None,
    tables: list[str] | None = None,
    *,
    verify: bool = True,
    refresh: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Rebuild the embedded tables into `output` (default: the data folder) and its manifest.

    Everything is built and validated in a temporary folder first; the previous tables are
    replaced only when every table succeeded, so a failed build leaves them untouched.
    """
    valid = [t.name for t in TABLES] + hand_written_names()
    unknown = set(tables or []) - set(valid)
    if unknown:
        raise ParameterError(f"Unknown tables {sorted(unknown)}; valid: {valid}.")
    source = config.data_dir()
    output = Path(output) if output else source
    selected = [t for t in TABLES if tables is None or t.name in tables]
    manifest_path = output / MANIFEST
    manifest = config.read_manifest(output) if manifest_path.is_file() else {}
    entries = dict(manifest.get("tables", {}))
    created = not output.exists()
    staging = _staging_folder(output)
    try:
        for spec in selected:
            log(f"building {spec.name}")
            frame, inputs = build_table(spec, verify=verify, refresh=refresh)
            file_name = f"{spec.name}.parquet"
            _write(frame, staging / file_name)
            entries[spec.name] = {
                "file": file_name,
                "kind": "derived",
                "sources": [s.metadata() for s in spec.sources],
                "inputs": inputs,
                "rows": len(frame),
                "columns": list(frame.columns),
                "content_sha256": content_hash(frame),
                "file_sha256": sha256_of(staging / file_name),
                "coverage": coverage_of(frame),
                "command": f"{BUILD_COMMAND} --tables {spec.name}",
                "note": spec.note,
            }
        for name, (file_name, schema) in HAND_WRITTEN.items():
            hand_written = _hand_written_file(file_name, output, source, staging)
            frame = read_hand_written(hand_written, schema)
            entries[name] = {
                "file": file_name,
                "kind": "hand-written, every row sourced",
                "sources": [{"key": "sahel_analysis", "licence": "CC BY 4.0",
                             "attribution": "sahel_analysis authors, sources per row"}],
                "rows": len(frame),
                "columns": list(frame.columns),
                "content_sha256": content_hash(frame),
                "file_sha256": sha256_of(hand_written),
                "command": "edited by hand; checked by its pandera schema at build",
                "note": "",
            }
        new_manifest = {
            "package": "sahel_analysis",
            "package_version": __version__,
            "build_command": BUILD_COMMAND,
            "mirror_used": config.mirror_dir() is not None,
            "tables": dict(sorted(entries.items())),
        }
        (staging / MANIFEST).write_text(json.dumps(new_manifest, indent=2, ensure_ascii=False),
                                        encoding="utf-8")
        for spec in selected:
            os.replace(staging / f"{spec.name}.parquet", output / f"{spec.name}.parquet")
        for file_name, _ in HAND_WRITTEN.values():
            if (staging / file_name).is_file():
                os.replace(staging / file_name, output / file_name)
        os.replace(staging / MANIFEST, manifest_path)
        created = False
        return new_manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(output, ignore_errors=True)


def _staging_folder(output: Path) -> Path:
    """Create `output` if needed and a staging folder in it; refuse an unwritable folder."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".build-", dir=output))
    except OSError as error:
        raise OutputNotWritableError(
            f"Cannot write to {output} ({error.strerror or error}). Choose another --output "
            "folder or fix its permissions."
        ) from None


def _hand_written_file(file_name: str, output: Path, source: Path, staging: Path) -> Path:
    """Return the output's hand-written table, else a staged copy of the data folder's.

    So `data build --output NEWDIR` gives a complete folder.
    """
    if (output / file_name).is_file():
        return output / file_name
    if not (source / file_name).is_file():
        raise DataIntegrityError(
            f"The hand-written table {file_name} is in neither {output} nor {source}. "
            f"{config.RESTORE_HINT}")
    return Path(shutil.copyfile(source / file_name, staging / file_name))


def coverage_of(frame: pd.DataFrame) -> dict | None:
    """Return the first and last date (or year) a table covers, for cheap look-ups."""
    for column in ("date", "year", "order_year"):
        if column in frame.columns and len(frame):
            values = frame[column]
            if pd.api.types.is_datetime64_any_dtype(values):
                return {"first": str(values.min().date()), "last": str(values.max().date())}
            return {"first": str(int(values.min())), "last": str(int(values.max()))}
    return None


