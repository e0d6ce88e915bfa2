"""AES regional security overview: sections of the `regional_security` report."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import COUNTRY_COLORS, new_figure
from sahel_analysis.reports import common
from sahel_analysis.tables import fmt_int, fmt_pct

TABLES_READ = ["fatalities", "owid_deaths", "events", "timeline", "indicators", "boundaries"]
TRIBORDER_RADIUS_KM = 150


def context(params: dict) -> dict:
    """Load and filter everything the report needs."""
    codes = params["countries"]
    start, end, (first_year, last_year) = common.period(params)
    cy = data.fatalities(list(dict.fromkeys([*codes, *countries.COASTAL])))
    events = data.events(codes, include_preliminary=False)
    return {
        "params": params,
        "codes": codes,
        "label": common.names(codes),
        "start": start,
        "end": end,
        "years": (first_year, last_year),
        "cy": cy[cy["year"].between(first_year, last_year)],
        "owid": data.owid_deaths(codes),
        "events": events[(events["date"] >= start) & (events["date"] <= end)],
        "population": data.indicators(codes, "SP.POP.TOTL"),
        "turns": common.turns(codes, categories=("coup", "russia", "foreign_forces")),
        "boundaries": data.boundaries(),
    }


def _totals(ctx: dict) -> pd.DataFrame:
    cy = ctx["cy"][ctx["cy"]["country_iso3"].isin(ctx["codes"])]
    totals = metrics.violence.yearly_totals(cy)
    pop = ctx["population"]
    return metrics.violence.per_100k(totals, pop)


def title(ctx: dict):
    """Report heading."""
    from IPython.display import Markdown

    first, last = ctx["years"]
    return Markdown(f"# Security in {ctx['label']}, {first}–{last}")


def key_findings(ctx: dict) -> HTML:
    """Computed key findings."""
    lines = []
    totals = _totals(ctx)
    if len(totals):
        per_year = totals.groupby("year")["deaths_best"].sum()
        last = int(per_year.index.max())
        lines.append(narrative.describe_change(
            f"Deaths in {ctx['label']} together", per_year.iloc[-1], per_year.iloc[-2]
            if len(per_year) > 1 else float("nan"), str(last), str(last - 1)) + " (UCDP)")
        latest = totals[totals["year"] == last].sort_values("deaths_best", ascending=False)
        top = latest.iloc[0]
        lines.append(
            f"{countries.name(top['country_iso3'])} accounts for "
            f"{fmt_pct(top['deaths_best'] / latest['deaths_best'].sum())} of the {last} total; "
            "its rate is " + tables.fmt_float(top["deaths_best_per_100k"])
            + " deaths per 100,000 inhabitants."
        )
        first = int(per_year.index.min())
        lines.append(f"From {first} to {last}, UCDP records {fmt_int(per_year.sum())} deaths in "
                     f"organised violence in these states.")
    spread = metrics.spread.admin1_affected(ctx["events"], 25)
    if len(spread):
        by_year = spread.groupby("year")["admin1_units"].sum()
        lines.append(f"Regions (admin1) with at least 25 deaths in a year: {by_year.iloc[0]} in "
                     f"{by_year.index[0]}, {by_year.iloc[-1]} in {by_year.index[-1]} "
                     "(GED events).")
    coastal = ctx["cy"][ctx["cy"]["country_iso3"].isin(countries.COASTAL)]
    if len(coastal):
        per_year = coastal.groupby("year")["deaths_best"].sum()
        recent = per_year[per_year.index >= per_year.index.max() - 2].sum()
        earlier = per_year[per_year.index < per_year.index.max() - 2].sum()
        lines.append(f"Benin, Togo, Ghana and Côte d'Ivoire together recorded "
                     f"{fmt_int(recent)} deaths in {per_year.index.max() - 2}–"
                     f"{per_year.index.max()}, against {fmt_int(earlier)} in all earlier years "
                     "of the period.")
    tri = _triborder_share(ctx)
    if tri is not None and len(tri):
        row = tri.iloc[-1]
        lines.append(f"In {int(row['year'])}, {fmt_pct(row['share'])} of event deaths in the "
                     f"three states occurred within {TRIBORDER_RADIUS_KM} km of the "
                     "Liptako-Gourma tri-border point.")
    return narrative.key_findings(lines[:6] or ["No organised violence recorded."])


def coverage_note(ctx: dict):
    """Which source covers which period."""
    return common.coverage_note(ctx["params"]["start"], ctx["params"]["end"])


def side_by_side_chart(ctx: dict):
    """Yearly deaths per country (UCDP) with OWID's latest year and the timeline."""
    totals = _totals(ctx)
    if totals.empty:
        return common.missing("No country-year figures in this period.")
    fig, ax = new_figure(4.0)
    plots.line_by_group(totals, "year", "deaths_best", "country_iso3", ax,
                        labels={c: countries.name(c) for c in ctx["codes"]})
    owid = ctx["owid"]
    extra = owid[(owid["year"] > totals["year"].max()) & (owid["year"] <= ctx["years"][1])]
    for code, part in extra.groupby("country_iso3"):
        ax.scatter(part["year"], part["deaths_best"], marker="D", facecolor="white",
                   edgecolor=COUNTRY_COLORS.get(code, "#333"), zorder=6)
    ax.set_xlim(totals["year"].min() - 0.5, max(totals["year"].max(),
                                                 extra["year"].max() if len(extra) else 0) + 0.5)
    plots.add_timeline(ax, ctx["turns"], yearly=True)
    plots.finish(ax, "Deaths in organised violence per year", "Deaths (best estimate)",
                 f"{common.SRC_UCDP_CY}; hollow diamonds: {common.SRC_OWID} (different "
                 f"method, not added); {common.SRC_TIMELINE}.")
    return common.figure(fig)


