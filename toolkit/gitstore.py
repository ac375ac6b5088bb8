"""Files of a git repository at any revision, read without a checkout.

One long-lived ``git cat-file --batch`` process answers every request: a revision is
resolved to its commit and root tree once, trees are parsed here (and kept by object id,
so revisions that share folders share the work), and blobs are read by object id.

Rules:

* A path or revision the repository does not have is ``None``, never an exception.
* A partial clone may lack some blobs (images, say); asking git for one would make it try
  the promisor remote and exit. Lazy fetching is switched off, and a blob git cannot give
  is ``None``: the process is started again for the next request.
* Paths are ``/``-separated and relative to the repository root.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from toolkit.errors import UsageError


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One file or folder of a tree."""

    path: str
    """Relative to the repository root."""
    mode: str
    """Git's octal mode: ``100644`` file, ``40000`` folder, ``120000`` link, ``160000`` submodule."""
    oid: str

    @property
    def is_tree(self) -> bool:
        return self.mode == "40000"


class GitStore:
    """A repository read through one ``git cat-file --batch`` process (a context manager)."""

    def __init__(self, git_dir: str | Path) -> None:
        self.git_dir = str(git_dir)
        check = subprocess.run(
            ["git", "--git-dir", self.git_dir, "rev-parse", "--git-dir"], capture_output=True, text=True, check=False
        )
        if check.returncode:
            raise UsageError(f"{git_dir}: not a git repository")
        self._process: subprocess.Popen[bytes] | None = None
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}
        self._revisions: dict[str, tuple[str, str, int] | None] = {}

    def __enter__(self) -> GitStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ends the ``cat-file`` process (it exits when its input closes) and closes its pipes;
        the next request starts another."""
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None and process.stdout is not None
            with contextlib.suppress(BrokenPipeError):  # git may have exited already
                process.stdin.close()
            process.wait()
            process.stdout.close()

    def commit(self, rev: str) -> str | None:
        """The full commit id ``rev`` names, or None."""
        found = self._revision(rev)
        return found[0] if found else None

    def commit_time(self, rev: str) -> int:
        """The committer time of ``rev`` in seconds since the epoch (0 when unknown)."""
        found = self._revision(rev)
        return found[2] if found else 0

    def blob_id(self, rev: str, path: str) -> str | None:
        """The object id of the file at ``path`` in ``rev``, or None."""
        found = self._revision(rev)
        if found is None:
            return None
        *folders, name = path.strip("/").split("/")
        tree = found[1]
        for folder in folders:
            entry = self._tree(tree).get(folder)
            if entry is None or entry[0] != "40000":
                return None
            tree = entry[1]
        entry = self._tree(tree).get(name)
        return entry[1] if entry and entry[0] != "40000" else None

    def read_blob(self, rev: str, path: str) -> bytes | None:
        """The bytes of ``path`` at ``rev``; None when either is unknown or the blob is absent."""
        oid = self.blob_id(rev, path)
        return self.read_object(oid) if oid else None

    def read_object(self, oid: str) -> bytes | None:
        """The content of a blob by object id, or None when the repository lacks it."""
        found = self._request(oid)
        return found[1] if found and found[0] == "blob" else None

    def list_tree(self, rev: str, path: str = "") -> list[TreeEntry]:
        """Every file under ``path`` at ``rev`` (recursive; folders not listed), in git order."""
        found = self._revision(rev)
        if found is None:
            return []
        tree = found[1]
        prefix = ""
        for folder in [p for p in path.strip("/").split("/") if p]:
            entry = self._tree(tree).get(folder)
            if entry is None or entry[0] != "40000":
                return []
            tree, prefix = entry[1], prefix + folder + "/"
        return list(self._walk(tree, prefix))

    def _walk(self, tree: str, prefix: str) -> Iterator[TreeEntry]:
        for name, (mode, oid) in self._tree(tree).items():
            if mode == "40000":
                yield from self._walk(oid, prefix + name + "/")
            else:
                yield TreeEntry(prefix + name, mode, oid)

    def _revision(self, rev: str) -> tuple[str, str, int] | None:
        """(commit id, root tree id, committer time) of a revision, memoized."""
        if rev not in self._revisions:
            found = self._request(rev + "^{commit}") if "\n" not in rev and rev else None
            self._revisions[rev] = _commit_fields(found[2], found[1]) if found and found[0] == "commit" else None
        return self._revisions[rev]

    def _tree(self, oid: str) -> dict[str, tuple[str, str]]:
        """name -> (mode, object id) of a tree object, memoized by id."""
        if oid not in self._trees:
            found = self._request(oid)
            self._trees[oid] = _parse_tree(found[1]) if found and found[0] == "tree" else {}
        return self._trees[oid]

    def _request(self, name: str) -> tuple[str, bytes, str] | None:
        """(type, content, object id) of an object name, or None when git has no such object."""
        process = self._running()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(name.encode("utf-8") + b"\n")
            process.stdin.flush()
            header = process.stdout.readline()
        except BrokenPipeError:
            header = b""
        if not header:  # git exited: a blob a partial clone left out
            self.close()
            return None
        fields = header.split()
        if len(fields) != 3:  # "<name> missing" or "<name> ambiguous"
            return None
        content = _read_exactly(process.stdout, int(fields[2]) + 1)[:-1]
        return fields[1].decode("ascii"), content, fields[0].decode("ascii")

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            environment = os.environ | {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}
            self._process = subprocess.Popen(
                ["git", "--git-dir", self.git_dir, "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
            )
        return self._process


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise OSError("git cat-file ended in the middle of an object")
    return data


def _parse_tree(data: bytes) -> dict[str, tuple[str, str]]:
    """Git's binary tree format: ``<mode> <name>\\0<20-byte id>`` repeated."""
    entries = {}
    position = 0
    while position < len(data):
        space = data.index(b" ", position)
        nul = data.index(b"\0", space)
        mode = data[position:space].decode("ascii")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries[name] = (mode, data[nul + 1 : nul + 21].hex())
        position = nul + 21
    return entries


def _commit_fields(oid: str, data: bytes) -> tuple[str, str, int] | None:
    tree, time = "", 0
    for line in data.split(b"\n"):
        if not line:
            break
        if line.startswith(b"tree "):
            tree = line[5:].decode("ascii")
        elif line.startswith(b"committer "):
            stamp = line.rsplit(b" ", 2)
            time = int(stamp[1]) if len(stamp) == 3 and stamp[1].isdigit() else 0
    return (oid, tree, time) if tree else None
