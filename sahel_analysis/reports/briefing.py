"""Sahel briefing: the monthly product a scheduled job sends.

Page 1 names the newest date of each source and its age on the briefing date (a box when one
is older than ``max_data_age``), then leads with the newest month any source covers —
preliminary when only UCDP Candidate data cover it — compared only with earlier months of the
same source; then the checked month (final GED) against the month before, a year earlier and
the 12-month mean. Months far below their own 12-month mean are flagged as possibly
incompletely coded. Month logic: :mod:`sahel_analysis.metrics.monthly`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.metrics import monthly
from sahel_analysis.plots.theme import COUNTRY_COLORS, FIG_WIDTH, VIOLENCE_LABELS, thousands
from sahel_analysis.reports import common, sections
from sahel_analysis.tables import fmt_int, fmt_signed_pct

TABLES_READ = ["events", "timeline", "displacement", "boundaries", "places"]
HISTORY_MONTHS = 24
MEAN_MONTHS = monthly.MEAN_MONTHS
DEADLIEST = 8
MAP_EXTENT = (-12.5, 16.5, 8.5, 24.0)

latest_full_month = monthly.latest_full_month
windows = monthly.windows


def covered_months(events: pd.DataFrame) -> set[pd.Timestamp]:
    """First days of the months the events cover (:func:`metrics.windows.covered_months`)."""
    return {month.to_timestamp() for month in metrics.windows.covered_months(events)}


def comparison_month(as_of: pd.Timestamp, events: pd.DataFrame) -> pd.Timestamp | None:
    """Return the checked month: the newest final-GED month with the 12 months before it."""
    return monthly.checked_month(events, as_of)


def monthly_comparison(events: pd.DataFrame, month: pd.Timestamp,
                       codes=countries.AES) -> pd.DataFrame:
    """Deaths (best) per country in `month` against the month before, a year earlier, 12-month mean.

    `events` must come from one source (the final GED); see
    :func:`sahel_analysis.metrics.monthly.compare_month`.
    """
    return monthly.compare_month(events, month, monthly.FINAL, codes)


@dataclass(frozen=True, kw_only=True)
class DataLag:
    """The newest event dates (any, final; NaT without events) and their lag behind a date."""

    newest: pd.Timestamp
    newest_final: pd.Timestamp
    days: int | None
    months: int | None
    newest_preliminary: bool


def data_lag(as_of: pd.Timestamp, events: pd.DataFrame) -> DataLag:
    """Return the newest event dates (any, final) and the lag behind `as_of` in days and months."""
    newest = events["date"].max() if len(events) else pd.NaT
    final = events.loc[~events["preliminary"], "date"]
    newest_final = final.max() if len(final) else pd.NaT
    days = int((as_of - newest).days) if pd.notna(newest) else None
    months = monthly.months_between(as_of, newest) if pd.notna(newest) else None
    return DataLag(newest=newest, newest_final=newest_final, days=days, months=months,
                   newest_preliminary=bool(len(events)) and bool(
                       events.loc[events["date"] == newest, "preliminary"].all()))


def _months_phrase(months: int | None) -> str:
    if months is None:
        return "no event data"
    if months <= 0:
        return "in the month of the briefing date"
    return f"{months} month{'s' if months != 1 else ''} before the briefing date"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class BriefingContext(common.ReportContext):
    """The briefing's date, data, newest month and checked month, as :func:`context` loads them.

    `lead` is the newest month any source covers (it leads the briefing, preliminary when only
    Candidate data cover it); `month` the checked month (final GED with its 12 months before).
    """

    params: dict
    as_of: pd.Timestamp
    events: pd.DataFrame
    lead: monthly.LeadMonth | None
    month: pd.Timestamp | None
    final: pd.DataFrame
    lag: DataLag
    max_data_age: int | None
    timeline: pd.DataFrame
    displacement: pd.DataFrame
    boundaries: pd.DataFrame


def context(params: dict) -> BriefingContext:
    """Resolve the briefing date and load the data ("latest" = the day of the render, UTC)."""
    as_of = pd.Timestamp(common.reference_day(params))
    events = data.events(countries.AES, source=params.get("event_source", "ucdp"))
    events = events[events["date"] <= as_of]
    timeline = data.timeline(countries.AES)
    return BriefingContext(
        params=params, as_of=as_of, events=events, lead=monthly.lead_month(events, as_of),
        month=comparison_month(as_of, events),
        final=events[~events["preliminary"]], lag=data_lag(as_of, events),
        max_data_age=params.get("max_data_age"),
        timeline=timeline[timeline["date"] <= as_of],
        displacement=data.displacement(countries.AES), boundaries=data.boundaries())


def comparison(ctx: BriefingContext) -> pd.DataFrame | None:
    """The checked-month comparison (None when final GED does not cover it)."""
    if ctx.month is None:
        return None
    return monthly_comparison(ctx.final, ctx.month)


def lead_comparison(ctx: BriefingContext) -> pd.DataFrame | None:
    """The newest month against the earlier months its own source covers (None: no month)."""
    if ctx.lead is None:
        return None
    return monthly.compare_month(ctx.events, ctx.lead.month, ctx.lead.source)


def incomplete(ctx: BriefingContext) -> list[str]:
    """Say which country-months shown look incompletely coded (far below their 12-month mean)."""
    shown = []
    if ctx.lead is not None:
        shown.append((ctx.lead.month, ctx.lead.source))
    if ctx.month is not None and (ctx.month, monthly.FINAL) not in shown:
        shown.append((ctx.month, monthly.FINAL))
    lines = []
    for month, source in shown:
        flags = monthly.incomplete_months(ctx.events, month, source)
        for row in flags[flags["flagged"]].itertuples():
            lines.append(f"{row.country}, {month:%B %Y}: {row.events:,} UCDP events against "
                         f"{fmt_int(row.previous_events)} the month before and a monthly mean of "
                         f"{fmt_int(row.mean_events)} in the 12 months before — possibly "
                         "incompletely coded; read its fall with care.")
    return lines


def title(ctx: BriefingContext) -> Markdown:
    """Report heading: the briefing date."""
    return Markdown(f"# Sahel briefing, {ctx.as_of:%d %B %Y}")


def lag_sentence(ctx: BriefingContext) -> str:
    """Say what the event data cover and how far behind the briefing date they are."""
    lag = ctx.lag
    if pd.isna(lag.newest):
        return "There are no event data before the briefing date."
    text = (f"Event data to {lag.newest:%B %Y}, {_months_phrase(lag.months)}"
            + (" (UCDP Candidate, preliminary)" if lag.newest_preliminary else "") + ".")
    if lag.newest_preliminary and pd.notna(lag.newest_final):
        text += f" Final (checked) UCDP GED events end in {lag.newest_final:%B %Y}."
    return text


def _source_phrase(lead: monthly.LeadMonth) -> str:
    return "preliminary, UCDP Candidate data" if lead.preliminary else "final UCDP GED"


def lead_sentence(ctx: BriefingContext) -> str:
    """Page 1's first figure: deaths and events of the newest month, against its own source."""
    lead = ctx.lead
    if lead is None:
        return "No month before the briefing date has event data."
    total = lead_comparison(ctx).set_index("country_iso3").loc["AES"]
    head = (f"Newest month, {lead.month:%B %Y} ({_source_phrase(lead)}, "
            f"{_months_phrase(monthly.months_between(ctx.as_of, lead.month))}): "
            f"{fmt_int(total['latest'])} deaths in organised violence in the AES states in "
            f"{int(total['events']):,} events")
    previous = windows(lead.month)["previous"]
    if pd.notna(total["previous"]):
        return head + "; " + narrative.describe_change(
            "deaths", total["latest"], total["previous"], f"{lead.month:%B %Y}",
            f"{previous:%B %Y}, same source").removeprefix("deaths ")
    source = "UCDP Candidate data" if lead.preliminary else "the final UCDP GED"
    return head + (f". No earlier month in {source} to compare it with ({previous:%B %Y} is not "
                   "covered by the same source).")


