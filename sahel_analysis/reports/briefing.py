"""Sahel briefing: the monthly product a scheduled job sends.

Page 1 says what the data cover and how far behind the briefing date they are, then the
latest month with final event data against the month before, the same month a year earlier
and the mean of the 12 months before (per country, one source, windows printed), the last
24 months beside the map, the deadliest events of the month, and the latest turns.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown

from sahel_analysis import countries, data, metrics, narrative, plots, tables
from sahel_analysis.plots.theme import COUNTRY_COLORS, FIG_WIDTH, VIOLENCE_LABELS, thousands
from sahel_analysis.reports import common, sections
from sahel_analysis.tables import fmt_int, fmt_signed_pct

TABLES_READ = ["events", "timeline", "displacement", "boundaries", "places"]
HISTORY_MONTHS = 24
MEAN_MONTHS = 12
DEADLIEST = 8
MAP_EXTENT = (-12.5, 16.5, 8.5, 24.0)


def latest_full_month(as_of: pd.Timestamp) -> pd.Timestamp:
    """Return the first day of the last complete month on or before `as_of`."""
    month = as_of.to_period("M")
    if as_of.normalize() != (month.to_timestamp() + pd.offsets.MonthEnd(0)):
        month -= 1
    return month.to_timestamp()


def covered_months(events: pd.DataFrame) -> set[pd.Timestamp]:
    """First days of the months the events cover (:func:`metrics.windows.covered_months`)."""
    return {month.to_timestamp() for month in metrics.windows.covered_months(events)}


def comparison_month(as_of: pd.Timestamp, events: pd.DataFrame) -> pd.Timestamp | None:
    """Return the newest complete month up to `as_of` that final GED covers with its year before.

    The comparison needs the month and the 12 months before it from one source (final GED);
    None when there is no such month.
    """
    final = events[~events["preliminary"] & (events["date"] <= as_of)]
    if final.empty:
        return None
    months = covered_months(final)
    month = min(latest_full_month(as_of), final["date"].max().to_period("M").to_timestamp())
    needed = pd.date_range(month - pd.DateOffset(months=MEAN_MONTHS), month, freq="MS")
    return month if set(needed) <= months else None


def windows(month: pd.Timestamp) -> dict[str, object]:
    """Return the compared windows of `month`: the month before, a year earlier, the 12 months."""
    return {"latest": month, "previous": month - pd.DateOffset(months=1),
            "year_earlier": month - pd.DateOffset(months=12),
            "mean_first": month - pd.DateOffset(months=MEAN_MONTHS),
            "mean_last": month - pd.DateOffset(months=1)}


def monthly_comparison(events: pd.DataFrame, month: pd.Timestamp,
                       codes=countries.AES) -> pd.DataFrame:
    """Deaths (best) per country in `month` against the month before, a year earlier, 12-month mean.

    `events` must come from one source (the final GED). Returns one row per country plus an
    "AES" total row: latest, previous, year_earlier, mean_12 and the three relative changes.
    """
    win = windows(month)
    frame = events.assign(month=events["date"].dt.to_period("M").dt.to_timestamp())
    frame = frame[frame["country_iso3"].isin(codes)]
    totals = frame.pivot_table(index="month", columns="country_iso3", values="deaths_best",
                               aggfunc="sum", fill_value=0)
    totals = totals.reindex(index=pd.date_range(win["mean_first"], month, freq="MS"),
                            columns=list(codes), fill_value=0)
    totals["AES"] = totals[list(codes)].sum(axis=1)
    mean_window = totals.loc[win["mean_first"]:win["mean_last"]]
    rows = []
    for code in [*codes, "AES"]:
        latest = float(totals.loc[month, code])
        previous = float(totals.loc[win["previous"], code])
        year_earlier = float(totals.loc[win["year_earlier"], code])
        mean_12 = float(mean_window[code].mean())
        rows.append({"country_iso3": code,
                     "country": "AES total" if code == "AES" else countries.name(code),
                     "latest": latest, "previous": previous, "year_earlier": year_earlier,
                     "mean_12": mean_12,
                     "change_previous": metrics.violence.change(latest, previous),
                     "change_year": metrics.violence.change(latest, year_earlier),
                     "change_mean": metrics.violence.change(latest, mean_12)})
    return pd.DataFrame(rows)


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
    months = _months_between(as_of, newest) if pd.notna(newest) else None
    return DataLag(newest=newest, newest_final=newest_final, days=days, months=months,
                   newest_preliminary=bool(len(events)) and bool(
                       events.loc[events["date"] == newest, "preliminary"].all()))


def _months_between(later: pd.Timestamp, earlier: pd.Timestamp) -> int:
    """Return the number of calendar months from `earlier` to `later` (same month: 0)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _months_phrase(months: int | None) -> str:
    if months is None:
        return "no event data"
    if months <= 0:
        return "in the month of the briefing date"
    return f"{months} month{'s' if months != 1 else ''} before the briefing date"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class BriefingContext(common.ReportContext):
    """The briefing's date, data and compared month, as :func:`context` loads them."""

    params: dict
    as_of: pd.Timestamp
    events: pd.DataFrame
    month: pd.Timestamp | None
    final: pd.DataFrame
    lag: DataLag
    max_data_age: int | None
    timeline: pd.DataFrame
    displacement: pd.DataFrame
    boundaries: pd.DataFrame


