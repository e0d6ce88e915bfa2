import dataclasses

import pandas as pd

from sahel_analysis import countries, data, metrics
from sahel_analysis.reports import briefing, common


def test_latest_full_month():
    assert briefing.latest_full_month(pd.Timestamp("2026-01-31")) == pd.Timestamp("2026-01-01")
    assert briefing.latest_full_month(pd.Timestamp("2023-06-15")) == pd.Timestamp("2023-05-01")


def test_january_2026_is_a_covered_candidate_month_but_stray_rows_are_not():
    months = briefing.covered_months(data.events(countries.AES))
    assert pd.Timestamp("2026-01-01") in months
    assert pd.Timestamp("2025-12-01") not in months  # 3 stray rows dated late Dec 2025
    assert pd.Timestamp("2023-12-01") in months and pd.Timestamp("2024-06-01") not in months


def test_monthly_comparison_at_end_of_2023_against_the_final_ged_rows():
    ctx = briefing.context({"as_of": "2023-12-31", "max_data_age": 90})
    assert ctx.month == pd.Timestamp("2023-12-01")
    table = briefing.comparison(ctx).set_index("country_iso3")
    final = data.events(countries.AES, include_preliminary=False)
    month = final["date"].dt.to_period("M")

    def deaths(code, period):
        return final.loc[(final["country_iso3"] == code) & (month == period), "deaths_best"].sum()

    for code in countries.AES:
        row = table.loc[code]
        assert row["latest"] == deaths(code, pd.Period("2023-12"))
        assert row["previous"] == deaths(code, pd.Period("2023-11"))
        assert row["year_earlier"] == deaths(code, pd.Period("2022-12"))
        window = pd.period_range("2022-12", "2023-11", freq="M")
        assert abs(row["mean_12"] - sum(deaths(code, p) for p in window) / 12) < 1e-9
    assert table.loc["AES", "latest"] == sum(table.loc[c, "latest"] for c in countries.AES)
    note = briefing.coverage_note(ctx).data  # the windows are printed
    for text in ("December 2023", "November 2023", "December 2022",
                 "December 2022–November 2023", "UCDP GED final"):
        assert text in note


def test_data_lag_on_page_one_and_warning_box_over_max_data_age():
    ctx = briefing.context({"as_of": "2026-11-29", "max_data_age": 90})
    assert ctx.lag.months == 10 and ctx.lag.newest.month == 1
    text = briefing.summary(ctx).data
    assert "Event data to January 2026, 10 months before the briefing date" in text
    assert "alert-box" in text and "max_data_age" in text
    assert ctx.month == pd.Timestamp("2023-12-01")  # final GED: newest complete year
    quiet = briefing.summary(dataclasses.replace(ctx, max_data_age=None)).data
    assert "alert-box" not in quiet
    fresh = briefing.context({"as_of": "2026-02-15", "max_data_age": 90})
    box = briefing.summary(fresh).data.split('<div class="data-age">')[0]
    assert "events, preliminary" not in box  # January 2026 is 15 days old
    assert "events, final" not in box  # final GED is judged by the newer Candidate release
    assert "timeline" not in box  # the timeline's newest row (February 2026) is 14 days old


