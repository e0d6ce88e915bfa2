"""Displacement from and within the Sahel: sections of the `displacement` report."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import new_figure
from sahel_analysis.reports import common
from sahel_analysis.tables import fmt_int

TABLES_READ = ["displacement", "indicators", "timeline"]
CROSS_BORDER = ["refugees", "asylum_seekers"]


def context(params: dict) -> dict:
    """Load and filter everything the report needs."""
    codes = params["countries"]
    _, _, (first_year, last_year) = common.period(params)
    disp = data.displacement(codes)
    disp = disp[disp["year"].between(first_year, last_year)]
    return {
        "params": params,
        "codes": codes,
        "label": common.names(codes),
        "years": (first_year, last_year),
        "disp": disp,
        "population": data.indicators(codes="SP.POP.TOTL"),
        "turns": common.turns(codes, categories=("coup", "russia")),
    }


def _abroad(ctx: dict) -> pd.DataFrame:
    disp = ctx["disp"]
    frame = disp[disp["origin_iso3"].isin(ctx["codes"]) & (disp["host_iso3"] != disp[
        "origin_iso3"])]
    return metrics.displacement.totals(frame, CROSS_BORDER, by="origin_iso3").assign(
        total=lambda f: f["refugees"] + f["asylum_seekers"])


def title(ctx: dict) -> Markdown:
    """Report heading."""
    first, last = ctx["years"]
    return Markdown(f"# Displacement from and within {ctx['label']}, {first}–{last}")


def key_findings(ctx: dict) -> HTML:
    """Computed key findings."""
    lines = []
    abroad = _abroad(ctx)
    if len(abroad):
        per_year = abroad.groupby("year")["total"].sum()
        last, first = int(per_year.index.max()), int(per_year.index.min())
        lines.append(narrative.describe_change(
            f"Refugees and asylum-seekers from {ctx['label']} (end-year stocks)",
            per_year.loc[last], per_year.loc[first], str(last), str(first), unit="people"))
    idps = metrics.displacement.idps(ctx["disp"][ctx["disp"]["origin_iso3"].isin(ctx["codes"])])
    if "idps_idmc" in idps and idps["idps_idmc"].notna().any():
        year = int(idps.dropna(subset=["idps_idmc"])["year"].max())
        latest = idps[idps["year"] == year]
        lines.append(f"IDMC counts {fmt_int(latest['idps_idmc'].sum())} people internally "
                     f"displaced by conflict in these states at the end of {year}; UNHCR "
                     f"reports {fmt_int(latest.get('idps_unhcr', pd.Series()).sum())} IDPs it "
                     "protects or assists (a different concept).")
        top = latest.sort_values("idps_idmc", ascending=False).iloc[0]
        lines.append(f"{countries.name(top['country_iso3'])} has the most: "
                     f"{fmt_int(top['idps_idmc'])} (IDMC).")
    hosts = _hosts(ctx)
    if len(hosts):
        top = hosts.groupby(["host_name"])["value"].sum().sort_values(ascending=False)
        lines.append(f"The largest host of people from these states at the end of "
                     f"{hosts['year'].iloc[0]} is {top.index[0]} ({fmt_int(top.iloc[0])}).")
    burden = _burden(ctx)
    if len(burden):
        row = burden.iloc[0]
        lines.append(f"Relative to its population, {row['host_name']} carries the heaviest load: "
                     f"{tables.fmt_float(row['value_per_1000'])} refugees and asylum-seekers "
                     f"from these states per 1,000 inhabitants ({int(row['year'])}).")
    return narrative.key_findings(lines[:6] or ["No displacement figures in this period."])


def abroad_chart(ctx: dict):
    """Refugees and asylum-seekers abroad by country of origin per year."""
    abroad = _abroad(ctx)
    if abroad.empty:
        return common.missing("No refugees or asylum-seekers recorded in this period.")
    fig, ax = new_figure(3.6)
    plots.line_by_group(abroad, "year", "total", "origin_iso3", ax,
                        labels={c: countries.name(c) for c in ctx["codes"]})
    plots.add_timeline(ax, ctx["turns"], yearly=True, max_lanes=4)
    plots.finish(ax, "Refugees and asylum-seekers abroad, by country of origin",
                 "People (end-year stock)", f"{common.SRC_UNHCR}; {common.SRC_TIMELINE}.")
    return common.figure(fig)


def idp_chart(ctx: dict):
    """Conflict IDPs per country (IDMC) and UNHCR-assisted IDPs, separately."""
    idps = metrics.displacement.idps(ctx["disp"][ctx["disp"]["origin_iso3"].isin(ctx["codes"])])
    if idps.empty:
        return common.missing("No IDP figures in this period.")
    fig, (left, right) = new_figure(3.4, ncols=2, sharey=True)
    for ax, column, label in ((left, "idps_idmc", "Conflict IDPs (IDMC)"),
                              (right, "idps_unhcr", "IDPs protected/assisted by UNHCR")):
        if column in idps:
            part = idps.dropna(subset=[column])
            plots.line_by_group(part, "year", column, "country_iso3", ax,
                                labels={c: countries.name(c) for c in ctx["codes"]})
        ax.set_title(label, loc="left", fontsize=9)
        plots.add_timeline(ax, ctx["turns"], categories=("coup",), yearly=True, max_lanes=3,
                           fontsize=5.5)
    left.set_ylabel("People (end-year stock)")
    right.get_legend().remove() if right.get_legend() else None
    fig.suptitle("Internally displaced people: two sources, two concepts", x=0.0, ha="left")
    plots.source_note(fig, f"{common.SRC_IDMC}; {common.SRC_UNHCR}.")
    return common.figure(fig)


def _hosts(ctx: dict) -> pd.DataFrame:
    disp = ctx["disp"]
    year = int(disp["year"].max()) if len(disp) else None
    if year is None:
        return pd.DataFrame()
    top = metrics.displacement.top_hosts(disp, ctx["codes"], year, n=6)
    return top.assign(year=year)


def flows_chart(ctx: dict):
    """Where people went: the largest host countries per origin, latest year."""
    hosts = _hosts(ctx)
    if hosts.empty:
        return common.missing("No host-country figures in this period.")
    fig, ax = new_figure(0.28 * len(hosts) + 1.3)
    plots.displacement_flows(hosts, ax)
    plots.finish(ax, f"Refugees and asylum-seekers by host country, end {hosts['year'].iloc[0]}",
                 "", f"{common.SRC_UNHCR}.", xlabel="People")
    return common.figure(fig)


def _burden(ctx: dict) -> pd.DataFrame:
    disp = ctx["disp"]
    frame = disp[disp["origin_iso3"].isin(ctx["codes"]) & disp["measure"].isin(CROSS_BORDER)
                 & (disp["host_iso3"] != disp["origin_iso3"])]
    if frame.empty:
        return pd.DataFrame()
    pop = ctx["population"]
    year = int(min(frame["year"].max(), pop["year"].max()))
    hosted = frame[frame["year"] == year].groupby(["host_iso3", "host_name", "year"],
                                                  as_index=False)["value"].sum()
    burden = metrics.displacement.per_1000(hosted, pop, "value")
    return burden.dropna(subset=["value_per_1000"]).sort_values("value_per_1000",
                                                                ascending=False)


def burden_table(ctx: dict) -> HTML:
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


def hosted_table(ctx: dict) -> HTML:
    """Refugees and asylum-seekers hosted by these states, by origin, latest year."""
    disp = ctx["disp"]
    frame = disp[disp["host_iso3"].isin(ctx["codes"]) & disp["measure"].isin(CROSS_BORDER)
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


def sources_and_method(ctx: dict) -> Markdown:
    """Definitions and caveats."""
    return Markdown("""
**Definitions.** UNHCR figures are end-of-year stocks: *refugees* (including people in
refugee-like situations) and *asylum-seekers* by country of origin and country of asylum.
Internally displaced people come from two sources that measure different things and are never
added: IDMC's estimate of all people displaced by conflict and violence, and UNHCR's count of
the IDPs it protects or assists. *Burden* divides the people hosted by the host country's
population (World Bank).

**Caveats.** Figures are revised retroactively between releases (this is release 2025.12.1,
end-2025); counts in insecure areas are estimates; people who move without registering are
missed. Only hosts in the embedded population table (the Sahel and its neighbours) get a
per-1,000 figure.
""")


def provenance(ctx: dict):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.render import provenance as prov

    return prov.show(ctx["params"], TABLES_READ)
