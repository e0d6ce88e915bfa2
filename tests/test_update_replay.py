"""The real UCDP releases replayed through `refresh`, step by step, as a monthly job met them."""

from __future__ import annotations

import pandas as pd
import pytest

from sahel_analysis import config
from sahel_analysis.update import refresh
from tests import replay

BRIEFING_MONTHS = ["2021-12", "2022-02", "2023-12", "2026-01"]


@pytest.fixture
def replayed(mirror, tmp_path, monkeypatch):
    """A fake UCDP site, an empty event table, and a function running the next step."""
    site = tmp_path / "site"
    site.mkdir()
    data = replay.start_data(tmp_path / "data", site)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(data))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(config.MIRROR_ENV, raising=False)
    config.set_mirror(None)
    with replay.publisher(site) as env:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        ledger = replay.Ledger()

        def run(step: replay.Step):
            for served, path in replay.publish(step, mirror, site):
                ledger.serve(served, path, tmp_path)
            return refresh(today=step.today), pd.read_parquet(data / "events.parquet")

        yield data, ledger, run


def test_replay_of_real_releases_reconciles_at_every_step(replayed):
    data, ledger, run = replayed
    before, set_aside = 0, []
    for step, month in zip(replay.STEPS, BRIEFING_MONTHS, strict=True):
        result, table = run(step)
        assert result.failed == {} and result.discovery.failed == {}, step.name
        assert [s.release for s in result.events] == sorted(
            (s.label for s in step.files), key=lambda label: not label.startswith("GED"))
        assert result.tables_changed == ["events"]
        set_aside.append([s.set_aside for s in result.events])
        figures = replay.reconcile(table, ledger)
        added = sum(s.added for s in result.events)
        removed = sum(s.removed for s in result.events)
        assert figures["events"] == before + added - removed
        before = figures["events"]
        entry = replay.manifest_events(data)
        assert entry["rows"] == len(table)
        assert entry["coverage"] == {"first": str(table["date"].min().date()),
                                     "last": str(table["date"].max().date())}
        assert pd.Timestamp(entry["coverage"]["last"]) <= pd.Timestamp(step.today)
        assert replay.briefing_month(table) == month
        again = refresh(today=step.today)  # the next run of the same month finds nothing
        assert again.discovery.new == [] and again.tables_changed == []
    # 22.0.2 holds 3 covered rows dated January 2022; 26.0.1's late-December rows are of
    # countries the package does not cover
    assert set_aside == [[0, 0], [3], [0], [0]]
    final = table[~table["preliminary"]]
    assert final["year"].max() == 2023 and set(final["country_iso3"]) == {"MLI", "BFA", "NER"}


@pytest.mark.slow
def test_replayed_update_re_renders_the_reports_reading_events(replayed, mirror, tmp_path,
                                                               monkeypatch):
    from sahel_analysis.render import render
    from sahel_analysis.update import update
    from tests.test_update import use_tiny_catalog

    use_tiny_catalog(tmp_path / "notebooks", monkeypatch)
    data, ledger, run = replayed
    for step in replay.STEPS[:-1]:
        run(step)
    out = tmp_path / "reports"
    assert not render(output_dir=out, workers=1, formats=("html",)).failed
    last = replay.STEPS[-1]
    for served, path in replay.publish(last, mirror, tmp_path / "site"):
        ledger.serve(served, path, tmp_path)
    summary = update(output_dir=out, workers=1, formats=("html",), today=last.today)
    assert summary.exit_code == 0
    assert summary.refresh["tables_changed"] == ["events"]
    assert summary.refresh["failed_sources"] == {}
    assert summary.reports == {"fresh": ["briefing"], "reused": ["displacement"], "failed": []}
    table = pd.read_parquet(data / "events.parquet")
    replay.reconcile(table, ledger)
    assert replay.briefing_month(table) == BRIEFING_MONTHS[-1]
    assert (out / "archive" / BRIEFING_MONTHS[-1] / "briefing.html").is_file()
