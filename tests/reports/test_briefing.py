import pandas as pd

from sahel_analysis import countries, data
from sahel_analysis.reports import briefing, common


def test_latest_full_month():
    assert briefing.latest_full_month(pd.Timestamp("2026-01-31")) == pd.Timestamp("2026-01-01")
    assert briefing.latest_full_month(pd.Timestamp("2023-06-15")) == pd.Timestamp("2023-05-01")


def test_months_compared_when_event_data_cover_them():
    events = data.events(countries.AES)
    periods = briefing.choose_periods(pd.Timestamp("2023-06-30"), events, 2024, 2025)
    assert periods["mode"] == "months"
    assert periods["current"][0] == pd.Timestamp("2023-04-01")
    assert periods["previous"][-1] == pd.Timestamp("2023-03-01")
    assert periods["current_label"] == "Apr–Jun 2023"


def test_latest_year_and_one_series_when_months_are_not_covered():
    events = data.events(countries.AES)
    latest = briefing.choose_periods(pd.Timestamp("2026-01-31"), events, 2024, 2025)
    assert (latest["mode"], latest["current"], latest["previous"]) == ("year", [2025], [2024])
    assert latest["series"] == "owid" and latest["preliminary"]
    mid_2024 = briefing.choose_periods(pd.Timestamp("2024-09-30"), events, 2024, 2025)
    assert mid_2024["current"] == [2023] and mid_2024["series"] == "ucdp"


def test_january_2026_is_a_covered_candidate_month_but_stray_rows_are_not():
    months = briefing.covered_months(data.events(countries.AES))
    assert pd.Timestamp("2026-01-01") in months
    assert pd.Timestamp("2025-12-01") not in months  # 3 stray rows dated late Dec 2025
    assert pd.Timestamp("2023-12-01") in months and pd.Timestamp("2024-06-01") not in months


def test_turns_keep_own_and_headline_bloc_events():
    turns = common.turns("NER")
    assert set(turns["country"]) <= {"NER", "AES", "ECOWAS", "UN"}
    assert "Coup in Niger (Tiani)" in set(turns["title"])
    assert "AES charter signed" in set(turns["title"])
    assert "Coup in Mali (Sanogo)" not in set(turns["title"])
