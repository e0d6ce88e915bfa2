"""Report text follows the data: no year, month or release name of the data is written in it.

Two checks. A scan of the report modules' string literals (docstrings excepted) and of the
notebooks' cells for what a frozen coverage statement looks like: "Dec 2023", "1989–2024",
"v25.1", "end-2025", a year right after "cover", "ends", "final", "to"… (ints, e.g. chart axis
years, are not strings and are not scanned; the parameters cells, the user's own years, are
skipped). And a replay on changed data: with the events cut at another date and a manifest entry
with another coverage, the coverage sentences must follow, and the page-1 and method texts of
every report must no longer name the snapshot's coverage.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sahel_analysis.hashing import sha256_of

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "sahel_analysis" / "reports"
NOTEBOOKS = ROOT / "notebooks"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_YEAR = r"(?:19[89]\d|20[0-4]\d)"
PATTERNS = {
    "month and year": re.compile(rf"\b{_MONTH}\s+{_YEAR}\b"),
    "span of years": re.compile(rf"\b{_YEAR}\s*[–—-]\s*(?:{_YEAR}|\d\d)\b"),
    "release name": re.compile(r"(?i)\bv\d{2}\.\d\b|\b\d{2}\.0\.\d{1,2}\b"
                               r"|\b\d{2}\.01\.\d{2}\.\d{2}\b|\bged\d{3}\b|candidate \d"),
    "end-year": re.compile(rf"(?i)\bend-{_YEAR}\b"),
    "year after a coverage word": re.compile(
        rf"(?i)\b(?:cover\w*|ends?|ended|final|until|up to|through|since|latest|newest|"
        rf"release\w*|export\w*|runs? to|to)\b[^.;]{{0,30}}?\b{_YEAR}\b"),
}

# Dates that are facts about the world, not about the data (each with why it may stay).
ALLOWED = {
    ("country_profile.py", "Mar 2017"): "JNIM's founding date",
    ("country_profile.py", "March 2017"): "JNIM's founding date",
    ("country_profile.py", "March 2022"): "the date of the Moura massacre",
    ("displacement.py", "March 2023"): "the date of CONASUR's count, matched on its figure",
    ("displacement.py", "Mar 2023"): "the date of CONASUR's count, matched on its figure",
    ("realignment.py", "2000–2011"): "ARMS_PERIODS: analysis periods chosen by the authors",
    ("realignment.py", "2012–2019"): "ARMS_PERIODS: analysis periods chosen by the authors",
    ("realignment.py", "2020–2023"): "ARMS_PERIODS: analysis periods chosen by the authors",
    ("realignment.py", "since 2021"): "orders since the first coup (an analysis window)",
    ("realignment.py", "2021–2023"): "the Wagner Group's years in Mali",
}


def findings(text: str) -> list[tuple[str, str]]:
    """Return (kind, match) for each frozen-coverage pattern in `text`."""
    return [(kind, match.group(0)) for kind, pattern in PATTERNS.items()
            for match in pattern.finditer(text)]


def string_literals(source: str) -> list[tuple[int, str]]:
    """Return (line, text) of each string literal of a module, docstrings left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def _matches(match: str, allowed: str) -> bool:
    return allowed in match


def module_findings(path: Path) -> list[str]:
    """Return "module:line: kind: match" for each finding not in ALLOWED."""
    found = []
    for line, text in string_literals(path.read_text(encoding="utf-8")):
        for kind, match in findings(text):
            if any(module == path.name and _matches(match, allowed)
                   for module, allowed in ALLOWED):
                continue
            found.append(f"{path.name}:{line}: {kind}: {match!r}")
    return found


def test_the_scan_catches_frozen_coverage_and_lets_derived_text_through():
    frozen = '''
x = "Country-year data cover 1989–2024; a missing year shows as –."
y = f"({a}; final GED ends in " "Dec 2023, so events cannot appear)"
z = "UCDP country-year dataset v25.1"
w = "this is release 2025.12.1, end-2025"
v = "country totals run to 2024 (UCDP)"
u = "the UCDP Candidate 26.0.1 release"
'''
    kinds = [kind for _, text in string_literals(frozen) for kind, _ in findings(text)]
    assert {"span of years", "month and year", "release name", "end-year",
            "year after a coverage word"} <= set(kinds)
    assert len({line for line, text in string_literals(frozen) if findings(text)}) == 6
    derived = '''
def f(month, years):
    """Docstrings may say: final GED ends in Dec 2023."""
    axis = [2012, 2016, 2020]
    return f"final GED ends in {month:%B %Y}; country-year data cover {years}."
'''
    assert not [found for _, text in string_literals(derived) for found in findings(text)]


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.py")), ids=lambda p: p.name)
def test_report_modules_write_no_year_month_or_release_of_the_data(path):
    assert module_findings(path) == []


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_write_no_year_month_or_release_of_the_data(path):
    found = []
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            continue  # the user's own parameters (a default period) are not coverage
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            texts = [t for _, t in string_literals(text.replace("%", "#"))]
        else:
            texts = [text]
        found += [f"cell {index}: {kind}: {match!r}" for t in texts for kind, match in findings(t)]
    assert found == []


def test_every_allowed_date_is_still_there():
    """An allowance whose text is gone is removed, so the list never hides a new finding."""
    for module, allowed in ALLOWED:
        text = " ".join(t for _, t in string_literals((REPORTS / module).read_text("utf-8")))
        assert allowed in text, (module, allowed)


