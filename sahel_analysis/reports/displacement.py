"""Displacement from and within the Sahel: sections of the `displacement` report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import new_figure
from sahel_analysis.reports import common, sections
from sahel_analysis.tables import fmt_int

TABLES_READ = ["displacement", "indicators", "timeline"]
CROSS_BORDER = ["refugees", "asylum_seekers"]
# A figure repeated from one year to the next is flagged from the data alone; where its origin
# is documented, the source is cited (matched on the exact figure, so the note disappears when
# the figure changes).
FIGURE_ORIGINS = {
    ("BFA", "idps_unhcr", 2_062_534): (
        "the count of 31 March 2023 of Burkina Faso's CONASUR (government emergency relief "
        "council), as reported by Lefaso.net, "
        "https://lefaso.net/spip.php?page=web-tv-video&id_article=121513"),
}


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DisplacementContext(common.PeriodContext):
    """The countries' displacement, IDPs and population for the period, as :func:`context` loads."""

    codes: list[str]
    label: str
    disp: pd.DataFrame
    idps: pd.DataFrame
    population: pd.DataFrame
    turns: pd.DataFrame


def context(params: dict) -> DisplacementContext:
    """Load and filter everything the report needs."""
    codes = params["countries"]
    _, _, (first_year, last_year) = common.period(params)
    full = data.displacement(codes)
    disp = full[full["year"].between(first_year, last_year)]
    idps = metrics.displacement.idps(full[full["origin_iso3"].isin(codes)])
    for measure in ("idps_idmc", "idps_unhcr"):
        idps[f"{measure}_since"] = metrics.displacement.unchanged_since(idps, measure)
    idps = idps[idps["year"].between(first_year, last_year)].reset_index(drop=True)
    return DisplacementContext(
        params=params,
        codes=codes,
        label=common.names(codes),
        disp=disp,
        idps=idps,
        population=data.indicators(codes="SP.POP.TOTL"),
        turns=common.turns(codes, categories=("coup", "russia")),
    )


def _abroad(ctx: DisplacementContext) -> pd.DataFrame:
    disp = ctx.disp
    frame = disp[disp["origin_iso3"].isin(ctx.codes) & (disp["host_iso3"] != disp[
        "origin_iso3"])]
    return metrics.displacement.totals(frame, CROSS_BORDER, by="origin_iso3").assign(
        total=lambda f: f["refugees"] + f["asylum_seekers"])


def summary(ctx: DisplacementContext):
    """Page 1: three computed sentences (stocks now, change abroad, change in IDPs), a chart."""
    lines = _summary_lines(ctx)
    chart = abroad_chart(ctx, height=HEADLINE_HEIGHT).output
    return common.summary(lines[1:4], common.page_one_data_age(ctx, TABLES_READ)), chart


HEADLINE_HEIGHT = 3.3  # inches: page 1 holds the chart, three sentences and the key findings