def test_the_briefing_leads_with_the_newest_month_labelled_preliminary():
    ctx = briefing.context({"as_of": "2026-12-02", "max_data_age": 90})
    assert ctx.lead.month == pd.Timestamp("2026-01-01") and ctx.lead.preliminary
    text = briefing.summary(ctx).text
    raw = pd.read_parquet(data.config.data_dir() / "events.parquet")
    january = raw[raw["country_iso3"].isin(countries.AES) & raw["preliminary"]
                  & (raw["date"].dt.to_period("M") == pd.Period("2026-01"))]
    lead = (f"Newest month, January 2026 (preliminary, UCDP Candidate data, 11 months before "
            f"the briefing date): {january['deaths_best'].sum():,} deaths in organised violence "
            f"in the AES states in {len(january):,} events. No earlier month in UCDP Candidate "
            "data to compare it with")
    assert lead in text
    assert text.index(lead) < text.index("Checked month (final UCDP GED), December 2023")
    deadliest = briefing.lead_deadliest_table(ctx).data
    expected = metrics.violence.deadliest_events(january, n=briefing.DEADLIEST)
    assert list(deadliest["event_id"]) == list(expected["event_id"])
    note = briefing.lead_note(ctx).text
    assert "Not compared with the month before (December 2025)" in note
    findings = briefing.key_findings(ctx).text
    assert "Deadliest event of January 2026" in findings
    newest = data.timeline().sort_values("date").iloc[-1]
    assert f"{newest['title']} ({newest['date']:%d %b %Y}), 10 months before the briefing date" \
        in findings
    # the Candidate table carries no columns of months its source does not cover
    assert "Dec 2025" not in briefing.lead_table(ctx).html


def test_page_one_flags_burkina_faso_december_2023_as_possibly_incompletely_coded():
    ctx = briefing.context({"as_of": "2026-12-02", "max_data_age": 90})
    text = briefing.summary(ctx).text
    assert ("Burkina Faso, December 2023: 15 UCDP events against 49 the month before" in text
            and "possibly incompletely coded" in text)
    assert "Mali, December 2023" not in text


def test_turn_age():
    assert briefing.turn_age(pd.Timestamp("2026-12-02"), pd.Timestamp("2025-09-22")) == \
        "14 months before the briefing date"
    assert briefing.turn_age(pd.Timestamp("2026-12-02"), pd.Timestamp("2026-11-20")) == \
        "12 days before the briefing date"


def test_deadliest_events_come_from_the_data_not_the_timeline():
    ctx = briefing.context({"as_of": "2023-12-31", "max_data_age": None})
    table = briefing._deadliest(ctx)
    december = ctx.final[ctx.final["date"].dt.to_period("M") == pd.Period("2023-12")]
    expected = metrics.violence.deadliest_events(december, n=briefing.DEADLIEST)
    assert list(table["event_id"]) == list(expected["event_id"])
    html = briefing.deadliest_table(ctx).html
    assert "Farabougou" in html or str(table.iloc[0]["place"]).split(" ")[0] in html


def test_turns_keep_own_and_headline_bloc_events():
    turns = common.turns("NER")
    assert set(turns["country"]) <= {"NER", "AES", "ECOWAS", "UN"}
    assert "Coup in Niger (Tiani)" in set(turns["title"])
    assert "AES charter signed" in set(turns["title"])
    assert "Coup in Mali (Sanogo)" not in set(turns["title"])
    assert common.turns("BEN").empty or not set(common.turns("BEN")["country"]) & {"AES", "UN"}


def test_russian_arrivals_by_key():
    assert common.russian_arrival("MLI")["key"] == "wagner_arrives_mali"
    assert common.russian_arrival("NER")["date"] == pd.Timestamp("2024-04-01")
    assert common.russian_arrival("BEN") is None


def test_a_frozen_idp_stock_is_flagged_not_shown_as_zero_change():
    import pandas as pd

    from sahel_analysis.reports.briefing import _change_or_frozen

    stock = pd.Series({2023: 2_062_534, 2024: 2_062_534, 2025: 2_062_534})
    assert _change_or_frozen(stock, 2025) == "not updated since end-2023"
    assert _change_or_frozen(pd.Series({2024: 100, 2025: 150}), 2025) == "+50%"


def test_the_newest_month_has_its_own_map_named_by_its_source():
    ctx = briefing.context({"as_of": "2026-12-02", "max_data_age": 90})
    chart = briefing.lead_map(ctx)
    title = chart.figure.axes[0].get_title(loc="left")
    assert title == "Where people were killed, January 2026 (UCDP Candidate 26.0.1, preliminary)"
    assert f"{len(briefing.month_events(ctx)):,} events" in chart.charts[0].alt
