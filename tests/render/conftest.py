"""A temporary catalog of tiny notebooks to exercise the runner quickly (shared fixture)."""

from __future__ import annotations

from tests.fixtures.catalog import tiny_catalog  # noqa: F401  the fixture, shared
