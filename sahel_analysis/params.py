"""Typed parameter schemas of the reports, checked before a kernel starts.

The CLI, the Python render API and the notebooks themselves call :func:`validate_parameters`,
so a bad parameter stops a render (or an interactive run) with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sahel_analysis import config
from sahel_analysis.countries import AES, ALL_ISO3, BY_ISO3, to_iso3
from sahel_analysis.exceptions import ParameterError, UnknownCountryError

ALLOWED_COUNTRIES = ", ".join(f"{c} ({BY_ISO3[c].name})" for c in ALL_ISO3)


@lru_cache(maxsize=4)
def _span(data_dir: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day covered by the embedded data (from the manifest)."""
    manifest = json.loads((config.data_dir() / "manifest.json").read_text())
    tables = manifest["tables"]
    first = int(tables["fatalities"]["coverage"]["first"])
    last_year = int(tables["owid_deaths"]["coverage"]["last"])
    last_event = dt.date.fromisoformat(tables["events"]["coverage"]["last"])
    return dt.date(first, 1, 1), max(dt.date(last_year, 12, 31), last_event)


def data_span() -> tuple[dt.date, dt.date]:
    """Return (first day, last day) covered by the embedded data."""
    return _span(str(config.data_dir()))


def parse_day(value: str, *, end: bool = False) -> dt.date:
    """Parse "2020", "2020-05" or "2020-05-17" to the first (or, with `end`, last) day.

    Pure :mod:`datetime` so that checking parameters never imports pandas.
    """
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            first = dt.date(year, month, 1)
            if not end:
                return first
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(
            f"cannot read {value!r} as a date: use an ISO date such as 2023-07-26, a month "
            "such as 2023-07, or a year such as 2023"
        ) from None


def _iso_date(value: str, name: str) -> str:
    return parse_day(value).isoformat()


def _country(value: str) -> str:
    try:
        return to_iso3(value)
    except UnknownCountryError:
        raise ValueError(f"{value!r} is not a covered country; allowed: {ALLOWED_COUNTRIES}") \
            from None


class ReportParameters(BaseModel):
    """Base of every report's parameters: unknown names and wrong types are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class PeriodParameters(ReportParameters):
    """A period [start, end] that must be ordered and overlap the data."""

    start: str = Field("2012-01-01", description="First day of the period (ISO date or year)")
    end: str = Field("2025-12-31", description="Last day of the period (ISO date or year)")

    @field_validator("start")
    @classmethod
    def _start(cls, value: str) -> str:
        return _iso_date(value, "start")

    @field_validator("end")
    @classmethod
    def _end(cls, value: str) -> str:
        return parse_day(value, end=True).isoformat()

    @model_validator(mode="after")
    def _period(self):
        if self.start > self.end:
            raise ValueError(
                f"start {self.start} is after end {self.end}: the period is inverted"
            )
        first, last = data_span()
        if self.end < first.isoformat() or self.start > last.isoformat():
            raise ValueError(
                f"the period {self.start} to {self.end} is empty: the data cover "
                f"{first.isoformat()} to {last.isoformat()}"
            )
        return self


EVENT_SOURCES = ("ucdp", "acled")
_EVENT_SOURCE = Field("ucdp", description="event data: ucdp (embedded) or acled (your own "
                                          "ACLED account, cached locally)")


class CountryProfileParameters(PeriodParameters):
    """Country security profile: one covered country and a period."""

    country: str = Field("MLI", description="ISO3 code or English name of a covered country")
    event_source: Literal["ucdp", "acled"] = _EVENT_SOURCE

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str) -> str:
        return _country(value)


class CountriesPeriodParameters(PeriodParameters):
    """Several covered countries (default: the three AES states) and a period."""

    countries: list[str] = Field(default_factory=lambda: list(AES),
                                 description="ISO3 codes or names of covered countries")

    @field_validator("countries")
    @classmethod
    def _check_countries(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("name at least one country")
        return list(dict.fromkeys(_country(v) for v in value))


class RealignmentParameters(PeriodParameters):
    """Realignment report: a period."""


class BriefingParameters(ReportParameters):
    """Briefing: the date it is written as of ("latest" = the latest date in the data)."""

    as_of: str = Field("latest", description='ISO date, or "latest" for the newest data')
    event_source: Literal["ucdp", "acled"] = _EVENT_SOURCE

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value: str) -> str:
        if value == "latest":
            return value
        iso = _iso_date(value, "as_of")
        first, last = data_span()
        if not first.isoformat() <= iso <= last.isoformat():
            raise ValueError(
                f"as_of {iso} is outside the data ({first.isoformat()} to {last.isoformat()})"
            )
        return iso


MODELS: dict[str, type[ReportParameters]] = {
    "CountryProfileParameters": CountryProfileParameters,
    "CountriesPeriodParameters": CountriesPeriodParameters,
    "RealignmentParameters": RealignmentParameters,
    "BriefingParameters": BriefingParameters,
}


def _message(report: str, error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        name = ".".join(str(p) for p in item["loc"]) or "parameters"
        kind = item["type"]
        if kind == "extra_forbidden":
            text = "unknown parameter"
        elif kind.endswith("_type"):
            text = f"wrong type {type(item.get('input')).__name__}: {item['msg'].lower()}"
        else:
            text = item["msg"].removeprefix("Value error, ")
        lines.append(f"  - {name}: {text}")
    return f"Invalid parameters for report '{report}':\n" + "\n".join(lines)


def validate_parameters(report: str, parameters: dict[str, Any] | None = None,
                        model: type[ReportParameters] | None = None) -> dict[str, Any]:
    """Check `parameters` of `report` and return them normalised (ISO3 codes, ISO dates).

    Raises ParameterError naming each bad parameter and what is allowed.

    Example:
        >>> validate_parameters("country_profile", {"country": "niger"})["country"]
        'NER'
    """
    if model is None:
        from sahel_analysis.catalog import load_catalog

        model = load_catalog()[report].model
    try:
        return model(**(parameters or {})).model_dump()
    except ValidationError as error:
        allowed = ", ".join(model.model_fields)
        raise ParameterError(_message(report, error) + f"\nParameters of '{report}': {allowed}.") \
            from None


def describe(model: type[ReportParameters]) -> list[dict[str, Any]]:
    """Return name, type, default, allowed values and description of each parameter."""
    rows = []
    for name, field in model.model_fields.items():
        default = field.get_default(call_default_factory=True)
        annotation = getattr(field.annotation, "__name__", str(field.annotation))
        if name == "country" or name == "countries":
            allowed = list(ALL_ISO3)
        elif name in ("start", "end"):
            first, last = data_span()
            allowed = f"ISO date or year, {first.isoformat()} to {last.isoformat()}"
        elif name == "event_source":
            allowed = list(EVENT_SOURCES)
        elif name == "as_of":
            allowed = '"latest" or an ISO date inside the data'
        else:
            allowed = None
        rows.append({"name": name, "type": annotation, "default": default, "allowed": allowed,
                     "description": field.description or ""})
    return rows
