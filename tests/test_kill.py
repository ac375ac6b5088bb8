"""Runs killed with SIGKILL at random moments leave every output and every input article
whole: the old version or the new one, never torn.

Each trial forks this (already imported) interpreter, so a run starts at once, and kills it
after a random delay within the time an unkilled run takes, or at a random one of its output
calls (a write, a sync, a rename): writing is a short part of a run. Then every file under ``-o``
(and every input article, for ``merge --in-place``) must equal its old or its new version;
temporary files a killed run leaves are swept by the next run, which completes the tree.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS

from toolkit.cli import main
from toolkit.outputs import MANIFEST

TRIALS = 10
"""Kills per command (four commands)."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def is_temporary(name: str) -> bool:
    return ".loctk-" in name and name.endswith(".tmp")


class Tripwire:
    """Counts the output calls of a run (writes, syncs, renames) and kills the process at the ``at``-th."""

    def __init__(self, at: int | None) -> None:
        self.at = at
        self.count = 0
        for name in ("replace", "fsync", "sync"):
            setattr(os, name, self.counted(getattr(os, name)))
        original_fdopen = os.fdopen

        def fdopen(*args: Any, **kwargs: Any) -> Any:
            stream = original_fdopen(*args, **kwargs)
            stream.write = self.counted(stream.write)
            return stream

        os.fdopen = fdopen

    def counted(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def tick(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            if self.at is not None and self.count >= self.at:
                os.kill(os.getpid(), signal.SIGKILL)
            return call(*args, **kwargs)

        return tick


def forked(argv: list[str], delay: float | None = None, at: int | None = None) -> tuple[int | None, float, int]:
    """Run ``loctk argv`` in a forked child, killed after ``delay`` seconds or at its ``at``-th output call
    (neither: let it finish). Returns its exit code (None when killed), how long it ran and how many
    output calls it made."""
    started = time.perf_counter()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(reading)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        code, calls = 70, Tripwire(at)
        try:
            code = main(argv)
        finally:
            os.write(writing, str(calls.count).encode())
            os._exit(code)
    os.close(writing)
    if delay is not None:
        time.sleep(delay)
        os.kill(child, signal.SIGKILL)
    _, status = os.waitpid(child, 0)
    counted = os.read(reading, 32)
    os.close(reading)
    code = os.waitstatus_to_exitcode(status)
    return (None if code == -signal.SIGKILL else code), time.perf_counter() - started, int(counted or 0)


def without(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of a tree but its manifest and temporary files."""
    return {name: data for name, data in files.items() if name != MANIFEST and not is_temporary(Path(name).name)}


def edited(folder: Path) -> None:
    """Change one translation in every article, so every output file changes."""
    for path in folder.glob("*.md"):
        data = path.read_bytes()
        at = data.index(b'<span data-ttu-id="') + 1
        at = data.index(b">", at) + 1
        path.write_bytes(data[:at] + b"Edited " + data[at:])


def trial_loop(
    make_old: Callable[[], None],
    reset: Callable[[], None],
    argv: list[str],
    watched: list[Path],
    new_version: dict[Path, dict[str, bytes]],
) -> tuple[int, int]:
    """Kill ``argv`` TRIALS times; check every watched file is its old or new version.
    Returns (kills that landed before the run ended, files found in the old version)."""
    make_old()
    old_version = {folder: snapshot(folder) for folder in watched}
    reset()
    _, full, calls = forked(argv)  # how long an unkilled run lasts here, now, and its output calls
    reset()
    rng = random.Random(9)
    killed = olds = 0
    for trial in range(TRIALS):
        if trial:
            reset()  # the last trial's leftovers stay for the completing run below
        # half the kills at a random time, half at a random output call (the writing is a short part of a run)
        code, _, _ = forked(argv, delay=rng.uniform(0, full)) if trial % 2 else forked(argv, at=rng.randint(1, calls))
        killed += code is None
        for folder in watched:
            for name, data in snapshot(folder).items():
                if is_temporary(Path(name).name):
                    continue
                assert data in (old_version[folder].get(name), new_version[folder].get(name)) or name == MANIFEST, (
                    f"{folder / name} is torn"
                )
                olds += data == old_version[folder].get(name) != new_version[folder].get(name)
            manifest = folder / MANIFEST
            if manifest.is_file() and json.loads(manifest.read_bytes())["complete"]:  # a complete tree, old or new
                files = without(snapshot(folder))
                assert files in (without(old_version[folder]), without(new_version[folder]))
    assert forked(argv)[0] in (0, 1)  # the next run completes the tree and sweeps leftovers
    for folder in watched:
        assert snapshot(folder) == new_version[folder]
    return killed, olds


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds as they were (old) and with one translation edited per article (new)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SEEDS, old)
    shutil.copytree(SEEDS, new)
    edited(new)
    return old, new


def _export(source: Path, out: Path) -> list[str]:
    return [
        "export",
        str(source),
        *(a for f in ("tmx", "po", "xliff", "jsonl", "moses") for a in ("-f", f)),
        "-o",
        str(out),
        "-j1",
        "-q",
    ]


def _outputs_of(argv: list[str], out: Path) -> dict[str, bytes]:
    assert main(argv) in (0, 1)
    return snapshot(out)


@pytest.mark.parametrize("command", ["export", "build"])
def test_killed_export_and_build_leave_old_or_new_files(
    command: str, corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = corpus
    out = tmp_path / "out"
    argv = _export(new, out) if command == "export" else ["build", str(new), "-o", str(out), "-j1", "-q"]
    old_argv = _export(old, out) if command == "export" else ["build", str(old), "-o", str(out), "-j1", "-q"]
    new_files = _outputs_of(argv, out)
    shutil.rmtree(out)
    saved = tmp_path / "saved"

    def make_old() -> None:
        main(old_argv)
        shutil.copytree(out, saved)

    def reset() -> None:
        shutil.rmtree(out)
        shutil.copytree(saved, out)

    killed, olds = trial_loop(make_old, reset, argv, [out], {out: new_files})
    capsys.readouterr()
    with capsys.disabled():
        print(f"\n{command}: {killed} of {TRIALS} kills mid-run, {olds} files found in their old version")
    assert killed >= 1  # some kills landed mid-run


@pytest.mark.parametrize("in_place", [False, True], ids=["merge -o", "merge --in-place"])
def test_killed_merge_leaves_old_or_new_articles(
    in_place: bool, corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = corpus
    po = tmp_path / "po"
    assert main(["export", str(new), "-f", "po", "-o", str(po), "-j1", "-q"]) == 0  # the edits, as a vendor returns them
    articles = tmp_path / "articles"
    out = tmp_path / "merged"
    target = articles if in_place else out
    argv = ["merge", str(articles), "--from", str(po / "po"), "-j1", "-q", *(["--in-place"] if in_place else ["-o", str(out)])]
    shutil.copytree(old, articles)
    main(argv)
    new_files = snapshot(target)
    assert new_files != snapshot(old)  # the merge changes every article

    def make_old() -> None:
        shutil.rmtree(articles)
        shutil.copytree(old, articles)
        if not in_place:
            main(["merge", str(articles), "--from", str(tmp_path / "none"), "-o", str(out), "-j1", "-q"])

    def reset() -> None:
        shutil.rmtree(articles)
        shutil.copytree(old, articles)
        if not in_place:
            shutil.rmtree(out)
            shutil.copytree(saved, out)

    (tmp_path / "none").mkdir()
    saved = tmp_path / "saved"
    if not in_place:
        make_old()
        shutil.copytree(out, saved)
    killed, olds = trial_loop(make_old, reset, argv, [target], {target: new_files})
    capsys.readouterr()
    with capsys.disabled():
        print(
            f"\nmerge{' --in-place' if in_place else ' -o'}: {killed} of {TRIALS} kills mid-run, "
            f"{olds} files found in their old version"
        )
    assert killed >= 1
