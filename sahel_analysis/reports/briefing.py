"""Sahel briefing: the latest period against the one before, for a busy reader."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.params import data_span
from sahel_analysis.plots.theme import new_figure
from sahel_analysis.reports import common
from sahel_analysis.tables import fmt_int

TABLES_READ = ["fatalities", "owid_deaths", "events", "timeline", "displacement", "boundaries"]
WINDOW_MONTHS = 3


def latest_full_month(as_of: pd.Timestamp) -> pd.Timestamp:
    """Return the first day of the last complete month on or before `as_of`."""
    month = as_of.to_period("M")
    if as_of.normalize() != (month.to_timestamp() + pd.offsets.MonthEnd(0)):
        month -= 1
    return month.to_timestamp()


def covered_months(events: pd.DataFrame) -> set[pd.Timestamp]:
    """Months with event data: the final GED span plus each Candidate release month."""
    final = events[~events["preliminary"]]
    months = set(pd.date_range(final["date"].min().to_period("M").to_timestamp(),
                               final["date"].max().to_period("M").to_timestamp(), freq="MS"))
    prelim = events[events["preliminary"]]
    counts = prelim["date"].dt.to_period("M").value_counts()
    months |= {p.to_timestamp() for p, n in counts.items() if n >= 20}  # a release, not strays
    return months


def choose_periods(as_of: pd.Timestamp, events: pd.DataFrame, last_cy: int, last_owid: int
                   ) -> dict:
    """Decide what 'latest period' means: 3 months of events if covered, else the latest year."""
    latest = latest_full_month(as_of)
    months = covered_months(events)
    current = list(pd.date_range(latest - pd.DateOffset(months=WINDOW_MONTHS - 1), latest,
                                 freq="MS"))
    previous = [m - pd.DateOffset(months=WINDOW_MONTHS) for m in current]
    if set(current) <= months and set(previous) <= months:
        return {"mode": "months", "current": current, "previous": previous,
                "current_label": f"{current[0]:%b}–{current[-1]:%b %Y}",
                "previous_label": f"{previous[0]:%b}–{previous[-1]:%b %Y}",
                "source": common.SRC_GED, "preliminary": False}
    year = as_of.year if as_of.month == 12 and as_of.day == 31 else as_of.year - 1
    source = "ucdp" if year <= last_cy else "owid"
    year = min(year, last_owid)
    return {"mode": "year", "current": [year], "previous": [year - 1],
            "current_label": str(year), "previous_label": str(year - 1),
            "source": common.SRC_UCDP_CY if source == "ucdp" else common.SRC_OWID,
            "series": source, "preliminary": source == "owid"}


def context(params: dict) -> dict:
    """Work out the periods and load the data."""
    as_of = pd.Timestamp(data_span()[1] if params["as_of"] == "latest" else params["as_of"])
    events = data.events(countries.AES, source=params.get("event_source", "ucdp"))
    events = events[events["date"] <= as_of]
    cy = data.fatalities(countries.AES)
    owid = data.owid_deaths(countries.AES)
    periods = choose_periods(as_of, events, int(cy["year"].max()), int(owid["year"].max()))
    return {"params": params, "as_of": as_of, "events": events, "cy": cy, "owid": owid,
            "periods": periods, "timeline": data.timeline(countries.AES),
            "displacement": data.displacement(countries.AES), "boundaries": data.boundaries()}


def comparison(ctx: dict) -> pd.DataFrame:
    """Deaths per AES state in the latest period and the one before."""
    periods = ctx["periods"]
    if periods["mode"] == "months":
        series = metrics.violence.event_series(ctx["events"], "month", by=["country_iso3"])
        table = metrics.violence.compare_periods(series, "deaths_best", "period",
                                                 periods["current"], periods["previous"])
    else:
        if periods["series"] == "ucdp":
            values = metrics.violence.yearly_totals(ctx["cy"])
        else:
            values = ctx["owid"]
        table = metrics.violence.compare_periods(values, "deaths_best", "year",
                                                 periods["current"], periods["previous"])
    table["country"] = table["country_iso3"].map(countries.name)
    return table


def title(ctx: dict) -> Markdown:
    """Report heading."""
    return Markdown(f"# Sahel briefing, as of {ctx['as_of']:%d %B %Y}")


def key_findings(ctx: dict) -> HTML:
    """Computed key findings."""
    periods = ctx["periods"]
    table = comparison(ctx)
    lines = [narrative.describe_change(
        f"Deaths in {row.country}", row.current, row.previous, periods["current_label"],
        periods["previous_label"]) for row in table.itertuples()]
    newest = _newest_events(ctx)
    if len(newest):
        lines.append(f"Latest event data: {fmt_int(newest['deaths_best'].sum())} deaths in "
                     f"{len(newest):,} events in {newest['date'].max():%B %Y}"
                     + (" (UCDP Candidate, preliminary)." if newest["preliminary"].all()
                        else " (UCDP GED)."))
    turns = ctx["timeline"][ctx["timeline"]["date"] <= ctx["as_of"]].tail(1)
    if len(turns):
        row = turns.iloc[0]
        lines.append(f"Most recent turn in the timeline: {row['title']} ({row['date']:%d %b %Y}).")
    return narrative.key_findings(lines[:6])


def coverage_note(ctx: dict) -> HTML:
    """What 'latest period' means here and where it comes from."""
    periods = ctx["periods"]
    if periods["mode"] == "months":
        text = (f"Event data cover the last {WINDOW_MONTHS} full months before the briefing "
                f"date, so they are compared with the {WINDOW_MONTHS} months before "
                f"({periods['source']}).")
    else:
        text = (f"Monthly event data do not cover the months before the briefing date, so the "
                f"latest year with country totals ({periods['current_label']}) is compared with "
                f"the year before, both from the same series: {periods['source']}."
                + (" The latest OWID year may be preliminary." if periods["preliminary"] else ""))
    return HTML(f'<div class="coverage-note"><p><b>Which data.</b> {text}</p></div>')


def comparison_table(ctx: dict) -> HTML:
    """The comparison per state."""
    periods = ctx["periods"]
    return tables.show(comparison(ctx), {"country": "text", "previous": "int", "current": "int",
                                         "change": "signed_pct"},
                       {"country": "Country", "previous": f"Deaths {periods['previous_label']}",
                        "current": f"Deaths {periods['current_label']}", "change": "Change (%)"},
                       source=periods["source"])


def _newest_events(ctx: dict) -> pd.DataFrame:
    events = ctx["events"]
    if events.empty:
        return events
    last_month = events["date"].max().to_period("M")
    return events[events["date"].dt.to_period("M") == last_month]


def newest_map(ctx: dict):
    """Map of the newest month of event data."""
    newest = _newest_events(ctx)
    if newest.empty:
        return common.missing("No event data before the briefing date.")
    fig, ax = new_figure(4.2)
    plots.event_map(newest, ctx["boundaries"], ax, extent=(-12.5, 16.5, 8.5, 24.0))
    label = "UCDP Candidate 26.0.1, preliminary" if newest["preliminary"].all() else "UCDP GED"
    ax.set_title(f"Where people were killed in {newest['date'].max():%B %Y} ({label})",
                 loc="left")
    source = common.SRC_CANDIDATE if newest["preliminary"].all() else common.SRC_GED
    plots.source_note(fig, f"{source}; {common.SRC_NE}.")
    return common.figure(fig)


def hotspots_table(ctx: dict) -> HTML:
    """The regions with most deaths in the newest month of event data."""
    newest = _newest_events(ctx)
    if newest.empty:
        return common.missing("No event data before the briefing date.")
    table = newest.groupby(["country_iso3", "admin1"], as_index=False).agg(
        deaths=("deaths_best", "sum"), events=("event_id", "size"))
    table["country"] = table["country_iso3"].map(countries.name)
    table = table.sort_values("deaths", ascending=False).head(6)
    return tables.show(table, {"country": "text", "admin1": "text", "events": "int",
                               "deaths": "int"},
                       {"country": "Country", "admin1": "Region (admin1)", "events": "Events",
                        "deaths": "Deaths (best)"},
                       source=common.SRC_CANDIDATE if newest["preliminary"].all()
                       else common.SRC_GED)


def newest_turns(ctx: dict) -> HTML:
    """The newest timeline events before the briefing date."""
    turns = ctx["timeline"][ctx["timeline"]["date"] <= ctx["as_of"]].tail(6).iloc[::-1].copy()
    turns["where"] = [countries.name(c) if c in countries.BY_ISO3 else c
                      for c in turns["country"]]
    return tables.show(turns, {"date": "date", "where": "text", "title": "text",
                               "description": "text"},
                       {"date": "Date", "where": "Where", "title": "Event",
                        "description": "What happened"}, source=common.SRC_TIMELINE)


def displacement_table(ctx: dict) -> HTML:
    """Latest displacement per AES state against the year before."""
    disp = ctx["displacement"]
    disp = disp[disp["year"] <= ctx["as_of"].year]
    year = int(disp["year"].max())
    rows = []
    for code in countries.AES:
        own = disp[disp["origin_iso3"] == code]
        abroad = own[own["measure"].isin(["refugees", "asylum_seekers"])
                     & (own["host_iso3"] != code)].groupby("year")["value"].sum()
        idmc = own[own["measure"] == "idps_idmc"].groupby("year")["value"].sum()
        rows.append({"country": countries.name(code), "abroad": abroad.get(year),
                     "abroad_change": metrics.violence.change(abroad.get(year, float("nan")),
                                                              abroad.get(year - 1, float("nan"))),
                     "idps": idmc.get(year),
                     "idps_change": metrics.violence.change(idmc.get(year, float("nan")),
                                                            idmc.get(year - 1, float("nan")))})
    return tables.show(pd.DataFrame(rows),
                       {"country": "text", "abroad": "int", "abroad_change": "signed_pct",
                        "idps": "int", "idps_change": "signed_pct"},
                       {"country": "Country",
                        "abroad": f"Refugees and asylum-seekers abroad, end {year}",
                        "abroad_change": f"Change on {year - 1} (%)",
                        "idps": f"Conflict IDPs (IDMC), end {year}",
                        "idps_change": f"Change on {year - 1} (%)"},
                       source=f"{common.SRC_UNHCR}; {common.SRC_IDMC}")


def sources_and_method(ctx: dict) -> Markdown:
    """Short method note."""
    return Markdown("""
Deaths are UCDP best estimates of deaths in organised violence. The comparison uses one series
for both periods, never a mix: UCDP GED events (monthly), UCDP's country-year table (to 2024) or
OWID's country totals (to 2025, active conflicts only, latest year possibly preliminary).
The newest event month comes from UCDP's Candidate release, which UCDP still checks and revises.
Displacement figures are end-of-year stocks (UNHCR release 2025.12.1; IDMC via UNHCR).
""")


def provenance(ctx: dict):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.render import provenance as prov

    return prov.show({**ctx["params"], "as_of (resolved)": f"{ctx['as_of']:%Y-%m-%d}"},
                     TABLES_READ)