def summary(ctx: BriefingContext) -> HTML:
    """Page 1: the data's age, the newest month, the checked month; a box when data are old."""
    lines = [lag_sentence(ctx), lead_sentence(ctx)]
    lead_table = lead_comparison(ctx)
    if lead_table is not None:
        top = lead_table[lead_table["country_iso3"] != "AES"].sort_values("latest").iloc[-1]
        lines.append(f"Most deaths in {top['country']}: {fmt_int(top['latest'])} in "
                     f"{ctx.lead.month:%B %Y} ({ctx.lead.label}).")
    table = comparison(ctx)
    if table is not None and (ctx.lead is None or ctx.lead.month != ctx.month):
        month = ctx.month
        total = table.set_index("country_iso3").loc["AES"]
        lines.append(narrative.describe_change(
            f"Checked month (final UCDP GED), {month:%B %Y}: deaths", total["latest"],
            total["previous"], f"{month:%B %Y}", f"{windows(month)['previous']:%B %Y}")
            .rstrip(".") + f"; {fmt_signed_pct(total['change_mean'])} against the monthly mean "
            f"of the 12 months before ({fmt_int(total['mean_12'])}).")
    elif table is None:
        lines.append("No month before the briefing date has final event data for it and the 12 "
                     "months before, so no checked-month comparison is made.")
    lines.extend(incomplete(ctx))
    items = "".join(f"<p>{html.escape(line)}</p>" for line in lines[:5])
    return HTML(data_age(ctx) + f'<div class="summary">{items}</div>')


