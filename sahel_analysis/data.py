"""Public data API: the tidy, validated tables every notebook and script reads.

Every function reads the embedded tables (or those of ``$SAHEL_ANALYSIS_DATA_DIR``), filters
them by country (ISO3 code or English name, any case) and period, and returns a fresh
DataFrame whose columns are those of the pandera schemas in :mod:`sahel_analysis.schemas`.

Periods: ``start`` and ``end`` take ISO strings ("2020", "2020-05", "2020-05-17"), years
(Python or numpy integers, integral floats), ``date``, ``datetime`` or ``pd.Timestamp``;
``None`` means no bound. A period inside the data with no rows gives an empty table with the
usual columns; a period wholly outside the data raises InvalidPeriodError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sahel_analysis import config, vocabulary
from sahel_analysis.countries import normalise
from sahel_analysis.countries import table as _countries_table
from sahel_analysis.exceptions import (
    DataIntegrityError,
    InvalidArgumentError,
    InvalidPeriodError,
    UnknownCountryError,
    UnknownTimelineKeyError,
)
from sahel_analysis.hashing import sha256_of
from sahel_analysis.periods import DateLike, parse_period, year_bounds

__all__ = [
    "arms_orders", "arms_transfers", "boundaries", "civilian_killings", "conflicts",
    "countries", "coverage", "displacement", "dyads", "events", "fatalities", "gold_price",
    "indicators", "manifest", "owid_deaths", "timeline", "timeline_turn", "actor_families",
    "places", "published_tolls", "liptako_gourma_regions", "newest_data", "data_age_days",
    "acled_events",
]


HAND_WRITTEN = config.HAND_WRITTEN  # name: (file in data/, schema name)


def manifest() -> dict:
    """Return the data manifest (sources, versions, licences, hashes of every table)."""
    return config.read_manifest()


@lru_cache(maxsize=32)
def _read_table(path_text: str, mtime: float, expected_sha: str | None) -> pd.DataFrame:
    path = Path(path_text)
    if expected_sha is not None and sha256_of(path) != expected_sha:
        raise DataIntegrityError(
            f"{path} does not match the hash in the data manifest: it is corrupt or was "
            "changed by hand. Rebuild it with `sahel-analysis data build` (or reinstall)."
        )
    try:
        if path.name == "boundaries.parquet":
            import geopandas as gpd

            return gpd.read_parquet(path)
        return pd.read_parquet(path)
    except Exception as error:
        raise DataIntegrityError(
            f"Cannot read {path} ({type(error).__name__}: {error}). The file is corrupt: "
            "rebuild it with `sahel-analysis data build --mirror DIR` or reinstall the package."
        ) from error


def _table(name: str) -> pd.DataFrame:
    folder = config.data_dir()
    entry = manifest()["tables"].get(name)
    if entry is None:
        raise DataIntegrityError(
            f"Table {name!r} is not in the data manifest of {folder}. Rebuild the data."
        )
    path = folder / entry["file"]
    if not path.is_file():
        raise DataIntegrityError(
            f"{path} is missing. Rebuild it with `sahel-analysis data build --mirror DIR`."
        )
    if path.suffix == ".csv":
        _check_hand_written(path, name, entry.get("file_sha256"))
        return _read_csv(str(path), path.stat().st_mtime, name).copy()
    return _read_table(str(path), path.stat().st_mtime, entry.get("file_sha256")).copy()


def _check_hand_written(path: Path, name: str, expected_sha: str | None) -> None:
    """Refuse a hand-written table edited since the manifest recorded it."""
    if expected_sha is not None and sha256_of(path) != expected_sha:
        raise DataIntegrityError(
            f"{path} was edited since the data manifest recorded it (sha256 differs). Check "
            f"the edit and record it with `sahel-analysis data build --tables {name}` (it "
            "validates the table against its schema and updates the manifest)."
        )


@lru_cache(maxsize=8)
def _read_csv(path_text: str, mtime: float, name: str) -> pd.DataFrame:
    return read_hand_written(Path(path_text), HAND_WRITTEN[name][1])


def read_hand_written(path: Path, schema) -> pd.DataFrame:
    """Read a hand-written CSV table (timeline, places, published tolls...) and validate it.

    ``date`` must be an ISO date; an empty ``end_date`` or ``ucdp_event_id`` means none.
    """
    frame = pd.read_csv(path, keep_default_na=False)
    if "date" in frame.columns:
        frame["date"] = _iso_dates(frame["date"], path)
    if "end_date" in frame.columns:
        frame["end_date"] = _iso_dates(frame["end_date"].mask(frame["end_date"] == ""), path)
    if "ucdp_event_id" in frame.columns:
        ids = frame["ucdp_event_id"].astype(str)
        ids = ids.mask(ids == "")
        frame["ucdp_event_id"] = pd.to_numeric(ids, errors="coerce").astype("Int64")
        bad = ids.notna() & frame["ucdp_event_id"].isna()
        if bad.any():
            raise DataIntegrityError(
                f"{path}: ucdp_event_id {ids[bad].tolist()} are not integers; write UCDP's "
                "numeric event id or leave the cell empty.")
    from sahel_analysis import schemas  # pandera: imported only to check a hand-written table

    return schemas.validate(frame, getattr(schemas, schema) if isinstance(schema, str) else schema)


def _iso_dates(values: pd.Series, path: Path) -> pd.Series:
    """Parse YYYY-MM-DD dates (missing stays NaT); name the file and the bad cells otherwise."""
    parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    bad = values.notna() & parsed.isna()
    if bad.any():
        raise DataIntegrityError(
            f"{path}: dates {values[bad].tolist()[:5]} are not YYYY-MM-DD; fix them by hand.")
    return parsed


def _between(frame: pd.DataFrame, column: str, start: DateLike, end: DateLike,
             what: str, whole: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the rows of `frame` in the period; refuse only a period outside `whole`'s span.

    A period inside the data that has no rows (e.g. a country without events that year)
    gives an empty table with the usual columns.
    """
    first, last = parse_period(start, end)
    values = frame[column]
    if pd.api.types.is_integer_dtype(values):
        first, last = year_bounds(start, end)
    mask = pd.Series(True, index=frame.index)
    if first is not None:
        mask &= values >= first
    if last is not None:
        mask &= values <= last
    span = (whole if whole is not None else frame)[column]
    if len(span) and _outside(span, first, last):
        raise InvalidPeriodError(
            f"No {what} {_period_words(start, end)}: the data cover {_label(span.min())} to "
            f"{_label(span.max())}. Choose a period that overlaps that range."
        )
    return frame[mask].reset_index(drop=True)


