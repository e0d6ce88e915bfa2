from sahel_analysis.reports import common, regional_security

PARAMS = {"countries": ["MLI", "BFA", "NER"], "start": "2012-01-01", "end": "2025-12-31"}


def test_coastal_figures_count_jihadist_violence_apart_from_the_rest():
    ctx = regional_security.context(PARAMS)
    text = regional_security.summary(ctx).data + regional_security.key_findings(ctx).data
    assert "central Sahel jihadist violence" in text
    assert "other violence" in text


def test_chart_turns_leave_out_deals_and_summits():
    titles = set(common.turns("BFA")["title"])
    assert "Rosatom nuclear MoU" not in titles
    assert "Coup in Burkina Faso (Damiba)" in titles
    assert "Russia-Africa summit" not in set(common.turns(["MLI", "BFA", "NER"])["title"])


def test_liptako_gourma_share_is_computed_from_the_authoritys_regions():
    import pandas as pd

    from sahel_analysis import config

    ctx = regional_security.context(PARAMS)
    events = pd.read_parquet(config.data_dir() / "events.parquet")
    events = events[events["country_iso3"].isin(PARAMS["countries"]) & ~events["preliminary"]]
    regions = pd.read_csv(config.data_dir() / "liptako_gourma_regions.csv")
    keys = regions["country_iso3"] + "|" + regions["adm_1"]
    inside = (events["country_iso3"] + "|" + events["admin1"].fillna("")).isin(keys)
    last = int(events["year"].max())
    expected = (events.loc[inside & (events["year"] == last), "deaths_best"].sum()
                / events.loc[events["year"] == last, "deaths_best"].sum())
    table = regional_security.liptako_gourma_share(ctx).set_index("year")
    assert abs(table.loc[last, "share"] - expected) < 1e-9
    finding = next(line for line in regional_security.key_findings(ctx).text.splitlines()
                   if "Liptako-Gourma" in line)
    assert f"{expected:.0%} of event deaths" in finding and "Authority's regions" in finding
    assert "within 150 km of the Mali–Burkina Faso–Niger tri-border point" in finding
