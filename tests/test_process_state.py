"""Library calls leave the process as they found it: the collector, frozen objects, caches."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import pytest
from conftest import SEEDS

from toolkit import caches
from toolkit.checks import run_checks
from toolkit.cli import main
from toolkit.corpus import find_markdown, run
from toolkit.sxs import read_article


def _segments(path: str) -> int:
    return len(read_article(path).segments)


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Calls to gc.freeze and gc.unfreeze. The frozen count itself is no witness: a frozen object that dies leaves it."""
    calls: list[str] = []

    def watched(name: str, real: Callable[[], None]) -> Callable[[], None]:
        def call() -> None:
            calls.append(name)
            real()

        return call

    for name in ("freeze", "unfreeze"):
        monkeypatch.setattr(gc, name, watched(name, getattr(gc, name)))
    return calls


def test_library_calls_leave_the_collector_alone(freezes: list[str]) -> None:
    gc.enable()
    files, _ = find_markdown([str(SEEDS)])
    articles = [read_article(path) for path in files]
    assert run_checks(articles) is not None and run_checks([]) == []
    assert sum(run(_segments, files)) == 40
    assert gc.isenabled() and freezes == []


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cli_pauses_the_collector_for_its_run_only(
    enabled: bool, freezes: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []

    def format_stats(*args: object) -> str:
        seen.append(gc.isenabled())
        return ""

    monkeypatch.setattr("toolkit.commands.articles.format_stats", format_stats)
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["stats", str(SEEDS), "-j1"]) == 0
        assert seen == [False]
        assert gc.isenabled() is enabled and freezes == []
    finally:
        gc.enable()
    capsys.readouterr()


def test_one_call_empties_every_module_level_cache() -> None:
    files, _ = find_markdown([str(SEEDS)])
    for path in files:
        read_article(path)
    run_checks([read_article(files[0])])
    functions = caches.clearers()
    filled = [f for f in functions if getattr(getattr(f, "__self__", None), "cache_info", None)]
    assert any(f.__self__.cache_info().currsize for f in filled)  # type: ignore[attr-defined]
    assert caches.clear() == len(functions) >= 8
    assert all(f.__self__.cache_info().currsize == 0 for f in filled)  # type: ignore[attr-defined]
    assert not sys.modules["toolkit.inline"]._MEMO
