"""Country security profile: sections of the `country_profile` report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from IPython.display import HTML, Markdown
from matplotlib.ticker import MaxNLocator

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.metrics import actors as actor_metrics
from sahel_analysis.plots.theme import FAMILY_COLORS, new_figure
from sahel_analysis.reports import common, major_events, sections
from sahel_analysis.tables import fmt_int, fmt_pct

RUSSIA_WINDOW_MONTHS = 12
WINDOW_MONTHS = 12
TABLES_READ = ["fatalities", "owid_deaths", "events", "civilian_killings", "dyads", "conflicts",
               "timeline", "actor_families", "displacement", "indicators", "boundaries", "places"]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class CountryProfileContext(common.PeriodContext):
    """One country's tables for the period, as :func:`context` loads and filters them."""

    code: str
    name: str
    cy: pd.DataFrame
    owid: pd.DataFrame
    events: pd.DataFrame
    all_events: pd.DataFrame
    timeline_all: pd.DataFrame
    preliminary: pd.DataFrame
    civilians: pd.DataFrame
    dyads: pd.DataFrame
    conflicts: pd.DataFrame
    timeline: pd.DataFrame
    turns: pd.DataFrame
    mapping: pd.DataFrame
    displacement: pd.DataFrame
    indicators: pd.DataFrame

    @cached_property
    def russia(self) -> dict | None:
        """The before/after comparison at the arrival of Russian forces (computed once)."""
        return _russia_comparison(self)


def context(params: dict) -> CountryProfileContext:
    """Load and filter everything the report needs."""
    code = params["country"]
    start, end, (first_year, last_year) = common.period(params)
    cy = data.fatalities(code)
    events = data.events(code, source=params.get("event_source", "ucdp"))
    in_period = events[(events["date"] >= start) & (events["date"] <= end)]
    return CountryProfileContext(
        params=params,
        code=code,
        name=countries.name(code),
        cy=cy[cy["year"].between(first_year, last_year)],
        owid=data.owid_deaths(code),
        events=in_period[~in_period["preliminary"]],
        all_events=events,
        timeline_all=data.timeline(),
        preliminary=in_period[in_period["preliminary"]],
        civilians=data.civilian_killings(code),
        dyads=data.dyads(code),
        conflicts=data.conflicts(code),
        timeline=data.timeline(code),
        turns=common.turns(code),
        mapping=data.actor_families(),
        displacement=data.displacement(code),
        indicators=data.indicators(countries=code),
    )


HEADING = "{name}: security profile, {first}–{last}"


def title(ctx: CountryProfileContext) -> Markdown:
    """Return the report heading."""
    return Markdown(f"# {common.heading(ctx, HEADING)}")


def summary(ctx: CountryProfileContext):
    """Page 1: three computed sentences (deaths, the latest year, displacement) and a chart."""
    first, last = ctx.years
    name = ctx.name
    cy = ctx.cy
    lines = []
    totals = metrics.violence.yearly_totals(cy) if len(cy) else pd.DataFrame()
    if len(totals):
        peak = totals.loc[totals["deaths_best"].idxmax()]
        lines.append(f"UCDP counts {fmt_int(totals['deaths_best'].sum())} deaths in organised "
                     f"violence in {name} in {int(totals['year'].min())}–"
                     f"{int(totals['year'].max())}; the deadliest year was {int(peak['year'])} "
                     f"({fmt_int(peak['deaths_best'])}).")
        if len(totals) >= 2:
            latest, previous = totals.iloc[-1], totals.iloc[-2]
            lines.append(narrative.describe_change(
                "Deaths", latest["deaths_best"], previous["deaths_best"],
                str(int(latest["year"])), str(int(previous["year"]))).rstrip(".")
                + " (UCDP's latest country-year).")
    else:
        lines.append(f"UCDP records no organised violence in {name} in {first}–{last}.")
    disp = ctx.displacement
    years = disp.loc[disp["origin_iso3"] == ctx.code, "year"]
    if len(years):
        year = int(min(years.max(), last))
        abroad, idps = common.displacement_totals(disp, [ctx.code], year)
        lines.append(f"At the end of {year}: {fmt_int(abroad)} refugees and asylum-seekers "
                     f"from {name} abroad (UNHCR) and {fmt_int(idps)} people displaced inside "
                     f"it (IDMC{_idp_staleness(ctx, year)}).")
    chart = deaths_by_type_chart(ctx, height=HEADLINE_HEIGHT).output
    return (common.summary(lines[:3], common.page_one_data_age(ctx, TABLES_READ)), chart)


HEADLINE_HEIGHT = 3.3  # inches: page 1 holds the chart, three sentences and the key findings


def export_tables(ctx: CountryProfileContext) -> None:
    """Write the tables shown in the report to the render's Excel download."""
    common.export_tables(common.heading(ctx, HEADING))


def coverage_note(ctx: CountryProfileContext) -> Markdown:
    """Say which source covers which part of the period."""
    return common.coverage_note(ctx.params["start"], ctx.params["end"], ctx.code)


def key_findings(ctx: CountryProfileContext) -> Markdown:
    """Return the key findings computed from the data (the totals are in the summary above)."""
    lines = []
    latest_change = _latest_year_sentence(ctx)
    if latest_change:
        lines.append(latest_change)
    civilians = _civilians_sentence(ctx)
    if civilians:
        lines.append(civilians)
    deadliest = _deadliest_sentence(ctx)
    if deadliest:
        lines.append(deadliest)
    russia = _russia_sentence(ctx)
    if russia is not None:
        lines.append(russia)
    if not lines:
        lines.append(f"No organised violence is recorded for {ctx.name} in this period.")
    return narrative.key_findings(lines[:8])


