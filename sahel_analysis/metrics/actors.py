"""Actor families: map UCDP actor names to families (JNIM, Islamic State, state forces, ...)."""

from __future__ import annotations

import pandas as pd

FAMILY_LABELS = {
    "jnim": "JNIM (al-Qaeda)",
    "islamic_state": "Islamic State (Sahel/West Africa)",
    "other_jihadist": "Other jihadist groups",
    "state_forces": "AES state forces",
    "russian_forces": "Russian forces (Wagner/Africa Corps)",
    "foreign_state_forces": "Other states' forces",
    "militias": "Self-defence militias/auxiliaries",
    "northern_movements": "Northern armed movements",
    "communal": "Communal militias",
    "unidentified": "Unidentified",
    "other": "Other / unmapped",
}
JIHADIST = ("jnim", "islamic_state", "other_jihadist")
STATE_AND_ALLIES = ("state_forces", "russian_forces", "militias")


def family_of(actors: pd.Series, mapping: pd.DataFrame) -> pd.Series:
    """Return the family of each actor name; names the mapping does not know become "other"."""
    lookup = mapping.set_index("actor")["family"]
    return actors.map(lookup).fillna("other")


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


def deaths_by_family(events: pd.DataFrame, mapping: pd.DataFrame, freq: str = "year"
                     ) -> pd.DataFrame:
    """Sum deaths_best per period and actor family (see :func:`assign_families`)."""
    from sahel_analysis.metrics.violence import period_start

    frame = assign_families(events, mapping)
    frame["period"] = period_start(frame["date"], freq)
    table = frame.groupby(["period", "actor_family"], as_index=False)["deaths_best"].sum()
    return table.sort_values(["period", "actor_family"]).reset_index(drop=True)


def unmapped_share(events: pd.DataFrame, mapping: pd.DataFrame) -> float:
    """Return the share of deaths in events whose actor family is "other" (unmapped)."""
    frame = assign_families(events, mapping)
    total = frame["deaths_best"].sum()
    if not total:
        return 0.0
    return float(frame.loc[frame["actor_family"] == "other", "deaths_best"].sum() / total)
