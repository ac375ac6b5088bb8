"""Results kept on disk until their group is complete: memory that does not grow with the corpus.

Some steps can only finish a group once every file of it is in (the consistency checks of
a locale, a PO compendium whose header names the newest date). Files arrive in path
order, and a locale's files need not be next to each other, so such a step writes each
file's result here under its group's key and reads the groups back one at a time at the
end. One anonymous temporary file holds every group; it is gone when the spool is closed
(or the process ends). A ``shared`` spool's file has a name instead, in a temporary folder
removed on closing, so that the worker processes of this machine can read groups back
themselves (:meth:`Spool.places` and :func:`read`) and judge them side by side.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Spool(Generic[T]):
    """Values appended under a key, read back key by key in the order they were added."""

    def __init__(self, shared: bool = False) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="loctk-spool-") if shared else None
        if self._folder is None:
            self._file = tempfile.TemporaryFile(prefix="loctk-spool-")  # noqa: SIM115 (closed by close())
        else:
            self._file = open(os.path.join(self._folder.name, "spool"), "w+b")  # noqa: SIM115 (closed by close())
        self._offsets: dict[str, list[int]] = {}

    def add(self, key: str, value: T) -> None:
        self.add_pickled(key, dumps(value))

    def add_pickled(self, key: str, data: bytes) -> None:
        """Add a value already pickled (by :func:`dumps`, e.g. in a worker process): it is
        stored as it came, unpickled only when read back."""
        self._offsets.setdefault(key, []).append(self._file.tell())
        self._file.write(data)

    def __contains__(self, key: str) -> bool:
        return key in self._offsets

    def __iter__(self) -> Iterator[str]:
        """The keys, in the order first added."""
        return iter(list(self._offsets))

    def values(self, key: str) -> Iterator[T]:
        """What was added under ``key``, one value at a time (read once everything is added)."""
        self._file.flush()
        end = self._file.seek(0, 2)
        for offset in self._offsets.get(key, ()):
            self._file.seek(offset)
            value: T = pickle.load(self._file)
            yield value
        self._file.seek(end)

    def places(self, key: str) -> tuple[str, list[int]]:
        """The name of a ``shared`` spool's file and where each value added under ``key`` starts
        (in the order added), for :func:`read` in another process; everything added is written out."""
        if self._folder is None:
            raise ValueError("only a shared spool is read from other processes")
        self._file.flush()
        return self._file.name, list(self._offsets.get(key, ()))

    def close(self) -> None:
        self._file.close()
        if self._folder is not None:
            self._folder.cleanup()

    def __enter__(self) -> Spool[T]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def read(name: str, places: Iterable[int]) -> Iterator[Any]:
    """The values that start at ``places`` in the file of a shared spool (see :meth:`Spool.places`)."""
    with open(name, "rb") as file:
        for place in places:
            file.seek(place)
            yield pickle.load(file)
