import datetime as dt

import pandas as pd
import pytest

from sahel_analysis.exceptions import ReleaseRefusedError
from sahel_analysis.sources import release_guards
from sahel_analysis.sources.release_guards import apply_release, latest_possible_date, shrinking
from tests.conftest import make_events


def events(rows):
    frame = make_events(rows)
    frame["date_end"] = frame["date"]
    for column, value in (("admin2", pd.NA), ("date_precision", 1), ("where_precision", 1),
                          ("conflict_name", "Mali: Government"), ("dyad_name", "x"),
                          ("code_status", "Clear")):
        frame[column] = value
    frame["admin2"] = frame["admin2"].astype("string")
    frame["year"] = frame["year"].astype("int64")
    return frame


def test_latest_possible_date_of_final_and_candidate_releases():
    assert latest_possible_date(True, "25.1", ()) == pd.Timestamp("2025-12-31")
    assert latest_possible_date(False, "26.0.2", ["2026-02"]) == pd.Timestamp("2026-03-31")
    assert latest_possible_date(False, "26.0.2", ["2026-02"], dt.date(2026, 3, 5)) == \
        pd.Timestamp("2026-03-05")


def test_shrinking_names_what_a_final_release_would_remove():
    old = events([{"event_id": i, "date": f"{2010 + i % 10}-01-01"} for i in range(40)]
                 + [{"event_id": 100, "country_iso3": "NER", "date": "2015-05-05"}])
    kept = old[(old["country_iso3"] == "MLI") & (old["event_id"] >= 4)]  # 4 of 40 withdrawn
    problems = shrinking(old, kept)
    assert "remove all 1 final events of NER (the release has none)" in problems
    assert "remove 4 of the 40 final events of MLI (10%)" in problems
    assert not shrinking(old, old)
    assert shrinking(old.iloc[0:0], kept) == []  # nothing final yet: nothing to lose


def test_fewer_years_are_refused_and_can_be_accepted():
    old = events([{"event_id": 1, "date": "2019-01-01"}, {"event_id": 2, "date": "2023-06-01"}])
    cut = old[old["event_id"] == 1].assign(source_version="GED final 25.1")
    with pytest.raises(ReleaseRefusedError, match="cover MLI in 2019-2019 only"):
        apply_release(old, cut, "GED final 25.1", final=True)
    merged, step = apply_release(old, cut, "GED final 25.1", final=True, accept_shrinking=True)
    assert list(merged["event_id"]) == [1] and step.removed == 1


def test_candidate_rows_outside_the_declared_months_are_set_aside():
    table = events([{"event_id": 1, "date": "2021-06-03", "preliminary": True}])
    release = events([{"event_id": 5, "date": "2026-02-03", "preliminary": True},
                      {"event_id": 6, "date": "2021-06-15", "preliminary": True}])
    merged, step = apply_release(table, release, "Candidate 26.0.2", final=False,
                                 months=["2026-02"])
    assert sorted(merged["event_id"]) == [1, 5]
    assert (step.added, step.replaced, step.set_aside) == (1, 0, 1)


def test_a_small_withdrawal_is_taken(monkeypatch):
    old = events([{"event_id": i, "date": "2020-01-01"} for i in range(40)])
    assert shrinking(old, old[old["event_id"] > 0]) == []  # 1 of 40 (2.5%) withdrawn
    monkeypatch.setattr(release_guards, "MAX_REMOVED_SHARE", 0.01)
    assert shrinking(old, old[old["event_id"] > 0])