def _summary_lines(ctx: DisplacementContext) -> list[str]:
    """The computed page-1 lines: sources, stocks now, change abroad and in IDPs, per state."""
    first, last = ctx.years
    disp = ctx.disp
    codes = ctx.codes
    lines = [f"{ctx.label}, {first}–{last}: end-of-year stocks at 31 December (UNHCR "
             "Refugee Data Finder; IDPs from IDMC via UNHCR)."]
    years = disp.loc[disp["origin_iso3"].isin(codes), "year"]
    if len(years):
        latest, earliest = int(years.max()), int(years.min())
        abroad, idps = common.displacement_totals(disp, codes, latest)
        abroad0, idps0 = common.displacement_totals(disp, codes, earliest)
        stale = _stale_idmc(ctx, latest)
        stale_note = ("; it includes " + " and ".join(
            f"{countries.name(c)}'s figure, unchanged since the end of {y}"
            for c, y in stale.items())) if stale else ""
        lines.append(f"31 December {latest}: {fmt_int(abroad)} refugees and asylum-seekers from "
                     f"{ctx.label} abroad and {fmt_int(idps)} people displaced inside "
                     f"(IDMC{stale_note}).")
        lines.append(narrative.describe_change("Refugees and asylum-seekers abroad", abroad,
                                               abroad0, str(latest), str(earliest),
                                               unit="people"))
        idmc = ctx.idps.dropna(subset=["idps_idmc"])
        both = [c for c in codes
                if {latest, earliest} <= set(idmc.loc[idmc["country_iso3"] == c, "year"])]
        missing = [c for c in codes if c not in both]
        if both:
            now = idmc[idmc["country_iso3"].isin(both) & (idmc["year"] == latest)]
            then = idmc[idmc["country_iso3"].isin(both) & (idmc["year"] == earliest)]
            subject = "IDPs (IDMC)" + (f" in {common.names(both)}" if missing else "")
            sentence = narrative.describe_change(subject, now["idps_idmc"].sum(),
                                                 then["idps_idmc"].sum(), str(latest),
                                                 str(earliest), unit="people")
            old = _stale_idmc(ctx, earliest)
            for code, since in old.items():
                if code in both:
                    sentence += (f" {countries.name(code)}'s {earliest} figure is unchanged "
                                 f"since the end of {since}.")
            for year in (earliest, latest):
                absent = [c for c in missing if year not in
                          set(idmc.loc[idmc["country_iso3"] == c, "year"])]
                if absent:
                    sentence += (f" IDMC has no {year} figure for {common.names(absent)}, "
                                 "left out of this comparison.")
            lines.append(sentence)
        per = {c: common.displacement_totals(disp, [c], latest) for c in codes}
        lines.append("Per state at the end of " + str(latest) + ": " + "; ".join(
            f"{countries.name(c)} {fmt_int(a)} abroad, {fmt_int(i)} IDPs"
            + (f" (unchanged since end-{stale[c]})" if c in stale else "")
            for c, (a, i) in per.items()) + ".")
    return lines


def _stale_idmc(ctx: DisplacementContext, year: int) -> dict[str, int]:
    """Return {country: first year} for the IDMC figures of `year` repeated from earlier years."""
    idps = ctx.idps
    rows = idps[(idps["year"] == year) & idps["idps_idmc_since"].notna()]
    return {row.country_iso3: int(row.idps_idmc_since) for row in rows.itertuples()}


HEADING = "Displacement from and within {label}, {first}–{last}"


def export_tables(ctx: DisplacementContext) -> None:
    """Write the tables shown in the report to the render's Excel download."""
    common.export_tables(common.heading(ctx, HEADING))


def title(ctx: DisplacementContext) -> Markdown:
    """Report heading."""
    return Markdown(f"# {common.heading(ctx, HEADING)}")


def key_findings(ctx: DisplacementContext) -> HTML:
    """Computed key findings."""
    lines = []
    abroad = _abroad(ctx)
    if len(abroad):
        per_year = abroad.groupby("year")["total"].sum()
        last, first = int(per_year.index.max()), int(per_year.index.min())
        lines.append(narrative.describe_change(
            f"Refugees and asylum-seekers from {ctx.label} (end-year stocks)",
            per_year.loc[last], per_year.loc[first], str(last), str(first), unit="people"))
    lines += idp_sentences(ctx)
    changes = _large_changes(ctx)
    if len(changes):
        row = changes.iloc[0]
        lines.append(f"The largest change in a stock: {row['what']}, {fmt_int(row['previous'])} "
                     f"at the end of {int(row['year']) - 1} → {fmt_int(row['value'])} at the end "
                     f"of {int(row['year'])}. A stock counts people registered, so a rise can be "
                     "registration of people who arrived earlier, not only new arrivals.")
    hosts = _hosts(ctx)
    if len(hosts):
        abroad = _cross_border(ctx)
        abroad = abroad[abroad["year"] == hosts["year"].iloc[0]]
        # every origin counts, not only each origin's top hosts
        top = abroad.groupby("host_name")["value"].sum().sort_values(ascending=False)
        lines.append(f"The largest host of people from these states at the end of "
                     f"{hosts['year'].iloc[0]} is {top.index[0]} ({fmt_int(top.iloc[0])}).")
    burden = _burden(ctx)
    if len(burden):
        row = burden.iloc[0]
        lines.append(f"Relative to its population, {row['host_name']} carries the heaviest load: "
                     f"{tables.fmt_float(row['value_per_1000'])} refugees and asylum-seekers "
                     f"from these states per 1,000 inhabitants ({int(row['year'])}).")
    return narrative.key_findings(lines[:6] or ["No displacement figures in this period."])


