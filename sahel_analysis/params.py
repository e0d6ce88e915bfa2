"""Typed parameter schemas of the reports, checked before a kernel starts.

Schemas only: which report takes which schema is the catalog's business
(:func:`sahel_analysis.catalog.validate_parameters`, called by the CLI, the Python render API
and the notebooks), so a bad parameter stops a render (or an interactive run) with a message
naming it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sahel_analysis import config, datastore
from sahel_analysis.countries import AES, ALL_ISO3, BY_ISO3, to_iso3
from sahel_analysis.exceptions import DataIntegrityError, ParameterError, UnknownCountryError

# Yearly sources (UCDP, SIPRI, UNHCR, WDI) publish year Y by mid Y+1: their newest data are up
# to ~18 months (~548 days) old just before the next release, so 550 flags a missed release.
ANNUAL_MAX_DATA_AGE = 550
ALLOWED_COUNTRIES = ", ".join(f"{c} ({BY_ISO3[c].name})" for c in ALL_ISO3)


@lru_cache(maxsize=4)
def _span(data_dir: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day covered by the embedded data (from the manifest)."""
    tables = datastore.read_manifest(Path(data_dir))["tables"]
    try:
        first = int(tables["fatalities"]["coverage"]["first"])
        last_year = int(tables["owid_deaths"]["coverage"]["last"])
        last_event = dt.date.fromisoformat(tables["events"]["coverage"]["last"])
    except (KeyError, TypeError, ValueError) as error:
        raise DataIntegrityError(
            f"The data manifest in {data_dir} lacks the coverage of fatalities, owid_deaths or "
            f"events ({type(error).__name__}: {error}). {config.RESTORE_HINT}") from None
    return dt.date(first, 1, 1), max(dt.date(last_year, 12, 31), last_event)


def data_span() -> tuple[dt.date, dt.date]:
    """Return (first day, last day) covered by the embedded data."""
    return _span(str(config.data_dir()))


def _short(value: object, limit: int = 60) -> str:
    """Return repr(value), cut to `limit` characters so huge inputs are not echoed whole."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def parse_day(value: str, *, end: bool = False) -> dt.date:
    """Parse "2020", "2020-05" or "2020-05-17" to the first (or, with `end`, last) day.

    The whole text must be the date: "2020-01-01<script>" is refused. Pure :mod:`datetime`
    so that checking parameters never imports pandas.
    """
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
            year, month = int(text[:4]), int(text[5:])
            first = dt.date(year, month, 1)
            return _month_end(year, month) if end else first
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"cannot read {_short(value)} as a date: use an ISO date such as 2023-07-26, a "
            "month such as 2023-07, or a year such as 2023"
        ) from None


def _year_as_text(value: Any) -> Any:
    """Let a year given as a number (``start = 2019``, ``papermill -p start 2019``) through."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not float(value).is_integer():
        raise ValueError(f"{_short(value)} is not a whole year: use a year such as 2019 or an "
                         "ISO date")
    return f"{int(value):04d}"


def _iso_date(value: str, name: str) -> str:
    return parse_day(value).isoformat()


def _country(value: str) -> str:
    try:
        return to_iso3(value)
    except UnknownCountryError:
        raise ValueError(f"{_short(value)} is not a covered country; allowed: "
                         f"{ALLOWED_COUNTRIES}") from None


