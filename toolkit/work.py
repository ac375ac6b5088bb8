"""Per-file work: each file is parsed once, where it is read, and only small results travel.

A command names the *parts* of its job: picklable callables of one parsed
:class:`~toolkit.model.Article` (an export's rendered units, a file's QA findings, the keys
of the corpus-wide checks…). :func:`process` runs every part on one file inside the worker
processes of :func:`toolkit.corpus.run` (:func:`toolkit.commands.common.each_done` over a
run), giving one :class:`Done` per file, in path order. The parsed article itself never
leaves its worker: pickling it costs more than parsing it, and holding every article is
what made memory grow with the corpus. The calling process only folds the results (a sink
per step), so a command's memory is what its sinks keep, not the corpus. A part that writes
files where it runs (an export's, :mod:`toolkit.export`) also has a ``settle`` method, which
takes its results of a batch of consecutive files in the worker and gives back those that
travel (:func:`settle`): one file per batch and locale costs less than one per article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from toolkit.diagnostics import diagnostic
from toolkit.errors import InputError
from toolkit.model import Article, Diagnostic
from toolkit.sxs import read_article

Part = Callable[[Article], Any]
"""One piece of per-file work: a top-level function or a frozen dataclass with ``__call__``
(it travels to the workers by pickle)."""


@dataclass(frozen=True, slots=True)
class Done:
    """What the parts made of one file."""

    path: str
    locale: str
    """The article's locale; empty when the file could not be read."""
    diagnostics: tuple[Diagnostic, ...]
    """The reader's diagnostics, or the one saying why the file could not be read."""
    results: tuple[Any, ...]
    """One result per part, in the order of the parts; empty when the file could not be read."""
    readable: bool = True


def load(path: str) -> Article | Diagnostic:
    """The parsed article, or the diagnostic saying why it could not be read."""
    try:
        return read_article(path)
    except InputError as error:
        return diagnostic(error.path, error.line, error.column, "P021", str(error).split(": error: ", 1)[-1])
    except Exception as error:  # a reader bug on one file must not sink a run over thousands
        return diagnostic(path, 1, 1, "P022", f"internal error while reading ({type(error).__name__}: {error})")


def process(parts: Sequence[Part], path: str) -> Done:
    """Parse ``path`` and run every part on it (in a worker process)."""
    article = load(path)
    if not isinstance(article, Article):
        return Done(path, "", (article,), (), readable=False)
    return Done(path, article.locale, article.diagnostics, tuple(part(article) for part in parts))


def settle(parts: Sequence[Part], batch: list[Done]) -> list[Done]:
    """A batch of files' results as they travel: each part with a ``settle`` method takes its
    results of the batch's readable files and gives back theirs (see
    :func:`toolkit.corpus.run`)."""
    readable = [index for index, done in enumerate(batch) if done.readable]
    settled = [list(done.results) for done in batch]
    for number, part in enumerate(parts):
        if hasattr(part, "settle"):
            results = part.settle([batch[index].results[number] for index in readable])
            for index, result in zip(readable, results, strict=True):
                settled[index][number] = result
    return [replace(done, results=tuple(results)) for done, results in zip(batch, settled, strict=True)]


def settles(parts: Sequence[Part]) -> bool:
    """Whether a part has results to settle in batches (:func:`settle`)."""
    return any(hasattr(part, "settle") for part in parts)


def in_process(articles: Sequence[Article], parts: Sequence[Part]) -> Iterator[Done]:
    """The same results for articles already parsed (library callers and tests), settled as
    one batch when a part settles."""
    done = (Done(a.path, a.locale, a.diagnostics, tuple(part(a) for part in parts)) for a in articles)
    yield from settle(parts, list(done)) if settles(parts) else done
