"""Countries covered by the package: ISO3 codes, names, Gleditsch-Ward numbers, groups."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
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


# ISO 3166-1 alpha-2 codes: the keys of CLDR's territory names (Babel), for names in other
# languages.
ISO2: dict[str, str] = {
    "MLI": "ML", "BFA": "BF", "NER": "NE", "BEN": "BJ", "TGO": "TG", "GHA": "GH", "CIV": "CI",
    "TCD": "TD", "MRT": "MR", "SEN": "SN", "GIN": "GN", "NGA": "NG", "DZA": "DZ", "LBY": "LY",
    "CMR": "CM",
}
NAME_LANGUAGES = ("fr",)  # languages whose country names are accepted as input

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

def fold(text: str) -> str:
    """Return `text` as a lookup key: no accents, any case, one kind of apostrophe and space.

    Example:
        >>> fold("  Côte d’Ivoire ")
        "cote d'ivoire"
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("\u2019", "'").replace("\u02bc", "'").replace("`", "'")
    return " ".join(bare.split()).casefold()


@cache
def local_name(iso3: str, lang: str) -> str:
    """Return the name of a covered country in `lang` from CLDR (Babel); English for "en".

    Example:
        >>> local_name("TCD", "fr")
        'Tchad'
    """
    country = BY_ISO3[iso3]
    if lang == "en":
        return country.name
    from babel import Locale

    return Locale.parse(lang).territories[ISO2[iso3]]


@cache
def _lookup() -> dict[str, str]:
    """Return folded codes and names (English, aliases, each of NAME_LANGUAGES) -> ISO3."""
    keys: dict[str, str] = {}
    for country in COUNTRIES:
        names = [country.iso3, country.name, *country.aliases,
                 *(local_name(country.iso3, lang) for lang in NAME_LANGUAGES)]
        for key in names:
            keys[fold(key)] = country.iso3
    return keys


def to_iso3(country: str) -> str:
    """Return the ISO3 code of a country given by ISO3 code or name (English or French).

    Any case, with or without accents.

    Example:
        >>> to_iso3("burkina faso"), to_iso3("Tchad"), to_iso3("cote d'ivoire")
        ('BFA', 'TCD', 'CIV')
    """
    key = fold(str(country).strip())
    if key in _lookup():
        return _lookup()[key]
    valid = ", ".join(f"{c.iso3} ({c.name})" for c in COUNTRIES)
    raise UnknownCountryError(f"Unknown country {country!r}. Valid countries: {valid}.")


def iso3_or_none(names: Iterable[str]) -> list[str | None]:
    """Map names or codes to ISO3 codes, with None for countries the package does not cover.

    Example:
        >>> iso3_or_none(["Mali", "France"])
        ['MLI', None]
    """
    return [_lookup().get(fold(str(name))) for name in names]


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
