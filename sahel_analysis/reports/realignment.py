"""The realignment: sections of the `realignment` report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.metrics import partners as partner_metrics
from sahel_analysis.metrics.realignment import BLOCS, UNKNOWN
from sahel_analysis.plots.theme import BLOC_COLORS, COUNTRY_COLORS, new_figure
from sahel_analysis.plots.timeline import CATEGORY_MARKERS, CATEGORY_STYLE
from sahel_analysis.reports import common, sections
from sahel_analysis.tables import fmt_int, fmt_pct

TABLES_READ = ["timeline", "arms_deliveries", "arms_orders", "indicators", "gold_price",
               "fatalities", "events", "conflicts"]
ARMS_PERIODS = {"2000–2011": (2000, 2011), "2012–2019": (2012, 2019), "2020–2023": (2020, 2023)}
_BLOC_COLORS = {**BLOC_COLORS, "Belarus": "#8C2D04", UNKNOWN: "#555555"}
TURN_CATEGORIES = ("coup", "foreign_forces", "un", "alliance", "ecowas", "russia", "agreement")
TURN_LANES = ("MLI", "BFA", "NER", "AES", "G5S", "ECOWAS", "UN")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class RealignmentContext(common.PeriodContext):
    """The AES timeline, arms, indicators and partners for the period, as :func:`context` loads."""

    timeline: pd.DataFrame
    arms: pd.DataFrame
    orders: pd.DataFrame
    indicators: pd.DataFrame
    gold: pd.DataFrame
    turns: pd.DataFrame
    partners: pd.DataFrame


def context(params: dict) -> RealignmentContext:
    """Load and filter everything the report needs."""
    start, end, _ = common.period(params)
    timeline = data.timeline(countries.AES)
    return RealignmentContext(
        params=params,
        timeline=timeline[(timeline["date"] >= start) & (timeline["date"] <= end)],
        arms=data.arms_transfers(countries.AES),
        orders=data.arms_orders(countries.AES),
        indicators=data.indicators(countries=countries.AES),
        gold=data.gold_price(),
        turns=common.turns(countries.AES, categories=("coup", "russia", "foreign_forces")),
        partners=partner_metrics.partner_groups(data.conflicts(countries.AES)),
    )


def summary(ctx: RealignmentContext):
    """Page 1: three computed sentences (arms, foreign forces, the bloc) and the arms chart."""
    lines = _summary_lines(ctx)
    chart = arms_chart(ctx, height=HEADLINE_HEIGHT).output
    return common.summary(lines[1:4], common.page_one_data_age(ctx, TABLES_READ)), chart


HEADLINE_HEIGHT = 2.5  # inches: page 1 holds the chart, three sentences and the key findings


def _summary_lines(ctx: RealignmentContext) -> list[str]:
    """The computed page-1 lines: timeline, arms, Russian arrivals and French exits, the bloc."""
    first, last = ctx.years
    turns = ctx.timeline
    kinds = turns["kind"].value_counts()

    def when(key: str) -> str:
        row = turns[turns["key"] == key]
        return f"{row['date'].iloc[0]:%b %Y}" if len(row) else ""

    lines = [f"Mali, Burkina Faso and Niger, {first}–{last}: {len(turns)} events in the "
             f"sourced timeline, {int(kinds.get('coup', 0))} of them coups."]
    arms = ctx.arms
    label, (low, high) = list(ARMS_PERIODS.items())[-1]
    shares = metrics.realignment.supplier_shares(arms, {label: (low, high)})
    shares = shares[(shares["suppliers"] == 1)]
    if len(shares):
        top = shares.sort_values("share", ascending=False).groupby("recipient_iso3").head(1)
        top = top.set_index("recipient_iso3")
        lines.append(f"Largest supplier of the major arms delivered in {label} (SIPRI TIV): "
                     + ", ".join(f"{countries.name(c)} {top.loc[c, 'supplier']} "
                                 f"({fmt_pct(top.loc[c, 'share'])})"
                                 for c in countries.AES if c in top.index) + ".")
    arrivals = [(countries.name(c), when(k)) for c, k in common.RUSSIAN_ARRIVAL_KEYS.items()]
    arrivals = [f"{n} ({w})" for n, w in arrivals if w]
    if arrivals:
        lines.append("Russian forces arrived (Wagner Group, then Africa Corps; Russian "
                     "instructors in Niger) in " + ", ".join(arrivals) + ".")
    leaving = [(n, when(k)) for n, k in (("Mali", "french_troops_leave_mali"),
                                         ("Burkina Faso", "french_forces_leave_bfa"),
                                         ("Niger", "french_troops_leave_ner"))]
    leaving = [f"{n} ({w})" for n, w in leaving if w]
    if leaving and arrivals:
        lines[-1] = lines[-1].rstrip(".") + "; the last French troops left " + ", ".join(
            leaving) + "."
    elif leaving:
        lines.append("The last French troops left " + ", ".join(leaving) + ".")
    bloc = [(t, when(k)) for t, k in (("signed the AES charter", "aes_charter_signed"),
                                      ("left ECOWAS", "ecowas_exit_effective"))]
    bloc = [f"{t} ({w})" for t, w in bloc if w]
    if bloc:
        lines.append("The three states " + " and ".join(bloc) + ".")
    return lines


HEADING = "The realignment of Mali, Burkina Faso and Niger, {first}–{last}"


def export_tables(ctx: RealignmentContext) -> None:
    """Write the tables shown in the report to the render's Excel download."""
    common.export_tables(common.heading(ctx, HEADING))


