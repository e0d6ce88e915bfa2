import pandas as pd
import pytest

from sahel_analysis.sources import ged_releases, ucdp_acd, ucdp_ged, ucdp_nonstate, ucdp_orgvio


@pytest.fixture(scope="module")
def orgvio_raw(mirror):
    return ucdp_orgvio.read(mirror / ucdp_orgvio.SOURCE.files["country_year"].path)


def test_fatalities_sum_to_ucdp_total(orgvio_raw):
    tidy = ucdp_orgvio.tidy_fatalities(orgvio_raw)
    summed = tidy.groupby(["country_iso3", "year"])["deaths_best"].sum()
    expected = orgvio_raw.set_index(["country_iso3", "year_cy"])[
        "cumulative_total_deaths_in_orgvio_best_cy"]
    expected.index.names = ["country_iso3", "year"]
    pd.testing.assert_series_equal(summed.sort_index(), expected.sort_index(), check_names=False)
    assert set(tidy["violence_type"]) == {"state_based", "non_state", "one_sided"}


def test_known_values_from_readme(orgvio_raw):
    tidy = ucdp_orgvio.tidy_fatalities(orgvio_raw)
    totals = tidy.groupby(["country_iso3", "year"])["deaths_best"].sum()
    assert totals[("MLI", 2022)] == 3656
    assert totals[("BFA", 2023)] == 6122
    assert totals[("NER", 2024)] == 1222


def test_dyads_split_names(orgvio_raw):
    dyads = ucdp_orgvio.tidy_dyads(orgvio_raw)
    mali_2022 = set(dyads[(dyads["country_iso3"] == "MLI") & (dyads["year"] == 2022)
                          & (dyads["violence_type"] == "state_based")]["dyad_name"])
    assert mali_2022 == {"Government of Mali - IS", "Government of Mali - JNIM"}


def test_read_ged_handles_both_layouts(mirror):
    final = ucdp_ged.read_ged(mirror / "ucdp_ged_sahel" / "Mali.csv", "final", preliminary=False)
    candidate = ucdp_ged.read_ged(mirror / "ucdp_ged" / "GEDEvent_v26_0_1.csv", "cand",
                                  preliminary=True)
    assert len(final) == 2120
    assert final["date"].min() >= pd.Timestamp("1990-01-01")
    assert final["date"].max() == pd.Timestamp("2023-12-31")
    assert (candidate["date"].dt.year >= 2025).all()
    assert set(candidate["country_iso3"]) >= {"MLI", "BFA", "NER"}
    assert candidate["preliminary"].all() and not final["preliminary"].any()
    assert (final["deaths_best"] == final[["deaths_a", "deaths_b", "deaths_civilians",
                                           "deaths_unknown"]].sum(axis=1)).all()


def test_final_rows_win_over_candidates(mirror):
    final = ucdp_ged.read_ged(mirror / "ucdp_ged_sahel" / "Mali.csv", "final", preliminary=False)
    candidate = ucdp_ged.read_ged(mirror / "ucdp_ged" / "GEDEvent_v21_01_21_12_africa.csv",
                                  "cand", preliminary=True)
    combined = ged_releases.merge(final, [candidate])
    mali_2021 = combined[(combined["country_iso3"] == "MLI") & (combined["year"] == 2021)]
    assert not mali_2021["preliminary"].any()
    # countries without final data keep their Candidate rows
    assert combined[combined["country_iso3"] == "NGA"]["preliminary"].all()
    assert combined["event_id"].is_unique


def test_conflicts_explode_locations(mirror):
    acd = ucdp_acd.tidy(mirror / "ucdp_acd" / "UcdpPrioConflict_v25_1.csv")
    mali_2022 = acd[(acd["country_iso3"] == "MLI") & (acd["year"] == 2022)]
    assert (mali_2022["intensity_level"] == 2).any()  # war-level conflict in 2022
    nonstate = ucdp_nonstate.tidy(mirror / "ucdp_nonstate" / "ucdp-nonstate-221.csv")
    assert nonstate[nonstate["country_iso3"] == "BFA"]["year"].between(2019, 2021).all()
