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


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tcmd", "=1+1"]


def _injected_frame() -> pd.DataFrame:
    return pd.DataFrame({"title": INJECTIONS, "deaths": [1234.5, 2, 3, 4, 5, -6],
                         "change": [0.25, -0.5, float("inf"), 0.0, 1.0, 2.0],
                         "date": pd.to_datetime(["2022-03-26"] * 6)})


def _write(tmp_path, frame, formats, headers=None, title="A report", **kwargs):
    tables.show(frame, formats, headers, source="UCDP", name="Events", **kwargs)
    target = downloads.write_workbook(tmp_path / "tables.xlsx", title=title)
    return openpyxl.load_workbook(target), tmp_path / "tables.csv.zip"


def test_text_is_never_written_as_a_formula_and_numbers_stay_numbers(tmp_path):
    book, _ = _write(tmp_path, _injected_frame(),
                     {"title": "text", "deaths": "int", "change": "signed_pct", "date": "date"},
                     title='=HYPERLINK("http://evil","title")')
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    sheet = book["01 Events"]
    assert [sheet.cell(r, 1).value for r in range(2, 8)] == ["'" + v for v in INJECTIONS]
    assert [sheet.cell(r, 2).value for r in range(2, 8)] == [1234.5, 2, 3, 4, 5, -6]
    assert all(sheet.cell(r, 2).data_type == "n" for r in range(2, 8))
    assert book[downloads.SOURCES_SHEET]["A1"].value.startswith("'=")


def test_a_leading_carriage_return_is_escaped_too():
    assert downloads.safe_text("\r=1") == "'\r=1"
    assert downloads.safe_text("Mali -2") == "Mali -2"


def test_csv_text_is_escaped_and_numbers_stay_numbers(tmp_path):
    import csv
    import io
    import zipfile

    _, archive = _write(tmp_path, _injected_frame(), {"title": "text", "deaths": "int"})
    with zipfile.ZipFile(archive) as members:
        assert members.namelist() == ["README.txt", "01 Events.csv"]
        rows = list(csv.reader(io.StringIO(members.read("01 Events.csv").decode("utf-8"))))
        readme = members.read("README.txt").decode("utf-8")
    assert rows[0] == ["title", "deaths"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in INJECTIONS]
    assert [float(r[1]) for r in rows[1:]] == [1234.5, 2, 3, 4, 5, -6]
    assert "01 Events.csv" in readme and "CC BY 4.0" in readme and "UCDP" in readme


def test_numbers_and_dates_carry_their_formats_and_tables_are_filtered(tmp_path):
    book, _ = _write(tmp_path, _injected_frame(),
                     {"title": "text", "deaths": "int", "change": "signed_pct", "date": "date"},
                     {"change": "Change (%)"})
    sheet = book["01 Events"]
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].value == 0.25 and "%" in sheet["C2"].number_format
    assert sheet["C4"].value == "new"  # an infinite change, as the report shows it
    assert sheet["D2"].number_format == "yyyy-mm-dd" and "00:00" not in sheet["D2"].number_format
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D7"


def test_repeated_headers_name_what_they_compare_with():
    assert downloads.unique_headers(["Country", "Nov 2023", "Change (%)", "Dec 2022",
                                     "Change (%)"]) == [
        "Country", "Nov 2023", "Change (%) vs Nov 2023", "Dec 2022", "Change (%) vs Dec 2022"]


def test_long_sheet_names_are_cut_at_a_word():
    used: set[str] = set()
    assert downloads.sheet_name("Civilians killed before and after: Russian forces", 4,
                                used) == "04 Civilians killed"
    assert downloads.sheet_name("Deadliest events in Mali in the event data", 5,
                                used) == "05 Deadliest events in Mali"
    assert downloads.sheet_name("Deadliest events in Mali in the event data", 5,
                                used) == "05 Deadliest events in Mali (2)"


def test_text_made_of_numbers_is_downloaded_as_numeric_columns(tmp_path):
    frame = pd.DataFrame({"year": [2013], "best": [881.0], "low": [881.0], "high": [1074.0]})
    frame["range"] = ["881–1,074"]
    shown = tables.show(frame, {"year": "text", "best": "int", "range": "text"},
                        {"year": "Year", "best": "Deaths", "range": "Low–high"}, name="Deaths",
                        download={"year": "text", "best": "int", "low": "int", "high": "int"},
                        download_headers={"low": "Low (deaths)", "high": "High (deaths)"})
    assert "881–1,074" in shown.data  # the report still shows the range
    book = openpyxl.load_workbook(downloads.write_workbook(tmp_path / "t.xlsx"))
    sheet = book["01 Deaths"]
    assert [c.value for c in sheet[1]] == ["Year", "Deaths", "Low (deaths)", "High (deaths)"]
    assert [c.value for c in sheet[2]] == [2013, 881, 881, 1074]


def test_a_rendered_table_links_to_its_sheet_and_csv(monkeypatch):
    downloads.clear()  # tables recorded by earlier tests in this process would shift the numbers
    monkeypatch.delenv(downloads.ENV_OUT, raising=False)
    frame = pd.DataFrame({"a": [1]})
    assert "data-link" not in tables.show(frame, {"a": "int"}, name="Outside").data
    monkeypatch.setenv(downloads.ENV_OUT, "/nowhere/tables.xlsx")
    monkeypatch.setenv(downloads.ENV_NAME, "country_profile-MLI")
    body = tables.show(frame, {"a": "int"}, name="Deaths").data
    assert '<a href="country_profile-MLI.xlsx">xlsx</a>, sheet “02 Deaths”' in body
    assert '<a href="country_profile-MLI.csv.zip">csv</a>, 02 Deaths.csv' in body
    assert "data-link" not in tables.show(frame, {"a": "int"}, source="ACLED").data
