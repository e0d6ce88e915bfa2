"""Reliability: run the fault cases (``tests/reliability``) and count the clean ones by kind.

A case is clean when it passes: the fault ends in a clear message (or the right result) with
nothing lost. Its kind is its module (``test_data_api.py``: ``data_api``). Prints
``name: value unit`` lines, then ``faults: N of N clean``.

Usage: ``python benchmarks/bench_reliability.py [-m "not slow"] [other pytest options]``.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests" / "reliability"


class Tally:
    """A pytest plugin counting each case once: clean (passed) or not (failed, error)."""

    def __init__(self) -> None:
        self.outcome: dict[str, str] = {}

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.outcome[report.nodeid] = "failed"
        elif report.skipped:
            self.outcome.setdefault(report.nodeid, "skipped")
        elif report.when == "call":
            self.outcome.setdefault(report.nodeid, "clean")


def kind(nodeid: str) -> str:
    """Return a case's kind: its module's name without ``test_``."""
    return Path(nodeid.split("::")[0]).stem.removeprefix("test_")


def main(options: list[str]) -> int:
    """Run the fault cases; print the counts; return pytest's exit code."""
    tally = Tally()
    started = time.perf_counter()
    code = pytest.main([str(FOLDER), "-q", "-p", "no:cacheprovider", *options],
                       plugins=[tally])
    seconds = time.perf_counter() - started
    tried = {n: o for n, o in tally.outcome.items() if o != "skipped"}
    clean = sum(o == "clean" for o in tried.values())
    by_kind: dict[str, Counter] = {}
    for nodeid, outcome in tried.items():
        by_kind.setdefault(kind(nodeid), Counter())[outcome] += 1
    for name, counts in sorted(by_kind.items()):
        print(f"faults.{name}: {counts['clean']} of {sum(counts.values())} clean")
    print(f"faults_skipped: {len(tally.outcome) - len(tried)} faults")
    print(f"reliability_seconds: {seconds:.1f} s")
    print(f"faults: {clean} of {len(tried)} clean")
    print(json.dumps({"faults_tried": len(tried), "faults_clean": clean,
                      "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())}}))
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
