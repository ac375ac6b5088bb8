"""OmegaT, a translator's CAT tool, translates a seed article's English from our TMX alone."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS

from toolkit.export import EXPORTERS, Options
from toolkit.sxs import read_article

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>en-US</source_lang>
    <target_lang>fr-FR</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


@pytest.mark.skipif(shutil.which("omegat") is None, reason="the omegat command is absent (Debian package omegat)")
def test_omegat_translates_every_sentence_from_our_tmx(tmp_path: Path) -> None:
    article = read_article(SEEDS / "close-opportunity.fr-FR.md")
    project = tmp_path / "project"
    for folder in ("omegat", "source", "target", "tm/auto", "glossary", "dictionary"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (written,) = EXPORTERS["tmx"]([article], tmp_path / "export", Options()).files
    shutil.copy(written, project / "tm" / "auto" / written.name)
    # one sentence a paragraph: OmegaT's text filter makes each a segment
    (project / "source" / "sentences.txt").write_text("".join(s.source.text + "\n\n" for s in article.segments), encoding="utf-8")
    result = subprocess.run(
        ["omegat", "--mode=console-translate", f"--config-dir={tmp_path / 'config'}", "--quiet", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (project / "target" / "sentences.txt").read_text(encoding="utf-8").split("\n\n")
    plain = [(s, line) for s, line in zip(article.segments, lines, strict=False) if not s.source.codes]
    marked = [(s, line) for s, line in zip(article.segments, lines, strict=False) if s.source.codes]
    assert len(plain) == 5 and len(marked) == 3
    assert [line for _, line in plain] == [s.target.text for s, _ in plain]
    # OmegaT 3.6 matches the marked-up sentences too, giving their translations without the markup
    assert sum(line == s.target.text for s, line in marked) == 3