def title(ctx: RealignmentContext) -> Markdown:
    """Report heading."""
    return Markdown(f"# {common.heading(ctx, HEADING)}")


def _share_list(shares: pd.DataFrame, recipient: str, period: str) -> str:
    part = shares[(shares["recipient_iso3"] == recipient) & (shares["period"] == period)]
    named = part[(part["suppliers"] == 1)
                 & ((part["supplier"] != UNKNOWN)
                    | (part["share"] >= metrics.realignment.SHARE_THRESHOLD))]
    return ", ".join(f"{row.supplier} {fmt_pct(row.share)}" for row in named.itertuples())


def key_findings(ctx: RealignmentContext) -> HTML:
    """Computed key findings: who supplies what, who fights beside whom, then the rest.

    Each comparison states its windows; none states or implies a cause.
    """
    lines = []
    arms = ctx.arms
    shares = metrics.realignment.supplier_shares(arms, ARMS_PERIODS)
    last_label, (last_first, last_last) = list(ARMS_PERIODS.items())[-1]
    prev_label, (prev_first, prev_last) = list(ARMS_PERIODS.items())[-2]
    if len(shares):
        parts = [f"{countries.name(code)}: {_share_list(shares, code, last_label)}"
                 for code in countries.AES
                 if ((shares["recipient_iso3"] == code) & (shares["period"] == last_label)).any()]
        lines.append(f"Suppliers of at least 5% of the major arms delivered in {last_label} "
                     f"(SIPRI TIV) — " + "; ".join(parts) + ".")
        russia_now = metrics.realignment.share_of(arms, "Russia", last_first, last_last)
        russia_before = metrics.realignment.share_of(arms, "Russia", prev_first, prev_last)
        turkey_now = metrics.realignment.share_of(arms, "Türkiye", last_first, last_last)
        lines.append("Russia's share of deliveries, " + prev_label + " → " + last_label + ": "
                     + ", ".join(f"{countries.name(c)} {fmt_pct(russia_before.get(c, 0))} → "
                                 f"{fmt_pct(russia_now.get(c, 0))}" for c in countries.AES)
                     + "; Türkiye's in " + last_label + ": "
                     + ", ".join(f"{countries.name(c)} {fmt_pct(turkey_now.get(c, 0))}"
                                 for c in countries.AES) + ".")
    partners = ctx.partners
    if len(partners):
        year = int(partners["year"].max())
        latest = partners[partners["year"] == year].set_index("country_iso3")
        earlier = partners[partners["year"] == year - 1].set_index("country_iso3")
        before = {c: earlier.loc[c, "summary"] if c in earlier.index else "no conflict listed"
                  for c in countries.AES}
        parts = [f"{countries.name(c)}: {before[c]} → {latest.loc[c, 'summary']}"
                 for c in countries.AES if c in latest.index]
        lines.append(f"States listed beside each government (UCDP/PRIO ACD; fighting with "
                     f"their own troops or a UN mission's contributors), {year - 1} → {year}: "
                     + "; ".join(parts) + ".")
        exits = [partner_metrics.un_exit_sentence(partners, code) for code in countries.AES]
        lines += [text for text in exits if text and text.startswith(f"{year - 1}→")]
    orders = ctx.orders[ctx.orders["order_year"] >= 2021]
    if len(orders):
        by_supplier = orders.assign(
            supplier=orders["supplier"].map(metrics.realignment.supplier_name)
        ).groupby("supplier")["deals"].sum().sort_values(ascending=False)
        named = [f"{name} {fmt_int(count)}" for name, count in by_supplier.items()]
        lines.append(f"{fmt_int(by_supplier.sum())} deals for major arms were ordered in 2021–"
                     f"{int(orders['order_year'].max())}: " + ", ".join(named) + ".")
    milex = metrics.realignment.indicator_wide(ctx.indicators, "MS.MIL.XPND.GD.ZS")
    if len(milex):
        year = int(milex.dropna(how="all").index.max())
        parts = [f"{countries.name(c)} {tables.fmt_float(milex.loc[year, c])}%"
                 for c in countries.AES if c in milex and pd.notna(milex.loc[year, c])]
        base = [f"{tables.fmt_float(milex.loc[2012, c])}%" for c in countries.AES
                if c in milex and 2012 in milex.index and pd.notna(milex.loc[2012, c])]
        lines.append(f"Military expenditure in {year} (% of GDP): {', '.join(parts)}"
                     + (f" (2012: {', '.join(base)})." if base else "."))
    return narrative.key_findings(lines[:6] or ["No data in this period."])


