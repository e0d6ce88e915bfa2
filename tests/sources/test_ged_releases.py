from sahel_analysis.sources.ged_releases import apply_candidate, apply_final
from tests.conftest import make_events


def events(rows):
    frame = make_events(rows)
    frame["event_id"] = [r.get("event_id", 1000 + i) for i, r in enumerate(rows)]
    return frame


def test_newer_candidate_replaces_older_for_the_same_months():
    table = events([
        {"event_id": 1, "date": "2023-12-10"},
        {"event_id": 2, "date": "2026-01-05", "preliminary": True, "deaths_best": 5},
        {"event_id": 3, "date": "2026-01-20", "preliminary": True},
    ])
    newer = events([{"event_id": 2, "date": "2026-01-05", "deaths_best": 7},
                    {"event_id": 4, "date": "2026-01-25"}])
    merged = apply_candidate(table, newer, ["2026-01"])
    assert sorted(merged["event_id"]) == [1, 2, 4]  # 3 was withdrawn by the newer release
    assert merged.set_index("event_id").loc[2, "deaths_best"] == 7
    assert merged.loc[merged["event_id"] != 1, "preliminary"].all()


def test_new_candidate_month_is_added_once():
    table = events([{"event_id": 1, "date": "2023-12-10"},
                    {"event_id": 2, "date": "2026-01-05", "preliminary": True}])
    february = events([{"event_id": 5, "date": "2026-02-03"},
                       {"event_id": 6, "date": "2026-02-20"}])
    once = apply_candidate(table, february, ["2026-02"])
    twice = apply_candidate(once, february, ["2026-02"])
    assert sorted(twice["event_id"]) == [1, 2, 5, 6]
    assert twice["event_id"].is_unique and len(twice) == len(once)


def test_final_release_replaces_candidates_it_covers():
    table = events([
        {"event_id": 1, "date": "2023-12-10"},
        {"event_id": 2, "date": "2024-03-05", "preliminary": True},
        {"event_id": 3, "date": "2024-07-05", "preliminary": True},
        {"event_id": 4, "date": "2026-01-05", "preliminary": True},
    ])
    final = events([{"event_id": 1, "date": "2023-12-10"}, {"event_id": 2, "date": "2024-03-05"},
                    {"event_id": 9, "date": "2024-08-01"}])
    merged = apply_final(table, final)
    assert sorted(merged["event_id"]) == [1, 2, 4, 9]
    assert list(merged.sort_values("event_id")["preliminary"]) == [False, False, True, False]


def test_candidate_rows_inside_final_coverage_are_dropped():
    table = events([{"event_id": 1, "date": "2024-12-10"}])
    late = events([{"event_id": 1, "date": "2024-12-10"}, {"event_id": 7, "date": "2024-11-01"},
                   {"event_id": 8, "date": "2025-01-02"}])
    merged = apply_candidate(table, late, ["2024-11", "2024-12", "2025-01"])
    assert sorted(merged["event_id"]) == [1, 8]
