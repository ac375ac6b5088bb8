"""Reading translation files: the hardened readers next to the alternatives, and hostile shapes.

    python bench/formats.py [LOCALE]     # default de-DE of ../shared/corpus

Prints seconds for: the locale's TMX and XLIFF read by our readers (lxml, hardened) next to
a bare defusedxml (expat) and a bare lxml pass; an 8 MB and a 32 MB XML attribute (past
libxml2's 10 MB limit: refused with a located message); a PO
msgstr of 300,000 continuation lines read by our reader next to ``msgfmt --check``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from defusedxml import ElementTree as SafeElementTree
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.export import EXPORTERS, Options  # noqa: E402
from toolkit.formats import po, tmx, xliff  # noqa: E402
from toolkit.formats.units import FormatError  # noqa: E402
from toolkit.sxs import read_article  # noqa: E402


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _defused(path: Path, tag: str) -> int:
    count = 0
    for _event, element in SafeElementTree.iterparse(str(path), events=("end",), forbid_dtd=True):
        if element.tag.endswith(tag):
            count += 1
            element.clear()
    return count


def _lxml(path: Path, tag: str) -> int:
    count = 0
    for _event, element in etree.iterparse(
        str(path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    ):
        if isinstance(element.tag, str) and element.tag.endswith(tag):
            count += 1
            element.clear()
    return count


def main() -> None:
    locale = sys.argv[1] if len(sys.argv) > 1 else "de-DE"
    folder = ROOT.parent / "shared" / "corpus" / "project-operations" / "sxs" / locale
    work = Path(tempfile.mkdtemp())
    articles = [read_article(p) for p in sorted(folder.rglob("*.md"))]
    EXPORTERS["tmx"](articles, work, Options())
    EXPORTERS["xliff"](articles, work, Options())
    (tmx_file,) = (work / "tmx").iterdir()
    (xliff_file,) = (work / "xliff").iterdir()
    print(
        f"{locale}: {len(articles)} articles; TMX {tmx_file.stat().st_size / 1e6:.1f} MB, "
        f"XLIFF {xliff_file.stat().st_size / 1e6:.1f} MB"
    )
    for name, path, tag, ours in (("TMX", tmx_file, "tu", tmx.read_tmx), ("XLIFF", xliff_file, "unit", xliff.read_xliff)):
        print(
            f"  {name}: toolkit reader {_seconds(lambda p=path, r=ours: list(r(p))):.2f} s, "
            f"bare lxml {_seconds(lambda p=path, t=tag: _lxml(p, t)):.2f} s, "
            f"bare defusedxml {_seconds(lambda p=path, t=tag: _defused(p, t)):.2f} s"
        )
    for megabytes in (8, 32):
        big = work / f"attr{megabytes}.tmx"
        big.write_bytes(b'<tmx version="1.4"><header x="' + b"a" * (megabytes << 20) + b'"/><body/></tmx>')
        try:
            ours = f"{_seconds(lambda b=big: list(tmx.read_tmx(b))):.2f} s"
        except FormatError as error:  # libxml2's 10 MB limit on one text or attribute
            ours = f"refused ({error.message[:60]}…)"
        print(f"  {megabytes} MB attribute: toolkit reader {ours}, defusedxml {_seconds(lambda b=big: _defused(b, 'tu')):.2f} s")
    lines = work / "long.po"
    lines.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "a-1"\nmsgid "x"\nmsgstr ""\n'
        + '"ab"\n' * 300_000,
        encoding="utf-8",
    )
    ours = _seconds(lambda: list(po.read_po(lines)))
    msgfmt = shutil.which("msgfmt")
    command = [msgfmt or "msgfmt", "--check", "-o", "/dev/null", str(lines)]
    theirs = _seconds(lambda: subprocess.run(command, check=False, capture_output=True)) if msgfmt else float("nan")
    print(f"  PO, 300,000 continuation lines: toolkit reader {ours:.2f} s, msgfmt --check {theirs:.2f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
