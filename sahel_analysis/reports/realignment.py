"""The realignment: sections of the `realignment` report."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import BLOC_COLORS, COUNTRY_COLORS, new_figure
from sahel_analysis.plots.timeline import CATEGORY_STYLE
from sahel_analysis.reports import common
from sahel_analysis.sources.sipri import BLOCS
from sahel_analysis.tables import fmt_int, fmt_pct

TABLES_READ = ["timeline", "arms_deliveries", "arms_orders", "indicators", "gold_price",
               "fatalities", "events"]
ARMS_PERIODS = {"2000–2011": (2000, 2011), "2012–2019": (2012, 2019), "2020–2023": (2020, 2023)}
TURN_CATEGORIES = ("coup", "foreign_forces", "un", "alliance", "ecowas", "russia", "agreement")


def context(params: dict) -> dict:
    """Load and filter everything the report needs."""
    start, end, (first_year, last_year) = common.period(params)
    timeline = data.timeline(countries.AES)
    return {
        "params": params,
        "start": start,
        "end": end,
        "years": (first_year, last_year),
        "timeline": timeline[(timeline["date"] >= start) & (timeline["date"] <= end)],
        "arms": data.arms_transfers(countries.AES),
        "orders": data.arms_orders(countries.AES),
        "indicators": data.indicators(countries=countries.AES),
        "gold": data.gold_price(),
        "turns": common.turns(countries.AES, categories=("coup", "russia", "foreign_forces")),
    }


def title(ctx: dict) -> Markdown:
    """Report heading."""
    first, last = ctx["years"]
    return Markdown(f"# The realignment of Mali, Burkina Faso and Niger, {first}–{last}")


def key_findings(ctx: dict) -> HTML:
    """Computed key findings."""
    lines = []
    shares = metrics.realignment.bloc_shares_by_period(ctx["arms"], ARMS_PERIODS)
    if len(shares):
        first, last = shares.iloc[0], shares.iloc[-1]
        lines.append(f"Russia's share of major arms delivered to the three states (SIPRI TIV) "
                     f"went from {fmt_pct(first['Russia'])} in {first['period']} to "
                     f"{fmt_pct(last['Russia'])} in {last['period']}; China's from "
                     f"{fmt_pct(first['China'])} to {fmt_pct(last['China'])}.")
        lines.append(f"France and the United States together supplied "
                     f"{fmt_pct(last['France'] + last['United States'])} in {last['period']} "
                     f"({fmt_pct(first['France'] + first['United States'])} in "
                     f"{first['period']}).")
    orders = ctx["orders"][ctx["orders"]["order_year"] >= 2021]
    if len(orders):
        by_bloc = orders.groupby("supplier_bloc")["deals"].sum()
        named = [f"{bloc} {fmt_int(by_bloc[bloc])}" for bloc in BLOCS
                 if bloc != "Other" and by_bloc.get(bloc, 0) > 0]
        lines.append(f"{fmt_int(by_bloc.sum())} deals for major arms were ordered in 2021–"
                     f"{int(orders['order_year'].max())}: " + ", ".join(named)
                     + f", other suppliers {fmt_int(by_bloc.get('Other', 0))}.")
    milex = metrics.realignment.indicator_wide(ctx["indicators"], "MS.MIL.XPND.GD.ZS")
    if len(milex):
        year = int(milex.dropna(how="all").index.max())
        parts = [f"{countries.name(c)} {tables.fmt_float(milex.loc[year, c])}%"
                 for c in countries.AES if c in milex and pd.notna(milex.loc[year, c])]
        base = [f"{tables.fmt_float(milex.loc[2012, c])}%" for c in countries.AES
                if c in milex and 2012 in milex.index and pd.notna(milex.loc[2012, c])]
        lines.append(f"Military expenditure in {year} (% of GDP): {', '.join(parts)}"
                     + (f" (2012: {', '.join(base)})." if base else "."))
    turns = ctx["timeline"][ctx["timeline"]["category"].isin(TURN_CATEGORIES)]
    if len(turns):
        counts = turns["category"].value_counts()
        lines.append(f"The timeline lists {len(turns)} turns in the period, including "
                     f"{counts.get('coup', 0)} coups, {counts.get('foreign_forces', 0)} "
                     "deployments or withdrawals of French, US and other Western forces and "
                     f"{counts.get('russia', 0)} Russian deployments or agreements.")
    return narrative.key_findings(lines[:6] or ["No data in this period."])


def timeline_chart(ctx: dict):
    """A swim-lane chart of the turns: one row per actor, marker colour by category."""
    turns = ctx["timeline"][ctx["timeline"]["category"].isin(TURN_CATEGORIES)]
    if turns.empty:
        return common.missing("No timeline event in this period.")
    lanes = ["MLI", "BFA", "NER", "AES", "ECOWAS", "UN"]
    labels = {c: countries.name(c) if c in countries.BY_ISO3 else c for c in lanes}
    fig, ax = new_figure(3.0)
    for category, part in turns.groupby("category"):
        color, _ = CATEGORY_STYLE[category]
        ax.scatter(part["date"], [lanes.index(c) for c in part["country"]], color=color,
                   s=30, label=category.replace("_", " "), zorder=3, edgecolor="white")
    ax.set_yticks(range(len(lanes)), [labels[c] for c in lanes])
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=4, frameon=False)
    plots.finish(ax, "Turns of the realignment", "", f"{common.SRC_TIMELINE}.")
    return common.figure(fig)


def timeline_table(ctx: dict) -> HTML:
    """The turns as a table with their sources."""
    turns = ctx["timeline"][ctx["timeline"]["category"].isin(TURN_CATEGORIES)].copy()
    if turns.empty:
        return common.missing("No timeline event in this period.")
    turns["where"] = [countries.name(c) if c in countries.BY_ISO3 else c
                      for c in turns["country"]]
    turns["when"] = [d.strftime("%b %Y") if p == "month" else d.strftime("%d %b %Y")
                     for d, p in zip(turns["date"], turns["date_precision"], strict=True)]
    return tables.show(
        turns, {"when": "text", "where": "text", "title": "text", "description": "text",
                "source": "text"},
        {"when": "Date", "where": "Where", "title": "Event", "description": "What happened",
         "source": "Source"}, source=common.SRC_TIMELINE)


def arms_chart(ctx: dict):
    """Arms delivered to the AES states by supplier bloc per year (TIV)."""
    arms = ctx["arms"][ctx["arms"]["year"].between(*ctx["years"])]
    table = metrics.realignment.arms_by_bloc(arms)
    if table.empty:
        return common.missing("No SIPRI deliveries in this period.")
    fig, ax = new_figure(3.8)
    bottom = pd.Series(0.0, index=table.index)
    for bloc in BLOCS:
        ax.bar(table["year"], table[bloc], bottom=bottom, color=BLOC_COLORS[bloc], label=bloc,
               width=0.8)
        bottom += table[bloc]
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, frameon=False)
    plots.add_timeline(ax, ctx["turns"][ctx["turns"]["date"].dt.year <= 2023], yearly=True,
                       max_lanes=4)
    plots.finish(ax, "Major arms delivered to Mali, Burkina Faso and Niger, by supplier",
                 "SIPRI TIV (millions)", f"{common.SRC_SIPRI}; deliveries 2000–2023.")
    return common.figure(fig)


def arms_share_table(ctx: dict) -> HTML:
    """Each bloc's share of TIV delivered per period, per country and for all three."""
    rows = []
    for label, codes in [("All three", list(countries.AES))] + [
            (countries.name(c), [c]) for c in countries.AES]:
        shares = metrics.realignment.bloc_shares_by_period(
            ctx["arms"][ctx["arms"]["recipient_iso3"].isin(codes)], ARMS_PERIODS)
        for row in shares.to_dict("records"):
            rows.append({"recipient": label, **row})
    frame = pd.DataFrame(rows)
    formats = {"recipient": "text", "period": "text", "total_tiv": "float1",
               **{b: "pct" for b in BLOCS}}
    return tables.show(frame, formats, {"recipient": "Recipient", "period": "Deliveries",
                                        "total_tiv": "Total (TIV, millions)"},
                       source=f"{common.SRC_SIPRI}. Other Europe includes Ukraine and Belarus.")


