"""`render --dry-run`: which reports would be rendered, and why (nothing is executed)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sahel_analysis.render.jobs import FORMATS, check_formats, plan
from sahel_analysis.render.store import fingerprint_parts, output_paths, read_state, state_path


def reasons(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """Return why a report's dependencies differ from those of its last render ([] = same)."""
    if previous is None:
        return ["never rendered"]
    why = [f"{part} changed" for part in ("notebook", "parameters", "version", "template",
                                          "formats")
           if previous.get(part) != current.get(part)]
    if "code" not in previous and current.get("code"):
        why.append("code changed: not recorded by the last render")
    for part, label in (("code", "code changed"), ("data", "data changed")):
        if part not in previous and part == "code":
            continue
        old, new = previous.get(part, {}), current.get(part, {})
        names = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
        if names:
            why.append(f"{label}: {_shortened(names)}")
    return why


def _shortened(names: list[str], shown: int = 4) -> str:
    """Return the first `shown` names and how many more ("a, b, c, d and 7 more")."""
    text = ", ".join(names[:shown])
    return text + (f" and {len(names) - shown} more" if len(names) > shown else "")


def explain(reports: Iterable[str] | None = None, parameters: dict[str, Any] | None = None, *,
            output_dir: str | os.PathLike = "reports", formats: Iterable[str] = FORMATS,
            force: bool = False) -> list[tuple[str, bool, str]]:
    """Return (slug, would render, reason) for each planned report."""
    output = Path(output_dir)
    formats = check_formats(formats)
    rows = []
    for job in plan(reports, parameters):
        state_file = state_path(output, job.slug)
        state = read_state(state_file)
        previous = None if state is None else state.get("depends", {"legacy": True})
        why = reasons(previous, fingerprint_parts(job, formats))
        missing = [p.name for p in output_paths(output, job.slug, formats).values()
                   if not p.is_file()]
        if missing and previous is not None:
            why.append(f"missing {', '.join(missing)}")
        if force:
            why = why or ["--force"]
        rows.append((job.slug, bool(why), "; ".join(why) or "unchanged"))
    return rows
