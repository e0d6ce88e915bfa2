"""Country profile: page 1, the major-events table, and the notes of a country without events."""

import json

import pytest

from sahel_analysis import config
from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import common, country_profile


def _ctx(code, **params):
    return country_profile.context(validate_parameters("country_profile",
                                                       {"country": code, **params}))


def _notebook_sections(ctx) -> list:
    """Every section the notebook shows, in its order (`report.x(ctx)` cells)."""
    notebook = json.loads((config.notebooks_dir() / "country_profile.ipynb").read_text())
    names = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "report." in source and "export" not in source:
            names += [part.split("(")[0] for part in source.split("report.")[1:]]
    return [getattr(country_profile, name)(ctx) for name in names if name not in ("context",)]


@pytest.fixture(scope="module")
def chad():
    return _ctx("TCD")


def test_chad_says_once_that_no_final_events_are_shipped_and_draws_no_empty_chart(chad):
    shown = _notebook_sections(chad)
    text = " ".join(section.text for section in shown)
    assert text.count(common.no_event_data_text("TCD")) == 1  # in the coverage note only
    windows = country_profile.windows(chad)
    assert windows.figure is None  # no frame saying "no turn has both windows covered"
    assert "country-year" in windows.text


@pytest.fixture(scope="module")
def mali():
    return _ctx("MLI")


def test_major_events_table_holds_moura_with_ucdp_and_the_un_toll(mali):
    table = country_profile.major_events_table(mali)
    moura = table.data[table.data["key"] == "moura_2022"]
    assert set(moura["publisher"]) >= {"UN OHCHR", "Human Rights Watch"}
    assert (moura["ucdp_event_id"] == 433697).all()
    assert (moura["ucdp_best"] == 313).all() and (moura["ucdp_civilians"] == 243).all()
    un = moura[moura["publisher"] == "UN OHCHR"].iloc[0]
    assert un["toll"] == "more than 500" and un["source"] and un["why_differs"]
    assert "313" in table.html and "more than 500" in table.html


def test_page_one_civilians_sentence_names_the_battle_coded_massacre(mali):
    findings = country_profile.key_findings(mali).text
    civilians = next(line for line in findings.splitlines() if "Who killed civilians" in line)
    assert "Mora village" in civilians and "coded as a battle" in civilians
    assert "243 civilians among 313 deaths" in civilians and "more than 500" in civilians


def test_page_one_has_three_sentences_and_a_chart(mali):
    page_one = country_profile.summary(mali)
    assert page_one.figure is not None and page_one.figure.axes[0].get_title(loc="left")
    sentences = [line for line in page_one.text.splitlines()
                 if not line.startswith(("Old data.", "Newest data"))]
    assert len(sentences) == 3


def test_first_finding_says_the_latest_owid_year_is_one_source_without_acled(mali, monkeypatch):
    monkeypatch.setattr(country_profile, "_acled_country_year", lambda: (None, ""))
    first = country_profile.key_findings(mali).text.splitlines()[1]
    year = int(mali.owid["year"].max())
    assert first.startswith("- In OWID's") and f"The {year} figure is preliminary and from " \
        "one source" in first


def test_first_finding_gives_both_figures_when_acled_points_the_other_way(mali, monkeypatch):
    import pandas as pd

    year = int(mali.owid["year"].max())
    owid = mali.owid.groupby("year")["deaths_best"].sum()
    owid_rose = owid[year] > owid[year - 1]
    acled = pd.DataFrame({"country_iso3": "MLI", "year": [year - 1, year],
                          "fatalities": [4000, 3000] if owid_rose else [3000, 4000]})
    monkeypatch.setattr(country_profile, "_acled_country_year", lambda: (acled, "01 Dec 2026"))
    first = country_profile.key_findings(mali).text.splitlines()[1]
    assert "The sources disagree" in first and "3,000" in first and "4,000" in first
    assert f"{owid[year]:,.0f}" in first


def test_partners_text_for_mali_names_the_un_missions_exit(mali):
    html = country_profile.partners_table(mali).html
    assert "2023→2024" in html and "UN mission (MINUSMA) left" in html
    assert "<td>2023</td><td>UN troop contributors (52 states, among them France and United " \
        "States)" in html  # France and the US were not fighting beside the government in 2023


def test_hosted_refugees_table_names_the_host(chad):
    assert "hosted in Chad, end" in country_profile.hosted_table(chad).html


def test_maps_name_the_main_towns_in_rows_of_two_readable_maps(mali):
    figures = [chart.fig for chart in country_profile.maps(mali)]
    assert len(figures) == 2  # four periods: two rows of two maps, each printed at half width
    names = {t.get_text() for fig in figures for ax in fig.axes for t in ax.texts}
    assert {"Gao", "Timbuktu", "Mopti", "Bamako"} <= names
    for fig in figures:
        width, height = fig.get_size_inches()
        assert height / width <= 120 / 170  # the print CSS caps images at 120 mm high