def _outside(span: pd.Series, first, last) -> bool:
    """Return True when the period [first, last] does not overlap the values of `span`."""
    return bool((first is not None and first > span.max())
                or (last is not None and last < span.min()))


def _label(value) -> str:
    return str(value.date()) if isinstance(value, pd.Timestamp) else str(value)


def _period_words(start, end) -> str:
    """Say "between 2020 and 2021", "from 2030 on" or "up to 1950" (None is no bound)."""
    if start is not None and end is not None:
        return f"between {start} and {end}"
    return f"from {start} on" if start is not None else f"up to {end}"


def _countries(frame: pd.DataFrame, column: str, countries) -> pd.DataFrame:
    if countries is None:
        return frame
    return frame[frame[column].isin(normalise(countries))]


def countries() -> pd.DataFrame:
    """Return the covered countries: country_iso3, name, gw_code, group (AES/coastal/neighbour)."""
    return _countries_table()


def events(countries=None, start: DateLike = None, end: DateLike = None,
           *, include_preliminary: bool = True, source: str = "ucdp") -> pd.DataFrame:
    """Return UCDP GED events: final rows (to 2023) and Candidate rows flagged `preliminary`.

    Columns: event_id, date, date_end, date_precision, country_iso3, place (UCDP's
    ``where_coordinates``), admin1, admin2, latitude,
    longitude, where_precision, violence_type, conflict_name, dyad_name, side_a, side_b,
    deaths_a, deaths_b, deaths_civilians, deaths_unknown, deaths_best, deaths_low, deaths_high,
    code_status, preliminary, source_version, year.

    ``source="acled"`` returns :func:`acled_events` instead (same columns).

    Example:
        >>> sahel = events(["MLI", "BFA", "NER"], start="2020", end="2023")
    """
    if source == "acled":
        return acled_events(countries, start, end)
    if source != "ucdp":
        raise InvalidArgumentError("source must be 'ucdp' or 'acled'")
    whole = _table("events")
    frame = _countries(whole, "country_iso3", countries)
    if not include_preliminary:
        frame = frame[~frame["preliminary"]]
    return _between(frame, "date", start, end, "events", whole)