def timeline_chart(ctx: RealignmentContext):
    """A swim-lane chart of the turns: a row per actor with turns, a marker per category.

    Only lanes with at least one turn in the period are drawn; within a lane each category
    sits on its own sub-row, so turns of different kinds do not hide one another.
    """
    turns = ctx.timeline[ctx.timeline["category"].isin(TURN_CATEGORIES)]
    turns = turns[turns["country"].isin(TURN_LANES)]
    if turns.empty:
        return common.missing("No timeline event in this period.")
    lanes = [lane for lane in TURN_LANES if lane in set(turns["country"])]
    labels = {c: countries.name(c) if c in countries.BY_ISO3 else c for c in lanes}
    labels["G5S"] = "G5 Sahel"
    categories = [c for c in TURN_CATEGORIES if c in set(turns["category"])]
    fig, ax = new_figure(0.42 * len(lanes) + 1.4)
    for offset, category in enumerate(categories):
        part = turns[turns["category"] == category]
        color, _ = CATEGORY_STYLE[category]
        shift = (offset - (len(categories) - 1) / 2) * 0.7 / max(len(categories), 1)
        ax.scatter(part["date"], [lanes.index(c) + shift for c in part["country"]],
                   color=color, marker=CATEGORY_MARKERS[category], s=28, zorder=3,
                   edgecolor="white", linewidth=0.4, label=category.replace("_", " "))
    ax.set_yticks(range(len(lanes)), [labels[c] for c in lanes])
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=4, frameon=False)
    plots.finish(ax, "Turns of the realignment", "", f"{common.SRC_TIMELINE}.")
    return common.figure(fig)


def timeline_table(ctx: RealignmentContext) -> HTML:
    """The turns as a table with their sources."""
    turns = ctx.timeline[ctx.timeline["category"].isin(TURN_CATEGORIES)].copy()
    if turns.empty:
        return common.missing("No timeline event in this period.")
    turns["where"] = [common.scope_name(c) for c in turns["country"]]
    turns["when"] = [d.strftime("%b %Y") if p == "month" else d.strftime("%d %b %Y")
                     for d, p in zip(turns["date"], turns["date_precision"], strict=True)]
    return tables.show(
        turns, {"when": "text", "where": "text", "title": "text", "description": "text",
                "source": "text"},
        {"when": "Date", "where": "Where", "title": "Event", "description": "What happened",
         "source": "Source"}, source=common.SRC_TIMELINE)


