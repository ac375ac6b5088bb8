"""Read, align, export and check Microsoft Docs bilingual ("sxs") Markdown articles."""

from toolkit.errors import InputError, ToolkitError, UsageError
from toolkit.model import Article, Block, BlockKind, Code, CodeKind, Diagnostic, Inline, Segment, Severity, Syntax
from toolkit.sxs import parse_article, read_article, with_target, write_bytes, write_text

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "BlockKind",
    "Code",
    "CodeKind",
    "Diagnostic",
    "Inline",
    "InputError",
    "Segment",
    "Severity",
    "Syntax",
    "ToolkitError",
    "UsageError",
    "__version__",
    "parse_article",
    "read_article",
    "with_target",
    "write_bytes",
    "write_text",
]