def orders_table(ctx: dict) -> HTML:
    """Deals ordered since 2021 by recipient and supplier (incl. undelivered)."""
    orders = ctx["orders"][ctx["orders"]["order_year"] >= 2021]
    if orders.empty:
        return common.missing("No recorded orders since 2021.")
    table = orders.groupby(["recipient_iso3", "supplier"], as_index=False).agg(
        deals=("deals", "sum"), tiv_ordered=("tiv_ordered", "sum"),
        undelivered=("undelivered_deals", "sum"))
    table["recipient"] = table["recipient_iso3"].map(countries.name)
    table = table.sort_values(["recipient", "tiv_ordered"], ascending=[True, False])
    return tables.show(table, {"recipient": "text", "supplier": "text", "deals": "int",
                               "undelivered": "int", "tiv_ordered": "float1"},
                       {"recipient": "Recipient", "supplier": "Supplier",
                        "deals": "Deals ordered 2021–2024", "undelivered": "Not yet delivered",
                        "tiv_ordered": "Ordered (TIV, millions)"},
                       source=f"{common.SRC_SIPRI} (trade register export of 13 March 2025).")


def indicator_chart(ctx: dict, code: str, title: str, unit: str):
    """One WDI indicator per AES state with the timeline."""
    wide = metrics.realignment.indicator_wide(ctx["indicators"], code)
    wide = wide[(wide.index >= ctx["years"][0]) & (wide.index <= ctx["years"][1])]
    if wide.dropna(how="all").empty:
        return common.missing(f"No World Bank figures for {title.lower()} in this period.")
    long = wide.reset_index().melt(id_vars="year", var_name="country_iso3",
                                   value_name="value").dropna()
    fig, ax = new_figure(3.4)
    plots.line_by_group(long, "year", "value", "country_iso3", ax,
                        labels={c: countries.name(c) for c in countries.AES})
    if long["value"].max() < 100:
        ax.yaxis.set_major_formatter(plots.theme.FuncFormatter(lambda v, _: f"{v:,.1f}"))
    plots.add_timeline(ax, ctx["turns"], yearly=True, max_lanes=4)
    plots.finish(ax, title, unit, f"{common.SRC_WDI}.")
    return common.figure(fig)


