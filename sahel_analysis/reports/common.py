"""Shared pieces of the reports: source lines, coverage notes, figure helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

from sahel_analysis import countries, data, vocabulary
from sahel_analysis.tables import fmt_int

SRC_TIMELINE = "timeline: sahel_analysis authors, sourced per event"


@cache
def source_lines() -> dict[str, str]:
    """Return the short source lines (``common.SRC_GED``…) the reports print under charts.

    Built, never retyped: each source module holds its release, licence and citation
    template; the months event data cover come from :func:`sahel_analysis.data.coverage`.
    """
    from sahel_analysis.sources import (
        natural_earth,
        owid_conflict,
        sipri,
        ucdp_acd,
        ucdp_ged,
        ucdp_orgvio,
        unhcr,
        wdi,
    )

    cov = data.coverage().set_index("series")
    return {
        "SRC_UCDP_CY": ucdp_orgvio.SOURCE.cite(),
        "SRC_GED": ucdp_ged.SOURCE.cite(last=cov.loc["Events, final", "last"]),
        "SRC_CANDIDATE": ucdp_ged.CANDIDATE_CITATION.format(
            month=cov.loc["Events, preliminary after the final data", "last"],
            licence=ucdp_ged.SOURCE.licence),
        "SRC_OWID": owid_conflict.SOURCE.cite(),
        "SRC_UNHCR": unhcr.SOURCE.cite(),
        "SRC_IDMC": unhcr.IDMC_CITATION,
        "SRC_WDI": wdi.SOURCE.cite(),
        "SRC_SIPRI": sipri.SOURCE.cite(),
        "SRC_NE": natural_earth.SOURCE.cite(),
        "SRC_ACD": ucdp_acd.SOURCE.cite(),
        "SRC_TIMELINE": SRC_TIMELINE,
    }


def __getattr__(name: str) -> str:
    """Return a source line (``SRC_*``), built on first use (see :func:`source_lines`)."""
    lines = source_lines() if name.startswith("SRC_") else {}
    if name in lines:
        return lines[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Chart:
    """A finished figure with alt text, shown as SVG (text kept as text) or, when heavy, PNG.

    See :mod:`sahel_analysis.plots.output`: the format is chosen by the SVG's size, so line and
    bar charts are small, crisp vector graphics and dense maps are PNG at print resolution.
    """

    def __init__(self, fig, alt: str = ""):
        """Keep the figure and its alt text."""
        self.fig = fig
        self.alt = alt or alt_text(fig)
        self._svg: str | None = None
        self.data_table = None  # the download's sheet of its plotted values (see figure())

    def _metadata(self) -> dict[str, str]:
        """The output's metadata: alt text, and the sheet and CSV file holding its values."""
        meta = {"alt": self.alt}
        if self.data_table is not None:
            from sahel_analysis import downloads

            meta |= {"sheet": self.data_table.sheet, "csv": downloads.csv_name(self.data_table)}
        return meta

    @property
    def format(self) -> str:
        """How the chart is embedded: "svg" or "png" (SVG above the size limit)."""
        from sahel_analysis.plots import output

        return output.best_format(self._svg_text())

    def _svg_text(self) -> str:
        from sahel_analysis.plots import output

        if self._svg is None:
            self._svg = output.svg(self.fig, self.alt)
        return self._svg

    def _repr_svg_(self):
        if self.format != "svg":
            return None
        return self._svg_text(), self._metadata()

    def _repr_png_(self):
        from sahel_analysis.plots import output

        if self.format != "png":
            return None
        return output.png(self.fig), self._metadata()

    def png(self) -> bytes:
        """Return the chart as PNG bytes at print resolution, whatever the report embeds."""
        from sahel_analysis.plots import output

        return output.png(self.fig)


def alt_text(fig, sentence: str = "") -> str:
    """Return alt text: the figure's title, then its panels, axes, span and series."""
    from sahel_analysis.plots import output

    return output.describe(fig, sentence)


def figure(fig, alt: str = "") -> Chart:
    """Close a finished figure and return it (with alt text) so the notebook shows it once."""
    from sahel_analysis.reports.sections import record

    plt.close(fig)
    chart = Chart(fig, alt)
    chart.data_table = _register_chart_data(fig)
    record("charts", chart)
    return chart