def comparison_table(ctx: dict) -> HTML:
    """Totals, rates per 100k and trend per country."""
    totals = _totals(ctx)
    if totals.empty:
        return common.missing("No country-year figures in this period.")
    last = int(totals["year"].max())
    rows = []
    for code in ctx["codes"]:
        part = totals[totals["country_iso3"] == code].set_index("year")
        if part.empty:
            continue
        rows.append({
            "country": countries.name(code),
            "total": part["deaths_best"].sum(),
            "latest": part["deaths_best"].get(last),
            "rate": part["deaths_best_per_100k"].get(last),
            "change": metrics.violence.change(part["deaths_best"].get(last, float("nan")),
                                              part["deaths_best"].get(last - 1, float("nan"))),
            "three_year": metrics.violence.change(
                part.loc[last - 2:last, "deaths_best"].sum(),
                part.loc[last - 5:last - 3, "deaths_best"].sum()),
        })
    frame = pd.DataFrame(rows)
    first = int(totals["year"].min())
    return tables.show(
        frame, {"country": "text", "total": "int", "latest": "int", "rate": "float1",
                "change": "signed_pct", "three_year": "signed_pct"},
        {"country": "Country", "total": f"Deaths {first}–{last}", "latest": f"Deaths {last}",
         "rate": f"Deaths per 100,000, {last}", "change": f"Change {last - 1}→{last} (%)",
         "three_year": f"{last - 2}–{last} vs {last - 5}–{last - 3} (%)"},
        source=f"{common.SRC_UCDP_CY}; population: {common.SRC_WDI}")


def rates_chart(ctx: dict):
    """Deaths per 100,000 inhabitants per year."""
    totals = _totals(ctx).dropna(subset=["deaths_best_per_100k"])
    if totals.empty:
        return common.missing("No population figures to compute rates.")
    fig, ax = new_figure(3.4)
    plots.line_by_group(totals, "year", "deaths_best_per_100k", "country_iso3", ax,
                        labels={c: countries.name(c) for c in ctx["codes"]})
    ax.yaxis.set_major_formatter(plots.theme.FuncFormatter(lambda v, _: f"{v:,.1f}"))
    plots.add_timeline(ax, ctx["turns"], yearly=True, max_lanes=4)
    plots.finish(ax, "Deaths per 100,000 inhabitants", "Deaths per 100,000 per year",
                 f"{common.SRC_UCDP_CY}; population: {common.SRC_WDI}.")
    return common.figure(fig)


def monthly_small_multiples(ctx: dict):
    """Monthly deaths per country (final GED events)."""
    if ctx["events"].empty:
        return common.missing("No final GED events in this period.")
    series = metrics.violence.event_series(ctx["events"], "month", by=["country_iso3"])
    fig, axes = plots.small_multiples(series, "period", "deaths_best", "country_iso3",
                                      [c for c in ctx["codes"] if c in set(series[
                                          "country_iso3"])],
                                      titles={c: countries.name(c) for c in ctx["codes"]})
    present = [c for c in ctx["codes"] if c in set(series["country_iso3"])]
    for ax, code in zip(axes, present, strict=True):
        ax.set_ylabel("Deaths/month")
        plots.add_timeline(ax, ctx["turns"][ctx["turns"]["country"] == code],
                           categories=("coup", "russia", "foreign_forces"), max_lanes=2)
    fig.suptitle("Monthly deaths by country (UCDP GED final events)", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}.")
    return common.figure(fig)


