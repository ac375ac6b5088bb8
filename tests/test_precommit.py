"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by ``pre-commit try-repo`` on a small
docs repository: it passes on a clean article and fails on one with an injected error.

``loctk-check-system`` runs the ``loctk`` on PATH, so it needs no package index and runs by
default. ``loctk-check`` installs the toolkit from this repository into a fresh environment
(dependencies from the package index): marked ``network`` and run by CI separately.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from toolkit.checks.help import examples

ROOT = Path(__file__).resolve().parents[1]

needs_git_checkout = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="pre-commit try-repo needs git and the toolkit as a git checkout",
)


def _environment(tmp_path: Path) -> dict[str, str]:
    """pre-commit's cache in tmp, a ``loctk`` on PATH running this checkout, a git identity."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "loctk"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m toolkit "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    identity = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "loctk tests"), ("EMAIL", "tests@localhost"))
    }
    return (
        os.environ
        | identity
        | {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        }
    )


def _docs_repository(tmp_path: Path, env: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    (docs / "fr-FR").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(docs)], check=True, env=env)
    return docs


def _try(hook: str, docs: Path, text: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    (docs / "fr-FR" / "close.md").write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=docs, check=True, env=env)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=docs,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _passes_clean_fails_broken(hook: str, tmp_path: Path) -> None:
    env = _environment(tmp_path)
    docs = _docs_repository(tmp_path, env)
    example = examples()["C010"]
    clean = _try(hook, docs, example.good, env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    broken = _try(hook, docs, example.bad, env)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout and "fr-FR/close.md:" in broken.stdout and "[C010]" in broken.stdout


def test_the_manifest_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"loctk-check", "loctk-check-system"}
    assert {h["language"] for h in hooks.values()} == {"python", "system"}
    assert all(h["entry"].startswith("loctk check") and h["types"] == ["markdown"] for h in hooks.values())


@needs_git_checkout
def test_system_hook_passes_a_clean_article_and_fails_an_injected_error(tmp_path: Path) -> None:
    _passes_clean_fails_broken("loctk-check-system", tmp_path)


@pytest.mark.network
@needs_git_checkout
def test_python_hook_installs_the_toolkit_and_checks(tmp_path: Path) -> None:
    _passes_clean_fails_broken("loctk-check", tmp_path)