def data_age(ctx: BriefingContext) -> str:
    """The newest date of each source and its age on the briefing date, with the stale box."""
    on = ctx.as_of.date()
    dates = common.newest_dates(TABLES_READ, events=ctx.events, timeline=ctx.timeline)
    return common.data_age_block(common.data_ages(dates, on), on, ctx.max_data_age)


def key_findings(ctx: BriefingContext) -> HTML:
    """Computed key findings: the newest month per country, its deadliest event, the latest turn."""
    lines = []
    table = lead_comparison(ctx)
    if table is not None:
        lead = ctx.lead
        for row in table[table["country_iso3"] != "AES"].itertuples():
            line = (f"{row.country}, {lead.month:%B %Y}: {fmt_int(row.latest)} deaths in "
                    f"{row.events:,} events ({lead.label})")
            if pd.notna(row.previous):
                line += f"; {fmt_signed_pct(row.change_previous)} on the month before"
            lines.append(line + ".")
        deadliest = _deadliest_of(month_events(ctx))
        if len(deadliest):
            top = deadliest.iloc[0]
            lines.append(f"Deadliest event of {lead.month:%B %Y}: {fmt_int(top['deaths_best'])} "
                         f"deaths at {_place(top)} ({countries.name(top['country_iso3'])}, "
                         f"{top['date']:%d %B}), {top['side_a']} against {top['side_b']} "
                         f"({lead.label}).")
    turns = _turns(ctx).head(1)
    if len(turns):
        row = turns.iloc[0]
        lines.append(f"Latest turn in the timeline: {row['title']} ({row['date']:%d %b %Y}), "
                     f"{turn_age(ctx.as_of, row['date'])}.")
    return narrative.key_findings(lines[:6])


def turn_age(as_of: pd.Timestamp, day: pd.Timestamp) -> str:
    """Say how long before `as_of` a turn happened ("10 months ago", "12 days ago")."""
    months = monthly.months_between(as_of, day) - (as_of.day < day.day)
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''} before the briefing date"
    days = int((as_of - day).days)
    return f"{days} day{'s' if days != 1 else ''} before the briefing date"