def gold_chart(ctx: dict):
    """Merchandise exports of the AES states against the gold price."""
    exports = metrics.realignment.indicator_wide(ctx["indicators"], "TX.VAL.MRCH.CD.WT")
    gold = metrics.realignment.annual_gold_price(ctx["gold"])
    exports = exports[exports.index >= ctx["years"][0]]
    if exports.empty:
        return common.missing("No export figures in this period.")
    fig, ax = new_figure(3.6)
    for code in countries.AES:
        if code in exports:
            ax.plot(exports.index, exports[code] / 1e9, color=COUNTRY_COLORS[code], marker="o",
                    markersize=3, label=f"{countries.name(code)} exports")
    ax.set_ylabel("Merchandise exports (US$ billion)")
    twin = ax.twinx()
    gold = gold[gold["year"].between(exports.index.min(), exports.index.max())]
    twin.plot(gold["year"], gold["price_usd_per_oz"], color="#B8860B", linestyle="--",
              label="Gold price (right)")
    twin.set_ylabel("Gold, US$ per troy ounce")
    plots.add_timeline(ax, ctx["turns"], categories=("coup", "russia"), yearly=True,
                       max_lanes=4)
    twin.grid(False)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + twin.get_legend_handles_labels()[1]
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2,
              frameon=False)
    plots.finish(ax, "Exports and the gold price", "Merchandise exports (US$ billion)",
                 f"{common.SRC_WDI}; gold: World Bank Pink Sheet via datahub.io (PDDL).")
    return common.figure(fig)


