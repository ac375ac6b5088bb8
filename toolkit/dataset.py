"""The segment dataset: one Parquet row per segment, partitioned by locale (``extract -f parquet``).

Columns are those of ``loctk extract``'s JSON Lines (:func:`toolkit.formats.jsonl.segment_record`)
plus where the article came from: ``repository`` and ``revision`` (the commit id) for an
article read from git (:mod:`toolkit.sources`), null for a file on disk; ``blob``, git's
object id of the file's bytes either way (the same file has the same id wherever it was
read, so versions deduplicate on it); and ``translation_type`` (``ms.translationtype``:
HT or MT). The layout is Hive-style, ``DIR/locale=<locale>/part-NNNNN.parquet``, so DuckDB,
Polars, Spark and pyarrow read the locale as a column. :data:`SCHEMA_VERSION` is written
in each file's metadata (``loctk.schema``) and goes up whenever a column changes.

The files to read are cut into parts (:func:`part_tasks`, in path order); the task of part
N, wherever it runs, reads its files and writes ``part-N`` of each locale it found, and hands
back only the files' temporary names, row counts and diagnostics. The driver adopts the files
into the output tree, so a run writes whole files or none under ``-o``
(:class:`toolkit.outputs.OutputTree`), and a task run again after a worker died leaves no
second copy. Memory holds one part's rows per worker, whatever the corpus. Text kept from
invalid UTF-8 (a lone surrogate) is U+FFFD here, as Parquet strings are UTF-8.

pyarrow is an optional dependency (``pip install 'toolkit[scale]'``).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.diagnostics import diagnostic
from toolkit.errors import UsageError
from toolkit.formats.jsonl import segment_record
from toolkit.model import Article, Diagnostic
from toolkit.outputs import TEXT_ERRORS, Outlet, UnsafePath, check_locale
from toolkit.sources import origin
from toolkit.work import load

SCHEMA_VERSION = "1"
ROW_GROUP = 20_000
"""Rows per row group."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "string"),
    ("locale", "string"),
    ("article", "string"),
    ("id", "string"),
    ("source", "string"),
    ("target", "string"),
    ("block", "string"),
    ("line", "int32"),
    ("column", "int32"),
    ("heading_level", "int8"),
    ("list_depth", "int8"),
    ("alert", "string"),
    ("source_markup", "string"),
    ("target_markup", "string"),
    ("repository", "string"),
    ("revision", "string"),
    ("blob", "string"),
    ("translation_type", "string"),
)
"""Name and Arrow type of every column, in order (``locale`` is also the partition folder)."""

Row = tuple[Any, ...]


def blob_id(data: bytes) -> str:
    """Git's object id of a file's bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def article_rows(article: Article) -> list[Row]:
    """The rows of an article's segments, in the order of :data:`COLUMNS` (runs in workers)."""
    data = article.text.encode("utf-8", "surrogateescape")
    repository, revision = origin(article.path)
    translation = article.metadata.get("ms.translationtype")
    facts = (repository, revision, blob_id(data), None if translation is None else str(translation))
    clean = _valid if any(d.code == "P001" for d in article.diagnostics) else None
    rows = []
    for segment in article.segments:
        values = (*segment_record(article, segment).values(), *facts)
        rows.append(tuple(clean(v) if clean and isinstance(v, str) else v for v in values))
    return rows


def _valid(text: str) -> str:
    return text.encode("utf-8", TEXT_ERRORS).decode("utf-8")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("-f parquet needs pyarrow: pip install 'toolkit[scale]'") from None
    return pyarrow


def schema() -> Any:
    """The Arrow schema of the dataset's files (the partition column included)."""
    pa = _pyarrow()
    return pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS], metadata={"loctk.schema": SCHEMA_VERSION})


def part_tasks(files: list[str], outlet: Outlet) -> list[PartTask]:
    """The files cut into parts in their order: about 64 parts a run, 16 to 256 files each.
    The cut depends on the files alone, so every engine and every ``--jobs`` writes the same
    parts, byte for byte."""
    size = min(256, max(16, -(-len(files) // 64)))
    starts = range(0, len(files), size)
    return [PartTask(number, tuple(files[start : start + size]), outlet) for number, start in enumerate(starts)]


@dataclass(frozen=True)
class PartTask:
    """One task of ``extract -f parquet``: the files it reads, the number its files are named
    by, and the output tree's checks, to write them itself (:class:`toolkit.outputs.Outlet`)."""

    number: int
    paths: tuple[str, ...]
    outlet: Outlet


@dataclass(frozen=True)
class PartWritten:
    """What a task hands back: its files (temporary name, path, rows) and the diagnostics of
    what it read, in order. The rows themselves never leave the worker."""

    files: tuple[tuple[str, Path, int], ...]
    diagnostics: tuple[Diagnostic, ...]


def write_part(part: PartTask) -> PartWritten:
    """Read a part's files and write ``locale=L/part-N.parquet`` of each locale found, under
    temporary names (runs in workers; a task run again writes new ones, and only the ones the
    driver adopts count)."""
    found: dict[str, list[Row]] = {}
    diagnostics: list[Diagnostic] = []
    for path in part.paths:
        article = load(path)
        if not isinstance(article, Article):
            diagnostics.append(article)
            continue
        diagnostics.extend(article.diagnostics)
        if not article.segments:
            continue
        try:
            check_locale(article.locale)
        except UnsafePath as error:
            diagnostics.append(diagnostic(path, 1, 1, "O001", f"not written: {error}"))
            continue
        found.setdefault(article.locale, []).extend(article_rows(article))
    name = f"part-{part.number:05}.parquet"
    files = tuple(
        (*part.outlet.write(_parquet(rows), f"locale={locale}", name), len(rows)) for locale, rows in sorted(found.items())
    )
    return PartWritten(files, tuple(diagnostics))


def _parquet(rows: list[Row], row_group: int = ROW_GROUP) -> bytes:
    """The bytes of a Parquet file of ``rows``, in row groups of ``row_group``."""
    pa = _pyarrow()
    table_schema = schema()
    columns = list(zip(*rows, strict=True))
    table = pa.Table.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, table_schema, strict=True)], schema=table_schema
    )
    buffer = io.BytesIO()
    pa.parquet.write_table(table, buffer, row_group_size=row_group, compression="zstd", write_statistics=True, store_schema=True)
    return buffer.getvalue()