def month_events(ctx: BriefingContext) -> pd.DataFrame:
    """The events of the newest month, from the source that covers it."""
    if ctx.lead is None:
        return ctx.events.iloc[0:0]
    return monthly.month_events(ctx.events, ctx.lead.month, ctx.lead.source)


def lead_note(ctx: BriefingContext) -> HTML:
    """Which month leads, from which source, and what it can be compared with."""
    lead = ctx.lead
    if lead is None:
        return common.missing("No month before the briefing date has event data.")
    win = windows(lead.month)
    covered = monthly.covered_windows(ctx.events, lead.month, lead.source)
    labels = {"previous": f"the month before ({win['previous']:%B %Y})",
              "year_earlier": f"the same month a year earlier ({win['year_earlier']:%B %Y})",
              "mean_12": f"the mean of the 12 months {win['mean_first']:%B %Y}–"
                         f"{win['mean_last']:%B %Y}"}
    made = [labels[k] for k, ok in covered.items() if ok]
    missing = [labels[k] for k, ok in covered.items() if not ok]
    source = lead.label
    text = (f"Newest month: {lead.month:%B %Y}, {source}. "
            + (f"Compared with {', '.join(made)}, from the same source. " if made else "")
            + (f"Not compared with {', '.join(missing)}: the same source does not cover "
               f"{'them' if len(missing) > 1 else 'it'}, and figures from another source are "
               "never set beside these. " if missing else ""))
    if lead.preliminary:
        text += ("Candidate events are UCDP's first, unchecked coding: counts are revised, "
                 "often upward, when the final GED appears. ")
    if ctx.month is not None and ctx.month != lead.month:
        text += (f"The checked-month comparison below uses final UCDP GED ({ctx.month:%B %Y}). ")
    text += "Deaths are best estimates summed over events by their start date."
    return HTML(f'<div class="coverage-note"><p><b>Newest month.</b> {html.escape(text)}</p>'
                "</div>")


def lead_table(ctx: BriefingContext) -> HTML:
    """Deaths and events per state in the newest month (and earlier months of its source)."""
    table = lead_comparison(ctx)
    if table is None:
        return common.missing("No event data for a month before the briefing date.")
    win = windows(ctx.lead.month)
    columns = {"country": "text", "events": "int", "latest": "int"}
    labels = {"country": "Country", "events": f"Events {win['latest']:%b %Y}",
              "latest": f"Deaths {win['latest']:%b %Y}"}
    for key, change_key, label in (
            ("previous", "change_previous", f"{win['previous']:%b %Y}"),
            ("year_earlier", "change_year", f"{win['year_earlier']:%b %Y}"),
            ("mean_12", "change_mean",
             f"Monthly mean {win['mean_first']:%b %Y}–{win['mean_last']:%b %Y}")):
        if table[key].notna().any():
            columns.update({key: "int" if key != "mean_12" else "float1",
                            change_key: "signed_pct"})
            labels.update({key: label, change_key: "Change (%)"})
    source = common.SRC_CANDIDATE if ctx.lead.preliminary else common.SRC_GED
    return tables.show(table, columns, labels, source=source, name="Newest month")


def lead_map(ctx: BriefingContext):
    """Where people were killed in the newest month (its source named in the title)."""
    if ctx.lead is None:
        return common.missing("No event data for a month before the briefing date.")
    lead = ctx.lead
    events = month_events(ctx)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH * 0.75, 3.6), layout="constrained")
    plots.event_map(events, ctx.boundaries, ax, extent=MAP_EXTENT)
    ax.set_title(f"Where people were killed, {lead.month:%B %Y} ({lead.label})", loc="left",
                 fontsize=9)
    source = common.SRC_CANDIDATE if lead.preliminary else common.SRC_GED
    plots.source_note(fig, f"{source}; {common.SRC_NE}.")
    alt = (f"Map of the events of {lead.month:%B %Y} in Mali, Burkina Faso and Niger "
           f"({lead.label}): {len(events):,} events, each a dot sized by its deaths and "
           "coloured by type of violence.")
    return common.figure(fig, alt)


