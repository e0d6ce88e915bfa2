import pandas as pd
import pytest

from sahel_analysis.exceptions import DataUnavailableError
from sahel_analysis.sources import acled, gold, natural_earth, owid_conflict, sipri, unhcr, wdi


def test_unhcr_tidy_matches_readme_totals(mirror):
    tidy = unhcr.tidy(mirror / "unhcr" / "population.csv", mirror / "unhcr" / "idmc.csv")
    bfa = tidy[(tidy["origin_iso3"] == "BFA") & (tidy["year"] == 2025)]
    assert bfa.loc[bfa["measure"] == "refugees", "value"].sum() == 351209
    assert bfa.loc[bfa["measure"] == "idps_idmc", "value"].sum() == 2063000
    assert (tidy["value"] > 0).all()


def test_wdi_keeps_selected_indicators(mirror):
    tidy = wdi.tidy(mirror / "wdi" / "wdi_sahel_long.csv", mirror / "wdi" / "wdi_indicators.csv")
    assert set(tidy["indicator_code"]) <= {c.upper() for c in wdi.INDICATORS}
    pop = tidy[(tidy["indicator_code"] == "SP.POP.TOTL") & (tidy["country_iso3"] == "MLI")]
    assert pop["value"].between(5e6, 5e7).all()


@pytest.mark.parametrize("name, bloc", [("Russia", "Russia"), ("Soviet Union", "Russia"),
                                        ("Turkiye", "Türkiye"), ("Ukraine", "Other Europe"),
                                        ("UAE", "Other"), ("France", "France")])
def test_supplier_blocs(name, bloc):
    assert sipri.supplier_bloc(name) == bloc


def test_sipri_aggregates_preserve_totals(mirror):
    path = mirror / "sipri" / "sipri_transfers_wafrica_sahel_deliveries_2000_2023.csv"
    raw = pd.read_csv(path)
    tidy = sipri.tidy_deliveries(path)
    mali_raw = raw[raw["Recipient"] == "Mali"]["TIV delivery values"].sum()
    assert tidy[tidy["recipient_iso3"] == "MLI"]["tiv_delivered"].sum() == pytest.approx(mali_raw)
    orders = sipri.tidy_orders(mirror / "sipri" / "sipri_trade_register_wafrica_sahel_deals.csv")
    assert orders[orders["recipient_iso3"] == "MLI"]["deals"].sum() == 102


def test_owid_gold_and_boundaries(mirror):
    owid = owid_conflict.tidy(mirror / "owid_conflict" / "deaths-in-armed-conflicts.csv")
    assert owid.set_index(["country_iso3", "year"]).loc[("MLI", 2025), "deaths_best"] == 2152
    prices = gold.tidy(mirror / "gold" / "monthly.csv")
    assert prices["date"].is_monotonic_increasing and (prices["price_usd_per_oz"] > 0).all()
    shapes = natural_earth.tidy(mirror / "natural_earth" / "ne_50m_admin_0_countries.zip")
    assert {"MLI", "BFA", "NER", "BEN"} <= set(shapes["country_iso3"])
    assert shapes.geometry.is_valid.all()


def test_acled_reads_user_files_from_the_mirror(use_mirror):
    tables = acled.from_mirror()
    years = tables["country_year"]
    assert years.set_index(["country_iso3", "year"]).loc[("BFA", 2023), "fatalities"] > 0
    assert not acled.SOURCE.redistributable


def test_acled_missing_file_explains_access(tmp_path):
    with pytest.raises(DataUnavailableError, match="your own ACLED account"):
        acled.country_month(tmp_path / "none.xlsx")


def test_sipri_milex_reader(mirror):
    milex = sipri.read_milex(mirror / "sipri" / "SIPRI-Milex-data-1948-2023.xlsx")
    mali = milex[milex["country"] == "Mali"].set_index("year")["value"]
    assert 0.01 < mali[2023] < 0.1  # SIPRI's sheet holds shares as fractions
    assert milex["year"].max() == 2023
    assert milex[milex["country"] == "Africa"]["value"].isna().all()  # region heading rows