def arms_chart(ctx: RealignmentContext, height: float = 3.8):
    """Arms delivered to the AES states by supplier bloc per year (TIV)."""
    arms = ctx.arms[ctx.arms["year"].between(*ctx.years)]
    table = metrics.realignment.arms_by_bloc(arms)
    if table.empty:
        return common.missing("No SIPRI deliveries in this period.")
    fig, ax = new_figure(height)
    bottom = pd.Series(0.0, index=table.index)
    for bloc in BLOCS:
        if not table[bloc].any():
            continue
        ax.bar(table["year"], table[bloc], bottom=bottom, color=_BLOC_COLORS[bloc], label=bloc,
               width=0.8, hatch="//" if bloc == UNKNOWN else None, edgecolor="white",
               linewidth=0.3)
        bottom += table[bloc]
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, frameon=False)
    first, last = _years(ctx.arms["year"])
    plots.add_timeline(ax, ctx.turns[ctx.turns["date"].dt.year <= last], yearly=True,
                       max_lanes=4)
    plots.finish(ax, "Major arms delivered to Mali, Burkina Faso and Niger, by supplier",
                 "SIPRI TIV (millions)", f"{common.SRC_SIPRI}; deliveries "
                 f"{common.span(first, last)}. Blocs with no delivery are not drawn; Belarus is "
                 "its own bloc.")
    return common.figure(fig)


def arms_share_table(ctx: RealignmentContext) -> HTML:
    """Every supplier's share of TIV delivered to each state per period (5% and more named)."""
    shares = metrics.realignment.supplier_shares(ctx.arms, ARMS_PERIODS)
    if shares.empty:
        return common.missing("No SIPRI deliveries in this period.")
    rows = []
    for (code, period), part in shares.groupby(["recipient_iso3", "period"], sort=False):
        named = part[(part["suppliers"] == 1) & (part["supplier"] != UNKNOWN)]
        unknown = part.loc[part["supplier"] == UNKNOWN, "share"].sum()
        small = part[part["suppliers"] > 1]
        rows.append({
            "recipient": countries.name(code), "period": period,
            "total_tiv": part["total_tiv"].iloc[0],
            "named": ", ".join(f"{r.supplier} {fmt_pct(r.share)}" for r in named.itertuples()),
            "unknown": unknown,
            "others": small["share"].sum(),
            "others_n": int(small["suppliers"].sum()),
        })
    frame = pd.DataFrame(rows)
    frame["order"] = frame["recipient"].map({countries.name(c): i
                                             for i, c in enumerate(countries.AES)})
    frame = frame.sort_values(["order"], kind="stable")
    return tables.show(
        frame, {"recipient": "text", "period": "text", "named": "text", "unknown": "pct",
                "others": "pct", "others_n": "int", "total_tiv": "float1"},
        {"recipient": "Recipient", "period": "Deliveries", "named":
         "Suppliers with 5% or more (share of TIV)", "unknown": "Unknown supplier(s)",
         "others": "Other suppliers, each below 5%", "others_n": "Number of other suppliers",
         "total_tiv": "Total (TIV, millions)"},
        source=f"{common.SRC_SIPRI}. Shares of each recipient's deliveries in the period; "
               "SIPRI's 'unknown supplier(s)' are shown apart, never added to a bloc. Belarus "
               "is its own bloc (it delivered no major arms to these states in "
               f"{common.span(*_years(ctx.arms['year']))}).")


def orders_table(ctx: RealignmentContext) -> HTML:
    """Deals ordered since 2021 by recipient and supplier (incl. undelivered)."""
    orders = ctx.orders[ctx.orders["order_year"] >= 2021]
    if orders.empty:
        return common.missing("No recorded orders since 2021.")
    orders = orders.assign(supplier=orders["supplier"].map(metrics.realignment.supplier_name))
    table = orders.groupby(["recipient_iso3", "supplier"], as_index=False).agg(
        deals=("deals", "sum"), tiv_ordered=("tiv_ordered", "sum"),
        undelivered=("undelivered_deals", "sum"))
    table["recipient"] = table["recipient_iso3"].map(countries.name)
    table = table.sort_values(["recipient", "tiv_ordered"], ascending=[True, False])
    return tables.show(table, {"recipient": "text", "supplier": "text", "deals": "int",
                               "undelivered": "int", "tiv_ordered": "float1"},
                       {"recipient": "Recipient", "supplier": "Supplier",
                        "deals": f"Deals ordered {common.span(*_years(orders['order_year']))}",
                        "undelivered": "Not yet delivered",
                        "tiv_ordered": "Ordered (TIV, millions)"},
                       source=f"{common.SRC_SIPRI} (trade register).")