def _register_chart_data(fig):
    """Record the values a chart plots as a sheet of the report's downloads (None: nothing)."""
    from sahel_analysis import downloads
    from sahel_analysis.plots import output

    table = output.chart_data(fig)
    if table.empty:
        return None
    xname, yname = output.chart_axis_names(fig)
    x, y = table["x"], table["y"].astype(float)
    formats = {"panel": "text"} if "panel" in table else {}
    formats |= {"series": "text",
                "x": "date" if pd.api.types.is_datetime64_any_dtype(x) else
                ("text" if pd.api.types.is_integer_dtype(x) else "float2"),
                "y": "int" if (y.dropna() == y.dropna().round()).all() else "float2"}
    title = output.describe(fig).split(". ")[0]
    source = " ".join(t.get_text() for t in fig.texts if t.get_text().startswith("Source:"))
    return downloads.register(table, formats, {"panel": "Panel", "series": "Series",
                                               "x": xname, "y": yname},
                              caption=f"Values plotted in the chart “{title}”",
                              source=source.removeprefix("Source: "), name=title)


def names(codes: Iterable[str]) -> str:
    """Return "Mali, Burkina Faso and Niger" for ISO3 codes."""
    labels = [countries.name(c) for c in codes]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def period(params: dict) -> tuple[pd.Timestamp, pd.Timestamp, tuple[int, int]]:
    """Return (first day, last day, (first year, last year)) of validated period parameters."""
    start, end = pd.Timestamp(params["start"]), pd.Timestamp(params["end"])
    return start, end, (start.year, end.year)


class ReportContext:
    """Base of the report contexts: a repr that gives each table's size, not its rows."""

    def __repr__(self) -> str:
        """List the fields, tables as ``<DataFrame: rows × columns>``."""
        parts = [f"{f.name}={_describe(getattr(self, f.name))}" for f in fields(self)]
        return f"{type(self).__name__}(\n  " + ",\n  ".join(parts) + ")"


def _describe(value) -> str:
    if isinstance(value, pd.DataFrame):
        return f"<{type(value).__name__}: {len(value):,} rows × {value.shape[1]} columns>"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    text = repr(value)
    return text if len(text) <= 100 else text[:99] + "…"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class PeriodContext(ReportContext):
    """The context fields every period report has: its parameters, first and last day and years.

    `start`, `end` and `years` follow from `params` (also in ``dataclasses.replace``).
    """

    params: dict
    start: pd.Timestamp = field(init=False)
    end: pd.Timestamp = field(init=False)
    years: tuple[int, int] = field(init=False)

    def __post_init__(self) -> None:
        """Set the first and last day and the years of the period parameters."""
        for name, value in zip(("start", "end", "years"), period(self.params), strict=True):
            object.__setattr__(self, name, value)


def year_range(start: str, end: str) -> tuple[int, int]:
    """Return the calendar years of an ISO period."""
    return pd.Timestamp(start).year, pd.Timestamp(end).year


