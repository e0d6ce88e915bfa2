"""AES regional security overview: sections of the `regional_security` report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import COUNTRY_COLORS, new_figure
from sahel_analysis.reports import common, sections
from sahel_analysis.tables import fmt_int, fmt_pct

TABLES_READ = ["fatalities", "owid_deaths", "events", "timeline", "indicators", "boundaries",
               "places", "dyads", "actor_families", "liptako_gourma_regions"]
TRIBORDER_RADIUS_KM = 150


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class RegionalSecurityContext(common.PeriodContext):
    """The states' and coastal neighbours' violence for the period, as :func:`context` loads it."""

    codes: list[str]
    label: str
    cy: pd.DataFrame
    owid: pd.DataFrame
    events: pd.DataFrame
    population: pd.DataFrame
    turns: pd.DataFrame
    boundaries: pd.DataFrame
    mapping: pd.DataFrame
    coastal_scope: pd.DataFrame


def context(params: dict) -> RegionalSecurityContext:
    """Load and filter everything the report needs."""
    codes = params["countries"]
    start, end, (first_year, last_year) = common.period(params)
    cy = data.fatalities(list(dict.fromkeys([*codes, *countries.COASTAL])))
    events = data.events(codes, include_preliminary=False)
    return RegionalSecurityContext(
        params=params,
        codes=codes,
        label=common.names(codes),
        cy=cy[cy["year"].between(first_year, last_year)],
        owid=data.owid_deaths(codes),
        events=events[(events["date"] >= start) & (events["date"] <= end)],
        population=data.indicators(codes, "SP.POP.TOTL"),
        turns=common.turns(codes, categories=("coup", "russia", "foreign_forces")),
        boundaries=data.boundaries(),
        mapping=data.actor_families(),
        coastal_scope=_coastal_scope(cy[cy["year"].between(first_year, last_year)]),
    )


def _coastal_scope(cy: pd.DataFrame) -> pd.DataFrame:
    """Coastal states' country-year deaths split by scope (central Sahel jihadist or other)."""
    coastal = cy[cy["country_iso3"].isin(countries.COASTAL)]
    return metrics.spread.deaths_by_scope(coastal, data.dyads(list(countries.COASTAL)),
                                          data.actor_families())


def _totals(ctx: RegionalSecurityContext) -> pd.DataFrame:
    cy = ctx.cy[ctx.cy["country_iso3"].isin(ctx.codes)]
    totals = metrics.violence.yearly_totals(cy)
    pop = ctx.population
    return metrics.violence.per_100k(totals, pop)


def summary(ctx: RegionalSecurityContext):
    """Page 1: three computed sentences (totals per state, latest year, coast) and a chart."""
    lines = _summary_lines(ctx)
    chart = side_by_side_chart(ctx, height=HEADLINE_HEIGHT).output
    return common.summary([lines[1], lines[2], lines[-1]] if len(lines) >= 5 else lines[-3:],
                          common.page_one_data_age(ctx, TABLES_READ)), \
        chart


HEADLINE_HEIGHT = 3.3  # inches: page 1 holds the chart, three sentences and the key findings


