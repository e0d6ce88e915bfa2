import pytest

from sahel_analysis.catalog import get_report, load_catalog, slug
from sahel_analysis.exceptions import ParameterError, UnknownReportError
from sahel_analysis.params import validate_parameters


def test_defaults_and_normalisation():
    params = validate_parameters("country_profile", {"country": "burkina faso", "start": "2015"})
    assert params == {"start": "2015-01-01", "end": "2025-12-31", "country": "BFA",
                      "event_source": "ucdp"}
    assert validate_parameters("regional_security", {})["countries"] == ["MLI", "BFA", "NER"]
    assert validate_parameters("briefing", {})["as_of"] == "latest"


@pytest.mark.parametrize("report, params, message", [
    ("country_profile", {"cuntry": "MLI"}, "cuntry: unknown parameter"),
    ("country_profile", {"event_source": "gdelt"}, "event_source: Input should be 'ucdp'"),
    ("briefing", {"event_source": "ged"}, "event_source"),
    ("country_profile", {"country": 432}, "country: wrong type int"),
    ("country_profile", {"country": "France"}, "not a covered country"),
    ("country_profile", {"start": "2020", "end": "2019"}, "inverted"),
    ("realignment", {"start": "1950", "end": "1960"}, "is empty"),
    ("regional_security", {"countries": []}, "at least one country"),
    ("regional_security", {"countries": "MLI"}, "wrong type str"),
    ("briefing", {"as_of": "1970-01-01"}, "outside the data"),
])
def test_bad_parameters_name_the_parameter(report, params, message):
    with pytest.raises(ParameterError) as error:
        validate_parameters(report, params)
    assert message in str(error.value)
    assert f"report '{report}'" in str(error.value)


def test_catalog_lists_five_reports_with_existing_notebooks():
    catalog = load_catalog()
    assert list(catalog) == ["country_profile", "regional_security", "realignment",
                             "displacement", "briefing"]
    for report in catalog.values():
        assert report.notebook.is_file()
        assert report.parameters()
    assert [r["country"] for r in catalog["country_profile"].default_run] == ["MLI", "BFA",
                                                                              "NER"]


def test_unknown_report():
    with pytest.raises(UnknownReportError, match="Valid reports: country_profile"):
        get_report("weather")


def test_slug():
    assert slug("country_profile", {"country": "MLI"}) == "country_profile-MLI"
    assert slug("briefing", {"as_of": "latest"}) == "briefing"
    assert slug("regional_security", {"countries": ["MLI", "NER"]}) == "regional_security-MLI-NER"
