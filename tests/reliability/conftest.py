"""Fault cases: each bad input or fault must end in a clear message with nothing lost.

`benchmarks/bench_reliability.py` runs this folder and counts the clean cases by kind (the
module name: ``test_data_api.py`` is kind ``data_api``). Cases that render are marked slow.
"""

from __future__ import annotations

import pytest

from tests.fixtures.catalog import tiny_catalog  # noqa: F401  the catalog the render tests use


@pytest.fixture
def real_catalog(monkeypatch):
    """Use the package's own catalog (not a tiny one) for the test."""
    from sahel_analysis import config

    monkeypatch.delenv(config.NOTEBOOKS_ENV, raising=False)
