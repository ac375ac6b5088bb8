"""Where articles come from: files on disk, or the trees and history of a git repository.

A PATH argument may name a git repository at a revision, ``GIT_DIR@REV[:SUBPATH]`` (a bare
or normal repository, any revision git understands, optionally a folder or file of its
tree). Its files are read from the object store without a checkout, one ``git cat-file
--batch`` process per process of the run (:class:`toolkit.gitstore.GitStore`).

The path of such a file, in messages and outputs, is ``GIT_DIR@REV:path/in/tree``: what a
checkout of ``REV`` at ``GIT_DIR@REV`` would give with ``:`` for the first ``/``. Replace
``GIT_DIR@REV:`` with ``CHECKOUT/`` and every byte is the same as reading the checkout.
Exports make paths relative to the PATH argument they were found under, as for folders.

With ``--history BRANCH`` a PATH ``GIT_DIR[:SUBPATH]`` stands for every version of its
files in the history of ``BRANCH`` (:func:`expand_history`): each blob once, at the oldest
commit that has it (``GIT_DIR@COMMIT:path``), so a repository's history is mined without
reading an unchanged file twice.

A name that exists on disk is always the file or folder on disk.

``--manifest FILE`` adds the inputs a file lists, one per line (:func:`read_manifest`): the
repositories and revisions of a whole estate, kept under version control next to the job.
"""

from __future__ import annotations

import atexit
import errno
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from toolkit.diagnostics import diagnostic
from toolkit.errors import UsageError
from toolkit.gitstore import GitStore
from toolkit.model import Diagnostic
from toolkit.outputs import MANIFEST

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class GitPath:
    """``GIT_DIR@REV[:PATH]``: a file or folder of a repository's tree at a revision."""

    git_dir: str
    """As written (it starts every path shown)."""
    rev: str
    path: str = ""
    """``/``-separated below the root of the tree; empty for the root."""

    def __str__(self) -> str:
        return f"{self.git_dir}@{self.rev}:{self.path}" if self.path else f"{self.git_dir}@{self.rev}"

    def child(self, path: str) -> GitPath:
        return GitPath(self.git_dir, self.rev, path)


def git_path(name: str) -> GitPath | None:
    """``name`` read as ``GIT_DIR@REV[:PATH]``, or None when it is not one (or exists on disk).

    GIT_DIR is the shortest prefix before an ``@`` that is a repository, so REV may hold
    ``@`` (``main@{1}``); PATH starts at the first ``:`` after it (git refs cannot hold one).
    """
    if "@" not in name or os.path.lexists(name):
        return None
    at = name.find("@")
    while at != -1:
        if at and _is_repository(name[:at]):
            rev, _, path = name[at + 1 :].partition(":")
            return GitPath(name[:at], rev, path.strip("/")) if rev else None
        at = name.find("@", at + 1)
    return None


@lru_cache(maxsize=64)
def _is_repository(folder: str) -> bool:
    return os.path.isdir(os.path.join(folder, "objects")) or os.path.exists(os.path.join(folder, ".git"))


