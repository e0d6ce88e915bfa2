import pytest

from sahel_analysis import countries
from sahel_analysis.exceptions import UnknownCountryError


@pytest.mark.parametrize("text, code", [("MLI", "MLI"), ("mli", "MLI"), ("Burkina Faso", "BFA"),
                                        ("burkina", "BFA"), ("Ivory Coast", "CIV"),
                                        (" niger ", "NER")])
def test_to_iso3_accepts_codes_and_names(text, code):
    assert countries.to_iso3(text) == code


def test_unknown_country_lists_valid_ones():
    with pytest.raises(UnknownCountryError) as error:
        countries.to_iso3("Atlantis")
    assert "Atlantis" in str(error.value)
    assert "MLI (Mali)" in str(error.value) and "NER (Niger)" in str(error.value)


def test_normalise_deduplicates_and_rejects_empty():
    assert countries.normalise(["mali", "MLI", "Niger"]) == ["MLI", "NER"]
    assert countries.normalise(None, default=countries.AES) == list(countries.AES)
    with pytest.raises(UnknownCountryError):
        countries.normalise([])


def test_gleditsch_ward_codes_match_ucdp_country_names(mirror):
    import pandas as pd

    ucdp = pd.read_csv(mirror / "ucdp_orgvio_cy" / "organizedviolencecy_v25_1.csv",
                       usecols=["country_id_cy", "country_cy"]).drop_duplicates()
    names = dict(zip(ucdp["country_id_cy"], ucdp["country_cy"], strict=True))
    for country in countries.COUNTRIES:
        assert countries.to_iso3(names[country.gw_code]) == country.iso3