def _freshness(row: dict, measure: str) -> tuple[int | None, str | None]:
    """Return (first year of the repeated figure, its documented origin) or (None, None)."""
    since = row.get(f"{measure}_since")
    if since is None or pd.isna(since):
        return None, None
    return int(since), FIGURE_ORIGINS.get((row["country_iso3"], measure, row.get(measure)))


def idp_sentences(ctx: DisplacementContext) -> list[str]:
    """Latest IDP figures per country, saying which were not updated (key findings)."""
    idps = ctx.idps.dropna(subset=["idps_idmc"]) if "idps_idmc" in ctx.idps else None
    if idps is None or idps.empty:
        return []
    year = int(idps["year"].max())
    latest = idps[idps["year"] == year].sort_values("idps_idmc", ascending=False)
    parts, stale = [], []
    for row in latest.to_dict("records"):
        name = countries.name(row["country_iso3"])
        parts.append(f"{name} {fmt_int(row['idps_idmc'])}")
        since, origin = _freshness(row, "idps_unhcr")
        if since is None:
            since, origin = _freshness(row, "idps_idmc")
        if since is not None:
            stale.append(f"{name}'s figure ({fmt_int(row['idps_idmc'])} IDMC, "
                         f"{fmt_int(row.get('idps_unhcr'))} UNHCR) has not changed since the "
                         f"end of {since}" + (f": it is {origin}" if origin else "")
                         + f" — not a fresh end-{year} count")
    lines = [f"IDMC's conflict-IDP figures for the end of {year}: " + ", ".join(parts)
             + " (UNHCR's count of IDPs it protects or assists is a different concept)."]
    if stale:
        lines.append("; ".join(stale) + ".")
    return lines


def idp_table(ctx: DisplacementContext) -> HTML:
    """Latest IDP figures per country, both sources, with the change and a freshness note."""
    idps = ctx.idps
    if idps.empty:
        return common.missing("No IDP figures in this period.")
    year = int(idps["year"].max())
    rows = []
    for code in ctx.codes:
        own = idps[idps["country_iso3"] == code].set_index("year")
        if year not in own.index:
            continue
        row = own.loc[year].to_dict() | {"country_iso3": code}
        previous = own.loc[year - 1] if year - 1 in own.index else {}
        notes = []
        for label, measure in (("IDMC", "idps_idmc"), ("UNHCR", "idps_unhcr")):
            since, origin = _freshness(row, measure)
            if since is not None:
                notes.append(f"{label}: unchanged since end-{since}"
                             + (" (CONASUR count of 31 Mar 2023; see Sources and method)"
                                if origin else ""))
        rows.append({
            "country": countries.name(code),
            "idmc": row.get("idps_idmc"),
            "idmc_change": metrics.violence.change(row.get("idps_idmc"),
                                                   previous.get("idps_idmc", float("nan"))),
            "unhcr": row.get("idps_unhcr"),
            "unhcr_change": metrics.violence.change(row.get("idps_unhcr"),
                                                    previous.get("idps_unhcr", float("nan"))),
            "note": "; ".join(notes)})
    frame = pd.DataFrame(rows)
    for column in ("idmc_change", "unhcr_change"):  # a repeated figure is not "0% change"
        stale = frame["note"].str.len() > 0
        frame[column] = frame[column].astype("float64")
        frame.loc[stale, column] = float("nan")
    return tables.show(
        frame, {"country": "text", "idmc": "int", "idmc_change": "signed_pct", "unhcr": "int",
                "unhcr_change": "signed_pct", "note": "text"},
        {"country": "Country", "idmc": f"Conflict IDPs (IDMC), end {year}",
         "idmc_change": f"Change on {year - 1}", "unhcr": f"IDPs protected/assisted by UNHCR, "
         f"end {year}", "unhcr_change": f"Change on {year - 1}", "note": "Figure last updated"},
        source=f"{common.SRC_IDMC}; {common.SRC_UNHCR}. A figure identical to the year "
               "before's is flagged as not updated and gets no change (–).")


def _cross_border(ctx: DisplacementContext) -> pd.DataFrame:
    """Return the refugees and asylum-seekers from the chosen states abroad, all years."""
    disp = ctx.disp
    return disp[disp["origin_iso3"].isin(ctx.codes) & disp["measure"].isin(CROSS_BORDER)
                & (disp["host_iso3"] != disp["origin_iso3"])]