def _latest_year_sentence(ctx: CountryProfileContext) -> str | None:
    """The change in OWID's latest year, beside ACLED's when the user has ACLED and it differs.

    Without a second source the sentence says the figure is preliminary and from one source.
    """
    owid = ctx.owid
    if owid.empty:
        return None
    year = int(min(owid["year"].max(), ctx.years[1]))
    if len(ctx.cy) and year <= int(ctx.cy["year"].max()):
        return None
    current = owid.loc[owid["year"] == year, "deaths_best"].sum()
    previous = owid.loc[owid["year"] == year - 1, "deaths_best"].sum()
    sentence = narrative.describe_change(
        "In OWID's UCDP-based series (active conflicts only), deaths", current, previous,
        str(year), str(year - 1)).rstrip(".")
    acled = _acled_change(ctx.code, year)
    if acled is None:
        return (sentence + f". The {year} figure is preliminary and from one source: no second "
                "source covers it here (ACLED only with the user's own ACLED files).")
    acled_now, acled_before = acled
    owid_up, acled_up = current - previous, acled_now - acled_before
    acled_text = narrative.describe_change("ACLED's reported fatalities", acled_now,
                                           acled_before, str(year), str(year - 1))
    if owid_up * acled_up < 0:
        return (sentence + f". The sources disagree: {acled_text[0].lower()}{acled_text[1:]} "
                "(the user's ACLED file; different definitions).")
    return sentence + f"; ACLED points the same way: {acled_text[0].lower()}{acled_text[1:]}"


def _acled_change(code: str, year: int) -> tuple[float, float] | None:
    """Return ACLED's (fatalities in `year`, in the year before) from the user's files."""
    table, _ = _acled_country_year()
    if table is None:
        return None
    own = table[table["country_iso3"] == code].groupby("year")["fatalities"].sum()
    if year not in own.index or year - 1 not in own.index:
        return None
    return float(own[year]), float(own[year - 1])


def _civilians_sentence(ctx: CountryProfileContext) -> str | None:
    """Who killed civilians: one-sided shares, civilians killed in battles, the largest massacre.

    The largest massacre is the event with the most civilians killed whatever UCDP's type, so a
    battle-coded massacre (Moura, March 2022) is never left out by construction.
    """
    civ = ctx.civilians[ctx.civilians["year"].between(*ctx.years)]
    parts = []
    if civ["deaths_best"].sum() > 0:
        government = civ.loc[civ["perpetrator"] == "government", "deaths_best"].sum()
        parts.append(
            f"Who killed civilians (UCDP): government forces (national or foreign) killed "
            f"{fmt_int(government)} of the {fmt_int(civ['deaths_best'].sum())} civilians killed "
            f"in one-sided violence in "
            f"{common.span(int(civ['year'].min()), int(civ['year'].max()))} "
            f"({fmt_pct(government / civ['deaths_best'].sum())}; country-year)")
    battles = metrics.civilians.battle_civilians(ctx.events, ctx.mapping) if len(
        ctx.events) else pd.Series(dtype=float)
    if battles.sum() > 0:
        parts.append(
            f"a further {fmt_int(battles.sum())} civilians died in battles involving government "
            f"forces in {common.span(battles.index.min().year, battles.index.max().year)} "
            "(final GED events), which UCDP attributes to neither side")
    massacre = _largest_massacre(ctx)
    if massacre:
        parts.append(massacre)
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _largest_massacre(ctx: CountryProfileContext) -> str | None:
    """Describe the event with the most civilians killed, with its published tolls."""
    events = ctx.events
    if events.empty or events["deaths_civilians"].max() <= 0:
        return None
    top = events.loc[events["deaths_civilians"].idxmax()]
    coded = {"one_sided": f"one-sided violence by {top['side_a']}",
             "state_based": f"a battle ({top['side_a']} – {top['side_b']})",
             "non_state": f"non-state fighting ({top['side_a']} – {top['side_b']})"}[
        top["violence_type"]]
    text = (f"the largest massacre in the event data, {top['place']} ({top['admin1']}), "
            f"{top['date']:%-d %B %Y}, is coded as {coded}: "
            f"{fmt_int(top['deaths_civilians'])} civilians among "
            f"{fmt_int(top['deaths_best'])} deaths (UCDP GED {top['event_id']})")
    tolls = major_events.major_events([ctx.code], top["date"] - pd.Timedelta(days=7),
                                      top["date"] + pd.Timedelta(days=7))
    tolls = tolls[tolls["ucdp_event_id"] == top["event_id"]]
    if len(tolls):
        highest = tolls.loc[tolls["killed_low"].idxmax()]
        text += f"; {highest['publisher']} found {highest['toll']} killed"
    return tables.display_name(text)


def _no_events(ctx: CountryProfileContext, message: str) -> HTML:
    """The note for an event section with no events: no data shipped, or none in the period.

    Without shipped final events the data coverage note says why and how to add them once;
    each section then says so in one line.
    """
    if not common.has_final_events(ctx.code):
        return common.missing(_NO_FINAL_EVENTS.format(name=ctx.name))
    return common.missing(message)


_NO_FINAL_EVENTS = ("Not shown: the package ships no final UCDP GED events for {name} (see the "
                    "data coverage note for why and how to add them).")


def deaths_by_type_chart(ctx: CountryProfileContext, height: float = 4.2):
    """Yearly deaths by violence type with the timeline and OWID's latest years."""
    if ctx.cy.empty:
        return common.missing("No UCDP country-year figures in this period.")
    fig, ax = new_figure(height)
    plots.bars_by_violence_type(ctx.cy, ax)
    owid = ctx.owid
    extra = owid[(owid["year"] > ctx.cy["year"].max()) & (owid["year"] <= ctx.years[1])]
    if len(extra):
        ax.scatter(extra["year"], extra["deaths_best"], marker="D", facecolor="white",
                   edgecolor="black", zorder=6, label="OWID total (different method)")
        ax.set_xlim(ax.get_xlim()[0], extra["year"].max() + 0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx.turns, yearly=True)
    plots.finish(ax, f"Deaths in organised violence in {ctx.name}, by type",
                 "Deaths per year (best estimate)",
                 f"{common.SRC_UCDP_CY}; diamonds: {common.SRC_OWID}; {common.SRC_TIMELINE}.")
    return common.figure(fig)


def deaths_table(ctx: CountryProfileContext) -> HTML:
    """Yearly deaths by type, total, range and change."""
    if ctx.cy.empty:
        return common.missing("No UCDP country-year figures in this period.")
    pivot = ctx.cy.pivot_table(index="year", columns="violence_type", values="deaths_best",
                                  aggfunc="sum").reset_index()
    totals = metrics.violence.yearly_totals(ctx.cy)
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
        download={"year": "text", "state_based": "int", "non_state": "int", "one_sided": "int",
                  "deaths_best": "int", "deaths_low": "int", "deaths_high": "int",
                  "change": "signed_pct"},
        download_headers={"deaths_low": "Low (deaths)", "deaths_high": "High (deaths)"},
    )