def event_coverage() -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last month of final GED event coverage for the AES states."""
    final = data.events(countries.AES, include_preliminary=False)
    return final["date"].min().to_period("M").to_timestamp(), \
        final["date"].max().to_period("M").to_timestamp()


def has_final_events(code: str) -> bool:
    """Return True when the embedded data ship final UCDP GED events for country `code`."""
    return bool((~data.events(code)["preliminary"]).any())


def no_event_data_text(code: str) -> str:
    """Say that the package ships no final event data for `code`, and how to get them."""
    name = countries.name(code)
    return (f"The package ships no final UCDP GED event data for {name}: its embedded events "
            f"cover the AES states ({names(countries.AES)}) only, so there is no monthly "
            f"detail, map or event list for {name} here — this is a gap in the shipped data, "
            "not an absence of violence. To add it, run `sahel-analysis data refresh` with "
            f"UCDP's final global GED ({_global_ged_file()}, from UCDP, a mirror or the download "
            "cache; see the README).")


def _global_ged_file() -> str:
    """Return the file name of UCDP's final global GED, from the source module's URL."""
    from sahel_analysis.sources import ucdp_ged

    for remote in ucdp_ged.SOURCE.files.values():
        if remote.path.startswith("ucdp_ged_global/"):
            return remote.url.rsplit("/", 1)[-1]
    return "the global GED file"


def no_event_data(code: str) -> HTML:
    """The visible note for a section that needs event data the package does not ship."""
    import html

    return HTML(f'<p class="note">{html.escape(no_event_data_text(code))}</p>')


def coverage_note(start: str, end: str, country: str | None = None) -> HTML:
    """Say which source covers which part of the period (and what is preliminary).

    For a country without shipped final event data (outside the AES) the note says so and how
    to get them, instead of describing the AES event coverage.
    """
    if country is not None and not has_final_events(country):
        import html

        first_year, last_year = year_range(start, end)
        cy = data.fatalities(country)["year"]
        text = (f"Country-year deaths by type: {_cy_dataset()}, "
                f"{max(first_year, int(cy.min()))}–{min(last_year, int(cy.max()))}. "
                + no_event_data_text(country)
                + " The few preliminary UCDP Candidate events listed are not a complete record.")
        return HTML('<div class="coverage-note"><p><b>Data coverage.</b> '
                    + html.escape(text) + "</p></div>")
    first_year, last_year = year_range(start, end)
    cy = data.fatalities(countries.AES)["year"]
    owid = data.owid_deaths(countries.AES)["year"]
    _, last_month = event_coverage()
    lines = [
        f"Country-year deaths by type: {_cy_dataset()}, "
        f"{max(first_year, int(cy.min()))}–{min(last_year, int(cy.max()))}.",
        f"Monthly series, maps and actors: UCDP GED final events up to "
        f"{last_month:%B %Y}; nothing later is final.",
    ]
    if last_year > int(cy.max()):
        lines.append(
            f"{span(int(cy.max()) + 1, min(last_year, int(owid.max())))}: only OWID's country "
            "totals "
            "(UCDP GED-based, active conflicts only, latest year possibly preliminary), shown as "
            "a separate series and never added to UCDP's."
        )
    lines.append(candidate_coverage_text())
    import html

    return HTML('<div class="coverage-note"><p><b>Data coverage.</b> '
                + html.escape(" ".join(lines)) + "</p></div>")


def _cy_dataset() -> str:
    from sahel_analysis.sources import ucdp_orgvio

    return f"UCDP country-year dataset v{ucdp_orgvio.RELEASE}"


def candidate_months() -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """Return (last final month, first and last Candidate month after it).

    The last final month comes from :func:`sahel_analysis.data.coverage`; the Candidate months
    are those the releases declare (:func:`sahel_analysis.metrics.windows.covered_months`), so
    a few rows of events that began before a release's month do not widen it.
    """
    from sahel_analysis.metrics.windows import covered_months

    final_last = data.coverage().set_index("series").loc["Events, final", "last"]
    events = data.events()
    months = sorted(month.to_timestamp() for month in covered_months(
        events[events["preliminary"]]))
    after = [month for month in months if pd.isna(final_last) or month > final_last]
    if not after:
        return final_last, pd.NaT, pd.NaT
    return final_last, after[0], after[-1]


def candidate_coverage_text() -> str:
    """Say which months only preliminary Candidate events cover, after the final GED."""
    final_last, first, last = candidate_months()
    if pd.isna(first):
        return f"No UCDP Candidate events after {final_last:%B %Y}."
    months = first.strftime("%B %Y") if first == last else f"{first:%B %Y}–{last:%B %Y}"
    gap = span(final_last.year + 1, first.year - 1) if first.year - 1 > final_last.year else ""
    return (f"{months}: UCDP Candidate events (preliminary"
            + (f"; no other month of {gap} has event data here)." if gap else ")."))


def span(first: int, last: int) -> str:
    """Return "2025" or "2024–2025"."""
    return str(first) if first == last else f"{first}–{last}"


def yearly_coverage() -> str:
    """Return the years UCDP's country-year table covers ("first–last"), from the table."""
    years = data.fatalities()["year"]
    return span(int(years.min()), int(years.max()))