def lead_deadliest_table(ctx: BriefingContext) -> HTML:
    """The deadliest events of the newest month (from the event data)."""
    if ctx.lead is None:
        return common.missing("No event data for a month before the briefing date.")
    source = common.SRC_CANDIDATE if ctx.lead.preliminary else common.SRC_GED
    return _events_table(_deadliest_of(month_events(ctx)), source, "Deadliest events, newest "
                         "month")


def coverage_note(ctx: BriefingContext) -> HTML:
    """The checked month's compared windows, printed."""
    if ctx.month is None:
        return common.missing("No monthly comparison: final UCDP GED events do not cover a "
                              "month before the briefing date and the 12 months before it.")
    win = windows(ctx.month)
    text = (f"Checked month (final data): {win['latest']:%B %Y}. Compared with the month before "
            f"({win['previous']:%B %Y}), the same month a year earlier "
            f"({win['year_earlier']:%B %Y}) and the mean of the 12 months "
            f"{win['mean_first']:%B %Y}–{win['mean_last']:%B %Y}. One source for every window: "
            f"{common.SRC_GED}; deaths are best estimates summed over events by their start "
            "date.")
    return HTML(f'<div class="coverage-note"><p><b>Windows.</b> {html.escape(text)}</p></div>')


def comparison_table(ctx: BriefingContext) -> HTML:
    """The monthly comparison per state."""
    table = comparison(ctx)
    if table is None:
        return common.missing("No monthly comparison (see above).")
    win = windows(ctx.month)
    return tables.show(
        table,
        {"country": "text", "latest": "int", "previous": "int", "change_previous": "signed_pct",
         "year_earlier": "int", "change_year": "signed_pct", "mean_12": "float1",
         "change_mean": "signed_pct"},
        {"country": "Country", "latest": f"Deaths {win['latest']:%b %Y}",
         "previous": f"{win['previous']:%b %Y}", "change_previous": "Change (%)",
         "year_earlier": f"{win['year_earlier']:%b %Y}", "change_year": "Change (%)",
         "mean_12": f"Monthly mean {win['mean_first']:%b %Y}–{win['mean_last']:%b %Y}",
         "change_mean": "Change (%)"},
        source=common.SRC_GED, name="Monthly comparison")


def _month_events(ctx: BriefingContext) -> pd.DataFrame:
    if ctx.month is None:
        return ctx.final.iloc[0:0]
    final = ctx.final
    return final[final["date"].dt.to_period("M").dt.to_timestamp() == ctx.month]


