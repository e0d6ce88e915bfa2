"""Country security profile: sections of the `country_profile` report."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.metrics import actors as actor_metrics
from sahel_analysis.plots.theme import FAMILY_COLORS, new_figure
from sahel_analysis.reports import common
from sahel_analysis.tables import fmt_int, fmt_pct

TABLES_READ = ["fatalities", "owid_deaths", "events", "civilian_killings", "dyads", "conflicts",
               "timeline", "actor_families", "displacement", "indicators", "boundaries"]


def context(params: dict) -> dict:
    """Load and filter everything the report needs."""
    code = params["country"]
    start, end, (first_year, last_year) = common.period(params)
    cy = data.fatalities(code)
    events = data.events(code, source=params.get("event_source", "ucdp"))
    in_period = events[(events["date"] >= start) & (events["date"] <= end)]
    return {
        "params": params,
        "code": code,
        "name": countries.name(code),
        "start": start,
        "end": end,
        "years": (first_year, last_year),
        "cy": cy[cy["year"].between(first_year, last_year)],
        "owid": data.owid_deaths(code),
        "events": in_period[~in_period["preliminary"]],
        "preliminary": in_period[in_period["preliminary"]],
        "civilians": data.civilian_killings(code),
        "dyads": data.dyads(code),
        "conflicts": data.conflicts(code),
        "timeline": data.timeline(code),
        "turns": common.turns(code),
        "mapping": data.actor_families(),
        "displacement": data.displacement(code),
        "indicators": data.indicators(countries=code),
    }


def title(ctx: dict) -> Markdown:
    """Return the report heading."""
    first, last = ctx["years"]
    return Markdown(f"# {ctx['name']}: security profile, {first}–{last}")


def coverage_note(ctx: dict) -> Markdown:
    """Say which source covers which part of the period."""
    return common.coverage_note(ctx["params"]["start"], ctx["params"]["end"])


def key_findings(ctx: dict) -> Markdown:
    """Return 4-6 bullets computed from the data."""
    lines = []
    totals = metrics.violence.yearly_totals(ctx["cy"]) if len(ctx["cy"]) else pd.DataFrame()
    if len(totals):
        peak = totals.loc[totals["deaths_best"].idxmax()]
        lines.append(
            f"UCDP records {fmt_int(totals['deaths_best'].sum())} deaths in organised violence "
            f"in {ctx['name']} in {int(totals['year'].min())}–{int(totals['year'].max())}, "
            f"most in {int(peak['year'])} ({fmt_int(peak['deaths_best'])})."
        )
        if len(totals) >= 2:
            last, prev = totals.iloc[-1], totals.iloc[-2]
            lines.append(narrative.describe_change(
                "Deaths", last["deaths_best"], prev["deaths_best"], str(int(last["year"])),
                str(int(prev["year"]))) + " (UCDP country-year)")
    owid = ctx["owid"]
    latest = owid[owid["year"] == min(owid["year"].max(), ctx["years"][1])]
    if len(latest) and int(latest["year"].iloc[0]) > int(ctx["cy"]["year"].max() if len(
            ctx["cy"]) else 0):
        year = int(latest["year"].iloc[0])
        previous = owid[owid["year"] == year - 1]["deaths_best"].sum()
        lines.append(narrative.describe_change(
            "In OWID's separate series (active conflicts only), deaths",
            latest["deaths_best"].sum(), previous, str(year), str(year - 1)))
    civ = ctx["civilians"][ctx["civilians"]["year"].between(*ctx["years"])]
    if civ["deaths_best"].sum() > 0:
        government = civ.loc[civ["perpetrator"] == "government", "deaths_best"].sum()
        lines.append(narrative.share_sentence(
            "Government forces (with allies)", government, civ["deaths_best"].sum(),
            "civilians killed in one-sided violence in the period (UCDP)"))
    arrival = common.russian_arrival(ctx["code"])
    if arrival is not None:
        lines.append(_russia_sentence(ctx, arrival))
    idp = ctx["displacement"]
    idmc = idp[(idp["measure"] == "idps_idmc") & (idp["origin_iso3"] == ctx["code"])]
    if len(idmc):
        row = idmc.loc[idmc["year"].idxmax()]
        lines.append(f"IDMC counts {fmt_int(row['value'])} people internally displaced by "
                     f"conflict at the end of {int(row['year'])}.")
    if not lines:
        lines.append(f"No organised violence is recorded for {ctx['name']} in this period.")
    return narrative.key_findings(lines[:6])


def _russia_sentence(ctx: dict, arrival: pd.Series) -> str:
    when = arrival["date"]
    civ = ctx["civilians"]
    gov = civ[civ["perpetrator"] == "government"].set_index("year")["deaths_best"]
    year = when.year
    before = gov.loc[year - 2:year - 1].sum() if year - 1 in gov.index else float("nan")
    after_years = [y for y in (year, year + 1) if y in gov.index]
    after = gov.loc[after_years].sum() if after_years else float("nan")
    label_after = common.span(after_years[0], after_years[-1]) if after_years else "after"
    change = narrative.describe_change("Civilians killed by government forces and allies",
                                       after, before, label_after, f"{year - 2}–{year - 1}",
                                       unit="civilians")
    return f"Russian forces arrived in {when:%B %Y} ({arrival['title']}): {change}"


def deaths_by_type_chart(ctx: dict):
    """Yearly deaths by violence type with the timeline and OWID's latest years."""
    if ctx["cy"].empty:
        return common.missing("No UCDP country-year figures in this period.")
    fig, ax = new_figure(4.2)
    plots.bars_by_violence_type(ctx["cy"], ax)
    owid = ctx["owid"]
    extra = owid[(owid["year"] > ctx["cy"]["year"].max()) & (owid["year"] <= ctx["years"][1])]
    if len(extra):
        ax.scatter(extra["year"], extra["deaths_best"], marker="D", facecolor="white",
                   edgecolor="black", zorder=6, label="OWID total (different method)")
        ax.set_xlim(ax.get_xlim()[0], extra["year"].max() + 0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx["turns"], yearly=True)
    plots.finish(ax, f"Deaths in organised violence in {ctx['name']}, by type",
                 "Deaths per year (best estimate)",
                 f"{common.SRC_UCDP_CY}; diamonds: {common.SRC_OWID}; {common.SRC_TIMELINE}.")
    return common.figure(fig)


