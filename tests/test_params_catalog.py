import pytest

from sahel_analysis.catalog import get_report, load_catalog, slug, validate_parameters
from sahel_analysis.exceptions import ParameterError, UnknownReportError


def test_defaults_and_normalisation():
    params = validate_parameters("country_profile", {"country": "burkina faso", "start": "2015"})
    assert params == {"start": "2015-01-01", "end": "2025-12-31", "country": "BFA",
                      "event_source": "ucdp", "max_data_age": 550}
    assert validate_parameters("realignment", {})["max_data_age"] == 550
    assert validate_parameters("displacement", {"max_data_age": "none"})["max_data_age"] is None
    assert validate_parameters("regional_security", {})["countries"] == ["MLI", "BFA", "NER"]
    assert validate_parameters("briefing", {})["as_of"] == "latest"
    assert validate_parameters("briefing", {})["max_data_age"] == 90
    assert validate_parameters("briefing", {"max_data_age": None})["max_data_age"] is None
    assert validate_parameters("briefing", {"max_data_age": "30"})["max_data_age"] == 30
    assert validate_parameters("briefing", {"max_data_age": "none"})["max_data_age"] is None


@pytest.mark.parametrize("report, params, message", [
    ("country_profile", {"cuntry": "MLI"}, "cuntry: unknown parameter"),
    ("country_profile", {"event_source": "gdelt"}, "event_source: Input should be 'ucdp'"),
    ("briefing", {"event_source": "ged"}, "event_source"),
    ("country_profile", {"country": 432}, "country: wrong type int"),
    ("country_profile", {"country": "France"}, "not a covered country"),
    ("country_profile", {"start": "2020", "end": "2019"}, "inverted"),
    ("realignment", {"start": "1950", "end": "1960"}, "before the first day of the data"),
    ("regional_security", {"countries": []}, "at least one country"),
    ("regional_security", {"countries": 5}, "wrong type int"),
    ("briefing", {"as_of": "1970-01-01"}, "outside the data"),
    ("briefing", {"as_of": "2999-01-01"}, "outside the data"),
    ("briefing", {"max_data_age": -1}, "max_data_age"),
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


@pytest.mark.parametrize("explicit", [{"start": 2019}, {"start": "2019"}, {"start": 2019.0}])
def test_years_may_be_integers(explicit):
    params = validate_parameters("country_profile", {"country": "MLI", **explicit})
    assert params["start"] == "2019-01-01"
    assert validate_parameters("realignment", {"end": 2020})["end"] == "2020-12-31"


@pytest.mark.parametrize("params, message", [
    ({"start": "2020-01-01<script>"}, "cannot read"),
    ({"start": "2020-01-01T00:00"}, "cannot read"),
    ({"end": "2100"}, "after the last day of the data"),
    ({"end": "9999-12"}, "after the last day of the data"),
    ({"start": "1900", "end": "2020"}, "before the first day of the data"),
    ({"start": True}, "wrong type bool"),
    ({"start": 2019.5}, "not a whole year"),
])
def test_loose_values_are_refused(params, message):
    with pytest.raises(ParameterError, match=message):
        validate_parameters("realignment", params)


def test_huge_values_are_not_echoed_whole():
    with pytest.raises(ParameterError) as error:
        validate_parameters("country_profile", {"country": "x" * 120_000})
    assert len(str(error.value)) < 1_000 and "120002 characters" in str(error.value)


def test_slug_is_unique_per_parameter_set_and_readable():
    start = slug("country_profile", {"country": "MLI", "start": "2015-01-01"})
    end = slug("country_profile", {"country": "MLI", "end": "2015-01-01"})
    assert start != end
    assert start == "country_profile-MLI-start-2015-01-01"
    assert slug("country_profile", {"end": "2016-12-31", "start": "2015-01-01"}) == slug(
        "country_profile", {"start": "2015-01-01", "end": "2016-12-31"})


def test_huge_unknown_names_are_not_echoed_whole():
    with pytest.raises(ParameterError) as error:
        validate_parameters("country_profile", {"y" * 120_000: "1"})
    assert len(str(error.value)) < 1_000


def test_validate_parameters_of_an_unknown_report():
    with pytest.raises(UnknownReportError, match="Valid reports"):
        validate_parameters("weather", {})


def test_a_start_after_the_data_is_out_of_range_not_inverted():
    from sahel_analysis.exceptions import ParameterError

    with pytest.raises(ParameterError, match="after the last day of the data"):
        validate_parameters("country_profile", {"start": "2030"})
    with pytest.raises(ParameterError, match="give an end as well"):
        validate_parameters("country_profile", {"start": "2026-01"})


def test_countries_may_be_comma_separated_as_papermill_passes_them():
    params = validate_parameters("regional_security", {"countries": "MLI,BFA"})
    assert params["countries"] == ["MLI", "BFA"]
