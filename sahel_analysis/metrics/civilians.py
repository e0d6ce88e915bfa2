"""Civilian harm: who kills civilians, and how that changed when Russian forces arrived."""

from __future__ import annotations

import pandas as pd

from sahel_analysis.metrics.actors import JIHADIST, STATE_AND_ALLIES, assign_families

PERPETRATOR_GROUPS = {
    **{family: "State forces and allies" for family in STATE_AND_ALLIES},
    **{family: "Jihadist groups" for family in JIHADIST},
}


def civilian_deaths_by_perpetrator(events: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Sum civilians killed in one-sided violence per year and perpetrator family.

    Only one-sided events (violence_type "one_sided") attribute a perpetrator; civilians killed
    in battles are not attributed. Columns: year, family, group, deaths_best.
    """
    frame = assign_families(events[events["violence_type"] == "one_sided"], mapping)
    frame["group"] = frame["family_a"].map(PERPETRATOR_GROUPS).fillna("Other perpetrators")
    table = frame.groupby(["year", "family_a", "group"], as_index=False)["deaths_best"].sum()
    return table.rename(columns={"family_a": "family"}).sort_values(["year", "family"]).reset_index(
        drop=True
    )


def state_share(by_perpetrator: pd.DataFrame) -> pd.DataFrame:
    """Return per year the deaths and share caused by state forces and allies vs jihadists."""
    pivot = by_perpetrator.pivot_table(index="year", columns="group", values="deaths_best",
                                       aggfunc="sum", fill_value=0)
    for column in ("State forces and allies", "Jihadist groups", "Other perpetrators"):
        if column not in pivot:
            pivot[column] = 0
    total = pivot.sum(axis=1)
    pivot["total"] = total
    pivot["state_share"] = pivot["State forces and allies"] / total.where(total > 0)
    pivot["jihadist_share"] = pivot["Jihadist groups"] / total.where(total > 0)
    return pivot.reset_index()


def before_after(events: pd.DataFrame, mapping: pd.DataFrame, when: pd.Timestamp,
                 months: int = 24) -> pd.DataFrame:
    """Compare civilian deaths by perpetrator group `months` before and after a date.

    Columns: group, before, after, share_before, share_after.
    """
    when = pd.Timestamp(when)
    one_sided = events[events["violence_type"] == "one_sided"]
    before = one_sided[(one_sided["date"] >= when - pd.DateOffset(months=months))
                       & (one_sided["date"] < when)]
    after = one_sided[(one_sided["date"] >= when)
                      & (one_sided["date"] < when + pd.DateOffset(months=months))]
    totals = {}
    for label, part in (("before", before), ("after", after)):
        families = assign_families(part, mapping)
        group = families["family_a"].map(PERPETRATOR_GROUPS).fillna("Other perpetrators")
        totals[label] = families.groupby(group)["deaths_best"].sum()
    table = pd.DataFrame(totals).fillna(0)
    for label in ("before", "after"):
        total = table[label].sum()
        table[f"share_{label}"] = table[label] / total if total else float("nan")
    return table.rename_axis("group").reset_index()
