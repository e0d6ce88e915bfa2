"""Report sections an analyst can bend: each cell function returns a :class:`Section`.

A section displays exactly as before in Jupyter (the same outputs, so the rendered reports do
not change), and also holds what it is made of::

    deaths = report.deaths_by_type_chart(ctx)
    deaths.figure          # the matplotlib figure, to restyle and show again
    table = report.deaths_table(ctx)
    table.data             # the table as a DataFrame (the unrounded values shown)
    report.key_findings(ctx).text   # the sentences as plain text

Report modules opt in with one line at their end, ``sections.wrap(globals())``: every public
function whose first parameter is ``ctx`` then returns a Section when it returns something to
display (HTML, Markdown, a chart, or a tuple of them); other values (numbers, strings, frames
used by other functions) pass through unchanged.
"""

from __future__ import annotations

import functools
import html
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

_RECORDERS: list[dict[str, list]] = []
_TAGS = re.compile(r"<[^>]+>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_LINE_END = re.compile(r"<br\s*/?>|</(?:p|div|li|ul|ol|h[1-6]|tr|caption|table)>", re.IGNORECASE)


def record(kind: str, value: Any) -> None:
    """Note a table ("tables") or chart ("charts") shown while a section is being built."""
    for recorder in _RECORDERS:
        recorder[kind].append(value)


@dataclass
class Section:
    """What one report cell shows: its output, the tables and charts it is made of."""

    name: str
    output: Any
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)

    @property
    def data(self):
        """The section's (first) table as a DataFrame; without a table, the displayed text."""
        if self.tables:
            return self.tables[0]
        return self.html or None

    @property
    def figure(self):
        """The section's (first) matplotlib figure, or None."""
        return self.charts[0].fig if self.charts else None

    @property
    def html(self) -> str:
        """The section's HTML (or Markdown) text as displayed, '' for a chart alone."""
        parts = self.output if isinstance(self.output, tuple) else (self.output,)
        return "".join(str(p.data) for p in parts if isinstance(getattr(p, "data", None), str))

    @property
    def text(self) -> str:
        """The section's sentences as plain text: one line per paragraph, "- " per list item."""
        return html_to_text(self.html)

    def __iter__(self) -> Iterator:
        """Unpack a section of several outputs: ``chart, table = report.windows(ctx)``."""
        return iter(self.output if isinstance(self.output, tuple) else (self.output,))

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Display exactly what the section's function returned."""
        from IPython import get_ipython
        from IPython.core.formatters import DisplayFormatter

        shell = get_ipython()
        formatter = shell.display_formatter if shell is not None else DisplayFormatter()
        return formatter.format(self.output, include=include, exclude=exclude)


def html_to_text(markup: str) -> str:
    r"""Return HTML (or Markdown) as plain text: a line per paragraph, "- " before list items.

    Line breaks inside a paragraph are spaces; a blank line (Markdown) ends a paragraph.

    Example:
        >>> html_to_text("<div><p><b>Key findings</b></p><ul><li>Deaths rose.</li></ul></div>")
        'Key findings\n- Deaths rose.'
    """
    flowed = _BLANK_LINE.sub("</p>", markup).replace("\n", " ")
    marked = _LINE_END.sub("\n", _ITEM.sub("\n- ", flowed))
    lines = (" ".join(html.unescape(_TAGS.sub(" ", line)).split())
             for line in marked.splitlines())
    return "\n".join(line for line in lines if line and line != "-")


def _displayable(value: Any) -> bool:
    """Return True for what a cell shows: IPython HTML/Markdown, a chart, or a tuple of them.

    Tables kept as data (DataFrames) and text pass through: other functions compute with them.
    """
    from IPython.display import DisplayObject

    if isinstance(value, tuple):
        return bool(value) and all(_displayable(v) for v in value)
    return isinstance(value, DisplayObject) or (hasattr(value, "fig")
                                                and hasattr(value, "_repr_png_"))


def section(function: Callable) -> Callable:
    """Make a cell function return a :class:`Section` (when it returns something to display)."""
    @functools.wraps(function)
    def build(*args, **kwargs):
        recorder: dict[str, list] = {"tables": [], "charts": []}
        _RECORDERS.append(recorder)
        try:
            output = function(*args, **kwargs)
        finally:
            _RECORDERS.pop()  # the innermost: sections built inside one are removed first
        if not _displayable(output):
            return output
        return Section(function.__name__, output, recorder["tables"], recorder["charts"])

    build.__wrapped_section__ = True
    return build


def wrap(namespace: dict[str, Any]) -> None:
    """Wrap the public ``f(ctx, …)`` functions defined in a report module's `namespace`."""
    module = namespace["__name__"]
    for name, value in list(namespace.items()):
        if (name.startswith("_") or name == "context" or not inspect.isfunction(value)
                or value.__module__ != module or getattr(value, "__wrapped_section__", False)):
            continue
        parameters = list(inspect.signature(value).parameters)
        if parameters[:1] == ["ctx"]:
            namespace[name] = section(value)
