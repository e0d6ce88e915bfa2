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


@pytest.mark.parametrize("given, iso3", [
    ("Tchad", "TCD"), ("Mauritanie", "MRT"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"), ("Bénin", "BEN"), ("benin", "BEN"), ("SÉNÉGAL", "SEN"),
    ("senegal", "SEN"), ("Guinée", "GIN"), ("Algérie", "DZA"), ("Libye", "LBY"),
    ("Cameroun", "CMR"), ("  burkina   faso ", "BFA"),
])
def test_french_names_are_accepted_with_or_without_accents(given, iso3):
    from sahel_analysis.countries import to_iso3

    assert to_iso3(given) == iso3


def test_french_country_names_as_parameters():
    from sahel_analysis.catalog import validate_parameters

    assert validate_parameters("country_profile", {"country": "Tchad"})["country"] == "TCD"
    assert validate_parameters("regional_security",
                               {"countries": ["Mauritanie", "Bénin"]})["countries"] == [
        "MRT", "BEN"]


def test_local_names_come_from_cldr():
    from sahel_analysis.countries import COUNTRIES, local_name

    french = {c.iso3: local_name(c.iso3, "fr") for c in COUNTRIES}
    assert french["TCD"] == "Tchad" and french["CIV"] == "Côte d’Ivoire"
    assert french["MLI"] == "Mali" and local_name("TCD", "en") == "Chad"
