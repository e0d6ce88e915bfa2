import pandas as pd

from sahel_analysis import data
from sahel_analysis.metrics import spread
from tests.conftest import make_events

COASTAL = ["BEN", "TGO", "GHA", "CIV"]


def test_coastal_spread_counts_jihadist_violence_only():
    mapping = data.actor_families()
    table = spread.deaths_by_scope(data.fatalities(COASTAL), data.dyads(COASTAL), mapping)
    jihadist = table[table["scope"] == "central_sahel_jihadist"]
    # Ghana's Bawku conflict (Kusasi - Mamprusi) is not jihadist spread
    assert "GHA" not in set(jihadist["country_iso3"])
    assert (table[(table["country_iso3"] == "GHA") & (table["year"] == 2023)]["scope"]
            == "other").all()
    # Côte d'Ivoire 2012 (post-election violence) is other; Benin's JNIM violence is counted
    assert not ((jihadist["country_iso3"] == "CIV") & (jihadist["year"] == 2012)).any()
    assert ((jihadist["country_iso3"] == "BEN") & (jihadist["year"] == 2023)).any()


def test_lake_chad_theatre_is_left_out_of_central_sahel_violence():
    mapping = data.actor_families()
    events = make_events([
        {"side_a": "Government of Niger", "side_b": "IS", "admin1": "Diffa region",
         "country_iso3": "NER", "deaths_best": 500},
        {"side_a": "Government of Niger", "side_b": "JAS", "admin1": "Zinder region",
         "country_iso3": "NER", "deaths_best": 50},
        {"side_a": "Government of Niger", "side_b": "IS", "admin1": "Tillabéri region",
         "country_iso3": "NER", "deaths_best": 7},
    ])
    kept = spread.central_sahel_jihadist_events(events, mapping)
    assert list(kept["deaths_best"]) == [7]


def test_2015_distance_is_not_driven_by_diffa():
    mapping = data.actor_families()
    events = data.events(["MLI", "BFA", "NER"], include_preliminary=False)
    kept = spread.central_sahel_jihadist_events(events, mapping)
    assert not (kept["admin1"] == "Diffa region").any()
    all_2015 = events[events["year"] == 2015]
    assert all_2015[all_2015["admin1"] == "Diffa region"]["deaths_best"].sum() > 400
    assert isinstance(spread.epicentre(kept, 2012), tuple)
    assert pd.notna(spread.distance_from(kept, spread.epicentre(kept, 2012)))["year"].all()


def test_in_regions_matches_country_and_admin1_together():
    import pandas as pd

    from sahel_analysis.metrics import spread

    events = pd.DataFrame({"country_iso3": ["MLI", "NER", "MLI"], "year": 2023,
                           "admin1": ["Gao region", "Gao region", pd.NA],
                           "deaths_best": [10, 5, 5]})
    regions = pd.DataFrame({"country_iso3": ["MLI"], "adm_1": ["Gao region"]})
    inside = spread.in_regions(events, regions)
    assert inside.tolist() == [True, False, False]
    assert spread.share_by_year(events, inside)["share"].iloc[0] == 0.5
