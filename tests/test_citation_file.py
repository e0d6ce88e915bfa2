import tomllib

import yaml

from sahel_analysis import __version__, config, data

ROOT = config.PACKAGE_DIR.parent


def test_citation_file_names_this_version_and_every_upstream_dataset():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"] == __version__
    assert cff["date-released"]
    titles = {ref["title"] for ref in cff["references"]}
    sources = {s["title"] for entry in data.manifest()["tables"].values()
               for s in entry["sources"] if s["key"] != "sahel_analysis"}
    assert sources <= titles, f"CITATION.cff lacks {sorted(sources - titles)}"


def test_changelog_has_an_entry_for_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in text
