"""Pandera schemas of every harmonised table: the contract between data build and the API."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from sahel_analysis.countries import ALL_ISO3
from sahel_analysis.exceptions import SchemaValidationError
from sahel_analysis.vocabulary import (  # noqa: F401  (re-exported: schemas.TIMELINE_…)
    ACTOR_FAMILIES,
    DATE_PRECISIONS,
    PUBLISHER_KINDS,
    TIMELINE_BLOCS,
    TIMELINE_CATEGORIES,
    TIMELINE_COUNTRIES,
    TIMELINE_KINDS,
    TOLL_QUALIFIERS,
    VIOLENCE_TYPES,
)

_iso3 = pa.Check.isin(ALL_ISO3)
_year = pa.Check.in_range(1946, 2030)
_count = pa.Check.ge(0)


def _deaths(nullable: bool = False) -> dict[str, pa.Column]:
    dtype = "Int64" if nullable else "int64"
    return {
        name: pa.Column(dtype, _count, nullable=nullable)
        for name in ("deaths_best", "deaths_low", "deaths_high")
    }


_text = pa.Column(str)
_optional_text = pa.Column(nullable=True)

FATALITIES = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, _iso3),
        "year": pa.Column("int64", _year),
        "violence_type": pa.Column(str, pa.Check.isin(VIOLENCE_TYPES)),
        **_deaths(),
        "source": _text,
    },
    unique=["country_iso3", "year", "violence_type"],
    strict=True,
    name="fatalities",
)

CIVILIAN_KILLINGS = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, _iso3),
        "year": pa.Column("int64", _year),
        "perpetrator": pa.Column(str, pa.Check.isin(["government", "non_state_group"])),
        **_deaths(),
        "source": _text,
    },
    unique=["country_iso3", "year", "perpetrator"],
    strict=True,
    name="civilian_killings",
)

DYADS = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, _iso3),
        "year": pa.Column("int64", _year),
        "violence_type": pa.Column(str, pa.Check.isin(VIOLENCE_TYPES)),
        "dyad_name": _text,
        "source": _text,
    },
    unique=["country_iso3", "year", "violence_type", "dyad_name"],
    strict=True,
    name="dyads",
)

OWID_DEATHS = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, _iso3),
        "year": pa.Column("int64", _year),
        **_deaths(),
        "source": _text,
    },
    unique=["country_iso3", "year"],
    strict=True,
    name="owid_deaths",
)

EVENTS_NOTE = (
    "deaths_low and deaths_high are kept as UCDP publishes them: in 63 final GED rows "
    "deaths_low > deaths_best or deaths_high < deaths_best (UCDP's own estimates); they are "
    "not corrected or dropped, and sums of deaths_best are unaffected."
)

EVENTS = pa.DataFrameSchema(
    {
        "event_id": pa.Column("int64"),
        "date": pa.Column("datetime64[ns]"),
        "date_end": pa.Column("datetime64[ns]"),
        "date_precision": pa.Column("int64", pa.Check.in_range(1, 5)),
        "country_iso3": pa.Column(str, _iso3),
        "place": _optional_text,
        "admin1": _optional_text,
        "admin2": _optional_text,
        "latitude": pa.Column("float64", pa.Check.in_range(-40, 40)),
        "longitude": pa.Column("float64", pa.Check.in_range(-30, 60)),
        "where_precision": pa.Column("int64", pa.Check.in_range(1, 7)),
        "violence_type": pa.Column(str, pa.Check.isin(VIOLENCE_TYPES)),
        "conflict_name": _text,
        "dyad_name": _text,
        "side_a": _text,
        "side_b": _text,
        "deaths_a": pa.Column("int64", _count),
        "deaths_b": pa.Column("int64", _count),
        "deaths_civilians": pa.Column("int64", _count),
        "deaths_unknown": pa.Column("int64", _count),
        **_deaths(),
        "code_status": _text,
        "preliminary": pa.Column(bool),
        "source_version": _text,
        "year": pa.Column("int64", _year),
    },
    checks=[
        pa.Check(lambda df: df["date"] <= df["date_end"], name="start_le_end"),
    ],
    unique=["event_id"],
    strict=True,
    name="events",
    description=EVENTS_NOTE,
)

CONFLICTS = pa.DataFrameSchema(
    {
        "dataset": _text,
        "conflict_id": pa.Column("int64"),
        "year": pa.Column("int64", _year),
        "country_iso3": pa.Column(str, _iso3),
        "side_a": _text,
        "side_a_2nd": _optional_text,
        "side_b": _text,
        "side_b_2nd": _optional_text,
        "incompatibility": _optional_text,
        "intensity_level": pa.Column("Int64", pa.Check.isin([1, 2]), nullable=True),
        "type_of_conflict": _text,
        **_deaths(nullable=True),
    },
    unique=["dataset", "conflict_id", "year", "country_iso3", "side_b"],
    strict=True,
    name="conflicts",
)

DISPLACEMENT = pa.DataFrameSchema(
    {
        "year": pa.Column("int64", pa.Check.in_range(2000, 2030)),
        "origin_iso3": _text,
        "origin_name": _text,
        "host_iso3": _text,
        "host_name": _text,
        "measure": pa.Column(
            str,
            pa.Check.isin(
                ["refugees", "asylum_seekers", "idps_unhcr", "returned_refugees",
                 "returned_idps", "other_in_need_of_protection", "idps_idmc"]
            ),
        ),
        "value": pa.Column("int64", pa.Check.gt(0)),
        "source": _text,
    },
    unique=["year", "origin_iso3", "host_iso3", "measure"],
    strict=True,
    name="displacement",
)

INDICATORS = pa.DataFrameSchema(
    {
        "indicator_code": _text,
        "indicator_name": _text,
        "country_iso3": pa.Column(str, _iso3),
        "year": pa.Column("int64", _year),
        "value": pa.Column("float64"),
    },
    unique=["indicator_code", "country_iso3", "year"],
    strict=True,
    name="indicators",
)

ARMS_DELIVERIES = pa.DataFrameSchema(
    {
        "recipient_iso3": pa.Column(str, _iso3),
        "supplier": _text,
        "supplier_bloc": _text,
        "year": pa.Column("int64", pa.Check.in_range(1950, 2030)),
        "tiv_delivered": pa.Column("float64", _count),
        "deals": pa.Column("int64", pa.Check.gt(0)),
    },
    unique=["recipient_iso3", "supplier", "year"],
    strict=True,
    name="arms_deliveries",
)

ARMS_ORDERS = pa.DataFrameSchema(
    {
        "recipient_iso3": pa.Column(str, _iso3),
        "supplier": _text,
        "supplier_bloc": _text,
        "order_year": pa.Column("int64", pa.Check.in_range(1950, 2030)),
        "deals": pa.Column("int64", pa.Check.gt(0)),
        "undelivered_deals": pa.Column("int64", _count),
        "tiv_ordered": pa.Column("float64", _count),
        "tiv_delivered": pa.Column("float64", _count),
    },
    unique=["recipient_iso3", "supplier", "order_year"],
    strict=True,
    name="arms_orders",
)

GOLD_PRICE = pa.DataFrameSchema(
    {
        "date": pa.Column("datetime64[ns]", unique=True),
        "price_usd_per_oz": pa.Column("float64", pa.Check.gt(0)),
    },
    strict=True,
    name="gold_price",
)

TIMELINE = pa.DataFrameSchema(
    {
        "key": pa.Column(str, [pa.Check.str_matches(r"^[a-z][a-z0-9_]{2,59}$")], unique=True),
        "date": pa.Column("datetime64[ns]", pa.Check.in_range(pd.Timestamp("2012-01-01"),
                                                             pd.Timestamp("2026-12-31"))),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISIONS)),
        "country": pa.Column(str, pa.Check.isin(TIMELINE_COUNTRIES)),
        "category": pa.Column(str, pa.Check.isin(TIMELINE_CATEGORIES)),
        "kind": pa.Column(str, pa.Check.isin(TIMELINE_KINDS)),
        "title": pa.Column(str, pa.Check.str_length(3, 60)),
        "description": pa.Column(str, pa.Check.str_length(10, 400)),
        "source": pa.Column(str, pa.Check.str_length(10, 400)),
    },
    unique=["date", "country", "title"],
    strict=True,
    name="timeline",
)

PLACES = pa.DataFrameSchema(
    {
        "name": pa.Column(str, pa.Check.str_length(2, 40), unique=True),
        "country_iso3": pa.Column(str, _iso3),
        "kind": pa.Column(str, pa.Check.isin(["capital", "town"])),
        "latitude": pa.Column("float64", pa.Check.in_range(-40, 40)),
        "longitude": pa.Column("float64", pa.Check.in_range(-30, 60)),
        "source": pa.Column(str, pa.Check.str_length(10, 400)),
    },
    strict=True,
    name="places",
)

# Groups an actor of ``actor_families.csv`` can have founded (``founder_of``, "; "-separated).
_LATER_GROUPS = "JNIM|IS Sahel"

ACTOR_FAMILY_MAP = pa.DataFrameSchema(
    {
        "actor": pa.Column(str, unique=True),
        "family": pa.Column(str, pa.Check.isin(ACTOR_FAMILIES)),
        "active_from": pa.Column(str, pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$")),
        "active_to": pa.Column(str, pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$")),
        "founder_of": pa.Column(str, pa.Check.str_matches(
            rf"^(({_LATER_GROUPS})(; ({_LATER_GROUPS}))*)?$")),
        "note": pa.Column(str),
        "source": pa.Column(str, pa.Check.str_length(5, 400)),
    },
    strict=True,
    name="actor_families",
)

_dated_source = pa.Column(str, [pa.Check.str_length(10, 400), pa.Check.str_contains(r"\d{4}")])

PUBLISHED_TOLLS = pa.DataFrameSchema(
    {
        "key": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]{2,59}$")),
        "date": pa.Column("datetime64[ns]", pa.Check.in_range(pd.Timestamp("2012-01-01"),
                                                             pd.Timestamp("2026-12-31"))),
        "end_date": pa.Column("datetime64[ns]", nullable=True),
        "country": pa.Column(str, _iso3),
        "place": pa.Column(str, pa.Check.str_length(2, 60)),
        "ucdp_event_id": pa.Column("Int64", pa.Check.gt(0), nullable=True),
        "publisher": pa.Column(str, pa.Check.str_length(2, 80)),
        "publisher_kind": pa.Column(str, pa.Check.isin(PUBLISHER_KINDS)),
        "killed_low": pa.Column("int64", pa.Check.gt(0)),
        "qualifier": pa.Column(str, pa.Check.isin(TOLL_QUALIFIERS)),
        "source": _dated_source,
        "why_differs": pa.Column(str, pa.Check.str_length(10, 300)),
    },
    checks=[pa.Check(lambda f: f["end_date"].isna() | (f["end_date"] >= f["date"]),
                     error="end_date before date")],
    unique=["key", "publisher", "killed_low"],
    strict=True,
    name="published_tolls",
)

LIPTAKO_GOURMA_REGIONS = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, pa.Check.isin(["MLI", "BFA", "NER"])),
        "adm_1": pa.Column(str, pa.Check.str_matches(r"^\S.* region$"), unique=True),
        "region": pa.Column(str, pa.Check.str_length(2, 60)),
        "basis": pa.Column(str, pa.Check.isin(["listed", "successor"])),
        "note": pa.Column(str),
        "source": _dated_source,
    },
    strict=True,
    name="liptako_gourma_regions",
)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate `frame` against `schema`, raising SchemaValidationError with every failure."""
    try:
        return schema.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as error:
        cases = getattr(error, "failure_cases", None)
        detail = cases.head(10).to_string() if cases is not None else str(error)
        raise SchemaValidationError(
            f"Table '{schema.name}' does not match its schema:\n{detail}\n"
            "Rebuild the data with `sahel-analysis data build` or check the upstream file."
        ) from error