def deaths_table(ctx: dict) -> HTML:
    """Yearly deaths by type, total, range and change."""
    if ctx["cy"].empty:
        return common.missing("No UCDP country-year figures in this period.")
    pivot = ctx["cy"].pivot_table(index="year", columns="violence_type", values="deaths_best",
                                  aggfunc="sum").reset_index()
    totals = metrics.violence.yearly_totals(ctx["cy"])
    table = pivot.merge(totals, on="year")
    table["change"] = table["deaths_best"].pct_change().replace([float("inf")], float("nan"))
    table["range"] = [f"{fmt_int(lo)}–{fmt_int(hi)}" for lo, hi in
                      zip(table["deaths_low"], table["deaths_high"], strict=True)]
    return tables.show(
        table,
        {"year": "text", "state_based": "int", "non_state": "int", "one_sided": "int",
         "deaths_best": "int", "range": "text", "change": "signed_pct"},
        {"year": "Year", "state_based": "State-based (deaths)", "non_state": "Non-state (deaths)",
         "one_sided": "One-sided (deaths)", "deaths_best": "Total (deaths, best)",
         "range": "Low–high (deaths)", "change": "Change on previous year (%)"},
        source=common.SRC_UCDP_CY,
    )


def monthly_chart(ctx: dict):
    """Monthly deaths from final GED events with a 12-month rolling sum and the timeline."""
    events = ctx["events"]
    if events.empty:
        return common.missing("No final UCDP GED events in this period: monthly detail is "
                              "only available up to December 2023.")
    series = metrics.violence.event_series(events, "month", by=())
    series = metrics.violence.rolling_sum(series, 12, by=())
    fig, ax = new_figure(3.8)
    ax.bar(series["period"], series["deaths_best"], width=25, color="#8FB8D8",
           label="Deaths per month")
    ax.plot(series["period"], series["deaths_best_roll12"] / 12, color="#0072B2",
            linewidth=1.6, label="12-month average")
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx["turns"])
    plots.finish(ax, f"Monthly deaths in {ctx['name']} (UCDP GED events)",
                 "Deaths per month (best estimate)", f"{common.SRC_GED}; {common.SRC_TIMELINE}.")
    return common.figure(fig)


