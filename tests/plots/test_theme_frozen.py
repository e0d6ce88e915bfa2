"""The frozen theme is what seaborn's set_theme sets, without importing seaborn in a kernel."""

import subprocess
import sys

import matplotlib as mpl
import pytest

from sahel_analysis.plots import theme


def _after(apply) -> tuple[dict, dict]:
    with mpl.rc_context():
        apply()
        params = dict(mpl.rcParams)
        codes = {c: mpl.colors.colorConverter.colors[c] for c in "bgrmyck"}
    return params, codes


def test_frozen_theme_matches_seaborn():
    sns = pytest.importorskip("seaborn")
    saved = {c: mpl.colors.colorConverter.colors[c] for c in "bgrmyck"}
    try:
        ours, our_codes = _after(theme._seaborn_theme)
        theirs, their_codes = _after(lambda: sns.set_theme(style="whitegrid", context="paper",
                                                           font="DejaVu Sans"))
    finally:
        mpl.colors.colorConverter.colors.update(saved)
    differ = {k for k in theirs if k != "image.cmap" and theirs[k] != ours[k]}
    assert differ == set()
    assert our_codes == their_codes


def test_a_report_imports_neither_seaborn_scipy_nor_pandera():
    reports = ", ".join(f"sahel_analysis.reports.{r}" for r in (
        "country_profile", "briefing", "realignment", "displacement", "regional_security"))
    code = (f"import sys; import {reports}; from sahel_analysis import plots; "
            "plots.set_theme(); "
            "print(sorted(m for m in ('seaborn', 'scipy', 'pandera') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