def _summary_lines(ctx: RegionalSecurityContext) -> list[str]:
    """The computed page-1 lines: sources, totals per state, latest change, peak, coast."""
    first, last = ctx.years
    cy = ctx.cy
    own = cy[cy["country_iso3"].isin(ctx.codes)]
    totals = metrics.violence.yearly_totals(own)
    lines = [f"{ctx.label}, {first}–{last}. Sources: UCDP country-year deaths"
             + (f" to {int(own['year'].max())}" if len(own) else "")
             + f"; {common.event_coverage_phrase(ctx.codes)}; OWID country totals for later "
             "years, shown apart."]
    if len(totals):
        per = totals.groupby("country_iso3")["deaths_best"].sum()
        lines.append(f"UCDP deaths in organised violence, {int(totals['year'].min())}–"
                     f"{int(totals['year'].max())}: "
                     + ", ".join(f"{countries.name(c)} {fmt_int(per.get(c, 0))}"
                                 for c in ctx.codes) + ".")
        yearly = totals.groupby("year")["deaths_best"].sum()
        if len(yearly) >= 2:
            lines.append(narrative.describe_change(
                "Deaths in the states together", yearly.iloc[-1], yearly.iloc[-2],
                str(int(yearly.index[-1])), str(int(yearly.index[-2]))))
        peak = yearly.idxmax()
        lines.append(f"The deadliest year was {int(peak)} ({fmt_int(yearly.loc[peak])} deaths).")
    coastal = ctx.coastal_scope
    if len(coastal):
        jihadist = coastal.loc[coastal["scope"] == "central_sahel_jihadist", "deaths_best"].sum()
        other = coastal.loc[coastal["scope"] != "central_sahel_jihadist", "deaths_best"].sum()
        lines.append(f"Coastal states ({common.names(countries.COASTAL)}), "
                     f"{int(coastal['year'].min())}–{int(coastal['year'].max())}: "
                     f"{fmt_int(jihadist)} deaths in central Sahel jihadist violence, "
                     f"{fmt_int(other)} in other violence (UCDP).")
    return lines


HEADING = "Security in {label}, {first}–{last}"


def export_tables(ctx: RegionalSecurityContext) -> None:
    """Write the tables shown in the report to the render's Excel download."""
    common.export_tables(common.heading(ctx, HEADING))


def title(ctx: RegionalSecurityContext):
    """Report heading."""
    from IPython.display import Markdown

    return Markdown(f"# {common.heading(ctx, HEADING)}")


