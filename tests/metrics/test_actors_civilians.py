import pandas as pd
import pytest

from sahel_analysis import countries, data
from sahel_analysis.metrics import actors, civilians
from tests.conftest import make_events

MAPPING = pd.DataFrame({"actor": ["JNIM", "IS", "Government of Mali", "Dan na Ambassagou"],
                        "family": ["jnim", "islamic_state", "state_forces", "militias"],
                        "note": "", "source": "test"})


def test_families_and_unmapped_actors():
    events = make_events([
        {"side_a": "Government of Mali", "side_b": "JNIM", "deaths_best": 10},
        {"side_a": "Unknown Front", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 4},
        {"side_a": "IS", "side_b": "JNIM", "violence_type": "non_state", "deaths_best": 6},
    ])
    assigned = actors.assign_families(events, MAPPING)
    assert list(assigned["actor_family"]) == ["jnim", "other", "islamic_state"]
    unmapped = actors.unmapped_actors(events, MAPPING)
    assert list(unmapped["actor"]) == ["Unknown Front"]
    assert actors.unmapped_share(events, MAPPING) == pytest.approx(4 / 20)


def test_civilian_shares_hand_computed():
    events = make_events([
        {"side_a": "Government of Mali", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 30, "date": "2021-01-10"},
        {"side_a": "Dan na Ambassagou", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 10, "date": "2021-02-10"},
        {"side_a": "JNIM", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 60, "date": "2021-03-10"},
        {"side_a": "Government of Mali", "side_b": "JNIM", "deaths_best": 99,
         "date": "2021-03-10"},
    ])
    table = civilians.state_share(civilians.civilian_deaths_by_perpetrator(events, MAPPING))
    row = table.iloc[0]
    assert row["State forces and allies"] == 40 and row["Jihadist groups"] == 60
    assert row["state_share"] == pytest.approx(0.4)
    around = civilians.before_after(events, MAPPING, pd.Timestamp("2021-02-01"), months=2)
    around = around.set_index("group")
    assert around.loc["State forces and allies", "before"] == 30
    assert around.loc["State forces and allies", "after"] == 10
    assert around.loc["Jihadist groups", "share_after"] == pytest.approx(60 / 70)


def test_embedded_actors_are_mapped():
    events = data.events(countries.AES)
    mapping = data.actor_families()
    assert actors.unmapped_share(events, mapping) < 0.02
    families = actors.assign_families(events, mapping)
    per_family = families.groupby("actor_family")["deaths_best"].sum()
    unmapped = per_family.get("other", 0)
    for family in ("jnim", "islamic_state", "state_forces"):
        assert per_family[family] > 5 * unmapped, family