def final_gap_phrase(end) -> str:
    """Say, for a period ending on `end`, what the event data hold after the final GED ends.

    "" when the final GED covers the whole period; else the last final month and either the
    Candidate months after it (preliminary) or that later events cannot appear. From the data.
    """
    final_last, first, last = candidate_months()
    end = pd.Timestamp(end)
    if pd.isna(final_last) or end <= final_last + pd.offsets.MonthEnd(0):
        return ""
    text = f"; final GED ends in {final_last:%B %Y}"
    if pd.notna(first) and first <= end:
        until = min(last, end.to_period("M").to_timestamp())
        months = f"{first:%B %Y}" if first == until else f"{first:%B %Y}–{until:%B %Y}"
        return text + (f"; after it only UCDP Candidate events (preliminary) of {months}, "
                       "in the months their releases cover")
    later = (f"events of {span(final_last.year + 1, end.year)}" if end.year > final_last.year
             else "later events")
    return text + f", so {later} cannot appear"


HEADLINE_BLOC_KEYS = ("aes_charter_signed", "aes_confederation_treaty",
                      "ecowas_exit_effective", "minusma_mandate_ends")


CHART_SKIPPED_KINDS = ("economic", "diplomatic")


def turns(countries_, categories=("coup", "foreign_forces", "russia", "un", "alliance",
                                  "ecowas")) -> pd.DataFrame:
    """Return the timeline rows drawn on charts: the countries' own turns and the bloc ones.

    Economic deals and summits (kinds ``economic``, ``diplomatic`` outside the ECOWAS steps)
    are not drawn on charts of violence.
    """
    timeline = data.timeline()
    codes = [countries_] if isinstance(countries_, str) else list(countries_)
    own = timeline["country"].isin(codes) & timeline["category"].isin(categories)
    own &= ~timeline["kind"].isin(CHART_SKIPPED_KINDS) | (timeline["category"] == "ecowas")
    bloc = timeline["key"].isin(HEADLINE_BLOC_KEYS) & timeline["country"].isin(
        [scope for scope, members in vocabulary.TIMELINE_BLOCS.items()
         if set(codes) & set(members)])
    return timeline[own | bloc].reset_index(drop=True)


def missing(message: str) -> HTML:
    """Return a visible note where a section has no data for the chosen parameters."""
    return HTML(f'<p class="note">{message}</p>')


def count_phrase(value: float, unit: str) -> str:
    """Return "1,234 deaths"."""
    return f"{fmt_int(value)} {unit}"


RUSSIAN_ARRIVAL_KEYS = {
    "MLI": "wagner_arrives_mali",
    "BFA": "africa_corps_arrives_bfa",
    "NER": "russian_instructors_arrive_ner",
}


def russian_arrival(country: str) -> pd.Series | None:
    """Return the timeline row of the arrival of Russian forces in `country`, if any."""
    key = RUSSIAN_ARRIVAL_KEYS.get(country)
    if key is None:
        return None
    rows = data.timeline(country)
    rows = rows[rows["key"] == key]
    return rows.iloc[0] if len(rows) else None


