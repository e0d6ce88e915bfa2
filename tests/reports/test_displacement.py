"""Displacement report: frozen figures and registration jumps (audit issue 9, finding 8)."""

import re

import pytest

from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import displacement


@pytest.fixture(scope="module")
def ctx():
    return displacement.context(validate_parameters(
        "displacement", {"start": "2012-01-01", "end": "2025-12-31",
                         "countries": ["MLI", "BFA", "NER"]}))


def test_burkina_faso_idp_figure_is_flagged_not_fresh(ctx):
    html = displacement.key_findings(ctx).data
    assert "has not changed since the end of 2023" in html
    assert "31 March 2023" in html and "not a fresh end-2025 count" in html
    table = displacement.idp_table(ctx).html
    row = re.search(r"<tr><td>Burkina Faso</td>(.*?)</tr>", table).group(1)
    assert "+0%" not in row and "0%" not in row and "unchanged since end-2023" in row


def test_summary_compares_idps_only_where_both_years_exist(ctx):
    html = displacement.summary(ctx).data
    assert "multiplied by 11.9" not in html
    assert "IDPs (IDMC) in Mali and Niger rose by 232% to 801,000" in html
    assert "no 2012 figure for Burkina Faso" in html
    # page 1 keeps three sentences: the stale figure is flagged in the first
    assert "figure, unchanged since the end of 2023" in html


def test_stock_jumps_are_not_called_inflows(ctx):
    html = displacement.changes_table(ctx).html
    assert "158,129" in html and "303,874" in html
    assert "not a count of new arrivals" in html
    findings = displacement.key_findings(ctx).data
    assert "inflow" not in findings.lower() and "registration" in findings
