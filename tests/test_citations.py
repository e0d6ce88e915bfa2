import pytest

from sahel_analysis import data
from sahel_analysis.exceptions import InvalidArgumentError


def test_cite_gives_each_tables_references_as_text():
    text = data.cite(["events", "owid_deaths"])
    lines = text.splitlines()
    assert len(lines) == 2
    assert "Uppsala Conflict Data Program" in lines[0] and "(tables: events)" in lines[0]
    assert "CC BY 4.0" in text
    manifest = data.manifest()["tables"]
    assert manifest["owid_deaths"]["sources"][0]["url"] in lines[1]


def test_cite_all_tables_names_each_upstream_once():
    keys = {s["key"] for entry in data.manifest()["tables"].values() for s in entry["sources"]}
    assert len(data.cite().splitlines()) == len(keys)


def test_cite_as_bibtex_gives_one_escaped_entry_per_source():
    bib = data.cite("events", style="bibtex")
    assert bib.startswith("@misc{ucdp_ged,")
    assert bib.count("@misc{") == 1
    assert "Sundberg \\& Melander" in bib
    assert "howpublished = {\\url{https://ucdp.uu.se/downloads/}}" in bib
    assert bib.count("{") == bib.count("}")


@pytest.mark.parametrize("call", [lambda: data.cite(["nope"]),
                                  lambda: data.cite(style="apa")])
def test_cite_refuses_unknown_tables_and_styles(call):
    with pytest.raises(InvalidArgumentError, match="known|one of"):
        call()
