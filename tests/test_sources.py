"""Articles read straight from a git repository (``GIT_DIR@REV[:PATH]``) give the bytes a
checkout gives, with ``GIT_DIR@REV:`` where the checkout has ``CHECKOUT/``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REAL, SEEDS

from toolkit.cli import main
from toolkit.corpus import find_markdown
from toolkit.errors import UsageError
from toolkit.sources import GitPath, expand_history, git_path, relative

ENGLISH = REAL / "source" / "english.git"
needs_english_git = pytest.mark.skipif(not ENGLISH.is_dir(), reason="../shared/corpus/.../english.git is absent")
ENVIRONMENT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *arguments], capture_output=True, text=True, check=True, env=os.environ | ENVIRONMENT
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A repository of the seed articles with two commits: the second edits a translation,
    adds a folder and an output tree of an earlier run (which must not be read)."""
    root = tmp_path_factory.mktemp("repo")
    articles = root / "docs" / "articles"
    articles.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.md")):
        shutil.copy(seed, articles / seed.name)
    (root / "README.md").write_text("# not an article\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    first = git(root, "rev-parse", "HEAD")
    french = articles / "close-opportunity.fr-FR.md"
    french.write_text(french.read_text(encoding="utf-8").replace("Fermer", "Clore", 1), encoding="utf-8")
    (articles / "more").mkdir()
    shutil.copy(SEEDS / "close-opportunity.nl-NL.md", articles / "more" / "copy.nl-NL.md")
    (articles / "out").mkdir()
    (articles / "out" / "loctk-manifest.json").write_text("{}", encoding="utf-8")
    shutil.copy(SEEDS / "close-opportunity.lv-LV.md", articles / "out" / "old.md")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second")
    return root, first, git(root, "rev-parse", "HEAD")


def checkout(repo: Path, rev: str, into: Path) -> Path:
    """The tree of ``rev`` written by git itself (``git archive``)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*arguments, "-q", "--jobs", "1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("which", [1, 2])
@pytest.mark.parametrize("command", [["extract"], ["stats"], ["roundtrip"], ["check", "--format", "json"]])
def test_a_revision_reads_as_its_checkout(
    repo: tuple[Path, str, str], which: int, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, *revisions = repo
    rev = revisions[which - 1]
    tree = checkout(root, rev, tmp_path / "co")
    from_git = run([*command, f"{root}@{rev}:docs"], capsys)
    from_disk = run([*command, str(tree / "docs")], capsys)
    assert from_git[0] == from_disk[0]
    assert from_git[1:] == tuple(text.replace(f"{tree}/", f"{root}@{rev}:") for text in from_disk[1:])
    assert from_git[1] or from_git[2]


@pytest.mark.parametrize("which", [1, 2])
def test_exports_are_byte_identical_and_mirror_the_tree(
    repo: tuple[Path, str, str], which: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, *revisions = repo
    rev = revisions[which - 1]
    tree = checkout(root, rev, tmp_path / "co")
    formats = ["-f", "tmx", "-f", "po", "-f", "jsonl"]
    assert run(["export", f"{root}@{rev}:docs/articles", *formats, "-o", str(tmp_path / "git")], capsys)[0] == 0
    assert run(["export", str(tree / "docs" / "articles"), *formats, "-o", str(tmp_path / "disk")], capsys)[0] == 0
    from_git, from_disk = tree_bytes(tmp_path / "git"), tree_bytes(tmp_path / "disk")
    assert from_git.keys() == from_disk.keys()
    assert any(name.startswith("po/") and "/more/" in name for name in from_git) == (which == 2)
    for name, data in from_disk.items():
        if name != "loctk-manifest.json":  # (it names the command line's inputs)
            expected = data.replace(f"{tree}/".encode(), f"{root}@{rev}:".encode())
            assert from_git[name] == expected, name


def test_an_output_tree_in_the_repository_is_not_read(repo: tuple[Path, str, str]) -> None:
    root, _, second = repo
    files, problems = find_markdown([f"{root}@{second}:docs"])
    assert f"{root}@{second}:docs/articles/more/copy.nl-NL.md" in files
    assert not any("/out/" in name for name in files)
    assert [(p.path, p.code) for p in problems] == [(f"{root}@{second}:docs/articles/out", "P024")]


def test_a_file_named_itself_is_read_whatever_its_name(repo: tuple[Path, str, str]) -> None:
    root, first, _ = repo
    assert find_markdown([f"{root}@{first}:README.md"])[0] == [f"{root}@{first}:README.md"]


def test_unknown_revisions_and_paths_are_usage_errors(repo: tuple[Path, str, str]) -> None:
    root, first, _ = repo
    with pytest.raises(UsageError, match="no revision"):
        find_markdown([f"{root}@no-such-branch"])
    with pytest.raises(UsageError, match="no such file or folder"):
        find_markdown([f"{root}@{first}:docs/more"])  # only in the second commit


def test_a_missing_blob_is_a_located_message_and_the_others_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As in a partial clone that left a blob out: the file is P021, never a traceback."""
    root = tmp_path / "repo"
    root.mkdir()
    for seed in sorted(SEEDS.glob("*.md"))[:2]:
        shutil.copy(seed, root / seed.name)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "two")
    gone = git(root, "rev-parse", "HEAD:close-opportunity.fr-FR.md")
    (root / ".git" / "objects" / gone[:2] / gone[2:]).unlink()
    code, out, err = run(["extract", f"{root}@HEAD"], capsys)
    assert code == 1
    assert f"{root}@HEAD:close-opportunity.fr-FR.md:1:1: error: cannot read:" in err
    assert "[P021]" in err and "Traceback" not in err
    assert out.count("\n") == 8  # the other article's segments