def armed_groups_table(ctx: dict) -> HTML:
    """The armed groups fighting the state each year, and non-state dyads."""
    dyads = ctx["dyads"][ctx["dyads"]["year"].between(*ctx["years"])]
    if dyads.empty:
        return common.missing("UCDP lists no active dyad in this period.")
    rows = []
    acd = ctx["conflicts"]
    for year, part in dyads.groupby("year"):
        state = part[part["violence_type"] == "state_based"]["dyad_name"]
        opponents = sorted({d.split(" - ", 1)[1] for d in state if " - " in d})
        war = acd[(acd["year"] == year) & (acd["intensity_level"] == 2)]
        rows.append({
            "year": str(year),
            "opponents": ", ".join(opponents) or "–",
            "intensity": "war (≥1,000)" if len(war) else ("minor" if opponents else "–"),
            "non_state": int((part["violence_type"] == "non_state").sum()),
            "one_sided": ", ".join(sorted(d.split(" - ")[0] for d in part.loc[
                part["violence_type"] == "one_sided", "dyad_name"])) or "–",
        })
    frame = pd.DataFrame(rows)
    return tables.show(
        frame, {"year": "text", "opponents": "text", "intensity": "text", "non_state": "int",
                "one_sided": "text"},
        {"year": "Year", "opponents": "Armed groups fighting the state",
         "intensity": "Intensity (UCDP/PRIO)", "non_state": "Non-state dyads (count)",
         "one_sided": "Actors killing civilians"},
        source=f"{common.SRC_UCDP_CY}; {common.SRC_ACD}",
    )


def actor_family_chart(ctx: dict):
    """Stacked area of yearly deaths by actor family (final GED events)."""
    events = ctx["events"]
    if events.empty:
        return common.missing("No final GED events in this period.")
    table = actor_metrics.deaths_by_family(events, ctx["mapping"], "year")
    table["year"] = table["period"].dt.year
    fig, ax = new_figure(3.8)
    plots.stacked_area(table, "year", "actor_family", "deaths_best", ax, FAMILY_COLORS,
                       actor_metrics.FAMILY_LABELS)
    plots.add_timeline(ax, ctx["turns"], categories=("coup", "russia", "foreign_forces"),
                       yearly=True, max_lanes=4)
    plots.finish(ax, f"Deaths by armed actor family in {ctx['name']}",
                 "Deaths per year (best estimate)",
                 f"{common.SRC_GED}; actor families: sahel_analysis mapping (sourced). "
                 "State-based events are counted under the non-state side.")
    return common.figure(fig)


def civilian_chart(ctx: dict):
    """Civilians killed in one-sided violence by governments vs non-state groups per year."""
    civ = ctx["civilians"][ctx["civilians"]["year"].between(*ctx["years"])]
    if civ["deaths_best"].sum() == 0:
        return common.missing("UCDP records no one-sided violence against civilians here.")
    fig, ax = new_figure(3.6)
    pivot = civ.pivot_table(index="year", columns="perpetrator", values="deaths_best",
                            aggfunc="sum", fill_value=0)
    ax.bar(pivot.index - 0.2, pivot.get("government", 0), width=0.4, color="#009E73",
           label="Government forces and allies")
    ax.bar(pivot.index + 0.2, pivot.get("non_state_group", 0), width=0.4, color="#0072B2",
           label="Non-state armed groups", hatch="//", edgecolor="white")
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx["turns"], categories=("russia", "coup"), yearly=True)
    plots.finish(ax, f"Civilians killed in one-sided violence in {ctx['name']}",
                 "Civilians killed per year (best)", f"{common.SRC_UCDP_CY}.")
    return common.figure(fig)


def russia_before_after(ctx: dict):
    """Civilian deaths by perpetrator group 24 months before and after Russian forces arrived."""
    arrival = common.russian_arrival(ctx["code"])
    if arrival is None:
        return common.missing(f"No deployment of Russian forces to {ctx['name']} is in the "
                              "timeline.")
    when = arrival["date"]
    events = data.events(ctx["code"], include_preliminary=False)
    first, last = common.event_coverage()
    months = 24
    if when - pd.DateOffset(months=months) < first or \
            when + pd.DateOffset(months=months) > last + pd.offsets.MonthEnd(0):
        civ = ctx["civilians"].pivot_table(index="year", columns="perpetrator",
                                           values="deaths_best", aggfunc="sum")
        year = when.year
        rows = []
        for label, years in (("before", [year - 2, year - 1]), ("after", [year, year + 1])):
            part = civ.loc[[y for y in years if y in civ.index]]
            rows.append({"period": f"{label}: {', '.join(str(y) for y in part.index)}",
                         "government": part.get("government", pd.Series()).sum(),
                         "non_state_group": part.get("non_state_group", pd.Series()).sum()})
        frame = pd.DataFrame(rows)
        frame["state_share"] = frame["government"] / (frame["government"]
                                                      + frame["non_state_group"])
        return tables.show(
            frame, {"period": "text", "government": "int", "non_state_group": "int",
                    "state_share": "pct"},
            {"period": "Years (UCDP country-year; event data end in Dec 2023)",
             "government": "By government forces and allies (civilians)",
             "non_state_group": "By non-state groups (civilians)",
             "state_share": "Share by the state side (%)"},
            caption=f"Civilians killed before and after: {arrival['title']} ({when:%b %Y})",
            source=common.SRC_UCDP_CY)
    table = metrics.civilians.before_after(events, ctx["mapping"], when, months)
    return tables.show(
        table, {"group": "text", "before": "int", "after": "int", "share_before": "pct",
                "share_after": "pct"},
        {"group": "Perpetrator", "before": f"{months} months before (civilians)",
         "after": f"{months} months after (civilians)", "share_before": "Share before (%)",
         "share_after": "Share after (%)"},
        caption=f"Civilians killed in one-sided violence around: {arrival['title']} "
                f"({when:%b %Y})",
        source=f"{common.SRC_GED}. Russian personnel fighting with the army are coded as "
               "government forces in the final GED.")