def key_findings(ctx: RegionalSecurityContext) -> HTML:
    """Computed key findings."""
    lines = []
    totals = _totals(ctx)
    if len(totals):
        per_year = totals.groupby("year")["deaths_best"].sum()
        last = int(per_year.index.max())
        lines.append(narrative.describe_change(
            f"Deaths in {ctx.label} together", per_year.iloc[-1], per_year.iloc[-2]
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
    spread = metrics.spread.admin1_affected(ctx.events, 25)
    if len(spread):
        by_year = spread.groupby("year")["admin1_units"].sum()
        lines.append(f"Regions (admin1) with at least 25 deaths in a year, all organised "
                     f"violence: {by_year.iloc[0]} in {by_year.index[0]}, {by_year.iloc[-1]} in "
                     f"{by_year.index[-1]} (GED events).")
    coastal = ctx.coastal_scope
    jihadist = coastal[coastal["scope"] == "central_sahel_jihadist"]
    if len(jihadist):
        per_year = jihadist.groupby("year")["deaths_best"].sum()
        first = int(per_year.index.min())
        last = int(coastal["year"].max())
        recent = per_year[per_year.index >= last - 2].sum()
        start = int(coastal["year"].min())
        other = coastal.loc[coastal["scope"] != "central_sahel_jihadist", "deaths_best"].sum()
        lines.append(
            f"In Benin, Togo, Ghana and Côte d'Ivoire, UCDP country-years whose dyads all involve "
            f"the central Sahel's jihadist groups count {fmt_int(per_year.sum())} deaths in "
            f"{start}–{last} (the first in {first}), {fmt_int(recent)} of them in "
            f"{last - 2}–{last}; the {fmt_int(other)} other deaths of {start}–{last} (e.g. "
            "Ghana's Bawku conflict) are not counted as spread.")
    region = liptako_gourma_share(ctx)
    tri = _triborder_share(ctx)
    if region is not None and len(region):
        row, circle = region.iloc[-1], tri.set_index("year")["share"]
        lines.append(f"In {int(row['year'])}, {fmt_pct(row['share'])} of event deaths in "
                     f"{ctx.label} occurred in the Liptako-Gourma Authority's regions (UCDP "
                     f"admin-1), {fmt_pct(circle.get(row['year'], 0))} within "
                     f"{TRIBORDER_RADIUS_KM} km of the Mali–Burkina Faso–Niger tri-border point.")
    return narrative.key_findings(lines[:6] or ["No organised violence recorded."])


def coverage_note(ctx: RegionalSecurityContext):
    """Which source covers which period."""
    return common.coverage_note(ctx.params["start"], ctx.params["end"])


def side_by_side_chart(ctx: RegionalSecurityContext, height: float = 4.0):
    """Yearly deaths per country (UCDP) with OWID's latest year and the timeline."""
    totals = _totals(ctx)
    if totals.empty:
        return common.missing("No country-year figures in this period.")
    fig, ax = new_figure(height)
    plots.line_by_group(totals, "year", "deaths_best", "country_iso3", ax,
                        labels={c: countries.name(c) for c in ctx.codes})
    owid = ctx.owid
    extra = owid[(owid["year"] > totals["year"].max()) & (owid["year"] <= ctx.years[1])]
    for code, part in extra.groupby("country_iso3"):
        ax.scatter(part["year"], part["deaths_best"], marker="D", facecolor="white",
                   edgecolor=COUNTRY_COLORS.get(code, "#333"), zorder=6)
    ax.set_xlim(totals["year"].min() - 0.5, max(totals["year"].max(),
                                                 extra["year"].max() if len(extra) else 0) + 0.5)
    plots.add_timeline(ax, ctx.turns, yearly=True)
    plots.finish(ax, "Deaths in organised violence per year", "Deaths (best estimate)",
                 f"{common.SRC_UCDP_CY}; hollow diamonds: {common.SRC_OWID} (different "
                 f"method, not added); {common.SRC_TIMELINE}.")
    return common.figure(fig)


def comparison_table(ctx: RegionalSecurityContext) -> HTML:
    """Totals, rates per 100k and trend per country."""
    totals = _totals(ctx)
    if totals.empty:
        return common.missing("No country-year figures in this period.")
    last = int(totals["year"].max())
    rows = []
    for code in ctx.codes:
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


def rates_chart(ctx: RegionalSecurityContext):
    """Deaths per 100,000 inhabitants per year."""
    totals = _totals(ctx).dropna(subset=["deaths_best_per_100k"])
    if totals.empty:
        return common.missing("No population figures to compute rates.")
    fig, ax = new_figure(3.4)
    plots.line_by_group(totals, "year", "deaths_best_per_100k", "country_iso3", ax,
                        labels={c: countries.name(c) for c in ctx.codes})
    ax.yaxis.set_major_formatter(plots.theme.FuncFormatter(lambda v, _: f"{v:,.1f}"))
    plots.add_timeline(ax, ctx.turns, yearly=True, max_lanes=4)
    plots.finish(ax, "Deaths per 100,000 inhabitants", "Deaths per 100,000 per year",
                 f"{common.SRC_UCDP_CY}; population: {common.SRC_WDI}.")
    return common.figure(fig)


def monthly_small_multiples(ctx: RegionalSecurityContext):
    """Monthly deaths per country (final GED events)."""
    if ctx.events.empty:
        return common.missing("No final GED events in this period.")
    series = metrics.violence.event_series(ctx.events, "month", by=["country_iso3"])
    fig, axes = plots.small_multiples(series, "period", "deaths_best", "country_iso3",
                                      [c for c in ctx.codes if c in set(series[
                                          "country_iso3"])],
                                      titles={c: countries.name(c) for c in ctx.codes})
    present = [c for c in ctx.codes if c in set(series["country_iso3"])]
    for ax, code in zip(axes, present, strict=True):
        ax.set_ylabel("Deaths/month")
        plots.add_timeline(ax, ctx.turns[ctx.turns["country"] == code],
                           categories=("coup", "russia", "foreign_forces"), max_lanes=2)
    fig.suptitle("Monthly deaths by country (UCDP GED final events)", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}.")
    return common.figure(fig)


def spread_chart(ctx: RegionalSecurityContext):
    """Admin1 units with ≥25 deaths and distance of violence from the 2012 epicentre."""
    events = ctx.events
    if events.empty:
        return common.missing("No events to measure spread.")
    fig, (left, right) = new_figure(3.4, ncols=2)
    affected = metrics.spread.admin1_affected(events, 25)
    plots.line_by_group(affected, "year", "admin1_units", "country_iso3", left,
                        labels={c: countries.name(c) for c in ctx.codes})
    left.set_title("Regions with ≥25 deaths", loc="left", fontsize=9)
    plots.add_timeline(left, ctx.turns, categories=("coup",), yearly=True, max_lanes=3,
                       fontsize=5.5)
    left.set_ylabel("Admin1 units (count)")
    all_events = metrics.spread.central_sahel_jihadist_events(
        data.events(countries.AES, include_preliminary=False), ctx.mapping)
    jihadist = metrics.spread.central_sahel_jihadist_events(events, ctx.mapping)
    try:
        point = metrics.spread.epicentre(all_events, 2012)
        distance = metrics.spread.distance_from(jihadist, point)
        spread = metrics.spread.centroid_and_spread(jihadist)
        right.plot(distance["year"], distance["mean_distance_km"], color="#CC79A7", marker="o",
                   markersize=3, label="Mean distance from 2012 epicentre")
        right.plot(spread["year"], spread["standard_distance_km"], color="#555555",
                   linestyle="--", label="Standard distance (dispersion)")
        right.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, fontsize=7)
    except ValueError:
        right.text(0.5, 0.5, "No 2012 events", ha="center", transform=right.transAxes)
    right.set_title("How far violence is from where it began", loc="left", fontsize=9)
    plots.add_timeline(right, ctx.turns, categories=("russia",), yearly=True, max_lanes=3,
                       fontsize=5.5)
    right.set_ylabel("Kilometres (deaths-weighted)")
    fig.suptitle("Spread of violence", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}. Left: all organised violence. Right: "
                           f"{metrics.spread.SCOPE_NOTE} Epicentre: deaths-weighted centroid "
                           "of those 2012 events.")
    return common.figure(fig)


