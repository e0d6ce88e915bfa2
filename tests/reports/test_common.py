from sahel_analysis.reports import common


def test_non_aes_profiles_say_the_data_are_not_shipped_not_that_nothing_happened():
    for code, name in (("TCD", "Chad"), ("BEN", "Benin")):
        assert not common.has_final_events(code)
        note = common.coverage_note("2012-01-01", "2025-12-31", code).data
        text = common.no_event_data(code).data
        for html in (note, text):
            assert f"ships no final UCDP GED event data for {name}" in html
            assert "data refresh" in html and "global GED" in html
            assert "no events" not in html.lower()
    assert common.has_final_events("MLI")
    assert "ships no final" not in common.coverage_note("2012-01-01", "2025-12-31", "MLI").data


def test_summary_has_at_most_five_lines():
    html = common.summary([f"line {i}" for i in range(7)]).data
    assert html.count("<p>") == 5
