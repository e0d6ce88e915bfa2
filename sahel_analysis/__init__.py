"""sahel_analysis: reports on the Sahel's security crisis and geopolitical realignment.

Modules are imported lazily so that ``import sahel_analysis`` stays fast::

    from sahel_analysis import data, metrics, plots
    deaths = data.fatalities(["MLI", "BFA", "NER"], start="2012", end="2024")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

_SUBMODULES = {
    "data", "metrics", "plots", "tables", "render", "params", "catalog", "countries",
    "exceptions", "sources", "schemas", "build", "config", "narrative", "periods",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"sahel_analysis.{name}")
    raise AttributeError(f"module 'sahel_analysis' has no attribute {name!r}")


__all__ = sorted(_SUBMODULES)
