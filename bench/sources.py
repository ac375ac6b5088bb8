"""Articles read from a git repository (``GIT_DIR@REV``) next to the same tree on disk.

    python bench/sources.py [--english GIT_DIR] [--sxs FOLDER] [--repeat K]

Two inputs. The English history of the corpus at the commits of its two 2021 snapshots
(the checkout is written by ``git cat-file``); and the 12-locale bilingual corpus
committed to a repository in a temporary folder (its checkout is the corpus folder). For
each it times listing plus reading every file's bytes, and ``loctk extract --jobs 1``
end to end, from git and from disk, and prints files/s and the ratio. Each figure is the
best of K runs; the output of both reads is compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from toolkit import sources
from toolkit.corpus import find_markdown
from toolkit.sources import read_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "project-operations"
REVISIONS = ("0a64714be8d7e461471aaaff99930f84373d39be", "9d20e7738cce195d344f5925a115741a1ce3ca36")


def best(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def read_all(argument: str) -> list[bytes]:
    """Every file's bytes, from a cold start (no ``git cat-file`` process nor tree read kept)."""
    sources._close_stores()
    files, _ = find_markdown([argument])
    return [read_bytes(name) for name in files]


def dulwich_read(argument: str) -> list[bytes] | str:
    """The same files read with dulwich (pure Python, if installed), in path order; or why not."""
    try:
        from dulwich.object_store import iter_tree_contents
        from dulwich.repo import Repo
    except ImportError:
        return "dulwich is not installed"
    where = sources.git_path(argument)
    assert where is not None
    try:
        repo = Repo(where.git_dir)
    except Exception as error:
        return f"dulwich cannot open it: {type(error).__name__}: {error}"
    prefix = where.path.encode() + b"/"
    found = sorted(
        (entry.path, entry.sha)
        for entry in iter_tree_contents(repo.object_store, repo[repo.head() if where.rev == "HEAD" else where.rev.encode()].tree)
        if entry.path.startswith(prefix) and entry.path.lower().endswith(b".md")
    )
    return [repo.object_store[sha].data for _, sha in found]


def extract(argument: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "extract", argument, "--jobs", "1", "-q"],
        capture_output=True,
        check=False,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    return done.stdout + done.stderr


def write_checkout(git_dir: Path, rev: str, into: Path) -> None:
    names = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", rev], capture_output=True, check=True
    ).stdout.decode("utf-8", "surrogateescape")
    wanted = [name for name in names.split("\0") if name.endswith(".md")]
    for name in wanted:
        data = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "blob", f"{rev}:{name}"], capture_output=True)
        if data.returncode == 0:
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            (into / name).write_bytes(data.stdout)


def compare(label: str, from_git: str, from_disk: str, prefix: tuple[str, str], repeat: int) -> None:
    git_read, git_bytes = best(repeat, lambda: read_all(from_git))
    disk_read, disk_bytes = best(repeat, lambda: read_all(from_disk))
    assert git_bytes == disk_bytes, "the bytes read differ"
    dulwich_time, dulwich_bytes = best(repeat, lambda: dulwich_read(from_git))
    count = len(disk_bytes)  # type: ignore[arg-type]
    size = sum(map(len, disk_bytes)) / 1e6  # type: ignore[arg-type]
    git_run, git_out = best(repeat, lambda: extract(from_git))
    disk_run, disk_out = best(repeat, lambda: extract(from_disk))
    same = git_out == disk_out.replace(prefix[0].encode(), prefix[1].encode())  # type: ignore[union-attr]
    print(f"{label}: {count} files, {size:.1f} MB")
    print(
        f"  list+read  git {git_read:6.2f} s ({count / git_read:7.0f} files/s)   disk {disk_read:6.2f} s "
        f"({count / disk_read:7.0f} files/s)   git/disk {git_read / disk_read:.2f}"
    )
    if isinstance(dulwich_bytes, str):
        print(f"  dulwich: {dulwich_bytes}")
    else:
        assert sorted(dulwich_bytes) == sorted(disk_bytes), "dulwich read other bytes"  # type: ignore[arg-type]
        print(f"  list+read  dulwich {dulwich_time:6.2f} s ({count / dulwich_time:7.0f} files/s)")
    print(
        f"  extract -j1 git {git_run:6.2f} s   disk {disk_run:6.2f} s   git/disk {git_run / disk_run:.2f}   "
        f"output identical: {same}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--english", type=Path, default=SHARED / "source" / "english.git")
    parser.add_argument("--sxs", type=Path, default=SHARED / "sxs")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        if args.english.is_dir():
            for rev in REVISIONS:
                tree = work / rev
                write_checkout(args.english, rev, tree)
                compare(
                    f"english.git@{rev[:10]}:articles",
                    f"{args.english}@{rev}:articles",
                    str(tree / "articles"),
                    (f"{tree}/", f"{args.english}@{rev}:"),
                    args.repeat,
                )
        if args.sxs.is_dir():
            repo = work / "sxs-repo"
            shutil.copytree(args.sxs, repo / "sxs")
            environment = os.environ | {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b"}
            environment |= {"GIT_COMMITTER_EMAIL": "b@b"}
            for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "corpus"], ["gc", "-q"]):
                subprocess.run(["git", "-C", str(repo), *step], check=True, env=environment)
            compare(
                "sxs (12 locales) committed", f"{repo}@HEAD:sxs", str(repo / "sxs"), (f"{repo}/", f"{repo}@HEAD:"), args.repeat
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
