"""Major events: UCDP's count beside the tolls the UN, NGOs, governments and armed groups published.

A reusable report section: the country profiles show it for their country and period, and any
report can include it for its own window (``major_events.table(codes, start, end)`` returns
None when no major event with a published toll falls in the window)::

    from sahel_analysis.reports import major_events
    shown = major_events.table(["MLI"], "2022-01-01", "2022-12-31")
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from sahel_analysis import data, tables
from sahel_analysis.exceptions import InvalidArgumentError
from sahel_analysis.tables import fmt_int

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ",
                   "about": "about ", "up_to": "up to "}
PUBLISHER_KINDS = {"un": "UN", "ngo": "NGO", "government": "government",
                   "armed_group": "armed group", "media": "press"}
COLUMNS = ["key", "date", "place", "country", "ucdp_event_id", "ucdp_best", "ucdp_low",
           "ucdp_high", "ucdp_civilians", "ucdp_type", "publisher", "publisher_kind",
           "killed_low", "toll", "source", "why_differs"]


def toll_text(killed_low: int, qualifier: str) -> str:
    """Return a published toll as words.

    Example:
        >>> toll_text(500, "more_than")
        'more than 500'
    """
    if qualifier not in QUALIFIER_WORDS:
        raise InvalidArgumentError(f"Unknown toll qualifier {qualifier!r}; use one of "
                         f"{', '.join(QUALIFIER_WORDS)}.")
    return QUALIFIER_WORDS[qualifier] + fmt_int(killed_low)


def join_tolls(tolls: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Put UCDP's figures of each linked event beside each published toll.

    Args:
        tolls: :func:`sahel_analysis.data.published_tolls` rows.
        events: :func:`sahel_analysis.data.events` rows (final and preliminary).

    Returns:
        One row per published toll, columns :data:`COLUMNS`; the ``ucdp_*`` columns are
        missing where the event data hold no event with the toll's ``ucdp_event_id``.
    """
    ucdp = events[["event_id", "deaths_best", "deaths_low", "deaths_high", "deaths_civilians",
                   "violence_type"]].drop_duplicates("event_id").rename(columns={
                       "event_id": "ucdp_event_id", "deaths_best": "ucdp_best",
                       "deaths_low": "ucdp_low", "deaths_high": "ucdp_high",
                       "deaths_civilians": "ucdp_civilians", "violence_type": "ucdp_type"})
    ucdp["ucdp_event_id"] = ucdp["ucdp_event_id"].astype("Int64")
    frame = tolls.merge(ucdp, on="ucdp_event_id", how="left")
    frame["toll"] = [toll_text(v, q) for v, q in zip(frame["killed_low"], frame["qualifier"],
                                                     strict=True)]
    return frame[COLUMNS].sort_values(["date", "key", "killed_low"]).reset_index(drop=True)


def major_events(codes, start, end) -> pd.DataFrame:
    """Return :func:`join_tolls` for the events of `codes` that began in [start, end]."""
    tolls = data.published_tolls(list(codes))
    tolls = tolls[tolls["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    return join_tolls(tolls, data.events(list(codes)))


def _ucdp_cell(row, final_last: pd.Timestamp) -> str:
    if pd.isna(row["ucdp_best"]):
        if pd.notna(row["ucdp_event_id"]):
            return f"event {row['ucdp_event_id']} not in the shipped event data"
        return (f"not in the event data yet (final GED ends {final_last:%b %Y})"
                if row["date"] > final_last else "no UCDP event linked")
    spread = ("" if row["ucdp_low"] == row["ucdp_high"]
              else f" (low–high {fmt_int(row['ucdp_low'])}–{fmt_int(row['ucdp_high'])})")
    kind = {"state_based": "battle", "non_state": "non-state",
            "one_sided": "one-sided"}.get(row["ucdp_type"], row["ucdp_type"])
    return (f"{fmt_int(row['ucdp_best'])}{spread}, {fmt_int(row['ucdp_civilians'])} of them "
            f"civilians; a {kind}; GED {row['ucdp_event_id']}")


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows as shown: UCDP's figures in words, the publisher with its kind."""
    from sahel_analysis.reports import common

    final_last = common.candidate_months()[0]
    shown = frame.assign(
        ucdp=[_ucdp_cell(row, final_last) for _, row in frame.iterrows()],
        published_by=[f"{p} ({PUBLISHER_KINDS.get(k, k)})" for p, k in
                      zip(frame["publisher"], frame["publisher_kind"], strict=True)])
    return shown


def table(codes, start, end, caption: str = "") -> HTML | None:
    """Return the major-events table of `codes` in [start, end], or None when there is none.

    Args:
        codes: ISO3 codes of the countries.
        start: First day of the window.
        end: Last day of the window.
        caption: The table's caption (default: "Major events: UCDP's count and published tolls").
    """
    frame = major_events(codes, start, end)
    if frame.empty:
        return None
    return tables.show(
        display_frame(frame),
        {"date": "date", "place": "text", "ucdp": "text", "published_by": "text",
         "toll": "text", "why_differs": "text", "source": "text"},
        {"date": "Date", "place": "Place", "ucdp": "UCDP GED: deaths, best (low–high)",
         "published_by": "Published by", "toll": "Published toll (killed)",
         "why_differs": "Why the counts differ", "source": "Source of the published toll"},
        caption=caption or "Major events: UCDP's count beside the published tolls",
        source="UCDP GED (CC BY 4.0) events linked by id; published tolls: "
               "sahel_analysis authors, data/published_tolls.csv, one public source per row. "
               "A published toll is the figure as worded by its publisher (\"more than 500\"), "
               "never added to UCDP's.", name="Major events")
