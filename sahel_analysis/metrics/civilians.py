"""Civilian harm: civilians killed by a named perpetrator and civilians killed in battles.

UCDP names the perpetrator only in one-sided violence. In state-based and non-state events it
counts the civilians killed (``deaths_civilians``) without saying which side killed them: those
deaths are counted under *each* side of the event with ``attribution="battle"``, so rows of
different families must never be summed. The Moura massacre (March 2022, event 433697) is such
a battle event (Government of Mali – JNIM, 243 civilians).
"""

from __future__ import annotations

import pandas as pd

from sahel_analysis.metrics.actors import assign_families
from sahel_analysis.metrics.windows import before_after, covered_months, dedupe_releases

ATTRIBUTION_LABELS = {
    "one_sided": "killed by the family (one-sided violence: UCDP names the perpetrator)",
    "battle": "killed in battles in which the family was a side (UCDP does not say by whom)",
}
STATE_SIDE = ("state_forces", "russian_forces", "foreign_state_forces")  # any government


def civilian_deaths(events: pd.DataFrame, mapping: pd.DataFrame, freq: str = "year"
                    ) -> pd.DataFrame:
    """Civilians killed per country, period, family and attribution (one_sided or battle).

    `events` is :func:`sahel_analysis.data.events`, `mapping` is
    :func:`sahel_analysis.data.actor_families`, `freq` is "day", "month", "quarter" or "year".
    Columns: country_iso3, period, family, attribution, civilians_best, events. One-sided rows
    count the deaths of events whose perpetrator (side A) is in the family; battle rows count
    ``deaths_civilians`` of state-based and non-state events in which the family was a side,
    once per family.
    """
    from sahel_analysis.metrics.violence import period_start

    frame = assign_families(dedupe_releases(events), mapping)
    frame["period"] = period_start(frame["date"], freq)
    one_sided = frame[frame["violence_type"] == "one_sided"]
    parts = [pd.DataFrame({
        "country_iso3": one_sided["country_iso3"], "period": one_sided["period"],
        "family": one_sided["family_a"], "attribution": "one_sided",
        "civilians_best": one_sided["deaths_civilians"], "event_id": one_sided["event_id"]})]
    battles = frame[(frame["violence_type"] != "one_sided") & (frame["deaths_civilians"] > 0)]
    for side in ("family_a", "family_b"):
        part = battles if side == "family_a" else battles[
            battles["family_b"] != battles["family_a"]]
        parts.append(pd.DataFrame({
            "country_iso3": part["country_iso3"], "period": part["period"],
            "family": part[side], "attribution": "battle",
            "civilians_best": part["deaths_civilians"], "event_id": part["event_id"]}))
    stacked = pd.concat(parts, ignore_index=True)
    table = stacked.groupby(["country_iso3", "period", "family", "attribution"],
                            as_index=False).agg(civilians_best=("civilians_best", "sum"),
                                                events=("event_id", "nunique"))
    return table.sort_values(["country_iso3", "period", "family", "attribution"]).reset_index(
        drop=True)


def _in_battle_with(frame: pd.DataFrame, families) -> pd.Series:
    """Mask of state-based and non-state events in which one of `families` was a side."""
    return (frame["violence_type"] != "one_sided") & (
        frame["family_a"].isin(families) | frame["family_b"].isin(families))


def battle_civilians(events: pd.DataFrame, mapping: pd.DataFrame, families=STATE_SIDE,
                     freq: str = "year") -> pd.Series:
    """Civilians killed in battles in which one of `families` was a side, per period.

    Each event counts once, even when two of `families` fought in it (unlike
    :func:`civilian_deaths`, whose battle rows are per family). Indexed by period start.
    """
    from sahel_analysis.metrics.violence import period_start

    frame = assign_families(dedupe_releases(events), mapping)
    frame = frame[_in_battle_with(frame, families)]
    return frame.groupby(period_start(frame["date"], freq))["deaths_civilians"].sum()


def state_side_before_after(events: pd.DataFrame, mapping: pd.DataFrame, when,
                            months: int = 12, *, country: str) -> pd.DataFrame:
    """Civilians killed with the state side in equal windows around `when`, by attribution.

    Rows: government forces (national, Russian where UCDP codes them, or other foreign) in
    one-sided violence; civilians killed in battles involving them; pro-government
    militias (one-sided); jihadist and other groups (one-sided). Each row carries the window
    dates from :func:`sahel_analysis.metrics.windows.before_after` and ``covered``.
    """
    deduplicated = dedupe_releases(events)
    coverage = covered_months(deduplicated, country)  # releases are global: judge on them all
    frame = assign_families(deduplicated[deduplicated["country_iso3"] == country], mapping)
    one_sided = frame["violence_type"] == "one_sided"
    in_battle = _in_battle_with(frame, STATE_SIDE)
    groups = {
        "Government forces (national or foreign, incl. Russian): one-sided violence":
            one_sided & frame["family_a"].isin(STATE_SIDE),
        "Civilians killed in battles involving government forces (perpetrator not known)":
            in_battle,
        "Pro-government militias: one-sided violence":
            one_sided & (frame["family_a"] == "militias"),
        "Jihadist and other armed groups: one-sided violence":
            one_sided & ~frame["family_a"].isin((*STATE_SIDE, "militias")),
    }
    rows = []
    for label, mask in groups.items():
        windowed = before_after(frame[mask], when, months, countries=[country],
                                value="deaths_civilians", coverage=coverage,
                                deduplicated=True)
        rows.append(windowed.assign(group=label))
    table = pd.concat(rows, ignore_index=True)
    keep = ["group", "before_start", "before_end", "after_start", "after_end", "deaths_before",
            "deaths_after", "events_before", "events_after", "preliminary", "covered"]
    return table[keep]