def maps(ctx: dict):
    """Maps of violence by period (final GED events)."""
    events = ctx["events"]
    if events.empty:
        return common.missing("No georeferenced events in this period.")
    years = sorted(events["year"].unique())
    chunks = _split(years, 4)
    periods = {f"{c[0]}–{c[-1]}" if len(c) > 1 else str(c[0]):
               (pd.Timestamp(f"{c[0]}-01-01"), pd.Timestamp(f"{c[-1]}-12-31")) for c in chunks}
    bounds = data.boundaries()
    shape = bounds[bounds["country_iso3"] == ctx["code"]].total_bounds
    extent = (shape[0] - 1.5, shape[2] + 1.5, shape[1] - 1.0, shape[3] + 1.0)
    fig, _ = plots.map_small_multiples(events, bounds, periods, extent=extent)
    fig.suptitle(f"Where people were killed in {ctx['name']} (dot area ~ deaths)", x=0.0,
                 ha="left")
    plots.source_note(fig, f"{common.SRC_GED}; {common.SRC_NE}.")
    return common.figure(fig)


def _split(years: list[int], parts: int) -> list[list[int]]:
    parts = min(parts, len(years))
    size = -(-len(years) // parts)
    return [years[i:i + size] for i in range(0, len(years), size)]


def windows(ctx: dict) -> tuple:
    """Event-window chart and table for the country's timeline events."""
    monthly, yearly = common.monthly_and_yearly([ctx["code"]])
    timeline = ctx["turns"]
    timeline = timeline[(timeline["date"] >= ctx["start"]) & (timeline["date"] <= ctx["end"])]
    table = metrics.windows.mixed_window_table(monthly, yearly, timeline)
    fig, ax = new_figure(0.32 * max(3, (table["status"] == "ok").sum()) + 1.2)
    plots.window_chart(table, ax)
    plots.finish(ax, f"Deaths after vs before each turn, {ctx['name']}", "",
                 f"{common.SRC_GED} (6-month windows); {common.SRC_UCDP_CY} (1-year windows).")
    html = tables.show(
        table, {"date": "date", "title": "text", "basis": "text", "before": "int",
                "after": "int", "rate_ratio": "float2", "ci_low": "float2", "ci_high": "float2"},
        {"date": "Date", "title": "Event", "basis": "Window each side", "before": "Deaths before",
         "after": "Deaths after", "rate_ratio": "Rate ratio", "ci_low": "95% CI low",
         "ci_high": "95% CI high"},
        source="Exact Poisson interval; deaths are clustered, so intervals understate "
               "uncertainty.")
    return common.figure(fig), html


def displacement_chart(ctx: dict):
    """People displaced from the country: refugees/asylum-seekers abroad, IDPs (two sources)."""
    disp = ctx["displacement"]
    disp = disp[disp["year"].between(*ctx["years"])]
    origin = disp[(disp["origin_iso3"] == ctx["code"]) & (disp["host_iso3"] != ctx["code"])]
    abroad = origin[origin["measure"].isin(["refugees", "asylum_seekers"])].groupby(
        "year")["value"].sum()
    idps = metrics.displacement.idps(disp[disp["origin_iso3"] == ctx["code"]])
    if abroad.empty and idps.empty:
        return common.missing("No displacement figures for this country and period.")
    fig, ax = new_figure(3.6)
    if len(abroad):
        ax.plot(abroad.index, abroad.values, color="#D55E00", marker="o", markersize=3,
                label="Refugees and asylum-seekers abroad (UNHCR)")
    for column, label, style in (("idps_idmc", "IDPs, conflict (IDMC)", "-"),
                                 ("idps_unhcr", "IDPs assisted by UNHCR", "--")):
        if column in idps and idps[column].notna().any():
            ax.plot(idps["year"], idps[column], color="#0072B2", linestyle=style, marker="s",
                    markersize=3, label=label)
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx["turns"], categories=("coup", "russia"), yearly=True)
    plots.finish(ax, f"People displaced from {ctx['name']} (end-year stocks)", "People",
                 f"{common.SRC_UNHCR}; {common.SRC_IDMC}. IDMC and UNHCR IDP figures are "
                 "different concepts and are not added.")
    return common.figure(fig)


