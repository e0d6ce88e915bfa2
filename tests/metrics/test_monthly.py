import pandas as pd

from sahel_analysis import countries, data
from sahel_analysis.metrics import monthly
from tests.conftest import make_events

AS_OF = pd.Timestamp("2026-12-02")


def _shipped():
    return data.events(countries.AES)


def test_the_newest_month_leads_even_when_only_candidate_data_cover_it():
    events = _shipped()
    lead = monthly.lead_month(events, AS_OF)
    newest_candidate = max(monthly.source_months(events, monthly.CANDIDATE))
    assert lead.month == newest_candidate == pd.Timestamp("2026-01-01")
    assert lead.preliminary and lead.releases == ("Candidate 26.0.1",)
    assert "preliminary" in lead.label and "26.0.1" in lead.label
    # the checked (final) month is another, older month
    assert monthly.checked_month(events, AS_OF) == pd.Timestamp("2023-12-01")


def test_final_data_lead_when_they_cover_the_newest_month():
    events = _shipped()
    as_of = pd.Timestamp("2024-02-10")
    lead = monthly.lead_month(events[events["date"] <= as_of], as_of)
    assert lead == monthly.LeadMonth(pd.Timestamp("2023-12-01"), monthly.FINAL)


def test_lead_month_counts_and_no_comparison_across_sources():
    events = _shipped()
    lead = monthly.lead_month(events, AS_OF)
    table = monthly.compare_month(events, lead.month, lead.source).set_index("country_iso3")
    raw = pd.read_parquet(data.config.data_dir() / "events.parquet")
    january = raw[(raw["source_version"] == "Candidate 26.0.1")
                  & raw["country_iso3"].isin(countries.AES)
                  & (raw["date"].dt.to_period("M") == pd.Period("2026-01"))]
    for code in countries.AES:
        own = january[january["country_iso3"] == code]
        assert table.loc[code, "events"] == len(own)
        assert table.loc[code, "latest"] == own["deaths_best"].sum()
    assert table.loc["AES", "latest"] == january["deaths_best"].sum()
    # December 2025 and January 2025 are covered by no Candidate release: no comparison
    assert table[["previous", "year_earlier", "mean_12"]].isna().all().all()
    assert monthly.covered_windows(events, lead.month, lead.source) == {
        "previous": False, "year_earlier": False, "mean_12": False}


def test_candidate_comparison_uses_only_candidate_months():
    rows = [{"date": "2021-11-10", "preliminary": True, "source_version": "Candidate 21.01.21.12",
             "deaths_best": 5},
            {"date": "2021-12-10", "preliminary": True, "source_version": "Candidate 21.01.21.12",
             "deaths_best": 7},
            {"date": "2020-12-10", "deaths_best": 100}]  # final: another source
    events = make_events(rows)
    lead = monthly.lead_month(events, pd.Timestamp("2022-01-05"))
    assert lead.month == pd.Timestamp("2021-12-01") and lead.preliminary
    row = monthly.compare_month(events, lead.month, lead.source, codes=["MLI"]).iloc[0]
    assert row["latest"] == 7 and row["previous"] == 5
    assert pd.isna(row["year_earlier"])  # December 2020 is final GED, not Candidate


def test_a_newer_candidate_release_replaces_an_older_one_in_the_same_month():
    rows = [{"date": "2022-02-10", "preliminary": True, "source_version": "Candidate 22.0.2",
             "deaths_best": 3},
            {"date": "2022-02-11", "preliminary": True, "source_version": "Candidate 22.0.3",
             "deaths_best": 4}]
    chosen = monthly.month_events(make_events(rows), pd.Timestamp("2022-02-01"),
                                  monthly.CANDIDATE)
    assert list(chosen["source_version"]) == ["Candidate 22.0.3"]


def test_burkina_faso_december_2023_is_flagged_as_possibly_incompletely_coded():
    flags = monthly.incomplete_months(_shipped(), pd.Timestamp("2023-12-01"), monthly.FINAL)
    flags = flags.set_index("country_iso3")
    assert flags.loc["BFA", "events"] == 15 and flags.loc["BFA", "previous_events"] == 49
    assert flags.loc["BFA", "flagged"]
    assert not flags.loc["MLI", "flagged"] and not flags.loc["NER", "flagged"]
    # November 2023 (49 events) is not flagged
    november = monthly.incomplete_months(_shipped(), pd.Timestamp("2023-11-01"), monthly.FINAL)
    assert not november["flagged"].any()


def test_small_counts_are_not_flagged():
    rows = [{"date": f"2023-{m:02d}-05"} for m in range(1, 12) for _ in range(3)]
    flags = monthly.incomplete_months(make_events(rows), pd.Timestamp("2023-12-01"),
                                      monthly.FINAL, codes=["MLI"])
    assert flags.iloc[0]["events"] == 0 and not flags.iloc[0]["flagged"]


def test_latest_full_month_and_months_between():
    assert monthly.latest_full_month(pd.Timestamp("2026-01-31")) == pd.Timestamp("2026-01-01")
    assert monthly.latest_full_month(pd.Timestamp("2023-06-15")) == pd.Timestamp("2023-05-01")
    assert monthly.months_between(pd.Timestamp("2026-12-02"), pd.Timestamp("2026-01-31")) == 11
