import dataclasses

import pandas as pd
import pytest

from sahel_analysis.reports import common


def test_non_aes_profiles_say_the_data_are_not_shipped_not_that_nothing_happened():
    for code, name in (("TCD", "Chad"), ("BEN", "Benin")):
        assert not common.has_final_events(code)
        note = common.coverage_note("2012-01-01", "2025-12-31", code).data
        text = common.no_event_data(code).data
        for html in (note, text):
            assert f"ships no final UCDP GED event data for {name}" in html
            assert "data refresh" in html and "global GED" in html
            assert "no events" not in html.lower()
    assert common.has_final_events("MLI")
    assert "ships no final" not in common.coverage_note("2012-01-01", "2025-12-31", "MLI").data


def test_summary_has_at_most_five_lines():
    html = common.summary([f"line {i}" for i in range(7)]).data
    assert html.count("<p>") == 5


# --- page 1: the newest data of each source and their age ----------------------------------------

def _entries():
    return {"fatalities": {"coverage": {"first": "1989", "last": "2024"}},
            "dyads": {"coverage": {"first": "1989", "last": "2023"}},
            "displacement": {"coverage": {"first": "2000", "last": "2025"}},
            "arms_orders": {"coverage": None}}


def test_newest_dates_per_source_from_tables_and_manifest():
    import datetime as dt

    from tests.conftest import make_events

    events = make_events([{"date": "2023-12-31"},
                          {"date": "2026-01-31", "preliminary": True,
                           "source_version": "Candidate 26.0.1"}])
    timeline = pd.DataFrame({"date": pd.to_datetime(["2025-09-22", "2024-07-27"])})
    dates = dict(common.newest_dates(
        ["events", "fatalities", "dyads", "displacement", "arms_orders", "timeline", "places"],
        events=events, timeline=timeline, entries=_entries()))
    assert dates == {common.FINAL_EVENTS: dt.date(2023, 12, 31),
                     common.CANDIDATE_EVENTS: dt.date(2026, 1, 31),
                     "UCDP yearly datasets": dt.date(2024, 12, 31),  # newest of the UCDP tables
                     "displacement (UNHCR, IDMC)": dt.date(2025, 12, 31),
                     "timeline (hand-written, sourced)": dt.date(2025, 9, 22)}


def test_stale_box_names_the_sources_older_than_max_data_age():
    import datetime as dt

    on = dt.date(2026, 12, 2)
    dates = [(common.FINAL_EVENTS, dt.date(2023, 12, 31)),
             (common.CANDIDATE_EVENTS, dt.date(2026, 10, 31)),
             ("displacement (UNHCR, IDMC)", dt.date(2025, 12, 31))]
    ages = common.data_ages(dates, on)
    assert [a.age_days for a in ages] == [1067, 32, 336]
    # final GED is judged by the newer Candidate release; displacement is too old
    assert [a.source for a in common.stale(ages, 90)] == ["displacement (UNHCR, IDMC)"]
    assert common.stale(ages, None) == [] and common.stale(ages, 400) == []
    without_candidate = common.data_ages(dates[::2], on)
    assert [a.source for a in common.stale(without_candidate, 400)] == [common.FINAL_EVENTS]
    block = common.data_age_block(ages, on, 90)
    assert block.startswith('<div class="alert-box"><p><b>Old data.</b>')
    assert "displacement (UNHCR, IDMC) to 31 Dec 2025" in block.split("</div>")[0]
    assert "to 31 Oct 2026 (32 days)" in block and "1,067 days, 35 months" in block
    assert "alert-box" not in common.data_age_block(ages, on, 400)


@pytest.mark.parametrize("report", ["country_profile", "regional_security", "realignment",
                                    "displacement"])
def test_every_report_names_its_newest_data_on_page_one(report):
    import importlib

    from sahel_analysis.catalog import validate_parameters

    module = importlib.import_module(f"sahel_analysis.reports.{report}")
    ctx = module.context(validate_parameters(report, {"max_data_age": 0}))
    page_one = module.summary(ctx).html
    assert '<div class="data-age"><p>Newest data, and their age on ' in page_one
    assert "alert-box" in page_one  # every source is older than 0 days
    for source, newest in common.newest_dates(module.TABLES_READ):
        assert f"{source} to {newest:%d %b %Y}" in page_one
    quiet = module.summary(dataclasses.replace(
        ctx, params={**ctx.params, "max_data_age": None})).html
    assert "alert-box" not in quiet and "data-age" in quiet
