"""Country profile: partners per year and sources compared (audit issue 9, new sections)."""

import pytest

from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import country_profile


def _ctx(code):
    return country_profile.context(validate_parameters(
        "country_profile", {"country": code, "start": "2012-01-01", "end": "2025-12-31"}))


@pytest.fixture(scope="module")
def niger():
    return _ctx("NER")


def test_partners_table_for_niger(niger):
    html = country_profile.partners_table(niger).html
    assert "France; United States; Benin; Burkina Faso; Chad" in html
    assert "<td>2024</td><td>none</td>" in html


def test_sources_compared_without_acled(niger, monkeypatch):
    monkeypatch.delenv("SAHEL_ANALYSIS_MIRROR", raising=False)
    from sahel_analysis import config

    config.set_mirror(None)
    html = country_profile.sources_compared(niger).html
    assert "OWID" in html and "UCDP" in html and "ACLED</th>" not in html
    assert "<td>2023</td><td class=\"num\">513</td><td>−151</td><td class=\"num\">474</td>" in html


def test_sources_compared_with_the_users_acled_file(niger, use_mirror):
    html = country_profile.sources_compared(niger).html
    assert "ACLED</th>" in html and "as of 06 Mar 2026" in html
    assert "<td>2026</td>" not in html  # the year of the download is incomplete
    assert "ACLED up, UCDP and OWID down" in html  # 2023: ACLED 1,156 vs UCDP 513


def test_armed_groups_are_those_fighting_this_government():
    from sahel_analysis.reports import country_profile

    ctx = country_profile.context({"country": "NER", "start": "2012-01-01",
                                   "end": "2025-12-31"})
    table = country_profile.armed_groups_table(ctx)
    html = getattr(table, "html", None) or table.data
    row_2013 = html.split("<td>2013</td>")[1].split("</tr>")[0]
    assert row_2013.startswith("<td>–; on its territory also: Government of Mali")
    assert "<td>–</td>" in row_2013  # no intensity: no conflict of Niger's government
