from sahel_analysis.render.archive import data_month, history, history_html

TABLES = {"events": {"coverage": {"last": "2026-02-20"}},
          "displacement": {"coverage": {"last": "2025"}},
          "indicators": {"coverage": {"last": "2024"}},
          "timeline": {}}


def test_data_month_is_the_newest_data_capped_at_as_of():
    assert data_month("briefing", {"as_of": "latest"}, TABLES) == "2026-02"
    assert data_month("briefing", {"as_of": "2025-06-30"}, TABLES) == "2025-06"
    assert data_month("displacement", {}, TABLES) == "2025-12"


def test_history_lists_newest_month_first(tmp_path):
    for month in ("2025-12", "2026-02", "2026-01"):
        (tmp_path / "archive" / month).mkdir(parents=True)
        (tmp_path / "archive" / month / "briefing.pdf").write_bytes(b"%PDF")
    assert [m for m, _ in history(tmp_path)] == ["2026-02", "2026-01", "2025-12"]
    page = history_html(tmp_path)
    assert page.index("2026-02") < page.index("2026-01") < page.index("2025-12")
    assert 'href="archive/2026-02/briefing.pdf"' in page
    assert history_html(tmp_path / "none") == ""