def gold_sentence(ctx: dict) -> Markdown:
    """Correlation of exports with the gold price, computed."""
    exports = metrics.realignment.indicator_wide(ctx["indicators"], "TX.VAL.MRCH.CD.WT")
    gold = metrics.realignment.annual_gold_price(ctx["gold"])
    parts = []
    for code in countries.AES:
        if code not in exports:
            continue
        series = exports[[code]].rename(columns={code: "value"}).reset_index()
        series = series[series["year"] >= ctx["years"][0]]
        r = metrics.realignment.correlation_with_gold(series, gold)
        parts.append(f"{countries.name(code)} r = {tables.fmt_float(r, 2)}")
    return Markdown("Correlation of annual merchandise exports with the average gold price over "
                    "the period: " + "; ".join(parts) + ". WDI's *ores and metals* share "
                    "excludes non-monetary gold, so total merchandise exports are shown instead.")


def windows(ctx: dict) -> tuple:
    """Deaths in the three states before and after each turn."""
    monthly, yearly = common.monthly_and_yearly(list(countries.AES))
    turns = ctx["timeline"][ctx["timeline"]["category"].isin(
        ("coup", "foreign_forces", "un", "alliance", "ecowas", "russia"))]
    table = metrics.windows.mixed_window_table(monthly, yearly, turns)
    fig, ax = new_figure(0.3 * max(3, (table["status"] == "ok").sum()) + 1.2)
    plots.window_chart(table, ax)
    plots.finish(ax, "Deaths in the three states after vs before each turn", "",
                 f"{common.SRC_GED} (6-month windows); {common.SRC_UCDP_CY} (1-year windows).")
    html = tables.show(
        table, {"date": "date", "country": "text", "title": "text", "basis": "text",
                "before": "int", "after": "int", "rate_ratio": "float2", "ci_low": "float2",
                "ci_high": "float2"},
        {"date": "Date", "country": "Where", "title": "Event", "basis": "Window each side",
         "before": "Deaths before", "after": "Deaths after", "rate_ratio": "Rate ratio",
         "ci_low": "95% CI low", "ci_high": "95% CI high"},
        source="Exact Poisson interval; deaths are clustered, so intervals understate "
               "uncertainty. Windows overlap when turns are close in time.")
    return common.figure(fig), html


def sources_and_method(ctx: dict) -> Markdown:
    """Definitions and caveats."""
    return Markdown("""
**Arms.** SIPRI's trend-indicator value (TIV) measures the military capability transferred, not
its price; it covers major conventional weapons only (no small arms, no services, no private
military companies). Deliveries are by delivery year (export of January 2025, to 2023); orders
come from the trade register (export of March 2025, to 2024) and include undelivered deals.
Only aggregates of SIPRI data are shipped with this package, as SIPRI's terms require.

**Spending and aid.** World Bank series: military expenditure (SIPRI data, % of GDP and % of
general government expenditure), net official development assistance received (current US$).

**Gold.** World Bank Pink Sheet monthly prices averaged per calendar year. Gold is the main
export of Mali and Burkina Faso, but the data here hold no gold-export series: total
merchandise exports are compared with the price.

**Event windows** compare deaths in equal windows before and after each turn: six months of
final GED events where they cover both sides, else one year of UCDP country-year totals. They
describe change around a date; many things change at once, so they do not identify causes.
""")


def provenance(ctx: dict):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.render import provenance as prov

    return prov.show(ctx["params"], TABLES_READ)