def monthly_chart(ctx: CountryProfileContext):
    """Monthly deaths from final GED events with a 12-month rolling sum and the timeline."""
    events = ctx.events
    if events.empty:
        return _no_events(ctx, "No final UCDP GED events in this period: monthly detail is "
                               f"only available up to {common.candidate_months()[0]:%B %Y}.")
    series = metrics.violence.event_series(events, "month", by=())
    series = metrics.violence.rolling_sum(series, 12, by=())
    fig, ax = new_figure(3.8)
    ax.bar(series["period"], series["deaths_best"], width=25, color="#8FB8D8",
           label="Deaths per month")
    ax.plot(series["period"], series["deaths_best_roll12"] / 12, color="#0072B2",
            linewidth=1.6, label="12-month average")
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx.turns)
    plots.finish(ax, f"Monthly deaths in {ctx.name} (UCDP GED events)",
                 "Deaths per month (best estimate)", f"{common.SRC_GED}; {common.SRC_TIMELINE}.")
    return common.figure(fig)


UCDP_GOVERNMENT_NAMES = {"CIV": "Ivory Coast"}  # where UCDP's name differs from ours


def armed_groups_table(ctx: CountryProfileContext) -> HTML:
    """The armed groups fighting the state each year, and non-state dyads."""
    dyads = ctx.dyads[ctx.dyads["year"].between(*ctx.years)]
    if dyads.empty:
        return common.missing("UCDP lists no active dyad in this period.")
    rows = []
    acd = ctx.conflicts
    own = f"Government of {UCDP_GOVERNMENT_NAMES.get(ctx.code, ctx.name)}"
    for year, part in dyads.groupby("year"):
        state = [d for d in part.loc[part["violence_type"] == "state_based", "dyad_name"]
                 if " - " in d]
        opponents = sorted({d.split(" - ", 1)[1] for d in state if own in d.split(" - ", 1)[0]})
        others = sorted({d.replace(" - ", " – ") for d in state
                         if own not in d.split(" - ", 1)[0]})
        fights = acd[(acd["year"] == year) & acd["side_a"].str.contains(own, regex=False)]
        text = ", ".join(opponents) or "–"
        if others:
            text += "; on its territory also: " + ", ".join(others)
        rows.append({
            "year": str(year),
            "opponents": text,
            "intensity": ("war (≥1,000)" if (fights["intensity_level"] == 2).any()
                          else ("minor" if len(fights) or opponents else "–")),
            "non_state": int((part["violence_type"] == "non_state").sum()),
            "one_sided": ", ".join(sorted({name.strip() for d in part.loc[
                part["violence_type"] == "one_sided", "dyad_name"]
                for name in d.split(" - ")[0].split(", ")})) or "–",
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


def _idp_staleness(ctx: CountryProfileContext, year: int) -> str:
    """Return "; the same figure since end-2023, not updated" when IDMC's stock did not move."""
    disp = ctx.displacement
    idps = metrics.displacement.idps(disp[disp["origin_iso3"] == ctx.code])
    if idps.empty:
        return ""
    since = metrics.displacement.unchanged_since(idps, "idps_idmc")
    value = since[idps["year"] == year]
    if value.empty or pd.isna(value.iloc[0]):
        return ""
    return f"; the same figure since end-{int(value.iloc[0])}, so most likely not updated"


def _deadliest_sentence(ctx: CountryProfileContext) -> str | None:
    events = ctx.events
    if events.empty:
        return None
    deadliest = metrics.violence.deadliest_events(events, 2)
    top = deadliest.iloc[0]
    if top["event_id"] == events.loc[events["deaths_civilians"].idxmax(), "event_id"] and \
            top["deaths_civilians"] > 0:
        return (f"The largest massacre is also the deadliest event in the final event data of "
                f"the period ({fmt_int(top['deaths_best'])} deaths); the table of major events "
                "puts UCDP's count beside the published tolls.")
    tied = (f" (tied with {deadliest.iloc[1]['place']}, {deadliest.iloc[1]['date']:%d %B %Y})"
            if len(deadliest) > 1 and deadliest.iloc[1]["deaths_best"] == top["deaths_best"]
            else "")
    civilians = (f", {fmt_int(top['deaths_civilians'])} of them civilians"
                 if top["deaths_civilians"] else "")
    return tables.display_name(
        f"The deadliest event in the final event data of the period: {top['place']} "
        f"({top['admin1']}), {top['date']:%d %B %Y}, {top['side_a']} – {top['side_b']}: "
        f"{fmt_int(top['deaths_best'])} deaths{civilians} (UCDP GED {top['event_id']})"
        f"{tied}.")


def _russia_comparison(ctx: CountryProfileContext) -> dict | None:
    """The one answer to "civilians killed by whom, before and after Russian forces arrived".

    Equal 12-month windows from the month of arrival (final GED events) where the events cover
    them; else UCDP country-year figures with the years stated and the arrival year apart.
    Read it as ``ctx.russia``, which computes it once per context.
    """
    arrival = common.russian_arrival(ctx.code)
    result = None
    if arrival is not None:
        when = arrival["date"]
        table = metrics.civilians.state_side_before_after(
            ctx.all_events, ctx.mapping, when, RUSSIA_WINDOW_MONTHS, country=ctx.code)
        if table["covered"].all():
            result = {"arrival": arrival, "basis": "events", "table": table}
        else:
            result = {"arrival": arrival, "basis": "country-year",
                      "table": _russia_yearly(ctx, when.year)}
    return result


def _russia_yearly(ctx: CountryProfileContext, year: int) -> pd.DataFrame:
    civ = ctx.civilians.rename(columns={"perpetrator": "violence_type"})
    rows = []
    for perpetrator, label in (("government", "Government forces, national or foreign (one-sided)"),
                               ("non_state_group", "Non-state armed groups (one-sided)")):
        part = civ[civ["violence_type"] == perpetrator]
        table = metrics.windows.before_after_yearly(part, year, 1, countries=[ctx.code])
        rows.append(table.assign(group=label))
    return pd.concat(rows, ignore_index=True)


def _window_label(row) -> str:
    return (f"{row['before_start']:%b %Y}–{row['before_end']:%b %Y} vs "
            f"{row['after_start']:%b %Y}–{row['after_end']:%b %Y}")


def _russia_sentence(ctx: CountryProfileContext) -> str | None:
    comparison = ctx.russia
    if comparison is None:
        return None
    arrival, table = comparison["arrival"], comparison["table"]
    head = f"Russian forces arrived in {arrival['date']:%B %Y} ({arrival['title']})"
    if comparison["basis"] == "events":
        state, battle = table.iloc[0], table.iloc[1]
        window = _window_label(state)
        return (f"{head}. In the 12 months from that month, UCDP records "
                f"{fmt_int(state['deaths_after'])} civilians killed by government forces in "
                f"one-sided violence, against {fmt_int(state['deaths_before'])} in the 12 "
                f"months before, and {fmt_int(battle['deaths_after'])} against "
                f"{fmt_int(battle['deaths_before'])} killed in battles involving government forces "
                f"(perpetrator not known) — windows {window}, UCDP GED events. A comparison, "
                "not a cause.")
    gov = table.iloc[0]
    after = ("not yet in the data" if pd.isna(gov["deaths_after"])
             else fmt_int(gov["deaths_after"]))
    turn = gov["deaths_turn_year"]
    turn_text = "–" if pd.isna(turn) else fmt_int(turn)
    return (f"{head}. Event data do not cover 12 months on both sides; UCDP's country-year "
            "figures give civilians killed by government forces (national or foreign; "
            "one-sided) of "
            f"{fmt_int(_yearly_value(ctx, 'government', gov['turn_year'] - 1))} in "
            f"{gov['turn_year'] - 1}, {turn_text} in {gov['turn_year']} (the year of arrival) "
            f"and {after} for {gov['after_years']}. A comparison, not a cause.")


def _yearly_value(ctx: CountryProfileContext, perpetrator: str, year: int) -> float:
    civ = ctx.civilians
    part = civ[(civ["perpetrator"] == perpetrator) & (civ["year"] == year)]
    return float(part["deaths_best"].sum()) if len(part) else float("nan")


def civilian_chart(ctx: CountryProfileContext):
    """Civilians killed per year: by government forces, in battles with them, by armed groups."""
    events = ctx.events
    if events.empty:
        return _no_events(ctx, "No final UCDP GED events in this period: civilian harm by "
                              "perpetrator is shown from event data only.")
    table = metrics.civilians.civilian_deaths(events, ctx.mapping, "year")
    table["year"] = table["period"].dt.year
    years = range(int(table["year"].min()), int(table["year"].max()) + 1)

    def one_sided(mask: pd.Series) -> pd.Series:
        chosen = table[mask & (table["attribution"] == "one_sided")]
        return chosen.groupby("year")["civilians_best"].sum().reindex(years, fill_value=0)

    battles = metrics.civilians.battle_civilians(events, ctx.mapping)
    series = {
        "By government forces (national or foreign), one-sided":
            (one_sided(table["family"].isin(metrics.civilians.STATE_SIDE)), "#009E73", None),
        "In battles involving government forces (perpetrator not known)":
            (pd.Series(battles.to_numpy(), index=battles.index.year).reindex(
                years, fill_value=0), "#8FD1B8", "//"),
        "By jihadist groups, one-sided":
            (one_sided(table["family"].isin(actor_metrics.JIHADIST)), "#0072B2", None),
        "By pro-government militias, one-sided":
            (one_sided(table["family"] == "militias"), "#E69F00", None),
    }
    fig, ax = new_figure(3.8)
    width = 0.8 / len(series)
    for i, (label, (per_year, color, hatch)) in enumerate(series.items()):
        ax.bar(per_year.index - 0.4 + width * (i + 0.5), per_year.values, width=width,
               color=color, hatch=hatch, edgecolor="white", label=label)
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2, frameon=False, fontsize=7)
    plots.add_timeline(ax, ctx.turns, categories=("russia", "coup"), yearly=True)
    plots.finish(ax, f"Civilians killed in {ctx.name}, by attribution",
                 "Civilians killed per year (best estimate)",
                 f"{common.SRC_GED}. Battle deaths of civilians are not attributed to a side "
                 "by UCDP; the bars are not stacked and must not be added.")
    return common.figure(fig)


def russia_before_after(ctx: CountryProfileContext):
    """Civilians killed by whom in equal windows before and after Russian forces arrived."""
    comparison = ctx.russia
    if comparison is None:
        return common.missing(f"No deployment of Russian forces to {ctx.name} is in the "
                              "timeline.")
    arrival, table = comparison["arrival"], comparison["table"]
    caption = (f"Civilians killed before and after: {arrival['title']} "
               f"({metrics.windows.turn_date(arrival)})")
    if comparison["basis"] == "events":
        window = table.iloc[0]
        frame = table.assign(change=(table["deaths_after"] - table["deaths_before"])
                             / table["deaths_before"].where(table["deaths_before"] > 0))
        return tables.show(
            frame, {"group": "text", "deaths_before": "int", "deaths_after": "int",
                    "change": "signed_pct"},
            {"group": "Civilians killed",
             "deaths_before": f"{window['before_start']:%b %Y}–{window['before_end']:%b %Y} "
                              "(civilians)",
             "deaths_after": f"{window['after_start']:%b %Y}–{window['after_end']:%b %Y} "
                             "(civilians)",
             "change": "Change (%)"},
            caption=caption + ": two 12-month windows, the month of arrival counted after",
            source=f"{common.SRC_GED}. Russian personnel fighting with the army are coded as "
                   "government forces in the final GED unless UCDP names Russia as a side. "
                   "Rows overlap and are not added; a comparison, not a cause.")
    first = table.iloc[0]
    return tables.show(
        table, {"group": "text", "deaths_before": "int", "deaths_turn_year": "int",
                "deaths_after": "int"},
        {"group": "Civilians killed in one-sided violence",
         "deaths_before": f"{first['before_years']} (civilians)",
         "deaths_turn_year": f"{first['turn_year']}, year of arrival (civilians)",
         "deaths_after": f"{first['after_years']} (civilians)"},
        caption=caption + ": event data do not cover 12 months on both sides, so UCDP "
                "country-year figures are shown, the year of arrival apart",
        source=f"{common.SRC_UCDP_CY}. Country-year data cover {common.yearly_coverage()}; a "
               "missing year shows as –. Civilians killed in battles are not in these figures.")


VICTIM_ORDER = ("state_forces", "russian_forces", "militias", "jnim_precursors", "jnim",
                "islamic_state", "other_jihadist", "other_fighters", "civilians", "unknown")


def deaths_by_victim_chart(ctx: CountryProfileContext):
    """Stacked yearly deaths by who was killed: each side's fighters, civilians, unknown."""
    events = ctx.events
    if events.empty:
        return _no_events(ctx, "No final GED events in this period.")
    table = actor_metrics.deaths_by_victim(events, ctx.mapping, "year")
    table["year"] = table["period"].dt.year
    table["victim"] = table["victim"].where(table["victim"].isin(VICTIM_ORDER), "other_fighters")
    pivot = table.pivot_table(index="year", columns="victim", values="deaths", aggfunc="sum",
                              fill_value=0)
    colors = {**FAMILY_COLORS, "civilians": "#CC79A7", "unknown": "#BBBBBB",
              "other_fighters": "#777777"}
    labels = {"state_forces": "State forces", "russian_forces": "Russian forces",
              "militias": "Pro-government militias", "jnim_precursors": "JNIM's founders "
              "(before Mar 2017)", "jnim": "JNIM", "islamic_state": "Islamic State",
              "other_jihadist": "Other jihadist groups", "other_fighters": "Other armed groups",
              "civilians": "Civilians", "unknown": "Status unknown"}
    fig, ax = new_figure(4.2)
    bottom = pd.Series(0.0, index=pivot.index)
    for victim in [v for v in VICTIM_ORDER if v in pivot.columns]:
        ax.bar(pivot.index, pivot[victim], bottom=bottom, width=0.8, color=colors.get(victim),
               label=labels[victim], edgecolor="white", linewidth=0.3)
        bottom += pivot[victim]
    plots.theme.thousands(ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, frameon=False, fontsize=7,
              title="Killed (fighters of each side, civilians, unknown):", title_fontsize=7,
              alignment="left")
    plots.add_timeline(ax, ctx.turns, categories=("coup", "russia", "foreign_forces"),
                       yearly=True, max_lanes=4)
    plots.finish(ax, f"Who was killed in {ctx.name}", "Deaths per year (best estimate)",
                 f"{common.SRC_GED}; UCDP's deaths_a, deaths_b, deaths_civilians and "
                 "deaths_unknown; actor families: sahel_analysis mapping (sourced). The layers "
                 "add up to all deaths; each side's fighters are its own losses.")
    return common.figure(fig)


def deadliest_events_table(ctx: CountryProfileContext) -> HTML:
    """The deadliest events of the period with place, sides and deaths (UCDP GED)."""
    events = pd.concat([ctx.events, ctx.preliminary])
    final_shipped = common.has_final_events(ctx.code)
    if events.empty:
        if not final_shipped:
            return common.missing(_NO_FINAL_EVENTS.format(name=ctx.name))
        return common.missing("No UCDP GED events in this period.")
    table = metrics.violence.deadliest_events(events, 10)
    table["sides"] = table["side_a"] + " – " + table["side_b"]
    table["type"] = table["violence_type"].map(VIOLENCE_LABELS) + table["preliminary"].map(
        {True: " (preliminary)", False: ""})
    caption = (f"Deadliest events in {ctx.name} in the event data of the period "
               f"({events['date'].min():%b %Y}–{events['date'].max():%b %Y}"
               f"{common.final_gap_phrase(ctx.end)})")
    if not final_shipped:
        months = sorted(events["date"].dt.strftime("%b %Y").unique(),
                        key=lambda m: pd.Timestamp(m))
        caption += (": preliminary UCDP Candidate events only, in the few months the shipped "
                    f"releases cover ({', '.join(months)}) — not a full record")
    shown = tables.show(
        table, {"date": "date", "place": "text", "admin1": "text", "sides": "text",
                "type": "text", "deaths_civilians": "int", "deaths_best": "int"},
        {"date": "Date", "place": "Place (UCDP)", "admin1": "Region", "sides": "Sides",
         "type": "Type", "deaths_civilians": "Civilians killed", "deaths_best": "All deaths"},
        caption=caption,
        source="UCDP " + ", ".join(sorted(events["source_version"].unique()))
               + " (CC BY 4.0). Event ids in the download.")
    return shown


def _event_gap_phrase() -> str:
    """Say which months no event data cover: "final GED ends in Dec 2023, so events of …"."""
    final, first, last = common.candidate_months()
    if pd.isna(first) or first <= final + pd.DateOffset(months=1):
        return f"final GED ends in {final:%b %Y}"
    gap = (final + pd.DateOffset(months=1), first - pd.DateOffset(months=1))
    candidate = f"{first:%b %Y}" if first == last else f"{first:%b %Y}–{last:%b %Y}"
    return (f"final GED ends in {final:%b %Y} and only preliminary Candidate events of "
            f"{candidate} follow, so events of {gap[0]:%b %Y}–{gap[1]:%b %Y} cannot appear")


def major_events_table(ctx: CountryProfileContext) -> HTML:
    """The major events of the period: UCDP's count beside the tolls others published."""
    shown = major_events.table([ctx.code], ctx.start, ctx.end,
                               caption=f"Major events in {ctx.name}: UCDP's count beside the "
                                       "published tolls")
    if shown is None:
        return common.missing(f"No major event of {ctx.name} in this period has a published "
                              "toll in the package's list (data/published_tolls.csv).")
    return shown


VIOLENCE_LABELS = {"state_based": "state-based", "non_state": "non-state",
                   "one_sided": "one-sided"}


def windows(ctx: CountryProfileContext) -> tuple:
    """Deaths in equal 12-month windows before and after each of the country's turns."""
    turns = metrics.windows.turns_in_scope(ctx.timeline_all, ctx.code)
    turns = turns[(turns["date"] >= ctx.start) & (turns["date"] <= ctx.end)]
    if turns.empty:
        note = common.missing(f"The timeline holds no turn for {ctx.name} in this period "
                              "that a before/after of deaths could describe.")
        return note, HTML("")
    table = metrics.windows.turn_windows(ctx.all_events, turns, WINDOW_MONTHS,
                                         countries=[ctx.code])
    chart = _windows_chart(ctx, table)
    table = _merge_uncovered_by_year(table)
    totals = data.fatalities(ctx.code).groupby("year")["deaths_best"].sum()
    cells = [_window_cells(row, totals) for _, row in table.iterrows()]
    table = table.assign(**{key: [c[key] for c in cells] for key in cells[0]}) if cells else \
        table.assign(windows="", before="", after="", ratio_text="")
    html = tables.show(
        table, {"turns": "text", "windows": "text", "before": "text", "after": "text",
                "ratio_text": "text"},
        {"turns": "Turn(s)", "windows": "Windows: before | after (12 months each)",
         "before": "Deaths before, best (UCDP low–high)",
         "after": "Deaths after, best (UCDP low–high)",
         "ratio_text": "After ÷ before (95% interval, events resampled)"},
        download=WINDOW_DOWNLOAD, download_headers=WINDOW_DOWNLOAD_HEADERS,
        source="The after window starts on the first day of the turn's month; turns in the same "
               "month share a row. Intervals resample events, so a few large massacres widen "
               "them. Where event data (final GED to "
               f"{common.candidate_months()[0]:%b %Y}, Candidate "
               f"{common.candidate_months()[2]:%b %Y}) do not cover both windows, UCDP's "
               "country-year deaths are given instead (turns of one year share a row), the "
               "turn's year apart; they come from "
               f"{common.source_lines()['SRC_UCDP_CY']}, whose yearly totals differ slightly "
               "from the final GED events (a later release, revised coding). A comparison, not "
               "a cause.")
    return chart, html


def _windows_chart(ctx: CountryProfileContext, table: pd.DataFrame):
    """The ratio chart of the covered turns, or a one-line note when event data cover none."""
    drawn = int((table["covered"] & table["ratio"].notna()).sum())
    if not drawn:
        return common.missing(f"No turn of {ctx.name} in this period has event data for both "
                              "12-month windows: the table gives UCDP's country-year deaths.")
    fig, ax = new_figure(min(4.6, 0.2 * max(3, drawn) + 1.0))
    plots.window_chart(table, ax)
    plots.finish(ax, f"Deaths in the 12 months from each turn vs the 12 months before, "
                     f"{ctx.name}", "",
                 f"{common.SRC_GED}; {common.SRC_CANDIDATE}.")
    return common.figure(fig)


WINDOW_DOWNLOAD = {"turns": "text", "before_start": "month", "before_end": "month",
                   "after_start": "month", "after_end": "month", "deaths_before": "int",
                   "deaths_before_low": "int", "deaths_before_high": "int",
                   "deaths_after": "int", "deaths_after_low": "int", "deaths_after_high": "int",
                   "ratio": "float2", "ratio_low": "float2", "ratio_high": "float2",
                   "before": "text", "after": "text"}
WINDOW_DOWNLOAD_HEADERS = {
    "before_start": "Before: first month", "before_end": "Before: last month",
    "after_start": "After: first month", "after_end": "After: last month",
    **common.WINDOW_DEATH_HEADERS, "ratio": "After ÷ before",
    "ratio_low": "After ÷ before, 95% interval (low)",
    "ratio_high": "After ÷ before, 95% interval (high)",
    "before": "Before, as shown", "after": "After, as shown"}


def _merge_uncovered_by_year(table: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar year for the turns the event data do not cover (same figures)."""
    covered = table[table["covered"]]
    uncovered = table[~table["covered"]]
    if uncovered.empty:
        return table
    merged = (uncovered.assign(_year=uncovered["first_turn"].dt.year)
              .groupby("_year", as_index=False)
              .agg(turns=("turns", "; ".join), first_turn=("first_turn", "min"),
                   covered=("covered", "first")))
    return pd.concat([covered, merged.drop(columns="_year")], ignore_index=True).sort_values(
        "first_turn", kind="stable").reset_index(drop=True)


def _window_cells(row, totals: pd.Series) -> dict[str, str]:
    """Table cells of one turn row: windows, deaths with UCDP's range, ratio with interval.

    `totals` are UCDP's country-year deaths, used where the events do not cover the row.
    """
    if row["covered"]:
        return {
            "windows": (f"{row['before_start']:%b %Y}–{row['before_end']:%b %Y} | "
                        f"{row['after_start']:%b %Y}–{row['after_end']:%b %Y}"),
            "before": f"{fmt_int(row['deaths_before'])} "
                      f"({_range(row['deaths_before_low'], row['deaths_before_high'])})",
            "after": f"{fmt_int(row['deaths_after'])} "
                     f"({_range(row['deaths_after_low'], row['deaths_after_high'])})",
            "ratio_text": (f"{tables.fmt_float(row['ratio'], 2)} "
                           f"({_range(row['ratio_low'], row['ratio_high'], 'float2')})"
                           if row["deaths_before"] else "no deaths before: no ratio"),
        }
    year = row["first_turn"].year

    def value(y: int) -> str:
        return fmt_int(totals[y]) if y in totals.index else "not in the data"

    return {
        "windows": f"not covered by event data; calendar years {year - 1} | {year} | {year + 1}",
        "before": f"{year - 1}: {value(year - 1)} (country-year)",
        "after": f"{year}, year of the turn: {value(year)}; {year + 1}: {value(year + 1)} "
                 "(country-year)",
        "ratio_text": "–",
    }


def _range(low, high, kind: str = "int") -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    fmt = tables.FORMATTERS[kind]
    return f"{fmt(low)}–{fmt(high)}"


def maps(ctx: CountryProfileContext):
    """Maps of violence by period (final GED events)."""
    events = ctx.events
    if events.empty:
        return _no_events(ctx, "No final UCDP GED events in this period to map.")
    years = sorted(events["year"].unique())
    chunks = _split(years, 4)
    periods = {f"{c[0]}–{c[-1]}" if len(c) > 1 else str(c[0]):
               (pd.Timestamp(f"{c[0]}-01-01"), pd.Timestamp(f"{c[-1]}-12-31")) for c in chunks}
    bounds = data.boundaries()
    shape = bounds[bounds["country_iso3"] == ctx.code].total_bounds
    extent = (shape[0] - MAP_MARGIN_DEGREES, shape[2] + MAP_MARGIN_DEGREES,
              shape[1] - MAP_MARGIN_DEGREES, shape[3] + MAP_MARGIN_DEGREES)
    labels = list(periods)
    charts = []
    for first in range(0, len(labels), 2):  # a figure per row of two maps: each prints at
        row = {label: periods[label] for label in labels[first:first + 2]}  # half the width
        fig, _ = plots.map_small_multiples(events, bounds, row, extent=extent)
        part = "" if len(labels) <= 2 else f" ({first // 2 + 1} of {-(-len(labels) // 2)})"
        fig.suptitle(f"Where people were killed in {ctx.name}, main towns named (dot area ~ "
                     f"deaths){part}", x=0.0, ha="left")
        plots.source_note(fig, f"{common.SRC_GED}; {common.SRC_NE}; towns: data/places.csv.")
        charts.append(common.figure(fig))
    return tuple(charts)


MAP_MARGIN_DEGREES = 0.6


def _split(years: list[int], parts: int) -> list[list[int]]:
    parts = min(parts, len(years))
    size = -(-len(years) // parts)
    return [years[i:i + size] for i in range(0, len(years), size)]


def displacement_chart(ctx: CountryProfileContext):
    """People displaced from the country: refugees/asylum-seekers abroad, IDPs (two sources)."""
    disp = ctx.displacement
    disp = disp[disp["year"].between(*ctx.years)]
    origin = disp[(disp["origin_iso3"] == ctx.code) & (disp["host_iso3"] != ctx.code)]
    abroad = origin[origin["measure"].isin(["refugees", "asylum_seekers"])].groupby(
        "year")["value"].sum()
    idps = metrics.displacement.idps(disp[disp["origin_iso3"] == ctx.code])
    if abroad.empty and idps.empty:
        return common.missing("No displacement figures for this country and period.")
    fig, ax = new_figure(3.6)
    if len(abroad):  # end-of-year stocks sit at 31 December, not mid-year
        ax.plot(plots.series.end_of_year(abroad.index), abroad.values, color="#D55E00",
                marker="o", markersize=3, label="Refugees and asylum-seekers abroad (UNHCR)")
    for column, label, style in (("idps_idmc", "IDPs, conflict (IDMC)", "-"),
                                 ("idps_unhcr", "IDPs assisted by UNHCR", "--")):
        if column in idps and idps[column].notna().any():
            ax.plot(plots.series.end_of_year(idps["year"]), idps[column], color="#0072B2",
                    linestyle=style, marker="s", markersize=3, label=label)
    plots.theme.thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=2, frameon=False)
    plots.add_timeline(ax, ctx.turns, categories=("coup", "russia"), yearly=True)
    plots.finish(ax, f"People displaced from {ctx.name} (end-year stocks)", "People",
                 f"{common.SRC_UNHCR}; {common.SRC_IDMC}. IDMC and UNHCR IDP figures are "
                 "different concepts and are not added.",
                 xlabel="Year (stocks at 31 December)")
    return common.figure(fig)


def hosted_table(ctx: CountryProfileContext) -> HTML:
    """Refugees and asylum-seekers hosted in the country by origin, latest year."""
    disp = ctx.displacement
    hosted = disp[(disp["host_iso3"] == ctx.code) & (disp["origin_iso3"] != ctx.code)
                  & disp["measure"].isin(["refugees", "asylum_seekers"])]
    hosted = hosted[hosted["year"] <= ctx.years[1]]
    if hosted.empty:
        return common.missing("No refugees or asylum-seekers recorded in this country.")
    year = int(hosted["year"].max())
    table = hosted[hosted["year"] == year].groupby("origin_name", as_index=False)["value"].sum()
    table = table.sort_values("value", ascending=False).head(8)
    return tables.show(table, {"origin_name": "text", "value": "int"},
                       {"origin_name": "Country of origin",
                        "value": f"Refugees and asylum-seekers hosted in {ctx.name}, end "
                                 f"{year} (people)"},
                       source=common.SRC_UNHCR)


def context_table(ctx: CountryProfileContext) -> HTML:
    """Population, GDP per capita and military expenditure for selected years."""
    ind = ctx.indicators
    codes = {"SP.POP.TOTL": ("Population (people)", "int"),
             "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "int"),
             "MS.MIL.XPND.GD.ZS": ("Military expenditure (% of GDP)", "float1"),
             "MS.MIL.XPND.ZS": ("Military expenditure (% of government spending)", "float1"),
             "DT.ODA.ODAT.PC.ZS": ("Net ODA received per capita (current US$)", "float1")}
    years = [y for y in (2012, 2016, 2020, 2022, 2023, 2024) if ctx.years[0] <= y
             <= ctx.years[1]] or [ctx.years[1]]
    rows, values = [], []
    for code, (label, kind) in codes.items():
        series = ind[ind["indicator_code"] == code].set_index("year")["value"]
        row, numbers = {"indicator": label}, {"indicator": label}
        for year in years:
            value = series.get(year)
            row[str(year)] = tables.FORMATTERS[kind](value) if value is not None else "–"
            numbers[f"value_{year}"] = value
        rows.append(row)
        values.append(numbers)
    frame = pd.concat([pd.DataFrame(rows), pd.DataFrame(values).drop(columns="indicator")],
                      axis=1)
    return tables.show(frame, {"indicator": "text", **{str(y): "text" for y in years}},
                       {"indicator": "Indicator"}, source=common.SRC_WDI
                       + " (military expenditure: SIPRI data via the World Bank)",
                       download={"indicator": "text",
                                 **{f"value_{y}": "number" for y in years}},
                       download_headers={f"value_{y}": str(y) for y in years})


def sources_and_method(ctx: CountryProfileContext) -> Markdown:
    """Definitions, caveats and coverage."""
    share = actor_metrics.unmapped_share(ctx.events, ctx.mapping) if len(
        ctx.events) else 0.0
    example = (" — the Moura massacre of March 2022 (UCDP: Mora village, 243 civilians) is "
               "such a battle event" if ctx.code == "MLI" else "")
    final, _, candidate = common.candidate_months()
    return Markdown(f"""
**Definitions.** UCDP counts deaths in *organised violence*: state-based armed conflict (a
government against an armed group or another state), non-state conflict (between organised
groups) and one-sided violence (deliberate killing of civilians by a government or a formally
organised group). Best estimates are used throughout; low and high estimates appear in the
tables. Deaths are attributed to the country where they occurred.

**Caveats.** Reporting from the Sahel is sparse and contested: juntas restrict journalists, so
recent figures are more likely to be revised and may under-count violence by state forces and
their Russian partners. UCDP's final GED for {common.span(final.year + 1, candidate.year - 1)}
was not available offline; events after {final:%B %Y} come only from the {candidate:%B %Y}
Candidate release, which is preliminary. OWID's
series keeps only active conflicts and locates events by coordinates; it is never added to
UCDP's country-year figures. Actor families come from a curated mapping; events whose actors it
does not know are shown as "Other / unmapped" ({fmt_pct(share, 1)} of deaths in this period).

**Choices in this report.** *Who killed civilians*: UCDP names the perpetrator only in one-sided
violence; civilians killed in battles (state-based or non-state events, UCDP's
`deaths_civilians`) are counted apart, under each side of the battle, and never added across
sides{example}. *Government forces* are any government's: national, Russian where UCDP names
Russia, and other foreign forces (as in UCDP's country-year "any government" figures). *Who was
killed*: each side's fighters (`deaths_a`, `deaths_b`), civilians and unknown, which add up to
all deaths; no death is given to the other side. JNIM appears from its founding on 2 March 2017;
before that its founding groups (AQIM, Ansar Dine, al-Murabitun, Katiba Macina) are shown as
they were. *Before and after*: two windows of 12 months each, the after window starting on the
first day of the turn's month (so the turn's month counts as after); turns in one month share a
row; where event data do not cover both windows the row says so and gives UCDP's country-year
figures with the turn's year apart (turns of one year share a row). Intervals resample events
(a cluster bootstrap, 1,000 draws), so a few massacres widen them; low–high are UCDP's own
estimates. Final GED rows win over Candidate rows of the same months, so no event is counted
twice. These comparisons describe
change, not cause.
""")


def provenance(ctx: CountryProfileContext):
    """Parameters, software, sources, licences and data hashes."""
    from sahel_analysis.reports import provenance as prov

    return prov.show(ctx.params, TABLES_READ)


def partners_table(ctx: CountryProfileContext) -> HTML:
    """States fighting beside the government per year (UCDP/PRIO ACD secondary parties)."""
    from sahel_analysis.metrics import partners as partner_metrics

    table = partner_metrics.partner_groups(ctx.conflicts)
    table = table[table["year"].between(*ctx.years)]
    if table.empty:
        return common.missing(f"UCDP/PRIO ACD lists no state-based conflict of the government "
                              f"of {ctx.name} in this period.")
    exit_text = partner_metrics.un_exit_sentence(table, ctx.code)
    table = table.assign(year=table["year"].astype(str))
    shown = tables.show(
        table, {"year": "text", "summary": "text", "states": "int"},
        {"year": "Year", "summary": "States listed beside the government: fighting with their "
                                    "own troops, or a UN mission's troop contributors",
         "states": "States listed (count)"},
        source=f"{common.SRC_ACD}, secondary warring parties on the government's side "
               "(side_a_2nd), pooled over the government's conflicts in the year; years "
               "without a conflict of the government are not listed. "
               + partner_metrics.CAVEAT, name="Partners")
    if exit_text is None:
        return shown
    import html

    return HTML(f'<p>{html.escape(exit_text)}</p>' + shown.data)


def _acled_country_year() -> tuple[pd.DataFrame | None, str]:
    """Return the user's ACLED country-year table (complete years only) and its date, if any.

    ACLED data are read only from the user's own files in the configured mirror
    (``acled_aggregated/``), never shipped; without them the cross-check leaves ACLED out.
    """
    import re

    from sahel_analysis import config
    from sahel_analysis.sources import acled

    mirror = config.mirror_dir()
    if mirror is None:
        return None, ""
    files = acled.SOURCE.files
    paths = [mirror / files[name].path for name in ("country_year_events",
                                                     "country_year_fatalities")]
    if not all(path.is_file() for path in paths):
        return None, ""
    table = acled.country_year(*paths)
    match = re.search(r"as-of-(\d{2}[A-Za-z]{3}\d{4})", paths[1].name)
    as_of = pd.Timestamp(match.group(1)) if match else None
    if as_of is not None:  # the year of the download is incomplete
        table = table[table["year"] < as_of.year]
    return table, (f"{as_of:%d %b %Y}" if as_of is not None else "")


def sources_compared(ctx: CountryProfileContext) -> HTML:
    """Deaths per year in each source side by side, flagging opposite directions of change."""
    from sahel_analysis.metrics import crosscheck

    code = ctx.code
    sources = {
        "UCDP": data.fatalities(code).rename(columns={"deaths_best": "deaths"}),
        "OWID": ctx.owid.rename(columns={"deaths_best": "deaths"}),
    }
    acled_table, as_of = _acled_country_year()
    if acled_table is not None:
        own = acled_table[acled_table["country_iso3"] == code]
        if len(own):
            sources["ACLED"] = own.rename(columns={"fatalities": "deaths"})
    table = crosscheck.side_by_side(sources)
    table = table[table["year"].between(*ctx.years)]
    if table.empty:
        return common.missing("No source has deaths for this country in this period.")
    table = table.assign(year=table["year"].astype(str))
    formats = {"year": "text"}
    headers = {"year": "Year"}
    for label in sources:
        table[f"{label}_change"] = [
            "–" if pd.isna(v) else ("0" if v == 0 else f"{v:+,.0f}".replace("-", "−"))
            for v in table[f"{label}_change"]]
        formats |= {label: "int", f"{label}_change": "text"}
        headers |= {label: label, f"{label}_change": f"{label}: change on year before"}
    formats["note"] = "text"
    headers["note"] = "Sources disagree / figure repeated"
    notes = [f"UCDP: {common.SRC_UCDP_CY} (deaths in organised violence, best estimate); "
             f"OWID: {common.SRC_OWID} (active armed conflicts only)"]
    if "ACLED" in sources:
        notes.append("ACLED: reported fatalities in all ACLED event types, from the user's own "
                     f"ACLED file (as of {as_of}; Source: Armed Conflict Location & Event Data, "
                     "www.acleddata.com; not redistributed)")
    else:
        notes.append("ACLED is shown only when the user's own ACLED aggregated files are in "
                     "the configured mirror (acled_aggregated/)")
    return tables.show(
        table, formats, headers,
        source="; ".join(notes) + ". Levels differ by definition; the note flags years where "
               "the sources moved in opposite directions, and figures identical to the year "
               "before (often not updated).", name="Sources compared", export="ACLED" not in
        sources)


# Every cell function returns a typed Section (its table, figure, text): see reports.sections.
sections.wrap(globals())
