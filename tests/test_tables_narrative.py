import pandas as pd

from sahel_analysis import narrative, tables


def test_formatters():
    assert tables.fmt_int(1234567.4) == "1,234,567"
    assert tables.fmt_signed_pct(0.404) == "+40%"
    assert tables.fmt_signed_pct(-0.1) == "-10%"
    assert tables.fmt_pct(None) == "–"
    assert tables.fmt_signed_pct(float("inf")) == "new"


def test_html_table_units_and_alignment():
    frame = pd.DataFrame({"country": ["Mali"], "deaths": [3656], "change": [0.726]})
    html = tables.html_table(frame, {"country": "text", "deaths": "int", "change": "signed_pct"},
                             {"deaths": "Deaths (best estimate)"}, source="UCDP")
    assert "<th class=\"num\">Deaths (best estimate)</th>" in html
    assert "<td class=\"num\">3,656</td>" in html and "+73%" in html
    assert "Source: UCDP" in html


def test_sentences_are_computed():
    assert narrative.describe_change("Deaths", 140, 100, "2023", "2022") == \
        "Deaths rose by 40% to 140 deaths in 2023 (2022: 100)."
    assert "fell by 50%" in narrative.describe_change("Deaths", 50, 100, "b", "a")
    assert "none in" in narrative.describe_change("Deaths", 5, 0, "b", "a")
    assert "1 civilian in b" in narrative.describe_change("Killed", 1, 0, "b", "a", "civilians")
    html = narrative.key_findings_html(["one <b>", "two"])
    assert html.count("<li>") == 2 and "&lt;b&gt;" in html


def test_large_changes_are_multiples_and_zero_has_no_sign():
    assert tables.fmt_signed_pct(105.0) == "×106"  # +10,500%
    assert tables.fmt_signed_pct(10.0) == "+1000%"
    assert tables.fmt_signed_pct(-0.004) == "0%" and tables.fmt_signed_pct(0.001) == "0%"
    assert "×25" in narrative.describe_change("Deaths", 2500, 100, "b", "a").replace(
        "multiplied by 25", "×25")
    assert "10,000%" not in narrative.describe_change("Deaths", 10100, 100, "b", "a")


def test_one_spelling_per_name_and_links():
    frame = pd.DataFrame({"supplier": ["Turkiye", "Turkey", "Türkiye"]})
    html = tables.html_table(frame, {"supplier": "text"},
                             source="see https://www.sipri.org/databases/armstransfers.")
    assert html.count("Türkiye") == 3 and "Turkey" not in html
    assert '<a href="https://www.sipri.org/databases/armstransfers">' in html
    assert 'class="table-scroll"' in html  # wide tables scroll inside their box


def test_ucdp_names_shown_as_a_reader_knows_them_while_the_data_keep_them():
    from sahel_analysis import data, tables

    events = data.events()
    assert (events["place"] == "Balavé departmenr").any()  # UCDP's original kept in the data
    assert tables.display_name("Balavé departmenr") == "Balavé department"
    assert tables.display_name("Government of Mali, Government of Russia (Soviet Union)") == \
        "Government of Mali, Government of Russia"
    assert tables.display_name("Turkey") == "Türkiye"
