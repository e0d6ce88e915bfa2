"""One event table across UCDP releases: final GED replaces Candidate, newer replaces older.

Rules (pure functions, nothing counted twice):

* a final GED release replaces every earlier final row, and every Candidate row of the
  countries and years it covers;
* a Candidate release replaces the Candidate rows of the months it declares (a newer release
  of the same months wins); its rows in months the final data cover, or outside the months
  it declares, are dropped;
* an event id appears once.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def _months(frame: pd.DataFrame) -> pd.Series:
    return frame["date"].dt.strftime("%Y-%m")


GED_FIRST_YEAR = 1989  # UCDP GED covers every country from January 1989


def _final_span(events: pd.DataFrame) -> pd.DataFrame:
    """Return the years the final GED covers per country: 1989 to its last final year.

    Only countries the final rows include are covered; a covered country without an event
    before 2016, as Burkina Faso, had no recorded death then (its early years count as zero).
    """
    final = events[~events["preliminary"]]
    span = final.groupby("country_iso3")["year"].agg(["min", "max"])
    span["min"] = GED_FIRST_YEAR
    return span


def _covered_by_final(rows: pd.DataFrame, span: pd.DataFrame) -> pd.Series:
    if rows.empty:  # mapping an empty column keeps its text dtype, which no year compares to
        return pd.Series(False, index=rows.index, dtype=bool)
    first = rows["country_iso3"].map(span["min"])
    last = rows["country_iso3"].map(span["max"])
    return rows["year"].between(first, last) & first.notna()


def apply_final(events: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Return `events` with a final GED release in place of earlier final and Candidate rows."""
    final = final.assign(preliminary=False).drop_duplicates("event_id")
    candidates = events[events["preliminary"]]
    candidates = candidates[~_covered_by_final(candidates, _final_span(final))]
    candidates = candidates[~candidates["event_id"].isin(final["event_id"])]
    return _sorted(pd.concat([final, candidates], ignore_index=True))


def apply_candidate(events: pd.DataFrame, release: pd.DataFrame,
                    months: Iterable[str]) -> pd.DataFrame:
    """Return `events` with a Candidate release in place of older rows of its months.

    `months` are the months the release declares (its version number); rows outside them are
    dropped and never widen what the release replaces. Empty: the months its rows fall in.
    """
    months = set(months) or set(_months(release))
    release = release[_months(release).isin(months)]
    release = release.assign(preliminary=True).drop_duplicates("event_id")
    final = events[~events["preliminary"]]
    release = release[~_covered_by_final(release, _final_span(events))]
    release = release[~release["event_id"].isin(final["event_id"])]
    older = events[events["preliminary"] & ~_months(events).isin(months)]
    older = older[~older["event_id"].isin(release["event_id"])]
    return _sorted(pd.concat([final, older, release], ignore_index=True))


def merge(final: pd.DataFrame, candidates: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Build one event table from a final GED release and Candidate releases, oldest first.

    The rules of :func:`apply_final` and :func:`apply_candidate`: final rows win, a newer
    Candidate release replaces older rows of its months, an event id appears once.
    """
    events = apply_final(final.iloc[0:0], final)
    for release in candidates:
        events = apply_candidate(events, release, ())
    return events


def _sorted(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values(["date", "event_id"]).reset_index(drop=True)