def coastal_chart(ctx: RegionalSecurityContext):
    """Deaths in the coastal states: central Sahel jihadist violence, other violence apart."""
    coastal = ctx.coastal_scope
    if coastal["deaths_best"].sum() == 0:
        return common.missing("No deaths recorded in the coastal states in this period.")
    jihadist = coastal[coastal["scope"] == "central_sahel_jihadist"]
    other = coastal[coastal["scope"] != "central_sahel_jihadist"].groupby(
        "year", as_index=False)["deaths_best"].sum()
    fig, ax = new_figure(3.2)
    if len(jihadist):
        plots.line_by_group(jihadist, "year", "deaths_best", "country_iso3", ax,
                            labels={c: f"{countries.name(c)}: jihadist violence"
                                    for c in countries.COASTAL})
    ax.plot(other["year"], other["deaths_best"], color="#999999", linestyle=":", marker=".",
            label="All four: other violence (not spread)")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2, frameon=False, fontsize=7)
    plots.add_timeline(ax, ctx.turns, categories=("coup", "foreign_forces"), yearly=True,
                       max_lanes=4)
    plots.finish(ax, "Spread to the coastal states: deaths in central Sahel jihadist violence",
                 "Deaths per year (best)",
                 f"{common.SRC_UCDP_CY}. A country-year and type of violence counts as jihadist "
                 "when all its UCDP dyads involve JNIM (or its precursors), Islamic State Sahel "
                 "or Ansaroul Islam; mixed country-years are shown with other violence.")
    return common.figure(fig)


def _triborder_share(ctx: RegionalSecurityContext) -> pd.DataFrame | None:
    """Deaths per year within 150 km of the tri-border point (the circle, under its own name)."""
    events = ctx.events
    if events.empty:
        return None
    point = metrics.spread.tripoint(ctx.boundaries)
    near = metrics.spread.within_radius(events, point, TRIBORDER_RADIUS_KM)
    return metrics.spread.share_by_year(events, events.index.isin(near.index))


def liptako_gourma_share(ctx: RegionalSecurityContext) -> pd.DataFrame | None:
    """Deaths per year in the Liptako-Gourma Authority's regions (UCDP admin-1) and their share."""
    events = ctx.events
    if events.empty:
        return None
    inside = metrics.spread.in_regions(events, data.liptako_gourma_regions())
    return metrics.spread.share_by_year(events, inside)