# --- the text follows the data ------------------------------------------------------------------

def _reset_caches():
    from sahel_analysis.reports import common

    common.source_lines.cache_clear()


@pytest.fixture
def cut_data(data_copy):
    """The data as a monthly job met them in March 2022: final GED to the end of 2021, then the
    Candidate 22.0.2 release (February 2022; its AES rows stand in for the final rows of that
    month, which replaced them in the shipped table); UCDP country-year data to 2022, SIPRI
    deliveries to 2021. The
    manifest says displacement ends in 2021 (another coverage)."""
    events = pd.read_parquet(data_copy / "events.parquet")
    final = ~events["preliminary"]
    february = final & (events["date"].dt.to_period("M") == pd.Period("2022-02"))
    events.loc[february, ["preliminary", "source_version"]] = [True, "Candidate 22.0.2"]
    keep = (final & (events["year"] <= 2021)) | (events["source_version"] == "Candidate 22.0.2")
    events[keep].reset_index(drop=True).to_parquet(data_copy / "events.parquet")
    manifest_path = data_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entry = manifest["tables"]["events"]
    entry["file_sha256"] = sha256_of(data_copy / "events.parquet")
    entry["coverage"] = {"first": str(events.loc[keep, "date"].min().date()),
                         "last": str(events.loc[keep, "date"].max().date())}
    for table, year in (("fatalities", 2022), ("arms_deliveries", 2021)):
        yearly = pd.read_parquet(data_copy / f"{table}.parquet")
        yearly[yearly["year"] <= year].reset_index(drop=True).to_parquet(
            data_copy / f"{table}.parquet")
        manifest["tables"][table]["file_sha256"] = sha256_of(data_copy / f"{table}.parquet")
        manifest["tables"][table]["coverage"]["last"] = str(year)
    manifest["tables"]["displacement"]["coverage"]["last"] = "2021"
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    _reset_caches()
    yield data_copy
    _reset_caches()


# The snapshot's coverage after a coverage word ("to", "ends in", "cover"…): final GED to
# December 2023, Candidate to January 2026, UCDP country-year data to 2024; or its release.
SNAPSHOT_COVERAGE = re.compile(
    r"(?i)\b(?:to|ends? in|ended in|until|up to|cover\w*|runs? to|final\w*)\b[^.;]{0,25}?"
    r"(?:Dec\w* 2023|Jan\w* 2026|1989–2024|2024 \(UCDP\))|26\.0\.1")


def test_coverage_sentences_follow_the_data(cut_data):
    from sahel_analysis.catalog import validate_parameters
    from sahel_analysis.reports import briefing, common, country_profile

    note = common.coverage_note("2012-01-01", "2025-12-31").data
    assert "UCDP GED final events up to December 2021; nothing later is final." in note
    assert "February 2022: UCDP Candidate events (preliminary" in note
    caption = common.final_gap_phrase(pd.Timestamp("2025-12-31"))
    assert caption.startswith("; final GED ends in December 2021; after it only UCDP Candidate "
                              "events (preliminary) of February 2022")
    assert common.final_gap_phrase(pd.Timestamp("2021-06-30")) == ""

    ctx = briefing.context(validate_parameters("briefing", {"as_of": "2026-12-02"}))
    assert ctx.lead.month == pd.Timestamp("2022-02-01") and ctx.lead.preliminary
    assert ctx.month == pd.Timestamp("2021-12-01")
    page_one = briefing.summary(ctx).text
    assert "Newest month, February 2022 (preliminary, UCDP Candidate data" in page_one
    assert "Checked month (final UCDP GED), December 2021" in page_one
    assert "events, final (UCDP GED) to 31 Dec 2021" in page_one
    assert "displacement (UNHCR, IDMC) to 31 Dec 2021" in page_one  # from the manifest

    profile = country_profile.context(validate_parameters("country_profile", {}))
    html = country_profile.deadliest_events_table(profile).html
    assert "final GED ends in December 2021" in html
    # Wagner's arrival (December 2021) lacks 12 months of final events after it: country-year
    assert "Country-year data cover 1989–2022" in country_profile.russia_before_after(
        profile).html

    from sahel_analysis.reports import realignment

    method = realignment.sources_and_method(
        realignment.context(validate_parameters("realignment", {}))).text
    assert "Deliveries are by delivery year (to 2021)" in method


@pytest.mark.parametrize("report", ["briefing", "country_profile", "regional_security",
                                    "realignment", "displacement"])
def test_rendered_page_one_and_method_text_name_no_snapshot_coverage(cut_data, report):
    import importlib

    from sahel_analysis.catalog import validate_parameters

    module = importlib.import_module(f"sahel_analysis.reports.{report}")
    params = {"as_of": "2026-12-02"} if report == "briefing" else {}
    ctx = module.context(validate_parameters(report, params))
    parts = ["summary", "coverage_note", "sources_and_method", "lead_note",
             "deadliest_events_table", "russia_before_after"]
    texts = [getattr(module, name)(ctx) for name in parts if hasattr(module, name)]
    text = " ".join(" ".join(section.text for section in _sections(t)) for t in texts)
    assert text
    assert [m.group(0) for m in SNAPSHOT_COVERAGE.finditer(text)] == []


def _sections(output) -> list:
    from sahel_analysis.reports.sections import Section

    if isinstance(output, Section):
        return [output]
    return [part for part in output if isinstance(part, Section)]