def _years(years: pd.Series) -> tuple[int, int]:
    """Return the first and last year of a year column."""
    return int(years.min()), int(years.max())


def indicator_chart(ctx: RealignmentContext, code: str, title: str, unit: str):
    """One WDI indicator per AES state with the timeline."""
    wide = metrics.realignment.indicator_wide(ctx.indicators, code)
    wide = wide[(wide.index >= ctx.years[0]) & (wide.index <= ctx.years[1])]
    if wide.dropna(how="all").empty:
        return common.missing(f"No World Bank figures for {title.lower()} in this period.")
    long = wide.reset_index().melt(id_vars="year", var_name="country_iso3",
                                   value_name="value").dropna()
    fig, ax = new_figure(3.4)
    plots.line_by_group(long, "year", "value", "country_iso3", ax,
                        labels={c: countries.name(c) for c in countries.AES})
    if long["value"].max() < 100:
        ax.yaxis.set_major_formatter(plots.theme.FuncFormatter(lambda v, _: f"{v:,.1f}"))
    plots.add_timeline(ax, ctx.turns, yearly=True, max_lanes=4)
    plots.finish(ax, title, unit, f"{common.SRC_WDI}.")
    return common.figure(fig)


def _gold_and_exports(ctx: RealignmentContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    exports = metrics.realignment.indicator_wide(ctx.indicators, "TX.VAL.MRCH.CD.WT")
    exports = exports[(exports.index >= ctx.years[0]) & (exports.index <= ctx.years[1])]
    gold = metrics.realignment.annual_gold_price(ctx.gold)
    gold = gold[gold["year"].between(*ctx.years)]
    return exports, gold


def gold_chart(ctx: RealignmentContext):
    """Merchandise exports of the AES states and the gold price, side by side (two panels)."""
    exports, gold = _gold_and_exports(ctx)
    if exports.dropna(how="all").empty:
        return common.missing("No export figures in this period.")
    fig, (left, right) = new_figure(3.2, ncols=2)
    for code in countries.AES:
        if code in exports:
            series = exports[code].dropna()
            left.plot(series.index, series / 1e9, color=COUNTRY_COLORS[code], marker="o",
                      markersize=3, label=countries.name(code))
    left.set_title("Merchandise exports (US$ billion)", loc="left", fontsize=9)
    left.legend(loc="upper left", frameon=False, fontsize=7)
    right.plot(gold["year"], gold["price_usd_per_oz"], color="#B8860B", marker="o",
               markersize=3)
    right.set_title("Gold price, annual mean (US$ per troy ounce)", loc="left", fontsize=9)
    for ax in (left, right):
        ax.set_xlim(ctx.years[0] - 0.5, ctx.years[1] + 0.5)
    fig.suptitle("Exports and the gold price, side by side", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_WDI}; gold: World Bank Pink Sheet via datahub.io "
                           "(PDDL). Two panels and no correlation (see the text below).")
    return common.figure(fig)


def gold_sentence(ctx: RealignmentContext) -> Markdown:
    """How exports and the gold price changed over the same years (no correlation)."""
    exports, gold = _gold_and_exports(ctx)
    price = gold.set_index("year")["price_usd_per_oz"]
    years = sorted(set(price.index) & set(exports.dropna(how="all").index))
    if len(years) < 2:
        return Markdown("Not enough years with both exports and the gold price in this period.")
    first, last = years[0], years[-1]
    gold_change = metrics.realignment.change_between(price, first, last)
    parts, changes = [], []
    for code in countries.AES:
        change = (metrics.realignment.change_between(exports[code], first, last)
                  if code in exports else None)
        if change is not None:
            changes.append(change["change"])
            parts.append(f"{countries.name(code)} {tables.fmt_float(change['start'] / 1e9)} → "
                         f"{tables.fmt_float(change['end'] / 1e9)} billion US$ "
                         f"({tables.fmt_signed_pct(change['change'])})")
    directions = {"rose" if c > 0 else "fell" for c in [gold_change["change"], *changes]}
    together = (f"Both {directions.pop()} over the period" if len(directions) == 1
                else "They did not all move the same way")
    return Markdown(
        f"From {first} to {last} the annual average gold price went from "
        f"{fmt_int(gold_change['start'])} to {fmt_int(gold_change['end'])} US$ per ounce "
        f"({tables.fmt_signed_pct(gold_change['change'])}); merchandise exports: "
        + "; ".join(parts) + f" ({last} is WDI's first estimate for that year, often "
        f"revised). {together}; two series that trend the same way "
        "correlate whatever links them, so no correlation is given. The data here hold no "
        "gold-export series (WDI's *ores and metals* share excludes non-monetary gold), so "
        "total merchandise exports are shown.")


