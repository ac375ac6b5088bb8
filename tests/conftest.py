"""Shared fixtures: the shipped seed corpus, and the real corpus when it is present."""

from __future__ import annotations

import gc
import multiprocessing
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from toolkit.cli import collector_paused
from toolkit.corpus import default_jobs, find_markdown
from toolkit.model import Article
from toolkit.sxs import read_article

# Worker processes start from a small server process, not as forks of this one: once the
# corpus is parsed here, every fork would copy the page tables of a process of a gigabyte.
multiprocessing.set_forkserver_preload(["toolkit.cli"])
multiprocessing.set_start_method("forkserver", force=True)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "project-operations"
SXS = REAL / "sxs"
SCHEMAS = SHARED / "schemas"

# Property tests: no deadline (CI machines are shared), more examples on request.
settings.register_profile(
    "default", deadline=None, max_examples=200, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", deadline=None, max_examples=5000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

needs_corpus = pytest.mark.skipif(
    not SXS.is_dir(), reason="the real corpus is not at ../shared/corpus (it is only in CI and the dev sandbox)"
)
needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared/schemas is absent")


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    files, _ = find_markdown([str(SEEDS)])
    return [read_article(path) for path in files]


@pytest.fixture(scope="session")
def corpus_articles() -> list[Article]:
    """All 6,660 articles of the 12-locale corpus, parsed once per test session."""
    if not SXS.is_dir():
        pytest.skip("the real corpus is not at ../shared/corpus")
    files, _ = find_markdown([str(SXS)])
    with collector_paused():  # as the CLI parses (the model holds no cycles)
        articles = [read_article(path) for path in files]
    gc.freeze()  # the corpus lives all session: no later collection walks its millions of objects again
    return articles


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: the CPUs this process may use, at most four (each test process that needs
    the real corpus parses it once and holds it: a gigabyte)."""
    return min(4, default_jobs())


def pytest_bdd_apply_tag(tag: str, function: object) -> bool:
    """Tags of the exported rule scenarios (rule and segment ids) are labels, not pytest marks."""
    return True


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The seed of the test order (pytest-randomly shuffles it), so an order-dependent failure can be replayed."""
    if config.pluginmanager.hasplugin("randomly"):
        seed = config.getoption("randomly_seed")
        terminalreporter.write_line(f"tests ran in random order, seed {seed}: replay it with -p randomly --randomly-seed={seed}")
