"""Measures over tidy DataFrames: small pure functions, one module per concern."""

from sahel_analysis.metrics import (
    actors,
    civilians,
    crosscheck,
    displacement,
    partners,
    realignment,
    spread,
    violence,
    windows,
)

__all__ = ["actors", "civilians", "crosscheck", "displacement", "partners", "realignment",
           "spread", "violence", "windows"]