def test_history_reads_each_version_once(repo: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, first, second = repo
    versions = expand_history([f"{root}:docs/articles"], "main")
    assert len(versions) == len(set(versions))
    # 5 seeds at the first commit; at the second the edited French and the old Latvian
    # blob under out/ is the Latvian seed itself (already read); the copy is the Dutch blob.
    assert [v.rpartition(":")[2] for v in versions if v.startswith(f"{root}@{second}")] == [
        "docs/articles/close-opportunity.fr-FR.md"
    ]
    assert sum(v.startswith(f"{root}@{first}") for v in versions) == 5
    code, out, _ = run(["stats", "--history", "main", f"{root}:docs/articles"], capsys)
    assert code == 0
    assert out.splitlines()[-1].split()[:2] == ["total", "6"]


def test_history_wants_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="wants a git repository"):
        expand_history([str(tmp_path)], "main")


def test_git_paths_are_read_only_when_nothing_on_disk_has_the_name(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, _ = repo
    assert git_path(f"{root}@main@{{1}}:docs") == GitPath(str(root), "main@{1}", "docs")
    assert git_path(f"{root}@HEAD") == GitPath(str(root), "HEAD")
    assert git_path(f"{tmp_path}@HEAD") is None  # not a repository
    on_disk = tmp_path / f"{root.name}@HEAD"
    on_disk.mkdir()
    assert git_path(str(on_disk)) is None
    assert git_path(f"{root}@") is None


def test_relative_places_below_the_argument(repo: tuple[Path, str, str]) -> None:
    g = repo[0]
    assert str(relative(f"{g}@r:a/b/c.md", f"{g}@r:a")) == "b/c.md"
    assert str(relative(f"{g}@r:a/b/c.md", f"{g}@r")) == "a/b/c.md"
    assert relative(f"{g}@r:a/b/c.md", f"{g}@r2:a") is None
    assert relative(f"{g}@r:ab/c.md", f"{g}@r:a") is None
    assert relative(f"{g}@r:a/b/c.md", "a") is None


@needs_english_git
@pytest.mark.parametrize("rev", ["0a64714be8d7e461471aaaff99930f84373d39be", "9d20e7738cce195d344f5925a115741a1ce3ca36"])
def test_the_english_repository_reads_as_its_checkout(rev: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The English history of the corpus at the commits of its 2021 snapshots (a partial
    clone: its Markdown blobs are there, images are not, so the checkout is written
    from ``git cat-file`` by revision and path, not through our tree walk)."""
    names = (
        subprocess.run(
            ["git", "--git-dir", str(ENGLISH), "ls-tree", "-r", "-z", "--name-only", rev, "--", "articles"],
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    names = [name for name in names if name.endswith(".md")]
    batch = subprocess.run(
        ["git", "--git-dir", str(ENGLISH), "cat-file", "--batch"],
        input="".join(f"{rev}:{name}\n" for name in names).encode(),
        capture_output=True,
        check=True,
    ).stdout
    tree = tmp_path / "co"
    position = 0
    for name in names:
        header_end = batch.index(b"\n", position)
        size = int(batch[position:header_end].split()[2])
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(batch[header_end + 1 : header_end + 1 + size])
        position = header_end + 2 + size
    assert len(names) > 500
    for command in (["stats"], ["roundtrip"], ["extract"]):
        from_git = run([*command, f"{ENGLISH}@{rev}:articles"], capsys)
        from_disk = run([*command, str(tree / "articles")], capsys)
        assert from_git[0] == from_disk[0]
        assert from_git[1:] == tuple(text.replace(f"{tree}/", f"{ENGLISH}@{rev}:") for text in from_disk[1:])
    assert f"{len(names)} of {len(names)} files identical" in run(["roundtrip", f"{ENGLISH}@{rev}:articles"], capsys)[1]


def test_a_manifest_reads_as_its_paths_on_the_command_line(
    repo: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, first, second = repo
    (tmp_path / "jobs").mkdir()
    shutil.copytree(SEEDS, tmp_path / "seeds")
    lines = ["# the estate", "", "  ../seeds  ", f"{root}@{first}:docs/articles", f"{root}@{second}:docs/articles/more"]
    (tmp_path / "jobs" / "repos.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    listed = run(["extract", "--manifest", str(tmp_path / "jobs" / "repos.txt")], capsys)
    named = [str(tmp_path / "jobs" / "../seeds"), f"{root}@{first}:docs/articles", f"{root}@{second}:docs/articles/more"]
    assert listed == run(["extract", *named], capsys)
    assert listed[0] == 0 and listed[1].count("\n") == 11 * 8  # 11 articles of 8 sentences
    manifest = ["--manifest", str(tmp_path / "jobs" / "repos.txt")]
    twice = run(["stats", str(SEEDS), *manifest, *manifest], capsys)
    assert twice[1].splitlines()[-1].split()[:2] == ["total", "16"]  # each file read once, and the seeds of SEEDS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"# fine\nno-such-folder\n", "repos.txt:2:1: no-such-folder: no such file, folder or GIT_DIR@REV"),
        (b"\xff\xfe\n", "repos.txt: not UTF-8 text"),
        (b"a\x00b\n", "repos.txt:1:1: a NUL character"),
    ],
)
def test_a_bad_manifest_line_is_a_usage_error_at_its_line(
    content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "repos.txt").write_bytes(content)
    code, out, err = run(["stats", "--manifest", str(tmp_path / "repos.txt")], capsys)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


def test_paths_come_from_the_command_line_or_a_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats"], capsys) == (2, "", "loctk: error: stats needs at least one PATH (or --manifest FILE)\n")
    assert run(["stats", "--manifest", str(tmp_path / "absent.txt")], capsys)[0] == 2
    (tmp_path / "repos.txt").write_text(f"{SEEDS}\n", encoding="utf-8")
    code, _, err = run(["build", "--manifest", str(tmp_path / "repos.txt"), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "--manifest is for the commands that take PATHs" in err
    assert not (tmp_path / "out").exists()
