"""The documentation site builds offline from the README, the data dictionary and the API."""

import importlib.util

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("docs_build", ROOT / "docs" / "build.py")
docs_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(docs_build)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    # a rendered report's files, as the gallery finds them (content is the test's own)
    (reports / "briefing.html").write_text("<html><head><title>Sahel briefing</title></head>"
                                           "<body>x</body></html>")
    (reports / "briefing.pdf").write_bytes(b"%PDF-1.4\n")
    (reports / "index.html").write_text("<title>index</title>")
    out = tmp_path_factory.mktemp("site")
    docs_build.build(out, reports)
    return out


def test_home_page_is_the_readme(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "Quick start" in text and "sahel-analysis render" in text
    assert 'href="data.html"' in text  # the README's docs/data.md link resolves in the site


def test_data_dictionary_and_changelog_pages(site):
    readme_dictionary = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    first_heading = next(line.lstrip("# ") for line in readme_dictionary.splitlines()
                         if line.startswith("#"))
    assert first_heading in (site / "data.html").read_text(encoding="utf-8")
    assert "0.2.0" in (site / "changelog.html").read_text(encoding="utf-8")


def test_api_pages_carry_the_docstrings(site):
    from sahel_analysis import data
    from sahel_analysis.metrics import windows

    page = (site / "api" / "data.html").read_text(encoding="utf-8")
    assert data.events.__doc__.splitlines()[0].strip()[:40] in page
    metrics_page = (site / "api" / "metrics.html").read_text(encoding="utf-8")
    assert 'id="sahel_analysis.metrics.windows.before_after"' in metrics_page
    assert windows.__doc__.splitlines()[0].split("`")[0][:30] in metrics_page


def test_gallery_links_each_rendered_report_and_its_downloads(site):
    page = (site / "gallery.html").read_text(encoding="utf-8")
    assert "Sahel briefing" in page
    assert 'href="reports/briefing.html"' in page and 'href="reports/briefing.pdf"' in page
    assert "reports/index.html" not in page
    assert (site / "reports" / "briefing.pdf").is_file()
