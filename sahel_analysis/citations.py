"""References of the data behind the tables, as text and as BibTeX, read from the manifest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sahel_analysis import datastore
from sahel_analysis.exceptions import InvalidArgumentError

STYLES = ("text", "bibtex")


@dataclass(frozen=True)
class Reference:
    """One upstream dataset as the manifest records it, and the tables that read it."""

    key: str
    title: str
    publisher: str
    version: str
    licence: str
    attribution: str
    url: str
    tables: tuple[str, ...]

    def text(self) -> str:
        """Return the reference as one line of text (the attribution the publisher asks for)."""
        line = self.attribution or f"{self.publisher}, {self.title}"
        if self.version and self.version not in line:
            line += f" Version: {self.version}."
        return f"{line} {self.url}".strip() if self.url and self.url not in line else line

    def bibtex(self) -> str:
        """Return the reference as a BibTeX ``@misc`` entry."""
        fields = {"title": self.title, "author": f"{{{self.publisher}}}" if self.publisher
                  else "", "howpublished": f"\\url{{{self.url}}}" if self.url else "",
                  "version": self.version, "note": "; ".join(
                      part for part in (self.attribution, f"Licence: {self.licence}"
                                        if self.licence else "") if part)}
        body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}"
                          for name, value in fields.items() if value)
        return f"@misc{{{re.sub(r'[^A-Za-z0-9_:-]', '_', self.key)},\n{body}\n}}"


def _bibtex_escape(value: str) -> str:
    """Escape the characters BibTeX treats as special (braces of a protected name are kept)."""
    if value.startswith("{") and value.endswith("}"):
        return "{" + _bibtex_escape(value[1:-1]) + "}"
    if value.startswith("\\url{"):
        return value
    return re.sub(r"([&%$#_])", r"\\\1", value)


def references(tables: Iterable[str] | None = None) -> list[Reference]:
    """Return the references of `tables` (default: every table), one per upstream dataset.

    Raises InvalidArgumentError naming the known tables when one is unknown.
    """
    entries = datastore.read_manifest()["tables"]
    if isinstance(tables, str):
        tables = [tables]
    names = list(entries) if tables is None else list(tables)
    unknown = sorted(set(names) - set(entries))
    if unknown:
        raise InvalidArgumentError(f"Unknown table(s) {', '.join(unknown)}; known: "
                                   f"{', '.join(sorted(entries))}.")
    found: dict[str, dict] = {}
    used: dict[str, list[str]] = {}
    for name in names:
        for source in entries[name].get("sources", []):
            found.setdefault(source["key"], source)
            used.setdefault(source["key"], []).append(name)
    return [Reference(key, s.get("title", key), s.get("publisher", ""), s.get("version", ""),
                      s.get("licence", ""), s.get("attribution", ""), s.get("url", ""),
                      tuple(used[key])) for key, s in found.items()]


def cite(tables: Iterable[str] | str | None = None, style: str = "text") -> str:
    """Return the references of `tables` (default: all) as text lines or BibTeX entries.

    Example:
        >>> cite(["owid_deaths"], style="bibtex").splitlines()[0]
        '@misc{owid_conflict,'
    """
    if style not in STYLES:
        raise InvalidArgumentError(f"style must be one of {', '.join(STYLES)}, not {style!r}.")
    refs = references(tables)
    if style == "bibtex":
        return "\n\n".join(ref.bibtex() for ref in refs) + "\n"
    return "\n".join(f"- {ref.text()} (tables: {', '.join(ref.tables)})" for ref in refs)