def spread_chart(ctx: dict):
    """Admin1 units with ≥25 deaths and distance of violence from the 2012 epicentre."""
    events = ctx["events"]
    if events.empty:
        return common.missing("No events to measure spread.")
    fig, (left, right) = new_figure(3.4, ncols=2)
    affected = metrics.spread.admin1_affected(events, 25)
    plots.line_by_group(affected, "year", "admin1_units", "country_iso3", left,
                        labels={c: countries.name(c) for c in ctx["codes"]})
    left.set_title("Regions with ≥25 deaths", loc="left", fontsize=9)
    plots.add_timeline(left, ctx["turns"], categories=("coup",), yearly=True, max_lanes=3,
                       fontsize=5.5)
    left.set_ylabel("Admin1 units (count)")
    all_events = data.events(countries.AES, include_preliminary=False)
    try:
        point = metrics.spread.epicentre(all_events, 2012)
        distance = metrics.spread.distance_from(events, point)
        spread = metrics.spread.centroid_and_spread(events)
        right.plot(distance["year"], distance["mean_distance_km"], color="#CC79A7", marker="o",
                   markersize=3, label="Mean distance from 2012 epicentre")
        right.plot(spread["year"], spread["standard_distance_km"], color="#555555",
                   linestyle="--", label="Standard distance (dispersion)")
        right.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, fontsize=7)
    except ValueError:
        right.text(0.5, 0.5, "No 2012 events", ha="center", transform=right.transAxes)
    right.set_title("How far violence is from where it began", loc="left", fontsize=9)
    plots.add_timeline(right, ctx["turns"], categories=("russia",), yearly=True, max_lanes=3,
                       fontsize=5.5)
    right.set_ylabel("Kilometres (deaths-weighted)")
    fig.suptitle("Spread of violence", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}. Epicentre: deaths-weighted centroid of 2012 "
                           "events in the AES states.")
    return common.figure(fig)


def coastal_chart(ctx: dict):
    """Deaths in the coastal states (UCDP country-year)."""
    coastal = ctx["cy"][ctx["cy"]["country_iso3"].isin(countries.COASTAL)]
    totals = metrics.violence.yearly_totals(coastal)
    if totals["deaths_best"].sum() == 0:
        return common.missing("No deaths recorded in the coastal states in this period.")
    fig, ax = new_figure(3.2)
    plots.line_by_group(totals, "year", "deaths_best", "country_iso3", ax,
                        labels={c: countries.name(c) for c in countries.COASTAL})
    plots.add_timeline(ax, ctx["turns"], categories=("coup", "foreign_forces"), yearly=True,
                       max_lanes=4)
    plots.finish(ax, "Deaths in organised violence in the coastal states",
                 "Deaths per year (best)", f"{common.SRC_UCDP_CY}. Sub-national location "
                 "(northern regions) is known only for the event months in the data.")
    return common.figure(fig)


def _triborder_share(ctx: dict) -> pd.DataFrame | None:
    events = ctx["events"]
    if events.empty:
        return None
    point = metrics.spread.tripoint(ctx["boundaries"])
    near = metrics.spread.within_radius(events, point, TRIBORDER_RADIUS_KM)
    table = pd.DataFrame({"total": events.groupby("year")["deaths_best"].sum(),
                          "near": near.groupby("year")["deaths_best"].sum()}).fillna(0)
    table["share"] = table["near"] / table["total"].where(table["total"] > 0)
    return table.reset_index()


def triborder_chart(ctx: dict):
    """Deaths within 150 km of the Mali-Burkina Faso-Niger tri-border point."""
    table = _triborder_share(ctx)
    if table is None or table.empty:
        return common.missing("No events to locate.")
    fig, ax = new_figure(3.2)
    ax.bar(table["year"], table["total"], color="#D9D9D9", label="All event deaths")
    ax.bar(table["year"], table["near"], color="#D55E00",
           label=f"Within {TRIBORDER_RADIUS_KM} km of the tri-border point")
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx["turns"], yearly=True, max_lanes=4)
    plots.finish(ax, "Liptako-Gourma: the tri-border area", "Deaths per year (best)",
                 f"{common.SRC_GED}; tri-border point computed from {common.SRC_NE}.")
    return common.figure(fig)


def maps_by_year(ctx: dict):
    """Small-multiple maps of the last six years with event data."""
    events = ctx["events"]
    if events.empty:
        return common.missing("No georeferenced events in this period.")
    years = sorted(events["year"].unique())[-6:]
    periods = {str(y): (pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31")) for y in years}
    fig, _ = plots.map_small_multiples(events, ctx["boundaries"], periods, ncols=3,
                                       extent=(-12.5, 16.5, 8.5, 24.0))
    fig.suptitle("Where people were killed, by year (dot area ~ deaths)", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}; {common.SRC_NE}.")
    return common.figure(fig)


def sources_and_method(ctx: dict):
    """Definitions and caveats."""
    from IPython.display import Markdown

    return Markdown(f"""
**Definitions.** Deaths are UCDP best estimates of deaths in organised violence (state-based,
non-state, one-sided) in the country where they occurred. Rates use World Bank population.
*Spread* counts first-level administrative units (UCDP's `adm_1`) with at least 25 deaths in a
year; the *epicentre* is the deaths-weighted centroid of the 2012 events; the *standard
distance* is the deaths-weighted root mean square distance of events from the year's centroid.
The *tri-border point* is where the Natural Earth borders of Mali, Burkina Faso and Niger meet;
the Liptako-Gourma area is approximated by a {TRIBORDER_RADIUS_KM} km radius around it.

**Caveats.** Event data (maps, spread, tri-border) are final only to December 2023; country
totals run to 2024 (UCDP) and 2025 (OWID, a different method, shown separately). Violence in
remote areas is under-reported and reporting has become harder under the juntas. Admin1 names
follow UCDP's coding at the time of each event.
""")


def provenance(ctx: dict):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.render import provenance as prov

    return prov.show(ctx["params"], TABLES_READ)