def history_and_map(ctx: BriefingContext):
    """Last 24 months per country (latest month marked) beside the map of the latest month."""
    if ctx.month is None:
        return common.missing("No final event data for a monthly chart before the briefing date.")
    month = ctx.month
    first = month - pd.DateOffset(months=HISTORY_MONTHS - 1)
    final = ctx.final
    frame = final[(final["date"] >= first)]
    series = metrics.violence.event_series(frame, "month", by=["country_iso3"], fill=False)
    fig = plt.figure(figsize=(FIG_WIDTH, 4.6), layout="constrained")
    grid = fig.add_gridspec(3, 2, width_ratios=[1.0, 1.6])
    months = pd.date_range(first, month, freq="MS")
    axes = []
    for index, code in enumerate(countries.AES):
        ax = fig.add_subplot(grid[index, 0], sharex=axes[0] if axes else None)
        axes.append(ax)
        own = series[series["country_iso3"] == code].set_index("period")["deaths_best"]
        own = own.reindex(months, fill_value=0)
        middle = own.index + pd.Timedelta(days=14)  # a month's total sits mid-month
        ax.plot(middle, own.to_numpy(), color=COUNTRY_COLORS[code], linewidth=1.4)
        ax.plot([middle[-1]], [own.loc[month]], "o", color=COUNTRY_COLORS[code], markersize=5)
        ax.annotate(f"{month:%b %Y}: {fmt_int(own.loc[month])}", (middle[-1], own.loc[month]),
                    textcoords="offset points", xytext=(-4, 6), ha="right", fontsize=7)
        ax.set_title(countries.name(code), loc="left", fontsize=8.5)
        ax.set_ylabel("deaths / month", fontsize=7)
        ax.set_ylim(bottom=0, top=max(1, own.max()) * 1.3)
        thousands(ax)
        ax.tick_params(labelsize=7)
        if index < 2:
            ax.tick_params(labelbottom=False)
    axes[-1].set_xlabel("month (final UCDP GED)", fontsize=7)
    axes[-1].xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes[-1].xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    map_ax = fig.add_subplot(grid[:, 1])
    plots.event_map(_month_events(ctx), ctx.boundaries, map_ax, extent=MAP_EXTENT)
    map_ax.set_title(f"Where people were killed, {month:%B %Y}", loc="left", fontsize=8.5)
    fig.suptitle(f"Deaths per month, {first:%B %Y}–{month:%B %Y}", x=0.0, ha="left",
                 fontsize=10)
    plots.source_note(fig, f"{common.SRC_GED}; {common.SRC_NE}.")
    alt = (f"Deaths per month in Mali, Burkina Faso and Niger, {first:%B %Y}–{month:%B %Y}, "
           f"beside a map of {month:%B %Y}. Three line charts mark the latest month's deaths; "
           "the map shows each event as a dot sized by deaths.")
    return common.figure(fig, alt)


def _deadliest(ctx: BriefingContext) -> pd.DataFrame:
    return _deadliest_of(_month_events(ctx))


def _deadliest_of(events: pd.DataFrame) -> pd.DataFrame:
    if events.empty:
        return events
    return metrics.violence.deadliest_events(events, n=DEADLIEST)


def _place(row) -> str:
    place = row.get("place") if hasattr(row, "get") else None
    admin1 = row.get("admin1") if hasattr(row, "get") else None
    text = str(place) if isinstance(place, str) and place else "unknown place"
    if isinstance(admin1, str) and admin1 and admin1 not in text:
        text += f" ({admin1})"
    return text


def deadliest_table(ctx: BriefingContext) -> HTML:
    """The deadliest events of the checked month (from the data, not the timeline)."""
    return _events_table(_deadliest(ctx), common.SRC_GED, "Deadliest events")


def _events_table(table: pd.DataFrame, source: str, name: str) -> HTML:
    if table.empty:
        return common.missing("No events in this month.")
    table = table.assign(
        country=table["country_iso3"].map(countries.name),
        where=[_place(row) for _, row in table.iterrows()],
        sides=[f"{a} – {b}" for a, b in zip(table["side_a"], table["side_b"], strict=True)],
        type=table["violence_type"].map(VIOLENCE_LABELS))
    return tables.show(table, {"date": "date", "country": "text", "where": "text",
                               "sides": "text", "type": "text", "deaths_civilians": "int",
                               "deaths_best": "int"},
                       {"date": "Date", "country": "Country", "where": "Place (region)",
                        "sides": "Sides (side A – side B)", "type": "Violence type",
                        "deaths_civilians": "Civilian deaths", "deaths_best": "Deaths (best)"},
                       source=source, name=name)


def _turns(ctx: BriefingContext) -> pd.DataFrame:
    turns = ctx.timeline
    return turns[turns["date"] <= ctx.as_of].sort_values("date", ascending=False)