class ReportParameters(BaseModel):
    """Base of every report's parameters: unknown names and wrong types are refused.

    ``max_data_age``: the days a source's newest date may lag the report's date (the render
    day, or the briefing's ``as_of``) before page 1 shows a warning box.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("max_data_age", mode="before", check_fields=False)
    @classmethod
    def _max_data_age_text(cls, value):
        """Accept "90" or "none" from the command line (-p max_data_age=90)."""
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("none", "null", "off", ""):
                return None
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"{MAX_DATA_AGE_RULE}, not {_short(value)}") from None
        return value

    @field_validator("max_data_age", check_fields=False)
    @classmethod
    def _max_data_age(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise ValueError(f"{MAX_DATA_AGE_RULE}, not {value}")
        return value


class PeriodParameters(ReportParameters):
    """A period [start, end] that must be ordered and overlap the data."""

    start: str = Field("2012-01-01", description="First day of the period (ISO date or year)")
    end: str = Field("2025-12-31", description="Last day of the period (ISO date or year)")
    max_data_age: int | None = Field(
        ANNUAL_MAX_DATA_AGE, description="Days any source's newest data may lag the render day "
        "before page 1 shows a warning box (none: never). 550: yearly data for year Y appear "
        "in the first half of Y+1, so the newest possible yearly figure is up to about 18 "
        "months old just before the next release; older means a release was missed")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _years(cls, value: Any) -> Any:
        return _year_as_text(value)

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
        first, last = (day.isoformat() for day in data_span())
        if self.start > last:
            raise ValueError(f"start {self.start} is after the last day of the data ({last}): "
                             f"use a start on or before {last}")
        if self.end < first:
            raise ValueError(f"end {self.end} is before the first day of the data ({first}): "
                             f"use an end on or after {first}")
        if self.start > self.end and "end" in self.model_fields_set:
            raise ValueError(f"start {self.start} is after end {self.end}: the period is "
                             "inverted (swap them: start is the first day, end the last)")
        if self.start > self.end:
            raise ValueError(
                f"start {self.start} is after the default end {self.end}: the period is inverted "
                f"(give an end as well, e.g. end={last})"
            )
        if self.end > last:
            raise ValueError(f"end {self.end} is after the last day of the data ({last}): use "
                             f"an end on or before {last}")
        if self.start < first:
            raise ValueError(f"start {self.start} is before the first day of the data "
                             f"({first}): use a start on or after {first}")
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

    @field_validator("countries", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        """Read "MLI,BFA" (papermill -p, a parameters cell) as ["MLI", "BFA"]."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("countries")
    @classmethod
    def _check_countries(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("name at least one country")
        return list(dict.fromkeys(_country(v) for v in value))


class RealignmentParameters(PeriodParameters):
    """Realignment report: a period."""


MAX_DATA_AGE_RULE = ("max_data_age must be a whole number of days, 0 or more (e.g. 90), or "
                     "none for no warning")


class BriefingParameters(ReportParameters):
    """Briefing: the date it is written as of ("latest" = the latest date in the data)."""

    as_of: str = Field("latest", description='Briefing date (ISO date), or "latest" for the day '
                       "of the render")
    max_data_age: int | None = Field(
        90, description="Days any source of the briefing may lag the briefing date before page "
        "1 shows a warning box (none: never). 90: a monthly product whose Candidate events "
        "arrive about a month after the month they cover")
    event_source: Literal["ucdp", "acled"] = _EVENT_SOURCE

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value: str) -> str:
        if value == "latest":
            return value
        iso = _iso_date(value, "as_of")
        first, _ = data_span()
        today = dt.datetime.now(dt.UTC).date()
        if not first.isoformat() <= iso <= today.isoformat():
            raise ValueError(
                f"as_of {iso} is outside the data and today: choose a date from "
                f"{first.isoformat()} (the first data) to {today.isoformat()} (today)"
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
        name = name if len(name) <= 60 else _short(name)
        kind = item["type"]
        if kind == "extra_forbidden":
            text = "unknown parameter"
        elif kind.endswith("_type"):
            text = f"wrong type {type(item.get('input')).__name__}: {item['msg'].lower()}"
        else:
            text = item["msg"].removeprefix("Value error, ")
        lines.append(f"  - {name}: {text}")
    return f"Invalid parameters for report '{report}':\n" + "\n".join(lines)


def validate_parameters(report: str, parameters: dict[str, Any] | None,
                        model: type[ReportParameters]) -> dict[str, Any]:
    """Check `parameters` of `report` against its schema `model`; return them normalised.

    Raises ParameterError naming each bad parameter and what is allowed.

    Example:
        >>> validate_parameters("x", {"country": "niger"}, CountryProfileParameters)["country"]
        'NER'
    """
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
            allowed = '"latest" or an ISO date from the first data to today'
        elif name == "max_data_age":
            allowed = 'days, 0 or more, or "none" (no warning)'
        else:
            allowed = None
        rows.append({"name": name, "type": annotation, "default": default, "allowed": allowed,
                     "description": field.description or ""})
    return rows
