import pandas as pd
import pytest

from sahel_analysis import countries, data
from sahel_analysis.metrics import actors, civilians, violence
from tests.conftest import make_events

MAPPING = pd.DataFrame({"actor": ["JNIM", "IS", "Government of Mali", "Dan na Ambassagou"],
                        "family": ["jnim", "islamic_state", "state_forces", "militias"],
                        "active_from": "", "active_to": "", "note": "", "source": "test"})


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


def test_battle_civilians_count_under_each_side_one_sided_under_the_perpetrator():
    events = make_events([
        {"side_a": "Government of Mali", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 30, "deaths_civilians": 30, "date": "2021-01-10"},
        {"side_a": "JNIM", "side_b": "Civilians", "violence_type": "one_sided",
         "deaths_best": 60, "deaths_civilians": 60, "date": "2021-03-10"},
        {"side_a": "Government of Mali", "side_b": "JNIM", "deaths_best": 99,
         "deaths_a": 10, "deaths_b": 9, "deaths_civilians": 80, "date": "2021-03-10"},
    ])
    table = civilians.civilian_deaths(events, MAPPING).set_index(["family", "attribution"])
    assert table.loc[("state_forces", "one_sided"), "civilians_best"] == 30
    assert table.loc[("state_forces", "battle"), "civilians_best"] == 80
    assert table.loc[("jnim", "battle"), "civilians_best"] == 80
    assert table.loc[("jnim", "one_sided"), "civilians_best"] == 60


def test_moura_is_counted_in_mali_2022_civilians_in_battles_with_state_forces():
    events = data.events("MLI")
    table = civilians.civilian_deaths(events, data.actor_families())
    row = table[(table["period"] == "2022-01-01") & (table["family"] == "state_forces")
                & (table["attribution"] == "battle")]
    moura = events[events["event_id"] == 433697].iloc[0]
    assert moura["deaths_civilians"] == 243 and moura["violence_type"] == "state_based"
    assert row["civilians_best"].iloc[0] >= 243
    top = violence.deadliest_events(events, 1).iloc[0]
    assert top["event_id"] == 433697 and top["place"] == "Mora village"


def test_state_side_before_after_one_answer_with_equal_windows_from_arrival_month():
    events = data.events("MLI")
    mapping = data.actor_families()
    table = civilians.state_side_before_after(events, mapping, "2021-12-15", 12, country="MLI")
    assert (table["after_start"] == pd.Timestamp("2021-12-01")).all()
    assert (table["before_start"] == pd.Timestamp("2020-12-01")).all()
    families = actors.assign_families(events, mapping)
    window = families[(families["date"] >= "2021-12-01") & (families["date"] <= "2022-11-30")]
    state = window[(window["violence_type"] == "one_sided")
                   & window["family_a"].isin(["state_forces", "russian_forces"])]
    assert table.iloc[0]["deaths_after"] == state["deaths_civilians"].sum()
    battle = window[(window["violence_type"] != "one_sided")
                    & (window["family_a"].isin(["state_forces", "russian_forces"])
                       | window["family_b"].isin(["state_forces", "russian_forces"]))]
    assert table.iloc[1]["deaths_after"] == battle["deaths_civilians"].sum()
    assert table.iloc[1]["deaths_after"] >= 243  # Moura


def test_deaths_by_victim_adds_up_and_gives_soldiers_to_the_state():
    events = make_events([
        {"side_a": "Government of Mali", "side_b": "JNIM", "deaths_best": 20, "deaths_a": 12,
         "deaths_b": 3, "deaths_civilians": 4, "deaths_unknown": 1},
    ])
    table = actors.deaths_by_victim(events, MAPPING).set_index("victim")["deaths"]
    assert table["state_forces"] == 12 and table["jnim"] == 3
    assert table["civilians"] == 4 and table["unknown"] == 1
    assert table.sum() == events["deaths_best"].sum()


def test_no_jnim_before_it_was_formed():
    events = data.events(countries.AES, include_preliminary=False)
    mapping = data.actor_families()
    table = actors.deaths_by_victim(events, mapping)
    jnim = table[table["victim"] == "jnim"]
    assert jnim["period"].min() >= pd.Timestamp("2017-01-01")
    assert (table["victim"] == "jnim_precursors").any()
    assert table["deaths"].sum() == events["deaths_best"].sum()
    involved = actors.deaths_by_family_involved(events, mapping)
    assert (involved["fighters_killed"] >= 0).all()


def test_embedded_actors_are_mapped():
    events = data.events(countries.AES)
    mapping = data.actor_families()
    assert actors.unmapped_share(events, mapping) < 0.02
    families = actors.assign_families(events, mapping)
    per_family = families.groupby("actor_family")["deaths_best"].sum()
    unmapped = per_family.get("other", 0)
    for family in ("jnim", "islamic_state", "state_forces"):
        assert per_family[family] > 5 * unmapped, family


def test_government_forces_include_foreign_governments_in_battles():
    events = data.events("NER", include_preliminary=False)
    mapping = data.actor_families()
    table = civilians.civilian_deaths(events, mapping)
    battle = table[table["attribution"] == "battle"]
    nigeria = battle[battle["family"] == "foreign_state_forces"]["civilians_best"].sum()
    assert nigeria > 0  # Nigeria's forces fight in Niger's Diffa region
    assert "foreign_state_forces" in civilians.STATE_SIDE


def test_battle_civilians_count_each_event_once_and_match_the_family_rows():
    events = data.events("MLI", include_preliminary=False)
    mapping = data.actor_families()
    per_year = civilians.battle_civilians(events, mapping)
    assert per_year[pd.Timestamp("2022-01-01")] >= 243  # Moura
    rows = civilians.civilian_deaths(events, mapping)
    state = rows[(rows["family"] == "state_forces") & (rows["attribution"] == "battle")]
    # every such civilian is in the per-event total, which also holds foreign and Russian forces
    assert (state.set_index("period")["civilians_best"]
            <= per_year.reindex(state["period"]).to_numpy()).all()


def test_mujao_is_a_founder_of_both_jnim_and_is_sahel():
    mapping = data.actor_families()
    assert {"MUJAO", "al-Murabitun", "Ansar Dine", "AQIM", "FLM"} <= set(
        actors.founders(mapping, "JNIM"))
    assert {"MUJAO", "al-Murabitun"} <= set(actors.founders(mapping, "IS Sahel"))
    assert "AQIM" not in actors.founders(mapping, "IS Sahel")
    mujao = mapping.set_index("actor").loc["MUJAO"]
    assert "Jamestown" in mujao["source"] and "IS Sahel" in mujao["note"]
    assert "MUJAO" in actors.FAMILY_LABELS["jnim_precursors"]


def test_actor_family_schema_rejects_an_unknown_founded_group(tmp_path):
    from sahel_analysis import build, config, schemas
    from sahel_analysis.exceptions import SchemaValidationError

    frame = pd.read_csv(config.data_dir() / "actor_families.csv", keep_default_na=False)
    path = tmp_path / "actor_families.csv"
    frame.loc[0, "founder_of"] = "IS Sahel; JNIM"
    frame.to_csv(path, index=False)
    assert build.read_hand_written(path, schemas.ACTOR_FAMILY_MAP).loc[0, "founder_of"] == (
        "IS Sahel; JNIM")
    frame.loc[0, "founder_of"] = "ISWAP"
    frame.to_csv(path, index=False)
    with pytest.raises(SchemaValidationError, match="actor_families"):
        build.read_hand_written(path, schemas.ACTOR_FAMILY_MAP)
