"""Actor families: map UCDP actor names to families (JNIM, Islamic State, state forces, ...)."""

from __future__ import annotations

import pandas as pd

FAMILY_LABELS = {
    "jnim": "JNIM (al-Qaeda, from Mar 2017)",
    "jnim_precursors": "AQIM, Ansar Dine, al-Murabitun, MUJAO, Katiba Macina (before JNIM)",
    "islamic_state": "Islamic State (Sahel/West Africa)",
    "other_jihadist": "Other jihadist groups",
    "state_forces": "National state forces",
    "russian_forces": "Russian forces (Wagner/Africa Corps)",
    "foreign_state_forces": "Other states' forces",
    "militias": "Self-defence militias/auxiliaries",
    "northern_movements": "Northern armed movements",
    "communal": "Communal militias",
    "unidentified": "Unidentified",
    "other": "Other / unmapped",
}
JIHADIST = ("jnim", "jnim_precursors", "islamic_state", "other_jihadist")
STATE_AND_ALLIES = ("state_forces", "russian_forces", "militias")


def family_of(actors: pd.Series, mapping: pd.DataFrame) -> pd.Series:
    """Return the family of each actor name; names the mapping does not know become "other"."""
    lookup = mapping.set_index("actor")["family"]
    return actors.map(lookup).fillna("other")


def founders(mapping: pd.DataFrame, group: str) -> list[str]:
    """Return the actors the mapping records as founders of `group` ("JNIM" or "IS Sahel").

    MUJAO is a founder of both: of JNIM through al-Murabitun (2017) and of IS Sahel, formed
    when al-Murabitun's ex-MUJAO faction split in May 2015 (``founder_of`` in the mapping).
    """
    founded = mapping["founder_of"].str.split("; ")
    return sorted(mapping.loc[founded.map(lambda groups: group in groups), "actor"])


def unmapped_actors(events: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """List actor names absent from the mapping with the deaths of their events (to complete it)."""
    sides = pd.concat(
        [events[["side_a", "deaths_best"]].rename(columns={"side_a": "actor"}),
         events[["side_b", "deaths_best"]].rename(columns={"side_b": "actor"})]
    )
    sides = sides[(sides["actor"] != "Civilians") & ~sides["actor"].isin(mapping["actor"])]
    return (
        sides.groupby("actor", as_index=False)
        .agg(events=("deaths_best", "size"), deaths_best=("deaths_best", "sum"))
        .sort_values("deaths_best", ascending=False)
        .reset_index(drop=True)
    )


def assign_families(events: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Add `family_a`, `family_b` and `actor_family` (the event's armed non-state side).

    ``actor_family`` is the family of the side that is not a government in state-based events
    (side_b), and of side_a in non-state and one-sided events (the perpetrator).
    """
    frame = events.copy()
    frame["family_a"] = family_of(frame["side_a"], mapping)
    frame["family_b"] = family_of(frame["side_b"], mapping).where(frame["side_b"] != "Civilians",
                                                                  "civilians")
    state_based = frame["violence_type"] == "state_based"
    frame["actor_family"] = frame["family_a"].where(~state_based, frame["family_b"])
    return frame


def deaths_by_victim(events: pd.DataFrame, mapping: pd.DataFrame, freq: str = "year"
                     ) -> pd.DataFrame:
    """Split every death by who was killed: the fighters of each family, civilians, unknown.

    UCDP's ``deaths_a`` and ``deaths_b`` are the fighters of side A and B killed,
    ``deaths_civilians`` the civilians and ``deaths_unknown`` the others; they add up to
    ``deaths_best``. Columns: period, victim (a family key, ``civilians`` or ``unknown``),
    deaths. Summing over victims gives the total deaths, so the rows can be stacked. One-sided
    events kill civilians only; the perpetrator's losses there are its ``deaths_a``.
    """
    from sahel_analysis.metrics.violence import period_start

    frame = assign_families(events, mapping)
    frame["period"] = period_start(frame["date"], freq)
    parts = [
        frame[["period", "family_a", "deaths_a"]].set_axis(["period", "victim", "deaths"], axis=1),
        frame[["period", "family_b", "deaths_b"]].set_axis(["period", "victim", "deaths"], axis=1),
        frame[["period", "deaths_civilians"]].assign(victim="civilians").rename(
            columns={"deaths_civilians": "deaths"}),
        frame[["period", "deaths_unknown"]].assign(victim="unknown").rename(
            columns={"deaths_unknown": "deaths"}),
    ]
    stacked = pd.concat(parts, ignore_index=True)
    stacked = stacked[stacked["deaths"] > 0]
    table = stacked.groupby(["period", "victim"], as_index=False)["deaths"].sum()
    return table.sort_values(["period", "victim"]).reset_index(drop=True)


def deaths_by_family_involved(events: pd.DataFrame, mapping: pd.DataFrame, freq: str = "year"
                              ) -> pd.DataFrame:
    """Per period and family: its fighters killed, civilians and unknown killed in its events.

    Columns: period, family, fighters_killed, civilians, unknown, deaths_in_events (all deaths
    in events where the family was a side). An event counts for each of its two families, so
    rows must not be summed across families.
    """
    from sahel_analysis.metrics.violence import period_start

    frame = assign_families(events, mapping)
    frame["period"] = period_start(frame["date"], freq)
    rows = []
    for side, other in (("a", "b"), ("b", "a")):
        part = frame[frame[f"family_{side}"] != "civilians"]
        same = part[f"family_{side}"] == part[f"family_{other}"]
        rows.append(pd.DataFrame({
            "period": part["period"], "family": part[f"family_{side}"],
            "fighters_killed": part[f"deaths_{side}"],
            # an event between two actors of one family counts once for that family
            "civilians": part["deaths_civilians"].where(~same | (side == "a"), 0),
            "unknown": part["deaths_unknown"].where(~same | (side == "a"), 0),
            "deaths_in_events": part["deaths_best"].where(~same | (side == "a"), 0),
        }))
    table = pd.concat(rows).groupby(["period", "family"], as_index=False).sum()
    return table.sort_values(["period", "family"]).reset_index(drop=True)


def unmapped_share(events: pd.DataFrame, mapping: pd.DataFrame) -> float:
    """Return the share of deaths in events whose actor family is "other" (unmapped)."""
    frame = assign_families(events, mapping)
    total = frame["deaths_best"].sum()
    if not total:
        return 0.0
    return float(frame.loc[frame["actor_family"] == "other", "deaths_best"].sum() / total)