def context(params: dict) -> BriefingContext:
    """Resolve the briefing date and load the data ("latest" = the day of the render)."""
    if params["as_of"] == "latest":
        as_of = pd.Timestamp.now(tz="UTC").tz_localize(None).normalize()
    else:
        as_of = pd.Timestamp(params["as_of"])
    events = data.events(countries.AES, source=params.get("event_source", "ucdp"))
    events = events[events["date"] <= as_of]
    month = comparison_month(as_of, events)
    return BriefingContext(
        params=params, as_of=as_of, events=events, month=month,
        final=events[~events["preliminary"]], lag=data_lag(as_of, events),
        max_data_age=params.get("max_data_age"),
        timeline=data.timeline(countries.AES),
        displacement=data.displacement(countries.AES), boundaries=data.boundaries())


def comparison(ctx: BriefingContext) -> pd.DataFrame | None:
    """The monthly comparison of the briefing (None when final GED does not cover it)."""
    if ctx.month is None:
        return None
    return monthly_comparison(ctx.final, ctx.month)


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


def summary(ctx: BriefingContext) -> HTML:
    """Page 1: five lines that tell the story, with a warning box when the data are too old."""
    lag = ctx.lag
    lines = [lag_sentence(ctx)]
    table = comparison(ctx)
    if table is not None:
        month = ctx.month
        total = table.set_index("country_iso3").loc["AES"]
        age = _months_between(ctx.as_of, month)
        lines.append(narrative.describe_change(
            "Deaths in organised violence in the AES states", total["latest"],
            total["previous"], f"{month:%B %Y}", f"{windows(month)['previous']:%B %Y}")
            .rstrip(".") + f"; {month:%B %Y} is the newest month with final GED for it and "
            f"the 12 months before, {_months_phrase(age)}.")
        lines.append(f"Against {windows(month)['year_earlier']:%B %Y}: "
                     f"{fmt_signed_pct(total['change_year'])}; against the monthly mean of the "
                     f"12 months before ({fmt_int(total['mean_12'])}): "
                     f"{fmt_signed_pct(total['change_mean'])} (final UCDP GED).")
        top = table[table["country_iso3"] != "AES"].sort_values("latest").iloc[-1]
        lines.append(f"Most deaths in {top['country']}: {fmt_int(top['latest'])} in "
                     f"{month:%B %Y}.")
    else:
        lines.append("No month before the briefing date has final event data for it and the 12 "
                     "months before, so no monthly comparison is made.")
    newest = _newest_month_events(ctx)
    if len(newest) and newest["date"].max().to_period("M").to_timestamp() != ctx.month:
        lines.append(f"Newest month of event data, {newest['date'].max():%B %Y}: "
                     f"{fmt_int(newest['deaths_best'].sum())} deaths in {len(newest):,} events"
                     + (" (UCDP Candidate, preliminary)." if newest["preliminary"].all()
                        else " (final UCDP GED)."))
    items = "".join(f"<p>{html.escape(line)}</p>" for line in lines[:5])
    box = ""
    limit = ctx.max_data_age
    if limit is not None and lag.days is not None and lag.days > limit:
        box = ('<div class="alert-box"><p><b>Old data.</b> '
               + html.escape(f"The newest event data ({lag.newest:%d %B %Y}) are "
                             f"{lag.days:,} days older than the briefing date, more than the "
                             f"{limit}-day limit set for this briefing (max_data_age); the "
                             "monthly comparison below is older still. Read every figure as a "
                             "picture of that time, not of today.")
               + "</p></div>")
    return HTML(box + f'<div class="summary">{items}</div>')


def key_findings(ctx: BriefingContext) -> HTML:
    """Computed key findings, per country, from the monthly comparison."""
    table = comparison(ctx)
    lines = []
    if table is not None:
        win = windows(ctx.month)
        for row in table[table["country_iso3"] != "AES"].itertuples():
            lines.append(narrative.describe_change(
                f"Deaths in {row.country}", row.latest, row.previous, f"{win['latest']:%B %Y}",
                f"{win['previous']:%B %Y}"))
    deadliest = _deadliest(ctx)
    if len(deadliest):
        top = deadliest.iloc[0]
        lines.append(f"Deadliest event of {ctx.month:%B %Y}: {fmt_int(top['deaths_best'])} "
                     f"deaths at {_place(top)} ({countries.name(top['country_iso3'])}, "
                     f"{top['date']:%d %B}), {top['side_a']} against {top['side_b']}.")
    turns = _turns(ctx).head(1)
    if len(turns):
        row = turns.iloc[0]
        lines.append(f"Latest turn in the timeline: {row['title']} ({row['date']:%d %b %Y}).")
    return narrative.key_findings(lines[:6])


def coverage_note(ctx: BriefingContext) -> HTML:
    """The compared windows, printed."""
    if ctx.month is None:
        return common.missing("No monthly comparison: final UCDP GED events do not cover a "
                              "month before the briefing date and the 12 months before it.")
    win = windows(ctx.month)
    text = (f"Latest month: {win['latest']:%B %Y}. Compared with the month before "
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


def _newest_month_events(ctx: BriefingContext) -> pd.DataFrame:
    events = ctx.events
    if events.empty:
        return events
    months = covered_months(events)
    month = max(months) if months else events["date"].max().to_period("M").to_timestamp()
    return events[events["date"].dt.to_period("M").dt.to_timestamp() == month]


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
    events = _month_events(ctx)
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
    """The deadliest events of the latest month (from the data, not the timeline)."""
    table = _deadliest(ctx)
    if table.empty:
        return common.missing("No final event data for the latest month.")
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
                       source=common.SRC_GED, name="Deadliest events")


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
one-sided), summed over events by start date. The monthly comparison and the 24-month chart use
only final UCDP GED events ({common.SRC_GED}); UCDP Candidate events (preliminary, still
checked and revised by UCDP) appear only where labelled. **Deadliest events** come from the
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