def acled_events(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return ACLED events from the local ACLED cache, in the columns of :func:`events`.

    The cache is filled with your own ACLED account (``sahel-analysis update --acled``);
    nothing from ACLED is ever part of ``data/``. ACLED counts events UCDP does not.
    """
    from sahel_analysis.sources.acled_api import cached_events

    frame = _countries(cached_events(), "country_iso3", countries)
    return _between(frame, "date", start, end, "ACLED events")


def fatalities(countries=None, start: DateLike = None, end: DateLike = None,
               *, by: str = "year") -> pd.DataFrame:
    """Return deaths in organised violence by country, period and violence type.

    ``by="year"``: UCDP's country-year table (v25.1, 1989-2024), one row per country_iso3,
    year and violence_type (state_based, non_state, one_sided) with deaths_best, deaths_low,
    deaths_high and source; summing over violence_type gives UCDP's country-year total.
    ``by="month"``: sums of GED events per country_iso3, month and violence_type, with the
    number of events and a ``preliminary`` flag (months covered only by Candidate data).
    """
    if by == "year":
        whole = _table("fatalities")
        frame = _countries(whole, "country_iso3", countries)
        return _between(frame, "year", start, end, "country-year deaths", whole)
    if by != "month":
        raise InvalidArgumentError("by must be 'year' or 'month'")
    ev = events(countries, start, end)
    ev["month"] = ev["date"].dt.to_period("M").dt.to_timestamp()
    grouped = ev.groupby(["country_iso3", "month", "violence_type"], as_index=False).agg(
        deaths_best=("deaths_best", "sum"),
        deaths_low=("deaths_low", "sum"),
        deaths_high=("deaths_high", "sum"),
        events=("event_id", "size"),
        preliminary=("preliminary", "all"),
    )
    grouped["source"] = "UCDP GED events"
    return grouped


def owid_deaths(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return OWID's deaths in armed conflicts (UCDP-based, active conflicts only, to 2025).

    A separate series with a different method: never add it to :func:`fatalities`.
    """
    whole = _table("owid_deaths")
    frame = _countries(whole, "country_iso3", countries)
    return _between(frame, "year", start, end, "OWID country-year deaths", whole)


def civilian_killings(countries=None, start: DateLike = None,
                      end: DateLike = None) -> pd.DataFrame:
    """Return civilians killed in one-sided violence by governments vs non-state groups (UCDP)."""
    whole = _table("civilian_killings")
    frame = _countries(whole, "country_iso3", countries)
    return _between(frame, "year", start, end, "civilian killings", whole)


def dyads(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return the named UCDP dyads active per country-year and violence type."""
    whole = _table("dyads")
    frame = _countries(whole, "country_iso3", countries)
    return _between(frame, "year", start, end, "dyads", whole)


def conflicts(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return armed conflicts (UCDP/PRIO ACD 25.1) and non-state conflicts (UCDP 22.1) per year.

    Columns: dataset, conflict_id, year, country_iso3, side_a, side_a_2nd, side_b, side_b_2nd,
    incompatibility, intensity_level (1: 25-999 deaths, 2: war), type_of_conflict,
    deaths_best/low/high (non-state rows only).
    """
    whole = _table("conflicts")
    frame = _countries(whole, "country_iso3", countries)
    return _between(frame, "year", start, end, "conflict-years", whole)


def displacement(countries=None, start: DateLike = None, end: DateLike = None,
                 *, role: str = "any") -> pd.DataFrame:
    """Return displacement stocks (UNHCR; IDMC IDPs) touching the given countries.

    Columns: year, origin_iso3, origin_name, host_iso3, host_name, measure, value, source.
    ``role``: "origin" (people from the countries), "host" (people in them) or "any".
    """
    frame = whole = _table("displacement")
    if countries is not None:
        codes = normalise(countries)
        origin = frame["origin_iso3"].isin(codes)
        host = frame["host_iso3"].isin(codes)
        mask = {"origin": origin, "host": host, "any": origin | host}.get(role)
        if mask is None:
            raise InvalidArgumentError("role must be 'origin', 'host' or 'any'")
        frame = frame[mask]
    return _between(frame, "year", start, end, "displacement figures", whole)


def indicators(countries=None, codes=None, start: DateLike = None,
               end: DateLike = None) -> pd.DataFrame:
    """Return World Bank WDI series: indicator_code, indicator_name, country_iso3, year, value.

    Countries come first, as in every function of this module; ``codes`` names the series
    (e.g. ``"SP.POP.TOTL"``; None: all 12).

    Example:
        >>> population = indicators("NER", "SP.POP.TOTL", 2020, 2024)
    """
    whole = _table("indicators")
    _refuse_codes_as_countries(countries, whole)
    frame = _countries(whole, "country_iso3", countries)
    if codes is not None:
        wanted = [codes] if isinstance(codes, str) else list(codes)
        wanted = [c.upper() for c in wanted]
        missing = sorted(set(wanted) - set(frame["indicator_code"]))
        if missing:
            raise InvalidArgumentError(
                f"Indicators {missing} are not in the embedded data; available: "
                f"{sorted(frame['indicator_code'].unique())}."
            )
        frame = frame[frame["indicator_code"].isin(wanted)]
    return _between(frame, "year", start, end, "indicator values", whole)


def _refuse_codes_as_countries(countries, table: pd.DataFrame) -> None:
    """Say how to call indicators() when an indicator code is passed where countries go."""
    given = [countries] if isinstance(countries, str) else list(countries or [])
    codes = set(table["indicator_code"])
    if any(str(c).upper() in codes for c in given):
        raise UnknownCountryError(
            f"{given} are indicator codes, not countries: indicators() takes countries first. "
            "Call indicators(countries, codes=...) e.g. indicators('NER', codes='SP.POP.TOTL')."
        )


def arms_transfers(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return SIPRI TIV delivered by recipient, supplier (and bloc) and year, 2000-2023."""
    whole = _table("arms_deliveries")
    frame = _countries(whole, "recipient_iso3", countries)
    return _between(frame, "year", start, end, "arms deliveries", whole)


def arms_orders(countries=None, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return SIPRI deals by recipient, supplier and order year (orders to 2024)."""
    whole = _table("arms_orders")
    frame = _countries(whole, "recipient_iso3", countries)
    return _between(frame, "order_year", start, end, "arms orders", whole)


def boundaries(level: int = 0):
    """Return Natural Earth admin-0 polygons of Africa as a GeoDataFrame (EPSG:4326).

    Only level 0 exists offline: admin-1 polygons for the Sahel are not in the embedded data.
    """
    if level != 0:
        raise InvalidArgumentError(
            "Only admin-0 (level=0) boundaries are embedded; admin-1 polygons (geoBoundaries, "
            "OCHA COD-AB) are not available offline. Maps use event points for sub-national "
            "detail."
        )
    return _table("boundaries")


def gold_price(start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
    """Return the monthly gold price (USD per troy ounce, nominal), from 1990."""
    return _between(_table("gold_price"), "date", start, end, "gold prices")


def timeline(countries=None, categories=None, start: DateLike = None,
             end: DateLike = None, *, include_blocs: bool = True, kinds=None) -> pd.DataFrame:
    """Return the hand-written, sourced timeline of the crisis and the realignment.

    Each row has a stable ``key``, a ``category`` (chart styling) and a ``kind`` (coup,
    massacre, battle, sanctions...). Its ``country`` is an ISO3 code or a bloc scope
    (``schemas.TIMELINE_BLOCS``: AES, G5S, ECOWAS, UN). Bloc rows are kept with a country
    only when it belongs to the bloc (so AES rows never reach Benin or Chad), unless
    ``include_blocs`` is False.
    """
    frame = whole = _table("timeline")
    if countries is not None:
        codes = normalise(countries)
        keep = frame["country"].isin(codes)
        if include_blocs:
            blocs = [bloc for bloc, members in vocabulary.TIMELINE_BLOCS.items()
                     if set(codes) & set(members)]
            keep |= frame["country"].isin(blocs)
        frame = frame[keep]
    if categories is not None:
        wanted = [categories] if isinstance(categories, str) else list(categories)
        bad = sorted(set(wanted) - set(vocabulary.TIMELINE_CATEGORIES))
        if bad:
            raise InvalidArgumentError(
                f"Unknown categories {bad}; valid: {vocabulary.TIMELINE_CATEGORIES}")
        frame = frame[frame["category"].isin(wanted)]
    if kinds is not None:
        wanted = [kinds] if isinstance(kinds, str) else list(kinds)
        bad = sorted(set(wanted) - set(vocabulary.TIMELINE_KINDS))
        if bad:
            raise InvalidArgumentError(f"Unknown kinds {bad}; valid: {vocabulary.TIMELINE_KINDS}")
        frame = frame[frame["kind"].isin(wanted)]
    selected = _between(frame, "date", start, end, "timeline events", whole)
    return selected.sort_values("date").reset_index(drop=True)


def timeline_turn(key: str) -> pd.Series:
    """Return the timeline row with stable ``key`` (e.g. ``wagner_arrives_mali``)."""
    frame = _table("timeline")
    rows = frame[frame["key"] == key]
    if rows.empty:
        raise UnknownTimelineKeyError(f"No timeline row with key {key!r}.")
    return rows.iloc[0]


def places(countries=None) -> pd.DataFrame:
    """Return the capitals and main towns drawn on maps (hand-written, every row sourced)."""
    return _countries(_table("places"), "country_iso3", countries)


def published_tolls(countries=None, start: DateLike = None,
                    end: DateLike = None) -> pd.DataFrame:
    """Return the tolls of major events as published by the UN, NGOs, governments, armed groups.

    One row per published figure (hand-written, every row sourced): ``key`` names the event,
    ``ucdp_event_id`` links it to :func:`events` where UCDP's event data cover it (else
    missing), ``killed_low`` is the figure as published and ``qualifier`` its wording
    (``more_than`` 500 for "more than 500"); ``why_differs`` says why it is not UCDP's count.
    """
    frame = whole = _table("published_tolls")
    frame = _countries(frame, "country", countries)
    selected = _between(frame, "date", start, end, "published tolls", whole)
    return selected.sort_values(["date", "key", "publisher"]).reset_index(drop=True)


def liptako_gourma_regions(countries=None) -> pd.DataFrame:
    """Return the admin-1 regions (UCDP ``admin1`` spelling) of the Liptako-Gourma Authority.

    ``basis`` is ``listed`` for a region the Authority names and ``successor`` for one carved
    out of, or renamed from, a listed region since (its ``note`` says which).
    """
    return _countries(_table("liptako_gourma_regions"), "country_iso3", countries)


def actor_families() -> pd.DataFrame:
    """Return the curated mapping from UCDP actor names to actor families, with sources."""
    return _table("actor_families")


def coverage() -> pd.DataFrame:
    """Return which source covers which period, for the 'which source per period' notes.

    One row per series: its source (named from the source modules' releases), its first and
    last year and, for event data, its first and last month (``first``/``last``, month starts;
    NaT for yearly series). The reports' coverage notes and source lines read this table.
    """
    from sahel_analysis.sources import ucdp_orgvio

    ev = _table("events")
    final = ev[~ev["preliminary"]]
    prelim = ev[ev["preliminary"]]
    # preliminary months after the final data: what only Candidate releases cover
    after = prelim[prelim["date"] > final["date"].max()] if len(final) else prelim
    rows = [
        ("Country-year deaths by type", f"UCDP Organized Violence v{ucdp_orgvio.RELEASE}",
         *_span(_table("fatalities")["year"])),
        ("Country-year deaths, latest year", "OWID (UCDP GED-based)",
         *_span(_table("owid_deaths")["year"])),
        ("Events, final", "UCDP GED final (AES states)", *_span(final["date"].dt.year),
         *_months(final["date"])),
        ("Events, preliminary",
         "UCDP " + ", ".join(sorted(prelim["source_version"].unique())) + " (preliminary)",
         *_span(prelim["date"].dt.year), *_months(prelim["date"])),
        ("Events, preliminary after the final data",
         "UCDP " + ", ".join(sorted(after["source_version"].unique())) + " (preliminary)",
         *_span(after["date"].dt.year), *_months(after["date"])),
        ("Displacement", "UNHCR / IDMC", *_span(_table("displacement")["year"])),
        ("Arms deliveries", "SIPRI (aggregates)", *_span(_table("arms_deliveries")["year"])),
        ("Arms orders", "SIPRI (aggregates)", *_span(_table("arms_orders")["order_year"])),
    ]
    frame = pd.DataFrame([row + (pd.NaT, pd.NaT) * (len(row) == 4) for row in rows],
                         columns=["series", "source", "first_year", "last_year", "first",
                                  "last"])
    frame[["first", "last"]] = frame[["first", "last"]].astype("datetime64[ns]")
    return frame


def _span(values: pd.Series) -> tuple[int, int]:
    if values.empty:
        return 0, 0
    return int(values.min()), int(values.max())


def _months(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    if dates.empty:
        return pd.NaT, pd.NaT
    return (dates.min().to_period("M").to_timestamp(),
            dates.max().to_period("M").to_timestamp())


def coverage_end(entry: dict) -> dt.date | None:
    """Return the last day a manifest table entry covers (a year counts to 31 December)."""
    last = (entry.get("coverage") or {}).get("last")
    if not last:
        return None
    text = str(last)
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 31)
    return dt.date.fromisoformat(text[:10])


def newest_data(tables: Iterable[str], tables_manifest: dict | None = None) -> dt.date | None:
    """Return the newest coverage end date among `tables` (None when none has a coverage).

    Example:
        >>> from sahel_analysis.reports.briefing import TABLES_READ
        >>> newest_data(TABLES_READ)  # doctest: +SKIP
        datetime.date(2026, 1, 31)
    """
    entries = tables_manifest if tables_manifest is not None else manifest()["tables"]
    ends = [coverage_end(entries[name]) for name in tables if name in entries]
    ends = [end for end in ends if end is not None]
    return max(ends) if ends else None


def data_age_days(tables: Iterable[str], today: DateLike = None,
                  tables_manifest: dict | None = None) -> int | None:
    """Return how many days separate `today` (default: today) from the newest data of `tables`."""
    newest = newest_data(tables, tables_manifest)
    if newest is None:
        return None
    day = dt.date.today() if today is None else pd.Timestamp(today).date()
    return (day - newest).days
