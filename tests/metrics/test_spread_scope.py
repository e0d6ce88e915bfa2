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