def hosted_table(ctx: dict) -> HTML:
    """Refugees and asylum-seekers hosted in the country by origin, latest year."""
    disp = ctx["displacement"]
    hosted = disp[(disp["host_iso3"] == ctx["code"]) & (disp["origin_iso3"] != ctx["code"])
                  & disp["measure"].isin(["refugees", "asylum_seekers"])]
    hosted = hosted[hosted["year"] <= ctx["years"][1]]
    if hosted.empty:
        return common.missing("No refugees or asylum-seekers recorded in this country.")
    year = int(hosted["year"].max())
    table = hosted[hosted["year"] == year].groupby("origin_name", as_index=False)["value"].sum()
    table = table.sort_values("value", ascending=False).head(8)
    return tables.show(table, {"origin_name": "text", "value": "int"},
                       {"origin_name": "Country of origin",
                        "value": f"Refugees and asylum-seekers hosted, end {year} (people)"},
                       source=common.SRC_UNHCR)


def context_table(ctx: dict) -> HTML:
    """Population, GDP per capita and military expenditure for selected years."""
    ind = ctx["indicators"]
    codes = {"SP.POP.TOTL": ("Population (people)", "int"),
             "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "int"),
             "MS.MIL.XPND.GD.ZS": ("Military expenditure (% of GDP)", "float1"),
             "MS.MIL.XPND.ZS": ("Military expenditure (% of government spending)", "float1"),
             "DT.ODA.ODAT.PC.ZS": ("Net ODA received per capita (current US$)", "float1")}
    years = [y for y in (2012, 2016, 2020, 2022, 2023, 2024) if ctx["years"][0] <= y
             <= ctx["years"][1]] or [ctx["years"][1]]
    rows = []
    for code, (label, kind) in codes.items():
        series = ind[ind["indicator_code"] == code].set_index("year")["value"]
        row = {"indicator": label}
        for year in years:
            value = series.get(year)
            row[str(year)] = tables.FORMATTERS[kind](value) if value is not None else "–"
        rows.append(row)
    frame = pd.DataFrame(rows)
    return tables.show(frame, {"indicator": "text", **{str(y): "text" for y in years}},
                       {"indicator": "Indicator"}, source=common.SRC_WDI
                       + " (military expenditure: SIPRI data via the World Bank)")


def sources_and_method(ctx: dict) -> Markdown:
    """Definitions, caveats and coverage."""
    share = actor_metrics.unmapped_share(ctx["events"], ctx["mapping"]) if len(
        ctx["events"]) else 0.0
    return Markdown(f"""
**Definitions.** UCDP counts deaths in *organised violence*: state-based armed conflict (a
government against an armed group or another state), non-state conflict (between organised
groups) and one-sided violence (deliberate killing of civilians by a government or a formally
organised group). Best estimates are used throughout; low and high estimates appear in the
tables. Deaths are attributed to the country where they occurred.

**Caveats.** Reporting from the Sahel is sparse and contested: juntas restrict journalists, so
recent figures are more likely to be revised and may under-count violence by state forces and
their Russian partners. UCDP's final GED for 2024–2025 was not available offline; events after
December 2023 come only from the January 2026 Candidate release, which is preliminary. OWID's
series keeps only active conflicts and locates events by coordinates; it is never added to
UCDP's country-year figures. Actor families come from a curated mapping; events whose actors it
does not know are shown as "Other / unmapped" ({fmt_pct(share, 1)} of deaths in this period).
Event windows compare deaths in equal periods before and after a date; they describe change,
not cause.
""")


def provenance(ctx: dict):
    """Parameters, software, sources, licences and data hashes."""
    from sahel_analysis.render import provenance as prov

    return prov.show(ctx["params"], TABLES_READ)
