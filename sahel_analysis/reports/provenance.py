"""Provenance shown at the end of every report: parameters, versions, sources, hashes."""

from __future__ import annotations

import datetime as dt
import html
import subprocess
from typing import Any

from sahel_analysis import __version__, config


def git_commit() -> str:
    """Return the git commit of the package checkout, or a note when there is none."""
    root = config.repository_root()
    if root is None:
        return "not a git checkout (installed package)"
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                                text=True, encoding="utf-8", errors="replace", timeout=5,
                                check=True)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--",
                                "sahel_analysis", "notebooks", "data"], capture_output=True,
                               text=True, encoding="utf-8", errors="replace",
                               timeout=5).stdout.strip()
        return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"


def provenance_html(parameters: dict[str, Any], tables: list[str]) -> str:
    """Return the provenance section as HTML for the tables a report reads."""
    from sahel_analysis.data import manifest

    info = manifest()
    rendered = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    params = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(str(v))}</li>"
                     for k, v in parameters.items())
    sources: dict[str, dict] = {}
    rows = []
    for name in tables:
        entry = info["tables"][name]
        for source in entry["sources"]:
            sources.setdefault(source["key"], source)
        rows.append(
            f"<tr><td>{html.escape(name)}</td><td class='num'>{entry['rows']:,}</td>"
            f"<td><code>{entry['content_sha256'][:16]}</code></td></tr>"
        )
    from sahel_analysis.tables import linkify

    attributions = "".join(
        f"<li><b>{html.escape(s.get('title', s['key']))}</b>"
        f"{' — version ' + html.escape(s['version']) if s.get('version') else ''}; "
        f"licence: {html.escape(s['licence'])}. {linkify(html.escape(s['attribution']))}</li>"
        for s in sources.values()
    )
    from sahel_analysis.hashing import combined_hash

    combined = combined_hash(info["tables"][n]["content_sha256"] for n in tables)
    short = (f"<p class='prov-short'>Rendered {rendered} by sahel_analysis {__version__}, commit "
             f"<code>{html.escape(git_commit()[:12])}</code>; data content hash "
             f"<code>{combined[:16]}</code> over the tables {html.escape(', '.join(tables))}. "
             "Parameters: " + html.escape("; ".join(f"{k} {v}" for k, v in parameters.items()))
             + ". The HTML version lists every table's hash and the full attributions.</p>")
    return (
        f"<div class='provenance'>{short}<div class='prov-full'>"
        f"<p><b>Parameters</b></p><ul>{params}</ul>"
        f"<p><b>Software</b>: sahel_analysis {__version__}, commit "
        f"<code>{html.escape(git_commit())}</code>; rendered {rendered}.</p>"
        f"<p><b>Data sources and attribution</b></p><ul>{attributions}</ul>"
        f"{_acled_note(parameters)}"
        "<p><b>Tables read</b> (content hashes from <code>data/manifest.json</code>)</p>"
        "<table class='sahel-table'><thead><tr><th>table</th><th class='num'>rows</th>"
        f"<th>content sha256 (first 16)</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>Data content hash over these tables: <code>{combined[:16]}</code></p>"
        "</div></div>"
    )


def _acled_note(parameters: dict[str, Any]) -> str:
    """Return ACLED's attribution and the differences between the sources, when ACLED is used."""
    if parameters.get("event_source") != "acled":
        return ""
    from sahel_analysis.sources.acled_api import ATTRIBUTION, DIFFERENCES, cache_folder

    return (f"<p><b>Event data: ACLED.</b> {html.escape(ATTRIBUTION)} Cached in "
            f"<code>{html.escape(str(cache_folder()))}</code>.</p>"
            f"<p><b>Differences between the sources.</b> {html.escape(DIFFERENCES)} Counts, "
            "maps and event lists in this report come from ACLED; yearly totals and the "
            "other tables still come from UCDP and the sources below.</p>")


def show(parameters: dict[str, Any], tables: list[str]):
    """Display the provenance section in a notebook."""
    from IPython.display import HTML

    return HTML(provenance_html(parameters, tables))