def triborder_chart(ctx: RegionalSecurityContext):
    """Deaths in the Liptako-Gourma Authority's regions and within 150 km of the tri-border."""
    table = _triborder_share(ctx)
    region = liptako_gourma_share(ctx)
    if table is None or table.empty:
        return common.missing("No events to locate.")
    fig, ax = new_figure(3.2)
    ax.bar(table["year"], table["total"], color="#D9D9D9", label="All event deaths")
    ax.bar(region["year"], region["near"], color="#E69F00", width=0.8,
           label="In the Liptako-Gourma Authority's regions")
    ax.bar(table["year"], table["near"], color="#D55E00", width=0.45,
           label=f"Within {TRIBORDER_RADIUS_KM} km of the tri-border point")
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx.turns, yearly=True, max_lanes=4)
    plots.finish(ax, "Liptako-Gourma: the Authority's regions and the tri-border circle",
                 "Deaths per year (best)",
                 f"{common.SRC_GED}; regions: Liptako-Gourma Authority, in UCDP's admin-1 "
                 f"(data/liptako_gourma_regions.csv); tri-border point computed from "
                 f"{common.SRC_NE}. The circle lies inside the regions.")
    return common.figure(fig)


def maps_by_year(ctx: RegionalSecurityContext):
    """Small-multiple maps of the last four years with event data (two per row)."""
    events = ctx.events
    if events.empty:
        return common.missing("No georeferenced events in this period.")
    years = sorted(events["year"].unique())[-4:]
    periods = {str(y): (pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31")) for y in years}
    fig, _ = plots.map_small_multiples(events, ctx.boundaries, periods, ncols=2,
                                       extent=(-12.5, 16.5, 8.5, 24.0))
    fig.suptitle("Where people were killed, by year (dot area ~ deaths)", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_GED}; {common.SRC_NE}.")
    return common.figure(fig)


def sources_and_method(ctx: RegionalSecurityContext):
    """Definitions and caveats."""
    from IPython.display import Markdown

    final = common.candidate_months()[0]
    cy_last = int(data.fatalities()["year"].max())
    owid_last = int(data.owid_deaths()["year"].max())
    return Markdown(f"""
**Definitions.** Deaths are UCDP best estimates of deaths in organised violence (state-based,
non-state, one-sided) in the country where they occurred. Rates use World Bank population.
*Spread* counts first-level administrative units (UCDP's `adm_1`) with at least 25 deaths in a
year; the *epicentre* is the deaths-weighted centroid of the 2012 events; the *standard
distance* is the deaths-weighted root mean square distance of events from the year's centroid.
*Spread* (distance from the epicentre, the coastal states) counts the central Sahel's jihadist
violence only: events with JNIM or its founding groups, Islamic State Sahel or Ansaroul Islam as a
side; Boko Haram (JAS) and Niger's Diffa region (the Lake Chad theatre, whose 2015 deaths would
otherwise dominate) are left out. In the coastal states, where the package has country-year
figures only, a country-year and type of violence counts as jihadist when all of its UCDP dyads
involve those groups; other violence (Ghana's Bawku conflict, Côte d'Ivoire's post-election
violence) is shown apart.
*Liptako-Gourma* is the area of the Liptako-Gourma Authority: the administrative regions it
lists (Mali's Mopti, Timbuktu, Gao and Kidal, with Ménaka carved out of Gao; Burkina Faso's
Sahel, Nord, Est, Centre and central regions; Niger's Tillabéri, Dosso and Niamey), matched to
UCDP's `adm_1`. Apart from it, the *tri-border point* is where the Natural Earth borders of
Mali, Burkina Faso and Niger meet, and "within {TRIBORDER_RADIUS_KM} km of the tri-border
point" is a circle around it, never called Liptako-Gourma.

**Caveats.** Event data (maps, spread, tri-border) are final only to {final:%B %Y}; country
totals run to {cy_last} (UCDP) and {owid_last} (OWID, a different method, shown separately).
Violence in remote areas is under-reported and reporting has become harder under the juntas.
Admin1 names follow UCDP's coding at the time of each event.
""")


def provenance(ctx: RegionalSecurityContext):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.reports import provenance as prov

    return prov.show(ctx.params, TABLES_READ)


# Every cell function returns a typed Section (its table, figure, text): see reports.sections.
sections.wrap(globals())
