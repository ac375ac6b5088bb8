"""Mutation fuzzing over real articles: the reader never raises, keeps every byte, accounts for
every ``data-ttu-id``, and every writer turns what it reads into a valid file.

The seeds (``corpus/``) are always used, and a fixed sample of the real corpus when it is
there. Mutations: byte flips, truncation, a span tag deleted or duplicated, CRLF and lone CR
mixed in, NUL, invalid UTF-8 (in the body, a segment id, the front matter). The random
generator is seeded, so a run is the same run every time; ``LOCTK_FUZZ_ROUNDS`` asks for
more (the default stays within seconds).
"""

from __future__ import annotations

import bisect
import json
import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEEDS, SXS
from lxml import etree

from toolkit.export import EXPORTERS, Options
from toolkit.model import Article
from toolkit.sxs import parse_article, write_bytes

ROUNDS = int(os.environ.get("LOCTK_FUZZ_ROUNDS", "3"))
WRITER_STRIDE = 5
"""Every fifth mutant goes through every writer (msgfmt runs once per PO file)."""
SAMPLE = 6
"""Real-corpus files added to the seeds (every n-th file, so the sample is fixed)."""

_TAG = re.compile(rb"</?span\b[^<>]*>")
_ID = re.compile(rb'data-ttu-id="([^"]*)"')
_INVALID = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80")


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _tag_edit(duplicate: bool) -> Callable[[bytes, random.Random], bytes]:
    def edit(data: bytes, rng: random.Random) -> bytes:
        tags = list(_TAG.finditer(data))
        for tag in rng.sample(tags, min(len(tags), rng.randint(1, 4))):
            data = data[: tag.start()] + (tag.group() * 2 if duplicate else b"") + data[tag.end() :]
            break  # offsets move after one edit; one edit per mutation keeps them right
        return data

    return edit


def _line_ends(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    return b"".join(line + rng.choice([b"\n", b"\r\n", b"\r", b"\n"]) for line in lines[:-1]) + lines[-1]


def _nul(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + b"\x00" + data[at:]


def _invalid_body(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(_INVALID) + data[at:]


def _invalid_id(data: bytes, rng: random.Random) -> bytes:
    ids = list(_ID.finditer(data))
    if not ids:
        return data
    match = rng.choice(ids)
    return data[: match.end(1)] + rng.choice(_INVALID) + data[match.end(1) :]


def _invalid_front(data: bytes, rng: random.Random) -> bytes:
    end = data.find(b"\n---", 4)
    at = rng.randrange(4, end) if end > 4 else 0
    return data[:at] + rng.choice(_INVALID) + data[at:]


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "delete-tag": _tag_edit(False),
    "duplicate-tag": _tag_edit(True),
    "line-ends": _line_ends,
    "nul": _nul,
    "invalid-body": _invalid_body,
    "invalid-id": _invalid_id,
    "invalid-front-matter": _invalid_front,
}


def seeds() -> list[Path]:
    files = sorted(SEEDS.glob("*.md"))
    if SXS.is_dir():
        real = sorted(SXS.rglob("*.md"))
        files += real[:: max(1, len(real) // SAMPLE)][:SAMPLE]
    return files


def mutants() -> list[tuple[str, bytes]]:
    """(name, bytes) of every mutant, the same list on every run."""
    found = []
    for path in seeds():
        data = path.read_bytes()
        for name, mutate in MUTATIONS.items():
            rng = random.Random(f"{path.name}/{name}")
            for round_ in range(ROUNDS):
                found.append((f"{path.name}:{name}:{round_}", mutate(data, rng)))
    return found


MUTANTS = mutants()


def _unaccounted(article: Article) -> list[str]:
    """``data-ttu-id`` occurrences that are neither in a pair nor on a line with a message."""
    text = article.text
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    spans = sorted((starts[s.line - 1] + s.column - 1, s.source_span[1]) for s in article.segments)
    lines = {d.line for d in article.diagnostics}
    in_front = any(d.code == "P019" for d in article.diagnostics)
    missing = []
    for match in re.finditer("data-ttu-id", text):
        at = match.start()
        index = bisect.bisect_right(spans, (at, len(text) + 1)) - 1
        if index >= 0 and spans[index][0] <= at < spans[index][1]:
            continue
        if bisect.bisect_right(starts, at) in lines or (in_front and at < len(article.front_matter) + 1):
            continue
        missing.append(f"offset {at}")
    return missing


def test_the_mutants_are_many_and_distinct() -> None:
    assert len(MUTANTS) >= 5 * len(MUTATIONS) * ROUNDS
    assert len({data for _, data in MUTANTS}) > 0.9 * len(MUTANTS)


def test_the_reader_keeps_every_byte_and_every_id() -> None:
    failures = []
    for name, data in MUTANTS:
        article = parse_article(data, name)
        if write_bytes(article) != data:
            failures.append(f"{name}: bytes differ after writing")
        missing = _unaccounted(article)
        if missing:
            failures.append(f"{name}: data-ttu-id neither a segment nor reported at {missing[:3]}")
        for diagnostic in article.diagnostics:
            if "\n" in str(diagnostic) or "\r" in str(diagnostic):
                failures.append(f"{name}: a message on more than one line: {diagnostic!r}")
    assert failures == []


def _valid_xml(path: Path) -> str | None:
    try:
        etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as error:
        return str(error)
    return None


def _valid_json_lines(path: Path) -> str | None:
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return str(error)
    return None


def _valid_po(path: Path) -> str | None:
    done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    return done.stderr.strip().splitlines()[0] if done.returncode else None


def _valid_moses(path: Path) -> str | None:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return str(error)
    return None


VALIDATORS = {".tmx": _valid_xml, ".xlf": _valid_xml, ".jsonl": _valid_json_lines, ".po": _valid_po}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("format_name", sorted(EXPORTERS))
def test_every_writer_writes_valid_files_for_every_mutant(format_name: str, tmp_path: Path) -> None:
    """One mutant at a time, so a failure names the input that caused it."""
    failures = []
    for number, (name, data) in enumerate(MUTANTS[::WRITER_STRIDE]):
        seed = name.split(":")[0]
        locale = seed.split(".")[-2] if seed.count(".") >= 2 else "nb-NO"
        article = parse_article(data, str(tmp_path / "in" / locale / seed))
        out = tmp_path / f"out{number}"
        try:
            written = EXPORTERS[format_name]([article], out, Options(roots=(str(tmp_path / "in"),)))
        except Exception as error:  # the failure itself is the evidence reported
            failures.append(f"{name}: {format_name} writer raised {type(error).__name__}: {error}"[:300])
            continue
        for file in written.files:
            problem = VALIDATORS.get(file.suffix, _valid_moses)(file)
            if problem:
                failures.append(f"{name}: {file.name} not valid: {problem}"[:300])
    assert failures == [], f"{len(failures)} of {len(MUTANTS[::WRITER_STRIDE])} mutants:\n" + "\n".join(failures[:20])


def test_mutants_are_reproducible() -> None:
    assert mutants() == MUTANTS