def partners_table(ctx: RealignmentContext) -> HTML:
    """States fighting beside each government per year (UCDP/PRIO ACD secondary parties)."""
    partners = ctx.partners
    partners = partners[partners["year"].between(*ctx.years)]
    if partners.empty:
        return common.missing("No state-based conflict of these governments in this period.")
    wide = partners.pivot(index="year", columns="country_iso3", values="summary")
    wide = wide.reindex(columns=[c for c in countries.AES if c in wide.columns])
    wide = wide.fillna("no conflict listed").reset_index()
    return tables.show(
        wide, {"year": "text", **{c: "text" for c in wide.columns if c != "year"}},
        {"year": "Year", **{c: countries.name(c) for c in countries.AES}},
        source=f"{common.SRC_ACD}, secondary warring parties on the government's side "
               "(side_a_2nd), pooled over each government's conflicts in the year. "
               + partner_metrics.CAVEAT)


def _range(best: float, low: float, high: float) -> str:
    return f"{fmt_int(best)} ({fmt_int(low)}–{fmt_int(high)})"


def _window_rows(ctx: RealignmentContext) -> tuple[pd.DataFrame, list[str]]:
    events = data.events(countries.AES)
    cy = data.fatalities(countries.AES)
    cy_years = set(cy["year"].unique())
    rows, not_covered = [], []
    for code in countries.AES:
        timeline = data.timeline(code)
        timeline = timeline[(timeline["date"] >= ctx.start) & (timeline["date"] <= ctx.end)]
        turns = metrics.realignment.window_turns(timeline, code)
        if turns.empty:
            continue
        monthly = metrics.windows.turn_windows(events, turns, 12, countries=[code])
        yearly_turns = []
        for row in monthly.itertuples(index=False):
            if row.covered:
                rows.append({
                    "country": countries.name(code), "turns": row.turns,
                    "basis": "GED, 12 months",
                    "before": f"{row.before_start:%b %Y}–{row.before_end:%b %Y}",
                    "after": f"{row.after_start:%b %Y}–{row.after_end:%b %Y}",
                    "deaths_before": row.deaths_before,
                    "deaths_before_low": row.deaths_before_low,
                    "deaths_before_high": row.deaths_before_high,
                    "range_before": _range(row.deaths_before, row.deaths_before_low,
                                           row.deaths_before_high),
                    "deaths_after": row.deaths_after,
                    "deaths_after_low": row.deaths_after_low,
                    "deaths_after_high": row.deaths_after_high,
                    "range_after": _range(row.deaths_after, row.deaths_after_low,
                                           row.deaths_after_high),
                    "date": row.first_turn, "order": countries.AES.index(code)})
            else:
                month = pd.Timestamp(row.after_start).to_period("M")
                yearly_turns.append(turns[turns["date"].dt.to_period("M") == month])
        if not yearly_turns:
            continue
        rest = pd.concat(yearly_turns)
        for year, group in rest.groupby(rest["date"].dt.year):
            label = "; ".join(f"{r.title} ({metrics.windows.turn_date(r)})"
                              for r in group.itertuples())
            if {year - 1, year, year + 1} <= cy_years:
                table = metrics.windows.before_after_yearly(cy, year, 1, countries=[code])
                row = table.iloc[0]
                rows.append({
                    "country": countries.name(code), "turns": label,
                    "basis": f"UCDP country-year ({year} left out)",
                    "before": row["before_years"], "after": row["after_years"],
                    "deaths_before": row["deaths_before"],
                    "deaths_before_low": row["deaths_before_low"],
                    "deaths_before_high": row["deaths_before_high"],
                    "range_before": _range(row["deaths_before"], row["deaths_before_low"],
                                           row["deaths_before_high"]),
                    "deaths_after": row["deaths_after"],
                    "deaths_after_low": row["deaths_after_low"],
                    "deaths_after_high": row["deaths_after_high"],
                    "range_after": _range(row["deaths_after"], row["deaths_after_low"],
                                           row["deaths_after_high"]),
                    "date": group["date"].min(), "order": countries.AES.index(code)})
            else:
                not_covered.append(f"{countries.name(code)}: {label}")
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.sort_values(["order", "date"]).reset_index(drop=True)
    return frame, not_covered