def _large_changes(ctx: DisplacementContext) -> pd.DataFrame:
    frame = _cross_border(ctx)
    if frame.empty:
        return pd.DataFrame()
    pairs = frame.groupby(["origin_iso3", "host_iso3", "origin_name", "host_name", "year"],
                          as_index=False)["value"].sum()
    pairs["pair"] = pairs["origin_iso3"] + ">" + pairs["host_iso3"]
    big = metrics.displacement.large_changes(pairs, "value", "pair")
    if big.empty:
        return big
    names = pairs.drop_duplicates("pair").set_index("pair")
    big["what"] = [f"refugees and asylum-seekers from {names.loc[p, 'origin_name']} in "
                   f"{names.loc[p, 'host_name']}" for p in big["pair"]]
    latest = int(big["year"].max())
    return big[big["year"] == latest].reset_index(drop=True)


def changes_table(ctx: DisplacementContext) -> HTML:
    """The largest year-on-year changes in refugee stocks, latest year: arrivals or registration."""
    changes = _large_changes(ctx)
    if changes.empty:
        return common.missing("No stock of refugees from these states changed by half or more "
                              "(and 20,000 people or more) in the latest year.")
    year = int(changes["year"].iloc[0])
    return tables.show(
        changes, {"what": "text", "previous": "int", "value": "int", "change": "int"},
        {"what": "Who, where", "previous": f"End {year - 1}", "value": f"End {year}",
         "change": "Change (people)"},
        source=f"{common.SRC_UNHCR}. Changes of 50% or more and 20,000 people or more. These "
               "are changes in registered stocks: they include people who arrived in earlier "
               "years and were registered (or re-counted) in the year, so they are not a count "
               "of new arrivals.")


def abroad_chart(ctx: DisplacementContext, height: float = 3.6):
    """Refugees and asylum-seekers abroad by country of origin per year."""
    abroad = _abroad(ctx)
    if abroad.empty:
        return common.missing("No refugees or asylum-seekers recorded in this period.")
    fig, ax = new_figure(height)
    stocks = abroad.assign(year=plots.series.end_of_year(abroad["year"]))  # at 31 December
    plots.line_by_group(stocks, "year", "total", "origin_iso3", ax,
                        labels={c: countries.name(c) for c in ctx.codes})
    plots.add_timeline(ax, ctx.turns, yearly=True, max_lanes=4)
    plots.finish(ax, "Refugees and asylum-seekers abroad, by country of origin",
                 "People (end-year stock)", f"{common.SRC_UNHCR}; {common.SRC_TIMELINE}.",
                 xlabel="Year (stocks at 31 December)")
    return common.figure(fig)


def idp_chart(ctx: DisplacementContext):
    """Conflict IDPs per country (IDMC) and UNHCR-assisted IDPs, separately."""
    idps = ctx.idps
    if idps.empty:
        return common.missing("No IDP figures in this period.")
    fig, (left, right) = new_figure(3.4, ncols=2, sharey=True)
    for ax, column, label in ((left, "idps_idmc", "Conflict IDPs (IDMC)"),
                              (right, "idps_unhcr", "IDPs protected/assisted by UNHCR")):
        if column in idps:
            part = idps.dropna(subset=[column])
            plots.line_by_group(part, "year", column, "country_iso3", ax,
                                labels={c: countries.name(c) for c in ctx.codes})
            stale = part[part[f"{column}_since"].notna()]
            if len(stale):
                ax.scatter(stale["year"], stale[column], s=36, facecolor="white",
                           edgecolor="#333333", zorder=4, linewidth=1,
                           label="same figure as the year before")
                ax.legend(fontsize=6, frameon=False)
        ax.set_title(label, loc="left", fontsize=9)
        plots.add_timeline(ax, ctx.turns, categories=("coup",), yearly=True, max_lanes=3,
                           fontsize=5.5)
    left.set_ylabel("People (end-year stock)")
    right.get_legend().remove() if right.get_legend() else None
    fig.suptitle("Internally displaced people: two sources, two concepts", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_IDMC}; {common.SRC_UNHCR}. Hollow markers: a "
                           "figure identical to the year before's (not updated).")
    return common.figure(fig)


def _hosts(ctx: DisplacementContext) -> pd.DataFrame:
    disp = ctx.disp
    year = int(disp["year"].max()) if len(disp) else None
    if year is None:
        return pd.DataFrame()
    top = metrics.displacement.top_hosts(disp, ctx.codes, year, n=6)
    return top.assign(year=year)


