"""Moved to :mod:`sahel_analysis.reports.provenance` (kept so older imports still work)."""

from sahel_analysis.reports.provenance import git_commit, provenance_html, show

__all__ = ["git_commit", "provenance_html", "show"]
