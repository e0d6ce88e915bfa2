"""Countries covered by the package: ISO3 codes, names, Gleditsch-Ward numbers, groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sahel_analysis.exceptions import UnknownCountryError

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Country:
    """One country with the codes each upstream source uses for it."""

    iso3: str
    name: str
    gw_code: int
    group: str  # "AES", "coastal", "neighbour"
    aliases: tuple[str, ...] = ()


# Gleditsch-Ward numbers as used by UCDP (country_id); checked against UCDP files in tests.
COUNTRIES: tuple[Country, ...] = (
    Country("MLI", "Mali", 432, "AES"),
    Country("BFA", "Burkina Faso", 439, "AES", ("Burkina",)),
    Country("NER", "Niger", 436, "AES"),
    Country("BEN", "Benin", 434, "coastal"),
    Country("TGO", "Togo", 461, "coastal"),
    Country("GHA", "Ghana", 452, "coastal"),
    Country("CIV", "Côte d'Ivoire", 437, "coastal", ("Cote d'Ivoire", "Ivory Coast")),
    Country("TCD", "Chad", 483, "neighbour"),
    Country("MRT", "Mauritania", 435, "neighbour"),
    Country("SEN", "Senegal", 433, "neighbour"),
    Country("GIN", "Guinea", 438, "neighbour"),
    Country("NGA", "Nigeria", 475, "neighbour"),
    Country("DZA", "Algeria", 615, "neighbour"),
    Country("LBY", "Libya", 620, "neighbour"),
    Country("CMR", "Cameroon", 471, "neighbour"),
)

AES: tuple[str, ...] = ("MLI", "BFA", "NER")
COASTAL: tuple[str, ...] = ("BEN", "TGO", "GHA", "CIV")
ALL_ISO3: tuple[str, ...] = tuple(c.iso3 for c in COUNTRIES)
BY_ISO3: dict[str, Country] = {c.iso3: c for c in COUNTRIES}
GW_TO_ISO3: dict[int, str] = {c.gw_code: c.iso3 for c in COUNTRIES}
ISO3_TO_GW: dict[str, int] = {c.iso3: c.gw_code for c in COUNTRIES}

_LOOKUP: dict[str, str] = {}
for _c in COUNTRIES:
    for _key in (_c.iso3, _c.name, *_c.aliases):
        _LOOKUP[_key.casefold()] = _c.iso3


def to_iso3(country: str) -> str:
    """Return the ISO3 code of a country given by ISO3 code or English name (any case).

    Example:
        >>> to_iso3("burkina faso")
        'BFA'
    """
    key = str(country).strip().casefold()
    if key in _LOOKUP:
        return _LOOKUP[key]
    valid = ", ".join(f"{c.iso3} ({c.name})" for c in COUNTRIES)
    raise UnknownCountryError(f"Unknown country {country!r}. Valid countries: {valid}.")


def iso3_or_none(names: Iterable[str]) -> list[str | None]:
    """Map names or codes to ISO3 codes, with None for countries the package does not cover.

    Example:
        >>> iso3_or_none(["Mali", "France"])
        ['MLI', None]
    """
    return [_LOOKUP.get(str(name).strip().casefold()) for name in names]


def normalise(countries: str | Iterable[str] | None,
              default: Iterable[str] = ALL_ISO3) -> list[str]:
    """Return a list of ISO3 codes for one country, several, or None (the default set)."""
    if countries is None:
        return list(default)
    if isinstance(countries, str):
        countries = [countries]
    if not isinstance(countries, Iterable):
        raise UnknownCountryError(
            f"countries={countries!r} is not a country: pass an ISO3 code or English name "
            "(e.g. 'MLI' or 'Mali'), a list of them, or None for every covered country.")
    codes = [to_iso3(c) for c in countries]
    if not codes:
        raise UnknownCountryError("An empty list of countries selects nothing; name at least one.")
    return list(dict.fromkeys(codes))


def name(iso3: str) -> str:
    """Return the English name of an ISO3 code."""
    return BY_ISO3[to_iso3(iso3)].name


def table() -> pd.DataFrame:
    """Return the covered countries as a table (iso3, name, gw_code, group)."""
    import pandas as pd

    return pd.DataFrame(
        [(c.iso3, c.name, c.gw_code, c.group) for c in COUNTRIES],
        columns=["country_iso3", "name", "gw_code", "group"],
    )