@lru_cache(maxsize=64)
def _git_dir(folder: str) -> str:
    """The git directory of a bare repository or of a working tree's repository."""
    found = subprocess.run(["git", "-C", folder, "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=False)
    if found.returncode:
        raise UsageError(f"{folder}: not a git repository")
    return found.stdout.strip()


def _git(git_dir: str, *arguments: str) -> bytes:
    """The output of one git command; a failure is a usage error (a revision git does not know)."""
    done = subprocess.run(
        ["git", "--git-dir", _git_dir(git_dir), *arguments],
        capture_output=True,
        check=False,
        env=os.environ | {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"},
    )
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"{git_dir}: git {arguments[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class TreeFile:
    """A file of a listed tree."""

    path: str
    mode: str
    oid: str


def list_tree(where: GitPath) -> list[TreeFile]:
    """Every file of the tree at ``where`` (recursively; ``git ls-tree -r``), in git's order.

    An unknown revision is a usage error; a path the tree lacks gives nothing.
    """
    if not _is_commit(where):
        raise UsageError(f"{where}: no revision {where.rev!r} in {where.git_dir}")
    listing = _git(where.git_dir, "ls-tree", "-r", "-z", "--full-tree", where.rev + "^{commit}", "--", where.path or ".")
    files = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        fields, _, path = entry.partition(b"\t")
        mode, _kind, oid = fields.decode("ascii").split()
        name = path.decode("utf-8", "surrogateescape")
        if where.path and name != where.path and not name.startswith(where.path + "/"):
            continue  # ls-tree also matches a file named like the folder's prefix
        files.append(TreeFile(name, mode, oid))
    return files


def _is_commit(where: GitPath) -> bool:
    found = subprocess.run(
        ["git", "--git-dir", _git_dir(where.git_dir), "rev-parse", "--verify", "--quiet", where.rev + "^{commit}"],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def history(where: GitPath) -> Iterator[tuple[GitPath, str]]:
    """Every version of every file below ``where.path`` on the history of ``where.rev``,
    oldest first: ``(GIT_DIR@COMMIT:path, blob id)``, each blob id once."""
    if not _is_commit(where):
        raise UsageError(f"{where}: no revision {where.rev!r} in {where.git_dir}")
    log = _git(
        where.git_dir,
        "log",
        "--reverse",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x00commit %H",
        "--diff-filter=AMT",
        where.rev,
        "--",
        where.path or ".",
    )
    seen: set[str] = set()
    commit = ""
    fields = iter(log.split(b"\0"))
    for field in fields:
        field = field.lstrip(b"\n")  # (the first change of a commit follows a line break)
        if field.startswith(b"commit "):
            commit = field[7:].decode("ascii").strip()
        elif field.startswith(b":"):  # ":old-mode new-mode old-oid new-oid status" then the path
            parts = field[1:].decode("ascii").split()
            path = next(fields).decode("utf-8", "surrogateescape")
            mode, oid = parts[1], parts[3]
            if mode.startswith("100") and oid not in seen:
                seen.add(oid)
                yield GitPath(where.git_dir, commit, path), oid


def markdown_in_tree(where: GitPath, suffixes: tuple[str, ...], problems: list[Diagnostic]) -> list[str]:
    """The Markdown files of a ``GIT_DIR@REV[:PATH]`` argument, as a checkout would give them.

    A file named itself is taken whatever its name; in a folder, the output folder of an
    earlier run (it holds the manifest) is left out (``P024``) and a symbolic link is not
    followed (``P023``). A revision or path the repository lacks is a usage error.
    """
    if where.path and process_store(where.git_dir).blob_id(where.rev, where.path) is not None:
        return [str(where)]  # one cat-file request: a long list of versions costs no ls-tree each
    files = list_tree(where)
    if not files:
        raise UsageError(f"{where}: no such file or folder at that revision")
    outputs: list[str] = []
    for file in files:
        folder, _, name = file.path.rpartition("/")
        below = not where.path or folder.startswith(where.path + "/")
        if name == MANIFEST and below and not any(folder.startswith(o + "/") for o in outputs):
            outputs.append(folder)
            problems.append(
                diagnostic(str(where.child(folder)), 1, 1, "P024", "output folder of an earlier run; not read as input")
            )
    found = []
    for file in files:
        if not file.path.lower().endswith(suffixes) or any(file.path.startswith(o + "/") for o in outputs):
            continue
        if file.mode == "120000":
            problems.append(diagnostic(str(where.child(file.path)), 1, 1, "P023", "symbolic link in a repository tree; not read"))
        elif file.mode.startswith("100"):
            found.append(str(where.child(file.path)))
    return found


def read_manifest(manifest: str) -> list[str]:
    """The inputs a manifest lists: one PATH per line, as on the command line (a folder, a file,
    ``GIT_DIR@REV[:SUBPATH]``, or ``GIT_DIR[:SUBPATH]`` under ``--history``). Blank lines and
    lines starting with ``#`` are left out; a relative name is relative to the manifest's
    folder, so a manifest means the same from wherever it is run. A line naming nothing that
    exists is a usage error at its line, before any file is read."""
    try:
        with open(manifest, "rb") as stream:
            text = stream.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{manifest}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise UsageError(f"{manifest}: {error.strerror or error}") from None
    folder = os.path.dirname(manifest)
    inputs = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if "\0" in name:
            raise UsageError(f"{manifest}:{number}:1: a NUL character is no part of a path")
        name = os.path.join(folder, name)  # an absolute name stays as it is
        repository = name.partition(":")[0] if not os.path.lexists(name) else name
        if not os.path.lexists(name) and git_path(name) is None and not _is_repository(repository):
            raise UsageError(f"{manifest}:{number}:1: {line.strip()}: no such file, folder or GIT_DIR@REV")
        inputs.append(name)
    return inputs


def expand_history(paths: Sequence[str], branch: str) -> list[str]:
    """``--history BRANCH``: each PATH ``GIT_DIR[:SUBPATH]`` replaced by every version of its
    Markdown files (see :func:`history`); any other PATH is a usage error."""
    versions: list[str] = []
    for name in paths:
        folder, _, below = name.partition(":") if not os.path.isdir(name) else (name, "", "")
        if not os.path.isdir(folder) or not _is_repository(folder):
            raise UsageError(f"{name}: --history wants a git repository (GIT_DIR or GIT_DIR:SUBPATH)")
        versions += [
            str(version)
            for version, _ in history(GitPath(folder, branch, below.strip("/")))
            if version.path.lower().endswith(MARKDOWN_SUFFIXES)
        ]
    if not versions:
        raise UsageError(f"no Markdown file in the history of {branch}")
    return versions


def relative(path: str, root: str) -> PurePosixPath | None:
    """Where a ``GIT_DIR@REV:path`` file lies below the git PATH argument ``root``, or None
    (either is no git path, or the file is not below it)."""
    file, top = git_path(path), git_path(root)
    if file is None or top is None or (file.git_dir, file.rev) != (top.git_dir, top.rev):
        return None
    if not top.path:
        return PurePosixPath(file.path)
    inside = PurePosixPath(file.path)
    return inside.relative_to(top.path) if inside != PurePosixPath(top.path) and inside.is_relative_to(top.path) else None


def origin(path: str) -> tuple[str | None, str | None]:
    """(repository as written, commit id) of a ``GIT_DIR@REV:path`` file; (None, None) on disk."""
    where = git_path(path)
    if where is None:
        return None, None
    return where.git_dir, process_store(where.git_dir).commit(where.rev)


def read_bytes(path: str) -> bytes:
    """The bytes of a file on disk or of a ``GIT_DIR@REV:path`` file (``OSError`` when unreadable)."""
    where = git_path(path)
    if where is None or not where.path:
        with open(path, "rb") as stream:
            return stream.read()
    data = process_store(where.git_dir).read_blob(where.rev, where.path)
    if data is None:
        raise FileNotFoundError(errno.ENOENT, "not in the repository at that revision (or left out of a partial clone)", path)
    return data


_STORES: dict[str, tuple[int, GitStore]] = {}


def process_store(git_dir: str) -> GitStore:
    """This process's ``git cat-file`` reader of a repository (a forked worker starts its own)."""
    pid = os.getpid()
    found = _STORES.get(git_dir)
    if found is None or found[0] != pid:
        if not _STORES:
            atexit.register(_close_stores)
        _STORES[git_dir] = found = (pid, GitStore(_git_dir(git_dir)))
    return found[1]


def _close_stores() -> None:
    pid = os.getpid()
    for owner, store in _STORES.values():
        if owner == pid:
            store.close()
    _STORES.clear()
