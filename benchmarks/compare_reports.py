"""Compare the text of two rendered report folders (e.g. before and after a refactor).

    python benchmarks/compare_reports.py BEFORE_DIR AFTER_DIR

Prints, for each report, whether its page-1 summary and key findings are identical, and
whether the whole text (render times, commits and chart pixels aside) is; then the lines that
differ. Prints ``name: value unit`` lines last; exit 1 when a summary or key finding differs.
"""

import difflib
import html
import re
import sys
from pathlib import Path

_TAGS = re.compile(r"<[^>]+>")
_VOLATILE = [
    re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"),  # render time
    # the commit rendered from (a source archive has none)
    re.compile(r"commit\s+(<code>)?([0-9a-f]{7,40}|unknown|not a git)[^;<]*(</code>)?"),
    re.compile(r"<img[^>]*>"),  # chart pixels are compared by the numbers they show
    re.compile(r"<style.*?</style>", re.DOTALL),
]


def _text(fragment: str) -> str:
    for pattern in _VOLATILE:
        fragment = pattern.sub("", fragment)
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _block(page: str, css: str) -> str:
    match = re.search(rf'<div class="{css}">(.*?)</div>', page, re.DOTALL)
    return _text(match.group(1)) if match else ""


def _lines(page: str) -> list[str]:
    for pattern in _VOLATILE:
        page = pattern.sub("", page)
    page = re.sub(r"</(p|li|tr|h\d|div)>", "\n", page.replace("\n", " "))
    return [line for line in (" ".join(html.unescape(_TAGS.sub(" ", raw)).split())
                              for raw in page.splitlines()) if line]


def main(before: Path, after: Path) -> int:
    names = sorted(p.name for p in before.glob("*.html") if p.name != "index.html")
    findings_differ = text_differ = images_differ = 0
    for name in names:
        old = (before / name).read_text(encoding="utf-8")
        new = (after / name).read_text(encoding="utf-8")
        same = {css: _block(old, css) == _block(new, css) for css in ("summary", "key-findings")}
        diff = [line for line in difflib.unified_diff(_lines(old), _lines(new), lineterm="",
                                                      n=0) if line[:1] in "+-"
                and not line.startswith(("+++", "---"))]
        images = [re.findall(r'<img[^>]*src="([^"]+)"', page) for page in (old, new)]
        images_differ += images[0] != images[1]
        findings_differ += not all(same.values())
        text_differ += bool(diff)
        print(f"{name}: summary {'same' if same['summary'] else 'DIFFERS'}, key findings "
              f"{'same' if same['key-findings'] else 'DIFFERS'}, whole text "
              f"{'same' if not diff else f'{len(diff)} lines differ'}, charts "
              f"{'identical' if images[0] == images[1] else 'DIFFER'} ({len(images[1])})")
        for line in diff[:20]:
            print("   ", line[:200])
    print(f"reports_compared: {len(names)} reports")
    print(f"reports_with_different_findings: {findings_differ} reports")
    print(f"reports_with_different_text: {text_differ} reports")
    print(f"reports_with_different_charts: {images_differ} reports")
    return 1 if findings_differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:  # e.g. run by `for b in benchmarks/*.py`: nothing to compare
        print(__doc__.strip().splitlines()[0] + " (give BEFORE_DIR AFTER_DIR)")
        sys.exit(0)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
