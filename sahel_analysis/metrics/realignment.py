"""Realignment: arms imports by supplier and supplier bloc, spending, aid, gold.

Supplier blocs are defined here (not in the SIPRI reader) so that every report groups
suppliers the same way: Russia (with the Soviet Union), Belarus on its own, China, Türkiye,
France, the United States, other European suppliers, other suppliers, and SIPRI's
"unknown supplier(s)" kept apart from all of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sahel_analysis.exceptions import InvalidArgumentError, InvalidPeriodError
from sahel_analysis.sources.sipri import OTHER_EUROPE

UNKNOWN = "Unknown supplier(s)"
BLOCS = ("Russia", "Belarus", "China", "Türkiye", "France", "United States", "Other Europe",
         "Other", UNKNOWN)
SHARE_THRESHOLD = 0.05
_NAMES = {"Turkiye": "Türkiye", "Turkey": "Türkiye", "Soviet Union": "Soviet Union",
          "unknown supplier(s)": UNKNOWN}


def supplier_name(supplier: str) -> str:
    """Return the display name of a SIPRI supplier ("Turkiye" -> "Türkiye").

    Args:
        supplier: Supplier as SIPRI spells it.

    Returns:
        The name shown in tables.
    """
    name = str(supplier).strip()
    return _NAMES.get(name, name)


def supplier_bloc(supplier: str) -> str:
    """Group a SIPRI supplier into one of :data:`BLOCS`.

    Belarus is its own bloc (never hidden in "Other Europe"); SIPRI's "unknown supplier(s)"
    is its own bloc (never hidden in "Other").

    Args:
        supplier: Supplier as SIPRI spells it.

    Returns:
        The bloc name.

    Example:
        >>> supplier_bloc("Belarus"), supplier_bloc("unknown supplier(s)")
        ('Belarus', 'Unknown supplier(s)')
    """
    name = supplier_name(supplier)
    if name in {"Russia", "Soviet Union"}:
        return "Russia"
    if name in {"Belarus", "China", "Türkiye", "France", "United States", UNKNOWN}:
        return name
    return "Other Europe" if name in OTHER_EUROPE else "Other"


def arms_by_bloc(deliveries: pd.DataFrame, by: Sequence[str] = ("year",)) -> pd.DataFrame:
    """Sum SIPRI TIV delivered per supplier bloc and `by`, one column per bloc (fixed order).

    Args:
        deliveries: SIPRI deliveries (supplier, year, tiv_delivered, ...).
        by: Columns to group by.

    Returns:
        One row per `by` group, one column per bloc of :data:`BLOCS`.
    """
    frame = deliveries.assign(bloc=deliveries["supplier"].map(supplier_bloc))
    table = frame.pivot_table(index=list(by), columns="bloc", values="tiv_delivered",
                              aggfunc="sum", fill_value=0.0)
    for bloc in BLOCS:
        if bloc not in table:
            table[bloc] = 0.0
    table = table[list(BLOCS)]
    table.columns.name = None
    return table.reset_index()


def supplier_shares(deliveries: pd.DataFrame, periods: dict[str, tuple[int, int]],
                    threshold: float = SHARE_THRESHOLD) -> pd.DataFrame:
    """Return each supplier's share of TIV delivered per recipient and period.

    Every supplier with at least `threshold` of a recipient's deliveries in a period is its own
    row; the others are summed into one row "Others, each below 5%" (with their number);
    unknown suppliers are always their own row, whatever their share.

    Args:
        deliveries: SIPRI deliveries (recipient_iso3, supplier, year, tiv_delivered).
        periods: Label -> (first year, last year), inclusive.
        threshold: Smallest share shown separately.

    Returns:
        Columns recipient_iso3, period, supplier, bloc, tiv, share, total_tiv, suppliers
        (number of suppliers in the row), sorted by recipient, period and share (largest
        first; the "others" row last).
    """
    for label, (first, last) in periods.items():
        _refuse_reversed(first, last, f"period {label!r}")
    rows = []
    frame = deliveries.assign(supplier=deliveries["supplier"].map(supplier_name))
    for label, (first, last) in periods.items():
        part = frame[frame["year"].between(first, last)]
        for recipient, group in part.groupby("recipient_iso3"):
            by_supplier = group.groupby("supplier")["tiv_delivered"].sum()
            total = float(by_supplier.sum())
            if total <= 0:
                continue
            shares = by_supplier / total
            big = shares[(shares >= threshold) | (shares.index == UNKNOWN)]
            small = shares.drop(big.index)
            for name, share in big.sort_values(ascending=False).items():
                rows.append({"recipient_iso3": recipient, "period": label, "supplier": name,
                             "bloc": supplier_bloc(name), "tiv": float(by_supplier[name]),
                             "share": float(share), "total_tiv": total, "suppliers": 1,
                             "order": 0})
            if len(small):
                rows.append({"recipient_iso3": recipient, "period": label,
                             "supplier": f"Others, each below {threshold:.0%}",
                             "bloc": "", "tiv": float(by_supplier[small.index].sum()),
                             "share": float(small.sum()), "total_tiv": total,
                             "suppliers": len(small), "order": 1})
    columns = ["recipient_iso3", "period", "supplier", "bloc", "tiv", "share", "total_tiv",
               "suppliers"]
    if not rows:
        return pd.DataFrame(columns=columns)
    order = {label: i for i, label in enumerate(periods)}
    table = pd.DataFrame(rows)
    table["_period"] = table["period"].map(order)
    table = table.sort_values(["recipient_iso3", "_period", "order", "share"],
                              ascending=[True, True, True, False], kind="stable")
    return table[columns].reset_index(drop=True)


def _refuse_reversed(first: int, last: int, what: str) -> None:
    if first > last:
        raise InvalidPeriodError(f"{what} runs from {first} back to {last}: give the first "
                                 f"year first, e.g. ({last}, {first}).")


def share_of(deliveries: pd.DataFrame, supplier: str, first: int, last: int) -> pd.Series:
    """Return `supplier`'s share of TIV delivered to each recipient in `first`..`last`.

    Args:
        deliveries: SIPRI deliveries.
        supplier: Supplier display name (e.g. "Russia", "Türkiye").
        first: First delivery year.
        last: Last delivery year.

    Returns:
        Share (0-1) per recipient_iso3; 0 where the supplier delivered nothing.
    """
    part = deliveries[deliveries["year"].between(first, last)]
    names = part["supplier"].map(supplier_name)
    total = part.groupby("recipient_iso3")["tiv_delivered"].sum()
    own = part[names == supplier].groupby("recipient_iso3")["tiv_delivered"].sum()
    return (own.reindex(total.index, fill_value=0.0) / total).rename(supplier)


def indicator_wide(indicators: pd.DataFrame, code: str) -> pd.DataFrame:
    """Return one WDI indicator as a year x country table.

    Args:
        indicators: WDI indicators (indicator_code, year, country_iso3, value).
        code: Indicator code.

    Returns:
        Years as index, one column per country.
    """
    part = indicators[indicators["indicator_code"] == code.upper()]
    if part.empty:
        available = ", ".join(sorted(indicators["indicator_code"].unique()))
        raise InvalidArgumentError(f"No indicator {code!r} in the table; pass one of: "
                                   f"{available}.")
    table = part.pivot_table(index="year", columns="country_iso3", values="value")
    table.columns.name = None
    return table


def annual_gold_price(gold: pd.DataFrame) -> pd.DataFrame:
    """Return the calendar-year mean of the monthly gold price (years with 12 months only).

    Args:
        gold: Monthly gold prices (date, price_usd_per_oz).

    Returns:
        Columns year, price_usd_per_oz.
    """
    frame = gold.assign(year=gold["date"].dt.year)
    table = frame.groupby("year").agg(price_usd_per_oz=("price_usd_per_oz", "mean"),
                                      months=("price_usd_per_oz", "size"))
    return table[table["months"] == 12].drop(columns="months").reset_index()


def change_between(series: pd.Series, first: int, last: int) -> dict | None:
    """Describe a yearly series between two years: both values and the relative change.

    Used to put two series side by side (e.g. exports and the gold price) without a
    correlation: two trends that both rise correlate whatever links them.

    Args:
        series: Values indexed by year.
        first: First year.
        last: Last year.

    Returns:
        {"first": year, "last": year, "start": value, "end": value, "change": relative
        change} or None when either year is missing.
    """
    _refuse_reversed(first, last, "the comparison")
    values = series.dropna()
    if first not in values.index or last not in values.index or values.loc[first] == 0:
        return None
    start, end = float(values.loc[first]), float(values.loc[last])
    return {"first": first, "last": last, "start": start, "end": end,
            "change": end / start - 1}


# Turns around which a before/after comparison of deaths is meaningful: changes in who
# fights (coups, foreign and UN forces arriving or leaving, exits from alliances and from
# ECOWAS). Agreements, MoUs, summits, sanctions and economic deals are not compared.
WINDOW_KINDS = ("coup", "foreign_force")
WINDOW_KEYS = ("minusma_takes_over", "minusma_mandate_ends", "minusma_withdrawal_completed",
               "mali_leaves_g5", "bfa_ner_quit_g5", "aes_announce_ecowas_exit",
               "ecowas_exit_effective")
TURN_SCOPE = {"bfa_ner_quit_g5": ("BFA", "NER"), "mali_leaves_g5": ("MLI",)}


def window_turns(timeline: pd.DataFrame, country: str) -> pd.DataFrame:
    """Return the turns of `country` around which deaths before and after are compared.

    Args:
        timeline: Timeline rows (key, kind, country, date, title) already limited to the
            country and the blocs it belongs to (:func:`sahel_analysis.data.timeline`).
        country: ISO3 code.

    Returns:
        The rows whose kind is in :data:`WINDOW_KINDS` or whose key is in
        :data:`WINDOW_KEYS`, without bloc turns that concern other members only.
    """
    wanted = timeline["kind"].isin(WINDOW_KINDS) | timeline["key"].isin(WINDOW_KEYS)
    own = [country in TURN_SCOPE.get(key, (country,)) for key in timeline["key"]]
    return timeline[wanted & pd.Series(own, index=timeline.index)].sort_values("date")
