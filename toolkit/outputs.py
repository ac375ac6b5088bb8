"""Writing outputs: every file whole or not at all, only under ``-o``, never over an input.

Rules (the same for every command):

* A file is written under a hidden temporary name in its own folder
  (``.NAME.loctk-XXXXXXXX.tmp``), flushed, synced to disk and renamed onto its name
  (:func:`os.replace`, atomic on POSIX). A killed run leaves the old file or the new one,
  never a torn one; a failed write removes its temporary file.
* An output *tree* (``export``, ``merge``, ``render``, ``build``) says whether it is complete:
  its manifest ``loctk-manifest.json`` is written first with ``"complete": false`` and
  written again, last, with ``"complete": true`` and every file the run wrote. A killed or
  failed run leaves ``false``. Temporary files a killed run left are removed by the next run
  that writes into the same folder (one run per output folder at a time). Files of a tree
  are synced in batches (one :func:`os.sync` per batch, then the renames): one sync per
  small file would cost more than the export itself. A worker process may write a file of
  the tree (:meth:`OutputTree.place`, :func:`write_temporary`, :meth:`OutputTree.adopt`):
  the temporary file is its, the checks, the rename and the manifest stay the tree's. A
  worker that names the file itself (it knows the name once it has read its input) checks
  it through an :class:`Outlet`, the tree's checks but whether the run wrote it already,
  which :meth:`~OutputTree.adopt` says. A file made of many workers' parts (a locale's TMX)
  is written in *fragments*: the tree renames each to its number (:meth:`OutputTree.stage`)
  and a task joins them into one file, which the tree adopts. Temporary files left in the
  folders of adopted files (a worker killed mid-write, its task run again elsewhere, the
  fragments) are removed at the end.
* Paths are built from validated names: no empty part, ``.``/``..``, separator, NUL or drive;
  a locale must be a BCP 47 tag. The joined path is resolved and must lie under the tree's
  root and must not be an input file; anything else is :class:`UnsafePath`, which callers
  report as a located error for that one file while the run goes on.
* ``-o`` naming an input file, or a folder inside an input folder, is refused up front
  (:func:`refuse_overlap`, a usage error), so a run never reads its own outputs again.
* Disk full, a read-only folder, a file where a folder is wanted (or the reverse) end the
  run with :class:`~toolkit.errors.OutputError`: one line, exit code 3.
* Text is written as UTF-8; a character UTF-8 cannot hold (a lone surrogate kept from an
  invalid byte of the input) becomes U+FFFD, so every text output is valid UTF-8.
"""

from __future__ import annotations

import codecs
import copy
import errno
import glob
import itertools
import json
import os
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, TextIO

from toolkit.errors import OutputError, UsageError

MANIFEST = "loctk-manifest.json"
"""The file that says whether an output tree is complete, and what it holds."""
BATCH = 256
"""Files of a tree renamed into place after one sync."""
TEXT_ERRORS = "loctk.replace"
"""Encoding error handler of every text output: U+FFFD for what UTF-8 cannot hold."""

_TEMP_SUFFIX = ".tmp"
_TEMP_MARK = ".loctk-"
_STALE = re.compile(r"\..+\.loctk-[a-z0-9_]+\.tmp")
_BCP47 = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language, extended language subtags
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
    r"|x(?:-[a-z0-9]{1,8})+",
    re.ASCII | re.IGNORECASE,
)
_DRIVE = re.compile(r"[A-Za-z]:")


