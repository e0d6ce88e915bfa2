"""Build the documentation site offline with MkDocs: README, data dictionary, API, gallery.

    python docs/build.py [--out docs/_site] [--reports reports]

The pages are assembled in a temporary folder (the README as the home page, ``docs/data.md``,
``CHANGELOG.md``, one API page per public module from its docstrings via mkdocstrings, and a
gallery of the rendered reports found in ``--reports``, copied beside it), then built with
``mkdocs build --strict``, so a broken reference fails the build.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API_MODULES = {
    "data": "The data API: tidy, validated tables",
    "metrics": "Measures: windows, civilians, actors, spread, displacement, realignment",
    "plots": "Charts",
    "render": "Rendering reports",
    "update": "Living data: refresh and update",
    "citations": "References of the data",
    "project": "Project folders",
    "params": "Report parameters",
    "exceptions": "Errors and exit codes",
}


def _home_page(readme: str) -> str:
    """Return the README with links into docs/ made relative to the site."""
    return readme.replace("](docs/data.md)", "](data.md)").replace("](CHANGELOG.md)",
                                                                    "](changelog.md)")


def _gallery(reports: Path | None, pages: Path) -> str:
    """Copy the rendered reports into the site and return the gallery page listing them."""
    lines = ["# Gallery", "", "The reports of the last render, as HTML, PDF and Excel.", ""]
    found = sorted(reports.glob("*.html")) if reports and reports.is_dir() else []
    found = [p for p in found if p.name != "index.html"]
    if not found:
        lines.append("No rendered reports were found: run `sahel-analysis render` first, then "
                     "build the site with `--reports reports`.")
        return "\n".join(lines) + "\n"
    target = pages / "reports"
    target.mkdir()
    lines += ["| report | downloads |", "|---|---|"]
    for page in found:
        files = [page, *(page.with_suffix(s) for s in (".pdf", ".xlsx")
                         if page.with_suffix(s).is_file())]
        for file in files:
            shutil.copyfile(file, target / file.name)
        title = _title_of(page) or page.stem
        links = " · ".join(f"[{f.suffix[1:].upper()}](reports/{f.name})" for f in files)
        lines.append(f"| {title} | {links} |")
    return "\n".join(lines) + "\n"


def _title_of(page: Path) -> str:
    """Return the <title> of an HTML report (escaped for Markdown)."""
    match = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8",
                                                               errors="replace"), re.S)
    return html.unescape(match.group(1)).strip().replace("|", "\\|") if match else ""


def _config(pages: Path, out: Path) -> str:
    """Return the mkdocs.yml text (JSON is valid YAML) for the assembled pages."""
    nav = [{"Home": "index.md"}, {"Data dictionary": "data.md"}, {"Gallery": "gallery.md"},
           {"API": [{title: f"api/{name}.md"} for name, title in API_MODULES.items()]},
           {"Changelog": "changelog.md"}]
    return json.dumps({
        "site_name": "sahel_analysis", "docs_dir": str(pages), "site_dir": str(out),
        "use_directory_urls": False, "theme": {"name": "mkdocs"}, "nav": nav,
        "validation": {"links": {"not_found": "info", "unrecognized_links": "info"}},
        "plugins": [{"search": {}}, {"mkdocstrings": {"handlers": {"python": {
            "paths": [str(ROOT)], "options": {"docstring_style": "google",
                                              "show_source": False,
                                              "members_order": "source"}}}}}],
    }, indent=1)


def assemble(pages: Path, reports: Path | None) -> None:
    """Write every Markdown page of the site into `pages`."""
    (pages / "index.md").write_text(_home_page((ROOT / "README.md").read_text("utf-8")),
                                    encoding="utf-8")
    shutil.copyfile(ROOT / "docs" / "data.md", pages / "data.md")
    shutil.copyfile(ROOT / "CHANGELOG.md", pages / "changelog.md")
    (pages / "gallery.md").write_text(_gallery(reports, pages), encoding="utf-8")
    (pages / "api").mkdir()
    for name, title in API_MODULES.items():
        (pages / "api" / f"{name}.md").write_text(f"# {title}\n\n{_api_blocks(name)}",
                                                  encoding="utf-8")


def _api_blocks(name: str) -> str:
    """Return the mkdocstrings blocks of a module, or of each public module of a package."""
    folder = ROOT / "sahel_analysis" / name
    if not folder.is_dir():
        return f"::: sahel_analysis.{name}\n"
    modules = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    return "".join(f"::: sahel_analysis.{name}.{module}\n    options:\n      heading_level: 2\n\n"
                   for module in modules)


def build(out: Path, reports: Path | None = None) -> Path:
    """Build the site into `out`; return the path of its home page."""
    with tempfile.TemporaryDirectory(prefix="sahel-docs-") as work:
        pages = Path(work) / "pages"
        pages.mkdir()
        assemble(pages, reports)
        config = Path(work) / "mkdocs.yml"
        config.write_text(_config(pages, out.resolve()), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                        "--config-file", str(config)], check=True)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    """Build the site; print where its home page is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "_site")
    parser.add_argument("--reports", type=Path, default=None,
                        help="folder of rendered reports for the gallery")
    args = parser.parse_args(argv)
    print(build(args.out, args.reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
