import openpyxl
import pandas as pd
import pytest

from sahel_analysis import downloads, tables


@pytest.fixture(autouse=True)
def empty_registry():
    downloads.clear()
    yield
    downloads.clear()


def test_shown_tables_become_sheets_after_a_sources_sheet(tmp_path, monkeypatch):
    frame = pd.DataFrame({"country": ["Mali", "Niger"], "deaths": [1234.4, 5.0],
                          "hidden": [1, 2]})
    tables.show(frame, {"country": "text", "deaths": "int"}, {"deaths": "Deaths (best)"},
                source="UCDP GED final", name="Deaths per country")
    tables.show(frame, {"country": "text"}, caption="Countries", source="UCDP")
    tables.show(frame, {"country": "text"}, source="ACLED aggregated data")  # never exported
    tables.show(frame, {"country": "text"}, export=False)
    target = tmp_path / "report.xlsx"
    monkeypatch.setenv(downloads.ENV_OUT, str(target))
    assert downloads.write_workbook(title="A report") == target
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [downloads.SOURCES_SHEET, "01 Deaths per country", "02 Countries"]
    sheet = book["01 Deaths per country"]
    assert [c.value for c in sheet[1]] == ["country", "Deaths (best)"]
    assert sheet["B2"].value == 1234.4  # values as computed, not the rounded display
    sources = [str(c.value) for row in book[downloads.SOURCES_SHEET].iter_rows() for c in row]
    text = " ".join(sources)
    assert "A report" in text and "UCDP GED final" in text and "CC BY 4.0" in text
    assert "SIPRI" in text and "Definition" in text and "ACLED data are never included" in text


def test_nothing_written_outside_a_render(monkeypatch):
    monkeypatch.delenv(downloads.ENV_OUT, raising=False)
    tables.show(pd.DataFrame({"a": [1]}), {"a": "int"})
    assert downloads.write_workbook() is None


def test_sheet_names_are_valid_and_unique():
    used: set[str] = set()
    names = [downloads.sheet_name("A very long table name: with [bad] chars / and more", i, used)
             for i in (1, 1)]
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)
    assert names[0] != names[1]


def test_sheets_are_named_after_the_report_function_by_default():
    from sahel_analysis.reports import briefing

    ctx = briefing.context({"as_of": "2023-12-31", "max_data_age": None})
    briefing.displacement_table(ctx)
    briefing.newest_turns(ctx)
    names = [t.name for t in downloads.registered()]
    assert names == ["Displacement", "Latest turns"]
    downloads.clear()
    frame = pd.DataFrame({"a": [1]})

    def arms_share_table():
        return tables.show(frame, {"a": "int"})

    arms_share_table.__module__ = "tests"
    arms_share_table()
    assert downloads.registered()[0].name == "Table 1"  # not called from a report module
