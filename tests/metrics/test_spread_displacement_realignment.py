import pandas as pd
import pytest

from sahel_analysis import data
from sahel_analysis.metrics import displacement, realignment, spread
from tests.conftest import make_events


def test_haversine_one_degree_of_latitude():
    assert spread.haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.1)


def test_centroid_weighted_by_deaths():
    events = make_events([{"latitude": 10.0, "longitude": 0.0, "deaths_best": 3},
                          {"latitude": 14.0, "longitude": 0.0, "deaths_best": 1}])
    table = spread.centroid_and_spread(events)
    assert table.loc[0, "centroid_lat"] == pytest.approx(11.0)
    assert table.loc[0, "deaths_best"] == 4


def test_admin1_affected_and_zones():
    events = make_events([
        {"admin1": "Mopti region", "deaths_best": 30},
        {"admin1": "Gao region", "deaths_best": 10},
        {"admin1": "Gao region", "deaths_best": 20},
        {"country_iso3": "BEN", "admin1": "Alibori", "latitude": 11.5, "deaths_best": 5},
        {"country_iso3": "BEN", "admin1": "Littoral", "latitude": 6.4, "deaths_best": 2},
    ])
    affected = spread.admin1_affected(events, 25).set_index("country_iso3")
    assert affected.loc["MLI", "admin1_units"] == 2
    zones = spread.outside_core(events).set_index("zone")["deaths_best"]
    assert zones["AES core"] == 60 and zones["Northern coastal states"] == 5
    assert zones["Elsewhere"] == 2


def test_tripoint_of_embedded_boundaries():
    lat, lon = spread.tripoint(data.boundaries())
    assert 14.0 < lat < 16.0 and -1.0 < lon < 1.5


def test_displacement_totals_and_burden():
    frame = pd.DataFrame({
        "year": [2024, 2024, 2024], "origin_iso3": ["MLI", "MLI", "BFA"],
        "origin_name": ["Mali", "Mali", "Burkina Faso"], "host_iso3": ["MRT", "MRT", "CIV"],
        "host_name": ["Mauritania", "Mauritania", "Côte d'Ivoire"],
        "measure": ["refugees", "asylum_seekers", "refugees"], "value": [100, 50, 30],
        "source": "UNHCR"})
    totals = displacement.totals(frame, ["refugees", "asylum_seekers"])
    mali = totals.set_index("origin_iso3").loc["MLI"]
    assert (mali["refugees"], mali["asylum_seekers"]) == (100, 50)
    hosts = displacement.top_hosts(frame, ["MLI", "BFA"], 2024)
    assert hosts.iloc[0]["value"] == 150
    pop = pd.DataFrame({"country_iso3": ["MRT"], "year": [2024], "value": [5000.0]})
    burden = displacement.per_1000(hosts, pop, "value").set_index("host_iso3")
    assert burden.loc["MRT", "value_per_1000"] == pytest.approx(30.0)
    assert pd.isna(burden.loc["CIV", "value_per_1000"])


def test_arms_blocs_and_shares():
    deliveries = pd.DataFrame({
        "recipient_iso3": "MLI", "supplier": ["Russia", "China", "France"],
        "supplier_bloc": ["Russia", "China", "France"], "year": [2021, 2021, 2010],
        "tiv_delivered": [30.0, 10.0, 20.0], "deals": 1})
    wide = realignment.arms_by_bloc(deliveries)
    assert list(wide.columns) == ["year", *realignment.BLOCS]
    shares = realignment.supplier_shares(deliveries, {"a": (2000, 2011), "b": (2012, 2023)})
    shares = shares.set_index(["period", "supplier"])["share"]
    assert shares[("a", "France")] == 1.0 and shares[("b", "Russia")] == pytest.approx(0.75)


def test_annual_gold_requires_full_years():
    gold = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=18, freq="MS"),
                         "price_usd_per_oz": [100.0] * 12 + [200.0] * 6})
    annual = realignment.annual_gold_price(gold)
    assert list(annual["year"]) == [2024]
