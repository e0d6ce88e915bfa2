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
