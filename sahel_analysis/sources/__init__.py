"""One module per upstream source: its URL, licence, schema and tidy step.

Each module exposes ``SOURCE`` (a :class:`~sahel_analysis.sources.base.Source`) and small pure
functions that turn the raw file into a tidy table. ``REGISTRY`` maps keys to sources.
"""

from __future__ import annotations

from sahel_analysis.sources import (
    acled,
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
from sahel_analysis.sources.base import RemoteFile, Source

REGISTRY: dict[str, Source] = {
    module.SOURCE.key: module.SOURCE
    for module in (
        ucdp_orgvio,
        owid_conflict,
        ucdp_ged,
        ucdp_acd,
        ucdp_nonstate,
        unhcr,
        wdi,
        sipri,
        natural_earth,
        gold,
        acled,
    )
}

__all__ = ["REGISTRY", "RemoteFile", "Source"]