def newest_turns(ctx: BriefingContext) -> HTML:
    """The latest turns of the timeline (hand-written, sourced) before the briefing date."""
    turns = _turns(ctx).head(6).copy()
    turns["where"] = [common.scope_name(c) for c in turns["country"]]
    turns["when"] = [f"{d:%b %Y}" if p == "month" else f"{d:%Y}" if p == "year"
                     else f"{d:%d %b %Y}" for d, p in zip(turns["date"], turns["date_precision"],
                                                          strict=True)]
    return tables.show(turns, {"when": "text", "where": "text", "title": "text",
                               "description": "text"},
                       {"when": "Date", "where": "Where", "title": "Turn",
                        "description": "What happened"}, source=common.SRC_TIMELINE,
                       name="Latest turns")


def _change_or_frozen(stock: pd.Series, year: int) -> str:
    """Return the change on the year before, or "not updated since end-YYYY" for a frozen stock."""
    from sahel_analysis.metrics.crosscheck import unchanged_since

    since = unchanged_since(stock).get(year)
    if since is not None and pd.notna(since):
        return f"not updated since end-{int(since)}"
    change = metrics.violence.change(stock.get(year, float("nan")),
                                     stock.get(year - 1, float("nan")))
    return tables.fmt_signed_pct(change)


def displacement_table(ctx: BriefingContext) -> HTML:
    """Latest displacement per AES state against the year before (end-of-year stocks)."""
    disp = ctx.displacement
    disp = disp[disp["year"] < ctx.as_of.year]
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
                     "idps_change": _change_or_frozen(idmc, year)})
    return tables.show(pd.DataFrame(rows),
                       {"country": "text", "abroad": "int", "abroad_change": "signed_pct",
                        "idps": "int", "idps_change": "text"},
                       {"country": "Country",
                        "abroad": f"Refugees and asylum-seekers abroad, 31 Dec {year}",
                        "abroad_change": f"Change on {year - 1} (%)",
                        "idps": f"Conflict IDPs (IDMC), 31 Dec {year}",
                        "idps_change": f"Change on {year - 1} (%)"},
                       source=f"{common.SRC_UNHCR}; {common.SRC_IDMC}", name="Displacement")


def sources_and_method(ctx: BriefingContext) -> Markdown:
    """Short method note (half a page in the PDF)."""
    return Markdown(f"""
**Deaths** are UCDP best estimates of deaths in organised violence (state-based, non-state and
one-sided), summed over events by start date. **The newest month** is the newest complete month
any release covers (a Candidate release covers the months of its version number); when only
UCDP Candidate events cover it (preliminary, still checked and revised by UCDP) it is labelled
so and compared only with earlier months the Candidate releases cover. **The checked month**,
its comparison and the 24-month chart use only final UCDP GED events ({common.SRC_GED}). A
country-month with fewer than {monthly.INCOMPLETE_SHARE:.0%} of the mean number of events of
its 12 months before (a mean of at least {monthly.INCOMPLETE_MIN_MEAN:.0f}) is flagged as
possibly incompletely coded. **Deadliest events** come from the
event data; **latest turns** from the package's hand-written timeline, each row citing its
public source. **Displacement** figures are end-of-year stocks at 31 December
({common.SRC_UNHCR}; {common.SRC_IDMC}). Maps: {common.SRC_NE}. Every table is in the Excel
download beside this report.
""")


def provenance(ctx: BriefingContext):
    """Parameters, software, sources and hashes."""
    from sahel_analysis.reports import provenance as prov

    return prov.show({**ctx.params, "as_of (resolved)": f"{ctx.as_of:%Y-%m-%d}"},
                     TABLES_READ)


def export_tables(ctx: BriefingContext) -> None:
    """Write the tables shown in this briefing to the render's Excel download."""
    from sahel_analysis import downloads

    downloads.write_workbook(title=f"Sahel briefing, {ctx.as_of:%d %B %Y}")


# Every cell function returns a typed Section (its table, figure, text): see reports.sections.
sections.wrap(globals())