def windows(ctx: RealignmentContext) -> HTML:
    """Deaths in each state before and after its own turns, each row with its windows."""
    frame, not_covered = _window_rows(ctx)
    if frame.empty:
        return common.missing("No turn in this period has data on both sides.")
    note = ("Only turns that change who fights (coups, foreign and UN forces arriving or "
            "leaving, exits from alliances and from ECOWAS); agreements, MoUs and sanctions are "
            "not compared. Each country's own turns and those of the blocs it belongs to; turns "
            "with identical windows share a row. Best estimates with UCDP's low–high range. "
            "Windows describe change around a date, not its cause.")
    if not_covered:
        note += (" Not compared (the data end before the after-window does): "
                 + "; ".join(not_covered) + ".")
    return tables.show(
        frame, {"country": "text", "turns": "text", "before": "text", "range_before": "text",
                "after": "text", "range_after": "text", "basis": "text"},
        {"country": "Where", "turns": "Turn(s)", "before": "Before",
         "range_before": "Deaths before (low–high)", "after": "After",
         "range_after": "Deaths after (low–high)", "basis": "Data"},
        source=f"{common.SRC_GED}; {common.SRC_UCDP_CY}. {note}",
        download={"country": "text", "turns": "text", "before": "text",
                  "deaths_before": "int", "deaths_before_low": "int",
                  "deaths_before_high": "int", "after": "text", "deaths_after": "int",
                  "deaths_after_low": "int", "deaths_after_high": "int", "basis": "text"},
        download_headers=common.WINDOW_DEATH_HEADERS)


def sources_and_method(ctx: RealignmentContext) -> Markdown:
    """Definitions and caveats."""
    deliveries = _years(ctx.arms["year"])[1]
    orders = _years(ctx.orders["order_year"])[1]
    return Markdown(f"""
**Arms.** SIPRI's trend-indicator value (TIV) measures the military capability transferred, not
its price; it covers major conventional weapons only (no small arms, no services, no private
military companies). Deliveries are by delivery year (to {deliveries}); orders come from the
trade register (to {orders}) and include undelivered deals; the exports used are named in the
source line.
Only aggregates of SIPRI data are shipped with this package, as SIPRI's terms require.

**Spending and aid.** World Bank series: military expenditure (SIPRI data, % of GDP and % of
general government expenditure), net official development assistance received (current US$).

**Gold.** World Bank Pink Sheet monthly prices averaged per calendar year. Gold is the main
export of Mali and Burkina Faso, but the data here hold no gold-export series: total
merchandise exports are shown next to the price, without a correlation (two rising trends
correlate whatever links them).

**Suppliers.** Every supplier with at least 5% of a recipient's deliveries in a period is
named; SIPRI's "unknown supplier(s)" are shown apart; Belarus is its own bloc (not in "Other
Europe"); Russia's bloc includes the Soviet Union.

**Who fights beside each government.** UCDP/PRIO ACD lists as secondary warring parties the
states whose troops fight on the government's side. It does not capture private military
companies (the Wagner Group, 2021–2023, is not a state), arms, instructors who do not fight,
money or intelligence. In MINUSMA's years it lists the mission's troop contributors one by one.

**Event windows** compare deaths in the 12 months before a turn's month with the 12 months from
it (final GED events), else the year before the turn's year with the year after (UCDP
country-year; the turn's own year is left out). They describe change around a date; many
things change at once, so they do not identify causes.
""")


def provenance(ctx: RealignmentContext):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.reports import provenance as prov

    return prov.show(ctx.params, TABLES_READ)


# Every cell function returns a typed Section (its table, figure, text): see reports.sections.
sections.wrap(globals())