def flows_chart(ctx: DisplacementContext):
    """Where people went: the largest host countries per origin, latest year."""
    hosts = _hosts(ctx)
    if hosts.empty:
        return common.missing("No host-country figures in this period.")
    fig, ax = new_figure(0.28 * len(hosts) + 1.3)
    plots.displacement_flows(hosts, ax)
    plots.finish(ax, f"Refugees and asylum-seekers by host country, end {hosts['year'].iloc[0]}",
                 "", f"{common.SRC_UNHCR}.", xlabel="People")
    return common.figure(fig)


def _burden(ctx: DisplacementContext) -> pd.DataFrame:
    frame = _cross_border(ctx)
    if frame.empty:
        return pd.DataFrame()
    pop = ctx.population
    year = int(min(frame["year"].max(), pop["year"].max()))
    hosted = frame[frame["year"] == year].groupby(["host_iso3", "host_name", "year"],
                                                  as_index=False)["value"].sum()
    burden = metrics.displacement.per_1000(hosted, pop, "value")
    return burden.dropna(subset=["value_per_1000"]).sort_values("value_per_1000",
                                                                ascending=False)


def burden_table(ctx: DisplacementContext) -> HTML:
    """Refugees and asylum-seekers from these states per 1,000 inhabitants of each host."""
    burden = _burden(ctx)
    if burden.empty:
        return common.missing("No host with population figures in this period.")
    year = int(burden["year"].iloc[0])
    return tables.show(burden.head(10), {"host_name": "text", "value": "int",
                                         "population": "int", "value_per_1000": "float1"},
                       {"host_name": "Host country", "value": f"Hosted, end {year} (people)",
                        "population": f"Population {year}",
                        "value_per_1000": "Per 1,000 inhabitants"},
                       source=f"{common.SRC_UNHCR}; population: {common.SRC_WDI}. Hosts "
                              "outside the region are not in the embedded population table.")


def hosted_table(ctx: DisplacementContext) -> HTML:
    """Refugees and asylum-seekers hosted by these states, by origin, latest year."""
    disp = ctx.disp
    frame = disp[disp["host_iso3"].isin(ctx.codes) & disp["measure"].isin(CROSS_BORDER)
                 & (disp["host_iso3"] != disp["origin_iso3"])]
    if frame.empty:
        return common.missing("No refugees hosted in these states in this period.")
    year = int(frame["year"].max())
    table = frame[frame["year"] == year].groupby(["host_name", "origin_name"],
                                                 as_index=False)["value"].sum()
    table = table.sort_values("value", ascending=False).groupby("host_name").head(4)
    return tables.show(table.sort_values(["host_name", "value"], ascending=[True, False]),
                       {"host_name": "text", "origin_name": "text", "value": "int"},
                       {"host_name": "Host", "origin_name": "From",
                        "value": f"Refugees and asylum-seekers, end {year}"},
                       source=common.SRC_UNHCR)


def sources_and_method(ctx: DisplacementContext) -> Markdown:
    """Definitions and caveats."""
    from sahel_analysis.sources import unhcr

    last = int(ctx.disp["year"].max()) if len(ctx.disp) else None
    frozen = idp_sentences(ctx)[1:]
    return Markdown(f"""
**Definitions.** UNHCR figures are end-of-year stocks: *refugees* (including people in
refugee-like situations) and *asylum-seekers* by country of origin and country of asylum.
Internally displaced people come from two sources that measure different things and are never
added: IDMC's estimate of all people displaced by conflict and violence, and UNHCR's count of
the IDPs it protects or assists. *Burden* divides the people hosted by the host country's
population (World Bank).

**Caveats.** Figures are revised retroactively between releases (this is release {unhcr.RELEASE}
{f"with figures to the end of {last}" if last else ""}); counts in insecure areas are
estimates; people who move without registering are missed. Stocks are counts of registered
people: a jump can be a registration exercise that counts people who arrived earlier, so a
change in a stock is never called an inflow here. A figure identical to the previous year's is
flagged as not updated{": " + " ".join(frozen) if frozen else "."} Only hosts in the embedded
population table (the Sahel and its neighbours) get a per-1,000 figure.
""")


def provenance(ctx: DisplacementContext):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.reports import provenance as prov

    return prov.show(ctx.params, TABLES_READ)


# Every cell function returns a typed Section (its table, figure, text): see reports.sections.
sections.wrap(globals())
