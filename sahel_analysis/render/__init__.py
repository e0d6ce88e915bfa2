"""Render pipeline: papermill execution, HTML/PDF export, atomic publish, index.

from sahel_analysis.render import render
summary = render(["country_profile"], {"country": "NER"}, output_dir="reports")

Names are imported on first use, so that a module of this package run on its own (the
kernel fork server) does not import the whole pipeline first.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {"Job": "jobs", "JobResult": "jobs", "RenderSummary": "jobs", "Status": "jobs",
          "plan": "jobs", "render": "runner"}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(importlib.import_module(f"sahel_analysis.render.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'sahel_analysis.render' has no attribute {name!r}")