def _replace_unencodable(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "\ufffd".encode() * (error.end - error.start), error.end  # the UTF-8 encoder takes only bytes or ASCII


codecs.register_error(TEXT_ERRORS, _replace_unencodable)


class UnsafePath(ValueError):
    """An output name that is not a plain name, or a path that leaves the tree or hits an input."""


def is_bcp47(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (RFC 5646 syntax; ``nb-NO``, ``zh-Hant-TW``)."""
    return _BCP47.fullmatch(tag) is not None


def check_locale(tag: str) -> str:
    """``tag`` when it may name a file or folder (a BCP 47 tag), else :class:`UnsafePath`."""
    if not is_bcp47(tag):
        raise UnsafePath(f"locale {tag!r} is not a BCP 47 tag")
    return tag


def check_name(name: str) -> str:
    """``name`` when it is one plain file or folder name, else :class:`UnsafePath`."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or _DRIVE.match(name):
        raise UnsafePath(f"{name!r} cannot be a file name")
    return name


def name_parts(relative: str | PurePath) -> tuple[str, ...]:
    """The checked names of a relative path (``a/b.md``): absolute paths and ``..`` refused."""
    pure = PurePath(relative)
    if pure.is_absolute() or pure.drive or pure.root:
        raise UnsafePath(f"{str(relative)!r} is not a relative path")
    return tuple(check_name(part) for part in pure.parts)


def _resolved(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _resolved_file(path: str | Path, folders: dict[str, str]) -> Path:
    """:func:`_resolved` with each folder resolved once (``folders`` remembers them): a corpus
    has thousands of files in a few folders. The file itself is resolved again only when it
    is a symbolic link."""
    head, name = os.path.split(os.fspath(path))
    if name in ("", os.curdir, os.pardir):
        return _resolved(path)
    real = folders.get(head)
    if real is None:
        real = folders[head] = os.path.realpath(head or os.curdir)
    full = os.path.join(real, name)
    return Path(os.path.realpath(full) if os.path.islink(full) else full)


def refuse_overlap(output: str | None, inputs: Sequence[str], *, folder: bool, hint: str = "") -> None:
    """Refuse (:class:`UsageError`, exit 2) an ``-o`` that is an input file or, for an output
    folder, lies inside an input folder (its files would be read as input by the next run).

    A report file inside an input folder is fine unless it is Markdown, which would be read.
    """
    if not output or output == "-":
        return
    out = _resolved(output)
    for name in inputs:
        source = _resolved(name)
        if out == source:
            what = "folder" if source.is_dir() else "file"
            raise UsageError(f"-o {output}: is the input {what} {name}{f' ({hint})' if hint else ''}")
        inside = source.is_dir() and out.is_relative_to(source)
        if inside and (folder or out.suffix.lower() in (".md", ".markdown")):
            raise UsageError(
                f"-o {output}: lies inside the input folder {name}; its files would be read as input"
                f"{f' ({hint})' if hint else ''}"
            )


def _os_error(error: OSError, path: Path | str) -> OutputError:
    """The one-line message for a failed write."""
    reasons = {
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a file is in the way where a folder is wanted",
        errno.EEXIST: "a file is in the way where a folder is wanted",
        errno.EISDIR: "is a folder, a file is wanted",
    }
    reason = reasons.get(error.errno or 0) or error.strerror or type(error).__name__
    return OutputError(f"cannot write {error.filename or path}: {reason}")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file where a folder is wanted
        raise _os_error(error, folder) from None
    except OSError as error:
        raise _os_error(error, folder) from None


_MADE: set[Path] = set()
"""Folders this process made or found already: a tree has thousands of files in a few folders."""
_NUMBERS = itertools.count()
_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _open_temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, named by this process and a counter (no random
    names to draw) and created with the umask applied by the system (no mode to set after)."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: is a folder, a file is wanted")
    folder = path.parent
    if folder not in _MADE:
        _make_folder(folder)
        if len(_MADE) >= 4096:
            _MADE.clear()
        _MADE.add(folder)
    for _ in range(100):
        temp = os.path.join(folder, f".{path.name}{_TEMP_MARK}{os.getpid():x}_{next(_NUMBERS):x}{_TEMP_SUFFIX}")
        try:
            return os.open(temp, _OPEN_NEW, 0o666), temp
        except FileExistsError:  # another run's file, or this process's before a fork
            continue
        except FileNotFoundError:  # the folder was removed since
            _MADE.discard(folder)
            _make_folder(folder)
            _MADE.add(folder)
        except OSError as error:
            raise _os_error(error, path) from None
    raise OutputError(f"cannot write {path}: no free temporary name beside it")


def _commit(temp: str, path: Path) -> None:
    try:
        os.replace(temp, path)
    except OSError as error:
        _discard(temp)
        raise _os_error(error, path) from None


def _discard(temp: str) -> None:
    with suppress(OSError):
        os.unlink(temp)


@contextmanager
def _temp_stream(path: Path, binary: bool, sync: bool) -> Iterator[tuple[IO[str] | IO[bytes], str]]:
    """A stream on a new temporary file beside ``path``; removed again when anything fails."""
    fd, temp = _open_temp(path)
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": "utf-8", "errors": TEXT_ERRORS, "newline": ""}
        with os.fdopen(fd, mode, **options) as stream:  # type: ignore[call-overload]
            yield stream, temp
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
    except OSError as error:
        _discard(temp)
        raise _os_error(error, path) from None
    except BaseException:
        _discard(temp)
        raise


def _sweep_own(path: Path) -> None:
    """Remove the temporary files a killed run left for this one file."""
    with suppress(OSError):
        for stale in path.parent.glob(f".{glob.escape(path.name)}{_TEMP_MARK}*{_TEMP_SUFFIX}"):
            _discard(str(stale))


@contextmanager
def atomic_text(path: str | Path) -> Iterator[TextIO]:
    """A text file written whole or not at all (see the module rules)."""
    target = Path(path)
    _sweep_own(target)
    with _temp_stream(target, binary=False, sync=True) as (stream, temp):
        yield stream  # type: ignore[misc]
    _commit(temp, target)


def write_temporary(path: Path, data: str | bytes) -> str:
    """Write ``data`` under a temporary name beside ``path`` (a :meth:`OutputTree.place`, in
    any process) and return the name, for the tree to :meth:`~OutputTree.adopt`."""
    with _temp_stream(path, binary=isinstance(data, bytes), sync=False) as (stream, temp):
        stream.write(data)  # type: ignore[arg-type]
    return temp


@contextmanager
def temporary_text(path: Path) -> Iterator[tuple[TextIO, str]]:
    """A text stream on a new temporary file beside ``path`` and its name (in any process), for
    the tree to :meth:`~OutputTree.adopt` once the stream is closed: :func:`write_temporary`
    for a file too big to hold."""
    with _temp_stream(path, binary=False, sync=False) as (stream, temp):
        yield stream, temp  # type: ignore[misc]


def fragment(path: Path, number: int) -> Path:
    """The ``number``-th fragment of the file at ``path`` (:meth:`OutputTree.stage`): a hidden
    temporary name of its folder, which the end of the run (or the next run) sweeps."""
    return path.with_name(f".{path.name}{_TEMP_MARK}part_{number:08}{_TEMP_SUFFIX}")


def discard_fragments(path: Path, count: int) -> None:
    """Remove the fragments ``1..count`` of ``path`` (joined into it, or no longer wanted)."""
    for number in range(1, count + 1):
        _discard(str(fragment(path, number)))


def write_file(path: str | Path, data: str | bytes) -> None:
    """Write one file whole or not at all: text as UTF-8, bytes as they are."""
    target = Path(path)
    _sweep_own(target)
    with _temp_stream(target, binary=isinstance(data, bytes), sync=True) as (stream, temp):
        stream.write(data)  # type: ignore[arg-type]
    _commit(temp, target)


def _place(
    root: Path, real_root: Path, prefix: tuple[str, ...], parts: Sequence[str], inputs: Collection[Path], folders: dict[str, str]
) -> Path:
    """The path ``ROOT/prefix/part/…`` once every name is checked, the path lies below the
    root and is no input; :class:`UnsafePath` otherwise."""
    names = [*prefix, *(name for part in parts for name in name_parts(part))]
    if len(names) == len(prefix):
        raise UnsafePath("no file name")
    path = root.joinpath(*names)
    real = _resolved_file(path, folders)
    if not real.is_relative_to(real_root) or real == real_root:
        raise UnsafePath(f"{path} would lie outside {root}")
    if real in inputs:
        raise UnsafePath(f"{path} is an input file; not overwritten")
    return path


@dataclass(frozen=True, slots=True)
class Outlet:
    """The checks of a tree being written, for a worker process that names a file itself
    (:meth:`OutputTree.outlet`): it writes the file under a temporary name at a checked path
    and hands both back for the tree to :meth:`~OutputTree.adopt`. Picklable."""

    root: Path
    real_root: Path
    prefix: tuple[str, ...]
    inputs: frozenset[Path]
    """The input files that lie below the root: the only ones a path of the tree can be."""
    _folders: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def path(self, *parts: str) -> Path:
        """The checked path (see :meth:`OutputTree.path`), not yet known to be new to the run."""
        return _place(self.root, self.real_root, self.prefix, parts, self.inputs, self._folders)

    def write(self, data: str | bytes, *parts: str) -> tuple[str, Path]:
        """``data`` under a temporary name at the checked path: the name and the path. A worker
        that does not see the tree (no manifest at its root: ``-o`` on a disk only the driver
        has) writes nothing."""
        path = self.path(*parts)
        if not (self.root / MANIFEST).is_file():
            raise OutputError(f"cannot write {path}: {self.root} is not the output folder of this run on this machine")
        return write_temporary(path, data), path


class OutputTree:
    """A folder of outputs written by one run: :meth:`path` checks where a file may go, the
    writers make it appear whole, the manifest says whether the run completed.

    Use it as a context manager: entering writes the incomplete manifest, a normal exit
    renames the last files into place and writes the complete one; an exception leaves the
    tree marked incomplete and removes the files not yet renamed.
    """

    def __init__(self, root: str | Path, command: str, inputs: Collection[str] = ()) -> None:
        self.root = Path(root)
        self.command = command
        self._folders: dict[str, str] = {}
        """Folders already resolved (shared by the views of :meth:`below`)."""
        self._inputs = frozenset(_resolved_file(p, self._folders) for p in inputs)
        self._real_root = self.root
        self._pending: list[tuple[str, Path]] = []
        self._written: dict[Path, None] = {}
        self._swept: set[Path] = set()
        self._adopted: set[Path] = set()
        """The folders of files other processes wrote (:meth:`adopt`)."""
        self._prefix: tuple[str, ...] = ()

    def below(self, *parts: str) -> OutputTree:
        """The same tree, with paths taken below ``parts`` (``tree.below("tm").path("a")`` is ``tm/a``)."""
        view = copy.copy(self)  # shares the files written and pending
        view._prefix = (*self._prefix, *(name for part in parts for name in name_parts(part)))
        return view

    def __enter__(self) -> OutputTree:
        _make_folder(self.root)
        self._real_root = _resolved(self.root)
        self._sweep(self._real_root)
        self._manifest(complete=False)
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            for temp, _path in self._pending:
                _discard(temp)
            self._pending.clear()
            for folder in self._swept | self._adopted:  # what other processes wrote and this one never adopted
                self._sweep(folder, again=True)
            return
        self._flush()
        for folder in self._adopted:  # nothing writes any more: what is left there was lost with a worker
            self._sweep(folder, again=True)
        self._manifest(complete=True)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written so far, in the order written."""
        return tuple(self._written)

    def path(self, *parts: str) -> Path:
        """The file ``ROOT/part/…`` once every part is checked; :class:`UnsafePath` otherwise.

        A part may be a relative path (``fr-fr/a.md``); each of its names is checked.
        """
        path = self._checked(parts)
        self._not_written(path)
        return path

    def place(self, *parts: str) -> Path:
        """A checked path (see :meth:`path`) where another process may write with
        :func:`write_temporary`, then :meth:`adopt` the file: its folder is swept of a killed
        run's temporary files now, so nothing the other process writes there is swept."""
        path = self._checked(parts)
        self._sweep(path.parent)
        return path

    def adopt(self, temporary: str, path: Path) -> Path:
        """A file written by :func:`write_temporary` at a :meth:`place` (or by
        :meth:`Outlet.write`), taken into the tree (renamed into place with the next batch);
        removed and :class:`UnsafePath` when this run wrote ``path`` already."""
        try:
            self._not_written(path)
        except UnsafePath:
            _discard(temporary)
            raise
        self._add(temporary, path)
        self._adopted.add(path.parent)
        return path

    def stage(self, temporary: str, path: Path, number: int) -> None:
        """A file written by :meth:`Outlet.write` at ``path``, renamed to the ``number``-th
        :func:`fragment` of ``path`` for a task to join the fragments into ``path`` (which the
        tree then adopts). A fragment left over is swept with the temporary files of its folder."""
        try:
            os.replace(temporary, fragment(path, number))
        except OSError as error:
            _discard(temporary)
            raise _os_error(error, path) from None
        self._adopted.add(path.parent)

    def outlet(self) -> Outlet:
        """This tree (or view) as a worker that names its files itself checks them."""
        inputs = frozenset(path for path in self._inputs if path.is_relative_to(self._real_root))
        return Outlet(self.root, self._real_root, self._prefix, inputs)

    def _checked(self, parts: Sequence[str]) -> Path:
        return _place(self.root, self._real_root, self._prefix, parts, self._inputs, self._folders)

    def _not_written(self, path: Path) -> None:
        if _resolved_file(path, self._folders) in self._written:
            raise UnsafePath(f"{path} was already written by this run")

    @contextmanager
    def text(self, *parts: str) -> Iterator[TextIO]:
        """A text stream onto the checked path (see :meth:`path`), renamed into place later."""
        with self._stream(parts, binary=False) as stream:
            yield stream  # type: ignore[misc]

    @contextmanager
    def binary(self, *parts: str) -> Iterator[IO[bytes]]:
        """A binary stream onto the checked path, like :meth:`text`."""
        with self._stream(parts, binary=True) as stream:
            yield stream  # type: ignore[misc]

    @contextmanager
    def _stream(self, parts: Sequence[str], binary: bool) -> Iterator[IO[str] | IO[bytes]]:
        path = self.path(*parts)
        self._sweep(path.parent)
        with _temp_stream(path, binary=binary, sync=False) as (stream, temp):
            yield stream
        self._add(temp, path)

    def write(self, data: str | bytes, *parts: str) -> Path:
        """Write ``data`` to the checked path; returns the path."""
        path = self.path(*parts)
        self._sweep(path.parent)
        self._add(write_temporary(path, data), path)
        return path

    def _add(self, temp: str, path: Path) -> None:
        self._pending.append((temp, path))
        self._written[_resolved_file(path, self._folders)] = None
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        os.sync()
        pending = list(self._pending)
        self._pending.clear()
        for index, (temp, path) in enumerate(pending):
            try:
                _commit(temp, path)
            except OutputError:
                for later, _path in pending[index + 1 :]:
                    _discard(later)
                raise

    def _sweep(self, folder: Path, again: bool = False) -> None:
        """Remove the temporary files a killed run left in ``folder`` (once per folder, unless ``again``)."""
        if folder in self._swept and not again:
            return
        self._swept.add(folder)
        with suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if _STALE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    _discard(entry.path)

    def _manifest(self, complete: bool) -> None:
        files = sorted(path.relative_to(self._real_root).as_posix() for path in self._written)
        data = {"loctk": _version(), "command": self.command, "complete": complete, "files": files}
        write_file(self.root / MANIFEST, json_text(data))


def json_text(data: object) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)`` and a newline, the same bytes in a
    fraction of the time: with an indent, the standard library encodes in Python, one
    generator per container; here every string, number and constant is encoded in C."""
    out: list[str] = []
    _json(data, out, "\n")
    out.append("\n")
    return "".join(out)


def _json(value: object, out: list[str], newline: str) -> None:
    if type(value) is str:
        out.append(_JSON_STRING(value))
    elif type(value) is int:
        out.append(int.__repr__(value))
    elif value is None or value is True or value is False:
        out.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, dict) and value and all(type(key) is str for key in value):
        inner = newline + " "
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator + _JSON_STRING(key) + ": ")
            if type(item) is str:  # the commonest leaf, without a call
                out.append(_JSON_STRING(item))
            else:
                _json(item, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list | tuple) and value:
        inner = newline + " "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if type(item) is str:
                out.append(_JSON_STRING(item))
            else:
                _json(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:  # floats, empty containers, anything else: as the standard library writes it
        out.append(json.dumps(value, ensure_ascii=False, indent=1).replace("\n", newline))


_JSON_STRING = json.encoder.encode_basestring


def holds_output(folder: str | Path) -> bool:
    """Whether ``folder`` is the root of an output tree (it has a manifest)."""
    return (Path(folder) / MANIFEST).is_file()


def _version() -> str:
    from toolkit import __version__  # the package imports this module's users

    return __version__


def as_tree(out: OutputTree | str | Path, command: str) -> AbstractContextManager[OutputTree]:
    """``out`` itself when it is a tree already being written, else a new tree at that folder."""
    return nullcontext(out) if isinstance(out, OutputTree) else OutputTree(out, command)