def monthly_and_yearly(countries_: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return monthly deaths (final GED, summed over countries) and yearly deaths (UCDP CY)."""
    from sahel_analysis.metrics import violence

    events = data.events(countries_, include_preliminary=False)
    monthly = violence.event_series(events, "month", by=())
    first, last = event_coverage()
    full = pd.DataFrame({"period": pd.date_range(first, last, freq="MS")})
    monthly = full.merge(monthly, on="period", how="left").fillna(0)
    cy = violence.yearly_totals(data.fatalities(countries_))
    yearly = cy.groupby("year", as_index=False)["deaths_best"].sum()
    yearly["period"] = pd.to_datetime(yearly["year"].astype(str) + "-01-01")
    return monthly, yearly


def summary(lines: list[str], data_age: str = "") -> HTML:
    """Return the page-1 summary: at most five computed lines that tell the story.

    `data_age` is the block of :func:`page_one_data_age` (newest data, their age, the stale
    box), shown above the lines.
    """
    import html

    items = "".join(f"<p>{html.escape(line)}</p>" for line in lines[:5] if line)
    return HTML(data_age + f'<div class="summary">{items}</div>')


def heading(ctx: PeriodContext, template: str) -> str:
    """Return a report's heading: `template` filled with the context and its first/last year."""
    first, last = ctx.years
    values = {f.name: getattr(ctx, f.name) for f in fields(ctx)}
    return template.format(**values, first=first, last=last)


def export_tables(title: str) -> None:
    """Write the tables the report showed to the render's Excel download (hidden last cell)."""
    from sahel_analysis import downloads

    downloads.write_workbook(title=title)


def event_coverage_phrase(codes) -> str:
    """Say up to when final event data cover `codes` (or that none are shipped)."""
    codes = [codes] if isinstance(codes, str) else list(codes)
    missing_codes = [c for c in codes if not has_final_events(c)]
    if missing_codes:
        return (f"no final event data are shipped for {names(missing_codes)} (outside the AES; "
                "`sahel-analysis data refresh` with the global GED adds them)")
    _, last = event_coverage()
    return f"final UCDP GED events to {last:%B %Y}"


def displacement_totals(disp: pd.DataFrame, codes, year: int) -> tuple[float, float]:
    """Return (refugees and asylum-seekers abroad, IDPs per IDMC) from `codes` at end of `year`."""
    own = disp[disp["origin_iso3"].isin(list(codes)) & (disp["year"] == year)]
    abroad = own[own["measure"].isin(["refugees", "asylum_seekers"])
                 & (own["host_iso3"] != own["origin_iso3"])]["value"].sum()
    idps = own[own["measure"] == "idps_idmc"]["value"].sum()
    return float(abroad), float(idps)


SCOPE_NAMES = {"AES": "AES (Mali, Burkina Faso, Niger)", "G5S": "G5 Sahel",
               "ECOWAS": "ECOWAS", "UN": "UN (Mali)"}


def scope_name(code: str) -> str:
    """Return the reader's name of a timeline scope: a country name or a bloc ("G5 Sahel")."""
    return countries.name(code) if code in countries.BY_ISO3 else SCOPE_NAMES.get(code, code)


# --- Page 1: the newest date of each source a report uses and its age -------------------------

DATA_AGE_LABELS = {
    "fatalities": "UCDP yearly datasets",
    "civilian_killings": "UCDP yearly datasets",
    "dyads": "UCDP yearly datasets",
    "conflicts": "UCDP yearly datasets",
    "owid_deaths": "OWID country totals (UCDP-based)",
    "displacement": "displacement (UNHCR, IDMC)",
    "arms_deliveries": "arms deliveries (SIPRI)",
    "arms_orders": "arms orders (SIPRI)",
    "indicators": "indicators (World Bank WDI)",
    "gold_price": "gold price",
}


FINAL_EVENTS = "events, final (UCDP GED)"
CANDIDATE_EVENTS = "events, preliminary (UCDP Candidate)"


@dataclass(frozen=True)
class DataAge:
    """The newest date one source of a report reaches and its age in days on a reference day."""

    source: str
    newest: dt.date
    age_days: int


def reference_day(params: dict, today: dt.date | None = None) -> dt.date:
    """Return the day a report is written as of: its ``as_of`` date, else today (UTC)."""
    as_of = params.get("as_of")
    if isinstance(as_of, str) and as_of != "latest":
        return dt.date.fromisoformat(as_of[:10])
    return today or dt.datetime.now(dt.UTC).date()


def newest_dates(tables: Iterable[str], *, events: pd.DataFrame | None = None,
                 timeline: pd.DataFrame | None = None, entries: dict | None = None
                 ) -> list[tuple[str, dt.date]]:
    """Return (source, newest date) for each dated source among `tables`, in `tables`' order.

    Events give two sources, final GED and UCDP Candidate (their newest event dates, from
    `events` or the whole table); the timeline its newest row (from `timeline` or the table);
    every other table the end of its manifest coverage (a year counts to 31 December).
    """
    entries = entries if entries is not None else data.manifest()["tables"]
    found = []
    for table in tables:
        if table == "events":
            frame = events if events is not None else data.events()
            for preliminary, label in ((False, FINAL_EVENTS), (True, CANDIDATE_EVENTS)):
                dates = frame.loc[frame["preliminary"] == preliminary, "date"]
                if len(dates):
                    found.append((label, dates.max().date()))
        elif table == "timeline":
            frame = timeline if timeline is not None else data.timeline()
            if len(frame):
                found.append(("timeline (hand-written, sourced)", frame["date"].max().date()))
        elif table in DATA_AGE_LABELS and table in entries:
            end = data.coverage_end(entries[table])
            if end is not None:
                found.append((DATA_AGE_LABELS[table], end))
    newest: dict[str, dt.date] = {}
    for source, day in found:  # one entry per source: its newest date
        newest[source] = max(day, newest.get(source, day))
    return list(newest.items())


def data_ages(dates: Iterable[tuple[str, dt.date]], on: dt.date) -> list[DataAge]:
    """Return the age in days on day `on` of each (source, newest date)."""
    return [DataAge(source, newest, (on - newest).days) for source, newest in dates]


def stale(ages: Iterable[DataAge], max_data_age: int | None) -> list[DataAge]:
    """Return the sources older than `max_data_age` days (none when the limit is None).

    Event data are judged by their newest release: final GED is a yearly release a year or more
    behind by design, and newer Candidate events are what fills that gap, so the final events'
    age counts only when no newer Candidate events exist (it is always shown).
    """
    if max_data_age is None:
        return []
    ages = list(ages)
    newest = {a.source: a.newest for a in ages}
    candidate = newest.get(CANDIDATE_EVENTS)
    return [a for a in ages if a.age_days > max_data_age
            and not (a.source == FINAL_EVENTS and candidate is not None
                     and candidate > a.newest)]


def age_phrase(days: int) -> str:
    """Return "1,067 days, 35 months" or "12 days"."""
    text = f"{days:,} day{'s' if days != 1 else ''}"
    return text + (f", {round(days / 30.44)} months" if days >= 61 else "")


def data_age_text(ages: list[DataAge], on: dt.date) -> str:
    """Say the newest date of each source and its age on day `on`, in one sentence."""
    parts = [f"{a.source} to {a.newest:%d %b %Y} ({age_phrase(a.age_days)})" for a in ages]
    return f"Newest data, and their age on {on.day} {on:%B %Y}: " + "; ".join(parts) + "."


def stale_box_text(too_old: list[DataAge], max_data_age: int) -> str:
    """Say which sources are older than the report's limit and how to read the figures."""
    sources = "; ".join(f"{a.source} to {a.newest:%d %b %Y}" for a in too_old)
    return (f"Old data: older than the {max_data_age}-day limit set for this report "
            f"(max_data_age): {sources}. Read every figure from them as a picture of that time, "
            "not of today.")


def data_age_block(ages: list[DataAge], on: dt.date, max_data_age: int | None) -> str:
    """Return page 1's data-age line (HTML) with the stale box when a source is too old."""
    import html

    too_old = stale(ages, max_data_age)
    box = ""
    if too_old:
        head, _, rest = stale_box_text(too_old, max_data_age).partition(": ")
        box = (f'<div class="alert-box"><p><b>{html.escape(head)}.</b> '
               f"{html.escape(rest[:1].upper() + rest[1:])}</p></div>")
    line = (f'<div class="data-age"><p>{html.escape(data_age_text(ages, on))}</p></div>'
            if ages else "")
    return box + line


def page_one_data_age(ctx, tables: Iterable[str]) -> str:
    """Return the data-age block of a period report: the whole tables' newest data, today (UTC).

    The data's own newest dates, not the chosen period's: a period that ends early is the
    reader's choice, not old data.
    """
    on = reference_day(ctx.params)
    return data_age_block(data_ages(newest_dates(tables), on), on,
                          ctx.params.get("max_data_age"))


# Download headers of the deaths in a before/after window (best, low, high on each side), shared
# by every report that shows turn windows.
WINDOW_DEATH_HEADERS = {
    "deaths_before": "Deaths before (best)", "deaths_before_low": "Deaths before (low)",
    "deaths_before_high": "Deaths before (high)", "deaths_after": "Deaths after (best)",
    "deaths_after_low": "Deaths after (low)", "deaths_after_high": "Deaths after (high)"}
