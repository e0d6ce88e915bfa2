"""Checks shared by the fault cases: a clear error, a clean exit, nothing lost."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

from sahel_analysis.cli import main
from sahel_analysis.render import runner

MESSAGE_LIMIT = 2_000


def expect(error: type[BaseException], text: str, call: Callable, *args, **kwargs) -> str:
    """Check that `call` raises `error` with `text` in a short message; return the message."""
    try:
        call(*args, **kwargs)
    except error as raised:
        message = str(raised)
        assert text in message, f"message lacks {text!r}: {message[:200]}"
        assert len(message) < MESSAGE_LIMIT, "message too long"
        return message
    raise AssertionError(f"no {error.__name__} raised")


def run_cli(argv: list[str], code: int, text: str = "") -> str:
    """Run the CLI in-process; check its exit code, message and that no traceback escaped.

    Returns what it wrote to stderr.
    """
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            got = main(argv)
        except SystemExit as exit_:
            got = exit_.code
    stderr = err.getvalue()
    assert got == code, f"exit {got}, expected {code}: {stderr[-300:]}"
    assert "Traceback" not in stderr, f"traceback printed: {stderr[-500:]}"
    assert text in stderr + out.getvalue(), f"output lacks {text!r}: {stderr[-300:]}"
    return stderr


def render(out: Path, report: str = "tiny", **kwargs) -> runner.RenderSummary:
    """Render one report of the tiny catalog as HTML with one worker."""
    kwargs.setdefault("formats", ["html"])
    return runner.render([report], kwargs.pop("parameters", None), output_dir=out, workers=1,
                         **kwargs)


def snapshot(out: Path, slug: str = "tiny") -> dict[str, bytes]:
    """Return the bytes of a published report's files (HTML, PDF, notebook, state)."""
    names = (f"{slug}.html", f"{slug}.pdf", f"executed/{slug}.ipynb", f".state/{slug}.json")
    return {n: (out / n).read_bytes() for n in names if (out / n).is_file()}


def published(tmp: Path) -> tuple[Path, dict[str, bytes]]:
    """Render "tiny" into tmp/reports; return the folder and a snapshot of the report."""
    out = tmp / "reports"
    render(out)
    return out, snapshot(out)


def failed_keeping(out: Path, before: dict[str, bytes], summary, text: str) -> None:
    """Check that the render failed with a one-line `text` and kept the previous report."""
    result = summary.results[0]
    assert result.status == "failed", result.status
    assert text in result.error and "\n" not in result.error, result.error[:200]
    assert snapshot(out) == before, "previous report changed"
    empty = [p.name for p in (out / "failed").glob("*") if p.stat().st_size == 0] \
        if (out / "failed").is_dir() else []
    assert not empty, f"0-byte files left: {empty}"
