import pandas as pd
import pytest

from sahel_analysis import config
from sahel_analysis.render.dependencies import data_fingerprint
from sahel_analysis.reports import country_profile
from sahel_analysis.reports.provenance import provenance_html
from sahel_analysis.sources import acled_api
from tests.sources.test_acled_api import acled_row


@pytest.fixture
def acled_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    rows = pd.DataFrame([acled_row(i, event_date=f"2024-{1 + i:02d}-15") for i in range(6)])
    acled_api.cache_folder().mkdir(parents=True)
    acled_api.to_events(rows).to_parquet(acled_api.cache_folder() / "events.parquet")
    return acled_api.cache_folder()


def test_profile_reads_acled_events(acled_cache):
    params = {"country": "MLI", "start": "2024-01-01", "end": "2025-12-31",
              "event_source": "acled"}
    ctx = country_profile.context(params)
    assert len(ctx.events) == 6
    assert ctx.events["source_version"].str.startswith("ACLED").all()
    ucdp = country_profile.context({**params, "event_source": "ucdp"})
    assert not ucdp.events["source_version"].str.startswith("ACLED").any()


def test_acled_reports_state_attribution_and_differences(acled_cache):
    text = provenance_html({"event_source": "acled"}, ["events"])
    assert "www.acleddata.com" in text and "Differences between the sources" in text
    assert "ACLED" not in provenance_html({"event_source": "ucdp"}, ["events"])


def test_acled_cache_is_part_of_the_fingerprint(acled_cache):
    with_acled = data_fingerprint("briefing", {"event_source": "acled"})
    assert with_acled["acled"] != "none"
    assert "acled" not in data_fingerprint("briefing", {"event_source": "ucdp"})
