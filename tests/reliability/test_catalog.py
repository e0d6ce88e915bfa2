"""Fault cases of a malformed ``catalog.toml``: one clear line and exit 2, never a traceback."""

from __future__ import annotations

import pytest

from sahel_analysis.catalog import load_catalog
from sahel_analysis.exceptions import NotebookError
from tests.reliability.helpers import expect, run_cli

ENTRY = ('[tiny]\ntitle = "Tiny report"\nnotebook = "tiny.ipynb"\n'
         'parameters = "RealignmentParameters"\n')

# name: (catalog text, words the message must hold)
MALFORMED = {
    "invalid_toml": ("[tiny\ntitle = ", "not valid TOML"),
    "entry_without_title": (ENTRY.replace('title = "Tiny report"\n', ""), "tiny.title"),
    "entry_not_a_table": ('tiny = 3\n', "tiny"),
    "default_run_not_a_list": (ENTRY + 'default_run = "MLI"\n', "tiny.default_run"),
    "default_run_of_numbers": (ENTRY + 'default_run = [1, 2]\n', "tiny.default_run"),
    "misspelt_key": (ENTRY + 'titel = "typo"\n', "tiny.titel"),
    "title_not_text": (ENTRY.replace('"Tiny report"', "42"), "tiny.title"),
    "unknown_schema": (ENTRY.replace("RealignmentParameters", "Nope"), "RealignmentParameters"),
    "empty_catalog": ("", "no report"),
}


@pytest.fixture
def catalog_folder(tiny_catalog):
    return tiny_catalog["folder"]


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_catalog_is_named(case, catalog_folder):
    text, words = MALFORMED[case]
    (catalog_folder / "catalog.toml").write_text(text, encoding="utf-8")
    message = expect(NotebookError, words, load_catalog)
    assert "catalog.toml" in message, message


@pytest.mark.parametrize("case", ["invalid_toml", "entry_not_a_table", "default_run_not_a_list"])
def test_malformed_catalog_exits_2_in_one_line(case, catalog_folder):
    (catalog_folder / "catalog.toml").write_text(MALFORMED[case][0], encoding="utf-8")
    stderr = run_cli(["list"], 2, "catalog.toml")
    assert len(stderr.strip().splitlines()) <= 3, stderr


def test_catalog_not_utf8(catalog_folder):
    (catalog_folder / "catalog.toml").write_bytes(ENTRY.replace("Tiny", "Tiny \xe9").encode(
        "latin-1"))
    expect(NotebookError, "UTF-8", load_catalog)
