"""Who fights beside each government: UCDP/PRIO ACD secondary parties (issue 9, new)."""

import pandas as pd

from sahel_analysis import countries, data
from sahel_analysis.metrics import partners


def _groups():
    return partners.partner_groups(data.conflicts(countries.AES)).set_index(
        ["country_iso3", "year"])


def test_split_parties():
    assert partners.split_parties("Government of Chad, Government of Russia (Soviet Union)") == [
        "Chad", "Russia (Soviet Union)"]
    assert partners.split_parties(pd.NA) == [] and partners.split_parties(None) == []


def test_mali_france_and_un_contributors_to_2023_then_russia_and_aes_in_2024():
    groups = _groups()
    y2023, y2024 = groups.loc[("MLI", 2023)], groups.loc[("MLI", 2024)]
    # France's own troops left Mali in August 2022: in 2023 ACD lists it, like the United
    # States, only as one of MINUSMA's troop contributors, not as fighting beside the government
    assert not y2023["france"] and not y2023["united_states"] and not y2023["russia"]
    assert y2023["un_contributors"] >= 40 and "among them France and United States" in y2023[
        "summary"]
    assert groups.loc[("MLI", 2021), "france"]  # Barkhane years: France named
    assert y2024["russia"] and not y2024["france"] and y2024["un_contributors"] == 0
    assert y2024["aes"] == ["Burkina Faso", "Niger"]
    assert y2024["summary"] == "Russia; AES partners (Burkina Faso, Niger)"


def test_niger_france_and_us_to_2022_then_none():
    groups = _groups()
    assert groups.loc[("NER", 2022), "france"] and groups.loc[("NER", 2022), "united_states"]
    assert groups.loc[("NER", 2023), "france"] and not groups.loc[("NER", 2023), "united_states"]
    assert groups.loc[("NER", 2024), "summary"] == "none"


def test_short_lists_are_named_and_aes_label_starts_with_the_alliance():
    groups = _groups()
    assert groups.loc[("BFA", 2021), "un_contributors"] == 0
    assert "Togo" in groups.loc[("BFA", 2021), "summary"]
    assert "AES" not in groups.loc[("BFA", 2021), "summary"]
    # in 2023 UCDP/PRIO ACD still lists them as MINUSMA-era partners: named, not "AES"
    assert "AES" not in groups.loc[("BFA", 2023), "summary"]
    assert groups.loc[("BFA", 2024), "summary"].startswith("AES partners")


def test_mali_2023_to_2024_change_is_the_un_missions_exit():
    groups = partners.partner_groups(data.conflicts(countries.AES))
    sentence = partners.un_exit_sentence(groups, "MLI")
    assert sentence.startswith("2023→2024") and "UN mission (MINUSMA) left" in sentence
    assert "30 June 2023" in sentence and partners.un_exit_sentence(groups, "NER") is None
