import pandas as pd
import pytest

from sahel_analysis import build, config, data, schemas
from sahel_analysis.exceptions import SchemaValidationError

REQUIRED = {
    ("2012-03-22", "MLI", "coup"),
    ("2013-01-11", "MLI", "foreign_forces"),
    ("2014-08-01", "G5S", "foreign_forces"),
    ("2013-04-25", "UN", "un"),
    ("2023-06-30", "UN", "un"),
    ("2023-12-31", "MLI", "un"),
    ("2020-08-18", "MLI", "coup"),
    ("2021-05-24", "MLI", "coup"),
    ("2022-01-24", "BFA", "coup"),
    ("2022-09-30", "BFA", "coup"),
    ("2023-07-26", "NER", "coup"),
    ("2021-12-01", "MLI", "russia"),
    ("2025-06-06", "MLI", "russia"),
    ("2022-08-15", "MLI", "foreign_forces"),
    ("2023-02-01", "BFA", "foreign_forces"),
    ("2023-12-22", "NER", "foreign_forces"),
    ("2023-09-16", "AES", "alliance"),
    ("2024-01-28", "AES", "ecowas"),
    ("2025-01-29", "AES", "ecowas"),
    ("2024-07-06", "AES", "alliance"),
    ("2025-04-03", "AES", "russia"),
    ("2022-03-27", "MLI", "attack"),
    ("2024-08-24", "BFA", "attack"),
    ("2021-06-05", "BFA", "attack"),
    ("2023-04-20", "BFA", "attack"),
    ("2023-07-30", "NER", "ecowas"),
    ("2024-07-25", "MLI", "attack"),
    ("2025-09-01", "MLI", "attack"),
}

KEYS = {
    "wagner_arrives_mali": "2021-12-01", "africa_corps_arrives_bfa": "2024-01-24",
    "russian_instructors_arrive_ner": "2024-04-01", "coup_niger_2023": "2023-07-26",
    "ecowas_sanctions_niger": "2023-07-30", "tinzaouaten_battle": "2024-07-25",
    "barsalogho_massacre": "2024-08-24", "moura_massacre": "2022-03-27",
    "solhan_massacre": "2021-06-05", "karma_massacre": "2023-04-20",
    "fuel_blockade_bamako": "2025-09-01",
}


def test_timeline_has_the_required_turns():
    timeline = data.timeline()
    assert len(timeline) >= 40
    assert timeline["date"].min().year == 2012 and timeline["date"].max().year >= 2025
    present = {(f"{d:%Y-%m-%d}", c, k) for d, c, k in
               zip(timeline["date"], timeline["country"], timeline["category"], strict=True)}
    assert present >= REQUIRED, REQUIRED - present
    us = timeline[(timeline["country"] == "NER") & timeline["title"].str.contains("US")]
    assert (us["date"].dt.year == 2024).all() and len(us) >= 2


def test_stable_keys_and_kinds():
    timeline = data.timeline()
    assert timeline["key"].is_unique
    for key, date in KEYS.items():
        assert f"{data.timeline_turn(key)['date']:%Y-%m-%d}" == date, key
    kinds = dict(zip(timeline["key"], timeline["kind"], strict=True))
    assert kinds["moura_massacre"] == "massacre" and kinds["tinzaouaten_battle"] == "battle"
    assert kinds["ecowas_sanctions_niger"] == "sanctions" and kinds["coup_niger_2023"] == "coup"
    with pytest.raises(KeyError):
        data.timeline_turn("no_such_turn")


def test_g5_sahel_and_french_operations_are_not_aes():
    timeline = data.timeline().set_index("key")
    for key in ("g5_sahel_founded", "barkhane_launched", "pau_summit", "barkhane_ended",
                "g5_joint_force_launched"):
        assert timeline.loc[key, "country"] == "G5S", key


def test_bloc_rows_reach_only_member_countries():
    assert not set(data.timeline("BEN")["country"]) & {"AES", "G5S", "UN"}
    chad = data.timeline("TCD")
    assert "AES" not in set(chad["country"]) and "G5S" in set(chad["country"])
    mali = data.timeline("MLI")
    assert {"AES", "G5S", "UN"} <= set(mali["country"])


def test_every_row_has_a_source():
    timeline = data.timeline()
    assert timeline["source"].str.len().min() >= 10
    assert (timeline["source"].str.contains(r"\d{4}")).all()  # every source is dated


def test_schema_rejects_bad_rows(tmp_path):
    path = config.data_dir() / "timeline.csv"
    frame = pd.read_csv(path, keep_default_na=False)
    frame.loc[0, "category"] = "invasion"
    bad = tmp_path / "timeline.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(SchemaValidationError, match="timeline"):
        build.read_hand_written(bad, schemas.TIMELINE)


def test_filters():
    mali = data.timeline("MLI", categories="coup")
    assert set(mali["country"]) <= {"MLI", "AES", "G5S", "ECOWAS", "UN"}
    assert set(mali["category"]) == {"coup"}
    with pytest.raises(ValueError, match="Unknown categories"):
        data.timeline(categories="battle")
    assert set(data.timeline("BFA", kinds="massacre")["key"]) >= {"solhan_massacre",
                                                                  "karma_massacre"}


# Turns of 2024-2026 added for issue 17 (resource moves, political consolidation, AES steps).
RECENT = {
    "imouraren_permit_withdrawn": "2024-06-20", "somair_nationalised": "2025-06-19",
    "barrick_gold_seized": "2025-01-11", "barrick_mali_settlement": "2025-11-24",
    "mali_mining_code_2023": "2023-08-28", "bfa_mining_code_2024": "2024-07-18",
    "yadran_gold_refinery": "2025-06-16", "mali_parties_dissolved": "2025-05-13",
    "goita_five_year_mandate": "2025-07-03", "bfa_transition_extended": "2024-05-25",
    "tiani_five_year_charter": "2025-03-26", "bfa_parties_dissolved": "2026-01-29",
    "aes_passport": "2025-01-29", "aes_import_levy": "2025-03-28",
    "aes_unified_force_operational": "2025-09-30", "aes_investment_bank": "2025-12-23",
    "aes_second_summit_bamako": "2025-12-23", "niamey_airport_attack": "2026-01-29",
}


def test_timeline_reaches_2026_with_a_source_on_every_row():
    timeline = data.timeline()
    assert timeline["date"].max().year == 2026
    assert (timeline["source"].str.strip().str.len() >= 10).all()
    newest = timeline[timeline["date"].dt.year == 2026]
    assert {"niamey_airport_attack", "bfa_parties_dissolved"} <= set(newest["key"])
    for key, date in RECENT.items():
        assert f"{data.timeline_turn(key)['date']:%Y-%m-%d}" == date, key


def test_recent_turns_name_a_second_source_for_their_date():
    timeline = data.timeline().set_index("key")
    for key in RECENT:
        assert "checked against" in timeline.loc[key, "source"], key


def test_political_consolidation_is_its_own_kind():
    political = data.timeline(kinds="political")
    assert {"mali_parties_dissolved", "bfa_parties_dissolved", "tiani_five_year_charter",
            "goita_five_year_mandate", "bfa_transition_extended"} <= set(political["key"])
    assert set(data.timeline("NER", kinds="political")["country"]) == {"NER"}
