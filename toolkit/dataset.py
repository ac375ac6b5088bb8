"""The segment dataset: one Parquet row per segment, partitioned by locale (``extract -f parquet``).

Columns are those of ``loctk extract``'s JSON Lines (:func:`toolkit.formats.jsonl.segment_record`)
plus where the article came from: ``repository`` and ``revision`` (the commit id) for an
article read from git (:mod:`toolkit.sources`), null for a file on disk; ``blob``, git's
object id of the file's bytes either way (the same file has the same id wherever it was
read, so versions deduplicate on it); and ``translation_type`` (``ms.translationtype``:
HT or MT). The layout is Hive-style, ``DIR/locale=<locale>/part-0.parquet``, so DuckDB,
Polars, Spark and pyarrow read the locale as a column. :data:`SCHEMA_VERSION` is written
in each file's metadata (``loctk.schema``) and goes up whenever a column changes.

Rows arrive one article at a time and each locale's rows are written as a row group once
:data:`ROW_GROUP` of them are waiting; when more than :data:`WAITING` rows wait in all (many
locales), the locale with the most is written early as a smaller group. Memory holds at
most that many rows whatever the corpus and however many locales. Files are written whole or not at all under ``-o``
(:class:`toolkit.outputs.OutputTree`). Text kept from invalid UTF-8 (a lone surrogate) is
U+FFFD here, as Parquet strings are UTF-8.

pyarrow is an optional dependency (``pip install 'toolkit[scale]'``).
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from typing import IO, Any

from toolkit.errors import UsageError
from toolkit.formats.jsonl import segment_record
from toolkit.model import Article
from toolkit.outputs import TEXT_ERRORS, OutputTree, check_locale
from toolkit.sources import origin

SCHEMA_VERSION = "1"
ROW_GROUP = 20_000
"""Rows per row group."""
WAITING = 50_000
"""Most rows held, all locales together, before the fullest locale is written."""

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


class DatasetWriter:
    """Rows in, one Parquet file per locale out, row groups written as they fill.

    Use it as a context manager inside an :class:`OutputTree`; a locale that is not a BCP 47
    tag cannot name a folder: :meth:`add` raises :class:`UnsafePath` for it.
    """

    def __init__(self, tree: OutputTree, row_group: int = ROW_GROUP, waiting: int = WAITING) -> None:
        self.pa = _pyarrow()
        self.schema = schema()
        self.tree = tree
        self.row_group = row_group
        self.most_waiting = waiting
        self.held = 0
        self.rows = 0
        self._files = ExitStack()
        self._writers: dict[str, Any] = {}
        self._waiting: dict[str, list[Row]] = {}

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        with self._files:
            if kind is None:
                for locale in sorted(self._waiting):
                    self._write(locale, last=True)
                for writer in self._writers.values():
                    writer.close()

    def add(self, locale: str, rows: list[Row]) -> None:
        """Queue an article's rows; its locale's row group is written once full."""
        if locale not in self._writers:
            folder = f"locale={check_locale(locale)}"
            stream: IO[bytes] = self._files.enter_context(self.tree.binary(folder, "part-0.parquet"))
            self._writers[locale] = self.pa.parquet.ParquetWriter(
                stream, self.schema, compression="zstd", write_statistics=True, store_schema=True
            )
            self._waiting[locale] = []
        waiting = self._waiting[locale]
        waiting.extend(rows)
        self.rows += len(rows)
        self.held += len(rows)
        if len(waiting) >= self.row_group:
            self._write(locale)
        if self.held > self.most_waiting:
            self._write(max(self._waiting, key=lambda name: len(self._waiting[name])), last=True)

    def _write(self, locale: str, last: bool = False) -> None:
        """Full row groups of the locale's waiting rows (and the rest when ``last``)."""
        waiting = self._waiting[locale]
        while len(waiting) >= self.row_group or (last and waiting):
            chunk = waiting[: self.row_group]
            del waiting[: self.row_group]
            self.held -= len(chunk)
            columns = list(zip(*chunk, strict=True))
            table = self.pa.Table.from_arrays(
                [self.pa.array(values, type=field.type) for values, field in zip(columns, self.schema, strict=True)],
                schema=self.schema,
            )
            self._writers[locale].write_table(table, row_group_size=self.row_group)
