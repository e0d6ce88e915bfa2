"""Supplier shares and blocs (audit issue 9, finding 7) and the turns compared (finding 2)."""

import pandas as pd
import pytest

from sahel_analysis import countries, data
from sahel_analysis.metrics import realignment


def _deliveries(rows):
    return pd.DataFrame([{"recipient_iso3": r, "supplier": s, "year": y, "tiv_delivered": t,
                          "deals": 1} for r, s, y, t in rows])


def test_sipri_shares_2020_2023_recomputed_from_the_data():
    arms = data.arms_transfers(countries.AES)
    russia = realignment.share_of(arms, "Russia", 2020, 2023)
    turkey = realignment.share_of(arms, "Türkiye", 2020, 2023)
    assert russia["BFA"] == 0.0
    assert russia["NER"] == pytest.approx(14.5 / 83.16, abs=0.005)  # 17%
    assert round(turkey["BFA"], 2) == 0.46 and round(turkey["NER"], 2) == 0.29
    shares = realignment.supplier_shares(arms, {"2020–2023": (2020, 2023)})
    bfa = shares[shares["recipient_iso3"] == "BFA"].set_index("supplier")["share"]
    assert bfa.index[0] == "Türkiye" and "Russia" not in bfa.index


def test_every_supplier_above_5_percent_is_named_and_unknown_is_apart():
    arms = _deliveries([("MLI", "Russia", 2021, 40.0), ("MLI", "unknown supplier(s)", 2021, 1.0),
                        ("MLI", "Turkiye", 2021, 30.0), ("MLI", "Canada", 2021, 2.0),
                        ("MLI", "Egypt", 2022, 2.0), ("MLI", "United States", 2022, 25.0)])
    shares = realignment.supplier_shares(arms, {"p": (2020, 2023)})
    assert list(shares["supplier"]) == ["Russia", "Türkiye", "United States",
                                        "Unknown supplier(s)", "Others, each below 5%"]
    assert shares["share"].sum() == pytest.approx(1.0)
    assert shares.iloc[-1]["suppliers"] == 2


def test_blocs_keep_belarus_and_unknown_suppliers_apart():
    assert realignment.supplier_bloc("Belarus") == "Belarus"
    assert realignment.supplier_bloc("unknown supplier(s)") == realignment.UNKNOWN
    assert realignment.supplier_bloc("Soviet Union") == "Russia"
    assert realignment.supplier_bloc("Turkiye") == "Türkiye"
    assert realignment.supplier_bloc("Ukraine") == "Other Europe"
    wide = realignment.arms_by_bloc(_deliveries([("MLI", "Belarus", 2021, 3.0),
                                                 ("MLI", "unknown supplier(s)", 2021, 1.0)]))
    assert wide.loc[0, "Belarus"] == 3.0 and wide.loc[0, realignment.UNKNOWN] == 1.0
    assert wide.loc[0, "Other Europe"] == 0.0 and wide.loc[0, "Other"] == 0.0


def test_no_correlation_of_two_trends_only_their_changes():
    assert not hasattr(realignment, "correlation_with_gold")
    change = realignment.change_between(pd.Series({2012: 100.0, 2020: 150.0}), 2012, 2020)
    assert change["change"] == pytest.approx(0.5)
    assert realignment.change_between(pd.Series({2012: 100.0}), 2012, 2020) is None


def test_turns_compared_exclude_mous_and_other_members_turns():
    mali = realignment.window_turns(data.timeline("MLI"), "MLI")
    burkina = realignment.window_turns(data.timeline("BFA"), "BFA")
    assert "rosatom_mou_bfa" not in set(burkina["key"])
    assert "goita_putin_agreements" not in set(mali["key"])
    assert "russia_africa_summit_2023" not in set(mali["key"])
    assert "bfa_ner_quit_g5" not in set(mali["key"]) and "bfa_ner_quit_g5" in set(burkina["key"])
    assert {"coup_mali_2020", "wagner_arrives_mali", "minusma_mandate_ends",
            "ecowas_exit_effective"} <= set(mali["key"])
    assert set(burkina["country"]) <= {"BFA", "AES", "G5S", "ECOWAS"}
